//! The receiving unit's view across its communes (DESIGN.md §5): per commune its
//! villages, teams, villages without a team, the share of teams meeting each rule C1–C8,
//! members and how many were trained, the last bundle received and the gaps, the latest
//! inspections and the overdue deadlines; then drill-down to a commune, a team and its
//! members (read-only: the commune owns them).
//!
//! Which communes: on a receiving unit, every commune the official list puts under it
//! (so a commune that never sent anything shows, with what it lacks), plus any unit
//! whose records the database holds; on a commune, its own unit. Every figure comes
//! from one pass of [`Store::compliance`] and a few grouped queries, whatever the number
//! of communes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::compliance::{ComplianceReport, RuleResult, Status, TeamCompliance, RULES};
use crate::dates::{self, iso};
use crate::error::{Error, Result};
use crate::installation::{Installation, Role};
use crate::kinds;
use crate::overview::VillageRef;
use crate::settings::Thresholds;
use crate::sync::import::Gap;
use crate::units::{self, Level};
use crate::{text, Store};

pub mod charts;
#[cfg(test)]
pub(crate) mod tests;

/// How the commune rows are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Vietnamese order of the name without its type ("An Phú" before "Bến Nghé").
    #[default]
    Name,
    Code,
    /// Share of all rule checks met (see [`CommuneRow::compliance`]).
    Compliance,
    VillagesWithoutTeam,
    /// Oldest last bundle first (never received first of all).
    LastBundle,
    Members,
    /// Share of members trained.
    Trained,
    Overdue,
}

/// Sort and filter of the overview; every field has a default, so the window can send
/// `{}` or only what the officer chose.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OverviewOptions {
    pub sort: SortBy,
    pub descending: bool,
    /// Part of the commune's name (case and diacritics ignored) or the start of its code.
    pub query: Option<String>,
    /// Only communes with something to act on ([`CommuneRow::attention`]).
    pub attention_only: bool,
    /// Only communes where some active team does not fully meet this rule (`C1`…`C8`).
    pub rule_not_met: Option<String>,
}

/// A rule's code and title, for column headers.
#[derive(Debug, Clone, Serialize)]
pub struct RuleTitle {
    pub rule: &'static str,
    pub title: &'static str,
}

pub fn rule_titles() -> Vec<RuleTitle> {
    RULES
        .iter()
        .map(|(rule, title)| RuleTitle { rule, title })
        .collect()
}

/// How many active teams meet one rule fully, partly, or not.
#[derive(Debug, Clone, Serialize)]
pub struct RuleShare {
    pub rule: &'static str,
    pub met: usize,
    pub partial: usize,
    pub not_met: usize,
    /// `met` / active teams, from 0 to 1; `null` where no team is assessed.
    pub share: Option<f64>,
}

/// The newest bundle imported from a unit.
#[derive(Debug, Clone, Serialize)]
pub struct BundleInfo {
    pub file_name: String,
    /// When it was imported here (local time, RFC 3339).
    pub imported_at: String,
    /// The day of `imported_at`, and how many days before the overview's day.
    pub date: NaiveDate,
    pub days_ago: i64,
    pub full: bool,
    pub from_seq: i64,
    pub to_seq: i64,
}

/// Something to act on, in words; `code` is stable for the window's icons and filters:
/// `no_bundle`, `old_bundle`, `gaps`, `quarantine`, `villages_without_team`,
/// `overdue_inspections`.
#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    pub code: &'static str,
    pub text: String,
}

/// One commune's line of the overview (also the totals line, with the receiving unit's
/// code and name).
#[derive(Debug, Clone, Serialize)]
pub struct CommuneRow {
    pub unit_code: String,
    pub unit_name: String,
    pub villages: usize,
    pub villages_without_team: usize,
    /// Active teams: the ones assessed against C1–C8.
    pub active_teams: usize,
    /// Suspended, dissolved or merged teams.
    pub other_teams: usize,
    /// C1…C8 in order.
    pub rules: Vec<RuleShare>,
    pub teams_meeting_all: usize,
    /// Rule checks met over all rule checks of the active teams (0 to 1): one number to
    /// sort and chart by.
    pub compliance: Option<f64>,
    /// Active members of the active teams.
    pub members: usize,
    /// Of them, trained within the `training_months` setting (12 by default).
    pub members_trained: usize,
    pub trained_share: Option<f64>,
    /// Only on a receiving unit: the newest bundle received from this commune.
    pub last_bundle: Option<BundleInfo>,
    pub gaps: Vec<Gap>,
    /// Records of this commune waiting in quarantine.
    pub quarantined: usize,
    /// The newest inspection of any of its teams.
    pub last_inspection: Option<NaiveDate>,
    /// Active teams inspected within the assessment period (`period_days`).
    pub teams_inspected: usize,
    /// Inspections whose deadline has passed with no follow-up written.
    pub overdue_inspections: usize,
    pub attention: Vec<Attention>,
}

