//! The decisions besides the founding one (issue 13, item 6): the one issuing the
//! regulation, with the regulation attached and referring to it; the one recognising the
//! members of its date; a kiện toàn attaching its list; a type not printed is refused.

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

/// A 2025 ward's statutory team with three members who joined on 1/8/2025 and one who
/// joined on 1/3/2026.
fn ward() -> (Store, String) {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2025, "00004").unwrap();
    let team = s
        .create(
            "team",
            &fields(json!({"name": "Tổ bảo vệ an ninh, trật tự tổ dân phố số 1",
                "model_type": "to_bao_ve_antt", "status": "hoat_dong",
                "launch_date": "2025-08-01"})),
        )
        .unwrap()
        .id;
    for (name, role, joined) in [
        ("Nguyễn Văn An", "to_truong", "2025-08-01"),
        ("Trần Thị Bình", "to_pho", "2025-08-01"),
        ("Lê Văn Cường", "to_vien", "2025-08-01"),
        ("Phạm Văn Dũng", "to_vien", "2026-03-01"),
    ] {
        s.create(
            "member",
            &fields(json!({"team_id": team, "full_name": name, "role": role,
                "sex": if name.contains("Thị") { "nu" } else { "nam" },
                "birth_date": "1980-05-05", "joined_date": joined})),
        )
        .unwrap();
    }
    (s, team)
}

fn decision(s: &mut Store, team: &str, decision_type: &str, number: i64, date: &str) -> String {
    s.create(
        "decision",
        &fields(json!({"team_id": team, "decision_type": decision_type,
            "state": "da_cap_so", "number": number, "symbol": "QĐ-UBND",
            "decision_date": date, "authority_type": "chu_tich",
            "signer_name": "Nguyễn Văn Xuân"})),
    )
    .unwrap()
    .id
}

fn html(doc: &Document) -> String {
    to_html(doc)
}

#[test]
fn the_recognition_decision_names_the_members_of_its_date() {
    let (mut s, team) = ward();
    let id = decision(&mut s, &team, "cong_nhan_thanh_vien", 15, "2025-08-05");
    let doc = s.decision_document_by_id(&id, day(4, 12, 2026)).unwrap();
    let text = html(&doc);
    for expected in [
        "Về việc công nhận thành viên Tổ bảo vệ an ninh, trật tự tổ dân phố số 1",
        "Công nhận các ông (bà) có tên sau là thành viên Tổ bảo vệ an ninh, trật tự tổ dân phố số 1:",
        "Ông Nguyễn Văn An, sinh năm 1980 – Tổ trưởng",
        "Bà Trần Thị Bình",
        "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở và các văn bản hướng dẫn thi hành",
        "Điều 3.",
        "Số: 15/QĐ-UBND",
        "PHƯỜNG BA ĐÌNH",
    ] {
        assert!(text.contains(expected), "no {expected:?} in {text}");
    }
    // Joined in 2026: not on a paper of August 2025.
    assert!(!text.contains("Phạm Văn Dũng"), "{text}");
    assert_eq!(
        doc.sections.len(),
        1,
        "four members or fewer are named inline"
    );
    // Saved as signed by itself when it was recorded signed: the saved one prints.
    assert!(s.get("decision", &id).unwrap().text("document").is_some());
}

