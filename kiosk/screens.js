// Screen switching and the inactivity reset. Exactly one <section class="screen"> shows at a time;
// every screen goes back to the start after a while without a touch (result screens sooner), and
// a screen with a [data-countdown] element shows the seconds left.
import { t } from './i18n.js';
import { $ } from '/shared/dom.js';

const timeouts = { normal: 60_000, result: 45_000 };
let active = null;
let deadline = 0;
let idleTimer = null;
let tickTimer = null;
let onIdle = () => {};

// idleSeconds: from ?idle= (tests); result screens get three quarters of it (45 s of 60 s).
export function setupIdle(idleSeconds, handler) {
  if (idleSeconds > 0) {
    timeouts.normal = idleSeconds * 1000;
    timeouts.result = idleSeconds * 750;
  }
  onIdle = handler;
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel']) {
    document.addEventListener(type, touch, { capture: true, passive: true });
  }
}

export function activeScreen() { return active; }

// Shows screen `name` (section#screen-<name>) and moves focus to `focus`, else to the screen's
// [data-autofocus] element (the start screen's bib field), else to its heading.
export function show(name, { focus } = {}) {
  for (const s of document.querySelectorAll('.screen')) s.hidden = s.id !== `screen-${name}`;
  active = name;
  const screen = $(`screen-${name}`);
  document.body.dataset.screen = name;
  (focus ?? screen.querySelector('[data-autofocus]') ?? screen.querySelector('h1'))?.focus({ preventScroll: true });
  window.scrollTo(0, 0);
  touch();
}

// Restarts the inactivity timer (any touch, key or scanner input).
export function touch() {
  const screen = active && $(`screen-${active}`);
  if (!screen) return;
  const ms = screen.dataset.idle === 'result' ? timeouts.result : timeouts.normal;
  deadline = Date.now() + ms;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => onIdle(), ms);
  clearInterval(tickTimer);
  const countdown = screen.querySelector('[data-countdown]');
  if (countdown) {
    const tick = () => { countdown.textContent = t('closes_in', { s: Math.max(0, Math.ceil((deadline - Date.now()) / 1000)) }); };
    tick();
    tickTimer = setInterval(tick, 1000);
  }
}
