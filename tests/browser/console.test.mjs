// The volunteer console against a real server: sign-in, the table flow (open, called, arrived,
// finish, undo, ready), two volunteers racing on one table, the overdue/undo rules, and the
// queue actions. The tests run in order and share one server; each states what it starts from.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1280, height: 800 };
const WAIT = { timeout: 10_000 };

let server;
let browser;
let page;      // volunteer A, on a phone
let tableId;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newConsole(PHONE);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function newConsole(viewport, { route } = {}) {
  const p = await browser.newPage({ viewport });
  p.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  if (route) await route(p);
  await p.goto(`${server.url}/console/`);
  return p;
}

async function signIn(p, pin = VOLUNTEER_PIN) {
  await p.locator('#pin').fill(pin);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.locator('#app').waitFor({ state: 'visible', ...WAIT });
}

const card = (p, name) => p.locator('.card', { has: p.locator('.card-name', { hasText: new RegExp(`^${name}$`) }) });

// Waits until the card's state pill reads `label`.
async function waitForState(p, name, label) {
  await card(p, name).locator('.state-pill', { hasText: new RegExp(`^${label}$`) }).waitFor(WAIT);
}

// A finish under a minute into the session asks first (see stale.test.mjs).
async function confirmEarlyFinish(p) {
  await p.locator('#confirm-dialog').getByRole('button', { name: 'Yes, finish' }).click();
}

async function staffState() {
  const res = await server.api('/api/state', { pin: VOLUNTEER_PIN });
  assert.equal(res.status, 200);
  return res.body;
}

test('a wrong PIN gets a clear message, the right PIN signs in, and a reload stays signed in', async () => {
  await page.locator('#pin').waitFor(WAIT);
  assert.equal(await page.locator('#pin').getAttribute('inputmode'), 'numeric');
  await screenshot(page, 'console-pin');
  await page.locator('#pin').fill('9999');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#pin-message', { hasText: 'Wrong PIN' }).waitFor(WAIT);
  assert.equal(await page.locator('#app').isVisible(), false);

  await signIn(page);
  await page.locator('#role', { hasText: 'Volunteer' }).waitFor(WAIT);
  await page.reload();
  await page.locator('#app').waitFor({ state: 'visible', ...WAIT });
  await page.locator('#board-empty').waitFor(WAIT);
  assert.equal(await page.locator('#pin-screen').isVisible(), false);
});

test('a table is created and opened from the console', async () => {
  assert.equal(await page.locator('#new-table-count').inputValue(), '1');
  await page.getByRole('button', { name: 'Add table' }).click();
  await waitForState(page, 'Table 1', 'Closed');
  tableId = Number(await card(page, 'Table 1').getAttribute('data-table'));
  await card(page, 'Table 1').getByRole('button', { name: 'Open, Table 1' }).click();
  await waitForState(page, 'Table 1', 'Free');
  // Nobody waiting: "Call next" is there but inert, and the card says why.
  const call = card(page, 'Table 1').getByRole('button', { name: 'Call next, Table 1' });
  assert.equal(await call.getAttribute('aria-disabled'), 'true');
  await card(page, 'Table 1').getByText('Queue empty').waitFor(WAIT);
  const tables = (await staffState()).tables;
  assert.deepEqual(tables.map((t) => [t.name, t.state]), [['Table 1', 'free']]);
});

