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
//! brings back the installation's identity with the records. Backups and restores are
//! entries of the audit log.
//!
//! Keys are not in a backup: they live in the key vault ([`crate::vault`]). A backup that
//! leaves the data folder (a USB stick) is encrypted to the installation's backup key
//! ([`encrypted`]), which derives from the seed, so only the recovery code opens it; a
//! restore asks for the code, and on a new laptop the code also puts the keys back.

mod candidate;
pub mod daily;
#[cfg(test)]
mod daily_tests;
mod encrypted;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::Connection;
use serde::Serialize;

use crate::audit;
use crate::error::{Error, Result};
use crate::keys::KeyPair;
use crate::store::migrations;
use crate::vault::{Seed, Vault};
use crate::Store;
use candidate::Candidate;

pub use encrypted::{is_encrypted, EXTENSION as ENCRYPTED_EXTENSION};

#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    pub file: PathBuf,
    pub bytes: u64,
    /// Encrypted to the recovery code (a backup off the data folder), or a plain SQLite
    /// file (inside it).
    pub encrypted: bool,
}

impl BackupInfo {
    /// The answer for the backup just written at `file`.
    fn of(file: &Path, encrypted: bool) -> Result<BackupInfo> {
        let bytes = std::fs::metadata(file)
            .map_err(|e| Error::io(file, e))?
            .len();
        Ok(BackupInfo {
            file: file.to_path_buf(),
            bytes,
            encrypted,
        })
    }
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
    backup_connection_with(conn, dest, |_| Ok(()))
}

/// [`backup_connection`], with `adjust` run on the copy before it is checked (the copy
/// put aside before migration 9 is made without the key).
pub(crate) fn backup_connection_with(
    conn: &Connection,
    dest: &Path,
    adjust: impl FnOnce(&Connection) -> Result<()>,
) -> Result<BackupInfo> {
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
        adjust(&target)?;
        let check: String = target.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(Error::Corrupt { detail: check });
        }
        Ok(())
    })?;
    BackupInfo::of(dest, false)
}

