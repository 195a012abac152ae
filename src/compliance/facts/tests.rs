//! The kept facts against the records themselves: an independent count, one plain SQL
//! query per team and rule, on many days and after writes of every sort.

use chrono::{Days, Months, NaiveDate};
use rusqlite::Connection;
use serde_json::{json, Value as Json};

use super::*;
use crate::compliance::Facts;
use crate::installation::Role;
use crate::records::Fields;
use crate::settings::Thresholds;
use crate::units::UnitSet;
use crate::Store;

fn fields(v: Json) -> Fields {
    match v {
        Json::Object(m) => m,
        _ => unreachable!(),
    }
}

/// A demo commune whose writes leave the facts stale (as an older program's would), so
/// that these tests see what [`refresh`] finds and recomputes.
fn demo(today: NaiveDate) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.leave_facts_stale_after_writes();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let mut options = crate::demo::DemoOptions::new(today);
    options.villages = 5;
    options.members_per_team = 6;
    options.activities = 60;
    crate::demo::generate(&mut s, &options).unwrap();
    s
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// What the rules count for one team on one day, straight from the records.
fn counted_from_records(conn: &Connection, team: &str, on: NaiveDate, t: &Thresholds) -> Facts {
    let on_s = iso(on);
    let period = iso(on - Days::new(t.period_days as u64));
    let training = iso(on
        .checked_sub_months(Months::new(t.training_months as u32))
        .unwrap());
    let c8 = iso(on
        .checked_sub_months(Months::new(12 * t.c8_years as u32))
        .unwrap());
    // The first day a certificate may bear: the day after the same day
    // `health_cert_months` earlier.
    let health_from = iso(on
        .checked_sub_months(Months::new(t.health_cert_months as u32))
        .unwrap()
        + Days::new(1));
    let n = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> usize {
        conn.query_row(sql, p, |r| r.get::<_, i64>(0)).unwrap() as usize
    };
    let founding = conn
        .query_row(
            "SELECT state IN ('da_ky', 'da_cap_so'), number IS NOT NULL, scan_sha256 IS NOT NULL
               FROM decisions WHERE team_id = ?1 AND deleted = 0 AND decision_type = 'thanh_lap'
              ORDER BY (state IN ('da_ky', 'da_cap_so')) + (number IS NOT NULL) + (scan_sha256 IS NOT NULL) DESC
              LIMIT 1",
            [team],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    let mut last_change_hlc: i64 = conn
        .query_row("SELECT hlc FROM teams WHERE id = ?1", [team], |r| r.get(0))
        .unwrap();
    for kind in crate::kinds::ALL {
        if kind.name != "team" && kind.field("team_id").is_some() {
            let h: Option<i64> = conn
                .query_row(
                    &format!(
                        "SELECT max(x.hlc) FROM {} x JOIN teams t ON t.id = x.team_id
                          WHERE x.team_id = ?1 AND x.owner = t.owner",
                        kind.table
                    ),
                    [team],
                    |r| r.get(0),
                )
                .unwrap();
            last_change_hlc = last_change_hlc.max(h.unwrap_or(0));
        }
    }
    let member = "FROM members m WHERE m.team_id = ?1 AND m.deleted = 0
                    AND (m.exit_date IS NULL OR m.exit_date > ?2)";
    let trained =
        "EXISTS (SELECT 1 FROM training_attendances a JOIN trainings tr ON tr.id = a.training_id
                     WHERE a.member_id = m.id AND a.deleted = 0 AND a.result <> 'vang'
                       AND tr.deleted = 0 AND tr.start_date BETWEEN ?3 AND ?2)";
    let educated = format!(
        "coalesce((SELECT e.i FROM (SELECT value AS code, key AS i FROM json_each(?4)) e
                    WHERE e.code = m.education), -1) >= {}",
        t.c3_min_education
    );
    let levels = serde_json::to_string(
        &crate::kinds::EDUCATION_LEVELS
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let m = |cond: &str| -> usize {
        n(
            // Every query names all four parameters, whichever its condition reads.
            &format!("SELECT count(*) {member} AND {cond} AND coalesce(?3, ?4) IS NOT NULL"),
            &[&team, &on_s, &training, &levels],
        )
    };
    let healthy = format!("m.health_cert_date BETWEEN '{health_from}' AND ?2");
    let active_members = m("1");
    let held = "issue_date <= ?2 AND (returned_date IS NULL OR returned_date > ?2)";
    // A holder is a member of the same team who has not left by the day.
    let holder_active = "EXISTS (SELECT 1 FROM members h WHERE h.id = e.member_id
                           AND h.team_id = e.team_id AND h.deleted = 0
                           AND (h.exit_date IS NULL OR h.exit_date > ?2))";
    let holder_gone = "EXISTS (SELECT 1 FROM members h WHERE h.id = e.member_id
                         AND h.team_id = e.team_id AND h.deleted = 0
                         AND h.exit_date IS NOT NULL AND h.exit_date <= ?2)";
    let required_held = t
        .required_equipment
        .iter()
        .map(|r| {
            let members_holding = n(
                &format!(
                    "SELECT count(DISTINCT e.member_id) FROM equipment_issues e
                      WHERE e.team_id = ?1 AND e.deleted = 0 AND e.item = ?3 AND {held}
                        AND {holder_active}"
                ),
                &[&team, &on_s, &r.code],
            );
            let in_store = n(
                &format!(
                    "SELECT coalesce(sum(e.quantity), 0) FROM equipment_issues e
                      WHERE e.team_id = ?1 AND e.deleted = 0 AND e.item = ?3 AND {held}
                        AND NOT {holder_active} AND NOT {holder_gone}"
                ),
                &[&team, &on_s, &r.code],
            );
            (
                r.index().unwrap(),
                members_holding + in_store,
                r.needed(active_members),
            )
        })
        .collect();
    Facts {
        founding,
        last_change_hlc,
        members: active_members,
        members_health: m(&healthy),
        members_trained: m(trained),
        members_educated: m(&educated),
        members_all_three: m(&format!("{healthy} AND {trained} AND {educated}")),
        leaders_uneducated: m(&format!("m.role = 'to_truong' AND NOT ({educated})")),
        training_offered: m(
            "EXISTS (SELECT 1 FROM training_attendances a JOIN trainings tr ON tr.id = a.training_id
                      WHERE a.member_id = m.id AND a.deleted = 0 AND tr.deleted = 0
                        AND tr.start_date BETWEEN ?3 AND ?2)",
        ) > 0,
        unreturned: n(
            &format!(
                "SELECT count(*) FROM equipment_issues e
                  WHERE e.team_id = ?1 AND e.deleted = 0 AND {held} AND {holder_gone}"
            ),
            &[&team, &on_s],
        ),
        required_held,
        proposals: n(
            "SELECT count(*) FROM commendation_proposals WHERE team_id = ?1 AND deleted = 0
               AND proposal_date BETWEEN ?2 AND ?3",
            &[&team, &c8, &on_s],
        ),
        proposals_pending: n(
            "SELECT count(*) FROM commendation_proposals p WHERE p.team_id = ?1 AND p.deleted = 0
               AND p.proposal_date BETWEEN ?2 AND ?3
               AND NOT EXISTS (SELECT 1 FROM commendations c WHERE c.proposal_id = p.id
                                 AND c.deleted = 0 AND c.decision_date <= ?3)",
            &[&team, &c8, &on_s],
        ),
        members_age_outside: age_outside(conn, team, on),
        regulations: n(
            "SELECT count(*) FROM regulations WHERE team_id = ?1 AND deleted = 0",
            &[&team],
        ),
        duties: n(
            "SELECT count(*) FROM duties WHERE team_id = ?1 AND deleted = 0",
            &[&team],
        ),
        programmes: n(
            "SELECT count(*) FROM programme_links WHERE team_id = ?1 AND deleted = 0",
            &[&team],
        ),
        propaganda: n(
            "SELECT count(*) FROM activities WHERE team_id = ?1 AND deleted = 0
               AND activity_type = 'tuyen_truyen' AND activity_date BETWEEN ?2 AND ?3",
            &[&team, &period, &on_s],
        ),
        contributions: n(
            "SELECT count(*) FROM fund_entries WHERE team_id = ?1 AND deleted = 0 AND direction = 'thu'
               AND source = 'dong_gop_nhan_dan' AND entry_date BETWEEN ?2 AND ?3",
            &[&team, &period, &on_s],
        ),
        inspections: n(
            "SELECT count(*) FROM inspections WHERE team_id = ?1 AND deleted = 0
               AND inspection_date BETWEEN ?2 AND ?3",
            &[&team, &period, &on_s],
        ),
        equipment: n(
            "SELECT count(*) FROM equipment_issues WHERE team_id = ?1 AND deleted = 0
               AND issue_date <= ?2 AND (returned_date IS NULL OR returned_date > ?2)",
            &[&team, &on_s],
        ),
        commendations: n(
            "SELECT count(*) FROM commendations WHERE team_id = ?1 AND deleted = 0
               AND decision_date BETWEEN ?2 AND ?3",
            &[&team, &c8, &on_s],
        ),
    }
}

