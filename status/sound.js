// The runner's phone rings when called: a short three-note chime (WebAudio, generated, no file),
// with the vibration and the full-screen overlay. Phones keep audio off until the page has been
// touched, so a small "Tap to turn on sound" shows until the first tap unlocks it.

import { playTones } from '/shared/tones.js';

const NOTES = [[784, 0], [988, 0.22], [1175, 0.44]];

export function createRinger(button, t) {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) return { ring() {}, relabel() {} };
  const ctx = new Ctx();
  const running = () => ctx.state === 'running';
  const show = () => { button.hidden = running(); };
  button.textContent = t('sound_prompt');
  const unlock = async () => {
    try { await ctx.resume(); } catch { /* stays off; the button stays */ }
    show();
    if (running()) for (const type of ['click', 'keydown']) removeEventListener(type, unlock, true);
  };
  for (const type of ['click', 'keydown']) addEventListener(type, unlock, true);
  ctx.addEventListener?.('statechange', show);
  ctx.resume?.();
  setTimeout(show, 300);   // a new context runs a moment later when the browser allows sound
  return {
    ring() {
      if (!running()) return;   // the browser would drop it; the vibration and overlay still show
      playTones(ctx, NOTES, { peak: 0.6, fade: 0.35 });
    },
  };
}
