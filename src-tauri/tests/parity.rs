//! One scenario through both front ends: the command line (the real `xungkich` binary,
//! as a clerk or a script runs it) and the window's commands (on the mock runtime, as
//! the page calls them). Both are translations over the same engine operations
//! (`xungkich::ops`), so the same steps must end in the same data and the same answers:
//! a demo commune, its bundle on a USB stick with the clutter other computers leave
//! there, and a receiving unit importing the stick's folder.
//!
//! The binary is the one `cargo test --workspace` builds beside this test
//! (`target/<profile>/xungkich`); `XUNGKICH_CLI` names another. One test function,
//! alone in its binary: it sets the process-wide Save-dialog seam.

#![cfg(debug_assertions)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{invoke, TestApp};
use serde_json::{json, Value};

const SAVE: &str = "XUNGKICH_E2E_SAVE_PATH";
const FOLDER: &str = "XUNGKICH_E2E_FOLDER_PATH";

fn cli_exe() -> PathBuf {
    if let Some(exe) = std::env::var_os("XUNGKICH_CLI") {
        return PathBuf::from(exe);
    }
    // target/<profile>/deps/parity-<hash> → target/<profile>/xungkich
    let test_exe = std::env::current_exe().unwrap();
    let profile_dir = test_exe.parent().unwrap().parent().unwrap();
    let exe = profile_dir.join(format!("xungkich{}", std::env::consts::EXE_SUFFIX));
    assert!(
        exe.is_file(),
        "{} is missing: run `cargo build -p xungkich-cli` (or `cargo test --workspace`, \
         which builds it) first",
        exe.display()
    );
    exe
}

/// Runs the command line on `db` with `--json`; its answer, success or not.
fn cli(db: &Path, args: &[&str]) -> (bool, Value) {
    let out = Command::new(cli_exe())
        .arg("--db")
        .arg(db)
        .args(args)
        .arg("--json")
        .env_remove("XUNGKICH_DB")
        .output()
        .unwrap();
    let answer = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), answer)
}

fn cli_ok(db: &Path, args: &[&str]) -> Value {
    let (ok, answer) = cli(db, args);
    assert!(ok, "{args:?}: {answer}");
    answer
}

/// What an import report says about the data, without the file's own path.
fn outcome(report: &Value) -> Value {
    let file = report["file"].as_str().unwrap();
    json!({
        "name": Path::new(file).file_name().unwrap().to_string_lossy(),
        "status": report["status"],
        "inserted": report["inserted"],
        "updated": report["updated"],
        "unchanged": report["unchanged"],
        "quarantined": report["quarantined"],
        "enrolled": report["enrolled"],
        "sender": report["sender"],
    })
}