#[test]
fn the_regulation_comes_attached_to_the_decision_that_issues_it() {
    let (mut s, team) = ward();
    let id = decision(&mut s, &team, "ban_hanh_quy_che", 16, "2025-08-06");
    let doc = s.decision_document_by_id(&id, day(4, 12, 2026)).unwrap();
    assert_eq!(doc.sections.len(), 2, "the decision, then the regulation");
    let text = html(&doc);
    for expected in [
        "Về việc ban hành Quy chế hoạt động của Tổ bảo vệ an ninh, trật tự tổ dân phố số 1",
        "Ban hành kèm theo Quyết định này Quy chế hoạt động của Tổ bảo vệ an ninh, trật tự tổ dân phố số 1.",
        "Điều 2.",
        "QUY CHẾ",
        "(Kèm theo Quyết định số 16/QĐ-UBND ngày 06 tháng 8 năm 2025 của Chủ tịch Ủy ban nhân dân phường Ba Đình)",
    ] {
        assert!(text.contains(expected), "no {expected:?} in {text}");
    }
    assert!(
        !text.contains("Điều 3. Quyết định này"),
        "two articles, then the regulation's own"
    );
    assert!(
        text.contains("Như Điều 2;"),
        "the recipients name the article that says who"
    );
    assert!(!text.contains("Như Điều 3"), "{text}");
    // The regulation printed alone refers to the same decision.
    let alone = html(&s.regulation_document(&team, day(4, 12, 2026)).unwrap());
    assert!(alone.contains("Kèm theo Quyết định số 16/QĐ-UBND ngày 06 tháng 8 năm 2025"));
}

#[test]
fn a_reorganisation_of_many_members_attaches_their_list() {
    let (mut s, team) = ward();
    s.set_setting("decision_inline_members", 2).unwrap();
    let id = decision(&mut s, &team, "kien_toan", 30, "2026-03-10");
    let doc = s.decision_document_by_id(&id, day(4, 12, 2026)).unwrap();
    let text = html(&doc);
    assert!(
        text.contains("Kiện toàn Tổ bảo vệ an ninh, trật tự tổ dân phố số 1 gồm 04 thành viên (có danh sách kèm theo)."),
        "{text}"
    );
    assert_eq!(doc.sections.len(), 2, "the decision, then the list");
    assert!(
        text.contains("Phạm Văn Dũng"),
        "joined before the decision's date"
    );
    assert!(text.contains("(Kèm theo Quyết định số 30/QĐ-UBND ngày 10 tháng 3 năm 2026"));
}

#[test]
fn a_decision_the_program_does_not_print_is_refused_in_words() {
    let (mut s, team) = ward();
    let id = s
        .create(
            "decision",
            &fields(json!({"team_id": team, "decision_type": "giai_the", "state": "du_thao"})),
        )
        .unwrap()
        .id;
    let e = s
        .decision_document_by_id(&id, day(4, 12, 2026))
        .unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().contains("chưa in loại quyết định này"), "{e}");
}

#[test]
fn a_draft_recognition_is_dated_by_the_day_it_is_written() {
    let (mut s, team) = ward();
    let id = s
        .create(
            "decision",
            &fields(
                json!({"team_id": team, "decision_type": "cong_nhan_thanh_vien",
                "state": "du_thao"}),
            ),
        )
        .unwrap()
        .id;
    let before = html(&s.decision_document_by_id(&id, day(1, 1, 2026)).unwrap());
    assert!(!before.contains("Phạm Văn Dũng"));
    let after = html(&s.decision_document_by_id(&id, day(1, 4, 2026)).unwrap());
    assert!(after.contains("Phạm Văn Dũng"));
    assert!(after.contains("Số:"), "a blank number for the clerk");
}

