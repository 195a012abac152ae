//! One table on one sheet, laid out as the report's tables are: the title (what the list
//! is, of whom), the day it is as of, the personal-data warning or a blank row, then the
//! header row (frozen, filtered, repeated on every printed page), the rows, and a
//! totals row where the list has one.

use rust_xlsxwriter::Workbook;

use crate::dates::vn;
use crate::error::Result;
use crate::records::Record;
use crate::report::xlsx::cells::{table_header, write_row, Cell, Column, Formats};
use crate::report::xlsx::HEADER_ROW;
use crate::report::PERSONAL_DATA_WARNING;

/// A table to write: its sheet, its two title lines, and its rows.
pub(crate) struct Table {
    pub(crate) sheet: String,
    pub(crate) title: String,
    pub(crate) subtitle: String,
    /// Personal data is in it: the warning row stands above the header.
    pub(crate) personal: bool,
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<Vec<Cell>>,
    pub(crate) total: Option<Vec<Cell>>,
}

/// The workbook every list starts from, its properties naming the commune.
pub(crate) fn workbook(title: &str, commune: &str) -> Workbook {
    let mut wb = Workbook::new();
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(title)
            .set_author(commune)
            .set_comment("Sổ Tổ xung kích"),
    );
    wb
}

/// A workbook of one table (the member and equipment lists).
pub(super) fn one_table(table: Table, commune: &str) -> Result<super::Built> {
    let f = Formats::new();
    let mut wb = workbook(&table.title, commune);
    add_table(&mut wb, &table, &f)?;
    Ok(super::Built {
        bytes: wb.save_to_buffer()?,
        rows: table.rows.len(),
        personal: table.personal,
        sheets: vec![table.sheet],
    })
}

/// The most lines a row is made tall for: Excel's tallest row is 409 points.
const MOST_LINES: usize = 409 / LINE_POINTS as usize;
/// The height of one line of the lists' 11-point text.
const LINE_POINTS: f64 = 15.0;

/// The lines the row's longest text takes in its column (a column's width is about the
/// characters it holds); each line the text breaks itself counts, however short.
fn lines_needed(cells: &[Cell], columns: &[Column]) -> usize {
    cells
        .iter()
        .zip(columns)
        .map(|(cell, column)| match cell {
            Cell::Text(s) if !s.is_empty() => {
                let per_line = (column.1 - 1.0).max(4.0) as usize;
                s.split('\n')
                    .map(|line| line.chars().count().div_ceil(per_line).max(1))
                    .sum()
            }
            _ => 1,
        })
        .max()
        .unwrap_or(1)
        .min(MOST_LINES)
}

pub(crate) fn add_table(wb: &mut Workbook, table: &Table, f: &Formats) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(&table.sheet)?;
    ws.write_string_with_format(0, 0, &table.title, &f.title)?;
    ws.write_string(1, 0, &table.subtitle)?;
    let count = table.rows.len() + usize::from(table.total.is_some());
    if table.personal {
        ws.merge_range(
            HEADER_ROW - 1,
            0,
            HEADER_ROW - 1,
            table.columns.len() as u16 - 1,
            PERSONAL_DATA_WARNING,
            &f.warning,
        )?;
        ws.set_row_height(HEADER_ROW - 1, 48)?;
    }
    table_header(ws, HEADER_ROW, &table.columns, count, f)?;
    let mut row = HEADER_ROW + 1;
    for cells in &table.rows {
        write_row(ws, row, cells, f, false)?;
        // Text wraps within its column; the row is made tall enough for the longest,
        // since neither Excel nor LibreOffice grows a row a program wrote.
        let lines = lines_needed(cells, &table.columns);
        if lines > 1 {
            ws.set_row_height(row, LINE_POINTS * lines as f64)?;
        }
        row += 1;
    }
    if let Some(total) = &table.total {
        write_row(ws, row, total, f, true)?;
    }
    Ok(())
}

/// "Tính đến ngày 05/12/2026": the line under every title.
pub(crate) fn as_of(on: chrono::NaiveDate) -> String {
    format!("Tính đến ngày {}", vn(on))
}

/// A sheet name Excel takes: none of `[]:*?/\`, at most 31 characters, and not one
/// already used in the workbook (compared without case, as Excel does): a second "Tổ
/// Đông" becomes "Tổ Đông (2)".
pub(crate) fn sheet_name(name: &str, used: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let clean = clean.trim().trim_matches('\'');
    let clean = if clean.is_empty() { "Tổ" } else { clean };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let keep = 31 - suffix.chars().count();
        let candidate = format!(
            "{}{suffix}",
            clean.chars().take(keep).collect::<String>().trim_end()
        );
        if !used
            .iter()
            .any(|u| u.to_lowercase() == candidate.to_lowercase())
        {
            used.push(candidate.clone());
            return candidate;
        }
        n += 1;
    }
}

/// A field's text, or a blank cell.
pub(crate) fn text(r: &Record, field: &str) -> Cell {
    Cell::Text(r.text(field).unwrap_or("").to_string())
}

/// A choice's Vietnamese label (the code itself for one a newer version added).
pub(crate) fn choice(r: &Record, field: &str, list: &[(&'static str, &'static str)]) -> Cell {
    Cell::Text(
        r.text(field)
            .map(|code| crate::kinds::choice_label(list, code))
            .unwrap_or_default(),
    )
}

/// A stored day as a real date cell.
pub(crate) fn date(r: &Record, field: &str) -> Cell {
    Cell::Date(day(r, field))
}

pub(crate) fn day(r: &Record, field: &str) -> Option<chrono::NaiveDate> {
    r.text(field).and_then(crate::dates::parse_iso)
}

/// "Có" for a ticked box, blank otherwise (a printed list is read for the ticks).
pub(crate) fn yes(r: &Record, field: &str) -> Cell {
    let ticked = r.fields.get(field).and_then(|v| v.as_bool()) == Some(true);
    Cell::Text(if ticked { "Có" } else { "" }.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_as_tall_as_its_longest_text_with_its_own_line_breaks() {
        let columns = [
            Column("Nội dung".into(), 21.0),
            Column("Ghi chú".into(), 11.0),
        ];
        let row = |a: &str, b: &str| [Cell::Text(a.into()), Cell::Text(b.into())];
        assert_eq!(lines_needed(&row("Tuần tra", "x"), &columns), 1);
        // 20 characters a line in the first column: 45 characters take three.
        assert_eq!(lines_needed(&row(&"a".repeat(45), ""), &columns), 3);
        // Short lines broken by the writer each take one.
        assert_eq!(lines_needed(&row("1\n2\n3\n4", ""), &columns), 4);
        assert_eq!(lines_needed(&row("", "a\n\nb"), &columns), 3);
        // A long account is not cut at eight lines, only at Excel's tallest row.
        assert_eq!(lines_needed(&row(&"a".repeat(200), ""), &columns), 10);
        assert_eq!(
            lines_needed(&row(&"a".repeat(5_000), ""), &columns),
            MOST_LINES
        );
    }
}
