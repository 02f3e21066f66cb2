// Runners' feedback, end to end against a real server: a runner checks in at the kiosk page, whose
// QR code (read back from the screen with jsQR) carries their status key; once a volunteer has
// finished their session, the status page opened at that address asks "How do your legs feel
// now?" on five faces; the answer reaches the organiser's statistics, survives a reload, can be
// changed (and "Would you come back next year?" added) until the time the server gives, and is
// kept, unmarked, when it could not be sent; a second phone's face keeps the yes. No key, a wrong key, or a session not over yet: no
// faces. The question comes before the after-care, on a 390 × 844 phone's first screen; the faces'
// words never overlap nor the page scrolls sideways (large font, zoom, 320 px, every language); an
// answer belongs to one finish (an undone finish asks again); only the server closes the answer (a
// phone's clock 70 minutes fast changes nothing), and a closed answer says so on every phone.
// German words, axe, and screenshots at 360 and 390 px. One server, tests in order.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, axeViolations, decodeQrPng, ORGANISER_PIN, VOLUNTEER_PIN } from './harness.mjs';
import { encode } from '../../vendor/uqr.mjs';

const LANDSCAPE = { width: 1280, height: 800 };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const PHONE_390 = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const WAIT = { timeout: 10_000 };
const LEGS = ['Very sore', 'Sore', 'OK', 'Good', 'Great'];
const CLOSED = 'Your answer is in, thank you. It can no longer be changed.';

let server;
let browser;
let statusUrl;     // the address in runner 501's QR code
let runner;        // 501's phone: the status page at that address
let secondKey;     // 503's status key (checked in through the API)
const pageErrors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  assert.equal((await server.op('table_create', { name: 'Table 1' })).status, 201);
  assert.equal((await server.op('open', { table: 1 })).status, 200);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function phone(url, options = {}) {
  const p = await browser.newPage({ ...PHONE, ...options });
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.goto(url);
  return p;
}

const card = (p) => p.locator('#feedback');
const faces = (p) => p.getByRole('group', { name: 'How do your legs feel now?' });
const faceButton = (p, name) => faces(p).getByRole('button', { name, exact: true });
const comeBack = (p, name) => p.getByRole('group', { name: 'Would you come back next year?' }).getByRole('button', { name, exact: true });
const pressed = (p) => card(p).locator('button[aria-pressed="true"]').allInnerTexts();
const stats = async () => (await server.api('/api/stats', { pin: ORGANISER_PIN })).body.feedback;

// Waits for the page's reply to its next feedback request; returns {status, body}.
async function sent(p, tap) {
  const [response] = await Promise.all([
    p.waitForResponse((r) => r.url().endsWith('/feedback') && r.request().method() === 'POST', WAIT),
    tap(),
  ]);
  return { status: response.status(), body: await response.json().catch(() => null) };
}


test('a runner checked in at the kiosk gets a QR code with their status key, no bigger than before', async () => {
  const context = await browser.newContext({ viewport: LANDSCAPE });
  try {
    const kiosk = await context.newPage();
    kiosk.on('pageerror', (e) => pageErrors.push(e.message));
    await kiosk.goto(`${server.url}/kiosk/`);
    await kiosk.waitForSelector('#screen-start:not([hidden])', WAIT);
    await kiosk.keyboard.type('501');
    await kiosk.keyboard.press('Enter');
    await kiosk.waitForSelector('#screen-areas:not([hidden])', WAIT);
    await kiosk.click('#areas-next');
    await kiosk.waitForSelector('#screen-triage:not([hidden])', WAIT);
    await kiosk.click('#triage-none');
    await kiosk.waitForSelector('#screen-ticket:not([hidden])', WAIT);

    statusUrl = await kiosk.getAttribute('#ticket-qr', 'data-url');
    assert.match(statusUrl, new RegExp(`^${server.url}/status/\\?bib=501&lang=en&k=[23456789abcdefghjkmnpqrstuvwxyz]{12}$`));
    assert.equal(await kiosk.locator('#ticket-url').innerText(), statusUrl);
    assert.equal(await decodeQrPng(browser, await kiosk.locator('#ticket-qr').screenshot()), statusUrl, 'a camera reads the address');
    // As many modules as the address without the key had at error correction M (plus the border).
    const modules = await kiosk.locator('#ticket-qr svg').evaluate((svg) => svg.viewBox.baseVal.width / 10);
    const before = encode(statusUrl.replace(/&k=.*$/, ''), { ecc: 'M', border: 2 }).size;
    assert.equal(modules, before);
    await screenshot(kiosk, 'feedback-kiosk-ticket');

    // A runner already in line who asks "where am I?" gets the code without a key (only a check-in has one).
    assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib: '502' } })).status, 201);
    await kiosk.click('#ticket-done');
    await kiosk.waitForSelector('#screen-start:not([hidden])', WAIT);
    await kiosk.keyboard.type('502');
    await kiosk.click('#start-where');
    await kiosk.waitForSelector('#screen-ticket:not([hidden])', WAIT);
    assert.equal(await kiosk.getAttribute('#ticket-qr', 'data-url'), `${server.url}/status/?bib=502&lang=en`);
  } finally {
    await context.close();
  }
});

