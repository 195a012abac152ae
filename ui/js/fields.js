// One input widget per catalogue field type. Each widget answers `get()` with what goes
// to the engine (the text as typed for dates and numbers: the engine reads dd/mm/yyyy
// and 1.500.000 itself and says in Vietnamese what is wrong), and `set(stored value)`.

import * as api from './api.js';
import { h, replace } from './dom.js';
import { formatBytes, formatNumber, fold, groupDigitsTyped, isoToVn, vnToIso } from './format.js';
import { recordName } from './refs.js';
import { toInput } from './values.js';
import { openScan } from './scan-viewer.js';

const text = (el) => {
  const v = el.value.trim();
  return v === '' ? null : v;
};

/** Years, decision numbers and positions are not grouped (see values.js). */
const num = (field, n) => (field.max >= 100000 ? formatNumber(n) : String(n));

/**
 * Builds the control for `field`. `ctx.refOptions` maps a ref field's name to the
 * records it may point at. Returns {control, focusable, get, set, hint}.
 */
export function build(field, id, ctx = {}) {
  const common = { id, name: field.name, 'data-field': field.name, 'aria-required': field.required ? 'true' : null };
  switch (field.type) {
    case 'long_text': {
      const el = h('textarea', { ...common, rows: 3, maxLength: field.max || 20000 });
      return simple(el, field);
    }
    case 'date':
    case 'partial_date': {
      const partial = field.type === 'partial_date';
      const el = h('input', {
        ...common, type: 'text', inputmode: 'numeric', autocomplete: 'off', maxLength: 10,
        placeholder: partial ? 'dd/mm/yyyy hoặc yyyy' : 'dd/mm/yyyy',
      });
      // Tidy a readable date on leaving the field ("5/3/2025" → "05/03/2025") so the
      // clerk sees exactly what will be stored; anything unreadable is left for the
      // engine to explain.
      el.addEventListener('blur', () => {
        const iso = vnToIso(el.value, { partial });
        if (iso) el.value = isoToVn(iso);
      });
      return {
        ...simple(el, field),
        hint: partial ? 'Ngày/tháng/năm, hoặc tháng/năm, hoặc chỉ năm (ví dụ 1975)' : 'Ngày/tháng/năm, ví dụ 05/03/2025',
      };
    }
    case 'time': {
      const el = h('input', { ...common, type: 'text', inputmode: 'numeric', autocomplete: 'off', maxLength: 8, placeholder: 'hh:mm' });
      return { ...simple(el, field), hint: 'Giờ 24 tiếng, ví dụ 19:30' };
    }
    case 'int': {
      const el = h('input', { ...common, type: 'text', inputmode: 'numeric', autocomplete: 'off', class: 'input-number' });
      const bounds = typeof field.min === 'number' && typeof field.max === 'number'
        ? `Số từ ${num(field, field.min)} đến ${num(field, field.max)}` : '';
      return { ...simple(el, field), hint: bounds };
    }
    case 'money': {
      const el = h('input', { ...common, type: 'text', inputmode: 'numeric', autocomplete: 'off', class: 'input-number' });
      // Thousands dots appear while typing, as on a paper receipt: 1.500.000.
      el.addEventListener('input', () => {
        const grouped = groupDigitsTyped(el.value);
        if (grouped !== el.value) el.value = grouped;
      });
      const wrap = h('span', { class: 'money' }, el, h('span', { class: 'unit' }, 'đồng'));
      return { control: wrap, focusable: el, get: () => text(el), set: (v) => { el.value = toInput(field, v); } };
    }
    case 'bool': {
      const el = h('input', { ...common, type: 'checkbox' });
      const wrap = h('label', { class: 'check' }, el, h('span', {}, 'Có'));
      return { control: wrap, focusable: el, get: () => el.checked, set: (v) => { el.checked = v === true; } };
    }
    case 'choice': {
      const el = h('select', common,
        h('option', { value: '' }, field.required ? '— Chọn —' : '— Không chọn —'),
        (field.choices || []).map(([code, label]) => h('option', { value: code }, label)));
      return { control: el, focusable: el, get: () => el.value || null, set: (v) => setSelect(el, v ?? '', v) };
    }
    case 'ref':
      return refSelect(field, common, ctx.refOptions ? ctx.refOptions[field.name] || [] : []);
    case 'phone': {
      const el = h('input', { ...common, type: 'tel', autocomplete: 'off', maxLength: 20 });
      return { ...simple(el, field), hint: 'Ví dụ: 0912 345 678' };
    }
    case 'id_number': {
      const el = h('input', { ...common, type: 'text', inputmode: 'numeric', autocomplete: 'off', maxLength: 20 });
      return { ...simple(el, field), hint: '12 chữ số in trên thẻ căn cước (CMND cũ: 9 số)' };
    }
    case 'attachment':
      return attachment(field, common, ctx);
    case 'issuing_unit':
      return issuingUnitPicker(field, common);
    default: {
      const el = h('input', { ...common, type: 'text', autocomplete: 'off', maxLength: field.max || 500 });
      return simple(el, field);
    }
  }
}

