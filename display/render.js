// Draws the tent's public state onto the display's fixed DOM. Nodes are created once (or once per
// table / per grid cell) and then only their text and attributes change, so a screen left on for
// 12 hours does not grow. All times come from tent.now(), the server's clock.

import { clock, duration, timeOfDay, TABLE_STATE_LABELS } from '/shared/format.js';
import { $, h, setText } from '/shared/dom.js';

const MAX_CALLS = 4;              // rows in "Now calling" (see .calls in display.css)
const HIGHLIGHT_MS = 10_000;      // a new or recalled call stands out this long

export class Screen {
  constructor(tent) {
    this.tent = tent;
    this.el = {
      screen: $('screen'), name: $('tent-name'), clock: $('clock'), announcement: $('announcement'),
      calls: $('calls'), callsEmpty: $('calls-empty'), callsMore: $('calls-more'),
      next: $('next-list'), nextEmpty: $('next-empty'), waiting: $('waiting-count'), newWait: $('new-wait'), newWaitLabel: $('new-wait-label'),
      grid: $('table-grid'), tablesEmpty: $('tables-empty'),
    };
    this.callSlots = Array.from({ length: MAX_CALLS }, () => this.makeCallSlot());
    this.nextSlots = [];
    this.cells = new Map();     // table id -> {li, name, state, detail}
    this.recalls = new Map();   // table id -> {calledAt, at}: a recall of that call, at server time `at`
    this.gridShape = '';
  }

  // A `recalled` event: the table's current call stands out (and moves to the top) again.
  recalled(tableId) {
    const t = this.tent.state.tables.get(tableId);
    if (t?.state === 'called') this.recalls.set(tableId, { calledAt: t.called_at, at: this.tent.now() });
  }

  render() {
    const s = this.tent.state;
    const now = this.tent.now();
    const tentName = s.settings?.tent_name || 'Massage tent';
    setText(this.el.name, tentName);
    if (document.title !== `${tentName} — display`) document.title = `${tentName} — display`;
    setText(this.el.clock, timeOfDay(now));
    const ann = s.announcement ?? '';
    setText(this.el.announcement, ann);
    this.el.announcement.toggleAttribute('data-long', ann.length > 120);
    this.renderCalls(s, now);
    this.renderNext(s);
    this.renderTables(s, now);
  }

  renderCalls(s, now) {
    const calls = [];
    for (const t of s.tables.values()) {
      if (t.state !== 'called' || !t.bib) continue;
      const r = this.recalls.get(t.id);
      const recalledAt = r && r.calledAt === t.called_at ? r.at : 0;
      calls.push({ t, last: Math.max(t.called_at ?? 0, recalledAt) });
    }
    for (const [id, r] of this.recalls) {
      const t = s.tables.get(id);
      if (!t || t.state !== 'called' || t.called_at !== r.calledAt) this.recalls.delete(id);
    }
    calls.sort((a, b) => b.last - a.last || a.t.id - b.t.id);
    this.el.calls.hidden = calls.length === 0;
    this.el.callsEmpty.hidden = calls.length > 0;
    this.callSlots.forEach((slot, i) => {
      const c = calls[i];
      slot.li.hidden = !c;
      if (!c) return;
      setText(slot.bib, c.t.bib);
      setText(slot.dest, c.t.name);
      slot.li.classList.toggle('highlight', now - c.last < HIGHLIGHT_MS);
    });
    const more = calls.length - MAX_CALLS;
    this.el.callsMore.hidden = more <= 0;
    if (more > 0) setText(this.el.callsMore, `+ ${more} more called: see the tables below`);
  }

  renderNext(s) {
    const q = s.queue;
    setText(this.el.waiting, q.length ? `· ${q.length} waiting` : '');
    this.el.next.hidden = q.length === 0;
    this.el.nextEmpty.hidden = q.length > 0;
    this.nextSlots.forEach((slot, i) => {
      const e = q[i];
      slot.li.hidden = !e;
      if (!e) return;
      setText(slot.pos, `${i + 1}`);
      setText(slot.bib, e.bib);
    });
    const closed = this.tent.lineClosed();
    const wait = this.tent.newArrivalWait();
    this.el.newWait.toggleAttribute('data-closed', closed);
    setText(this.el.newWaitLabel, closed ? 'Sorry, no new check-ins' : 'Checking in now? Estimated wait');
    setText(this.el.newWait, closed ? 'Line closed' : wait == null ? 'Once a table opens' : duration(wait));
  }

