//! The commands the page calls (docs/desktop-api.md, "Commands"): each one a few lines
//! over the engine, run on the blocking pool through [`crate::state::with_store`] (writes) or
//! [`crate::state::with_reader`] (reads, on their own connection).
//!
//! - [`app`]: the installation, units, catalogue, dashboard, settings, the demo;
//! - [`records`]: records of every kind, their history, search and scans;
//! - [`sync`]: bundles out and in, and what is pending;
//! - [`import`]: member lists from the commune's old workbooks;
//! - [`scans`]: stored scans shown, saved and opened;
//! - [`backup`]: backup, restore and the integrity check.

pub mod app;
pub mod backup;
pub mod district;
pub mod documents;
pub mod import;
pub mod records;
pub mod scans;
pub mod sync;

use tauri::{AppHandle, Emitter, Runtime};
use xungkich::installation::Role;
use xungkich::ops::Progress;
use xungkich::units::{Level, UnitSet};

use crate::error::CommandError;

/// Every command, as the page calls it. The list lives in `list.in`, which `build.rs`
/// includes too (so the permission system knows the same commands);
/// `capabilities/main.json` must grant the same list (a test checks it).
pub const COMMANDS: &[&str] = &include!("list.in");

pub const PROGRESS_EVENT: &str = "progress";

/// Tells the page how far a long task is: the engine's [`Progress`] as the `progress`
/// event, `{task, done, total, label}`. A page that is gone is no reason to stop.
pub fn emit_progress<R: Runtime>(app: &AppHandle<R>, progress: Progress) {
    let _ = app.emit(PROGRESS_EVENT, progress);
}

fn parse_unit_set(s: &str) -> Result<UnitSet, CommandError> {
    UnitSet::parse(s).ok_or_else(|| {
        xungkich::Error::invalid(
            "unit_set",
            "Danh mục đơn vị hành chính",
            "hãy chọn danh mục 2008 (trước 1/7/2025) hoặc 2025 (từ 1/7/2025)",
        )
        .into()
    })
}

fn parse_role(s: &str) -> Result<Role, CommandError> {
    Role::parse(s).ok_or_else(|| {
        xungkich::Error::invalid(
            "role",
            "Vai trò",
            "hãy chọn xã (commune) hoặc đơn vị tiếp nhận (district)",
        )
        .into()
    })
}

fn parse_level(s: Option<&str>) -> Result<Option<Level>, CommandError> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(name) => Level::parse(name).map(Some).ok_or_else(|| {
            xungkich::Error::invalid(
                "level",
                "Cấp đơn vị",
                "hãy chọn cấp tỉnh (province), huyện (district) hoặc xã (commune)",
            )
            .into()
        }),
    }
}

/// Today on this computer's calendar.
fn today() -> chrono::NaiveDate {
    xungkich::ops::today()
}