function simple(el, field) {
  return { control: el, focusable: el, get: () => text(el), set: (v) => { el.value = toInput(field, v); } };
}

/** Selects `value`, adding an option for a code the list does not have (kept, not lost). */
function setSelect(el, value, shown) {
  if (value && ![...el.options].some((o) => o.value === value)) {
    el.appendChild(h('option', { value }, shown));
  }
  el.value = value;
}

/**
 * A link to another record: a select of the records it may point at. Long lists get a
 * filter box above (type "nguyen" to keep the Nguyễn), because a select of 200 names
 * is hard to scroll for anyone.
 */
function refSelect(field, common, records) {
  const options = records.map((r) => ({ id: r.id, name: recordName(r), key: fold(recordName(r)) }));
  const el = h('select', common);
  const fill = (filter) => {
    const current = el.value;
    const shown = filter ? options.filter((o) => o.key.includes(filter)) : options;
    replace(el,
      h('option', { value: '' }, field.required ? '— Chọn —' : '— Không chọn —'),
      shown.map((o) => h('option', { value: o.id }, o.name)));
    if (current && ![...el.options].some((o) => o.value === current)) {
      const keep = options.find((o) => o.id === current);
      el.appendChild(h('option', { value: current }, keep ? keep.name : '(mục hồ sơ đã xóa)'));
    }
    el.value = current;
  };
  fill('');
  const set = (v) => { fill(''); setSelect(el, v ?? '', '(mục hồ sơ đã xóa)'); };
  if (options.length <= 15) return { control: el, focusable: el, get: () => el.value || null, set };
  const filter = h('input', {
    type: 'search', class: 'ref-filter', placeholder: 'Gõ để lọc danh sách…', 'aria-label': `Lọc: ${field.label}`,
    'data-filter-for': field.name, autocomplete: 'off',
  });
  filter.addEventListener('input', () => {
    fill(fold(filter.value));
    // With one match left, pick it: the clerk typed enough.
    if (el.options.length === 2 && !el.value) el.value = el.options[1].value;
  });
  return { control: h('div', { class: 'ref-picker' }, filter, el), focusable: el, get: () => el.value || null, set };
}

/** Why a unit is offered, as a heading of its group. */
const ISSUING_GROUPS = {
  'đơn vị của máy': 'Đơn vị của máy này',
  'cùng mã': 'Cùng mã với đơn vị của máy',
  'cùng quận, huyện': 'Cùng quận, huyện',
  'cùng tỉnh': 'Cùng tỉnh, thành phố',
};

/**
 * The commune that issued a decision, as named on its date: a 2025 ward's decision of
 * 2024 was issued by the ward or commune it came from, a 2008-list commune's decision
 * after 1/7/2025 by the ward it became. The engine offers the likely units of the date
 * (`refresh(date typed)`, called by the form when the decision's date changes); empty
 * means the installation's own unit, which is right whenever its list was in force.
 */
