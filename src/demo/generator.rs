//! The writer's side: what the generator keeps while it writes (the plan, the random
//! streams of the part being written, the registers of numbers, what the engine said),
//! and the order it writes in: villages, the commune's trainings, then team by team.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::place::Place;
use super::plan::Plan;
use super::record::Rec;
use super::rng::Rng;
use super::DemoOptions;
use crate::error::Result;
use crate::kinds;
use crate::records::Writer;

pub(super) struct Gen<'a> {
    pub(super) opts: &'a DemoOptions,
    pub(super) place: &'a Place,
    pub(super) plan: &'a Plan,
    pub(super) today: NaiveDate,
    /// Content and id streams of the part being written.
    pub(super) r: Rng,
    pub(super) idr: Rng,
    /// Decision numbers taken per year with their dates (the clerk's register of
    /// outgoing documents): a later date never has a smaller number.
    pub(super) numbers: BTreeMap<i32, BTreeMap<i64, NaiveDate>>,
    /// Decisions the commune issues in a year, for numbers that follow the calendar.
    pub(super) yearly_decisions: i64,
    pub(super) member_serial: u64,
    pub(super) certificate_serial: u64,
    pub(super) id_key: u64,
    pub(super) trainings: Vec<(String, NaiveDate)>,
    pub(super) unexpected: Vec<String>,
    pub(super) odd_age_members: u64,
    pub(super) odd_age_warnings: u64,
    /// The commune's own record of each programme its teams link to, by kind.
    pub(super) programmes: BTreeMap<&'static str, String>,
}

impl<'a> Gen<'a> {
    pub(super) fn new(opts: &'a DemoOptions, place: &'a Place, plan: &'a Plan) -> Gen<'a> {
        let mut keys = plan.base.fork(3);
        Gen {
            opts,
            place,
            plan,
            today: opts.today,
            r: plan.base.fork(4),
            idr: plan.base.fork(5),
            numbers: BTreeMap::new(),
            yearly_decisions: keys.range(80, 140),
            member_serial: 0,
            certificate_serial: 0,
            id_key: keys.next_u64(),
            trainings: Vec::new(),
            unexpected: Vec::new(),
            odd_age_members: 0,
            odd_age_warnings: 0,
            programmes: BTreeMap::new(),
        }
    }

    pub(super) fn run(&mut self, w: &mut Writer<'_>) -> Result<()> {
        for v in &self.plan.villages {
            let rec = Rec::new()
                .t("name", v.name.clone())
                .t("village_type", v.village_type)
                .n("households", v.households)
                .n("population", v.population);
            let rec = match v.valid_from {
                Some(d) => rec.d("valid_from", d).t(
                    "note",
                    "Thành lập trên cơ sở sáp nhập các thôn, tổ dân phố theo nghị quyết của Hội đồng nhân dân tỉnh.",
                ),
                None => rec,
            };
            let saved = w.create_with_id(&kinds::VILLAGE, Some(v.id.clone()), &rec.0)?;
            for warning in &saved.warnings {
                self.unexpected
                    .push(format!("village {}: {warning}", saved.id));
            }
        }
        for t in &self.plan.trainings {
            let rec = Rec::new()
                .t("title", t.title.clone())
                .t("organiser", t.organiser.clone())
                .d("start_date", t.start)
                .d("end_date", t.end)
                .t("location", t.location.clone())
                .t("content", t.content.clone());
            let id = self.put(w, &kinds::TRAINING, t.start, rec)?;
            self.trainings.push((id, t.start));
        }
        for index in 0..self.plan.teams.len() {
            self.r = self.plan.base.fork(1000 + 2 * index as u64);
            self.idr = self.plan.base.fork(1001 + 2 * index as u64);
            self.team(w, index)?;
        }
        Ok(())
    }
}
