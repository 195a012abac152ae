//! Setting an installation up, and the demo commune.

use super::Progress;
use crate::demo::{DemoCounts, DemoOptions};
use crate::error::Result;
use crate::installation::Role;
use crate::units::UnitSet;
use crate::Store;

/// The commune an empty installation is set up as for a demo when no other is named:
/// Phường Phúc Xá (Hà Nội), 2008 units.
pub const DEMO_UNIT: &str = "00001";

/// Fills the installation's commune with synthetic records. When `set_up_as` names a
/// commune and the installation is not set up yet, it is first set up as that commune
/// (2008 units); an installation already set up keeps its unit.
pub fn fill_demo(
    store: &mut Store,
    set_up_as: Option<&str>,
    options: &DemoOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoCounts> {
    progress(Progress::new("demo", 0, 1, "Đang tạo dữ liệu mẫu…"));
    if let Some(code) = set_up_as {
        if store.installation_opt()?.is_none() {
            store.init(Role::Commune, UnitSet::Y2008, code)?;
        }
    }
    let counts = crate::demo::generate(store, options)?;
    progress(Progress::new(
        "demo",
        1,
        1,
        format!("Đã tạo {} hồ sơ mẫu", counts.total),
    ));
    Ok(counts)
}

/// The window's "try the program" button: sets an empty installation up as
/// [`DEMO_UNIT`] and fills it with a demo of `today`. An installation already set up is
/// refused (`already_initialised`) and left as it is: demo records must never mix with
/// a commune's real ones. (The command line's `demo` on a set-up commune is the
/// administrator's own choice, and stays allowed.)
pub fn open_demo(
    store: &mut Store,
    today: chrono::NaiveDate,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoCounts> {
    if let Some(existing) = store.installation_opt()? {
        return Err(crate::error::Error::already_initialised(&existing));
    }
    fill_demo(store, Some(DEMO_UNIT), &DemoOptions::new(today), progress)
}
