// The "Plan" view: weeks before race day, how many tables (therapists) to book per hour. A form in
// plain words becomes a plan (docs/planning.md) for POST /api/plan, which plays the day through the
// tent's own engine on a virtual clock: "Simulate" with the table list, "Find the fewest tables" with
// a goal, and "Replay this tent's recorded day" as a what-if with the table list. The answer shows as
// headline figures (the recorded day beside them on a replay), the table plan found with "Use this
// plan", and four charts per 15 minutes. The form and the last answer are kept in localStorage per
// tent, so a reload keeps them.

import { api } from '/shared/rest.js';
import { h, setText } from '/shared/dom.js';
import { tentStorageKey } from '/shared/tent-path.js';
import { createPlanCharts } from './plan-charts.js';
import { errorMessage } from './util.js';

const STORAGE = 'massage-tent.plan';
const MAX_BODY_BYTES = 1024 * 1024;  // the server's body limit
const MAX_CSV_BYTES = MAX_BODY_BYTES;

// The marathon of docs/plans/marathon.json (docs/planning.md's worked example).
const DEFAULTS = {
  use_csv: false, count: 30000, start: '09:00', median: '4:30', p90: '5:45', first: '2:05', last: '7:00',
  csv_name: '', csv_text: '',
  take_up: 3, delay: 10, delay_spread: 30,
  session: 10, spread: 30,
  closing: '16:30', no_show: 3, walkout: 10, walkout_after: 40,
  tables: [{ from: '11:00', tables: 6 }, { from: '12:00', tables: 30 }, { from: '13:00', tables: 50 },
    { from: '15:00', tables: 30 }, { from: '16:00', tables: 10 }],
  replay: false, goal_wait: 20, goal_max: 60,
};

// The form's inputs kept as they are typed (named as in DEFAULTS).
const INPUTS = ['count', 'start', 'median', 'p90', 'first', 'last', 'take_up', 'delay', 'delay_spread',
  'session', 'spread', 'closing', 'no_show', 'walkout', 'walkout_after', 'goal_wait', 'goal_max'];

// The plan's fields that are not in the form: as in docs/plans/marathon.json.
const FIXED = { walk_s: 45, changeover_s: 60, call_timeout_s: 180, seed: 1 };

// The input a refusal is about, by the field its message names ("The field 'take_up' must be…").
const INPUT_OF = {
  finishers: 'plan-count', count: 'plan-count', start: 'plan-start', median_min: 'plan-median', p90_min: 'plan-p90',
  first_min: 'plan-first', last_min: 'plan-last', finish_times_csv: 'plan-csv-file',
  take_up: 'plan-take-up', delay_min: 'plan-delay', delay_spread_min: 'plan-delay-spread',
  session: 'plan-session', mean_min: 'plan-session', dist: 'plan-session', cv: 'plan-spread',
  closing: 'plan-closing', no_show_rate: 'plan-no-show', walkout_rate: 'plan-walkout', walkout_after_min: 'plan-walkout-after',
  tables: 'plan-tables', from: 'plan-tables', arrivals: 'plan-replay',
  goal: 'plan-goal-wait', p90_wait_min: 'plan-goal-wait', max_tables: 'plan-goal-max',
};

// The form asks for these as percentages (up to the most given); the plan holds them as shares of 1.
const PERCENT_FIELDS = { take_up: 100, no_show_rate: 100, walkout_rate: 100, cv: 300 };

// "4:25" → 265 minutes; "" → undefined; null when it is not h:mm.
function hoursMinutes(text) {
  const t = text.trim();
  if (!t) return undefined;
  const m = /^(\d{1,2})[:.h](\d{2})$/.exec(t);
  return m && Number(m[2]) < 60 ? Number(m[1]) * 60 + Number(m[2]) : null;
}

// 265 minutes → "04:25"; past 24 hours it goes on (1,470 → "24:30").
const clockText = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// A time of day as "HH:MM", up to 47:59 for a race that runs past midnight (24:30 is half past
// midnight); undefined when empty, null when it is not a time.
function clockOf(text) {
  const m = hoursMinutes(text);
  if (m == null || m >= 48 * 60) return m === undefined ? undefined : null;
  return clockText(m);
}
const CLOCK_HELP = 'Write it as a time of day, e.g. 16:30; after midnight 24:30 is half past midnight.';

// A number input's value; undefined when empty.
const num = (v) => (v === '' || v == null ? undefined : Number(v));
const share = (v) => (v === '' || v == null ? undefined : Number(v) / 100);

