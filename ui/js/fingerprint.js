// A key fingerprint shown large, in groups of four, for reading aloud over the phone.

import { h } from './dom.js';
import { fingerprintGroups } from './format.js';

export function fingerprintBlock(fp, testid = 'fingerprint', small = false) {
  return h('div', {
    class: ['fingerprint', small && 'small'], 'data-testid': testid,
    'data-fingerprint': String(fp ?? ''), 'aria-label': `Mã xác nhận: ${fp}`,
  }, fingerprintGroups(fp).map((g) => h('span', {}, g)));
}
