//! Issue 12 item 5: receipts. The receiving unit's bundle for a commune carries what it
//! holds of that commune; a receipt can also go alone; the commune reads from it what
//! arrived and what is missing, and can export everything not yet confirmed.

use std::path::Path;

use serde_json::json;

use super::export::{signed_bundle, ExportOptions};
use super::import::ImportStatus;
use super::receipt::{Receipt, RECEIPT_ENTRY};
use super::receipts::receipt_manifest;
use super::tests::{commune, district, enrol, fields, import, new_team, state};
use crate::error::Error;
use crate::installation::Role;
use crate::units::UnitSet;
use crate::Store;

fn trust(c: &mut Store, d: &Store) {
    let (card, info) = d.receiver_card().unwrap();
    c.trust_card(&card, &info.fingerprint).unwrap();
}

/// A sealed export of the commune, as the command line writes it; its bytes.
fn send(c: &mut Store, options: ExportOptions) -> Vec<u8> {
    let usb = tempfile::tempdir().unwrap();
    let summary = c.export(usb.path(), options).unwrap();
    std::fs::read(summary.file).unwrap()
}

/// The receiving unit's bundle for commune 00001 (the only one it knows here).
fn send_back(d: &mut Store) -> Vec<u8> {
    let usb = tempfile::tempdir().unwrap();
    let summaries = d
        .export_to_communes(usb.path(), ExportOptions::default())
        .unwrap();
    assert_eq!(summaries.len(), 1);
    std::fs::read(&summaries[0].file).unwrap()
}

fn village(c: &mut Store, name: &str) {
    c.create(
        "village",
        &fields(json!({"name": name, "village_type": "thon"})),
    )
    .unwrap();
}

fn seq_last(s: &Store) -> i64 {
    s.conn()
        .query_row("SELECT seq_last FROM installation", [], |r| r.get(0))
        .unwrap()
}

fn receipts_kept(s: &Store) -> (i64, i64) {
    let count = |sql: &str| s.conn().query_row(sql, [], |r| r.get(0)).unwrap();
    (
        count("SELECT count(*) FROM receipts"),
        count("SELECT count(*) FROM audit_log WHERE action = 'receipt'"),
    )
}

#[test]
fn the_receiving_unit_s_bundle_carries_a_receipt_the_commune_reads() {
    let mut c = commune();
    let team = new_team(&mut c, "Tổ bảo vệ an ninh, trật tự thôn Đông");
    village(&mut c, "Thôn Đông");
    let mut d = district();
    trust(&mut c, &d);
    assert!(c.receipt_status().unwrap().is_none());
    let sent_to = seq_last(&c);
    let r = import(&mut d, &send(&mut c, ExportOptions::default()), enrol());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    // The receiving unit writes something back about the team: the commune's own
    // counter moves, but nothing of the commune's own records changed.
    d.create(
        "inspection",
        &fields(json!({"team_id": team, "inspection_date": "2026-11-20", "inspecting_unit": "Công an quận"})),
    )
    .unwrap();

    let back = send_back(&mut d);
    let r = import(&mut c, &back, Default::default());
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert!(r.receipt && r.sealed);
    assert_eq!(r.inserted, 1);
    assert!(seq_last(&c) > sent_to);

    let status = c.receipt_status().unwrap().unwrap();
    assert_eq!(status.confirmed_to, sent_to);
    assert_eq!(status.last_change, sent_to);
    assert!(status.digest_matches && status.complete, "{status:?}");
    assert!(status.gaps.is_empty());
    let held: u64 = c
        .digest(Some("00001"))
        .unwrap()
        .kinds
        .values()
        .map(|k| k.count)
        .sum();
    assert_eq!(status.records_held, held);
    assert_eq!(status.receiver_unit, "001");
    assert!(
        status.message.starts_with(&format!(
            "Đơn vị tiếp nhận (Quận Ba Đình) đã nhận đủ dữ liệu đến lần thay đổi {sent_to}, ngày "
        )),
        "{}",
        status.message
    );
    // After a full round trip both sides count the same content.
    assert_eq!(
        d.digest(Some("00001")).unwrap(),
        c.digest(Some("00001")).unwrap()
    );
    assert_eq!(receipts_kept(&c), (1, 1));

    // A change at the commune: no longer everything confirmed.
    village(&mut c, "Thôn Tây");
    let status = c.receipt_status().unwrap().unwrap();
    assert!(!status.complete && !status.digest_matches);
    assert!(
        status
            .message
            .contains(&format!("các thay đổi sau đó (đến lần {})", seq_last(&c))),
        "{}",
        status.message
    );
}

