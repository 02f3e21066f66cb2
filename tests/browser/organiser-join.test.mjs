// The organiser's "Join this tent" codes, read as a phone would: each code's picture on the screen
// is decoded (jsQR) and must be its page's address at an address the server reported, and that
// address must reach the server. A real server bound to every interface for the real case, routed
// replies of GET /api/addresses for several addresses and for none, and a real server bound to
// loopback for the message that says why phones cannot join. Then one code shown large, and the
// one-page A4 print.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, axeViolations, decodeQrPng, resizeTo, ORGANISER_PIN } from './harness.mjs';

const T = { timeout: 10_000 };
const PAGES = ['console', 'display', 'kiosk', 'status'];
const servers = [];
let browser;

after(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
});

async function server(bind) {
  const s = await startServer({ bind });
  servers.push(s);
  browser ??= await launchBrowser();
  return s;
}

// The dashboard's join view at `origin`, signed in; `route` (optional) answers GET /api/addresses.
async function joinView(origin, { route, viewport = { width: 1366, height: 768 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  if (route) await page.route('**/api/addresses', (r) => r.fulfill({ json: route() }));
  await page.goto(`${origin}/organiser/#join`);
  await page.fill('#pin', ORGANISER_PIN);
  await page.click('#signin-form button');
  await page.locator('#view-join').waitFor(T);
  await page.waitForFunction(() => document.querySelector('#view-join').dataset.state, null, T);
  return { page, errors };
}


// Each card as shown: its page, what its code decodes to from a screenshot, the address in text,
// and the code's size on screen in CSS pixels.
async function readCodes(page) {
  const cards = page.locator('#join-codes .join-card');
  const out = [];
  for (let i = 0; i < await cards.count(); i++) {
    const qr = cards.nth(i).locator('.join-qr');
    const box = await qr.boundingBox();
    out.push({
      page: await cards.nth(i).getAttribute('data-page'),
      decoded: await decodeQrPng(browser, await qr.screenshot()),
      text: await cards.nth(i).locator('.join-url').textContent(),
      width: box.width,
      height: box.height,
    });
  }
  return out;
}

// Every page's code decodes to the page at `origin`, says so in text, and is at least 160 px.
async function assertCodes(page, origin) {
  const codes = await readCodes(page);
  assert.deepEqual(codes.map((c) => c.page), PAGES);
  for (const c of codes) {
    assert.equal(c.decoded, `${origin}/${c.page}/`, `the ${c.page} code`);
    assert.equal(c.text, c.decoded);
    assert.ok(c.width >= 160 && c.height >= 160, `the ${c.page} code is ${c.width}×${c.height} px`);
  }
  return codes;
}

test('bound to every interface, each code decodes to its page at the address the server reported, which reaches it', async () => {
  const s = await server('0.0.0.0');
  const { body } = await s.api('/api/addresses', { pin: ORGANISER_PIN });
  assert.equal(body.bound, '0.0.0.0');
  assert.equal(body.port, s.port);
  const { page, errors } = await joinView(s.url);
  if (body.addresses.length === 0) {
    // This machine is on no network: what the page says then (the routed test below reads codes).
    assert.equal(body.reason, 'no_network');
    assert.match(await page.locator('#join-status').textContent(), /connect it to the tent's Wi-Fi/);
    return;
  }
  const origin = `http://${body.addresses[0]}:${s.port}`;
  for (const viewport of [{ width: 1366, height: 768 }, { width: 1280, height: 800 }]) {
    await resizeTo(page, viewport);
    const codes = await assertCodes(page, origin);
    await screenshot(page, `organiser-join-${viewport.width}x${viewport.height}`);
    // A phone that scanned the console's code gets the console page.
    const res = await fetch(codes[0].decoded);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<title>[^<]*[Cc]onsole/);
  }
  assert.equal(await page.locator('#join-chooser').isHidden(), body.addresses.length < 2);
  assert.deepEqual(await axeViolations(page), []);

  // One code as large as the screen, for a phone a couple of metres away.
  await page.click('[data-page="display"] .join-enlarge');
  const large = page.locator('#join-large');
  await large.waitFor(T);
  assert.equal(await large.locator('h2').textContent(), 'Display');
  const box = await large.locator('.join-qr').boundingBox();
  assert.ok(box.width >= 500 && box.height >= 500, `the large code is ${box.width}×${box.height} px`);
  assert.equal(await decodeQrPng(browser, await large.locator('.join-qr').screenshot()), `${origin}/display/`);
  assert.equal(await large.locator('.join-url').textContent(), `${origin}/display/`);
  await screenshot(page, 'organiser-join-large');
  assert.deepEqual(await axeViolations(page), []);
  await page.keyboard.press('Escape');
  await large.waitFor({ state: 'hidden', ...T });
  assert.deepEqual(errors, []);
});

test('opened at an address phones can use, the codes carry that address first; with a kiosk key the kiosk card says to add it', async () => {
  const s = servers[0] ?? await server('0.0.0.0');
  const { body } = await s.api('/api/addresses', { pin: ORGANISER_PIN });
  if (body.addresses.length === 0) return;  // no such address on this machine
  const here = `http://${body.addresses[0]}:${s.port}`;
  // The server also reports another address, listed first: the page's own still comes first.
  const { page, errors } = await joinView(here, { route: () => ({ ...body, addresses: ['10.99.0.1', ...body.addresses] }) });
  await assertCodes(page, here);
  assert.deepEqual(await page.locator('#join-address option').allTextContents(), [`${body.addresses[0]}:${s.port}`, `10.99.0.1:${s.port}`]);
  assert.equal(await page.locator('.join-key').count(), 0);

  // With a kiosk key set, the kiosk's card says the tablet needs it (the code does not carry it).
  assert.equal((await s.api('/api/kiosk-key', { method: 'POST', body: { key: 'tent-pole' }, pin: ORGANISER_PIN })).status, 200);
  await page.reload();
  await page.locator('[data-page="kiosk"] .join-key').waitFor(T);
  assert.equal(await page.locator('.join-key').count(), 1);
  assert.match(await page.locator('[data-page="kiosk"] .join-key').textContent(), /^Kiosk key set: add \?key=… once per tablet\.$/);
  await assertCodes(page, here);
  await screenshot(page, 'organiser-join-kiosk-key');
  assert.deepEqual(await axeViolations(page), []);
  assert.equal((await s.api('/api/kiosk-key', { method: 'POST', body: { key: '' }, pin: ORGANISER_PIN })).status, 200);
  assert.deepEqual(errors, []);
});

test('with several addresses a selector picks which the codes carry, and the choice is remembered', async () => {
  const s = servers[0] ?? await server('0.0.0.0');
  const reply = { port: s.port, bound: '0.0.0.0', addresses: ['192.168.8.10', '10.0.0.23', '172.20.1.5'], reason: '' };
  const { page, errors } = await joinView(s.url, { route: () => reply });
  assert.equal(await page.locator('#join-chooser').isVisible(), true);
  assert.deepEqual(await page.locator('#join-address option').allTextContents(), reply.addresses.map((a) => `${a}:${s.port}`));
  await assertCodes(page, `http://192.168.8.10:${s.port}`);
  await page.selectOption('#join-address', `http://10.0.0.23:${s.port}`);
  await assertCodes(page, `http://10.0.0.23:${s.port}`);
  await screenshot(page, 'organiser-join-several');
  assert.deepEqual(await axeViolations(page), []);

  await page.reload();
  await page.waitForFunction(() => document.querySelector('#view-join').dataset.state === 'codes', null, T);
  assert.equal(await page.locator('#join-address').inputValue(), `http://10.0.0.23:${s.port}`);
  await assertCodes(page, `http://10.0.0.23:${s.port}`);
  // An address no longer offered is forgotten: the first is shown.
  reply.addresses = ['192.168.8.10', '172.20.1.5'];
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#view-join').dataset.state === 'codes', null, T);
  await assertCodes(page, `http://192.168.8.10:${s.port}`);
  assert.deepEqual(errors, []);
});

test('a laptop on no network is told to join the Wi-Fi; "Check again" shows the codes once it has', async () => {
  const s = servers[0] ?? await server('0.0.0.0');
  let reply = { port: s.port, bound: '0.0.0.0', addresses: [], reason: 'no_network' };
  const { page, errors } = await joinView(s.url, { route: () => reply });
  assert.equal(await page.locator('#view-join').getAttribute('data-state'), 'none');
  assert.match(await page.locator('#join-status').textContent(), /^This laptop has no network address a phone could use: connect it to the tent's Wi-Fi router/);
  assert.equal(await page.locator('#join-codes .join-card').count(), 0);
  assert.deepEqual(await axeViolations(page), []);
  reply = { ...reply, addresses: ['192.168.8.10'], reason: '' };
  await page.click('#join-again');
  await page.waitForFunction(() => document.querySelector('#view-join').dataset.state === 'codes', null, T);
  await assertCodes(page, `http://192.168.8.10:${s.port}`);
  assert.equal(await page.locator('#join-again').isHidden(), true);
  assert.equal(await page.locator('#join-status').textContent(), '');
  assert.deepEqual(errors, []);
});

test('bound to loopback, no code is shown and a message says why phones cannot join and how to fix it', async () => {
  const s = await server('127.0.0.1');
  const { page, errors } = await joinView(s.url);
  assert.equal(await page.locator('#view-join').getAttribute('data-state'), 'none');
  assert.equal(await page.locator('#join-codes .join-card').count(), 0);
  assert.equal(await page.locator('#join-chooser').isHidden(), true);
  assert.equal(await page.locator('#join-print').isHidden(), true);
  assert.equal(
    await page.locator('#join-status').textContent(),
    'Phones and tablets cannot reach this server: it listens only on 127.0.0.1, this laptop\'s own address. ' +
      'Stop it and start it again with --bind 0.0.0.0 (or bind = 0.0.0.0 in its configuration file), then come back here.');
  assert.equal(await page.locator('#join-status').getAttribute('data-kind'), 'error');
  await screenshot(page, 'organiser-join-loopback');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
});

test('"Print the codes" prints the join view, not the report, on one A4 page that the codes survive', async () => {
  const s = servers[0] ?? await server('0.0.0.0');
  const reply = { port: s.port, bound: '0.0.0.0', addresses: ['192.168.8.10'], reason: '' };
  const { page, errors } = await joinView(s.url, { route: () => reply });
  await page.click('#join-print');
  assert.equal(await page.evaluate(() => window.printed), 1);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));  // what Ctrl+P sends
  assert.equal(await page.evaluate(() => document.body.dataset.view), 'join');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g)?.length, 1, 'one A4 page');
  // The codes as printed (print media, white paper) still decode.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });  // A4 at 96 px per inch
  await assertCodes(page, `http://192.168.8.10:${s.port}`);
  await screenshot(page, 'organiser-join-print');
  assert.deepEqual(errors, []);
});
