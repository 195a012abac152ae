use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::compliance::Status;
use crate::installation::Role;
use crate::records::ListQuery;
use crate::units::UnitSet;

/// Kinds the demo does not make: documents (files), and reports on a receiving unit's
/// inspections (the demo commune's inspections are its own, with their follow-up
/// written in the inspection).
const NOT_MADE: &[&str] = &["document", "inspection_follow_up"];

/// History rows the engine writes by itself with each team and member (their ids are the
/// engine's, not the demo's).
const ENGINE_MADE: &[&str] = &["team_status", "member_role"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn commune(set: UnitSet, code: &str) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, set, code).unwrap();
    s
}

fn run(store: &mut Store, options: &DemoOptions) -> Outcome {
    match generate_with_outcome(store, options) {
        Ok(o) => o,
        Err(e) => panic!("demo refused: {e} ({})", e.english()),
    }
}

#[test]
fn same_seed_and_day_give_the_same_records_and_ids() {
    let options = DemoOptions::new(today());
    let mut a = commune(UnitSet::Y2008, "00001");
    let mut b = commune(UnitSet::Y2008, "00001");
    let ca = run(&mut a, &options).counts;
    let cb = run(&mut b, &options).counts;
    assert_eq!(ca.kinds, cb.kinds);
    assert_eq!(ca.total, cb.total);
    let da = a.digest(None).unwrap();
    let db = b.digest(None).unwrap();
    let differing: BTreeSet<&str> = da
        .kinds
        .iter()
        .filter(|(k, d)| db.kinds.get(*k) != Some(d))
        .map(|(k, _)| k.as_str())
        .collect();
    // Everything the demo writes is identical, ids included. The history rows the
    // engine adds itself (a team's status, a member's role) get ids from the clock until
    // the writer derives them from their parent; their counts still agree.
    assert!(
        differing.iter().all(|k| ENGINE_MADE.contains(k)),
        "differ: {differing:?}"
    );
    for kind in ENGINE_MADE {
        assert_eq!(da.kinds[*kind].count, db.kinds[*kind].count);
    }
    if differing.is_empty() {
        assert_eq!(da.sha256, db.sha256);
    }

    let mut c = commune(UnitSet::Y2008, "00001");
    let other = DemoOptions { seed: 2, ..options };
    run(&mut c, &other);
    let dc = c.digest(None).unwrap();
    assert_ne!(da.sha256, dc.sha256);
    assert_ne!(da.kinds["member"], dc.kinds["member"]);
}

#[test]
fn ids_are_uuid_v7_stamped_with_the_record_date() {
    let mut s = commune(UnitSet::Y2008, "00001");
    run(&mut s, &DemoOptions::new(today()));
    let activities = s.list("activity", &ListQuery::default()).unwrap();
    for a in &activities {
        let id = uuid::Uuid::parse_str(&a.id).unwrap();
        assert_eq!(id.get_version_num(), 7);
        let (secs, _) = id.get_timestamp().unwrap().to_unix();
        // Vietnam time (UTC+7).
        let local = chrono::DateTime::from_timestamp(secs as i64 + 7 * 3600, 0).unwrap();
        assert_eq!(
            local.date_naive().format("%Y-%m-%d").to_string(),
            a.text("activity_date").unwrap()
        );
    }
}

