// Kiosk strings. The languages are whatever kiosk/i18n/<code>.json files the server lists, so adding
// a language is adding a file. A missing key falls back to English, never to the raw key.
import { api } from '/shared/rest.js';
import { loadStrings, duration } from '/shared/format.js';

const cache = new Map();   // code -> t()
let english = null;

// The current translator: t(key, {vars}). A live binding: importers always see the current language.
export let t = (key) => key;
export let language = 'en';

async function strings(code) {
  if (!cache.has(code)) cache.set(code, await loadStrings('kiosk', code));
  return cache.get(code);
}

// [{code, name}] from the server; English alone when the list can't be had.
export async function listLanguages() {
  const r = await api('/api/languages/kiosk');
  const list = r.status === 200 && Array.isArray(r.body?.languages) ? r.body.languages : [];
  return list.length ? list : [{ code: 'en', name: 'English' }];
}

// Loads a language (throws when the server can't be reached) and relabels every [data-i18n] element.
export async function setLanguage(code) {
  english ??= await strings('en');
  const own = await strings(code);
  t = (key, vars) => {
    const s = own(key, vars);
    return s === key ? english(key, vars) : s;
  };
  language = code;
  document.documentElement.lang = code;
  applyStrings(document);
}

export function applyStrings(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

// A wait in words: "about 12 min", "less than a minute", or "not known yet" (no table open).
export function waitText(seconds) {
  if (seconds == null || seconds < 0) return t('wait_unknown');
  if (seconds < 60) return t('wait_under_minute');
  return t('wait_about', { wait: duration(seconds) });
}