/// Members outside 18–70 on `on` by the rule read from each birth date as stored.
fn age_outside(conn: &Connection, team: &str, on: NaiveDate) -> usize {
    let mut stmt = conn
        .prepare(
            "SELECT birth_date, age_exception IS NOT NULL FROM members
              WHERE team_id = ?1 AND deleted = 0 AND birth_date IS NOT NULL
                AND (exit_date IS NULL OR exit_date > ?2)",
        )
        .unwrap();
    let rows = stmt
        .query_map(rusqlite::params![team, iso(on)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
        })
        .unwrap();
    rows.map(Result::unwrap)
        .filter(|(birth, exception)| {
            let birth = crate::dates::PartialDate::from_iso(birth).unwrap();
            crate::eligibility::check(birth, on, *exception).is_some()
        })
        .count()
}

fn windows(on: NaiveDate, t: &Thresholds) -> Windows {
    Windows::of(on, t)
}

fn team_ids(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT id FROM teams WHERE deleted = 0 ORDER BY id")
        .unwrap();
    let ids = stmt.query_map([], |r| r.get(0)).unwrap();
    ids.collect::<rusqlite::Result<_>>().unwrap()
}

/// Every team's kept facts, counted on each day, equal the records counted directly.
fn assert_facts_match_records(store: &Store, days: &[NaiveDate], why: &str) {
    let conn = store.conn();
    refresh(conn).unwrap();
    assert!(
        refresh(conn).unwrap().is_empty(),
        "{why}: nothing left stale"
    );
    let t = store.thresholds().unwrap();
    for team in team_ids(conn) {
        let kept = stored(conn, &team).unwrap().expect("every team has facts");
        for &on in days {
            assert_eq!(
                kept.count(&windows(on, &t)),
                counted_from_records(conn, &team, on, &t),
                "{why}: team {team} on {on}"
            );
        }
    }
}