fn io_from_sql(path: &Path, e: rusqlite::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        reason: "không tạo được tệp (thư mục không tồn tại hoặc không có quyền ghi)".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl Store {
    /// A plain backup (an SQLite file, without keys): for a copy kept in the data folder.
    /// Logged in the audit log (of this database: the copy holds the log up to the entry
    /// before).
    pub fn backup(&mut self, dest: &Path) -> Result<BackupInfo> {
        self.refuse_own_file(dest)?;
        let info = backup_connection(self.conn(), dest)?;
        self.log_backup(dest, &info)?;
        Ok(info)
    }

    /// A backup encrypted to this installation's backup key, which only the recovery
    /// code opens: for a copy that leaves the data folder (a USB stick).
    pub fn backup_encrypted(&mut self, dest: &Path) -> Result<BackupInfo> {
        self.refuse_own_file(dest)?;
        let keys = self.signing_key()?;
        let info = encrypted::write(self.conn(), dest, &keys)?;
        self.log_backup(dest, &info)?;
        Ok(info)
    }

    /// The backup's entry in the audit log: which file, how big, never its folder.
    fn log_backup(&mut self, dest: &Path, info: &BackupInfo) -> Result<()> {
        let file_name = file_name(dest);
        let logged = serde_json::json!({
            "file": file_name, "bytes": info.bytes,
            "encrypted": is_encrypted(dest).unwrap_or(false),
        });
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
        })
    }

    fn refuse_own_file(&self, dest: &Path) -> Result<()> {
        match self.path() {
            Some(own) if same_file(own, dest) => Err(Error::SameFileAsDatabase {
                path: dest.to_path_buf(),
            }),
            _ => Ok(()),
        }
    }

    /// Replaces this database with the backup at `src`, after checking it (a plain one:
    /// see [`Store::restore_with_code`]).
    pub fn restore(&mut self, src: &Path) -> Result<RestoreInfo> {
        self.restore_with_code(src, None)
    }

    /// Replaces this database with the backup at `src`, after checking it. The current
    /// database is first put aside beside itself (its path is in the answer), with its
    /// key file.
    ///
    /// `code` is the recovery code as typed: an encrypted backup needs it, and it puts
    /// the keys of the backup's installation into the vault when this computer does not
    /// have them (a new laptop). Whatever is refused (a mistyped code, a code of another
    /// unit, a backup whose keys are on no sheet given) leaves the database and the
    /// vault untouched.
    pub fn restore_with_code(&mut self, src: &Path, code: Option<&str>) -> Result<RestoreInfo> {
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
        let code = code
            .filter(|c| !c.trim().is_empty())
            .map(crate::recovery::parse)
            .transpose()?;
        // Nothing of the database changes until the backup has passed every check.
        let candidate = match encrypted::is_encrypted(src)? {
            false => Candidate::check(src)?,
            true => {
                let Some(seed) = &code else {
                    return Err(Error::RecoveryCodeNeeded {
                        reason: "bản sao lưu này được mã hóa, chỉ mở được bằng mã khôi phục của đơn vị đã tạo ra nó".into(),
                    });
                };
                let conn = encrypted::open(src, &KeyPair::from_secret(seed.as_slice())?)?;
                Candidate::check_open(conn, src)?
            }
        };
        let keys = self.keys_after_restore(&candidate, code)?;
        let previous = match self.path() {
            Some(own) => {
                let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
                let stem = own
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let aside = own.with_file_name(format!("{stem}.truoc-khoi-phuc-{stamp}.db"));
                backup_connection(self.conn(), &aside)?;
                // The copy put aside keeps its key beside it, so it can be opened again.
                if let Some(seed) = self.vault().load()? {
                    Vault::beside(&aside).store(&seed)?;
                }
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
        // A backup of schema 8 or older has its key inside: the migration moves it
        // out, here into a vault of the staging copy's own that is dropped with it (the
        // seed to keep was decided above, `keys`).
        migrations::migrate(&mut staging, None, &Vault::in_memory())?;
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
        if let Some(seed) = keys {
            self.vault().store(&seed)?;
        }
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

    /// The seed the vault must hold once `candidate` is restored (`None`: it holds it
    /// already), decided before anything changes.
    fn keys_after_restore(
        &self,
        candidate: &Candidate,
        code: Option<Seed>,
    ) -> Result<Option<Seed>> {
        let matches = |seed: &Seed| -> Result<bool> {
            Ok(
                KeyPair::from_secret(seed.as_slice())?.public().as_bytes()[..]
                    == candidate.public_key[..],
            )
        };
        let unit = format!("{} ({})", candidate.unit_name, candidate.unit_code);
        let wrong = || Error::WrongRecoveryCode {
            reason: format!("đây không phải mã của {unit}, đơn vị đã tạo bản sao lưu"),
        };
        if let Some(seed) = &candidate.seed {
            // An old backup with its key inside: a code given must be that key's.
            if code
                .as_ref()
                .is_some_and(|c| c.as_slice() != seed.as_slice())
            {
                return Err(wrong());
            }
            return Ok(Some(seed.clone()));
        }
        if let Some(seed) = code {
            return match matches(&seed)? {
                true => Ok(Some(seed)),
                false => Err(wrong()),
            };
        }
        // The same installation as now: its keys stay as they are (here or not).
        let same = self
            .installation_opt()?
            .is_some_and(|i| i.public_key == candidate.public_key);
        if same {
            return Ok(None);
        }
        // A vault that cannot be read counts as no key here: the code can replace it.
        match self.vault().load().ok().flatten() {
            Some(seed) if matches(&seed)? => Ok(None),
            _ => Err(Error::RecoveryCodeNeeded {
                reason: format!("máy này không có khóa của {unit}, đơn vị đã tạo bản sao lưu"),
            }),
        }
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
