// The per-table menu (a modal <dialog>): the less common actions. Built once; while open it is
// refreshed from the frames (what is offered follows the table's state) without touching the
// text the volunteer is typing. Every op carries `expect`: the table as the menu last showed it.

import { clock, TABLE_STATE_LABELS } from '/shared/format.js';
import { $, h, setText, setHidden, setAttr } from '/shared/dom.js';
import { menuActions, tableExpect } from './timers.js';
import { confirmAction } from './ui.js';
import { createTapGuard } from './tap-guard.js';

// ctx: {tent, run, messages}
export function createTableMenu(ctx) {
  const dialog = $('table-menu');
  let tableId = null;
  let returnFocus = null;
  let shown = null;  // the table as the menu shows it (set by refresh)

  const table = () => ctx.tent.state.tables.get(tableId);
  const title = h('h2', { id: 'table-menu-title' });
  const status = h('p', { class: 'menu-status' });
  const alertLine = h('p', { class: 'dialog-alert', role: 'alert' });

  // One-shot actions: run, and close the menu when the server agrees.
  async function simple(op, params, doneText) {
    const t = shown;
    if (!t) return;
    alertLine.textContent = '';
    const reply = await ctx.run(op, { table: t.id, ...params, expect: tableExpect(t) }, t.name);
    if (reply.ok) {
      dialog.close();
      if (doneText) ctx.messages.notice(doneText(t, reply));
    }
  }

  // Destructive actions: leave the menu, ask, then act (errors land in the toast).
  async function confirmed(op, question) {
    const t = shown;
    if (!t) return;
    dialog.close();
    const yes = await confirmAction({ ...question(t), returnFocus });
    if (yes) await ctx.run(op, { table: t.id, expect: tableExpect(t) }, t.name);
  }

  const buttons = {
    recall: h('button', { type: 'button', onclick: () => simple('recall', {}, (t) => `Bib ${t.bib} called again to ${t.name}.`) }, 'Recall'),
    noShow: h('button', {
      type: 'button', class: 'danger-outline',
      onclick: () => confirmed('no_show', (t) => ({
        title: `No-show at ${t.name}?`,
        message: `Bib ${t.bib} did not come. The table moves on to the next runner. ${
          ctx.tent.state.settings.no_show_policy === 'drop'
            ? 'Bib ' + t.bib + ' is taken out of the queue.'
            : 'After a first no-show the runner keeps a place near the front; after a second they are taken out.'}`,
        confirmLabel: 'Mark no-show',
      })),
    }, 'No-show…'),
    medical: h('button', {
      type: 'button', class: 'danger-outline',
      onclick: async () => {
        const t = shown;
        if (!t) return;
        const bib = t.bib;
        const expect = tableExpect(t);  // what the volunteer saw, taken before the question
        dialog.close();
        const yes = await confirmAction({
          title: `Send bib ${bib} to medical?`,
          message: `The session at ${t.name} ends as "sent to medical". Bib ${bib} cannot check in again until a volunteer clears the referral.`,
          confirmLabel: 'Yes, sent to medical', returnFocus,
        });
        if (yes && (await ctx.run('finish', { table: t.id, outcome: 'medical', expect }, t.name)).ok) {
          ctx.messages.notice(`Bib ${bib} sent to medical from ${t.name}.`);
        }
      },
    }, 'Sent to medical…'),
    break: h('button', { type: 'button', onclick: () => simple('break') }, 'Start break'),
    resume: h('button', { type: 'button', onclick: () => simple('resume') }, 'End break'),
    close: h('button', {
      type: 'button', class: 'danger-outline',
      onclick: () => confirmed('close', (t) => ({
        title: `Close ${t.name}?`,
        message: 'The table stops taking runners until it is opened again.',
        confirmLabel: 'Yes, close table',
      })),
    }, 'Close table…'),
  };
  const noShowHint = h('p', { class: 'hint' });
  const closeX = h('button', { type: 'button', class: 'close-x', 'aria-label': 'Close menu', onclick: () => dialog.close() }, '✕');

  function textForm(label, id, button, onSubmit, attrs = {}) {
    const input = h('input', { id, name: 'value', type: 'text', 'data-maxlength': 'name_max_length', autocomplete: 'off', ...attrs });
    const form = h('form', { class: 'menu-form' },
      h('label', { for: id }, label),
      h('div', { class: 'inline' }, input, h('button', { type: 'submit' }, button)));
    form.addEventListener('submit', (e) => { e.preventDefault(); onSubmit(input.value.trim()); });
    form.input = input;
    return form;
  }
  // A table left with nobody goes on a break until someone signs in there (the server's rule).
  const EMPTY_BREAK = 'on a break until someone signs in there';
  const signedOut = (t, reply) => `${t.therapist || 'The therapist'} signed out of ${t.name}${
    reply.body?.table?.state === 'break' && t.state !== 'break' ? `: it is ${EMPTY_BREAK}` : ''}.`;
  // The name on a table is the therapist's shift there (docs/protocol.md, "Therapists' hours"):
  // naming them at another table signs them out of this one, and clearing the name ends the shift.
  const therapistForm = textForm('Therapist on this table', 'menu-therapist', 'Save', (name) => {
    const t = shown;
    if (!t) return;
    // The server says which table they were taken off (it compares names case aside, in every script).
    simple('therapist', { name }, (_, reply) => {
      const from = reply.body?.taken_off;
      const left = from ? `: taken off ${from.name}${from.state === 'break' ? `, ${EMPTY_BREAK}` : ''}` : '';
      return name ? `${name} is now on ${t.name}${left}.` : signedOut(t, reply);
    });
  });
  const signOut = h('button', { type: 'button', class: 'therapist-sign-out', onclick: () => simple('therapist', { name: '' }, signedOut) }, 'Sign out');
  therapistForm.append(signOut);
  const renameForm = textForm('Table name', 'menu-rename', 'Rename',
    (name) => simple('table_rename', { name }));
  const callForm = textForm('Call a specific bib', 'menu-call-bib', 'Call',
    (bib) => simple('call', { bib }, (t) => `Bib ${bib.toUpperCase()} called to ${t.name}.`),
    { 'data-maxlength': 'bib_max_length', autocapitalize: 'characters', required: true });

  // Which actions are offered follows the table, so one can appear where another just was
  // (Recall where Start break was, once the table has called a runner): it rests for a second.
  const guard = createTapGuard(() => refresh());
  const actions = h('div', { class: 'menu-actions' }, Object.values(buttons));
  actions.addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (b && guard.settling(b)) { e.stopPropagation(); e.preventDefault(); }
  }, true);

  dialog.setAttribute('aria-labelledby', title.id);
  dialog.append(h('div', { class: 'dialog-body' },
    h('div', { class: 'dialog-head' }, title,
      closeX),
    status, alertLine,
    actions, noShowHint,
    callForm, therapistForm, renameForm,
    h('button', { type: 'button', class: 'done', onclick: () => dialog.close() }, 'Done')));

  dialog.addEventListener('close', () => {
    if (returnFocus?.isConnected && document.activeElement === document.body) returnFocus.focus();
  });

  function refresh() {
    if (!dialog.open) return;
    const t = table();
    if (!t) { dialog.close(); return; }
    shown = t;
    const settings = ctx.tent.state.settings;
    const offered = menuActions(t, settings, ctx.tent.now());
    setText(title, t.name);
    setText(status, `${TABLE_STATE_LABELS[t.state] ?? t.state}${t.bib ? ` · bib ${t.bib}` : ''}`);
    setHidden(buttons.recall, !offered.recall);
    setHidden(buttons.noShow, !offered.noShow);
    buttons.noShow.disabled = !offered.noShowEnabled;
    setHidden(noShowHint, !(offered.noShow && !offered.noShowEnabled));
    setText(noShowHint, `No-show is possible once the call is ${clock(settings.call_timeout_s)} old.`);
    setHidden(buttons.medical, t.state !== 'in_session');
    setHidden(buttons.break, !offered.break);
    setHidden(buttons.resume, !offered.resume);
    setHidden(buttons.close, !offered.close);
    setHidden(callForm, !offered.callBib);
    for (const [key, b] of Object.entries(buttons)) {
      setAttr(b, 'aria-disabled', guard.update(b, b.hidden ? '' : `${key} ${t.bib ?? ''}`) ? 'true' : null);
    }
    setAttr(renameForm.input, 'placeholder', t.name);
    setHidden(signOut, !t.therapist);
    setText(signOut, t.therapist ? `Sign out ${t.therapist}` : 'Sign out');
  }

  function open(id, button) {
    tableId = id;
    returnFocus = button;
    const t = table();
    if (!t) return;
    alertLine.textContent = '';
    therapistForm.input.value = t.therapist ?? '';
    renameForm.input.value = t.name;
    callForm.input.value = '';
    for (const b of Object.values(buttons)) guard.forget(b);  // what a menu opens with is not a change
    dialog.showModal();
    refresh();
    // Never a text field first: on a phone that would pop the keyboard over the menu.
    (Object.values(buttons).find((b) => !b.hidden && !b.disabled) ?? closeX).focus();
  }

  return { open, refresh };
}
