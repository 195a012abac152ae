// A stored field value as the clerk reads it: dates dd/mm/yyyy, numbers 1.234.567,
// money in đồng, choices by their label, links by the linked record's name.

import * as cat from './catalogue.js';
import { formatMoney, formatNumber, isoToVn } from './format.js';

/**
 * Integers are grouped with thousands dots only when they count something large
 * (households, population, quantities). Years (rating_year), decision numbers and
 * ordinal positions are read as labels, and "2.025" or "Số 1.234" would look wrong.
 */
function groupsThousands(field) {
  return typeof field.max === 'number' && field.max >= 100000;
}

/**
 * @param field   catalogue field
 * @param value   stored value (JSON)
 * @param refNames optional Map id → name for `ref` fields
 * @returns text (never HTML)
 */
export function display(kindName, field, value, refNames) {
  if (value === null || value === undefined || value === '') return '';
  switch (field.type) {
    case 'date':
    case 'partial_date':
      return isoToVn(value);
    case 'money':
      return formatMoney(value);
    case 'int':
      return groupsThousands(field) ? formatNumber(value) : String(value);
    case 'bool':
      return value ? 'Có' : 'Không';
    case 'choice':
      return cat.choiceLabel(kindName, field.name, value);
    case 'ref':
      return (refNames && refNames.get(value)) || '(không rõ)';
    case 'attachment':
      return 'Đã đính kèm';
    case 'document_model':
      return 'Đã lưu văn bản như đã ký';
    case 'phone':
      // 0912 345 678: read aloud and dialled in groups.
      return /^0\d{9}$/.test(value) ? `${value.slice(0, 4)} ${value.slice(4, 7)} ${value.slice(7)}` : String(value);
    default:
      return String(value);
  }
}

/** The value as it goes back into a form input (dates dd/mm/yyyy, money grouped). */
export function toInput(field, value) {
  if (value === null || value === undefined) return '';
  switch (field.type) {
    case 'date':
    case 'partial_date':
      return isoToVn(value);
    case 'money':
      return formatNumber(value);
    default:
      return String(value);
  }
}
