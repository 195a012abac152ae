//! Tauri's build step: embeds tauri.conf.json and the ui/ folder, writes the Windows
//! resource (icon, version), and declares the app's own commands so that they are under
//! the permission system: a command works from the page only if
//! `capabilities/main.json` grants its `allow-<command>` (engineering.md §4.6).
//!
//! Keep this list, `commands::COMMANDS` (checked by a test) and the capability in step.

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_info",
            "units_search",
            "setup",
            "open_demo",
            "catalogue",
            "dashboard",
            "list_records",
            "get_record",
            "create_record",
            "update_record",
            "delete_preview",
            "delete_record",
            "history",
            "search",
            "export_bundle",
            "pick_bundles",
            "import_bundles",
            "pending",
            "attach_file",
            "settings_get",
            "settings_set",
            "backup_now",
            "restore_backup",
            "set_actor",
        ]),
    ))
    .expect("failed to run the Tauri build step");
}