#[test]
fn receipts_change_what_the_next_export_holds() {
    let mut c = commune();
    new_team(&mut c, "Tổ thôn Nam");
    let mut d = district();
    trust(&mut c, &d);
    // Without a receipt, everything unconfirmed is everything: a full bundle.
    let unconfirmed = ExportOptions {
        unconfirmed: true,
        ..Default::default()
    };
    let full = ExportOptions {
        full: true,
        ..Default::default()
    };
    let a = c.build_bundle(unconfirmed).unwrap();
    assert_eq!(a.bytes, c.build_bundle(full).unwrap().bytes);
    assert!(a.manifest.is_full());

    // First bundle arrives; the second is lost on its USB stick; the third arrives.
    let first = send(&mut c, ExportOptions::default());
    let confirmed = seq_last(&c);
    assert_eq!(
        import(&mut d, &first, enrol()).status,
        ImportStatus::Applied
    );
    village(&mut c, "Thôn Một");
    village(&mut c, "Thôn Hai");
    let _lost = send(&mut c, ExportOptions::default());
    let lost = (confirmed + 1, seq_last(&c));
    village(&mut c, "Thôn Ba");
    let third = send(&mut c, ExportOptions::default());
    assert_eq!(
        import(&mut d, &third, enrol()).status,
        ImportStatus::Applied
    );
    assert_eq!(
        import(&mut c, &send_back(&mut d), Default::default()).status,
        ImportStatus::Applied
    );

    let status = c.receipt_status().unwrap().unwrap();
    assert_eq!(status.confirmed_to, confirmed);
    assert!(!status.complete);
    assert_eq!(status.gaps.len(), 1, "{:?}", status.gaps);
    assert_eq!((status.gaps[0].from_seq, status.gaps[0].to_seq), lost);
    assert!(
        status.gaps[0].message.contains(&format!(
            "các thay đổi từ {} đến {} đã xuất",
            lost.0, lost.1
        )),
        "{}",
        status.gaps[0].message
    );

    // One press of "Gửi" then makes the bundle of everything unconfirmed (issue 15).
    let plan = c.send_plan().unwrap();
    assert_eq!(plan.mode, "unconfirmed", "{}", plan.why);
    assert!(plan.options().unconfirmed && !plan.options().full);
    // The next incremental bundle starts after the third; everything unconfirmed
    // starts after what the receiving unit holds without a hole.
    assert_eq!(
        c.bundle_range(ExportOptions::default()).unwrap(),
        (seq_last(&c) + 1, seq_last(&c))
    );
    let again = c.build_bundle(unconfirmed).unwrap();
    assert_eq!(
        (again.manifest.from_seq, again.manifest.to_seq),
        (confirmed + 1, seq_last(&c))
    );
    assert!(!again.manifest.is_full());
    assert_eq!(again.manifest.counts["village"], 3);

    // Sent and applied, it closes the gap; the next receipt confirms everything.
    let resent = send(&mut c, unconfirmed);
    assert_eq!(
        import(&mut d, &resent, enrol()).status,
        ImportStatus::Applied
    );
    assert!(d.gaps().unwrap().is_empty());
    import(&mut c, &send_back(&mut d), Default::default());
    let status = c.receipt_status().unwrap().unwrap();
    assert!(status.complete && status.gaps.is_empty(), "{status:?}");
    assert_eq!(c.send_plan().unwrap().mode, "incremental");
    assert_eq!(c.confirmed_to().unwrap(), status.confirmed_to);
    assert_eq!(
        c.build_bundle(unconfirmed).unwrap().manifest.from_seq,
        status.confirmed_to + 1
    );
}

