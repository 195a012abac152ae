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
//!
//! One writer, many readers (DESIGN.md §2): the [`Store`] that [`Store::open`] gives is
//! the installation's one writer; every write goes through it in an immediate
//! transaction ([`Store::write`]), which also brings the derived team facts up to date
//! before it commits, so a reader never sees records without their facts. Screens read
//! through [`Store::open_reader`] connections (WAL lets them read the last committed
//! state while the writer works), so the window answers during a long import.

mod keys_out;
pub mod migrations;
pub(crate) mod schema;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::vault::Vault;

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
    /// A reader's connection is `query_only`: it never writes, not even derived data.
    reader: bool,
    /// Whether writes bring the team facts up to date before they commit (always, but
    /// for the facts module's own tests of how stale teams are found).
    facts_in_writes: bool,
    /// Where the installation's seed is kept (never in the file: [`crate::vault`]).
    vault: Vault,
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
            reader: false,
            facts_in_writes: true,
            vault: Vault::beside(path),
        };
        store.configure(Opened::Writer)?;
        migrations::migrate(&mut store.conn, Some(path), &store.vault)?;
        crate::units::ensure_loaded(&mut store.conn)?;
        store.bring_derived_up_to_date()?;
        store.purge_recycle_bin()?;
        Ok(store)
    }

    /// A reading connection to the database at `path`, which its writer
    /// ([`Store::open`]) has already opened and migrated. It sees the last committed
    /// state, never blocks the writer and is never blocked by it; any write through it
    /// is refused (`query_only`).
    pub fn open_reader(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(path, e))?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            actor: default_actor(),
            reader: true,
            facts_in_writes: false,
            vault: Vault::beside(path),
        };
        store.configure(Opened::Reader)?;
        // The writer migrates; a reader of an older (or unmigrated) file would read
        // tables that are not there yet.
        let version = store.schema_version()?;
        if version != migrations::SCHEMA_VERSION {
            return Err(Error::internal(format!(
                "reader opened on schema {version}, the program's is {}: open the writer first",
                migrations::SCHEMA_VERSION
            )));
        }
        Ok(store)
    }

    /// Whether this is a reading connection ([`Store::open_reader`]).
    pub fn is_reader(&self) -> bool {
        self.reader
    }

    /// Derived data kept in the file (the team facts of the rules C1–C8) brought up to
    /// date with the records: after a migration or a restore, and inside every write.
    pub(crate) fn bring_derived_up_to_date(&self) -> Result<()> {
        crate::compliance::facts::refresh(&self.conn)?;
        Ok(())
    }

    /// A private database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            actor: default_actor(),
            reader: false,
            facts_in_writes: true,
            vault: Vault::in_memory(),
        };
        store.configure(Opened::Memory)?;
        migrations::migrate(&mut store.conn, None, &store.vault)?;
        crate::units::ensure_loaded(&mut store.conn)?;
        Ok(store)
    }

    fn configure(&mut self, opened: Opened) -> Result<()> {
        let conn = &self.conn;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Every kind has its own statements (insert, update, lookups): room for all of
        // them, so imports and batches do not re-prepare (rusqlite keeps 16 by default).
        conn.set_prepared_statement_cache_capacity(256);
        if opened == Opened::Writer {
            // journal_mode answers with the mode in force; a file on a medium that cannot
            // do WAL (some network shares) stays in its old mode rather than failing.
            let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        }
        // A 32 MiB page cache (SQLite's default is 2 MiB): a district's database of a
        // whole province is a few hundred MiB, and imports touch many tables at once.
        conn.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;",
        )?;
        if opened == Opened::Reader {
            // Not even derived data: a reader that finds stale facts computes them
            // unsaved (crate::compliance), the writer keeps them.
            conn.execute_batch("PRAGMA query_only=1;")?;
        }
        harden(conn)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The folder the database file is in (none for a database in memory): a backup
    /// written inside it stays plain, one written anywhere else is encrypted.
    pub fn data_folder(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent).map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
    }

    /// Where the installation's seed is kept.
    pub fn vault(&self) -> &Vault {
        &self.vault
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
        &mut self.conn
    }

    /// What has been committed to the file, as every connection to it reads it: views
    /// kept in memory (the receiving unit's overview) are keyed on it. See
    /// [`ContentVersion`].
    pub fn content_version(&self) -> Result<ContentVersion> {
        // Asked before every kept view is reused: a cached statement.
        let mut stmt = self
            .conn
            .prepare_cached("SELECT generation, writes FROM store_version WHERE singleton = 1")?;
        Ok(stmt.query_row([], |r| {
            Ok(ContentVersion {
                generation: r.get(0)?,
                writes: r.get(1)?,
            })
        })?)
    }

    /// Runs `work` in one IMMEDIATE transaction: it takes the write lock at the start (no
    /// deadlock when a read would later upgrade), and commits only if `work` succeeds.
    /// Any error rolls everything back, so a refused form or bundle leaves the database
    /// exactly as it was. Before the commit the team facts of what `work` wrote are
    /// recomputed in the same transaction ([`crate::compliance::facts::refresh`]: one
    /// query when nothing of a team changed), so readers see both or neither.
    pub(crate) fn write<T>(&mut self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let facts = self.facts_in_writes;
        let tx = self.begin_write()?;
        let value = work(&tx)?;
        Self::commit_write(tx, facts)?;
        Ok(value)
    }

    /// Leaves the team facts stale after writes, as a file written by an older program
    /// would have them: for the tests of how the facts module finds stale teams.
    #[cfg(test)]
    pub(crate) fn leave_facts_stale_after_writes(&mut self) {
        self.facts_in_writes = false;
    }

    /// Whether [`Store::commit_write`] should bring the facts up to date (see
    /// [`Store::write`]); the import's batch asks before it begins.
    pub(crate) fn facts_in_writes(&self) -> bool {
        self.facts_in_writes
    }

    /// The immediate transaction of a write, for work that cannot be one closure (the
    /// import's batch). Finish it with [`Store::commit_write`].
    pub(crate) fn begin_write(&mut self) -> Result<Transaction<'_>> {
        if self.reader {
            return Err(Error::internal("a reading connection was asked to write"));
        }
        Ok(self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Brings the derived team facts up to date inside `tx` (when `facts`), then commits
    /// it.
    ///
    /// A refresh that fails leaves the facts as they were (its own savepoint is rolled
    /// back) and does not stop the clerk's write: the facts stay marked stale, readers
    /// compute them unsaved (slower, never wrong), and the next write tries again.
    pub(crate) fn commit_write(tx: Transaction<'_>, facts: bool) -> Result<()> {
        if facts {
            let _stale_until_next_write = crate::compliance::facts::refresh(&tx);
        }
        tx.execute(
            "UPDATE store_version SET writes = writes + 1 WHERE singleton = 1",
            [],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// `PRAGMA integrity_check` plus `foreign_key_check`, then the audit log's chain
    /// ([`crate::audit::verify`]): the list of problems, empty when the file is sound. A
    /// broken chain is one sentence in Vietnamese (where, what it means, what to do).
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
        // Only on a file SQLite finds sound: on a damaged one the walk could fail, and the
        // problems above already say to restore.
        if problems.is_empty() {
            if let Some(broken) = crate::audit::verify(&self.conn)?.broken {
                problems.push(broken.sentence());
            }
        }
        Ok(problems)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

/// How a connection was opened, for [`Store::configure`]: the journal mode is the
/// writer's to set, and a reader is `query_only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opened {
    Writer,
    Reader,
    Memory,
}

/// What has been committed to a database file, the same for every connection to it
/// (unlike SQLite's `PRAGMA data_version` and `total_changes`, which are each
/// connection's own): `writes` goes up in every write's transaction
/// ([`Store::commit_write`]); `generation` is drawn anew when the file's content is
/// replaced (a restore, a migration). Equal versions mean equal content, so a value
/// computed through one connection (the writer preparing the overview after an import)
/// can be reused through another (a reader serving the screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentVersion {
    generation: String,
    writes: i64,
}

/// What every connection to a database file gets, ours or not: a file (from a USB stick,
/// a backup) is input, not code. Defensive mode refuses what could corrupt it from SQL
/// (`writable_schema`, `journal_mode=OFF`, writes to `sqlite_dbpage`); with the schema
/// untrusted, its triggers, views and defaults may call only harmless functions.
pub(crate) fn harden(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    Ok(())
}

/// A file from outside that is to be checked before anything of it is used (a backup to
/// restore): read-only, [`harden`]ed like our own, and more, since only fixed pragmas
/// and SELECTs run on it: triggers and views off (its schema is not known to be ours
/// yet), and every page checked as it is read (`cell_size_check`).
pub(crate) fn open_untrusted(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    distrust(&conn)?;
    Ok(conn)
}

/// The same for a database read from a stream (a decrypted backup): `size` bytes of
/// `read` become a read-only database in memory, and nothing of it touches the disk.
pub(crate) fn open_untrusted_from(read: impl std::io::Read, size: usize) -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    distrust(&conn)?;
    conn.deserialize_read_exact(rusqlite::MAIN_DB, read, size, true)?;
    distrust(&conn)?;
    Ok(conn)
}

fn distrust(conn: &Connection) -> Result<()> {
    harden(conn)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.execute_batch("PRAGMA cell_size_check=ON;")?;
    Ok(())
}

/// Marks the file's content as replaced (see [`ContentVersion`]).
pub(crate) fn new_generation(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE store_version SET generation = lower(hex(randomblob(16))), writes = 0
          WHERE singleton = 1",
        [],
    )?;
    Ok(())
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
