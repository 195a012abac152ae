//! A team's equipment: uniforms and tools issued to each member (returned when they
//! leave), and the items the team keeps in common.

use chrono::NaiveDate;

use super::days::{between, plus};
use super::generator::Gen;
use super::record::Rec;
use super::teams::TeamCtx;
use crate::error::Result;
use crate::kinds;
use crate::records::Writer;

impl Gen<'_> {
    pub(super) fn equipment(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx) -> Result<()> {
        let q = ctx.quality;
        let today = self.today;
        let uniforms = self.r.percent(q.pick(95, 80, 45));
        let tools = self.r.percent(q.pick(60, 40, 15));
        let uniform_day = if ctx.new_model {
            between(&mut self.r, plus(ctx.launch, 30), plus(ctx.launch, 200))
        } else {
            between(
                &mut self.r,
                ctx.launch.max(plus(today, -730)),
                plus(today, -30),
            )
        }
        .min(today);
        let tool_day = between(
            &mut self.r,
            ctx.launch.max(plus(today, -540)),
            plus(today, -14),
        )
        .min(today);
        let source = if ctx.new_model {
            "ngan_sach"
        } else {
            "dong_gop_nhan_dan"
        };
        for m in 0..ctx.members.len() {
            let (member_id, joined, exit) = {
                let m = &ctx.members[m];
                (m.id.clone(), m.joined, m.exit)
            };
            let mut items: Vec<(&str, i64, NaiveDate, &str)> = Vec::new();
            if uniforms {
                let day = uniform_day.max(plus(joined, 7)).min(today);
                items.push(("trang_phuc_quan_ao", 2, day, source));
                if self.r.percent(60) {
                    items.push(("trang_phuc_mu", 1, day, source));
                }
                // Every member of a well-kept team has the badge rule C7 asks for; the
                // roll is drawn either way, so the stream stays as it was.
                if ctx.new_model && self.r.percent(50) || q.pick(1, 0, 0) == 1 {
                    items.push(("trang_phuc_bien_hieu", 1, day, "cong_an_cap"));
                }
            }
            if tools && (self.r.percent(80) || q.pick(1, 0, 0) == 1) {
                let day = tool_day.max(plus(joined, 7)).min(today);
                items.push(("cong_cu_gay_cao_su", 1, day, "cong_an_cap"));
            }
            for (item, quantity, day, source) in items {
                if exit.is_some_and(|e| e < day) {
                    continue;
                }
                let mut rec = Rec::new()
                    .t("team_id", ctx.id.clone())
                    .t("member_id", member_id.clone())
                    .t("item", item)
                    .n("quantity", quantity)
                    .d("issue_date", day)
                    .t("source", source)
                    .t("condition", if self.r.percent(95) { "tot" } else { "hong" });
                if let Some(exit) = exit {
                    rec = rec
                        .d("returned_date", exit)
                        .t("note", "Thu hồi khi thôi tham gia Tổ.");
                }
                self.put(w, &kinds::EQUIPMENT, day, rec)?;
                ctx.equipped = true;
            }
        }
        // Items the team keeps in common.
        let shared: [(&str, &str, u32, i64, i64); 4] = [
            ("phuong_tien_den_pin", "Đèn pin sạc", 70, 2, 6),
            ("phuong_tien_coi", "Còi", 40, 3, 10),
            ("trang_phuc_ao_mua", "Áo mưa bộ", 30, 3, 10),
            ("phuong_tien_bo_dam", "Bộ đàm cầm tay", 10, 2, 2),
        ];
        for (item, description, percent, lo, hi) in shared {
            if !self.r.percent(percent) {
                continue;
            }
            let day = between(&mut self.r, ctx.launch.max(plus(today, -600)), today);
            let rec = Rec::new()
                .t("team_id", ctx.id.clone())
                .t("item", item)
                .t("description", description)
                .n("quantity", self.r.range(lo, hi))
                .d("issue_date", day)
                .t(
                    "source",
                    self.r.pick(&["ngan_sach", "dong_gop_nhan_dan", "tai_tro"]),
                )
                .t("condition", "tot");
            self.put(w, &kinds::EQUIPMENT, day, rec)?;
            ctx.equipped = true;
        }
        Ok(())
    }
}
