// The organiser's Plan view against a real server (POST /api/plan): the default marathon plan
// simulated (figures and four charts), a refused field shown by the field with nothing changed,
// "Find the fewest tables" and "Use this plan" (whose day then meets the goal), last year's results
// as a CSV file, the replay of a recorded day beside what happened, a reload that keeps the plan,
// and axe on the view at a laptop's and a phone's width. The tests run in order on one page.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, axeViolations, resizeTo, openTables, ORGANISER_PIN } from './harness.mjs';

const TABLET = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const T = { timeout: 20_000 };

let server;
let browser;
let page;
const pageErrors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: TABLET });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterEach(() => assert.deepEqual(pageErrors, [], 'no script errors on the page'));

after(async () => {
  await browser?.close();
  await server?.close();
});

// The headline figures as shown: {served: {simulated: '847', actual: '2'}, …}.
const figures = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#plan-figures .tile')].map((t) => [
  t.dataset.figure,
  Object.fromEntries([...t.querySelectorAll('.tile-value')].map((v) => [v.dataset.of ?? 'simulated', v.textContent])),
])));
const minutesOf = (text) => Number(/^([\d.]+) min$/.exec(text)?.[1]);

// Each chart's datasets (label and data) by canvas id.
const charts = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#plan-charts canvas')].map((c) => {
  const chart = Chart.getChart(c);
  return [c.id, { labels: chart.data.labels.length, datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data })) }];
})));

// The answer kept in localStorage (the last one shown).
const kept = () => page.evaluate(() => JSON.parse(localStorage.getItem('massage-tent.plan')));

// Presses a button and waits for the answer (or refusal) and the busy state to end.
async function press(selector) {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/plan'), T);
  await page.click(selector);
  await answered;
  await page.waitForFunction(() => document.getElementById('plan-form').getAttribute('aria-busy') === 'false', null, T);
}

const tableRows = () => page.evaluate(() => [...document.querySelectorAll('#plan-tables li')].map((li) => ({
  from: li.querySelector('.plan-from').value, tables: li.querySelector('input[type=number]').value,
})));

test('the organiser opens Plan and simulates the default marathon: figures and four charts', async () => {
  await page.goto(`${server.url}/organiser/`);
  await page.fill('#pin', ORGANISER_PIN);
  await page.click('#signin-form button');
  await page.locator('#view-live').waitFor(T);
  await page.click('nav [data-view="plan"]');
  await page.locator('#view-plan').waitFor(T);
  assert.equal(await page.getAttribute('nav [data-view="plan"]', 'aria-current'), 'page');

  // Prefilled with docs/planning.md's marathon, 3% coming to the tent.
  assert.equal(await page.inputValue('#plan-count'), '30000');
  assert.equal(await page.inputValue('#plan-start'), '09:00');
  assert.equal(await page.inputValue('#plan-median'), '4:30');
  assert.equal(await page.inputValue('#plan-take-up'), '3');
  assert.deepEqual(await tableRows(), [{ from: '11:00', tables: '6' }, { from: '12:00', tables: '30' }, { from: '13:00', tables: '50' },
    { from: '15:00', tables: '30' }, { from: '16:00', tables: '10' }]);
  assert.equal(await page.locator('#plan-results').isHidden(), true);

  await press('#plan-simulate');
  await page.locator('#plan-results').waitFor(T);
  const f = await figures();
  const runners = Number(f.arrivals.simulated);
  assert.ok(runners > 700 && runners < 1200, `about 3% of 30000 reach the tent (${runners})`);
  assert.ok(Number(f.served.simulated) > 0);
  assert.ok(Number(f.served.simulated) <= runners);
  assert.ok(minutesOf(f.wait_p90.simulated) > 0, `p90 shown (${f.wait_p90.simulated})`);
  assert.ok(minutesOf(f.wait_p50.simulated) <= minutesOf(f.wait_p90.simulated));
  assert.ok(minutesOf(f.wait_p90.simulated) <= minutesOf(f.wait_max.simulated));
  assert.match(f.utilisation.simulated, /^\d+%$/);
  assert.match(f.clear_at.simulated, /^\d\d:\d\d$/);
  assert.match(f.elapsed.simulated, /^\d+ ms$/);
  assert.equal(await page.locator('#plan-staffing').isHidden(), true);
  assert.match(await page.innerText('#plan-status'), /Done/);

  const c = await charts();
  assert.deepEqual(Object.keys(c), ['plan-chart-flow', 'plan-chart-line', 'plan-chart-wait', 'plan-chart-staff']);
  for (const [id, chart] of Object.entries(c)) assert.ok(chart.labels > 10, `${id} has quarters`);
  const sum = (a) => a.reduce((x, y) => x + (y ?? 0), 0);
  assert.equal(sum(c['plan-chart-flow'].datasets[0].data), runners, 'arrivals per quarter add up to the runners');
  assert.ok(Math.max(...c['plan-chart-line'].datasets[0].data) > 0, 'a line forms');
  assert.ok(Math.max(...c['plan-chart-wait'].datasets[1].data) > 0, 'p90 waits per quarter');
  assert.deepEqual(c['plan-chart-wait'].datasets[2].data, [], 'no recorded day on a plain plan');
  assert.equal(Math.max(...c['plan-chart-staff'].datasets[0].data), 50, 'the peak of the table list');
  for (const canvas of await page.locator('#plan-charts canvas').all()) {
    const box = await canvas.boundingBox();
    assert.ok(box.width > 200 && box.height > 150, 'each chart is drawn at a readable size');
  }
  await screenshot(page, 'plan-laptop');
  await page.locator('#plan-results-h').scrollIntoViewIfNeeded();
  await screenshot(page, 'plan-laptop-results');
  assert.deepEqual(await axeViolations(page), [], 'axe on the Plan view with an answer');
});