/// The kept facts of every team, then the same rebuilt from nothing.
fn assert_same_as_full_rebuild(store: &Store, why: &str) {
    let conn = store.conn();
    refresh(conn).unwrap();
    let kept: Vec<_> = team_ids(conn)
        .iter()
        .map(|t| (t.clone(), stored(conn, t).unwrap()))
        .collect();
    // As after an upgrade: the facts follow nothing yet.
    conn.execute_batch("DELETE FROM team_facts; UPDATE team_facts_state SET seq = -1;")
        .unwrap();
    assert_eq!(refresh(conn).unwrap().len(), kept.len());
    let rebuilt: Vec<_> = team_ids(conn)
        .iter()
        .map(|t| (t.clone(), stored(conn, t).unwrap()))
        .collect();
    assert_eq!(kept, rebuilt, "{why}");
}

/// Days to count on: spread over years, and each date the edits below write, with the
/// day before it, so every window edge and `<` against `<=` is tried.
fn some_days(today: NaiveDate) -> Vec<NaiveDate> {
    let written = [
        "2026-10-02",
        "2026-06-01",
        "2026-10-20",
        "2026-10-30",
        "2025-11-01",
    ]
    .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    [0u64, 1, 30, 200, 400, 800, 2000]
        .iter()
        .map(|d| today - Days::new(*d))
        .chain([today + Days::new(30)])
        .chain(written.iter().flat_map(|d| [*d, *d - Days::new(1)]))
        // A training window of 12 months ending on these days starts on the training's.
        .chain([NaiveDate::from_ymd_opt(2027, 10, 20).unwrap()])
        .collect()
}

