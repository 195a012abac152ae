//! A list in a workbook, whatever it lists: the sheet that holds it, its text
//! converted from TCVN3 or VNI, its header and columns (with the clerk's corrections),
//! and the rows that hold data. The member import and the training roll share it.

use std::path::Path;

use serde::Serialize;

use super::columns::{self, Layout, Mapping, Target};
use super::members;
use super::sheet::{self, Cell, Grid};
use crate::dates::PartialDate;
use crate::text::{self, legacy};

/// A target a column may be set to, for the window's choice.
#[derive(Debug, Clone, Serialize)]
pub struct TargetChoice {
    pub code: &'static str,
    pub label: &'static str,
}

pub fn target_choices() -> Vec<TargetChoice> {
    Target::ALL
        .iter()
        .map(|t| TargetChoice {
            code: t.code(),
            label: t.label(),
        })
        .collect()
}

/// The file's name, to show (never its folder).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What was read of a file, the same for a member list and a roll: where the list
/// was found and how each column was understood.
#[derive(Debug, Clone, Serialize)]
pub struct FileRead {
    pub file_name: String,
    pub sheet: String,
    /// Every sheet of the workbook, in its order (the window offers the others).
    pub sheets: Vec<String>,
    /// Excel's number of the header row (1-based).
    pub header_row: usize,
    /// "TCVN3" or "VNI" when the text was converted from it.
    pub encoding: Option<&'static str>,
    pub columns: Vec<columns::Column>,
    /// What a column may be set to, for the window's choice.
    pub targets: Vec<TargetChoice>,
}

/// One list, found and read.
#[derive(Debug)]
pub struct Table {
    pub grid: Grid,
    /// The names of all the workbook's sheets.
    pub sheets: Vec<String>,
    /// "TCVN3" or "VNI" when the text was converted from it.
    pub encoding: Option<&'static str>,
    pub layout: Layout,
}

impl Table {
    /// What was read, to report.
    pub fn file_read(&self, file_name: String) -> FileRead {
        FileRead {
            file_name,
            sheet: self.grid.sheet.clone(),
            sheets: self.sheets.clone(),
            header_row: self.layout.header_row + 1,
            encoding: self.encoding,
            columns: self.layout.columns.clone(),
            targets: target_choices(),
        }
    }

    /// Reads the file, finds the list on `sheet` (or the first sheet that has one) and
    /// applies the clerk's corrections; the reason in words when it cannot.
    pub fn open(
        path: &Path,
        sheet: Option<&str>,
        mapping: Option<&Mapping>,
    ) -> Result<Table, String> {
        let grids = sheet::read_file(path)?;
        let sheets = grids.iter().map(|g| g.sheet.clone()).collect();
        let (mut grid, encoding, mut layout) = pick_sheet(grids, sheet)?;
        if let Some(mapping) = mapping {
            columns::apply_mapping(&mut layout, mapping)?;
        }
        let encoding = encoding.or_else(|| convert_legacy_columns(&mut grid, &layout));
        Ok(Table {
            grid,
            sheets,
            encoding: encoding.map(encoding_name),
            layout,
        })
    }

    /// The rows that hold data: not the empty ones, the numbering under the header or
    /// a group heading, and none after the signatures.
    pub fn data_rows(&self) -> Vec<usize> {
        let mut rows = Vec::new();
        for row in self.layout.first_data_row..self.grid.rows.len() {
            let cells = &self.grid.rows[row];
            if cells.iter().all(Cell::is_empty) {
                continue;
            }
            if members::is_footer_row(cells) {
                break;
            }
            if (row == self.layout.first_data_row && members::is_numbering_row(cells))
                || members::is_group_row(&self.grid, row)
            {
                continue;
            }
            rows.push(row);
        }
        rows
    }
}

fn encoding_name(e: legacy::LegacyEncoding) -> &'static str {
    match e {
        legacy::LegacyEncoding::Tcvn3 => "TCVN3",
        legacy::LegacyEncoding::Vni => "VNI",
    }
}

/// Cells read per sheet to decide its encoding.
const DETECT_CELLS: usize = 5_000;

