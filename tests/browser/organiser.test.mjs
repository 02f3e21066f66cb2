// The organiser dashboard against a real server: PIN screen, live figures and charts, settings,
// roster upload, announcement, CSV export, printable report, and the wrong-PIN lock-out (last,
// since it locks this address out for 30 s).

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, screenshot, openTables, ORGANISER_PIN, VOLUNTEER_PIN } from './harness.mjs';

let server;
let browser;
let page;
const pageErrors = [];
const T = { timeout: 10_000 };

const tileValue = (id) => page.locator(`[data-figure="${id}"] .tile-value`);
const waitText = (selector, text) => page.waitForFunction(
  ([s, t]) => document.querySelector(s)?.textContent.includes(t), [selector, text], T);
const chartData = (id) => page.evaluate((cid) => {
  const chart = Chart.getChart(document.getElementById(cid));
  return chart && { labels: chart.data.labels, datasets: chart.data.datasets.map((d) => d.data) };
}, id);

before(async () => {
  server = await startServer({ env: { TZ: 'Asia/Kolkata' } });   // the export's times: +05:30
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  page = await context.newPage();
  await page.addInitScript(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterEach(() => assert.deepEqual(pageErrors, [], 'no script errors on the page'));

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a wrong PIN is refused with a message, the organiser PIN opens the dashboard', async () => {
  await page.goto(`${server.url}/organiser/`);
  await page.locator('#pin').waitFor(T);
  await page.fill('#pin', '9999');
  await page.click('#signin-form button');
  await waitText('#signin-message', 'Wrong PIN. Try again.');
  assert.equal(await page.locator('#app').isHidden(), true);

  await page.fill('#pin', VOLUNTEER_PIN);
  await page.click('#signin-form button');
  await waitText('#signin-message', 'That is a volunteer PIN. The dashboard needs the organiser PIN.');

  await page.fill('#pin', ORGANISER_PIN);
  await page.click('#signin-form button');
  await page.locator('#view-live').waitFor(T);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('massage-tent.organiser-pin')), ORGANISER_PIN);
  await waitText('#stats-status', 'Updated');
  // Nothing has happened yet: the charts say so.
  assert.equal(await page.locator('.chart-throughput .no-data').isVisible(), true);
  assert.equal(await page.locator('.chart-tables .no-data').isVisible(), true);

  // A reload keeps the session (sessionStorage) and skips the PIN screen.
  await page.reload();
  await page.locator('#view-live').waitFor(T);
  assert.equal(await page.locator('#signin').isHidden(), true);
});

test('the figures follow activity: served and waiting counts, then the charts hold data', async () => {
  const [t1] = await openTables(server, 2);
  await server.op('therapist', { table: t1, name: 'Anna' });
  for (const bib of ['101', '102', '103', '104', '105']) {
    const r = await server.api('/api/checkins', { method: 'POST', body: { bib } });
    assert.equal(r.status, 201);
  }
  await server.op('arrived', { table: t1 });
  await server.op('finish', { table: t1 });

  await page.waitForFunction(() => document.querySelector('[data-figure="served"] .tile-value').textContent === '1', null, T);
  assert.equal(await tileValue('waiting').textContent(), '3');
  assert.equal(await tileValue('checked_in').textContent(), '5');
  assert.equal(await tileValue('called').textContent(), '1');
  assert.match(await tileValue('clear').textContent(), /\d/);

  await page.waitForFunction(() => document.querySelector('.chart-throughput .no-data').hidden, null, T);
  const throughput = await chartData('chart-throughput');
  assert.equal(throughput.datasets[0].reduce((a, b) => a + b, 0), 1);
  const tables = await chartData('chart-tables');
  assert.deepEqual(tables.labels, ['Table 1', 'Table 2']);
  assert.deepEqual(tables.datasets[0], [1, 0]);
  const therapists = await chartData('chart-therapists');
  assert.deepEqual(therapists.labels, ['Anna']);
  assert.equal((await chartData('chart-queue')).datasets[0].length > 0, true);
  assert.equal(await page.locator('#charts canvas').count(), 5);
  await screenshot(page, 'organiser-dashboard');
});

test('the referral figure counts kiosk referrals and runners sent to medical from a table apart', async () => {
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '106', triage: { open_wound: true } } })).status, 201);
  const table2 = 2;   // calling bib 102 since the test above
  assert.equal((await server.op('arrived', { table: table2 })).status, 200);
  assert.equal((await server.op('finish', { table: table2, outcome: 'medical' })).status, 200);
  await page.waitForFunction(() => document.querySelector('[data-figure="referrals"] .tile-value').textContent === '2', null, T);
  assert.equal(await page.locator('[data-figure="referrals"] .tile-note').textContent(), '1 at the kiosk · 1 from tables');
});

