//! Scans that open (issue 17, item 4): a stored scan (a signed decision, a certificate,
//! a team's document) read back, written out to a file the clerk chose or to the
//! program's own folder for the system's viewer, and the decision scans a receiving unit
//! holds of a commune, for its drill-down. Always from the program's own stored copy
//! ([`crate::attachments`]): nothing here reads a path it was not given by the program.

use std::path::{Path, PathBuf};

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
        format!("ban-chup-{}.{}", &self.sha256[..12], extension(&self.mime))
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
        .and_then(|c| crate::kinds::DECISION_TYPES.iter().find(|(k, _)| *k == c))
        .map(|(_, l)| format!(" ({})", l.to_lowercase()))
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
                    .ok();
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
        let png = {
            let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
            b.extend_from_slice(b"quyet dinh da ky");
            b
        };
        let stored = s.add_attachment(&png).unwrap();
        let team = s
            .create(
                "team",
                json!({"name": "Tổ Đông", "model_type": "to_bao_ve_antt", "status": "hoat_dong"})
                    .as_object()
                    .unwrap(),
            )
            .unwrap()
            .id;
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
}
