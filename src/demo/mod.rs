//! Realistic synthetic records for one commune: villages, their teams with founding
//! decisions, regulations, members, equipment, funds, trainings, activities,
//! inspections and commendations, for demonstrations, manual testing and benchmarks.
//!
//! - Everything goes through the ordinary validated write path ([`Writer::create_with_id`]),
//!   in one transaction: a failure leaves the database as it was.
//! - Deterministic: the same seed, unit and `today` give the same content and the same
//!   record ids. The generator has its own small PRNG (xoshiro256**, no `rand`), seeded
//!   from the seed and a hash of the unit code, so two communes do not share ids. Each id
//!   is a UUID v7 whose time is the record's own date (the day a decision was signed, a
//!   patrol went out …). The history rows the engine adds by itself (a team's status, a
//!   member's role) take their ids from the writer.
//! - Varied on purpose: some villages have no team, some teams lack a signed decision, a
//!   regulation, contributions or inspections, so the compliance rules find something.
//! - Region-aware: villages are named after the commune's kind and region (tổ dân phố in
//!   wards, thôn in the lowlands, ấp in the south, bản in the northern mountains), and
//!   people after the ethnic groups living there (Kinh, Tày, Thái, Mường, Hmông, Dao).
//! - Bounded memory: teams are written one at a time; only the current team's members
//!   are held, so a run of 1,000 villages × 1,000 members fits in a few megabytes.
//! - Not made: scans of signed decisions and `document` records, which need a file in
//!   the attachment store, out of reach of the batch writer; so rule C1 is at best
//!   partly met.

mod names;
mod rng;
mod texts;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::error::{Error, Result};
use crate::installation::Role;
use crate::kinds::{self, Kind};
use crate::records::{Fields, Writer};
use crate::units::{Level, Unit, UnitSet};
use crate::Store;

use names::{Ethnic, NamePool, Region};
use rng::Rng;
use texts::fill;

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Villages (thôn, bản, tổ dân phố …) in the commune; about 90 % get a team.
    pub villages: usize,
    /// Members of each team: the first is Tổ trưởng, the second Tổ phó.
    pub members_per_team: usize,
    /// Activities of the commune's teams over the twelve months before `today`.
    pub activities: usize,
    pub seed: u64,
    /// The day the data is generated "on": nothing is dated after it (except the
    /// deadline an inspection gives).
    pub today: NaiveDate,
}

impl DemoOptions {
    /// The defaults: 8 villages, 10 members per team, 150 activities, seed 1.
    pub fn new(today: NaiveDate) -> Self {
        DemoOptions {
            villages: 8,
            members_per_team: 10,
            activities: 150,
            seed: 1,
            today,
        }
    }
}

/// Records created, per kind name (every kind of the catalogue, zero included), and in
/// total. Serialises flat: `{"activity": 150, …, "village": 8, "total": 1234}`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DemoCounts {
    #[serde(flatten)]
    pub kinds: BTreeMap<String, u64>,
    pub total: u64,
}

impl DemoCounts {
    pub fn get(&self, kind: &str) -> u64 {
        self.kinds.get(kind).copied().unwrap_or(0)
    }
}

/// Fills the installation's commune with synthetic records (see the module docs).
pub fn generate(store: &mut Store, options: &DemoOptions) -> Result<DemoCounts> {
    generate_with_outcome(store, options).map(|o| o.counts)
}

/// What a run produced, with what the engine said about it (the tests read it all).
#[derive(Debug, Clone)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Outcome {
    pub counts: DemoCounts,
    /// Warnings the engine gave on records that were meant to be clean.
    pub unexpected_warnings: Vec<String>,
    /// Members made too young or too old on purpose, and the warnings they drew.
    pub odd_age_members: u64,
    pub odd_age_warnings: u64,
}

