// Messages to the clerk: one error banner at the top of the page (the engine's
// Vietnamese sentence, as is) and short notices in the corner. Both are live regions, so
// a screen reader says them too.

import { h, replace } from './dom.js';

let banner = null;
let toasts = null;
const MAX_SUCCESS_TOASTS = 3;

/** Called once by main.js with the two regions of the page frame. */
export function mount(bannerEl, toastsEl) {
  banner = bannerEl;
  toasts = toastsEl;
}

/** Shows an engine error (or any `{message}`) in the banner until closed. */
export function error(err, title = 'Chưa làm được') {
  if (!banner) return;
  const message = (err && err.message) || String(err);
  const problems = (err && Array.isArray(err.problems)) ? err.problems : [];
  replace(banner,
    h('div', { class: 'banner banner-error', role: 'alert', 'data-testid': 'error-banner', 'data-code': (err && err.code) || '' },
      h('div', { class: 'banner-body' },
        h('strong', {}, title + ': '),
        h('span', { 'data-testid': 'error-message' }, message),
        problems.length ? h('ul', {}, problems.map((p) => h('li', {}, `${p.label}: ${p.message}`))) : null),
      h('button', { type: 'button', class: 'banner-close', onclick: clearError, 'aria-label': 'Đóng thông báo' }, 'Đóng')));
  banner.scrollIntoView({ block: 'nearest' });
}

export function clearError() {
  if (banner) banner.replaceChildren();
}

/**
 * A notice in the corner. Success notices go away after a few seconds; warnings stay
 * until closed, because they say something the clerk should read (an age over 70, an ID
 * number that does not match the birth year).
 */
export function notice(text, { kind = 'success', lines = [], sticky = kind !== 'success' } = {}) {
  if (!toasts) return;
  const close = () => el.remove();
  const el = h('div', { class: ['toast', `toast-${kind}`], 'data-testid': `toast-${kind}` },
    h('div', { class: 'toast-body' },
      h('strong', {}, text),
      lines.length ? h('ul', {}, lines.map((l) => h('li', {}, l))) : null),
    h('button', { type: 'button', class: 'toast-close', onclick: close, 'aria-label': 'Đóng' }, '×'));
  // A few at a time: older success notices make room (warnings stay until closed).
  const successes = [...toasts.querySelectorAll('.toast-success')];
  for (const old of successes.slice(0, Math.max(0, successes.length - MAX_SUCCESS_TOASTS + 1))) old.remove();
  toasts.appendChild(el);
  if (!sticky) setTimeout(close, 5000);
}

/** Shows the warnings a save answered with (`[{field, label, message}]`). */
export function warnings(list, text = 'Đã lưu, nhưng hãy kiểm tra lại') {
  if (!list || !list.length) return;
  notice(text, { kind: 'warning', lines: list.map((w) => `${w.label}: ${w.message}`) });
}
