//! Helpers of the command tests: an app on the mock runtime with its own data folder,
//! and a way to call a command as the page does.

#![allow(dead_code)] // each test binary uses a part of it

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Listener, Manager, WebviewWindow, WebviewWindowBuilder};
use xungkich_desktop_lib::state::AppState;

pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
}

impl TestApp {
    pub fn new() -> TestApp {
        TestApp::in_dir(tempfile::tempdir().unwrap())
    }

    /// An app over the database in `dir` (opened as at start-up).
    pub fn in_dir(dir: tempfile::TempDir) -> TestApp {
        let app = xungkich_desktop_lib::builder(mock_builder())
            .build(mock_context(noop_assets()))
            .unwrap();
        app.manage(AppState::open(dir.path().to_path_buf()));
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        TestApp { dir, app, window }
    }

    /// Sets the installation up as Phường Phúc Xá (commune 00001, 2008 units).
    pub fn setup_commune(&self) -> Value {
        invoke(
            &self.window,
            "setup",
            json!({"role": "commune", "unitSet": "2008", "unitCode": "00001"}),
        )
        .unwrap()
    }

    /// Collects the payloads of the `progress` events from now on.
    pub fn collect_progress(&self) -> Arc<Mutex<Vec<Value>>> {
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        self.app.listen_any("progress", move |event| {
            let payload: Value = serde_json::from_str(event.payload()).unwrap();
            sink.lock().unwrap().push(payload);
        });
        events
    }
}

/// Calls `cmd` with `args` from the app's own origin, as `invoke(cmd, args)` in the page
/// does: `Ok(answer)` or `Err(rejection)`.
pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    // The app's origin is tauri://localhost on Linux and macOS, http://tauri.localhost on
    // Windows; any other origin is remote and refused by the ACL (engineering.md §1).
    let url = if cfg!(windows) {
        "http://tauri.localhost"
    } else {
        "tauri://localhost"
    };
    tauri::test::get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: url.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

/// Every command with arguments the page would send, in `commands::COMMANDS` order.
pub fn sample_args() -> Vec<(&'static str, Value)> {
    let id = "01900000-0000-7000-8000-000000000000";
    vec![
        ("app_info", json!({})),
        (
            "units_search",
            json!({"query": "phuc", "unitSet": "2008", "level": null}),
        ),
        ("owner_names", json!({})),
        ("issuing_units", json!({"on": "15/08/2024"})),
        (
            "setup",
            json!({"role": "commune", "unitSet": "2008", "unitCode": "00001"}),
        ),
        ("open_demo", json!({})),
        ("catalogue", json!({})),
        ("dashboard", json!({"on": null})),
        (
            "list_records",
            json!({"kind": "village", "parentField": null, "parentId": null, "includeDeleted": false}),
        ),
        ("get_record", json!({"kind": "village", "id": id})),
        (
            "create_record",
            json!({"kind": "village", "fields": {"name": "Thôn 1", "village_type": "thon"}}),
        ),
        (
            "update_record",
            json!({"kind": "village", "id": id, "fields": {"households": 3}}),
        ),
        ("delete_preview", json!({"kind": "village", "id": id})),
        ("delete_record", json!({"kind": "village", "id": id})),
        ("history", json!({"id": id})),
        ("recently_deleted", json!({})),
        ("restore_deleted", json!({"batch": id})),
        ("freeze_decision", json!({"id": id})),
        (
            "set_participants",
            json!({"kind": "activity", "eventId": id, "teamId": id, "memberIds": []}),
        ),
        (
            "participants_ticked",
            json!({"kind": "activity", "eventId": id, "teamId": id}),
        ),
        ("search", json!({"text": "nguyen", "limit": 20})),
        (
            "export_bundle",
            json!({"full": false, "includeSensitive": false}),
        ),
        ("send_plan", json!({})),
        ("send_bundle", json!({})),
        ("export_to_communes", json!({"full": false})),
        ("pick_bundles", json!({})),
        ("pick_bundle_folder", json!({})),
        (
            "import_bundles",
            json!({"files": ["tep-1"], "dryRun": true, "enrol": [], "reEnrol": []}),
        ),
        ("pending", json!({})),
        ("revoke_sender", json!({"installation": "khong-co"})),
        ("save_receiver_card", json!({})),
        ("pick_card", json!({})),
        (
            "trust_card",
            json!({"file": "tep-1", "fingerprint": "0000 0000 0000 0000 0000 0000"}),
        ),
        ("receiver_cards", json!({})),
        ("save_recovery", json!({"unit": "00001"})),
        ("enrolment_sheet", json!({})),
        ("card_sheet", json!({})),
        ("personal_record", json!({"id": id})),
        ("save_receipt", json!({"unit": "00001"})),
        ("receipt_status", json!({})),
        ("attach_file", json!({})),
        ("scan_view", json!({"sha256": "0".repeat(64)})),
        ("save_scan", json!({"sha256": "0".repeat(64)})),
        ("open_scan", json!({"sha256": "0".repeat(64)})),
        ("decision_scans", json!({"unit": null})),
        ("pick_member_list", json!({})),
        (
            "import_members",
            json!({"file": "tep-1", "team": null, "sheet": "Sheet1", "columns": [{"index": 1, "target": "full_name"}], "dryRun": true}),
        ),
        (
            "import_roll",
            json!({"file": "tep-1", "training": id, "sheet": null, "columns": null, "dryRun": true}),
        ),
        ("settings_get", json!({})),
        ("settings_set", json!({"key": "c2_fresh_days", "value": 30})),
        ("required_equipment_get", json!({})),
        (
            "required_equipment_set",
            json!({"items": [["cong_cu_gay_cao_su", 80]]}),
        ),
        ("backup_now", json!({})),
        ("restore_backup", json!({"code": null})),
        ("auto_backups", json!({})),
        (
            "restore_auto_backup",
            json!({"fileName": "xungkich-tudong-20260101.db"}),
        ),
        ("check_integrity", json!({})),
        ("recovery_sheet", json!({})),
        ("restore_keys", json!({"code": "0000"})),
        ("set_actor", json!({"name": "Nguyễn Văn An"})),
        ("team_document", json!({"kind": "decision", "teamId": id})),
        (
            "save_team_document",
            json!({"kind": "decision", "teamId": id}),
        ),
        ("decision_document", json!({"decisionId": id})),
        ("save_decision_document", json!({"decisionId": id})),
        (
            "save_proposals_document",
            json!({"period": {"kind": "year", "year": 2026}}),
        ),
        (
            "save_list",
            json!({"kind": "members", "teamId": id, "personalData": false}),
        ),
        (
            "save_team_dossier",
            json!({"teamId": id, "zip": true, "personalData": false}),
        ),
        (
            "open_saved",
            json!({"file": "/khong/phai/tep/da/luu.xlsx", "folder": false}),
        ),
        ("document_templates", json!({})),
        (
            "save_document_template",
            json!({"template": {"id": "luu", "slot": "recipient", "text": "Lưu: VT"}}),
        ),
        ("reset_document_template", json!({"id": "luu"})),
        (
            "district_overview",
            json!({"options": {"sort": "compliance"}}),
        ),
        ("commune_detail", json!({"unitCode": "00001"})),
        (
            "report_view",
            json!({"period": {"kind": "quarter", "year": 2026, "quarter": 3}}),
        ),
        (
            "results_summary",
            json!({"period": {"kind": "quarter", "year": 2026, "quarter": 3}}),
        ),
        ("save_report", json!({"members": false})),
    ]
}
