//! Backup to a file the user names, and restore from one.

use tauri::{AppHandle, Runtime, WebviewWindow};
use xungkich::backup::{BackupInfo, RestoreInfo};

use super::progress;
use crate::dialogs;
use crate::error::CommandError;
use crate::state::with_store;

#[tauri::command]
pub async fn backup_now<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<BackupInfo, CommandError> {
    let unit = with_store(&app, |store| {
        Ok(store
            .installation_opt()?
            .map(|i| i.unit_code)
            .unwrap_or_else(|| "chua-thiet-lap".into()))
    })
    .await?;
    let default_name = format!(
        "xungkich-saoluu-{unit}-{}.db",
        chrono::Local::now().format("%Y%m%d-%H%M")
    );
    let path =
        dialogs::save_file(&window, "Lưu bản sao lưu", &dialogs::BACKUPS, &default_name).await?;
    let handle = app.clone();
    with_store(&app, move |store| {
        progress(&handle, "backup", 0, 1, "Đang sao lưu và kiểm tra…");
        let info = store.backup(&path)?;
        progress(&handle, "backup", 1, 1, "Đã sao lưu");
        Ok(info)
    })
    .await
}

#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<RestoreInfo, CommandError> {
    with_store(&app, |_| Ok(())).await?;
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
        progress(
            &handle,
            "restore",
            0,
            1,
            "Đang kiểm tra và khôi phục bản sao lưu…",
        );
        let info = store.restore(&path)?;
        progress(&handle, "restore", 1, 1, "Đã khôi phục");
        Ok(info)
    })
    .await
}