test('take-up of 150% is refused, in the form\'s words by the field, and nothing changes', async () => {
  const before = await figures();
  const keptBefore = (await kept()).result;
  await page.fill('#plan-take-up', '150');
  await press('#plan-simulate');
  const error = await page.innerText('#plan-take-up-error');
  assert.equal(error, '“Finishers who come for a massage” must be a percentage from 0 to 100.');
  assert.equal(await page.getAttribute('#plan-take-up', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-take-up');
  assert.equal(await page.getAttribute('#plan-status', 'data-kind'), 'error');
  assert.deepEqual(await figures(), before, 'the answer shown is the one before');
  assert.deepEqual((await kept()).result, keptBefore, 'the kept answer is the one before');
  assert.deepEqual(await axeViolations(page), [], 'axe with a refused field');

  // Typing clears the error.
  await page.fill('#plan-take-up', '2');
  assert.equal(await page.innerText('#plan-take-up-error'), '');
  assert.equal(await page.getAttribute('#plan-take-up', 'aria-invalid'), null);

  // A blank take-up is not "everyone comes": it is asked for, and nothing is sent.
  await page.fill('#plan-take-up', '');
  await page.click('#plan-simulate');
  assert.match(await page.innerText('#plan-take-up-error'), /share of finishers/);
  assert.deepEqual(await figures(), before);
  await page.fill('#plan-take-up', '2');

  // The spread is a percentage up to 300, named as the form names it.
  await page.fill('#plan-spread', '500');
  await press('#plan-simulate');
  assert.equal(await page.innerText('#plan-spread-error'), '“Spread of lengths” must be a percentage from 0 to 300.');
  assert.deepEqual(await figures(), before);
  await page.fill('#plan-spread', '30');
});

test('"Find the fewest tables" shows a plan per hour; "Use this plan" fills the list and its day meets the goal', async () => {
  await page.fill('#plan-take-up', '2');
  await page.fill('#plan-goal-wait', '15');
  await page.fill('#plan-goal-max', '80');
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/plan'), T);
  await page.press('#plan-goal-max', 'Enter');   // Enter in the goal's fields finds, as the button does
  assert.ok((await answered).request().postDataJSON().goal);
  await page.waitForFunction(() => document.getElementById('plan-form').getAttribute('aria-busy') === 'false', null, T);
  await page.locator('#plan-staffing').waitFor(T);
  assert.match(await page.innerText('#plan-staffing-met'), /^Goal met/);
  const steps = await page.evaluate(() => [...document.querySelectorAll('#plan-staffing tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.ok(steps.length >= 2, 'a step per hour');
  for (const [from, tables] of steps) {
    assert.match(from, /^\d\d:\d\d →$/);
    assert.match(tables, /^(\d+ tables?|no tables)$/);
  }
  assert.match(await page.innerText('#plan-staffing-total'), /^[\d.]+ table-hours in all/);
  const found = (await kept()).result.staffing.tables;
  await screenshot(page, 'plan-staffing');

  await page.click('#plan-use');
  assert.deepEqual(await tableRows(), found.map((s) => ({ from: s.from.slice(0, 5), tables: String(s.tables) })));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'plan-simulate');

  await press('#plan-simulate');
  assert.equal(await page.locator('#plan-staffing').isHidden(), true);
  const answer = (await kept()).result;
  assert.equal(answer.mode, 'simulate');
  assert.ok(answer.wait.p90_s <= 15 * 60, `90% wait at most 15 min (${answer.wait.p90_s} s)`);
  assert.ok(minutesOf((await figures()).wait_p90.simulated) <= 15);
});

test('the table list: a row is added and removed by keyboard', async () => {
  const rows = await tableRows();
  await page.focus('#plan-add-row');
  await page.keyboard.press('Enter');
  const added = await tableRows();
  assert.equal(added.length, rows.length + 1);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('plan-from')), true, 'the new row\'s time has the focus');
  await page.locator('#plan-tables li').last().getByRole('button', { name: /Remove the row from/ }).press('Enter');
  assert.deepEqual(await tableRows(), rows);

  // Two rows from the same time: the server's refusal under the list, nothing changed.
  const before = await figures();
  await page.click('#plan-add-row');
  await page.fill('#plan-tables li:last-child .plan-from', rows.at(-1).from);
  await press('#plan-simulate');
  assert.match(await page.innerText('#plan-tables-error'), /^The field 'from' must be later than the step before/);
  assert.deepEqual(await figures(), before);
  await page.locator('#plan-tables li').last().getByRole('button', { name: /Remove the row from/ }).click();
});

test('while a plan is worked out the buttons wait; a busy planner is said in words', async () => {
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/api/plan', async (route) => {
    await held;
    await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'planner_busy', message: 'Another plan is being worked out.' } }) });
  });
  const before = await figures();
  await page.click('#plan-simulate');
  await page.waitForFunction(() => document.getElementById('plan-form').getAttribute('aria-busy') === 'true', null, T);
  assert.equal(await page.isDisabled('#plan-simulate'), true);
  assert.equal(await page.isDisabled('#plan-find'), true);
  assert.match(await page.innerText('#plan-status'), /Working out the day/);
  release();
  await page.waitForFunction(() => document.getElementById('plan-form').getAttribute('aria-busy') === 'false', null, T);
  assert.match(await page.innerText('#plan-status'), /Another plan is being worked out right now/);
  assert.equal(await page.isDisabled('#plan-simulate'), false);
  assert.deepEqual(await figures(), before);
  await page.unroute('**/api/plan');
});

