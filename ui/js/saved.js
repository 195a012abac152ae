// What the window shows after it saved a file where the clerk chose (a report, a
// document): where it went, and "Mở tệp" / "Mở thư mục" to open it in the system's
// program or show it in its folder. The shell opens only files it saved in this session
// (open_saved), so the page cannot ask it to open anything else.

import * as api from './api.js';
import { h } from './dom.js';
import * as notify from './notify.js';

/**
 * The "saved" panel: `file` (the path the shell answered), `what` ("báo cáo", "văn
 * bản"), optional `details` ([label, text] pairs), test ids `<prefix>-file`,
 * `<prefix>-open-file`, `<prefix>-open-folder`.
 */
export function savedPanel(file, { what, prefix, details = [] }) {
  const open = (folder) => api.openSaved(file, folder)
    .catch((e) => notify.error(e, folder ? 'Không mở được thư mục' : 'Không mở được tệp'));
  return h('div', { class: 'report saved-panel no-print', role: 'status', 'data-testid': `${prefix}-saved` },
    h('h3', {}, `✓ Đã lưu ${what}`),
    h('dl', { class: 'kv' },
      h('dt', {}, 'Tệp đã lưu ở'), h('dd', { class: 'path', 'data-testid': `${prefix}-file` }, file),
      details.map(([label, text]) => [h('dt', {}, label), h('dd', {}, text)])),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', 'data-testid': `${prefix}-open-file`, onclick: () => open(false) }, 'Mở tệp'),
      h('button', { type: 'button', 'data-testid': `${prefix}-open-folder`, onclick: () => open(true) }, 'Mở thư mục')));
}
