//! Files written whole or not at all: bundles, backups, documents and reports go to a
//! temporary file beside their destination, are flushed, and only then renamed over it,
//! so a pulled USB stick or a power cut never leaves a half-written file under the real
//! name (reliability.md: `persist` is atomic, not durable, without the two fsyncs).
//!
//! The temporary file is `.{name}.{pid}.tmp` beside `name`: hidden, in the same folder (a
//! rename is atomic only within one file system), and with the process id so that two
//! running copies of the program never write the same one. A backup's temporary file is
//! an SQLite database, which may have SQLite's side files beside it for a moment
//! (`-journal`, `-wal`, `-shm`).
//!
//! A process killed between the write and the rename (SIGKILL, a power cut) leaves its
//! temporary file behind, up to tens of megabytes in the user's folder or on the USB
//! stick. So before writing into a folder we remove our own stale ones there. A file is
//! ours and stale only if all of these hold ([`is_stale`]):
//! - its name is exactly `.{name}.{pid}.tmp`, or that followed by one of SQLite's side
//!   suffixes, with `pid` all digits;
//! - `name` is the name being written now, or one the program proposes itself (they
//!   begin with `xungkich`: bundles, backups; or they are the copies put aside before a
//!   migration or a restore, named `<database>.truoc-…`): a hidden `.notes.123.tmp` of
//!   another program is never ours;
//! - `pid` is not this process (a write of ours may be under way in another thread);
//! - it was last modified more than [`STALE_AFTER`] ago. Whether another process with
//!   that id is alive cannot be asked portably without `libc`, and an id may have been
//!   reused; a write under way touches its file continuously, and no write of ours stays
//!   still for minutes (the longest pause, the integrity check of a large backup, takes
//!   seconds), so age is the test.
//!
//! Anything else in the folder (the user's files, a directory, a link) is never touched,
//! and a cleanup that fails is ignored: it must never stop the write itself.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// How long a temporary file of ours must have been left untouched to be removed.
pub(crate) const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// The beginning of every file name the program proposes (see the module's rule).
const OWN_PREFIX: &str = "xungkich";
/// What the names of the copies put aside before a restore or a migration hold, and of
/// a restore's staging copy ([`Scratch`]): they begin with the database's own name,
/// which the user may have chosen (`sổ tổ.db`), so only this part of them is ours.
/// Found by the crash suite: a restore killed mid-copy left
/// `.sổ tổ.truoc-khoi-phuc-….db.PID.tmp`, and no later write has that name.
const ASIDE_MARKS: [&str; 3] = [".truoc-khoi-phuc-", ".truoc-nang-cap-v", ".dang-khoi-phuc"];

/// SQLite's side files of a database being written (a backup's temporary file).
const SIDE_SUFFIXES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// Writes `bytes` to `target` atomically and durably.
pub(crate) fn write(target: &Path, bytes: &[u8]) -> Result<()> {
    write_with(target, |tmp| {
        std::fs::write(tmp, bytes).map_err(|e| Error::io(tmp, e))
    })
}

