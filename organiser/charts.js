// The dashboard's charts (Chart.js 4, the global `Chart` from /vendor/chart.umd.min.js). Each set
// is created once and updated in place on every poll; the report has its own set in print colours.

import { duration, timeOfDay } from '/shared/format.js';
import { h } from '/shared/dom.js';
import { LEGS, answersWord, legsMean } from './figures.js';

const QUARTER_MS = 15 * 60 * 1000;

// `legs`: the five answers from very sore to great in Okabe and Ito's colours, told apart by
// colour-blind eyes and in grey print by hue and lightness (vermillion, light orange, grey, sky
// blue, dark blue); each is at least 3:1 on the dark panel. On white paper the light ones are not,
// so there each segment has a black edge (`legsEdge`); on screen a line of the panel parts them.
export const THEMES = {
  screen: {
    text: '#e6e9f5', grid: 'rgba(255,255,255,0.14)', colours: ['#4ea8ff', '#ffd23f', '#ff9f43', '#2ecc71'],
    legs: ['#d55e00', '#e69f00', '#999999', '#56b4e9', '#0072b2'], legsEdge: { color: '#151c33', width: { top: 1 } },
  },
  print: {
    text: '#000000', grid: '#bbbbbb', colours: ['#1d4f91', '#b07c00', '#a3461a', '#2e7d32'],
    legs: ['#d55e00', '#e69f00', '#999999', '#56b4e9', '#0072b2'], legsEdge: { color: '#000000', width: 1 },
  },
};

const DEFS = [
  { id: 'throughput', title: 'Arrivals and sessions finished per 15 minutes', empty: 'No data yet: bars appear once runners join the line.' },
  { id: 'queue', title: 'Longest queue per 15 minutes', empty: 'No data yet: the line starts with the first check-in.' },
  { id: 'times', title: 'Wait, walk, session and changeover times (minutes)', empty: 'No data yet: times appear once runners reach a table.' },
  { id: 'tables', title: 'Per table: served and utilisation', empty: 'No tables yet.' },
  { id: 'therapists', title: 'Per therapist: served, and how their runners\' legs feel', empty: 'No data yet: counts appear once a named therapist finishes a session.' },
  { id: 'feedback', title: 'How runners\' legs feel, by when their session finished (per 15 minutes)', empty: 'No answers yet: bars appear once runners answer on their status page after a massage.' },
];

// The answer nearest to a mean (1..5), for the colour of a therapist's mean bar.
const nearest = (mean) => Math.min(5, Math.max(1, Math.round(mean))) - 1;

// Fills the gaps between sparse 15-minute buckets of one or more series on one time axis;
// `fill` is the value of a missing bucket. Returns {labels, values: [one array per series]}.
function quarters(series, fill) {
  const all = series.flatMap((s) => s ?? []);
  if (!all.length) return { labels: [], values: series.map(() => []) };
  const first = Math.min(...all.map((b) => b.start));
  const last = Math.max(...all.map((b) => b.start));
  const maps = series.map((s) => new Map((s ?? []).map((b) => [b.start, b.value])));
  const labels = [];
  const values = series.map(() => []);
  for (let t = first; t <= last && labels.length < 400; t += QUARTER_MS) {
    labels.push(timeOfDay(t));
    maps.forEach((m, i) => values[i].push(m.has(t) ? m.get(t) : fill));
  }
  return { labels, values };
}

const minutes = (s) => Math.round((s / 60) * 10) / 10;
const round1 = (x) => Math.round(x * 10) / 10;

export function baseOptions(theme, { yTitle, y1 = false, horizontal = false } = {}) {
  const axis = (title, extra = {}) => ({
    beginAtZero: true,
    ticks: { color: theme.text, precision: 0 },
    grid: { color: theme.grid },
    title: title ? { display: true, text: title, color: theme.text } : undefined,
    ...extra,
  });
  const options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    color: theme.text,
    indexAxis: horizontal ? 'y' : 'x',
    plugins: { legend: { labels: { color: theme.text } } },
    scales: { x: axis(horizontal ? yTitle : null), y: axis(horizontal ? null : yTitle) },
  };
  if (y1) options.scales.y1 = axis('utilisation %', { position: 'right', max: 100, grid: { drawOnChartArea: false } });
  return options;
}

