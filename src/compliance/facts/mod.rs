//! What rules C1–C8 need to know of each team, kept in `team_facts` (schema 5) so a
//! compliance pass over a province reads one row per team instead of every record.
//!
//! The facts depend neither on the day nor on the thresholds: they hold the dates
//! themselves (each propaganda session, contribution, inspection and commendation, each
//! equipment item's issue and return, each member's exit and training days), and
//! [`TeamFacts::count`] counts what falls inside the windows of a given day. So a new
//! day or a changed setting costs nothing; only a written record makes its team stale.
//!
//! Which teams to recompute: every written row carries the installation's change
//! counter (`seq`, indexed), so the teams of the rows newer than the last refresh are
//! found by index; update triggers (migration 5) add the team a row was moved away
//! from. [`refresh`] runs before facts are read and recomputes those teams with index
//! seeks when they are few (a form saved, one commune's bundle), or every team with one
//! grouped scan of each table when they are many (a first import, a migrated file).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};

use super::Facts;
use crate::eligibility;
use crate::error::Result;
use crate::kinds::{self, FieldType};

mod collect;
mod pack;

use collect::{collect, Scope};

/// A day as a number, for comparing and packing: days from the Common Era.
pub(crate) type Day = i32;

/// "No date": an open exit or return, or a date that could not be read.
const NO_DAY: Day = Day::MAX;

/// Reads `YYYY-MM-DD` (how every date is stored) without the general parser, which
/// would cost more than the rest of a full rebuild.
pub(crate) fn day(s: &str) -> Option<Day> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    Some(date.num_days_from_ce())
}

pub(crate) fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce()
}

/// One member, as rules C3 and C7 see them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct MemberFacts {
    /// Day of leaving the team, or [`NO_DAY`].
    pub exit: Day,
    /// Day of the health certificate, or [`NO_DAY`]: it counts for
    /// `health_cert_months` from that day.
    pub health: Day,
    /// Index in [`kinds::EDUCATION_LEVELS`], or -1 if not known.
    pub education: i8,
    /// The member's role is tổ trưởng (whose schooling C3 checks on its own).
    pub leader: bool,
    /// The first and last day the (possibly partial) birth date allows, or [`NO_DAY`]
    /// twice when not known: the age against 18–70 on the assessment day.
    pub birth: (Day, Day),
    /// The Chairman's decision allowing a member over 70 is recorded.
    pub age_exception: bool,
    /// Start days of the trainings attended (not absent), sorted.
    pub trained: Vec<Day>,
    /// Start days of the trainings the member was called to and missed, sorted: a
    /// training was held for the team even if nobody came (C7 splits who owes what).
    pub absent: Vec<Day>,
}

/// One issue of equipment, as rule C7 sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct EquipmentFacts {
    pub issued: Day,
    /// Day of return, or [`NO_DAY`] while held.
    pub returned: Day,
    /// Index in [`kinds::EQUIPMENT_ITEMS`], or -1 if not known.
    pub item: i8,
    pub quantity: u32,
    /// Index of the member it was issued to in [`TeamFacts::members`], or [`NO_HOLDER`]
    /// for the team's own store.
    pub holder: u32,
}

/// An item issued to the team, not to one of its members.
pub(crate) const NO_HOLDER: u32 = u32::MAX;

impl EquipmentFacts {
    fn held_on(&self, on: Day) -> bool {
        self.issued <= on && self.returned > on
    }
}

impl MemberFacts {
    /// Outside 18–70 on `on` without the Chairman's exception (eligibility.rs).
    fn age_outside(&self, on: Day) -> bool {
        let date = |d: Day| NaiveDate::from_num_days_from_ce_opt(d);
        match (date(self.birth.0), date(self.birth.1), date(on)) {
            (Some(earliest), Some(latest), Some(on)) if self.birth.0 != NO_DAY => {
                eligibility::limit_between(earliest, latest, on, self.age_exception).is_some()
            }
            _ => false,
        }
    }
}

