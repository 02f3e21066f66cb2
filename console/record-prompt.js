// The "Record session" prompt on a table card, after Finish: the areas worked as toggle chips
// (pre-filled from the runner's focus areas), then four big outcome buttons, one of which saves
// the record at once, so the common case is two taps (Finish, then Fine). An optional one-line
// note opens under "Add a note". Once saved the card says "Recorded ✓" with a Change button.
//
// The server sends `last_session` in the staff view of a table while the table's last action is
// that finish (until the next runner is on the table), so the prompt stays exactly that long and
// every volunteer's phone shows the same record. The outcome buttons go through the tap guard:
// when the prompt appears (or reopens) under a finger, they ignore taps for a moment.
//
// In the compact list (eight tables on one screen) the prompt is one row: the bib, the usual
// outcome (Fine, or Sent to medical after a finish to medical) and "More…", which opens the rest.

import { h, setText, setHidden, setAttr } from '/shared/dom.js';
import { AREA_LABELS, areasText } from './timers.js';

export const OUTCOME_LABELS = {
  fine: 'Fine', cramp_eased: 'Cramp eased', stopped_early: 'Stopped early', sent_to_medical: 'Sent to medical',
};

// The outcomes a record may have: after "sent to medical" from the table, only that one.
export function recordOutcomes(lastSession) {
  return lastSession?.outcome === 'medical' ? ['sent_to_medical'] : Object.keys(OUTCOME_LABELS);
}

// "Fine · Calves, Hamstrings": a saved record in words.
export function recordSummary(record) {
  const areas = areasText(record.areas);
  return `${OUTCOME_LABELS[record.outcome] ?? record.outcome}${areas ? ` · ${areas}` : ''}`;
}

