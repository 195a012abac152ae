// Đã xóa gần đây: what was deleted in the last 30 days, newest first, each with
// "Khôi phục". A deletion empties the record's personal fields at once (Law 91/2025/QH15);
// the engine keeps a local copy 30 days so a mistake can be undone. The restore asks
// first, naming what comes back, and is sent in the next bundle like any change.

import * as api from '../api.js';
import * as dialog from '../dialog.js';
import { h, loading, replace } from '../dom.js';
import { capitalise, formatDateTime, formatNumber, isoToVn, relativeDate } from '../format.js';
import * as notify from '../notify.js';
import * as refs from '../refs.js';

const TITLE = 'Đã xóa gần đây';

export async function render(view) {
  const body = h('div', { 'data-testid': 'deleted-area' }, loading());
  replace(view,
    h('div', { class: 'screen-head' }, h('h1', {}, TITLE)),
    h('p', { class: 'muted' }, 'Mục đã xóa được giữ 30 ngày để khôi phục khi xóa nhầm; sau đó chỉ còn dấu đã xóa. Khôi phục xong, hồ sơ được gửi đi trong gói dữ liệu tiếp theo.'),
    body);
  await draw();

  async function draw() {
    const batches = await api.recentlyDeleted();
    replace(body, batches.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'records', 'data-testid': 'deleted-table' },
        h('thead', {}, h('tr', {}, ['Loại', 'Tên', 'Xóa kèm theo', 'Người xóa', 'Lúc xóa', 'Khôi phục đến ngày', '']
          .map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, batches.map(row))))
      : h('p', { class: 'empty', 'data-testid': 'deleted-empty' },
        'Chưa xóa gì trong 30 ngày qua. Mục đã xóa được giữ 30 ngày để khôi phục khi xóa nhầm.'));
  }

  function row(b) {
    return h('tr', { 'data-testid': 'deleted-row', 'data-id': b.id, 'data-kind': b.kind },
      h('td', { class: 'col-choice' }, capitalise(b.kind_label)),
      h('td', { class: 'col-name', 'data-testid': 'deleted-label' }, b.label),
      h('td', {}, withText(b) || '—'),
      h('td', { class: 'col-choice' }, b.actor),
      h('td', { class: 'nowrap' }, formatDateTime(b.deleted_at), h('br'),
        h('span', { class: 'muted' }, relativeDate(b.deleted_at))),
      h('td', { class: 'nowrap' }, isoToVn(b.restorable_until)),
      h('td', { class: 'col-actions' }, h('button', {
        type: 'button', class: 'small', 'data-testid': 'deleted-restore', 'data-id': b.id,
        'aria-label': `Khôi phục ${b.kind_label} ${b.label}`,
        onclick: () => restore(b),
      }, 'Khôi phục')));
  }

  async function restore(b) {
    const what = b.label ? `${b.kind_label} “${b.label}”` : b.kind_label;
    const details = [];
    const parts = withText(b);
    if (parts) details.push(`Cùng với ${parts} đã xóa theo.`);
    if (b.links) details.push(`Gắn lại ${formatNumber(b.links)} liên kết ở hồ sơ khác (nếu ô đó vẫn trống).`);
    details.push('Mọi thông tin đã nhập trở lại như trước khi xóa. Việc khôi phục được ghi vào lịch sử và được gửi đi trong gói dữ liệu tiếp theo.');
    const ok = await dialog.confirm({
      title: `Khôi phục ${what}?`,
      message: `Đã xóa lúc ${formatDateTime(b.deleted_at)}, người xóa: ${b.actor}.`,
      details,
      okLabel: 'Khôi phục',
      cancelLabel: 'Không',
      testid: 'confirm-restore',
    });
    if (!ok) return;
    try {
      const r = await api.restoreDeleted(b.id);
      refs.invalidateAll(); // the records are back in every list
      notify.notice(`Đã khôi phục ${what} (${formatNumber(r.records)} hồ sơ).`);
    } catch (e) {
      notify.error(e, 'Chưa khôi phục được');
    }
    await draw();
  }
}

/** "12 thành viên, 40 hoạt động": what went with the root. */
function withText(b) {
  return (b.with || []).map(([label, n]) => `${formatNumber(n)} ${label}`).join(', ');
}
