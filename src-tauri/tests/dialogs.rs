//! The commands that open a Save or Open dialog, through the debug-build test seam
//! (`XUNGKICH_E2E_SAVE_PATH`, `XUNGKICH_E2E_OPEN_PATHS`): a commune exports a bundle and
//! a backup, a district picks and imports the bundle, a scan is attached, the backup is
//! restored, a scan is shown, saved and opened, a member list is picked and imported,
//! and closed dialogs answer `cancelled`.
//!
//! One test function, alone in its binary: it sets process-wide environment variables.

#![cfg(debug_assertions)]

mod common;

use common::{invoke, TestApp};
use serde_json::{json, Value};

const SAVE: &str = "XUNGKICH_E2E_SAVE_PATH";
const OPEN: &str = "XUNGKICH_E2E_OPEN_PATHS";

fn villages(t: &TestApp) -> usize {
    invoke(
        &t.window,
        "list_records",
        json!({"kind": "village", "parentField": null, "parentId": null, "includeDeleted": false}),
    )
    .unwrap()
    .as_array()
    .unwrap()
    .len()
}

#[test]
fn dialogs_export_import_attach_backup_restore() {
    let out = tempfile::tempdir().unwrap();
    // A folder with Vietnamese letters and a space, as on the clerks' computers.
    let usb = out.path().join("USB của xã");
    std::fs::create_dir(&usb).unwrap();

    // --- the commune: a village, then a full bundle and a backup ----------------------
    let commune = TestApp::new();
    commune.setup_commune();
    invoke(
        &commune.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "Thôn Đông Hòa", "village_type": "thon"}}),
    )
    .unwrap();

    // --- the district's card, trusted by the commune ------------------------------------
    let district = TestApp::new();
    invoke(
        &district.window,
        "setup",
        json!({"role": "district", "unitSet": "2008", "unitCode": "001"}),
    )
    .unwrap();
    let card_file = usb.join("thẻ quận.json");
    std::env::set_var(SAVE, &card_file);
    let saved = invoke(&district.window, "save_receiver_card", json!({})).unwrap();
    assert_eq!(saved["file"], card_file.to_str().unwrap());
    let district_fingerprint = invoke(&district.window, "app_info", json!({})).unwrap()
        ["installation"]["fingerprint"]
        .clone();
    assert_eq!(saved["card"]["fingerprint"], district_fingerprint);
    // A commune has no card to give.
    let refused = invoke(&commune.window, "save_receiver_card", json!({})).unwrap_err();
    assert_eq!(refused["code"], "invalid");
    // No card trusted yet: no sealed bundle.
    std::env::set_var(SAVE, usb.join("chưa mã hoá được.xkb"));
    let no_card = invoke(
        &commune.window,
        "export_bundle",
        json!({"full": true, "includeSensitive": false}),
    )
    .unwrap_err();
    assert_eq!(no_card["code"], "no_receiver_card");
    std::env::set_var(OPEN, &card_file);
    let picked = invoke(&commune.window, "pick_card", json!({})).unwrap();
    assert_eq!(picked["card"]["fingerprint"], district_fingerprint);
    assert_eq!(picked["card"]["unit_code"], "001");
    let wrong = invoke(
        &commune.window,
        "trust_card",
        json!({"file": picked["file"]["token"], "fingerprint": "0000 0000 0000 0000 0000 0000"}),
    )
    .unwrap_err();
    assert_eq!(wrong["code"], "fingerprint_mismatch");
    let trusted = invoke(
        &commune.window,
        "trust_card",
        json!({"file": picked["file"]["token"], "fingerprint": district_fingerprint}),
    )
    .unwrap();
    assert_eq!(trusted["card"]["unit_code"], "001");
    let cards = invoke(&commune.window, "receiver_cards", json!({})).unwrap();
    assert_eq!(cards[0]["fingerprint"], district_fingerprint);

    let progress = commune.collect_progress();
    let bundle = usb.join("gói 1.xkb");
    std::env::set_var(SAVE, &bundle);
    let summary = invoke(
        &commune.window,
        "export_bundle",
        json!({"full": true, "includeSensitive": false}),
    )
    .unwrap();
    assert_eq!(summary["file"], bundle.to_str().unwrap());
    assert!(bundle.is_file());
    assert_eq!(summary["sealed_to"]["unit_code"], "001");
    assert_eq!(summary["sealed_to"]["fingerprint"], district_fingerprint);
    assert_eq!(summary["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(summary["full"], true);
    assert_eq!(summary["counts"]["village"], 1);
    for key in ["bytes", "from_seq", "to_seq", "attachments"] {
        assert!(summary[key].is_u64() || summary[key].is_i64(), "{key}");
    }
    {
        let events = progress.lock().unwrap();
        let tasks: Vec<(&str, u64, u64)> = events
            .iter()
            .map(|e| {
                (
                    e["task"].as_str().unwrap(),
                    e["done"].as_u64().unwrap(),
                    e["total"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(tasks, [("export", 0, 1), ("export", 1, 1)]);
        assert!(events.iter().all(|e| e["label"].is_string()));
    }

    // A closed Save dialog.
    std::env::set_var(SAVE, "");
    let closed = invoke(
        &commune.window,
        "export_bundle",
        json!({"full": false, "includeSensitive": false}),
    )
    .unwrap_err();
    assert_eq!(closed["code"], "cancelled");
    assert_eq!(closed["problems"], json!([]));

    let backup = usb.join("sao lưu.db");
    std::env::set_var(SAVE, &backup);
    let info = invoke(&commune.window, "backup_now", json!({})).unwrap();
    assert_eq!(info["file"], backup.to_str().unwrap());
    assert!(info["bytes"].as_u64().unwrap() > 0);
    assert_eq!(
        info["encrypted"], true,
        "a backup on the USB stick is encrypted"
    );
    std::env::remove_var(SAVE);

    // --- a scan attached, and a file that is not one ---------------------------------
    let png = usb.join("bản chụp.png");
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend_from_slice(&[0u8; 64]);
    std::fs::write(&png, &bytes).unwrap();
    std::env::set_var(OPEN, &png);
    let scan = invoke(&commune.window, "attach_file", json!({})).unwrap();
    assert_eq!(scan["mime"], "image/png");
    assert_eq!(scan["size"], bytes.len());
    assert_eq!(scan["sha256"].as_str().unwrap().len(), 64);
    let text = usb.join("ghi chú.txt");
    std::fs::write(&text, "không phải bản chụp").unwrap();
    std::env::set_var(OPEN, &text);
    let refused = invoke(&commune.window, "attach_file", json!({})).unwrap_err();
    assert_eq!(refused["code"], "invalid");
    assert_eq!(refused["problems"][0]["field"], "file");

    // The scan shown, saved where the clerk chooses, opened in the system's viewer:
    // always the stored copy, named by its hash only.
    let sha = scan["sha256"].as_str().unwrap().to_string();
    let view = invoke(&commune.window, "scan_view", json!({"sha256": sha})).unwrap();
    assert_eq!(view["mime"], "image/png");
    assert_eq!(view["size"], bytes.len());
    assert!(view["base64"].as_str().unwrap().starts_with("iVBORw0KGgo"));
    let not_a_hash =
        invoke(&commune.window, "scan_view", json!({"sha256": "../khoa"})).unwrap_err();
    assert_eq!(not_a_hash["code"], "invalid");
    let copy = usb.join("bản sao.png");
    std::env::set_var(SAVE, &copy);
    let saved_scan = invoke(&commune.window, "save_scan", json!({"sha256": sha})).unwrap();
    assert_eq!(saved_scan["file"], copy.to_str().unwrap());
    assert_eq!(std::fs::read(&copy).unwrap(), bytes);
    // The dialog's filter is the scan's own type: a PNG is never saved as a PDF.
    std::env::set_var(SAVE, usb.join("quyết định.pdf"));
    let saved_scan = invoke(&commune.window, "save_scan", json!({"sha256": sha})).unwrap();
    assert_eq!(
        saved_scan["file"],
        usb.join("quyết định.png").to_str().unwrap()
    );
    std::env::remove_var(SAVE);
    let opened_log = out.path().join("opened.log");
    std::env::set_var("XUNGKICH_E2E_OPENED_LOG", &opened_log);
    let opened = invoke(&commune.window, "open_scan", json!({"sha256": sha})).unwrap();
    let file = opened["file"].as_str().unwrap().to_string();
    assert!(file.contains("ban-chup-da-mo"), "{file}");
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    assert_eq!(
        std::fs::read_to_string(&opened_log).unwrap(),
        format!("file\t{file}\n")
    );
    // Opened again (the viewer may still hold the file): the same copy.
    let again = invoke(&commune.window, "open_scan", json!({"sha256": sha})).unwrap();
    assert_eq!(again["file"], file.as_str());
    assert_eq!(again["bytes"], bytes.len());
    assert_eq!(
        std::fs::read_to_string(&opened_log).unwrap(),
        format!("file\t{file}\nfile\t{file}\n")
    );
    std::env::remove_var("XUNGKICH_E2E_OPENED_LOG");

    // --- the district picks and imports the bundle -----------------------------------
    std::env::set_var(OPEN, format!("{}|", bundle.display()));
    let picked = invoke(&district.window, "pick_bundles", json!({})).unwrap();
    assert_eq!(picked[0]["path"], json!(bundle.to_str().unwrap()));
    assert_eq!(picked[0]["name"], "gói 1.xkb");
    // The page names picked files by their tokens, never by paths.
    let tokens = json!([picked[0]["token"]]);
    let fingerprint = invoke(&commune.window, "app_info", json!({})).unwrap()["installation"]
        ["fingerprint"]
        .clone();
    let refused = invoke(
        &district.window,
        "import_bundles",
        json!({"files": [bundle.to_str().unwrap()], "dryRun": true}),
    )
    .unwrap_err();
    assert_eq!(
        refused["code"], "invalid",
        "a path from the page is refused"
    );

    let progress = district.collect_progress();
    let dry = invoke(
        &district.window,
        "import_bundles",
        json!({"files": tokens, "dryRun": true, "enrol": [fingerprint]}),
    )
    .unwrap();
    assert_eq!(dry[0]["dry_run"], true);
    assert_eq!(villages(&district), 0, "a dry run writes nothing");
    let reports = invoke(
        &district.window,
        "import_bundles",
        json!({"files": tokens, "dryRun": false, "enrol": [fingerprint]}),
    )
    .unwrap();
    let report = &reports[0];
    assert_eq!(report["status"], "applied", "{report}");
    assert_eq!(report["sender"]["unit"], "00001");
    assert_eq!(report["enrolled"], true);
    assert_eq!(report["sealed"], true);
    assert!(report["inserted"].as_u64().unwrap() >= 1);
    assert_eq!(villages(&district), 1);
    {
        let events = progress.lock().unwrap();
        let steps: Vec<(u64, u64)> = events
            .iter()
            .filter(|e| e["task"] == "import")
            .map(|e| (e["done"].as_u64().unwrap(), e["total"].as_u64().unwrap()))
            .collect();
        // The dry run (start, end), then the import (start, the overview computed for
        // the receiving unit's next screen, end).
        assert_eq!(steps, [(0, 1), (1, 1), (0, 1), (1, 1), (1, 1)]);
        assert!(events[0]["label"].as_str().unwrap().contains("gói 1.xkb"));
        let labels: Vec<&str> = events
            .iter()
            .filter(|e| e["task"] == "import")
            .map(|e| e["label"].as_str().unwrap())
            .collect();
        assert!(labels[3].contains("tổng hợp"), "{labels:?}");
        assert_eq!(labels[4], "Đã nhập xong");
    }
    let again = invoke(
        &district.window,
        "import_bundles",
        json!({"files": tokens, "dryRun": false}),
    )
    .unwrap();
    assert_eq!(again[0]["status"], "duplicate");
    let pending = invoke(&district.window, "pending", json!({})).unwrap();
    assert_eq!(pending["senders"][0]["unit_code"], "00001");

    // --- a receipt alone: the district saves it, the commune imports it --------------
    let receipt_file = usb.join("biên nhận.xkb");
    std::env::set_var(SAVE, &receipt_file);
    let refused = invoke(&commune.window, "save_receipt", json!({"unit": "00001"})).unwrap_err();
    assert_eq!(refused["code"], "invalid", "a commune writes no receipt");
    let refused = invoke(&district.window, "save_receipt", json!({"unit": "00004"})).unwrap_err();
    assert_eq!(refused["code"], "nothing_to_confirm");
    let saved = invoke(&district.window, "save_receipt", json!({"unit": "00001"})).unwrap();
    assert_eq!(saved["file"], receipt_file.to_str().unwrap());
    assert_eq!(saved["commune_unit"], "00001");
    assert_eq!(saved["sealed_to"]["unit_code"], "00001");
    assert_eq!(saved["confirmed_to"][0][1], summary["to_seq"]);
    assert_eq!(
        invoke(&district.window, "receipt_status", json!({})).unwrap(),
        Value::Null
    );
    assert_eq!(
        invoke(&commune.window, "receipt_status", json!({})).unwrap(),
        Value::Null
    );
    std::env::set_var(OPEN, &receipt_file);
    let picked = invoke(&commune.window, "pick_bundles", json!({})).unwrap();
    let reports = invoke(
        &commune.window,
        "import_bundles",
        json!({"files": [picked[0]["token"]], "dryRun": false}),
    )
    .unwrap();
    assert_eq!(reports[0]["status"], "applied", "{}", reports[0]);
    assert_eq!(reports[0]["receipt"], true);
    let status = invoke(&commune.window, "receipt_status", json!({})).unwrap();
    assert_eq!(status["complete"], true, "{status}");
    assert_eq!(status["confirmed_to"], summary["to_seq"]);
    assert!(status["message"]
        .as_str()
        .unwrap()
        .starts_with("Đơn vị tiếp nhận (Quận Ba Đình) đã nhận đủ dữ liệu đến lần thay đổi"));
    // Everything unconfirmed is nothing now: an empty range after what was confirmed.
    std::env::set_var(SAVE, usb.join("phần chưa xác nhận.xkb"));
    let rest = invoke(
        &commune.window,
        "export_bundle",
        json!({"full": false, "includeSensitive": false, "unconfirmed": true}),
    )
    .unwrap();
    assert_eq!(rest["from_seq"], summary["to_seq"].as_i64().unwrap() + 1);
    assert_eq!(rest["counts"]["village"], 0);

    // A closed Open dialog.
    std::env::set_var(OPEN, "");
    let closed = invoke(&district.window, "pick_bundles", json!({})).unwrap_err();
    assert_eq!(closed["code"], "cancelled");

    // --- the commune restores its backup ----------------------------------------------
    invoke(
        &commune.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "Thôn mới", "village_type": "thon"}}),
    )
    .unwrap();
    assert_eq!(villages(&commune), 2);
    std::env::set_var(OPEN, &backup);
    let refused = invoke(&commune.window, "restore_backup", json!({})).unwrap_err();
    assert_eq!(refused["code"], "recovery_code_needed");
    assert_eq!(villages(&commune), 2, "untouched");
    // The code, as printed on the recovery sheet (its fixed-width lines).
    let sheet = invoke(&commune.window, "recovery_sheet", json!({})).unwrap();
    let mut code = Vec::new();
    for block in sheet["sections"][0]["blocks"].as_array().unwrap() {
        let runs = block["runs"].as_array().cloned().unwrap_or_default();
        if !runs.is_empty() && runs.iter().all(|r| r["mono"] == true) {
            code.extend(runs.iter().map(|r| r["text"].as_str().unwrap().to_string()));
        }
    }
    assert_eq!(code.join(" ").split_whitespace().count(), 14);
    let restored = invoke(
        &commune.window,
        "restore_backup",
        json!({"code": code.join(" ")}),
    )
    .unwrap();
    assert_eq!(restored["unit_code"], "00001");
    assert_eq!(restored["file"], backup.to_str().unwrap());
    let previous: &Value = &restored["previous"];
    assert!(std::path::Path::new(previous.as_str().unwrap()).is_file());
    assert_eq!(villages(&commune), 1, "back to the state of the backup");
    std::env::remove_var(OPEN);

    // --- a member list picked and imported, a dry run first ----------------------------
    let team = invoke(
        &commune.window,
        "create_record",
        json!({"kind": "team", "fields": {"name": "Tổ Đông Hòa", "model_type": "to_bao_ve_antt", "status": "hoat_dong"}}),
    )
    .unwrap()["id"]
        .clone();
    let list = usb.join("danh sách tổ.csv");
    std::fs::write(
        &list,
        "Họ và tên;Năm sinh;Giới tính;Thôn\nĐinh Văn Hòa;1980;Nam;thon dong hoa\nĐinh Thị Lan;2015;Nữ;Thôn Đông Hòa\n",
    )
    .unwrap();
    std::env::set_var(OPEN, &list);
    let picked = invoke(&commune.window, "pick_member_list", json!({})).unwrap();
    assert_eq!(picked["name"], "danh sách tổ.csv");
    let token = picked["token"].clone();
    let refused = invoke(
        &commune.window,
        "import_members",
        json!({"file": list.to_str().unwrap(), "team": team, "columns": null, "dryRun": true}),
    )
    .unwrap_err();
    assert_eq!(
        refused["code"], "invalid",
        "a path from the page is refused"
    );
    let dry = invoke(
        &commune.window,
        "import_members",
        json!({"file": token, "team": team, "columns": null, "dryRun": true}),
    )
    .unwrap();
    assert_eq!(
        (dry["rows"].clone(), dry["imported"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(dry["problems"][0]["row"], 3);
    let bad_target = invoke(
        &commune.window,
        "import_members",
        json!({"file": token, "team": team, "columns": [{"index": 1, "target": "ngay_sinh"}], "dryRun": true}),
    )
    .unwrap_err();
    assert_eq!(bad_target["code"], "invalid");
    // A CSV is one sheet; another name, or one longer than Excel allows, is refused.
    assert_eq!(dry["sheets"], json!(["CSV"]));
    let other_sheet = invoke(
        &commune.window,
        "import_members",
        json!({"file": token, "team": team, "sheet": "Thôn Tây", "columns": null, "dryRun": true}),
    )
    .unwrap_err();
    assert_eq!(other_sheet["code"], "import_file");
    assert!(
        other_sheet["message"].as_str().unwrap().contains("CSV"),
        "{other_sheet}"
    );
    let long_sheet = invoke(
        &commune.window,
        "import_members",
        json!({"file": token, "team": team, "sheet": "x".repeat(32), "columns": null, "dryRun": true}),
    )
    .unwrap_err();
    assert_eq!(long_sheet["code"], "invalid");
    let done = invoke(
        &commune.window,
        "import_members",
        json!({"file": token, "team": team, "columns": [{"index": 3, "target": "village"}], "dryRun": false}),
    )
    .unwrap();
    assert_eq!(done["imported"], 1);
    assert_eq!(done["preview"][0]["village"], "Thôn Đông Hòa");
    std::env::remove_var(OPEN);
}
