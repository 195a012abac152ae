// Báo cáo tổng hợp: the summary report for a chosen month, quarter, year or run of days,
// shown in the window (the movement's results beside the same period a year earlier,
// per commune or per team, and the C1–C8 tables), printed as A4 landscape, and saved as
// an Excel workbook (the member list only there, behind its personal-data warning).
// The engine counts everything (report_view); this screen only lays it out.

import * as api from '../api.js';
import { mark } from '../compliance.js';
import { h, loading, replace } from '../dom.js';
import { formatNumber, isoToVn, percent, todayIso } from '../format.js';
import * as notify from '../notify.js';
import { savedPanel } from '../saved.js';
import * as session from '../session.js';

const ROMAN = ['I', 'II', 'III', 'IV'];
/** The first year of the scheme (Đề án 02, 2012–2014): earlier years have no teams. */
const FIRST_YEAR = 2012;

/** The columns of the per-commune / per-team results table that fit an A4 landscape
 *  page; the workbook has every column of `result_columns`. */
const TABLE_KEYS = ['activities', 'patrols', 'patrol_hours', 'mediations', 'tips', 'propaganda', 'audience',
  'contributions', 'spending', 'balance', 'attendances', 'commendations', 'inspections'];

export async function render(view) {
  const inst = session.installation();
  const commune = Boolean(inst && inst.role === 'commune');
  const chooser = periodChooser();
  const sheet = h('div', { class: 'report-sheet', 'data-testid': 'report-sheet' });
  let shown = null;
  let seq = 0;

  const show = async () => {
    const mine = ++seq;
    let period;
    try {
      period = chooser.value();
    } catch (e) {
      replace(sheet, h('p', { class: 'form-error', role: 'alert', 'data-testid': 'report-error' }, e.message));
      return;
    }
    replace(sheet, loading('Đang tính báo cáo…'));
    try {
      const r = await api.reportView(period);
      if (mine !== seq) return;
      shown = { period, report: r };
      replace(sheet, reportSheet(r, commune));
    } catch (e) {
      if (mine !== seq) return;
      shown = null;
      // The engine's sentence says what is wrong with the period and what to choose.
      const problems = e.problems && e.problems.length ? e.problems.map((p) => `${p.label}: ${p.message}`).join('; ') : (e.message || String(e));
      replace(sheet, h('p', { class: 'form-error', role: 'alert', 'data-testid': 'report-error' }, problems));
    }
  };
  chooser.onChange(show);

  const members = h('input', { type: 'checkbox', id: 'report-members', 'data-testid': 'report-members' });
  const warning = h('p', { class: 'reminder', hidden: true, 'data-testid': 'report-members-warning' },
    h('strong', {}, 'Dữ liệu cá nhân: '),
    'bảng thành viên có họ tên, năm sinh, nơi ở của từng người (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15). Chỉ dùng cho công tác quản lý tổ; không gửi qua mạng xã hội hay thư điện tử cá nhân; xóa tệp khi không còn cần.');
  members.addEventListener('change', () => { warning.hidden = !members.checked; });
  const result = h('div', { 'data-testid': 'report-result' });
  // The three saves differ only in what they write and how the result is named.
  const period = () => (shown ? shown.period : chooser.value());
  const saveButton = (testid, label, failed, write) => {
    const button = h('button', {
      type: 'button', 'data-testid': testid,
      onclick: async () => {
        button.disabled = true;
        try {
          replace(result, await write());
        } catch (e) {
          if (!api.isCancelled(e)) notify.error(e, failed);
        } finally {
          button.disabled = false;
        }
      },
    }, label);
    return button;
  };
  const save = saveButton('report-save', 'Lưu báo cáo Excel…', 'Chưa lưu được báo cáo', async () => {
    const r = await api.saveReport(members.checked, period());
    return savedPanel(r.file, { what: 'báo cáo', prefix: 'report', details: [['Gồm', r.sheets.join(', ')]] });
  });
  const draft = saveButton('report-save-draft', 'Lưu dự thảo báo cáo sơ kết (Word)…', 'Chưa lưu được dự thảo', async () => {
    const r = await api.saveReport(false, period(), 'docx');
    return savedPanel(r.file, { what: 'dự thảo báo cáo sơ kết', prefix: 'report' });
  });
  const proposals = saveButton('report-save-proposals', 'Lưu tờ trình đề nghị khen thưởng (Word)…', 'Chưa lưu được tờ trình', async () => (
    savedPanel(await api.saveProposalsDocument(period()), { what: 'tờ trình đề nghị khen thưởng', prefix: 'report' })));
  const print = h('button', {
    type: 'button', class: 'primary', 'data-testid': 'report-print',
    onclick: () => window.print(),
  }, 'In báo cáo (A4)…');

  replace(view,
    // The report prints across the page (A4 landscape): that page rule is loaded only
    // while this screen is shown (it goes with the view), so the decisions and lists
    // keep their portrait pages. A stylesheet file, since the window's CSP refuses
    // inline styles.
    h('link', { rel: 'stylesheet', href: 'css/report-print.css' }),
    h('div', { class: 'screen-head no-print' }, h('h1', {}, 'Báo cáo tổng hợp')),
    h('section', { class: 'panel no-print report-controls', 'aria-label': 'Chọn kỳ báo cáo' },
      h('p', { 'data-testid': 'report-what' }, commune
        ? `Báo cáo của ${inst.unit_name} về các Tổ: kết quả hoạt động trong kỳ (so với cùng kỳ năm trước), từng tổ, và tiêu chí C1–C8.`
        : 'Báo cáo của các xã, phường trong địa bàn: kết quả hoạt động trong kỳ (so với cùng kỳ năm trước), mỗi xã, phường một dòng, và tiêu chí C1–C8. Xã chưa gửi dữ liệu không có số liệu (không tính là 0).'),
      chooser.element,
      h('div', { class: 'toolbar' }, print, save, draft, proposals),
      h('label', { class: 'check' }, members, h('span', {}, 'Kèm bảng danh sách thành viên khi lưu tệp Excel')),
      warning,
      result),
    sheet);
  await show();
}

