// Cài đặt: where the data lives, backup and restore, the compliance thresholds and rule
// C7's required equipment, the name
// written in the audit log, this installation's key fingerprint, and (for a commune) the
// templates of the founding decision.

import * as api from '../api.js';
import * as dialog from '../dialog.js';
import { h, link, replace } from '../dom.js';
import { fingerprintBlock } from '../fingerprint.js';
import { formatBytes, formatDateTime, isoToVn } from '../format.js';
import * as notify from '../notify.js';
import * as progress from '../progress.js';
import * as refs from '../refs.js';
import * as session from '../session.js';
import { drawRequiredEquipment } from './required-equipment.js';
import { drawTemplates } from './templates.js';

export async function render(view, _params, ctx) {
  const info = await api.appInfo();
  const inst = info.installation;
  const thresholds = h('section', { class: 'panel', 'aria-labelledby': 'thr-h' });
  const equipment = h('section', { class: 'panel', 'aria-labelledby': 'req-eq-h', 'data-testid': 'required-equipment-panel' });
  // Only a commune issues founding decisions.
  const templates = session.isCommune() ? h('section', { class: 'panel', 'aria-labelledby': 'tpl-h', 'data-testid': 'templates-panel' }) : null;
  replace(view,
    h('div', { class: 'screen-head' }, h('h1', {}, 'Cài đặt')),
    actorPanel(ctx),
    h('section', { class: 'panel', 'aria-labelledby': 'fp-h' },
      h('h2', { id: 'fp-h' }, 'Mã xác nhận của máy này'),
      h('p', {}, `${inst.unit_name} (mã ${inst.unit_code}) — ${inst.role === 'commune' ? 'xã gửi dữ liệu' : 'đơn vị tiếp nhận'}, thiết lập ngày ${formatDateTime(inst.created_at)}.`),
      fingerprintBlock(inst.fingerprint, 'settings-fingerprint'),
      h('p', { class: 'muted' }, 'Đọc mã xác nhận này khi đơn vị tiếp nhận gọi điện đối chiếu trước khi nhận gói dữ liệu đầu tiên của máy này.')),
    dataPanel(info, ctx),
    thresholds,
    equipment,
    templates);
  await Promise.all([drawThresholds(thresholds), drawRequiredEquipment(equipment), session.isCommune() ? drawTemplates(templates) : null]);
}

function actorPanel(ctx) {
  const input = h('input', { type: 'text', id: 'actor-name', 'data-testid': 'actor-name', maxLength: 100, autocomplete: 'name', value: session.actor() });
  const save = async (e) => {
    e.preventDefault();
    if (!input.value.trim()) {
      notify.error({ message: 'Hãy nhập họ và tên người nhập liệu.' }, 'Chưa lưu được tên');
      input.focus();
      return;
    }
    try {
      await session.setActor(input.value);
      ctx.refreshHeader();
      notify.notice('Đã lưu tên người nhập.');
    } catch (err) {
      notify.error(err, 'Chưa lưu được tên');
    }
  };
  return h('section', { class: 'panel', 'aria-labelledby': 'actor-h' },
    h('h2', { id: 'actor-h' }, 'Người nhập liệu'),
    h('p', {}, 'Tên này được ghi vào lịch sử thay đổi của mọi hồ sơ bạn thêm, sửa hoặc xóa trên máy này.'),
    h('form', { class: 'inline-form', onsubmit: save },
      h('label', { for: 'actor-name', class: 'field-label' }, 'Họ và tên'),
      input,
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'actor-save' }, 'Lưu tên')));
}

const CODE_ERRORS = new Set(['recovery_code_needed', 'recovery_code_mistyped', 'wrong_recovery_code']);

