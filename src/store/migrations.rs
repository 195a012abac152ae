//! Numbered schema migrations, in the style of cargo's `util/sqlite.rs`: an append-only
//! list of steps, each an SQL script or a function of code (for what SQL cannot compute,
//! such as a Vietnamese collation key made in Rust); `user_version` says how many have
//! run.
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

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::APPLICATION_ID;
use crate::error::{Error, Result};
use crate::vault::Vault;

/// One migration: an SQL script, or code run in the migration's transaction.
#[derive(Clone, Copy)]
pub enum Step {
    Sql(&'static str),
    Code(fn(&Transaction) -> Result<()>),
    /// Code that moves the installation's keys between the file and its key vault
    /// ([`crate::vault`]). The old bytes are then wiped from the file: the step runs
    /// with `secure_delete` on, and the write-ahead log is truncated after it.
    Keys(fn(&Transaction, &Vault) -> Result<()>),
}

/// The migrations, in order. Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[Step] = &[
    Step::Sql(include_str!("migrations/0001_records.sql")),
    Step::Sql(include_str!("migrations/0002_search.sql")),
    Step::Sql(include_str!("migrations/0003_sync.sql")),
    Step::Sql(include_str!("migrations/0004_overview.sql")),
    Step::Sql(include_str!("migrations/0005_team_facts.sql")),
    Step::Sql(include_str!("migrations/0006_inspection_follow_ups.sql")),
    Step::Sql(include_str!("migrations/0007_store_version.sql")),
    Step::Sql(include_str!("migrations/0008_sender_revocation.sql")),
    Step::Code(audit_chain),
    Step::Keys(super::keys_out::move_keys_out),
    Step::Sql(include_str!("migrations/0011_receiver_cards.sql")),
    Step::Sql(include_str!("migrations/0012_receipts.sql")),
    Step::Sql(include_str!("migrations/0013_documents_as_signed.sql")),
    Step::Sql(include_str!("migrations/0014_recycle_bin.sql")),
    Step::Sql(include_str!("migrations/0015_commendation_proposals.sql")),
    Step::Sql(include_str!("migrations/0016_programmes.sql")),
];

/// Migration 9: the audit log's new shape in SQL, then its entries hashed into a chain
/// in Rust (SQLite has no SHA-256).
fn audit_chain(tx: &Transaction) -> Result<()> {
    tx.execute_batch(include_str!("migrations/0009_audit_chain.sql"))?;
    crate::audit::chain_existing(tx)
}

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn migrate(conn: &mut Connection, path: Option<&Path>, vault: &Vault) -> Result<()> {
    migrate_to(conn, path, SCHEMA_VERSION, vault)
}

/// Migrates up to `target` (tests build fixture files of older versions with it).
#[doc(hidden)]
pub fn migrate_to(
    conn: &mut Connection,
    path: Option<&Path>,
    target: i64,
    vault: &Vault,
) -> Result<()> {
    let ran = run_steps(conn, path, MIGRATIONS, target, vault)?;
    // A migrated file counts as replaced (a new [`super::ContentVersion`] generation):
    // nothing computed from it before is reused.
    if ran && target > STORE_VERSION_SINCE {
        super::new_generation(conn)?;
    }
    Ok(())
}

/// Runs `steps` from the file's version up to `target`, each with its version bump in
/// one transaction. Whether any ran.
fn run_steps(
    conn: &mut Connection,
    path: Option<&Path>,
    steps: &[Step],
    target: i64,
    vault: &Vault,
) -> Result<bool> {
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
        return Ok(false);
    }
    let to_run = || {
        steps
            .iter()
            .enumerate()
            .take(target as usize)
            .skip(version as usize)
    };
    let moves_keys = to_run().any(|(_, step)| matches!(step, Step::Keys(_)));
    if version > 0 {
        if let Some(path) = path {
            copy_aside(conn, path, target, moves_keys)?;
        }
    }
    for (index, step) in to_run() {
        if let Step::Keys(_) = step {
            conn.pragma_update(None, "secure_delete", true)?;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        match step {
            Step::Sql(sql) => tx.execute_batch(sql)?,
            Step::Code(run) => run(&tx)?,
            Step::Keys(run) => run(&tx, vault)?,
        }
        // Pragmas take no bound parameters; both values are integers we computed.
        tx.execute_batch(&format!(
            "PRAGMA user_version = {}; PRAGMA application_id = {};",
            index + 1,
            APPLICATION_ID
        ))?;
        tx.commit()?;
    }
    // A new file never held a key.
    if moves_keys && version > 0 {
        super::keys_out::wipe_old_pages(conn)?;
    }
    Ok(true)
}

