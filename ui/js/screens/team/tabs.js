// The tabs of a team's page and what each shows. Most are a table of one record kind
// (see records.js); the columns are the few a clerk looks for first, the rest is in the
// form behind "Sửa".

import * as api from '../../api.js';
import * as cat from '../../catalogue.js';
import * as dialog from '../../dialog.js';
import * as notify from '../../notify.js';
import { h, link, replace } from '../../dom.js';
import { ageOn, isoToVn, todayIso } from '../../format.js';
import { openRecordForm } from '../../forms.js';
import { confirmDelete } from '../../actions.js';
import * as refs from '../../refs.js';
import { recordTable, byDateDesc } from '../../table.js';
import * as session from '../../session.js';
import { ownRecord, renderRecords } from './records.js';
import { pickParticipants } from '../../participants.js';
import { renderInfo } from './info.js';
import { renderFund } from './fund.js';
import { listExport } from '../../list-export.js';
import { renderTraining } from './training.js';
import { openMemberImport } from '../../list-import.js';
import { viewButton } from '../../scan-viewer.js';

const ROLE_RANK = { to_truong: 0, to_pho: 1, to_vien: 2 };

const records = (spec) => (el, team) => renderRecords(el, team, spec);

/**
 * Proposals and commendations (issue 16): the commune (or the receiving unit) proposes;
 * the unit that grants records the commendation and names the proposal, which then
 * reads "Đã khen"; until then it waits, on the receiving unit's list to decide.
 */
async function renderCommendations(el, team) {
  const proposals = h('div', { class: 'panel', 'data-testid': 'proposals-panel' });
  const granted = h('div', { class: 'panel' });
  replace(el, proposals, granted);
  const commendations = await api.listRecords('commendation', { parentField: 'team_id', parentId: team.id });
  const grantedBy = new Map(commendations.filter((c) => c.fields.proposal_id).map((c) => [c.fields.proposal_id, c]));
  await Promise.all([
    renderRecords(proposals, team, {
      kind: 'commendation_proposal', heading: 'Đề nghị khen thưởng', addLabel: '+ Đề nghị khen thưởng',
      sort: byDateDesc('proposal_date'),
      columns: ['proposal_date', 'form', 'authority', { field: 'member_id', label: 'Đề nghị cho', empty: 'Tập thể tổ' }, {
        label: 'Kết quả',
        value: (p) => {
          const c = grantedBy.get(p.id);
          return c
            ? h('span', { class: 'status status-met', 'data-testid': 'proposal-granted' }, `Đã khen ngày ${isoToVn(c.fields.decision_date)}`)
            : h('span', { class: 'status status-partial', 'data-testid': 'proposal-pending' }, 'Chờ quyết định');
        },
      }],
      defaults: () => ({ proposal_date: todayIso(), proposed_by: session.installation()?.unit_name || '' }),
      emptyText: 'Chưa có đề nghị khen thưởng nào.',
    }),
    renderRecords(granted, team, {
      kind: 'commendation', heading: 'Khen thưởng', addLabel: '+ Thêm khen thưởng',
      sort: byDateDesc('decision_date'),
      columns: ['form', 'authority', 'decision_number', 'decision_date', { field: 'member_id', label: 'Khen cho', empty: 'Tập thể tổ' }, 'proposal_id'],
      emptyText: 'Chưa có khen thưởng nào (tiêu chí C8).',
    }),
  ]);
}

/**
 * The decisions of a team. One recorded as signed keeps its document as signed (issue
 * 13): the column says so; a decision signed before this version gets a button to save
 * it, after the clerk has compared the printed page with the signed paper.
 */
