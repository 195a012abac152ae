//! What the proof suites (`tests/mutation.rs`, `tests/fuzz_corpus.rs`) share: a commune
//! of Quận Ba Đình with demo data, its real signed bundles, and the district that
//! receives them, all through the engine's public API, as in `src/sync/tests.rs`.

// Each test binary that includes this module uses only part of it.
#![allow(dead_code)]

use std::path::Path;

use serde_json::json;
use xungkich::bundle::container::{self, Limits};
use xungkich::installation::Role;
use xungkich::records::ListQuery;
use xungkich::sync::export::ExportOptions;
use xungkich::units::UnitSet;
use xungkich::Store;

pub const COMMUNE: &str = "00001"; // Phường Phúc Xá, under Quận Ba Đình (001)
pub const DISTRICT: &str = "001";

/// A commune with the demo's records: several kinds, scanned decisions (attachments),
/// references between records. Small options keep a debug build quick.
pub fn demo_commune() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, COMMUNE).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut o = xungkich::demo::DemoOptions::new(today);
    o.villages = 3;
    o.members_per_team = 4;
    o.activities = 10;
    xungkich::demo::generate(&mut s, &o).unwrap();
    s
}

pub fn district() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Receiver, UnitSet::Y2008, DISTRICT).unwrap();
    s
}

/// A bundle as `xungkich export` writes it: to a file (through the engine's atomic
/// writer and read-back check), logged as exported, then read.
pub fn export(s: &mut Store, full: bool) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("goi.zip");
    // In clear, as chosen explicitly: these bundles serve tests of the format and the
    // command line; sealed bundles have their own (tests/sealed.rs, src/sync/sealed.rs).
    let options = ExportOptions {
        full,
        unencrypted: true,
        ..Default::default()
    };
    s.export(&file, options).unwrap();
    std::fs::read(&file).unwrap()
}

/// Changes after a first export, for an incremental bundle: an edit and a tombstone.
pub fn edit_and_delete(s: &mut Store) {
    let team = s.list("team", &ListQuery::default()).unwrap().remove(0);
    let changes = json!({"base_location": "Nhà văn hóa mới"});
    let changes = changes.as_object().unwrap().clone();
    s.update("team", &team.id, &changes).unwrap();
    let activity = s.list("activity", &ListQuery::default()).unwrap().remove(0);
    s.delete("activity", &activity.id).unwrap();
}

/// The entries of a container, in order, read with the library's reader.
pub fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let index = container::read_index(bytes, &Limits::DEFAULT).unwrap();
    index
        .entries()
        .iter()
        .map(|e| {
            let data = container::read_entry(bytes, e, &Limits::DEFAULT).unwrap();
            (e.name.clone(), data)
        })
        .collect()
}

/// The repository's root, where `fuzz/` is.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
