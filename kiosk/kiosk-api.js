// The kiosk's requests: the kiosk key (from ?key=, kept in localStorage so a reload keeps it),
// check-in request ids, and automatic retries of a check-in with the SAME request id, which the
// server answers with the first ticket rather than a second one.
import { api } from '/shared/tent-client.js';

const KEY_STORE = 'massage-tent.kiosk-key';
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000];
// A request that neither answers nor fails (Wi-Fi gone mid-request) counts as offline after this.
const REQUEST_TIMEOUT_MS = 8000;
let memoryKey = null;   // when localStorage is unavailable

// Takes ?key= off the address (it would show on screen) into localStorage; ?key= (empty) forgets it.
export function adoptKioskKey() {
  const params = new URLSearchParams(location.search);
  if (!params.has('key')) return;
  const key = params.get('key').trim();
  try {
    if (key) localStorage.setItem(KEY_STORE, key); else localStorage.removeItem(KEY_STORE);
  } catch { /* storage off: the key lasts as long as the page */ memoryKey = key; }
  params.delete('key');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
}

function kioskKey() {
  try { return localStorage.getItem(KEY_STORE) ?? memoryKey; } catch { return memoryKey; }
}

// 128 random bits as hex (crypto.randomUUID is missing on plain-http LAN pages).
export function newRequestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function withTimeout(promise) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ status: 0, body: { error: { code: 'offline' } } }), REQUEST_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// POST /api/checkins; retries while offline, then gives up with status 0. onRetry(n) reports each retry.
export async function checkin(body, { onRetry } = {}) {
  for (let attempt = 0; ; attempt++) {
    const reply = await withTimeout(api('/api/checkins', { method: 'POST', body, pin: kioskKey() }));
    if (reply.status !== 0 || attempt >= RETRY_DELAYS_MS.length) return reply;
    onRetry?.(attempt + 1);
    await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
  }
}

export function leave(bib) {
  return withTimeout(api(`/api/tickets/${encodeURIComponent(bib)}/leave`, { method: 'POST', body: {}, pin: kioskKey() }));
}

export function ticket(bib) {
  return withTimeout(api(`/api/tickets/${encodeURIComponent(bib)}`));
}
