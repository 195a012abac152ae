// Giới thiệu: what a technician asks for on the phone — the program's version, where the
// data, its automatic backups and the crash logs are, the database's structure version
// and this laptop's key fingerprint. Route: #/about.

import * as api from '../api.js';
import { h, link, loading, replace } from '../dom.js';
import { fingerprintBlock } from '../fingerprint.js';

export async function render(view) {
  replace(view, h('h1', {}, 'Giới thiệu'), loading());
  const info = await api.appInfo();
  const inst = info.installation;
  const row = (label, value, testid) => [h('dt', {}, label), h('dd', { class: 'path', 'data-testid': testid }, value)];
  replace(view,
    h('h1', {}, 'Giới thiệu'),
    h('section', { class: 'panel', 'data-testid': 'about' },
      h('h2', {}, 'Sổ Tổ xung kích'),
      h('p', {}, 'Hồ sơ Tổ bảo vệ an ninh, trật tự ở cơ sở (trước 1/7/2024: Tổ xung kích tự quản về an ninh trật tự). Chạy không cần mạng; dữ liệu nằm trên máy này.'),
      h('dl', { class: 'kv' },
        row('Phiên bản', info.version, 'about-version'),
        row('Cấu trúc dữ liệu', `số ${info.schema_version}`, 'about-schema'),
        row('Đơn vị', inst ? `${inst.unit_name} (mã ${inst.unit_code})` : 'Chưa thiết lập', 'about-unit'),
        row('Thư mục dữ liệu', info.data_dir, 'about-data-dir'),
        row('Sao lưu tự động', info.backups_dir, 'about-backups-dir'),
        row('Nhật ký lỗi', info.logs_dir, 'about-logs-dir')),
      inst ? [h('p', {}, 'Mã xác nhận của máy này:'), fingerprintBlock(inst.fingerprint, 'about-fingerprint')] : null,
      h('p', { class: 'muted' }, 'Khi báo lỗi cho cán bộ kỹ thuật: đọc phiên bản, và gửi tệp mới nhất trong thư mục nhật ký lỗi (không chứa hồ sơ của ai).'),
      link(['settings'], 'Sao lưu, khôi phục: xem Cài đặt')));
}