/// An inspection, as the overview and the drill-down show it.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionInfo {
    pub id: String,
    pub team_id: String,
    pub date: NaiveDate,
    pub inspecting_unit: String,
    /// The unit that recorded it (the receiving unit, or the commune itself).
    pub owner: String,
    pub findings: Option<String>,
    pub recommendations: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub follow_up: Option<String>,
    /// The team's commune's newest report on what it did ([`kinds::INSPECTION_FOLLOW_UP`]),
    /// dated up to the overview's day.
    pub reported: Option<NaiveDate>,
    pub report: Option<String>,
    /// The deadline has passed with no follow-up written and no report from the commune.
    pub overdue: bool,
}

/// One team's line of a commune's drill-down and of the report.
#[derive(Debug, Clone, Serialize)]
pub struct TeamRow {
    pub team_id: String,
    pub name: String,
    pub unit_code: String,
    pub unit_name: String,
    pub status: String,
    pub status_label: String,
    pub active: bool,
    pub model_type_label: String,
    /// Names of the villages it covers, in Vietnamese order.
    pub villages: Vec<String>,
    /// Date of its signed founding decision (the earliest, if several).
    pub founded: Option<NaiveDate>,
    pub members: usize,
    pub members_trained: usize,
    /// C1–C8 with what is missing, in words; empty for a team that is not active.
    pub rules: Vec<RuleResult>,
    pub met: usize,
    pub latest_inspection: Option<InspectionInfo>,
    pub overdue_inspections: usize,
}

/// An active member, read-only, with only what supervision needs (no ID number, phone,
/// or sensitive field).
#[derive(Debug, Clone, Serialize)]
pub struct MemberRow {
    pub id: String,
    pub team_id: String,
    pub team_name: String,
    pub unit_code: String,
    pub full_name: String,
    pub role: String,
    pub role_label: String,
    pub sex_label: String,
    pub birth_year: Option<i32>,
    pub village: Option<String>,
    pub joined_date: Option<NaiveDate>,
    pub health_cert_date: Option<NaiveDate>,
    pub education_label: Option<String>,
    /// The newest training attended (not absent).
    pub last_training: Option<NaiveDate>,
    /// Trained within `training_months`.
    pub trained: bool,
    #[serde(skip)]
    sort_key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DistrictOverview {
    pub on: NaiveDate,
    pub unit_code: String,
    pub unit_name: String,
    pub role: Role,
    pub thresholds: Thresholds,
    pub rules: Vec<RuleTitle>,
    /// Sums over every commune in scope (whatever the filter).
    pub totals: CommuneRow,
    /// Communes in scope, before the filter.
    pub communes_total: usize,
    /// The communes that pass the filter, in the chosen order.
    pub communes: Vec<CommuneRow>,
    /// Series for the charts, over every commune in scope.
    pub charts: charts::Charts,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommuneDetail {
    pub on: NaiveDate,
    pub thresholds: Thresholds,
    pub rules: Vec<RuleTitle>,
    pub commune: CommuneRow,
    /// Active teams first, each group in Vietnamese order.
    pub teams: Vec<TeamRow>,
    pub villages_without_team: Vec<VillageRef>,
    /// Whether this installation may edit the commune's records (only the commune may).
    pub read_only: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamDetail {
    pub on: NaiveDate,
    pub team: TeamRow,
    /// Active members in Vietnamese order (by given name).
    pub members: Vec<MemberRow>,
    /// Every inspection of the team, newest first.
    pub inspections: Vec<InspectionInfo>,
    pub read_only: bool,
}

/// A team as stored, with what the rows need besides compliance.
struct TeamBase {
    id: String,
    owner: String,
    name: String,
    status: String,
    model_type: String,
    sort_key: String,
}

struct Commune {
    code: String,
    name: String,
    sort_key: String,
}

/// Everything the overview, the drill-down and the report are computed from.
pub(crate) struct Gathered {
    inst: Installation,
    on: NaiveDate,
    compliance: ComplianceReport,
    teams: Vec<TeamBase>,
    founded: HashMap<String, NaiveDate>,
    latest_inspection: HashMap<String, InspectionInfo>,
    overdue: HashMap<String, usize>,
    last_bundle: HashMap<String, BundleInfo>,
    gaps: HashMap<String, Vec<Gap>>,
    quarantined: HashMap<String, usize>,
    communes: Vec<Commune>,
}

/// A stored day read from an optional text column.
fn parse_iso(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(dates::parse_iso)
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The last [`Gathered`], reused while the database is unchanged: the officer re-sorts,
/// filters and drills down without the rules being computed again. The key is the day
/// and two counters SQLite keeps, which move on any write: `total_changes` (rows
/// changed through this connection) and `PRAGMA data_version` (commits by any other
/// connection, another window or the command line). A restore, which replaces the file
/// through the backup API, clears it explicitly ([`Store`]'s mutable connection).
#[derive(Default)]
pub struct OverviewCache(RefCell<Option<(CacheKey, Arc<Gathered>)>>);

type CacheKey = (NaiveDate, u64, i64);

impl OverviewCache {
    pub(crate) fn clear(&self) {
        self.0.borrow_mut().take();
    }
}

impl std::fmt::Debug for OverviewCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OverviewCache")
    }
}

impl Store {
    /// Forgets the cached overview, so the next call computes everything (benchmarks
    /// measure the first view after an import with it).
    #[doc(hidden)]
    pub fn clear_overview_cache(&self) {
        self.overview_cache.clear();
    }

    /// Computes and keeps what the overview, drill-downs and report read (the team
    /// facts, then the figures per commune), so the next of them answers at once: what
    /// an import calls while its progress bar is still up.
    pub fn prepare_overview(&self, on: NaiveDate) -> Result<()> {
        self.gathered(on).map(|_| ())
    }

    pub(crate) fn gathered(&self, on: NaiveDate) -> Result<Arc<Gathered>> {
        let conn = self.conn();
        // Recomputing stale team facts writes; the key is taken after, so it holds.
        crate::compliance::facts::refresh(conn)?;
        let key = (
            on,
            conn.total_changes(),
            conn.query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0))?,
        );
        if let Some((k, g)) = &*self.overview_cache.0.borrow() {
            if *k == key {
                return Ok(Arc::clone(g));
            }
        }
        let g = Arc::new(self.gather(on)?);
        *self.overview_cache.0.borrow_mut() = Some((key, Arc::clone(&g)));
        Ok(g)
    }

