//! The movement's results over a period — the figures a sơ kết report is made of:
//! activities by type (patrols and their hours, mediations and their outcome, tips
//! passed to the police, propaganda sessions and their audience), money received and
//! spent with the balance, equipment issued and returned, trainings and attendance,
//! commendations, inspections and the communes' reports on them.
//!
//! Counted per team with one grouped read per table, then summed per commune and for
//! the whole report. Trainings are counted once however many teams sent people, so a
//! commune's or the totals' number of trainings is not the sum of its teams'.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveTime;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::period::Period;
use crate::dates::iso;
use crate::error::Result;
use crate::kinds::{ACTIVITY_TYPES, MEDIATION_RESULTS};

/// One team's, one commune's or the whole report's results in a period. Money is in
/// whole đồng.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Results {
    /// Activity type code → activities recorded in the period (every type, zeros too).
    pub activities: BTreeMap<String, u64>,
    /// Minutes on patrol, from the patrols with both times written (a patrol that ends
    /// before it starts ran past midnight).
    pub patrol_minutes: u64,
    /// Patrols with no start or end time, so not in `patrol_minutes`.
    pub patrols_without_times: u64,
    /// Mediation outcome code → mediations (only those whose outcome is written).
    pub mediations: BTreeMap<String, u64>,
    /// Tips received that were passed on to the commune police (the time written).
    pub tips_passed_to_police: u64,
    /// People who attended the propaganda sessions.
    pub propaganda_audience: u64,
    /// Money received in the period, every source.
    pub contributions: i64,
    /// Of it, by source code (`dong_gop_nhan_dan` is the people's voluntary contribution,
    /// `tai_tro` sponsors and organisations); an entry with no source is under `khac`.
    pub contributions_by_source: BTreeMap<String, i64>,
    /// Money spent in the period.
    pub spending: i64,
    /// Received minus spent, from the first entry up to the period's last day.
    pub balance: i64,
    /// Items issued in the period (quantities summed), and returned.
    pub equipment_issued: u64,
    pub equipment_returned: u64,
    /// Trainings that began in the period and that members attended (not absent).
    pub trainings: u64,
    /// Members' attendances at those trainings.
    pub attendances: u64,
    /// Commendations decided in the period.
    pub commendations: u64,
    /// Proposals to commend made in the period, and of them those granted since (a
    /// commendation names them).
    pub proposals: u64,
    pub proposals_granted: u64,
    /// Inspections made in the period, and the communes' reports on what they did.
    pub inspections: u64,
    pub follow_ups: u64,
    /// The figures of [`RESULT_COLUMNS`], in their order: what a table shows.
    pub figures: Vec<i64>,
}

/// A column of the results tables (the window's, the workbook's, the command line's).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ResultColumn {
    pub key: &'static str,
    pub title: &'static str,
    /// Whole đồng (shown with thousands separators, summed as money).
    pub money: bool,
    #[serde(skip)]
    figure: fn(&Results) -> i64,
}

const fn column(
    key: &'static str,
    title: &'static str,
    figure: fn(&Results) -> i64,
) -> ResultColumn {
    ResultColumn {
        key,
        title,
        money: false,
        figure,
    }
}

const fn money(
    key: &'static str,
    title: &'static str,
    figure: fn(&Results) -> i64,
) -> ResultColumn {
    ResultColumn {
        key,
        title,
        money: true,
        figure,
    }
}

fn n(x: u64) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}

fn of_type(r: &Results, code: &str) -> i64 {
    n(r.activities.get(code).copied().unwrap_or(0))
}

