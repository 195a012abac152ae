//! `export`, `import`, `senders`, `pending`: bundles out and in.

use std::path::{Path, PathBuf};

use serde_json::json;
use xungkich::ops::{bundles, cards, receipts};
use xungkich::sync::export::ExportOptions;
use xungkich::sync::import::{ImportOptions, ImportStatus};
use xungkich::sync::senders::EnrolConsent;
use xungkich::{Error, Store};

use crate::output::{Failure, Output, Run, TerminalProgress};
use crate::table::Table;

pub fn export(store: &mut Store, out: &Path, options: ExportOptions) -> Run {
    let mut bar = TerminalProgress::new();
    if store.installation()?.role == xungkich::installation::Role::Receiver {
        // One bundle per commune, each with only what concerns it.
        let summaries = bundles::export_to_communes(store, out, options, &mut |p| bar.show(p))?;
        bar.done();
        let mut t = Table::new(&["Gói", "Số hồ sơ"]).right_align(1);
        for s in &summaries {
            let name = s.file.file_name().map(|n| n.to_string_lossy().into_owned());
            t.row(vec![
                name.unwrap_or_default(),
                s.counts.values().sum::<u64>().to_string(),
            ]);
        }
        return Ok(Output {
            human: format!(
                "Đã xuất {} gói, mỗi xã một gói chỉ gồm hồ sơ về các tổ của xã đó, vào\n  {}\n{}Các tệp đã được đọc lại và kiểm tra.",
                summaries.len(),
                out.display(),
                t.render()
            ),
            json: json!({"bundles": summaries}),
        });
    }
    let summary = bundles::export_bundle(store, out, options, &mut |p| bar.show(p))?;
    bar.done();
    Ok(bundle_output(summary))
}

/// The monthly send: the bundle the plan chooses, with why.
pub fn send(store: &mut Store, out: &Path) -> Run {
    let plan = store.send_plan()?;
    let mut bar = TerminalProgress::new();
    let summary = bundles::send_bundle(store, out, &mut |p| bar.show(p))?;
    bar.done();
    let mut output = bundle_output(summary);
    output.human = format!("{}\n{}", plan.why, output.human);
    output.json = json!({"plan": plan, "bundle": output.json});
    Ok(output)
}

/// What one bundle written says: its counts, file, hash, seal and personal data.
fn bundle_output(summary: xungkich::sync::export::ExportSummary) -> Output {
    let total: u64 = summary.counts.values().sum();
    let mut t = Table::new(&["Loại hồ sơ", "Số lượng"]).right_align(1);
    for (k, n) in summary.counts.iter().filter(|(_, n)| **n > 0) {
        let label = xungkich::kinds::by_name(k).map_or(k.as_str(), |k| k.label);
        t.row(vec![label.to_string(), n.to_string()]);
    }
    Output {
        human: format!(
            "Đã xuất {} hồ sơ ({}, thay đổi {} đến {}) vào\n  {}\n{}Mã SHA-256: {}\nTệp đã được đọc lại và kiểm tra. Hãy dùng \"Safely remove\" trước khi rút USB.",
            total,
            if summary.full { "bản đầy đủ" } else { "bản bổ sung" },
            summary.from_seq,
            summary.to_seq,
            summary.file.display(),
            t.render(),
            summary.sha256
        ) + &seal_and_personal_data(&summary)
            + &summary
                .clock_warning
                .as_deref()
                .map(|w| format!("\nCHÚ Ý: {w}"))
                .unwrap_or_default(),
        json: json!(summary),
    }
}

/// For whom the bundle is sealed (or the warning that it is not), and which personal
/// data it holds: what the sender must know of what leaves the laptop.
fn seal_and_personal_data(summary: &xungkich::sync::export::ExportSummary) -> String {
    let mut text = match &summary.sealed_to {
        Some(to) => format!(
            "\nĐã mã hoá cho {} ({}), thẻ {}: chỉ máy đó mở được.",
            to.unit_name, to.unit_code, to.fingerprint
        ),
        None => {
            "\nCẢNH BÁO: gói KHÔNG mã hoá (đã chọn --unencrypted): ai cầm được USB đều đọc được \
                 dữ liệu cá nhân trong gói. Hãy xoá tệp khỏi USB ngay sau khi đơn vị nhận đã nhập."
                .to_string()
        }
    };
    if summary.personal_data.is_empty() {
        text.push_str("\nGói không có dữ liệu cá nhân.");
    } else {
        text.push_str("\nDữ liệu cá nhân trong gói:");
        for p in &summary.personal_data {
            text.push_str(&format!(
                "\n  - {} ({} hồ sơ): {}",
                p.kind,
                p.records,
                p.fields.join(", ")
            ));
        }
    }
    text
}

