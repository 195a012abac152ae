// A batch of bundles as an officer with 170 communes follows it (issue 15, item 4): one
// line that stays in view ("170 gói: 160 nhập được · 7 cần đối chiếu · 1 không nhập
// được") with the one Import button, a filter to the bundles that need a look, one name
// per outcome, and each refusal first as a plain sentence with what to do, the engine's
// exact words folded under "Chi tiết kỹ thuật".

import { h } from './dom.js';
import { formatNumber } from './format.js';

const ENROL_CODES = ['unknown_sender', 'key_changed'];

export const isEnrolCase = (r) => r.status === 'rejected' && ENROL_CODES.includes(r.reason_code) && r.sender;
export const canApply = (r) => r.status === 'applied' || isEnrolCase(r);

/** Each outcome's one name, in a check and after the import alike. */
export function outcome(r, dry) {
  if (r.status === 'applied') return { key: 'applied', cls: 'status-met', text: dry ? '✓ Nhập được' : '✓ Đã nhập' };
  if (r.status === 'duplicate') return { key: 'duplicate', cls: 'status-info', text: '= Đã nhập trước đây' };
  if (isEnrolCase(r)) return { key: 'enrol', cls: 'status-partial', text: '? Cần đối chiếu mã xác nhận' };
  return { key: 'refused', cls: 'status-not_met', text: '✗ Không nhập được' };
}

const DAMAGED = 'Gói bị hỏng hoặc đã bị thay đổi sau khi xã gửi (thường do rút USB khi đang chép). Hãy xin xã chép lại gói từ chương trình.';

/** A refusal in a sentence a clerk can act on; the engine's words stay in the details. */
const PLAIN = {
  file_too_large: 'Tệp quá lớn, không phải gói dữ liệu của xã. Hãy kiểm tra lại tệp đã chọn.',
  missing_entry: DAMAGED,
  bad_manifest: DAMAGED,
  hash_mismatch: DAMAGED,
  unlisted_entry: DAMAGED,
  bad_record: DAMAGED,
  bad_attachment: DAMAGED,
  bad_envelope: DAMAGED,
  bad_signature: 'Chữ ký của gói không đúng: gói đã bị sửa hoặc không do máy của xã tạo. Đừng nhập; hãy xin xã gửi lại.',
  newer_format: 'Gói do phiên bản mới hơn của chương trình tạo. Hãy cài phiên bản mới nhất rồi nhập lại.',
  sender_not_allowed: 'Đơn vị gửi gói không thuộc địa bàn của đơn vị này. Hãy kiểm tra lại tệp đã chọn.',
  sender_mismatch: 'Gói ghi là của một đơn vị khác với đơn vị đã đăng ký cho máy gửi. Đừng nhập; hãy báo cán bộ kỹ thuật.',
  not_owner: 'Gói có hồ sơ của đơn vị khác với đơn vị gửi. Đừng nhập; hãy báo cán bộ kỹ thuật.',
  own_bundle: 'Đây là gói do chính máy này tạo; không cần nhập.',
  not_for_this_unit: 'Gói này gửi cho đơn vị khác, không phải đơn vị này.',
  sealed_for_other: 'Gói này được mã hoá cho đơn vị khác, không phải đơn vị này.',
  unit_set_mismatch: 'Gói dùng danh mục đơn vị hành chính khác với máy này; hai bên phải dùng cùng một danh mục.',
  revoked: 'Máy gửi đã bị thu hồi đăng ký; gói của máy này không được nhập. Nếu xã đã thay máy, hãy đối chiếu mã xác nhận và đăng ký lại.',
  bad_receipt: 'Biên nhận trong gói không dùng được. Hãy xin đơn vị tiếp nhận ghi lại biên nhận từ chương trình.',
};

/** The refusal's plain sentence, then the engine's own words folded away. */
export function refusal(r) {
  const plain = PLAIN[r.reason_code];
  if (!plain) return r.reason ? h('p', { 'data-testid': 'import-reason' }, r.reason) : null;
  return h('div', {},
    h('p', { 'data-testid': 'import-reason' }, plain),
    r.reason ? h('details', { class: 'tech-details' },
      h('summary', {}, 'Chi tiết kỹ thuật'),
      h('p', { class: 'muted', 'data-testid': 'import-reason-detail' }, r.reason)) : null);
}

/**
 * The line that stays in view above the cards: the count of each outcome, the filter,
 * and (in a check) the one Import button. `onFilter(onlyProblems)` redraws the cards.
 */
export function summaryBar(reports, { dry, actions = [], onFilter }) {
  const counts = { applied: 0, enrol: 0, duplicate: 0, refused: 0 };
  for (const r of reports) counts[outcome(r, dry).key] += 1;
  const parts = [
    counts.applied && `${formatNumber(counts.applied)} ${dry ? 'nhập được' : 'đã nhập'}`,
    counts.enrol && `${formatNumber(counts.enrol)} cần đối chiếu mã xác nhận`,
    counts.duplicate && `${formatNumber(counts.duplicate)} đã nhập trước đây`,
    counts.refused && `${formatNumber(counts.refused)} không nhập được`,
  ].filter(Boolean);
  const problems = counts.enrol + counts.refused;
  const only = h('input', { type: 'checkbox', 'data-testid': 'import-only-problems', disabled: problems === 0 });
  only.addEventListener('change', () => onFilter(only.checked));
  return h('div', { class: 'import-summary', role: 'status', 'data-testid': 'import-summary' },
    h('strong', { 'data-testid': 'import-summary-text' }, `${formatNumber(reports.length)} gói: ${parts.join(' · ')}`),
    h('label', { class: 'check' }, only, h('span', {}, `Chỉ gói cần xem (${formatNumber(problems)})`)),
    actions.length ? h('div', { class: 'toolbar' }, actions) : null);
}
