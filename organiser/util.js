// Small helpers for the organiser pages: today's dates and times, error messages, polling a view.

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

// Calls load() (a promise) now and again `ms` after each one ends while `section` shows, and at
// once when it is shown again: a view's figures refresh only while someone looks at them.
export function pollWhileShown(section, load, ms) {
  let timer;
  const poll = () => {
    clearTimeout(timer);
    if (section.hidden) return;
    load().finally(() => {
      clearTimeout(timer);
      if (!section.hidden) timer = setTimeout(poll, ms);
    });
  };
  new MutationObserver(poll).observe(section, { attributes: true, attributeFilter: ['hidden'] });
  poll();
}
