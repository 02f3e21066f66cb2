#include "app/policy.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace tent::app {

namespace {

using auth::Role;
using Kind = Permission::Kind;

constexpr std::array table = {
    // Runners at the kiosk.
    Permission{"checkin", Kind::op, Role::kiosk},
    Permission{"leave", Kind::op, Role::kiosk},
    // Volunteers: the queue, the tables, referrals.
    Permission{"add_runner", Kind::op, Role::volunteer},
    Permission{"remove", Kind::op, Role::volunteer},
    Permission{"priority", Kind::op, Role::volunteer},
    Permission{"move", Kind::op, Role::volunteer},
    Permission{"table_create", Kind::op, Role::volunteer},
    Permission{"table_rename", Kind::op, Role::volunteer},
    Permission{"therapist", Kind::op, Role::volunteer},
    Permission{"open", Kind::op, Role::volunteer},
    Permission{"close", Kind::op, Role::volunteer},
    Permission{"break", Kind::op, Role::volunteer},
    Permission{"resume", Kind::op, Role::volunteer},
    Permission{"ready", Kind::op, Role::volunteer},
    Permission{"call", Kind::op, Role::volunteer},
    Permission{"recall", Kind::op, Role::volunteer},
    Permission{"arrived", Kind::op, Role::volunteer},
    Permission{"finish", Kind::op, Role::volunteer},
    Permission{"no_show", Kind::op, Role::volunteer},
    Permission{"undo", Kind::op, Role::volunteer},
    Permission{"ack_referral", Kind::op, Role::volunteer},
    Permission{"clear_referral", Kind::op, Role::volunteer},
    Permission{"record", Kind::op, Role::volunteer},
    // Runners' own pages: the answer after the session (the status key is the check, not a role).
    Permission{"feedback", Kind::op, Role::display},
    // The organiser: the event itself.
    Permission{"settings", Kind::op, Role::organiser},
    Permission{"roster", Kind::op, Role::organiser},
    Permission{"announce", Kind::op, Role::organiser},
    Permission{"tent_create", Kind::op, Role::organiser},
    Permission{"tents", Kind::answer, Role::organiser},
    // REST answers. Reads are public; staff get the staff view where there is one.
    Permission{"health", Kind::answer, Role::display},
    Permission{"home", Kind::answer, Role::display},
    Permission{"state", Kind::answer, Role::display},
    Permission{"ticket", Kind::answer, Role::display},
    Permission{"settings", Kind::answer, Role::display},
    Permission{"languages", Kind::answer, Role::display},
    Permission{"stats", Kind::answer, Role::organiser},
    Permission{"export", Kind::answer, Role::organiser},
    Permission{"plan", Kind::answer, Role::organiser},
    Permission{"hours", Kind::answer, Role::organiser},
    Permission{"backups", Kind::answer, Role::organiser},
    Permission{"addresses", Kind::answer, Role::organiser},
    Permission{"metrics", Kind::answer, Role::organiser},
    Permission{"replication", Kind::answer, Role::organiser},
    Permission{"kiosk_key", Kind::answer, Role::organiser},
};

}  // namespace

std::span<Permission const> permissions() { return table; }

std::optional<Role> least_role(Kind kind, std::string_view name) {
  auto const it =
      std::find_if(table.begin(), table.end(), [&](Permission const& p) { return p.kind == kind && p.name == name; });
  if (it == table.end()) return std::nullopt;
  return it->least;
}

bool is_staff(Role role) { return auth::allows(role, Role::volunteer); }

Audience audience_of(Role role) { return is_staff(role) ? Audience::staff : Audience::public_; }

std::optional<protocol::WireError> refusal(Role have, Role need) {
  if (auth::allows(have, need)) return std::nullopt;
  std::string const who(auth::to_string(need));
  if (!is_staff(have) && need == Role::kiosk)
    return protocol::WireError{401, "unauthorized", "This kiosk needs the kiosk key."};
  if (!is_staff(have)) return protocol::WireError{401, "unauthorized", "This needs the " + who + " PIN."};
  return protocol::WireError{403, "forbidden", "This needs the " + who + " PIN; yours does not allow it."};
}

}  // namespace tent::app
