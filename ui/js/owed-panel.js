// "Việc của đơn vị tiếp nhận": what the police owe the communes' teams (inspecting them,
// training their members, deciding on commendation proposals), counted by the engine
// beside rules C7 and C8 (issue 16, item 3). It is the receiving unit's own list, so it
// never lowers a commune's figures; each line names the communes with the most first.

import { h, link } from './dom.js';
import { formatNumber } from './format.js';

const UNITS = { inspect: 'tổ chưa được kiểm tra', train: 'tổ chưa có lớp tập huấn', decide_proposals: 'đề nghị khen thưởng chờ xét' };
/** How many communes a line names before "và N xã khác". */
const NAMED = 5;

/** The panel for an overview `d` (totals and the communes shown), or null when nothing is owed. */
export function owedPanel(d) {
  const lines = d.totals.receiver_todo.filter((t) => t.count > 0);
  if (!lines.length) return null;
  return h('section', { class: 'panel owed-panel', 'data-testid': 'owed-panel', 'aria-labelledby': 'owed-h' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'owed-h' }, 'Việc của đơn vị tiếp nhận'),
      h('span', { class: 'muted' }, 'Phần việc của Công an, chính quyền theo C7, C8: không tính vào kết quả của xã.')),
    h('ul', { class: 'owed-list' }, lines.map((t) => {
      const communes = d.communes
        .map((c) => ({ c, n: (c.receiver_todo.find((x) => x.code === t.code) || { count: 0 }).count }))
        .filter((x) => x.n > 0)
        .sort((a, b) => b.n - a.n || a.c.unit_name.localeCompare(b.c.unit_name, 'vi'));
      const named = communes.slice(0, NAMED);
      const rest = communes.length - named.length;
      return h('li', { 'data-testid': 'owed-line', 'data-code': t.code },
        h('strong', {}, `${t.title} (${t.rule}): `),
        `${formatNumber(t.count)} ${UNITS[t.code] || ''}`,
        named.length ? h('span', { class: 'muted' }, ' — ') : null,
        named.map((x, i) => [i ? ', ' : '', link(['commune', x.c.unit_code], x.c.unit_name), ` ${formatNumber(x.n)}`]),
        rest > 0 ? h('span', { class: 'muted' }, ` và ${formatNumber(rest)} xã khác`) : null);
    })));
}
