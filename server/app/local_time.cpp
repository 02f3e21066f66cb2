#include "app/local_time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace tent::app {
namespace {

// Floor division, so instants before 1970 and negative offsets land on the right day.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

struct Civil {
  std::int64_t year;
  unsigned month, day;
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
constexpr Civil civil_from_days(std::int64_t z) {
  z += 719468;
  std::int64_t const era = floor_div(z, 146097);
  auto const doe = static_cast<unsigned>(z - era * 146097);
  unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned const mp = (5 * doy + 2) / 153;
  unsigned const d = doy - (153 * mp + 2) / 5 + 1;
  unsigned const m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

}  // namespace

Millis wall_clock() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string file_stamp(Millis t, std::int32_t offset_s) {
  auto const iso = iso_local(t, offset_s);  // 2026-10-04T09:31:07+02:00
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "-" + iso.substr(11, 2) + iso.substr(14, 2) +
         iso.substr(17, 2);
}

std::string iso_local(Millis t, std::int32_t offset_s) {
  std::int64_t const local = floor_div(t, 1000) + offset_s;
  std::int64_t const days = floor_div(local, 86400);
  std::int64_t const secs = local - days * 86400;
  auto const c = civil_from_days(days);
  std::int32_t const off = offset_s < 0 ? -offset_s : offset_s;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<long long>(c.year), c.month,
                c.day, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                offset_s < 0 ? '-' : '+', off / 3600, off / 60 % 60);
  return buf;
}

std::int32_t machine_offset_s(Millis t) {
  std::time_t const s = static_cast<std::time_t>(floor_div(t, 1000));
  std::tm tm{};
  if (localtime_r(&s, &tm) == nullptr) return 0;
  return static_cast<std::int32_t>(tm.tm_gmtoff);
}

}  // namespace tent::app