function dataPanel(info, ctx) {
  const area = h('div', { 'data-testid': 'backup-area' });
  const backup = h('button', { type: 'button', class: 'primary', 'data-testid': 'backup-now', onclick: doBackup }, 'Sao lưu ngay…');
  const restore = h('button', { type: 'button', class: 'danger-outline', 'data-testid': 'restore-backup', onclick: doRestore }, 'Khôi phục từ bản sao lưu…');
  const check = h('button', { type: 'button', 'data-testid': 'check-integrity', onclick: doCheck }, 'Kiểm tra dữ liệu');
  const codeBox = h('input', {
    type: 'text', id: 'recovery-code', 'data-testid': 'recovery-code', autocomplete: 'off', spellcheck: false,
    class: 'input-code', placeholder: 'XXXX XXXX XXXX … (14 nhóm)',
  });
  const autoList = h('div', { 'data-testid': 'auto-backups' });
  const codeError = h('div', { class: 'field-error', id: 'recovery-code-error', 'data-testid': 'recovery-code-error', hidden: true });
  codeBox.setAttribute('aria-describedby', 'recovery-code-error');
  codeBox.addEventListener('input', () => { codeError.hidden = true; codeBox.removeAttribute('aria-invalid'); });
  const restoreKeys = h('button', { type: 'button', 'data-testid': 'restore-keys', onclick: doRestoreKeys }, 'Khôi phục khóa từ mã');
  drawAutoBackups(autoList, ctx);
  return h('section', { class: 'panel', 'aria-labelledby': 'data-h' },
    h('h2', { id: 'data-h' }, 'Dữ liệu và sao lưu'),
    h('dl', { class: 'kv' },
      h('dt', {}, 'Thư mục dữ liệu'), h('dd', { class: 'path', 'data-testid': 'settings-data-dir' }, info.data_dir),
      h('dt', {}, 'Tệp cơ sở dữ liệu'), h('dd', { class: 'path', 'data-testid': 'settings-db-path' }, info.db_path),
      h('dt', {}, 'Phiên bản'), h('dd', {}, `${info.version} (cấu trúc dữ liệu số ${info.schema_version})`)),
    h('p', {}, 'Nên sao lưu ra USB hoặc ổ đĩa khác mỗi tuần, và trước khi cài lại máy. Bản sao lưu ra ngoài thư mục dữ liệu được mã hóa: chỉ mở được bằng mã trên phiếu khôi phục.'),
    info.keys === false ? h('p', { class: 'status status-partial', 'data-testid': 'keys-missing' },
      'Máy này chưa có khóa của đơn vị (máy mới hoặc cài lại). Hãy gõ mã trên phiếu khôi phục rồi bấm "Khôi phục khóa từ mã".') : null,
    h('div', { class: 'toolbar' }, backup, restore, check),
    h('div', { class: 'field' },
      h('label', { for: 'recovery-code' }, 'Mã khôi phục (in trên phiếu khôi phục; cần khi khôi phục bản sao lưu trên USB hoặc sang máy mới)'),
      codeBox, codeError),
    h('div', { class: 'toolbar' }, restoreKeys, link(['recovery-sheet'], 'In lại phiếu khôi phục', { 'data-testid': 'recovery-sheet-link' })),
    area,
    autoList);

  // The file's soundness and the audit log's chain: a change made outside the program
  // (an entry of the log edited or removed) is named here with what to do.
  async function doCheck() {
    check.disabled = true;
    try {
      const problems = await api.checkIntegrity();
      replace(area, problems.length
        ? h('div', { class: 'report', role: 'alert', 'data-testid': 'integrity-result' },
          h('strong', {}, '✗ Dữ liệu có vấn đề'),
          h('ul', {}, problems.map((p) => h('li', {}, p))))
        : h('div', { class: 'report', 'data-testid': 'integrity-result' },
          h('strong', {}, '✓ Tệp dữ liệu toàn vẹn'),
          h('p', {}, 'Nhật ký thao tác đầy đủ, không có mục nào bị sửa hay xoá ngoài chương trình.')));
    } catch (e) {
      area.replaceChildren();
      notify.error(e, 'Chưa kiểm tra được');
    } finally {
      check.disabled = false;
    }
  }

  /** What is wrong with the code, under its box, where the clerk's eyes and cursor are. */
  function showCodeError(e, then) {
    codeError.textContent = `${e.message} Gõ mã vào ô trên, ${then}`;
    codeError.hidden = false;
    codeBox.setAttribute('aria-invalid', 'true');
    codeBox.focus();
  }

  async function doRestoreKeys() {
    restoreKeys.disabled = true;
    try {
      const inst = await api.restoreKeys(codeBox.value);
      codeBox.value = '';
      notify.notice(`Đã khôi phục khóa của ${inst.unit_name} vào máy này.`, { lines: [`Mã xác nhận: ${inst.fingerprint}`] });
      await ctx.reload('settings');
    } catch (e) {
      notify.error(e, 'Chưa khôi phục được khóa');
      if (CODE_ERRORS.has(e.code)) showCodeError(e, 'rồi bấm lại “Khôi phục khóa từ mã”.');
    } finally {
      restoreKeys.disabled = false;
    }
  }

  async function doBackup() {
    backup.disabled = true;
    const bar = await progress.track('backup', { testid: 'backup-progress', startLabel: 'Đang sao lưu…' });
    replace(area, bar.el);
    try {
      const r = await api.backupNow();
      replace(area, h('div', { class: 'report', 'data-testid': 'backup-result' },
        h('strong', {}, '✓ Đã sao lưu'),
        h('dl', { class: 'kv' },
          h('dt', {}, 'Tệp'), h('dd', { class: 'path' }, r.file),
          h('dt', {}, 'Dung lượng'), h('dd', {}, formatBytes(r.bytes)),
          h('dt', {}, 'Mã hóa'), h('dd', { 'data-testid': 'backup-encrypted' }, r.encrypted
            ? 'Có: khôi phục cần mã trên phiếu khôi phục'
            : 'Không (bản sao nằm trong thư mục dữ liệu, không chứa khóa)'))));
    } catch (e) {
      area.replaceChildren();
      if (!api.isCancelled(e)) notify.error(e, 'Chưa sao lưu được');
    } finally {
      bar.stop();
      backup.disabled = false;
    }
  }

  async function doRestore() {
    const ok = await dialog.confirm({
      title: 'Khôi phục từ bản sao lưu?',
      message: 'Dữ liệu hiện tại trên máy sẽ được thay bằng dữ liệu trong bản sao lưu bạn chọn.',
      details: [
        'Dữ liệu hiện tại không bị xóa hẳn: chương trình cất nó sang một tệp riêng trong thư mục dữ liệu.',
        'Những gì nhập sau ngày sao lưu sẽ không còn trên màn hình.',
      ],
      okLabel: 'Chọn bản sao lưu và khôi phục',
      cancelLabel: 'Không khôi phục',
      danger: true,
      testid: 'confirm-restore',
    });
    if (!ok) return;
    restore.disabled = true;
    const bar = await progress.track('restore', { testid: 'restore-progress', startLabel: 'Đang khôi phục…' });
    replace(area, bar.el);
    try {
      const r = await api.restoreBackup(codeBox.value.trim() || null);
      codeBox.value = '';
      refs.invalidateAll();
      notify.notice(`Đã khôi phục dữ liệu của ${r.unit_name} (mã ${r.unit_code}).`, {
        sticky: true,
        lines: [`Từ tệp: ${r.file}`, `Dữ liệu trước khi khôi phục được cất ở: ${r.previous}`],
      });
      await ctx.reload('settings');
    } catch (e) {
      area.replaceChildren();
      if (!api.isCancelled(e)) notify.error(e, 'Chưa khôi phục được');
      // The code is what is missing or wrong: the clerk types it in the box, then picks
      // the backup again.
      if (CODE_ERRORS.has(e.code)) showCodeError(e, 'rồi bấm lại “Khôi phục từ bản sao lưu…” và chọn lại tệp.');
    } finally {
      bar.stop();
      restore.disabled = false;
    }
  }
}

