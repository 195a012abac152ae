//! The summary report (báo cáo sơ kết, DESIGN.md §5–§6): the same tables as the overview,
//! one row per commune (with a totals row) and one per team, and, only when asked for,
//! one per member, behind a warning about personal data (Luật 91/2025/QH15).
//!
//! A report covers a [`Period`]: the movement's results ([`results`]) are counted in it,
//! beside the same period a year earlier; the compliance tables are as of its last day
//! (today while it runs).
//!
//! [`Store::report`] (or [`OverviewCache::report`], from the figures the window keeps)
//! gathers it; it serialises to JSON as it is, and [`write_xlsx`]
//! writes it as an Excel workbook (see [`xlsx`] for the formats and why).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::installation::Role;
use crate::receiver::{CommuneRow, MemberRow, OverviewCache, RuleTitle, TeamRow};
use crate::settings::Thresholds;
use crate::Store;

pub mod period;
pub mod results;
pub mod summary;
#[cfg(test)]
mod tests;
pub mod xlsx;

pub use period::{Period, PeriodChoice, PeriodKind};
pub use results::{ResultColumn, Results, RESULT_COLUMNS};
pub use summary::{Coverage, ResultsSummary};

#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// Add the member list (personal data: names, birth years, villages).
    pub members: bool,
    /// The period the results are counted in (see [`period_and_day`]).
    pub period: Option<Period>,
    /// The day the compliance figures are as of, if not the period's last day.
    pub on: Option<NaiveDate>,
}

/// The period and the as-of day of a report asked for with a period, a day, both or
/// neither: a period alone is as of its last day (today while it runs); a day alone is
/// in its year; neither is this year as of today. A day outside the period is refused.
/// The results are counted from the period's first day to the as-of day.
pub fn period_and_day(
    period: Option<Period>,
    on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(Period, NaiveDate)> {
    use chrono::Datelike;
    match (period, on) {
        (Some(p), None) => Ok((p, p.as_of(today)?)),
        (Some(p), Some(d)) if p.contains(d) => Ok((p, d)),
        (Some(p), Some(d)) => Err(crate::Error::invalid(
            "on",
            "Tính đến ngày",
            format!(
                "ngày {} không thuộc kỳ {}; hãy bỏ ngày hoặc chọn ngày trong kỳ",
                d.format("%d/%m/%Y"),
                p.name()
            ),
        )),
        (None, on) => {
            let d = on.unwrap_or(today);
            Ok((Period::year(d.year())?, d))
        }
    }
}

/// The warning put above the member list, in the workbook and in the JSON.
pub const PERSONAL_DATA_WARNING: &str = "CẢNH BÁO: bảng này có dữ liệu cá nhân của thành viên (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15). Chỉ dùng cho công tác quản lý Tổ; không gửi qua mạng xã hội, thư điện tử cá nhân; xóa tệp khi không còn cần.";

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub unit_code: String,
    pub unit_name: String,
    /// The unit the report is from, as its title names it: the commune, or the police
    /// unit that received the communes' data on the report's day.
    pub reporting_unit: String,
    pub role: Role,
    /// The period the results are counted in, and its name ("quý IV/2026").
    pub period: Period,
    pub period_name: String,
    /// The day the compliance figures are as of (the period's last day, or today while
    /// it runs).
    pub on: NaiveDate,
    /// When the report was made (Vietnam's time, UTC+7, RFC 3339).
    pub generated_at: String,
    pub thresholds: Thresholds,
    pub rules: Vec<RuleTitle>,
    /// The columns of the results tables: each row's `results.figures` in this order.
    pub result_columns: Vec<ResultColumn>,
    /// One row per commune in scope, in Vietnamese order of the names.
    pub communes: Vec<CommuneRow>,
    pub totals: CommuneRow,
    /// One row per team, communes in the same order, teams by name (active first is
    /// not applied here: a team stays beside its commune's other teams).
    pub teams: Vec<TeamRow>,
    /// The communes that sent no data yet (at a receiving unit): their rows show no
    /// figures rather than zeros, and the totals are over the others.
    pub communes_without_data: usize,
    /// Present only when asked for, with the warning beside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<MemberRow>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_data_warning: Option<&'static str>,
}