test('changing the session length saves it; an out-of-range value shows the server message', async () => {
  await page.click('nav [data-view="settings"]');
  await page.locator('#view-settings').waitFor(T);
  await page.waitForFunction(() => document.querySelector('#session_target_min').value === '10', null, T);

  await page.fill('#session_target_min', '0.5');
  await page.click('#settings-form button[type=submit]');
  await waitText('#settings-form .form-status', 'outside its allowed range');

  await page.fill('#session_target_min', '12');
  await page.fill('#closing_at', '23:30');
  await page.click('#settings-form button[type=submit]');
  await waitText('#settings-form .form-status', 'Saved');
  const { body } = await server.api('/api/settings', { pin: ORGANISER_PIN });
  assert.equal(body.settings.session_target_s, 720);
  const closing = new Date(body.settings.closing_at);
  assert.equal(`${closing.getHours()}:${closing.getMinutes()}`, '23:30');
  assert.equal(closing.toDateString(), new Date().toDateString());
  assert.equal(await page.inputValue('#session_target_min'), '12');
  await screenshot(page, 'organiser-settings');

  // Emptying the field takes the closing time away again: the later tests check runners in at any
  // hour of the day, which a closing time of 23:30 would refuse from 23:15 on.
  await page.fill('#closing_at', '');
  await page.click('#settings-form button[type=submit]');
  await waitText('#closing-note', 'No closing time');
  assert.equal((await server.api('/api/settings', { pin: ORGANISER_PIN })).body.settings.closing_at, null);
});

test('the settings form and the announcement take their lengths and ranges from the server\'s limits', async () => {
  await page.click('nav [data-view="settings"]');
  const attrs = (p, sel) => p.locator(sel).evaluate((e) => [e.getAttribute('min'), e.getAttribute('max'), e.getAttribute('maxlength')]);
  assert.deepEqual(await attrs(page, '#session_target_min'), ['1', '60', null]);
  assert.deepEqual(await attrs(page, '#call_timeout_min'), ['0.5', '30', null]);
  assert.deepEqual(await attrs(page, '#changeover_s'), ['0', '900', null]);
  assert.equal(await page.locator('#tent_name').getAttribute('maxlength'), '40');
  assert.equal(await page.locator('#medical_directions').getAttribute('maxlength'), '280');
  assert.match(await page.locator('label[for="session_target_min"]').textContent(), /minutes, 1–60$/);
  assert.match(await page.locator('label[for="tent_name"]').textContent(), /up to 40 characters/);
  assert.match(await page.locator('label[for="refused_categories"]').textContent(), /at most 50$/);

  // A dashboard whose snapshots carry other limits shows those, not copies of its own.
  const other = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  other.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    await other.routeWebSocket(/\/ws/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => {
        const frame = JSON.parse(m);
        if (frame.type === 'snapshot') {
          Object.assign(frame.limits, { name_max_length: 20, text_max_length: 50 });
          frame.limits.settings.session_target_s = { min: 120, max: 1800 };
        }
        ws.send(JSON.stringify(frame));
      });
    });
    await other.goto(`${server.url}/organiser/#settings`);
    await other.fill('#pin', ORGANISER_PIN);
    await other.click('#signin-form button');
    await other.locator('#view-settings').waitFor(T);
    await other.waitForFunction(() => document.querySelector('#session_target_min').getAttribute('max') === '30', null, T);
    assert.deepEqual(await attrs(other, '#session_target_min'), ['2', '30', null]);
    assert.match(await other.locator('label[for="session_target_min"]').textContent(), /minutes, 2–30$/);
    assert.equal(await other.locator('#tent_name').getAttribute('maxlength'), '20');
    assert.equal(await other.locator('#medical_directions').getAttribute('maxlength'), '50');
    await other.click('nav [data-view="announce"]');
    assert.equal(await other.locator('#announce-count').textContent(), '0 / 50');
    assert.equal(await other.locator('#announce-text').getAttribute('maxlength'), '50');
  } finally {
    await other.close();
  }
});

