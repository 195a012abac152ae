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
//!
//! 4. The receiving unit's overview across the communes of that province (the query the
//!    window's first district screen runs), one commune's and one team's drill-down, and
//!    the report (gathering, then the .xlsx written), against a full scan of the same
//!    tables and the content digest measured in the same run.
//!
//! Run: `cargo bench --bench engine` (add `-- --quick` for a smaller run, `--only=demo`,
//! `--only=sync`, `--only=search` or `--only=overview` for one part). Results are printed as a Markdown table
//! for the README.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::Connection;
use xungkich::demo::{generate, DemoOptions};
use xungkich::installation::Role;
use xungkich::units::{self, Level, UnitSet};
use xungkich::Store;

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
        bench_province(out, today, if quick { 20 } else { 200 });
    }
    if run("sync") {
        bench_sync(out, today, if quick { 20 } else { 168 });
    }
    if run("search") {
        bench_search(out, today, if quick { 100_000 } else { 1_000_000 });
    }
    if run("overview") {
        bench_overview(out, today, if quick { 20 } else { 168 });
    }
}

fn all_rows(conn: &Connection) -> i64 {
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

fn bench_province(out: &Path, today: NaiveDate, communes: usize) {
    let dir = out.join("province");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The communes of Sơn La (province 14) in the 2008–2025 set, then more provinces if
    // one is not enough.
    let codes: Vec<String> = {
        let s = Store::open_in_memory().unwrap();
        let mut codes = Vec::new();
        for p in ["14", "01", "38", "40"] {
            let conn = rusqlite_of(&s);
            for u in units::descendants(conn, UnitSet::Y2008, p, Level::Commune).unwrap() {
                codes.push(u.code);
            }
        }
        codes.truncate(communes);
        codes
    };
    let mut rows = 0i64;
    // Only `generate` is timed: making each commune's file (schema and the 14,000
    // official units) is the same for every commune and reported apart.
    let mut demo_time = Duration::ZERO;
    let mut setup_time = Duration::ZERO;
    for code in &codes {
        let t = Instant::now();
        let mut store = Store::open(dir.join(format!("{code}.db"))).unwrap();
        store.init(Role::Commune, UnitSet::Y2008, code).unwrap();
        setup_time += t.elapsed();
        let mut o = DemoOptions::new(today);
        o.villages = 15;
        o.members_per_team = 12;
        o.activities = 200;
        let t = Instant::now();
        generate(&mut store, &o).unwrap();
        demo_time += t.elapsed();
    }
    for code in &codes {
        rows += all_rows(&Connection::open(dir.join(format!("{code}.db"))).unwrap());
    }
    // Ceiling: copy the same rows into empty databases with the same schema, one
    // transaction per commune, prepared statements, nothing else.
    let ceiling_dir = dir.join("ceiling");
    std::fs::create_dir_all(&ceiling_dir).unwrap();
    let mut ceiling = Duration::ZERO;
    for code in &codes {
        let src = Connection::open(dir.join(format!("{code}.db"))).unwrap();
        let dst_path = ceiling_dir.join(format!("{code}.db"));
        drop(Store::open(&dst_path).unwrap()); // schema only
        let mut dst = Connection::open(&dst_path).unwrap();
        dst.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA journal_mode=WAL; PRAGMA cache_size=-32768;",
        )
        .unwrap();
        // Read everything first: only the writing is timed.
        let mut batches = Vec::new();
        for kind in xungkich::kinds::ALL {
            let mut stmt = src
                .prepare(&format!("SELECT * FROM {}", kind.table))
                .unwrap();
            let n = stmt.column_count();
            let data: Vec<Vec<rusqlite::types::Value>> = stmt
                .query_map([], |r| (0..n).map(|i| r.get(i)).collect())
                .unwrap()
                .map(Result::unwrap)
                .collect();
            batches.push((kind.table, n, data));
        }
        let t = Instant::now();
        let tx = dst.transaction().unwrap();
        for (table, n, data) in &batches {
            let placeholders = vec!["?"; *n].join(",");
            let mut stmt = tx
                .prepare(&format!("INSERT INTO {table} VALUES ({placeholders})"))
                .unwrap();
            for row in data {
                stmt.execute(rusqlite::params_from_iter(row.iter()))
                    .unwrap();
            }
        }
        tx.commit().unwrap();
        ceiling += t.elapsed();
    }
    let rate = rows as f64 / demo_time.as_secs_f64();
    let ceiling_rate = rows as f64 / ceiling.as_secs_f64();
    println!(
        "| `demo`, {} communes × (15 villages, 12 members/team, 200 activities): {} records | {:.1} s, {:.0} records/s ({:.0} ms per commune; new file + `init` {:.0} ms more) | raw insert of the same rows: {:.1} s, {:.0} rows/s | {:.2} × ceiling |",
        codes.len(),
        rows,
        demo_time.as_secs_f64(),
        rate,
        demo_time.as_secs_f64() * 1000.0 / codes.len() as f64,
        setup_time.as_secs_f64() * 1000.0 / codes.len() as f64,
        ceiling.as_secs_f64(),
        ceiling_rate,
        rate / ceiling_rate
    );
}

