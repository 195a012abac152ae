//! `digest`, `search`, `check`: looking at what the database holds.

use chrono::NaiveDate;
use serde_json::json;
use xungkich::compliance::Status;
use xungkich::search::HitKind;
use xungkich::Store;

use crate::output::{Output, Run};
use crate::table::Table;

pub fn digest(store: &Store, unit: Option<&str>) -> Run {
    let d = store.digest(unit)?;
    let mut t = Table::new(&["Loại", "Số bản ghi", "SHA-256"]).right_align(1);
    for (name, k) in &d.kinds {
        t.row(vec![
            name.clone(),
            k.count.to_string(),
            k.sha256[..16].to_string() + "…",
        ]);
    }
    Ok(Output {
        human: format!("{}Tổng: {}", t.render(), d.sha256),
        json: json!(d),
    })
}

pub fn search(store: &Store, text: &str, limit: usize) -> Run {
    let hits = store.search(text, limit)?;
    let mut t = Table::new(&["Loại", "Tên", "Tổ", "Thôn", "Mã"]);
    for h in &hits {
        t.row(vec![
            match h.kind {
                HitKind::Member => "thành viên".into(),
                HitKind::Team => "tổ".into(),
            },
            h.name.clone(),
            h.team.clone().unwrap_or_default(),
            h.village.clone().unwrap_or_default(),
            h.id.clone(),
        ]);
    }
    Ok(Output {
        human: if hits.is_empty() {
            format!("Không tìm thấy \"{text}\".")
        } else {
            t.render()
        },
        json: json!({"query": text, "hits": hits}),
    })
}

pub fn check(store: &Store, on: NaiveDate) -> Run {
    let integrity = store.integrity_problems()?;
    let report = store.compliance(on)?;
    let mut problems = Vec::new();
    for c in &report.communes {
        for v in &c.villages_without_team {
            problems.push(json!({
                "unit": c.unit_code, "rule": "V", "status": "not_met", "team_id": null, "team": null,
                "message": format!("{v} chưa có tổ."),
            }));
        }
    }
    let mut t =
        Table::new(&["Tổ", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "Đạt"]).right_align(9);
    for team in &report.teams {
        let mut row = vec![team.team_name.clone()];
        for r in &team.rules {
            row.push(
                match r.status {
                    Status::Met => "✓",
                    Status::Partial => "½",
                    Status::NotMet => "✗",
                }
                .to_string(),
            );
            if r.status != Status::Met {
                problems.push(json!({
                    "unit": team.owner, "team_id": team.team_id, "team": team.team_name,
                    "rule": r.rule, "status": r.status, "message": r.detail,
                }));
            }
        }
        row.push(format!("{}/8", team.met));
        t.row(row);
    }
    let integrity_text = if integrity.is_empty() {
        "Tệp dữ liệu toàn vẹn.".to_string()
    } else {
        format!("Tệp dữ liệu có lỗi: {}", integrity.join("; "))
    };
    let mut human = format!("{integrity_text}\n\n{}", t.render());
    for c in &report.communes {
        if !c.villages_without_team.is_empty() {
            human.push_str(&format!(
                "\nĐơn vị {}: {} thôn chưa có tổ: {}.",
                c.unit_code,
                c.villages_without_team.len(),
                c.villages_without_team.join(", ")
            ));
        }
    }
    human.push_str("\n\n✓ đạt  ½ đạt một phần  ✗ chưa đạt. Chi tiết: thêm --json.");
    Ok(Output {
        json: json!({
            "integrity": if integrity.is_empty() { json!("ok") } else { json!(integrity) },
            "on": on,
            "problems": problems,
            "teams": report.teams,
            "communes": report.communes,
            "thresholds": report.thresholds,
        }),
        human,
    })
}