pub(crate) fn generate_with_outcome(store: &mut Store, options: &DemoOptions) -> Result<Outcome> {
    let installation = match store.installation() {
        Ok(i) => i,
        Err(Error::NotInitialised) => {
            return Err(Error::Refused(
                "cơ sở dữ liệu chưa được thiết lập cho một xã; hãy chạy lệnh \"init --role commune --unit MÃ_XÃ\" trước khi tạo dữ liệu mẫu."
                    .into(),
            ))
        }
        Err(e) => return Err(e),
    };
    if installation.role != Role::Commune {
        return Err(Error::Refused(format!(
            "dữ liệu mẫu chỉ tạo được trong tệp dữ liệu của một xã, còn tệp này là của đơn vị tiếp nhận {}; hãy dùng tệp dữ liệu của xã.",
            installation.unit_name
        )));
    }
    if options.villages == 0 {
        return Err(Error::Refused(
            "số thôn, tổ dân phố phải từ 1 trở lên.".into(),
        ));
    }
    let path = crate::units::path(store.conn(), installation.unit_set, &installation.unit_code)?;
    let place = Place::from_path(installation.unit_set, &installation.unit_code, &path)?;
    let plan = Plan::new(options, &place);

    let already: bool = store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM villages WHERE id = ?1)",
        [&plan.villages[0].id],
        |r| r.get(0),
    )?;
    if already {
        return Err(Error::Refused(format!(
            "dữ liệu mẫu với hạt giống {} và ngày {} đã có trong tệp này; hãy chọn hạt giống khác hoặc dùng một tệp dữ liệu mới.",
            options.seed,
            dmy(options.today)
        )));
    }

    let before = count_rows(store)?;
    let mut gen = Gen::new(options, &place, &plan);
    store.write_batch(|w| {
        w.set_today(options.today);
        gen.run(w)
    })?;
    let after = count_rows(store)?;

    let mut counts = DemoCounts::default();
    for kind in kinds::ALL {
        let n = after[kind.name].saturating_sub(before[kind.name]);
        counts.kinds.insert(kind.name.to_string(), n);
        counts.total += n;
    }
    Ok(Outcome {
        counts,
        unexpected_warnings: gen.unexpected,
        odd_age_members: gen.odd_age_members,
        odd_age_warnings: gen.odd_age_warnings,
    })
}

fn count_rows(store: &Store) -> Result<BTreeMap<&'static str, u64>> {
    let mut out = BTreeMap::new();
    for kind in kinds::ALL {
        let n: i64 =
            store
                .conn()
                .query_row(&format!("SELECT count(*) FROM {}", kind.table), [], |r| {
                    r.get(0)
                })?;
        out.insert(kind.name, n as u64);
    }
    Ok(out)
}

// ---- Small helpers ------------------------------------------------------------------

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(d)
    }
}

fn years_before(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(12 * years)).unwrap_or(d)
}

/// A day in `lo..=hi`; `lo` if the range is empty.
fn between(rng: &mut Rng, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
    if hi <= lo {
        return lo;
    }
    plus(lo, rng.below((hi - lo).num_days() as u64 + 1) as i64)
}

/// Money rounded to `step` đồng, in `lo..=hi`.
fn money(rng: &mut Rng, lo: i64, hi: i64, step: i64) -> i64 {
    rng.range(lo / step, hi / step) * step
}

/// A UUID v7 stamped inside office hours (Vietnam time, UTC+7) of `date`, its random
/// bits from `rng`: the same stream gives the same id.
fn make_id(rng: &mut Rng, date: NaiveDate) -> String {
    let midnight = date
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0);
    let ms = midnight - 7 * 3_600_000 + rng.range(27_000_000, 61_200_000);
    uuid::Builder::from_unix_timestamp_millis(ms.max(0) as u64, &rng.bytes10())
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// "Thôn Đông Hòa" → "thôn Đông Hòa" (the common noun is lower case in running text).
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// Field values, built fluently.
struct Rec(Fields);

impl Rec {
    fn new() -> Rec {
        Rec(Map::new())
    }
    fn t(mut self, key: &str, value: impl Into<String>) -> Rec {
        self.0.insert(key.to_string(), Json::String(value.into()));
        self
    }
    fn n(mut self, key: &str, value: i64) -> Rec {
        self.0.insert(key.to_string(), Json::from(value));
        self
    }
    fn b(mut self, key: &str, value: bool) -> Rec {
        self.0.insert(key.to_string(), Json::Bool(value));
        self
    }
    fn d(self, key: &str, value: NaiveDate) -> Rec {
        self.t(key, dmy(value))
    }
    fn t_if(self, cond: bool, key: &str, value: impl FnOnce() -> String) -> Rec {
        if cond {
            self.t(key, value())
        } else {
            self
        }
    }
}

