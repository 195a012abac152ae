//! Tauri's build step: embeds tauri.conf.json and the ui/ folder, writes the Windows
//! resource (icon, version), and declares the app's own commands so that they are under
//! the permission system: a command works from the page only if
//! `capabilities/main.json` grants its `allow-<command>` (engineering.md §4.6).
//!
//! The command list is `src/commands/list.in`, shared with `commands::COMMANDS`; the
//! capability must grant the same list (checked by a test).

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(
            tauri_build::AppManifest::new().commands(&include!("src/commands/list.in")),
        ),
    )
    .expect("failed to run the Tauri build step");
}
