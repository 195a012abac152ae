// What this window knows about the installation (from `app_info`) and the name written
// in the audit log. The actor's name is remembered in the window's local storage (this
// machine, this user) and handed to the engine at each start with `set_actor`.

import * as api from './api.js';

const ACTOR_KEY = 'xungkich.actor';

export let info = null;

export async function load() {
  info = await api.appInfo();
  const name = actor();
  if (info.initialised && name) {
    try { await api.setActor(name); } catch { /* the log then says "người dùng"; not worth a banner */ }
  }
  return info;
}

export const isReady = () => Boolean(info && info.initialised && info.installation);
export const installation = () => (info ? info.installation : null);
export const isCommune = () => Boolean(info && info.installation && info.installation.role === 'commune');

/**
 * The kind of this commune-level unit, as its name begins (domain.md §4: xã, phường,
 * thị trấn, đặc khu): the words of the window follow it ("Phường — gửi dữ liệu", a new
 * area a tổ dân phố in a phường). Empty for a receiving unit.
 */
export function unitNoun() {
  const inst = installation();
  if (!inst || inst.role !== 'commune') return '';
  const name = inst.unit_name || '';
  for (const noun of ['Phường', 'Thị trấn', 'Đặc khu', 'Xã']) {
    if (name.startsWith(`${noun} `)) return noun;
  }
  return 'Xã';
}

/** Urban units (phường, thị trấn) are made of tổ dân phố; rural ones (xã) of thôn. */
export const isUrban = () => ['Phường', 'Thị trấn'].includes(unitNoun());

export function actor() {
  try { return localStorage.getItem(ACTOR_KEY) || ''; } catch { return ''; }
}

export async function setActor(name) {
  const clean = name.trim();
  await api.setActor(clean);
  try { localStorage.setItem(ACTOR_KEY, clean); } catch { /* storage off: kept for this session only */ }
}
