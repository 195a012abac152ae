//! A deletion undone travels like any change: the receiving unit that holds the
//! tombstone takes the later live version (last writer wins, tombstones included), and
//! the recycle bin itself never leaves the installation.

use serde_json::json;

use super::tests::{commune, district, enrol, export, fields, import, new_team};
use crate::bundle::container;
use crate::sync::import::{ImportOptions, ImportStatus};

#[test]
fn a_member_deleted_then_restored_comes_back_live_at_the_receiving_unit() {
    let mut c = commune();
    let t = new_team(&mut c, "Tổ xung kích thôn Đông");
    let m = c
        .create(
            "member",
            &fields(json!({
                "team_id": t, "full_name": "Lê Văn Cường", "role": "to_vien", "sex": "nam",
                "phone": "0912345678", "address": "Số 5 ngõ 3", "birth_date": "1990-05-01",
            })),
        )
        .unwrap()
        .id;
    let mut d = district();
    let first = export(&mut c, false);
    assert_eq!(
        import(&mut d, &first, enrol()).status,
        ImportStatus::Applied
    );
    assert_eq!(
        d.get("member", &m).unwrap().text("phone"),
        Some("0912345678")
    );

    c.delete("member", &m).unwrap();
    let second = export(&mut c, false);
    import(&mut d, &second, ImportOptions::default());
    let held = d.get("member", &m).unwrap();
    assert!(held.deleted);
    assert!(
        held.fields["phone"].is_null(),
        "the receiver emptied the tombstone"
    );

    let batch = c.recently_deleted().unwrap().remove(0);
    c.restore_deleted(&batch.id).unwrap();
    let third = export(&mut c, false);
    let report = import(&mut d, &third, ImportOptions::default());
    assert_eq!(report.status, ImportStatus::Applied);
    assert!(report.gaps.is_empty(), "{:?}", report.gaps);
    let back = d.get("member", &m).unwrap();
    assert!(
        !back.deleted,
        "the later live version wins over the tombstone"
    );
    assert_eq!(back.text("phone"), Some("0912345678"));
    assert_eq!(back.text("address"), Some("Số 5 ngõ 3"));
    assert_eq!(
        d.digest(Some("00001")).unwrap().sha256,
        c.digest(Some("00001")).unwrap().sha256,
        "both hold the same content again"
    );
    // An older bundle arriving late (the deletion) does not bury it again.
    let again = import(&mut d, &second, ImportOptions::default());
    assert_eq!(again.updated, 0);
    assert!(!d.get("member", &m).unwrap().deleted);
}

#[test]
fn the_recycle_bin_never_travels_in_a_bundle() {
    let mut c = commune();
    let t = new_team(&mut c, "Tổ 1");
    let m = c
        .create(
            "member",
            &fields(json!({
                "team_id": t, "full_name": "Lê Văn Cường", "role": "to_vien", "sex": "nam",
                "phone": "0987654321",
            })),
        )
        .unwrap()
        .id;
    c.delete("member", &m).unwrap();
    assert_eq!(c.recently_deleted().unwrap().len(), 1);
    for full in [true, false] {
        let bundle = export(&mut c, full);
        let index = container::read_index(&bundle, &container::Limits::DEFAULT).unwrap();
        for entry in index.entries() {
            assert!(!entry.name.contains("recycle"), "{}", entry.name);
            let data = container::read_entry(&bundle, entry, &container::Limits::DEFAULT).unwrap();
            let text = String::from_utf8_lossy(&data);
            assert!(
                !text.contains("0987654321"),
                "the bin's copy of the phone is in {}",
                entry.name
            );
        }
    }
}

/// A receiving unit deletes only what it records itself; undone, its inspection goes
/// back to the commune with its fields like any change of its own.
#[test]
fn a_receiving_unit_restores_its_own_inspection_and_the_commune_gets_it_back() {
    let mut c = commune();
    new_team(&mut c, "Tổ 1");
    let mut d = district();
    import(&mut d, &export(&mut c, false), enrol());
    let team = d
        .list("team", &crate::records::ListQuery::default())
        .unwrap()
        .remove(0);
    let inspection = d
        .create(
            "inspection",
            &fields(json!({"team_id": team.id, "inspection_date": "10/11/2026", "inspecting_unit": "Công an quận Ba Đình", "findings": "Đạt yêu cầu"})),
        )
        .unwrap()
        .id;
    import(&mut c, &export(&mut d, false), enrol());
    d.delete("inspection", &inspection).unwrap();
    import(&mut c, &export(&mut d, false), ImportOptions::default());
    assert!(c.get("inspection", &inspection).unwrap().deleted);
    // The commune's own team cannot be deleted there, so nothing of it is in the bin.
    assert!(d.delete("team", &team.id).is_err());
    let batch = d.recently_deleted().unwrap().remove(0);
    assert_eq!(batch.kind_label, "kiểm tra");
    d.restore_deleted(&batch.id).unwrap();
    import(&mut c, &export(&mut d, false), ImportOptions::default());
    let back = c.get("inspection", &inspection).unwrap();
    assert!(!back.deleted);
    assert_eq!(back.text("findings"), Some("Đạt yêu cầu"));
}