#[test]
fn a_statutory_regulation_has_the_law_s_chapters_and_a_2014_one_does_not() {
    let (mut s, team) = ward();
    let village = s
        .create(
            "village",
            &fields(json!({"name": "Tổ dân phố số 1", "village_type": "to_dan_pho"})),
        )
        .unwrap()
        .id;
    s.create(
        "team_village",
        &fields(json!({"team_id": team, "village_id": village})),
    )
    .unwrap();
    let text = html(&s.regulation_document(&team, day(4, 12, 2026)).unwrap());
    for expected in [
        "Công an phường Ba Đình và Tổ trưởng tổ dân phố số 1",
        "TỔ CHỨC, TIÊU CHUẨN VÀ NHIỆM VỤ",
        "Tiêu chuẩn thành viên",
        "từ đủ 18 tuổi đến 70 tuổi",
        "Hỗ trợ quản lý hành chính về trật tự xã hội",
        "CHẾ ĐỘ, CHÍNH SÁCH VÀ BẢO ĐẢM HOẠT ĐỘNG",
        "Nghị định số 40/2024/NĐ-CP và nghị quyết của Hội đồng nhân dân thành phố Hà Nội",
        "Thông tư số 14/2024/TT-BCA",
        "Kinh phí bảo đảm hoạt động",
        "Những hành vi bị nghiêm cấm",
        "Chương V",
    ] {
        assert!(text.contains(expected), "no {expected:?} in {text}");
    }
    // Articles are numbered on through the chapters: 1 … 15, none twice (no duties of
    // its own recorded: the Law's tasks alone).
    for n in 1..=15 {
        assert_eq!(
            text.matches(&format!("Điều {n}. ")).count(),
            1,
            "Điều {n} in {text}"
        );
    }
    assert!(!text.contains("Điều 16. "), "{text}");
    // Its tổ dân phố is headed by a Tổ trưởng, never a "Trưởng tổ dân phố".
    assert!(!text.contains("Trưởng tổ dân phố"), "{text}");

    // A 2014-model team keeps the regulation of its scheme: no Law, no chapter V.
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2025, "00004").unwrap();
    let old = s
        .create(
            "team",
            &fields(
                json!({"name": "Tổ xung kích tự quản về an ninh trật tự tổ dân phố số 2",
                "model_type": "to_xung_kich_tu_quan_antt", "status": "hoat_dong"}),
            ),
        )
        .unwrap()
        .id;
    let text = html(&s.regulation_document(&old, day(4, 12, 2026)).unwrap());
    assert!(!text.contains("Tiêu chuẩn thành viên"), "{text}");
    assert!(!text.contains("Luật Lực lượng"), "{text}");
    assert!(!text.contains("Chương V"), "{text}");
}

