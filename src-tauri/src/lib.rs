//! # Sổ Tổ xung kích — the desktop window
//!
//! A thin Tauri 2 shell over the engine (`xungkich`): every command is a few lines that
//! call the engine's [`xungkich::Store`] and map its error (docs/desktop-api.md is the
//! contract with the page in `ui/`).
//!
//! - [`state`]: the store behind a mutex, opened once at start-up;
//! - [`error`]: the `{code, message, problems}` a failed command answers;
//! - [`dialogs`]: Save and Open dialogs (rfd), with a test seam in debug builds;
//! - [`webview_check`]: the Vietnamese message when Windows has no WebView2;
//! - [`commands`]: the commands, by domain.
//!
//! Security floor (DESIGN.md §7): the page gets only the commands granted in
//! `capabilities/main.json` (`build.rs` puts them under the permission system), a strict
//! CSP (`tauri.conf.json`), no file-system or dialog plugin, and the main window never
//! navigates away from the app's own pages nor opens new windows.

pub mod commands;
pub mod crashlog;
pub mod daily;
pub mod dialogs;
pub mod error;
pub mod picked;
pub mod saved;
pub mod state;
pub mod webview_check;

use tauri::webview::NewWindowResponse;
use tauri::{Manager, Runtime, Url, WebviewWindowBuilder};

use crate::state::AppState;

/// The label of the one window.
pub const MAIN_WINDOW: &str = "main";

/// Registers the commands. Shared by [`run`] and the tests (which build on
/// `tauri::test::mock_builder()` and manage their own [`AppState`]).
pub fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::{app, backup, district, documents, import, records, scans, sync};
    builder.invoke_handler(tauri::generate_handler![
        app::app_info,
        app::units_search,
        app::owner_names,
        app::issuing_units,
        app::setup,
        app::open_demo,
        app::catalogue,
        app::dashboard,
        records::list_records,
        records::get_record,
        records::create_record,
        records::update_record,
        records::delete_preview,
        records::delete_record,
        records::history,
        records::recently_deleted,
        records::restore_deleted,
        records::freeze_decision,
        records::set_participants,
        records::participants_ticked,
        records::search,
        sync::export_bundle,
        sync::send_plan,
        sync::send_bundle,
        sync::export_to_communes,
        sync::pick_bundles,
        sync::pick_bundle_folder,
        sync::import_bundles,
        sync::pending,
        sync::revoke_sender,
        sync::save_receiver_card,
        sync::pick_card,
        sync::trust_card,
        sync::receiver_cards,
        sync::save_recovery,
        sync::enrolment_sheet,
        sync::card_sheet,
        records::personal_record,
        sync::save_receipt,
        sync::receipt_status,
        records::attach_file,
        scans::scan_view,
        scans::save_scan,
        scans::open_scan,
        scans::decision_scans,
        import::pick_member_list,
        import::import_members,
        import::import_roll,
        app::settings_get,
        app::settings_set,
        app::required_equipment_get,
        app::required_equipment_set,
        backup::backup_now,
        backup::restore_backup,
        backup::auto_backups,
        backup::restore_auto_backup,
        backup::check_integrity,
        backup::recovery_sheet,
        backup::restore_keys,
        app::set_actor,
        documents::team_document,
        documents::save_team_document,
        documents::decision_document,
        documents::save_decision_document,
        documents::save_proposals_document,
        documents::save_list,
        documents::save_team_dossier,
        district::open_saved,
        documents::document_templates,
        documents::save_document_template,
        documents::reset_document_template,
        district::district_overview,
        district::commune_detail,
        district::report_view,
        district::results_summary,
        district::save_report,
    ])
}

/// Starts the program: opens the database, then shows the window.
pub fn run() {
    // Before anything of Tauri: without WebView2 it would panic with no one to see it.
    webview_check::exit_if_missing();
    builder(tauri::Builder::default())
        .setup(|app| {
            let state = match state::resolve_data_dir(app.handle()) {
                Ok(dir) => {
                    crashlog::init(&dir);
                    AppState::open(dir)
                }
                Err(e) => AppState::unavailable(e),
            };
            app.manage(state);
            create_main_window(app)?;
            tauri::async_runtime::spawn(daily::keep_daily_backups(app.handle().clone()));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Sổ Tổ xung kích");
}

/// Makes the main window from its entry in tauri.conf.json (`"create": false` there, so
/// that the navigation guards can be added here).
fn create_main_window<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    let Some(config) = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
        .cloned()
    else {
        return Ok(());
    };
    WebviewWindowBuilder::from_config(app.handle(), &config)?
        .on_navigation(|url| {
            let ok = is_app_url(url);
            if !ok {
                eprintln!("xungkich-desktop: navigation to {url} blocked");
            }
            ok
        })
        .on_new_window(|url, _| {
            eprintln!("xungkich-desktop: new window for {url} blocked");
            NewWindowResponse::Deny
        })
        .build()?;
    Ok(())
}

/// The app's own pages: `tauri://localhost` (Linux, macOS) or `http(s)://tauri.localhost`
/// (Windows). Nothing else, so no link or script can take the window to a remote page
/// that would then talk to the commands.
pub fn is_app_url(url: &Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => url.port().is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_are_reachable() {
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html#/members",
            "http://tauri.localhost/index.html",
            "https://tauri.localhost/",
        ] {
            assert!(is_app_url(&ok.parse().unwrap()), "{ok}");
        }
        for bad in [
            "https://example.com/",
            "http://tauri.localhost.evil.com/",
            "http://app.tauri.localhost.evil/",
            "http://evil.localhost/",
            "http://tauri.localhost:8080/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,hi",
        ] {
            assert!(!is_app_url(&bad.parse().unwrap()), "{bad}");
        }
    }
}
