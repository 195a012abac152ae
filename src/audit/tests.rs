use rusqlite::params;
use serde_json::{json, Value as Json};

use super::*;
use crate::installation::Role;
use crate::sync::tests::{commune, fields};
use crate::units::UnitSet;
use crate::Store;

/// A commune with villages, teams and members written, changed and deleted: some tens
/// of entries.
fn busy_commune() -> Store {
    let mut s = commune();
    for i in 0..4 {
        let v = s
            .create(
                "village",
                &fields(json!({"name": format!("Thôn {i}"), "village_type": "thon"})),
            )
            .unwrap()
            .id;
        let t = s
            .create(
                "team",
                &fields(json!({
                    "name": format!("Tổ {i}"), "model_type": "to_bao_ve_antt", "status": "hoat_dong"
                })),
            )
            .unwrap()
            .id;
        for j in 0..3 {
            let m = s
                .create(
                    "member",
                    &fields(json!({
                        "team_id": t, "full_name": format!("Nguyễn Văn {i}{j}"), "sex": "nam",
                        "role": "to_vien", "village_id": v
                    })),
                )
                .unwrap()
                .id;
            s.update("member", &m, &fields(json!({"occupation": "Làm ruộng"})))
                .unwrap();
        }
        if i == 3 {
            s.delete("team", &t).unwrap();
        }
    }
    s
}

