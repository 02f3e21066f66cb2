// The pages' REST calls (docs/protocol.md, "REST routes"): JSON in and out, the PIN or kiosk key
// as a bearer token. An absolute path goes to this page's tent (shared/tent-path.js: /api/x is
// /t/ID/api/x on a page under /t/ID/). Never throws: a request that cannot reach the server answers offlineReply().

import { tentPath } from './tent-path.js';

// What a request or op answers when the server cannot be reached: status 0 and an `offline` error.
export function offlineReply() {
  return { status: 0, body: { error: { code: 'offline', message: 'Not connected to the tent server. Trying again…' } } };
}

// Resolves with {status, body}: the parsed JSON, or the text of a reply that is not JSON.
export async function api(path, { method = 'GET', body, pin, headers = {} } = {}) {
  const h = { ...headers };
  if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
  if (pin) h.Authorization = `Bearer ${pin}`;
  try {
    const res = await fetch(tentPath(path), { method, headers: h, body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body) });
    const type = res.headers.get('Content-Type') ?? '';
    const data = type.includes('json') ? await res.json() : await res.text();
    return { status: res.status, body: data };
  } catch {
    return offlineReply();
  }
}