test('the status page at that address asks nothing before the session ends, then shows five faces', async () => {
  runner = await phone(statusUrl);
  await runner.locator('#called').waitFor({ state: 'visible', ...WAIT });   // table 1 was free: called at once
  assert.equal(await card(runner).isVisible(), false);
  await runner.locator('#called-ok').click();
  assert.equal((await server.op('arrived', { table: 1 })).status, 200);
  await runner.locator('#title', { hasText: 'On the table' }).waitFor(WAIT);
  assert.equal(await card(runner).isVisible(), false);

  assert.equal((await server.op('finish', { table: 1 })).status, 200);
  await faces(runner).waitFor({ state: 'visible', ...WAIT });
  assert.match(await runner.locator('#title').innerText(), /Thank you/);
  // Above the after-care advice, all five in one row at 360 px, each at least 64 px wide, named by its word.
  const [advice, box] = [await runner.locator('#advice').boundingBox(), await card(runner).boundingBox()];
  assert.ok(advice.y >= box.y + box.height, 'the after-care advice comes after the card');
  const boxes = [];
  for (const name of LEGS) {
    const b = faceButton(runner, name);
    assert.equal(await b.getAttribute('aria-pressed'), 'false', name);
    assert.equal(await b.locator('svg').count(), 1, `${name} is drawn`);
    boxes.push(await b.boundingBox());
  }
  for (const b of boxes) {
    assert.ok(b.width >= 64 && b.height >= 64, `a face is ${b.width}×${b.height}`);
    assert.equal(b.y, boxes[0].y, 'one row');
    assert.ok(b.x >= 0 && b.x + b.width <= 360, 'on screen');
  }
  assert.ok(await runner.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling');
  assert.equal(await runner.locator('#fb-come-back').isVisible(), false, 'the second question comes after the first answer');
  assert.deepEqual(await axeViolations(runner), []);
  await card(runner).scrollIntoViewIfNeeded();
  await screenshot(runner, 'feedback-faces-360');
});

test('a tap on Good is sent at once and marked, with the time it can be changed until, and a reload keeps it', async () => {
  const reply = await sent(runner, () => faceButton(runner, 'Good').click());
  assert.equal(reply.status, 200);
  assert.equal(reply.body.feedback.legs, 4);
  assert.equal(reply.body.feedback.come_back, null);
  await runner.locator('#feedback button[aria-pressed="true"]').first().waitFor(WAIT);
  assert.deepEqual(await pressed(runner), ['Good']);
  const until = await runner.evaluate((ms) => new Date(ms).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), reply.body.feedback.until);
  assert.match(until, /^\d\d:\d\d$/);
  assert.equal(await runner.locator('.fb-note').innerText(), `Thank you! You can change your answer until ${until}.`);
  assert.ok(await runner.locator('#fb-come-back').isVisible(), 'then: would you come back?');
  assert.equal(await runner.locator('#fb-error').innerText(), '');
  assert.deepEqual(await axeViolations(runner), []);
  await card(runner).scrollIntoViewIfNeeded();
  await screenshot(runner, 'feedback-good-360');

  await runner.reload();
  await faces(runner).waitFor({ state: 'visible', ...WAIT });
  await faceButton(runner, 'Good').and(runner.locator('[aria-pressed="true"]')).waitFor(WAIT);
  assert.deepEqual(await pressed(runner), ['Good']);
  assert.match(await runner.locator('.fb-note').innerText(), new RegExp(`until ${until}`));
});