/// The columns of a results table, in the order a sơ kết report lists them.
pub static RESULT_COLUMNS: &[ResultColumn] = &[
    column("activities", "Hoạt động", |r| {
        n(r.activities.values().sum())
    }),
    column("patrols", "Tuần tra, canh gác (lượt)", |r| {
        of_type(r, "tuan_tra")
    }),
    column("patrol_hours", "Giờ tuần tra", |r| {
        n((r.patrol_minutes + 30) / 60)
    }),
    column("mediations", "Hòa giải", |r| of_type(r, "hoa_giai")),
    column("mediations_settled", "Hòa giải thành", |r| {
        n(r.mediations.get("thanh").copied().unwrap_or(0))
    }),
    column("tips", "Tin báo, tố giác", |r| of_type(r, "tin_bao")),
    column("tips_passed", "Đã chuyển Công an", |r| {
        n(r.tips_passed_to_police)
    }),
    column("propaganda", "Buổi tuyên truyền", |r| {
        of_type(r, "tuyen_truyen")
    }),
    column("audience", "Lượt người nghe", |r| {
        n(r.propaganda_audience)
    }),
    money("contributions", "Thu (đồng)", |r| r.contributions),
    money("from_people", "Nhân dân đóng góp (đồng)", |r| {
        r.contributions_by_source
            .get("dong_gop_nhan_dan")
            .copied()
            .unwrap_or(0)
    }),
    money("spending", "Chi (đồng)", |r| r.spending),
    money("balance", "Tồn quỹ cuối kỳ (đồng)", |r| {
        r.balance
    }),
    column("equipment_issued", "Trang bị cấp", |r| {
        n(r.equipment_issued)
    }),
    column("equipment_returned", "Trang bị thu hồi", |r| {
        n(r.equipment_returned)
    }),
    column("trainings", "Lớp tập huấn", |r| n(r.trainings)),
    column("attendances", "Lượt dự tập huấn", |r| {
        n(r.attendances)
    }),
    column("commendations", "Khen thưởng", |r| n(r.commendations)),
    column("proposals", "Đề nghị khen thưởng", |r| {
        n(r.proposals)
    }),
    column("inspections", "Lần kiểm tra", |r| n(r.inspections)),
    column("follow_ups", "Báo cáo khắc phục", |r| n(r.follow_ups)),
];

impl Results {
    fn empty() -> Results {
        Results {
            activities: ACTIVITY_TYPES
                .iter()
                .map(|(code, _)| (code.to_string(), 0))
                .collect(),
            mediations: MEDIATION_RESULTS
                .iter()
                .map(|(code, _)| (code.to_string(), 0))
                .collect(),
            ..Results::default()
        }
    }

    /// Whether anything at all was recorded (a period with no data shows no "0" beside
    /// a real figure).
    pub fn is_empty(&self) -> bool {
        let mut blank = Results::empty();
        blank.figures = RESULT_COLUMNS.iter().map(|c| (c.figure)(&blank)).collect();
        *self == blank || *self == Results::empty()
    }
}

/// Results being summed, with the trainings kept by id until the end.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    results: Results,
    trainings: HashSet<String>,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            results: Results::empty(),
            trainings: HashSet::new(),
        }
    }
}

impl Tally {
    pub(crate) fn add(&mut self, other: &Tally) {
        let (r, o) = (&mut self.results, &other.results);
        for (code, n) in &o.activities {
            *r.activities.entry(code.clone()).or_default() += n;
        }
        for (code, n) in &o.mediations {
            *r.mediations.entry(code.clone()).or_default() += n;
        }
        for (code, n) in &o.contributions_by_source {
            *r.contributions_by_source.entry(code.clone()).or_default() += n;
        }
        r.patrol_minutes += o.patrol_minutes;
        r.patrols_without_times += o.patrols_without_times;
        r.tips_passed_to_police += o.tips_passed_to_police;
        r.propaganda_audience += o.propaganda_audience;
        r.contributions += o.contributions;
        r.spending += o.spending;
        r.balance += o.balance;
        r.equipment_issued += o.equipment_issued;
        r.equipment_returned += o.equipment_returned;
        r.attendances += o.attendances;
        r.commendations += o.commendations;
        r.proposals += o.proposals;
        r.proposals_granted += o.proposals_granted;
        r.inspections += o.inspections;
        r.follow_ups += o.follow_ups;
        self.trainings.extend(other.trainings.iter().cloned());
    }

    pub(crate) fn finish(&self) -> Results {
        let mut r = self.results.clone();
        r.trainings = self.trainings.len() as u64;
        r.figures = RESULT_COLUMNS.iter().map(|c| (c.figure)(&r)).collect();
        r
    }
}

/// Minutes from `start` to `end` (`HH:MM`), past midnight when `end` is earlier; `None`
/// for a time that does not read.
fn minutes(start: &str, end: &str) -> Option<u64> {
    let s = NaiveTime::parse_from_str(start, "%H:%M").ok()?;
    let e = NaiveTime::parse_from_str(end, "%H:%M").ok()?;
    let mut m = (e - s).num_minutes();
    if m < 0 {
        m += 24 * 60;
    }
    Some(m as u64)
}

