// Pure rules for what a table card shows and offers, from (table, settings, now): no DOM and no
// clock of their own, so the browser tests can check overdue/overrun and undo windows directly.
// `now` is always the server's clock (TentClient.now()); `limits` are the server's (state.limits).

import { undoWindowMs } from '/shared/limits.js';

export const AREA_LABELS = {
  calves: 'Calves', hamstrings: 'Hamstrings', quads: 'Quads', glutes_hips: 'Glutes / hips', it_band: 'IT band',
  feet: 'Feet', lower_back: 'Lower back', shoulders: 'Shoulders',
};

// True once the called runner has had call_timeout_s to arrive (a no-show may then be marked).
export function isCallOverdue(calledAt, callTimeoutS, now) {
  if (calledAt == null || !(callTimeoutS > 0)) return false;
  return now - calledAt >= callTimeoutS * 1000;
}

// The card's clock: {label, elapsedS, targetS, level: 'ok'|'over', flag} or null (closed table).
export function tableTimer(table, settings, now) {
  const since = (ms) => Math.max(0, Math.floor((now - ms) / 1000));
  switch (table.state) {
    case 'called': {
      const over = isCallOverdue(table.called_at, settings.call_timeout_s, now);
      return { label: 'Called', elapsedS: since(table.called_at), targetS: settings.call_timeout_s, level: over ? 'over' : 'ok', flag: over ? 'OVERDUE' : '' };
    }
    case 'in_session': {
      const elapsedS = since(table.started_at);
      const over = elapsedS > settings.session_target_s;
      return { label: 'Session', elapsedS, targetS: settings.session_target_s, level: over ? 'over' : 'ok', flag: over ? 'OVER TIME' : '' };
    }
    case 'changeover': {
      const elapsedS = since(table.since);
      const over = elapsedS > settings.changeover_s;
      return { label: 'Changeover', elapsedS, targetS: settings.changeover_s, level: over ? 'over' : 'ok', flag: over ? 'TIME UP' : '' };
    }
    case 'break': return { label: 'On break for', elapsedS: since(table.since), targetS: null, level: 'ok', flag: '' };
    case 'free': return { label: 'Free for', elapsedS: since(table.since), targetS: null, level: 'ok', flag: '' };
    default: return null;
  }
}

// How urgently the table needs a volunteer: 0 called and overdue, 1 over time, 2 changeover done
// (time to tap Ready), or null. Cards that need action go first, most urgent first.
export function attentionRank(table, settings, now) {
  const timer = tableTimer(table, settings, now);
  if (timer?.level !== 'over') return null;
  return { called: 0, in_session: 1, changeover: 2 }[table.state] ?? null;
}

// The order of the board: tables that need action first (most urgent, then lowest id), then the
// rest by id. `tables` is an array of table views.
export function boardOrder(tables, settings, now) {
  const rank = (t) => attentionRank(t, settings, now) ?? 3;
  return [...tables].sort((a, b) => rank(a) - rank(b) || a.id - b.id).map((t) => t.id);
}

// The runner's focus areas as words ("Calves, Quads"), '' when none.
export function areasText(areas) {
  return (areas ?? []).map((a) => AREA_LABELS[a] ?? a).join(', ');
}

// The card's note about an earlier medical referral of the runner on the table, or ''.
export function referralNote(referral) {
  if (!referral) return '';
  const from = referral.from === 'table' ? 'from a table' : 'at the kiosk';
  return referral.cleared_by ? `Sent to medical earlier (${from}), since cleared` : `Sent to medical (${from})`;
}

// The one-tap action for the table's state: {op, label, disabled}.
export function primaryAction(table, queueLength) {
  switch (table.state) {
    case 'closed': return { op: 'open', label: 'Open', disabled: false };
    case 'free': return { op: 'call', label: 'Call next', disabled: queueLength === 0 };
    case 'called': return { op: 'arrived', label: 'Arrived', disabled: false };
    case 'in_session': return { op: 'finish', label: 'Finish', disabled: false };
    case 'changeover': return { op: 'ready', label: 'Ready', disabled: false };
    case 'break': return { op: 'resume', label: 'Resume', disabled: false };
    default: return null;
  }
}

// The undo button's label while the table's last arrived/finish/no-show is undoable (within the
// server's undo_window_s), else null. `last` is the undoable event seen for this table ({type, at});
// it names the action only when its time is the table's undo time (a page loaded later has not
// seen it and falls back on the state).
export function undoLabel(table, last, now, limits) {
  if (table.undo == null || now - table.undo >= undoWindowMs(limits)) return null;
  let kind = last && last.at === table.undo ? last.type : null;
  if (!kind && table.state === 'in_session') kind = 'arrived';
  if (!kind && table.state === 'changeover') kind = 'finished';
  return { arrived: 'Undo arrived', finished: 'Undo finish', no_showed: 'Undo no-show' }[kind] ?? 'Undo last step';
}

// A finish under this long after the start asks the volunteer to confirm.
export const EARLY_FINISH_MS = 60_000;

export function isEarlyFinish(table, now) {
  return table.state === 'in_session' && table.started_at != null && now - table.started_at < EARLY_FINISH_MS;
}

// The `expect` of a table op: the table as the volunteer saw it (see docs/protocol.md).
export function tableExpect(table) {
  return { state: table.state, bib: table.bib ?? null };
}

// Which secondary actions the table's menu offers now.
export function menuActions(table, settings, now) {
  const s = table.state;
  return {
    recall: s === 'called',
    noShow: s === 'called',
    noShowEnabled: s === 'called' && isCallOverdue(table.called_at, settings.call_timeout_s, now),
    break: s === 'free' || s === 'changeover',
    resume: s === 'break',
    close: s === 'free' || s === 'changeover' || s === 'break',
    callBib: s === 'free',
  };
}
