//! The period a report covers: a month, a quarter, a year, or any run of days. The
//! movement's results ([`super::results`]) are counted inside it; the compliance tables
//! are as of its last day, or today while the period is still running (a rule is
//! judged on what is known, never on a day that has not come).

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The first day of the calendar the program accepts; earlier days are typing mistakes
/// (the 2014 scheme's teams were founded from 2014, the older village guards are not
/// this register's records).
const EARLIEST: (i32, u32, u32) = (2000, 1, 1);

/// Days from `from` to `to`, both counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// How it was chosen, for its name: `month`, `quarter`, `year` or `days`.
    pub kind: PeriodKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
    Days,
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn bad(field: &str, label: &str, message: impl Into<String>) -> Error {
    Error::invalid(field, label, message)
}

fn check_year(year: i32) -> Result<()> {
    if !(EARLIEST.0..=9998).contains(&year) {
        return Err(bad(
            "year",
            "Năm",
            format!(
                "năm {year} không hợp lệ; hãy nhập năm từ {} trở đi",
                EARLIEST.0
            ),
        ));
    }
    Ok(())
}

impl Period {
    /// Any run of days, `from` to `to` included.
    pub fn days(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        let earliest = day(EARLIEST.0, EARLIEST.1, EARLIEST.2).unwrap_or_default();
        if from < earliest {
            return Err(bad(
                "from",
                "Từ ngày",
                format!(
                    "ngày {} quá xa; hãy chọn ngày từ năm {} trở đi",
                    from.format("%d/%m/%Y"),
                    EARLIEST.0
                ),
            ));
        }
        if to < from {
            return Err(bad(
                "to",
                "Đến ngày",
                format!(
                    "ngày cuối {} ở trước ngày đầu {}; hãy đổi lại",
                    to.format("%d/%m/%Y"),
                    from.format("%d/%m/%Y")
                ),
            ));
        }
        Ok(Period {
            from,
            to,
            kind: PeriodKind::Days,
        })
    }

    /// A calendar month (1–12).
    pub fn month(year: i32, month: u32) -> Result<Period> {
        check_year(year)?;
        let from =
            day(year, month, 1).ok_or_else(|| bad("month", "Tháng", "tháng phải từ 1 đến 12"))?;
        let next = from + Months::new(1);
        Ok(Period {
            from,
            to: next.pred_opt().unwrap_or(next),
            kind: PeriodKind::Month,
        })
    }

    /// A quarter (1–4): January–March is the first.
    pub fn quarter(year: i32, quarter: u32) -> Result<Period> {
        if !(1..=4).contains(&quarter) {
            return Err(bad("quarter", "Quý", "quý phải từ 1 đến 4"));
        }
        let month = Period::month(year, (quarter - 1) * 3 + 1)?;
        let next = month.from + Months::new(3);
        Ok(Period {
            from: month.from,
            to: next.pred_opt().unwrap_or(next),
            kind: PeriodKind::Quarter,
        })
    }

    /// A calendar year.
    pub fn year(year: i32) -> Result<Period> {
        check_year(year)?;
        Ok(Period {
            from: day(year, 1, 1).unwrap_or_default(),
            to: day(year, 12, 31).unwrap_or_default(),
            kind: PeriodKind::Year,
        })
    }

    /// The day the compliance tables are as of: the period's last day, or `today` while
    /// the period is still running. A period that has not begun is refused.
    pub fn as_of(&self, today: NaiveDate) -> Result<NaiveDate> {
        if self.from > today {
            return Err(bad(
                "from",
                "Từ ngày",
                format!(
                    "kỳ {} chưa bắt đầu (hôm nay là {}); hãy chọn kỳ đã qua hoặc đang diễn ra",
                    self.name(),
                    today.format("%d/%m/%Y")
                ),
            ));
        }
        Ok(self.to.min(today))
    }

    /// The same period a year earlier, for the figures beside it: the same month,
    /// quarter or year (February keeps its own last day), or the same run of days
    /// (29/2 becomes 28/2).
    pub fn year_earlier(&self) -> Option<Period> {
        let year = self.from.year() - 1;
        match self.kind {
            PeriodKind::Month => Period::month(year, self.from.month()).ok(),
            PeriodKind::Quarter => Period::quarter(year, self.from.month0() / 3 + 1).ok(),
            PeriodKind::Year => Period::year(year).ok(),
            PeriodKind::Days => {
                let back = |d: NaiveDate| d.checked_sub_months(Months::new(12));
                Period::days(back(self.from)?, back(self.to)?).ok()
            }
        }
    }