// Minutes in words: "4.5 min" under ten minutes, "23 min" above; "–" for none.
function mins(seconds) {
  if (seconds == null) return '–';
  const m = seconds / 60;
  return `${m < 10 ? Math.round(m * 10) / 10 : Math.round(m)} min`;
}

const hhmm = (clock) => (clock ? clock.slice(0, 5) : '–');
// The results file's rows without a finish time, which the plan left out (DNF, notes, a stray line).
const skippedText = (n) => (n > 0 ? ` ${n === 1 ? 'One row' : `${n} rows`} of the results file had no finish time and ${n === 1 ? 'was' : 'were'} left out.` : '');
const tablesText = (n) => (n === 0 ? 'no tables' : n === 1 ? '1 table' : `${n} tables`);

// The headline figures: [id, label, value of a result].
const FIGURES = [
  ['arrivals', 'Runners', (r) => String(r.arrivals)],
  ['served', 'Served', (r) => String(r.served)],
  ['turned_away', 'Turned away', (r) => String(r.turned_away)],
  ['walkouts', 'Walk-outs', (r) => String(r.walkouts)],
  ['no_shows', 'No-shows', (r) => String(r.no_shows)],
  ['left_waiting', 'Left waiting, no table', (r) => String(r.left_waiting ?? 0)],
  ['wait_p50', 'Half waited at most', (r) => (r.wait.count ? mins(r.wait.p50_s) : '–')],
  ['wait_p90', '90% waited at most', (r) => (r.wait.count ? mins(r.wait.p90_s) : '–')],
  ['wait_max', 'Longest wait', (r) => (r.wait.count ? mins(r.wait.max_s) : '–')],
  ['utilisation', 'Tables busy', (r) => `${Math.round(r.utilisation * 100)}%`],
  ['clear_at', 'Line clears at', (r) => (r.left_waiting > 0 ? 'never' : hhmm(r.clear_at))],
];

// Staffing steps with one per minute as shown: the last of several in the same minute (tables
// opened one after another).
function lastPerTime(steps) {
  return steps.filter((t, i) => hhmm(steps[i + 1]?.from) !== hhmm(t.from));
}

// A headline figure: the simulated value, and the recorded day's beside it on a replay.
function tile(id, label, simulated, actual) {
  const value = (v, of, note) => h('span', { class: `plan-value ${of}` },
    h('span', { class: 'tile-value', dataset: { of } }, v), note ? h('span', { class: 'hint' }, note) : null);
  return h('div', { class: 'tile plan-tile', dataset: { figure: id } },
    h('span', { class: 'tile-label' }, label),
    h('span', { class: 'plan-values' },
      value(simulated, 'simulated', actual != null ? 'what if' : null),
      actual != null ? value(actual, 'actual', 'recorded day') : null));
}

