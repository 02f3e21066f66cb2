// Wait estimates from the frames' `eta` (docs/protocol.md): the same formula and rounding as the
// server's (server/core/estimate.cpp), so a page shows the wait the server quotes. Pure: `now` is
// passed in (the server's clock, TentClient.now()).
//
// eta = {at, slots_s: [...], turnover_s, walk_s, session_s}: seconds to the millisecond, measured
// from `at`. The runner at position p is called at the p-th smallest of { slot + k * turnover }.
// At now = eta.at the result is the server's `estimated_wait_s`; later, until the next frame
// brings a new eta, it counts down by the time elapsed (tests/web/wait-estimate.test.mjs).

// Whole milliseconds from the view's seconds (a double that rounds back to the server's ms).
const ms = (s) => Math.round(s * 1000);

// Ms after eta.at until the runner at `position` (1-based) is called; null when no table is open.
export function waitMsFromEta(eta, position) {
  if (!eta || !eta.slots_s.length || position < 1) return null;
  const slots = eta.slots_s.map(ms);
  const turnover = ms(eta.turnover_s);
  // Every slot within one turnover (the server always builds them so): the calls come in rounds,
  // round k being { slot + k * turnover } in slot order, so the p-th is found at once.
  const m = slots.length;
  const inRounds = slots[0] >= 0 && slots[m - 1] <= turnover && slots.every((s, i) => i === 0 || slots[i - 1] <= s);
  if (inRounds) return slots[(position - 1) % m] + Math.floor((position - 1) / m) * turnover;
  // Otherwise the definition itself: each call takes the earliest table, which comes round again a turnover later.
  let t = 0;
  for (let i = 0; i < position; i++) {
    let k = 0;
    for (let j = 1; j < m; j++) if (slots[j] < slots[k]) k = j;
    t = slots[k];
    slots[k] += turnover;
  }
  return t;
}

// Whole seconds, rounded up as the server quotes them, until the runner at `position` is called
// (0 when overdue), or null when no table is open.
export function waitFromEta(eta, position, now) {
  const wait = waitMsFromEta(eta, position);
  if (wait == null) return null;
  const elapsed = Math.max(0, now - eta.at);
  return Math.ceil(Math.max(0, wait - elapsed) / 1000);
}

// Seconds a runner checking in now would wait (they join at the end of the line), or null.
export function newArrivalWait(state, now) {
  return waitFromEta(state.eta, state.queue.length + 1, now);
}

// True when a closing time is set and a runner checking in now could not be served before it:
// the server's own rule for refusing a kiosk check-in (`line_closed`): called, walked over and
// done with the session by closing time. No open table means no service either.
export function lineClosed(state, now) {
  const closing = state.settings?.closing_at;
  if (!closing) return false;
  const eta = state.eta;
  const wait = waitMsFromEta(eta, state.queue.length + 1);
  if (wait == null) return true;
  const elapsed = Math.max(0, now - eta.at);
  return now + Math.max(0, wait - elapsed) + ms(eta.walk_s) + ms(eta.session_s) > closing;
}
