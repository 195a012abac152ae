//! When something goes wrong (issue 14, item 5): a panic, or an error that is the
//! program's fault (`internal`, `database`), writes a log file into
//! `<data folder>/logs/`, and the sentence the window shows says what happened, where
//! the log is, and that the data is safe (every write is a transaction: one stopped
//! half-way is undone).
//!
//! A log holds the program's version, the time, the kind of fault, its place in the
//! code and its message, never a record: messages are cut short and long runs of digits
//! (an ID number, a phone) are masked, since an engine message may quote a value. The
//! newest [`KEEP`] logs are kept.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// How many log files are kept.
pub const KEEP: usize = 20;
const PREFIX: &str = "loi-";

static DIR: OnceLock<PathBuf> = OnceLock::new();
/// The log the panic hook wrote last, for the error the command then answers.
static LAST_PANIC: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The logs folder of a data folder.
pub fn dir_of(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Sets the logs folder and installs the panic hook (which still prints, as Rust's own).
pub fn init(data_dir: &Path) {
    let _ = DIR.set(dir_of(data_dir));
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let backtrace = std::backtrace::Backtrace::force_capture();
        let detail = format!("{place}: {}\n\n{backtrace}", redact(&message));
        if let Some(path) = write("panic", &detail) {
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = Some(path);
            }
        }
        default(info);
    }));
}

/// Writes a log of a fault; its path, or `None` when there is no logs folder (tests
/// without [`init`]) or it cannot be written (a full disk: nothing more to do then).
pub fn record(kind: &str, detail: &str) -> Option<PathBuf> {
    write(kind, &redact(detail))
}

/// The log the last panic wrote, once (taken by the error that reports it).
pub fn take_last_panic() -> Option<PathBuf> {
    LAST_PANIC.lock().ok().and_then(|mut last| last.take())
}

fn write(kind: &str, detail: &str) -> Option<PathBuf> {
    let dir = DIR.get()?;
    std::fs::create_dir_all(dir).ok()?;
    let now = chrono::Local::now();
    let mut path = dir.join(format!("{PREFIX}{}.log", now.format("%Y%m%d-%H%M%S-%3f")));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!(
            "{PREFIX}{}-{n}.log",
            now.format("%Y%m%d-%H%M%S-%3f")
        ));
    }
    let text = format!(
        "Sổ Tổ xung kích {}\nLúc: {}\nHệ điều hành: {} {}\nLoại lỗi: {kind}\n\n{detail}\n",
        env!("CARGO_PKG_VERSION"),
        now.to_rfc3339(),
        std::env::consts::OS,
        std::env::consts::ARCH,
    );
    std::fs::write(&path, text).ok()?;
    rotate(dir);
    Some(path)
}

/// Keeps the newest [`KEEP`] logs (their names sort by time).
fn rotate(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut logs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".log"))
        })
        .collect();
    logs.sort();
    let extra = logs.len().saturating_sub(KEEP);
    for old in &logs[..extra] {
        let _ = std::fs::remove_file(old);
    }
}

/// A message as a log keeps it: at most 2,000 characters, runs of 9 or more digits
/// (an ID number, a phone number) masked.
pub fn redact(message: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 9 {
            out.push_str("[số đã che]");
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in message.chars().take(2000) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_could_name_a_person_are_masked() {
        assert_eq!(
            redact("id 001090012345, phone 0912345678, year 2026"),
            "id [số đã che], phone [số đã che], year 2026"
        );
        assert_eq!(redact(&"x".repeat(5000)).chars().count(), 2000);
    }
}
