//! Benchmarks of the engine (not tests: they measure, they do not judge). Each figure is
//! reported beside a baseline measured in the same run, so the ratio means something on
//! any machine:
//!
//! 1. `demo` for a 200-commune province (15 villages, 12 members per team, 200
//!    activities per commune, each commune its own database as on the communes'
//!    laptops): time and rows/s, against a raw-insert ceiling (the same rows copied with
//!    prepared statements in one transaction, no validation, no audit, no index upkeep
//!    beyond the tables' own).
//! 2. Search over 1,000,000 members: median and p95 of type-ahead queries through the
//!    folded FTS5 index, against a `LIKE '%…%'` scan of the same folded text.
//!
//! Run: `cargo bench --bench engine` (add `-- --quick` for a smaller run). Results are
//! printed as a Markdown table for the README.

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
    bench_province(out, today, if quick { 20 } else { 200 });
    bench_search(out, today, if quick { 100_000 } else { 1_000_000 });
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
        dst.execute_batch("PRAGMA synchronous=FULL; PRAGMA journal_mode=WAL;")
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
        o.villages = members / 1000;
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
    // Queries as people type them: the first letters of real names drawn from the
    // database (surname, surname + middle, a given name, an ID prefix), spread evenly.
    let mut queries: Vec<String> = Vec::new();
    let mut stmt = conn
        .prepare("SELECT full_name, id_number FROM members WHERE rowid % ?1 = 0 LIMIT 200")
        .unwrap();
    let step = (count / 200).max(1);
    let rows = stmt
        .query_map([step], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .unwrap();
    for (i, row) in rows.enumerate() {
        let (name, id) = row.unwrap();
        let words: Vec<&str> = name.split(' ').collect();
        let q = match i % 5 {
            0 => words[0].chars().take(3).collect::<String>(),
            1 => format!("{} {}", words[0], words.get(1).unwrap_or(&"")),
            2 => words.last().unwrap().to_string(),
            3 => name.clone(),
            _ => id
                .map(|s| s[..7].to_string())
                .unwrap_or_else(|| name.clone()),
        };
        queries.push(xungkich::text::fold(&q));
    }
    let mut times = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let hits = store.search(q, 20).unwrap();
        times.push(t.elapsed());
        assert!(!hits.is_empty(), "{q}");
    }
    times.sort();
    let median = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];
    // Baseline: the obvious alternative, a LIKE scan of the same folded text (a sample of
    // the queries: each one reads every row).
    let mut scan_times = Vec::new();
    for q in queries.iter().step_by(10) {
        let t = Instant::now();
        let pattern = format!("%{q}%");
        let mut s = conn
            .prepare_cached("SELECT id, full_name FROM members WHERE search_text LIKE ?1 AND deleted = 0 LIMIT 20")
            .unwrap();
        let n = s
            .query_map([&pattern], |r| r.get::<_, String>(0))
            .unwrap()
            .count();
        scan_times.push(t.elapsed());
        assert!(n > 0);
    }
    scan_times.sort();
    let scan_median = scan_times[scan_times.len() / 2];
    println!(
        "| `search`, {} members, {} type-ahead queries | median {:.2} ms, p95 {:.2} ms | `LIKE '%…%'` scan: median {:.2} ms | {:.3} × scan |",
        count,
        queries.len(),
        median.as_secs_f64() * 1000.0,
        p95.as_secs_f64() * 1000.0,
        scan_median.as_secs_f64() * 1000.0,
        median.as_secs_f64() / scan_median.as_secs_f64()
    );
}
