// First run: which unit this machine works for, or the demo commune to try the program.
// After setup the key fingerprint is shown large, to be written down: the receiving
// unit will read it back by phone before accepting the first bundle.

import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { fingerprintBlock } from '../fingerprint.js';
import { todayIso } from '../format.js';
import * as notify from '../notify.js';
import * as session from '../session.js';
import * as progress from '../progress.js';
import * as units from '../units.js';
import { sheetPages, SHEET_HINT } from './recovery.js';

export async function render(view, _params, ctx) {
  const state = {
    role: null,
    // The 2025 list is the one in force from 1/7/2025.
    unitSet: todayIso() >= '2025-07-01' ? '2025' : '2008',
    unit: null,
  };
  let searchSeq = 0;
  let timer = null;

  const searchLabel = h('label', { for: 'unit-search', class: 'field-label' });
  const searchBox = h('input', {
    id: 'unit-search', type: 'search', autocomplete: 'off', 'data-testid': 'unit-search',
    placeholder: 'Gõ tên, ví dụ: dong tien', disabled: true,
  });
  const results = h('ul', { class: 'unit-results', 'data-testid': 'unit-results', 'aria-label': 'Kết quả tìm đơn vị' });
  const picked = h('p', { class: 'picked', 'data-testid': 'unit-picked', 'aria-live': 'polite' });
  const actorBox = h('input', {
    type: 'text', id: 'setup-actor', 'data-testid': 'setup-actor', maxlength: 80, autocomplete: 'name',
    value: session.actor(),
  });
  const submit = h('button', { type: 'button', class: 'primary big', 'data-testid': 'setup-submit', disabled: true, onclick: doSetup }, 'Thiết lập máy này');
  const demoArea = h('div');

  searchBox.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 150);
  });

  const radio = (name, value, title, desc, testid) => h('label', { class: 'choice' },
    h('input', {
      type: 'radio', name, value, 'data-testid': testid,
      checked: (name === 'unit-set' && value === state.unitSet),
      onchange: () => {
        if (name === 'role') state.role = value; else state.unitSet = value;
        state.unit = null;
        refresh();
        runSearch();
      },
    }),
    h('div', {}, h('strong', {}, title), h('span', {}, desc)));

  replace(view, h('div', { class: 'setup' },
    h('h1', {}, 'Thiết lập lần đầu'),
    h('p', {}, 'Máy này chưa có dữ liệu. Hãy cho biết máy dùng cho đơn vị nào. Việc này chỉ làm một lần.'),
    h('div', { class: 'setup-layout' },
      h('div', { class: 'panel' },
        h('h2', {}, '1. Máy này dùng cho'),
        h('div', { class: 'choice-grid', role: 'radiogroup', 'aria-label': 'Máy này dùng cho' },
          radio('role', 'commune', 'Xã (gửi dữ liệu)', 'Cán bộ xã, Công an xã nhập hồ sơ các tổ và gửi gói dữ liệu lên đơn vị tiếp nhận.', 'setup-role-commune'),
          radio('role', 'district', 'Đơn vị tiếp nhận (Công an tỉnh, thành phố; trước 1/3/2025: Công an huyện)', 'Nhận gói dữ liệu của các xã, xem tình hình các tổ và in báo cáo.', 'setup-role-district')),
        h('h2', {}, '2. Danh mục đơn vị hành chính'),
        h('div', { class: 'choice-grid', role: 'radiogroup', 'aria-label': 'Danh mục đơn vị hành chính' },
          radio('unit-set', '2025', 'Từ 1/7/2025', 'Xã, phường, đặc khu trực thuộc tỉnh (không còn cấp huyện).', 'setup-unitset-2025'),
          radio('unit-set', '2008', 'Trước 1/7/2025 (2008–2025)', 'Xã – huyện – tỉnh, như trước khi sắp xếp lại.', 'setup-unitset-2008')),
        h('h2', {}, '3. Chọn đơn vị'),
        h('div', { class: 'field' }, searchLabel, searchBox,
          h('div', { class: 'hint' }, 'Gõ không dấu cũng được: "dong tien" tìm ra "Đông Tiến".')),
        results,
        picked,
        h('h2', {}, '4. Người dùng máy'),
        h('div', { class: 'field' },
          h('label', { for: 'setup-actor' }, 'Họ và tên của bạn (không bắt buộc)'),
          actorBox,
          h('div', { class: 'hint' }, 'Ghi vào nhật ký thay đổi, để biết ai đã nhập hay sửa hồ sơ. Đổi được ở mục Cài đặt.')),
        h('div', { class: 'dialog-actions' }, submit)),
      h('aside', { class: 'panel demo-box' },
        h('h2', {}, 'Chỉ muốn xem thử?'),
        h('p', {}, 'Mở một phường mẫu (Phường Phúc Xá) với hồ sơ giả để tập dùng chương trình.'),
        h('p', { class: 'muted' }, 'Máy sẽ được thiết lập cho phường mẫu này; không dùng để nhập hồ sơ thật.'),
        h('button', { type: 'button', class: 'big', 'data-testid': 'open-demo', onclick: doDemo }, 'Mở xã mẫu để dùng thử'),
        demoArea))));
  refresh();

  function refresh() {
    const level = state.role ? units.levelFor(state.role, state.unitSet) : null;
    searchLabel.textContent = !level ? 'Hãy chọn ở bước 1 trước'
      : level === 'commune' ? 'Tìm xã, phường, đặc khu của máy này'
        : level === 'district' ? 'Tìm huyện, quận, thị xã, thành phố (Công an cấp huyện)'
          : 'Tìm tỉnh, thành phố (Công an cấp tỉnh)';
    searchBox.disabled = !level;
    picked.textContent = state.unit ? `Đã chọn: ${state.unit.name}${state.unit.parents ? ' — ' + state.unit.parents : ''} (mã ${state.unit.code})` : '';
    submit.disabled = !state.unit;
  }

  async function runSearch() {
    const q = searchBox.value.trim();
    const seq = ++searchSeq;
    if (!state.role || !q) {
      results.replaceChildren();
      return;
    }
    try {
      const list = await units.search(q, state.unitSet, units.levelFor(state.role, state.unitSet));
      if (seq !== searchSeq) return;
      if (!list.length) {
        replace(results, h('li', { class: 'empty', 'data-testid': 'unit-no-result' }, `Không tìm thấy đơn vị nào có tên "${q}".`));
        return;
      }
      replace(results, list.map((u) => {
        const parent = h('span', { class: 'parent' });
        const item = { ...u, parents: '' };
        units.parentsText(u).then((t) => {
          item.parents = t;
          parent.textContent = t ? ` — ${t}` : '';
        });
        return h('li', {}, h('button', {
          type: 'button', 'data-testid': 'unit-result', 'data-code': u.code,
          'aria-pressed': state.unit && state.unit.code === u.code ? 'true' : 'false',
          onclick: (e) => {
            state.unit = item;
            for (const b of results.querySelectorAll('button')) b.setAttribute('aria-pressed', 'false');
            e.currentTarget.setAttribute('aria-pressed', 'true');
            refresh();
            submit.focus();
          },
        }, h('span', {}, u.name), parent, h('span', { class: 'parent' }, ` (mã ${u.code})`)));
      }));
    } catch (e) {
      notify.error(e, 'Không tìm được đơn vị');
    }
  }

  async function doSetup() {
    submit.disabled = true;
    try {
      const inst = await api.setup(state.role, state.unitSet, state.unit.code);
      if (actorBox.value.trim()) {
        try { await session.setActor(actorBox.value); } catch { /* kept for later: Cài đặt */ }
      }
      showFingerprint(view, inst, ctx);
    } catch (e) {
      notify.error(e, 'Chưa thiết lập được');
      submit.disabled = false;
    }
  }

  async function doDemo(e) {
    const button = e.currentTarget;
    button.disabled = true;
    const bar = await progress.track('demo', { startLabel: 'Đang tạo dữ liệu mẫu…' });
    replace(demoArea, bar.el);
    try {
      await api.openDemo();
      notify.notice('Đã mở phường mẫu với dữ liệu giả để dùng thử.');
      await ctx.reload('dashboard');
    } catch (err) {
      notify.error(err, 'Chưa mở được xã mẫu');
      button.disabled = false;
      demoArea.replaceChildren();
    } finally {
      bar.stop();
    }
  }
}

