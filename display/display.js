// The tent's big screen: follows the public feed and redraws on every change and once a second
// (timers, highlights, the clock, paging through the line). No interaction but the one tap that
// lets the browser play sound.
//
// URL options: ?chime=0 (no chime on calls; on by default), ?speak=1 (speak calls with a local
// voice), ?langs=en,de (the fixed labels alternate between these languages every LANG_MS;
// English only by default).

import { TentClient } from '/shared/tent-client.js';
import { Screen } from './render.js';
import { createAnnouncer } from './announce.js';
import { english } from './labels.js';
import { loadLanguages } from './languages.js';
import { $ } from '/shared/dom.js';

const LANG_MS = 6_000;

const params = new URLSearchParams(location.search);
const tent = new TentClient();
const screen = new Screen(tent);
const announcer = createAnnouncer(tent, { chime: params.get('chime') !== '0', speak: params.get('speak') === '1', t: english });

// Frames can come in bursts (a reconnect replays what was missed): draw once per animation frame.
let drawPending = false;
function draw() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => { drawPending = false; screen.render(); });
}

tent.addEventListener('change', (e) => {
  const frame = e.detail;
  if (frame.type === 'update') {
    for (const ev of frame.events ?? []) {
      if (ev.type === 'recalled') screen.recalled(ev.table);
      if (ev.type === 'called' || ev.type === 'recalled') announcer.call(ev.table, ev.bib);
    }
  }
  draw();
});

const resize = new ResizeObserver(() => screen.render());
for (const id of ['screen', 'next']) resize.observe($(id));
screen.render();
setInterval(() => screen.render(), 1000);

loadLanguages(params.get('langs')).then((langs) => {
  if (!langs.length) return;
  let i = 0;
  const show = () => {
    const { code, t } = langs[i % langs.length];
    screen.setLanguage(t, code);
    announcer.relabel(t);
    screen.render();
    i++;
  };
  show();
  if (langs.length > 1) setInterval(show, LANG_MS);
});
