//! A small commune built by hand, with the result of every rule worked out on paper:
//!
//! - Thôn Đông (team A), Thôn Tây (team B), Thôn Nam (no team; team C covers nothing
//!   and is suspended, so it is not assessed and covers no village).
//! - Team A has everything: founding decision signed, numbered, scanned; 2 members, both
//!   with health certificates, THCS education, trained 3 months ago; a regulation with a
//!   duty; a programme link; a propaganda session and a people's contribution this year;
//!   an inspection; uniforms, badges and batons for both; a commendation 2 years ago.
//!   → 8/8.
//! - Team B: a draft decision (C1 partial: not signed, no number, no scan); 5 members of
//!   whom 3 meet all three C3 conditions (60 % < 80 % → partial); a regulation without
//!   duties (C4 partial); no programme (C5 not met); a contribution but no propaganda
//!   (C6 partial); two uniforms for five members and no badge or baton (C7 partial: the
//!   members trained, nothing left with the one who left; the missing inspection is the
//!   police's, not counted); a commendation 7 years ago and no proposal since (C8 not
//!   met with the 5-year window).

use chrono::NaiveDate;
use serde_json::{json, Value as Json};

use super::*;
use crate::installation::Role;
use crate::records::Fields;
use crate::units::UnitSet;

fn fields(v: Json) -> Fields {
    match v {
        Json::Object(m) => m,
        _ => unreachable!(),
    }
}

struct Fixture {
    store: Store,
    team_a: String,
    team_b: String,
    on: NaiveDate,
}

use crate::test_support::add;

