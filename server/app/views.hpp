#pragma once
// JSON views of the tent for clients. Two audiences: the public (display screens, runners'
// phones: bibs, tables, positions; never a person's name or medical answers) and staff
// (volunteers and organisers: therapists, runners' names from the roster, categories, areas).

#include <nlohmann/json.hpp>

#include "core/estimate.hpp"
#include "core/stats.hpp"
#include "core/tent.hpp"

namespace tent::app {

enum class Audience { public_, staff };

nlohmann::json table_view(Table const& t, Audience audience);
nlohmann::json queue_entry_view(Tent const& tent, Bib const& bib, Audience audience);
nlohmann::json eta_view(Eta const& eta);
nlohmann::json settings_view(Settings const& s, Audience audience);
// A runner's ticket: status, position and estimated wait, the table when called.
nlohmann::json ticket_view(Tent const& tent, Ticket const& ticket, Eta const& eta, Audience audience);
// The whole state a client starts from; `seq` is the last batch it reflects.
nlohmann::json snapshot_view(Tent const& tent, std::int64_t seq, Millis now, Audience audience);
nlohmann::json stats_view(Stats const& stats);
// One line per session served or in progress (and per runner who never got one), for the organiser.
std::string sessions_csv(Tent const& tent);

}  // namespace tent::app