fn entries(s: &Store) -> i64 {
    s.conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn broken(s: &Store) -> Break {
    verify(s.conn())
        .unwrap()
        .broken
        .expect("the chain should be broken")
}

/// The middle entry's id and its date as the sentence shows it.
fn middle(s: &Store) -> (i64, String) {
    let id = entries(s) / 2;
    let at: String = s
        .conn()
        .query_row("SELECT at FROM audit_log WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    let day = crate::dates::parse_iso(&at[..10]).unwrap();
    (id, crate::dates::vn(day))
}

/// The encoding is the documented one: an entry hashed by hand (Python's hashlib, the
/// parts length-prefixed as docs/audit-log.md says) gives the same hex.
#[test]
fn the_hash_of_an_entry_follows_the_documented_encoding() {
    let hash = entry_hash(
        GENESIS,
        1,
        [
            "2026-03-05T09:30:00+07:00",
            "Nguyễn Văn An",
            "insert",
            "village",
            "v-1",
            r#"{"name":"Thôn Đoàn Kết"}"#,
        ],
    );
    assert_eq!(
        hash,
        "9c234dcc742457b7e32d0a860a4e034c8fe654e1db1bc1c9613c4876557debce"
    );
    // Text moved from one part to the next changes the hash (the length prefixes).
    let moved = entry_hash(
        GENESIS,
        1,
        [
            "2026-03-05T09:30:00+07:00",
            "Nguyễn Văn Aninsert",
            "",
            "village",
            "v-1",
            r#"{"name":"Thôn Đoàn Kết"}"#,
        ],
    );
    assert_ne!(hash, moved);
}

#[test]
fn the_chain_holds_after_many_writes() {
    let s = busy_commune();
    let n = entries(&s);
    assert!(n > 30, "{n} entries");
    let report = verify(s.conn()).unwrap();
    assert_eq!(
        report,
        ChainReport {
            entries: n as u64,
            broken: None
        }
    );
    assert!(s.integrity_problems().unwrap().is_empty());
    let head = read_head(s.conn()).unwrap().unwrap();
    assert_eq!((head.entries, head.last_id), (n, n));
    // Every entry names the one before it.
    let unlinked: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1
             WHERE b.prev_hash <> a.hash",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unlinked, 0);
}

#[test]
fn an_entry_changed_outside_the_program_is_found() {
    let s = busy_commune();
    let (id, day) = middle(&s);
    s.conn()
        .execute(
            "UPDATE audit_log SET changes = '{\"occupation\":[null,\"Buôn bán\"]}' WHERE id = ?1",
            [id],
        )
        .unwrap();
    let b = broken(&s);
    assert_eq!((b.kind, b.entry_id), (BreakKind::Changed, Some(id)));
    // The check every front end runs says it in words, with the entry and its day.
    let problems = s.integrity_problems().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(&format!(
            "Nhật ký thao tác bị sửa ở mục số {id}, ngày {day}: dữ liệu có thể đã bị can thiệp"
        )),
        "{}",
        problems[0]
    );
    assert!(problems[0].contains("báo cán bộ phụ trách"));
    // Even the actor alone, or the time.
    for (column, value) in [("actor", "Người khác"), ("at", "2020-01-01T00:00:00+07:00")] {
        let s = busy_commune();
        s.conn()
            .execute(
                &format!("UPDATE audit_log SET {column} = ?2 WHERE id = ?1"),
                params![3, value],
            )
            .unwrap();
        assert_eq!(broken(&s).entry_id, Some(3), "{column}");
    }
}

#[test]
fn an_entry_removed_from_the_middle_is_found() {
    let s = busy_commune();
    let (id, _) = middle(&s);
    s.conn()
        .execute("DELETE FROM audit_log WHERE id = ?1", [id])
        .unwrap();
    let b = broken(&s);
    assert_eq!((b.kind, b.entry_id), (BreakKind::Unlinked, Some(id + 1)));
    assert!(
        b.sentence().starts_with(&format!(
            "Nhật ký thao tác bị xoá hoặc chèn thêm mục ngay trước mục số {}",
            id + 1
        )),
        "{}",
        b.sentence()
    );
    // The first entry too: the second no longer starts the chain.
    let s = busy_commune();
    s.conn()
        .execute("DELETE FROM audit_log WHERE id = 1", [])
        .unwrap();
    assert_eq!(broken(&s).entry_id, Some(2));
}

/// What is left of a chain after its last entries are cut is still a chain: the head
/// finds the cut, and the program's next entry does not hide it.
#[test]
fn the_last_entries_removed_are_found_by_the_head() {
    let mut s = busy_commune();
    let n = entries(&s);
    s.conn()
        .execute("DELETE FROM audit_log WHERE id = ?1", [n])
        .unwrap();
    let b = broken(&s);
    assert_eq!((b.kind, b.entry_id), (BreakKind::TailRemoved, Some(n - 1)));
    assert!(s.integrity_problems().unwrap()[0].starts_with(&format!(
        "Nhật ký thao tác bị xoá hoặc sửa các mục cuối, sau mục số {}",
        n - 1
    )));
    s.create(
        "village",
        &fields(json!({"name": "Thôn mới", "village_type": "thon"})),
    )
    .unwrap();
    let b = broken(&s);
    assert_eq!((b.kind, b.entry_id), (BreakKind::Unlinked, Some(n + 1)));

    // The whole log emptied.
    let s = busy_commune();
    s.conn().execute("DELETE FROM audit_log", []).unwrap();
    let b = broken(&s);
    assert_eq!((b.kind, b.entry_id), (BreakKind::TailRemoved, None));
    assert!(b
        .sentence()
        .starts_with("Nhật ký thao tác bị xoá hết các mục:"));
}

/// An entry added by hand, even hashed by the documented rule onto the last one, is past
/// the head.
#[test]
fn an_entry_added_outside_the_program_is_found() {
    let s = busy_commune();
    let head = read_head(s.conn()).unwrap().unwrap();
    let id = head.last_id + 1;
    let columns = [
        "2026-01-02T08:00:00+07:00",
        "x",
        "delete",
        "team",
        "t",
        "{}",
    ];
    let hash = entry_hash(&head.hash, id, columns);
    s.conn()
        .execute(
            "INSERT INTO audit_log (id, at, actor, action, kind, record_id, changes, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id, columns[0], columns[1], columns[2], columns[3], columns[4], columns[5],
                head.hash, hash
            ],
        )
        .unwrap();
    let b = broken(&s);
    assert_eq!((b.kind, b.entry_id), (BreakKind::Added, Some(id)));
    assert!(b.sentence().starts_with(&format!(
        "Nhật ký thao tác có mục số {id}, ngày 02/01/2026 được thêm vào ngoài chương trình"
    )));
    // And the head removed.
    let s = busy_commune();
    s.conn().execute("DELETE FROM audit_head", []).unwrap();
    assert_eq!(broken(&s).kind, BreakKind::NoHead);
}

