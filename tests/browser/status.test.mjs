// The runner's phone page (status/): live place in line, the full-screen call with one buzz,
// after-care when done, and clear messages for unknown bibs, referrals and a missing bib.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, axeViolations, ORGANISER_PIN } from './harness.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let server, browser, page;
const pageErrors = [];

// Records navigator.vibrate calls (headless Chromium has no vibration motor, and blocks it
// before a tap).
const recordVibrate = () => {
  window.__buzzes = [];
  Object.defineProperty(navigator, 'vibrate', { value: (p) => { window.__buzzes.push(p); return true; }, configurable: true });
};

async function phonePage(bib) {
  const p = await browser.newPage(PHONE);
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.addInitScript(recordVibrate);
  await p.goto(`${server.url}/status/${bib == null ? '' : `?bib=${encodeURIComponent(bib)}`}`);
  return p;
}

const checkin = (bib, extra = {}) => server.api('/api/checkins', { method: 'POST', body: { bib, ...extra } });
const title = (p) => p.locator('#title').innerText();

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.op('table_create', { name: 'Table 1' });
  for (const bib of ['700', '701', '702']) assert.equal((await checkin(bib)).status, 201);
  await server.op('open', { table: 1 });   // calls 700; 701 and 702 wait
  page = await phonePage('702');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('shows the position and the estimated wait, and moves up when the runner ahead is called', async () => {
  await page.locator('#title', { hasText: 'You are number 2 in line' }).waitFor({ timeout: 5000 });
  assert.equal(await page.locator('#bib').innerText(), '702');
  assert.match(await page.locator('#line1').innerText(), /Estimated wait: \d+ min/);
  assert.match(await page.locator('#heads-up').innerText(), /second in line/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'status-waiting');

  // Table 1 finishes with 700 and calls 701, the runner ahead.
  for (const op of ['arrived', 'finish', 'ready']) assert.equal((await server.op(op, { table: 1 })).status, 200);
  await page.locator('#title', { hasText: 'You are next in line' }).waitFor({ timeout: 2000 });
  assert.equal(await page.locator('#position').innerText(), '1');
  assert.match(await page.locator('#heads-up').innerText(), /You’re next: head towards the tent/);
  assert.equal(await page.locator('#called').isVisible(), false);
});

test('when called: a full-screen "Go to Table 1 now" and one buzz per call', async () => {
  for (const op of ['arrived', 'finish', 'ready']) assert.equal((await server.op(op, { table: 1 })).status, 200);
  const overlay = page.locator('#called');
  await overlay.waitFor({ state: 'visible', timeout: 2000 });
  assert.match(await page.locator('#called-title').innerText(), /Go to\s+Table 1\s+now/);
  const box = await overlay.boundingBox();
  assert.ok(box.width >= 389 && box.height >= 843, 'the call covers the whole screen');
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'status-called');
  assert.match(await page.evaluate(() => document.title), /Go to Table 1 now/);
  // Later changes re-render the page without buzzing again.
  await page.waitForFunction(() => window.__buzzes.length >= 1, null, { timeout: 1000 });
  await server.api('/api/announcement', { method: 'POST', body: { text: 'Showers are open' }, pin: ORGANISER_PIN });
  await page.locator('#announcement', { hasText: 'Showers are open' }).waitFor({ state: 'attached', timeout: 2000 });
  assert.equal((await checkin('704')).status, 201);
  await server.api('/api/announcement', { method: 'POST', body: { text: 'Showers are open until 17:00' }, pin: ORGANISER_PIN });
  await page.locator('#announcement', { hasText: 'until 17:00' }).waitFor({ state: 'attached', timeout: 2000 });
  assert.deepEqual(await page.evaluate(() => window.__buzzes), [[300, 100, 300]]);

  // "OK" hides the overlay; a recall brings it back and buzzes again.
  await page.locator('#called-ok').click();
  await overlay.waitFor({ state: 'hidden', timeout: 1000 });
  assert.match(await title(page), /Go to Table 1 now/);
  assert.equal((await server.op('recall', { table: 1 })).status, 200);
  await overlay.waitFor({ state: 'visible', timeout: 2000 });
  assert.equal(await page.evaluate(() => window.__buzzes.length), 2);
});

