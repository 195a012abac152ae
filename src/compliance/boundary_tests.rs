//! Each rule of issue 16 at its boundaries: the certificate's last valid day, the 18th
//! birthday and the day after the 70th (and the 71st), the leader's schooling, the last
//! required item held and the last one returned, trainings held and missed, and the
//! proposal that is the commune's part of C8.

use chrono::NaiveDate;
use serde_json::{json, Value as Json};

use super::*;
use crate::installation::Role;
use crate::records::Fields;
use crate::units::UnitSet;

use crate::test_support::add;

fn edit(s: &mut Store, kind: &str, id: &str, v: Json) {
    let Json::Object(fields) = v else {
        unreachable!()
    };
    let fields: Fields = fields;
    s.update(kind, id, &fields)
        .unwrap_or_else(|e| panic!("{kind}: {e}"));
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").unwrap()
}

/// A commune with one team and a training it attended on 01/03/2026; each test adds the
/// members it needs.
struct Team {
    store: Store,
    team: String,
    training: String,
}

fn team() -> Team {
    let mut store = Store::open_in_memory().unwrap();
    store.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let team = add(
        &mut store,
        "team",
        json!({"name": "Tổ Đông", "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
    );
    let training = add(
        &mut store,
        "training",
        json!({"title": "Tập huấn nghiệp vụ", "start_date": "01/03/2026"}),
    );
    Team {
        store,
        team,
        training,
    }
}

impl Team {
    /// A member meeting every C3 condition unless the fields say otherwise.
    fn member(&mut self, name: &str, extra: Json) -> String {
        let mut f = json!({"team_id": self.team, "full_name": name, "sex": "nam",
            "role": "to_vien", "education": "thpt", "birth_date": "10/10/1980",
            "health_cert_date": "01/01/2026"});
        for (k, v) in extra.as_object().unwrap() {
            f[k] = v.clone();
        }
        let m = add(&mut self.store, "member", f);
        add(
            &mut self.store,
            "training_attendance",
            json!({"training_id": self.training, "member_id": m, "result": "dat"}),
        );
        m
    }

    fn rule(&self, rule: &str, on: &str) -> RuleResult {
        let report = self.store.compliance(day(on)).unwrap();
        report.teams[0].rule(rule).unwrap().clone()
    }

    fn todo(&self, on: &str) -> Vec<&'static str> {
        let report = self.store.compliance(day(on)).unwrap();
        report.teams[0]
            .receiver_todo
            .iter()
            .map(|t| t.code)
            .collect()
    }

    fn issue(&mut self, item: &str, quantity: u32, member: Option<&str>) -> String {
        let mut f = json!({"team_id": self.team, "item": item, "quantity": quantity,
            "issue_date": "01/02/2026"});
        if let Some(m) = member {
            f["member_id"] = json!(m);
        }
        add(&mut self.store, "equipment", f)
    }
}

#[test]
fn a_health_certificate_counts_through_its_last_valid_day() {
    let mut t = team();
    t.member("Nguyễn Văn Một", json!({"health_cert_date": "30/06/2025"}));
    let c3 = t.rule("C3", "29/06/2026");
    assert_eq!(c3.status, Status::Met, "{}", c3.detail);
    let c3 = t.rule("C3", "30/06/2026");
    assert_eq!(c3.status, Status::NotMet, "{}", c3.detail);
    assert!(
        c3.detail
            .contains("0 có giấy khám sức khỏe còn giá trị (cấp trong 12 tháng)"),
        "{}",
        c3.detail
    );
    // The validity is a setting: 24 months keep it.
    t.store.set_setting("health_cert_months", 24).unwrap();
    assert_eq!(t.rule("C3", "30/06/2026").status, Status::Met);
    // A certificate dated after the day asked for does not count on it.
    assert_eq!(t.rule("C3", "29/06/2025").status, Status::NotMet);
}

#[test]
fn ages_are_checked_today_from_the_18th_birthday_to_the_70th() {
    let mut t = team();
    t.member("Trẻ Văn Mười", json!({"birth_date": "15/04/2008"}));
    let c3 = t.rule("C3", "14/04/2026");
    assert_eq!(c3.status, Status::Partial, "{}", c3.detail);
    assert!(
        c3.detail.contains("1 thành viên ngoài độ tuổi 18–70"),
        "{}",
        c3.detail
    );
    assert_eq!(
        t.rule("C3", "15/04/2026").status,
        Status::Met,
        "the 18th birthday"
    );

    let mut t = team();
    let old = t.member("Lão Văn Bảy", json!({"birth_date": "20/05/1956"}));
    assert_eq!(
        t.rule("C3", "20/05/2026").status,
        Status::Met,
        "the 70th birthday"
    );
    assert_eq!(
        t.rule("C3", "21/05/2026").status,
        Status::Partial,
        "the day after"
    );
    // The 71st birthday lies in the future of this test's clock only as a reading day.
    assert_eq!(t.rule("C3", "30/11/2026").status, Status::Partial);
    // The Chairman's decision lifts it.
    edit(
        &mut t.store,
        "member",
        &old,
        json!({"age_exception": "Quyết định số 5/QĐ-UBND ngày 01/05/2026"}),
    );
    assert_eq!(t.rule("C3", "30/11/2026").status, Status::Met);
}

#[test]
fn a_leader_below_the_schooling_minimum_keeps_c3_partial() {
    let mut t = team();
    t.member("Nguyễn Văn Một", json!({}));
    t.member("Trần Văn Hai", json!({}));
    t.member("Lê Văn Ba", json!({}));
    t.member("Phạm Văn Bốn", json!({}));
    // Four of five members meet everything (80 %), but the leader has primary school.
    t.member(
        "Hoàng Văn Trưởng",
        json!({"role": "to_truong", "education": "tieu_hoc"}),
    );
    let c3 = t.rule("C3", "30/06/2026");
    assert_eq!(c3.status, Status::Partial, "{}", c3.detail);
    assert!(
        c3.detail
            .contains("Tổ trưởng chưa đạt trình độ học vấn tối thiểu (Trung học cơ sở)"),
        "{}",
        c3.detail
    );
    // A flag caps C3 at "partly"; it never lifts a team that meets nothing to it.
    let mut bare = team();
    bare.member(
        "Hoàng Văn Trưởng",
        json!({"role": "to_truong", "education": "tieu_hoc", "health_cert_date": "01/01/2020"}),
    );
    assert_eq!(bare.rule("C3", "30/06/2026").status, Status::NotMet);
    // Where primary school is the minimum (border, mountain, minority areas), it meets.
    t.store.set_setting("c3_min_education", 1).unwrap();
    assert_eq!(t.rule("C3", "30/06/2026").status, Status::Met);
}

#[test]
fn required_items_count_for_their_share_of_members_and_one_whistle_is_not_enough() {
    let mut t = team();
    let members: Vec<String> = ["Một", "Hai", "Ba", "Bốn", "Năm"]
        .iter()
        .map(|n| t.member(&format!("Nguyễn Văn {n}"), json!({})))
        .collect();
    t.issue("phuong_tien_coi", 1, None);
    let c7 = t.rule("C7", "30/06/2026");
    assert_eq!(c7.status, Status::Partial, "{}", c7.detail);
    assert!(
        c7.detail
            .contains("Quần áo đồng phục (0/5), Biển hiệu (0/5), Gậy cao su (0/4)"),
        "{}",
        c7.detail
    );
    // Uniforms and badges for all five (two uniforms to one member count once), batons
    // to three: 80 % of five is four.
    for m in &members {
        t.issue("trang_phuc_quan_ao", 1, Some(m));
        t.issue("trang_phuc_bien_hieu", 1, Some(m));
    }
    t.issue("trang_phuc_quan_ao", 1, Some(&members[0]));
    for m in &members[..3] {
        t.issue("cong_cu_gay_cao_su", 1, Some(m));
    }
    let c7 = t.rule("C7", "30/06/2026");
    assert_eq!(c7.status, Status::Partial, "{}", c7.detail);
    assert!(
        c7.detail.contains("thiếu Gậy cao su (3/4)"),
        "{}",
        c7.detail
    );
    // The fourth baton, from the team's store, is the last one needed.
    t.issue("cong_cu_gay_cao_su", 1, None);
    let c7 = t.rule("C7", "30/06/2026");
    assert_eq!(c7.status, Status::Met, "{}", c7.detail);
    // Before the items were issued, none counted.
    assert_eq!(t.rule("C7", "31/01/2026").status, Status::Partial);
    // The province can ask for other items.
    t.store
        .set_text_setting(
            crate::settings::REQUIRED_EQUIPMENT,
            "phuong_tien_den_pin:20",
        )
        .unwrap();
    assert!(t
        .rule("C7", "30/06/2026")
        .detail
        .contains("thiếu Đèn pin (0/1)"));
    t.store
        .set_text_setting(crate::settings::REQUIRED_EQUIPMENT, "")
        .unwrap();
    assert_eq!(
        t.rule("C7", "30/06/2026").status,
        Status::Met,
        "empty: the default again"
    );
}

#[test]
fn items_of_a_member_who_left_must_be_returned() {
    let mut t = team();
    t.store
        .set_text_setting(crate::settings::REQUIRED_EQUIPMENT, "phuong_tien_coi:1")
        .unwrap();
    let stays = t.member("Nguyễn Văn Ở", json!({}));
    let leaves = t.member("Trần Văn Đi", json!({"joined_date": "01/01/2025"}));
    t.issue("phuong_tien_coi", 1, Some(&stays));
    let baton = t.issue("cong_cu_gay_cao_su", 1, Some(&leaves));
    let uniform = t.issue("trang_phuc_quan_ao", 1, Some(&leaves));
    edit(
        &mut t.store,
        "member",
        &leaves,
        json!({"exit_date": "01/04/2026"}),
    );
    assert_eq!(
        t.rule("C7", "31/03/2026").status,
        Status::Met,
        "still a member"
    );
    let c7 = t.rule("C7", "01/04/2026");
    assert_eq!(c7.status, Status::Partial, "{}", c7.detail);
    assert!(
        c7.detail.contains("chưa thu hồi 2 trang phục, công cụ"),
        "{}",
        c7.detail
    );
    edit(
        &mut t.store,
        "equipment",
        &baton,
        json!({"returned_date": "05/04/2026"}),
    );
    edit(
        &mut t.store,
        "equipment",
        &uniform,
        json!({"returned_date": "06/04/2026"}),
    );
    assert!(t
        .rule("C7", "05/04/2026")
        .detail
        .contains("chưa thu hồi 1 "));
    // The last one returned: the day of return it is no longer held.
    assert_eq!(t.rule("C7", "06/04/2026").status, Status::Met);
}

#[test]
fn trainings_split_what_the_commune_and_the_police_owe() {
    let mut t = team();
    t.store
        .set_text_setting(crate::settings::REQUIRED_EQUIPMENT, "phuong_tien_coi:1")
        .unwrap();
    t.issue("phuong_tien_coi", 1, None);
    let m = t.member("Nguyễn Văn Một", json!({}));
    // No training in the 12 months before 01/03/2027: the police's to-do, not a failure.
    let c7 = t.rule("C7", "02/03/2027");
    assert_eq!(c7.status, Status::Met, "{}", c7.detail);
    assert!(
        c7.detail.contains("Chưa có lớp tập huấn nào"),
        "{}",
        c7.detail
    );
    assert!(t.todo("02/03/2027").contains(&"train"));
    // A training the member was called to and missed: the commune's part fails.
    let missed = add(
        &mut t.store,
        "training",
        json!({"title": "Tập huấn quý II", "start_date": "01/06/2026"}),
    );
    add(
        &mut t.store,
        "training_attendance",
        json!({"training_id": missed, "member_id": m, "result": "vang"}),
    );
    let c7 = t.rule("C7", "02/03/2027");
    assert_eq!(c7.status, Status::Partial, "{}", c7.detail);
    assert!(
        c7.detail.contains("không thành viên nào dự"),
        "{}",
        c7.detail
    );
    assert!(!t.todo("02/03/2027").contains(&"train"));
    // Inspecting is the police's too.
    assert!(t.todo("02/03/2027").contains(&"inspect"));
    add(
        &mut t.store,
        "inspection",
        json!({"team_id": t.team, "inspection_date": "01/12/2026", "inspecting_unit": "Công an tỉnh"}),
    );
    assert!(!t.todo("02/03/2027").contains(&"inspect"));
}

#[test]
fn a_proposal_is_the_communes_part_of_c8_and_the_decision_the_receivers() {
    let mut t = team();
    t.member("Nguyễn Văn Một", json!({}));
    let c8 = t.rule("C8", "30/06/2026");
    assert_eq!(c8.status, Status::NotMet);
    assert!(
        c8.detail.contains("hãy lập đề nghị khen thưởng"),
        "{}",
        c8.detail
    );
    let proposal = add(
        &mut t.store,
        "commendation_proposal",
        json!({"team_id": t.team, "proposal_date": "15/05/2026", "proposed_by": "UBND xã",
               "form": "giay_khen", "authority": "Giám đốc Công an tỉnh",
               "achievement": "Phát hiện, tố giác 3 vụ trộm cắp"}),
    );
    assert_eq!(
        t.rule("C8", "14/05/2026").status,
        Status::NotMet,
        "the day before"
    );
    let c8 = t.rule("C8", "15/05/2026");
    assert_eq!(c8.status, Status::Met, "{}", c8.detail);
    assert!(c8.detail.contains("1 đề nghị đang chờ"), "{}", c8.detail);
    assert!(t.todo("15/05/2026").contains(&"decide_proposals"));
    add(
        &mut t.store,
        "commendation",
        json!({"team_id": t.team, "form": "giay_khen", "authority": "Giám đốc Công an tỉnh",
               "decision_date": "20/06/2026", "proposal_id": proposal}),
    );
    assert!(t.todo("19/06/2026").contains(&"decide_proposals"));
    assert!(!t.todo("20/06/2026").contains(&"decide_proposals"));
    assert_eq!(t.rule("C8", "20/06/2026").status, Status::Met);
}
