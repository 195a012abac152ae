// Draws a document model from the engine (src/documents/model.rs: sections of
// paragraphs, rules, borderless column tables and ruled grids, with sizes in
// half-points and lengths in twips) as A4 sheets. The engine decides every format;
// this only translates it, as src/documents/html.rs does for the CLI.
//
// Text goes in as text nodes (dom.js). Sizes and widths are set through the CSSOM
// (`el.style.x = …`), which the CSP allows, never as `style` attributes.

import { h, link, loading, replace } from './dom.js';

const TWIPS_PER_MM = 1440 / 25.4;
const mm = (twips) => `${(twips / TWIPS_PER_MM).toFixed(1)}mm`;
const pt = (halfPoints) => `${halfPoints / 2}pt`;

function styled(el, styles) {
  for (const [k, v] of Object.entries(styles)) el.style[k] = v;
  return el;
}

/** The sheets of a document: one element per section. */
export function renderDocument(doc) {
  return doc.sections.map((section) => h('section',
    { class: ['doc-page', section.landscape && 'wide'], 'data-testid': 'doc-page' },
    section.blocks.map(block)));
}

function block(b) {
  switch (b.type) {
    case 'para': return para(b);
    case 'rule': return styled(h('div', { class: 'rule' }), { width: mm(b.length) });
    case 'columns': return columns(b);
    case 'grid': return grid(b);
    default: return null; // a newer engine's block: left out rather than guessed
  }
}

function para(p) {
  const el = h('p', {
    class: [p.align, p.indent > 0 && 'indent', p.keep_next && 'keep', p.preserve_spaces && 'pre'],
  }, p.runs.every((r) => !r.text) ? '\u00a0' : p.runs.map((r) => {
    let node = document.createTextNode(r.text);
    if (r.mono) node = h('code', {}, node);
    if (r.italic) node = h('i', {}, node);
    if (r.bold) node = h('b', {}, node);
    return node;
  }));
  return styled(el, {
    fontSize: pt(p.size),
    marginTop: p.space_before ? `${p.space_before}pt` : '0',
    marginBottom: p.space_after ? `${p.space_after}pt` : '0',
  });
}

function colgroup(widths) {
  return h('colgroup', {}, widths.map((w) => styled(h('col'), { width: mm(w) })));
}

const total = (widths) => widths.reduce((a, b) => a + b, 0);

function columns(c) {
  return styled(h('table', { class: ['doc-cols', c.keep_together && 'together'] },
    colgroup(c.widths),
    h('tbody', {}, c.rows.map((row) => h('tr', {}, row.map((cell) => h('td', {}, cell.map(block))))))),
  { width: mm(total(c.widths)) });
}

/** How many rows below (row, col) continue a vertical merge starting there. */
function rowspan(rows, row, col) {
  let n = 1;
  for (const r of rows.slice(row + 1)) {
    let c = 0;
    const below = r.find((cell) => { const here = c === col; c += Math.max(cell.span, 1); return here; });
    if (below && below.merge === 'continue') n += 1; else break;
  }
  return n;
}

function gridRows(rows, tag) {
  return rows.map((row, i) => {
    let col = 0;
    const cells = [];
    for (const cell of row) {
      if (cell.merge !== 'continue') {
        const span = cell.merge === 'start' ? rowspan(rows, i, col) : 1;
        cells.push(h(tag, {
          class: [cell.align, cell.bold && tag === 'td' && 'bold'],
          colspan: cell.span > 1 ? cell.span : null,
          rowspan: span > 1 ? span : null,
        }, cell.text));
      }
      col += Math.max(cell.span, 1);
    }
    return h('tr', {}, cells);
  });
}

function grid(g) {
  return styled(h('table', { class: 'doc-table', 'data-testid': 'doc-grid' },
    colgroup(g.widths),
    h('thead', {}, gridRows(g.header, 'th')),
    h('tbody', {}, gridRows(g.rows, 'td'))),
  { width: mm(total(g.widths)), fontSize: pt(g.size) });
}

/**
 * A screen that shows one sheet to print (the card, the enrolment sheet, a person's
 * record): its heading with the way back, the print button, a hint on what to do with
 * the paper, and the pages. `name` gives the test ids: `<name>` and `<name>-print`.
 */
export async function renderSheetScreen(view, { title, back, name, hint, load }) {
  replace(view, h('h1', {}, title), loading());
  const doc = await load();
  replace(view,
    h('div', { class: 'screen-head' }, h('h1', {}, title), link([back.route], back.label)),
    h('div', { class: 'doc-toolbar' },
      h('button', { type: 'button', class: 'primary', 'data-testid': `${name}-print`, onclick: () => window.print() }, 'In…')),
    h('p', { class: 'muted doc-hint' }, hint),
    h('div', { class: 'doc-pages', 'data-testid': name, 'data-kind': doc.kind }, renderDocument(doc)));
}
