//! Workbooks written record by record ([MS-XLS]): a small one calamine reads (so the
//! builder below is a real .xls), then crafted ones of a few kilobytes that would make
//! calamine ask for gigabytes, each refused before calamine sees it.

use std::io::{Cursor, Write};

use super::*;
use crate::import::sheet;

fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

fn bof(kind: u16) -> Vec<u8> {
    let mut data = vec![0x00, 0x06];
    data.extend_from_slice(&kind.to_le_bytes());
    data.extend_from_slice(&[0; 12]);
    record(0x0809, &data)
}

fn eof() -> Vec<u8> {
    record(0x000A, &[])
}

/// BIFF8 DIMENSIONS: first row, last row + 1, first column, last column + 1.
fn dimensions(rows: (u32, u32), cols: (u16, u16)) -> Vec<u8> {
    let mut data = rows.0.to_le_bytes().to_vec();
    data.extend_from_slice(&rows.1.to_le_bytes());
    data.extend_from_slice(&cols.0.to_le_bytes());
    data.extend_from_slice(&cols.1.to_le_bytes());
    data.extend_from_slice(&[0, 0]);
    record(0x0200, &data)
}

/// A cell record: its row, column, format index 15, then its value.
fn cell(typ: u16, row: u16, col: u16, value: &[u8]) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend_from_slice(&col.to_le_bytes());
    data.extend_from_slice(&[0x0F, 0x00]);
    data.extend_from_slice(value);
    record(typ, &data)
}

fn label_sst(row: u16, col: u16, index: u32) -> Vec<u8> {
    cell(0x00FD, row, col, &index.to_le_bytes())
}

fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    cell(0x0203, row, col, &value.to_le_bytes())
}

/// An SST of Latin-1 strings, its data cut into records of at most `chunk` bytes (the
/// first an SST, the rest CONTINUE records, each continuing string's characters after
/// a flag byte, as Excel writes them).
fn sst(strings: &[&str], chunk: usize) -> Vec<u8> {
    let mut parts: Vec<Vec<u8>> = vec![Vec::new()];
    let n = strings.len() as u32;
    parts[0].extend_from_slice(&n.to_le_bytes());
    parts[0].extend_from_slice(&n.to_le_bytes());
    for s in strings {
        if parts.last().unwrap().len() + 3 > chunk {
            parts.push(Vec::new());
        }
        let bytes = s.as_bytes();
        let last = parts.last_mut().unwrap();
        last.extend_from_slice(&(bytes.len() as u16).to_le_bytes());
        last.push(0);
        let mut rest = bytes;
        loop {
            let room = chunk - parts.last().unwrap().len();
            let here = room.min(rest.len());
            parts.last_mut().unwrap().extend_from_slice(&rest[..here]);
            rest = &rest[here..];
            if rest.is_empty() {
                break;
            }
            parts.push(vec![0]); // the characters go on, one byte each
        }
    }
    let mut out = record(0x00FC, &parts[0]);
    for p in &parts[1..] {
        out.extend(record(0x003C, p));
    }
    out
}

/// A compound file (v3, as Excel writes an .xls) holding one stream.
fn compound(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    file.create_stream(name).unwrap().write_all(bytes).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// A workbook: globals (BOF, the SST, one BOUNDSHEET per sheet name, EOF), then the
/// sheet's records between its BOF and EOF; every name points at the same sheet.
fn workbook(names: &[&str], sst_records: &[u8], sheet_records: &[Vec<u8>]) -> Vec<u8> {
    let boundsheet = |offset: u32, name: &str| {
        let mut data = offset.to_le_bytes().to_vec();
        data.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        data.extend_from_slice(name.as_bytes());
        record(0x0085, &data)
    };
    let globals_len = bof(0x0005).len()
        + sst_records.len()
        + names.iter().map(|n| boundsheet(0, n).len()).sum::<usize>()
        + eof().len();
    let mut stream = bof(0x0005);
    stream.extend_from_slice(sst_records);
    for n in names {
        stream.extend(boundsheet(globals_len as u32, n));
    }
    stream.extend(eof());
    assert_eq!(stream.len(), globals_len);
    stream.extend(bof(0x0010));
    for r in sheet_records {
        stream.extend_from_slice(r);
    }
    stream.extend(eof());

    compound("/Workbook", &stream)
}

#[test]
fn a_small_workbook_written_here_is_checked_and_read_by_calamine() {
    let bytes = workbook(
        &["Sheet1"],
        &sst(&["Ho va ten", "Nguyen Van An"], 8224),
        &[
            dimensions((0, 2), (0, 2)),
            label_sst(0, 0, 0),
            label_sst(1, 0, 1),
            number(1, 1, 1990.0),
        ],
    );
    assert_eq!(check(&bytes), Ok(()));
    let grids = sheet::read_bytes(&bytes).unwrap();
    assert_eq!(grids[0].cell(1, 0).shown(), "Nguyen Van An");
    assert_eq!(grids[0].cell(1, 1).shown(), "1990");
}

#[test]
fn the_committed_xls_fixture_passes_the_check() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/danh-sach-to-vien.xls");
    assert_eq!(check(&std::fs::read(path).unwrap()), Ok(()));
}

