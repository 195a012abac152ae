// Gửi dữ liệu (a commune) / Nhận dữ liệu (a receiving unit): export a signed bundle to the USB stick, and import the bundles of others —
// first a dry run that says what each bundle would do, then the import, then, for a
// sender not yet known, the fingerprint check by phone before its key is enrolled.

import * as api from '../api.js';
import * as cat from '../catalogue.js';
import * as dialog from '../dialog.js';
import { empty, h, loading, replace } from '../dom.js';
import { fingerprintBlock } from '../fingerprint.js';
import { baseName, formatBytes, formatDateTime, formatNumber } from '../format.js';
import * as notify from '../notify.js';
import * as progress from '../progress.js';
import * as refs from '../refs.js';
import * as session from '../session.js';
import { drawCard } from './card.js';
import { drawReceipt } from './receipt.js';
import { canApply, isEnrolCase, outcome, refusal, summaryBar } from '../import-summary.js';

export async function render(view) {
  const exportPanel = h('section', { class: 'panel', 'data-testid': 'export-section', 'aria-labelledby': 'export-h' });
  const importPanel = h('section', { class: 'panel', 'data-testid': 'import-section', 'aria-labelledby': 'import-h' });
  const pendingPanel = h('section', { class: 'panel', 'data-testid': 'pending-summary', 'aria-labelledby': 'pending-h' });
  const cardPanel = h('section', { class: 'panel', 'data-testid': 'card-section', 'aria-labelledby': 'card-h' });
  const receiptPanel = h('section', { class: 'panel', 'data-testid': 'receipt-section', 'aria-labelledby': 'receipt-h' });
  // A commune mostly sends; a receiving unit mostly receives: its main task first.
  const panels = session.isCommune()
    ? [exportPanel, receiptPanel, cardPanel, importPanel]
    : [importPanel, exportPanel, cardPanel, receiptPanel];
  replace(view, h('div', { class: 'screen-head' }, h('h1', {}, session.isCommune() ? 'Gửi dữ liệu' : 'Nhận dữ liệu')), panels, pendingPanel);
  await drawCard(cardPanel, () => drawExport(exportPanel));
  drawExport(exportPanel);
  drawImport(importPanel, () => Promise.all([drawPending(pendingPanel), drawReceipt(receiptPanel)]));
  await Promise.all([drawPending(pendingPanel), drawReceipt(receiptPanel)]);
}

// ---- Export ---------------------------------------------------------------------

function drawExport(el) {
  if (session.isCommune()) return drawSend(el);
  return drawExportChoices(el, el);
}

/**
 * A commune's monthly send in one step (issue 15): when the last bundle went and what is
 * unsent on top, the USB warning before anything is written, one button that makes the
 * bundle the engine chooses, and the other kinds of bundle folded away.
 */
async function drawSend(el) {
  replace(el, h('h2', { id: 'export-h' }, 'Gửi dữ liệu cho đơn vị tiếp nhận'), loading());
  let plan;
  try {
    plan = await api.sendPlan();
  } catch (e) {
    replace(el, h('h2', { id: 'export-h' }, 'Gửi dữ liệu cho đơn vị tiếp nhận'), h('p', {}, e.message));
    return;
  }
  const area = h('div', { 'data-testid': 'export-area' });
  const more = h('div');
  const send = h('button', { type: 'button', class: 'primary big', 'data-testid': 'export-send', onclick: run }, 'Gửi dữ liệu ra USB…');
  replace(el,
    h('h2', { id: 'export-h' }, 'Gửi dữ liệu cho đơn vị tiếp nhận'),
    h('dl', { class: 'kv', 'data-testid': 'send-status' },
      h('dt', {}, 'Lần gửi gần nhất'),
      h('dd', { 'data-testid': 'send-last' }, plan.last_sent_at ? `${formatDateTime(plan.last_sent_at)} (tệp ${plan.last_sent_file})` : 'Chưa gửi lần nào'),
      h('dt', {}, 'Chưa gửi'),
      h('dd', { 'data-testid': 'send-unsent' }, `${formatNumber(plan.unsent_changes)} thay đổi`)),
    h('p', { 'data-testid': 'send-why' }, plan.why),
    usbReminder(),
    h('div', { class: 'toolbar' }, send),
    area,
    h('details', { class: 'export-more', 'data-testid': 'send-more' },
      h('summary', {}, 'Tùy chọn khác: gói đầy đủ, phần chưa được xác nhận, thông tin nhạy cảm, không mã hoá'),
      more));
  drawExportChoices(more, area);

  async function run() {
    send.disabled = true;
    const bar = await progress.track('export', { testid: 'export-progress', startLabel: 'Đang đóng gói dữ liệu…' });
    replace(area, bar.el);
    try {
      const summary = await api.sendBundle();
      replace(area, exportResult(summary));
    } catch (e) {
      area.replaceChildren();
      if (!api.isCancelled(e)) notify.error(e, 'Chưa gửi được dữ liệu');
    } finally {
      bar.stop();
      send.disabled = false;
    }
  }
}

