//! The `.docx` writer: WordprocessingML written by hand and packed with our own
//! deterministic ZIP writer ([`crate::bundle::container`]), so the output is the same bytes
//! for the same document and every property of ND30 is set explicitly:
//! - each section: A4 (`w:pgSz` 11906 × 16838, or turned for landscape), margins 20/20/30/15
//!   mm, `w:titlePg` with an empty first-page header and a centred `PAGE` field in the
//!   default header (the page number from page 2, in the top margin);
//! - every run: Times New Roman in all four font slots, its size in half-points, bold
//!   and italic as the model says;
//! - the header and signature tables: fixed layout, exact `w:gridCol` widths, no borders;
//! - rules: an empty paragraph 4 pt high with a bottom border, indented to centre the
//!   line in its cell.

use std::fmt::Write as _;

use super::model::{
    size, Align, Block, Cell, Columns, Document, Grid, Merge, Para, Section, HEADER_DISTANCE,
    MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, PAGE_H, PAGE_W,
};
use crate::bundle::container;
use crate::error::{Error, Result};

const FONT: &str = "Times New Roman";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// The document as `.docx` bytes.
pub fn to_docx(doc: &Document) -> Result<Vec<u8>> {
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core(doc)),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/document.xml", document(doc)),
        ("word/styles.xml", styles()),
        ("word/settings.xml", settings()),
        ("word/header1.xml", page_number_header()),
        ("word/header2.xml", empty_header()),
    ];
    container::write(&parts).map_err(Error::internal)
}

/// XML text: the same escaping as the print view's (control characters dropped, line
/// breaks as spaces: a manual break in a justified line stretches it, domain.md §1.3).
use super::html::escape;

fn content_types() -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        r#"{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{wml}.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="{wml}.styles+xml"/><Override PartName="/word/settings.xml" ContentType="{wml}.settings+xml"/><Override PartName="/word/header1.xml" ContentType="{wml}.header+xml"/><Override PartName="/word/header2.xml" ContentType="{wml}.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#
    )
}

fn package_rels() -> String {
    format!(
        r#"{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
    )
}

fn document_rels() -> String {
    let t = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    format!(
        r#"{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="{t}/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="{t}/settings" Target="settings.xml"/><Relationship Id="rIdHeaderDefault" Type="{t}/header" Target="header1.xml"/><Relationship Id="rIdHeaderFirst" Type="{t}/header" Target="header2.xml"/></Relationships>"#
    )
}

/// Title and language only: no dates, so the same document gives the same bytes.
fn core(doc: &Document) -> String {
    format!(
        r#"{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:language>vi-VN</dc:language></cp:coreProperties>"#,
        escape(&doc.title)
    )
}

fn run_props(size: u16, bold: bool, italic: bool) -> String {
    run_props_in(FONT, size, bold, italic)
}

/// The fixed-width font of [`crate::documents::model::Run::mono`] runs.
const MONO_FONT: &str = "Courier New";

fn run_props_in(font: &str, size: u16, bold: bool, italic: bool) -> String {
    format!(
        r#"<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}"/>{}{}<w:color w:val="000000"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="vi-VN"/></w:rPr>"#,
        if bold { "<w:b/><w:bCs/>" } else { "" },
        if italic { "<w:i/><w:iCs/>" } else { "" },
    )
}

fn styles() -> String {
    format!(
        r#"{XML_HEAD}<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault>{}</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        run_props(size::BODY, false, false)
    )
}

