//! Black-box tests of the command line (DESIGN.md §6): they run the real binary and read
//! only its output, exit status and files.
//!
//! The same tests run against the Windows build under Wine (see `scripts/test`):
//! - `XUNGKICH_TEST_EXE`: the program to run (default: this build's `xungkich`);
//! - `XUNGKICH_TEST_RUNNER`: a program to run it with (e.g. `/usr/lib/wine/wine64`);
//! - `XUNGKICH_TEST_TMP`: where to make the data folders (CI gives a path with
//!   Vietnamese letters and spaces);
//! - `XUNGKICH_TEST_PATHS=windows`: pass paths as `Z:\…` (how a Windows program sees
//!   the Unix file system under Wine).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

struct Cli {
    db: PathBuf,
    dir: PathBuf,
    _tmp: tempfile::TempDir,
}

fn exe_command() -> Command {
    let exe = std::env::var("XUNGKICH_TEST_EXE")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_xungkich").to_string());
    match std::env::var("XUNGKICH_TEST_RUNNER") {
        Ok(runner) if !runner.is_empty() => {
            let mut c = Command::new(runner);
            c.arg(exe);
            c
        }
        _ => Command::new(exe),
    }
}

/// Runs the program and returns what it did.
///
/// Under a runner (Wine) a start can fail before our program runs: CI once saw one of
/// ~300 runs end with no output at all and an exit status our program never uses (it
/// says something on stderr with 1 or 2, and a panic prints its message with 101).
/// Such a run is tried again, at most twice, and said on stderr; anything our
/// program printed or any status of ours is returned as it is.
fn run_program(command: impl Fn() -> Command) -> Output {
    let under_runner = std::env::var("XUNGKICH_TEST_RUNNER").is_ok_and(|r| !r.is_empty());
    let mut attempt = 1;
    loop {
        let out = command().output().expect("the program runs");
        let silent_failure = !out.status.success()
            && !matches!(out.status.code(), Some(1 | 2 | 101))
            && out.stdout.is_empty()
            && out.stderr.is_empty();
        if !(under_runner && silent_failure && attempt < 3) {
            return out;
        }
        eprintln!(
            "cli test: the runner ended with {} and no output (attempt {attempt}); trying again",
            out.status
        );
        attempt += 1;
    }
}

/// A path as the program under test should be given it.
fn arg(path: &Path) -> String {
    let s = path.to_string_lossy().into_owned();
    if std::env::var("XUNGKICH_TEST_PATHS").as_deref() == Ok("windows") {
        format!("Z:{}", s.replace('/', "\\"))
    } else {
        s
    }
}

impl Cli {
    /// A fresh data folder whose name has Vietnamese letters and spaces.
    fn new() -> Cli {
        let base = std::env::var("XUNGKICH_TEST_TMP")
            .map(PathBuf::from)
            .unwrap_or_else(|_| std::env::temp_dir());
        std::fs::create_dir_all(&base).unwrap();
        let tmp = tempfile::Builder::new()
            .prefix("thử ")
            .tempdir_in(&base)
            .unwrap();
        let dir = tmp.path().join("Dữ liệu xã Đông Tiến");
        std::fs::create_dir_all(&dir).unwrap();
        Cli {
            db: dir.join("sổ tổ.db"),
            dir,
            _tmp: tmp,
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        run_program(|| {
            let mut c = exe_command();
            c.arg("--db").arg(arg(&self.db)).args(args);
            c.env_remove("XUNGKICH_DB");
            c
        })
    }

    /// Runs with `--json` (placed at the end: global flags go anywhere) and expects
    /// success.
    fn json(&self, args: &[&str]) -> Value {
        let mut all: Vec<&str> = args.to_vec();
        all.push("--json");
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "{args:?} failed ({}): {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs without `--json` and expects success: what a person reads.
    fn human(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs and expects a refusal (exit 1) with a message in both languages.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?} should be refused; stderr: {stderr}"
        );
        assert!(
            stderr.contains("Lỗi"),
            "Vietnamese message expected: {stderr}"
        );
        assert!(
            stderr.contains("Error:"),
            "English gloss expected: {stderr}"
        );
        stderr
    }