/** "Rút USB an toàn": shown before a bundle is written, not after it. */
function usbReminder() {
  return h('p', { class: 'reminder', 'data-testid': 'usb-reminder' },
    h('strong', {}, 'Trước khi rút USB: '),
    'bấm biểu tượng USB ở góc phải thanh tác vụ, chọn “Eject” / “Safely Remove” (tháo thiết bị an toàn) và chờ Windows báo có thể rút. Rút ngay khi đèn USB còn nháy có thể làm hỏng gói dữ liệu.');
}

/** The kinds of bundle to choose from (a receiving unit's export; a commune's folded options). */
function drawExportChoices(el, into) {
  const sensitive = h('input', { type: 'checkbox', id: 'export-sensitive', 'data-testid': 'export-sensitive' });
  // In clear only on an explicit, warned choice (no card yet, or a commune that has not
  // sent its key): the law asks that personal data on a USB stick be protected.
  const clear = h('input', { type: 'checkbox', id: 'export-unencrypted', 'data-testid': 'export-unencrypted' });
  const incremental = h('button', { type: 'button', class: 'primary big', 'data-testid': 'export-incremental', onclick: () => run('incremental') }, 'Xuất gói bổ sung');
  const full = h('button', { type: 'button', class: 'big', 'data-testid': 'export-full', onclick: () => run('full') }, 'Xuất gói đầy đủ');
  // What the receiving unit has not confirmed in a receipt (a lost USB stick's changes).
  const unconfirmed = session.isCommune()
    ? h('button', { type: 'button', class: 'big', 'data-testid': 'export-unconfirmed', onclick: () => run('unconfirmed') }, 'Xuất phần chưa được xác nhận')
    : null;
  const buttons = [incremental, full, unconfirmed].filter(Boolean);
  // Drawn on its own (a receiving unit), the result goes below the buttons; folded in a
  // commune's send panel, into that panel's result area.
  const own = el === into;
  const area = own ? h('div', { 'data-testid': 'export-area' }) : into;
  replace(el,
    own ? h('h2', { id: 'export-h' }, 'Gửi dữ liệu: xuất gói ra USB') : null,
    h('ul', {},
      h('li', {}, h('b', {}, 'Gói bổ sung'), ': chỉ các thay đổi từ lần gửi trước. Dùng thường ngày.'),
      h('li', {}, h('b', {}, 'Gói đầy đủ'), ': toàn bộ hồ sơ. Dùng cho lần gửi đầu tiên, hoặc khi đơn vị tiếp nhận báo thiếu dữ liệu.'),
      session.isCommune() ? h('li', {}, h('b', {}, 'Phần chưa được xác nhận'), ': mọi thay đổi từ sau lần cuối đơn vị tiếp nhận xác nhận trong biên nhận, kể cả các gói đã xuất mà bị mất.') : null),
    session.isCommune()
      ? h('label', { class: 'check' }, sensitive,
        h('span', {}, 'Kèm thông tin nhạy cảm (dân tộc, tôn giáo, đảng viên) — chỉ khi chép sang máy thứ hai của chính xã này. Đơn vị tiếp nhận không lưu các thông tin này (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): gói gửi đơn vị tiếp nhận không chọn mục này.'))
      : h('p', { 'data-testid': 'export-per-commune' }, 'Chọn một thư mục: chương trình ghi vào đó một gói riêng cho mỗi xã, chỉ gồm hồ sơ của đơn vị về các tổ của xã đó (tên tệp có mã xã). Mỗi xã chỉ nhận gói của mình.'),
    h('details', { class: 'export-more', 'data-testid': 'export-more' },
      h('summary', {}, 'Khi chưa mã hoá được'),
      h('label', { class: 'check' }, clear,
        h('span', {}, h('strong', {}, 'Xuất không mã hoá. '),
          'Chỉ chọn khi chưa có thẻ của đơn vị tiếp nhận (hoặc xã chưa gửi khoá) mà đơn vị tiếp nhận đồng ý nhận gói không mã hoá. Ai cầm được USB đều đọc được dữ liệu cá nhân trong gói; xoá tệp khỏi USB ngay khi đã nhập xong.'))),
    h('div', { class: 'toolbar' }, buttons),
    own ? area : null);

  async function run(mode) {
    const isFull = mode === 'full';
    for (const b of buttons) b.disabled = true;
    const bar = await progress.track('export', { testid: 'export-progress', startLabel: 'Đang đóng gói dữ liệu…' });
    replace(area, bar.el);
    try {
      if (session.isCommune()) {
        const summary = await api.exportBundle(isFull, sensitive.checked, clear.checked, mode === 'unconfirmed');
        replace(area, exportResult(summary));
      } else {
        const summaries = await api.exportToCommunes(isFull, clear.checked);
        replace(area, h('div', { class: 'report', 'data-testid': 'export-result' },
          h('h3', {}, `✓ Đã lưu ${formatNumber(summaries.length)} gói, mỗi xã một gói`),
          h('p', { 'data-testid': 'export-sealed' }, summaries.every((s) => s.sealed_to)
            ? 'Mỗi gói được mã hoá cho chính xã nhận: chỉ máy của xã đó mở được.'
            : 'Các gói KHÔNG mã hoá: ai cầm được USB đều đọc được. Xoá tệp khỏi USB ngay khi các xã đã nhập xong.'),
          h('ul', { 'data-testid': 'export-files' }, summaries.map((s) => h('li', {},
            h('span', { class: 'path' }, baseName(s.file)), ` — ${formatNumber(Object.values(s.counts || {}).reduce((a, n) => a + n, 0))} hồ sơ`)))));
      }
    } catch (e) {
      area.replaceChildren();
      if (!api.isCancelled(e)) notify.error(e, 'Chưa xuất được gói dữ liệu');
    } finally {
      bar.stop();
      for (const b of buttons) b.disabled = false;
    }
  }
}

