// Record actions shared by every list: delete after saying what else goes with it.

import * as api from './api.js';
import * as cat from './catalogue.js';
import * as dialog from './dialog.js';
import { formatNumber } from './format.js';
import * as notify from './notify.js';
import * as refs from './refs.js';

/** What every delete confirmation says after what goes with it. */
const AFTER_DELETE = [
  'Việc xóa được ghi vào lịch sử và được gửi đi trong gói dữ liệu tiếp theo.',
  'Xóa nhầm thì khôi phục được trong 30 ngày ở "Đã xóa gần đây".',
];

/**
 * Asks, then deletes. The question names the record and, from `delete_preview`, what
 * the delete takes with it ("Xóa tổ này sẽ xóa cả 12 thành viên, 40 hoạt động").
 * Resolves true when deleted.
 */
export async function confirmDelete(kind, id, name) {
  const label = cat.kind(kind).label;
  let preview;
  try {
    preview = await api.deletePreview(kind, id);
  } catch (e) {
    notify.error(e, 'Không xóa được');
    return false;
  }
  const parts = preview.filter(([, n]) => n > 0).map(([what, n]) => `${formatNumber(n)} ${what}`);
  const ok = await dialog.confirm({
    title: `Xóa ${label}?`,
    message: name ? `Xóa “${name}”.` : `Xóa ${label} này.`,
    details: parts.length
      ? [`Xóa ${label} này sẽ xóa cả ${parts.join(', ')}.`, ...AFTER_DELETE]
      : AFTER_DELETE,
    okLabel: 'Xóa',
    cancelLabel: 'Không xóa',
    danger: true,
    testid: 'confirm-delete',
  });
  if (!ok) return false;
  try {
    await api.deleteRecord(kind, id);
    refs.invalidateAll(); // children went too
    notify.notice(`Đã xóa ${label}. Có thể khôi phục trong 30 ngày ở "Đã xóa gần đây".`);
    return true;
  } catch (e) {
    notify.error(e, 'Không xóa được');
    return false;
  }
}
