// What the organiser sees of the floor right now: each table's state, time in state and flags
// (the strip), and the short list of what needs a person now (the alerts). The rules are pure
// functions of (state, settings, now) — `now` is the server's clock (TentClient.now()) — so the
// browser tests can check them; the two classes only draw.

import { clock, duration, timeOfDay, TABLE_STATE_LABELS } from '/shared/format.js';
import { h } from '/shared/dom.js';

// A free table counts as idle once it has stood free this long while runners wait.
export const IDLE_MS = 60_000;
const QUARTER_MS = 15 * 60 * 1000;

export const RED_FLAG_WORDS = {
  chest_or_breathing: 'chest pain or breathing trouble',
  dizzy_or_confused: 'dizzy, fainting or confused',
  suspected_injury: 'suspected injury',
  severe_cramping: 'severe cramping',
  open_wound: 'open wound or bad blisters',
  too_hot_or_cold: 'very hot or very cold',
};

export const redFlagWords = (flags) => (flags ?? []).map((f) => RED_FLAG_WORDS[f] ?? f).join(', ');

// The moment a table's current step began, for "time in state".
function stepStart(t) {
  if (t.state === 'called') return t.called_at ?? t.since;
  if (t.state === 'in_session') return t.started_at ?? t.since;
  return t.since;
}

// A table's flags now: [{kind: 'overdue'|'over_time'|'long_changeover'|'idle', label}].
export function tableFlags(t, settings, waiting, now) {
  const inState = now - stepStart(t);
  const flags = [];
  if (t.state === 'called' && settings.call_timeout_s > 0 && inState >= settings.call_timeout_s * 1000)
    flags.push({ kind: 'overdue', label: 'overdue' });
  if (t.state === 'in_session' && inState > settings.session_target_s * 1000)
    flags.push({ kind: 'over_time', label: 'over time' });
  if (t.state === 'changeover' && inState > (settings.changeover_s ?? 0) * 1000)
    flags.push({ kind: 'long_changeover', label: 'long changeover' });
  if (t.state === 'free' && waiting > 0 && inState >= IDLE_MS)
    flags.push({ kind: 'idle', label: 'idle while people wait' });
  return flags;
}

const tableName = (t) => t.name || `Table ${t.id}`;

// The alerts for the tables, the open referrals and the line: [{kind, key, text}], most urgent first.
export function alerts(state, stats, now) {
  const settings = state.settings ?? {};
  const waiting = state.queue?.length ?? 0;
  const out = [];
  for (const r of state.referrals ?? []) {
    const where = r.from === 'table' ? `from ${r.table_name ?? `table ${r.table}`}` : `at the kiosk (${redFlagWords(r.red_flags)})`;
    out.push({ kind: 'referral', key: `referral-${r.bib}`, text: `Bib ${r.bib} was sent to medical ${where} at ${timeOfDay(r.at)}: no volunteer has seen it yet.` });
  }
  const tables = [...(state.tables?.values?.() ?? [])].sort((a, b) => a.id - b.id);
  for (const t of tables) {
    const mins = duration((now - stepStart(t)) / 1000);
    for (const f of tableFlags(t, settings, waiting, now)) {
      const text = {
        overdue: `Bib ${t.bib} was called to ${tableName(t)} ${mins} ago and has not arrived.`,
        over_time: `${tableName(t)} is over time: bib ${t.bib} has been on the table for ${mins} (target ${duration(settings.session_target_s)}).`,
        long_changeover: `${tableName(t)} has been in changeover for ${mins} (planned ${duration(settings.changeover_s, { precise: true })}).`,
        idle: `${tableName(t)} has been free for ${mins} while ${waiting} ${waiting === 1 ? 'runner waits' : 'runners wait'}.`,
      }[f.kind];
      out.push({ kind: f.kind, key: `${f.kind}-${t.id}`, text });
    }
  }
  const growth = lineGrowth(stats, now);
  if (growth && waiting > 0)
    out.push({ kind: 'line', key: 'line', text: `The line is growing: ${growth.joined} joined in the last 30 min, ${growth.finished} finished.` });
  return out;
}

// Joined against finished over the current and the previous quarter hour, when more joined.
export function lineGrowth(stats, now) {
  if (!stats) return null;
  const from = now - (now % QUARTER_MS) - QUARTER_MS;
  const sum = (buckets) => (buckets ?? []).filter((b) => b.start >= from).reduce((n, b) => n + b.value, 0);
  const joined = sum(stats.arrivals_15min);
  const finished = sum(stats.throughput_15min);
  return joined > finished ? { joined, finished } : null;
}

// The strip: one cell per table that is not closed, in id order.
export class TableStrip {
  constructor(root) { this.root = root; }

  render(state, now) {
    const settings = state.settings ?? {};
    const waiting = state.queue?.length ?? 0;
    const tables = [...(state.tables?.values?.() ?? [])].sort((a, b) => a.id - b.id);
    if (!tables.length) { this.root.replaceChildren(h('li', { class: 'strip-none' }, 'No tables yet.')); return; }
    this.root.replaceChildren(...tables.map((t) => {
      const flags = t.state === 'closed' ? [] : tableFlags(t, settings, waiting, now);
      return h('li', { class: 'strip-table', 'data-table': t.id, 'data-state': t.state, 'data-flags': flags.map((f) => f.kind).join(' ') },
        h('span', { class: 'strip-name' }, tableName(t)),
        h('span', { class: 'strip-state' }, TABLE_STATE_LABELS[t.state] ?? t.state, t.bib ? ` · bib ${t.bib}` : ''),
        h('span', { class: 'strip-time num' }, t.state === 'closed' ? '' : clock((now - stepStart(t)) / 1000)),
        ...flags.map((f) => h('span', { class: `strip-flag flag-${f.kind}` }, f.label)));
    }));
  }
}

// The alert list; redrawn only when its text changes (it is re-checked every second).
export class AlertList {
  constructor(root) { this.root = root; this.last = null; }

  render(list) {
    const text = list.map((a) => a.text).join('\n');
    if (text === this.last) return;
    this.last = text;
    this.root.replaceChildren(...(list.length
      ? list.map((a) => h('li', { class: `alert alert-${a.kind}`, 'data-alert': a.key }, a.text))
      : [h('li', { class: 'alert-none' }, 'Nothing needs a person right now.')]));
  }
}
