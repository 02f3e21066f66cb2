#pragma once
// A Prometheus-style histogram as plain counts: fixed upper bounds, how many observations fell at or
// below each (not cumulative here: the text writer adds them up), the overflow above the last bound,
// their sum and count. Pure: no clock, no I/O.

#include <cstdint>
#include <span>
#include <vector>

namespace tent::app {

class Histogram {
public:
  // `bounds` ascending; throws std::invalid_argument when they are not strictly so.
  explicit Histogram(std::vector<double> bounds);

  void observe(double value);

  std::span<double const> bounds() const { return bounds_; }
  // One count per bound (observations in (previous bound, bound]), then the overflow (+Inf).
  std::span<std::uint64_t const> counts() const { return counts_; }
  double sum() const { return sum_; }
  std::uint64_t count() const { return count_; }

private:
  std::vector<double> bounds_;
  std::vector<std::uint64_t> counts_;
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace tent::app
