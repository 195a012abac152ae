//! Scans that open (issue 17, item 4): a stored scan (a signed decision, a certificate,
//! a team's document) read back, written out to a file the clerk chose or to the
//! program's own folder for the system's viewer, and the decision scans a receiving unit
//! holds of a commune, for its drill-down. Always from the program's own stored copy
//! ([`crate::attachments`]): nothing here reads a path it was not given by the program.

use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::records::{ListQuery, Record};
use crate::Store;

/// A stored scan.
#[derive(Debug, Clone)]
pub struct Scan {
    pub sha256: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

impl Scan {
    /// A file name for it: `ban-chup-<first 12 of its hash>.<type>`.
    pub fn file_name(&self) -> String {
        format!(
            "{SCAN_FILE_PREFIX}{}.{}",
            &self.sha256[..12],
            extension(&self.mime)
        )
    }
}

/// How a scan's file name starts: `ban-chup-<12 of the hash>.<type>`.
const SCAN_FILE_PREFIX: &str = "ban-chup-";

/// How long a copy made for the system's viewer is kept after it was last written.
const VIEWER_COPY_DAYS: u64 = 7;

/// Removes the viewer's copies not written for [`VIEWER_COPY_DAYS`]: a scan of a signed
/// decision names people, and a copy outside the database should not outlive its use.
/// Only the program's own names (`ban-chup-…`) are touched, never `keep` (about to be
/// opened); a copy a viewer still holds open (Windows refuses) stays until next time.
fn clear_old_viewer_copies(folder: &Path, keep: &Path, now: std::time::SystemTime) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let age = std::time::Duration::from_secs(VIEWER_COPY_DAYS * 24 * 60 * 60);
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(SCAN_FILE_PREFIX));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|d| d > age));
        if ours && old && path != keep && path.is_file() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A signed decision's scan, as the drill-down lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionScan {
    pub team_id: String,
    pub team: String,
    /// The unit that owns the decision (the commune).
    pub unit_code: String,
    pub decision_id: String,
    /// "Quyết định số 34 ngày 05/05/2020 (quyết định thành lập)".
    pub decision: String,
    pub sha256: String,
    pub mime: String,
    pub size: u64,
}

/// The file type of a scan's MIME type.
pub fn extension(mime: &str) -> &'static str {
    match mime {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/tiff" => "tif",
        _ => "bin",
    }
}

/// "Quyết định số 12 ngày 05/03/2024 (quyết định thành lập)".
pub(crate) fn decision_words(d: &Record) -> String {
    let kind = d
        .text("decision_type")
        .map(|c| crate::kinds::choice_label(crate::kinds::DECISION_TYPES, c))
        .map(|l| format!(" ({})", l.to_lowercase()))
        .unwrap_or_default();
    let number = d
        .int("number")
        .map(|n| format!(" số {n}"))
        .unwrap_or_default();
    let day = d
        .text("decision_date")
        .and_then(crate::dates::parse_iso)
        .map(|x| format!(" ngày {}", crate::dates::vn(x)))
        .unwrap_or_default();
    format!("Quyết định{number}{day}{kind}")
}

fn check_hash(sha256: &str) -> Result<String> {
    let s = sha256.trim().to_ascii_lowercase();
    if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(s)
    } else {
        Err(Error::invalid(
            "sha256",
            "Bản chụp",
            "mã bản chụp không hợp lệ; hãy mở lại hồ sơ rồi bấm Xem",
        ))
    }
}

impl Store {
    /// The stored scan of this hash; a hash that is not one, or not stored here, is
    /// refused with what to do.
    pub fn scan(&self, sha256: &str) -> Result<Scan> {
        let sha256 = check_hash(sha256)?;
        match self.attachment(&sha256)? {
            Some((mime, bytes)) => Ok(Scan {
                sha256,
                mime,
                bytes,
            }),
            None => Err(Error::NotFound {
                kind_label: "bản chụp".into(),
                id: sha256[..12].to_string(),
            }),
        }
    }

    /// Writes the stored scan to `out` (a file, or a folder where [`Scan::file_name`]
    /// is used), beside and renamed over it; returns the file.
    pub fn write_scan(&self, sha256: &str, out: &Path) -> Result<PathBuf> {
        let scan = self.scan(sha256)?;
        let file = if out.is_dir() {
            out.join(scan.file_name())
        } else {
            out.to_path_buf()
        };
        crate::atomic_file::write(&file, &scan.bytes)?;
        Ok(file)
    }

