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

export function actor() {
  try { return localStorage.getItem(ACTOR_KEY) || ''; } catch { return ''; }
}

export async function setActor(name) {
  const clean = name.trim();
  await api.setActor(clean);
  try { localStorage.setItem(ACTOR_KEY, clean); } catch { /* storage off: kept for this session only */ }
}
