// Hoạt động: the activity log of every team, most recent first, filtered by type and
// team. Shown 100 at a time: a year of patrols is long.

import { confirmDelete } from '../actions.js';
import * as api from '../api.js';
import * as cat from '../catalogue.js';
import { h, loading, replace } from '../dom.js';
import { formatNumber, isoToVn, relativeDate, todayIso } from '../format.js';
import { openRecordForm } from '../forms.js';
import * as refs from '../refs.js';
import * as session from '../session.js';
import { byDateDesc, recordTable } from '../table.js';
import { ownRecord } from './team/records.js';

const PAGE = 100;

export async function render(view) {
  replace(view, h('h1', {}, 'Hoạt động'), loading());
  // At a receiving unit the teams of 170 communes share names: each is grouped and
  // shown under its ward or commune (issue 15, item 3).
  const receiving = !session.isCommune();
  const [teams, owners] = await Promise.all([refs.list('team'), receiving ? refs.ownerNames() : new Map()]);
  let all = [];
  const teamNames = new Map(teams.map((t) => [t.id, t.fields.name]));
  const teamOwner = new Map(teams.map((t) => [t.id, t.owner]));
  const ownerName = (code) => owners.get(code) || code;
  const state = { type: '', team: '', shown: PAGE };

  const typeSelect = h('select', { id: 'activity-type', 'data-testid': 'activity-filter-type' },
    h('option', { value: '' }, 'Tất cả các loại'),
    cat.field('activity', 'activity_type').choices.map(([c, l]) => h('option', { value: c }, l)));
  const teamSelect = h('select', { id: 'activity-team', 'data-testid': 'activity-filter-team' },
    h('option', { value: '' }, 'Tất cả các tổ'),
    receiving ? teamGroups(teams, ownerName) : teams.map((t) => h('option', { value: t.id }, t.fields.name)));
  const list = h('div');
  typeSelect.addEventListener('change', () => { state.type = typeSelect.value; state.shown = PAGE; draw(); });
  teamSelect.addEventListener('change', () => { state.team = teamSelect.value; state.shown = PAGE; draw(); });

  replace(view,
    h('div', { class: 'screen-head' },
      // The menu's word is the title (a receiving unit reads every team's).
      h('h1', {}, receiving ? 'Hoạt động các tổ' : 'Hoạt động'),
      h('span', { class: 'muted' }, receiving
        ? 'Hoạt động các xã, phường ghi, đến cùng gói dữ liệu của xã.'
        : 'Thêm hoạt động ở trang của từng tổ (thẻ Hoạt động).')),
    h('div', { class: 'toolbar' },
      h('label', { for: 'activity-type' }, 'Loại'), typeSelect,
      h('label', { for: 'activity-team' }, 'Tổ'), teamSelect),
    list);
  await reload();

  /** After an edit or a delete: the same filters, fresh rows. */
  async function reload() {
    all = await api.listRecords('activity');
    all.sort(byDateDesc('activity_date'));
    draw();
  }

  function draw() {
    const rows = all.filter((a) => (!state.type || a.fields.activity_type === state.type)
      && (!state.team || a.fields.team_id === state.team));
    const today = todayIso();
    replace(list,
      h('p', { class: 'muted', 'data-testid': 'activity-count' }, `${formatNumber(rows.length)} hoạt động, mới nhất ở trên.`),
      recordTable({
        kind: 'activity',
        records: rows.slice(0, state.shown),
        testid: 'activity-list',
        refNames: { team_id: teamNames },
        emptyText: all.length
          ? 'Không có hoạt động nào khớp với lựa chọn. Chọn “Tất cả các loại” và “Tất cả các tổ” để xem hết.'
          : receiving
            ? 'Chưa có hoạt động nào: chưa nhận gói dữ liệu có hoạt động. Vào “Nhận dữ liệu” để nhập gói các xã gửi.'
            : 'Chưa ghi hoạt động nào. Mở “Các tổ”, chọn một tổ, rồi bấm “Thêm hoạt động” ở thẻ Hoạt động.',
        columns: [{
          label: 'Ngày', class: 'nowrap',
          value: (a) => [isoToVn(a.fields.activity_date), h('span', { class: 'date-sub' }, relativeDate(a.fields.activity_date, today))],
        }, 'activity_type', 'team_id',
        receiving ? { label: 'Xã, phường', class: 'nowrap', value: (a) => h('span', { 'data-testid': 'activity-owner' }, ownerName(teamOwner.get(a.fields.team_id) || a.owner)) } : null,
        'location', 'content'].filter(Boolean),
        // A commune's activity is the commune's: the receiving unit reads it.
        canModify: ownRecord,
        onEdit: async (a) => {
          if (await openRecordForm({ kind: 'activity', record: a, scopeTeam: a.fields.team_id })) reload();
        },
        onDelete: async (a) => { if (await confirmDelete('activity', a.id, refs.recordName(a))) reload(); },
      }),
      rows.length > state.shown ? h('p', {}, h('button', {
        type: 'button', 'data-testid': 'activity-more',
        onclick: () => { state.shown += PAGE; draw(); },
      }, `Xem thêm (còn ${formatNumber(rows.length - state.shown)})`)) : null);
  }
}

/** The teams' options grouped by their ward or commune, both in Vietnamese order. */
function teamGroups(teams, ownerName) {
  const byOwner = new Map();
  for (const t of teams) {
    const name = ownerName(t.owner);
    if (!byOwner.has(name)) byOwner.set(name, []);
    byOwner.get(name).push(t);
  }
  return [...byOwner.keys()].sort((a, b) => a.localeCompare(b, 'vi')).map((name) => h('optgroup', { label: name },
    byOwner.get(name).map((t) => h('option', { value: t.id }, t.fields.name))));
}
