// The table board: one card per table, kept in place by id and updated field by field, so frames
// and the 1 s ticker never steal focus or shift the layout. One big button per card does the
// common next step; the rest lives in the table menu (table-menu.js). Every op carries `expect`,
// the table as the card showed it, so a tap on a card that is out of date changes nothing.

import { clock, TABLE_STATE_LABELS } from '/shared/format.js';
import { $, h, setText, setHidden, setAttr } from '/shared/dom.js';
import { tableTimer, primaryAction, undoLabel, tableExpect, isEarlyFinish, boardOrder, areasText, referralNote } from './timers.js';
import { createTapGuard } from './tap-guard.js';
import { confirmAction } from './ui.js';
import { createAddTables } from './add-tables.js';
import { createRecordPrompt } from './record-prompt.js';

export function createCard(id, handlers) {
  const p = {};
  p.name = h('h3', { class: 'card-name', id: `table-${id}-name` });
  p.pill = h('span', { class: 'state-pill' });
  p.therapist = h('p', { class: 'therapist' });
  p.bib = h('span', { class: 'bib' });
  p.runnerName = h('span', { class: 'runner-name' });
  p.runnerLabel = h('span', { class: 'runner-label' });
  p.runnerAreas = h('span', { class: 'runner-areas' });  // the focus areas in the compact list
  p.runner = h('p', { class: 'runner' }, p.runnerLabel, p.bib, p.runnerName, p.runnerAreas);
  p.timerLabel = h('span', { class: 'timer-label' });
  p.timerValue = h('span', { class: 'timer-value' });
  p.timerTarget = h('span', { class: 'timer-target' });
  p.flag = h('span', { class: 'flag' });
  p.timer = h('p', { class: 'timer' }, p.timerLabel, p.timerValue, p.timerTarget);
  p.areas = h('span', { class: 'areas-value' });
  p.areasLine = h('p', { class: 'areas-line', hidden: true }, h('span', { class: 'areas-label' }, 'Focus: '), p.areas);
  p.note = h('p', { class: 'referral-note', hidden: true });
  p.primary = h('button', { type: 'button', class: 'primary big', onclick: () => handlers.primary(id) });
  p.undo = h('button', { type: 'button', class: 'undo', hidden: true, onclick: () => handlers.undo(id) });
  p.more = h('button', { type: 'button', class: 'more', title: 'More actions', 'aria-haspopup': 'dialog', onclick: () => handlers.more(id, p.more) }, '⋯');
  // Below the actions, so that the big button does not move when the prompt appears after Finish.
  p.record = createRecordPrompt(id, handlers.record);
  const el = h('li', { class: 'card', 'aria-labelledby': p.name.id, dataset: { table: id } },
    h('div', { class: 'card-head' }, p.name, p.flag, p.pill),
    p.therapist, p.runner, p.areasLine, p.note, p.timer,
    h('div', { class: 'card-actions' }, p.primary, p.undo, p.more), p.record.el);
  el.parts = p;
  return el;
}

// view: {settings, limits, queueLength, now, name (runner's, or ''), last (undoable event), busy, guard,
//        place (where the card is on the board)}
export function updateCard(card, table, view) {
  const p = card.parts;
  card.shown = table;  // what the volunteer sees: the `expect` of the card's ops
  setAttr(card, 'data-state', table.state);
  setText(p.name, table.name);
  setText(p.pill, TABLE_STATE_LABELS[table.state] ?? table.state);
  // A table on a break with nobody on it takes runners again once someone signs in (the server's rule).
  setText(p.therapist, table.therapist ? `Therapist: ${table.therapist}`
    : table.state === 'break' ? 'No therapist: sign one in (⋯) to take runners' : 'No therapist set');
  p.therapist.classList.toggle('muted', !table.therapist);

  if (table.bib) {
    setText(p.runnerLabel, 'Bib ');
    setText(p.bib, table.bib);
    setText(p.runnerName, view.name ?? '');
  } else {
    const idle = table.state === 'free' && view.queueLength === 0 ? 'Queue empty' : table.state === 'closed' ? 'Not in use' : 'No runner';
    setText(p.runnerLabel, idle);
    setText(p.bib, '');
    setText(p.runnerName, '');
  }

  // What the therapist needs about the runner: the focus areas and any earlier referral.
  const withRunner = table.state === 'called' || table.state === 'in_session';
  const areas = withRunner ? areasText(table.areas) : '';
  setText(p.areas, areas);
  setText(p.runnerAreas, areas);
  setHidden(p.areasLine, !areas);
  const note = withRunner ? referralNote(table.referral) : '';
  setText(p.note, note);
  setHidden(p.note, !note);

  const timer = tableTimer(table, view.settings, view.now);
  setText(p.timerLabel, timer ? timer.label : '');
  setText(p.timerValue, timer ? clock(timer.elapsedS) : '');
  setText(p.timerTarget, timer?.targetS != null ? `of ${clock(timer.targetS)}` : '');
  setText(p.flag, timer?.flag ?? '');
  p.timer.classList.toggle('over', timer?.level === 'over');
  card.classList.toggle('overdue', timer?.level === 'over');

  const action = primaryAction(table, view.queueLength);
  // The meaning is the op and the runner it is about: Arrived for bib 12 is not Arrived for bib 40.
  // The card's place on the board is part of it too: a card that has just moved under the finger
  // (sorted up as overdue, or picked as one of "my tables") does not take the tap meant for another.
  const at = view.place ?? '';
  const primarySettling = !!view.guard?.update(p.primary, action ? `${action.op} ${table.bib ?? ''} @${at}` : '');
  setHidden(p.primary, !action);
  if (action) {
    setText(p.primary, action.label);
    setAttr(p.primary, 'aria-label', `${action.label}, ${table.name}`);
    // aria-disabled rather than disabled: a focused button stays focused while its state changes.
    setAttr(p.primary, 'aria-disabled', action.disabled || view.busy || primarySettling ? 'true' : null);
  }
  const undo = undoLabel(table, view.last, view.now, view.limits);
  const undoSettling = !!view.guard?.update(p.undo, undo ? `${undo} ${table.bib ?? ''} @${at}` : '');
  setHidden(p.undo, !undo);
  if (undo) {
    setText(p.undo, undo);
    setAttr(p.undo, 'aria-label', `${undo}, ${table.name}`);
    setAttr(p.undo, 'aria-disabled', view.busy || undoSettling ? 'true' : null);
  }
  setAttr(p.more, 'aria-label', `More actions for ${table.name}`);
  p.record.update(table, { limits: view.limits, busy: view.busy, guard: view.guard, place: at });
}

