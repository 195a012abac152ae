//! The enrolment sheet (Biên bản xác nhận khóa): signed by both sides once a commune has
//! trusted its receiving unit's card. It names both units and both fingerprints (the
//! card's, which the commune compared, and the commune's own, which the receiving unit
//! compares when it enrols the commune's laptop), so that the trust is on paper, with
//! a date and two signatures, like the other documents of the team's file.

use chrono::NaiveDate;

use super::model::{
    size, Align, Block, Cell, Columns, Document, DocumentKind, Grid, Para, Section,
};
use crate::error::{Error, Result};
use crate::installation::Role;
use crate::Store;

impl Store {
    /// The sheet of this commune and the receiving unit's card it trusts, dated `on`.
    pub fn enrolment_sheet(&self, on: NaiveDate) -> Result<Document> {
        let inst = self.installation()?;
        if inst.role != Role::Commune {
            return Err(Error::invalid(
                "card",
                "Thẻ đơn vị tiếp nhận",
                "biên bản xác nhận khóa do xã lập sau khi tin cậy thẻ của đơn vị tiếp nhận",
            ));
        }
        let card = self.trusted_card()?.ok_or(Error::NoReceiverCard)?.info;
        let trusted = card
            .trusted_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%H:%M ngày %d/%m/%Y")
                    .to_string()
            })
            .unwrap_or_default();
        let width = Section::portrait(Vec::new()).text_width();
        let first = width / 5;
        let other = (width - first) / 2;
        let cell = |text: &str| Cell::text(text, Align::Left);
        let row = |label: &str, commune: String, receiver: String| {
            vec![
                Cell {
                    bold: true,
                    ..cell(label)
                },
                cell(&commune),
                cell(&receiver),
            ]
        };
        let table = Grid {
            widths: vec![first, other, width - first - other],
            header: vec![vec![
                Cell::head(""),
                Cell::head("Xã (gửi dữ liệu)"),
                Cell::head("Đơn vị tiếp nhận"),
            ]],
            rows: vec![
                row(
                    "Đơn vị",
                    format!("{} (mã {})", inst.unit_name, inst.unit_code),
                    format!("{} (mã {})", card.unit_name, card.unit_code),
                ),
                row(
                    "Mã xác nhận",
                    inst.fingerprint.clone(),
                    card.fingerprint.clone(),
                ),
                row(
                    "Mã cài đặt",
                    inst.installation_id.clone(),
                    card.installation_id.clone(),
                ),
            ],
            size: size::TABLE,
        };
        let mut blocks = vec![
            Block::Para(Para::centered("BIÊN BẢN XÁC NHẬN KHÓA", size::TITLE, true, false).after(2)),
            Block::Para(
                Para::centered(
                    "Đăng ký máy gửi và nhận dữ liệu của Tổ bảo vệ an ninh, trật tự",
                    size::BODY,
                    false,
                    true,
                )
                .after(18),
            ),
            Block::Para(Para::body(format!(
                "Hôm nay, ngày {}, hai bên đã đối chiếu mã xác nhận của hai máy qua điện thoại, từng nhóm 4 ký tự, và xác nhận các thông tin dưới đây.",
                on.format("%d/%m/%Y")
            ))),
            Block::Grid(table),
            Block::Para(
                Para::body(format!(
                "Xã đã tin cậy thẻ của đơn vị tiếp nhận lúc {trusted}: từ đó gói dữ liệu của xã được mã hoá để chỉ máy của đơn vị tiếp nhận mở được, và gói do máy đó gửi về được xã nhận. Đơn vị tiếp nhận đăng ký máy của xã theo mã xác nhận ghi trên."
            ))
                .before(12),
            ),
            Block::Para(Para::body(
                "Khi một bên thay máy hoặc cài lại mà mất khóa, mã xác nhận sẽ đổi: hai bên đối chiếu lại và lập biên bản mới; thẻ hoặc máy cũ bị thu hồi.",
            )),
        ];
        let signer = |who: &str| {
            vec![
                Block::Para(Para::centered(who, size::SIGNATURE, true, false).before(18)),
                Block::Para(Para::centered(
                    "(ký, ghi rõ họ tên)",
                    size::SIGNATURE,
                    false,
                    true,
                )),
            ]
        };
        blocks.push(Block::Columns(Columns {
            widths: vec![width / 2, width - width / 2],
            rows: vec![vec![signer("CÁN BỘ XÃ"), signer("CÁN BỘ ĐƠN VỊ TIẾP NHẬN")]],
            keep_together: true,
        }));
        Ok(Document {
            kind: DocumentKind::EnrolmentSheet,
            title: format!(
                "Biên bản xác nhận khóa - {} ({})",
                inst.unit_name, inst.unit_code
            ),
            sections: vec![Section::portrait(blocks)],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::{to_docx, to_html};
    use crate::units::UnitSet;

    #[test]
    fn the_sheet_names_both_units_and_both_fingerprints() {
        let mut c = Store::open_in_memory().unwrap();
        let inst = c.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        // No card trusted yet: nothing to put on paper.
        assert_eq!(
            c.enrolment_sheet(on).unwrap_err().code(),
            "no_receiver_card"
        );
        let mut d = Store::open_in_memory().unwrap();
        d.init(Role::Receiver, UnitSet::Y2008, "001").unwrap();
        let (card, info) = d.receiver_card().unwrap();
        c.trust_card(&card, &info.fingerprint).unwrap();
        let doc = c.enrolment_sheet(on).unwrap();
        let html = to_html(&doc);
        for text in [
            "BIÊN BẢN XÁC NHẬN KHÓA",
            "Phường Phúc Xá (mã 00001)",
            "Quận Ba Đình (mã 001)",
            inst.fingerprint.as_str(),
            info.fingerprint.as_str(),
            "04/12/2026",
            "CÁN BỘ ĐƠN VỊ TIẾP NHẬN",
        ] {
            assert!(html.contains(text), "{text} not in the sheet");
        }
        assert!(!to_docx(&doc).unwrap().is_empty());
        // A receiving unit does not make it; a team's documents do not include it.
        assert_eq!(d.enrolment_sheet(on).unwrap_err().code(), "invalid");
        assert!(c
            .team_document(DocumentKind::EnrolmentSheet, "x", on)
            .is_err());
    }
}
