//! The SQLite file: how it is opened, the pragmas that keep a clerk's save safe, and the
//! transactions every write goes through.
//!
//! One file per installation. On every open:
//! - WAL with `synchronous=FULL`: a save the clerk saw must survive a power cut (with
//!   NORMAL, WAL can lose acknowledged commits: reliability.md §1.3, T2);
//! - foreign keys on, the defensive flag on, `trusted_schema` off (a database file from a
//!   USB stick is input, not code);
//! - `application_id` marks the file as ours, `user_version` is the schema version;
//! - numbered migrations ([`migrations`]) run at open, after a copy of the file is put
//!   aside, and a database newer than the program is refused untouched.

pub mod migrations;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

/// `application_id` of our files: "XKIC" in ASCII.
pub const APPLICATION_ID: i32 = 0x584B_4943;

/// How long a write waits for another connection's lock before giving up with
/// [`Error::Busy`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Who is recorded in the audit log for local changes.
    actor: String,
    /// The receiving unit's overview, kept while nothing is written (district module).
    pub(crate) overview_cache: crate::district::OverviewCache,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if missing) the database file at `path`, migrating it to the
    /// current schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(path, e))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            actor: default_actor(),
            overview_cache: Default::default(),
        };
        store.configure(true)?;
        migrations::migrate(&mut store.conn, Some(path))?;
        crate::units::ensure_loaded(&mut store.conn)?;
        Ok(store)
    }

    /// A private database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            actor: default_actor(),
            overview_cache: Default::default(),
        };
        store.configure(false)?;
        migrations::migrate(&mut store.conn, None)?;
        crate::units::ensure_loaded(&mut store.conn)?;
        Ok(store)
    }

    fn configure(&mut self, file: bool) -> Result<()> {
        let conn = &self.conn;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Every kind has its own statements (insert, update, lookups): room for all of
        // them, so imports and batches do not re-prepare (rusqlite keeps 16 by default).
        conn.set_prepared_statement_cache_capacity(256);
        if file {
            // journal_mode answers with the mode in force; a file on a medium that cannot
            // do WAL (some network shares) stays in its old mode rather than failing.
            let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        }
        // A 32 MiB page cache (SQLite's default is 2 MiB): a district's database of a
        // whole province is a few hundred MiB, and imports touch many tables at once.
        conn.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;",
        )?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
        Ok(())
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Sets the name written into the audit log for this session's changes.
    pub fn set_actor(&mut self, actor: &str) {
        let actor = crate::text::normalize(actor);
        if !actor.is_empty() {
            self.actor = actor;
        }
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The raw connection, for benchmarks and inspection tools. Everything that writes
    /// goes through the engine's own functions, never through this.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        self.overview_cache.clear();
        &mut self.conn
    }

    /// Runs `work` in one IMMEDIATE transaction: it takes the write lock at the start (no
    /// deadlock when a read would later upgrade), and commits only if `work` succeeds.
    /// Any error rolls everything back, so a refused form or bundle leaves the database
    /// exactly as it was.
    pub(crate) fn write<T>(&mut self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// `PRAGMA integrity_check` plus `foreign_key_check`: the list of problems, empty when
    /// the file is sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "foreign key: {} row {} -> {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

/// Refuses a file that is not an SQLite database before SQLite touches it (SQLite would
/// otherwise report "file is not a database" only at the first query, after we may have
/// tried to set pragmas on it).
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut header = [0u8; 100];
    let n = file.read(&mut header).map_err(|e| Error::io(path, e))?;
    if n == 0 {
        return Ok(()); // an empty file: SQLite makes a new database in it
    }
    if n < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(Error::NotOurDatabase {
            path: path.to_path_buf(),
        });
    }
    let app_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    let user_version = i32::from_be_bytes([header[60], header[61], header[62], header[63]]);
    if app_id != APPLICATION_ID && !(app_id == 0 && user_version == 0) {
        return Err(Error::NotOurDatabase {
            path: path.to_path_buf(),
        });
    }
    // Refused here, before any pragma (even switching to WAL) changes a byte of it.
    if i64::from(user_version) > migrations::SCHEMA_VERSION {
        return Err(Error::DatabaseNewer {
            found: user_version.into(),
            supported: migrations::SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        if matches!(
            f.code,
            rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied
        ) {
            return Error::Io {
                path: path.to_path_buf(),
                reason: "không mở được (thư mục không tồn tại hoặc không có quyền)".into(),
                source: std::io::Error::other(e.to_string()),
            };
        }
        if f.code == rusqlite::ErrorCode::ReadOnly {
            return Error::ReadOnly {
                path: path.to_path_buf(),
            };
        }
    }
    Error::from(e)
}

/// The login name, so the audit log says who changed what even before anyone sets a name.
fn default_actor() -> String {
    std::env::var("USERNAME")
        .or_else(|_| std::env::var("USER"))
        .map(|s| crate::text::normalize(&s))
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "người dùng".to_string())
}
