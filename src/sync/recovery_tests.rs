//! Item 7 of issue 12: a commune's laptop died with no backup; the receiving unit brings
//! its records back to a new installation of the same unit.

use serde_json::json;

use super::export::ExportOptions;
use super::import::{ImportOptions, ImportStatus};
use super::senders::EnrolConsent;
use super::tests::{commune, district, fields, import, new_team, state};
use crate::Store;

fn consent(fingerprint: &str) -> ImportOptions {
    ImportOptions {
        consent: EnrolConsent::new(&[fingerprint], &[]).unwrap(),
        dry_run: false,
    }
}

fn trust(c: &mut Store, d: &Store) {
    let (card, info) = d.receiver_card().unwrap();
    c.trust_card(&card, &info.fingerprint).unwrap();
}

fn export_sealed(c: &mut Store, dir: &std::path::Path) -> Vec<u8> {
    let summary = c
        .export(
            dir,
            ExportOptions {
                full: true,
                ..Default::default()
            },
        )
        .unwrap();
    std::fs::read(summary.file).unwrap()
}

#[test]
fn a_commune_gets_its_records_back_from_the_receiving_unit() {
    let usb = tempfile::tempdir().unwrap();
    let mut d = district();
    // The old laptop: a team with members, sent to the receiving unit.
    let mut old = commune();
    trust(&mut old, &d);
    let team = new_team(&mut old, "Tổ bảo vệ an ninh, trật tự thôn Trung");
    for name in ["Đỗ Văn Minh", "Hoàng Thị Thu"] {
        old.create(
            "member",
            &fields(json!({"team_id": team, "full_name": name, "role": "to_vien", "sex": "nam", "ethnicity": "kinh"})),
        )
        .unwrap();
    }
    let gone = old
        .create(
            "member",
            &fields(
                json!({"team_id": team, "full_name": "Lý Văn Tư", "role": "to_vien", "sex": "nam"}),
            ),
        )
        .unwrap()
        .id;
    old.delete("member", &gone).unwrap();
    let old_fp = old.installation().unwrap().fingerprint;
    let r = import(
        &mut d,
        &export_sealed(&mut old, usb.path()),
        consent(&old_fp),
    );
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    // The receiving unit's own record about the team.
    d.create(
        "inspection",
        &fields(json!({"team_id": team, "inspection_date": "2026-11-20", "inspecting_unit": "Công an tỉnh", "findings": "Tốt"})),
    )
    .unwrap();
    let held = d.digest(Some("00001")).unwrap();
    let old_id = old.installation().unwrap().installation_id;
    drop(old); // the laptop dies, with no backup

    // A new laptop of the same commune: it trusts the card and sends an empty bundle.
    let mut new = commune();
    trust(&mut new, &d);
    let new_fp = new.installation().unwrap().fingerprint;
    let hello = export_sealed(&mut new, usb.path());
    // Before the officer has enrolled the new key, a recovery would go to the dead
    // laptop: the new one cannot open it, and says so.
    let early = d.export_recovery("00001", usb.path()).unwrap();
    assert_eq!(early.sealed_to.as_ref().unwrap().fingerprint, old_fp);
    let before = state(&new);
    let r = import(
        &mut new,
        &std::fs::read(&early.file).unwrap(),
        ImportOptions::default(),
    );
    assert_eq!(r.reason_code, Some("sealed_for_other"), "{:?}", r.reason);
    assert_eq!(state(&new), before);
    let r = import(&mut d, &hello, consent(&new_fp));
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert!(r.enrolled);
    d.revoke_sender(&old_id).unwrap();

    let summary = d.export_recovery("00001", usb.path()).unwrap();
    assert!(summary
        .file
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("xungkich-khoiphuc-00001-"));
    assert_eq!(summary.sealed_to.as_ref().unwrap().fingerprint, new_fp);
    let recovery = std::fs::read(&summary.file).unwrap();
    // The recovery does not move where the receiving unit's next bundles start.
    assert_eq!(d.last_exported_seq().unwrap(), 0);

    // Another installation of the commune (the dead laptop's twin, a stranger) cannot
    // open it; the new one adopts everything the receiving unit held.
    let mut stranger = commune();
    trust(&mut stranger, &d);
    let before = state(&stranger);
    let r = import(&mut stranger, &recovery, ImportOptions::default());
    assert_eq!(r.reason_code, Some("sealed_for_other"), "{:?}", r.reason);
    assert_eq!(state(&stranger), before);

    let r = import(&mut new, &recovery, ImportOptions::default());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert_eq!(r.quarantined, 0, "{r:?}");
    assert_eq!(new.digest(Some("00001")).unwrap(), held);
    let members = new
        .list("member", &Default::default())
        .unwrap()
        .into_iter()
        .filter(|m| !m.deleted)
        .count();
    assert_eq!(members, 2);
    // The receiving unit's own inspection came too.
    let inspections: i64 = new
        .conn()
        .query_row("SELECT count(*) FROM inspections", [], |r| r.get(0))
        .unwrap();
    assert_eq!(inspections, 1);

    // It carries on: a change on the new laptop reaches the receiving unit.
    let member_id: String = new
        .conn()
        .query_row(
            "SELECT id FROM members WHERE deleted = 0 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    new.update(
        "member",
        &member_id,
        &fields(json!({"occupation": "Nông dân"})),
    )
    .unwrap();
    let next = new.export(usb.path(), ExportOptions::default()).unwrap();
    let r = import(
        &mut d,
        &std::fs::read(next.file).unwrap(),
        ImportOptions::default(),
    );
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert_eq!(r.updated, 1, "{r:?}");
    assert_eq!(
        d.digest(Some("00001")).unwrap(),
        new.digest(Some("00001")).unwrap()
    );
}

