//! Mutation suite (P6, P9 of the reliability brief): a real signed commune bundle,
//! altered, imported by the district. Every altered file is either refused, with a
//! reason code and a Vietnamese reason, the district unchanged, or (when the change
//! hit bytes that mean nothing: a ZIP comment, a header's time, the order of entries)
//! applied with exactly the content an untouched import gives. Never a panic, never an
//! `Err` from the import call itself, and the heap stays bounded.
//!
//! The default (short) form runs in `cargo test`: every byte of `manifest.sig` changed
//! once and 500 random mutations. `XUNGKICH_MUTATIONS=10000` gives the full form: that
//! many random mutations, every byte of `manifest.sig` changed to each of its 255 other
//! values, every byte of `manifest.json` changed (each bit, and to its complement) and
//! repacked unsigned, and every bit of the manifest's local header and data flipped in
//! place. `XUNGKICH_MUTATION_SEED=N` replays a run (the seed is printed).

mod support;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use peak_alloc::PeakAlloc;
use unicode_normalization::UnicodeNormalization;
use xungkich::bundle::container::{self, Limits};
use xungkich::sync::import::{signer_of, ImportOptions, ImportStatus};
use xungkich::sync::senders::EnrolConsent;
use xungkich::sync::{MANIFEST_ENTRY, SIGNATURE_ENTRY};
use xungkich::Store;

#[path = "mutation/raw.rs"]
mod raw;

/// Counts every live byte the Rust side allocates (SQLite's own pages are not counted:
/// its allocator is the C library's), so the import's peak can be bounded.
#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const SHORT_FORM: usize = 500;

/// The district that receives the mutants, kept as it was before each one.
struct District {
    store: Store,
    options: ImportOptions,
    /// The state of an empty district, and of one that imported the untouched bundle.
    empty: State,
    applied: State,
    seed: u64,
    /// Outcomes by phase, then by reason code (or `applied`).
    tally: BTreeMap<&'static str, BTreeMap<String, u64>>,
}

/// What an import could touch: the content digest, the import log and the senders.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    digest: String,
    imports: i64,
    senders: i64,
}

fn state(s: &Store) -> State {
    let count = |sql: &str| {
        s.connection()
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    State {
        digest: s.digest(None).unwrap().sha256,
        imports: count("SELECT count(*) FROM import_log"),
        senders: count("SELECT count(*) FROM senders"),
    }
}

/// Vietnamese as our messages write it: with its tone and vowel marks (or đ).
fn vietnamese(text: &str) -> bool {
    let marks = [
        '\u{300}', '\u{301}', '\u{302}', '\u{303}', '\u{306}', '\u{309}', '\u{31B}', '\u{323}',
    ];
    text.contains(['đ', 'Đ']) || text.nfd().any(|c| marks.contains(&c))
}

impl District {
    fn new(bundle: &[u8], seed: u64) -> District {
        let fingerprint = signer_of(bundle).unwrap().fingerprint;
        let options = ImportOptions {
            consent: EnrolConsent::new(&[fingerprint], &[]).unwrap(),
            dry_run: false,
        };
        let mut store = support::district();
        let empty = state(&store);
        let report = import(&mut store, bundle, &options).unwrap();
        assert_eq!(report.status, ImportStatus::Applied, "{:?}", report.reason);
        let applied = state(&store);
        District {
            store: support::district(),
            options,
            empty,
            applied,
            seed,
            tally: BTreeMap::new(),
        }
    }

    /// Imports one mutant and checks the outcome; `may_apply` is false where no change
    /// of those bytes can be harmless (the signed manifest, the signature).
    fn try_mutant(&mut self, phase: &'static str, what: &str, bytes: &[u8], may_apply: bool) {
        let context = || format!("{phase}: {what} (seed {})", self.seed);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            import(&mut self.store, bytes, &self.options)
        }));
        let report = match outcome {
            Ok(Ok(report)) => report,
            Ok(Err(e)) => panic!("{}: the import itself failed: {e}", context()),
            Err(_) => panic!("{}: the import panicked", context()),
        };
        let after = state(&self.store);
        let code = match report.status {
            ImportStatus::Rejected => {
                let code = report
                    .reason_code
                    .unwrap_or_else(|| panic!("{}: no code", context()));
                let reason = report.reason.unwrap_or_default();
                assert!(vietnamese(&reason), "{}: reason {reason:?}", context());
                assert_eq!(after, self.empty, "{}: refused but changed", context());
                code.to_string()
            }
            ImportStatus::Applied => {
                assert!(may_apply, "{}: applied", context());
                assert_eq!(after, self.applied, "{}: applied other content", context());
                // Back to an empty district, so that every mutant meets the same one.
                self.store = support::district();
                "applied".to_string()
            }
            ImportStatus::Duplicate => panic!("{}: a duplicate in an empty district", context()),
        };
        *self
            .tally
            .entry(phase)
            .or_default()
            .entry(code)
            .or_default() += 1;
    }
}