#[test]
fn a_sheet_claiming_every_cell_of_excel_97_is_refused_before_calamine() {
    // One number, and DIMENSIONS saying 65,536 rows × 256 columns: calamine would
    // reserve 16 million cells (670 MB) for it.
    let bytes = workbook(
        &["Sheet1"],
        &sst(&[], 8224),
        &[dimensions((0, 65_536), (0, 256)), number(0, 0, 1.0)],
    );
    assert!(bytes.len() < 32 * 1024, "{}", bytes.len());
    let e = sheet::read_bytes(&bytes).unwrap_err();
    assert!(e.contains("bộ nhớ") && e.contains(".xlsx"), "{e}");
}

#[test]
fn dimensions_whose_last_row_is_before_the_first_are_refused() {
    // calamine's u32 sum wraps to billions of rows.
    let bytes = workbook(
        &["Sheet1"],
        &sst(&[], 8224),
        &[dimensions((100, 50), (0, 2)), number(0, 0, 1.0)],
    );
    let e = sheet::read_bytes(&bytes).unwrap_err();
    assert!(e.contains("bộ nhớ"), "{e}");
}

#[test]
fn two_cells_far_apart_are_refused_for_the_rectangle_between_them() {
    let bytes = workbook(
        &["Sheet1"],
        &sst(&[], 8224),
        &[number(0, 0, 1.0), number(40_000, 255, 2.0)],
    );
    let e = check(&bytes).unwrap_err();
    assert!(e.contains("bộ nhớ"), "{e}");
}

#[test]
fn one_long_shared_string_in_many_cells_is_refused() {
    // 8,000 characters shown in 20,000 cells: 160 million characters of copies (up to
    // 480 MB in UTF-8) from a file of a few hundred KB.
    let long = "a".repeat(8_000);
    let cells: Vec<Vec<u8>> = (0..20_000u32)
        .map(|i| label_sst((i / 10) as u16, (i % 10) as u16, 0))
        .collect();
    let bytes = workbook(&["Sheet1"], &sst(&[&long], 8224), &cells);
    assert!(bytes.len() < 400 * 1024, "{}", bytes.len());
    let e = check(&bytes).unwrap_err();
    assert!(e.contains("bộ nhớ"), "{e}");
    // The same cells pointing at a short string are an ordinary list.
    let bytes = workbook(&["Sheet1"], &sst(&[&long[..20]], 8224), &cells);
    assert_eq!(check(&bytes), Ok(()));
}

