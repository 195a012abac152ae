//! What a command answers: one JSON object (`--json`) or text for people, the exit
//! status, errors in Vietnamese with an English gloss, and progress on a terminal.

use std::io::{IsTerminal, Write};

use serde_json::{json, Value as Json};
use xungkich::ops::Progress;
use xungkich::Error;

/// A command's answer in both forms; `main` prints the one asked for.
pub struct Output {
    pub json: Json,
    pub human: String,
}

pub enum Failure {
    /// The line's words are off (exit status 2).
    Usage(String),
    /// The engine refused or failed (exit status 1).
    Engine(Error),
    /// Some inputs were refused: the output is printed, then the status is 1.
    Partial(Output, usize),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Engine(e)
    }
}

pub type Run = std::result::Result<Output, Failure>;

pub fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

/// Prints the result and returns the exit status.
pub fn finish(result: Run, json_mode: bool) -> i32 {
    let print = |out: &Output| {
        let text = match json_mode {
            true => out.json.to_string(),
            false => out.human.clone(),
        };
        let _ = writeln!(std::io::stdout().lock(), "{}", text.trim_end());
    };
    match result {
        Ok(out) => {
            print(&out);
            0
        }
        Err(Failure::Partial(out, refused)) => {
            print(&out);
            eprintln!("Lỗi: {refused} gói bị từ chối (xem lý do ở trên).\nError: {refused} bundle(s) rejected.");
            1
        }
        Err(Failure::Usage(message)) => {
            eprintln!("Lỗi cách dùng: {message}\nUsage error. Try --help.");
            2
        }
        Err(Failure::Engine(e)) => {
            report_error(&e, json_mode);
            1
        }
    }
}

/// The Vietnamese sentence (each field's problem on its own line), the English gloss,
/// and with `--json` the error object `{code, message, english, problems}` on stdout.
fn report_error(e: &Error, json_mode: bool) {
    let mut stderr = std::io::stderr().lock();
    match e {
        Error::Invalid(problems) => {
            let _ = writeln!(stderr, "Lỗi: thông tin chưa đúng, chưa làm gì:");
            for p in problems {
                let _ = writeln!(stderr, "  - {}: {}", p.label, p.message);
            }
        }
        _ => {
            let _ = writeln!(stderr, "Lỗi: {e}");
        }
    }
    let _ = writeln!(stderr, "Error: {}", e.english());
    if json_mode {
        let problems = match e {
            Error::Invalid(p) => json!(p),
            _ => json!([]),
        };
        println!(
            "{}",
            json!({"error": {"code": e.code(), "message": e.to_string(), "english": e.english(), "problems": problems}})
        );
    }
}

/// Shows the engine's progress on one line of stderr when it is a terminal (never in a
/// pipe or a log), and ends the line when the work is done.
pub struct TerminalProgress {
    shown: bool,
    active: bool,
}

impl TerminalProgress {
    pub fn new() -> Self {
        TerminalProgress {
            shown: std::io::stderr().is_terminal(),
            active: false,
        }
    }

    pub fn show(&mut self, p: Progress) {
        if !self.shown {
            return;
        }
        let counter = match p.total {
            0 => String::new(),
            total => format!("[{}/{}] ", p.done, total),
        };
        eprint!("\r{counter}{}\x1b[K", p.label);
        self.active = true;
    }

    pub fn done(&mut self) {
        if self.active {
            eprintln!();
            self.active = false;
        }
    }
}

impl Drop for TerminalProgress {
    fn drop(&mut self) {
        self.done();
    }
}
