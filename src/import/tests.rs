//! The member import on workbooks the tests make: title rows above a two-row header
//! with merged cells, NFD names, TCVN3 and VNI text, dates as Excel dates, serial
//! numbers, dd/mm/yyyy text and bare years, bad ID numbers, members under 18,
//! duplicates of kept members and of earlier rows, unknown villages; a dry run and a
//! refused file leave the database's digest unchanged.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::json;

use super::*;
use crate::installation::Role;
use crate::text::legacy;
use crate::units::UnitSet;
use sheet::Cell;

use crate::test_support::add;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
}

struct Commune {
    store: Store,
    team: String,
    east: String,
    dir: tempfile::TempDir,
}

impl Commune {
    /// Writes `bytes` as the file `name` and imports it into the commune's team.
    fn import_file(&mut self, name: &str, bytes: impl AsRef<[u8]>, dry_run: bool) -> MemberImport {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let team = self.team.clone();
        self.store
            .import_members(&path, &options(Some(&team), dry_run))
            .unwrap()
    }
}

/// A commune with villages "Thôn Đông" and "Xóm Tây", a team, and one kept member.
fn commune() -> Commune {
    let mut store = Store::open_in_memory().unwrap();
    store.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let east = add(
        &mut store,
        "village",
        json!({"name": "Thôn Đông", "village_type": "thon"}),
    );
    add(
        &mut store,
        "village",
        json!({"name": "Xóm Tây", "village_type": "thon"}),
    );
    let team = add(
        &mut store,
        "team",
        json!({"name": "Tổ Đông", "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
    );
    add(
        &mut store,
        "member",
        json!({"team_id": team, "full_name": "Hoàng Văn Em", "role": "to_vien", "sex": "nam",
               "birth_date": "1985"}),
    );
    Commune {
        store,
        team,
        east,
        dir: tempfile::tempdir().unwrap(),
    }
}

fn options(team: Option<&str>, dry_run: bool) -> MemberImportOptions {
    MemberImportOptions {
        team: team.map(str::to_string),
        dry_run,
        today: Some(today()),
        ..Default::default()
    }
}

/// The list a commune keeps: two title rows, "Năm sinh" merged over "Nam" | "Nữ",
/// the other headers merged down over both rows, a numbering row, then members, then
/// the signatures.
fn typical_list(path: &Path) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.merge_range(0, 0, 0, 7, "CÔNG AN XÃ ĐÔNG HƯNG", &bold)
        .unwrap();
    ws.merge_range(
        1,
        0,
        1,
        7,
        "DANH SÁCH THÀNH VIÊN TỔ BẢO VỆ AN NINH, TRẬT TỰ",
        &bold,
    )
    .unwrap();
    for (col, title) in [
        (0, "STT"),
        (1, "Họ và tên"),
        (4, "Số CCCD/CMND"),
        (5, "Thôn, tổ dân phố"),
        (6, "Chức vụ"),
        (7, "Ngày vào tổ"),
    ] {
        ws.merge_range(3, col, 4, col, title, &bold).unwrap();
    }
    ws.merge_range(3, 2, 3, 3, "Năm sinh", &bold).unwrap();
    ws.write_string(4, 2, "Nam").unwrap();
    ws.write_string(4, 3, "Nữ").unwrap();
    for c in 0..8u16 {
        ws.write_string(5, c, format!("({})", c + 1)).unwrap();
    }
    // Row 7 (Excel): a bare year in the "Nam" column, a text CCCD, a real date.
    ws.write_number(6, 0, 1).unwrap();
    ws.write_string(6, 1, "Nguyễn Văn An").unwrap();
    ws.write_number(6, 2, 1990).unwrap();
    ws.write_string(6, 4, "001090012345").unwrap();
    ws.write_string(6, 5, "Thôn Đông").unwrap();
    ws.write_string(6, 6, "Tổ trưởng").unwrap();
    ws.write_datetime_with_format(6, 7, ExcelDateTime::from_ymd(2024, 7, 1).unwrap(), &date)
        .unwrap();
    // Row 8: an NFD name, dd/mm/yyyy text in "Nữ", a CCCD that a number cell lost
    // its two leading zeros from, the village without diacritics, a serial date.
    ws.write_number(7, 0, 2).unwrap();
    ws.write_string(7, 1, "Tra\u{302}\u{300}n Thi\u{323} Bi\u{300}nh")
        .unwrap();
    ws.write_string(7, 3, "12/05/1995").unwrap();
    ws.write_number(7, 4, 1_195_012_346.0).unwrap();
    ws.write_string(7, 5, "thon dong").unwrap();
    ws.write_number(7, 7, 45_474.0).unwrap(); // 01/07/2024
                                              // Row 9: birth as an Excel date cell.
    ws.write_number(8, 0, 3).unwrap();
    ws.write_string(8, 1, "Phạm Văn Cường").unwrap();
    ws.write_datetime_with_format(8, 2, ExcelDateTime::from_ymd(1988, 3, 4).unwrap(), &date)
        .unwrap();
    ws.write_string(8, 5, "Xóm Tây").unwrap();
    // A post that reads like a signature ("Chủ tịch …") beside a name is a member.
    ws.write_string(8, 6, "Chủ tịch Hội Nông dân").unwrap();
    // Row 10: under 18.
    ws.write_string(9, 1, "Lê Văn Dũng").unwrap();
    ws.write_number(9, 2, 2010).unwrap();
    // Row 11: an ID number that is no ID number.
    ws.write_string(10, 1, "Vũ Thị Giang").unwrap();
    ws.write_number(10, 3, 1992).unwrap();
    ws.write_string(10, 4, "12345").unwrap();
    // Row 12: a village the commune does not have.
    ws.write_string(11, 1, "Đỗ Văn Hải").unwrap();
    ws.write_number(11, 2, 1980).unwrap();
    ws.write_string(11, 5, "Thôn Nam").unwrap();
    // Row 13: the member already kept (born "1985"; the list gives the day).
    ws.write_string(12, 1, "HOÀNG VĂN EM").unwrap();
    ws.write_string(12, 2, "04/03/1985").unwrap();
    // Row 14: the CCCD of row 7 again.
    ws.write_string(13, 1, "Nguyễn Văn Anh").unwrap();
    ws.write_number(13, 2, 1991).unwrap();
    ws.write_string(13, 4, "001 090 012 345").unwrap();
    // Row 15: no name.
    ws.write_number(14, 2, 1979).unwrap();
    ws.write_string(14, 5, "Thôn Đông").unwrap();
    // Signatures: the table has ended.
    ws.write_string(16, 5, "Đông Hưng, ngày 01 tháng 12 năm 2026")
        .unwrap();
    ws.write_string(17, 1, "Người lập biểu").unwrap();
    ws.write_string(20, 1, "Nguyễn Thị Ký").unwrap();
    book.save(path).unwrap();
}

fn problem_fields(import: &MemberImport) -> Vec<(usize, &str)> {
    import
        .problems
        .iter()
        .map(|p| (p.row, p.field.as_str()))
        .collect()
}

#[test]
fn a_typical_list_is_read_under_its_titles_and_each_bad_row_is_named() {
    let mut c = commune();
    let path = c.dir.path().join("danh-sach.xlsx");
    typical_list(&path);
    let before = c.store.digest(None).unwrap();
    let team = c.team.clone();

    let dry = c
        .store
        .import_members(&path, &options(Some(&team), true))
        .unwrap();
    assert_eq!(dry.read.header_row, 4);
    assert_eq!(dry.rows, 9, "{:#?}", dry.preview);
    assert_eq!(dry.imported, 3);
    assert_eq!(
        problem_fields(&dry),
        vec![
            (10, "birth_date"),
            (11, "id_number"),
            (12, "village_id"),
            (13, "full_name"),
            (14, "id_number"),
            (15, "full_name"),
        ],
        "{:#?}",
        dry.problems
    );
    assert!(
        dry.problems[0].message.contains("18"),
        "{}",
        dry.problems[0].message
    );
    assert!(dry.problems[3].message.contains("Hoàng Văn Em"));
    assert!(dry.problems[4].message.contains("dòng 7"));
    assert_eq!(
        c.store.digest(None).unwrap(),
        before,
        "a dry run writes nothing"
    );

    let real = c
        .store
        .import_members(&path, &options(Some(&team), false))
        .unwrap();
    assert_eq!(real.imported, dry.imported);
    assert_eq!(
        real.problems, dry.problems,
        "the dry run says what the import does"
    );
    assert_ne!(c.store.digest(None).unwrap(), before);

    let members = c
        .store
        .list(
            "member",
            &crate::records::ListQuery::children_of("team_id", &team),
        )
        .unwrap();
    let find = |name: &str| {
        members
            .iter()
            .find(|m| m.text("full_name") == Some(name))
            .unwrap_or_else(|| panic!("{name} not imported"))
    };
    let an = find("Nguyễn Văn An");
    assert_eq!(an.text("birth_date"), Some("1990"));
    assert_eq!(an.text("sex"), Some("nam"));
    assert_eq!(an.text("role"), Some("to_truong"));
    assert_eq!(an.text("village_id"), Some(c.east.as_str()));
    assert_eq!(an.text("joined_date"), Some("2024-07-01"));
    let binh = find("Trần Thị Bình");
    assert_eq!(
        binh.text("birth_date"),
        Some("1995-05-12"),
        "dd/mm, never mm/dd"
    );
    assert_eq!(binh.text("sex"), Some("nu"), "the year in the Nữ column");
    assert_eq!(
        binh.text("id_number"),
        Some("001195012346"),
        "leading zeros back"
    );
    assert_eq!(
        binh.text("village_id"),
        Some(c.east.as_str()),
        "matched without diacritics"
    );
    assert_eq!(
        binh.text("joined_date"),
        Some("2024-07-01"),
        "serial day 45474"
    );
    let cuong = find("Phạm Văn Cường");
    assert_eq!(cuong.text("birth_date"), Some("1988-03-04"));
    assert_eq!(cuong.text("role"), Some("to_vien"));
    assert_eq!(cuong.text("posts_held"), Some("Chủ tịch Hội Nông dân"));
    assert!(members
        .iter()
        .all(|m| m.text("full_name") != Some("Nguyễn Thị Ký")));

    // Again: every good row is now a duplicate, and nothing more is written.
    let after = c.store.digest(None).unwrap();
    let again = c
        .store
        .import_members(&path, &options(Some(&team), false))
        .unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(c.store.digest(None).unwrap(), after);
}

#[test]
fn a_file_that_is_not_a_member_list_is_refused_and_nothing_changes() {
    let mut c = commune();
    let before = c.store.digest(None).unwrap();
    let team = c.team.clone();
    let cases: Vec<(PathBuf, Vec<u8>)> = vec![
        (
            c.dir.path().join("ghi-chu.csv"),
            "Ngày;Việc\n01/12/2026;Họp tổ\n".as_bytes().to_vec(),
        ),
        (
            c.dir.path().join("hong.xlsx"),
            b"PK\x03\x04 not really a workbook".to_vec(),
        ),
        (c.dir.path().join("anh.xls"), vec![0u8; 64]),
    ];
    for (path, bytes) in cases {
        std::fs::write(&path, bytes).unwrap();
        let e = c
            .store
            .import_members(&path, &options(Some(&team), false))
            .unwrap_err();
        assert_eq!(e.code(), "import_file", "{}: {e}", path.display());
        assert!(e.to_string().contains("Hồ sơ không bị thay đổi"), "{e}");
    }
    // A list with no team chosen and no team column.
    let path = c.dir.path().join("khong-to.csv");
    std::fs::write(
        &path,
        "Họ và tên,Năm sinh,Giới tính\nNguyễn Văn Sơn,1990,Nam\n",
    )
    .unwrap();
    let e = c
        .store
        .import_members(&path, &options(None, false))
        .unwrap_err();
    assert!(e.to_string().contains("--team"), "{e}");
    assert_eq!(c.store.digest(None).unwrap(), before);
}

#[test]
fn a_refused_row_inside_the_batch_takes_nothing_with_it() {
    // Every row has a problem: the transaction is not committed at all.
    let mut c = commune();
    let before = c.store.digest(None).unwrap();
    let r = c.import_file(
        "toan-loi.csv",
        "Họ và tên,Năm sinh,Giới tính\n,1990,Nam\nLê Văn Nhỏ,2012,Nam\n",
        false,
    );
    assert_eq!((r.rows, r.imported, r.problems.len()), (2, 0, 2));
    assert_eq!(c.store.digest(None).unwrap(), before);
}

/// Encodes Unicode text the way an old workbook typed in TCVN3 or VNI holds it (the
/// inverse of `to_unicode`, found by trying the codes: the tables themselves are
/// tested from the published layouts in `text::legacy`).
fn to_legacy(s: &str, enc: legacy::LegacyEncoding) -> String {
    let singles: Vec<char> = (0xA0u32..=0xFF).filter_map(char::from_u32).collect();
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                return c.to_string();
            }
            for &b in &singles {
                if legacy::to_unicode(&b.to_string(), enc) == c.to_string() {
                    return b.to_string();
                }
            }
            let lower = c.is_lowercase();
            let mut mods = singles.clone();
            // Lowercase letters take the lowercase tone codes, capitals the capitals.
            mods.sort_by_key(|m| m.is_lowercase() != lower);
            let bases: Vec<char> = "aeiouyAEIOUYdD"
                .chars()
                .chain(singles.iter().copied())
                .collect();
            for &base in &bases {
                for &m in &mods {
                    let pair = format!("{base}{m}");
                    if legacy::to_unicode(&pair, enc) == c.to_string() {
                        return pair;
                    }
                }
            }
            // TCVN3's .VnTime has no toned capitals: titles were typed in .VnTimeH,
            // whose bytes are the lowercase letters'.
            let small: String = c.to_lowercase().collect();
            if small != c.to_string() {
                return to_legacy(&small, enc);
            }
            panic!("{c} has no {enc:?} code")
        })
        .collect()
}

