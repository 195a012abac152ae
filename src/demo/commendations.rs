//! A team's commendation, if it earned one: who gave it, for what, and now and then to
//! one of its members.

use chrono::Datelike;

use super::days::{between, plus, years_before, ymd};
use super::generator::Gen;
use super::record::Rec;
use super::teams::TeamCtx;
use super::texts::{self, fill};
use crate::error::Result;
use crate::kinds;
use crate::records::Writer;

impl Gen<'_> {
    pub(super) fn commendations(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx) -> Result<()> {
        if !self.r.percent(ctx.quality.pick(45, 25, 8)) {
            return Ok(());
        }
        let today = self.today;
        let lo = plus(ctx.launch, 150).max(years_before(today, 5));
        if lo > today {
            return Ok(());
        }
        let day = between(&mut self.r, lo, today);
        let place = self.place;
        let (form, authority, symbol) = match self.r.below(100) {
            0..=44 => (
                "giay_khen",
                format!("Chủ tịch UBND {}", place.commune),
                "QĐ-UBND",
            ),
            45..=64 => (
                "giay_khen",
                format!("Giám đốc Công an {}", place.province),
                "QĐ-CAT",
            ),
            65..=79 => match &place.district {
                Some(d) if day < ymd(2025, 7, 1) => {
                    ("giay_khen", format!("Chủ tịch UBND {d}"), "QĐ-UBND")
                }
                _ => (
                    "giay_khen",
                    format!("Chủ tịch UBND {}", place.commune),
                    "QĐ-UBND",
                ),
            },
            80..=91 => (
                "bang_khen",
                format!("Chủ tịch UBND {}", place.province),
                "QĐ-UBND",
            ),
            _ => (
                "thu_khen",
                format!("Chủ tịch UBND {}", place.commune),
                "QĐ-UBND",
            ),
        };
        let achievement = fill(
            self.r.pick(texts::COMMENDATION_ACHIEVEMENTS),
            &ctx.area,
            &place.commune,
            day.year(),
        );
        // The commune's own decisions take their number from its register (in date
        // order); the district's and province's are of other registers.
        let drawn = self.r.range(12, 980);
        let number = if authority == format!("Chủ tịch UBND {}", place.commune) {
            self.number(day)
        } else {
            drawn
        };
        let mut rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .t("form", form)
            .t("authority", authority)
            .t("decision_number", format!("{}/{symbol}", number))
            .d("decision_date", day)
            .t("achievement", achievement);
        if self.r.percent(30) {
            if let Some(m) = ctx.members.iter().find(|m| m.present_on(day)) {
                rec = rec.t("member_id", m.id.clone());
            }
        }
        self.put(w, &kinds::COMMENDATION, day, rec)?;
        ctx.commendation_dates.push(day);
        Ok(())
    }
}
