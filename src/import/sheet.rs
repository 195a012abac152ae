//! Reading a workbook the clerk picked into a grid of cells, bounded by the input.
//!
//! A workbook is hostile until checked like any other file: it is read whole only up
//! to [`MAX_FILE_BYTES`]; an `.xlsx` is refused when its parts unpack to more than
//! [`MAX_UNPACKED_BYTES`] (a zip bomb: counted by unpacking, never taken from what the
//! parts declare), and its cells are streamed so that a
//! sheet claiming a million rows allocates only the cells it really has; cells past
//! [`MAX_COLUMNS`] are ignored and a sheet of more than [`MAX_ROWS`] rows is refused.
//! The kind of file is decided by its first bytes, not its name: `.xlsx` (zip),
//! `.xls` (the old binary format), otherwise text (CSV).
//!
//! Text is bounded too: a cell keeps at most [`MAX_CELL_CHARS`] characters (no member
//! field holds more; the form refuses what is too long for its field) and a sheet at
//! most [`MAX_TEXT_BYTES`] of text in all — an `.xlsx` stores a text once and lets any
//! number of cells point at it, so a small file could otherwise ask for gigabytes.
//! Merged areas are kept sorted and at most [`MAX_MERGES`] per sheet.
//!
//! An `.xls` is read whole by calamine, so it is checked first (`xls_check`): what
//! calamine would build for it is counted from its records and the file refused past
//! 256 MB. calamine indexes into records it has not measured, so a damaged file can make
//! it panic: every call into it is caught and the file refused in words.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, DataRef, Reader};

/// Larger member lists than this are not member lists.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// What the parts of an `.xlsx` may unpack to, in all.
pub const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;
/// Rows of one sheet (a commune has a few hundred members; a province-wide list a
/// few tens of thousands).
pub const MAX_ROWS: usize = 50_000;
/// Columns read; a member list has a few dozen at most.
pub const MAX_COLUMNS: usize = 60;

/// Characters kept of one cell's text.
pub const MAX_CELL_CHARS: usize = 2_000;
/// Text of one sheet, in all (a list of 50,000 members with long notes is far less).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Merged areas of one sheet (a list that merges two cells on every row has a few
/// thousand).
pub const MAX_MERGES: usize = 100_000;

/// One cell, as the import needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell Excel formats as a date: its calendar day.
    Date(chrono::NaiveDate),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: what the clerk sees in Excel, near enough to show and match.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => crate::dates::vn(*d),
            Cell::Bool(b) => if *b { "Có" } else { "Không" }.to_string(),
        }
    }
}

/// A merged area, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub top: usize,
    pub left: usize,
    pub bottom: usize,
    pub right: usize,
}

/// One sheet's cells by row (0-based; rows are padded to the same width only as far
/// as they have cells).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub sheet: String,
    pub rows: Vec<Vec<Cell>>,
    /// Sorted by top row, then left column.
    pub merges: Vec<Merge>,
    /// Bytes of text held so far, against [`MAX_TEXT_BYTES`].
    text_bytes: usize,
}

impl Grid {
    /// An empty sheet of this name.
    pub fn named(sheet: impl Into<String>) -> Grid {
        Grid {
            sheet: sheet.into(),
            ..Default::default()
        }
    }

    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The merged area holding this cell, if any. Looks at the areas that start on or
    /// above `row`: meant for the header rows near the top (a data row asks
    /// [`Grid::merge_starting_at`]).
    pub fn merge_at(&self, row: usize, col: usize) -> Option<&Merge> {
        let above = self.merges.partition_point(|m| m.top <= row);
        self.merges[..above]
            .iter()
            .find(|m| row <= m.bottom && (m.left..=m.right).contains(&col))
    }

    /// The merged area whose top-left cell is this one, if any (a binary search: data
    /// rows ask this once each).
    pub fn merge_starting_at(&self, row: usize, col: usize) -> Option<&Merge> {
        self.merges
            .binary_search_by(|m| (m.top, m.left).cmp(&(row, col)))
            .ok()
            .map(|i| &self.merges[i])
    }

