// The pages' state reducer (shared/tent-state.js) against the server's own frames: a client that
// starts from the server's first snapshot and applies only the update frames must hold, after each
// frame, exactly what the server's snapshot at that moment says. The sequences come from random
// tents run through the real dispatcher, both audiences (tests/fixtures/frames.json, written and
// kept current by tests/app/web_fixtures_test.cpp; after a server change:
// TENT_UPDATE_FIXTURES=1 ctest --test-dir build -R fixtures). One exception, by design of the
// frames: after a roster load a staff client asks for a snapshot, as the new names are not in the frame.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

import { emptyState, fromSnapshot, needsSnapshot, reduce, updateFits } from '../../shared/tent-state.js';

const runs = JSON.parse(readFileSync(new URL('../fixtures/frames.json', import.meta.url)));

// What a snapshot says, in the reducer's terms, read from the snapshot itself (not by fromSnapshot).
function expected(snap) {
  return {
    seq: snap.seq,
    at: snap.at,
    audience: snap.audience,
    settings: snap.settings,
    limits: snap.limits,
    announcement: snap.announcement,
    announcement_translations: snap.announcement_translations ?? {},
    tables: [...snap.tables].sort((a, b) => a.id - b.id),
    queue: snap.queue,
    eta: snap.eta,
    rosterSize: snap.roster_size,
    referrals: snap.referrals ?? [],
  };
}

// What the reducer holds, in the same terms (tables as a list by id; the socket's `stale` flag left out).
function held(state) {
  const { tables, stale, ...rest } = state;
  return { ...rest, tables: [...tables.values()].sort((a, b) => a.id - b.id) };
}

// A deep copy that keeps Maps, to see that reduce leaves its input alone.
const copy = (state) => structuredClone(state);

test('the fixtures cover both audiences and every kind of change a frame carries', () => {
  assert.deepEqual(new Set(runs.map((r) => r.audience)), new Set(['public', 'staff']));
  const seen = new Set();
  for (const run of runs) {
    for (const { frame } of run.steps) {
      for (const op of frame.queue) seen.add(`${run.audience} ${op[0]}`);
      if (frame.tables.length) seen.add('tables');
      if (frame.settings) seen.add(`${run.audience} settings`);
      if (frame.announcement !== undefined) seen.add('announcement');
      if (frame.referrals) seen.add('referrals');
      if (frame.referrals?.length) seen.add('open referrals');
      for (const e of frame.events) if (e.type === 'roster_loaded') seen.add(`${run.audience} roster_loaded`);
    }
  }
  for (const what of ['public del', 'public ins', 'staff del', 'staff ins', 'tables', 'public settings', 'staff settings',
    'announcement', 'referrals', 'open referrals', 'public roster_loaded', 'staff roster_loaded']) {
    assert.ok(seen.has(what), `no frame in the fixtures has ${what}`);
  }
});

// The state without runners' names (queue entries, open referrals).
function nameless(held) {
  const drop = ({ name, ...rest }) => rest;
  return { ...held, queue: held.queue.map(drop), referrals: held.referrals.map(drop) };
}

let renamedByRoster = 0;   // roster loads after which the frame alone left an old name behind

for (const run of runs) {
  test(`a ${run.audience} client applying only the frames holds the server's snapshot after each (seed ${run.seed})`, () => {
    let state = reduce(emptyState(), run.snapshot);
    assert.deepEqual(held(state), expected(run.snapshot));
    run.steps.forEach(({ frame, snapshot }, i) => {
      const before = copy(state);
      const next = reduce(state, frame);
      const where = `after frame ${i + 1} (seq ${frame.seq})`;
      assert.deepEqual(state, before, `frame ${i + 1} (seq ${frame.seq}) changed the state it was applied to`);
      if (needsSnapshot(state, frame)) {
        // A staff roster load: all but the names follow from the frame, and the client asks for
        // the snapshot (TentClient does), which is the server's state at this seq.
        assert.deepEqual(nameless(held(next)), nameless(expected(snapshot)), where);
        if (!isDeepStrictEqual(held(next), expected(snapshot))) renamedByRoster++;
        state = reduce(next, snapshot);
      } else {
        assert.deepEqual(held(next), expected(snapshot), where);
        state = next;
      }
    });
    assert.ok(run.steps.length >= 100);
  });
}

test('a staff roster load that renamed a waiting runner was among the frames (and needed the snapshot)', () => {
  assert.ok(renamedByRoster > 0);
  const publicLoad = runs.find((r) => r.audience === 'public').steps.find(({ frame }) => frame.events.some((e) => e.type === 'roster_loaded'));
  assert.equal(needsSnapshot(fromSnapshot(publicLoad.snapshot), publicLoad.frame), false);
});

test('an update that is not the next one leaves the state as it is', () => {
  const [run] = runs;
  const state = fromSnapshot(run.steps[10].snapshot);
  const old = run.steps[10].frame;
  const later = run.steps[12].frame;
  assert.equal(updateFits(state, old), 'old');
  assert.equal(updateFits(state, later), 'gap');
  assert.equal(updateFits(state, run.steps[11].frame), 'next');
  assert.equal(updateFits(emptyState(), old), 'gap');
  assert.equal(reduce(state, old), state);
  assert.equal(reduce(state, later), state);
  assert.equal(reduce(state, { type: 'hello', seq: 99, at: 1 }), state);
  assert.equal(reduce(state, { type: 'reply', id: '1', status: 200, body: {} }), state);
});

test('parts of the state a frame did not touch are shared with the state before', () => {
  const untouched = ({ frame }, i) => i > 0 && frame.tables.length === 0 && frame.queue.length === 0;
  const run = runs.find((r) => r.steps.some(untouched));
  assert.ok(run, 'the fixtures have a frame with neither table nor queue changes');
  const i = run.steps.findIndex(untouched);
  const state = fromSnapshot(run.steps[i - 1].snapshot);
  const next = reduce(state, run.steps[i].frame);
  assert.equal(next.tables, state.tables);
  assert.equal(next.queue, state.queue);
});
