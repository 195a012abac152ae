// Who took part, ticked in one go (issue 15): the team's members as a checklist with
// "Cả tổ", opened with the event's own list ticked (or, for a new one, the people of the
// team's previous event), saved as one change. Used by the activities and trainings tabs.

import * as api from './api.js';
import * as dialog from './dialog.js';
import { h } from './dom.js';
import * as notify from './notify.js';

/**
 * Opens the checklist for `kind` ('activity' | 'training') `event` of `team`; resolves
 * with the engine's {added, removed, kept} after a save, or null when closed.
 */
export async function pickParticipants({ kind, event, team, title }) {
  const [members, ticked] = await Promise.all([
    api.listRecords('member', { parentField: 'team_id', parentId: team.id }),
    api.participantsTicked(kind, event.id, team.id),
  ]);
  const active = members.filter((m) => !m.fields.exit_date);
  const chosen = new Set(ticked);
  return dialog.open({
    title,
    testid: 'participants-dialog',
    wide: true,
    build: (close) => {
      const boxes = active.map((m) => {
        const box = h('input', { type: 'checkbox', id: `p-${m.id}`, 'data-testid': 'participant-check', 'data-id': m.id });
        box.checked = chosen.has(m.id);
        box.addEventListener('change', update);
        return box;
      });
      const all = h('input', { type: 'checkbox', id: 'p-all', 'data-testid': 'participants-all' });
      all.addEventListener('change', () => {
        for (const b of boxes) b.checked = all.checked;
        update();
      });
      const count = h('p', { class: 'muted', 'data-testid': 'participants-count', 'aria-live': 'polite' });
      const save = h('button', { type: 'submit', class: 'primary', 'data-testid': 'participants-save' }, 'Lưu');
      function update() {
        const n = boxes.filter((b) => b.checked).length;
        all.checked = n === boxes.length && n > 0;
        all.indeterminate = n > 0 && n < boxes.length;
        count.textContent = `Đã chọn ${n}/${boxes.length} thành viên.`;
      }
      update();
      async function submit(e) {
        e.preventDefault();
        save.disabled = true;
        const ids = boxes.filter((b) => b.checked).map((b) => b.dataset.id);
        try {
          const roll = await api.setParticipants(kind, event.id, team.id, ids);
          notify.notice(`Đã ghi ${ids.length} người${roll.added || roll.removed ? ` (thêm ${roll.added}, bỏ ${roll.removed})` : ''}.`);
          close(roll);
        } catch (err) {
          notify.error(err, 'Chưa ghi được danh sách');
          save.disabled = false;
        }
      }
      return h('form', { class: 'dialog-body', onsubmit: submit },
        active.length
          ? [h('p', {}, 'Đánh dấu những người đã tham gia. Danh sách đã đánh dấu sẵn theo lần ghi trước; sửa rồi bấm “Lưu”.'),
            h('label', { class: 'check-all', for: 'p-all' }, all, ' Cả tổ'),
            h('ul', { class: 'checklist' }, active.map((m, i) => h('li', {},
              h('label', { for: `p-${m.id}` }, boxes[i], ` ${m.fields.full_name}`)))),
            count]
          : h('p', {}, 'Tổ chưa có thành viên đang tham gia: hãy thêm thành viên ở thẻ “Thành viên” trước.'),
        h('div', { class: 'dialog-actions' },
          active.length ? save : null,
          h('button', { type: 'button', 'data-testid': 'participants-cancel', onclick: () => close(null) }, 'Huỷ')));
    },
  });
}
