// The volunteer console: PIN sign-in, then the table board and the queue, live from the staff
// frames. Every action is an op over the socket; the page only ever shows the server's state,
// so volunteers acting at once all end up seeing the same thing.

import { TentClient } from '/shared/tent-client.js';
import { createBoard } from './board.js';
import { createTableMenu } from './table-menu.js';
import { createQueue } from './queue.js';
import { createReferrals } from './referrals.js';
import { createMessages, createRunner } from './ui.js';
import { Names } from './names.js';
import { setText, setHidden } from './dom.js';
import { applyLimits } from '/shared/limits.js';

const PIN_KEY = 'massage-tent.console.pin';
const CONNECT_WAIT_MS = 6_000;
const REAUTH_GRACE_MS = 4_000;
const UNDOABLE = new Set(['arrived', 'finished', 'no_showed']);

const $ = (id) => document.getElementById(id);
const tent = new TentClient();
const messages = createMessages();
const lastUndoable = new Map();  // table id → {type, at}: names the undo button
let views = null;                // set once signed in
let appliedLimits = null;        // the limits the forms' lengths were last set from

// ---- sign-in ----

const pinForm = $('pin-form');
const pinMessage = $('pin-message');
const pinButton = pinForm.querySelector('button');

function lockOut(seconds) {
  let left = Math.max(1, Math.ceil(seconds));
  pinButton.disabled = true;
  const step = () => {
    if (left <= 0) { pinButton.disabled = false; setText(pinMessage, 'You can try again now.'); return; }
    setText(pinMessage, `Too many tries. Wait ${left} s, then try again.`);
    left -= 1;
    setTimeout(step, 1000);
  };
  step();
}

async function signIn(pin, { saved = false } = {}) {
  pinButton.disabled = true;
  setText(pinMessage, saved ? 'Signing in…' : '');
  if (!(await tent.whenConnected(CONNECT_WAIT_MS))) {
    pinButton.disabled = false;
    setText(pinMessage, "Can't reach the tent server. Check the Wi-Fi connection, then try again.");
    return;
  }
  const reply = await tent.signIn(pin);
  pinButton.disabled = false;
  if (reply.status === 200) {
    sessionStorage.setItem(PIN_KEY, pin);
    start(pin, reply.body.role);
    return;
  }
  sessionStorage.removeItem(PIN_KEY);
  showPinScreen();
  $('pin').value = '';
  if (reply.status === 401) setText(pinMessage, saved ? 'The saved PIN no longer works. Enter the PIN again.' : 'Wrong PIN. Try again.');
  else if (reply.status === 429) lockOut(reply.body.retry_after_s ?? reply.body.error?.retry_after_s ?? 30);
  else if (reply.status === 403) setText(pinMessage, 'That PIN does not open the volunteer console.');
  else setText(pinMessage, reply.body?.error?.message ?? `Sign-in failed (${reply.status}).`);
}

function showPinScreen({ focus = true } = {}) {
  setHidden($('app'), true);
  setHidden($('pin-screen'), false);
  if (focus) $('pin').focus();
}

pinForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const pin = $('pin').value.trim();
  if (pin) signIn(pin);
});

$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(PIN_KEY);
  tent.close();
  location.reload();
});

// ---- the signed-in console ----

function start(pin, role) {
  if (!views) {
    const run = createRunner(tent, messages, { onUnauthorized: () => expireSession('Please sign in again.'), onStale: () => render() });
    const names = new Names(pin, render);
    const ctx = { tent, run, messages, names, lastUndoable };
    const menu = createTableMenu(ctx);
    views = { names, menu, board: createBoard({ ...ctx, openMenu: menu.open }), queue: createQueue(ctx) };
    views.referrals = createReferrals(ctx);
    setInterval(render, 1000);
  }
  views.names.pin = pin;
  setText($('role'), role === 'organiser' ? 'Organiser' : 'Volunteer');
  setHidden($('pin-screen'), true);
  setHidden($('app'), false);
  render();
}

function expireSession(text) {
  sessionStorage.removeItem(PIN_KEY);
  tent.pin = null;
  showPinScreen();
  setText(pinMessage, text);
}

function render() {
  if (!views || $('app').hidden) return;
  const s = tent.state;
  const ready = s.audience === 'staff';
  setHidden($('loading'), ready);
  setHidden($('panels'), !ready);
  if (!ready) return;
  if (s.limits !== appliedLimits) { applyLimits(document, s.limits); appliedLimits = s.limits; }
  views.names.update(s);
  const tables = [...s.tables.values()];
  const count = (state) => tables.filter((t) => t.state === state).length;
  const tentName = s.settings.tent_name || 'Massage tent';
  setText($('tent-name'), tentName);
  const title = `Volunteer console · ${tentName}`;
  if (document.title !== title) document.title = title;
  setText($('count-waiting'), s.queue.length);
  setText($('count-session'), count('in_session'));
  setText($('count-free'), count('free'));
  setText($('tab-queue-count'), s.queue.length);
  setText($('announcement'), s.announcement ?? '');
  views.referrals.render();
  views.board.render();
  views.queue.render();
  views.menu.refresh();
}

tent.addEventListener('change', (e) => {
  const frame = e.detail;
  for (const ev of frame.events ?? []) {
    if (UNDOABLE.has(ev.type)) lastUndoable.set(ev.table, { type: ev.type, at: frame.at });
    else if (ev.type === 'undone') lastUndoable.delete(ev.table);
  }
  render();
});

// TentClient signs a reconnected socket in again by itself; if that did not happen (the PIN was
// changed, or a lock-out), ask for the PIN rather than show a silent public view.
tent.addEventListener('status', () => {
  if (!tent.connected || !views || $('app').hidden) return;
  setTimeout(() => {
    if (tent.connected && tent.state.audience !== 'staff' && !$('app').hidden) expireSession('The connection dropped and the PIN was not accepted again. Please sign in.');
  }, REAUTH_GRACE_MS);
});

// ---- tabs (phones); wide screens show the board and the queue side by side ----

const wide = matchMedia('(min-width: 1000px)');
const tabs = [$('tab-board'), $('tab-queue')];

function selectTab(tab, focus = false) {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !selected && !wide.matches;
  }
  if (focus) tab.focus();
}
for (const t of tabs) {
  t.addEventListener('click', () => selectTab(t));
  t.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(t);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      selectTab(tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length], true);
    }
  });
}
wide.addEventListener('change', () => selectTab(tabs.find((t) => t.getAttribute('aria-selected') === 'true')));
selectTab(tabs[0]);

$('boot').remove();
const saved = sessionStorage.getItem(PIN_KEY);
showPinScreen({ focus: !saved });
if (saved) signIn(saved, { saved: true });
