// The console acts on what the volunteer saw: every op carries `expect`, a button whose meaning
// has just changed ignores taps for a second, a finish under a minute asks first, and a volunteer
// who loses a race to another is told what happened while the card redraws. One server, tests in
// order; each says what it starts from.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, openTables, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const WAIT = { timeout: 10_000 };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Changeovers end only when a volunteer taps Ready, not by the clock, while these tests run.
  const set = await server.api('/api/settings', { method: 'POST', body: { changeover_s: 900 }, pin: ORGANISER_PIN });
  assert.equal(set.status, 200);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// A signed-in console on a phone. With `holdable`, the server's frames to the page (not the
// replies) can be held back, as on a slow connection: `hold()`, then `release()` delivers them.
async function newConsole({ holdable = false } = {}) {
  const page = await browser.newPage({ viewport: PHONE });
  page.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  const link = { holding: false, held: [], toPage: null };
  if (holdable) {
    await page.routeWebSocket(/\/ws/, (ws) => {
      const upstream = ws.connectToServer();
      link.toPage = ws;
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => {
        if (link.holding && !String(m).includes('"type":"reply"')) link.held.push(m);
        else ws.send(m);
      });
    });
  }
  await page.goto(`${server.url}/console/`);
  await page.locator('#pin').fill(VOLUNTEER_PIN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#app').waitFor({ state: 'visible', ...WAIT });
  page.hold = () => { link.holding = true; };
  page.release = () => {
    link.holding = false;
    for (const m of link.held.splice(0)) link.toPage.send(m);
  };
  return page;
}

const card = (p, name) => p.locator('.card', { has: p.locator('.card-name', { hasText: new RegExp(`^${name}$`) }) });
const pill = (p, name) => card(p, name).locator('.state-pill');

async function waitForState(p, name, label) {
  await card(p, name).locator('.state-pill', { hasText: new RegExp(`^${label}$`) }).waitFor(WAIT);
}

async function table(id) {
  const state = await server.api('/api/state', { pin: VOLUNTEER_PIN });
  return state.body.tables.find((t) => t.id === id);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitUntilAsync(fn, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(50);
  }
}

test('a second tap 100 to 600 ms after Arrived, where Finish now is, does not finish the session', async () => {
  const ids = await openTables(server, 3);
  for (const bib of ['11', '12', '13']) {
    assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib } })).status, 201);
  }
  const page = await newConsole();
  try {
    const delays = [100, 350, 600];
    for (const [i, delay] of delays.entries()) {
      const name = `Table ${i + 1}`;
      await waitForState(page, name, 'Called');
      const button = card(page, name).locator('.primary');
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      // Left of centre: when "Undo arrived" appears beside it the button shrinks, and a finger on
      // its left part is still on it (the centre may fall between the two buttons).
      const x = box.x + box.width / 4;
      const y = box.y + box.height / 2;
      // Raw taps at one spot, as a finger does: no waiting for the button to be ready.
      await page.mouse.click(x, y);
      const tapped = Date.now();
      await sleep(delay - 30);
      // The button under the finger (Arrived while the tap is on its way, then Finish) is inert.
      const under = await page.evaluate(([px, py]) => {
        const b = document.elementFromPoint(px, py)?.closest('button');
        return b && { text: b.textContent, disabled: b.getAttribute('aria-disabled'), settling: b.classList.contains('settling') };
      }, [x, y]);
      assert.ok(under, `a button under the finger on ${name}`);
      assert.equal(under.disabled, 'true', `"${under.text}" under the finger is inert ${delay} ms after Arrived`);
      await sleep(Math.max(0, delay - (Date.now() - tapped)));
      await page.mouse.click(x, y);
      // On a loaded machine the taps drift a little; past the settling second the test would mean nothing.
      assert.ok(Date.now() - tapped <= 900, `second tap came ${Date.now() - tapped} ms after the first`);
      await waitForState(page, name, 'In session');
      if (delay === 100) {  // still within the settling second: show it
        assert.equal(await button.textContent(), 'Finish');
        assert.ok(await button.evaluate((b) => b.classList.contains('settling')));
        await screenshot(page, 'console-finish-settling');
      }
    }
    await sleep(1200);
    for (const [i, id] of ids.entries()) {
      assert.equal((await table(id)).state, 'in_session', `Table ${i + 1} on the server`);
      assert.equal(await pill(page, `Table ${i + 1}`).textContent(), 'In session');
    }
    assert.equal(await page.locator('#confirm-dialog').isVisible(), false, 'no finish was even asked for');
    // A second later the button takes taps again.
    const button = card(page, 'Table 1').locator('.primary');
    assert.equal(await button.getAttribute('aria-disabled'), null);
    assert.equal(await button.evaluate((b) => b.classList.contains('settling')), false);
  } finally {
    await page.close();
  }
});

test('finishing a session under a minute old asks first; Cancel keeps it going', async () => {
  // From the test before: Tables 1 to 3 are in session, started seconds ago.
  const page = await newConsole();
  try {
    const finish = card(page, 'Table 1').getByRole('button', { name: 'Finish, Table 1' });
    await finish.click();
    const dialog = page.locator('#confirm-dialog');
    await dialog.waitFor(WAIT);
    assert.equal(await dialog.locator('.confirm-title').textContent(), 'Finish Table 1 already?');
    assert.match(await dialog.locator('.confirm-message').textContent(), /^Bib 11 has been on the table for only \d+ s\.$/);
    await screenshot(page, 'console-early-finish');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    assert.equal((await table(1)).state, 'in_session');

    await finish.click();
    await dialog.getByRole('button', { name: 'Yes, finish' }).click();
    await waitForState(page, 'Table 1', 'Changeover');
    assert.equal((await table(1)).state, 'changeover');
  } finally {
    await page.close();
  }
});

