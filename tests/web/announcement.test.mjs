// Which announcement text a page shows (shared/announcement.js): its language's, else the main one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { announcementFor } from '../../shared/announcement.js';

const state = { announcement: 'Water at the exit', announcement_translations: { de: 'Wasser am Ausgang', es: 'Agua en la salida' } };

test('a page in a language with its own text shows that text', () => {
  assert.equal(announcementFor(state, 'de'), 'Wasser am Ausgang');
  assert.equal(announcementFor(state, 'es'), 'Agua en la salida');
});

test('a regional code finds its language, in any case', () => {
  assert.equal(announcementFor(state, 'de-AT'), 'Wasser am Ausgang');
  assert.equal(announcementFor(state, 'ES'), 'Agua en la salida');
});

test('a language without its own text, or none at all, shows the main text', () => {
  assert.equal(announcementFor(state, 'fr'), 'Water at the exit');
  assert.equal(announcementFor(state, 'en'), 'Water at the exit');
  assert.equal(announcementFor(state, undefined), 'Water at the exit');
  assert.equal(announcementFor({ announcement: 'Hi' }, 'de'), 'Hi');
});

test('no main text means no announcement, whatever the translations say', () => {
  assert.equal(announcementFor({ announcement: '', announcement_translations: { de: 'Alt' } }, 'de'), '');
  assert.equal(announcementFor(null, 'de'), '');
});
