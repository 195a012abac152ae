// "Quỹ": the team's income and spending in date order, like the paper cash book, with
// the balance after each line and the totals at the bottom.

import { h } from '../../dom.js';
import { formatMoney, formatNumber, todayIso } from '../../format.js';
import { listExport } from '../../list-export.js';
import { renderRecords } from './records.js';

const chrono = (a, b) => String(a.fields.entry_date || '').localeCompare(String(b.fields.entry_date || ''))
  || String(a.id).localeCompare(String(b.id)); // ids are time-ordered (UUID v7): entry order within a day

function signed(r) {
  const n = Number(r.fields.amount) || 0;
  return r.fields.direction === 'chi' ? -n : n;
}

function totals(records) {
  let thu = 0;
  let chi = 0;
  for (const r of records) {
    if (r.fields.direction === 'chi') chi += Number(r.fields.amount) || 0;
    else thu += Number(r.fields.amount) || 0;
  }
  return { thu, chi, balance: thu - chi };
}

export function renderFund(el, team) {
  return renderRecords(el, team, {
    kind: 'fund_entry',
    heading: 'Sổ quỹ của tổ',
    addLabel: '+ Thêm khoản thu, chi',
    sort: chrono,
    defaults: () => ({ entry_date: todayIso(), direction: 'thu' }),
    emptyText: 'Chưa ghi khoản thu, chi nào.',
    extra: (records) => {
      const t = totals(records);
      return [h('p', { class: 'balance', 'data-testid': 'fund-balance', 'data-balance': String(t.balance) },
        'Tồn quỹ hiện tại: ', h('strong', {}, formatMoney(t.balance)),
        h('span', { class: 'muted' }, ` (tổng thu ${formatMoney(t.thu)}, tổng chi ${formatMoney(t.chi)})`)),
      // The book as Excel, with its running balance (the engine's, as of today).
      listExport('funds', team.id)];
    },
    columns: (records) => {
      // Running balance in date order, computed once for the rows shown.
      const after = new Map();
      let run = 0;
      for (const r of records) {
        run += signed(r);
        after.set(r.id, run);
      }
      // Amounts without "đồng" in the cells: the headings say it once, like a cash book.
      return [
        'entry_date', 'purpose', 'source', 'counterparty',
        { field: 'voucher_number', label: 'Số chứng từ', class: 'nowrap' },
        { label: 'Thu (đồng)', class: 'num', value: (r) => (r.fields.direction === 'chi' ? '' : formatNumber(r.fields.amount)) },
        { label: 'Chi (đồng)', class: 'num', value: (r) => (r.fields.direction === 'chi' ? formatNumber(r.fields.amount) : '') },
        { label: 'Tồn quỹ (đồng)', class: 'num', value: (r) => formatNumber(after.get(r.id)) },
      ];
    },
    footer: (records) => {
      const t = totals(records);
      return h('tr', {},
        h('td', { colspan: '5' }, 'Cộng'),
        h('td', { class: 'num' }, formatNumber(t.thu)),
        h('td', { class: 'num' }, formatNumber(t.chi)),
        h('td', { class: 'num' }, formatNumber(t.balance)),
        h('td', { class: 'col-actions' }));
    },
  });
}
