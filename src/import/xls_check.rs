//! An old-format workbook (`.xls`, BIFF5/BIFF8) checked before calamine reads it.
//!
//! calamine builds every sheet of an `.xls` as soon as it opens the file, and three of
//! its habits let a crafted file of a few kilobytes ask for gigabytes: it reserves room
//! for as many cells as a sheet's DIMENSIONS record claims; it lays a sheet's cells out
//! as a rectangle from the first to the last (twice: the values and the formulas), and
//! it copies a shared string into every cell that points at it. It also reads every
//! sheet the workbook lists, so a list naming one sheet many times pays for it many
//! times, and it joins a record's CONTINUE records one by one from the front (a record
//! with a million of them costs a million squared).
//!
//! [`check`] walks the workbook stream's records once, keeping only the shared strings'
//! lengths, adds up what calamine would hold for every sheet listed, and refuses the
//! file past [`MAX_XLS_MEMORY`] — in words that say what to do (save it as `.xlsx`,
//! which is read cell by cell). The estimate follows calamine 0.35's `xls.rs`
//! (`parse_workbook`, `Range::from_sparse`); it errs on the side of more.

use std::io::{Cursor, Read};

use super::sheet::{Refusal, MAX_ROWS};

/// What calamine may hold for one workbook, by the estimate below.
pub const MAX_XLS_MEMORY: u64 = 256 * 1024 * 1024;
/// CONTINUE records after one record: a shared-string table of a 20 MB file needs at
/// most about 2,500 (8,224 bytes each).
const MAX_CONTINUES: usize = 5_000;
/// Sheets a workbook may list (a commune's list has a few; one per village at most).
const MAX_SHEETS: usize = 200;

/// Bytes calamine keeps per cell pushed (`Cell<Data>`: a position and a value), per
/// cell of a sheet's rectangle of values (`Data`, the range and the copy our reader
/// asks for), and per cell of its rectangle of formulas (`String`).
const CELL_BYTES: u64 = 40;
const RANGE_CELL_BYTES: u64 = 2 * 32;
const FORMULA_CELL_BYTES: u64 = 24;
/// What calamine holds besides the sheets: the compound file's tables and its copy of
/// the workbook stream (counted apart), its formats and names — measured under 1 MB.
const BASE_BYTES: u64 = 1024 * 1024;

/// Checks the workbook in `bytes` (a compound file) as the module says.
pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    match estimate(bytes)? {
        total if total > MAX_XLS_MEMORY => Err(too_big()),
        _ => Ok(()),
    }
}

/// What calamine would hold for the workbook, in bytes (past [`MAX_XLS_MEMORY`], the
/// count stops: any more is refused anyway).
fn estimate(bytes: &[u8]) -> Result<u64, Refusal> {
    let stream = workbook_stream(bytes)?;
    let records = Records::read(&stream)?;
    let (sheet_starts, strings) = globals(&records)?;
    if sheet_starts.len() > MAX_SHEETS {
        return Err(format!(
            "sổ tính có {} trang, quá nhiều cho một danh sách; hãy chép danh sách sang một sổ tính mới rồi thử lại",
            sheet_starts.len()
        ));
    }
    let mut total: u64 = BASE_BYTES + 2 * stream.len() as u64;
    for start in sheet_starts {
        // Records are in the order of their offsets.
        let first = records
            .binary_search_by_key(&start, |r| r.offset)
            .map_err(|_| damaged("một trang không bắt đầu ở chỗ sổ tính ghi"))?;
        total = total.saturating_add(sheet_cost(&records[first..], &strings)?);
        if total > MAX_XLS_MEMORY {
            break;
        }
    }
    Ok(total)
}

fn too_big() -> Refusal {
    format!(
        "sổ tính .xls này khi mở ra cần quá nhiều bộ nhớ (hơn {} MB; một danh sách thành viên chỉ cần vài MB); hãy mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi thử lại",
        MAX_XLS_MEMORY / (1024 * 1024)
    )
}

fn damaged(what: &str) -> Refusal {
    format!("sổ tính .xls bị hỏng ({what}); hãy mở bằng Excel, lưu lại dạng .xlsx rồi thử lại")
}

