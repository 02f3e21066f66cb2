// The display's languages from ?langs=en,de: each code the server offers (GET
// /api/languages/display) with its labels loaded from display/i18n/<code>.json. Unknown codes are
// left out; none left means English only.

import { labels } from './labels.js';
import { tentPath } from '/shared/tent-path.js';

export async function loadLanguages(param) {
  const wanted = String(param ?? '').split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
  if (!wanted.length) return [];
  let offered = [];
  try {
    const res = await fetch(tentPath('/api/languages/display'));
    if (res.ok) offered = ((await res.json()).languages ?? []).map((l) => (typeof l === 'string' ? l : l.code));
  } catch { return []; }
  const out = [];
  for (const code of wanted) {
    if (!offered.includes(code)) continue;
    try {
      const res = await fetch(`/display/i18n/${code}.json`);
      if (res.ok) out.push({ code, t: labels(await res.json()) });
    } catch { /* leave it out */ }
  }
  return out;
}
