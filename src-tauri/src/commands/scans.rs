//! Scans that open (issue 17, item 4): a stored scan shown in the page, saved where the
//! clerk chooses, or opened in the system's viewer, always from the program's own
//! stored copy ([`xungkich::scans`]); the page names a scan only by its hash, which the
//! engine checks.

use base64::Engine as _;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use xungkich::scans::DecisionScan;

use crate::dialogs;
use crate::error::CommandError;
use crate::state::{with_reader, AppState};

/// The data folder's subfolder of the copies handed to the system's viewer.
pub const OPENED_FOLDER: &str = "ban-chup-da-mo";

/// The most sent to a page: the attach limit (25 MB), which attaching and a bundle's
/// import both enforce; a larger scan could only be in a file changed outside the
/// program, and is refused in words (the system's viewer still opens it).
const MAX_VIEW_BYTES: usize = xungkich::attachments::MAX_ATTACHMENT_BYTES;

#[derive(Debug, Serialize)]
pub struct ScanView {
    pub mime: String,
    pub size: usize,
    pub base64: String,
}

/// The stored scan, for the page to show (images; PDF where the WebView can).
#[tauri::command]
pub async fn scan_view<R: Runtime>(
    app: AppHandle<R>,
    sha256: String,
) -> Result<ScanView, CommandError> {
    let scan = with_reader(&app, move |store| Ok(store.scan(&sha256)?)).await?;
    if scan.bytes.len() > MAX_VIEW_BYTES {
        return Err(CommandError::scan_too_large(scan.bytes.len()));
    }
    Ok(ScanView {
        mime: scan.mime,
        size: scan.bytes.len(),
        base64: base64::engine::general_purpose::STANDARD.encode(&scan.bytes),
    })
}

#[derive(Debug, Serialize)]
pub struct SavedScan {
    pub file: std::path::PathBuf,
    pub bytes: usize,
}

/// A copy of the stored scan where the clerk chooses (Save dialog).
#[tauri::command]
pub async fn save_scan<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    sha256: String,
) -> Result<SavedScan, CommandError> {
    // Checked before the dialog: a scan that is not stored says so first.
    let hash = sha256.clone();
    let (name, mime, bytes) = with_reader(&app, move |store| {
        let scan = store.scan(&hash)?;
        Ok((scan.file_name(), scan.mime, scan.bytes.len()))
    })
    .await?;
    let filter = dialogs::scan_filter(&mime);
    let path = dialogs::save_file(&window, "Lưu bản sao bản chụp", filter, &name).await?;
    let file = with_reader(&app, move |store| Ok(store.write_scan(&sha256, &path)?)).await?;
    app.state::<AppState>().saved.remember(&file);
    Ok(SavedScan { file, bytes })
}

/// Opens the stored scan in the system's viewer: a copy in the program's own folder
/// ([`OPENED_FOLDER`] in the data folder), never a path from the page. The copies stay
/// there, one per scan (the same scan opened again reuses its file, see
/// `Store::scan_for_viewer`), and copies not written for a week are cleared whenever a
/// scan is opened.
#[tauri::command]
pub async fn open_scan<R: Runtime>(
    app: AppHandle<R>,
    sha256: String,
) -> Result<SavedScan, CommandError> {
    let folder = app.state::<AppState>().data_dir.join(OPENED_FOLDER);
    let (file, bytes) = with_reader(&app, move |store| {
        Ok(store.scan_for_viewer(&sha256, &folder)?)
    })
    .await?;
    app.state::<AppState>().saved.remember(&file);
    let opened = file.clone();
    tauri::async_runtime::spawn_blocking(move || crate::saved::open(&opened, false))
        .await
        .map_err(CommandError::internal)??;
    Ok(SavedScan { file, bytes })
}

/// The scans of signed decisions of a unit's teams (a commune, at the receiving unit's
/// drill-down), or of all.
#[tauri::command]
pub async fn decision_scans<R: Runtime>(
    app: AppHandle<R>,
    unit: Option<String>,
) -> Result<Vec<DecisionScan>, CommandError> {
    with_reader(
        &app,
        move |store| Ok(store.decision_scans(unit.as_deref())?),
    )
    .await
}