#[test]
fn hand_typed_legacy_text_reads_as_the_module_says() {
    assert_eq!(
        to_legacy("Nguyễn Văn A", legacy::LegacyEncoding::Tcvn3),
        "NguyÔn V¨n A"
    );
    assert_eq!(
        to_legacy("Nguyễn Văn A", legacy::LegacyEncoding::Vni),
        "Nguyeãn Vaên A"
    );
}

#[test]
fn a_workbook_typed_in_tcvn3_is_converted_header_and_all() {
    let mut c = commune();
    let path = c.dir.path().join("tcvn3.xlsx");
    let enc = legacy::LegacyEncoding::Tcvn3;
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, to_legacy("DANH SÁCH TỔ VIÊN", enc))
        .unwrap();
    for (col, h) in ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Thôn"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, col as u16, to_legacy(h, enc)).unwrap();
    }
    let people = [
        ("Nguyễn Văn Hùng", "Nam", "Thôn Đông"),
        ("Trần Thị Thư", "Nữ", "Xóm Tây"),
        ("Lê Đức Thắng", "Nam", "Thôn Đông"),
        ("Phạm Thị Hường", "Nữ", "Xóm Tây"),
    ];
    for (i, (name, sex, village)) in people.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, to_legacy(name, enc)).unwrap();
        ws.write_number(r, 2, 1980.0 + i as f64).unwrap();
        ws.write_string(r, 3, to_legacy(sex, enc)).unwrap();
        ws.write_string(r, 4, to_legacy(village, enc)).unwrap();
    }
    book.save(&path).unwrap();
    let team = c.team.clone();
    let r = c
        .store
        .import_members(&path, &options(Some(&team), false))
        .unwrap();
    assert_eq!(r.read.encoding, Some("TCVN3"));
    assert_eq!((r.rows, r.imported), (4, 4), "{:#?}", r.problems);
    let names: Vec<String> = r.preview.iter().map(|p| p.full_name.clone()).collect();
    assert_eq!(
        names,
        people.iter().map(|p| p.0.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(r.preview[1].sex, "Nữ");
    assert_eq!(r.preview[1].village, "Xóm Tây");
}

#[test]
fn a_vni_column_in_a_unicode_csv_is_converted_on_its_own() {
    let mut c = commune();
    let path = c.dir.path().join("vni.csv");
    let enc = legacy::LegacyEncoding::Vni;
    let mut csv = String::from("Danh sách thành viên\n\nHọ và tên;Năm sinh;Giới tính\n");
    for (name, year, sex) in [
        ("Nguyễn Văn Tuấn", 1980, "Nam"),
        ("Trần Thị Hồng", 1985, "Nữ"),
        ("Đặng Văn Lực", 1990, "Nam"),
    ] {
        csv.push_str(&format!("{};{year};{sex}\n", to_legacy(name, enc)));
    }
    std::fs::write(&path, csv).unwrap();
    let team = c.team.clone();
    let r = c
        .store
        .import_members(&path, &options(Some(&team), false))
        .unwrap();
    assert_eq!(r.read.encoding, Some("VNI"));
    assert_eq!(r.imported, 3, "{:#?}", r.problems);
    assert_eq!(r.preview[2].full_name, "Đặng Văn Lực");
}

#[test]
fn a_csv_typed_in_vntime_and_saved_as_bytes_is_converted() {
    // A list typed in the .VnTime font and saved as CSV: the font's own bytes. Read as
    // Windows-1258 some of them would turn into combining marks.
    let mut c = commune();
    let text = to_legacy(
        "Họ và tên;Ngày sinh;Giới tính;Thôn\n\
         Nguyễn Văn Hùng;12/03/1990;Nam;Thôn Đông\n\
         Trần Thị Hương;05/07/1992;Nữ;Thôn Đông\n\
         Lê Đình Tiến;01/01/1985;Nam;Thôn Đông\n",
        legacy::LegacyEncoding::Tcvn3,
    );
    let bytes: Vec<u8> = text
        .chars()
        .map(|ch| u8::try_from(u32::from(ch)).unwrap())
        .collect();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "8-bit bytes, not UTF-8"
    );
    let as_1258 = encoding_rs::WINDOWS_1258.decode(&bytes).0;
    assert_ne!(as_1258, text, "Windows-1258 reads these bytes otherwise");
    let r = c.import_file("vntime.csv", bytes, false);
    assert_eq!(r.read.encoding, Some("TCVN3"));
    assert_eq!(r.imported, 3, "{:#?} {:#?}", r.read.columns, r.problems);
    let names: Vec<&str> = r.preview.iter().map(|p| p.full_name.as_str()).collect();
    assert_eq!(names, ["Nguyễn Văn Hùng", "Trần Thị Hương", "Lê Đình Tiến"]);
    assert_eq!(r.preview[0].village, "Thôn Đông");
}

