//! The commands through Tauri's IPC, on the mock runtime (no display needed): arguments
//! as the page sends them (camelCase), answers and errors as the page receives them.
//! Each test has its own data folder.
//!
//! The dialog commands are tested in `tests/dialogs.rs` (they set process-wide
//! environment variables, so they live in a test binary of their own).

mod common;

use common::{invoke, TestApp};
use serde_json::{json, Value};

#[test]
fn app_info_on_an_empty_store() {
    let t = TestApp::new();
    let info = invoke(&t.window, "app_info", json!({})).unwrap();
    assert_eq!(info["initialised"], false);
    assert_eq!(info["installation"], Value::Null);
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(info["schema_version"].as_i64().unwrap() >= 1);
    let db_path = info["db_path"].as_str().unwrap();
    assert!(db_path.ends_with("xungkich.db"), "{db_path}");
    assert!(std::path::Path::new(db_path).is_file());
    assert_eq!(
        info["data_dir"].as_str().unwrap(),
        t.dir.path().to_str().unwrap()
    );
}

#[test]
fn setup_with_an_unknown_unit_code_says_so_in_vietnamese() {
    let t = TestApp::new();
    let err = invoke(
        &t.window,
        "setup",
        json!({"role": "commune", "unitSet": "2008", "unitCode": "99999"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "unknown_unit");
    assert_eq!(err["problems"], json!([]));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.starts_with("Không có đơn vị hành chính mã 99999"),
        "{message}"
    );
    assert_eq!(err.as_object().unwrap().len(), 3, "{err}");
    // Nothing was set up.
    let info = invoke(&t.window, "app_info", json!({})).unwrap();
    assert_eq!(info["initialised"], false);
}

#[test]
fn setup_refuses_a_unit_of_the_wrong_level_and_bad_arguments() {
    let t = TestApp::new();
    let err = invoke(
        &t.window,
        "setup",
        json!({"role": "commune", "unitSet": "2008", "unitCode": "001"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "wrong_unit_level");
    let err = invoke(
        &t.window,
        "setup",
        json!({"role": "commune", "unitSet": "1999", "unitCode": "00001"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["problems"][0]["field"], "unit_set");
}

/// `save_list` takes its values from the page: another list and an unknown team are
/// refused in words before any Save dialog opens.
#[test]
fn save_list_refuses_another_kind_and_an_unknown_team_before_the_dialog() {
    let t = TestApp::new();
    t.setup_commune();
    let err = invoke(
        &t.window,
        "save_list",
        json!({"kind": "../../villages", "personalData": true}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["problems"][0]["field"], "kind");
    let err = invoke(
        &t.window,
        "save_list",
        json!({"kind": "funds", "teamId": "khong-co", "personalData": false}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("Không tìm thấy tổ"),
        "{err}"
    );
}

#[test]
fn setup_then_app_info_shows_the_installation() {
    let t = TestApp::new();
    let inst = t.setup_commune();
    assert_eq!(inst["unit_code"], "00001");
    assert_eq!(inst["unit_name"], "Phường Phúc Xá");
    assert_eq!(inst["role"], "commune");
    assert_eq!(inst["unit_set"], "2008");
    let info = invoke(&t.window, "app_info", json!({})).unwrap();
    assert_eq!(info["initialised"], true);
    assert_eq!(
        info["installation"]["installation_id"],
        inst["installation_id"]
    );
    assert!(info["installation"]["fingerprint"].as_str().unwrap().len() > 8);
    let again = invoke(
        &t.window,
        "setup",
        json!({"role": "commune", "unitSet": "2008", "unitCode": "00004"}),
    )
    .unwrap_err();
    assert_eq!(again["code"], "already_initialised");
}

#[test]
fn units_search_finds_units_ignoring_diacritics() {
    let t = TestApp::new();
    let units = invoke(
        &t.window,
        "units_search",
        json!({"query": "phuc xa", "unitSet": "2008", "level": "commune"}),
    )
    .unwrap();
    let units = units.as_array().unwrap();
    assert!(units
        .iter()
        .any(|u| u["code"] == "00001" && u["name"] == "Phường Phúc Xá"));
    assert!(units.iter().all(|u| u["level"] == "commune"));
    let many = invoke(
        &t.window,
        "units_search",
        json!({"query": "xa", "unitSet": "2025", "level": null}),
    )
    .unwrap();
    assert_eq!(many.as_array().unwrap().len(), 30, "capped at 30");
    let err = invoke(
        &t.window,
        "units_search",
        json!({"query": "x", "unitSet": "2008", "level": "hamlet"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["problems"][0]["field"], "level");
}

#[test]
fn create_record_invalid_lists_the_problems() {
    let t = TestApp::new();
    t.setup_commune();
    let err = invoke(
        &t.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "", "village_type": "lau_dai", "households": -3}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
    let problems = err["problems"].as_array().unwrap();
    let fields: Vec<&str> = problems
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"name"), "{err}");
    assert!(fields.contains(&"village_type"), "{err}");
    for p in problems {
        assert!(!p["label"].as_str().unwrap().is_empty());
        assert!(!p["message"].as_str().unwrap().is_empty());
    }
    assert!(err["message"]
        .as_str()
        .unwrap()
        .starts_with("Chưa lưu được vì thông tin chưa đúng"));
    // Nothing was written.
    let list = invoke(
        &t.window,
        "list_records",
        json!({"kind": "village", "parentField": null, "parentId": null, "includeDeleted": false}),
    )
    .unwrap();
    assert_eq!(list, json!([]));
}

#[test]
fn records_before_setup_are_refused_with_not_initialised() {
    let t = TestApp::new();
    let err = invoke(
        &t.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "Thôn 1", "village_type": "thon"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_initialised");
}

#[test]
fn create_list_get_update_history_delete_round_trip() {
    let t = TestApp::new();
    t.setup_commune();
    let saved = invoke(
        &t.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "Thôn Đông Hòa", "village_type": "thon", "households": "1.250"}}),
    )
    .unwrap();
    let village = saved["id"].as_str().unwrap().to_string();
    assert!(saved["warnings"].is_array());
    invoke(
        &t.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "Bản Ải", "village_type": "ban"}}),
    )
    .unwrap();

    // Villages in Vietnamese order: "Bản Ải" before "Thôn Đông Hòa".
    let list = invoke(
        &t.window,
        "list_records",
        json!({"kind": "village", "parentField": null, "parentId": null, "includeDeleted": false}),
    )
    .unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["fields"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bản Ải", "Thôn Đông Hòa"]);
    let first = &list[1];
    assert_eq!(first["kind"], "village");
    assert_eq!(first["owner"], "00001");
    assert_eq!(first["deleted"], false);
    assert_eq!(first["fields"]["households"], 1250);
    for key in ["id", "hlc", "origin", "seq"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }

    let got = invoke(
        &t.window,
        "get_record",
        json!({"kind": "village", "id": village}),
    )
    .unwrap();
    assert_eq!(got, *first);

    // A team in that village, then children of the village through parentField.
    let team = invoke(
        &t.window,
        "create_record",
        json!({"kind": "team", "fields": {"name": "Tổ xung kích thôn Đông Hòa", "model_type": "to_xung_kich_tu_quan_antt", "status": "hoat_dong"}}),
    )
    .unwrap();
    let team = team["id"].as_str().unwrap().to_string();
    invoke(
        &t.window,
        "create_record",
        json!({"kind": "team_village", "fields": {"team_id": team, "village_id": village}}),
    )
    .unwrap();
    let links = invoke(
        &t.window,
        "list_records",
        json!({"kind": "team_village", "parentField": "village_id", "parentId": village, "includeDeleted": false}),
    )
    .unwrap();
    assert_eq!(links.as_array().unwrap().len(), 1);
    assert_eq!(links[0]["fields"]["team_id"], team.as_str());

    let updated = invoke(
        &t.window,
        "update_record",
        json!({"kind": "village", "id": village, "fields": {"population": 4321}}),
    )
    .unwrap();
    assert_eq!(updated["id"], village.as_str());
    let history = invoke(&t.window, "history", json!({"id": village})).unwrap();
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.len(), 2, "{history}");
    for h in history.as_array().unwrap() {
        for key in ["at", "actor", "action", "kind", "changes"] {
            assert!(h.get(key).is_some(), "{key} in {h}");
        }
    }

    let preview = invoke(
        &t.window,
        "delete_preview",
        json!({"kind": "village", "id": village}),
    )
    .unwrap();
    assert!(preview.is_array(), "{preview}");
    for entry in preview.as_array().unwrap() {
        assert!(entry[0].is_string() && entry[1].is_u64(), "{preview}");
    }
    let deleted = invoke(
        &t.window,
        "delete_record",
        json!({"kind": "village", "id": village}),
    )
    .unwrap();
    assert!(deleted["deleted"].as_u64().unwrap() >= 1, "{deleted}");
    let live = invoke(
        &t.window,
        "list_records",
        json!({"kind": "village", "parentField": null, "parentId": null, "includeDeleted": false}),
    )
    .unwrap();
    assert_eq!(live.as_array().unwrap().len(), 1);
    let all = invoke(
        &t.window,
        "list_records",
        json!({"kind": "village", "parentField": null, "parentId": null, "includeDeleted": true}),
    )
    .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);

    // "Đã xóa gần đây": the deletion is listed, and restoring it brings the village back
    // with the field its tombstone had emptied.
    let bin = invoke(&t.window, "recently_deleted", json!({})).unwrap();
    assert_eq!(bin.as_array().unwrap().len(), 1, "{bin}");
    assert_eq!(bin[0]["kind"], "village");
    assert_eq!(bin[0]["label"], "Thôn Đông Hòa");
    for key in [
        "id",
        "deleted_at",
        "actor",
        "kind_label",
        "records",
        "links",
        "restorable_until",
    ] {
        assert!(bin[0].get(key).is_some(), "{key} in {bin}");
    }
    let restored = invoke(&t.window, "restore_deleted", json!({"batch": bin[0]["id"]})).unwrap();
    assert_eq!(restored["record_id"], village.as_str());
    let back = invoke(
        &t.window,
        "get_record",
        json!({"kind": "village", "id": village}),
    )
    .unwrap();
    assert_eq!(back["deleted"], false);
    assert_eq!(back["fields"]["population"], 4321);
    let again = invoke(&t.window, "restore_deleted", json!({"batch": bin[0]["id"]})).unwrap_err();
    assert_eq!(again["code"], "not_in_bin");
    assert!(again["message"]
        .as_str()
        .unwrap()
        .contains("Đã xóa gần đây"));

    let gone = invoke(
        &t.window,
        "get_record",
        json!({"kind": "no_such_kind", "id": village}),
    )
    .unwrap_err();
    assert_eq!(gone["code"], "unknown_kind");
    let half = invoke(
        &t.window,
        "list_records",
        json!({"kind": "team_village", "parentField": "village_id", "parentId": null, "includeDeleted": false}),
    )
    .unwrap_err();
    assert_eq!(half["code"], "invalid");
    assert_eq!(half["problems"][0]["field"], "parent_field");
    // A reference field the kind does not have: its own code, in words.
    let unknown = invoke(
        &t.window,
        "list_records",
        json!({"kind": "team_village", "parentField": "tau_id", "parentId": village, "includeDeleted": false}),
    )
    .unwrap_err();
    assert_eq!(unknown["code"], "unknown_field");
    assert!(
        unknown["message"].as_str().unwrap().contains("tau_id"),
        "{unknown}"
    );
}

#[test]
fn search_finds_teams_and_members_without_diacritics() {
    let t = TestApp::new();
    t.setup_commune();
    let team = invoke(
        &t.window,
        "create_record",
        json!({"kind": "team", "fields": {"name": "Tổ xung kích thôn Đông Hòa", "model_type": "to_xung_kich_tu_quan_antt", "status": "hoat_dong"}}),
    )
    .unwrap();
    let hits = invoke(
        &t.window,
        "search",
        json!({"text": "dong hoa", "limit": 10}),
    )
    .unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["kind"], "team");
    assert_eq!(hits[0]["id"], team["id"]);
    assert_eq!(hits[0]["name"], "Tổ xung kích thôn Đông Hòa");
    for key in ["team", "village"] {
        assert!(hits[0].get(key).is_some(), "{key}");
    }
    let none = invoke(
        &t.window,
        "search",
        json!({"text": "khong co ai", "limit": 10}),
    )
    .unwrap();
    assert_eq!(none, json!([]));
    let empty = invoke(&t.window, "search", json!({"text": "   ", "limit": 10})).unwrap();
    assert_eq!(empty, json!([]));
}