// ---- The commune --------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommuneKind {
    Ward,
    Town,
    Rural,
}

/// The commune and the words that depend on it.
#[derive(Debug, Clone)]
struct Place {
    unit_code: String,
    /// "xã Đông Tiến", for "Công an xã Đông Tiến", "UBND xã Đông Tiến".
    commune: String,
    /// "xã", "phường", "thị trấn", "đặc khu": the level in running text.
    noun: String,
    kind: CommuneKind,
    /// "huyện Mai Sơn" (the 2008–2025 set only: districts were abolished in 2025).
    district: Option<String>,
    /// "tỉnh Sơn La", "thành phố Hà Nội".
    province: String,
    /// The first three digits of the ID numbers of people registered at birth here:
    /// "0" + the province's two-digit code (an old code in both sets).
    id_prefix: String,
    region: Region,
    /// Weights of [`Ethnic::ALL`].
    weights: [u32; 6],
}

impl Place {
    fn from_path(set: UnitSet, code: &str, path: &[Unit]) -> Result<Place> {
        let commune = &path[0];
        let province = path
            .iter()
            .find(|u| u.level == Level::Province)
            .ok_or_else(|| {
                Error::Refused(format!(
                    "không tìm được tỉnh của đơn vị mã {code} trong danh mục."
                ))
            })?;
        let district = path
            .iter()
            .find(|u| u.level == Level::District)
            .map(Unit::in_text);
        let kind = match commune.kind.as_str() {
            "Phường" => CommuneKind::Ward,
            "Thị trấn" => CommuneKind::Town,
            _ => CommuneKind::Rural,
        };
        let mountain = names::mountain_weights(&province.code, set == UnitSet::Y2025);
        let number: u32 = province.code.parse().unwrap_or(1);
        let region = if mountain.is_some() {
            Region::Mountain
        } else if number >= 70 {
            Region::South
        } else if number >= 49 {
            Region::Central
        } else {
            Region::North
        };
        let weights = match mountain {
            // Towns and wards in the mountains are mostly Kinh.
            Some(mut w) if kind != CommuneKind::Rural => {
                w[0] = w[0] * 4 + 40;
                w
            }
            Some(w) => w,
            None => [100, 0, 0, 0, 0, 0],
        };
        Ok(Place {
            unit_code: code.to_string(),
            commune: commune.in_text(),
            noun: commune.kind.to_lowercase(),
            kind,
            district,
            province: province.in_text(),
            id_prefix: format!("0{:0>2}", province.code),
            region,
            weights,
        })
    }

    fn police(&self) -> String {
        format!("Công an {}", self.commune)
    }

    fn people_committee(&self) -> String {
        format!("UBND {}", self.commune)
    }
}

// ---- The plan: what exists before anything is written --------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quality {
    Good,
    Fair,
    Poor,
}

impl Quality {
    fn pick(self, good: u32, fair: u32, poor: u32) -> u32 {
        match self {
            Quality::Good => good,
            Quality::Fair => fair,
            Quality::Poor => poor,
        }
    }
}

