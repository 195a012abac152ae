//! Backups and restores on real files: a genuine backup and every older version come
//! back; a file that is not exactly what the program writes is refused with the
//! database untouched; stale temporary files of ours beside a backup are cleared.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use serde_json::json;

use crate::atomic_file::tests::{left_behind, OLD};
use crate::error::Error;
use crate::installation::Role;
use crate::store::migrations::SCHEMA_VERSION;
use crate::units::UnitSet;
use crate::Store;

/// A commune's database file with one team, in a folder of its own.
fn commune_file() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("xã.db")).unwrap();
    store.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    add_team(&mut store, "Tổ Đông");
    (dir, store)
}

fn add_team(store: &mut Store, name: &str) {
    let fields = json!({"name": name, "model_type": "to_bao_ve_antt", "status": "hoat_dong"});
    store.create("team", fields.as_object().unwrap()).unwrap();
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A genuine backup of `store`, changed afterwards with `sql` on a plain connection (no
/// defensive flag: anyone's SQLite tool can do this to a file on a USB stick).
fn tampered(store: &mut Store, dir: &Path, name: &str, sql: &str) -> PathBuf {
    let path = dir.join(name);
    store.backup(&path).unwrap();
    Connection::open(&path).unwrap().execute_batch(sql).unwrap();
    path
}

#[test]
fn a_genuine_backup_restores_and_the_database_is_put_aside() {
    let (dir, mut store) = commune_file();
    let before = store.digest(None).unwrap();
    let backup = dir.path().join("sao lưu.db");
    store.backup(&backup).unwrap();
    add_team(&mut store, "Tổ Tây");
    assert_ne!(store.digest(None).unwrap(), before);
    let info = store.restore(&backup).unwrap();
    assert_eq!(info.unit_code, "00001");
    assert_eq!(store.digest(None).unwrap(), before);
    assert!(store.integrity_problems().unwrap().is_empty());
    let aside = Store::open(info.previous.unwrap()).unwrap();
    assert_eq!(aside.list("team", &Default::default()).unwrap().len(), 2);
}

#[test]
fn a_backup_that_is_not_exactly_our_schema_is_refused_and_nothing_changes() {
    let (dir, mut store) = commune_file();
    let cases = [
        (
            "CREATE TRIGGER evil AFTER INSERT ON members BEGIN DELETE FROM teams; END",
            "có thêm trigger \"evil\"",
        ),
        (
            // Our trigger's name, another body: run by the next search index update.
            "DROP TRIGGER members_fts_insert;
             CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN DELETE FROM teams; END",
            "sửa khác trigger \"members_fts_insert\"",
        ),
        (
            "CREATE VIEW evil_view AS SELECT * FROM teams",
            "có thêm khung nhìn (view) \"evil_view\"",
        ),
        (
            "CREATE INDEX evil_index ON teams (name)",
            "có thêm chỉ mục \"evil_index\"",
        ),
        (
            "DROP INDEX inspection_follow_ups_seq",
            "thiếu chỉ mục \"inspection_follow_ups_seq\"",
        ),
        (
            "ALTER TABLE teams ADD COLUMN payload TEXT",
            "sửa khác bảng \"teams\"",
        ),
        (
            // The same columns; only the SQL text differs.
            "PRAGMA writable_schema = ON;
             UPDATE sqlite_schema SET sql = sql || ' ' WHERE name = 'villages';",
            "sửa khác bảng \"villages\"",
        ),
    ];
    for (i, (sql, said)) in cases.into_iter().enumerate() {
        let backup = tampered(&mut store, dir.path(), &format!("sao lưu {i}.db"), sql);
        let digest = store.digest(None).unwrap();
        let version = store.content_version().unwrap();
        let files = listing(dir.path());
        let err = store.restore(&backup).unwrap_err();
        assert_eq!(err.code(), "bad_backup", "{sql}: {err}");
        let message = err.to_string();
        assert!(message.contains(said), "{sql}: {message}");
        assert!(
            message.contains("hãy chọn một bản sao lưu khác"),
            "{message}"
        );
        assert!(message.contains("không bị thay đổi"), "{message}");
        assert_eq!(store.digest(None).unwrap(), digest, "{sql}");
        assert_eq!(store.content_version().unwrap(), version, "{sql}: no write");
        assert_eq!(listing(dir.path()), files, "{sql}: nothing put aside");
    }
    // After all those, the same database takes a genuine backup still.
    let genuine = dir.path().join("thật.db");
    store.backup(&genuine).unwrap();
    store.restore(&genuine).unwrap();
}

#[test]
fn a_file_not_ours_newer_or_not_set_up_is_refused() {
    let (dir, mut store) = commune_file();
    let digest = store.digest(None).unwrap();
    let newer = format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1);
    let cases = [
        ("PRAGMA application_id = 1", "không phải tệp sao lưu"),
        (newer.as_str(), "phiên bản mới hơn"),
        ("DELETE FROM installation", "chưa được thiết lập đơn vị"),
    ];
    for (i, (sql, said)) in cases.into_iter().enumerate() {
        let backup = tampered(&mut store, dir.path(), &format!("{i}.db"), sql);
        let err = store.restore(&backup).unwrap_err();
        assert!(matches!(err, Error::BadBackup { .. }), "{sql}: {err}");
        assert!(err.to_string().contains(said), "{sql}: {err}");
    }
    let junk = dir.path().join("rác.db");
    std::fs::write(
        &junk,
        b"not a database, only text, and long enough to look like one",
    )
    .unwrap();
    assert_eq!(store.restore(&junk).unwrap_err().code(), "bad_backup");
    assert_eq!(store.digest(None).unwrap(), digest);
}

#[test]
fn every_older_version_restores_and_is_migrated() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for version in 1..SCHEMA_VERSION {
        let (dir, mut store) = commune_file();
        // Copied first: a restore of an old file may put a copy beside it.
        let old = dir.path().join(format!("v{version}.db"));
        std::fs::copy(fixtures.join(format!("schema-v{version}.db")), &old).unwrap();
        let expected: serde_json::Value = serde_json::from_slice(
            &std::fs::read(fixtures.join(format!("schema-v{version}.json"))).unwrap(),
        )
        .unwrap();
        store
            .restore(&old)
            .unwrap_or_else(|e| panic!("v{version}: {e}"));
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(
            store.digest(None).unwrap().sha256,
            expected["digest"],
            "v{version}"
        );
        assert!(store.integrity_problems().unwrap().is_empty());
    }
}

#[test]
fn a_backup_clears_stale_temporary_files_of_ours_beside_it() {
    let (dir, mut store) = commune_file();
    let d = dir.path();
    let aged = |name: &str, age: Duration| left_behind(d, name, age);
    let stale = [
        aged(".sao lưu.db.99999.tmp", OLD),
        aged(".xungkich-saoluu-00001-20260101-0900.db.99999.tmp", OLD),
        aged(
            ".xungkich-saoluu-00001-20260101-0900.db.99999.tmp-journal",
            OLD,
        ),
    ];
    let kept = [
        aged(".other.tmp", OLD),
        // Our pattern, for a name neither being written nor one the program proposes.
        aged(".x.bundle.99999.tmp", OLD),
        aged(".ghi chú.txt.99999.tmp", OLD),
        aged("ghi chú.txt", OLD),
        // Ours, but being written by another process right now.
        aged(
            ".xungkich-saoluu-00001-20260102-0900.db.4242.tmp",
            Duration::ZERO,
        ),
    ];
    store.backup(&d.join("sao lưu.db")).unwrap();
    for path in &stale {
        assert!(!path.exists(), "{path:?} removed");
    }
    for path in &kept {
        assert!(path.exists(), "{path:?} kept");
    }
}
