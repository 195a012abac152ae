// A table of records: a few useful columns, with "Sửa" and "Xóa" on each row.

import * as cat from './catalogue.js';
import { empty, h } from './dom.js';
import { recordName } from './refs.js';
import { display } from './values.js';
import { viewButton } from './scan-viewer.js';

/**
 * - `columns`: field names (heading and value from the catalogue), or
 *   `{field, label?, empty?, class?}` (a field with another heading, a text when empty
 *   or another cell class), or
 *   `{label, value(rec) → text|Node, class}` for computed columns;
 * - `refNames`: {fieldName: Map id → name} for ref columns;
 * - `onEdit(rec)`, `onDelete(rec)`: row buttons (omitted when absent);
 * - `extraActions(rec)`: more buttons for a row;
 * - `selectedId`: the row to highlight (whose detail is shown below the table).
 */
export function recordTable({ kind, records, columns, refNames = {}, onEdit, onDelete, canModify = () => true, extraActions, selectedId, testid, emptyText = 'Chưa có mục hồ sơ nào.', footer }) {
  if (!records.length) return empty(emptyText);
  const cols = columns.filter(Boolean).map((c) => {
    if (typeof c === 'string') return fieldColumn(kind, c, refNames[c]);
    if (c.field) return fieldColumn(kind, c.field, refNames[c.field], c);
    return c;
  });
  const hasActions = onEdit || onDelete || extraActions;
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'records', 'data-testid': testid || `records-${kind}`, 'data-kind': kind },
      h('thead', {}, h('tr', {},
        cols.map((c) => h('th', { scope: 'col', class: c.class }, c.label)),
        hasActions ? h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, 'Thao tác')) : null)),
      h('tbody', {}, records.map((rec) => row(rec))),
      footer ? h('tfoot', {}, footer) : null));

  function row(rec) {
    const name = recordName(rec);
    // Rows another unit owns are shown, not edited (the engine would refuse anyway).
    const mine = canModify(rec);
    const cells = cols.map((c) => h('td', { class: c.class }, c.value(rec)));
    const actions = hasActions ? h('td', { class: 'col-actions' },
      extraActions ? extraActions(rec) : null,
      onEdit && mine ? h('button', { type: 'button', class: 'small', 'data-testid': 'edit-record', 'data-id': rec.id, 'aria-label': `Sửa ${name}`, onclick: () => onEdit(rec) }, 'Sửa') : null,
      onDelete && mine ? h('button', { type: 'button', class: 'small danger-outline', 'data-testid': 'delete-record', 'data-id': rec.id, 'aria-label': `Xóa ${name}`, onclick: () => onDelete(rec) }, 'Xóa') : null) : null;
    return h('tr', { 'data-id': rec.id, class: rec.id === selectedId ? 'selected' : null }, cells, actions);
  }
}

function fieldColumn(kind, name, names, opts = {}) {
  const f = cat.field(kind, name);
  if (!f) return { label: opts.label || name, value: (r) => String(r.fields[name] ?? '') };
  if (f.type === 'attachment') {
    // A stored scan opens from its row.
    return {
      label: opts.label || f.label,
      class: opts.class || typeClass(f),
      value: (r) => (r.fields[name] ? viewButton(r.fields[name], recordName(r)) : opts.empty || ''),
    };
  }
  return {
    label: opts.label || f.label,
    class: opts.class || typeClass(f),
    value: (r) => display(kind, f, r.fields[name], names) || opts.empty || '',
  };
}

/** Numbers right-aligned, dates and phones on one line, labels and texts given room. */
function typeClass(f) {
  if (f.type === 'money' || f.type === 'int') return 'num';
  if (f.type === 'long_text') return 'long';
  if (f.type === 'choice') return 'col-choice';
  if (['date', 'partial_date', 'phone', 'time'].includes(f.type)) return 'nowrap';
  return null;
}

/** The field names a list of columns shows (to know which links need names). */
export function columnFields(columns) {
  return (columns || []).map((c) => (typeof c === 'string' ? c : c.field)).filter(Boolean);
}

/** Sorts records by a date field, newest first (records without a date last). */
export function byDateDesc(field) {
  return (a, b) => String(b.fields[field] || '').localeCompare(String(a.fields[field] || ''));
}
