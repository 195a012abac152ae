// Receipts (issue 12): what the receiving unit says it holds. A commune sees the newest
// receipt's sentence ("Đơn vị tiếp nhận đã nhận dữ liệu đến …, ngày …") and the changes
// it exported that did not arrive; the export panel's "Xuất phần chưa được xác nhận"
// sends them again. A receiving unit's bundles for its communes carry a receipt each;
// it can also save one alone for a commune.

import * as api from '../api.js';
import { h, loading, replace } from '../dom.js';
import * as notify from '../notify.js';
import * as session from '../session.js';

/** Draws the receipt panel into `el` (both roles). */
export async function drawReceipt(el) {
  if (session.isCommune()) await drawStatus(el);
  else await drawSave(el);
}

const title = () => h('h2', { id: 'receipt-h' }, 'Biên nhận của đơn vị tiếp nhận');

// ---- a commune: what the newest receipt says ------------------------------------------

async function drawStatus(el) {
  replace(el, title(), loading());
  let status;
  try {
    status = await api.receiptStatus();
  } catch (e) {
    replace(el, title(), h('p', {}, e.message));
    return;
  }
  if (!status) {
    replace(el, title(), h('p', { 'data-testid': 'receipt-none' },
      'Chưa có biên nhận nào. Khi đơn vị tiếp nhận nhập gói của xã, gói họ gửi về (hoặc tệp biên nhận) cho biết họ đã nhận được đến đâu; nhập nó như một gói dữ liệu.'));
    return;
  }
  replace(el, title(),
    h('p', { class: status.complete ? 'status-met' : 'reminder', 'data-testid': 'receipt-status', 'data-complete': String(status.complete) },
      status.message),
    status.gaps.length
      ? [h('h3', {}, 'Đã xuất nhưng đơn vị tiếp nhận chưa có'),
        h('ul', { 'data-testid': 'receipt-gaps' }, status.gaps.map((g) => h('li', {}, g.message)))]
      : null,
    status.complete ? null : h('p', { class: 'muted' },
      'Bấm “Xuất phần chưa được xác nhận” ở mục gửi dữ liệu để gửi lại mọi thay đổi đơn vị tiếp nhận chưa xác nhận, kể cả các gói đã xuất mà bị mất.'));
}

// ---- a receiving unit: a receipt alone for one commune ---------------------------------

async function drawSave(el) {
  replace(el, title(), loading());
  let senders = [];
  try {
    senders = (await api.pending()).senders.filter((s) => !s.revoked_at && s.role === 'commune');
  } catch (e) {
    replace(el, title(), h('p', {}, e.message));
    return;
  }
  const communes = [...new Map(senders.map((s) => [s.unit_code, s.unit_name])).entries()];
  const area = h('div', { 'data-testid': 'receipt-saved' });
  const select = h('select', { 'data-testid': 'receipt-commune', 'aria-label': 'Xã' },
    communes.map(([code, name]) => h('option', { value: code }, `${name} (${code})`)));
  replace(el, title(),
    h('p', {}, 'Gói đơn vị gửi về mỗi xã đã kèm biên nhận (đơn vị đã nhận dữ liệu của xã đến đâu). Khi không có gì khác để gửi, có thể lưu riêng biên nhận cho một xã; xã nhập tệp này như một gói dữ liệu.'),
    communes.length
      ? h('div', { class: 'toolbar' }, select,
        h('button', { type: 'button', 'data-testid': 'receipt-save', onclick: save }, 'Lưu biên nhận…'))
      : h('p', { class: 'muted' }, 'Chưa nhận gói của xã nào.'),
    area);

  async function save() {
    try {
      const saved = await api.saveReceipt(select.value);
      replace(area, h('p', { class: 'reminder' }, `✓ Đã lưu biên nhận cho ${saved.commune_name} vào `,
        h('span', { class: 'path' }, saved.file), saved.sealed_to ? ' (đã mã hoá cho xã).' : ' (không mã hoá; biên nhận không chứa dữ liệu cá nhân).'));
    } catch (e) {
      if (!api.isCancelled(e)) notify.error(e, 'Chưa lưu được biên nhận');
    }
  }
}
