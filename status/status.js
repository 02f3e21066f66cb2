// The runner's phone page (/status/?bib=1234): where they are in line, live.
//
// The live public state answers while the bib is in it (queue → waiting; a table with the bib →
// called / in session). When the bib is not there (done, referred, walked out, not checked in…)
// the ticket from GET /api/tickets/{bib} answers; it is fetched at start and again whenever the
// bib leaves the live state. A bib the server will not take (longer than its limits allow) brings
// the form back, explained with the server's limit. Words in the runner's language (strings.js).
// Once the session is over, a page opened from the kiosk's QR code (which carries the runner's
// status key, ?k=) asks how their legs feel (feedback.js).

import { api } from '/shared/rest.js';
import { TentClient } from '/shared/tent-client.js';
import { $, h, setText } from '/shared/dom.js';
import { normaliseBib } from '/shared/limits.js';
import { announcementFor } from '/shared/announcement.js';
import { tentPath } from '/shared/tent-path.js';
import { describe } from './view.js';
import { loadStrings, translator } from './strings.js';
import { createRinger } from './sound.js';
import { createFeedback } from './feedback.js';

const params = new URLSearchParams(location.search);
const raw = params.get('bib');
const bib = normaliseBib(raw, null);   // the length is checked by the server (invalid_bib)
const statusKey = params.get('k') || null;   // the runner's own key from the kiosk's QR code: the page may ask for feedback
let t = translator();
let lang = 'en';
// The bib form and "Check another bib" stay with this page's tent (/t/ID/status/ under /t/ID/).
$('ask').action = tentPath('/status/');
$('other-bib').href = tentPath('/status/');

loadStrings(params.get('lang')).then((chosen) => {
  ({ t, lang } = chosen);
  labelPage();
  if (bib == null) showForm(raw == null ? null : 'bad', raw ?? '');
  else follow(bib);
});

// The page's fixed words in the chosen language.
function labelPage() {
  document.documentElement.lang = lang;
  document.title = t('page_title');
  const words = { 'tent-name': 'tent', loading: 'loading', 'ask-title': 'ask_title', 'ask-label': 'ask_label',
    'ask-submit': 'ask_submit', 'bib-label': 'bib', 'called-bib-label': 'bib', 'other-bib': 'other_bib',
    'called-sub': 'called_sub', 'called-ok': 'called_ok' };
  for (const [id, key] of Object.entries(words)) $(id).textContent = t(key);
  // "Go to {table} now": the table's name sits in its own span, wherever the language puts it.
  const [before, after] = t('called_title', { table: '\u0000' }).split('\u0000');
  $('called-title').replaceChildren(before ?? '', $('called-table'), after ?? '');
}

// The bib form; `error` null (nothing to explain) or 'bad' (the bib does not look right: the
// explanation is completed with the server's limits, how long a bib may be).
function showForm(error, value) {
  $('loading').hidden = true;
  $('ask-error').textContent = error ? t('bad_bib') : '';
  api('/api/settings').then((res) => {
    if (res.body?.settings?.tent_name) $('tent-name').textContent = res.body.settings.tent_name;
    const max = res.body?.limits?.bib_max_length;
    if (error && max) $('ask-error').textContent = `${t('bad_bib')} ${t('bib_rule', { max })}`;
  });
  $('ask').hidden = false;
  const input = $('bib-input');
  input.value = value;
  input.focus();
}

