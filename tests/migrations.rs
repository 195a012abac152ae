//! Every older schema version, kept as a real database file in `tests/fixtures/`, must
//! open in this program: migrated, sound, with every row still there and usable.
//!
//! `schema-vN.db` is a file at version N holding a small demo commune;
//! `schema-vN.json` records its row counts and content digest. To add a fixture when a
//! migration is added, run the ignored test `make_fixture` at the version before it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde_json::{json, Value};
use xungkich::store::migrations::SCHEMA_VERSION;
use xungkich::Store;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn table_counts(conn: &Connection) -> Value {
    let mut out = serde_json::Map::new();
    for kind in xungkich::kinds::ALL {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {}", kind.table), [], |r| {
                r.get(0)
            })
            .unwrap();
        out.insert(kind.table.to_string(), json!(n));
    }
    Value::Object(out)
}

#[test]
fn every_older_version_migrates_and_keeps_its_rows() {
    let mut seen = 0;
    for version in 1..SCHEMA_VERSION {
        let file = fixtures().join(format!("schema-v{version}.db"));
        let expected: Value = serde_json::from_slice(
            &std::fs::read(fixtures().join(format!("schema-v{version}.json"))).unwrap(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("xungkich.db");
        std::fs::copy(&file, &db).unwrap();
        let old = Connection::open(&db).unwrap();
        let logged: i64 = old
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        let with_values = |conn: &Connection| -> i64 {
            conn.query_row(
                r#"SELECT count(*) FROM audit_log WHERE changes LIKE '%"id_number":"%'
                   OR changes LIKE '%"phone":"%' OR changes LIKE '%"reporter":"%'"#,
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        let had_values = with_values(&old);
        drop(old);

        let store = Store::open(&db).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        // Sound, and its audit log chained whole (schema 9): every old entry in it.
        assert!(store.integrity_problems().unwrap().is_empty());
        let chain = xungkich::audit::verify(store.connection()).unwrap();
        assert!(chain.is_intact(), "v{version}: {chain:?}");
        assert!(logged > 0, "v{version}: the fixture has a log");
        assert_eq!(chain.entries, logged as u64, "v{version}: entries kept");
        // The values now kept out of the log were taken out of the old entries.
        if version == 8 {
            // (The last fixture made before schema 9 logged them.)
            assert!(
                had_values > 0,
                "the fixture logged ID numbers, phones, reporters"
            );
        }
        assert_eq!(
            with_values(store.connection()),
            0,
            "v{version}: values left"
        );
        // Every table the old file had keeps its rows; a kind added since starts empty.
        let counts = table_counts(&Connection::open(&db).unwrap());
        for (table, n) in counts.as_object().unwrap() {
            let was = expected["counts"].get(table).cloned().unwrap_or(json!(0));
            assert_eq!(*n, was, "v{version}: rows of {table} kept");
        }
        assert_eq!(
            store.digest(None).unwrap().sha256,
            expected["digest"],
            "v{version}: content kept"
        );
        // The migrated file is usable: the search index covers the old rows.
        let hits = store
            .search(expected["search"].as_str().unwrap(), 5)
            .unwrap();
        assert!(!hits.is_empty(), "v{version}: old rows are searchable");
        // A copy of the file as it was was put aside first.
        let aside = dir
            .path()
            .join(format!("xungkich.truoc-nang-cap-v{SCHEMA_VERSION}.db"));
        let old = Connection::open(&aside).unwrap();
        let v: i64 = old
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, version);
        seen += 1;
    }
    assert_eq!(
        seen,
        SCHEMA_VERSION - 1,
        "a fixture for every older version"
    );
}

/// The files of `dir`, but the key file, that hold `secret` anywhere in their bytes.
fn files_holding(dir: &Path, secret: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(entry.path()).unwrap();
        if !name.ends_with(".khoa") && bytes.windows(secret.len()).any(|w| w == secret) {
            found.push(name);
        }
    }
    found
}

/// Migration 9 takes the seed out of the file into the key vault: afterwards its 32
/// bytes are nowhere in the database, its write-ahead log or the copy put aside, and the
/// installation signs with the same key as before. A new installation never writes it.
#[test]
fn keys_leave_the_database_and_its_copies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xungkich.db");
    std::fs::copy(fixtures().join("schema-v8.db"), &db).unwrap();
    let (seed, public): (Vec<u8>, Vec<u8>) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT signing_key, public_key FROM installation",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(seed.len(), 32);
    {
        let store = Store::open(&db).unwrap();
        let keys = store.signing_key().unwrap();
        assert_eq!(keys.secret_bytes()[..], seed[..]);
        assert_eq!(keys.public().as_bytes()[..], public[..]);
        // Checked while the store is open: the -wal file is there too.
        assert!(dir.path().join("xungkich.db-wal").exists());
        assert_eq!(files_holding(dir.path(), &seed), Vec::<String>::new());
    }
    assert_eq!(files_holding(dir.path(), &seed), Vec::<String>::new());
    assert!(dir.path().join("xungkich.db.khoa").exists());
    // Opened again: nothing to move, the key still there.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.signing_key().unwrap().secret_bytes()[..], seed[..]);

    let fresh = tempfile::tempdir().unwrap();
    let mut store = Store::open(fresh.path().join("xungkich.db")).unwrap();
    store
        .init(
            xungkich::installation::Role::Commune,
            xungkich::units::UnitSet::Y2008,
            "00001",
        )
        .unwrap();
    let seed = store.signing_key().unwrap().secret_bytes();
    assert_eq!(files_holding(fresh.path(), &seed), Vec::<String>::new());
}

/// Writes `tests/fixtures/schema-vN.db` for N = the current schema version: a small
/// demo commune made by this version's code. Run it before adding migration N + 1.
/// (`schema-v1.db` was made as a version-2 file taken back to version 1 by dropping
/// exactly what migration 2 added: its FTS tables, triggers and indexes.)
#[test]
#[ignore = "regenerates a fixture; run by hand before adding a migration"]
fn make_fixture() {
    let version = SCHEMA_VERSION;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    {
        let mut store = Store::open(&db).unwrap();
        store
            .init(
                xungkich::installation::Role::Commune,
                xungkich::units::UnitSet::Y2008,
                "00001",
            )
            .unwrap();
        let mut options =
            xungkich::demo::DemoOptions::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        options.villages = 3;
        options.members_per_team = 4;
        options.activities = 12;
        xungkich::demo::generate(&mut store, &options).unwrap();
    }
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE; VACUUM;")
        .unwrap();
    drop(conn);
    let digest = Store::open(&db).unwrap().digest(None).unwrap().sha256;
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
    let counts = table_counts(&conn);
    let name: String = conn
        .query_row(
            "SELECT full_name FROM members ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    std::fs::create_dir_all(fixtures()).unwrap();
    std::fs::copy(&db, fixtures().join(format!("schema-v{version}.db"))).unwrap();
    let meta = json!({"counts": counts, "digest": digest, "search": name});
    std::fs::write(
        fixtures().join(format!("schema-v{version}.json")),
        serde_json::to_string_pretty(&meta).unwrap(),
    )
    .unwrap();
}

/// Writes the fixture of a version that no longer is the newest (a migration that landed
/// from a branch after others were numbered before it): the fixture of the version
/// before, taken up by that one migration with this program's own steps. The content is
/// the one before (`.json` copied): a migration that makes a fixture this way must not
/// change records. Run by hand: `XUNGKICH_FIXTURE=10 cargo test --test migrations
/// make_fixture_by_migrating -- --ignored`.
#[test]
#[ignore = "regenerates a fixture; run by hand"]
fn make_fixture_by_migrating() {
    let version: i64 = std::env::var("XUNGKICH_FIXTURE")
        .expect("XUNGKICH_FIXTURE=<version>")
        .parse()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    std::fs::copy(fixtures().join(format!("schema-v{}.db", version - 1)), &db).unwrap();
    {
        let mut conn = Connection::open(&db).unwrap();
        let vault = xungkich::vault::Vault::beside(&db);
        xungkich::store::migrations::migrate_to(&mut conn, Some(&db), version, &vault).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
            .unwrap();
    }
    std::fs::copy(&db, fixtures().join(format!("schema-v{version}.db"))).unwrap();
    std::fs::copy(
        fixtures().join(format!("schema-v{}.json", version - 1)),
        fixtures().join(format!("schema-v{version}.json")),
    )
    .unwrap();
}