function issuingUnitPicker(field, common) {
  const el = h('select', common);
  const filter = h('input', {
    type: 'search', class: 'ref-filter', placeholder: 'Gõ để lọc danh sách…', 'aria-label': `Lọc: ${field.label}`,
    'data-filter-for': field.name, autocomplete: 'off', hidden: true,
  });
  let value = null; // the code chosen or stored, kept while the list is reloaded
  let candidates = [];
  let loaded = false;
  let loadedFor;
  const labelOf = (c) => [c.unit.name, [c.district, c.province].filter(Boolean).join(', ')].filter(Boolean).join(' — ');
  const fill = (needle) => {
    const own = candidates.length > 0 && candidates.every((c) => c.reason === 'đơn vị của máy');
    const shown = needle ? candidates.filter((c) => fold(labelOf(c)).includes(needle)) : candidates;
    const groups = new Map();
    for (const c of shown) {
      if (!groups.has(c.reason)) groups.set(c.reason, []);
      groups.get(c.reason).push(c);
    }
    replace(el,
      h('option', { value: '' }, own ? `— ${candidates[0].unit.name} (đơn vị của máy) —` : '— Chọn đơn vị ban hành —'),
      own ? null : [...groups].map(([reason, list]) => h('optgroup', { label: ISSUING_GROUPS[reason] || reason },
        list.map((c) => h('option', { value: c.unit.code }, labelOf(c))))));
    const known = candidates.find((c) => c.unit.code === value);
    const unknown = loaded ? `Mã ${value} (không thuộc danh mục của ngày ký)` : `Mã ${value}`;
    setSelect(el, value ?? '', known ? labelOf(known) : unknown);
    filter.hidden = candidates.length <= 15;
  };
  el.addEventListener('change', () => { value = el.value || null; });
  filter.addEventListener('input', () => {
    fill(fold(filter.value));
    if (el.options.length === 2 && !el.value) {
      el.value = el.options[1].value;
      value = el.value;
    }
  });
  const refresh = async (dateText) => {
    const iso = vnToIso(dateText || '');
    const on = iso ? isoToVn(iso) : null; // a date not yet readable: today's units
    if (on === loadedFor) return;
    loadedFor = on;
    try {
      candidates = await api.issuingUnits(on);
    } catch {
      candidates = []; // the engine says what is wrong with the date at save
    }
    loaded = true;
    if (loadedFor === on) fill('');
  };
  return {
    control: h('div', { class: 'ref-picker' }, filter, el),
    focusable: el,
    get: () => el.value || null,
    set: (v) => { value = v || null; fill(''); },
    hint: 'Trước 01/07/2025: xã, phường cũ (trước sắp xếp); từ 01/07/2025: đơn vị mới. Để trống khi là đơn vị của máy.',
    refresh,
  };
}

/** "application/pdf" → "PDF", as a clerk names a file type. */
function fileType(mime) {
  const sub = String(mime || '').split('/')[1] || '';
  return sub ? sub.toUpperCase() : 'tệp';
}

/** A scan or file: "Chọn tệp…" opens the shell's Open dialog, which stores the file. */
function attachment(field, common, ctx) {
  let value = null;
  const status = h('span', { class: 'attach-status', 'data-testid': 'attach-status', 'data-status-for': field.name });
  const showStatus = (info) => {
    status.classList.remove('attach-error');
    status.textContent = value
      ? `Đã đính kèm${info ? ` (${fileType(info.mime)}, ${formatBytes(info.size)})` : ''}`
      : 'Chưa có tệp';
    remove.hidden = !value;
    view.hidden = !value;
  };
  const pick = h('button', {
    ...common, type: 'button', class: 'attach', 'data-testid': 'attach-file',
    onclick: async () => {
      pick.disabled = true;
      try {
        const info = await api.attachFile();
        value = info.sha256;
        showStatus(info);
        if (ctx.onAttached) ctx.onAttached(info);
      } catch (e) {
        // A file of the wrong type or too large: said next to the button (the engine
        // names the problem's field `file`, which is not a catalogue field).
        if (!api.isCancelled(e)) {
          const p = (e.problems || [])[0];
          status.textContent = p ? p.message : e.message;
          status.classList.add('attach-error');
        }
      } finally {
        pick.disabled = false;
      }
    },
  }, 'Chọn tệp…');
  const remove = h('button', { type: 'button', class: 'link-button', onclick: () => { value = null; showStatus(); } }, 'Bỏ tệp');
  const view = h('button', { type: 'button', class: 'link-button', 'data-testid': 'attach-view', onclick: () => openScan(value, field.label) }, 'Xem');
  showStatus();
  return {
    control: h('div', { class: 'attach-row' }, pick, status, view, remove),
    focusable: pick,
    get: () => value,
    set: (v) => { value = v || null; showStatus(); },
    hint: 'Tệp PDF, PNG, JPEG hoặc TIFF (bản chụp từ 200 dpi)',
  };
}