test('a change to Great and Yes to come back replace the answer, and the organiser\'s figures have it', async () => {
  assert.equal((await sent(runner, () => faceButton(runner, 'Great').click())).status, 200);
  await faceButton(runner, 'Great').and(runner.locator('[aria-pressed="true"]')).waitFor(WAIT);
  const yes = await sent(runner, () => comeBack(runner, 'Yes').click());
  assert.equal(yes.status, 200);
  assert.deepEqual([yes.body.feedback.legs, yes.body.feedback.come_back], [5, true]);
  await comeBack(runner, 'Yes').and(runner.locator('[aria-pressed="true"]')).waitFor(WAIT);
  assert.deepEqual(await pressed(runner), ['Great', 'Yes']);
  assert.deepEqual(await axeViolations(runner), []);
  await card(runner).scrollIntoViewIfNeeded();
  await screenshot(runner, 'feedback-great-yes-360');

  const figures = await stats();
  assert.equal(figures.answers, 1, 'one answer per bib');
  assert.deepEqual(figures.legs, [0, 0, 0, 0, 1]);
  assert.equal(figures.legs[4], 1);
  assert.equal(figures.come_back.yes, 1);
  assert.equal(figures.come_back.no, 0);
});

test('an answer that cannot be sent says so and stays unmarked, the last one sent stays shown', async () => {
  // Each failure: the tapped choice stays unmarked and the page says so; sent again, the message goes.
  async function notSent(handler, tap, { timeout = WAIT.timeout, shot } = {}) {
    await runner.route('**/feedback', handler);
    await tap();
    await runner.locator('#fb-error', { hasText: 'Not sent, try again' }).waitFor({ timeout });
    assert.deepEqual(await pressed(runner), ['Great', 'Yes']);
    if (shot) {
      assert.deepEqual(await axeViolations(runner), []);
      await card(runner).scrollIntoViewIfNeeded();
      await screenshot(runner, shot);
    }
    await runner.unrouteAll({ behavior: 'wait' });
    assert.equal((await sent(runner, () => faceButton(runner, 'Great').click())).status, 200);
    await runner.locator('#fb-error:empty').waitFor({ state: 'attached', ...WAIT });
    assert.deepEqual(await pressed(runner), ['Great', 'Yes']);
  }
  // No network.
  await notSent((route) => route.abort('internetdisconnected'), () => faceButton(runner, 'Sore').click());
  // The server in trouble.
  await notSent((route) => route.fulfill({ status: 503, json: { error: { code: 'unavailable', message: 'busy' } } }),
    () => comeBack(runner, 'No').click(), { shot: 'feedback-not-sent-360' });
  // No answer at all (the Wi-Fi gone mid-request): after a few seconds it counts as not sent.
  await notSent(async (route) => {
    await new Promise((r) => setTimeout(r, 10_000));
    await route.abort().catch(() => {});
  }, async () => {
    await faceButton(runner, 'Sore').click();
    assert.equal(await faceButton(runner, 'Sore').getAttribute('data-sending'), '', 'shown as on its way');
  }, { timeout: 9500 });

  const figures = await stats();
  assert.deepEqual([figures.answers, figures.legs[4], figures.come_back.yes], [1, 1, 1]);
});

test('a second phone, which knows no earlier answer, keeps the yes when it taps a face and then shows it', async () => {
  const other = await phone(statusUrl);
  await faces(other).waitFor({ state: 'visible', ...WAIT });
  assert.deepEqual(await pressed(other), [], 'nothing stored on this phone');
  const reply = await sent(other, () => faceButton(other, 'Good').click());
  assert.equal(reply.status, 200);
  assert.deepEqual([reply.body.feedback.legs, reply.body.feedback.come_back], [4, true]);
  await comeBack(other, 'Yes').and(other.locator('[aria-pressed="true"]')).waitFor(WAIT);
  assert.deepEqual(await pressed(other), ['Good', 'Yes']);
  let figures = await stats();
  assert.deepEqual([figures.answers, figures.legs[3], figures.come_back.yes], [1, 1, 1]);

  assert.equal((await sent(other, () => faceButton(other, 'Great').click())).status, 200);
  figures = await stats();
  assert.deepEqual([figures.answers, figures.legs[4], figures.come_back.yes], [1, 1, 1]);
  await other.close();
});