function follow(bib) {
  const tent = new TentClient();
  const ringer = createRinger($('sound-on'), t);
  let ticket = null;          // last ticket from the REST API
  let announcementFromTicket = {};   // {announcement, announcement_translations} of the last ticket
  let fetchState = 'idle';    // idle | busy
  let fetchedAtSeq = undefined;
  let failed = false;         // the last fetch could not reach the server
  let retryTimer = null;
  let retryDelay = 2000;
  let wasLive = false;
  let lastCallKey = null;     // the call we last buzzed / the overlay was dismissed for
  let dismissedKey = null;

  // Asked only on a page opened from the runner's own QR code (a typed bib has no key).
  const feedback = statusKey ? createFeedback({ bib, key: statusKey, t, lang }) : null;

  $('bib').textContent = bib;
  $('called-bib').textContent = bib;
  $('called-ok').addEventListener('click', () => { dismissedKey = lastCallKey; render(); });

  async function fetchTicket() {
    if (fetchState === 'busy') return;
    fetchState = 'busy';
    fetchedAtSeq = tent.state.seq;
    clearTimeout(retryTimer);
    const res = await api(`/api/tickets/${encodeURIComponent(bib)}`);
    fetchState = 'idle';
    if (res.body?.error?.code === 'invalid_bib') {   // longer than the server's bibs: ask again
      tent.close();
      showForm('bad', bib);
      return;
    }
    failed = res.status === 0;
    if (res.status === 200) {
      ticket = res.body.ticket;
      announcementFromTicket = res.body;
      retryDelay = 2000;
    } else if (res.status === 404 && res.body?.error?.code === 'unknown_bib') {
      ticket = { status: 'not_found' };
    } else if (res.status !== 0) {
      ticket = { status: 'error', message: res.body?.error?.message };
    }
    if (failed || ticket?.status === 'error') {
      retryTimer = setTimeout(fetchTicket, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30_000);
    }
    render();
  }

  // The runner's situation from the live feed, or null when the bib is not in it.
  function fromLive() {
    const s = tent.state;
    if (s.seq == null) return null;
    const i = s.queue.findIndex((e) => e.bib === bib);
    if (i >= 0) return { status: 'waiting', position: i + 1, wait: tent.waitFor(i + 1) };
    for (const t of s.tables.values()) {
      if (t.bib === bib && (t.state === 'called' || t.state === 'in_session')) {
        return { status: t.state, table: t.name, tableId: t.id, calledAt: t.called_at };
      }
    }
    return null;
  }

  function situation() {
    const live = fromLive();
    if (live) return live;
    if (ticket) {
      const wait = ticket.estimated_wait_s == null || ticket.estimated_wait_s < 0 ? null : ticket.estimated_wait_s;
      return { status: ticket.status, position: ticket.position, wait, table: ticket.table_name,
        tableId: ticket.table, calledAt: ticket.called_at, message: ticket.message, areasWorked: ticket.areas_worked,
        finishedAt: ticket.finished_at };
    }
    if (failed && tent.state.seq == null) return { status: 'offline' };
    return null;
  }

  function render() {
    const info = situation();
    const connected = tent.state.seq != null;
    $('tent-name').textContent = (connected && tent.state.settings?.tent_name) || t('tent');
    setText($('announcement'), announcementFor(connected ? tent.state : announcementFromTicket, lang));
    if (!info) return;
    $('loading').hidden = true;
    $('status').hidden = false;
    info.bib = bib;
    info.medical = tent.state.settings?.medical_directions;
    const v = describe(info, t);
    $('card').dataset.tone = v.tone;
    setText($('title'), v.title);
    setText($('position'), v.position);
    $('position').hidden = !v.position;
    setText($('line1'), v.line1);
    setText($('line2'), v.line2);
    setText($('heads-up'), v.headsUp);
    $('heads-up').hidden = !v.headsUp;
    $('advice').hidden = !v.advice;
    if (v.advice) {
      setText($('advice-title'), v.advice.title);
      const list = $('advice-list');
      if (list.dataset.key !== v.advice.title) {
        list.dataset.key = v.advice.title;
        list.replaceChildren(...v.advice.items.map((text) => h('li', {}, text)));
      }
      setText($('advice-areas'), v.advice.areas ?? '');
      $('advice-areas').hidden = !v.advice.areas;
    }
    feedback?.show(sessionOver(info), finishOf(info));
    const title = t('doc_bib', { title: v.docTitle, bib });
    if (document.title !== title) document.title = title;
    showCall(info);
  }

  // Full-screen "Go to Table 2 now" while called, with one buzz per call (and per recall).
  function showCall(info) {
    const overlay = $('called');
    if (info.status !== 'called') {
      overlay.hidden = true;
      $('page').inert = false;
      return;
    }
    const key = `${info.tableId}:${info.calledAt}`;
    if (key !== lastCallKey) {
      lastCallKey = key;
      buzz();
      ringer.ring();
    }
    setText($('called-table'), info.table ?? t('your_table'));
    const show = dismissedKey !== key;
    if (show && overlay.hidden) {
      overlay.hidden = false;
      $('called-ok').focus();
    } else if (!show) {
      overlay.hidden = true;
    }
    $('page').inert = !overlay.hidden;
  }

  tent.addEventListener('change', (e) => {
    const frame = e.detail;
    const live = fromLive();
    if (frame.type === 'update' && live?.status === 'called') {
      for (const ev of frame.events ?? []) {
        if (ev.type === 'recalled' && ev.table === live.tableId) { buzz(); ringer.ring(); dismissedKey = null; }
      }
    }
    // Left the live state (or never was in it while the ticket says it should be): ask the server.
    const active = ['waiting', 'called', 'in_session'].includes(ticket?.status);
    if (!live && (wasLive || active || failed) && fetchedAtSeq !== tent.state.seq) fetchTicket();
    wasLive = !!live;
    render();
  });

  fetchTicket();
  setInterval(render, 1000);
}

// The runner has had their session: done, or sent to the medical tent from the table (a referred
// ticket that reached a table; a referral at the kiosk never did).
function sessionOver(info) {
  return info.status === 'done' || (info.status === 'referred' && info.tableId != null);
}

// The finish the page shows, for the feedback's answer (which belongs to one finish): the ticket's
// finished_at, null when there is none (in line, on the table: a finish undone), or undefined while
// the page knows no ticket (offline, an error, a bib not found), which keeps a stored answer.
const TICKET_STATUSES = ['waiting', 'called', 'in_session', 'done', 'referred', 'walked_out', 'removed', 'no_show'];
function finishOf(info) {
  return TICKET_STATUSES.includes(info.status) ? info.finishedAt ?? null : undefined;
}

function buzz() {
  try { navigator.vibrate?.([300, 100, 300]); } catch { /* not supported or not allowed */ }
}
