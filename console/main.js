// The volunteer console: PIN sign-in, then the table board and the queue, live from the staff
// frames. Every action is an op over the socket; the page only ever shows the server's state,
// so volunteers acting at once all end up seeing the same thing.

import { TentClient } from '/shared/tent-client.js';
import { createBoard } from './board.js';
import { createTableMenu } from './table-menu.js';
import { createQueue } from './queue.js';
import { createReferrals } from './referrals.js';
import { createMyTables } from './my-tables.js';
import { createAnnouncement } from './announcement.js';
import { createMessages, createRunner } from './ui.js';
import { Names } from './names.js';
import { $, setText, setHidden } from '/shared/dom.js';
import { applyLimits } from '/shared/limits.js';
import { PinSignIn } from '/shared/sign-in.js';

const REAUTH_GRACE_MS = 4_000;
const UNDOABLE = new Set(['arrived', 'finished', 'no_showed']);

const tent = new TentClient();
const messages = createMessages();
const lastUndoable = new Map();  // table id → {type, at}: names the undo button
let views = null;                // set once signed in
let appliedLimits = null;        // the limits the forms' lengths were last set from

// ---- sign-in ----

const signIn = new PinSignIn(tent, {
  screen: $('pin-screen'), app: $('app'), form: $('pin-form'), message: $('pin-message'),
  need: 'volunteer', place: 'The volunteer console', storageKey: 'massage-tent.console.pin',
  onSignedIn: start,
});

$('sign-out').addEventListener('click', () => {
  tent.close();
  signIn.signOut();
});

// ---- the signed-in console ----

function start(pin, role) {
  if (!views) {
    const run = createRunner(tent, messages, { onUnauthorized: () => signIn.expire('Please sign in again.'), onStale: () => render() });
    const names = new Names(pin, render);
    const myTables = createMyTables({ tent }, () => render());
    const ctx = { tent, run, messages, names, lastUndoable, myTables };
    const menu = createTableMenu(ctx);
    views = { names, menu, board: createBoard({ ...ctx, openMenu: menu.open }), queue: createQueue(ctx) };
    views.referrals = createReferrals(ctx);
    views.announcement = createAnnouncement();
    setInterval(render, 1000);
  }
  views.names.pin = pin;
  setText($('role'), role === 'organiser' ? 'Organiser' : 'Volunteer');
  render();
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
  views.announcement.render(s.announcement ?? '');
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
    if (tent.connected && tent.state.audience !== 'staff' && !$('app').hidden) signIn.expire('The connection dropped and the PIN was not accepted again. Please sign in.');
  }, REAUTH_GRACE_MS);
});

// ---- compact list or full cards, remembered on the phone ----

const VIEW_KEY = 'massage-tent.console.compact';
function setCompact(on) {
  document.body.classList.toggle('compact', on);
  $('view-toggle').setAttribute('aria-pressed', String(on));
  if (on) localStorage.setItem(VIEW_KEY, '1'); else localStorage.removeItem(VIEW_KEY);
}
$('view-toggle').addEventListener('click', () => setCompact(!document.body.classList.contains('compact')));
setCompact(localStorage.getItem(VIEW_KEY) === '1');

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
signIn.start();
