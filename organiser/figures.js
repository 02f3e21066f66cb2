// The live figures: polls GET /api/stats (every 10 s, and after each change on the socket, at most
// once per 2 s) and renders the tiles and the runners' feedback block. The same figure lists feed
// the printed report.

import { api } from '/shared/rest.js';
import { duration, timeOfDay } from '/shared/format.js';
import { h, setHidden, setText } from '/shared/dom.js';

const POLL_MS = 10_000;
const MIN_GAP_MS = 2_000;

export const COUNTS = [
  ['checked_in', 'Checked in'],
  ['waiting', 'Waiting'],
  ['called', 'Called'],
  ['in_session', 'In session'],
  ['served', 'Served'],
  ['no_shows', 'No-shows'],
  ['walkouts', 'Walkouts'],
  ['referrals', 'Medical referrals'],
];

export const TIMES = [
  ['wait', 'Wait', 'from check-in to table'],
  ['walk', 'Walk to table', 'from call to table'],
  ['session', 'Session', 'time on the table'],
  ['changeover', 'Changeover', 'wiping the couch'],
];

// Fetches the stats on a timer and on request; calls onStats(stats) or onError(reply).
export class StatsPoller {
  constructor(pin, { onStats, onError }) {
    this.pin = pin;
    this.onStats = onStats;
    this.onError = onError;
    this.last = 0;
    this.timer = null;
    this.inflight = false;
    this.again = false;
  }

  start() {
    this.interval = setInterval(() => this.request(), POLL_MS);
    this.request();
  }

  stop() {
    clearInterval(this.interval);
    clearTimeout(this.timer);
  }

  // Asks for fresh stats; coalesced so the server sees at most one request per MIN_GAP_MS.
  request() {
    if (this.timer) return;
    if (this.inflight) { this.again = true; return; }
    const wait = Math.max(0, this.last + MIN_GAP_MS - Date.now());
    this.timer = setTimeout(() => { this.timer = null; this.fetchNow(); }, wait);
  }

  async fetchNow() {
    this.inflight = true;
    this.last = Date.now();
    const reply = await api('/api/stats', { pin: this.pin });
    this.inflight = false;
    if (reply.status === 200) this.onStats(reply.body);
    else this.onError(reply);
    if (this.again) { this.again = false; this.request(); }
  }
}

function tile(id, label, note) {
  return h('div', { class: 'tile', 'data-figure': id },
    h('span', { class: 'tile-label' }, label),
    h('span', { class: 'tile-value' }, '–'),
    h('span', { class: 'tile-note' }, note ?? ''));
}

// Builds the empty tiles once; renderTiles fills them.
export function buildTiles(countsRoot, timesRoot) {
  for (const [id, label] of COUNTS) countsRoot.append(tile(id, label));
  for (const [id, label, note] of TIMES) timesRoot.append(tile(id, label, note));
  timesRoot.append(tile('quotes', 'Wait quotes', 'no quotes checked yet'));
  timesRoot.append(tile('clear', 'Queue clears at', ''));
}

function setTile(root, id, value, note) {
  const t = root.querySelector(`[data-figure="${id}"]`);
  t.querySelector('.tile-value').textContent = value;
  if (note !== undefined) t.querySelector('.tile-note').textContent = note;
}

export function distributionNote(d) {
  if (!d || !d.count) return 'no data yet';
  return `median; 90% within ${duration(d.p90_s, { precise: true })}, longest ${duration(d.max_s, { precise: true })} (${d.count} timed)`;
}

// How far quoted waits were from the real ones, in plain words: {value: "2 min short", sentence:
// "Quoted waits were 2 min short on average", note}. Short = runners waited longer than told.
export function quoteFigures(q) {
  if (!q || !q.count) return { value: '–', sentence: 'No quoted waits checked yet', note: 'no quotes checked yet' };
  const bias = q.mean_bias_s ?? 0;
  const mins = Math.round(Math.abs(bias) / 60);
  const value = mins === 0 ? 'about right' : `${mins} min ${bias > 0 ? 'short' : 'long'}`;
  const sentence = mins === 0 ? 'Quoted waits were about right on average' : `Quoted waits were ${value} on average`;
  const quotes = `${q.count} ${q.count === 1 ? 'quote' : 'quotes'}`;
  return { value, sentence, note: `${sentence} (${quotes}; typically off by ${duration(q.median_error_s)})` };
}

