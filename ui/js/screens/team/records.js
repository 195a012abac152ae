// The common shape of a team's tab: a heading, an "add" button, a table of the team's
// records of one kind with Sửa / Xóa, and optionally a detail panel under the table
// for the selected row (participants of an activity, attendance of a training).

import { confirmDelete } from '../../actions.js';
import * as api from '../../api.js';
import * as cat from '../../catalogue.js';
import { h, loading, replace } from '../../dom.js';
import { openRecordForm } from '../../forms.js';
import * as refs from '../../refs.js';
import * as session from '../../session.js';
import { columnFields, recordTable } from '../../table.js';

/** Records another unit owns are shown, not edited (the engine would refuse anyway). */
export function ownRecord(rec) {
  const inst = session.installation();
  return !inst || !rec.owner || rec.owner === inst.unit_code;
}

/**
 * spec:
 * - kind, heading, addLabel, emptyText
 * - parentField: 'team_id' (default) or null for kinds not tied to a team (training)
 * - columns: as recordTable
 * - sort(a, b), filter(records) → records
 * - defaults(team) → initial values of a new record
 * - detail(el, rec, team, redraw): fills the panel under the table for the row whose
 *   `detailLabel` button was pressed; detailHint (text, or a function giving it) says so
 *   above the table
 * - extra(records, team) → a node shown between the heading and the table (a balance)
 * - columns may be a function of the records (a running balance); footer(records) → <tr>
 * - hideOnEdit: fields not shown when editing (default: the parent field)
 * - headActions(team, redraw) → buttons beside the add button (an import)
 */
export async function renderRecords(el, team, spec) {
  const parentField = spec.parentField === undefined ? 'team_id' : spec.parentField;
  let selectedId = null;
  replace(el, loading());

  const draw = async () => {
    let records = parentField
      ? await api.listRecords(spec.kind, { parentField, parentId: team.id })
      : await api.listRecords(spec.kind);
    if (spec.filter) records = await spec.filter(records);
    if (spec.sort) records.sort(spec.sort);
    const columns = typeof spec.columns === 'function' ? spec.columns(records) : spec.columns;
    const names = await refNames(spec.kind, columns);
    const fixed = parentField ? { [parentField]: team.id } : {};
    const add = async () => {
      const saved = await openRecordForm({
        kind: spec.kind, fixed, scopeTeam: team.id,
        defaults: spec.defaults ? spec.defaults(team) : {},
      });
      if (saved) {
        selectedId = spec.detail ? saved.id : null;
        draw();
      }
    };
    const canAdd = cat.canCreate(spec.kind, session.isCommune());
    const addLabel = spec.addLabel || `+ Thêm ${cat.kind(spec.kind).label}`;
    const table = recordTable({
      kind: spec.kind,
      records,
      columns,
      footer: spec.footer && records.length ? spec.footer(records) : null,
      refNames: names,
      emptyText: emptyText(spec.emptyText, canAdd, addLabel),
      selectedId,
      extraActions: spec.detail ? (rec) => h('button', {
        type: 'button', class: 'small', 'data-testid': 'open-detail', 'data-id': rec.id,
        'aria-pressed': rec.id === selectedId ? 'true' : 'false',
        onclick: async () => {
          selectedId = rec.id;
          await draw();
          const panel = el.querySelector('.detail .panel');
          if (panel) panel.scrollIntoView({ block: 'nearest' });
        },
      }, spec.detailLabel || 'Chi tiết') : null,
      canModify: ownRecord,
      onEdit: async (rec) => {
        const hide = spec.hideOnEdit || (parentField ? [parentField] : []);
        if (await openRecordForm({ kind: spec.kind, record: rec, hide, scopeTeam: team.id })) draw();
      },
      onDelete: async (rec) => {
        if (await confirmDelete(spec.kind, rec.id, refs.recordName(rec))) {
          if (selectedId === rec.id) selectedId = null;
          draw();
        }
      },
    });
    const detailEl = h('div', { class: 'detail', 'data-testid': `detail-${spec.kind}` });
    replace(el,
      h('div', { class: 'panel-head' },
        h('h2', {}, spec.heading || cat.kindTitle(spec.kind)),
        h('div', { class: 'panel-actions' },
          spec.headActions && canAdd ? spec.headActions(team, draw) : null,
          canAdd
            ? h('button', { type: 'button', class: 'primary', 'data-testid': `add-${spec.kind}`, onclick: add }, addLabel)
            : null)),
      spec.extra ? spec.extra(records, team) : null,
      spec.detail && records.length && spec.detailHint
        ? h('p', { class: 'muted' }, typeof spec.detailHint === 'function' ? spec.detailHint() : spec.detailHint)
        : null,
      table,
      detailEl);
    const selected = records.find((r) => r.id === selectedId);
    if (spec.detail && selected) await spec.detail(detailEl, selected, team, draw);
  };
  await draw();
}

/**
 * An empty tab says what to do first: the button to press where this installation may
 * write the record, or, at a receiving unit reading a commune's, where it comes from.
 */
function emptyText(text, canAdd, addLabel) {
  const base = text || 'Chưa có mục hồ sơ nào.';
  if (canAdd) return `${base} Bấm “${addLabel.replace(/^\+\s*/, '')}” để ghi.`;
  return session.isCommune() ? base : `${base} Xã, phường ghi mục này; dữ liệu đến cùng gói dữ liệu của xã.`;
}

/** Names for the ref columns of a table. */
async function refNames(kind, columns) {
  const out = {};
  await Promise.all(columnFields(columns).map(async (name) => {
    const f = cat.field(kind, name);
    if (f && f.type === 'ref') out[name] = await refs.names(f.ref);
  }));
  return out;
}
