// "Thông tin chung" of a team: its fields, the villages it covers (team_village), how it
// stands on C1–C8 with the engine's sentence for each rule, its status history, and its
// dossier for the archive.

import { confirmDelete } from '../../actions.js';
import * as api from '../../api.js';
import * as cat from '../../catalogue.js';
import { legend, mark } from '../../compliance.js';
import { empty, h, link, replace } from '../../dom.js';
import { openRecordForm } from '../../forms.js';
import * as notify from '../../notify.js';
import * as refs from '../../refs.js';
import { display } from '../../values.js';
import { dossierPanel } from '../../dossier.js';
import { ownRecord, renderRecords } from './records.js';

export async function renderInfo(el, team, ctx) {
  const facts = h('section', { class: 'panel' });
  const area = h('section', { class: 'panel' });
  const rules = h('section', { class: 'panel' });
  const statuses = h('section', { class: 'panel' });
  replace(el, h('div', { class: 'columns' }, facts, area), rules, statuses, dossierPanel(team));
  await Promise.all([
    drawFacts(facts, team, ctx),
    drawArea(area, team),
    drawRules(rules, team),
    renderRecords(statuses, team, {
      kind: 'team_status', heading: 'Lịch sử trạng thái', addLabel: '+ Ghi trạng thái',
      columns: ['status', 'since', 'note'],
      emptyText: 'Chưa ghi lịch sử trạng thái.',
    }),
  ]);
}

function drawFacts(el, team, ctx) {
  const def = cat.kind('team');
  const rows = def.fields
    .map((f) => [f, display('team', f, team.fields[f.name])])
    .filter(([, v]) => v !== '');
  replace(el,
    h('div', { class: 'panel-head' },
      h('h2', {}, 'Thông tin tổ'),
      ownRecord(team) ? h('button', {
        type: 'button', 'data-testid': 'edit-team',
        onclick: async () => { if (await openRecordForm({ kind: 'team', record: team })) ctx.redrawTeam(); },
      }, 'Sửa thông tin tổ') : null),
    h('dl', { class: 'facts', 'data-testid': 'team-facts' }, rows.map(([f, v]) => [h('dt', {}, f.label), h('dd', {}, v)])),
    h('h3', {}, 'Văn bản của tổ (bản in, tệp Word)'),
    h('div', { class: 'toolbar' },
      link(['document', 'decision', team.id], 'Quyết định thành lập', { class: 'button', 'data-testid': 'open-doc-decision' }),
      link(['document', 'member_list', team.id], 'Danh sách kèm theo', { class: 'button', 'data-testid': 'open-doc-member_list' }),
      link(['document', 'regulation', team.id], 'Quy chế hoạt động', { class: 'button', 'data-testid': 'open-doc-regulation' })));
}

/** The villages the team covers, with "Bỏ" on each and a picker to add one. */
async function drawArea(el, team) {
  const [links, villages] = await Promise.all([
    api.listRecords('team_village', { parentField: 'team_id', parentId: team.id }),
    refs.list('village'),
  ]);
  const byId = new Map(villages.map((v) => [v.id, v]));
  const linked = new Set(links.map((l) => l.fields.village_id));
  const free = villages.filter((v) => !linked.has(v.id));
  const picker = h('select', { id: `add-village-${team.id}`, 'data-testid': 'team-village-select' },
    h('option', { value: '' }, '— Chọn thôn, tổ dân phố —'),
    free.map((v) => h('option', { value: v.id }, v.fields.name)));
  const redraw = () => drawArea(el, team);
  replace(el,
    h('h2', {}, 'Địa bàn phụ trách'),
    links.length
      ? h('ul', { class: 'chips', 'data-testid': 'team-villages' }, links.map((l) => {
        const name = byId.has(l.fields.village_id) ? byId.get(l.fields.village_id).fields.name : '(thôn đã xóa)';
        return h('li', {}, link(['villages', l.fields.village_id], name),
          ownRecord(team) && h('button', {
            type: 'button', class: 'small danger-outline', 'data-testid': 'remove-team-village', 'aria-label': `Bỏ ${name} khỏi địa bàn của tổ`,
            onclick: async () => { if (await confirmDelete('team_village', l.id, name)) redraw(); },
          }, 'Bỏ'));
      }))
      : empty('Tổ chưa được gắn với thôn, tổ dân phố nào.'),
    ownRecord(team) && free.length ? h('div', { class: 'inline-form' },
      h('label', { for: picker.id, class: 'visually-hidden' }, 'Thôn, tổ dân phố để gắn vào tổ'),
      picker,
      h('button', {
        type: 'button', 'data-testid': 'add-team_village',
        onclick: async () => {
          if (!picker.value) { picker.focus(); return; }
          try {
            await api.createRecord('team_village', { team_id: team.id, village_id: picker.value });
            refs.invalidate('team_village');
            notify.notice('Đã gắn thôn vào địa bàn của tổ.');
            redraw();
          } catch (e) {
            notify.error(e, 'Chưa gắn được thôn');
          }
        },
      }, 'Gắn vào tổ')) : null);
}

/** C1–C8 for this team, from the dashboard's report (the engine's one computation). */
async function drawRules(el, team) {
  const d = await api.dashboard(null);
  const t = d.compliance.teams.find((x) => x.team_id === team.id);
  replace(el,
    h('div', { class: 'panel-head' },
      h('h2', {}, 'Tiêu chí C1–C8'),
      t ? h('span', { class: 'muted' }, `Đạt ${t.met}/${t.rules.length} tiêu chí`) : null),
    t ? h('ul', { class: 'rules', 'data-testid': 'team-rules' }, t.rules.map((r) => h('li', { 'data-rule': r.rule },
      h('span', {}, h('b', {}, r.rule), ' ', mark(r.status)),
      h('span', {}, h('b', {}, r.title), ': ', r.detail))))
      : empty('Tổ không ở trạng thái “Đang hoạt động” nên không được đánh giá theo tiêu chí.'),
    t ? legend() : null);
}
