// The organiser's Hours view against a real server: each therapist with their time on shift,
// sessions and shifts (refreshed while the view shows, so a therapist moved to another table shows
// a second shift), the hours CSV (one row per shift), and the printable statement per therapist
// with the typed sign-off name, the only thing on paper. The server's clock is real time, so the
// durations are a few seconds: the tests assert on counts, tables, names and "on shift now".

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, screenshot, axeViolations, ORGANISER_PIN, VOLUNTEER_PIN } from './harness.mjs';

const T = { timeout: 10_000 };
const POLLED = { timeout: 16_000 };   // the view refreshes every 10 s

let server;
let browser;
let page;
const pageErrors = [];

// A session at `table` from check-in to finish.
async function session(bib, table) {
  assert.equal((await server.op('add_runner', { bib })).status, 201);
  assert.equal((await server.op('call', { table, bib })).status, 200);
  assert.equal((await server.op('arrived', { table })).status, 200);
  assert.equal((await server.op('finish', { table })).status, 200);
}

// The Hours table as shown: per therapist, the figures and the shifts' lines.
const shown = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#hours-body tr[data-therapist]')].map((r) => [r.dataset.therapist, {
  sessions: r.querySelector('[data-field="sessions"]').textContent,
  onShift: r.querySelector('[data-field="on_shift"]').textContent,
  utilisation: r.querySelector('[data-field="utilisation"]').textContent,
  shifts: [...r.nextElementSibling.querySelectorAll('li')].map((li) => li.textContent),
}])));

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'en-GB' });
  page = await context.newPage();
  await page.addInitScript(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  page.on('pageerror', (e) => pageErrors.push(e.message));

  const settings = { auto_assign: false, changeover_s: 0, tent_name: 'City Marathon tent' };
  assert.equal((await server.api('/api/settings', { method: 'POST', body: settings, pin: ORGANISER_PIN })).status, 200);
  for (let i = 1; i <= 3; i++) {
    await server.op('table_create', { name: `Table ${i}` });
    await server.op('open', { table: i });
  }
  await server.op('therapist', { table: 1, name: 'Ann Lee' });
  await server.op('therapist', { table: 2, name: 'Bo Chen' });
  await session('101', 1);
  await session('102', 1);
  await session('103', 2);
});

afterEach(() => assert.deepEqual(pageErrors, [], 'no script errors on the page'));

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the Hours view lists each therapist with their sessions and shift, on shift now', async () => {
  await page.goto(`${server.url}/organiser/#hours`);
  await page.fill('#pin', ORGANISER_PIN);
  await page.click('#signin-form button');
  await page.locator('#hours-body tr[data-therapist="Bo Chen"]').waitFor(T);
  assert.equal(await page.getAttribute('nav [data-view="hours"]', 'aria-current'), 'page');
  const rows = await shown();
  assert.deepEqual(Object.keys(rows), ['Ann Lee', 'Bo Chen']);
  assert.equal(rows['Ann Lee'].sessions, '2');
  assert.equal(rows['Bo Chen'].sessions, '1');
  assert.match(rows['Ann Lee'].onShift, /^\d+ min$/);
  assert.match(rows['Ann Lee'].utilisation, /^\d+ %$/);
  assert.equal(rows['Ann Lee'].shifts.length, 1);
  assert.match(rows['Ann Lee'].shifts[0], /^Table 1: \d\d:\d\d, on shift now · 2 sessions$/);

  // The shifts are folded away until the name is opened.
  const ann = page.locator('#hours-body tr[data-therapist="Ann Lee"] .hours-toggle');
  assert.equal(await ann.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#hours-body .hours-shifts').first().isVisible(), false);
  await ann.click();
  assert.equal(await ann.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('#hours-body .hours-shifts li', { hasText: 'on shift now' }).first().isVisible(), true);
  assert.deepEqual(await axeViolations(page), [], 'axe on the Hours view');
});

test('a therapist moved to another table shows two shifts once the view refreshes', async () => {
  const moved = await server.op('therapist', { table: 3, name: 'Ann Lee' });
  assert.equal(moved.status, 200);
  await page.waitForFunction(() => document.querySelectorAll('#hours-body tr[data-therapist="Ann Lee"] + tr li').length === 2, null, POLLED);
  const rows = await shown();
  assert.match(rows['Ann Lee'].shifts[0], /^Table 1: \d\d:\d\d–\d\d:\d\d · 2 sessions$/);
  assert.match(rows['Ann Lee'].shifts[1], /^Table 3: \d\d:\d\d, on shift now · 0 sessions$/);
  assert.equal(rows['Ann Lee'].sessions, '2');
  // Still open after the refresh.
  assert.equal(await page.locator('#hours-body tr[data-therapist="Ann Lee"] + tr').isVisible(), true);
  await screenshot(page, 'organiser-hours');
});

