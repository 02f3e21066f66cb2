// Runners' names for the table cards. Table views carry only the bib, so names are remembered
// from the staff queue entries (no name there: the roster has none) and, for a runner this page
// never saw waiting (called at once, or before the page loaded), asked once from the staff
// ticket route.

import { api } from '/shared/rest.js';

export class Names {
  constructor(pin, onLearn) {
    this.pin = pin;
    this.onLearn = onLearn;
    this.known = new Map();
    this.asked = new Set();
  }

  get(bib) { return this.known.get(bib) ?? ''; }

  // Learns from the queue and asks for the bibs at tables it does not know yet.
  update(state) {
    if (state.audience !== 'staff') return;
    for (const e of state.queue) this.known.set(e.bib, e.name ?? '');
    for (const t of state.tables.values()) {
      if (t.bib && !this.known.has(t.bib) && !this.asked.has(t.bib)) this.ask(t.bib);
    }
  }

  async ask(bib) {
    this.asked.add(bib);
    const reply = await api(`/api/tickets/${encodeURIComponent(bib)}`, { pin: this.pin });
    if (reply.status === 0) { this.asked.delete(bib); return; }  // offline: try again on a later frame
    const name = reply.status === 200 ? reply.body.ticket?.name ?? '' : '';
    this.known.set(bib, name);
    if (name) this.onLearn();
  }
}
