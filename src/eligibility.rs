//! A member's age against the law's 18–70 on a given day (Luật 30/2023/QH15 Điều 13,
//! domain.md §3.2): one rule for the drafts of decisions, the member list, rule C3 and
//! the member's record warnings, so they never disagree about who is eligible.
//!
//! Readings decided here (issue 13):
//! - "từ đủ 18 tuổi": eligible from the 18th birthday itself;
//! - "đến 70 tuổi … trên 70 tuổi": eligible up to and including the 70th birthday; from
//!   the day after it a member is over 70 and needs the Chairman's decision. This is the
//!   stricter of the two readings, and the harmless one: a decision not strictly needed
//!   costs the Chairman a signature, a missing one makes the team unlawful.
//! - A partial birth date (year only, or month and year) is read conservatively: the
//!   member is eligible only if every day the birth could be gives an eligible age. The
//!   Chairman signs that the member is 18, so "perhaps 17" is not enough; the remedy is
//!   to write the full birth date, which the clerk has on the member's ID card.
//! - Born on 29 February: the birthday in a common year is 1 March ([`dates::age_on`]).

use chrono::NaiveDate;

use crate::dates::{self, PartialDate};

pub const MIN_AGE: u32 = 18;
pub const MAX_AGE: u32 = 70;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Under18,
    Over70,
}

/// Why a member is not (surely) eligible on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeProblem {
    pub limit: Limit,
    /// The possible completed years on the day (equal for a full birth date).
    pub age: (u32, u32),
    /// False when only a partial birth date leaves the doubt.
    pub certain: bool,
    pub birth: PartialDate,
    pub on: NaiveDate,
}

/// The problem with `birth` on `on`, if any; over 70 is no problem when the Chairman's
/// decision is recorded (`exception`). Under 18 has no exception.
pub fn check(birth: PartialDate, on: NaiveDate, exception: bool) -> Option<AgeProblem> {
    let (limit, certain) = limit_between(birth.earliest(), birth.latest(), on, exception)?;
    Some(AgeProblem {
        limit,
        age: dates::age_on(birth, on),
        certain,
        birth,
        on,
    })
}

/// The limit passed by someone born between `earliest` and `latest` (the days a partial
/// birth date allows), and whether surely: what rule C3 reads from its packed days.
pub fn limit_between(
    earliest: NaiveDate,
    latest: NaiveDate,
    on: NaiveDate,
    exception: bool,
) -> Option<(Limit, bool)> {
    let years = |birth, day| dates::age_on(PartialDate::Full(birth), day).0;
    if years(latest, on) < MIN_AGE {
        return Some((Limit::Under18, years(earliest, on) < MIN_AGE));
    }
    // Over 70 from the day after the 70th birthday: completed years the day before.
    let before = on.pred_opt().unwrap_or(on);
    if years(earliest, before) >= MAX_AGE && !exception {
        return Some((Limit::Over70, years(latest, before) >= MAX_AGE));
    }
    None
}

impl AgeProblem {
    fn age_text(&self) -> String {
        if self.age.0 == self.age.1 {
            format!("{} tuổi", self.age.0)
        } else {
            format!("{} hoặc {} tuổi", self.age.0, self.age.1)
        }
    }

    /// What is wrong, for a sentence about one member: "chưa đủ 18 tuổi ngày 15/08/2024
    /// (17 tuổi)".
    pub fn describe(&self) -> String {
        let on = dates::vn(self.on);
        let maybe = if self.certain { "" } else { "có thể " };
        let partial = if self.certain {
            String::new()
        } else {
            format!(", ngày sinh chỉ ghi {}", self.birth.to_vn())
        };
        match self.limit {
            Limit::Under18 => format!(
                "{maybe}chưa đủ 18 tuổi ngày {on} ({}{partial})",
                self.age_text()
            ),
            Limit::Over70 => format!(
                "{maybe}đã trên 70 tuổi ngày {on} ({}{partial}) mà chưa ghi quyết định của Chủ tịch UBND cho phép",
                self.age_text()
            ),
        }
    }

