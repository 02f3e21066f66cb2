// The announcement every screen shows (POST /api/announcement {text, translations}; "" clears):
// a main text and, optionally, one per language the kiosk offers (pages in that language show it,
// shared/announcement.js). And the sessions CSV download (the export needs the PIN in a header, so it is fetched, then saved
// from a Blob URL).

import { api, offlineReply } from '/shared/rest.js';
import { h } from '/shared/dom.js';
import { tentPath } from '/shared/tent-path.js';
import { errorMessage, isoDate } from './util.js';

export class AnnouncementPanel {
  constructor(root, { pin }) {
    this.pin = pin;
    this.max = null;   // text_max_length from the server's limits
    this.form = root.querySelector('#announce-form');
    this.text = root.querySelector('#announce-text');
    this.count = root.querySelector('#announce-count');
    this.current = root.querySelector('#announce-current');
    this.status = root.querySelector('#announce-status');
    this.text.addEventListener('input', () => this.counter());
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.post(this.text.value.trim()); });
    root.querySelector('#announce-clear').addEventListener('click', () => this.post(''));
    this.langs = root.querySelector('#announce-langs');
    this.fields = new Map();   // language code -> textarea
    this.counter();
    this.loadLanguages();
  }

  // One field per language the kiosk offers (GET /api/languages/kiosk).
  async loadLanguages() {
    const reply = await api('/api/languages/kiosk');
    const languages = reply.status === 200 ? reply.body.languages ?? [] : [];
    for (const { code, name } of languages) {
      const id = `announce-text-${code}`;
      const area = h('textarea', { id, rows: 2, lang: code, 'data-maxlength': 'text_max_length' });
      if (this.max != null) area.maxLength = this.max;
      this.fields.set(code, area);
      this.langs.append(h('label', { for: id }, `${name} (${code})`), area);
    }
    this.langs.hidden = languages.length === 0;
  }

  // The filled-in language fields, as {code: text}.
  translations() {
    const out = {};
    for (const [code, area] of this.fields) if (area.value.trim()) out[code] = area.value.trim();
    return out;
  }

  // The server's limits (from the snapshot): the longest announcement it takes.
  setLimits(limits) {
    this.max = limits?.text_max_length ?? null;
    for (const area of this.fields.values()) if (this.max != null) area.maxLength = this.max;
    this.counter();
  }

  counter() {
    const n = [...this.text.value].length;
    this.count.textContent = this.max == null ? `${n}` : `${n} / ${this.max}`;
    this.count.dataset.kind = this.max != null && n > this.max ? 'error' : '';
  }

  // The announcement showing now, with its texts per language when known ("de: …" lines).
  show(text, translations = {}) {
    const lines = Object.entries(translations ?? {}).flatMap(([code, t]) => [h('br'), `${code}: ${t}`]);
    if (text) this.current.replaceChildren(text, ...lines);
    else this.current.textContent = 'No announcement is showing.';
    this.current.classList.toggle('none', !text);
  }

  async post(text) {
    const translations = text ? this.translations() : {};
    const tooLong = [text, ...Object.values(translations)].some((t) => this.max != null && [...t].length > this.max);
    if (tooLong) { this.say(`Keep each text to ${this.max} characters.`, 'error'); return; }
    this.say(text ? 'Posting…' : 'Clearing…');
    const reply = await api('/api/announcement', { method: 'POST', body: { text, translations }, pin: this.pin });
    if (reply.status !== 200) { this.say(errorMessage(reply, 'The announcement was not changed.'), 'error'); return; }
    this.say(text ? 'Posted: every screen shows it now.' : 'Cleared.', 'ok');
    if (!text) {
      this.text.value = '';
      for (const area of this.fields.values()) area.value = '';
    }
    this.show(text, translations);
    this.counter();
  }

  say(text, kind = '') {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }
}

// Downloads GET /api/export/sessions.csv (this tent's) as massage-tent-sessions-YYYY-MM-DD.csv;
// returns an error message or null.
export const downloadSessions = (pin) => downloadCsv(pin, '/api/export/sessions.csv', 'sessions');

// Downloads a CSV export (`path`, sent with the PIN) as massage-tent-WHAT-YYYY-MM-DD.csv; returns
// an error message or null.
export async function downloadCsv(pin, path, what) {
  let res;
  try {
    res = await fetch(tentPath(path), { headers: { Authorization: `Bearer ${pin}` } });
  } catch {
    return errorMessage(offlineReply());
  }
  if (!res.ok) {
    const body = (res.headers.get('Content-Type') ?? '').includes('json') ? await res.json().catch(() => ({})) : {};
    return errorMessage({ status: res.status, body }, 'The export failed.');
  }
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: `massage-tent-${what}-${isoDate()}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return null;
}
