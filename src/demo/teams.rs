//! One team: its own record and the villages it covers, then its parts in order
//! (decisions, regulation, programmes, members, equipment, training attendance, funds,
//! commendations, inspections, activities); and the programmes it is linked with.

use chrono::{Datelike, NaiveDate};

use super::days::{between, law_2023_start, plus, ymd};
use super::generator::Gen;
use super::members::MemberLite;
use super::place::CommuneKind;
use super::plan::{Plan, Quality, VillagePlan};
use super::record::Rec;
use super::texts;
use crate::error::Result;
use crate::kinds;
use crate::records::Writer;

/// What the team generator knows about the team it is writing.
pub(super) struct TeamCtx {
    pub(super) index: usize,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) new_model: bool,
    pub(super) quality: Quality,
    pub(super) launch: NaiveDate,
    /// The founding decision's date (drawn even when none is recorded): the founding
    /// members must be 18–70 on it.
    pub(super) founded: NaiveDate,
    pub(super) villages: Vec<usize>,
    /// "thôn Đông Hòa" or "thôn Đông Hòa và thôn Phú Lộc".
    pub(super) area: String,
    pub(super) founding_signed: bool,
    pub(super) regulation_with_duties: bool,
    pub(super) programmes: usize,
    pub(super) contributions: usize,
    pub(super) equipped: bool,
    pub(super) commendation_dates: Vec<NaiveDate>,
    pub(super) members: Vec<MemberLite>,
}

const PROGRAMME_TEXT: &[(&str, &str)] = &[
    (
        "nong_thon_moi",
        "Lồng ghép tuần tra, giữ gìn an ninh, trật tự với tiêu chí quốc phòng và an ninh trong xây dựng nông thôn mới.",
    ),
    (
        "doi_song_van_hoa",
        "Gắn hoạt động của Tổ với cuộc vận động xây dựng khu dân cư văn hóa, gia đình văn hóa.",
    ),
    (
        "dan_van_kheo",
        "Tổ được công nhận mô hình \"Dân vận khéo\" về giữ gìn an ninh, trật tự ở khu dân cư.",
    ),
    ("mttq", "Phối hợp Ban công tác Mặt trận vận động nhân dân tham gia phong trào toàn dân bảo vệ an ninh Tổ quốc."),
    ("hoi_cuu_chien_binh", "Hội viên Cựu chiến binh nòng cốt trong tuần tra ban đêm."),
    ("hoi_nong_dan", "Phối hợp Chi hội Nông dân bảo vệ sản xuất, chống trộm cắp nông sản, gia súc."),
    ("hoi_phu_nu", "Phối hợp Chi hội Phụ nữ tuyên truyền phòng, chống bạo lực gia đình."),
    ("doan_thanh_nien", "Đoàn viên thanh niên tham gia tuần tra, tuyên truyền an toàn giao thông."),
];

impl<'a> Gen<'a> {
    pub(super) fn team(&mut self, w: &mut Writer<'_>, index: usize) -> Result<()> {
        let all: &'a Plan = self.plan;
        let plan = &all.teams[index];
        let today = self.today;
        let villages: Vec<&VillagePlan> = plan.villages.iter().map(|i| &all.villages[*i]).collect();
        let area = villages
            .iter()
            .map(|v| v.text.as_str())
            .collect::<Vec<_>>()
            .join(" và ");
        let name = if plan.new_model {
            format!("Tổ bảo vệ an ninh, trật tự {area}")
        } else {
            format!("Tổ xung kích tự quản về an ninh trật tự {area}")
        };
        let r = &mut self.r;
        let decision_date = if plan.new_model {
            between(r, law_2023_start(), ymd(2024, 10, 31).min(plus(today, -45)))
        } else {
            let hi = ymd(2020, 12, 31).min(plus(today, -120));
            between(r, ymd(2014, 3, 1).min(plus(hi, -365)), hi)
        };
        let launch = plus(decision_date, r.range(0, 20)).min(today);
        let status_date = if plan.active {
            launch
        } else {
            between(r, plus(launch, 60).max(plus(today, -300)), plus(today, -20)).min(today)
        };
        let quality = plan.quality;

        let mut rec = Rec::new()
            .t("name", name.clone())
            .t(
                "model_type",
                if plan.new_model {
                    "to_bao_ve_antt"
                } else {
                    "to_xung_kich_tu_quan_antt"
                },
            )
            .t("status", if plan.active { "hoat_dong" } else { "tam_dung" })
            .d("status_date", status_date)
            .d("launch_date", launch);
        rec = match r.below(10) {
            0 => rec.t(
                "base_location",
                format!("Điểm trực an ninh, trật tự đầu {}", villages[0].text),
            ),
            _ => rec.t("base_location", format!("Nhà văn hóa {}", villages[0].text)),
        };
        if launch.year() < today.year() && r.percent(70) {
            let rating = match quality {
                Quality::Good => r.pick(&["tot", "tot", "kha"]),
                Quality::Fair => r.pick(&["kha", "kha", "trung_binh"]),
                Quality::Poor => r.pick(&["trung_binh", "yeu"]),
            };
            rec = rec
                .t("yearly_rating", rating)
                .n("rating_year", i64::from(today.year() - 1));
        }
        if plan.new_model && self.opts.members_per_team <= 1000 && r.percent(60) {
            rec = rec
                .n("min_members", 3)
                .n("max_members", self.opts.members_per_team.max(3) as i64);
        }
        if !plan.active {
            rec = rec.t("note", r.pick(texts::SUSPENSION_NOTES));
        }
        let team_id = self.put(w, &kinds::TEAM, launch, rec)?;
        for v in &villages {
            let rec = Rec::new()
                .t("team_id", team_id.clone())
                .t("village_id", v.id.clone());
            self.put(w, &kinds::TEAM_VILLAGE, launch, rec)?;
        }

        let mut ctx = TeamCtx {
            index,
            id: team_id,
            name,
            new_model: plan.new_model,
            quality,
            launch,
            founded: decision_date,
            villages: plan.villages.clone(),
            area,
            founding_signed: false,
            regulation_with_duties: false,
            programmes: 0,
            contributions: 0,
            equipped: false,
            commendation_dates: Vec::new(),
            members: Vec::with_capacity(self.opts.members_per_team),
        };
        let founding = self.decisions(w, &mut ctx, decision_date)?;
        self.regulation(w, &mut ctx, founding)?;
        self.programmes(w, &mut ctx)?;
        for j in 0..self.opts.members_per_team {
            self.member(w, &mut ctx, j)?;
        }
        self.equipment(w, &mut ctx)?;
        self.attendance(w, &ctx)?;
        self.funds(w, &mut ctx)?;
        self.commendations(w, &mut ctx)?;
        self.inspections(w, &ctx)?;
        let activities = self.plan.teams[index].activities;
        for _ in 0..activities {
            self.activity(w, &ctx)?;
        }
        Ok(())
    }

