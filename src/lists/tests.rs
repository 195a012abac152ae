//! A commune of two teams built by hand, its lists written and read back with calamine:
//!
//! - Tổ Đông: An (full birth date, ID number and phone), Bình (born in a year only, left
//!   on 01/02/2025), Chi (born in 03/1990, joined after the lists' day, 15/03/2025);
//!   uniforms for An and a torch (one issued after the day); a book of four entries
//!   entered out of order, one after the day.
//! - Tổ Tây: Dũng; no equipment; one entry.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use chrono::NaiveDate;
use serde_json::json;

use super::funds::{SHEET_SUMMARY, SHEET_TEAM};
use super::*;
use crate::report::xlsx::HEADER_ROW;
use crate::report::PERSONAL_DATA_WARNING;
use crate::units::UnitSet;

const H: usize = HEADER_ROW as usize;

struct Fixture {
    store: Store,
    east: String,
    west: String,
    dir: tempfile::TempDir,
}

use crate::test_support::add;

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 15).unwrap()
}

fn fixture() -> Fixture {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let village = add(
        &mut s,
        "village",
        json!({"name": "Thôn Đông", "village_type": "thon"}),
    );
    let team = |s: &mut Store, name: &str| {
        add(
            s,
            "team",
            json!({"name": name, "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
        )
    };
    let east = team(&mut s, "Tổ Đông");
    let west = team(&mut s, "Tổ Tây");
    let an = add(
        &mut s,
        "member",
        json!({"team_id": east, "full_name": "Nguyễn Văn An", "role": "to_truong", "sex": "nam",
               "birth_date": "12/05/1985", "village_id": village, "joined_date": "01/01/2024",
               "id_number": "001085012345", "phone": "0912345678", "ethnicity": "01",
               "party_member": true, "education": "thpt"}),
    );
    add(
        &mut s,
        "member",
        json!({"team_id": east, "full_name": "Trần Thị Bình", "role": "to_vien", "sex": "nu",
               "birth_date": "1970", "joined_date": "01/01/2024", "exit_date": "01/02/2025",
               "exit_reason": "Chuyển nơi ở"}),
    );
    add(
        &mut s,
        "member",
        json!({"team_id": east, "full_name": "Lê Văn Chi", "role": "to_vien", "sex": "nam",
               "birth_date": "03/1990", "joined_date": "01/04/2025"}),
    );
    add(
        &mut s,
        "member",
        json!({"team_id": west, "full_name": "Phạm Văn Dũng", "role": "to_truong", "sex": "nam",
               "birth_date": "1980"}),
    );
    add(
        &mut s,
        "equipment",
        json!({"team_id": east, "member_id": an, "item": "trang_phuc_quan_ao", "quantity": 2,
               "issue_date": "10/01/2024", "source": "ngan_sach", "condition": "tot"}),
    );
    add(
        &mut s,
        "equipment",
        json!({"team_id": east, "item": "phuong_tien_den_pin", "quantity": 1500,
               "issue_date": "01/04/2025"}),
    );
    let entry = |s: &mut Store, team: &str, date: &str, direction: &str, amount: i64| {
        add(
            s,
            "fund_entry",
            json!({"team_id": team, "entry_date": date, "direction": direction, "amount": amount,
                   "purpose": "Khoản", "source": "dong_gop_nhan_dan", "counterparty": "Hộ ông Hải"}),
        )
    };
    // Out of date order on purpose: the book is by date.
    entry(&mut s, &east, "10/03/2025", "thu", 500_000);
    entry(&mut s, &east, "01/02/2025", "thu", 1_000_000);
    entry(&mut s, &east, "05/02/2025", "chi", 300_000);
    entry(&mut s, &east, "20/03/2025", "chi", 50_000);
    entry(&mut s, &west, "01/01/2025", "thu", 200_000);
    Fixture {
        store: s,
        east,
        west,
        dir: tempfile::tempdir().unwrap(),
    }
}

fn options(personal_data: bool) -> ListOptions {
    ListOptions {
        personal_data,
        former_members: false,
        on: on(),
    }
}

fn write(fx: &Fixture, kind: ListKind, team: Option<&str>, o: ListOptions) -> SavedList {
    fx.store.write_list(kind, team, o, fx.dir.path()).unwrap()
}

fn read(saved: &SavedList) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = std::fs::read(&saved.file).unwrap();
    open_workbook_from_rs(Cursor::new(bytes)).expect("calamine reads it")
}

fn sheet(saved: &SavedList, name: &str) -> Range<Data> {
    read(saved).worksheet_range(name).unwrap()
}

fn headers(range: &Range<Data>) -> Vec<String> {
    (0..range.width())
        .filter_map(|c| match range.get((H, c)) {
            Some(Data::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn column(range: &Range<Data>, title: &str) -> usize {
    headers(range)
        .iter()
        .position(|h| h == title)
        .unwrap_or_else(|| panic!("column {title} in {:?}", headers(range)))
}

fn cell(range: &Range<Data>, row: usize, title: &str) -> Data {
    range
        .get((H + 1 + row, column(range, title)))
        .cloned()
        .unwrap_or(Data::Empty)
}

fn is_date(d: &Data, expected: NaiveDate) -> bool {
    match d {
        // Excel's serial day (days since 30/12/1899), as the report's tests read it.
        Data::DateTime(dt) => dt.as_f64() == (expected - ymd(1899, 12, 30)).num_days() as f64,
        _ => false,
    }
}

/// The row above the header is blank (calamine reads it as empty cells or not at all).
fn no_warning(range: &Range<Data>) -> bool {
    matches!(range.get((H - 1, 0)), None | Some(Data::Empty))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn members_of_a_team_on_the_day_with_dates_years_and_labels() {
    let fx = fixture();
    let saved = write(&fx, ListKind::Members, Some(&fx.east), options(false));
    assert_eq!(saved.rows, 1, "Bình had left and Chi not yet joined");
    assert!(!saved.personal_data);
    let name = saved
        .file
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let commune = slug(&fx.store.installation().unwrap().unit_name);
    assert_eq!(
        name,
        format!("danh-sach-thanh-vien-{commune}-to-dong-2025-03-15.xlsx")
    );
    let s = sheet(&saved, members::SHEET);
    let title = s.get((0, 0)).unwrap().to_string();
    assert!(
        title.starts_with("Danh sách thành viên — Tổ Đông, "),
        "{title}"
    );
    assert!(s.get((1, 0)).unwrap().to_string().contains("15/03/2025"));
    assert!(no_warning(&s), "no warning row");
    assert!(
        !headers(&s).contains(&"Tổ".to_string()),
        "one team: no team column"
    );
    assert_eq!(cell(&s, 0, "STT"), Data::Float(1.0));
    assert_eq!(
        cell(&s, 0, "Họ và tên"),
        Data::String("Nguyễn Văn An".into())
    );
    assert_eq!(cell(&s, 0, "Chức danh"), Data::String("Tổ trưởng".into()));
    assert_eq!(cell(&s, 0, "Giới tính"), Data::String("Nam".into()));
    assert_eq!(cell(&s, 0, "Năm sinh"), Data::Float(1985.0));
    assert_eq!(
        cell(&s, 0, "Thôn nơi cư trú"),
        Data::String("Thôn Đông".into())
    );
    assert!(is_date(&cell(&s, 0, "Ngày tham gia"), ymd(2024, 1, 1)));
    assert_eq!(
        cell(&s, 0, "Trình độ học vấn"),
        Data::String("Trung học phổ thông".into())
    );
    for personal in [
        "Ngày sinh",
        "Dân tộc",
        "Tôn giáo",
        "Số định danh cá nhân",
        "Nơi cư trú",
        "Đảng viên",
        "Số điện thoại",
    ] {
        assert!(!headers(&s).contains(&personal.to_string()), "{personal}");
    }
    // Nothing personal anywhere in the file, not only in the headers.
    let all: String = s.rows().flatten().map(|d| d.to_string()).collect();
    assert!(!all.contains("001085012345") && !all.contains("0912345678"));
}

#[test]
fn personal_data_comes_only_with_the_warning_row() {
    let fx = fixture();
    let o = ListOptions {
        former_members: true,
        ..options(true)
    };
    let saved = write(&fx, ListKind::Members, Some(&fx.east), o);
    assert!(saved.personal_data);
    assert_eq!(saved.rows, 2, "An, and Bình who left; not Chi");
    let s = sheet(&saved, members::SHEET);
    assert_eq!(
        s.get((H - 1, 0)),
        Some(&Data::String(PERSONAL_DATA_WARNING.into()))
    );
    // Vietnamese order: An before Bình.
    assert!(is_date(&cell(&s, 0, "Ngày sinh"), ymd(1985, 5, 12)));
    assert_eq!(
        cell(&s, 0, "Số định danh cá nhân"),
        Data::String("001085012345".into()),
        "text: the leading zeros stay"
    );
    assert_eq!(
        cell(&s, 0, "Số điện thoại"),
        Data::String("0912345678".into())
    );
    assert_eq!(cell(&s, 0, "Dân tộc"), Data::String("Kinh".into()));
    assert_eq!(cell(&s, 0, "Đảng viên"), Data::String("Có".into()));
    assert_eq!(
        cell(&s, 1, "Ngày sinh"),
        Data::Float(1970.0),
        "a year alone"
    );
    assert!(is_date(&cell(&s, 1, "Ngày thôi tham gia"), ymd(2025, 2, 1)));
    assert_eq!(
        cell(&s, 1, "Lý do thôi"),
        Data::String("Chuyển nơi ở".into())
    );
    // Chi (03/1990) shows as the month and year once the day is after he joined.
    let later = ListOptions {
        on: ymd(2025, 5, 1),
        ..options(true)
    };
    let s = sheet(
        &write(&fx, ListKind::Members, Some(&fx.east), later),
        members::SHEET,
    );
    assert_eq!(cell(&s, 1, "Ngày sinh"), Data::String("03/1990".into()));
}

#[test]
fn the_whole_commune_lists_every_team_in_order() {
    let fx = fixture();
    let saved = write(&fx, ListKind::Members, None, options(false));
    assert_eq!(saved.rows, 2, "An of Tổ Đông, Dũng of Tổ Tây");
    let s = sheet(&saved, members::SHEET);
    assert_eq!(cell(&s, 0, "Tổ"), Data::String("Tổ Đông".into()));
    assert_eq!(cell(&s, 1, "Tổ"), Data::String("Tổ Tây".into()));
    assert_eq!(
        cell(&s, 1, "Họ và tên"),
        Data::String("Phạm Văn Dũng".into())
    );
    assert!(!saved.file.to_string_lossy().contains("to-dong"));

    let team = write(&fx, ListKind::Equipment, Some(&fx.west), options(false));
    assert_eq!(team.rows, 0);
    let all = write(&fx, ListKind::Equipment, None, options(false));
    assert_eq!(all.rows, 1, "the torch was issued after the day");
}

#[test]
fn equipment_has_labels_numbers_dates_and_the_name_only() {
    let fx = fixture();
    let later = ListOptions {
        on: ymd(2025, 5, 1),
        ..options(true)
    };
    let saved = write(&fx, ListKind::Equipment, Some(&fx.east), later);
    assert_eq!(saved.rows, 2);
    assert!(!saved.personal_data, "no personal column in this list");
    let s = sheet(&saved, equipment::SHEET);
    assert!(no_warning(&s));
    assert_eq!(
        cell(&s, 0, "Loại"),
        Data::String("Quần áo đồng phục".into())
    );
    assert_eq!(cell(&s, 0, "Số lượng"), Data::Float(2.0));
    assert!(is_date(&cell(&s, 0, "Ngày cấp"), ymd(2024, 1, 10)));
    assert_eq!(
        cell(&s, 0, "Cấp cho thành viên"),
        Data::String("Nguyễn Văn An".into())
    );
    assert_eq!(cell(&s, 0, "Nguồn"), Data::String("Ngân sách".into()));
    assert_eq!(cell(&s, 0, "Tình trạng"), Data::String("Tốt".into()));
    assert_eq!(cell(&s, 1, "Số lượng"), Data::Float(1500.0));
    assert!(s.get((1, 0)).unwrap().to_string().contains("1.502 món"));
}

#[test]
fn the_fund_book_runs_its_balance_in_date_order() {
    let fx = fixture();
    let saved = write(&fx, ListKind::Funds, Some(&fx.east), options(false));
    assert_eq!(saved.rows, 3, "the entry of 20/03 is after the day");
    assert_eq!(saved.sheets, [SHEET_TEAM]);
    let s = sheet(&saved, SHEET_TEAM);
    assert!(!headers(&s).contains(&"Người nộp / người nhận".to_string()));
    let days = [ymd(2025, 2, 1), ymd(2025, 2, 5), ymd(2025, 3, 10)];
    let income = [Some(1_000_000.0), None, Some(500_000.0)];
    let spending = [None, Some(300_000.0), None];
    let balance = [1_000_000.0, 700_000.0, 1_200_000.0];
    let num = |x: Option<f64>| x.map_or(Data::Empty, Data::Float);
    for i in 0..3 {
        assert!(is_date(&cell(&s, i, "Ngày"), days[i]), "row {i}");
        assert_eq!(cell(&s, i, "Thu (đồng)"), num(income[i]), "row {i}");
        assert_eq!(cell(&s, i, "Chi (đồng)"), num(spending[i]), "row {i}");
        assert_eq!(
            cell(&s, i, "Tồn quỹ (đồng)"),
            Data::Float(balance[i]),
            "row {i}"
        );
    }
    assert_eq!(cell(&s, 3, "Ngày"), Data::String("Cộng".into()));
    assert_eq!(cell(&s, 3, "Thu (đồng)"), Data::Float(1_500_000.0));
    assert_eq!(cell(&s, 3, "Chi (đồng)"), Data::Float(300_000.0));
    assert_eq!(cell(&s, 3, "Tồn quỹ (đồng)"), Data::Float(1_200_000.0));

    // Who paid is personal: only with the option, under the warning.
    let s = sheet(
        &write(&fx, ListKind::Funds, Some(&fx.east), options(true)),
        SHEET_TEAM,
    );
    assert_eq!(
        s.get((H - 1, 0)),
        Some(&Data::String(PERSONAL_DATA_WARNING.into()))
    );
    assert_eq!(
        cell(&s, 0, "Người nộp / người nhận"),
        Data::String("Hộ ông Hải".into())
    );
}

#[test]
fn the_commune_fund_book_has_a_summary_and_a_sheet_per_team() {
    let fx = fixture();
    let saved = write(&fx, ListKind::Funds, None, options(false));
    assert_eq!(saved.rows, 4);
    assert_eq!(saved.sheets, [SHEET_SUMMARY, "Tổ Đông", "Tổ Tây"]);
    assert_eq!(read(&saved).sheet_names(), saved.sheets);
    let s = sheet(&saved, SHEET_SUMMARY);
    assert_eq!(cell(&s, 0, "Tồn quỹ (đồng)"), Data::Float(1_200_000.0));
    assert_eq!(cell(&s, 1, "Tồn quỹ (đồng)"), Data::Float(200_000.0));
    assert_eq!(cell(&s, 2, "Tổng thu (đồng)"), Data::Float(1_700_000.0));
    assert_eq!(cell(&s, 2, "Tồn quỹ (đồng)"), Data::Float(1_400_000.0));
    let west = sheet(&saved, "Tổ Tây");
    assert_eq!(cell(&west, 0, "Tồn quỹ (đồng)"), Data::Float(200_000.0));
}

#[test]
fn an_unknown_team_a_wrong_ending_and_a_receiving_unit_are_refused() {
    let fx = fixture();
    let e = fx
        .store
        .write_list(
            ListKind::Members,
            Some("khong-co"),
            options(false),
            fx.dir.path(),
        )
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert!(e.to_string().contains("Không tìm thấy tổ"), "{e}");
    let e = fx
        .store
        .write_list(
            ListKind::Members,
            None,
            options(false),
            &fx.dir.path().join("ds.csv"),
        )
        .unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().contains(".xlsx"), "{e}");
    assert_eq!(ListKind::parse("ghost").unwrap_err().code(), "invalid");
    assert_eq!(ListKind::parse("funds").unwrap(), ListKind::Funds);
    assert!(std::fs::read_dir(fx.dir.path()).unwrap().next().is_none());

    let mut district = Store::open_in_memory().unwrap();
    district
        .init(Role::Receiver, UnitSet::Y2008, "001")
        .unwrap();
    let e = district
        .write_list(ListKind::Funds, None, options(false), fx.dir.path())
        .unwrap_err();
    assert_eq!(e.code(), "commune_only");
}

#[test]
fn file_names_are_ascii_and_the_written_file_is_the_one_named() {
    let fx = fixture();
    let name = fx
        .store
        .list_file_name(ListKind::Funds, Some(&fx.east), on())
        .unwrap();
    assert!(name.starts_with("so-quy-") && name.ends_with("-to-dong-2025-03-15.xlsx"));
    assert!(name.is_ascii());
    let saved = write(&fx, ListKind::Funds, Some(&fx.east), options(false));
    assert_eq!(saved.file, fx.dir.path().join(&name));
    assert_eq!(
        slug("  Tổ  bảo vệ ANTT: thôn Đông!! "),
        "to-bao-ve-antt-thon-dong"
    );
    let mut used = vec![SHEET_SUMMARY.to_string()];
    assert_eq!(sheet::sheet_name("tổng hợp", &mut used), "tổng hợp (2)");
    let long = "Tổ bảo vệ an ninh, trật tự thôn Đông Bắc";
    let first = sheet::sheet_name(long, &mut used);
    let second = sheet::sheet_name(long, &mut used);
    assert!(first.chars().count() <= 31 && second.ends_with(" (2)"));
}
