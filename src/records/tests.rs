use serde_json::json;

use super::*;
use crate::installation::Role;
use crate::units::UnitSet;

pub(super) fn commune() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    s
}

pub(super) fn fields(v: Json) -> Fields {
    match v {
        Json::Object(m) => m,
        _ => panic!("object expected"),
    }
}

fn village(s: &mut Store, name: &str) -> String {
    s.create(
        "village",
        &fields(json!({"name": name, "village_type": "thon"})),
    )
    .unwrap()
    .id
}

pub(super) fn team(s: &mut Store, name: &str) -> String {
    s.create(
        "team",
        &fields(json!({"name": name, "model_type": "to_bao_ve_antt", "status": "hoat_dong"})),
    )
    .unwrap()
    .id
}

fn member(s: &mut Store, team: &str, name: &str) -> Saved {
    s.create(
        "member",
        &fields(json!({"team_id": team, "full_name": name, "sex": "nam", "role": "to_vien"})),
    )
    .unwrap()
}

/// Everything a refused write could have touched.
fn snapshot(s: &Store) -> (crate::digest::Digest, i64, i64, i64) {
    let conn = s.conn();
    let audit: i64 = conn
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let (hlc, seq) = conn
        .query_row("SELECT hlc_last, seq_last FROM installation", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    (s.digest(None).unwrap(), audit, hlc, seq)
}

#[test]
fn catalogue_matches_the_tables_exactly() {
    let s = Store::open_in_memory().unwrap();
    for kind in crate::kinds::ALL {
        let mut stmt = s
            .conn()
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .unwrap();
        let columns: Vec<String> = stmt
            .query_map([kind.table], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut expected: Vec<String> = ["id", "owner", "hlc", "origin", "seq", "deleted"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // Fields added by a later migration come after the search columns (SQLite adds
        // a column at the end), so the search columns are compared apart.
        let derived = ["search_text", "sort_key"];
        let (search, columns): (Vec<String>, Vec<String>) = columns
            .into_iter()
            .partition(|c| derived.contains(&c.as_str()));
        expected.extend(kind.fields.iter().map(|f| f.name.to_string()));
        assert_eq!(columns, expected, "table {}", kind.table);
        let want: Vec<&str> = if kind.searchable {
            derived.to_vec()
        } else {
            vec![]
        };
        assert_eq!(search, want, "table {}", kind.table);
    }
}

#[test]
fn writes_need_an_initialised_installation() {
    let mut s = Store::open_in_memory().unwrap();
    let err = s
        .create(
            "village",
            &fields(json!({"name": "Thôn 1", "village_type": "thon"})),
        )
        .unwrap_err();
    assert!(matches!(err, Error::NotInitialised));
}

#[test]
fn a_created_record_carries_the_sync_columns_and_nfc_text() {
    let mut s = commune();
    let inst = s.installation().unwrap();
    let id = s
        .create(
            "village",
            &fields(json!({"name": "  Tho\u{0302}n  \u{0110}o\u{0302}ng Ho\u{0300}a ", "village_type": "Thôn", "households": "1.250"})),
        )
        .unwrap()
        .id;
    let r = s.get("village", &id).unwrap();
    assert_eq!(r.text("name"), Some("Thôn Đông Hòa"));
    assert_eq!(r.text("village_type"), Some("thon"));
    assert_eq!(r.int("households"), Some(1250));
    assert_eq!(r.owner, "00001");
    assert_eq!(r.origin, inst.installation_id);
    assert_eq!(r.seq, 1);
    assert!(r.hlc > 0);
    assert!(!r.deleted);
    // Owner-bound (issue 11): see `records::ids`.
    assert_eq!(uuid::Uuid::parse_str(&r.id).unwrap().get_version_num(), 8);
    assert_eq!(super::ids::bound_to(&r.id, "00001"), Some(true));
}

#[test]
fn a_refused_form_names_every_problem_and_changes_nothing() {
    let mut s = commune();
    let t = team(&mut s, "Tổ bảo vệ ANTT thôn 1");
    let before = snapshot(&s);
    let err = s
        .create(
            "member",
            &fields(json!({
                "team_id": t, "full_name": "", "sex": "khác", "role": "to_vien",
                "birth_date": "31/02/1980", "phone": "12345", "nickname": "x"
            })),
        )
        .unwrap_err();
    let Error::Invalid(problems) = err else {
        panic!("{err:?}")
    };
    let fields_named: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    for f in ["full_name", "sex", "birth_date", "phone", "nickname"] {
        assert!(
            fields_named.contains(&f),
            "{f} missing from {fields_named:?}"
        );
    }
    assert!(problems.iter().all(|p| !p.message.is_empty()));
    assert_eq!(
        snapshot(&s),
        before,
        "a refused save leaves the database as it was"
    );
}

#[test]
fn a_reference_to_a_missing_or_deleted_record_is_refused() {
    let mut s = commune();
    let missing = uuid::Uuid::now_v7().to_string();
    let err = s
        .create(
            "member",
            &fields(json!({"team_id": missing, "full_name": "A", "sex": "nam", "role": "to_vien"})),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::Invalid(ref p) if p[0].field == "team_id"),
        "{err:?}"
    );
    let t = team(&mut s, "Tổ 1");
    s.delete("team", &t).unwrap();
    let err = s
        .create(
            "member",
            &fields(json!({"team_id": t, "full_name": "A", "sex": "nam", "role": "to_vien"})),
        )
        .unwrap_err();
    assert!(err.to_string().contains("đã bị xóa"), "{err}");
}

#[test]
fn updates_bump_the_clock_and_log_the_difference() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    let m = member(&mut s, &t, "Nguyễn Văn An").id;
    let before = s.get("member", &m).unwrap();
    s.update(
        "member",
        &m,
        &fields(json!({"phone": "0912.345.678", "occupation": "Làm ruộng"})),
    )
    .unwrap();
    let after = s.get("member", &m).unwrap();
    assert_eq!(after.text("phone"), Some("0912345678"));
    assert!(after.hlc > before.hlc && after.seq > before.seq);
    let history = s.history(&m).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].action, "update");
    // A phone number is logged as changed, without its value (src/audit).
    assert_eq!(
        history[1].changes,
        json!({"occupation": [null, "Làm ruộng"], "phone": {"masked": "đã thay đổi"}})
    );
    // Saving the same value again writes nothing.
    s.update("member", &m, &fields(json!({"phone": "0912 345 678"})))
        .unwrap();
    assert_eq!(s.get("member", &m).unwrap().seq, after.seq);
    assert_eq!(s.history(&m).unwrap().len(), 2);
}

