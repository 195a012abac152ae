//! The receiving unit's review: the overview across communes, one commune's teams, and
//! the summary report saved as an Excel workbook where the officer says.

use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use xungkich::ops::files::{self, ReportFormat, SavedReport};
use xungkich::receiver::{CommuneDetail, OverviewOptions, ReceiverOverview};
use xungkich::report::{PeriodChoice, Report, ReportOptions, ResultsSummary};

use super::today;
use crate::dialogs;
use crate::error::CommandError;
use crate::state::{read_overview, AppState};

/// Opens a file this window saved (the report, a document) in the system's program for
/// it, or shows it in its folder; any other path is refused ([`crate::saved`]).
#[tauri::command]
pub async fn open_saved<R: Runtime>(
    app: AppHandle<R>,
    file: String,
    folder: bool,
) -> Result<(), CommandError> {
    let state = app.state::<AppState>();
    // Like every command: a database that did not open is said first.
    state.check_open()?;
    let path = state.saved.check(&file)?;
    tauri::async_runtime::spawn_blocking(move || crate::saved::open(&path, folder))
        .await
        .map_err(CommandError::internal)?
}

#[tauri::command]
pub async fn district_overview<R: Runtime>(
    app: AppHandle<R>,
    options: Option<OverviewOptions>,
) -> Result<ReceiverOverview, CommandError> {
    let options = options.unwrap_or_default();
    read_overview(&app, move |store, kept| {
        Ok(kept.overview(store, today(), &options)?)
    })
    .await
}

#[tauri::command]
pub async fn commune_detail<R: Runtime>(
    app: AppHandle<R>,
    unit_code: String,
) -> Result<CommuneDetail, CommandError> {
    read_overview(&app, move |store, kept| {
        Ok(kept.commune_detail(store, &unit_code, today())?)
    })
    .await
}

/// The report for `period` (this year when none), as the window shows and prints it:
/// never with the member list (that is only in a saved workbook, behind its warning).
/// The period comes from the page, so the engine checks it like typed input.
#[tauri::command]
pub async fn report_view<R: Runtime>(
    app: AppHandle<R>,
    period: Option<PeriodChoice>,
) -> Result<Report, CommandError> {
    read_overview(&app, move |store, kept| {
        let period = period.map(|p| p.period()).transpose()?;
        Ok(kept.report(
            store,
            today(),
            ReportOptions {
                period,
                ..Default::default()
            },
        )?)
    })
    .await
}

/// The results of `period` (this year when none) beside the same period a year
/// earlier: the report's totals alone, for the results panel of the dashboard and the
/// overview (issue 16). Read through the kept overview, which the overview screen has
/// just filled for the same day.
#[tauri::command]
pub async fn results_summary<R: Runtime>(
    app: AppHandle<R>,
    period: Option<PeriodChoice>,
) -> Result<ResultsSummary, CommandError> {
    read_overview(&app, move |store, kept| {
        let period = period.map(|p| p.period()).transpose()?;
        Ok(kept.results_summary(store, period, today())?)
    })
    .await
}

/// Builds the report for `period` (this year when none), asks where to save it, then
/// writes it: the Excel workbook, or (`format: "docx"`) the draft "Báo cáo sơ kết" to
/// finish in Word.
#[tauri::command]
pub async fn save_report<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    members: bool,
    period: Option<PeriodChoice>,
    format: Option<String>,
) -> Result<SavedReport, CommandError> {
    // From the page: only the two formats a person saves are taken.
    let format = match format.as_deref() {
        None | Some("xlsx") => ReportFormat::Xlsx,
        Some("docx") => ReportFormat::Docx,
        Some(_) => {
            return Err(xungkich::Error::invalid(
                "format",
                "Dạng tệp",
                "chỉ lưu được tệp Excel (.xlsx) hoặc Word (.docx)",
            )
            .into())
        }
    };
    let report = read_overview(&app, move |store, kept| {
        let period = period.map(|p| p.period()).transpose()?;
        Ok(kept.report(
            store,
            today(),
            ReportOptions {
                members,
                period,
                ..Default::default()
            },
        )?)
    })
    .await?;
    let (title, filter, default_name) = match format {
        ReportFormat::Docx => (
            "Lưu dự thảo báo cáo sơ kết",
            &dialogs::WORD,
            report
                .file_name("docx")
                .replacen("bao-cao-", "bao-cao-so-ket-", 1),
        ),
        _ => ("Lưu báo cáo", &dialogs::WORKBOOKS, report.file_name("xlsx")),
    };
    let path = dialogs::save_file(&window, title, filter, &default_name).await?;
    let saved = tauri::async_runtime::spawn_blocking(move || {
        Ok::<_, CommandError>(files::write_report(&report, &path, format)?)
    })
    .await
    .map_err(CommandError::internal)??;
    app.state::<AppState>().saved.remember(&saved.file);
    Ok(saved)
}