function exportResult(s) {
  const counts = Object.entries(s.counts || {}).filter(([, n]) => n > 0).sort(([a], [b]) => cat.byCatalogueOrder(a, b));
  // In people's words first: what a clerk counts, not the program's kinds.
  const words = [['village', 'thôn, tổ dân phố'], ['team', 'tổ'], ['member', 'thành viên'], ['activity', 'hoạt động'], ['training_attendance', 'lượt dự tập huấn']]
    .filter(([k]) => (s.counts || {})[k] > 0)
    .map(([k, w]) => `${formatNumber(s.counts[k])} ${w}`);
  return h('div', { class: 'report', 'data-testid': 'export-result' },
    h('h3', {}, '✓ Đã lưu gói dữ liệu'),
    // First what to do with the stick, while the clerk's eyes are on the result.
    h('p', { class: 'reminder', 'data-testid': 'export-usb-first' }, h('strong', {}, 'Rút USB an toàn: '), 'chọn “Eject” / “Safely Remove” rồi mới rút.'),
    h('p', { 'data-testid': 'export-words' }, words.length ? `Gói gồm ${words.join(', ')}${s.full ? ' (toàn bộ hồ sơ)' : ''}.` : 'Không có thay đổi mới từ lần gửi trước.'),
    s.sealed_to
      ? h('p', { 'data-testid': 'export-sealed' }, 'Đã mã hoá cho ', h('strong', {}, `${s.sealed_to.unit_name} (mã ${s.sealed_to.unit_code})`),
        `, thẻ ${s.sealed_to.fingerprint}: chỉ máy của đơn vị đó mở được.`)
      : h('p', { class: 'reminder', role: 'alert', 'data-testid': 'export-unsealed' }, h('strong', {}, 'Gói KHÔNG mã hoá. '),
        'Ai cầm được USB đều đọc được dữ liệu cá nhân trong gói. Xoá tệp khỏi USB ngay khi đơn vị tiếp nhận đã nhập.'),
    s.clock_warning ? h('p', { class: 'reminder', role: 'alert', 'data-testid': 'export-clock-warning' }, s.clock_warning) : null,
    h('dl', { class: 'kv' },
      h('dt', {}, 'Tệp đã lưu ở'), h('dd', { class: 'path', 'data-testid': 'export-file' }, s.file),
      h('dt', {}, 'Dung lượng'), h('dd', {}, formatBytes(s.bytes))),
    // The program's own list, kind by kind, for whoever checks: folded away.
    h('details', { class: 'export-details', 'data-testid': 'export-details' },
      h('summary', {}, 'Chi tiết gói: từng loại hồ sơ và dữ liệu cá nhân trong gói'),
      h('dl', { class: 'kv' },
      h('dt', {}, 'Loại gói'), h('dd', {}, s.full
        ? 'Gói đầy đủ'
        : `Gói bổ sung (các thay đổi số ${formatNumber(s.from_seq)}–${formatNumber(s.to_seq)})`),
      h('dt', {}, 'Gói gồm'), h('dd', {},
        counts.length
          ? h('ul', { 'data-testid': 'export-counts' }, counts.map(([kind, n]) => h('li', {}, `${cat.kindTitle(kind)}: ${formatNumber(n)}`)),
            s.attachments ? h('li', {}, `Tệp đính kèm (bản chụp): ${formatNumber(s.attachments)}`) : null)
          : 'Không có thay đổi mới từ lần gửi trước.'),
      h('dt', {}, 'Dữ liệu cá nhân'), h('dd', { 'data-testid': 'export-personal' },
        s.personal_data && s.personal_data.length
          ? h('ul', {}, s.personal_data.map((p) => h('li', {}, `${p.kind} (${formatNumber(p.records)} hồ sơ): ${p.fields.join(', ')}`)))
          : 'Không có.'))));
}