    fn gather(&self, on: NaiveDate) -> Result<Gathered> {
        let inst = self.installation()?;
        let compliance = self.compliance(on)?;
        let conn = self.conn();
        let on_s = iso(on);

        let mut teams = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT id, owner, name, status, model_type, sort_key FROM teams WHERE deleted = 0",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(TeamBase {
                    id: r.get(0)?,
                    owner: r.get(1)?,
                    name: r.get(2)?,
                    status: r.get(3)?,
                    model_type: r.get(4)?,
                    sort_key: r.get(5)?,
                })
            })?;
            for row in rows {
                teams.push(row?);
            }
        }

        let mut founded = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT team_id, min(decision_date) FROM decisions
                 WHERE deleted = 0 AND decision_type = 'thanh_lap' AND state IN ('da_ky', 'da_cap_so')
                   AND decision_date IS NOT NULL AND decision_date <= ?1
                 GROUP BY team_id",
            )?;
            let rows = stmt.query_map([&on_s], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })?;
            for row in rows {
                let (team, date) = row?;
                if let Some(d) = parse_iso(date) {
                    founded.insert(team, d);
                }
            }
        }

        // One read of the inspections gives each team's latest and its overdue count,
        // with "overdue" decided in one place ([`inspections`]).
        let mut latest_inspection: HashMap<String, InspectionInfo> = HashMap::new();
        let mut overdue: HashMap<String, usize> = HashMap::new();
        for i in inspections(conn, on, None)? {
            if i.overdue {
                *overdue.entry(i.team_id.clone()).or_default() += 1;
            }
            // Newest first: the first seen per team is its latest.
            latest_inspection.entry(i.team_id.clone()).or_insert(i);
        }

        let mut last_bundle = HashMap::new();
        {
            // SQLite takes the bare columns from the row that holds the max.
            let mut stmt = conn.prepare(
                "SELECT sender_unit, file_name, full, from_seq, to_seq, max(imported_at)
                 FROM import_log GROUP BY sender_unit",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?;
            for row in rows {
                let (unit, file_name, full, from_seq, to_seq, imported_at) = row?;
                let Ok(at) = chrono::DateTime::parse_from_rfc3339(&imported_at) else {
                    continue;
                };
                let date = at.date_naive();
                last_bundle.insert(
                    unit,
                    BundleInfo {
                        file_name,
                        imported_at,
                        date,
                        // A report dated before the import counts it as new.
                        days_ago: (on - date).num_days().max(0),
                        full,
                        from_seq,
                        to_seq,
                    },
                );
            }
        }

        let mut gaps: HashMap<String, Vec<Gap>> = HashMap::new();
        for g in self.gaps()? {
            gaps.entry(g.unit.clone()).or_default().push(g);
        }

        let mut quarantined = HashMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT json_extract(record, '$.owner'), count(*) FROM quarantine GROUP BY 1",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?))
            })?;
            for row in rows {
                if let (Some(owner), n) = row? {
                    quarantined.insert(owner, n as usize);
                }
            }
        }

        // The communes in scope.
        // Sorted by the name without its type ("Xã Đông Tiến" under Đ), as the official
        // list spells the type; a code the list lacks keeps the name it is known by.
        let commune = |code: &str, known_as: String, unit: Option<units::Unit>| match unit {
            Some(u) => Commune {
                sort_key: text::sort_key(u.short_name()),
                code: u.code,
                name: u.name,
            },
            None => Commune {
                sort_key: text::sort_key(&known_as),
                code: code.to_string(),
                name: known_as,
            },
        };
        let mut communes: Vec<Commune> = match inst.role {
            Role::District => {
                units::descendants(conn, inst.unit_set, &inst.unit_code, Level::Commune)?
                    .into_iter()
                    .map(|u| commune("", String::new(), Some(u)))
                    .collect()
            }
            Role::Commune => vec![commune(
                &inst.unit_code,
                inst.unit_name.clone(),
                units::find(conn, inst.unit_set, &inst.unit_code)?,
            )],
        };
        let mut holders: Vec<&str> = compliance
            .communes
            .iter()
            .map(|c| c.unit_code.as_str())
            .chain(teams.iter().map(|t| t.owner.as_str()))
            .collect();
        holders.sort_unstable();
        holders.dedup();
        for code in holders {
            if !communes.iter().any(|c| c.code == code) {
                let unit = units::find(conn, inst.unit_set, code)?;
                communes.push(commune(code, format!("Đơn vị {code}"), unit));
            }
        }
        communes.sort_by(|a, b| a.sort_key.cmp(&b.sort_key).then(a.code.cmp(&b.code)));

        Ok(Gathered {
            inst,
            on,
            compliance,
            teams,
            founded,
            latest_inspection,
            overdue,
            last_bundle,
            gaps,
            quarantined,
            communes,
        })
    }

    /// The overview across communes as of `on`, sorted and filtered.
    pub fn district_overview(
        &self,
        on: NaiveDate,
        options: &OverviewOptions,
    ) -> Result<DistrictOverview> {
        if let Some(rule) = &options.rule_not_met {
            if !RULES.iter().any(|(r, _)| r == rule) {
                return Err(Error::invalid(
                    "rule_not_met",
                    "Tiêu chí",
                    "phải là một trong C1, C2, …, C8",
                ));
            }
        }
        let g = self.gathered(on)?;
        let rows = g.commune_rows();
        let totals = g.totals(&rows);
        let charts = charts::Charts::from_rows(&rows, &g);
        let communes_total = rows.len();
        let mut communes = filter(rows, options);
        sort(&mut communes, options);
        Ok(DistrictOverview {
            on,
            unit_code: g.inst.unit_code.clone(),
            unit_name: g.inst.unit_name.clone(),
            role: g.inst.role,
            thresholds: g.compliance.thresholds.clone(),
            rules: rule_titles(),
            totals,
            communes_total,
            communes,
            charts,
        })
    }

    /// One commune: its line, its teams with C1–C8 in words and their latest inspection,
    /// and the villages without a team.
    pub fn commune_detail(&self, unit_code: &str, on: NaiveDate) -> Result<CommuneDetail> {
        let g = self.gathered(on)?;
        let unit_code = unit_code.trim();
        let commune = g
            .commune_rows()
            .into_iter()
            .find(|c| c.unit_code == unit_code)
            .ok_or_else(|| Error::OutsideScope {
                code: unit_code.to_string(),
                scope: g.inst.unit_name.clone(),
            })?;
        let mut teams = g.team_rows(self, Some(unit_code))?;
        teams.sort_by_key(|t| !t.active);
        Ok(CommuneDetail {
            on,
            thresholds: g.compliance.thresholds.clone(),
            rules: rule_titles(),
            read_only: unit_code != g.inst.unit_code,
            villages_without_team: crate::overview::villages_without_team(self.conn(), unit_code)?,
            commune,
            teams,
        })
    }

    /// One team: its line, its active members (read-only) and every inspection.
    pub fn team_detail(&self, team_id: &str, on: NaiveDate) -> Result<TeamDetail> {
        let g = self.gathered(on)?;
        let base = g
            .teams
            .iter()
            .find(|t| t.id == team_id)
            .ok_or_else(|| Error::NotFound {
                kind_label: kinds::TEAM.label.to_string(),
                id: team_id.to_string(),
            })?;
        let team = g
            .team_rows(self, Some(&base.owner))?
            .into_iter()
            .find(|t| t.team_id == team_id)
            .expect("the team is among its unit's teams");
        Ok(TeamDetail {
            on,
            members: g.members(self, Some(team_id))?,
            inspections: inspections(self.conn(), on, Some(team_id))?,
            read_only: base.owner != g.inst.unit_code,
            team,
        })
    }
}

