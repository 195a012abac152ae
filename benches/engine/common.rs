//! What the benchmarks share: timing, memory, the province's bundles, raw access.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::Connection;
use xungkich::demo::{generate, DemoOptions};
use xungkich::installation::Role;
use xungkich::units::{self, Level, UnitSet};
use xungkich::Store;

pub fn all_rows(conn: &Connection) -> i64 {
    xungkich::kinds::ALL
        .iter()
        .map(|k| {
            conn.query_row(&format!("SELECT count(*) FROM {}", k.table), [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
        })
        .sum()
}

/// Benchmarks reach the connection through the crate's public lookups only.
pub fn rusqlite_of(store: &Store) -> &Connection {
    store.connection()
}

/// Peak resident memory of this process since the last reset, in MiB (Linux).
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU time this process has used so far, user and system, all threads (Linux:
/// `/proc/self/stat` fields 14 and 15, in clock ticks of 1/100 s). Unlike wall time it
/// barely moves when other programs share the machine's two cores.
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces: count from after its closing ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Resets the peak so the next reading covers only what follows (Linux ≥ 4.0).
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Median of `runs` timings of `work`, after one run to warm the page cache.
pub fn median_of<T>(runs: usize, mut work: impl FnMut() -> T) -> Duration {
    work();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(work());
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Median and p95 of `times`, in milliseconds.
pub fn median_p95(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (
        at(0.5).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
    )
}

/// The demo communes of a province (the 2025 set's largest, TP Hồ Chí Minh, 168
/// communes; 15 villages, 25 members per team, 400 activities each), each in its own
/// database under `dir/communes`, and their full bundles under `dir/bundles`. Returns
/// the province's code, the communes' codes and each export's time, sorted.
pub fn province_bundles(
    dir: &Path,
    today: NaiveDate,
    limit: usize,
) -> (&'static str, Vec<String>, Vec<Duration>) {
    use xungkich::sync::export::ExportOptions;
    let communes_dir = dir.join("communes");
    let bundles_dir = dir.join("bundles");
    std::fs::create_dir_all(&communes_dir).unwrap();
    std::fs::create_dir_all(&bundles_dir).unwrap();
    let province = "79";
    let codes: Vec<String> = {
        let s = Store::open_in_memory().unwrap();
        let mut c: Vec<String> =
            units::descendants(rusqlite_of(&s), UnitSet::Y2025, province, Level::Commune)
                .unwrap()
                .into_iter()
                .map(|u| u.code)
                .collect();
        c.truncate(limit);
        c
    };
    let mut export_times = Vec::new();
    for code in &codes {
        let mut store = Store::open(communes_dir.join(format!("{code}.db"))).unwrap();
        store.init(Role::Commune, UnitSet::Y2025, code).unwrap();
        let mut o = DemoOptions::new(today);
        o.villages = 15;
        o.members_per_team = 25;
        o.activities = 400;
        generate(&mut store, &o).unwrap();
        let t = Instant::now();
        store
            .export(
                &bundles_dir.join(format!("{code}.zip")),
                ExportOptions {
                    full: true,
                    unencrypted: true,
                    ..Default::default()
                },
            )
            .unwrap();
        export_times.push(t.elapsed());
    }
    export_times.sort();
    (province, codes, export_times)
}

/// Import options of a first import: the officer has compared the fingerprint of every
/// sender of `files` and enrols them.
pub fn enrolling(files: &[std::path::PathBuf]) -> xungkich::sync::import::ImportOptions {
    let fingerprints: Vec<String> = files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).unwrap();
            xungkich::sync::import::signer_of(&bytes)
                .unwrap()
                .fingerprint
        })
        .collect();
    xungkich::sync::import::ImportOptions {
        consent: xungkich::sync::senders::EnrolConsent::new(&fingerprints, &[]).unwrap(),
        dry_run: false,
    }
}
