//! A district of the 2008 set (Quận Ba Đình, 001, 13 wards) that receives two wards'
//! bundles and records its own inspections; every figure worked out on paper:
//!
//! Phường Phúc Xá (00001): villages Đông, Tây, Nam; Tổ Một (Đông) and Tổ Hai (Tây)
//! active, Tổ Ba (Nam) suspended, so Nam has no team.
//! - Tổ Một: founding decision signed, numbered, scanned, dated 05/03/2019; 2 members
//!   with health certificate, THCS, trained 90 days ago; a regulation with a duty; a
//!   programme; uniforms, badges and batons for both; the district's inspection 20 days ago →
//!   C1 M, C2 M, C3 M, C4 M, C5 M, C6 N, C7 M, C8 N.
//! - Tổ Hai: no decision; 4 members, only Đức healthy, educated and trained (25 %); a
//!   programme → C1 N, C2 M, C3 P, C4 N, C5 M, C6 N, C7 P (trained only), C8 N.
//! - So: 2 active teams, 1 other, 6 members of whom 3 trained (50 %); rules met
//!   C1 1, C2 2, C3 1, C4 1, C5 2, C6 0, C7 1, C8 0 = 8 of 16 checks (50 %); no team
//!   meets all. Three bundles were sent, the second never arrived: one gap.
//!
//! Phường Trúc Bạch (00004): villages Bắc and Trung, both covered by Tổ Bắc Trung; 4
//! members, none healthy nor trained; its records are 100 days old (C2 not met: the
//! district's fresh inspections do not make the ward's records fresh). The district
//! inspected it 200 days ago (deadline passed, follow-up written) and 60 days ago
//! (deadline 30 days ago, nothing written: overdue) → C7 P only, 0 of 8 checks.
//!
//! The 11 other wards sent nothing.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use super::*;
use crate::compliance::Status;
use crate::dates;
use crate::error::Error;
use crate::installation::Role;
use crate::kinds;
use crate::sync::tests::{enrol, export, fields, import};
use crate::units::UnitSet;
use crate::Store;

pub(crate) struct Province {
    pub district: Store,
    pub phuc_xa: Store,
    pub mot: String,
    pub hai: String,
    pub bac_trung: String,
    pub on: NaiveDate,
}

use crate::test_support::add;

fn ago(on: NaiveDate, days: u64) -> String {
    dates::vn(on - chrono::Days::new(days))
}

fn team(s: &mut Store, name: &str, status: &str, villages: &[&str]) -> String {
    let id = add(
        s,
        "team",
        json!({"name": name, "model_type": "to_bao_ve_antt", "status": status}),
    );
    for v in villages {
        add(s, "team_village", json!({"team_id": id, "village_id": v}));
    }
    id
}

fn village(s: &mut Store, name: &str) -> String {
    add(s, "village", json!({"name": name, "village_type": "thon"}))
}

fn member(s: &mut Store, team: &str, name: &str, health: Option<&str>, training: Option<&str>) {
    let mut f = json!({"team_id": team, "full_name": name, "sex": "nam", "role": "to_vien",
                       "education": "thcs", "birth_date": "1980"});
    if let Some(d) = health {
        f["health_cert_date"] = json!(d);
    }
    let m = add(s, "member", f);
    if let Some(t) = training {
        add(
            s,
            "training_attendance",
            json!({"training_id": t, "member_id": m, "result": "dat"}),
        );
    }
}

