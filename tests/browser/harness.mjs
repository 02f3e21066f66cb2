// Browser-test harness: a real massage-tent server (the built executable, a temp SQLite file,
// a free loopback port) and Debian's headless Chromium driven by playwright-core.
//
//   const server = await startServer();       // server.url, server.api(), server.restart()
//   const browser = await launchBrowser();
//   const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
//   await screenshot(page, 'display-landscape');   // tests/artifacts/display-landscape.png

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const artifacts = join(repo, 'tests', 'artifacts');
export const VOLUNTEER_PIN = '1111';
export const ORGANISER_PIN = '222222';
export const executable = process.env.TENT_EXECUTABLE ?? join(repo, 'build', 'massage-tent');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

function run(args, logPrefix, env = {}) {
  return new Promise((resolvePort, reject) => {
    const proc = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const onData = (chunk) => {
      out += chunk;
      const m = out.match(/listening on port (\d+)/);
      if (m) { clearTimeout(timer); resolvePort({ proc, port: Number(m[1]) }); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => { clearTimeout(timer); if (!/listening/.test(out)) reject(new Error(`${logPrefix} exited ${code}:\n${out}`)); });
  });
}

// `env` adds to the server's environment (e.g. TZ for the export's local times); `bind` is the
// address it listens on (server.url stays the loopback one, which 0.0.0.0 also answers).
export async function startServer({ extraArgs = [], env = {}, bind = '127.0.0.1' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tent-browser-'));
  const db = join(dir, 'tent.db');
  const args = (port) => ['serve', '--bind', bind, '--port', String(port), '--db', db, '--web-root', repo,
    '--volunteer-pin', VOLUNTEER_PIN, '--organiser-pin', ORGANISER_PIN, ...extraArgs];
  let { proc, port } = await run(args(0), 'server', env);
  const server = {
    port,
    url: `http://127.0.0.1:${port}`,
    db,
    // REST call; returns {status, body}.
    async api(path, { method = 'GET', body, pin } = {}) {
      const headers = { 'Content-Type': 'application/json' };
      if (pin) headers.Authorization = `Bearer ${pin}`;
      const res = await fetch(this.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let json; try { json = JSON.parse(text); } catch { json = text; }
      return { status: res.status, body: json };
    },
    // A volunteer op through /api/ops/{op}.
    op(name, params = {}, pin = VOLUNTEER_PIN) { return this.api(`/api/ops/${name}`, { method: 'POST', body: params, pin }); },
    // Stops the process (SIGTERM, or SIGKILL with hard=true) and starts it again on the same port and database.
    async restart({ hard = false, downMs = 0 } = {}) {
      await this.stop(hard ? 'SIGKILL' : 'SIGTERM');
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      ({ proc } = await run(args(port), 'restarted server', env));
    },
    stop(signal = 'SIGTERM') {
      return new Promise((r) => { if (proc.exitCode !== null) return r(); proc.once('exit', r); proc.kill(signal); });
    },
    async close() { await this.stop(); rmSync(dir, { recursive: true, force: true }); },
  };
  return server;
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false });
}

// Sets up n open tables through the API; returns their ids.
export async function openTables(server, n) {
  const ids = [];
  for (let i = 0; i < n; i++) {
    const created = await server.op('table_create', { name: `Table ${i + 1}` });
    ids.push(created.body.table.id);
    await server.op('open', { table: created.body.table.id });
  }
  return ids;
}

// True when the page has no horizontal or vertical scrollbar.
// axe-core's accessibility check of the page as it is now: the violations of `minImpact` or worse
// (minor < moderate < serious < critical), each as {id, impact, help, targets}. Empty means clean.
const axeSource = createRequire(import.meta.url)('axe-core').source;
const impacts = ['minor', 'moderate', 'serious', 'critical'];
export async function axeViolations(page, minImpact = 'moderate') {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => impacts.indexOf(v.impact) >= impacts.indexOf(minImpact))
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

// Resizes the viewport and returns once the page has laid itself out for the new size: resize
// observers run in the frame after the resize, so wait for the size and then two frames.
export async function resizeTo(page, viewport) {
  await page.setViewportSize(viewport);
  await page.waitForFunction(([w, h]) => innerWidth === w && innerHeight === h, [viewport.width, viewport.height]);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

export function fitsWithoutScrolling(page) {
  return page.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1 && document.documentElement.scrollWidth <= innerWidth + 1);
}

// What a camera reads from a picture of a QR code (a PNG screenshot): jsQR in a blank page of the
// browser's own, or null when it reads nothing.
const jsqrSource = () => readFileSync(createRequire(import.meta.url).resolve('jsqr'), 'utf8');
export async function decodeQrPng(browser, png) {
  const decoder = await browser.newPage();
  try {
    await decoder.addScriptTag({ content: jsqrSource() });
    return await decoder.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: img.naturalWidth, height: img.naturalHeight });
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      const pixels = g.getImageData(0, 0, canvas.width, canvas.height);
      return jsQR(pixels.data, canvas.width, canvas.height)?.data ?? null;
    }, png.toString('base64'));
  } finally {
    await decoder.close();
  }
}
