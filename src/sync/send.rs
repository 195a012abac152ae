//! The monthly send in one step (issue 15, item 8): what the send screen says on top
//! (when the last bundle went, how many changes are unsent) and which bundle one press
//! of "Gửi" makes, so that the clerk does not have to choose between incremental, full
//! and unconfirmed:
//!
//! - nothing ever sent: the full bundle (the receiving unit has nothing yet);
//! - the receiving unit's latest receipt says something is missing: everything it has
//!   not confirmed (a USB stick lost on the way, a bundle never imported);
//! - otherwise the changes since the last bundle.

use serde::Serialize;

use super::export::ExportOptions;
use crate::error::Result;
use crate::installation::Role;
use crate::Store;

/// What the send screen shows, and what it would make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SendPlan {
    /// When the last bundle was written (RFC 3339) and its file's name.
    pub last_sent_at: Option<String>,
    pub last_sent_file: Option<String>,
    /// Changes made here since the last bundle.
    pub unsent_changes: i64,
    /// `full`, `unconfirmed` or `incremental`.
    pub mode: &'static str,
    /// Why, in a sentence for the clerk.
    pub why: String,
}

impl SendPlan {
    /// The export options of the plan (sealed, without the sensitive fields).
    pub fn options(&self) -> ExportOptions {
        ExportOptions {
            full: self.mode == "full",
            unconfirmed: self.mode == "unconfirmed",
            ..Default::default()
        }
    }
}

impl Store {
    /// The plan of this commune's next send.
    pub fn send_plan(&self) -> Result<SendPlan> {
        let last: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT exported_at, file_name FROM export_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        let seq_last: i64 =
            self.conn()
                .query_row("SELECT seq_last FROM installation", [], |r| r.get(0))?;
        let unsent_changes = (seq_last - self.last_exported_seq()?).max(0);
        let receipt = match self.installation()?.role {
            Role::Commune => self.receipt_status()?,
            Role::Receiver => None,
        };
        let (mode, why) = match (&last, &receipt) {
            (None, _) => (
                "full",
                "Lần gửi đầu tiên: gói gồm toàn bộ hồ sơ của xã.".to_string(),
            ),
            (Some(_), Some(r)) if !r.gaps.is_empty() => (
                "unconfirmed",
                format!(
                    "{} báo còn thiếu dữ liệu: gói gồm mọi thay đổi chưa được xác nhận, kể cả của các gói trước.",
                    r.receiver_unit_name
                ),
            ),
            (Some(_), _) if unsent_changes == 0 => (
                "incremental",
                "Không có thay đổi nào từ lần gửi trước: gói sẽ trống (chỉ để đơn vị tiếp nhận biết xã vẫn cập nhật).".to_string(),
            ),
            (Some(_), _) => (
                "incremental",
                format!("Gói gồm {unsent_changes} thay đổi từ lần gửi trước."),
            ),
        };
        Ok(SendPlan {
            last_sent_at: last.as_ref().map(|(at, _)| at.clone()),
            last_sent_file: last.map(|(_, f)| f),
            unsent_changes,
            mode,
            why,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::{commune, fields, new_team};
    use crate::Store;

    fn send(s: &mut Store) {
        let usb = tempfile::tempdir().unwrap();
        let plan = s.send_plan().unwrap();
        let mut options = plan.options();
        options.unencrypted = true;
        s.export(usb.path(), options).unwrap();
    }

    #[test]
    fn the_first_send_is_full_then_the_changes_since() {
        let mut s = commune();
        let plan = s.send_plan().unwrap();
        assert_eq!((plan.mode, plan.last_sent_at.clone()), ("full", None));
        new_team(&mut s, "Tổ thôn Đông");
        send(&mut s);
        let plan = s.send_plan().unwrap();
        assert_eq!((plan.mode, plan.unsent_changes), ("incremental", 0));
        assert!(plan.last_sent_at.is_some() && plan.last_sent_file.is_some());
        s.create(
            "village",
            &fields(json!({"name": "Thôn Tây", "village_type": "thon"})),
        )
        .unwrap();
        let plan = s.send_plan().unwrap();
        assert_eq!((plan.mode, plan.unsent_changes), ("incremental", 1));
        assert!(plan.why.contains("1 thay đổi"), "{}", plan.why);
        assert!(!plan.options().full);
    }
}
