// Two tents side by side in one server: the organiser adds "Family area" on the dashboard's Tents
// view; a runner checked in at /t/family-area/kiosk/ shows on that tent's display and console and
// not on the first tent's display; the same bib at the first tent's kiosk (and the console's
// add-runner form) is sent to the Family area; the Tents view shows both tents' figures (laptop
// and phone), a tent's join codes carry its own addresses, and the event-wide export holds both
// tents' sessions. The tests run in order and share one server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, screenshot, axeViolations, resizeTo, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 1280, height: 800 };
const T = { timeout: 10_000 };
const FAMILY = '/t/family-area';
const BIB = '4242';

let server;
let browser;
let organiser;   // the first tent's dashboard, signed in, on the Tents view
const pageErrors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage(viewport, t) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  t?.after(() => context.close());
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

// A REST call to a tent (`prefix` '' for the first tent).
const tentApi = (prefix, path, options) => server.api(`${prefix}${path}`, options);
const tentOp = (prefix, op, params) => tentApi(prefix, `/api/ops/${op}`, { method: 'POST', body: params, pin: VOLUNTEER_PIN });

// The landmarks and headings of the page as it is now, and axe's moderate-or-worse findings.
async function assertAccessible(page, state) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${state}`);
  const shape = await page.evaluate(() => ({
    mains: [...document.querySelectorAll('main')].filter((m) => m.checkVisibility()).length,
    h1s: [...document.querySelectorAll('h1')].filter((h) => h.checkVisibility()).length,
  }));
  assert.deepEqual(shape, { mains: 1, h1s: 1 }, `one main and one h1 on ${state}`);
}

async function openKiosk(prefix, t) {
  const page = await newPage({ width: 1280, height: 800 }, t);
  await page.goto(`${server.url}${prefix}/kiosk/`);
  await page.waitForSelector('#screen-start:not([hidden])', T);
  await page.waitForFunction(() => !document.getElementById('start-wait-value').textContent.endsWith('…'), null, T);
  return page;
}

// The display's "next in line" bibs and "now calling" bibs.
const shownBibs = (page) => page.evaluate(() => ({
  next: [...document.querySelectorAll('#next-list .next-item:not([hidden]) .bib')].map((b) => b.textContent),
  calls: [...document.querySelectorAll('#calls .call:not([hidden]) .bib')].map((b) => b.textContent),
}));

// The figures of each tent card, by tent id.
const cards = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#tents-list .tent-card')].map((c) => [c.dataset.tent, {
  name: c.querySelector('h3').textContent,
  current: c.getAttribute('aria-current') === 'page',
  figures: Object.fromEntries([...c.querySelectorAll('dd')].map((d) => [d.dataset.figure, d.textContent])),
  links: [...c.querySelectorAll('.tent-pages a')].map((a) => a.getAttribute('href')),
}])));

test('the organiser adds "Family area" on the Tents view: the id comes from the name, refusals show by the field', async () => {
  organiser = await newPage(LAPTOP);
  await organiser.goto(`${server.url}/organiser/#tents`);
  await organiser.fill('#pin', ORGANISER_PIN);
  await organiser.click('#signin-form button');
  await organiser.locator('#view-tents').waitFor(T);
  await organiser.locator('#tents-list .tent-card').first().waitFor(T);
  assert.deepEqual(Object.keys(await cards(organiser)), ['']);

  // A bad id: the server's refusal by the id field, nothing added.
  await organiser.fill('#new-tent-name', 'Family area');
  assert.equal(await organiser.inputValue('#new-tent-id'), 'family-area');
  await organiser.fill('#new-tent-id', 'Family Area!');
  await organiser.click('#tent-add-form button[type=submit]');
  await organiser.locator('#new-tent-id-error:not(:empty)').waitFor(T);
  assert.equal(await organiser.getAttribute('#new-tent-id', 'aria-invalid'), 'true');
  assert.equal((await server.api('/api/tents', { pin: ORGANISER_PIN })).body.tents.length, 1);
  await assertAccessible(organiser, 'the Tents view with a refused id');

  // Emptied, the id follows the name again.
  await organiser.fill('#new-tent-id', '');
  await organiser.fill('#new-tent-name', 'Family');
  assert.equal(await organiser.inputValue('#new-tent-id'), 'family');
  await organiser.fill('#new-tent-name', 'Family area');
  assert.equal(await organiser.inputValue('#new-tent-id'), 'family-area');
  await organiser.click('#tent-add-form button[type=submit]');
  await organiser.locator('#tent-add-status[data-kind="ok"]').waitFor(T);
  assert.match(await organiser.innerText('#tent-add-status'), /Family area added.*\/t\/family-area\//);
  await organiser.locator('#tents-list .tent-card[data-tent="family-area"]').waitFor(T);
  const shown = await cards(organiser);
  assert.deepEqual(Object.keys(shown), ['', 'family-area']);
  assert.equal(shown[''].current, true);
  assert.equal(shown['family-area'].current, false);
  assert.equal(shown['family-area'].name, 'Family area');
  assert.deepEqual(shown['family-area'].links, ['kiosk', 'display', 'console', 'organiser'].map((p) => `${FAMILY}/${p}/`));
  assert.deepEqual(shown[''].links, ['/kiosk/', '/display/', '/console/', '/organiser/']);

  // The same id again: "exists", by the id field.
  await organiser.fill('#new-tent-name', 'Family area');
  await organiser.click('#tent-add-form button[type=submit]');
  await organiser.locator('#new-tent-id-error:not(:empty)').waitFor(T);
  assert.equal((await server.api('/api/tents', { pin: ORGANISER_PIN })).body.tents.length, 2);
});

