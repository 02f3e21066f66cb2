// The "Hours" view: each therapist's time on shift, sessions, time in session and utilisation
// (GET /api/hours, this tent's), each row opening to the therapist's shifts; the hours CSV; and
// the printable statement a massage school accepts as proof of supervised hours (one A4 page per
// therapist, signed off by the organiser whose name is typed in the view). Polled while the view
// shows: a shift going on grows with the clock, which the socket does not carry.

import { api } from '/shared/rest.js';
import { timeOfDay } from '/shared/format.js';
import { h, setText } from '/shared/dom.js';
import { downloadCsv } from './announce.js';
import { errorMessage, pollWhileShown } from './util.js';

const POLL_MS = 10_000;

// Whole minutes, to the nearest.
const minutesOf = (seconds) => Math.round(Math.max(0, seconds ?? 0) / 60);

// Hours and minutes of whole minutes: "3 h 25 min", "40 min", "0 min".
function minutesText(m) {
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const hoursText = (seconds) => minutesText(minutesOf(seconds));

const percent = (u) => `${Math.round((u ?? 0) * 100)} %`;
const shiftMinutes = (s, now) => minutesOf(((s.to ?? now) - s.from) / 1000);
// Time on shift as the statement lists it: each shift in whole minutes, and their sum, so the
// signed sheet adds up (and the table shows the same total).
export const onShiftText = (t, now) => minutesText(t.shifts.reduce((sum, s) => sum + shiftMinutes(s, now), 0));
const longDate = (ms) => new Date(ms).toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

// "10:02–12:30", or "10:02, on shift now" while it goes on.
export function shiftTimes(s) {
  return s.to == null ? `${timeOfDay(s.from)}, on shift now` : `${timeOfDay(s.from)}–${timeOfDay(s.to)}`;
}

export class HoursPanel {
  constructor(section, { pin, onUnauthorized = () => {} }) {
    this.section = section;
    this.pin = pin;
    this.onUnauthorized = onUnauthorized;
    this.status = section.querySelector('#hours-status');
    this.body = section.querySelector('#hours-body');
    this.sheets = section.querySelector('#hours-sheets');
    this.signer = section.querySelector('#hours-signer');
    this.data = null;
    this.expanded = new Set();   // names whose shifts show
    this.printing = null;        // the names on the statements shown, or null
    this.signer.addEventListener('input', () => this.renderSheets());
    section.querySelector('#hours-csv').addEventListener('click', () => this.exportCsv());
    section.querySelector('#hours-print-all').addEventListener('click', () => this.print(null));
    section.querySelector('#hours-print').addEventListener('click', () => window.print());
    section.querySelector('#hours-sheets-close').addEventListener('click', () => this.closeSheets());
    pollWhileShown(section, () => this.load(), POLL_MS);
  }

  async load() {
    const reply = await api('/api/hours', { pin: this.pin });
    if (reply.status === 401 || reply.status === 403) { this.onUnauthorized(); return; }
    if (reply.status !== 200 || !Array.isArray(reply.body?.therapists)) {
      this.say(errorMessage(reply, 'Could not load the hours.'), 'error');
      return;
    }
    this.data = reply.body;   // `at`: the server's time, which a shift going on runs to
    const n = reply.body.therapists.length;
    this.say(`${n === 1 ? 'One therapist' : `${n} therapists`}, updated ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}.`);
    this.render();
    this.renderSheets();
  }

  render() {
    const list = this.data?.therapists ?? [];
    if (!list.length) {
      this.body.replaceChildren(h('tr', {}, h('td', { colspan: 6 }, 'No therapist has been on a table yet. A name set on an open table starts a shift.')));
      return;
    }
    this.body.replaceChildren(...list.flatMap((t, i) => this.rows(t, i)));
  }

  // A therapist's row and, when opened, the row of their shifts.
  rows(t, i) {
    const open = this.expanded.has(t.name);
    const shiftsId = `hours-shifts-${i}`;
    const toggle = h('button', {
      type: 'button', class: 'hours-toggle', 'aria-expanded': String(open), 'aria-controls': shiftsId,
      onclick: () => { if (open) this.expanded.delete(t.name); else this.expanded.add(t.name); this.render(); },
    }, h('span', { 'aria-hidden': 'true' }, open ? '▾ ' : '▸ '), t.name,
    h('span', { class: 'visually-hidden' }, `: ${t.shifts.length === 1 ? 'one shift' : `${t.shifts.length} shifts`}`));
    const row = h('tr', { dataset: { therapist: t.name } },
      h('th', { scope: 'row' }, toggle),
      h('td', { class: 'num', dataset: { field: 'on_shift' } }, onShiftText(t, this.data.at)),
      h('td', { class: 'num', dataset: { field: 'sessions' } }, String(t.sessions)),
      h('td', { class: 'num', dataset: { field: 'in_session' } }, hoursText(t.in_session_s)),
      h('td', { class: 'num', dataset: { field: 'utilisation' } }, percent(t.utilisation)),
      h('td', {}, h('button', { type: 'button', onclick: () => this.print([t.name]) }, 'Print statement',
        h('span', { class: 'visually-hidden' }, ` for ${t.name}`))));
    const shifts = h('tr', { id: shiftsId, class: 'hours-shifts', hidden: !open },
      h('td', { colspan: 6 }, h('ul', {}, t.shifts.map((s) => h('li', { dataset: { table: s.table, current: s.to == null ? 'true' : 'false' } },
        `${s.table_name}: ${shiftTimes(s)} · ${s.sessions === 1 ? '1 session' : `${s.sessions} sessions`}`)))));
    return [row, shifts];
  }

  // Shows the statements of `names` (null: everyone) and opens the print dialog.
  print(names) {
    if (!this.data) return;
    this.printing = names ?? this.data.therapists.map((t) => t.name);
    this.renderSheets();
    window.print();
  }

  closeSheets() {
    this.printing = null;
    this.renderSheets();
  }

  renderSheets() {
    const chosen = (this.data?.therapists ?? []).filter((t) => this.printing?.includes(t.name));
    this.sheets.hidden = chosen.length === 0;
    this.sheets.querySelector('#hours-sheets-list').replaceChildren(...chosen.map((t) => statement(t, this.data, this.signer.value.trim())));
  }

  async exportCsv() {
    const out = this.section.querySelector('#hours-csv-status');
    out.textContent = 'Preparing the CSV…';
    out.dataset.kind = '';
    const problem = await downloadCsv(this.pin, '/api/export/hours.csv', 'hours');
    out.textContent = problem ?? 'Downloaded.';
    out.dataset.kind = problem ? 'error' : 'ok';
  }

  say(text, kind = '') {
    setText(this.status, text);
    this.status.dataset.kind = kind;
  }
}

// One therapist's statement of supervised hours: a sheet of its own on paper.
function statement(t, data, signer) {
  const now = data.at;
  const first = t.shifts[0]?.from ?? now;
  const line = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  return h('article', { class: 'statement', 'aria-label': `Statement for ${t.name}`, dataset: { therapist: t.name } },
    h('h3', {}, 'Statement of supervised hours'),
    h('dl', { class: 'statement-facts' },
      line('Event', data.tent || 'Massage tent'),
      line('Date', longDate(first)),
      line('Therapist', t.name)),
    h('table', { class: 'data' },
      h('caption', {}, 'Shifts'),
      h('thead', {}, h('tr', {}, ['Table', 'From', 'To', 'Duration'].map((c, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : null }, c)))),
      h('tbody', {}, t.shifts.map((s) => h('tr', {},
        h('th', { scope: 'row' }, s.table_name),
        h('td', {}, timeOfDay(s.from)),
        h('td', {}, s.to == null ? `on shift now (${timeOfDay(now)})` : timeOfDay(s.to)),
        h('td', { class: 'num' }, minutesText(shiftMinutes(s, now))))))),
    h('dl', { class: 'statement-facts statement-totals' },
      line('Total on shift', onShiftText(t, now)),
      line('Sessions (clients)', String(t.sessions)),
      line('Time in session', hoursText(t.in_session_s))),
    h('div', { class: 'statement-sign' },
      h('p', {}, 'Signed off by: ', h('span', { class: 'statement-signer' }, signer || '____________________'), ' (organiser)'),
      h('p', { class: 'sign-line' }, 'Signature: '),
      h('p', { class: 'sign-line' }, 'Date: ')),
    h('p', { class: 'statement-foot' }, `Printed ${longDate(now)}, ${timeOfDay(now)}, from the tent's records of ${data.tent || 'Massage tent'}.`));
}