/// Lets `fill` write the temporary file (a path it creates), then flushes it, renames
/// it over `target` and flushes the folder. On any error the temporary file and its side
/// files are removed and `target` is left as it was.
pub(crate) fn write_with(target: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let (dir, tmp) = temp_beside(target);
    let result = (|| {
        fill(&tmp)?;
        // Windows flushes a file only through a handle with write access.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&tmp)
            .map_err(|e| Error::io(&tmp, e))?;
        file.sync_all().map_err(|e| Error::io(&tmp, e))?;
        drop(file);
        std::fs::rename(&tmp, target).map_err(|e| Error::io(target, e))?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        for path in with_side_files(&tmp) {
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

/// A temporary SQLite file of ours that is never renamed into place: a restore's staging
/// copy. Named like the temporary file of a write of `name` beside `target`, so a kill
/// leaves a file the next write into that folder removes (see the module's rule); removed
/// with its side files when dropped.
pub(crate) struct Scratch {
    path: PathBuf,
}

impl Scratch {
    pub(crate) fn beside(target: &Path) -> Scratch {
        let (_, path) = temp_beside(target);
        // One of ours left by this very process (an earlier restore that failed to
        // remove it) is not stale by the rule, and would be opened as it is.
        for side in with_side_files(&path) {
            let _ = std::fs::remove_file(side);
        }
        Scratch { path }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for path in with_side_files(&self.path) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The folder of `target` and the temporary file of this process for it, after the
/// stale ones of ours there are removed.
fn temp_beside(target: &Path) -> (&Path, PathBuf) {
    let dir = folder_of(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| OWN_PREFIX.into());
    remove_stale(dir, &name, SystemTime::now());
    (dir, dir.join(temp_name(&name, std::process::id())))
}

/// The folder `target` is in (`.` for a bare file name).
fn folder_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.{pid}.tmp")
}

fn with_side_files(tmp: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    std::iter::once(tmp.to_path_buf()).chain(SIDE_SUFFIXES.iter().map(|suffix| {
        let mut side = tmp.as_os_str().to_owned();
        side.push(suffix);
        PathBuf::from(side)
    }))
}

/// `(name, pid)` of a file named by [`temp_name`], or of one of its side files.
fn parse_temp_name(file_name: &str) -> Option<(&str, u32)> {
    let base = SIDE_SUFFIXES
        .iter()
        .find_map(|suffix| file_name.strip_suffix(suffix))
        .unwrap_or(file_name);
    let (name, pid) = base
        .strip_prefix('.')?
        .strip_suffix(".tmp")?
        .rsplit_once('.')?;
    if name.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, pid.parse().ok()?))
}

/// Whether the file `file_name`, last modified at `modified`, is a stale temporary file
/// of ours that a write of `writing` may remove (the rule is in the module's comment).
fn is_stale(file_name: &str, modified: SystemTime, writing: &str, now: SystemTime) -> bool {
    let Some((name, pid)) = parse_temp_name(file_name) else {
        return false;
    };
    let ours = name == writing
        || name.starts_with(OWN_PREFIX)
        || ASIDE_MARKS.iter().any(|mark| name.contains(mark));
    let untouched = now
        .duration_since(modified)
        .is_ok_and(|age| age >= STALE_AFTER);
    ours && pid != std::process::id() && untouched
}

/// Removes the stale temporary files of ours in `dir` (see the module's rule).
fn remove_stale(dir: &Path, writing: &str, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        // Not followed: a link, even to a file, is not a file we made.
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let Ok(modified) = meta.modified() else {
            continue;
        };
        if meta.is_file() && is_stale(file_name, modified, writing, now) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// On Unix a rename is durable only once its folder is flushed; Windows has no such
/// call (and needs none for NTFS metadata journaling).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A file in `dir` as a killed write leaves it, last modified `ago` (for the tests of
    /// the cleanup here and in the writers that use it).
    pub(crate) fn left_behind(dir: &Path, name: &str, ago: Duration) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, b"left behind").unwrap();
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() - ago).unwrap();
        path
    }

    /// Older than [`STALE_AFTER`].
    pub(crate) const OLD: Duration = Duration::from_secs(11 * 60);

    #[test]
    fn temporary_names_are_recognised_exactly() {
        assert_eq!(
            parse_temp_name(".x.bundle.99999.tmp"),
            Some(("x.bundle", 99999))
        );
        assert_eq!(
            parse_temp_name(".xungkich.db.12.tmp-journal"),
            Some(("xungkich.db", 12))
        );
        for not_ours in [
            ".other.tmp",
            "x.bundle.99999.tmp",
            "..99999.tmp",
            ".x.bundle.12a.tmp",
            ".x.bundle..tmp",
            ".x.bundle.99999.tmp.bak",
            ".x.bundle.99999.tmp-other",
            ".x.bundle.99999999999999.tmp",
        ] {
            assert_eq!(parse_temp_name(not_ours), None, "{not_ours}");
        }
    }

    #[test]
    fn only_our_own_old_temporary_files_of_another_process_are_stale() {
        let now = SystemTime::now();
        let old = now - OLD;
        let me = std::process::id();
        assert!(is_stale(".x.bundle.99999.tmp", old, "x.bundle", now));
        assert!(is_stale(
            ".xungkich-00001-20260101-1-9.zip.7.tmp",
            old,
            "a.zip",
            now
        ));
        assert!(is_stale(
            ".xungkich.truoc-khoi-phuc.db.7.tmp-wal",
            old,
            "a",
            now
        ));
        // Another program's temporary file of the same shape, for a name we did not give.
        assert!(!is_stale(".notes.txt.99999.tmp", old, "x.bundle", now));
        // A write under way, of another process or of this one.
        assert!(!is_stale(".x.bundle.99999.tmp", now, "x.bundle", now));
        let mine = temp_name("x.bundle", me);
        assert!(!is_stale(&mine, old, "x.bundle", now));
        // A clock set back: a time in the future is not an age.
        assert!(!is_stale(".x.bundle.9.tmp", now + OLD, "x.bundle", now));
    }

    #[test]
    fn a_write_removes_stale_temporary_files_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let stale = left_behind(d, ".x.bundle.99999.tmp", OLD);
        let stale_journal = left_behind(d, ".xungkich-saoluu.db.4242.tmp-journal", OLD);
        let stale_aside = left_behind(
            d,
            ".sổ tổ.truoc-khoi-phuc-20261204-122725.db.26004.tmp",
            OLD,
        );
        let kept = [
            left_behind(d, ".other.tmp", OLD),
            left_behind(d, ".notes.txt.99999.tmp", OLD),
            left_behind(d, "x.bundle.99999.tmp", OLD),
            left_behind(d, "ghi chú.txt", OLD),
            left_behind(d, ".x.bundle.88888.tmp", Duration::from_secs(5)),
            // Ours by its name, but of this process: maybe a write under way.
            left_behind(d, &temp_name("xungkich.db", std::process::id()), OLD),
        ];
        std::fs::create_dir(d.join(".xungkich.db.777.tmp")).unwrap();
        write(&d.join("x.bundle"), b"new").unwrap();
        assert_eq!(std::fs::read(d.join("x.bundle")).unwrap(), b"new");
        assert!(!stale.exists() && !stale_journal.exists() && !stale_aside.exists());
        for path in &kept {
            assert_eq!(std::fs::read(path).unwrap(), b"left behind", "{path:?}");
        }
        assert!(
            d.join(".xungkich.db.777.tmp").is_dir(),
            "a folder is not ours"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_target_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("báo cáo.json");
        std::fs::write(&target, b"old").unwrap();
        let err = write_with(&target, |tmp| {
            std::fs::write(tmp, b"half").unwrap();
            let mut journal = tmp.as_os_str().to_owned();
            journal.push("-journal");
            std::fs::write(PathBuf::from(journal), b"side").unwrap();
            Err(Error::DiskFull)
        })
        .unwrap_err();
        assert!(matches!(err, Error::DiskFull));
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["báo cáo.json"]);
    }
}
