// The online backups (serve --backup-dir) and the standby laptops (massage-tent standby) as the
// organiser sees them: a line beside the live figures and, when a copy failed or none is recent, or
// a standby stopped following, an alert. Reads GET /api/backups.

import { api } from '/shared/rest.js';
import { duration, timeOfDay } from '/shared/format.js';

const POLL_MS = 15_000;

// The newest good copy is late past three intervals and a minute.
const late = (b, now) => b.last_ok_at == null || now - b.last_ok_at > 3 * b.every_s * 1000 + 60_000;

// A standby asks at least every 20 s while it follows (sooner with every commit).
const STANDBY_QUIET_MS = 60_000;
const quiet = (s, now) => now - s.asked_at > STANDBY_QUIET_MS;

function copiesLine(b, now) {
  if (!b.enabled) return 'Backups are off: start the server with --backup-dir to copy the day to a USB stick.';
  if (!b.last) return `Backups to ${b.folder}: making the first copy…`;
  const good = b.last_ok_at != null ? `Last backup ${timeOfDay(b.last_ok_at)}, ${duration((now - b.last_ok_at) / 1000)} ago` : 'No good backup yet';
  return b.last.ok ? `${good} (${b.folder}).` : `${good}. The copy at ${timeOfDay(b.last.at)} failed.`;
}

function standbyLine(s, lastSeq, now) {
  if (quiet(s, now)) return `Standby ${s.address}: not heard from since ${timeOfDay(s.asked_at)}.`;
  const behind = lastSeq - s.seq;
  return `Standby ${s.address}: ${behind <= 0 ? 'up to date' : `${behind} behind`}.`;
}

// The line under the live figures.
export function backupLine(b, now) {
  if (!b) return '';
  return [copiesLine(b, now), ...(b.standbys ?? []).map((s) => standbyLine(s, b.last_seq, now))].join(' ');
}

// An alert when the day has no recent copy, or a standby stopped following: [{kind, key, text}]
// (empty when all is well).
export function backupAlerts(b, now) {
  if (!b) return [];
  const standbys = (b.standbys ?? []).filter((s) => quiet(s, now)).map((s) => ({
    kind: 'backup', key: `standby-${s.address}`,
    text: `The standby at ${s.address} has not asked for the day's changes since ${timeOfDay(s.asked_at)}: check the standby laptop.`,
  }));
  if (!b.enabled || !b.last) return standbys;
  if (!b.last.ok) return [{ kind: 'backup', key: 'backup', text: `The backup to ${b.folder} failed at ${timeOfDay(b.last.at)}: ${b.last.error}` }, ...standbys];
  if (late(b, now)) return [{ kind: 'backup', key: 'backup', text: `No backup since ${timeOfDay(b.last_ok_at)}: check the server's terminal.` }, ...standbys];
  return standbys;
}

// Polls /api/backups; onStatus(body) after each good reply.
export class BackupWatch {
  constructor(pin, onStatus) { this.pin = pin; this.onStatus = onStatus; }

  start() {
    this.interval = setInterval(() => this.fetchNow(), POLL_MS);
    this.fetchNow();
  }

  stop() { clearInterval(this.interval); }

  async fetchNow() {
    const reply = await api('/api/backups', { pin: this.pin });
    if (reply.status === 200) this.onStatus(reply.body);
  }
}
