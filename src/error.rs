//! The engine's error type.
//!
//! Every error reaches a person as one Vietnamese sentence that says what happened and
//! what to do ([`Error`]'s `Display`), plus an English gloss for the administrator
//! ([`Error::english`]) and a stable code for programs ([`Error::code`]). Raw SQLite
//! messages never reach the clerk: they are kept as the error's source for the log.

use std::path::PathBuf;

use serde::Serialize;

/// One problem with one field of a form or imported record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The field's name in the record kind (`full_name`, `birth_date` …).
    pub field: String,
    /// The field's Vietnamese label, for the message.
    pub label: String,
    /// What is wrong, in Vietnamese, with what to do.
    pub message: String,
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.label, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Chưa lưu được vì thông tin chưa đúng: {}", join_problems(.0))]
    Invalid(Vec<FieldProblem>),

    #[error(
        "Không tìm thấy {kind_label} có mã {id}; có thể bản ghi đã bị xóa. Hãy tải lại danh sách."
    )]
    NotFound { kind_label: String, id: String },

    #[error("Không có loại hồ sơ \"{0}\". Các loại hợp lệ: {1}.")]
    UnknownKind(String, String),

    #[error("Cơ sở dữ liệu này chưa được thiết lập. Hãy chạy lệnh \"init\" (chọn xã hoặc đơn vị tiếp nhận) trước.")]
    NotInitialised,

    #[error("Cơ sở dữ liệu này đã được thiết lập cho {unit}. Muốn bắt đầu lại, hãy dùng một tệp dữ liệu mới.")]
    AlreadyInitialised { unit: String },

    #[error("Không có đơn vị hành chính mã {code} trong danh mục {unit_set}. Hãy kiểm tra lại mã (xã: 5 chữ số, huyện: 3 chữ số, tỉnh: 2 chữ số).")]
    UnknownUnit { code: String, unit_set: String },

    #[error("Mã {code} là {actual}, nhưng ở đây cần {expected}. Hãy chọn đúng cấp đơn vị.")]
    WrongUnitLevel {
        code: String,
        actual: String,
        expected: String,
    },

    #[error("Tệp dữ liệu được tạo bởi phiên bản mới hơn của chương trình (lược đồ {found}, chương trình này hiểu đến {supported}). Hãy cài phiên bản mới nhất; tệp dữ liệu không bị thay đổi.")]
    DatabaseNewer { found: i64, supported: i64 },

    #[error("Tệp {} không phải là dữ liệu của Sổ Tổ xung kích. Hãy chọn đúng tệp.", .path.display())]
    NotOurDatabase { path: PathBuf },

    #[error(
        "Tệp dữ liệu bị hỏng ({detail}). Đừng ghi thêm; hãy khôi phục từ bản sao lưu gần nhất."
    )]
    Corrupt { detail: String },

    #[error("Tệp dữ liệu đang được một chương trình khác dùng. Hãy đóng các cửa sổ khác của Sổ Tổ xung kích rồi thử lại.")]
    Busy,

    #[error("Ổ đĩa đã đầy, chưa lưu được. Hãy giải phóng dung lượng rồi thử lại; dữ liệu cũ vẫn nguyên vẹn.")]
    DiskFull,

    #[error("Không ghi được vào {}: thư mục chỉ cho phép đọc. Hãy chọn thư mục khác.", .path.display())]
    ReadOnly { path: PathBuf },

    #[error("Không mở hoặc ghi được tệp {}: {reason}. Hãy kiểm tra đường dẫn và quyền truy cập.", .path.display())]
    Io {
        path: PathBuf,
        reason: String,
        #[source]
        source: std::io::Error,
    },

    #[error("Bản sao lưu {} không dùng được: {reason}. Dữ liệu hiện tại không bị thay đổi.", .path.display())]
    BadBackup { path: PathBuf, reason: String },

    #[error("Thư mục {} không có gói dữ liệu (.zip) nào. Hãy chọn thư mục chứa các gói xã gửi lên (thường là thư mục gốc của USB).", .path.display())]
    NoBundlesInFolder { path: PathBuf },

    #[error("Thao tác bị từ chối: {0}")]
    Refused(String),

    #[error("Không ghi được văn bản vào {}: chỉ xuất được tệp Word (.docx) hoặc trang in (.html). Hãy đặt tên tệp có đuôi .docx hoặc .html.", .path.display())]
    UnsupportedDocumentFormat { path: PathBuf },

    #[error("Đơn vị mã {code} không thuộc phạm vi của {scope}. Hãy chọn một xã trong danh sách tổng hợp.")]
    OutsideScope { code: String, scope: String },

    #[error("Không tạo được tệp Excel ({reason}). Tệp cũ (nếu có) không bị thay đổi; hãy thử lại hoặc chọn định dạng JSON.")]
    Workbook { reason: String },

    #[error("Có lỗi khi đọc hoặc ghi cơ sở dữ liệu; thay đổi chưa được lưu. Hãy thử lại, nếu vẫn lỗi hãy sao lưu và báo cán bộ kỹ thuật (mã lỗi: {code}).")]
    Database {
        code: String,
        #[source]
        source: rusqlite::Error,
    },
}