#[test]
fn catalogue_settings_actor_pending() {
    let t = TestApp::new();
    let cat = invoke(&t.window, "catalogue", json!({})).unwrap();
    let kinds = cat["kinds"].as_array().unwrap();
    let village = kinds.iter().find(|k| k["name"] == "village").unwrap();
    assert_eq!(village["searchable"], true);
    assert!(village["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["name"] == "village_type" && f["type"] == "choice" && f["choices"].is_array()));

    let settings = invoke(&t.window, "settings_get", json!({})).unwrap();
    let first = &settings[0];
    for key in ["key", "label", "value", "min", "max", "default"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    let key = first["key"].as_str().unwrap().to_string();
    let max = first["max"].as_i64().unwrap();
    let after = invoke(&t.window, "settings_set", json!({"key": key, "value": max})).unwrap();
    assert_eq!(after[0]["value"], max);
    let err = invoke(
        &t.window,
        "settings_set",
        json!({"key": key, "value": max + 1}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["problems"][0]["field"], key.as_str());

    t.setup_commune();
    assert_eq!(
        invoke(&t.window, "set_actor", json!({"name": "Nguyễn Văn An"})).unwrap(),
        Value::Null
    );
    let saved = invoke(
        &t.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "Thôn 1", "village_type": "thon"}}),
    )
    .unwrap();
    let history = invoke(&t.window, "history", json!({"id": saved["id"]})).unwrap();
    assert_eq!(history[0]["actor"], "Nguyễn Văn An");

    let pending = invoke(&t.window, "pending", json!({})).unwrap();
    assert_eq!(
        pending,
        json!({"quarantine": [], "gaps": [], "senders": []})
    );
}

#[test]
fn dashboard_needs_setup_and_takes_a_date() {
    let t = TestApp::new();
    let err = invoke(&t.window, "dashboard", json!({"on": null})).unwrap_err();
    assert_eq!(err["code"], "not_initialised");
    t.setup_commune();
    let d = invoke(&t.window, "dashboard", json!({"on": "2025-03-01"})).unwrap();
    assert_eq!(d["on"], "2025-03-01");
    assert_eq!(d["installation"]["unit_code"], "00001");
    for key in [
        "counts",
        "compliance",
        "villages_without_team",
        "next_steps",
    ] {
        assert!(d.get(key).is_some(), "{key}");
    }
    assert_eq!(d["counts"]["villages"], 0);
    let today = invoke(&t.window, "dashboard", json!({})).unwrap();
    assert!(today["on"].is_string());
    let bad = invoke(&t.window, "dashboard", json!({"on": "31/02/2025"})).unwrap_err();
    assert_eq!(bad["code"], "invalid");
    assert_eq!(bad["problems"][0]["field"], "on");
}

/// The results panel's command answers the report's totals for the same period (this
/// year when none), without the rest of the report; a month 13 is refused as typed.
#[test]
fn results_summary_answers_the_report_s_totals() {
    let t = TestApp::new();
    invoke(&t.window, "open_demo", json!({})).unwrap();
    let report = invoke(&t.window, "report_view", json!({})).unwrap();
    let summary = invoke(&t.window, "results_summary", json!({})).unwrap();
    for key in ["period", "period_name", "on", "role", "result_columns"] {
        assert_eq!(summary[key], report[key], "{key}");
    }
    assert_eq!(summary["results"], report["totals"]["results"]);
    assert!(summary["results"]["figures"][0].as_i64().unwrap() > 0);
    assert_eq!(
        summary["results_year_earlier"],
        report["totals"]["results_year_earlier"]
    );
    assert_eq!(summary["coverage"], Value::Null, "a commune has none");
    assert!(summary.get("communes").is_none() && summary.get("teams").is_none());
    let bad = invoke(
        &t.window,
        "results_summary",
        json!({"period": {"kind": "month", "year": 2026, "month": 13}}),
    )
    .unwrap_err();
    assert_eq!(bad["code"], "invalid");
}

#[test]
fn open_demo_sets_up_phuc_xa_fills_it_and_reports_progress() {
    let t = TestApp::new();
    let events = t.collect_progress();
    let inst = invoke(&t.window, "open_demo", json!({})).unwrap();
    assert_eq!(inst["unit_code"], "00001");
    assert_eq!(inst["role"], "commune");
    let d = invoke(&t.window, "dashboard", json!({"on": null})).unwrap();
    assert!(
        d["counts"]["villages"].as_u64().unwrap() > 0,
        "{}",
        d["counts"]
    );
    assert!(d["counts"]["members"].as_u64().unwrap() > 0);
    let events = events.lock().unwrap();
    assert_eq!(events.first().unwrap()["task"], "demo");
    assert_eq!(events.first().unwrap()["done"], 0);
    let last = events.last().unwrap();
    assert_eq!(
        (last["done"].clone(), last["total"].clone()),
        (json!(1), json!(1))
    );
    // Members are searchable now.
    let member = &invoke(
        &t.window,
        "list_records",
        json!({"kind": "member", "parentField": null, "parentId": null, "includeDeleted": false}),
    )
    .unwrap()[0];
    let name = member["fields"]["full_name"].as_str().unwrap();
    let hits = invoke(&t.window, "search", json!({"text": name, "limit": 50})).unwrap();
    assert!(hits
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["kind"] == "member" && h["id"] == member["id"]));
}