/** The page after setup: the fingerprint, large, to be written down; the recovery sheet to print. */
function showFingerprint(view, inst, ctx) {
  const sheetArea = h('div');
  const printSheet = h('button', {
    type: 'button', class: 'primary big', 'data-testid': 'setup-print-sheet',
    onclick: async () => {
      printSheet.disabled = true;
      try {
        if (!sheetArea.firstChild) replace(sheetArea, await sheetPages());
        window.print();
      } catch (e) {
        notify.error(e, 'Chưa lập được phiếu khôi phục');
      } finally {
        printSheet.disabled = false;
      }
    },
  }, 'In phiếu khôi phục…');
  replace(view, h('div', { class: 'setup no-print' },
    h('h1', {}, 'Đã thiết lập xong'),
    h('p', {}, `Máy này dùng cho ${inst.unit_name} (mã ${inst.unit_code}).`),
    h('div', { class: 'panel' },
      h('h2', {}, 'Mã xác nhận của máy này'),
      fingerprintBlock(inst.fingerprint, 'setup-fingerprint'),
      h('p', {}, h('strong', {}, 'Hãy ghi lại mã xác nhận này'), ' vào sổ và giữ cẩn thận.'),
      h('p', {}, inst.role === 'commune'
        ? 'Khi nhận gói dữ liệu đầu tiên của xã, đơn vị tiếp nhận sẽ gọi điện đọc mã xác nhận để đối chiếu với số trên màn hình này.'
        : 'Các xã có thể gọi điện để đối chiếu mã xác nhận này khi nhận gói dữ liệu từ đơn vị tiếp nhận.'),
      h('p', { class: 'muted' }, 'Có thể xem lại mã xác nhận ở mục Cài đặt.')),
    h('div', { class: 'panel' },
      h('h2', {}, 'Phiếu khôi phục — in ngay'),
      h('p', {}, 'Chương trình vừa tạo khóa của đơn vị và một mã khôi phục. Không ai phải đặt mật khẩu: mã được in ra phiếu.'),
      h('p', {}, SHEET_HINT),
      h('div', { class: 'dialog-actions' }, printSheet)),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'big', 'data-testid': 'setup-done', onclick: () => ctx.reload('dashboard') }, 'Đã ghi mã xác nhận và in phiếu — bắt đầu dùng'))),
  sheetArea);
}
