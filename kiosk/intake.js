// The focus-area tiles and the one-screen triage (wire names from docs/protocol.md). Areas live in
// the tiles' aria-pressed states. Triage: the red flags as large tiles, "tap any that applies"; a
// tapped tile asks "Are you sure?" (its own screen) before the runner is sent to medical, and "Back"
// there un-taps it; one large "None of these apply" checks the runner in. resetIntake() clears both
// for the next runner.
import { t } from './i18n.js';
import { show } from './screens.js';
import { $, h } from '/shared/dom.js';

export const AREAS = ['calves', 'hamstrings', 'quads', 'glutes_hips', 'it_band', 'feet', 'lower_back', 'shoulders'];
export const QUESTIONS = ['chest_or_breathing', 'dizzy_or_confused', 'suspected_injury', 'severe_cramping', 'open_wound', 'too_hot_or_cold'];

// The triage as the runner left it: null until answered, then {question: bool} for every question.
let answers = null;

export function buildIntake({ onAreasNext, onAreasBack, onTriageDone, onTriageBack }) {
  const tiles = $('area-tiles');
  for (const area of AREAS) {
    const b = h('button', {
      type: 'button', class: 'tile', dataset: { area }, 'aria-pressed': 'false',
      onclick: () => {
        b.setAttribute('aria-pressed', String(b.getAttribute('aria-pressed') !== 'true'));
        updateAreasNext();
      },
    }, h('span', { dataset: { i18n: `area_${area}` } }));
    tiles.append(b);
  }
  $('areas-next').addEventListener('click', () => onAreasNext());
  $('areas-back').addEventListener('click', () => onAreasBack());

  const flags = $('questions');
  for (const q of QUESTIONS) {
    flags.append(h('button', {
      type: 'button', class: 'flag', dataset: { question: q }, 'aria-pressed': 'false',
      onclick: (e) => confirmFlag(e.currentTarget),
    }, h('span', { dataset: { i18n: `q_${q}` } })));
  }
  $('triage-none').addEventListener('click', () => {
    answers = Object.fromEntries(QUESTIONS.map((q) => [q, false]));
    onTriageDone();
  });
  $('triage-back').addEventListener('click', () => onTriageBack());
  // "Yes": only the confirmed question is known to be true; the others were never answered.
  $('confirm-yes').addEventListener('click', () => {
    answers = Object.fromEntries(pressedFlags().map((q) => [q, true]));
    onTriageDone();
  });
  $('confirm-back').addEventListener('click', () => {
    for (const b of flags.querySelectorAll('.flag')) b.setAttribute('aria-pressed', 'false');
    show('triage', { focus: flags.querySelector(`[data-question="${$('screen-confirm').dataset.question}"]`) });
  });
  resetIntake();
}

// A tapped red flag: marked, then "Are you sure? This sends you to the medical tent".
function confirmFlag(tile) {
  tile.setAttribute('aria-pressed', 'true');
  const q = tile.dataset.question;
  $('screen-confirm').dataset.question = q;
  $('confirm-question').dataset.i18n = `q_${q}`;
  $('confirm-question').textContent = t(`q_${q}`);
  show('confirm');
}

const pressedFlags = () => [...document.querySelectorAll('#questions .flag[aria-pressed="true"]')].map((b) => b.dataset.question);

export function selectedAreas() {
  return [...document.querySelectorAll('#area-tiles .tile[aria-pressed="true"]')].map((b) => b.dataset.area);
}

// {question: bool}: every question false after "None of these apply", the confirmed one true after "Yes".
export function triageAnswers() { return answers ?? {}; }
export function anyRedFlag() { return Object.values(triageAnswers()).some(Boolean); }

function updateAreasNext() {
  const key = selectedAreas().length === 0 ? 'areas_skip' : 'next';
  $('areas-next').dataset.i18n = key;
  $('areas-next').textContent = t(key);
}

export function resetIntake() {
  answers = null;
  for (const b of document.querySelectorAll('#area-tiles .tile, #questions .flag')) b.setAttribute('aria-pressed', 'false');
  updateAreasNext();
}
