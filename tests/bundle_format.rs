//! The bundle format document (`docs/bundle-format.md`) against the code.
//!
//! - §7.5 of the document (kinds and fields) is generated from the catalogue here: the
//!   test fails when they differ, and `XUNGKICH_BLESS=1 cargo test --test bundle_format`
//!   rewrites the section.
//! - The limits the document gives are the code's constants.
//! - `scripts/verify-bundle.py`, an independent verifier written from the document with
//!   the Python standard library only, accepts a bundle made by the library, prints the
//!   same fingerprint, counts and content digest as the program, and refuses tampered
//!   copies with the same refusal code as our importer. Skipped (with a note) where
//!   `python3` is absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Map, Value};
use xungkich::bundle::container;
use xungkich::installation::Role;
use xungkich::kinds::{self, FieldType, Kind, Sensitivity};
use xungkich::sync::export::ExportOptions;
use xungkich::sync::import::{ImportOptions, ImportStatus};
use xungkich::sync::senders::EnrolConsent;
use xungkich::units::UnitSet;
use xungkich::Store;

const DOC: &str = "docs/bundle-format.md";
const VERIFIER: &str = "scripts/verify-bundle.py";
const BEGIN: &str = "<!-- BEGIN GENERATED: kinds (tests/bundle_format.rs) -->";
const END: &str = "<!-- END GENERATED: kinds -->";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ------------------------------------------------------------------ the generated section

fn travels(s: Sensitivity) -> &'static str {
    match s {
        Sensitivity::Normal => "always",
        Sensitivity::Sensitive => "on request",
        Sensitivity::Confidential => "never",
    }
}

fn type_name(ty: FieldType) -> String {
    match ty {
        FieldType::Text { max } => format!("text ≤ {max}"),
        FieldType::LongText { max } => format!("long text ≤ {max}"),
        FieldType::Date => "date".into(),
        FieldType::PartialDate => "partial date".into(),
        FieldType::Time => "time".into(),
        FieldType::Int { min, max } => format!("integer {min}–{max}"),
        FieldType::Money => "money".into(),
        FieldType::Bool => "boolean".into(),
        FieldType::Choice(_) => "choice".into(),
        FieldType::Ref(_) => "ref".into(),
        FieldType::IdNumber => "ID number".into(),
        FieldType::Phone => "phone".into(),
        FieldType::Attachment => "attachment".into(),
        FieldType::DocumentModel { max } => format!("document model ≤ {max}"),
        FieldType::IssuingUnit => "issuing unit (5-digit commune code)".into(),
    }
}

/// §7.5 of the document, from the catalogue.
fn render_kinds() -> String {
    let mut out = String::new();
    out.push_str("| # | kind | label | fields | refers to |\n| --- | --- | --- | --- | --- |\n");
    for (i, kind) in kinds::ALL.iter().enumerate() {
        let mut parents: Vec<&str> = Vec::new();
        for p in kind.parents() {
            if !parents.contains(&p) {
                parents.push(p);
            }
        }
        let parents = parents
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            i + 1,
            kind.name,
            kind.label,
            kind.fields.len(),
            parents
        ));
    }
    for kind in kinds::ALL {
        out.push_str(&format!("\n#### `{}` — {}\n\n", kind.name, kind.label));
        out.push_str(
            "| field | type | required | travels | refers to / codes |\n| --- | --- | --- | --- | --- |\n",
        );
        for f in kind.fields {
            let extra = match f.ty {
                FieldType::Ref(target) => format!("→ `{target}`"),
                FieldType::Choice(list) => list
                    .iter()
                    .map(|(code, _)| format!("`{code}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => String::new(),
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                f.name,
                type_name(f.ty),
                if f.required { "yes" } else { "" },
                travels(f.sensitivity),
                extra
            ));
        }
    }
    out
}

#[test]
fn kinds_section_is_generated_from_the_catalogue() {
    let path = root().join(DOC);
    let doc = std::fs::read_to_string(&path).expect("docs/bundle-format.md");
    let start = doc.find(BEGIN).expect("begin marker") + BEGIN.len();
    let end = doc.find(END).expect("end marker");
    let current = doc[start..end].trim();
    let expected = render_kinds();
    if current == expected.trim() {
        return;
    }
    if std::env::var_os("XUNGKICH_BLESS").is_some() {
        let updated = format!("{}\n{}\n{}", &doc[..start], expected.trim(), &doc[end..]);
        std::fs::write(&path, updated).unwrap();
        println!("rewrote §7.5 of {DOC}");
        return;
    }
    panic!(
        "§7.5 of {DOC} no longer matches src/kinds.rs; run \
         `XUNGKICH_BLESS=1 cargo test --test bundle_format` and review the diff"
    );
}

