//! Issue 12 end to end, in memory and on disk: the receiving unit's card trusted by a
//! commune, bundles sealed to it and opened only there, tombstones without fields, and
//! a receiving unit whose laptop changed.

use serde_json::json;

use super::export::ExportOptions;
use super::import::ImportStatus;
use super::sealed;
use super::tests::{commune, district, enrol, fields, import, new_team, state};
use crate::error::Error;
use crate::installation::Role;
use crate::units::UnitSet;
use crate::Store;

/// The commune trusts the receiving unit's card, the fingerprint typed as read out.
fn trust(c: &mut Store, d: &Store) {
    let (card, info) = d.receiver_card().unwrap();
    let outcome = c
        .trust_card(&card, &info.fingerprint.to_lowercase().replace(' ', "-"))
        .unwrap();
    assert!(!outcome.already_trusted);
}

/// A sealed export to a file, as the command line and the window write it.
fn export_file(c: &mut Store, dir: &std::path::Path, options: ExportOptions) -> Vec<u8> {
    let summary = c.export(dir, options).unwrap();
    std::fs::read(summary.file).unwrap()
}

fn member(c: &mut Store, team: &str, name: &str) -> String {
    c.create(
        "member",
        &fields(json!({
            "team_id": team, "full_name": name, "role": "to_vien", "sex": "nam",
            "birth_date": "1990-05-12", "id_number": "001090012345", "phone": "0912345678",
            "ethnicity": "kinh", "religion": "Không"
        })),
    )
    .unwrap()
    .id
}

