//! The key vault: where the installation's seed (its one secret, [`crate::keys`]) is
//! kept, outside the database and so outside every copy of it (backups, the copies put
//! aside before a migration or a restore, a database file mailed for help).
//!
//! It is a small file beside the database, `<database file name>.khoa`:
//! - on Windows its content is sealed with the user's DPAPI (`CryptProtectData`, user
//!   scope): only the same Windows account on the same computer opens it, so a copy of
//!   the data folder (a USB stick, a backup program, another account) carries no key;
//! - elsewhere the file is created readable and writable by its owner only (0600), and a
//!   file that others may read is refused with what to do.
//!
//! Neither protects from a program running as the user, or from someone at the unlocked
//! computer: they keep the key out of copies, not out of the user's own session
//! (docs/personal-data.md). A lost key comes back from the recovery code
//! ([`crate::recovery`]).
//!
//! The file: `XKKHOA1\n`, one byte naming the protection (`P`: the bytes as they are in
//! a file only the owner reads; `D`: sealed with DPAPI), and the 32 bytes, sealed or not.
//! It is written whole or not at all ([`crate::atomic_file`]) and flushed before the
//! database is told about it.
//!
//! A database in memory (tests, benchmarks) has a vault in memory.

#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The installation's seed, wiped from memory when dropped.
pub type Seed = Zeroizing<[u8; 32]>;

const MAGIC: &[u8; 8] = b"XKKHOA1\n";
/// The protection byte of a file this platform writes.
#[cfg(windows)]
const PROTECTION: u8 = b'D';
#[cfg(not(windows))]
const PROTECTION: u8 = b'P';
/// No key file is larger (a DPAPI blob of 32 bytes is a few hundred).
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// Where an installation's seed is kept.
pub struct Vault {
    place: Place,
}

enum Place {
    File(PathBuf),
    Memory(Mutex<Option<Seed>>),
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("path", &self.path()).finish()
    }
}

impl Vault {
    /// The vault of the database at `db`: the file `<name>.khoa` beside it.
    pub fn beside(db: &Path) -> Vault {
        Vault {
            place: Place::File(Self::path_for(db)),
        }
    }

    /// The key file of the database at `db`.
    pub fn path_for(db: &Path) -> PathBuf {
        let mut name = db
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "xungkich.db".into());
        name.push(".khoa");
        db.with_file_name(name)
    }

    /// A vault in memory, for a database in memory.
    pub fn in_memory() -> Vault {
        Vault {
            place: Place::Memory(Mutex::new(None)),
        }
    }

    /// The key file, for a vault on disk.
    pub fn path(&self) -> Option<&Path> {
        match &self.place {
            Place::File(path) => Some(path),
            Place::Memory(_) => None,
        }
    }

    /// The seed, or `None` when the vault has none yet (no key file).
    pub fn load(&self) -> Result<Option<Seed>> {
        match &self.place {
            Place::Memory(seed) => Ok(seed.lock().map_err(poisoned)?.clone()),
            Place::File(path) => load_file(path),
        }
    }

    /// Keeps `seed`, replacing what the vault had: on disk, written whole to a temporary
    /// file only the user can read, flushed, and renamed over the key file.
    pub fn store(&self, seed: &[u8; 32]) -> Result<()> {
        match &self.place {
            Place::Memory(slot) => {
                *slot.lock().map_err(poisoned)? = Some(Zeroizing::new(*seed));
                Ok(())
            }
            Place::File(path) => {
                let sealed = seal(path, seed)?;
                let mut bytes = Zeroizing::new(Vec::with_capacity(MAGIC.len() + 1 + sealed.len()));
                bytes.extend_from_slice(MAGIC);
                bytes.push(PROTECTION);
                bytes.extend_from_slice(&sealed);
                crate::atomic_file::write_with(path, |tmp| write_private(tmp, &bytes))
            }
        }
    }
}

fn poisoned<T>(_: T) -> Error {
    Error::internal("the in-memory key vault's lock is poisoned")
}

fn vault_error(path: &Path, reason: impl Into<String>) -> Error {
    Error::KeyVault {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn load_file(path: &Path) -> Result<Option<Seed>> {
    use std::io::Read;
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    check_private(path, &file)?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let damaged = || {
        vault_error(
            path,
            "tệp bị hỏng hoặc không phải tệp khóa của chương trình. Hãy xóa tệp này rồi khôi phục khóa bằng mã in trên phiếu khôi phục",
        )
    };
    if bytes.len() as u64 > MAX_FILE_BYTES || bytes.len() < MAGIC.len() + 1 {
        return Err(damaged());
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        return Err(damaged());
    }
    if bytes[MAGIC.len()] != PROTECTION {
        return Err(Error::KeysMissing {
            reason: "tệp khóa được tạo trên hệ điều hành khác".into(),
        });
    }
    let seed = unseal(path, &bytes[MAGIC.len() + 1..])?;
    let seed: [u8; 32] = seed.as_slice().try_into().map_err(|_| damaged())?;
    Ok(Some(Zeroizing::new(seed)))
}

/// Creates `tmp` (which must not exist) readable by its owner only, with `bytes`.
fn write_private(tmp: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    unix::owner_only(&mut options);
    let mut file = options.open(tmp).map_err(|e| Error::io(tmp, e))?;
    file.write_all(bytes).map_err(|e| Error::io(tmp, e))?;
    Ok(())
}

#[cfg(unix)]
fn check_private(path: &Path, file: &std::fs::File) -> Result<()> {
    unix::check_owner_only(path, file)
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _file: &std::fs::File) -> Result<()> {
    Ok(())
}

#[cfg(windows)]
fn seal(path: &Path, seed: &[u8; 32]) -> Result<Zeroizing<Vec<u8>>> {
    windows::seal(path, seed)
}

#[cfg(windows)]
fn unseal(path: &Path, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    windows::unseal(path, sealed)
}

#[cfg(not(windows))]
fn seal(_path: &Path, seed: &[u8; 32]) -> Result<Zeroizing<Vec<u8>>> {
    Ok(Zeroizing::new(seed.to_vec()))
}

#[cfg(not(windows))]
fn unseal(_path: &Path, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    Ok(Zeroizing::new(sealed.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_goes_in_and_comes_back_on_disk_and_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sổ tổ.db");
        let vault = Vault::beside(&db);
        assert_eq!(vault.path().unwrap(), dir.path().join("sổ tổ.db.khoa"));
        assert!(vault.load().unwrap().is_none());
        vault.store(&[5u8; 32]).unwrap();
        assert_eq!(*vault.load().unwrap().unwrap(), [5u8; 32]);
        vault.store(&[6u8; 32]).unwrap();
        assert_eq!(*Vault::beside(&db).load().unwrap().unwrap(), [6u8; 32]);
        // Only the key file is left: no temporary file beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);

        let memory = Vault::in_memory();
        assert!(memory.load().unwrap().is_none());
        memory.store(&[7u8; 32]).unwrap();
        assert_eq!(*memory.load().unwrap().unwrap(), [7u8; 32]);
    }

    #[test]
    fn a_damaged_key_file_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::beside(&dir.path().join("x.db"));
        vault.store(&[5u8; 32]).unwrap();
        let path = vault.path().unwrap().to_path_buf();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(20);
        std::fs::write(&path, &bytes).unwrap();
        let err = vault.load().unwrap_err();
        assert_eq!(err.code(), "key_vault");
        assert!(err.to_string().contains("phiếu khôi phục"), "{err}");
    }
}
