// The runner's answer after the session: "How do your legs feel now?" on five faces, then "Would
// you come back next year?" Yes / No. Each tap is sent at once (POST /api/tickets/{bib}/feedback
// with the runner's status key, `k` in the page's address, which only the kiosk's QR code carries):
// a face alone, which keeps the server's yes or no, or a yes or no with the face; every answer
// replaces the one before, until the server's `until` (an hour after the first, or 20 changes): the
// server decides when it is final (409 feedback_closed), never this phone's clock, which may be
// wrong. The reply is the whole answer as stored, kept in localStorage per tent, bib and key with
// the finish it answers (the ticket's finished_at), so a reload shows it, and a finish undone and
// given again (the server drops the answer) asks again; a second phone learns an earlier yes or no
// with its first face. No free text.
//
// The card shows only while the page says the session is over and the page has a key; a key the
// server does not take (403 wrong_key) hides it, quietly, for as long as the page is open.

import { api, offlineReply } from '/shared/rest.js';
import { $, setAttr, setText } from '/shared/dom.js';
import { tentPath } from '/shared/tent-path.js';

const SVG = 'http://www.w3.org/2000/svg';
export const LEGS = [1, 2, 3, 4, 5];   // 1 very sore … 5 great (the server's scale)
// A send that neither answers nor fails (the tent's Wi-Fi gone mid-request) counts as not sent after this.
const SEND_TIMEOUT_MS = 8000;

// Mouth and brows of each face on a 48×48 face (the face is a circle of radius 21 at 24,24).
const FACES = {
  1: { color: '#ff5c5c', mouth: 'M15 35 Q24 25 33 35', brows: ['M12 15 L20 18', 'M36 15 L28 18'] },
  2: { color: '#ff9f43', mouth: 'M16 34 Q24 29 32 34' },
  3: { color: '#ffd23f', mouth: 'M16 32 L32 32' },
  4: { color: '#a6e05a', mouth: 'M15 30 Q24 37 33 30' },
  5: { color: '#2ecc71', mouth: 'M13 28 Q24 42 35 28 Z', filled: true },
};

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

// A face for a legs answer, drawn (headless Chromium on Debian has no colour-emoji font, and
// neither have some phones); decoration only: the word under it names the button.
export function face(legs) {
  const f = FACES[legs];
  const root = svg('svg', { viewBox: '0 0 48 48', width: '44', height: '44', 'aria-hidden': 'true', focusable: 'false', class: 'face-svg' });
  root.append(svg('circle', { cx: 24, cy: 24, r: 21, fill: f.color, stroke: '#111', 'stroke-width': 2 }));
  root.append(svg('circle', { cx: 17, cy: 21, r: 2.6, fill: '#111' }), svg('circle', { cx: 31, cy: 21, r: 2.6, fill: '#111' }));
  for (const d of f.brows ?? []) root.append(svg('path', { d, stroke: '#111', 'stroke-width': 2.4, 'stroke-linecap': 'round', fill: 'none' }));
  root.append(svg('path', {
    d: f.mouth, stroke: '#111', 'stroke-width': 2.6, 'stroke-linecap': 'round', 'stroke-linejoin': 'round',
    fill: f.filled ? '#111' : 'none',
  }));
  return root;
}

// "15:42" in the runner's language, 24-hour (the tent's clocks and signs are).
export function timeText(ms, lang) {
  try {
    return new Date(ms).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  } catch {
    return new Date(ms).toTimeString().slice(0, 5);
  }
}