/// The workbook stream of the compound file, under any of the names calamine accepts.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| damaged("không đọc được cấu trúc tệp"))?;
    // An .xlsx saved with a password is an encrypted package inside a compound file.
    if file.is_stream("/EncryptedPackage") {
        return Err(super::sheet::password_protected());
    }
    for name in ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"] {
        if file.is_stream(name) {
            let stream = file
                .open_stream(name)
                .map_err(|_| damaged("không đọc được phần dữ liệu"))?;
            // A stream is never larger than the file; a chain of sectors that loops
            // would read for ever.
            let mut out = Vec::new();
            stream
                .take(bytes.len() as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|_| damaged("không đọc được phần dữ liệu"))?;
            if out.len() > bytes.len() {
                return Err(damaged("phần dữ liệu lặp vòng"));
            }
            return Ok(out);
        }
    }
    Err("tệp có dạng Office cũ nhưng không phải sổ tính Excel (.xls); hãy mở bằng Excel, lưu lại dạng .xlsx rồi thử lại".into())
}

/// One record: its type, its data, and the data of the CONTINUE records after it.
struct Record<'a> {
    offset: u32,
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

struct Records;

impl Records {
    /// Splits the stream into records as calamine's `RecordIter` does (CONTINUE records
    /// joined to the record before them), refusing what calamine would choke on.
    fn read(stream: &[u8]) -> Result<Vec<Record<'_>>, Refusal> {
        let mut out: Vec<Record<'_>> = Vec::new();
        let mut at = 0usize;
        while at < stream.len() {
            let (typ, data, next) = one(stream, at)?;
            let previous = out.last_mut().filter(|_| typ == 0x003C);
            if let Some(last) = previous {
                last.cont.push(data);
                if last.cont.len() > MAX_CONTINUES {
                    return Err(damaged("quá nhiều bản ghi nối tiếp"));
                }
            } else {
                out.push(Record {
                    offset: at as u32,
                    typ,
                    data,
                    cont: Vec::new(),
                });
            }
            at = next;
        }
        Ok(out)
    }
}

