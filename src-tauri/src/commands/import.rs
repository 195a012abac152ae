//! Member lists from the commune's old workbooks (issue 17). The dialog picks the
//! file and the page knows it only by a token; the engine reads it
//! ([`xungkich::Store::import_members`]) as the command line's `import-members` does.

use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use xungkich::import::{Mapping, MemberImport, MemberImportOptions, Target};

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
    columns: Option<Vec<ColumnChoice>>,
    dry_run: bool,
) -> Result<MemberImport, CommandError> {
    // From the page: target codes checked against the engine's list; the column
    // indexes are checked by the engine against the file.
    let mapping = columns
        .map(|choices| {
            choices
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
                .collect::<Result<Mapping, xungkich::Error>>()
        })
        .transpose()?;
    app.state::<AppState>().check_open()?;
    let path = app
        .state::<AppState>()
        .picked
        .resolve(&[file])?
        .pop()
        .ok_or_else(CommandError::cancelled)?;
    let options = MemberImportOptions {
        team: team.filter(|t| !t.is_empty()),
        dry_run,
        mapping,
        sheet: None,
        today: None,
    };
    with_store(
        &app,
        move |store| Ok(store.import_members(&path, &options)?),
    )
    .await
}
