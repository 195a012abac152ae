//! What a failed command answers: `{code, message, problems}` (docs/desktop-api.md,
//! "Errors").
//!
//! - `code`: the engine's stable code ([`xungkich::Error::code`]), or one of the shell's
//!   own: `cancelled` (the user closed a file dialog) and `internal` (a fault of the
//!   program itself, e.g. a panic in the engine or a dialog that could not be shown);
//! - `message`: the engine's Vietnamese sentence, shown as is;
//! - `problems`: for `invalid`, one `{field, label, message}` per field; else `[]`.
//!
//! The page branches on `code`, never on the wording. The full error (English gloss and
//! source chain) goes to the log on standard error; the page only gets the sentence.

use serde::Serialize;
use xungkich::error::FieldProblem;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
    pub problems: Vec<FieldProblem>,
}

impl CommandError {
    /// The user closed a Save or Open dialog: nothing was done.
    pub fn cancelled() -> Self {
        CommandError {
            code: "cancelled",
            message: "Đã đóng hộp thoại chọn tệp; chưa có gì thay đổi.".into(),
            problems: Vec::new(),
        }
    }

    /// A stored scan larger than a page is sent (`scan_view`): not a mistake in a form,
    /// so not `invalid` ("chưa lưu được…"), but what to do instead.
    pub fn scan_too_large(bytes: usize) -> Self {
        CommandError {
            code: "scan_too_large",
            message: format!(
                "Bản chụp này nặng {} MB, quá lớn để xem trong cửa sổ. Hãy bấm “Mở bằng chương trình xem” hoặc “Lưu bản sao…”.",
                bytes.div_ceil(1024 * 1024)
            ),
            problems: Vec::new(),
        }
    }

    /// A fault of the program rather than of the data or the disk (a panic in the
    /// engine, a dialog that could not be shown): the engine's `internal` error, whose
    /// sentence asks to retry and report it; the detail goes to the log.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        CommandError::from(xungkich::Error::internal(detail))
    }

    /// A fault of the program: logged to `<data folder>/logs/` (a panic's log is the
    /// one its hook wrote). The engine's sentence already says that nothing was changed;
    /// this adds where the log is.
    fn with_log(mut self, chain: &str) -> Self {
        let log = crate::crashlog::take_last_panic()
            .or_else(|| crate::crashlog::record(self.code, chain));
        if let Some(log) = log {
            self.message.push_str(&format!(
                " Nhật ký lỗi: {} — hãy gửi tệp này cho cán bộ kỹ thuật.",
                log.display()
            ));
        }
        self
    }

    /// The database could not be opened at start-up: the engine's error, with the file's
    /// path added so that a technician knows which file is meant.
    pub fn startup(error: xungkich::Error, db_path: &std::path::Path) -> Self {
        let mut e = CommandError::from(error);
        e.message = format!("{} (Tệp dữ liệu: {})", e.message, db_path.display());
        e
    }
}