#[test]
fn a_receipt_goes_alone_through_the_same_import() {
    let mut c = commune();
    new_team(&mut c, "Tổ thôn Bắc");
    let mut d = district();
    trust(&mut c, &d);
    let usb = tempfile::tempdir().unwrap();
    // Nothing received yet from this commune: nothing to confirm.
    let err = d.save_receipt("00001", usb.path()).unwrap_err();
    assert!(matches!(err, Error::NothingToConfirm { .. }), "{err:?}");
    // A commune not under this receiving unit, or not a commune.
    for other in ["00004", "001"] {
        let code = d.save_receipt(other, usb.path()).unwrap_err().code();
        assert!(
            ["outside_scope", "nothing_to_confirm"].contains(&code),
            "{other}: {code}"
        );
    }
    assert_eq!(
        d.save_receipt("99999", usb.path()).unwrap_err().code(),
        "outside_scope"
    );
    // A commune writes no receipt.
    assert_eq!(
        c.save_receipt("00001", usb.path()).unwrap_err().code(),
        "invalid"
    );
    assert_eq!(std::fs::read_dir(usb.path()).unwrap().count(), 0);

    let sent_to = seq_last(&c);
    let r = import(&mut d, &send(&mut c, ExportOptions::default()), enrol());
    assert_eq!(r.status, ImportStatus::Applied);
    let saved = d.save_receipt("00001", usb.path()).unwrap();
    let name = saved
        .file
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("bien-nhan-001-00001-") && name.ends_with(".xkb"),
        "{name}"
    );
    assert!(saved.sealed_to.is_some());
    assert_eq!(saved.confirmed_to[0].1, sent_to);
    // The receiving unit logs what it wrote.
    assert_eq!(receipts_kept(&d).1, 1);

    // The commune imports the folder, as it imports bundles.
    let before = c.digest(None).unwrap();
    let reports = crate::ops::bundles::import_bundles(
        &mut c,
        &[usb.path().to_path_buf()],
        Default::default(),
        None,
        &mut crate::ops::no_progress,
    )
    .unwrap();
    assert_eq!(
        reports[0].status,
        ImportStatus::Applied,
        "{:?}",
        reports[0].reason
    );
    assert!(reports[0].receipt);
    assert_eq!((reports[0].from_seq, reports[0].to_seq), (Some(1), Some(0)));
    assert_eq!(c.digest(None).unwrap(), before);
    let status = c.receipt_status().unwrap().unwrap();
    assert!(status.complete, "{status:?}");
    assert_eq!(status.confirmed_to, sent_to);
    // The same file again: a duplicate, nothing changes.
    let again = c.import_file(&saved.file, Default::default()).unwrap();
    assert_eq!(again.status, ImportStatus::Duplicate);
    assert_eq!(receipts_kept(&c), (1, 1));
}

/// A receipt bundle in clear with `receipt` as its entry, signed by `signer`.
fn receipt_bundle(signer: &Store, receipt: &Receipt, recipient: &str) -> Vec<u8> {
    receipt_bundle_carrying(signer, receipt, receipt, recipient)
}

/// The same, listing `listed` in the signed manifest but carrying `carried`.
fn receipt_bundle_carrying(
    signer: &Store,
    listed: &Receipt,
    carried: &Receipt,
    recipient: &str,
) -> Vec<u8> {
    let inst = signer.installation().unwrap();
    let keys = signer.signing_key().unwrap();
    let listed = vec![(RECEIPT_ENTRY.to_string(), listed.to_bytes())];
    let entries = vec![(RECEIPT_ENTRY.to_string(), carried.to_bytes())];
    // The manifest lists what it lists, whatever the bundle carries.
    let manifest = receipt_manifest(&inst, &keys, &listed, recipient, None);
    signed_bundle(&keys, &manifest, entries).unwrap()
}