#[test]
fn role_and_status_changes_keep_their_history() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    let m = member(&mut s, &t, "Nguyễn Văn An").id;
    s.update("member", &m, &fields(json!({"role": "to_truong"})))
        .unwrap();
    let roles = s
        .list("member_role", &ListQuery::children_of("member_id", &m))
        .unwrap();
    assert_eq!(roles.len(), 2);
    let open: Vec<_> = roles
        .iter()
        .filter(|r| r.fields["to_date"].is_null())
        .collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].text("role"), Some("to_truong"));
    s.update("team", &t, &fields(json!({"status": "tam_dung"})))
        .unwrap();
    let statuses = s
        .list("team_status", &ListQuery::children_of("team_id", &t))
        .unwrap();
    let codes: Vec<_> = statuses.iter().filter_map(|r| r.text("status")).collect();
    assert_eq!(statuses.len(), 2, "{codes:?}");
    assert!(codes.contains(&"tam_dung") && codes.contains(&"hoat_dong"));
}

#[test]
fn deleting_a_team_tombstones_what_needs_it_and_clears_optional_links() {
    let mut s = commune();
    let v = village(&mut s, "Thôn 1");
    let t = team(&mut s, "Tổ 1");
    s.create(
        "team_village",
        &fields(json!({"team_id": t, "village_id": v})),
    )
    .unwrap();
    let m = member(&mut s, &t, "Nguyễn Văn An").id;
    s.update("member", &m, &fields(json!({"village_id": v})))
        .unwrap();
    let preview = s.delete_preview("team", &t).unwrap();
    assert!(
        preview.iter().any(|(k, n)| k == "thành viên" && *n == 1),
        "{preview:?}"
    );
    // team + its status history + the link + member + role history
    assert_eq!(s.delete("team", &t).unwrap(), 5);
    assert!(s.get("member", &m).unwrap().deleted);
    assert!(
        !s.get("village", &v).unwrap().deleted,
        "villages outlive teams"
    );
    // Deleting the village only clears where members live.
    let t2 = team(&mut s, "Tổ 2");
    let m2 = member(&mut s, &t2, "Trần Thị Bình").id;
    s.update("member", &m2, &fields(json!({"village_id": v})))
        .unwrap();
    s.delete("village", &v).unwrap();
    let m2 = s.get("member", &m2).unwrap();
    assert!(!m2.deleted);
    assert!(m2.fields["village_id"].is_null());
    // A deleted record is gone from lists but kept as a tombstone.
    assert!(s
        .list("team", &ListQuery::default())
        .unwrap()
        .iter()
        .all(|r| r.id != t));
    let all = ListQuery {
        include_deleted: true,
        ..Default::default()
    };
    assert!(s
        .list("team", &all)
        .unwrap()
        .iter()
        .any(|r| r.id == t && r.deleted));
    assert!(matches!(s.delete("team", &t), Err(Error::NotFound { .. })));
}