/// The schema version from which `store_version` exists (migration 7).
const STORE_VERSION_SINCE: i64 = 6;

/// Puts a consistent copy of the file beside it before its schema changes. When the
/// migration takes the keys out of the file (`without_keys`), the copy is made without
/// them too: it is a copy of the records to go back to, not a second place for the key.
fn copy_aside(conn: &Connection, path: &Path, target: i64, without_keys: bool) -> Result<PathBuf> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xungkich".into());
    let aside = path.with_file_name(format!("{stem}.truoc-nang-cap-v{target}.db"));
    crate::backup::backup_connection_with(conn, &aside, |copy| match without_keys {
        true => super::keys_out::blank_keys(copy),
        false => Ok(()),
    })?;
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, None, &Vault::in_memory()).unwrap();
        migrate(&mut conn, None, &Vault::in_memory()).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }

    #[test]
    fn every_intermediate_version_migrates_to_the_latest() {
        for start in 0..SCHEMA_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, None, start, &Vault::in_memory()).unwrap();
            migrate(&mut conn, None, &Vault::in_memory()).unwrap();
            let v: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, SCHEMA_VERSION, "from {start}");
        }
    }

    /// A step of code runs in its migration's transaction: when it fails, the file stays
    /// at the version before it, with nothing of the step left.
    #[test]
    fn a_step_of_code_runs_in_its_migrations_transaction() {
        fn keys_in_rust(tx: &Transaction) -> Result<()> {
            let names: Vec<String> = tx
                .prepare("SELECT name FROM t")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for name in names {
                tx.execute(
                    "UPDATE t SET key = ?1 WHERE name = ?2",
                    [crate::text::sort_key(&name), name],
                )?;
            }
            Ok(())
        }
        fn fails(tx: &Transaction) -> Result<()> {
            tx.execute("UPDATE t SET key = 'half done'", [])?;
            Err(Error::internal("a step that fails"))
        }
        const STEPS: &[Step] = &[
            Step::Sql("CREATE TABLE t (name TEXT, key TEXT); INSERT INTO t (name) VALUES ('Đông'), ('Dung');"),
            Step::Code(keys_in_rust),
            Step::Code(fails),
        ];
        let mut conn = Connection::open_in_memory().unwrap();
        assert!(run_steps(&mut conn, None, STEPS, 2, &Vault::in_memory()).unwrap());
        let version = |c: &Connection| -> i64 {
            c.query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(version(&conn), 2);
        let key: String = conn
            .query_row("SELECT key FROM t WHERE name = 'Đông'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(key, crate::text::sort_key("Đông"));
        assert!(run_steps(&mut conn, None, STEPS, 3, &Vault::in_memory()).is_err());
        assert_eq!(version(&conn), 2, "the failed step left the version");
        let kept: i64 = conn
            .query_row("SELECT count(*) FROM t WHERE key = 'half done'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(kept, 0, "and nothing of what it wrote");
        assert!(
            !run_steps(&mut conn, None, STEPS, 2, &Vault::in_memory()).unwrap(),
            "nothing to run"
        );
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 999").unwrap();
        let err = migrate(&mut conn, None, &Vault::in_memory()).unwrap_err();
        assert!(matches!(err, Error::DatabaseNewer { found: 999, .. }));
    }

    #[test]
    fn a_foreign_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(x)").unwrap();
        let err = migrate(&mut conn, None, &Vault::in_memory()).unwrap_err();
        assert!(matches!(err, Error::NotOurDatabase { .. }));
    }
}