impl Report {
    /// The file name a report is saved under when only a folder (the CLI) or nothing
    /// (the window's Save dialog) names it: `bao-cao-<unit>-<period>.<ext>` for a period
    /// that has ended (`bao-cao-001-2026-q3.xlsx`), with `-den-<yyyy-mm-dd>` when the
    /// figures stop before its end (`bao-cao-001-2026-q4-den-2026-12-05.xlsx`).
    pub fn file_name(&self, extension: &str) -> String {
        let until = if self.on < self.period.to {
            format!("-den-{}", self.on.format("%Y-%m-%d"))
        } else {
            String::new()
        };
        format!(
            "bao-cao-{}-{}{until}.{extension}",
            self.unit_code,
            self.period.tag()
        )
    }
}

/// Now in Vietnam's time (UTC+7, no summer time): a report is dated where it is filed,
/// whatever zone the computer is set to.
pub fn vietnam_now() -> chrono::DateTime<chrono::FixedOffset> {
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    chrono::Utc::now().with_timezone(&offset)
}

impl Store {
    /// The report asked for by `options`, `today` being the clock's day, computed afresh
    /// (the command line); the window reads the figures it keeps
    /// ([`OverviewCache::report`]).
    pub fn report(&self, today: NaiveDate, options: ReportOptions) -> Result<Report> {
        OverviewCache::new().report(self, today, options)
    }
}

impl OverviewCache {
    /// The report asked for by `options` (`today` being the clock's day), from the kept
    /// figures while the database is unchanged.
    pub fn report(
        &self,
        store: &Store,
        today: NaiveDate,
        options: ReportOptions,
    ) -> Result<Report> {
        let (period, on) = period_and_day(options.period, options.on, today)?;
        let g = self.gathered(store, on)?;
        let mut communes = g.commune_rows();
        let mut totals = g.totals(&communes);
        let mut teams = g.team_rows(store, None)?;
        let communes_without_data =
            add_results(store, &period, on, &mut communes, &mut totals, &mut teams)?;
        let members = if options.members {
            Some(g.members(store, None)?)
        } else {
            None
        };
        let inst = g.installation().clone();
        let reporting_unit = titled_unit(store, &inst, on)?;
        Ok(Report {
            title: format!(
                "Báo cáo sơ kết Tổ xung kích, Tổ bảo vệ an ninh, trật tự — {reporting_unit}, {}",
                period.name()
            ),
            reporting_unit,
            unit_code: inst.unit_code,
            unit_name: inst.unit_name,
            role: inst.role,
            period_name: period.name(),
            period,
            on,
            communes_without_data,
            generated_at: vietnam_now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            thresholds: g.thresholds().clone(),
            rules: crate::receiver::rule_titles(),
            result_columns: RESULT_COLUMNS.to_vec(),
            personal_data_warning: members.as_ref().map(|_| PERSONAL_DATA_WARNING),
            communes,
            totals,
            teams,
            members,
        })
    }
}

/// Puts each team's, each commune's and the totals' results in `period` up to `on` (and
/// a year earlier) into the rows. A commune that never sent data (at a receiving unit) gets
/// none, so it shows no zeros; returns how many such communes there are.
fn add_results(
    store: &Store,
    period: &Period,
    on: NaiveDate,
    communes: &mut [CommuneRow],
    totals: &mut CommuneRow,
    teams: &mut [TeamRow],
) -> Result<usize> {
    let receiving = store.installation()?.role != Role::Commune;
    let has_data = |c: &CommuneRow| !receiving || c.last_bundle.is_some();
    // Which commune each team is of, read before the rows are written into.
    let owners: Vec<(String, String)> = teams
        .iter()
        .map(|t| (t.team_id.clone(), t.unit_code.clone()))
        .collect();
    type Sums = (HashMap<String, results::Tally>, results::Tally);
    let tallies = |by_team: &HashMap<String, results::Tally>| -> Sums {
        let mut by_commune: HashMap<String, results::Tally> = HashMap::new();
        let mut all = results::Tally::default();
        for (team, commune) in &owners {
            if let Some(t) = by_team.get(team) {
                by_commune.entry(commune.clone()).or_default().add(t);
                all.add(t);
            }
        }
        (by_commune, all)
    };
    let (by_team, earlier_by_team) = team_results(store, period, on)?;
    let blank = results::Tally::default();
    for team in teams.iter_mut() {
        team.results = Some(by_team.get(&team.team_id).unwrap_or(&blank).finish());
    }
    let (now, all_now) = tallies(&by_team);
    let earlier = earlier_by_team.as_ref().map(tallies);
    let mut without_data = 0;
    for c in communes.iter_mut() {
        if !has_data(c) {
            without_data += 1;
            continue;
        }
        c.results = Some(now.get(&c.unit_code).unwrap_or(&blank).finish());
        c.results_year_earlier = earlier
            .as_ref()
            .and_then(|(e, _)| e.get(&c.unit_code))
            .and_then(recorded);
    }
    totals.results = Some(all_now.finish());
    totals.results_year_earlier = earlier.and_then(|(_, all)| recorded(&all));
    Ok(without_data)
}