test('a checked-in runner is called to the card; Arrived, Finish, Undo, Ready work in one tap each', async () => {
  const c = card(page, 'Table 1');
  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '101' } })).status, 201);
  await waitForState(page, 'Table 1', 'Called');
  await c.locator('.bib', { hasText: '101' }).waitFor(WAIT);
  await c.locator('.timer-label', { hasText: 'Called' }).waitFor(WAIT);

  await c.getByRole('button', { name: 'Arrived, Table 1' }).click();
  await waitForState(page, 'Table 1', 'In session');
  await c.locator('.timer-label', { hasText: 'Session' }).waitFor(WAIT);
  assert.match(await c.locator('.timer-value').textContent(), /^\d+:\d\d$/);
  assert.equal(await c.locator('.timer-target').textContent(), 'of 10:00');

  assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '102' } })).status, 201);
  await c.getByRole('button', { name: 'Finish, Table 1' }).click();
  await confirmEarlyFinish(page);  // the session is seconds old
  await waitForState(page, 'Table 1', 'Changeover');

  // The undo is one tap and puts the session back.
  await c.getByRole('button', { name: 'Undo finish, Table 1' }).click();
  await waitForState(page, 'Table 1', 'In session');
  await c.locator('.bib', { hasText: '101' }).waitFor(WAIT);
  const t = (await staffState()).tables.find((x) => x.id === tableId);
  assert.equal(t.state, 'in_session');
  assert.equal(t.bib, '101');

  await c.getByRole('button', { name: 'Finish, Table 1' }).click();
  await confirmEarlyFinish(page);
  await waitForState(page, 'Table 1', 'Changeover');
  await c.getByRole('button', { name: 'Ready, Table 1' }).click();
  await waitForState(page, 'Table 1', 'Called');
  await c.locator('.bib', { hasText: '102' }).waitFor(WAIT);
  await screenshot(page, 'console-called-phone');
});

test('two volunteers act on the same table: the slower one is told it is stale and both end up agreeing', async () => {
  // B's incoming frames can be held back, as on a slow phone connection, so B still shows
  // "Finish" after A has finished the session. B's own op goes through at once.
  let hold = false;
  let toPage = null;
  const held = [];
  const pageB = await newConsole(PHONE, {
    route: (p) => p.routeWebSocket(/\/ws/, (ws) => {
      const upstream = ws.connectToServer();
      toPage = ws;
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => { if (hold) held.push(m); else ws.send(m); });
    }),
  });
  try {
    await signIn(pageB);
    await waitForState(pageB, 'Table 1', 'Called');
    await card(page, 'Table 1').getByRole('button', { name: 'Arrived, Table 1' }).click();
    await waitForState(page, 'Table 1', 'In session');
    await waitForState(pageB, 'Table 1', 'In session');

    hold = true;
    await card(page, 'Table 1').getByRole('button', { name: 'Finish, Table 1' }).click();
    await confirmEarlyFinish(page);
    await waitForState(page, 'Table 1', 'Changeover');
    assert.equal(await card(pageB, 'Table 1').locator('.state-pill').textContent(), 'In session');
    await card(pageB, 'Table 1').getByRole('button', { name: 'Finish, Table 1' }).click();
    await confirmEarlyFinish(pageB);
    // The tap is pending (button inert) until the reply, which waits behind the held frames.
    await card(pageB, 'Table 1').locator('.primary[aria-disabled="true"]').waitFor(WAIT);
    await waitUntil(() => held.some((m) => m.includes('"type":"reply"')));
    hold = false;
    for (const m of held.splice(0)) toPage.send(m);

    await pageB.locator('#alert', { hasText: 'someone else got there first' }).waitFor(WAIT);
    assert.equal(await pageB.locator('#alert .toast-text').textContent(), 'Table 1 already finished: someone else got there first.');
    await waitForState(pageB, 'Table 1', 'Changeover');
    const strip = (text) => text.replace(/\d+:\d\d/g, 'T');
    assert.equal(strip(await card(pageB, 'Table 1').innerText()), strip(await card(page, 'Table 1').innerText()));
    assert.equal((await staffState()).tables.find((x) => x.id === tableId).state, 'changeover');
  } finally {
    await pageB.close();
  }
});

