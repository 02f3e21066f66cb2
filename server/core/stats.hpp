#pragma once
// Organisers' figures, computed on demand from the tent's history (pure: explicit `now`).

#include "core/limits.hpp"
#include "core/tent.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tent {

struct Distribution {
  std::int32_t count = 0;
  Millis p50 = 0, p90 = 0, max = 0;  // nearest-rank percentiles; all 0 without samples
};

// Runners' answers after their sessions (Ticket::feedback): how many gave each face.
struct Answers {
  std::array<std::int32_t, feedback_scale> legs{};  // legs[0]: very sore .. legs[4]: great
  std::int32_t count() const;
  double mean() const;  // 0 without answers
  // A face outside 1..feedback_scale (which decide never takes) is not counted.
  void add(std::int32_t face) {
    if (face >= 1 && face <= feedback_scale) ++legs[static_cast<std::size_t>(face - 1)];
  }
};

struct Stats {
  Millis at = 0;
  std::int32_t checked_in = 0, waiting = 0, called = 0, in_session = 0, served = 0;
  std::int32_t no_shows = 0, walkouts = 0, removed = 0, referrals = 0;
  std::int32_t referrals_kiosk = 0, referrals_table = 0;  // red-flag triage; "sent to medical" from a table
  Distribution wait, walk, session, changeover;
  // How close quotes came to the actual wait to the first call: median |actual - quoted| and the
  // median of actual / quoted (1.0 = spot on; above 1 = runners waited longer than told).
  struct Quotes {
    std::int32_t count = 0;
    Millis median_error = 0;
    double median_ratio = 0;
    Millis mean_bias = 0;  // mean of actual - quoted: above 0, quotes were short (runners waited longer)
  } quotes;
  struct Bucket {
    Millis start = 0;
    std::int32_t value = 0;
  };
  std::vector<Bucket> throughput;    // sessions finished per 15 minutes
  std::vector<Bucket> arrivals;      // runners who joined the line per 15 minutes
  std::vector<Bucket> queue_length;  // the longest queue in each 15 minutes
  struct PerTable {
    TableId id = 0;
    std::string name, therapist;
    std::int32_t served = 0;
    double utilisation = 0;
  };
  std::vector<PerTable> tables;  // utilisation = time in session / time open
  struct PerTherapist {
    std::string name;
    std::int32_t served = 0;
    Millis busy = 0;
    Millis on_shift = 0;     // their shifts' time (the one going on up to now)
    double utilisation = 0;  // busy over on_shift (0 without a shift)
    Answers feedback;        // from the runners they served
  };
  std::vector<PerTherapist> therapists;
  std::optional<Millis> projected_clear_at;  // when the last runner now waiting should be done
  // The answers of each runner's latest visit, and per 15 minutes of when the session finished.
  struct Feedback {
    Answers all;
    std::int32_t come_back_yes = 0, come_back_no = 0;
    struct Bucket {
      Millis start = 0;
      Answers answers;
    };
    std::vector<Bucket> by_time;
  } feedback;
};

inline constexpr Millis bucket_width = seconds(15 * 60);

Distribution distribution(std::vector<Millis> samples);
// The name a therapist is counted under, case aside ("Ann Lee" and "ann lee", "ZOË" and "zoë" are one person,
// as the one-table rule compares them): statistics and the hours group by it.
std::string therapist_key(std::string_view name);
Stats compute_stats(Tent const& tent, Millis now);

}  // namespace tent