test('a check-in at the Family area kiosk shows on its display and console, not on the first tent\'s display', async (t) => {
  const family = await newPage(TABLET, t);
  const root = await newPage(TABLET, t);
  await family.goto(`${server.url}${FAMILY}/display/`);
  await root.goto(`${server.url}/display/`);
  for (const p of [family, root]) await p.locator('#next-empty').waitFor({ state: 'visible', ...T });

  const kiosk = await openKiosk(FAMILY, t);
  await kiosk.keyboard.type(BIB);
  await kiosk.keyboard.press('Enter');
  await kiosk.waitForSelector('#screen-areas:not([hidden])', T);
  await kiosk.click('#areas-next');
  await kiosk.waitForSelector('#screen-triage:not([hidden])', T);
  await kiosk.click('#triage-none');
  await kiosk.waitForSelector('#screen-ticket:not([hidden])', T);
  // The runner's code follows their place at this tent.
  assert.match(await kiosk.getAttribute('#ticket-qr', 'data-url'), new RegExp(`^${server.url}${FAMILY}/status/\\?bib=${BIB}&`));

  await family.waitForFunction((bib) => [...document.querySelectorAll('#next-list .next-item:not([hidden]) .bib')].some((b) => b.textContent === bib), BIB, T);
  assert.deepEqual((await tentApi(FAMILY, '/api/state', { pin: VOLUNTEER_PIN })).body.queue.map((e) => e.bib), [BIB]);
  assert.deepEqual((await tentApi('', '/api/state', { pin: VOLUNTEER_PIN })).body.queue, []);
  assert.deepEqual(await shownBibs(root), { next: [], calls: [] });

  // A volunteer at the Family area opens a table: it calls the runner, on the console and the display.
  const console_ = await newPage(TABLET, t);
  await console_.goto(`${server.url}${FAMILY}/console/`);
  await console_.locator('#pin').fill(VOLUNTEER_PIN);
  await console_.getByRole('button', { name: 'Sign in' }).click();
  await console_.locator('#app').waitFor({ state: 'visible', ...T });
  await console_.locator('#queue li', { hasText: BIB }).waitFor(T);
  await console_.getByRole('button', { name: 'Add table' }).click();
  const card = console_.locator('.card', { has: console_.locator('.card-name', { hasText: /^Table 1$/ }) });
  await card.getByRole('button', { name: 'Open, Table 1' }).click();
  await card.locator('.bib', { hasText: BIB }).waitFor(T);
  await card.getByRole('button', { name: 'Arrived, Table 1' }).click();
  await card.locator('.state-pill', { hasText: /^In session$/ }).waitFor(T);
  assert.equal((await tentApi('', '/api/state', { pin: VOLUNTEER_PIN })).body.tables.length, 0, 'the first tent has no table');
  await root.waitForTimeout(300);   // a frame that wrongly reached the first tent would have shown by now
  assert.deepEqual(await shownBibs(root), { next: [], calls: [] });
});

