// The pages' wait estimate (shared/wait-estimate.js) against the server's: for the eta a frame
// carries at a moment, every waiting runner's wait must be the `estimated_wait_s` their ticket
// shows then, and a new arrival is refused (`line_closed`) exactly when the server refuses one.
// Cases from random tents run through the real dispatcher (tests/fixtures/estimates.json, written
// and kept current by tests/app/web_fixtures_test.cpp; after a server change:
// TENT_UPDATE_FIXTURES=1 ctest --test-dir build -R fixtures).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { lineClosed, waitFromEta, waitMsFromEta } from '../../shared/wait-estimate.js';

const cases = JSON.parse(readFileSync(new URL('../fixtures/estimates.json', import.meta.url)));

test('the cases cover closed tents, full rounds of the tables and times that are not whole seconds', () => {
  assert.ok(cases.length >= 300);
  assert.ok(cases.some((c) => c.eta.slots_s.length === 0 && c.waits.length > 0), 'no case without an open table');
  assert.ok(cases.some((c) => c.waits.length > 2 * c.eta.slots_s.length && c.eta.slots_s.length > 0), 'no case past two rounds');
  assert.ok(cases.some((c) => c.eta.slots_s.some((s) => !Number.isInteger(s))), 'no slot with a fraction of a second');
  assert.ok(cases.some((c) => c.closing.some(([, closed]) => closed)) && cases.some((c) => c.closing.some(([, closed]) => !closed)));
});

test("each waiting runner's wait is the server's estimated_wait_s", () => {
  const wrong = [];
  let compared = 0;
  for (const c of cases) {
    for (const [position, server] of c.waits) {
      const page = waitFromEta(c.eta, position, c.now);
      compared++;
      if (page !== (server === -1 ? null : server)) wrong.push({ now: c.now, position, server, page });
    }
  }
  assert.ok(compared >= 1000, `only ${compared} quotes compared`);
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of ${compared} waits differ from the server's`);
});

test('a new arrival is refused at closing time exactly when the server refuses one', () => {
  const wrong = [];
  for (const c of cases) {
    const state = { eta: c.eta, queue: c.waits, settings: {} };
    for (const [closing, server] of c.closing) {
      state.settings = { closing_at: closing };
      if (lineClosed(state, c.now) !== server) wrong.push({ now: c.now, closing, server });
    }
  }
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} closing decisions differ from the server's`);
});

test('without a closing time the line is never closed', () => {
  for (const c of [cases[0], cases.find((x) => x.eta.slots_s.length === 0)]) {
    assert.equal(lineClosed({ eta: c.eta, queue: [], settings: { closing_at: null } }, c.now), false);
  }
});

// The definition (docs/protocol.md): the p-th smallest of { slot + k * turnover }, by brute force.
function definition(slots, turnover, position) {
  const all = [];
  for (const s of slots) for (let k = 0; k < position; k++) all.push(s + k * turnover);
  return all.sort((a, b) => a - b)[position - 1];
}

test('the wait is the p-th smallest of slot + k * turnover, also for slots the server never sends', () => {
  let seed = 7;
  const random = (n) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  for (let i = 0; i < 500; i++) {
    const turnover = 1 + random(900_000);
    // Half the time slots beyond one turnover, or out of order: the closed form does not apply.
    const spread = i % 2 ? turnover : 3 * turnover;
    const slots = Array.from({ length: 1 + random(6) }, () => random(spread + 1));
    if (i % 4 === 0) slots.sort((a, b) => a - b);
    const eta = { at: 0, slots_s: slots.map((s) => s / 1000), turnover_s: turnover / 1000 };
    for (const position of [1, 2, 3, 7, 20]) {
      assert.equal(waitMsFromEta(eta, position), definition(slots, turnover, position), JSON.stringify({ eta, position }));
    }
  }
});

test('between frames the wait counts down with the time elapsed, never below zero', () => {
  const eta = { at: 1_000_000, slots_s: [0, 95.5], turnover_s: 660.25, walk_s: 60, session_s: 600 };
  assert.equal(waitFromEta(eta, 2, eta.at), 96);
  assert.equal(waitFromEta(eta, 2, eta.at + 500), 95);
  assert.equal(waitFromEta(eta, 2, eta.at + 501), 95);
  assert.equal(waitFromEta(eta, 2, eta.at + 94_500), 1);
  assert.equal(waitFromEta(eta, 2, eta.at + 95_500), 0);
  assert.equal(waitFromEta(eta, 2, eta.at + 200_000), 0);
  assert.equal(waitFromEta(eta, 3, eta.at - 5_000), 661);  // a device clock behind the frame's: as at eta.at
  assert.equal(waitFromEta(eta, 0, eta.at), null);
  assert.equal(waitFromEta(null, 1, eta.at), null);
  assert.equal(waitFromEta({ ...eta, slots_s: [] }, 1, eta.at), null);
});
