// The volunteer console on a phone in one hand: tables added in one step, a compact list in which
// eight tables fit one 390×844 screen, the runner's focus areas on the card, "my tables" first, a
// one-line announcement, cards that need action sorted first (by the real clock, with the
// shortest timeouts the server allows), and axe in each state. One server, tests in order.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, axeViolations, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const WAIT = { timeout: 10_000 };

let server;
let browser;
let page;
let taps = 0;
let sessionStartedAt = 0;  // device time of the first arrival: "over time" 60 s later

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The shortest call timeout and session target the server allows: the order test waits for them.
  const set = await server.api('/api/settings', { method: 'POST', pin: ORGANISER_PIN, body: { call_timeout_s: 30, session_target_s: 60, changeover_s: 900 } });
  assert.equal(set.status, 200);
  page = await browser.newPage({ viewport: PHONE });
  page.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  await page.goto(`${server.url}/console/`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// A tap the volunteer makes: counted.
async function tap(locator) {
  taps += 1;
  await locator.click();
}

const card = (name) => page.locator('.card', { has: page.locator('.card-name', { hasText: new RegExp(`^${name}$`) }) });
const cardNames = (list = '#board') => page.locator(`${list} > .card .card-name`).allTextContents();

async function waitForState(name, label) {
  await card(name).locator('.state-pill', { hasText: new RegExp(`^${label}$`) }).waitFor(WAIT);
}

async function assertNoAxe(state) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe (${state}): ${JSON.stringify(violations, null, 1)}`);
}

async function staffTables() {
  return (await server.api('/api/state', { pin: VOLUNTEER_PIN })).body.tables;
}

test('signed out, the console passes axe', async () => {
  await page.locator('#pin').waitFor(WAIT);
  await assertNoAxe('signed out');
});

test('eight tables are set up in ten taps: "Add 8 tables" is one op, then one Open each', async () => {
  await tap(page.locator('#pin'));
  await page.keyboard.type(VOLUNTEER_PIN);
  await tap(page.getByRole('button', { name: 'Sign in' }));
  await page.locator('#board-empty').waitFor(WAIT);
  assert.equal(await page.locator('#new-table-count').inputValue(), '1');
  assert.equal(await page.locator('#new-table-count').getAttribute('max'), '200', 'the tent\'s max_tables limit');

  const setupStart = taps;
  await tap(page.locator('#new-table-count'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('8');
  await tap(page.getByRole('button', { name: 'Add 8 tables' }));
  await waitForState('Table 8', 'Closed');
  await page.locator('#notice', { hasText: 'Table 1 to Table 8 added' }).waitFor(WAIT);
  for (let i = 1; i <= 8; i++) {
    await tap(card(`Table ${i}`).getByRole('button', { name: `Open, Table ${i}` }));
    await waitForState(`Table ${i}`, 'Free');
  }
  const setupTaps = taps - setupStart;
  console.log(`taps to set up 8 tables: ${setupTaps} (was 46)`);
  assert.equal(setupTaps, 10);
  const tables = await staffTables();
  assert.deepEqual(tables.map((t) => [t.name, t.state]), Array.from({ length: 8 }, (_, i) => [`Table ${i + 1}`, 'free']));
  assert.equal(await page.locator('#new-table-count').getAttribute('max'), '192');
  await assertNoAxe('tables');
});

test('the called and in-session cards show the runner\'s focus areas and an earlier referral', async () => {
  // Bib 406 was sent to medical at the kiosk and cleared since.
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '406', triage: { open_wound: true } } })).status, 201);
  assert.equal((await server.op('clear_referral', { bib: '406' })).status, 200);
  const areas = { 401: ['calves', 'quads'], 402: ['hamstrings'], 403: ['lower_back', 'glutes_hips'], 404: [], 405: ['feet'], 406: ['shoulders'] };
  for (const [bib, a] of Object.entries(areas)) {
    assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib, areas: a } })).status, 201);
  }
  // Auto-assign called them to tables 1-6. Mixed states: 2 and 3 in session, 4 in changeover,
  // 7 on break, 8 closed; 1, 5 and 6 called.
  await server.op('arrived', { table: 2 });
  sessionStartedAt = Date.now();
  await server.op('arrived', { table: 3 });
  await server.op('arrived', { table: 4 });
  await server.op('finish', { table: 4 });
  await server.op('break', { table: 7 });
  await server.op('close', { table: 8 });
  await waitForState('Table 8', 'Closed');
  await waitForState('Table 4', 'Changeover');

  const tables = await staffTables();
  assert.deepEqual(tables.find((t) => t.id === 1).areas, ['calves', 'quads']);
  await card('Table 1').locator('.areas-line', { hasText: 'Focus: Calves, Quads' }).waitFor(WAIT);
  await card('Table 3').locator('.areas-line', { hasText: 'Focus: Lower back, Glutes / hips' }).waitFor(WAIT);
  await card('Table 6').locator('.referral-note', { hasText: 'Sent to medical earlier (at the kiosk), since cleared' }).waitFor(WAIT);
  assert.equal(await card('Table 4').locator('.areas-line').isVisible(), false, 'nobody on the table');
  assert.equal(await card('Table 4').locator('.referral-note').isVisible(), false);
  await card('Table 3').scrollIntoViewIfNeeded();
  await screenshot(page, 'console-focus-areas-phone');
});

test('in the compact list all eight tables fit one 390×844 screen, each with a tappable action, and it is remembered', async () => {
  await page.evaluate(() => scrollTo(0, 0));
  if (await page.locator('#notice').isVisible()) await page.locator('#notice .toast-close').click();
  const fullHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  await tap(page.getByRole('button', { name: 'Compact list' }));
  assert.equal(await page.getByRole('button', { name: 'Compact list' }).getAttribute('aria-pressed'), 'true');
  const check = async () => {
    const boxes = await page.locator('.card').evaluateAll((cards) => cards.map((c) => {
      const box = c.getBoundingClientRect();
      const button = [...c.querySelectorAll('.card-actions .big')].find((b) => !b.hidden);
      const b = button?.getBoundingClientRect();
      return { name: c.querySelector('.card-name').textContent, top: box.top, bottom: box.bottom, button: b && { w: b.width, h: b.height, bottom: b.bottom } };
    }));
    assert.equal(boxes.length, 8);
    for (const b of boxes) {
      assert.ok(b.top >= 0 && b.bottom <= PHONE.height, `${b.name} is within the first screen (${b.top}-${b.bottom})`);
      assert.ok(b.button && b.button.w >= 44 && b.button.h >= 44, `${b.name}'s action button is at least 44×44 (${JSON.stringify(b.button)})`);
      assert.ok(b.button.bottom <= PHONE.height);
    }
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling');
  };
  await check();
  console.log(`page height: full cards ${fullHeight} px, compact ${await page.evaluate(() => document.documentElement.scrollHeight)} px`);
  await screenshot(page, 'console-compact-phone');
  await assertNoAxe('compact');
  // A tap in the compact list acts on its table.
  await tap(card('Table 5').getByRole('button', { name: 'Arrived, Table 5' }));
  await waitForState('Table 5', 'In session');
  await page.reload();
  await page.locator('#board .card').first().waitFor(WAIT);
  assert.equal(await page.getByRole('button', { name: 'Compact list' }).getAttribute('aria-pressed'), 'true');
  await check();
});

