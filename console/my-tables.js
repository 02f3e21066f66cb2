// "My tables": the tables this volunteer runs, picked once and remembered on the phone
// (localStorage, by table id, one list per tent). They are shown first; the others are collapsed below. A dialog
// lists every table with a checkbox.

import { $, h, setText } from '/shared/dom.js';
import { tentStorageKey } from '/shared/tent-path.js';

const KEY = tentStorageKey('massage-tent.console.my-tables');

function load() {
  try {
    const ids = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return new Set(Array.isArray(ids) ? ids.filter(Number.isInteger) : []);
  } catch {
    return new Set();
  }
}

// ctx: {tent}; onChange runs after a pick.
export function createMyTables(ctx, onChange) {
  let mine = load();
  const dialog = $('my-tables-dialog');
  const list = $('my-tables-list');
  const button = $('my-tables-button');

  function save() {
    localStorage.setItem(KEY, JSON.stringify([...mine]));
    onChange();
  }

  function fill() {
    const tables = [...ctx.tent.state.tables.values()].sort((a, b) => a.id - b.id);
    list.replaceChildren(...tables.map((t) => h('li', {},
      h('label', {},
        h('input', {
          type: 'checkbox', value: t.id, checked: mine.has(t.id),
          onchange: (e) => { if (e.target.checked) mine.add(t.id); else mine.delete(t.id); save(); },
        }),
        ` ${t.name}`))));
  }

  button.addEventListener('click', () => { fill(); dialog.showModal(); });
  $('my-tables-clear').addEventListener('click', () => { mine = new Set(); fill(); save(); });

  return {
    // The picked tables among `order` (ids in board order), or all of them when none are picked.
    pick(order) {
      const picked = order.filter((id) => mine.has(id));
      setText(button, picked.length ? `My tables (${picked.length})` : 'My tables');
      return picked.length ? picked : order;
    },
  };
}