    fn digest(&self) -> String {
        self.json(&["digest"])["sha256"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn init_demo(&self) {
        self.json(&["init", "--role", "commune", "--unit", "00001"]);
        self.json(&[
            "demo",
            "--villages",
            "4",
            "--members",
            "5",
            "--activities",
            "30",
            "--today",
            "15/11/2026",
        ]);
    }
}

#[test]
fn init_reports_unit_role_and_fingerprint_and_refuses_a_second_time() {
    let cli = Cli::new();
    let v = cli.json(&["init", "--role", "commune", "--unit", "00001"]);
    assert_eq!(v["unit"], "00001");
    assert_eq!(v["role"], "commune");
    let fp = v["fingerprint"].as_str().unwrap();
    assert_eq!(fp.split(' ').count(), 6, "{fp}");
    assert!(
        cli.db.exists(),
        "the database is in the Vietnamese-named folder"
    );
    let err = cli.refused(&["init", "--role", "commune", "--unit", "00004"]);
    assert!(err.contains("đã được thiết lập"), "{err}");
    assert_eq!(cli.json(&["info"])["fingerprint"], fp);
}

#[test]
fn init_refuses_unknown_or_wrong_level_units_and_writes_nothing() {
    let cli = Cli::new();
    let err = cli.refused(&["init", "--role", "commune", "--unit", "99999"]);
    assert!(err.contains("99999"), "{err}");
    cli.refused(&["init", "--role", "commune", "--unit", "001"]);
    cli.refused(&[
        "init", "--role", "district", "--unit", "01", "--units", "2008",
    ]);
    let err = cli.refused(&["info"]);
    assert!(err.contains("chưa được thiết lập"), "{err}");
    // The receiving unit: a district in the old set, a province in the new one.
    let v = cli.json(&[
        "init", "--role", "district", "--units", "2025", "--unit", "01",
    ]);
    assert_eq!(v["role"], "district");
}

#[test]
fn usage_errors_exit_with_2() {
    let cli = Cli::new();
    assert_eq!(cli.run(&[]).status.code(), Some(2));
    assert_eq!(cli.run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        cli.run(&["init", "--role", "king", "--unit", "00001"])
            .status
            .code(),
        Some(2)
    );
    let out = run_program(|| {
        let mut c = exe_command();
        c.env_remove("XUNGKICH_DB").args(["info"]);
        c
    });
    assert_eq!(out.status.code(), Some(2), "no --db");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db"));
}

#[test]
fn demo_is_deterministic_by_seed_and_day() {
    let a = Cli::new();
    let b = Cli::new();
    a.init_demo();
    b.init_demo();
    assert_eq!(a.digest(), b.digest());
    let c = Cli::new();
    c.json(&["init", "--role", "commune", "--unit", "00001"]);
    let counts = c.json(&[
        "demo",
        "--villages",
        "4",
        "--members",
        "5",
        "--activities",
        "30",
        "--today",
        "15/11/2026",
        "--seed",
        "2",
    ]);
    assert!(counts["member"].as_u64().unwrap() >= 10, "{counts}");
    assert_ne!(a.digest(), c.digest());
}

#[test]
fn search_ignores_case_and_diacritics() {
    let cli = Cli::new();
    cli.init_demo();
    let v = cli.json(&[
        "add",
        "team",
        "--set",
        "name=Tổ bảo vệ ANTT thôn Đồng Đức",
        "--set",
        "model_type=to_bao_ve_antt",
        "--set",
        "status=hoat_dong",
    ]);
    let team = v["id"].as_str().unwrap().to_string();
    let team_arg = format!("team_id={team}");
    cli.json(&[
        "add",
        "member",
        "--set",
        &team_arg,
        "--set",
        "full_name=Nguyễn Văn Đức",
        "--set",
        "sex=nam",
        "--set",
        "role=to_vien",
    ]);
    let hits = cli.json(&["search", "nguyen", "van", "duc"]);
    let names: Vec<&str> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Nguyễn Văn Đức"), "{names:?}");
    let hits = cli.json(&["search", "DONG DUC"]);
    assert!(hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["kind"] == "team" && h["id"] == team.as_str()));
    let hits = cli.json(&["search", "ngu"]);
    assert!(
        !hits["hits"].as_array().unwrap().is_empty(),
        "prefix search"
    );
}

#[test]
fn a_refused_form_leaves_the_database_as_it_was() {
    let cli = Cli::new();
    cli.init_demo();
    let before = cli.digest();
    let team = cli.json(&["list", "team", "--limit", "1"])["records"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let team_arg = format!("team_id={team}");
    let err = cli.refused(&[
        "add",
        "member",
        "--set",
        &team_arg,
        "--set",
        "full_name=Lê Văn Tám",
        "--set",
        "sex=nam",
        "--set",
        "role=to_vien",
        "--set",
        "birth_date=12/31/1980",
    ]);
    assert!(err.contains("Ngày sinh"), "{err}");
    assert_eq!(cli.digest(), before);
    let v = cli.json(&[
        "add",
        "member",
        "--set",
        &team_arg,
        "--set",
        "full_name=Lê Văn Tám",
        "--set",
        "sex=nam",
        "--set",
        "role=to_vien",
        "--set",
        "birth_date=31/12/1980",
    ]);
    assert!(v["id"].is_string());
    assert_ne!(cli.digest(), before);
}

#[test]
fn check_reports_integrity_and_compliance_problems() {
    let cli = Cli::new();
    cli.init_demo();
    let v = cli.json(&["check", "--on", "15/11/2026"]);
    assert_eq!(v["integrity"], "ok");
    let problems = v["problems"].as_array().unwrap();
    assert!(!problems.is_empty());
    assert!(problems
        .iter()
        .all(|p| p["message"].as_str().is_some_and(|m| !m.is_empty())));
    assert!(!v["teams"].as_array().unwrap().is_empty());
    cli.refused(&["check", "--on", "31/02/2026"]);

    // An entry of the audit log changed outside the program: `check` says where, in
    // words, in both outputs.
    {
        let conn = rusqlite::Connection::open(&cli.db).unwrap();
        conn.execute("UPDATE audit_log SET actor = 'Người lạ' WHERE id = 5", [])
            .unwrap();
    }
    let v = cli.json(&["check", "--on", "15/11/2026"]);
    let integrity = v["integrity"][0].as_str().unwrap_or_default();
    assert!(
        integrity.starts_with("Nhật ký thao tác bị sửa ở mục số 5, ngày "),
        "{v}"
    );
    let out = cli.run(&["check", "--on", "15/11/2026"]);
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(
        human.contains("Tệp dữ liệu có lỗi: Nhật ký thao tác bị sửa ở mục số 5"),
        "{human}"
    );
    assert!(human.contains("Hãy báo cán bộ phụ trách"), "{human}");
}

#[test]
fn backup_and_restore_round_trip() {
    let cli = Cli::new();
    cli.init_demo();
    let identity = cli.json(&["info"]);
    let before = cli.digest();
    let backup = cli.dir.join("sao lưu ngày 1.db");
    let v = cli.json(&["backup", "--out", &arg(&backup)]);
    assert!(v["bytes"].as_u64().unwrap() > 0);
    assert!(backup.exists());
    let team = cli.json(&["list", "team", "--limit", "1"])["records"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    cli.json(&["delete", "team", &team]);
    assert_ne!(cli.digest(), before);
    let v = cli.json(&["restore", &arg(&backup)]);
    assert_eq!(v["unit"], "00001");
    assert_eq!(cli.digest(), before);
    let after = cli.json(&["info"]);
    assert_eq!(after["fingerprint"], identity["fingerprint"]);
    assert_eq!(after["installation_id"], identity["installation_id"]);
}

/// The recovery code as the sheet prints it (the `<code>` runs of the HTML sheet).
fn code_on_sheet(html: &str) -> String {
    html.split("<code>")
        .skip(1)
        .filter_map(|part| part.split("</code>").next())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The keys live in a key file beside the database (sealed with DPAPI on Windows: this
/// test runs under Wine too), come back from the recovery sheet's code on a computer
/// without them, and a wrong code is refused.
#[test]
fn keys_live_beside_the_database_and_come_back_from_the_recovery_sheet() {
    let cli = Cli::new();
    let init = cli.run(&["init", "--role", "commune", "--unit", "00001"]);
    assert!(init.status.success());
    let said = String::from_utf8_lossy(&init.stdout);
    assert!(said.contains("PHIẾU KHÔI PHỤC"), "{said}");
    let mut key_file = cli.db.as_os_str().to_owned();
    key_file.push(".khoa");
    let key_file = PathBuf::from(key_file);
    assert!(key_file.exists());
    let sheet = cli.dir.join("phiếu khôi phục.html");
    cli.json(&["recovery-sheet", "--out", &arg(&sheet)]);
    let html = std::fs::read_to_string(&sheet).unwrap();
    assert!(html.contains("Cất phiếu này trong tủ an toàn của cơ quan."));
    let code = code_on_sheet(&html);
    assert_eq!(code.split_whitespace().count(), 14, "{code}");
    assert_eq!(cli.json(&["info"])["keys"], true);

    // A new laptop: the data folder came without the key file.
    std::fs::remove_file(&key_file).unwrap();
    assert_eq!(cli.json(&["info"])["keys"], false);
    // (In clear: this commune trusts no card; what is checked here is the key.)
    let err = cli.refused(&[
        "export",
        "--unencrypted",
        "--out",
        &arg(&cli.dir.join("goi.zip")),
    ]);
    assert!(err.contains("phiếu khôi phục"), "{err}");
    let mut typo: Vec<char> = code.chars().collect();
    typo[7] = if typo[7] == 'X' { 'Y' } else { 'X' };
    let err = cli.refused(&["restore-keys", "--code", &typo.iter().collect::<String>()]);
    assert!(err.contains("nhóm thứ 2"), "{err}");
    assert!(!key_file.exists());
    let v = cli.json(&["restore-keys", "--code", &code.to_lowercase()]);
    assert_eq!(v["keys"], true);
    assert_eq!(cli.json(&["info"])["keys"], true);
    cli.json(&[
        "export",
        "--unencrypted",
        "--out",
        &arg(&cli.dir.join("goi.zip")),
    ]);
}

/// A backup off the data folder is encrypted and needs the code; one kept in the data
/// folder is a plain copy without keys.
#[test]
fn a_usb_backup_is_encrypted_and_restores_only_with_the_code() {
    let cli = Cli::new();
    cli.init_demo();
    let before = cli.digest();
    let sheet = cli.dir.join("phieu.html");
    cli.json(&["recovery-sheet", "--out", &arg(&sheet)]);
    let code = code_on_sheet(&std::fs::read_to_string(&sheet).unwrap());
    let usb = cli.dir.parent().unwrap().join("USB của xã");
    std::fs::create_dir_all(&usb).unwrap();
    let v = cli.json(&["backup", "--out", &arg(&usb)]);
    assert_eq!(v["encrypted"], true);
    // The name the program chose (the path is a Windows one under Wine).
    let file = v["file"].as_str().unwrap();
    assert!(file.ends_with(".xkbak"), "{file}");
    let backup = usb.join(file.rsplit(['/', '\\']).next().unwrap());
    let bytes = std::fs::read(&backup).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    let local = cli.json(&["backup", "--out", &arg(&cli.dir)]);
    assert_eq!(local["encrypted"], false);

    let team = cli.json(&["list", "team", "--limit", "1"])["records"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    cli.json(&["delete", "team", &team]);
    let changed = cli.digest();
    let err = cli.refused(&["restore", &arg(&backup)]);
    assert!(err.contains("Cần mã khôi phục"), "{err}");
    let err = cli.refused(&["restore", &arg(&backup), "--code", "1234 5678"]);
    assert!(err.contains("gõ chưa đúng"), "{err}");
    assert_eq!(cli.digest(), changed);
    // The code from the variable, kept out of the shell's history.
    let out = run_program(|| {
        let mut c = exe_command();
        c.arg("--db")
            .arg(arg(&cli.db))
            .args(["restore", &arg(&backup), "--json"]);
        c.env_remove("XUNGKICH_DB");
        c.env("XUNGKICH_RECOVERY_CODE", &code);
        c
    });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(cli.digest(), before);
}

#[test]
fn bad_files_are_refused_untouched() {
    let cli = Cli::new();
    cli.init_demo();
    let before = cli.digest();
    // Not a backup.
    let junk = cli.dir.join("không phải sao lưu.db");
    std::fs::write(&junk, b"this is not a database at all, just text").unwrap();
    cli.refused(&["restore", &arg(&junk)]);
    cli.refused(&["restore", &arg(&cli.dir.join("không có.db"))]);
    cli.refused(&[
        "backup",
        "--out",
        &arg(&cli.dir.join("thư mục không có").join("x.db")),
    ]);
    assert_eq!(cli.digest(), before);
    // A file that is not ours, given as the database.
    let other = Cli::new();
    std::fs::write(&other.db, b"PK\x03\x04 a zip, not a database").unwrap();
    let err = other.refused(&["info"]);
    assert!(err.contains("không phải là dữ liệu"), "{err}");
    assert_eq!(
        std::fs::read(&other.db).unwrap(),
        b"PK\x03\x04 a zip, not a database"
    );
}

#[test]
fn a_database_from_a_newer_program_is_refused_untouched() {
    let cli = Cli::new();
    cli.json(&["init", "--role", "commune", "--unit", "00001"]);
    {
        let conn = rusqlite::Connection::open(&cli.db).unwrap();
        conn.execute_batch("PRAGMA user_version = 999; PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let bytes = std::fs::read(&cli.db).unwrap();
    let err = cli.refused(&["info"]);
    assert!(err.contains("phiên bản mới hơn"), "{err}");
    assert_eq!(std::fs::read(&cli.db).unwrap(), bytes);
}

#[test]
fn records_can_be_listed_shown_updated_and_deleted() {
    let cli = Cli::new();
    cli.json(&["init", "--role", "commune", "--unit", "00001"]);
    let v = cli.json(&[
        "add",
        "village",
        "--set",
        "name=Thôn Hòa Bình",
        "--set",
        "village_type=Thôn",
    ]);
    let id = v["id"].as_str().unwrap().to_string();
    cli.json(&["update", "village", &id, "--set", "households=1.250"]);
    let shown = cli.json(&["show", "village", &id]);
    assert_eq!(shown["fields"]["households"], 1250);
    assert_eq!(shown["fields"]["name"], "Thôn Hòa Bình");
    let out = cli.run(&["show", "village", &id]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Thôn Hòa Bình"));
    let history = cli.json(&["history", &id]);
    assert_eq!(history["entries"].as_array().unwrap().len(), 2);
    cli.refused(&["update", "village", &id, "--set", "households=nhiều"]);
    assert_eq!(cli.json(&["delete", "village", &id])["deleted"], 1);
    cli.refused(&["show", "village", "0190b5c0-0000-7000-8000-000000000000"]);
    cli.refused(&["add", "person", "--set", "name=x"]);
}

/// "Đã xóa gần đây": a deleted team comes back with its members; a member whose team is
/// still deleted is refused with what to restore first, and nothing changes.
#[test]
fn deleted_lists_what_can_be_restored_and_restore_brings_it_back() {
    let cli = Cli::new();
    cli.init_demo();
    let team = cli.json(&["list", "team", "--limit", "1"])["records"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let of = format!("team_id={team}");
    let members = cli.json(&["list", "member", "--of", &of])["records"]
        .as_array()
        .unwrap()
        .clone();
    let member = members[0]["id"].as_str().unwrap().to_string();
    let name = members[0]["fields"]["full_name"]
        .as_str()
        .unwrap()
        .to_string();
    let before = cli.digest();
    assert_eq!(
        cli.json(&["deleted"])["deleted"],
        serde_json::json!([]),
        "nothing deleted yet"
    );
    assert!(cli
        .human(&["deleted"])
        .contains("Chưa xóa gì trong 30 ngày qua"));
    let said = cli.human(&["delete", "member", &member]);
    assert!(said.contains("khôi phục trong 30 ngày"), "{said}");
    cli.json(&["delete", "team", &team]);
    let listed = cli.json(&["deleted"]);
    let batches = listed["deleted"].as_array().unwrap();
    assert_eq!(batches.len(), 2);
    assert_eq!(batches[0]["kind"], "team", "newest first");
    assert_eq!(batches[1]["kind"], "member");
    assert_eq!(batches[1]["label"], name.as_str());
    for key in [
        "id",
        "deleted_at",
        "actor",
        "kind_label",
        "records",
        "links",
        "restorable_until",
    ] {
        assert!(!batches[0][key].is_null(), "{key}");
    }
    let table = cli.human(&["deleted"]);
    assert!(
        table.contains(&name) && table.contains("thành viên"),
        "{table}"
    );
    let team_batch = batches[0]["id"].as_str().unwrap().to_string();
    let member_batch = batches[1]["id"].as_str().unwrap().to_string();

    let deleted_digest = cli.digest();
    let err = cli.refused(&["deleted", "--restore", &member_batch]);
    assert!(err.contains("trước"), "{err}");
    let out = cli.run(&["deleted", "--restore", &member_batch, "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "restore_needs_parent");
    assert_eq!(cli.digest(), deleted_digest, "the refusal changed nothing");

    let restored = cli.json(&["deleted", "--restore", &team_batch]);
    assert_eq!(restored["restored"]["kind"], "team");
    assert_eq!(restored["deleted"].as_array().unwrap().len(), 1);
    cli.json(&["deleted", "--restore", &member_batch]);
    assert_eq!(cli.digest(), before, "everything is back as it was");
    let shown = cli.json(&["show", "member", &member]);
    assert_eq!(shown["deleted"], false);
    assert_eq!(shown["fields"]["full_name"], name.as_str());
    let out = cli.run(&["deleted", "--restore", &member_batch, "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "not_in_bin");
}

#[test]
fn settings_are_checked() {
    let cli = Cli::new();
    cli.json(&["init", "--role", "commune", "--unit", "00001"]);
    let v = cli.json(&["settings", "c2_fresh_days", "30"]);
    assert_eq!(v["settings"]["c2_fresh_days"], 30);
    cli.refused(&["settings", "c2_fresh_days", "0"]);
    cli.refused(&["settings", "no_such_setting"]);
    assert_eq!(cli.json(&["settings"])["settings"]["c2_fresh_days"], 30);
}

/// Every decision the program prints, by its id: the demo's recognition of members and
/// the decision issuing a regulation added here; a type it does not print is refused.
#[test]
fn each_printed_decision_is_written_by_its_id() {
    let cli = Cli::new();
    cli.init_demo();
    let decisions = cli.json(&["list", "decision"]);
    let of_type = |t: &str| {
        decisions["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["fields"]["decision_type"] == t)
            .map(|d| d["id"].as_str().unwrap().to_string())
    };
    let recognition = of_type("cong_nhan_thanh_vien").expect("the demo recognises members");
    let html = cli.dir.join("công nhận.html");
    let v = cli.json(&["print-decision", &recognition, "--out", &arg(&html)]);
    assert_eq!(v["kind"], "decision", "{v}");
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("Về việc công nhận thành viên"), "{text}");
    assert!(text.contains("Công nhận"), "{text}");
    // A decision issuing the regulation, dated before 1/7/2025 (Phường Phúc Xá issued it).
    let team = decisions["records"][0]["fields"]["team_id"]
        .as_str()
        .unwrap()
        .to_string();
    let team = team.as_str();
    let issuing = cli.json(&[
        "add",
        "decision",
        "--set",
        &format!("team_id={team}"),
        "--set",
        "decision_type=ban_hanh_quy_che",
        "--set",
        "state=du_thao",
        "--set",
        "decision_date=20/05/2025",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let docx = cli.dir.join("ban hành quy chế.docx");
    cli.json(&["print-decision", &issuing, "--out", &arg(&docx)]);
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK\x03\x04"));
    let html = cli.dir.join("ban hành quy chế.html");
    cli.json(&["print-decision", &issuing, "--out", &arg(&html)]);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        text.contains("Ban hành kèm theo Quyết định này Quy chế hoạt động"),
        "{text}"
    );
    assert!(text.contains("QUY CHẾ"), "{text}");
    assert!(text.contains("PHƯỜNG PHÚC XÁ"), "{text}");
    // Giải thể is not printed: refused in words, nothing written.
    let dissolution = cli.json(&[
        "add",
        "decision",
        "--set",
        &format!("team_id={team}"),
        "--set",
        "decision_type=giai_the",
        "--set",
        "state=du_thao",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = cli.dir.join("giải thể.html");
    let stderr = cli.refused(&["print-decision", &dissolution, "--out", &arg(&out)]);
    assert!(stderr.contains("chưa in loại quyết định này"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn documents_are_written_as_docx_or_html_by_the_extension() {
    let cli = Cli::new();
    cli.init_demo();
    // The demo's signed decisions saved as signed (as a clerk does for decisions signed
    // before schema 13), once.
    let frozen = cli.json(&["freeze-decision", "--all"]);
    assert!(frozen["saved"].as_u64().unwrap() > 0, "{frozen}");
    assert_eq!(cli.json(&["freeze-decision", "--all"])["saved"], 0);
    cli.refused(&["freeze-decision"]);
    let teams = cli.json(&["list", "team"]);
    let team = teams["records"][0]["id"].as_str().unwrap().to_string();
    // A draft is dated before 1/7/2025: the demo commune (Phường Phúc Xá) is of the
    // 2008–2025 list, and a draft dated later must name its 2025 issuing unit.
    for (command, name) in [
        ("decision", "quyết định.docx"),
        ("decision", "quyết định.html"),
        ("member-list", "danh sách.docx"),
        ("regulation", "quy chế.HTML"),
    ] {
        let path = cli.dir.join(name);
        let v = cli.json(&[command, &team, "--out", &arg(&path), "--on", "15/11/2024"]);
        assert!(v["file"].as_str().unwrap().ends_with(name), "{v}");
        let bytes = std::fs::read(&path).unwrap();
        if name.ends_with(".docx") {
            assert_eq!(&bytes[..2], b"PK", "{name} is a ZIP");
        } else {
            let html = String::from_utf8(bytes).unwrap();
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(html.contains("@page { size: A4;"));
        }
    }
    // Same data and day, same bytes.
    let again = cli.dir.join("lần hai.docx");
    cli.json(&[
        "decision",
        &team,
        "--out",
        &arg(&again),
        "--on",
        "15/11/2024",
    ]);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(cli.dir.join("quyết định.docx")).unwrap()
    );
    // Another extension is refused in Vietnamese, and nothing is written.
    let pdf = cli.dir.join("quyết định.pdf");
    let stderr = cli.refused(&["decision", &team, "--out", &arg(&pdf)]);
    assert!(stderr.contains(".docx"), "{stderr}");
    assert!(!pdf.exists());
    cli.refused(&[
        "decision",
        "0190b5c0-0000-7000-8000-000000000000",
        "--out",
        &arg(&cli.dir.join("x.docx")),
    ]);
    // The templates are a setting the clerk can change; a bad one is refused.
    let templates =
        r#"[{"id":"luu","slot":"recipient","order":90,"text":"Lưu: VT, CAP, hồ sơ tổ"}]"#;
    let v = cli.json(&["settings", "doc_templates", templates]);
    assert!(v["settings"]["doc_templates"]
        .as_str()
        .unwrap()
        .contains("CAP"));
    cli.refused(&["settings", "doc_templates", "[{"]);
    cli.refused(&["settings", "decision_inline_members", "mười"]);
    // The demo's decision was recorded as signed: it prints as signed, the new template
    // changes nothing in it (issue 13).
    let html = cli.dir.join("sau khi sửa.html");
    cli.json(&["decision", &team, "--out", &arg(&html)]);
    let signed = std::fs::read_to_string(&html).unwrap();
    assert!(!signed.contains("hồ sơ tổ"), "a signed paper never changes");
    assert_eq!(
        signed,
        std::fs::read_to_string(cli.dir.join("quyết định.html")).unwrap()
    );
    // A new team's draft takes it.
    let draft_team = cli.json(&[
        "add",
        "team",
        "--set",
        "name=Tổ bảo vệ an ninh, trật tự tổ dân phố số 9",
        "--set",
        "model_type=to_bao_ve_antt",
        "--set",
        "status=hoat_dong",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let draft = cli.dir.join("dự thảo.html");
    cli.json(&[
        "decision",
        &draft_team,
        "--out",
        &arg(&draft),
        "--on",
        "15/11/2024",
    ]);
    assert!(std::fs::read_to_string(&draft)
        .unwrap()
        .contains("- Lưu: VT, CAP, hồ sơ tổ."));
    // Today Phường Phúc Xá is no more: today's draft asks for the unit that issues it.
    let stderr = cli.refused(&["decision", &draft_team, "--out", &arg(&draft)]);
    assert!(stderr.contains("Đơn vị ban hành"), "{stderr}");
}

#[test]
fn lists_go_out_to_excel_per_team_or_for_the_whole_commune() {
    let cli = Cli::new();
    cli.init_demo();
    let teams = cli.json(&["list", "team"]);
    let team = teams["records"][0]["id"].as_str().unwrap().to_string();
    let day = ["--on", "15/11/2026"];

    // A team's members into a named file: rows, its one sheet, no personal data.
    let file = cli.dir.join("thành viên tổ.xlsx");
    let v = cli.json(&[
        "excel",
        "members",
        "--team",
        &team,
        "--out",
        &arg(&file),
        day[0],
        day[1],
    ]);
    assert_eq!(v["kind"], "members");
    assert_eq!(v["team_id"], team.as_str());
    assert_eq!(v["personal_data"], false);
    assert_eq!(v["sheets"], json!(["Thành viên"]));
    let team_rows = v["rows"].as_u64().unwrap();
    assert!(team_rows > 0, "{v}");
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an .xlsx is a ZIP");
    assert_eq!(v["bytes"].as_u64(), Some(bytes.len() as u64));

    // The whole commune into a folder: the ASCII name of the list, the commune and the
    // day; more rows than one team's; with the personal data when asked, and its warning.
    let v = cli.json(&[
        "excel",
        "members",
        "--personal-data",
        "--out",
        &arg(&cli.dir),
        day[0],
        day[1],
    ]);
    let written = v["file"].as_str().unwrap().to_string();
    // The last part of the path, whichever separator it uses (under Wine the program
    // answers a Windows path, which this side's Path would take as one name).
    let name = written.rsplit(['/', '\\']).next().unwrap().to_string();
    assert!(
        name.starts_with("danh-sach-thanh-vien-") && name.ends_with("-2026-11-15.xlsx"),
        "{name}"
    );
    assert!(name.is_ascii(), "{name}");
    assert!(v["rows"].as_u64().unwrap() > team_rows, "{v}");
    assert_eq!(v["personal_data"], true);
    let human = cli.human(&[
        "excel",
        "members",
        "--personal-data",
        "--out",
        &arg(&cli.dir),
    ]);
    assert!(human.contains("CẢNH BÁO"), "{human}");

    // The fund book: a summary sheet and a sheet per team that has entries.
    let v = cli.json(&["excel", "funds", "--out", &arg(&cli.dir), day[0], day[1]]);
    assert_eq!(v["sheets"][0], "Tổng hợp", "{v}");
    assert!(cli
        .dir
        .join(
            v["file"]
                .as_str()
                .unwrap()
                .rsplit(['/', '\\'])
                .next()
                .unwrap()
        )
        .is_file());
    let v = cli.json(&[
        "excel",
        "equipment",
        "--team",
        &team,
        "--out",
        &arg(&cli.dir),
    ]);
    assert_eq!(v["sheets"], json!(["Trang phục, công cụ"]));

    // An unknown team, a file that is not .xlsx: refused, nothing written; an unknown
    // list is a usage error.
    let before = std::fs::read_dir(&cli.dir).unwrap().count();
    let stderr = cli.refused(&[
        "excel",
        "members",
        "--team",
        "khong-co",
        "--out",
        &arg(&cli.dir),
    ]);
    assert!(stderr.contains("Không tìm thấy tổ"), "{stderr}");
    let stderr = cli.refused(&["excel", "funds", "--out", &arg(&cli.dir.join("so quy.csv"))]);
    assert!(stderr.contains(".xlsx"), "{stderr}");
    assert_eq!(std::fs::read_dir(&cli.dir).unwrap().count(), before);
    let out = cli.run(&["excel", "villages", "--out", &arg(&cli.dir)]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_2025_ward_is_offered_its_predecessors_as_issuing_units() {
    let cli = Cli::new();
    cli.json(&[
        "init", "--role", "commune", "--units", "2025", "--unit", "00070",
    ]);
    let v = cli.json(&["issuing-units", "--on", "30/06/2025"]);
    let first = &v["candidates"][0];
    assert_eq!(first["unit"]["name"], "Phường Hàng Trống", "{v}");
    assert_eq!(first["district"], "Quận Hoàn Kiếm");
    assert_eq!(first["reason"], "cùng mã");
    let v = cli.json(&["issuing-units", "--on", "01/07/2025"]);
    assert_eq!(v["candidates"].as_array().unwrap().len(), 1);
    assert_eq!(v["candidates"][0]["unit"]["name"], "Phường Hoàn Kiếm");
}

#[test]
fn a_commune_bundle_goes_to_the_district_on_a_usb_stick() {
    let commune = Cli::new();
    commune.init_demo();
    let usb = commune.dir.join("USB của xã");
    std::fs::create_dir_all(&usb).unwrap();
    let district = Cli::new();
    district.json(&["init", "--role", "district", "--unit", "001"]);

    // No card trusted yet: the commune cannot seal, and says what to do.
    let err = commune.refused(&["export", "--out", &arg(&usb)]);
    assert!(err.contains("thẻ"), "{err}");
    // The district's card on the stick, its fingerprint read out over the phone.
    let card = district.json(&["receiver-card", "--out", &arg(&usb)]);
    let card_file = card["file"].as_str().unwrap().replace('\\', "/");
    let district_fingerprint = card["card"]["fingerprint"].as_str().unwrap().to_string();
    assert_eq!(
        district.json(&["info"])["fingerprint"],
        district_fingerprint.as_str()
    );
    let err = commune.refused(&[
        "trust",
        &card_file,
        "--fingerprint",
        "0000 1111 2222 3333 4444 5555",
    ]);
    assert!(err.contains("không khớp"), "{err}");
    let trusted = commune.json(&["trust", &card_file, "--fingerprint", &district_fingerprint]);
    assert_eq!(trusted["card"]["unit_code"], "001");

    let human = commune.human(&["export", "--out", &arg(&usb)]);
    assert!(human.contains("Đã mã hoá cho"), "{human}");
    assert!(human.contains("Dữ liệu cá nhân trong gói"), "{human}");
    assert!(human.contains("Số định danh cá nhân"), "{human}");
    assert!(!human.contains("Dân tộc"), "{human}");
    let v = commune.json(&["export", "--full", "--out", &arg(&usb)]);
    assert_eq!(v["sealed_to"]["fingerprint"], district_fingerprint.as_str());
    assert!(v["file"].as_str().unwrap().ends_with(".xkb"), "{v}");
    assert!(v["to_seq"].as_i64().unwrap() > 0);
    assert!(v["counts"]["member"].as_u64().unwrap() > 0);
    let file_name = Path::new(&v["file"].as_str().unwrap().replace('\\', "/"))
        .file_name()
        .unwrap()
        .to_owned();
    let bundle = usb.join(&file_name);
    assert!(bundle.exists(), "{bundle:?}");
    // Only the full bundle is imported below: the first one goes.
    for entry in std::fs::read_dir(&usb).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xkb") && path != bundle {
            std::fs::remove_file(path).unwrap();
        }
    }

    // Another receiving unit's laptop: it says whose bundle it is, reads nothing.
    let stranger = Cli::new();
    stranger.json(&["init", "--role", "district", "--unit", "001"]);
    let out = stranger.run(&["import", &arg(&bundle), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["bundles"][0]["reason_code"], "sealed_for_other");

    let before = district.digest();
    // First sight: refused until the officer has compared the fingerprint. What the
    // refusal shows is the signed manifest's word: who, and how many records.
    let out = district.run(&["import", &arg(&bundle), "--json", "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["bundles"][0]["status"], "rejected");
    assert_eq!(report["bundles"][0]["reason_code"], "unknown_sender");
    assert!(report["bundles"][0]["declared"]["member"].as_u64().unwrap() > 0);
    let fingerprint = commune.json(&["info"])["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(report["bundles"][0]["sender"]["fingerprint"], fingerprint);
    assert!(report["bundles"][0]["reason"]
        .as_str()
        .unwrap()
        .contains(&fingerprint));
    assert_eq!(district.digest(), before);
    // Consent for another key (a misheard fingerprint) enrols nothing.
    let other = "0000 1111 2222 3333 4444 5555";
    let out = district.run(&["import", &arg(&bundle), "--enrol", other, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(district.digest(), before);
    // A word that is no fingerprint is refused as such.
    let err = district.refused(&["import", &arg(&bundle), "--enrol", "khớp"]);
    assert!(err.contains("không phải mã xác nhận"), "{err}");
    // Dry run, then for real, typed in lower case without spaces.
    let typed = fingerprint.replace(' ', "").to_lowercase();
    let dry = district.json(&["import", &arg(&bundle), "--enrol", &typed, "--dry-run"]);
    assert!(dry["bundles"][0]["inserted"].as_u64().unwrap() > 0);
    assert_eq!(district.digest(), before);
    let v = district.json(&["import", &arg(&bundle), "--enrol", &fingerprint]);
    assert_eq!(v["bundles"][0]["status"], "applied");
    let commune_digest = commune.json(&["digest", "--unit", "00001"])["sha256"].clone();
    assert_eq!(
        district.json(&["digest", "--unit", "00001"])["sha256"],
        commune_digest
    );
    // The same file again: a duplicate. A whole folder works too.
    let v = district.json(&["import", &arg(&usb)]);
    assert_eq!(v["bundles"][0]["status"], "duplicate");
    assert_eq!(
        district.json(&["senders"])["senders"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A damaged copy is refused with its reason, and changes nothing.
    let mut bytes = std::fs::read(&bundle).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x40;
    let damaged = district.dir.join("gói hỏng.zip");
    std::fs::write(&damaged, bytes).unwrap();
    let after = district.digest();
    let out = district.run(&["import", &arg(&damaged)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("TỪ CHỐI"));
    assert_eq!(district.digest(), after);
}

/// A folder is read as the window reads it (one engine rule, `ops::bundles`): hidden
/// files such as macOS's `._x.zip` and subfolders are left out, names in Vietnamese
/// order, and a folder without bundles is refused in words rather than passed silently.
/// Issue 12 item 5: the receiving unit's receipt says what arrived; the commune reads
/// it, sees the bundle lost on the way, and sends everything not yet confirmed again.
#[test]
fn a_receipt_tells_the_commune_what_arrived_and_what_to_send_again() {
    let commune = Cli::new();
    commune.init_demo();
    let district = Cli::new();
    district.json(&["init", "--role", "district", "--unit", "001"]);
    let usb = commune.dir.join("USB của xã");
    let lost = commune.dir.join("USB bị mất");
    for dir in [&usb, &lost] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let card = district.json(&["receiver-card", "--out", &arg(&usb)]);
    let card_file = card["file"].as_str().unwrap().replace('\\', "/");
    let district_fingerprint = card["card"]["fingerprint"].as_str().unwrap().to_string();
    commune.json(&["trust", &card_file, "--fingerprint", &district_fingerprint]);
    let fingerprint = commune.json(&["info"])["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();

    // Nothing received yet: no receipt to write.
    let err = district.refused(&["receipt", "--unit", "00001", "--out", &arg(&usb)]);
    assert!(err.contains("Chưa nhận được gói nào"), "{err}");

    let first = commune.json(&["export", "--out", &arg(&usb)]);
    let first_file = first["file"].as_str().unwrap().replace('\\', "/");
    let v = district.json(&["import", &first_file, "--enrol", &fingerprint]);
    assert_eq!(v["bundles"][0]["status"], "applied");
    // A change, exported onto a stick that is then lost.
    commune.json(&[
        "add",
        "village",
        "--set",
        "name=Thôn Mới",
        "--set",
        "village_type=thon",
    ]);
    let gone = commune.json(&["export", "--out", &arg(&lost)]);
    assert_eq!(gone["from_seq"], first["to_seq"].as_i64().unwrap() + 1);

    let receipts = district.dir.join("Biên nhận");
    std::fs::create_dir_all(&receipts).unwrap();
    let saved = district.json(&["receipt", "--unit", "00001", "--out", &arg(&receipts)]);
    assert_eq!(saved["commune_unit"], "00001");
    assert_eq!(saved["confirmed_to"][0][1], first["to_seq"]);
    assert_eq!(saved["sealed_to"]["unit_code"], "00001");
    let file = saved["file"].as_str().unwrap().replace('\\', "/");
    assert!(file.ends_with(".xkb"), "{file}");

    // The commune imports it like a bundle (here, the folder it is in).
    let v = commune.json(&["import", &arg(&receipts)]);
    assert_eq!(v["bundles"][0]["status"], "applied", "{v}");
    assert_eq!(v["bundles"][0]["receipt"], true);
    let status = &v["receipt"];
    assert_eq!(status["confirmed_to"], first["to_seq"]);
    assert_eq!(status["complete"], false);
    assert_eq!(status["gaps"][0]["from_seq"], gone["from_seq"]);
    assert_eq!(status["gaps"][0]["to_seq"], gone["to_seq"]);
    let human = commune.human(&["pending"]);
    assert!(
        human.contains(&format!(
            "Đơn vị tiếp nhận (Quận Ba Đình) đã nhận dữ liệu đến lần thay đổi {}, ngày ",
            first["to_seq"]
        )),
        "{human}"
    );
    assert!(human.contains("Xuất phần chưa được xác nhận"), "{human}");

    // What was not confirmed goes again, though it was exported after.
    let usage = commune.run(&["export", "--unconfirmed", "--full", "--out", &arg(&usb)]);
    assert_eq!(usage.status.code(), Some(2));
    let again = commune.json(&["export", "--unconfirmed", "--out", &arg(&usb)]);
    assert_eq!(again["from_seq"], gone["from_seq"]);
    assert_eq!(again["to_seq"], gone["to_seq"]);
    assert_eq!(again["counts"]["village"], 1);
    let again_file = again["file"].as_str().unwrap().replace('\\', "/");
    let v = district.json(&["import", &again_file]);
    assert_eq!(v["bundles"][0]["status"], "applied");
    assert_eq!(
        district.json(&["digest", "--unit", "00001"])["sha256"],
        commune.json(&["digest", "--unit", "00001"])["sha256"]
    );
    // The receiving unit's next bundle back carries the receipt that says so.
    let back = district.dir.join("Gói về xã");
    std::fs::create_dir_all(&back).unwrap();
    district.json(&["export", "--out", &arg(&back)]);
    let v = commune.json(&["import", &arg(&back)]);
    assert_eq!(v["bundles"][0]["receipt"], true, "{v}");
    assert_eq!(v["receipt"]["complete"], true, "{v}");
    assert_eq!(v["receipt"]["gaps"], json!([]));
}

#[test]
fn a_folder_import_skips_hidden_files_and_refuses_a_folder_without_bundles() {
    let commune = Cli::new();
    commune.init_demo();
    let usb = commune.dir.join("USB có tệp ẩn");
    std::fs::create_dir_all(usb.join("Thư mục con.zip")).unwrap();
    let bundle = usb.join("Đông Tiến.zip");
    commune.json(&["export", "--unencrypted", "--out", &arg(&bundle)]);
    // What macOS leaves beside every file it copies: not a bundle.
    std::fs::write(usb.join("._Đông Tiến.zip"), b"\0\x05\x16\x07 AppleDouble").unwrap();
    std::fs::copy(&bundle, usb.join("An Bình.zip")).unwrap();

    let district = Cli::new();
    district.json(&["init", "--role", "district", "--unit", "001"]);
    let fingerprint = commune.json(&["info"])["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let v = district.json(&["import", &arg(&usb), "--enrol", &fingerprint]);
    let bundles = v["bundles"].as_array().unwrap();
    let names: Vec<String> = bundles
        .iter()
        .map(|b| {
            let file = b["file"].as_str().unwrap().replace('\\', "/");
            Path::new(&file)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    // "An Bình" before "Đông Tiến": Vietnamese order, not code points (Đ is U+0110).
    assert_eq!(names, ["An Bình.zip", "Đông Tiến.zip"], "{v}");
    assert_eq!(bundles[0]["status"], "applied");
    assert_eq!(bundles[1]["status"], "duplicate");

    let empty = district.dir.join("USB trống");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("ghi chú.txt"), "không phải gói").unwrap();
    let before = district.digest();
    let err = district.refused(&["import", &arg(&empty)]);
    assert!(err.contains("không có gói dữ liệu"), "{err}");
    let out = district.run(&["import", &arg(&empty), "--json"]);
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["error"]["code"], "no_bundles", "{answer}");
    assert_eq!(district.digest(), before);
}

#[test]
fn the_district_report_has_a_row_per_commune_and_per_team_in_json_and_excel() {
    let commune = Cli::new();
    commune.init_demo();
    let usb = commune.dir.join("USB");
    std::fs::create_dir_all(&usb).unwrap();
    let bundle = usb.join("gói xã.zip");
    // In clear, on purpose (this test is about the report): the clerk is warned.
    let human = commune.human(&["export", "--unencrypted", "--out", &arg(&bundle)]);
    assert!(human.contains("KHÔNG mã hoá"), "{human}");
    let district = Cli::new();
    district.json(&["init", "--role", "district", "--unit", "001"]);
    let fingerprint = commune.json(&["info"])["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    district.json(&["import", &arg(&bundle), "--enrol", &fingerprint]);

    let on = ["--on", "15/11/2026"];
    let v = district.json(&["report", on[0], on[1]]);
    let communes = v["communes"].as_array().unwrap();
    assert_eq!(communes.len(), 13, "every ward of Quận Ba Đình");
    let phuc_xa = communes.iter().find(|c| c["unit_code"] == "00001").unwrap();
    // The district sees the ward as the ward sees itself.
    let own = commune.json(&["report", on[0], on[1]]);
    assert_eq!(own["communes"].as_array().unwrap().len(), 1);
    for key in ["villages", "active_teams", "members", "members_trained"] {
        assert_eq!(phuc_xa[key], own["totals"][key], "{key}");
    }
    assert_eq!(phuc_xa["rules"].as_array().unwrap().len(), 8);
    assert!(phuc_xa["last_bundle"]["file_name"].is_string());
    let teams = v["teams"].as_array().unwrap();
    assert_eq!(
        teams.len(),
        own["teams"].as_array().unwrap().len(),
        "one row per team"
    );
    assert!(v.get("members").is_none(), "no personal data unless asked");
    // The district's own part of C7 and C8, counted as the ward sees it too, and said
    // apart from the wards' results (issue 16, item 3).
    assert_eq!(
        phuc_xa["receiver_todo"], own["totals"]["receiver_todo"],
        "the same to-do seen from both sides"
    );
    let human = district.human(&["report", on[0], on[1]]);
    assert!(
        human.contains("Việc của đơn vị tiếp nhận (không tính vào kết quả của xã)"),
        "{human}"
    );

    // Excel, into a Vietnamese-named folder.
    let xlsx = district.dir.join("báo cáo sơ kết.xlsx");
    let v = district.json(&[
        "report",
        "--format",
        "xlsx",
        "--out",
        &arg(&xlsx),
        on[0],
        on[1],
    ]);
    assert_eq!(v["format"], "xlsx");
    assert_eq!(v["communes"].as_array().unwrap().len(), 13);
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an .xlsx is a ZIP");
    assert_eq!(v["bytes"].as_u64(), Some(bytes.len() as u64));
    // JSON into a folder: named after the unit and the day.
    let v = district.json(&[
        "report",
        "--format",
        "json",
        "--out",
        &arg(&district.dir),
        on[0],
        on[1],
    ]);
    assert_eq!(v["format"], "json");
    let written = district.dir.join("bao-cao-001-2026-den-2026-11-15.json");
    let back: Value = serde_json::from_slice(&std::fs::read(&written).unwrap()).unwrap();
    assert_eq!(back["teams"], v["teams"]);

    // Members only when asked, with the warning.
    let out = district.run(&["report", "--members", "--json", on[0], on[1]]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("dữ liệu cá nhân"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!v["members"].as_array().unwrap().is_empty());
    assert!(v["personal_data_warning"].is_string());

    // For people: an aligned table in Vietnamese.
    let out = district.run(&["report", on[0], on[1]]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Phường Phúc Xá") && text.contains("Tổng cộng"),
        "{text}"
    );
    assert!(text.contains("Chưa nhận được gói dữ liệu"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let header = lines.iter().position(|l| l.starts_with("Mã ")).unwrap();
    let width = |l: &str| l.chars().count();
    let rule_line = lines[header + 1];
    assert!(rule_line.starts_with('─'));
    // Every row is as wide as the rule line under the header (numbers are right-aligned
    // up to the last column, which is left-aligned and may be shorter).
    for row in &lines[header + 2..header + 2 + 13] {
        assert!(width(row) <= width(rule_line), "{row}");
        assert!(row.starts_with("000"), "{row}");
    }

    // Usage errors and refusals.
    let out = district.run(&["report", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2), "Excel needs a file");
    let out = district.run(&["report", "--out", &arg(&district.dir.join("r.txt"))]);
    assert_eq!(out.status.code(), Some(2), "unknown ending");
    district.refused(&["report", "--on", "31/02/2026"]);

    // A period: the ward's results, the same at the district as at the ward; a ward
    // that sent nothing has none (not zeros).
    let q = ["report", "--quarter", "III/2026"];
    let v = district.json(&q);
    assert_eq!(v["period_name"], "quý III/2026");
    assert_eq!(v["on"], "2026-09-30");
    assert_eq!(v["communes_without_data"], 12);
    let phuc_xa = v["communes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["unit_code"] == "00001")
        .unwrap();
    let own = commune.json(&q);
    assert_eq!(phuc_xa["results"], own["totals"]["results"]);
    assert!(
        own["totals"]["results"]["activities"]["tuan_tra"]
            .as_u64()
            .unwrap()
            > 0
    );
    let silent = v["communes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["unit_code"] != "00001")
        .unwrap();
    assert!(silent.get("results").is_none(), "{silent}");
    let text = district.human(&q);
    assert!(
        text.contains("Kết quả quý III/2026 (1 đơn vị đã gửi dữ liệu; 12 chưa gửi)"),
        "{text}"
    );
    // Mistakes: two periods at once, a month that does not exist, a day outside the period.
    let out = district.run(&["report", "--month", "11/2026", "--year", "2026"]);
    assert_eq!(out.status.code(), Some(2), "one period at a time");
    district.refused(&["report", "--month", "13/2026"]);
    district.refused(&["report", "--quarter", "III/2026", "--on", "15/11/2026"]);

    // The sơ kết draft, in Word, into a folder: named after the unit and the period.
    let v = district.json(&[
        "report",
        "--quarter",
        "III/2026",
        "--format",
        "docx",
        "--out",
        &arg(&district.dir),
    ]);
    assert_eq!(v["format"], "docx");
    let draft = std::fs::read(district.dir.join("bao-cao-001-2026-q3.docx")).unwrap();
    assert!(draft.starts_with(b"PK"));
    let out = district.run(&["report", "--format", "docx"]);
    assert_eq!(out.status.code(), Some(2), "Word needs a file");

    // The draft tờ trình of the proposals still waiting, the ward's among them.
    let tt = district.dir.join("tờ trình.docx");
    let v = district.json(&["proposals", "--year", "2026", "--out", &arg(&tt)]);
    assert_eq!(v["kind"], "proposals_sheet");
    assert!(std::fs::read(&tt).unwrap().starts_with(b"PK"));
    district.refused(&["proposals", "--month", "13/2026", "--out", &arg(&tt)]);
}

#[test]
fn backups_run_makes_today_s_copy_once_and_lists_it() {
    let cli = Cli::new();
    cli.json(&["init", "--role", "commune", "--unit", "00001"]);
    let v = cli.json(&["backups", "--run"]);
    assert!(
        v["made"]["file"]
            .as_str()
            .unwrap()
            .contains("xungkich-tudong-"),
        "{v}"
    );
    assert_eq!(v["backups"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["status"]["offsite_overdue"], true,
        "never copied off the laptop"
    );
    let again = cli.json(&["backups", "--run"]);
    assert!(again["made"].is_null(), "one a day: {again}");
    assert_eq!(again["backups"].as_array().unwrap().len(), 1);
}

#[test]
fn import_members_dry_run_then_import_and_a_refused_file() {
    let cli = Cli::new();
    cli.init_demo();
    let team = cli.json(&["list", "team", "--limit", "1"])["records"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let village = cli.json(&["list", "village", "--limit", "1"])["records"][0]["fields"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let list = cli.dir.join("danh sách cũ.csv");
    std::fs::write(
        &list,
        format!(
            "DANH SÁCH THÀNH VIÊN\n\nSTT;Họ và tên;Năm sinh;Giới tính;Số CCCD;Nơi ở\n\
             1;Nguyễn Văn Mười;1990;Nam;001090099999;{village}\n\
             2;Trần Thị Mười Một;12/05/1994;Nữ;12345;{village}\n\
             3;Lê Văn Mười Hai;2011;Nam;;{village}\n"
        ),
    )
    .unwrap();
    let before = cli.digest();
    let dry = cli.json(&["import-members", &arg(&list), "--team", &team, "--dry-run"]);
    assert_eq!(dry["rows"], 3);
    assert_eq!(dry["imported"], 1);
    let rows: Vec<(u64, &str)> = dry["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["field"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, vec![(5, "id_number"), (6, "birth_date")], "{dry}");
    assert_eq!(cli.digest(), before, "a dry run writes nothing");

    let text = cli.human(&["import-members", &arg(&list), "--team", &team]);
    assert!(text.contains("Đã nhập 1 thành viên"), "{text}");
    assert!(text.contains("Dòng"), "{text}");
    assert_ne!(cli.digest(), before);
    let found = cli.json(&["search", "Nguyen Van Muoi"]);
    assert!(found.to_string().contains("Nguyễn Văn Mười"), "{found}");

    // A correction names a column the list does not have: refused, nothing written.
    let after = cli.digest();
    let err = cli.refused(&[
        "import-members",
        &arg(&list),
        "--team",
        &team,
        "--column",
        "Z=note",
    ]);
    assert!(err.contains("không có cột Z"), "{err}");
    let out = cli.run(&["import-members", &arg(&list), "--column", "B"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a malformed correction is a usage error"
    );
    let not_a_list = cli.dir.join("ảnh.xlsx");
    std::fs::write(&not_a_list, b"PK\x03\x04 nope").unwrap();
    let err = cli.refused(&["import-members", &arg(&not_a_list), "--team", &team]);
    assert!(err.contains("Hồ sơ không bị thay đổi"), "{err}");
    assert_eq!(cli.digest(), after);
}

#[test]
fn import_roll_matches_members_by_name_and_birth_and_lists_strangers() {
    let cli = Cli::new();
    cli.init_demo();
    let training = cli.json(&[
        "add",
        "training",
        "--set",
        "title=Tập huấn mới",
        "--set",
        "start_date=01/12/2026",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let members = cli.json(&["list", "member", "--limit", "40"]);
    let with_birth: Vec<(String, String)> = members["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| {
            let f = &m["fields"];
            let birth = f["birth_date"].as_str()?;
            (birth.len() == 10).then(|| {
                (
                    f["full_name"].as_str().unwrap().to_string(),
                    birth.to_string(),
                )
            })
        })
        .take(2)
        .collect();
    assert_eq!(with_birth.len(), 2, "{members}");
    let vn = |iso: &str| format!("{}/{}/{}", &iso[8..10], &iso[5..7], &iso[0..4]);
    let roll = cli.dir.join("danh sách dự.csv");
    std::fs::write(
        &roll,
        format!(
            "Họ và tên,Ngày sinh,Kết quả\n{},{},Đạt\n{},{},Vắng\nNgười Lạ Mặt,01/01/1980,Đạt\n",
            with_birth[0].0,
            vn(&with_birth[0].1),
            with_birth[1].0,
            vn(&with_birth[1].1)
        ),
    )
    .unwrap();
    let before = cli.digest();
    let dry = cli.json(&[
        "import-roll",
        &arg(&roll),
        "--training",
        &training,
        "--dry-run",
    ]);
    assert_eq!(
        (dry["rows"].as_u64(), dry["added"].as_u64()),
        (Some(3), Some(2)),
        "{dry}"
    );
    assert_eq!(dry["problems"][0]["row"], 4);
    assert_eq!(cli.digest(), before);
    let text = cli.human(&["import-roll", &arg(&roll), "--training", &training]);
    assert!(text.contains("đã thêm 2 người"), "{text}");
    assert_ne!(cli.digest(), before);
}

#[test]
fn a_team_dossier_is_written_as_a_zip_or_a_folder() {
    let cli = Cli::new();
    cli.init_demo();
    let team = cli.json(&["list", "team", "--limit", "1"])["records"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let zip = cli.dir.join("hồ sơ tổ.zip");
    let v = cli.json(&["dossier", "--team", &team, "--out", &arg(&zip)]);
    assert_eq!(v["zip"], true);
    assert_eq!(v["files"][0]["name"], "00-muc-luc.html");
    assert!(zip.is_file());
    let folder = cli.dir.join("lưu trữ");
    std::fs::create_dir(&folder).unwrap();
    let text = cli.human(&["dossier", "--team", &team, "--out", &arg(&folder)]);
    assert!(text.contains("06-so-quy.xlsx"), "{text}");
    let made: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
    assert_eq!(made.len(), 1);
    // Again into the same folder: the dossier there is not overwritten.
    let err = cli.refused(&["dossier", "--team", &team, "--out", &arg(&folder)]);
    assert!(err.contains("không bị ghi đè"), "{err}");
}