function renderDecisions(el, team) {
  const signed = (r) => ['da_ky', 'da_cap_so'].includes(r.fields.state) && r.fields.number && r.fields.decision_date;
  const freeze = async (r) => {
    const ok = await dialog.confirm({
      title: 'Lưu văn bản như đã ký?',
      message: `Lưu Quyết định số ${r.fields.number} đúng như trang in hiện nay, để từ nay in ra không đổi.`,
      details: [
        'Trước khi lưu: bấm "Xem bản in" của quyết định này, đối chiếu với bản giấy đã ký.',
        'Sau khi lưu, nội dung quyết định không sửa được nữa; thay đổi thành viên về sau là một quyết định mới (kiện toàn, bổ sung).',
      ],
      okLabel: 'Lưu như đã ký',
      testid: 'freeze-dialog',
    });
    if (!ok) return;
    try {
      await api.freezeDecision(r.id);
      notify.notice(`Đã lưu Quyết định số ${r.fields.number} như đã ký.`);
      await renderDecisions(el, team);
    } catch (e) {
      notify.error(e, 'Chưa lưu được văn bản như đã ký');
    }
  };
  return renderRecords(el, team, {
    kind: 'decision',
    heading: 'Quyết định',
    addLabel: '+ Thêm quyết định',
    sort: byDateDesc('decision_date'),
    columns: ['decision_type', {
      label: 'Số, ký hiệu',
      value: (r) => (r.fields.number ? `${r.fields.number}${r.fields.symbol ? '/' + r.fields.symbol : ''}` : ''),
    }, 'decision_date', 'state', 'signer_name', {
      label: 'Bản chụp',
      value: (r) => (r.fields.scan_sha256
        ? h('span', { class: 'nowrap' },
          h('span', { class: 'status status-met' }, h('span', { 'aria-hidden': 'true' }, '✓'), ' Đã có'), ' ',
          viewButton(r.fields.scan_sha256, `bản chụp quyết định ${r.fields.number || ''}`.trim()))
        : h('span', { class: 'status status-not_met' }, h('span', { 'aria-hidden': 'true' }, '✗'), ' Chưa có')),
    }, {
      label: 'Văn bản đã ký',
      value: (r) => {
        if (r.fields.document) {
          return h('span', { class: 'status status-met', 'data-testid': 'decision-frozen' }, h('span', { 'aria-hidden': 'true' }, '✓'), ' Đã lưu như đã ký');
        }
        if (!signed(r) || !cat.printsDecision(r.fields.decision_type) || !ownRecord(r)) return '';
        return h('button', { type: 'button', 'data-testid': 'decision-freeze', onclick: () => freeze(r) }, 'Lưu như đã ký…');
      },
    }, {
      label: 'Bản in',
      value: (r) => (cat.printsDecision(r.fields.decision_type)
        ? link(['document', 'decision', team.id, r.id], 'Xem bản in', { 'data-testid': 'decision-print' })
        : ''),
    }],
    defaults: () => ({ decision_type: 'thanh_lap', state: 'du_thao', symbol: 'QĐ-UBND' }),
    emptyText: 'Chưa có quyết định nào. Tổ cần có quyết định thành lập (tiêu chí C1).',
  });
}

