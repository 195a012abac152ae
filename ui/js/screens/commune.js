// One commune seen from its receiving unit (#/commune/<code>): what needs attention,
// its teams against C1–C8 with their latest inspection, the scans of its signed
// decisions (the paper behind rule C1), and the villages without a team.
// Read-only: the commune owns these records; the team page opens on its inspections.

import * as api from '../api.js';
import { legend, mark } from '../compliance.js';
import { empty, h, link, loading, replace } from '../dom.js';
import { formatNumber, isoToVn } from '../format.js';
import { percent } from '../format.js';
import { viewButton } from '../scan-viewer.js';

export async function render(view, params) {
  const [code] = params;
  replace(view, h('h1', {}, 'Xã'), loading());
  const [d, scans] = await Promise.all([api.communeDetail(code), api.decisionScans(code)]);
  const c = d.commune;
  replace(view,
    h('div', { class: 'screen-head' },
      h('h1', { 'data-testid': 'commune-name' }, c.unit_name),
      link(['dashboard'], '← Tổng quan các xã', { 'data-testid': 'commune-back' })),
    h('p', { class: 'muted' }, `Mã ${c.unit_code} · số liệu ngày ${isoToVn(d.on)} · ${d.read_only ? 'hồ sơ do xã quản lý, ở đây chỉ xem; đơn vị tiếp nhận ghi kết quả kiểm tra trong trang của từng tổ.' : ''}`),
    h('div', { class: 'columns' },
      h('section', { class: 'panel', 'aria-labelledby': 'c-att-h' },
        h('h2', { id: 'c-att-h' }, 'Cần chú ý'),
        c.attention.length
          ? h('ul', { class: 'attention', 'data-testid': 'commune-attention' }, c.attention.map((a) => h('li', { 'data-code': a.code }, a.text)))
          : h('p', { 'data-testid': 'commune-attention' }, 'Không có việc gì cần chú ý.')),
      h('section', { class: 'panel', 'aria-labelledby': 'c-sum-h' },
        h('h2', { id: 'c-sum-h' }, 'Số liệu'),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Thôn, tổ dân phố'), h('dd', {}, `${formatNumber(c.villages)} (${formatNumber(c.villages_without_team)} chưa có tổ)`),
          h('dt', {}, 'Tổ đang hoạt động'), h('dd', {}, `${formatNumber(c.active_teams)}${c.other_teams ? ` (và ${formatNumber(c.other_teams)} tổ tạm dừng, giải thể hoặc sáp nhập)` : ''}`),
          h('dt', {}, 'Tổ đạt đủ 8 tiêu chí'), h('dd', {}, `${formatNumber(c.teams_meeting_all)}/${formatNumber(c.active_teams)}`),
          h('dt', {}, 'Thành viên'), h('dd', {}, `${formatNumber(c.members)}, đã tập huấn trong 12 tháng: ${formatNumber(c.members_trained)} (${percent(c.trained_share)})`),
          h('dt', {}, 'Gói dữ liệu gần nhất'), h('dd', { 'data-testid': 'commune-last-bundle' }, c.last_bundle
            ? `${c.last_bundle.file_name}, nhập ngày ${isoToVn(c.last_bundle.date)}`
            : 'Chưa nhận gói nào'),
          h('dt', {}, 'Kiểm tra gần nhất'), h('dd', {}, c.last_inspection ? isoToVn(c.last_inspection) : 'Chưa kiểm tra')))),
    h('section', { class: 'panel', 'aria-labelledby': 'c-teams-h' },
      h('h2', { id: 'c-teams-h' }, 'Các tổ'),
      d.teams.length ? teamsTable(d) : empty('Xã chưa có tổ nào.'),
      d.teams.length ? legend() : null),
    h('section', { class: 'panel', 'aria-labelledby': 'c-scan-h' },
      h('h2', { id: 'c-scan-h' }, 'Bản chụp quyết định đã ký'),
      scans.length
        ? h('ul', { class: 'scan-list', 'data-testid': 'commune-scans' }, scans.map((s) => h('li', {},
          h('span', {}, h('b', {}, s.team), ': ', s.decision, ` (${s.mime === 'application/pdf' ? 'PDF' : 'ảnh'}, ${formatNumber(Math.ceil(s.size / 1024))} KB) `),
          viewButton(s.sha256, `${s.decision} — ${s.team}`))))
        : h('p', { 'data-testid': 'commune-scans' }, 'Chưa nhận được bản chụp quyết định nào của xã (xã đính kèm bản chụp vào quyết định đã ký rồi gửi gói dữ liệu).')),
    h('section', { class: 'panel', 'aria-labelledby': 'c-vil-h' },
      h('h2', { id: 'c-vil-h' }, 'Thôn, tổ dân phố chưa có tổ hoạt động'),
      d.villages_without_team.length
        ? h('ul', { class: 'chips', 'data-testid': 'commune-villages-without-team' }, d.villages_without_team.map((v) => h('li', {}, v.name)))
        : h('p', { 'data-testid': 'commune-villages-without-team' }, 'Thôn nào cũng đã có tổ.')));
}

function teamsTable(d) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid cgrid commune-teams', 'data-testid': 'commune-teams' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Tổ'),
      h('th', { scope: 'col', class: 'num' }, 'Thành viên'),
      d.rules.map((r) => h('th', { scope: 'col', class: 'rule', title: r.title }, r.rule)),
      h('th', { scope: 'col', class: 'num' }, 'Đạt'),
      h('th', { scope: 'col' }, 'Kiểm tra gần nhất'))),
    h('tbody', {}, d.teams.map((t) => h('tr', { 'data-testid': 'commune-team-row', 'data-team-id': t.team_id },
      h('th', { scope: 'row', class: 'team-name' },
        link(['teams', t.team_id, 'inspections'], t.name, { 'data-testid': 'team-link' }),
        h('div', { class: 'muted small' }, [
          t.status_label,
          t.founded ? `thành lập ${isoToVn(t.founded)}` : 'chưa có quyết định thành lập đã ký',
          t.villages.join(', '),
        ].filter(Boolean).join(' · '))),
      h('td', { class: 'num' }, `${formatNumber(t.members)}`),
      t.rules.map((r) => h('td', { class: 'cell', 'data-rule': r.rule }, mark(r.status, { stacked: true, title: `${r.rule} — ${r.title}: ${r.detail}` }))),
      h('td', { class: 'num' }, `${t.met}/${t.rules.length}`),
      h('td', {}, t.latest_inspection
        ? [isoToVn(t.latest_inspection.date), t.overdue_inspections
          ? h('div', { class: 'status status-not_met' }, `${formatNumber(t.overdue_inspections)} kiến nghị quá hạn`)
          : null]
        : 'Chưa kiểm tra'))))));
}