fn settings() -> String {
    format!(
        r#"{XML_HEAD}<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    )
}

/// The default header: the page number, centred, 13 pt upright.
fn page_number_header() -> String {
    let rpr = run_props(size::PAGE_NUMBER, false, false);
    format!(
        r#"{XML_HEAD}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>2</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>"#
    )
}

/// The first page's header: empty (no number on page 1).
fn empty_header() -> String {
    format!(r#"{XML_HEAD}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p/></w:hdr>"#)
}

fn document(doc: &Document) -> String {
    let mut body = String::new();
    let count = doc.sections.len();
    for (i, section) in doc.sections.iter().enumerate() {
        for block in &section.blocks {
            write_block(&mut body, block, section.text_width());
        }
        let props = section_props(section);
        if i + 1 < count {
            // A section ends with a paragraph that carries its properties.
            let _ = write!(body, "<w:p><w:pPr>{props}</w:pPr></w:p>");
        } else {
            body.push_str(&props);
        }
    }
    format!(
        r#"{XML_HEAD}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>"#
    )
}

fn section_props(s: &Section) -> String {
    let page = if s.landscape {
        format!(r#"<w:pgSz w:w="{PAGE_H}" w:h="{PAGE_W}" w:orient="landscape"/>"#)
    } else {
        format!(r#"<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>"#)
    };
    format!(
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderDefault"/><w:headerReference w:type="first" r:id="rIdHeaderFirst"/><w:type w:val="nextPage"/>{page}<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="567" w:gutter="0"/>{}<w:titlePg/></w:sectPr>"#,
        if s.restart_numbering {
            r#"<w:pgNumType w:start="1"/>"#
        } else {
            ""
        }
    )
}

fn jc(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Justify => "both",
    }
}

fn write_block(out: &mut String, block: &Block, width: u32) {
    match block {
        Block::Para(p) => write_para(out, p),
        Block::Rule { length } => write_rule(out, *length, width),
        Block::Columns(c) => write_columns(out, c),
        Block::Grid(g) => write_grid(out, g),
    }
}

fn write_para(out: &mut String, p: &Para) {
    out.push_str("<w:p><w:pPr>");
    if p.keep_next {
        out.push_str("<w:keepNext/>");
    }
    let _ = write!(
        out,
        r#"<w:spacing w:before="{}" w:after="{}" w:line="240" w:lineRule="auto"/>"#,
        u32::from(p.space_before) * 20,
        u32::from(p.space_after) * 20
    );
    if p.indent > 0 {
        let _ = write!(out, r#"<w:ind w:firstLine="{}"/>"#, p.indent);
    }
    let _ = write!(out, r#"<w:jc w:val="{}"/>"#, jc(p.align));
    let first = p.runs.first();
    out.push_str(&run_props(
        p.size,
        first.is_some_and(|r| r.bold),
        first.is_some_and(|r| r.italic),
    ));
    out.push_str("</w:pPr>");
    for r in &p.runs {
        let _ = write!(
            out,
            r#"<w:r>{}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            run_props_in(
                if r.mono { MONO_FONT } else { FONT },
                p.size,
                r.bold,
                r.italic
            ),
            escape(&r.text)
        );
    }
    out.push_str("</w:p>");
}

/// A centred line of `length` twips in a container `width` twips wide.
fn write_rule(out: &mut String, length: u32, width: u32) {
    let side = width.saturating_sub(length) / 2;
    let _ = write!(
        out,
        r#"<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr><w:spacing w:before="0" w:after="0" w:line="80" w:lineRule="exact"/><w:ind w:left="{side}" w:right="{side}"/><w:jc w:val="center"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>"#
    );
}

fn table_props(out: &mut String, widths: &[u32], border: &str, cell_margin: u32) {
    let total: u32 = widths.iter().sum();
    let edge = |name: &str| match border {
        "nil" => format!(r#"<w:{name} w:val="nil"/>"#),
        _ => format!(r#"<w:{name} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#),
    };
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{}{}{}{}{}{}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{cell_margin}" w:type="dxa"/><w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#,
        edge("top"),
        edge("left"),
        edge("bottom"),
        edge("right"),
        edge("insideH"),
        edge("insideV"),
    );
    for w in widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
}

fn write_columns(out: &mut String, c: &Columns) {
    table_props(out, &c.widths, "nil", 0);
    for row in &c.rows {
        out.push_str("<w:tr>");
        if c.keep_together {
            out.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        for (cell, width) in row.iter().zip(&c.widths) {
            let _ = write!(
                out,
                r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>"#
            );
            for block in cell {
                write_block(out, block, *width);
            }
            if !matches!(cell.last(), Some(Block::Para(_) | Block::Rule { .. })) {
                out.push_str("<w:p/>");
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

fn write_grid(out: &mut String, g: &Grid) {
    table_props(out, &g.widths, "single", 57);
    let rows = g
        .header
        .iter()
        .map(|r| (r, true))
        .chain(g.rows.iter().map(|r| (r, false)));
    for (row, header) in rows {
        out.push_str("<w:tr>");
        out.push_str(if header {
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        } else {
            "<w:trPr><w:cantSplit/></w:trPr>"
        });
        let mut col = 0usize;
        for cell in row {
            write_cell(out, cell, &g.widths, col, g.size);
            col += usize::from(cell.span.max(1));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

fn write_cell(out: &mut String, cell: &Cell, widths: &[u32], col: usize, size: u16) {
    let span = usize::from(cell.span.max(1));
    let width: u32 = widths.iter().skip(col).take(span).sum();
    let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
    if span > 1 {
        let _ = write!(out, r#"<w:gridSpan w:val="{span}"/>"#);
    }
    match cell.merge {
        Merge::Start => out.push_str(r#"<w:vMerge w:val="restart"/>"#),
        Merge::Continue => out.push_str("<w:vMerge/>"),
        Merge::None => {}
    }
    out.push_str(r#"<w:vAlign w:val="center"/></w:tcPr>"#);
    let mut p = Para::centered(cell.text.as_str(), size, cell.bold, false);
    p.align = cell.align;
    p.space_before = 2;
    p.space_after = 2;
    write_para(out, &p);
    out.push_str("</w:tc>");
}
