//! Backups without asking (issue 14, item 4): at start and once a day while the program
//! is open, an online backup into `<data folder>/backups/`, one file a day, keeping the
//! last [`KEEP_DAILY`] days and one file for each of the last [`KEEP_MONTHLY`] months.
//! They are plain SQLite files without keys (the keys are in the vault), on the same disk
//! as the database: they undo a wrong deletion or a damaged file, not a lost laptop. That
//! is the copy to a USB stick (encrypted to the recovery code), whose age the dashboard
//! watches ([`BackupStatus::offsite_overdue`]).
//!
//! The day in a file's name comes from the laptop's clock, which may be wrong: a file
//! named for a day in the future only takes one place in the rotation, and the file just
//! written is never the one removed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{BackupInfo, RestoreInfo};
use crate::audit;
use crate::error::{Error, Result};
use crate::Store;

/// The folder, inside the data folder.
pub const FOLDER: &str = "backups";
/// How many days of daily backups are kept, and how many months of monthly ones.
pub const KEEP_DAILY: usize = 14;
pub const KEEP_MONTHLY: usize = 12;
/// A USB copy older than this many days is overdue.
pub const OFFSITE_DAYS: i64 = 30;

const PREFIX: &str = "xungkich-tudong-";
const SUFFIX: &str = ".db";

/// One automatic backup, as the Settings list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutoBackup {
    /// The file's name in the backups folder: what a restore names.
    pub file_name: String,
    pub day: NaiveDate,
    pub bytes: u64,
    /// Kept as one of the last days (`daily`), or as its month's (`monthly`).
    pub kept_as: &'static str,
}

/// When the last copies were made, for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupStatus {
    /// The day of the newest automatic backup.
    pub last_auto: Option<NaiveDate>,
    /// When the last backup off the data folder (encrypted, to a USB stick) was made,
    /// from the audit log (RFC 3339).
    pub last_offsite: Option<String>,
    /// No such copy, or the last one older than [`OFFSITE_DAYS`].
    pub offsite_overdue: bool,
}

/// The file name of the automatic backup of `day`.
pub fn file_name(day: NaiveDate) -> String {
    format!("{PREFIX}{}{SUFFIX}", day.format("%Y%m%d"))
}

/// The day an automatic backup's file name says, or `None` for any other name.
fn day_of(name: &str) -> Option<NaiveDate> {
    let digits = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

/// The days to keep among `days`: the [`KEEP_DAILY`] newest, and the newest of each of
/// the [`KEEP_MONTHLY`] newest months. Each kept day with why.
pub fn keep(days: &BTreeSet<NaiveDate>) -> Vec<(NaiveDate, &'static str)> {
    let daily: BTreeSet<NaiveDate> = days.iter().rev().take(KEEP_DAILY).copied().collect();
    let mut months_seen = BTreeSet::new();
    let mut kept = Vec::new();
    for day in days.iter().rev() {
        let month = (day.year(), day.month());
        let newest_of_month = months_seen.len() < KEEP_MONTHLY && months_seen.insert(month);
        if daily.contains(day) {
            kept.push((*day, "daily"));
        } else if newest_of_month {
            kept.push((*day, "monthly"));
        }
    }
    kept
}

impl Store {
    /// `<data folder>/backups`, or `None` for a database in memory.
    pub fn backups_folder(&self) -> Option<PathBuf> {
        self.path()?;
        self.data_folder().map(|d| d.join(FOLDER))
    }

    /// Today's automatic backup, if there is none yet, then the rotation. `None` when
    /// today's exists (or the database is in memory). Run at start and once a day.
    pub fn daily_backup(&mut self, today: NaiveDate) -> Result<Option<BackupInfo>> {
        let Some(folder) = self.backups_folder() else {
            return Ok(None);
        };
        std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        let target = folder.join(file_name(today));
        let made = if target.exists() {
            None
        } else {
            Some(self.backup(&target)?)
        };
        rotate(&folder, today)?;
        Ok(made)
    }

    /// The automatic backups kept, newest first.
    pub fn auto_backups(&self) -> Result<Vec<AutoBackup>> {
        let Some(folder) = self.backups_folder() else {
            return Ok(Vec::new());
        };
        let found = list(&folder)?;
        let days: BTreeSet<NaiveDate> = found.iter().map(|(d, _)| *d).collect();
        let why: std::collections::BTreeMap<NaiveDate, &'static str> =
            keep(&days).into_iter().collect();
        let mut out = Vec::new();
        for (day, path) in found.into_iter().rev() {
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            out.push(AutoBackup {
                file_name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                day,
                bytes,
                kept_as: why.get(&day).copied().unwrap_or("daily"),
            });
        }
        Ok(out)
    }

    /// Restores the automatic backup named `file_name` (one of [`Store::auto_backups`];
    /// any other name, a path included, is refused before anything is read).
    pub fn restore_auto_backup(&mut self, file_name: &str) -> Result<RestoreInfo> {
        let known = self
            .auto_backups()?
            .into_iter()
            .any(|b| b.file_name == file_name);
        let folder = self.backups_folder();
        match (known, folder) {
            (true, Some(folder)) => self.restore(&folder.join(file_name)),
            _ => Err(Error::invalid(
                "file",
                "Bản sao lưu",
                "không có bản sao lưu tự động này trong thư mục dữ liệu; hãy chọn trong danh sách",
            )),
        }
    }

    /// The last automatic backup and the last copy off the laptop, on `today`.
    pub fn backup_status(&self, today: NaiveDate) -> Result<BackupStatus> {
        let last_auto = match self.backups_folder() {
            Some(folder) => list(&folder)?.last().map(|(d, _)| *d),
            None => None,
        };
        let last_offsite: Option<String> = self
            .conn()
            .query_row(
                "SELECT at FROM audit_log WHERE action = ?1
                   AND json_extract(changes, '$.encrypted') = 1
                 ORDER BY id DESC LIMIT 1",
                [audit::Action::Backup.as_str()],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        let offsite_day = last_offsite
            .as_deref()
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
            .map(|t| t.with_timezone(&chrono::Local).date_naive());
        let offsite_overdue = offsite_day.is_none_or(|d| (today - d).num_days() > OFFSITE_DAYS);
        Ok(BackupStatus {
            last_auto,
            last_offsite,
            offsite_overdue,
        })
    }
}

/// The automatic backups in `folder`, oldest first. Other files are left alone.
fn list(folder: &Path) -> Result<Vec<(NaiveDate, PathBuf)>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(folder, e)),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some(day) = name.to_str().and_then(day_of) {
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                found.push((day, entry.path()));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Removes the automatic backups the rotation does not keep; never today's.
fn rotate(folder: &Path, today: NaiveDate) -> Result<()> {
    let found = list(folder)?;
    let days: BTreeSet<NaiveDate> = found.iter().map(|(d, _)| *d).collect();
    let kept: BTreeSet<NaiveDate> = keep(&days).into_iter().map(|(d, _)| d).collect();
    for (day, path) in found {
        if !kept.contains(&day) && day != today {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}
