//! Gathering: the SQL reads that collect, once, every per-commune and per-team figure
//! the overview, the drill-down and the report are computed from ([`Gathered`]), and
//! the inspections as the receiving unit counts them ([`inspections`]).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::{BundleInfo, InspectionInfo};
use crate::compliance::ComplianceReport;
use crate::dates::{self, iso};
use crate::error::Result;
use crate::installation::{Installation, Role};
use crate::settings::Thresholds;
use crate::sync::import::Gap;
use crate::units::{self, Level};
use crate::{text, Store};

/// A team as stored, with what the rows need besides compliance.
pub(super) struct TeamBase {
    pub(super) id: String,
    pub(super) owner: String,
    pub(super) name: String,
    pub(super) status: String,
    pub(super) model_type: String,
    pub(super) sort_key: String,
}

pub(super) struct Commune {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) sort_key: String,
}

/// Everything the overview, the drill-down and the report are computed from.
pub(crate) struct Gathered {
    pub(super) inst: Installation,
    pub(super) on: NaiveDate,
    pub(super) compliance: ComplianceReport,
    pub(super) teams: Vec<TeamBase>,
    pub(super) founded: HashMap<String, NaiveDate>,
    pub(super) latest_inspection: HashMap<String, InspectionInfo>,
    pub(super) overdue: HashMap<String, usize>,
    pub(super) last_bundle: HashMap<String, BundleInfo>,
    pub(super) gaps: HashMap<String, Vec<Gap>>,
    pub(super) quarantined: HashMap<String, usize>,
    pub(super) communes: Vec<Commune>,
}

/// A stored day read from an optional text column.
pub(super) fn parse_iso(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(dates::parse_iso)
}

impl Gathered {
    pub(super) fn read(store: &Store, on: NaiveDate) -> Result<Gathered> {
        let inst = store.installation()?;
        let compliance = store.compliance(on)?;
        let conn = store.conn();
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
            // Each unit's newest import; bundles of one batch share their second, so
            // the later one logged (rowid) wins a tie: the last applied is the last.
            let mut stmt = conn.prepare(
                "SELECT sender_unit, file_name, full, from_seq, to_seq, imported_at
                   FROM (SELECT *, row_number() OVER (PARTITION BY sender_unit
                                         ORDER BY imported_at DESC, rowid DESC) AS newest
                           FROM import_log)
                  WHERE newest = 1",
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
        for g in store.gaps()? {
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
            Role::Receiver => {
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

    pub(crate) fn installation(&self) -> &Installation {
        &self.inst
    }

    pub(crate) fn thresholds(&self) -> &Thresholds {
        &self.compliance.thresholds
    }

    pub(super) fn team_owner(&self) -> HashMap<&str, &TeamBase> {
        self.teams.iter().map(|t| (t.id.as_str(), t)).collect()
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
