// The focus-area tiles and the triage questions (wire names from docs/protocol.md). Answers live
// in the tiles' aria-pressed states; resetIntake() clears them for the next runner.
import { t } from './i18n.js';
import { $, h } from '/shared/dom.js';

export const AREAS = ['calves', 'hamstrings', 'quads', 'glutes_hips', 'it_band', 'feet', 'lower_back', 'shoulders'];
export const QUESTIONS = ['chest_or_breathing', 'dizzy_or_confused', 'suspected_injury', 'severe_cramping', 'open_wound', 'too_hot_or_cold'];

export function buildIntake({ onAreasNext, onAreasBack, onTriageNext, onTriageBack }) {
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

  const list = $('questions');
  for (const q of QUESTIONS) {
    const row = h('div', { class: 'question', role: 'group', 'aria-labelledby': `q-${q}`, dataset: { question: q } },
      h('p', { id: `q-${q}`, dataset: { i18n: `q_${q}` } }));
    for (const answer of ['yes', 'no']) {
      const b = h('button', {
        type: 'button', class: `answer answer-${answer}`, dataset: { answer, i18n: answer }, 'aria-pressed': 'false',
        onclick: () => {
          for (const other of row.querySelectorAll('.answer')) other.setAttribute('aria-pressed', String(other === b));
          updateTriageNext();
        },
      });
      row.append(b);
    }
    list.append(row);
  }
  // aria-disabled rather than disabled: a tap on it still explains what is missing.
  $('triage-next').addEventListener('click', () => {
    if (triageComplete()) onTriageNext();
    else $('triage-missing').hidden = false;
  });
  $('triage-back').addEventListener('click', () => onTriageBack());
  resetIntake();
}

export function selectedAreas() {
  return [...document.querySelectorAll('#area-tiles .tile[aria-pressed="true"]')].map((b) => b.dataset.area);
}

// {question: bool} for every answered question.
export function triageAnswers() {
  const answers = {};
  for (const row of document.querySelectorAll('#questions .question')) {
    const pressed = row.querySelector('.answer[aria-pressed="true"]');
    if (pressed) answers[row.dataset.question] = pressed.dataset.answer === 'yes';
  }
  return answers;
}

export function triageComplete() { return Object.keys(triageAnswers()).length === QUESTIONS.length; }
export function anyRedFlag() { return Object.values(triageAnswers()).some(Boolean); }

function updateAreasNext() {
  const key = selectedAreas().length === 0 ? 'areas_skip' : 'next';
  $('areas-next').dataset.i18n = key;
  $('areas-next').textContent = t(key);
}

function updateTriageNext() {
  const complete = triageComplete();
  $('triage-next').setAttribute('aria-disabled', String(!complete));
  if (complete) $('triage-missing').hidden = true;
}

export function resetIntake() {
  for (const b of document.querySelectorAll('#area-tiles .tile, #questions .answer')) b.setAttribute('aria-pressed', 'false');
  $('triage-missing').hidden = true;
  updateAreasNext();
  updateTriageNext();
}
