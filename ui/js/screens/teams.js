// Các tổ: the list of teams, and a team's page with its tabs (#/teams/<id>/<tab>).

import { confirmDelete } from '../actions.js';
import * as api from '../api.js';
import * as session from '../session.js';
import * as cat from '../catalogue.js';
import * as dialog from '../dialog.js';
import * as notify from '../notify.js';
import { h, link, loading, replace } from '../dom.js';
import { formatNumber, isoToVn, todayIso } from '../format.js';
import { openRecordForm } from '../forms.js';
import * as refs from '../refs.js';
import { recordTable } from '../table.js';
import { ownRecord } from './team/records.js';
import { TABS } from './team/tabs.js';

export async function render(view, params, ctx) {
  if (params[0]) return teamPage(view, params[0], params[1] || 'info', ctx);
  return teamList(view, ctx);
}

async function teamList(view, ctx) {
  replace(view, h('h1', {}, 'Các tổ'), loading());
  const [teams, links, villages, members, d, owners] = await Promise.all([
    api.listRecords('team'),
    api.listRecords('team_village'),
    refs.names('village'),
    api.listRecords('member'),
    api.dashboard(null),
    refs.ownerNames(),
  ]);
  const villagesOf = new Map();
  for (const l of links) {
    if (!villagesOf.has(l.fields.team_id)) villagesOf.set(l.fields.team_id, []);
    villagesOf.get(l.fields.team_id).push(villages.get(l.fields.village_id) || '(thôn đã xóa)');
  }
  const memberCount = new Map();
  for (const m of members) {
    if (m.fields.exit_date) continue;
    memberCount.set(m.fields.team_id, (memberCount.get(m.fields.team_id) || 0) + 1);
  }
  const met = new Map(d.compliance.teams.map((t) => [t.team_id, `${t.met}/${t.rules.length}`]));
  const redraw = () => teamList(view, ctx);
  replace(view,
    h('div', { class: 'screen-head' },
      h('h1', {}, 'Các tổ'),
      cat.canCreate('team', session.isCommune()) && h('button', {
        type: 'button', class: 'primary', 'data-testid': 'add-team',
        onclick: async () => {
          const saved = await openRecordForm({ kind: 'team', defaults: { model_type: 'to_bao_ve_antt', status: 'hoat_dong' } });
          if (saved) ctx.navigate(`teams/${saved.id}`);
        },
      }, '+ Thêm tổ')),
    recordTable({
      kind: 'team',
      records: teams,
      testid: 'team-list',
      emptyText: session.isCommune()
        ? 'Chưa có tổ nào. Bấm “Thêm tổ” để thành lập tổ đầu tiên (nên thêm thôn, tổ dân phố trước).'
        : 'Chưa có tổ nào: chưa nhận gói dữ liệu của xã, phường nào. Vào “Nhận dữ liệu” để nhập gói các xã gửi.',
      columns: [
        { label: 'Tên tổ', value: (t) => link(['teams', t.id], t.fields.name, { 'data-testid': 'team-link' }) },
        // A receiving unit holds dozens of "tổ dân phố số 2": whose each one is.
        session.isCommune() ? null : { label: 'Xã, phường', value: (t) => h('span', { 'data-testid': 'team-owner' }, owners.get(t.owner) || t.owner) },
        'model_type', 'status',
        { label: 'Địa bàn', value: (t) => (villagesOf.get(t.id) || []).join(', ') },
        { label: 'Thành viên', class: 'num', value: (t) => formatNumber(memberCount.get(t.id) || 0) },
        { label: 'Tiêu chí đạt', class: 'num', value: (t) => met.get(t.id) || '—' },
      ],
      canModify: ownRecord,
      onEdit: async (t) => { if (await openRecordForm({ kind: 'team', record: t })) redraw(); },
      onDelete: async (t) => { if (await confirmDelete('team', t.id, t.fields.name)) redraw(); },
    }),
    session.isCommune() ? programmesPanel(redraw) : null);
}

/**
 * The programmes and movements running on the commune's territory (issue 16): each
 * team's tab "Chương trình" links to them with the duty each asks; the dashboard warns
 * where two ask one team the same duty.
 */
function programmesPanel(redraw) {
  const panel = h('section', { class: 'panel', 'data-testid': 'programmes-panel', 'aria-labelledby': 'programmes-h' }, loading());
  api.listRecords('programme').then((list) => {
    list.sort((a, b) => (b.fields.start_date || '').localeCompare(a.fields.start_date || ''));
    replace(panel,
      h('div', { class: 'panel-head' },
        h('h2', { id: 'programmes-h' }, 'Chương trình, phong trào trên địa bàn'),
        h('button', {
          type: 'button', class: 'primary', 'data-testid': 'add-programme',
          onclick: async () => { if (await openRecordForm({ kind: 'programme', defaults: { start_date: todayIso() } })) redraw(); },
        }, '+ Thêm chương trình')),
      recordTable({
        kind: 'programme',
        records: list,
        testid: 'programme-list',
        emptyText: 'Chưa ghi chương trình, phong trào nào. Bấm “Thêm chương trình” để ghi các chương trình đang triển khai trên địa bàn, rồi gắn từng tổ ở thẻ “Chương trình” của tổ.',
        columns: ['name', 'programme', 'lead_organisation', { field: 'start_date', class: 'nowrap' }, { field: 'end_date', class: 'nowrap' }],
        canModify: ownRecord,
        onEdit: async (p) => { if (await openRecordForm({ kind: 'programme', record: p })) redraw(); },
        onDelete: async (p) => { if (await confirmDelete('programme', p.id, p.fields.name)) redraw(); },
      }));
  }).catch((e) => replace(panel, h('p', { class: 'form-error' }, e.message || String(e))));
  return panel;
}

