// Tổng quan of a receiving unit: one row per commune under it (villages, teams, share of
// teams meeting each rule C1–C8, members trained, the last bundle and what is missing),
// sorted and filtered by the engine, with three charts. A commune's name opens its
// drill-down (#/commune/<code>).

import * as api from '../api.js';
import { shareBars, yearColumns } from '../charts.js';
import { empty, h, link, loading, replace } from '../dom.js';
import { formatNumber, isoToVn, percent } from '../format.js';
import { owedPanel } from '../owed-panel.js';
import { resultsPanel } from '../results-panel.js';

const SORTS = [
  ['name', 'Tên xã (A–Z)'],
  ['compliance', 'Mức đạt tiêu chí (thấp trước)'],
  ['villages_without_team', 'Thôn chưa có tổ (nhiều trước)'],
  ['last_bundle', 'Gói dữ liệu (cũ nhất trước)'],
  ['members', 'Số thành viên (nhiều trước)'],
  ['trained', 'Tỷ lệ đã tập huấn (thấp trước)'],
  ['overdue', 'Kiến nghị quá hạn (nhiều trước)'],
  ['code', 'Mã xã'],
];

/** Sorts whose natural reading is "worst first". */
const WORST_FIRST = { compliance: false, trained: false, villages_without_team: true, overdue: true, members: true };

export async function render(view) {
  const options = { sort: 'name', descending: false, query: '', attention_only: false, rule_not_met: null };
  const results = h('div', { 'data-testid': 'district-results' }, loading());
  const search = h('input', { type: 'search', id: 'district-query', 'data-testid': 'district-query', placeholder: 'Tên hoặc mã xã', autocomplete: 'off' });
  const sort = h('select', { id: 'district-sort', 'data-testid': 'district-sort' }, SORTS.map(([v, l]) => h('option', { value: v }, l)));
  const rule = h('select', { id: 'district-rule', 'data-testid': 'district-rule' },
    h('option', { value: '' }, 'Mọi tiêu chí'),
    [1, 2, 3, 4, 5, 6, 7, 8].map((i) => h('option', { value: `C${i}` }, `Có tổ chưa đạt C${i}`)));
  const attention = h('input', { type: 'checkbox', id: 'district-attention', 'data-testid': 'district-attention' });
  let timer = null;
  let seq = 0;

  const refresh = async () => {
    const mine = ++seq;
    options.query = search.value.trim() || null;
    options.sort = sort.value;
    options.descending = Boolean(WORST_FIRST[sort.value]);
    options.rule_not_met = rule.value || null;
    options.attention_only = attention.checked;
    try {
      const d = await api.districtOverview(options);
      if (mine === seq) draw(d);
    } catch (e) {
      if (mine === seq) replace(results, h('p', { class: 'form-error' }, e.message || String(e)));
    }
  };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(refresh, 200); });
  for (const el of [sort, rule, attention]) el.addEventListener('change', refresh);

  replace(view,
    h('div', { class: 'screen-head' }, h('h1', {}, 'Tổng quan các xã'), h('span', { class: 'muted', 'data-testid': 'district-on' })),
    h('div', { 'data-testid': 'district-counts', class: 'counts' }),
    h('div', { 'data-testid': 'district-owed' }),
    h('section', { class: 'panel', 'aria-labelledby': 'communes-h' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'communes-h' }, 'Các xã'), h('span', { class: 'muted' }, 'Bấm tên xã để xem từng tổ.')),
      h('div', { class: 'filters' },
        h('label', { for: 'district-query' }, 'Tìm xã'), search,
        h('label', { for: 'district-sort' }, 'Sắp xếp theo'), sort,
        h('label', { for: 'district-rule' }, 'Tiêu chí'), rule,
        h('label', { class: 'check' }, attention, h('span', {}, 'Chỉ xã cần chú ý'))),
      results),
    // The quarter's results under the communes: the table stays the first thing seen.
    resultsPanel(),
    h('div', { 'data-testid': 'district-charts' }));
  await refresh();

  function draw(d) {
    const t = d.totals;
    view.querySelector('[data-testid=district-on]').textContent = `${d.unit_name} · số liệu ngày ${isoToVn(d.on)}`;
    const count = (n, label, testid) => h('div', { class: 'count', 'data-testid': testid }, h('span', { class: 'n' }, n), h('span', { class: 'l' }, label));
    // Every figure is over the communes that sent data: one that never sent is not a zero.
    const sent = d.communes.filter((c) => c.last_bundle).length;
    const over = `(${formatNumber(sent)} xã đã gửi)`;
    replace(view.querySelector('[data-testid=district-counts]'),
      count(formatNumber(d.communes_total), `Xã, phường: ${formatNumber(sent)} đã gửi dữ liệu`, 'count-communes'),
      count(formatNumber(t.active_teams), `Tổ đang hoạt động ${over}`, 'count-teams'),
      count(formatNumber(t.members), `Thành viên ${over}`, 'count-members'),
      count(percent(t.trained_share), `Đã tập huấn 12 tháng ${over}`, 'count-trained'),
      count(formatNumber(t.villages_without_team), `Thôn, tổ dân phố chưa có tổ ${over}`, 'count-without-team'));
    replace(results, d.communes.length ? communesTable(d) : empty(d.communes_total
      ? 'Không có xã nào khớp với điều kiện lọc.'
      : 'Chưa có xã nào trong địa bàn. Hãy nhập gói dữ liệu của các xã ở mục Nhận dữ liệu.'));
    replace(view.querySelector('[data-testid=district-owed]'), owedPanel(d));
    replace(view.querySelector('[data-testid=district-charts]'), charts(d));
  }
}

