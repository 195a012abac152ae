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
    let folder = out.is_dir();
    if !folder {
        Format::from_path(out)?;
    }
    let doc = store.team_document(kind, team_id, on)?;
    let target = match folder {
        true => out.join(doc.file_name(Format::Docx)),
        false => out.to_path_buf(),
    };
    let file = documents::save(&doc, &target)?;
    Ok(SavedDocument {
        file,
        kind,
        title: doc.title,
    })
}

/// The report's two file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Json,
    Xlsx,
}

impl ReportFormat {
    /// `json` or `xlsx`, in any case.
    pub fn parse(name: &str) -> Option<ReportFormat> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(ReportFormat::Json),
            "xlsx" => Some(ReportFormat::Xlsx),
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
    };
    Ok(SavedReport {
        file,
        format,
        bytes,
        sheets,
    })
}

/// The name a backup is proposed under: `xungkich-saoluu-<unit>-<yyyymmdd-hhmm>.db`
/// (`chua-thiet-lap`, "not set up", for an installation without a unit).
pub fn default_backup_name(store: &Store, now: NaiveDateTime) -> Result<String> {
    let unit = store
        .installation_opt()?
        .map(|i| i.unit_code)
        .unwrap_or_else(|| "chua-thiet-lap".into());
    Ok(format!(
        "xungkich-saoluu-{unit}-{}.db",
        now.format("%Y%m%d-%H%M")
    ))
}

/// Backs the database up to `out`: a file, or a folder where [`default_backup_name`]
/// names it. The copy is checked before the answer.
pub fn backup_to(
    store: &mut Store,
    out: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<BackupInfo> {
    let target = match out.is_dir() {
        true => out.join(default_backup_name(
            store,
            chrono::Local::now().naive_local(),
        )?),
        false => out.to_path_buf(),
    };
    progress(Progress::new("backup", 0, 1, "Đang sao lưu và kiểm tra…"));
    let info = store.backup(&target)?;
    progress(Progress::new("backup", 1, 1, "Đã sao lưu"));
    Ok(info)
}

/// Replaces the database with the backup at `file`, after checking it; the database as
/// it was is kept beside itself.
pub fn restore_from(
    store: &mut Store,
    file: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<RestoreInfo> {
    progress(Progress::new(
        "restore",
        0,
        1,
        "Đang kiểm tra và khôi phục bản sao lưu…",
    ));
    let info = store.restore(file)?;
    progress(Progress::new("restore", 1, 1, "Đã khôi phục"));
    Ok(info)
}