#[test]
fn a_deleted_member_keeps_only_what_its_row_needs() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    let m = s
        .create(
            "member",
            &fields(json!({
                "team_id": t, "full_name": "Lê Văn Cường", "role": "to_vien", "sex": "nam",
                "birth_date": "1990-05-01", "id_number": "001090012345", "phone": "0912345678",
                "address": "Số 5 ngõ 3", "ethnicity": "kinh",
            })),
        )
        .unwrap()
        .id;
    s.delete("member", &m).unwrap();
    let gone = s.get("member", &m).unwrap();
    assert!(gone.deleted);
    for name in ["birth_date", "id_number", "phone", "address", "ethnicity"] {
        assert!(gone.fields[name].is_null(), "{name}: {}", gone.fields[name]);
    }
    // Only the fields the row cannot do without stay.
    for field in crate::kinds::by_name("member").unwrap().fields {
        if !gone.fields[field.name].is_null() {
            assert!(field.required, "{} kept", field.name);
        }
    }
    // Nor can the search index find it by a number it had.
    let conn = s.conn();
    let hits: i64 = conn
        .query_row(
            "SELECT count(*) FROM members WHERE search_text LIKE '%0912345678%' OR search_text LIKE '%001090012345%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hits, 0);
}

#[test]
fn lists_of_people_follow_vietnamese_order_by_given_name() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    for name in [
        "Nguyễn Thị Bình",
        "Trần Văn An",
        "Lê Văn Bình",
        "Đặng Văn Ánh",
        "Phạm Văn Ân",
        "Hoàng Văn Đức",
        "Vũ Văn Dũng",
    ] {
        member(&mut s, &t, name);
    }
    let names: Vec<String> = s
        .list("member", &ListQuery::children_of("team_id", &t))
        .unwrap()
        .iter()
        .map(|r| r.text("full_name").unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Trần Văn An",
            "Đặng Văn Ánh",
            "Phạm Văn Ân",
            "Lê Văn Bình",
            "Nguyễn Thị Bình",
            "Vũ Văn Dũng",
            "Hoàng Văn Đức"
        ]
    );
}

#[test]
fn the_district_reads_but_never_edits_a_communes_records() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    // Pretend the record came from another unit (as an import would leave it).
    s.conn()
        .execute("UPDATE teams SET owner = '00004' WHERE id = ?1", [&t])
        .unwrap();
    let err = s
        .update("team", &t, &fields(json!({"name": "Tổ khác"})))
        .unwrap_err();
    assert!(matches!(err, Error::NotOwner { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("Tổ này do đơn vị mã 00004 quản lý"),
        "{err}"
    );
    assert!(s.delete("team", &t).is_err());
}

#[test]
fn warnings_are_saved_with_the_record() {
    let mut s = commune();
    let t = team(&mut s, "Tổ 1");
    let saved = s
        .create(
            "member",
            &fields(json!({
                "team_id": t, "full_name": "Lò Văn Pánh", "sex": "nam", "role": "to_vien",
                "birth_date": "1980", "id_doc_type": "the_can_cuoc", "id_number": "014 1 85 012345"
            })),
        )
        .unwrap();
    // Sex digit 1 says female, 85 says born 1985: two warnings, saved anyway.
    assert_eq!(saved.warnings.len(), 2, "{:?}", saved.warnings);
    assert_eq!(
        s.get("member", &saved.id).unwrap().text("id_number"),
        Some("014185012345")
    );
}

#[test]
fn an_unknown_kind_is_refused_with_the_list_of_kinds() {
    let mut s = commune();
    let err = s.create("person", &Fields::new()).unwrap_err();
    assert!(err.to_string().contains("member"), "{err}");
}
