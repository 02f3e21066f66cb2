// Draws the tent's public state onto the display's fixed DOM. Nodes are created once (or once per
// table / per grid cell / per concurrent call) and then only their text and attributes change, so
// a screen left on for 12 hours does not grow. All times come from tent.now(), the server's clock.
//
// Every unanswered call stays on screen, oldest first (the oldest are the likeliest no-shows): the
// first LARGE_CALLS as large cards, the rest in a compact list that shows as many as fit and pages
// through the others every PAGE_MS. "Next in line" shows as many bibs as fit at full size and pages
// through the rest the same way. Both say how many are not shown.

import { clock, duration, timeOfDay } from '/shared/format.js';
import { $, h, setText } from '/shared/dom.js';
import { announcementFor } from '/shared/announcement.js';
import { english } from './labels.js';

export const LARGE_CALLS = 8;
export const PAGE_MS = 8_000;     // the compact calls and "next in line" turn a page this often
const HIGHLIGHT_MS = 10_000;      // a new or recalled call stands out this long
const FIXED_TABLES = 20;          // up to this many tables, cells have a fixed, readable size

export class Screen {
  constructor(tent) {
    this.tent = tent;
    this.t = english;             // (key, vars) -> label; see labels.js
    this.lang = 'en';
    this.el = {
      screen: $('screen'), name: $('tent-name'), clock: $('clock'), announcement: $('announcement'),
      calls: $('calls'), compact: $('calls-compact'), callsEmpty: $('calls-empty'), callsMore: $('calls-more'),
      callingTitle: $('calling-title'), nextTitle: $('next-title-text'),
      next: $('next-list'), nextMore: $('next-more'), nextEmpty: $('next-empty'), waiting: $('waiting-count'),
      newWait: $('new-wait'), newWaitLabel: $('new-wait-label'),
      grid: $('table-grid'), tablesEmpty: $('tables-empty'), tablesTitle: $('tables-title'),
    };
    this.callSlots = Array.from({ length: LARGE_CALLS }, () => this.makeCallSlot());
    this.compactSlots = [];
    this.nextSlots = [];
    this.nextCapacity = 0;
    this.cells = new Map();     // table id -> {li, name, state, detail}
    this.recalls = new Map();   // table id -> {calledAt, at}: a recall of that call, at server time `at`
    this.gridShape = '';
  }

  // Labels in another language: `t` maps a label key (labels.js) to text, `lang` its code.
  setLanguage(t, lang) {
    this.t = t;
    this.lang = lang;
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
  }

  // A `recalled` event: the table's current call stands out again (it keeps its place in the order).
  recalled(tableId) {
    const t = this.tent.state.tables.get(tableId);
    if (t?.state === 'called') this.recalls.set(tableId, { calledAt: t.called_at, at: this.tent.now() });
  }