fn fixture() -> Fixture {
    let on = chrono::Local::now().date_naive();
    let ago = |days: u64| {
        (on - chrono::Days::new(days))
            .format("%d/%m/%Y")
            .to_string()
    };
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let v_east = add(
        &mut s,
        "village",
        json!({"name": "Thôn Đông", "village_type": "thon"}),
    );
    let v_west = add(
        &mut s,
        "village",
        json!({"name": "Thôn Tây", "village_type": "thon"}),
    );
    let v_south = add(
        &mut s,
        "village",
        json!({"name": "Thôn Nam", "village_type": "thon"}),
    );
    let team = |s: &mut Store, name: &str, status: &str| {
        add(
            s,
            "team",
            json!({"name": name, "model_type": "to_bao_ve_antt", "status": status}),
        )
    };
    let a = team(&mut s, "Tổ A", "hoat_dong");
    let b = team(&mut s, "Tổ B", "hoat_dong");
    let c = team(&mut s, "Tổ C", "tam_dung");
    add(
        &mut s,
        "team_village",
        json!({"team_id": a, "village_id": v_east}),
    );
    add(
        &mut s,
        "team_village",
        json!({"team_id": b, "village_id": v_west}),
    );
    add(
        &mut s,
        "team_village",
        json!({"team_id": c, "village_id": v_south}),
    );

    let scan = s.add_attachment(b"%PDF-1.4 quyet dinh").unwrap().sha256;
    add(
        &mut s,
        "decision",
        json!({"team_id": a, "decision_type": "thanh_lap", "state": "da_cap_so", "number": 12,
               "decision_date": ago(400), "signer_name": "Nguyễn Văn Chủ", "authority_type": "chu_tich",
               "scan_sha256": scan}),
    );
    add(
        &mut s,
        "decision",
        json!({"team_id": b, "decision_type": "thanh_lap", "state": "du_thao"}),
    );

    let training = add(
        &mut s,
        "training",
        json!({"title": "Tập huấn nghiệp vụ", "start_date": ago(90)}),
    );
    let old_training = add(
        &mut s,
        "training",
        json!({"title": "Tập huấn 2020", "start_date": ago(900)}),
    );
    let person = |s: &mut Store,
                  team: &str,
                  name: &str,
                  health: bool,
                  education: &str,
                  trained: Option<&str>| {
        let mut f = json!({"team_id": team, "full_name": name, "sex": "nam", "role": "to_vien", "education": education});
        if health {
            f["health_cert_date"] = json!(ago(200));
        }
        let m = add(s, "member", f);
        if let Some(t) = trained {
            add(
                s,
                "training_attendance",
                json!({"training_id": t, "member_id": m, "result": "dat"}),
            );
        }
        m
    };
    person(&mut s, &a, "Nguyễn Văn Một", true, "thcs", Some(&training));
    person(&mut s, &a, "Trần Văn Hai", true, "thpt", Some(&training));
    person(&mut s, &b, "Lê Văn Ba", true, "thcs", Some(&training));
    person(&mut s, &b, "Phạm Văn Bốn", true, "thcs", Some(&training));
    person(
        &mut s,
        &b,
        "Hoàng Văn Năm",
        true,
        "dai_hoc",
        Some(&training),
    );
    person(&mut s, &b, "Vũ Văn Sáu", false, "thcs", Some(&training)); // no health certificate
    person(
        &mut s,
        &b,
        "Đỗ Văn Bảy",
        true,
        "tieu_hoc",
        Some(&old_training),
    ); // old training, primary school
       // An exited member does not count.
    let gone = person(&mut s, &b, "Bùi Văn Tám", false, "tieu_hoc", None);
    s.update(
        "member",
        &gone,
        &fields(json!({"exit_date": ago(10), "joined_date": ago(500)})),
    )
    .unwrap();

    let reg_a = add(
        &mut s,
        "regulation",
        json!({"team_id": a, "title": "Quy chế hoạt động"}),
    );
    add(
        &mut s,
        "duty",
        json!({"team_id": a, "regulation_id": reg_a, "content": "Tuần tra, canh gác"}),
    );
    add(
        &mut s,
        "regulation",
        json!({"team_id": b, "title": "Quy chế hoạt động"}),
    );
    add(
        &mut s,
        "programme_link",
        json!({"team_id": a, "programme": "nong_thon_moi"}),
    );
    add(
        &mut s,
        "activity",
        json!({"team_id": a, "activity_type": "tuyen_truyen", "activity_date": ago(30)}),
    );
    add(
        &mut s,
        "activity",
        json!({"team_id": b, "activity_type": "tuyen_truyen", "activity_date": ago(500)}),
    );
    for t in [&a, &b] {
        add(
            &mut s,
            "fund_entry",
            json!({"team_id": t, "entry_date": ago(60), "direction": "thu", "amount": 500000, "source": "dong_gop_nhan_dan"}),
        );
        add(
            &mut s,
            "equipment",
            json!({"team_id": t, "item": "trang_phuc_quan_ao", "quantity": 2, "issue_date": ago(100)}),
        );
    }
    // Team A's store holds the badges and batons its two members need.
    for item in ["trang_phuc_bien_hieu", "cong_cu_gay_cao_su"] {
        add(
            &mut s,
            "equipment",
            json!({"team_id": a, "item": item, "quantity": 2, "issue_date": ago(100)}),
        );
    }
    add(
        &mut s,
        "inspection",
        json!({"team_id": a, "inspection_date": ago(45), "inspecting_unit": "Công an xã"}),
    );
    add(
        &mut s,
        "commendation",
        json!({"team_id": a, "form": "giay_khen", "authority": "Chủ tịch UBND xã", "decision_date": ago(730)}),
    );
    add(
        &mut s,
        "commendation",
        json!({"team_id": b, "form": "giay_khen", "authority": "Chủ tịch UBND xã", "decision_date": ago(7 * 366)}),
    );
    Fixture {
        store: s,
        team_a: a,
        team_b: b,
        on,
    }
}

fn statuses(report: &ComplianceReport, team: &str) -> Vec<Status> {
    let t = report
        .teams
        .iter()
        .find(|t| t.team_id == team)
        .expect("team assessed");
    t.rules.iter().map(|r| r.status).collect()
}

use Status::{Met as M, NotMet as N, Partial as P};

