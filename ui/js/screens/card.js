// The receiving unit's card (issue 12): the receiving unit saves its card to hand to its
// communes; a commune picks the card file, compares its fingerprint with the one the
// officer reads out over the phone, and trusts it. From then on its bundles are sealed
// so that only that receiving unit can read them.

import * as api from '../api.js';
import * as dialog from '../dialog.js';
import { h, link, loading, replace } from '../dom.js';
import { fingerprintBlock } from '../fingerprint.js';
import { formatDateTime } from '../format.js';
import * as notify from '../notify.js';
import * as session from '../session.js';

/** Draws the card panel into `el`; `onChanged` runs after a card is trusted. */
export async function drawCard(el, onChanged = () => {}) {
  if (session.isCommune()) await drawTrusted(el, onChanged);
  else drawOwn(el);
}

// ---- the receiving unit: its own card -----------------------------------------------

function drawOwn(el) {
  const inst = session.installation();
  const area = h('div', { 'data-testid': 'card-saved' });
  replace(el,
    h('h2', { id: 'card-h' }, 'Thẻ của đơn vị tiếp nhận'),
    h('p', {}, 'Các xã cần thẻ này để mã hoá gói dữ liệu gửi lên: chỉ máy này mở được gói đã mã hoá. Lưu thẻ ra USB, chép cho từng xã, rồi khi xã gọi điện, đọc cho cán bộ xã mã xác nhận dưới đây.'),
    h('p', {}, 'Mã xác nhận của thẻ:'),
    fingerprintBlock(inst && inst.fingerprint, 'card-fingerprint'),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', 'data-testid': 'card-save', onclick: save }, 'Lưu thẻ ra USB…'),
      link(['card-sheet'], 'In thẻ (mã xác nhận trên giấy)', { 'data-testid': 'card-sheet-link' })),
    area);

  async function save() {
    try {
      const saved = await api.saveReceiverCard();
      replace(area, h('p', { class: 'reminder' }, '✓ Đã lưu thẻ vào ', h('span', { class: 'path' }, saved.file),
        '. Chép tệp này cho các xã; mã xác nhận trên thẻ là mã xác nhận ở trên.'));
    } catch (e) {
      if (!api.isCancelled(e)) notify.error(e, 'Chưa lưu được thẻ');
    }
  }
}

// ---- a commune: the card it trusts ------------------------------------------------------

