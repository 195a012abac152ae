//! Rules C1–C8 read from one team's counted facts: a status and the sentence that says
//! what was found and what is missing.

use super::{Facts, RuleResult, Status, RULES};
use crate::hlc;
use crate::kinds::{EDUCATION_LEVELS, EQUIPMENT_ITEMS};
use crate::settings::Thresholds;

fn result(index: usize, status: Status, detail: String) -> RuleResult {
    RuleResult {
        rule: RULES[index].0,
        title: RULES[index].1,
        status,
        detail,
    }
}

/// Met if all, partly if some, not met if none of the parts hold.
fn of_parts(parts: &[bool]) -> Status {
    match parts.iter().filter(|p| **p).count() {
        0 => Status::NotMet,
        n if n == parts.len() => Status::Met,
        _ => Status::Partial,
    }
}

fn missing(parts: &[(bool, &str)]) -> String {
    parts
        .iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, what)| *what)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn assess(f: &Facts, t: &Thresholds, on_ms: i64) -> Vec<RuleResult> {
    let mut out = Vec::with_capacity(8);

    out.push(match f.founding {
        None => result(
            0,
            Status::NotMet,
            "Chưa có quyết định thành lập; hãy nhập quyết định và đính kèm bản chụp.".into(),
        ),
        Some((signed, numbered, scanned)) => {
            let parts = [
                (signed, "chưa ký"),
                (numbered, "chưa có số"),
                (scanned, "chưa đính kèm bản chụp"),
            ];
            if signed && numbered && scanned {
                result(
                    0,
                    Status::Met,
                    "Có quyết định thành lập đã ký, có số và bản chụp.".into(),
                )
            } else {
                result(
                    0,
                    Status::Partial,
                    format!("Quyết định thành lập {}.", missing(&parts)),
                )
            }
        }
    });

    let last_ms = hlc::physical_ms(f.last_change_hlc);
    let days = (on_ms - last_ms).max(0) / 86_400_000;
    let last_date = hlc::to_datetime(f.last_change_hlc)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default();
    out.push(if days <= t.c2_fresh_days {
        result(
            1,
            Status::Met,
            format!("Cập nhật lần cuối ngày {last_date}."),
        )
    } else {
        result(
            1,
            Status::NotMet,
            format!(
                "Hồ sơ chưa cập nhật từ ngày {last_date} ({days} ngày, quá {} ngày).",
                t.c2_fresh_days
            ),
        )
    });

    out.push(c3(f, t));

    let parts = [
        (f.regulations > 0, "chưa có quy chế"),
        (f.duties > 0, "chưa ghi nhiệm vụ"),
    ];
    out.push(match of_parts(&[parts[0].0, parts[1].0]) {
        Status::Met => result(
            3,
            Status::Met,
            format!("Có {} quy chế, {} nhiệm vụ.", f.regulations, f.duties),
        ),
        s => result(3, s, format!("Tổ {}.", missing(&parts))),
    });

    out.push(if f.programmes > 0 {
        result(
            4,
            Status::Met,
            format!("Lồng ghép với {} chương trình, phong trào.", f.programmes),
        )
    } else {
        result(
            4,
            Status::NotMet,
            "Chưa ghi lồng ghép với chương trình, phong trào nào.".into(),
        )
    });

    let parts = [
        (f.propaganda > 0, "chưa có buổi tuyên truyền"),
        (f.contributions > 0, "chưa có khoản nhân dân đóng góp"),
    ];
    out.push(match of_parts(&[parts[0].0, parts[1].0]) {
        Status::Met => result(
            5,
            Status::Met,
            format!(
                "{} buổi tuyên truyền, {} khoản đóng góp trong kỳ.",
                f.propaganda, f.contributions
            ),
        ),
        s => result(
            5,
            s,
            format!("Trong {} ngày qua {}.", t.period_days, missing(&parts)),
        ),
    });

    out.push(c7(f, t));
    out.push(c8(f, t));
    out
}

fn education_label(index: i64) -> &'static str {
    usize::try_from(index)
        .ok()
        .and_then(|i| EDUCATION_LEVELS.get(i))
        .map_or("không yêu cầu", |(_, label)| *label)
}

