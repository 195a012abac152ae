//! The dossier of a demo team: a ZIP and a folder with the index first, every signed
//! decision as a document, the scans the program keeps byte for byte, the member list,
//! the regulation and the four books; drafts named as left out; an existing folder
//! never overwritten; a receiving unit refused.

use std::io::Read;

use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::demo::{generate, DemoOptions};
use crate::units::UnitSet;

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

/// A small demo commune and the team with the most decisions.
fn demo() -> (Store, String) {
    let mut store = Store::open_in_memory().unwrap();
    store.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let mut o = DemoOptions::new(on());
    o.villages = 3;
    o.members_per_team = 6;
    o.activities = 30;
    generate(&mut store, &o).unwrap();
    let teams = store.list("team", &ListQuery::default()).unwrap();
    let team = teams
        .iter()
        .max_by_key(|t| {
            store
                .list("decision", &ListQuery::children_of("team_id", &t.id))
                .unwrap()
                .len()
        })
        .unwrap()
        .id
        .clone();
    (store, team)
}

fn options() -> DossierOptions {
    DossierOptions {
        on: on(),
        personal_data: false,
    }
}

#[test]
fn a_zip_holds_the_index_the_signed_decisions_the_scans_and_the_books() {
    let (mut store, team) = demo();
    // A scan of the team's own, attached as a document.
    let scan = {
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        png.extend_from_slice(b"anh chup bien ban");
        png
    };
    let stored = store.add_attachment(&scan).unwrap();
    let fields = json!({"team_id": team, "title": "Biên bản họp tổ", "sha256": stored.sha256,
                        "doc_date": "01/10/2026"});
    store
        .create("document", fields.as_object().unwrap())
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hồ sơ.zip");
    let saved = store.write_team_dossier(&team, options(), &path).unwrap();
    assert!(saved.zip);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_string())
        .collect();
    let listed: Vec<&str> = saved.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(listed[0], "00-muc-luc.html", "the index comes first");
    let mut sorted_names = names.clone();
    sorted_names.sort();
    let mut sorted_listed: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    sorted_listed.sort();
    assert_eq!(sorted_names, sorted_listed, "what is said is what is in it");

    let decisions = store
        .list("decision", &ListQuery::children_of("team_id", &team))
        .unwrap();
    let signed = decisions
        .iter()
        .filter(|d| d.text("state") != Some("du_thao"))
        .count();
    let drafts = decisions.len() - signed;
    let docx = names
        .iter()
        .filter(|n| n.starts_with("01-quyet-dinh/"))
        .count();
    // A decision that cannot be built is named with its reason (its words start
    // "Quyết định"); so is the regulation, which a 2008–2025 ward cannot print for a day
    // after 1/7/2025 until a decision names its issuing unit.
    let draft = |l: &&String| l.contains("còn là dự thảo");
    let unbuildable = saved
        .left_out
        .iter()
        .filter(|l| l.starts_with("Quyết định") && !draft(l))
        .count();
    assert!(signed > 0, "the demo team has signed decisions");
    assert_eq!(docx + unbuildable, signed, "{:?}", saved.left_out);
    assert_eq!(saved.left_out.iter().filter(draft).count(), drafts);
    let regulation_in = names.iter().any(|n| n == "04-quy-che-hoat-dong.docx");
    let regulation_out = saved
        .left_out
        .iter()
        .any(|l| l.starts_with("Quy chế hoạt động: "));
    assert!(regulation_in != regulation_out, "{:?}", saved.left_out);
    for name in [
        "03-danh-sach-thanh-vien.docx",
        "03-danh-sach-thanh-vien.xlsx",
        "05-so-hoat-dong.xlsx",
        "06-so-quy.xlsx",
        "07-trang-phuc-cong-cu.xlsx",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    // The scan, byte for byte, under an ASCII name.
    let scan_name = names
        .iter()
        .find(|n| n.starts_with("02-ban-chup/") && n.contains("bien-ban-hop-to"))
        .unwrap_or_else(|| panic!("the scan in {names:?}"))
        .clone();
    assert!(scan_name.ends_with(".png"));
    let mut back = Vec::new();
    archive
        .by_name(&scan_name)
        .unwrap()
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, scan);
    assert!(names.iter().all(|n| n.is_ascii()), "{names:?}");

    // The activity book: a row per activity of the team, never who reported what.
    let mut book = Vec::new();
    archive
        .by_name("05-so-hoat-dong.xlsx")
        .unwrap()
        .read_to_end(&mut book)
        .unwrap();
    let mut xlsx: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(book)).unwrap();
    let range = calamine::Reader::worksheet_range(&mut xlsx, "Sổ hoạt động").unwrap();
    let numbered = range
        .rows()
        .filter(|r| {
            matches!(
                r.first(),
                Some(calamine::Data::Float(_) | calamine::Data::Int(_))
            )
        })
        .count();
    let activities = store
        .list("activity", &ListQuery::children_of("team_id", &team))
        .unwrap();
    assert_eq!(numbered, activities.len());
    let cells: Vec<String> = range.used_cells().map(|(_, _, c)| c.to_string()).collect();
    for a in &activities {
        if let Some(who) = a.text("reporter") {
            assert!(
                !cells.iter().any(|c| c.contains(who)),
                "{who} is kept secret"
            );
        }
    }

    // The index names every file with its Vietnamese title.
    let mut index = String::new();
    archive
        .by_name("00-muc-luc.html")
        .unwrap()
        .read_to_string(&mut index)
        .unwrap();
    assert!(index.contains("Biên bản họp tổ ngày 01/10/2026"), "{index}");
    assert!(index.contains("Sổ quỹ (Excel)"));
    assert_eq!(
        index.contains("Không có trong hồ sơ này"),
        !saved.left_out.is_empty()
    );
    for f in &saved.files[1..] {
        assert!(index.contains(&f.name), "{} not in the index", f.name);
    }
}

