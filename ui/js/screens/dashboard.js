// Tổng quan: counts, the C1–C8 grid of every active team, villages without a team and
// what to do next, each pointing at the page where it is done.

import * as api from '../api.js';
import { legend, mark } from '../compliance.js';
import { empty, h, link, loading, replace } from '../dom.js';
import { formatDateTime, formatNumber, isoToVn } from '../format.js';
import { resultsPanel } from '../results-panel.js';
import * as session from '../session.js';

export async function render(view, params, ctx) {
  // A receiving unit's overview is across communes: its own screen.
  if (!session.isCommune()) return (await import('./district.js')).render(view, params, ctx);
  replace(view, h('h1', {}, 'Tổng quan'), loading());
  const d = await api.dashboard(null);
  const c = d.counts;
  const count = (n, label, testid) => h('div', { class: 'count', 'data-testid': testid }, h('span', { class: 'n' }, formatNumber(n)), h('span', { class: 'l' }, label));
  replace(view,
    h('div', { class: 'screen-head' },
      h('h1', {}, 'Tổng quan'),
      h('span', { class: 'muted' }, `Số liệu ngày ${isoToVn(d.on)}`)),
    h('div', { class: 'counts', 'data-testid': 'dash-counts' },
      count(c.villages, 'Thôn, tổ dân phố', 'count-villages'),
      count(c.teams, `Tổ (${formatNumber(c.active_teams)} đang hoạt động)`, 'count-teams'),
      count(c.members, 'Thành viên đang tham gia', 'count-members'),
      count(d.villages_without_team.length, `${session.isUrban() ? 'Tổ dân phố' : 'Thôn'} chưa có tổ`, 'count-without-team'),
      count(c.activities_last_30_days, 'Hoạt động trong 30 ngày', 'count-activities')),
    backupLine(d.backups),
    c.villages === 0 || c.teams === 0 ? gettingStarted(c) : null,
    complianceGrid(d.compliance),
    c.teams ? resultsPanel() : null,
    h('div', { class: 'columns columns-wide-left' }, nextSteps(d.next_steps, c), villagesPanel(d)));
}

/**
 * When the last copies were made: the automatic one in the data folder (it does not
 * survive a lost laptop) and the last one to a USB stick, with a warning past a month.
 */
function backupLine(b) {
  const auto = b.last_auto ? `Sao lưu tự động gần nhất: ngày ${isoToVn(b.last_auto)}.` : 'Chưa có bản sao lưu tự động (chương trình sao lưu mỗi ngày khi mở).';
  const usb = b.last_offsite ? `Lần chép ra USB gần nhất: ${formatDateTime(b.last_offsite)}.` : 'Chưa từng sao lưu ra USB.';
  return h('p', { class: b.offsite_overdue ? 'reminder' : 'muted', 'data-testid': 'dash-backups', 'data-overdue': String(b.offsite_overdue) },
    `${auto} ${usb} `,
    b.offsite_overdue ? [h('strong', {}, b.last_offsite ? 'Đã quá một tháng chưa chép ra USB: ' : 'Chưa có bản nào ngoài máy: '),
      'bản trên máy không cứu được dữ liệu khi mất hoặc hỏng máy. ',
      link(['settings'], 'Sao lưu ra USB…', { 'data-testid': 'dash-backup-link' })] : null);
}

/** For a new installation: the order in which the records are best entered. */
function gettingStarted(c) {
  return h('section', { class: 'panel', 'data-testid': 'getting-started', 'aria-labelledby': 'start-h' },
    h('h2', { id: 'start-h' }, 'Bắt đầu nhập hồ sơ'),
    h('ol', { class: 'steps' },
      h('li', {}, link(['villages'], 'Nhập các thôn, tổ dân phố của xã'), c.villages ? ` (đã có ${formatNumber(c.villages)})` : ''),
      h('li', {}, link(['teams'], 'Thêm các tổ'), ', gắn mỗi tổ với thôn mà tổ phụ trách'),
      h('li', {}, 'Trong trang của từng tổ: nhập quyết định thành lập, thành viên, quy chế, trang bị, hoạt động…'),
      h('li', {}, link(['sync'], 'Xuất gói dữ liệu'), ' ra USB để gửi đơn vị tiếp nhận')));
}