    /// Keeps the sheet's merged areas, sorted; refuses a sheet of more than
    /// [`MAX_MERGES`].
    fn set_merges(&mut self, merges: Vec<Merge>) -> Result<(), Refusal> {
        if merges.len() > MAX_MERGES {
            return Err(format!(
                "trang \"{}\" có hơn {} vùng gộp ô; đây không phải một danh sách thành viên thường — hãy bỏ gộp ô (Merge & Center) rồi thử lại",
                self.sheet,
                crate::records::convert::group_thousands(MAX_MERGES as i64)
            ));
        }
        self.merges = merges;
        self.merges.sort_by_key(|m| (m.top, m.left));
        Ok(())
    }

    fn put(&mut self, row: usize, col: usize, cell: Cell) -> Result<(), String> {
        if col >= MAX_COLUMNS || cell.is_empty() {
            return Ok(());
        }
        let cell = match cell {
            Cell::Text(text) => {
                let kept = cut_to_cell(text);
                self.text_bytes += kept.len();
                if self.text_bytes > MAX_TEXT_BYTES {
                    return Err(format!(
                        "trang \"{}\" chứa hơn {} MB chữ; đây không phải một danh sách thành viên thường",
                        self.sheet,
                        MAX_TEXT_BYTES / (1024 * 1024)
                    ));
                }
                Cell::Text(kept)
            }
            other => other,
        };
        if row >= MAX_ROWS {
            return Err(format!(
                "trang \"{}\" có hơn {} dòng; hãy tách danh sách thành nhiều tệp nhỏ hơn",
                self.sheet,
                crate::records::convert::group_thousands(MAX_ROWS as i64)
            ));
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let r = &mut self.rows[row];
        if r.len() <= col {
            r.resize(col + 1, Cell::Empty);
        }
        r[col] = cell;
        Ok(())
    }
}

/// A cell's text, cut at [`MAX_CELL_CHARS`] characters.
pub(super) fn cut_to_cell(text: String) -> String {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((cut, _)) => text[..cut].to_string(),
        None => text,
    }
}

/// Why a file could not be read, in words for the clerk.
pub type Refusal = String;

/// Reads every sheet of the file (a CSV is one sheet), in the workbook's order.
pub fn read_file(path: &Path) -> Result<Vec<Grid>, Refusal> {
    let meta = std::fs::metadata(path).map_err(|e| format!("không mở được tệp ({e})"))?;
    if !meta.is_file() {
        return Err("đây không phải là một tệp".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "tệp nặng {} MB, quá {} MB của một danh sách thành viên",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("không đọc được tệp ({e})"))?;
    read_bytes(&bytes)
}

/// As [`read_file`], from the file's bytes.
pub fn read_bytes(bytes: &[u8]) -> Result<Vec<Grid>, Refusal> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err("tệp quá lớn cho một danh sách thành viên".into());
    }
    if bytes.starts_with(b"PK\x03\x04") {
        check_unpacked_size(bytes)?;
        read_xlsx(bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        read_xls(bytes)
    } else {
        super::csv_text::read(bytes).map(|g| vec![g])
    }
}

/// Unpacks every part once, counting, and refuses the file when they come to more than
/// [`MAX_UNPACKED_BYTES`]. What a part *declares* is not trusted (a deflated stream can
/// unpack a thousand times larger than it says); this pass reads at most the limit, and
/// only then does calamine open the file (it keeps the shared strings whole in memory).
fn check_unpacked_size(bytes: &[u8]) -> Result<(), Refusal> {
    check_unpacked_within(bytes, MAX_UNPACKED_BYTES)
}

fn check_unpacked_within(bytes: &[u8], limit: u64) -> Result<(), Refusal> {
    let not_workbook =
        || "tệp có dạng nén nhưng không phải sổ tính Excel (.xlsx) đọc được".to_string();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_workbook())?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(|_| not_workbook())?;
        let left = limit - total;
        let read = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|_| not_workbook())?;
        total += read;
        if total > limit {
            return Err("tệp Excel giải nén ra quá lớn (hơn 200 MB); đây không phải một danh sách thành viên thường".into());
        }
    }
    Ok(())
}

