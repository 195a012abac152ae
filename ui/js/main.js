// The page frame (header, left navigation, message regions) and the hash router:
// #/dashboard, #/villages, #/teams, #/teams/<id>/<tab>, #/members, #/activity, #/sync,
// #/settings, #/deleted, #/document/<kind>/<team id> (print view), and #/setup on first run. Each screen module exports
// `render(view, params, ctx)` and fills the fresh element it is given.

import * as cat from './catalogue.js';
import { h, replace } from './dom.js';
import * as notify from './notify.js';
import * as refs from './refs.js';
import * as session from './session.js';

const SCREENS = {
  setup: { title: 'Thiết lập lần đầu', load: () => import('./screens/setup.js') },
  dashboard: { title: 'Tổng quan', load: () => import('./screens/dashboard.js') },
  villages: { title: 'Thôn, tổ dân phố', load: () => import('./screens/villages.js') },
  teams: { title: 'Các tổ', load: () => import('./screens/teams.js') },
  members: { title: 'Thành viên', load: () => import('./screens/members.js') },
  activity: { title: 'Hoạt động', load: () => import('./screens/activity.js') },
  sync: { title: 'Gửi, nhận dữ liệu', load: () => import('./screens/sync.js') },
  settings: { title: 'Cài đặt', load: () => import('./screens/settings.js') },
  about: { title: 'Giới thiệu', load: () => import('./screens/about.js') },
  help: { title: 'Trợ giúp', load: () => import('./screens/help.js') },
  document: { title: 'Bản in', load: () => import('./screens/document.js') },
  'recovery-sheet': { title: 'Phiếu khôi phục', load: () => import('./screens/recovery.js') },
  'personal-record': { title: 'Thông tin cá nhân', load: () => import('./screens/personal-record.js') },
  'card-sheet': { title: 'Thẻ đơn vị tiếp nhận', load: () => import('./screens/card-sheet.js') },
  'enrolment-sheet': { title: 'Biên bản xác nhận khóa', load: () => import('./screens/enrolment-sheet.js') },
  commune: { title: 'Xã', load: () => import('./screens/commune.js') },
  report: { title: 'Báo cáo', load: () => import('./screens/report.js') },
  deleted: { title: 'Đã xóa gần đây', load: () => import('./screens/deleted.js') },
};

/** The left navigation: a commune keeps records; a receiving unit reviews them. */
const NAV = {
  commune: [
    ['dashboard', 'Tổng quan'],
    ['villages', 'Thôn, tổ dân phố'],
    ['teams', 'Các tổ'],
    ['members', 'Thành viên'],
    ['activity', 'Hoạt động'],
    ['sync', 'Gửi dữ liệu'],
    ['report', 'Báo cáo tổng hợp'],
    ['deleted', 'Đã xóa gần đây'],
    ['settings', 'Cài đặt'],
    ['help', 'Trợ giúp'],
    ['about', 'Giới thiệu'],
  ],
  district: [
    ['dashboard', 'Tổng quan các xã'],
    ['sync', 'Nhận dữ liệu'],
    ['teams', 'Các tổ'],
    ['members', 'Thành viên'],
    ['report', 'Báo cáo tổng hợp'],
    ['activity', 'Hoạt động các tổ'],
    ['deleted', 'Đã xóa gần đây'],
    ['settings', 'Cài đặt'],
    ['help', 'Trợ giúp'],
    ['about', 'Giới thiệu'],
  ],
};

const frame = buildFrame();
let renderSeq = 0;

function buildFrame() {
  const unit = h('span', { class: 'unit-name', 'data-testid': 'header-unit' });
  const role = h('span', { class: 'unit-role', 'data-testid': 'header-role' });
  const actor = h('span', { class: 'actor', 'data-testid': 'header-actor' });
  const clock = h('span', { class: 'clock', 'data-testid': 'header-clock' });
  const nav = h('nav', { class: 'sidenav', 'aria-label': 'Chức năng chính' }, h('ul', {}));
  const banner = h('div', { class: 'banner-region' });
  const view = h('div', { class: 'view' });
  const main = h('main', { id: 'main', tabindex: '-1' }, banner, view);
  const toasts = h('div', { class: 'toasts', 'aria-live': 'polite', 'data-testid': 'toasts' });
  const app = h('div', { class: 'app' },
    h('a', { class: 'skip-link', href: '#main', onclick: (e) => { e.preventDefault(); main.focus(); } }, 'Bỏ qua, đến nội dung chính'),
    h('header', { class: 'topbar' },
      h('span', { class: 'brand' }, 'Sổ Tổ xung kích'),
      h('span', { class: 'unit' }, unit, role),
      clock,
      actor),
    nav, main, toasts);
  document.body.replaceChildren(app);
  notify.mount(banner, toasts);
  return { app, unit, role, actor, clock, nav, main, view };
}

