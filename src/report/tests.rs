//! The report of the district fixture (see `district/tests.rs` for its figures), read
//! back from the workbook with calamine and from the sheet XML.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use super::xlsx::*;
use super::*;
use crate::district::tests::province;
use crate::Error;

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine reads it")
}

/// Excel's serial day of a date (days since 30/12/1899).
fn serial(d: NaiveDate) -> f64 {
    (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

/// The XML of a part of the workbook (an .xlsx is a ZIP).
fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name} in the workbook: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn column(range: &calamine::Range<Data>, header_row: usize, title: &str) -> usize {
    (0..range.width())
        .find(|c| range.get((header_row, *c)) == Some(&Data::String(title.into())))
        .unwrap_or_else(|| panic!("column {title}"))
}

#[test]
fn the_workbook_reads_back_with_real_numbers_dates_and_frozen_headers() {
    let p = province();
    let report = p.district.report(p.on, ReportOptions::default()).unwrap();
    assert!(report.members.is_none() && report.personal_data_warning.is_none());
    let bytes = workbook_bytes(&report).unwrap();
    let mut wb = workbook(&bytes);
    assert_eq!(wb.sheet_names(), [SHEET_COMMUNES, SHEET_TEAMS, SHEET_INFO]);
    assert_eq!(wb.sheet_names(), super::xlsx::sheet_names(&report));

    let communes = wb.worksheet_range(SHEET_COMMUNES).unwrap();
    assert_eq!(
        communes.get((0, 0)),
        Some(&Data::String("Mã đơn vị".into()))
    );
    assert_eq!(communes.height(), 1 + 13 + 1, "header, 13 wards, totals");
    let phuc_xa = (1..14)
        .find(|r| communes.get((*r, 0)) == Some(&Data::String("00001".into())))
        .unwrap();
    let members = column(&communes, 0, "Thành viên");
    assert_eq!(communes.get((phuc_xa, members)), Some(&Data::Float(6.0)));
    let c1 = column(&communes, 0, "C1 (% tổ đạt)");
    assert_eq!(communes.get((phuc_xa, c1)), Some(&Data::Float(0.5)));
    let inspected = column(&communes, 0, "Kiểm tra gần nhất");
    match communes.get((phuc_xa, inspected)) {
        Some(Data::DateTime(d)) => {
            assert_eq!(d.as_f64(), serial(p.on - chrono::Days::new(20)))
        }
        other => panic!("a date cell, not {other:?}"),
    }
    let totals = communes.get((14, 1)).unwrap().to_string();
    assert_eq!(totals, "Tổng cộng (13 đơn vị)");
    assert_eq!(communes.get((14, members)), Some(&Data::Float(10.0)));

    let teams = wb.worksheet_range(SHEET_TEAMS).unwrap();
    assert_eq!(
        teams.height(),
        1 + 4,
        "Tổ Ba is listed too, without an assessment"
    );
    let founded = column(&teams, 0, "Ngày quyết định thành lập");
    let mot = (1..5)
        .find(|r| teams.get((*r, 2)) == Some(&Data::String("Tổ Một".into())))
        .unwrap();
    match teams.get((mot, founded)) {
        Some(Data::DateTime(d)) => assert_eq!(
            d.as_f64(),
            serial(NaiveDate::from_ymd_opt(2019, 3, 5).unwrap())
        ),
        other => panic!("a date cell, not {other:?}"),
    }
    let c3 = column(&teams, 0, "C3");
    assert_eq!(teams.get((mot, c3)), Some(&Data::String("Đạt".into())));

    // Frozen header row, formats as documented, bold headers.
    let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet1}"
    );
    assert!(sheet1.contains("<autoFilter"));
    assert!(sheet1.contains("<cols>"), "column widths are set");
    let styles = part(&bytes, "xl/styles.xml");
    for code in [FORMAT_COUNT, FORMAT_DATE, FORMAT_SHARE] {
        assert!(
            styles.contains(&format!(r#"formatCode="{code}""#)),
            "{code} in {styles}"
        );
    }
    assert!(styles.contains("<b/>"), "bold headers");
}

#[test]
fn members_come_only_when_asked_under_a_warning() {
    let p = province();
    let report = p
        .district
        .report(p.on, ReportOptions { members: true })
        .unwrap();
    assert_eq!(report.members.as_ref().unwrap().len(), 10);
    assert!(report.personal_data_warning.is_some());
    let bytes = workbook_bytes(&report).unwrap();
    let mut wb = workbook(&bytes);
    assert_eq!(
        wb.sheet_names(),
        [SHEET_COMMUNES, SHEET_TEAMS, SHEET_MEMBERS, SHEET_INFO]
    );
    assert_eq!(wb.sheet_names(), super::xlsx::sheet_names(&report));
    let m = wb.worksheet_range(SHEET_MEMBERS).unwrap();
    assert!(m.get((0, 0)).unwrap().to_string().starts_with("CẢNH BÁO"));
    assert_eq!(m.get((1, 2)), Some(&Data::String("Họ và tên".into())));
    assert_eq!(m.height(), 2 + 10);
    let year = column(&m, 1, "Năm sinh");
    assert_eq!(m.get((2, year)), Some(&Data::Float(1980.0)));
    let sheet3 = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(
        sheet3.contains(r#"ySplit="2""#),
        "warning and header stay in view"
    );
    // No ID number or phone in the list.
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("id_number") && !json.contains("phone"));
}

#[test]
fn files_are_written_whole_under_their_name() {
    let p = province();
    let report = p.district.report(p.on, ReportOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("báo cáo.xlsx");
    let n = write_xlsx(&report, &path).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), n);
    let json_path = dir.path().join("báo cáo.json");
    write_json(&report, &json_path).unwrap();
    let back: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(back["communes"].as_array().unwrap().len(), 13);
    assert_eq!(back["teams"].as_array().unwrap().len(), 4);
    assert_eq!(back["totals"]["members"], 10);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    // A folder that does not exist: a clear error, nothing written.
    let bad = dir.path().join("không có").join("x.xlsx");
    assert!(matches!(write_xlsx(&report, &bad), Err(Error::Io { .. })));
}
