//! The statement of what is held about one member (Law 91/2025/QH15: a person may ask a
//! controller what personal data it processes about them): everything the member's
//! record says, sensitive fields included (it is the person's own data), the records that
//! name them (roles, trainings, commendations, equipment, activities, documents), who
//! changed the record and when (values the audit log keeps out stay out), and where copies
//! go. Printed or saved from the window, or `personal-record ID --out FILE`.

use chrono::NaiveDate;
use serde_json::Value as Json;

use super::model::{size, Align, Block, Cell, Document, DocumentKind, Grid, Para, Section};
use crate::error::Result;
use crate::kinds::{self, Field, FieldType, Kind, Sensitivity};
use crate::records::ListQuery;
use crate::Store;

impl Store {
    /// The statement of what this installation holds about member `id`, dated `on`.
    pub fn personal_record(&self, id: &str, on: NaiveDate) -> Result<Document> {
        let inst = self.installation()?;
        let member = self.get("member", id)?;
        let kind = kinds::by_name("member").expect("the catalogue has members");
        let name = member.text("full_name").unwrap_or_default().to_string();
        let width = Section::portrait(Vec::new()).text_width();
        let label_width = width * 2 / 5;
        let mut blocks = vec![
            Block::Para(Para::centered("PHIẾU THÔNG TIN CÁ NHÂN ĐANG LƯU", size::TITLE, true, false).after(2)),
            Block::Para(
                Para::centered(
                    "Trả lời yêu cầu của người có dữ liệu (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15)",
                    size::BODY,
                    false,
                    true,
                )
                .after(12),
            ),
            Block::Para(Para::lead("Đơn vị lưu giữ: ", format!("{} (mã {})", inst.unit_name, inst.unit_code))),
            Block::Para(Para::lead("Người có dữ liệu: ", name.clone())),
            Block::Para(Para::lead("Ngày lập: ", on.format("%d/%m/%Y").to_string()).after(12)),
            Block::Para(Para::left("1. Hồ sơ thành viên", size::BODY, true, false).keep_next()),
        ];
        let rows: Vec<Vec<Cell>> = kind
            .fields
            .iter()
            .filter_map(|f| {
                let value = member.fields.get(f.name)?;
                let shown = self.shown(f, value)?;
                let label = match f.sensitivity {
                    Sensitivity::Normal => f.label.to_string(),
                    _ => format!("{} (nhạy cảm, không gửi đi)", f.label),
                };
                Some(vec![
                    Cell::text(label, Align::Left),
                    Cell::text(shown, Align::Left),
                ])
            })
            .collect();
        blocks.push(Block::Grid(Grid {
            widths: vec![label_width, width - label_width],
            header: vec![vec![Cell::head("Thông tin"), Cell::head("Đang lưu")]],
            rows,
            size: size::TABLE,
        }));

        blocks.push(Block::Para(
            Para::left(
                "2. Các hồ sơ khác có tên thành viên",
                size::BODY,
                true,
                false,
            )
            .before(12)
            .keep_next(),
        ));
        let mut any = false;
        for other in kinds::ALL.iter().filter(|k| k.name != "member") {
            for field in other
                .fields
                .iter()
                .filter(|f| f.ty == FieldType::Ref("member"))
            {
                for record in self.list(other.name, &ListQuery::children_of(field.name, id))? {
                    any = true;
                    let facts: Vec<String> = other
                        .fields
                        .iter()
                        .filter(|f| f.name != field.name)
                        .filter_map(|f| {
                            let shown = self.shown(f, record.fields.get(f.name)?)?;
                            Some(format!("{}: {shown}", f.label))
                        })
                        .collect();
                    blocks.push(Block::Para(Para::lead(
                        format!("{}: ", capitalised(other.label)),
                        facts.join("; "),
                    )));
                }
            }
        }
        if !any {
            blocks.push(Block::Para(Para::body("Không có.")));
        }

        blocks.push(Block::Para(
            Para::left("3. Ai đã ghi, sửa hồ sơ, khi nào", size::BODY, true, false)
                .before(12)
                .keep_next(),
        ));
        let history = self.history(id)?;
        blocks.push(Block::Grid(Grid {
            widths: vec![width / 4, width / 4, width - width / 2],
            header: vec![vec![
                Cell::head("Thời điểm"),
                Cell::head("Người thao tác"),
                Cell::head("Việc"),
            ]],
            rows: history
                .iter()
                .map(|e| {
                    let what = match e.action.as_str() {
                        "insert" => "lập hồ sơ".to_string(),
                        "delete" => "xoá hồ sơ".to_string(),
                        "import" => "nhận từ gói dữ liệu".to_string(),
                        _ => match &e.changes {
                            Json::Object(m) => format!("sửa: {}", changed_labels(kind, m)),
                            _ => "sửa".to_string(),
                        },
                    };
                    vec![
                        Cell::text(e.at.replace('T', " "), Align::Left),
                        Cell::text(e.actor.clone(), Align::Left),
                        Cell::text(what, Align::Left),
                    ]
                })
                .collect(),
            size: size::TABLE,
        }));

        let receiver = self
            .trusted_card()?
            .map(|c| format!("{} (mã {})", c.info.unit_name, c.info.unit_code))
            .unwrap_or_else(|| "đơn vị tiếp nhận của xã".to_string());
        blocks.push(Block::Para(
            Para::left("4. Dữ liệu được gửi cho ai", size::BODY, true, false)
                .before(12)
                .keep_next(),
        ));
        blocks.push(Block::Para(Para::body(format!(
            "Các thông tin trên (trừ thông tin nhạy cảm: dân tộc, tôn giáo, đảng viên) được gửi cho {receiver} trong gói dữ liệu đã mã hoá, chỉ máy của đơn vị đó mở được. Không gửi cho tổ chức, cá nhân nào khác."
        ))));
        blocks.push(Block::Para(Para::maker_signature()));
        Ok(Document {
            kind: DocumentKind::PersonalRecord,
            title: format!("Thông tin cá nhân - {name}"),
            sections: vec![Section::portrait(blocks)],
        })
    }