    /// What to do about it.
    pub fn remedy(&self) -> &'static str {
        match (self.limit, self.certain) {
            (_, false) => "ghi đủ ngày sinh theo giấy tờ tùy thân",
            (Limit::Under18, true) => {
                "sửa ngày sinh nếu ghi nhầm, hoặc đưa thành viên ra khỏi Tổ"
            }
            (Limit::Over70, true) => {
                "ghi số, ngày quyết định của Chủ tịch UBND cho phép vào hồ sơ thành viên, sửa ngày sinh nếu ghi nhầm, hoặc đưa thành viên ra khỏi Tổ"
            }
        }
    }

    /// Short, for the Ghi chú column of the member list.
    pub fn note(&self) -> String {
        match (self.limit, self.certain) {
            (Limit::Under18, true) => "Chưa đủ 18 tuổi".into(),
            (Limit::Under18, false) => "Có thể chưa đủ 18 tuổi (thiếu ngày sinh)".into(),
            (Limit::Over70, true) => "Trên 70 tuổi, chưa có QĐ của Chủ tịch UBND".into(),
            (Limit::Over70, false) => "Có thể trên 70 tuổi (thiếu ngày sinh)".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn full(y: i32, m: u32, day: u32) -> PartialDate {
        PartialDate::Full(d(y, m, day))
    }

    #[test]
    fn eighteen_from_the_birthday_itself() {
        let b = full(2006, 8, 15);
        let p = check(b, d(2024, 8, 14), false).unwrap();
        assert_eq!(
            (p.limit, p.age, p.certain),
            (Limit::Under18, (17, 17), true)
        );
        assert!(p
            .describe()
            .contains("chưa đủ 18 tuổi ngày 14/08/2024 (17 tuổi)"));
        assert_eq!(check(b, d(2024, 8, 15), false), None);
    }

    #[test]
    fn seventy_up_to_the_birthday_and_over_from_the_day_after() {
        let b = full(1954, 8, 15);
        assert_eq!(check(b, d(2024, 8, 15), false), None);
        let p = check(b, d(2024, 8, 16), false).unwrap();
        assert_eq!((p.limit, p.age, p.certain), (Limit::Over70, (70, 70), true));
        assert!(p.remedy().contains("quyết định của Chủ tịch"));
        // The Chairman's decision lets them in, however old.
        assert_eq!(check(b, d(2024, 8, 16), true), None);
        assert_eq!(check(b, d(2030, 1, 1), true), None);
        // No exception for the young.
        assert!(check(full(2010, 1, 1), d(2024, 8, 16), true).is_some());
    }

    #[test]
    fn a_year_only_birth_is_eligible_only_if_every_day_of_the_year_is() {
        let b = PartialDate::Year(2006);
        let p = check(b, d(2024, 6, 1), false).unwrap();
        assert_eq!(
            (p.limit, p.age, p.certain),
            (Limit::Under18, (17, 18), false)
        );
        assert!(p.describe().contains("ngày sinh chỉ ghi 2006"));
        assert!(p.remedy().contains("ngày sinh"));
        assert_eq!(check(b, d(2024, 12, 31), false), None);
        let old = PartialDate::Year(1954);
        assert!(
            check(old, d(2024, 1, 1), false).is_none(),
            "70th birthday is 1/1 at the earliest"
        );
        let p = check(old, d(2024, 1, 2), false).unwrap();
        assert_eq!((p.limit, p.certain), (Limit::Over70, false));
        assert!(check(old, d(2025, 1, 2), false).unwrap().certain);
        let month = PartialDate::YearMonth(2006, 5);
        assert!(check(month, d(2024, 5, 30), false).is_some());
        assert_eq!(check(month, d(2024, 5, 31), false), None);
    }
}