    /// The stored scan as a file in `folder` (the program's own folder of opened scans),
    /// for the system's viewer; returns the file and its size. A file already there with
    /// exactly the stored bytes is kept, not rewritten: the viewer may still hold it open
    /// from the last click, and Windows refuses to replace an open file. Anything else
    /// under that name (a copy the viewer changed and saved) is replaced by the stored
    /// copy, so what opens is always the program's own.
    pub fn scan_for_viewer(&self, sha256: &str, folder: &Path) -> Result<(PathBuf, usize)> {
        let scan = self.scan(sha256)?;
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        let file = folder.join(scan.file_name());
        let same = std::fs::read(&file).is_ok_and(|bytes| bytes == scan.bytes);
        if !same {
            crate::atomic_file::write(&file, &scan.bytes)?;
        }
        clear_old_viewer_copies(folder, &file, std::time::SystemTime::now());
        Ok((file, scan.bytes.len()))
    }

    /// The scans of signed decisions this installation holds, of one unit's teams (a
    /// commune, at the receiving unit) or of all: teams in Vietnamese order, each team's
    /// decisions by date.
    pub fn decision_scans(&self, unit: Option<&str>) -> Result<Vec<DecisionScan>> {
        let teams = self.list("team", &ListQuery::default())?;
        let mut out = Vec::new();
        for team in teams.iter().filter(|t| unit.is_none_or(|u| t.owner == u)) {
            let mut decisions =
                self.list("decision", &ListQuery::children_of("team_id", &team.id))?;
            decisions.sort_by(|a, b| {
                (a.text("decision_date"), &a.id).cmp(&(b.text("decision_date"), &b.id))
            });
            for d in decisions
                .iter()
                .filter(|d| d.text("state") != Some("du_thao"))
            {
                let Some(hash) = d.text("scan_sha256") else {
                    continue;
                };
                // A scan the bundle has not brought yet is not listed: nothing to open.
                let stored: Option<(String, i64)> = self
                    .conn()
                    .query_row(
                        "SELECT mime, size FROM attachments WHERE sha256 = ?1",
                        [hash],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let Some((mime, size)) = stored else {
                    continue;
                };
                out.push(DecisionScan {
                    team_id: team.id.clone(),
                    team: team.text("name").unwrap_or_default().to_string(),
                    unit_code: team.owner.clone(),
                    decision_id: d.id.clone(),
                    decision: decision_words(d),
                    sha256: hash.to_string(),
                    mime,
                    size: size.max(0) as u64,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::installation::Role;
    use crate::units::UnitSet;

    #[test]
    fn a_scan_is_read_written_and_listed_from_the_stored_copy() {
        let mut s = Store::open_in_memory().unwrap();
        s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let png = png();
        let stored = s.add_attachment(&png).unwrap();
        let team = team(&mut s, "Tổ Đông");
        let decision = |state: &str, scan: Option<&str>| {
            json!({"team_id": team, "decision_type": "thanh_lap", "state": state,
                   "number": 12, "decision_date": "05/03/2024", "signer_name": "Nguyễn Văn Chủ",
                   "scan_sha256": scan})
        };
        s.create(
            "decision",
            decision("da_ky", Some(&stored.sha256)).as_object().unwrap(),
        )
        .unwrap();
        s.create(
            "decision",
            decision("du_thao", Some(&stored.sha256))
                .as_object()
                .unwrap(),
        )
        .unwrap();

        let scan = s.scan(&stored.sha256.to_uppercase()).unwrap();
        assert_eq!(
            (scan.mime.as_str(), scan.bytes.as_slice()),
            ("image/png", png.as_slice())
        );
        let dir = tempfile::tempdir().unwrap();
        let file = s.write_scan(&stored.sha256, dir.path()).unwrap();
        assert_eq!(file, dir.path().join(scan.file_name()));
        assert_eq!(std::fs::read(&file).unwrap(), png);

        let listed = s.decision_scans(Some("00001")).unwrap();
        assert_eq!(listed.len(), 1, "the draft is not listed");
        assert_eq!(
            listed[0].decision,
            "Quyết định số 12 ngày 05/03/2024 (quyết định thành lập)"
        );
        assert_eq!(listed[0].size, png.len() as u64);
        assert!(s.decision_scans(Some("00002")).unwrap().is_empty());

        assert_eq!(s.scan("../../etc/passwd").unwrap_err().code(), "invalid");
        assert_eq!(s.scan(&"0".repeat(64)).unwrap_err().code(), "not_found");
    }

    /// A working team of the commune, by its id.
    fn team(s: &mut Store, name: &str) -> String {
        crate::test_support::add(
            s,
            "team",
            json!({"name": name, "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
        )
    }

    fn png() -> Vec<u8> {
        let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        b.extend_from_slice(b"chung nhan");
        b
    }

    #[test]
    fn the_viewer_s_copy_is_the_stored_one_and_kept_while_unchanged() {
        let mut s = Store::open_in_memory().unwrap();
        let stored = s.add_attachment(&png()).unwrap();
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("ban-chup-da-mo");

        let (file, size) = s.scan_for_viewer(&stored.sha256, &folder).unwrap();
        assert_eq!(
            file,
            folder.join(format!("ban-chup-{}.png", &stored.sha256[..12]))
        );
        assert_eq!((std::fs::read(&file).unwrap(), size), (png(), png().len()));

        // Opened again while the viewer may hold it: the same file, not rewritten.
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(s.scan_for_viewer(&stored.sha256, &folder).unwrap().0, file);
        assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), old);

        // Another scan opened weeks ago is cleared when one is opened now; a fresh copy
        // and a file not named by the program stay.
        let aged = |name: &str| {
            let path = folder.join(name);
            std::fs::write(&path, b"x").unwrap();
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(old)
                .unwrap();
            path
        };
        let weeks_ago = aged("ban-chup-0123456789ab.pdf");
        let not_ours = aged("ghi-chu.txt");
        let fresh = folder.join("ban-chup-ba9876543210.jpg");
        std::fs::write(&fresh, b"y").unwrap();
        s.scan_for_viewer(&stored.sha256, &folder).unwrap();
        assert!(!weeks_ago.exists());
        assert!(not_ours.exists() && fresh.exists() && file.exists());

        // A copy changed outside the program is replaced by the stored one.
        std::fs::write(&file, b"\x89PNG changed by a viewer").unwrap();
        s.scan_for_viewer(&stored.sha256, &folder).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), png());

        // A scan not stored here writes nothing.
        let elsewhere = root.path().join("khac");
        let err = s.scan_for_viewer(&"ab".repeat(32), &elsewhere).unwrap_err();
        assert_eq!(err.code(), "not_found");
        assert!(!elsewhere.exists());
        let err = s.write_scan("../khoa", root.path()).unwrap_err();
        assert_eq!(err.code(), "invalid");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_scan_s_file_name_follows_its_type() {
        let scan = |mime: &str| Scan {
            sha256: "0123456789abcdef".repeat(4),
            mime: mime.into(),
            bytes: Vec::new(),
        };
        for (mime, name) in [
            ("application/pdf", "ban-chup-0123456789ab.pdf"),
            ("image/png", "ban-chup-0123456789ab.png"),
            ("image/jpeg", "ban-chup-0123456789ab.jpg"),
            ("image/tiff", "ban-chup-0123456789ab.tif"),
            // A type a newer version accepted, received in a bundle: never run.
            ("application/octet-stream", "ban-chup-0123456789ab.bin"),
        ] {
            assert_eq!(scan(mime).file_name(), name);
        }
    }

    #[test]
    fn a_decision_whose_scan_has_not_arrived_is_not_listed() {
        let mut s = Store::open_in_memory().unwrap();
        s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let stored = s.add_attachment(&png()).unwrap();
        let team = team(&mut s, "Tổ Tây");
        for (number, day) in [(7, "01/02/2023"), (3, "01/02/2021")] {
            s.create(
                "decision",
                json!({"team_id": team, "decision_type": "thanh_lap", "state": "da_ky",
                       "number": number, "decision_date": day, "signer_name": "Trần Văn Ký",
                       "scan_sha256": stored.sha256})
                .as_object()
                .unwrap(),
            )
            .unwrap();
        }
        let listed = s.decision_scans(None).unwrap();
        assert_eq!(
            listed
                .iter()
                .map(|d| d.decision.as_str())
                .collect::<Vec<_>>(),
            [
                "Quyết định số 3 ngày 01/02/2021 (quyết định thành lập)",
                "Quyết định số 7 ngày 01/02/2023 (quyết định thành lập)"
            ],
            "by date"
        );
        // As at a receiving unit before the bundle carrying the file: the record names
        // a scan this installation does not hold.
        s.connection()
            .execute(
                "DELETE FROM attachments WHERE sha256 = ?1",
                [&stored.sha256],
            )
            .unwrap();
        assert!(s.decision_scans(None).unwrap().is_empty());
    }
}