export class PlanPanel {
  constructor(section, { pin, onUnauthorized = () => {} }) {
    this.section = section;
    this.pin = pin;
    this.onUnauthorized = onUnauthorized;
    this.form = section.querySelector('#plan-form');
    this.rows = section.querySelector('#plan-tables');
    this.status = section.querySelector('#plan-status');
    this.results = section.querySelector('#plan-results');
    this.charts = null;
    this.result = null;   // the last answer shown, with `mode`
    this.busy = false;

    const saved = this.loadSaved();
    this.fill({ ...DEFAULTS, ...saved?.form });
    // Enter in a field: the goal's fields find the fewest tables, any other simulates.
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.run(document.activeElement?.closest('#plan-goal') ? 'goal' : 'simulate');
    });
    section.querySelector('#plan-find').addEventListener('click', () => this.run('goal'));
    section.querySelector('#plan-add-row').addEventListener('click', () => this.addRow());
    section.querySelector('#plan-use').addEventListener('click', () => this.useStaffing());
    this.form.elements.use_csv.addEventListener('change', () => this.showSource());
    this.form.elements.replay.addEventListener('change', () => this.showSource());
    this.form.elements.csv_file.addEventListener('change', () => this.readFile());
    this.form.addEventListener('input', (e) => { this.clearError(e.target); this.save(); });
    this.form.addEventListener('change', () => this.save());
    // The charts size themselves to a visible box: draw the kept answer when the view first shows.
    new MutationObserver(() => { if (!section.hidden && this.result && !this.charts) this.render(this.result); })
      .observe(section, { attributes: true, attributeFilter: ['hidden'] });
    if (saved?.result) this.render(saved.result);
  }

  // ---- the form ----

  fill(f) {
    const el = this.form.elements;
    for (const name of INPUTS) {
      el[name].value = f[name] ?? '';
    }
    el.use_csv.checked = !!f.use_csv;
    el.replay.checked = !!f.replay;
    this.csv = { name: f.csv_name ?? '', text: f.csv_text ?? '' };
    this.rows.replaceChildren(...(f.tables ?? []).map((r) => this.row(r)));
    this.showSource();
  }

  // The form as plain values (what is kept, and what `body` reads).
  values() {
    const el = this.form.elements;
    const f = {};
    for (const name of INPUTS) {
      f[name] = el[name].value;
    }
    f.use_csv = el.use_csv.checked;
    f.replay = el.replay.checked;
    f.csv_name = this.csv.name;
    f.csv_text = this.csv.text;
    f.tables = [...this.rows.children].map((li) => ({
      from: li.querySelector('.plan-from').value,
      tables: li.querySelector('input[type=number]').value,
    }));
    return f;
  }

  // Shows the curve or the CSV, and greys out what a replay does not use.
  showSource() {
    const el = this.form.elements;
    this.section.querySelector('#plan-curve').hidden = el.use_csv.checked;
    this.section.querySelector('#plan-csv').hidden = !el.use_csv.checked;
    setText(this.section.querySelector('#plan-csv-name'), this.csv.name ? `Loaded: ${this.csv.name} (${this.csv.text.split('\n').filter((l) => l.trim()).length} lines)` : 'No file chosen yet.');
    for (const id of ['plan-finishers', 'plan-who', 'plan-sessions']) this.section.querySelector(`#${id}`).disabled = el.replay.checked;
  }

  // One row of the table list: "From [11:00] [6] tables [Remove]".
  row({ from, tables }) {
    const time = h('input', { class: 'plan-from', value: from ?? '', required: true, inputmode: 'numeric', autocomplete: 'off' });
    const count = h('input', { type: 'number', min: '0', max: '100', step: '1', inputmode: 'numeric', value: tables ?? '' });
    const remove = h('button', { type: 'button', class: 'quiet' }, 'Remove');
    const label = () => remove.setAttribute('aria-label', `Remove the row from ${time.value || 'no time'}`);
    label();
    time.addEventListener('input', label);
    remove.addEventListener('click', () => {
      const next = li.nextElementSibling ?? li.previousElementSibling;
      li.remove();
      this.save();
      (next?.querySelector('input') ?? this.section.querySelector('#plan-add-row')).focus();
    });
    const li = h('li', { class: 'plan-row' },
      h('label', {}, h('span', {}, 'From'), time),
      h('label', {}, count, h('span', {}, 'tables')),
      remove);
    return li;
  }

  addRow() {
    const last = this.values().tables.at(-1);
    const m = hoursMinutes(last?.from || '10:00') ?? 0;  // an hour after the last row, at most 47:MM
    const from = clockText(Math.min(47, Math.floor(m / 60) + 1) * 60 + (m % 60));
    const li = this.row({ from, tables: last?.tables ?? 10 });
    this.rows.append(li);
    this.save();
    li.querySelector('input').focus();
  }

  async readFile() {
    const input = this.form.elements.csv_file;
    const f = input.files[0];
    if (!f) return;
    this.clearError(input);
    if (f.size > MAX_CSV_BYTES) { this.showError('plan-csv-file', 'That file is larger than 1 MB. Save only the finish-time column and try again.'); return; }
    this.csv = { name: f.name, text: await f.text() };
    this.showSource();
    this.save();
  }

  // ---- the plan ----

  // The request body for `mode` ('simulate' or 'goal'); null after showing an error by its field.
  body(mode) {
    const f = this.values();
    const plan = { ...FIXED };
    if (f.replay) {
      plan.arrivals = 'recorded';
      plan.session = { dist: 'recorded' };
      delete plan.walk_s;  // the recorded day's own walk to the table
    } else {
      if (f.use_csv) {
        if (!this.csv.text) { this.showError('plan-csv-file', 'Choose last year\'s results file first.'); return null; }
        plan.finish_times_csv = this.csv.text;
      } else {
        const start = clockOf(f.start);
        if (start === null) { this.showError('plan-start', CLOCK_HELP); return null; }
        const finishers = { count: num(f.count), start };
        for (const [name, key, id] of [['median', 'median_min', 'plan-median'], ['p90', 'p90_min', 'plan-p90'], ['first', 'first_min', 'plan-first'], ['last', 'last_min', 'plan-last']]) {
          const m = hoursMinutes(f[name]);
          if (m === null) { this.showError(id, 'Write it as hours:minutes, e.g. 4:25.'); return null; }
          finishers[key] = m;
        }
        plan.finishers = finishers;
      }
      if (f.take_up.trim() === '') { this.showError('plan-take-up', 'Say what share of finishers come to the tent, e.g. 25.'); return null; }
      plan.take_up = share(f.take_up);
      plan.delay_min = num(f.delay);
      plan.delay_spread_min = num(f.delay_spread);
      const spread = share(f.spread) ?? 0;
      plan.session = spread > 0 ? { dist: 'lognormal', mean_min: num(f.session), cv: spread } : { dist: 'fixed', mean_min: num(f.session) };
    }
    plan.no_show_rate = share(f.no_show);
    plan.walkout_rate = share(f.walkout);
    plan.walkout_after_min = num(f.walkout_after);
    const closing = clockOf(f.closing);
    if (closing === null) { this.showError('plan-closing', CLOCK_HELP); return null; }
    if (closing) plan.closing = closing;
    if (mode === 'goal') plan.goal = { p90_wait_min: num(f.goal_wait), max_tables: num(f.goal_max) };
    else {
      const rows = f.tables.map((r) => ({ from: clockOf(r.from), tables: num(r.tables) ?? null }));
      if (rows.some((r) => r.from === null)) { this.showError('plan-tables', `A row's time is not a time of day. ${CLOCK_HELP}`); return null; }
      plan.tables = rows;
    }
    return plan;
  }

  async run(mode) {
    if (this.busy) return;
    this.clearErrors();
    const plan = this.body(mode);
    if (!plan) return;
    // A file under the limit may still make a body over it, written as JSON with the rest of the plan.
    if (plan.finish_times_csv && new Blob([JSON.stringify(plan)]).size > MAX_BODY_BYTES) {
      this.showError('plan-csv-file', 'That file is too large to send with the plan. Save only the finish-time column and try again.');
      return;
    }
    this.setBusy(true, mode);
    const reply = await api('/api/plan', { method: 'POST', body: plan, pin: this.pin });
    this.setBusy(false, mode);
    if (reply.status === 200 && reply.body?.buckets) {
      const result = { ...reply.body, mode, replay: !!plan.arrivals, goal: plan.goal };
      this.render(result);
      this.save();
      // Below the sticky header, however many lines it wraps to on a narrow screen.
      const header = document.querySelector('.topbar');
      this.results.style.scrollMarginTop = `${(header?.offsetHeight ?? 0) + 16}px`;
      this.results.scrollIntoView({ block: 'start' });
      this.say(mode === 'goal' ? 'Done: the fewest tables found are below.' : 'Done: the day as simulated is below.', 'ok');
      return;
    }
    if (reply.status === 401 || reply.status === 403) { this.onUnauthorized(); return; }
    if (reply.status === 503) { this.say('Another plan is being worked out right now (perhaps on another screen). Try again in a moment.', 'error'); return; }
    const field = /The field '([a-z0-9_]+)'/.exec(errorMessage(reply, ''))?.[1];
    let id = INPUT_OF[field];
    if (plan.arrivals && (field === 'arrivals' || field === 'dist')) id = 'plan-replay';
    // The server names the plan's field; the organiser knows it by the form's label.
    const label = id && document.querySelector(`label[for="${id}"]`)?.firstChild?.textContent.trim();
    const named = label ? `“${label}”` : `The field '${field}'`;
    const message = field in PERCENT_FIELDS
      ? `${named} must be a percentage from 0 to ${PERCENT_FIELDS[field]}.`
      : errorMessage(reply, 'The plan could not be worked out.').replace(`The field '${field}'`, named);
    if (id) this.showError(id, message);
    this.say(`Nothing was worked out: ${message}`, 'error');
  }

  setBusy(busy, mode) {
    this.busy = busy;
    this.form.setAttribute('aria-busy', String(busy));
    this.results.setAttribute('aria-busy', String(busy));
    for (const b of this.form.querySelectorAll('#plan-simulate, #plan-find')) b.disabled = busy;
    if (busy) this.say(mode === 'goal' ? 'Looking for the fewest tables… this takes a few seconds.' : 'Working out the day…');
    else {
      const again = this.form.querySelector(mode === 'goal' ? '#plan-find' : '#plan-simulate');
      if (document.activeElement === document.body) again.focus();
    }
  }

  // ---- the answer ----

  render(result) {
    this.result = result;
    this.results.hidden = false;
    const actual = result.actual;
    setText(this.section.querySelector('#plan-results-h'), result.replay ? 'What if: the recorded day with these tables' : 'The day as simulated');
    const how = result.mode === 'goal' ? 'with the fewest tables found' : 'with your table list';
    setText(this.section.querySelector('#plan-summary'), result.replay
      ? `The ${result.arrivals} runners who checked in on the recorded day, ${how}, beside what happened that day. Worked out in ${result.elapsed_ms} ms.`
      : `${result.arrivals} runners reach the tent, ${how}.${skippedText(result.finish_times_skipped)} Worked out in ${result.elapsed_ms} ms.`);
    this.section.querySelector('#plan-figures').classList.toggle('compare', !!actual);
    this.section.querySelector('#plan-figures').replaceChildren(
      ...FIGURES.map(([id, label, value]) => tile(id, label, value(result), actual && value(actual))),
      tile('elapsed', 'Worked out in', `${result.elapsed_ms} ms`));
    const steps = lastPerTime(result.recorded_tables ?? []);
    setText(this.section.querySelector('#plan-recorded'), steps.length ? `Tables staffed on the recorded day: ${steps.map((t) => `from ${hhmm(t.from)} ${tablesText(t.tables)}`).join(', ')}.` : '');
    this.renderStaffing(result);
    if (!this.charts && typeof Chart === 'function' && !this.section.hidden) this.charts = createPlanCharts(this.section.querySelector('#plan-charts'));
    this.charts?.update(result, actual);
    if (typeof Chart !== 'function') setText(this.section.querySelector('#plan-charts'), 'The charts could not load (the chart library is missing from the server). The figures above are complete.');
  }

  renderStaffing(result) {
    const box = this.section.querySelector('#plan-staffing');
    const s = result.staffing;
    box.hidden = !s;
    if (!s) return;
    const goal = result.goal ?? {};
    setText(box.querySelector('#plan-staffing-met'), result.arrivals === 0
      ? 'No runner comes to the tent in this plan, so no table is needed. Check the take-up and the finishers.'
      : s.met
      ? `Goal met: in every hour, 90% of runners wait at most ${goal.p90_wait_min} min.`
      : `Goal not met: even ${goal.max_tables} tables at once cannot keep 90% of waits under ${goal.p90_wait_min} min in every hour. The busiest hours below are at that limit; book more tables, or accept longer waits.`);
    box.querySelector('#plan-staffing-met').dataset.kind = s.met ? 'ok' : 'error';
    box.querySelector('tbody').replaceChildren(...s.tables.map((step) =>
      h('tr', {}, h('td', {}, `${hhmm(step.from)} →`), h('td', { class: 'num' }, tablesText(step.tables)))));
    setText(box.querySelector('#plan-staffing-total'), `${s.table_hours} table-hours in all (a table staffed for an hour is one table-hour).`);
  }

  // Copies the table plan found into the table list.
  useStaffing() {
    const steps = this.result?.staffing?.tables;
    if (!steps) return;
    this.rows.replaceChildren(...steps.map((step) => this.row({ from: hhmm(step.from), tables: step.tables })));
    this.save();
    this.say('The plan found is now in the Tables list. Press Simulate to see its day.', 'ok');
    this.form.querySelector('#plan-simulate').focus();
  }

  // ---- errors, status, storage ----

  showError(id, text) {
    const input = this.section.querySelector(`#${id}`);
    const out = this.section.querySelector(`#${id}-error`);
    if (!input || !out) return;
    setText(out, text);
    if (id === 'plan-tables') { (input.querySelector('input') ?? input).focus(); return; }
    input.setAttribute('aria-invalid', 'true');
    if (!input.closest('[hidden]') && !input.disabled) input.focus();
  }

  clearError(input) {
    if (!input?.id) return;
    input.removeAttribute('aria-invalid');
    const out = this.section.querySelector(`#${input.id}-error`);
    if (out) setText(out, '');
  }

  clearErrors() {
    for (const el of this.section.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const p of this.section.querySelectorAll('.field-error')) setText(p, '');
    this.say('');
  }

  say(text, kind = '') {
    setText(this.status, text);
    this.status.dataset.kind = kind;
  }

  loadSaved() {
    try { return JSON.parse(localStorage.getItem(tentStorageKey(STORAGE))); } catch { return null; }
  }

  // Keeps the form and the answer shown for the next visit; a results file too large for the
  // browser's storage is left out.
  save() {
    const kept = { form: this.values(), result: this.result };
    try {
      localStorage.setItem(tentStorageKey(STORAGE), JSON.stringify(kept));
    } catch {
      kept.form.csv_text = '';
      try { localStorage.setItem(tentStorageKey(STORAGE), JSON.stringify(kept)); } catch { /* storage is full or off */ }
    }
  }
}