/// A receiving unit's ordinary bundle cannot write a commune's own records: only a
/// recovery bundle addressed to that installation can.
#[test]
fn only_a_recovery_bundle_for_this_installation_brings_the_communes_own_records() {
    let usb = tempfile::tempdir().unwrap();
    let mut d = district();
    let mut c = commune();
    trust(&mut c, &d);
    new_team(&mut c, "Tổ thôn Hạ");
    let fp = c.installation().unwrap().fingerprint;
    let r = import(&mut d, &export_sealed(&mut c, usb.path()), consent(&fp));
    assert_eq!(r.status, ImportStatus::Applied);
    // A recovery bundle for this commune's (only) installation, applied by a second,
    // empty installation that is not the one named: refused whole.
    // A commune the receiving unit never heard from: nothing to seal to, in words.
    let err = d.export_recovery("00004", usb.path()).unwrap_err();
    assert_eq!(err.code(), "no_commune_key");
    assert!(err.to_string().contains("Phường Trúc Bạch"), "{err}");
    let summary = d.export_recovery("00001", usb.path()).unwrap();
    let bytes = std::fs::read(summary.file).unwrap();
    let mut twin = commune();
    trust(&mut twin, &d);
    // Opened with the right key (the same installation's) but named for another: to
    // test `authorise` itself, rebuild the plain bundle as the receiving unit would for
    // another installation id.
    let plain = d
        .build_bundle_with(
            ExportOptions {
                full: true,
                ..Default::default()
            },
            Some("00001"),
            None,
            Some("a-different-installation".into()),
        )
        .unwrap()
        .bytes;
    let before = state(&twin);
    let r = import(&mut twin, &plain, ImportOptions::default());
    assert_eq!(r.reason_code, Some("not_owner"), "{:?}", r.reason);
    assert_eq!(state(&twin), before);
    // The real one, at the installation it names: nothing new (it holds it all), but
    // accepted.
    let r = import(&mut c, &bytes, ImportOptions::default());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert_eq!(r.inserted, 0);
}
