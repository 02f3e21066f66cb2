// The organisers' announcement as one line that expands on a tap, so it never pushes the tables
// down. Whether it is expanded is remembered on the phone for that text: a new announcement
// starts as one line again.

import { $, setText, setHidden, setAttr } from '/shared/dom.js';

const KEY = 'massage-tent.console.announcement-open';

export function createAnnouncement() {
  const box = $('announcement');
  const toggle = $('announcement-toggle');
  const text = $('announcement-text');
  let current = '';

  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    if (open) localStorage.setItem(KEY, current);
    else localStorage.removeItem(KEY);
    render(current);
  });

  function render(announcement) {
    current = announcement ?? '';
    setHidden(box, !current);
    setText(text, current);
    const open = !!current && localStorage.getItem(KEY) === current;
    setAttr(toggle, 'aria-expanded', String(open));
    box.classList.toggle('open', open);
  }

  return { render };
}