pub(crate) fn province() -> Province {
    let on = chrono::Local::now().date_naive();
    let ago = |d| ago(on, d);

    let mut a = Store::open_in_memory().unwrap();
    a.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let dong = village(&mut a, "Thôn Đông");
    let tay = village(&mut a, "Thôn Tây");
    let nam = village(&mut a, "Thôn Nam");
    let mot = team(&mut a, "Tổ Một", "hoat_dong", &[&dong]);
    let hai = team(&mut a, "Tổ Hai", "hoat_dong", &[&tay]);
    team(&mut a, "Tổ Ba", "tam_dung", &[&nam]);
    let scan = a.add_attachment(b"%PDF-1.4 quyet dinh").unwrap().sha256;
    add(
        &mut a,
        "decision",
        json!({"team_id": mot, "decision_type": "thanh_lap", "state": "da_cap_so", "number": 12,
               "decision_date": "05/03/2019", "signer_name": "Nguyễn Văn Chủ",
               "authority_type": "chu_tich", "scan_sha256": scan}),
    );
    let training = add(
        &mut a,
        "training",
        json!({"title": "Tập huấn nghiệp vụ", "start_date": ago(90)}),
    );
    let healthy = ago(200);
    member(
        &mut a,
        &mot,
        "Nguyễn Văn An",
        Some(&healthy),
        Some(&training),
    );
    member(
        &mut a,
        &mot,
        "Trần Thị Bình",
        Some(&healthy),
        Some(&training),
    );
    member(&mut a, &hai, "Đỗ Văn Đức", Some(&healthy), Some(&training));
    member(&mut a, &hai, "Vũ Thị Chi", None, None);
    member(&mut a, &hai, "Bùi Văn Dũng", None, None);
    member(&mut a, &hai, "Ngô Thị Ánh", None, None);
    let reg = add(
        &mut a,
        "regulation",
        json!({"team_id": mot, "title": "Quy chế hoạt động"}),
    );
    add(
        &mut a,
        "duty",
        json!({"team_id": mot, "regulation_id": reg, "content": "Tuần tra"}),
    );
    for t in [&mot, &hai] {
        add(
            &mut a,
            "programme_link",
            json!({"team_id": t, "programme": "nong_thon_moi"}),
        );
    }
    // Uniforms, badges and batons for Tổ Một's two members, from the team's store.
    for item in [
        "trang_phuc_quan_ao",
        "trang_phuc_bien_hieu",
        "cong_cu_gay_cao_su",
    ] {
        add(
            &mut a,
            "equipment",
            json!({"team_id": mot, "item": item, "quantity": 2, "issue_date": ago(100)}),
        );
    }
    let first = export(&mut a, true);
    a.update("village", &dong, &fields(json!({"households": 100})))
        .unwrap();
    let _lost = export(&mut a, false);
    a.update("village", &tay, &fields(json!({"households": 50})))
        .unwrap();
    let third = export(&mut a, false);

    let mut b = Store::open_in_memory().unwrap();
    b.init(Role::Commune, UnitSet::Y2008, "00004").unwrap();
    let bac = village(&mut b, "Thôn Bắc");
    let trung = village(&mut b, "Thôn Trung");
    let bac_trung = team(&mut b, "Tổ Bắc Trung", "hoat_dong", &[&bac, &trung]);
    for name in ["Lý Văn Một", "Lý Văn Hai", "Lý Văn Ba", "Lý Văn Bốn"] {
        member(&mut b, &bac_trung, name, None, None);
    }
    let from_b = export(&mut b, true);

    let mut d = Store::open_in_memory().unwrap();
    d.init(Role::Receiver, UnitSet::Y2008, "001").unwrap();
    for bundle in [&first, &third, &from_b] {
        let r = import(&mut d, bundle, enrol());
        assert_eq!(r.status, crate::sync::import::ImportStatus::Applied);
        assert_eq!(r.quarantined, 0);
    }
    // The ward's records are 100 days old.
    let shift = crate::hlc::from_millis(100 * 86_400_000);
    for kind in kinds::ALL {
        d.conn()
            .execute(
                &format!(
                    "UPDATE {} SET hlc = hlc - ?1 WHERE owner = '00004'",
                    kind.table
                ),
                [shift],
            )
            .unwrap();
    }
    // The district's own inspections.
    add(
        &mut d,
        "inspection",
        json!({"team_id": mot, "inspection_date": ago(20), "inspecting_unit": "Công an quận Ba Đình"}),
    );
    add(
        &mut d,
        "inspection",
        json!({"team_id": bac_trung, "inspection_date": ago(200), "inspecting_unit": "Công an quận Ba Đình",
               "recommendations": "Bổ sung hồ sơ", "deadline": ago(170), "follow_up": "Đã bổ sung"}),
    );
    add(
        &mut d,
        "inspection",
        json!({"team_id": bac_trung, "inspection_date": ago(60), "inspecting_unit": "Công an quận Ba Đình",
               "recommendations": "Khám sức khỏe cho thành viên", "deadline": ago(30)}),
    );
    Province {
        district: d,
        phuc_xa: a,
        mot,
        hai,
        bac_trung,
        on,
    }
}