/**
 * The automatic backups in the data folder (one a day while the program is open; 14 days
 * and one a month for a year), each with its restore. They undo a wrong deletion or a
 * damaged file on this laptop; a lost laptop needs the USB copy.
 */
async function drawAutoBackups(el, ctx) {
  let list = [];
  try {
    list = await api.autoBackups();
  } catch (e) {
    replace(el, h('p', { class: 'muted' }, e.message));
    return;
  }
  replace(el,
    h('h3', {}, 'Bản sao lưu tự động trên máy này'),
    list.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'records', 'data-testid': 'auto-backups-table' },
        h('thead', {}, h('tr', {}, ['Ngày', 'Dung lượng', 'Giữ làm', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, list.map((b) => h('tr', { 'data-testid': 'auto-backup-row', 'data-file': b.file_name },
          h('td', {}, isoToVn(b.day)),
          h('td', {}, formatBytes(b.bytes)),
          h('td', {}, b.kept_as === 'monthly' ? 'Bản của tháng' : 'Bản hằng ngày'),
          h('td', {}, h('button', { type: 'button', class: 'danger-outline', 'data-testid': 'auto-backup-restore', onclick: () => restore(b) }, 'Khôi phục…')))))))
      : h('p', { class: 'muted' }, 'Chưa có. Chương trình tự sao lưu mỗi ngày khi đang mở (bản đầu tiên vài giây sau khi mở).'));

  async function restore(b) {
    const ok = await dialog.confirm({
      title: `Khôi phục bản sao lưu ngày ${isoToVn(b.day)}?`,
      message: 'Dữ liệu hiện tại trên máy sẽ được thay bằng dữ liệu của bản sao lưu này.',
      details: [
        'Dữ liệu hiện tại không bị xóa hẳn: chương trình cất nó sang một tệp riêng trong thư mục dữ liệu.',
        `Những gì nhập sau ngày ${isoToVn(b.day)} sẽ không còn trên màn hình.`,
      ],
      okLabel: 'Khôi phục',
      cancelLabel: 'Không khôi phục',
      danger: true,
      testid: 'confirm-auto-restore',
    });
    if (!ok) return;
    try {
      const r = await api.restoreAutoBackup(b.file_name);
      refs.invalidateAll();
      notify.notice(`Đã khôi phục dữ liệu của ${r.unit_name} (mã ${r.unit_code}) từ bản ngày ${isoToVn(b.day)}.`, {
        sticky: true,
        lines: [`Dữ liệu trước khi khôi phục được cất ở: ${r.previous}`],
      });
      await ctx.reload('settings');
    } catch (e) {
      notify.error(e, 'Chưa khôi phục được');
    }
  }
}