#[test]
fn a_receipt_from_someone_else_or_about_another_commune_is_refused() {
    let mut c = commune();
    new_team(&mut c, "Tổ thôn Trung");
    let mut d = district();
    trust(&mut c, &d);
    import(&mut d, &send(&mut c, ExportOptions::default()), enrol());
    let genuine = d.receipt_for("00001").unwrap();
    // The genuine one in clear is accepted (checked below, after the refusals).
    let before = (state(&c), receipts_kept(&c));
    let mut refused = |bytes: Vec<u8>, code: &str, words: &str| {
        let r = import(&mut c, &bytes, Default::default());
        assert_eq!(r.reason_code, Some(code), "{:?}", r.reason);
        let reason = r.reason.unwrap();
        assert!(reason.contains(words), "{reason}");
        assert_eq!((state(&c), receipts_kept(&c)), before);
    };

    // Signed by the receiving unit, but naming another installation as its writer.
    let mut other_writer = genuine.clone();
    other_writer.receiver.installation = "01900000-0000-7000-8000-000000000000".into();
    refused(
        receipt_bundle(&d, &other_writer, "00001"),
        "bad_receipt",
        "nhưng gói do máy",
    );

    // About another commune, in a bundle for this one.
    let mut elsewhere = genuine.clone();
    elsewhere.commune.unit = "00004".into();
    refused(
        receipt_bundle(&d, &elsewhere, "00001"),
        "bad_receipt",
        "không gửi cho đơn vị đó",
    );
    // About another commune and for it.
    refused(
        receipt_bundle(&d, &elsewhere, "00004"),
        "not_for_this_unit",
        "00004",
    );

    // Written by another laptop of the receiving unit, whose card the commune never
    // trusted.
    let mut stranger = Store::open_in_memory().unwrap();
    stranger
        .init(Role::Receiver, UnitSet::Y2008, "001")
        .unwrap();
    let mut theirs = genuine.clone();
    theirs.receiver.installation = stranger.installation().unwrap().installation_id;
    refused(
        receipt_bundle(&stranger, &theirs, "00001"),
        "key_changed",
        "Quận Ba Đình",
    );

    // Its holdings edited after signing: the hash no longer matches.
    let mut more = genuine.clone();
    more.installations[0].ranges[0][1] += 100;
    more.installations[0].confirmed_to += 100;
    refused(
        receipt_bundle_carrying(&d, &genuine, &more, "00001"),
        "hash_mismatch",
        "receipt.json",
    );

    // A commune's own bundle cannot carry one.
    let mut other_commune = Store::open_in_memory().unwrap();
    other_commune
        .init(Role::Commune, UnitSet::Y2008, "00001")
        .unwrap();
    let r = import(
        &mut c,
        &receipt_bundle(&other_commune, &genuine, "00001"),
        enrol(),
    );
    assert_eq!(r.reason_code, Some("bad_receipt"), "{:?}", r.reason);
    assert_eq!((state(&c), receipts_kept(&c)), before);

    // The genuine one, in clear, goes in.
    let r = import(
        &mut c,
        &receipt_bundle(&d, &genuine, "00001"),
        Default::default(),
    );
    assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    assert_eq!(receipts_kept(&c), (1, 1));
}

#[test]
fn an_older_receipt_arriving_late_does_not_replace_a_newer_one() {
    let mut c = commune();
    new_team(&mut c, "Tổ thôn Cuối");
    let mut d = district();
    trust(&mut c, &d);
    import(&mut d, &send(&mut c, ExportOptions::default()), enrol());
    let old = d.write_receipt("00001").unwrap().bytes;
    // A second import a moment later: a newer receipt.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    village(&mut c, "Thôn Mới");
    import(&mut d, &send(&mut c, ExportOptions::default()), enrol());
    let new = d.write_receipt("00001").unwrap().bytes;
    let confirmed = seq_last(&c);
    let name = Path::new("bien-nhan.xkb");
    for bytes in [&new, &old] {
        let r = c.import_bytes(name, bytes, Default::default()).unwrap();
        assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
    }
    assert_eq!(c.confirmed_to().unwrap(), confirmed);
    // Both are in the audit log, the late one as not kept.
    assert_eq!(receipts_kept(&c), (1, 2));
    let kept: String = c
        .conn()
        .query_row(
            "SELECT changes FROM audit_log WHERE action = 'receipt' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(kept.contains("\"kept\":false"), "{kept}");
}