test('overdue, overrun and the undo window are pure functions of the times, and the card shows them', async () => {
  const r = await page.evaluate(async () => {
    const { isCallOverdue, tableTimer, undoLabel, menuActions } = await import('/console/timers.js');
    const { createCard, updateCard } = await import('/console/board.js');
    const settings = { call_timeout_s: 180, session_target_s: 600, changeover_s: 60 };
    const limits = { undo_window_s: 120 };
    const t0 = 1_000_000;
    const called = { id: 9, name: 'T9', state: 'called', bib: '7', called_at: t0, since: t0, therapist: '', undo: null };
    const render = (table, now) => {
      const el = createCard(9, {});
      updateCard(el, table, { settings, limits, queueLength: 0, now, name: '', last: null, busy: false });
      return { overdue: el.classList.contains('overdue'), flag: el.querySelector('.flag').textContent, time: el.querySelector('.timer-value').textContent, undo: el.querySelector('.undo').hidden ? null : el.querySelector('.undo').textContent };
    };
    return {
      before: isCallOverdue(t0, 180, t0 + 179_999),
      at: isCallOverdue(t0, 180, t0 + 180_000),
      noCall: isCallOverdue(null, 180, t0 + 999_999),
      sessionOver: tableTimer({ state: 'in_session', started_at: t0 }, settings, t0 + 601_000).level,
      sessionOk: tableTimer({ state: 'in_session', started_at: t0 }, settings, t0 + 600_000).level,
      noShowEarly: menuActions(called, settings, t0 + 60_000).noShowEnabled,
      noShowLate: menuActions(called, settings, t0 + 181_000).noShowEnabled,
      undoIn: undoLabel({ state: 'changeover', undo: t0 }, { type: 'finished', at: t0 }, t0 + 119_000, limits),
      undoOut: undoLabel({ state: 'changeover', undo: t0 }, { type: 'finished', at: t0 }, t0 + 120_000, limits),
      undoShorter: undoLabel({ state: 'changeover', undo: t0 }, { type: 'finished', at: t0 }, t0 + 30_000, { undo_window_s: 30 }),
      undoNoLimits: undoLabel({ state: 'changeover', undo: t0 }, { type: 'finished', at: t0 }, t0 + 1_000, null),
      undoNoShow: undoLabel({ state: 'free', undo: t0 }, { type: 'no_showed', at: t0 }, t0 + 1_000, limits),
      cardFresh: render(called, t0 + 10_000),
      cardLate: render(called, t0 + 200_000),
      cardUndo: render({ ...called, state: 'in_session', started_at: t0, undo: t0 }, t0 + 5_000),
    };
  });
  assert.equal(r.before, false);
  assert.equal(r.at, true);
  assert.equal(r.noCall, false);
  assert.equal(r.sessionOver, 'over');
  assert.equal(r.sessionOk, 'ok');
  assert.equal(r.noShowEarly, false);
  assert.equal(r.noShowLate, true);
  assert.equal(r.undoIn, 'Undo finish');
  assert.equal(r.undoOut, null);
  assert.equal(r.undoShorter, null, 'the window is the server\'s undo_window_s');
  assert.equal(r.undoNoLimits, null, 'nothing is offered for undo before the limits are known');
  assert.equal(r.undoNoShow, 'Undo no-show');
  assert.deepEqual(r.cardFresh, { overdue: false, flag: '', time: '0:10', undo: null });
  assert.deepEqual(r.cardLate, { overdue: true, flag: 'OVERDUE', time: '3:20', undo: null });
  assert.equal(r.cardUndo.undo, 'Undo arrived');
});

