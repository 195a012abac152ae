// Thông tin cá nhân: what is held about one member, to print (or save as PDF from the
// print dialog) for the person who asks (Law 91/2025/QH15). Route: #/personal-record/<id>.

import * as api from '../api.js';
import { h, link, loading, replace } from '../dom.js';
import { renderDocument } from '../document.js';

export async function render(view, params) {
  replace(view, h('h1', {}, 'Thông tin cá nhân'), loading());
  const doc = await api.personalRecord(params[0] || '');
  replace(view,
    h('div', { class: 'screen-head' },
      h('h1', {}, 'Thông tin cá nhân đang lưu'),
      link(['members'], '← Về Thành viên')),
    h('div', { class: 'doc-toolbar' },
      h('button', { type: 'button', class: 'primary', 'data-testid': 'personal-record-print', onclick: () => window.print() }, 'In…')),
    h('p', { class: 'muted doc-hint' }, 'Phiếu này trả lời người hỏi chương trình đang lưu gì về họ. Chỉ đưa cho chính người đó (xem giấy tờ tuỳ thân), không để lại trên máy dùng chung.'),
    h('div', { class: 'doc-pages', 'data-testid': 'personal-record', 'data-kind': doc.kind }, renderDocument(doc)));
}
