// The organiser dashboard: PIN screen, then live figures and charts, settings, announcement,
// roster, export, the printable report, the staffing plan, the QR codes devices join with, the event's tents, and the therapists' hours. The PIN lives in sessionStorage (gone when the tab
// closes); the socket is signed in with it for live state, REST calls carry it as a Bearer token.

import { TentClient } from '/shared/tent-client.js';
import { timeOfDay } from '/shared/format.js';
import { AnnouncementPanel, downloadSessions } from './announce.js';
import { THEMES, createCharts } from './charts.js';
import { AlertList, TableStrip, alerts } from './floor.js';
import { BackupWatch, backupAlerts, backupLine } from './backups.js';
import { FeedbackBlock, StatsPoller, buildTiles, renderTiles } from './figures.js';
import { Report } from './report.js';
import { RosterPanel } from './roster.js';
import { SettingsForm } from './settings.js';
import { KioskKeyForm } from './kiosk-key.js';
import { JoinPanel } from './join.js';
import { TentsPanel } from './tents.js';
import { PlanPanel } from './plan.js';
import { HoursPanel } from './hours.js';
import { errorMessage } from './util.js';
import { $ } from '/shared/dom.js';
import { applyLimits } from '/shared/limits.js';
import { PinSignIn } from '/shared/sign-in.js';

const VIEWS = ['live', 'settings', 'announce', 'roster', 'export', 'plan', 'join', 'tents', 'hours', 'report'];

window.addEventListener('error', () => showFatal());
window.addEventListener('unhandledrejection', () => showFatal());
function showFatal() {
  const p = $('fatal');
  p.textContent = 'Something went wrong on this page. Reload it to try again; nothing you saved is lost.';
  p.hidden = false;
}

const tent = new TentClient();
const signIn = new PinSignIn(tent, {
  screen: $('signin'), app: $('app'), form: $('signin-form'), message: $('signin-message'),
  need: 'organiser', place: 'The dashboard', storageKey: 'massage-tent.organiser-pin',
  onSignedIn: (pin) => startDashboard(pin),
});

// Back to the sign-in form after a reload, with `message` on it.
function signOut(message = '') {
  location.hash = '';
  signIn.signOut(message);
}

