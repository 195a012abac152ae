// A stored scan, shown (issue 17, item 4): a signed decision, a certificate, a team's
// document. Images are shown in the window; a PDF too where the WebView has a PDF viewer
// (WebView2 on Windows), in a frame of a blob made here from the stored bytes; TIFF and
// a PDF elsewhere are opened in the system's viewer. Every button works on the program's
// own stored copy, named by its hash (scan_view, save_scan, open_scan).

import * as api from './api.js';
import * as dialog from './dialog.js';
import { h, replace } from './dom.js';
import * as notify from './notify.js';
import { savedPanel } from './saved.js';

function bytesOf(base64) {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Whether this WebView shows a PDF in a frame: WebView2 (Edge's engine, on the clerks'
 * Windows laptops) does. WebKitGTK says it has a PDF viewer but draws a blob's PDF as a
 * blank frame (seen in the end-to-end screenshot 44a), so elsewhere the system's viewer
 * is offered instead.
 */
function pdfInWindow() {
  return navigator.pdfViewerEnabled === true && /\bEdg\//.test(navigator.userAgent);
}

/** Opens the viewer on the scan `sha256`; `title` says what it is. */
export async function openScan(sha256, title = 'Bản chụp') {
  let scan;
  let tooLarge = null; // a scan the page is not sent: the viewer still offers its buttons
  try {
    scan = await api.scanView(sha256);
  } catch (e) {
    if (e && e.code === 'scan_too_large') {
      tooLarge = e.message;
      scan = { mime: null, base64: '' };
    } else {
      notify.error(e, 'Chưa mở được bản chụp');
      return;
    }
  }
  let url = null;
  await dialog.open({
    title,
    wide: true,
    testid: 'scan-viewer',
    build: (close) => {
      const shown = h('div', { class: 'scan-view', 'data-testid': 'scan-view' });
      const isImage = scan.mime === 'image/png' || scan.mime === 'image/jpeg';
      const isPdf = scan.mime === 'application/pdf';
      if (tooLarge) {
        replace(shown, h('p', { class: 'muted', 'data-testid': 'scan-not-shown' }, tooLarge));
      } else if (isImage) {
        replace(shown, h('img', {
          src: `data:${scan.mime};base64,${scan.base64}`, alt: title, 'data-testid': 'scan-image',
        }));
      } else if (isPdf && pdfInWindow()) {
        url = URL.createObjectURL(new Blob([bytesOf(scan.base64)], { type: scan.mime }));
        replace(shown, h('iframe', { src: url, title, 'data-testid': 'scan-pdf' }));
      } else {
        replace(shown, h('p', { class: 'muted', 'data-testid': 'scan-not-shown' },
          `Cửa sổ này không hiển thị được tệp ${isPdf ? 'PDF' : scan.mime === 'image/tiff' ? 'TIFF' : 'loại này'}. Bấm “Mở bằng chương trình xem” để xem bằng chương trình của máy, hoặc “Lưu bản sao…”.`));
      }
      // savedPanel's own testid is `scan-saved`; this is only where it goes.
      const result = h('div', { class: 'scan-save-result' });
      const save = async () => {
        try {
          const r = await api.saveScan(sha256);
          replace(result, savedPanel(r.file, { what: 'bản sao bản chụp', prefix: 'scan' }));
        } catch (e) {
          if (!api.isCancelled(e)) notify.error(e, 'Chưa lưu được bản sao');
        }
      };
      const openOutside = async () => {
        try {
          await api.openScan(sha256);
        } catch (e) {
          notify.error(e, 'Không mở được bản chụp');
        }
      };
      return h('div', { class: 'dialog-body' },
        shown,
        result,
        h('div', { class: 'dialog-actions' },
          h('button', { type: 'button', class: isImage ? null : 'primary', 'data-testid': 'scan-open', onclick: openOutside }, 'Mở bằng chương trình xem'),
          h('button', { type: 'button', 'data-testid': 'scan-save', onclick: save }, 'Lưu bản sao…'),
          h('button', { type: 'button', 'data-testid': 'scan-close', autofocus: true, onclick: () => close() }, 'Đóng')));
    },
  });
  if (url) URL.revokeObjectURL(url);
}

/** A "Xem" button for a stored scan. */
export function viewButton(sha256, title, label = 'Xem') {
  return h('button', {
    type: 'button', class: 'small', 'data-testid': 'view-scan', 'data-sha': sha256,
    'aria-label': `Xem ${title}`, onclick: () => openScan(sha256, title),
  }, label);
}
