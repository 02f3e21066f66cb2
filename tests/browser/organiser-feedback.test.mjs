// Runners' feedback on the organiser's dashboard and report against a real server: three runners
// checked in at the kiosk (each reply carries the runner's status key), massaged at two tables by
// named therapists, answer "How do your legs feel now?" (5 and would come back, 4, 2 and would not).
// The live block then shows 3 answers, mean 3.7 of 5, the five counts and "1 yes, 1 no"; the chart
// over the day holds the answers; the therapists' chart each one's runners' mean; the report the
// feedback table and columns; the sessions CSV the three feedback columns. Before any answer the
// block says so and draws no chart. axe on both states. One server, tests in order.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, screenshot, artifacts, axeViolations, resizeTo, ORGANISER_PIN } from './harness.mjs';

const T = { timeout: 10_000 };
const POLLED = { timeout: 16_000 };   // the figures refresh every 10 s, and on socket changes
const LEGS = ['Very sore', 'Sore', 'OK', 'Good', 'Great'];

let server;
let browser;
let page;
const pageErrors = [];
const keys = {};        // bib -> status key from the kiosk's check-in reply
const answers = {};     // bib -> the feedback of the server's reply

const chartData = (id) => page.evaluate((cid) => {
  const chart = Chart.getChart(document.getElementById(cid));
  return chart && { labels: chart.data.labels, datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data, colour: d.backgroundColor })) };
}, id);
// A report table's body rows as text, by its caption.
const reportRows = (caption) => page.locator(`#report-body table:has(caption:text-is("${caption}")) tbody tr`)
  .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
// The sum of each answer's counts over the day's buckets in a feedback chart.
const perAnswer = (chart) => chart.datasets.map((d) => d.data.reduce((a, b) => a + b, 0));

async function checkAccessible(state) {
  const violations = await axeViolations(page, 'moderate');
  assert.deepEqual(violations, [], `axe (${state}): ${JSON.stringify(violations, null, 1)}`);
}

// A session at `table` for `bib`, from the call to the finish.
async function session(bib, table) {
  assert.equal((await server.op('call', { table, bib })).status, 200);
  assert.equal((await server.op('arrived', { table })).status, 200);
  assert.equal((await server.op('finish', { table })).status, 200);
}

