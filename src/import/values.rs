//! One cell to the value a member's form takes.
//!
//! Dates: a cell Excel formats as a date; a number that is a year (1900–2100) or an
//! Excel serial day; text day first (`dd/mm/yyyy`, `d-m-yyyy`, `m/yyyy`, `yyyy`), never
//! month first. ID numbers: a 12-digit CCCD typed into a number cell loses its leading
//! zeros (it begins with the province code, 001–096), so 10 or 11 digits get them
//! back, as 8 do for a 9-digit CMND. Schooling as lists write it ("12/12", "9/12", "10/10" of the
//! old ten-year system) to the catalogue's levels.

use chrono::NaiveDate;

use super::sheet::Cell;
use crate::dates::{self, PartialDate};
use crate::text;

/// Serial day 0 of Excel's 1900 system, after its 29/02/1900 that never was.
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
}

/// A date of birth (or any partial date) from a cell.
pub fn partial_date(cell: &Cell) -> Result<Option<PartialDate>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(PartialDate::Full(*d))),
        Cell::Number(n) => number_date(*n).map(Some),
        Cell::Bool(_) => Err("ô này là Có/Không, không phải ngày".into()),
        Cell::Text(s) => {
            let s = s.trim().trim_start_matches('\'');
            if s.is_empty() {
                return Ok(None);
            }
            dates::parse_vn(s).map(Some).map_err(|e| e.to_string())
        }
    }
}

fn number_date(n: f64) -> Result<PartialDate, String> {
    if n.fract() != 0.0 || n < 1.0 {
        return Err(format!("\"{n}\" không phải là ngày hay năm"));
    }
    let whole = n as i64;
    if (1900..=2100).contains(&whole) {
        return Ok(PartialDate::Year(whole as i32));
    }
    // Serial days from 01/03/1900 (61) to 31/12/2100 (73050).
    if (61..=73050).contains(&whole) {
        if let Some(d) = excel_epoch().checked_add_days(chrono::Days::new(whole as u64)) {
            return Ok(PartialDate::Full(d));
        }
    }
    Err(format!("\"{whole}\" không phải là ngày hay năm"))
}

/// A full date (joined, certificate) as the form's text, or the problem.
pub fn full_date_text(cell: &Cell) -> Result<Option<String>, String> {
    match partial_date(cell)? {
        None => Ok(None),
        Some(PartialDate::Full(d)) => Ok(Some(dates::vn(d))),
        Some(other) => Err(format!(
            "cần ghi đủ ngày, tháng, năm (tệp ghi \"{}\")",
            other.to_vn()
        )),
    }
}

/// An ID number as typed, with the leading zero a number cell dropped.
pub fn id_number(cell: &Cell) -> Option<String> {
    let raw = match cell {
        Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e13 => format!("{}", *n as u64),
        Cell::Empty => return None,
        other => other.shown(),
    };
    let cleaned: String = crate::idnumber::clean_id_number(raw.trim().trim_start_matches('\''))
        .chars()
        .filter(|c| *c != '.' && *c != '-')
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    let digits = cleaned.bytes().all(|b| b.is_ascii_digit());
    let from_number = digits && matches!(cell, Cell::Number(_));
    Some(match cleaned.len() {
        10 | 11 if from_number => format!("{cleaned:0>12}"),
        8 if from_number => format!("0{cleaned}"),
        _ => cleaned,
    })
}

/// The kind of paper an ID number of this shape is.
pub fn id_doc_type(id: &str) -> Option<&'static str> {
    match (id.len(), id.bytes().all(|b| b.is_ascii_digit())) {
        (9, true) => Some("cmnd"),
        (12, true) => Some("the_can_cuoc"),
        _ => None,
    }
}

/// "Nam" / "Nữ" in their usual spellings.
pub fn sex(cell: &Cell) -> Result<Option<&'static str>, String> {
    let k = text::fold(&cell.shown());
    match k.as_str() {
        "" => Ok(None),
        "nam" | "m" | "male" | "trai" => Ok(Some("nam")),
        "nu" | "f" | "female" | "gai" => Ok(Some("nu")),
        _ => Err(format!("\"{}\" không phải Nam hay Nữ", cell.shown().trim())),
    }
}

/// The role in the team; any other title (a post in the village, "Công an viên")
/// is kept as the member's posts and the role is "Tổ viên".
pub fn role(cell: &Cell) -> (&'static str, Option<String>) {
    let shown = cell.shown();
    let k = super::columns::header_key(&shown);
    match k.as_str() {
        "to truong" | "tt" | "to truong to xung kich" => ("to_truong", None),
        "to pho" | "pho to truong" | "tp" => ("to_pho", None),
        "" | "to vien" | "thanh vien" | "tv" | "doi vien" => ("to_vien", None),
        _ => ("to_vien", Some(shown.trim().to_string())),
    }
}

/// A tick for "đảng viên" ("x", "Có", "Đảng viên", 1) or none.
pub fn tick(cell: &Cell) -> Option<bool> {
    match cell {
        Cell::Bool(b) => Some(*b),
        Cell::Number(n) => Some(*n != 0.0),
        Cell::Empty => None,
        other => {
            let k = text::fold(&other.shown());
            match k.as_str() {
                "" => None,
                "khong" | "k" | "0" | "no" | "chua" => Some(false),
                _ => Some(true),
            }
        }
    }
}

/// Schooling as lists write it, to the catalogue's level codes.
pub fn education(cell: &Cell) -> Option<String> {
    let shown = cell.shown();
    let s = shown.trim();
    if s.is_empty() {
        return None;
    }
    if let Some((grade, system)) = s.split_once('/') {
        if let (Ok(g), Ok(sys)) = (grade.trim().parse::<u32>(), system.trim().parse::<u32>()) {
            let code = match (sys, g) {
                (12, 12..) | (10, 10..) => "thpt",
                (12, 9..) | (10, 7..) => "thcs",
                (12, 5..) | (10, 4..) => "tieu_hoc",
                _ => "chua_tot_nghiep_tieu_hoc",
            };
            return Some(code.to_string());
        }
    }
    // Anything else goes to the form's choice, which takes the level's name.
    Some(s.to_string())
}
