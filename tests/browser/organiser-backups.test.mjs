// The organiser sees the online backups (serve --backup-dir): when the last good copy was made, an
// alert when a copy failed, and one when no copy is recent. Two real servers: one copying into a
// folder, one whose backup "folder" is a file. And a standby laptop (massage-tent standby, the real
// executable) following a server: how far behind it is, and an alert once it stops asking.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, screenshot, executable, ORGANISER_PIN } from './harness.mjs';

const T = { timeout: 10_000 };
const dir = mkdtempSync(join(tmpdir(), 'tent-backups-'));
const servers = [];
let browser;

after(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function dashboard(extraArgs) {
  const server = await startServer({ extraArgs });
  servers.push(server);
  browser ??= await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/organiser/`);
  await page.fill('#pin', ORGANISER_PIN);
  await page.click('#signin-form button');
  await page.locator('#view-live').waitFor(T);
  return { server, page, errors };
}

const statusText = (page) => page.locator('#backup-status').textContent();

test('with --backup-dir the dashboard says when the last copy was made; a late copy is an alert', async () => {
  const usb = join(dir, 'usb');
  const { server, page, errors } = await dashboard(['--backup-dir', usb, '--backup-every', '60']);
  await page.waitForFunction(() => /^Last backup /.test(document.querySelector('#backup-status').textContent), null, T);
  const { body } = await server.api('/api/backups', { pin: ORGANISER_PIN });
  assert.equal(body.last.ok, true);
  assert.deepEqual(readdirSync(usb), [body.last.file]);
  assert.match(await statusText(page), new RegExp(`^Last backup .+ ago \\(${usb.replaceAll('/', '\\/')}\\)\\.$`));
  assert.equal(await page.locator('#backup-status').getAttribute('data-kind'), '');
  assert.equal(await page.locator('#alerts [data-alert="backup"]').count(), 0);
  await screenshot(page, 'organiser-backup-ok');

  // Four minutes on, three intervals of 60 s and a minute have passed without a good copy.
  await page.clock.setFixedTime(Date.now() + 4 * 60_000 + 5_000);
  await page.locator('#alerts [data-alert="backup"]').waitFor(T);
  assert.match(await page.locator('#alerts [data-alert="backup"]').textContent(), /^No backup since .+: check the server's terminal\.$/);
  assert.equal(await page.locator('#backup-status').getAttribute('data-kind'), 'error');
  assert.deepEqual(errors, []);
});

test('a copy that fails is an alert naming the folder and why', async () => {
  const blocked = join(dir, 'not-a-folder');
  writeFileSync(blocked, 'a file where the backup folder should be');
  const { page, errors } = await dashboard(['--backup-dir', blocked]);
  const alert = page.locator('#alerts [data-alert="backup"]');
  await alert.waitFor(T);
  assert.match(await alert.textContent(), new RegExp(`^The backup to ${blocked.replaceAll('/', '\\/')} failed at .+: .*${blocked.replaceAll('/', '\\/')}`));
  assert.match(await statusText(page), /^No good backup yet\. The copy at .+ failed\.$/);
  await screenshot(page, 'organiser-backup-failed');
  assert.deepEqual(errors, []);
});

test('without --backup-dir the dashboard says backups are off, and raises no alert', async () => {
  const { page, errors } = await dashboard([]);
  await page.waitForFunction(() => document.querySelector('#backup-status').textContent.startsWith('Backups are off'), null, T);
  assert.equal(await page.locator('#alerts [data-alert="backup"]').count(), 0);
  assert.deepEqual(errors, []);
});

test('a standby following the server shows as up to date, and as an alert once it stops asking', async () => {
  const { server, page, errors } = await dashboard([]);
  const standby = spawn(executable, ['standby', '--from', server.url, '--db', join(dir, 'standby.db')], {
    env: { ...process.env, TENT_ORGANISER_PIN: ORGANISER_PIN }, stdio: 'ignore',
  });
  try {
    await server.api('/api/checkins', { method: 'POST', body: { bib: '101' } });
    // The dashboard polls every 15 s.
    await page.waitForFunction(() => /Standby 127\.0\.0\.1: up to date\.$/.test(document.querySelector('#backup-status').textContent), null, { timeout: 20_000 });
    const { body } = await server.api('/api/backups', { pin: ORGANISER_PIN });
    assert.equal(body.standbys.length, 1);
    assert.equal(body.standbys[0].seq, body.last_seq);
    assert.equal(await page.locator('#alerts [data-alert="standby-127.0.0.1"]').count(), 0);
  } finally {
    standby.kill('SIGTERM');
  }
  // Two minutes on without a request from it.
  await page.clock.setFixedTime(Date.now() + 2 * 60_000);
  const alert = page.locator('#alerts [data-alert="standby-127.0.0.1"]');
  await alert.waitFor({ timeout: 20_000 });
  assert.match(await alert.textContent(), /^The standby at 127\.0\.0\.1 has not asked for the day's changes since .+: check the standby laptop\.$/);
  assert.match(await statusText(page), /Standby 127\.0\.0\.1: not heard from since .+\.$/);
  await screenshot(page, 'organiser-standby-quiet');
  assert.deepEqual(errors, []);
});