/// Inspections up to `on`, newest first, of one team or all.
pub(crate) fn inspections(
    conn: &rusqlite::Connection,
    on: NaiveDate,
    team: Option<&str>,
) -> Result<Vec<InspectionInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.team_id, i.inspection_date, i.inspecting_unit, i.owner, i.findings,
                i.recommendations, i.deadline, i.follow_up, f.report_date, f.content
         FROM inspections i
         LEFT JOIN inspection_follow_ups f ON f.id = (
             SELECT x.id FROM inspection_follow_ups x
              WHERE x.inspection_id = i.id AND x.deleted = 0 AND x.report_date <= ?1
              ORDER BY x.report_date DESC, x.id DESC LIMIT 1)
         WHERE i.deleted = 0 AND i.inspection_date <= ?1 AND (?2 IS NULL OR i.team_id = ?2)
         ORDER BY i.inspection_date DESC, i.id DESC",
    )?;
    let rows = stmt.query_map(params![iso(on), team], |r| {
        let deadline = parse_iso(r.get(7)?);
        let follow_up = r
            .get::<_, Option<String>>(8)?
            .filter(|f| !f.trim().is_empty());
        let Some(date) = parse_iso(r.get(2)?) else {
            return Ok(None);
        };
        let reported = parse_iso(r.get(9)?);
        let report: Option<String> = r.get(10)?;
        Ok(Some(InspectionInfo {
            id: r.get(0)?,
            team_id: r.get(1)?,
            date,
            inspecting_unit: r.get(3)?,
            owner: r.get(4)?,
            findings: r.get(5)?,
            recommendations: r.get(6)?,
            overdue: deadline.is_some_and(|d| d < on) && follow_up.is_none() && report.is_none(),
            deadline,
            follow_up,
            reported,
            report,
        }))
    })?;
    let mut out = Vec::new();
    for row in rows {
        out.extend(row?);
    }
    Ok(out)
}

