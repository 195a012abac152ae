// Modal dialogs built on the native <dialog> element: it traps focus, makes the page
// behind inert and closes on Esc, with no script of ours to get wrong. Native
// alert()/confirm() are never used (they block the window and look foreign).

import { append, h } from './dom.js';

/**
 * Opens a modal dialog. `build(close)` returns the dialog's content; `close(value)`
 * closes it and resolves the returned promise with `value` (Esc resolves `undefined`,
 * unless `onEscape` returns false to keep it open).
 */
export function open({ title, build, wide = false, testid = 'dialog', onEscape = null, labelledBy = null }) {
  return new Promise((resolve) => {
    const titleId = `dlg-title-${Math.random().toString(36).slice(2)}`;
    const dlg = h('dialog', {
      class: ['dialog', wide && 'dialog-wide'],
      'aria-labelledby': labelledBy || titleId,
      'data-testid': testid,
    });
    let done = false;
    const close = (value) => {
      if (done) return;
      done = true;
      dlg.close();
      dlg.remove();
      resolve(value);
    };
    dlg.addEventListener('cancel', (e) => {
      e.preventDefault(); // decide ourselves, so unsaved work can be kept
      if (onEscape && onEscape() === false) return;
      close(undefined);
    });
    append(dlg, [h('h2', { id: titleId, class: 'dialog-title' }, title), build(close)]);
    document.body.appendChild(dlg);
    dlg.showModal();
    // Focus the first field, or the first button when there is none.
    const first = dlg.querySelector('[autofocus]')
      || dlg.querySelector('input:not([type=hidden]), select, textarea, button');
    if (first) first.focus();
  });
}

/**
 * Asks a yes/no question. Resolves true only when the clerk pressed the OK button.
 * `details` is an optional list of lines (e.g. what a delete takes with it).
 */
export function confirm({ title, message, details = [], okLabel = 'Đồng ý', cancelLabel = 'Không', danger = false, testid = 'confirm-dialog' }) {
  return open({
    title,
    testid,
    build: (close) => h('div', { class: 'dialog-body' },
      message ? h('p', {}, message) : null,
      details.length ? h('ul', { class: 'confirm-details', 'data-testid': 'confirm-details' }, details.map((d) => h('li', {}, d))) : null,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: danger ? 'danger' : 'primary', 'data-testid': 'confirm-ok', onclick: () => close(true) }, okLabel),
        h('button', { type: 'button', 'data-testid': 'confirm-cancel', autofocus: true, onclick: () => close(false) }, cancelLabel))),
  }).then((v) => v === true);
}
