// The bib on the start screen: a big on-screen keypad (digits first, letters behind "ABC") writing
// into one text field, and the action buttons ([data-action]: check in, where am I, leave) that
// send it. The actions stay aria-disabled until a bib is typed. The field keeps focus while the
// screen shows, so a barcode scanner acting as a keyboard (characters, then Enter: a check-in)
// works without a tap; keys typed while something else has focus are routed into the field too.
// How long a bib may be is the server's (limits.bib_max_length).
import { t } from './i18n.js';
import { normaliseBib } from '/shared/limits.js';
import { h } from '/shared/dom.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class BibEntry {
  // root: the start screen; onSubmit(bib, action) is called with a well-formed, upper-case bib and
  // the tapped button's data-action ('checkin' for Enter). limits() returns the server's limits
  // (null until the first snapshot).
  constructor(root, { onSubmit, limits = () => null }) {
    this.root = root;
    this.onSubmit = onSubmit;
    this.limits = limits;
    this.input = root.querySelector('#bib-input');
    this.error = root.querySelector('#bib-error');
    this.hint = root.querySelector('#bib-hint');
    this.actions = [...root.querySelectorAll('button[data-action]')];
    this.digits = root.querySelector('#keypad-digits');
    this.letters = root.querySelector('#keypad-letters');
    this.busy = false;
    this.buildKeys();
    this.updateActions();

    this.input.addEventListener('input', () => this.changed());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); this.submit('checkin'); }
    });
    // Tapping the screen background must not take focus away from the scanner's field.
    this.input.addEventListener('focusout', (e) => {
      const away = e.relatedTarget && !e.relatedTarget.closest('.keypad');
      if (!away && this.isActive()) requestAnimationFrame(() => { if (this.isActive()) this.input.focus({ preventScroll: true }); });
    });
    document.addEventListener('keydown', (e) => this.routeKey(e), { capture: true });
    // Tapping a key must not move focus out of the field (mousedown also follows a touch).
    root.querySelector('.keypad').addEventListener('mousedown', (e) => { if (e.target.closest('button')) e.preventDefault(); });
    root.querySelector('.keypad').addEventListener('click', (e) => this.key(e.target.closest('button')));
    for (const b of this.actions) b.addEventListener('click', () => this.submit(b.dataset.action, b));
  }

  buildKeys() {
    // tabindex -1: keyboards type into the field; keys in the tab order would only trap focus.
    const make = (label, key, extra = {}) => h('button', {
      type: 'button', class: `key ${extra.className ?? ''}`, tabindex: '-1',
      dataset: { key, ...(extra.i18n && { i18n: extra.i18n }), ...(extra.i18nLabel && { i18nLabel: extra.i18nLabel }) },
    }, extra.i18n ? null : label);
    const edit = () => [
      make('', 'clear', { className: 'edit', i18n: 'key_clear' }),
      make('⌫', 'back', { className: 'edit', i18nLabel: 'key_backspace' }),
    ];
    const [clear, back] = edit();
    this.digits.append(...'123456789'.split('').map((d) => make(d, d)), clear, make('0', '0'), back);
    // Six columns: 26 letters, then backspace and a three-wide Clear fill five rows.
    const [clearL, backL] = edit();
    this.letters.append(...LETTERS.split('').map((c) => make(c, c)), backL, clearL);
    for (const id of ['#keypad-to-letters', '#keypad-to-digits']) {
      const b = this.root.querySelector(id);
      b.dataset.key = id.endsWith('letters') ? 'letters' : 'digits';
      b.tabIndex = -1;
    }
  }

  // Typing goes nowhere while the field is hidden (the kiosk is offline) or on another screen.
  isActive() { return !this.root.hidden && this.input.checkVisibility(); }

  // Sets the field up afresh (empty unless prefilled, digits showing).
  clear(prefill = '') {
    this.input.value = prefill;
    this.showLetters(false);
    this.setBusy(false);
    this.changed();
  }

  value() { return this.input.value.replace(/\s+/g, '').toUpperCase(); }

  changed() {
    const v = this.value();
    if (this.input.value !== v) this.input.value = v;
    this.showError('');
    this.updateActions();
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
    this.hint.hidden = !!text;
  }

  updateActions() {
    const off = this.busy || this.value().length === 0;
    for (const b of this.actions) b.setAttribute('aria-disabled', String(off));
  }

  // While the server is asked: the field is frozen and the tapped button says "One moment…".
  setBusy(busy, button = null) {
    this.busy = busy;
    this.input.readOnly = busy;
    for (const b of this.actions) {
      b.textContent = t(busy && b === button ? 'checking' : b.dataset.i18n);
      b.toggleAttribute('aria-busy', busy && b === button);
    }
    this.updateActions();
  }

  key(button) {
    if (!button || this.busy) return;
    const k = button.dataset.key;
    if (k === 'letters' || k === 'digits') { this.showLetters(k === 'letters'); return; }
    if (k === 'clear') this.input.value = '';
    else if (k === 'back') this.input.value = this.input.value.slice(0, -1);
    else if (this.value().length < (this.limits()?.bib_max_length ?? Infinity)) this.input.value += k;
    this.changed();
  }

  showLetters(on) {
    this.digits.hidden = on;
    this.letters.hidden = !on;
    this.root.querySelector('#keypad-to-letters').hidden = on;
    this.root.querySelector('#keypad-to-digits').hidden = !on;
  }

  // A character typed while focus is elsewhere on this screen (a key, a language) goes into the field.
  routeKey(e) {
    if (!this.isActive() || e.target === this.input || e.ctrlKey || e.metaKey || e.altKey) return;
    if (!/^[A-Za-z0-9]$/.test(e.key)) return;
    e.preventDefault();
    if (!this.busy) { this.input.value += e.key; this.changed(); }
    this.input.focus({ preventScroll: true });
  }

  // action: 'checkin' | 'where' | 'leave'; button: the one tapped (for its "One moment…").
  submit(action, button = this.actions.find((b) => b.dataset.action === action)) {
    if (this.busy || !button || button.hidden) return;
    const typed = this.value();
    if (!typed) { this.input.focus({ preventScroll: true }); return; }
    const bib = normaliseBib(typed, this.limits());
    if (!bib) {
      this.showError(`${t('err_invalid_bib_title')}. ${t('err_invalid_bib_body', { max: this.limits()?.bib_max_length })}`);
      return;
    }
    this.onSubmit(bib, action, button);
  }
}
