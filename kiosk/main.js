// The kiosk at the tent entrance: start screen (tent name, wait for a new arrival or "line closed",
// language picker, the bib keypad and what to do with the bib), then the flows in flows.js.
// Follows the live public state with TentClient.
// URL parameters: ?key= (kiosk key, see kiosk-api.js), ?lang= (the language to start in),
// ?idle= (seconds before an untouched screen resets; 60 by default, for tests).
import { TentClient } from '/shared/tent-client.js';
import { t, language, listLanguages, setLanguage, waitText } from './i18n.js';
import { show, setupIdle, activeScreen } from './screens.js';
import { adoptKioskKey, flushOutbox, outboxSize } from './kiosk-api.js';
import { setupFlows, clearFlows } from './flows.js';
import { setupResults, showMessage } from './results.js';
import { $, h } from '/shared/dom.js';
import { announcementFor } from '/shared/announcement.js';
const params = new URLSearchParams(location.search);
let defaultLanguage = 'en';
let tent = null;
const bootAt = Date.now();
// The live connection retries at most this far apart, so the kiosk is back within about a second
// of the server (the shared default of 10 s is for screens nobody is waiting at).
const KIOSK_MAX_BACKOFF_MS = 1000;
// The first connection may take a moment; only after this does "not connected" mean offline.
const FIRST_CONNECT_GRACE_MS = 3000;

// True while the kiosk cannot reach the server: the start screen then offers no check-in.
function offline() {
  return !!tent && !tent.connected && (tent.state.seq != null || Date.now() - bootAt > FIRST_CONNECT_GRACE_MS);
}

async function boot() {
  adoptKioskKey();
  setupFlows(reset, () => !offline(), () => tent?.state.limits ?? null);
  const languages = await loadLanguages();
  renderLanguages(languages);

  tent = new TentClient({ maxBackoff: KIOSK_MAX_BACKOFF_MS });
  setupResults(tent, reset);
  tent.addEventListener('change', renderStart);
  tent.addEventListener('status', connectionChanged);
  // The wait shrinks as time passes, frames or not; and a first connection that never comes shows.
  setInterval(renderStart, 1000);
  // Referrals kept while the server was down go out as soon as it answers again.
  setInterval(() => { if (outboxSize() && !offline()) flushOutbox(); }, 2000);
  if (outboxSize()) flushOutbox();
  $('announcement-more').addEventListener('click', toggleAnnouncement);
  $('announcement').addEventListener('click', toggleAnnouncement);
  addEventListener('resize', () => renderAnnouncement($('announcement').textContent));
  setupIdle(Number(params.get('idle')) || 0, reset);

  $('boot').hidden = true;
  relabel();
  show('start');
}

// The language list and the first language's strings; retried until the server answers.
async function loadLanguages() {
  for (let delay = 1000; ; delay = Math.min(delay * 2, 10_000)) {
    const languages = await listLanguages();
    const wanted = params.get('lang');
    defaultLanguage = languages.some((l) => l.code === wanted) ? wanted
      : languages.some((l) => l.code === 'en') ? 'en' : languages[0].code;
    try {
      await setLanguage(defaultLanguage);
      return languages;
    } catch {
      $('boot-text').textContent = 'Cannot reach the tent server. Trying again… / Sin conexión. Reintentando… / Keine Verbindung. Neuer Versuch…';
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

// Back to the start screen with nothing remembered (bib and language included).
async function reset() {
  clearFlows();
  if (language !== defaultLanguage) await changeLanguage(defaultLanguage);
  show('start');
}

async function changeLanguage(code) {
  try {
    await setLanguage(code);
  } catch {
    return;   // the strings could not be fetched: stay in the current language
  }
  for (const b of $('languages').querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.lang === code));
  relabel();
}

function renderLanguages(languages) {
  const nav = $('languages');
  nav.hidden = languages.length < 2;
  for (const { code, name } of languages) {
    nav.append(h('button', {
      type: 'button', lang: code, dataset: { lang: code }, 'aria-pressed': String(code === language), onclick: () => changeLanguage(code),
    }, name));
  }
}

// Texts that are not plain [data-i18n]: the banner TentClient owns, the title, the start screen.
function relabel() {
  if (tent?.banner) tent.banner.textContent = t('reconnecting');
  renderStart();
}

// Back online: deliver kept referrals; an "offline" message (nothing was done) gives way to the start.
function connectionChanged() {
  renderStart();
  if (!tent.connected) return;
  if (activeScreen() === 'start') $('bib-input').focus({ preventScroll: true });   // shown again
  if (outboxSize()) flushOutbox();
  if (activeScreen() === 'message' && $('message-card').dataset.kind === 'err_offline') reset();
}

function renderStart() {
  const s = tent?.state;
  const name = s?.settings?.tent_name || t('page_title');
  $('tent-name').textContent = name;
  document.title = name;
  renderAnnouncement(announcementFor(s, language));
  // Offline: say so plainly and offer nothing that needs the server (the CSS hides the keypad too).
  const down = offline();
  $('start-offline').hidden = !down;
  document.body.dataset.offline = down ? '1' : '';
  for (const id of ['start-where', 'start-leave']) $(id).hidden = down;
  if (down) {
    $('start-closed').hidden = true;
    $('start-wait').hidden = true;
    $('start-checkin').hidden = true;
    return;
  }
  if (!s || s.seq == null) {
    $('start-wait').hidden = false;
    $('start-wait-value').textContent = t('start_wait_loading');
    return;
  }
  const closed = tent.lineClosed();
  $('start-closed').hidden = !closed;
  $('start-wait').hidden = closed;
  $('start-checkin').hidden = closed;
  const wait = tent.newArrivalWait();
  $('start-wait-value').textContent = wait == null ? t('start_no_tables')
    : s.queue.length === 0 && wait < 60 ? t('start_line_empty') : waitText(wait);
}

// The announcement, two lines at most; "More" (or a tap on it) shows the rest over the screen.
function renderAnnouncement(text) {
  const box = $('announcement-box');
  const p = $('announcement');
  if (p.textContent !== text) {
    p.textContent = text;
    setAnnouncementOpen(false);
  }
  box.hidden = !text;
  // Clamped text is taller than its box: only then is there more to show.
  const more = $('announcement-more');
  more.hidden = !text || (box.dataset.open !== '1' && p.scrollHeight <= p.clientHeight + 1);
  more.textContent = t(box.dataset.open === '1' ? 'announcement_less' : 'announcement_more');
}

function setAnnouncementOpen(open) {
  $('announcement-box').dataset.open = open ? '1' : '';
  $('announcement-more').setAttribute('aria-expanded', String(open));
}

function toggleAnnouncement() {
  setAnnouncementOpen($('announcement-box').dataset.open !== '1');
  renderAnnouncement($('announcement').textContent);
}

// Never stuck: a bug while "Checking you in…" shows ends on a message with "Start over". Elsewhere
// the screen stays usable, so an unrelated error must not throw the runner out.
function broken() {
  if (activeScreen() === 'busy') showMessage({ title: t('err_other_title'), body: t('err_other_body'), tone: 'error' });
}
window.addEventListener('error', broken);
window.addEventListener('unhandledrejection', broken);

document.body.dataset.started = '1';
boot().catch((e) => {
  console.error(e);
  $('boot-text').textContent = 'The kiosk could not start. Please ask a volunteer to reload the page.';
});
