//! Issue 11, findings 2 to 4: bundles made outside the program and signed with a
//! commune's own key. Each test failed before the change it names.

use serde_json::json;

use super::export::ExportOptions;
use super::import::ImportStatus;
use super::tests::{commune, district, enrol, export, fields, import, new_team, rebuild};
use crate::installation::Role;
use crate::records::ListQuery;
use crate::units::UnitSet;
use crate::Store;

/// A second ward of Quận Ba Đình.
fn other_commune() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00004").unwrap();
    s
}

/// Rewrites every record line of `kind` in a bundle through `edit`, re-signed with the
/// sender's own key (what a hostile commune can do).
fn edited(s: &Store, bundle: &[u8], kind: &str, edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let key = s.signing_key().unwrap().signing;
    rebuild(bundle, &key, |entries, _| {
        for (name, data) in entries.iter_mut() {
            if *name == format!("records/{kind}.jsonl") {
                let lines: Vec<String> = String::from_utf8(data.clone())
                    .unwrap()
                    .lines()
                    .map(|l| {
                        let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                        edit(&mut v);
                        v.to_string()
                    })
                    .collect();
                *data = (lines.join("\n") + "\n").into_bytes();
            }
        }
    })
}

fn codes(d: &Store) -> Vec<String> {
    d.quarantine()
        .unwrap()
        .into_iter()
        .map(|q| q.reason_code)
        .collect()
}

