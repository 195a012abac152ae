//! Hybrid logical clock: which version of a record is newer.
//!
//! A timestamp is the wall clock in milliseconds shifted left 16 bits, plus a counter in
//! the low 16 bits, in one `i64` (enough until the year 10,000). Local writes take
//! `max(last + 1, now)`, and every imported version pushes `last` forward, so a laptop
//! whose clock is behind still orders its edits after what it has seen. Ties between
//! installations are broken by the `origin` installation id (see DESIGN.md §4).
//!
//! A laptop's clock is a boundary like any other (issue 11): a dead battery or a wrong
//! year is common in the field. So the clock never follows anything past `now + margin`
//! (the `clock_margin_hours` setting, one day by default): an imported version stamped
//! later waits in quarantine (see `sync::import::apply`) instead of dragging every later
//! write of this installation years ahead, and a time stamp that cannot be represented
//! is an error, never a saturated value that would win every comparison for good.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::error::{Error, Result};

pub const COUNTER_BITS: u32 = 16;

/// The next timestamp after `last` for a write happening at wall-clock `now_ms`, where
/// nothing seen after `ceiling` is followed. `None` when the wall clock cannot be right
/// (before 1970, or so far ahead that its stamp does not fit).
pub fn next(last: i64, now_ms: i64, ceiling: i64) -> Option<i64> {
    let physical = stamp_of(now_ms)?;
    let followed = last.min(ceiling.max(physical));
    Some(physical.max(followed.checked_add(1)?))
}

/// The stamp of wall-clock `ms` with a zero counter; `None` before 1970 or past the
/// representable range (year 6429).
fn stamp_of(ms: i64) -> Option<i64> {
    if ms < 0 {
        return None;
    }
    ms.checked_mul(1 << COUNTER_BITS)
}

/// Wall-clock time of a timestamp, for "last updated" displays and rule C2.
pub fn to_datetime(hlc: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(hlc >> COUNTER_BITS)
}

pub fn physical_ms(hlc: i64) -> i64 {
    hlc >> COUNTER_BITS
}

pub fn from_millis(ms: i64) -> i64 {
    ms << COUNTER_BITS
}

pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// The installation's clock and change counter (`seq`) as one transaction advances
/// them: read when it begins, moved forward by every version it writes, stored again
/// when it ends. Local writes ([`crate::records::Writer`]) and imports share it, so both
/// stamp and count their changes the same way.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    /// The greatest timestamp written or seen (up to the ceiling).
    last: i64,
    /// The last change number: every version written here takes the next one, so an
    /// incremental export finds what changed since the last one.
    seq: i64,
    /// The latest stamp this transaction accepts: the wall clock at its start plus the
    /// margin. Nothing later is followed, and an import holds later versions back.
    ceiling: i64,
}

impl Clock {
    /// The clock as stored in the installation row, with the margin in force.
    pub(crate) fn load(conn: &Connection) -> Result<Clock> {
        let margin_hours = crate::settings::setting_in(conn, crate::settings::CLOCK_MARGIN_HOURS)?;
        let ceiling =
            stamp_of(now_ms().saturating_add(margin_hours * 3_600_000)).unwrap_or(i64::MAX);
        Ok(conn.query_row(
            "SELECT hlc_last, seq_last FROM installation WHERE singleton = 1",
            [],
            |r| {
                Ok(Clock {
                    last: r.get(0)?,
                    seq: r.get(1)?,
                    ceiling,
                })
            },
        )?)
    }

    /// Whether a received stamp is later than this laptop accepts (its sender's clock
    /// was ahead).
    pub(crate) fn is_ahead(&self, hlc: i64) -> bool {
        hlc > self.ceiling
    }

    /// Stores the clock back, at the end of the transaction.
    pub(crate) fn save(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute(
            "UPDATE installation SET hlc_last = ?1, seq_last = ?2 WHERE singleton = 1",
            params![self.last, self.seq],
        )?;
        Ok(())
    }

    /// A local write: its timestamp (after everything written or seen) and change number.
    pub(crate) fn tick(&mut self) -> Result<(i64, i64)> {
        let now = now_ms();
        self.last = next(self.last, now, self.ceiling).ok_or_else(|| Error::ClockWrong {
            clock: to_datetime(stamp_of(now.max(0)).unwrap_or(0))
                .map(|d| d.format("%d/%m/%Y %H:%M").to_string())
                .unwrap_or_else(|| format!("{now} ms")),
        })?;
        self.seq += 1;
        Ok((self.last, self.seq))
    }

    /// A version received with timestamp `hlc` (never past the ceiling: see
    /// [`Clock::is_ahead`]): it pushes the clock forward (a later local write orders
    /// after it) and takes the next change number, returned.
    pub(crate) fn receive(&mut self, hlc: i64) -> i64 {
        self.seq += 1;
        self.last = self.last.max(hlc.min(self.ceiling));
        self.seq
    }
}

/// What this laptop believes about the time, for the window's status line and the
/// export's warning.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClockCheck {
    /// Now, as this laptop's clock says (local time, `dd/mm/yyyy HH:MM`).
    pub now: String,
    /// A sentence saying why the clock looks wrong and what to do; `None` when it looks
    /// right.
    pub warning: Option<String>,
}