  renderTables(s, now) {
    const n = s.tables.size;
    this.el.screen.dataset.tables = n === 0 ? 'none' : n <= 12 ? 'few' : n <= 30 ? 'many' : 'lots';
    this.el.grid.hidden = n === 0;
    this.el.tablesEmpty.hidden = n > 0;
    setText(this.el.tablesEmpty, s.seq == null ? 'Connecting to the tent server…' : 'No tables open yet');
    if (n !== this.cells.size) {
      for (const t of s.tables.values()) if (!this.cells.has(t.id)) this.cells.set(t.id, this.makeCell());
      for (const id of [...this.cells.keys()].sort((a, b) => a - b)) this.el.grid.append(this.cells.get(id).li);
      this.fitGrid();
    }
    for (const t of s.tables.values()) {
      const cell = this.cells.get(t.id);
      if (cell.li.dataset.state !== t.state) cell.li.dataset.state = t.state;
      setText(cell.name, t.name);
      const [state, detail] = tableStateText(t, now);
      setText(cell.state, state);
      setText(cell.detail, detail);
    }
  }

  // Chooses columns x rows for the table grid so cells are as large as possible at about 1.7:1,
  // and how many bibs the "next in line" grid holds. Called on resize and when tables are added.
  fitGrid() {
    const n = this.cells.size;
    const { clientWidth: w, clientHeight: h } = this.el.grid;
    let best = { cols: 1, rows: Math.max(n, 1), score: -1 };
    for (let cols = 1; cols <= Math.max(n, 1); cols++) {
      const rows = Math.ceil(n / cols) || 1;
      const score = Math.min(w / cols / 1.7, h / rows);
      if (score > best.score) best = { cols, rows, score };
    }
    const shape = `${best.cols}x${best.rows}`;
    if (shape !== this.gridShape) {
      this.gridShape = shape;
      this.el.grid.style.setProperty('--cols', best.cols);
      this.el.grid.style.setProperty('--rows', best.rows);
    }
    // Next in line: columns from the CSS (per orientation), rows so that a row stays about 5.5 vmin
    // high at least; the list is hidden (height 0) while nobody waits, so keep the last count then.
    const cols = parseInt(getComputedStyle(this.el.next).getPropertyValue('--next-cols'), 10) || 3;
    const listH = this.el.next.clientHeight;
    if (listH > 0) {
      const rows = Math.max(2, Math.min(6, Math.floor(listH / (0.055 * Math.min(innerWidth, innerHeight)))));
      this.el.next.style.setProperty('--next-rows', rows);
      this.nextRows = rows;
    }
    const capacity = cols * (this.nextRows ?? 5);
    while (this.nextSlots.length < capacity) this.nextSlots.push(this.makeNextSlot());
    while (this.nextSlots.length > capacity) this.nextSlots.pop().li.remove();
  }

  makeCallSlot() {
    const bib = h('span', { class: 'bib' }), dest = h('span', { class: 'dest' });
    const li = h('li', { class: 'call', hidden: true },
      bib, h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'), h('span', { class: 'visually-hidden' }, ' go to '), dest);
    this.el.calls.append(li);
    return { li, bib, dest };
  }

  makeNextSlot() {
    const pos = h('span', { class: 'pos' }), bib = h('span', { class: 'bib' });
    const li = h('li', { class: 'next-item', hidden: true }, pos, bib);
    this.el.next.append(li);
    return { li, pos, bib };
  }

  makeCell() {
    const name = h('span', { class: 't-name' }), state = h('span', { class: 't-state' }), detail = h('span', { class: 't-detail' });
    const li = h('li', { class: 'table' }, name, state, detail);
    return { li, name, state, detail };
  }
}

// [state in words, detail]: the detail is the bib called or the session's time used (m:ss).
export function tableStateText(t, now) {
  if (t.state === 'called') return ['Calling', t.bib ?? ''];
  if (t.state === 'in_session') return ['In session', clock((now - (t.started_at ?? now)) / 1000)];
  return [TABLE_STATE_LABELS[t.state] ?? t.state, ''];
}
