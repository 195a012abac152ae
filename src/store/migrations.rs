//! Numbered schema migrations, in the style of cargo's `util/sqlite.rs`: an append-only
//! list of SQL scripts; `user_version` says how many have run.
//!
//! Rules that keep old files safe:
//! - never edit or remove a migration that has shipped; add a new one;
//! - every migration runs with its `user_version` bump in one transaction, so a power
//!   cut leaves the file at the old or the new version, never between;
//! - before migrating a file that already holds data, a copy is put aside
//!   (`<name>.truoc-nang-cap-vN.db`) with SQLite's backup API;
//! - a file whose `user_version` is newer than this program is refused untouched;
//! - a migration that changes records, or what rules C1–C8 read of them, ends with
//!   `UPDATE team_facts_state SET seq = -1` so every team's kept facts are recomputed
//!   (src/compliance/facts): they follow the records by `seq`, which a migration does
//!   not bump.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

use super::APPLICATION_ID;
use crate::error::{Error, Result};

/// The migrations, in order. Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_records.sql"),
    include_str!("migrations/0002_search.sql"),
    include_str!("migrations/0003_sync.sql"),
    include_str!("migrations/0004_overview.sql"),
    include_str!("migrations/0005_team_facts.sql"),
    include_str!("migrations/0006_inspection_follow_ups.sql"),
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn migrate(conn: &mut Connection, path: Option<&Path>) -> Result<()> {
    migrate_to(conn, path, SCHEMA_VERSION)
}

/// Migrates up to `target` (tests build fixture files of older versions with it).
#[doc(hidden)]
pub fn migrate_to(conn: &mut Connection, path: Option<&Path>, target: i64) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(Error::DatabaseNewer {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        // A brand-new file has no tables; anything else is somebody else's database.
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(Error::NotOurDatabase {
                path: path.map(Path::to_path_buf).unwrap_or_default(),
            });
        }
    }
    if version >= target {
        return Ok(());
    }
    if version > 0 {
        if let Some(path) = path {
            copy_aside(conn, path, target)?;
        }
    }
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(version as usize)
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        // Pragmas take no bound parameters; both values are integers we computed.
        tx.execute_batch(&format!(
            "PRAGMA user_version = {}; PRAGMA application_id = {};",
            index + 1,
            APPLICATION_ID
        ))?;
        tx.commit()?;
    }
    Ok(())
}

/// Puts a consistent copy of the file beside it before its schema changes.
fn copy_aside(conn: &Connection, path: &Path, target: i64) -> Result<PathBuf> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xungkich".into());
    let aside = path.with_file_name(format!("{stem}.truoc-nang-cap-v{target}.db"));
    crate::backup::backup_connection(conn, &aside)?;
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, None).unwrap();
        migrate(&mut conn, None).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }

    #[test]
    fn every_intermediate_version_migrates_to_the_latest() {
        for start in 0..SCHEMA_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, None, start).unwrap();
            migrate(&mut conn, None).unwrap();
            let v: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, SCHEMA_VERSION, "from {start}");
        }
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 999").unwrap();
        let err = migrate(&mut conn, None).unwrap_err();
        assert!(matches!(err, Error::DatabaseNewer { found: 999, .. }));
    }

    #[test]
    fn a_foreign_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(x)").unwrap();
        let err = migrate(&mut conn, None).unwrap_err();
        assert!(matches!(err, Error::NotOurDatabase { .. }));
    }
}