// ---- Import ---------------------------------------------------------------------

function drawImport(el, onImported) {
  let picked = []; // [{token, path, name}] from the shell's dialogs
  const tokenOf = (path) => (picked.find((p) => p.path === path) || {}).token;
  let reports = [];
  const consent = new Map(); // sender fingerprint → {enrol} | {reEnrol}, given after the phone check
  const area = h('div', { 'data-testid': 'import-area' });
  const pick = h('button', { type: 'button', class: 'primary big', 'data-testid': 'import-pick', onclick: () => choose(api.pickBundles) }, 'Chọn gói dữ liệu…');
  const folder = h('button', { type: 'button', class: 'big', 'data-testid': 'import-folder', onclick: () => choose(api.pickBundleFolder) }, 'Chọn cả thư mục…');
  const commune = session.isCommune();
  replace(el,
    h('h2', { id: 'import-h' }, commune ? 'Nhận kết quả kiểm tra của cấp trên' : 'Nhận dữ liệu: nhập gói từ USB'),
    h('p', {}, commune
      ? 'Đơn vị tiếp nhận gửi lại gói có biên bản kiểm tra và biên nhận những gì họ đã nhận của xã. Chọn tệp gói họ chép vào USB; chương trình kiểm tra trước, rồi mới nhập khi bạn bấm “Nhập”.'
      : 'Chọn một hay nhiều gói (.xkb đã mã hoá, hoặc .zip), hoặc cả thư mục USB chứa gói của các xã. Chương trình kiểm tra trước và cho biết mỗi gói sẽ thêm gì, rồi mới nhập khi bạn bấm “Nhập”.'),
    h('div', { class: 'toolbar' }, pick, folder),
    area);

  function busy(yes) {
    pick.disabled = yes;
    folder.disabled = yes;
  }

  /** Two bars: the batch (bundles) and the bundle being applied (its records). */
  async function bars(startLabel) {
    const batch = await progress.track('import', { testid: 'import-progress', startLabel });
    const bundle = await progress.track('import-bundle', { testid: 'import-bundle-progress', startLabel: 'Bản ghi của gói đang nhập' });
    return { el: h('div', { class: 'progress-pair' }, batch.el, bundle.el), stop: () => { batch.stop(); bundle.stop(); } };
  }

  async function choose(picker) {
    try {
      picked = await picker();
    } catch (e) {
      if (!api.isCancelled(e)) notify.error(e, 'Chưa chọn được gói');
      return;
    }
    if (!picked.length) return;
    consent.clear();
    await dryRun();
  }

  /** Checks every bundle without writing, and shows what each would do. */
  async function dryRun() {
    busy(true);
    const bar = await bars('Đang kiểm tra gói…');
    replace(area, bar.el);
    try {
      reports = await importAll(true);
      showDryRun();
    } catch (e) {
      area.replaceChildren();
      notify.error(e, 'Chưa kiểm tra được gói');
    } finally {
      bar.stop();
      busy(false);
    }
  }

  async function runImport() {
    busy(true);
    const bar = await bars('Đang nhập…');
    replace(area, bar.el);
    try {
      reports = await importAll(false);
      refs.invalidateAll();
      showResults();
      await onImported();
      // A sender never seen: ask for the phone check now, one sender at a time.
      for (const r of reports) {
        if (isEnrolCase(r) && !consent.has(r.sender.fingerprint)) {
          const ok = await enrol(r);
          if (!ok) break;
        }
      }
    } catch (e) {
      area.replaceChildren();
      notify.error(e, 'Chưa nhập được');
    } finally {
      bar.stop();
      busy(false);
    }
  }

  /** The cards, all or only those that need a look. */
  function cards(dry, onlyProblems) {
    const shown = onlyProblems ? reports.filter((r) => ['enrol', 'refused'].includes(outcome(r, dry).key)) : reports;
    return shown.map((r) => reportCard(r, { dry, onEnrol: enrol }));
  }

  function showResults() {
    const list = h('div', { 'data-testid': 'import-results' }, cards(false, false));
    replace(area,
      h('h3', {}, 'Kết quả nhập'),
      summaryBar(reports, { dry: false, onFilter: (only) => replace(list, cards(false, only)) }),
      list);
  }

  /**
   * The phone check. On "khớp", the sender's bundles are imported again with consent
   * (only those: consent given for one sender must not enrol another in the same run).
   */
  async function enrol(report) {
    const ok = await enrolDialog(report);
    if (!ok) {
      notify.notice('Đã từ chối gói này. Hãy báo cán bộ kỹ thuật hoặc xin xã gửi lại.', { kind: 'warning' });
      return false;
    }
    const fp = report.sender.fingerprint;
    consent.set(fp, report.reason_code === 'key_changed' ? { reEnrol: true } : { enrol: true });
    const dry = reports.every((r) => r.dry_run);
    const theirs = reports.filter((r) => r.sender && r.sender.fingerprint === fp).map((r) => tokenOf(r.file)).filter(Boolean);
    try {
      const again = await api.importBundles(theirs, { dryRun: dry, ...consentLists() });
      const byFile = new Map(again.map((r) => [r.file, r]));
      reports = reports.map((r) => byFile.get(r.file) || r);
      if (dry) showDryRun();
      else {
        refs.invalidateAll();
        showResults();
        await onImported();
        notify.notice(`Đã đăng ký máy của ${report.sender.unit_name} và nhập gói.`);
      }
      return true;
    } catch (e) {
      notify.error(e, 'Chưa đăng ký được máy gửi');
      return false;
    }
  }

  function showDryRun() {
    const list = h('div', { 'data-testid': 'import-dry-run' }, cards(true, false));
    // One Import button, in the line that stays in view above the cards.
    const actions = [
      h('button', { type: 'button', class: 'primary big', 'data-testid': 'import-run', onclick: runImport, disabled: !reports.some(canApply) }, 'Nhập'),
      h('button', { type: 'button', 'data-testid': 'import-cancel', onclick: () => area.replaceChildren() }, 'Không nhập'),
    ];
    replace(area,
      h('h3', {}, 'Kết quả kiểm tra (chưa nhập)'),
      summaryBar(reports, { dry: true, actions, onFilter: (only) => replace(list, cards(true, only)) }),
      list);
  }

  /**
   * The fingerprints consented to so far. The engine enrols only keys with exactly these
   * fingerprints, so one call for all files cannot enrol a sender nobody compared.
   */
  function consentLists() {
    const enrol = [];
    const reEnrol = [];
    for (const [fp, c] of consent) (c.reEnrol ? reEnrol : enrol).push(fp);
    return { enrol, reEnrol };
  }

  async function importAll(dryRun) {
    return api.importBundles(picked.map((p) => p.token), { dryRun, ...consentLists() });
  }
}

