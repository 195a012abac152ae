//! A team's inspection: who inspected, the checks it passed or failed (from what was
//! written before it), the findings, and the deadline and follow-up when something was
//! missing.

use super::days::{between, plus, ymd};
use super::generator::Gen;
use super::record::Rec;
use super::teams::TeamCtx;
use crate::error::Result;
use crate::kinds;
use crate::records::Writer;

impl Gen<'_> {
    pub(super) fn inspections(&mut self, w: &mut Writer<'_>, ctx: &TeamCtx) -> Result<()> {
        if !self.r.percent(ctx.quality.pick(75, 60, 40)) {
            return Ok(());
        }
        let today = self.today;
        let day = between(
            &mut self.r,
            ctx.launch.max(plus(today, -360)),
            plus(today, -5),
        )
        .min(today);
        let place = self.place;
        let unit = match (&place.district, day < ymd(2025, 3, 1), self.r.below(100)) {
            (Some(d), true, 0..=49) => format!("Công an {d}"),
            (_, _, 0..=14) => format!("Công an {}", place.province),
            (_, _, 15..=24) => place.people_committee(),
            _ => place.police(),
        };
        let members = ctx.members.len().max(1);
        let healthy = ctx.members.iter().filter(|m| m.health).count();
        let c3 = healthy * 100 / members >= 80;
        let c8 = ctx.commendation_dates.iter().any(|d| *d <= day);
        let checks = [
            (
                ctx.founding_signed,
                "quyết định thành lập chưa được ký, vào sổ",
            ),
            (true, ""),
            (c3, "thiếu giấy khám sức khỏe của một số thành viên"),
            (
                ctx.regulation_with_duties,
                "chưa có quy chế hoạt động, phân công nhiệm vụ",
            ),
            (
                ctx.programmes > 0,
                "chưa lồng ghép với phong trào ở khu dân cư",
            ),
            (
                ctx.contributions > 0,
                "chưa có sổ theo dõi đóng góp của nhân dân",
            ),
            (
                ctx.equipped,
                "chưa được trang bị trang phục, công cụ hỗ trợ",
            ),
        ];
        let missing: Vec<&str> = checks
            .iter()
            .filter(|(ok, _)| !ok)
            .map(|(_, what)| *what)
            .collect();
        let mut rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .d("inspection_date", day)
            .t("inspecting_unit", unit);
        for (k, (ok, _)) in checks.iter().enumerate() {
            rec = rec.b(&format!("c{}_ok", k + 1), *ok);
        }
        rec = rec.b("c8_ok", c8);
        if missing.is_empty() {
            rec = rec.t(
                "findings",
                "Tổ hoạt động nền nếp; hồ sơ, sổ sách đầy đủ; duy trì tuần tra, tuyên truyền thường xuyên.",
            );
        } else {
            let deadline = plus(day, self.r.range(30, 60));
            rec = rec
                .t(
                    "findings",
                    format!(
                        "Tổ duy trì hoạt động nhưng còn tồn tại: {}.",
                        missing.join("; ")
                    ),
                )
                .t(
                    "recommendations",
                    format!(
                        "Khắc phục các tồn tại nêu trên, báo cáo kết quả về {}.",
                        place.police()
                    ),
                )
                .d("deadline", deadline);
            if deadline < today && self.r.percent(70) {
                rec = rec.t(
                    "follow_up",
                    "Tổ đã bổ sung hồ sơ, khắc phục một phần tồn tại theo kiến nghị.",
                );
            }
        }
        self.put(w, &kinds::INSPECTION, day, rec)?;
        Ok(())
    }
}
