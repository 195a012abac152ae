// Small charts as inline SVG, built element by element (no library, no markup strings):
// labels are text nodes, so a commune's name shows literally. Every chart also says
// its numbers in words (a <title> per bar and a caption), for print and screen readers.

import { svg as s } from './dom.js';
import { formatNumber, percent } from './format.js';

/** Colour class by share: the same thresholds as the status marks' colours. */
function level(share) {
  if (share === null || share === undefined) return 'bar-none';
  if (share >= 0.8) return 'bar-good';
  if (share >= 0.5) return 'bar-mid';
  return 'bar-low';
}

/**
 * Horizontal bars, one per row: rows = [{label, share (0..1|null), note}].
 * Sized in user units; the SVG takes its card's width (about 1.2 × at 1366 px, so
 * the 13-unit labels read at 15 px or more).
 */
export function shareBars(rows, { testid, caption }) {
  const labelW = 240;
  const barW = 560;
  const rowH = 26;
  const top = 26;
  const width = labelW + barW + 70;
  const height = top + rows.length * rowH + 8;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'chart', 'data-testid': testid,
    'aria-label': caption,
  },
  s('title', {}, caption),
  ticks.map((t) => s('g', {},
    s('line', { x1: labelW + t * barW, x2: labelW + t * barW, y1: top - 4, y2: height - 8, class: 'grid-line' }),
    s('text', { x: labelW + t * barW, y: 14, 'text-anchor': 'middle', class: 'tick' }, `${t * 100}%`))),
  rows.map((r, i) => {
    const y = top + i * rowH;
    const w = r.share === null || r.share === undefined ? 0 : Math.max(1, r.share * barW);
    return s('g', { 'data-testid': `${testid}-bar` },
      s('title', {}, `${r.label}: ${percent(r.share)}${r.note ? ` (${r.note})` : ''}`),
      s('text', { x: labelW - 8, y: y + 18, 'text-anchor': 'end', class: 'label' }, r.label),
      s('rect', { x: labelW, y: y + 4, width: w, height: rowH - 8, class: ['bar', level(r.share)] }),
      s('text', { x: labelW + w + 6, y: y + 18, class: 'value' }, percent(r.share)));
  }));
}

/**
 * Columns per year with the running total as a line: years = [{year, founded,
 * cumulative}]. As wide as the other charts whatever the number of years (three years
 * of data must not make a chart a sixth of its card), with a legend saying which is
 * which.
 */
export function yearColumns(years, { testid, caption }) {
  const left = 44;
  const width = 870;
  const colW = Math.max(14, Math.min(90, Math.floor((width - left - 20) / Math.max(years.length, 1))));
  const plotH = 220;
  const top = 40;
  const height = top + plotH + 40;
  const max = Math.max(1, ...years.map((y) => y.cumulative));
  const step = niceStep(max);
  const scaleMax = Math.ceil(max / step) * step;
  const y = (v) => top + plotH - (v / scaleMax) * plotH;
  const ticks = [];
  for (let v = 0; v <= scaleMax; v += step) ticks.push(v);
  const labelEvery = Math.ceil(years.length / 16);
  const line = years.map((yr, i) => `${left + i * colW + colW / 2},${y(yr.cumulative)}`).join(' ');
  return s('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'chart', 'data-testid': testid, 'aria-label': caption,
  },
  s('title', {}, caption),
  s('g', { class: 'legend', 'data-testid': `${testid}-legend` },
    s('rect', { x: left, y: 6, width: 16, height: 14, class: 'bar bar-good' }),
    s('text', { x: left + 22, y: 18, class: 'label' }, 'Số tổ thành lập trong năm'),
    s('line', { x1: left + 260, x2: left + 284, y1: 13, y2: 13, class: 'cumulative' }),
    s('text', { x: left + 290, y: 18, class: 'label' }, 'Số tổ cộng dồn')),
  ticks.map((t) => s('g', {},
    s('line', { x1: left, x2: width - 10, y1: y(t), y2: y(t), class: 'grid-line' }),
    s('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, formatNumber(t)))),
  years.map((yr, i) => s('g', { 'data-testid': `${testid}-bar` },
    s('title', {}, `Năm ${yr.year}: thành lập ${formatNumber(yr.founded)} tổ, cộng dồn ${formatNumber(yr.cumulative)}`),
    s('rect', { x: left + i * colW + 2, y: y(yr.founded), width: colW - 4, height: top + plotH - y(yr.founded), class: 'bar bar-good' }),
    i % labelEvery === 0 ? s('text', { x: left + i * colW + colW / 2, y: top + plotH + 18, 'text-anchor': 'middle', class: 'tick' }, String(yr.year)) : null)),
  years.length > 1 ? s('polyline', { points: line, class: 'cumulative' }) : null);
}

function niceStep(max) {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
}
