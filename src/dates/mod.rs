//! Dates as Vietnamese users write them, and as documents print them
//! (domain.md §5.5 and §1.2).
//!
//! - Input is always day first: d/m/yyyy, dd/mm/yyyy, with `/`, `-` or `.`;
//!   also m/yyyy and yyyy (partial dates: lists often give only a birth year),
//!   and ISO yyyy-mm-dd (unambiguous because the 4-digit year comes first).
//!   Month-first (US) input is never guessed: "12/31/2025" is an error.
//! - Storage is ISO 8601 text: "2025", "2025-03", "2025-03-05".
//! - Screens show dd/mm/yyyy; documents use the Nghị định 30 long form
//!   "ngày 05 tháng 3 năm 2025".

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// Earliest and latest year accepted from users. Outside this range the input
/// is almost certainly a typo (a missing digit, a two-digit year).
pub const MIN_YEAR: i32 = 1900;
/// See [`MIN_YEAR`].
pub const MAX_YEAR: i32 = 2100;

/// A date that may be known only to the year or to the month.
///
/// Note: the derived `Ord` compares the variant first (every `Year` sorts
/// before every `YearMonth`, before every `Full`). It exists so the type can be
/// used in sets and maps; for chronological order compare
/// [`PartialDate::earliest`] (or store [`PartialDate::to_iso`], whose text order
/// is chronological).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum PartialDate {
    /// Only the year is known.
    Year(i32),
    /// Year and month (1–12).
    YearMonth(i32, u32),
    /// A full calendar date.
    Full(NaiveDate),
}

/// Why a date could not be read. Every message says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("Chưa nhập ngày. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/03/2025.")]
    Empty,

    #[error(
        "Không đọc được ngày \"{input}\". Hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/03/2025), \
         hoặc mm/yyyy nếu chỉ biết tháng, hoặc yyyy nếu chỉ biết năm."
    )]
    Format { input: String },

    #[error(
        "Năm trong \"{input}\" chỉ có 2 chữ số. Hãy nhập năm đủ 4 chữ số, theo dạng dd/mm/yyyy, \
         ví dụ 05/03/1985."
    )]
    TwoDigitYear { input: String },

    #[error(
        "Năm {year} nằm ngoài khoảng 1900–2100, có thể đã gõ sai. Hãy kiểm tra lại và nhập theo \
         dạng dd/mm/yyyy, ví dụ 05/03/2025."
    )]
    YearOutOfRange { year: i32 },

    #[error(
        "Không có tháng {month} (tháng chỉ từ 1 đến 12). Ngày phải viết theo thứ tự \
         ngày/tháng/năm, dạng dd/mm/yyyy, ví dụ 31/12/2025."
    )]
    InvalidMonth { month: u32 },

    #[error(
        "Tháng {month} năm {year} chỉ có {max_day} ngày, không có ngày {day}. Hãy kiểm tra lại và \
         nhập theo dạng dd/mm/yyyy."
    )]
    InvalidDay {
        day: u32,
        month: u32,
        year: i32,
        max_day: u32,
    },

    #[error(
        "Mục này cần ngày đầy đủ, nhưng mới nhập \"{given}\". Hãy nhập cả ngày, tháng và năm theo \
         dạng dd/mm/yyyy, ví dụ 05/03/2025."
    )]
    NotFullDate { given: String },

    #[error(
        "Ngày đã lưu \"{input}\" không đúng dạng yyyy-mm-dd, yyyy-mm hoặc yyyy; dữ liệu có thể bị \
         hỏng. Hãy nhập lại ngày này theo dạng dd/mm/yyyy."
    )]
    InvalidIso { input: String },
}

/// A day as stored: "2025-03-05".
pub fn iso(d: NaiveDate) -> String {
    PartialDate::Full(d).to_iso()
}

/// A day for people: "05/03/2025".
pub fn vn(d: NaiveDate) -> String {
    PartialDate::Full(d).to_vn()
}

/// A stored day, if the text is one (not a year or a month alone).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    match PartialDate::from_iso(s) {
        Ok(PartialDate::Full(d)) => Some(d),
        _ => None,
    }
}

