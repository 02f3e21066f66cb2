// The server's domain limits as the pages use them (docs/protocol.md, Limits). Every snapshot
// carries them (TentClient's state.limits) and so does GET /api/settings: the pages keep no copy
// of a length, a range or the undo window. A check made here only spares a round trip; without
// limits (not connected yet) it lets the value through and the server's own check decides.

import { setAttr, setText } from '/shared/dom.js';

// Fills in what the markup under `root` asks of the limits; change-only, so it may run often:
//   data-maxlength="name_max_length"   the element's maxlength
//   data-limit="text_max_length"       the element's text ("280")
//   data-range="session_target_s"      min and max of a number input...
//   data-range-text="changeover_s"     ...or the text "0–900"
//   data-range-unit="60"               (with either) the range in minutes rather than seconds
export function applyLimits(root, limits) {
  if (!limits) return;
  for (const el of root.querySelectorAll('[data-maxlength]')) setAttr(el, 'maxlength', limits[el.dataset.maxlength]);
  for (const el of root.querySelectorAll('[data-limit]')) setText(el, limits[el.dataset.limit]);
  for (const el of root.querySelectorAll('[data-range]')) {
    const range = settingRange(limits, el.dataset.range, el.dataset.rangeUnit);
    setAttr(el, 'min', range?.min);
    setAttr(el, 'max', range?.max);
  }
  for (const el of root.querySelectorAll('[data-range-text]')) {
    const range = settingRange(limits, el.dataset.rangeText, el.dataset.rangeUnit);
    setText(el, range ? `${range.min}–${range.max}` : '');
  }
}

// {min, max} of a ranged setting, in units of `unit` seconds (1 by default); null when unknown.
export function settingRange(limits, field, unit = 1) {
  const range = limits?.settings?.[field];
  if (!range) return null;
  return { min: range.min / Number(unit), max: range.max / Number(unit) };
}

// The bib as the server will read it (trimmed, letters upper-cased), or null when it cannot be
// one: letters A–Z and digits only, at most bib_max_length of them.
export function normaliseBib(raw, limits) {
  const bib = String(raw ?? '').trim().toUpperCase();
  const max = limits?.bib_max_length ?? Infinity;
  return /^[A-Z0-9]+$/.test(bib) && bib.length <= max ? bib : null;
}

// The undo window in ms; 0 (nothing is undoable) until the limits are known.
export function undoWindowMs(limits) {
  return (limits?.undo_window_s ?? 0) * 1000;
}