impl CommuneRow {
    fn empty(code: &str, name: &str) -> CommuneRow {
        CommuneRow {
            unit_code: code.to_string(),
            unit_name: name.to_string(),
            villages: 0,
            villages_without_team: 0,
            active_teams: 0,
            other_teams: 0,
            rules: RULES
                .iter()
                .map(|(rule, _)| RuleShare {
                    rule,
                    met: 0,
                    partial: 0,
                    not_met: 0,
                    share: None,
                })
                .collect(),
            teams_meeting_all: 0,
            compliance: None,
            members: 0,
            members_trained: 0,
            trained_share: None,
            last_bundle: None,
            gaps: Vec::new(),
            quarantined: 0,
            last_inspection: None,
            teams_inspected: 0,
            overdue_inspections: 0,
            attention: Vec::new(),
        }
    }

    fn add_team(&mut self, t: &TeamCompliance) {
        self.active_teams += 1;
        self.members += t.members;
        self.members_trained += t.members_trained;
        for (share, r) in self.rules.iter_mut().zip(&t.rules) {
            match r.status {
                Status::Met => share.met += 1,
                Status::Partial => share.partial += 1,
                Status::NotMet => share.not_met += 1,
            }
        }
        if t.met == RULES.len() {
            self.teams_meeting_all += 1;
        }
    }

    /// Adds another row's counts (for the totals).
    fn add(&mut self, other: &CommuneRow) {
        self.villages += other.villages;
        self.villages_without_team += other.villages_without_team;
        self.active_teams += other.active_teams;
        self.other_teams += other.other_teams;
        for (a, b) in self.rules.iter_mut().zip(&other.rules) {
            a.met += b.met;
            a.partial += b.partial;
            a.not_met += b.not_met;
        }
        self.teams_meeting_all += other.teams_meeting_all;
        self.members += other.members;
        self.members_trained += other.members_trained;
        self.gaps.extend(other.gaps.iter().cloned());
        self.quarantined += other.quarantined;
        self.last_inspection = self.last_inspection.max(other.last_inspection);
        self.teams_inspected += other.teams_inspected;
        self.overdue_inspections += other.overdue_inspections;
        if other.last_bundle.as_ref().map(|b| &b.imported_at)
            > self.last_bundle.as_ref().map(|b| &b.imported_at)
        {
            self.last_bundle = other.last_bundle.clone();
        }
    }

