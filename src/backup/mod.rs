//! Online backup and restore with SQLite's backup API (a consistent copy even while the
//! window is writing: copying the file by hand during a transaction can corrupt the copy,
//! sqlite.org/howtocorrupt.html §1.2).
//!
//! A backup is written to a temporary file beside its destination, checked with
//! `integrity_check`, flushed to disk, and only then renamed into place
//! ([`crate::atomic_file`]), so a pulled USB stick or a power cut never leaves a
//! half-written file under the final name.
//! A restore checks the backup first ([`candidate`]: ours, exactly our schema, sound, not
//! newer than this program), puts the current database aside, makes a staging copy of the
//! backup current (migrations) and logs the restore in it, and then copies that in: it
//! brings back the installation's identity and signing key with the records. Backups and
//! restores are entries of the audit log.

mod candidate;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::Connection;
use serde::Serialize;

use crate::audit;
use crate::error::{Error, Result};
use crate::store::migrations;
use crate::Store;
use candidate::Candidate;

#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    pub file: PathBuf,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RestoreInfo {
    pub file: PathBuf,
    /// Where the database as it was before the restore was put.
    pub previous: Option<PathBuf>,
    pub unit_code: String,
    pub unit_name: String,
}

/// Copies `conn`'s main database to `dest` safely: into a temporary file beside it,
/// checked, flushed and renamed ([`crate::atomic_file`]).
pub(crate) fn backup_connection(conn: &Connection, dest: &Path) -> Result<BackupInfo> {
    crate::atomic_file::write_with(dest, |tmp| {
        let mut target = Connection::open(tmp).map_err(|e| io_from_sql(tmp, e))?;
        {
            let backup = Backup::new(conn, &mut target)?;
            backup.run_to_completion(256, Duration::from_millis(0), None)?;
        }
        // A copy is a file of its own, whose content will go its own way: with the
        // original's generation, a write to each could give both the same content version
        // (see `ContentVersion`), and a view kept for one would be served for the other.
        let versioned: bool = target.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'store_version')",
            [],
            |r| r.get(0),
        )?;
        if versioned {
            crate::store::new_generation(&target)?;
        }
        // A backup is a self-contained file: no WAL beside it.
        let _: String = target.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
        let check: String = target.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Error::Corrupt { detail: check });
        }
        Ok(())
    })?;
    let bytes = std::fs::metadata(dest)
        .map_err(|e| Error::io(dest, e))?
        .len();
    Ok(BackupInfo {
        file: dest.to_path_buf(),
        bytes,
    })
}

fn io_from_sql(path: &Path, e: rusqlite::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        reason: "không tạo được tệp (thư mục không tồn tại hoặc không có quyền ghi)".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl Store {
    /// Writes a checked copy of the database to `dest`, then logs it in the audit log
    /// (of this database: the copy holds the log up to the entry before).
    pub fn backup(&mut self, dest: &Path) -> Result<BackupInfo> {
        if let Some(own) = self.path() {
            if same_file(own, dest) {
                return Err(Error::SameFileAsDatabase {
                    path: dest.to_path_buf(),
                });
            }
        }
        let info = backup_connection(self.conn(), dest)?;
        let file_name = file_name(dest);
        let logged = serde_json::json!({"file": file_name, "bytes": info.bytes});
        let (now, actor) = (audit::now(), self.actor().to_string());
        self.write(|tx| {
            audit::append(
                tx,
                &audit::Entry {
                    at: &now,
                    actor: &actor,
                    action: audit::Action::Backup,
                    kind: "database",
                    record_id: &file_name,
                    changes: &logged,
                },
            )
        })?;
        Ok(info)
    }

    /// Replaces this database with the backup at `src`, after checking it. The current
    /// database is first put aside beside itself (its path is in the answer).
    pub fn restore(&mut self, src: &Path) -> Result<RestoreInfo> {
        let bad = |reason: &str| Error::BadBackup {
            path: src.to_path_buf(),
            reason: reason.to_string(),
        };
        if !src.is_file() {
            return Err(bad("không tìm thấy tệp"));
        }
        if self.path().is_some_and(|own| same_file(own, src)) {
            return Err(bad("đây là chính tệp dữ liệu đang dùng"));
        }
        // Nothing of the database changes until the backup has passed every check.
        let candidate = Candidate::check(src)?;
        let previous = match self.path() {
            Some(own) => {
                let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
                let stem = own
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let aside = own.with_file_name(format!("{stem}.truoc-khoi-phuc-{stamp}.db"));
                backup_connection(self.conn(), &aside)?;
                Some(aside)
            }
            None => None,
        };
        let (unit_code, unit_name) = (candidate.unit_code.clone(), candidate.unit_name.clone());
        // The backup is made current and its restore logged in a staging copy, which then
        // replaces the database in one step: a restore killed at any moment leaves the
        // database as it was or restored with its entry, never restored without it.
        let scratch = self.path().map(|own| {
            let stem = own
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            crate::atomic_file::Scratch::beside(
                &own.with_file_name(format!("{stem}.dang-khoi-phuc.db")),
            )
        });
        let mut staging = match &scratch {
            Some(s) => Connection::open(s.path()).map_err(|e| io_from_sql(s.path(), e))?,
            None => Connection::open_in_memory()?,
        };
        crate::store::harden(&staging)?;
        // A scratch file: a power cut leaves it to be removed, never to be used.
        staging.execute_batch("PRAGMA synchronous = OFF")?;
        candidate.copy_into(&mut staging)?;
        migrations::migrate(&mut staging, None)?;
        let logged = serde_json::json!({
            "file": file_name(src),
            "file_modified": std::fs::metadata(src).and_then(|m| m.modified()).ok()
                .map(|t| chrono::DateTime::<chrono::Local>::from(t)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)),
            "unit": unit_code,
            "previous": previous.as_deref().map(file_name),
        });
        let tx = staging.transaction()?;
        audit::append(
            &tx,
            &audit::Entry {
                at: &audit::now(),
                actor: self.actor(),
                action: audit::Action::Restore,
                kind: "database",
                record_id: &file_name(src),
                changes: &logged,
            },
        )?;
        tx.commit()?;
        candidate::copy_whole(&staging, self.conn_mut())?;
        drop(staging);
        drop(scratch);
        // The backup's facts may be of an older program or none: recomputed now, so the
        // readers find them current.
        self.bring_derived_up_to_date()?;
        crate::store::new_generation(self.conn())?;
        Ok(RestoreInfo {
            file: src.to_path_buf(),
            previous,
            unit_code,
            unit_name,
        })
    }
}

/// The name of a file without its folder (which may name the user), for the log.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
