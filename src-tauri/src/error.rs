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

    /// A fault of the program rather than of the data or the disk.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        eprintln!("xungkich-desktop: internal error: {detail}");
        CommandError {
            code: "internal",
            message: "Chương trình gặp lỗi ngoài dự kiến; thao tác chưa hoàn tất. Hãy thử lại, \
                      nếu vẫn lỗi hãy khởi động lại chương trình và báo cán bộ kỹ thuật."
                .into(),
            problems: Vec::new(),
        }
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
        let problems = match error {
            xungkich::Error::Invalid(problems) => problems,
            _ => Vec::new(),
        };
        CommandError {
            code,
            message,
            problems,
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

    #[test]
    fn other_engine_errors_have_their_code_the_sentence_and_no_problems() {
        let cases = [
            (
                Error::NotFound {
                    kind_label: "tổ".into(),
                    id: "x".into(),
                },
                "not_found",
            ),
            (Error::NotInitialised, "not_initialised"),
            (
                Error::UnknownUnit {
                    code: "99999".into(),
                    unit_set: "2008".into(),
                },
                "unknown_unit",
            ),
            (
                Error::WrongUnitLevel {
                    code: "001".into(),
                    actual: "đơn vị cấp huyện".into(),
                    expected: "đơn vị cấp xã".into(),
                },
                "wrong_unit_level",
            ),
            (
                Error::AlreadyInitialised {
                    unit: "Phường Phúc Xá (00001)".into(),
                },
                "already_initialised",
            ),
            (Error::Refused("không được".into()), "refused"),
            (Error::Busy, "busy"),
            (Error::DiskFull, "disk_full"),
            (
                Error::DatabaseNewer {
                    found: 9,
                    supported: 1,
                },
                "database_newer",
            ),
            (
                Error::BadBackup {
                    path: "/tmp/a.db".into(),
                    reason: "tệp bị hỏng".into(),
                },
                "bad_backup",
            ),
            (
                Error::io("/tmp/x", std::io::Error::from(std::io::ErrorKind::NotFound)),
                "io",
            ),
        ];
        for (error, code) in cases {
            let message = error.to_string();
            assert_eq!(
                json_of(error),
                json!({"code": code, "message": message, "problems": []}),
                "{code}"
            );
        }
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
