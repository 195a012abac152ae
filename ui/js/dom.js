// The only way this UI builds DOM. Record text from the engine (which may come from a
// bundle typed on another machine) reaches the page solely as text nodes, `value` or
// attributes set one by one — never parsed as HTML. So a member named
// `<img src=x onerror=alert(1)>` shows literally, and the page keeps working under a
// Trusted Types policy that forbids string HTML sinks.

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'required',
  'readOnly', 'multiple', 'open', 'indeterminate', 'max', 'min', 'maxLength', 'rows', 'size']);

/**
 * h('button', {class: 'primary', onclick: save, 'data-testid': 'form-save'}, 'Lưu')
 * - `class`: string or array (falsy entries dropped);
 * - `on<event>`: a function, added as a listener;
 * - `text`: shortcut for a single text child;
 * - value/checked/disabled/…: set as properties;
 * - anything else: setAttribute (never `style`: the CSP allows no inline styles, and
 *   never a string event handler).
 */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same as `h`, for SVG elements (charts): the same rules, in the SVG namespace. */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  if (attrs) {
    for (const [key, val] of Object.entries(attrs)) {
      if (val === undefined || val === null || val === false && !PROPS.has(key)) continue;
      if (key === 'class') {
        // setAttribute, not className: an SVG element's className cannot be assigned.
        const list = Array.isArray(val) ? val.filter(Boolean) : [val];
        if (list.length) el.setAttribute('class', list.join(' '));
      } else if (key === 'text') {
        el.textContent = String(val);
      } else if (key.startsWith('on')) {
        if (typeof val !== 'function') throw new Error(`h(): ${key} must be a function`);
        el.addEventListener(key.slice(2), val);
      } else if (key === 'style' || key === 'innerHTML' || key === 'outerHTML' || key === 'srcdoc') {
        throw new Error(`h(): ${key} is not allowed`);
      } else if (PROPS.has(key)) {
        el[key] = val;
      } else {
        el.setAttribute(key, val === true ? '' : String(val));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends strings (as text), numbers, nodes and nested arrays; skips null/false. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === '') continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `el` with `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A link inside the app (hash route); ids are encoded so no data can break the URL. */
export function link(route, label, attrs = {}) {
  return h('a', { href: `#/${route.map(encodeURIComponent).join('/')}`, ...attrs }, label);
}

/** A short "loading" paragraph, shown while a screen fetches its data. */
export function loading(what = 'Đang tải…') {
  return h('p', { class: 'loading', role: 'status' }, what);
}

/** Empty-state line for a list without rows. */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}
