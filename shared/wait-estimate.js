// Wait estimates from the frames' `eta` (docs/protocol.md): pure, `now` is passed in (the
// server's clock, TentClient.now()).
//
// eta = {at, slots_s: [...], turnover_s, walk_s, session_s}, measured from `at`. The runner at
// position p is called at the p-th smallest of { slot + k * turnover }.

// Seconds until the runner at `position` (1-based) is called, or null when no table is open.
export function waitFromEta(eta, position, now) {
  if (!eta || !eta.slots_s.length || position < 1) return null;
  const elapsed = Math.max(0, (now - eta.at) / 1000);
  const next = [...eta.slots_s];
  let t = 0;
  for (let i = 0; i < position; i++) {
    let k = 0;
    for (let j = 1; j < next.length; j++) if (next[j] < next[k]) k = j;
    t = next[k];
    next[k] += Math.max(eta.turnover_s, 1);
  }
  return Math.max(0, Math.round(t - elapsed));
}

// Seconds a runner checking in now would wait (they join at the end of the line), or null.
export function newArrivalWait(state, now) {
  return waitFromEta(state.eta, state.queue.length + 1, now);
}

// True when a closing time is set and a runner checking in now could not be served before it.
export function lineClosed(state, now) {
  const closing = state.settings?.closing_at;
  if (!closing) return false;
  const wait = newArrivalWait(state, now);
  const eta = state.eta;
  if (wait == null || !eta) return true;
  return now + (wait + eta.walk_s + eta.session_s) * 1000 > closing;
}