#[test]
fn every_rule_gives_the_hand_computed_result() {
    let f = fixture();
    let report = f.store.compliance(f.on).unwrap();
    assert_eq!(statuses(&report, &f.team_a), [M, M, M, M, M, M, M, M]);
    assert_eq!(statuses(&report, &f.team_b), [P, M, P, P, N, P, P, N]);
    let b = report.teams.iter().find(|t| t.team_id == f.team_b).unwrap();
    assert_eq!(b.members, 5, "the exited member is not counted");
    let c3 = b.rule("C3").unwrap();
    assert!(c3.detail.starts_with("3/5 thành viên"), "{}", c3.detail);
    assert!(b.rule("C1").unwrap().detail.contains("chưa ký"));
    let c7 = &b.rule("C7").unwrap().detail;
    assert!(c7.contains("Quần áo đồng phục (2/5)"), "{c7}");
    assert!(
        c7.contains("Biển hiệu (0/5)") && c7.contains("Gậy cao su (0/4)"),
        "{c7}"
    );
    assert!(
        c7.contains("không tính vào kết quả của xã: Chưa kiểm tra tổ"),
        "{c7}"
    );
    assert_eq!(
        b.receiver_todo.iter().map(|t| t.code).collect::<Vec<_>>(),
        ["inspect"]
    );
    let a = report.teams.iter().find(|t| t.team_id == f.team_a).unwrap();
    assert!(a.receiver_todo.is_empty(), "{:?}", a.receiver_todo);
}

#[test]
fn suspended_teams_are_not_assessed_and_leave_their_village_uncovered() {
    let f = fixture();
    let report = f.store.compliance(f.on).unwrap();
    assert_eq!(report.teams.len(), 2);
    assert_eq!(report.communes.len(), 1);
    let c = &report.communes[0];
    assert_eq!(c.unit_code, "00001");
    assert_eq!(c.villages, 3);
    assert_eq!(c.villages_without_team, ["Thôn Nam"]);
    assert_eq!(c.active_teams, 2);
    assert_eq!(c.members, 7);
    assert_eq!(c.teams_meeting_all, 1);
    assert_eq!(c.rule_met["C1"], 1);
    assert_eq!(c.rule_met["C2"], 2);
    assert_eq!(c.rule_met["C5"], 1);
}

#[test]
fn thresholds_change_the_results() {
    let mut f = fixture();
    f.store.set_setting("c3_min_percent", 60).unwrap();
    f.store.set_setting("c8_years", 10).unwrap();
    let report = f.store.compliance(f.on).unwrap();
    assert_eq!(statuses(&report, &f.team_b), [P, M, M, P, N, P, P, M]);
    // Primary school counts where the minimum is lowered (hard-to-reach areas), but the
    // member trained 900 days ago still does not: 3/5 stays.
    f.store.set_setting("c3_min_education", 1).unwrap();
    f.store.set_setting("c3_min_percent", 80).unwrap();
    let report = f.store.compliance(f.on).unwrap();
    assert_eq!(statuses(&report, &f.team_b)[2], P);
}

#[test]
fn stale_records_fail_c2() {
    let f = fixture();
    // Move every change of team B 100 days into the past.
    let shift = crate::hlc::from_millis(100 * 86_400_000);
    for kind in crate::kinds::ALL {
        let sql = if kind.name == "team" {
            format!("UPDATE {} SET hlc = hlc - ?1 WHERE id = ?2", kind.table)
        } else if kind.field("team_id").is_some() {
            format!(
                "UPDATE {} SET hlc = hlc - ?1 WHERE team_id = ?2",
                kind.table
            )
        } else {
            continue;
        };
        f.store
            .conn()
            .execute(&sql, rusqlite::params![shift, f.team_b])
            .unwrap();
    }
    // Raw SQL goes round the writer, which would have recomputed the team's facts.
    crate::compliance::facts::mark_stale(f.store.conn(), std::slice::from_ref(&f.team_b)).unwrap();
    let report = f.store.compliance(f.on).unwrap();
    assert_eq!(statuses(&report, &f.team_b)[1], N);
    let detail = &report
        .teams
        .iter()
        .find(|t| t.team_id == f.team_b)
        .unwrap()
        .rules[1]
        .detail;
    assert!(detail.contains("100 ngày"), "{detail}");
    assert_eq!(statuses(&report, &f.team_a)[1], M);
}
