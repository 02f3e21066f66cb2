// The queue view: the waiting list (rows keyed by bib, reordered in place; a row opens to show its
// actions) and the form to add a runner by hand. What is shown always comes from the frames.
// Every queue op carries `expect`: the place the row showed, so a runner who moved meanwhile
// (called, removed, moved by someone else) is not touched.

import { duration } from '/shared/format.js';
import { $, h, setText, setHidden, setAttr } from '/shared/dom.js';
import { AREA_LABELS } from './timers.js';
import { confirmAction } from './ui.js';

// ctx: {tent, run, messages, names}
export function createQueue(ctx) {
  const list = $('queue');
  const empty = $('queue-empty');
  const filter = $('queue-filter');
  const rows = new Map();

  const entryAt = (bib) => ctx.tent.state.queue.findIndex((e) => e.bib === bib);

  // The op with the row's shown place as its `expect`.
  const runAt = (row, op, params) => ctx.run(op, { bib: row.dataset.bib, ...params, expect: { position: row.shownPosition } }, `Bib ${row.dataset.bib}`);

  function createRow(bib) {
    const p = {};
    let li = null;
    p.pos = h('span', { class: 'pos' });
    p.bib = h('span', { class: 'bib' }, bib);
    p.name = h('span', { class: 'runner-name' });
    p.priority = h('span', { class: 'badge badge-priority' }, 'Priority');
    p.requeued = h('span', { class: 'badge badge-requeued' }, 'Requeued');
    p.category = h('span', { class: 'badge' });
    p.wait = h('span', { class: 'wait' });
    p.areas = h('span', { class: 'areas' });
    p.toggle = h('button', {
      type: 'button', class: 'toggle',
      onclick: () => {
        const e = ctx.tent.state.queue[entryAt(bib)];
        if (e) runAt(li, 'priority', { on: !e.priority });
      },
    }, 'Priority');
    p.front = h('button', { type: 'button', onclick: () => runAt(li, 'move', { position: 1 }) }, 'To front');
    p.moveInput = h('input', { type: 'number', inputmode: 'numeric', min: 1, id: `move-${bib}`, name: 'position', required: true, class: 'move-input' });
    const moveForm = h('form', { class: 'move-form' },
      h('label', { for: p.moveInput.id }, 'Move to place'), p.moveInput, h('button', { type: 'submit' }, 'Move'));
    moveForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const reply = await runAt(li, 'move', { position: Number(p.moveInput.value) });
      if (reply.ok) p.moveInput.value = '';
    });
    p.remove = h('button', {
      type: 'button', class: 'danger-outline',
      onclick: async () => {
        const seen = li.shownPosition;  // the place the volunteer chose to remove, before the question
        const yes = await confirmAction({
          title: `Remove bib ${bib} from the queue?`,
          message: 'They lose their place. Use this when a runner has left or asked to be taken off.',
          confirmLabel: 'Yes, remove',
        });
        if (yes) ctx.run('remove', { bib, expect: { position: seen } }, `Bib ${bib}`);
      },
    }, 'Remove…');
    const details = h('details', {},
      h('summary', {},
        h('span', { class: 'summary-main' }, p.pos, p.bib, p.name, p.priority, p.requeued, p.category),
        h('span', { class: 'summary-side' }, p.wait),
        h('span', { class: 'summary-areas' }, p.areas)),
      h('div', { class: 'row-actions' }, p.toggle, p.front, p.remove, moveForm));
    li = h('li', { class: 'entry', dataset: { bib } }, details);
    li.parts = p;
    return li;
  }

  function updateRow(row, entry, index, total, now) {
    const p = row.parts;
    row.shownPosition = index + 1;
    const name = entry.name || ctx.names.get(entry.bib) || '';
    setText(p.pos, index + 1);
    setText(p.name, name);
    setHidden(p.priority, !entry.priority);
    setHidden(p.requeued, !entry.requeued);
    setHidden(p.category, !entry.category);
    setText(p.category, entry.category ?? '');
    setText(p.wait, entry.checked_in_at ? duration((now - entry.checked_in_at) / 1000) : '');
    setText(p.areas, (entry.areas ?? []).map((a) => AREA_LABELS[a] ?? a).join(', '));
    setAttr(p.toggle, 'aria-pressed', entry.priority ? 'true' : 'false');
    setAttr(p.toggle, 'aria-label', `Priority for bib ${entry.bib}`);
    setAttr(p.front, 'aria-disabled', index === 0 ? 'true' : null);
    setAttr(p.moveInput, 'max', total);
    row.classList.toggle('is-priority', !!entry.priority);
  }

  function render() {
    const { queue } = ctx.tent.state;
    const now = ctx.tent.now();
    const needle = filter.value.trim().toUpperCase();
    const seen = new Set();
    queue.forEach((entry, i) => {
      let row = rows.get(entry.bib);
      if (!row) { row = createRow(entry.bib); rows.set(entry.bib, row); }
      if (list.children[i] !== row) list.insertBefore(row, list.children[i] ?? null);
      seen.add(entry.bib);
      updateRow(row, entry, i, queue.length, now);
      const name = (entry.name ?? '').toUpperCase();
      setHidden(row, needle !== '' && !entry.bib.startsWith(needle) && !name.includes(needle));
    });
    for (const [bib, row] of rows) if (!seen.has(bib)) { row.remove(); rows.delete(bib); }
    setText(empty, queue.length === 0 ? 'Nobody is waiting.' : list.querySelector('li:not([hidden])') ? '' : `No waiting bib matches “${filter.value.trim()}”.`);
    setHidden(empty, empty.textContent === '');
  }
  filter.addEventListener('input', render);

  const form = $('add-runner-form');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const bib = form.elements.bib.value.trim();
    const areas = [...form.querySelectorAll('input[name="area"]:checked')].map((c) => c.value);
    const reply = await ctx.run('add_runner', { bib, areas }, `Bib ${bib.toUpperCase()}`);
    if (!reply.ok) return;
    const t = reply.body.ticket;
    const added = t.status === 'called' ? `Bib ${t.bib} added and called to ${t.table_name}.` : `Bib ${t.bib} added: place ${t.position} in the queue.`;
    // A runner with an open medical referral was queued on the volunteer's word: say so.
    ctx.messages.notice(reply.body.was_referred ? `${added} Their medical referral is now closed.` : added);
    form.reset();
    form.querySelector('.areas-picker').open = false;
    form.elements.bib.focus();
  });

  return { render };
}
