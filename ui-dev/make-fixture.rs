// DEV ONLY — how fixture.js was made (not compiled with the project; keep outside the
// workspace when running it). Put this file as src/main.rs of a scratch crate, e.g.
//   mkdir -p /tmp/fixture/src && cp make-fixture.rs /tmp/fixture/src/main.rs
//   cp ../../Cargo.lock /tmp/fixture/
//   /tmp/fixture/Cargo.toml:
//     [package] name = "fixture"  version = "0.1.0"  edition = "2021"
//     [dependencies] xungkich = { path = "/work/main" }  serde_json = "1"
//                    chrono = { version = "0.4", default-features = false, features = ["clock", "std"] }
//                    rusqlite = { version = "0.43", features = ["bundled", "backup", "functions"] }
//   cargo run --offline --release -- /tmp/fixture/out.json
// then trim the unit list (every province and district, the communes of Hà Nội and
// those whose name holds "Đông") and write `window.__MOCK_FIXTURE__ = <json>;` (compact
// JSON, after a short comment) to fixture.js.
// Dumps the engine's real JSON shapes for the UI mock (dev only, never shipped): the
// demo commune (records, dashboard, settings, a team's three documents, the document
// templates) and a receiving unit (Quận Ba Đình, 001) that imported two small demo
// wards' bundles (00001, 00004): its records, overview and both wards' drill-downs.
use std::path::PathBuf;

use serde_json::{json, Value};
use xungkich::documents::DocumentKind;
use xungkich::sync::{export::ExportOptions, import::ImportOptions, senders::EnrolConsent};
use xungkich::{installation::Role, units::UnitSet, Store};

fn records_of(s: &Store) -> serde_json::Map<String, Value> {
    let mut records = serde_json::Map::new();
    for k in xungkich::kinds::ALL {
        let list = s.list(k.name, &Default::default()).unwrap();
        records.insert(k.name.to_string(), serde_json::to_value(list).unwrap());
    }
    records
}

/// A small demo ward's full bundle, written to `dir`.
fn ward_bundle(code: &str, seed: u64, today: chrono::NaiveDate, dir: &std::path::Path) -> PathBuf {
    let mut w = Store::open_in_memory().unwrap();
    w.init(Role::Commune, UnitSet::Y2008, code).unwrap();
    let mut opts = xungkich::demo::DemoOptions::new(today);
    opts.villages = 5; opts.members_per_team = 4; opts.activities = 12; opts.seed = seed;
    xungkich::demo::generate(&mut w, &opts).unwrap();
    let out = dir.join(format!("xungkich-{code}.zip"));
    w.export(&out, ExportOptions { full: true, include_sensitive: false }).unwrap().file
}

fn main() {
    let out = std::env::args().nth(1).expect("out path");
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let today = chrono::Local::now().date_naive();
    let mut opts = xungkich::demo::DemoOptions::new(today);
    opts.villages = 8; opts.activities = 60;
    xungkich::demo::generate(&mut s, &opts).unwrap();
    let records = records_of(&s);
    let dash = serde_json::to_value(s.dashboard(today).unwrap()).unwrap();
    let settings = serde_json::to_value(s.settings_list().unwrap()).unwrap();
    let inst = serde_json::to_value(s.installation().unwrap()).unwrap();
    // Every unit of both sets, short columns, for the mock's type-ahead.
    let conn = s.connection();
    let mut st = conn.prepare("SELECT unit_set, code, level, kind, name, parent_code FROM admin_units").unwrap();
    let units: Vec<Value> = st.query_map([], |r| Ok(json!([
        r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?,
        r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, Option<String>>(5)?]))).unwrap()
        .map(|r| r.unwrap()).collect();
    let first_member = records["member"][0]["id"].as_str().unwrap().to_string();
    let history = serde_json::to_value(s.history(&first_member).unwrap()).unwrap();
    let search = serde_json::to_value(s.search("nguyen", 20).unwrap()).unwrap();
    // The first active team's documents (the mock answers them for any team).
    let team_id = records["team"].as_array().unwrap().iter()
        .find(|t| t["fields"]["status"] == "hoat_dong").unwrap()["id"].as_str().unwrap().to_string();
    let mut documents = serde_json::Map::new();
    for (name, kind) in [("decision", DocumentKind::Decision), ("member_list", DocumentKind::MemberList),
                         ("regulation", DocumentKind::Regulation)] {
        let doc = s.team_document(kind, &team_id, today).unwrap();
        documents.insert(name.to_string(), serde_json::to_value(doc).unwrap());
    }
    let templates = serde_json::to_value(s.document_template_rows().unwrap()).unwrap();

    // A receiving unit that imported two small wards' full bundles.
    let dir = std::env::temp_dir().join(format!("xungkich-fixture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundles = vec![ward_bundle("00001", 2, today, &dir), ward_bundle("00004", 3, today, &dir)];
    let mut d = Store::open_in_memory().unwrap();
    d.init(Role::Receiver, UnitSet::Y2008, "001").unwrap();
    let fingerprints: Vec<String> = bundles.iter()
        .map(|b| xungkich::sync::import::signer_of(&std::fs::read(b).unwrap()).unwrap().fingerprint)
        .collect();
    let consent = ImportOptions { consent: EnrolConsent::new(&fingerprints, &[]).unwrap(), dry_run: false };
    for r in d.import_files(&bundles, consent, |_| {}).unwrap() {
        assert_eq!(serde_json::to_value(&r.status).unwrap(), "applied", "{:?}", r.reason);
    }
    std::fs::remove_dir_all(&dir).ok();
    let district = json!({
        "installation": serde_json::to_value(d.installation().unwrap()).unwrap(),
        "records": records_of(&d),
        "overview": serde_json::to_value(d.receiver_overview(today, &Default::default()).unwrap()).unwrap(),
        "commune_details": {
            "00001": serde_json::to_value(d.commune_detail("00001", today).unwrap()).unwrap(),
            "00004": serde_json::to_value(d.commune_detail("00004", today).unwrap()).unwrap(),
        },
        // This year's report (the mock answers it for any period).
        "report": serde_json::to_value(d.report(today, Default::default()).unwrap()).unwrap(),
    });
    let v = json!({
        "catalogue": xungkich::kinds::catalogue_json(),
        "installation": inst,
        "dashboard": dash,
        "records": records,
        "settings": settings,
        "units": units,
        "history_sample": history,
        "search_sample": search,
        "documents": { "team_id": team_id, "kinds": documents },
        "document_templates": templates,
        "report": serde_json::to_value(s.report(today, Default::default()).unwrap()).unwrap(),
        "district": district,
        "schema_version": s.schema_version().unwrap(),
    });
    std::fs::write(out, serde_json::to_string(&v).unwrap()).unwrap();
}
