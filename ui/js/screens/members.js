// Thành viên: every member, with search as you type through the engine's `search`
// (case and diacritics ignored: "nguyen" finds "Nguyễn"; an ID or phone prefix works
// too). Each hit shows its team and village, to tell namesakes apart.

import { confirmDelete } from '../actions.js';
import * as api from '../api.js';
import * as cat from '../catalogue.js';
import * as session from '../session.js';
import { empty, h, loading, replace } from '../dom.js';
import { openRecordForm } from '../forms.js';
import * as notify from '../notify.js';
import * as refs from '../refs.js';
import { ageOn, todayIso } from '../format.js';
import { recordTable } from '../table.js';
import { listExport } from '../list-export.js';

const DEBOUNCE_MS = 150;

export async function render(view, _params, ctx) {
  const box = h('input', {
    id: 'member-search', type: 'search', class: 'search-box', autocomplete: 'off', spellcheck: 'false',
    'data-testid': 'member-search', placeholder: 'Gõ tên, số điện thoại hoặc số định danh…',
  });
  const results = h('div', { 'data-testid': 'member-search-area', 'aria-live': 'polite' });
  replace(view,
    h('div', { class: 'screen-head' },
      h('h1', {}, 'Thành viên'),
      cat.canCreate('member', session.isCommune()) && h('button', {
        type: 'button', class: 'primary', 'data-testid': 'members-add',
        onclick: async () => { if (await openRecordForm({ kind: 'member', defaults: { role: 'to_vien' } })) run(); },
      }, '+ Thêm thành viên')),
    h('div', { class: 'panel' },
      h('label', { for: 'member-search', class: 'field-label' }, 'Tìm thành viên hoặc tổ'),
      h('div', { class: 'toolbar' }, box),
      h('p', { class: 'hint' }, 'Gõ không dấu cũng được: "nguyen van an" tìm ra "Nguyễn Văn An".')),
    results,
    // Every team's members in one workbook, to print or keep (a commune's own list):
    // under the list, which is what the screen is for.
    session.isCommune() && h('div', { class: 'panel' },
      h('h2', {}, 'Danh sách thành viên cả xã (Excel)'),
      listExport('members', null)));
  box.focus();

  let timer = null;
  let seq = 0;
  // At a receiving unit every hit names its ward or commune (issue 15, item 3).
  const owners = session.isCommune() ? new Map() : await refs.ownerNames();
  box.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  box.addEventListener('keydown', (e) => {
    // Enter opens the only hit, or the first one: the clerk typed enough.
    if (e.key === 'Enter') {
      const first = results.querySelector('[data-testid=member-result]');
      if (first) { e.preventDefault(); first.click(); }
    }
  });

  await showAll();

  async function run() {
    const text = box.value.trim();
    const mine = ++seq;
    if (!text) { await showAll(); return; }
    try {
      const hits = await api.search(text, 50);
      if (mine !== seq) return; // a newer query is on its way
      replace(results, h('section', { class: 'panel' },
        h('h2', {}, hits.length ? `Kết quả (${hits.length}${hits.length >= 50 ? '+, hãy gõ thêm chữ để thu hẹp' : ''})` : 'Kết quả'),
        hits.length
          ? h('ul', { class: 'results', 'data-testid': 'member-search-results' }, hits.map(hitItem))
          : empty(`Không tìm thấy thành viên hay tổ nào khớp với "${text}".`)));
    } catch (e) {
      notify.error(e, 'Chưa tìm được');
    }
  }

  function hitItem(hit) {
    const where = hit.kind === 'team'
      ? [hit.village ? `Địa bàn: ${hit.village}` : null]
      : [hit.team ? `Tổ: ${hit.team}` : null, hit.village ? `Thôn: ${hit.village}` : null];
    if (!session.isCommune()) where.unshift(owners.get(hit.owner) || hit.owner);
    return h('li', {}, h('button', {
      type: 'button', 'data-testid': 'member-result', 'data-kind': hit.kind, 'data-id': hit.id,
      onclick: () => open(hit),
    },
    h('span', { class: 'name' }, hit.name),
    hit.kind === 'team' ? h('span', { class: 'status status-info' }, 'Tổ') : null,
    h('span', { class: 'where' }, where.filter(Boolean).join(' · '))));
  }

  async function open(hit) {
    if (hit.kind === 'team') { ctx.navigate(`teams/${hit.id}`); return; }
    try {
      const rec = await api.getRecord('member', hit.id);
      if (await openRecordForm({ kind: 'member', record: rec })) run();
    } catch (e) {
      notify.error(e, 'Chưa mở được hồ sơ thành viên');
    }
  }

  /** Without a query: every member, in Vietnamese order, with team and village. */
  async function showAll() {
    const mine = ++seq;
    replace(results, loading());
    const [members, teams, villages, owners] = await Promise.all([
      api.listRecords('member'), refs.names('team'), refs.names('village'), refs.ownerNames(),
    ]);
    if (mine !== seq) return;
    replace(results, h('section', { class: 'panel' },
      h('h2', {}, `Tất cả thành viên (${members.length})`),
      recordTable({
        kind: 'member',
        records: members,
        testid: 'member-list',
        refNames: { team_id: teams, village_id: villages },
        emptyText: session.isCommune()
          ? 'Chưa có thành viên nào. Mở “Các tổ”, chọn một tổ, rồi bấm “Thêm thành viên” ở thẻ Thành viên.'
          : 'Chưa có thành viên nào: chưa nhận gói dữ liệu của xã, phường nào. Vào “Nhận dữ liệu” để nhập gói các xã gửi.',
        columns: [{ field: 'full_name', class: 'col-name' }, 'role', {
          label: 'Tuổi', class: 'num',
          value: (r) => { const a = ageOn(r.fields.birth_date, todayIso()); return a === null ? '' : String(a); },
        }, 'phone', 'team_id',
        // A receiving unit's members come from many communes: whose each one is.
        session.isCommune() ? null : { label: 'Xã, phường', value: (r) => h('span', { 'data-testid': 'member-owner' }, owners.get(r.owner) || r.owner) },
        'village_id', {
          label: 'Tình trạng', class: 'nowrap', value: (r) => (r.fields.exit_date ? 'Đã thôi' : 'Đang tham gia'),
        }],
        onEdit: async (r) => { if (await openRecordForm({ kind: 'member', record: r })) showAll(); },
        onDelete: async (r) => { if (await confirmDelete('member', r.id, r.fields.full_name)) showAll(); },
      })));
  }
}
