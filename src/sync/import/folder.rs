//! Listing the bundles of a folder: what "import everything on this stick" imports.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The bundle files directly in a folder (a USB stick's or a shared folder's), as the
/// officer imports "everything on this stick": names ending in `.xkb` (sealed) or `.zip`
/// (in clear) in any case, not
/// in subfolders, in name order (Vietnamese-aware, so the communes come in a
/// predictable order). Hidden files (`.`-prefixed, e.g. macOS's `._x.zip`) are left out.
/// A folder without any is an error that says so.
pub fn bundles_in_folder(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(folder, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_zip = Path::new(&name).extension().is_some_and(|e| {
            e.eq_ignore_ascii_case(crate::sync::export::SEALED_EXTENSION)
                || e.eq_ignore_ascii_case("zip")
        });
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if is_zip && is_file && !name.starts_with('.') {
            found.push((crate::text::sort_key(&name), entry.path()));
        }
    }
    if found.is_empty() {
        return Err(Error::NoBundlesInFolder {
            path: folder.to_path_buf(),
        });
    }
    found.sort();
    Ok(found.into_iter().map(|(_, path)| path).collect())
}