    fn finish_shares(&mut self) {
        for r in &mut self.rules {
            r.share = share(r.met, self.active_teams);
        }
        let met: usize = self.rules.iter().map(|r| r.met).sum();
        self.compliance = share(met, self.active_teams * RULES.len());
        self.trained_share = share(self.members_trained, self.members);
    }

    /// What to act on, in words.
    fn find_attention(&mut self, role: Role, bundle_max_age_days: i64) {
        let mut out = Vec::new();
        if role == Role::District {
            match &self.last_bundle {
                None => out.push(Attention {
                    code: "no_bundle",
                    text: "Chưa nhận được gói dữ liệu nào của đơn vị này.".into(),
                }),
                Some(b) if b.days_ago > bundle_max_age_days => out.push(Attention {
                    code: "old_bundle",
                    text: format!(
                        "Gói dữ liệu gần nhất nhận ngày {} ({} ngày trước, quá {} ngày): hãy đề nghị gửi gói mới.",
                        dates::vn(b.date),
                        b.days_ago,
                        bundle_max_age_days
                    ),
                }),
                Some(_) => {}
            }
        }
        for g in &self.gaps {
            out.push(Attention {
                code: "gaps",
                text: g.message.clone(),
            });
        }
        if self.quarantined > 0 {
            out.push(Attention {
                code: "quarantine",
                text: format!(
                    "{} hồ sơ đang chờ (thiếu hồ sơ liên quan hoặc của phiên bản mới hơn).",
                    self.quarantined
                ),
            });
        }
        if self.villages_without_team > 0 {
            out.push(Attention {
                code: "villages_without_team",
                text: format!(
                    "{} thôn, tổ dân phố chưa có tổ.",
                    self.villages_without_team
                ),
            });
        }
        if self.overdue_inspections > 0 {
            out.push(Attention {
                code: "overdue_inspections",
                text: format!(
                    "{} kiến nghị sau kiểm tra đã quá hạn khắc phục mà chưa ghi kết quả.",
                    self.overdue_inspections
                ),
            });
        }
        self.attention = out;
    }
}

impl Gathered {
    pub(crate) fn installation(&self) -> &Installation {
        &self.inst
    }

    pub(crate) fn thresholds(&self) -> &Thresholds {
        &self.compliance.thresholds
    }

    fn team_owner(&self) -> HashMap<&str, &TeamBase> {
        self.teams.iter().map(|t| (t.id.as_str(), t)).collect()
    }