function statusMark(r, dry) {
  const o = outcome(r, dry);
  return h('span', { class: ['status', o.cls], 'data-status': r.status }, o.text);
}

function reportCard(r, { dry, onEnrol }) {
  const n = formatNumber;
  const lines = [];
  if (r.status === 'applied') {
    lines.push(`${n(r.inserted)} mục hồ sơ mới, ${n(r.updated)} mục hồ sơ cập nhật, ${n(r.unchanged)} mục hồ sơ không đổi.`);
    if (r.quarantined) lines.push(`${n(r.quarantined)} mục hồ sơ chưa nhập: chờ hồ sơ liên quan hoặc đúng thời điểm (sẽ tự nhập sau), hoặc bị từ chối; lý do từng mục hồ sơ ở mục “Tình trạng nhận dữ liệu” bên dưới.`);
    if (r.released) lines.push(`${n(r.released)} mục hồ sơ đang chờ từ trước nay đã được nhập.`);
    if (r.passed_over) lines.push(`${n(r.passed_over)} mục hồ sơ về xã khác được bỏ qua.`);
    if (r.enrolled) lines.push(dry ? 'Mã xác nhận đã khớp: máy gửi sẽ được đăng ký khi nhập.' : 'Đã đăng ký máy gửi sau khi đối chiếu mã xác nhận.');
  }
  if (r.status === 'duplicate') lines.push(r.reason || 'Gói này đã được nhập trước đây; không có gì thay đổi.');
  const kind = r.full === true ? 'Gói đầy đủ' : r.full === false && r.from_seq != null
    ? `Gói bổ sung (thay đổi số ${n(r.from_seq)}–${n(r.to_seq)})` : null;
  return h('div', { class: 'report', 'data-testid': 'import-report', 'data-status': r.status, 'data-reason': r.reason_code || '' },
    h('div', { class: 'report-head' },
      h('strong', {}, baseName(r.file)),
      statusMark(r, dry)),
    h('p', { class: 'muted' }, [r.sender ? `Từ: ${r.sender.unit_name} (mã ${r.sender.unit})` : null, kind,
      r.status !== 'rejected' ? (r.sealed ? 'đã mã hoá' : 'KHÔNG mã hoá') : null].filter(Boolean).join(' · ')),
    lines.length ? h('ul', {}, lines.map((l) => h('li', {}, l))) : null,
    // The engine's sentence for an unknown sender tells CLI users to add --enrol; here
    // the button below does that, so the window says it in its own words.
    isEnrolCase(r)
      ? h('p', { 'data-testid': 'import-reason' }, r.reason_code === 'key_changed'
        ? `Gói được ký bằng khóa khác với khóa đã đăng ký của ${r.sender.unit_name}. Chỉ nhập sau khi gọi điện đối chiếu mã xác nhận mới.`
        : `Máy gửi (${r.sender.unit_name}) chưa được đăng ký. Cần gọi điện đối chiếu mã xác nhận trước khi nhập.`)
      : r.status === 'rejected' ? refusal(r) : null,
    // All that is read of an unknown sender's bundle: what its signed manifest declares.
    isEnrolCase(r) && r.declared && Object.keys(r.declared).length
      ? h('p', { class: 'muted', 'data-testid': 'import-declared' }, 'Gói ghi là có: ' + Object.entries(r.declared)
        .filter(([, count]) => count > 0)
        .sort(([a], [b]) => cat.byCatalogueOrder(a, b))
        .map(([kind, count]) => `${cat.kindTitle(kind).toLowerCase()} ${n(count)}`).join(', ') + '.')
      : null,
    r.gaps && r.gaps.length ? h('div', {},
      h('b', {}, 'Còn thiếu dữ liệu:'),
      h('ul', { 'data-testid': 'import-gaps' }, r.gaps.map((g) => h('li', {}, g.message)))) : null,
    isEnrolCase(r) ? h('button', { type: 'button', 'data-testid': 'enrol-open', onclick: () => onEnrol(r) }, 'Đối chiếu mã xác nhận…') : null);
}

