// "Lịch sử thay đổi": who changed a record, when, and what (from the audit log).

import * as api from './api.js';
import * as cat from './catalogue.js';
import * as dialog from './dialog.js';
import { h } from './dom.js';
import { formatDateTime } from './format.js';
import { display } from './values.js';

const ACTIONS = { insert: 'Thêm mới', update: 'Sửa', delete: 'Xóa', import: 'Nhập từ gói' };

/** A value the log keeps out (sensitive, ID number, phone, birth date): {masked: "đã nhập"}. */
const isMasked = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.masked === 'string';

/**
 * The engine logs a new record as {field: value} and an update as
 * {field: [before, after]}; both become "Nhãn: giá trị" lines. A value kept out of the
 * log is {masked: "đã nhập" | "đã thay đổi"}: the line says only that.
 */
function changeLines(kindName, changes) {
  if (!changes || typeof changes !== 'object' || !cat.hasKind(kindName)) return [];
  return Object.entries(changes).map(([name, value]) => {
    const f = cat.field(kindName, name);
    if (!f) return `${name}: ${JSON.stringify(value)}`;
    if (isMasked(value)) return `${f.label}: ${value.masked} (không ghi giá trị vào nhật ký)`;
    // A link is shown as chosen or not rather than as an id, which means nothing to a clerk.
    const shown = (v) => (f.type === 'ref' ? (v ? 'đã chọn' : 'trống') : display(kindName, f, v) || 'trống');
    if (Array.isArray(value) && value.length === 2) return `${f.label}: ${shown(value[0])} → ${shown(value[1])}`;
    return `${f.label}: ${shown(value)}`;
  });
}

export async function show(id) {
  const entries = await api.history(id);
  await dialog.open({
    title: 'Lịch sử thay đổi',
    testid: 'history-dialog',
    wide: true,
    build: (close) => h('div', { class: 'dialog-body' },
      entries.length
        ? h('ol', { class: 'history' }, entries.map((e) => h('li', {},
          h('div', { class: 'history-head' },
            h('strong', {}, ACTIONS[e.action] || e.action), ' — ',
            formatDateTime(e.at), ' — ', e.actor || ''),
          h('ul', {}, changeLines(e.kind, e.changes).map((l) => h('li', {}, l))))))
        : h('p', {}, 'Chưa có thay đổi nào được ghi lại.'),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => close() }, 'Đóng'))),
  });
}