  render() {
    const s = this.tent.state;
    const now = this.tent.now();
    const tentName = s.settings?.tent_name || this.t('tent');
    setText(this.el.name, tentName);
    if (document.title !== `${tentName} — display`) document.title = `${tentName} — display`;
    setText(this.el.clock, timeOfDay(now));
    const ann = announcementFor(s, this.lang);
    setText(this.el.announcement, ann);
    this.el.announcement.toggleAttribute('data-long', ann.length > 120);
    setText(this.el.callingTitle, this.t('now_calling'));
    setText(this.el.nextTitle, this.t('next_in_line'));
    setText(this.el.tablesTitle, this.t('tables'));
    setText(this.el.callsEmpty, this.t('calls_empty'));
    setText(this.el.nextEmpty, this.t('next_empty'));
    // The number of calls sets the layout (display.css), the table grid's share included: first.
    let n = 0;
    for (const t of s.tables.values()) if (t.state === 'called' && t.bib) n++;
    setData(this.el.screen, 'calls', n === 0 ? 'none' : n === 1 ? 'one' : n <= 4 ? 'few' : n <= LARGE_CALLS ? 'many' : 'over');
    this.renderTables(s, now);
    this.reserveNext(s);
    this.renderCalls(s, now);
    this.renderNext(s);
    // Next in line's least height is measured on its previous content (the "+N more" line may have
    // wrapped differently, say after a turn of the screen): if it changed, lay the panels out again.
    if (this.reserveNext(s)) {
      this.renderCalls(s, now);
      this.renderNext(s);
    }
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
    calls.sort((a, b) => (a.t.called_at ?? 0) - (b.t.called_at ?? 0) || a.t.id - b.t.id);
    const n = calls.length;
    this.el.calls.hidden = n === 0;
    this.el.callsEmpty.hidden = n > 0;
    this.callSlots.forEach((slot, i) => {
      const c = calls[i];
      slot.li.hidden = !c;
      if (!c) return;
      setText(slot.bib, c.t.bib);
      setText(slot.dest, c.t.name);
      setText(slot.go, ` ${this.t('go_to')} `);
      slot.li.classList.toggle('highlight', now - c.last < HIGHLIGHT_MS);
    });
    // The rest page through the compact list, as many at a time as its box holds, every PAGE_MS.
    const rest = calls.slice(LARGE_CALLS);
    while (this.compactSlots.length < rest.length) this.compactSlots.push(this.makeCompactSlot());
    this.el.compact.hidden = rest.length === 0;
    const pages = this.compactPages(rest);
    const page = pages.length > 1 ? Math.floor(Date.now() / PAGE_MS) % pages.length : 0;
    const [from, to] = pages[page] ?? [0, 0];
    this.fillCompact(rest, from, to);
    const notShown = rest.length - (to - from);
    this.el.callsMore.hidden = notShown === 0;
    setText(this.el.callsMore, notShown ? this.t('calls_more', { n: notShown, page: page + 1, pages: pages.length }) : '');
  }

  // The compact list's pages as [from, to) runs of `rest`: each as many calls as the list's box shows
  // from its first, measured (table names differ in width, so a page's size does too).
  compactPages(rest) {
    const box = this.el.compact;
    const pages = [];
    for (let from = 0; from < rest.length;) {
      this.fillCompact(rest, from, rest.length);
      const b = box.getBoundingClientRect();
      let k = 0;
      while (from + k < rest.length) {
        const r = this.compactSlots[k].li.getBoundingClientRect();
        if (r.bottom > b.bottom + 1 || r.right > b.right + 1) break;
        k++;
      }
      k = Math.max(1, k);
      pages.push([from, from + k]);
      from += k;
    }
    return pages;
  }

  // Shows rest[from, to) in the compact list's first slots and hides the others.
  fillCompact(rest, from, to) {
    this.compactSlots.forEach((slot, i) => {
      const c = rest[from + i];
      slot.li.hidden = !c || from + i >= to;
      if (slot.li.hidden) return;
      setText(slot.bib, c.t.bib);
      setText(slot.dest, c.t.name);
    });
  }

  // The least height "next in line" needs (its title, one row of bibs or the empty text, the "+N
  // more" line, the estimated wait): where the calls stack above it (portrait), they never take it
  // (display.css reads --next-min). True when it changed.
  reserveNext(s) {
    const panel = $('next'), ps = getComputedStyle(panel);
    const gap = parseFloat(ps.rowGap) || 0;
    const fixed = [$('next-title'), this.el.newWait.parentElement].reduce((sum, el) => sum + el.offsetHeight, 0);
    const rowPx = parseFloat(getComputedStyle(this.el.next).gridTemplateRows) || 96;   // one row of bibs, as laid out
    const lineOf = (el) => parseFloat(getComputedStyle(el).fontSize) * 1.25;
    const middle = s.queue.length ? rowPx + gap + (this.el.nextMore.offsetHeight || lineOf(this.el.nextMore)) : 2 * lineOf(this.el.nextEmpty);
    const px = `${Math.ceil(fixed + middle + 2 * gap + parseFloat(ps.paddingTop) + parseFloat(ps.paddingBottom) + 2)}px`;
    if (this.el.screen.style.getPropertyValue('--next-min') === px) return false;
    this.el.screen.style.setProperty('--next-min', px);
    return true;
  }

