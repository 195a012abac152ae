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
//!
//! The parts, one job each, so a change to one (a sentence, a sort key, a query)
//! is read and reviewed without the others:
//! - [`model`]: the serialisable types, whose field names are the JSON the window and
//!   the report read, and the sums a commune row is made of;
//! - [`gather`]: the SQL reads that collect every figure once ([`Gathered`]), and the
//!   inspections with "overdue" decided in one place ([`inspections`]);
//! - [`attention`]: the "cần chú ý" sentences of a commune's row;
//! - [`order`]: the officer's sort and filter ([`OverviewOptions`], [`SortBy`]);
//! - [`overview`]: the commune rows and totals, the overview as of a day;
//! - [`drill`]: one commune's teams, one team's members and inspections;
//! - [`cache`]: the last [`Gathered`] kept while the database is unchanged;
//! - [`charts`]: the series for the overview's charts.

mod attention;
mod cache;
pub mod charts;
mod drill;
mod gather;
mod model;
mod order;
mod overview;
#[cfg(test)]
pub(crate) mod tests;

pub use cache::OverviewCache;
pub(crate) use gather::inspections;
use gather::parse_iso;
pub(crate) use gather::Gathered;
pub use model::*;
use order::{filter, sort};
pub use order::{OverviewOptions, SortBy};
