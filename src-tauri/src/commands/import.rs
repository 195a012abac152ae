//! Member lists and training rolls from the commune's old workbooks (issue 17). The
//! dialog picks the file and the page knows it only by a token; the engine reads it
//! ([`xungkich::Store::import_members`], [`xungkich::Store::import_roll`]) as the
//! command line's `import-members` and `import-roll` do.

use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use xungkich::import::{
    Mapping, MemberImport, MemberImportOptions, RollImport, RollImportOptions, Target,
};

use crate::dialogs;
use crate::error::CommandError;
use crate::picked::PickedFile;
use crate::state::{with_store, AppState};

/// Opens the Open dialog for a member list (.xlsx, .xls, .csv).
#[tauri::command]
pub async fn pick_member_list<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<PickedFile, CommandError> {
    app.state::<AppState>().check_open()?;
    let paths = dialogs::open_files(
        &window,
        "Chọn danh sách thành viên (Excel hoặc CSV)",
        &dialogs::MEMBER_LISTS,
        false,
    )
    .await?;
    app.state::<AppState>()
        .picked
        .remember(paths)
        .pop()
        .ok_or_else(CommandError::cancelled)
}

/// The clerk's correction of one column, as the page sends it.
#[derive(Debug, Deserialize)]
pub struct ColumnChoice {
    pub index: usize,
    /// A target's code, or none: the column is not imported.
    pub target: Option<String>,
}

/// Reads the picked list and imports its good rows (or, `dryRun`, says what it would).
#[tauri::command]
pub async fn import_members<R: Runtime>(
    app: AppHandle<R>,
    file: String,
    team: Option<String>,
    sheet: Option<String>,
    columns: Option<Vec<ColumnChoice>>,
    dry_run: bool,
) -> Result<MemberImport, CommandError> {
    let mapping = mapping_of(columns)?;
    let path = picked_path(&app, file)?;
    let options = MemberImportOptions {
        team: team.filter(|t| !t.is_empty()),
        dry_run,
        mapping,
        sheet: sheet_of(sheet)?,
        today: None,
    };
    with_store(
        &app,
        move |store| Ok(store.import_members(&path, &options)?),
    )
    .await
}

/// Reads the picked roll and puts the members it names on the training's roll (or,
/// `dryRun`, says what it would).
#[tauri::command]
pub async fn import_roll<R: Runtime>(
    app: AppHandle<R>,
    file: String,
    training: String,
    sheet: Option<String>,
    columns: Option<Vec<ColumnChoice>>,
    dry_run: bool,
) -> Result<RollImport, CommandError> {
    let mapping = mapping_of(columns)?;
    let path = picked_path(&app, file)?;
    let options = RollImportOptions {
        dry_run,
        mapping,
        sheet: sheet_of(sheet)?,
    };
    with_store(&app, move |store| {
        Ok(store.import_roll(&path, &training, &options)?)
    })
    .await
}

/// The sheet the clerk chose on the page: a name, NFC, of at most Excel's 31
/// characters (the engine looks it up among the file's sheets).
fn sheet_of(sheet: Option<String>) -> Result<Option<String>, CommandError> {
    match sheet.map(|s| xungkich::text::normalize(&s)) {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) if s.chars().count() > 31 => Err(xungkich::Error::invalid(
            "sheet",
            "Trang",
            "tên trang trong Excel dài tối đa 31 ký tự",
        )
        .into()),
        Some(s) => Ok(Some(s)),
    }
}

/// The clerk's corrections from the page: target codes checked against the engine's
/// list; the column indexes are checked by the engine against the file.
fn mapping_of(columns: Option<Vec<ColumnChoice>>) -> Result<Option<Mapping>, CommandError> {
    let Some(choices) = columns else {
        return Ok(None);
    };
    let mapping = choices
        .into_iter()
        .map(|c| {
            let target = match c.target.as_deref() {
                None | Some("") => None,
                Some(code) => Some(Target::from_code(code).ok_or_else(|| {
                    xungkich::Error::invalid(
                        "columns",
                        "Cột",
                        format!("không có loại thông tin \"{code}\"; hãy chọn lại"),
                    )
                })?),
            };
            Ok((c.index, target))
        })
        .collect::<Result<Mapping, xungkich::Error>>()?;
    Ok(Some(mapping))
}

/// The file a dialog gave for this token (never a path from the page).
fn picked_path<R: Runtime>(
    app: &AppHandle<R>,
    token: String,
) -> Result<std::path::PathBuf, CommandError> {
    app.state::<AppState>().check_open()?;
    app.state::<AppState>()
        .picked
        .resolve(&[token])?
        .pop()
        .ok_or_else(CommandError::cancelled)
}