/** Fills the header from the installation (after setup, restore or a rename of the actor). */
function showHeader() {
  const inst = session.info && session.info.installation;
  frame.unit.textContent = inst ? inst.unit_name : 'Chưa thiết lập';
  frame.role.textContent = inst ? (inst.role === 'commune' ? `${session.unitNoun()} — gửi dữ liệu` : 'Đơn vị tiếp nhận') : '';
  frame.actor.textContent = session.actor() ? `Người nhập: ${session.actor()}` : '';
  // The date this laptop believes: a wrong year (a dead clock battery) is seen at once,
  // and said in words when the engine finds it wrong.
  const clock = session.info && session.info.clock;
  frame.clock.textContent = clock ? `Giờ máy: ${clock.now}` : '';
  frame.clock.classList.toggle('clock-wrong', !!(clock && clock.warning));
  frame.clock.title = clock && clock.warning ? clock.warning : '';
  if (clock && clock.warning) notify.notice(clock.warning, { kind: 'warning' });
  frame.app.classList.toggle('no-nav', !session.isReady());
  const items = NAV[session.isCommune() ? 'commune' : 'district'];
  replace(frame.nav.firstChild, items.map(([key, label]) => h('li', {},
    h('a', { href: `#/${key}`, 'data-testid': `nav-${key}`, 'data-route': key }, label))));
}

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || '', params: parts.slice(1) };
}

export function navigate(route) {
  if (location.hash === `#/${route}`) route_();
  else location.hash = `#/${route}`;
}

async function route_() {
  const requested = parseHash();
  let { name, params } = requested;
  if (!session.isReady()) [name, params] = ['setup', []];
  else if (!SCREENS[name] || name === 'setup') [name, params] = ['dashboard', []];
  if (name !== requested.name) history.replaceState(null, '', `#/${name}`);
  const seq = ++renderSeq;
  notify.clearError();
  for (const a of frame.nav.querySelectorAll('a')) {
    if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const screen = SCREENS[name];
  document.title = `${screen.title} — Sổ Tổ xung kích`;
  const view = h('section', { class: `screen screen-${name}`, 'data-screen': name });
  replace(frame.view, view);
  try {
    const mod = await screen.load();
    if (seq !== renderSeq) return;
    await mod.render(view, params, ctx);
  } catch (e) {
    if (seq !== renderSeq) return;
    if (e && e.code === 'not_initialised') {
      await start();
      return;
    }
    console.error(e);
    notify.error(e && e.code ? e : { message: 'Màn hình này chưa mở được. Hãy bấm sang mục khác rồi quay lại.' });
    replace(view, h('h1', {}, screen.title),
      h('p', {}, h('button', { type: 'button', 'data-testid': 'retry', onclick: route_ }, 'Thử lại')));
  }
}

/** What screens get besides their element. */
const ctx = {
  navigate,
  /** Re-reads app_info (after setup, the demo or a restore) and redraws everything. */
  async reload(route = 'dashboard') {
    await start(route);
  },
  refreshHeader: showHeader,
};

async function start(route = null) {
  refs.invalidateAll(); // another installation's records after setup, the demo or a restore
  try {
    await session.load();
    if (session.isReady()) await cat.load();
  } catch (e) {
    showHeader();
    notify.error(e, 'Không mở được dữ liệu');
    return;
  }
  showHeader();
  if (route) navigate(route);
  else route_();
}

window.addEventListener('hashchange', route_);
// F1 opens the guide at the section about the screen in use (issue 15).
window.addEventListener('keydown', (e) => {
  if (e.key !== 'F1' || !session.isReady()) return;
  e.preventDefault();
  const here = parseHash().name || 'dashboard';
  navigate(here === 'help' ? 'help' : `help/${here}`);
});
start();
