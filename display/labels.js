// The display's fixed labels. English is built in (the screen never waits for a file to show
// itself); other languages come from display/i18n/<code>.json with the same keys, and a key a
// language lacks falls back to English.

export const ENGLISH = {
  tent: 'Massage tent',
  now_calling: 'Now calling',
  go_to: 'go to',
  calls_empty: 'Watch this screen for your bib number',
  calls_more: '· +{n} more called ({page}/{pages})',
  next_in_line: 'Next in line',
  waiting_count: '· {n} waiting',
  next_empty: 'No one waiting: check in at the kiosk',
  next_more: '+{n} more — check the kiosk or your phone ({page}/{pages})',
  new_wait: 'Checking in now? Estimated wait',
  no_new_checkins: 'Sorry, no new check-ins',
  line_closed: 'Line closed',
  once_table_opens: 'Once a table opens',
  under_minute: 'under a minute',
  tables: 'Tables',
  connecting: 'Connecting to the tent server…',
  no_tables: 'No tables open yet',
  state_calling: 'Calling',
  state_free: 'Free',
  state_called: 'Called',
  state_in_session: 'In session',
  state_changeover: 'Changeover',
  state_break: 'On break',
  state_closed: 'Closed',
  sound_on: '♪ Sound on',
  sound_off: 'Sound off',
  sound_prompt: 'Tap to enable sound',
};

// A label function over `strings` (falling back to English): t('calls_more', {n: 3}).
export function labels(strings = {}) {
  return (key, vars = {}) => (strings[key] ?? ENGLISH[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
}

export const english = labels();