  renderNext(s) {
    const q = s.queue;
    setText(this.el.waiting, q.length ? this.t('waiting_count', { n: q.length }) : '');
    setData(this.el.screen, 'waiting', q.length ? 'some' : 'none');
    this.el.next.hidden = q.length === 0;
    this.el.nextEmpty.hidden = q.length > 0;
    this.fitNext();
    const cap = Math.max(1, this.nextCapacity);
    const pages = Math.ceil(q.length / cap);
    const page = pages > 1 ? Math.floor(Date.now() / PAGE_MS) % pages : 0;
    const first = page * cap;
    this.nextSlots.forEach((slot, i) => {
      const e = q[first + i];
      slot.li.hidden = !e;
      if (!e) return;
      setText(slot.pos, `${first + i + 1}`);
      setText(slot.bib, e.bib);
    });
    const shown = Math.max(0, Math.min(cap, q.length - first));
    const notShown = q.length - shown;
    this.el.nextMore.hidden = pages <= 1;
    this.el.nextMore.dataset.page = `${page + 1}/${pages}`;
    if (pages > 1) setText(this.el.nextMore, this.t('next_more', { n: notShown, page: page + 1, pages }));
    const closed = this.tent.lineClosed();
    const wait = this.tent.newArrivalWait();
    this.el.newWait.toggleAttribute('data-closed', closed);
    setText(this.el.newWaitLabel, closed ? this.t('no_new_checkins') : this.t('new_wait'));
    setText(this.el.newWait, closed ? this.t('line_closed') : wait == null ? this.t('once_table_opens') : wait < 60 ? this.t('under_minute') : duration(wait));
  }

  // How many bibs fit in "next in line" at full size: columns of about 3.8 bib-heights (a pos and
  // five digits), rows from the height left in the panel. The "+N more" line is reserved whenever the line pages.
  fitNext() {
    const list = this.el.next;
    if (list.hidden) return;
    const cs = getComputedStyle(list);
    const bibPx = parseFloat(cs.getPropertyValue('--next-bib')) || 80;
    const colGap = parseFloat(cs.columnGap) || 0;
    const cols = Math.max(1, Math.floor((list.clientWidth + colGap) / (bibPx * 3.8 + colGap)));
    if (String(cols) !== list.style.getPropertyValue('--next-cols')) list.style.setProperty('--next-cols', cols);
    const rowH = bibPx * 1.2;
    const panel = list.parentElement;
    const used = [...panel.children].filter((c) => c !== list && !c.hidden && c.id !== 'next-more')
      .reduce((sum, c) => sum + c.offsetHeight, 0);
    const pstyle = getComputedStyle(panel);
    const gap = parseFloat(pstyle.rowGap) || 0;
    const moreH = this.el.nextMore.offsetHeight || parseFloat(getComputedStyle(this.el.nextMore).fontSize) * 1.3;
    const avail = panel.clientHeight - parseFloat(pstyle.paddingTop) - parseFloat(pstyle.paddingBottom) - used - 3 * gap;
    let rows = Math.max(1, Math.floor(avail / rowH));
    const q = this.tent.state.queue.length;
    if (q > rows * cols) rows = Math.max(1, Math.floor((avail - moreH - gap) / rowH));
    if (String(rows) !== list.style.getPropertyValue('--next-rows')) list.style.setProperty('--next-rows', rows);
    this.nextCapacity = rows * cols;
    while (this.nextSlots.length < this.nextCapacity) this.nextSlots.push(this.makeNextSlot());
    while (this.nextSlots.length > this.nextCapacity) this.nextSlots.pop().li.remove();
  }

