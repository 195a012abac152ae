//! A training's roll from a workbook: members found by ID number, else by name and
//! birth date; a stranger, a name two members share and a row repeated are problems;
//! a dry run writes nothing, a second import changes only what the file changed.

use serde_json::json;

use super::*;
use crate::installation::Role;
use crate::units::UnitSet;

use crate::test_support::add;

/// The training's roll: each member's result by the member's id.
fn results(store: &Store, training: &str) -> std::collections::HashMap<String, String> {
    store
        .list(
            "training_attendance",
            &crate::records::ListQuery::children_of("training_id", training),
        )
        .unwrap()
        .into_iter()
        .filter_map(|r| {
            Some((
                r.text("member_id")?.to_string(),
                r.text("result")?.to_string(),
            ))
        })
        .collect()
}

#[test]
fn a_roll_is_matched_by_id_number_else_by_name_and_birth_date() {
    let mut store = Store::open_in_memory().unwrap();
    store.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let team = add(
        &mut store,
        "team",
        json!({"name": "Tổ Đông", "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
    );
    let member = |store: &mut Store, name: &str, birth: &str, sex: &str, id: Option<&str>| {
        add(
            store,
            "member",
            json!({"team_id": team, "full_name": name, "role": "to_vien", "sex": sex,
                   "birth_date": birth, "id_number": id}),
        )
    };
    let an = member(
        &mut store,
        "Nguyễn Văn An",
        "12/05/1990",
        "nam",
        Some("001090012345"),
    );
    let binh = member(&mut store, "Trần Thị Bình", "03/04/1995", "nu", None);
    member(&mut store, "Lê Văn Cường", "01/02/1980", "nam", None);
    member(&mut store, "Lê Văn Cường", "09/10/1980", "nam", None);
    let training = add(
        &mut store,
        "training",
        json!({"title": "Tập huấn nghiệp vụ 2026", "start_date": "01/03/2026"}),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("danh-sach-du.csv");
    std::fs::write(
        &path,
        "DANH SÁCH HỌC VIÊN\nSTT;Họ và tên;Năm sinh;Số CCCD;Kết quả\n\
         1;Nguyen Van An;;001 090 012 345;Đạt\n\
         2;TRẦN THỊ BÌNH;1995;;Vắng\n\
         3;Lê Văn Cường;1980;;Đạt\n\
         4;Phan Văn Lạ;1970;;Đạt\n\
         5;Trần Thị Bình;03/04/1995;;Đạt\n\
         6;Lê Văn Cường;09/10/1980;;Giỏi\n",
    )
    .unwrap();
    let before = store.digest(None).unwrap();
    let dry = store
        .import_roll(
            &path,
            &training,
            &RollImportOptions {
                dry_run: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((dry.rows, dry.added), (6, 3), "{:#?}", dry.problems);
    let rows: Vec<(usize, &str)> = dry
        .problems
        .iter()
        .map(|p| (p.row, p.field.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![(5, "member_id"), (6, "member_id"), (7, "member_id")],
        "{:#?}",
        dry.problems
    );
    assert!(
        dry.problems[0].message.contains("có 2 thành viên"),
        "{}",
        dry.problems[0].message
    );
    assert!(dry.problems[1].message.contains("không có thành viên"));
    assert!(dry.problems[2].message.contains("dòng 4"));
    assert_eq!(dry.preview[0].member, "Nguyễn Văn An (Tổ Đông)");
    assert_eq!(dry.preview[1].result, "Vắng");
    assert_eq!(
        store.digest(None).unwrap(),
        before,
        "a dry run writes nothing"
    );

    let real = store
        .import_roll(&path, &training, &RollImportOptions::default())
        .unwrap();
    assert_eq!((real.added, real.updated, real.unchanged), (3, 0, 0));
    let roll = results(&store, &training);
    let result_of = |id: &str| roll.get(id).map(String::as_str);
    assert_eq!(result_of(&an), Some("dat"));
    assert_eq!(result_of(&binh), Some("vang"));

    // The same roll again changes nothing; a corrected result is one update.
    let after = store.digest(None).unwrap();
    let again = store
        .import_roll(&path, &training, &RollImportOptions::default())
        .unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(store.digest(None).unwrap(), after);
    std::fs::write(
        &path,
        "Họ và tên;Ngày sinh;Kết quả\nTrần Thị Bình;03/04/1995;Đạt\n",
    )
    .unwrap();
    let fixed = store
        .import_roll(&path, &training, &RollImportOptions::default())
        .unwrap();
    assert_eq!((fixed.added, fixed.updated), (0, 1));

    // A training that does not exist, and a file that is no list.
    let e = store
        .import_roll(&path, "khong-co", &RollImportOptions::default())
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    std::fs::write(&path, "Ngày;Việc\n").unwrap();
    let e = store
        .import_roll(&path, &training, &RollImportOptions::default())
        .unwrap_err();
    assert_eq!(e.code(), "import_file");
}

#[test]
fn a_roll_without_results_keeps_those_recorded_and_an_id_that_differs_is_no_match() {
    let mut store = Store::open_in_memory().unwrap();
    store.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    let team = add(
        &mut store,
        "team",
        json!({"name": "Tổ Tây", "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
    );
    let an = add(
        &mut store,
        "member",
        json!({"team_id": team, "full_name": "Nguyễn Văn An", "role": "to_vien", "sex": "nam",
               "birth_date": "12/05/1990", "id_number": "001090012345"}),
    );
    let ba = add(
        &mut store,
        "member",
        json!({"team_id": team, "full_name": "Đỗ Văn Ba", "role": "to_vien", "sex": "nam",
               "birth_date": "01/01/1985"}),
    );
    let training = add(
        &mut store,
        "training",
        json!({"title": "Tập huấn 2026", "start_date": "01/03/2026"}),
    );
    add(
        &mut store,
        "training_attendance",
        json!({"training_id": training, "member_id": an, "result": "khong_dat"}),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diem-danh.csv");

    // Who came, without a result column: Ba is added as attended, An keeps "Không đạt".
    std::fs::write(
        &path,
        "Họ và tên;Ngày sinh\nNguyễn Văn An;12/05/1990\nĐỗ Văn Ba;01/01/1985\n",
    )
    .unwrap();
    let r = store
        .import_roll(&path, &training, &RollImportOptions::default())
        .unwrap();
    assert_eq!(
        (r.added, r.updated, r.unchanged),
        (1, 0, 1),
        "{:#?}",
        r.problems
    );
    let roll = results(&store, &training);
    let result_of = |id: &str| roll.get(id).map(String::as_str);
    assert_eq!(result_of(&an), Some("khong_dat"));
    assert_eq!(result_of(&ba), Some("dat"));

    // An's name and birth date, with another ID number; a birth date that cannot be
    // read; a name alone that no member bears.
    std::fs::write(
        &path,
        "Họ và tên;Ngày sinh;Số CCCD;Kết quả\n\
         Nguyễn Văn An;12/05/1990;001090099999;Đạt\n\
         Đỗ Văn Ba;31/02/1985;;Đạt\n\
         Hoàng Văn Lạ;;;Đạt\n",
    )
    .unwrap();
    let before = store.digest(None).unwrap();
    let r = store
        .import_roll(&path, &training, &RollImportOptions::default())
        .unwrap();
    assert_eq!((r.added, r.updated), (0, 0));
    let found: Vec<(usize, &str)> = r
        .problems
        .iter()
        .map(|p| (p.row, p.field.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![(2, "id_number"), (3, "birth_date"), (4, "member_id")],
        "{:#?}",
        r.problems
    );
    assert!(r.problems[0].message.contains("001090099999"));
    assert!(
        !r.problems[2].message.contains("ngày sinh"),
        "no birth date was given: {}",
        r.problems[2].message
    );
    assert_eq!(store.digest(None).unwrap(), before);
}