/** A commune's figure, or "—" for one that never sent a bundle (not a real zero). */
const known = (c, text) => (c.last_bundle ? text : h('span', { class: 'muted', title: 'Chưa có số liệu: xã chưa gửi dữ liệu' }, '—'));

/** The communes that sent data first (in the chosen order), then a heading and the others. */
function groups(communes) {
  const sent = communes.filter((c) => c.last_bundle);
  const none = communes.filter((c) => !c.last_bundle);
  return none.length && sent.length ? [...sent, { separator: true, count: none.length }, ...none] : communes;
}

function communesTable(d) {
  return h('div', { class: 'table-wrap scroll-x' }, h('table', { class: 'grid district-table', 'data-testid': 'communes-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Xã, phường'),
      h('th', { scope: 'col', class: 'num' }, 'Thôn'),
      h('th', { scope: 'col', class: 'num', title: 'Thôn, tổ dân phố chưa có tổ đang hoạt động' }, 'Chưa có tổ'),
      h('th', { scope: 'col', class: 'num' }, 'Tổ'),
      d.rules.map((r) => h('th', { scope: 'col', class: 'num rule', title: `${r.rule} — ${r.title}: tỷ lệ tổ đạt` }, r.rule)),
      h('th', { scope: 'col', class: 'num' }, 'Thành viên'),
      h('th', { scope: 'col', class: 'num', title: 'Đã tập huấn trong 12 tháng' }, 'Tập huấn'),
      h('th', { scope: 'col' }, 'Gói gần nhất'))),
    h('tbody', {}, groups(d.communes).map((c) => c.separator
      ? h('tr', { class: 'group-row', 'data-testid': 'group-no-data' }, h('th', { colspan: String(6 + d.rules.length), scope: 'rowgroup' },
        `Chưa gửi dữ liệu (${formatNumber(c.count)} xã): chưa có số liệu, không phải số 0.`))
      : h('tr', { 'data-testid': 'commune-row', 'data-code': c.unit_code, class: !c.last_bundle && 'no-data' },
      // What needs attention sits under the commune's name: a column of its own ran
      // off the right of a 1366 px screen (issue 15, item 7).
      h('th', { scope: 'row' }, link(['commune', c.unit_code], c.unit_name, { 'data-testid': 'commune-link' }), h('div', { class: 'muted small' }, `Mã ${c.unit_code}`),
        c.last_bundle ? h('div', { 'data-testid': 'attention' }, c.attention.length
          ? h('ul', { class: 'attention' }, c.attention.map((a) => h('li', { 'data-code': a.code }, a.text)))
          : h('span', { class: 'status status-met' }, '✓ Ổn')) : null),
      h('td', { class: 'num' }, known(c, formatNumber(c.villages))),
      h('td', { class: ['num', c.last_bundle && c.villages_without_team > 0 && 'warn'] }, known(c, formatNumber(c.villages_without_team))),
      h('td', { class: 'num' }, known(c, formatNumber(c.active_teams))),
      c.rules.map((r) => h('td', {
        class: ['num', 'share', c.last_bundle && r.share !== null && r.share < 0.5 && 'warn'], 'data-rule': r.rule,
        title: c.last_bundle ? `${r.rule}: ${r.met} đạt, ${r.partial} một phần, ${r.not_met} chưa đạt` : 'Chưa có số liệu',
      }, known(c, percent(r.share)))),
      h('td', { class: 'num' }, known(c, formatNumber(c.members))),
      h('td', { class: 'num' }, known(c, percent(c.trained_share))),
      h('td', { class: 'nowrap', 'data-testid': 'last-bundle' }, c.last_bundle
        ? [isoToVn(c.last_bundle.date), h('div', { class: 'muted small' }, c.last_bundle.days_ago === 0 ? 'hôm nay' : `${formatNumber(c.last_bundle.days_ago)} ngày trước`)]
        : h('span', { class: 'status status-not_met' }, 'Chưa nhận'))))),
    h('tfoot', {}, h('tr', { 'data-testid': 'totals-row' },
      h('th', { scope: 'row' }, 'Cộng'),
      h('td', { class: 'num' }, formatNumber(d.totals.villages)),
      h('td', { class: 'num' }, formatNumber(d.totals.villages_without_team)),
      h('td', { class: 'num' }, formatNumber(d.totals.active_teams)),
      d.totals.rules.map((r) => h('td', { class: 'num share' }, percent(r.share))),
      h('td', { class: 'num' }, formatNumber(d.totals.members)),
      h('td', { class: 'num' }, percent(d.totals.trained_share)),
      h('td', {})))));
}