    /// A value as a person reads it, or `None` when there is none to show.
    fn shown(&self, field: &Field, value: &Json) -> Option<String> {
        let text = match value {
            Json::Null => return None,
            Json::Bool(b) => return Some(if *b { "Có" } else { "Không" }.into()),
            Json::String(s) if s.is_empty() => return None,
            Json::String(s) => s.clone(),
            other => other.to_string(),
        };
        Some(match field.ty {
            FieldType::Choice(list) => kinds::choice_label(list, &text),
            FieldType::Date | FieldType::PartialDate => {
                // A partial date is a year, a month or a day: shown the Vietnamese way.
                let parts: Vec<&str> = text.split('-').collect();
                match parts.as_slice() {
                    [y, m, d] => format!("{d}/{m}/{y}"),
                    [y, m] => format!("{m}/{y}"),
                    _ => text,
                }
            }
            FieldType::Attachment => "có bản chụp".into(),
            FieldType::DocumentModel { .. } => "có văn bản như đã ký".into(),
            FieldType::Ref(target) => self.name_of(target, &text).unwrap_or(text),
            _ => text,
        })
    }

    /// The name a person knows a referenced record by (a team's, a village's, a
    /// training's title …).
    fn name_of(&self, kind: &str, id: &str) -> Option<String> {
        let record = self.get(kind, id).ok()?;
        ["full_name", "name", "title", "number"]
            .iter()
            .find_map(|f| record.text(f).map(str::to_string))
    }
}

fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The labels of the fields an update entry names.
fn changed_labels(kind: &Kind, changes: &serde_json::Map<String, Json>) -> String {
    let labels: Vec<&str> = changes
        .keys()
        .map(|k| kind.field(k).map_or(k.as_str(), |f| f.label))
        .collect();
    labels.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::{to_docx, to_html};
    use crate::installation::Role;
    use crate::units::UnitSet;
    use serde_json::json;

    #[test]
    fn the_statement_shows_what_is_held_about_one_member_and_nothing_of_another() {
        let mut s = Store::open_in_memory().unwrap();
        s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let f = |v: Json| match v {
            Json::Object(m) => m,
            _ => unreachable!(),
        };
        let team = s
            .create("team", &f(json!({"name": "Tổ thôn Đông", "model_type": "to_bao_ve_antt", "status": "hoat_dong"})))
            .unwrap()
            .id;
        let member = s
            .create("member", &f(json!({"team_id": team, "full_name": "Nguyễn Thị Mai", "role": "to_vien", "sex": "nu", "phone": "0912345678", "religion": "Phật giáo", "birth_date": "1994-02"})))
            .unwrap()
            .id;
        s.create("member", &f(json!({"team_id": team, "full_name": "Trần Văn Khác", "role": "to_vien", "sex": "nam"})))
            .unwrap();
        s.update("member", &member, &f(json!({"occupation": "Giáo viên"})))
            .unwrap();
        s.create("equipment", &f(json!({"team_id": team, "member_id": member, "item": "dong_phuc", "quantity": 1, "issued_date": "2026-10-01"})))
            .ok();
        let doc = s
            .personal_record(&member, NaiveDate::from_ymd_opt(2026, 12, 4).unwrap())
            .unwrap();
        let html = to_html(&doc);
        for text in [
            "PHIẾU THÔNG TIN CÁ NHÂN ĐANG LƯU",
            "Nguyễn Thị Mai",
            "0912345678",
            "Phật giáo",
            "nhạy cảm, không gửi đi",
            "Tổ thôn Đông",
            "Giáo viên",
            "sửa: Nghề nghiệp",
            "02/1994",
        ] {
            assert!(html.contains(text), "{text} missing");
        }
        assert!(!html.contains("Trần Văn Khác"), "another member's data");
        assert!(!to_docx(&doc).unwrap().is_empty());
        assert_eq!(
            s.personal_record("khong-co", NaiveDate::from_ymd_opt(2026, 12, 4).unwrap())
                .unwrap_err()
                .code(),
            "not_found"
        );
    }
}
