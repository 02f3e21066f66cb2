// Which address the "Join this tent" codes carry: a phone on the tent's Wi-Fi must reach it, so
// never this laptop's loopback. Pure (no DOM): the panel (join.js) and the unit tests share it.

// The pages a device joins, in the order the panel shows them.
export const JOIN_PAGES = [
  { page: 'console', title: 'Console', who: "Volunteers' phones: run the tables" },
  { page: 'display', title: 'Display', who: 'The big screen (TV): bibs called' },
  { page: 'kiosk', title: 'Kiosk', who: 'The check-in tablet at the entrance' },
  { page: 'status', title: 'Runner status', who: "Runners' phones: their place in line" },
];

// Whether a URL host name is this machine itself (no other device can use it).
export function isLoopbackHost(hostname) {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]' || host === '::1';
}

// The origin ("http://192.168.8.10:8080") of an address GET /api/addresses lists.
export function originOf(address, port) {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

// The origins a code may carry, best first: the one this page was opened at when another device
// can use it too (the organiser typed it, so it works), then the server's (GET /api/addresses
// reply), without repeats. `here` is the page's location ({hostname, origin}).
export function joinOrigins(reply, here) {
  const out = [];
  if (!isLoopbackHost(here.hostname)) out.push(here.origin);
  for (const a of reply.addresses ?? []) {
    const origin = originOf(a, reply.port);
    if (!out.includes(origin)) out.push(origin);
  }
  return out;
}

// The origin to show: the one remembered, while it is still offered, else the first.
export function pickOrigin(origins, remembered) {
  return origins.includes(remembered) ? remembered : origins[0] ?? null;
}

// A page's address at an origin, for the tent whose paths start with `prefix` ("/t/family", or
// "" for the first tent: shared/tent-path.js).
export const pageUrl = (origin, page, prefix = '') => `${origin}${prefix}/${page}/`;

// Why no code can be shown, in words, from the reply's `reason` and `bound`.
export function noAddressText(reply) {
  if (reply.reason === 'loopback') {
    return `Phones and tablets cannot reach this server: it listens only on ${reply.bound}, this laptop's own address. ` +
      'Stop it and start it again with --bind 0.0.0.0 (or bind = 0.0.0.0 in its configuration file), then come back here.';
  }
  return 'This laptop has no network address a phone could use: connect it to the tent\'s Wi-Fi router, then check again.';
}