/** Month / quarter / year / days, with the current quarter chosen first. */
function periodChooser() {
  const today = todayIso();
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const kind = h('select', { id: 'report-kind', 'data-testid': 'report-kind' },
    h('option', { value: 'month' }, 'Tháng'),
    h('option', { value: 'quarter', selected: true }, 'Quý'),
    h('option', { value: 'year' }, 'Năm'),
    h('option', { value: 'days' }, 'Từ ngày … đến ngày'));
  const monthSel = h('select', { id: 'report-month', 'data-testid': 'report-month', 'aria-label': 'Tháng' },
    Array.from({ length: 12 }, (_, i) => h('option', { value: String(i + 1), selected: i + 1 === month }, `Tháng ${i + 1}`)));
  const quarterSel = h('select', { id: 'report-quarter', 'data-testid': 'report-quarter', 'aria-label': 'Quý' },
    ROMAN.map((r, i) => h('option', { value: String(i + 1), selected: i === Math.floor((month - 1) / 3) }, `Quý ${r}`)));
  const yearSel = h('select', { id: 'report-year', 'data-testid': 'report-year', 'aria-label': 'Năm' },
    Array.from({ length: year - FIRST_YEAR + 1 }, (_, i) => year - i).map((y) => h('option', { value: String(y) }, `Năm ${y}`)));
  const from = h('input', { type: 'text', id: 'report-from', 'data-testid': 'report-from', placeholder: 'dd/mm/yyyy', inputmode: 'numeric', size: 11, value: `01/01/${year}` });
  const to = h('input', { type: 'text', id: 'report-to', 'data-testid': 'report-to', placeholder: 'dd/mm/yyyy', inputmode: 'numeric', size: 11, value: isoToVn(today) });
  const days = h('span', { class: 'period-days', hidden: true },
    h('label', { for: 'report-from' }, 'Từ ngày'), from, h('label', { for: 'report-to' }, 'đến ngày'), to);
  const showBtn = h('button', { type: 'button', 'data-testid': 'report-show' }, 'Xem');
  const sync = () => {
    monthSel.hidden = kind.value !== 'month';
    quarterSel.hidden = kind.value !== 'quarter';
    yearSel.hidden = kind.value === 'days';
    days.hidden = kind.value !== 'days';
    showBtn.hidden = kind.value !== 'days';
  };
  sync();
  let listener = () => {};
  for (const el of [kind, monthSel, quarterSel, yearSel]) {
    el.addEventListener('change', () => { sync(); if (kind.value !== 'days') listener(); });
  }
  showBtn.addEventListener('click', () => listener());
  for (const el of [from, to]) el.addEventListener('keydown', (e) => { if (e.key === 'Enter') listener(); });
  return {
    element: h('div', { class: 'filters period-chooser', role: 'group', 'aria-label': 'Kỳ báo cáo' },
      h('label', { for: 'report-kind' }, 'Kỳ báo cáo'), kind, monthSel, quarterSel, yearSel, days, showBtn),
    onChange(fn) { listener = fn; },
    value() {
      const y = Number(yearSel.value);
      switch (kind.value) {
        case 'month': return { kind: 'month', year: y, month: Number(monthSel.value) };
        case 'quarter': return { kind: 'quarter', year: y, quarter: Number(quarterSel.value) };
        case 'year': return { kind: 'year', year: y };
        default: return { kind: 'days', from: from.value.trim(), to: to.value.trim() };
      }
    },
  };
}

