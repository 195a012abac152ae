//! The crash proof (reliability.md P1–P3, P15; tests T3, T4, T15): the real `xungkich`
//! is killed with SIGKILL at random moments during imports, exports, edits, backups and
//! restores. After each kill:
//!
//! - the database passes `PRAGMA integrity_check` (and `foreign_key_check`);
//! - its content digest, with the count of the log the operation writes, is the state
//!   before the operation or the state after it, never a mix;
//! - a file under a final name (a bundle, a backup, a restore's put-aside copy) is
//!   complete and valid; temporary files left by the kill are counted;
//! - the operation run once more goes to its end, reaches the "after" state, and
//!   removes the temporary files the kill left in the folder it writes to (made ten
//!   minutes old first: the writers leave younger ones alone, as a write under way).
//!
//! Each operation is first run to its end on copies of the prepared data, to time it and
//! to take the states before and after; every kill then starts from another byte-identical
//! copy, so those are its states too.
//!
//! Knobs:
//! - `XUNGKICH_CRASH_KILLS`: how many kills (default 24, the short form that runs in
//!   `cargo test --workspace`); the full form is
//!   `XUNGKICH_CRASH_KILLS=240 cargo test -p xungkich-cli --release --test crash -- --nocapture`
//!   (a release build works on a larger commune; a debug one, on a smaller, takes about
//!   as long);
//! - `XUNGKICH_CRASH_SEED`: the seed of the operation order and the kill moments
//!   (printed, so a failure can be replayed). A kill's moment is the seeded fraction of
//!   the operation's duration as measured in this run, so a replay lands near, not at,
//!   the same instant.
//!
//! Unix only: SIGKILL is what a crash or a killed task looks like there.
#![cfg(unix)]

mod checks;
mod program;
mod workload;

use std::path::Path;
use std::time::{Duration, Instant};

use workload::{Op, Variant, World};

const DEFAULT_KILLS: usize = 24;
const DEFAULT_SEED: u64 = 0x5ee0_2026;
/// Failing iterations whose folders are kept for a look (each is tens of MB).
const KEEP_FAILED: usize = 3;

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(s) => s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={s:?} is not a whole number")),
        Err(_) => default,
    }
}

/// SplitMix64: a few lines, no dependency, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1].
    fn fraction(&mut self) -> f64 {
        (self.next() >> 11) as f64 / ((1u64 << 53) - 1) as f64
    }
}

/// What the kills of one variant found.
#[derive(Default)]
struct Tally {
    kills: usize,
    /// SIGKILL found the process still running.
    landed: usize,
    /// The process had already exited on its own.
    finished: usize,
    /// The state found after the kill (for operations that change the database).
    at_before: usize,
    at_after: usize,
    /// Files under their final name found complete after a kill.
    finished_files: usize,
    /// Temporary files the kills left (allowed; removed by the next run: see below).
    temp_left: usize,
    time: Duration,
}