test('the Family area\'s runner page asks for a bib and follows it there', async (t) => {
  const page = await newPage({ width: 390, height: 844 }, t);
  await page.goto(`${server.url}${FAMILY}/status/`);
  await page.locator('#bib-input').waitFor({ state: 'visible', ...T });
  await page.fill('#bib-input', BIB);
  await page.click('#ask-submit');
  await page.waitForURL(`${server.url}${FAMILY}/status/?bib=${BIB}*`, T);
  await page.locator('#tent-name', { hasText: 'Family area' }).waitFor(T);
  assert.equal(new URL(await page.locator('#other-bib').evaluate((a) => a.href)).pathname, `${FAMILY}/status/`);
});

test('the same bib at the first tent\'s kiosk is sent to the Family area, and the console says so too', async (t) => {
  const kiosk = await openKiosk('', t);
  await kiosk.keyboard.type(BIB);
  await kiosk.keyboard.press('Enter');
  // The dry run refuses at once; were the refusal only at the end, the questions come first.
  const first = await Promise.race([
    kiosk.waitForSelector('#screen-message:not([hidden])', T).then(() => 'message'),
    kiosk.waitForSelector('#screen-areas:not([hidden])', T).then(() => 'areas'),
  ]);
  if (first === 'areas') {
    await kiosk.click('#areas-next');
    await kiosk.click('#triage-none');
    await kiosk.waitForSelector('#screen-message:not([hidden])', T);
  }
  assert.equal(await kiosk.getAttribute('#message-card', 'data-kind'), 'waiting_elsewhere');
  assert.equal(await kiosk.innerText('#message-title'), 'You are already in the line at Family area');
  assert.match(await kiosk.innerText('#message-body'), /^Please go there\. Bib 4242 keeps its place in the line at Family area/);
  assert.match(await kiosk.getAttribute('#message-extra .qr', 'data-url'), new RegExp(`^${server.url}${FAMILY}/status/\\?bib=${BIB}&lang=en$`));
  await assertAccessible(kiosk, 'the kiosk\'s "in the line elsewhere" screen');
  await screenshot(kiosk, 'tents-kiosk-elsewhere');
  assert.deepEqual((await tentApi('', '/api/state', { pin: VOLUNTEER_PIN })).body.queue, []);

  // In German the tent's name is kept as it is.
  await kiosk.click('#message-actions button');
  await kiosk.waitForSelector('#screen-start:not([hidden])', T);
  await kiosk.goto(`${server.url}/kiosk/?lang=de`);
  await kiosk.waitForSelector('#screen-start:not([hidden])', T);
  await kiosk.waitForFunction(() => !document.getElementById('start-wait-value').textContent.endsWith('…'), null, T);
  await kiosk.keyboard.type(BIB);
  await kiosk.keyboard.press('Enter');
  await kiosk.waitForSelector('#screen-message:not([hidden]), #screen-areas:not([hidden])', T);
  if (await kiosk.locator('#screen-areas').isVisible()) {
    await kiosk.click('#areas-next');
    await kiosk.click('#triage-none');
    await kiosk.waitForSelector('#screen-message:not([hidden])', T);
  }
  assert.equal(await kiosk.innerText('#message-title'), 'Du stehst schon in der Schlange bei Family area');

  // A volunteer adding the runner by hand at the first tent reads the server's reason.
  const console_ = await newPage(TABLET, t);
  await console_.goto(`${server.url}/console/`);
  await console_.locator('#pin').fill(VOLUNTEER_PIN);
  await console_.getByRole('button', { name: 'Sign in' }).click();
  await console_.locator('#app').waitFor({ state: 'visible', ...T });
  await console_.locator('#queue-panel').waitFor({ state: 'visible', ...T });
  await console_.fill('#add-runner-form [name="bib"]', BIB);
  await console_.locator('#add-runner-form button[type="submit"]').click();
  await console_.locator('#alert', { hasText: 'already in the line at Family area' }).waitFor(T);
  assert.deepEqual((await tentApi('', '/api/state', { pin: VOLUNTEER_PIN })).body.queue, []);
});