impl PartialDate {
    /// ISO 8601 text for storage: "2025", "2025-03", "2025-03-05". Text order
    /// of these strings is chronological order of their earliest day.
    pub fn to_iso(&self) -> String {
        match *self {
            PartialDate::Year(y) => format!("{y:04}"),
            PartialDate::YearMonth(y, m) => format!("{y:04}-{m:02}"),
            PartialDate::Full(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }

    /// Reads what [`to_iso`](Self::to_iso) wrote. Strict: exactly 4-digit
    /// year, 2-digit month and day, valid calendar date. The 1900–2100 range of
    /// user input is not enforced here, so stored data is never lost.
    pub fn from_iso(s: &str) -> Result<PartialDate, DateError> {
        let bad = || DateError::InvalidIso {
            input: s.to_owned(),
        };
        let parts: Vec<&str> = s.split('-').collect();
        let widths_ok = match parts.len() {
            1..=3 => parts
                .iter()
                .zip([4usize, 2, 2])
                .all(|(p, w)| p.len() == w && p.bytes().all(|b| b.is_ascii_digit())),
            _ => false,
        };
        if !widths_ok {
            return Err(bad());
        }
        let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
        let year = i32::try_from(num(parts[0])?).map_err(|_| bad())?;
        match parts.len() {
            1 => Ok(PartialDate::Year(year)),
            2 => {
                let month = check_month(num(parts[1])?)?;
                Ok(PartialDate::YearMonth(year, month))
            }
            _ => {
                let month = check_month(num(parts[1])?)?;
                let day = num(parts[2])?;
                make_date(year, month, day).map(PartialDate::Full)
            }
        }
    }

    /// Display form: "2025", "03/2025", "05/03/2025" (always zero-padded, as
    /// the users' paper forms are).
    pub fn to_vn(&self) -> String {
        match *self {
            PartialDate::Year(y) => format!("{y:04}"),
            PartialDate::YearMonth(y, m) => format!("{m:02}/{y:04}"),
            PartialDate::Full(d) => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
        }
    }

    /// The year, known in every variant.
    pub fn year(&self) -> i32 {
        match *self {
            PartialDate::Year(y) | PartialDate::YearMonth(y, _) => y,
            PartialDate::Full(d) => d.year(),
        }
    }

    /// First day the date could be. An out-of-range month (only possible if
    /// the variant was built by hand) is clamped rather than panicking.
    pub fn earliest(&self) -> NaiveDate {
        match *self {
            PartialDate::Year(y) => ymd_or_clamp(y, 1, 1),
            PartialDate::YearMonth(y, m) => ymd_or_clamp(y, m.clamp(1, 12), 1),
            PartialDate::Full(d) => d,
        }
    }

    /// Last day the date could be.
    pub fn latest(&self) -> NaiveDate {
        match *self {
            PartialDate::Year(y) => ymd_or_clamp(y, 12, 31),
            PartialDate::YearMonth(y, m) => {
                let m = m.clamp(1, 12);
                ymd_or_clamp(y, m, days_in_month(y, m))
            }
            PartialDate::Full(d) => d,
        }
    }
}

impl fmt::Display for PartialDate {
    /// Same as [`PartialDate::to_vn`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_vn())
    }
}

/// A date for years chrono cannot represent saturates to its limits.
fn ymd_or_clamp(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(if y < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// Number of days in month `m` (1–12) of year `y`.
fn days_in_month(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(y, m, d).is_some())
        .unwrap_or(28)
}

fn check_month(month: u32) -> Result<u32, DateError> {
    if (1..=12).contains(&month) {
        Ok(month)
    } else {
        Err(DateError::InvalidMonth { month })
    }
}

fn make_date(year: i32, month: u32, day: u32) -> Result<NaiveDate, DateError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::InvalidDay {
        day,
        month,
        year,
        max_day: days_in_month(year, month),
    })
}

fn check_year(year: i32) -> Result<i32, DateError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(DateError::YearOutOfRange { year })
    }
}

