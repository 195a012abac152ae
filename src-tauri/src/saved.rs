//! Files this window saved (a report, a document), which it may then open in the
//! system's own program or show in their folder ("Mở tệp", "Mở thư mục", issue 15,
//! item 5). The page names a file by the path the shell gave it; a path the shell did
//! not save in this session is refused, so the page can never make the shell open a
//! path of its choosing (every boundary is hostile until checked, the page included).
//!
//! Test seam, debug builds only: with `XUNGKICH_E2E_OPENED_LOG` set, opening appends
//! "file\t<path>" or "folder\t<path>" to that file instead of starting a program
//! (WebDriver cannot see another program's window). Release builds never read it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use crate::error::CommandError;

#[cfg(debug_assertions)]
pub const E2E_OPENED_LOG_ENV: &str = "XUNGKICH_E2E_OPENED_LOG";

#[derive(Default)]
pub struct SavedFiles {
    files: Mutex<Vec<PathBuf>>,
}

impl SavedFiles {
    /// Remembers a file the shell has just written where the user said.
    pub fn remember(&self, path: &Path) {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        if !files.iter().any(|f| f == path) {
            files.push(path.to_path_buf());
        }
    }

    /// The saved file the page names; any other path is refused.
    pub fn check(&self, named: &str) -> Result<PathBuf, CommandError> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files
            .iter()
            .find(|f| f.as_os_str() == std::ffi::OsStr::new(named))
            .cloned()
            .ok_or_else(|| {
                xungkich::Error::invalid(
                    "file",
                    "Tệp",
                    "chương trình chỉ mở tệp vừa lưu trong phiên làm việc này; hãy lưu lại rồi mở",
                )
                .into()
            })
    }
}

/// Opens `file` in the system's program for it, or its folder (the file selected on
/// Windows). The program is started and left running; nothing is waited for.
pub fn open(file: &Path, folder: bool) -> Result<(), CommandError> {
    #[cfg(debug_assertions)]
    if let Some(log) = std::env::var_os(E2E_OPENED_LOG_ENV) {
        use std::io::Write;
        let line = format!(
            "{}\t{}\n",
            if folder { "folder" } else { "file" },
            file.display()
        );
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .map_err(|e| xungkich::Error::io(PathBuf::from(&log), e))?;
        return out
            .write_all(line.as_bytes())
            .map_err(|e| xungkich::Error::io(PathBuf::from(&log), e).into());
    }
    let mut command = system_command(file, folder);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
        .spawn()
        .map(|_| ())
        .map_err(|e| xungkich::Error::io(file, e).into())
}

#[cfg(windows)]
fn system_command(file: &Path, folder: bool) -> Command {
    // Explorer opens a file with its program, and "/select," shows it in its folder.
    let mut command = Command::new("explorer.exe");
    if folder {
        let mut arg = std::ffi::OsString::from("/select,");
        arg.push(file.as_os_str());
        command.arg(arg);
    } else {
        command.arg(file);
    }
    command
}

#[cfg(not(windows))]
fn system_command(file: &Path, folder: bool) -> Command {
    let target = match (folder, file.parent()) {
        (true, Some(parent)) => parent.to_path_buf(),
        _ => file.to_path_buf(),
    };
    let mut command = Command::new("xdg-open");
    command.arg(target);
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_file_saved_in_this_session_may_be_opened() {
        let saved = SavedFiles::default();
        assert!(saved.check("/home/can-bo/bao-cao.xlsx").is_err());
        saved.remember(Path::new("/home/can-bo/bao-cao.xlsx"));
        assert_eq!(
            saved.check("/home/can-bo/bao-cao.xlsx").unwrap(),
            PathBuf::from("/home/can-bo/bao-cao.xlsx")
        );
        // Near enough is not the same file.
        assert!(saved.check("/home/can-bo/bao-cao.xlsx ").is_err());
        assert!(saved.check("/home/can-bo/../can-bo/bao-cao.xlsx").is_err());
    }
}