fn one(stream: &[u8], at: usize) -> Result<(u16, &[u8], usize), Refusal> {
    let head = stream
        .get(at..at + 4)
        .ok_or_else(|| damaged("bản ghi cụt"))?;
    let typ = u16::from_le_bytes([head[0], head[1]]);
    let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
    let data = stream
        .get(at + 4..at + 4 + len)
        .ok_or_else(|| damaged("bản ghi cụt"))?;
    Ok((typ, data, at + 4 + len))
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The workbook's globals, up to their EOF: where each listed sheet starts
/// (BOUNDSHEET) and the bytes each shared string becomes (SST).
fn globals(records: &[Record<'_>]) -> Result<(Vec<u32>, Vec<u64>), Refusal> {
    let mut starts = Vec::new();
    let mut strings = Vec::new();
    for r in records {
        match r.typ {
            0x0085 => starts.push(u32_at(r.data, 0).ok_or_else(|| damaged("danh sách trang cụt"))?),
            // FILEPASS: the workbook is encrypted with a password.
            0x002F => return Err(super::sheet::password_protected()),
            0x00FC => strings = string_sizes(r)?,
            0x000A => break,
            _ => {}
        }
    }
    Ok((starts, strings))
}

/// The shared strings' sizes in UTF-8 (at most), read across CONTINUE records as
/// [MS-XLS] 2.4.265 and 2.5.293 lay them out.
fn string_sizes(r: &Record<'_>) -> Result<Vec<u64>, Refusal> {
    let mut cursor = Segments::new(r);
    cursor.skip(8)?; // cstTotal, cstUnique
    let mut sizes = Vec::new();
    while !cursor.at_end() {
        let cch = u64::from(cursor.u16()?);
        let flags = cursor.byte()?;
        let runs = if flags & 0x8 != 0 { cursor.u16()? } else { 0 };
        let ext = if flags & 0x4 != 0 { cursor.u32()? } else { 0 };
        let mut wide = flags & 0x1 != 0;
        let mut left = cch;
        let mut bytes = 0u64;
        while left > 0 {
            if cursor.segment_left() == 0 {
                // The characters go on in the next CONTINUE, which starts with its own
                // "wide" flag.
                if !cursor.next_segment() {
                    return Err(damaged("chuỗi chữ dùng chung cụt"));
                }
                wide = cursor.byte()? & 0x1 != 0;
                continue;
            }
            let width = if wide { 2 } else { 1 };
            if (cursor.segment_left() as u64) < width {
                cursor.skip(cursor.segment_left())?;
                continue;
            }
            let here = (cursor.segment_left() as u64 / width).min(left);
            cursor.skip((here * width) as usize)?;
            left -= here;
            // A character of two bytes becomes at most three in UTF-8; one byte of
            // a code page at most three too (calamine decodes it to Unicode).
            bytes += here * 3;
        }
        cursor.skip(usize::from(runs) * 4)?;
        cursor.skip(ext as usize)?;
        sizes.push(bytes);
    }
    Ok(sizes)
}

/// A record's data and its CONTINUE records, read as one.
struct Segments<'a> {
    parts: Vec<&'a [u8]>,
    index: usize,
    at: usize,
}

impl<'a> Segments<'a> {
    fn new(r: &Record<'a>) -> Segments<'a> {
        let mut parts = vec![r.data];
        parts.extend(r.cont.iter().copied());
        Segments {
            parts,
            index: 0,
            at: 0,
        }
    }

    fn segment_left(&self) -> usize {
        self.parts
            .get(self.index)
            .map_or(0, |p| p.len().saturating_sub(self.at))
    }

    fn next_segment(&mut self) -> bool {
        if self.index + 1 < self.parts.len() {
            self.index += 1;
            self.at = 0;
            true
        } else {
            false
        }
    }

    fn at_end(&mut self) -> bool {
        while self.segment_left() == 0 {
            if !self.next_segment() {
                return true;
            }
        }
        false
    }

    fn skip(&mut self, mut n: usize) -> Result<(), Refusal> {
        while n > 0 {
            if self.segment_left() == 0 && !self.next_segment() {
                return Err(damaged("bảng chữ dùng chung cụt"));
            }
            let here = self.segment_left().min(n);
            self.at += here;
            n -= here;
        }
        Ok(())
    }

    fn byte(&mut self) -> Result<u8, Refusal> {
        if self.at_end() {
            return Err(damaged("bảng chữ dùng chung cụt"));
        }
        let b = self.parts[self.index][self.at];
        self.at += 1;
        Ok(b)
    }

    fn u16(&mut self) -> Result<u16, Refusal> {
        Ok(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Result<u32, Refusal> {
        Ok(u32::from_le_bytes([
            self.byte()?,
            self.byte()?,
            self.byte()?,
            self.byte()?,
        ]))
    }
}

/// The smallest rectangle holding some cells, as `Range::from_sparse` makes it.
#[derive(Default)]
struct Rectangle {
    bounds: Option<(u32, u32, u32, u32)>,
}

impl Rectangle {
    fn add(&mut self, row: u32, col: u32) {
        self.bounds = Some(match self.bounds {
            None => (row, row, col, col),
            Some((top, bottom, left, right)) => {
                (top.min(row), bottom.max(row), left.min(col), right.max(col))
            }
        });
    }

    fn rows(&self) -> u64 {
        self.bounds
            .map_or(0, |(top, bottom, ..)| u64::from(bottom - top) + 1)
    }

    fn area(&self) -> u64 {
        self.bounds.map_or(0, |(top, bottom, left, right)| {
            (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1)
        })
    }
}

/// What calamine holds for the sheet whose records start here (up to its EOF).
fn sheet_cost(records: &[Record<'_>], strings: &[u64]) -> Result<u64, Refusal> {
    let mut reserved: u64 = 0;
    let mut cells: u64 = 0;
    let mut text: u64 = 0;
    let mut values = Rectangle::default();
    let mut formulas = Rectangle::default();
    let short = || damaged("ô dữ liệu cụt");
    for r in records {
        let position = || -> Result<(u32, u32), Refusal> {
            Ok((
                u32::from(u16_at(r.data, 0).ok_or_else(short)?),
                u32::from(u16_at(r.data, 2).ok_or_else(short)?),
            ))
        };
        match r.typ {
            // DIMENSIONS: calamine reserves this many cells, counted its way (u32
            // arithmetic that wraps: a last row before the first asks for billions).
            0x0200 => {
                let (first_row, rows_end, first_col, cols_end) = match r.data.len() {
                    10 => (
                        u32::from(u16_at(r.data, 0).ok_or_else(short)?),
                        u32::from(u16_at(r.data, 2).ok_or_else(short)?),
                        u32::from(u16_at(r.data, 4).ok_or_else(short)?),
                        u32::from(u16_at(r.data, 6).ok_or_else(short)?),
                    ),
                    14 => (
                        u32_at(r.data, 0).ok_or_else(short)?,
                        u32_at(r.data, 4).ok_or_else(short)?,
                        u32::from(u16_at(r.data, 8).ok_or_else(short)?),
                        u32::from(u16_at(r.data, 10).ok_or_else(short)?),
                    ),
                    // calamine refuses the file.
                    _ => continue,
                };
                let first_col = if first_col > 0xFF || cols_end < first_col {
                    0
                } else {
                    first_col
                };
                let (rows, cols) = if rows_end >= 1 && cols_end >= 1 {
                    (
                        (rows_end - 1).wrapping_sub(first_row).wrapping_add(1),
                        (cols_end - 1).wrapping_sub(first_col).wrapping_add(1),
                    )
                } else {
                    (1, 1)
                };
                reserved = reserved.saturating_add(u64::from(rows).saturating_mul(u64::from(cols)));
            }
            // NUMBER, BOOLERR, RK: one cell each.
            0x0203 | 0x0205 | 0x027E => {
                let (row, col) = position()?;
                values.add(row, col);
                cells += 1;
            }
            // LABEL: one cell and its own text.
            0x0204 => {
                let (row, col) = position()?;
                values.add(row, col);
                cells += 1;
                text += r.data.len() as u64 * 3;
            }
            // LABELSST: one cell and a copy of the shared string.
            0x00FD => {
                let (row, col) = position()?;
                let index = u32_at(r.data, 6).ok_or_else(short)? as usize;
                if let Some(&size) = strings.get(index) {
                    values.add(row, col);
                    cells += 1;
                    text += size;
                }
            }
            // MULRK: a row of cells from one column to another.
            0x00BD => {
                let (row, first) = position()?;
                let last =
                    u32::from(u16_at(r.data, r.data.len().saturating_sub(2)).ok_or_else(short)?);
                if last >= first {
                    values.add(row, first);
                    values.add(row, last);
                    cells += u64::from(last - first) + 1;
                }
            }
            // FORMULA: a formula, and maybe its value.
            0x0006 => {
                let (row, col) = position()?;
                formulas.add(row, col);
                values.add(row, col);
                cells += 1;
                // The formula as text: a reference of a few bytes reads as
                // "'Tên trang'!$A$1".
                text += r.data.len() as u64 * 8;
            }
            // STRING: a formula's text value.
            0x0207 => text += r.data.len() as u64 * 3,
            0x000A => break,
            _ => {}
        }
    }
    if values.rows() > MAX_ROWS as u64 {
        return Err(format!(
            "một trang của sổ tính có hơn {} dòng; hãy tách danh sách thành nhiều tệp nhỏ hơn",
            crate::records::convert::group_thousands(MAX_ROWS as i64)
        ));
    }
    Ok(reserved
        .saturating_mul(CELL_BYTES)
        .saturating_add(cells.saturating_mul(CELL_BYTES))
        .saturating_add(values.area().saturating_mul(RANGE_CELL_BYTES))
        .saturating_add(formulas.area().saturating_mul(FORMULA_CELL_BYTES))
        .saturating_add(text))
}

#[cfg(test)]
mod tests;