// `feedback`: the latest stats' per-therapist feedback by name, read by the therapists chart's
// labels and tooltips.
function configs(theme, feedback) {
  const [c0, c1, c2, c3] = theme.colours;
  const answersLine = (name) => {
    const f = feedback.get(name);
    return f?.answers ? `legs ${legsMean(f.mean, f.answers)} · ${answersWord(f.answers)}` : 'no answers';
  };
  const bar = { maxBarThickness: 56 };
  return {
    throughput: {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          { label: 'Sessions finished', data: [], backgroundColor: c0, ...bar },
          { label: 'Joined the line', data: [], backgroundColor: c1, ...bar },
        ],
      },
      options: baseOptions(theme, { yTitle: 'runners' }),
    },
    queue: {
      type: 'line',
      data: { labels: [], datasets: [{ label: 'Longest queue', data: [], borderColor: c1, backgroundColor: c1, spanGaps: true, tension: 0.2 }] },
      options: { ...baseOptions(theme, { yTitle: 'runners waiting' }), plugins: { legend: { display: false } } },
    },
    times: {
      type: 'bar',
      data: {
        labels: ['Wait', 'Walk to table', 'Session', 'Changeover'],
        datasets: [
          { label: 'Median', data: [], backgroundColor: c0 },
          { label: '90% within', data: [], backgroundColor: c1 },
          { label: 'Longest', data: [], backgroundColor: c2 },
        ],
      },
      options: {
        ...baseOptions(theme, { yTitle: 'minutes' }),
        plugins: {
          legend: { labels: { color: theme.text } },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${duration(ctx.raw * 60, { precise: true })}` } },
        },
      },
    },
    tables: {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          { label: 'Served', data: [], backgroundColor: c0, yAxisID: 'y', ...bar },
          { label: 'Utilisation %', data: [], backgroundColor: c3, yAxisID: 'y1', ...bar },
        ],
      },
      options: baseOptions(theme, { yTitle: 'served', y1: true }),
    },
    // Served (hollow bars) on the lower axis; on the upper one each therapist's runners' mean answer,
    // coloured as the nearest answer (a sore-orange bar stands out); under the name, the mean in
    // words and how many answered.
    therapists: {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          // Hollow, so that no answer's colour is taken by the count.
          { label: 'Served', data: [], backgroundColor: 'transparent', borderColor: theme.text, borderWidth: 2, xAxisID: 'x', ...bar },
          { label: 'Legs, mean of 5', data: [], backgroundColor: [], borderColor: theme.legsEdge.color, borderWidth: theme.legsEdge.width, xAxisID: 'x1', ...bar },
        ],
      },
      options: (() => {
        const o = baseOptions(theme, { yTitle: 'served', horizontal: true });
        o.scales.x1 = {
          position: 'top', min: 0, max: 5, ticks: { color: theme.text, stepSize: 1 }, grid: { drawOnChartArea: false },
          title: { display: true, text: 'legs now, mean: 1 very sore … 5 great', color: theme.text },
        };
        o.scales.y.ticks.callback = function label(value) {
          const name = this.getLabelForValue(value);
          return [name, answersLine(name)];
        };
        o.plugins = {
          legend: {
            labels: {
              color: theme.text,
              // The mean's swatch in the OK grey: its bars take the colour of the nearest answer.
              generateLabels: (chart) => chart.data.datasets.map((d, i) => ({
                text: i === 1 ? 'Legs, mean of 5 (coloured as the answers)' : d.label,
                fillStyle: i === 1 ? theme.legs[2] : 'transparent', strokeStyle: i === 1 ? theme.legsEdge.color : theme.text,
                lineWidth: i === 1 ? (typeof theme.legsEdge.width === 'number' ? theme.legsEdge.width : 0) : 2,
                fontColor: theme.text, hidden: !chart.isDatasetVisible(i), datasetIndex: i,
              })),
            },
          },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                if (ctx.datasetIndex === 0) return `Served: ${ctx.raw}`;
                const f = feedback.get(ctx.label);
                return f?.answers ? `Legs: ${legsMean(f.mean, f.answers)} from ${answersWord(f.answers)}` : 'No answers';
              },
            },
          },
        };
        return o;
      })(),
    },
    // The five answers stacked per quarter, very sore at the bottom.
    feedback: {
      type: 'bar',
      data: {
        labels: [],
        datasets: LEGS.map((label, i) => ({
          label, data: [], backgroundColor: theme.legs[i], borderColor: theme.legsEdge.color, borderWidth: theme.legsEdge.width, stack: 'legs', ...bar,
        })),
      },
      options: (() => {
        const o = baseOptions(theme, { yTitle: 'answers' });
        o.scales.x.stacked = true;
        o.scales.y.stacked = true;
        return o;
      })(),
    },
  };
}

// New data for each chart from a stats reply: {labels, datasets: [values…], empty}.
function dataFor(stats) {
  const tp = quarters([stats.throughput_15min, stats.arrivals_15min], 0);
  const q = quarters([stats.queue_length_15min], null);
  const dists = ['wait', 'walk', 'session', 'changeover'].map((k) => stats[k] ?? { count: 0 });
  const tables = stats.tables ?? [];
  const therapists = stats.therapists ?? [];
  const fb = quarters(LEGS.map((_, i) => (stats.feedback?.by_time ?? []).map((b) => ({ start: b.start, value: b.legs?.[i] ?? 0 }))), 0);
  return {
    throughput: { labels: tp.labels, values: tp.values, empty: !tp.values.flat().some((v) => v > 0) },
    queue: { labels: q.labels, values: q.values, empty: q.values[0].length === 0 },
    times: {
      values: ['p50_s', 'p90_s', 'max_s'].map((p) => dists.map((d) => (d.count ? minutes(d[p]) : 0))),
      empty: !dists.some((d) => d.count),
    },
    tables: {
      labels: tables.map((t) => t.name),
      values: [tables.map((t) => t.served), tables.map((t) => Math.round(t.utilisation * 100))],
      empty: tables.length === 0,
    },
    therapists: {
      labels: therapists.map((t) => t.name),
      values: [therapists.map((t) => t.served), therapists.map((t) => (t.feedback?.answers ? round1(t.feedback.mean) : null))],
      empty: therapists.length === 0,
    },
    feedback: { labels: fb.labels, values: fb.values, empty: !(stats.feedback?.answers > 0) },
  };
}

// Builds one card per chart under `root` and returns {update(stats)}. theme: 'screen' | 'print'.
// `places` puts a chart elsewhere than `root`: {feedback: element}.
export function createCharts(root, themeName = 'screen', places = {}) {
  const theme = THEMES[themeName];
  const feedback = new Map();   // therapist name -> {answers, mean, legs}
  const cfgs = configs(theme, feedback);
  const charts = {};
  const empties = {};
  for (const def of DEFS) {
    const canvas = h('canvas', { id: `chart-${def.id}${themeName === 'print' ? '-print' : ''}`, role: 'img', 'aria-label': def.title });
    const empty = h('p', { class: 'no-data' }, def.empty);
    (places[def.id] ?? root).append(h('figure', { class: `chart-card chart-${def.id}` },
      h('figcaption', {}, def.title),
      h('div', { class: 'chart-box' }, canvas, empty)));
    charts[def.id] = new Chart(canvas, cfgs[def.id]);
    empties[def.id] = empty;
  }
  return {
    charts,
    update(stats) {
      const data = dataFor(stats);
      feedback.clear();
      for (const t of stats.therapists ?? []) if (t.feedback) feedback.set(t.name, t.feedback);
      charts.therapists.data.datasets[1].backgroundColor = (stats.therapists ?? [])
        .map((t) => theme.legs[t.feedback?.answers ? nearest(t.feedback.mean) : 2]);
      for (const def of DEFS) {
        const chart = charts[def.id];
        const d = data[def.id];
        if (d.labels) chart.data.labels = d.labels;
        d.values.forEach((values, i) => { chart.data.datasets[i].data = values; });
        chart.update('none');
        empties[def.id].hidden = !d.empty;
      }
    },
  };
}
