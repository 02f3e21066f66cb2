// The "Reconnecting…" bar at the top of a page while its socket is down. It shows only when the
// connection has been lost for a moment (a quick reconnect never flashes it) and hides as soon as
// the page is current again. Styled by .conn-banner in shared/base.css.

const SHOW_AFTER_MS = 1_500;

export class ConnectionBanner {
  constructor({ text = 'Reconnecting to the tent server…', showAfterMs = SHOW_AFTER_MS } = {}) {
    this.showAfterMs = showAfterMs;
    this.timer = null;
    this.el = document.createElement('div');
    this.el.className = 'conn-banner';
    this.el.setAttribute('role', 'status');
    this.el.textContent = text;
    this.el.hidden = true;
    document.body.prepend(this.el);
  }

  // The connection is lost: show the bar unless it comes back first.
  stale() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.el.hidden = false; }, this.showAfterMs);
  }

  // The page is current again.
  fresh() {
    clearTimeout(this.timer);
    this.el.hidden = true;
  }
}
