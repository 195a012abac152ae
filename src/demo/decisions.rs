//! A team's founding decision (and the decision recognising its members), its
//! regulation with the duties it lists, and the commune's register of decision numbers.

use chrono::{Datelike, NaiveDate};

use super::days::{plus, ymd};
use super::generator::Gen;
use super::place::Place;
use super::plan::Quality;
use super::record::Rec;
use super::teams::TeamCtx;
use super::texts::{self, fill};
use crate::error::Result;
use crate::kinds;
use crate::records::Writer;

/// The proposing police unit and, when the decision is dated outside the commune's own
/// unit list, the issuing unit of its date.
fn issued_by(rec: Rec, place: &Place, date: NaiveDate) -> Rec {
    let (issuing_unit, police) = place.on(date);
    let rec = rec.t("proposer", police);
    match issuing_unit {
        Some(code) => rec.t("issuing_unit", code),
        None => rec,
    }
}

impl Gen<'_> {
    /// A number from the register of `date`'s year: numbers follow the calendar (about
    /// `yearly_decisions` a year), are never given twice, and keep the register in date
    /// order whatever order the teams are written in: the free number nearest the
    /// calendar's between the last one of an earlier date and the first of a later one.
    /// Only if that gap is closed (three decisions within days of each other, rare) is
    /// the number put after every other of the year; the demo's test would show it.
    pub(super) fn number(&mut self, date: NaiveDate) -> i64 {
        let day = i64::from(date.ordinal0());
        let wanted = 1 + day * self.yearly_decisions / 366 + self.r.range(0, 2);
        let taken = self.numbers.entry(date.year()).or_default();
        let lo = taken
            .iter()
            .filter(|(_, d)| **d < date)
            .map(|(n, _)| *n)
            .max()
            .unwrap_or(0);
        let hi = taken
            .iter()
            .filter(|(_, d)| **d > date)
            .map(|(n, _)| *n)
            .min()
            .unwrap_or(i64::MAX);
        let start = wanted.clamp(lo + 1, hi.saturating_sub(1).max(lo + 1));
        let free = |n: &i64| (lo + 1..hi).contains(n) && !taken.contains_key(n);
        let n = (0..(hi - lo).min(10_000))
            .flat_map(|k| [start + k, start - k])
            .find(free)
            .unwrap_or_else(|| taken.keys().next_back().map_or(1, |m| m + 1));
        taken.insert(n, date);
        n
    }

    /// The founding decision (and for statutory teams often the decision recognising the
    /// members); returns the founding decision's id and date when signed.
    pub(super) fn decisions(
        &mut self,
        w: &mut Writer<'_>,
        ctx: &mut TeamCtx,
        date: NaiveDate,
    ) -> Result<Option<(String, NaiveDate)>> {
        let q = ctx.quality;
        let roll = self.r.below(100);
        let state = match (q, roll) {
            (Quality::Good, 0..=94) => "da_cap_so",
            (Quality::Good, _) => "da_ky",
            (Quality::Fair, 0..=9) => "du_thao",
            (Quality::Fair, 10..=24) => "da_ky",
            (Quality::Fair, _) => "da_cap_so",
            (Quality::Poor, 0..=24) => return Ok(None), // no decision at all
            (Quality::Poor, 25..=54) => "du_thao",
            (Quality::Poor, 55..=69) => "da_ky",
            (Quality::Poor, _) => "da_cap_so",
        };
        let summary = format!("Về việc thành lập {}", ctx.name);
        let signed = state != "du_thao";
        // A draft is printed today; a signed decision names the unit of its own date.
        let (issuing_unit, police) = self.place.on(if signed { date } else { self.today });
        let mut rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .t("decision_type", "thanh_lap")
            .t("state", state)
            .t("summary", summary)
            .t("proposer", police);
        if let Some(code) = issuing_unit {
            rec = rec.t("issuing_unit", code);
        }
        if signed {
            let (authority, signer) = if date >= ymd(2021, 6, 1) {
                if self.r.percent(80) {
                    (
                        if ctx.new_model { "chu_tich" } else { "tm_ubnd" },
                        self.plan.chair_now.clone(),
                    )
                } else {
                    ("kt_chu_tich", self.plan.vice_chair.clone())
                }
            } else {
                (
                    self.r.pick(&["tm_ubnd", "chu_tich"]),
                    self.plan.chair_old.clone(),
                )
            };
            rec = rec
                .d("decision_date", date)
                .t("authority_type", authority)
                .t("signer_name", signer);
        } else {
            let n = &self.place.noun;
            rec = rec.t(
                "note",
                format!("Dự thảo, chờ Công an {n} thẩm định và trình Chủ tịch UBND {n} ký."),
            );
        }
        if state == "da_cap_so" {
            let number = self.number(date);
            rec = rec.n("number", number).t("symbol", "QĐ-UBND");
            // Most numbered decisions have their signed copy scanned; the poorly kept
            // teams' often not.
            let scanned = match q {
                Quality::Good => self.r.percent(90),
                Quality::Fair => self.r.percent(60),
                Quality::Poor => self.r.percent(20),
            };
            if scanned {
                let pdf = texts::sample_scan_pdf(&[
                    "Ban chup mau (du lieu thu nghiem)".to_string(),
                    format!(
                        "Quyet dinh so {number:02}/QD-UBND ngay {}",
                        date.format("%d/%m/%Y")
                    ),
                    format!("Ve viec thanh lap {}", ctx.name),
                ]);
                let scan = w.add_attachment(&pdf)?;
                rec = rec.t("scan_sha256", scan.sha256);
            }
        }
        let id = self.put(w, &kinds::DECISION, date, rec)?;
        ctx.founding_signed = signed;
        if !signed {
            return Ok(None);
        }
        if ctx.new_model && state == "da_cap_so" && self.r.percent(60) {
            let day = plus(date, self.r.range(0, 10)).min(self.today);
            let number = self.number(day);
            let rec = Rec::new()
                .t("team_id", ctx.id.clone())
                .t("decision_type", "cong_nhan_thanh_vien")
                .t("state", "da_cap_so")
                .n("number", number)
                .t("symbol", "QĐ-UBND")
                .d("decision_date", day)
                .t("authority_type", "chu_tich")
                .t("signer_name", self.plan.chair_now.clone())
                .t(
                    "summary",
                    format!("Về việc công nhận thành viên {}", ctx.name),
                );
            let rec = issued_by(rec, self.place, day);
            self.put(w, &kinds::DECISION, day, rec)?;
        }
        Ok(Some((id, date)))
    }

    pub(super) fn regulation(
        &mut self,
        w: &mut Writer<'_>,
        ctx: &mut TeamCtx,
        founding: Option<(String, NaiveDate)>,
    ) -> Result<()> {
        let q = ctx.quality;
        if !self.r.percent(q.pick(100, 85, 50)) {
            return Ok(());
        }
        // Without a signed founding decision the regulation is being written today, beside
        // the draft: its duties name the commune police of today (a draft of 2026 for a
        // 2025 ward must not name the ward of 2024).
        let issued = match &founding {
            Some((_, d)) => plus(*d, self.r.range(0, 30)),
            None => self.today,
        }
        .min(self.today);
        let title = format!("Quy chế hoạt động của {}", ctx.name);
        let mut rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .t("title", title)
            .d("issued_date", issued)
            .t(
                "content",
                "Quy chế gồm 4 chương, 16 điều: quy định chung; tổ chức và nhiệm vụ của Tổ; chế độ sinh hoạt, tuần tra, báo cáo; khen thưởng, kỷ luật và điều khoản thi hành.",
            );
        match (&founding, self.r.below(10)) {
            (Some((id, _)), 0..=4) => rec = rec.t("decision_id", id.clone()),
            (Some(_), 5..=7) => {
                let number = self.number(issued);
                let decision = Rec::new()
                    .t("team_id", ctx.id.clone())
                    .t("decision_type", "ban_hanh_quy_che")
                    .t("state", "da_cap_so")
                    .n("number", number)
                    .t("symbol", "QĐ-UBND")
                    .d("decision_date", issued)
                    .t("authority_type", "chu_tich")
                    .t("signer_name", self.plan.chair_now.clone())
                    .t(
                        "summary",
                        format!("Về việc ban hành Quy chế hoạt động của {}", ctx.name),
                    );
                let decision = issued_by(decision, self.place, issued);
                let id = self.put(w, &kinds::DECISION, issued, decision)?;
                rec = rec.t("decision_id", id);
            }
            _ => {}
        }
        let regulation_id = self.put(w, &kinds::REGULATION, issued, rec)?;
        if q == Quality::Poor && self.r.percent(20) {
            return Ok(()); // a regulation whose duties were never written down
        }
        let wanted = self.r.range(5, 8) as usize;
        let mut chosen: Vec<usize> = (0..6).collect();
        let mut extra: Vec<usize> = (6..texts::DUTIES.len()).collect();
        self.r.shuffle(&mut extra);
        chosen.extend(extra.into_iter().take(wanted.saturating_sub(6)));
        chosen.truncate(wanted);
        chosen.sort_unstable();
        let village = ctx.area.clone();
        for (position, duty) in chosen.into_iter().enumerate() {
            // The regulation names the commune police of its own date.
            let content = fill(
                texts::DUTIES[duty],
                &village,
                self.place.commune_on(issued),
                issued.year(),
            );
            let rec = Rec::new()
                .t("team_id", ctx.id.clone())
                .t("regulation_id", regulation_id.clone())
                .n("position", position as i64 + 1)
                .t("content", content);
            self.put(w, &kinds::DUTY, issued, rec)?;
        }
        ctx.regulation_with_duties = true;
        Ok(())
    }
}