#[test]
fn kept_facts_count_what_the_records_hold_on_any_day() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let store = demo(today);
    assert_facts_match_records(&store, &some_days(today), "demo commune");
}

#[test]
fn reading_dates_by_hand_agrees_with_chrono() {
    for s in ["2026-01-31", "2024-02-29", "0001-01-01", "9999-12-31"] {
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(day(s), Some(day_of(d)), "{s}");
    }
    for bad in [
        "2023-02-29",
        "2026-13-01",
        "2026-1-01",
        "26-01-01",
        "",
        "2026/01/01",
        "2026-01-0x",
    ] {
        assert_eq!(day(bad), None, "{bad}");
    }
}

#[test]
fn each_write_makes_only_its_teams_stale_and_recomputing_them_is_exact() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut store = demo(today);
    refresh(store.conn()).unwrap();
    let teams = team_ids(store.conn());
    assert!(teams.len() >= 3, "the demo has teams to tell apart");
    let (a, b) = (teams[0].clone(), teams[1].clone());
    let member_of = |s: &Store, team: &str| -> String {
        s.conn()
            .query_row(
                "SELECT id FROM members WHERE team_id = ?1 AND deleted = 0 ORDER BY id LIMIT 1",
                [team],
                |r| r.get(0),
            )
            .unwrap()
    };
    let days = some_days(today);

    // A member leaves team A.
    let m = member_of(&store, &a);
    store
        .update("member", &m, &fields(json!({"exit_date": "02/10/2026"})))
        .unwrap();
    assert_eq!(refresh(store.conn()).unwrap(), std::slice::from_ref(&a));
    assert_facts_match_records(&store, &days, "member left");

    // A member moves from A to B: both teams change.
    let m = member_of(&store, &a);
    store
        .update("member", &m, &fields(json!({"team_id": b})))
        .unwrap();
    let mut both = vec![a.clone(), b.clone()];
    both.sort();
    assert_eq!(refresh(store.conn()).unwrap(), both);
    assert_facts_match_records(&store, &days, "member moved");

    // A training moves a year back: the teams of its attendees change, no other.
    let (training, attendee_teams): (String, String) = store
        .conn()
        .query_row(
            "SELECT a.training_id, group_concat(DISTINCT m.team_id) FROM training_attendances a
               JOIN members m ON m.id = a.member_id WHERE a.deleted = 0
              GROUP BY a.training_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    store
        .update(
            "training",
            &training,
            &fields(json!({"start_date": "01/11/2025"})),
        )
        .unwrap();
    let mut expected: Vec<String> = attendee_teams.split(',').map(String::from).collect();
    expected.sort();
    assert_eq!(refresh(store.conn()).unwrap(), expected);
    assert_facts_match_records(&store, &days, "training moved");

    // A new training attended by a member of team B.
    let m = member_of(&store, &b);
    let t = store
        .create(
            "training",
            &fields(json!({"title": "Tập huấn nghiệp vụ", "start_date": "20/10/2026"})),
        )
        .unwrap()
        .id;
    assert!(
        refresh(store.conn()).unwrap().is_empty(),
        "a training nobody attended changes no team"
    );
    store
        .create(
            "training_attendance",
            &fields(json!({"training_id": t, "member_id": m, "result": "dat"})),
        )
        .unwrap();
    assert_eq!(refresh(store.conn()).unwrap(), std::slice::from_ref(&b));
    assert_facts_match_records(&store, &days, "attendance added");

    // The attendance was entered for the wrong person: moved to a member of team A.
    let attendance: String = store
        .conn()
        .query_row(
            "SELECT id FROM training_attendances WHERE training_id = ?1",
            [&t],
            |r| r.get(0),
        )
        .unwrap();
    let m = member_of(&store, &a);
    store
        .update(
            "training_attendance",
            &attendance,
            &fields(json!({"member_id": m})),
        )
        .unwrap();
    assert_eq!(refresh(store.conn()).unwrap(), both);
    assert_facts_match_records(&store, &days, "attendance moved");

    // Equipment returned, then an item deleted; a propaganda session; a commendation.
    let item: String = store
        .conn()
        .query_row(
            "SELECT id FROM equipment_issues WHERE team_id = ?1 AND deleted = 0 LIMIT 1",
            [&a],
            |r| r.get(0),
        )
        .unwrap();
    store
        .update(
            "equipment",
            &item,
            &fields(json!({"returned_date": "01/06/2026"})),
        )
        .unwrap();
    assert_facts_match_records(&store, &days, "equipment returned");
    store.delete("equipment", &item).unwrap();
    assert_eq!(refresh(store.conn()).unwrap(), std::slice::from_ref(&a));
    assert_facts_match_records(&store, &days, "equipment deleted");
    store
        .create(
            "activity",
            &fields(json!({"team_id": a, "activity_type": "tuyen_truyen",
                           "activity_date": "30/10/2026", "content": "Tuyên truyền phòng chống ma túy"})),
        )
        .unwrap();
    store
        .create(
            "commendation",
            &fields(
                json!({"team_id": b, "form": "giay_khen", "authority": "UBND huyện",
                           "decision_date": "01/09/2024"}),
            ),
        )
        .unwrap();
    assert_eq!(refresh(store.conn()).unwrap(), both);
    assert_facts_match_records(&store, &days, "activity and commendation");

    // Thresholds change nothing kept: the counts follow them.
    store.set_setting("period_days", 90).unwrap();
    store.set_setting("training_months", 6).unwrap();
    store.set_setting("c3_min_education", 3).unwrap();
    assert!(refresh(store.conn()).unwrap().is_empty());
    assert_facts_match_records(&store, &days, "other thresholds");

    // The team itself deleted: its facts go.
    store.delete("team", &a).unwrap();
    assert!(refresh(store.conn()).unwrap().contains(&a));
    assert_eq!(stored(store.conn(), &a).unwrap(), None);

    assert_same_as_full_rebuild(&store, "seeking the stale teams equals scanning all");
}

