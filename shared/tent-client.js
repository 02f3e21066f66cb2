// The one client module every page uses: follows the tent over /ws (snapshot, then seq-numbered
// updates), reconnects by itself with ?since= after a drop or a gap, shows a "reconnecting…"
// banner while stale, and sends commands with request ids. Times are the server's: `now()`
// is the device clock corrected by the offset seen in the server's frames.
//
//   const tent = new TentClient({ pin });          // pin optional (volunteer / organiser)
//   tent.addEventListener('change', () => render(tent.state));
//   const reply = await tent.send('finish', { table: 3 });   // {status, body}
//
// See docs/protocol.md for the frames.

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;
const STALE_BANNER_AFTER_MS = 1_500;
const REPLY_TIMEOUT_MS = 10_000;

export class TentClient extends EventTarget {
  // maxBackoff: the longest wait between reconnection attempts (ms).
  constructor({ pin = null, url = null, banner = true, maxBackoff = MAX_BACKOFF_MS } = {}) {
    super();
    this.pin = pin;
    this.maxBackoff = Math.max(maxBackoff, MIN_BACKOFF_MS);
    this.url = url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.state = emptyState();
    this.role = 'display';
    this.connected = false;
    this.offset = 0;            // server time - device time, ms
    this.syncedAt = 0;          // server time of the frame the offset came from
    this.backoff = MIN_BACKOFF_MS;
    this.pending = new Map();   // request id -> {resolve, timer}
    this.nextId = 1;
    this.banner = banner ? makeBanner() : null;
    this.staleTimer = null;
    this.closed = false;
    this.connect();
  }

  // The server's clock now, in ms since the epoch.
  now() { return Date.now() + this.offset; }

  // Seconds until the runner at `position` (1-based) should be called; null when no table is open.
  waitFor(position) { return waitFromEta(this.state.eta, position, this.now()); }

  // Seconds a runner checking in now would wait, or null.
  newArrivalWait() { return this.waitFor(this.state.queue.length + 1); }

  // True when the closing time is set and a new arrival could not be served before it.
  lineClosed() {
    const closing = this.state.settings?.closing_at;
    if (!closing) return false;
    const wait = this.newArrivalWait();
    const eta = this.state.eta;
    if (wait == null || !eta) return true;
    return this.now() + (wait + eta.walk_s + eta.session_s) * 1000 > closing;
  }

