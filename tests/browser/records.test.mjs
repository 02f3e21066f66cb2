// Session records on a phone: after Finish the card offers "Record session" for that bib, with the
// runner's focus areas pre-filled as chips; one tap on an outcome saves the record (two taps with
// the Finish), the card says "Recorded ✓", and Change reopens it. The runner's status page then
// shows the after-care box with the areas worked; axe on the prompt and on the box. One server,
// tests in order.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, axeViolations, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const WAIT = { timeout: 10_000 };

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // A long changeover: the table stays in changeover (and the prompt on the card) for the whole test.
  const set = await server.api('/api/settings', { method: 'POST', pin: ORGANISER_PIN, body: { changeover_s: 900 } });
  assert.equal(set.status, 200);
  assert.equal((await server.op('table_create', { name: 'Table 1' })).status, 201);
  assert.equal((await server.op('therapist', { table: 1, name: 'Ana' })).status, 200);
  assert.equal((await server.op('open', { table: 1 })).status, 200);
  const checkin = await server.api('/api/checkins', { method: 'POST', body: { bib: '412', areas: ['calves', 'hamstrings'] } });
  assert.equal(checkin.status, 201);
  assert.equal((await server.op('arrived', { table: 1 })).status, 200);
  page = await browser.newPage({ viewport: PHONE });
  page.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  await page.goto(`${server.url}/console/`);
  await page.locator('#pin').fill(VOLUNTEER_PIN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.card .state-pill', { hasText: /^In session$/ }).waitFor(WAIT);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const card = () => page.locator('.card').first();
const prompt = () => card().locator('.record-prompt');
const outcome = (label) => prompt().getByRole('button', { name: new RegExp(`^${label}: save the record`) });

async function ticket(pin) {
  return (await server.api('/api/tickets/412', { pin })).body.ticket;
}

// Waits until the button has settled (the tap guard) and is enabled.
async function ready(locator) {
  await locator.waitFor(WAIT);
  await page.waitForFunction((el) => el.getAttribute('aria-disabled') !== 'true', await locator.elementHandle(), WAIT);
}

test('no prompt while the runner is on the table', async () => {
  assert.equal(await prompt().isVisible(), false);
});

test('after Finish the card offers the record, areas pre-filled; one tap on Fine saves it', async () => {
  // Finish (confirmed: the session is under a minute old).
  await card().getByRole('button', { name: /^Finish, Table 1$/ }).click();
  const yes = page.getByRole('button', { name: 'Yes, finish' });
  await yes.waitFor(WAIT);
  await yes.click();
  await prompt().waitFor({ state: 'visible', ...WAIT });
  assert.match(await prompt().locator('.record-title').innerText(), /Record session · bib 412/);
  const pressed = await prompt().locator('.chip[aria-pressed="true"]').allTextContents();
  assert.deepEqual(pressed, ['Calves', 'Hamstrings'], 'the focus areas from check-in');
  for (const label of ['Fine', 'Cramp eased', 'Stopped early', 'Sent to medical']) assert.ok(await outcome(label).isVisible(), label);
  // Just shown under the finger, the outcome buttons settle first: a stray second tap does nothing.
  assert.equal(await outcome('Fine').getAttribute('aria-disabled'), 'true');
  await outcome('Fine').click({ force: true });
  assert.equal((await ticket(VOLUNTEER_PIN)).record, null);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe (record prompt): ${JSON.stringify(violations, null, 1)}`);
  await screenshot(page, 'records-prompt-phone');

  await ready(outcome('Fine'));
  await outcome('Fine').click();
  await prompt().locator('.record-done', { hasText: 'Recorded ✓ Fine · Calves, Hamstrings' }).waitFor(WAIT);
  const record = (await ticket(VOLUNTEER_PIN)).record;
  assert.deepEqual(record.areas, ['calves', 'hamstrings']);
  assert.equal(record.outcome, 'fine');
  assert.equal(record.note, '');
  assert.equal(record.therapist, 'Ana');
  await screenshot(page, 'records-recorded-phone');
});

test('Change reopens it with the recorded areas; a chip, a note and another outcome correct it', async () => {
  const change = prompt().getByRole('button', { name: 'Change the record for bib 412' });
  await ready(change);
  await change.click();
  await ready(outcome('Cramp eased'));
  await prompt().getByRole('button', { name: 'Hamstrings' }).click();   // not worked after all
  await prompt().getByRole('button', { name: 'Add a note' }).click();
  const note = prompt().getByLabel('Note (optional, one line)');
  await note.waitFor(WAIT);
  assert.equal(await note.getAttribute('maxlength'), null, 'no maxlength: it counts UTF-16 units');
  await note.fill('Left calf cramp, eased');
  assert.equal(await prompt().locator('.note-count').innerText(), '22 / 280');
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe (record note): ${JSON.stringify(violations, null, 1)}`);
  await screenshot(page, 'records-note-phone');
  await outcome('Cramp eased').click();
  await prompt().locator('.record-done', { hasText: 'Recorded ✓ Cramp eased · Calves' }).waitFor(WAIT);
  const record = (await ticket(VOLUNTEER_PIN)).record;
  assert.deepEqual(record.areas, ['calves']);
  assert.equal(record.outcome, 'cramp_eased');
  assert.equal(record.note, 'Left calf cramp, eased');
});

