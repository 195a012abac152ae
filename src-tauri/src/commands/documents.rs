//! A team's documents (founding decision, attached member list, regulation): the model
//! for the window's print view, and saving as .docx (or .html) where the user says; and
//! the lists saved as Excel (members, equipment issued, the fund book).

use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use xungkich::documents::{Document, DocumentKind, Template, TemplateRow};
use xungkich::dossier::{DossierOptions, SavedDossier};
use xungkich::lists::{ListKind, ListOptions, SavedList};
use xungkich::ops::files;

use super::today;
use crate::dialogs;
use crate::error::CommandError;
use crate::state::{with_reader, with_store, AppState};

/// The document as blocks with their formats (the window draws it; see ui/js/document.js).
#[tauri::command]
pub async fn team_document<R: Runtime>(
    app: AppHandle<R>,
    kind: DocumentKind,
    team_id: String,
) -> Result<Document, CommandError> {
    with_reader(&app, move |store| {
        Ok(store.team_document(kind, &team_id, today())?)
    })
    .await
}

/// Asks where to save, then writes the document (.docx unless the user typed .html).
#[tauri::command]
pub async fn save_team_document<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    kind: DocumentKind,
    team_id: String,
) -> Result<String, CommandError> {
    let on = today();
    let id = team_id.clone();
    let default_name = with_reader(&app, move |store| {
        Ok(files::document_file_name(store, kind, &id, on)?)
    })
    .await?;
    let path =
        dialogs::save_file(&window, "Lưu văn bản", &dialogs::DOCUMENTS, &default_name).await?;
    let saved = with_reader(&app, move |store| {
        Ok(files::write_document(store, kind, &team_id, on, &path)?)
    })
    .await?;
    app.state::<AppState>().saved.remember(&saved.file);
    Ok(saved.file.display().to_string())
}

/// Asks where to save, then writes a list as an Excel workbook: `kind` is `members`,
/// `equipment` or `funds` (anything else is refused, the page is not trusted), of team
/// `team_id` (checked to exist) or of the whole commune when none, as of today.
/// `personal_data` adds the personal columns under the warning; `former_members` the
/// members who have left.
#[tauri::command]
pub async fn save_list<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    kind: String,
    team_id: Option<String>,
    personal_data: bool,
    former_members: Option<bool>,
) -> Result<SavedList, CommandError> {
    let kind = ListKind::parse(&kind)?;
    let options = ListOptions {
        personal_data,
        former_members: former_members.unwrap_or(false),
        on: today(),
    };
    // The name also checks the team before any dialog opens.
    let team = team_id.clone();
    let default_name = with_reader(&app, move |store| {
        Ok(store.list_file_name(kind, team.as_deref(), options.on)?)
    })
    .await?;
    let path = dialogs::save_file(
        &window,
        "Lưu danh sách Excel",
        &dialogs::WORKBOOKS,
        &default_name,
    )
    .await?;
    let saved = with_reader(&app, move |store| {
        Ok(store.write_list(kind, team_id.as_deref(), options, &path)?)
    })
    .await?;
    app.state::<AppState>().saved.remember(&saved.file);
    Ok(saved)
}

/// One decision's document by its id (the founding decision, the one issuing the
/// regulation with the regulation attached, recognition, kiện toàn), for the print view.
#[tauri::command]
pub async fn decision_document<R: Runtime>(
    app: AppHandle<R>,
    decision_id: String,
) -> Result<Document, CommandError> {
    with_reader(&app, move |store| {
        Ok(store.decision_document_by_id(&decision_id, today())?)
    })
    .await
}

/// Asks where to save, then writes one decision's document.
#[tauri::command]
pub async fn save_decision_document<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    decision_id: String,
) -> Result<String, CommandError> {
    let on = today();
    let id = decision_id.clone();
    let default_name = with_reader(&app, move |store| {
        Ok(files::decision_file_name(store, &id, on)?)
    })
    .await?;
    let path =
        dialogs::save_file(&window, "Lưu văn bản", &dialogs::DOCUMENTS, &default_name).await?;
    let saved = with_reader(&app, move |store| {
        Ok(files::write_decision(store, &decision_id, on, &path)?)
    })
    .await?;
    app.state::<AppState>().saved.remember(&saved.file);
    Ok(saved.file.display().to_string())
}

