//! The recycle bin: a deletion undone brings back every field, the cascade and the
//! cleared links; refusals change nothing; the bin is purged after 30 days and never
//! leaves the installation.

use serde_json::json;

use super::*;
use crate::records::tests::{commune, fields, team};
use crate::records::ListQuery;

/// A member with personal fields of every sensitivity filled in.
fn full_member(s: &mut Store, team: &str, name: &str) -> String {
    s.create(
        "member",
        &fields(json!({
            "team_id": team, "full_name": name, "role": "to_vien", "sex": "nam",
            "birth_date": "1990-05-01", "id_number": "001090012345", "phone": "0912345678",
            "address": "Số 5 ngõ 3", "ethnicity": "kinh", "religion": "Phật giáo",
            "party_member": true, "note": "Ghi chú riêng",
        })),
    )
    .unwrap()
    .id
}

/// Everything a refused restore could have touched.
fn snapshot(s: &Store) -> (crate::digest::Digest, i64, i64, i64) {
    let c = s.conn();
    let count = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        s.digest(None).unwrap(),
        count("SELECT count(*) FROM audit_log"),
        count("SELECT seq_last FROM installation"),
        count("SELECT count(*) FROM recycle_rows"),
    )
}

/// Every table of every kind as stored, but the version columns: what a restore must
/// bring back exactly (sensitive and confidential fields included).
fn rows_as_stored(s: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for kind in crate::kinds::ALL {
        let names: Vec<&str> = kind.fields.iter().map(|f| f.name).collect();
        let sql = format!(
            "SELECT id, deleted, {} FROM {} ORDER BY id",
            names.join(", "),
            kind.table
        );
        let mut stmt = s.conn().prepare(&sql).unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let values: Vec<String> = (0..names.len() + 2)
                .map(|i| format!("{:?}", r.get::<_, Sql>(i).unwrap()))
                .collect();
            out.push(format!("{}: {}", kind.name, values.join(" | ")));
        }
    }
    out
}

#[test]
fn a_restore_brings_back_every_field_the_cascade_and_the_cleared_links() {
    let mut s = commune();
    let t = team(&mut s, "Tổ xung kích thôn Đông");
    let m = full_member(&mut s, &t, "Lê Văn Cường");
    // An optional link to the member (the equipment stays with the team) and a record
    // that cannot exist without it (a role period, written with the member).
    let e = s
        .create(
            "equipment",
            &fields(json!({"team_id": t, "member_id": m, "item": "trang_phuc_quan_ao", "quantity": 1, "issue_date": "2026-01-05"})),
        )
        .unwrap()
        .id;
    let before = rows_as_stored(&s);
    let digest = s.digest(None).unwrap();

    assert_eq!(
        s.delete("member", &m).unwrap(),
        2,
        "the member and its role period"
    );
    assert!(s.get("member", &m).unwrap().fields["phone"].is_null());
    assert!(s.get("equipment", &e).unwrap().fields["member_id"].is_null());
    let listed = s.recently_deleted().unwrap();
    assert_eq!(listed.len(), 1);
    let batch = &listed[0];
    assert_eq!(
        (batch.kind.as_str(), batch.record_id.as_str()),
        ("member", m.as_str())
    );
    assert_eq!(batch.label, "Lê Văn Cường");
    assert_eq!((batch.records, batch.links), (2, 1));
    assert_eq!(batch.with, vec![("lịch sử chức danh".to_string(), 1)]);
    assert_eq!(batch.actor, s.actor());
    assert!(!batch.restorable_until.is_empty());

    let audit_before: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let restored = s.restore_deleted(&batch.id).unwrap();
    assert_eq!((restored.records, restored.links), (2, 1));
    assert_eq!(restored.label, "Lê Văn Cường");
    assert_eq!(
        rows_as_stored(&s),
        before,
        "every field, sensitive ones included"
    );
    assert_eq!(s.digest(None).unwrap(), digest);
    // Three new versions (member, role, the equipment's link), each logged, each with a
    // new change number so the next bundle carries it.
    let audit_after: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audit_after - audit_before, 3);
    let member = s.get("member", &m).unwrap();
    assert!(!member.deleted);
    assert_eq!(member.text("phone"), Some("0912345678"));
    let hits = s.search("0912345678", 10).unwrap();
    assert!(hits.iter().any(|h| h.id == m), "found again by its phone");
    assert!(
        s.recently_deleted().unwrap().is_empty(),
        "the batch left the bin"
    );
    assert!(matches!(
        s.restore_deleted(&batch.id),
        Err(Error::NotInBin { .. })
    ));
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn a_team_comes_back_with_its_members_and_their_history() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    let m1 = full_member(&mut s, &t, "Nguyễn Văn An");
    let _m2 = full_member(&mut s, &t, "Trần Thị Bình");
    let before = rows_as_stored(&s);
    let deleted = s.delete("team", &t).unwrap();
    let listed = s.recently_deleted().unwrap();
    assert_eq!(listed[0].records, deleted);
    assert_eq!(listed[0].label, "Tổ 1");
    s.restore_deleted(&listed[0].id).unwrap();
    assert_eq!(rows_as_stored(&s), before);
    let members = s
        .list("member", &ListQuery::children_of("team_id", &t))
        .unwrap();
    assert_eq!(members.len(), 2);
    assert!(members.iter().any(|r| r.id == m1));
}