/** Each tab: key (in the URL), label, render(el, team, ctx). */
export const TABS = [
  { key: 'info', label: 'Thông tin chung', render: renderInfo },
  { key: 'decisions', label: 'Quyết định', render: renderDecisions },
  {
    key: 'regulations', label: 'Quy chế & nhiệm vụ',
    render: async (el, team) => {
      const regs = h('div', { class: 'panel' });
      const duties = h('div', { class: 'panel' });
      replace(el, regs, duties);
      await Promise.all([
        renderRecords(regs, team, {
          kind: 'regulation', heading: 'Quy chế hoạt động', addLabel: '+ Thêm quy chế',
          columns: ['title', 'issued_date', 'decision_id'],
          emptyText: 'Chưa có quy chế hoạt động (tiêu chí C4).',
        }),
        renderRecords(duties, team, {
          kind: 'duty', heading: 'Nhiệm vụ', addLabel: '+ Thêm nhiệm vụ',
          sort: (a, b) => (a.fields.position ?? 1e9) - (b.fields.position ?? 1e9),
          columns: ['position', 'content', 'regulation_id'],
          emptyText: 'Chưa có nhiệm vụ nào. Quy chế cần liệt kê nhiệm vụ của tổ (tiêu chí C4).',
        }),
      ]);
    },
    panels: true,
  },
  {
    key: 'programmes', label: 'Chương trình',
    render: records({
      kind: 'programme_link', heading: 'Lồng ghép chương trình, phong trào', addLabel: '+ Thêm chương trình',
      columns: ['programme', 'programme_id', 'duty', 'since', 'description'],
      emptyText: 'Chưa lồng ghép với chương trình, phong trào nào (tiêu chí C5).',
    }),
  },
  {
    key: 'members', label: 'Thành viên',
    render: records({
      kind: 'member', heading: 'Thành viên', addLabel: '+ Thêm thành viên',
      hideOnEdit: [], // a member may move to another team
      sort: (a, b) => (ROLE_RANK[a.fields.role] ?? 9) - (ROLE_RANK[b.fields.role] ?? 9),
      columns: [{ field: 'full_name', class: 'col-name' }, 'role', {
        label: 'Tuổi', class: 'num',
        value: (r) => {
          const age = ageOn(r.fields.birth_date, todayIso());
          return age === null ? '' : String(age);
        },
      }, 'sex', 'phone', 'village_id', 'joined_date', {
        label: 'Tình trạng', class: 'nowrap',
        value: (r) => (r.fields.exit_date
          ? h('span', { class: 'status status-info' }, `Đã thôi từ ${isoToVn(r.fields.exit_date)}`)
          : 'Đang tham gia'),
      }],
      defaults: () => ({ role: 'to_vien', joined_date: todayIso() }),
      headActions: (team, redraw) => h('button', {
        type: 'button', 'data-testid': 'import-members',
        title: 'Nhập danh sách thành viên có sẵn từ tệp Excel (.xlsx, .xls) hoặc CSV',
        onclick: async () => { if (await openMemberImport(team)) redraw(); },
      }, 'Nhập từ Excel…'),
      extra: (_records, team) => listExport('members', team.id),
      emptyText: "Tổ chưa có thành viên nào (danh sách có sẵn trong Excel: bấm “Nhập từ Excel…”).",
    }),
  },
  {
    key: 'equipment', label: 'Trang bị',
    render: records({
      kind: 'equipment', heading: 'Trang phục, công cụ hỗ trợ, phương tiện', addLabel: '+ Thêm trang bị',
      sort: byDateDesc('issue_date'),
      columns: ['item', 'quantity', 'issue_date', 'member_id', 'source', 'condition', 'returned_date'],
      defaults: () => ({ quantity: '1', issue_date: todayIso(), condition: 'tot' }),
      extra: (_records, team) => listExport('equipment', team.id),
      emptyText: 'Chưa cấp trang phục, công cụ hay phương tiện nào.',
    }),
  },
  { key: 'fund', label: 'Quỹ', render: renderFund },
  { key: 'training', label: 'Tập huấn', render: renderTraining },
  {
    key: 'commendations', label: 'Khen thưởng',
    render: renderCommendations,
    panels: true,
  },
  {
    key: 'activities', label: 'Hoạt động',
    render: records({
      kind: 'activity', heading: 'Hoạt động của tổ', addLabel: '+ Thêm hoạt động',
      sort: byDateDesc('activity_date'),
      columns: ['activity_date', 'activity_type', 'location', 'content', { field: 'participants', label: 'Số người' }],
      defaults: () => ({ activity_date: todayIso(), activity_type: 'tuan_tra' }),
      detail: renderParticipants,
      detailLabel: 'Người tham gia',
      detailHint: 'Bấm “Người tham gia” ở một hoạt động để xem và ghi những thành viên đã tham gia.',
      emptyText: 'Chưa ghi hoạt động nào.',
    }),
  },
  {
    key: 'inspections', label: 'Kiểm tra',
    render: records({
      kind: 'inspection', heading: 'Kiểm tra, hướng dẫn', addLabel: '+ Thêm lần kiểm tra',
      sort: byDateDesc('inspection_date'),
      columns: ['inspection_date', 'inspecting_unit', {
        label: 'Tiêu chí đạt khi kiểm tra', class: 'num',
        // Nothing ticked is nothing recorded, not a failure on all eight.
        value: (r) => {
          const ticked = [1, 2, 3, 4, 5, 6, 7, 8].filter((i) => r.fields[`c${i}_ok`]).length;
          return ticked ? `${ticked}/8` : 'Chưa ghi';
        },
      }, 'deadline', 'findings'],
      defaults: () => ({ inspection_date: todayIso() }),
      detail: renderFollowUps,
      detailLabel: 'Khắc phục',
      detailHint: () => (session.isCommune()
        ? 'Bấm “Khắc phục” ở một lần kiểm tra để xem kiến nghị và báo cáo kết quả khắc phục (kể cả lần kiểm tra của cấp trên).'
        : 'Bấm “Khắc phục” ở một lần kiểm tra để xem kiến nghị và báo cáo khắc phục của xã.'),
      emptyText: 'Chưa có lần kiểm tra nào (tiêu chí C7).',
    }),
  },
  {
    key: 'documents', label: 'Tài liệu',
    render: records({
      kind: 'document', heading: 'Tài liệu đính kèm', addLabel: '+ Thêm tài liệu',
      sort: byDateDesc('doc_date'),
      columns: ['title', 'doc_date', 'member_id', 'file_name', 'sha256'],
      emptyText: 'Chưa có tài liệu nào. Có thể đính kèm bản chụp biên bản, danh sách, ảnh hoạt động…',
    }),
  },
];