#[test]
fn a_folder_is_made_whole_and_never_overwritten() {
    let (store, team) = demo();
    let dir = tempfile::tempdir().unwrap();
    let saved = store
        .write_team_dossier(&team, options(), dir.path())
        .unwrap();
    assert!(!saved.zip);
    assert_eq!(
        saved.path,
        dir.path().join(store.dossier_name(&team, on()).unwrap())
    );
    assert!(saved.path.join("00-muc-luc.html").is_file());
    assert!(saved.path.join("06-so-quy.xlsx").is_file());
    let entries = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(entries, 1, "no temporary folder left behind");

    let e = store
        .write_team_dossier(&team, options(), dir.path())
        .unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().contains("không bị ghi đè"), "{e}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn only_a_commune_makes_a_dossier_of_its_own_teams() {
    let (store, _) = demo();
    let dir = tempfile::tempdir().unwrap();
    let e = store
        .write_team_dossier("khong-co", options(), &dir.path().join("x.zip"))
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert!(!dir.path().join("x.zip").exists());

    let mut receiver = Store::open_in_memory().unwrap();
    receiver
        .init(Role::Receiver, UnitSet::Y2008, "001")
        .unwrap();
    let e = receiver
        .write_team_dossier("khong-co", options(), &dir.path().join("y.zip"))
        .unwrap_err();
    assert_eq!(e.code(), "commune_only");
}

#[test]
fn two_decisions_signed_the_same_day_under_one_number_are_both_kept() {
    let (mut store, team) = demo();
    let decisions = store
        .list("decision", &ListQuery::children_of("team_id", &team))
        .unwrap();
    // A signed decision the dossier holds.
    let dir = tempfile::tempdir().unwrap();
    let before = store
        .write_team_dossier(&team, options(), &dir.path().join("truoc.zip"))
        .unwrap();
    let name_of = |d: &Record| {
        format!(
            "01-quyet-dinh/{}-qd-so-{}.docx",
            d.text("decision_date").unwrap_or_default(),
            d.int("number").unwrap_or_default()
        )
    };
    let signed = decisions
        .iter()
        .find(|d| before.files.iter().any(|f| f.name == name_of(d)))
        .expect("the demo team's dossier holds a signed decision");
    // The same paper recorded twice (a clerk's slip, or two decisions the office
    // numbered alike): both belong in the file, neither may replace the other.
    let mut fields = signed.fields.clone();
    fields.remove("scan_sha256");
    fields.remove("document");
    store.create("decision", &fields).unwrap();

    let zip_path = dir.path().join("ho-so.zip");
    let saved = store
        .write_team_dossier(&team, options(), &zip_path)
        .unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_string())
        .collect();
    let day = signed.text("decision_date").unwrap();
    let number = signed.int("number").unwrap();
    let first = format!("01-quyet-dinh/{day}-qd-so-{number}.docx");
    let second = format!("01-quyet-dinh/{day}-qd-so-{number}-2.docx");
    assert!(names.contains(&first), "{names:?}");
    assert!(names.contains(&second), "{names:?}");
    let mut a = Vec::new();
    archive
        .by_name(&second)
        .unwrap()
        .read_to_end(&mut a)
        .unwrap();
    assert!(!a.is_empty());
    assert_eq!(saved.files.len(), names.len());

    let folder = dir.path().join("thu-muc");
    let saved = store.write_team_dossier(&team, options(), &folder).unwrap();
    assert!(folder.join(&first).is_file() && folder.join(&second).is_file());
    let on_disk = walk(&folder);
    assert_eq!(
        on_disk,
        saved.files.len(),
        "every file listed is on disk, once"
    );
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p)
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn personal_data_adds_the_members_columns_and_nothing_else() {
    let (store, team) = demo();
    let dir = tempfile::tempdir().unwrap();
    let with = DossierOptions {
        personal_data: true,
        ..options()
    };
    let plain_path = dir.path().join("a.zip");
    let personal_path = dir.path().join("b.zip");
    store
        .write_team_dossier(&team, options(), &plain_path)
        .unwrap();
    store
        .write_team_dossier(&team, with, &personal_path)
        .unwrap();
    let read = |path: &std::path::Path, name: &str| {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut bytes = Vec::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        bytes
    };
    let headers = |bytes: Vec<u8>| -> Vec<String> {
        let mut xlsx: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let mut all = Vec::new();
        for sheet in calamine::Reader::sheet_names(&xlsx) {
            let range = calamine::Reader::worksheet_range(&mut xlsx, &sheet).unwrap();
            all.extend(range.used_cells().map(|(_, _, c)| c.to_string()));
        }
        all
    };
    let plain_members = headers(read(&plain_path, "03-danh-sach-thanh-vien.xlsx"));
    let personal_members = headers(read(&personal_path, "03-danh-sach-thanh-vien.xlsx"));
    assert!(
        personal_members.len() > plain_members.len(),
        "members gain columns"
    );
    for book in [
        "05-so-hoat-dong.xlsx",
        "06-so-quy.xlsx",
        "07-trang-phuc-cong-cu.xlsx",
    ] {
        assert_eq!(
            headers(read(&plain_path, book)),
            headers(read(&personal_path, book)),
            "{book} is the same with and without the option"
        );
    }
}

