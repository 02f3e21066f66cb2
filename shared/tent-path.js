// Which tent a page belongs to. One server holds several tents: the first at the root paths
// (/kiosk/, /api/checkins, /ws), any other under /t/ID/ (/t/family/kiosk/, /t/family/api/checkins,
// /t/family/ws), where ID is 1–32 characters of a-z, 0-9 and "-", starting with a letter or digit
// (docs/protocol.md). A page reads its tent from its own address and puts the same prefix before
// every /api/ and /ws path and every link to another page, so it talks to its own tent; event-wide
// routes (/api/tents, /api/export/event.csv) answer the same under any prefix. Pure apart from the
// default argument: the unit tests pass paths.

const TENT_PATH = /^\/t\/([a-z0-9][a-z0-9-]{0,31})(?=\/|$)/;
const here = () => globalThis.location?.pathname ?? '/';

// The tent id of a path: "family" for /t/family/kiosk/, "" (the first tent) for /kiosk/.
export function tentId(pathname = here()) {
  return TENT_PATH.exec(pathname)?.[1] ?? '';
}

// The prefix of a tent's paths: "/t/family" for the tent "family", "" for the first tent.
export const prefixOf = (id) => (id ? `/t/${id}` : '');

// A tent id made from a tent's name: "Family área 2" → "family-area-2"; "" when the name has no
// letter or digit of a-z, 0-9 (then the organiser types one).
export function tentIdFrom(name) {
  return String(name).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 32).replace(/-+$/, '');
}

// This page's prefix ("/t/family" or "").
export const tentPrefix = (pathname = here()) => prefixOf(tentId(pathname));

// An absolute path ("/api/checkins", "/status/?bib=1") of this page's tent; a path already under
// /t/ is left as it is.
export function tentPath(path, pathname = here()) {
  return path.startsWith('/') && !path.startsWith('/t/') ? `${tentPrefix(pathname)}${path}` : path;
}

// A localStorage name for something that belongs to one tent (a kiosk's outbox, a volunteer's
// tables): the first tent keeps the plain name, so devices set up before several tents keep theirs.
export function tentStorageKey(name, pathname = here()) {
  const id = tentId(pathname);
  return id ? `${name}@${id}` : name;
}
