// The kiosk page against a real server: the bib typed on the start screen's keypad, then check in
// (taps counted), where am I or leave; the bib checked before any question, the one-screen triage
// and its "Are you sure?", scanner input, refusals, languages, buttons that stay on screen under a
// long announcement, the QR's language, axe on every screen and state (booting and "Checking you
// in…" too), network retries with one request id, the kiosk key, and the inactivity reset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, openTables, fitsWithoutScrolling, resizeTo, axeViolations, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

const LANDSCAPE = { width: 1280, height: 800 };
const PORTRAIT = { width: 800, height: 1280 };
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await openTables(server, 1);
  // Table 1 is busy calling bib 900, so runners checking in from now on wait in line.
  await server.api('/api/checkins', { method: 'POST', body: { bib: '900' } });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openKiosk(t, { query = '', viewport = LANDSCAPE, base = server } = {}) {
  const context = await browser.newContext({ viewport });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${base.url}/kiosk/${query}`);
  await screen(page, 'start');
  await page.waitForFunction(() => !document.getElementById('start-wait-value').textContent.endsWith('…'));
  return page;
}

const screen = (page, name, timeout = 5000) => page.waitForSelector(`#screen-${name}:not([hidden])`, { timeout });
const text = (page, selector) => page.locator(selector).innerText();

async function keypad(page, bib) {
  for (const key of bib) await page.click(`.keypad button[data-key="${key}"]`);
}

// The triage screen: "None of these apply", or the red flag's tile and "Yes" on "Are you sure?".
// Either one submits the check-in.
async function answerTriage(page, flag = null) {
  if (!flag) return page.click('#triage-none');
  await page.click(`#questions .flag[data-question="${flag}"]`);
  await screen(page, 'confirm');
  await page.click('#confirm-yes');
}

// Bib by keyboard on the start screen (as a scanner: Enter is a check-in), no areas, triage
// answered (and so submitted).
async function checkIn(page, bib, flag = null) {
  await page.keyboard.type(bib);
  await page.keyboard.press('Enter');
  await screen(page, 'areas');
  await page.click('#areas-next');
  await screen(page, 'triage');
  await answerTriage(page, flag);
}

// Words a runner sees on the page now (what innerText renders: hidden screens are not counted).
const visibleWords = (page) => page.evaluate(() => document.body.innerText.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length);

// The screen state's landmarks and headings as axe and a screen reader meet them.
async function assertAccessible(page, state) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${state}`);
  const shape = await page.evaluate(() => ({
    mains: document.querySelectorAll('main').length,
    h1s: [...document.querySelectorAll('h1')].filter((h) => h.checkVisibility()).length,
  }));
  assert.deepEqual(shape, { mains: 1, h1s: 1 }, `one main and one visible h1 on ${state}`);
}

async function staffQueue() {
  const state = await server.api('/api/state', { pin: VOLUNTEER_PIN });
  return state.body.queue;
}

// Taps are what the runner's finger does: every click on the page (a keypad digit is one tap). The
// typical check-in starts on the start screen with the bib: a 4-digit bib on the keypad → "Check in
// for a massage" → one focus area → Next → "None of these apply": 4 + 1 + 1 + 1 + 1 = 8 (the six
// YES/NO questions made it 14–16). "Where am I in line?" is the bib and that button: 4 + 1 = 5.
const ACTIONS = ['#start-checkin', '#start-where', '#start-leave'];
const disabled = (page) => Promise.all(ACTIONS.map((a) => page.getAttribute(a, 'aria-disabled')));

test('a typical check-in with one focus area takes at most 8 taps, where-am-I 5, and the triage screen has far fewer than 90 words', async (t) => {
  const page = await openKiosk(t);
  // Nothing to send yet: the three actions say so, and a tap on one does nothing.
  assert.deepEqual(await disabled(page), ['true', 'true', 'true']);
  await page.click('#start-checkin', { force: true });   // force: Playwright will not tap a disabled button
  assert.equal(await page.locator('#screen-start').isVisible(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bib-input');

  let taps = 0;
  const tap = async (selector) => { taps++; await page.click(selector); };
  for (const key of '2468') await tap(`.keypad button[data-key="${key}"]`);
  assert.deepEqual(await disabled(page), ['false', 'false', 'false']);
  await tap('#start-checkin');
  await screen(page, 'areas');
  await tap('[data-area="calves"]');
  await tap('#areas-next');
  await screen(page, 'triage');
  const words = await visibleWords(page);
  await tap('#triage-none');
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-bib'), '2468');
  assert.deepEqual((await staffQueue()).find((e) => e.bib === '2468').areas, ['calves']);
  assert.ok(taps <= 8, `${taps} taps`);
  assert.ok(words <= 45, `${words} words on the triage screen`);
  const checkinTaps = taps;

  await page.click('#ticket-done');
  await screen(page, 'start');
  taps = 0;
  for (const key of '2468') await tap(`.keypad button[data-key="${key}"]`);
  await tap('#start-where');
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-title'), "You're in the line");
  assert.ok(taps <= 5, `${taps} taps for where-am-I`);
  console.log(`typical check-in with one area: ${checkinTaps} taps; where am I: ${taps} taps; triage screen: ${words} words`);
  // Out of the line again, so that the next test's runner is first.
  assert.equal((await server.api('/api/tickets/2468/leave', { method: 'POST', body: {} })).status, 200);
});

test('a full check-in with the keypad, areas and "None of these apply" gives a ticket at place 1', async (t) => {
  const page = await openKiosk(t);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await keypad(page, '12345');
  await page.click('.keypad button[data-key="back"]');
  assert.equal(await page.inputValue('#bib-input'), '1234');
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-start');
  await resizeTo(page, PORTRAIT);
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-start-portrait');
  await resizeTo(page, LANDSCAPE);
  await page.click('#start-checkin');

  await screen(page, 'areas');
  await page.click('[data-area="calves"]');
  await page.click('[data-area="hamstrings"]');
  assert.equal(await page.getAttribute('[data-area="calves"]', 'aria-pressed'), 'true');
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-areas');
  await resizeTo(page, PORTRAIT);
  await screenshot(page, 'kiosk-areas-portrait');
  await resizeTo(page, LANDSCAPE);
  await page.click('#areas-next');

  await screen(page, 'triage');
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-triage');
  await resizeTo(page, PORTRAIT);
  await screenshot(page, 'kiosk-triage-portrait');
  await resizeTo(page, LANDSCAPE);
  await answerTriage(page);

  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-bib'), '1234');
  assert.equal(await text(page, '#ticket-position'), '1');
  assert.match(await text(page, '#ticket-wait'), /min|minute/);
  assert.match(await text(page, '#ticket-url'), /\/status\/\?bib=1234&lang=en(&k=[2-9a-z]{12})?$/);
  assert.equal(await page.locator('#ticket-qr svg').count(), 1);
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-ticket');

  const entry = (await staffQueue()).find((e) => e.bib === '1234');
  assert.ok(entry, 'bib 1234 is queued');
  assert.deepEqual([...entry.areas].sort(), ['calves', 'hamstrings']);

  await resizeTo(page, PORTRAIT);
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-ticket-portrait');
  await page.click('#ticket-done');
  await screen(page, 'start');
});

// A primary button is on screen when its whole box is inside the viewport.
async function assertOnScreen(page, selector, what) {
  const box = await page.locator(selector).boundingBox();
  const { width, height } = page.viewportSize();
  assert.ok(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5,
    `${what}: ${selector} at ${JSON.stringify(box)} in ${width}×${height}`);
}

// The keypad's digit keys are at least as large as on the separate bib screen the start replaced
// (167×124 px landscape, 238×137 px portrait there): as tall or taller at both sizes, and in
// portrait narrower (150 px), as the actions now sit beside them.
const MIN_KEY = { [LANDSCAPE.width]: { width: 160, height: 120 }, [PORTRAIT.width]: { width: 140, height: 120 } };

test('every screen keeps its main button on screen in every language at 1280×800 and 800×1280 under a 280-character announcement; axe finds nothing', async (t) => {
  const notice = 'The massage tent closes at 15:00. Please drink water, keep warm and walk gently while you wait. Showers are behind the finish arch; the medical tent is next to the bag drop. Lost something? Ask at the information desk by the exit. Thank you for running with us today, and well done! '.slice(0, 280);
  assert.equal([...notice].length, 280);
  assert.equal((await server.api('/api/announcement', { method: 'POST', body: { text: notice }, pin: ORGANISER_PIN })).status, 200);
  t.after(() => server.api('/api/announcement', { method: 'POST', body: { text: '' }, pin: ORGANISER_PIN }));
  let checked = 0;
  for (const [i, lang] of ['en', 'de', 'es'].entries()) {
    const page = await openKiosk(t, { query: `?lang=${lang}` });
    await page.waitForSelector('#announcement-more:not([hidden])');
    const check = async (state, primary, ...others) => {
      for (const viewport of [LANDSCAPE, PORTRAIT]) {
        await resizeTo(page, viewport);
        for (const selector of [primary, ...others]) await assertOnScreen(page, selector, `${lang} ${state}`);
        if (state.startsWith('start')) {
          const keys = await page.locator('#keypad-digits button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect()));
          assert.equal(keys.length, 12);
          const min = MIN_KEY[viewport.width];
          for (const k of keys) assert.ok(k.width >= min.width && k.height >= min.height, `${lang} start: a key of ${k.width}×${k.height} at ${viewport.width}×${viewport.height}`);
          assert.ok(await fitsWithoutScrolling(page), `${lang} start at ${viewport.width}×${viewport.height} scrolls`);
          assert.ok(await page.evaluate(() => { const i = document.querySelector('.start-info'); return i.scrollHeight <= i.clientHeight + 1; }),
            `${lang} start: welcome, wait and bib fit their box at ${viewport.width}×${viewport.height}`);
        }
        const clamp = await page.evaluate(() => {
          const p = document.getElementById('announcement');
          return { height: p.clientHeight, twoLines: 2 * 1.3 * parseFloat(getComputedStyle(p).fontSize) + 1, visible: p.checkVisibility() };
        });
        assert.ok(clamp.visible && clamp.height <= clamp.twoLines, `${lang} ${state}: the announcement is clamped to two lines (${JSON.stringify(clamp)})`);
        checked++;
      }
      await resizeTo(page, LANDSCAPE);
      if (lang === 'en') await assertAccessible(page, state);
    };

    const startParts = ['#bib-input', '#start-wait', '#start-where', '#start-leave', '#keypad-to-letters', '#keypad-digits button[data-key="back"]'];
    await check('start', '#start-checkin', ...startParts);
    await keypad(page, `31${i}`);
    await check('start, bib typed', '#start-checkin', ...startParts);
    if (lang === 'de') {
      await screenshot(page, 'kiosk-start-de');
      await resizeTo(page, PORTRAIT);
      await screenshot(page, 'kiosk-start-de-portrait');
      await resizeTo(page, LANDSCAPE);
    }
    if (lang === 'en') {
      await screenshot(page, 'kiosk-announcement-clamped');
      await page.click('#announcement-more');
      assert.equal(await page.getAttribute('#announcement-more', 'aria-expanded'), 'true');
      assert.ok(await page.evaluate(() => { const p = document.getElementById('announcement'); return p.scrollHeight <= p.clientHeight + 1; }), 'all of it shows');
      await assertOnScreen(page, '#start-checkin', 'start, announcement open');
      await screenshot(page, 'kiosk-announcement-open');
      await page.click('#announcement-more');
      assert.equal(await page.getAttribute('#announcement-more', 'aria-expanded'), 'false');
    }
    await page.click('#start-checkin');
    await screen(page, 'areas');
    await check('areas', '#areas-next');
    await page.click('#areas-next');
    await screen(page, 'triage');
    await check('triage', '#triage-none');
    await page.click('#questions .flag[data-question="open_wound"]');
    await screen(page, 'confirm');
    await check('are you sure', '#confirm-yes');
    await page.click('#confirm-back');
    await screen(page, 'triage');
    await page.click('#triage-none');
    await screen(page, 'ticket');
    // The QR code's address (also beside it, and on the element) opens the phone page in this language.
    // With the runner's status key from the check-in reply, where the server gives one.
    const url = await page.getAttribute('#ticket-qr', 'data-url');
    assert.match(url, new RegExp(`^${server.url}/status/\\?bib=31${i}&lang=${lang}(&k=[2-9a-z]{12})?$`));
    assert.equal(await text(page, '#ticket-url'), url);
    await check('ticket', '#ticket-done');
    await page.click('#ticket-done');
    await screen(page, 'start');

    await page.keyboard.type('31337');
    await page.click('#start-where');
    await screen(page, 'message');
    await check('message', '#message-actions button.primary');
    await page.click('#message-actions button:not(.primary)');
    await screen(page, 'start');

    await checkIn(page, `32${i}`, 'chest_or_breathing');
    await screen(page, 'medical');
    await check('medical', '#medical-done');
    await page.close();
  }
  assert.equal(checked, 3 * 2 * 8);
});

// A route held until release() is called: the page shows what it shows while it waits.
async function holdRoute(page, pattern) {
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route(pattern, async (route) => { await gate; await route.continue(); });
  return release;
}

test('the boot screen, the busy screen and the start screen\'s states have one main, one h1 and no axe findings', async (t) => {
  const context = await browser.newContext({ viewport: LANDSCAPE });
  t.after(() => context.close());
  const page = await context.newPage();
  // Booting: the kiosk waits for its languages before it shows the start.
  const releaseBoot = await holdRoute(page, '**/api/languages/kiosk');
  await page.goto(`${server.url}/kiosk/`);
  await page.waitForFunction(() => document.getElementById('boot-text')?.textContent === 'Starting the kiosk…' && !!document.body.dataset.started);
  assert.equal(await page.locator('#boot').isVisible(), true);
  await assertAccessible(page, 'boot');
  await screenshot(page, 'kiosk-boot');
  releaseBoot();
  await screen(page, 'start');
  await page.waitForFunction(() => !document.getElementById('start-wait-value').textContent.endsWith('…'));
  await assertAccessible(page, 'start, nothing typed');

  // The start screen with the letters showing, then with a bib that does not look right.
  await page.click('#keypad-to-letters');
  await page.click('.keypad button[data-key="Q"]');
  await assertAccessible(page, 'start, letters');
  await page.click('#keypad-to-digits');
  await page.keyboard.type('-');
  await page.keyboard.press('Enter');
  assert.match(await text(page, '#bib-error'), /doesn't look right/);
  await assertAccessible(page, 'start, bib refused by the page');
  await page.click('.keypad button[data-key="clear"]');

  // Busy: "Checking you in…" while the check-in's reply is held back.
  const releaseCheckin = await holdRoute(page, '**/api/checkins');
  await checkIn(page, '6060');
  await screen(page, 'busy');
  assert.equal(await text(page, '#busy-text'), 'Checking you in…');
  await assertAccessible(page, 'busy');
  await screenshot(page, 'kiosk-busy');
  releaseCheckin();
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-bib'), '6060');
  await assertAccessible(page, 'ticket');
});

test('scanner input (characters then Enter) on the start screen is a check-in, keys keep the focus', async (t) => {
  const page = await openKiosk(t);
  await page.keyboard.type('4321');
  await page.keyboard.press('Enter');
  await screen(page, 'areas');

  await page.click('#areas-back');
  await screen(page, 'start');
  assert.equal(await page.inputValue('#bib-input'), '4321');
  await page.click('.keypad button[data-key="clear"]');
  await page.click('.keypad button[data-key="letters"]');
  await page.click('.keypad button[data-key="K"]');
  await page.click('h1#start-title');   // a tap on the background must not steal the scanner's focus
  await page.keyboard.type('77');
  assert.equal(await page.inputValue('#bib-input'), 'K77');
  await page.keyboard.type('-');
  await page.keyboard.press('Enter');
  assert.match(await text(page, '#bib-error'), /doesn't look right/);
  assert.match(await text(page, '#bib-error'), /1 to 8 letters/);
  assert.equal(await page.locator('#bib-hint').isVisible(), false, 'the error takes the hint\'s place');
  await page.keyboard.press('Backspace');
  assert.equal(await page.locator('#bib-hint').isVisible(), true);
  await page.keyboard.press('Enter');
  await screen(page, 'areas');
});

test('the longest bib is the server\'s: the keypad and the check before sending follow its limits', async (t) => {
  const context = await browser.newContext({ viewport: LANDSCAPE });
  t.after(() => context.close());
  const page = await context.newPage();
  // Snapshots that say bibs have at most 4 characters, where the server's own limit is 8.
  await page.routeWebSocket(/\/ws/, (ws) => {
    const upstream = ws.connectToServer();
    ws.onMessage((m) => upstream.send(m));
    upstream.onMessage((m) => {
      const frame = JSON.parse(m);
      if (frame.type === 'snapshot') frame.limits.bib_max_length = 4;
      ws.send(JSON.stringify(frame));
    });
  });
  await page.goto(`${server.url}/kiosk/`);
  await screen(page, 'start');
  await page.waitForFunction(() => !document.getElementById('start-wait-value').textContent.endsWith('…'));
  await keypad(page, '123456');
  assert.equal(await page.inputValue('#bib-input'), '1234');
  await page.keyboard.type('5');   // a scanner is not held back by the keypad
  await page.keyboard.press('Enter');
  assert.match(await text(page, '#bib-error'), /1 to 4 letters or digits/);
  assert.equal(await page.locator('#screen-start').isVisible(), true);
});

test('a tapped red flag asks "Are you sure?": Back un-taps it, Yes sends the runner to medical, not the line', async (t) => {
  await server.api('/api/settings', { method: 'POST', body: { medical_directions: 'Behind the finish arch, white tent' }, pin: ORGANISER_PIN });
  const page = await openKiosk(t);
  await page.keyboard.type('5150');
  await page.keyboard.press('Enter');
  await screen(page, 'areas');
  await page.click('#areas-next');
  await screen(page, 'triage');
  const tile = '#questions .flag[data-question="dizzy_or_confused"]';
  await page.click(tile);
  await screen(page, 'confirm');
  assert.equal(await text(page, '#confirm-title'), 'Are you sure?');
  assert.match(await text(page, '#screen-confirm'), /This sends you to the medical tent/);
  assert.equal(await text(page, '#confirm-question'), 'Dizzy, faint or confused');
  await screenshot(page, 'kiosk-triage-confirm');
  await resizeTo(page, PORTRAIT);
  await screenshot(page, 'kiosk-triage-confirm-portrait');
  await resizeTo(page, LANDSCAPE);
  await page.click('#confirm-back');
  await screen(page, 'triage');
  assert.equal(await page.getAttribute(tile, 'aria-pressed'), 'false');
  assert.equal((await server.api('/api/tickets/5150')).status, 404);   // nothing sent yet

  await page.click(tile);
  await screen(page, 'confirm');
  await page.click('#confirm-yes');
  await screen(page, 'medical');
  assert.equal(await text(page, '#medical-directions-text'), 'Behind the finish arch, white tent');
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-medical');

  await page.waitForFunction(async (url) => (await (await fetch(url)).json()).ticket?.status === 'referred', `${server.url}/api/tickets/5150`, { timeout: 5000 });
  assert.ok(!(await staffQueue()).some((e) => e.bib === '5150'));
  const referral = (await server.api('/api/state', { pin: VOLUNTEER_PIN })).body.referrals.find((r) => r.bib === '5150');
  assert.deepEqual(referral.red_flags, ['dizzy_or_confused']);
});

test('with a roster required, an unknown bib is refused right after the bib, before any question', async (t) => {
  const rostered = await startServer();
  t.after(() => rostered.close());
  const entries = [{ bib: '100' }];
  assert.equal((await rostered.api('/api/roster', { method: 'POST', body: { entries }, pin: ORGANISER_PIN })).status, 200);
  assert.equal((await rostered.api('/api/settings', { method: 'POST', body: { roster_required: true }, pin: ORGANISER_PIN })).status, 200);
  const page = await openKiosk(t, { base: rostered });
  const seq = (await rostered.api('/api/state')).body.seq;
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/checkins')) asked.push(r.url()); });
  await keypad(page, '4711');
  await page.click('#start-checkin');
  await screen(page, 'message');
  assert.equal(await text(page, '#message-title'), "We can't find bib 4711 on the runner list");
  assert.deepEqual(asked.map((u) => new URL(u).search), ['?dry_run=1']);
  assert.equal(await page.locator('#screen-areas').isVisible(), false);
  await screenshot(page, 'kiosk-bib-refused');
  await resizeTo(page, PORTRAIT);
  await screenshot(page, 'kiosk-bib-refused-portrait');
  await resizeTo(page, LANDSCAPE);
  await assertAccessible(page, 'bib refused');
  assert.equal((await rostered.api('/api/state')).body.seq, seq);   // the dry run committed nothing
  assert.equal((await rostered.api('/api/tickets/4711')).status, 404);

  // "Try again" goes back to the start with the bib kept and its field focused; a bib on the list
  // goes on to the questions.
  await page.getByRole('button', { name: 'Try again' }).click();
  await screen(page, 'start');
  assert.equal(await page.inputValue('#bib-input'), '4711');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bib-input');
  assert.equal(await text(page, '#start-checkin'), 'Check in for a massage');
  await page.click('.keypad button[data-key="clear"]');
  await keypad(page, '100');
  await page.click('#start-checkin');
  await screen(page, 'areas');
});

test('a runner already waiting is told so, before the questions and on a 409', async (t) => {
  await server.api('/api/checkins', { method: 'POST', body: { bib: '555' } });
  const page = await openKiosk(t);
  const dryRun = page.waitForResponse((r) => r.url().endsWith('/api/checkins?dry_run=1'));
  await page.keyboard.type('555');
  await page.keyboard.press('Enter');
  assert.equal((await dryRun).status(), 409);
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-title'), "You're already in the line");
  assert.equal(await page.locator('#screen-areas').isVisible(), false);
  const queue = await staffQueue();
  assert.equal(await text(page, '#ticket-position'), String(queue.findIndex((e) => e.bib === '555') + 1));

  // Checked in elsewhere while answering: the server's 409 carries the ticket.
  await page.click('#ticket-done');
  await screen(page, 'start');
  await page.keyboard.type('556');
  await page.keyboard.press('Enter');
  await screen(page, 'areas');
  await server.api('/api/checkins', { method: 'POST', body: { bib: '556' } });
  await page.click('#areas-next');
  const conflict = page.waitForResponse((r) => r.url().endsWith('/api/checkins'));
  await answerTriage(page);
  assert.equal((await conflict).status(), 409);
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-title'), "You're already in the line");
  assert.equal(await text(page, '#ticket-bib'), '556');
});

test('a bib in the line at another tent of the event is sent there, in each language, with the code of its place there', async (t) => {
  // The other tent's refusal as the server words it (docs/protocol.md, waiting_elsewhere); two
  // tents really side by side: tents.test.mjs.
  const titles = { en: 'You are already in the line at Finish A', de: 'Du stehst schon in der Schlange bei Finish A', es: 'Ya estás en la fila de Finish A' };
  for (const [lang, title] of Object.entries(titles)) {
    const page = await openKiosk(t, { query: `?lang=${lang}` });
    await page.route('**/api/checkins?dry_run=1', (r) => r.fulfill({ status: 409, json: {
      error: { code: 'waiting_elsewhere', message: 'Bib 777 is already in the line at Finish A.' },
      tent: { id: 'finish-a', name: 'Finish A', path: '/t/finish-a/' },
    } }));
    await page.keyboard.type('777');
    await page.keyboard.press('Enter');
    await screen(page, 'message');
    assert.equal(await page.getAttribute('#message-card', 'data-kind'), 'waiting_elsewhere');
    assert.equal(await text(page, '#message-title'), title);
    assert.match(await text(page, '#message-body'), /777.*Finish A/s);
    assert.equal(await page.getAttribute('#message-extra .qr', 'data-url'), `${server.url}/t/finish-a/status/?bib=777&lang=${lang}`);
    for (const viewport of [LANDSCAPE, PORTRAIT]) {
      await resizeTo(page, viewport);
      await assertOnScreen(page, '#message-actions button', `${lang} waiting elsewhere`);
    }
    await assertAccessible(page, `${lang} waiting elsewhere`);
    if (lang === 'en') await screenshot(page, 'kiosk-waiting-elsewhere');
    await page.click('#message-actions button');
    await screen(page, 'start');
  }
  assert.equal((await staffQueue()).some((e) => e.bib === '777'), false);
});

test('the language picker switches the strings and keeps the typed bib; Back keeps the language', async (t) => {
  const page = await openKiosk(t);
  await keypad(page, '42');
  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  assert.equal(await page.inputValue('#bib-input'), '42');
  assert.equal(await text(page, '#start-checkin'), 'Apuntarme para un masaje');
  assert.equal(await text(page, 'label[for="bib-input"]'), 'Escribe tu número de dorsal');
  await page.keyboard.type('1');   // a scanner after a tap on a language still types into the field
  assert.equal(await page.inputValue('#bib-input'), '421');
  await page.click('#start-checkin');
  await screen(page, 'areas');
  await page.click('#areas-back');
  await screen(page, 'start');
  assert.equal(await text(page, '#start-where'), '¿Qué puesto tengo en la fila?');
  assert.equal(await page.inputValue('#bib-input'), '421');
});

test('"Where am I?" shows the place in line, or the table when called', async (t) => {
  await server.api('/api/checkins', { method: 'POST', body: { bib: '777' } });
  const expected = (await server.api('/api/tickets/777')).body.ticket.position;
  const page = await openKiosk(t);
  await page.keyboard.type('777');
  await page.click('#start-where');
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-position'), String(expected));

  await page.click('#ticket-done');
  await page.keyboard.type('900');
  await page.click('#start-where');
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-called-text'), 'Go to Table 1 now!');

  await page.click('#ticket-done');
  await page.keyboard.type('31337');
  await page.click('#start-where');
  await screen(page, 'message');
  assert.equal(await text(page, '#message-title'), "We can't find bib 31337");
  // Not checked in yet: one tap checks this bib in (the dry run asked at once).
  await page.getByRole('button', { name: 'Check in for a massage' }).click();
  await screen(page, 'areas');
  await page.click('#areas-back');
  assert.equal(await page.inputValue('#bib-input'), '31337');
});

test('"Leave the line" asks, then takes the runner out of the queue', async (t) => {
  await server.api('/api/checkins', { method: 'POST', body: { bib: '888' } });
  const page = await openKiosk(t);
  await page.keyboard.type('888');
  await page.click('#start-leave');
  await screen(page, 'message');
  assert.equal(await text(page, '#message-title'), 'Leave the line?');
  await page.getByRole('button', { name: 'Yes, leave the line' }).click();
  await page.waitForFunction(() => document.getElementById('message-title').textContent === 'You have left the line');
  assert.equal((await server.api('/api/tickets/888')).body.ticket.status, 'walked_out');
  assert.ok(!(await staffQueue()).some((e) => e.bib === '888'));
});

test('a check-in whose reply is lost is retried with the same request id: exactly one ticket', async (t) => {
  const page = await openKiosk(t);
  const ids = [];
  await page.route('**/api/checkins', async (route) => {
    ids.push(JSON.parse(route.request().postData()).request_id);
    if (ids.length === 1) {
      await route.fetch();             // the server commits the check-in…
      await route.abort('failed');     // …but the kiosk never hears back
    } else {
      await route.continue();
    }
  });
  // The aborted first attempt has no response in the page: the first one seen is the retry's.
  const retry = page.waitForResponse((r) => r.url().endsWith('/api/checkins'));
  await checkIn(page, '4444');
  assert.equal((await retry).status(), 201);
  assert.equal((await (await retry).json()).replayed, true);
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-bib'), '4444');
  assert.equal(ids.length, 2);
  assert.match(ids[0], /^[0-9a-f]{32}$/);
  assert.equal(ids[1], ids[0]);
  assert.equal((await staffQueue()).filter((e) => e.bib === '4444').length, 1);
});

test('an unreachable server ends on a clear message, and "Try again" then succeeds', async (t) => {
  const page = await openKiosk(t);
  const ids = new Set();
  await page.route('**/api/checkins', (route) => {
    ids.add(JSON.parse(route.request().postData()).request_id);
    return route.abort('failed');
  });
  await checkIn(page, '4545');
  await screen(page, 'message', 20_000);
  assert.equal(await text(page, '#message-title'), "We can't reach the tent server");
  assert.equal(ids.size, 1);
  await page.unroute('**/api/checkins');
  await page.getByRole('button', { name: 'Try again' }).click();
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-bib'), '4545');
});

test('with a kiosk key: refused without it ("not set up"), accepted with ?key= and after a reload', async (t) => {
  const keyed = await startServer({ extraArgs: ['--kiosk-key', 'tentkey7'] });
  t.after(() => keyed.close());
  let page = await openKiosk(t, { base: keyed });
  await page.keyboard.type('61');
  await page.keyboard.press('Enter');
  await screen(page, 'message');   // refused at the bib, before any question
  assert.equal(await text(page, '#message-title'), 'This kiosk is not set up');

  page = await openKiosk(t, { base: keyed, query: '?key=tentkey7' });
  assert.ok(!page.url().includes('tentkey7'), 'the key is taken off the address');
  await page.reload();
  await screen(page, 'start');
  await checkIn(page, '62');
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-bib'), '62');
});

test('an untouched screen goes back to the start, forgetting the bib and the language', async (t) => {
  const page = await openKiosk(t, { query: '?idle=3' });
  await page.getByRole('button', { name: 'Deutsch' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  await keypad(page, '99');
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 10_000 });
  assert.equal(await text(page, '#start-checkin'), 'Check in for a massage');
  assert.equal(await page.inputValue('#bib-input'), '');
  assert.equal(await page.getAttribute('#start-checkin', 'aria-disabled'), 'true');

  await page.keyboard.type('777');
  await page.click('#start-where');
  await screen(page, 'ticket');
  assert.match(await text(page, '.ticket [data-countdown]'), /closes in [123] s/);
  await screen(page, 'start', 10_000);
});

test("the announcement is shown in the kiosk's language when the organisers wrote it, else in the main text", async (t) => {
  const body = { text: 'Water at the exit', translations: { de: 'Wasser am Ausgang' } };
  assert.equal((await server.api('/api/announcement', { method: 'POST', body, pin: ORGANISER_PIN })).status, 200);
  t.after(() => server.api('/api/announcement', { method: 'POST', body: { text: '' }, pin: ORGANISER_PIN }));
  const page = await openKiosk(t);
  await page.waitForFunction(() => document.getElementById('announcement').textContent === 'Water at the exit');
  await page.click('#languages button[data-lang="de"]');
  await page.waitForFunction(() => document.getElementById('announcement').textContent === 'Wasser am Ausgang');
  await page.click('#languages button[data-lang="es"]');   // no Spanish text: the main one
  await page.waitForFunction(() => document.getElementById('announcement').textContent === 'Water at the exit');
});
