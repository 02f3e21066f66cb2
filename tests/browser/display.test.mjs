// The big screen (display/): live queue, calls with highlight, table timers, the announcement,
// and that it fits 1920x1080 and 1080x1920 without scrolling from 0 to 60 tables and 200 waiting.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, fitsWithoutScrolling, resizeTo, axeViolations, ORGANISER_PIN } from './harness.mjs';

const LANDSCAPE = { width: 1920, height: 1080 };
const PORTRAIT = { width: 1080, height: 1920 };

let server, browser, page;
const pageErrors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: LANDSCAPE });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/display/`);
  await page.locator('#tables-empty').waitFor({ state: 'visible', timeout: 5000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const text = (sel) => page.locator(sel).innerText();

async function fitsBoth() {
  const out = {};
  for (const [name, vp] of [['landscape', LANDSCAPE], ['portrait', PORTRAIT]]) {
    await resizeTo(page, vp);
    out[name] = { fits: await fitsWithoutScrolling(page), clipped: await clippedCells() };
  }
  await resizeTo(page, LANDSCAPE);
  return out;
}

// Table cells and queue rows whose text does not fit their box, or that lie outside the viewport.
function clippedCells() {
  return page.evaluate(() => [...document.querySelectorAll('.table, .next-item:not([hidden]), .call:not([hidden])')]
    .filter((el) => {
      const r = el.getBoundingClientRect();
      const outside = r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.height < 10;
      const overflow = [...el.children].some((c) => !c.matches('.visually-hidden') && c.scrollHeight > c.clientHeight + 2 && c.clientHeight > 0);
      return outside || overflow || el.scrollHeight > el.clientHeight + 2;
    }).map((el) => el.textContent));
}

test('with no tables and nobody waiting the screen says so and fits both orientations', async () => {
  assert.match(await text('#next-empty'), /No one waiting/);
  assert.match(await text('#calls-empty'), /Watch this screen/);
  assert.match(await text('#new-wait'), /table opens/);
  const fit = await fitsBoth();
  assert.deepEqual(fit, { landscape: { fits: true, clipped: [] }, portrait: { fits: true, clipped: [] } });
});

test('a bib checked in through the API appears in "next in line" within a second', async () => {
  const res = await server.api('/api/checkins', { method: 'POST', body: { bib: '4321' } });
  assert.equal(res.status, 201);
  await page.waitForFunction(() => [...document.querySelectorAll('#next-list .next-item:not([hidden])')]
    .some((li) => li.querySelector('.bib').textContent === '4321' && li.querySelector('.pos').textContent === '1'), null, { timeout: 1000 });
  assert.match(await text('#waiting-count'), /1 waiting/);
});

test('opening a table calls the head of the line: "now calling" shows bib and table, highlighted', async () => {
  const created = await server.op('table_create', { name: 'Table 1' });
  assert.equal((await server.op('open', { table: created.body.table.id })).status, 200);
  const first = page.locator('#calls .call').first();
  await first.locator('.bib', { hasText: '4321' }).waitFor({ timeout: 2000 });
  assert.equal(await first.locator('.dest').innerText(), 'Table 1');
  assert.ok(await first.evaluate((li) => li.classList.contains('highlight')), 'the new call is highlighted');
  assert.equal(await page.locator('#next-empty').isVisible(), true, 'the called bib left "next in line"');
  const cell = page.locator('.table').first();
  assert.equal(await cell.getAttribute('data-state'), 'called');
  assert.equal(await cell.locator('.t-state').innerText(), 'Calling');
  assert.equal(await cell.locator('.t-detail').innerText(), '4321');
});

test('the highlight ends after about 10 s and a recall brings it back', async () => {
  const first = page.locator('#calls .call').first();
  await page.waitForFunction(() => !document.querySelector('#calls .call').classList.contains('highlight'), null, { timeout: 13_000 });
  assert.equal((await server.op('recall', { table: 1 })).status, 200);
  await page.waitForFunction(() => document.querySelector('#calls .call').classList.contains('highlight'), null, { timeout: 2000 });
  assert.equal(await first.locator('.bib').innerText(), '4321');
});

test('arrived: the table shows "in session" with a timer that counts up', async () => {
  assert.equal((await server.op('arrived', { table: 1 })).status, 200);
  const cell = page.locator('.table').first();
  await page.waitForFunction(() => document.querySelector('.table').dataset.state === 'in_session', null, { timeout: 2000 });
  assert.match(await cell.locator('.t-state').innerText(), /In session/);
  const seconds = (s) => { const [m, ss] = s.split(':').map(Number); return m * 60 + ss; };
  const start = seconds(await cell.locator('.t-detail').innerText());
  assert.ok(start >= 0 && start < 5, `timer starts near 0:00, got ${start}`);
  await page.waitForFunction((s0) => {
    const [m, ss] = document.querySelector('.table .t-detail').textContent.split(':').map(Number);
    return m * 60 + ss >= s0 + 2;
  }, start, { timeout: 4000 });
  assert.equal(await page.locator('#calls').isVisible(), false, 'no call is left on screen');
});

test('the organisers\' announcement appears in a banner', async () => {
  const msg = 'Water and bananas are by the exit. Medical tent behind the finish arch.';
  assert.equal((await server.api('/api/announcement', { method: 'POST', body: { text: msg }, pin: ORGANISER_PIN })).status, 200);
  await page.locator('#announcement', { hasText: msg }).waitFor({ timeout: 2000 });
  assert.equal(await page.locator('#announcement').isVisible(), true);
});

test('with 5 tables in every state and a short line it fits both orientations', async () => {
  for (let i = 2; i <= 5; i++) await server.op('table_create', { name: `Table ${i}` });
  // One after another: the line's order (505 next after the calls below) is the order of check-in.
  for (const bib of ['501', '502', '503', '504', '505', '506', '507']) await server.api('/api/checkins', { method: 'POST', body: { bib } });
  for (const id of [2, 3, 4]) await server.op('open', { table: id });
  await server.op('arrived', { table: 2 });
  await server.op('finish', { table: 2 });  // changeover
  await server.op('open', { table: 5 });
  await server.op('arrived', { table: 5 });
  await page.waitForFunction(() => document.querySelectorAll('.table').length === 5
    && document.querySelector('#next-list .next-item:not([hidden]) .bib')?.textContent === '505', null, { timeout: 10_000 });
  const states = await page.locator('.table').evaluateAll((els) => els.map((el) => el.dataset.state));
  assert.deepEqual(states, ['in_session', 'changeover', 'called', 'called', 'in_session']);
  assert.match(await text('#new-wait'), /min|under a minute/);
  await screenshot(page, 'display-landscape');
  await resizeTo(page, PORTRAIT);
  await screenshot(page, 'display-portrait');
  const fit = await fitsBoth();
  assert.deepEqual(fit, { landscape: { fits: true, clipped: [] }, portrait: { fits: true, clipped: [] } });
});

// Fakes for WebAudio and speech, installed before the page's scripts: they record what would sound.
const fakeSound = () => {
  window.__sound = { tones: 0, spoken: [] };
  window.AudioContext = class {
    constructor() { this.state = 'running'; this.currentTime = 0; this.destination = {}; }
    resume() { return Promise.resolve(); }
    createOscillator() { return { frequency: {}, connect: (n) => n, start: () => { window.__sound.tones++; }, stop() {} }; }
    createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (n) => n }; }
  };
  const voices = [{ name: 'network', lang: 'en-US', localService: false }, { name: 'local', lang: 'en-GB', localService: true }];
  Object.defineProperty(window, 'speechSynthesis', { value: { getVoices: () => voices, speak: (u) => window.__sound.spoken.push(`${u.voice.name}: ${u.text}`) } });
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
};

test('with ?chime=1&speak=1 a call chimes once and is spoken with a local voice', async () => {
  const loud = await browser.newPage({ viewport: LANDSCAPE });
  loud.on('pageerror', (e) => pageErrors.push(e.message));
  await loud.addInitScript(fakeSound);
  await loud.goto(`${server.url}/display/?chime=1&speak=1`);
  await loud.locator('.table').first().waitFor({ timeout: 5000 });
  const called = await server.op('ready', { table: 2 });   // changeover done: auto-assign calls the head of the line
  assert.equal(called.body.table.state, 'called');
  const bib = called.body.table.bib;
  await loud.waitForFunction(() => window.__sound.spoken.length > 0, null, { timeout: 3000 });
  assert.deepEqual(await loud.evaluate(() => window.__sound), { tones: 2, spoken: [`local: Bib ${[...bib].join(' ')}, Table 2`] });
  await loud.close();
});

// The browser's autoplay block: the AudioContext stays suspended until the page has had a tap
// (recorded here, as Playwright's navigation already counts as user activation).
const fakeBlockedSound = () => {
  window.__sound = { tones: 0, resumes: 0, tapped: false };
  addEventListener('pointerdown', () => { window.__sound.tapped = true; }, { capture: true });
  window.AudioContext = class {
    constructor() { this.state = 'suspended'; this.currentTime = 0; this.destination = {}; }
    resume() {
      window.__sound.resumes++;
      if (window.__sound.tapped) this.state = 'running';
      return Promise.resolve();
    }
    createOscillator() { return { frequency: {}, connect: (n) => n, start: () => { if (this.state === 'running') window.__sound.tones++; }, stop() {} }; }
    createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (n) => n }; }
  };
};

test('by default every call chimes (no speech), and the header says the sound is on', async () => {
  const p = await browser.newPage({ viewport: LANDSCAPE });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.addInitScript(fakeSound);
  await p.goto(`${server.url}/display/`);
  await p.locator('#sound-state', { hasText: 'Sound on' }).waitFor({ timeout: 5000 });
  assert.equal(await p.locator('#sound-prompt').isVisible(), false, 'no prompt when the browser allows sound');
  const first = (await server.op('recall', { table: 3 })).status;
  assert.equal(first, 200);
  await p.waitForFunction(() => window.__sound.tones === 2, null, { timeout: 3000 });
  assert.deepEqual(await p.evaluate(() => window.__sound.spoken), []);
  // ?chime=0 turns it off: no chime and no indicator.
  await p.goto(`${server.url}/display/?chime=0`);
  await p.locator('.table').first().waitFor({ timeout: 5000 });
  assert.equal((await server.op('recall', { table: 3 })).status, 200);
  await p.locator('#calls .call.highlight').first().waitFor({ timeout: 3000 });
  await p.waitForTimeout(600);   // longer than the announcer gathers calls before it sounds
  assert.equal(await p.evaluate(() => window.__sound.tones), 0);
  assert.equal(await p.locator('#sound-state').isVisible(), false);
  await p.close();
});

test('when the browser blocks sound, a one-time "tap to enable sound" prompt turns it on', async () => {
  const p = await browser.newPage({ viewport: LANDSCAPE });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.addInitScript(fakeBlockedSound);
  await p.goto(`${server.url}/display/`);
  const prompt = p.locator('#sound-prompt');
  await prompt.waitFor({ state: 'visible', timeout: 5000 });
  assert.equal(await prompt.innerText(), 'Tap to enable sound');
  assert.equal(await p.locator('#sound-state').innerText(), 'Sound off');
  assert.deepEqual(await axeViolations(p), []);
  await screenshot(p, 'display-sound-prompt');
  // A call before the tap makes no sound (the browser would drop it).
  assert.equal((await server.op('recall', { table: 3 })).status, 200);
  await p.locator('#calls .call.highlight').first().waitFor({ timeout: 3000 });
  await p.waitForTimeout(600);
  assert.equal(await p.evaluate(() => window.__sound.tones), 0);
  await prompt.click();
  await prompt.waitFor({ state: 'hidden', timeout: 2000 });
  await p.locator('#sound-state', { hasText: 'Sound on' }).waitFor({ timeout: 2000 });
  assert.equal((await server.op('recall', { table: 3 })).status, 200);
  await p.waitForFunction(() => window.__sound.tones === 2, null, { timeout: 3000 });
  // Once on, it stays on: the prompt does not come back.
  await p.waitForTimeout(500);
  assert.equal(await prompt.isVisible(), false);
  await p.close();
});

test('60 tables and 200 waiting still fit without scrolling, and re-rendering adds no nodes', async () => {
  for (let i = 6; i <= 60; i++) await server.op('table_create', { name: `Table ${i}` });
  // Opening tables calls runners, so check in 200 + the tables that will call.
  const bibs = Array.from({ length: 250 }, (_, i) => String(10000 + i));
  for (let i = 0; i < bibs.length; i += 25) {
    await Promise.all(bibs.slice(i, i + 25).map((bib) => server.api('/api/checkins', { method: 'POST', body: { bib } })));
  }
  for (let id = 6; id <= 50; id += 15) {
    await Promise.all(Array.from({ length: 15 }, (_, k) => server.op('open', { table: id + k })));
  }
  await Promise.all([6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((table) => server.op('arrived', { table })));
  const waiting = (await server.api('/api/state')).body.queue.length;
  assert.ok(waiting >= 200, `at least 200 waiting, got ${waiting}`);
  await page.waitForFunction((n) => document.querySelectorAll('.table').length === 60
    && document.querySelector('#waiting-count').textContent.includes(`${n} waiting`), waiting, { timeout: 5000 });
  assert.match(await text('#calls-more'), /more called/);
  await screenshot(page, 'display-60-tables');
  const fit = await fitsBoth();
  assert.deepEqual(fit, { landscape: { fits: true, clipped: [] }, portrait: { fits: true, clipped: [] } });

  const nodes = () => page.evaluate(() => document.getElementsByTagName('*').length);
  const before = await nodes();
  const clock = await page.locator('.table[data-state="in_session"] .t-detail').first().innerText();
  await page.waitForFunction((c) => document.querySelector('.table[data-state="in_session"] .t-detail').textContent !== c, clock, { timeout: 3000 });
  assert.equal(await nodes(), before, 'a tick re-render reuses the nodes');
  assert.deepEqual(pageErrors, []);
});

test('with ?langs=en,de the fixed labels alternate between English and German, the announcement with them', async () => {
  assert.equal((await server.api('/api/announcement', { method: 'POST', pin: ORGANISER_PIN,
    body: { text: 'Water at the exit', translations: { de: 'Wasser am Ausgang' } } })).status, 200);
  const p = await browser.newPage({ viewport: LANDSCAPE });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.goto(`${server.url}/display/?langs=en,de&chime=0`);
  const title = (text) => p.waitForFunction((t) => document.getElementById('calling-title').textContent === t, text, { timeout: 10_000 });
  await title('Aufgerufen');
  assert.equal(await p.evaluate(() => document.documentElement.lang), 'de');
  assert.equal(await p.locator('#next-title-text').textContent(), 'Als Nächstes');
  assert.equal(await p.locator('#announcement').innerText(), 'Wasser am Ausgang');
  assert.ok((await p.locator('.t-state').allInnerTexts()).includes('Aufruf'));
  assert.deepEqual(await axeViolations(p), []);
  await screenshot(p, 'display-german');
  await title('Now calling');
  assert.equal(await p.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await p.locator('#announcement').innerText(), 'Water at the exit');
  // Without the option: English only, and it stays so.
  await p.goto(`${server.url}/display/?chime=0`);
  await p.locator('.table').first().waitFor({ timeout: 5000 });
  await p.waitForTimeout(6500);
  assert.equal(await p.locator('#calling-title').textContent(), 'Now calling');
  await p.close();
});

test('the organiser writes the announcement once and per kiosk language; the display shows the German one in German', async () => {
  const org = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  org.on('pageerror', (e) => pageErrors.push(e.message));
  await org.goto(`${server.url}/organiser/`);
  await org.fill('#pin', ORGANISER_PIN);
  await org.click('#signin-form button');
  await org.locator('#view-live').waitFor({ timeout: 5000 });
  await org.click('nav [data-view="announce"]');
  const labels = await org.locator('#announce-langs label').allInnerTexts();
  assert.deepEqual(labels, ['Deutsch (de)', 'English (en)', 'Español (es)'], 'one field per kiosk language');
  await org.fill('#announce-text', 'Massage tent closes at 16:00');
  await org.getByLabel('Deutsch (de)').fill('Das Massagezelt schließt um 16:00');
  await org.click('#announce-form button[type=submit]');
  await org.locator('#announce-status', { hasText: 'Posted' }).waitFor({ timeout: 3000 });
  const state = (await server.api('/api/state')).body;
  assert.equal(state.announcement, 'Massage tent closes at 16:00');
  assert.deepEqual(state.announcement_translations, { de: 'Das Massagezelt schließt um 16:00' });
  await org.close();

  const p = await browser.newPage({ viewport: LANDSCAPE });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.goto(`${server.url}/display/?langs=de&chime=0`);
  await p.locator('#announcement', { hasText: 'Das Massagezelt schließt um 16:00' }).waitFor({ timeout: 5000 });
  await p.goto(`${server.url}/display/?langs=es&chime=0`);   // no Spanish text: the main one
  await p.waitForFunction(() => document.getElementById('calling-title').textContent === 'Llamando', null, { timeout: 5000 });
  assert.equal(await p.locator('#announcement').innerText(), 'Massage tent closes at 16:00');
  await p.close();
});

// Read from 5 m: font sizes measured on a second tent (20 tables, then 60), in both orientations.
// The smallest computed font-size (px) of the visible elements matching `sel`, and how many there are.
const fontOf = (p, sel) => p.evaluate((s) => {
  const els = [...document.querySelectorAll(s)].filter((el) => el.offsetParent !== null && el.getClientRects().length);
  return { n: els.length, min: Math.min(...els.map((el) => parseFloat(getComputedStyle(el).fontSize))) };
}, sel);
const visibleText = (p, sel) => p.locator(sel).evaluateAll((els) => els.filter((el) => el.offsetParent !== null).map((el) => el.textContent));

async function sizesBoth(p, name) {
  const out = {};
  for (const [o, vp] of [['landscape', LANDSCAPE], ['portrait', PORTRAIT]]) {
    await resizeTo(p, vp);
    await p.evaluate(() => new Promise((r) => setTimeout(r, 50)));   // the once-a-second render may reflow
    out[o] = {
      calls: await fontOf(p, '#calls .call .bib'), compact: await fontOf(p, '#calls-compact .bib'),
      next: await fontOf(p, '#next-list .next-item .bib'),
      nextSlots: await p.locator('#next-list .next-item').count(),
      tableName: await fontOf(p, '.table .t-name'), tableState: await fontOf(p, '.table .t-state'),
      fits: await fitsWithoutScrolling(p), clipped: await p.evaluate(clippedCellsIn),
      axe: await axeViolations(p),
    };
    if (name) await screenshot(p, `${name}-${o}`);
  }
  await resizeTo(p, LANDSCAPE);
  return out;
}

function clippedCellsIn() {
  return [...document.querySelectorAll('.table, .next-item:not([hidden]), .call:not([hidden]), .compact-call:not([hidden])')]
    .filter((el) => {
      const r = el.getBoundingClientRect();
      const outside = r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.height < 10;
      const overflow = [...el.children].some((c) => !c.matches('.visually-hidden') && c.scrollHeight > c.clientHeight + 2 && c.clientHeight > 0);
      const cut = [...el.querySelectorAll('.bib')].some((b) => b.scrollWidth > b.clientWidth + 1);
      const outsidePanel = [el.closest('ol, ul'), el.closest('.panel')].some((box) => {
        const b = box.getBoundingClientRect();
        return r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.right > b.right + 1;
      });
      return outside || outsidePanel || overflow || cut || el.scrollHeight > el.clientHeight + 2;
    }).map((el) => el.textContent);
}

test('read from 5 m: call bibs >= 120 px (1 and 8 calls), waiting bibs >= 80 px, tables >= 40 px, oldest call first, the line pages', async () => {
  const tent = await startServer();
  const p = await browser.newPage({ viewport: LANDSCAPE });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    for (let i = 1; i <= 20; i++) await tent.op('table_create', { name: `Table ${i}` });
    const bibs = Array.from({ length: 21 }, (_, i) => String(20000 + i));
    for (const bib of bibs) assert.equal((await tent.api('/api/checkins', { method: 'POST', body: { bib } })).status, 201);
    await p.goto(`${tent.url}/display/`);
    await tent.op('open', { table: 1 });
    await p.waitForFunction(() => document.querySelectorAll('#calls .call:not([hidden])').length === 1
      && document.querySelector('#waiting-count').textContent.includes('20 waiting'), null, { timeout: 5000 });

    // 1 call, 20 waiting, 20 tables: everything large, and the whole line on screen (or paged).
    let m = await sizesBoth(p);
    for (const o of ['landscape', 'portrait']) {
      assert.equal(m[o].calls.n, 1);
      assert.ok(m[o].calls.min >= 120, `${o}: the call bib is ${m[o].calls.min} px`);
      assert.ok(m[o].next.min >= 80, `${o}: waiting bibs are ${m[o].next.min} px`);
      assert.ok(m[o].tableName.min >= 40 && m[o].tableState.min >= 40, `${o}: tables ${m[o].tableName.min}/${m[o].tableState.min} px`);
      assert.equal(m[o].tableName.n, 20);
      assert.deepEqual([m[o].fits, m[o].clipped, m[o].axe], [true, [], []], o);
    }

    // 200 more and 7 more tables open: 8 calls, oldest first, 213 waiting, paged.
    const more = Array.from({ length: 200 }, (_, i) => String(30000 + i));
    for (let i = 0; i < more.length; i += 25) {
      await Promise.all(more.slice(i, i + 25).map((bib) => tent.api('/api/checkins', { method: 'POST', body: { bib } })));
    }
    for (let id = 2; id <= 8; id++) await tent.op('open', { table: id });
    await p.waitForFunction(() => document.querySelectorAll('#calls .call:not([hidden])').length === 8
      && document.querySelector('#waiting-count').textContent.includes('213 waiting'), null, { timeout: 5000 });
    const state = (await tent.api('/api/state')).body;
    const oldestFirst = state.tables.filter((t) => t.state === 'called')
      .sort((a, b) => a.called_at - b.called_at || a.id - b.id).map((t) => t.bib);
    assert.deepEqual(await visibleText(p, '#calls .call .bib'), oldestFirst);
    assert.equal(oldestFirst[0], '20000', 'the first call made is shown first');
    m = await sizesBoth(p, 'display-8-calls');
    for (const o of ['landscape', 'portrait']) {
      assert.equal(m[o].calls.n, 8);
      assert.ok(m[o].calls.min >= 120, `${o}: call bibs are ${m[o].calls.min} px with 8 calls`);
      assert.ok(m[o].next.min >= 80, `${o}: waiting bibs are ${m[o].next.min} px with 213 waiting`);
      assert.ok(m[o].nextSlots >= 4, `${o}: at least 4 waiting bibs on a page, got ${m[o].nextSlots}`);
      assert.ok(m[o].tableName.min >= 40 && m[o].tableState.min >= 40, `${o}: tables ${m[o].tableName.min}/${m[o].tableState.min} px`);
      assert.deepEqual([m[o].fits, m[o].clipped, m[o].axe], [true, [], []], o);
    }
    // The line does not fit: it says how many are not shown, and turns the page.
    const shown = (await visibleText(p, '#next-list .next-item .bib')).length;
    const [, notShown] = (await p.locator('#next-more').innerText()).match(/^\+(\d+) more — check the kiosk or your phone \(\d+\/\d+\)$/);
    assert.equal(Number(notShown), 213 - shown);
    const firstPos = () => p.locator('#next-list .next-item:not([hidden]) .pos').first().innerText();
    const before = await firstPos();
    await p.waitForFunction((b) => document.querySelector('#next-list .next-item:not([hidden]) .pos').textContent !== b, before, { timeout: 10_000 });
    // The page size is the number of slots (the last page may show fewer).
    const size = await p.locator('#next-list .next-item').count();
    const after = Number(await firstPos());
    assert.equal((after - 1) % size, 0, `a page starts at a multiple of the page size (${size}), got ${after}`);
    assert.equal((Number(before) - 1) % size, 0);

    // 12 calls: the oldest 8 large, the other 4 in the compact list (>= 64 px), none left out.
    for (let id = 9; id <= 12; id++) await tent.op('open', { table: id });
    await p.waitForFunction(() => document.querySelectorAll('#calls-compact .compact-call:not([hidden])').length === 4, null, { timeout: 5000 });
    const called = (await tent.api('/api/state')).body.tables.filter((t) => t.state === 'called')
      .sort((a, b) => a.called_at - b.called_at || a.id - b.id).map((t) => t.bib);
    assert.equal(called.length, 12);
    m = await sizesBoth(p, 'display-12-calls');
    for (const o of ['landscape', 'portrait']) {
      assert.equal(m[o].calls.n, 8);
      assert.ok(m[o].calls.min >= 120, `${o}: large call bibs are ${m[o].calls.min} px with 12 calls`);
      assert.equal(m[o].compact.n, 4);
      assert.ok(m[o].compact.min >= 64, `${o}: compact call bibs are ${m[o].compact.min} px`);
      assert.ok(m[o].next.min >= 80 && m[o].nextSlots >= 2, `${o}: ${m[o].nextSlots} waiting bibs of ${m[o].next.min} px`);
      assert.ok(m[o].tableName.min >= 40 && m[o].tableState.min >= 40, `${o}: tables ${m[o].tableName.min}/${m[o].tableState.min} px`);
      assert.deepEqual([m[o].fits, m[o].clipped, m[o].axe], [true, [], []], o);
    }
    assert.deepEqual([...await visibleText(p, '#calls .call .bib'), ...await visibleText(p, '#calls-compact .bib')], called);
    assert.equal(await p.locator('#calls-more').isVisible(), false);

    // The oldest call is answered: it leaves, the others move up, still oldest first.
    assert.equal((await tent.op('arrived', { table: 1 })).status, 200);
    await p.waitForFunction((b) => document.querySelector('#calls .call .bib').textContent === b, called[1], { timeout: 3000 });
    assert.deepEqual([...await visibleText(p, '#calls .call .bib'), ...await visibleText(p, '#calls-compact .bib')], called.slice(1));

    // 60 tables: a compact grid; the large call bibs and waiting bibs keep their size.
    for (let i = 21; i <= 60; i++) await tent.op('table_create', { name: `Table ${i}` });
    await p.waitForFunction(() => document.querySelectorAll('.table').length === 60, null, { timeout: 5000 });
    m = await sizesBoth(p, 'display-60-tables-11-calls');
    for (const o of ['landscape', 'portrait']) {
      assert.ok(m[o].calls.min >= 120 && m[o].compact.min >= 64, `${o}: calls ${m[o].calls.min}/${m[o].compact.min} px`);
      assert.ok(m[o].next.min >= 80 && m[o].nextSlots >= 2, `${o}: ${m[o].nextSlots} waiting bibs of ${m[o].next.min} px`);
      assert.equal(m[o].tableName.n, 60);
      assert.deepEqual([m[o].fits, m[o].clipped, m[o].axe], [true, [], []], o);
    }
  } finally {
    await p.close();
    await tent.close();
  }
});

// Every box on the screen (header, banner, panels) inside the window and apart from the others, and
// every visible element inside its box: nothing overflows a panel (up or down) and no title is cut
// or pushed out. Returns the faults as sentences; empty means the layout holds.
function layoutFaults() {
  const faults = [];
  const boxes = [...document.querySelectorAll('#screen > .top, #screen > .banner, #screen > .panel')]
    .filter((el) => el.getClientRects().length);
  const name = (el) => el.id || el.className;
  const shown = (el) => el.getClientRects().length && !el.closest('.visually-hidden, [hidden]');
  const rects = boxes.map((b) => b.getBoundingClientRect());
  boxes.forEach((box, i) => {
    const b = rects[i];
    if (b.top < -1 || b.left < -1 || b.bottom > innerHeight + 1 || b.right > innerWidth + 1) faults.push(`${name(box)} leaves the window`);
    rects.forEach((o, j) => {
      if (j > i && b.left < o.right - 1 && o.left < b.right - 1 && b.top < o.bottom - 1 && o.top < b.bottom - 1) faults.push(`${name(box)} overlaps ${name(boxes[j])}`);
    });
    for (const el of box.querySelectorAll('*')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.left < b.left - 1 || r.right > b.right + 1) {
        faults.push(`${name(el)} "${el.textContent.slice(0, 20)}" sticks out of ${name(box)} (${Math.round(r.top)}..${Math.round(r.bottom)} in ${Math.round(b.top)}..${Math.round(b.bottom)})`);
      }
    }
    for (const title of box.querySelectorAll('.panel-title')) {
      if (shown(title) && (title.scrollWidth > title.clientWidth + 1 || title.scrollHeight > title.clientHeight + 1)) faults.push(`the title ${title.id} is cut`);
    }
  });
  const ann = document.getElementById('announcement');
  if (ann.textContent && ann.scrollHeight > ann.clientHeight + 1) faults.push('the announcement is cut');
  return faults;
}

// The bibs on screen in "now calling" (large cards, then the compact list), and its "+N more" line.
const callsOnScreen = (p) => p.evaluate(() => {
  const bibs = (sel) => [...document.querySelectorAll(sel)].filter((el) => el.offsetParent !== null).map((el) => el.textContent);
  const more = document.getElementById('calls-more');
  return { large: bibs('#calls .call .bib'), compact: bibs('#calls-compact .compact-call .bib'), more: more.offsetParent ? more.textContent : '' };
});

test('extreme state (35 unanswered calls, 60 tables, 200 waiting, the longest announcement): every panel keeps its title and content, and the compact calls page through every call', async () => {
  const tent = await startServer();
  const p = await browser.newPage({ viewport: LANDSCAPE });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    for (let i = 1; i <= 60; i++) await tent.op('table_create', { name: `Table ${i}` });
    const bibs = Array.from({ length: 235 }, (_, i) => String(40000 + i));
    for (let i = 0; i < bibs.length; i += 25) {
      await Promise.all(bibs.slice(i, i + 25).map((bib) => tent.api('/api/checkins', { method: 'POST', body: { bib } })));
    }
    const max = (await tent.api('/api/state')).body.limits.text_max_length;
    const words = 'Water, bananas and foil blankets are by the exit. The medical tent is behind the finish arch. Please keep your bib on until you have been called. ';
    const announcement = words.repeat(Math.ceil(max / words.length)).slice(0, max - 1).trimEnd() + '.';
    assert.equal((await tent.api('/api/announcement', { method: 'POST', body: { text: announcement }, pin: ORGANISER_PIN })).status, 200);
    for (let id = 1; id <= 35; id++) assert.equal((await tent.op('open', { table: id })).status, 200);
    const state = (await tent.api('/api/state')).body;
    const called = state.tables.filter((t) => t.state === 'called').sort((a, b) => a.called_at - b.called_at || a.id - b.id).map((t) => t.bib);
    assert.equal(called.length, 35);
    assert.equal(state.queue.length, 200);

    await p.clock.install();   // the page's clock runs on until the test takes it in hand to turn the pages
    await p.goto(`${tent.url}/display/?chime=0`);
    await p.waitForFunction(() => document.querySelectorAll('.table').length === 60
      && document.querySelector('#waiting-count').textContent.includes('200 waiting')
      && document.querySelectorAll('#calls .call:not([hidden])').length === 8, null, { timeout: 5000 });

    const m = await sizesBoth(p, 'display-extreme');
    for (const [o, vp] of [['landscape', LANDSCAPE], ['portrait', PORTRAIT]]) {
      await resizeTo(p, vp);
      assert.deepEqual(await p.evaluate(layoutFaults), [], `${o}: the layout holds`);
      assert.equal(m[o].calls.n, 8);
      assert.ok(m[o].calls.min >= 120, `${o}: large call bibs are ${m[o].calls.min} px`);
      assert.ok(m[o].compact.n >= 1 && m[o].compact.min >= 64, `${o}: ${m[o].compact.n} compact call bibs of ${m[o].compact.min} px`);
      assert.ok(m[o].next.min >= 80 && m[o].nextSlots >= 2, `${o}: ${m[o].nextSlots} waiting bibs of ${m[o].next.min} px`);
      assert.equal(m[o].tableName.n, 60);
      assert.deepEqual([m[o].fits, m[o].clipped, m[o].axe], [true, [], []], o);

      // Turn the pages of the compact list (every PAGE_MS) through a whole cycle: the large cards
      // stay the oldest 8, each page shows the next calls in order and says how many are not shown,
      // and every call is on screen at some point.
      // The page's clock stands still between turns, so a page cannot turn on its own mid-check.
      await p.clock.pauseAt(await p.evaluate(() => Date.now() + 1000));
      const seen = new Set();
      let first = null;
      for (let turn = 0; turn < 12; turn++) {
        const now = await callsOnScreen(p);
        assert.deepEqual(now.large, called.slice(0, 8), `${o}: the oldest 8 stay large`);
        assert.ok(now.compact.length >= 1, `${o}: the compact list shows calls`);
        const at = called.indexOf(now.compact[0]);
        assert.deepEqual(now.compact, called.slice(at, at + now.compact.length), `${o}: a page is a run of calls, oldest first`);
        const notShown = 35 - 8 - now.compact.length;
        assert.match(now.more, new RegExp(`^· \\+${notShown} more called \\(\\d+/\\d+\\)$`), `${o}: the "+N more" line counts the calls not shown`);
        assert.deepEqual(await p.evaluate(layoutFaults), [], `${o}: the layout holds on every page`);
        if (first === now.compact[0]) break;
        first ??= now.compact[0];
        now.compact.forEach((b) => seen.add(b));
        await p.clock.fastForward(8_000);
        await p.waitForFunction((b) => document.querySelector('#calls-compact .compact-call:not([hidden]) .bib')?.textContent !== b
          || document.getElementById('calls-more').textContent.endsWith('(1/1)'), now.compact[0], { timeout: 3000 });
      }
      assert.deepEqual(called.filter((b) => !seen.has(b) && !called.slice(0, 8).includes(b)), [], `${o}: every call is on screen within a cycle`);
      await p.clock.resume();
    }
    assert.deepEqual(pageErrors, []);
  } finally {
    await p.close();
    await tent.close();
  }
});

test('30 unanswered calls and nobody waiting: the compact calls keep their room and their whole bibs in both orientations', async () => {
  const tent = await startServer();
  const p = await browser.newPage({ viewport: LANDSCAPE });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    for (let i = 1; i <= 40; i++) await tent.op('table_create', { name: `Table ${i}` });
    for (let i = 0; i < 30; i++) assert.equal((await tent.api('/api/checkins', { method: 'POST', body: { bib: String(50000 + i) } })).status, 201);
    for (let id = 1; id <= 30; id++) assert.equal((await tent.op('open', { table: id })).status, 200);
    await p.goto(`${tent.url}/display/?chime=0`);
    await p.waitForFunction(() => document.querySelectorAll('.table').length === 40 && document.querySelectorAll('#calls .call:not([hidden])').length === 8
      && !document.getElementById('next-empty').hidden, null, { timeout: 5000 });
    const m = await sizesBoth(p, 'display-30-calls-none-waiting');
    for (const [o, vp] of [['landscape', LANDSCAPE], ['portrait', PORTRAIT]]) {
      await resizeTo(p, vp);
      assert.deepEqual(await p.evaluate(layoutFaults), [], `${o}: the layout holds`);
      assert.ok(m[o].calls.min >= 120 && m[o].compact.n >= 4 && m[o].compact.min >= 64, `${o}: ${m[o].compact.n} compact calls of ${m[o].compact.min} px`);
      assert.deepEqual([m[o].fits, m[o].clipped, m[o].axe], [true, [], []], o);
    }
    assert.deepEqual(pageErrors, []);
  } finally {
    await p.close();
    await tent.close();
  }
});
