// Runners' names for the table cards. Table views carry only the bib, so names are remembered
// from the staff queue entries (no name there: the roster has none) and, for a runner this page
// never saw waiting (called at once, or before the page loaded), asked once from the staff
// ticket route. Only the bibs waiting or at a table are kept: a console left open all day holds
// the names it shows, not every runner of the day.

import { api } from '/shared/rest.js';

export class Names {
  constructor(pin, onLearn) {
    this.pin = pin;
    this.onLearn = onLearn;
    this.known = new Map();
    this.asked = new Set();
  }

  get(bib) { return this.known.get(bib) ?? ''; }

  // Learns from the queue, asks for the bibs at tables it does not know yet and forgets the bibs
  // that have left.
  update(state) {
    if (state.audience !== 'staff') return;
    const present = new Set();
    for (const e of state.queue) {
      this.known.set(e.bib, e.name ?? '');
      present.add(e.bib);
    }
    for (const t of state.tables.values()) {
      if (!t.bib) continue;
      present.add(t.bib);
      if (!this.known.has(t.bib) && !this.asked.has(t.bib)) this.ask(t.bib);
    }
    for (const bib of this.known.keys()) if (!present.has(bib)) this.known.delete(bib);
    for (const bib of this.asked) if (!present.has(bib)) this.asked.delete(bib);
  }

  async ask(bib) {
    this.asked.add(bib);
    const reply = await api(`/api/tickets/${encodeURIComponent(bib)}`, { pin: this.pin });
    if (reply.status === 0) { this.asked.delete(bib); return; }  // offline: try again on a later frame
    if (!this.asked.has(bib)) return;  // gone from the tent while asking
    const name = reply.status === 200 ? reply.body.ticket?.name ?? '' : '';
    this.known.set(bib, name);
    if (name) this.onLearn();
  }
}
