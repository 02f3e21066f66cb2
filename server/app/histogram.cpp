#include "app/histogram.hpp"

#include <algorithm>
#include <stdexcept>

namespace tent::app {

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {
  if (std::adjacent_find(bounds_.begin(), bounds_.end(), [](double a, double b) { return a >= b; }) != bounds_.end())
    throw std::invalid_argument("histogram bounds must be strictly ascending");
}

void Histogram::observe(double value) {
  // The first bound at or above the value: Prometheus's buckets are "less than or equal".
  auto const at = std::lower_bound(bounds_.begin(), bounds_.end(), value);
  ++counts_[static_cast<std::size_t>(at - bounds_.begin())];
  sum_ += value;
  ++count_;
}

}  // namespace tent::app
