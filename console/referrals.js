// Medical referral alerts at the top of the console: every open referral no volunteer has
// acknowledged yet (from the staff frames' `referrals`), with the bib, the runner's name, the
// triage questions answered yes (or the table that sent them), and the time. "Seen" acknowledges
// it for every console (ack_referral); "Clear…" asks, then lets the runner check in again
// (clear_referral). A form in the queue panel clears an acknowledged referral by bib.

import { timeOfDay } from '/shared/format.js';
import { $, h, setHidden } from '/shared/dom.js';
import { confirmAction } from './ui.js';

// The kiosk's triage questions, as a volunteer reads them.
export const QUESTION_LABELS = {
  chest_or_breathing: 'chest pain or trouble breathing',
  dizzy_or_confused: 'dizzy, faint or confused',
  suspected_injury: 'possible injury',
  severe_cramping: 'severe cramps',
  open_wound: 'open wound or bad blisters',
  too_hot_or_cold: 'very hot, or very cold and shivering',
};

function what(r) {
  if (r.from === 'table') return `Sent to medical from ${r.table_name ?? `table ${r.table}`}`;
  const answers = r.red_flags.map((q) => QUESTION_LABELS[q] ?? q);
  return `Answered yes at the kiosk: ${answers.join('; ')}`;
}

// Asks, then clears bib's referral; resolves true when the server agreed.
async function clearReferral(ctx, bib, name, returnFocus) {
  const yes = await confirmAction({
    title: `Clear the referral of bib ${bib}?`,
    message: `Only when medical has seen ${name ?? 'the runner'} and says a massage is fine. Bib ${bib} can then check in at the kiosk again.`,
    confirmLabel: 'Yes, medical cleared them',
    returnFocus,
  });
  if (!yes) return false;
  const reply = await ctx.run('clear_referral', { bib }, `Bib ${bib}`);
  if (reply.ok) ctx.messages.notice(`Bib ${bib}: referral cleared. The runner may check in again.`);
  return reply.ok;
}

// An acknowledged referral has no alert any more: this form clears one by bib (in the queue panel).
function clearByBibForm(ctx) {
  const input = h('input', { id: 'clear-referral-bib', name: 'bib', type: 'text', 'data-maxlength': 'bib_max_length', autocapitalize: 'characters', autocomplete: 'off', required: true });
  const form = h('form', { class: 'clear-referral' },
    h('label', { for: input.id }, 'Medical cleared a runner? Their bib'),
    h('div', { class: 'inline' }, input, h('button', { type: 'submit' }, 'Clear referral…')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const bib = input.value.trim().toUpperCase();
    if (bib && (await clearReferral(ctx, bib, null, input))) form.reset();
  });
  return h('details', { class: 'clear-referral-box' }, h('summary', {}, 'Clear a medical referral'), form);
}

// ctx: {tent, run, messages}
export function createReferrals(ctx) {
  const section = $('referrals');
  const list = h('ul', { class: 'referral-list' });
  section.append(h('h2', { class: 'referrals-title' }, 'Medical referrals'), list);
  $('add-runner-form')?.after(clearByBibForm(ctx));
  let shown = '';

  function alertItem(r) {
    const who = `Bib ${r.bib}`;
    const ack = h('button', {
      type: 'button', class: 'primary ack',
      onclick: async () => {
        ack.disabled = true;
        const reply = await ctx.run('ack_referral', { bib: r.bib }, who);
        ack.disabled = false;
        if (reply.ok) ctx.messages.notice(`${who}: referral acknowledged.`);
      },
    }, 'Acknowledge');
    const clear = h('button', {
      type: 'button', class: 'danger-outline clear',
      onclick: () => clearReferral(ctx, r.bib, r.name, clear),
    }, 'Clear…');
    return h('li', { class: 'referral', role: 'alert', dataset: { bib: r.bib } },
      h('div', { class: 'referral-head' },
        h('span', { class: 'referral-bib' }, who),
        r.name ? h('span', { class: 'referral-name' }, r.name) : null,
        h('time', { class: 'referral-time', datetime: new Date(r.at).toISOString() }, timeOfDay(r.at))),
      h('p', { class: 'referral-what' }, what(r)),
      h('div', { class: 'referral-actions' }, ack, clear));
  }

  // Rebuilt only when the list changes, so a tap in progress is never lost to a frame.
  function render() {
    const referrals = ctx.tent.state.referrals ?? [];
    const key = JSON.stringify(referrals);
    if (key === shown) return;
    shown = key;
    list.replaceChildren(...referrals.map(alertItem));
    setHidden(section, referrals.length === 0);
  }

  return { render };
}
