//! Documents as signed (issue 13): a decision recorded as signed keeps the document model
//! it was printed from, as JSON in its `document` field, so that it prints the same for
//! ever, on this laptop and at the receiving unit, whatever changes in the team later.
//!
//! The JSON crosses a trust boundary (it arrives in bundles, and a correctly signed
//! bundle may still come from a faulty program): [`parse`] reads it strictly (no
//! unknown keys, bounded size and depth) and checks every number against what a page
//! can hold before anything draws it.

use super::model::{Block, Document, Section};

/// Sizes are half-points: 4 pt to 72 pt.
const SIZES: std::ops::RangeInclusive<u16> = 8..=144;
/// Lengths are twips: nothing on an A4 page is longer than its 29.7 cm (16,838 twips).
const MAX_TWIPS: u32 = 16_838;
/// Spaces before and after a paragraph, in points (a page is 842 pt high).
const MAX_SPACE: u16 = 842;
/// Columns of a table, rows of one, blocks of a section: far above any document of a
/// team (a member list of 200 rows), far below what would hang a window.
const MAX_COLUMNS: usize = 40;
const MAX_ROWS: usize = 5_000;
const MAX_BLOCKS: usize = 20_000;

/// The JSON to store: compact, as serde writes it.
pub fn to_json(doc: &Document) -> String {
    serde_json::to_string(doc).expect("a document model always serialises")
}

/// Reads a frozen document, or says in words what is wrong with it.
pub fn parse(json: &str) -> Result<Document, String> {
    let doc: Document =
        serde_json::from_str(json).map_err(|e| format!("văn bản đã ký không đọc được ({e})"))?;
    check(&doc)?;
    Ok(doc)
}

fn check(doc: &Document) -> Result<(), String> {
    let bad = |what: &str| Err(format!("văn bản đã ký có {what} không hợp lệ"));
    if doc.sections.is_empty() || doc.title.chars().count() > 500 {
        return bad("tiêu đề hoặc số phần");
    }
    let mut blocks = 0usize;
    for section in &doc.sections {
        check_blocks(&section.blocks, section, &mut blocks)?;
    }
    if blocks > MAX_BLOCKS {
        return bad("số đoạn");
    }
    Ok(())
}

fn check_blocks(list: &[Block], section: &Section, count: &mut usize) -> Result<(), String> {
    let bad = |what: &str| Err(format!("văn bản đã ký có {what} không hợp lệ"));
    let width = section.text_width();
    for block in list {
        *count += 1;
        if *count > MAX_BLOCKS {
            return bad("số đoạn");
        }
        match block {
            Block::Para(p) => {
                if !SIZES.contains(&p.size)
                    || p.indent > MAX_TWIPS
                    || p.space_after > MAX_SPACE
                    || p.space_before > MAX_SPACE
                {
                    return bad("cỡ chữ hoặc khoảng cách");
                }
            }
            Block::Rule { length } => {
                if *length > width {
                    return bad("đường kẻ");
                }
            }
            Block::Columns(c) => {
                if c.widths.is_empty()
                    || c.widths.len() > MAX_COLUMNS
                    || c.widths.iter().sum::<u32>() > MAX_TWIPS
                    || c.rows.len() > MAX_ROWS
                    || c.rows.iter().any(|r| r.len() != c.widths.len())
                {
                    return bad("bảng");
                }
                for cell in c.rows.iter().flatten() {
                    check_blocks(cell, section, count)?;
                }
            }
            Block::Grid(g) => {
                let columns = g.widths.len();
                let span_ok = |row: &Vec<super::model::Cell>| {
                    row.iter()
                        .map(|c| usize::from(c.span.max(1)))
                        .sum::<usize>()
                        <= columns
                };
                if columns == 0
                    || columns > MAX_COLUMNS
                    || g.widths.iter().sum::<u32>() > MAX_TWIPS
                    || g.rows.len() + g.header.len() > MAX_ROWS
                    || !SIZES.contains(&g.size)
                    || !g.header.iter().all(span_ok)
                    || !g.rows.iter().all(span_ok)
                {
                    return bad("bảng danh sách");
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::model::{DocumentKind, Para};

    fn sample() -> Document {
        Document {
            kind: DocumentKind::Decision,
            title: "Quyết định số 98/QĐ-UBND".into(),
            sections: vec![Section::portrait(vec![
                Block::Para(Para::body("Điều 1. Thành lập Tổ bảo vệ an ninh, trật tự.")),
                Block::Rule { length: 1200 },
            ])],
        }
    }

    #[test]
    fn a_frozen_document_reads_back_as_it_was() {
        let doc = sample();
        assert_eq!(parse(&to_json(&doc)).unwrap(), doc);
    }

    #[test]
    fn what_no_page_can_hold_is_refused_in_words() {
        let json = to_json(&sample());
        for (what, changed) in [
            (
                "an unknown key",
                json.replacen("\"title\"", "\"x\":1,\"title\"", 1),
            ),
            (
                "a huge size",
                json.replacen("\"size\":28", "\"size\":60000", 1),
            ),
            (
                "a rule wider than the page",
                json.replacen("1200", "99999999", 1),
            ),
            (
                "no sections",
                json.replacen("\"sections\":[", "\"sections\":[],\"_\":[", 1),
            ),
            ("not JSON", "{\"kind\":".to_string()),
        ] {
            assert_ne!(changed, json, "{what}: the sample changed");
            let err = parse(&changed).unwrap_err();
            assert!(err.starts_with("văn bản đã ký"), "{what}: {err}");
        }
        // Nested a thousand levels deep: refused by the parser's depth limit, not a crash.
        let deep = format!(
            "{{\"kind\":\"decision\",\"title\":\"x\",\"sections\":[{{\"landscape\":false,\"restart_numbering\":false,\"blocks\":[{}]}}]}}",
            "{\"type\":\"columns\",\"widths\":[100],\"keep_together\":false,\"rows\":[[[".repeat(1000)
        );
        assert!(parse(&deep).is_err());
    }
}
