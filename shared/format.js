// The words and numbers the pages show: durations, timers, times of day, table states, strings.

// A duration in words: "under a minute", "4 min", "1 h 05 min"; "–" for null. `precise` (for
// organisers comparing walk times of 40 s against 70 s) keeps seconds under ten minutes:
// "45 s", "9 min 30 s", "4 min".
export function duration(seconds, { precise = false } = {}) {
  if (seconds == null || Number.isNaN(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (precise && s < 60) return `${s} s`;
  if (precise && s < 600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${String(s % 60).padStart(2, '0')} s` : ''}`;
  if (s < 60) return 'under a minute';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

// "7:05" style timer (minutes:seconds), for table clocks.
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// Local time of day for a server timestamp, "14:05".
export function timeOfDay(ms) {
  if (!ms) return '–';
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

// A table's state in words (docs/protocol.md, table states).
export const TABLE_STATE_LABELS = {
  closed: 'Closed', free: 'Free', called: 'Called', in_session: 'In session', changeover: 'Changeover', break: 'On break',
};

// Loads /<app>/i18n/<lang>.json and returns t(key, vars) ("{bib}" placeholders).
export async function loadStrings(app, lang) {
  const res = await fetch(`/${app}/i18n/${lang}.json`);
  const strings = res.ok ? await res.json() : {};
  return (key, vars = {}) => (strings[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
}
