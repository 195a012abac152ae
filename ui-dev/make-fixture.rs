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
// those named "Đông …") and write `window.__MOCK_FIXTURE__ = <json>;` to fixture.js.
// Dumps the engine's real JSON shapes for the UI mock (dev only, never shipped).
use serde_json::{json, Value};
use xungkich::{installation::Role, units::UnitSet, Store};

fn main() {
    let out = std::env::args().nth(1).expect("out path");
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let today = chrono::Local::now().date_naive();
    let mut opts = xungkich::demo::DemoOptions::new(today);
    opts.villages = 8; opts.activities = 60;
    xungkich::demo::generate(&mut s, &opts).unwrap();
    let mut records = serde_json::Map::new();
    for k in xungkich::kinds::ALL {
        let list = s.list(k.name, &Default::default()).unwrap();
        records.insert(k.name.to_string(), serde_json::to_value(list).unwrap());
    }
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
    let v = json!({
        "catalogue": xungkich::kinds::catalogue_json(),
        "installation": inst,
        "dashboard": dash,
        "records": records,
        "settings": settings,
        "units": units,
        "history_sample": history,
        "search_sample": search,
        "schema_version": s.schema_version().unwrap(),
    });
    std::fs::write(out, serde_json::to_string(&v).unwrap()).unwrap();
}