test('two volunteers tap the same card at once: one wins, the other is told and sees the card as it is', async () => {
  // Table 2 is in session with bib 12; a runner waits so that Ready calls someone.
  const a = await newConsole({ holdable: true });
  const b = await newConsole({ holdable: true });
  try {
    // Put Table 2 through a finish so that both volunteers see it in changeover.
    assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '21' } })).status, 201);
    assert.equal((await server.op('finish', { table: 2, expect: { state: 'in_session', bib: '12' } })).status, 200);
    for (const p of [a, b]) await waitForState(p, 'Table 2', 'Changeover');
    await sleep(1100);  // past the settling second of the redrawn button
    const seqBefore = (await server.api('/api/state')).body.seq;

    a.hold();
    b.hold();
    await Promise.all([a, b].map((p) => card(p, 'Table 2').getByRole('button', { name: 'Ready, Table 2' }).click()));
    // Both taps were sent from "Changeover"; only one can have been applied.
    const staleOn = [];
    await Promise.all([a, b].map(async (p) => {
      await card(p, 'Table 2').locator('.primary:not([aria-disabled="true"]), .primary.settling').first().waitFor(WAIT);
      if (await p.locator('#alert').isVisible()) staleOn.push(p);
    }));
    assert.equal(staleOn.length, 1, 'exactly one volunteer is told the table moved on');
    const [loser] = staleOn;
    const winner = loser === a ? b : a;
    assert.equal(await loser.locator('#alert .toast-text').textContent(),
      'Table 2 has already called bib 21: someone else got there first.');
    // The loser's card shows the table as it is now, from the reply, while its frames are still held.
    await waitForState(loser, 'Table 2', 'Called');
    await card(loser, 'Table 2').locator('.bib', { hasText: /^21$/ }).waitFor(WAIT);
    assert.equal(await pill(winner, 'Table 2').textContent(), 'Changeover');
    await screenshot(loser, 'console-stale-message');

    a.release();
    b.release();
    await waitForState(winner, 'Table 2', 'Called');
    assert.equal(await winner.locator('#alert').isVisible(), false);
    const t2 = await table(2);
    assert.equal(t2.state, 'called');
    assert.equal(t2.bib, '21');
    assert.equal((await server.api('/api/state')).body.seq, seqBefore + 1, 'one commit, not two');
  } finally {
    await a.close();
    await b.close();
  }
});

test('a queue action on a runner who moved meanwhile changes nothing and says where they are', async () => {
  for (const bib of ['31', '32', '33']) {
    assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib } })).status, 201);
  }
  const page = await newConsole({ holdable: true });
  try {
    await page.getByRole('tab', { name: /Queue/ }).click();
    const row = page.locator('#queue li[data-bib="33"]');
    await row.locator('summary').click();
    const before = (await server.api('/api/state')).body.queue.map((e) => e.bib);
    assert.deepEqual(before.slice(-3), ['31', '32', '33']);
    page.hold();
    // Someone else sends 33 to the front; this page still shows it last.
    assert.equal((await server.op('move', { bib: '33', position: 1 })).status, 200);
    await row.getByRole('button', { name: 'Priority for bib 33' }).click();
    await page.locator('#alert', { hasText: 'Bib 33 is now number 1 in the queue' }).waitFor(WAIT);
    const after = (await server.api('/api/state', { pin: VOLUNTEER_PIN })).body.queue;
    assert.equal(after[0].bib, '33');
    assert.equal(after[0].priority, false, 'the stale priority tap changed nothing');
    page.release();
    await page.waitForFunction(() => document.querySelector('#queue li .bib')?.textContent === '33', null, WAIT);
  } finally {
    await page.close();
  }
});

test('the table menu acts on the table as it shows it: a break on a table that has moved on is refused', async () => {
  // Table 1 is in changeover (finished in an earlier test) and runners are waiting.
  assert.equal((await table(1)).state, 'changeover');
  const page = await newConsole({ holdable: true });
  try {
    await card(page, 'Table 1').getByRole('button', { name: 'More actions for Table 1' }).click();
    const menu = page.locator('#table-menu');
    await menu.locator('.menu-status', { hasText: 'Changeover' }).waitFor(WAIT);
    page.hold();
    // Someone else marks the couch ready; the next runner is called to it at once.
    assert.equal((await server.op('ready', { table: 1 })).status, 200);
    const called = (await table(1)).bib;
    await menu.getByRole('button', { name: 'Start break' }).click();
    await menu.locator('.dialog-alert', { hasText: `Table 1 has already called bib ${called}: someone else got there first.` }).waitFor(WAIT);
    // The menu follows the table from the reply while the frames are still held.
    await menu.locator('.menu-status', { hasText: `Called · bib ${called}` }).waitFor(WAIT);
    assert.equal(await menu.getByRole('button', { name: 'Start break' }).isVisible(), false);
    // Recall now stands where Start break was: a second tap there does nothing for a second.
    const recall = menu.getByRole('button', { name: 'Recall' });
    const seq = (await server.api('/api/state')).body.seq;
    const box = await recall.boundingBox();
    assert.equal(await recall.getAttribute('aria-disabled'), 'true');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await screenshot(page, 'console-stale-menu');
    assert.equal((await server.api('/api/state')).body.seq, seq, 'no recall was sent');
    await recall.click();  // once it has settled, it works
    await waitUntilAsync(async () => (await server.api('/api/state')).body.seq === seq + 1);
    const t1 = await table(1);
    assert.equal(t1.state, 'called', 'the stale break changed nothing');
    page.release();
  } finally {
    await page.close();
  }
});
