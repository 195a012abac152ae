//! 5. Reads on a reading connection while the writer imports, against the same reads alone.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use xungkich::installation::Role;
use xungkich::units::UnitSet;
use xungkich::Store;

use super::common::*;

/// One writer, many readers: a province database holding half of the communes (their
/// bundles imported), read through a reading connection (the window's screens) with
/// nothing else running, then again while the writer imports the other half's bundles
/// in one batch. The reads are computed each time (no cache): the overview across the
/// communes and one commune's drill-down, in turn.
pub fn bench_concurrent(out: &Path, today: NaiveDate, limit: usize) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use xungkich::receiver::OverviewOptions;
    use xungkich::sync::import::ImportStatus;
    let dir = out.join(format!("concurrent-{limit}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The overview benchmark's bundles when it kept them, else made here.
    let kept = out.join(format!("overview-{limit}")).join("bundles");
    let (province, bundles) = if kept.is_dir() {
        ("79", kept)
    } else {
        let (province, _, _) = province_bundles(&dir, today, limit);
        let _ = std::fs::remove_dir_all(dir.join("communes"));
        (province, dir.join("bundles"))
    };
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&bundles)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (held, arriving) = files.split_at(files.len() / 2);
    let held_codes: Vec<String> = held
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let options = enrolling(&files);
    let db = dir.join("province.db");
    let mut writer = Store::open(&db).unwrap();
    writer
        .init(Role::Receiver, UnitSet::Y2025, province)
        .unwrap();
    writer.import_files(held, options.clone(), |_| {}).unwrap();
    let reader = Store::open_reader(&db).unwrap();
    let overview_options = OverviewOptions::default();
    let read = |i: usize| {
        if i % 2 == 0 {
            let o = reader.receiver_overview(today, &overview_options).unwrap();
            std::hint::black_box(o.communes.len());
        } else {
            let code = &held_codes[(i / 2) % held_codes.len()];
            let d = reader.commune_detail(code, today).unwrap();
            std::hint::black_box(d.teams.len());
        }
    };
    // Baseline: the same reads, nothing else running.
    read(0);
    let mut quiet: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for i in 0..40 {
        let t = Instant::now();
        read(i);
        quiet[i % 2].push(t.elapsed());
    }
    // The same reads while the writer imports the other half in one transaction.
    let importing = AtomicBool::new(true);
    let mut busy: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    let import_time = std::thread::scope(|scope| {
        let import = scope.spawn(|| {
            let t = Instant::now();
            let reports = writer.import_files(arriving, options, |_| {}).unwrap();
            let took = t.elapsed();
            importing.store(false, Ordering::SeqCst);
            assert!(reports.iter().all(|r| r.status == ImportStatus::Applied));
            took
        });
        let mut i = 0;
        while importing.load(Ordering::SeqCst) {
            let t = Instant::now();
            read(i);
            busy[i % 2].push(t.elapsed());
            i += 1;
        }
        import.join().unwrap()
    });
    // The reader still answers from the snapshot it had; a new read sees the import.
    let after = reader.receiver_overview(today, &overview_options).unwrap();
    assert_eq!(
        after
            .communes
            .iter()
            .filter(|c| c.last_bundle.is_some())
            .count(),
        files.len()
    );
    for (what, q, b) in [
        (
            format!("overview of {} communes", held.len()),
            &mut quiet[0].clone(),
            &mut busy[0].clone(),
        ),
        (
            "one commune's drill-down".to_string(),
            &mut quiet[1].clone(),
            &mut busy[1].clone(),
        ),
    ] {
        let (qm, qp) = median_p95(q);
        let (bm, bp) = median_p95(b);
        println!(
            "| {what}, computed on a reading connection while the writer imports {} bundles ({:.1} s; {} reads during it) | median {bm:.0} ms, p95 {bp:.0} ms | the same read, no import: median {qm:.0} ms, p95 {qp:.0} ms | p95 {:.2} × |",
            arriving.len(),
            import_time.as_secs_f64(),
            b.len(),
            bp / qp
        );
    }
}
