//! The summary report (báo cáo sơ kết, DESIGN.md §5–§6): the same tables as the overview,
//! one row per commune (with a totals row) and one per team, and, only when asked for,
//! one per member, behind a warning about personal data (Luật 91/2025/QH15).
//!
//! [`Store::report`] (or [`OverviewCache::report`], from the figures the window keeps)
//! gathers it; it serialises to JSON as it is, and [`write_xlsx`]
//! writes it as an Excel workbook (see [`xlsx`] for the formats and why).

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::installation::Role;
use crate::receiver::{CommuneRow, MemberRow, OverviewCache, RuleTitle, TeamRow};
use crate::settings::Thresholds;
use crate::Store;

#[cfg(test)]
mod tests;
pub mod xlsx;

#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// Add the member list (personal data: names, birth years, villages).
    pub members: bool,
}

/// The warning put above the member list, in the workbook and in the JSON.
pub const PERSONAL_DATA_WARNING: &str = "CẢNH BÁO: bảng này có dữ liệu cá nhân của thành viên (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15). Chỉ dùng cho công tác quản lý Tổ; không gửi qua mạng xã hội, thư điện tử cá nhân; xóa tệp khi không còn cần.";

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub unit_code: String,
    pub unit_name: String,
    pub role: Role,
    /// The day the figures are as of.
    pub on: NaiveDate,
    /// When the report was made (local time, RFC 3339).
    pub generated_at: String,
    pub thresholds: Thresholds,
    pub rules: Vec<RuleTitle>,
    /// One row per commune in scope, in Vietnamese order of the names.
    pub communes: Vec<CommuneRow>,
    pub totals: CommuneRow,
    /// One row per team, communes in the same order, teams by name (active first is
    /// not applied here: a team stays beside its commune's other teams).
    pub teams: Vec<TeamRow>,
    /// Present only when asked for, with the warning beside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<MemberRow>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_data_warning: Option<&'static str>,
}

impl Report {
    /// The file name a report is saved under when only a folder (the CLI) or nothing
    /// (the window's Save dialog) names it: `bao-cao-<unit>-<yyyy-mm-dd>.<ext>`.
    pub fn file_name(&self, extension: &str) -> String {
        format!(
            "bao-cao-{}-{}.{extension}",
            self.unit_code,
            self.on.format("%Y-%m-%d")
        )
    }
}

impl Store {
    /// The report as of `on`, computed afresh (the command line); the window reads the
    /// figures it keeps ([`OverviewCache::report`]).
    pub fn report(&self, on: NaiveDate, options: ReportOptions) -> Result<Report> {
        OverviewCache::new().report(self, on, options)
    }
}

impl OverviewCache {
    /// The report as of `on`, from the kept figures while the database is unchanged.
    pub fn report(&self, store: &Store, on: NaiveDate, options: ReportOptions) -> Result<Report> {
        let g = self.gathered(store, on)?;
        let communes = g.commune_rows();
        let totals = g.totals(&communes);
        let teams = g.team_rows(store, None)?;
        let members = if options.members {
            Some(g.members(store, None)?)
        } else {
            None
        };
        let inst = g.installation().clone();
        Ok(Report {
            title: format!(
                "Báo cáo sơ kết Tổ xung kích, Tổ bảo vệ an ninh, trật tự — {}",
                titled_unit(store, &inst, on)?
            ),
            unit_code: inst.unit_code,
            unit_name: inst.unit_name,
            role: inst.role,
            on,
            generated_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            thresholds: g.thresholds().clone(),
            rules: crate::receiver::rule_titles(),
            personal_data_warning: members.as_ref().map(|_| PERSONAL_DATA_WARNING),
            communes,
            totals,
            teams,
            members,
        })
    }
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