#[test]
fn a_sealed_bundle_goes_to_its_receiver_and_only_there() {
    let mut c = commune();
    let team = new_team(&mut c, "Tổ bảo vệ an ninh, trật tự thôn Đông");
    member(&mut c, &team, "Nguyễn Văn Bình");
    let mut d = district();

    // No card yet: no bundle, unless written in clear on purpose.
    let usb = tempfile::tempdir().unwrap();
    let err = c.export(usb.path(), ExportOptions::default()).unwrap_err();
    assert!(matches!(err, Error::NoReceiverCard), "{err:?}");
    assert_eq!(std::fs::read_dir(usb.path()).unwrap().count(), 0);

    trust(&mut c, &d);
    let summary = c.export(usb.path(), ExportOptions::default()).unwrap();
    let sealed_to = summary.sealed_to.clone().unwrap();
    assert_eq!(sealed_to.unit_code, "001");
    assert_eq!(sealed_to.fingerprint, d.installation().unwrap().fingerprint);
    // The summary names the personal data it holds, and no sensitive field.
    let people = &summary.personal_data;
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!(people[0].records, 1);
    assert!(people[0].fields.contains(&"Họ và tên".to_string()));
    assert!(people[0]
        .fields
        .contains(&"Số định danh cá nhân".to_string()));
    assert!(!people[0].fields.contains(&"Dân tộc".to_string()));

    let bytes = std::fs::read(&summary.file).unwrap();
    assert!(sealed::is_sealed(&bytes));
    let file_name = summary.file.file_name().unwrap().to_string_lossy();
    assert!(!file_name.contains("Bình"));
    for secret in [
        "Nguyễn Văn Bình",
        "001090012345",
        "0912345678",
        "1990-05-12",
    ] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} readable in the sealed file"
        );
    }

    // Another receiving unit (a different province's, or a reinstalled laptop) can
    // say whose it is, but not read it; its database does not move.
    let mut stranger = Store::open_in_memory().unwrap();
    stranger
        .init(Role::Receiver, UnitSet::Y2008, "001")
        .unwrap();
    let before = state(&stranger);
    let r = import(&mut stranger, &bytes, enrol());
    assert_eq!(r.status, ImportStatus::Rejected);
    assert_eq!(r.reason_code, Some("sealed_for_other"), "{:?}", r.reason);
    let words = r.reason.unwrap();
    assert!(
        words.contains("Phường Phúc Xá") && words.contains("thẻ cũ"),
        "{words}"
    );
    assert_eq!(state(&stranger), before);

    // The receiving unit it was sealed for opens it; what it reads holds no
    // sensitive field, and the commune's key for the way back.
    let r = import(&mut d, &bytes, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert!(r.sealed);
    assert_eq!(
        d.digest(Some("00001")).unwrap(),
        c.digest(Some("00001")).unwrap()
    );
    let (ethnicity, religion): (Option<String>, Option<String>) = d
        .conn()
        .query_row("SELECT ethnicity, religion FROM members", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((ethnicity, religion), (None, None));
    let key: Option<String> = d
        .conn()
        .query_row(
            "SELECT encryption_key FROM senders WHERE unit_code = '00001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        key.unwrap(),
        c.signing_key().unwrap().bundle_recipient().to_string()
    );

    // The same content again, sealed afresh (other bytes): still a duplicate.
    let again = export_file(
        &mut c,
        usb.path(),
        ExportOptions {
            full: true,
            ..Default::default()
        },
    );
    assert_ne!(again, bytes);
    let r = import(&mut d, &again, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert_eq!(r.inserted, 0);
}

#[test]
fn a_clear_header_that_lies_is_refused() {
    let mut c = commune();
    new_team(&mut c, "Tổ thôn Tây");
    let d = district();
    let mut d = d;
    trust(&mut c, &d);
    let usb = tempfile::tempdir().unwrap();
    let bytes = export_file(&mut c, usb.path(), ExportOptions::default());
    // The header says another sender; the signed manifest inside does not agree.
    let (header, age_file) = sealed::read_header(&bytes).unwrap();
    let mut lying = header.clone();
    lying.sender.unit = "00004".into();
    let mut forged = sealed::MAGIC.to_vec();
    forged.extend(serde_json::to_vec(&lying).unwrap());
    forged.push(b'\n');
    forged.extend_from_slice(age_file);
    let before = state(&d);
    let r = import(&mut d, &forged, enrol());
    assert_eq!(r.reason_code, Some("bad_envelope"), "{:?}", r.reason);
    assert_eq!(state(&d), before);

    // A plain bundle whose signed manifest says it was sealed was opened and passed
    // on: refused too (what travels in clear is only what the sender chose so).
    let (_, plain) = sealed::open(
        &bytes,
        &sealed::Opener {
            unit: "001".into(),
            card: d.installation().unwrap().fingerprint,
            identity: d.signing_key().unwrap().bundle_identity(),
        },
    )
    .unwrap();
    let r = import(&mut d, &plain, enrol());
    assert_eq!(r.reason_code, Some("bad_envelope"), "{:?}", r.reason);
    assert_eq!(state(&d), before);
}

#[test]
fn trusting_a_card_takes_the_right_fingerprint_and_the_right_unit() {
    let mut c = commune();
    let d = district();
    let (card, info) = d.receiver_card().unwrap();
    // Printed twice, the same card.
    assert_eq!(d.receiver_card().unwrap().0, card);

    let wrong = "0000 0000 0000 0000 0000 0000";
    let err = c.trust_card(&card, wrong).unwrap_err();
    assert_eq!(err.code(), "fingerprint_mismatch");
    assert!(c.trusted_card().unwrap().is_none());

    let mut edited = String::from_utf8(card.clone()).unwrap();
    edited = edited.replace("Quận Ba Đình", "Quận Hoàn Kiếm");
    let err = c
        .trust_card(edited.as_bytes(), &info.fingerprint)
        .unwrap_err();
    assert_eq!(err.code(), "bad_card", "{err}");

    // A receiving unit that is not above this commune.
    let mut elsewhere = Store::open_in_memory().unwrap();
    elsewhere
        .init(Role::Receiver, UnitSet::Y2008, "002")
        .unwrap();
    let (card2, info2) = elsewhere.receiver_card().unwrap();
    let err = c.trust_card(&card2, &info2.fingerprint).unwrap_err();
    assert_eq!(err.code(), "bad_card");
    assert!(
        err.to_string().contains("không phải đơn vị tiếp nhận"),
        "{err}"
    );

    // A receiving unit trusts no card; a commune has none to give.
    let mut d2 = district();
    assert_eq!(
        d2.trust_card(&card, &info.fingerprint).unwrap_err().code(),
        "invalid"
    );
    assert_eq!(c.receiver_card().unwrap_err().code(), "invalid");

    let outcome = c.trust_card(&card, &info.fingerprint).unwrap();
    assert_eq!(outcome.card.fingerprint, info.fingerprint);
    assert!(
        c.trust_card(&card, &info.fingerprint)
            .unwrap()
            .already_trusted
    );
    // Trusting is in the audit log, once (trusting again changes nothing).
    let logged: i64 = c
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'trust' AND record_id = ?1",
            [&info.fingerprint],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1);
    assert_eq!(c.receiver_cards().unwrap().len(), 1);
}

/// Item 6: the receiving unit's laptop is replaced and its keys are lost. It issues a
/// new card; the commune trusts it (the old one is revoked there) and sends a full
/// bundle again, which the new laptop applies. A bundle still sealed to the old card
/// is refused at the new laptop in words, and the old laptop's bundles are refused at
/// the commune.
#[test]
fn a_receiving_unit_with_a_new_laptop_gets_everything_again() {
    let mut c = commune();
    let team = new_team(&mut c, "Tổ thôn Nam");
    member(&mut c, &team, "Trần Thị Hoa");
    let mut old = district();
    trust(&mut c, &old);
    let usb = tempfile::tempdir().unwrap();
    let to_old = export_file(&mut c, usb.path(), ExportOptions::default());
    assert_eq!(
        import(&mut old, &to_old, enrol()).status,
        ImportStatus::Applied
    );
    // The old laptop's own bundle back to the commune, for later.
    old.create(
        "inspection",
        &fields(json!({"team_id": team, "inspection_date": "2026-11-20", "inspecting_unit": "Công an quận", "findings": "Tốt"})),
    )
    .unwrap();
    let back = tempfile::tempdir().unwrap();
    old.export_to_communes(back.path(), ExportOptions::default())
        .unwrap();
    let from_old = std::fs::read(
        std::fs::read_dir(back.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();

    let mut new = district();
    let r = import(&mut new, &to_old, enrol());
    assert_eq!(r.reason_code, Some("sealed_for_other"));
    assert!(r.reason.unwrap().contains("thẻ cũ"));

    let (card, info) = new.receiver_card().unwrap();
    let outcome = c.trust_card(&card, &info.fingerprint).unwrap();
    let replaced = outcome.replaced.unwrap();
    assert_eq!(
        replaced.fingerprint,
        old.installation().unwrap().fingerprint
    );
    assert!(replaced.revoked_at.is_some());
    let cards = c.receiver_cards().unwrap();
    assert_eq!(cards.len(), 2);
    assert!(cards[0].revoked_at.is_none() && cards[1].revoked_at.is_some());

    let full = export_file(
        &mut c,
        usb.path(),
        ExportOptions {
            full: true,
            ..Default::default()
        },
    );
    let r = import(&mut new, &full, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert_eq!(
        new.digest(Some("00001")).unwrap(),
        c.digest(Some("00001")).unwrap()
    );
    // What the old laptop sent is no longer accepted by the commune.
    let r = import(&mut c, &from_old, Default::default());
    assert_eq!(r.reason_code, Some("revoked"), "{:?}", r.reason);
}

/// Item 3: a tombstone says which record went, never what it held; the receiving side
/// keeps a deletion of a record it never had, and empties what it held of one it had.
#[test]
fn tombstones_carry_no_personal_fields() {
    let mut c = commune();
    let team = new_team(&mut c, "Tổ thôn Bắc");
    let kept = member(&mut c, &team, "Lê Văn Kiên");
    let mut d = district();
    trust(&mut c, &d);
    let usb = tempfile::tempdir().unwrap();
    let first = export_file(&mut c, usb.path(), ExportOptions::default());
    assert_eq!(
        import(&mut d, &first, enrol()).status,
        ImportStatus::Applied
    );

    // One member deleted after the receiving unit had it, one before it ever did.
    let never_sent = member(&mut c, &team, "Phạm Thị Lan");
    let alive = c
        .build_bundle(ExportOptions {
            full: true,
            ..Default::default()
        })
        .unwrap()
        .bytes;
    c.delete("member", &kept).unwrap();
    c.delete("member", &never_sent).unwrap();
    let built = c.build_bundle(ExportOptions::default()).unwrap();
    let index = crate::bundle::container::read_index(&built.bytes, &super::import::LIMITS).unwrap();
    let entry = index.get("records/member.jsonl").unwrap();
    let lines =
        crate::bundle::container::read_entry(&built.bytes, entry, &super::import::LIMITS).unwrap();
    let text = String::from_utf8(lines).unwrap();
    let mut tombstones = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["deleted"] == json!(true) {
            assert_eq!(v["fields"], json!({}), "{line}");
            tombstones += 1;
        }
    }
    assert_eq!(tombstones, 2);
    for name in ["Lê Văn Kiên", "Phạm Thị Lan"] {
        assert!(!text.contains(name), "{name} in a tombstone");
    }

    let second = export_file(&mut c, usb.path(), ExportOptions::default());
    let r = import(&mut d, &second, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    let (deleted, phone, id_number): (i64, Option<String>, Option<String>) = d
        .conn()
        .query_row(
            "SELECT deleted, phone, id_number FROM members WHERE id = ?1",
            [&kept],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((deleted, phone, id_number), (1, None, None));
    let buried: i64 = d
        .conn()
        .query_row(
            "SELECT count(*) FROM tombstones WHERE id = ?1",
            [&never_sent],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(buried, 1);
    assert_eq!(
        d.digest(Some("00001")).unwrap(),
        c.digest(Some("00001")).unwrap()
    );

    // The live version of the never-sent member arriving late (a bundle in clear
    // written before its deletion, found on another stick) stays deleted.
    let before = d.digest(Some("00001")).unwrap();
    let r = import(&mut d, &alive, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert_eq!(d.digest(Some("00001")).unwrap(), before);
    let rows: i64 = d
        .conn()
        .query_row(
            "SELECT count(*) FROM members WHERE id = ?1",
            [&never_sent],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0);
}
