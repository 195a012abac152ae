//! The report of the district fixture (see `receiver/tests.rs` for its figures), read
//! back from the workbook with calamine and from the sheet XML.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use super::xlsx::*;
use super::*;
use super::{Period, RESULT_COLUMNS};

/// The header row of every table (under the title, the period and a blank row).
const H: usize = HEADER_ROW as usize;
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
        [
            SHEET_COMMUNES,
            SHEET_RESULTS,
            SHEET_CHARTS,
            SHEET_TEAMS,
            SHEET_INFO
        ]
    );
    // The period's results: a row per ward, words (not zeros) for a ward that sent
    // nothing, the totals as real numbers equal to the report's.
    let results = wb.worksheet_range(SHEET_RESULTS).unwrap();
    assert_eq!(
        results.height(),
        H + 1 + 13 + 2,
        "title, period, blank, header, 13 wards, totals, a year earlier"
    );
    assert_eq!(
        results.get((0, 0)),
        Some(&Data::String(report.title.clone()))
    );
    let silent = (H + 1..H + 14)
        .find(|r| report.communes[r - H - 1].results.is_none())
        .unwrap();
    assert_eq!(
        results.get((silent, 2)),
        Some(&Data::String("Chưa gửi dữ liệu: không có số liệu".into()))
    );
    let totals = report.totals.results.as_ref().unwrap();
    for (i, n) in totals.figures.iter().enumerate() {
        assert_eq!(
            results.get((H + 14, 2 + i)),
            Some(&Data::Float(*n as f64)),
            "column {i}"
        );
    }
    assert_eq!(wb.sheet_names(), super::xlsx::sheet_names(&report));

    let communes = wb.worksheet_range(SHEET_COMMUNES).unwrap();
    assert_eq!(
        communes.get((H, 0)),
        Some(&Data::String("Mã đơn vị".into()))
    );
    // Above the table, what it is: the title (unit and period) and the days counted.
    assert!(report.title.ends_with(&format!(", {}", report.period_name)));
    assert_eq!(
        communes.get((0, 0)),
        Some(&Data::String(report.title.clone()))
    );
    assert!(communes
        .get((1, 0))
        .unwrap()
        .to_string()
        .starts_with("Kết quả từ ngày 01/01/"));
    assert_eq!(
        communes.height(),
        H + 1 + 13 + 1,
        "header, 13 wards, totals"
    );
    let phuc_xa = (H + 1..H + 14)
        .find(|r| communes.get((*r, 0)) == Some(&Data::String("00001".into())))
        .unwrap();
    let members = column(&communes, H, "Thành viên");
    assert_eq!(communes.get((phuc_xa, members)), Some(&Data::Float(6.0)));
    let c1 = column(&communes, H, "C1 (% tổ đạt)");
    assert_eq!(communes.get((phuc_xa, c1)), Some(&Data::Float(0.5)));
    let inspected = column(&communes, H, "Kiểm tra gần nhất");
    match communes.get((phuc_xa, inspected)) {
        Some(Data::DateTime(d)) => {
            assert_eq!(d.as_f64(), serial(p.on - chrono::Days::new(20)))
        }
        other => panic!("a date cell, not {other:?}"),
    }
    let totals = communes.get((H + 14, 1)).unwrap().to_string();
    // Over the wards that sent data, and said so.
    assert_eq!(
        totals,
        format!(
            "Tổng cộng ({}/13 đơn vị đã gửi dữ liệu)",
            13 - report.communes_without_data
        )
    );
    assert_eq!(communes.get((H + 14, members)), Some(&Data::Float(10.0)));

    let teams = wb.worksheet_range(SHEET_TEAMS).unwrap();
    assert_eq!(
        teams.height(),
        H + 1 + 4,
        "Tổ Ba is listed too, without an assessment"
    );
    let founded = column(&teams, H, "Ngày quyết định thành lập");
    let mot = (H + 1..H + 5)
        .find(|r| teams.get((*r, 2)) == Some(&Data::String("Tổ Một".into())))
        .unwrap();
    match teams.get((mot, founded)) {
        Some(Data::DateTime(d)) => assert_eq!(
            d.as_f64(),
            serial(NaiveDate::from_ymd_opt(2019, 3, 5).unwrap())
        ),
        other => panic!("a date cell, not {other:?}"),
    }
    let c3 = column(&teams, H, "C3");
    assert_eq!(teams.get((mot, c3)), Some(&Data::String("Đạt".into())));

    // The information sheet: days are date cells, counts numbers, the time Vietnam's.
    let info = wb.worksheet_range(SHEET_INFO).unwrap();
    let value = |key: &str| {
        (0..info.height())
            .find(|r| info.get((*r, 0)) == Some(&Data::String(key.into())))
            .and_then(|r| info.get((r, 1)).cloned())
            .unwrap_or_else(|| panic!("{key} on the information sheet"))
    };
    match value("Số liệu tính đến ngày") {
        Data::DateTime(d) => assert_eq!(d.as_f64(), serial(report.on)),
        other => panic!("a date cell, not {other:?}"),
    }
    assert_eq!(value("Số đơn vị"), Data::Float(13.0));
    assert!(
        report.generated_at.ends_with("+07:00"),
        "{}",
        report.generated_at
    );

    // Frozen header row, formats as documented, bold headers.
    let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains(
            r#"<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>"#
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
        .report(
            p.on,
            ReportOptions {
                members: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(report.members.as_ref().unwrap().len(), 10);
    assert!(report.personal_data_warning.is_some());
    let bytes = workbook_bytes(&report).unwrap();
    let mut wb = workbook(&bytes);
    assert_eq!(
        wb.sheet_names(),
        [
            SHEET_COMMUNES,
            SHEET_RESULTS,
            SHEET_CHARTS,
            SHEET_TEAMS,
            SHEET_MEMBERS,
            SHEET_INFO
        ]
    );
    assert_eq!(wb.sheet_names(), super::xlsx::sheet_names(&report));
    let m = wb.worksheet_range(SHEET_MEMBERS).unwrap();
    assert!(m
        .get((H - 1, 0))
        .unwrap()
        .to_string()
        .starts_with("CẢNH BÁO"));
    assert_eq!(m.get((H, 2)), Some(&Data::String("Họ và tên".into())));
    assert_eq!(m.height(), H + 1 + 10);
    let year = column(&m, H, "Năm sinh");
    assert_eq!(m.get((H + 1, year)), Some(&Data::Float(1980.0)));
    // The members' sheet is the fifth (after the summary, the results, the charts and
    // the teams).
    let sheet5 = part(&bytes, "xl/worksheets/sheet5.xml");
    assert!(
        sheet5.contains(r#"ySplit="4""#),
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
    let at = |title: &str| letters(column(&communes, H, title));
    // Under the title rows, the header on row 4, 13 wards on rows 5–17, the totals on 18.
    let sheet = "'Tổng hợp theo xã'";
    let by_rule = chart(&bytes, "Tỉ lệ tổ đang hoạt động đạt từng tiêu chí");
    let (c1, c8) = (at("C1 (% tổ đạt)"), at("C8 (% tổ đạt)"));
    for range in [
        format!("{sheet}!${c1}$4:${c8}$4"),
        format!("{sheet}!${c1}$18:${c8}$18"),
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
        let range = format!("{sheet}!${c}$5:${c}$17");
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
        report
            .title
            .ends_with("— Công an thành phố Hà Nội, năm 2026"),
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

/// Commune 00004 (2008–2025 list) filled by the demo generator with 400 activities from
/// `seed`, and the day it was generated as of (4/12/2026).
fn generated_commune(seed: u64) -> (Store, NaiveDate) {
    use crate::demo::{generate, DemoOptions};
    use crate::installation::Role;
    use crate::units::UnitSet;
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00004").unwrap();
    let mut options = DemoOptions::new(today);
    options.activities = 400;
    options.seed = seed;
    generate(&mut s, &options).unwrap();
    (s, today)
}

/// The period's figures of a generated commune, checked column by column against plain
/// SQL written apart from the grouped reads (one query a figure, over the whole commune).
#[test]
fn the_period_results_match_plain_sql_on_generated_data() {
    let (s, today) = generated_commune(7);

    for period in [
        Period::quarter(2026, 3).unwrap(),
        Period::year(2026).unwrap(),
        Period::month(2026, 11).unwrap(),
    ] {
        let report = s
            .report(
                today,
                ReportOptions {
                    period: Some(period),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(report.period, period);
        assert_eq!(report.on, period.as_of(today).unwrap());
        let r = report
            .totals
            .results
            .clone()
            .expect("a commune always has its results");
        // Counted up to the report's day (today, in a running period).
        let (from, to) = (crate::dates::iso(period.from), crate::dates::iso(report.on));
        let one = |sql: &str| -> i64 {
            s.conn()
                .query_row(sql, rusqlite::params![from, to], |row| {
                    row.get::<_, Option<i64>>(0)
                })
                .unwrap()
                .unwrap_or(0)
        };
        let live_team = "team_id IN (SELECT id FROM teams WHERE deleted = 0)";
        let figure = |key: &str| {
            let i = RESULT_COLUMNS.iter().position(|c| c.key == key).unwrap();
            r.figures[i]
        };
        let activities = |extra: &str| {
            one(&format!(
                "SELECT count(*) FROM activities WHERE deleted = 0 AND {live_team}
                   AND activity_date >= ?1 AND activity_date <= ?2 {extra}"
            ))
        };
        assert_eq!(figure("activities"), activities(""), "{}", period.name());
        assert!(
            figure("activities") > 0,
            "the demo has activities in {}",
            period.name()
        );
        assert_eq!(
            figure("patrols"),
            activities("AND activity_type = 'tuan_tra'")
        );
        assert_eq!(
            figure("mediations"),
            activities("AND activity_type = 'hoa_giai'")
        );
        assert_eq!(
            figure("mediations_settled"),
            activities("AND activity_type = 'hoa_giai' AND mediation_result = 'thanh'")
        );
        assert_eq!(
            figure("tips_passed"),
            activities("AND activity_type = 'tin_bao' AND passed_to_police_at <> ''")
        );
        assert_eq!(
            figure("audience"),
            one(&format!(
                "SELECT sum(audience) FROM activities WHERE deleted = 0 AND {live_team}
                   AND activity_type = 'tuyen_truyen' AND activity_date >= ?1 AND activity_date <= ?2"
            ))
        );
        let patrol_minutes = one(&format!(
            "SELECT sum(((strftime('%s', '2000-01-01 ' || end_time) - strftime('%s', '2000-01-01 ' || start_time)) / 60 + 1440) % 1440)
               FROM activities WHERE deleted = 0 AND {live_team} AND activity_type = 'tuan_tra'
                AND start_time IS NOT NULL AND end_time IS NOT NULL
                AND activity_date >= ?1 AND activity_date <= ?2"
        ));
        assert_eq!(r.patrol_minutes as i64, patrol_minutes);
        assert_eq!(figure("patrol_hours"), (patrol_minutes + 30) / 60);
        let team_minutes: u64 = report
            .teams
            .iter()
            .map(|t| t.results.as_ref().unwrap().patrol_minutes)
            .sum();
        assert_eq!(team_minutes, r.patrol_minutes);
        let money = |direction: &str, extra: &str| {
            one(&format!(
                "SELECT sum(amount) FROM fund_entries WHERE deleted = 0 AND {live_team}
                   AND direction = '{direction}' AND entry_date >= ?1 AND entry_date <= ?2 {extra}"
            ))
        };
        assert_eq!(figure("contributions"), money("thu", ""));
        assert_eq!(
            figure("from_people"),
            money("thu", "AND source = 'dong_gop_nhan_dan'")
        );
        assert_eq!(figure("spending"), money("chi", ""));
        assert_eq!(
            figure("balance"),
            one(&format!(
                "SELECT sum(CASE direction WHEN 'thu' THEN amount ELSE -amount END) FROM fund_entries
                  WHERE deleted = 0 AND {live_team} AND entry_date <= ?2 AND ?1 = ?1"
            ))
        );
        assert_eq!(
            figure("equipment_issued"),
            one(&format!(
                "SELECT sum(quantity) FROM equipment_issues WHERE deleted = 0 AND {live_team}
                   AND issue_date >= ?1 AND issue_date <= ?2"
            ))
        );
        let attended = "FROM training_attendances a, trainings t, members m
             WHERE a.training_id = t.id AND a.member_id = m.id AND a.deleted = 0 AND t.deleted = 0
               AND m.deleted = 0 AND m.team_id IN (SELECT id FROM teams WHERE deleted = 0)
               AND a.result <> 'vang' AND t.start_date >= ?1 AND t.start_date <= ?2";
        assert_eq!(
            figure("attendances"),
            one(&format!("SELECT count(*) {attended}"))
        );
        assert_eq!(
            figure("trainings"),
            one(&format!("SELECT count(DISTINCT t.id) {attended}"))
        );
        assert_eq!(
            figure("inspections"),
            one(&format!(
                "SELECT count(*) FROM inspections WHERE deleted = 0 AND {live_team}
                   AND inspection_date >= ?1 AND inspection_date <= ?2"
            ))
        );
        assert_eq!(
            figure("proposals"),
            one(&format!(
                "SELECT count(*) FROM commendation_proposals WHERE deleted = 0 AND {live_team}
                   AND proposal_date >= ?1 AND proposal_date <= ?2"
            ))
        );
        assert_eq!(
            r.proposals_granted as i64,
            one(&format!(
                "SELECT count(*) FROM commendation_proposals p WHERE p.deleted = 0 AND p.{live_team}
                   AND p.proposal_date >= ?1 AND p.proposal_date <= ?2
                   AND p.id IN (SELECT proposal_id FROM commendations WHERE deleted = 0)"
            ))
        );
        assert_eq!(
            figure("commendations"),
            one(&format!(
                "SELECT count(*) FROM commendations WHERE deleted = 0 AND {live_team}
                   AND decision_date >= ?1 AND decision_date <= ?2"
            ))
        );
        // The teams' rows add up to the commune's, trainings apart (one training
        // attended by two teams counts once).
        for (i, column) in RESULT_COLUMNS.iter().enumerate() {
            // Hours are rounded once, from the minutes (checked below).
            if column.key == "trainings" || column.key == "patrol_hours" {
                continue;
            }
            let teams: i64 = report
                .teams
                .iter()
                .map(|t| t.results.as_ref().unwrap().figures[i])
                .sum();
            assert_eq!(teams, r.figures[i], "{} in {}", column.key, period.name());
        }
    }
}

/// At a receiving unit a ward that never sent data has no results (not zeros), the
/// report says how many there are, and the totals are the sum of the others.
#[test]
fn a_ward_without_data_has_no_results_and_the_totals_are_over_the_others() {
    let p = province();
    let report = p.district.report(p.on, ReportOptions::default()).unwrap();
    let without: Vec<&crate::receiver::CommuneRow> = report
        .communes
        .iter()
        .filter(|c| c.results.is_none())
        .collect();
    assert!(!without.is_empty() && without.len() < report.communes.len());
    assert_eq!(report.communes_without_data, without.len());
    assert!(without.iter().all(|c| c.last_bundle.is_none()));
    let totals = report.totals.results.as_ref().unwrap();
    let activities: i64 = report
        .communes
        .iter()
        .filter_map(|c| c.results.as_ref())
        .map(|r| r.figures[0])
        .sum();
    assert_eq!(totals.figures[0], activities);
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["totals"]["results"]["activities"].is_object());
    assert!(json["totals"]["results"]["contributions"].is_i64());
    for key in [
        "spending",
        "trainings",
        "attendances",
        "commendations",
        "proposals",
    ] {
        assert!(json["totals"]["results"][key].is_number(), "{key}");
    }
}

/// The results panel's figures ([`Store::results_summary`]) are the report's totals for
/// the same period, a year earlier too: on a generated commune, for a running quarter,
/// ended periods and the default year; and at a receiving unit, with its coverage.
#[test]
fn the_results_summary_is_the_report_s_totals() {
    let (mut s, today) = generated_commune(11);
    let same = |s: &Store, period: Option<Period>, today: NaiveDate| {
        let report = s
            .report(
                today,
                ReportOptions {
                    period,
                    ..Default::default()
                },
            )
            .unwrap();
        let summary = s.results_summary(period, today).unwrap();
        assert_eq!(summary.period, report.period);
        assert_eq!(summary.period_name, report.period_name);
        assert_eq!(summary.on, report.on);
        assert_eq!(summary.role, report.role);
        assert_eq!(Some(&summary.results), report.totals.results.as_ref());
        assert_eq!(
            summary.results_year_earlier, report.totals.results_year_earlier,
            "{}",
            report.period_name
        );
        (report, summary)
    };
    let mut with_earlier = 0;
    for period in [
        Some(Period::quarter(2026, 4).unwrap()),
        Some(Period::quarter(2026, 3).unwrap()),
        Some(Period::month(2026, 11).unwrap()),
        Some(Period::year(2025).unwrap()),
        None,
    ] {
        let (_, summary) = same(&s, period, today);
        assert!(summary.coverage.is_none(), "a commune has no coverage");
        assert!(summary.results.figures[0] > 0, "{}", summary.period_name);
        with_earlier += usize::from(summary.results_year_earlier.is_some());
    }
    assert!(with_earlier > 0, "the demo has data a year earlier");
    // A deleted team's records leave the totals, in both.
    let team: String = s
        .conn()
        .query_row(
            "SELECT team_id FROM activities WHERE deleted = 0 GROUP BY team_id
              ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let before = s.results_summary(None, today).unwrap().results;
    s.delete("team", &team).unwrap();
    let (_, after) = same(&s, None, today);
    assert!(after.results.figures[0] < before.figures[0]);
    // A period not begun is refused like the report's.
    assert_eq!(
        s.results_summary(Some(Period::month(2027, 1).unwrap()), today)
            .unwrap_err()
            .code(),
        "invalid"
    );

    let p = province();
    let (report, summary) = same(&p.district, None, p.on);
    assert_eq!(
        summary.coverage,
        Some(Coverage {
            communes: report.communes.len(),
            with_data: report.communes.len() - report.communes_without_data,
        })
    );
    assert!(summary.coverage.unwrap().with_data > 0);
}
