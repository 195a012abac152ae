//! Sync bundles: export to a file the user names, pick and import bundles, and what is
//! waiting (quarantined records, gaps, enrolled senders).

use std::path::PathBuf;

use serde::Serialize;
use tauri::{AppHandle, Runtime, WebviewWindow};
use xungkich::installation::Role;
use xungkich::sync::export::{ExportOptions, ExportSummary};
use xungkich::sync::import::{Gap, ImportOptions, ImportReport, ImportStatus, QuarantinedRecord};
use xungkich::sync::senders::{EnrolConsent, EnrolledSender};

use super::{progress, today};
use crate::dialogs;
use crate::error::CommandError;
use crate::state::with_store;

#[tauri::command]
pub async fn export_bundle<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    full: bool,
    include_sensitive: bool,
) -> Result<ExportSummary, CommandError> {
    // The installation first: no dialog for a database that is not set up.
    let unit = with_store(&app, |store| Ok(store.installation()?.unit_code)).await?;
    let default_name = format!("xungkich-{unit}-{}.zip", today().format("%Y%m%d"));
    let path =
        dialogs::save_file(&window, "Lưu gói dữ liệu", &dialogs::BUNDLES, &default_name).await?;
    let handle = app.clone();
    with_store(&app, move |store| {
        progress(&handle, "export", 0, 1, "Đang ghi và kiểm tra gói dữ liệu…");
        let summary = store.export(
            &path,
            ExportOptions {
                full,
                include_sensitive,
            },
        )?;
        progress(&handle, "export", 1, 1, "Đã ghi và đọc lại gói dữ liệu");
        Ok(summary)
    })
    .await
}

#[tauri::command]
pub async fn pick_bundles<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Vec<PathBuf>, CommandError> {
    with_store(&app, |_| Ok(())).await?;
    dialogs::open_files(
        &window,
        "Chọn các gói dữ liệu để nhập",
        &dialogs::BUNDLES,
        true,
    )
    .await
}

/// The bundles in a folder the user picks (a USB stick with every commune's bundle).
#[tauri::command]
pub async fn pick_bundle_folder<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Vec<PathBuf>, CommandError> {
    with_store(&app, |_| Ok(())).await?;
    let folder = dialogs::pick_folder(&window, "Chọn thư mục chứa các gói dữ liệu").await?;
    Ok(xungkich::sync::import::bundles_in_folder(&folder)?)
}

#[tauri::command]
pub async fn import_bundles<R: Runtime>(
    app: AppHandle<R>,
    paths: Vec<PathBuf>,
    dry_run: Option<bool>,
    enrol: Option<bool>,
    re_enrol: Option<bool>,
) -> Result<Vec<ImportReport>, CommandError> {
    let options = ImportOptions {
        consent: EnrolConsent {
            enrol: enrol.unwrap_or(false),
            re_enrol: re_enrol.unwrap_or(false),
        },
        dry_run: dry_run.unwrap_or(false),
    };
    let handle = app.clone();
    with_store(&app, move |store| {
        let total = paths.len();
        // Two bars: "import" counts bundles, "import-bundle" the current one's records.
        let reports = store.import_files(&paths, options, |p| {
            let name = p.file.file_name().unwrap_or(p.file.as_os_str());
            let name = name.to_string_lossy();
            if p.records_done == 0 && p.records == 0 {
                progress(
                    &handle,
                    "import",
                    p.bundle,
                    p.bundles,
                    format!("Đang nhập {name}"),
                );
            }
            progress(
                &handle,
                "import-bundle",
                p.records_done as usize,
                p.records as usize,
                format!("Bản ghi của {name}"),
            );
        })?;
        // The overview's figures are computed now, while the import's bar is still up,
        // so the officer's next screen answers at once.
        let applied = reports.iter().any(|r| r.status == ImportStatus::Applied);
        if applied && !options.dry_run && store.installation()?.role == Role::District {
            progress(
                &handle,
                "import",
                total,
                total,
                "Đang tổng hợp số liệu các xã…",
            );
            store.prepare_overview(today())?;
        }
        progress(&handle, "import", total, total, "Đã nhập xong");
        Ok(reports)
    })
    .await
}

#[derive(Debug, Serialize)]
pub struct Pending {
    pub quarantine: Vec<QuarantinedRecord>,
    pub gaps: Vec<Gap>,
    pub senders: Vec<EnrolledSender>,
}

#[tauri::command]
pub async fn pending<R: Runtime>(app: AppHandle<R>) -> Result<Pending, CommandError> {
    with_store(&app, |store| {
        Ok(Pending {
            quarantine: store.quarantine()?,
            gaps: store.gaps()?,
            senders: store.senders()?,
        })
    })
    .await
}
