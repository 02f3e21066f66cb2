// Roster upload: a CSV file (or pasted text) is previewed with POST /api/roster?dry_run=1, then
// loaded with POST /api/roster. Both send the CSV itself (Content-Type: text/csv); the server
// parses it and reports bad rows by line number. Loading replaces the whole runner list.

import { api } from '/shared/rest.js';
import { h } from '/shared/dom.js';
import { errorMessage } from './util.js';

const rows = (n) => `${n} ${n === 1 ? 'row' : 'rows'}`;

const MAX_BYTES = 1024 * 1024;  // the server's body limit

const postCsv = (path, csv, pin) => api(path, { method: 'POST', body: csv, pin, headers: { 'Content-Type': 'text/csv' } });

export class RosterPanel {
  constructor(root, { pin }) {
    this.root = root;
    this.pin = pin;
    this.csv = null;  // the text that was previewed; loading sends exactly this
    this.text = root.querySelector('#roster-text');
    this.file = root.querySelector('#roster-file');
    this.status = root.querySelector('#roster-status');
    this.preview = root.querySelector('#roster-preview');
    this.loadButton = root.querySelector('#roster-load');
    this.file.addEventListener('change', () => this.readFile());
    this.text.addEventListener('input', () => this.invalidate());
    root.querySelector('#roster-check').addEventListener('click', () => this.check());
    this.loadButton.addEventListener('click', () => this.load());
  }

  setSize(n) {
    this.root.querySelector('#roster-size').textContent = n == null ? '–' : String(n);
  }

  async readFile() {
    const f = this.file.files[0];
    if (!f) return;
    if (f.size > MAX_BYTES) { this.say('That file is larger than 1 MB. Save only the bib, name and category columns and try again.', 'error'); return; }
    this.text.value = await f.text();
    this.check();
  }

  invalidate() {
    this.csv = null;
    this.loadButton.hidden = true;
    this.preview.replaceChildren();
    this.say('');
  }

  async check() {
    const csv = this.text.value;
    this.invalidate();
    if (!csv.trim()) { this.say('Choose a CSV file or paste the runner list first.', 'error'); return; }
    this.say('Checking…');
    const reply = await postCsv('/api/roster?dry_run=1', csv, this.pin);
    if (reply.status !== 200) { this.say(errorMessage(reply, 'The list could not be checked.'), 'error'); return; }
    this.showPreview(reply.body);
    if (reply.body.accepted > 0) {
      this.csv = csv;
      this.loadButton.textContent = `Load ${reply.body.accepted} runners`;
      this.loadButton.hidden = false;
      this.say(`${reply.body.accepted} runners ready to load${reply.body.rejected.length ? `; ${rows(reply.body.rejected.length)} will be skipped` : ''}. Loading replaces the current list.`, 'ok');
    } else {
      this.say('No usable rows, so nothing to load. The skipped rows say why.', 'error');
    }
  }

  async load() {
    if (this.csv == null) return;
    this.loadButton.disabled = true;
    this.say('Loading…');
    const reply = await postCsv('/api/roster', this.csv, this.pin);
    this.loadButton.disabled = false;
    if (reply.status !== 200) { this.say(errorMessage(reply, 'The list was not loaded.'), 'error'); return; }
    this.loadButton.hidden = true;
    this.csv = null;
    const skipped = reply.body.rejected?.length ?? 0;
    this.say(`Loaded ${reply.body.accepted} runners${skipped ? `; ${rows(skipped)} skipped` : ''}.`, 'ok');
    this.setSize(reply.body.accepted);
  }

  showPreview({ accepted, preview, rejected }) {
    const body = preview.map((r) => h('tr', {},
      h('td', {}, r.bib), h('td', {}, r.first_name ?? ''), h('td', {}, r.last_name ?? ''), h('td', {}, r.category ?? '')));
    const parts = [];
    if (rejected.length) {
      parts.push(h('div', { class: 'rejected' },
        h('h3', {}, `${rows(rejected.length)} skipped`),
        h('ul', {}, rejected.slice(0, 200).map((r) => h('li', {}, h('strong', {}, `Line ${r.line}: `), r.reason))),
        rejected.length > 200 ? h('p', {}, `…and ${rejected.length - 200} more.`) : null));
    }
    if (body.length) {
      parts.push(h('table', { class: 'data' },
        h('caption', {}, accepted > preview.length ? `First ${preview.length} of ${accepted} runners` : `${accepted} runners`),
        h('thead', {}, h('tr', {}, ['Bib', 'First name', 'Last name', 'Category'].map((head) => h('th', { scope: 'col' }, head)))),
        h('tbody', {}, body)));
    }
    this.preview.replaceChildren(...parts);
  }

  say(text, kind = '') {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }
}