test('on the table, then after the session the after-care advice', async () => {
  assert.equal((await server.op('arrived', { table: 1 })).status, 200);
  await page.locator('#title', { hasText: 'On the table' }).waitFor({ timeout: 2000 });
  assert.equal(await page.locator('#called').isVisible(), false);
  assert.equal((await server.op('finish', { table: 1 })).status, 200);
  await page.locator('#title', { hasText: 'Thank you' }).waitFor({ timeout: 3000 });
  const advice = await page.locator('#advice').innerText();
  for (const tip of [/water/i, /walk gently/i, /stretching/i, /keep warm/i, /foam rolling/i, /sleep/i, /48 hours/]) assert.match(advice, tip);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'status-done');
});

test('an unknown bib gets a clear message, and the page follows it once it checks in', async () => {
  const p = await phonePage('99999');
  await p.locator('#title', { hasText: 'We can’t find bib 99999' }).waitFor({ timeout: 5000 });
  assert.match(await p.locator('#line1').innerText(), /kiosk/);
  assert.deepEqual(await axeViolations(p), []);
  assert.equal((await checkin('99999')).status, 201);
  await p.locator('#title', { hasText: /You are (next|number \d+) in line/ }).waitFor({ timeout: 2000 });
  await p.close();
});

test('a runner referred at triage is sent to the medical tent, with the organisers\' directions', async () => {
  await server.op('settings', { medical_directions: 'Medical tent: white tent behind the finish arch.' }, ORGANISER_PIN);
  assert.equal((await checkin('803', { triage: { dizzy_or_confused: true } })).body.ticket.status, 'referred');
  const p = await phonePage('803');
  await p.locator('#title', { hasText: 'Please go to the medical tent' }).waitFor({ timeout: 5000 });
  assert.match(await p.locator('#line1').innerText(), /white tent behind the finish arch/);
  assert.deepEqual(await axeViolations(p), []);
  await p.close();
});

test('without a bib the page asks for one; a bad bib is explained; the announcement shows', async () => {
  const p = await phonePage(null);
  const input = p.getByLabel('Your bib number');
  await input.waitFor({ timeout: 5000 });
  assert.deepEqual(await axeViolations(p), []);
  await input.fill(' 701 ');
  await p.getByRole('button', { name: 'Show my place' }).click();
  await p.waitForURL(/\/status\/\?bib=\+?701\+?$|\/status\/\?bib=%20701%20$/);
  await p.locator('#bib', { hasText: '701' }).waitFor({ timeout: 5000 });

  await p.goto(`${server.url}/status/?bib=${encodeURIComponent('12#4!')}`);
  assert.match(await p.locator('#ask-error').innerText(), /doesn’t look right/);
  await p.locator('#ask-error', { hasText: 'A bib is 1 to 8 letters or digits.' }).waitFor({ timeout: 5000 });
  // Too long for the server: its refusal brings the form back.
  await p.goto(`${server.url}/status/?bib=123456789`);
  await p.locator('#ask-error', { hasText: 'doesn’t look right. A bib is 1 to 8 letters or digits.' }).waitFor({ timeout: 5000 });
  assert.equal(await p.locator('#status').isHidden(), true);
  assert.equal(await p.inputValue('#bib-input'), '123456789');

  await p.goto(`${server.url}/status/?bib=701`);
  await p.locator('#title').waitFor({ timeout: 5000 });
  await server.api('/api/announcement', { method: 'POST', body: { text: 'Free water at the exit' }, pin: ORGANISER_PIN });
  await p.locator('#announcement', { hasText: 'Free water at the exit' }).waitFor({ timeout: 2000 });
  await p.close();
});