function charts(d) {
  const c = d.charts;
  const figure = (title, caption, chart) => h('figure', { class: 'panel chart-panel' },
    h('h2', {}, title), h('div', { class: 'chart-scroll' }, chart), h('figcaption', { class: 'muted' }, caption));
  return h('div', { class: 'chart-grid' },
    figure('Mức đạt tiêu chí theo xã',
      'Tỷ lệ lượt tiêu chí C1–C8 đạt trên tổng số lượt đánh giá của các tổ đang hoạt động.',
      shareBars(c.compliance_by_commune.map((b) => ({ label: b.unit_name, share: b.overall, note: `${formatNumber(b.active_teams)} tổ` })),
        { testid: 'chart-compliance', caption: 'Mức đạt tiêu chí theo xã' })),
    figure('Số tổ thành lập theo năm',
      c.founded_unknown
        ? `Theo ngày ký quyết định thành lập; đường là số tổ cộng dồn. ${formatNumber(c.founded_unknown)} tổ chưa có quyết định đã ký, có ngày.`
        : 'Theo ngày ký quyết định thành lập; đường là số tổ cộng dồn.',
      c.founded_by_year.length
        ? yearColumns(c.founded_by_year, { testid: 'chart-founded', caption: 'Số tổ thành lập theo năm' })
        : empty('Chưa có quyết định thành lập nào có ngày ký.')),
    figure('Thành viên đã tập huấn trong 12 tháng',
      'Tỷ lệ thành viên đang tham gia đã dự ít nhất một buổi tập huấn trong 12 tháng qua.',
      shareBars(c.training_coverage.map((b) => ({ label: b.unit_name, share: b.share, note: `${formatNumber(b.trained)}/${formatNumber(b.members)} người` })),
        { testid: 'chart-training', caption: 'Thành viên đã tập huấn theo xã' })));
}