fn import(
    store: &mut Store,
    bytes: &[u8],
    options: &ImportOptions,
) -> xungkich::Result<xungkich::sync::import::ImportReport> {
    store.import_bytes(Path::new("goi.zip"), bytes, options.clone())
}

/// The bundle with one entry's bytes replaced, repacked by the engine's writer, as an
/// attacker who cannot sign would.
fn repack(entries: &[(String, Vec<u8>)], name: &str, data: &[u8]) -> Vec<u8> {
    let replaced: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), if n == name { data } else { d.as_slice() }))
        .collect();
    container::write(&replaced).unwrap()
}

/// Every byte of one entry changed by each of `changes` (XORed in), repacked.
fn sweep_entry(d: &mut District, phase: &'static str, bundle: &[u8], name: &str, changes: &[u8]) {
    let entries = support::entries(bundle);
    let original = &entries.iter().find(|(n, _)| n == name).unwrap().1;
    for at in 0..original.len() {
        for &x in changes {
            let mut data = original.clone();
            data[at] ^= x;
            let what = format!("{name} byte {at} ^ {x:#04x}");
            d.try_mutant(phase, &what, &repack(&entries, name, &data), false);
        }
    }
}

/// Every bit of the manifest's local header, name and data flipped in the file itself.
fn sweep_manifest_region(d: &mut District, bundle: &[u8]) {
    let index = container::read_index(bundle, &Limits::DEFAULT).unwrap();
    let manifest = index.get(MANIFEST_ENTRY).unwrap();
    let end = (manifest.data_offset + manifest.compressed_size) as usize;
    for at in 0..end {
        for bit in 0..8 {
            let mut bytes = bundle.to_vec();
            bytes[at] ^= 1 << bit;
            let what = format!("file byte {at} bit {bit}");
            // Harmless where nothing reads the bit: the local header's version, time
            // and date, and the padding after the end of the DEFLATE stream.
            d.try_mutant("manifest region bit flips", &what, &bytes, true);
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(value.parse().unwrap_or_else(|_| panic!("{name}={value}")))
}

#[test]
fn mutated_bundles_are_refused_or_harmless() {
    let started = std::time::Instant::now();
    let asked = env_number("XUNGKICH_MUTATIONS");
    let (full, random) = (asked.is_some(), asked.map_or(SHORT_FORM, |n| n as usize));
    let seed = env_number("XUNGKICH_MUTATION_SEED").unwrap_or_else(raw::clock_seed);
    println!("seed {seed} (XUNGKICH_MUTATION_SEED={seed} replays this run)");

    let mut commune = support::demo_commune();
    let bundle = support::export(&mut commune, false);
    let mut district = District::new(&bundle, seed);
    let baseline = HEAP.current_usage();
    HEAP.reset_peak_usage();

    let sig_changes: Vec<u8> = if full {
        (1..=255).collect()
    } else {
        vec![0xff]
    };
    sweep_entry(
        &mut district,
        "manifest.sig bytes",
        &bundle,
        SIGNATURE_ENTRY,
        &sig_changes,
    );
    if full {
        let mut changes: Vec<u8> = (0..8).map(|b| 1u8 << b).collect();
        changes.push(0xff);
        sweep_entry(
            &mut district,
            "manifest.json bytes",
            &bundle,
            MANIFEST_ENTRY,
            &changes,
        );
        sweep_manifest_region(&mut district, &bundle);
    }
    let mut rng = raw::Rng::new(seed);
    for i in 0..random {
        let (what, bytes) = raw::mutate(&bundle, &mut rng);
        district.try_mutant("random", &format!("#{i} {what}"), &bytes, true);
    }

    let peak = HEAP.peak_usage().saturating_sub(baseline);
    let bound = 2 * bundle.len() + (64 << 20);
    println!(
        "bundle {} bytes; {} s; heap peak above the baseline {:.1} MiB (bound {:.1} MiB)",
        bundle.len(),
        started.elapsed().as_secs_f64(),
        peak as f64 / 1048576.0,
        bound as f64 / 1048576.0
    );
    for (phase, codes) in &district.tally {
        let total: u64 = codes.values().sum();
        println!("{phase}: {total} mutants: {codes:?}");
    }
    assert!(peak < bound, "heap peak {peak} over {bound}");
}