function nextSteps(steps, counts) {
  // Nothing to check is not the same as nothing to do: say which.
  const nothingYet = counts.villages === 0 || counts.teams === 0;
  const target = (s) => {
    if (s.kind === 'team' && s.id) return ['teams', s.id];
    if (s.kind === 'village' && s.id) return ['villages', s.id];
    if (s.kind === 'sync') return ['sync'];
    return null;
  };
  return h('section', { class: 'panel', 'aria-labelledby': 'steps-h' },
    h('h2', { id: 'steps-h' }, 'Việc cần làm'),
    steps.length
      ? h('ol', { class: 'steps', 'data-testid': 'next-steps' }, steps.map((s) => {
        const route = target(s);
        return h('li', { 'data-kind': s.kind }, route ? link(route, s.text, { 'data-testid': 'next-step' }) : s.text);
      }))
      : empty(nothingYet
        ? 'Chưa có hồ sơ tổ nào để kiểm tra. Hãy bắt đầu theo các bước ở trên.'
        : 'Không có việc gì cần làm ngay. Hồ sơ các tổ đã đầy đủ.'));
}

function complianceGrid(report) {
  const rules = report.teams.length ? report.teams[0].rules.map((r) => [r.rule, r.title]) : [];
  return h('section', { class: 'panel', 'aria-labelledby': 'grid-h' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'grid-h' }, 'Các tổ theo tiêu chí C1–C8'),
      h('span', { class: 'muted' }, 'Bấm tên tổ để mở hồ sơ; đưa chuột vào ô để xem chi tiết.')),
    report.teams.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'grid cgrid', 'data-testid': 'compliance-grid' },
        h('colgroup', {},
          h('col', { class: 'c-team' }), h('col', { class: 'c-members' }),
          rules.map(() => h('col', { class: 'c-rule' })), h('col', { class: 'c-met' })),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Tổ'),
          h('th', { scope: 'col', class: 'num' }, 'Thành viên'),
          rules.map(([rule, title]) => h('th', { scope: 'col', class: 'rule', title }, rule)),
          h('th', { scope: 'col', class: 'num' }, 'Đạt'))),
        h('tbody', {}, report.teams.map((t) => h('tr', { 'data-testid': 'compliance-row', 'data-team-id': t.team_id },
          h('td', { class: 'team-name' }, link(['teams', t.team_id], t.team_name, { 'data-testid': 'team-link' })),
          h('td', { class: 'num' }, formatNumber(t.members)),
          t.rules.map((r) => h('td', { class: 'cell', 'data-rule': r.rule },
            mark(r.status, { stacked: true, title: `${r.rule} — ${r.title}: ${r.detail}` }))),
          h('td', { class: 'num' }, `${t.met}/${t.rules.length}`))))))
      : empty('Chưa có tổ nào đang hoạt động. Thêm tổ ở “Các tổ”: tổ ở trạng thái “Đang hoạt động” được đánh giá theo C1–C8 tại đây.'),
    rules.length ? h('p', { class: 'legend' }, rules.map(([rule, title]) => h('span', {}, h('b', {}, rule), ` ${title}`))) : null,
    rules.length ? legend() : null);
}

function villagesPanel(d) {
  return h('section', { class: 'panel', 'aria-labelledby': 'without-h' },
    h('h2', { id: 'without-h' }, 'Thôn, tổ dân phố chưa có tổ hoạt động'),
    d.villages_without_team.length
      ? h('ul', { class: 'chips', 'data-testid': 'villages-without-team' },
        d.villages_without_team.map((v) => h('li', {}, link(['villages', v.id], v.name))))
      : h('p', { 'data-testid': 'villages-without-team' }, d.counts.villages
        ? `Tất cả ${formatNumber(d.counts.villages)} thôn, tổ dân phố đều đã có tổ.`
        : 'Chưa nhập thôn, tổ dân phố nào.'));
}
