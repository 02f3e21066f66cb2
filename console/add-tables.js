// "Add N tables" in one step: one op (table_create with `count`), one commit, one frame. The
// tables are named "Table k" after the lowest free numbers and start closed; the count goes up to
// what the tent may still take (the server's max_tables limit).

import { $, setAttr, setText } from '/shared/dom.js';

// ctx: {tent, run, messages}
export function createAddTables(ctx) {
  const form = $('new-table-form');
  const input = $('new-table-count');
  const button = $('new-table-add');

  const room = (tableCount) => Math.max(0, (ctx.tent.state.limits?.max_tables ?? 0) - tableCount);
  const count = () => Number.parseInt(input.value, 10);

  function label() {
    const n = count();
    setText(button, n > 1 ? `Add ${n} tables` : 'Add table');
  }
  input.addEventListener('input', label);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const n = count();
    if (!(n >= 1) || button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    const reply = await ctx.run('table_create', { count: n }, n > 1 ? 'New tables' : 'New table');
    button.removeAttribute('aria-disabled');
    if (reply.ok) {
      input.value = '1';
      label();
      const names = reply.body.tables.map((t) => t.name);
      ctx.messages.notice(`${names.length > 1 ? `${names[0]} to ${names.at(-1)}` : names[0]} added (closed). Tap Open when ready.`);
    }
  });

  return {
    // Keeps the count within what the tent may still take.
    render(tableCount) {
      const left = room(tableCount);
      setAttr(input, 'max', Math.max(1, left));
      setAttr(button, 'aria-disabled', left === 0 ? 'true' : null);
      label();
    },
  };
}
