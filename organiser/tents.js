// The "Tents" view: every tent of the event side by side (GET /api/tents: waiting, tables open,
// called, in session, served, p90 wait, and links to that tent's pages), the form that adds a tent
// (POST /api/tents), and the event-wide export (GET /api/export/event.csv). Event-wide, so the
// same on every tent's organiser page; the tent the page belongs to is marked. Polled while the
// view shows: a tent's figures change with every check-in at any tent, and the socket only
// carries this tent's frames.

import { api } from '/shared/rest.js';
import { duration } from '/shared/format.js';
import { h, setText } from '/shared/dom.js';
import { tentId, tentIdFrom } from '/shared/tent-path.js';
import { downloadCsv } from './announce.js';
import { errorMessage, pollWhileShown } from './util.js';

const POLL_MS = 4000;

// The pages a tent card links to, in the order shown.
const PAGES = [['kiosk', 'Kiosk'], ['display', 'Display'], ['console', 'Console'], ['organiser', 'Organiser']];

// The field a refusal of POST /api/tents is about.
const FIELD_OF = { invalid_tent_id: 'id', tent_exists: 'id', invalid_name: 'name' };

export class TentsPanel {
  constructor(section, { pin, onUnauthorized = () => {} }) {
    this.section = section;
    this.pin = pin;
    this.onUnauthorized = onUnauthorized;
    this.list = section.querySelector('#tents-list');
    this.status = section.querySelector('#tents-status');
    this.form = section.querySelector('#tent-add-form');
    this.name = this.form.elements.name;
    this.id = this.form.elements.id;
    this.idEdited = false;
    this.name.addEventListener('input', () => {
      this.clearError('name');
      if (!this.idEdited) { this.id.value = tentIdFrom(this.name.value); this.clearError('id'); }
    });
    // Once typed into, the id is the organiser's; emptied, it follows the name again.
    this.id.addEventListener('input', () => { this.idEdited = this.id.value !== ''; this.clearError('id'); });
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.add(); });
    section.querySelector('#export-event').addEventListener('click', () => this.exportEvent());
    pollWhileShown(section, () => this.load(), POLL_MS);
  }

  async load() {
    const reply = await api('/api/tents', { pin: this.pin });
    if (reply.status === 401 || reply.status === 403) { this.onUnauthorized(); return; }
    if (reply.status !== 200 || !Array.isArray(reply.body?.tents)) {
      this.say(errorMessage(reply, 'Could not load the tents.'), 'error');
      return;
    }
    this.say(`${reply.body.tents.length === 1 ? 'One tent' : `${reply.body.tents.length} tents`}, updated ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}.`);
    this.render(reply.body.tents);
  }

  render(tents) {
    const here = tentId();
    this.list.replaceChildren(...tents.map((t) => card(t, t.id === here)));
  }

  async add() {
    const name = this.name.value.trim();
    const id = this.id.value.trim();
    this.clearError('name');
    this.clearError('id');
    if (!name) { this.showError('name', 'Give the tent a name.'); return; }
    if (!id) { this.showError('id', 'Give the tent an id: letters a–z, digits and "-".'); return; }
    const button = this.form.querySelector('button[type=submit]');
    button.disabled = true;
    const reply = await api('/api/tents', { method: 'POST', body: { id, name }, pin: this.pin });
    button.disabled = false;
    if (reply.status === 201) {
      const tent = reply.body.tent;
      this.form.reset();
      this.idEdited = false;
      this.formSay(`${tent.name} added: its pages are under ${tent.path} (kiosk, display, console, organiser). It has no tables yet.`, 'ok');
      this.load();
      return;
    }
    if (reply.status === 401 || reply.status === 403) { this.onUnauthorized(); return; }
    const field = FIELD_OF[reply.body?.error?.code];
    if (field) this.showError(field, errorMessage(reply));
    else this.formSay(errorMessage(reply, 'The tent was not added.'), 'error');
  }

  async exportEvent() {
    const out = this.section.querySelector('#export-event-status');
    out.textContent = 'Preparing the CSV…';
    out.dataset.kind = '';
    const problem = await downloadCsv(this.pin, '/api/export/event.csv', 'event');
    out.textContent = problem ?? 'Downloaded.';
    out.dataset.kind = problem ? 'error' : 'ok';
  }

  showError(field, text) {
    const input = this.form.elements[field];
    input.setAttribute('aria-invalid', 'true');
    setText(this.form.querySelector(`#new-tent-${field}-error`), text);
    input.focus();
    this.formSay('');
  }

  clearError(field) {
    this.form.elements[field].removeAttribute('aria-invalid');
    setText(this.form.querySelector(`#new-tent-${field}-error`), '');
  }

  formSay(text, kind = '') {
    const out = this.form.querySelector('#tent-add-status');
    out.textContent = text;
    out.dataset.kind = kind;
  }

  say(text, kind = '') {
    setText(this.status, text);
    this.status.dataset.kind = kind;
  }
}

// One tent's card: its name (and whether it is this page's tent), its figures, its pages.
function card(t, current) {
  const path = (t.path ?? '/').replace(/\/?$/, '/');
  const figure = (key, label, value) => [h('dt', {}, label), h('dd', { class: 'num', dataset: { figure: key } }, value)];
  return h('li', { class: `tent-card${current ? ' current' : ''}`, dataset: { tent: t.id }, 'aria-current': current ? 'page' : null },
    h('h3', {}, t.name, current ? h('span', { class: 'tent-here' }, ' (this tent)') : null),
    h('dl', { class: 'tent-figures' },
      figure('waiting', 'Waiting', `${t.waiting}`),
      figure('tables', 'Tables open', `${t.tables_open} of ${t.tables_total}`),
      t.called == null ? null : figure('called', 'Called', `${t.called}`),
      figure('in_session', 'In session', `${t.in_session}`),
      figure('served', 'Served', `${t.served}`),
      figure('wait_p90', '90% waited within', t.wait_p90_s == null ? '–' : duration(t.wait_p90_s, { precise: true }))),
    h('p', { class: 'tent-pages' }, PAGES.map(([page, label]) =>
      h('a', { href: `${path}${page}/` }, label, h('span', { class: 'visually-hidden' }, ` of ${t.name}`)))));
}