#[test]
fn a_csv_saved_in_windows_1258_is_decoded_and_normalised() {
    let mut c = commune();
    // "Nguyễn Văn Bảy" in Windows-1258: ê (0xEA) + combining tilde (0xDE), ă (0xE3),
    // a + combining hook (0xD2).
    let mut bytes = b"H\xF4\xCC ten,N\xE3m sinh,Gi\xF4\xECi ti\xCCnh\n".to_vec();
    bytes.extend_from_slice(b"Nguy\xEA\xDEn V\xE3n Ba\xD2y,1975,Nam\n");
    let r = c.import_file("ansi.csv", bytes, false);
    assert_eq!(r.imported, 1, "{:#?} {:#?}", r.read.columns, r.problems);
    let kept = &c
        .store
        .list(
            "member",
            &crate::records::ListQuery::children_of("team_id", &c.team),
        )
        .unwrap();
    let names: Vec<&str> = kept.iter().filter_map(|m| m.text("full_name")).collect();
    assert!(names.contains(&"Nguyễn Văn Bảy"), "{names:?}");
}

#[test]
fn the_clerk_can_say_what_a_column_holds() {
    let mut c = commune();
    let path = c.dir.path().join("la.csv");
    std::fs::write(
        &path,
        "Họ và tên,Ngày đẻ,Phái,Địa bàn\nNgô Văn Lâm,03/04/1970,Nam,Xóm Tây\nBùi Thị Mai,1999,Nữ,Thôn Đông\n",
    )
    .unwrap();
    let team = c.team.clone();
    let found = c
        .store
        .import_members(&path, &options(Some(&team), true))
        .unwrap();
    let targets: Vec<Option<Target>> = found.read.columns.iter().map(|c| c.target).collect();
    assert_eq!(
        targets,
        vec![Some(Target::FullName), None, Some(Target::Sex), None]
    );
    let mut o = options(Some(&team), false);
    o.mapping = Some(
        [
            columns::parse_correction("B=birth_date").unwrap(),
            columns::parse_correction("d=village").unwrap(),
        ]
        .into(),
    );
    let r = c.store.import_members(&path, &o).unwrap();
    assert_eq!(r.imported, 2, "{:#?}", r.problems);
    assert_eq!(r.preview[0].birth, "03/04/1970");
    assert_eq!(r.preview[0].village, "Xóm Tây");

    o.mapping = Some([(1, Some(Target::FullName))].into());
    let e = c.store.import_members(&path, &o).unwrap_err();
    assert!(e.to_string().contains("hai cột"), "{e}");
    o.mapping = Some([(0, None)].into());
    let e = c.store.import_members(&path, &o).unwrap_err();
    assert!(e.to_string().contains("chưa chọn cột họ và tên"), "{e}");
    o.mapping = Some([(7, None)].into());
    let e = c.store.import_members(&path, &o).unwrap_err();
    assert!(e.to_string().contains("không có cột H"), "{e}");
    assert!(columns::parse_correction("B=ngay_sinh").is_err());
    assert_eq!(columns::parse_correction("AB=-"), Ok((27, None)));
}