// ctx: {tent, run, names, lastUndoable: Map(id → {type, at}), openMenu(id, button), myTables}
export function createBoard(ctx) {
  const list = $('board');
  const empty = $('board-empty');
  const cards = new Map();
  const busy = new Set();
  const guard = createTapGuard(() => render());
  const otherList = $('board-others');
  const othersBox = $('other-tables');
  const othersTitle = $('other-tables-title');
  const addTables = createAddTables(ctx);

  // `shown` is the table as the card showed it when the volunteer tapped.
  async function act(id, op, shown) {
    if (busy.has(id)) return;
    busy.add(id);
    render();
    await ctx.run(op, { table: id, expect: tableExpect(shown) }, shown.name);
    busy.delete(id);
    render();
  }

  // A finish this soon after the start is more likely a second tap or the wrong card than a session.
  async function confirmEarlyFinish(shown) {
    const seconds = Math.max(0, Math.round((ctx.tent.now() - shown.started_at) / 1000));
    return confirmAction({
      title: `Finish ${shown.name} already?`,
      message: `Bib ${shown.bib} has been on the table for only ${seconds} s.`,
      confirmLabel: 'Yes, finish',
    });
  }

  const handlers = {
    async primary(id) {
      const card = cards.get(id);
      const shown = card?.shown;
      if (!shown || busy.has(id) || guard.settling(card.parts.primary)) return;
      const action = primaryAction(shown, ctx.tent.state.queue.length);
      if (!action || action.disabled) return;
      if (action.op === 'finish' && isEarlyFinish(shown, ctx.tent.now()) && !(await confirmEarlyFinish(shown))) return;
      act(id, action.op, shown);
    },
    undo(id) {
      const card = cards.get(id);
      if (card?.shown && !guard.settling(card.parts.undo)) act(id, 'undo', card.shown);
    },
    more(id, button) { ctx.openMenu(id, button); },
    // The session record: one op, no `expect` (it is about the runner, whatever the table does next).
    async record(id, params) {
      if (busy.has(id)) return false;
      busy.add(id);
      render();
      const reply = await ctx.run('record', params, `Bib ${params.bib}`);
      busy.delete(id);
      render();
      return reply.ok;
    },
  };

  // "My tables" first (all tables when none are picked), the others in a collapsed list below;
  // in each, the tables that need action first.
  function render() {
    const state = ctx.tent.state;
    const now = ctx.tent.now();
    const order = boardOrder([...state.tables.values()], state.settings, now);
    const mine = ctx.myTables.pick(order);
    const others = order.filter((id) => !mine.includes(id));
    place(list, mine, 'mine', state, now);
    place(otherList, others, 'others', state, now);
    for (const [id, card] of cards) if (!state.tables.has(id)) { card.remove(); cards.delete(id); }
    setHidden(empty, order.length > 0);
    setHidden(othersBox, others.length === 0);
    const needing = others.filter((id) => cards.get(id).classList.contains('overdue')).length;
    setText(othersTitle, `Other tables (${others.length})${needing ? ` · ${needing} need${needing === 1 ? 's' : ''} action` : ''}`);
    othersBox.classList.toggle('needs-action', needing > 0);
    addTables.render(order.length);
  }

  function place(into, ids, where, state, now) {
    ids.forEach((id, i) => {
      let card = cards.get(id);
      if (!card) { card = createCard(id, handlers); cards.set(id, card); }
      if (into.children[i] !== card) into.insertBefore(card, into.children[i] ?? null);
      const table = state.tables.get(id);
      updateCard(card, table, {
        settings: state.settings, limits: state.limits, queueLength: state.queue.length, now,
        name: table.bib ? ctx.names.get(table.bib) : '', last: ctx.lastUndoable.get(id), busy: busy.has(id), guard,
        place: `${where} ${i}`,
      });
    });
  }

  return { render };
}