/**
 * What the commune reported doing about an inspection. The reports are the commune's
 * own records even when the inspection is its superior's, so the commune can answer an
 * inspection it cannot edit; they travel in its bundle and end the overdue deadline there.
 */
async function renderFollowUps(el, inspection, team, redraw) {
  const reports = await api.listRecords('inspection_follow_up', { parentField: 'inspection_id', parentId: inspection.id });
  reports.sort(byDateDesc('report_date'));
  const f = inspection.fields;
  const form = (record) => openRecordForm({
    kind: 'inspection_follow_up', record, scopeTeam: team.id,
    fixed: record ? {} : { inspection_id: inspection.id },
    hide: record ? ['inspection_id'] : [],
    defaults: { report_date: todayIso() },
    title: record ? 'Sửa báo cáo khắc phục' : 'Báo cáo kết quả khắc phục',
  });
  const canReport = cat.canCreate('inspection_follow_up', session.isCommune());
  let emptyText = 'Xã chưa gửi báo cáo khắc phục nào (xã ghi báo cáo, báo cáo đến cùng gói dữ liệu của xã).';
  if (canReport) {
    emptyText = f.deadline ? 'Chưa có báo cáo khắc phục.' : 'Lần kiểm tra này không đặt hạn khắc phục; vẫn có thể báo cáo kết quả.';
  }
  const table = recordTable({
    kind: 'inspection_follow_up', records: reports, columns: ['report_date', 'content'],
    emptyText,
    canModify: ownRecord,
    onEdit: async (r) => { if (await form(r)) redraw(); },
    onDelete: async (r) => { if (await confirmDelete('inspection_follow_up', r.id, `báo cáo ngày ${isoToVn(r.fields.report_date)}`)) redraw(); },
  });
  replace(el, h('div', { class: 'panel', 'data-testid': 'follow-ups' },
    h('div', { class: 'panel-head' },
      h('h3', {}, `Khắc phục sau kiểm tra ngày ${isoToVn(f.inspection_date)} (${f.inspecting_unit})`),
      canReport
        ? h('button', {
          type: 'button', class: 'primary', 'data-testid': 'add-inspection_follow_up',
          onclick: async () => { if (await form(null)) redraw(); },
        }, '+ Báo cáo khắc phục')
        : null),
    f.recommendations ? h('p', {}, h('strong', {}, 'Kiến nghị: '), f.recommendations) : null,
    f.deadline ? h('p', {}, h('strong', {}, 'Hạn khắc phục: '), isoToVn(f.deadline)) : null,
    f.follow_up ? h('p', {}, h('strong', {}, 'Kết quả ghi trong biên bản: '), f.follow_up) : null,
    table));
}

/** Who took part in an activity: a short list with add and remove. */
async function renderParticipants(el, activity, team, redraw) {
  const [links, names] = await Promise.all([
    api.listRecords('activity_participant', { parentField: 'activity_id', parentId: activity.id }),
    refs.names('member'),
  ]);
  replace(el, h('div', { class: 'panel' },
    h('div', { class: 'panel-head' },
      h('h3', {}, `Người tham gia: ${refs.recordName(activity)}`),
      h('button', {
        type: 'button', class: 'primary', 'data-testid': 'pick-participants',
        onclick: async () => {
          if (await pickParticipants({ kind: 'activity', event: activity, team, title: 'Người tham gia hoạt động' })) redraw();
        },
      }, 'Ghi người tham gia…')),
    recordTable({
      kind: 'activity_participant', records: links, columns: ['member_id'], refNames: { member_id: names },
      emptyText: 'Chưa ghi ai tham gia.',
      onDelete: async (r) => { if (await confirmDelete('activity_participant', r.id, names.get(r.fields.member_id))) redraw(); },
    })));
}
