//! What each fuzz target does with its input, in one place: the libFuzzer targets in
//! `fuzz_targets/` call these, and the engine's `tests/fuzz_corpus.rs` replays the
//! committed corpus through the very same functions on stable (it includes this file by
//! path), so a corpus input that once crashed keeps being tried by `cargo test`.
//!
//! Only the engine and crates the engine already depends on are used here, for that
//! reason. Results are thrown away: a refusal is a correct answer, only a panic, a hang
//! or a runaway allocation is a finding.

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use xungkich::bundle::container::{self, Limits};
use xungkich::sync::import::{check_bundle, check_record_line};
use xungkich::sync::{MANIFEST_ENTRY, SIGNATURE_ENTRY};

/// What a target does with one input.
pub type Target = fn(&[u8]);

/// Every target by the name of its corpus folder (`fuzz/corpus/<name>/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("container", container),
    ("manifest", manifest),
    ("signed", signed),
    ("record_line", record_line),
];

/// The ZIP reader alone: the index, then every entry inflated under its caps. An archive
/// it reads whole must also survive the writer and read back the same, so the reader
/// and the writer cannot drift apart on what a valid container is.
pub fn container(data: &[u8]) {
    let limits = Limits::DEFAULT;
    let Ok(index) = container::read_index(data, &limits) else {
        return;
    };
    let mut entries = Vec::new();
    for entry in index.entries() {
        if let Ok(bytes) = container::read_entry(data, entry, &limits) {
            entries.push((entry.name.clone(), bytes));
        }
    }
    if entries.len() != index.len() {
        return;
    }
    let rewritten = container::write(&entries).expect("the writer takes what the reader took");
    let again = container::read_index(&rewritten, &limits).expect("the writer's output reads");
    assert_eq!(again.len(), entries.len());
    for (entry, (name, bytes)) in again.entries().iter().zip(&entries) {
        assert_eq!(&entry.name, name);
        let read = container::read_entry(&rewritten, entry, &limits).expect("entry reads");
        assert_eq!(&read, bytes);
    }
}

/// A whole bundle file through every check an import makes before the database.
pub fn manifest(data: &[u8]) {
    let _ = check_bundle(data);
}

/// The fixed key the `signed` target signs with: a stolen or insider key can sign
/// anything, so what lies past the signature must stand on its own.
fn insider_key() -> SigningKey {
    SigningKey::from_bytes(&[0x42; 32])
}

/// Splits `signed` input: the manifest, then (name, data) pairs, NUL-separated (the
/// seeds' JSON Lines, names and PDF scans hold no NUL).
pub const SEPARATOR: u8 = 0;

/// A bundle past its signature. Random bytes almost never carry a valid Ed25519
/// signature over a manifest that lists the right SHA-256 of every entry, so the
/// `manifest` target stops at the signature; this one builds that much itself. The input
/// is the manifest and the entries (see [`SEPARATOR`]); when the manifest is a JSON
/// object its `sender.public_key` becomes the insider's key and its `entries` list
/// each given entry's true hash and size, then it is signed and everything is zipped
/// with the engine's writer. Counts, ranges, kinds, record lines, scans: all the
/// fuzzer's.
pub fn signed(data: &[u8]) {
    let Some(bundle) = signed_bundle(data) else {
        return;
    };
    let _ = check_bundle(&bundle);
}

/// The bundle [`signed`] checks, or `None` when the writer refuses the entries (a name
/// the container does not allow, two of the same name).
pub fn signed_bundle(data: &[u8]) -> Option<Vec<u8>> {
    let mut parts = data.split(|&b| b == SEPARATOR);
    let template = parts.next().unwrap_or_default();
    let mut entries = Vec::new();
    while let (Some(name), Some(bytes)) = (parts.next(), parts.next()) {
        entries.push((String::from_utf8_lossy(name).into_owned(), bytes.to_vec()));
    }
    let key = insider_key();
    let manifest = match serde_json::from_slice::<Value>(template) {
        Ok(Value::Object(mut m)) => {
            if let Some(Value::Object(sender)) = m.get_mut("sender") {
                let public = hex::encode(key.verifying_key().as_bytes());
                sender.insert("public_key".into(), Value::String(public));
            }
            if let Some(Value::Object(listed)) = m.get_mut("entries") {
                for (name, bytes) in &entries {
                    let sha256 = hex::encode(Sha256::digest(bytes));
                    listed.insert(name.clone(), json!({"sha256": sha256, "size": bytes.len()}));
                }
            }
            let mut bytes = serde_json::to_vec(&m).expect("a JSON value serialises");
            bytes.push(b'\n');
            bytes
        }
        // Not an object: signed as it is, for the manifest parser's sake.
        _ => template.to_vec(),
    };
    let signature = key.sign(&manifest).to_bytes().to_vec();
    let mut all = vec![
        (MANIFEST_ENTRY.to_string(), manifest),
        (SIGNATURE_ENTRY.to_string(), signature),
    ];
    all.extend(entries);
    container::write(&all).ok()
}

/// Name given to the record parser when the first byte picks no kind of the catalogue:
/// a kind from a newer version, whose lines are checked all the same.
pub const UNKNOWN_KIND: &str = "newer_kind";

/// One record line: the first byte picks the kind (`kinds::ALL`, or one past the end
/// for [`UNKNOWN_KIND`]), the rest is the line.
pub fn record_line(data: &[u8]) {
    let Some((&pick, line)) = data.split_first() else {
        return;
    };
    let _ = check_record_line(kind_of(pick), line);
}

/// The kind a `record_line` input's first byte picks.
pub fn kind_of(pick: u8) -> &'static str {
    let all = xungkich::kinds::ALL;
    all.get(usize::from(pick) % (all.len() + 1))
        .map_or(UNKNOWN_KIND, |k| k.name)
}

/// The first byte that picks `kind` (the inverse of [`kind_of`]), for making seeds.
pub fn pick_of(kind: &str) -> u8 {
    let all = xungkich::kinds::ALL;
    let i = all.iter().position(|k| k.name == kind).unwrap_or(all.len());
    u8::try_from(i).expect("fewer than 256 kinds")
}
