// "Kết quả quý này": the movement's results of the running quarter beside the same
// quarter a year earlier, on the commune's dashboard and the receiving unit's overview
// (issue 16). The engine counts them (results_summary: the report's totals alone, not
// the whole report); the panel loads after the screen so the overview stays quick, and
// links to the full report.

import * as api from './api.js';
import { h, link, replace } from './dom.js';
import { capitalise, formatNumber, isoToVn } from './format.js';

/** The figures shown, by the report's column keys: the few a meeting asks for first. */
const KEYS = ['activities', 'patrols', 'mediations', 'tips', 'propaganda', 'contributions', 'spending', 'balance', 'attendances', 'commendations', 'proposals'];

/** An empty panel, filled when the figures arrive. */
export function resultsPanel() {
  const body = h('div', { class: 'muted' }, 'Đang tính kết quả quý này…');
  const panel = h('section', { class: 'panel results-panel', 'data-testid': 'results-panel', 'aria-labelledby': 'results-h' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'results-h' }, 'Kết quả hoạt động quý này'),
      link(['report'], 'Xem báo cáo theo kỳ…', { 'data-testid': 'results-report-link' })),
    body);
  const today = new Date();
  const period = { kind: 'quarter', year: today.getFullYear(), quarter: Math.floor(today.getMonth() / 3) + 1 };
  api.resultsSummary(period).then((r) => replace(body, figures(r)))
    .catch((e) => replace(body, h('p', { class: 'form-error' }, e.message || String(e))));
  return panel;
}

function figures(r) {
  const now = r.results;
  if (!now) return h('p', { class: 'muted' }, 'Chưa có số liệu: chưa nhận gói dữ liệu của xã, phường nào.');
  const before = r.results_year_earlier;
  const { communes = 0, with_data: sent = 0 } = r.coverage || {};
  return [
    h('dl', { class: 'results-grid', 'data-testid': 'results-figures' }, KEYS.map((key) => {
      const i = r.result_columns.findIndex((c) => c.key === key);
      if (i < 0) return null;
      return h('div', { class: 'result', 'data-key': key },
        h('dt', {}, r.result_columns[i].title),
        h('dd', {}, formatNumber(now.figures[i]),
          before ? h('span', { class: 'muted small' }, ` (cùng kỳ: ${formatNumber(before.figures[i])})`) : null));
    })),
    h('p', { class: 'muted small' }, r.role === 'commune'
      ? `${capitalise(r.period_name)}, tính đến ngày ${isoToVn(r.on)}.`
      : `${capitalise(r.period_name)}, tính đến ngày ${isoToVn(r.on)}, trên ${formatNumber(sent)}/${formatNumber(communes)} xã, phường đã gửi dữ liệu.`),
  ];
}
