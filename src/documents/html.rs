//! The print view: one self-contained HTML page (a `<style>` element, no scripts, no
//! `style` attributes, no external resources) that prints on A4 with the margins of ND30
//! and shows the pages as sheets on screen. Every text is HTML-escaped.
//!
//! Page numbers use CSS page-margin boxes (`@top-center`), which Chromium ≥ 131 prints
//! (domain.md §1.3); the first page has none. A landscape section uses the named page
//! `wide`. Widths and sizes are classes defined in the one `<style>` element, so the page
//! works under a Content-Security-Policy that allows that style (by hash) and no inline
//! `style` attributes.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::model::{
    mm, size, Align, Block, Cell, Columns, Document, Grid, Merge, Para, MARGIN_BOTTOM, MARGIN_LEFT,
    MARGIN_RIGHT, MARGIN_TOP,
};

const FONTS: &str = r#""Times New Roman", Tinos, "Liberation Serif", serif"#;

/// Escapes text for HTML (and XML) element content and attribute values; drops control
/// characters and the non-characters XML forbids; line breaks become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lengths and sizes the page uses, each becoming one CSS class.
#[derive(Default)]
struct Classes {
    widths: BTreeSet<u32>,
    sizes: BTreeSet<u16>,
}

/// The document as one HTML page.
pub fn to_html(doc: &Document) -> String {
    let mut classes = Classes::default();
    classes.sizes.insert(size::BODY);
    let mut body = String::new();
    for section in &doc.sections {
        let _ = write!(
            body,
            r#"<section class="page{}">"#,
            if section.landscape { " wide" } else { "" }
        );
        for block in &section.blocks {
            write_block(&mut body, block, &mut classes);
        }
        body.push_str("</section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(&doc.title),
        css(&classes)
    )
}

fn css(classes: &Classes) -> String {
    let (top, right, bottom, left) = (
        mm(MARGIN_TOP),
        mm(MARGIN_RIGHT),
        mm(MARGIN_BOTTOM),
        mm(MARGIN_LEFT),
    );
    let page_number = f64::from(size::PAGE_NUMBER) / 2.0;
    let mut css = format!(
        "@page {{ size: A4; margin: {top:.0}mm {right:.0}mm {bottom:.0}mm {left:.0}mm;\n  @top-center {{ content: counter(page); font: {page_number}pt {FONTS}; }} }}\n\
@page :first {{ @top-center {{ content: none; }} }}\n\
@page wide {{ size: A4 landscape; }}\n\
html {{ background: #8a8a8a; }}\n\
body {{ margin: 0; font-family: {FONTS}; color: #000; }}\n\
.page {{ background: #fff; box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: {top:.0}mm {right:.0}mm {bottom:.0}mm {left:.0}mm; }}\n\
.page.wide {{ width: 297mm; min-height: 210mm; page: wide; }}\n\
@media print {{ html {{ background: none; }} .page {{ width: auto; min-height: 0; margin: 0; padding: 0; break-after: page; }} .page:last-child {{ break-after: auto; }} }}\n\
p {{ margin: 0; line-height: 1.15; }}\n\
.pre {{ white-space: pre-wrap; }}\n\
code {{ font-family: \"Courier New\", \"Liberation Mono\", monospace; font-size: inherit; }}\n\
.left {{ text-align: left; }} .center {{ text-align: center; }} .justify {{ text-align: justify; }}\n\
.indent {{ text-indent: 12.7mm; }} .keep {{ break-after: avoid; }}\n\
.rule {{ border-top: 1px solid #000; height: 0; margin: 1px auto 0; }}\n\
table {{ border-collapse: collapse; table-layout: fixed; }}\n\
table.columns td {{ border: none; padding: 0; vertical-align: top; }}\n\
table.columns.together {{ break-inside: avoid; }}\n\
table.grid td, table.grid th {{ border: 1px solid #000; padding: 2pt 1mm; vertical-align: middle; font-weight: normal; }}\n\
table.grid th {{ font-weight: bold; }}\n\
table.grid thead {{ display: table-header-group; }}\n\
table.grid tr {{ break-inside: avoid; }}\n"
    );
    for s in &classes.sizes {
        let _ = writeln!(css, ".s{s} {{ font-size: {}pt; }}", f64::from(*s) / 2.0);
    }
    for pt in [2u16, 6, 12, 18] {
        let _ = writeln!(
            css,
            ".a{pt} {{ margin-bottom: {pt}pt; }} .b{pt} {{ margin-top: {pt}pt; }}"
        );
    }
    for w in &classes.widths {
        let _ = writeln!(css, ".w{w} {{ width: {:.1}mm; }}", mm(*w));
    }
    css
}

fn write_block(out: &mut String, block: &Block, classes: &mut Classes) {
    match block {
        Block::Para(p) => write_para(out, p, classes),
        Block::Rule { length } => {
            classes.widths.insert(*length);
            let _ = write!(out, r#"<div class="rule w{length}"></div>"#);
        }
        Block::Columns(c) => write_columns(out, c, classes),
        Block::Grid(g) => write_grid(out, g, classes),
    }
}

fn align_class(a: Align) -> &'static str {
    match a {
        Align::Left => "left",
        Align::Center => "center",
        Align::Justify => "justify",
    }
}

fn write_para(out: &mut String, p: &Para, classes: &mut Classes) {
    classes.sizes.insert(p.size);
    let mut class = format!("{} s{}", align_class(p.align), p.size);
    if p.indent > 0 {
        class.push_str(" indent");
    }
    if p.keep_next {
        class.push_str(" keep");
    }
    if p.preserve_spaces {
        class.push_str(" pre");
    }
    for (prefix, pt) in [("a", p.space_after), ("b", p.space_before)] {
        if pt > 0 {
            let pt = [2u16, 6, 12, 18]
                .into_iter()
                .min_by_key(|c| c.abs_diff(pt))
                .unwrap_or(6);
            let _ = write!(class, " {prefix}{pt}");
        }
    }
    let _ = write!(out, r#"<p class="{class}">"#);
    if p.runs.iter().all(|r| r.text.is_empty()) {
        out.push_str("&nbsp;");
    }
    for r in &p.runs {
        let mut text = escape(&r.text);
        if r.mono {
            text = format!("<code>{text}</code>");
        }
        if r.italic {
            text = format!("<i>{text}</i>");
        }
        if r.bold {
            text = format!("<b>{text}</b>");
        }
        out.push_str(&text);
    }
    out.push_str("</p>");
}

fn colgroup(out: &mut String, widths: &[u32], classes: &mut Classes) {
    let total: u32 = widths.iter().sum();
    classes.widths.insert(total);
    out.push_str("<colgroup>");
    for w in widths {
        classes.widths.insert(*w);
        let _ = write!(out, r#"<col class="w{w}">"#);
    }
    out.push_str("</colgroup>");
}

fn write_columns(out: &mut String, c: &Columns, classes: &mut Classes) {
    let total: u32 = c.widths.iter().sum();
    let _ = write!(
        out,
        r#"<table class="columns w{total}{}">"#,
        if c.keep_together { " together" } else { "" }
    );
    colgroup(out, &c.widths, classes);
    for row in &c.rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str("<td>");
            for block in cell {
                write_block(out, block, classes);
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>\n");
}

fn write_cell(out: &mut String, tag: &str, cell: &Cell, rowspan: usize) {
    let mut attrs = format!(r#" class="{}""#, align_class(cell.align));
    if cell.span > 1 {
        let _ = write!(attrs, r#" colspan="{}""#, cell.span);
    }
    if rowspan > 1 {
        let _ = write!(attrs, r#" rowspan="{rowspan}""#);
    }
    let _ = write!(out, "<{tag}{attrs}>{}</{tag}>", escape(&cell.text));
}

/// How many rows a merge starting at `row`, grid column `col`, covers.
fn rowspan(rows: &[Vec<Cell>], row: usize, col: usize) -> usize {
    let mut n = 1;
    for r in rows.iter().skip(row + 1) {
        let mut c = 0;
        let below = r.iter().find(|cell| {
            let here = c == col;
            c += usize::from(cell.span.max(1));
            here
        });
        match below {
            Some(cell) if cell.merge == Merge::Continue => n += 1,
            _ => break,
        }
    }
    n
}

fn write_rows(out: &mut String, tag: &str, rows: &[Vec<Cell>]) {
    for (i, row) in rows.iter().enumerate() {
        out.push_str("<tr>");
        let mut col = 0;
        for cell in row {
            if cell.merge != Merge::Continue {
                let span = match cell.merge {
                    Merge::Start => rowspan(rows, i, col),
                    _ => 1,
                };
                write_cell(out, tag, cell, span);
            }
            col += usize::from(cell.span.max(1));
        }
        out.push_str("</tr>");
    }
}

fn write_grid(out: &mut String, g: &Grid, classes: &mut Classes) {
    classes.sizes.insert(g.size);
    let total: u32 = g.widths.iter().sum();
    let _ = write!(out, r#"<table class="grid w{total} s{}">"#, g.size);
    colgroup(out, &g.widths, classes);
    out.push_str("<thead>");
    write_rows(out, "th", &g.header);
    out.push_str("</thead><tbody>");
    write_rows(out, "td", &g.rows);
    out.push_str("</tbody></table>\n");
}