/// Everything the rules read of one team, for any day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TeamFacts {
    /// The most complete founding decision: signed, numbered, scanned.
    pub founding: Option<(bool, bool, bool)>,
    /// The newest change among the team and the rows naming it, by the team's own unit.
    pub last_change_hlc: i64,
    pub regulations: u32,
    pub duties: u32,
    pub programmes: u32,
    pub propaganda: Vec<Day>,
    pub contributions: Vec<Day>,
    pub inspections: Vec<Day>,
    pub commendations: Vec<Day>,
    /// Each commendation proposal: its day, and the day of the first commendation
    /// granted on it ([`NO_DAY`] while none is).
    pub proposals: Vec<(Day, Day)>,
    pub equipment: Vec<EquipmentFacts>,
    pub members: Vec<MemberFacts>,
}

/// The windows of one assessment day, as days, and what the thresholds ask.
#[derive(Debug, Clone)]
pub(crate) struct Windows {
    pub on: Day,
    pub period_start: Day,
    pub training_start: Day,
    /// The first day a certificate may bear and still count on `on`.
    pub health_from: Day,
    pub c8_start: Day,
    pub min_education: i64,
    /// The required items ([`super::equipment`]): index in [`kinds::EQUIPMENT_ITEMS`]
    /// and the share of members, in percent.
    pub required: Vec<(usize, u8)>,
}

impl Windows {
    /// The windows of `on` under the thresholds `t`.
    pub(crate) fn of(on: NaiveDate, t: &crate::settings::Thresholds) -> Windows {
        let months_before = |months: i64| {
            on.checked_sub_months(chrono::Months::new(months.clamp(0, 12 * 200) as u32))
                .unwrap_or(on)
        };
        Windows {
            on: day_of(on),
            period_start: day_of(on - chrono::Days::new(t.period_days.max(0) as u64)),
            training_start: day_of(months_before(t.training_months)),
            // A certificate of 05/12/2025 valid for 12 months counts up to 04/12/2026.
            health_from: day_of(months_before(t.health_cert_months)) + 1,
            c8_start: day_of(months_before(12 * t.c8_years)),
            min_education: t.c3_min_education,
            required: t
                .required_equipment
                .iter()
                .filter_map(|r| Some((r.index()?, r.percent)))
                .collect(),
        }
    }
}

fn within(days: &[Day], from: Day, to: Day) -> usize {
    days.iter().filter(|d| (from..=to).contains(*d)).count()
}

impl TeamFacts {
    /// The counts the rules compare with their thresholds, on one day.
    pub(crate) fn count(&self, w: &Windows) -> Facts {
        let mut f = Facts {
            founding: self.founding,
            last_change_hlc: self.last_change_hlc,
            regulations: self.regulations as usize,
            duties: self.duties as usize,
            programmes: self.programmes as usize,
            propaganda: within(&self.propaganda, w.period_start, w.on),
            contributions: within(&self.contributions, w.period_start, w.on),
            inspections: within(&self.inspections, w.period_start, w.on),
            commendations: within(&self.commendations, w.c8_start, w.on),
            proposals: self
                .proposals
                .iter()
                .filter(|(d, _)| (w.c8_start..=w.on).contains(d))
                .count(),
            proposals_pending: self
                .proposals
                .iter()
                .filter(|(d, granted)| (w.c8_start..=w.on).contains(d) && *granted > w.on)
                .count(),
            equipment: self.equipment.iter().filter(|e| e.held_on(w.on)).count(),
            ..Facts::default()
        };
        let in_training_window = |d: &Day| (w.training_start..=w.on).contains(d);
        for m in &self.members {
            if m.exit <= w.on {
                continue;
            }
            let trained = m.trained.iter().any(in_training_window);
            let health = (w.health_from..=w.on).contains(&m.health);
            let educated = m.education >= 0 && i64::from(m.education) >= w.min_education;
            f.members += 1;
            f.members_health += health as usize;
            f.members_trained += trained as usize;
            f.members_educated += educated as usize;
            f.members_all_three += (health && trained && educated) as usize;
            f.members_age_outside += m.age_outside(w.on) as usize;
            f.leaders_uneducated += (m.leader && !educated) as usize;
            f.training_offered |= trained || m.absent.iter().any(in_training_window);
        }
        let active = |holder: u32| {
            self.members
                .get(holder as usize)
                .is_some_and(|m| m.exit > w.on)
        };
        for e in &self.equipment {
            if e.held_on(w.on) && e.holder != NO_HOLDER && !active(e.holder) {
                f.unreturned += 1;
            }
        }
        for &(item, percent) in &w.required {
            // Members holding one, each counted once, and the team's own store.
            let mut holders: Vec<u32> = Vec::new();
            let mut store = 0usize;
            for e in &self.equipment {
                if e.item as isize != item as isize || !e.held_on(w.on) {
                    continue;
                }
                if e.holder == NO_HOLDER {
                    store += e.quantity as usize;
                } else if active(e.holder) {
                    holders.push(e.holder);
                }
            }
            holders.sort_unstable();
            holders.dedup();
            let needed = (f.members * usize::from(percent)).div_ceil(100);
            f.required_held.push((item, holders.len() + store, needed));
        }
        f
    }
}

