#pragma once
// Times for people and spreadsheets: ISO 8601 local time with its UTC offset
// ("2026-10-04T09:31:07+02:00"). The formatter is pure (the offset is given); the machine's
// zone is asked separately, per instant, so a change to or from summer time is right.

#include "core/types.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace tent::app {

// Seconds east of UTC in force at an instant (+7200 for CEST).
using UtcOffset = std::function<std::int32_t(Millis)>;

// `t` (ms since the epoch, UTC) as local time at `offset_s`, to the second (milliseconds are dropped).
std::string iso_local(Millis t, std::int32_t offset_s);

// The same instant for a file name that sorts by time: "20261004-093107".
std::string file_stamp(Millis t, std::int32_t offset_s);

// Now, from the system clock: milliseconds since the epoch, UTC.
Millis wall_clock();

// The server machine's offset at `t`, from its time zone (the TZ environment variable or the system's).
std::int32_t machine_offset_s(Millis t);

}  // namespace tent::app
