// The pages' socket to the tent: follows the tent over /ws (snapshot, then seq-numbered updates,
// folded into `state` by shared/tent-state.js), reconnects by itself with ?since= after a drop or
// a gap, shows the connection banner while stale, and sends ops with request ids. Times are the
// server's: `now()` is the device clock corrected by the offset seen in the server's frames.
//
// The socket is this page's tent's: /ws at the root, /t/ID/ws on a page under /t/ID/.
//
//   const tent = new TentClient({ pin });          // pin optional (volunteer / organiser)
//   tent.addEventListener('change', () => render(tent.state));
//   const reply = await tent.send('finish', { table: 3 });   // {status, body}
//
// The state is replaced, never changed in place, by each frame; `state.stale` is true while the
// socket is down. See docs/protocol.md for the frames.

import { ConnectionBanner } from './conn-banner.js';
import { offlineReply } from './rest.js';
import { tentPath } from './tent-path.js';
import { emptyState, needsSnapshot, reduce, updateFits } from './tent-state.js';
import { lineClosed, newArrivalWait, waitFromEta } from './wait-estimate.js';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;
const REPLY_TIMEOUT_MS = 10_000;

export class TentClient extends EventTarget {
  // maxBackoff: the longest wait between reconnection attempts (ms).
  constructor({ pin = null, url = null, banner = true, maxBackoff = MAX_BACKOFF_MS } = {}) {
    super();
    this.pin = pin;
    this.maxBackoff = Math.max(maxBackoff, MIN_BACKOFF_MS);
    this.url = url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${tentPath('/ws')}`;
    this.state = { ...emptyState(), stale: true };
    this.role = 'display';
    this.connected = false;
    this.offset = 0;            // server time - device time, ms
    this.syncedAt = 0;          // server time of the frame the offset came from
    this.backoff = MIN_BACKOFF_MS;
    this.pending = new Map();   // request id -> {resolve, timer}
    this.nextId = 1;
    this.banner = banner ? new ConnectionBanner() : null;
    this.closed = false;
    this.connect();
  }

  // The server's clock now, in ms since the epoch.
  now() { return Date.now() + this.offset; }

  // Seconds until the runner at `position` (1-based) should be called; null when no table is open.
  waitFor(position) { return waitFromEta(this.state.eta, position, this.now()); }

  // Seconds a runner checking in now would wait, or null.
  newArrivalWait() { return newArrivalWait(this.state, this.now()); }

  // True when the closing time is set and a new arrival could not be served before it.
  lineClosed() { return lineClosed(this.state, this.now()); }

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
    // The seq is only meaningful to the server run it came from (a standby that took over numbers
    // its own): `run` tells the server which, and another run answers with a snapshot.
    const since = this.state.seq == null ? ''
      : `?since=${this.state.seq}${this.run ? `&run=${encodeURIComponent(this.run)}` : ''}`;
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
    if ((frame.type === 'snapshot' || frame.type === 'hello') && frame.run) this.run = frame.run;
    if (frame.type === 'snapshot') {
      // A snapshot counts as news for the 'status' listeners even on a socket already marked fresh.
      this.state = { ...reduce(this.state, frame), stale: true };
    } else if (frame.type === 'update') {
      const fits = updateFits(this.state, frame);
      if (fits === 'old') return;
      if (fits === 'gap') { this.ws.close(); return; }  // reconnect with ?since= and let the server fill it
      if (needsSnapshot(this.state, frame)) this.ws.send(JSON.stringify({ op: 'snapshot' }));
      this.state = reduce(this.state, frame);
    } else {
      return;
    }
    this.markFresh();
    this.dispatchEvent(new CustomEvent('change', { detail: frame }));
  }

  markStale() {
    if (this.state.stale) return;
    this.state = { ...this.state, stale: true };
    this.banner?.stale();
    this.dispatchEvent(new CustomEvent('status', { detail: { connected: false } }));
  }

  markFresh() {
    if (!this.state.stale) return;
    this.state = { ...this.state, stale: false };
    this.banner?.fresh();
    this.dispatchEvent(new CustomEvent('status', { detail: { connected: true } }));
  }
}