/** The fingerprint, large, to compare by phone with the sender's screen. */
function enrolDialog(r) {
  const changed = r.reason_code === 'key_changed';
  return dialog.open({
    title: changed ? 'Khóa của máy gửi đã thay đổi' : 'Máy gửi chưa được đăng ký',
    testid: 'enrol-dialog',
    wide: true,
    build: (close) => h('div', { class: 'dialog-body' },
      h('p', {}, 'Gói dữ liệu từ: ', h('strong', { 'data-testid': 'enrol-unit' }, `${r.sender.unit_name} (mã ${r.sender.unit})`)),
      changed ? h('p', { class: 'form-error' }, h('b', {}, 'Chi tiết: '), r.reason) : null,
      h('p', {}, changed ? 'Mã xác nhận MỚI của máy gửi:' : 'Mã xác nhận của máy gửi:'),
      fingerprintBlock(r.sender.fingerprint, 'enrol-fingerprint'),
      h('ol', {},
        h('li', {}, `Gọi điện cho cán bộ ${r.sender.unit_name}.`),
        h('li', {}, 'Nhờ họ mở mục “Cài đặt” của Sổ Tổ xung kích và đọc mã xác nhận trên màn hình của họ.'),
        h('li', {}, 'So từng nhóm 4 ký tự. Chỉ bấm “khớp” khi tất cả các nhóm đều giống nhau.')),
      changed ? h('p', {}, h('strong', {}, 'Chỉ đăng ký lại nếu xã xác nhận đã cài lại hoặc đổi máy. '), 'Nếu không, có thể đây là gói giả mạo.') : null,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'primary', 'data-testid': 'enrol-accept', onclick: () => close(true) },
          changed ? 'Mã xác nhận khớp — đăng ký lại' : 'Mã xác nhận khớp — đăng ký'),
        h('button', { type: 'button', class: 'danger-outline', 'data-testid': 'enrol-reject', autofocus: true, onclick: () => close(false) }, 'Không khớp — từ chối'))),
  }).then((v) => v === true);
}