    /// The commune's record of programme `code`, made the first time a team links to it
    /// (running since 2014, led by the body that leads it in a commune). Nothing is drawn
    /// from the content stream, so every other record of a seed stays as it was.
    fn commune_programme(&mut self, w: &mut Writer<'_>, code: &'static str) -> Result<String> {
        if let Some(id) = self.programmes.get(code) {
            return Ok(id.clone());
        }
        let commune = self.place.commune.clone();
        let lead = match code {
            "nong_thon_moi" => format!("Ban Chỉ đạo xây dựng nông thôn mới {commune}"),
            "doi_song_van_hoa" | "mttq" => format!("Ủy ban Mặt trận Tổ quốc Việt Nam {commune}"),
            "dan_van_kheo" => format!("Đảng ủy {commune}"),
            "hoi_cuu_chien_binh" => format!("Hội Cựu chiến binh {commune}"),
            "hoi_nong_dan" => format!("Hội Nông dân {commune}"),
            "hoi_phu_nu" => format!("Hội Liên hiệp Phụ nữ {commune}"),
            "doan_thanh_nien" => format!("Đoàn Thanh niên {commune}"),
            _ => format!("Ủy ban nhân dân {commune}"),
        };
        let start = ymd(2014, 1, 1);
        let label = crate::kinds::choice_label(crate::kinds::PROGRAMMES, code);
        // A mass organisation's programme is its self-managed model.
        let name = match code {
            "mttq" | "hoi_cuu_chien_binh" | "hoi_nong_dan" | "hoi_phu_nu" | "doan_thanh_nien" => {
                format!("Mô hình tự quản về an ninh, trật tự của {label} {commune}")
            }
            _ => format!("{label} trên địa bàn {commune}"),
        };
        let rec = Rec::new()
            .t("programme", code)
            .t("name", name)
            .t("lead_organisation", lead)
            .d("start_date", start);
        let id = self.put(w, &kinds::PROGRAMME, start, rec)?;
        self.programmes.insert(code, id.clone());
        Ok(id)
    }

    pub(super) fn programmes(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx) -> Result<()> {
        let q = ctx.quality;
        let n = match q {
            Quality::Good => self.r.range(1, 4),
            Quality::Fair if self.r.percent(15) => 0,
            Quality::Fair => self.r.range(1, 3),
            Quality::Poor if self.r.percent(45) => 0,
            Quality::Poor => self.r.range(1, 2),
        } as usize;
        let mut options: Vec<usize> = (0..PROGRAMME_TEXT.len())
            .filter(|i| match PROGRAMME_TEXT[*i].0 {
                // Wards and towns build no "nông thôn mới"; wards have no farmers' union.
                "nong_thon_moi" => self.place.kind == CommuneKind::Rural,
                "hoi_nong_dan" => self.place.kind != CommuneKind::Ward,
                _ => true,
            })
            .collect();
        self.r.shuffle(&mut options);
        for i in options.into_iter().take(n) {
            let (code, text) = PROGRAMME_TEXT[i];
            let since = plus(ctx.launch, self.r.range(0, 120)).min(self.today);
            let programme = self.commune_programme(w, code)?;
            let mut rec = Rec::new()
                .t("team_id", ctx.id.clone())
                .t("programme", code)
                .d("since", since)
                .t("description", text)
                .t("programme_id", programme);
            if let Some(duty) = programme_duty(code) {
                rec = rec.t("duty", duty);
            }
            self.put(w, &kinds::PROGRAMME_LINK, since, rec)?;
            ctx.programmes += 1;
        }
        Ok(())
    }
}

/// The duty a programme of this kind asks of a team in the demo: the cultural
/// programmes and "Dân vận khéo" both ask for propaganda, so a team linked to two of
/// them shows the overlap the dashboard warns of.
fn programme_duty(code: &str) -> Option<&'static str> {
    Some(match code {
        "nong_thon_moi" | "hoi_cuu_chien_binh" => "tuan_tra",
        "doi_song_van_hoa" | "dan_van_kheo" | "hoi_nong_dan" | "doan_thanh_nien" => "tuyen_truyen",
        "mttq" | "hoi_phu_nu" => "hoa_giai",
        _ => return None,
    })
}