/// Past this many rows written since the facts were last brought up to date (a first
/// import, a big batch), every team is recomputed without first finding which: the rows
/// would cost more to look through than the scan does.
const FIND_STALE_UP_TO: i64 = 20_000;

/// Brings `team_facts` up to date with the records, in one savepoint: finds the teams
/// of every row written since the last time (by `seq`), adds those the triggers marked
/// and any team without facts, recomputes them, and notes how far it followed. Returns
/// the teams recomputed, sorted (empty when nothing was written: one query).
pub(crate) fn refresh(conn: &Connection) -> Result<Vec<String>> {
    let (seq_last, followed, marked): (i64, i64, bool) = conn.query_row(
        "SELECT coalesce((SELECT seq_last FROM installation), 0),
                (SELECT seq FROM team_facts_state),
                EXISTS (SELECT 1 FROM team_facts_stale)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if followed == seq_last && !marked {
        return Ok(Vec::new());
    }
    conn.execute_batch("SAVEPOINT team_facts_refresh")?;
    // Outside a transaction the savepoint is one, and RELEASE commits it: if that
    // fails (the file busy), the savepoint must still be closed, or the connection
    // would stay inside a transaction and every later write would be refused.
    let done = rebuild(conn, followed, seq_last).and_then(|teams| {
        Ok(conn
            .execute_batch("RELEASE team_facts_refresh")
            .map(|_| teams)?)
    });
    if done.is_err() {
        // Leave the facts as they were: the next read tries again.
        let _ = conn.execute_batch("ROLLBACK TO team_facts_refresh; RELEASE team_facts_refresh");
    }
    done
}

/// Every team's facts computed from the records without keeping them: the fallback
/// when they cannot be written.
pub(crate) fn compute_all(conn: &Connection) -> Result<HashMap<String, TeamFacts>> {
    collect(conn, Scope::All)
}

/// Marks teams whose facts could not be read (another format, damage) for recomputing.
pub(crate) fn mark_stale(conn: &Connection, teams: &[String]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (?1)")?;
    for t in teams {
        stmt.execute([t])?;
    }
    Ok(())
}

/// Puts in `team_facts_stale` the team of every row written after `seq`: rows naming a
/// team, the team row itself, attendances through their member, trainings through
/// everyone who attended them.
fn mark_written_since(conn: &Connection, seq: i64) -> Result<()> {
    let mut sources = vec![
        "SELECT id FROM teams WHERE seq > ?1".to_string(),
        "SELECT m.team_id FROM training_attendances a CROSS JOIN members m ON m.id = a.member_id
          WHERE a.seq > ?1"
            .to_string(),
        // CROSS JOIN keeps this order: the planner would otherwise scan every
        // attendance (43 ms on the province) to find those of a few trainings.
        "SELECT m.team_id FROM trainings tr
           CROSS JOIN training_attendances a ON a.training_id = tr.id
           CROSS JOIN members m ON m.id = a.member_id
          WHERE tr.seq > ?1"
            .to_string(),
    ];
    for kind in kinds::ALL {
        if names_a_team(kind) {
            sources.push(format!("SELECT team_id FROM {} WHERE seq > ?1", kind.table));
        }
    }
    for source in sources {
        conn.prepare_cached(&format!(
            "INSERT OR IGNORE INTO team_facts_stale (team_id) {source}"
        ))?
        .execute([seq])?;
    }
    Ok(())
}

/// A kind whose rows belong to one team (`team_id`).
pub(crate) fn names_a_team(kind: &kinds::Kind) -> bool {
    kind.fields
        .iter()
        .any(|f| f.name == "team_id" && f.ty == FieldType::Ref("team"))
}

fn rebuild(conn: &Connection, followed: i64, seq_last: i64) -> Result<Vec<String>> {
    let teams: i64 = conn.query_row("SELECT count(*) FROM teams WHERE deleted = 0", [], |r| {
        r.get(0)
    })?;
    // Never followed (a new or upgraded file), or ahead of the counter (a file put back
    // from elsewhere): nothing can be trusted, so every team.
    let written = if followed < 0 || followed > seq_last {
        i64::MAX
    } else {
        seq_last - followed
    };
    let scope = if written > FIND_STALE_UP_TO {
        Scope::All
    } else {
        mark_written_since(conn, followed)?;
        conn.execute(
            "INSERT OR IGNORE INTO team_facts_stale (team_id)
             SELECT id FROM teams t WHERE t.deleted = 0
                AND NOT EXISTS (SELECT 1 FROM team_facts f WHERE f.team_id = t.id)",
            [],
        )?;
        let stale: i64 =
            conn.query_row("SELECT count(*) FROM team_facts_stale", [], |r| r.get(0))?;
        // Seeking costs a few index lookups per table and team; past about a third of
        // a province's teams one scan of each table is cheaper. A hundred teams take a
        // few milliseconds either way.
        if stale > 100 && stale * 3 > teams {
            Scope::All
        } else {
            Scope::Stale
        }
    };
    let facts = collect(conn, scope)?;
    let mut recomputed: Vec<String> = match scope {
        Scope::All => {
            conn.execute("DELETE FROM team_facts", [])?;
            facts.keys().cloned().collect()
        }
        Scope::Stale => {
            conn.execute(
                "DELETE FROM team_facts WHERE team_id IN (SELECT team_id FROM team_facts_stale)",
                [],
            )?;
            let mut stmt = conn.prepare("SELECT team_id FROM team_facts_stale")?;
            let ids = stmt.query_map([], |r| r.get(0))?;
            ids.collect::<rusqlite::Result<_>>()?
        }
    };
    {
        let mut stmt =
            conn.prepare_cached("INSERT INTO team_facts (team_id, facts) VALUES (?1, ?2)")?;
        for (team, f) in &facts {
            stmt.execute(params![team, f.pack()])?;
        }
    }
    conn.execute("DELETE FROM team_facts_stale", [])?;
    conn.execute("UPDATE team_facts_state SET seq = ?1", [seq_last])?;
    recomputed.sort();
    Ok(recomputed)
}

#[cfg(test)]
mod tests;

/// The facts of one team as kept, if any.
#[cfg(test)]
pub(crate) fn stored(conn: &Connection, team: &str) -> Result<Option<TeamFacts>> {
    use rusqlite::OptionalExtension;
    let bytes: Option<Vec<u8>> = conn
        .query_row(
            "SELECT facts FROM team_facts WHERE team_id = ?1",
            [team],
            |r| r.get(0),
        )
        .optional()?;
    Ok(bytes.and_then(|b| TeamFacts::unpack(&b)))
}
