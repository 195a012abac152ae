// Thông tin cá nhân: what is held about one member, to print (or save as PDF from the
// print dialog) for the person who asks (Law 91/2025/QH15). Route: #/personal-record/<id>.

import * as api from '../api.js';
import { renderSheetScreen } from '../document.js';

export const render = (view, params) => renderSheetScreen(view, {
  title: 'Thông tin cá nhân đang lưu',
  back: { route: 'members', label: '← Về Thành viên' },
  name: 'personal-record',
  hint: 'Phiếu này trả lời người hỏi chương trình đang lưu gì về họ. Chỉ đưa cho chính người đó (xem giấy tờ tuỳ thân), không để lại trên máy dùng chung.',
  load: () => api.personalRecord(params[0] || ''),
});
