// "Xuất Excel": a list saved as a workbook for the clerk's own use and printing (the
// members, the equipment issued, the fund book), of one team or of the whole commune.
// The engine writes it (save_list); personal data only when the box is ticked, and the
// box's label says what that means, as the report's member sheet does.

import * as api from './api.js';
import { h, replace } from './dom.js';
import * as notify from './notify.js';
import { savedPanel } from './saved.js';
import * as session from './session.js';

const WHAT = {
  members: { label: 'danh sách thành viên', personal: 'ngày sinh, dân tộc, tôn giáo, số định danh, nơi cư trú, đảng viên, số điện thoại' },
  equipment: { label: 'danh sách trang phục, công cụ đã cấp', personal: null },
  funds: { label: 'sổ quỹ', personal: 'người nộp, người nhận tiền' },
};

/**
 * The button (and, for a list that can hold personal data, its checkbox) with the place
 * where the saved file is shown. `teamId` null: the whole commune. Nothing at a
 * receiving unit: the lists are a commune's own records.
 */
export function listExport(kind, teamId) {
  if (!session.isCommune()) return null;
  const what = WHAT[kind];
  const result = h('div', { 'data-testid': `list-${kind}-result` });
  const personal = what.personal && h('input', { type: 'checkbox', 'data-testid': `list-${kind}-personal` });
  const button = h('button', {
    type: 'button', 'data-testid': `list-${kind}-save`,
    onclick: async () => {
      button.disabled = true;
      try {
        const r = await api.saveList(kind, teamId, Boolean(personal && personal.checked));
        replace(result, savedPanel(r.file, {
          what: what.label,
          prefix: `list-${kind}`,
          details: [['Số dòng', String(r.rows)], ['Gồm', r.sheets.join(', ')]],
        }));
      } catch (e) {
        if (!api.isCancelled(e)) notify.error(e, `Chưa lưu được ${what.label}`);
      } finally {
        button.disabled = false;
      }
    },
  }, 'Xuất Excel…');
  return h('div', { class: 'list-export no-print' },
    h('div', { class: 'toolbar' }, button,
      personal && h('label', { class: 'check' }, personal,
        h('span', {}, `Kèm dữ liệu cá nhân (${what.personal}). Cảnh báo: Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; chỉ dùng cho công tác quản lý tổ, không gửi qua mạng xã hội hay thư điện tử cá nhân, xóa tệp khi không còn cần.`))),
    result);
}
