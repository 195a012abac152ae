//! 6. A commune's old member list imported (issue 17): a workbook of `rows` members
//!    under title rows, read, checked and written, as a dry run and for real, against
//!    the same members written one by one through the form's path (`Store::create`,
//!    each its own transaction, as the window saves a form). Each run starts from a
//!    fresh database file with the commune's villages and a team.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rust_xlsxwriter::Workbook;
use serde_json::{json, Map, Value as Json};
use xungkich::import::MemberImportOptions;
use xungkich::installation::Role;
use xungkich::units::UnitSet;
use xungkich::Store;

const VILLAGES: [&str; 8] = [
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Nam",
    "Thôn Bắc",
    "Xóm Trại",
    "Xóm Chùa",
    "Tổ dân phố 1",
    "Tổ dân phố 2",
];
const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quang"];
const GIVEN: [&str; 10] = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hùng", "Lan", "Mai", "Sơn",
];

/// One member of the list: name, birth day (dd/mm/yyyy), sex, CCCD, village.
fn member(i: usize) -> (String, String, &'static str, String, &'static str) {
    let name = format!(
        "{} {} {} {}",
        FAMILY[i % 8],
        MIDDLE[(i / 8) % 6],
        GIVEN[(i / 48) % 10],
        i + 1
    );
    let year = 1960 + (i % 45);
    let birth = format!("{:02}/{:02}/{year}", 1 + i % 28, 1 + i % 12);
    let female = i % 3 == 0;
    let sex = if female { "Nữ" } else { "Nam" };
    let century = (if year >= 2000 { 2 } else { 0 }) + usize::from(female);
    let id = format!("001{century}{:02}{:06}", year % 100, i);
    (name, birth, sex, id, VILLAGES[i % 8])
}

fn write_list(path: &Path, rows: usize) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "DANH SÁCH THÀNH VIÊN TỔ BẢO VỆ AN NINH, TRẬT TỰ")
        .unwrap();
    for (c, h) in [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Số CCCD",
        "Thôn",
        "Chức vụ",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        let (name, birth, sex, id, village) = member(i);
        let r = 3 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, &name).unwrap();
        ws.write_string(r, 2, &birth).unwrap();
        ws.write_string(r, 3, sex).unwrap();
        ws.write_string(r, 4, &id).unwrap();
        ws.write_string(r, 5, village).unwrap();
        ws.write_string(r, 6, "Tổ viên").unwrap();
    }
    book.save(path).unwrap();
}

/// A fresh commune database with the villages and one team; returns it and the team.
fn fresh_commune(path: &Path) -> (Store, String) {
    let _ = std::fs::remove_file(path);
    let mut store = Store::open(path).unwrap();
    store.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    for v in VILLAGES {
        store
            .create(
                "village",
                &fields(json!({"name": v, "village_type": "thon"})),
            )
            .unwrap();
    }
    let team = store
        .create(
            "team",
            &fields(
                json!({"name": "Tổ Đông", "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
            ),
        )
        .unwrap()
        .id;
    (store, team)
}

fn fields(v: Json) -> Map<String, Json> {
    match v {
        Json::Object(m) => m,
        _ => unreachable!(),
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

pub fn bench_member_import(out: &Path, rows: usize) {
    let dir = out.join("member-import");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let list: PathBuf = dir.join("danh-sach.xlsx");
    write_list(&list, rows);
    let db = dir.join("xa.db");
    let runs = 3;

    let mut dry = Vec::new();
    let mut real = Vec::new();
    let mut form = Vec::new();
    for _ in 0..runs {
        let (mut store, team) = fresh_commune(&db);
        let options = MemberImportOptions {
            team: Some(team.clone()),
            dry_run: true,
            ..Default::default()
        };
        let t = Instant::now();
        let r = store.import_members(&list, &options).unwrap();
        dry.push(t.elapsed());
        assert_eq!(
            (r.rows, r.imported),
            (rows, rows),
            "{:?}",
            r.problems.first()
        );

        let t = Instant::now();
        let r = store
            .import_members(
                &list,
                &MemberImportOptions {
                    dry_run: false,
                    ..options
                },
            )
            .unwrap();
        real.push(t.elapsed());
        assert_eq!(r.imported, rows);
        drop(store);

        // The form's path: the same members, one save each.
        let (mut store, team) = fresh_commune(&db);
        let t = Instant::now();
        for i in 0..rows {
            let (name, birth, sex, id, _) = member(i);
            store
                .create(
                    "member",
                    &fields(json!({"team_id": team, "full_name": name, "birth_date": birth,
                        "sex": if sex == "Nam" { "nam" } else { "nu" }, "id_number": id, "role": "to_vien"})),
                )
                .unwrap();
        }
        form.push(t.elapsed());
    }
    let (dry, real, form) = (median(dry), median(real), median(form));
    let s = |d: Duration| d.as_secs_f64();
    println!(
        "| `import-members`, a {rows}-row .xlsx ({} KiB), median of {runs} | dry run {:.2} s; import {:.2} s (goal < 2 s) | the same members through the form's path, one save each: {:.2} s | dry run {:.2} ×, import {:.2} × form |",
        std::fs::metadata(&list).map(|m| m.len() / 1024).unwrap_or(0),
        s(dry),
        s(real),
        s(form),
        s(dry) / s(form),
        s(real) / s(form)
    );
}
