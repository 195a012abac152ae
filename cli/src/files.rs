//! `backup`, `restore`, the team documents (`decision`, `member-list`, `regulation`)
//! and the lists in Excel (`excel`): files written to or read from a path.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::json;
use xungkich::documents::DocumentKind;
use xungkich::ops::files;
use xungkich::Store;

use crate::output::{Output, Run, TerminalProgress};

pub fn backup(store: &mut Store, out: &Path) -> Run {
    let mut bar = TerminalProgress::new();
    let info = files::backup_to(store, out, &mut |p| bar.show(p))?;
    bar.done();
    Ok(Output {
        human: format!(
            "Đã sao lưu vào {} ({} KB).{}",
            info.file.display(),
            info.bytes.div_ceil(1024),
            if info.encrypted {
                "\nBản sao lưu được mã hóa: muốn khôi phục, cần mã in trên phiếu khôi phục của đơn vị."
            } else {
                "\nBản sao lưu nằm trong thư mục dữ liệu nên không mã hóa (không chứa khóa của đơn vị)."
            }
        ),
        json: json!({"file": info.file, "bytes": info.bytes, "encrypted": info.encrypted}),
    })
}

/// The automatic backups (after today's, with `--run`) and the last copy off the laptop.
pub fn backups(store: &mut Store, run: bool) -> Run {
    let today = chrono::Local::now().date_naive();
    let made = if run {
        store.daily_backup(today)?
    } else {
        None
    };
    let list = store.auto_backups()?;
    let status = store.backup_status(today)?;
    let mut human = String::new();
    if let Some(info) = &made {
        human.push_str(&format!("Đã sao lưu hôm nay: {}.\n", info.file.display()));
    }
    for b in &list {
        human.push_str(&format!(
            "{}  {}  {} KB  {}\n",
            b.day.format("%d/%m/%Y"),
            b.file_name,
            b.bytes.div_ceil(1024),
            if b.kept_as == "monthly" {
                "(bản của tháng)"
            } else {
                ""
            }
        ));
    }
    if list.is_empty() {
        human.push_str("Chưa có bản sao lưu tự động nào.\n");
    }
    human.push_str(&match &status.last_offsite {
        Some(at) => format!("Lần chép ra USB gần nhất: {at}."),
        None => "Chưa từng chép bản sao lưu ra USB.".into(),
    });
    if status.offsite_overdue {
        human.push_str(" Hãy sao lưu ra USB (backup --out <thư mục USB>): bản trên máy không cứu được khi mất máy.");
    }
    Ok(Output {
        human,
        json: json!({"made": made, "backups": list, "status": status}),
    })
}

pub fn restore(store: &mut Store, file: &Path, code: Option<&str>) -> Run {
    let mut bar = TerminalProgress::new();
    let info = files::restore_from(store, file, code, &mut |p| bar.show(p))?;
    bar.done();
    let previous = info
        .previous
        .as_ref()
        .map(|p| format!("\nDữ liệu trước khi khôi phục được giữ ở {}.", p.display()))
        .unwrap_or_default();
    Ok(Output {
        human: format!(
            "Đã khôi phục dữ liệu của {} ({}) từ {}.{previous}",
            info.unit_name,
            info.unit_code,
            info.file.display()
        ),
        json: json!({"file": info.file, "previous": info.previous, "unit": info.unit_code, "unit_name": info.unit_name}),
    })
}

pub fn personal_record(store: &Store, id: &str, out: &Path) -> Run {
    let saved = files::write_personal_record(store, id, xungkich::ops::today(), out)?;
    Ok(Output {
        human: format!(
            "Đã ghi {} vào {}.\nChỉ đưa phiếu cho chính người có dữ liệu; xoá tệp sau khi in.",
            saved.title,
            saved.file.display()
        ),
        json: json!({"file": saved.file, "kind": saved.kind, "title": saved.title}),
    })
}

