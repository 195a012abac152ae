//! Backup to a file the user names, and restore from one; the check of the database;
//! the recovery sheet, and the keys put back from its code.

use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use xungkich::backup::{BackupInfo, RestoreInfo};
use xungkich::documents::Document;
use xungkich::installation::Installation;

use xungkich::ops::files;

use super::{emit_progress, today};
use crate::dialogs;
use crate::error::CommandError;
use crate::state::{with_reader, with_store, AppState};

#[tauri::command]
pub async fn backup_now<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<BackupInfo, CommandError> {
    // Proposed as an encrypted backup: the Save dialog's usual place is a USB stick.
    let default_name = with_reader(&app, |store| {
        Ok(files::default_backup_name(
            store,
            chrono::Local::now().naive_local(),
            true,
        )?)
    })
    .await?;
    let path =
        dialogs::save_file(&window, "Lưu bản sao lưu", &dialogs::BACKUPS, &default_name).await?;
    let handle = app.clone();
    with_store(&app, move |store| {
        Ok(files::backup_to(store, &path, &mut |p| {
            emit_progress(&handle, p)
        })?)
    })
    .await
}

#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    code: Option<String>,
) -> Result<RestoreInfo, CommandError> {
    app.state::<AppState>().check_open()?;
    let path = dialogs::open_files(
        &window,
        "Chọn bản sao lưu để khôi phục",
        &dialogs::BACKUPS,
        false,
    )
    .await?
    .remove(0);
    let handle = app.clone();
    with_store(&app, move |store| {
        Ok(files::restore_from(
            store,
            &path,
            code.as_deref(),
            &mut |p| emit_progress(&handle, p),
        )?)
    })
    .await
}

/// The integrity check (the command line's `check` runs the same): SQLite's own checks,
/// then the audit log's chain. Each problem is one Vietnamese sentence that says what it
/// means and what to do; none when the file is sound.
#[tauri::command]
pub async fn check_integrity<R: Runtime>(app: AppHandle<R>) -> Result<Vec<String>, CommandError> {
    with_reader(&app, |store| Ok(store.integrity_problems()?)).await
}

/// The recovery sheet as a document model, drawn and printed by the page.
#[tauri::command]
pub async fn recovery_sheet<R: Runtime>(app: AppHandle<R>) -> Result<Document, CommandError> {
    with_reader(&app, move |store| Ok(store.recovery_sheet(today())?)).await
}

/// Puts the installation's keys back from the recovery code typed by the clerk.
/// The automatic backups in the data folder, newest first ([`xungkich::Store::auto_backups`]).
#[tauri::command]
pub async fn auto_backups<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<xungkich::backup::daily::AutoBackup>, CommandError> {
    with_reader(&app, |store| Ok(store.auto_backups()?)).await
}

/// Restores the automatic backup the clerk chose in the list, by its file name (a name
/// of the list, nothing else, is accepted: [`xungkich::Store::restore_auto_backup`]).
#[tauri::command]
pub async fn restore_auto_backup<R: Runtime>(
    app: AppHandle<R>,
    file_name: String,
) -> Result<RestoreInfo, CommandError> {
    app.state::<AppState>().check_open()?;
    with_store(
        &app,
        move |store| Ok(store.restore_auto_backup(&file_name)?),
    )
    .await
}

#[tauri::command]
pub async fn restore_keys<R: Runtime>(
    app: AppHandle<R>,
    code: String,
) -> Result<Installation, CommandError> {
    with_store(&app, move |store| Ok(store.restore_keys(&code)?)).await
}
