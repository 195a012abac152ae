//! The plan: what exists before anything is written (the officials who sign, the
//! villages, which teams cover them and how well each is kept, the commune's trainings,
//! how the activities are shared out, the members made too young or too old on purpose).

use chrono::{Datelike, NaiveDate};

use super::days::{between, law_2023_start, plus, ymd};
use super::names::{self, Ethnic, NamePool, Region};
use super::place::{CommuneKind, Place};
use super::record::make_id;
use super::rng::{self, Rng};
use super::texts::lower_first;
use super::DemoOptions;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quality {
    Good,
    Fair,
    Poor,
}

impl Quality {
    pub(super) fn pick(self, good: u32, fair: u32, poor: u32) -> u32 {
        match self {
            Quality::Good => good,
            Quality::Fair => fair,
            Quality::Poor => poor,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct VillagePlan {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) village_type: &'static str,
    /// "thôn Đông Hòa", "bản Nà Sản", "tổ dân phố số 3".
    pub(super) text: String,
    pub(super) dominant: Ethnic,
    pub(super) households: i64,
    pub(super) population: i64,
    pub(super) valid_from: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub(super) struct TeamPlan {
    pub(super) villages: Vec<usize>,
    pub(super) new_model: bool,
    pub(super) quality: Quality,
    pub(super) active: bool,
    pub(super) activities: usize,
}

#[derive(Debug, Clone)]
pub(super) struct TrainingPlan {
    pub(super) title: String,
    pub(super) organiser: String,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) location: String,
    pub(super) content: String,
}

#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub(super) base: Rng,
    pub(super) villages: Vec<VillagePlan>,
    pub(super) teams: Vec<TeamPlan>,
    pub(super) trainings: Vec<TrainingPlan>,
    pub(super) chair_now: String,
    pub(super) chair_old: String,
    pub(super) vice_chair: String,
    /// Members made 17 or 72 years old on purpose: (team, member, age).
    pub(super) odd_ages: Vec<(usize, usize, u32)>,
}

impl Plan {
    pub(super) fn new(options: &DemoOptions, place: &Place) -> Plan {
        let base = Rng::new(options.seed ^ rng::fnv1a(place.unit_code.as_bytes()).rotate_left(29));
        let mut r = base.fork(1);
        let mut idr = base.fork(2);
        let today = options.today;

        // Officials who sign.
        let official = |r: &mut Rng| {
            let ethnic = names::pick_ethnic(r, &place.weights);
            let male = r.percent(88);
            names::person_name(r, ethnic, male, place.region)
        };
        let chair_now = official(&mut r);
        let chair_old = official(&mut r);
        let vice_chair = official(&mut r);

        // Villages.
        let numbered = r.percent(40);
        let mut kinh_pool = NamePool::new(&mut r, names::KINH_VILLAGES);
        let mut valley_pool = NamePool::new(&mut r, names::VALLEY_VILLAGES);
        let mut highland_pool = NamePool::new(&mut r, names::HIGHLAND_VILLAGES);
        let mut south_pool = NamePool::new(&mut r, names::SOUTH_VILLAGES);
        let mut villages = Vec::with_capacity(options.villages);
        for i in 0..options.villages {
            let n = i + 1;
            let dominant = if place.region == Region::Mountain && place.kind == CommuneKind::Rural {
                names::pick_ethnic(&mut r, &place.weights)
            } else {
                Ethnic::Kinh
            };
            let (name, village_type) = match (place.kind, place.region) {
                (CommuneKind::Ward, Region::South) | (CommuneKind::Town, Region::South) => {
                    (format!("Khu phố {n}"), "khu_pho")
                }
                (CommuneKind::Ward, _) => (format!("Tổ dân phố số {n}"), "to_dan_pho"),
                (CommuneKind::Town, Region::Mountain) => (format!("Tiểu khu {n}"), "tieu_khu"),
                (CommuneKind::Town, _) => (format!("Tổ dân phố số {n}"), "to_dan_pho"),
                (CommuneKind::Rural, Region::South) if numbered => (format!("Ấp {n}"), "ap"),
                (CommuneKind::Rural, Region::South) => (format!("Ấp {}", south_pool.take()), "ap"),
                (CommuneKind::Rural, Region::Mountain) => match dominant {
                    Ethnic::Kinh => (format!("Thôn {}", kinh_pool.take()), "thon"),
                    Ethnic::Mong => (format!("Bản {}", highland_pool.take()), "ban"),
                    Ethnic::Dao if r.percent(50) => {
                        (format!("Bản {}", highland_pool.take()), "ban")
                    }
                    _ => (format!("Bản {}", valley_pool.take()), "ban"),
                },
                (CommuneKind::Rural, _) if numbered => (format!("Thôn {n}"), "thon"),
                (CommuneKind::Rural, _) => (format!("Thôn {}", kinh_pool.take()), "thon"),
            };
            let households = match (place.kind, place.region) {
                (CommuneKind::Ward, _) => r.range(150, 450),
                (CommuneKind::Town, _) => r.range(100, 350),
                (_, Region::Mountain) => r.range(35, 160),
                _ => r.range(90, 380),
            };
            let per_household = if place.region == Region::Mountain {
                r.range(45, 56)
            } else {
                r.range(34, 42)
            };
            // Some villages were formed by the mergers of 2019–2020.
            let valid_from = r
                .percent(20)
                .then(|| between(&mut r, ymd(2019, 6, 1), ymd(2020, 12, 31)).min(today));
            let id = make_id(
                &mut idr,
                valid_from.unwrap_or_else(|| ymd(2019, 1, 2).min(today)),
            );
            villages.push(VillagePlan {
                id,
                text: lower_first(&name),
                name,
                village_type,
                dominant,
                households,
                population: households * per_household / 10,
                valid_from,
            });
        }

        // Teams: one per village, a few covering two, some villages left without.
        let statutory_possible = today >= plus(law_2023_start(), 45);
        let mut teams: Vec<TeamPlan> = Vec::new();
        let mut uncovered = 0;
        let count = villages.len();
        let mut i = 0;
        while i < count {
            if count >= 4 && r.percent(9) {
                uncovered += 1;
                i += 1;
                continue;
            }
            let mut covers = vec![i];
            if i + 1 < count && r.percent(8) {
                covers.push(i + 1);
            }
            i += covers.len();
            let quality = r.weighted(&[
                (Quality::Good, 45),
                (Quality::Fair, 35),
                (Quality::Poor, 20),
            ]);
            teams.push(TeamPlan {
                villages: covers,
                new_model: statutory_possible && r.percent(80),
                quality,
                active: true,
                activities: 0,
            });
        }
        if count >= 5 && uncovered == 0 {
            // Leave one village without a team, so the report has one to show.
            if let Some(pos) = teams.iter().rposition(|t| t.villages.len() == 1) {
                teams.remove(pos);
            }
        }
        if teams.is_empty() {
            teams.push(TeamPlan {
                villages: vec![0],
                new_model: statutory_possible,
                quality: Quality::Good,
                active: true,
                activities: 0,
            });
        }
        if teams.len() >= 4 {
            for team in teams.iter_mut().skip(1) {
                if r.percent(5) {
                    team.active = false;
                }
            }
        }

        // Activities go to active teams, more to the better kept ones.
        let weights: Vec<u32> = teams
            .iter()
            .map(|t| {
                if t.active {
                    t.quality.pick(6, 4, 1) * r.range(1, 3) as u32
                } else {
                    0
                }
            })
            .collect();
        if weights.iter().any(|w| *w > 0) {
            for _ in 0..options.activities {
                let t = r.weighted_index(&weights);
                teams[t].activities += 1;
            }
        }

        // Commune trainings over the last year.
        let mut trainings = Vec::new();
        let windows = [(-350, -250), (-200, -100), (-80, -10)];
        let how_many = 2 + r.percent(50) as usize;
        for (k, (lo, hi)) in windows.iter().take(how_many).enumerate() {
            let start = between(&mut r, plus(today, *lo), plus(today, *hi));
            let end = plus(start, r.range(0, 2)).min(today);
            let statutory = start >= ymd(2024, 7, 1);
            let title = match k {
                0 if statutory => format!(
                    "Tập huấn nghiệp vụ cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở năm {}",
                    start.year()
                ),
                0 => format!("Tập huấn nghiệp vụ cho Tổ xung kích tự quản về an ninh trật tự năm {}", start.year()),
                1 => "Huấn luyện sử dụng công cụ hỗ trợ và kỹ năng tuần tra, kiểm soát".to_string(),
                _ => "Tập huấn kỹ năng phòng cháy, chữa cháy và cứu nạn, cứu hộ".to_string(),
            };
            let organiser = match (&place.district, start < ymd(2025, 3, 1), r.below(100)) {
                (Some(d), true, 0..=39) => format!("Công an {d}"),
                (_, _, 0..=34) => format!("Công an {}", place.province),
                _ => place.police(),
            };
            let location = format!("Hội trường Ủy ban nhân dân {}", place.commune);
            let content = match k {
                0 => format!(
                    "Chức năng, nhiệm vụ, quyền hạn của lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở; kỹ năng nắm tình hình, tiếp nhận tin báo; quy trình phối hợp với Công an {}.",
                    place.noun
                ),
                1 => "Quy định về quản lý, sử dụng công cụ hỗ trợ; kỹ năng tuần tra, kiểm soát ban đêm; võ thuật tự vệ cơ bản.".to_string(),
                _ => "Kiến thức cơ bản về phòng cháy, chữa cháy; sử dụng bình chữa cháy; sơ cứu người bị nạn; thực hành phương án chữa cháy tại khu dân cư.".to_string(),
            };
            trainings.push(TrainingPlan {
                title,
                organiser,
                start,
                end,
                location,
                content,
            });
        }

        // A member over 70 today, serving by the Chairman's decision (recorded as
        // age_exception): the lawful exception the law allows. No minor: the demo makes
        // only lawful teams (issue 13).
        let mut odd_ages = Vec::new();
        let total = teams.len() * options.members_per_team;
        if options.members_per_team >= 3 && total >= 20 {
            let team = r.below(teams.len() as u64) as usize;
            let member = r.range(2, options.members_per_team as i64 - 1) as usize;
            odd_ages.push((team, member, 72u32));
        }

        Plan {
            base,
            villages,
            teams,
            trainings,
            chair_now,
            chair_old,
            vice_chair,
            odd_ages,
        }
    }
}
