//! Records of every kind, their history, search, and scans attached to them.

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use xungkich::attachments::Attachment;
use xungkich::records::recycle::{DeletedBatch, Restored};
use xungkich::records::{AuditEntry, Fields, ListQuery, Record, Saved};
use xungkich::search::Hit;

use crate::dialogs;
use crate::error::CommandError;
use crate::state::{with_reader, with_store, AppState};

/// Hits answered when the page gives no limit (the engine caps any limit at 50).
pub const DEFAULT_SEARCH_LIMIT: usize = 20;

#[tauri::command]
pub async fn list_records<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    parent_field: Option<String>,
    parent_id: Option<String>,
    include_deleted: Option<bool>,
) -> Result<Vec<Record>, CommandError> {
    let parent = match (parent_field, parent_id) {
        (Some(field), Some(id)) => Some((field, id)),
        (None, None) => None,
        _ => {
            return Err(xungkich::Error::invalid(
                "parent_field",
                "Hồ sơ cha",
                "muốn lọc theo hồ sơ cha thì cần cả tên trường (parentField) và mã (parentId)",
            )
            .into())
        }
    };
    let query = ListQuery {
        parent,
        include_deleted: include_deleted.unwrap_or(false),
        ..ListQuery::default()
    };
    with_reader(&app, move |store| Ok(store.list(&kind, &query)?)).await
}

#[tauri::command]
pub async fn get_record<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    id: String,
) -> Result<Record, CommandError> {
    with_reader(&app, move |store| Ok(store.get(&kind, &id)?)).await
}

#[tauri::command]
pub async fn create_record<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    fields: Fields,
) -> Result<Saved, CommandError> {
    with_store(&app, move |store| Ok(store.create(&kind, &fields)?)).await
}

#[tauri::command]
pub async fn update_record<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    id: String,
    fields: Fields,
) -> Result<Saved, CommandError> {
    with_store(&app, move |store| Ok(store.update(&kind, &id, &fields)?)).await
}

#[tauri::command]
pub async fn delete_preview<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    id: String,
) -> Result<Vec<(String, usize)>, CommandError> {
    with_reader(&app, move |store| Ok(store.delete_preview(&kind, &id)?)).await
}

#[derive(Debug, Serialize)]
pub struct Deleted {
    pub deleted: usize,
}

#[tauri::command]
pub async fn delete_record<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    id: String,
) -> Result<Deleted, CommandError> {
    with_store(&app, move |store| {
        Ok(Deleted {
            deleted: store.delete(&kind, &id)?,
        })
    })
    .await
}

/// "Đã xóa gần đây" ([`xungkich::Store::recently_deleted`]).
#[tauri::command]
pub async fn recently_deleted<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<DeletedBatch>, CommandError> {
    with_reader(&app, move |store| Ok(store.recently_deleted()?)).await
}

/// Undoes one deletion ([`xungkich::Store::restore_deleted`]).
#[tauri::command]
pub async fn restore_deleted<R: Runtime>(
    app: AppHandle<R>,
    batch: String,
) -> Result<Restored, CommandError> {
    with_store(&app, move |store| Ok(store.restore_deleted(&batch)?)).await
}

#[tauri::command]
pub async fn history<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<Vec<AuditEntry>, CommandError> {
    with_reader(&app, move |store| Ok(store.history(&id)?)).await
}

/// Saves a signed decision's document as signed ([`xungkich::Store::freeze_decision`]).
#[tauri::command]
pub async fn freeze_decision<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<xungkich::documents::model::Document, CommandError> {
    with_store(&app, move |store| Ok(store.freeze_decision(&id)?)).await
}

/// Who took part in an activity or training, ticked in one go
/// ([`xungkich::Store::set_participants`]).
#[tauri::command]
pub async fn set_participants<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    event_id: String,
    team_id: String,
    member_ids: Vec<String>,
) -> Result<xungkich::records::participants::Roll, CommandError> {
    with_store(&app, move |store| {
        Ok(store.set_participants(&kind, &event_id, &team_id, &member_ids)?)
    })
    .await
}

/// The members to show ticked ([`xungkich::Store::participants_ticked`]).
#[tauri::command]
pub async fn participants_ticked<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    event_id: String,
    team_id: String,
) -> Result<Vec<String>, CommandError> {
    with_reader(&app, move |store| {
        Ok(store.participants_ticked(&kind, &event_id, &team_id)?)
    })
    .await
}

#[tauri::command]
pub async fn search<R: Runtime>(
    app: AppHandle<R>,
    text: String,
    limit: Option<usize>,
) -> Result<Vec<Hit>, CommandError> {
    let limit = limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
    with_reader(&app, move |store| Ok(store.search(&text, limit)?)).await
}

#[tauri::command]
pub async fn attach_file<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Attachment, CommandError> {
    // Checked first, so that nobody picks a file only to learn the database is unusable.
    app.state::<AppState>().check_open()?;
    let path = dialogs::open_files(&window, "Chọn bản chụp", &dialogs::SCANS, false)
        .await?
        .remove(0);
    with_store(&app, move |store| Ok(store.add_attachment_file(&path)?)).await
}

/// What is held about one member, as a document model the page draws and prints (for
/// the person who asks: Law 91/2025/QH15).
#[tauri::command]
pub async fn personal_record<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<xungkich::documents::model::Document, CommandError> {
    with_reader(&app, move |store| {
        Ok(store.personal_record(&id, chrono::Local::now().date_naive())?)
    })
    .await
}
