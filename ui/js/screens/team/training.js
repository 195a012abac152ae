// "Tập huấn": training courses are shared by every team (one course, many teams
// attending), so the tab lists all courses with how many of this team's members
// attended, and the selected course's attendance for this team.

import { confirmDelete } from '../../actions.js';
import * as api from '../../api.js';
import { h, replace } from '../../dom.js';
import { todayIso } from '../../format.js';
import { openRecordForm } from '../../forms.js';
import { pickParticipants } from '../../participants.js';
import { openRollImport } from '../../list-import.js';
import * as refs from '../../refs.js';
import { byDateDesc, recordTable } from '../../table.js';
import { renderRecords } from './records.js';

export async function renderTraining(el, team) {
  const [members, attendance] = await Promise.all([
    api.listRecords('member', { parentField: 'team_id', parentId: team.id }),
    api.listRecords('training_attendance'),
  ]);
  const ours = new Set(members.map((m) => m.id));
  const attendedBy = new Map(); // training id → count of this team's members
  for (const a of attendance) {
    if (!ours.has(a.fields.member_id)) continue;
    attendedBy.set(a.fields.training_id, (attendedBy.get(a.fields.training_id) || 0) + 1);
  }
  return renderRecords(el, team, {
    kind: 'training',
    parentField: null,
    heading: 'Lớp tập huấn, huấn luyện',
    addLabel: '+ Thêm lớp tập huấn',
    sort: byDateDesc('start_date'),
    columns: ['title', 'start_date', 'end_date', 'organiser', {
      label: 'Thành viên của tổ dự', class: 'num', value: (r) => String(attendedBy.get(r.id) || 0),
    }],
    defaults: () => ({ start_date: todayIso() }),
    detail: renderAttendance,
    detailLabel: 'Người dự',
    detailHint: 'Lớp tập huấn dùng chung cho các tổ. Bấm “Người dự” ở một lớp để ghi thành viên của tổ này đã dự.',
    emptyText: 'Chưa có lớp tập huấn nào.',
  });
}

async function renderAttendance(el, training, team, redraw) {
  const [rows, members] = await Promise.all([
    api.listRecords('training_attendance', { parentField: 'training_id', parentId: training.id }),
    api.listRecords('member', { parentField: 'team_id', parentId: team.id }),
  ]);
  const ours = new Map(members.map((m) => [m.id, m.fields.full_name]));
  const mine = rows.filter((r) => ours.has(r.fields.member_id));
  replace(el, h('div', { class: 'panel' },
    h('div', { class: 'panel-head' },
      h('h3', {}, `Thành viên của tổ dự: ${refs.recordName(training)}`),
      h('button', {
        type: 'button', 'data-testid': 'import-roll',
        title: 'Danh sách người dự có sẵn trong Excel (.xlsx, .xls) hoặc CSV: tìm thành viên theo số định danh, hoặc họ tên và ngày sinh',
        onclick: async () => { if (await openRollImport(training)) redraw(); },
      }, 'Nhập danh sách dự từ Excel…'),
      h('button', {
        type: 'button', class: 'primary', 'data-testid': 'pick-participants',
        onclick: async () => {
          if (await pickParticipants({ kind: 'training', event: training, team, title: 'Thành viên của tổ dự tập huấn' })) redraw();
        },
      }, 'Ghi người dự…')),
    recordTable({
      kind: 'training_attendance', records: mine, columns: ['member_id', 'result'], refNames: { member_id: ours },
      emptyText: 'Chưa ghi thành viên nào của tổ dự lớp này.',
      onEdit: async (r) => {
        if (await openRecordForm({ kind: 'training_attendance', record: r, hide: ['training_id'], scopeTeam: team.id })) redraw();
      },
      onDelete: async (r) => { if (await confirmDelete('training_attendance', r.id, ours.get(r.fields.member_id))) redraw(); },
    })));
}