fn join_problems(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A stable identifier the window and scripts branch on (never on the wording).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::UnknownKind(..) => "unknown_kind",
            Error::NotInitialised => "not_initialised",
            Error::AlreadyInitialised { .. } => "already_initialised",
            Error::UnknownUnit { .. } => "unknown_unit",
            Error::WrongUnitLevel { .. } => "wrong_unit_level",
            Error::DatabaseNewer { .. } => "database_newer",
            Error::NotOurDatabase { .. } => "not_our_database",
            Error::Corrupt { .. } => "corrupt",
            Error::Busy => "busy",
            Error::DiskFull => "disk_full",
            Error::ReadOnly { .. } => "read_only",
            Error::Io { .. } => "io",
            Error::BadBackup { .. } => "bad_backup",
            Error::NoBundlesInFolder { .. } => "no_bundles",
            Error::Refused(_) => "refused",
            Error::UnsupportedDocumentFormat { .. } => "unsupported_format",
            Error::OutsideScope { .. } => "outside_scope",
            Error::Workbook { .. } => "workbook",
            Error::Database { .. } => "database",
        }
    }

    /// A short English gloss for administrators and logs (the CLI prints it under the
    /// Vietnamese sentence).
    pub fn english(&self) -> String {
        match self {
            Error::Invalid(p) => format!(
                "invalid input in field(s): {}",
                p.iter()
                    .map(|p| p.field.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Error::NotFound { id, .. } => format!("record {id} not found"),
            Error::UnknownKind(k, _) => format!("unknown record kind {k}"),
            Error::NotInitialised => "database not initialised: run `init`".into(),
            Error::AlreadyInitialised { unit } => {
                format!("database already initialised for {unit}")
            }
            Error::UnknownUnit { code, unit_set } => {
                format!("unknown unit code {code} in set {unit_set}")
            }
            Error::WrongUnitLevel {
                code,
                actual,
                expected,
            } => {
                format!("unit {code} is a {actual}, expected {expected}")
            }
            Error::DatabaseNewer { found, supported } => {
                format!("database schema {found} is newer than supported {supported}")
            }
            Error::NotOurDatabase { path } => {
                format!("{} is not a xungkich database", path.display())
            }
            Error::Corrupt { detail } => format!("database corrupt: {detail}"),
            Error::Busy => "database is locked by another process".into(),
            Error::DiskFull => "disk full".into(),
            Error::ReadOnly { path } => format!("{} is read-only", path.display()),
            Error::Io { path, source, .. } => format!("I/O error on {}: {source}", path.display()),
            Error::BadBackup { path, reason } => format!("bad backup {}: {reason}", path.display()),
            Error::NoBundlesInFolder { path } => {
                format!("no bundle (.zip) in folder {}", path.display())
            }
            Error::Refused(r) => format!("refused: {r}"),
            Error::UnsupportedDocumentFormat { path } => {
                format!(
                    "{}: only .docx or .html documents can be written",
                    path.display()
                )
            }
            Error::OutsideScope { code, scope } => {
                format!("unit {code} is not within the scope of {scope}")
            }
            Error::Workbook { reason } => format!("could not write the Excel workbook: {reason}"),
            Error::Database { source, .. } => format!("database error: {source}"),
        }
    }

    /// Exit status for the command line: 1 for anything refused or failed (usage errors,
    /// status 2, are clap's).
    pub fn exit_code(&self) -> i32 {
        1
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let reason = match source.kind() {
            std::io::ErrorKind::NotFound => "không tìm thấy".to_string(),
            std::io::ErrorKind::PermissionDenied => "không có quyền truy cập".to_string(),
            std::io::ErrorKind::AlreadyExists => "tệp đã tồn tại".to_string(),
            _ => source.to_string(),
        };
        Error::Io {
            path: path.into(),
            reason,
            source,
        }
    }

    pub fn invalid(field: &str, label: &str, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldProblem {
            field: field.to_string(),
            label: label.to_string(),
            message: message.into(),
        }])
    }
}

impl From<rusqlite::Error> for Error {
    fn from(source: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(e, _) = &source {
            match e.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return Error::Busy,
                ErrorCode::DiskFull => return Error::DiskFull,
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                    return Error::Corrupt {
                        detail: source.to_string(),
                    }
                }
                _ => {}
            }
        }
        let code = match &source {
            rusqlite::Error::SqliteFailure(e, _) => format!("SQLITE-{}", e.extended_code),
            rusqlite::Error::QueryReturnedNoRows => "NO-ROWS".to_string(),
            _ => "SQL".to_string(),
        };
        Error::Database { code, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_vietnamese_sentences_that_say_what_to_do() {
        let e = Error::invalid("full_name", "Họ và tên", "không được để trống");
        assert_eq!(
            e.to_string(),
            "Chưa lưu được vì thông tin chưa đúng: Họ và tên: không được để trống"
        );
        assert_eq!(e.code(), "invalid");
        let e = Error::DatabaseNewer {
            found: 9,
            supported: 1,
        };
        assert!(e.to_string().contains("phiên bản mới hơn"));
        assert!(e.to_string().contains("không bị thay đổi"));
    }

    #[test]
    fn busy_and_disk_full_sqlite_errors_get_their_own_words() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert_eq!(Error::from(busy).code(), "busy");
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        assert_eq!(Error::from(full).code(), "disk_full");
        let other = Error::from(rusqlite::Error::InvalidQuery);
        assert_eq!(other.code(), "database");
        assert!(
            !other.to_string().contains("InvalidQuery"),
            "no raw SQL error for the clerk"
        );
    }
}
