//! A member list saved as CSV (or as Excel's "Unicode text").
//!
//! Excel on a Vietnamese Windows saves "CSV" in the ANSI code page, Windows-1258,
//! which writes most tone marks as combining characters (normalisation makes them
//! NFC later); "CSV UTF-8" starts with a byte-order mark, and "Unicode text" is
//! UTF-16 with tabs. The separator is whichever of `,` `;` or tab splits the first
//! lines most evenly: a Vietnamese locale lists with `;`.

use super::sheet::{Cell, Grid, MAX_COLUMNS, MAX_ROWS};

pub fn read(bytes: &[u8]) -> Result<Grid, String> {
    let text = decode(bytes)?;
    let delimiter = guess_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Grid::named("CSV");
    for (i, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| format!("dòng {} của tệp CSV không đọc được ({e})", i + 1))?;
        // The reader skips blank lines; rows keep the numbers Excel shows for the file.
        let row = record
            .position()
            .map_or(grid.rows.len(), |p| p.line().saturating_sub(1) as usize);
        if row >= MAX_ROWS {
            return Err(format!(
                "tệp có hơn {} dòng; hãy tách danh sách thành nhiều tệp nhỏ hơn",
                crate::records::convert::group_thousands(MAX_ROWS as i64)
            ));
        }
        if grid.rows.len() < row {
            grid.rows.resize_with(row, Vec::new);
        }
        grid.rows.push(
            record
                .iter()
                .take(MAX_COLUMNS)
                .map(|v| {
                    if v.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(super::sheet::cut_to_cell(v.to_string()))
                    }
                })
                .collect(),
        );
    }
    Ok(grid)
}

fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(str::to_string)
            .map_err(|_| "tệp CSV ghi là UTF-8 nhưng có byte không hợp lệ; hãy lưu lại bằng Excel (CSV UTF-8)".into());
    }
    for (bom, encoding) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (text, _, errors) = encoding.decode(bytes);
            if errors {
                return Err(
                    "tệp văn bản Unicode có byte không hợp lệ; hãy lưu lại bằng Excel (CSV UTF-8)"
                        .into(),
                );
            }
            return Ok(text.into_owned());
        }
    }
    if bytes.contains(&0) {
        return Err("tệp này không phải sổ tính Excel (.xlsx, .xls) hay bảng CSV; hãy mở bằng Excel và lưu lại dạng .xlsx".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => Ok(decode_8_bit(bytes)),
    }
}

/// An 8-bit file: text typed in the TCVN3 (.VnTime) or VNI fonts, saved as it was
/// typed, or the ANSI code page of a Vietnamese Windows (1258). The font's bytes are
/// read as Latin-1 characters — the way a workbook shows them, and the way
/// `text::legacy` converts them — when those read as TCVN3 or VNI; otherwise the file
/// is Windows-1258. (Decoded as 1258, a .VnTime byte such as 0xD2 or 0xEC would
/// become a combining mark and the text could no longer be recognised.)
fn decode_8_bit(bytes: &[u8]) -> String {
    let latin: String = bytes.iter().map(|&b| char::from(b)).collect();
    let lines: Vec<&str> = latin.lines().take(2_000).collect();
    if crate::text::legacy::detect(&lines).is_some() {
        return latin;
    }
    encoding_rs::WINDOWS_1258.decode(bytes).0.into_owned()
}

fn guess_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t'] {
        let counts: Vec<usize> = lines.iter().map(|l| l.matches(d as char).count()).collect();
        // The header line and the data lines share a count; title lines above have none.
        let most = counts.iter().copied().max().unwrap_or(0);
        let lines_with_most = counts.iter().filter(|&&c| c == most && c > 0).count();
        let score = most * lines_with_most;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}
