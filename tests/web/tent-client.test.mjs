// The pages' socket (shared/tent-client.js) against a scripted WebSocket: it follows the snapshot
// and the updates, catches up with ?since= after a drop or a gap, ignores updates it already has,
// matches replies to requests and answers `offline` without a connection. Timers are mocked, so
// nothing here waits for real time.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { TentClient } from '../../shared/tent-client.js';

// Stands in for the browser's WebSocket; the test opens it, delivers frames and drops it.
class FakeSocket {
  static made = [];
  constructor(url) { this.url = url; this.sent = []; this.closed = false; FakeSocket.made.push(this); }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { if (!this.closed) { this.closed = true; queueMicrotask(() => this.onclose?.()); } }
  open() { this.onopen?.(); }
  deliver(frame) { this.onmessage?.({ data: JSON.stringify(frame) }); }
  drop() { this.closed = true; this.onclose?.(); }
}
globalThis.WebSocket = FakeSocket;

const URL_WS = 'ws://tent.test/ws';
const snapshot = (seq, queue = []) => ({ type: 'snapshot', seq, at: 1_795_000_000_000, audience: 'public', settings: {}, announcement: '', tables: [], queue, eta: null });
const update = (seq, queue = []) => ({ type: 'update', seq, at: 1_795_000_000_000 + seq, events: [], tables: [], queue, eta: null });
const settle = () => new Promise((resolve) => setImmediate(resolve));

function connected(t) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.made = [];
  const client = new TentClient({ url: URL_WS, banner: false });
  const changes = [];
  const statuses = [];
  client.addEventListener('change', (e) => changes.push(e.detail));
  client.addEventListener('status', (e) => statuses.push(e.detail.connected));
  const socket = FakeSocket.made.at(-1);
  socket.open();
  return { client, socket, changes, statuses };
}

test('follows the snapshot and the updates after it, and takes the server clock from them', (t) => {
  const { client, socket, changes, statuses } = connected(t);
  assert.equal(socket.url, URL_WS);
  assert.equal(client.state.stale, true);
  socket.deliver(snapshot(4, [{ bib: '7' }]));
  socket.deliver(update(5, [['ins', 1, { bib: '8' }]]));
  assert.deepEqual(client.state.queue.map((e) => e.bib), ['7', '8']);
  assert.equal(client.state.seq, 5);
  assert.equal(client.state.stale, false);
  assert.deepEqual(changes.map((f) => f.seq), [4, 5]);
  assert.deepEqual(statuses, [true]);
  assert.ok(Math.abs(client.now() - update(5).at) < 1000);
  client.close();
});

test('an update it already has changes nothing; a gap makes it reconnect with ?since=', async (t) => {
  const { client, socket, changes } = connected(t);
  socket.deliver(snapshot(4));
  socket.deliver(update(5, [['ins', 0, { bib: '8' }]]));
  const state = client.state;
  socket.deliver(update(5, [['ins', 0, { bib: '8' }]]));
  assert.equal(client.state, state);
  assert.equal(changes.length, 2);

  socket.deliver(update(7));
  assert.equal(client.state.seq, 5);
  assert.equal(changes.length, 2);
  await settle();
  assert.equal(socket.closed, true);
  assert.equal(client.state.stale, true);
  t.mock.timers.tick(1_000);
  const again = FakeSocket.made.at(-1);
  assert.notEqual(again, socket);
  assert.equal(again.url, `${URL_WS}?since=5`);
  again.open();
  assert.equal(client.state.stale, false);
  again.deliver({ type: 'hello', seq: 7, at: update(7).at });
  again.deliver(update(6));
  again.deliver(update(7));
  assert.equal(client.state.seq, 7);
  assert.deepEqual(client.state.queue.map((e) => e.bib), ['8']);
  client.close();
});

test('a dropped socket retries later and later, up to the longest wait', async (t) => {
  const { client, socket } = connected(t);
  socket.deliver(snapshot(1));
  let current = socket;
  const waits = [];
  for (let i = 0; i < 8; i++) {
    current.drop();
    let waited = 0;
    while (FakeSocket.made.at(-1) === current) { t.mock.timers.tick(50); waited += 50; }
    waits.push(waited);
    current = FakeSocket.made.at(-1);
    assert.equal(current.url, `${URL_WS}?since=1`);
  }
  assert.ok(waits[0] <= 750 && waits[3] > waits[0], `waits ${waits}`);
  assert.ok(waits.every((w) => w <= 15_000), `waits ${waits}`);
  current.open();
  current.drop();
  let waited = 0;
  while (FakeSocket.made.at(-1) === current) { t.mock.timers.tick(50); waited += 50; }
  assert.ok(waited <= 750, 'an open connection starts the back-off again');
  client.close();
});

test('ops get their own reply; without a connection, or when it drops, they answer offline', async (t) => {
  const { client, socket } = connected(t);
  socket.deliver(snapshot(1));
  const finish = client.send('finish', { table: 3 });
  const call = client.send('call', { table: 2 });
  assert.deepEqual(socket.sent.map((m) => [m.op, m.table]), [['finish', 3], ['call', 2]]);
  socket.deliver({ type: 'reply', id: socket.sent[1].id, status: 409, body: { error: { code: 'queue_empty' } } });
  assert.equal((await call).status, 409);
  socket.drop();
  const dropped = await finish;
  assert.equal(dropped.status, 0);
  assert.equal(dropped.body.error.code, 'offline');
  const offline = await client.send('finish', { table: 3 });
  assert.equal(offline.status, 0);
  assert.equal(socket.sent.length, 2);
  client.close();
});

test('a signed-in client signs the new socket in again after a reconnect', async (t) => {
  const { client, socket } = connected(t);
  socket.deliver(snapshot(1));
  const signIn = client.signIn('1111');
  socket.deliver({ type: 'reply', id: socket.sent[0].id, status: 200, body: { role: 'volunteer' } });
  assert.equal((await signIn).status, 200);
  assert.equal(client.role, 'volunteer');
  socket.drop();
  t.mock.timers.tick(1_000);
  const again = FakeSocket.made.at(-1);
  again.open();
  assert.deepEqual(again.sent.map((m) => [m.op, m.pin]), [['auth', '1111']]);
  client.close();
});

test('a staff client asks for a snapshot after a roster load, whose names its frame does not carry', (t) => {
  const { client, socket } = connected(t);
  socket.deliver(snapshot(1));
  socket.deliver({ ...update(2), events: [{ type: 'roster_loaded' }] });
  assert.deepEqual(socket.sent, []);
  socket.deliver({ ...snapshot(2), audience: 'staff', roster_size: 0 });
  socket.deliver({ ...update(3), events: [{ type: 'roster_loaded', count: 30 }] });
  assert.deepEqual(socket.sent, [{ op: 'snapshot' }]);
  assert.equal(client.state.rosterSize, 30);
  client.close();
});
