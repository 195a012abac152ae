//! 1. The demo generator over a province's communes, against a raw-insert ceiling.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::Connection;
use xungkich::demo::{generate, DemoOptions};
use xungkich::installation::Role;
use xungkich::units::{self, Level, UnitSet};
use xungkich::Store;

use super::common::*;

pub fn bench_province(out: &Path, today: NaiveDate, communes: usize) {
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
