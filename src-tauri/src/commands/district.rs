//! The receiving unit's review: the overview across communes, one commune's teams, and
//! the summary report saved as an Excel workbook where the officer says.

use serde::Serialize;
use tauri::{AppHandle, Runtime, WebviewWindow};
use xungkich::district::{CommuneDetail, DistrictOverview, OverviewOptions};
use xungkich::report::{self, ReportOptions};

use super::today;
use crate::dialogs;
use crate::error::CommandError;
use crate::state::with_store;

#[tauri::command]
pub async fn district_overview<R: Runtime>(
    app: AppHandle<R>,
    options: Option<OverviewOptions>,
) -> Result<DistrictOverview, CommandError> {
    let options = options.unwrap_or_default();
    with_store(&app, move |store| {
        Ok(store.district_overview(today(), &options)?)
    })
    .await
}

#[tauri::command]
pub async fn commune_detail<R: Runtime>(
    app: AppHandle<R>,
    unit_code: String,
) -> Result<CommuneDetail, CommandError> {
    with_store(&app, move |store| {
        Ok(store.commune_detail(&unit_code, today())?)
    })
    .await
}

#[derive(Debug, Serialize)]
pub struct SavedReport {
    pub file: String,
    /// The workbook's sheets, in Vietnamese, as the officer will see their tabs.
    pub sheets: Vec<&'static str>,
}

/// Builds the report as of today, asks where to save it, then writes it (.xlsx).
#[tauri::command]
pub async fn save_report<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    members: bool,
) -> Result<SavedReport, CommandError> {
    let report = with_store(&app, move |store| {
        Ok(store.report(today(), ReportOptions { members })?)
    })
    .await?;
    let default_name = report.file_name("xlsx");
    let path =
        dialogs::save_file(&window, "Lưu báo cáo", &dialogs::WORKBOOKS, &default_name).await?;
    tauri::async_runtime::spawn_blocking(move || {
        report::write_xlsx(&report, &path)?;
        Ok(SavedReport {
            file: path.display().to_string(),
            sheets: report::xlsx::sheet_names(&report),
        })
    })
    .await
    .map_err(CommandError::internal)?
}
