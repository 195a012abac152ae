// Thẻ đơn vị tiếp nhận, bản in: the receiving unit's card fingerprint in six groups of
// four on one A4 page, handed to the communes with the card file and read from when a
// commune calls to compare. Route: #/card-sheet.

import * as api from '../api.js';
import { renderSheetScreen } from '../document.js';

export const render = (view) => renderSheetScreen(view, {
  title: 'Thẻ đơn vị tiếp nhận',
  back: { route: 'sync', label: '← Về Nhận dữ liệu' },
  name: 'card-sheet',
  hint: 'In và phát cho các xã cùng tệp thẻ. Khi cán bộ xã gọi điện để đối chiếu, đọc mã xác nhận trên phiếu này, từng nhóm 4 ký tự.',
  load: api.cardSheet,
});