function showView(name) {
  if (!VIEWS.includes(name)) name = 'live';
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== name;
  for (const b of document.querySelectorAll('nav [data-view]')) {
    if (b.dataset.view === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  document.body.dataset.view = name;
}

function startDashboard(pin) {
  const countsEl = $('tiles-counts');
  buildTiles(countsEl, $('tiles-times'));
  const feedback = new FeedbackBlock($('feedback-figures'), THEMES.screen.legs);
  const charts = typeof Chart === 'function' ? createCharts($('charts'), 'screen', { feedback: $('feedback-chart') }) : null;
  if (!charts) $('charts').textContent = 'The charts could not load (the chart library is missing from the server). The figures above still update.';
  const settings = new SettingsForm($('settings-form'), { pin });
  const kioskKey = new KioskKeyForm($('kiosk-key-form'), { pin });
  const announcement = new AnnouncementPanel($('view-announce'), { pin });
  const roster = new RosterPanel($('view-roster'), { pin });
  const report = new Report($('view-report'));
  new JoinPanel($('view-join'), { pin });
  const unauthorized = () => signOut('The organiser PIN no longer works. Sign in again.');
  new TentsPanel($('view-tents'), { pin, onUnauthorized: unauthorized });
  new PlanPanel($('view-plan'), { pin, onUnauthorized: unauthorized });
  new HoursPanel($('view-hours'), { pin, onUnauthorized: unauthorized });
  const strip = new TableStrip($('strip'));
  const alertList = new AlertList($('alerts'));
  let latest = null;
  let backups = null;
  // The strip and the alerts follow the socket, and re-check the clocks every second.
  const drawFloor = () => {
    if (tent.state.seq == null) return;
    const now = tent.now();
    strip.render(tent.state, now);
    alertList.render([...backupAlerts(backups, now), ...alerts(tent.state, latest, now)]);
    $('backup-status').textContent = backupLine(backups, now);
    $('backup-status').dataset.kind = backupAlerts(backups, now).length ? 'error' : '';
  };
  setInterval(drawFloor, 1000);

  const status = $('stats-status');
  const poller = new StatsPoller(pin, {
    onStats(stats) {
      latest = stats;
      renderTiles($('tiles'), stats);
      feedback.render(stats);
      // No answers: the block's sentence says so, without an empty chart beside it.
      $('feedback-chart').hidden = !(stats.feedback?.answers > 0);
      drawFloor();
      charts?.update(stats);
      status.textContent = `Updated ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;
      status.dataset.kind = '';
      if (document.body.dataset.view === 'report') report.render(stats, tent.state.settings);
    },
    onError(reply) {
      if (reply.status === 401 || reply.status === 403) { poller.stop(); signOut('The organiser PIN no longer works (was the server restarted with a new one?). Sign in again.'); return; }
      const since = latest ? ` Showing figures from ${timeOfDay(latest.at)}.` : '';
      const why = reply.status ? errorMessage(reply, 'Could not refresh the figures.') : 'Not connected to the tent server; trying again.';
      status.textContent = `${why}${since}`;
      status.dataset.kind = 'error';
    },
  });

  tent.addEventListener('change', (e) => {
    const s = tent.state;
    const frame = e.detail;
    // Updates do not carry the roster size; the roster_loaded event does.
    const loaded = frame.events?.find((ev) => ev.type === 'roster_loaded');
    if (loaded) s.rosterSize = loaded.count;
    $('tent-name').textContent = s.settings?.tent_name || 'Massage tent';
    document.title = `Organiser · ${s.settings?.tent_name || 'Massage tent'}`;
    announcement.show(s.announcement, s.announcement_translations);
    roster.setSize(s.rosterSize);
    if (frame.type === 'snapshot' || frame.settings) settings.external(s.settings);
    if (frame.type === 'snapshot') {
      // The server's limits: the form's lengths and ranges, the announcement's counter.
      applyLimits(document, s.limits);
      announcement.setLimits(s.limits);
    }
    drawFloor();
    poller.request();
  });

  for (const b of document.querySelectorAll('nav [data-view]')) b.addEventListener('click', () => { location.hash = b.dataset.view; });
  window.addEventListener('hashchange', () => {
    const name = location.hash.slice(1);
    if (name !== 'report') showView(name);
    else if (!openReport()) showView('export');
  });
  $('sign-out').addEventListener('click', () => signOut());

  $('export-csv').addEventListener('click', async () => {
    const out = $('export-status');
    out.textContent = 'Preparing the CSV…';
    out.dataset.kind = '';
    const problem = await downloadSessions(pin);
    out.textContent = problem ?? 'Downloaded.';
    out.dataset.kind = problem ? 'error' : 'ok';
  });
  // Shows the report with the latest figures; false when there are none yet.
  function openReport() {
    if (!latest) return false;
    if (location.hash !== '#report') history.replaceState(null, '', '#report');
    showView('report');  // at once, not on hashchange: the report must be laid out before print()
    report.render(latest, tent.state.settings);
    return true;
  }
  $('open-report').addEventListener('click', () => {
    if (!openReport()) { $('export-status').textContent = 'The figures have not loaded yet. Try again in a moment.'; return; }
    window.print();
  });
  // Ctrl+P from any view prints the report too, but the join codes and the hours' statements
  // print themselves.
  window.addEventListener('beforeprint', () => { if (!['report', 'join', 'hours'].includes(document.body.dataset.view)) openReport(); });
  $('print-report').addEventListener('click', () => window.print());
  $('close-report').addEventListener('click', () => { location.hash = 'export'; });

  showView(location.hash === '#report' ? 'export' : location.hash.slice(1));
  if (tent.state.seq != null) tent.dispatchEvent(new CustomEvent('change', { detail: { type: 'snapshot' } }));
  settings.load();
  kioskKey.load();
  poller.start();
  new BackupWatch(pin, (b) => { backups = b; drawFloor(); }).start();
}

// Start: straight to the dashboard with a PIN from this tab's session, else the PIN screen.
signIn.start();
