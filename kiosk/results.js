// The screens that end a visit: the ticket (bib, place, wait, QR to the runner's status page,
// after-care), the medical referral, and a general message screen for errors and answers. The
// ticket follows the live public state while it shows (place moves up, "go to Table 2 now").
import { encode, renderSVG } from '/vendor/uqr.mjs';
import { t, language, waitText } from './i18n.js';
import { show, activeScreen } from './screens.js';
import { $, h } from '/shared/dom.js';
import { tentPath } from '/shared/tent-path.js';
let tent = null;
let shownBib = null;
let onDone = () => {};

export function setupResults(client, done) {
  tent = client;
  onDone = done;
  $('ticket-done').addEventListener('click', () => onDone());
  $('medical-done').addEventListener('click', () => onDone());
  tent.addEventListener('change', () => { if (activeScreen() === 'ticket' && !tent.state.stale) followLive(); });
}

// After-care advice (DOMAIN.md) as a list; after=true (the visit is over) adds rest and a heading.
export function afterCare(after = false) {
  const keys = ['aftercare_water', 'aftercare_walk', 'aftercare_stretch', 'aftercare_warm', 'aftercare_48h'];
  if (after) keys.splice(4, 0, 'aftercare_sleep');
  const ul = h('ul', { class: 'aftercare-list' }, keys.map((k) => h('li', {}, t(k))));
  if (!after) return ul;
  return h('div', { class: 'aftercare' }, h('h2', {}, t('aftercare_after_title')), ul);
}

// ticket: the server's ticket (waiting or called). titleKey: ticket_title, _already or _where.
// statusKey: the check-in reply's status_key (only a new check-in has one), which lets the
// runner's status page answer the after-session question; without it the page does not ask.
export function showTicket(ticket, titleKey = 'ticket_title', statusKey = null) {
  shownBib = ticket.bib;
  $('ticket-title').dataset.key = titleKey;
  $('ticket-bib').textContent = ticket.bib;
  $('ticket-watch').textContent = t('ticket_watch', { bib: ticket.bib });
  // The runner's phone opens the status page in the language they chose here.
  const base = `${location.origin}${tentPath('/status/')}?bib=${encodeURIComponent(ticket.bib)}&lang=${encodeURIComponent(language)}`;
  const url = statusKey ? `${base}&k=${encodeURIComponent(statusKey)}` : base;
  $('ticket-qr').innerHTML = qrSvg(url, base);
  $('ticket-qr').setAttribute('aria-label', url);
  $('ticket-url').replaceChildren(...breakable(url));
  $('ticket-qr').dataset.url = url;
  const care = $('ticket-aftercare');
  care.replaceChildren(afterCare());
  if (ticket.status === 'called') setCalled(ticket.table_name ?? `${ticket.table}`);
  else setWaiting(ticket.position, ticket.estimated_wait_s);
  show('ticket');
}

function setWaiting(position, waitS) {
  $('ticket-title').textContent = t($('ticket-title').dataset.key);
  $('ticket-called').hidden = true;
  $('ticket-waiting').hidden = false;
  $('ticket-watch').hidden = false;
  $('ticket-position').textContent = position ?? '–';
  $('ticket-wait').textContent = waitText(waitS);
}

function setCalled(tableName) {
  $('ticket-title').textContent = t('ticket_title_called');
  $('ticket-waiting').hidden = true;
  $('ticket-watch').hidden = true;
  $('ticket-called').hidden = false;
  $('ticket-called-text').textContent = t('ticket_called', { table: tableName });
}

// Updates the shown ticket from the public state; leaves it alone until the state knows the bib.
function followLive() {
  const i = tent.state.queue.findIndex((e) => e.bib === shownBib);
  if (i >= 0) { setWaiting(i + 1, tent.waitFor(i + 1) ?? -1); return; }
  for (const table of tent.state.tables.values()) {
    if (table.bib === shownBib && table.state === 'called') { setCalled(table.name); return; }
  }
}

export function showMedical() {
  const directions = tent?.state.settings?.medical_directions ?? '';
  $('medical-directions').hidden = !directions;
  $('medical-directions-text').textContent = directions;
  show('medical');
}

// A message: {title, body, tone: 'error'|'info'|'ok', extra: Node?, actions: [{key, primary, danger, run}]}.
// Without actions it offers "Start over". A "Start over"/"Done" action is always last.
// `kind` names the message for the page (data-kind), e.g. 'err_offline' or 'referred'.
export function showMessage({ title, body = '', tone = 'info', extra = null, actions = [], kind = '' }) {
  const card = $('message-card');
  card.dataset.tone = tone;
  card.dataset.kind = kind;
  $('message-title').textContent = title;
  $('message-body').textContent = body;
  $('message-extra').replaceChildren(...(extra ? [extra] : []));
  const all = actions.length ? actions : [{ key: 'start_over', primary: true, run: () => onDone() }];
  $('message-actions').replaceChildren(...all.map((a) => h('button', {
    type: 'button', class: `big ${a.primary ? 'primary' : ''} ${a.danger ? 'danger' : ''}`, onclick: () => a.run(),
  }, t(a.key))));
  show('message');
}

// An address to show under its code, with line breaks offered before its ? and & (the status key
// stays whole on its line when the address wraps).
function breakable(url) {
  return url.split(/(?=[?&])/).flatMap((part, i) => (i ? [h('wbr'), part] : [part]));
}

// The QR code of a status page's address, as small as the code of `base` (the address without the
// status key) at error correction M: the key's 15 characters would otherwise take most addresses to
// the next, denser version (33 to 37 modules in the same box). So the code keeps the version the
// address without the key needs, with the highest error correction that holds the whole address
// there (M where it fits, else L, which a clean screen does not need more than); only an address
// too long for even that takes the next version.
function qrSvg(url, base = url) {
  const { version } = encode(base, { ecc: 'M' });
  return renderSVG(url, { border: 2, ecc: 'L', boostEcc: true, minVersion: version });
}

// A box with the QR code (and the address) of a runner's status page at `path` ("/status/" of this
// tent, "/t/family/status/" of another), in the language they chose here.
export function statusCode(bib, path, caption) {
  const url = `${location.origin}${path}?bib=${encodeURIComponent(bib)}&lang=${encodeURIComponent(language)}`;
  const qr = h('div', { class: 'qr', role: 'img', 'aria-label': url, dataset: { url } });
  qr.innerHTML = qrSvg(url);
  return h('div', { class: 'qr-box' }, h('p', {}, caption), qr, h('p', { class: 'url' }, breakable(url)));
}

export const startOver = { key: 'start_over', run: () => onDone() };
export const done = { key: 'done', primary: true, run: () => onDone() };
