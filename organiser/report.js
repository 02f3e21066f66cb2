// The printable end-of-event report: the tent name, date, every figure, the runners' feedback,
// per-table and per-therapist tables and the charts (a second chart set in print colours, created
// on first use and updated in place). The page's @media print rules hide everything else.

import { duration, timeOfDay } from '/shared/format.js';
import { h } from '/shared/dom.js';
import { createCharts } from './charts.js';
import { COUNTS, LEGS, TIMES, clearFigures, legsMean, quoteFigures } from './figures.js';
import { redFlagWords } from './floor.js';

// A local date and time to the second with its offset, as the export writes it: 2026-10-04 09:31:07 +02:00.
export function localTime(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sign}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
}

function table(caption, headers, rows, numeric = [], cls = '') {
  return h('table', { class: `data ${cls}`.trim() },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((head, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, head)))),
    h('tbody', {}, rows.length
      ? rows.map((r) => h('tr', {}, r.map((c, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: numeric.includes(i) ? 'num' : null }, String(c)))))
      : h('tr', {}, h('td', { colspan: headers.length }, 'None yet.'))));
}

export class Report {
  constructor(root) {
    this.root = root;
    this.body = root.querySelector('#report-body');
    this.chartsEl = h('section', { class: 'report-charts', 'aria-label': 'Charts' });
    this.charts = null;
  }

  render(stats, settings) {
    const now = stats.at ?? Date.now();
    this.root.querySelector('#report-title').textContent = `${settings?.tent_name || 'Massage tent'}: event report`;
    this.root.querySelector('#report-date').textContent =
      `${new Date(now).toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' })}, figures as of ${timeOfDay(now)}`;

    const counts = COUNTS.map(([id, label]) => [label, stats.counts?.[id] ?? 0]);
    counts.push(['Removed by volunteers', stats.counts?.removed ?? 0]);
    counts.push(['Medical referrals at the kiosk', stats.counts?.referrals_kiosk ?? 0]);
    counts.push(['Sent to medical from a table', stats.counts?.referrals_table ?? 0]);
    const times = TIMES.map(([id, label, note]) => {
      const d = stats[id] ?? {};
      if (!d.count) return [`${label} (${note})`, '–', '–', '–', 0];
      return [`${label} (${note})`, ...[d.p50_s, d.p90_s, d.max_s].map((s) => duration(s, { precise: true })), d.count];
    });
    const q = quoteFigures(stats.quotes);
    const c = clearFigures(stats);
    const tables = (stats.tables ?? []).map((t) => [t.name, t.therapist || '–', t.served, `${Math.round(t.utilisation * 100)} %`]);
    const referrals = (stats.referral_list ?? []).map((r) => [
      r.bib, r.name ?? '–', r.category || '–', localTime(r.at),
      r.from === 'table' ? (r.table_name ?? `table ${r.table}`) : 'kiosk',
      r.from === 'table' ? '–' : redFlagWords(r.red_flags),
      r.acknowledged_at ? timeOfDay(r.acknowledged_at) : '–', r.cleared_at ? timeOfDay(r.cleared_at) : '–']);
    // Utilisation: time in session over time on shift (a name on a table; docs/protocol.md, "Therapists' hours").
    // Feedback: the runners' answer to "How do your legs feel now?" (1 very sore … 5 great).
    const therapists = (stats.therapists ?? []).map((t) => [t.name, t.served, duration(t.busy_s, { precise: true }),
      duration(t.on_shift_s), t.on_shift_s ? `${Math.round(t.utilisation * 100)} %` : '–',
      t.feedback?.answers ?? 0, legsMean(t.feedback?.mean, t.feedback?.answers)]);
    const fb = stats.feedback;
    const feedback = [
      ['Answers', fb?.answers ?? 0],
      ...LEGS.map((word, i) => [`${i + 1} ${word}`, fb?.legs?.[i] ?? 0]),
      ['Mean', legsMean(fb?.mean, fb?.answers)],
      ['Would come back: yes', fb?.come_back?.yes ?? 0],
      ['Would come back: no', fb?.come_back?.no ?? 0],
    ];

    this.body.replaceChildren(
      h('section', { class: 'report-figures' },
        table('Runners', ['Figure', 'Count'], counts, [1]),
        table('Times', ['Measure', 'Median', '90% within', 'Longest', 'Timed'], times, [1, 2, 3, 4]),
        table('Wait quotes and the queue', ['Figure', 'Value'], [
          ['Quotes checked', stats.quotes?.count ?? 0],
          ['Quoted waits', q.sentence],
          ['Typical gap between quoted and real wait', stats.quotes?.count ? duration(stats.quotes.median_error_s) : '–'],
          ['Queue clears at', `${c.value} (${c.note})`],
        ]),
        table('Runners\' feedback', ['How legs feel after the massage', 'Runners'], feedback, [1])),
      table('Per table', ['Table', 'Therapist', 'Served', 'Utilisation'], tables, [2, 3]),
      table('Per therapist', ['Therapist', 'Served', 'Time in session', 'On shift', 'Utilisation', 'Feedback answers', 'Legs, mean'], therapists, [1, 2, 3, 4, 5, 6], 'wrap-heads'),
      table('Medical referrals', ['Bib', 'Name', 'Category', 'Sent at', 'From', 'Red flags', 'Seen', 'Cleared'], referrals),
      this.chartsEl);
    // Built once, after the section is in the page (Chart.js sizes a canvas from its container).
    this.charts ??= createCharts(this.chartsEl, 'print');
    this.charts.update(stats);
  }
}
