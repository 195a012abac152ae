//! `export`, `import`, `senders`, `pending`: bundles out and in.

use std::path::{Path, PathBuf};

use serde_json::json;
use xungkich::ops::bundles;
use xungkich::sync::export::ExportOptions;
use xungkich::sync::import::{ImportOptions, ImportStatus};
use xungkich::sync::senders::EnrolConsent;
use xungkich::Store;

use crate::output::{Failure, Output, Run, TerminalProgress};
use crate::table::Table;

pub fn export(store: &mut Store, out: &Path, full: bool, include_sensitive: bool) -> Run {
    let options = ExportOptions {
        full,
        include_sensitive,
    };
    let mut bar = TerminalProgress::new();
    let summary = bundles::export_bundle(store, out, options, &mut |p| bar.show(p))?;
    bar.done();
    let total: u64 = summary.counts.values().sum();
    let mut t = Table::new(&["Loại hồ sơ", "Số lượng"]).right_align(1);
    for (k, n) in summary.counts.iter().filter(|(_, n)| **n > 0) {
        let label = xungkich::kinds::by_name(k).map_or(k.as_str(), |k| k.label);
        t.row(vec![label.to_string(), n.to_string()]);
    }
    Ok(Output {
        human: format!(
            "Đã xuất {} hồ sơ ({}, thay đổi {} đến {}) vào\n  {}\n{}Mã SHA-256: {}\nTệp đã được đọc lại và kiểm tra. Hãy dùng \"Safely remove\" trước khi rút USB.",
            total,
            if summary.full { "bản đầy đủ" } else { "bản bổ sung" },
            summary.from_seq,
            summary.to_seq,
            summary.file.display(),
            t.render(),
            summary.sha256
        ),
        json: json!(summary),
    })
}

/// Files and folders (a folder means the bundles directly in it, as in the window).
/// Exit status 1 when any bundle was refused, after printing every result.
pub fn import(
    store: &mut Store,
    inputs: &[PathBuf],
    enrol: bool,
    re_enrol: bool,
    dry_run: bool,
) -> Run {
    let options = ImportOptions {
        consent: EnrolConsent { enrol, re_enrol },
        dry_run,
    };
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
                    format!("{file}: TỪ CHỐI — {}", r.reason.clone().unwrap_or_default())
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
    let out = Output {
        human,
        json: json!({"bundles": reports}),
    };
    match rejected {
        0 => Ok(out),
        // Print the results, then fail: a script must notice a refused bundle.
        n => Err(Failure::Partial(out, n)),
    }
}

pub fn senders(store: &Store) -> Run {
    let senders = store.senders()?;
    let mut t = Table::new(&[
        "Đơn vị",
        "Tên",
        "Vân tay khóa",
        "Đăng ký lúc",
        "Người đăng ký",
    ]);
    for s in &senders {
        t.row(vec![
            s.unit_code.clone(),
            s.unit_name.clone(),
            s.fingerprint.clone(),
            s.enrolled_at.clone(),
            s.enrolled_by.clone(),
        ]);
    }
    Ok(Output {
        human: match senders.is_empty() {
            true => "Chưa đăng ký máy gửi nào.".into(),
            false => t.render(),
        },
        json: json!({"senders": senders}),
    })
}

pub fn pending(store: &Store) -> Run {
    let waiting = store.quarantine()?;
    let gaps = store.gaps()?;
    let mut human = String::new();
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
        json: json!({"quarantine": waiting, "gaps": gaps}),
    })
}
