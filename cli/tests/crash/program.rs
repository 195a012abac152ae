//! The real `xungkich` binary, as a clerk's machine runs it: the database named by
//! `XUNGKICH_DB` (the variable the program reads when `--db` is not given), one process
//! per command.

use std::ffi::{OsStr, OsString};
use std::fmt::Debug;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::Value;

/// How often a running child is looked at while we wait for it.
const POLL: Duration = Duration::from_millis(2);

fn command<S: AsRef<OsStr>>(db: &Path, args: &[S]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xungkich"));
    c.env("XUNGKICH_DB", db).args(args);
    c
}

/// Runs a command with `--json` to its end and returns its answer; any failure is the
/// suite's own (setup or a reference run), so it stops the test with what was said.
pub fn json<S: AsRef<OsStr> + Debug>(db: &Path, args: &[S]) -> Value {
    let out = command(db, args)
        .arg("--json")
        .output()
        .expect("the program starts");
    assert!(
        out.status.success(),
        "{args:?} on {db:?} failed ({}): {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})"))
}

/// The content digest (`xungkich digest`) of the database at `db`: what the program
/// itself says it holds, after opening the file as it would after a crash.
pub fn digest(db: &Path) -> Result<String, String> {
    let out = command(db, &["digest", "--json"])
        .output()
        .map_err(|e| format!("digest did not start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "digest of {db:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let v: Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("digest: {e}"))?;
    v["sha256"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("digest without sha256: {v}"))
}

/// Starts a command whose output nobody reads (a pipe left unread could block it).
pub fn spawn(db: &Path, args: &[OsString]) -> Child {
    command(db, args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the program starts")
}

/// How a run that was to be killed ended.
pub enum Ending {
    /// SIGKILL found it still running: the kill landed inside the operation.
    Killed,
    /// It had already exited on its own, with this status.
    Finished(ExitStatus),
}

/// Lets the child run for `delay`, then sends SIGKILL (`Child::kill` on Unix) and
/// reaps it. Whether the kill landed is read from how it died, not from a look before
/// the kill: a child that exits between the look and the signal is still counted right.
pub fn kill_after(mut child: Child, delay: Duration) -> Ending {
    sleep(delay);
    // Killing a child that has exited but is not yet reaped is harmless (a zombie).
    let _ = child.kill();
    let status = child.wait().expect("the child is reaped");
    match status.signal() {
        Some(9) => Ending::Killed,
        _ => Ending::Finished(status),
    }
}

/// Runs a command to its end, within `limit` (a hung program is a finding, not a hung
/// test suite); the time it took, or why it failed.
pub fn run_to_end(db: &Path, args: &[OsString], limit: Duration) -> Result<Duration, String> {
    let started = Instant::now();
    // stderr is read only once the child has ended: a refusal says a line or two, far
    // from what would fill the pipe and block it.
    let mut child = command(db, args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            let elapsed = started.elapsed();
            if status.success() {
                return Ok(elapsed);
            }
            let mut said = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut said);
            }
            return Err(format!("{args:?} ended with {status}: {said}"));
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{args:?} did not finish within {limit:?}"));
        }
        sleep(POLL);
    }
}