test('the console takes its lengths and undo window from the server\'s limits, not from copies', async () => {
  // Table 1 was finished seconds ago (the race above): within the real 2-minute undo window.
  const undoA = card(page, 'Table 1').locator('.undo');
  await undoA.waitFor(WAIT);
  // A second console whose snapshots carry other limits than the server's own.
  const pageC = await newConsole(PHONE, {
    route: (p) => p.routeWebSocket(/\/ws/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => {
        const frame = JSON.parse(m);
        if (frame.type === 'snapshot') Object.assign(frame.limits, { undo_window_s: 1, name_max_length: 12, bib_max_length: 5 });
        ws.send(JSON.stringify(frame));
      });
    }),
  });
  try {
    await signIn(pageC);
    await waitForState(pageC, 'Table 1', 'Changeover');
    assert.equal(await pageC.locator('#menu-rename').getAttribute('maxlength'), '12');
    assert.equal(await pageC.locator('#add-bib').getAttribute('maxlength'), '5');
    assert.equal(await page.locator('#menu-rename').getAttribute('maxlength'), '40');
    assert.equal(await page.locator('#add-bib').getAttribute('maxlength'), '8');
    // A one-second window is over: no undo there, while the first console still offers it.
    await card(pageC, 'Table 1').locator('.undo').waitFor({ state: 'hidden', ...WAIT });
    assert.equal(await undoA.isVisible(), true);
  } finally {
    await pageC.close();
  }
});

test('the queue: add a runner, priority, move, and remove with a confirmation', async () => {
  // Table 1 is in changeover: nobody gets called while this test runs.
  assert.equal((await staffState()).tables.find((x) => x.id === tableId).state, 'changeover');
  for (const bib of ['201', '202']) {
    assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib } })).status, 201);
  }
  await page.getByRole('tab', { name: /Queue/ }).click();
  await page.locator('#add-bib').fill('203a');
  await page.locator('.areas-picker summary').click();
  await page.getByLabel('Feet').check();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator('#notice', { hasText: 'Bib 203A added: place 3' }).waitFor(WAIT);
  const row = (bib) => page.locator(`#queue li[data-bib="${bib}"]`);
  await row('203A').locator('.areas', { hasText: 'Feet' }).waitFor(WAIT);
  const order = () => page.locator('#queue li .bib').allTextContents();
  const serverOrder = async () => (await staffState()).queue.map((e) => e.bib);
  assert.deepEqual(await order(), ['201', '202', '203A']);

  await row('203A').locator('summary').click();
  await row('203A').getByRole('button', { name: 'Priority for bib 203A' }).click();
  await row('203A').locator('.badge-priority:visible').waitFor(WAIT);
  await page.waitForFunction(() => document.querySelector('#queue li .bib')?.textContent === '203A', null, WAIT);
  assert.deepEqual(await serverOrder(), ['203A', '201', '202']);
  assert.equal(await row('203A').getByRole('button', { name: 'Priority for bib 203A' }).getAttribute('aria-pressed'), 'true');

  await row('201').locator('summary').click();
  await row('201').getByLabel('Move to place').fill('3');
  await row('201').getByRole('button', { name: 'Move', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('#queue li .bib')].map((e) => e.textContent).join() === '203A,202,201', null, WAIT);
  assert.deepEqual(await serverOrder(), ['203A', '202', '201']);
  await row('201').getByRole('button', { name: 'To front' }).click();
  await page.waitForFunction(() => document.querySelector('#queue li .bib')?.textContent === '201', null, WAIT);
  await page.locator('#notice').getByRole('button', { name: 'Dismiss message' }).click();
  await page.locator('#notice').waitFor({ state: 'hidden', ...WAIT });
  await page.evaluate(() => scrollTo(0, 0));
  await screenshot(page, 'console-queue-phone');

  // Remove asks first; Cancel keeps the runner.
  await row('202').locator('summary').click();
  await row('202').getByRole('button', { name: 'Remove…' }).click();
  const dialog = page.locator('#confirm-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden', ...WAIT });
  assert.ok((await serverOrder()).includes('202'));
  await row('202').getByRole('button', { name: 'Remove…' }).click();
  await dialog.getByRole('button', { name: 'Yes, remove' }).click();
  await row('202').waitFor({ state: 'detached', ...WAIT });
  assert.deepEqual(await serverOrder(), ['201', '203A']);
  assert.equal(await page.locator('#count-waiting').textContent(), '2');
});