/// Finding 2: a record stamped five years ahead waits, and the receiver's own clock
/// stays on today: its next edit is stamped now, not five years on.
#[test]
fn a_record_from_a_laptop_five_years_ahead_waits_and_never_moves_the_clock() {
    let mut c = commune();
    new_team(&mut c, "Tổ 1");
    let bundle = export(&mut c, false);
    let ahead = crate::hlc::from_millis(crate::hlc::now_ms() + 5 * 365 * 86_400_000);
    let hostile = edited(&c, &bundle, "team", |v| v["hlc"] = json!(ahead));
    let mut d = district();
    let r = import(&mut d, &hostile, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    // The team waits (and its status record, which waits for the team).
    assert_eq!(r.inserted, 0);
    let held = d.quarantine().unwrap();
    let team = held
        .iter()
        .find(|q| q.reason_code == "future_clock")
        .unwrap();
    assert!(team.reason.contains("ngày giờ trên máy gửi đang sai"));
    let last: i64 = d
        .conn()
        .query_row("SELECT hlc_last FROM installation", [], |r| r.get(0))
        .unwrap();
    let day_on = crate::hlc::from_millis(crate::hlc::now_ms() + 2 * 86_400_000);
    assert!(last < day_on, "the receiver's clock followed the sender");
    // The honest bundle, once the commune's clock is right, applies and supersedes it.
    let r = import(&mut d, &bundle, enrol());
    assert!(r.inserted >= 1, "{:?}", r.reason);
    assert!(d.quarantine().unwrap().is_empty(), "{:?}", codes(&d));
}

/// Finding 3: a commune cannot put a member into another commune's team.
#[test]
fn a_commune_cannot_write_into_another_communes_team() {
    let mut b = other_commune();
    let their_team = new_team(&mut b, "Tổ của phường khác");
    let mut d = district();
    import(&mut d, &export(&mut b, false), enrol());
    let mut a = commune();
    let own_team = new_team(&mut a, "Tổ 1");
    a.create(
        "member",
        &fields(json!({"team_id": own_team, "full_name": "Nguyễn Văn Lạ", "role": "to_vien", "sex": "nam"})),
    )
    .unwrap();
    let bundle = export(&mut a, false);
    let hostile = edited(&a, &bundle, "member", |v| {
        v["fields"]["team_id"] = json!(their_team)
    });
    let r = import(&mut d, &hostile, enrol());
    assert_eq!(
        r.status,
        ImportStatus::Applied,
        "the rest of the bundle goes on: {:?}",
        r.reason
    );
    // The member is refused; what hangs on it waits for it.
    assert!(
        codes(&d).contains(&"foreign_reference".to_string()),
        "{:?}",
        codes(&d)
    );
    let members = d
        .list(
            "member",
            &ListQuery {
                parent: Some(("team_id".into(), their_team)),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(
        members.is_empty(),
        "nothing written into the other commune's team"
    );
}

/// Finding 4: an id claimed first by another commune no longer locks its owner out.
#[test]
fn a_squatted_id_refuses_the_squatter_not_the_owners_bundle() {
    let mut b = other_commune();
    let their_team = new_team(&mut b, "Tổ của phường khác");
    let owners_bundle = export(&mut b, false);
    let mut a = commune();
    new_team(&mut a, "Tổ 1");
    let bundle = export(&mut a, false);
    // A sends its team under B's (owner-bound) id, before B's bundle arrives.
    let squat = edited(&a, &bundle, "team", |v| v["id"] = json!(their_team));
    let mut d = district();
    let r = import(&mut d, &squat, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert!(
        codes(&d).contains(&"id_not_owner".to_string()),
        "{:?}",
        codes(&d)
    );
    let r = import(&mut d, &owners_bundle, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    let teams = d.list("team", &ListQuery::default()).unwrap();
    assert!(teams
        .iter()
        .any(|t| t.id == their_team && t.owner == "00004"));
    // An id of an earlier version (untagged): the first claim stands, but the owner's
    // bundle is still applied; only that record is refused.
    let legacy = uuid::Uuid::now_v7().hyphenated().to_string();
    let mut d = district();
    let squat = edited(&a, &bundle, "team", |v| v["id"] = json!(legacy));
    assert!(import(&mut d, &squat, enrol()).inserted >= 1);
    let owners = edited(&b, &owners_bundle, "team", |v| v["id"] = json!(legacy));
    let r = import(&mut d, &owners, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert!(
        codes(&d).contains(&"id_taken".to_string()),
        "{:?}",
        codes(&d)
    );
}

/// Finding 5: what goes back to a commune is its own business. The receiving unit
/// writes one bundle per commune, each with only its records about that commune's
/// teams; a commune refuses a bundle addressed to another.
#[test]
fn the_receiving_unit_sends_each_commune_only_what_concerns_it() {
    let mut a = commune();
    let team_a = new_team(&mut a, "Tổ phường Phúc Xá");
    let mut b = other_commune();
    let team_b = new_team(&mut b, "Tổ phường khác");
    let mut d = district();
    import(&mut d, &export(&mut a, false), enrol());
    import(&mut d, &export(&mut b, false), enrol());
    for (team, findings) in [(&team_a, "Tốt"), (&team_b, "Thiếu sổ sách")] {
        d.create(
            "inspection",
            &fields(json!({"team_id": team, "inspection_date": "2026-11-20", "inspecting_unit": "Công an quận", "findings": findings})),
        )
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let summaries = d
        .export_to_communes(dir.path(), Default::default())
        .unwrap();
    assert_eq!(summaries.len(), 2);
    let for_a = summaries
        .iter()
        .find(|s| s.file.to_string_lossy().contains("-00001-"))
        .unwrap();
    let for_b = summaries
        .iter()
        .find(|s| s.file.to_string_lossy().contains("-00004-"))
        .unwrap();
    assert_eq!(for_a.counts.get("inspection"), Some(&1));
    // Each is sealed to its commune's own key (learned from its bundles).
    assert_eq!(for_a.sealed_to.as_ref().unwrap().unit_code, "00001");
    let bytes_a = std::fs::read(&for_a.file).unwrap();
    let bytes_b = std::fs::read(&for_b.file).unwrap();
    let r = import(&mut a, &bytes_a, enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert!(r.sealed);
    assert_eq!((r.inserted, r.passed_over), (1, 0));
    let r = import(&mut a, &bytes_b, enrol());
    assert_eq!(r.reason_code, Some("sealed_for_other"), "{:?}", r.reason);

    // Written in clear (the officer's explicit choice), the other commune's bundle
    // still holds nothing of this one's, and is refused by its address.
    let plain = tempfile::tempdir().unwrap();
    let summaries = d
        .export_to_communes(
            plain.path(),
            ExportOptions {
                full: true,
                unencrypted: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(summaries.iter().all(|s| s.sealed_to.is_none()));
    let file = |code: &str| {
        let s = summaries
            .iter()
            .find(|s| s.file.to_string_lossy().contains(code))
            .unwrap();
        std::fs::read(&s.file).unwrap()
    };
    assert!(!String::from_utf8_lossy(&file("-00001-")).contains(&team_b));
    let r = import(&mut a, &file("-00004-"), enrol());
    assert_eq!(r.reason_code, Some("not_for_this_unit"), "{:?}", r.reason);
}

/// Finding 6: a key can be revoked. Its records stay, its next bundle is refused in
/// words, the revocation is in the audit log, and only a re-enrolment by fingerprint
/// accepts it again.
#[test]
fn a_revoked_sender_is_refused_until_enrolled_again_by_fingerprint() {
    let mut c = commune();
    new_team(&mut c, "Tổ 1");
    let mut d = district();
    import(&mut d, &export(&mut c, false), enrol());
    let installation = c.installation().unwrap().installation_id;
    let revoked = d.revoke_sender(&installation).unwrap();
    assert!(revoked.revoked_at.is_some());
    let logged: i64 = d
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'revoke' AND record_id = ?1",
            [&installation],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1);
    new_team(&mut c, "Tổ 2");
    let next = export(&mut c, false);
    let r = import(&mut d, &next, enrol());
    assert_eq!(r.reason_code, Some("revoked"), "{:?}", r.reason);
    assert!(r.reason.unwrap().contains("thu hồi"));
    assert_eq!(
        d.list("team", &ListQuery::default()).unwrap().len(),
        1,
        "its records stay"
    );
    let fingerprint = c.installation().unwrap().fingerprint;
    let again = super::import::ImportOptions {
        consent: super::senders::EnrolConsent::new(&[] as &[&str], &[fingerprint.as_str()])
            .unwrap(),
        dry_run: false,
    };
    let r = import(&mut d, &next, again);
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert!(d.senders().unwrap()[0].revoked_at.is_none());
    let unknown = d.revoke_sender("khong-co").unwrap_err();
    assert_eq!(unknown.code(), "not_found");
}

/// Issue 12 (minimisation), on the receiving side: a receiving unit keeps no sensitive
/// field of a commune's, even when a bundle carries one, and no installation keeps a
/// confidential field from a bundle; a second laptop of the same commune keeps the
/// sensitive ones it was sent on purpose.
#[test]
fn sensitive_fields_stay_home_and_confidential_ones_are_never_stored_from_a_bundle() {
    let mut c = commune();
    let team = new_team(&mut c, "Tổ 1");
    c.create(
        "member",
        &fields(
            json!({"team_id": team, "full_name": "Lò Văn Páo", "role": "to_vien", "sex": "nam",
                       "ethnicity": "02", "religion": "Phật giáo", "party_member": true}),
        ),
    )
    .unwrap();
    c.create(
        "activity",
        &fields(
            json!({"team_id": team, "activity_type": "tuan_tra", "activity_date": "2026-11-02"}),
        ),
    )
    .unwrap();
    let with_sensitive = c
        .build_bundle_for(
            super::export::ExportOptions {
                full: true,
                include_sensitive: true,
                ..Default::default()
            },
            None,
            None,
        )
        .unwrap()
        .bytes;
    // The confidential field never travels from our program: a hostile sender adds it.
    let hostile = edited(&c, &with_sensitive, "activity", |v| {
        v["fields"]["reporter"] = json!("Người báo tin");
    });
    let stored = |s: &Store, sql: &str| -> Option<String> {
        s.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let mut d = district();
    assert_eq!(
        import(&mut d, &hostile, enrol()).status,
        ImportStatus::Applied
    );
    let ethnicity = "SELECT ethnicity FROM members";
    let religion = "SELECT religion FROM members";
    let reporter = "SELECT reporter FROM activities";
    assert_eq!(stored(&d, ethnicity), None);
    assert_eq!(stored(&d, religion), None);
    assert_eq!(stored(&d, reporter), None);
    assert_eq!(
        stored(&d, "SELECT full_name FROM members").as_deref(),
        Some("Lò Văn Páo")
    );
    // A second laptop of the same commune: the sensitive fields it was sent, not the
    // confidential one.
    let mut second = commune();
    assert_eq!(
        import(&mut second, &hostile, enrol()).status,
        ImportStatus::Applied
    );
    assert_eq!(stored(&second, ethnicity).as_deref(), Some("02"));
    assert_eq!(stored(&second, reporter), None);
}
