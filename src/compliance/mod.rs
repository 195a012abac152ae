//! The scheme's requirements as a checklist (domain.md §3.5), computed per team and per
//! commune from the records, with the thresholds from [`crate::settings`].
//!
//! | rule | met when |
//! |---|---|
//! | C1 | a founding decision exists, signed, numbered, its scan attached |
//! | C2 | the team's records changed within `c2_fresh_days` |
//! | C3 | at least `c3_min_percent` % of the active members have a health certificate issued within `health_cert_months`, attended training within `training_months`, and meet the education minimum; none outside 18–70 today without the Chairman's exception; the leader meets the education minimum |
//! | C4 | an operating regulation with its duties |
//! | C5 | linked to at least one programme (nông thôn mới, đời sống văn hóa KDC, Dân vận khéo, mass organisations) |
//! | C6 | propaganda sessions and people's contributions within the period |
//! | C7 | the commune's part: the required items held by their share of the active members ([`equipment`]), nothing left with members who have gone, members sent to the trainings held |
//! | C8 | the commune's part: a commendation proposed or granted within `c8_years` |
//!
//! Each rule answers met, partly met or not met, with a sentence saying what is missing.
//! What the police and the authorities owe (inspecting, training, deciding on proposals)
//! is not the commune's failure: it is the receiving unit's own to-do list ([`owed`]).
//! Only active teams are assessed. Every figure is computed with grouped queries over all
//! teams at once, so the district's view of a whole province stays fast.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::settings::Thresholds;
use crate::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    Partial,
    NotMet,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "Đạt",
            Status::Partial => "Đạt một phần",
            Status::NotMet => "Chưa đạt",
        }
    }
}

mod assess;
pub mod equipment;
pub(crate) mod facts;
mod owed;

pub use owed::{OwedTask, OWED_TASKS};

pub const RULES: [(&str, &str); 8] = [
    ("C1", "Có quyết định thành lập"),
    ("C2", "Hồ sơ được cập nhật thường xuyên"),
    ("C3", "Thành viên đủ sức khỏe, được tập huấn, đủ trình độ"),
    ("C4", "Có quy chế hoạt động và nhiệm vụ"),
    ("C5", "Lồng ghép với các phong trào, chương trình"),
    ("C6", "Tuyên truyền và huy động nhân dân đóng góp"),
    ("C7", "Giữ đủ trang bị, cử thành viên tập huấn"),
    ("C8", "Đề nghị khen thưởng"),
];

