// A record form built from a catalogue kind, in a modal dialog: one labelled input per
// field (in catalogue order, which is the order of the paper file), the engine's
// problems shown next to each field, warnings shown after the save.
// Enter saves (Ctrl+Enter inside a long text), Esc cancels (asking first if something
// was typed).

import * as api from './api.js';
import * as cat from './catalogue.js';
import * as dialog from './dialog.js';
import { append, h, replace } from './dom.js';
import * as fields from './fields.js';
import * as historyView from './history.js';
import * as notify from './notify.js';
import * as refs from './refs.js';

let formSeq = 0;

/**
 * Opens the form for a new record (`record` null) or to edit `record`.
 * - `fixed`: fields the context decides, not shown (e.g. {team_id} on a team's tab);
 * - `hide`: field names not shown (still sent if fixed);
 * - `defaults`: initial values of a new record (e.g. today's date);
 * - `scopeTeam`: a team id; links to members, decisions, regulations, activities then
 *   list only that team's records (defaults to `fixed.team_id`).
 * Resolves with the engine's `{id, warnings}` after a save, or null when cancelled.
 */
export async function openRecordForm({ kind, record = null, fixed = {}, hide = [], defaults = {}, title, scopeTeam = fixed.team_id }) {
  const def = cat.kind(kind);
  // A document as signed is written by the program when a decision is recorded as
  // signed, never typed: no form shows it.
  const shown = def.fields.filter((f) => !(f.name in fixed) && !hide.includes(f.name) && f.type !== 'document_model');
  const refOptions = await loadRefOptions(shown, scopeTeam);
  const seq = ++formSeq;
  const rows = new Map(); // field name → {widget, error element, wrapper}
  let formError;
  let saveButton;
  let initial = {};
  let closeForm = () => {};

  const isDirty = () => [...rows].some(([name, r]) => !same(r.widget.get(), initial[name]));

  return dialog.open({
    title: title || `${record ? 'Sửa' : 'Thêm'} ${def.label}`,
    testid: 'record-form-dialog',
    wide: shown.length > 4,
    onEscape: () => {
      if (!isDirty()) return true;
      askDiscard();
      return false;
    },
    build: (close) => {
      closeForm = close;
      const form = h('form', { class: 'record-form', novalidate: true, 'data-testid': 'record-form', 'data-kind': kind });
      formError = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'form-error', hidden: true });
      const grid = h('div', { class: 'form-grid' });
      for (const f of shown) {
        const id = `f${seq}-${f.name}`;
        const widget = fields.build(f, id, { refOptions });
        const hintId = `${id}-hint`;
        const errorId = `${id}-error`;
        const error = h('div', { class: 'field-error', id: errorId, 'data-error-for': f.name, hidden: true });
        widget.focusable.setAttribute('aria-describedby', `${widget.hint ? hintId + ' ' : ''}${errorId}`);
        const wrapper = h('div', {
          class: ['field', (f.type === 'long_text' || f.type === 'attachment') && 'field-wide'],
          'data-field-wrap': f.name,
        },
        h('label', { for: id, class: 'field-label' },
          f.label,
          f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null,
          f.sensitivity === 'sensitive' ? h('span', { class: 'tag tag-sensitive', title: 'Thông tin cá nhân nhạy cảm: chỉ gửi đi khi chọn gửi kèm' }, 'nhạy cảm') : null,
          f.sensitivity === 'confidential' ? h('span', { class: 'tag tag-secret', title: 'Không bao giờ gửi ra khỏi máy này' }, 'giữ bí mật') : null),
        widget.control,
        widget.hint ? h('div', { class: 'hint', id: hintId }, widget.hint) : null,
        error);
        grid.appendChild(wrapper);
        rows.set(f.name, { widget, error, wrapper });
      }
      // Fill values, then remember them to tell what the clerk changed.
      const values = record ? record.fields : defaults;
      for (const [name, r] of rows) if (values[name] !== undefined) r.widget.set(values[name]);
      initial = Object.fromEntries([...rows].map(([name, r]) => [name, r.widget.get()]));
      followDate(rows);

      saveButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'form-save' }, 'Lưu');
      const cancel = h('button', {
        type: 'button', 'data-testid': 'form-cancel',
        onclick: () => (isDirty() ? askDiscard() : close(null)),
      }, 'Hủy');
      append(form, [
        h('p', { class: 'form-hint' }, 'Ô có dấu * là bắt buộc. Enter để lưu, Esc để hủy.'),
        formError,
        grid,
        h('div', { class: 'dialog-actions' },
          saveButton, cancel,
          record ? h('button', { type: 'button', class: 'link-button push-right', 'data-testid': 'form-history', onclick: () => historyView.show(record.id).catch(notify.error) }, 'Lịch sử thay đổi') : null,
          // What is held about this person, for the person who asks (Law 91/2025/QH15).
          record && kind === 'member'
            ? h('a', { class: 'link-button', href: `#/personal-record/${encodeURIComponent(record.id)}`, 'data-testid': 'form-personal-record', onclick: () => close(null) }, 'In thông tin cá nhân')
            : null)]);
      form.addEventListener('keydown', onKeydown);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        save(close);
      });
      return h('div', { class: 'dialog-body' }, form);
    },
  });

  // ---- helpers, closed over the form's state ----

  function onKeydown(e) {
    if (e.key !== 'Enter' || e.isComposing) return;
    const t = e.target;
    const inTextarea = t.tagName === 'TEXTAREA';
    if (t.tagName === 'BUTTON' || (inTextarea && !e.ctrlKey)) return;
    // Enter also saves from a select or a checkbox, where the browser would not.
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }

  async function askDiscard() {
    const discard = await dialog.confirm({
      title: 'Bỏ các thông tin vừa nhập?',
      message: 'Các thay đổi trong mẫu này chưa được lưu.',
      okLabel: 'Bỏ, không lưu',
      cancelLabel: 'Tiếp tục nhập',
      testid: 'discard-dialog',
    });
    if (discard) closeForm(null);
  }

  function clearErrors() {
    formError.hidden = true;
    formError.replaceChildren();
    for (const r of rows.values()) {
      r.error.hidden = true;
      r.error.textContent = '';
      r.wrapper.classList.remove('has-error');
      r.widget.focusable.removeAttribute('aria-invalid');
    }
  }

  function showFormError(message, extra = []) {
    replace(formError, h('strong', {}, message), extra.length ? h('ul', {}, extra.map((l) => h('li', {}, l))) : null);
    formError.hidden = false;
  }

  async function save(close) {
    clearErrors();
    const values = {};
    for (const [name, r] of rows) {
      const v = r.widget.get();
      if (record) {
        if (!same(v, initial[name])) values[name] = v; // only what changed; a cleared field is null
      } else if (v !== null && v !== false) {
        values[name] = v;
      }
    }
    if (!record) Object.assign(values, fixed);
    if (record && Object.keys(values).length === 0) {
      close(null); // nothing changed: nothing to write
      return;
    }
    saveButton.disabled = true;
    saveButton.textContent = 'Đang lưu…';
    try {
      const saved = record
        ? await api.updateRecord(kind, record.id, values)
        : await api.createRecord(kind, values);
      refs.invalidate(kind);
      close(saved);
      notify.notice(record ? 'Đã lưu thay đổi.' : `Đã thêm ${def.label}.`);
      notify.warnings(saved.warnings);
    } catch (e) {
      showProblems(e);
    } finally {
      saveButton.disabled = false;
      saveButton.textContent = 'Lưu';
    }
  }

  function showProblems(e) {
    const problems = Array.isArray(e.problems) ? e.problems : [];
    const elsewhere = [];
    let first = null;
    for (const p of problems) {
      const r = rows.get(p.field);
      if (!r) {
        elsewhere.push(`${p.label}: ${p.message}`);
        continue;
      }
      r.error.textContent = p.message;
      r.error.hidden = false;
      r.wrapper.classList.add('has-error');
      r.widget.focusable.setAttribute('aria-invalid', 'true');
      first = first || r.widget.focusable;
    }
    showFormError(
      problems.length ? 'Chưa lưu được: hãy sửa các ô được đánh dấu đỏ.' : e.message,
      elsewhere);
    (first || formError).scrollIntoView({ block: 'center' });
    if (first) first.focus();
  }
}