#[test]
fn limits_in_the_document_are_the_code_s() {
    let doc = std::fs::read_to_string(root().join(DOC)).unwrap();
    let limits = container::Limits::DEFAULT;
    for (what, n) in [
        ("file size", limits.max_file_bytes),
        ("entries", limits.max_entries as u64),
        ("name length", limits.max_name_bytes as u64),
        ("one entry", limits.max_entry_bytes),
        ("all entries", limits.max_total_uncompressed),
        ("ratio", limits.max_ratio),
        ("manifest", xungkich::sync::import::MAX_MANIFEST_BYTES),
        ("line", xungkich::sync::import::MAX_LINE_BYTES as u64),
        (
            "attachment",
            xungkich::attachments::MAX_ATTACHMENT_BYTES as u64,
        ),
        ("receipt", xungkich::sync::receipt::MAX_RECEIPT_BYTES),
    ] {
        let row = doc
            .lines()
            .find(|l| l.starts_with("| ") && l.contains(&format!("| {n}")))
            .unwrap_or_else(|| panic!("§2.9 has no row with {what} = {n}"));
        assert!(row.contains(&n.to_string()), "{row}");
    }
    let manifest = xungkich::sync::manifest::FORMAT_VERSION;
    assert!(doc.starts_with(&format!(
        "# The sync bundle format (format_version {manifest})"
    )));
}

// ------------------------------------------------------------------ the verifier

fn python() -> Option<&'static str> {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Some("python3")
    } else {
        println!("NOTE: python3 not found; the independent verifier was not run");
        None
    }
}

fn run_verifier(py: &str, args: &[&str]) -> Output {
    Command::new(py)
        .arg(root().join(VERIFIER))
        .args(args)
        .output()
        .expect("run the verifier")
}

