//! A team's commendation, if it earned one: who gave it, for what, and now and then to
//! one of its members; a commendation from above the commune follows the commune's
//! proposal (tờ trình), and some teams have a proposal still waiting for a decision.
//!
//! The proposals draw nothing from the generator's random stream (their days and numbers
//! follow from the commendation, or from the team's id), so adding them left every other
//! record of a seed as it was.

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
        self.commendation(w, ctx)?;
        self.pending_proposal(w, ctx)
    }

    /// One team in four (by its id) has a proposal sent 20 days ago and not decided.
    fn pending_proposal(&mut self, w: &mut Writer<'_>, ctx: &TeamCtx) -> Result<()> {
        let day = plus(self.today, -20);
        if ctx.id.bytes().map(u32::from).sum::<u32>() % 4 != 0 || day < plus(ctx.launch, 180) {
            return Ok(());
        }
        let place = self.place;
        let rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .d("proposal_date", day)
            .t("proposed_by", format!("UBND {}", place.commune))
            .t("form", "giay_khen")
            .t("authority", format!("Giám đốc Công an {}", place.province))
            .t("document_number", format!("{}/TTr-UBND", day.ordinal()))
            .t(
                "achievement",
                format!(
                    "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc năm {} trên địa bàn {}",
                    day.year(),
                    ctx.area
                ),
            );
        self.put(w, &kinds::COMMENDATION_PROPOSAL, day, rec)?;
        Ok(())
    }

    fn commendation(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx) -> Result<()> {
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
        let authority_is_commune = authority == format!("Chủ tịch UBND {}", place.commune);
        let number = if authority_is_commune {
            self.number(day)
        } else {
            drawn
        };
        let (authority_text, achievement_text) = (authority.clone(), achievement.clone());
        let mut rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .t("form", form)
            .t("authority", authority)
            .t("decision_number", format!("{}/{symbol}", number))
            .d("decision_date", day)
            .t("achievement", achievement);
        let mut member = None;
        if self.r.percent(30) {
            if let Some(m) = ctx.members.iter().find(|m| m.present_on(day)) {
                rec = rec.t("member_id", m.id.clone());
                member = Some(m.id.clone());
            }
        }
        // Above the commune, a commendation answers the commune's proposal of a month
        // before.
        if !authority_is_commune {
            let proposed = plus(day, -30);
            let mut proposal = Rec::new()
                .t("team_id", ctx.id.clone())
                .d("proposal_date", proposed)
                .t("proposed_by", format!("UBND {}", place.commune))
                .t("form", form)
                .t("authority", authority_text.clone())
                .t(
                    "document_number",
                    format!("{}/TTr-UBND", proposed.ordinal()),
                )
                .t("achievement", achievement_text.clone());
            if let Some(m) = member {
                proposal = proposal.t("member_id", m);
            }
            let id = self.put(w, &kinds::COMMENDATION_PROPOSAL, proposed, proposal)?;
            rec = rec.t("proposal_id", id);
        }
        self.put(w, &kinds::COMMENDATION, day, rec)?;
        ctx.commendation_dates.push(day);
        Ok(())
    }
}