fn row<'a>(o: &'a ReceiverOverview, code: &str) -> &'a CommuneRow {
    o.communes
        .iter()
        .find(|c| c.unit_code == code)
        .unwrap_or_else(|| panic!("{code} listed"))
}

fn met(r: &CommuneRow) -> Vec<usize> {
    r.rules.iter().map(|s| s.met).collect()
}

/// The receiving unit's to-do counts: teams to inspect, teams to train, proposals.
fn owed(r: &CommuneRow) -> Vec<usize> {
    r.receiver_todo.iter().map(|o| o.count).collect()
}

fn codes(r: &[Attention]) -> Vec<&str> {
    r.iter().map(|a| a.code).collect()
}

#[test]
fn each_commune_gets_the_hand_computed_figures() {
    let p = province();
    let o = p
        .district
        .receiver_overview(p.on, &OverviewOptions::default())
        .unwrap();
    assert_eq!(o.communes_total, 13, "every ward of Quận Ba Đình");
    assert_eq!(o.communes.len(), 13);

    let a = row(&o, "00001");
    assert_eq!(a.unit_name, "Phường Phúc Xá");
    assert_eq!(
        (
            a.villages,
            a.villages_without_team,
            a.active_teams,
            a.other_teams
        ),
        (3, 1, 2, 1)
    );
    assert_eq!(met(a), [1, 2, 1, 1, 2, 0, 1, 0]);
    assert_eq!(a.rules[2].partial, 1, "Tổ Hai: C3 partly met");
    assert_eq!(a.rules[6].partial, 1, "Tổ Hai: C7 partly met");
    assert_eq!(a.rules[0].share, Some(0.5));
    assert_eq!(a.compliance, Some(0.5));
    assert_eq!(a.teams_meeting_all, 0);
    assert_eq!((a.members, a.members_trained), (6, 3));
    assert_eq!(a.trained_share, Some(0.5));
    assert_eq!(a.last_inspection, Some(p.on - chrono::Days::new(20)));
    assert_eq!((a.teams_inspected, a.overdue_inspections), (1, 0));
    assert_eq!(a.gaps.len(), 1, "the second bundle never arrived");
    assert_eq!(a.last_bundle.as_ref().unwrap().days_ago, 0);
    assert_eq!(codes(&a.attention), ["gaps", "villages_without_team"]);
    // The district's own to-do: Tổ Hai was never inspected; both teams' members were
    // called to a training.
    assert_eq!(owed(a), [1, 0, 0]);

    let b = row(&o, "00004");
    assert_eq!(
        (
            b.villages,
            b.villages_without_team,
            b.active_teams,
            b.members,
            b.members_trained
        ),
        (2, 0, 1, 4, 0)
    );
    assert_eq!(
        met(b),
        [0; 8],
        "C2 too: the district's inspections are not the ward's updates"
    );
    assert_eq!(
        b.rules[6].partial, 1,
        "no equipment; no training called its members, which is the district's part"
    );
    assert_eq!(owed(b), [0, 1, 0]);
    assert_eq!((b.compliance, b.trained_share), (Some(0.0), Some(0.0)));
    assert_eq!(b.last_inspection, Some(p.on - chrono::Days::new(60)));
    assert_eq!((b.teams_inspected, b.overdue_inspections), (1, 1));
    assert_eq!(codes(&b.attention), ["overdue_inspections"]);

    let other = row(&o, "00034");
    assert_eq!(
        (other.villages, other.active_teams, other.members),
        (0, 0, 0)
    );
    assert_eq!((other.compliance, other.trained_share), (None, None));
    assert_eq!(codes(&other.attention), ["no_bundle"]);

    let t = &o.totals;
    assert_eq!(t.unit_code, "001");
    assert_eq!(
        (
            t.villages,
            t.villages_without_team,
            t.active_teams,
            t.other_teams
        ),
        (5, 1, 3, 1)
    );
    assert_eq!(met(t), [1, 2, 1, 1, 2, 0, 1, 0]);
    assert_eq!(t.compliance, Some(8.0 / 24.0));
    assert_eq!((t.members, t.members_trained), (10, 3));
    assert_eq!((t.teams_inspected, t.overdue_inspections), (2, 1));
    assert_eq!(owed(t), [1, 1, 0]);
    assert!(t.attention.is_empty());
}

