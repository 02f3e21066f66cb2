// What a runner came to do: check in (bib, checked by the server at once → areas → triage → submit),
// ask where they are in line, or leave the line. Every server answer becomes a screen in the
// runner's language.
import { t } from './i18n.js';
import { show } from './screens.js';
import * as net from './kiosk-api.js';
import { BibEntry } from './bib-entry.js';
import { buildIntake, resetIntake, selectedAreas, triageAnswers, anyRedFlag } from './intake.js';
import { showTicket, showMedical, showMessage, afterCare, statusCode, startOver, done } from './results.js';
import { $ } from '/shared/dom.js';

let mode = null;       // 'checkin' | 'where' | 'leave': the start screen's button that sent the bib
let bib = '';
let attempt = null;    // the last check-in sent: {json, requestId}; a retry of the same answers reuses the id
let visit = 0;         // bumped by every reset, so a late reply for a previous runner is dropped
let bibEntry;
let reset;
let online = () => true;
let limits = () => null;

// onReset: the visit is over (idle, Done, Start over): everything goes, the language too.
// isOnline: whether the kiosk can reach the server now (its live connection is up).
// getLimits: the server's limits (TentClient's state.limits), null until the first snapshot.
export function setupFlows(onReset, isOnline, getLimits) {
  reset = onReset;
  if (isOnline) online = isOnline;
  if (getLimits) limits = getLimits;
  bibEntry = new BibEntry($('screen-start'), { onSubmit: bibEntered, limits });
  buildIntake({
    onAreasNext: () => show('triage'),
    onAreasBack: showBib,
    onTriageDone: submit,
    onTriageBack: () => show('areas'),
  });
}

// Forgets everything typed and answered.
export function clearFlows() {
  visit++;
  mode = null;
  bib = '';
  attempt = null;
  resetIntake();
  bibEntry.clear();
}

// A check-in for a bib already known (from "where am I?"): the start screen with the bib in, sent.
function checkInAgain(known) {
  clearFlows();
  show('start');
  bibEntry.clear(known);
  bibEntry.submit('checkin');
}

// The start screen with the typed bib kept (Back from the areas, "Try again" on a refused bib).
function showBib() {
  bibEntry.setBusy(false);
  show('start');
}

const tryAgain = (run) => ({ key: 'try_again', primary: true, run });
const retypeBib = { key: 'try_again', primary: true, run: showBib };

async function bibEntered(value, action, button) {
  bib = value;
  mode = action;
  const v = visit;
  bibEntry.setBusy(true, button);
  // A check-in: the server's dry run says now, before any question, whether the bib would be taken.
  const r = mode === 'checkin' ? await net.checkBib(bib) : await net.ticket(bib);
  if (v !== visit) return;
  bibEntry.setBusy(false);
  if (mode === 'checkin') {
    if (r.status === 200) show('areas');
    else refused(r, () => bibEntered(bib, mode, button));
  } else if (mode === 'where') {
    whereAnswer(r);
  } else {
    leaveQuestion(r);
  }
}

// A ticket's status as a screen (where am I, a replayed or refused check-in). statusKey: the
// check-in reply's, for the status page's QR code.
function ticketAnswer(ticket, titleKey, statusKey = null) {
  const b = { bib: ticket.bib, table: ticket.table_name ?? ticket.table };
  switch (ticket.status) {
    case 'waiting':
    case 'called': return showTicket(ticket, titleKey, statusKey);
    case 'in_session': return showMessage({ title: t('where_in_session_title', b), body: t('where_in_session_body'), tone: 'ok', actions: [done] });
    case 'done': return showMessage({ title: t('where_done_title'), body: t('where_done_body'), tone: 'ok', extra: afterCare(true), actions: [done] });
    case 'referred': return showMedical();
    default: return showMessage({
      title: t('where_gone_title', b), body: t('where_gone_body'),
      actions: [{ key: 'start_checkin', primary: true, run: () => checkInAgain(ticket.bib) }, startOver],
    });
  }
}

function whereAnswer(r) {
  if (r.status === 200 && r.body.ticket) return ticketAnswer(r.body.ticket, 'ticket_title_where');
  if (r.status === 404) {
    return showMessage({
      title: t('where_unknown_title', { bib }), body: t('where_unknown_body'),
      actions: [{ key: 'start_checkin', primary: true, run: () => checkInAgain(bib) }, startOver],
    });
  }
  failure(r, () => bibEntered(bib, mode));
}