#[test]
fn a_restore_is_refused_while_its_parent_is_deleted_and_changes_nothing() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    let m = full_member(&mut s, &t, "Nguyễn Văn An");
    s.delete("member", &m).unwrap();
    s.delete("team", &t).unwrap();
    let listed = s.recently_deleted().unwrap();
    assert_eq!(listed.len(), 2);
    let (team_batch, member_batch) = (&listed[0], &listed[1]);
    assert_eq!(member_batch.kind, "member");
    let before = snapshot(&s);
    let err = s.restore_deleted(&member_batch.id).unwrap_err();
    assert_eq!(err.code(), "restore_needs_parent");
    let sentence = err.to_string();
    assert!(sentence.contains("tổ \"Tổ 1\""), "{sentence}");
    assert!(
        sentence.contains("khôi phục tổ \"Tổ 1\" trước"),
        "{sentence}"
    );
    assert_eq!(snapshot(&s), before, "the refusal changed nothing");
    // Team first, then the member.
    s.restore_deleted(&team_batch.id).unwrap();
    s.restore_deleted(&member_batch.id).unwrap();
    assert!(!s.get("member", &m).unwrap().deleted);
    assert_eq!(
        s.get("member", &m).unwrap().text("phone"),
        Some("0912345678")
    );
}

#[test]
fn a_record_changed_since_its_deletion_is_not_overwritten() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    let m = full_member(&mut s, &t, "Nguyễn Văn An");
    s.delete("member", &m).unwrap();
    let batch = s.recently_deleted().unwrap().remove(0);
    // As if a newer version had arrived in a bundle (a second laptop's).
    s.conn()
        .execute("UPDATE members SET hlc = hlc + 1 WHERE id = ?1", [&m])
        .unwrap();
    let before = snapshot(&s);
    let err = s.restore_deleted(&batch.id).unwrap_err();
    assert_eq!(err.code(), "restore_superseded");
    assert!(err.to_string().contains("Nguyễn Văn An"));
    assert_eq!(snapshot(&s), before);
}

#[test]
fn the_bin_keeps_a_deletion_thirty_days_then_only_the_tombstone_remains() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    let m1 = full_member(&mut s, &t, "Nguyễn Văn An");
    let m2 = full_member(&mut s, &t, "Trần Thị Bình");
    s.delete("member", &m1).unwrap();
    let old = s.recently_deleted().unwrap().remove(0);
    // Move the deletion back in time: 29 days is still kept, 31 is not.
    let back = |s: &Store, days: i64| {
        s.conn()
            .execute(
                "UPDATE recycle_batches SET deleted_ms = ?1 WHERE id = ?2",
                rusqlite::params![crate::hlc::now_ms() - days * DAY_MS, old.id],
            )
            .unwrap();
    };
    back(&s, KEPT_DAYS - 1);
    assert_eq!(s.recently_deleted().unwrap().len(), 1);
    back(&s, KEPT_DAYS + 1);
    assert!(
        s.recently_deleted().unwrap().is_empty(),
        "not listed once expired"
    );
    assert!(matches!(
        s.restore_deleted(&old.id),
        Err(Error::NotInBin { .. })
    ));
    // The next deletion purges it (as opening the store does).
    s.delete("member", &m2).unwrap();
    let kept: Vec<String> = s
        .conn()
        .prepare("SELECT DISTINCT record_id FROM recycle_rows")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!kept.contains(&m1), "the expired copy is gone");
    assert!(kept.contains(&m2));
    let copies_left: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM recycle_rows WHERE stored LIKE '%Nguyễn Văn An%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(copies_left, 0);
    assert!(s.get("member", &m1).unwrap().deleted, "the tombstone stays");
    // A member of a team deleted long ago cannot come back: the sentence says why.
    s.delete("team", &t).unwrap();
    let team_batch = s.recently_deleted().unwrap().remove(0);
    s.conn()
        .execute(
            "UPDATE recycle_batches SET deleted_ms = 0 WHERE id = ?1",
            [&team_batch.id],
        )
        .unwrap();
    s.purge_recycle_bin().unwrap();
    let member_batch = s.recently_deleted().unwrap().remove(0);
    let err = s.restore_deleted(&member_batch.id).unwrap_err();
    assert_eq!(err.code(), "restore_needs_parent");
    assert!(err.to_string().contains("không còn"), "{err}");
}

#[test]
fn a_refused_delete_files_nothing() {
    let mut s = commune();
    let before = snapshot(&s);
    assert!(s.delete("member", "khong-co").is_err());
    assert_eq!(snapshot(&s), before);
    assert!(s.recently_deleted().unwrap().is_empty());
}