test('the same page without the key, or with a key that is not the runner\'s, asks nothing', async () => {
  const typed = await phone(`${server.url}/status/?bib=501`);
  await typed.locator('#title', { hasText: 'Thank you' }).waitFor(WAIT);
  await typed.locator('#advice').waitFor({ state: 'visible', ...WAIT });
  assert.equal(await card(typed).isVisible(), false);
  assert.equal(await typed.getByRole('button', { name: 'Great' }).count(), 0);
  await typed.close();

  // A made-up key: the first tap is refused (403 wrong_key) and the card goes, without a word.
  const guessed = await phone(`${server.url}/status/?bib=501&k=abcdefghjkmn`);
  await faces(guessed).waitFor({ state: 'visible', ...WAIT });
  const reply = await sent(guessed, () => faceButton(guessed, 'Very sore').click());
  assert.deepEqual([reply.status, reply.body.error.code], [403, 'wrong_key']);
  await card(guessed).waitFor({ state: 'hidden', ...WAIT });
  assert.doesNotMatch(await guessed.locator('body').innerText(), /Not sent/);
  await guessed.close();
  const figures = await stats();
  assert.deepEqual([figures.answers, figures.legs[4], figures.legs[0]], [1, 1, 0], 'nothing changed');
});

test('a second runner\'s page shows no faces while they wait or are on the table', async () => {
  const checkin = await server.api('/api/checkins', { method: 'POST', body: { bib: '503' } });
  assert.equal(checkin.status, 201);
  assert.match(checkin.body.status_key, /^[23456789abcdefghjkmnpqrstuvwxyz]{12}$/);
  secondKey = checkin.body.status_key;
  const second = await phone(`${server.url}/status/?bib=503&lang=en&k=${checkin.body.status_key}`);
  await second.locator('#title', { hasText: /in line/ }).waitFor(WAIT);
  assert.equal(await card(second).isVisible(), false);
  // A key but no session yet: the server would not take an answer either.
  const early = await server.api('/api/tickets/503/feedback', { method: 'POST', body: { key: checkin.body.status_key, legs: 3 } });
  assert.deepEqual([early.status, early.body.error.code], [409, 'not_served']);
  // 502 (called when 501's changeover ended) has their session; then 503 is called and on the table.
  await server.op('ready', { table: 1 });   // ends a changeover still running, else changes nothing
  for (const op of ['arrived', 'finish', 'ready']) assert.equal((await server.op(op, { table: 1 })).status, 200, op);
  await second.locator('#called').waitFor({ state: 'visible', ...WAIT });
  await second.locator('#called-ok').click();
  assert.equal((await server.op('arrived', { table: 1 })).status, 200);
  await second.locator('#title', { hasText: 'On the table' }).waitFor(WAIT);
  assert.equal(await card(second).isVisible(), false);
  await second.close();
});

test('a German page asks in German', async () => {
  const de = await phone(statusUrl.replace('lang=en', 'lang=de'), { locale: 'de-DE' });
  const group = de.getByRole('group', { name: 'Wie fühlen sich Ihre Beine jetzt an?' });
  await group.waitFor({ state: 'visible', ...WAIT });
  for (const word of ['Tut sehr weh', 'Tut weh', 'Geht so', 'Gut', 'Super']) assert.ok(await group.getByRole('button', { name: word, exact: true }).isVisible(), word);
  const reply = await sent(de, () => group.getByRole('button', { name: 'Super', exact: true }).click());
  assert.equal(reply.status, 200);
  await de.getByRole('group', { name: 'Würden Sie nächstes Jahr wiederkommen?' }).waitFor(WAIT);
  assert.match(await de.locator('.fb-note').innerText(), /^Danke! Sie können Ihre Antwort bis \d\d:\d\d Uhr ändern\.$/);
  // This phone had no earlier answer to send with it: "come back" was sent as not answered; Ja again.
  assert.equal((await sent(de, () => de.getByRole('button', { name: 'Ja', exact: true }).click())).status, 200);
  assert.deepEqual(await axeViolations(de), []);
  await card(de).scrollIntoViewIfNeeded();
  await screenshot(de, 'feedback-de-360');
  await de.close();
  const figures = await stats();
  assert.deepEqual([figures.answers, figures.legs[4], figures.come_back.yes], [1, 1, 1]);
});

