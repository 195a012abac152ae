// Bản in: a team's founding decision, attached member list or regulation as A4 sheets
// (Nghị định 30/2020), with Print and "save as .docx" for editing in Word.
// Route: #/document/<decision|member_list|regulation>/<team id>, or
// #/document/decision/<team id>/<decision id> for one decision of any printed type (the
// one issuing the regulation, recognition, kiện toàn), opened from the decisions tab.

import * as api from '../api.js';
import { h, link, loading, replace } from '../dom.js';
import { renderDocument } from '../document.js';
import * as notify from '../notify.js';
import { savedPanel } from '../saved.js';

export const DOCUMENTS = [
  ['decision', 'Quyết định thành lập'],
  ['member_list', 'Danh sách thành viên kèm theo'],
  ['regulation', 'Quy chế hoạt động'],
];

export async function render(view, params) {
  const [kind = 'decision', teamId, decisionId] = params;
  replace(view, h('h1', {}, 'Bản in'), loading());
  let doc;
  try {
    doc = decisionId ? await api.decisionDocument(decisionId) : await api.teamDocument(kind, teamId);
  } catch (e) {
    // A paper the program will not print (no issuing unit for its date, a signed
    // decision without its number, a member outside 18–70): the reason in place, and
    // the way to the decision that needs it.
    if (!e || !e.code || e.code === 'internal') throw e;
    replace(view,
      h('div', { class: 'screen-head' },
        h('h1', {}, 'Bản in'),
        link(['teams', teamId, 'info'], '← Về trang của tổ', { 'data-testid': 'doc-back' })),
      h('div', { class: 'panel doc-refused', role: 'alert', 'data-testid': 'doc-refused', 'data-code': e.code },
        h('h2', {}, 'Chưa in được văn bản này'),
        h('p', {}, e.message),
        link(['teams', teamId, 'decisions'], 'Mở các quyết định của tổ', { class: 'button primary', 'data-testid': 'doc-refused-decisions' })));
    return;
  }
  const saved = h('div', { class: 'no-print' });
  const save = h('button', {
    type: 'button', 'data-testid': 'doc-save',
    onclick: async () => {
      save.disabled = true;
      try {
        const file = decisionId
          ? await api.saveDecisionDocument(decisionId)
          : await api.saveTeamDocument(kind, teamId);
        // Where it went, and the way to open it (Word, or its folder).
        replace(saved, savedPanel(file, { what: 'văn bản', prefix: 'doc' }));
      } catch (e) {
        if (!api.isCancelled(e)) notify.error(e, 'Chưa lưu được văn bản');
      } finally {
        save.disabled = false;
      }
    },
  }, 'Lưu thành tệp Word (.docx)…');
  replace(view,
    h('div', { class: 'screen-head' },
      h('h1', { 'data-testid': 'doc-title' }, doc.title),
      decisionId
        ? link(['teams', teamId, 'decisions'], '← Về các quyết định của tổ', { 'data-testid': 'doc-back' })
        : link(['teams', teamId, 'info'], '← Về trang của tổ', { 'data-testid': 'doc-back' })),
    h('nav', { class: 'doc-toolbar', 'aria-label': 'Các văn bản của tổ' },
      DOCUMENTS.map(([k, label]) => link(['document', k, teamId], label, {
        class: ['tab-link', !decisionId && k === kind && 'current'], 'aria-current': !decisionId && k === kind ? 'page' : null, 'data-testid': `doc-kind-${k}`,
      }))),
    h('div', { class: 'doc-toolbar' },
      h('button', { type: 'button', class: 'primary', 'data-testid': 'doc-print', onclick: () => window.print() }, 'In…'),
      save),
    saved,
    h('p', { class: 'muted doc-hint' },
      'Văn bản được lập từ hồ sơ của tổ, theo thể thức Nghị định 30/2020/NĐ-CP. Số quyết định để trống cho đến khi văn thư ghi số. Muốn sửa câu chữ, hãy lưu thành tệp Word rồi sửa.'),
    h('div', { class: 'doc-pages', 'data-testid': 'doc-pages', 'data-kind': doc.kind }, renderDocument(doc)));
}
