//! Online backup and restore with SQLite's backup API (a consistent copy even while the
//! window is writing: copying the file by hand during a transaction can corrupt the copy,
//! sqlite.org/howtocorrupt.html §1.2).
//!
//! A backup is written to a temporary file beside its destination, checked with
//! `integrity_check`, flushed to disk, and only then renamed into place
//! ([`crate::atomic_file`]), so a pulled USB stick or a power cut never leaves a
//! half-written file under the final name.
//! A restore checks the backup first ([`candidate`]: ours, exactly our schema, sound, not
//! newer than this program), puts the current database aside, and then copies the backup
//! in: it brings back the installation's identity and signing key with the records.

mod candidate;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::Connection;
use serde::Serialize;

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
    pub fn backup(&self, dest: &Path) -> Result<BackupInfo> {
        if let Some(own) = self.path() {
            if same_file(own, dest) {
                return Err(Error::SameFileAsDatabase {
                    path: dest.to_path_buf(),
                });
            }
        }
        backup_connection(self.conn(), dest)
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
        candidate.copy_into(self.conn_mut())?;
        let path = self.path().map(Path::to_path_buf);
        migrations::migrate(self.conn_mut(), path.as_deref())?;
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

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
