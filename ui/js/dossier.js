// "Hồ sơ lưu trữ" on a team's page (issue 17, item 5): the team's whole file — its
// decisions as signed, the scans, the member list, the regulation, the activity, fund
// and equipment books, and an index page — as one ZIP or a folder, for the commune's
// records office and for a team that is dissolved. The engine makes it
// (save_team_dossier); the page only asks where.

import * as api from './api.js';
import { h, replace } from './dom.js';
import * as notify from './notify.js';
import { savedPanel } from './saved.js';
import * as session from './session.js';

/** The panel, or nothing at a receiving unit (the dossier is the commune's own). */
export function dossierPanel(team) {
  if (!session.isCommune()) return null;
  const result = h('div', { 'data-testid': 'dossier-result' });
  const personal = h('input', { type: 'checkbox', 'data-testid': 'dossier-personal' });
  const make = (zip) => async (e) => {
    const button = e.currentTarget;
    button.disabled = true;
    try {
      const r = await api.saveTeamDossier(team.id, { zip, personalData: personal.checked });
      const d = r.dossier;
      replace(result,
        savedPanel(r.file, {
          what: `hồ sơ của ${d.team}`,
          prefix: 'dossier',
          details: [['Gồm', `${d.files.length} tệp (mục lục: 00-muc-luc.html)`]],
        }),
        d.left_out.length
          ? h('div', { class: 'panel-note', 'data-testid': 'dossier-left-out' },
            h('p', {}, 'Không có trong hồ sơ (đã ghi trong mục lục):'),
            h('ul', {}, d.left_out.map((l) => h('li', {}, l))))
          : null);
    } catch (err) {
      if (!api.isCancelled(err)) notify.error(err, 'Chưa lập được hồ sơ');
    } finally {
      button.disabled = false;
    }
  };
  return h('section', { class: 'panel list-export', 'data-testid': 'dossier-panel' },
    h('h2', {}, 'Hồ sơ lưu trữ của tổ'),
    h('p', { class: 'muted' },
      'Toàn bộ hồ sơ của tổ trong một tệp nén hoặc một thư mục: mục lục, các quyết định như đã ký, bản chụp, danh sách thành viên, quy chế, sổ hoạt động, sổ quỹ, trang phục và công cụ đã cấp. Dùng để nộp lưu trữ của xã, và khi tổ giải thể.'),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', 'data-testid': 'dossier-zip', onclick: make(true) }, 'Lưu thành tệp ZIP…'),
      h('button', { type: 'button', 'data-testid': 'dossier-folder', onclick: make(false) }, 'Lập thành thư mục…'),
      h('label', { class: 'check' }, personal,
        h('span', {}, 'Kèm dữ liệu cá nhân trong danh sách thành viên (Excel). Cảnh báo: Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; chỉ dùng cho công tác quản lý tổ, không gửi qua mạng xã hội hay thư điện tử cá nhân.'))),
    result);
}
