// Administrative units for the setup screen: type-ahead search and the names of the
// units above a unit ("Xã Đông Tiến — Huyện Đông Sơn, Tỉnh Thanh Hóa"), so that the
// many communes sharing one name can be told apart.

import * as api from './api.js';

const byCode = new Map(); // "set|code" → Promise<unit|null>

/** The level a role works at: a commune, or the receiving unit of that unit set. */
export function levelFor(role, unitSet) {
  if (role === 'commune') return 'commune';
  return unitSet === '2008' ? 'district' : 'province';
}

export function search(query, unitSet, level) {
  return api.unitsSearch(query, unitSet, level);
}

/** One unit by its code (the engine finds a unit by its full code). */
function unit(code, unitSet, level) {
  const key = `${unitSet}|${code}`;
  if (!byCode.has(key)) {
    byCode.set(key, api.unitsSearch(code, unitSet, level)
      .then((list) => list.find((u) => u.code === code) || null)
      .catch(() => null));
  }
  return byCode.get(key);
}

/** "Huyện Đông Sơn, Tỉnh Thanh Hóa" for a commune of the 2008 set; "" at the top. */
export async function parentsText(u) {
  const names = [];
  let current = u;
  // At most two levels up: commune → district → province.
  for (let i = 0; i < 2 && current && current.parent_code; i += 1) {
    const level = current.level === 'commune' && u.unit_set === '2008' ? 'district' : 'province';
    current = await unit(current.parent_code, u.unit_set, level);
    if (current) names.push(current.name);
  }
  return names.join(', ');
}
