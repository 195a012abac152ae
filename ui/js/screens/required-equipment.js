// Cài đặt › «Trang phục, công cụ tổ phải có»: rule C7's list, item by item, as the share
// of a team's active members who must hold one (0: not required). The default follows
// Nghị định 40/2024 and Thông tư 14/2024 (uniform and badge for every member, rubber
// batons for 80 %); a province may set its own. The engine checks and stores it
// (Store::set_required_equipment); this panel only shows and collects the numbers.

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as notify from '../notify.js';

export async function drawRequiredEquipment(el) {
  const list = await api.requiredEquipmentGet();
  const inputs = new Map();
  const error = h('div', { class: 'field-error', id: 'req-eq-error', hidden: true, role: 'alert' });
  const row = (item) => {
    const id = `req-eq-${item.code}`;
    const input = h('input', {
      type: 'text', inputmode: 'numeric', id, class: 'input-number', 'data-testid': `required-${item.code}`,
      value: String(item.percent), 'aria-describedby': `${id}-hint req-eq-error`,
    });
    inputs.set(item.code, { input, item });
    return h('div', { class: 'setting-row' },
      h('label', { for: id }, item.label),
      input,
      h('span', { class: 'hint', id: `${id}-hint` }, `% thành viên (mặc định ${item.default_percent})`));
  };
  const form = h('form', { novalidate: true, 'data-testid': 'required-equipment-form', onsubmit: save },
    h('div', { class: 'required-grid' }, list.map(row)),
    error,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'required-equipment-save' }, 'Lưu danh mục trang bị'),
      h('button', {
        type: 'button', 'data-testid': 'required-equipment-defaults',
        onclick: () => { for (const { input, item } of inputs.values()) input.value = String(item.default_percent); },
      }, 'Điền mặc định')));
  replace(el,
    h('h2', { id: 'req-eq-h' }, 'Trang phục, công cụ tổ phải có (C7)'),
    h('p', { class: 'muted' }, 'Tỉ lệ thành viên đang tham gia phải được cấp mỗi loại; 0 là không bắt buộc. Mặc định theo Nghị định 40/2024/NĐ-CP và Thông tư 14/2024/TT-BCA: đồng phục và biển hiệu cho mọi thành viên, gậy cao su cho 80% lực lượng. Đồ của thành viên đã thôi phải được thu hồi.'),
    form);

  async function save(e) {
    e.preventDefault();
    error.hidden = true;
    const items = [];
    for (const [code, { input }] of inputs) {
      input.removeAttribute('aria-invalid');
      const typed = input.value.trim().replace(/%$/, '').trim() || '0';
      // The command takes whole numbers; anything else is caught here, with its row.
      if (!/^\d+$/.test(typed)) {
        input.setAttribute('aria-invalid', 'true');
        error.textContent = `Hãy nhập một số nguyên từ 0 đến 100 cho «${inputs.get(code).item.label}».`;
        error.hidden = false;
        input.focus();
        return;
      }
      items.push([code, Number(typed)]);
    }
    try {
      const fresh = await api.requiredEquipmentSet(items);
      for (const f of fresh) {
        const i = inputs.get(f.code);
        if (i) { i.item.percent = f.percent; i.input.value = String(f.percent); }
      }
      notify.notice('Đã lưu danh mục trang phục, công cụ tổ phải có. Tiêu chí C7 được tính lại theo danh mục mới.');
    } catch (ex) {
      const p = (ex.problems || [])[0];
      error.textContent = p ? p.message : ex.message;
      error.hidden = false;
    }
  }
}
