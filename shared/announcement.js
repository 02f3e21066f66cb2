// Which announcement text a page shows: the organisers write a main text and, optionally, one per
// language (state.announcement_translations, language code -> text). A page shows the text for
// its language ("de-AT" also matches "de"), else the main text; no main text means no announcement.

export function announcementFor(state, lang) {
  const main = state?.announcement ?? '';
  if (!main) return '';
  const texts = state?.announcement_translations ?? {};
  const code = String(lang ?? '').toLowerCase();
  return texts[code] || texts[code.split('-')[0]] || main;
}