test('a runner sent to the medical tent from the table is asked too, one referred at check-in is not', async () => {
  assert.equal((await server.op('finish', { table: 1, outcome: 'medical' })).status, 200);   // 503
  const fromTable = await phone(`${server.url}/status/?bib=503&lang=en&k=${secondKey}`);
  await fromTable.locator('#title', { hasText: 'Please go to the medical tent' }).waitFor(WAIT);
  assert.match(await fromTable.locator('#line2').textContent(), /^Your therapist sent you from the table/);
  await faces(fromTable).waitFor({ state: 'visible', ...WAIT });
  assert.equal((await sent(fromTable, () => faceButton(fromTable, 'Sore').click())).status, 200);
  await faceButton(fromTable, 'Sore').and(fromTable.locator('[aria-pressed="true"]')).waitFor(WAIT);
  await fromTable.reload();   // the answer belongs to this finish: kept
  await faceButton(fromTable, 'Sore').and(fromTable.locator('[aria-pressed="true"]')).waitFor(WAIT);
  assert.match(await fromTable.locator('.fb-note').innerText(), /^Thank you! You can change your answer until \d\d:\d\d\.$/);
  assert.deepEqual(await axeViolations(fromTable), []);
  await card(fromTable).scrollIntoViewIfNeeded();
  await screenshot(fromTable, 'feedback-referred-from-table-360');
  await fromTable.close();

  const referred = await server.api('/api/checkins', { method: 'POST', body: { bib: '504', triage: { dizzy_or_confused: true } } });
  assert.equal(referred.body.ticket.status, 'referred');
  const atKiosk = await phone(`${server.url}/status/?bib=504&lang=en&k=${referred.body.status_key ?? 'abcdefghjkmn'}`);
  await atKiosk.locator('#title', { hasText: 'Please go to the medical tent' }).waitFor(WAIT);
  assert.match(await atKiosk.locator('#line2').textContent(), /^From your answers at check-in/);
  assert.equal(await card(atKiosk).isVisible(), false);
  await atKiosk.close();
});

test('at another tent of the event the page sends the answer to its own tent', async () => {
  const created = await server.api('/api/tents', { method: 'POST', pin: ORGANISER_PIN, body: { id: 'family', name: 'Family area' } });
  assert.equal(created.status, 201);
  const op = (name, body) => server.api(`/t/family/api/ops/${name}`, { method: 'POST', body, pin: VOLUNTEER_PIN });
  assert.equal((await op('table_create', { name: 'Table 1' })).status, 201);
  assert.equal((await op('open', { table: 1 })).status, 200);
  const checkin = await server.api('/t/family/api/checkins', { method: 'POST', body: { bib: '601' } });
  assert.equal(checkin.status, 201);
  for (const name of ['arrived', 'finish']) assert.equal((await op(name, { table: 1 })).status, 200, name);
  const here = (await stats()).answers;

  const p = await phone(`${server.url}/t/family/status/?bib=601&lang=en&k=${checkin.body.status_key}`);
  await faces(p).waitFor({ state: 'visible', ...WAIT });
  const [response] = await Promise.all([
    p.waitForResponse((r) => r.url().endsWith('/feedback'), WAIT),
    faceButton(p, 'OK').click(),
  ]);
  assert.equal(new URL(response.url()).pathname, '/t/family/api/tickets/601/feedback');
  assert.equal(response.status(), 200);
  await faceButton(p, 'OK').and(p.locator('[aria-pressed="true"]')).waitFor(WAIT);
  await p.close();
  const family = (await server.api('/t/family/api/stats', { pin: ORGANISER_PIN })).body.feedback;
  assert.deepEqual([family.answers, family.legs[2]], [1, 1]);
  assert.equal((await stats()).answers, here, 'the first tent has no answer more');
});

