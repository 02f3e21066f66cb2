// The kiosk page against a real server: check-in with the keypad, scanner input, triage referral,
// refusals, languages, "where am I", "leave", network retries with one request id, the kiosk key,
// and the inactivity reset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, openTables, fitsWithoutScrolling, resizeTo, VOLUNTEER_PIN, ORGANISER_PIN } from './harness.mjs';

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

async function answerTriage(page, yes = []) {
  for (const row of await page.locator('#questions .question').all()) {
    const q = await row.getAttribute('data-question');
    await row.locator(yes.includes(q) ? '.answer-yes' : '.answer-no').click();
  }
}

// Bib by keyboard (as a scanner), no areas, triage answered, submitted.
async function checkIn(page, bib, yes = []) {
  await page.click('#start-checkin');
  await screen(page, 'bib');
  await page.keyboard.type(bib);
  await page.keyboard.press('Enter');
  await screen(page, 'areas');
  await page.click('#areas-next');
  await screen(page, 'triage');
  await answerTriage(page, yes);
  await page.click('#triage-next');
}

async function staffQueue() {
  const state = await server.api('/api/state', { pin: VOLUNTEER_PIN });
  return state.body.queue;
}

test('a full check-in with the keypad, areas and an all-NO triage gives a ticket at place 1', async (t) => {
  const page = await openKiosk(t);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-start');

  await page.click('#start-checkin');
  await screen(page, 'bib');
  await keypad(page, '12345');
  await page.click('.keypad button[data-key="back"]');
  assert.equal(await page.inputValue('#bib-input'), '1234');
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-keypad');
  await page.click('#bib-next');

  await screen(page, 'areas');
  await page.click('[data-area="calves"]');
  await page.click('[data-area="hamstrings"]');
  assert.equal(await page.getAttribute('[data-area="calves"]', 'aria-pressed'), 'true');
  await page.click('#areas-next');

  await screen(page, 'triage');
  await answerTriage(page);
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-triage');
  await page.click('#triage-next');

  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-bib'), '1234');
  assert.equal(await text(page, '#ticket-position'), '1');
  assert.match(await text(page, '#ticket-wait'), /min|minute/);
  assert.match(await text(page, '#ticket-url'), /\/status\/\?bib=1234$/);
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

test('scanner input (characters then Enter) goes straight to the next step, keys keep the focus', async (t) => {
  const page = await openKiosk(t);
  await page.click('#start-checkin');
  await screen(page, 'bib');
  await page.keyboard.type('4321');
  await page.keyboard.press('Enter');
  await screen(page, 'areas');

  await page.click('#areas-back');
  await screen(page, 'bib');
  await page.click('.keypad button[data-key="clear"]');
  await page.click('.keypad button[data-key="letters"]');
  await page.click('.keypad button[data-key="K"]');
  await page.click('h2#bib-title');   // a tap on the background must not steal the scanner's focus
  await page.keyboard.type('77');
  assert.equal(await page.inputValue('#bib-input'), 'K77');
  await page.keyboard.type('-');
  await page.keyboard.press('Enter');
  assert.match(await text(page, '#bib-error'), /doesn't look right/);
  assert.match(await text(page, '#bib-error'), /1 to 8 letters/);
  await page.keyboard.press('Backspace');
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
  await page.click('#start-checkin');
  await screen(page, 'bib');
  await keypad(page, '123456');
  assert.equal(await page.inputValue('#bib-input'), '1234');
  await page.keyboard.type('5');   // a scanner is not held back by the keypad
  await page.keyboard.press('Enter');
  assert.match(await text(page, '#bib-error'), /1 to 4 letters or digits/);
  assert.equal(await page.locator('#screen-bib').isVisible(), true);
});

test('a YES answer shows the medical screen and the bib is referred, not queued', async (t) => {
  await server.api('/api/settings', { method: 'POST', body: { medical_directions: 'Behind the finish arch, white tent' }, pin: ORGANISER_PIN });
  const page = await openKiosk(t);
  await checkIn(page, '5150', ['dizzy_or_confused']);
  await screen(page, 'medical');
  assert.equal(await text(page, '#medical-directions-text'), 'Behind the finish arch, white tent');
  assert.ok(await fitsWithoutScrolling(page));
  await screenshot(page, 'kiosk-medical');

  await page.waitForFunction(async (url) => (await (await fetch(url)).json()).ticket?.status === 'referred', `${server.url}/api/tickets/5150`, { timeout: 5000 });
  assert.ok(!(await staffQueue()).some((e) => e.bib === '5150'));
});

test('a runner already waiting is told so, before the questions and on a 409', async (t) => {
  await server.api('/api/checkins', { method: 'POST', body: { bib: '555' } });
  const page = await openKiosk(t);
  await page.click('#start-checkin');
  await page.keyboard.type('555');
  await page.keyboard.press('Enter');
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-title'), "You're already in the line");
  const queue = await staffQueue();
  assert.equal(await text(page, '#ticket-position'), String(queue.findIndex((e) => e.bib === '555') + 1));

  // Checked in elsewhere while answering: the server's 409 carries the ticket.
  await page.click('#ticket-done');
  await screen(page, 'start');
  await page.click('#start-checkin');
  await page.keyboard.type('556');
  await page.keyboard.press('Enter');
  await screen(page, 'areas');
  await server.api('/api/checkins', { method: 'POST', body: { bib: '556' } });
  await page.click('#areas-next');
  await answerTriage(page);
  const conflict = page.waitForResponse((r) => r.url().endsWith('/api/checkins'));
  await page.click('#triage-next');
  assert.equal((await conflict).status(), 409);
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-title'), "You're already in the line");
  assert.equal(await text(page, '#ticket-bib'), '556');
});

test('the language picker switches the strings; Back keeps the language', async (t) => {
  const page = await openKiosk(t);
  await page.getByRole('button', { name: 'Español' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  assert.equal(await text(page, '#start-checkin'), 'Apuntarme para un masaje');
  await page.click('#start-checkin');
  await screen(page, 'bib');
  assert.equal(await text(page, '#bib-title'), 'Escribe tu número de dorsal');
  await page.click('#bib-back');
  await screen(page, 'start');
  assert.equal(await text(page, '#start-where'), '¿Qué puesto tengo en la fila?');
});

test('"Where am I?" shows the place in line, or the table when called', async (t) => {
  await server.api('/api/checkins', { method: 'POST', body: { bib: '777' } });
  const expected = (await server.api('/api/tickets/777')).body.ticket.position;
  const page = await openKiosk(t);
  await page.click('#start-where');
  await page.keyboard.type('777');
  await page.keyboard.press('Enter');
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-position'), String(expected));

  await page.click('#ticket-done');
  await page.click('#start-where');
  await page.keyboard.type('900');
  await page.keyboard.press('Enter');
  await screen(page, 'ticket');
  assert.equal(await text(page, '#ticket-called-text'), 'Go to Table 1 now!');

  await page.click('#ticket-done');
  await page.click('#start-where');
  await page.keyboard.type('31337');
  await page.keyboard.press('Enter');
  await screen(page, 'message');
  assert.equal(await text(page, '#message-title'), "We can't find bib 31337");
});

test('"Leave the line" asks, then takes the runner out of the queue', async (t) => {
  await server.api('/api/checkins', { method: 'POST', body: { bib: '888' } });
  const page = await openKiosk(t);
  await page.click('#start-leave');
  await page.keyboard.type('888');
  await page.keyboard.press('Enter');
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
  await checkIn(page, '61');
  await screen(page, 'message');
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
  await page.click('#start-checkin');
  await keypad(page, '99');
  await screen(page, 'start', 10_000);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await text(page, '#start-checkin'), 'Check in for a massage');
  await page.click('#start-checkin');
  assert.equal(await page.inputValue('#bib-input'), '');

  await page.click('#bib-back');
  await page.click('#start-where');
  await page.keyboard.type('777');
  await page.keyboard.press('Enter');
  await screen(page, 'ticket');
  assert.match(await text(page, '.ticket [data-countdown]'), /closes in [123] s/);
  await screen(page, 'start', 10_000);
});
