// Messages and confirmations. Errors go to a role="alert" toast, or, while a modal dialog is
// open (the page behind it is inert and dimmed), into that dialog's own alert line.

import { $ } from '/shared/dom.js';

// Errors stay long enough to read; confirmations go quickly (they cover the bottom of a phone).
const ERROR_MS = 8_000;
const NOTICE_MS = 4_000;

export function createMessages() {
  const alertEl = $('alert');
  const noticeEl = $('notice');
  const timers = new Map();

  function show(el, text, ms) {
    el.querySelector('.toast-text').textContent = text;
    el.hidden = false;
    clearTimeout(timers.get(el));
    timers.set(el, setTimeout(() => { el.hidden = true; }, ms));
  }
  for (const el of [alertEl, noticeEl]) {
    el.querySelector('.toast-close').addEventListener('click', () => { el.hidden = true; });
  }

  return {
    error(text) {
      const inDialog = [...document.querySelectorAll('dialog[open] .dialog-alert')].pop();
      if (inDialog) inDialog.textContent = text;
      else show(alertEl, text, ERROR_MS);
    },
    notice(text) { show(noticeEl, text, NOTICE_MS); },
  };
}

// Asks before a destructive action; resolves true only on the explicit second button.
export function confirmAction({ title, message, confirmLabel, returnFocus = document.activeElement }) {
  const dialog = $('confirm-dialog');
  dialog.querySelector('.confirm-title').textContent = title;
  dialog.querySelector('.confirm-message').textContent = message;
  dialog.querySelector('.confirm-yes').textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  dialog.querySelector('.confirm-no').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (returnFocus?.isConnected) returnFocus.focus();
      resolve(dialog.returnValue === 'yes');
    }, { once: true });
  });
}

// Sends an op and reports a refusal to the volunteer, prefixed with what it was about.
// Resolves with the reply; `reply.ok` is true on success. A `stale` refusal (the table or runner
// changed since the volunteer looked) says what changed, and the page redraws at once from the
// current table in the reply (its frame has normally arrived first; this covers a late one).
export function createRunner(tent, messages, { onUnauthorized, onStale = () => {} }) {
  return async function run(op, params, about) {
    const reply = await tent.send(op, params);
    reply.ok = reply.status >= 200 && reply.status < 300;
    if (reply.body?.error?.code === 'stale') {
      const table = reply.body.table;
      if (table && tent.state.tables.has(table.id)) tent.state.tables.set(table.id, table);
      messages.error(reply.body.error.message);
      onStale(reply);
      return reply;
    }
    if (!reply.ok) {
      const text = reply.status === 0
        ? 'Not done: no connection to the tent server. Try again once the red bar has gone.'
        : reply.body?.error?.message ?? `The server refused (${reply.status}).`;
      messages.error(about ? `${about}: ${text}` : text);
      if (reply.status === 401) onUnauthorized();
    }
    return reply;
  };
}