/// The programmes the team is linked with that run on the regulation's date, each with
/// the duties it asks, in the article on working relations (issue 16); the others (ended,
/// not begun, linked later, deleted) are not named.
#[test]
fn the_regulation_names_the_programmes_running_on_its_date_with_their_duties() {
    let (mut s, team) = ward();
    decision(&mut s, &team, "ban_hanh_quy_che", 7, "2026-01-10");
    let programme = crate::programmes::tests::add_programme;
    let culture = programme(
        &mut s,
        "doi_song_van_hoa",
        "Khu dân cư văn hóa 2025–2030",
        "2025-01-01",
        None,
    );
    let later = programme(
        &mut s,
        "nong_thon_moi",
        "Đô thị văn minh 2026",
        "2026-06-01",
        None,
    );
    let ended = programme(
        &mut s,
        "mttq",
        "Ngày hội 2024",
        "2024-01-01",
        Some("2025-12-31"),
    );
    let gone = programme(
        &mut s,
        "hoi_nong_dan",
        "Chương trình đã xóa",
        "2025-01-01",
        None,
    );
    let mut link = |kind: &str, id: Option<&str>, extra: Value| {
        let mut f = json!({"team_id": team, "programme": kind});
        if let Some(id) = id {
            f["programme_id"] = json!(id);
        }
        for (k, v) in extra.as_object().unwrap() {
            f[k] = v.clone();
        }
        s.create("programme_link", &fields(f)).unwrap();
    };
    link(
        "doi_song_van_hoa",
        Some(&culture),
        json!({"duty": "tuyen_truyen"}),
    );
    link(
        "doi_song_van_hoa",
        Some(&culture),
        json!({"duty": "hoa_giai"}),
    );
    link("nong_thon_moi", Some(&later), json!({"duty": "tuan_tra"}));
    link("mttq", Some(&ended), json!({"duty": "hoa_giai"}));
    link("hoi_nong_dan", Some(&gone), json!({"duty": "tuan_tra"}));
    // Linked to the kind alone, with what the integration is.
    link(
        "hoi_phu_nu",
        None,
        json!({"since": "2025-09-01",
               "description": "Phối hợp tuyên truyền phòng, chống bạo lực gia đình."}),
    );
    link("doan_thanh_nien", None, json!({"since": "2026-05-01"}));
    s.delete("programme", &gone).unwrap();

    let text = html(&s.regulation_document(&team, day(4, 12, 2026)).unwrap());
    for expected in [
        "Quan hệ công tác, lồng ghép với các chương trình, phong trào",
        "1. Tổ phối hợp chặt chẽ với Ban công tác Mặt trận",
        "2. Tổ tham gia, lồng ghép hoạt động với các chương trình, phong trào đang triển khai trên địa bàn phường Ba Đình:",
        // Its two duties in one point, in the order of the activity types.
        "a) Khu dân cư văn hóa 2025–2030 (Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư; UBND phường chủ trì): Tổ đảm nhận nhiệm vụ hòa giải, tuyên truyền.",
        // A deleted programme leaves its link to the kind, as for the overlaps.
        "b) Hội Nông dân: Tổ đảm nhận nhiệm vụ tuần tra, canh gác.",
        "c) Hội Liên hiệp Phụ nữ: Phối hợp tuyên truyền phòng, chống bạo lực gia đình.",
        "3. Tổ đưa các nhiệm vụ trên vào kế hoạch hoạt động chung của Tổ",
        "không tổ chức trùng lặp",
    ] {
        assert!(text.contains(expected), "no {expected:?} in {text}");
    }
    for absent in [
        "Đô thị văn minh 2026",
        "Ngày hội 2024",
        "Chương trình đã xóa",
        "Đoàn Thanh niên",
        "d) ",
    ] {
        assert!(!text.contains(absent), "{absent:?} in {text}");
    }
    // Still fifteen articles: the programmes are in the one on working relations.
    assert!(
        text.contains("Điều 15. ") && !text.contains("Điều 16. "),
        "{text}"
    );

    // A new regulation issued in July: the programme begun in June is named, the youth
    // union's link is made, and the programmes keep their order (by start, then kinds).
    decision(&mut s, &team, "ban_hanh_quy_che", 31, "2026-07-01");
    let text = html(&s.regulation_document(&team, day(4, 12, 2026)).unwrap());
    for expected in [
        "a) Khu dân cư văn hóa 2025–2030",
        "b) Đô thị văn minh 2026 (Xây dựng nông thôn mới; UBND phường chủ trì): Tổ đảm nhận nhiệm vụ tuần tra, canh gác.",
        "c) Hội Nông dân",
        "d) Hội Liên hiệp Phụ nữ",
        "e) Đoàn Thanh niên.",
    ] {
        assert!(text.contains(expected), "no {expected:?} in {text}");
    }
    assert!(!text.contains("Ngày hội 2024"), "{text}");
}

/// With no programme linked, the article on working relations stays one paragraph.
#[test]
fn a_regulation_without_programmes_keeps_its_one_paragraph_on_working_relations() {
    let (mut s, team) = ward();
    decision(&mut s, &team, "ban_hanh_quy_che", 7, "2026-01-10");
    // A programme on the territory that this team is not linked with.
    crate::programmes::tests::add_programme(
        &mut s,
        "dan_van_kheo",
        "Dân vận khéo 2025",
        "2025-01-01",
        None,
    );
    let text = html(&s.regulation_document(&team, day(4, 12, 2026)).unwrap());
    assert!(text.contains("Quan hệ công tác"), "{text}");
    assert!(text.contains("Tổ phối hợp chặt chẽ với Ban công tác Mặt trận"));
    assert!(!text.contains("lồng ghép"), "{text}");
    assert!(!text.contains("Dân vận khéo"), "{text}");
    assert!(!text.contains("1. Tổ phối hợp"), "{text}");
}