test('last year\'s results as a CSV file: every finisher comes when take-up is 100%', async () => {
  const lines = ['Place,Name,Finish'];
  lines.push('999,Did not finish,DNF');
  for (let i = 0; i < 300; i++) {
    const s = 11 * 3600 + i * 30;   // 11:00:00 to 13:29:30
    lines.push(`${i + 1},Runner ${i + 1},${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`);
  }
  await page.check('#plan-use-csv');
  assert.equal(await page.locator('#plan-curve').isHidden(), true);
  await page.setInputFiles('#plan-csv-file', { name: 'results-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.waitForFunction(() => document.getElementById('plan-csv-name').textContent.includes('results-2025.csv'), null, T);
  assert.match(await page.innerText('#plan-csv-name'), /302 lines/);
  await page.fill('#plan-take-up', '100');
  await press('#plan-simulate');
  const f = await figures();
  assert.equal(f.arrivals.simulated, '300');
  assert.match(await page.innerText('#plan-summary'), /One row of the results file had no finish time and was left out\./);
  assert.ok(Number(f.served.simulated) > 0);
  const sent = (await kept()).form;
  assert.equal(sent.use_csv, true);
  assert.equal(sent.csv_name, 'results-2025.csv');

  // A file under 1 MB whose line ends (\r\n, four characters in JSON) push the plan over the
  // server's limit: said by the file field, and nothing is sent.
  const big = Array.from({ length: 69_000 }, (_, i) => `${String(i).padStart(5, '0')},9:10:00`).join('\r\n');
  assert.ok(big.length < 1024 * 1024);
  await page.setInputFiles('#plan-csv-file', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
  await page.waitForFunction(() => document.getElementById('plan-csv-name').textContent.includes('big.csv'), null, T);
  let posted = false;
  const onRequest = (r) => { if (r.url().endsWith('/api/plan')) posted = true; };
  page.on('request', onRequest);
  await page.click('#plan-simulate');
  assert.match(await page.innerText('#plan-csv-file-error'), /too large to send/);
  page.off('request', onRequest);
  assert.equal(posted, false);
  assert.deepEqual(await figures(), f, 'the answer shown is the one before');
  await page.uncheck('#plan-use-csv');
  await page.fill('#plan-take-up', '5');
});

test('a recorded day replayed with other tables shows what happened beside the what-if', async () => {
  // A small day at this tent: one table, three runners, two of them served.
  const [table] = await openTables(server, 1);
  for (const bib of ['501', '502', '503']) assert.equal((await server.api('/api/checkins', { method: 'POST', body: { bib } })).status, 201);
  assert.equal((await server.op('arrived', { table })).status, 200);
  assert.equal((await server.op('finish', { table })).status, 200);
  assert.equal((await server.op('ready', { table })).status, 200);   // changeover done: the next runner is called
  assert.equal((await server.op('arrived', { table })).status, 200);
  assert.equal((await server.op('finish', { table })).status, 200);

  await page.check('#plan-replay');
  assert.equal(await page.locator('#plan-take-up').isDisabled(), true, 'take-up does not apply to a replay');
  await page.evaluate(() => { document.getElementById('plan-tables').replaceChildren(); });
  await page.click('#plan-add-row');
  await page.fill('#plan-tables li .plan-from', '00:00');
  await page.fill('#plan-tables li input[type=number]', '3');
  // The day was recorded just now, which may be after the default closing time of 16:30; with no
  // closing time and no no-shows or walkouts the what-if serves everyone at any hour.
  await page.fill('#plan-closing', '');
  await page.fill('#plan-no-show', '0');
  await page.fill('#plan-walkout', '0');
  await press('#plan-simulate');
  assert.match(await page.innerText('#plan-results-h'), /recorded day/);
  const f = await figures();
  assert.deepEqual(f.arrivals, { simulated: '3', actual: '3' });
  assert.equal(f.served.actual, '2');
  assert.equal(f.served.simulated, '3', 'three tables serve all three');
  const recorded = await page.innerText('#plan-recorded');
  assert.match(recorded, /^Tables staffed on the recorded day: .*from \d\d:\d\d 1 table\.$/);
  const minutes = [...recorded.matchAll(/from (\d\d:\d\d)/g)].map((m) => m[1]);
  assert.equal(new Set(minutes).size, minutes.length, `one step per minute shown: ${recorded}`);
  assert.ok('actual' in f.wait_p90);
  const c = await charts();
  assert.equal(c['plan-chart-wait'].datasets[2].label, '90% on the recorded day');
  assert.ok(c['plan-chart-wait'].datasets[2].data.some((v) => v != null), 'the recorded day\'s p90 line');
  assert.deepEqual(await axeViolations(page), [], 'axe on a replay');
  await screenshot(page, 'plan-replay');
});

test('a reload keeps the plan and the answer; the view reads on a phone', async () => {
  const rows = await tableRows();
  await page.reload();
  await page.locator('#view-plan').waitFor(T);
  assert.equal(await page.isChecked('#plan-replay'), true);
  assert.deepEqual(await tableRows(), rows);
  assert.equal(await page.inputValue('#plan-take-up'), '5');
  await page.locator('#plan-results').waitFor(T);
  assert.equal((await figures()).served.actual, '2');
  await page.uncheck('#plan-replay');

  await resizeTo(page, PHONE);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling on a phone');
  await screenshot(page, 'plan-phone');
  await page.locator('#plan-tables-box').scrollIntoViewIfNeeded();
  await screenshot(page, 'plan-phone-tables');
  await page.locator('#plan-figures').scrollIntoViewIfNeeded();
  await screenshot(page, 'plan-phone-results');
  assert.deepEqual(await axeViolations(page), [], 'axe on a phone');
  await resizeTo(page, TABLET);
});

test("on another tent's page the plan goes to that tent and is kept apart", async () => {
  assert.equal((await server.api('/api/tents', { method: 'POST', body: { id: 'family', name: 'Family area' }, pin: ORGANISER_PIN })).status, 201);
  await page.goto(`${server.url}/t/family/organiser/#plan`);
  await page.locator('#view-plan').waitFor(T);
  assert.equal(await page.inputValue('#plan-take-up'), '3', 'the defaults, not the first tent\'s plan');
  assert.equal(await page.locator('#plan-results').isHidden(), true);
  await page.fill('#plan-count', '2000');
  const answered = page.waitForResponse((r) => r.url().includes('/api/plan'), T);
  await page.click('#plan-simulate');
  assert.equal(new URL((await answered).url()).pathname, '/t/family/api/plan');
  await page.locator('#plan-results').waitFor(T);
  assert.ok(Number((await figures()).arrivals.simulated) < 200);
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('massage-tent.plan')).sort());
  assert.deepEqual(keys, ['massage-tent.plan', 'massage-tent.plan@family']);
});

test('on a narrow laptop the answer scrolls into view below the header, however tall it wraps', async () => {
  await page.setViewportSize({ width: 800, height: 900 });
  try {
    await press('#plan-simulate');
    const header = await page.locator('.topbar').boundingBox();
    const heading = await page.locator('#plan-results-h').boundingBox();
    assert.ok(heading.y >= header.y + header.height, `the heading (${heading.y}) is below the header (${header.y + header.height})`);
  } finally {
    await page.setViewportSize(TABLET);
  }
});

test('a race that runs past midnight: times go on from 24:00, and a time that is none is asked again', async () => {
  await page.setViewportSize(TABLET);
  await page.uncheck('#plan-replay');
  await page.uncheck('#plan-use-csv');
  await page.fill('#plan-count', '30000');
  await page.fill('#plan-take-up', '3');
  await page.fill('#plan-start', '20:00');
  await page.evaluate(() => { document.getElementById('plan-tables').replaceChildren(); });
  for (const [from, tables] of [['22:00', '20'], ['24:30', '45'], ['26:00', '10']]) {
    await page.click('#plan-add-row');
    await page.fill('#plan-tables li:last-child .plan-from', from);
    await page.fill('#plan-tables li:last-child input[type=number]', tables);
  }
  // Half past two in the morning, written as a clock would not: asked again by the field, nothing sent.
  let sent = 0;
  const count = (r) => { if (r.url().endsWith('/api/plan')) sent += 1; };
  page.on('request', count);
  await page.fill('#plan-closing', '26:75');
  await page.click('#plan-simulate');
  assert.match(await page.innerText('#plan-closing-error'), /after midnight 24:30 is half past midnight/);
  assert.equal(await page.getAttribute('#plan-closing', 'aria-invalid'), 'true');
  page.off('request', count);
  assert.equal(sent, 0);

  await page.fill('#plan-closing', '26:30');
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/plan'), T);
  await press('#plan-simulate');
  const body = (await answered).request().postDataJSON();
  assert.equal(body.closing, '26:30');
  assert.equal(body.finishers.start, '20:00');
  assert.deepEqual(body.tables.map((r) => r.from), ['22:00', '24:30', '26:00']);
  const f = await figures();
  assert.ok(Number(f.arrivals.simulated) > 700, `about 3% of 30000 reach the tent (${f.arrivals.simulated})`);
  assert.ok(Number(f.served.simulated) > 500, `the night's runners are served (${f.served.simulated})`);
  assert.match(f.clear_at.simulated, /^2[4-7]:\d\d$/, `the line clears after midnight (${f.clear_at.simulated})`);
  const c = await charts();
  assert.equal(Math.max(...c['plan-chart-staff'].datasets[0].data), 45, 'the table list after midnight is the one used');
  // "Add a row" goes on past midnight too.
  await page.click('#plan-add-row');
  assert.equal((await tableRows()).at(-1).from, '27:00');
  await screenshot(page, 'plan-night-race');
});
