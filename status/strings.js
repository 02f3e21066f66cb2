// The runner's page in the runner's language: ?lang=xx (the kiosk's QR carries it), else the
// browser's languages, else English. Only languages the server offers (GET /api/languages/status,
// the files status/i18n/<code>.json) are taken; a key a language lacks falls back to English.

import { tentPath } from '/shared/tent-path.js';

export const ENGLISH = {
  page_title: 'Your place in line — massage tent',
  tent: 'Massage tent',
  loading: 'Loading…',
  ask_title: 'Follow your place in line',
  ask_label: 'Your bib number',
  ask_submit: 'Show my place',
  bad_bib: 'That bib number doesn’t look right.',
  bib_rule: 'A bib is 1 to {max} letters or digits.',
  bib: 'Bib',
  other_bib: 'Check another bib',
  called_title: 'Go to {table} now',
  called_sub: 'Your massage table is ready.',
  called_ok: 'OK, on my way',
  your_table: 'your table',
  sound_prompt: 'Tap to turn on sound',
  under_minute: 'under a minute',
  waiting_next: 'You are next in line',
  waiting_number: 'You are number {n} in line',
  waiting_no_table: 'Waiting for a table to open',
  waiting_estimate: 'Estimated wait: {wait}',
  waiting_keep_open: 'This page updates by itself. Keep it open, or watch the big screen in the tent.',
  heads_up_next: 'You’re next: head towards the tent now',
  heads_up_second: 'You’re second in line: head towards the tent',
  advice_waiting: 'While you wait',
  tips_waiting: ['Drink some water', 'Keep warm: put on dry clothes or a foil blanket', 'Walk gently rather than sitting still'],
  doc_waiting: '#{n} in line',
  called_line: 'Your massage table is ready. Please go straight there.',
  in_session_title: 'On the table: enjoy',
  in_session_line: 'You are on {table}.',
  doc_in_session: 'On the table',
  done_title: 'Thank you, and well done!',
  done_line: 'Your massage is done. Look after your legs for the next few days.',
  advice_after: 'After your massage',
  tips_after: [
    'Keep moving lightly: walk gently to help your legs recover',
    'Drink water over the next few hours',
    'Do some light stretching, nothing forced',
    'Keep warm',
    'Foam rolling can help, but don’t overdo it',
    'Sleep well and take rest days',
    'No deep-tissue massage for about 48 hours: book a full sports massage no earlier than that, so soreness can ease and any injury settle',
    'Sharp pain or swelling is not normal soreness: go to the medical tent or see a doctor',
  ],
  areas_worked: 'Areas worked: {areas}',
  area_calves: 'calves',
  area_hamstrings: 'hamstrings',
  area_quads: 'quads',
  area_glutes_hips: 'glutes and hips',
  area_it_band: 'IT band',
  area_feet: 'feet',
  area_lower_back: 'lower back',
  area_shoulders: 'shoulders and neck',
  doc_done: 'Thank you',
  referred_title: 'Please go to the medical tent',
  referred_way: 'Any volunteer can show you the way.',
  referred_line: 'From your answers at check-in, a medic should see you before any massage. You are not in the massage line.',
  referred_table_line: 'Your therapist sent you from the table: a medic should see you now. You are not in the massage line.',
  doc_referred: 'Go to the medical tent',
  walked_out_title: 'You left the line',
  walked_out_line: 'If you still want a massage, check in again at the kiosk in the tent.',
  doc_walked_out: 'Left the line',
  removed_title: 'You are no longer in the line',
  removed_line: 'A volunteer took you out of the line. If you think this is a mistake, please ask at the tent.',
  doc_removed: 'Not in the line',
  no_show_title: 'We called you, but missed you',
  no_show_line: 'Your turn has passed. Please ask a volunteer at the tent.',
  doc_no_show: 'Missed your call',
  not_found_title: 'We can’t find bib {bib}',
  not_found_line: 'Check the number on your bib, or check in at the kiosk in the massage tent.',
  not_found_line2: 'Once you’re checked in, this page shows your place by itself.',
  doc_not_found: 'Bib not found',
  offline_title: 'Can’t reach the tent',
  offline_line: 'Check that your phone is on the tent’s Wi-Fi. Trying again…',
  offline_line2: 'You can also watch the big screen in the tent for your bib.',
  doc_offline: 'Offline',
  error_title: 'Something went wrong',
  error_line: 'Please ask a volunteer at the tent.',
  doc_error: 'Error',
  doc_bib: '{title} — bib {bib}',
  fb_legs_question: 'How do your legs feel now?',
  fb_legs_1: 'Very sore',
  fb_legs_2: 'Sore',
  fb_legs_3: 'OK',
  fb_legs_4: 'Good',
  fb_legs_5: 'Great',
  fb_come_back_question: 'Would you come back next year?',
  fb_yes: 'Yes',
  fb_no: 'No',
  fb_thanks: 'Thank you!',
  fb_until: 'You can change your answer until {time}.',
  fb_not_sent: 'Not sent, try again',
  fb_closed: 'Your answer is in, thank you. It can no longer be changed.',
};

// t(key, vars) over `strings` with English behind it; a list key (tips) gives its array.
export function translator(strings = {}) {
  return (key, vars = {}) => {
    const value = strings[key] ?? ENGLISH[key] ?? key;
    if (Array.isArray(value)) return value;
    return value.replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
  };
}

// The language to show, from ?lang= and then the browser's list, among the offered codes.
export function chooseLanguage(param, browserLanguages, offered) {
  const candidates = [param, ...browserLanguages].filter(Boolean).map((l) => String(l).toLowerCase());
  for (const c of candidates) {
    if (offered.includes(c)) return c;
    const base = c.split('-')[0];
    if (offered.includes(base)) return base;
  }
  return 'en';
}

// {lang, t} for this page.
export async function loadStrings(param) {
  let offered = [];
  try {
    const res = await fetch(tentPath('/api/languages/status'));
    if (res.ok) offered = ((await res.json()).languages ?? []).map((l) => l.code);
  } catch { /* offline: English */ }
  const lang = chooseLanguage(param, navigator.languages ?? [navigator.language], offered);
  if (lang === 'en') return { lang, t: translator() };
  try {
    const res = await fetch(`/status/i18n/${lang}.json`);
    if (res.ok) return { lang, t: translator(await res.json()) };
  } catch { /* fall through */ }
  return { lang: 'en', t: translator() };
}