test('the kiosk key set on the settings page is required of kiosks until it is removed', async () => {
  await page.click('nav [data-view="settings"]');
  await waitText('#kiosk-key-state', 'No kiosk key');
  await page.fill('#kiosk-key', 'finish-line-7');
  await page.click('#kiosk-key-form button[type=submit]');
  await waitText('#kiosk-key-state', 'Kiosks need a key');
  const checkin = (key) => fetch(`${server.url}/api/checkins`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ bib: '4455' }),
  });
  assert.equal((await checkin()).status, 401);
  assert.equal((await checkin('finish-line-7')).status, 201);
  await page.click('#kiosk-key-remove');
  await waitText('#kiosk-key-state', 'No kiosk key');
  assert.equal((await server.api('/api/settings', { pin: ORGANISER_PIN })).body.kiosk_key_required, false);
  await server.op('remove', { bib: '4455' });
});

test('a roster CSV with a bad row: the preview names the line, loading sets the roster size', async () => {
  await page.click('nav [data-view="roster"]');
  await page.locator('#view-roster').waitFor(T);
  await waitText('#roster-size', '0');
  const csv = 'bib,first_name,last_name,category\n201,Ann,Lee,elite\n202,Bob,Ray,\n!!,Bad,Row,\n203,Cy,Dee,vip\n';
  await page.setInputFiles('#roster-file', { name: 'runners.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#roster-preview table').waitFor(T);
  assert.equal(await page.locator('#roster-preview tbody tr').count(), 3);
  assert.match(await page.locator('.rejected').textContent(), /Line 4:.*bad bib/);
  assert.equal(await page.locator('#roster-load').textContent(), 'Load 3 runners');
  await screenshot(page, 'organiser-roster-preview');
  // A dry run loads nothing.
  assert.equal((await server.api('/api/state', { pin: ORGANISER_PIN })).body.roster_size, 0);

  await page.click('#roster-load');
  await waitText('#roster-status', 'Loaded 3 runners');
  await waitText('#roster-size', '3');
  assert.equal((await server.api('/api/state', { pin: ORGANISER_PIN })).body.roster_size, 3);

  // A roster loaded elsewhere: the size follows the roster_loaded event.
  await server.op('roster', { entries: [{ bib: '301' }, { bib: '302' }] }, ORGANISER_PIN);
  await waitText('#roster-size', '2');
});

test('a posted announcement reaches the state and is shown as the current one', async () => {
  await page.click('nav [data-view="announce"]');
  await page.fill('#announce-text', 'Massage tent closes at 16:00');
  await page.click('#announce-form button[type=submit]');
  await waitText('#announce-status', 'Posted');
  assert.equal((await server.api('/api/state')).body.announcement, 'Massage tent closes at 16:00');

  // One posted elsewhere arrives over the socket.
  await server.api('/api/announcement', { method: 'POST', body: { text: 'Water at the exit' }, pin: ORGANISER_PIN });
  await waitText('#announce-current', 'Water at the exit');
});

test('the export downloads the sessions CSV under a dated name', async () => {
  await page.click('nav [data-view="export"]');
  const [download] = await Promise.all([page.waitForEvent('download', T), page.click('#export-csv')]);
  assert.match(download.suggestedFilename(), /^massage-tent-sessions-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  assert.ok(text.startsWith('bib,'), text.slice(0, 40));
  assert.match(text, /\n101,/);
});

test('the export: local times with the offset, red flags, the category on every row, a row per referral', async () => {
  // Bib 101 checked in before the roster knew it; bib 201 (category "elite") is referred at the
  // kiosk, cleared, and checks in again.
  const roster = [{ bib: '101', first_name: 'Al', last_name: 'Bo', category: '5K' }, { bib: '201', first_name: 'Ann', last_name: 'Lee', category: 'elite' }];
  assert.equal((await server.op('roster', { entries: roster }, ORGANISER_PIN)).status, 200);
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '201', triage: { dizzy_or_confused: true, severe_cramping: true } } })).status, 201);
  assert.equal((await server.op('clear_referral', { bib: '201' })).status, 200);
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '201' } })).status, 201);
  const csv = (await server.api('/api/export/sessions.csv', { pin: ORGANISER_PIN })).body;
  const [header, ...lines] = csv.trim().split('\r\n');
  const cols = header.split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/;
  for (const r of rows) {
    for (const c of ['checked_in_at', 'called_at', 'started_at', 'finished_at', 'referred_at', 'acknowledged_at', 'cleared_at'])
      assert.ok(r[c] === '' || iso.test(r[c]), `${c} of ${r.bib}: ${r[c]}`);
  }
  // The server's ticket time, as local time in +05:30, is the row's.
  const { ticket } = (await server.api('/api/tickets/201', { pin: ORGANISER_PIN })).body;
  const local = new Date(ticket.checked_in_at + 5.5 * 3600_000).toISOString().slice(0, 19);
  const visits = rows.filter((r) => r.bib === '201');
  assert.deepEqual(visits.map((r) => [r.status, r.category, r.referred_from, r.red_flags]),
    [['referred', 'elite', 'kiosk', 'dizzy_or_confused severe_cramping'], ['waiting', 'elite', '', '']]);
  assert.equal(visits[1].checked_in_at, `${local}+05:30`);
  assert.equal(rows.find((r) => r.bib === '101').category, '5K');
  // Bib 106 (kiosk, open wound) and bib 102 (sent to medical from table 2) have their own rows.
  assert.deepEqual(rows.filter((r) => r.referred_from).map((r) => [r.bib, r.referred_from, r.red_flags]),
    [['102', 'table', ''], ['106', 'kiosk', 'open_wound'], ['201', 'kiosk', 'dizzy_or_confused severe_cramping']]);
});