/// The self-managed security teams this program records date from 2014: a laptop that
/// believes it is earlier has a dead clock battery.
const SCHEME_BEGAN_MS: i64 = 1_388_534_400_000; // 01/01/2014 00:00 UTC

/// Checks the wall clock against the newest change this installation has written or
/// seen (`last`, a stamp): behind it by more than `margin_hours`, or before the scheme
/// existed, the clock is wrong — changes made now would be stamped in the past and lose
/// to older ones elsewhere.
pub fn check_clock(now_ms: i64, last: i64, margin_hours: i64) -> ClockCheck {
    let shown = |ms: i64| {
        DateTime::from_timestamp_millis(ms)
            .map(|d| {
                d.with_timezone(&chrono::Local)
                    .format("%d/%m/%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|| "?".into())
    };
    let newest = physical_ms(last);
    let warning = if now_ms < SCHEME_BEGAN_MS {
        Some(format!(
            "Ngày giờ của máy tính này ({}) là trước năm 2014, khi mô hình tổ xung kích chưa có: đồng hồ máy đang sai (thường do hết pin đồng hồ). Hãy chỉnh lại ngày giờ (Cài đặt → Thời gian và ngôn ngữ) trước khi nhập liệu hoặc gửi gói.",
            shown(now_ms)
        ))
    } else if newest.saturating_sub(now_ms) > margin_hours.saturating_mul(3_600_000) {
        Some(format!(
            "Ngày giờ của máy tính này ({}) sớm hơn thay đổi mới nhất mà máy đã ghi hoặc đã nhận ({}): đồng hồ máy có thể đang sai. Hãy kiểm tra ngày giờ (Cài đặt → Thời gian và ngôn ngữ); thay đổi ghi khi đồng hồ sai có thể bị thay đổi cũ hơn đè lên ở nơi khác.",
            shown(now_ms),
            shown(newest)
        ))
    } else {
        None
    };
    ClockCheck {
        now: shown(now_ms),
        warning,
    }
}

impl crate::Store {
    /// [`check_clock`] for this installation now.
    pub fn clock_check(&self) -> Result<ClockCheck> {
        let margin = crate::settings::setting_in(self.conn(), crate::settings::CLOCK_MARGIN_HOURS)?;
        let last: i64 = self
            .conn()
            .query_row(
                "SELECT hlc_last FROM installation WHERE singleton = 1",
                [],
                |r| r.get(0),
            )
            .unwrap_or(0);
        Ok(check_clock(now_ms(), last, margin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;
    const DAY: i64 = 86_400_000;

    fn next_now(last: i64, now: i64) -> i64 {
        next(last, now, from_millis(now + DAY)).unwrap()
    }

    #[test]
    fn follows_the_wall_clock_when_it_moves_forward() {
        let t = next_now(0, NOW);
        assert_eq!(physical_ms(t), NOW);
        let u = next_now(t, NOW + 1);
        assert_eq!(physical_ms(u), NOW + 1);
        assert_eq!(u & 0xFFFF, 0);
    }

    #[test]
    fn counts_up_when_the_clock_stands_still_or_goes_back() {
        let t = next_now(0, NOW);
        let u = next_now(t, NOW);
        let v = next(u, NOW - 100_000, from_millis(NOW + DAY)).unwrap();
        assert!(t < u && u < v);
        assert_eq!(physical_ms(v), NOW);
        assert_eq!(v & 0xFFFF, 2);
    }

    #[test]
    fn a_clock_behind_what_it_has_seen_or_before_2014_is_named_wrong() {
        assert!(check_clock(NOW, from_millis(NOW - DAY), 24)
            .warning
            .is_none());
        assert!(check_clock(NOW, from_millis(NOW + DAY / 2), 24)
            .warning
            .is_none());
        let behind = check_clock(NOW, from_millis(NOW + 3 * DAY), 24)
            .warning
            .unwrap();
        assert!(behind.contains("sớm hơn thay đổi mới nhất"), "{behind}");
        let dead_battery = check_clock(946_684_800_000, 0, 24).warning.unwrap(); // 01/01/2000
        assert!(dead_battery.contains("trước năm 2014"), "{dead_battery}");
    }

    /// Issue 11: a stamp five years ahead (a commune laptop with the wrong year) once
    /// dragged every later write here five years ahead. Nothing past the ceiling is
    /// followed, and an impossible clock is an error, not a saturated stamp.
    #[test]
    fn never_follows_a_stamp_past_the_ceiling_and_never_saturates() {
        let ceiling = from_millis(NOW + DAY);
        let five_years_on = from_millis(NOW + 5 * 365 * DAY);
        let t = next(five_years_on, NOW, ceiling).unwrap();
        assert_eq!(t, ceiling + 1, "at most the ceiling is followed");
        assert_eq!(next(i64::MAX, NOW, i64::MAX), None);
        assert_eq!(next(0, -1, ceiling), None, "before 1970");
        assert_eq!(next(0, i64::MAX / 1000, i64::MAX), None, "past year 6429");
    }

    #[test]
    fn converts_back_to_a_date() {
        let t = from_millis(1_700_000_000_000) + 5;
        assert_eq!(
            to_datetime(t).unwrap().timestamp_millis(),
            1_700_000_000_000
        );
    }
}