test('once the answer can no longer be changed the faces are disabled, the answer stays shown and the page says why', async () => {
  // The server says so (409 feedback_closed): answer and buttons stay, disabled.
  await runner.route('**/feedback', (route) => route.fulfill({ status: 409, json: { error: { code: 'feedback_closed', message: 'closed' } } }));
  await faceButton(runner, 'OK').click();
  await runner.waitForFunction(() => document.getElementById('fb-legs-1').disabled, null, WAIT);
  assert.deepEqual(await pressed(runner), ['Great', 'Yes']);
  for (const name of LEGS) assert.equal(await faceButton(runner, name).isDisabled(), true, name);
  assert.equal(await comeBack(runner, 'No').isDisabled(), true);
  assert.equal(await runner.locator('.fb-note').innerText(), CLOSED);
  assert.equal(await runner.locator('#fb-error').innerText(), '');
  assert.deepEqual(await axeViolations(runner), []);
  await card(runner).scrollIntoViewIfNeeded();
  await screenshot(runner, 'feedback-closed-360');
  await runner.unroute('**/feedback');
  await runner.close();
});

// The tests below run runners through table 1 (free once a changeover is ended), one at a time, on
// a 390 × 844 phone.

// Checks `bib` in (with `body`'s areas…) and runs the session to its finish; returns the status key.
async function served(bib, body = {}) {
  await server.op('ready', { table: 1 });   // ends a changeover still running, else changes nothing
  const checkin = await server.api('/api/checkins', { method: 'POST', body: { bib, ...body } });
  assert.equal(checkin.status, 201);
  for (const op of ['arrived', 'finish']) assert.equal((await server.op(op, { table: 1 })).status, 200, op);
  return checkin.body.status_key;
}

// A page of its own in `context` (phones that share one keep one localStorage, as a browser does).
async function pageIn(context, url) {
  const p = await context.newPage();
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.goto(url);
  return p;
}

const statusAt = (bib, key, lang = 'en') => `${server.url}/status/?bib=${bib}&lang=${lang}&k=${key}`;

test('on a 390 × 844 phone the question is on the first screen, above the after-care', async () => {
  const key = await served('510', { areas: ['calves', 'hamstrings', 'quads'] });
  const p = await phone(statusAt('510', key), PHONE_390);
  await faces(p).waitFor({ state: 'visible', ...WAIT });
  await p.locator('#advice-areas', { hasText: 'calves, hamstrings, quads' }).waitFor(WAIT);
  const [box, group, advice] = [await card(p).boundingBox(), await faces(p).boundingBox(), await p.locator('#advice').boundingBox()];
  assert.ok(box.y < 844, `the card starts at ${box.y}`);
  assert.ok(group.y + group.height <= 844, `the faces end at ${group.y + group.height}, on the first screen`);
  assert.ok(advice.y >= box.y + box.height, 'the after-care right below');
  assert.deepEqual(await axeViolations(p), []);
  await screenshot(p, 'feedback-done-390');
  await p.close();
});