impl From<xungkich::Error> for CommandError {
    fn from(error: xungkich::Error) -> Self {
        let code = error.code();
        if !matches!(code, "invalid" | "not_found") {
            let mut chain = error.english();
            let mut source = std::error::Error::source(&error);
            while let Some(s) = source {
                chain.push_str(&format!(": {s}"));
                source = s.source();
            }
            eprintln!("xungkich-desktop: {code}: {chain}");
        }
        let message = error.to_string();
        let faulty = matches!(code, "internal" | "database");
        let chain = if faulty {
            error.english()
        } else {
            String::new()
        };
        let problems = match error {
            xungkich::Error::Invalid(problems) => problems,
            _ => Vec::new(),
        };
        let e = CommandError {
            code,
            message,
            problems,
        };
        if faulty {
            e.with_log(&chain)
        } else {
            e
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use xungkich::Error;

    fn json_of(e: impl Into<CommandError>) -> serde_json::Value {
        serde_json::to_value(e.into()).unwrap()
    }

    #[test]
    fn invalid_lists_every_problem() {
        let e = Error::Invalid(vec![
            FieldProblem {
                field: "full_name".into(),
                label: "Họ và tên".into(),
                message: "không được để trống".into(),
            },
            FieldProblem {
                field: "birth_date".into(),
                label: "Ngày sinh".into(),
                message: "ngày không có thật".into(),
            },
        ]);
        assert_eq!(
            json_of(e),
            json!({
                "code": "invalid",
                "message": "Chưa lưu được vì thông tin chưa đúng: Họ và tên: không được để trống; \
                            Ngày sinh: ngày không có thật",
                "problems": [
                    {"field": "full_name", "label": "Họ và tên", "message": "không được để trống"},
                    {"field": "birth_date", "label": "Ngày sinh", "message": "ngày không có thật"},
                ],
            })
        );
    }

    /// The page's answer for the engine's example error with `code`.
    fn answer_for(code: &str) -> serde_json::Value {
        let error = xungkich::error::examples()
            .into_iter()
            .find(|e| e.code() == code)
            .unwrap_or_else(|| panic!("no engine error has the code {code}"));
        json_of(error)
    }

    /// Every code but `invalid` (tested above): the code, the engine's sentence as the
    /// message, no problems, and nothing else.
    fn check_plain(code: &str) {
        let example = xungkich::error::examples()
            .into_iter()
            .find(|e| e.code() == code)
            .unwrap();
        let v = answer_for(code);
        assert_eq!(
            v,
            json!({"code": code, "message": example.to_string(), "problems": []}),
            "{code}"
        );
    }

    /// One test per code the page can receive from the engine.
    macro_rules! code_tests {
        ($($code:ident),* $(,)?) => {
            $(
                #[test]
                fn $code() {
                    check_plain(stringify!($code));
                }
            )*

            #[test]
            fn every_engine_code_has_its_test() {
                let mut tested = vec!["invalid", $(stringify!($code)),*];
                tested.sort();
                let mut codes = xungkich::error::CODES.to_vec();
                codes.sort();
                assert_eq!(tested, codes);
            }
        };
    }

    mod each_code {
        use super::check_plain;
        code_tests!(
            not_found,
            unknown_kind,
            not_initialised,
            already_initialised,
            unknown_unit,
            wrong_unit_level,
            database_newer,
            not_our_database,
            corrupt,
            busy,
            disk_full,
            read_only,
            io,
            bad_backup,
            no_bundles,
            unknown_setting,
            unknown_field,
            permission,
            not_owner,
            held_by_other_unit,
            commune_only,
            demo_exists,
            same_file,
            usb_write_failed,
            random_source,
            clock_wrong,
            data_folder,
            internal,
            unsupported_format,
            issuing_unit_missing,
            decision_not_numbered,
            outside_scope,
            bad_card,
            fingerprint_mismatch,
            no_receiver_card,
            no_commune_key,
            nothing_to_confirm,
            workbook,
            import_file,
            keys_missing,
            key_vault,
            recovery_code_mistyped,
            wrong_recovery_code,
            recovery_code_needed,
            member_ineligible,
            not_in_bin,
            restore_needs_parent,
            restore_superseded,
            database,
        );
    }

    #[test]
    fn cancelled_and_internal_are_the_shells_own() {
        let v = json_of(CommandError::cancelled());
        assert_eq!(v["code"], "cancelled");
        assert_eq!(v["problems"], json!([]));
        assert!(v["message"].as_str().unwrap().contains("hộp thoại"));
        let v = json_of(CommandError::internal("task panicked"));
        assert_eq!(v["code"], "internal");
        assert_eq!(v["problems"], json!([]));
        assert!(
            !v["message"].as_str().unwrap().contains("panicked"),
            "no English detail for the clerk"
        );
    }

    #[test]
    fn a_startup_error_names_the_file() {
        let e = CommandError::startup(
            Error::DatabaseNewer {
                found: 9,
                supported: 1,
            },
            std::path::Path::new("/data/xungkich.db"),
        );
        let v = json_of(e);
        assert_eq!(v["code"], "database_newer");
        assert!(v["message"]
            .as_str()
            .unwrap()
            .ends_with("(Tệp dữ liệu: /data/xungkich.db)"));
        assert_eq!(
            v.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["code", "message", "problems"]
        );
    }
}