/// The independent verifier (scripts/verify-bundle.py) checks receipt.json by the table
/// of docs/bundle-format.md §3.5, as our importer does: a genuine receipt passes; each
/// field made wrong in a receipt that is still correctly signed is refused by both with
/// `bad_receipt`.
#[test]
fn the_independent_verifier_checks_a_receipt_s_fields_as_the_importer_does() {
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !python {
        println!("NOTE: python3 not found; the independent verifier was not run");
        return;
    }
    let mut c = commune();
    new_team(&mut c, "Tổ thôn Đông");
    let mut d = district();
    trust(&mut c, &d);
    import(&mut d, &send(&mut c, ExportOptions::default()), enrol());
    let genuine = d.receipt_for("00001").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let verify = |bytes: &[u8]| -> serde_json::Value {
        let file = dir.path().join("receipt-bundle.zip");
        std::fs::write(&file, bytes).unwrap();
        let out = std::process::Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/verify-bundle.py"))
            .arg("--json")
            .arg(&file)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "verifier output ({e}): {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })
    };
    let v = verify(&receipt_bundle(&d, &genuine, "00001"));
    assert_eq!(v["ok"], json!(true), "{v}");

    let mut mutants: Vec<(&str, Receipt)> = Vec::new();
    let mut m = genuine.clone();
    m.receiver.installation = "01900000-0000-7000-8000-000000000000".into();
    mutants.push(("another writer than the signer", m));
    let mut m = genuine.clone();
    m.commune.unit = "00004".into();
    mutants.push(("about another commune than the recipient", m));
    let mut m = genuine.clone();
    m.installations[0].confirmed_to += 1;
    mutants.push(("confirmed_to not what the ranges make it", m));
    let mut m = genuine.clone();
    let [from, to] = m.installations[0].ranges[0];
    m.installations[0].ranges.push([from, to + 5]);
    mutants.push(("overlapping ranges", m));
    let mut m = genuine.clone();
    m.installations[0].ranges = vec![[0, 3]];
    m.installations[0].confirmed_to = 0;
    mutants.push(("a range from 0", m));
    let mut m = genuine.clone();
    m.as_of = Some("2020-01-01T00:00:00Z".into());
    mutants.push(("as_of not the newest reception", m));
    let mut m = genuine.clone();
    m.installations[0].last_received_at = "hôm qua".into();
    m.as_of = Some("hôm qua".into());
    mutants.push(("a reception time that is not a time", m));
    let mut m = genuine.clone();
    m.installations.push(m.installations[0].clone());
    mutants.push(("one installation twice", m));
    let mut m = genuine.clone();
    m.format_version = 2;
    mutants.push(("a newer format", m));
    let mut m = genuine.clone();
    m.digest.sha256 = "ABC".into();
    mutants.push(("a digest that is not one", m));
    let mut m = genuine.clone();
    m.receiver.unit = "không phải mã".into();
    mutants.push(("a unit code that is not digits", m));
    for (what, receipt) in mutants {
        let bytes = receipt_bundle(&d, &receipt, "00001");
        let before = state(&c);
        let r = import(&mut c, &bytes, Default::default());
        assert_eq!(r.reason_code, Some("bad_receipt"), "{what}: {:?}", r.reason);
        assert_eq!(state(&c), before, "{what}");
        let v = verify(&bytes);
        assert_eq!(
            v["ok"],
            json!(false),
            "{what}: the verifier accepted it: {v}"
        );
        assert_eq!(v["error"], json!("bad_receipt"), "{what}: {v}");
    }
}
