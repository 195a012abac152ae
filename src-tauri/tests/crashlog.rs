//! Issue 14, item 5: a panic in a command writes a log in `<data folder>/logs/`, without
//! the personal values its message may quote, and the command answers a Vietnamese
//! sentence that says the data is safe and where the log is. The database still opens
//! and holds what was saved before.

mod common;

use common::{invoke, TestApp};
use serde_json::json;

#[cfg(debug_assertions)]
#[test]
fn a_panic_in_a_command_is_logged_and_said_in_words() {
    let t = TestApp::new();
    t.setup_commune();
    invoke(
        &t.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "Thôn Đông", "village_type": "thon"}}),
    )
    .unwrap();
    xungkich_desktop_lib::crashlog::init(t.dir.path());
    let err = tauri::async_runtime::block_on(xungkich_desktop_lib::commands::app::crash_for_test(
        t.app.handle().clone(),
    ))
    .unwrap_err();
    assert_eq!(err.code, "internal");
    assert!(
        err.message.contains("dữ liệu không bị thay đổi"),
        "{}",
        err.message
    );
    let logs = t.dir.path().join("logs");
    let files: Vec<_> = std::fs::read_dir(&logs).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one log");
    let log = files[0].path();
    assert!(
        err.message.contains(&log.display().to_string()),
        "{}",
        err.message
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("crash_for_test: a panic on purpose"),
        "{text}"
    );
    assert!(text.contains("src/commands/app.rs"), "where: {text}");
    assert!(
        !text.contains("0912345678"),
        "a phone number is masked: {text}"
    );
    // The store works on: the next write goes through, the village saved before is there.
    invoke(
        &t.window,
        "create_record",
        json!({"kind": "village", "fields": {"name": "Thôn Tây", "village_type": "thon"}}),
    )
    .unwrap();
    let villages = invoke(
        &t.window,
        "list_records",
        json!({"kind": "village", "parentField": null, "parentId": null, "includeDeleted": false}),
    )
    .unwrap();
    assert_eq!(villages.as_array().unwrap().len(), 2);
}
