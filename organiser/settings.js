// The event settings form: loads GET /api/settings (full with the organiser PIN), sends only the
// changed fields with POST /api/settings, and shows the server's message when a value is refused.
// Durations are entered in minutes (changeover in seconds) and sent in seconds.

import { api } from '/shared/rest.js';
import { timeOfDay } from '/shared/format.js';
import { errorMessage, timeInputValue, todayAt } from './util.js';

// Field name → how to read it from the form and write it back.
const FIELDS = {
  tent_name: { read: (f) => f.tent_name.value.trim(), write: (f, v) => { f.tent_name.value = v; } },
  session_target_s: { read: (f) => minutesToSeconds(f.session_target_min.value), write: (f, v) => { f.session_target_min.value = v / 60; } },
  call_timeout_s: { read: (f) => minutesToSeconds(f.call_timeout_min.value), write: (f, v) => { f.call_timeout_min.value = v / 60; } },
  changeover_s: { read: (f) => wholeNumber(f.changeover_s.value), write: (f, v) => { f.changeover_s.value = v; } },
  auto_assign: { read: (f) => f.auto_assign.checked, write: (f, v) => { f.auto_assign.checked = v; } },
  no_show_policy: { read: (f) => f.no_show_policy.value, write: (f, v) => { f.no_show_policy.value = v; } },
  allow_repeats: { read: (f) => f.allow_repeats.checked, write: (f, v) => { f.allow_repeats.checked = v; } },
  roster_required: { read: (f) => f.roster_required.checked, write: (f, v) => { f.roster_required.checked = v; } },
  priority_category: { read: (f) => f.priority_category.value.trim(), write: (f, v) => { f.priority_category.value = v; } },
  refused_categories: {
    read: (f) => f.refused_categories.value.split(',').map((s) => s.trim()).filter(Boolean),
    write: (f, v) => { f.refused_categories.value = v.join(', '); },
  },
  medical_directions: { read: (f) => f.medical_directions.value.trim(), write: (f, v) => { f.medical_directions.value = v; } },
};

function minutesToSeconds(text) {
  const n = Number(String(text).replace(',', '.'));
  return text === '' || Number.isNaN(n) ? text : Math.round(n * 60);
}

function wholeNumber(text) {
  const n = Number(text);
  return text === '' || !Number.isInteger(n) ? text : n;
}

export class SettingsForm {
  constructor(form, { pin, onSaved }) {
    this.form = form;
    this.pin = pin;
    this.onSaved = onSaved;
    this.loaded = null;
    this.dirty = false;
    this.status = form.querySelector('.form-status');
    this.closingNote = form.querySelector('#closing-note');
    form.addEventListener('input', () => { this.dirty = true; this.setStatus(''); });
    form.addEventListener('submit', (e) => { e.preventDefault(); this.save(); });
    form.querySelector('#settings-reset').addEventListener('click', () => { this.fill(this.loaded); });
  }

  async load() {
    const reply = await api('/api/settings', { pin: this.pin });
    if (reply.status !== 200) { this.setStatus(errorMessage(reply, 'Could not load the settings.'), 'error'); return; }
    this.fill(reply.body.settings);
  }

  // Settings changed elsewhere (another organiser): take them unless the form has unsaved edits.
  external(settings) {
    if (!this.dirty && settings && 'auto_assign' in settings) this.fill(settings);
  }

  fill(settings) {
    if (!settings) return;
    this.loaded = settings;
    for (const [name, field] of Object.entries(FIELDS)) if (name in settings) field.write(this.form, settings[name]);
    this.form.closing_at.value = timeInputValue(settings.closing_at);
    this.closingNote.textContent = closingNote(settings.closing_at);
    this.dirty = false;
  }

  changes() {
    const out = {};
    for (const [name, field] of Object.entries(FIELDS)) {
      const value = field.read(this.form);
      if (JSON.stringify(value) !== JSON.stringify(this.loaded?.[name])) out[name] = value;
    }
    const closing = this.form.closing_at.value;
    if (closing !== timeInputValue(this.loaded?.closing_at)) out.closing_at = todayAt(closing);
    return out;
  }

  async save() {
    const changes = this.changes();
    if (!Object.keys(changes).length) { this.setStatus('Nothing to save: no changes.', 'ok'); return; }
    const button = this.form.querySelector('button[type=submit]');
    button.disabled = true;
    this.setStatus('Saving…');
    const reply = await api('/api/settings', { method: 'POST', body: changes, pin: this.pin });
    button.disabled = false;
    if (reply.status !== 200) { this.setStatus(errorMessage(reply, 'The settings were not saved.'), 'error'); return; }
    this.fill(reply.body.settings);
    this.setStatus(`Saved at ${timeOfDay(Date.now())}.`, 'ok');
    this.onSaved?.(reply.body.settings);
  }

  setStatus(text, kind = '') {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }
}

function closingNote(ms) {
  if (!ms) return 'No closing time: the kiosk takes runners until you set one.';
  const d = new Date(ms);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return `The kiosk stops taking runners who could not be done by ${timeOfDay(ms)}${sameDay ? ' today' : ` on ${d.toLocaleDateString()}`}.`;
}
