#include "app/metrics_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace tent::app {

namespace {

bool name_char(char c, bool first, bool colon) {
  bool const letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  return letter || (!first && c >= '0' && c <= '9');
}

// [a-zA-Z_:][a-zA-Z0-9_:]* for metrics; labels the same without ':' and not starting "__".
bool valid_name(std::string_view s, bool metric) {
  if (s.empty() || (!metric && s.substr(0, 2) == "__")) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!name_char(s[i], i == 0, metric)) return false;
  return true;
}

std::string_view type_name(MetricsText::Type t) {
  switch (t) {
    case MetricsText::Type::counter:
      return "counter";
    case MetricsText::Type::gauge:
      return "gauge";
    case MetricsText::Type::histogram:
      return "histogram";
  }
  return "untyped";
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

std::string MetricsText::escape_label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string MetricsText::number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  auto const [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

void MetricsText::family(std::string_view name, Type type, std::string_view help) {
  if (!valid_name(name, true)) throw std::logic_error("metrics: invalid metric name " + std::string(name));
  if (type == Type::counter && !ends_with(name, "_total"))
    throw std::logic_error("metrics: a counter's name ends in _total: " + std::string(name));
  if (!families_.insert(std::string(name)).second)
    throw std::logic_error("metrics: family declared twice: " + std::string(name));
  current_ = name;
  type_ = type;
  std::string escaped;
  for (char c : help) escaped += c == '\\' ? "\\\\" : c == '\n' ? "\\n" : std::string(1, c);
  text_ += "# HELP " + current_ + ' ' + escaped + '\n';
  text_ += "# TYPE " + current_ + ' ' + std::string(type_name(type)) + '\n';
}

void MetricsText::value(double v, Labels const& labels) {
  if (current_.empty() || type_ == Type::histogram)
    throw std::logic_error("metrics: a value needs a counter or gauge family");
  line(current_, labels, v);
}

void MetricsText::histogram(Histogram const& h, Labels const& labels) {
  if (current_.empty() || type_ != Type::histogram) throw std::logic_error("metrics: not a histogram family");
  for (auto const& [name, value] : labels)
    if (name == "le") throw std::logic_error("metrics: a histogram's own label is le");
  auto const bounds = h.bounds();
  auto const counts = h.counts();
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += counts[i];
    auto with_le = labels;
    with_le.emplace_back("le", i < bounds.size() ? number(bounds[i]) : "+Inf");
    line(current_ + "_bucket", with_le, static_cast<double>(cumulative));
  }
  line(current_ + "_sum", labels, h.sum());
  line(current_ + "_count", labels, static_cast<double>(h.count()));
}

void MetricsText::line(std::string_view name, Labels const& labels, double v) {
  std::string rendered;
  for (auto const& [label, value] : labels) {
    if (!valid_name(label, false)) throw std::logic_error("metrics: invalid label name " + label);
    rendered += rendered.empty() ? "{" : ",";
    rendered += label + "=\"" + escape_label_value(value) + '"';
  }
  if (!rendered.empty()) rendered += '}';
  auto sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  std::string key(name);
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i].first == sorted[i - 1].first)
      throw std::logic_error("metrics: label given twice: " + sorted[i].first);
    key += '\0' + sorted[i].first + '\0' + sorted[i].second;
  }
  if (!series_.insert(key).second)
    throw std::logic_error("metrics: series written twice: " + std::string(name) + rendered);
  text_.append(name);
  text_ += rendered + ' ' + number(v) + '\n';
}

}  // namespace tent::app