fn count(n: i64) -> u64 {
    n.max(0) as u64
}

fn slot(tallies: &mut HashMap<String, Tally>, team: String) -> &mut Tally {
    tallies.entry(team).or_default()
}

/// Which count of a [`Results`] a grouped `count(*)` goes to.
type Counter = fn(&mut Results) -> &mut u64;

/// Runs `sql` with the period's first and last days as `?1` and `?2` and hands each
/// row to `apply`.
fn each_row<T>(
    conn: &Connection,
    sql: &str,
    days: (&str, &str),
    read: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    mut apply: impl FnMut(T),
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    for row in stmt.query_map(params![days.0, days.1], |r| read(r))? {
        apply(row?);
    }
    Ok(())
}

/// Every live team's results in `period`, by team id (teams with nothing recorded are
/// absent: their results are [`Tally::default`]).
///
/// The reads scan their table once (`NOT INDEXED`): SQLite would otherwise walk the
/// `(team_id, change)` index for the GROUP BY and fetch each row from it, five times
/// slower on the 168-commune province (393 against 76 ms for the activities); the
/// attendances start from the period's few trainings (`CROSS JOIN` fixes that order)
/// rather than from every attendance (docs/benchmarks.md).
pub(crate) fn by_team(conn: &Connection, period: &Period) -> Result<HashMap<String, Tally>> {
    let (from, to) = (iso(period.from), iso(period.to));
    let days = (from.as_str(), to.as_str());
    let mut tallies: HashMap<String, Tally> = HashMap::new();

    // Activities by type, with the audiences and the tips passed on.
    each_row(
        conn,
        "SELECT team_id, activity_type, count(*),
                total(CASE WHEN activity_type = 'tuyen_truyen' THEN audience END),
                sum(activity_type = 'tin_bao' AND coalesce(passed_to_police_at, '') <> '')
           FROM activities NOT INDEXED
          WHERE deleted = 0 AND activity_date BETWEEN ?1 AND ?2
          GROUP BY team_id, activity_type",
        days,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, f64>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        },
        |(id, kind, n, audience, passed)| {
            let t = &mut slot(&mut tallies, id).results;
            *t.activities.entry(kind).or_default() += count(n);
            t.propaganda_audience += audience.max(0.0) as u64;
            t.tips_passed_to_police += count(passed.unwrap_or(0));
        },
    )?;

    // Patrol hours: each patrol's own span, so one read of the two times.
    each_row(
        conn,
        "SELECT team_id, start_time, end_time FROM activities NOT INDEXED
          WHERE deleted = 0 AND activity_type = 'tuan_tra' AND activity_date BETWEEN ?1 AND ?2",
        days,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        },
        |(id, start, end)| {
            let t = &mut slot(&mut tallies, id).results;
            match start.zip(end).and_then(|(s, e)| minutes(&s, &e)) {
                Some(m) => t.patrol_minutes += m,
                None => t.patrols_without_times += 1,
            }
        },
    )?;

    // Mediations by outcome.
    each_row(
        conn,
        "SELECT team_id, mediation_result, count(*) FROM activities NOT INDEXED
          WHERE deleted = 0 AND activity_type = 'hoa_giai' AND mediation_result IS NOT NULL
            AND activity_date BETWEEN ?1 AND ?2
          GROUP BY team_id, mediation_result",
        days,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
        |(id, outcome, n)| {
            let t = &mut slot(&mut tallies, id).results;
            *t.mediations.entry(outcome).or_default() += count(n);
        },
    )?;

    // Money in the period by direction and source, and the balance up to its end
    // (`?1` is compared with itself there only so the two days bind alike).
    each_row(
        conn,
        "SELECT team_id, direction, coalesce(source, 'khac'), sum(amount)
           FROM fund_entries NOT INDEXED
          WHERE deleted = 0 AND entry_date BETWEEN ?1 AND ?2
          GROUP BY team_id, direction, coalesce(source, 'khac')",
        days,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        },
        |(id, direction, source, amount)| {
            let t = &mut slot(&mut tallies, id).results;
            if direction == "thu" {
                t.contributions += amount;
                *t.contributions_by_source.entry(source).or_default() += amount;
            } else {
                t.spending += amount;
            }
        },
    )?;
    each_row(
        conn,
        "SELECT team_id, sum(CASE direction WHEN 'thu' THEN amount ELSE -amount END)
           FROM fund_entries NOT INDEXED WHERE deleted = 0 AND entry_date <= ?2 AND ?1 = ?1
          GROUP BY team_id",
        days,
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        |(id, balance)| slot(&mut tallies, id).results.balance = balance,
    )?;

    // Equipment issued and returned in the period.
    each_row(
        conn,
        "SELECT team_id,
                total(CASE WHEN issue_date BETWEEN ?1 AND ?2 THEN quantity END),
                total(CASE WHEN returned_date BETWEEN ?1 AND ?2 THEN quantity END)
           FROM equipment_issues NOT INDEXED
          WHERE deleted = 0 AND (issue_date BETWEEN ?1 AND ?2 OR returned_date BETWEEN ?1 AND ?2)
          GROUP BY team_id",
        days,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, f64>(2)?,
            ))
        },
        |(id, issued, returned)| {
            let t = &mut slot(&mut tallies, id).results;
            t.equipment_issued += issued.max(0.0) as u64;
            t.equipment_returned += returned.max(0.0) as u64;
        },
    )?;

    // Attendances at trainings that began in the period, by the member's team.
    each_row(
        conn,
        "SELECT m.team_id, a.training_id, count(*)
           FROM trainings t
           CROSS JOIN training_attendances a ON a.training_id = t.id
           CROSS JOIN members m ON m.id = a.member_id
          WHERE t.deleted = 0 AND a.deleted = 0 AND m.deleted = 0 AND a.result <> 'vang'
            AND t.start_date BETWEEN ?1 AND ?2
          GROUP BY m.team_id, a.training_id",
        days,
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
        |(id, training, n)| {
            let t = slot(&mut tallies, id);
            t.results.attendances += count(n);
            t.trainings.insert(training);
        },
    )?;

    // Commendations, inspections, and the communes' reports on inspections.
    let counted: [(&str, Counter); 5] = [
        (
            "SELECT team_id, count(*) FROM commendations
              WHERE deleted = 0 AND decision_date BETWEEN ?1 AND ?2 GROUP BY team_id",
            |r| &mut r.commendations,
        ),
        (
            "SELECT team_id, count(*) FROM commendation_proposals
              WHERE deleted = 0 AND proposal_date BETWEEN ?1 AND ?2 GROUP BY team_id",
            |r| &mut r.proposals,
        ),
        (
            "SELECT p.team_id, count(*) FROM commendation_proposals p
              WHERE p.deleted = 0 AND p.proposal_date BETWEEN ?1 AND ?2
                AND EXISTS (SELECT 1 FROM commendations c
                             WHERE c.proposal_id = p.id AND c.deleted = 0)
              GROUP BY p.team_id",
            |r| &mut r.proposals_granted,
        ),
        (
            "SELECT team_id, count(*) FROM inspections
              WHERE deleted = 0 AND inspection_date BETWEEN ?1 AND ?2 GROUP BY team_id",
            |r| &mut r.inspections,
        ),
        (
            "SELECT i.team_id, count(*) FROM inspection_follow_ups f
               JOIN inspections i ON i.id = f.inspection_id AND i.deleted = 0
              WHERE f.deleted = 0 AND f.report_date BETWEEN ?1 AND ?2 GROUP BY i.team_id",
            |r| &mut r.follow_ups,
        ),
    ];
    for (sql, field) in counted {
        each_row(
            conn,
            sql,
            days,
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
            |(id, n)| *field(&mut slot(&mut tallies, id).results) += count(n),
        )?;
    }
    Ok(tallies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patrol_past_midnight_counts_its_own_hours() {
        assert_eq!(minutes("22:00", "02:30"), Some(270));
        assert_eq!(minutes("19:00", "21:00"), Some(120));
        assert_eq!(minutes("19:00", "19:00"), Some(0));
        assert_eq!(minutes("7h", "21:00"), None);
    }

    #[test]
    fn trainings_are_counted_once_across_teams() {
        let mut a = Tally::default();
        a.trainings.insert("t1".into());
        a.results.attendances = 3;
        let mut b = Tally::default();
        b.trainings.extend(["t1".to_string(), "t2".to_string()]);
        b.results.attendances = 2;
        let mut sum = Tally::default();
        sum.add(&a);
        sum.add(&b);
        let r = sum.finish();
        assert_eq!((r.trainings, r.attendances), (2, 5));
        assert!(!r.is_empty());
        assert!(Tally::default().finish().is_empty());
    }
}