#[test]
fn a_database_that_cannot_open_is_answered_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("xungkich.db"),
        "this is not a database, just some text long enough to look at",
    )
    .unwrap();
    let t = TestApp::in_dir(dir);
    let err = invoke(&t.window, "app_info", json!({})).unwrap_err();
    assert_eq!(err["code"], "not_our_database");
    assert_eq!(err["problems"], json!([]));
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("không phải là dữ liệu của Sổ Tổ xung kích"),
        "{message}"
    );
    assert!(message.contains("xungkich.db"), "{message}");
    // Every command (with arguments the page would send) answers the same error, which
    // also shows that each one is registered. The dialog commands answer before any
    // dialog is shown.
    for (cmd, args) in common::sample_args() {
        let answer = invoke(&t.window, cmd, args);
        assert_eq!(answer, Err(err.clone()), "{cmd}");
    }
}

#[test]
fn the_command_list_matches_build_rs_and_the_capability() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // build.rs and commands::COMMANDS read one shared list.
    let build_rs = std::fs::read_to_string(here.join("build.rs")).unwrap();
    assert!(
        build_rs.contains(r#".commands(&include!("src/commands/list.in"))"#),
        "build.rs and commands::COMMANDS"
    );
    let commands: Vec<String> = xungkich_desktop_lib::commands::COMMANDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(commands.len(), 76);

    let cap: Value = serde_json::from_str(
        &std::fs::read_to_string(here.join("capabilities/main.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cap["windows"], json!(["main"]));
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let core: Vec<String> = granted
        .iter()
        .filter(|p| p.starts_with("core:"))
        .cloned()
        .collect();
    assert_eq!(core, ["core:event:default", "core:window:default"]);
    granted.retain(|p| !p.starts_with("core:"));
    let expected: Vec<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(granted, expected, "capabilities/main.json");

    let sampled: Vec<&str> = common::sample_args().iter().map(|(c, _)| *c).collect();
    assert_eq!(sampled, xungkich_desktop_lib::commands::COMMANDS);
}

#[test]
fn the_config_keeps_the_security_floor() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let conf: Value =
        serde_json::from_str(&std::fs::read_to_string(here.join("tauri.conf.json")).unwrap())
            .unwrap();
    let csp = conf["app"]["security"]["csp"].as_str().unwrap();
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        // A scan's PDF is shown in a frame of a blob the page made from the stored
        // copy (scan-viewer.js); no other frame source.
        "frame-src blob:;",
        "base-uri 'none'",
        "form-action 'none'",
        "connect-src ipc: http://ipc.localhost",
    ] {
        assert!(csp.contains(directive), "{directive}");
    }
    assert!(!csp.contains("unsafe-"), "{csp}");
    // blob: for frames only: no script, object, image or worker is ever loaded from one
    // (workers fall back to script-src 'self' without child-src or worker-src).
    assert_eq!(csp.matches("blob:").count(), 1, "{csp}");
    for loose in ["child-src", "worker-src", "*"] {
        assert!(!csp.contains(loose), "{loose} in {csp}");
    }
    assert!(!csp.contains("http://") || csp.matches("http://").count() == 1);
    assert!(
        conf["build"].get("devUrl").is_none(),
        "no devUrl: ui/ is embedded"
    );
    assert_eq!(conf["build"]["frontendDist"], "../ui");
    let text = serde_json::to_string(&conf).unwrap();
    assert!(!text.contains("dangerous"), "no dangerous* settings");
    assert!(conf["app"]["security"].get("capabilities").is_none());
    assert!(conf
        .get("plugins")
        .is_none_or(|p| p.as_object().unwrap().is_empty()));
}

/// Scans that open (issue 17): the stored copy shown to the page, which names a scan by
/// its hash only; a hash that is not one, a scan not held here and one too large for the
/// page are refused in words, before anything is read or written.
#[test]
fn a_stored_scan_is_shown_and_a_hash_from_the_page_is_checked() {
    let t = TestApp::new();
    invoke(&t.window, "open_demo", json!({})).unwrap();
    let scans = invoke(&t.window, "decision_scans", json!({"unit": null})).unwrap();
    let first = &scans[0];
    assert_eq!(first["mime"], "application/pdf", "{scans}");
    assert!(first["decision"]
        .as_str()
        .unwrap()
        .starts_with("Quyết định số "));
    let view = invoke(&t.window, "scan_view", json!({"sha256": first["sha256"]})).unwrap();
    assert_eq!(view["mime"], "application/pdf");
    assert_eq!(view["size"], first["size"]);
    assert!(view["base64"].as_str().unwrap().starts_with("JVBERi0")); // %PDF-
    let commune = first["unit_code"].as_str().unwrap();
    let none = invoke(&t.window, "decision_scans", json!({"unit": "99999"})).unwrap();
    assert_eq!(none, json!([]), "no scans of a unit not held");
    assert_eq!(
        invoke(&t.window, "decision_scans", json!({"unit": commune})).unwrap(),
        scans
    );

    // A PNG stored beside (as attach_file stores it), asked for in capitals.
    let info = invoke(&t.window, "app_info", json!({})).unwrap();
    let mut other = xungkich::Store::open(info["db_path"].as_str().unwrap()).unwrap();
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    png.extend_from_slice(b"giay chung nhan");
    let stored = other.add_attachment(&png).unwrap();
    let view = invoke(
        &t.window,
        "scan_view",
        json!({"sha256": stored.sha256.to_uppercase()}),
    )
    .unwrap();
    assert_eq!(
        (&view["mime"], &view["size"], &view["base64"]),
        (
            &json!("image/png"),
            &json!(png.len()),
            &json!("iVBORw0KGgpnaWF5IGNodW5nIG5oYW4=")
        )
    );

    for (hash, code) in [
        ("../../khoa-bi-mat".to_string(), "invalid"),
        (String::new(), "invalid"),
        ("zz".repeat(32), "invalid"),
        ("0".repeat(63), "invalid"),
        ("0".repeat(64), "not_found"),
    ] {
        for cmd in ["scan_view", "open_scan"] {
            let err = invoke(&t.window, cmd, json!({"sha256": hash})).unwrap_err();
            assert_eq!(err["code"], code, "{cmd} {hash:?}: {err}");
            assert!(!err["message"].as_str().unwrap().is_empty());
        }
    }
    assert!(
        !t.dir.path().join("ban-chup-da-mo").exists(),
        "nothing written for a refused hash"
    );

    // Larger than the page is sent (attaching and importing refuse one: written here
    // as a file changed outside the program would hold it).
    let big = vec![b'%'; xungkich::attachments::MAX_ATTACHMENT_BYTES + 1];
    let big_hash = "ab".repeat(32);
    other
        .connection()
        .execute(
            "INSERT INTO attachments (sha256, size, mime, data, added_at)
             VALUES (?1, ?2, 'application/pdf', ?3, '2026-01-01T00:00:00+07:00')",
            (&big_hash, big.len() as i64, &big),
        )
        .unwrap();
    let err = invoke(&t.window, "scan_view", json!({"sha256": big_hash})).unwrap_err();
    assert_eq!(err["code"], "scan_too_large", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("Mở bằng chương trình xem"),
        "{err}"
    );
}

/// A commune set up, with one village written.
fn commune_with_a_village() -> TestApp {
    let t = TestApp::new();
    t.setup_commune();
    invoke(
        &t.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "Thôn Đông Hòa", "village_type": "thon"}}),
    )
    .unwrap();
    t
}