#[test]
fn a_team_column_sends_each_member_to_their_team_and_a_cccd_gives_the_sex() {
    let mut c = commune();
    let west = add(
        &mut c.store,
        "team",
        json!({"name": "Tổ xung kích Xóm Tây", "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
    );
    let path = c.dir.path().join("ca-xa.csv");
    std::fs::write(
        &path,
        "STT,Họ và tên,Số định danh,Tổ,Trình độ văn hóa,Đảng viên\n\
         1,Lý Văn Nam,001088012345,Tổ Đông,12/12,x\n\
         2,Lý Thị Hoa,001190012346,xom tay,9/12,\n\
         3,Lý Văn Sáu,001085012347,Tổ Bắc,,\n",
    )
    .unwrap();
    let r = c
        .store
        .import_members(&path, &options(None, false))
        .unwrap();
    assert_eq!(r.imported, 2, "{:#?}", r.problems);
    assert_eq!(problem_fields(&r), vec![(4, "team_id")]);
    let hoa = c
        .store
        .list(
            "member",
            &crate::records::ListQuery::children_of("team_id", &west),
        )
        .unwrap();
    assert_eq!(hoa.len(), 1);
    assert_eq!(hoa[0].text("sex"), Some("nu"), "the CCCD's 4th digit");
    assert_eq!(hoa[0].text("education"), Some("thcs"));
    let nam = c
        .store
        .list(
            "member",
            &crate::records::ListQuery::children_of("team_id", &c.team),
        )
        .unwrap()
        .into_iter()
        .find(|m| m.text("full_name") == Some("Lý Văn Nam"))
        .unwrap();
    assert_eq!(nam.text("education"), Some("thpt"));
    assert_eq!(nam.fields["party_member"], json!(true));
}

#[test]
fn a_receiving_unit_cannot_import_members() {
    let mut store = Store::open_in_memory().unwrap();
    store.init(Role::Receiver, UnitSet::Y2008, "001").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    std::fs::write(&path, "Họ và tên,Năm sinh\nA B,1990\n").unwrap();
    let e = store
        .import_members(&path, &MemberImportOptions::default())
        .unwrap_err();
    assert_eq!(e.code(), "commune_only");
}

#[test]
fn header_names_are_matched_loosely() {
    use columns::match_header as m;
    assert_eq!(m("Họ và tên"), Some(Target::FullName));
    assert_eq!(m("HỌ TÊN"), Some(Target::FullName));
    assert_eq!(m("Họ và tên đệm"), Some(Target::FamilyName));
    assert_eq!(m("Tên"), Some(Target::GivenName));
    assert_eq!(m("Ngày, tháng, năm sinh"), Some(Target::BirthDate));
    assert_eq!(m("Năm\nsinh"), Some(Target::BirthDate));
    assert_eq!(m("Số CCCD/CMND"), Some(Target::IdNumber));
    assert_eq!(m("Số định danh cá nhân"), Some(Target::IdNumber));
    assert_eq!(m("Tổ dân phố"), Some(Target::Village));
    assert_eq!(m("Thôn, xóm"), Some(Target::Village));
    assert_eq!(m("Địa chỉ thường trú"), Some(Target::Address));
    assert_eq!(m("Chức vụ"), Some(Target::Role));
    assert_eq!(m("Điện thoại"), Some(Target::Phone));
    assert_eq!(m("SĐT"), Some(Target::Phone));
    assert_eq!(m("Ngày vào Tổ"), Some(Target::JoinedDate));
    assert_eq!(m("Tổ"), Some(Target::Team));
    assert_eq!(m("Ghi chú"), Some(Target::Note));
    assert_eq!(m("Số tiền"), None);
}

#[test]
fn dates_are_read_day_first_as_serials_or_bare_years() {
    use crate::dates::PartialDate;
    use values::partial_date as d;
    let day = |y, m, dd| {
        Some(PartialDate::Full(
            NaiveDate::from_ymd_opt(y, m, dd).unwrap(),
        ))
    };
    assert_eq!(d(&Cell::Text("05/04/1990".into())), Ok(day(1990, 4, 5)));
    assert_eq!(d(&Cell::Text("5-4-1990".into())), Ok(day(1990, 4, 5)));
    assert_eq!(d(&Cell::Number(1990.0)), Ok(Some(PartialDate::Year(1990))));
    assert_eq!(
        d(&Cell::Text("1990".into())),
        Ok(Some(PartialDate::Year(1990)))
    );
    assert_eq!(d(&Cell::Number(32_968.0)), Ok(day(1990, 4, 5)));
    assert!(
        d(&Cell::Text("04/25/1990".into())).is_err(),
        "month first is refused"
    );
    assert!(d(&Cell::Number(1990.5)).is_err());
    assert_eq!(d(&Cell::Empty), Ok(None));
}

/// An old-format workbook (`.xls`, BIFF8), made once with LibreOffice from a CSV
/// (`soffice --infilter=CSV:59,34,76,1 --convert-to xls`): a title row, a date cell, a
/// day-first text date, a bare year, a member under 18.
#[test]
fn an_xls_workbook_is_read_like_an_xlsx() {
    let mut c = commune();
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/danh-sach-to-vien.xls");
    let team = c.team.clone();
    let r = c
        .store
        .import_members(&path, &options(Some(&team), false))
        .unwrap();
    assert_eq!(
        (r.read.header_row, r.rows, r.imported),
        (3, 4, 3),
        "{:#?}",
        r.problems
    );
    assert_eq!(problem_fields(&r), vec![(7, "birth_date")]);
    let births: Vec<&str> = r.preview.iter().map(|p| p.birth.as_str()).collect();
    assert_eq!(births, vec!["04/03/1988", "25/05/1995", "1979", "2012"]);
    assert_eq!(r.preview[1].village, "Xóm Tây");
    assert_eq!(r.preview[0].id_number, "001088012399");
}

#[test]
fn a_row_the_form_refuses_is_no_original_for_a_later_row() {
    // Row 2 reads well but the form refuses its phone number; row 3 is the same person
    // with the number put right: it is taken, not called a duplicate of a row that
    // was never taken. Row 2's remarks are not listed as warnings of a member taken.
    let mut c = commune();
    let r = c.import_file(
        "sua-so-dien-thoai.csv",
        "Họ và tên,Ngày sinh,Giới tính,Điện thoại\n\
         Phạm Văn Sửa,12/03/1990,Nam,12345\n\
         Phạm Văn Sửa,12/03/1990,Nam,0912345678\n",
        false,
    );
    assert_eq!(problem_fields(&r), vec![(2, "phone")], "{:#?}", r.problems);
    assert_eq!(r.imported, 1);
    assert!(r.warnings.iter().all(|w| w.row != 2), "{:#?}", r.warnings);
    assert_eq!(
        r.preview.iter().map(|p| (p.row, p.ok)).collect::<Vec<_>>(),
        vec![(2, false), (3, true)]
    );
}

#[test]
fn the_list_is_read_from_the_sheet_asked_for_else_the_first_that_has_one() {
    let mut c = commune();
    let path = c.dir.path().join("theo-thon.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("Ghi chú")
        .unwrap()
        .write_string(0, 0, "Danh sách các tổ, mỗi thôn một trang")
        .unwrap();
    for (sheet, name) in [
        ("Thôn Đông", "Nguyễn Văn Đông"),
        ("Xóm Tây", "Trần Văn Tây"),
    ] {
        let ws = book.add_worksheet().set_name(sheet).unwrap();
        for (col, header) in ["Họ và tên", "Năm sinh", "Giới tính"].iter().enumerate() {
            ws.write_string(0, col as u16, *header).unwrap();
        }
        ws.write_string(1, 0, name).unwrap();
        ws.write_number(1, 1, 1980).unwrap();
        ws.write_string(1, 2, "Nam").unwrap();
    }
    book.save(&path).unwrap();
    let team = c.team.clone();
    let on = |sheet: Option<&str>| MemberImportOptions {
        sheet: sheet.map(str::to_string),
        ..options(Some(&team), true)
    };

    let first = c.store.import_members(&path, &on(None)).unwrap();
    assert_eq!(first.read.sheet, "Thôn Đông");
    assert_eq!(first.read.sheets, ["Ghi chú", "Thôn Đông", "Xóm Tây"]);
    assert_eq!(first.preview[0].full_name, "Nguyễn Văn Đông");
    let west = c.store.import_members(&path, &on(Some("Xóm Tây"))).unwrap();
    assert_eq!(west.read.sheet, "Xóm Tây");
    assert_eq!(west.preview[0].full_name, "Trần Văn Tây");

    let before = c.store.digest(None).unwrap();
    let e = c
        .store
        .import_members(&path, &on(Some("Ghi chú")))
        .unwrap_err();
    assert_eq!(e.code(), "import_file");
    assert!(e.to_string().contains("không có dòng tiêu đề"), "{e}");
    let e = c
        .store
        .import_members(&path, &on(Some("Thôn Bắc")))
        .unwrap_err();
    assert!(e.to_string().contains("Ghi chú, Thôn Đông, Xóm Tây"), "{e}");
    assert_eq!(c.store.digest(None).unwrap(), before);
}