  // Resolves true once the socket is open, or false after `ms`.
  whenConnected(ms = 8000) {
    if (this.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => { if (this.connected) done(true); };
      const done = (ok) => {
        clearTimeout(timer);
        this.removeEventListener('status', check);
        this.removeEventListener('change', check);
        resolve(ok);
      };
      const timer = setTimeout(() => done(this.connected), ms);
      this.addEventListener('status', check);
      this.addEventListener('change', check);
    });
  }

  // Sends an op over the socket; resolves with {status, body}. Offline: {status: 0}.
  send(op, params = {}) {
    if (!this.connected) return Promise.resolve(offlineReply());
    const id = `${this.nextId++}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.pending.delete(id); resolve(offlineReply()); }, REPLY_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      this.ws.send(JSON.stringify({ ...params, id, op }));
    });
  }

  // Sets the PIN and signs the socket in; resolves with the reply ({status:200, body:{role}} on success).
  async signIn(pin) {
    this.pin = pin;
    const reply = await this.send('auth', { pin });
    if (reply.status === 200) this.role = reply.body.role;
    else this.pin = null;
    return reply;
  }

  close() {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.ws?.close();
  }

  connect() {
    if (this.closed) return;
    const since = this.state.seq == null ? '' : `?since=${this.state.seq}`;
    const ws = new WebSocket(this.url + since);
    this.ws = ws;
    ws.onopen = () => {
      this.connected = true;
      this.backoff = MIN_BACKOFF_MS;
      // Reconnected with ?since=: the server sends what was missed (possibly nothing) at once.
      if (this.state.seq != null) this.markFresh();
      if (this.pin) this.signIn(this.pin);
    };
    ws.onmessage = (m) => this.receive(m.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.connected = false;
      for (const { resolve, timer } of this.pending.values()) { clearTimeout(timer); resolve(offlineReply()); }
      this.pending.clear();
      this.markStale();
      if (this.closed) return;
      const delay = this.backoff * (0.75 + Math.random() / 2);
      this.backoff = Math.min(this.backoff * 2, this.maxBackoff);
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }

  receive(text) {
    let frame;
    try { frame = JSON.parse(text); } catch { return; }
    if (frame.type === 'reply') {
      const p = this.pending.get(String(frame.id));
      if (p) { clearTimeout(p.timer); this.pending.delete(String(frame.id)); p.resolve({ status: frame.status, body: frame.body }); }
      return;
    }
    // The server clock: from the snapshot or hello of each connection, then from live updates.
    // Updates replayed after a reconnect are older than the hello and must not set it back.
    if (frame.type === 'snapshot' || frame.type === 'hello' || (frame.type === 'update' && frame.at >= this.syncedAt)) {
      this.offset = frame.at - Date.now();
      this.syncedAt = frame.at;
    }
    if (frame.type === 'hello') return;
    if (frame.type === 'snapshot') {
      this.state = fromSnapshot(frame);
    } else if (frame.type === 'update') {
      if (this.state.seq == null || frame.seq !== this.state.seq + 1) {
        if (this.state.seq != null && frame.seq <= this.state.seq) return;  // already applied
        this.ws.close();  // a gap: reconnect with ?since= and let the server fill it
        return;
      }
      applyUpdate(this.state, frame);
    } else {
      return;
    }
    this.markFresh();
    this.dispatchEvent(new CustomEvent('change', { detail: frame }));
  }

  markStale() {
    if (this.state.stale) return;
    this.state.stale = true;
    clearTimeout(this.staleTimer);
    this.staleTimer = setTimeout(() => { if (this.state.stale && this.banner) this.banner.hidden = false; }, STALE_BANNER_AFTER_MS);
    this.dispatchEvent(new CustomEvent('status', { detail: { connected: false } }));
  }

  markFresh() {
    if (!this.state.stale) return;
    this.state.stale = false;
    clearTimeout(this.staleTimer);
    if (this.banner) this.banner.hidden = true;
    this.dispatchEvent(new CustomEvent('status', { detail: { connected: true } }));
  }
}

function emptyState() {
  return { seq: null, at: 0, audience: 'public', settings: {}, limits: null, announcement: '', tables: new Map(), queue: [], eta: null, referrals: [], stale: true };
}

function fromSnapshot(f) {
  const s = emptyState();
  s.seq = f.seq;
  s.at = f.at;
  s.audience = f.audience;
  s.settings = f.settings;
  s.limits = f.limits ?? null;   // the server's limits (docs/protocol.md, Limits); only snapshots carry them
  s.announcement = f.announcement ?? '';
  for (const t of f.tables) s.tables.set(t.id, t);
  s.queue = f.queue;
  s.eta = f.eta;
  s.rosterSize = f.roster_size;
  s.referrals = f.referrals ?? [];   // staff: open referrals not yet acknowledged
  s.stale = true;  // markFresh clears it
  return s;
}

function applyUpdate(s, f) {
  s.seq = f.seq;
  s.at = f.at;
  for (const t of f.tables ?? []) s.tables.set(t.id, t);
  for (const op of f.queue ?? []) {
    if (op[0] === 'del') {
      const i = s.queue.findIndex((e) => e.bib === op[1]);
      if (i >= 0) s.queue.splice(i, 1);
    } else if (op[0] === 'ins') {
      s.queue.splice(op[1], 0, op[2]);
    }
  }
  for (const e of f.events ?? []) if (e.type === 'roster_loaded') s.rosterSize = e.count;
  if (f.eta) s.eta = f.eta;
  if (f.settings) s.settings = f.settings;
  if (f.announcement !== undefined) s.announcement = f.announcement;
  if (f.referrals) s.referrals = f.referrals;
}

// The p-th smallest of { slot + k * turnover } (see docs/protocol.md), in seconds from `now`.
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

// The reply of a request that never reached the server (no connection, no answer in time).
export function offlineReply() {
  return { status: 0, body: { error: { code: 'offline', message: 'Not connected to the tent server. Trying again…' } } };
}

function makeBanner() {
  const el = document.createElement('div');
  el.className = 'conn-banner';
  el.setAttribute('role', 'status');
  el.textContent = 'Reconnecting to the tent server…';
  el.hidden = true;
  document.body.prepend(el);
  return el;
}

// REST helper: JSON in and out; never throws (offline → status 0).
export async function api(path, { method = 'GET', body, pin, headers = {} } = {}) {
  const h = { ...headers };
  if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
  if (pin) h.Authorization = `Bearer ${pin}`;
  try {
    const res = await fetch(path, { method, headers: h, body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body) });
    const type = res.headers.get('Content-Type') ?? '';
    const data = type.includes('json') ? await res.json() : await res.text();
    return { status: res.status, body: data };
  } catch {
    return offlineReply();
  }
}
