// The organiser's view of the floor against a real server with short settings: the live table
// strip and its flags, the alerts for what needs a person now, arrivals against sessions finished
// on one chart, the quote accuracy in plain words, a long tent name at laptop and phone widths,
// and axe on every state of the page. The page's clock is moved ahead (playwright's fixed time)
// to let tables run over their limits without waiting for them.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, screenshot, artifacts, axeViolations, resizeTo, ORGANISER_PIN } from './harness.mjs';

let server;
let browser;
let page;
const pageErrors = [];
const T = { timeout: 10_000 };
const ORG = ORGANISER_PIN;

const stripCell = (id) => page.locator(`.strip-table[data-table="${id}"]`);
const flagsOf = (id) => stripCell(id).getAttribute('data-flags');
const alertKeys = () => page.locator('#alerts [data-alert]').evaluateAll((els) => els.map((e) => e.dataset.alert));
const alertText = (key) => page.locator(`#alerts [data-alert="${key}"]`).textContent();
const waitFor = (fn, arg) => page.waitForFunction(fn, arg, T);

async function checkin(bib, triage) {
  const r = await server.api('/api/checkins', { method: 'POST', body: triage ? { bib, triage } : { bib } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

// Every state of the page: a `main` landmark, one visible level-one heading, no axe violation of
// moderate impact or worse.
async function checkAccessible(state) {
  const landmarks = await page.evaluate(() => ({
    mains: [...document.querySelectorAll('main, [role=main]')].filter((m) => m.checkVisibility()).length,
    h1s: [...document.querySelectorAll('h1')].filter((h) => h.checkVisibility()).length,
  }));
  assert.deepEqual(landmarks, { mains: 1, h1s: 1 }, state);
  assert.deepEqual(await axeViolations(page, 'moderate'), [], state);
}

before(async () => {
  server = await startServer();
  const settings = { auto_assign: false, session_target_s: 240, call_timeout_s: 240, changeover_s: 240 };
  assert.equal((await server.api('/api/settings', { method: 'POST', body: settings, pin: ORG })).status, 200);
  for (let i = 1; i <= 4; i++) {
    await server.op('table_create', { name: `Table ${i}` });
    await server.op('open', { table: i });
  }
  for (const bib of ['1', '2', '3', '4', '5']) await checkin(bib);
  await server.op('call', { table: 1 });                                  // called
  await server.op('call', { table: 2 }); await server.op('arrived', { table: 2 });   // in session
  await server.op('call', { table: 3 }); await server.op('arrived', { table: 3 });
  await server.op('finish', { table: 3 });                                // changeover
  await checkin('9', { chest_or_breathing: true });                       // an open referral
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterEach(() => assert.deepEqual(pageErrors, [], 'no script errors on the page'));

after(async () => {
  await browser?.close();
  await server?.close();
});

test('signed out, the PIN screen is accessible', async () => {
  await page.goto(`${server.url}/organiser/`);
  await page.locator('#pin').waitFor(T);
  await checkAccessible('signed out');
  await page.fill('#pin', '9999');
  await page.click('#signin-form button');
  await page.waitForFunction(() => document.querySelector('#signin-message').textContent.includes('Wrong PIN'), null, T);
  await checkAccessible('signed out, wrong PIN');
});

test('the strip shows every table\'s state and time in state, without flags while all is on time', async () => {
  await page.fill('#pin', ORG);
  await page.click('#signin-form button');
  await page.locator('#view-live').waitFor(T);
  await stripCell(4).waitFor(T);
  const states = await page.locator('.strip-table').evaluateAll((els) => els.map((e) => e.dataset.state));
  assert.deepEqual(states, ['called', 'in_session', 'changeover', 'free']);
  assert.match(await stripCell(1).textContent(), /Table 1Called · bib 1\d+:\d\d/);
  assert.match(await stripCell(2).textContent(), /In session · bib 2/);
  for (const id of [1, 2, 3]) assert.equal(await flagsOf(id), '', `table ${id} has no flag yet`);
  // Time in state counts up by itself.
  const before = await stripCell(2).locator('.strip-time').textContent();
  await waitFor((b) => document.querySelector('.strip-table[data-table="2"] .strip-time').textContent !== b, before);
});

test('an open referral and a line growing faster than tables finish are alerts; acknowledging clears one', async () => {
  await waitFor(() => document.querySelector('#alerts [data-alert="line"]'));
  assert.match(await alertText('referral-9'), /^Bib 9 was sent to medical at the kiosk \(chest pain or breathing trouble\) at \d\d?:\d\d(?: [AP]M)?: no volunteer has seen it yet\.$/);
  assert.equal((await alertKeys())[0], 'referral-9');
  assert.equal(await alertText('line'), 'The line is growing: 5 joined in the last 30 min, 1 finished.');
  assert.equal((await server.op('ack_referral', { bib: '9' })).status, 200);
  await waitFor(() => !document.querySelector('#alerts [data-alert="referral-9"]'));
  const keys = await alertKeys();
  assert.ok(keys.includes('line') && !keys.includes('referral-9'), keys.join());
});

test('arrivals and sessions finished per 15 minutes share one chart', async () => {
  await waitFor(() => {
    const c = Chart.getChart(document.getElementById('chart-throughput'));
    return c && c.data.datasets.length === 2 && c.data.datasets[1].data.reduce((a, b) => a + b, 0) === 5;
  });
  const data = await page.evaluate(() => {
    const c = Chart.getChart(document.getElementById('chart-throughput'));
    return { labels: c.data.labels, sets: c.data.datasets.map((d) => ({ label: d.label, data: d.data })) };
  });
  assert.deepEqual(data.sets.map((s) => s.label), ['Sessions finished', 'Joined the line']);
  assert.equal(data.sets[0].data.reduce((a, b) => a + b, 0), 1);
  assert.equal(data.sets[1].data.reduce((a, b) => a + b, 0), 5);   // the referred runner never joined the line
  assert.equal(data.sets[0].data.length, data.labels.length);
  assert.equal(data.sets[1].data.length, data.labels.length);
  assert.equal(await page.locator('.chart-throughput figcaption').textContent(), 'Arrivals and sessions finished per 15 minutes');
  const stats = (await server.api('/api/stats', { pin: ORG })).body;
  assert.deepEqual(stats.arrivals_15min.map((b) => b.value).reduce((a, b) => a + b, 0), 5);
});

test('the quote accuracy is said in plain words', async () => {
  const { quotes } = (await server.api('/api/stats', { pin: ORG })).body;
  assert.ok(quotes.count >= 3);
  const mins = Math.round(Math.abs(quotes.mean_bias_s) / 60);
  const words = mins === 0 ? 'about right' : `${mins} min ${quotes.mean_bias_s > 0 ? 'short' : 'long'}`;
  const tile = page.locator('[data-figure="quotes"]');
  await waitFor((w) => document.querySelector('[data-figure="quotes"] .tile-value').textContent === w, words);
  assert.match(await tile.locator('.tile-note').textContent(), new RegExp(`^Quoted waits were ${words} on average \\(${quotes.count} quotes;`));
  assert.doesNotMatch(await tile.textContent(), /×/);
  // Words take more room than figures: at the widths of a laptop every value stays inside its tile.
  for (const width of [1280, 1366, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    const spilled = await page.evaluate(() => [...document.querySelectorAll('.tile')].flatMap((t) => {
      const box = t.getBoundingClientRect();
      return [...t.querySelectorAll('.tile-value, .tile-label')].filter((e) => {
        const r = e.getBoundingClientRect();
        return e.scrollWidth > e.clientWidth + 1 || r.right > box.right + 0.5 || r.left < box.left - 0.5;
      }).map((e) => `${t.dataset.figure}: ${e.textContent}`);
    }));
    assert.deepEqual(spilled, [], `at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('past their limits the strip flags overdue, over time, long changeover and idle, and each is an alert', async () => {
  await page.clock.setFixedTime(Date.now() + 10 * 60_000);   // ten minutes on
  await waitFor(() => document.querySelector('.strip-table[data-table="4"]').dataset.flags === 'idle');
  assert.equal(await flagsOf(1), 'overdue');
  assert.equal(await flagsOf(2), 'over_time');
  assert.equal(await flagsOf(3), 'long_changeover');
  assert.equal(await stripCell(1).locator('.strip-flag').textContent(), 'overdue');
  assert.equal(await stripCell(2).locator('.strip-flag').textContent(), 'over time');
  assert.equal(await stripCell(3).locator('.strip-flag').textContent(), 'long changeover');
  assert.equal(await stripCell(4).locator('.strip-flag').textContent(), 'idle while people wait');
  assert.match(await stripCell(2).locator('.strip-time').textContent(), /^1\d:\d\d$/);

  await waitFor(() => document.querySelector('#alerts [data-alert="idle-4"]'));
  assert.deepEqual(await alertKeys(), ['overdue-1', 'over_time-2', 'long_changeover-3', 'idle-4', 'line']);
  assert.match(await alertText('overdue-1'), /^Bib 1 was called to Table 1 1\d min ago and has not arrived\.$/);
  assert.match(await alertText('over_time-2'), /^Table 2 is over time: bib 2 has been on the table for 1\d min \(target 4 min\)\.$/);
  assert.match(await alertText('long_changeover-3'), /^Table 3 has been in changeover for 1\d min \(planned 4 min\)\.$/);
  assert.match(await alertText('idle-4'), /^Table 4 has been free for 1\d min while 2 runners wait\.$/);

  const full = join(artifacts, 'organiser-floor.png');
  await page.screenshot({ path: full, fullPage: true });
  await screenshot(page, 'organiser-alerts');
});

test('the strip follows the socket: the called runner arrives and the overdue flag goes', async () => {
  assert.equal((await server.op('arrived', { table: 1 })).status, 200);
  await waitFor(() => document.querySelector('.strip-table[data-table="1"]').dataset.state === 'in_session');
  assert.equal(await flagsOf(1), '');
  await waitFor(() => !document.querySelector('#alerts [data-alert="overdue-1"]'));
});

test('a 40-character tent name is shown whole at 1280×800 and 390×844', async () => {
  const name = 'Westfalen Marathon Finish Massage Tent B';
  assert.equal(name.length, 40);
  assert.equal((await server.api('/api/settings', { method: 'POST', body: { tent_name: name }, pin: ORG })).status, 200);
  await waitFor((n) => document.querySelector('#tent-name').textContent === n, name);
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await resizeTo(page, viewport);
    // The charts redraw for the new width in a frame of their own: let the layout settle first.
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth + 1, null, T).catch(() => {});
    const fit = await page.evaluate(() => {
      const h1 = document.querySelector('.topbar h1');
      const span = document.querySelector('#tent-name');
      const box = h1.getBoundingClientRect();
      const rects = [...span.getClientRects()];
      return {
        overflow: h1.scrollWidth > h1.clientWidth + 1,
        outside: rects.some((r) => r.left < box.left - 1 || r.right > box.right + 1 || r.right > innerWidth),
        ellipsis: getComputedStyle(h1).textOverflow === 'ellipsis' && getComputedStyle(h1).overflow === 'hidden',
        wider: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}`).slice(0, 5),
      };
    });
    assert.deepEqual(fit, { overflow: false, outside: false, ellipsis: false, wider: [] }, `${viewport.width}×${viewport.height}`);
    await screenshot(page, `organiser-name-${viewport.width}`);
  }
  await resizeTo(page, { width: 1280, height: 800 });
});

test('every section of the signed-in page is accessible', async () => {
  for (const view of ['live', 'settings', 'announce', 'roster', 'plan', 'export']) {
    await page.click(`nav [data-view="${view}"]`);
    await page.locator(`#view-${view}`).waitFor(T);
    await checkAccessible(`signed in, ${view}`);
  }
  await page.evaluate(() => { window.print = () => {}; });
  await page.click('#open-report');
  await page.locator('#view-report').waitFor(T);
  await page.locator('#report-body table').first().waitFor(T);
  await page.screenshot({ path: join(artifacts, 'organiser-report-1280.png'), fullPage: true });
  await checkAccessible('signed in, report');
});