async function drawTrusted(el, onChanged) {
  replace(el, h('h2', { id: 'card-h' }, 'Thẻ của đơn vị tiếp nhận'), loading());
  let cards = [];
  try {
    cards = await api.receiverCards();
  } catch (e) {
    replace(el, h('h2', { id: 'card-h' }, 'Thẻ của đơn vị tiếp nhận'), h('p', {}, e.message));
    return;
  }
  const current = cards.find((c) => !c.revoked_at);
  const old = cards.filter((c) => c.revoked_at);
  replace(el,
    h('h2', { id: 'card-h' }, 'Thẻ của đơn vị tiếp nhận'),
    current
      ? h('div', { 'data-testid': 'card-trusted' },
        h('p', {}, 'Gói dữ liệu của xã được mã hoá cho ', h('strong', {}, `${current.unit_name} (mã ${current.unit_code})`),
          ': chỉ máy của đơn vị đó mở được. USB có bị mất, người nhặt được cũng không đọc được hồ sơ.'),
        h('dl', { class: 'kv' },
          h('dt', {}, 'Mã xác nhận của thẻ'), h('dd', { class: 'path', 'data-testid': 'card-trusted-fingerprint' }, current.fingerprint),
          h('dt', {}, 'Tin cậy lúc'), h('dd', {}, `${formatDateTime(current.trusted_at)}${current.trusted_by ? ` (${current.trusted_by})` : ''}`)))
      : h('p', { class: 'reminder', 'data-testid': 'card-missing' },
        h('strong', {}, 'Chưa có thẻ của đơn vị tiếp nhận. '),
        'Gói dữ liệu chứa họ tên, ngày sinh, số định danh của thành viên; theo Luật Bảo vệ dữ liệu cá nhân (91/2025/QH15), gói phải được mã hoá trước khi chép ra USB. Hãy xin đơn vị tiếp nhận tệp thẻ, rồi bấm “Chọn tệp thẻ…”.'),
    old.length ? h('p', { class: 'muted', 'data-testid': 'card-revoked' },
      `Thẻ cũ đã thu hồi: ${old.map((c) => `${c.fingerprint} (${formatDateTime(c.revoked_at)})`).join('; ')}.`) : null,
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: current ? '' : 'primary', 'data-testid': 'card-pick', onclick: pick },
        current ? 'Nhận thẻ mới…' : 'Chọn tệp thẻ…'),
      current ? link(['enrolment-sheet'], 'In biên bản xác nhận khóa', { 'data-testid': 'enrolment-sheet-link' }) : null));

  async function pick() {
    let picked;
    try {
      picked = await api.pickCard();
    } catch (e) {
      if (!api.isCancelled(e)) notify.error(e, 'Tệp này không dùng được làm thẻ');
      return;
    }
    const ok = await trustDialog(picked.card, current);
    if (!ok) {
      notify.notice('Chưa tin cậy thẻ này.', { kind: 'warning' });
      return;
    }
    try {
      const outcome = await api.trustCard(picked.file.token, picked.card.fingerprint);
      if (outcome.replaced) {
        notify.notice(`Đã tin cậy thẻ mới của ${outcome.card.unit_name}; thẻ cũ đã bị thu hồi. Hãy xuất “gói đầy đủ” để gửi lại toàn bộ hồ sơ.`);
      } else if (outcome.already_trusted) {
        notify.notice('Thẻ này đã được tin cậy từ trước.');
      } else {
        notify.notice(`Đã tin cậy thẻ của ${outcome.card.unit_name}. Từ nay gói dữ liệu được mã hoá cho đơn vị này.`);
      }
      await drawTrusted(el, onChanged);
      await onChanged();
    } catch (e) {
      notify.error(e, 'Chưa tin cậy được thẻ');
    }
  }
}

/** The card's fingerprint, large, to compare with the one read out over the phone. */
function trustDialog(card, current) {
  const replacing = current && current.fingerprint !== card.fingerprint;
  return dialog.open({
    title: replacing ? 'Thẻ mới của đơn vị tiếp nhận' : 'Tin cậy thẻ của đơn vị tiếp nhận',
    testid: 'trust-dialog',
    wide: true,
    build: (close) => h('div', { class: 'dialog-body' },
      h('p', {}, 'Thẻ của: ', h('strong', { 'data-testid': 'trust-unit' }, `${card.unit_name} (mã ${card.unit_code})`)),
      h('p', {}, 'Mã xác nhận của thẻ:'),
      fingerprintBlock(card.fingerprint, 'trust-fingerprint'),
      h('ol', {},
        h('li', {}, `Gọi điện cho cán bộ phụ trách của ${card.unit_name} (số điện thoại đã biết, không dùng số ghi trong tệp hay tin nhắn).`),
        h('li', {}, 'Nhờ họ đọc mã xác nhận của thẻ trên màn hình “Nhận dữ liệu” của họ.'),
        h('li', {}, 'So từng nhóm 4 ký tự. Chỉ bấm “khớp” khi tất cả các nhóm đều giống nhau.')),
      replacing ? h('p', { class: 'form-error' }, h('b', {}, 'Lưu ý: '),
        `thẻ đang dùng (mã xác nhận ${current.fingerprint}) sẽ bị thu hồi, và gói do máy cũ của đơn vị tiếp nhận gửi về sẽ không được nhận nữa. Chỉ đồng ý khi đơn vị tiếp nhận xác nhận đã thay máy.`) : null,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'primary', 'data-testid': 'trust-accept', onclick: () => close(true) }, 'Mã xác nhận khớp — tin cậy thẻ'),
        h('button', { type: 'button', class: 'danger-outline', 'data-testid': 'trust-reject', autofocus: true, onclick: () => close(false) }, 'Không khớp'))),
  }).then((v) => v === true);
}