/// Parses a date typed by a user, day first.
///
/// Accepted: `d/m/yyyy`, `dd/mm/yyyy` with `/`, `-` or `.` as separators
/// (spaces around them are tolerated), `m/yyyy`, `yyyy`, and ISO `yyyy-mm-dd`
/// / `yyyy-mm` (a 4-digit first part means year first). Refused, each with a
/// message saying why: month-first dates, two-digit years, years outside
/// 1900–2100, days that do not exist (31/02, 29/02 in a common year).
pub fn parse_vn(input: &str) -> Result<PartialDate, DateError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let format_err = || DateError::Format {
        input: s.to_owned(),
    };

    let parts: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format_err());
    }
    // At most 4 ASCII digits per part fit any field; longer parts are typos
    // (or a date typed without separators) and would not fit in a u32.
    if parts.iter().any(|p| p.len() > 4) {
        return Err(format_err());
    }
    let num = |p: &str| p.parse::<u32>().map_err(|_| format_err());
    let year_of = |p: &str| -> Result<i32, DateError> {
        match p.len() {
            4 => check_year(i32::try_from(num(p)?).map_err(|_| format_err())?),
            2 => Err(DateError::TwoDigitYear {
                input: s.to_owned(),
            }),
            _ => Err(format_err()),
        }
    };
    let small = |p: &str| -> Result<u32, DateError> {
        if p.len() <= 2 {
            num(p)
        } else {
            Err(format_err())
        }
    };

    let year_first = parts[0].len() == 4;
    match (parts.len(), year_first) {
        (1, _) => Ok(PartialDate::Year(year_of(parts[0])?)),
        (2, true) => {
            let year = year_of(parts[0])?;
            let month = check_month(small(parts[1])?)?;
            Ok(PartialDate::YearMonth(year, month))
        }
        (2, false) => {
            let month = check_month(small(parts[0])?)?;
            let year = year_of(parts[1])?;
            Ok(PartialDate::YearMonth(year, month))
        }
        (_, true) => {
            let year = year_of(parts[0])?;
            let month = check_month(small(parts[1])?)?;
            let day = small(parts[2])?;
            make_date(year, month, day).map(PartialDate::Full)
        }
        (_, false) => {
            let day = small(parts[0])?;
            let month = small(parts[1])?;
            // Year first: a two-digit year is the more useful message than
            // whatever is wrong with the month.
            let year = year_of(parts[2])?;
            let month = check_month(month)?;
            make_date(year, month, day).map(PartialDate::Full)
        }
    }
}

/// Like [`parse_vn`], for fields that need a full date (a decision date, an
/// issue date): a year or month alone is refused.
pub fn parse_date_full(input: &str) -> Result<NaiveDate, DateError> {
    match parse_vn(input)? {
        PartialDate::Full(d) => Ok(d),
        partial => Err(DateError::NotFullDate {
            given: partial.to_vn(),
        }),
    }
}

/// The long form used in documents under Nghị định 30/2020 (Phụ lục I):
/// "ngày 05 tháng 3 năm 2025". Days below 10 and the months 1 and 2 get a
/// leading zero, nothing else does (so "tháng 01", "tháng 02" but "tháng 3").
pub fn long_form(d: NaiveDate) -> String {
    let month = d.month();
    let month_text = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {} năm {}", d.day(), month_text, d.year())
}

/// Completed years from `birth` to `on` (0 if `on` is before `birth`). A
/// person born on 29 February has a birthday on 1 March in common years.
fn completed_years(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Possible age range `(min, max)` on the day `on`.
///
/// With a full birth date both are equal. With only a year (or month), the
/// person could have had a birthday already or not: born in 2000, on
/// 01/06/2025 they are 24 or 25. Callers checking a legal age (18–70,
/// domain.md §3.2) should warn when the range straddles the limit.
pub fn age_on(birth: PartialDate, on: NaiveDate) -> (u32, u32) {
    (
        completed_years(birth.latest(), on),
        completed_years(birth.earliest(), on),
    )
}

#[cfg(test)]
mod tests;