// The card in status/index.html (#feedback) for one runner's visit, in the page's language.
export function createFeedback({ bib, key, t, lang }) {
  const storeName = `massage-tent.feedback|${tentPath('/status/')}|${bib}|${key}`;
  // {legs, come_back, until, closed, finished_at}: the last answer the server took (or null), as
  // stored, for the finish it answers.
  let answer = load();
  let finishedAt;            // the finish the card answers (see show); undefined while none is over
  let wrongKey = false;
  let closedWithout = false;   // closed before this phone knew an answer (another phone gave it)
  let error = false;        // the last send did not get through
  let sent = 0;             // requests made; a reply older than the last one applied is dropped
  let applied = 0;
  let shown = false;

  const legsButtons = new Map();
  const comeBackButtons = new Map();
  for (const legs of LEGS) {
    const button = $(`fb-legs-${legs}`);
    button.prepend(face(legs));
    button.addEventListener('click', () => send({ legs }, button));
    legsButtons.set(legs, button);
  }
  for (const value of [true, false]) {
    const button = $(value ? 'fb-yes' : 'fb-no');
    button.addEventListener('click', () => { if (answer) send({ legs: answer.legs, come_back: value }, button); });
    comeBackButtons.set(value, button);
  }

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(storeName) ?? 'null');
      return LEGS.includes(saved?.legs) ? saved : null;
    } catch { return null; }
  }

  function save() {
    try { localStorage.setItem(storeName, JSON.stringify(answer)); } catch { /* storage off: this page load only */ }
  }

  // The visit as the page now knows it. What the card holds for another finish, or for a visit no
  // longer over (an undone finish: the server dropped the answer), goes: the answer, here and
  // stored, and a "closed" or "not sent" learned for it.
  function belongTo(on, finish) {
    if (!on || finish !== finishedAt) closedWithout = error = false;
    if (answer && (!on || answer.finished_at !== finish)) {
      answer = null;
      try { localStorage.removeItem(storeName); } catch { /* storage off */ }
    }
    finishedAt = on ? finish : undefined;
  }

  // Only the server closes the answer: a phone's clock may be an hour off.
  const closed = () => !!answer?.closed || closedWithout;

  async function send(fields, button) {
    if (closed() || wrongKey) return;
    const n = ++sent;
    const finish = finishedAt;
    button.dataset.sending = '';
    let timer;
    const res = await Promise.race([
      api(`/api/tickets/${encodeURIComponent(bib)}/feedback`, { method: 'POST', body: { key, ...fields } }),
      new Promise((resolve) => { timer = setTimeout(() => resolve(offlineReply()), SEND_TIMEOUT_MS); }),
    ]);
    clearTimeout(timer);
    delete button.dataset.sending;
    if (n < applied || finish !== finishedAt) return;   // a newer reply, or a finish since undone
    const code = res.body?.error?.code;
    if (res.status === 200 && res.body?.feedback) {
      applied = n;
      const fb = res.body.feedback;
      answer = { legs: fb.legs, come_back: fb.come_back ?? null, until: fb.until, closed: false, finished_at: finish };
      error = false;
      save();
    } else if (code === 'wrong_key') {
      wrongKey = true;
    } else if (code === 'feedback_closed') {
      applied = n;
      error = false;
      if (answer) { answer.closed = true; save(); } else closedWithout = true;
    } else if (n === sent) {
      error = true;    // offline, the server in trouble, or a refusal a later tap may not get: unmarked
    }
    render();
  }

  function render() {
    const card = $('feedback');
    const visible = shown && !wrongKey;
    card.hidden = !visible;
    if (!visible) return;
    const over = closed();
    for (const [legs, button] of legsButtons) {
      setAttr(button, 'aria-pressed', String(answer?.legs === legs));
      button.disabled = over;
    }
    $('fb-come-back').hidden = !answer;
    for (const [value, button] of comeBackButtons) {
      setAttr(button, 'aria-pressed', String(answer?.come_back === value));
      button.disabled = over;
    }
    // Final (this phone's answer or another's): say so, else the greyed faces explain nothing.
    setText($('fb-thanks'), over ? t('fb_closed') : answer ? t('fb_thanks') : '');
    setText($('fb-until'), answer && !over ? t('fb_until', { time: timeText(answer.until, lang) }) : '');
    setText($('fb-error'), error ? t('fb_not_sent') : '');
  }

  function label() {
    setText($('fb-legs-question'), t('fb_legs_question'));
    for (const legs of LEGS) setText($(`fb-legs-${legs}`).querySelector('.face-word'), t(`fb_legs_${legs}`));
    setText($('fb-come-back-question'), t('fb_come_back_question'));
    setText($('fb-yes'), t('fb_yes'));
    setText($('fb-no'), t('fb_no'));
  }

  label();
  return {
    // on: the session is over (the card shows when the key was not refused); finish: the ticket's
    // finished_at (null when it carries none), or undefined while the page knows no ticket
    // (offline), which keeps what is stored. Called every second by the page.
    show(on, finish) {
      if (finish !== undefined) belongTo(on, finish);
      shown = on;
      render();
    },
  };
}
