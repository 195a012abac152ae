//! Series for the overview's charts (the window draws them as inline SVG), and the one
//! piece of arithmetic every chart needs: a scale with round ticks ([`nice_scale`]).
//!
//! The engine gives numbers only, never markup: record text reaches the page as text.

use chrono::Datelike;
use serde::Serialize;

use super::{CommuneRow, Gathered};

/// Compliance of one commune: the share of active teams meeting each rule.
#[derive(Debug, Clone, Serialize)]
pub struct ComplianceBar {
    pub unit_code: String,
    pub unit_name: String,
    pub active_teams: usize,
    /// C1…C8 in order, 0 to 1 (`null` without an active team).
    pub shares: Vec<Option<f64>>,
    /// All rule checks met over all checks.
    pub overall: Option<f64>,
}

/// Teams founded in a year (by the date of their signed founding decision), and how
/// many had been founded by the end of it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FoundedYear {
    pub year: i32,
    pub founded: usize,
    pub cumulative: usize,
}

/// Members trained within `training_months`, per commune.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageBar {
    pub unit_code: String,
    pub unit_name: String,
    pub members: usize,
    pub trained: usize,
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    /// One bar group per commune, in the overview's name order.
    pub compliance_by_commune: Vec<ComplianceBar>,
    /// Active teams by founding year, every year from the first to the overview's year
    /// (years with none included, so the axis is even).
    pub founded_by_year: Vec<FoundedYear>,
    /// Active teams with no signed, dated founding decision (not on the time axis).
    pub founded_unknown: usize,
    pub training_coverage: Vec<CoverageBar>,
}

impl Charts {
    pub(crate) fn from_rows(rows: &[CommuneRow], g: &Gathered) -> Charts {
        let compliance_by_commune = rows
            .iter()
            .map(|r| ComplianceBar {
                unit_code: r.unit_code.clone(),
                unit_name: r.unit_name.clone(),
                active_teams: r.active_teams,
                shares: r.rules.iter().map(|s| s.share).collect(),
                overall: r.compliance,
            })
            .collect();
        let training_coverage = rows
            .iter()
            .map(|r| CoverageBar {
                unit_code: r.unit_code.clone(),
                unit_name: r.unit_name.clone(),
                members: r.members,
                trained: r.members_trained,
                share: r.trained_share,
            })
            .collect();
        let years: Vec<Option<i32>> = g
            .compliance
            .teams
            .iter()
            .map(|t| g.founded.get(&t.team_id).map(|d| d.year()))
            .collect();
        let (founded_by_year, founded_unknown) = founded_by_year(&years, g.on.year());
        Charts {
            compliance_by_commune,
            founded_by_year,
            founded_unknown,
            training_coverage,
        }
    }
}

/// Counts per year from the first year to `last_year`, with running totals; and how
/// many have no year.
pub fn founded_by_year(years: &[Option<i32>], last_year: i32) -> (Vec<FoundedYear>, usize) {
    let unknown = years.iter().filter(|y| y.is_none()).count();
    let Some(first) = years.iter().flatten().min().copied() else {
        return (Vec::new(), unknown);
    };
    let last = last_year.max(years.iter().flatten().max().copied().unwrap_or(first));
    let mut out = Vec::new();
    let mut cumulative = 0;
    for year in first..=last {
        let founded = years.iter().filter(|y| **y == Some(year)).count();
        cumulative += founded;
        out.push(FoundedYear {
            year,
            founded,
            cumulative,
        });
    }
    (out, unknown)
}

/// An axis from 0 to `max` in `step`s of 1, 2 or 5 × a power of ten.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    pub max: f64,
    pub step: f64,
    pub ticks: Vec<f64>,
}

/// The smallest round axis that holds `value`, with at most `max_ticks` steps (at least
/// 1): 0–37 in 5 steps gives 0, 10, 20, 30, 40. With `whole`, steps are whole numbers
/// (counts of teams or members); without, shares get 0, 0.2, … 1. A value of 0 (or
/// below, or not a number) gives the axis 0–1.
pub fn nice_scale(value: f64, max_ticks: usize, whole: bool) -> Scale {
    let value = if value.is_finite() && value > 0.0 {
        value
    } else {
        1.0
    };
    let steps = max_ticks.max(1) as f64;
    let rough = value / steps;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| (value / s).ceil() <= steps && (!whole || *s >= 1.0))
        .unwrap_or(10.0 * power)
        .max(if whole { 1.0 } else { 0.0 });
    let n = (value / step).ceil().max(1.0) as usize;
    // Round away binary noise (3 × 0.2 = 0.6000000000000001): to the step's decimals,
    // dividing a whole number by a power of ten gives the nearest double.
    let scale = 10f64.powi((-step.log10().floor()).max(0.0) as i32);
    let clean = |x: f64| (x * scale).round() / scale;
    Scale {
        max: clean(step * n as f64),
        step: clean(step),
        ticks: (0..=n).map(|i| clean(step * i as f64)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_round_and_hold_the_value() {
        let s = nice_scale(37.0, 5, true);
        assert_eq!(s.ticks, [0.0, 10.0, 20.0, 30.0, 40.0]);
        let s = nice_scale(1.0, 5, false);
        assert_eq!((s.max, s.step), (1.0, 0.2));
        assert_eq!(s.ticks[3], 0.6, "no 0.6000000000000001");
        let s = nice_scale(168.0, 4, true);
        assert_eq!((s.max, s.step), (200.0, 50.0));
        let s = nice_scale(0.0, 5, false);
        assert_eq!(s.max, 1.0);
        let s = nice_scale(f64::NAN, 0, true);
        assert_eq!(s.ticks, [0.0, 1.0]);
        assert_eq!(nice_scale(3.0, 10, false).step, 0.5);
        assert_eq!(nice_scale(3.0, 10, true).ticks, [0.0, 1.0, 2.0, 3.0]);
    }

    #[test]
    fn founding_years_run_without_holes_to_the_given_year() {
        let (years, unknown) = founded_by_year(&[Some(2015), None, Some(2017), Some(2015)], 2018);
        assert_eq!(unknown, 1);
        let got: Vec<(i32, usize, usize)> = years
            .iter()
            .map(|y| (y.year, y.founded, y.cumulative))
            .collect();
        assert_eq!(
            got,
            [(2015, 2, 2), (2016, 0, 2), (2017, 1, 3), (2018, 0, 3)]
        );
        assert_eq!(founded_by_year(&[None], 2020), (Vec::new(), 1));
    }
}