// Where the faces' words and buttons are, and how wide the page is.
function faceLayout(p) {
  return p.evaluate(() => {
    const box = (r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
    const words = [...document.querySelectorAll('#feedback .face-word')].map((w) => {
      const text = document.createRange();   // the text itself, which may overflow its box
      text.selectNodeContents(w);
      return box(text.getBoundingClientRect());
    });
    const buttons = [...document.querySelectorAll('#feedback .face')].map((b) => box(b.getBoundingClientRect()));
    return { words, buttons, scrollWidth: document.scrollingElement.scrollWidth, innerWidth };
  });
}
const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
const bigFont = () => document.addEventListener('DOMContentLoaded', () => {
  document.head.append(Object.assign(document.createElement('style'), { textContent: 'html { font-size: 200%; }' }));
});

test('the faces\' words never overlap and the page never scrolls sideways: large font, zoom, narrow phone, every language', async () => {
  const key = await served('511');
  const langs = (await server.api('/api/languages/status')).body.languages.map((l) => l.code);
  assert.ok(['en', 'de', 'es'].every((l) => langs.includes(l)), langs.join());
  const sizes = [
    { name: '390', viewport: { width: 390, height: 844 } },
    { name: '390-font-200', viewport: { width: 390, height: 844 }, init: bigFont },
    { name: '320', viewport: { width: 320, height: 640 } },
    { name: '195', viewport: { width: 195, height: 422 }, deviceScaleFactor: 2 },   // 390 at 200 % zoom
  ];
  for (const lang of langs) {
    for (const { name, viewport, init, deviceScaleFactor } of sizes) {
      const what = `${lang} at ${name}`;
      const p = await browser.newPage({ ...PHONE_390, viewport, deviceScaleFactor });
      p.on('pageerror', (e) => pageErrors.push(e.message));
      if (init) await p.addInitScript(init);
      await p.goto(statusAt('511', key, lang));
      await card(p).waitFor({ state: 'visible', ...WAIT });
      const { words, buttons, scrollWidth, innerWidth } = await faceLayout(p);
      assert.equal(words.length, 5, what);
      for (let i = 0; i < 5; i++) {
        assert.ok(inside(words[i], buttons[i]), `${what}: word ${i + 1} stays in its button ${JSON.stringify([words[i], buttons[i]])}`);
        for (let j = i + 1; j < 5; j++) {
          assert.ok(!overlap(words[i], words[j]), `${what}: words ${i + 1} and ${j + 1} overlap`);
          assert.ok(!overlap(buttons[i], buttons[j]), `${what}: buttons ${i + 1} and ${j + 1} overlap`);
        }
      }
      // A phone widens the page to what overflows it: the viewport's own width is the measure.
      assert.ok(scrollWidth <= viewport.width && innerWidth === viewport.width, `${what}: ${scrollWidth} px wide in ${viewport.width}`);
      if (name !== '390') {
        await card(p).scrollIntoViewIfNeeded();
        await screenshot(p, `feedback-faces-${lang}-${name}`);
      }
      await p.close();
    }
  }
});

test('an answer undone with the finish is forgotten: the next finish asks again, open, reloaded or reopened', async () => {
  const key = await served('512');
  const context = await browser.newContext(PHONE_390);
  try {
    // Open while the volunteer undoes the finish and finishes again.
    const open = await pageIn(context, statusAt('512', key));
    assert.equal((await sent(open, () => faceButton(open, 'Good').click())).status, 200);
    await faceButton(open, 'Good').and(open.locator('[aria-pressed="true"]')).waitFor(WAIT);
    assert.equal((await server.op('undo', { table: 1 })).status, 200);
    await open.locator('#title', { hasText: 'On the table' }).waitFor(WAIT);
    assert.equal(await card(open).isVisible(), false);
    assert.equal((await server.op('finish', { table: 1 })).status, 200);
    await faces(open).waitFor({ state: 'visible', ...WAIT });
    assert.deepEqual(await pressed(open), [], 'nothing given for this finish');
    assert.equal(await open.locator('.fb-note').isVisible(), false, 'no "Thank you"');
    await open.reload();
    await faces(open).waitFor({ state: 'visible', ...WAIT });
    assert.deepEqual(await pressed(open), []);
    // The runner answers this finish: kept over a reload.
    assert.equal((await sent(open, () => faceButton(open, 'Sore').click())).status, 200);
    await open.reload();
    await faceButton(open, 'Sore').and(open.locator('[aria-pressed="true"]')).waitFor(WAIT);
    await open.close();

    // Closed meanwhile: the page opened again on this phone after an undo and a new finish.
    assert.equal((await server.op('undo', { table: 1 })).status, 200);
    assert.equal((await server.op('finish', { table: 1 })).status, 200);
    const again = await pageIn(context, statusAt('512', key));
    await faces(again).waitFor({ state: 'visible', ...WAIT });
    await again.locator('#title', { hasText: 'Thank you' }).waitFor(WAIT);
    assert.deepEqual(await pressed(again), []);
    assert.equal(await again.locator('.fb-note').isVisible(), false);
    assert.deepEqual(await again.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('massage-tent.feedback'))), [], 'dropped from storage');
    await card(again).scrollIntoViewIfNeeded();
    await screenshot(again, 'feedback-after-undo-390');
    // And it answers again: the server takes it as the first answer of this finish.
    const reply = await sent(again, () => faceButton(again, 'Great').click());
    assert.equal(reply.status, 200);
    assert.deepEqual([reply.body.feedback.legs, reply.body.feedback.come_back], [5, null]);
    await faceButton(again, 'Great').and(again.locator('[aria-pressed="true"]')).waitFor(WAIT);
    await again.close();
  } finally {
    await context.close();
  }
});