#[test]
fn an_entry_is_only_appended_inside_a_transaction_and_every_action_is_allowed() {
    let mut s = commune();
    let entry = |action| Entry {
        at: "2026-03-05T09:30:00+07:00",
        actor: "Cán bộ",
        action,
        kind: "database",
        record_id: "x",
        changes: &Json::Null,
    };
    assert!(append(s.conn(), &entry(Action::Keys)).is_err());
    let before = entries(&s);
    s.write(|tx| {
        for action in Action::ALL {
            append(tx, &entry(action))?;
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(entries(&s), before + Action::ALL.len() as i64);
    assert!(verify(s.conn()).unwrap().is_intact());
}

/// Sensitive and confidential fields, and those that single a person out, are logged as
/// changed, never with their value; the other fields keep theirs.
#[test]
fn values_kept_out_of_the_log_never_reach_it() {
    let mut s = commune();
    let t = s
        .create(
            "team",
            &fields(json!({"name": "Tổ 1", "model_type": "to_bao_ve_antt", "status": "hoat_dong"})),
        )
        .unwrap()
        .id;
    let m = s
        .create(
            "member",
            &fields(json!({
                "team_id": t, "full_name": "Lò Văn Pánh", "sex": "nam", "role": "to_vien",
                "birth_date": "17/04/1985", "id_doc_type": "the_can_cuoc",
                "id_number": "014085012345", "phone": "0912 345 678",
                "ethnicity": "03", "religion": "Phật giáo Hoà Hảo",
                "party_member": true, "party_join_date": "03/2010"
            })),
        )
        .unwrap()
        .id;
    s.update(
        "member",
        &m,
        &fields(json!({
            "id_number": "014085099999", "phone": "0987654321", "religion": "Công giáo",
            "birth_date": "18/04/1985", "occupation": "Làm ruộng"
        })),
    )
    .unwrap();
    s.create(
        "activity",
        &fields(json!({
            "team_id": t, "activity_type": "tin_bao", "activity_date": "05/03/2026",
            "reporter": "Trần Thị Báo Tin"
        })),
    )
    .unwrap();
    let logged: Vec<(String, String, String)> = s
        .conn()
        .prepare("SELECT action, kind, changes FROM audit_log")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let all: String = logged.iter().map(|(_, _, c)| c.as_str()).collect();
    for value in [
        "014085012345",
        "014085099999",
        "0912345678",
        "0987654321",
        "1985-04-17",
        "1985-04-18",
        "Phật giáo",
        "Công giáo",
        "2010-03",
        "Trần Thị Báo Tin",
    ] {
        assert!(!all.contains(value), "{value} is in the log");
    }
    // Every such field of every record entry is marked, as entered or as changed.
    let mut marked = 0;
    for (action, kind, changes) in &logged {
        let Some(kind) = crate::kinds::by_name(kind) else {
            continue;
        };
        let changes: Json = serde_json::from_str(changes).unwrap();
        for (name, value) in changes.as_object().unwrap() {
            let said = match action.as_str() {
                "insert" => "đã nhập",
                _ => "đã thay đổi",
            };
            if keeps_value_out(kind.field(name).unwrap()) {
                assert_eq!(value, &json!({"masked": said}), "{name}");
                marked += 1;
            }
        }
    }
    // Insert: birth date, ID, phone, ethnicity, religion, party ×2; update: 4; reporter.
    assert_eq!(marked, 7 + 4 + 1);
    // What an auditor needs stays: which fields changed, and the ordinary values.
    let history = s.history(&m).unwrap();
    assert_eq!(
        history[1].changes,
        json!({
            "birth_date": {"masked": "đã thay đổi"}, "id_number": {"masked": "đã thay đổi"},
            "occupation": [null, "Làm ruộng"], "phone": {"masked": "đã thay đổi"},
            "religion": {"masked": "đã thay đổi"}
        })
    );
    assert_eq!(history[0].changes["full_name"], "Lò Văn Pánh");
}

/// Migration 9 chains the entries an older file holds, in id order, and takes the
/// values now kept out of the log out of them.
#[test]
fn entries_written_before_schema_9_are_chained_by_the_migration() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    crate::store::migrations::migrate_to(&mut conn, None, 8, &crate::vault::Vault::in_memory())
        .unwrap();
    conn.execute_batch(
        r#"INSERT INTO audit_log (id, at, actor, action, kind, record_id, changes) VALUES
           (1, '2025-01-02T08:00:00+07:00', 'A', 'insert', 'member', 'm1',
            '{"full_name":"Lò Văn Pánh","id_number":"014085012345","phone":"0912345678"}'),
           (2, '2025-01-03T08:00:00+07:00', 'A', 'update', 'member', 'm1',
            '{"religion":[null,"Công giáo"],"occupation":[null,"Làm ruộng"]}'),
           (4, '2025-01-04T08:00:00+07:00', 'B', 'import', 'bundle', 'abc', '{"inserted":3}'),
           (5, '2025-01-05T08:00:00+07:00', 'B', 'delete', 'member', 'm1', '{}');"#,
    )
    .unwrap();
    crate::store::migrations::migrate(&mut conn, None, &crate::vault::Vault::in_memory()).unwrap();
    let report = verify(&conn).unwrap();
    assert_eq!(
        report,
        ChainReport {
            entries: 4,
            broken: None
        }
    );
    let head = read_head(&conn).unwrap().unwrap();
    assert_eq!((head.entries, head.last_id), (4, 5));
    let all: Vec<String> = conn
        .prepare("SELECT changes FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        all[0],
        r#"{"full_name":"Lò Văn Pánh","id_number":{"masked":"đã nhập"},"phone":{"masked":"đã nhập"}}"#
    );
    assert_eq!(
        all[1],
        r#"{"occupation":[null,"Làm ruộng"],"religion":{"masked":"đã thay đổi"}}"#
    );
    assert_eq!(all[2], r#"{"inserted":3}"#);
    // A new database starts with an empty chain and its head.
    let fresh = Store::open_in_memory().unwrap();
    let head = read_head(fresh.conn()).unwrap().unwrap();
    assert_eq!(
        (head.entries, head.last_id, head.hash.as_str()),
        (0, 0, GENESIS)
    );
    assert!(verify(fresh.conn()).unwrap().is_intact());
}

/// An entry's `changes` by action, newest first.
fn logged(s: &Store, action: &str) -> Vec<(String, Json)> {
    s.conn()
        .prepare("SELECT record_id, changes FROM audit_log WHERE action = ?1 ORDER BY id DESC")
        .unwrap()
        .query_map([action], |r| {
            Ok((
                r.get(0)?,
                serde_json::from_str(&r.get::<_, String>(1)?).unwrap(),
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Exports, backups and restores are entries of the chain, with what an auditor asks of
/// them and nothing of the records.
#[test]
fn exports_backups_and_restores_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("xungkich.db")).unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    s.set_actor("Cán bộ Tư pháp");
    s.create(
        "village",
        &fields(json!({"name": "Thôn Đoàn Kết", "village_type": "thon"})),
    )
    .unwrap();

    let summary = s
        .export(
            dir.path(),
            crate::sync::export::ExportOptions {
                unencrypted: true,
                ..Default::default()
            },
        )
        .unwrap();
    let exports = logged(&s, "export");
    assert_eq!(exports.len(), 1);
    let (sha, changes) = &exports[0];
    assert_eq!(sha, &summary.sha256);
    let file = summary.file.file_name().unwrap().to_str().unwrap();
    assert_eq!(changes["file"], file);
    assert_eq!(changes["unit"], "00001");
    assert_eq!(changes["counts"]["village"], 1);
    assert_eq!(changes["sensitive_included"], false);
    assert!(
        !changes.to_string().contains("Đoàn Kết"),
        "no record content"
    );

    let backup = dir.path().join("sao lưu.db");
    let info = s.backup(&backup).unwrap();
    let backups = logged(&s, "backup");
    assert_eq!(backups.len(), 1);
    assert_eq!(
        backups[0].1,
        json!({"file": "sao lưu.db", "bytes": info.bytes, "encrypted": false})
    );
    let actor: String = s
        .conn()
        .query_row(
            "SELECT actor FROM audit_log WHERE action = 'backup'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actor, "Cán bộ Tư pháp");

    // The restored database holds the backup's log and, after it, the restore.
    s.create(
        "village",
        &fields(json!({"name": "Thôn Mới", "village_type": "thon"})),
    )
    .unwrap();
    let in_backup = entries(&Store::open(&backup).unwrap());
    let restored = s.restore(&backup).unwrap();
    assert_eq!(entries(&s), in_backup + 1);
    let restores = logged(&s, "restore");
    assert_eq!(restores.len(), 1);
    let (file, changes) = &restores[0];
    assert_eq!(file, "sao lưu.db");
    assert_eq!(changes["unit"], "00001");
    assert!(changes["file_modified"].as_str().unwrap().starts_with("20"));
    let previous = restored.previous.unwrap();
    assert_eq!(
        changes["previous"],
        previous.file_name().unwrap().to_str().unwrap()
    );
    assert!(s.integrity_problems().unwrap().is_empty());
    // No staging copy is left beside the database.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dang-khoi-phuc"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