/** A figure with dots for thousands (the money columns say "(đồng)" in their titles). */
const figure = (n) => formatNumber(n);

/** The printed report: title, what it is computed over, results, then C1–C8. */
function reportSheet(r, commune) {
  const sent = r.communes.length - r.communes_without_data;
  const countedTo = r.on < r.period.to ? r.on : r.period.to;
  const over = commune
    ? null
    : h('p', { 'data-testid': 'report-over' },
      h('strong', {}, `Đã nhận dữ liệu: ${formatNumber(sent)}/${formatNumber(r.communes.length)} xã, phường. `),
      r.communes_without_data
        ? `Số liệu cộng trên ${formatNumber(sent)} đơn vị đã gửi; ${formatNumber(r.communes_without_data)} đơn vị chưa gửi để trống (—), không tính là 0.`
        : 'Số liệu cộng trên tất cả các đơn vị.');
  return h('article', { class: 'report-page', 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title', 'data-testid': 'report-title' }, r.title),
    h('p', { class: 'muted', 'data-testid': 'report-dates' },
      `Kết quả tính từ ngày ${isoToVn(r.period.from)} đến ngày ${isoToVn(countedTo)}; tiêu chí C1–C8 tính đến ngày ${isoToVn(r.on)}.`),
    over,
    h('h3', {}, `I. Kết quả hoạt động ${r.period_name}`),
    totalsTable(r),
    h('h3', {}, commune ? 'II. Kết quả theo từng tổ' : 'II. Kết quả theo xã, phường'),
    resultsByRow(r, commune),
    h('h3', {}, commune ? 'III. Tiêu chí C1–C8 của từng tổ' : 'III. Tỷ lệ tổ đạt tiêu chí C1–C8 theo xã, phường'),
    commune ? teamRules(r) : communeRules(r),
    h('p', { class: 'muted small report-made' }, `Lập bằng Sổ Tổ xung kích lúc ${r.generated_at.slice(11, 16)} ngày ${isoToVn(r.generated_at.slice(0, 10))}.`));
}

/** Every result of the totals, this period and the same period a year earlier. */
function totalsTable(r) {
  const now = r.totals.results;
  const before = r.totals.results_year_earlier;
  return h('table', { class: 'grid report-totals', 'data-testid': 'report-totals' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Nội dung'),
      h('th', { scope: 'col', class: 'num' }, 'Kỳ này'),
      h('th', { scope: 'col', class: 'num' }, 'Cùng kỳ năm trước'))),
    h('tbody', {}, r.result_columns.map((c, i) => h('tr', { 'data-key': c.key },
      h('th', { scope: 'row' }, c.title),
      h('td', { class: 'num' }, now ? figure(now.figures[i]) : '—'),
      h('td', { class: 'num muted' }, before ? figure(before.figures[i]) : '—')))));
}

