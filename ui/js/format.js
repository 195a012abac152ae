// Vietnamese presentation of dates, numbers and money (domain.md §5.5).
// The engine stores ISO dates ("2025-03-05", or "1975" / "1975-03" for partial dates)
// and whole numbers; the screen shows dd/mm/yyyy and 1.234.567. Formatting is done by
// hand rather than with toLocaleString so that every machine shows the same text
// (vi-VN locale data differs between WebView versions, e.g. "5/1/2025").

const pad2 = (n) => String(n).padStart(2, '0');

/** "2025-03-05" → "05/03/2025"; "1975-03" → "03/1975"; "1975" → "1975"; else as is. */
export function isoToVn(iso) {
  if (iso === null || iso === undefined || iso === '') return '';
  const s = String(iso);
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) return `${m[2]}/${m[1]}`;
  return s;
}

/**
 * Reads what a person typed, day first (never month first): d/m/yyyy, d-m-yyyy,
 * d.m.yyyy, ISO yyyy-mm-dd, and with `partial` also m/yyyy and yyyy.
 * Returns the ISO text, or null when it cannot be read. The engine checks again; this
 * only tidies the field ("5/3/2025" → "05/03/2025") so the clerk sees what is stored.
 */
export function vnToIso(text, { partial = false } = {}) {
  const s = String(text ?? '').trim();
  if (!s) return null;
  const parts = s.split(/[/.-]/).map((p) => p.trim());
  if (parts.length > 3 || parts.some((p) => !/^\d{1,4}$/.test(p))) return null;
  const year = (p) => (p.length === 4 && +p >= 1900 && +p <= 2100 ? +p : null);
  if (parts.length === 1) return partial && year(parts[0]) ? parts[0] : null;
  if (parts.length === 2) {
    if (!partial) return null;
    const [a, b] = parts[0].length === 4 ? [parts[1], parts[0]] : parts;
    const y = year(b);
    const mo = +a;
    return y && a.length <= 2 && mo >= 1 && mo <= 12 ? `${y}-${pad2(mo)}` : null;
  }
  const [d, mo, y] = parts[0].length === 4 ? [parts[2], parts[1], parts[0]] : parts;
  const yy = year(y);
  if (!yy || d.length > 2 || mo.length > 2) return null;
  const date = new Date(Date.UTC(yy, +mo - 1, +d));
  if (date.getUTCFullYear() !== yy || date.getUTCMonth() !== +mo - 1 || date.getUTCDate() !== +d) return null;
  return `${yy}-${pad2(+mo)}-${pad2(+d)}`;
}

/** Today's date in local time, as ISO. */
export function todayIso(now = new Date()) {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

/** 1234567 → "1.234.567" (dot for thousands, as Vietnamese writes them). */
export function formatNumber(n) {
  if (n === null || n === undefined || n === '') return '';
  // Only real numbers are regrouped: a text such as "1.250" is already written the
  // Vietnamese way, and Number() would read it as one and a quarter.
  if (typeof n === 'string' && !/^-?\d+$/.test(n.trim())) return n;
  const num = Number(n);
  if (!Number.isFinite(num)) return String(n);
  const negative = num < 0;
  const [int, frac] = Math.abs(num).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (negative ? '-' : '') + grouped + (frac ? ',' + frac : '');
}

/** 1500000 → "1.500.000 đồng". */
export function formatMoney(n) {
  if (n === null || n === undefined || n === '') return '';
  return `${formatNumber(n)} đồng`;
}

/** Groups the digits of a money field while typing: "1500000" → "1.500.000". */
export function groupDigitsTyped(text) {
  const digits = String(text).replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** 1234567 bytes → "1,2 MB". */
export function formatBytes(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${formatNumber(n)} byte`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  const rounded = v >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
  return `${formatNumber(rounded)} ${units[i]}`;
}

/** An ISO timestamp ("2026-11-28T01:53:56+00:00") in local time: "28/11/2026 08:53". */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${pad2(d.getDate())}/${pad2(d.getMonth() + 1)}/${d.getFullYear()} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

function daysBetween(fromIso, toIso) {
  const a = Date.UTC(+fromIso.slice(0, 4), +fromIso.slice(5, 7) - 1, +fromIso.slice(8, 10));
  const b = Date.UTC(+toIso.slice(0, 4), +toIso.slice(5, 7) - 1, +toIso.slice(8, 10));
  return Math.round((b - a) / 86400000);
}

/** "hôm nay", "hôm qua", "3 ngày trước", "2 tuần trước", "5 tháng trước", "ngày mai", "còn 4 ngày". */
export function relativeDate(iso, today = todayIso()) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return '';
  const days = daysBetween(iso.slice(0, 10), today);
  if (days === 0) return 'hôm nay';
  if (days === 1) return 'hôm qua';
  if (days === -1) return 'ngày mai';
  if (days < 0) return `còn ${formatNumber(-days)} ngày`;
  if (days < 14) return `${days} ngày trước`;
  if (days < 60) return `${Math.floor(days / 7)} tuần trước`;
  if (days < 365) return `${Math.floor(days / 30)} tháng trước`;
  return `${Math.floor(days / 365)} năm trước`;
}

/** Completed years from a (possibly partial) ISO birth date to today; null if unknown. */
export function ageOn(birthIso, today = todayIso()) {
  if (!birthIso) return null;
  const y = +String(birthIso).slice(0, 4);
  if (!y) return null;
  let age = +today.slice(0, 4) - y;
  // With only a year (or a month) known, count the birthday as passed: lists that give
  // only a year are read that way.
  if (/^\d{4}-\d{2}-\d{2}$/.test(birthIso) && today.slice(5) < birthIso.slice(5)) age -= 1;
  return age;
}

/**
 * Search folding as the engine does it (domain.md §5.2): lower case, marks removed,
 * đ → d. Used only to filter short lists already on screen.
 */
export function fold(s) {
  return String(s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐÐƉ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits a key fingerprint into groups of four for reading aloud on the phone. */
export function fingerprintGroups(fp) {
  const compact = String(fp ?? '').replace(/\s+/g, '').toUpperCase();
  return compact.match(/.{1,4}/g) || [];
}

/** Upper-cases the first letter ("thành viên" → "Thành viên") for headings. */
export function capitalise(s) {
  const t = String(s ?? '');
  return t ? t[0].toLocaleUpperCase('vi') + t.slice(1) : t;
}

/** The last part of a path, for "Tệp: xa-dong-tien-2025-03-05.zip". */
export function baseName(path) {
  return String(path ?? '').split(/[\\/]/).pop();
}

/** A share from 0 to 1 as a whole percentage; '—' where there is none. */
export const percent = (share) => (share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`);
