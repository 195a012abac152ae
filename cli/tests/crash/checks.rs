//! What must hold after a kill: a sound database in one of the two states the operation
//! allows, and no half-written file under a final name.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::Connection;

use super::program;
use super::workload::{Op, Side, Variant, World};

/// What the database holds: the program's content digest, and the count of the log the
/// operation writes (which must agree with the records).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    pub digest: String,
    pub ledger: i64,
}

pub fn state(db: &Path, op: Op) -> Result<State, String> {
    let digest = program::digest(db)?;
    let conn = Connection::open(db).map_err(|e| format!("open {db:?}: {e}"))?;
    let ledger = conn
        .query_row(op.ledger(), [], |r| r.get(0))
        .map_err(|e| format!("{}: {e}", op.ledger()))?;
    Ok(State { digest, ledger })
}

/// `PRAGMA integrity_check` is `ok` and `foreign_key_check` finds nothing. Opened
/// read-write, as the program opens it: SQLite recovers a killed writer's WAL then.
pub fn integrity(db: &Path) -> Result<(), String> {
    let conn = Connection::open(db).map_err(|e| format!("open {db:?}: {e}"))?;
    let check = |sql: &str| -> Result<Vec<String>, String> {
        let mut stmt = conn.prepare(sql).map_err(|e| format!("{sql}: {e}"))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("{sql} on {db:?}: {e}"))?;
        Ok(rows)
    };
    let integrity = check("PRAGMA integrity_check")?;
    if integrity != ["ok"] {
        return Err(format!("integrity_check of {db:?}: {integrity:?}"));
    }
    let broken = check("SELECT \"table\" FROM pragma_foreign_key_check")?;
    if !broken.is_empty() {
        return Err(format!("foreign_key_check of {db:?}: {broken:?}"));
    }
    Ok(())
}

/// The files our writers keep under a temporary name until they are complete:
/// `.NAME.PID.tmp`, and the rollback journal SQLite keeps beside a backup being
/// written (`.NAME.PID.tmp-journal`).
pub fn temp_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.contains(".tmp"))
        .collect();
    names.sort();
    names
}

/// How old a killed run's temporary files are made to look (see [`age_temp_files`]).
const LONG_AGO: Duration = Duration::from_secs(11 * 60);

/// Makes the [`temp_files`] in `dir` look untouched for [`LONG_AGO`].
pub fn age_temp_files(dir: &Path) {
    for name in temp_files(dir) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(dir.join(name))
            .unwrap();
        file.set_modified(SystemTime::now() - LONG_AGO).unwrap();
    }
}

/// The folders an operation writes files into.
pub fn written_folders(v: &Variant, world: &World) -> Vec<PathBuf> {
    match v.op {
        Op::Export | Op::Backup => vec![world.usb()],
        // The database as it was is put aside beside itself before a restore.
        Op::Restore => vec![world.dir(Side::Commune)],
        Op::Import | Op::Edit => Vec::new(),
    }
}

/// The files under a final name the operation wrote: every visible file in the USB
/// folder (empty before), or the copies a restore put aside.
pub fn final_files(v: &Variant, world: &World) -> Vec<PathBuf> {
    let (dir, wanted): (PathBuf, fn(&str) -> bool) = match v.op {
        Op::Export | Op::Backup => (world.usb(), |_| true),
        Op::Restore => (world.dir(Side::Commune), |name| {
            name.contains(".truoc-khoi-phuc-") && name.ends_with(".db")
        }),
        Op::Import | Op::Edit => return Vec::new(),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.starts_with('.') && wanted(&name)
        })
        .collect();
    files.sort();
    files
}

/// Checks that each of [`final_files`] is whole: a bundle byte for byte the one a run
/// to the end writes (which passed the receiving unit's checks), a backup (encrypted:
/// it is written off the data folder) restoring with the recovery code to the content
/// as it was before, a restore's put-aside copy a sound database holding it.
/// How many there were.
pub fn check_final_files(v: &Variant, world: &World) -> Result<usize, String> {
    let files = final_files(v, world);
    for file in &files {
        if v.op == Op::Export {
            let bytes = std::fs::read(file).map_err(|e| format!("{file:?}: {e}"))?;
            if Some(&bytes) != v.bundle.as_ref() {
                return Err(format!(
                    "{file:?} is under a final name but is not the complete bundle ({} bytes)",
                    bytes.len()
                ));
            }
            continue;
        }
        let restored;
        let file = match v.op {
            Op::Backup => {
                restored = restore_on_a_new_laptop(file, v, world)?;
                &restored
            }
            _ => file,
        };
        integrity(file)?;
        let digest = program::digest(file)?;
        if digest != v.before.digest {
            return Err(format!(
                "{file:?} holds digest {digest}, not the database's {}",
                v.before.digest
            ));
        }
    }
    Ok(files.len())
}

/// Restores the encrypted backup `file` into a new database (as on a new laptop) with
/// the code of the commune's recovery sheet: the database it gives.
fn restore_on_a_new_laptop(file: &Path, v: &Variant, world: &World) -> Result<PathBuf, String> {
    let laptop = world.root.join("máy mới");
    let _ = std::fs::remove_dir_all(&laptop);
    std::fs::create_dir_all(&laptop).unwrap();
    let sheet = laptop.join("phiếu.html");
    let sheet_arg = sheet.clone().into_os_string();
    program::json(
        &v.db(world),
        &["recovery-sheet".into(), "--out".into(), sheet_arg],
    );
    let html = std::fs::read_to_string(&sheet).unwrap();
    let code: Vec<&str> = html
        .split("<code>")
        .skip(1)
        .filter_map(|part| part.split("</code>").next())
        .collect();
    let db = laptop.join("xungkich.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xungkich"))
        .env("XUNGKICH_DB", &db)
        .env("XUNGKICH_RECOVERY_CODE", code.join(" "))
        .arg("restore")
        .arg(file)
        .output()
        .map_err(|e| format!("restore did not start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{file:?} is under a final name but does not restore: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(db)
}
