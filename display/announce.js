// Sound for calls: a generated two-tone chime (WebAudio) on every call, on by default (?chime=0
// turns it off), and optionally a spoken "Bib 1 2 3 4, Table 2" (?speak=1) with a voice installed
// on this machine (never a network voice: there is no internet).
//
// Browsers keep sound off until someone has touched the page. At set-up a "Tap to enable sound"
// button shows until the first tap or key press (once: the browser remembers it for the tab), and
// a small indicator in the header says whether sound is on.
//
// Calls are gathered for a moment before sounding: after a reconnect the server replays missed
// frames in a burst, and only calls still standing once the burst is applied are announced.

import { $ } from '/shared/dom.js';
import { playTones } from '/shared/tones.js';

const GATHER_MS = 400;
const MAX_SPOKEN = 4;   // per burst; the screen shows the rest
const CHECK_MS = 300;   // a new AudioContext starts suspended and runs a moment later when allowed

export function createAnnouncer(tent, { chime = true, speak = false, t = (k) => k } = {}) {
  if (!chime && !speak) return { call() {}, relabel() {} };
  const audio = chime ? makeAudio() : null;
  const synth = speak && 'speechSynthesis' in window ? window.speechSynthesis : null;
  const indicator = soundIndicator(audio, synth, t);
  let pending = new Map();   // table id -> bib, cleared on every flush
  let timer = null;

  function flush() {
    timer = null;
    const standing = [];
    for (const [id, bib] of pending) {
      const tb = tent.state.tables.get(id);
      if (tb?.state === 'called' && tb.bib === bib) standing.push(tb);
    }
    pending = new Map();
    if (!standing.length) return;
    if (audio) chimeOnce(audio);
    if (synth) for (const tb of standing.slice(0, MAX_SPOKEN)) say(synth, tb.bib, tb.name);
  }

  return {
    // A `called` or `recalled` event for this table; `bib` may be missing on a recall.
    call(tableId, bib) {
      const tb = tent.state.tables.get(tableId);
      const who = bib ?? tb?.bib;
      if (!who) return;
      pending.set(tableId, who);
      if (!timer) timer = setTimeout(flush, GATHER_MS);
    },
    relabel(tr) { indicator.relabel(tr); },
  };
}

function makeAudio() {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  return Ctx ? new Ctx() : null;
}

function chimeOnce(ctx) {
  if (ctx.state === 'suspended') ctx.resume();
  playTones(ctx, [[880, 0], [660, 0.28]], { peak: 0.5, fade: 0.45 });
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

// The header's "Sound on / off" and the set-up prompt. Sound is on when the AudioContext runs
// (or, for speech only, once the page has had a user gesture).
function soundIndicator(audio, synth, t) {
  const state = $('sound-state');
  const prompt = $('sound-prompt');
  let tr = t;
  const on = () => (audio ? audio.state === 'running' : !!navigator.userActivation?.hasBeenActive);
  const show = () => {
    const isOn = on();
    state.hidden = false;
    state.toggleAttribute('data-on', isOn);
    state.textContent = tr(isOn ? 'sound_on' : 'sound_off');
    prompt.textContent = tr('sound_prompt');
    if (isOn) prompt.hidden = true;
  };
  audio?.resume?.();
  audio?.addEventListener?.('statechange', show);
  show();
  // Still off a moment after start: the browser wants a gesture first.
  setTimeout(() => { show(); if (!on()) prompt.hidden = false; }, CHECK_MS);
  const unblock = async () => {
    try { await audio?.resume(); } catch { /* stays off; the indicator says so */ }
    if (synth && !audio) synth.getVoices();
    prompt.hidden = true;
    show();
    if (on()) {
      removeEventListener('pointerdown', unblock);
      removeEventListener('keydown', unblock);
    }
  };
  addEventListener('pointerdown', unblock);
  addEventListener('keydown', unblock);
  return { relabel(next) { tr = next; show(); } };
}