// ---- Pending: quarantine, gaps, known senders ---------------------------------------

async function drawPending(el) {
  replace(el, h('h2', { id: 'pending-h' }, 'Tình trạng nhận dữ liệu'), loading());
  let p;
  try {
    p = await api.pending();
  } catch (e) {
    replace(el, h('h2', { id: 'pending-h' }, 'Tình trạng nhận dữ liệu'), h('p', {}, e.message));
    return;
  }
  // A recovery is sealed to a commune's newest enrolled laptop: only that row offers it.
  const newestOf = new Map();
  for (const s of p.senders) {
    if (s.revoked_at) continue;
    const seen = newestOf.get(s.unit_code);
    if (!seen || s.enrolled_at > seen.enrolled_at) newestOf.set(s.unit_code, s);
  }
  replace(el,
    h('h2', { id: 'pending-h' }, 'Tình trạng nhận dữ liệu'),
    h('p', { 'data-testid': 'quarantine-count' }, p.quarantine.length
      ? `${formatNumber(p.quarantine.length)} mục hồ sơ chưa nhập: mỗi dòng dưới đây nói lý do (mục hồ sơ chờ hồ sơ liên quan hoặc chờ đúng thời điểm sẽ tự nhập sau; mục hồ sơ bị từ chối thì đơn vị gửi phải sửa).`
      : 'Không có mục hồ sơ nào đang chờ.'),
    p.quarantine.length ? h('ul', {}, p.quarantine.slice(0, 20).map((q) => h('li', {}, `${cat.kindTitle(q.kind)}: ${q.reason}`))) : null,
    p.gaps.length ? [h('h3', {}, 'Dữ liệu còn thiếu'), h('ul', { 'data-testid': 'pending-gaps' }, p.gaps.map((g) => h('li', {}, g.message)))] : null,
    h('h3', {}, 'Máy gửi đã đăng ký'),
    p.senders.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'records', 'data-testid': 'senders-table' },
        h('thead', {}, h('tr', {}, ['Đơn vị', 'Mã xác nhận', 'Đăng ký lúc', 'Người đăng ký', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, p.senders.map((s) => h('tr', { 'data-testid': 'sender-row', 'data-fingerprint': s.fingerprint },
          h('td', {}, `${s.unit_name} (${s.unit_code})`),
          h('td', { class: 'path' }, s.fingerprint),
          h('td', { class: 'nowrap' }, formatDateTime(s.enrolled_at)),
          h('td', {}, s.enrolled_by || ''),
          h('td', {}, s.revoked_at
            ? h('span', { class: 'status-unmet', 'data-testid': 'sender-revoked' }, `Đã thu hồi ${formatDateTime(s.revoked_at)}`)
            : [h('button', { type: 'button', class: 'danger-outline', 'data-testid': 'sender-revoke', onclick: () => revoke(s) }, 'Thu hồi…'),
              !session.isCommune() && s.role === 'commune' && newestOf.get(s.unit_code) === s
                ? h('button', { type: 'button', 'data-testid': 'sender-recovery', onclick: () => recovery(s) }, 'Khôi phục cho xã…')
                : null]))))))
      : empty('Chưa đăng ký máy gửi nào.'));

  /**
   * A commune whose laptop died: its records, as held here, for its new laptop. Only
   * once the new laptop's key is enrolled (and the dead one's revoked) is the bundle
   * sealed to the right machine; the dialog says so.
   */
  async function recovery(s) {
    const ok = await dialog.confirm({
      title: 'Bản khôi phục cho xã',
      message: `Ghi bản khôi phục hồ sơ của ${s.unit_name} cho máy có mã xác nhận ${s.fingerprint}?`,
      details: [
        'Dùng khi máy của xã bị hỏng hoặc mất mà không còn bản sao lưu.',
        'Trước đó: xã cài máy mới, tin cậy thẻ của đơn vị, gửi một gói; đơn vị đối chiếu mã xác nhận máy mới, đăng ký, và thu hồi máy cũ.',
        'Bản khôi phục được mã hoá cho máy mới đã đăng ký gần nhất của xã. Thông tin nhạy cảm (dân tộc, tôn giáo, đảng viên) không có ở đơn vị nên không khôi phục được.',
      ],
      okLabel: 'Ghi bản khôi phục…',
      testid: 'recovery-dialog',
    });
    if (!ok) return;
    try {
      const summary = await api.saveRecovery(s.unit_code);
      notify.notice(`Đã lưu bản khôi phục cho ${s.unit_name}: ${baseName(summary.file)}. Xã nhập tệp này như một gói dữ liệu thường.`);
    } catch (e) {
      if (!api.isCancelled(e)) notify.error(e, 'Chưa ghi được bản khôi phục');
    }
  }

  /** Stops accepting a sender's key after the officer confirms; the list is redrawn. */
  async function revoke(s) {
    const ok = await dialog.confirm({
      title: 'Thu hồi đăng ký máy gửi',
      message: `Thôi nhận gói từ máy của ${s.unit_name} (mã xác nhận ${s.fingerprint})?`,
      details: ['Hồ sơ đã nhập từ máy này vẫn giữ nguyên.', 'Các gói sau của máy này sẽ bị từ chối, cho đến khi đối chiếu mã xác nhận và đăng ký lại.'],
      okLabel: 'Thu hồi',
      danger: true,
      testid: 'revoke-dialog',
    });
    if (!ok) return;
    try {
      await api.revokeSender(s.installation_id);
      notify.notice(`Đã thu hồi đăng ký máy gửi của ${s.unit_name}.`);
      await drawPending(el);
    } catch (e) {
      notify.error(e, 'Chưa thu hồi được');
    }
  }
}