async function teamPage(view, id, tabKey, ctx) {
  replace(view, loading());
  const [team, owners] = await Promise.all([api.getRecord('team', id), refs.ownerNames()]);
  if (team.deleted) {
    replace(view, h('h1', {}, 'Tổ đã bị xóa'), h('p', {}, link(['teams'], '← Về danh sách các tổ')));
    return;
  }
  const tab = TABS.find((t) => t.key === tabKey) || TABS[0];
  const body = h('div', { class: 'tab-body', role: 'tabpanel', 'aria-label': tab.label, 'data-testid': `team-tab-body-${tab.key}` });
  replace(view,
    // A receiving unit came from the commune's drill-down: back to that commune.
    h('p', { class: 'no-print' }, ownRecord(team) || !team.owner
      ? link(['teams'], '← Các tổ')
      : [link(['commune', team.owner], `← ${owners.get(team.owner) || team.owner}`, { 'data-testid': 'team-back-commune' }),
        h('span', { class: 'muted' }, ' › Các tổ của xã, phường')]),
    h('div', { class: 'screen-head' },
      h('h1', { 'data-testid': 'team-name' }, team.fields.name),
      h('span', { class: 'status status-info' }, cat.choiceLabel('team', 'status', team.fields.status)),
      ownRecord(team) ? endTeamButton(team, ctx, () => teamPage(view, id, tab.key, ctx)) : null),
    h('nav', { class: 'tabs', 'aria-label': 'Các phần hồ sơ của tổ' },
      TABS.map((t) => h('a', {
        href: `#/teams/${encodeURIComponent(team.id)}/${t.key}`,
        'data-testid': `team-tab-${t.key}`,
        'aria-current': t.key === tab.key ? 'page' : null,
      }, t.label))),
    body);
  await tab.render(body, team, { ...ctx, redrawTeam: () => teamPage(view, id, tab.key, ctx) });
}

/**
 * A team that stops is dissolved, not erased (issue 15, item 6): its members, decisions
 * and activities stay on record, and the change travels like any other. Deleting for
 * good is behind it, for a team entered by mistake, with its own confirmation of what
 * goes with it.
 */
function endTeamButton(team, ctx, redraw) {
  const deleteForGood = async () => {
    if (await confirmDelete('team', team.id, team.fields.name)) ctx.navigate('teams');
  };
  if (team.fields.status === 'giai_the') {
    return h('button', { type: 'button', class: 'link-button', 'data-testid': 'delete-team', onclick: deleteForGood }, 'Xóa hẳn tổ (nhập nhầm)…');
  }
  return h('button', {
    type: 'button', class: 'danger-outline', 'data-testid': 'dissolve-team',
    onclick: async () => {
      const day = h('input', { type: 'text', inputmode: 'numeric', maxLength: 10, value: isoToVn(todayIso()), 'data-testid': 'dissolve-date', id: 'dissolve-date' });
      const choice = await dialog.open({
        title: 'Giải thể tổ?',
        testid: 'dissolve-dialog',
        build: (close) => h('div', { class: 'dialog-body' },
          h('p', {}, `“${team.fields.name}” sẽ chuyển sang trạng thái Giải thể.`),
          h('ul', { class: 'confirm-details' },
            h('li', {}, 'Thành viên, quyết định, hoạt động của tổ vẫn được giữ trong hồ sơ và trong báo cáo các năm trước.'),
            h('li', {}, 'Thay đổi được ghi vào lịch sử trạng thái và gửi đi trong gói dữ liệu tiếp theo.'),
            h('li', {}, 'Nên có quyết định giải thể: thêm ở phần Quyết định của tổ.')),
          h('div', { class: 'field' }, h('label', { for: 'dissolve-date', class: 'field-label' }, 'Ngày giải thể'), day),
          h('div', { class: 'dialog-actions' },
            h('button', { type: 'button', class: 'danger', 'data-testid': 'dissolve-ok', onclick: () => close('dissolve') }, 'Giải thể tổ'),
            h('button', { type: 'button', 'data-testid': 'dissolve-cancel', autofocus: true, onclick: () => close(null) }, 'Không'),
            h('button', { type: 'button', class: 'link-button push-right', 'data-testid': 'delete-team', onclick: () => close('delete') }, 'Tổ nhập nhầm? Xóa hẳn…'))),
      });
      if (choice === 'delete') { await deleteForGood(); return; }
      if (choice !== 'dissolve') return;
      try {
        await api.updateRecord('team', team.id, { status: 'giai_the', status_date: day.value });
        refs.invalidate('team');
        notify.notice(`Đã chuyển “${team.fields.name}” sang trạng thái Giải thể.`);
        await redraw();
      } catch (e) {
        notify.error(e, 'Chưa giải thể được tổ');
      }
    },
  }, 'Giải thể tổ…');
}
