//! The drill-down, read-only where the commune owns the records: one commune's teams
//! with C1–C8 in words, one team's members and inspections, and the team and member
//! lines the report reuses.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::gather::TeamBase;
use super::{
    inspections, parse_iso, rule_titles, CommuneDetail, Gathered, MemberRow, OverviewCache,
    TeamDetail, TeamRow,
};
use crate::compliance::TeamCompliance;
use crate::dates::iso;
use crate::error::{Error, Result};
use crate::kinds;
use crate::Store;

impl OverviewCache {
    /// One commune: its line, its teams with C1–C8 in words and their latest inspection,
    /// and the villages without a team.
    pub fn commune_detail(
        &self,
        store: &Store,
        unit_code: &str,
        on: NaiveDate,
    ) -> Result<CommuneDetail> {
        let g = self.gathered(store, on)?;
        let unit_code = unit_code.trim();
        let commune = g
            .commune_rows()
            .into_iter()
            .find(|c| c.unit_code == unit_code)
            .ok_or_else(|| Error::OutsideScope {
                code: unit_code.to_string(),
                scope: g.inst.unit_name.clone(),
            })?;
        let mut teams = g.team_rows(store, Some(unit_code))?;
        teams.sort_by_key(|t| !t.active);
        Ok(CommuneDetail {
            on,
            thresholds: g.compliance.thresholds.clone(),
            rules: rule_titles(),
            read_only: unit_code != g.inst.unit_code,
            villages_without_team: crate::dashboard::villages_without_team(
                store.conn(),
                unit_code,
            )?,
            commune,
            teams,
        })
    }

    /// One team: its line, its active members (read-only) and every inspection.
    pub fn team_detail(&self, store: &Store, team_id: &str, on: NaiveDate) -> Result<TeamDetail> {
        let g = self.gathered(store, on)?;
        let base = g
            .teams
            .iter()
            .find(|t| t.id == team_id)
            .ok_or_else(|| Error::NotFound {
                kind_label: kinds::TEAM.label.to_string(),
                id: team_id.to_string(),
            })?;
        let team = g
            .team_rows(store, Some(&base.owner))?
            .into_iter()
            .find(|t| t.team_id == team_id)
            .expect("the team is among its unit's teams");
        Ok(TeamDetail {
            on,
            members: g.members(store, Some(team_id))?,
            inspections: inspections(store.conn(), on, Some(team_id))?,
            read_only: base.owner != g.inst.unit_code,
            team,
        })
    }
}

impl Store {
    /// One commune: its line, its teams with C1–C8 in words and their latest inspection,
    /// and the villages without a team. Computed afresh; the window keeps its figures in
    /// an [`OverviewCache`] ([`OverviewCache::commune_detail`]).
    pub fn commune_detail(&self, unit_code: &str, on: NaiveDate) -> Result<CommuneDetail> {
        OverviewCache::new().commune_detail(self, unit_code, on)
    }

    /// One team: its line, its active members (read-only) and every inspection.
    /// Computed afresh, like [`Store::commune_detail`].
    pub fn team_detail(&self, team_id: &str, on: NaiveDate) -> Result<TeamDetail> {
        OverviewCache::new().team_detail(self, team_id, on)
    }
}

impl Gathered {
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
                    receiver_todo: c.map(|c| c.receiver_todo.clone()).unwrap_or_default(),
                    met: c.map_or(0, |c| c.met),
                    latest_inspection: self.latest_inspection.get(&b.id).cloned(),
                    overdue_inspections: if c.is_some() {
                        self.overdue.get(&b.id).copied().unwrap_or(0)
                    } else {
                        0
                    },
                    results: None,
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
