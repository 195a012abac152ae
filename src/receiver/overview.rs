//! The overview across communes: one row per commune in scope and the totals, then
//! filtered and sorted as the officer chose.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{
    charts, filter, rule_titles, sort, CommuneRow, Gathered, OverviewCache, OverviewOptions,
    ReceiverOverview,
};
use crate::error::Result;
use crate::Store;

impl OverviewCache {
    /// The overview across communes as of `on`, sorted and filtered, from the kept
    /// figures while the database is unchanged.
    pub fn overview(
        &self,
        store: &Store,
        on: NaiveDate,
        options: &OverviewOptions,
    ) -> Result<ReceiverOverview> {
        options.check()?;
        let g = self.gathered(store, on)?;
        let rows = g.commune_rows();
        let totals = g.totals(&rows);
        let charts = charts::Charts::from_rows(&rows, &g);
        let communes_total = rows.len();
        let mut communes = filter(rows, options);
        sort(&mut communes, options);
        Ok(ReceiverOverview {
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
}

impl Store {
    /// The overview across communes as of `on`, sorted and filtered, computed afresh;
    /// the window keeps its figures in an [`OverviewCache`] ([`OverviewCache::overview`]).
    pub fn receiver_overview(
        &self,
        on: NaiveDate,
        options: &OverviewOptions,
    ) -> Result<ReceiverOverview> {
        OverviewCache::new().overview(self, on, options)
    }
}

impl Gathered {
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
}