/// C3: healthy (a certificate still valid), trained, schooled; within 18–70 today; a
/// leader who meets the schooling minimum.
fn c3(f: &Facts, t: &Thresholds) -> RuleResult {
    let Some(percent) = (f.members_all_three * 100).checked_div(f.members) else {
        return result(2, Status::NotMet, "Tổ chưa có thành viên.".into());
    };
    let mut detail = format!(
        "{}/{} thành viên đủ cả ba điều kiện ({percent}%, cần {}%): {} có giấy khám sức khỏe còn giá trị (cấp trong {} tháng), {} đã tập huấn trong {} tháng, {} đạt trình độ học vấn từ {} trở lên.",
        f.members_all_three,
        f.members,
        t.c3_min_percent,
        f.members_health,
        t.health_cert_months,
        f.members_trained,
        t.training_months,
        f.members_educated,
        education_label(t.c3_min_education).to_lowercase(),
    );
    let mut capped = false;
    if f.members_age_outside > 0 {
        capped = true;
        detail.push_str(&format!(
            " {} thành viên ngoài độ tuổi 18–70 (trên 70 tuổi chưa có quyết định của Chủ tịch UBND): hãy kiểm tra ngày sinh, ghi quyết định cho phép hoặc cho thôi tham gia.",
            f.members_age_outside
        ));
    }
    if f.leaders_uneducated > 0 {
        capped = true;
        detail.push_str(&format!(
            " Tổ trưởng chưa đạt trình độ học vấn tối thiểu ({}) hoặc chưa ghi trình độ: hãy ghi trình độ, hoặc xem lại việc cử tổ trưởng.",
            education_label(t.c3_min_education)
        ));
    }
    let status = if percent as i64 >= t.c3_min_percent {
        if capped {
            Status::Partial
        } else {
            Status::Met
        }
    } else if f.members_all_three > 0 {
        Status::Partial
    } else {
        Status::NotMet
    };
    result(2, status, detail)
}

fn item_label(index: usize) -> &'static str {
    EQUIPMENT_ITEMS.get(index).map_or("?", |(_, label)| *label)
}

/// C7, the commune's part: the required items held, nothing left with members who have
/// gone, members sent to the trainings held. Inspecting and training are the police's
/// part ([`super::owed`]); the sentence names them without counting them.
fn c7(f: &Facts, t: &Thresholds) -> RuleResult {
    let short: Vec<String> = f
        .required_held
        .iter()
        .filter(|(_, held, needed)| held < needed)
        .map(|(item, held, needed)| format!("{} ({held}/{needed})", item_label(*item)))
        .collect();
    let equipped = short.is_empty();
    let returned = f.unreturned == 0;
    let sent = !f.training_offered || f.members_trained > 0;
    let mut missing = Vec::new();
    if !equipped {
        missing.push(format!("thiếu {}", short.join(", ")));
    }
    if !returned {
        missing.push(format!(
            "chưa thu hồi {} trang phục, công cụ của thành viên đã thôi",
            f.unreturned
        ));
    }
    if !sent {
        missing.push(format!(
            "có lớp tập huấn trong {} tháng nhưng không thành viên nào dự",
            t.training_months
        ));
    }
    let status = of_parts(&[equipped, returned, sent]);
    let mut detail = if status == Status::Met {
        let required: Vec<String> = f
            .required_held
            .iter()
            .map(|(item, held, _)| format!("{} {held}", item_label(*item).to_lowercase()))
            .collect();
        if required.is_empty() {
            format!(
                "{} món trang bị đang giữ, {} thành viên được huấn luyện.",
                f.equipment, f.members_trained
            )
        } else {
            format!(
                "Đủ trang bị bắt buộc ({}), {} thành viên được huấn luyện.",
                required.join(", "),
                f.members_trained
            )
        }
    } else {
        let mut d = format!("Tổ {}.", missing.join("; "));
        if !equipped {
            d.push_str(" Số trong ngoặc: thành viên đang giữ / cần có.");
        }
        d
    };
    let owed: Vec<String> = super::owed::receiver_todo(f, t)
        .into_iter()
        .filter(|o| o.rule == "C7")
        .map(|o| o.text)
        .collect();
    if !owed.is_empty() {
        detail.push_str(&format!(
            " Phần của đơn vị tiếp nhận, không tính vào kết quả của xã: {}",
            owed.join(" ")
        ));
    }
    result(6, status, detail)
}

/// C8, the commune's part: a commendation proposed (or granted, which was proposed)
/// within `c8_years`. Deciding is the authorities' part.
fn c8(f: &Facts, t: &Thresholds) -> RuleResult {
    let mut r = if f.commendations > 0 || f.proposals > 0 {
        result(
            7,
            Status::Met,
            format!(
                "{} lần khen thưởng, {} đề nghị khen thưởng trong {} năm.",
                f.commendations, f.proposals, t.c8_years
            ),
        )
    } else {
        result(
            7,
            Status::NotMet,
            format!(
                "Chưa được đề nghị khen thưởng trong {} năm qua: nếu tổ hoặc thành viên có thành tích, hãy lập đề nghị khen thưởng.",
                t.c8_years
            ),
        )
    };
    if f.proposals_pending > 0 {
        r.detail.push_str(&format!(
            " {} đề nghị đang chờ cấp có thẩm quyền xét.",
            f.proposals_pending
        ));
    }
    r
}
