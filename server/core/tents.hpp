#pragma once
// The event's tents. Big races run more than one massage area ("Finish A", "Family area"); each is a
// Tent of its own (queue, tables, settings, roster, history), and one rule spans them: a bib waits at
// one tent at a time. A check-in that one tent would take is refused (Error::waiting_elsewhere) while
// the bib is waiting, called or on a table at another.
//
// Every event has the first tent, id "" (the only one of a database made before there were several);
// another tent exists from its first batch on, which create() decides. Each tent counts the batches
// applied to it: its seq, which numbers its own frames (1, 2, 3... without gaps, whatever the other
// tents do); the first tent's seq is the log's while it is the only one.

#include "core/commands.hpp"
#include "core/expect.hpp"
#include "core/tent.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tent {

using TentId = std::string;

inline constexpr std::size_t max_tent_id_length = 32;
inline constexpr std::size_t max_tents = 16;

// 1 to max_tent_id_length of a-z, 0-9 and '-', the first a letter or digit (it is a URL segment).
bool valid_tent_id(std::string_view id);

class Tents {
public:
  struct Entry {
    Tent tent;
    std::int64_t seq = 0;  // batches applied to this tent
  };

  Tents();

  Tent const* find(TentId const& id) const;
  std::int64_t seq(TentId const& id) const;
  // Every tent by id: the first tent ("") first.
  std::map<TentId, Entry> const& all() const { return tents_; }
  Tent const& first() const { return tents_.at(TentId{}).tent; }

  // The tent's own decision (with its expectation check, core/expect.hpp), then the rule between
  // tents. The tent must exist.
  Decision decide(TentId const& id, Command const& command, Millis now,
                  std::optional<Expectation> const& expect = std::nullopt) const;
  // A new tent's first batch: the first tent's settings under the new name, and its roster. Refuses
  // invalid_tent_id, invalid_name, tent_exists and too_many_tents.
  Decision create(TentId const& id, std::string const& name) const;
  // Applies a batch to its tent, creating the tent if it is new; returns it.
  Tent& apply(TentId const& id, Batch const& batch);

  // The other tent where the bib is waiting, called or on a table, if any.
  std::optional<TentId> elsewhere(TentId const& here, Bib const& bib) const;

  // Restores the tents, every one already rebuilt (a snapshot); the first tent is added if missing.
  static Tents restore(std::map<TentId, Entry> tents);

private:
  std::map<TentId, Entry> tents_;
};

}  // namespace tent
