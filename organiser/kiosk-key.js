// The kiosk key: when set, kiosks must present it (opened once as /kiosk/?key=…, they keep it).
// A secret, so it is not an event setting: POST /api/kiosk-key stores it hashed beside the PINs.

import { api } from '/shared/rest.js';
import { tentPath } from '/shared/tent-path.js';
import { errorMessage } from './util.js';

export class KioskKeyForm {
  constructor(form, { pin }) {
    this.form = form;
    this.pin = pin;
    this.input = form.querySelector('#kiosk-key');
    this.state = form.querySelector('#kiosk-key-state');
    this.status = form.querySelector('.form-status');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const key = this.input.value.trim();
      if (!key) { this.setStatus('Type a key first (or remove the key).', 'error'); return; }
      this.send(key);
    });
    form.querySelector('#kiosk-key-remove').addEventListener('click', () => this.send(''));
  }

  async load() {
    const reply = await api('/api/settings', { pin: this.pin });
    if (reply.status === 200) this.show(reply.body.kiosk_key_required);
  }

  async send(key) {
    const reply = await api('/api/kiosk-key', { method: 'POST', body: { key }, pin: this.pin });
    if (reply.status !== 200) { this.setStatus(errorMessage(reply, 'The kiosk key was not changed.'), 'error'); return; }
    this.input.value = '';
    this.show(reply.body.kiosk_key_required);
    this.setStatus(key ? `Kiosk key set. Open each kiosk once at ${tentPath('/kiosk/')}?key=… with the new key.` : 'Kiosk key removed.', 'ok');
  }

  show(required) {
    this.state.textContent = required
      ? 'Kiosks need a key: a kiosk without it cannot check runners in.'
      : 'No kiosk key: any browser on the tent Wi-Fi can use the kiosk page.';
  }

  setStatus(text, kind = '') {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }
}