#[test]
fn one_sheet_listed_many_times_is_paid_for_each_time() {
    let cells: Vec<Vec<u8>> = (0..20_000u32)
        .map(|i| number((i / 10) as u16, (i % 10) as u16, 1.0))
        .collect();
    let one = workbook(&["Sheet1"], &sst(&[], 8224), &cells);
    assert_eq!(check(&one), Ok(()));
    let names: Vec<String> = (0..150).map(|i| format!("S{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let many = workbook(&names, &sst(&[], 8224), &cells);
    let e = check(&many).unwrap_err();
    assert!(e.contains("bộ nhớ"), "{e}");
    let names: Vec<String> = (0..201).map(|i| format!("S{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let e = check(&workbook(&names, &sst(&[], 8224), &[])).unwrap_err();
    assert!(e.contains("201 trang"), "{e}");
}

#[test]
fn shared_strings_are_measured_across_continue_records() {
    // Strings cut every 100 bytes, mid-string: each is measured whole (3 bytes a
    // character at most).
    let a = "x".repeat(250);
    let b = "y".repeat(30);
    let records = sst(&[&a, &b, "z"], 100);
    let stream = {
        let mut s = records.clone();
        s.extend(eof());
        s
    };
    let parsed = Records::read(&stream).unwrap();
    assert_eq!(
        parsed[0].cont.len(),
        2,
        "the first string spans three records"
    );
    assert_eq!(string_sizes(&parsed[0]).unwrap(), vec![750, 90, 3]);
}

#[test]
fn too_many_continue_records_and_cut_records_are_refused() {
    let mut stream = record(0x00FC, &[0; 8]);
    for _ in 0..=MAX_CONTINUES {
        stream.extend(record(0x003C, &[0]));
    }
    let e = Records::read(&stream).err().unwrap();
    assert!(e.contains("nối tiếp"), "{e}");
    let cut = &record(0x0203, &[0; 14])[..10];
    assert!(Records::read(cut).err().unwrap().contains("cụt"));
}

#[test]
fn a_record_calamine_would_index_past_is_refused_not_a_crash() {
    // A BOUNDSHEET of two bytes: calamine reads its fifth byte.
    let mut stream = bof(0x0005);
    stream.extend(record(0x0085, &[0, 0]));
    stream.extend(eof());
    let e = sheet::read_bytes(&compound("/Workbook", &stream)).unwrap_err();
    assert!(e.contains("hỏng"), "{e}");
}

/// A memory figure of this process from `/proc/self/status`, in bytes (Linux):
/// `VmHWM` (the peak resident since the last reset) or `VmRSS` (resident now).
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb * 1024
}

/// The measured workbooks: under the limit, each stressing one of calamine's habits.
fn measured_cases() -> Vec<(&'static str, Vec<u8>)> {
    let long = "a".repeat(2_000);
    let shared: Vec<Vec<u8>> = (0..20_000u32)
        .map(|i| label_sst((i / 10) as u16, (i % 10) as u16, 0))
        .collect();
    let numbers: Vec<Vec<u8>> = (0..50_000u32)
        .map(|i| number((i / 20) as u16, (i % 20) as u16, f64::from(i)))
        .collect();
    let no_strings = sst(&[], 8224);
    vec![
        (
            "20,000 cells of one 2,000-character string",
            workbook(&["S"], &sst(&[&long], 8224), &shared),
        ),
        (
            "DIMENSIONS 30,000 x 60, one number",
            workbook(
                &["S"],
                &no_strings,
                &[dimensions((0, 30_000), (0, 60)), number(0, 0, 1.0)],
            ),
        ),
        (
            "two numbers 20,000 rows x 100 columns apart",
            workbook(
                &["S"],
                &no_strings,
                &[number(0, 0, 1.0), number(20_000, 99, 2.0)],
            ),
        ),
        (
            "50,000 numbers, 2,500 rows x 20 columns",
            workbook(&["S"], &no_strings, &numbers),
        ),
    ]
}

/// Measurement aid (Linux): for workbooks under the limit, what calamine really takes
/// (peak resident memory while it opens the file and our reader copies each sheet's
/// range, each case in a process of its own so no freed memory is reused) against the
/// estimate, which must not be less. Resident memory counts only the pages touched, so
/// a reservation calamine never fills shows less here than it asks of Windows, which
/// commits it.
/// `cargo test --release -p xungkich --lib -- --ignored xls_estimate --nocapture --test-threads=1`
#[test]
#[ignore = "measurement aid: run in release"]
fn xls_estimate_against_calamine_peak() {
    if let Ok(case) = std::env::var("XUNGKICH_XLS_CASE") {
        // The child: one case, its two figures on one line.
        use calamine::Reader;
        let (_, bytes) = measured_cases().swap_remove(case.parse().unwrap());
        let estimate = estimate(&bytes).unwrap();
        let base = status_bytes("VmRSS");
        std::fs::write("/proc/self/clear_refs", "5").unwrap();
        let mut book: calamine::Xls<_> = calamine::Xls::new(Cursor::new(&bytes)).unwrap();
        for name in book.sheet_names() {
            std::hint::black_box(book.worksheet_range(&name).unwrap());
        }
        println!(
            "XLS-MEASURE {estimate} {}",
            status_bytes("VmHWM").saturating_sub(base)
        );
        return;
    }
    for (i, (label, _)) in measured_cases().iter().enumerate() {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "--nocapture"])
            .arg("import::xls_check::tests::xls_estimate_against_calamine_peak")
            .env("XUNGKICH_XLS_CASE", i.to_string())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find_map(|l| l.split("XLS-MEASURE ").nth(1))
            .unwrap_or_else(|| panic!("{label}: {text}"));
        let figures: Vec<u64> = line
            .split_whitespace()
            .map(|f| f.parse().unwrap())
            .collect();
        println!(
            "{label}: estimate {:.1} MB, calamine peak {:.1} MB",
            figures[0] as f64 / 1e6,
            figures[1] as f64 / 1e6
        );
        assert!(
            figures[0] >= figures[1],
            "{label}: the estimate is less than calamine took"
        );
    }
}

#[test]
fn a_workbook_with_a_password_is_refused_saying_so() {
    // An .xls whose globals carry FILEPASS, and an .xlsx saved with a password (an
    // encrypted package in a compound file).
    let mut stream = bof(0x0005);
    stream.extend(record(0x002F, &[1, 0, 0, 0]));
    stream.extend(eof());
    let e = sheet::read_bytes(&compound("/Workbook", &stream)).unwrap_err();
    assert!(e.contains("mật khẩu"), "{e}");

    let e = sheet::read_bytes(&compound("/EncryptedPackage", b"encrypted")).unwrap_err();
    assert!(e.contains("mật khẩu"), "{e}");
}
