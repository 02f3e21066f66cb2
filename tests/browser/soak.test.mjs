// A long day in fast motion: hundreds of runners through the tent while the display, a
// runner's phone and a volunteer's console follow. After every round the tent is back where it
// started, so the pages' DOM and (garbage-collected) JS heap must not grow from round to round:
// a screen left on for 12 hours must not run out of memory.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openTables, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// One round: every table serves one runner, all through to ready.
async function round(tables, n) {
  await Promise.all(tables.map((table, i) =>
    server.api('/api/checkins', { method: 'POST', body: { bib: `${n}${String(i).padStart(2, '0')}` } })));
  for (const op of ['arrived', 'finish', 'ready']) await Promise.all(tables.map((table) => server.op(op, { table })));
}

// DOM nodes and live JS heap after a full garbage collection.
async function footprint(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  await cdp.detach();
  return { heap: usedSize, nodes };
}

test('pages following hundreds of changes keep a flat DOM and heap', { timeout: 240_000 }, async () => {
  const tables = await openTables(server, 8);
  const context = await browser.newContext();
  const display = await context.newPage();
  await display.setViewportSize({ width: 1920, height: 1080 });
  await display.goto(`${server.url}/display/`);
  const phone = await context.newPage();
  await phone.goto(`${server.url}/status/?bib=999`);
  const volunteer = await context.newPage();
  await volunteer.goto(`${server.url}/console/`);
  await volunteer.locator('#pin').fill(VOLUNTEER_PIN);
  await volunteer.getByRole('button', { name: 'Sign in' }).click();
  await volunteer.locator('#app').waitFor({ state: 'visible', timeout: 5000 });
  const pages = { display, phone, volunteer };

  // The last frames have arrived when the display lists every table as free again.
  const settle = () => display.waitForFunction(
    () => document.querySelectorAll('.table[data-state="free"]').length === 8, null, { timeout: 10_000 });

  for (let n = 1; n <= 10; n++) await round(tables, n);
  await settle();
  const early = {};
  for (const [name, page] of Object.entries(pages)) early[name] = await footprint(page);

  for (let n = 11; n <= 60; n++) await round(tables, n);
  await settle();
  for (const [name, page] of Object.entries(pages)) {
    const late = await footprint(page);
    console.log(`${name}: ${early[name].nodes} -> ${late.nodes} nodes, ${early[name].heap} -> ${late.heap} bytes`);
    assert.equal(late.nodes, early[name].nodes, `${name}: DOM node count`);
    // 50 more rounds (1,500 more frames) may not add more than 1 MiB of live heap.
    assert.ok(late.heap - early[name].heap < 1024 * 1024,
      `${name}: heap grew from ${early[name].heap} to ${late.heap} bytes`);
  }
  assert.equal((await server.api('/api/stats', { pin: ORGANISER_PIN })).body.counts.served, 480);
});