test('the Tents view shows both tents\' figures side by side on a laptop and one under the other on a phone', async () => {
  // The first tent: one table, one runner on it, one waiting.
  const made = await tentOp('', 'table_create', { name: 'Table 1' });
  await tentOp('', 'open', { table: made.body.table.id });
  for (const bib of ['501', '502']) assert.equal((await tentApi('', '/api/checkins', { method: 'POST', body: { bib } })).status, 201);
  await tentOp('', 'arrived', { table: made.body.table.id });

  const expected = {
    '': { waiting: '1', tables: '1 of 1', in_session: '1', served: '0' },
    'family-area': { waiting: '0', tables: '1 of 1', in_session: '1', served: '0' },
  };
  const matches = async () => {
    const shown = await cards(organiser);
    return Object.entries(expected).every(([id, want]) => shown[id] && Object.entries(want).every(([k, v]) => shown[id].figures[k] === v));
  };
  // Polled: the figures arrive within a few seconds.
  for (let i = 0; i < 40 && !(await matches()); i++) await organiser.waitForTimeout(250);
  const shown = await cards(organiser);
  for (const [id, want] of Object.entries(expected)) {
    for (const [k, v] of Object.entries(want)) assert.equal(shown[id].figures[k], v, `${id || 'first tent'}: ${k}`);
  }
  assert.equal(shown[''].name, 'Massage tent (this tent)');
  await assertAccessible(organiser, 'the Tents view');

  const boxes = () => organiser.locator('#tents-list .tent-card').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width })));
  let [a, b] = await boxes();
  assert.equal(a.y, b.y, 'side by side on a laptop');
  assert.ok(b.x > a.x + a.w - 1);
  await organiser.evaluate(() => scrollTo(0, 0));
  await screenshot(organiser, 'tents-panel-laptop');

  await resizeTo(organiser, PHONE);
  [a, b] = await boxes();
  assert.equal(a.x, b.x, 'one column on a phone');
  assert.ok(b.y > a.y);
  assert.ok(await organiser.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling');
  await assertAccessible(organiser, 'the Tents view on a phone');
  await organiser.evaluate(() => document.getElementById('tents-h').scrollIntoView());
  await screenshot(organiser, 'tents-panel-phone');
  await organiser.locator('#tent-add-form').scrollIntoViewIfNeeded();
  await screenshot(organiser, 'tents-panel-phone-form');
  await resizeTo(organiser, LAPTOP);
});

test('the Family area\'s organiser page marks it, and its join codes carry its own addresses', async (t) => {
  const page = await newPage(LAPTOP, t);
  await page.route('**/api/addresses', (r) => r.fulfill({ json: { port: server.port, bound: '0.0.0.0', addresses: ['192.168.8.10'], reason: '' } }));
  await page.goto(`${server.url}${FAMILY}/organiser/#tents`);
  await page.fill('#pin', ORGANISER_PIN);
  await page.click('#signin-form button');
  await page.locator('#tents-list .tent-card[data-tent="family-area"]').waitFor(T);
  const shown = await cards(page);
  assert.equal(shown['family-area'].current, true);
  assert.equal(shown[''].current, false);
  await page.locator('#tent-name', { hasText: 'Family area' }).waitFor(T);

  await page.click('nav [data-view="join"]');
  await page.locator('#join-codes .join-card').first().waitFor(T);
  const urls = await page.locator('#join-codes .join-qr').evaluateAll((els) => els.map((e) => e.dataset.url));
  assert.deepEqual(urls, ['console', 'display', 'kiosk', 'status'].map((p) => `http://192.168.8.10:${server.port}${FAMILY}/${p}/`));
});

test('the whole event\'s export holds the sessions of both tents', async () => {
  const first = (await tentApi('', '/api/state', { pin: VOLUNTEER_PIN })).body.tables[0];
  assert.equal((await tentOp('', 'finish', { table: first.id })).status, 200);
  const family = (await tentApi(FAMILY, '/api/state', { pin: VOLUNTEER_PIN })).body.tables[0];
  assert.equal((await tentOp(FAMILY, 'finish', { table: family.id })).status, 200);

  await organiser.click('nav [data-view="tents"]');
  const [download] = await Promise.all([organiser.waitForEvent('download', T), organiser.click('#export-event')]);
  assert.match(download.suggestedFilename(), /^massage-tent-event-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const rows = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.match(rows[0], /^"?tent"?,/);
  const row = (bib) => rows.find((r) => r.split(',').slice(1).some((c) => c.replace(/"/g, '') === bib));
  assert.match(row(BIB) ?? '', /^"?Family area"?,/);
  assert.match(row('501') ?? '', /^"?Massage tent"?,/);
  await organiser.locator('#export-event-status[data-kind="ok"]').waitFor(T);
  assert.deepEqual(pageErrors, [], 'no script errors on any page');
});
