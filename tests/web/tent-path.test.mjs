// Which tent a page belongs to (shared/tent-path.js): /t/ID/... is tent ID, anything else the
// first tent, and the paths a page builds carry its tent's prefix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefixOf, tentId, tentIdFrom, tentPath, tentPrefix, tentStorageKey } from '../../shared/tent-path.js';

test('a page under /t/ID/ belongs to tent ID, a page at the root to the first tent', () => {
  assert.equal(tentId('/t/family/kiosk/'), 'family');
  assert.equal(tentId('/t/finish-a/console/index.html'), 'finish-a');
  assert.equal(tentId('/t/2nd'), '2nd');
  assert.equal(tentId('/kiosk/'), '');
  assert.equal(tentId('/'), '');
  assert.equal(tentPrefix('/t/family/display/'), '/t/family');
  assert.equal(tentPrefix('/display/'), '');
  assert.equal(prefixOf(''), '');
  assert.equal(prefixOf('family'), '/t/family');
});

test('a path that is not a tent id stays with the first tent', () => {
  for (const p of ['/t/', '/t//kiosk/', '/t/-family/kiosk/', '/t/Family/kiosk/', '/t/fam_ily/kiosk/',
    `/t/${'a'.repeat(33)}/kiosk/`, '/tents/family/', '/x/t/family/']) {
    assert.equal(tentId(p), '', p);
  }
  assert.equal(tentId(`/t/${'a'.repeat(32)}/kiosk/`), 'a'.repeat(32));
});

test('the paths a page builds carry its tent\'s prefix, and none at the root', () => {
  assert.equal(tentPath('/api/checkins', '/t/family/kiosk/'), '/t/family/api/checkins');
  assert.equal(tentPath('/ws', '/t/family/display/'), '/t/family/ws');
  assert.equal(tentPath('/status/?bib=12', '/t/family/kiosk/'), '/t/family/status/?bib=12');
  assert.equal(tentPath('/api/checkins', '/kiosk/'), '/api/checkins');
  // Already a tent's path, or not an absolute path: unchanged.
  assert.equal(tentPath('/t/finish-a/kiosk/', '/t/family/organiser/'), '/t/finish-a/kiosk/');
  assert.equal(tentPath('i18n/en.json', '/t/family/kiosk/'), 'i18n/en.json');
});

test('what a device keeps for one tent is kept apart from another tent\'s', () => {
  assert.equal(tentStorageKey('massage-tent.outbox', '/kiosk/'), 'massage-tent.outbox');
  assert.equal(tentStorageKey('massage-tent.outbox', '/t/family/kiosk/'), 'massage-tent.outbox@family');
  assert.notEqual(tentStorageKey('massage-tent.outbox', '/t/a/kiosk/'), tentStorageKey('massage-tent.outbox', '/t/b/kiosk/'));
});

test('a tent id made from a name is a valid id: lower case, accents dropped, dashes between words, at most 32', () => {
  assert.equal(tentIdFrom('Family area'), 'family-area');
  assert.equal(tentIdFrom('  Finish A '), 'finish-a');
  assert.equal(tentIdFrom('Zone Élite — 2'), 'zone-elite-2');
  assert.equal(tentIdFrom('!!!'), '');
  assert.equal(tentIdFrom('-Tent-'), 'tent');
  const long = tentIdFrom('A very long name for a massage tent by the river');
  assert.ok(long.length <= 32 && /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(long), long);
  for (const name of ['Family area', 'Zone Élite — 2', 'A very long name for a massage tent by the river']) {
    assert.equal(tentId(`/t/${tentIdFrom(name)}/kiosk/`), tentIdFrom(name), name);
  }
});