// onSave(id, {bib, areas, outcome, note}) → Promise<boolean> (true when the server took it).
export function createRecordPrompt(id, onSave) {
  let draft = null;  // {bib, areas: Set, editing, noteOpen, expanded}: what this phone is choosing, per runner
  let lastView = null;
  const titleId = `table-${id}-record-title`;
  const noteId = `table-${id}-record-note`;
  const counterId = `table-${id}-record-count`;

  const title = h('h4', { class: 'record-title', id: titleId });
  const short = h('span', { class: 'record-short', 'aria-hidden': 'true' });  // the compact row's label
  const doneText = h('span', { class: 'record-done-text' });
  const change = h('button', { type: 'button', class: 'record-change', onclick: () => reopen() }, 'Change');
  const done = h('p', { class: 'record-done', role: 'status' }, doneText, change);

  const chips = Object.entries(AREA_LABELS).map(([value, label]) =>
    h('button', { type: 'button', class: 'chip', 'aria-pressed': 'false', dataset: { area: value }, onclick: () => toggle(value) }, label));
  const chipGroup = h('div', { class: 'chips', role: 'group', 'aria-label': 'Areas worked' }, chips);

  const outcomes = Object.entries(OUTCOME_LABELS).map(([value, label]) =>
    h('button', { type: 'button', class: `outcome outcome-${value}`, dataset: { outcome: value }, onclick: (e) => save(value, e.currentTarget) }, label));
  const outcomeGroup = h('div', { class: 'outcomes', role: 'group', 'aria-label': 'How did it go? Tapping saves' }, outcomes);

  const noteToggle = h('button', { type: 'button', class: 'note-toggle', 'aria-expanded': 'false', 'aria-controls': noteId, onclick: () => openNote() }, 'Add a note');
  // No maxlength: it counts UTF-16 units (an emoji is two), the server counts characters (clip).
  const noteInput = h('input', {
    type: 'text', id: noteId, class: 'record-note', autocomplete: 'off', 'aria-describedby': counterId,
    oninput: (e) => { if (!e.isComposing) clip(); count(); },
    oncompositionend: () => { clip(); count(); },
  });
  const counter = h('span', { class: 'note-count', id: counterId, 'aria-live': 'polite' });
  const noteBox = h('div', { class: 'note-box', hidden: true },
    h('label', { for: noteId }, 'Note (optional, one line)'), noteInput, counter);
  // The note before the outcomes: an outcome saves, so whatever the note says must be typed first.
  const more = h('button', { type: 'button', class: 'record-more', onclick: () => expand() }, 'More…');
  const form = h('div', { class: 'record-form' }, chipGroup, noteToggle, noteBox, outcomeGroup, more);

  const el = h('div', { class: 'record-prompt', role: 'group', 'aria-labelledby': titleId, hidden: true }, title, short, done, form);

  function max() { return lastView?.limits?.text_max_length ?? 280; }
  function count() { setText(counter, `${[...noteInput.value].length} / ${max()}`); }

  // At most max() characters (code points, as the server and the counter count them): what goes
  // over is cut from just before the caret, i.e. from what was just typed or pasted, as maxlength
  // would, and the caret stays after what was kept.
  function clip() {
    const over = [...noteInput.value].length - max();
    if (over <= 0) return;
    const caret = noteInput.selectionEnd ?? noteInput.value.length;
    const before = [...noteInput.value.slice(0, caret)];
    const after = [...noteInput.value.slice(caret)];
    const fromBefore = Math.min(over, before.length);
    const head = before.slice(0, before.length - fromBefore).join('');
    noteInput.value = head + after.slice(0, after.length - (over - fromBefore)).join('');
    noteInput.setSelectionRange(head.length, head.length);
  }

  function toggle(area) {
    if (!draft) return;
    if (draft.areas.has(area)) draft.areas.delete(area); else draft.areas.add(area);
    render();
  }
  function openNote() {
    if (!draft) return;
    draft.noteOpen = true;
    render();
    noteInput.focus();
  }
  function expand() {
    if (!draft) return;
    draft.expanded = true;
    render();
    chips[0]?.focus();
  }
  function reopen() {
    const record = lastView?.table.last_session?.record;
    if (!draft || !record || lastView.guard?.settling(change)) return;
    draft.editing = true;
    draft.expanded = true;
    draft.areas = new Set(record.areas);
    noteInput.value = record.note ?? '';
    draft.noteOpen = !!record.note;
    render();
    outcomes.find((b) => !b.hidden)?.focus();
  }

  async function save(outcome, button) {
    if (!draft || !lastView || lastView.busy || lastView.guard?.settling(button)) return;
    if (button.getAttribute('aria-disabled') === 'true') return;
    const bib = draft.bib;
    const params = { bib, areas: [...draft.areas], outcome };
    const note = noteInput.value.trim();
    if (note) params.note = note;
    const ok = await onSave(id, params);
    if (ok && draft?.bib === bib) {
      draft.editing = false;
      draft.noteOpen = false;
      draft.expanded = false;
      noteInput.value = '';
      render();
      change.focus();
    }
  }

  function render() { if (lastView) update(lastView.table, lastView); }

  // view: {limits, busy, guard, place}
  function update(table, view) {
    lastView = { ...view, table };
    const ls = table.last_session;
    const show = !!ls && table.state !== 'in_session';
    setHidden(el, !show);
    if (!show) {
      draft = null;
      for (const b of [...outcomes, change]) view.guard?.update(b, '');
      return;
    }
    if (draft?.bib !== ls.bib) {
      draft = { bib: ls.bib, areas: new Set(ls.record?.areas ?? ls.areas ?? []), editing: false, noteOpen: false, expanded: false };
      noteInput.value = '';
    }
    const record = ls.record;
    const editing = !record || draft.editing;
    setText(title, record && !editing ? `Session record · bib ${ls.bib}` : `Record session · bib ${ls.bib}`);
    setText(short, `Bib ${ls.bib}`);
    el.classList.toggle('expanded', draft.expanded);
    setAttr(more, 'aria-label', `More choices for the record of bib ${ls.bib}`);
    setHidden(done, editing);
    setHidden(form, !editing);
    if (record) setText(doneText, `Recorded ✓ ${recordSummary(record)}`);
    setAttr(change, 'aria-label', `Change the record for bib ${ls.bib}`);
    const changeSettling = !!view.guard?.update(change, !editing ? `change ${ls.bib} @${view.place ?? ''}` : '');
    setAttr(change, 'aria-disabled', view.busy || changeSettling ? 'true' : null);

    for (const chip of chips) setAttr(chip, 'aria-pressed', String(draft.areas.has(chip.dataset.area)));
    const allowed = recordOutcomes(ls);
    for (const b of outcomes) {
      b.classList.toggle('usual', b.dataset.outcome === (ls.outcome === 'medical' ? 'sent_to_medical' : 'fine'));
      const shown = editing && allowed.includes(b.dataset.outcome);
      setHidden(b, !shown);
      const settling = !!view.guard?.update(b, shown ? `record ${ls.bib} ${b.dataset.outcome} @${view.place ?? ''}` : '');
      setAttr(b, 'aria-disabled', view.busy || settling ? 'true' : null);
      setAttr(b, 'aria-label', `${OUTCOME_LABELS[b.dataset.outcome]}: save the record for bib ${ls.bib}`);
    }
    setHidden(noteToggle, draft.noteOpen);
    setHidden(noteBox, !draft.noteOpen);
    count();
  }

  return { el, update };
}