/**
 * Widgets whose choices depend on the record's date (the issuing unit of a decision)
 * reload them when the date is typed, and once at the start.
 */
function followDate(rows) {
  const date = rows.get('decision_date');
  for (const r of rows.values()) {
    if (!r.widget.refresh) continue;
    const reload = () => r.widget.refresh(date ? date.widget.get() : null);
    if (date) date.widget.focusable.addEventListener('change', reload);
    reload();
  }
}

/** Values compared as the engine would receive them (null and an empty text alike). */
function same(a, b) {
  const norm = (v) => (v === '' || v === undefined ? null : v);
  return norm(a) === norm(b);
}

/**
 * Options of each ref field. On a team's page, a link to a member, decision,
 * regulation or activity lists only that team's records: a clerk adding equipment to
 * Tổ 3 should not scroll through the members of Tổ 1.
 */
async function loadRefOptions(shown, scopeTeam) {
  const out = {};
  await Promise.all(shown.filter((f) => f.type === 'ref').map(async (f) => {
    const target = cat.hasKind(f.ref) ? cat.kind(f.ref) : null;
    const scoped = scopeTeam && target && target.fields.some((tf) => tf.name === 'team_id');
    out[f.name] = scoped ? await refs.list(f.ref, 'team_id', scopeTeam) : await refs.list(f.ref);
  }));
  return out;
}
