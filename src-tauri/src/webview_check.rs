//! Before the window: is there a web view to draw it with? (issue 14, item 2)
//!
//! On Windows the window is drawn by Microsoft's WebView2 runtime. Windows 11 and an
//! updated Windows 10 have it; an old or never-updated laptop may not, and Tauri then
//! panics with "Could not find the webview runtime": with no console behind a release
//! build, the clerk sees nothing at all. So the runtime is looked for first
//! ([`tauri::webview_version`], the same loader call wry makes before building a
//! window), and when it is missing the program says in Vietnamese what to install,
//! writes the reason to `<data folder>/logs/khoi-dong.log` and to stderr, and exits
//! with [`EXIT_NO_WEBVIEW`].
//!
//! The data folder is found here without Tauri (no app exists yet), the way Tauri finds
//! it: `XUNGKICH_DATA_DIR`, else `dirs::data_dir()` joined with the app's identifier
//! (`%APPDATA%\vn.xungkich.so-to` on Windows).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::state::DATA_DIR_ENV;

/// The app's identifier in `tauri.conf.json`: the name of its data folder (checked
/// against the file by a test).
pub const APP_IDENTIFIER: &str = "vn.xungkich.so-to";

/// Set to `1` to skip the message box (it is still logged): for scripted starts where no
/// one could press OK, such as the installer's test under Wine (scripts/test).
pub const NO_DIALOG_ENV: &str = "XUNGKICH_NO_DIALOG";

/// The exit code when the web view runtime is missing.
pub const EXIT_NO_WEBVIEW: i32 = 3;

/// The log of start-up failures, inside the data folder's `logs/`.
pub const LOG_NAME: &str = "khoi-dong.log";

/// Past this size the log starts over, so a laptop that is opened every day for a year
/// without WebView2 does not fill up with the same lines.
const LOG_MAX_BYTES: u64 = 64 * 1024;

pub const TITLE: &str = "Sổ Tổ xung kích — thiếu Microsoft Edge WebView2";

/// What the clerk reads: what is missing, that the data is safe, what to do.
pub fn message(log: Option<&Path>) -> String {
    let mut text = String::from(
        "Máy tính này chưa có Microsoft Edge WebView2 Runtime, thành phần của Windows mà \
         Sổ Tổ xung kích cần để hiện cửa sổ. Dữ liệu của bạn không bị ảnh hưởng.\n\n\
         Cách khắc phục: chạy lại bộ cài Sổ Tổ xung kích (bộ cài có kèm WebView2 sẽ tự cài \
         nó), hoặc cài \"Microsoft Edge WebView2 Runtime\" (bản Evergreen, x64) — nhờ cán \
         bộ kỹ thuật chép bằng USB, hoặc tải từ trang của Microsoft khi có mạng — rồi mở \
         lại chương trình.",
    );
    if let Some(log) = log {
        text.push_str(&format!("\n\nChi tiết đã ghi vào tệp: {}", log.display()));
    }
    text
}

/// The data folder the window will use, found without Tauri.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return std::path::absolute(PathBuf::from(dir)).ok();
    }
    dirs::data_dir().map(|d| d.join(APP_IDENTIFIER))
}

/// Appends the failure to `<data_dir>/logs/khoi-dong.log` (made if needed) and answers
/// the log's path. The line holds the time, the message and the loader's error: no
/// personal data.
pub fn write_log(data_dir: &Path, detail: &str) -> std::io::Result<PathBuf> {
    let logs = data_dir.join("logs");
    std::fs::create_dir_all(&logs)?;
    let path = logs.join(LOG_NAME);
    let too_big = std::fs::metadata(&path).is_ok_and(|m| m.len() > LOG_MAX_BYTES);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(!too_big)
        .truncate(too_big)
        .open(&path)?;
    writeln!(
        file,
        "{} xungkich-desktop {}: không mở được cửa sổ: thiếu WebView2 ({detail}). {}",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        env!("CARGO_PKG_VERSION"),
        message(None).replace('\n', " "),
    )?;
    Ok(path)
}

/// Returns when the web view runtime is there; otherwise says so (stderr, log, message
/// box) and exits with [`EXIT_NO_WEBVIEW`].
pub fn exit_if_missing() {
    let detail = match tauri::webview_version() {
        Ok(_) => return,
        Err(e) => e.to_string(),
    };
    let log = data_dir().and_then(|dir| match write_log(&dir, &detail) {
        Ok(path) => Some(path),
        Err(e) => {
            eprintln!(
                "xungkich-desktop: không ghi được nhật ký vào {}: {e}",
                dir.display()
            );
            None
        }
    });
    let text = message(log.as_deref());
    eprintln!("xungkich-desktop: {text}\n(WebView2: {detail})");
    if std::env::var_os(NO_DIALOG_ENV).is_none_or(|v| v != "1") {
        rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title(TITLE)
            .set_description(text)
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
    std::process::exit(EXIT_NO_WEBVIEW);
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::is_nfc;

    #[test]
    fn the_identifier_is_the_one_tauri_uses() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        assert_eq!(conf["identifier"], APP_IDENTIFIER);
    }

    #[test]
    fn the_message_is_nfc_and_names_the_log() {
        let log = Path::new("C:\\Users\\Đức\\logs\\khoi-dong.log");
        let text = message(Some(log));
        assert!(is_nfc(&text) && is_nfc(TITLE));
        assert!(text.contains("WebView2 Runtime"));
        assert!(text.ends_with("khoi-dong.log"));
    }

    #[test]
    fn the_log_is_made_appended_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("Dữ liệu của Đức");
        let path = write_log(&data, "0x80070002").unwrap();
        assert_eq!(path, data.join("logs").join(LOG_NAME));
        write_log(&data, "0x80070002").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains("thiếu WebView2 (0x80070002)"));
        std::fs::write(&path, vec![b'x'; LOG_MAX_BYTES as usize + 1]).unwrap();
        write_log(&data, "again").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 1);
    }
}
