// Lists the commune already keeps in Excel, brought in (issue 17): a team's members
// ("Nhập từ Excel…" on its members) and a training's roll ("Nhập danh sách dự…" on the
// training). The clerk picks the file, sees how each column was read and what each row
// becomes, corrects a column where the program guessed wrong, and imports the good rows
// in one go. Every step is the engine's one import (the command line's `import-members`
// and `import-roll`): a dry run until the clerk presses the button, so what is shown is
// exactly what will be written.

import * as api from './api.js';
import * as dialog from './dialog.js';
import * as notify from './notify.js';
import { h, replace } from './dom.js';

/** The members of `team` from a list. Resolves with how many were imported. */
export function openMemberImport(team) {
  return openListImport({
    title: `Nhập danh sách thành viên vào ${team.fields.name}`,
    testid: 'member-import',
    run: (token, sheet, columns, dryRun) => api.importMembers(token, { team: team.id, sheet, columns, dryRun }),
    taken: (r) => r.imported,
    verdict: (r, bad) => (bad
      ? `Sẽ nhập ${r.imported} thành viên; ${bad} dòng có vấn đề sẽ không nhập (lý do ở cuối).`
      : `Cả ${r.imported} dòng đều nhập được.`),
    button: (r) => (r.imported ? `Nhập ${r.imported} thành viên` : 'Không có dòng nào nhập được'),
    done: (r) => `Đã nhập ${r.imported} thành viên từ ${r.file_name}.`,
    // A Tổ column in the file sends each member to the team it names, whatever team
    // the dialog was opened on: then the preview shows where each row goes.
    preview: (r) => {
      const byColumn = r.columns.some((c) => c.target === 'team');
      return {
        heads: ['Dòng', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số định danh', 'Thôn', 'Chức danh',
          ...(byColumn ? ['Tổ'] : [])],
        cells: (p) => [p.full_name || '—', p.birth, p.sex, p.id_number, p.village, p.role,
          ...(byColumn ? [p.team || '—'] : [])],
      };
    },
    // A roll's result means nothing on a member list.
    hide: ['result'],
  });
}

/** The roll of `training` from a list. Resolves with how many rows changed it. */
export function openRollImport(training) {
  return openListImport({
    title: `Nhập danh sách người dự: ${training.fields.title}`,
    testid: 'roll-import',
    run: (token, sheet, columns, dryRun) => api.importRoll(token, training.id, { sheet, columns, dryRun }),
    taken: (r) => r.added + r.updated,
    verdict: (r, bad) => [
      `Sẽ thêm ${r.added} người vào danh sách dự`,
      r.updated ? `, đổi kết quả của ${r.updated} người` : '',
      r.unchanged ? `; ${r.unchanged} người đã có như tệp ghi` : '',
      bad ? `; ${bad} dòng có vấn đề sẽ không nhập (lý do ở cuối).` : '.',
    ].join(''),
    button: (r) => (r.added + r.updated ? `Ghi ${r.added + r.updated} người dự` : 'Không có gì để ghi'),
    done: (r) => `Đã ghi ${r.added + r.updated} người dự lớp “${r.training}” từ ${r.file_name}.`,
    preview: () => ({
      heads: ['Dòng', 'Họ và tên trong tệp', 'Ngày sinh', 'Là thành viên', 'Kết quả'],
      cells: (p) => [p.full_name || '—', p.birth, p.member || '—', p.result],
    }),
    hide: [],
  });
}

/** Asks for the file, then shows the dialog; resolves with `taken` of the import (0: none). */
async function openListImport(spec) {
  let picked;
  try {
    picked = await api.pickMemberList();
  } catch (e) {
    if (!api.isCancelled(e)) notify.error(e, 'Chưa mở được tệp');
    return 0;
  }
  let result;
  try {
    result = await spec.run(picked.token, null, null, true);
  } catch (e) {
    notify.error(e, 'Chưa đọc được danh sách');
    return 0;
  }
  const n = await dialog.open({
    title: spec.title,
    wide: true,
    testid: `${spec.testid}-dialog`,
    build: (close) => {
      const body = h('div', { class: 'dialog-body list-import' });
      const corrections = new Map();
      // The sheet read: the first with a list until the clerk picks another.
      let sheet = null;
      const asSent = () => [...corrections].map(([index, target]) => ({ index, target: target || null }));
      // One import at a time: a second press while the first is being written would
      // import the same rows again, and a correction then would show another reading.
      let busy = false;
      // Resolves with whether the file could be read this way.
      const rerun = async () => {
        if (busy) return false;
        busy = true;
        let read = true;
        try {
          result = await spec.run(picked.token, sheet, asSent(), true);
        } catch (e) {
          notify.error(e, 'Chưa đọc được danh sách với cách hiểu này');
          read = false;
        }
        busy = false;
        draw();
        return read;
      };
      const doImport = async (event) => {
        if (busy) return;
        busy = true;
        const button = event.currentTarget;
        button.disabled = true;
        button.textContent = 'Đang nhập…';
        body.querySelectorAll('select').forEach((select) => { select.disabled = true; });
        try {
          const done = await spec.run(picked.token, sheet, asSent(), false);
          const bad = rowsWithProblems(done.problems);
          notify.notice(spec.done(done), {
            lines: bad ? [`${bad} dòng chưa nhập (xem lại tệp rồi nhập lại các dòng đó).`] : [],
          });
          close(spec.taken(done));
        } catch (e) {
          notify.error(e, 'Chưa nhập được');
          busy = false;
          draw();
        }
      };
      // Another sheet has other columns: the corrections made on this one are dropped.
      // A sheet without a list leaves the one read before as it was.
      const chooseSheet = async (name) => {
        const before = { sheet, corrections: new Map(corrections) };
        sheet = name;
        corrections.clear();
        if (!(await rerun())) {
          sheet = before.sheet;
          before.corrections.forEach((target, index) => corrections.set(index, target));
          draw();
        }
      };
      const draw = () => {
        const taken = spec.taken(result);
        replace(body,
          summary(spec, result, picked),
          sheetChoice(spec, result, chooseSheet),
          columnChoices(spec, result, corrections, rerun),
          previewTable(spec, result),
          problemList(spec, result),
          h('div', { class: 'dialog-actions' },
            h('button', {
              type: 'button', class: 'primary', 'data-testid': `${spec.testid}-run`,
              disabled: taken === 0, autofocus: taken > 0, onclick: doImport,
            }, spec.button(result)),
            h('button', { type: 'button', 'data-testid': `${spec.testid}-close`, onclick: () => close(0) }, 'Đóng')));
      };
      draw();
      return body;
    },
  });
  return n || 0;
}

