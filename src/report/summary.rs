//! The results panel's figures ("Kết quả hoạt động quý này" on the commune's dashboard
//! and the receiving unit's overview): the totals of a report's results and the same
//! period a year earlier, without the rest of the report. The panel asked for the whole
//! report before, only to read its totals: every commune's and team's compliance row
//! built, then sent to the page, for a province thousands of rows it threw away.
//!
//! The figures are the report's own ([`super::team_results`], summed over the live
//! teams as the report's totals are), so the panel and the report never disagree.

use chrono::NaiveDate;
use serde::Serialize;

use super::results::{ResultColumn, Results, Tally, RESULT_COLUMNS};
use super::{period_and_day, recorded, team_results, Period, TeamResults};
use crate::error::Result;
use crate::installation::Role;
use crate::receiver::OverviewCache;
use crate::Store;

#[derive(Debug, Clone, Serialize)]
pub struct ResultsSummary {
    pub role: Role,
    /// The period the results are counted in, and its name ("quý IV/2026").
    pub period: Period,
    pub period_name: String,
    /// The day they are counted up to: the period's last day, or today while it runs.
    pub on: NaiveDate,
    /// The columns of `results.figures`, in order (the report's).
    pub result_columns: Vec<ResultColumn>,
    /// The totals' results: every live team's, as in the report's totals row.
    pub results: Results,
    /// The same period a year earlier, up to the same day then; none when nothing was
    /// recorded then.
    pub results_year_earlier: Option<Results>,
    /// At a receiving unit, how many of its communes sent data (the figures are theirs);
    /// none at a commune.
    pub coverage: Option<Coverage>,
}

/// The communes in a receiving unit's scope, and those that sent data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub communes: usize,
    pub with_data: usize,
}

impl Store {
    /// The results of `period` (this year when none), `today` being the clock's day,
    /// computed afresh (the window keeps what it can: [`OverviewCache::results_summary`]).
    pub fn results_summary(
        &self,
        period: Option<Period>,
        today: NaiveDate,
    ) -> Result<ResultsSummary> {
        OverviewCache::new().results_summary(self, period, today)
    }
}

impl OverviewCache {
    /// The results of `period` (this year when none) as the report's totals give them.
    /// A receiving unit's coverage comes from the kept overview of the same day (the
    /// overview screen has just read it); a commune needs none.
    pub fn results_summary(
        &self,
        store: &Store,
        period: Option<Period>,
        today: NaiveDate,
    ) -> Result<ResultsSummary> {
        let (period, on) = period_and_day(period, None, today)?;
        let role = store.installation()?.role;
        let (now, earlier) = team_results(store, &period, on)?;
        let live = live_teams(store)?;
        let coverage = match role {
            Role::Commune => None,
            Role::Receiver => {
                let rows = self.gathered(store, on)?.commune_rows();
                Some(Coverage {
                    communes: rows.len(),
                    with_data: rows.iter().filter(|c| c.last_bundle.is_some()).count(),
                })
            }
        };
        Ok(ResultsSummary {
            role,
            period_name: period.name(),
            period,
            on,
            result_columns: RESULT_COLUMNS.to_vec(),
            results: sum(&now, &live).finish(),
            results_year_earlier: earlier.and_then(|e| recorded(&sum(&e, &live))),
            coverage,
        })
    }
}

/// The ids of the teams not deleted: those the report has rows for.
fn live_teams(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id FROM teams WHERE deleted = 0")?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

fn sum(by_team: &TeamResults, teams: &[String]) -> Tally {
    let mut all = Tally::default();
    for t in teams.iter().filter_map(|id| by_team.get(id)) {
        all.add(t);
    }
    all
}