/// Asks where to save the draft tờ trình of the commendation proposals pending from
/// `period` (this year when none), then writes it (.docx).
#[tauri::command]
pub async fn save_proposals_document<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    period: Option<xungkich::report::PeriodChoice>,
) -> Result<String, CommandError> {
    let on = today();
    // The period comes from the page: checked like typed input, before the dialog.
    let period = period.map(|p| p.period()).transpose()?;
    let default_name = with_reader(&app, move |store| {
        let (period, _) = xungkich::report::period_and_day(period, None, on)?;
        Ok(store
            .proposals_document(&period, on)?
            .file_name(xungkich::documents::Format::Docx))
    })
    .await?;
    let path = dialogs::save_file(&window, "Lưu tờ trình", &dialogs::WORD, &default_name).await?;
    let saved = with_reader(&app, move |store| {
        Ok(files::write_proposals_document(store, period, on, &path)?)
    })
    .await?;
    app.state::<AppState>().saved.remember(&saved.file);
    Ok(saved.file.display().to_string())
}

/// The document templates in force (legal bases, recipients, symbol, executors).
#[tauri::command]
pub async fn document_templates<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<TemplateRow>, CommandError> {
    with_reader(&app, |store| Ok(store.document_template_rows()?)).await
}

/// Saves one template as the clerk's (replacing the built-in with its id, or added).
#[tauri::command]
pub async fn save_document_template<R: Runtime>(
    app: AppHandle<R>,
    template: Template,
) -> Result<Vec<TemplateRow>, CommandError> {
    with_store(&app, move |store| {
        store.save_document_template(template)?;
        Ok(store.document_template_rows()?)
    })
    .await
}

/// Takes back the clerk's change of one template.
#[tauri::command]
pub async fn reset_document_template<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<Vec<TemplateRow>, CommandError> {
    with_store(&app, move |store| {
        store.reset_document_template(&id)?;
        Ok(store.document_template_rows()?)
    })
    .await
}

/// A team's dossier as saved, and the file the page may open: the ZIP, or the folder's
/// index page (whose folder "Mở thư mục" shows).
#[derive(Debug, serde::Serialize)]
pub struct SavedTeamDossier {
    pub dossier: SavedDossier,
    pub file: std::path::PathBuf,
}

/// Writes a team's dossier for the archive ([`xungkich::Store::write_team_dossier`]):
/// `zip` asks a Save dialog for the `.zip`; otherwise a folder dialog picks where the
/// dossier's folder is made.
#[tauri::command]
pub async fn save_team_dossier<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    team_id: String,
    zip: bool,
    personal_data: bool,
) -> Result<SavedTeamDossier, CommandError> {
    let options = DossierOptions {
        on: today(),
        personal_data,
    };
    // The name also checks the team before any dialog opens.
    let team = team_id.clone();
    let name = with_reader(
        &app,
        move |store| Ok(store.dossier_name(&team, options.on)?),
    )
    .await?;
    let out = if zip {
        dialogs::save_file(
            &window,
            "Lưu hồ sơ của tổ (ZIP)",
            &dialogs::ZIPS,
            &format!("{name}.zip"),
        )
        .await?
    } else {
        dialogs::pick_folder(&window, "Chọn thư mục để lập hồ sơ của tổ").await?
    };
    let dossier = with_reader(&app, move |store| {
        Ok(store.write_team_dossier(&team_id, options, &out)?)
    })
    .await?;
    let file = match dossier.zip {
        true => dossier.path.clone(),
        false => dossier.path.join("00-muc-luc.html"),
    };
    app.state::<AppState>().saved.remember(&file);
    Ok(SavedTeamDossier { dossier, file })
}
