// What the runner's page says for each status: pure functions from a runner's situation to words,
// so the wording lives in one place (the after-care advice follows docs in /work/shared/DOMAIN.md).

import { duration } from '/shared/format.js';

export const WAIT_TIPS = [
  'Drink some water',
  'Keep warm: put on dry clothes or a foil blanket',
  'Walk gently rather than sitting still',
];

export const AFTER_CARE = [
  'Drink water over the next few hours',
  'Walk gently to help your legs recover',
  'Do some light stretching, nothing forced',
  'Keep warm',
  'Foam rolling can help, but don’t overdo it',
  'Sleep well and take rest days',
  'Book a full sports massage no earlier than 48 hours after the race',
];

// info: {status, bib, position?, wait? (seconds, null = no table open), table? (name), medical?}
// Returns {tone, title, position, line1, line2, headsUp, advice: null | {title, items}, docTitle}.
export function describe(info) {
  const v = { tone: 'info', title: '', position: '', line1: '', line2: '', headsUp: '', advice: null, docTitle: '' };
  switch (info.status) {
    case 'waiting': {
      const p = info.position;
      v.title = p === 1 ? 'You are next in line' : `You are number ${p} in line`;
      v.position = `${p}`;
      v.line1 = info.wait == null ? 'Waiting for a table to open' : `Estimated wait: ${duration(info.wait)}`;
      v.line2 = 'This page updates by itself. Keep it open, or watch the big screen in the tent.';
      if (p === 1) v.headsUp = 'You’re next: head towards the tent now';
      else if (p === 2) v.headsUp = 'You’re second in line: head towards the tent';
      v.advice = { title: 'While you wait', items: WAIT_TIPS };
      v.docTitle = `#${p} in line`;
      break;
    }
    case 'called':
      v.tone = 'called';
      v.title = `Go to ${info.table} now`;
      v.line1 = 'Your massage table is ready. Please go straight there.';
      v.docTitle = `Go to ${info.table} now`;
      break;
    case 'in_session':
      v.tone = 'ok';
      v.title = 'On the table: enjoy';
      v.line1 = info.table ? `You are on ${info.table}.` : '';
      v.docTitle = 'On the table';
      break;
    case 'done':
      v.tone = 'ok';
      v.title = 'Thank you, and well done!';
      v.line1 = 'Your massage is done. Look after your legs for the next few days.';
      v.advice = { title: 'After-care', items: AFTER_CARE };
      v.docTitle = 'Thank you';
      break;
    case 'referred':
      v.tone = 'danger';
      v.title = 'Please go to the medical tent';
      v.line1 = info.medical || 'Any volunteer can show you the way.';
      v.line2 = 'From your answers at check-in, a medic should see you before any massage. You are not in the massage line.';
      v.docTitle = 'Go to the medical tent';
      break;
    case 'walked_out':
      v.title = 'You left the line';
      v.line1 = 'If you still want a massage, check in again at the kiosk in the tent.';
      v.docTitle = 'Left the line';
      break;
    case 'removed':
      v.title = 'You are no longer in the line';
      v.line1 = 'A volunteer took you out of the line. If you think this is a mistake, please ask at the tent.';
      v.docTitle = 'Not in the line';
      break;
    case 'no_show':
      v.title = 'We called you, but missed you';
      v.line1 = 'Your turn has passed. Please ask a volunteer at the tent.';
      v.docTitle = 'Missed your call';
      break;
    case 'not_found':
      v.title = `We can’t find bib ${info.bib}`;
      v.line1 = 'Check the number on your bib, or check in at the kiosk in the massage tent.';
      v.line2 = 'Once you’re checked in, this page shows your place by itself.';
      v.docTitle = 'Bib not found';
      break;
    case 'offline':
      v.tone = 'danger';
      v.title = 'Can’t reach the tent';
      v.line1 = 'Check that your phone is on the tent’s Wi-Fi. Trying again…';
      v.line2 = 'You can also watch the big screen in the tent for your bib.';
      v.docTitle = 'Offline';
      break;
    default:
      v.title = 'Something went wrong';
      v.line1 = info.message || 'Please ask a volunteer at the tent.';
      v.docTitle = 'Error';
  }
  return v;
}