/// Converts a whole sheet typed in TCVN3 or VNI (its header too, or it would not be
/// found); returns the encoding.
fn convert_legacy_sheet(grid: &mut Grid) -> Option<legacy::LegacyEncoding> {
    let texts: Vec<&str> = grid
        .rows
        .iter()
        .flatten()
        .filter_map(|c| match c {
            Cell::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .take(DETECT_CELLS)
        .collect();
    let encoding = legacy::detect(&texts)?;
    for cell in grid.rows.iter_mut().flatten() {
        if let Cell::Text(s) = cell {
            *s = legacy::to_unicode(s, encoding);
        }
    }
    Some(encoding)
}

/// A Unicode sheet with some columns pasted from an old file: each column's data is
/// checked on its own.
fn convert_legacy_columns(
    grid: &mut Grid,
    layout: &columns::Layout,
) -> Option<legacy::LegacyEncoding> {
    let mut found = None;
    let first = layout.first_data_row.min(grid.rows.len());
    for col in &layout.columns {
        let c = col.index;
        let texts: Vec<String> = grid.rows[first..]
            .iter()
            .filter_map(|r| match r.get(c) {
                Some(Cell::Text(s)) => Some(s.clone()),
                _ => None,
            })
            .take(DETECT_CELLS)
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        if let Some(enc) = legacy::detect(&refs) {
            found = Some(enc);
            for row in grid.rows[first..].iter_mut() {
                if let Some(Cell::Text(s)) = row.get_mut(c) {
                    *s = legacy::to_unicode(s, enc);
                }
            }
        }
    }
    found
}

/// The sheet with a member list: the one named, else the first whose header is found.
fn pick_sheet(
    grids: Vec<Grid>,
    wanted: Option<&str>,
) -> std::result::Result<(Grid, Option<legacy::LegacyEncoding>, columns::Layout), String> {
    let names: Vec<String> = grids.iter().map(|g| g.sheet.clone()).collect();
    for mut grid in grids {
        if wanted.is_some_and(|w| text::normalize(w) != text::normalize(&grid.sheet)) {
            continue;
        }
        let encoding = convert_legacy_sheet(&mut grid);
        if let Some(layout) = columns::find_layout(&grid) {
            return Ok((grid, encoding, layout));
        }
        if wanted.is_some() {
            return Err(format!(
                "trang \"{}\" không có dòng tiêu đề của danh sách thành viên (cần ít nhất cột Họ và tên và một cột khác như Ngày sinh, Thôn, Số CCCD)",
                grid.sheet
            ));
        }
    }
    match wanted {
        Some(w) => Err(format!(
            "tệp không có trang \"{w}\"; các trang có: {}",
            names.join(", ")
        )),
        None => Err("không tìm thấy dòng tiêu đề của danh sách thành viên ở trang nào (cần ít nhất cột Họ và tên và một cột khác như Ngày sinh, Thôn, Số CCCD)".into()),
    }
}

/// One data row, read by what its columns hold: the member import and the roll read a
/// row's name and birth date the same way.
pub struct RowView<'a> {
    grid: &'a Grid,
    layout: &'a Layout,
    row: usize,
}

impl<'a> RowView<'a> {
    pub fn new(grid: &'a Grid, layout: &'a Layout, row: usize) -> RowView<'a> {
        RowView { grid, layout, row }
    }

    /// The cell of the column set to `target` (empty when none is).
    pub fn cell(&self, target: Target) -> &'a Cell {
        static EMPTY: Cell = Cell::Empty;
        match self.layout.column_of(target) {
            Some(c) => self.grid.cell(self.row, c),
            None => &EMPTY,
        }
    }

    /// The cell's text, normalised (NFC, spaces).
    pub fn shown(&self, target: Target) -> String {
        text::normalize(&self.cell(target).shown())
    }

    /// The full name: "Họ và tên đệm" + "Tên" when the list splits it, else its one
    /// name column.
    pub fn full_name(&self) -> String {
        let has = |t: Target| self.layout.column_of(t).is_some();
        if has(Target::FamilyName) && has(Target::GivenName) {
            text::normalize(&format!(
                "{} {}",
                self.shown(Target::FamilyName),
                self.shown(Target::GivenName)
            ))
        } else if has(Target::FullName) {
            self.shown(Target::FullName)
        } else {
            self.shown(Target::GivenName)
        }
    }

    /// The birth date, from the birth column or the "Nam" / "Nữ" columns under it
    /// (with the sex that column gives), and what is wrong with it in words: a date
    /// that cannot be read, a year in both the Nam and the Nữ column.
    pub fn birth(&self) -> (Option<(PartialDate, Option<&'static str>)>, Vec<String>) {
        let mut birth = None;
        let mut problems = Vec::new();
        for (target, sex) in [
            (Target::BirthDate, None),
            (Target::BirthMale, Some("nam")),
            (Target::BirthFemale, Some("nu")),
        ] {
            match super::values::partial_date(self.cell(target)) {
                Ok(Some(d)) if birth.is_none() => birth = Some((d, sex)),
                Ok(Some(_)) => problems
                    .push("năm sinh ghi ở cả cột Nam và cột Nữ; hãy để ở một cột".to_string()),
                Ok(None) => {}
                Err(e) => problems.push(format!("ngày sinh không đọc được: {e}")),
            }
        }
        (birth, problems)
    }
}
