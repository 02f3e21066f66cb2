// The announcement every screen shows (POST /api/announcement {text}; "" clears), and the
// sessions CSV download (the export needs the PIN in a header, so it is fetched, then saved
// from a Blob URL).

import { api, offlineReply } from '/shared/rest.js';
import { h } from '/shared/dom.js';
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
    this.counter();
  }

  // The server's limits (from the snapshot): the longest announcement it takes.
  setLimits(limits) {
    this.max = limits?.text_max_length ?? null;
    this.counter();
  }

  counter() {
    const n = [...this.text.value].length;
    this.count.textContent = this.max == null ? `${n}` : `${n} / ${this.max}`;
    this.count.dataset.kind = this.max != null && n > this.max ? 'error' : '';
  }

  show(text) {
    this.current.textContent = text || 'No announcement is showing.';
    this.current.classList.toggle('none', !text);
  }

  async post(text) {
    if (this.max != null && [...text].length > this.max) { this.say(`Keep it to ${this.max} characters.`, 'error'); return; }
    this.say(text ? 'Posting…' : 'Clearing…');
    const reply = await api('/api/announcement', { method: 'POST', body: { text }, pin: this.pin });
    if (reply.status !== 200) { this.say(errorMessage(reply, 'The announcement was not changed.'), 'error'); return; }
    this.say(text ? 'Posted: every screen shows it now.' : 'Cleared.', 'ok');
    if (!text) this.text.value = '';
    this.show(text);
    this.counter();
  }

  say(text, kind = '') {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }
}

// Downloads GET /api/export/sessions.csv as massage-tent-sessions-YYYY-MM-DD.csv; returns an error message or null.
export async function downloadSessions(pin) {
  let res;
  try {
    res = await fetch('/api/export/sessions.csv', { headers: { Authorization: `Bearer ${pin}` } });
  } catch {
    return errorMessage(offlineReply());
  }
  if (!res.ok) {
    const body = (res.headers.get('Content-Type') ?? '').includes('json') ? await res.json().catch(() => ({})) : {};
    return errorMessage({ status: res.status, body }, 'The export failed.');
  }
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: `massage-tent-sessions-${isoDate()}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return null;
}