function rowsWithProblems(problems) {
  return new Set(problems.map((p) => p.row)).size;
}

function summary(spec, r, picked) {
  const bad = rowsWithProblems(r.problems);
  return h('div', { class: 'list-import-summary', 'data-testid': `${spec.testid}-summary` },
    h('p', {}, `Tệp ${picked.name}, trang “${r.sheet}”, dòng tiêu đề ${r.header_row}: ${r.rows} dòng.`),
    r.encoding
      ? h('p', { class: 'muted', 'data-testid': `${spec.testid}-encoding` },
        `Chữ trong tệp gõ bằng bảng mã ${r.encoding} (phông chữ cũ); chương trình đã chuyển sang Unicode. Hãy xem lại tên trong bảng dưới.`)
      : null,
    h('p', { class: bad ? 'status status-partial' : 'status status-met' }, spec.verdict(r, bad)));
}

/** The workbook's sheets, when it has several: the list may be on another one. */
function sheetChoice(spec, r, choose) {
  if (!r.sheets || r.sheets.length < 2) return null;
  const select = h('select', {
    'data-testid': `${spec.testid}-sheet`,
    onchange: (e) => choose(e.target.value),
  }, r.sheets.map((name) => h('option', { value: name }, name)));
  select.value = r.sheet;
  return h('label', { class: 'list-import-sheet' }, 'Đọc danh sách ở trang ', select);
}

/** How each column was understood, with a choice to correct it. */
function columnChoices(spec, r, corrections, rerun) {
  const choice = (col) => {
    const current = corrections.has(col.index) ? corrections.get(col.index) : (col.target || '');
    const select = h('select', {
      'data-testid': `${spec.testid}-column`, 'data-letter': col.letter,
      'aria-label': `Cột ${col.letter} (${col.header || 'không có tiêu đề'}) là`,
      onchange: (e) => { corrections.set(col.index, e.target.value); rerun(); },
    },
    h('option', { value: '' }, '(không nhập)'),
    r.targets
      .filter((t) => (t.code !== 'seq' && !spec.hide.includes(t.code)) || current === t.code)
      .map((t) => h('option', { value: t.code }, t.label)));
    select.value = current;
    return select;
  };
  return h('details', { class: 'list-import-columns', open: true },
    h('summary', {}, 'Các cột trong tệp và cách chương trình hiểu (sửa nếu chưa đúng)'),
    h('div', { class: 'list-import-grid' }, r.columns.map((c) => h('label', { class: 'list-import-col' },
      h('span', { class: 'list-import-col-name' }, h('strong', {}, c.letter), ` ${c.header || '(không có tiêu đề)'}`),
      choice(c)))));
}

function previewTable(spec, r) {
  const preview = spec.preview(r);
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'records', 'data-testid': `${spec.testid}-preview` },
      h('thead', {}, h('tr', {}, [...preview.heads, ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.preview.map((p) => h('tr', { class: p.ok ? null : 'row-problem', 'data-row': p.row },
        h('td', { class: 'num' }, String(p.row)),
        preview.cells(p).map((v) => h('td', {}, v)),
        h('td', {}, p.ok ? h('span', { class: 'status status-met' }, 'Nhập')
          : h('span', { class: 'status status-not_met' }, 'Không nhập')))))),
    r.rows > r.preview.length
      ? h('p', { class: 'muted' }, `Bảng chỉ hiện ${r.preview.length} dòng đầu; các dòng có vấn đề đều ở danh sách dưới.`)
      : null);
}

function problemList(spec, r) {
  const warnings = r.warnings || [];
  if (!r.problems.length && !warnings.length) return null;
  const item = (p) => h('li', {}, h('strong', {}, `Dòng ${p.row}${p.name ? ` (${p.name})` : ''}: `), p.message);
  return h('div', { class: 'list-import-problems' },
    r.problems.length
      ? [h('h3', {}, 'Các dòng sẽ không nhập'), h('ul', { 'data-testid': `${spec.testid}-problems` }, r.problems.map(item))]
      : null,
    warnings.length
      ? [h('h3', {}, 'Sẽ nhập, nhưng hãy kiểm tra lại'), h('ul', { 'data-testid': `${spec.testid}-warnings` }, warnings.map(item))]
      : null);
}