fn verify_json(py: &str, file: &Path) -> (bool, Value) {
    let out = run_verifier(py, &["--json", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "verifier output is not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(
        out.status.success(),
        value["ok"] == json!(true),
        "exit status and \"ok\" disagree: {value}"
    );
    if !out.status.success() {
        assert_eq!(out.status.code(), Some(1), "a refusal exits 1: {value}");
    }
    (out.status.success(), value)
}

/// The catalogue as the verifier embeds it (`--catalogue`).
fn catalogue_json() -> Value {
    let kind_json = |kind: &Kind| {
        let fields: Vec<Value> = kind
            .fields
            .iter()
            .map(|f| {
                let mut o = Map::new();
                o.insert("name".into(), json!(f.name));
                o.insert("required".into(), json!(f.required));
                o.insert(
                    "travels".into(),
                    json!(travels(f.sensitivity).replace(' ', "_")),
                );
                let ty = match f.ty {
                    FieldType::Text { max } => {
                        o.insert("max".into(), json!(max));
                        "text"
                    }
                    FieldType::LongText { max } => {
                        o.insert("max".into(), json!(max));
                        "long_text"
                    }
                    FieldType::Date => "date",
                    FieldType::PartialDate => "partial_date",
                    FieldType::Time => "time",
                    FieldType::Int { min, max } => {
                        o.insert("min".into(), json!(min));
                        o.insert("max".into(), json!(max));
                        "int"
                    }
                    FieldType::Money => "money",
                    FieldType::Bool => "bool",
                    FieldType::Choice(list) => {
                        let codes: Vec<&str> = list.iter().map(|(c, _)| *c).collect();
                        o.insert("codes".into(), json!(codes));
                        "choice"
                    }
                    FieldType::Ref(target) => {
                        o.insert("ref".into(), json!(target));
                        "ref"
                    }
                    FieldType::IdNumber => "id_number",
                    FieldType::Phone => "phone",
                    FieldType::Attachment => "attachment",
                    FieldType::DocumentModel { max } => {
                        o.insert("max".into(), json!(max));
                        "document_model"
                    }
                    FieldType::IssuingUnit => "issuing_unit",
                };
                o.insert("type".into(), json!(ty));
                Value::Object(o)
            })
            .collect();
        json!({"kind": kind.name, "fields": fields})
    };
    Value::Array(kinds::ALL.iter().map(|k| kind_json(k)).collect())
}

#[test]
fn the_verifier_s_catalogue_is_the_code_s() {
    let Some(py) = python() else { return };
    let out = run_verifier(py, &["--catalogue"]);
    assert!(out.status.success(), "{out:?}");
    let theirs: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = catalogue_json();
    if theirs != ours {
        // The text to paste into the script's CATALOGUE.
        let mut dsl = String::new();
        for kind in kinds::ALL {
            dsl.push_str(kind.name);
            dsl.push('\n');
            for f in kind.fields {
                let ty = match f.ty {
                    FieldType::Text { max } => format!("text {max}"),
                    FieldType::LongText { max } => format!("long_text {max}"),
                    FieldType::Int { min, max } => format!("int {min} {max}"),
                    FieldType::Choice(list) => format!(
                        "choice {}",
                        list.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(",")
                    ),
                    FieldType::Ref(t) => format!("ref {t}"),
                    FieldType::Bool => "bool".into(),
                    FieldType::IssuingUnit => "issuing_unit".into(),
                    other => type_name(other).replace(' ', "_").to_lowercase(),
                };
                let mut line = format!("    {} {ty}", f.name);
                if f.required {
                    line.push_str(" required");
                }
                match f.sensitivity {
                    Sensitivity::Sensitive => line.push_str(" sensitive"),
                    Sensitivity::Confidential => line.push_str(" confidential"),
                    Sensitivity::Normal => {}
                }
                dsl.push_str(&line);
                dsl.push('\n');
            }
        }
        panic!("the catalogue embedded in {VERIFIER} differs from src/kinds.rs; it should read:\n{dsl}");
    }
}

fn fields(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

/// A commune of Quận Ba Đình with a little of everything a bundle carries: several kinds,
/// an attachment, a tombstone, a sensitive and a confidential field.
fn commune() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let village = s
        .create(
            "village",
            &fields(json!({"name": "Thôn Đông", "village_type": "thon", "households": 120})),
        )
        .unwrap()
        .id;
    let gone = s
        .create(
            "village",
            &fields(json!({"name": "Thôn Tạm", "village_type": "thon"})),
        )
        .unwrap()
        .id;
    s.delete("village", &gone).unwrap();
    let team = s
        .create(
            "team",
            &fields(json!({
                "name": "Tổ xung kích thôn Đông",
                "model_type": "to_xung_kich_tu_quan_antt",
                "status": "hoat_dong",
            })),
        )
        .unwrap()
        .id;
    s.create(
        "team_village",
        &fields(json!({"team_id": team, "village_id": village})),
    )
    .unwrap();
    let scan = s
        .add_attachment(b"%PDF-1.4 quyet dinh thanh lap (ban chup)\n%%EOF\n")
        .unwrap();
    s.create(
        "decision",
        &fields(json!({
            "team_id": team,
            "decision_type": "thanh_lap",
            "state": "da_ky",
            "number": 12,
            "symbol": "QĐ-UBND",
            "decision_date": "05/03/2025",
            "authority_type": "chu_tich",
            "signer_name": "Trần Văn Bình",
            "scan_sha256": scan.sha256,
        })),
    )
    .unwrap();
    s.create(
        "member",
        &fields(json!({
            "team_id": team,
            "full_name": "Nguyễn Văn An",
            "role": "to_truong",
            "sex": "nam",
            "birth_date": "1980",
            "ethnicity": "01",
            "party_member": true,
            "phone": "0912 345 678",
            "village_id": village,
        })),
    )
    .unwrap();
    s.create(
        "activity",
        &fields(json!({
            "team_id": team,
            "activity_type": "tin_bao",
            "activity_date": "2025-03-06",
            "start_time": "19h30",
            "reporter": "Người báo tin",
            "content": "Tiếp nhận tin báo\nchuyển Công an xã",
        })),
    )
    .unwrap();
    s
}

fn district() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Receiver, UnitSet::Y2008, "001").unwrap();
    s
}

