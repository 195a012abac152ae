//! The "cần chú ý" sentences: what a commune's row asks the officer to act on (no
//! bundle or an old one, gaps, quarantine, villages without a team, overdue deadlines).

use super::{Attention, CommuneRow};
use crate::dates;
use crate::installation::Role;

impl CommuneRow {
    /// What to act on, in words.
    pub(super) fn find_attention(&mut self, role: Role, bundle_max_age_days: i64) {
        let mut out = Vec::new();
        if role == Role::Receiver {
            match &self.last_bundle {
                None => out.push(Attention {
                    code: "no_bundle",
                    text: "Chưa nhận được gói dữ liệu nào của đơn vị này.".into(),
                }),
                Some(b) if b.days_ago > bundle_max_age_days => out.push(Attention {
                    code: "old_bundle",
                    text: format!(
                        "Gói dữ liệu gần nhất nhận ngày {} ({} ngày trước, quá {} ngày): hãy đề nghị gửi gói mới.",
                        dates::vn(b.date),
                        b.days_ago,
                        bundle_max_age_days
                    ),
                }),
                Some(_) => {}
            }
        }
        for g in &self.gaps {
            out.push(Attention {
                code: "gaps",
                text: g.message.clone(),
            });
        }
        if self.quarantined > 0 {
            out.push(Attention {
                code: "quarantine",
                text: format!(
                    "{} hồ sơ đang chờ (thiếu hồ sơ liên quan hoặc của phiên bản mới hơn).",
                    self.quarantined
                ),
            });
        }
        if self.villages_without_team > 0 {
            out.push(Attention {
                code: "villages_without_team",
                text: format!(
                    "{} thôn, tổ dân phố chưa có tổ.",
                    self.villages_without_team
                ),
            });
        }
        if self.overdue_inspections > 0 {
            out.push(Attention {
                code: "overdue_inspections",
                text: format!(
                    "{} kiến nghị sau kiểm tra đã quá hạn khắc phục mà chưa ghi kết quả.",
                    self.overdue_inspections
                ),
            });
        }
        self.attention = out;
    }
}