test('the table menu sets the therapist and closes a table only after a confirmation', async () => {
  await page.getByRole('tab', { name: 'Tables' }).click();
  const c = card(page, 'Table 1');
  await c.getByRole('button', { name: 'More actions for Table 1' }).click();
  const menu = page.locator('#table-menu');
  await menu.getByLabel('Therapist').fill('Sam Okafor');
  await menu.getByRole('button', { name: 'Save' }).click();
  await c.locator('.therapist', { hasText: 'Therapist: Sam Okafor' }).waitFor(WAIT);
  assert.equal((await staffState()).tables.find((x) => x.id === tableId).therapist, 'Sam Okafor');

  await c.getByRole('button', { name: 'More actions for Table 1' }).click();
  await menu.getByRole('button', { name: 'Close table…' }).click();
  const dialog = page.locator('#confirm-dialog');
  await dialog.getByRole('button', { name: 'Yes, close table' }).click();
  await waitForState(page, 'Table 1', 'Closed');
  await c.getByRole('button', { name: 'Open, Table 1' }).click();
  await waitForState(page, 'Table 1', 'Called');  // auto-assign calls the head of the queue
});

test('the board fits a phone and a tablet without sideways scrolling', async () => {
  await server.api('/api/roster', {
    method: 'POST', pin: ORGANISER_PIN,
    body: { entries: [{ bib: '301', first_name: 'Anna', last_name: 'Smith' }, { bib: '302', first_name: 'Jo', last_name: 'Brown' }] },
  });
  for (let i = 2; i <= 6; i++) {
    const made = await server.op('table_create', { name: i === 6 ? 'Table 6 by the door' : `Table ${i}` });
    if (i < 6) await server.op('open', { table: made.body.table.id });
    if (i === 3) await server.op('therapist', { table: made.body.table.id, name: 'Kim Lee' });
  }
  for (const bib of ['301', '302', '303', '304', '305']) await server.api('/api/checkins', { method: 'POST', body: { bib } });
  await server.op('arrived', { table: 2 });
  await server.op('announce', { text: 'Medical tent is behind the finish arch.' }, ORGANISER_PIN);
  await page.locator('.announcement', { hasText: 'Medical tent' }).waitFor(WAIT);
  await waitForState(page, 'Table 2', 'In session');
  // Bib 301 was called straight to a table (never queued): its name comes from the staff ticket.
  await page.locator('.card', { has: page.locator('.bib', { hasText: /^301$/ }) }).locator('.runner-name', { hasText: 'Anna Smith' }).waitFor(WAIT);
  const noSideways = (p) => p.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
  assert.ok(await noSideways(page));
  if (await page.locator('#notice').isVisible()) await page.locator('#notice .toast-close').click();
  await screenshot(page, 'console-board-phone');

  const tablet = await newConsole(TABLET);
  try {
    await signIn(tablet);
    await tablet.locator('#queue-panel').waitFor({ state: 'visible', ...WAIT });
    await waitForState(tablet, 'Table 2', 'In session');
    assert.ok(await noSideways(tablet));
    await screenshot(tablet, 'console-board-tablet');
  } finally {
    await tablet.close();
  }
});

// Last: it locks this client address out of the server for the rest of the run.
test('after too many wrong PINs the console says how long to wait', async () => {
  const p = await newConsole(PHONE);
  try {
    const message = p.locator('#pin-message');
    // The server locks an address out after 5 wrong PINs in a row (docs/protocol.md).
    let tries = 0;
    while (!/Too many/.test(await message.textContent())) {
      assert.ok(++tries <= 7, 'no lock-out after 7 wrong PINs');
      await p.evaluate(() => { document.getElementById('pin-message').textContent = ''; });
      await p.locator('#pin').fill(`900${tries}`);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await message.filter({ hasText: /Wrong PIN|Too many wrong PINs/ }).waitFor(WAIT);
    }
    assert.match(await message.textContent(), /^Too many wrong PINs\. Wait \d+ s, then try again\.$/);
    assert.equal(await p.getByRole('button', { name: 'Sign in' }).isDisabled(), true);
  } finally {
    await p.close();
  }
});

async function waitUntil(fn, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
