//! What a team's members took part in: the commune's trainings (attendance), and the
//! team's own activities (patrols, propaganda, mediation, tips …) with who went.

use chrono::Datelike;

use super::days::{between, dmy, plus};
use super::generator::Gen;
use super::names::Region;
use super::place::CommuneKind;
use super::record::Rec;
use super::teams::TeamCtx;
use super::texts::{self, fill};
use crate::error::Result;
use crate::kinds;
use crate::records::Writer;

impl Gen<'_> {
    pub(super) fn attendance(&mut self, w: &mut Writer<'_>, ctx: &TeamCtx) -> Result<()> {
        let rate = ctx.quality.pick(90, 72, 45);
        for m in &ctx.members {
            if !self.r.percent(rate) {
                continue;
            }
            let eligible: Vec<usize> = (0..self.trainings.len())
                .filter(|k| m.present_on(self.trainings[*k].1))
                .collect();
            let mut attended = 0;
            for (n, k) in eligible.iter().enumerate() {
                let last = n + 1 == eligible.len();
                if !(self.r.percent(70) || (last && attended == 0)) {
                    continue;
                }
                attended += 1;
                let (training_id, day) = self.trainings[*k].clone();
                let result = self
                    .r
                    .weighted(&[("dat", 92), ("khong_dat", 3), ("vang", 5)]);
                let rec = Rec::new()
                    .t("training_id", training_id)
                    .t("member_id", m.id.clone())
                    .t("result", result);
                self.put(w, &kinds::TRAINING_ATTENDANCE, day, rec)?;
            }
        }
        Ok(())
    }

    pub(super) fn activity(&mut self, w: &mut Writer<'_>, ctx: &TeamCtx) -> Result<()> {
        let today = self.today;
        let place = self.place;
        let day = between(&mut self.r, ctx.launch.max(plus(today, -364)), today);
        let kind = self.r.weighted(&[
            ("tuan_tra", 50),
            ("tuyen_truyen", 15),
            ("nam_tinh_hinh", 10),
            ("hoa_giai", 9),
            ("tin_bao", 6),
            ("pccc_cnch", 5),
            ("ho_tro_cu_tru", 3),
            ("giao_duc_vi_pham", 2),
        ]);
        let v = ctx.villages[self.r.below(ctx.villages.len() as u64) as usize];
        let village = self.plan.villages[v].text.clone();
        let commune = place.commune.clone();
        let year = day.year();
        let mut rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .t("activity_type", kind)
            .d("activity_date", day);
        let participants: usize;
        match kind {
            "tuan_tra" => {
                let start = self.r.pick(&["20:00", "20:30", "21:00"]);
                let end = self.r.pick(&["22:00", "22:30", "23:00"]);
                let routes = match (place.kind, place.region) {
                    (CommuneKind::Rural, Region::Mountain) => texts::PATROL_ROUTES_MOUNTAIN,
                    (CommuneKind::Rural, _) => texts::PATROL_ROUTES,
                    _ => texts::PATROL_ROUTES_URBAN,
                };
                participants = self.r.range(3, 6) as usize;
                rec = rec
                    .t("start_time", start)
                    .t("end_time", end)
                    .t(
                        "location",
                        fill(self.r.pick(routes), &village, &commune, year),
                    )
                    .t(
                        "content",
                        "Tuần tra ban đêm bảo đảm an ninh, trật tự trên địa bàn.",
                    )
                    .t(
                        "result",
                        fill(
                            self.r.weighted(texts::PATROL_RESULTS),
                            &village,
                            &commune,
                            year,
                        ),
                    );
                if self.r.percent(25) {
                    let with = match self.r.below(3) {
                        0 => place.police(),
                        1 => format!("Dân quân tự vệ {}", place.noun),
                        _ => "Đội dân phòng".to_string(),
                    };
                    rec = rec.t("coordinated_with", with);
                }
            }
            "tuyen_truyen" => {
                let form = self.r.weighted(&[
                    ("hoi_nghi", 35),
                    ("loa", 25),
                    ("to_roi", 10),
                    ("mang_xa_hoi", 20),
                    ("truc_tiep", 10),
                ]);
                let topic = self.r.pick(texts::PROPAGANDA_TOPICS);
                participants = self.r.range(2, 3) as usize;
                rec = rec
                    .t("propaganda_form", form)
                    .t("location", format!("Nhà văn hóa {village}"))
                    .t("content", format!("Tuyên truyền {topic}."));
                if matches!(form, "hoi_nghi" | "truc_tiep") {
                    rec = rec.n("audience", self.r.range(30, 200));
                } else if form == "mang_xa_hoi" {
                    rec = rec.n("audience", self.r.range(80, 400));
                }
            }
            "hoa_giai" => {
                let result = self
                    .r
                    .weighted(&[("thanh", 70), ("khong_thanh", 15), ("chuyen", 15)]);
                participants = self.r.range(2, 3) as usize;
                let dispute = self.r.pick(texts::DISPUTES);
                rec = rec
                    .t("dispute_type", dispute)
                    .t("mediation_result", result)
                    .t("location", village.clone())
                    .t("content", format!("{dispute} tại {village}; Tổ phối hợp Tổ hòa giải vận động các bên thương lượng."))
                    .t(
                        "result",
                        match result {
                            "thanh" => "Các bên thống nhất, ký biên bản hòa giải thành.".to_string(),
                            "khong_thanh" => format!(
                                "Các bên chưa thống nhất; hướng dẫn gửi đơn đến Ủy ban nhân dân {}.",
                                place.commune
                            ),
                            _ => format!("Chuyển Tổ hòa giải và {} giải quyết theo thẩm quyền.", place.police()),
                        },
                    );
            }
            "tin_bao" => {
                let received = self.r.range(6 * 60, 22 * 60);
                let passed = (received + self.r.range(5, 40)).min(23 * 60 + 59);
                let passed = format!("{:02}:{:02} ngày {}", passed / 60, passed % 60, dmy(day));
                participants = 1;
                rec = rec
                    .t("reporter", format!("Người dân {village} (giữ bí mật)"))
                    .t("content", self.r.pick(texts::TIPS))
                    .t("passed_to_police_at", passed)
                    .t(
                        "result",
                        format!(
                            "Đã báo ngay cho {}; Công an {} đã xác minh, xử lý theo quy định.",
                            place.police(),
                            place.noun
                        ),
                    )
                    .t("coordinated_with", place.police());
            }
            "nam_tinh_hinh" => {
                participants = self.r.range(1, 3) as usize;
                rec = rec
                    .t(
                        "content",
                        fill(self.r.pick(texts::SITUATION_WORK), &village, &commune, year),
                    )
                    .t(
                        "result",
                        format!("Đã tổng hợp, báo cáo {}.", place.police()),
                    );
            }
            "pccc_cnch" => {
                participants = self.r.range(3, 8) as usize;
                rec = rec
                    .t(
                        "content",
                        fill(self.r.pick(texts::FIRE_WORK), &village, &commune, year),
                    )
                    .t("location", village.clone())
                    .t("result", "Hoàn thành, không có thiệt hại về người.")
                    .t(
                        "coordinated_with",
                        format!("Đội dân phòng, {}", place.police()),
                    );
            }
            "ho_tro_cu_tru" => {
                participants = self.r.range(1, 3) as usize;
                rec = rec.t(
                    "content",
                    fill(self.r.pick(texts::RESIDENCE_WORK), &village, &commune, year),
                );
            }
            _ => {
                participants = self.r.range(1, 2) as usize;
                rec = rec.t("content", self.r.pick(texts::REEDUCATION_WORK));
            }
        }
        // Who went: members of the team on that day.
        let mut present: Vec<usize> = (0..ctx.members.len())
            .filter(|i| ctx.members[*i].present_on(day))
            .collect();
        let chosen = participants.min(present.len());
        for k in 0..chosen {
            let pick = k + self.r.below((present.len() - k) as u64) as usize;
            present.swap(k, pick);
        }
        if participants > 0 {
            rec = rec.n("participants", participants as i64);
        }
        let activity_id = self.put(w, &kinds::ACTIVITY, day, rec)?;
        for &m in present.iter().take(chosen) {
            let rec = Rec::new()
                .t("activity_id", activity_id.clone())
                .t("member_id", ctx.members[m].id.clone());
            self.put(w, &kinds::ACTIVITY_PARTICIPANT, day, rec)?;
        }
        Ok(())
    }
}
