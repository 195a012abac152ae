//! The serialisable types the window and the report read (every field name is part of
//! the JSON the page uses), and the sums a commune row is made of.

use chrono::NaiveDate;
use serde::Serialize;

use super::charts;
use crate::compliance::{OwedTask, RuleResult, Status, TeamCompliance, OWED_TASKS, RULES};
use crate::dashboard::VillageRef;
use crate::installation::Role;
use crate::report::results::Results;
use crate::settings::Thresholds;
use crate::sync::import::Gap;

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
    /// What the receiving unit owes this commune's active teams, one line per kind of
    /// task in [`OWED_TASKS`]' order: the teams to inspect, the teams whose members
    /// no training called, the proposals to decide. Never counted against the commune.
    pub receiver_todo: Vec<OwedCount>,
    /// Only in a report: the movement's results in its period; absent for a commune
    /// that never sent data (not a row of zeros).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results: Option<Results>,
    /// Only in a report: the same period a year earlier, where anything was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results_year_earlier: Option<Results>,
}

/// How much of one kind of task the receiving unit owes a commune (or all of them).
#[derive(Debug, Clone, Serialize)]
pub struct OwedCount {
    pub code: &'static str,
    pub rule: &'static str,
    pub title: &'static str,
    /// Teams to inspect or to train, or proposals to decide.
    pub count: usize,
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
    /// What the receiving unit owes this team; empty for a team that is not active.
    pub receiver_todo: Vec<OwedTask>,
    /// Only in a report: the team's results in its period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results: Option<Results>,
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
    pub(super) sort_key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReceiverOverview {
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

pub(super) fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl CommuneRow {
    pub(super) fn empty(code: &str, name: &str) -> CommuneRow {
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
            receiver_todo: OWED_TASKS
                .iter()
                .map(|(code, rule, title)| OwedCount {
                    code,
                    rule,
                    title,
                    count: 0,
                })
                .collect(),
            results: None,
            results_year_earlier: None,
        }
    }

    pub(super) fn add_team(&mut self, t: &TeamCompliance) {
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
        for task in &t.receiver_todo {
            if let Some(line) = self.receiver_todo.iter_mut().find(|l| l.code == task.code) {
                line.count += task.count;
            }
        }
    }

    /// Adds another row's counts (for the totals).
    pub(super) fn add(&mut self, other: &CommuneRow) {
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
        for (a, b) in self.receiver_todo.iter_mut().zip(&other.receiver_todo) {
            a.count += b.count;
        }
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

    pub(super) fn finish_shares(&mut self) {
        for r in &mut self.rules {
            r.share = share(r.met, self.active_teams);
        }
        let met: usize = self.rules.iter().map(|r| r.met).sum();
        self.compliance = share(met, self.active_teams * RULES.len());
        self.trained_share = share(self.members_trained, self.members);
    }
}
