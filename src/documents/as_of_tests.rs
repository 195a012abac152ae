//! Documents as of their date (issue 13): who a decision names, their age on its date,
//! and the member list's columns for that date.

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::*;
use crate::installation::Role;
use crate::records::Fields;
use crate::units::UnitSet;
use crate::Store;

fn day(d: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn fields(v: Value) -> Fields {
    v.as_object().unwrap().clone()
}

/// A team launched on `launch`, its founding decision in `state` dated `date` (none
/// when `date` is `None`); returns the store, the team and the decision.
fn team(launch: &str, state: &str, date: Option<&str>) -> (Store, String, String) {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let team = s
        .create(
            "team",
            &fields(json!({"name": "Tổ bảo vệ an ninh, trật tự tổ dân phố số 1",
                "model_type": "to_bao_ve_antt", "status": "hoat_dong", "launch_date": launch})),
        )
        .unwrap()
        .id;
    let mut d = fields(json!({"team_id": team, "decision_type": "thanh_lap", "state": state}));
    if state == "da_cap_so" {
        d.extend(fields(json!({"number": 83, "symbol": "QĐ-UBND"})));
    }
    if let Some(date) = date {
        d.extend(fields(
            json!({"decision_date": date, "authority_type": "chu_tich",
            "signer_name": "Nguyễn Văn Xuân"}),
        ));
    }
    let decision = s.create("decision", &d).unwrap().id;
    (s, team, decision)
}

fn member(s: &mut Store, team: &str, name: &str, extra: Value) -> String {
    let mut f = fields(
        json!({"team_id": team, "full_name": name, "role": "to_vien",
        "sex": "nam", "birth_date": "1980-01-01"}),
    );
    f.extend(fields(extra));
    s.create("member", &f).unwrap().id
}

fn names(s: &Store, team: &str, on: NaiveDate) -> Vec<String> {
    let mut n: Vec<String> = s
        .document_facts(team, on)
        .unwrap()
        .members
        .into_iter()
        .map(|m| m.full_name)
        .collect();
    n.sort();
    n
}

#[test]
fn a_decision_names_the_members_of_its_date() {
    let (mut s, team, decision) = team("2024-08-20", "da_cap_so", Some("2024-08-15"));
    // Joined at the launch, five days after the decision: a founding member.
    member(&mut s, &team, "An", json!({"joined_date": "2024-08-20"}));
    // Left after the decision's date: a member on 15/8/2024.
    member(
        &mut s,
        &team,
        "Bình",
        json!({"joined_date": "2024-08-20", "exit_date": "2025-02-13"}),
    );
    // Joined in 2026: not on a paper of 2024.
    member(&mut s, &team, "Cường", json!({"joined_date": "2026-05-29"}));
    // Left before the decision.
    member(
        &mut s,
        &team,
        "Dũng",
        json!({"joined_date": "2024-01-01", "exit_date": "2024-08-01"}),
    );
    // Left on the decision's day itself: no longer a member that day.
    member(
        &mut s,
        &team,
        "Giang",
        json!({"joined_date": "2024-01-01", "exit_date": "2024-08-15"}),
    );
    // Joined later, but the role history ties the member to this decision.
    let hanh = member(&mut s, &team, "Hạnh", json!({"joined_date": "2024-09-30"}));
    s.create(
        "member_role",
        &fields(
            json!({"member_id": hanh, "role": "to_vien", "from_date": "2024-08-15",
            "decision_id": decision}),
        ),
    )
    .unwrap();
    // The draft's day does not matter: the decision's own date does.
    assert_eq!(names(&s, &team, day(1, 12, 2026)), ["An", "Bình", "Hạnh"]);
    // The regulation's draft (no decision issues it yet) counts the members of its own
    // day, a day the installation's 2008–2025 unit still issued documents.
    let reg = s.regulation_document(&team, day(1, 12, 2024)).unwrap();
    let text = serde_json::to_string(&reg).unwrap();
    assert!(text.contains("00 Tổ phó, 03 Tổ viên"), "{text}");
}

#[test]
fn a_draft_without_a_date_names_the_members_of_the_day_it_is_written() {
    let (mut s, team, _) = team("2024-08-20", "du_thao", None);
    member(&mut s, &team, "An", json!({"joined_date": "2024-08-20"}));
    member(&mut s, &team, "Cường", json!({"joined_date": "2025-05-29"}));
    member(&mut s, &team, "Không rõ ngày", json!({}));
    // Days before 1/7/2025: the installation's 2008–2025 unit issues them itself.
    assert_eq!(names(&s, &team, day(1, 1, 2025)), ["An", "Không rõ ngày"]);
    assert_eq!(
        names(&s, &team, day(1, 6, 2025)),
        ["An", "Cường", "Không rõ ngày"]
    );
}

#[test]
fn a_draft_naming_a_member_outside_18_to_70_is_refused_with_each_name() {
    let (mut s, team, _) = team("2024-10-25", "du_thao", Some("2024-10-25"));
    member(
        &mut s,
        &team,
        "Trẻ",
        json!({"birth_date": "2009-07-27", "joined_date": "2024-10-25"}),
    );
    member(
        &mut s,
        &team,
        "Già",
        json!({"birth_date": "1954-03-01", "joined_date": "2024-10-25"}),
    );
    member(
        &mut s,
        &team,
        "Đủ tuổi",
        json!({"birth_date": "2006-10-25", "joined_date": "2024-10-25"}),
    );
    let e = s.decision_document(&team, day(25, 10, 2024)).unwrap_err();
    assert_eq!(e.code(), "member_ineligible");
    let text = e.to_string();
    assert!(
        text.contains("Trẻ: chưa đủ 18 tuổi ngày 25/10/2024 (15 tuổi)"),
        "{text}"
    );
    assert!(
        text.contains("Già: đã trên 70 tuổi ngày 25/10/2024 (70 tuổi)"),
        "{text}"
    );
    assert!(!text.contains("Đủ tuổi"), "18 on the day itself: {text}");
    assert!(text.ends_with('.'));

    // The member list still prints, with the reason in Ghi chú.
    let list = s.member_list_document(&team, day(25, 10, 2024)).unwrap();
    let json = serde_json::to_string(&list).unwrap();
    assert!(json.contains("Chưa đủ 18 tuổi"));
    assert!(json.contains("Trên 70 tuổi, chưa có QĐ của Chủ tịch UBND"));

    // The Chairman's decision lets the older member in; the minor must go.
    let facts = s.document_facts(&team, day(25, 10, 2024)).unwrap();
    let old = facts.members.iter().find(|m| m.full_name == "Già").unwrap();
    s.update(
        "member",
        &old.id,
        &fields(json!({"age_exception": "Quyết định số 95/QĐ-UBND ngày 20/10/2024"})),
    )
    .unwrap();
    let young = facts.members.iter().find(|m| m.full_name == "Trẻ").unwrap();
    s.update(
        "member",
        &young.id,
        &fields(json!({"exit_date": "2024-10-25"})),
    )
    .unwrap();
    s.decision_document(&team, day(25, 10, 2024)).unwrap();
    let json =
        serde_json::to_string(&s.member_list_document(&team, day(25, 10, 2024)).unwrap()).unwrap();
    assert!(json.contains("Trên 70 tuổi, theo Quyết định số 95/QĐ-UBND ngày 20/10/2024"));
}

#[test]
fn a_year_only_birth_must_be_surely_18_and_a_signed_decision_is_never_refused() {
    let (mut s, team, decision) = team("2024-06-01", "du_thao", Some("2024-06-01"));
    member(
        &mut s,
        &team,
        "Năm sinh",
        json!({"birth_date": "2006", "joined_date": "2024-06-01"}),
    );
    let e = s.decision_document(&team, day(1, 6, 2024)).unwrap_err();
    assert!(e.to_string().contains("có thể chưa đủ 18 tuổi"), "{e}");
    assert!(e.to_string().contains("ghi đủ ngày sinh"), "{e}");
    // Signed: what was signed prints (it is frozen elsewhere); the list marks it.
    s.update(
        "decision",
        &decision,
        &fields(json!({"state": "da_ky", "number": 61, "symbol": "QĐ-UBND",
            "authority_type": "chu_tich", "signer_name": "Nguyễn Văn Xuân"})),
    )
    .unwrap();
    s.decision_document(&team, day(1, 6, 2024)).unwrap();
}

fn headings(on: NaiveDate) -> String {
    let (mut s, team, _) = team("2010-01-01", "du_thao", None);
    member(
        &mut s,
        &team,
        "Có bằng",
        json!({"education": "thpt", "professional_level": "dai_hoc",
            "id_doc_type": "cmnd", "id_number": "012345678"}),
    );
    member(&mut s, &team, "Mã cũ", json!({"education": "cao_dang"}));
    serde_json::to_string(&s.member_list_document(&team, on).unwrap()).unwrap()
}

#[test]
fn the_identity_column_is_headed_by_the_documents_of_its_date() {
    let before = headings(day(31, 12, 2015));
    assert!(before.contains("\"Số CMND\""));
    assert!(
        before.contains("\"012345678\""),
        "a CMND under its own heading"
    );
    let cccd = headings(day(1, 1, 2016));
    assert!(cccd.contains("\"Số CMND, CCCD\""));
    assert!(headings(day(30, 6, 2024)).contains("\"Số CMND, CCCD\""));
    let after = headings(day(1, 7, 2024));
    assert!(after.contains("\"Số định danh cá nhân\""));
    assert!(after.contains("012345678 (CMND)"), "a CMND kept, named");
}

#[test]
fn education_and_professional_level_have_their_columns() {
    let json = headings(day(1, 7, 2024));
    for head in ["\"Trình độ\"", "\"Học vấn\"", "\"Chuyên môn\""] {
        assert!(json.contains(head), "{head}");
    }
    assert!(json.contains("\"THPT\""));
    assert!(json.contains("\"Đại học\""));
    // A legacy higher code under general education moves to the professional column.
    let (mut s, team, _) = team("2010-01-01", "du_thao", None);
    member(&mut s, &team, "Mã cũ", json!({"education": "cao_dang"}));
    let m = &s.document_facts(&team, day(1, 7, 2024)).unwrap().members[0];
    assert_eq!(m.education, None);
    assert_eq!(m.professional.as_deref(), Some("Cao đẳng"));
}

#[test]
fn fixed_texts_fit_their_columns_without_wrapping() {
    // A date, twelve digits and a phone number at the table's size, with 1 mm margins.
    let widths = member_list::widths();
    let fits = |text: &str, col: usize| {
        measure::width(text, model::size::TABLE, false) + 2 * 57 <= widths[col]
    };
    assert!(fits("28/02/1975", 2) && fits("28/02/1975", 3));
    assert!(fits("001075012345", 5));
    assert!(fits("0912345678", 12));
    assert!(widths.iter().sum::<u32>() <= model::TEXT_W_LANDSCAPE);
}
