// Medical referrals and a server that goes away, against a real server: the kiosk's "Please see a
// volunteer" for a referred bib, the console's referral alerts (acknowledge on one console clears
// every console, clear lets the runner back in), "Sent to medical" from a table, the kiosk's
// start screen while the server is down (and back by itself within 2 s, from an error too), and a
// referral made while the server is down reaching it once it is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, openTables, fitsWithoutScrolling, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

const LANDSCAPE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const WAIT = { timeout: 10_000 };
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await openTables(server, 1);
  await server.api('/api/checkins', { method: 'POST', body: { bib: '900' } });   // called to table 1
  const entries = [
    { bib: '620', first_name: 'Ana', last_name: 'Silva', category: 'Marathon' },
    { bib: '900', first_name: 'Ben', last_name: 'Okafor', category: '10K' },
  ];
  const roster = await server.api('/api/roster', { method: 'POST', body: { entries }, pin: ORGANISER_PIN });
  assert.equal(roster.status, 200);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const refer = (bib) => server.api('/api/checkins', { method: 'POST', body: { bib, triage: { chest_or_breathing: true } } });
const screen = (page, name, timeout = 5000) => page.waitForSelector(`#screen-${name}:not([hidden])`, { timeout });

async function openKiosk(t, query = '') {
  const context = await browser.newContext({ viewport: LANDSCAPE });
  t.after(() => context.close());
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  await page.goto(`${server.url}/kiosk/${query}`);
  await screen(page, 'start');
  await page.waitForSelector('#start-checkin:not([hidden])');
  return page;
}

// The bib typed on the start screen and sent as a check-in (the server checks it at once).
async function enterBib(page, bib) {
  await page.keyboard.type(bib);
  await page.click('#start-checkin');
}

// Up to the triage screen: what is left is "None of these apply" or a red flag's tile.
async function answerUpTo(page, bib) {
  await enterBib(page, bib);
  await screen(page, 'areas');
  await page.click('#areas-next');
  await screen(page, 'triage');
}

async function openConsole(t, viewport = PHONE) {
  const page = await browser.newPage({ viewport });
  t.after(() => page.close());
  page.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  await page.goto(`${server.url}/console/`);
  await page.locator('#pin').fill(VOLUNTEER_PIN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#app').waitFor({ state: 'visible', ...WAIT });
  await page.locator('#panels').waitFor({ state: 'visible', ...WAIT });
  return page;
}

const alertFor = (page, bib) => page.locator(`#referrals .referral[data-bib="${bib}"]`);

test('a referred bib that tries again is told to see a volunteer, in the kiosk language', async (t) => {
  assert.equal((await refer('610')).body.ticket.status, 'referred');
  const page = await openKiosk(t);
  await enterBib(page, '610');
  await screen(page, 'message');   // right after the bib, before any question
  assert.equal(await page.locator('#message-title').innerText(), 'Please see a volunteer');
  assert.match(await page.locator('#message-body').innerText(), /610/);
  assert.equal(await page.getAttribute('#message-card', 'data-kind'), 'referred');
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-referred');

  const es = await openKiosk(t, '?lang=es');
  await enterBib(es, '610');
  await screen(es, 'message');
  assert.equal(await es.locator('#message-title').innerText(), 'Por favor, habla con un voluntario');
  const staff = await server.api('/api/state', { pin: VOLUNTEER_PIN });
  assert.ok(!staff.body.queue.some((e) => e.bib === '610'));
});

test('a referral shows on every console; acknowledging on one clears it on all', async (t) => {
  const a = await openConsole(t);
  const b = await openConsole(t, LANDSCAPE);
  await refer('620');
  for (const page of [a, b]) {
    const alert = alertFor(page, '620');
    await alert.waitFor(WAIT);
    assert.match(await alert.innerText(), /Ana Silva/);
    assert.match(await alert.innerText(), /chest pain or trouble breathing/);
  }
  await screenshot(a, 'console-referral');
  await screenshot(b, 'console-referral-tablet');
  await alertFor(a, '620').getByRole('button', { name: 'Acknowledge' }).click();
  for (const page of [a, b]) await alertFor(page, '620').waitFor({ state: 'detached', ...WAIT });
  assert.equal(await alertFor(a, '610').isVisible(), true);   // the others stay until acknowledged
  // Acknowledged is not cleared: the kiosk still refuses the bib.
  const again = await server.api('/api/checkins', { method: 'POST', body: { bib: '620' } });
  assert.equal(again.body.error.code, 'referred');

  // Medical clears the runner later: the queue panel clears an acknowledged referral by bib.
  await b.getByText('Clear a medical referral').click();
  await b.locator('#clear-referral-bib').fill('620');
  await b.getByRole('button', { name: 'Clear referral…' }).click();
  await b.locator('#confirm-dialog').getByRole('button', { name: 'Yes, medical cleared them' }).click();
  await b.locator('#notice', { hasText: 'Bib 620: referral cleared' }).waitFor(WAIT);
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '620' } })).status, 201);
});

