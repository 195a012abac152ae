// Trợ giúp: the short guide of this installation's role, in the order the work comes,
// printable as A4. Route #/help or #/help/<screen>: F1 on a screen opens the section
// that explains it.

import { guide, sectionFor } from '../help-content.js';
import { h, replace } from '../dom.js';
import * as session from '../session.js';

export async function render(view, params) {
  const commune = session.isCommune();
  const sections = guide(commune);
  const target = params[0] ? sectionFor(commune, params[0]) : null;
  replace(view,
    h('div', { class: 'screen-head' },
      // The menu's word is the title; whose guide it is, beside it (and on the paper).
      h('h1', {}, 'Trợ giúp', h('span', { class: 'subtitle' }, commune ? ' — hướng dẫn cho cán bộ xã, phường' : ' — hướng dẫn cho đơn vị tiếp nhận')),
      h('button', { type: 'button', class: 'no-print', 'data-testid': 'help-print', onclick: () => window.print() }, 'In hướng dẫn…')),
    h('p', { class: 'muted no-print' }, 'Nhấn F1 ở bất kỳ màn hình nào để mở phần hướng dẫn của màn hình đó.'),
    h('nav', { class: 'panel help-toc no-print', 'aria-label': 'Các phần của hướng dẫn' },
      h('ol', {}, sections.map((s) => h('li', {}, h('a', {
        href: `#/help/${s.screens[0]}`, 'data-testid': 'help-toc-link',
        onclick: (e) => { e.preventDefault(); show(s.id); },
      }, s.title))))),
    sections.map((s, i) => h('section', { class: 'panel help-section', id: `help-${s.id}`, 'data-testid': 'help-section', 'data-section': s.id, tabindex: '-1' },
      h('h2', {}, `${i + 1}. ${s.title}`),
      h('ol', {}, s.steps.map((step) => h('li', {}, step))),
      s.image ? h('figure', {},
        h('img', { src: s.image, alt: s.caption, width: 900, height: 506 }),
        h('figcaption', { class: 'muted' }, s.caption)) : null)));
  if (target) show(target);

  function show(id) {
    const el = view.querySelector(`#help-${id}`);
    if (!el) return;
    el.focus({ preventScroll: true });
    // The content scrolls inside <main>. The pictures above the section move it as
    // they load: scroll once they have (a picture that fails to load moves nothing).
    const pictures = [...view.querySelectorAll('.help-section img')]
      .map((img) => (img.complete ? null : img.decode().catch(() => null)));
    Promise.all(pictures).then(() => {
      const main = document.getElementById('main');
      if (!main || !el.isConnected) return;
      main.scrollTop += el.getBoundingClientRect().top - main.getBoundingClientRect().top - 8;
      el.dataset.shown = 'true';
    });
  }
}
