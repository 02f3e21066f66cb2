// The pages' DOM helpers: finding an element, building one, and setters that change only what
// differs, so that live frames and once-a-second tickers touch only what changed (no focus lost,
// no layout shift, nothing that grows on a screen left on all day).

// The element with this id.
export const $ = (id) => document.getElementById(id);

// h('button', {class: 'primary', onclick}, 'Finish'): an element with attributes and children.
// Attributes: null or false leave one out, true sets it bare; `class` is the class name, `dataset`
// an object of data-* values, on<event> a listener. Children: nodes, text (a text node, never
// HTML), arrays of them; null and false are skipped.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children.flat().filter((c) => c != null && c !== false));
  return el;
}

// The element's text; null and undefined are "".
export function setText(el, text) {
  const t = String(text ?? '');
  if (el.textContent !== t) el.textContent = t;
}

export function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

// An attribute's value; null or false remove it, true sets it bare.
export function setAttr(el, name, value) {
  if (value == null || value === false) { if (el.hasAttribute(name)) el.removeAttribute(name); return; }
  const v = value === true ? '' : String(value);
  if (el.getAttribute(name) !== v) el.setAttribute(name, v);
}
