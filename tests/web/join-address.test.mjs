// Which address the organiser's "Join this tent" codes carry (organiser/join-address.js): never
// loopback, the address the page was opened at first when a phone can use it, a remembered choice
// kept only while it is offered.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, joinOrigins, noAddressText, originOf, pageUrl, pickOrigin } from '../../organiser/join-address.js';

const reply = { port: 8080, bound: '0.0.0.0', addresses: ['192.168.8.10', '10.0.0.23'], reason: '' };
const at = (origin) => ({ origin, hostname: new URL(origin).hostname });

test('loopback host names are this laptop, any other is not', () => {
  for (const host of ['localhost', 'LOCALHOST', 'tent.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['192.168.8.10', 'tent.local', '10.127.0.1', '[fd00::2]']) assert.equal(isLoopbackHost(host), false, host);
});

test('opened on the laptop itself, the codes offer the server\'s addresses in its order', () => {
  for (const here of ['http://localhost:8080', 'http://127.0.0.1:8080']) {
    assert.deepEqual(joinOrigins(reply, at(here)), ['http://192.168.8.10:8080', 'http://10.0.0.23:8080']);
  }
});

test('opened at an address a phone can use, that address comes first, and is not repeated', () => {
  assert.deepEqual(joinOrigins(reply, at('http://10.0.0.23:8080')), ['http://10.0.0.23:8080', 'http://192.168.8.10:8080']);
  assert.deepEqual(joinOrigins(reply, at('http://tent.local:8080')),
    ['http://tent.local:8080', 'http://192.168.8.10:8080', 'http://10.0.0.23:8080']);
});

test('none when the server lists none and the page is on the laptop; the reason in words', () => {
  const loopback = { port: 8080, bound: '127.0.0.1', addresses: [], reason: 'loopback' };
  assert.deepEqual(joinOrigins(loopback, at('http://127.0.0.1:8080')), []);
  assert.equal(pickOrigin([], 'http://192.168.8.10:8080'), null);
  assert.match(noAddressText(loopback), /listens only on 127\.0\.0\.1.*--bind 0\.0\.0\.0.*bind = 0\.0\.0\.0/);
  assert.match(noAddressText({ ...loopback, bound: '0.0.0.0', reason: 'no_network' }), /connect it to the tent's Wi-Fi/);
});

test('a remembered choice is kept while it is offered, else the first is shown', () => {
  const origins = joinOrigins(reply, at('http://localhost:8080'));
  assert.equal(pickOrigin(origins, 'http://10.0.0.23:8080'), 'http://10.0.0.23:8080');
  assert.equal(pickOrigin(origins, 'http://172.16.0.9:8080'), 'http://192.168.8.10:8080');
  assert.equal(pickOrigin(origins, null), 'http://192.168.8.10:8080');
});

test('an IPv6 address is bracketed in the URL; a page\'s address ends in its folder', () => {
  assert.equal(originOf('2001:db8::10', 8080), 'http://[2001:db8::10]:8080');
  assert.equal(pageUrl('http://192.168.8.10:8080', 'console'), 'http://192.168.8.10:8080/console/');
});

test('a tent\'s codes carry that tent\'s pages, the first tent\'s the root ones', () => {
  assert.equal(pageUrl('http://192.168.8.10:8080', 'kiosk', '/t/family'), 'http://192.168.8.10:8080/t/family/kiosk/');
  assert.equal(pageUrl('http://192.168.8.10:8080', 'status', ''), 'http://192.168.8.10:8080/status/');
});
