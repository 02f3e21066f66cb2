#pragma once
// Who may do what: the least role each op and each direct REST answer needs, in one table. The
// dispatcher consults it for every op, whichever way the op came (REST, WebSocket, command line);
// the REST routes consult it for the answers they give themselves (stats, export, the kiosk key…)
// and, before reading a body, for the op a route runs. The decoder (protocol/) only decodes.
//
// Roles rank organiser > volunteer > kiosk > display (auth::allows). Staff are volunteers and
// organisers: they get the staff view of the tent; everyone else is the public, and is asked for a
// secret (401) rather than told theirs is too low (403).

#include "app/views.hpp"
#include "auth/pin.hpp"
#include "protocol/errors.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace tent::app {

struct Permission {
  enum class Kind { op, answer };
  std::string_view name;  // the op ("checkin"), or the REST answer ("stats")
  Kind kind;
  auth::Role least;  // the least role allowed
};

// Every op (the same set as protocol::ops()) and every REST answer, ops first.
std::span<Permission const> permissions();

// The least role for an op, or for a REST answer; nullopt when there is no such op or answer.
std::optional<auth::Role> least_role(Permission::Kind kind, std::string_view name);

// Volunteers and organisers: the staff audience.
bool is_staff(auth::Role role);
Audience audience_of(auth::Role role);

// nullopt when `have` allows what needs `need`. Otherwise the refusal: 401 asks a caller who is not
// staff for the PIN (or for the kiosk key, when the kiosk role is what is missing); 403 tells a
// signed-in one that their PIN does not allow it.
std::optional<protocol::WireError> refusal(auth::Role have, auth::Role need);

}  // namespace tent::app