/// A dossier with nothing in it yet, as `write_team_dossier` starts one.
fn empty_dossier<'a>(store: &'a Store, team: &'a Record) -> Dossier<'a> {
    Dossier {
        store,
        team,
        options: options(),
        files: Vec::new(),
        left_out: Vec::new(),
    }
}

/// A sink that keeps names only.
struct Names(Vec<String>);

impl Sink for Names {
    fn add(&mut self, name: &str, _bytes: &[u8]) -> Result<()> {
        self.0.push(name.to_string());
        Ok(())
    }
}

#[test]
fn a_document_the_record_cannot_make_is_named_but_a_fault_of_the_machine_stops_all() {
    let (store, team_id) = demo();
    let team = store.get("team", &team_id).unwrap();
    let mut dossier = empty_dossier(&store, &team);
    let mut sink = Names(Vec::new());
    let unnumbered = Err(Error::DecisionNotNumbered {
        what: "ngày 01/10/2026".into(),
    });
    dossier
        .put_document(
            &mut sink,
            "01-quyet-dinh/a.docx".into(),
            "Quyết định",
            unnumbered,
        )
        .unwrap();
    assert_eq!(dossier.left_out.len(), 1);
    assert!(sink.0.is_empty());

    let disk = Err(Error::DiskFull);
    let e = dossier
        .put_document(&mut sink, "01-quyet-dinh/b.docx".into(), "Quyết định", disk)
        .unwrap_err();
    assert_eq!(e.code(), "disk_full");
    let database = Err(Error::from(rusqlite::Error::InvalidQuery));
    let e = dossier
        .put_document(
            &mut sink,
            "01-quyet-dinh/c.docx".into(),
            "Quyết định",
            database,
        )
        .unwrap_err();
    assert_eq!(e.code(), "database");
    assert_eq!(dossier.left_out.len(), 1, "a fault is not 'left out'");
}

#[test]
fn a_name_taken_gets_a_number_before_its_ending() {
    let (store, team_id) = demo();
    let team = store.get("team", &team_id).unwrap();
    let mut dossier = empty_dossier(&store, &team);
    let mut sink = Names(Vec::new());
    for name in [
        "01-quyet-dinh/x.docx",
        "01-quyet-dinh/x.docx",
        "01-quyet-dinh/X.DOCX",
        "02-ban-chup/khong-duoi",
    ] {
        dossier
            .put(&mut sink, name.into(), String::new(), b"1")
            .unwrap();
    }
    dossier
        .put(
            &mut sink,
            "02-ban-chup/khong-duoi".into(),
            String::new(),
            b"1",
        )
        .unwrap();
    assert_eq!(
        sink.0,
        [
            "01-quyet-dinh/x.docx",
            "01-quyet-dinh/x-2.docx",
            "01-quyet-dinh/X-3.DOCX",
            "02-ban-chup/khong-duoi",
            "02-ban-chup/khong-duoi-2",
        ]
    );
}
