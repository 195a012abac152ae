//! 4. The receiving unit's overview, drill-downs and report, against a full scan.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use xungkich::installation::Role;
use xungkich::units::UnitSet;
use xungkich::Store;

use super::common::*;

/// The overview, drill-down and report on a province database built by importing the
/// demo bundles of [`province_bundles`] (kept in `overview/` between runs).
pub fn bench_overview(out: &Path, today: NaiveDate, limit: usize) {
    use xungkich::receiver::{OverviewCache, OverviewOptions};
    use xungkich::report::{self, ReportOptions};
    let dir = out.join(format!("overview-{limit}"));
    let db = dir.join("province.db");
    if !db.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let (province, codes, _) = province_bundles(&dir, today, limit);
        let building = dir.join("building.db");
        let mut store = Store::open(&building).unwrap();
        store
            .init(Role::Receiver, UnitSet::Y2025, province)
            .unwrap();
        let files: Vec<std::path::PathBuf> = codes
            .iter()
            .map(|c| dir.join("bundles").join(format!("{c}.zip")))
            .collect();
        let options = enrolling(&files);
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
    // What the window keeps between commands.
    let kept = OverviewCache::new();
    let overview = kept.overview(&store, today, &options).unwrap();
    let teams = overview.totals.active_teams;
    let communes = overview.communes.len();
    // The first view after an import computes everything; then re-sorting, filtering
    // and drilling down reuse it until something is written.
    let cold = median_of(runs, || {
        kept.clear();
        kept.overview(&store, today, &options).unwrap()
    });
    let compliance_time = median_of(runs, || store.compliance(today).unwrap());
    // What keeps the first view short: each team's facts, kept (schema 5). Recomputing
    // all of them is what a first import or an upgraded file pays once; a saved form
    // makes one team stale, recomputed by the next view.
    let rebuild = median_of(5, || {
        conn.execute_batch("UPDATE team_facts_state SET seq = -1")
            .unwrap();
        kept.clear();
        kept.overview(&store, today, &options).unwrap()
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
            std::hint::black_box(kept.overview(&store, today, &options).unwrap());
            t.elapsed()
        })
        .collect();
    after_write.sort();
    let after_write = after_write[after_write.len() / 2];
    let resort = OverviewOptions {
        sort: xungkich::receiver::SortBy::Compliance,
        descending: true,
        attention_only: true,
        ..Default::default()
    };
    let warm = median_of(runs, || kept.overview(&store, today, &resort).unwrap());
    let busiest = overview
        .communes
        .iter()
        .max_by_key(|c| c.active_teams)
        .unwrap()
        .unit_code
        .clone();
    let commune_time = median_of(runs, || {
        kept.commune_detail(&store, &busiest, today).unwrap()
    });
    let team = kept.commune_detail(&store, &busiest, today).unwrap().teams[0]
        .team_id
        .clone();
    let team_time = median_of(runs, || kept.team_detail(&store, &team, today).unwrap());
    println!(
        "| overview across communes (`OverviewCache::overview`), {communes} communes, {teams} active teams, {records} records | first view (rules from the kept team facts) median {:.0} ms, of which the rules C1–C8 {:.0} ms; then re-sort/filter {:.1} ms, a commune's drill-down {:.1} ms, a team's {:.1} ms (goal < 50 ms) | full scan of every record table: median {:.0} ms | first view {:.2} × scan, re-sort {:.3} × scan |",
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
            kept.clear();
            kept.report(
                &store,
                today,
                ReportOptions {
                    members,
                    ..Default::default()
                },
            )
            .unwrap()
        });
        let r = kept
            .report(
                &store,
                today,
                ReportOptions {
                    members,
                    ..Default::default()
                },
            )
            .unwrap();
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

    // The report for a period (issue 16): the movement's results per team, commune and
    // the totals, counted in the period and a year earlier, beside the compliance the
    // report always had (measured alone: the same report with its results dropped
    // would need a second code path, so the baseline is the overview's first view,
    // the compliance part of the gathering, and the digest).
    let first_view = median_of(runs, || {
        kept.clear();
        kept.overview(&store, today, &OverviewOptions::default())
            .unwrap()
    });
    for (name, period) in [
        ("a quarter", report::Period::quarter(2026, 3).unwrap()),
        ("a year", report::Period::year(2026).unwrap()),
    ] {
        let gather = median_of(runs, || {
            kept.clear();
            kept.report(
                &store,
                today,
                ReportOptions {
                    period: Some(period),
                    ..Default::default()
                },
            )
            .unwrap()
        });
        println!(
            "| `report --{}` ({}): results in the period and a year earlier, per team, commune and in total, with C1–C8 | gathering median {:.0} ms (goal < 1,000 ms) | the overview's first view (C1–C8 only): {:.0} ms; `digest`: {:.0} ms | {:.2} × first view; {:.3} × digest |",
            if name == "a year" { "year 2026" } else { "quarter 3/2026" },
            name,
            ms(gather),
            ms(first_view),
            ms(digest),
            gather.as_secs_f64() / first_view.as_secs_f64(),
            gather.as_secs_f64() / digest.as_secs_f64()
        );
    }
}