test('clearing a referral asks first, then lets the runner check in', async (t) => {
  const page = await openConsole(t);
  await refer('630');
  const alert = alertFor(page, '630');
  await alert.waitFor(WAIT);
  await alert.getByRole('button', { name: 'Clear…' }).click();
  await page.locator('#confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await alert.isVisible(), true);
  await alert.getByRole('button', { name: 'Clear…' }).click();
  await page.locator('#confirm-dialog').getByRole('button', { name: 'Yes, medical cleared them' }).click();
  await alert.waitFor({ state: 'detached', ...WAIT });
  const queued = await server.api('/api/checkins', { method: 'POST', body: { bib: '630' } });
  assert.equal(queued.status, 201);
  assert.equal(queued.body.ticket.status, 'waiting');
});

test('"Sent to medical" from the table menu ends the session and the bib is refused at the kiosk', async (t) => {
  assert.equal((await server.op('arrived', { table: 1 })).status, 200);   // bib 900 on table 1
  const page = await openConsole(t);
  await page.getByRole('button', { name: 'More actions for Table 1' }).click();
  await page.locator('#table-menu').getByRole('button', { name: 'Sent to medical…' }).click();
  await page.locator('#confirm-dialog').getByRole('button', { name: 'Yes, sent to medical' }).click();
  const alert = alertFor(page, '900');
  await alert.waitFor(WAIT);
  assert.match(await alert.innerText(), /Sent to medical from Table 1/);
  assert.match(await alert.innerText(), /Ben Okafor/);
  const ticket = await server.api('/api/tickets/900');
  assert.equal(ticket.body.ticket.status, 'referred');
  const again = await server.api('/api/checkins', { method: 'POST', body: { bib: '900' } });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'referred');
  const stats = await server.api('/api/stats', { pin: ORGANISER_PIN });
  assert.equal(stats.body.counts.referrals_table, 1);
  assert.ok(stats.body.counts.referrals_kiosk >= 3);
});

test('with the server down the start screen says so and offers no check-in; it is back within 2 s', async (t) => {
  const page = await openKiosk(t, '?lang=de');
  await server.stop();
  await page.waitForSelector('#start-offline:not([hidden])', WAIT);
  assert.equal(await page.locator('#start-checkin').isVisible(), false);
  assert.equal(await page.locator('#start-where').isVisible(), false);
  assert.equal(await page.locator('#bib-input').isVisible(), false);   // no bib to type for nothing
  assert.equal(await page.locator('.keypad').isVisible(), false);
  assert.match(await page.locator('#start-offline').innerText(), /Keine Verbindung zum Zeltserver/);
  await screenshot(page, 'kiosk-offline');

  await new Promise((r) => setTimeout(r, 4000));   // long enough for a slow back-off to grow
  await server.restart();
  const up = Date.now();
  await page.waitForSelector('#start-checkin:not([hidden])', { timeout: 2000 });
  assert.ok(Date.now() - up <= 2000);
  assert.equal(await page.locator('#start-offline').isVisible(), false);
  assert.equal(await page.locator('.keypad').isVisible(), true);
});

test('a check-in sent while the server is down says so at once, and the kiosk is back at the start by itself', async (t) => {
  const page = await openKiosk(t);
  await answerUpTo(page, '650');
  await server.stop();
  await page.waitForSelector('body[data-offline="1"]', WAIT);
  const sent = Date.now();
  await page.click('#triage-none');
  await screen(page, 'message', 2000);   // no spinning through retries first
  assert.ok(Date.now() - sent < 2000);
  assert.equal(await page.locator('#message-title').innerText(), "We can't reach the tent server");

  await server.restart();
  const up = Date.now();
  await page.waitForSelector('#start-checkin:not([hidden])', { timeout: 2000 });   // nobody tapped
  assert.ok(Date.now() - up <= 2000);
  assert.equal(await page.locator('#screen-start').isVisible(), true);
});

test('a referral made while the server is down is kept and delivered once it is back', async (t) => {
  const page = await openKiosk(t);
  await answerUpTo(page, '640');
  await page.click('#questions .flag[data-question="open_wound"]');
  await screen(page, 'confirm');
  await server.stop();
  await page.click('#confirm-yes');
  await screen(page, 'medical');   // the runner is sent to medical at once, server or not
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('massage-tent.outbox') ?? '[]').length === 1, null, WAIT);
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('massage-tent.outbox'))[0]);
  assert.equal(kept.bib, '640');
  assert.ok(kept.request_id);

  await server.restart();
  await page.waitForFunction(() => localStorage.getItem('massage-tent.outbox') === null, null, WAIT);
  const ticket = await server.api('/api/tickets/640');
  assert.equal(ticket.body.ticket.status, 'referred');
  const staff = await server.api('/api/state', { pin: VOLUNTEER_PIN });
  assert.deepEqual(staff.body.referrals.find((r) => r.bib === '640').red_flags, ['open_wound']);
});
