//! The receiving unit's card sheet (Thẻ đơn vị tiếp nhận, bản in): one page the officer
//! prints beside the card file. It carries the card's fingerprint in six groups of four,
//! large, so that the officer reads it out over the phone from paper (not from a screen
//! someone may be using) and the commune's clerk can tick each group; and it says what
//! a commune does with the card. The card file itself is what a commune trusts: this
//! page holds nothing secret.

use chrono::NaiveDate;

use super::model::{size, Block, Document, DocumentKind, Para, Section};
use crate::error::Result;
use crate::Store;

/// The fingerprint's groups at 18 pt: the six groups of four fit one line of A4.
const FINGERPRINT_SIZE: u16 = 36;

impl Store {
    /// The card sheet of this receiving unit, dated `on`. Refused on a commune's
    /// installation, like the card itself.
    pub fn receiver_card_sheet(&self, on: NaiveDate) -> Result<Document> {
        let (_, card) = self.receiver_card()?;
        let file_name = crate::ops::cards::card_file_name(&card.unit_code);
        let line = |label: &str, value: &str| Block::Para(Para::lead(label, value).after(2));
        let mut blocks = vec![
            Block::Para(
                Para::centered("THẺ ĐƠN VỊ TIẾP NHẬN", size::TITLE, true, false).after(2),
            ),
            Block::Para(
                Para::centered(
                    "Khóa nhận dữ liệu của Tổ bảo vệ an ninh, trật tự (chương trình Sổ Tổ xung kích)",
                    size::BODY,
                    false,
                    true,
                )
                .after(18),
            ),
            line(
                "Đơn vị tiếp nhận: ",
                &format!("{} (mã {})", card.unit_name, card.unit_code),
            ),
            line("Mã cài đặt: ", &card.installation_id),
            line("Tệp thẻ: ", &file_name),
            line("Ngày in: ", &on.format("%d/%m/%Y").to_string()),
            Block::Para(
                Para::centered("MÃ XÁC NHẬN CỦA THẺ", size::TITLE, true, false)
                    .before(18)
                    .after(6),
            ),
            Block::Para(
                Para::centered(card.fingerprint.clone(), FINGERPRINT_SIZE, true, false)
                    .mono()
                    .preserve()
                    .after(18),
            ),
        ];
        blocks.extend(
            [
                "Xã nhận tệp thẻ (chép qua USB), mở màn hình Gửi dữ liệu, bấm “Chọn tệp thẻ…”. Chương trình hiện mã xác nhận của thẻ: cán bộ xã gọi điện cho đơn vị tiếp nhận theo số điện thoại đã biết, nghe đọc mã xác nhận trên phiếu này và so từng nhóm 4 ký tự; chỉ khi tất cả các nhóm khớp mới bấm tin cậy thẻ.",
                "Từ khi tin cậy thẻ, gói dữ liệu của xã được mã hoá cho đơn vị này: chỉ máy có mã xác nhận trên mới mở được. USB có bị mất, người nhặt được cũng không đọc được hồ sơ.",
                "Phiếu này không chứa bí mật: được phát cho các xã cùng tệp thẻ. Khi đơn vị tiếp nhận thay máy mà mất khóa, mã xác nhận sẽ đổi: đơn vị in phiếu mới, các xã nhận thẻ mới và thẻ cũ bị thu hồi.",
            ]
            .into_iter()
            .map(|text| Block::Para(Para::body(text))),
        );
        blocks.push(Block::Para(Para::maker_signature()));
        Ok(Document {
            kind: DocumentKind::CardSheet,
            title: format!(
                "Thẻ đơn vị tiếp nhận - {} ({})",
                card.unit_name, card.unit_code
            ),
            sections: vec![Section::portrait(blocks)],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::{to_docx, to_html};
    use crate::installation::Role;
    use crate::units::UnitSet;

    #[test]
    fn the_sheet_shows_the_cards_fingerprint_in_six_groups_of_four() {
        let mut s = Store::open_in_memory().unwrap();
        s.init(Role::Receiver, UnitSet::Y2008, "001").unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let doc = s.receiver_card_sheet(on).unwrap();
        let (_, card) = s.receiver_card().unwrap();
        let printed = doc.mono_texts();
        assert_eq!(printed, vec![card.fingerprint.clone()]);
        let groups: Vec<&str> = printed[0].split(' ').collect();
        assert_eq!(groups.len(), 6, "{printed:?}");
        assert!(groups.iter().all(|g| g.chars().count() == 4), "{groups:?}");
        let html = to_html(&doc);
        for text in [
            "Quận Ba Đình (mã 001)",
            "04/12/2026",
            "THẺ ĐƠN VỊ TIẾP NHẬN",
        ] {
            assert!(html.contains(text), "{text}");
        }
        assert!(!to_docx(&doc).unwrap().is_empty());
    }

    #[test]
    fn a_commune_has_no_card_to_print() {
        let mut s = Store::open_in_memory().unwrap();
        s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert!(s.receiver_card_sheet(on).is_err());
    }
}
