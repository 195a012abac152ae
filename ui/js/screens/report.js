// Báo cáo: the summary report as an Excel workbook (sheets per commune and per team, and
// the members only when asked for, under a personal-data warning), saved where the
// officer says.

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as notify from '../notify.js';
import * as session from '../session.js';

export async function render(view) {
  const members = h('input', { type: 'checkbox', id: 'report-members', 'data-testid': 'report-members' });
  const warning = h('p', { class: 'reminder', hidden: true, 'data-testid': 'report-members-warning' },
    h('strong', {}, 'Dữ liệu cá nhân: '),
    'bảng thành viên có họ tên, năm sinh, nơi ở của từng người (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15). Chỉ dùng cho công tác quản lý tổ; không gửi qua mạng xã hội hay thư điện tử cá nhân; xóa tệp khi không còn cần.');
  members.addEventListener('change', () => { warning.hidden = !members.checked; });
  const result = h('div', { 'data-testid': 'report-result' });
  const save = h('button', {
    type: 'button', class: 'primary big', 'data-testid': 'report-save',
    onclick: async () => {
      save.disabled = true;
      try {
        const r = await api.saveReport(members.checked);
        const open = (folder) => api.openSaved(r.file, folder)
          .catch((e) => notify.error(e, folder ? 'Không mở được thư mục' : 'Không mở được tệp'));
        replace(result, h('div', { class: 'report' },
          h('h3', {}, '✓ Đã lưu báo cáo'),
          h('dl', { class: 'kv' },
            h('dt', {}, 'Tệp đã lưu ở'), h('dd', { class: 'path', 'data-testid': 'report-file' }, r.file),
            h('dt', {}, 'Gồm'), h('dd', {}, r.sheets.join(', '))),
          h('div', { class: 'toolbar' },
            h('button', { type: 'button', class: 'primary', 'data-testid': 'report-open-file', onclick: () => open(false) }, 'Mở tệp'),
            h('button', { type: 'button', 'data-testid': 'report-open-folder', onclick: () => open(true) }, 'Mở thư mục'))));
      } catch (e) {
        if (!api.isCancelled(e)) notify.error(e, 'Chưa lưu được báo cáo');
      } finally {
        save.disabled = false;
      }
    },
  }, 'Lưu báo cáo Excel…');
  const inst = session.installation();
  replace(view,
    h('div', { class: 'screen-head' }, h('h1', {}, 'Báo cáo tổng hợp')),
    h('section', { class: 'panel' },
      // A commune's report speaks of its own teams, never of "one row per commune".
      h('p', { 'data-testid': 'report-what' }, inst && inst.role === 'commune'
        ? `Báo cáo tình hình các Tổ của ${inst.unit_name}, tính đến hôm nay: số thôn, tổ dân phố, số tổ, tỷ lệ tổ đạt từng tiêu chí C1–C8, thành viên, tập huấn, và mỗi tổ một dòng.`
        : 'Báo cáo tình hình các Tổ của các xã, phường trong địa bàn, tính đến hôm nay: mỗi xã, phường một dòng (thôn, tổ, tỷ lệ tổ đạt từng tiêu chí C1–C8, thành viên, tập huấn, gói dữ liệu gần nhất), biểu đồ và mỗi tổ một dòng.'),
      h('p', { class: 'muted' }, 'Tệp Excel (.xlsx) mở được bằng Microsoft Excel, LibreOffice, WPS. Số và ngày là số thật, lọc và cộng được.'),
      h('label', { class: 'check' }, members, h('span', {}, 'Kèm bảng danh sách thành viên')),
      warning,
      h('div', { class: 'toolbar' }, save),
      result));
}
