//! `init`, `demo`, `info`, `units`, `settings`: the installation and its settings.

use serde_json::{json, Map, Value as Json};
use xungkich::demo::DemoOptions;
use xungkich::installation::Role;
use xungkich::units::{Level, UnitSet};
use xungkich::{Error, Store};

use crate::output::{Output, Run, TerminalProgress};
use crate::table::Table;

/// The most units one `units` query lists.
const UNITS_LIMIT: usize = 50;

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Commune => "xã (gửi dữ liệu)",
        Role::Receiver => "đơn vị tiếp nhận",
    }
}

pub fn init(store: &mut Store, role: Role, set: UnitSet, unit: &str) -> Run {
    let inst = store.init(role, set, unit)?;
    Ok(Output {
        human: format!(
            "Đã thiết lập {} ({}) là {}.\nMã xác nhận: {}\nHãy ghi lại mã xác nhận này để đối chiếu khi đơn vị tiếp nhận đăng ký máy.\n\nViệc phải làm ngay: in PHIẾU KHÔI PHỤC và cất vào tủ an toàn của cơ quan. Không có mã trên phiếu thì không khôi phục được bản sao lưu trên USB hay cài lại máy:\n    xungkich --db <tệp dữ liệu> recovery-sheet --out phieu-khoi-phuc.html",
            inst.unit_name,
            inst.unit_code,
            role_label(inst.role),
            inst.fingerprint
        ),
        json: json!({
            "unit": inst.unit_code, "unit_name": inst.unit_name, "role": inst.role,
            "units": inst.unit_set, "fingerprint": inst.fingerprint,
            "installation_id": inst.installation_id,
            "next": "recovery-sheet",
        }),
    })
}

pub fn demo(store: &mut Store, set_up_as: Option<&str>, options: &DemoOptions) -> Run {
    let started = std::time::Instant::now();
    let mut bar = TerminalProgress::new();
    let counts = xungkich::ops::setup::fill_demo(store, set_up_as, options, &mut |p| bar.show(p))?;
    bar.done();
    let elapsed = started.elapsed().as_secs_f64();
    let mut t = Table::new(&["Loại hồ sơ", "Số lượng"]).right_align(1);
    for (kind, n) in &counts.kinds {
        let label = xungkich::kinds::by_name(kind).map_or(kind.as_str(), |k| k.label);
        t.row(vec![label.to_string(), n.to_string()]);
    }
    t.row(vec!["Tổng cộng".to_string(), counts.total.to_string()]);
    let mut json = serde_json::to_value(&counts).unwrap_or(Json::Null);
    if let Json::Object(map) = &mut json {
        map.insert("seconds".into(), json!(elapsed));
    }
    Ok(Output {
        human: format!("{}Tạo xong trong {:.2} giây.", t.render(), elapsed),
        json,
    })
}

pub fn restore_keys(store: &Store, code: Option<&str>) -> Run {
    let inst = store.restore_keys(code.unwrap_or_default())?;
    Ok(Output {
        human: format!(
            "Đã khôi phục khóa của {} ({}) vào máy này.\nMã xác nhận: {}",
            inst.unit_name, inst.unit_code, inst.fingerprint
        ),
        json: json!({"unit": inst.unit_code, "fingerprint": inst.fingerprint, "keys": true}),
    })
}

pub fn info(store: &Store) -> Run {
    let inst = store.installation()?;
    let schema = store.schema_version()?;
    let keys = store.has_keys()?;
    Ok(Output {
        human: format!(
            "Đơn vị:        {} ({})\nVai trò:       {}\nDanh mục:      {}\nMã cài đặt:    {}\nMã xác nhận:  {}\nLược đồ dữ liệu: {}\nKhóa trên máy: {}",
            inst.unit_name,
            inst.unit_code,
            role_label(inst.role),
            inst.unit_set.as_str(),
            inst.installation_id,
            inst.fingerprint,
            schema,
            if keys {
                "có"
            } else {
                "KHÔNG có (hãy chạy restore-keys với mã trên phiếu khôi phục)"
            }
        ),
        json: json!({
            "unit": inst.unit_code, "unit_name": inst.unit_name, "role": inst.role,
            "units": inst.unit_set, "installation_id": inst.installation_id,
            "fingerprint": inst.fingerprint, "schema_version": schema, "keys": keys,
        }),
    })
}

pub fn units(store: &Store, set: UnitSet, query: &str, level: Option<Level>) -> Run {
    let found = store.search_units(set, query, level, UNITS_LIMIT)?;
    let mut t = Table::new(&["Mã", "Tên", "Cấp", "Thuộc"]);
    for u in &found {
        t.row(vec![
            u.code.clone(),
            u.name.clone(),
            u.level.label().to_string(),
            u.parent_code.clone().unwrap_or_default(),
        ]);
    }
    Ok(Output {
        human: match found.is_empty() {
            true => "Không tìm thấy đơn vị nào.".into(),
            false => t.render(),
        },
        json: json!({"units": found}),
    })
}

/// The rows shown on the terminal; the JSON has them all.
const ISSUING_UNITS_SHOWN: usize = 40;

pub fn issuing_units(store: &Store, on: chrono::NaiveDate) -> Run {
    let found = store.issuing_unit_candidates(on)?;
    let mut t = Table::new(&["Mã", "Tên", "Quận, huyện", "Tỉnh, thành phố", "Gợi ý vì"]);
    for c in found.iter().take(ISSUING_UNITS_SHOWN) {
        t.row(vec![
            c.unit.code.clone(),
            c.unit.name.clone(),
            c.district.clone().unwrap_or_default(),
            c.province.clone().unwrap_or_default(),
            c.reason.to_string(),
        ]);
    }
    let mut human = t.render();
    if found.len() > ISSUING_UNITS_SHOWN {
        human.push_str(&format!(
            "\n… và {} đơn vị khác (xem --json, hoặc tìm theo tên bằng lệnh units).",
            found.len() - ISSUING_UNITS_SHOWN
        ));
    }
    Ok(Output {
        human,
        json: json!({"on": on.format("%Y-%m-%d").to_string(), "candidates": found}),
    })
}

pub fn settings(store: &mut Store, key: Option<String>, value: Option<String>) -> Run {
    if let (Some(key), Some(value)) = (&key, &value) {
        store.set_setting_from_text(key, value)?;
    }
    let mut t = Table::new(&["Khóa", "Giá trị", "Ý nghĩa"]).right_align(1);
    let mut map = Map::new();
    for s in xungkich::settings::SETTINGS {
        if key.as_deref().is_some_and(|k| k != s.key) {
            continue;
        }
        let v = store.get_setting(s.key)?;
        map.insert(s.key.to_string(), json!(v));
        t.row(vec![s.key.to_string(), v.to_string(), s.label.to_string()]);
    }
    let mut texts = String::new();
    for s in xungkich::settings::TEXT_SETTINGS {
        if key.as_deref().is_some_and(|k| k != s.key) {
            continue;
        }
        let v = store.get_text_setting(s.key)?;
        texts.push_str(&format!(
            "\n{} — {}:\n{}\n",
            s.key,
            s.label,
            if v.is_empty() { "(mặc định)" } else { &v }
        ));
        map.insert(s.key.to_string(), json!(v));
    }
    if let Some(k) = &key {
        if map.is_empty() {
            return Err(Error::UnknownSetting { key: k.clone() }.into());
        }
    }
    Ok(Output {
        human: format!("{}{texts}", t.render()),
        json: json!({"settings": map}),
    })
}