#[test]
fn communes_sort_in_vietnamese_order_and_filter() {
    let p = province();
    let o = |opts: OverviewOptions| p.district.receiver_overview(p.on, &opts).unwrap();
    let names = |o: &ReceiverOverview| -> Vec<String> {
        o.communes
            .iter()
            .map(|c| c.unit_name.trim_start_matches("Phường ").to_string())
            .collect()
    };
    // Đ after D and before E, not after Z as code points would put it.
    assert_eq!(
        names(&o(OverviewOptions::default())),
        [
            "Cống Vị",
            "Điện Biên",
            "Đội Cấn",
            "Giảng Võ",
            "Kim Mã",
            "Liễu Giai",
            "Ngọc Hà",
            "Ngọc Khánh",
            "Phúc Xá",
            "Quán Thánh",
            "Thành Công",
            "Trúc Bạch",
            "Vĩnh Phúc"
        ]
    );
    let by_compliance = o(OverviewOptions {
        sort: SortBy::Compliance,
        descending: true,
        ..Default::default()
    });
    assert_eq!(
        names(&by_compliance)[..3],
        ["Phúc Xá", "Trúc Bạch", "Cống Vị"]
    );
    let oldest_bundle_first = o(OverviewOptions {
        sort: SortBy::LastBundle,
        ..Default::default()
    });
    assert_eq!(
        names(&oldest_bundle_first)[0],
        "Cống Vị",
        "never sent comes first"
    );
    let reversed = o(OverviewOptions {
        descending: true,
        ..Default::default()
    });
    assert_eq!(names(&reversed)[0], "Vĩnh Phúc");

    let c5 = o(OverviewOptions {
        rule_not_met: Some("C5".into()),
        ..Default::default()
    });
    assert_eq!(names(&c5), ["Trúc Bạch"]);
    assert_eq!(c5.communes_total, 13);
    assert_eq!(c5.totals.active_teams, 3, "totals ignore the filter");
    let typed = o(OverviewOptions {
        query: Some("truc bach".into()),
        ..Default::default()
    });
    assert_eq!(names(&typed), ["Trúc Bạch"]);
    let by_code = o(OverviewOptions {
        query: Some("0000".into()),
        sort: SortBy::Code,
        ..Default::default()
    });
    let codes: Vec<&str> = by_code
        .communes
        .iter()
        .map(|c| c.unit_code.as_str())
        .collect();
    assert_eq!(codes, ["00001", "00004", "00006", "00007", "00008"]);
    let attention = o(OverviewOptions {
        attention_only: true,
        ..Default::default()
    });
    assert_eq!(
        attention.communes.len(),
        13,
        "the others never sent anything"
    );
    let bad = p.district.receiver_overview(
        p.on,
        &OverviewOptions {
            rule_not_met: Some("C9".into()),
            ..Default::default()
        },
    );
    assert!(matches!(bad, Err(Error::Invalid(_))));
}

#[test]
fn options_come_from_the_window_as_json() {
    let o: OverviewOptions =
        serde_json::from_value(json!({"sort": "villages_without_team", "descending": true}))
            .unwrap();
    assert_eq!(o.sort, SortBy::VillagesWithoutTeam);
    assert!(o.descending && o.query.is_none());
    let o: OverviewOptions = serde_json::from_value(json!({})).unwrap();
    assert_eq!(o.sort, SortBy::Name);
}

