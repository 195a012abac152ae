// "Nhập từ Excel" on a team's members (issue 17): the clerk picks the commune's old list,
// sees how each column was understood and what each row would become, corrects a column
// where the program guessed wrong, and imports the good rows in one go. Every step is the
// engine's one import (the command line's `import-members`): a dry run until the clerk
// presses "Nhập", so what is shown is exactly what will be written.

import * as api from './api.js';
import * as dialog from './dialog.js';
import * as notify from './notify.js';
import { h, replace } from './dom.js';

/**
 * Runs the import dialog for `team`. Resolves with the number of members imported
 * (0 when the clerk closed it without importing).
 */
export async function openMemberImport(team) {
  let picked;
  try {
    picked = await api.pickMemberList();
  } catch (e) {
    if (!api.isCancelled(e)) notify.error(e, 'Chưa mở được tệp');
    return 0;
  }
  let result;
  try {
    result = await api.importMembers(picked.token, { team: team.id, dryRun: true });
  } catch (e) {
    notify.error(e, 'Chưa đọc được danh sách');
    return 0;
  }
  return dialog.open({
    title: `Nhập danh sách thành viên vào ${team.fields.name}`,
    wide: true,
    testid: 'member-import-dialog',
    build: (close) => {
      const body = h('div', { class: 'dialog-body member-import' });
      const corrections = new Map();
      const rerun = async () => {
        const columns = [...corrections].map(([index, target]) => ({ index, target: target || null }));
        try {
          result = await api.importMembers(picked.token, { team: team.id, columns, dryRun: true });
          draw();
        } catch (e) {
          notify.error(e, 'Chưa đọc được danh sách với cách hiểu này');
        }
      };
      const doImport = async () => {
        const columns = [...corrections].map(([index, target]) => ({ index, target: target || null }));
        try {
          const done = await api.importMembers(picked.token, { team: team.id, columns, dryRun: false });
          const lines = done.problems.length
            ? [`${rowsWithProblems(done.problems)} dòng chưa nhập (xem lại tệp rồi nhập lại các dòng đó).`]
            : [];
          notify.notice(`Đã nhập ${done.imported} thành viên từ ${done.file_name}.`, { lines });
          close(done.imported);
        } catch (e) {
          notify.error(e, 'Chưa nhập được');
        }
      };
      const draw = () => replace(body,
        summary(result, picked),
        columnTable(result, corrections, rerun),
        previewTable(result),
        problemList(result),
        h('div', { class: 'dialog-actions' },
          h('button', {
            type: 'button', class: 'primary', 'data-testid': 'member-import-run',
            disabled: result.imported === 0, autofocus: result.imported > 0, onclick: doImport,
          }, result.imported ? `Nhập ${result.imported} thành viên` : 'Không có dòng nào nhập được'),
          h('button', { type: 'button', 'data-testid': 'member-import-close', onclick: () => close(0) }, 'Đóng')));
      draw();
      return body;
    },
  }).then((n) => n || 0);
}

function rowsWithProblems(problems) {
  return new Set(problems.map((p) => p.row)).size;
}

function summary(r, picked) {
  const bad = rowsWithProblems(r.problems);
  return h('div', { class: 'member-import-summary', 'data-testid': 'member-import-summary' },
    h('p', {}, `Tệp ${picked.name}, trang “${r.sheet}”, dòng tiêu đề ${r.header_row}: ${r.rows} dòng thành viên.`),
    r.encoding
      ? h('p', { class: 'muted', 'data-testid': 'member-import-encoding' },
        `Chữ trong tệp gõ bằng bảng mã ${r.encoding} (phông chữ cũ); chương trình đã chuyển sang Unicode. Hãy xem lại tên trong bảng dưới.`)
      : null,
    h('p', { class: bad ? 'status status-partial' : 'status status-met' },
      bad
        ? `Sẽ nhập ${r.imported} thành viên; ${bad} dòng có vấn đề sẽ không nhập (lý do ở cuối).`
        : `Cả ${r.imported} dòng đều nhập được.`));
}

/** How each column was understood, with a choice to correct it. */
function columnTable(r, corrections, rerun) {
  const choice = (col) => {
    const current = corrections.has(col.index) ? corrections.get(col.index) : (col.target || '');
    const select = h('select', {
      'data-testid': 'member-import-column', 'data-letter': col.letter,
      'aria-label': `Cột ${col.letter} (${col.header || 'không có tiêu đề'}) là`,
      onchange: (e) => { corrections.set(col.index, e.target.value); rerun(); },
    },
    h('option', { value: '' }, '(không nhập)'),
    r.targets.filter((t) => t.code !== 'seq' || current === 'seq').map((t) => h('option', { value: t.code }, t.label)));
    select.value = current;
    return select;
  };
  return h('details', { class: 'member-import-columns', open: true },
    h('summary', {}, 'Các cột trong tệp và cách chương trình hiểu (sửa nếu chưa đúng)'),
    h('div', { class: 'member-import-grid' }, r.columns.map((c) => h('label', { class: 'member-import-col' },
      h('span', { class: 'member-import-col-name' }, h('strong', {}, c.letter), ` ${c.header || '(không có tiêu đề)'}`),
      choice(c)))));
}

function previewTable(r) {
  const heads = ['Dòng', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số định danh', 'Thôn', 'Chức danh', ''];
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'records', 'data-testid': 'member-import-preview' },
      h('thead', {}, h('tr', {}, heads.map((t) => h('th', {}, t)))),
      h('tbody', {}, r.preview.map((p) => h('tr', { class: p.ok ? '' : 'row-problem', 'data-row': p.row },
        h('td', { class: 'num' }, String(p.row)), h('td', {}, p.full_name || '—'), h('td', {}, p.birth),
        h('td', {}, p.sex), h('td', {}, p.id_number), h('td', {}, p.village), h('td', {}, p.role),
        h('td', {}, p.ok ? h('span', { class: 'status status-met' }, 'Nhập')
          : h('span', { class: 'status status-not_met' }, 'Không nhập')))))),
    r.rows > r.preview.length
      ? h('p', { class: 'muted' }, `Bảng chỉ hiện ${r.preview.length} dòng đầu; các dòng có vấn đề đều ở danh sách dưới.`)
      : null);
}

function problemList(r) {
  if (!r.problems.length && !r.warnings.length) return null;
  const item = (p) => h('li', {}, h('strong', {}, `Dòng ${p.row}${p.name ? ` (${p.name})` : ''}: `), p.message);
  return h('div', { class: 'member-import-problems' },
    r.problems.length
      ? [h('h3', {}, 'Các dòng sẽ không nhập'), h('ul', { 'data-testid': 'member-import-problems' }, r.problems.map(item))]
      : null,
    r.warnings.length
      ? [h('h3', {}, 'Sẽ nhập, nhưng hãy kiểm tra lại'), h('ul', { 'data-testid': 'member-import-warnings' }, r.warnings.map(item))]
      : null);
}
