// Thôn, tổ dân phố: the list (in Vietnamese order, as the engine returns it), which team
// covers each, add / edit / delete, and "Thành lập tổ" for a village without one.

import { confirmDelete } from '../actions.js';
import * as api from '../api.js';
import { h, link, loading, replace } from '../dom.js';
import { openRecordForm } from '../forms.js';
import * as notify from '../notify.js';
import * as refs from '../refs.js';
import * as session from '../session.js';
import { recordTable } from '../table.js';

export async function render(view, params, ctx) {
  const focusId = params[0] || null;
  replace(view, h('h1', {}, 'Thôn, tổ dân phố'), loading());
  const [villages, links, teams] = await Promise.all([
    api.listRecords('village'),
    api.listRecords('team_village'),
    refs.list('team'),
  ]);
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const teamsOf = new Map();
  for (const l of links) {
    const t = teamById.get(l.fields.team_id);
    if (!t) continue;
    if (!teamsOf.has(l.fields.village_id)) teamsOf.set(l.fields.village_id, []);
    teamsOf.get(l.fields.village_id).push(t);
  }
  const redraw = () => render(view, [], ctx);

  const table = recordTable({
    kind: 'village',
    records: villages,
    testid: 'village-list',
    emptyText: 'Chưa có thôn, tổ dân phố nào. Bấm “Thêm thôn, tổ dân phố” để bắt đầu.',
    columns: ['name', 'village_type', 'households', 'population', {
      label: 'Tổ phụ trách',
      value: (v) => {
        const ts = teamsOf.get(v.id) || [];
        if (ts.length) return ts.map((t, i) => [i ? ', ' : '', link(['teams', t.id], t.fields.name)]);
        return h('span', { class: 'status status-not_met' }, h('span', { 'aria-hidden': 'true' }, '✗'), ' Chưa có tổ');
      },
    }],
    extraActions: (v) => ((teamsOf.get(v.id) || []).length ? null
      : h('button', { type: 'button', class: 'small', 'data-testid': 'found-team', 'data-id': v.id, onclick: () => foundTeam(v) }, 'Thành lập tổ')),
    onEdit: async (v) => {
      if (await openRecordForm({ kind: 'village', record: v })) redraw();
    },
    onDelete: async (v) => {
      if (await confirmDelete('village', v.id, v.fields.name)) redraw();
    },
  });

  replace(view,
    h('div', { class: 'screen-head' },
      h('h1', {}, 'Thôn, tổ dân phố'),
      h('button', {
        type: 'button', class: 'primary', 'data-testid': 'add-village',
        onclick: async () => { if (await openRecordForm({ kind: 'village', defaults: { village_type: session.isUrban() ? 'to_dan_pho' : 'thon' } })) redraw(); },
      }, '+ Thêm thôn, tổ dân phố')),
    h('p', { class: 'muted' }, `${villages.length} thôn, tổ dân phố, xếp theo thứ tự chữ cái tiếng Việt.`),
    table);

  if (focusId) {
    const row = view.querySelector(`tr[data-id="${CSS.escape(focusId)}"]`);
    if (row) {
      row.classList.add('flash');
      row.scrollIntoView({ block: 'center' });
    }
  }

  /** A new team named after the village, then the link between them. */
  async function foundTeam(v) {
    const saved = await openRecordForm({
      kind: 'team',
      title: `Thành lập tổ cho ${v.fields.name}`,
      defaults: {
        name: `Tổ bảo vệ an ninh, trật tự ${lowerFirst(v.fields.name)}`,
        model_type: 'to_bao_ve_antt',
        status: 'hoat_dong',
      },
    });
    if (!saved) return;
    try {
      await api.createRecord('team_village', { team_id: saved.id, village_id: v.id });
      refs.invalidate('team_village');
    } catch (e) {
      notify.error(e, 'Đã tạo tổ nhưng chưa gắn được thôn');
    }
    ctx.navigate(`teams/${saved.id}`);
  }
}

/** "Thôn Đông Hòa" → "thôn Đông Hòa", as it reads inside a team's name. */
function lowerFirst(s) {
  return s ? s[0].toLocaleLowerCase('vi') + s.slice(1) : s;
}
