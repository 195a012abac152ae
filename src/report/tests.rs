//! The report of the district fixture (see `receiver/tests.rs` for its figures), read
//! back from the workbook with calamine and from the sheet XML.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use super::xlsx::*;
use super::*;
use crate::receiver::tests::province;
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
    assert_eq!(
        wb.sheet_names(),
        [SHEET_COMMUNES, SHEET_CHARTS, SHEET_TEAMS, SHEET_INFO]
    );
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
        [
            SHEET_COMMUNES,
            SHEET_CHARTS,
            SHEET_TEAMS,
            SHEET_MEMBERS,
            SHEET_INFO
        ]
    );
    assert_eq!(wb.sheet_names(), super::xlsx::sheet_names(&report));
    let m = wb.worksheet_range(SHEET_MEMBERS).unwrap();
    assert!(m.get((0, 0)).unwrap().to_string().starts_with("CẢNH BÁO"));
    assert_eq!(m.get((1, 2)), Some(&Data::String("Họ và tên".into())));
    assert_eq!(m.height(), 2 + 10);
    let year = column(&m, 1, "Năm sinh");
    assert_eq!(m.get((2, year)), Some(&Data::Float(1980.0)));
    // The members' sheet is the fourth (after the summary, the charts and the teams).
    let sheet4 = part(&bytes, "xl/worksheets/sheet4.xml");
    assert!(
        sheet4.contains(r#"ySplit="2""#),
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

/// The XML of the chart whose title starts with `title`.
fn chart(bytes: &[u8], title: &str) -> String {
    (1..=3)
        .map(|i| part(bytes, &format!("xl/charts/chart{i}.xml")))
        .find(|xml| xml.contains(&format!("<a:t>{title}")))
        .unwrap_or_else(|| panic!("a chart titled {title}"))
}

/// A column's letters in a cell reference (0 → A, 26 → AA).
fn letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_charts_read_the_figures_from_the_summary_sheet() {
    assert_eq!(
        (letters(0), letters(25), letters(26), letters(27)),
        ("A".into(), "Z".into(), "AA".into(), "AB".into())
    );
    let p = province();
    let report = p.district.report(p.on, ReportOptions::default()).unwrap();
    let bytes = workbook_bytes(&report).unwrap();
    let mut wb = workbook(&bytes);
    let communes = wb.worksheet_range(SHEET_COMMUNES).unwrap();
    let at = |title: &str| letters(column(&communes, 0, title));
    // 13 wards on rows 2–14 of the sheet, the totals on row 15.
    let sheet = "'Tổng hợp theo xã'";
    let by_rule = chart(&bytes, "Tỉ lệ tổ đang hoạt động đạt từng tiêu chí");
    let (c1, c8) = (at("C1 (% tổ đạt)"), at("C8 (% tổ đạt)"));
    for range in [
        format!("{sheet}!${c1}$1:${c8}$1"),
        format!("{sheet}!${c1}$15:${c8}$15"),
    ] {
        assert!(
            by_rule.contains(&format!("<c:f>{range}</c:f>")),
            "{range} in {by_rule}"
        );
    }
    let by_commune = chart(&bytes, "Mức đạt chung và tỉ lệ thành viên được tập huấn");
    for title in [
        "Tên đơn vị",
        "Mức đạt chung (tiêu chí đạt / tổng)",
        "Tỉ lệ tập huấn",
    ] {
        let c = at(title);
        let range = format!("{sheet}!${c}$2:${c}$14");
        assert!(
            by_commune.contains(&format!("<c:f>{range}</c:f>")),
            "{range} in {by_commune}"
        );
    }
    assert!(
        by_commune.contains("<c:orientation val=\"maxMin\"/>"),
        "first commune on top"
    );

    // The founding years: a table on the charts sheet, and its chart.
    let charts = wb.worksheet_range(SHEET_CHARTS).unwrap();
    let (first_row, _) = charts.start().unwrap();
    let mut founded = 0.0;
    let mut rows = 0;
    let mut unknown_line = String::new();
    for r in first_row..first_row + charts.height() as u32 {
        // Absolute positions: the table is in columns N and O.
        match (charts.get_value((r, 13)), charts.get_value((r, 14))) {
            (Some(Data::Float(_)), Some(Data::Float(n))) => {
                founded += n;
                rows += 1;
            }
            (Some(Data::String(s)), _) if s.contains("chưa có quyết định") => {
                unknown_line = s.clone()
            }
            _ => {}
        }
    }
    let unknown: usize = unknown_line
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("how many have no founding date");
    assert_eq!(founded as usize + unknown, report.totals.active_teams);
    let per_year = chart(&bytes, "Số tổ đang hoạt động theo năm thành lập");
    let range = format!("'Biểu đồ'!$O$4:$O${}", 3 + rows);
    assert!(
        per_year.contains(&format!("<c:f>{range}</c:f>")),
        "{range} in {per_year}"
    );
}

#[test]
fn a_receiving_unit_titles_its_report_with_the_police_unit_of_the_report_date() {
    use crate::installation::Role;
    use crate::units::UnitSet;
    let day = |d, m, y| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let inst = s.init(Role::Receiver, UnitSet::Y2008, "001").unwrap();
    let title = |on| titled_unit(&s, &inst, on).unwrap();
    assert_eq!(title(day(28, 2, 2025)), "Công an quận Ba Đình");
    // The district police ceased on 1/3/2025: the province's from then on.
    assert_eq!(title(day(1, 3, 2025)), "Công an thành phố Hà Nội");
    assert_eq!(title(day(30, 6, 2025)), "Công an thành phố Hà Nội");
    assert_eq!(title(day(1, 7, 2025)), "Công an thành phố Hà Nội");
    assert_eq!(title(day(4, 12, 2026)), "Công an thành phố Hà Nội");
    let report = s
        .report(day(4, 12, 2026), ReportOptions::default())
        .unwrap();
    assert!(
        report.title.ends_with("— Công an thành phố Hà Nội"),
        "{}",
        report.title
    );
    assert!(!report.title.contains("Quận Ba Đình"));

    // A 2025 province before 1/7/2025: the police of its predecessor provinces.
    let mut s = Store::open_in_memory().unwrap();
    let inst = s.init(Role::Receiver, UnitSet::Y2025, "08").unwrap();
    assert_eq!(
        titled_unit(&s, &inst, day(30, 6, 2025)).unwrap(),
        "Công an tỉnh Tuyên Quang, Công an tỉnh Hà Giang"
    );
    assert_eq!(
        titled_unit(&s, &inst, day(1, 7, 2025)).unwrap(),
        "Công an tỉnh Tuyên Quang"
    );
}