/** The thresholds of the C1–C8 rules and the reminders, each with its label, bounds and default. */
async function drawThresholds(el) {
  const list = await api.settingsGet();
  const inputs = new Map();
  const errors = new Map();
  const form = h('form', { novalidate: true, 'data-testid': 'thresholds-form', onsubmit: save },
    list.map((s) => {
      const id = `setting-${s.key}`;
      const input = h('input', {
        type: 'text', inputmode: 'numeric', id, class: 'input-number', 'data-testid': `threshold-${s.key}`,
        'data-field': s.key, value: String(s.value), 'aria-describedby': `${id}-hint ${id}-error`,
      });
      const error = h('div', { class: 'field-error', id: `${id}-error`, hidden: true });
      inputs.set(s.key, { input, setting: s });
      errors.set(s.key, error);
      return h('div', { class: 'setting-row' },
        h('label', { for: id }, s.label),
        input,
        h('span', { class: 'hint', id: `${id}-hint` }, `Từ ${s.min} đến ${s.max} (mặc định ${s.default})`),
        error);
    }),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'settings-save-thresholds' }, 'Lưu các ngưỡng'),
      h('button', {
        type: 'button', 'data-testid': 'settings-defaults',
        onclick: () => { for (const { input, setting } of inputs.values()) input.value = String(setting.default); },
      }, 'Điền giá trị mặc định')));
  replace(el,
    h('h2', { id: 'thr-h' }, 'Ngưỡng đánh giá và nhắc việc'),
    h('p', { class: 'muted' }, 'Chỉ đổi khi có hướng dẫn của cấp trên. Tổng quan và các tiêu chí được tính lại ngay theo ngưỡng mới.'),
    form);

  async function save(e) {
    e.preventDefault();
    let changed = 0;
    let failed = false;
    for (const [key, { input, setting }] of inputs) {
      const err = errors.get(key);
      err.hidden = true;
      input.removeAttribute('aria-invalid');
      const typed = input.value.trim().replace(/\./g, '');
      if (typed === String(setting.value)) continue;
      // The command takes a whole number; anything else would fail before the engine
      // could explain it, so it is caught here.
      if (!/^\d+$/.test(typed)) {
        failed = true;
        err.textContent = `Hãy nhập một số nguyên từ ${setting.min} đến ${setting.max}.`;
        err.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        continue;
      }
      try {
        const fresh = await api.settingsSet(key, Number(typed));
        const now = fresh.find((x) => x.key === key);
        if (now) setting.value = now.value;
        changed += 1;
      } catch (ex) {
        failed = true;
        const p = (ex.problems || [])[0];
        err.textContent = p ? p.message : ex.message;
        err.hidden = false;
        input.setAttribute('aria-invalid', 'true');
      }
    }
    if (changed && !failed) notify.notice('Đã lưu các ngưỡng đánh giá.');
    else if (changed) notify.notice(`Đã lưu ${changed} ngưỡng; các ô báo đỏ chưa được lưu.`, { kind: 'warning' });
  }
}