/// The entries of a bundle, in order, read with the library's reader.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let index = container::read_index(bytes, &container::Limits::DEFAULT).unwrap();
    index
        .entries()
        .iter()
        .map(|e| {
            let data = container::read_entry(bytes, e, &container::Limits::DEFAULT).unwrap();
            (e.name.clone(), data)
        })
        .collect()
}

fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    container::write(entries).unwrap()
}

fn replace(haystack: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(haystack.to_vec()).unwrap();
    assert!(text.contains(from), "{from:?} not in {text}");
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn an_independent_verifier_accepts_a_real_bundle_and_refuses_tampered_ones() {
    let Some(py) = python() else { return };
    let started = std::time::Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let mut commune = commune();
    let inst = commune.installation().unwrap();
    let file = dir.path().join("bundle.zip");
    let summary = commune
        .export(
            &file,
            ExportOptions {
                unencrypted: true,
                ..Default::default()
            },
        )
        .unwrap();
    let bytes = std::fs::read(&file).unwrap();

    // The real bundle: accepted, with the program's fingerprint, counts and digest.
    let (ok, v) = verify_json(py, &file);
    assert!(ok, "the verifier refused a real bundle: {v}");
    assert_eq!(v["fingerprint"], json!(inst.fingerprint));
    assert_eq!(v["sender"]["unit"], json!("00001"));
    assert_eq!(v["sha256"], json!(summary.sha256));
    assert_eq!(v["from_seq"], json!(summary.from_seq));
    assert_eq!(v["to_seq"], json!(summary.to_seq));
    assert_eq!(v["counts"], serde_json::to_value(&summary.counts).unwrap());
    assert_eq!(v["counts"]["village"], json!(2), "the tombstone travels");
    assert_eq!(v["attachments"], json!(summary.attachments));
    assert_eq!(summary.attachments, 1);
    assert_eq!(v["warnings"], json!([]), "a bundle of ours has no warnings");
    let digest = commune.digest(Some("00001")).unwrap();
    assert_eq!(v["digest"]["sha256"], json!(digest.sha256), "{v}");
    for (kind, d) in &digest.kinds {
        assert_eq!(
            v["digest"]["kinds"][kind]["sha256"],
            json!(d.sha256),
            "{kind}"
        );
    }

    // The human summary shows the same fingerprint.
    let out = run_verifier(py, &[file.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&inst.fingerprint), "{text}");

    // Our importer takes it too, and then holds the same content.
    let mut receiver = district();
    let enrol = ImportOptions {
        consent: EnrolConsent::new(&[inst.fingerprint.as_str()], &[]).unwrap(),
        dry_run: false,
    };
    let report = receiver.import_bytes(&file, &bytes, enrol.clone()).unwrap();
    assert_eq!(report.status, ImportStatus::Applied, "{report:?}");
    assert_eq!(
        receiver.digest(Some("00001")).unwrap().sha256,
        digest.sha256,
        "the receiver's digest equals the sender's"
    );

    // Tampered copies: the verifier refuses each, and with our importer's code.
    let original = entries(&bytes);
    let record_entry = "records/member.jsonl";
    let mut cases: Vec<(&str, Vec<u8>, Option<&str>)> = Vec::new();
    {
        // One byte of a record entry's stored (compressed) data flipped.
        let index = container::read_index(&bytes, &container::Limits::DEFAULT).unwrap();
        let e = index.get(record_entry).unwrap();
        let mut c = bytes.clone();
        c[(e.data_offset + e.compressed_size / 2) as usize] ^= 0x20;
        cases.push(("a flipped byte in records/member.jsonl", c, None));
    }
    {
        let mut e = original.clone();
        e[0].1 = replace(&e[0].1, "\"to_seq\":", "\"to_seq\":1");
        cases.push((
            "the manifest changed after signing",
            rezip(&e),
            Some("bad_signature"),
        ));
    }
    {
        let mut e = original.clone();
        let at = e
            .iter()
            .position(|(n, _)| n == "records/village.jsonl")
            .unwrap();
        e[at].1 = replace(&e[at].1, "Thôn Đông", "Thôn Tây");
        cases.push((
            "a record changed, ZIP rebuilt",
            rezip(&e),
            Some("hash_mismatch"),
        ));
    }
    {
        let mut e = original.clone();
        e.push(("notes.txt".into(), b"unsigned".to_vec()));
        cases.push(("an unlisted entry", rezip(&e), Some("unlisted_entry")));
    }
    {
        let mut e = original.clone();
        e.retain(|(n, _)| !n.starts_with("attachments/"));
        cases.push(("a listed entry removed", rezip(&e), Some("missing_entry")));
    }
    {
        let mut c = bytes.clone();
        c.truncate(c.len() - 10);
        cases.push(("a truncated file", c, Some("bundle_truncated")));
    }
    for (what, tampered, code) in cases {
        let path = dir.path().join("tampered.zip");
        std::fs::write(&path, &tampered).unwrap();
        let (ok, v) = verify_json(py, &path);
        assert!(!ok, "{what}: the verifier accepted it: {v}");
        let report = district()
            .import_bytes(&path, &tampered, enrol.clone())
            .unwrap();
        assert_eq!(report.status, ImportStatus::Rejected, "{what}");
        let ours = report.reason_code.unwrap();
        println!("{what}: verifier {}, importer {ours}", v["error"]);
        match code {
            Some(code) => {
                assert_eq!(v["error"], json!(code), "{what}: {v}");
                assert_eq!(ours, code, "{what}");
            }
            // Where a flipped bit lands decides the code; both must refuse.
            None => assert!(v["error"].is_string(), "{what}: {v}"),
        }
    }
    println!("verifier test took {:?}", started.elapsed());
}

/// A sealed bundle (docs/bundle-format.md §16) as the program writes it: the verifier
/// opens it with the receiving unit's identity, finds the same content as the program
/// (digest), and refuses it without the identity, with another one, or changed.
#[test]
fn an_independent_verifier_opens_a_sealed_bundle_for_its_receiver_only() {
    use age::secrecy::ExposeSecret;
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut commune = commune();
    let receiver = district();
    let (card, info) = receiver.receiver_card().unwrap();
    commune.trust_card(&card, &info.fingerprint).unwrap();
    let file = dir.path().join("gói mã hoá.xkb");
    let summary = commune
        .export(
            &file,
            ExportOptions {
                full: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(summary.sealed_to.is_some());
    let identity = receiver
        .signing_key()
        .unwrap()
        .bundle_identity()
        .to_string()
        .expose_secret()
        .to_string();
    let verify_with = |identity: Option<&str>, path: &Path| -> (bool, Value) {
        let mut command = Command::new(py);
        command
            .arg(root().join(VERIFIER))
            .arg("--json")
            .arg(path)
            .env_remove("XUNGKICH_AGE_IDENTITY");
        if let Some(id) = identity {
            command.env("XUNGKICH_AGE_IDENTITY", id);
        }
        let out = command.output().unwrap();
        let value: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.success(), value)
    };

    let (ok, v) = verify_with(Some(&identity), &file);
    assert!(ok, "the verifier refused a sealed bundle of ours: {v}");
    assert_eq!(v["sealed"]["recipient"]["card"], json!(info.fingerprint));
    assert_eq!(v["sealed"]["sender"]["unit"], json!("00001"));
    assert_eq!(v["sealed"]["bundle_sha256"], json!(summary.sha256));
    assert_eq!(v["warnings"], json!([]));
    let digest = commune.digest(Some("00001")).unwrap();
    assert_eq!(v["digest"]["sha256"], json!(digest.sha256), "{v}");

    // Without the identity, or with another installation's: whose it is, not what.
    let (ok, v) = verify_with(None, &file);
    assert!(!ok);
    assert_eq!(v["error"], json!("sealed_for_other"), "{v}");
    let stranger = district();
    let other = stranger
        .signing_key()
        .unwrap()
        .bundle_identity()
        .to_string()
        .expose_secret()
        .to_string();
    let (ok, v) = verify_with(Some(&other), &file);
    assert!(!ok);
    assert_eq!(v["error"], json!("sealed_for_other"), "{v}");

    // One byte changed in the encrypted part.
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() - 40;
    bytes[at] ^= 1;
    let changed = dir.path().join("gói bị sửa.xkb");
    std::fs::write(&changed, &bytes).unwrap();
    let (ok, v) = verify_with(Some(&identity), &changed);
    assert!(!ok);
    assert_eq!(v["error"], json!("bad_envelope"), "{v}");
}
