// The engine's catalogue of record kinds, fetched once per session. Forms, table
// headings and choice labels all come from it, so the window always shows what the
// engine checks (a field added in src/kinds.rs appears in the forms without UI work).

import * as api from './api.js';
import { capitalise } from './format.js';

let cached = null;
let printed = [];

export async function load() {
  if (!cached) {
    const c = await api.catalogue();
    cached = new Map(c.kinds.map((k) => [k.name, k]));
    printed = c.printed_decision_types || [];
  }
  return cached;
}

/** Whether the program prints (and saves as signed) decisions of this type. */
export const printsDecision = (decisionType) => printed.includes(decisionType);

function need() {
  if (!cached) throw new Error('catalogue not loaded');
  return cached;
}

/** The kind's definition: {name, label, searchable, fields}. */
export function kind(name) {
  const k = need().get(name);
  if (!k) throw new Error(`unknown kind ${name}`);
  return k;
}

export function hasKind(name) {
  return need().has(name);
}

export function field(kindName, fieldName) {
  return kind(kindName).fields.find((f) => f.name === fieldName) || null;
}

/**
 * Compares kind names in the catalogue's order (parents first: thôn, tổ, quyết định,
 * …, thành viên), which is how a person reads a list of counts; unknown kinds last.
 */
export function byCatalogueOrder(a, b) {
  const order = cached ? [...cached.keys()] : [];
  const rank = (k) => { const i = order.indexOf(k); return i < 0 ? order.length : i; };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Whether this installation adds records of the kind: a commune adds every kind; a
 * receiving unit only its own (inspections, commendations, trainings, documents), the
 * rest it reads from the communes' bundles (the engine refuses the others anyway).
 */
export function canCreate(kindName, isCommune) {
  return isCommune || Boolean(cached && cached.has(kindName) && cached.get(kindName).receiver_creates);
}

/** "Thành viên" — the kind's label, capitalised for headings and counts. */
export function kindTitle(kindName) {
  return cached && cached.has(kindName) ? capitalise(cached.get(kindName).label) : kindName;
}

/** The Vietnamese label of a choice code; an unknown code (a newer version's) as is. */
export function choiceLabel(kindName, fieldName, code) {
  if (code === null || code === undefined || code === '') return '';
  const f = field(kindName, fieldName);
  const hit = f && f.choices ? f.choices.find(([c]) => c === code) : null;
  return hit ? hit[1] : String(code);
}

/** The field's label, or its name when the catalogue lacks it. */
export function label(kindName, fieldName) {
  const f = field(kindName, fieldName);
  return f ? f.label : fieldName;
}