#[test]
fn a_commune_drills_down_to_its_teams_and_a_team_to_its_members() {
    let p = province();
    let c = p.district.commune_detail("00001", p.on).unwrap();
    assert!(c.read_only);
    assert_eq!(c.commune.members, 6);
    let teams: Vec<(&str, bool)> = c
        .teams
        .iter()
        .map(|t| (t.name.as_str(), t.active))
        .collect();
    assert_eq!(
        teams,
        [("Tổ Hai", true), ("Tổ Một", true), ("Tổ Ba", false)]
    );
    let names: Vec<&str> = c
        .villages_without_team
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["Thôn Nam"]);
    let mot = c.teams.iter().find(|t| t.team_id == p.mot).unwrap();
    assert_eq!(mot.founded, NaiveDate::from_ymd_opt(2019, 3, 5));
    assert_eq!(mot.villages, ["Thôn Đông"]);
    assert_eq!(mot.met, 6);
    let ins = mot.latest_inspection.as_ref().unwrap();
    assert_eq!(ins.owner, "001", "the district owns its inspection");
    assert!(!ins.overdue);
    let ba = c.teams.iter().find(|t| !t.active).unwrap();
    assert!(ba.rules.is_empty() && ba.status_label == "Tạm dừng");

    let hai = p.district.team_detail(&p.hai, p.on).unwrap();
    assert!(hai.read_only);
    let members: Vec<(&str, bool)> = hai
        .members
        .iter()
        .map(|m| (m.full_name.as_str(), m.trained))
        .collect();
    // By given name, Vietnamese order: Ánh < Chi < Dũng < Đức.
    assert_eq!(
        members,
        [
            ("Ngô Thị Ánh", false),
            ("Vũ Thị Chi", false),
            ("Bùi Văn Dũng", false),
            ("Đỗ Văn Đức", true)
        ]
    );
    assert_eq!(hai.members[0].birth_year, Some(1980));
    assert_eq!(hai.team.rules[2].status, Status::Partial);

    let bt = p.district.team_detail(&p.bac_trung, p.on).unwrap();
    assert_eq!(bt.team.villages, ["Thôn Bắc", "Thôn Trung"]);
    let overdue: Vec<bool> = bt.inspections.iter().map(|i| i.overdue).collect();
    assert_eq!(
        overdue,
        [true, false],
        "newest first; the older one was followed up"
    );
    assert_eq!(bt.team.overdue_inspections, 1);

    assert!(matches!(
        p.district.commune_detail("00099", p.on),
        Err(Error::OutsideScope { .. })
    ));
    assert!(matches!(
        p.district.team_detail("no-such-team", p.on),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn chart_series_come_with_the_overview() {
    let p = province();
    let o = p
        .district
        .receiver_overview(p.on, &OverviewOptions::default())
        .unwrap();
    let founded = &o.charts.founded_by_year;
    assert_eq!((founded[0].year, founded[0].founded), (2019, 1));
    assert_eq!(founded.last().unwrap().year, p.on.year());
    assert_eq!(founded.last().unwrap().cumulative, 1);
    assert_eq!(o.charts.founded_unknown, 2, "Tổ Hai and Tổ Bắc Trung");
    let phuc_xa = o
        .charts
        .training_coverage
        .iter()
        .find(|c| c.unit_code == "00001")
        .unwrap();
    assert_eq!(
        (phuc_xa.members, phuc_xa.trained, phuc_xa.share),
        (6, 3, Some(0.5))
    );
    let bars = &o.charts.compliance_by_commune;
    assert_eq!(bars.len(), 13);
    let b = bars.iter().find(|c| c.unit_code == "00004").unwrap();
    assert_eq!(b.shares, vec![Some(0.0); 8]);
}

#[test]
fn a_commune_database_gives_its_own_single_row() {
    let p = province();
    let o = p
        .phuc_xa
        .receiver_overview(p.on, &OverviewOptions::default())
        .unwrap();
    assert_eq!(o.communes.len(), 1);
    let a = &o.communes[0];
    assert_eq!(
        (a.unit_code.as_str(), a.members, a.active_teams),
        ("00001", 6, 2)
    );
    assert!(a.last_bundle.is_none());
    assert_eq!(
        codes(&a.attention),
        ["villages_without_team"],
        "no bundle is expected here"
    );
    // The district's inspection, which the ward's database does not hold, is the
    // district's part, not the ward's: Tổ Một's C7 is met here as it is at the district.
    assert_eq!(a.rules[6].met, 1);
    let detail = p.phuc_xa.commune_detail("00001", p.on).unwrap();
    assert!(!detail.read_only);
}

#[test]
fn a_receiving_unit_records_only_what_it_owns() {
    let mut p = province();
    let refused = p.district.create(
        "team",
        &fields(json!({"name": "Tổ lạ", "model_type": "to_bao_ve_antt", "status": "hoat_dong"})),
    );
    let Err(e @ Error::ReceiverCannotCreate { .. }) = refused else {
        panic!("a district does not make teams: {refused:?}");
    };
    assert!(e.to_string().contains("do xã lập"), "{e}");
    add(
        &mut p.district,
        "commendation",
        json!({"team_id": p.mot, "form": "giay_khen", "authority": "Trưởng Công an quận",
               "decision_date": dates::vn(p.on)}),
    );
    let o = p
        .district
        .receiver_overview(p.on, &OverviewOptions::default())
        .unwrap();
    assert_eq!(
        row(&o, "00001").rules[7].met,
        1,
        "C8 counts the district's commendation"
    );
}

#[test]
fn the_cached_overview_follows_every_write() {
    let mut p = province();
    let kept = OverviewCache::new();
    let rows = |cache: &OverviewCache, s: &Store| {
        cache
            .overview(s, p.on, &OverviewOptions::default())
            .unwrap()
            .totals
            .overdue_inspections
    };
    assert_eq!(rows(&kept, &p.district), 1);
    let id = add(
        &mut p.district,
        "inspection",
        json!({"team_id": p.hai, "inspection_date": ago(p.on, 10), "inspecting_unit": "Công an quận",
               "deadline": ago(p.on, 1)}),
    );
    assert_eq!(
        rows(&kept, &p.district),
        2,
        "a write through this connection"
    );
    p.district
        .update(
            "inspection",
            &id,
            &fields(json!({"follow_up": "Đã khắc phục"})),
        )
        .unwrap();
    assert_eq!(rows(&kept, &p.district), 1);
    p.district.set_setting("period_days", 30).unwrap();
    let o = kept
        .overview(&p.district, p.on, &OverviewOptions::default())
        .unwrap();
    assert_eq!(o.thresholds.period_days, 30, "settings too");

    // Another connection to the same file (the command line while the window is open).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huyen.db");
    p.district.backup(&path).unwrap();
    let window = Store::open(&path).unwrap();
    let windows_cache = OverviewCache::new();
    assert_eq!(rows(&windows_cache, &window), 1);
    let mut cli = Store::open(&path).unwrap();
    add(
        &mut cli,
        "inspection",
        json!({"team_id": p.mot, "inspection_date": ago(p.on, 10), "inspecting_unit": "Công an quận",
               "deadline": ago(p.on, 1)}),
    );
    assert_eq!(
        rows(&windows_cache, &window),
        2,
        "a commit by another connection"
    );
    // One cache read for another store: the stores are told apart.
    assert_eq!(rows(&windows_cache, &p.district), 1);
}

/// The number of active teams in the overview as `cache` answers it.
fn active_teams(cache: &OverviewCache, s: &Store, on: NaiveDate) -> usize {
    cache
        .overview(s, on, &OverviewOptions::default())
        .unwrap()
        .totals
        .active_teams
}

#[test]
fn the_kept_overview_is_reused_until_a_team_is_added_through_the_store() {
    let mut p = province();
    let cache = OverviewCache::new();
    let first = cache.gathered(&p.phuc_xa, p.on).unwrap();
    let again = cache.gathered(&p.phuc_xa, p.on).unwrap();
    assert!(Arc::ptr_eq(&first, &again), "nothing written: kept");
    let next_day = cache
        .gathered(&p.phuc_xa, p.on + chrono::Days::new(1))
        .unwrap();
    assert!(!Arc::ptr_eq(&first, &next_day), "another day: computed");

    assert_eq!(active_teams(&cache, &p.phuc_xa, p.on), 2);
    let bac = village(&mut p.phuc_xa, "Thôn Bắc");
    team(&mut p.phuc_xa, "Tổ Bốn", "hoat_dong", &[&bac]);
    assert_eq!(active_teams(&cache, &p.phuc_xa, p.on), 3);
    assert_eq!(
        cache
            .commune_detail(&p.phuc_xa, "00001", p.on)
            .unwrap()
            .teams
            .len(),
        4,
        "the drill-down reads the same kept figures"
    );
}

#[test]
fn a_team_added_through_a_second_store_on_the_same_file_is_seen() {
    let mut p = province();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phuc-xa.db");
    p.phuc_xa.backup(&path).unwrap();
    let window = Store::open(&path).unwrap();
    let cache = OverviewCache::new();
    assert_eq!(active_teams(&cache, &window, p.on), 2);
    let kept = cache.gathered(&window, p.on).unwrap();

    let mut cli = Store::open(&path).unwrap();
    let bac = village(&mut cli, "Thôn Bắc");
    team(&mut cli, "Tổ Bốn", "hoat_dong", &[&bac]);
    assert!(!Arc::ptr_eq(&kept, &cache.gathered(&window, p.on).unwrap()));
    assert_eq!(active_teams(&cache, &window, p.on), 3);
}

#[test]
fn a_restore_is_seen_by_the_kept_overview() {
    let mut p = province();
    let dir = tempfile::tempdir().unwrap();
    let (path, before) = (dir.path().join("phuc-xa.db"), dir.path().join("before.db"));
    // With the team facts up to date in the copy, so reading it after the restore
    // writes nothing: SQLite's own counters do not move on a restore either.
    p.phuc_xa
        .receiver_overview(p.on, &OverviewOptions::default())
        .unwrap();
    p.phuc_xa.backup(&path).unwrap();
    p.phuc_xa.backup(&before).unwrap();
    let mut window = Store::open(&path).unwrap();
    let bac = village(&mut window, "Thôn Bắc");
    team(&mut window, "Tổ Bốn", "hoat_dong", &[&bac]);
    let cache = OverviewCache::new();
    assert_eq!(active_teams(&cache, &window, p.on), 3);
    window.restore(&before).unwrap();
    assert_eq!(active_teams(&cache, &window, p.on), 2);
}

#[test]
fn the_cache_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<OverviewCache>();
}

#[test]
fn an_old_bundle_is_asked_for_again_after_its_own_setting() {
    let mut p = province();
    let later = p.on + chrono::Days::new(40);
    let a = |p: &Province| {
        let o = p
            .district
            .receiver_overview(later, &OverviewOptions::default())
            .unwrap();
        row(&o, "00001").attention.clone()
    };
    let old = a(&p);
    let asked = old
        .iter()
        .find(|x| x.code == "old_bundle")
        .expect("40 days > 31");
    assert!(
        asked.text.contains("40 ngày trước, quá 31 ngày"),
        "{}",
        asked.text
    );

    // The records' freshness rule (C2) is another matter and does not move it.
    p.district.set_setting("c2_fresh_days", 365).unwrap();
    assert!(a(&p).iter().any(|x| x.code == "old_bundle"));
    p.district.set_setting("bundle_max_age_days", 60).unwrap();
    assert!(!a(&p).iter().any(|x| x.code == "old_bundle"));
}

#[test]
fn a_communes_report_on_an_inspection_ends_its_overdue_deadline() {
    let on = chrono::Local::now().date_naive();
    let ago = |d| ago(on, d);
    let mut c = Store::open_in_memory().unwrap();
    c.init(Role::Commune, UnitSet::Y2008, "00004").unwrap();
    let bac = village(&mut c, "Thôn Bắc");
    let team_id = team(&mut c, "Tổ Bắc", "hoat_dong", &[&bac]);
    let mut d = Store::open_in_memory().unwrap();
    d.init(Role::Receiver, UnitSet::Y2008, "001").unwrap();
    import(&mut d, &export(&mut c, true), enrol());
    let inspection = add(
        &mut d,
        "inspection",
        json!({"team_id": team_id, "inspection_date": ago(60), "inspecting_unit": "Công an quận Ba Đình",
               "recommendations": "Khám sức khỏe cho thành viên", "deadline": ago(30)}),
    );
    let overdue = |d: &Store, day| {
        let t = d.team_detail(&team_id, day).unwrap();
        (t.team.overdue_inspections, t.inspections[0].overdue)
    };
    assert_eq!(overdue(&d, on), (1, true));

    // The inspection travels back; the commune cannot write into it, but reports on it.
    let back = import(&mut c, &export(&mut d, false), enrol());
    assert_eq!(back.status, crate::sync::import::ImportStatus::Applied);
    let into = c.update(
        "inspection",
        &inspection,
        &fields(json!({"follow_up": "Đã khám"})),
    );
    assert!(matches!(into, Err(Error::NotOwner { .. })), "{into:?}");
    // Not dated before the inspection it answers.
    let early = c.create(
        "inspection_follow_up",
        &fields(json!({"inspection_id": inspection, "report_date": ago(61), "content": "Sớm"})),
    );
    match early {
        Err(Error::Invalid(p)) => {
            assert_eq!(p[0].field, "report_date");
            assert!(
                p[0].message
                    .contains(&format!("trước ngày kiểm tra ({})", ago(60))),
                "{}",
                p[0].message
            );
        }
        other => panic!("refused, not {other:?}"),
    }
    add(
        &mut c,
        "inspection_follow_up",
        json!({"inspection_id": inspection, "report_date": ago(5),
               "content": "Đã khám sức khỏe cho cả 4 thành viên"}),
    );
    let r = import(&mut d, &export(&mut c, false), enrol());
    assert_eq!(
        (r.status, r.inserted),
        (crate::sync::import::ImportStatus::Applied, 1)
    );

    assert_eq!(overdue(&d, on), (0, false));
    let seen = &d.team_detail(&team_id, on).unwrap().inspections[0];
    assert_eq!(seen.reported, Some(on - chrono::Days::new(5)));
    assert_eq!(
        seen.report.as_deref(),
        Some("Đã khám sức khỏe cho cả 4 thành viên")
    );
    let row = d
        .receiver_overview(on, &OverviewOptions::default())
        .unwrap()
        .communes
        .into_iter()
        .find(|c| c.unit_code == "00004")
        .unwrap();
    assert_eq!(row.overdue_inspections, 0);
    // Ten days ago the report had not been written yet.
    assert_eq!(overdue(&d, on - chrono::Days::new(10)), (1, true));

    // The district cannot delete what the commune has reported on, and says why.
    match d.delete("inspection", &inspection) {
        Err(e @ Error::HeldByOtherUnit { .. }) => assert!(
            e.to_string()
                .contains("báo cáo khắc phục của đơn vị mã 00004"),
            "{e}"
        ),
        other => panic!("refused, not {other:?}"),
    }
}

/// The window prepares the overview through the writer after an import and serves it
/// through its reading connections: the same content version, so the same figures.
#[test]
fn what_the_writer_prepares_a_reader_reuses_until_the_next_write() {
    let mut p = province();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quan.db");
    p.district.backup(&path).unwrap();
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open_reader(&path).unwrap();
    let cache = OverviewCache::new();
    cache.prepare(&writer, p.on).unwrap();
    let prepared = cache.gathered(&writer, p.on).unwrap();
    assert!(Arc::ptr_eq(
        &prepared,
        &cache.gathered(&reader, p.on).unwrap()
    ));
    add(
        &mut writer,
        "inspection",
        json!({"team_id": p.mot, "inspection_date": ago(p.on, 10), "inspecting_unit": "Công an quận",
               "deadline": ago(p.on, 1)}),
    );
    let after = cache.gathered(&reader, p.on).unwrap();
    assert!(
        !Arc::ptr_eq(&prepared, &after),
        "a commit moves the version"
    );
    assert_eq!(
        cache
            .overview(&reader, p.on, &OverviewOptions::default())
            .unwrap()
            .totals
            .overdue_inspections,
        2
    );
}

/// Bundles of one batch are logged in the same second: the commune's last bundle is
/// the one applied last, not whichever row SQLite meets first.
#[test]
fn the_last_bundle_of_a_batch_is_the_last_applied() {
    let mut commune = Store::open_in_memory().unwrap();
    commune
        .init(Role::Commune, UnitSet::Y2008, "00001")
        .unwrap();
    village(&mut commune, "Thôn Đông");
    let first = export(&mut commune, true);
    village(&mut commune, "Thôn Tây");
    let second = export(&mut commune, false);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("b-dau.zip"), dir.path().join("a-sau.zip"));
    std::fs::write(&a, first).unwrap();
    std::fs::write(&b, second).unwrap();
    for order in [[&a, &b], [&b, &a]] {
        let mut district = Store::open_in_memory().unwrap();
        district
            .init(Role::Receiver, UnitSet::Y2008, "001")
            .unwrap();
        let paths: Vec<std::path::PathBuf> = order.iter().map(|p| p.to_path_buf()).collect();
        district.import_files(&paths, enrol(), |_| {}).unwrap();
        let o = district
            .receiver_overview(crate::ops::today(), &OverviewOptions::default())
            .unwrap();
        let last = row(&o, "00001").last_bundle.as_ref().unwrap();
        let applied_last = order[1].file_name().unwrap().to_string_lossy();
        assert_eq!(last.file_name, applied_last, "{order:?}");
    }
}
