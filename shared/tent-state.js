// The tent as a client follows it over /ws: a snapshot, then one update frame per committed batch
// (docs/protocol.md, "WebSocket /ws"). Pure: no DOM, no socket, no clock. `reduce(state, frame)`
// returns the next state and never changes the one it was given; parts a frame leaves alone (the
// tables when it touched none, the queue without queue ops) are shared with the previous state,
// so a frame costs what it changed (plus one copy of the queue when it has queue ops).
//
// State: {seq, at, audience, settings, announcement, announcement_translations (code -> text), tables: Map(id -> table view), queue: [entry],
//         eta, rosterSize (staff), referrals (staff: open, unacknowledged)}. seq is null before
// the first snapshot. Checked against the server's own frames and snapshots by
// tests/web/tent-state.test.mjs.

export function emptyState() {
  return { seq: null, at: 0, audience: 'public', settings: {}, limits: null, announcement: '', announcement_translations: {}, tables: new Map(), queue: [], eta: null, referrals: [] };
}

// The state a snapshot frame describes.
export function fromSnapshot(f) {
  return {
    seq: f.seq,
    at: f.at,
    audience: f.audience,
    settings: f.settings,
    limits: f.limits ?? null,  // the server's limits (docs/protocol.md, Limits); only snapshots carry them
    announcement: f.announcement ?? '',
    announcement_translations: f.announcement_translations ?? {},
    tables: new Map(f.tables.map((t) => [t.id, t])),
    queue: f.queue,
    eta: f.eta,
    rosterSize: f.roster_size,
    referrals: f.referrals ?? [],
  };
}

// How an update frame relates to the state: 'next' (apply it), 'old' (already applied: ignore it)
// or 'gap' (frames are missing in between, or there is no snapshot yet: catch up with ?since=).
export function updateFits(state, f) {
  if (state.seq == null) return 'gap';
  if (f.seq === state.seq + 1) return 'next';
  return f.seq <= state.seq ? 'old' : 'gap';
}

// The state after one update frame; `f` must be the next one (updateFits(state, f) === 'next').
export function applyUpdate(s, f) {
  const next = { ...s, seq: f.seq, at: f.at };
  if (f.tables?.length) {
    next.tables = new Map(s.tables);
    for (const t of f.tables) next.tables.set(t.id, t);
  }
  if (f.queue?.length) next.queue = applyQueueOps(s.queue, f.queue);
  for (const e of f.events ?? []) if (e.type === 'roster_loaded' && e.count !== undefined) next.rosterSize = e.count;
  if (f.eta) next.eta = f.eta;
  if (f.settings) next.settings = f.settings;
  if (f.announcement !== undefined) {
    next.announcement = f.announcement;
    next.announcement_translations = f.announcement_translations ?? {};
  }
  if (f.referrals) next.referrals = f.referrals;
  return next;
}

// ["del", bib] removes the runner, ["ins", index, entry] inserts at a 0-based place, in order.
function applyQueueOps(queue, ops) {
  const out = queue.slice();
  for (const op of ops) {
    if (op[0] === 'del') {
      const i = out.findIndex((e) => e.bib === op[1]);
      if (i >= 0) out.splice(i, 1);
    } else if (op[0] === 'ins') {
      out.splice(op[1], 0, op[2]);
    }
  }
  return out;
}

// Whether the state after this update falls short of what the server holds, so the client must
// ask for a snapshot: a roster load can rename every runner in a staff view (queue entries, open
// referrals), and its staff frame says only how many runners the new roster has.
export function needsSnapshot(state, f) {
  return state.audience === 'staff' && f.type === 'update' && (f.events ?? []).some((e) => e.type === 'roster_loaded');
}

// The state after any frame from /ws: a snapshot replaces it, the next update is applied, and
// everything else (replies, hellos, an old or out-of-order update) leaves it as it was.
export function reduce(state, f) {
  if (f.type === 'snapshot') return fromSnapshot(f);
  if (f.type === 'update' && updateFits(state, f) === 'next') return applyUpdate(state, f);
  return state;
}