/// Benchmarks reach the connection through the crate's public lookups only.
fn rusqlite_of(store: &Store) -> &Connection {
    store.connection()
}

fn bench_search(out: &Path, today: NaiveDate, members: usize) {
    let db = out.join(format!("search-{members}.db"));
    if !db.exists() {
        let t = Instant::now();
        let tmp = out.join("search-building.db");
        let _ = std::fs::remove_file(&tmp);
        let mut store = Store::open(&tmp).unwrap();
        store.init(Role::Commune, UnitSet::Y2008, "04030").unwrap();
        let mut o = DemoOptions::new(today);
        // About 84 % of villages get a team: 1.2 villages per 1,000 members wanted.
        o.villages = members * 6 / 5 / 1000;
        o.members_per_team = 1000;
        o.activities = 0;
        generate(&mut store, &o).unwrap();
        drop(store);
        std::fs::rename(&tmp, &db).unwrap();
        eprintln!(
            "built {members} members in {:.0} s",
            t.elapsed().as_secs_f64()
        );
    }
    let store = Store::open(&db).unwrap();
    let conn = rusqlite_of(&store);
    let count: i64 = conn
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap();
    // Queries as people type them, from real names and numbers spread over the table:
    // a surname's first letters, surname + middle name, a given name, a whole name, the
    // first 7 digits of an ID number.
    const CLASSES: [&str; 5] = [
        "3 letters",
        "surname + middle",
        "given name",
        "full name",
        "ID prefix",
    ];
    let mut queries: Vec<(usize, String)> = Vec::new();
    let mut stmt = conn
        .prepare("SELECT full_name, id_number FROM members WHERE rowid % ?1 = 0 LIMIT 250")
        .unwrap();
    let step = (count / 250).max(1);
    let rows = stmt
        .query_map([step], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .unwrap();
    for (i, row) in rows.enumerate() {
        let (name, id) = row.unwrap();
        let words: Vec<&str> = name.split(' ').collect();
        let class = i % 5;
        let q = match class {
            0 => words[0].chars().take(3).collect::<String>(),
            1 => format!("{} {}", words[0], words.get(1).unwrap_or(&"")),
            2 => words.last().unwrap().to_string(),
            3 => name.clone(),
            _ => id
                .map(|s| s[..7].to_string())
                .unwrap_or_else(|| name.clone()),
        };
        queries.push((class, q));
    }
    // Warm the cache as a clerk's second query would find it.
    for (_, q) in queries.iter().take(20) {
        store.search(q, 20).unwrap();
    }
    let mut all = Vec::new();
    let mut per_class: Vec<Vec<Duration>> = vec![Vec::new(); CLASSES.len()];
    for (class, q) in &queries {
        let t = Instant::now();
        let hits = store.search(q, 20).unwrap();
        let e = t.elapsed();
        assert!(!hits.is_empty(), "{q}");
        all.push(e);
        per_class[*class].push(e);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let p95 = {
        all.sort();
        all[all.len() * 95 / 100]
    };
    let med = median(&mut all);
    // Baseline: the obvious implementation, a LIKE scan of the same folded text with
    // the same sorted, limited answer (every row is read).
    let mut scan_times = Vec::new();
    for (_, q) in queries.iter().step_by(25) {
        let folded = xungkich::text::fold(q);
        let t = Instant::now();
        let pattern = format!("%{folded}%");
        let mut s = conn
            .prepare_cached(
                "SELECT id, full_name FROM members WHERE search_text LIKE ?1 AND deleted = 0
                 ORDER BY sort_key LIMIT 20",
            )
            .unwrap();
        let n = s
            .query_map([&pattern], |r| r.get::<_, String>(0))
            .unwrap()
            .count();
        scan_times.push(t.elapsed());
        assert!(n > 0, "{folded}");
    }
    let scan_median = median(&mut scan_times);
    let classes: Vec<String> = CLASSES
        .iter()
        .zip(per_class.iter_mut())
        .map(|(name, v)| format!("{name} {:.1}", ms(median(v))))
        .collect();
    println!(
        "| `search`, {} members, {} type-ahead queries | median {:.2} ms, p95 {:.2} ms (medians by kind, ms: {}) | `LIKE '%…%'` scan, sorted, limit 20: median {:.0} ms | {:.3} × scan |",
        count,
        queries.len(),
        ms(med),
        ms(p95),
        classes.join("; "),
        ms(scan_median),
        med.as_secs_f64() / scan_median.as_secs_f64()
    );
}

/// Peak resident memory of this process since the last reset, in MiB (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resets the peak so the next reading covers only what follows (Linux ≥ 4.0).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Export and import of a whole province's bundles (the 2025 set's largest, TP Hồ Chí
/// Minh, 168 communes), against a raw-insert ceiling.
fn bench_sync(out: &Path, today: NaiveDate, limit: usize) {
    use xungkich::sync::import::{ImportOptions, ImportStatus};
    use xungkich::sync::senders::EnrolConsent;
    let dir = out.join("sync");
    let _ = std::fs::remove_dir_all(&dir);
    let (province, codes, export_times) = province_bundles(&dir, today, limit);
    let communes_dir = dir.join("communes");
    let bundles_dir = dir.join("bundles");
    let export_median = export_times[export_times.len() / 2];
    let bundle_bytes: u64 = std::fs::read_dir(&bundles_dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();

    let district_path = dir.join("province.db");
    let mut district = Store::open(&district_path).unwrap();
    district
        .init(Role::District, UnitSet::Y2025, province)
        .unwrap();
    let options = ImportOptions {
        consent: EnrolConsent {
            enrol: true,
            re_enrol: false,
        },
        dry_run: false,
    };
    reset_peak_rss();
    let rss_before = peak_rss_mib();
    // A folder of bundles, as the officer imports the USB sticks of every commune.
    let files: Vec<std::path::PathBuf> = codes
        .iter()
        .map(|c| bundles_dir.join(format!("{c}.zip")))
        .collect();
    let t = Instant::now();
    let reports = district.import_files(&files, options, |_| {}).unwrap();
    let first = t.elapsed();
    let peak = peak_rss_mib();
    let mut records = 0u64;
    for r in &reports {
        assert_eq!(r.status, ImportStatus::Applied, "{:?}", r.reason);
        records += r.inserted;
    }
    let t = Instant::now();
    let reports = district.import_files(&files, options, |_| {}).unwrap();
    let again = t.elapsed();
    assert!(reports.iter().all(|r| r.status == ImportStatus::Duplicate));
    drop(district);

    // Ceiling: the same rows, read from the communes' files beforehand, inserted into an
    // empty province database with prepared statements in one transaction, no checks.
    let ceiling_path = dir.join("ceiling.db");
    drop(Store::open(&ceiling_path).unwrap());
    let mut batches: Vec<(&str, usize, Vec<Vec<rusqlite::types::Value>>)> = Vec::new();
    for kind in xungkich::kinds::ALL {
        let mut rows = Vec::new();
        let mut width = 0;
        for code in &codes {
            let src = Connection::open(communes_dir.join(format!("{code}.db"))).unwrap();
            let mut stmt = src
                .prepare(&format!("SELECT * FROM {}", kind.table))
                .unwrap();
            width = stmt.column_count();
            rows.extend(
                stmt.query_map([], |r| {
                    (0..width)
                        .map(|i| r.get(i))
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .unwrap()
                .map(Result::unwrap),
            );
        }
        batches.push((kind.table, width, rows));
    }
    let ceiling_rows: usize = batches.iter().map(|b| b.2.len()).sum();
    let mut dst = Connection::open(&ceiling_path).unwrap();
    dst.execute_batch("PRAGMA synchronous=FULL; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;")
        .unwrap();
    let t = Instant::now();
    let tx = dst.transaction().unwrap();
    for (table, width, rows) in &batches {
        let mut stmt = tx
            .prepare(&format!(
                "INSERT INTO {table} VALUES ({})",
                vec!["?"; *width].join(",")
            ))
            .unwrap();
        for row in rows {
            stmt.execute(rusqlite::params_from_iter(row.iter()))
                .unwrap();
        }
    }
    tx.commit().unwrap();
    let ceiling = t.elapsed();
    let ours = records as f64 / first.as_secs_f64();
    let raw = ceiling_rows as f64 / ceiling.as_secs_f64();
    println!(
        "| `import`, {} commune bundles of a province ({} records, {:.1} MB of bundles) | {:.1} s, {:.0} records/s | raw insert of the same rows: {:.1} s, {:.0} rows/s | {:.2} × ceiling |",
        codes.len(),
        records,
        bundle_bytes as f64 / 1e6,
        first.as_secs_f64(),
        ours,
        ceiling.as_secs_f64(),
        raw,
        ours / raw
    );
    println!(
        "| re-import of the same {} bundles (all duplicates) | {:.2} s | the first import: {:.1} s | {:.3} × first import |",
        codes.len(),
        again.as_secs_f64(),
        first.as_secs_f64(),
        again.as_secs_f64() / first.as_secs_f64()
    );
    println!(
        "| `export --full` of one commune (~{} records) | median {:.0} ms | — | — |",
        records / codes.len() as u64,
        export_median.as_secs_f64() * 1000.0
    );
    if let (Some(before), Some(peak)) = (rss_before, peak) {
        println!(
            "| peak memory during the province import | {:.0} MiB | process before the import: {:.0} MiB | — |",
            peak, before
        );
    }
}

/// The demo communes of a province (the 2025 set's largest, TP Hồ Chí Minh, 168
/// communes; 15 villages, 25 members per team, 400 activities each), each in its own
/// database under `dir/communes`, and their full bundles under `dir/bundles`. Returns
/// the province's code, the communes' codes and each export's time, sorted.
fn province_bundles(
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
                    include_sensitive: false,
                },
            )
            .unwrap();
        export_times.push(t.elapsed());
    }
    export_times.sort();
    (province, codes, export_times)
}

/// Median of `runs` timings of `work`, after one run to warm the page cache.
fn median_of<T>(runs: usize, mut work: impl FnMut() -> T) -> Duration {
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

/// The overview, drill-down and report on a province database built by importing the
/// demo bundles of [`province_bundles`] (kept in `overview/` between runs).
fn bench_overview(out: &Path, today: NaiveDate, limit: usize) {
    use xungkich::district::OverviewOptions;
    use xungkich::report::{self, ReportOptions};
    use xungkich::sync::import::ImportOptions;
    use xungkich::sync::senders::EnrolConsent;
    let dir = out.join(format!("overview-{limit}"));
    let db = dir.join("province.db");
    if !db.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let (province, codes, _) = province_bundles(&dir, today, limit);
        let building = dir.join("building.db");
        let mut store = Store::open(&building).unwrap();
        store
            .init(Role::District, UnitSet::Y2025, province)
            .unwrap();
        let files: Vec<std::path::PathBuf> = codes
            .iter()
            .map(|c| dir.join("bundles").join(format!("{c}.zip")))
            .collect();
        let options = ImportOptions {
            consent: EnrolConsent {
                enrol: true,
                re_enrol: false,
            },
            dry_run: false,
        };
        store.import_files(&files, options, |_| {}).unwrap();
        drop(store);
        std::fs::rename(&building, &db).unwrap();
        let _ = std::fs::remove_dir_all(dir.join("communes"));
    }
    // A working copy: the timed writes below must not pile up in the kept database.
    let work = dir.join("work.db");
    for stale in ["work.db-wal", "work.db-shm"] {
        let _ = std::fs::remove_file(dir.join(stale));
    }
    std::fs::copy(&db, &work).unwrap();
    let db = work;
    let store = Store::open(&db).unwrap();
    let conn = rusqlite_of(&store);
    let records = all_rows(conn);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let runs = 15;

    // Baseline: read every row of every record table once (no index can answer
    // `deleted = 0`), which any overview computed from the records must at least match.
    let scan = median_of(runs, || {
        xungkich::kinds::ALL
            .iter()
            .map(|k| {
                conn.query_row(
                    &format!("SELECT count(*) FROM {} WHERE deleted = 0", k.table),
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap()
            })
            .sum::<i64>()
    });
    let options = OverviewOptions::default();
    let overview = store.district_overview(today, &options).unwrap();
    let teams = overview.totals.active_teams;
    let communes = overview.communes.len();
    // The first view after an import computes everything; then re-sorting, filtering
    // and drilling down reuse it until something is written.
    let cold = median_of(runs, || {
        store.clear_overview_cache();
        store.district_overview(today, &options).unwrap()
    });
    let compliance_time = median_of(runs, || store.compliance(today).unwrap());
    // What keeps the first view short: each team's facts, kept (schema 5). Recomputing
    // all of them is what a first import or an upgraded file pays once; a saved form
    // makes one team stale, recomputed by the next view.
    let rebuild = median_of(5, || {
        conn.execute_batch("UPDATE team_facts_state SET seq = -1")
            .unwrap();
        store.clear_overview_cache();
        store.district_overview(today, &options).unwrap()
    });
    // A form saved (through a second handle on the file, as another window's writes
    // would be seen): the officer records an inspection of one team.
    let mut writer = Store::open(&db).unwrap();
    let one_team: String = conn
        .query_row("SELECT id FROM teams WHERE deleted = 0 LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    // Only the view is timed, not the saving.
    let mut after_write: Vec<Duration> = (0..runs)
        .map(|_| {
            let serde_json::Value::Object(inspection) = serde_json::json!({
                "team_id": one_team,
                "inspection_date": today.format("%d/%m/%Y").to_string(),
                "inspecting_unit": "Công an tỉnh",
            }) else {
                unreachable!()
            };
            writer.create("inspection", &inspection).unwrap();
            let t = Instant::now();
            std::hint::black_box(store.district_overview(today, &options).unwrap());
            t.elapsed()
        })
        .collect();
    after_write.sort();
    let after_write = after_write[after_write.len() / 2];
    let resort = OverviewOptions {
        sort: xungkich::district::SortBy::Compliance,
        descending: true,
        attention_only: true,
        ..Default::default()
    };
    let warm = median_of(runs, || store.district_overview(today, &resort).unwrap());
    let busiest = overview
        .communes
        .iter()
        .max_by_key(|c| c.active_teams)
        .unwrap()
        .unit_code
        .clone();
    let commune_time = median_of(runs, || store.commune_detail(&busiest, today).unwrap());
    let team = store.commune_detail(&busiest, today).unwrap().teams[0]
        .team_id
        .clone();
    let team_time = median_of(runs, || store.team_detail(&team, today).unwrap());
    println!(
        "| overview across communes (`Store::district_overview`), {communes} communes, {teams} active teams, {records} records | first view (rules from the kept team facts) median {:.0} ms, of which the rules C1–C8 {:.0} ms; then re-sort/filter {:.1} ms, a commune's drill-down {:.1} ms, a team's {:.1} ms (goal < 50 ms) | full scan of every record table: median {:.0} ms | first view {:.2} × scan, re-sort {:.3} × scan |",
        ms(cold),
        ms(compliance_time),
        ms(warm),
        ms(commune_time),
        ms(team_time),
        ms(scan),
        cold.as_secs_f64() / scan.as_secs_f64(),
        warm.as_secs_f64() / scan.as_secs_f64()
    );
    println!(
        "| the same overview after an inspection of one team is recorded (that team's facts recomputed) | median {:.0} ms | full scan: {:.0} ms | {:.2} × scan |",
        ms(after_write),
        ms(scan),
        after_write.as_secs_f64() / scan.as_secs_f64()
    );
    println!(
        "| the same overview with every team's facts recomputed (after a first import or an upgrade) | median {:.0} ms | full scan: {:.0} ms | {:.2} × scan |",
        ms(rebuild),
        ms(scan),
        rebuild.as_secs_f64() / scan.as_secs_f64()
    );

    // The report: gathered, then written as .xlsx (with and without the member list),
    // against the content digest, which also reads every record once.
    let digest = median_of(3, || store.digest(None).unwrap());
    let xlsx = dir.join("report.xlsx");
    for members in [false, true] {
        let gather = median_of(3, || {
            store.clear_overview_cache();
            store.report(today, ReportOptions { members }).unwrap()
        });
        let r = store.report(today, ReportOptions { members }).unwrap();
        let write = median_of(3, || report::write_xlsx(&r, &xlsx).unwrap());
        let bytes = std::fs::metadata(&xlsx).unwrap().len();
        println!(
            "| `report --format xlsx`{}: {} commune rows, {} team rows{} | gathering {:.0} ms + writing the .xlsx ({:.1} MB) {:.0} ms | `digest` of all records: {:.0} ms | {:.2} × digest |",
            if members { " --members" } else { "" },
            r.communes.len(),
            r.teams.len(),
            r.members
                .as_ref()
                .map(|m| format!(", {} member rows", m.len()))
                .unwrap_or_default(),
            ms(gather),
            bytes as f64 / 1e6,
            ms(write),
            ms(digest),
            (gather + write).as_secs_f64() / digest.as_secs_f64()
        );
    }
}