test('the hours CSV downloads with one row per shift', async () => {
  const [download] = await Promise.all([page.waitForEvent('download', T), page.click('#hours-csv')]);
  assert.match(download.suggestedFilename(), /^massage-tent-hours-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
  assert.match(lines[0], /^therapist,table,table_name,shift_start,shift_end/);
  const rows = lines.slice(1).map((l) => l.split(','));
  assert.equal(rows.length, 3);
  assert.deepEqual(rows.map((r) => [r[0], r[2]]).sort(), [['Ann Lee', 'Table 1'], ['Ann Lee', 'Table 3'], ['Bo Chen', 'Table 2']]);
  assert.equal(await page.textContent('#hours-csv-status'), 'Downloaded.');
});

test('a therapist\'s statement shows the event, the shifts, the totals and the typed sign-off, and alone prints', async () => {
  await page.fill('#hours-signer', 'Maria Organiser');
  await page.click('#hours-body tr[data-therapist="Ann Lee"] button:has-text("Print statement")');
  await page.waitForFunction(() => window.printed === 1, null, T);
  const sheets = page.locator('#hours-sheets .statement');
  assert.equal(await sheets.count(), 1);
  const sheet = sheets.first();
  assert.equal(await sheet.getAttribute('data-therapist'), 'Ann Lee');
  const text = await sheet.innerText();
  assert.match(text, /Event\s+City Marathon tent/);
  assert.match(text, /Therapist\s+Ann Lee/);
  assert.match(text, /Date\s+\w+/);
  const shifts = await sheet.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
  assert.equal(shifts.length, 2);
  assert.deepEqual(shifts.map((s) => s[0]), ['Table 1', 'Table 3']);
  assert.match(shifts[0][2], /^\d\d:\d\d$/);
  assert.match(shifts[1][2], /^on shift now/);
  assert.match(shifts[0][3], /^\d+ min$/);
  assert.match(text, /Total on shift\s+\d+ min/);
  assert.match(text, /Sessions \(clients\)\s+2/);
  assert.match(text, /Time in session\s+\d+ min/);
  assert.match(text, /Signed off by: Maria Organiser \(organiser\)/);
  assert.match(text, /Signature:/);
  // Typing changes the sheet at once.
  await page.fill('#hours-signer', 'Maria Okafor');
  assert.match(await sheet.innerText(), /Signed off by: Maria Okafor \(organiser\)/);
  assert.deepEqual(await axeViolations(page), [], 'axe on the Hours view with the statement');
  await sheet.scrollIntoViewIfNeeded();
  await screenshot(page, 'organiser-hours-statement');

  // Ctrl+P from the Hours view prints the statement, not the report.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.equal(await page.evaluate(() => document.body.dataset.view), 'hours');

  await page.emulateMedia({ media: 'print' });
  assert.equal(await sheet.isVisible(), true);
  for (const hidden of ['#hours-body', '#hours-signer', '#hours-csv', '.topbar', '#hours-print', '#view-report']) {
    assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is not on paper`);
  }
  const visibleText = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(visibleText, /Bo Chen/);
  assert.match(visibleText, /Ann Lee/);
  await screenshot(page, 'organiser-hours-statement-print');
  await page.emulateMedia({ media: 'screen' });
});

test('a statement\'s shifts add up to its total: each shift in whole minutes, and their sum', async () => {
  // Three shifts of 40 s each: each is "1 min" on the sheet, so the total says 3 min, not 2.
  const from = 1_800_000_000_000;
  const t = { shifts: [0, 1, 2].map((i) => ({ from: from + i * 60_000, to: from + i * 60_000 + 40_000 })) };
  assert.equal(await page.evaluate(async (t) => (await import('/organiser/hours.js')).onShiftText(t, 0), t), '3 min');
});

test('"Print all statements" puts one statement a page, each therapist\'s', async () => {
  await page.click('#hours-print-all');
  await page.waitForFunction(() => window.printed === 2, null, T);
  const names = await page.locator('#hours-sheets .statement').evaluateAll((s) => s.map((x) => x.dataset.therapist));
  assert.deepEqual(names, ['Ann Lee', 'Bo Chen']);
  await page.emulateMedia({ media: 'print' });
  const breaks = await page.locator('#hours-sheets .statement').evaluateAll((s) => s.map((x) => getComputedStyle(x).breakAfter));
  assert.deepEqual(breaks, ['page', 'auto']);
  await page.emulateMedia({ media: 'screen' });
  await page.click('#hours-sheets-close');
  assert.equal(await page.locator('#hours-sheets').isVisible(), false);
});

test('the console names the therapist\'s shift: moved from another table, and signed out', async (t) => {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  t.after(() => phone.close());
  phone.on('pageerror', (e) => pageErrors.push(e.message));
  await phone.goto(`${server.url}/console/`);
  await phone.locator('#pin').fill(VOLUNTEER_PIN);
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await phone.locator('#app').waitFor({ state: 'visible', ...T });
  await phone.getByRole('tab', { name: 'Tables' }).click();
  const menu = phone.locator('#table-menu');

  // Bo Chen works Table 2; named on Table 1, the server takes them off Table 2.
  await phone.getByRole('button', { name: 'More actions for Table 1' }).click();
  assert.equal(await menu.getByRole('button', { name: /^Sign out/ }).isVisible(), false, 'no one to sign out on Table 1');
  await menu.getByLabel('Therapist on this table').fill('Bo Chen');
  await menu.getByRole('button', { name: 'Save' }).click();
  await phone.locator('#notice', { hasText: 'Bo Chen is now on Table 1: taken off Table 2, on a break until someone signs in there.' }).waitFor(T);
  // Table 1, left on a break when Ann Lee moved to Table 3, works again; Table 2 calls nobody now.
  const tables = (await server.api('/api/state', { pin: VOLUNTEER_PIN })).body.tables;
  assert.deepEqual(tables.map((x) => [x.name, x.therapist, x.state]),
    [['Table 1', 'Bo Chen', 'free'], ['Table 2', '', 'break'], ['Table 3', 'Ann Lee', 'free']]);

  // With a runner called to the table, "Sign out" is refused and says why; nothing changes.
  assert.equal((await server.op('add_runner', { bib: '104' })).status, 201);
  assert.equal((await server.op('call', { table: 1, bib: '104' })).status, 200);
  await phone.locator('[data-state="called"]', { has: phone.locator('#table-1-name') }).waitFor(T);
  await phone.getByRole('button', { name: 'More actions for Table 1' }).click();
  await menu.getByRole('button', { name: 'Sign out Bo Chen' }).click();
  await phone.getByText('The therapist has a runner on their table or on the way to it').first().waitFor(T);
  let state = (await server.api('/api/state', { pin: VOLUNTEER_PIN })).body.tables[0];
  assert.deepEqual([state.therapist, state.state], ['Bo Chen', 'called']);
  await screenshot(phone, 'console-therapist-busy');
  if (await menu.isVisible()) await menu.getByRole('button', { name: 'Done' }).click();
  assert.equal((await server.op('arrived', { table: 1 })).status, 200);
  assert.equal((await server.op('finish', { table: 1 })).status, 200);

  // After the session "Sign out" clears the name: the shift ends and the table goes on a break.
  await phone.getByRole('button', { name: 'More actions for Table 1' }).click();
  await menu.getByRole('button', { name: 'Sign out Bo Chen' }).click();
  await phone.locator('#notice', { hasText: 'Bo Chen signed out of Table 1: it is on a break until someone signs in there.' }).waitFor(T);
  state = (await server.api('/api/state', { pin: VOLUNTEER_PIN })).body.tables[0];
  assert.deepEqual([state.therapist, state.state], ['', 'break']);
  await phone.locator('li.card[data-table="1"] .therapist', { hasText: 'No therapist: sign one in (⋯) to take runners' }).waitFor(T);
  const hours = (await server.api('/api/hours', { pin: ORGANISER_PIN })).body.therapists.find((x) => x.name === 'Bo Chen');
  assert.equal(hours.shifts.length, 2);
  assert.ok(hours.shifts.every((s) => s.to != null), 'both of Bo Chen\'s shifts have ended');
  await screenshot(phone, 'console-therapist-signed-out');
});
