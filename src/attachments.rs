//! Scans and other files, stored once by their SHA-256 in the database (so a backup or a
//! bundle carries them with the records), however many records cite them.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::Store;

/// The largest file accepted: a multi-page A4 scan at 200 dpi as PDF fits easily.
pub const MAX_ATTACHMENT_BYTES: usize = 25 * 1024 * 1024;

#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub sha256: String,
    pub size: u64,
    pub mime: String,
}

/// The type of a file from its first bytes (the name can lie).
pub fn sniff_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("image/tiff")
    } else {
        None
    }
}

/// Checks and stores a file in the open transaction (the window's save, or a batch).
pub(crate) fn insert_attachment(conn: &rusqlite::Connection, bytes: &[u8]) -> Result<Attachment> {
    if bytes.is_empty() {
        return Err(Error::invalid(
            "file",
            "Tệp đính kèm",
            "tệp rỗng; hãy chọn lại tệp bản chụp",
        ));
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(Error::invalid(
            "file",
            "Tệp đính kèm",
            format!(
                "tệp lớn hơn {} MB; hãy chụp lại ở 200 dpi hoặc chia nhỏ",
                MAX_ATTACHMENT_BYTES / 1024 / 1024
            ),
        ));
    }
    let mime = sniff_mime(bytes).ok_or_else(|| {
        Error::invalid(
            "file",
            "Tệp đính kèm",
            "chỉ nhận bản chụp dạng PDF, PNG, JPEG hoặc TIFF",
        )
    })?;
    let sha256 = hex::encode(Sha256::digest(bytes));
    let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    conn.prepare_cached(
        "INSERT INTO attachments (sha256, size, mime, data, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (sha256) DO NOTHING",
    )?
    .execute(params![sha256, bytes.len() as i64, mime, bytes, now])?;
    Ok(Attachment {
        sha256,
        size: bytes.len() as u64,
        mime: mime.to_string(),
    })
}

/// Stores a file that arrived in a verified bundle under its (already checked) hash.
/// The type is not judged here: a newer version may accept other formats, and the file
/// is only ever shown, never run.
pub(crate) fn insert_received(
    conn: &rusqlite::Connection,
    sha256: &str,
    bytes: &[u8],
) -> Result<()> {
    let mime = sniff_mime(bytes).unwrap_or("application/octet-stream");
    let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    conn.prepare_cached(
        "INSERT INTO attachments (sha256, size, mime, data, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (sha256) DO NOTHING",
    )?
    .execute(params![sha256, bytes.len() as i64, mime, bytes, now])?;
    Ok(())
}

impl Store {
    /// Stores a scan (PDF, PNG, JPEG or TIFF) and returns its SHA-256; the same bytes
    /// twice are stored once.
    pub fn add_attachment(&mut self, bytes: &[u8]) -> Result<Attachment> {
        self.write(|tx| insert_attachment(tx, bytes))
    }

    /// Stores a scan from a file, reading at most one byte past the size limit (so a
    /// huge file is refused by the same rule without being read whole).
    pub fn add_attachment_file(&mut self, path: &std::path::Path) -> Result<Attachment> {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                f.take(MAX_ATTACHMENT_BYTES as u64 + 1)
                    .read_to_end(&mut bytes)
            })
            .map_err(|e| Error::io(path, e))?;
        self.add_attachment(&bytes)
    }

    /// The stored file and its type.
    pub fn attachment(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT mime, data FROM attachments WHERE sha256 = ?1",
                [sha256.to_ascii_lowercase()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_scan_is_stored_once_and_read_back() {
        let mut s = Store::open_in_memory().unwrap();
        let pdf = b"%PDF-1.4\n% scan\n";
        let a = s.add_attachment(pdf).unwrap();
        let b = s.add_attachment(pdf).unwrap();
        assert_eq!(a.sha256, b.sha256);
        let n: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM attachments", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let (mime, data) = s.attachment(&a.sha256).unwrap().unwrap();
        assert_eq!(mime, "application/pdf");
        assert_eq!(data, pdf);
    }

    #[test]
    fn files_that_are_not_scans_are_refused() {
        let mut s = Store::open_in_memory().unwrap();
        assert!(s.add_attachment(b"MZ\x90\0 an exe").is_err());
        assert!(s.add_attachment(b"").is_err());
    }
}