pub fn card_sheet(store: &Store, out: &Path, on: NaiveDate) -> Run {
    let saved = files::write_card_sheet(store, on, out)?;
    Ok(Output {
        human: format!(
            "Đã ghi {} vào {}.\nHãy in và phát cho các xã cùng tệp thẻ; khi xã gọi điện, đọc mã xác nhận trên phiếu.",
            saved.title,
            saved.file.display()
        ),
        json: json!({"file": saved.file, "kind": saved.kind, "title": saved.title}),
    })
}

pub fn enrolment_sheet(store: &Store, out: &Path, on: NaiveDate) -> Run {
    let saved = files::write_enrolment_sheet(store, on, out)?;
    Ok(Output {
        human: format!(
            "Đã ghi {} vào {}.\nHãy in, ký cùng cán bộ đơn vị tiếp nhận, và lưu cùng hồ sơ của xã.",
            saved.title,
            saved.file.display()
        ),
        json: json!({"file": saved.file, "kind": saved.kind, "title": saved.title}),
    })
}

pub fn recovery_sheet(store: &Store, out: &Path, on: NaiveDate) -> Run {
    let saved = files::write_recovery_sheet(store, on, out)?;
    Ok(Output {
        human: format!(
            "Đã ghi {} vào {}.\nHãy in phiếu này, cất vào tủ an toàn của cơ quan, rồi xóa tệp: mã khôi phục không được để trên máy hay gửi qua mạng.",
            saved.title,
            saved.file.display()
        ),
        json: json!({"file": saved.file, "kind": saved.kind, "title": saved.title}),
    })
}

/// One decision by its id, of any type the program prints.
pub fn decision(store: &Store, decision_id: &str, out: &Path, on: NaiveDate) -> Run {
    let saved = files::write_decision(store, decision_id, on, out)?;
    Ok(saved_output(&saved))
}

pub fn saved_output(saved: &files::SavedDocument) -> Output {
    Output {
        human: format!("Đã ghi {} vào {}.", saved.title, saved.file.display()),
        json: json!({"file": saved.file, "kind": saved.kind, "title": saved.title}),
    }
}

pub fn document(
    store: &Store,
    kind: DocumentKind,
    team_id: &str,
    out: &Path,
    on: NaiveDate,
) -> Run {
    let saved = files::write_document(store, kind, team_id, on, out)?;
    Ok(saved_output(&saved))
}

/// `excel KIND`: a list written as an Excel workbook.
pub fn list(
    store: &Store,
    kind: xungkich::lists::ListKind,
    team_id: Option<&str>,
    options: xungkich::lists::ListOptions,
    out: &Path,
) -> Run {
    let saved = store.write_list(kind, team_id, options, out)?;
    let personal = match saved.personal_data {
        true => format!("\n{}", xungkich::report::PERSONAL_DATA_WARNING),
        false => String::new(),
    };
    Ok(Output {
        human: format!(
            "Đã ghi {} ({} dòng; trang: {}) vào {}.{personal}",
            kind.title().to_lowercase(),
            saved.rows,
            saved.sheets.join(", "),
            saved.file.display()
        ),
        json: serde_json::to_value(&saved).unwrap_or_default(),
    })
}

/// `dossier --team ID --out PATH`: the team's whole file for the archive.
pub fn dossier(
    store: &Store,
    team_id: &str,
    options: xungkich::dossier::DossierOptions,
    out: &Path,
) -> Run {
    let saved = store.write_team_dossier(team_id, options, out)?;
    let mut human = format!(
        "Đã lập hồ sơ {} ({} tệp) tại {}.\n",
        saved.team,
        saved.files.len(),
        saved.path.display()
    );
    for f in &saved.files {
        human.push_str(&format!("  {}  {}\n", f.name, f.title));
    }
    if !saved.left_out.is_empty() {
        human.push_str("Không có trong hồ sơ:\n");
        for l in &saved.left_out {
            human.push_str(&format!("  - {l}\n"));
        }
    }
    if options.personal_data {
        human.push_str(xungkich::report::PERSONAL_DATA_WARNING);
    }
    Ok(Output {
        human,
        json: serde_json::to_value(&saved).unwrap_or_default(),
    })
}
