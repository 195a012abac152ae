//! Documents, reports and backups written to a path the user gave, with the one naming
//! rule of each for when the path is a folder (the command line) or only a proposal is
//! needed (the window's Save dialog).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::Progress;
use crate::backup::{BackupInfo, RestoreInfo};
use crate::documents::{self, DocumentKind, Format};
use crate::error::Result;
use crate::report::{self, Report};
use crate::Store;

/// A document written to disk.
#[derive(Debug, Clone, Serialize)]
pub struct SavedDocument {
    pub file: PathBuf,
    pub kind: DocumentKind,
    pub title: String,
}

/// The name a team's document is proposed under (always `.docx`: the editable one).
pub fn document_file_name(
    store: &Store,
    kind: DocumentKind,
    team_id: &str,
    on: NaiveDate,
) -> Result<String> {
    Ok(store
        .team_document(kind, team_id, on)?
        .file_name(Format::Docx))
}

/// Writes one of a team's documents to `out`: a `.docx` or `.html` file (the extension
/// says which; anything else is refused before any work), or a folder, where the
/// document's own `.docx` name is used.
pub fn write_document(
    store: &Store,
    kind: DocumentKind,
    team_id: &str,
    on: NaiveDate,
    out: &Path,
) -> Result<SavedDocument> {
    save_document(out, Format::Docx, || store.team_document(kind, team_id, on))
}

/// Writes the draft tờ trình of the commendation proposals pending from `period` (this
/// year when none) to `out`: a `.docx` or `.html` file, or a folder (its own name).
pub fn write_proposals_document(
    store: &Store,
    period: Option<crate::report::Period>,
    today: NaiveDate,
    out: &Path,
) -> Result<SavedDocument> {
    let (period, _) = crate::report::period_and_day(period, None, today)?;
    save_document(out, Format::Docx, || {
        store.proposals_document(&period, today)
    })
}

/// The name decision `decision_id`'s document is proposed under (`.docx`).
pub fn decision_file_name(store: &Store, decision_id: &str, on: NaiveDate) -> Result<String> {
    Ok(store
        .decision_document_by_id(decision_id, on)?
        .file_name(Format::Docx))
}

/// Writes the document of decision `decision_id` (any type the program prints: the
/// founding decision, the one issuing the regulation, recognition, kiện toàn) to `out`,
/// as [`write_document`] does.
pub fn write_decision(
    store: &Store,
    decision_id: &str,
    on: NaiveDate,
    out: &Path,
) -> Result<SavedDocument> {
    save_document(out, Format::Docx, || {
        store.decision_document_by_id(decision_id, on)
    })
}

/// Writes the document `make` gives to `out`: a file whose extension names the format
/// (checked before `make` runs), or a folder, where the document's own name in
/// `in_folder` format is used.
fn save_document(
    out: &Path,
    in_folder: Format,
    make: impl FnOnce() -> Result<documents::Document>,
) -> Result<SavedDocument> {
    let folder = out.is_dir();
    if !folder {
        Format::from_path(out)?;
    }
    let doc = make()?;
    let target = match folder {
        true => out.join(doc.file_name(in_folder)),
        false => out.to_path_buf(),
    };
    let file = documents::save(&doc, &target)?;
    Ok(SavedDocument {
        file,
        kind: doc.kind,
        title: doc.title,
    })
}

/// The report's two file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Json,
    Xlsx,
    /// The draft "Báo cáo sơ kết" in the ND30 layout, to finish in Word.
    Docx,
}

impl ReportFormat {
    /// `json` or `xlsx`, in any case.
    pub fn parse(name: &str) -> Option<ReportFormat> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(ReportFormat::Json),
            "xlsx" => Some(ReportFormat::Xlsx),
            "docx" => Some(ReportFormat::Docx),
            _ => None,
        }
    }

    /// The format a file's ending names, if any.
    pub fn of_path(path: &Path) -> Option<ReportFormat> {
        path.extension()
            .and_then(|e| ReportFormat::parse(&e.to_string_lossy()))
    }

    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Docx => "docx",
        }
    }
}

/// A report written to disk.
#[derive(Debug, Clone, Serialize)]
pub struct SavedReport {
    pub file: PathBuf,
    pub format: ReportFormat,
    pub bytes: u64,
    /// The workbook's sheets, in Vietnamese, as the officer will see their tabs (empty
    /// for JSON).
    pub sheets: Vec<&'static str>,
}

/// Writes `report` to `out` in `format`: a file, or a folder where the report's own name
/// (`bao-cao-<unit>-<yyyy-mm-dd>.<ext>`) is used. Written beside the target and renamed
/// over it, never half-written.
pub fn write_report(report: &Report, out: &Path, format: ReportFormat) -> Result<SavedReport> {
    let file = match out.is_dir() {
        true => out.join(report.file_name(format.extension())),
        false => out.to_path_buf(),
    };
    let (bytes, sheets) = match format {
        ReportFormat::Xlsx => (
            report::write_xlsx(report, &file)?,
            report::xlsx::sheet_names(report),
        ),
        ReportFormat::Json => (report::write_json(report, &file)?, Vec::new()),
        ReportFormat::Docx => {
            // A .docx, or the print view for a name ending in .html; any other ending
            // is refused with what to do, as for the other documents.
            let doc = crate::documents::review_report::review_report(report);
            let file = crate::documents::save(&doc, &file)?;
            (
                std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0),
                Vec::new(),
            )
        }
    };
    Ok(SavedReport {
        file,
        format,
        bytes,
        sheets,
    })
}

