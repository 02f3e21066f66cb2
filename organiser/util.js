// Small helpers for the organiser pages: DOM building, finer durations than the runner-facing
// format.duration (organisers compare walk times of 40 s against 70 s), and today's dates.

import { duration } from '/shared/format.js';

// el('td', {class: 'num'}, 'text', childNode…): builds an element; text children are text nodes (never HTML).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

// "45 s", "9 min 30 s", "42 min", "1 h 05 min"; "–" for null.
export function span(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return duration(s);
}

// "2026-11-22" for a local date.
export function isoDate(d = new Date()) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// "HH:MM" (for <input type=time>) of a timestamp, local time; "" for null.
export function timeInputValue(ms) {
  if (!ms) return '';
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

// Today's date at "HH:MM" local time, in ms; null for "".
export function todayAt(hhmm) {
  if (!hhmm) return null;
  const [h, m] = hhmm.split(':').map(Number);
  const d = new Date();
  d.setHours(h, m, 0, 0);
  return d.getTime();
}

// The human message of a failed {status, body} reply.
export function errorMessage(reply, fallback = 'Something went wrong. Please try again.') {
  if (!reply?.status) return 'Not connected to the tent server. Check the Wi-Fi and try again.';
  const e = reply.body?.error;
  if (e?.message) return e.message;
  return `${fallback} (HTTP ${reply?.status ?? '?'})`;
}