#[derive(Debug, Clone, Serialize)]
pub struct RuleResult {
    pub rule: &'static str,
    pub title: &'static str,
    pub status: Status,
    /// What was found, and what is missing, in Vietnamese.
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamCompliance {
    pub team_id: String,
    pub team_name: String,
    pub owner: String,
    pub members: usize,
    /// Active members who attended a training within `training_months`.
    pub members_trained: usize,
    pub rules: Vec<RuleResult>,
    pub met: usize,
    /// What the receiving unit owes this team (inspecting, training, deciding on
    /// proposals): its own to-do list, never counted against the commune.
    pub receiver_todo: Vec<OwedTask>,
}

impl TeamCompliance {
    pub fn rule(&self, rule: &str) -> Option<&RuleResult> {
        self.rules.iter().find(|r| r.rule == rule)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CommuneCompliance {
    pub unit_code: String,
    pub villages: usize,
    pub villages_without_team: Vec<String>,
    pub active_teams: usize,
    pub members: usize,
    /// For each rule, how many active teams meet it fully.
    pub rule_met: BTreeMap<String, usize>,
    pub teams_meeting_all: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComplianceReport {
    pub on: NaiveDate,
    pub thresholds: Thresholds,
    pub teams: Vec<TeamCompliance>,
    pub communes: Vec<CommuneCompliance>,
}

/// A record id as a set key: a UUID (every id the engine makes or accepts) as its 128
/// bits, so a province's worth of ids is hashed without copying text; anything else as
/// text.
#[derive(PartialEq, Eq, Hash)]
enum IdKey {
    Uuid(u128),
    Text(String),
}

impl IdKey {
    fn of(id: &str) -> IdKey {
        match uuid::Uuid::try_parse(id) {
            Ok(u) => IdKey::Uuid(u.as_u128()),
            Err(_) => IdKey::Text(id.to_string()),
        }
    }
}

/// A text column read in place.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    Ok(r.get_ref(i)?.as_str()?)
}

/// Per-team counts gathered by the grouped queries.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    founding: Option<(bool, bool, bool)>, // signed, numbered, scanned (best decision)
    last_change_hlc: i64,
    members: usize,
    members_health: usize,
    members_trained: usize,
    members_educated: usize,
    members_all_three: usize,
    /// Members outside 18–70 on the day, without the Chairman's exception over 70.
    members_age_outside: usize,
    regulations: usize,
    duties: usize,
    programmes: usize,
    propaganda: usize,
    contributions: usize,
    inspections: usize,
    equipment: usize,
    commendations: usize,
    /// Commendation proposals within `c8_years`, and those not yet granted.
    proposals: usize,
    proposals_pending: usize,
    /// Active leaders (tổ trưởng) below the education minimum or with none recorded.
    leaders_uneducated: usize,
    /// A training within `training_months` called at least one active member, whether
    /// or not they came: the police trained, or offered to.
    training_offered: bool,
    /// Items still held by members who have left the team.
    unreturned: usize,
    /// Each required item: its index in [`crate::kinds::EQUIPMENT_ITEMS`], how many
    /// active members (or the team's store) hold one, how many must.
    required_held: Vec<(usize, usize, usize)>,
}

impl Store {
    /// Compliance of every active team and every commune held, as of `on`.
    ///
    /// Reads the kept facts of each team ([`facts`]), recomputing first those of the
    /// teams whose records changed since the last read.
    pub fn compliance(&self, on: NaiveDate) -> Result<ComplianceReport> {
        let t = self.thresholds()?;
        let windows = facts::Windows::of(on, &t);
        let conn = self.conn();
        // The kept facts, brought up to date. If they cannot be written now (the file
        // busy in another program, or read-only), every team's facts are computed here
        // instead, unsaved: slower, never wrong.
        let mut unsaved = match facts::refresh(conn) {
            Ok(_) => None,
            Err(e) => Some(facts::compute_all(conn).map_err(|_| e)?),
        };

        // Active teams with their facts, counted in the windows of `on`.
        let mut teams: Vec<(String, String, String, Facts)> = Vec::new();
        // Facts of another format, damaged or missing: recomputed once, then read again.
        for attempt in 0..2 {
            teams.clear();
            let mut unreadable = Vec::new();
            let mut stmt = conn.prepare_cached(
                "SELECT t.id, t.owner, t.name, f.facts FROM teams t
                   LEFT JOIN team_facts f ON f.team_id = t.id
                  WHERE t.deleted = 0 AND t.status = 'hoat_dong' ORDER BY t.owner, t.sort_key",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id = text(r, 0)?;
                let counted = match &unsaved {
                    Some(all) => all.get(id).map(|f| f.count(&windows)),
                    // Anything but a blob of our format (even a value of another type
                    // put there by hand) is unreadable, and recomputed.
                    None => r
                        .get_ref(3)?
                        .as_blob()
                        .ok()
                        .and_then(facts::TeamFacts::unpack)
                        .map(|f| f.count(&windows)),
                };
                match counted {
                    Some(c) => teams.push((
                        id.to_string(),
                        text(r, 1)?.to_string(),
                        text(r, 2)?.to_string(),
                        c,
                    )),
                    None => unreadable.push(id.to_string()),
                }
            }
            if unreadable.is_empty() {
                break;
            }
            if attempt == 1 {
                // Only a fault of this program's packing can get here.
                return Err(crate::error::Error::Corrupt {
                    detail: format!(
                        "team_facts of {} teams unreadable after recomputing",
                        unreadable.len()
                    ),
                });
            }
            if let Err(e) = facts::mark_stale(conn, &unreadable).and_then(|_| facts::refresh(conn))
            {
                unsaved = Some(facts::compute_all(conn).map_err(|_| e)?);
            }
        }

        let on_ms = on
            .and_hms_opt(23, 59, 59)
            .map(|d| d.and_utc().timestamp_millis())
            .unwrap_or_default();
        let mut team_results = Vec::with_capacity(teams.len());
        for (id, owner, name, f) in teams {
            let rules = assess::assess(&f, &t, on_ms);
            let met = rules.iter().filter(|r| r.status == Status::Met).count();
            team_results.push(TeamCompliance {
                team_id: id,
                team_name: name,
                owner,
                members: f.members,
                members_trained: f.members_trained,
                receiver_todo: owed::receiver_todo(&f, &t),
                rules,
                met,
            });
        }
        let communes = self.commune_summaries(&team_results)?;
        Ok(ComplianceReport {
            on,
            thresholds: t,
            teams: team_results,
            communes,
        })
    }

    fn commune_summaries(&self, teams: &[TeamCompliance]) -> Result<Vec<CommuneCompliance>> {
        let conn = self.conn();
        let mut out: BTreeMap<String, CommuneCompliance> = BTreeMap::new();
        let blank = |code: &str| CommuneCompliance {
            unit_code: code.to_string(),
            villages: 0,
            villages_without_team: Vec::new(),
            active_teams: 0,
            members: 0,
            rule_met: RULES.iter().map(|(r, _)| (r.to_string(), 0)).collect(),
            teams_meeting_all: 0,
        };
        // Villages, and which of them an active team covers.
        let covered: HashSet<String> = {
            let mut stmt = conn.prepare(
                "SELECT tv.village_id FROM team_villages tv JOIN teams t ON t.id = tv.team_id
                 WHERE tv.deleted = 0 AND t.deleted = 0 AND t.status = 'hoat_dong'",
            )?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut stmt = conn.prepare(
            "SELECT id, owner, name FROM villages WHERE deleted = 0 ORDER BY owner, sort_key",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, owner, name) = row?;
            let c = out.entry(owner.clone()).or_insert_with(|| blank(&owner));
            c.villages += 1;
            if !covered.contains(&id) {
                c.villages_without_team.push(name);
            }
        }
        for team in teams {
            let c = out
                .entry(team.owner.clone())
                .or_insert_with(|| blank(&team.owner));
            c.active_teams += 1;
            c.members += team.members;
            for r in &team.rules {
                if r.status == Status::Met {
                    *c.rule_met.entry(r.rule.to_string()).or_default() += 1;
                }
            }
            if team.met == RULES.len() {
                c.teams_meeting_all += 1;
            }
        }
        Ok(out.into_values().collect())
    }
}

#[cfg(test)]
mod boundary_tests;
#[cfg(test)]
mod tests;
