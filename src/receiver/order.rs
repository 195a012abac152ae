//! Ordering and filtering of the overview's commune rows: what the officer chose
//! ([`OverviewOptions`], [`SortBy`]) applied to rows already computed, so re-sorting
//! never computes a figure again.

use serde::{Deserialize, Serialize};

use super::CommuneRow;
use crate::compliance::RULES;
use crate::error::{Error, Result};
use crate::text;

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

impl OverviewOptions {
    /// Refuses a rule the filter cannot name (before any figure is computed).
    pub(super) fn check(&self) -> Result<()> {
        if let Some(rule) = &self.rule_not_met {
            if !RULES.iter().any(|(r, _)| r == rule) {
                return Err(Error::invalid(
                    "rule_not_met",
                    "Tiêu chí",
                    "phải là một trong C1, C2, …, C8",
                ));
            }
        }
        Ok(())
    }
}

pub(super) fn filter(rows: Vec<CommuneRow>, o: &OverviewOptions) -> Vec<CommuneRow> {
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
pub(super) fn sort(rows: &mut [CommuneRow], o: &OverviewOptions) {
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