    /// The part of the period up to `day` (the whole of it if it ended before), keeping
    /// its name: what is counted in a report as of `day`.
    pub fn up_to(&self, day: NaiveDate) -> Period {
        Period {
            to: self.to.min(day).max(self.from),
            ..*self
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Its name in a report's title: "tháng 11/2026", "quý IV/2026", "năm 2026",
    /// "từ 01/03/2026 đến 15/09/2026".
    pub fn name(&self) -> String {
        const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
        match self.kind {
            PeriodKind::Month => format!("tháng {}/{}", self.from.month(), self.from.year()),
            PeriodKind::Quarter => format!(
                "quý {}/{}",
                ROMAN[(self.from.month0() / 3) as usize],
                self.from.year()
            ),
            PeriodKind::Year => format!("năm {}", self.from.year()),
            PeriodKind::Days => format!(
                "từ {} đến {}",
                self.from.format("%d/%m/%Y"),
                self.to.format("%d/%m/%Y")
            ),
        }
    }

    /// A short tag for file names: `2026-11`, `2026-q4`, `2026`, `2026-03-01_2026-09-15`.
    pub fn tag(&self) -> String {
        match self.kind {
            PeriodKind::Month => self.from.format("%Y-%m").to_string(),
            PeriodKind::Quarter => {
                format!("{}-q{}", self.from.year(), self.from.month0() / 3 + 1)
            }
            PeriodKind::Year => self.from.year().to_string(),
            PeriodKind::Days => format!(
                "{}_{}",
                self.from.format("%Y-%m-%d"),
                self.to.format("%Y-%m-%d")
            ),
        }
    }
}

/// A period as the window or the command line names it; [`PeriodChoice::period`] checks
/// it (the page's values are not trusted: a month 13 is refused like a typed one).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodChoice {
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    Year {
        year: i32,
    },
    /// Days as typed, `dd/mm/yyyy`.
    Days {
        from: String,
        to: String,
    },
}

impl PeriodChoice {
    pub fn period(&self) -> Result<Period> {
        match self {
            PeriodChoice::Month { year, month } => Period::month(*year, *month),
            PeriodChoice::Quarter { year, quarter } => Period::quarter(*year, *quarter),
            PeriodChoice::Year { year } => Period::year(*year),
            PeriodChoice::Days { from, to } => {
                let read = |text: &str, field: &str, label: &str| {
                    crate::dates::parse_date_full(text)
                        .map_err(|e| bad(field, label, e.to_string()))
                };
                Period::days(read(from, "from", "Từ ngày")?, read(to, "to", "Đến ngày")?)
            }
        }
    }
}

/// `mm/yyyy` (a month) or, with `quarter`, `q/yyyy` where q is 1–4 or I–IV.
fn number_and_year(text: &str, field: &str, label: &str, example: &str) -> Result<(u32, i32)> {
    let wrong = || {
        bad(
            field,
            label,
            format!("không đọc được \"{text}\"; hãy viết như {example}"),
        )
    };
    let (number, year) = text.trim().split_once('/').ok_or_else(wrong)?;
    let number = match number.trim().to_ascii_uppercase().as_str() {
        "I" => 1,
        "II" => 2,
        "III" => 3,
        "IV" => 4,
        n => n.parse().map_err(|_| wrong())?,
    };
    let year = year.trim().parse().map_err(|_| wrong())?;
    Ok((number, year))
}

impl Period {
    /// A month typed as `11/2026`.
    pub fn parse_month(text: &str) -> Result<Period> {
        let (month, year) = number_and_year(text, "month", "Tháng", "11/2026")?;
        Period::month(year, month)
    }

    /// A quarter typed as `4/2026` or `IV/2026`.
    pub fn parse_quarter(text: &str) -> Result<Period> {
        let (quarter, year) = number_and_year(text, "quarter", "Quý", "4/2026 hoặc IV/2026")?;
        Period::quarter(year, quarter)
    }

