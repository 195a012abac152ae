//! A team's members: who they are (name, age, ID number, schooling, work, unions), when
//! they joined and left, and what the team keeps of them for the parts written after.

use chrono::{Datelike, Months, NaiveDate};

use super::days::{between, dmy, plus, years_before, ymd};
use super::generator::Gen;
use super::names::{self, Ethnic, Region};
use super::place::CommuneKind;
use super::plan::{Plan, Quality};
use super::record::{make_id, Rec};
use super::rng;
use super::teams::TeamCtx;
use super::texts::{self, lower_first};
use crate::error::Result;
use crate::kinds;
use crate::records::Writer;

pub(super) struct MemberLite {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) joined: NaiveDate,
    pub(super) exit: Option<NaiveDate>,
    pub(super) health: bool,
}

impl MemberLite {
    pub(super) fn present_on(&self, day: NaiveDate) -> bool {
        self.joined <= day && self.exit.is_none_or(|e| e > day)
    }
}

const PHONE_PREFIXES: &[&str] = &[
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039", "088",
    "091", "094", "081", "082", "083", "084", "085", "089", "090", "093", "070", "076", "077",
    "078", "079", "092", "056", "058",
];

impl<'a> Gen<'a> {
    pub(super) fn member(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx, j: usize) -> Result<()> {
        let today = self.today;
        let place = self.place;
        let q = ctx.quality;
        let all: &'a Plan = self.plan;
        let odd_age = all
            .odd_ages
            .iter()
            .find(|(t, m, _)| *t == ctx.index && *m == j)
            .map(|(_, _, age)| *age);
        let serial = self.member_serial;
        self.member_serial += 1;
        let r = &mut self.r;

        let role = match j {
            0 => "to_truong",
            1 => "to_pho",
            _ => "to_vien",
        };
        let village_index = ctx.villages[if ctx.villages.len() > 1 {
            r.below(ctx.villages.len() as u64) as usize
        } else {
            0
        }];
        let village = &all.villages[village_index];
        let ethnic = if r.percent(75) {
            village.dominant
        } else {
            names::pick_ethnic(r, &place.weights)
        };
        let male = r.percent(match j {
            0 => 95,
            1 => 85,
            _ => 82,
        });
        let full_name = names::person_name(r, ethnic, male, place.region);

        // Joined with the team (named by the founding decision), or later as a
        // replacement (named as of the day of joining).
        let joined = if j < 2 || r.percent(70) {
            ctx.launch
        } else {
            between(r, plus(ctx.launch, 30), plus(today, -7)).max(ctx.launch)
        };
        let start = if joined == ctx.launch {
            ctx.founded.min(joined)
        } else {
            joined
        };
        // Lawful from the day they are named to today (issue 13): 20–68 on that day and
        // at most 68 + one year's doubt of a year-only birth today; leaders older. The
        // one member over 70 on purpose serves by the Chairman's decision.
        let oldest = 68 - (today.year() - start.year() + 1).clamp(0, 40) as u32;
        let age = {
            let a = 20 + r.below(25) as u32 + r.below(25) as u32;
            if j < 2 {
                a.max(30 + r.below(20) as u32)
            } else {
                a
            }
        }
        .min(oldest);
        let year_only = odd_age.is_none() && r.percent(30);
        let birth_full = match odd_age {
            Some(old) => plus(years_before(today, old), -r.range(1, 360)),
            None => plus(years_before(start, age), -r.range(1, 360)),
        };
        let birth_year = birth_full.year();
        let birth_text = if year_only {
            birth_year.to_string()
        } else {
            dmy(birth_full)
        };
        let age = odd_age.unwrap_or(age);
        let exit = (j >= 2 && r.percent(3))
            .then(|| between(r, plus(joined, 60), plus(today, -1)))
            .filter(|d| *d > joined && *d < today);

        // The ID: province of birth registration, century and sex, year, six digits.
        let century_sex = match (birth_year >= 2000, male) {
            (false, true) => 0,
            (false, false) => 1,
            (true, true) => 2,
            (true, false) => 3,
        };
        let six = rng::permute_million(serial % 1_000_000, self.id_key);
        let id_number = format!(
            "{}{}{:02}{:06}",
            place.id_prefix,
            century_sex,
            birth_year.rem_euclid(100),
            six
        );

        let mountain = place.region == Region::Mountain;
        let education = {
            let table: &[(&str, u32)] = if mountain {
                &[
                    ("tieu_hoc", 26),
                    ("thcs", 42),
                    ("thpt", 26),
                    ("trung_cap", 4),
                    ("dai_hoc", 1),
                    ("chua_tot_nghiep_tieu_hoc", 1),
                ]
            } else if place.kind == CommuneKind::Ward {
                &[
                    ("tieu_hoc", 1),
                    ("thcs", 22),
                    ("thpt", 55),
                    ("trung_cap", 9),
                    ("cao_dang", 6),
                    ("dai_hoc", 7),
                ]
            } else {
                &[
                    ("tieu_hoc", 5),
                    ("thcs", 46),
                    ("thpt", 38),
                    ("trung_cap", 6),
                    ("cao_dang", 2),
                    ("dai_hoc", 3),
                ]
            };
            let e = r.weighted(table);
            if q == Quality::Poor && r.percent(15) {
                "tieu_hoc"
            } else {
                e
            }
        };
        // General education apart from the professional level (schema 13): the trained
        // finished upper secondary school first.
        let (education, professional) = match education {
            "trung_cap" | "cao_dang" | "dai_hoc" => ("thpt", Some(education)),
            general => (general, None),
        };
        let qualification = professional.map(|_| r.pick(names::QUALIFICATIONS));

        let party = age >= 22
            && r.percent(match j {
                0 => 55,
                1 => 35,
                _ => 14,
            });
        let youth = age <= 30 && r.percent(75);
        let mut associations: Vec<&str> = Vec::new();
        let veteran = male && age >= 45 && r.percent(25);
        if veteran {
            associations.push("Hội Cựu chiến binh");
        }
        if !male && r.percent(60) {
            associations.push("Hội Liên hiệp Phụ nữ");
        }
        if place.kind == CommuneKind::Rural && male && r.percent(20) {
            associations.push("Hội Nông dân");
        }
        let occupation = if age >= 60 && place.kind != CommuneKind::Rural && r.percent(50) {
            "Hưu trí"
        } else if veteran && r.percent(40) {
            "Cựu chiến binh"
        } else {
            let table = match (place.kind, place.region) {
                (CommuneKind::Ward, _) => names::OCCUPATIONS_URBAN,
                (_, Region::Mountain) => names::OCCUPATIONS_MOUNTAIN,
                (_, Region::South) => names::OCCUPATIONS_SOUTH,
                _ => names::OCCUPATIONS_RURAL,
            };
            r.weighted(table)
        };
        let head = village.name.split_whitespace().next().unwrap_or("Thôn");
        let posts = match j {
            0 if r.percent(45) => Some(match (ctx.new_model, place.kind) {
                (true, CommuneKind::Rural) => "Nguyên Công an viên bán chuyên trách".to_string(),
                (true, _) => "Nguyên Tổ trưởng Tổ bảo vệ dân phố".to_string(),
                (false, _) => format!("Phó trưởng {}", lower_first(head)),
            }),
            1 if r.percent(30) => Some("Đội trưởng Đội dân phòng".to_string()),
            _ if youth && r.percent(10) => Some("Bí thư Chi đoàn".to_string()),
            _ => None,
        };
        let has_health = r.percent(q.pick(96, 82, 50));
        let first_health_date = if ctx.new_model {
            plus(joined, -r.range(5, 60))
        } else {
            between(r, plus(today, -700), plus(today, -10))
        }
        .min(today);
        // A certificate counts for a year (rule C3): members of a well-kept team renew
        // theirs, some weeks to months ago (a day drawn from the joining day, so the
        // random stream, and every later figure of the demo, stays as it was).
        let renewed = plus(today, -(10 + i64::from(joined.ordinal()) % 300));
        let health_date = if q.pick(1, 1, 0) == 1 && first_health_date < plus(today, -330) {
            renewed.max(first_health_date)
        } else {
            first_health_date
        };
        let phone = r.percent(if mountain && !male { 70 } else { 93 });
        let phone_number = format!("{}{:07}", r.pick(PHONE_PREFIXES), r.below(10_000_000));
        let card = r.percent(65);
        // The document held on the day they were named (domain.md §2.2): the 9-digit
        // CMND before 2016, the CCCD after, the Thẻ căn cước for most from 1/7/2024.
        let (doc_type, id_number) = if start < ymd(2016, 1, 1) {
            let cmnd = format!("{}{}{six:06}", &place.id_prefix[1..], serial % 10);
            ("cmnd", cmnd)
        } else if start >= ymd(2024, 7, 1) && card {
            ("the_can_cuoc", id_number)
        } else {
            ("cccd", id_number)
        };

        let mut rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .t("full_name", full_name.clone())
            .t("role", role)
            .t("birth_date", birth_text)
            .t("sex", if male { "nam" } else { "nu" })
            .t("ethnicity", ethnic.code())
            .t("id_doc_type", doc_type)
            .t("id_number", id_number)
            .t("village_id", village.id.clone())
            .t("education", education)
            .t("occupation", occupation)
            .d("joined_date", joined);
        if let Some(professional) = professional {
            rec = rec.t("professional_level", professional);
        }
        if r.percent(50) {
            rec = rec.t("address", format!("{}, {}", village.name, place.commune));
        }
        if r.percent(55) {
            let since = if r.percent(70) {
                birth_year
            } else {
                r.range(i64::from(birth_year) + 18, i64::from(today.year()) - 2) as i32
            };
            rec = rec.t("residence_since", since.to_string());
        }
        if let Some(qualification) = qualification {
            rec = rec.t("qualification", qualification);
        }
        if party {
            let join_year = r
                .range(i64::from(birth_year) + 20, i64::from(today.year()) - 1)
                .min(i64::from(today.year()));
            rec = rec
                .b("party_member", true)
                .t("party_join_date", join_year.to_string());
            if r.percent(40) {
                rec = rec.t("political_theory", "so_cap");
            }
        } else if r.percent(50) {
            rec = rec.b("party_member", false);
        }
        if youth {
            rec = rec.b("youth_union", true);
        }
        if !associations.is_empty() {
            rec = rec.t("associations", associations.join(", "));
        }
        if let Some(posts) = posts {
            rec = rec.t("posts_held", posts);
        }
        if ethnic == Ethnic::Kinh && r.percent(25) {
            rec = rec.t("religion", r.weighted(names::RELIGIONS_KINH));
        }
        rec = rec.t_if(phone, "phone", || phone_number);
        if has_health {
            rec = rec.d("health_cert_date", health_date);
        }
        if ctx.new_model {
            rec = rec.b("application_complete", r.percent(q.pick(95, 80, 55)));
            if r.percent(q.pick(70, 40, 10)) {
                let cert_date = plus(joined, r.range(10, 60)).min(today);
                self.certificate_serial += 1;
                let serial = self.certificate_serial;
                rec = rec
                    .t("certificate_number", format!("{serial:03}/GCN"))
                    .d("certificate_date", cert_date)
                    .t("badge_number", format!("{}-{serial:04}", place.unit_code));
            }
        }
        if odd_age.is_some() {
            rec = rec.t("age_exception", self.age_exception(birth_full, start));
        }
        let r = &mut self.r;
        if let Some(exit) = exit {
            rec = rec
                .d("exit_date", exit)
                .t("exit_reason", r.pick(texts::EXIT_REASONS));
        }

        let id = make_id(&mut self.idr, joined);
        let saved = w.create_with_id(&kinds::MEMBER, Some(id), &rec.0)?;
        let mut age_warned = false;
        for warning in &saved.warnings {
            if odd_age.is_some() && warning.field == "birth_date" && !age_warned {
                age_warned = true;
                self.odd_age_warnings += 1;
            } else {
                self.unexpected
                    .push(format!("member {} ({full_name}): {warning}", saved.id));
            }
        }
        if odd_age.is_some() {
            self.odd_age_members += 1;
        }
        ctx.members.push(MemberLite {
            id: saved.id,
            name: full_name,
            joined,
            exit,
            health: has_health,
        });
        Ok(())
    }

    /// The Chairman's decision allowing a member over 70 today, dated days before
    /// it is needed (the day after the 70th birthday, or the day they are named if they
    /// were over 70 then) and numbered from the commune's register.
    fn age_exception(&mut self, birth: NaiveDate, start: NaiveDate) -> String {
        let needed = birth
            .checked_add_months(Months::new(12 * 70))
            .map_or(start, |d| plus(d, 1))
            .max(start);
        let date = plus(needed, -self.r.range(3, 30)).min(self.today);
        let number = self.number(date);
        format!(
            "Quyết định số {number}/QĐ-UBND ngày {} của Chủ tịch UBND {}",
            dmy(date),
            self.place.commune
        )
    }
}
