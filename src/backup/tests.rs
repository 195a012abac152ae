//! Backups on real files: stale temporary files of ours beside a backup are cleared.

use std::time::Duration;

use serde_json::json;

use crate::atomic_file::tests::{left_behind, OLD};
use crate::installation::Role;
use crate::units::UnitSet;
use crate::Store;

/// A commune's database file with one team, in a folder of its own.
fn commune_file() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("xã.db")).unwrap();
    store.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    add_team(&mut store, "Tổ Đông");
    (dir, store)
}

fn add_team(store: &mut Store, name: &str) {
    let fields = json!({"name": name, "model_type": "to_bao_ve_antt", "status": "hoat_dong"});
    store.create("team", fields.as_object().unwrap()).unwrap();
}

#[test]
fn a_backup_clears_stale_temporary_files_of_ours_beside_it() {
    let (dir, store) = commune_file();
    let d = dir.path();
    let aged = |name: &str, age: Duration| left_behind(d, name, age);
    let stale = [
        aged(".sao lưu.db.99999.tmp", OLD),
        aged(".xungkich-saoluu-00001-20260101-0900.db.99999.tmp", OLD),
        aged(
            ".xungkich-saoluu-00001-20260101-0900.db.99999.tmp-journal",
            OLD,
        ),
    ];
    let kept = [
        aged(".other.tmp", OLD),
        // Our pattern, for a name neither being written nor one the program proposes.
        aged(".x.bundle.99999.tmp", OLD),
        aged(".ghi chú.txt.99999.tmp", OLD),
        aged("ghi chú.txt", OLD),
        // Ours, but being written by another process right now.
        aged(
            ".xungkich-saoluu-00001-20260102-0900.db.4242.tmp",
            Duration::ZERO,
        ),
    ];
    store.backup(&d.join("sao lưu.db")).unwrap();
    for path in &stale {
        assert!(!path.exists(), "{path:?} removed");
    }
    for path in &kept {
        assert!(path.exists(), "{path:?} kept");
    }
}