function leaveQuestion(r) {
  const ticket = r.status === 200 ? r.body.ticket : null;
  if (r.status === 404) return showMessage({ title: t('where_unknown_title', { bib }), body: t('where_unknown_body'), actions: [retypeBib, startOver] });
  if (ticket && ticket.status !== 'waiting') return notWaiting();
  // Waiting, or the lookup failed: ask anyway; the leave request itself will tell.
  showMessage({
    title: t('leave_confirm_title'),
    body: ticket ? t('leave_confirm_position', { bib, position: ticket.position }) : t('leave_confirm_body', { bib }),
    actions: [
      { key: 'leave_yes', danger: true, run: confirmLeave },
      { key: 'leave_no', primary: true, run: () => reset() },
    ],
  });
}

const notWaiting = () => showMessage({ title: t('leave_not_waiting_title', { bib }), body: t('leave_not_waiting_body') });

async function confirmLeave() {
  const v = visit;
  busy('checking');
  const r = await net.leave(bib);
  if (v !== visit) return;
  if (r.status === 200) return showMessage({ title: t('leave_done_title'), body: t('leave_done_body', { bib }), tone: 'ok', extra: afterCare(true), actions: [done] });
  if (r.body?.error?.code === 'not_waiting') return notWaiting();
  if (r.status === 404) return showMessage({ title: t('where_unknown_title', { bib }), body: t('where_unknown_body'), actions: [retypeBib, startOver] });
  failure(r, confirmLeave);
}

async function submit() {
  const body = { bib, areas: selectedAreas(), triage: triageAnswers() };
  const json = JSON.stringify(body);
  if (!attempt || attempt.json !== json) attempt = { json, requestId: net.newRequestId() };
  const request = { ...body, request_id: attempt.requestId };
  if (anyRedFlag()) {
    // Safety first: the referral screen does not wait for the server. The referral goes through
    // the outbox, so that it reaches the server even if the server is down just now.
    net.sendReferral(request);
    showMedical();
    return;
  }
  if (!online()) return failure({ status: 0 }, submit);   // no 7 s of spinning to say so
  const v = visit;
  busy('submitting');
  const r = await net.checkin(request, { onRetry: () => { if (v === visit) $('busy-text').textContent = t('submitting_retry'); } });
  if (v !== visit) return;
  if (r.status === 201) return ticketAnswer(r.body.ticket, 'ticket_title', r.body.status_key);
  refused(r, submit);
}

// A check-in (or its dry run) the server refused, as the screen that tells the runner why.
function refused(r, retry) {
  const code = r.body?.error?.code;
  if (code === 'already_queued') return ticketAnswer(r.body.ticket, 'ticket_title_already');
  if (code === 'referred') return seeVolunteer();
  if (code === 'waiting_elsewhere') return waitingElsewhere(r.body.tent);
  if (code === 'already_served') {
    return showMessage({ title: t('err_already_served_title'), body: t('err_already_served_body', { bib }), extra: afterCare(true) });
  }
  if (code === 'not_on_roster' || code === 'invalid_bib') {
    const vars = { bib, max: limits()?.bib_max_length };
    return showMessage({ title: t(`err_${code}_title`, vars), body: t(`err_${code}_body`, vars), tone: 'error', actions: [retypeBib, startOver] });
  }
  if (code === 'category_refused' || code === 'line_closed') {
    return showMessage({ title: t(`err_${code}_title`, { bib }), body: t(`err_${code}_body`), tone: 'error' });
  }
  failure(r, retry);
}

// The bib already waits (or is called, or on a table) at another tent of the event: nothing
// changed; the runner is sent there, with the code of their status page at that tent.
function waitingElsewhere(tent) {
  const vars = { bib, tent: tent?.name || t('another_tent') };
  const path = typeof tent?.path === 'string' && tent.path.startsWith('/') ? tent.path : null;
  showMessage({
    title: t('err_waiting_elsewhere_title', vars), body: t('err_waiting_elsewhere_body', vars),
    extra: path ? statusCode(bib, `${path.replace(/\/$/, '')}/status/`, t('err_waiting_elsewhere_follow')) : null,
    actions: [done], kind: 'waiting_elsewhere',
  });
}

// The bib has an open medical referral: only a volunteer can clear it.
function seeVolunteer() {
  showMessage({ title: t('err_referred_title'), body: t('err_referred_body', { bib }), tone: 'error', actions: [done], kind: 'referred' });
}

// Unreachable server, a kiosk without its key, or anything unexpected: a message and "Try again".
function failure(r, retry) {
  let key = 'err_other';
  if (r.status === 0) key = 'err_offline';
  else if (r.status === 401 || r.status === 403 || r.status === 429) key = 'err_not_set_up';
  showMessage({ title: t(`${key}_title`), body: t(`${key}_body`), tone: 'error', actions: [tryAgain(retry), startOver], kind: key });
}

function busy(key) {
  $('busy-text').textContent = t(key);
  show('busy');
}