/// Files and folders (a folder means the bundles directly in it, as in the window).
/// Exit status 1 when any bundle was refused, after printing every result.
pub fn import(
    store: &mut Store,
    inputs: &[PathBuf],
    enrol: &[String],
    re_enrol: &[String],
    dry_run: bool,
) -> Run {
    let consent = EnrolConsent::new(enrol, re_enrol).map_err(|typed| {
        Error::invalid(
            "enrol",
            "Mã xác nhận",
            format!("\"{typed}\" không phải mã xác nhận (24 chữ số hệ 16, như \"3F2A 91C0 7B4E D215 0A9C 66E1\")"),
        )
    })?;
    let options = ImportOptions { consent, dry_run };
    let mut bar = TerminalProgress::new();
    let reports = bundles::import_bundles(store, inputs, options, None, &mut |p| bar.show(p))?;
    bar.done();
    let mut human = String::new();
    for r in &reports {
        let file = r.file.display();
        let line =
            match r.status {
                ImportStatus::Applied => format!(
                "{file}: {}đã nhập — thêm {}, cập nhật {}, không đổi {}, chờ {}, giải phóng {}{}.",
                if r.dry_run { "(thử) " } else { "" },
                r.inserted,
                r.updated,
                r.unchanged,
                r.quarantined,
                r.released,
                if r.enrolled { ", đã đăng ký máy gửi" } else { "" }
            ),
                ImportStatus::Duplicate => format!("{file}: đã nhập trước đây, không thay đổi gì."),
                ImportStatus::Rejected => {
                    let mut line =
                        format!("{file}: TỪ CHỐI — {}", r.reason.clone().unwrap_or_default());
                    // What the officer has to decide on: the signed manifest's word.
                    if r.reason_code == Some("unknown_sender") && !r.declared.is_empty() {
                        let counts: Vec<String> =
                            r.declared.iter().map(|(k, n)| format!("{k} {n}")).collect();
                        line.push_str(&format!("\n  Gói ghi là có: {}.", counts.join(", ")));
                    }
                    line
                }
            };
        human.push_str(&line);
        human.push('\n');
        for g in &r.gaps {
            human.push_str(&format!("  {}\n", g.message));
        }
    }
    let rejected = reports
        .iter()
        .filter(|r| r.status == ImportStatus::Rejected)
        .count();
    // A receipt came: what it says now.
    let receipt = match reports.iter().any(|r| r.receipt) {
        true => receipts::receipt_status(store)?,
        false => None,
    };
    if let Some(status) = &receipt {
        human.push_str(&receipt_words(status));
    }
    let out = Output {
        human,
        json: json!({"bundles": reports, "receipt": receipt}),
    };
    match rejected {
        0 => Ok(out),
        // Print the results, then fail: a script must notice a refused bundle.
        n => Err(Failure::Partial(out, n)),
    }
}

pub fn senders(store: &mut Store, revoke: Option<&str>) -> Run {
    let mut human = String::new();
    if let Some(installation) = revoke {
        let s = store.revoke_sender(installation)?;
        human.push_str(&format!(
            "Đã thu hồi đăng ký máy gửi của {} ({}): các gói sau của máy này sẽ bị từ chối; hồ sơ đã nhập vẫn giữ.\n\n",
            s.unit_name, s.unit_code
        ));
    }
    let senders = store.senders()?;
    let mut t = Table::new(&[
        "Đơn vị",
        "Tên",
        "Máy",
        "Mã xác nhận",
        "Đăng ký lúc",
        "Người đăng ký",
        "Thu hồi lúc",
    ]);
    for s in &senders {
        t.row(vec![
            s.unit_code.clone(),
            s.unit_name.clone(),
            s.installation_id.clone(),
            s.fingerprint.clone(),
            s.enrolled_at.clone(),
            s.enrolled_by.clone(),
            s.revoked_at.clone().unwrap_or_default(),
        ]);
    }
    human.push_str(&match senders.is_empty() {
        true => "Chưa đăng ký máy gửi nào.".into(),
        false => t.render(),
    });
    Ok(Output {
        human,
        json: json!({"senders": senders}),
    })
}

pub fn pending(store: &Store) -> Run {
    let waiting = store.quarantine()?;
    let gaps = store.gaps()?;
    let receipt = receipts::receipt_status(store)?;
    let mut human = receipt.as_ref().map(receipt_words).unwrap_or_default();
    for g in &gaps {
        human.push_str(&g.message);
        human.push('\n');
    }
    let mut t = Table::new(&["Loại", "Mã", "Lý do"]);
    for q in &waiting {
        t.row(vec![q.kind.clone(), q.record_id.clone(), q.reason.clone()]);
    }
    if waiting.is_empty() {
        human.push_str("Không có hồ sơ nào đang chờ.");
    } else {
        human.push_str(&format!(
            "{} hồ sơ đang chờ:\n{}",
            waiting.len(),
            t.render()
        ));
    }
    Ok(Output {
        human,
        json: json!({"quarantine": waiting, "gaps": gaps, "receipt": receipt}),
    })
}