/// Results a year earlier, or none when nothing was recorded then: a period with no data
/// shows no "0" beside a real figure.
pub(crate) fn recorded(earlier: &results::Tally) -> Option<Results> {
    Some(earlier.finish()).filter(|r| !r.is_empty())
}

/// Each team's results in `period` up to `on` (a report's day), and in the same period
/// a year earlier up to the same day then, when there is one: what a report's rows and
/// the results panel ([`summary`]) both add up.
pub(crate) type TeamResults = HashMap<String, results::Tally>;

pub(crate) fn team_results(
    store: &Store,
    period: &Period,
    on: NaiveDate,
) -> Result<(TeamResults, Option<TeamResults>)> {
    let now = results::by_team(store.conn(), &period.up_to(on))?;
    let earlier_day = on.checked_sub_months(chrono::Months::new(12));
    let earlier = match period.year_earlier().zip(earlier_day) {
        Some((p, d)) => Some(results::by_team(store.conn(), &p.up_to(d))?),
        None => None,
    };
    Ok((now, earlier))
}

/// The unit a report dated `on` is titled with. A receiving unit's is the police unit that
/// received the communes' data on that day (domain.md §4.2): the district police up to
/// 28/2/2025 (it ceased on 1/3/2025), then the province police, the province being the
/// one of the list in force on `on` (for a district of the 2008–2025 list after
/// 1/7/2025, the 2025 province its province went into; for a 2025 province before
/// 1/7/2025, its predecessors). A commune's report keeps the commune's own name.
pub fn titled_unit(
    store: &Store,
    inst: &crate::installation::Installation,
    on: NaiveDate,
) -> Result<String> {
    use crate::units::{self, history, Level};
    if inst.role == Role::Commune {
        return Ok(inst.unit_name.clone());
    }
    let conn = store.conn();
    let own = units::path(conn, inst.unit_set, &inst.unit_code)?;
    let police = |u: &units::Unit| format!("Công an {}", u.in_text());
    let district_police_until = NaiveDate::from_ymd_opt(2025, 2, 28).unwrap_or_default();
    if on <= district_police_until {
        if let Some(d) = own.iter().find(|u| u.level == Level::District) {
            return Ok(police(d));
        }
    }
    let Some(province) = own.iter().find(|u| u.level == Level::Province) else {
        return Ok(inst.unit_name.clone());
    };
    let in_force = history::set_on(on);
    if in_force == inst.unit_set {
        return Ok(police(province));
    }
    let names: Vec<String> = history::related_provinces(conn, inst.unit_set, &province.code)?
        .iter()
        .filter_map(|code| units::find(conn, in_force, code).ok().flatten())
        .map(|u| police(&u))
        .collect();
    Ok(match in_force {
        // After the reform a 2008–2025 province went into one 2025 province.
        crate::units::UnitSet::Y2025 => {
            names.into_iter().next().unwrap_or_else(|| police(province))
        }
        crate::units::UnitSet::Y2008 if names.is_empty() => police(province),
        crate::units::UnitSet::Y2008 => names.join(", "),
    })
}

/// Writes the report as an Excel workbook to `path`: a temporary file beside it,
/// flushed, then renamed over it, so a pulled USB stick or a full disk never leaves a
/// half-written report under the real name.
pub fn write_xlsx(report: &Report, path: &Path) -> Result<u64> {
    let bytes = xlsx::workbook_bytes(report)?;
    crate::atomic_file::write(path, &bytes)?;
    Ok(bytes.len() as u64)
}

/// Writes the report as pretty JSON to `path`, the same way.
pub fn write_json(report: &Report, path: &Path) -> Result<u64> {
    let mut bytes = serde_json::to_vec_pretty(report).expect("a report always serialises");
    bytes.push(b'\n');
    crate::atomic_file::write(path, &bytes)?;
    Ok(bytes.len() as u64)
}