#[test]
fn facts_of_another_format_or_damaged_are_recomputed() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let store = demo(today);
    let before = store.compliance(today).unwrap();
    let conn = store.conn();
    // Only active teams' facts are read.
    let teams: Vec<String> = before.teams.iter().map(|t| t.team_id.clone()).collect();
    conn.execute(
        "UPDATE team_facts SET facts = x'00' WHERE team_id = ?1",
        [&teams[0]],
    )
    .unwrap();
    conn.execute(
        "UPDATE team_facts SET facts = substr(facts, 1, length(facts) - 3) WHERE team_id = ?1",
        [&teams[1]],
    )
    .unwrap();
    conn.execute("DELETE FROM team_facts WHERE team_id = ?1", [&teams[2]])
        .unwrap();
    let after = store.compliance(today).unwrap();
    assert_eq!(
        serde_json::to_value(&before.teams).unwrap(),
        serde_json::to_value(&after.teams).unwrap()
    );
    for t in &teams {
        assert!(stored(conn, t).unwrap().is_some(), "{t} recomputed");
    }
}

#[test]
fn packing_round_trips_and_no_truncation_reads_as_facts() {
    let f = TeamFacts {
        founding: Some((true, false, true)),
        last_change_hlc: 0x0123_4567_89ab_cdef,
        regulations: 1,
        duties: 7,
        programmes: 2,
        propaganda: vec![10, 20],
        contributions: vec![],
        inspections: vec![5],
        commendations: vec![NO_DAY],
        proposals: vec![(8, NO_DAY), (9, 12)],
        equipment: vec![
            EquipmentFacts {
                issued: 1,
                returned: NO_DAY,
                item: 5,
                quantity: 3,
                holder: NO_HOLDER,
            },
            EquipmentFacts {
                issued: 2,
                returned: 3,
                item: -1,
                quantity: 1,
                holder: 1,
            },
        ],
        members: vec![
            MemberFacts {
                exit: NO_DAY,
                health: 700_100,
                education: -1,
                leader: true,
                birth: (NO_DAY, NO_DAY),
                age_exception: false,
                trained: vec![],
                absent: vec![4],
            },
            MemberFacts {
                exit: 700_000,
                health: NO_DAY,
                education: 4,
                leader: false,
                birth: (720_000, 720_364),
                age_exception: true,
                trained: vec![1, 2, 3],
                absent: vec![],
            },
        ],
    };
    let bytes = f.pack();
    assert_eq!(TeamFacts::unpack(&bytes), Some(f.clone()));
    assert_eq!(
        TeamFacts::unpack(&TeamFacts::default().pack()),
        Some(TeamFacts::default())
    );
    for cut in 0..bytes.len() {
        assert_eq!(TeamFacts::unpack(&bytes[..cut]), None, "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(TeamFacts::unpack(&longer), None);
    // A length far beyond the bytes is refused before anything is allocated.
    let mut huge = bytes;
    let members_len_at = huge.len() - (4 + 4 + 2 + 9 + 4 + 8) - (4 + 4 + 2 + 9 + 4 + 12 + 4) - 4;
    huge[members_len_at..members_len_at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(TeamFacts::unpack(&huge), None);
}

/// A table added later that names a team must have its trigger too, or a row moved
/// from one team to another would leave the first team's facts counting it.
#[test]
fn every_table_that_names_a_team_marks_the_team_a_row_leaves() {
    let store = Store::open_in_memory().unwrap();
    let triggers: Vec<String> = {
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_facts_%'",
            )
            .unwrap();
        let names = stmt.query_map([], |r| r.get(0)).unwrap();
        names.collect::<rusqlite::Result<_>>().unwrap()
    };
    let mut tables = vec!["training_attendances"];
    for kind in crate::kinds::ALL {
        if names_a_team(kind) {
            tables.push(kind.table);
        }
    }
    for table in &tables {
        let name = format!("{table}_facts_moved");
        assert!(triggers.contains(&name), "missing trigger {name}");
    }
    assert_eq!(
        triggers.len(),
        tables.len(),
        "no trigger on inserts: {triggers:?}"
    );
}

#[test]
fn a_state_that_cannot_be_trusted_recomputes_every_team() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let store = demo(today);
    let conn = store.conn();
    let teams = team_ids(conn);
    assert_eq!(refresh(conn).unwrap(), teams, "a new file: every team");
    assert!(refresh(conn).unwrap().is_empty(), "then nothing");
    // Ahead of the change counter, as a file put back from elsewhere could be.
    conn.execute_batch("UPDATE team_facts_state SET seq = seq + 1000")
        .unwrap();
    assert_eq!(refresh(conn).unwrap(), teams);
}

#[test]
fn when_facts_cannot_be_written_they_are_computed_unsaved_and_nothing_is_left_open() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut store = demo(today);
    let before = store.compliance(today).unwrap();
    let team = before.teams[0].team_id.clone();
    // A value of another type where the facts belong is recomputed like damage.
    store
        .conn()
        .execute(
            "UPDATE team_facts SET facts = 'văn bản' WHERE team_id = ?1",
            [&team],
        )
        .unwrap();
    let again = store.compliance(today).unwrap();
    assert_eq!(
        serde_json::to_value(&before.teams).unwrap(),
        serde_json::to_value(&again.teams).unwrap()
    );
    // Now the facts cannot be written at all (as when the file is busy in another
    // program), and a member leaves a team.
    store
        .conn()
        .execute_batch(
            "CREATE TRIGGER no_facts BEFORE INSERT ON team_facts
             BEGIN SELECT RAISE(ABORT, 'busy'); END;",
        )
        .unwrap();
    let member: String = store
        .conn()
        .query_row(
            "SELECT id FROM members WHERE team_id = ?1 AND deleted = 0 LIMIT 1",
            [&team],
            |r| r.get(0),
        )
        .unwrap();
    store
        .update(
            "member",
            &member,
            &fields(json!({"exit_date": "01/10/2026"})),
        )
        .unwrap();
    let unsaved = store.compliance(today).unwrap();
    let t = unsaved.teams.iter().find(|t| t.team_id == team).unwrap();
    let was = before.teams.iter().find(|t| t.team_id == team).unwrap();
    assert_eq!(
        t.members + 1,
        was.members,
        "the exit counts, though nothing was saved"
    );
    assert!(store.conn().is_autocommit(), "no transaction left open");
    // Writes go on, and once the facts can be written they catch up.
    store
        .update("member", &member, &fields(json!({"exit_date": null})))
        .unwrap();
    store.conn().execute_batch("DROP TRIGGER no_facts").unwrap();
    assert_facts_match_records(&store, &[today], "after the failure");
}
