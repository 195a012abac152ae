// Names of linked records (a member's team, an equipment's member, a regulation's
// decision): the engine stores ids, the screen shows names. Lists are fetched once and
// kept until a write to that kind makes them stale.

import * as api from './api.js';
import * as cat from './catalogue.js';
import { isoToVn } from './format.js';

const cache = new Map(); // key "kind|parentField|parentId" → Promise<Record[]>

/** How one record is named when another record points at it. */
export function recordName(rec) {
  if (!rec) return '';
  const f = rec.fields || {};
  switch (rec.kind) {
    case 'village':
    case 'team':
    case 'programme':
      return f.name || '';
    case 'member':
      return f.full_name || '';
    case 'decision': {
      const type = cat.choiceLabel('decision', 'decision_type', f.decision_type);
      const num = f.number ? ` số ${f.number}${f.symbol ? '/' + f.symbol : ''}` : '';
      const date = f.decision_date ? ` ngày ${isoToVn(f.decision_date)}` : '';
      return `${type}${num}${date}`;
    }
    case 'regulation':
    case 'training':
      return [f.title, f.start_date ? `(${isoToVn(f.start_date)})` : ''].filter(Boolean).join(' ');
    case 'activity':
      return `${cat.choiceLabel('activity', 'activity_type', f.activity_type)} ngày ${isoToVn(f.activity_date)}`;
    case 'commendation_proposal':
      return `Đề nghị ${cat.choiceLabel('commendation_proposal', 'form', f.form).toLowerCase()}${f.document_number ? ` (tờ trình ${f.document_number})` : ''} ngày ${isoToVn(f.proposal_date)}`;
    default:
      return f.name || f.title || f.full_name || rec.id;
  }
}

let owners = null;

/** The names of the communes owning the teams held here, by code (cached like the lists). */
export async function ownerNames() {
  if (!owners) owners = api.ownerNames().then((pairs) => new Map(pairs));
  return owners;
}

/** Records of a kind (optionally children of a parent), cached. */
export function list(kind, parentField = null, parentId = null) {
  const key = `${kind}|${parentField || ''}|${parentId || ''}`;
  if (!cache.has(key)) {
    const p = api.listRecords(kind, { parentField, parentId });
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // a failed load is retried next time
  }
  return cache.get(key);
}

/** Map id → name for a kind, for showing references in tables. */
export async function names(kind, parentField = null, parentId = null) {
  const recs = await list(kind, parentField, parentId);
  return new Map(recs.map((r) => [r.id, recordName(r)]));
}

/** Forget cached lists of a kind (after a create, update or delete). */
export function invalidate(kind) {
  for (const key of [...cache.keys()]) {
    if (!kind || key.startsWith(`${kind}|`)) cache.delete(key);
  }
}

/** Forget everything (after an import, a restore or the demo). */
export function invalidateAll() {
  cache.clear();
  owners = null;
}
