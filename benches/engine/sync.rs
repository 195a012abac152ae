//! 2. Export and import of a province's bundles, against a raw-insert ceiling.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::Connection;
use xungkich::installation::Role;
use xungkich::units::UnitSet;
use xungkich::Store;

use super::common::*;

/// Export and import of a whole province's bundles (the 2025 set's largest, TP Hồ Chí
/// Minh, 168 communes), against a raw-insert ceiling.
pub fn bench_sync(out: &Path, today: NaiveDate, limit: usize) {
    use xungkich::sync::import::ImportStatus;
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
        .init(Role::Receiver, UnitSet::Y2025, province)
        .unwrap();
    // A folder of bundles, as the officer imports the USB sticks of every commune.
    let files: Vec<std::path::PathBuf> = codes
        .iter()
        .map(|c| bundles_dir.join(format!("{c}.zip")))
        .collect();
    let options = enrolling(&files);
    reset_peak_rss();
    let rss_before = peak_rss_mib();
    let t = Instant::now();
    let reports = district
        .import_files(&files, options.clone(), |_| {})
        .unwrap();
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
    bench_sealed_import(&dir, province, &codes, &files);
}

/// 2b. What sealing costs the province import (issue 12; goal under 10 %): every commune
/// trusts the receiving unit's card and writes the same full bundle sealed; a new
/// receiving database imports the sealed bundles, and another new one the same bundles
/// in clear, alternately, three times each; the medians are compared.
fn bench_sealed_import(dir: &Path, province: &str, codes: &[String], plain: &[std::path::PathBuf]) {
    use xungkich::sync::export::ExportOptions;
    use xungkich::sync::import::ImportStatus;
    let communes_dir = dir.join("communes");
    let sealed_dir = dir.join("bundles-sealed");
    std::fs::create_dir_all(&sealed_dir).unwrap();
    // One receiving installation (its card) for every run: the database is copied
    // fresh from it before each import, keys included.
    let template = dir.join("receiver-template.db");
    let (card, fingerprint) = {
        let mut r = Store::open(&template).unwrap();
        r.init(Role::Receiver, UnitSet::Y2025, province).unwrap();
        let (card, info) = r.receiver_card().unwrap();
        (card, info.fingerprint)
    };
    let mut sealed = Vec::with_capacity(codes.len());
    for code in codes {
        let mut c = Store::open(communes_dir.join(format!("{code}.db"))).unwrap();
        c.trust_card(&card, &fingerprint).unwrap();
        let file = sealed_dir.join(format!("{code}.xkb"));
        c.export(
            &file,
            ExportOptions {
                full: true,
                ..Default::default()
            },
        )
        .unwrap();
        sealed.push(file);
    }
    let sealed_bytes: u64 = sealed
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    let import = |files: &[std::path::PathBuf], run: usize, what: &str| {
        let db = dir.join(format!("receiver-{what}-{run}.db"));
        let _ = std::fs::remove_file(&db);
        std::fs::copy(&template, &db).unwrap();
        // The keys live beside the database, not in it.
        let vault = xungkich::vault::Vault::path_for(&db);
        let _ = std::fs::remove_file(&vault);
        std::fs::copy(xungkich::vault::Vault::path_for(&template), &vault).unwrap();
        let mut r = Store::open(&db).unwrap();
        let options = enrolling(plain);
        let t = Instant::now();
        let cpu = cpu_time();
        let reports = r.import_files(files, options, |_| {}).unwrap();
        let took = (t.elapsed(), cpu_time().zip(cpu).map(|(b, a)| b - a));
        for report in &reports {
            assert_eq!(report.status, ImportStatus::Applied, "{:?}", report.reason);
            assert_eq!(report.sealed, what == "sealed");
        }
        drop(r);
        let _ = std::fs::remove_file(&db);
        took
    };
    let (mut in_clear, mut in_seal) = (Vec::new(), Vec::new());
    for run in 0..3 {
        in_clear.push(import(plain, run, "plain"));
        in_seal.push(import(&sealed, run, "sealed"));
    }
    let median = |runs: &[(Duration, Option<Duration>)],
                  pick: fn(&(Duration, Option<Duration>)) -> Option<Duration>| {
        let mut v: Vec<Duration> = runs.iter().filter_map(pick).collect();
        v.sort();
        v.get(v.len() / 2).copied()
    };
    let wall = |r: &(Duration, Option<Duration>)| Some(r.0);
    let cpu = |r: &(Duration, Option<Duration>)| r.1;
    let (clear, seal) = (
        median(&in_clear, wall).unwrap(),
        median(&in_seal, wall).unwrap(),
    );
    println!(
        "| `import` of the same {} bundles sealed to the receiving unit's card ({:.1} MB sealed), wall time | median of 3: {:.2} s | the same bundles in clear, median of 3: {:.2} s | {:.3} × in clear |",
        codes.len(),
        sealed_bytes as f64 / 1e6,
        seal.as_secs_f64(),
        clear.as_secs_f64(),
        seal.as_secs_f64() / clear.as_secs_f64()
    );
    if let (Some(clear), Some(seal)) = (median(&in_clear, cpu), median(&in_seal, cpu)) {
        println!(
            "| the same imports, CPU time (both threads) | median of 3: {:.2} s | in clear: {:.2} s | {:.3} × in clear |",
            seal.as_secs_f64(),
            clear.as_secs_f64(),
            seal.as_secs_f64() / clear.as_secs_f64()
        );
    }
}
