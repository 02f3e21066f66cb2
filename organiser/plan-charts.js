// The Plan view's charts: a simulated day per 15 minutes (the buckets of POST /api/plan), in the
// dashboard's screen theme (organiser/charts.js). With a replayed day the wait chart also carries
// the recorded day's 90% line. Created once and updated in place on every answer.

import { h } from '/shared/dom.js';
import { THEMES, baseOptions } from './charts.js';

const DEFS = [
  { id: 'flow', title: 'Runners arriving and sessions started per 15 minutes' },
  { id: 'line', title: 'Runners waiting in line' },
  { id: 'wait', title: 'Wait of the runners arriving in each 15 minutes (minutes)' },
  { id: 'staff', title: 'Tables staffed and how busy they were' },
];

const minutes = (s) => Math.round((s / 60) * 10) / 10;

// "11:15" of 40500 seconds after midnight.
const hhmm = (s) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}`;

// The quarters worth showing: from one before the first with any runner to the last of either day.
function span(result, actual) {
  const all = [...result.buckets, ...(actual?.buckets ?? [])];
  const busy = all.filter((b) => b.arrivals || b.started || b.queue_max).map((b) => b.from_s);
  if (!busy.length) return result.buckets.map((b) => b.from_s);
  const first = Math.min(...busy) - 900;
  const last = Math.max(...all.map((b) => b.from_s));
  const out = [];
  for (let t = Math.max(0, first); t <= last && out.length < 400; t += 900) out.push(t);
  return out;
}

function configs(theme) {
  const [c0, c1, c2, c3] = theme.colours;
  const line = (label, colour, extra = {}) => ({ type: 'line', label, data: [], borderColor: colour, backgroundColor: colour, tension: 0.2, pointRadius: 2, spanGaps: true, ...extra });
  const bar = { maxBarThickness: 40 };
  const base = (yTitle, y1) => baseOptions(theme, { yTitle, y1 });
  return {
    flow: {
      type: 'bar',
      data: { labels: [], datasets: [
        { label: 'Arrived', data: [], backgroundColor: c1, ...bar },
        { label: 'Sessions started', data: [], backgroundColor: c0, ...bar },
        { label: 'Turned away at closing', data: [], backgroundColor: c2, ...bar },
      ] },
      options: base('runners'),
    },
    line: {
      type: 'line',
      data: { labels: [], datasets: [line('Most waiting', c2), line('Waiting on average', c1)] },
      options: base('runners waiting'),
    },
    wait: {
      type: 'line',
      data: { labels: [], datasets: [line('Half waited at most', c0), line('90% waited at most', c1), line('90% on the recorded day', c3, { borderDash: [6, 4] })] },
      // The recorded day's line is in the legend only when there is one.
      options: { ...base('minutes'), plugins: { legend: { labels: { color: theme.text, filter: (item, data) => data.datasets[item.datasetIndex].data.length > 0 } } } },
    },
    staff: {
      type: 'bar',
      data: { labels: [], datasets: [
        { label: 'Tables staffed', data: [], backgroundColor: c0, yAxisID: 'y', ...bar },
        line('Busy %', c3, { yAxisID: 'y1' }),
      ] },
      options: base('tables', true),
    },
  };
}

// Builds one card per chart under `root`; returns {update(result, actual)}.
export function createPlanCharts(root) {
  const cfgs = configs(THEMES.screen);
  const charts = {};
  for (const def of DEFS) {
    const canvas = h('canvas', { id: `plan-chart-${def.id}`, role: 'img', 'aria-label': def.title });
    root.append(h('figure', { class: `chart-card plan-chart-${def.id}` },
      h('figcaption', {}, def.title),
      h('div', { class: 'chart-box' }, canvas)));
    charts[def.id] = new Chart(canvas, cfgs[def.id]);
  }
  return {
    charts,
    update(result, actual) {
      const times = span(result, actual);
      const byTime = (buckets) => new Map((buckets ?? []).map((b) => [b.from_s, b]));
      const sim = byTime(result.buckets);
      const rec = byTime(actual?.buckets);
      const of = (map, f, fill = null) => times.map((t) => (map.has(t) ? f(map.get(t)) : fill));
      const labels = times.map(hhmm);
      const values = {
        flow: [of(sim, (b) => b.arrivals, 0), of(sim, (b) => b.started, 0), of(sim, (b) => b.turned_away, 0)],
        line: [of(sim, (b) => b.queue_max, 0), of(sim, (b) => b.queue_mean, 0)],
        wait: [
          of(sim, (b) => (b.wait.count ? minutes(b.wait.p50_s) : null)),
          of(sim, (b) => (b.wait.count ? minutes(b.wait.p90_s) : null)),
          actual ? of(rec, (b) => (b.wait.count ? minutes(b.wait.p90_s) : null)) : [],
        ],
        staff: [of(sim, (b) => b.tables, 0), of(sim, (b) => Math.round(b.utilisation * 100), 0)],
      };
      for (const def of DEFS) {
        const chart = charts[def.id];
        chart.data.labels = labels;
        values[def.id].forEach((v, i) => { chart.data.datasets[i].data = v; });
        chart.update('none');
      }
    },
  };
}
