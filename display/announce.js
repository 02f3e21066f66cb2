// Optional sound for calls: a generated two-tone chime (WebAudio) and a spoken "Bib 1 2 3 4,
// Table 2" with a voice installed on this machine (never a network voice: there is no internet).
// Both are off unless the page is opened with ?chime=1 and/or ?speak=1.
//
// Calls are gathered for a moment before sounding: after a reconnect the server replays missed
// frames in a burst, and only calls still standing once the burst is applied are announced.

import { $ } from '/shared/dom.js';

const GATHER_MS = 400;
const MAX_SPOKEN = 4;   // per burst; the screen shows the rest

export function createAnnouncer(tent, { chime = false, speak = false } = {}) {
  if (!chime && !speak) return { call() {} };
  const audio = chime ? makeAudio() : null;
  const synth = speak && 'speechSynthesis' in window ? window.speechSynthesis : null;
  offerUnblock(audio, synth);
  let pending = new Map();   // table id -> bib, cleared on every flush
  let timer = null;

  function flush() {
    timer = null;
    const standing = [];
    for (const [id, bib] of pending) {
      const t = tent.state.tables.get(id);
      if (t?.state === 'called' && t.bib === bib) standing.push(t);
    }
    pending = new Map();
    if (!standing.length) return;
    if (audio) chimeOnce(audio);
    if (synth) for (const t of standing.slice(0, MAX_SPOKEN)) say(synth, t.bib, t.name);
  }

  return {
    // A `called` or `recalled` event for this table; `bib` may be missing on a recall.
    call(tableId, bib) {
      const t = tent.state.tables.get(tableId);
      const who = bib ?? t?.bib;
      if (!who) return;
      pending.set(tableId, who);
      if (!timer) timer = setTimeout(flush, GATHER_MS);
    },
  };
}

function makeAudio() {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  return Ctx ? new Ctx() : null;
}

function chimeOnce(ctx) {
  if (ctx.state === 'suspended') ctx.resume();
  const t0 = ctx.currentTime + 0.02;
  [[880, 0], [660, 0.28]].forEach(([freq, offset]) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t0 + offset);
    gain.gain.exponentialRampToValueAtTime(0.5, t0 + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + offset + 0.45);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + offset);
    osc.stop(t0 + offset + 0.5);
  });
}

function say(synth, bib, tableName) {
  const lang = document.documentElement.lang || 'en';
  const local = synth.getVoices().filter((v) => v.localService);
  const voice = local.find((v) => v.lang.toLowerCase().startsWith(lang)) ?? local[0];
  if (!voice) return;
  const u = new SpeechSynthesisUtterance(`Bib ${[...bib].join(' ')}, ${tableName}`);
  u.voice = voice;
  u.lang = voice.lang;
  u.rate = 0.9;
  synth.speak(u);
}

// Browsers keep sound off until someone has touched the page: say so on screen, and switch it on
// at the first click or key press.
function offerUnblock(audio, synth) {
  const hint = $('sound-hint');
  if (!hint) return;
  audio?.resume();
  // A new AudioContext starts suspended and runs a moment later when the browser allows sound.
  setTimeout(() => {
    const blocked = (audio && audio.state !== 'running') || (synth && !navigator.userActivation?.hasBeenActive);
    if (blocked && !navigator.userActivation?.hasBeenActive) hint.hidden = false;
  }, 1000);
  const unblock = () => {
    hint.hidden = true;
    audio?.resume();
    removeEventListener('pointerdown', unblock);
    removeEventListener('keydown', unblock);
  };
  addEventListener('pointerdown', unblock);
  addEventListener('keydown', unblock);
}
