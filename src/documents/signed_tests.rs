//! Issue 13, item 1: a decision recorded as signed prints the same for ever, and travels
//! as signed.

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::to_html;
use crate::error::Error;
use crate::installation::Role;
use crate::records::Fields;
use crate::units::UnitSet;
use crate::Store;

fn fields(v: Value) -> Fields {
    v.as_object().unwrap().clone()
}

fn day(d: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Phường Phúc Xá with a team of three members who joined in 2024.
fn team() -> (Store, String) {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let team = s
        .create(
            "team",
            &fields(json!({"name": "Tổ bảo vệ an ninh, trật tự tổ dân phố số 1",
                           "model_type": "to_bao_ve_antt", "status": "hoat_dong"})),
        )
        .unwrap()
        .id;
    for (name, role) in [
        ("Nguyễn Văn An", "to_truong"),
        ("Trần Thị Bình", "to_pho"),
        ("Lê Văn Cường", "to_vien"),
    ] {
        s.create(
            "member",
            &fields(
                json!({"team_id": team, "full_name": name, "role": role, "sex": "nam",
                           "birth_date": "1980", "joined_date": "2024-07-01"}),
            ),
        )
        .unwrap();
    }
    (s, team)
}

fn decision(s: &mut Store, team: &str, state: &str) -> String {
    s.create(
        "decision",
        &fields(
            json!({"team_id": team, "decision_type": "thanh_lap", "state": state,
                       "number": 98, "decision_date": "2024-09-23",
                       "authority_type": "chu_tich", "signer_name": "Nguyễn Văn Xuân"}),
        ),
    )
    .unwrap()
    .id
}

#[test]
fn a_decision_recorded_as_signed_prints_the_same_after_the_team_changes() {
    let (mut s, team) = team();
    let id = decision(&mut s, &team, "da_ky");
    let signed = s.signed_document(&id).unwrap().expect("saved as signed");
    let html = to_html(&signed);
    assert!(html.contains("98/"), "its number");
    assert!(html.contains("Lê Văn Cường"));
    let today = day(4, 12, 2026);
    assert_eq!(s.decision_document(&team, today).unwrap(), signed);

    // A member joins in 2026, another's name is corrected, the templates' day moves on:
    // the signed paper does not change.
    s.create(
        "member",
        &fields(
            json!({"team_id": team, "full_name": "Phạm Văn Dũng", "role": "to_vien",
                       "sex": "nam", "birth_date": "1990", "joined_date": "2026-05-29"}),
        ),
    )
    .unwrap();
    let cuong = s
        .list("member", &Default::default())
        .unwrap()
        .into_iter()
        .find(|m| m.text("full_name") == Some("Lê Văn Cường"))
        .unwrap()
        .id;
    s.update(
        "member",
        &cuong,
        &fields(json!({"full_name": "Lê Văn Cương"})),
    )
    .unwrap();
    let again = s.decision_document(&team, day(1, 1, 2027)).unwrap();
    assert_eq!(again, signed);
    assert!(!to_html(&again).contains("Phạm Văn Dũng"));
}

#[test]
fn what_a_signed_decision_says_cannot_be_edited_only_its_note_and_scan() {
    let (mut s, team) = team();
    let id = decision(&mut s, &team, "da_ky");
    for change in [
        json!({"number": 99}),
        json!({"decision_date": "24/09/2024"}),
        json!({"signer_name": "Người Khác"}),
        json!({"state": "du_thao"}),
    ] {
        let err = s
            .update("decision", &id, &fields(change.clone()))
            .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{change}: {err}");
        assert!(err.to_string().contains("kiện toàn"), "{change}: {err}");
    }
    // The same values again are no change.
    s.update(
        "decision",
        &id,
        &fields(json!({"number": 98, "decision_date": "23/09/2024"})),
    )
    .unwrap();
    s.update(
        "decision",
        &id,
        &fields(json!({"note": "Bản gốc lưu tại văn phòng"})),
    )
    .unwrap();
    // Nobody types a document, on a new decision or an old one.
    let typed = json!({"document": "{}"});
    assert!(s.update("decision", &id, &fields(typed.clone())).is_err());
    let mut new =
        fields(json!({"team_id": team, "decision_type": "thanh_lap", "state": "du_thao"}));
    new.extend(fields(typed));
    assert!(s.create("decision", &new).is_err());
}

#[test]
fn a_draft_is_not_saved_and_cannot_be_frozen_until_signed() {
    let (mut s, team) = team();
    let id = decision(&mut s, &team, "du_thao");
    assert_eq!(s.signed_document(&id).unwrap(), None);
    let err = s.freeze_decision(&id).unwrap_err();
    assert!(err.to_string().contains("đã ký"), "{err}");
    // Recorded as signed later: saved then, with the members as of its date.
    let saved = s
        .update("decision", &id, &fields(json!({"state": "da_ky"})))
        .unwrap();
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    assert!(s.signed_document(&id).unwrap().is_some());
    // The log says it was saved, not what it says.
    let logged: String = s
        .conn()
        .query_row(
            "SELECT changes FROM audit_log WHERE record_id = ?1 AND changes LIKE '%document%'",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!logged.contains("Nguyễn Văn An"), "{logged}");
}

#[test]
fn a_decision_signed_before_this_version_is_saved_on_request() {
    let (mut s, team) = team();
    let id = decision(&mut s, &team, "da_ky");
    // As a file of schema 12 had it: signed, no document.
    s.conn()
        .execute("UPDATE decisions SET document = NULL WHERE id = ?1", [&id])
        .unwrap();
    assert_eq!(s.signed_document(&id).unwrap(), None);
    let (saved, failed) = s.freeze_signed_decisions().unwrap();
    assert_eq!((saved, failed.len()), (1, 0));
    let doc = s.signed_document(&id).unwrap().unwrap();
    assert_eq!(
        s.freeze_decision(&id).unwrap(),
        doc,
        "saved once, answered after"
    );
}

#[test]
fn the_signed_document_travels_with_the_decision() {
    use crate::sync::export::ExportOptions;
    use crate::sync::import::{ImportOptions, ImportStatus};
    use crate::sync::senders::EnrolConsent;
    let (mut s, team) = team();
    let id = decision(&mut s, &team, "da_ky");
    let signed = s.signed_document(&id).unwrap().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let file = usb.path().join("bundle.zip");
    s.export(
        &file,
        ExportOptions {
            unencrypted: true,
            ..Default::default()
        },
    )
    .unwrap();
    let mut district = Store::open_in_memory().unwrap();
    district
        .init(Role::Receiver, UnitSet::Y2008, "001")
        .unwrap();
    let fp = s.installation().unwrap().fingerprint;
    let r = district
        .import_file(
            &file,
            ImportOptions {
                consent: EnrolConsent::new(&[fp.as_str()], &[]).unwrap(),
                dry_run: false,
            },
        )
        .unwrap();
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert_eq!(district.signed_document(&id).unwrap(), Some(signed.clone()));
    // The receiving unit prints the commune's decision as signed, not rebuilt.
    assert_eq!(
        district.decision_document(&team, day(4, 12, 2026)).unwrap(),
        signed
    );
    assert_eq!(
        district.digest(Some("00001")).unwrap(),
        s.digest(Some("00001")).unwrap()
    );
}