    /// A year typed as `2026`.
    pub fn parse_year(text: &str) -> Result<Period> {
        let year = text.trim().parse().map_err(|_| {
            bad(
                "year",
                "Năm",
                format!("không đọc được \"{text}\"; hãy viết như 2026"),
            )
        })?;
        Period::year(year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn months_quarters_and_years_end_on_their_last_day() {
        let feb = Period::month(2028, 2).unwrap();
        assert_eq!((feb.from, feb.to), (d(2028, 2, 1), d(2028, 2, 29)));
        assert_eq!(feb.name(), "tháng 2/2028");
        assert_eq!(feb.tag(), "2028-02");
        let q4 = Period::quarter(2026, 4).unwrap();
        assert_eq!((q4.from, q4.to), (d(2026, 10, 1), d(2026, 12, 31)));
        assert_eq!(q4.name(), "quý IV/2026");
        assert_eq!(q4.tag(), "2026-q4");
        let y = Period::year(2025).unwrap();
        assert_eq!((y.from, y.to), (d(2025, 1, 1), d(2025, 12, 31)));
        assert!(y.contains(d(2025, 12, 31)) && !y.contains(d(2026, 1, 1)));
        assert_eq!(
            Period::days(d(2026, 3, 1), d(2026, 9, 15)).unwrap().name(),
            "từ 01/03/2026 đến 15/09/2026"
        );
    }

    #[test]
    fn mistakes_are_refused_with_what_to_do() {
        for refused in [
            Period::month(2026, 13),
            Period::month(2026, 0),
            Period::quarter(2026, 5),
            Period::year(1999),
            Period::days(d(2026, 5, 2), d(2026, 5, 1)),
            Period::days(d(1999, 12, 31), d(2026, 5, 1)),
        ] {
            let e = refused.unwrap_err();
            assert_eq!(e.code(), "invalid", "{e}");
            assert!(
                e.to_string().contains("hãy") || e.to_string().contains("phải"),
                "{e}"
            );
        }
    }

    #[test]
    fn typed_and_chosen_periods_read_the_same() {
        assert_eq!(
            Period::parse_month("11/2026").unwrap(),
            Period::month(2026, 11).unwrap()
        );
        assert_eq!(
            Period::parse_quarter("IV/2026").unwrap(),
            Period::quarter(2026, 4).unwrap()
        );
        assert_eq!(
            Period::parse_quarter(" 4 / 2026").unwrap(),
            Period::quarter(2026, 4).unwrap()
        );
        assert_eq!(
            Period::parse_year("2025").unwrap(),
            Period::year(2025).unwrap()
        );
        for wrong in ["2026-11", "11", "x/2026", "13/2026"] {
            assert!(Period::parse_month(wrong).is_err(), "{wrong}");
        }
        let chosen: PeriodChoice =
            serde_json::from_str(r#"{"kind":"quarter","year":2026,"quarter":3}"#).unwrap();
        assert_eq!(chosen.period().unwrap(), Period::quarter(2026, 3).unwrap());
        let days: PeriodChoice =
            serde_json::from_str(r#"{"kind":"days","from":"01/03/2026","to":"15/09/2026"}"#)
                .unwrap();
        assert_eq!(days.period().unwrap().to, d(2026, 9, 15));
        let hostile: PeriodChoice =
            serde_json::from_str(r#"{"kind":"month","year":2026,"month":99}"#).unwrap();
        assert!(hostile.period().is_err());
    }

    #[test]
    fn a_running_period_is_as_of_today_and_a_future_one_is_refused() {
        let today = d(2026, 12, 5);
        let q4 = Period::quarter(2026, 4).unwrap();
        assert_eq!(q4.as_of(today).unwrap(), today);
        let q3 = Period::quarter(2026, 3).unwrap();
        assert_eq!(q3.as_of(today).unwrap(), d(2026, 9, 30));
        assert!(Period::month(2027, 1).unwrap().as_of(today).is_err());
        assert_eq!(
            Period::month(2026, 12).unwrap().as_of(today).unwrap(),
            today
        );
    }

    #[test]
    fn a_year_earlier_keeps_the_shape_of_the_period() {
        let feb = Period::month(2028, 2).unwrap().year_earlier().unwrap();
        assert_eq!((feb.from, feb.to), (d(2027, 2, 1), d(2027, 2, 28)));
        let leap = Period::month(2029, 2).unwrap().year_earlier().unwrap();
        assert_eq!(leap.to, d(2028, 2, 29));
        let days = Period::days(d(2028, 2, 29), d(2028, 3, 10)).unwrap();
        let back = days.year_earlier().unwrap();
        assert_eq!((back.from, back.to), (d(2027, 2, 28), d(2027, 3, 10)));
        let q = Period::quarter(2026, 1).unwrap().year_earlier().unwrap();
        assert_eq!((q.from, q.to), (d(2025, 1, 1), d(2025, 3, 31)));
        assert_eq!(q.name(), "quý I/2025");
    }
}