test('the note takes 280 characters as the server counts them, emoji too, and no more', async () => {
  const change = prompt().getByRole('button', { name: 'Change the record for bib 412' });
  await ready(change);
  await change.click();
  const note = prompt().getByLabel('Note (optional, one line)');
  await note.waitFor(WAIT);
  const chars = () => note.evaluate((el) => [...el.value].length);
  const caret = () => note.evaluate((el) => [el.selectionStart, el.selectionEnd]);
  const counter = () => prompt().locator('.note-count').innerText();

  await note.fill('💪'.repeat(300));   // two UTF-16 units each
  assert.equal(await chars(), 280);
  assert.equal(await counter(), '280 / 280');
  // Full: a key typed in the middle goes nowhere and the caret stays.
  await note.evaluate((el) => el.setSelectionRange(10, 10));   // after five emoji
  await page.keyboard.type('x');
  assert.equal(await note.inputValue(), '💪'.repeat(280));
  assert.deepEqual(await caret(), [10, 10]);
  // A paste that goes over is cut to what fits, the caret after it.
  await note.fill('💪'.repeat(270));
  await note.evaluate((el) => el.setSelectionRange(20, 20));   // after ten emoji
  await page.keyboard.insertText('abcdefghijklmnop');
  assert.equal(await note.inputValue(), `${'💪'.repeat(10)}abcdefghij${'💪'.repeat(260)}`);
  assert.deepEqual(await caret(), [30, 30]);
  assert.equal(await counter(), '280 / 280');
  // The server takes all of it.
  await note.fill('é💪'.repeat(140));
  assert.equal(await counter(), '280 / 280');
  await ready(outcome('Cramp eased'));
  await outcome('Cramp eased').click();
  await prompt().locator('.record-done', { hasText: 'Recorded ✓ Cramp eased · Calves' }).waitFor(WAIT);
  assert.equal((await ticket(VOLUNTEER_PIN)).record.note, 'é💪'.repeat(140));
});

test('in the compact list the record keeps its own row under the card', async () => {
  await page.getByRole('button', { name: 'Compact list' }).click();
  await prompt().locator('.record-done', { hasText: 'Recorded ✓' }).waitFor(WAIT);
  const [cardBox, promptBox] = [await card().boundingBox(), await prompt().boundingBox()];
  assert.ok(promptBox.width > cardBox.width * 0.8, 'the prompt spans the card');
  await screenshot(page, 'records-compact-phone');
  await page.getByRole('button', { name: 'Compact list' }).click();
});

test('the runner\'s status page shows the after-care box and the areas worked, never the note', async () => {
  const phone = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
  await phone.goto(`${server.url}/status/?bib=412`);
  const advice = phone.locator('#advice');
  await advice.waitFor({ state: 'visible', ...WAIT });
  assert.equal(await phone.locator('#advice-title').innerText(), 'After your massage');
  const text = await advice.innerText();
  for (const tip of [/walk gently/i, /water/i, /no deep-tissue massage for about 48 hours/i, /swelling .*medical tent/i]) assert.match(text, tip);
  assert.equal(await phone.locator('#advice-areas').innerText(), 'Areas worked: calves');
  assert.doesNotMatch(await phone.locator('body').innerText(), /cramp/i);
  const violations = await axeViolations(phone);
  assert.deepEqual(violations, [], `axe (after-care): ${JSON.stringify(violations, null, 1)}`);
  await screenshot(phone, 'records-status-aftercare-phone');

  const de = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
  await de.goto(`${server.url}/status/?bib=412&lang=de`);
  await de.locator('#advice-areas', { hasText: 'Behandelte Bereiche: Waden' }).waitFor(WAIT);
  assert.equal(await de.locator('#advice-title').innerText(), 'Nach Ihrer Massage');
  await de.close();
  await phone.close();
});

test('the prompt stays until the next runner is on the table', async () => {
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '413', areas: ['feet'] } })).status, 201);
  assert.equal((await server.op('ready', { table: 1 })).status, 200);   // calls 413
  await card().locator('.state-pill', { hasText: /^Called$/ }).waitFor(WAIT);
  assert.ok(await prompt().isVisible(), 'still there while 413 walks over');
  assert.equal((await server.op('arrived', { table: 1 })).status, 200);
  await prompt().waitFor({ state: 'hidden', ...WAIT });
});
