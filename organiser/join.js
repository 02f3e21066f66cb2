// The "Join this tent" view: a QR code of each page's address (console, display, kiosk, runner
// status) of the tent this organiser page is for (/t/ID/ pages for tent ID) that a phone or tablet on the tent's Wi-Fi opens by pointing its camera at the laptop,
// with the address in text beside it. The address comes from GET /api/addresses (join-address.js
// picks it); with several, a selector picks which, remembered in localStorage. Asks again each
// time the view is shown: the laptop may have joined the Wi-Fi meanwhile.

import { renderSVG } from '/vendor/uqr.mjs';
import { api } from '/shared/rest.js';
import { h, setHidden, setText } from '/shared/dom.js';
import { tentPrefix } from '/shared/tent-path.js';
import { JOIN_PAGES, joinOrigins, noAddressText, pageUrl, pickOrigin } from './join-address.js';
import { errorMessage } from './util.js';

const STORAGE_KEY = 'massage-tent.join-address';

export class JoinPanel {
  constructor(section, { pin }) {
    this.section = section;
    this.pin = pin;
    this.codes = section.querySelector('#join-codes');
    this.select = section.querySelector('#join-address');
    this.chooser = section.querySelector('#join-chooser');
    this.status = section.querySelector('#join-status');
    this.again = section.querySelector('#join-again');
    this.select.addEventListener('change', () => {
      localStorage.setItem(STORAGE_KEY, this.select.value);
      this.draw(this.select.value);
    });
    this.again.addEventListener('click', () => this.load());
    this.print = section.querySelector('#join-print');
    this.print.addEventListener('click', () => window.print());
    // Shown by the dashboard's navigation: load then.
    new MutationObserver(() => { if (!section.hidden) this.load(); })
      .observe(section, { attributes: true, attributeFilter: ['hidden'] });
    if (!section.hidden) this.load();
  }

  async load() {
    const [reply, settings] = await Promise.all([api('/api/addresses', { pin: this.pin }), api('/api/settings', { pin: this.pin })]);
    // The key is kept hashed, and a code taped to a pole is no place for it: the card says to add it.
    this.kioskKey = settings.status === 200 && settings.body.kiosk_key_required === true;
    if (reply.status !== 200) {
      this.show([], errorMessage(reply, 'Could not find this server\'s addresses.'));
      return;
    }
    const origins = joinOrigins(reply.body, location);
    this.show(origins, origins.length ? '' : noAddressText(reply.body));
  }

  show(origins, problem) {
    this.section.dataset.state = origins.length ? 'codes' : 'none';
    setText(this.status, problem);
    this.status.dataset.kind = problem ? 'error' : '';
    setHidden(this.again, origins.length > 0);
    setHidden(this.print, origins.length === 0);
    const chosen = pickOrigin(origins, localStorage.getItem(STORAGE_KEY));
    this.select.replaceChildren(...origins.map((o) => h('option', { value: o, selected: o === chosen }, o.replace(/^http:\/\//, ''))));
    setHidden(this.chooser, origins.length < 2);
    this.draw(chosen);
  }

  // One card per page, its code and address; none without an origin.
  draw(origin) {
    if (!origin) { this.codes.replaceChildren(); return; }
    this.codes.replaceChildren(...JOIN_PAGES.map(({ page, title, who }) => {
      const url = pageUrl(origin, page, tentPrefix());
      const qr = h('div', { class: 'join-qr', role: 'img' });
      drawCode(qr, url);
      return h('li', { class: 'join-card', dataset: { page } },
        h('h3', {}, title),
        h('p', { class: 'hint' }, who),
        qr,
        h('p', { class: 'join-url' }, urlText(origin, page)),
        page === 'kiosk' && this.kioskKey
          ? h('p', { class: 'join-key hint' }, 'Kiosk key set: add ', h('code', {}, '?key=…'), ' once per tablet.')
          : null,
        h('button', { type: 'button', class: 'join-enlarge', onclick: () => this.enlarge(title, origin, page) },
          'Show larger', h('span', { class: 'visually-hidden' }, ` (${title})`)));
    }));
  }

  // One code filling the screen, for a phone a couple of metres away (a TV being set up).
  enlarge(title, origin, page) {
    const dialog = this.section.querySelector('#join-large');
    setText(dialog.querySelector('h2'), title);
    drawCode(dialog.querySelector('.join-qr'), pageUrl(origin, page, tentPrefix()));
    dialog.querySelector('.join-url').replaceChildren(urlText(origin, page));
    dialog.showModal();
  }
}

// A page's code into `el`, with four modules of quiet zone as the QR standard asks (white, inside
// the drawing itself), its address as the element's accessible name and data-url.
function drawCode(el, url) {
  el.innerHTML = renderSVG(url, { border: 4, ecc: 'M' });
  el.setAttribute('aria-label', `QR code of ${url}`);
  el.dataset.url = url;
}

// A page's address as text that may break before the page's folder, not inside a word.
function urlText(origin, page) {
  const text = document.createDocumentFragment();
  text.append(origin, h('wbr'), `${tentPrefix()}/${page}/`);
  return text;
}