test('"My tables": two picked tables come first, the others fold away below, and a reload keeps it', async () => {
  await tap(page.getByRole('button', { name: 'My tables' }));
  const dialog = page.locator('#my-tables-dialog');
  await tap(dialog.getByLabel('Table 7'));
  await tap(dialog.getByLabel('Table 3'));
  await tap(dialog.getByRole('button', { name: 'Done' }));
  await dialog.waitFor({ state: 'hidden', ...WAIT });
  assert.deepEqual(await cardNames(), ['Table 3', 'Table 7']);
  await page.reload();
  await page.locator('#board .card').first().waitFor(WAIT);
  assert.deepEqual(await cardNames(), ['Table 3', 'Table 7']);
  await page.getByText('Other tables (6)').waitFor(WAIT);
  assert.equal(await card('Table 1').isVisible(), false, 'the others are folded away');
  assert.equal(await page.getByRole('button', { name: 'My tables (2)' }).isVisible(), true);
  await screenshot(page, 'console-my-tables-phone');
  await tap(page.getByText('Other tables (6)'));
  await card('Table 1').waitFor(WAIT);
  assert.deepEqual(await cardNames('#board-others'), ['Table 1', 'Table 2', 'Table 4', 'Table 5', 'Table 6', 'Table 8']);
  await assertNoAxe('my tables');

  await tap(page.getByRole('button', { name: 'My tables (2)' }));
  await tap(dialog.getByRole('button', { name: 'Show all' }));
  await tap(dialog.getByRole('button', { name: 'Done' }));
  assert.equal((await cardNames()).length, 8);
  assert.equal(await page.locator('#other-tables').isVisible(), false);
});