/// The name a backup is proposed under:
/// `xungkich-saoluu-<unit>-<yyyymmdd-hhmm>.xkbak` when it is encrypted (written off the
/// data folder, [`backup_to`]), `….db` when it is a plain copy kept in the data folder
/// (`chua-thiet-lap`, "not set up", for an installation without a unit).
pub fn default_backup_name(store: &Store, now: NaiveDateTime, encrypted: bool) -> Result<String> {
    let unit = store
        .installation_opt()?
        .map(|i| i.unit_code)
        .unwrap_or_else(|| "chua-thiet-lap".into());
    Ok(format!(
        "xungkich-saoluu-{unit}-{}.{}",
        now.format("%Y%m%d-%H%M"),
        if encrypted {
            crate::backup::ENCRYPTED_EXTENSION
        } else {
            "db"
        }
    ))
}

/// Whether a backup written at `target` is encrypted: yes anywhere but in the data
/// folder itself (a USB stick, another disk, a shared folder), where only the recovery
/// code must open it; a copy kept beside the database stays a plain SQLite file (without
/// keys: they are in the vault).
pub fn backup_is_encrypted(store: &Store, target: &Path) -> bool {
    let folder = |p: &Path| {
        p.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .canonicalize()
            .ok()
    };
    let data = store.data_folder().and_then(|d| d.canonicalize().ok());
    match (data, folder(target)) {
        (Some(data), Some(dir)) => dir != data,
        _ => true,
    }
}

/// Backs the database up to `out`: a file, or a folder where [`default_backup_name`]
/// names it. Encrypted to the recovery code unless it stays in the data folder
/// ([`backup_is_encrypted`]). The copy is checked before the answer.
pub fn backup_to(
    store: &mut Store,
    out: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<BackupInfo> {
    let target = match out.is_dir() {
        true => {
            let encrypted = backup_is_encrypted(store, &out.join("x"));
            out.join(default_backup_name(
                store,
                chrono::Local::now().naive_local(),
                encrypted,
            )?)
        }
        false => out.to_path_buf(),
    };
    progress(Progress::new("backup", 0, 1, "Đang sao lưu và kiểm tra…"));
    let info = match backup_is_encrypted(store, &target) {
        true => store.backup_encrypted(&target)?,
        false => store.backup(&target)?,
    };
    progress(Progress::new("backup", 1, 1, "Đã sao lưu"));
    Ok(info)
}

/// Replaces the database with the backup at `file`, after checking it; the database as
/// it was is kept beside itself. `code` is the recovery code as typed: an encrypted
/// backup needs it, and on a computer without the installation's keys it brings them
/// back ([`Store::restore_with_code`]).
pub fn restore_from(
    store: &mut Store,
    file: &Path,
    code: Option<&str>,
    progress: &mut dyn FnMut(Progress),
) -> Result<RestoreInfo> {
    progress(Progress::new(
        "restore",
        0,
        1,
        "Đang kiểm tra và khôi phục bản sao lưu…",
    ));
    let info = store.restore_with_code(file, code)?;
    progress(Progress::new("restore", 1, 1, "Đã khôi phục"));
    Ok(info)
}

/// Writes what is held about member `id` (see [`Store::personal_record`]) to `out`, in
/// the forms [`write_enrolment_sheet`] takes.
pub fn write_personal_record(
    store: &Store,
    id: &str,
    on: NaiveDate,
    out: &Path,
) -> Result<SavedDocument> {
    save_document(out, Format::Html, || store.personal_record(id, on))
}

/// Writes the enrolment sheet (both units, both fingerprints, to be signed by both) to
/// `out`: a `.docx` or `.html` file (the extension says which), or a folder, where the
/// sheet's own `.html` name is used (it prints from any browser).
pub fn write_enrolment_sheet(store: &Store, on: NaiveDate, out: &Path) -> Result<SavedDocument> {
    save_document(out, Format::Html, || store.enrolment_sheet(on))
}

/// Writes the receiving unit's card sheet to `out` (see [`write_enrolment_sheet`] for
/// the forms).
pub fn write_card_sheet(store: &Store, on: NaiveDate, out: &Path) -> Result<SavedDocument> {
    save_document(out, Format::Html, || store.receiver_card_sheet(on))
}

/// Writes the recovery sheet to `out` (see [`write_enrolment_sheet`] for the forms).
pub fn write_recovery_sheet(store: &Store, on: NaiveDate, out: &Path) -> Result<SavedDocument> {
    save_document(out, Format::Html, || store.recovery_sheet(on))
}