/// `receiver-card --out FILE`: the receiving unit's card, for its communes.
pub fn receiver_card(store: &Store, out: &Path) -> Run {
    let (file, info) = cards::write_receiver_card(store, out)?;
    Ok(Output {
        human: format!(
            "Đã ghi thẻ của {} ({}) vào\n  {}\nMã xác nhận: {}\nTrao tệp này cho các xã (chép vào USB) và đọc mã xác nhận qua điện thoại khi xã tin cậy thẻ.",
            info.unit_name,
            info.unit_code,
            file.display(),
            info.fingerprint
        ),
        json: json!({"file": file, "card": info}),
    })
}

/// `trust FILE --fingerprint FP`: the commune trusts the receiving unit's card.
pub fn trust(store: &mut Store, file: &Path, fingerprint: &str) -> Run {
    let outcome = cards::trust_card(store, file, fingerprint)?;
    let card = &outcome.card;
    let mut human = if outcome.already_trusted {
        format!(
            "Thẻ của {} ({}), mã xác nhận {}, đã được tin cậy từ trước; không có gì thay đổi.",
            card.unit_name, card.unit_code, card.fingerprint
        )
    } else {
        format!(
            "Đã tin cậy thẻ của {} ({}), mã xác nhận {}. Từ nay gói dữ liệu của xã được mã hoá cho đơn vị này, và gói do đơn vị này gửi về được nhận.",
            card.unit_name, card.unit_code, card.fingerprint
        )
    };
    if let Some(old) = &outcome.replaced {
        human.push_str(&format!(
            "\nThẻ cũ (mã xác nhận {}) đã bị thu hồi. Hãy xuất bản đầy đủ (export --full) để gửi lại toàn bộ hồ sơ cho đơn vị tiếp nhận.",
            old.fingerprint
        ));
    }
    Ok(Output {
        human,
        json: json!(outcome),
    })
}

/// `recovery --unit CODE --out FILE|FOLDER`: a commune's records for its new laptop.
pub fn recovery(store: &mut Store, commune: &str, out: &Path) -> Run {
    let mut bar = TerminalProgress::new();
    let summary = bundles::export_recovery(store, commune, out, &mut |p| bar.show(p))?;
    bar.done();
    let total: u64 = summary.counts.values().sum();
    let to = summary.sealed_to.as_ref();
    Ok(Output {
        human: format!(
            "Đã ghi bản khôi phục ({total} hồ sơ) vào\n  {}\nĐã mã hoá cho máy mới của {} (mã xác nhận {}): chỉ máy đó mở được. Xã nhập tệp này như một gói dữ liệu thường.\nThông tin nhạy cảm (dân tộc, tôn giáo, đảng viên) không có ở đơn vị tiếp nhận nên không khôi phục được; xã nhập lại nếu cần.",
            summary.file.display(),
            to.map(|t| t.unit_name.as_str()).unwrap_or(commune),
            to.map(|t| t.fingerprint.as_str()).unwrap_or("")
        ),
        json: json!(summary),
    })
}

/// What the receiving unit's receipt says: the sentence, then each gap.
fn receipt_words(status: &xungkich::sync::receipts::ReceiptStatus) -> String {
    let mut text = format!("{}\n", status.message);
    for g in &status.gaps {
        text.push_str(&format!("  {}\n", g.message));
    }
    text
}

/// `receipt --unit CODE --out FILE`: the receiving unit's receipt for one commune.
pub fn receipt(store: &mut Store, unit: &str, out: &Path) -> Run {
    let saved = receipts::save_receipt(store, unit, out)?;
    let held: Vec<String> = saved
        .confirmed_to
        .iter()
        .map(|(installation, n)| format!("  máy {installation}: đủ đến lần thay đổi {n}"))
        .collect();
    let sealed = match &saved.sealed_to {
        Some(to) => format!(
            "Đã mã hoá cho {} ({}), mã xác nhận {}.",
            to.unit_name, to.unit_code, to.fingerprint
        ),
        None => {
            "Biên nhận không mã hoá (chưa có khoá của xã); biên nhận không chứa dữ liệu cá nhân."
                .into()
        }
    };
    Ok(Output {
        human: format!(
            "Đã ghi biên nhận cho {} ({}) vào\n  {}\nĐơn vị tiếp nhận đang giữ {} hồ sơ của xã:\n{}\n{}\nXã nhập tệp này như một gói dữ liệu.",
            saved.commune_name,
            saved.commune_unit,
            saved.file.display(),
            saved.records,
            held.join("\n"),
            sealed
        ),
        json: json!(saved),
    })
}
