// The online backups (serve --backup-dir) as the organiser sees them: a line beside the live
// figures and, when a copy failed or none is recent, an alert. Reads GET /api/backups.

import { api } from '/shared/rest.js';
import { duration, timeOfDay } from '/shared/format.js';

const POLL_MS = 15_000;

// The newest good copy is late past three intervals and a minute.
const late = (b, now) => b.last_ok_at == null || now - b.last_ok_at > 3 * b.every_s * 1000 + 60_000;

// The line under the live figures.
export function backupLine(b, now) {
  if (!b) return '';
  if (!b.enabled) return 'Backups are off: start the server with --backup-dir to copy the day to a USB stick.';
  if (!b.last) return `Backups to ${b.folder}: making the first copy…`;
  const good = b.last_ok_at != null ? `Last backup ${timeOfDay(b.last_ok_at)}, ${duration((now - b.last_ok_at) / 1000)} ago` : 'No good backup yet';
  return b.last.ok ? `${good} (${b.folder}).` : `${good}. The copy at ${timeOfDay(b.last.at)} failed.`;
}

// An alert when the day has no recent copy: [{kind, key, text}] (empty when all is well).
export function backupAlerts(b, now) {
  if (!b?.enabled || !b.last) return [];
  if (!b.last.ok) return [{ kind: 'backup', key: 'backup', text: `The backup to ${b.folder} failed at ${timeOfDay(b.last.at)}: ${b.last.error}` }];
  if (late(b, now)) return [{ kind: 'backup', key: 'backup', text: `No backup since ${timeOfDay(b.last_ok_at)}: check the server's terminal.` }];
  return [];
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