export function clearFigures(stats) {
  if (stats.projected_clear_at == null) return { value: '–', note: 'no one waiting' };
  return { value: timeOfDay(stats.projected_clear_at), note: `${stats.counts.waiting} waiting now` };
}

// Where the referrals came from: red-flag answers at the kiosk, or sent to medical from a table.
export function referralNote(counts) {
  return `${counts?.referrals_kiosk ?? 0} at the kiosk · ${counts?.referrals_table ?? 0} from tables`;
}

export function renderTiles(root, stats) {
  for (const [id] of COUNTS) setTile(root, id, String(stats.counts?.[id] ?? 0));
  setTile(root, 'referrals', String(stats.counts?.referrals ?? 0), referralNote(stats.counts));
  for (const [id, , note] of TIMES) {
    const d = stats[id];
    setTile(root, id, d?.count ? duration(d.p50_s, { precise: true }) : '–', d?.count ? distributionNote(d) : `${note} · no data yet`);
  }
  const q = quoteFigures(stats.quotes);
  setTile(root, 'quotes', q.value, q.note);
  const c = clearFigures(stats);
  setTile(root, 'clear', c.value, c.note);
}

// Runners' answers to "How do your legs feel now?" on the status page, 1 to 5 (the index + 1).
export const LEGS = ['Very sore', 'Sore', 'OK', 'Good', 'Great'];

// "3.7 of 5" (one decimal), or "–" without answers.
export function legsMean(mean, answers) {
  return answers ? `${(Math.round(mean * 10) / 10).toFixed(1)} of 5` : '–';
}

export const answersWord = (n) => `${n} ${n === 1 ? 'answer' : 'answers'}`;

// "Would come back: 8 yes, 1 no"; the runners may leave the question out.
export function comeBackLine(fb) {
  const yes = fb?.come_back?.yes ?? 0;
  const no = fb?.come_back?.no ?? 0;
  return yes + no ? `Would come back: ${yes} yes, ${no} no` : 'Would come back: no one has said yet';
}

// The "How runners' legs feel" block of the live view: the count of answers, their mean, the five
// counts (each with the chart's colour for it) and the come-back line; with no answers, one
// sentence that says so. The chart over the day sits beside it (charts.js, 'feedback').
export class FeedbackBlock {
  constructor(root, colours) {
    this.none = h('p', { class: 'feedback-none' },
      'No runner has answered yet. After a massage, the runner\'s status page asks "How do your legs feel now?"; the answers show here.');
    this.mean = h('span', { class: 'feedback-mean', 'data-figure': 'feedback_mean' }, '–');
    this.answers = h('span', { class: 'feedback-answers', 'data-figure': 'feedback_answers' }, '');
    this.counts = LEGS.map((word, i) => h('li', { dataset: { legs: String(i + 1) } },
      h('span', { class: 'swatch', style: `background:${colours[i]}`, 'aria-hidden': 'true' }),
      h('span', { class: 'legs-word' }, word),
      h('span', { class: 'legs-count num' }, '0')));
    this.comeBack = h('p', { class: 'feedback-come-back', 'data-figure': 'feedback_come_back' }, '');
    this.figures = h('div', { class: 'feedback-figures' },
      h('p', { class: 'feedback-head' }, this.mean, this.answers),
      h('ul', { class: 'feedback-legs', 'aria-label': 'Answers by how legs feel' }, this.counts),
      this.comeBack);
    this.figures.hidden = true;
    root.append(this.none, this.figures);
  }

  render(stats) {
    const fb = stats.feedback;
    const n = fb?.answers ?? 0;
    setHidden(this.none, n > 0);
    setHidden(this.figures, n === 0);
    if (!n) return;
    setText(this.mean, legsMean(fb.mean, n));
    setText(this.answers, `mean of ${answersWord(n)}`);
    this.counts.forEach((li, i) => setText(li.querySelector('.legs-count'), String(fb.legs?.[i] ?? 0)));
    setText(this.comeBack, comeBackLine(fb));
  }
}