#[test]
fn two_communes_get_different_ids() {
    let options = DemoOptions::new(today());
    let mut a = commune(UnitSet::Y2008, "00001");
    let mut b = commune(UnitSet::Y2008, "00004");
    run(&mut a, &options);
    run(&mut b, &options);
    let ids = |s: &Store| -> BTreeSet<String> {
        s.list("village", &ListQuery::default())
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert!(ids(&a).is_disjoint(&ids(&b)));
}

#[test]
fn a_ward_with_defaults_gets_every_kind_clean_and_a_mixed_report() {
    let mut s = commune(UnitSet::Y2008, "00001");
    let options = DemoOptions::new(today());
    let outcome = run(&mut s, &options);
    let counts = &outcome.counts;
    for kind in kinds::ALL {
        if NOT_MADE.contains(&kind.name) {
            assert_eq!(counts.get(kind.name), 0, "{}", kind.name);
        } else {
            assert!(counts.get(kind.name) > 0, "no {} in {counts:?}", kind.name);
        }
    }
    assert_eq!(counts.get("village"), 8);
    assert_eq!(counts.get("activity"), 150);
    assert_eq!(counts.get("member"), counts.get("team") * 10);
    assert_eq!(counts.get("member_role"), counts.get("member"));
    assert_eq!(counts.get("team_status"), counts.get("team"));
    assert_eq!(counts.total, counts.kinds.values().sum::<u64>());
    // No warning anywhere: the member over 70 on purpose has the Chairman's decision.
    assert!(
        outcome.unexpected_warnings.is_empty(),
        "{:#?}",
        outcome.unexpected_warnings
    );
    assert_eq!(outcome.odd_age_warnings, 0);
    assert_eq!(outcome.odd_age_members, 1);
    assert!(s.integrity_problems().unwrap().is_empty());

    // Wards have numbered tổ dân phố, and nothing is dated after today.
    let villages = s.list("village", &ListQuery::default()).unwrap();
    assert!(villages
        .iter()
        .all(|v| v.text("name").unwrap().starts_with("Tổ dân phố số ")));
    let activities = s.list("activity", &ListQuery::default()).unwrap();
    let iso = today().format("%Y-%m-%d").to_string();
    assert!(activities
        .iter()
        .all(|a| a.text("activity_date").unwrap() <= iso.as_str()));
    let members = s.list("member", &ListQuery::default()).unwrap();
    assert!(members
        .iter()
        .all(|m| m.text("id_number").unwrap().starts_with("001")));

    let report = s.compliance(today()).unwrap();
    assert!(!report.teams.is_empty());
    let statuses: Vec<Status> = report
        .teams
        .iter()
        .flat_map(|t| t.rules.iter().map(|r| r.status))
        .collect();
    assert!(statuses.contains(&Status::Met), "nothing met");
    assert!(
        statuses.iter().any(|s| *s != Status::Met),
        "everything met: the demo should leave gaps"
    );
    // Not every team scores the same.
    let scores: BTreeSet<usize> = report.teams.iter().map(|t| t.met).collect();
    assert!(scores.len() > 1, "{scores:?}");
    assert_eq!(report.communes.len(), 1);
    assert!(!report.communes[0].villages_without_team.is_empty());
}

#[test]
fn a_mountain_commune_has_ban_and_mixed_peoples() {
    // Xã Chiềng Sung, huyện Mai Sơn, tỉnh Sơn La.
    let mut s = commune(UnitSet::Y2008, "04108");
    let mut options = DemoOptions::new(today());
    options.villages = 12;
    options.members_per_team = 12;
    let outcome = run(&mut s, &options);
    assert!(
        outcome.unexpected_warnings.is_empty(),
        "{:#?}",
        outcome.unexpected_warnings
    );
    let villages = s.list("village", &ListQuery::default()).unwrap();
    assert!(villages
        .iter()
        .any(|v| v.text("name").unwrap().starts_with("Bản ")));
    let members = s.list("member", &ListQuery::default()).unwrap();
    let groups: BTreeSet<&str> = members.iter().filter_map(|m| m.text("ethnicity")).collect();
    assert!(groups.contains("03"), "Thái expected in Sơn La: {groups:?}");
    assert!(groups.len() >= 3, "{groups:?}");
    // Sơn La's code: 014 on a CCCD, 14 on the 9-digit CMND of members named before 2016.
    assert!(members.iter().all(|m| {
        let id = m.text("id_number").unwrap();
        match m.text("id_doc_type") {
            Some("cmnd") => id.len() == 9 && id.starts_with("14"),
            _ => id.starts_with("014"),
        }
    }));
    // Thái names follow their own family names.
    let thai = members.iter().filter(|m| m.text("ethnicity") == Some("03"));
    let thai_surnames = [
        "Lò", "Lường", "Cầm", "Quàng", "Vì", "Tòng", "Hoàng", "Cà", "Lù", "Điêu", "Hà", "Mè",
        "Lèo", "Sa",
    ];
    for m in thai {
        let name = m.text("full_name").unwrap();
        assert!(thai_surnames.iter().any(|s| name.starts_with(s)), "{name}");
    }
}

#[test]
fn a_2025_mountain_commune_and_a_southern_commune_before_the_law() {
    // Xã Đoàn Kết, tỉnh Sơn La, in the 2025 list.
    let mut s = commune(UnitSet::Y2025, "04000");
    let outcome = run(&mut s, &DemoOptions::new(today()));
    assert!(
        outcome.unexpected_warnings.is_empty(),
        "{:#?}",
        outcome.unexpected_warnings
    );
    let report = s.compliance(today()).unwrap();
    assert!(!report.teams.is_empty());

    // Xã Trung Hòa, Tiền Giang, in 2023: ấp, and only the 2014 model exists yet.
    let day = NaiveDate::from_ymd_opt(2023, 3, 15).unwrap();
    let mut s = commune(UnitSet::Y2008, "28597");
    let outcome = run(&mut s, &DemoOptions::new(day));
    assert!(
        outcome.unexpected_warnings.is_empty(),
        "{:#?}",
        outcome.unexpected_warnings
    );
    let villages = s.list("village", &ListQuery::default()).unwrap();
    assert!(villages
        .iter()
        .all(|v| v.text("village_type") == Some("ap")));
    let teams = s.list("team", &ListQuery::default()).unwrap();
    assert!(teams
        .iter()
        .all(|t| t.text("model_type") == Some("to_xung_kich_tu_quan_antt")));
}

#[test]
fn many_places_and_days_stay_clean() {
    // A spread of communes of both lists (wards, towns, special zones, the south, the
    // mountains) on days before, around and after the 2023 Law.
    let codes: Vec<(UnitSet, String)> = {
        let s = Store::open_in_memory().unwrap();
        let mut stmt = s
            .conn()
            .prepare(
                "SELECT unit_set, code FROM admin_units WHERE level = 'commune'
                 ORDER BY unit_set, code",
            )
            .unwrap();
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows.into_iter()
            .enumerate()
            .filter(|(i, _)| i % 523 == 0)
            .map(|(_, (set, code))| (UnitSet::parse(&set).unwrap(), code))
            .collect()
    };
    assert!(codes.len() > 20);
    let days = [(2015, 6, 1), (2024, 9, 1), (2026, 11, 28)];
    for (i, (set, code)) in codes.iter().enumerate() {
        let (y, m, d) = days[i % days.len()];
        let mut s = commune(*set, code);
        let options = DemoOptions {
            villages: 6,
            members_per_team: 4,
            activities: 20,
            seed: i as u64,
            ..DemoOptions::new(NaiveDate::from_ymd_opt(y, m, d).unwrap())
        };
        let outcome = run(&mut s, &options);
        assert!(
            outcome.unexpected_warnings.is_empty(),
            "{code}: {:#?}",
            outcome.unexpected_warnings
        );
        assert_eq!(outcome.counts.get("village"), 6, "{code}");
    }
}

#[test]
fn refused_without_a_commune_or_when_already_made() {
    let mut s = Store::open_in_memory().unwrap();
    let options = DemoOptions::new(today());
    assert!(matches!(
        generate(&mut s, &options),
        Err(Error::NotInitialised)
    ));
    s.init(Role::Receiver, UnitSet::Y2008, "001").unwrap();
    assert!(matches!(
        generate(&mut s, &options),
        Err(Error::CommuneOnly { .. })
    ));

    let mut s = commune(UnitSet::Y2008, "00001");
    let first = generate(&mut s, &options).unwrap();
    let before = s.digest(None).unwrap();
    assert!(matches!(
        generate(&mut s, &options),
        Err(Error::DemoExists { .. })
    ));
    assert_eq!(
        s.digest(None).unwrap(),
        before,
        "a refused run writes nothing"
    );
    // Another seed adds a second set.
    let second = generate(&mut s, &DemoOptions { seed: 9, ..options }).unwrap();
    assert_eq!(second.get("village"), first.get("village"));
}

#[test]
fn counts_serialise_flat() {
    let mut counts = DemoCounts::default();
    counts.kinds.insert("village".into(), 8);
    counts.total = 8;
    assert_eq!(
        serde_json::to_value(&counts).unwrap(),
        serde_json::json!({"village": 8, "total": 8})
    );
}

#[test]
fn small_and_odd_sizes_work() {
    for (villages, members, activities) in [(1, 1, 3), (2, 0, 5), (3, 2, 0)] {
        let mut s = commune(UnitSet::Y2008, "00001");
        let options = DemoOptions {
            villages,
            members_per_team: members,
            activities,
            ..DemoOptions::new(today())
        };
        let outcome = run(&mut s, &options);
        assert_eq!(outcome.counts.get("village"), villages as u64);
        assert!(outcome.counts.get("team") >= 1);
        assert!(
            outcome.unexpected_warnings.is_empty(),
            "{:#?}",
            outcome.unexpected_warnings
        );
    }
}

/// `cargo test --release --lib -- --ignored demo_timing --nocapture`
#[test]
#[ignore]
fn demo_timing() {
    let options = DemoOptions {
        villages: 15,
        members_per_team: 12,
        activities: 200,
        ..DemoOptions::new(today())
    };
    let mut s = commune(UnitSet::Y2008, "04108");
    let start = std::time::Instant::now();
    let counts = generate(&mut s, &options).unwrap();
    println!(
        "15 villages × 12 members, 200 activities, in memory: {} records in {:?}",
        counts.total,
        start.elapsed()
    );
    println!("{}", serde_json::to_string(&counts).unwrap());

    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("demo.db")).unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "04108").unwrap();
    let start = std::time::Instant::now();
    let counts = generate(&mut s, &options).unwrap();
    println!(
        "the same in a file (WAL, synchronous=FULL): {} records in {:?}",
        counts.total,
        start.elapsed()
    );

    for code in ["00001", "04108"] {
        let mut s = commune(UnitSet::Y2008, code);
        let counts = generate(&mut s, &DemoOptions::new(today())).unwrap();
        println!(
            "defaults in {code}: {}",
            serde_json::to_string(&counts).unwrap()
        );
    }
}
