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
        // Up to schema 9 the key is inside the file; from 10 on it is not, and the
        // recovery code (of the fixtures' one installation, whose seed schema 9 still
        // held) brings it.
        let code = (version >= 10).then(|| {
            let v9 = rusqlite::Connection::open(fixtures.join("schema-v9.db")).unwrap();
            let seed: Vec<u8> = v9
                .query_row("SELECT signing_key FROM installation", [], |r| r.get(0))
                .unwrap();
            crate::recovery::format(&seed.try_into().unwrap()).to_string()
        });
        store
            .restore_with_code(&old, code.as_deref())
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

/// Whether `needle` occurs anywhere in `haystack`.
pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file of `dir` (but the key file) that holds `secret`.
fn files_holding(dir: &Path, secret: &[u8]) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|name| !name.ends_with(".khoa"))
        .filter(|name| contains(&std::fs::read(dir.join(name)).unwrap(), secret))
        .collect()
}

#[test]
fn keys_are_in_no_database_file_nor_backup_only_in_the_key_file() {
    let (dir, mut store) = commune_file();
    let seed = store.signing_key().unwrap().secret_bytes();
    store.backup(&dir.path().join("sao lưu.db")).unwrap();
    let usb = tempfile::tempdir().unwrap();
    store
        .backup_encrypted(&usb.path().join("usb.xkbak"))
        .unwrap();
    assert_eq!(files_holding(dir.path(), &seed), Vec::<String>::new());
    assert_eq!(files_holding(usb.path(), &seed), Vec::<String>::new());
    assert!(listing(dir.path()).contains(&"xã.db.khoa".to_string()));
}

#[test]
fn a_usb_backup_is_encrypted_and_restores_only_with_the_code() {
    let (dir, mut store) = commune_file();
    let before = store.digest(None).unwrap();
    let usb = tempfile::tempdir().unwrap();
    let file = usb.path().join("xungkich-saoluu.xkbak");
    let info = store.backup_encrypted(&file).unwrap();
    assert!(info.encrypted && info.bytes > 0);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    assert!(!contains(&bytes, b"SQLite format 3"), "nothing in clear");
    assert!(!contains(&bytes, "Tổ Đông".as_bytes()));
    add_team(&mut store, "Tổ Tây");
    let changed = store.digest(None).unwrap();
    let code = store.recovery_code().unwrap();
    let refused = |store: &mut Store, code: Option<&str>| {
        let err = store.restore_with_code(&file, code).unwrap_err();
        assert_eq!(store.digest(None).unwrap(), changed, "untouched");
        err.code()
    };
    assert_eq!(refused(&mut store, None), "recovery_code_needed");
    assert_eq!(refused(&mut store, Some("  ")), "recovery_code_needed");
    let other = crate::recovery::format(&[3u8; 32]);
    assert_eq!(refused(&mut store, Some(&other)), "wrong_recovery_code");
    let mut typo = code.to_string();
    typo.replace_range(0..1, if typo.starts_with('X') { "Y" } else { "X" });
    assert_eq!(refused(&mut store, Some(&typo)), "recovery_code_mistyped");
    // Damaged on the stick: cut short, or one byte changed.
    let cut = usb.path().join("cut.xkbak");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    let err = store.restore_with_code(&cut, Some(&code)).unwrap_err();
    assert_eq!(err.code(), "bad_backup", "{err}");
    let mut flipped = bytes.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 1;
    std::fs::write(&cut, &flipped).unwrap();
    let err = store.restore_with_code(&cut, Some(&code)).unwrap_err();
    assert_eq!(err.code(), "bad_backup", "{err}");
    assert_eq!(store.digest(None).unwrap(), changed);
    // The right code, as typed on the phone.
    let info = store
        .restore_with_code(&file, Some(&code.to_lowercase().replace(' ', "-")))
        .unwrap();
    assert_eq!(info.unit_code, "00001");
    assert_eq!(store.digest(None).unwrap(), before);
    assert!(store.has_keys().unwrap());
    drop(dir);
}

#[test]
fn a_new_laptop_gets_records_and_keys_back_from_the_usb_backup_and_the_code() {
    let (_dir, mut store) = commune_file();
    let inst = store.installation().unwrap();
    let seed = store.signing_key().unwrap().secret_bytes();
    let code = store.recovery_code().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let file = usb.path().join("usb.xkbak");
    store.backup_encrypted(&file).unwrap();
    let digest = store.digest(None).unwrap();

    // A new laptop: an empty data folder.
    let laptop = tempfile::tempdir().unwrap();
    let mut fresh = Store::open(laptop.path().join("xungkich.db")).unwrap();
    assert_eq!(
        fresh.restore_with_code(&file, None).unwrap_err().code(),
        "recovery_code_needed"
    );
    fresh.restore_with_code(&file, Some(&code)).unwrap();
    assert_eq!(fresh.digest(None).unwrap(), digest);
    assert_eq!(fresh.installation().unwrap().fingerprint, inst.fingerprint);
    assert_eq!(fresh.signing_key().unwrap().secret_bytes(), seed);

    // A plain copy of the database without its key file: the code puts the key back.
    let plain = laptop.path().join("sao lưu.db");
    store.backup(&plain).unwrap();
    let other = tempfile::tempdir().unwrap();
    let mut third = Store::open(other.path().join("xungkich.db")).unwrap();
    third.init(Role::Commune, UnitSet::Y2008, "00004").unwrap();
    let own_seed = third.signing_key().unwrap().secret_bytes();
    let before = third.digest(None).unwrap();
    assert_eq!(
        third.restore(&plain).unwrap_err().code(),
        "recovery_code_needed",
        "another unit's keys are not here"
    );
    let wrong = third.recovery_code().unwrap();
    assert_eq!(
        third
            .restore_with_code(&plain, Some(&wrong))
            .unwrap_err()
            .code(),
        "wrong_recovery_code"
    );
    assert_eq!(third.digest(None).unwrap(), before);
    assert_eq!(third.signing_key().unwrap().secret_bytes(), own_seed);
    let info = third.restore_with_code(&plain, Some(&code)).unwrap();
    assert_eq!(third.signing_key().unwrap().secret_bytes(), seed);
    // The database put aside keeps its own key beside it.
    let aside = Store::open(info.previous.unwrap()).unwrap();
    assert_eq!(aside.signing_key().unwrap().secret_bytes(), own_seed);
}

#[test]
fn an_old_backup_with_its_key_inside_brings_it_to_the_vault() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (dir, mut store) = commune_file();
    let old = dir.path().join("v8.db");
    std::fs::copy(fixtures.join("schema-v8.db"), &old).unwrap();
    let seed: Vec<u8> = Connection::open(&old)
        .unwrap()
        .query_row("SELECT signing_key FROM installation", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seed.len(), 32);
    store.restore(&old).unwrap();
    assert_eq!(store.signing_key().unwrap().secret_bytes()[..], seed[..]);
    std::fs::remove_file(&old).unwrap();
    assert_eq!(files_holding(dir.path(), &seed), Vec::<String>::new());
}
