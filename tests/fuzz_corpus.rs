//! The fuzz corpus replayed on stable: every file of `fuzz/corpus/<target>/` goes
//! through the same function its libFuzzer target calls (`fuzz/src/lib.rs`, included
//! here by path), and none may panic. The corpus holds the seeds below and what the
//! fuzzer kept for new coverage, minimised (see `fuzz/README.md`), so a crash once
//! found, added to the corpus, stays a regression test without nightly or libFuzzer.
//!
//! `XUNGKICH_FUZZ_SEEDS=1 cargo test --test fuzz_corpus` (re)writes the seeds from real
//! bundles the engine makes: a demo commune's first and incremental bundles and a
//! one-village one.

mod support;

#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::json;
use xungkich::installation::Role;
use xungkich::units::UnitSet;
use xungkich::Store;

fn corpus(target: &str) -> PathBuf {
    support::root().join("fuzz/corpus").join(target)
}

#[test]
fn every_corpus_input_replays_without_a_panic() {
    if std::env::var_os("XUNGKICH_FUZZ_SEEDS").is_some() {
        write_seeds();
    }
    for (target, run) in harness::TARGETS {
        let dir = corpus(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|f| f.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}: no corpus", dir.display());
        for file in &files {
            let data = std::fs::read(file).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{target}: {} panics", file.display());
        }
        println!("{target}: {} inputs replayed", files.len());
    }
}

/// The seeds are real: a bundle the engine wrote, whole (for the container and the
/// checks), as the `signed` target's manifest-and-entries text, and line by line.
#[test]
fn the_seed_bundles_pass_every_check() {
    for bundle in seed_bundles() {
        xungkich::sync::import::check_bundle(&bundle).unwrap();
        let signed = harness::signed_bundle(&signed_input(&bundle)).unwrap();
        xungkich::sync::import::check_bundle(&signed).unwrap();
        for (kind, line) in record_lines(&bundle) {
            xungkich::sync::import::check_record_line(&kind, &line).unwrap();
        }
    }
}

fn seed_bundles() -> Vec<Vec<u8>> {
    let mut small = Store::open_in_memory().unwrap();
    small
        .init(Role::Commune, UnitSet::Y2008, support::COMMUNE)
        .unwrap();
    let village = json!({"name": "Thôn Đông", "village_type": "thon"});
    small
        .create("village", village.as_object().unwrap())
        .unwrap();
    let mut demo = support::demo_commune();
    let first = support::export(&mut demo, false);
    support::edit_and_delete(&mut demo);
    let second = support::export(&mut demo, false);
    vec![support::export(&mut small, false), first, second]
}

/// A bundle as the `signed` target reads it: the manifest, then each other entry's name
/// and bytes.
fn signed_input(bundle: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in support::entries(bundle) {
        if name == xungkich::sync::SIGNATURE_ENTRY {
            continue;
        }
        if name != xungkich::sync::MANIFEST_ENTRY {
            out.push(harness::SEPARATOR);
            out.extend_from_slice(name.as_bytes());
            out.push(harness::SEPARATOR);
        }
        assert!(!data.contains(&harness::SEPARATOR), "{name} holds a NUL");
        out.extend_from_slice(&data);
    }
    out
}

/// Every record line of a bundle, with its kind.
fn record_lines(bundle: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (name, data) in support::entries(bundle) {
        let Some(kind) = name
            .strip_prefix("records/")
            .and_then(|n| n.strip_suffix(".jsonl"))
        else {
            continue;
        };
        for line in data.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            out.push((kind.to_string(), line.to_vec()));
        }
    }
    out
}

fn write_seeds() {
    let bundles = seed_bundles();
    let write = |target: &str, name: String, data: &[u8]| {
        let dir = corpus(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("seed-{name}")), data).unwrap();
    };
    for (i, bundle) in bundles.iter().enumerate() {
        write("container", format!("bundle-{i}"), bundle);
        write("manifest", format!("bundle-{i}"), bundle);
        write("signed", format!("bundle-{i}"), &signed_input(bundle));
    }
    // Of each kind, the first line and the longest, each also as a newer kind's.
    let mut picked: BTreeMap<String, (Vec<u8>, Vec<u8>)> = BTreeMap::new();
    for (kind, line) in bundles.iter().flat_map(|b| record_lines(b)) {
        let (_, longest) = picked
            .entry(kind)
            .or_insert_with(|| (line.clone(), line.clone()));
        if line.len() > longest.len() {
            *longest = line;
        }
    }
    for (kind, (first, longest)) in picked {
        let longest = (longest != first).then_some(longest);
        for (tag, line) in [("first", Some(first)), ("longest", longest)] {
            let Some(line) = line else { continue };
            for (as_kind, suffix) in [(kind.as_str(), ""), (harness::UNKNOWN_KIND, "-as-newer")] {
                let mut input = vec![harness::pick_of(as_kind)];
                input.extend_from_slice(&line);
                write("record_line", format!("{kind}-{tag}{suffix}"), &input);
            }
        }
    }
}