test('the printable report holds the figures, tables and charts, without buttons on paper', async () => {
  await page.click('#open-report');
  await page.locator('#view-report').waitFor(T);
  await page.waitForFunction(() => window.printed === 1, null, T);
  await waitText('#report-title', 'Massage tent: event report');
  const body = await page.locator('#report-body').textContent();
  assert.match(body, /Served1/);
  assert.match(body, /Table 1Anna1/);
  // Per therapist: time on shift beside time in session, and utilisation over it.
  const anna = await page.locator('#report-body table:has(caption:text-is("Per therapist")) tbody tr').first()
    .evaluate((tr) => [...tr.children].map((c) => c.textContent));
  assert.deepEqual(anna.slice(0, 2), ['Anna', '1']);
  assert.notEqual(anna[3], '–');
  assert.match(anna[4], /^\d+ %$/);
  // The referrals, one row each, as in the export, with the red flags in words.
  await page.waitForFunction(() => document.querySelectorAll('#report-body table:has(caption) tbody tr').length && [...document.querySelectorAll('#report-body caption')].some((c) => c.textContent === 'Medical referrals' && c.closest('table').querySelectorAll('tbody tr').length === 3), null, T);
  const referrals = await page.locator('#report-body table:has(caption:text-is("Medical referrals")) tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(referrals.map((r) => [r[0], r[2], r[4], r[5]]),
    [['106', '–', 'kiosk', 'open wound or bad blisters'], ['102', '–', 'Table 2', '–'], ['201', 'elite', 'kiosk', 'dizzy, fainting or confused, severe cramping']]);
  assert.match(referrals[2][3], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d$/);
  assert.match(body, /Quoted waitsQuoted waits were (about right|\d+ min (short|long)) on average/);
  assert.doesNotMatch(body, /×/);
  assert.equal(await page.locator('#report-body canvas').count(), 6);   // the five live charts and the runners' feedback
  assert.deepEqual((await chartData('chart-tables-print')).datasets[0], [1, 0]);

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#print-report').isVisible(), false);
  assert.equal(await page.locator('.topbar').isVisible(), false);
  const colours = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('#report-body')).color]);
  assert.deepEqual(colours, ['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
  await screenshot(page, 'organiser-report');
  await page.emulateMedia({ media: 'screen' });
});

test('too many wrong PINs locks sign-in out with a clear message', async () => {
  // The lock-out is per address, and a right PIN from the same address forgets its failures: the
  // signed-in dashboard's figures poll from 127.0.0.1 too, so it leaves first (this is the last test).
  await page.goto('about:blank');
  const other = await browser.newPage();
  await other.goto(`${server.url}/organiser/`);
  await other.locator('#pin').waitFor(T);
  // The same wording and countdown as the volunteer console (shared/sign-in.js).
  for (let i = 0; i < 6; i++) {
    await other.fill('#pin', `000${i}`);
    await other.click('#signin-form button');
    await other.waitForFunction(() => /Wrong PIN|Too many/.test(document.querySelector('#signin-message').textContent), null, T);
    if (/Too many/.test(await other.locator('#signin-message').textContent())) break;
    await other.evaluate(() => { document.getElementById('signin-message').textContent = ''; });
  }
  assert.match(await other.locator('#signin-message').textContent(), /^Too many wrong PINs\. Wait \d+ s, then try again\.$/);
  assert.equal(await other.locator('#signin-form button').isDisabled(), true);
  await other.close();
});