test('the announcement is one line that opens on a tap, remembered for that text', async () => {
  const text = 'Medical tent is behind the finish arch. Water and foil blankets at the exit. Please keep the path to the medical tent clear at all times, and tell the tent lead about anyone who looks unwell.';
  await server.op('announce', { text }, ORGANISER_PIN);
  const toggle = page.locator('#announcement-toggle');
  await toggle.filter({ hasText: 'Medical tent' }).waitFor(WAIT);
  const height = () => toggle.evaluate((b) => b.getBoundingClientRect().height);
  const oneLine = await height();
  assert.ok(oneLine <= 50, `one line (${oneLine} px)`);
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  // Eight tables still fit with the announcement there.
  const lastBottom = await page.locator('#board .card').last().evaluate((c) => c.getBoundingClientRect().bottom);
  assert.ok(lastBottom <= PHONE.height, `the last card ends at ${lastBottom}`);
  await tap(toggle);
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.ok(await height() > oneLine * 2, 'the whole text shows');
  await page.reload();
  await toggle.filter({ hasText: 'Medical tent' }).waitFor(WAIT);
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'remembered for this text');
  await server.op('announce', { text: 'Sessions end at 14:00.' }, ORGANISER_PIN);
  await toggle.filter({ hasText: 'Sessions end' }).waitFor(WAIT);
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'a new announcement starts as one line');
  await tap(toggle);
  await tap(toggle);
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
});

test('the queue tab passes axe', async () => {
  await page.getByRole('tab', { name: /Queue/ }).click();
  await page.locator('#add-bib').waitFor(WAIT);
  await assertNoAxe('queue tab');
  await page.getByRole('tab', { name: 'Tables' }).click();
});

test('cards that need action come first, with a word as well as the colour', async () => {
  // The ranking: overdue call, then over time, then a changeover whose time is up.
  const pure = await page.evaluate(async () => {
    const { boardOrder, attentionRank } = await import('/console/timers.js');
    const settings = { call_timeout_s: 30, session_target_s: 60, changeover_s: 60 };
    const t0 = 1_000_000;
    const tables = [
      { id: 1, state: 'free', since: t0 },
      { id: 2, state: 'changeover', since: t0 },
      { id: 3, state: 'in_session', started_at: t0 },
      { id: 4, state: 'called', called_at: t0 + 50_000 },
      { id: 5, state: 'called', called_at: t0 },
    ];
    return { early: boardOrder(tables, settings, t0 + 10_000), late: boardOrder(tables, settings, t0 + 61_000), rank: attentionRank(tables[1], settings, t0 + 61_000) };
  });
  assert.deepEqual(pure.early, [1, 2, 3, 4, 5]);
  assert.deepEqual(pure.late, [5, 3, 2, 1, 4]);
  assert.equal(pure.rank, 2);

  // On the server's clock: tables 1 and 6 were called over 30 s ago by now, 2 and 3 have been
  // in session for 60 s (5 arrived later).
  const wait = Math.max(0, sessionStartedAt + 62_000 - Date.now());
  try {
    await page.waitForFunction(() => document.querySelectorAll('#board .card.overdue').length >= 4, null, { timeout: wait + 15_000 });
  } catch (e) {
    const seen = await page.locator('.card').evaluateAll((els) => els.map((c) => c.innerText.replace(/\s+/g, ' ')));
    throw new Error(`${e.message}\n${seen.join('\n')}`);
  }
  const cards = await page.locator('#board > .card').evaluateAll((els) => els.map((c) => [c.querySelector('.card-name').textContent, c.querySelector('.flag').textContent]));
  assert.deepEqual(cards.slice(0, 4), [['Table 1', 'OVERDUE'], ['Table 6', 'OVERDUE'], ['Table 2', 'OVER TIME'], ['Table 3', 'OVER TIME']]);
  assert.ok(cards.slice(4).every(([, flag]) => flag === '' || flag === 'OVER TIME'), JSON.stringify(cards));
  const colour = await card('Table 1').evaluate((c) => getComputedStyle(c).borderLeftColor);
  const calm = await card('Table 7').evaluate((c) => getComputedStyle(c).borderLeftColor);
  assert.notEqual(colour, calm);
  await screenshot(page, 'console-needs-action-phone');
});