function resultsByRow(r, commune) {
  const columns = TABLE_KEYS.map((key) => [key, r.result_columns.findIndex((c) => c.key === key)]).filter(([, i]) => i >= 0);
  const rows = commune
    ? r.teams.map((t) => ({ name: t.name, note: t.active ? null : t.status_label, results: t.results }))
    : r.communes.filter((c) => c.results).map((c) => ({ name: c.unit_name, note: null, results: c.results }));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid report-results', 'data-testid': 'report-results' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, commune ? 'Tổ' : 'Xã, phường'),
      columns.map(([, i]) => h('th', { scope: 'col', class: 'num' }, r.result_columns[i].title)))),
    h('tbody', {}, rows.length ? rows.map((row) => h('tr', {},
      h('th', { scope: 'row' }, row.name, row.note ? h('div', { class: 'muted small' }, row.note) : null),
      columns.map(([, i]) => h('td', { class: 'num' }, figure(row.results.figures[i])))))
      : h('tr', {}, h('td', { colspan: String(columns.length + 1) }, commune ? 'Chưa có tổ nào.' : 'Chưa xã, phường nào gửi dữ liệu.'))),
    commune ? null : withoutData(r, columns.length + 1),
    h('tfoot', {}, h('tr', {},
      h('th', { scope: 'row' }, 'Cộng'),
      columns.map(([, i]) => h('td', { class: 'num' }, r.totals.results ? figure(r.totals.results.figures[i]) : '—'))))));
}

/** One row naming the communes that sent nothing: they have no figures, not zeros, and
 *  170 rows of dashes would hide the ones that count. */
function withoutData(r, span) {
  const none = r.communes.filter((c) => !c.results);
  if (!none.length) return null;
  return h('tbody', { class: 'no-data' }, h('tr', { 'data-testid': 'report-without-data' },
    h('td', { colspan: String(span) },
      h('strong', {}, `Chưa gửi dữ liệu (${formatNumber(none.length)}), không có số liệu: `),
      none.map((c) => c.unit_name).join(', '), '.')));
}

function communeRules(r) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid report-rules', 'data-testid': 'report-rules' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Xã, phường'),
      h('th', { scope: 'col', class: 'num' }, 'Tổ hoạt động'),
      r.rules.map((rule) => h('th', { scope: 'col', class: 'num', title: rule.title }, rule.rule)),
      h('th', { scope: 'col', class: 'num' }, 'Đủ 8'),
      h('th', { scope: 'col', class: 'num' }, 'Thành viên'),
      h('th', { scope: 'col', class: 'num' }, 'Đã tập huấn'))),
    h('tbody', {}, r.communes.filter((c) => c.results).map((c) => h('tr', {},
      h('th', { scope: 'row' }, c.unit_name),
      h('td', { class: 'num' }, formatNumber(c.active_teams)),
      c.rules.map((s) => h('td', { class: 'num' }, percent(s.share))),
      h('td', { class: 'num' }, formatNumber(c.teams_meeting_all)),
      h('td', { class: 'num' }, formatNumber(c.members)),
      h('td', { class: 'num' }, percent(c.trained_share))))),
    withoutData(r, r.rules.length + 5),
    h('tfoot', {}, h('tr', {},
      h('th', { scope: 'row' }, 'Cộng'),
      h('td', { class: 'num' }, formatNumber(r.totals.active_teams)),
      r.totals.rules.map((s) => h('td', { class: 'num' }, percent(s.share))),
      h('td', { class: 'num' }, formatNumber(r.totals.teams_meeting_all)),
      h('td', { class: 'num' }, formatNumber(r.totals.members)),
      h('td', { class: 'num' }, percent(r.totals.trained_share))))));
}

function teamRules(r) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid report-rules', 'data-testid': 'report-rules' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Tổ'),
      r.rules.map((rule) => h('th', { scope: 'col', title: rule.title }, rule.rule)),
      h('th', { scope: 'col', class: 'num' }, 'Thành viên'))),
    h('tbody', {}, r.teams.map((t) => h('tr', {},
      h('th', { scope: 'row' }, t.name, h('div', { class: 'muted small' }, t.status_label)),
      t.active
        ? t.rules.map((rule) => h('td', {}, mark(rule.status, { stacked: true, title: `${rule.rule}: ${rule.detail}` })))
        : h('td', { colspan: String(r.rules.length), class: 'muted' }, 'Không đánh giá (tổ không hoạt động)'),
      h('td', { class: 'num' }, formatNumber(t.members))))),
    h('tfoot', {}, h('tr', {},
      h('th', { scope: 'row' }, 'Tỷ lệ tổ đạt'),
      r.totals.rules.map((s) => h('td', {}, percent(s.share))),
      h('td', { class: 'num' }, formatNumber(r.totals.members))))));
}
