//! Native Save and Open dialogs, with rfd (no dialog plugin: the page cannot open a
//! dialog or name a path by itself, it can only call a command that does).
//!
//! The dialog is built on the main thread (`run_on_main_thread`), parented to the
//! calling window (so it stays in front of it and is modal on Windows), and its future is
//! awaited in the async command: the window stays responsive meanwhile
//! (engineering.md §4.8, the same pattern as tauri-plugin-dialog).
//!
//! Test seam, debug builds only: `XUNGKICH_E2E_SAVE_PATH` is the path every Save dialog
//! answers, `XUNGKICH_E2E_OPEN_PATHS` the path(s) every Open dialog answers (separated by
//! `|`), `XUNGKICH_E2E_FOLDER_PATH` the folder every folder dialog answers; any of them
//! set to the empty string answers "closed" (`cancelled`). WebDriver cannot
//! drive a native dialog; release builds never read these variables.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use rfd::{AsyncFileDialog, FileHandle};
use tauri::{Runtime, WebviewWindow};

use crate::error::CommandError;

/// A file type the dialog offers: a Vietnamese name and its extensions (both cases, as
/// GTK's patterns are case-sensitive and files from Windows often end in `.ZIP`).
pub struct Filter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

pub const BUNDLES: Filter = Filter {
    name: "Gói dữ liệu (*.xkb, *.zip)",
    extensions: &["xkb", "XKB", "zip", "ZIP"],
};

pub const CARDS: Filter = Filter {
    name: "Thẻ đơn vị tiếp nhận (*.json)",
    extensions: &["json", "JSON"],
};

pub const SCANS: Filter = Filter {
    name: "Bản chụp (PDF, ảnh)",
    extensions: &[
        "pdf", "PDF", "png", "PNG", "jpg", "JPG", "jpeg", "JPEG", "tif", "TIF", "tiff", "TIFF",
    ],
};

/// Saving a stored scan: one filter of its own type, so a name typed without an ending
/// gets the right one (a PNG saved as `….pdf` would not open). [`scan_filter`].
pub const SCAN_PDF: Filter = Filter {
    name: "Tệp PDF (*.pdf)",
    extensions: &["pdf", "PDF"],
};
pub const SCAN_PNG: Filter = Filter {
    name: "Ảnh PNG (*.png)",
    extensions: &["png", "PNG"],
};
pub const SCAN_JPEG: Filter = Filter {
    name: "Ảnh JPEG (*.jpg)",
    extensions: &["jpg", "JPG", "jpeg", "JPEG"],
};
pub const SCAN_TIFF: Filter = Filter {
    name: "Ảnh TIFF (*.tif)",
    extensions: &["tif", "TIF", "tiff", "TIFF"],
};
/// A file of a type a newer version accepted, received in a bundle (stored as
/// `application/octet-stream`): saved under the engine's `.bin`, never run.
pub const SCAN_OTHER: Filter = Filter {
    name: "Tệp (*.bin)",
    extensions: &["bin", "BIN"],
};

/// The Save dialog's filter for a stored scan of type `mime` (the engine's
/// `xungkich::scans::extension` names the same endings).
pub fn scan_filter(mime: &str) -> &'static Filter {
    match mime {
        "application/pdf" => &SCAN_PDF,
        "image/png" => &SCAN_PNG,
        "image/jpeg" => &SCAN_JPEG,
        "image/tiff" => &SCAN_TIFF,
        _ => &SCAN_OTHER,
    }
}

pub const DOCUMENTS: Filter = Filter {
    name: "Văn bản Word (*.docx), trang in (*.html)",
    extensions: &["docx", "DOCX", "html", "HTML", "htm", "HTM"],
};

/// Word only: the sơ kết draft is written as .docx whatever the name says.
pub const WORD: Filter = Filter {
    name: "Văn bản Word (*.docx)",
    extensions: &["docx", "DOCX"],
};

/// A member list or a training's roll to import: Excel, old or new, or CSV.
pub const MEMBER_LISTS: Filter = Filter {
    name: "Danh sách (*.xlsx, *.xls, *.csv)",
    extensions: &["xlsx", "XLSX", "xls", "XLS", "csv", "CSV"],
};

/// A team's dossier for the archive.
pub const ZIPS: Filter = Filter {
    name: "Tệp nén (*.zip)",
    extensions: &["zip", "ZIP"],
};

pub const WORKBOOKS: Filter = Filter {
    name: "Bảng tính Excel (*.xlsx)",
    extensions: &["xlsx", "XLSX"],
};

/// A backup written off the data folder is encrypted (`.xkbak`); a plain copy (`.db`)
/// can still be restored.
pub const BACKUPS: Filter = Filter {
    name: "Bản sao lưu (*.xkbak, *.db)",
    extensions: &["xkbak", "XKBAK", "db", "DB"],
};

#[cfg(debug_assertions)]
pub const E2E_SAVE_ENV: &str = "XUNGKICH_E2E_SAVE_PATH";
#[cfg(debug_assertions)]
pub const E2E_OPEN_ENV: &str = "XUNGKICH_E2E_OPEN_PATHS";
#[cfg(debug_assertions)]
pub const E2E_FOLDER_ENV: &str = "XUNGKICH_E2E_FOLDER_PATH";

/// The test seam's answer for a one-path dialog, if the variable is set: the path, or
/// `cancelled` when it is empty.
#[cfg(debug_assertions)]
fn seam_path(variable: &str) -> Option<Result<PathBuf, CommandError>> {
    let seam = std::env::var_os(variable)?;
    Some(match seam.is_empty() {
        true => Err(CommandError::cancelled()),
        false => Ok(PathBuf::from(seam)),
    })
}

