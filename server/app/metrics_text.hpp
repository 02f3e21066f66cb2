#pragma once
// The Prometheus text exposition format, version 0.0.4 (what GET /metrics answers): families of
// counters, gauges and histograms, each with its "# HELP" and "# TYPE" line once, then its samples.
// The writer refuses, with std::logic_error, what would make an invalid or ambiguous exposition:
// a bad metric or label name, a family declared twice, a counter not named "..._total", a sample
// before any family or of the wrong kind, a histogram labelled "le", and the same series twice.

#include "app/histogram.hpp"

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tent::app {

inline constexpr std::string_view metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

class MetricsText {
public:
  enum class Type { counter, gauge, histogram };
  using Labels = std::vector<std::pair<std::string, std::string>>;

  // Starts a family: its HELP (backslashes and newlines escaped) and TYPE lines.
  void family(std::string_view name, Type type, std::string_view help);
  // A sample of the current counter or gauge family.
  void value(double v, Labels const& labels = {});
  // The current histogram family's series: cumulative _bucket{le=...} lines ending in le="+Inf"
  // (equal to _count), then _sum and _count.
  void histogram(Histogram const& h, Labels const& labels = {});

  std::string const& text() const { return text_; }

  // A label value as the format quotes it: \ " and newline escaped.
  static std::string escape_label_value(std::string_view v);
  // A sample value: the shortest text that reads back as the same double; NaN, +Inf, -Inf.
  static std::string number(double v);

private:
  void line(std::string_view name, Labels const& labels, double v);

  std::string text_;
  std::string current_;  // the family samples go to
  Type type_ = Type::gauge;
  std::set<std::string> families_;
  std::set<std::string> series_;  // name{sorted labels}: each written once
};

}  // namespace tent::app
