//! The installation, the unit lists, the catalogue, the dashboard, settings and the demo.

use std::path::PathBuf;

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use xungkich::compliance::equipment::RequiredChoice;
use xungkich::dashboard::Dashboard;
use xungkich::installation::Installation;
use xungkich::settings::SettingValue;
use xungkich::units::Unit;

use super::{emit_progress, parse_level, parse_role, parse_unit_set, today};
use crate::error::CommandError;
use crate::state::{with_reader, with_store, AppState};

/// The most units one type-ahead query answers.
pub const UNITS_LIMIT: usize = 30;

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub initialised: bool,
    pub installation: Option<Installation>,
    pub data_dir: PathBuf,
    pub db_path: PathBuf,
    pub version: String,
    pub schema_version: i64,
    /// The date and time this laptop believes, and why it looks wrong when it does:
    /// shown in the window's header, so a wrong year is seen before anything is entered.
    pub clock: xungkich::hlc::ClockCheck,
    /// Whether this computer has the installation's keys (false: ask for the recovery
    /// code, `restore_keys`).
    pub keys: bool,
    /// Where crash logs and the automatic backups go (issue 14).
    pub logs_dir: PathBuf,
    pub backups_dir: PathBuf,
}

#[tauri::command]
pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> Result<AppInfo, CommandError> {
    let version = app.package_info().version.to_string();
    let (data_dir, db_path) = {
        let state = app.state::<AppState>();
        (state.data_dir.clone(), state.db_path.clone())
    };
    with_reader(&app, move |store| {
        let installation = store.installation_opt()?;
        Ok(AppInfo {
            initialised: installation.is_some(),
            installation,
            db_path,
            version,
            schema_version: store.schema_version()?,
            clock: store.clock_check()?,
            keys: store.has_keys()?,
            logs_dir: crate::crashlog::dir_of(&data_dir),
            backups_dir: data_dir.join(xungkich::backup::daily::FOLDER),
            data_dir,
        })
    })
    .await
}

/// The name of each unit owning a team held here, by code: `[[code, name]]`
/// ([`xungkich::Store::owner_names`]).
#[tauri::command]
pub async fn owner_names<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<(String, String)>, CommandError> {
    with_reader(&app, |store| Ok(store.owner_names()?)).await
}

#[tauri::command]
pub async fn units_search<R: Runtime>(
    app: AppHandle<R>,
    query: String,
    unit_set: String,
    level: Option<String>,
) -> Result<Vec<Unit>, CommandError> {
    let set = parse_unit_set(&unit_set)?;
    let level = parse_level(level.as_deref())?;
    with_reader(&app, move |store| {
        Ok(store.search_units(set, &query, level, UNITS_LIMIT)?)
    })
    .await
}

#[tauri::command]
pub async fn setup<R: Runtime>(
    app: AppHandle<R>,
    role: String,
    unit_set: String,
    unit_code: String,
) -> Result<Installation, CommandError> {
    let role = parse_role(&role)?;
    let set = parse_unit_set(&unit_set)?;
    with_store(&app, move |store| Ok(store.init(role, set, &unit_code)?)).await
}

/// Sets an empty installation up as Phường Phúc Xá and fills it with the demo; a set-up
/// installation is refused ([`xungkich::ops::setup::open_demo`]).
#[tauri::command]
pub async fn open_demo<R: Runtime>(app: AppHandle<R>) -> Result<Installation, CommandError> {
    let handle = app.clone();
    with_store(&app, move |store| {
        xungkich::ops::setup::open_demo(store, today(), &mut |p| emit_progress(&handle, p))?;
        Ok(store.installation()?)
    })
    .await
}

#[tauri::command]
pub async fn catalogue<R: Runtime>(app: AppHandle<R>) -> Result<serde_json::Value, CommandError> {
    with_reader(&app, |_| Ok(xungkich::kinds::catalogue_json())).await
}

#[tauri::command]
pub async fn dashboard<R: Runtime>(
    app: AppHandle<R>,
    on: Option<String>,
) -> Result<Dashboard, CommandError> {
    let on = day_or_today(on.as_deref())?;
    with_reader(&app, move |store| Ok(store.dashboard(on)?)).await
}

/// The units a document of this installation dated `on` (dd/mm/yyyy or yyyy-mm-dd;
/// today when empty) may be issued by, most likely first, for the decision form's
/// picker ([`xungkich::Store::issuing_unit_candidates`]).
#[tauri::command]
pub async fn issuing_units<R: Runtime>(
    app: AppHandle<R>,
    on: Option<String>,
) -> Result<Vec<xungkich::units::history::Candidate>, CommandError> {
    let on = day_or_today(on.as_deref())?;
    with_reader(&app, move |store| Ok(store.issuing_unit_candidates(on)?)).await
}

/// A day the page sent, or today when it sent none.
fn day_or_today(on: Option<&str>) -> Result<chrono::NaiveDate, xungkich::Error> {
    match on.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(today()),
        Some(s) => xungkich::dates::parse_date_full(s)
            .map_err(|e| xungkich::Error::invalid("on", "Ngày", e.to_string())),
    }
}

#[tauri::command]
pub async fn settings_get<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<SettingValue>, CommandError> {
    with_reader(&app, |store| Ok(store.settings_list()?)).await
}

#[tauri::command]
pub async fn settings_set<R: Runtime>(
    app: AppHandle<R>,
    key: String,
    value: i64,
) -> Result<Vec<SettingValue>, CommandError> {
    with_store(&app, move |store| {
        store.set_setting(&key, value)?;
        Ok(store.settings_list()?)
    })
    .await
}

/// Rule C7's required items, item by item, for the settings screen.
#[tauri::command]
pub async fn required_equipment_get<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<RequiredChoice>, CommandError> {
    with_reader(&app, |store| Ok(store.required_equipment_choices()?)).await
}

#[tauri::command]
pub async fn required_equipment_set<R: Runtime>(
    app: AppHandle<R>,
    items: Vec<(String, u32)>,
) -> Result<Vec<RequiredChoice>, CommandError> {
    with_store(&app, move |store| Ok(store.set_required_equipment(&items)?)).await
}

#[tauri::command]
pub async fn set_actor<R: Runtime>(app: AppHandle<R>, name: String) -> Result<(), CommandError> {
    with_store(&app, move |store| {
        store.set_actor(&name);
        Ok(())
    })
    .await
}

/// Debug builds only, and never granted to the page: panics inside the store's work, as
/// a fault of the engine would, so that a test sees the crash log written and the
/// sentence the window then shows (issue 14, item 5).
#[cfg(debug_assertions)]
pub async fn crash_for_test<R: Runtime>(app: AppHandle<R>) -> Result<(), CommandError> {
    crate::state::with_store(&app, |_store| -> Result<(), CommandError> {
        panic!("crash_for_test: a panic on purpose (debug builds only), phone 0912345678")
    })
    .await
}
