// Biên bản xác nhận khóa: both units and both fingerprints, to print and sign by both
// sides once the commune has trusted its receiving unit's card. Route: #/enrolment-sheet.

import * as api from '../api.js';
import { h, link, loading, replace } from '../dom.js';
import { renderDocument } from '../document.js';

export async function render(view) {
  replace(view, h('h1', {}, 'Biên bản xác nhận khóa'), loading());
  const doc = await api.enrolmentSheet();
  replace(view,
    h('div', { class: 'screen-head' },
      h('h1', {}, 'Biên bản xác nhận khóa'),
      link(['sync'], '← Về Đồng bộ')),
    h('div', { class: 'doc-toolbar' },
      h('button', { type: 'button', class: 'primary', 'data-testid': 'enrolment-print', onclick: () => window.print() }, 'In…')),
    h('p', { class: 'muted doc-hint' }, 'In hai bản; cán bộ xã và cán bộ đơn vị tiếp nhận cùng ký; mỗi bên giữ một bản cùng hồ sơ.'),
    h('div', { class: 'doc-pages', 'data-testid': 'enrolment-sheet', 'data-kind': doc.kind }, renderDocument(doc)));
}