/// calamine's reason is in English and names its internals: the clerk is told what to
/// do instead.
fn unreadable(_calamine_says: impl std::fmt::Display) -> Refusal {
    "không đọc được sổ tính này (tệp hỏng hoặc không đúng định dạng Excel); hãy mở bằng Excel, lưu lại dạng .xlsx rồi thử lại".into()
}

/// A workbook that opens only with its password.
pub(super) fn password_protected() -> Refusal {
    "sổ tính được đặt mật khẩu nên chương trình không đọc được; hãy mở bằng Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc), lưu lại rồi thử lại".into()
}

/// Runs a reading step of calamine's, turning a panic on a damaged file into a refusal.
fn guarded<T>(read: impl FnOnce() -> Result<T, Refusal>) -> Result<T, Refusal> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err("sổ tính bị hỏng, chương trình không đọc được; hãy mở bằng Excel, lưu lại dạng .xlsx rồi thử lại".into())
    })
}

/// A zip is read as an `.xlsx` and nothing else: an OpenDocument sheet (.ods) or a
/// binary workbook (.xlsb) renamed `.xlsx` is refused, not handed to a reader that
/// loads it whole (only the `.xlsx` reader streams its cells).
fn read_xlsx(bytes: &[u8]) -> Result<Vec<Grid>, Refusal> {
    guarded(|| read_xlsx_unguarded(bytes))
}

fn read_xlsx_unguarded(bytes: &[u8]) -> Result<Vec<Grid>, Refusal> {
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|_| {
        "tệp nén này không phải sổ tính Excel .xlsx; nếu là tệp .ods hay .xlsb, hãy mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi thử lại".to_string()
    })?;
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let mut grid = Grid::named(name.as_str());
        let mut cells = book.worksheet_cells_reader(&name).map_err(unreadable)?;
        while let Some(c) = cells.next_cell().map_err(unreadable)? {
            let (r, col) = c.get_position();
            grid.put(r as usize, col as usize, from_data_ref(c.get_value()))?;
        }
        drop(cells);
        if let Some(Ok(merges)) = book.worksheet_merge_cells(&name) {
            grid.set_merges(merges.iter().map(merge_of).collect())?;
        }
        grids.push(grid);
    }
    Ok(grids)
}

/// The old binary format (.xls), read whole by calamine once checked.
fn read_xls(bytes: &[u8]) -> Result<Vec<Grid>, Refusal> {
    guarded(|| {
        super::xls_check::check(bytes)?;
        read_xls_unguarded(bytes)
    })
}

fn read_xls_unguarded(bytes: &[u8]) -> Result<Vec<Grid>, Refusal> {
    let mut book: calamine::Xls<_> = calamine::Xls::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let mut grid = Grid::named(name.as_str());
        let range = book.worksheet_range(&name).map_err(unreadable)?;
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, col, value) in range.used_cells() {
            grid.put(top as usize + r, left as usize + col, from_data(value))?;
        }
        if let Some(merges) = book.worksheet_merge_cells(&name) {
            grid.set_merges(merges.iter().map(merge_of).collect())?;
        }
        grids.push(grid);
    }
    Ok(grids)
}

fn merge_of(d: &calamine::Dimensions) -> Merge {
    Merge {
        top: d.start.0 as usize,
        left: d.start.1 as usize,
        bottom: d.end.0 as usize,
        right: d.end.1 as usize,
    }
}

fn date_of(dt: &calamine::ExcelDateTime) -> Cell {
    if !dt.is_datetime() {
        return Cell::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
        .map(Cell::Date)
        .unwrap_or(Cell::Number(dt.as_f64()))
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_of(dt),
        Data::DateTimeIso(s) => Cell::Text(s.clone()),
        Data::DurationIso(_) | Data::Error(_) | Data::Empty => Cell::Empty,
    }
}