#[test]
fn the_command_line_and_the_window_do_the_same_things() {
    let work = tempfile::tempdir().unwrap();

    // --- a demo commune each way: the same records ------------------------------------
    let window_commune = TestApp::new();
    invoke(&window_commune.window, "open_demo", json!({})).unwrap();
    let cli_commune = work.path().join("xã qua dòng lệnh.db");
    cli_ok(&cli_commune, &["demo", "--unit", "00001"]);
    let window_db = window_commune.dir.path().join("xungkich.db");
    let digest_of_window = cli_ok(&window_db, &["digest"]);
    let digest_of_cli = cli_ok(&cli_commune, &["digest"]);
    assert_eq!(digest_of_window["kinds"], digest_of_cli["kinds"]);
    assert_eq!(digest_of_window["sha256"], digest_of_cli["sha256"]);

    // --- each exports its full bundle: the same counts and range -----------------------
    let usb = work.path().join("USB của xã");
    std::fs::create_dir(&usb).unwrap();
    let window_bundle = usb.join("Bình An.zip");
    std::env::set_var(SAVE, &window_bundle);
    let window_export = invoke(
        &window_commune.window,
        "export_bundle",
        json!({"full": true, "includeSensitive": false, "unencrypted": true}),
    )
    .unwrap();
    std::env::remove_var(SAVE);
    // The command line is given the folder: the engine names the file. Both in clear,
    // chosen explicitly: two receiving units import the same stick below, and a sealed
    // bundle opens at one only (sealing is tested in tests/dialogs.rs and tests/cli.rs).
    let cli_export = cli_ok(
        &cli_commune,
        &[
            "export",
            "--out",
            usb.to_str().unwrap(),
            "--full",
            "--unencrypted",
        ],
    );
    for key in ["counts", "from_seq", "to_seq", "full", "attachments"] {
        assert_eq!(window_export[key], cli_export[key], "{key}");
    }
    let cli_bundle = PathBuf::from(cli_export["file"].as_str().unwrap());
    assert_eq!(cli_bundle.parent().unwrap(), usb);
    let name = cli_bundle
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("xungkich-00001-") && name.ends_with(".zip"),
        "{name}"
    );
    // What another computer leaves on the stick: not bundles.
    std::fs::write(usb.join("._Bình An.zip"), b"\0\x05\x16\x07 AppleDouble").unwrap();
    std::fs::create_dir(usb.join("Ảnh.zip")).unwrap();

    // --- two receiving units import the stick's folder, one each way -------------------
    let window_receiver = TestApp::new();
    invoke(
        &window_receiver.window,
        "setup",
        json!({"role": "district", "unitSet": "2008", "unitCode": "001"}),
    )
    .unwrap();
    let cli_receiver = work.path().join("đơn vị tiếp nhận.db");
    cli_ok(
        &cli_receiver,
        &["init", "--role", "district", "--unit", "001"],
    );

    let folder = usb.to_str().unwrap();
    // The officer compared both laptops' fingerprints: exactly those are consented to.
    let fingerprints: Vec<String> = [&window_bundle, &cli_bundle]
        .iter()
        .map(|b| {
            xungkich::sync::import::signer_of(&std::fs::read(b).unwrap())
                .unwrap()
                .fingerprint
        })
        .collect();
    // The window's officer picks the folder; the page then names its files by token.
    std::env::set_var(FOLDER, folder);
    let picked = invoke(&window_receiver.window, "pick_bundle_folder", json!({})).unwrap();
    let tokens: Vec<Value> = picked
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["token"].clone())
        .collect();
    let window_reports = invoke(
        &window_receiver.window,
        "import_bundles",
        json!({"files": tokens, "dryRun": false, "enrol": fingerprints, "reEnrol": []}),
    )
    .unwrap();
    let (cli_ok_status, cli_reports) = cli(
        &cli_receiver,
        &[
            "import",
            folder,
            "--enrol",
            &fingerprints[0],
            "--enrol",
            &fingerprints[1],
        ],
    );
    let window_outcomes: Vec<Value> = window_reports
        .as_array()
        .unwrap()
        .iter()
        .map(outcome)
        .collect();
    let cli_outcomes: Vec<Value> = cli_reports["bundles"]
        .as_array()
        .unwrap()
        .iter()
        .map(outcome)
        .collect();
    assert_eq!(window_outcomes, cli_outcomes);
    // Two bundles (the hidden file and the folder left out), in Vietnamese name order.
    // Both are commune 00001's, from two installations (two laptops of one commune):
    // each is enrolled with the officer's consent, and the second's records, the same
    // ids with newer clocks, update the first's.
    assert_eq!(window_outcomes.len(), 2, "{window_outcomes:#?}");
    assert_eq!(window_outcomes[0]["name"], "Bình An.zip");
    for o in &window_outcomes {
        assert_eq!(o["status"], "applied", "{o}");
        assert_eq!(o["enrolled"], true, "{o}");
    }
    assert_eq!(
        window_outcomes[1]["updated"],
        window_outcomes[0]["inserted"]
    );
    assert!(cli_ok_status, "{cli_reports}");

    // The same data at both receivers, and the same overview.
    let window_receiver_db = window_receiver.dir.path().join("xungkich.db");
    assert_eq!(
        cli_ok(&window_receiver_db, &["digest"])["sha256"],
        cli_ok(&cli_receiver, &["digest"])["sha256"]
    );
    let window_overview = invoke(
        &window_receiver.window,
        "district_overview",
        json!({"options": {"sort": "name"}}),
    )
    .unwrap();
    let cli_report = cli_ok(&cli_receiver, &["report"]);
    // The same figures; only the moment of each import differs (and the period's
    // results, which only a report carries).
    let figures = |totals: &Value| {
        let mut t = totals.clone();
        t["last_bundle"]["imported_at"] = Value::Null;
        t
    };
    let compliance = |totals: &Value| {
        let mut t = figures(totals);
        if let Some(o) = t.as_object_mut() {
            o.remove("results");
            o.remove("results_year_earlier");
        }
        t
    };
    assert_eq!(
        figures(&window_overview["totals"]),
        compliance(&cli_report["totals"])
    );
    // The report the window shows is the command line's, results included.
    let window_report = invoke(&window_receiver.window, "report_view", json!({})).unwrap();
    assert!(cli_report["totals"]["results"]["activities"].is_object());
    assert_eq!(
        figures(&window_report["totals"]),
        figures(&cli_report["totals"])
    );
    assert_eq!(window_report["period"], cli_report["period"]);

    // An empty folder: the same refusal, the same code.
    let empty = work.path().join("USB trống");
    std::fs::create_dir(&empty).unwrap();
    std::env::set_var(FOLDER, &empty);
    let window_refusal =
        invoke(&window_receiver.window, "pick_bundle_folder", json!({})).unwrap_err();
    std::env::remove_var(FOLDER);
    let (ok, cli_refusal) = cli(&cli_receiver, &["import", empty.to_str().unwrap()]);
    assert!(!ok);
    assert_eq!(window_refusal["code"], "no_bundles");
    assert_eq!(cli_refusal["error"]["code"], window_refusal["code"]);
    assert_eq!(cli_refusal["error"]["message"], window_refusal["message"]);
}