#[test]
fn sigkill_at_random_moments_leaves_a_sound_database_and_no_half_written_file() {
    let kills = env_number("XUNGKICH_CRASH_KILLS", DEFAULT_KILLS as u64) as usize;
    let seed = env_number("XUNGKICH_CRASH_SEED", DEFAULT_SEED);
    eprintln!("crash proof: {kills} kills, XUNGKICH_CRASH_SEED={seed}");
    let started = Instant::now();
    let tmp = tempfile::Builder::new()
        .prefix("xungkich-crash-")
        .tempdir_in(std::env::temp_dir())
        .unwrap();
    let (world, variants) = workload::prepare(&tmp.path().join("chuẩn bị"), tmp.path());
    let setup = started.elapsed();
    for v in &variants {
        eprintln!(
            "  {:<20} runs {:>7.3} s to its end",
            v.name,
            secs(v.duration)
        );
    }

    // Round robin over the operations, and over an operation's variants in turn, so
    // every operation gets its share whatever the count; the seed draws the moments.
    let by_op: Vec<Vec<usize>> = Op::ALL
        .iter()
        .map(|op| {
            (0..variants.len())
                .filter(|&i| variants[i].op == *op)
                .collect()
        })
        .collect();
    let mut rng = Rng(seed);
    let mut tallies: Vec<Tally> = variants.iter().map(|_| Tally::default()).collect();
    let mut failures = Vec::new();
    for k in 0..kills {
        let group = &by_op[k % by_op.len()];
        let which = group[(k / by_op.len()) % group.len()];
        let v = &variants[which];
        let fraction = rng.fraction();
        let delay = v.duration.mul_f64(fraction);
        let scratch = tmp.path().join(format!("lần {k}"));
        let t = Instant::now();
        let result = kill_once(&world, v, &scratch, delay, &mut tallies[which]);
        tallies[which].time += t.elapsed();
        match result {
            Ok(()) => std::fs::remove_dir_all(&scratch).unwrap(),
            Err(e) => {
                let kept = match failures.len() < KEEP_FAILED {
                    true => keep(&scratch, seed, k),
                    false => "not kept".into(),
                };
                failures.push(format!(
                    "kill {k} ({}, {fraction:.4} of {:.3} s = {:.1} ms; folder {kept}): {e}",
                    v.name,
                    secs(v.duration),
                    delay.as_secs_f64() * 1000.0
                ));
                let _ = std::fs::remove_dir_all(&scratch);
            }
        }
    }
    summary(&variants, &tallies, setup, started.elapsed());
    assert!(
        failures.is_empty(),
        "{} of {kills} kills failed (XUNGKICH_CRASH_SEED={seed}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// One kill of `v` after `delay` on a fresh copy of the world, and every check after it.
fn kill_once(
    world: &World,
    v: &Variant,
    scratch: &Path,
    delay: Duration,
    tally: &mut Tally,
) -> Result<(), String> {
    let copy = world.copy_to(v.side, scratch);
    let db = v.db(&copy);
    let args = v.args(&copy);
    tally.kills += 1;
    let finished = match program::kill_after(program::spawn(&db, &args), delay) {
        program::Ending::Killed => false,
        program::Ending::Finished(status) if status.success() => true,
        program::Ending::Finished(status) => {
            return Err(format!("the run ended with {status} before the kill"))
        }
    };
    match finished {
        true => tally.finished += 1,
        false => tally.landed += 1,
    }

    checks::integrity(&db)?;
    for dir in checks::written_folders(v, &copy) {
        tally.temp_left += checks::temp_files(&dir).len();
    }
    let files = checks::check_final_files(v, &copy)?;
    tally.finished_files += files;
    let state = checks::state(&db, v.op)?;
    let done = if v.before != v.after && state == v.after {
        tally.at_after += 1;
        true
    } else if state == v.before {
        tally.at_before += usize::from(v.before != v.after);
        false
    } else {
        return Err(format!(
            "the database is neither as before nor as after the operation: {state:?}, \
             before {:?}, after {:?}",
            v.before, v.after
        ));
    };
    if finished && !done && v.before != v.after {
        return Err("the run finished, yet the database is as before it".into());
    }
    // The export log is written only once the bundle was read back and checked.
    if v.op == Op::Export && state.ledger == v.after.ledger && files != 1 {
        return Err("the export is logged but its bundle is not there".into());
    }
    if done && !v.op.reruns_when_done() {
        return Ok(());
    }

    // Once more, to the end: a killed operation can be done again, ends where it
    // should, and its next run to the same folder removes the temporary files the kill
    // left. The writers remove only ours untouched for ten minutes (a younger one may be
    // a write under way in another process), so they are made to look that old first:
    // the clerk comes back to the machine later.
    for dir in checks::written_folders(v, &copy) {
        checks::age_temp_files(&dir);
    }
    program::run_to_end(&db, &args, v.hung_limit())
        .map_err(|e| format!("run again after the kill: {e}"))?;
    checks::integrity(&db)?;
    match v.op {
        Op::Import | Op::Edit | Op::Restore => {
            let again = checks::state(&db, v.op)?;
            if again != v.after {
                return Err(format!(
                    "run again after the kill, the database is {again:?}, not {:?}",
                    v.after
                ));
            }
        }
        Op::Export | Op::Backup => {
            // A backup taken in another minute has another name: the kill's may stay.
            if checks::check_final_files(v, &copy)? == 0 {
                return Err("run again after the kill, there is no file".into());
            }
        }
    }
    let stale: Vec<String> = checks::written_folders(v, &copy)
        .iter()
        .flat_map(|d| checks::temp_files(d))
        .collect();
    if !stale.is_empty() {
        return Err(format!(
            "STALE TEMPORARY FILES: {stale:?}, left by the kill and untouched for ten \
             minutes, are still there after the next run wrote to the same folder \
             (atomic_file's cleanup should have removed them)"
        ));
    }
    Ok(())
}

/// Moves a failing iteration's folder out of the suite's temporary folder (which is
/// removed at the end) and says where.
fn keep(scratch: &Path, seed: u64, k: usize) -> String {
    let to = std::env::temp_dir().join(format!("xungkich-crash-failure-{seed}-{k}"));
    let _ = std::fs::remove_dir_all(&to);
    match std::fs::rename(scratch, &to) {
        Ok(()) => to.display().to_string(),
        Err(e) => format!("not kept ({e})"),
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

const HEADER: [&str; 9] = [
    "operation",
    "kills",
    "landed",
    "finished",
    "before",
    "after",
    "files",
    "temp",
    "time s",
];

impl Tally {
    fn add(&mut self, t: &Tally) {
        self.kills += t.kills;
        self.landed += t.landed;
        self.finished += t.finished;
        self.at_before += t.at_before;
        self.at_after += t.at_after;
        self.finished_files += t.finished_files;
        self.temp_left += t.temp_left;
        self.time += t.time;
    }

    /// A line of the summary under [`HEADER`]; `changes`: whether the operation changes
    /// the records (else its before/after columns say "-").
    fn row(&self, name: &str, changes: bool) -> String {
        let state = |n: usize| if changes { n.to_string() } else { "-".into() };
        let cells = [
            self.kills.to_string(),
            self.landed.to_string(),
            self.finished.to_string(),
            state(self.at_before),
            state(self.at_after),
            self.finished_files.to_string(),
            self.temp_left.to_string(),
            format!("{:.1}", secs(self.time)),
        ];
        line(name, &cells)
    }
}

/// A summary line: `name`, then `cells` right-aligned under [`HEADER`].
fn line(name: &str, cells: &[String]) -> String {
    let mut out = format!("{name:<20}");
    for (cell, head) in cells.iter().zip(&HEADER[1..]) {
        let width = head.len().max(5);
        out.push_str(&format!(" {cell:>width$}"));
    }
    out
}

fn summary(variants: &[Variant], tallies: &[Tally], setup: Duration, total: Duration) {
    let heads: Vec<String> = HEADER[1..].iter().map(|h| h.to_string()).collect();
    eprintln!("\n{}", line(HEADER[0], &heads));
    let mut sum = Tally::default();
    for (v, t) in variants.iter().zip(tallies) {
        eprintln!("{}", t.row(&v.name, v.before != v.after));
        sum.add(t);
    }
    eprintln!("{}", sum.row("total", true));
    eprintln!(
        "landed: killed while running; finished: had exited before the kill; before/after: \
         the state found (\"-\": the operation does not change the records); files: complete \
         files under a final name found after a kill; temp: temporary files a kill left.\n\
         setup and timing {:.1} s, total {:.1} s",
        secs(setup),
        secs(total)
    );
}
