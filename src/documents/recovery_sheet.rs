//! The recovery sheet (Phiếu khôi phục), printed at setup and kept in the office safe:
//! the unit, the key's fingerprint, the date and the recovery code ([`crate::recovery`])
//! in large fixed-width groups, with what it is for and how to keep it.
//!
//! The code is made from the key vault's seed each time the sheet is asked for; the
//! program stores it nowhere.

use chrono::NaiveDate;

use super::model::{size, Block, Document, DocumentKind, Para, Section};
use crate::error::Result;
use crate::installation::Role;
use crate::recovery;
use crate::Store;

/// The size of the code's groups: 16 pt, so a mistyped character is easy to spot and a
/// line of seven groups still fits the width of an A4 page (at 20 pt the seventh group
/// wrapped onto a line of its own: seen on the page after setup).
const CODE_SIZE: u16 = 32;

impl Store {
    /// The recovery sheet of this installation, dated `on`.
    pub fn recovery_sheet(&self, on: NaiveDate) -> Result<Document> {
        let inst = self.installation()?;
        let code = self.recovery_code()?;
        let groups = recovery::groups(&code);
        let role = match inst.role {
            Role::Commune => "xã (gửi dữ liệu)",
            Role::Receiver => "đơn vị tiếp nhận",
        };
        let line = |label: &str, value: &str| Block::Para(Para::lead(label, value).after(2));
        let mut blocks = vec![
            Block::Para(Para::centered("PHIẾU KHÔI PHỤC", size::TITLE, true, false).after(2)),
            Block::Para(
                Para::centered(
                    "Khóa của đơn vị trong chương trình Sổ Tổ xung kích",
                    size::BODY,
                    false,
                    true,
                )
                .after(18),
            ),
            line(
                "Đơn vị: ",
                &format!("{} (mã {})", inst.unit_name, inst.unit_code),
            ),
            line("Máy dùng cho: ", role),
            line("Mã xác nhận: ", &inst.fingerprint),
            line("Mã cài đặt: ", &inst.installation_id),
            line("Ngày lập phiếu: ", &on.format("%d/%m/%Y").to_string()),
            Block::Para(
                Para::centered("MÃ KHÔI PHỤC", size::TITLE, true, false)
                    .before(18)
                    .after(6),
            ),
        ];
        // Two lines of seven groups, as the program asks for them.
        for half in groups.chunks(recovery::GROUPS / 2) {
            blocks.push(Block::Para(
                Para::centered(half.join("  "), CODE_SIZE, true, false)
                    .mono()
                    .preserve()
                    .after(6),
            ));
        }
        blocks.extend(
            [
                "Cất phiếu này trong tủ an toàn của cơ quan. Cần mã này để khôi phục bản sao lưu hoặc cài lại máy. Không chụp ảnh, không gửi qua mạng.",
                "Khi nào cần mã: máy hỏng, thay máy hoặc cài lại Windows (chức năng Khôi phục khóa); khôi phục bản sao lưu chép ra USB. Chương trình không lưu mã này ở đâu cả: mất phiếu thì bản sao lưu trên USB không mở được.",
                "Ai có mã này là có khóa của đơn vị: ký được gói dữ liệu thay đơn vị và mở được các bản sao lưu. Nếu phiếu bị lộ, hãy báo cán bộ kỹ thuật và đơn vị tiếp nhận.",
                "Khi gõ mã: chữ hoa hay thường, có dấu cách hay gạch nối đều được; chữ O được hiểu là số 0, chữ I và L là số 1. Gõ sai một ký tự, chương trình sẽ báo nhóm gõ sai.",
            ]
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let p = Para::body(text);
                Block::Para(if i == 0 { p.before(18) } else { p })
            }),
        );
        blocks.push(Block::Para(Para::maker_signature()));
        Ok(Document {
            kind: DocumentKind::RecoverySheet,
            title: format!("Phiếu khôi phục - {} ({})", inst.unit_name, inst.unit_code),
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
    fn the_sheet_has_the_unit_the_fingerprint_and_the_code_that_brings_the_key_back() {
        let mut s = Store::open_in_memory().unwrap();
        let inst = s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        let doc = s.recovery_sheet(on).unwrap();
        let html = to_html(&doc);
        for text in [
            "Phường Phúc Xá",
            inst.fingerprint.as_str(),
            "05/03/2026",
            "Cất phiếu này trong tủ an toàn của cơ quan.",
            "Không chụp ảnh, không gửi qua mạng.",
        ] {
            assert!(html.contains(text), "{text}");
        }
        // The code printed is the code that restores the keys.
        let code_lines = doc.mono_texts();
        assert_eq!(code_lines.len(), 2);
        let printed = code_lines.join(" ");
        assert_eq!(
            *recovery::parse(&printed).unwrap(),
            s.signing_key().unwrap().secret_bytes()
        );
        assert!(html.contains("<code>"));
        let docx = to_docx(&doc).unwrap();
        assert!(!docx.is_empty());
        // A team's documents do not include it.
        assert!(s
            .team_document(DocumentKind::RecoverySheet, "x", on)
            .is_err());
    }
}
