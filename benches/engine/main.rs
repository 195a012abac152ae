//! Benchmarks of the engine (not tests: they measure, they do not judge). Each figure is
//! reported beside a baseline measured in the same run, so the ratio means something on
//! any machine:
//!
//! 1. `demo` for a 200-commune province (15 villages, 12 members per team, 200
//!    activities per commune, each commune its own database as on the communes'
//!    laptops): time and rows/s, against a raw-insert ceiling (the same rows copied with
//!    prepared statements in one transaction, no validation, no audit, no index upkeep
//!    beyond the tables' own).
//! 2. Export and import of a whole province's bundles, against a raw-insert ceiling;
//!    re-import of the same bundles; export of one commune; peak memory of the import.
//! 3. Search over 1,000,000 members: median and p95 of type-ahead queries through the
//!    folded FTS5 index, against a `LIKE '%…%'` scan of the same folded text.
//! 4. The receiving unit's overview across the communes of that province (the query the
//!    window's first district screen runs), one commune's and one team's drill-down, and
//!    the report (gathering, then the .xlsx written), against a full scan of the same
//!    tables and the content digest measured in the same run.
//! 5. Reads while an import runs (one writer, many readers): the overview and a
//!    commune's drill-down computed on a reading connection while the writer imports
//!    half a province's bundles, against the same reads on the same data with no
//!    import, median and p95.
//! 6. A commune's member list of 5,000 rows imported from a workbook, dry run and
//!    real, against the same members saved one by one through the form's path.
//!
//! Run: `cargo bench --bench engine` (add `-- --quick` for a smaller run, `--only=demo`,
//! `--only=sync`, `--only=search`, `--only=overview` or `--only=concurrent` or `--only=member-import` for one
//! part). Results are printed as a Markdown table for docs/benchmarks.md. One file per
//! benchmark, [`common`] for what they share.

mod common;
mod concurrent;
mod member_import;
mod overview;
mod province;
mod search;
mod sync;

use std::path::Path;

use chrono::NaiveDate;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let out = std::env::var("BENCH_DIR").unwrap_or_else(|_| "target/bench".into());
    std::fs::create_dir_all(&out).unwrap();
    let out = Path::new(&out);
    let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    println!("| benchmark | result | baseline (same run) | ratio |");
    println!("|---|---|---|---|");
    let only = std::env::args().find_map(|a| a.strip_prefix("--only=").map(String::from));
    let run = |name: &str| only.as_deref().is_none_or(|o| o == name);
    if run("demo") {
        province::bench_province(out, today, if quick { 20 } else { 200 });
    }
    if run("sync") {
        sync::bench_sync(out, today, if quick { 20 } else { 168 });
    }
    if run("search") {
        search::bench_search(out, today, if quick { 100_000 } else { 1_000_000 });
    }
    if run("overview") {
        overview::bench_overview(out, today, if quick { 20 } else { 168 });
    }
    if run("concurrent") {
        concurrent::bench_concurrent(out, today, if quick { 20 } else { 168 });
    }
    if run("member-import") {
        member_import::bench_member_import(out, if quick { 1_000 } else { 5_000 });
    }
}