#[derive(Debug, Clone)]
struct VillagePlan {
    id: String,
    name: String,
    village_type: &'static str,
    /// "thôn Đông Hòa", "bản Nà Sản", "tổ dân phố số 3".
    text: String,
    dominant: Ethnic,
    households: i64,
    population: i64,
    valid_from: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
struct TeamPlan {
    villages: Vec<usize>,
    new_model: bool,
    quality: Quality,
    active: bool,
    activities: usize,
}

#[derive(Debug, Clone)]
struct TrainingPlan {
    title: String,
    organiser: String,
    start: NaiveDate,
    end: NaiveDate,
    location: String,
    content: String,
}

#[derive(Debug, Clone)]
struct Plan {
    base: Rng,
    villages: Vec<VillagePlan>,
    teams: Vec<TeamPlan>,
    trainings: Vec<TrainingPlan>,
    chair_now: String,
    chair_old: String,
    vice_chair: String,
    /// Members made 17 or 72 years old on purpose: (team, member, age).
    odd_ages: Vec<(usize, usize, u32)>,
}

/// The day the statutory teams could first be founded: the 2023 Law took effect on
/// 1/7/2024.
fn law_2023_start() -> NaiveDate {
    ymd(2024, 7, 1)
}

impl Plan {
    fn new(options: &DemoOptions, place: &Place) -> Plan {
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

        // Two members outside 18–70 on purpose, to exercise the age warnings.
        let mut odd_ages = Vec::new();
        let total = teams.len() * options.members_per_team;
        if options.members_per_team >= 3 && total >= 20 {
            for age in [17u32, 72] {
                let team = r.below(teams.len() as u64) as usize;
                let member = r.range(2, options.members_per_team as i64 - 1) as usize;
                if !odd_ages.iter().any(|(t, m, _)| *t == team && *m == member) {
                    odd_ages.push((team, member, age));
                }
            }
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

// ---- The writer's side --------------------------------------------------------------

struct MemberLite {
    id: String,
    name: String,
    joined: NaiveDate,
    exit: Option<NaiveDate>,
    health: bool,
}

impl MemberLite {
    fn present_on(&self, day: NaiveDate) -> bool {
        self.joined <= day && self.exit.is_none_or(|e| e > day)
    }
}

/// What the team generator knows about the team it is writing.
struct TeamCtx {
    index: usize,
    id: String,
    name: String,
    new_model: bool,
    quality: Quality,
    launch: NaiveDate,
    villages: Vec<usize>,
    /// "thôn Đông Hòa" or "thôn Đông Hòa và thôn Phú Lộc".
    area: String,
    founding_signed: bool,
    regulation_with_duties: bool,
    programmes: usize,
    contributions: usize,
    equipped: bool,
    commendation_dates: Vec<NaiveDate>,
    members: Vec<MemberLite>,
}

struct Gen<'a> {
    opts: &'a DemoOptions,
    place: &'a Place,
    plan: &'a Plan,
    today: NaiveDate,
    /// Content and id streams of the part being written.
    r: Rng,
    idr: Rng,
    /// Decision numbers taken per year (the clerk's register of outgoing documents).
    numbers: BTreeMap<i32, BTreeSet<i64>>,
    /// Decisions the commune issues in a year, for numbers that follow the calendar.
    yearly_decisions: i64,
    member_serial: u64,
    certificate_serial: u64,
    id_key: u64,
    trainings: Vec<(String, NaiveDate)>,
    unexpected: Vec<String>,
    odd_age_members: u64,
    odd_age_warnings: u64,
}

const PHONE_PREFIXES: &[&str] = &[
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039", "088",
    "091", "094", "081", "082", "083", "084", "085", "089", "090", "093", "070", "076", "077",
    "078", "079", "092", "056", "058",
];

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
    fn new(opts: &'a DemoOptions, place: &'a Place, plan: &'a Plan) -> Gen<'a> {
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
        }
    }

    /// Creates one record with a deterministic id dated `date`; warnings are noted as
    /// unexpected (the demo writes clean data, except the deliberate ages).
    fn put(
        &mut self,
        w: &mut Writer<'_>,
        kind: &'static Kind,
        date: NaiveDate,
        rec: Rec,
    ) -> Result<String> {
        let id = make_id(&mut self.idr, date);
        let saved = w.create_with_id(kind, Some(id), &rec.0)?;
        for warning in &saved.warnings {
            self.unexpected
                .push(format!("{} {}: {warning}", kind.name, saved.id));
        }
        Ok(saved.id)
    }

    /// A number from the register of `date`'s year: numbers follow the calendar (about
    /// `yearly_decisions` a year) and are never given twice.
    fn number(&mut self, date: NaiveDate) -> i64 {
        let day = i64::from(date.ordinal0());
        let mut n = 1 + day * self.yearly_decisions / 366 + self.r.range(0, 2);
        let taken = self.numbers.entry(date.year()).or_default();
        while taken.contains(&n) {
            n += 1;
        }
        taken.insert(n);
        n
    }

    fn run(&mut self, w: &mut Writer<'_>) -> Result<()> {
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

    fn team(&mut self, w: &mut Writer<'_>, index: usize) -> Result<()> {
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

    /// The founding decision (and for statutory teams often the decision recognising the
    /// members); returns the founding decision's id and date when signed.
    fn decisions(
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
        let mut rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .t("decision_type", "thanh_lap")
            .t("state", state)
            .t("summary", summary)
            .t("proposer", self.place.police());
        let signed = state != "du_thao";
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
                )
                .t("proposer", self.place.police());
            self.put(w, &kinds::DECISION, day, rec)?;
        }
        Ok(Some((id, date)))
    }

    fn regulation(
        &mut self,
        w: &mut Writer<'_>,
        ctx: &mut TeamCtx,
        founding: Option<(String, NaiveDate)>,
    ) -> Result<()> {
        let q = ctx.quality;
        if !self.r.percent(q.pick(100, 85, 50)) {
            return Ok(());
        }
        let issued = match &founding {
            Some((_, d)) => plus(*d, self.r.range(0, 30)),
            None => plus(ctx.launch, self.r.range(0, 30)),
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
                    )
                    .t("proposer", self.place.police());
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
            let content = fill(
                texts::DUTIES[duty],
                &village,
                &self.place.commune,
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

    fn programmes(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx) -> Result<()> {
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
            let rec = Rec::new()
                .t("team_id", ctx.id.clone())
                .t("programme", code)
                .d("since", since)
                .t("description", text);
            self.put(w, &kinds::PROGRAMME_LINK, since, rec)?;
            ctx.programmes += 1;
        }
        Ok(())
    }

    fn member(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx, j: usize) -> Result<()> {
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

        // Age 20–68, leaders older; a rare 17 or 72 on purpose.
        let age = odd_age.unwrap_or_else(|| {
            let a = 20 + r.below(25) as u32 + r.below(25) as u32;
            if j < 2 {
                a.max(30 + r.below(20) as u32)
            } else {
                a
            }
        });
        let year_only = odd_age.is_none() && r.percent(30);
        let birth_full = plus(years_before(today, age), -r.range(1, 360));
        let birth_year = if year_only {
            today.year() - age as i32
        } else {
            birth_full.year()
        };
        let birth_text = if year_only {
            birth_year.to_string()
        } else {
            dmy(birth_full)
        };

        // Joined with the team, or later as a replacement.
        let joined = if j < 2 || r.percent(70) {
            ctx.launch
        } else {
            between(r, plus(ctx.launch, 30), plus(today, -7)).max(ctx.launch)
        };
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
        let qualification = matches!(education, "trung_cap" | "cao_dang" | "dai_hoc")
            .then(|| r.pick(names::QUALIFICATIONS));

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
        let health_date = if ctx.new_model {
            plus(joined, -r.range(5, 60))
        } else {
            between(r, plus(today, -700), plus(today, -10))
        }
        .min(today);
        let phone = r.percent(if mountain && !male { 70 } else { 93 });
        let phone_number = format!("{}{:07}", r.pick(PHONE_PREFIXES), r.below(10_000_000));
        let doc_type = if r.percent(65) {
            "the_can_cuoc"
        } else {
            "cccd"
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

    fn equipment(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx) -> Result<()> {
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
                if ctx.new_model && self.r.percent(50) {
                    items.push(("trang_phuc_bien_hieu", 1, day, "cong_an_cap"));
                }
            }
            if tools && self.r.percent(80) {
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

    fn attendance(&mut self, w: &mut Writer<'_>, ctx: &TeamCtx) -> Result<()> {
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

    fn funds(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx) -> Result<()> {
        let q = ctx.quality;
        let today = self.today;
        let from = ctx.launch.max(plus(today, -364));
        let commune = self.place.commune.clone();
        let village = ctx.area.clone();
        // (date, income?, source, amount, counterparty, purpose)
        let mut entries: Vec<(NaiveDate, bool, &str, i64, String, String)> = Vec::new();
        if self.r.percent(q.pick(95, 75, 40)) {
            for _ in 0..self.r.range(1, 2) {
                let day = between(&mut self.r, from, today);
                entries.push((
                    day,
                    true,
                    "dong_gop_nhan_dan",
                    money(&mut self.r, 500_000, 5_000_000, 50_000),
                    format!("Nhân dân {village}"),
                    format!("Nhân dân đóng góp quỹ hoạt động của Tổ năm {}", day.year()),
                ));
            }
        }
        for _ in 0..self.r.range(0, i64::from(q.pick(3, 2, 1))) {
            let day = between(&mut self.r, from, today);
            let quarter = (day.month0() / 3) as usize;
            entries.push((
                day,
                true,
                "ngan_sach_xa",
                money(&mut self.r, 1_000_000, 5_000_000, 100_000),
                format!("Ủy ban nhân dân {commune}"),
                format!(
                    "Hỗ trợ kinh phí hoạt động quý {}/{}",
                    ["I", "II", "III", "IV"][quarter],
                    day.year()
                ),
            ));
        }
        if self.r.percent(10) {
            let day = between(&mut self.r, from, today);
            entries.push((
                day,
                true,
                "tai_tro",
                money(&mut self.r, 1_000_000, 5_000_000, 500_000),
                "Doanh nghiệp trên địa bàn".to_string(),
                "Tài trợ mua sắm trang thiết bị tuần tra".to_string(),
            ));
        }
        entries.sort_by_key(|e| e.0);
        // Spending, never more than what came in before it.
        let mut with_spending: Vec<(NaiveDate, bool, &str, i64, String, String)> = Vec::new();
        let mut balance = 0i64;
        let leader = ctx
            .members
            .first()
            .map(|m| m.name.clone())
            .unwrap_or_default();
        let spendings = self.r.range(1, i64::from(q.pick(5, 4, 2)));
        let mut spending_days: Vec<NaiveDate> = (0..spendings)
            .map(|_| between(&mut self.r, from, today))
            .collect();
        spending_days.sort();
        let mut next_spending = spending_days.into_iter().peekable();
        for entry in entries {
            while let Some(day) = next_spending.peek().copied() {
                if day >= entry.0 {
                    break;
                }
                next_spending.next();
                let amount =
                    money(&mut self.r, 200_000, 3_000_000, 10_000).min(balance / 10_000 * 10_000);
                if amount >= 200_000 {
                    balance -= amount;
                    let purpose =
                        fill(self.r.pick(texts::SPENDING), &village, &commune, day.year());
                    with_spending.push((day, false, "", amount, leader.clone(), purpose));
                }
            }
            balance += entry.3;
            with_spending.push(entry);
        }
        for day in next_spending {
            let amount =
                money(&mut self.r, 200_000, 3_000_000, 10_000).min(balance / 10_000 * 10_000);
            if amount >= 200_000 {
                balance -= amount;
                let purpose = fill(self.r.pick(texts::SPENDING), &village, &commune, day.year());
                with_spending.push((day, false, "", amount, leader.clone(), purpose));
            }
        }
        let mut receipts: BTreeMap<i32, u32> = BTreeMap::new();
        let mut payments: BTreeMap<i32, u32> = BTreeMap::new();
        for (day, income, source, amount, counterparty, purpose) in with_spending {
            let register = if income { &mut receipts } else { &mut payments };
            let n = register.entry(day.year()).or_default();
            *n += 1;
            let voucher = format!(
                "{}-{:02}/{}",
                if income { "PT" } else { "PC" },
                n,
                day.year()
            );
            let mut rec = Rec::new()
                .t("team_id", ctx.id.clone())
                .d("entry_date", day)
                .t("direction", if income { "thu" } else { "chi" })
                .n("amount", amount)
                .t("voucher_number", voucher)
                .t("purpose", purpose)
                .b("disclosed", self.r.percent(85));
            if income {
                rec = rec.t("source", source);
                if source == "dong_gop_nhan_dan" {
                    ctx.contributions += 1;
                }
            }
            if !counterparty.is_empty() {
                rec = rec.t("counterparty", counterparty);
            }
            self.put(w, &kinds::FUND_ENTRY, day, rec)?;
        }
        Ok(())
    }

    fn commendations(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx) -> Result<()> {
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
        let mut rec = Rec::new()
            .t("team_id", ctx.id.clone())
            .t("form", form)
            .t("authority", authority)
            .t(
                "decision_number",
                format!("{}/{symbol}", self.r.range(12, 980)),
            )
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

    fn inspections(&mut self, w: &mut Writer<'_>, ctx: &TeamCtx) -> Result<()> {
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

    fn activity(&mut self, w: &mut Writer<'_>, ctx: &TeamCtx) -> Result<()> {
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