    pub(crate) fn commune_rows(&self) -> Vec<CommuneRow> {
        let t = &self.compliance.thresholds;
        let period_start = self.on - chrono::Days::new(t.period_days.max(0) as u64);
        let mut rows: Vec<CommuneRow> = self
            .communes
            .iter()
            .map(|c| CommuneRow::empty(&c.code, &c.name))
            .collect();
        let index: HashMap<String, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.unit_code.clone(), i))
            .collect();
        let row_of = |code: &str| index.get(code).copied();
        for c in &self.compliance.communes {
            if let Some(i) = row_of(&c.unit_code) {
                rows[i].villages = c.villages;
                rows[i].villages_without_team = c.villages_without_team.len();
            }
        }
        for team in &self.compliance.teams {
            let Some(i) = row_of(&team.owner) else {
                continue;
            };
            let row = &mut rows[i];
            row.add_team(team);
            row.overdue_inspections += self.overdue.get(&team.team_id).copied().unwrap_or(0);
            if self
                .latest_inspection
                .get(&team.team_id)
                .is_some_and(|ins| ins.date >= period_start)
            {
                row.teams_inspected += 1;
            }
        }
        let owners = self.team_owner();
        for base in &self.teams {
            if base.status != "hoat_dong" {
                if let Some(i) = row_of(&base.owner) {
                    rows[i].other_teams += 1;
                }
            }
        }
        for ins in self.latest_inspection.values() {
            if let Some(i) = owners
                .get(ins.team_id.as_str())
                .and_then(|t| row_of(&t.owner))
            {
                rows[i].last_inspection = rows[i].last_inspection.max(Some(ins.date));
            }
        }
        for row in &mut rows {
            row.last_bundle = self.last_bundle.get(&row.unit_code).cloned();
            row.gaps = self.gaps.get(&row.unit_code).cloned().unwrap_or_default();
            row.quarantined = self.quarantined.get(&row.unit_code).copied().unwrap_or(0);
            row.finish_shares();
            row.find_attention(self.inst.role, t.bundle_max_age_days);
        }
        rows
    }

    pub(crate) fn totals(&self, rows: &[CommuneRow]) -> CommuneRow {
        let mut totals = CommuneRow::empty(&self.inst.unit_code, &self.inst.unit_name);
        for r in rows {
            totals.add(r);
        }
        totals.finish_shares();
        totals
    }

    /// Team lines of one unit, or of all: active teams with their assessment, then the
    /// others; each group in Vietnamese order, units in the overview's order.
    pub(crate) fn team_rows(&self, store: &Store, unit: Option<&str>) -> Result<Vec<TeamRow>> {
        let assessed: HashMap<&str, &TeamCompliance> = self
            .compliance
            .teams
            .iter()
            .map(|t| (t.team_id.as_str(), t))
            .collect();
        let villages = team_villages(store, unit)?;
        let commune_order: HashMap<&str, (usize, &str)> = self
            .communes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), (i, c.name.as_str())))
            .collect();
        let mut bases: Vec<&TeamBase> = self
            .teams
            .iter()
            .filter(|t| unit.is_none_or(|u| t.owner == u))
            .collect();
        bases.sort_by(|a, b| {
            let ca = commune_order.get(a.owner.as_str()).map(|c| c.0);
            let cb = commune_order.get(b.owner.as_str()).map(|c| c.0);
            ca.cmp(&cb)
                .then_with(|| a.sort_key.cmp(&b.sort_key))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(bases
            .into_iter()
            .map(|b| {
                let c = assessed.get(b.id.as_str());
                TeamRow {
                    team_id: b.id.clone(),
                    name: b.name.clone(),
                    unit_code: b.owner.clone(),
                    unit_name: commune_order
                        .get(b.owner.as_str())
                        .map(|c| c.1.to_string())
                        .unwrap_or_else(|| b.owner.clone()),
                    status: b.status.clone(),
                    status_label: kinds::choice_label(kinds::TEAM_STATUSES, &b.status),
                    active: c.is_some(),
                    model_type_label: kinds::choice_label(kinds::MODEL_TYPES, &b.model_type),
                    villages: villages.get(&b.id).cloned().unwrap_or_default(),
                    founded: self.founded.get(&b.id).copied(),
                    members: c.map_or(0, |c| c.members),
                    members_trained: c.map_or(0, |c| c.members_trained),
                    rules: c.map(|c| c.rules.clone()).unwrap_or_default(),
                    met: c.map_or(0, |c| c.met),
                    latest_inspection: self.latest_inspection.get(&b.id).cloned(),
                    overdue_inspections: if c.is_some() {
                        self.overdue.get(&b.id).copied().unwrap_or(0)
                    } else {
                        0
                    },
                }
            })
            .collect())
    }

    /// Active members of one team, or of every team, in the order of [`Self::team_rows`]
    /// then by given name.
    pub(crate) fn members(&self, store: &Store, team: Option<&str>) -> Result<Vec<MemberRow>> {
        let t = &self.compliance.thresholds;
        let trained_since = self
            .on
            .checked_sub_months(chrono::Months::new(t.training_months.max(0) as u32))
            .unwrap_or(self.on);
        // One team's members through the team index; everyone's by a scan.
        let mut stmt = store.conn().prepare_cached(&format!(
            "SELECT m.id, m.team_id, m.owner, m.full_name, m.role, m.sex, m.birth_date, v.name,
                    m.joined_date, m.health_cert_date, m.education, m.sort_key,
                    (SELECT max(tr.start_date) FROM training_attendances a
                       JOIN trainings tr ON tr.id = a.training_id
                      WHERE a.member_id = m.id AND a.deleted = 0 AND tr.deleted = 0
                        AND a.result <> 'vang' AND tr.start_date <= ?1)
             FROM members m LEFT JOIN villages v ON v.id = m.village_id AND v.deleted = 0
             WHERE m.deleted = 0 AND (m.exit_date IS NULL OR m.exit_date > ?1) {}",
            if team.is_some() {
                "AND m.team_id = ?2"
            } else {
                "AND ?2 IS NULL"
            }
        ))?;
        let teams = self.team_owner();
        let rows = stmt.query_map(params![iso(self.on), team], |r| {
            let team_id: String = r.get(1)?;
            // Members of teams that are not active are not listed (as in C3).
            let Some(base) = teams
                .get(team_id.as_str())
                .filter(|b| b.status == "hoat_dong")
            else {
                return Ok(None);
            };
            let role: String = r.get(4)?;
            let last_training = parse_iso(r.get(12)?);
            Ok(Some(MemberRow {
                id: r.get(0)?,
                team_name: base.name.clone(),
                team_id,
                unit_code: r.get(2)?,
                full_name: r.get(3)?,
                role_label: kinds::choice_label(kinds::ROLES, &role),
                role,
                sex_label: kinds::choice_label(kinds::SEXES, &r.get::<_, String>(5)?),
                birth_year: r
                    .get::<_, Option<String>>(6)?
                    .and_then(|b| b.get(..4).and_then(|y| y.parse().ok())),
                village: r.get(7)?,
                joined_date: parse_iso(r.get(8)?),
                health_cert_date: parse_iso(r.get(9)?),
                education_label: r
                    .get::<_, Option<String>>(10)?
                    .map(|e| kinds::choice_label(kinds::EDUCATION_LEVELS, &e)),
                trained: last_training.is_some_and(|d| d >= trained_since),
                last_training,
                sort_key: r.get(11)?,
            }))
        })?;
        let mut out = Vec::new();
        for row in rows {
            out.extend(row?);
        }
        let team_order: HashMap<&str, (usize, &str)> = {
            let commune_order: HashMap<&str, usize> = self
                .communes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.code.as_str(), i))
                .collect();
            teams
                .iter()
                .map(|(id, b)| {
                    (
                        *id,
                        (
                            commune_order
                                .get(b.owner.as_str())
                                .copied()
                                .unwrap_or(usize::MAX),
                            b.sort_key.as_str(),
                        ),
                    )
                })
                .collect()
        };
        out.sort_by(|a, b| {
            team_order
                .get(a.team_id.as_str())
                .cmp(&team_order.get(b.team_id.as_str()))
                .then_with(|| a.team_id.cmp(&b.team_id))
                .then_with(|| a.sort_key.cmp(&b.sort_key))
        });
        Ok(out)
    }
}