async function answer(bib, body) {
  const r = await server.api(`/api/tickets/${bib}/feedback`, { method: 'POST', body: { key: keys[bib], ...body } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  answers[bib] = r.body.feedback;
}

before(async () => {
  server = await startServer({ env: { TZ: 'Asia/Kolkata' } });   // the export's times: +05:30
  const settings = { auto_assign: false, changeover_s: 0, tent_name: 'Harbour Run tent' };
  assert.equal((await server.api('/api/settings', { method: 'POST', body: settings, pin: ORGANISER_PIN })).status, 200);
  for (const [i, name] of [[1, 'Ann Lee'], [2, 'Bo Chen']]) {
    assert.equal((await server.op('table_create', { name: `Table ${i}` })).status, 201);
    assert.equal((await server.op('therapist', { table: i, name })).status, 200);
    assert.equal((await server.op('open', { table: i })).status, 200);
  }
  for (const bib of ['501', '502', '503']) {
    const r = await server.api('/api/checkins', { method: 'POST', body: { bib } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.match(r.body.status_key ?? '', /^[23456789abcdefghjkmnpqrstuvwxyz]{12}$/, `status key of ${bib}`);
    keys[bib] = r.body.status_key;
  }
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  page = await context.newPage();
  await page.addInitScript(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterEach(() => assert.deepEqual(pageErrors, [], 'no script errors on the page'));

after(async () => {
  await browser?.close();
  await server?.close();
});

test('with no answers yet the block says so plainly and draws no chart', async () => {
  await session('501', 1);
  await page.goto(`${server.url}/organiser/`);
  await page.fill('#pin', ORGANISER_PIN);
  await page.click('#signin-form button');
  await page.waitForFunction(() => document.querySelector('[data-figure="served"] .tile-value')?.textContent === '1', null, T);
  const none = page.locator('.feedback-box .feedback-none');
  assert.equal(await none.isVisible(), true);
  assert.match(await none.textContent(), /^No runner has answered yet\./);
  assert.equal(await page.locator('.feedback-box .feedback-figures').isVisible(), false);
  assert.equal(await page.locator('#feedback-chart').isVisible(), false);
  // The therapists' chart names each therapist with "no answers" under the name.
  const ticks = await page.evaluate(() => Chart.getChart(document.getElementById('chart-therapists')).scales.y.ticks.map((t) => t.label));
  assert.deepEqual(ticks, [['Ann Lee', 'no answers'], ['Bo Chen', 'no answers']]);
  await page.locator('.feedback-box').scrollIntoViewIfNeeded();
  await screenshot(page, 'organiser-feedback-none');
  await checkAccessible('no answers');
});

test('three answers: 3 answers, mean 3.7 of 5, the counts, 1 yes and 1 no, the chart over the day', async () => {
  await session('502', 1);
  await session('503', 2);
  await answer('501', { legs: 5, come_back: true });
  await answer('502', { legs: 4 });   // the come-back question left out
  await answer('503', { legs: 2, come_back: false });

  await page.waitForFunction(() => document.querySelector('[data-figure="feedback_answers"]')?.textContent === 'mean of 3 answers', null, POLLED);
  assert.equal(await page.locator('.feedback-box .feedback-none').isVisible(), false);
  assert.equal(await page.locator('[data-figure="feedback_mean"]').textContent(), '3.7 of 5');
  const counts = await page.locator('.feedback-legs li').evaluateAll((lis) => lis.map((li) => [li.querySelector('.legs-word').textContent, li.querySelector('.legs-count').textContent]));
  assert.deepEqual(counts, [['Very sore', '0'], ['Sore', '1'], ['OK', '0'], ['Good', '1'], ['Great', '1']]);
  assert.equal(await page.locator('[data-figure="feedback_come_back"]').textContent(), 'Would come back: 1 yes, 1 no');

  // The chart over the day: shown, the five answers stacked with their words in the legend.
  await page.locator('#feedback-chart .chart-card').waitFor({ state: 'visible', ...T });
  assert.equal(await page.locator('#feedback-chart .no-data').isVisible(), false);
  const fb = await chartData('chart-feedback');
  assert.deepEqual(fb.datasets.map((d) => d.label), LEGS);
  assert.ok(fb.labels.length >= 1, 'at least one quarter on the time axis');
  assert.deepEqual(perAnswer(fb), [0, 1, 0, 1, 1]);
  const legend = await page.evaluate(() => Chart.getChart(document.getElementById('chart-feedback')).legend.legendItems.map((i) => i.text));
  assert.deepEqual(legend, LEGS);
  // Each answer's colour beside its count matches its colour in the chart.
  const swatches = await page.locator('.feedback-legs .swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  const rgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
  assert.deepEqual(swatches, fb.datasets.map((d) => rgb(d.colour)));
  // The live charts keep their own set of five; the feedback chart sits in the block.
  assert.equal(await page.locator('#charts canvas').count(), 5);
  await page.locator('.feedback-box').scrollIntoViewIfNeeded();
  await screenshot(page, 'organiser-feedback-dashboard');
  await checkAccessible('three answers');
});

test('per therapist: each one\'s answers and mean, a low mean in the sore colour', async () => {
  await page.waitForFunction(() => Chart.getChart(document.getElementById('chart-therapists')).data.datasets[1].data.every((v) => v != null), null, POLLED);
  const th = await chartData('chart-therapists');
  assert.deepEqual(th.labels, ['Ann Lee', 'Bo Chen']);
  assert.deepEqual(th.datasets[0].data, [2, 1], 'served');
  assert.deepEqual(th.datasets[1].data, [4.5, 2], 'mean of their runners\' answers');
  const fb = await chartData('chart-feedback');
  assert.deepEqual(th.datasets[1].colour, [fb.datasets[4].colour, fb.datasets[1].colour], 'Ann\'s 4.5 as great, Bo\'s 2 as sore');
  const ticks = await page.evaluate(() => Chart.getChart(document.getElementById('chart-therapists')).scales.y.ticks.map((t) => t.label));
  assert.deepEqual(ticks, [['Ann Lee', 'legs 4.5 of 5 · 2 answers'], ['Bo Chen', 'legs 2.0 of 5 · 1 answer']]);
  await page.locator('.chart-therapists').scrollIntoViewIfNeeded();
  await screenshot(page, 'organiser-feedback-therapists');
});

test('the report holds the feedback table, each therapist\'s answers and mean, and the chart', async () => {
  await page.click('nav [data-view="export"]');
  assert.match(await page.locator('#view-export').textContent(), /feedback_legs 1–5, feedback_come_back yes or no, feedback_at/);
  await page.click('#open-report');
  await page.locator('#view-report').waitFor(T);
  await page.waitForFunction(() => window.printed === 1, null, T);
  assert.deepEqual(await reportRows("Runners' feedback"), [
    ['Answers', '3'], ['1 Very sore', '0'], ['2 Sore', '1'], ['3 OK', '0'], ['4 Good', '1'], ['5 Great', '1'],
    ['Mean', '3.7 of 5'], ['Would come back: yes', '1'], ['Would come back: no', '1'],
  ]);
  const therapists = await reportRows('Per therapist');
  assert.deepEqual(therapists.map((r) => [r[0], r[1], r[5], r[6]]), [['Ann Lee', '2', '2', '4.5 of 5'], ['Bo Chen', '1', '1', '2.0 of 5']]);
  assert.equal(await page.locator('#report-body canvas').count(), 6);
  assert.deepEqual(perAnswer(await chartData('chart-feedback-print')), [0, 1, 0, 1, 1]);
  assert.deepEqual((await chartData('chart-therapists-print')).datasets[1].data, [4.5, 2]);

  // On paper (A4 less the margins, about 690 CSS pixels) neither table is cut at the right edge.
  await page.emulateMedia({ media: 'print' });
  await resizeTo(page, { width: 690, height: 900 });
  const widths = await page.evaluate(() => [...document.querySelectorAll('#report-body table')]
    .filter((t) => ["Runners' feedback", 'Per therapist'].includes(t.caption.textContent))
    .map((t) => [t.caption.textContent, t.scrollWidth <= t.clientWidth + 1]));
  assert.deepEqual(widths, [["Runners' feedback", true], ['Per therapist', true]]);
  await page.screenshot({ path: join(artifacts, 'organiser-feedback-report.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await resizeTo(page, { width: 1280, height: 800 });
});

test('the sessions CSV has the three feedback columns with each runner\'s answer', async () => {
  const csv = await server.api('/api/export/sessions.csv', { pin: ORGANISER_PIN });
  assert.equal(csv.status, 200);
  const [header, ...lines] = csv.body.trim().split('\r\n');
  const cols = header.split(',');
  for (const c of ['feedback_legs', 'feedback_come_back', 'feedback_at']) assert.ok(cols.includes(c), `column ${c} in ${header}`);
  const rows = Object.fromEntries(lines.map((l) => l.split(',')).map((v) => [v[0], Object.fromEntries(v.map((x, i) => [cols[i], x]))]));
  const local = (ms) => `${new Date(ms + 5.5 * 3600_000).toISOString().slice(0, 19)}+05:30`;
  assert.deepEqual(['501', '502', '503'].map((bib) => [rows[bib].feedback_legs, rows[bib].feedback_come_back, rows[bib].feedback_at]), [
    ['5', 'yes', local(answers['501'].at)],
    ['4', '', local(answers['502'].at)],
    ['2', 'no', local(answers['503'].at)],
  ]);
});

test('a changed answer replaces the runner\'s earlier one on the dashboard', async () => {
  await page.click('nav [data-view="live"]');
  await answer('503', { legs: 3, come_back: true });   // Bo Chen's runner: sore, then OK and would come back
  await page.waitForFunction(() => document.querySelector('[data-figure="feedback_mean"]')?.textContent === '4.0 of 5', null, POLLED);
  assert.equal(await page.locator('[data-figure="feedback_answers"]').textContent(), 'mean of 3 answers');
  const counts = await page.locator('.feedback-legs .legs-count').allTextContents();
  assert.deepEqual(counts, ['0', '0', '1', '1', '1']);
  assert.equal(await page.locator('[data-figure="feedback_come_back"]').textContent(), 'Would come back: 2 yes, 0 no');
  assert.deepEqual(perAnswer(await chartData('chart-feedback')), [0, 0, 1, 1, 1]);
  const th = await chartData('chart-therapists');
  assert.deepEqual(th.datasets[1].data, [4.5, 3]);
  assert.deepEqual(th.datasets[1].colour, ['#0072b2', '#999999'], 'Ann\'s 4.5 as great, Bo\'s 3 as OK');
});