test('the explanation of a bad bib takes the longest bib from the server\'s limits', async () => {
  const p = await browser.newPage(PHONE);
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.route('**/api/settings', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.limits.bib_max_length = 5;
    await route.fulfill({ response, json: body });
  });
  await p.goto(`${server.url}/status/?bib=${encodeURIComponent('1-2')}`);
  await p.locator('#ask-error', { hasText: 'A bib is 1 to 5 letters or digits.' }).waitFor({ timeout: 5000 });
  await p.close();
});

test('losing the server shows the reconnecting banner, and the page catches up after', async () => {
  const p = await phonePage('704');   // checked in during the call test, first in line now
  await p.locator('#title', { hasText: 'You are next in line' }).waitFor({ timeout: 5000 });
  await server.stop();
  await p.locator('.conn-banner').waitFor({ state: 'visible', timeout: 5000 });
  await server.restart();
  await p.locator('.conn-banner').waitFor({ state: 'hidden', timeout: 15_000 });
  assert.equal((await server.op('ready', { table: 1 })).status, 200);   // changeover done: table 1 calls 704
  await p.locator('#called').waitFor({ state: 'visible', timeout: 2000 });
  await p.close();
  assert.deepEqual(pageErrors, []);
});

// Languages: a second tent, so that the runners here are waiting and then called in a known order.
test('the page speaks the runner\'s language: ?lang=de, else the browser\'s, else English; the announcement too', async () => {
  const tent = await startServer();
  const open = [];
  const page = async (bib, { lang, locale = 'en-GB' } = {}) => {
    const p = await browser.newPage({ ...PHONE, locale });
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.addInitScript(recordVibrate);
    await p.goto(`${tent.url}/status/?bib=${bib}${lang ? `&lang=${lang}` : ''}`);
    open.push(p);
    return p;
  };
  try {
    await tent.op('table_create', { name: 'Table 1' });
    await tent.op('table_create', { name: 'Table 2' });
    for (const bib of ['900', '901']) assert.equal((await tent.api('/api/checkins', { method: 'POST', body: { bib } })).status, 201);
    assert.equal((await tent.api('/api/announcement', { method: 'POST', pin: ORGANISER_PIN,
      body: { text: 'Water at the exit', translations: { de: 'Wasser am Ausgang' } } })).status, 200);

    const de = await page('901', { lang: 'de' });
    await de.locator('#title', { hasText: 'Sie sind Nummer 2 in der Warteschlange' }).waitFor({ timeout: 5000 });
    assert.equal(await de.evaluate(() => document.documentElement.lang), 'de');
    assert.equal(await de.locator('#line1').innerText(), 'Warten, bis ein Tisch frei wird');
    assert.equal(await de.locator('#bib-label').innerText(), 'Startnummer');
    assert.equal(await de.locator('#announcement').innerText(), 'Wasser am Ausgang');
    assert.match(await de.locator('#advice').innerText(), /Trinken Sie etwas Wasser/);
    assert.deepEqual(await axeViolations(de), []);

    const es = await page('900', { locale: 'es-ES' });   // no ?lang: the browser's language
    await es.locator('#title', { hasText: 'Es el siguiente en la fila' }).waitFor({ timeout: 5000 });
    assert.equal(await es.locator('#announcement').innerText(), 'Water at the exit', 'no Spanish text: the main one');

    const en = await page('900', { lang: 'fr', locale: 'fr-FR' });   // not offered: English
    await en.locator('#title', { hasText: 'You are next in line' }).waitFor({ timeout: 5000 });
    assert.equal(await en.evaluate(() => document.documentElement.lang), 'en');

    // A new announcement reaches the open pages live, each in its language.
    assert.equal((await tent.api('/api/announcement', { method: 'POST', pin: ORGANISER_PIN,
      body: { text: 'Showers are open', translations: { de: 'Die Duschen sind offen', es: 'Las duchas están abiertas' } } })).status, 200);
    await de.locator('#announcement', { hasText: 'Die Duschen sind offen' }).waitFor({ timeout: 2000 });
    await es.locator('#announcement', { hasText: 'Las duchas están abiertas' }).waitFor({ timeout: 2000 });
    await en.locator('#announcement', { hasText: 'Showers are open' }).waitFor({ timeout: 2000 });

    // Called, in German: the overlay's words around the table's name.
    await tent.op('open', { table: 1 });   // calls 900
    await tent.op('open', { table: 2 });   // calls 901
    await de.locator('#called').waitFor({ state: 'visible', timeout: 3000 });
    assert.equal(await de.locator('#called-title').textContent(), 'Jetzt zu Table 2');
    assert.equal(await de.locator('#called-ok').innerText(), 'OK, bin unterwegs');
    assert.deepEqual(await axeViolations(de), []);
    await screenshot(de, 'status-called-de');
    await es.locator('#called-title', { hasText: 'Vaya ahora a Table 1' }).waitFor({ timeout: 3000 });
  } finally {
    for (const p of open) await p.close();
    await tent.close();
  }
  assert.deepEqual(pageErrors, []);
});

