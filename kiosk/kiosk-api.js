// The kiosk's requests: the kiosk key (from ?key=, kept in localStorage so a reload keeps it),
// check-in request ids, and automatic retries of a check-in with the SAME request id, which the
// server answers with the first ticket rather than a second one. A medical referral the server
// could not be told about waits in an outbox in localStorage (surviving a reload; one per tent, so
// a tablet moved to another tent's kiosk never sends it there) and is sent when the server is
// back; its request id makes a repeat harmless.
import { api, offlineReply } from '/shared/rest.js';
import { tentStorageKey } from '/shared/tent-path.js';

const KEY_STORE = 'massage-tent.kiosk-key';
const OUTBOX_STORE = tentStorageKey('massage-tent.outbox');
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000];
// A request that neither answers nor fails (Wi-Fi gone mid-request) counts as offline after this.
const REQUEST_TIMEOUT_MS = 8000;
let memoryKey = null;   // when localStorage is unavailable
let memoryOutbox = [];

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
    timer = setTimeout(() => resolve(offlineReply()), REQUEST_TIMEOUT_MS);
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

// POST /api/checkins?dry_run=1: would this bib be taken? 200, or the refusal the check-in would get
// (decided on the bib and the roster alone; the server commits nothing).
export function checkBib(bib) {
  return withTimeout(api('/api/checkins?dry_run=1', { method: 'POST', body: { bib }, pin: kioskKey() }));
}

export function leave(bib) {
  return withTimeout(api(`/api/tickets/${encodeURIComponent(bib)}/leave`, { method: 'POST', body: {}, pin: kioskKey() }));
}

export function ticket(bib) {
  return withTimeout(api(`/api/tickets/${encodeURIComponent(bib)}`));
}

function readOutbox() {
  try { return JSON.parse(localStorage.getItem(OUTBOX_STORE) ?? '[]'); } catch { return memoryOutbox; }
}

function writeOutbox(list) {
  memoryOutbox = list;
  try {
    if (list.length) localStorage.setItem(OUTBOX_STORE, JSON.stringify(list)); else localStorage.removeItem(OUTBOX_STORE);
  } catch { /* storage off: kept in memory only */ }
}

// Check-ins (referrals) still to be delivered.
export function outboxSize() { return readOutbox().length; }

// Keeps a referral check-in (with its request id) until the server has answered it, and tries now.
export function sendReferral(request) {
  const list = readOutbox().filter((r) => r.request_id !== request.request_id);
  writeOutbox([...list, request]);
  return flushOutbox();
}

let flushing = null;
// Sends what the outbox holds, oldest first; stops at the first one that still cannot get through.
// An answer settles an entry (201, or a refusal that a retry would only repeat); no answer, a
// lock-out (429) or a server in trouble (5xx) keeps it for the next try.
export function flushOutbox() {
  flushing ??= (async () => {
    try {
      for (const request of readOutbox()) {
        const reply = await withTimeout(api('/api/checkins', { method: 'POST', body: request, pin: kioskKey() }));
        if (reply.status === 0 || reply.status === 429 || reply.status >= 500) return;
        writeOutbox(readOutbox().filter((r) => r.request_id !== request.request_id));
      }
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}
