// The one PIN sign-in of the staff pages (volunteer console, organiser dashboard): the form, its
// messages, the countdown of a lock-out, and the PIN kept in this tab's sessionStorage (gone when
// the tab closes) so that a reload stays signed in. The socket signs in with TentClient.signIn;
// TentClient signs it in again by itself after a reconnect.
//
//   const signIn = new PinSignIn(tent, {
//     screen, app, form, message,           // the sign-in screen, the signed-in page, the form, its message line
//     need: 'organiser', place: 'The dashboard', storageKey: 'massage-tent.organiser-pin',
//     onSignedIn(pin, role) { … },
//   });
//   signIn.start();                         // straight in with this tab's PIN, else the form

import { setText, setHidden } from '/shared/dom.js';

const CONNECT_WAIT_MS = 6_000;
const RANKS = ['display', 'kiosk', 'volunteer', 'organiser'];
const FLASH_SUFFIX = '.flash';   // a message kept across the reload of signOut()

export class PinSignIn {
  constructor(tent, { screen, app, form, message, need, place, storageKey, onSignedIn }) {
    Object.assign(this, { tent, screen, app, form, message, need, place, storageKey, onSignedIn });
    this.input = form.elements.pin;
    this.button = form.querySelector('button[type=submit]');
    this.lockTimer = null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const pin = this.input.value.trim();
      if (!pin) { this.say('Type the PIN first.'); this.input.focus(); return; }
      this.signIn(pin);
    });
  }

  // Signs in with the PIN this tab kept, if any; else shows the form (with the message a
  // signOut() left for after its reload).
  start() {
    const flash = sessionStorage.getItem(this.storageKey + FLASH_SUFFIX) ?? '';
    sessionStorage.removeItem(this.storageKey + FLASH_SUFFIX);
    const saved = sessionStorage.getItem(this.storageKey);
    this.show(flash, { focus: !saved });
    if (saved) this.signIn(saved, { saved: true });
  }

  async signIn(pin, { saved = false } = {}) {
    if (this.lockTimer) return;
    this.button.disabled = true;
    this.say('Signing in…');
    if (!(await this.tent.whenConnected(CONNECT_WAIT_MS))) {
      this.button.disabled = false;
      this.say("Can't reach the tent server. Check the Wi-Fi connection, then try again.");
      return;
    }
    const reply = await this.tent.signIn(pin);
    this.button.disabled = false;
    const role = reply.status === 200 ? reply.body.role : null;
    if (role && RANKS.indexOf(role) >= RANKS.indexOf(this.need)) {
      sessionStorage.setItem(this.storageKey, pin);
      this.input.value = '';
      this.say('');
      setHidden(this.screen, true);
      setHidden(this.app, false);
      this.onSignedIn(pin, role);
      return;
    }
    if (role) this.tent.pin = null;   // signed in, but too low: not again after a reconnect
    sessionStorage.removeItem(this.storageKey);
    this.show('');
    this.input.value = '';
    if (role) this.say(`That is ${role === 'kiosk' ? 'the kiosk key' : `a ${role} PIN`}. ${this.place} needs the ${this.need} PIN.`);
    else if (reply.status === 401) this.say(saved ? 'The saved PIN no longer works. Enter the PIN again.' : 'Wrong PIN. Try again.');
    else if (reply.status === 429) this.lockOut(reply.body?.retry_after_s ?? reply.body?.error?.retry_after_s ?? 30);
    else if (reply.status === 0) this.say("Can't reach the tent server. Check the Wi-Fi connection, then try again.");
    else this.say(reply.body?.error?.message ?? `Sign-in failed (HTTP ${reply.status}).`);
  }

  // The session is over (the PIN stopped working): the form again, with `text` saying why.
  expire(text) {
    sessionStorage.removeItem(this.storageKey);
    this.tent.pin = null;
    this.show(text);
  }

  // Forgets this tab's PIN and reloads the page; `text` is shown on the form after the reload.
  signOut(text = '') {
    sessionStorage.removeItem(this.storageKey);
    if (text) sessionStorage.setItem(this.storageKey + FLASH_SUFFIX, text);
    location.reload();
  }

  show(text, { focus = true } = {}) {
    setHidden(this.app, true);
    setHidden(this.screen, false);
    this.say(text);
    if (focus) this.input.focus();
  }

  say(text) { setText(this.message, text); }

  // Too many wrong PINs: the button rests, and the message counts the seconds down.
  lockOut(seconds) {
    let left = Math.max(1, Math.ceil(seconds));
    const step = () => {
      if (left <= 0) {
        this.lockTimer = null;
        this.button.disabled = false;
        this.say('You can try again now.');
        return;
      }
      this.button.disabled = true;
      this.say(`Too many wrong PINs. Wait ${left} s, then try again.`);
      left -= 1;
      this.lockTimer = setTimeout(step, 1000);
    };
    clearTimeout(this.lockTimer);
    step();
  }
}
