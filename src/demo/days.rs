//! Days for the demo: built, shown, shifted and drawn at random, and the day the 2023
//! Law took effect.

use chrono::{Days, Months, NaiveDate};

use super::rng::Rng;

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

pub(super) fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub(super) fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(d)
    }
}

pub(super) fn years_before(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(12 * years)).unwrap_or(d)
}

/// A day in `lo..=hi`; `lo` if the range is empty.
pub(super) fn between(rng: &mut Rng, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
    if hi <= lo {
        return lo;
    }
    plus(lo, rng.below((hi - lo).num_days() as u64 + 1) as i64)
}

/// The day the statutory teams could first be founded: the 2023 Law took effect on
/// 1/7/2024.
pub(super) fn law_2023_start() -> NaiveDate {
    ymd(2024, 7, 1)
}
