// How a compliance status is shown: a colour AND a symbol AND a word, so it reads in
// black-and-white print, for colour-blind readers and on a washed-out projector.

import { h } from './dom.js';

export const STATUS = {
  met: { symbol: '✓', word: 'Đạt', long: 'Đạt' },
  partial: { symbol: '½', word: 'Một phần', long: 'Đạt một phần' },
  not_met: { symbol: '✗', word: 'Chưa đạt', long: 'Chưa đạt' },
};

/** A status mark: "✓ Đạt", "½ Một phần", "✗ Chưa đạt". */
export function mark(status, { long = false, title = null, stacked = false } = {}) {
  const s = STATUS[status] || { symbol: '?', word: String(status), long: String(status) };
  return h('span', { class: ['status', `status-${status}`, stacked && 'stacked'], title, 'data-status': status },
    h('span', { class: 'sym', 'aria-hidden': 'true' }, s.symbol), stacked ? null : ' ', h('span', { class: 'word' }, long ? s.long : s.word));
}

/** The legend under a grid. */
export function legend() {
  return h('p', { class: 'legend' },
    Object.keys(STATUS).map((k) => h('span', {}, mark(k, { long: true }))));
}
