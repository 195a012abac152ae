//! One writer, many readers: what a reading connection sees, that it never writes, and
//! that the writer keeps the derived team facts current inside its own transactions.

use serde_json::json;

use crate::error::Error;
use crate::installation::Role;
use crate::records::Fields;
use crate::units::UnitSet;
use crate::Store;

fn fields(v: serde_json::Value) -> Fields {
    serde_json::from_value(v).unwrap()
}

fn commune_file() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = Store::open(dir.path().join("xã.db")).unwrap();
    writer.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    (dir, writer)
}

fn teams(store: &Store) -> usize {
    store.list("team", &Default::default()).unwrap().len()
}

/// `(seq the facts followed, the newest change)`: equal when the facts are current.
fn facts_state(store: &Store) -> (i64, i64) {
    store
        .conn()
        .query_row(
            "SELECT (SELECT seq FROM team_facts_state), (SELECT seq_last FROM installation)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn a_reader_sees_what_was_committed_and_never_writes() {
    let (dir, mut writer) = commune_file();
    let reader = Store::open_reader(dir.path().join("xã.db")).unwrap();
    assert!(reader.is_reader() && !writer.is_reader());
    assert_eq!(reader.installation().unwrap().unit_code, "00001");
    writer
        .create(
            "team",
            &fields(json!({"name": "Tổ Đông", "model_type": "to_bao_ve_antt",
                           "status": "hoat_dong"})),
        )
        .unwrap();
    assert_eq!(teams(&reader), 1, "a commit is seen at the next read");

    // What the writer has not committed is not seen, and the reader is not blocked.
    let tx = writer.begin_write().unwrap();
    tx.execute("UPDATE teams SET name = 'Tổ đổi tên'", [])
        .unwrap();
    let names = reader.list("team", &Default::default()).unwrap();
    assert_eq!(names[0].fields["name"], "Tổ Đông");
    drop(tx);

    // Every way of writing through a reader is refused, and nothing changes.
    let mut reader = reader;
    let refused = reader.create(
        "village",
        &fields(json!({"name": "Thôn Tây", "village_type": "thon"})),
    );
    assert!(
        matches!(refused, Err(Error::Internal { .. })),
        "{refused:?}"
    );
    let raw = reader.conn().execute("DELETE FROM teams", []);
    assert!(raw.is_err(), "query_only");
    assert_eq!(teams(&writer), 1);
}

#[test]
fn a_reader_needs_the_writer_to_have_migrated_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mới.db");
    std::fs::write(&path, b"").unwrap();
    let refused = Store::open_reader(&path);
    assert!(
        matches!(refused, Err(Error::Internal { .. })),
        "{refused:?}"
    );
    Store::open(&path).unwrap();
    Store::open_reader(&path).unwrap();
}

#[test]
fn every_write_leaves_the_team_facts_current() {
    let (dir, mut writer) = commune_file();
    let team = writer
        .create(
            "team",
            &fields(json!({"name": "Tổ Đông", "model_type": "to_bao_ve_antt",
                           "status": "hoat_dong"})),
        )
        .unwrap()
        .id;
    let (followed, newest) = facts_state(&writer);
    assert_eq!(followed, newest, "the facts followed the write itself");
    let reader = Store::open_reader(dir.path().join("xã.db")).unwrap();
    let stored = crate::compliance::facts::stored(reader.conn(), &team).unwrap();
    assert!(stored.is_some(), "the reader finds the team's facts kept");
    // A reader's compliance pass reads them as they are (it could not write them).
    let report = reader.compliance(crate::ops::today()).unwrap();
    assert_eq!(report.teams.len(), 1);
    writer.delete("team", &team).unwrap();
    let (followed, newest) = facts_state(&writer);
    assert_eq!(followed, newest);
    assert!(reader
        .compliance(crate::ops::today())
        .unwrap()
        .teams
        .is_empty());
}