// WebAudio as a phone has it: suspended until the page has had a tap (recorded here, as
// Playwright's navigation already counts as user activation); tones counted once running.
const fakeBlockedAudio = () => {
  window.__sound = { tones: 0, tapped: false };
  addEventListener('pointerdown', () => { window.__sound.tapped = true; }, { capture: true });
  window.AudioContext = class {
    constructor() { this.state = 'suspended'; this.currentTime = 0; this.destination = {}; }
    resume() { if (window.__sound.tapped) this.state = 'running'; return Promise.resolve(); }
    createOscillator() { return { frequency: {}, connect: (n) => n, start: () => { window.__sound.tones++; }, stop() {} }; }
    createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (n) => n }; }
  };
};

test('when called the phone also rings, once a first tap has turned the sound on', async () => {
  const tent = await startServer();
  const open = [];
  const page = async (bib) => {
    const p = await browser.newPage(PHONE);
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.addInitScript(recordVibrate);
    await p.addInitScript(fakeBlockedAudio);
    await p.goto(`${tent.url}/status/?bib=${bib}`);
    open.push(p);
    return p;
  };
  try {
    await tent.op('table_create', { name: 'Table 1' });
    await tent.op('table_create', { name: 'Table 2' });
    for (const bib of ['950', '951']) assert.equal((await tent.api('/api/checkins', { method: 'POST', body: { bib } })).status, 201);
    const silent = await page('950');
    const loud = await page('951');
    for (const p of [silent, loud]) await p.locator('#sound-on', { hasText: 'Tap to turn on sound' }).waitFor({ timeout: 5000 });
    assert.deepEqual(await axeViolations(loud), []);
    await loud.locator('#sound-on').click();
    await loud.locator('#sound-on').waitFor({ state: 'hidden', timeout: 2000 });

    await tent.op('open', { table: 1 });   // calls 950: buzz and overlay, but no sound without the tap
    await silent.locator('#called').waitFor({ state: 'visible', timeout: 3000 });
    assert.deepEqual(await silent.evaluate(() => [window.__buzzes.length, window.__sound.tones]), [1, 0]);
    assert.equal(await silent.locator('#sound-on').evaluate((b) => b.hidden), false, 'sound is still off');

    await tent.op('open', { table: 2 });   // calls 951: buzz, overlay and a three-note chime
    await loud.locator('#called').waitFor({ state: 'visible', timeout: 3000 });
    await loud.waitForFunction(() => window.__sound.tones === 3, null, { timeout: 2000 });
    assert.equal(await loud.evaluate(() => window.__buzzes.length), 1);
    assert.equal((await tent.op('recall', { table: 2 })).status, 200);   // a recall rings again
    await loud.waitForFunction(() => window.__sound.tones === 6, null, { timeout: 2000 });
  } finally {
    for (const p of open) await p.close();
    await tent.close();
  }
  assert.deepEqual(pageErrors, []);
});
