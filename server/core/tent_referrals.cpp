// The tent's part in medical referrals: deciding acknowledge and clear, and recording each
// referral (at the kiosk's triage, or from a table) as its own record in Referrals.

#include "core/overloaded.hpp"
#include "core/tent.hpp"

namespace tent {

Decision Tent::decide_referral(Command const& command) const {
  auto const check = [&](Bib const& bib) -> Error {
    if (!ticket(bib)) return Error::unknown_bib;
    return referrals_.open(bib) ? Error::none : Error::not_referred;
  };
  Decision d;
  std::visit(overloaded{
                 [&](cmd::AckReferral const& c) {
                   d.error = check(c.bib);
                   // A second acknowledgement (two volunteers at once) is fine and changes nothing.
                   if (d.ok() && referrals_.open(c.bib)->acknowledged_at == 0)
                     d.events.push_back(ev::ReferralAcknowledged{c.bib, c.by});
                 },
                 [&](cmd::ClearReferral const& c) {
                   d.error = check(c.bib);
                   if (d.ok()) d.events.push_back(ev::ReferralCleared{c.bib, c.by});
                 },
                 [&](auto const&) { d.error = Error::not_referred; },
             },
             command);
  return d;
}

void Tent::refer_at_kiosk(ev::Referred const& e, Millis at) {
  Referral r;
  r.bib = e.bib;
  r.from = Referral::From::kiosk;
  r.at = at;
  r.red_flags = e.red_flags;
  r.checked_in_at = at;
  if (auto const* entry = roster_entry(e.bib)) r.category = entry->category;
  referrals_.add(std::move(r));
}

void Tent::refer_from_table(Table const& t, Ticket& runner, Millis at) {
  runner.status = TicketStatus::referred;
  ++history_.referrals;
  Referral r;
  r.bib = runner.bib;
  r.from = Referral::From::table;
  r.at = at;
  r.category = runner.category;
  r.areas = runner.areas;
  r.checked_in_at = runner.checked_in_at;
  r.called_at = runner.first_called_at;
  r.started_at = runner.started_at;
  r.excluded_ms = runner.excluded_ms;
  r.quoted_wait_s = runner.quoted_wait_s;
  r.table = t.id;
  r.therapist = t.therapist;
  referrals_.add(std::move(r));
}

}  // namespace tent
