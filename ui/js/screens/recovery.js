// Phiếu khôi phục: the recovery code, the unit and the key's fingerprint as an A4 sheet to
// print and keep in the office safe. Route: #/recovery-sheet. Also drawn on the page
// shown right after setup (screens/setup.js).

import * as api from '../api.js';
import { h, link, loading, replace } from '../dom.js';
import { renderDocument } from '../document.js';

/** The sheet's pages (only they print), drawn from the engine's document model. */
export async function sheetPages() {
  const doc = await api.recoverySheet();
  return h('div', { class: 'doc-pages', 'data-testid': 'recovery-sheet', 'data-kind': doc.kind }, renderDocument(doc));
}

export const SHEET_HINT = 'In phiếu, ký, cất vào tủ an toàn của cơ quan. Không chụp ảnh, không lưu phiếu thành tệp trên máy, không gửi qua mạng. Mã trên phiếu là cách duy nhất để mở bản sao lưu trên USB và để lấy lại khóa khi thay máy.';

export async function render(view) {
  replace(view, h('h1', {}, 'Phiếu khôi phục'), loading());
  const pages = await sheetPages();
  replace(view,
    h('div', { class: 'screen-head' },
      h('h1', {}, 'Phiếu khôi phục'),
      link(['settings'], '← Về Cài đặt')),
    h('div', { class: 'doc-toolbar' },
      h('button', { type: 'button', class: 'primary', 'data-testid': 'recovery-print', onclick: () => window.print() }, 'In…')),
    h('p', { class: 'muted doc-hint' }, SHEET_HINT),
    pages);
}