fn from_data_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_of(dt),
        DataRef::DateTimeIso(s) => Cell::Text(s.clone()),
        DataRef::DurationIso(_) | DataRef::Error(_) | DataRef::Empty => Cell::Empty,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A zip whose one part unpacks to `size` zero bytes.
    fn zip_of_zeros(size: usize) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file(
            "xl/sharedStrings.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&vec![0u8; size]).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_zip_that_unpacks_past_the_limit_is_refused_before_calamine_opens_it() {
        let bomb = zip_of_zeros(3 * 1024 * 1024);
        assert!(
            bomb.len() < 64 * 1024,
            "deflated zeros are small: {}",
            bomb.len()
        );
        let e = check_unpacked_within(&bomb, 2 * 1024 * 1024).unwrap_err();
        assert!(e.contains("quá lớn"), "{e}");
        assert_eq!(check_unpacked_within(&bomb, 4 * 1024 * 1024), Ok(()));
    }

    #[test]
    fn a_sheet_of_more_rows_than_the_limit_is_refused() {
        let mut grid = Grid::named("Sheet1");
        assert!(grid.put(MAX_ROWS - 1, 0, Cell::Number(1.0)).is_ok());
        assert!(grid.put(MAX_ROWS, 0, Cell::Number(1.0)).is_err());
        // Cells past the last column read are ignored, not stored.
        assert!(grid.put(0, MAX_COLUMNS, Cell::Number(1.0)).is_ok());
        assert_eq!(grid.width(), 1);
    }

    #[test]
    fn one_shared_text_pointed_at_by_many_cells_is_bounded() {
        // The .xlsx keeps a text once; 40,000 cells pointing at 2,000 characters would
        // be 80 MB as cells, from a file of a few hundred kilobytes.
        let long = "Nguyễn Văn An ".repeat(200);
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for i in 0..40_000u32 {
            sheet.write_string(i / 40, (i % 40) as u16, &long).unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
        let e = read_bytes(&bytes).unwrap_err();
        assert!(e.contains("MB chữ"), "{e}");
    }

    #[test]
    fn a_cell_keeps_at_most_its_limit_of_characters() {
        let mut grid = Grid::named("Sheet1");
        grid.put(0, 0, Cell::Text("ễ".repeat(MAX_CELL_CHARS + 5)))
            .unwrap();
        assert_eq!(grid.cell(0, 0).shown().chars().count(), MAX_CELL_CHARS);
    }

    #[test]
    fn an_opendocument_sheet_renamed_xlsx_is_refused_not_read() {
        // Made with LibreOffice from the .xls fixture (`--convert-to ods`) and renamed.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import/danh-sach-to-vien-ods-doi-ten.xlsx");
        let e = read_file(&path).unwrap_err();
        assert!(e.contains(".ods"), "{e}");
        assert!(e.contains("lưu lại dạng .xlsx"), "{e}");
    }

    #[test]
    fn merged_areas_are_found_by_their_corner_and_bounded_in_number() {
        let mut grid = Grid::named("Sheet1");
        let m = |top, left, bottom, right| Merge {
            top,
            left,
            bottom,
            right,
        };
        grid.set_merges(vec![m(9, 0, 9, 5), m(0, 2, 1, 3), m(4, 1, 6, 1)])
            .unwrap();
        assert_eq!(grid.merges[0], m(0, 2, 1, 3), "sorted by top row");
        assert_eq!(grid.merge_starting_at(9, 0), Some(&m(9, 0, 9, 5)));
        assert_eq!(grid.merge_starting_at(9, 1), None);
        assert_eq!(grid.merge_at(1, 3), Some(&m(0, 2, 1, 3)));
        assert_eq!(grid.merge_at(5, 1), Some(&m(4, 1, 6, 1)));
        assert_eq!(grid.merge_at(7, 1), None);
        assert_eq!(grid.merge_at(9, 5), Some(&m(9, 0, 9, 5)));

        let many = (0..=MAX_MERGES).map(|r| m(r, 0, r, 1)).collect();
        let e = grid.set_merges(many).unwrap_err();
        assert!(e.contains("vùng gộp ô"), "{e}");
    }

    #[test]
    fn a_panic_inside_a_reader_is_a_refusal() {
        let e = guarded::<()>(|| panic!("calamine indexed past a record")).unwrap_err();
        assert!(e.contains("bị hỏng"), "{e}");
        assert_eq!(guarded(|| Ok(1)), Ok(1));
    }
}