/// Village names per team (live links, live villages), in Vietnamese order.
fn team_villages(store: &Store, unit: Option<&str>) -> Result<HashMap<String, Vec<String>>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT tv.team_id, v.name FROM team_villages tv JOIN villages v ON v.id = tv.village_id
         WHERE tv.deleted = 0 AND v.deleted = 0 AND (?1 IS NULL OR tv.owner = ?1)
         ORDER BY v.sort_key",
    )?;
    let rows = stmt.query_map([unit], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows {
        let (team, name) = row?;
        out.entry(team).or_default().push(name);
    }
    Ok(out)
}

fn filter(rows: Vec<CommuneRow>, o: &OverviewOptions) -> Vec<CommuneRow> {
    let query = o.query.as_deref().map(text::fold).filter(|q| !q.is_empty());
    rows.into_iter()
        .filter(|r| {
            query
                .as_deref()
                .is_none_or(|q| r.unit_code.starts_with(q) || text::fold(&r.unit_name).contains(q))
        })
        .filter(|r| !o.attention_only || !r.attention.is_empty())
        .filter(|r| {
            o.rule_not_met.as_deref().is_none_or(|rule| {
                r.rules
                    .iter()
                    .any(|s| s.rule == rule && s.met < r.active_teams)
            })
        })
        .collect()
}

/// Sorts rows that come in name order ([`Gathered::commune_rows`]): the sort is
/// stable, so ties stay in name order.
fn sort(rows: &mut [CommuneRow], o: &OverviewOptions) {
    // Missing values (no team, no bundle) sort first ascending: they need looking at.
    let f = |x: Option<f64>| x.unwrap_or(-1.0);
    rows.sort_by(|a, b| {
        let primary = match o.sort {
            SortBy::Name => std::cmp::Ordering::Equal,
            SortBy::Code => a.unit_code.cmp(&b.unit_code),
            SortBy::Compliance => f(a.compliance).total_cmp(&f(b.compliance)),
            SortBy::VillagesWithoutTeam => a.villages_without_team.cmp(&b.villages_without_team),
            SortBy::LastBundle => a
                .last_bundle
                .as_ref()
                .map(|x| &x.imported_at)
                .cmp(&b.last_bundle.as_ref().map(|x| &x.imported_at)),
            SortBy::Members => a.members.cmp(&b.members),
            SortBy::Trained => f(a.trained_share).total_cmp(&f(b.trained_share)),
            SortBy::Overdue => a.overdue_inspections.cmp(&b.overdue_inspections),
        };
        if o.descending {
            primary.reverse()
        } else {
            primary
        }
    });
    if o.descending && o.sort == SortBy::Name {
        rows.reverse();
    }
}
