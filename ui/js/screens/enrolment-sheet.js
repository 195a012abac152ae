// Biên bản xác nhận khóa: both units and both fingerprints, to print and sign by both
// sides once the commune has trusted its receiving unit's card. Route: #/enrolment-sheet.

import * as api from '../api.js';
import { renderSheetScreen } from '../document.js';

export const render = (view) => renderSheetScreen(view, {
  title: 'Biên bản xác nhận khóa',
  back: { route: 'sync', label: '← Về Gửi dữ liệu' },
  name: 'enrolment-sheet',
  hint: 'In hai bản; cán bộ xã và cán bộ đơn vị tiếp nhận cùng ký; mỗi bên giữ một bản cùng hồ sơ.',
  load: api.enrolmentSheet,
});
