// What the runner's page says for each status: pure functions from a runner's situation to words,
// so the wording lives in one place (the after-care advice follows /work/shared/DOMAIN.md). The
// words come from `t` (strings.js), in the runner's language.

import { duration } from '/shared/format.js';
import { translator } from './strings.js';

const english = translator();

// A wait in words ("12 min", "1 h 05 min", "under a minute").
export function waitText(seconds, t = english) {
  return seconds != null && seconds < 60 ? t('under_minute') : duration(seconds);
}

// "Areas worked: calves, hamstrings" in the runner's language; '' when none are known.
export function areasWorkedText(areas, t = english) {
  if (!areas?.length) return '';
  return t('areas_worked', { areas: areas.map((a) => t(`area_${a}`)).join(', ') });
}

// info: {status, bib, position?, wait? (seconds, null = no table open), table? (name), medical?,
//        areasWorked? (once done: the areas the therapist worked, or the runner's focus areas)}
// Returns {tone, title, position, line1, line2, headsUp, advice: null | {title, items, areas}, docTitle}.
export function describe(info, t = english) {
  const v = { tone: 'info', title: '', position: '', line1: '', line2: '', headsUp: '', advice: null, docTitle: '' };
  switch (info.status) {
    case 'waiting': {
      const p = info.position;
      v.title = p === 1 ? t('waiting_next') : t('waiting_number', { n: p });
      v.position = `${p}`;
      v.line1 = info.wait == null ? t('waiting_no_table') : t('waiting_estimate', { wait: waitText(info.wait, t) });
      v.line2 = t('waiting_keep_open');
      if (p === 1) v.headsUp = t('heads_up_next');
      else if (p === 2) v.headsUp = t('heads_up_second');
      v.advice = { title: t('advice_waiting'), items: t('tips_waiting') };
      v.docTitle = t('doc_waiting', { n: p });
      break;
    }
    case 'called':
      v.tone = 'called';
      v.title = t('called_title', { table: info.table });
      v.line1 = t('called_line');
      v.docTitle = v.title;
      break;
    case 'in_session':
      v.tone = 'ok';
      v.title = t('in_session_title');
      v.line1 = info.table ? t('in_session_line', { table: info.table }) : '';
      v.docTitle = t('doc_in_session');
      break;
    case 'done':
      v.tone = 'ok';
      v.title = t('done_title');
      v.line1 = t('done_line');
      v.advice = { title: t('advice_after'), items: t('tips_after'), areas: areasWorkedText(info.areasWorked, t) };
      v.docTitle = t('doc_done');
      break;
    case 'referred':
      v.tone = 'danger';
      v.title = t('referred_title');
      v.line1 = info.medical || t('referred_way');
      // Sent from the table after a session, or by the triage answers at the kiosk.
      v.line2 = t(info.tableId != null ? 'referred_table_line' : 'referred_line');
      v.docTitle = t('doc_referred');
      break;
    case 'walked_out':
    case 'removed':
    case 'no_show':
      v.title = t(`${info.status}_title`);
      v.line1 = t(`${info.status}_line`);
      v.docTitle = t(`doc_${info.status}`);
      break;
    case 'not_found':
      v.title = t('not_found_title', { bib: info.bib });
      v.line1 = t('not_found_line');
      v.line2 = t('not_found_line2');
      v.docTitle = t('doc_not_found');
      break;
    case 'offline':
      v.tone = 'danger';
      v.title = t('offline_title');
      v.line1 = t('offline_line');
      v.line2 = t('offline_line2');
      v.docTitle = t('doc_offline');
      break;
    default:
      v.title = t('error_title');
      v.line1 = info.message || t('error_line');
      v.docTitle = t('doc_error');
  }
  return v;
}
