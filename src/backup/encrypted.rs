//! Backups that leave the data folder (a USB stick goes through other hands): an age
//! file (X25519, `age-encryption.org/v1`) encrypted to the installation's backup key
//! ([`KeyPair::backup_recipient`]), which derives from the seed: only the recovery code
//! opens it.
//!
//! Inside: `xungkich-backup/v1\n`, the database's length (8 bytes, little-endian) and
//! the SQLite file, copied with the backup API into memory and checked. Bytes 18 and 19
//! of the SQLite header say "no WAL" (a database read from memory cannot be in WAL
//! mode; SQLite writes the same when a file leaves WAL).
//!
//! Reading one never writes the decrypted database anywhere: age checks every 64 KiB
//! chunk as it is read, the length is capped and must fit the file, the bytes go
//! straight into a read-only database in memory (so memory is bounded by the backup's
//! own size), the stream must then end exactly (age checks its last chunk), and the
//! database is checked like any backup ([`super::candidate`]) before anything is copied.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::BackupInfo;
use crate::error::{Error, Result};
use crate::keys::KeyPair;

/// The file extension proposed for an encrypted backup.
pub const EXTENSION: &str = "xkbak";
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
const MAGIC: &[u8] = b"xungkich-backup/v1\n";
/// The largest database an encrypted backup holds: 4 GiB, ten times a whole province's.
/// Reading one takes as much memory as the database.
pub const MAX_DATABASE_BYTES: u64 = 4 << 30;

/// Whether the file at `path` is an encrypted backup (by its first bytes).
pub fn is_encrypted(path: &Path) -> Result<bool> {
    let mut head = Vec::with_capacity(AGE_MAGIC.len());
    std::fs::File::open(path)
        .and_then(|f| f.take(AGE_MAGIC.len() as u64).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    Ok(head == AGE_MAGIC)
}

/// Writes an encrypted backup of `conn`'s database to `dest`, then reads it back and
/// checks it opens to the same bytes (USB sticks lie about writes).
pub(super) fn write(conn: &Connection, dest: &Path, keys: &KeyPair) -> Result<BackupInfo> {
    let mut copy = Connection::open_in_memory()?;
    {
        let backup = Backup::new(conn, &mut copy)?;
        backup.run_to_completion(256, Duration::from_millis(0), None)?;
    }
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Error::Corrupt { detail: check });
    }
    let data = copy.serialize(rusqlite::MAIN_DB)?;
    let database: &[u8] = &data;
    if database.len() < 100 {
        return Err(Error::internal(
            "a serialised database shorter than its header",
        ));
    }
    let mut plain = Sha256::new();
    let recipient = keys.backup_recipient();
    crate::atomic_file::write_with(dest, |tmp| {
        let io = |e: std::io::Error| Error::io(tmp, e);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(tmp)
            .map_err(io)?;
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(Error::internal)?;
        let mut out = encryptor.wrap_output(BufWriter::new(file)).map_err(io)?;
        let length = (database.len() as u64).to_le_bytes();
        for part in [
            MAGIC,
            &length[..],
            &database[..18],
            &[1, 1],
            &database[20..],
        ] {
            out.write_all(part).map_err(io)?;
            plain.update(part);
        }
        out.finish()
            .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
            .map_err(io)?;
        Ok(())
    })?;
    let written = plain.finalize();
    if read_back(dest, keys)? != written[..] {
        return Err(Error::UsbWriteFailed {
            path: dest.to_path_buf(),
        });
    }
    BackupInfo::of(dest, true)
}

/// The SHA-256 of what the file at `path` decrypts to (a write that cannot be read back
/// is a failed write).
fn read_back(path: &Path, keys: &KeyPair) -> Result<Vec<u8>> {
    let failed = || Error::UsbWriteFailed {
        path: path.to_path_buf(),
    };
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let identity = keys.backup_identity();
    let mut reader = age::Decryptor::new_buffered(BufReader::new(file))
        .and_then(|d| d.decrypt(std::iter::once(&identity as &dyn age::Identity)))
        .map_err(|_| failed())?;
    let mut hash = Sha256::new();
    std::io::copy(&mut reader, &mut HashWriter(&mut hash)).map_err(|_| failed())?;
    Ok(hash.finalize().to_vec())
}

struct HashWriter<'a>(&'a mut Sha256);

impl Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Decrypts the backup at `src` with `keys` (the recovery code's) into a read-only
/// database in memory, for the checks of [`super::candidate`].
pub(super) fn open(src: &Path, keys: &KeyPair) -> Result<Connection> {
    let bad = |reason: &str| Error::BadBackup {
        path: src.to_path_buf(),
        reason: reason.to_string(),
    };
    let damaged = || {
        bad("tệp bị hỏng hoặc bị cắt dở (có thể do rút USB khi đang ghi); hãy dùng một bản sao lưu khác")
    };
    let file = std::fs::File::open(src).map_err(|e| Error::io(src, e))?;
    let file_bytes = file.metadata().map_err(|e| Error::io(src, e))?.len();
    if file_bytes > MAX_DATABASE_BYTES + (MAX_DATABASE_BYTES >> 10) {
        return Err(bad("tệp quá lớn, không phải bản sao lưu của chương trình"));
    }
    let identity = keys.backup_identity();
    let decryptor = age::Decryptor::new_buffered(BufReader::new(file)).map_err(|_| damaged())?;
    let mut reader = match decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)) {
        Ok(reader) => reader,
        Err(age::DecryptError::NoMatchingKeys) => {
            return Err(Error::WrongRecoveryCode {
                reason: "mã này không mở được bản sao lưu; bản sao lưu được tạo bởi một đơn vị khác, hoặc mã là của đơn vị khác".into(),
            })
        }
        Err(_) => return Err(damaged()),
    };
    let mut head = [0u8; MAGIC.len() + 8];
    reader.read_exact(&mut head).map_err(|_| damaged())?;
    if &head[..MAGIC.len()] != MAGIC {
        return Err(bad("không phải bản sao lưu của Sổ Tổ xung kích"));
    }
    let length = u64::from_le_bytes(head[MAGIC.len()..].try_into().expect("8 bytes"));
    if length > MAX_DATABASE_BYTES || length > file_bytes || length < 100 {
        return Err(damaged());
    }
    let size = usize::try_from(length).map_err(|_| damaged())?;
    let conn = crate::store::open_untrusted_from(&mut reader, size).map_err(|_| damaged())?;
    // The stream must end here: age checks its last chunk, and nothing may follow.
    let mut rest = [0u8; 1];
    match reader.read(&mut rest) {
        Ok(0) => Ok(conn),
        _ => Err(damaged()),
    }
}
