// The document templates in Cài đặt: the lines a founding decision takes from the law
// rather than from the team (căn cứ, nơi nhận, ký hiệu, Điều 3), each valid between two
// dates and for some model types. The clerk changes a line's wording, adds the local
// acts the program cannot know (the province's decision on team numbers), or takes a
// change back. The engine checks every save (dates, length) and says what is wrong.

import * as api from '../api.js';
import * as cat from '../catalogue.js';
import * as dialog from '../dialog.js';
import { empty, h, replace } from '../dom.js';
import { isoToVn } from '../format.js';
import * as notify from '../notify.js';

const SLOTS = [
  ['basis', 'Căn cứ'],
  ['executors', 'Người thi hành (Điều 3)'],
  ['recipient', 'Nơi nhận'],
  ['symbol', 'Ký hiệu'],
];
/** Stored dates may be ISO (the built-ins) or dd/mm/yyyy (typed): shown dd/mm/yyyy. */
const vn = (d) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? isoToVn(d) : d || '');
const slotLabel = (slot) => (SLOTS.find(([s]) => s === slot) || [slot, slot])[1];

export async function drawTemplates(el) {
  const rows = await api.documentTemplates();
  draw(el, rows);
}

function draw(el, rows) {
  const redraw = (fresh) => draw(el, fresh);
  const models = cat.field('team', 'model_type').choices;
  const modelsText = (list) => (list && list.length
    ? list.map((m) => cat.choiceLabel('team', 'model_type', m)).join('; ')
    : 'Mọi loại tổ');
  const validity = (t) => [t.valid_from ? `từ ${vn(t.valid_from)}` : null, t.valid_to ? `đến ${vn(t.valid_to)}` : null]
    .filter(Boolean).join(' ') || 'Không hạn';
  replace(el,
    h('div', { class: 'panel-head' },
      h('h2', { id: 'tpl-h' }, 'Mẫu quyết định thành lập tổ'),
      h('button', { type: 'button', class: 'primary', 'data-testid': 'template-add', onclick: () => edit(null) }, '+ Thêm dòng')),
    h('p', { class: 'muted' },
      'Các dòng căn cứ, nơi nhận, ký hiệu văn bản và người thi hành được chọn theo ngày ký và loại tổ. ',
      'Trong nội dung có thể dùng: {commune} (tên xã), {noun} (xã/phường), {district}, {province}, {village}, {village_heads}.'),
    rows.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'grid', 'data-testid': 'templates-table' },
      h('thead', {}, h('tr', {}, ['Phần', 'Nội dung', 'Áp dụng cho', 'Hiệu lực', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, [...rows].sort(bySlot).map((r) => h('tr', { 'data-testid': 'template-row', 'data-id': r.id, 'data-changed': r.changed ? 'true' : 'false' },
        h('td', { class: 'nowrap' }, slotLabel(r.slot)),
        h('td', {}, r.text ? r.text : h('em', { class: 'muted' }, '(trống, chưa dùng: điền văn bản của địa phương nếu có)'),
          r.changed ? h('div', { class: 'status status-info small' }, r.builtin ? 'Đã sửa' : 'Dòng thêm') : null),
        h('td', {}, modelsText(r.models)),
        h('td', { class: 'nowrap' }, validity(r)),
        h('td', { class: 'col-actions' },
          h('button', { type: 'button', class: 'small', 'data-testid': 'template-edit', onclick: () => edit(r) }, 'Sửa'),
          r.changed ? h('button', {
            type: 'button', class: 'small danger-outline', 'data-testid': 'template-reset',
            onclick: async () => {
              // Asked first, like every delete: what goes, and what comes back.
              const ok = await dialog.confirm({
                title: r.builtin ? 'Khôi phục dòng mẫu của chương trình?' : 'Xóa dòng mẫu này?',
                message: r.text ? `“${r.text}”` : null,
                details: [r.builtin
                  ? 'Dòng đã sửa được thay bằng dòng của chương trình. Các quyết định đã lưu như đã ký không đổi.'
                  : 'Dòng thêm này không còn trong các văn bản in từ nay. Các quyết định đã lưu như đã ký không đổi.'],
                okLabel: r.builtin ? 'Khôi phục' : 'Xóa',
                cancelLabel: 'Không',
                danger: !r.builtin,
                testid: 'template-reset-dialog',
              });
              if (!ok) return;
              try { redraw(await api.resetDocumentTemplate(r.id)); } catch (e) { notify.error(e, 'Chưa khôi phục được'); }
            },
          }, r.builtin ? 'Khôi phục' : 'Xóa') : null)))))) : empty('Chưa có mẫu nào.'));

  async function edit(row) {
    const saved = await dialog.open({
      title: row ? `Sửa dòng: ${slotLabel(row.slot)}` : 'Thêm dòng vào mẫu quyết định',
      testid: 'template-dialog',
      wide: true,
      build: (close) => {
        const slot = h('select', { id: 'tpl-slot', 'data-testid': 'template-slot', disabled: Boolean(row) },
          SLOTS.map(([v, l]) => h('option', { value: v, selected: row ? row.slot === v : v === 'basis' }, l)));
        const text = h('textarea', { id: 'tpl-text', 'data-testid': 'template-text', rows: 4, maxLength: 2000, value: row ? row.text : '' });
        const from = h('input', { type: 'text', id: 'tpl-from', 'data-testid': 'template-from', placeholder: 'dd/mm/yyyy', value: row ? vn(row.valid_from) : '' });
        const to = h('input', { type: 'text', id: 'tpl-to', 'data-testid': 'template-to', placeholder: 'dd/mm/yyyy', value: row ? vn(row.valid_to) : '' });
        const order = h('input', { type: 'text', inputmode: 'numeric', id: 'tpl-order', 'data-testid': 'template-order', class: 'input-number', value: String(row ? row.order : 50) });
        const checks = models.map(([code, label]) => h('label', { class: 'check' },
          h('input', { type: 'checkbox', value: code, checked: Boolean(row && row.models && row.models.includes(code)) }), h('span', {}, label)));
        const error = h('div', { class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'template-error' });
        const submit = async (e) => {
          e.preventDefault();
          const template = {
            id: row ? row.id : `them_${Date.now().toString(36)}`,
            slot: slot.value,
            models: checks.map((c) => c.querySelector('input')).filter((i) => i.checked).map((i) => i.value),
            // The kinds of commune a line is limited to (the Pháp lệnh Công an xã: xã and
            // thị trấn only) are kept when the clerk edits its text or dates.
            units: row && row.units ? row.units : [],
            valid_from: from.value.trim() || null,
            valid_to: to.value.trim() || null,
            order: /^-?\d+$/.test(order.value.trim()) ? Number(order.value.trim()) : 50,
            text: text.value,
          };
          try {
            close(await api.saveDocumentTemplate(template));
          } catch (ex) {
            const p = (ex.problems || [])[0];
            error.textContent = p ? p.message : ex.message;
            error.hidden = false;
          }
        };
        return h('form', { class: 'dialog-body', novalidate: true, onsubmit: submit },
          h('div', { class: 'field' }, h('label', { for: 'tpl-slot' }, 'Phần của quyết định'), slot),
          h('div', { class: 'field' }, h('label', { for: 'tpl-text' }, 'Nội dung (để trống nếu không dùng dòng này)'), text),
          h('div', { class: 'columns' },
            h('div', { class: 'field' }, h('label', { for: 'tpl-from' }, 'Áp dụng cho quyết định ký từ ngày'), from),
            h('div', { class: 'field' }, h('label', { for: 'tpl-to' }, 'đến ngày (để trống: không hạn)'), to)),
          h('fieldset', { class: 'field' }, h('legend', {}, 'Loại tổ (không chọn: mọi loại)'), checks),
          h('div', { class: 'field' }, h('label', { for: 'tpl-order' }, 'Thứ tự trong phần'), order),
          error,
          h('div', { class: 'dialog-actions' },
            h('button', { type: 'submit', class: 'primary', 'data-testid': 'template-save' }, 'Lưu'),
            h('button', { type: 'button', 'data-testid': 'template-cancel', onclick: () => close(undefined) }, 'Hủy')));
      },
    });
    if (saved) {
      redraw(saved);
      notify.notice('Đã lưu mẫu quyết định.');
    }
  }
}

function bySlot(a, b) {
  const rank = (s) => SLOTS.findIndex(([x]) => x === s);
  return rank(a.slot) - rank(b.slot) || a.order - b.order || (a.id < b.id ? -1 : 1);
}
