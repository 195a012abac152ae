//! 3. Search over a million members, against a LIKE scan.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use xungkich::demo::{generate, DemoOptions};
use xungkich::installation::Role;
use xungkich::units::UnitSet;
use xungkich::Store;

use super::common::*;

pub fn bench_search(out: &Path, today: NaiveDate, members: usize) {
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