/// Asks where to save a file. The name gets the filter's extension if the user typed
/// none. Rejects `cancelled` if the dialog is closed.
pub async fn save_file<R: Runtime>(
    window: &WebviewWindow<R>,
    title: &str,
    filter: &'static Filter,
    default_name: &str,
) -> Result<PathBuf, CommandError> {
    // The seam's one path serves every Save dialog of a test: like a dialog with this
    // filter, it keeps the file's name and takes the filter's ending.
    #[cfg(debug_assertions)]
    if let Some(answer) = seam_path(E2E_SAVE_ENV) {
        return answer.map(|path| {
            let fits = path
                .extension()
                .is_some_and(|e| filter.extensions.iter().any(|f| e == *f));
            match fits {
                true => path,
                false => path.with_extension(filter.extensions[0]),
            }
        });
    }
    let (title, default_name) = (title.to_string(), default_name.to_string());
    let picked = show(window, move |d| {
        d.set_title(title)
            .add_filter(filter.name, filter.extensions)
            .set_file_name(default_name)
            .set_can_create_directories(true)
            .save_file()
    })
    .await?;
    let path = picked
        .ok_or_else(CommandError::cancelled)?
        .path()
        .to_path_buf();
    Ok(with_extension(path, filter))
}

/// Asks for one file, or several when `multiple`. Rejects `cancelled` if the dialog is
/// closed.
pub async fn open_files<R: Runtime>(
    window: &WebviewWindow<R>,
    title: &str,
    filter: &'static Filter,
    multiple: bool,
) -> Result<Vec<PathBuf>, CommandError> {
    #[cfg(debug_assertions)]
    if let Some(seam) = std::env::var_os(E2E_OPEN_ENV) {
        let paths: Vec<PathBuf> = seam
            .to_string_lossy()
            .split('|')
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .collect();
        return match paths.is_empty() {
            true => Err(CommandError::cancelled()),
            false => Ok(paths),
        };
    }
    let title = title.to_string();
    let picked = show(window, move |d| {
        let d = d
            .set_title(title)
            .add_filter(filter.name, filter.extensions);
        // The dialog's future is made here, on the main thread (GTK builds the dialog
        // when the future is made); only the waiting happens in the command.
        let pending: Pin<Box<dyn Future<Output = Option<Vec<FileHandle>>> + Send>> = if multiple {
            Box::pin(d.pick_files())
        } else {
            let one = d.pick_file();
            Box::pin(async move { one.await.map(|f| vec![f]) })
        };
        pending
    })
    .await?;
    let paths: Vec<PathBuf> = picked
        .unwrap_or_default()
        .iter()
        .map(|f| f.path().to_path_buf())
        .collect();
    if paths.is_empty() {
        return Err(CommandError::cancelled());
    }
    Ok(paths)
}

/// Asks for a folder. Rejects `cancelled` if the dialog is closed.
pub async fn pick_folder<R: Runtime>(
    window: &WebviewWindow<R>,
    title: &str,
) -> Result<PathBuf, CommandError> {
    #[cfg(debug_assertions)]
    if let Some(answer) = seam_path(E2E_FOLDER_ENV) {
        return answer;
    }
    let title = title.to_string();
    let picked = show(window, move |d| d.set_title(title).pick_folder()).await?;
    Ok(picked
        .ok_or_else(CommandError::cancelled)?
        .path()
        .to_path_buf())
}

/// Builds the dialog and its future on the main thread with `window` as its parent, then
/// awaits the future here.
async fn show<R, F, Fut>(window: &WebviewWindow<R>, build: F) -> Result<Fut::Output, CommandError>
where
    R: Runtime,
    F: FnOnce(AsyncFileDialog) -> Fut + Send + 'static,
    Fut: Future + Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    let parent = window.clone();
    window
        .run_on_main_thread(move || {
            let dialog = AsyncFileDialog::new().set_parent(&parent);
            let _ = tx.send(build(dialog));
        })
        .map_err(CommandError::internal)?;
    let pending = rx.await.map_err(CommandError::internal)?;
    Ok(pending.await)
}

fn with_extension(path: PathBuf, filter: &Filter) -> PathBuf {
    match (path.extension(), filter.extensions.first()) {
        (None, Some(ext)) => path.with_extension(ext),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_is_saved_with_its_own_type_s_ending() {
        for (mime, name) in [
            ("application/pdf", "/u/qd.pdf"),
            ("image/png", "/u/qd.png"),
            ("image/jpeg", "/u/qd.jpg"),
            ("image/tiff", "/u/qd.tif"),
            ("application/octet-stream", "/u/qd.bin"),
        ] {
            let filter = scan_filter(mime);
            assert_eq!(with_extension("/u/qd".into(), filter), PathBuf::from(name));
            assert_eq!(
                Some(filter.extensions[0]),
                name.rsplit('.').next(),
                "the engine's ending comes first"
            );
        }
    }

    #[test]
    fn a_name_without_extension_gets_the_filters() {
        assert_eq!(
            with_extension("/u/goi".into(), &BUNDLES),
            PathBuf::from("/u/goi.xkb")
        );
        assert_eq!(
            with_extension("/u/goi.ZIP".into(), &BUNDLES),
            PathBuf::from("/u/goi.ZIP")
        );
        assert_eq!(
            with_extension("/u/sao lưu.db".into(), &BACKUPS),
            PathBuf::from("/u/sao lưu.db")
        );
    }
}