  renderTables(s, now) {
    const n = s.tables.size;
    setData(this.el.screen, 'tables', n === 0 ? 'none' : n <= FIXED_TABLES ? 'some' : 'lots');
    this.el.grid.hidden = n === 0;
    this.el.tablesEmpty.hidden = n > 0;
    setText(this.el.tablesEmpty, s.seq == null ? this.t('connecting') : this.t('no_tables'));
    if (n !== this.cells.size) {
      for (const t of s.tables.values()) if (!this.cells.has(t.id)) this.cells.set(t.id, this.makeCell());
      for (const id of [...this.cells.keys()].sort((a, b) => a - b)) this.el.grid.append(this.cells.get(id).li);
    }
    this.fitGrid();
    const changed = [];
    for (const t of s.tables.values()) {
      const cell = this.cells.get(t.id);
      if (cell.li.dataset.state !== t.state) cell.li.dataset.state = t.state;
      setText(cell.name, t.name);
      const [state, detail] = tableStateText(t, now, this.t);
      setText(cell.state, state);
      if (cell.detail.textContent.length !== detail.length || cell.name.dataset.shape !== this.gridShape) {
        cell.name.dataset.shape = this.gridShape;
        changed.push(cell);
      }
      setText(cell.detail, detail);
    }
    // The detail shows beside the name only when it fits whole (the calls panel shows every called
    // bib anyway); measured once for all cells whose text length or grid changed.
    const cut = changed.map((cell) => cell.detail.scrollWidth > cell.detail.clientWidth + 1);
    changed.forEach((cell, i) => cell.detail.toggleAttribute('data-cut', cut[i]));
  }

  // Columns x rows for the table grid. Up to 20 tables: as many columns as keep a cell about seven
  // characters of 40 px type wide. Beyond: the grid gets a share of the screen's height (display.css:
  // --grid-share, less when many calls need the room) and the shape that makes cells largest at about 2:1.
  fitGrid() {
    const n = this.cells.size;
    if (!n) return;
    const grid = this.el.grid;
    const w = grid.clientWidth;
    let cols, rows;
    if (n <= FIXED_TABLES) {
      const text = parseFloat(getComputedStyle(grid).getPropertyValue('--table-text')) || 40;
      cols = Math.max(1, Math.min(n, Math.floor(w / (text * 6.3))));
      rows = Math.ceil(n / cols);
    } else {
      const share = parseFloat(getComputedStyle(this.el.screen).getPropertyValue('--grid-share')) || 0.3;
      const hgt = Math.round(share * innerHeight);
      grid.style.setProperty('--grid-h', `${hgt}px`);
      let best = { cols: 1, rows: n, score: -1 };
      for (let c = 1; c <= n; c++) {
        const r = Math.ceil(n / c);
        const score = Math.min(w / c / 2, hgt / r);
        if (score > best.score) best = { cols: c, rows: r, score };
      }
      ({ cols, rows } = best);
    }
    const shape = `${cols}x${rows}`;
    if (shape !== this.gridShape) {
      this.gridShape = shape;
      grid.style.setProperty('--cols', cols);
      grid.style.setProperty('--rows', rows);
    }
  }

  makeCallSlot() {
    const bib = h('span', { class: 'bib' }), dest = h('span', { class: 'dest' });
    const go = h('span', { class: 'visually-hidden' });
    const li = h('li', { class: 'call', hidden: true }, bib, go, dest);
    this.el.calls.append(li);
    return { li, bib, dest, go };
  }

  makeCompactSlot() {
    const bib = h('span', { class: 'bib' }), dest = h('span', { class: 'dest' });
    const li = h('li', { class: 'compact-call', hidden: true }, bib, h('span', { class: 'visually-hidden' }, ' → '), dest);
    this.el.compact.append(li);
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
    const li = h('li', { class: 'table' }, name, detail, state);
    return { li, name, state, detail };
  }
}

function setData(el, key, value) {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}

// [state in words, detail]: the detail is the bib called or the session's time used (m:ss).
export function tableStateText(t, now, tr = english) {
  if (t.state === 'called') return [tr('state_calling'), t.bib ?? ''];
  if (t.state === 'in_session') return [tr(`state_${t.state}`), clock((now - (t.started_at ?? now)) / 1000)];
  return [tr(`state_${t.state}`), ''];
}
