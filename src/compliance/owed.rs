//! What the police and the authorities owe a team, read from the same facts as rules
//! C7 and C8: inspecting it, training its members, deciding on its commendation
//! proposals. The notice asks these of them, not of the commune, so they are the
//! receiving unit's own to-do list and never lower the commune's results.

use serde::Serialize;

use super::Facts;
use crate::settings::Thresholds;

/// The kinds of task, in the order the receiving unit's list shows them: code, rule,
/// heading.
pub const OWED_TASKS: [(&str, &str, &str); 3] = [
    ("inspect", "C7", "Kiểm tra tổ"),
    ("train", "C7", "Tập huấn cho thành viên"),
    ("decide_proposals", "C8", "Xét đề nghị khen thưởng"),
];

/// One thing the receiving unit owes one team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwedTask {
    /// One of [`OWED_TASKS`]' codes.
    pub code: &'static str,
    pub rule: &'static str,
    /// How many: 1 for an inspection or a training owed, the proposals waiting.
    pub count: usize,
    /// What is owed, in Vietnamese.
    pub text: String,
}

fn task(code: &'static str, count: usize, text: String) -> OwedTask {
    let rule = OWED_TASKS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or("", |(_, rule, _)| *rule);
    OwedTask {
        code,
        rule,
        count,
        text,
    }
}

/// The receiving unit's tasks for a team with these facts.
pub(super) fn receiver_todo(f: &Facts, t: &Thresholds) -> Vec<OwedTask> {
    let mut out = Vec::new();
    if f.inspections == 0 {
        out.push(task(
            "inspect",
            1,
            format!("Chưa kiểm tra tổ trong {} ngày qua.", t.period_days),
        ));
    }
    if !f.training_offered && f.members > 0 {
        out.push(task(
            "train",
            1,
            format!(
                "Chưa có lớp tập huấn nào cho thành viên của tổ trong {} tháng qua.",
                t.training_months
            ),
        ));
    }
    if f.proposals_pending > 0 {
        out.push(task(
            "decide_proposals",
            f.proposals_pending,
            format!("{} đề nghị khen thưởng đang chờ xét.", f.proposals_pending),
        ));
    }
    out
}
