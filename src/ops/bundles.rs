//! Bundles in and out: which files an import takes, the import itself with the
//! receiving unit's overview prepared after it, and export to a file or a folder.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Progress;
use crate::error::Result;
use crate::installation::Role;
use crate::receiver::OverviewCache;
use crate::sync::export::{bundle_file_name, ExportOptions, ExportSummary};
use crate::sync::import::{bundles_in_folder, ImportOptions, ImportReport, ImportStatus};
use crate::Store;

/// The bundle files the user meant: a file is taken as it is (a wrong one is refused
/// with its reason by the import, in its place), a folder means the bundles directly in
/// it ([`bundles_in_folder`]: `.zip` in any case, hidden files such as macOS's `._x.zip`
/// left out, Vietnamese name order, and an error for a folder without any).
pub fn bundle_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::with_capacity(inputs.len());
    for input in inputs {
        if input.is_dir() {
            files.extend(bundles_in_folder(input)?);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Imports the bundles of `inputs` (files or folders, see [`bundle_files`]) in one
/// batch; the team facts of what was applied are recomputed inside its transaction. On
/// a receiving unit, when something was applied and the caller keeps an overview (the
/// window: `prepare` is its cache and the day), the overview's figures are prepared
/// before returning, so the officer's next screen answers at once. The command line
/// keeps none: its process ends with the import.
///
/// Progress: `import` counts bundles, `import-bundle` the current one's records.
pub fn import_bundles(
    store: &mut Store,
    inputs: &[PathBuf],
    options: ImportOptions,
    prepare: Option<(&OverviewCache, NaiveDate)>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<ImportReport>> {
    let files = bundle_files(inputs)?;
    let total = files.len();
    let dry_run = options.dry_run;
    let reports = store.import_files(&files, options, |p| {
        let name = p.file.file_name().unwrap_or(p.file.as_os_str());
        let name = name.to_string_lossy();
        if p.records_done == 0 && p.records == 0 {
            progress(Progress::new(
                "import",
                p.bundle,
                p.bundles,
                format!("Đang nhập {name}"),
            ));
        }
        progress(Progress::new(
            "import-bundle",
            p.records_done as usize,
            p.records as usize,
            format!("Bản ghi của {name}"),
        ));
    })?;
    let applied = reports.iter().any(|r| r.status == ImportStatus::Applied);
    if let Some((cache, on)) = prepare {
        if applied && !dry_run && store.installation()?.role == Role::Receiver {
            progress(Progress::new(
                "import",
                total,
                total,
                "Đang tổng hợp số liệu các xã…",
            ));
            cache.prepare(store, on)?;
        }
    }
    progress(Progress::new("import", total, total, "Đã nhập xong"));
    Ok(reports)
}

/// The name the next bundle with these options gets when only a folder is given (and
/// the name the window's Save dialog proposes): see [`bundle_file_name`].
pub fn default_bundle_name(
    store: &Store,
    options: ExportOptions,
    day: NaiveDate,
) -> Result<String> {
    let unit = store.installation()?.unit_code;
    let (from_seq, to_seq) = store.bundle_range(options)?;
    Ok(bundle_file_name(
        &unit,
        day,
        from_seq,
        to_seq,
        !options.unencrypted,
    ))
}

/// A receiving unit's export: into `folder`, one bundle per commune, each holding only
/// the receiving unit's records about that commune's teams (see
/// [`Store::export_to_communes`]), each read back and checked.
pub fn export_to_communes(
    store: &mut Store,
    folder: &Path,
    options: ExportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<ExportSummary>> {
    if store.installation()?.role != Role::Receiver {
        return Err(crate::Error::invalid(
            "out",
            "Nơi lưu",
            "chỉ đơn vị tiếp nhận mới xuất gói riêng cho từng xã; xã xuất một gói của mình",
        ));
    }
    if !folder.is_dir() {
        return Err(receiver_needs_a_folder());
    }
    progress(Progress::new("export", 0, 1, "Đang ghi gói cho từng xã…"));
    let summaries = store.export_to_communes(folder, options)?;
    progress(Progress::new(
        "export",
        1,
        1,
        format!("Đã ghi và đọc lại {} gói", summaries.len()),
    ));
    Ok(summaries)
}

fn receiver_needs_a_folder() -> crate::Error {
    crate::Error::invalid(
        "out",
        "Nơi lưu",
        "đơn vị tiếp nhận xuất một gói riêng cho mỗi xã (mỗi xã chỉ nhận hồ sơ về tổ của mình): hãy chọn một thư mục",
    )
}

/// Writes a bundle to `out` (a file, or a folder where [`bundle_file_name`] names it),
/// reads it back and checks it. A receiving unit writes one bundle per commune instead
/// ([`export_to_communes`]).
/// The monthly send in one step: the bundle [`Store::send_plan`] chooses (full the first
/// time, everything unconfirmed when the receiving unit reports something missing, else
/// the changes since the last one), sealed to the receiving unit's card.
pub fn send_bundle(
    store: &mut Store,
    out: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportSummary> {
    let options = store.send_plan()?.options();
    export_bundle(store, out, options, progress)
}

pub fn export_bundle(
    store: &mut Store,
    out: &Path,
    options: ExportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportSummary> {
    // The installation first: nothing is written for a database that is not set up.
    if store.installation()?.role == Role::Receiver {
        return Err(receiver_needs_a_folder());
    }
    progress(Progress::new(
        "export",
        0,
        1,
        "Đang ghi và kiểm tra gói dữ liệu…",
    ));
    let summary = store.export(out, options)?;
    progress(Progress::new(
        "export",
        1,
        1,
        "Đã ghi và đọc lại gói dữ liệu",
    ));
    Ok(summary)
}

/// A receiving unit's recovery bundle for a commune whose laptop died
/// ([`Store::export_recovery`]): into `out` (a file, or a folder where it is named
/// `xungkich-khoiphuc-<commune>-<date>.xkb`), sealed to the commune's newest enrolled
/// installation, read back and checked.
pub fn export_recovery(
    store: &mut Store,
    commune: &str,
    out: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportSummary> {
    progress(Progress::new(
        "export",
        0,
        1,
        "Đang ghi bản khôi phục cho xã…",
    ));
    let summary = store.export_recovery(commune, out)?;
    progress(Progress::new(
        "export",
        1,
        1,
        "Đã ghi và đọc lại bản khôi phục",
    ));
    Ok(summary)
}
