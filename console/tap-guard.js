// A button whose label or meaning has just changed ignores taps for a moment: on a phone the
// finger that tapped "Arrived" often taps again where "Finish" now is, and a second volunteer's
// tap can land just after the first one's frame has redrawn the card. While settling, the button
// is visibly disabled (aria-disabled, and the `settling` class for a fill that runs out).
//
//   const guard = createTapGuard(render);         // render runs again when a button settles
//   guard.update(button, 'finish');               // on every render: the button's meaning now
//   if (guard.settling(button)) return;           // in the tap handler

export const SETTLE_MS = 1000;

export function createTapGuard(onSettled, { settleMs = SETTLE_MS, clock = () => performance.now() } = {}) {
  const seen = new WeakMap();  // button → {meaning, until}

  return {
    // Records the button's meaning; returns true while it is settling after a change. The first
    // meaning a button shows (a page just loaded, a card just added) does not count as a change.
    update(button, meaning) {
      const now = clock();
      const last = seen.get(button);
      if (!last) {
        seen.set(button, { meaning, until: 0 });
      } else if (last.meaning !== meaning) {
        last.meaning = meaning;
        last.until = now + settleMs;
        setTimeout(onSettled, settleMs + 20);
      }
      const settling = this.settling(button);
      button.classList.toggle('settling', settling);
      return settling;
    },
    // Starts the button afresh: its next meaning is a first one.
    forget(button) {
      seen.delete(button);
      button.classList.remove('settling');
    },
    settling(button) {
      const last = seen.get(button);
      return !!last && clock() < last.until;
    },
  };
}