/// The window's demo never mixes with a set-up installation's records (issue 11).
#[test]
fn open_demo_refuses_a_set_up_installation_and_changes_nothing() {
    let t = commune_with_a_village();
    let err = invoke(&t.window, "open_demo", json!({})).unwrap_err();
    assert_eq!(err["code"], "already_initialised", "{err}");
    let villages = invoke(
        &t.window,
        "list_records",
        json!({"kind": "village", "parentField": null, "parentId": null, "includeDeleted": false}),
    )
    .unwrap();
    assert_eq!(villages.as_array().unwrap().len(), 1, "{villages}");
}

#[test]
fn a_teams_documents_and_the_overview_come_as_data() {
    let t = TestApp::new();
    invoke(&t.window, "open_demo", json!({})).unwrap();
    let teams = invoke(
        &t.window,
        "list_records",
        json!({"kind": "team", "parentField": null, "parentId": null, "includeDeleted": false}),
    )
    .unwrap();
    let team_id = teams[0]["id"].as_str().unwrap();
    for kind in ["decision", "member_list", "regulation"] {
        let doc = invoke(
            &t.window,
            "team_document",
            json!({"kind": kind, "teamId": team_id}),
        )
        .unwrap();
        assert_eq!(doc["kind"], kind);
        let blocks = doc["sections"][0]["blocks"].as_array().unwrap();
        assert!(blocks.iter().any(|b| b["type"] == "para"), "{kind}");
    }
    // An unknown kind is the page's mistake: refused before anything runs.
    assert!(invoke(
        &t.window,
        "team_document",
        json!({"kind": "letter", "teamId": team_id})
    )
    .is_err());
    // A commune's overview is its own line.
    let o = invoke(&t.window, "district_overview", json!({"options": null})).unwrap();
    assert_eq!(o["communes"].as_array().unwrap().len(), 1);
    assert_eq!(o["communes"][0]["unit_code"], "00001");
    let err = invoke(
        &t.window,
        "district_overview",
        json!({"options": {"rule_not_met": "C9"}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
}

/// The window's integrity check: nothing on a sound file; an audit entry changed outside
/// the program is named in words.
#[test]
fn the_integrity_check_names_a_changed_audit_entry() {
    let t = commune_with_a_village();
    assert_eq!(
        invoke(&t.window, "check_integrity", json!({})).unwrap(),
        json!([])
    );
    let info = invoke(&t.window, "app_info", json!({})).unwrap();
    // Anyone's SQLite tool, on the file the window has open.
    let other = xungkich::Store::open(info["db_path"].as_str().unwrap()).unwrap();
    other
        .connection()
        .execute("UPDATE audit_log SET changes = '{}' WHERE id = 1", [])
        .unwrap();
    let problems = invoke(&t.window, "check_integrity", json!({})).unwrap();
    let first = problems[0].as_str().unwrap();
    assert!(
        first.starts_with("Nhật ký thao tác bị sửa ở mục số 1, ngày "),
        "{problems}"
    );
    assert!(first.contains("Hãy báo cán bộ phụ trách"), "{first}");
}
