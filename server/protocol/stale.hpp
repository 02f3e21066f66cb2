#pragma once
// The 409 `stale` refusal, phrased from what actually changed since the client looked, so that
// a volunteer reads why nothing happened ("Table 3 already finished: someone else got there
// first.") rather than a generic conflict. The body's current table or ticket is added by the
// dispatcher.

#include "core/expect.hpp"
#include "core/tent.hpp"
#include "protocol/errors.hpp"

namespace tent::protocol {

// A table op whose table is no longer as `seen`.
WireError stale_table(Table const& now, Expectation const& seen);

// A queue op whose runner is no longer at the place `seen`.
WireError stale_ticket(Tent const& tent, Ticket const& now, Expectation const& seen);

}  // namespace tent::protocol
