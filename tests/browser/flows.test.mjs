// Whole-tent flows across the pages: kiosk → display, console → display and phone,
// organiser → console, and every page riding out a server restart.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, openTables, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

let server;
let browser;
const WAIT = { timeout: 5000 };

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(t, path, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(server.url + path);
  return page;
}

async function signIn(page, pin) {
  await page.locator('#pin').fill(pin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#app').waitFor({ state: 'visible', ...WAIT });
}

const consoleCard = (page, name) => page.locator('.card', { has: page.locator('.card-name', { hasText: new RegExp(`^${name}$`) }) });

test('a runner checks in on the kiosk and the display shows the bib within a second', async (t) => {
  const display = await open(t, '/display/', { width: 1920, height: 1080 });
  const kiosk = await open(t, '/kiosk/');
  await display.locator('#next').waitFor(WAIT);
  for (const key of '8080') await kiosk.click(`.keypad button[data-key="${key}"]`);
  await kiosk.click('#start-checkin');
  await kiosk.waitForSelector('#screen-areas:not([hidden])', WAIT);
  await kiosk.click('#areas-next');
  await kiosk.waitForSelector('#screen-triage:not([hidden])', WAIT);
  await kiosk.click('#triage-none');
  await kiosk.waitForSelector('#screen-ticket:not([hidden])', WAIT);
  await display.locator('#next', { hasText: '8080' }).waitFor({ timeout: 1000 });
});

test('a volunteer finishes a session and the next runner is called on the display and on the phone', async (t) => {
  await server.api('/api/settings', { method: 'POST', body: { changeover_s: 0 }, pin: ORGANISER_PIN });
  await server.op('remove', { bib: '8080' });
  const [table] = await openTables(server, 1);
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '701' } })).status, 201);
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '702' } })).status, 201);
  await server.op('arrived', { table });

  const display = await open(t, '/display/', { width: 1920, height: 1080 });
  const phone = await open(t, '/status/?bib=702', { width: 390, height: 844 });
  const volunteer = await open(t, '/console/', { width: 390, height: 844 });
  await signIn(volunteer, VOLUNTEER_PIN);
  await phone.locator('#title', { hasText: 'You are next in line' }).waitFor(WAIT);

  await consoleCard(volunteer, 'Table 1').getByRole('button', { name: 'Finish, Table 1' }).click();
  await volunteer.locator('#confirm-dialog').getByRole('button', { name: 'Yes, finish' }).click();  // under a minute in

  const call = display.locator('#calls .call').first();
  await call.locator('.bib', { hasText: '702' }).waitFor(WAIT);
  assert.equal(await call.locator('.dest').innerText(), 'Table 1');
  await phone.locator('#called').waitFor({ state: 'visible', ...WAIT });
  assert.match(await phone.locator('#called-title').innerText(), /Go to\s+Table 1\s+now/);
  await consoleCard(volunteer, 'Table 1').locator('.bib', { hasText: '702' }).waitFor(WAIT);
  await screenshot(display, 'flow-display-next-called');
  await screenshot(phone, 'flow-status-called');
});

test('the organiser changes the session length and the console timers follow', async (t) => {
  await server.op('arrived', { table: 1 });
  const volunteer = await open(t, '/console/', { width: 390, height: 844 });
  await signIn(volunteer, VOLUNTEER_PIN);
  const target = consoleCard(volunteer, 'Table 1').locator('.timer-target');
  await target.filter({ hasText: 'of 10:00' }).waitFor(WAIT);

  const organiser = await open(t, '/organiser/', { width: 1366, height: 768 });
  await signIn(organiser, ORGANISER_PIN);
  await organiser.getByRole('button', { name: 'Settings' }).click();
  await organiser.locator('#session_target_min').fill('6');
  await organiser.getByRole('button', { name: 'Save settings' }).click();

  await target.filter({ hasText: 'of 6:00' }).waitFor(WAIT);
  assert.equal((await server.api('/api/settings')).body.settings.session_target_s, 360);
});

test('every page reconnects by itself after a server restart and shows the same state', async (t) => {
  const display = await open(t, '/display/', { width: 1920, height: 1080 });
  const phone = await open(t, '/status/?bib=702', { width: 390, height: 844 });
  const volunteer = await open(t, '/console/', { width: 390, height: 844 });
  const organiser = await open(t, '/organiser/', { width: 1366, height: 768 });
  const kiosk = await open(t, '/kiosk/');
  await signIn(volunteer, VOLUNTEER_PIN);
  await signIn(organiser, ORGANISER_PIN);
  await display.locator('.table[data-state="in_session"]').waitFor(WAIT);
  await phone.locator('#title').waitFor(WAIT);
  const phoneBefore = await phone.locator('#title').innerText();

  const restarted = server.restart({ hard: true, downMs: 3000 });  // kill -9, as when the laptop is unplugged
  for (const page of [display, volunteer, kiosk]) await page.locator('.conn-banner').waitFor({ state: 'visible', ...WAIT });
  await restarted;
  for (const page of [display, volunteer, organiser, kiosk]) {
    await page.locator('.conn-banner').waitFor({ state: 'hidden', timeout: 15000 });
  }

  // What was there before the restart is still there, and new changes reach every page.
  await display.locator('.table[data-state="in_session"]').waitFor(WAIT);
  assert.equal(await phone.locator('#title').innerText(), phoneBefore);
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '909' } })).status, 201);
  await display.locator('#next', { hasText: '909' }).waitFor(WAIT);
  await volunteer.getByRole('tab', { name: /Queue/ }).click();
  await volunteer.locator('#queue', { hasText: '909' }).waitFor(WAIT);
  const kioskPhone = await open(t, '/status/?bib=909', { width: 390, height: 844 });
  await kioskPhone.locator('#title', { hasText: 'You are next in line' }).waitFor(WAIT);
  await server.api('/api/announcement', { method: 'POST', body: { text: 'Back after a power cut' }, pin: ORGANISER_PIN });
  await organiser.locator('#announce-current', { hasText: 'Back after a power cut' }).waitFor({ state: 'attached', ...WAIT });
  await display.locator('#announcement', { hasText: 'Back after a power cut' }).waitFor(WAIT);
});
