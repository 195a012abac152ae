//! Realistic synthetic records for one commune: villages, their teams with founding
//! decisions, regulations, members, equipment, funds, trainings, activities,
//! inspections and commendations, for demonstrations, manual testing and benchmarks.
//!
//! - Everything goes through the ordinary validated write path ([`Writer::create_with_id`]),
//!   in one transaction: a failure leaves the database as it was.
//! - Deterministic: the same seed, unit and `today` give the same content and the same
//!   record ids. The generator has its own small PRNG (xoshiro256**, no `rand`), seeded
//!   from the seed and a hash of the unit code, so two communes do not share ids. Each id
//!   is a UUID v7 whose time is the record's own date (the day a decision was signed, a
//!   patrol went out …). The history rows the engine adds by itself (a team's status, a
//!   member's role) take their ids from the writer.
//! - Varied on purpose: some villages have no team, some teams lack a signed decision, a
//!   regulation, contributions or inspections, so the compliance rules find something.
//! - Region-aware: villages are named after the commune's kind and region (tổ dân phố in
//!   wards, thôn in the lowlands, ấp in the south, bản in the northern mountains), and
//!   people after the ethnic groups living there (Kinh, Tày, Thái, Mường, Hmông, Dao).
//! - Bounded memory: teams are written one at a time; only the current team's members
//!   are held, so a run of 1,000 villages × 1,000 members fits in a few megabytes.
//! - Some signed founding decisions carry a small sample scan (a PDF in the attachment
//!   store), so rule C1 is met by some teams and not by others. Not made: `document`
//!   records, and reports on a receiving unit's inspections (the demo commune's
//!   inspections are its own, with their follow-up written in the inspection).

mod activities;
mod commendations;
mod days;
mod decisions;
mod equipment;
mod funds;
mod generator;
mod inspections;
mod members;
mod names;
mod place;
mod plan;
mod record;
mod rng;
mod teams;
mod texts;

#[cfg(test)]
mod lawful_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::installation::Role;
use crate::kinds;
use crate::Store;

use days::dmy;
use generator::Gen;
use place::Place;
use plan::Plan;

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Villages (thôn, bản, tổ dân phố …) in the commune; about 90 % get a team.
    pub villages: usize,
    /// Members of each team: the first is Tổ trưởng, the second Tổ phó.
    pub members_per_team: usize,
    /// Activities of the commune's teams over the twelve months before `today`.
    pub activities: usize,
    pub seed: u64,
    /// The day the data is generated "on": nothing is dated after it (except the
    /// deadline an inspection gives).
    pub today: NaiveDate,
}

impl DemoOptions {
    /// The defaults: 8 villages, 10 members per team, 150 activities, seed 1.
    pub fn new(today: NaiveDate) -> Self {
        DemoOptions {
            villages: 8,
            members_per_team: 10,
            activities: 150,
            seed: 1,
            today,
        }
    }
}

/// Records created, per kind name (every kind of the catalogue, zero included), and in
/// total. Serialises flat: `{"activity": 150, …, "village": 8, "total": 1234}`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DemoCounts {
    #[serde(flatten)]
    pub kinds: BTreeMap<String, u64>,
    pub total: u64,
}

impl DemoCounts {
    pub fn get(&self, kind: &str) -> u64 {
        self.kinds.get(kind).copied().unwrap_or(0)
    }
}

/// Fills the installation's commune with synthetic records (see the module docs).
pub fn generate(store: &mut Store, options: &DemoOptions) -> Result<DemoCounts> {
    generate_with_outcome(store, options).map(|o| o.counts)
}

/// What a run produced, with what the engine said about it (the tests read it all).
#[derive(Debug, Clone)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Outcome {
    pub counts: DemoCounts,
    /// Warnings the engine gave on records that were meant to be clean.
    pub unexpected_warnings: Vec<String>,
    /// Members made too young or too old on purpose, and the warnings they drew.
    pub odd_age_members: u64,
    pub odd_age_warnings: u64,
}

pub(crate) fn generate_with_outcome(store: &mut Store, options: &DemoOptions) -> Result<Outcome> {
    // Not set up: the engine's own sentence says to run `init` (or set the commune up
    // in the window) first.
    let installation = store.installation()?;
    if installation.role != Role::Commune {
        return Err(Error::CommuneOnly {
            unit_name: installation.unit_name,
        });
    }
    if options.villages == 0 {
        return Err(Error::invalid(
            "villages",
            "Số thôn, tổ dân phố",
            "phải từ 1 trở lên",
        ));
    }
    let path = crate::units::path(store.conn(), installation.unit_set, &installation.unit_code)?;
    let mut place = Place::from_path(installation.unit_set, &installation.unit_code, &path)?;
    let other_set = match installation.unit_set {
        crate::units::UnitSet::Y2008 => crate::units::UnitSet::Y2025,
        crate::units::UnitSet::Y2025 => crate::units::UnitSet::Y2008,
    };
    place.other = crate::units::history::candidates(
        store.conn(),
        installation.unit_set,
        &installation.unit_code,
        other_set,
    )?
    .into_iter()
    .next()
    .map(|c| (c.unit.code.clone(), c.unit.in_text()));
    let plan = Plan::new(options, &place);

    let already: bool = store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM villages WHERE id = ?1)",
        [&plan.villages[0].id],
        |r| r.get(0),
    )?;
    if already {
        return Err(Error::DemoExists {
            seed: options.seed,
            day: dmy(options.today),
        });
    }

    let before = count_rows(store)?;
    let mut gen = Gen::new(options, &place, &plan);
    store.write_batch(|w| {
        w.set_today(options.today);
        gen.run(w)
    })?;
    // Its signed decisions are left as a file of schema 12 has them (not yet saved as
    // signed): saving them takes a second transaction, and the demo is one, so that a
    // kill leaves it all there or not at all (the crash proof). `freeze-decision --all`
    // or the decisions tab saves them.
    let after = count_rows(store)?;

    let mut counts = DemoCounts::default();
    for kind in kinds::ALL {
        let n = after[kind.name].saturating_sub(before[kind.name]);
        counts.kinds.insert(kind.name.to_string(), n);
        counts.total += n;
    }
    Ok(Outcome {
        counts,
        unexpected_warnings: gen.unexpected,
        odd_age_members: gen.odd_age_members,
        odd_age_warnings: gen.odd_age_warnings,
    })
}

fn count_rows(store: &Store) -> Result<BTreeMap<&'static str, u64>> {
    let mut out = BTreeMap::new();
    for kind in kinds::ALL {
        let n: i64 =
            store
                .conn()
                .query_row(&format!("SELECT count(*) FROM {}", kind.table), [], |r| {
                    r.get(0)
                })?;
        out.insert(kind.name, n as u64);
    }
    Ok(out)
}
