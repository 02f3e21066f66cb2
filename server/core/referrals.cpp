#include "core/referrals.hpp"

#include <algorithm>
#include <stdexcept>

namespace tent {

Referrals::Referrals(std::vector<Referral> records, Latest latest, Unacknowledged unacknowledged)
    : records_(std::move(records)), latest_(std::move(latest)), unacknowledged_(std::move(unacknowledged)) {
  for (auto const& [bib, i] : latest_)
    if (i >= records_.size() || records_[i].bib != bib) throw std::out_of_range("referral index out of range");
  for (auto i : unacknowledged_)
    if (i >= records_.size()) throw std::out_of_range("referral index out of range");
}

void Referrals::add(Referral r) {
  auto const index = records_.size();
  latest_[r.bib] = index;
  records_.push_back(std::move(r));
  unacknowledged_.insert(index);
}

Referral* Referrals::latest(Bib const& bib) {
  auto it = latest_.find(bib);
  return it == latest_.end() ? nullptr : &records_[it->second];
}

Referral const* Referrals::latest(Bib const& bib) const {
  auto it = latest_.find(bib);
  return it == latest_.end() ? nullptr : &records_[it->second];
}

void Referrals::acknowledge(Bib const& bib, Millis at, std::string by) {
  auto* r = latest(bib);
  if (!r || !r->open() || r->acknowledged_at != 0) return;
  r->acknowledged_at = at;
  r->acknowledged_by = std::move(by);
  unacknowledged_.erase(latest_.at(bib));
}

void Referrals::clear(Bib const& bib, Millis at, std::string by) {
  auto* r = latest(bib);
  if (!r || !r->open()) return;
  r->cleared_at = at;
  r->cleared_by = std::move(by);
  unacknowledged_.erase(latest_.at(bib));
}

void Referrals::withdraw(Bib const& bib) {
  auto it = latest_.find(bib);
  if (it == latest_.end()) return;
  auto const index = it->second;
  records_[index].withdrawn = true;
  unacknowledged_.erase(index);
  // The bib's previous referral, if any, is its latest again (rare: a linear search is fine).
  for (auto i = index; i-- > 0;) {
    if (records_[i].bib == bib && !records_[i].withdrawn) {
      it->second = i;
      return;
    }
  }
  latest_.erase(it);
}

Referral const* Referrals::open(Bib const& bib) const {
  auto it = latest_.find(bib);
  if (it == latest_.end()) return nullptr;
  auto const& r = records_[it->second];
  return r.open() ? &r : nullptr;
}

std::vector<Referral const*> Referrals::unacknowledged() const {
  std::vector<Referral const*> out;
  out.reserve(unacknowledged_.size());
  for (auto i : unacknowledged_) out.push_back(&records_[i]);
  return out;
}

std::int32_t Referrals::count(Referral::From from) const {
  return static_cast<std::int32_t>(std::count_if(records_.begin(), records_.end(),
                                                 [from](Referral const& r) { return r.from == from && !r.withdrawn; }));
}

}  // namespace tent
