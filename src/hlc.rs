//! Hybrid logical clock: which version of a record is newer.
//!
//! A timestamp is the wall clock in milliseconds shifted left 16 bits, plus a counter in
//! the low 16 bits, in one `i64` (enough until the year 10,000). Local writes take
//! `max(last + 1, now)`, and every imported version pushes `last` forward, so a laptop
//! whose clock is behind still orders its edits after what it has seen. Ties between
//! installations are broken by the `origin` installation id (see DESIGN.md §4).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

pub const COUNTER_BITS: u32 = 16;

/// The next timestamp after `last` for a write happening at wall-clock `now_ms`.
pub fn next(last: i64, now_ms: i64) -> i64 {
    let physical = now_ms.max(0) << COUNTER_BITS;
    physical.max(last.saturating_add(1))
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
    /// The greatest timestamp written or seen.
    last: i64,
    /// The last change number: every version written here takes the next one, so an
    /// incremental export finds what changed since the last one.
    seq: i64,
}

impl Clock {
    /// The clock as stored in the installation row.
    pub(crate) fn load(conn: &Connection) -> rusqlite::Result<Clock> {
        conn.query_row(
            "SELECT hlc_last, seq_last FROM installation WHERE singleton = 1",
            [],
            |r| {
                Ok(Clock {
                    last: r.get(0)?,
                    seq: r.get(1)?,
                })
            },
        )
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
    pub(crate) fn tick(&mut self) -> (i64, i64) {
        self.last = next(self.last, now_ms());
        self.seq += 1;
        (self.last, self.seq)
    }

    /// A version received with timestamp `hlc`: it pushes the clock forward (a later
    /// local write orders after it) and takes the next change number, returned.
    pub(crate) fn receive(&mut self, hlc: i64) -> i64 {
        self.seq += 1;
        self.last = self.last.max(hlc);
        self.seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_wall_clock_when_it_moves_forward() {
        let t = next(0, 1_700_000_000_000);
        assert_eq!(physical_ms(t), 1_700_000_000_000);
        let u = next(t, 1_700_000_000_001);
        assert_eq!(physical_ms(u), 1_700_000_000_001);
        assert_eq!(u & 0xFFFF, 0);
    }

    #[test]
    fn counts_up_when_the_clock_stands_still_or_goes_back() {
        let t = next(0, 1_700_000_000_000);
        let u = next(t, 1_700_000_000_000);
        let v = next(u, 1_600_000_000_000);
        assert!(t < u && u < v);
        assert_eq!(physical_ms(v), 1_700_000_000_000);
        assert_eq!(v & 0xFFFF, 2);
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