test('a phone whose clock is 70 minutes fast answers and changes its answer as long as the server takes it', async () => {
  const key = await served('513');
  const p = await browser.newPage(PHONE_390);
  p.on('pageerror', (e) => pageErrors.push(e.message));
  await p.addInitScript(() => {
    const now = Date.now.bind(Date);
    Date.now = () => now() + 70 * 60_000;
  });
  await p.goto(statusAt('513', key));
  const first = await sent(p, () => faceButton(p, 'Good').click());
  assert.equal(first.status, 200);
  await faceButton(p, 'Good').and(p.locator('[aria-pressed="true"]')).waitFor(WAIT);
  assert.equal(await faceButton(p, 'Great').isDisabled(), false, 'the phone\'s clock closes nothing');
  const until = await p.evaluate((ms) => new Date(ms).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), first.body.feedback.until);
  assert.equal(await p.locator('.fb-note').innerText(), `Thank you! You can change your answer until ${until}.`);
  assert.equal((await sent(p, () => faceButton(p, 'Great').click())).status, 200);
  assert.equal((await sent(p, () => comeBack(p, 'Yes').click())).status, 200);
  await comeBack(p, 'Yes').and(p.locator('[aria-pressed="true"]')).waitFor(WAIT);
  assert.deepEqual(await pressed(p), ['Great', 'Yes']);
  assert.equal(await p.locator('.fb-note').innerText(), `Thank you! You can change your answer until ${until}.`);
  await p.close();
});

test('once the server closes the answer, the phone that gave it and a second phone that knows none both say so', async () => {
  const key = await served('514');
  const first = await phone(statusAt('514', key), PHONE_390);
  assert.equal((await sent(first, () => faceButton(first, 'Good').click())).status, 200);
  await faceButton(first, 'Good').and(first.locator('[aria-pressed="true"]')).waitFor(WAIT);
  // Changed from elsewhere until the server takes no more (20 changes).
  let closed = null;
  for (let i = 0; i < 30 && !closed; i++) {
    const res = await server.api('/api/tickets/514/feedback', { method: 'POST', body: { key, legs: 1 + (i % 2) } });
    if (res.status !== 200) closed = res;
  }
  assert.deepEqual([closed?.status, closed?.body.error.code], [409, 'feedback_closed']);

  const reply = await sent(first, () => faceButton(first, 'Great').click());
  assert.deepEqual([reply.status, reply.body.error.code], [409, 'feedback_closed']);
  await first.locator('.fb-note', { hasText: CLOSED }).waitFor(WAIT);
  assert.equal(await faceButton(first, 'Great').isDisabled(), true);
  assert.deepEqual(await pressed(first), ['Good'], 'what this phone gave stays shown');
  await first.close();

  // A second phone, in German: its first tap learns that the answer is final.
  const second = await phone(statusAt('514', key, 'de'), { ...PHONE_390, locale: 'de-DE' });
  const group = second.getByRole('group', { name: 'Wie fühlen sich Ihre Beine jetzt an?' });
  await group.waitFor({ state: 'visible', ...WAIT });
  assert.equal(await second.locator('.fb-note').isVisible(), false);
  const refused = await sent(second, () => group.getByRole('button', { name: 'Geht so', exact: true }).click());
  assert.deepEqual([refused.status, refused.body.error.code], [409, 'feedback_closed']);
  await second.locator('.fb-note', { hasText: 'Ihre Antwort ist angekommen, danke. Sie kann nicht mehr geändert werden.' }).waitFor(WAIT);
  assert.equal(await group.getByRole('button', { name: 'Super', exact: true }).isDisabled(), true);
  assert.deepEqual(await pressed(second), []);
  assert.equal(await second.locator('#fb-error').innerText(), '');
  assert.deepEqual(await axeViolations(second), []);
  await card(second).scrollIntoViewIfNeeded();
  await screenshot(second, 'feedback-closed-other-phone-de-390');
  await second.close();
  assert.deepEqual(pageErrors, []);
});
