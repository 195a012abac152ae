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
        "Không tìm thấy {kind_label} có mã {id}; có thể mục hồ sơ này đã bị xóa. Hãy tải lại danh sách."
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

    #[error("Không có thiết lập \"{key}\". Xem danh sách thiết lập bằng lệnh \"settings\" hoặc trong mục Thiết lập.")]
    UnknownSetting { key: String },

    #[error("Không lọc được {kind_label} theo \"{field}\": loại hồ sơ này không có trường tham chiếu đó.")]
    UnknownField { kind_label: String, field: String },

    #[error("Đơn vị tiếp nhận không tạo {kind_label} — hồ sơ này do xã lập và gửi lên qua gói dữ liệu. Đơn vị tiếp nhận chỉ ghi {own} của mình.")]
    ReceiverCannotCreate { kind_label: String, own: String },

    #[error("{kind_label} này do đơn vị mã {owner} quản lý; chỉ đơn vị đó được sửa hoặc xóa.", kind_label = capitalise(.kind_label))]
    NotOwner { kind_label: String, owner: String },

    #[error("Không xóa được {kind_label} này: {other_label} của đơn vị mã {owner} đang gắn với nó. Hãy đề nghị đơn vị đó xóa hoặc sửa trước.")]
    HeldByOtherUnit {
        kind_label: String,
        other_label: String,
        owner: String,
    },

    #[error("Việc này chỉ làm được trong tệp dữ liệu của một xã, còn tệp này là của đơn vị tiếp nhận {unit_name}. Hãy dùng tệp dữ liệu của xã.")]
    CommuneOnly { unit_name: String },

    #[error("Dữ liệu mẫu với hạt giống {seed} và ngày {day} đã có trong tệp này; hãy chọn hạt giống khác hoặc dùng một tệp dữ liệu mới.")]
    DemoExists { seed: u64, day: String },

    #[error("Không thể ghi đè lên chính tệp dữ liệu đang dùng ({}). Hãy chọn tệp khác để sao lưu.", .path.display())]
    SameFileAsDatabase { path: PathBuf },

    #[error("Tệp {} đọc lại không đúng với tệp vừa ghi; ổ đĩa hoặc USB có thể bị lỗi. Hãy ghi lại vào ổ khác.", .path.display())]
    UsbWriteFailed { path: PathBuf },

    #[error("Không lấy được số ngẫu nhiên từ hệ điều hành để tạo khóa. Hãy khởi động lại máy rồi thử lại; nếu vẫn lỗi, báo cán bộ kỹ thuật.")]
    RandomSource { detail: String },

    #[error("Ngày giờ của máy tính này ({clock}) không thể đúng, nên chương trình không ghi thay đổi nào (thời điểm ghi sẽ sai). Hãy chỉnh lại ngày giờ của máy (Cài đặt → Thời gian và ngôn ngữ) rồi thử lại.")]
    ClockWrong { clock: String },

    #[error("Không tìm được thư mục dữ liệu của chương trình. Hãy đặt biến môi trường {variable} chỉ đến một thư mục ghi được, rồi mở lại chương trình.")]
    DataFolderUnknown { variable: String, detail: String },

    #[error("Chương trình gặp lỗi ngoài dự kiến; thao tác chưa hoàn tất và dữ liệu không bị thay đổi. Hãy thử lại, nếu vẫn lỗi hãy báo cán bộ kỹ thuật.")]
    Internal { detail: String },

    #[error("Không ghi được văn bản vào {}: chỉ xuất được tệp Word (.docx) hoặc trang in (.html). Hãy đặt tên tệp có đuôi .docx hoặc .html.", .path.display())]
    UnsupportedDocumentFormat { path: PathBuf },

    /// A document dated when the installation's commune did not bear its name (before
    /// 1/7/2025 for a commune of the 2025 list, after 30/6/2025 for one of the 2008–2025
    /// list), and the decision records no issuing unit. Printing nothing beats printing
    /// the wrong unit in the header, the date line, the proposing police and the
    /// recipients of a paper the Chairman signs (issue 13).
    #[error("Chưa chọn đơn vị ban hành cho văn bản ngày {date}: vào ngày đó {commune} không phải là tên đơn vị hành chính (danh mục {unit_set} đang có hiệu lực), nên chương trình không tự chọn tiêu đề, địa danh, Công an đề nghị và nơi nhận. Hãy mở quyết định (nếu chưa có thì thêm một quyết định dự thảo), chọn \"Đơn vị ban hành\" trong danh sách gợi ý rồi in lại.")]
    IssuingUnitMissing {
        date: String,
        commune: String,
        unit_set: String,
    },

    /// A decision recorded as signed ("Đã ký") without its number: the paper signed has
    /// one, so printing the draft's blank would make a copy unlike it.
    #[error("Quyết định {what} đã ghi là đã ký nhưng chưa có số, nên chương trình không in (bản in phải giống bản đã ký). Hãy mở quyết định, nhập số văn thư đã cấp rồi in lại.")]
    DecisionNotNumbered { what: String },

    #[error("Đơn vị mã {code} không thuộc phạm vi của {scope}. Hãy chọn một xã trong danh sách tổng hợp.")]
    OutsideScope { code: String, scope: String },

    #[error("Tệp này không dùng được làm thẻ đơn vị tiếp nhận: {detail}. Hãy xin đơn vị tiếp nhận chép lại thẻ từ chương trình.")]
    BadCard { detail: String },

    #[error("Mã xác nhận đã nhập ({expected}) không khớp với mã xác nhận của thẻ ({actual}). Chưa tin cậy thẻ này. Hãy gọi điện cho cán bộ đơn vị tiếp nhận đọc lại mã xác nhận; nếu vẫn không khớp, thẻ không phải của đơn vị đó — đừng dùng.")]
    FingerprintMismatch { expected: String, actual: String },

    #[error("Chưa có thẻ của đơn vị tiếp nhận nên không mã hoá được gói dữ liệu. Hãy tin cậy thẻ do đơn vị tiếp nhận cấp (mục Gửi dữ liệu → Thẻ đơn vị tiếp nhận), hoặc chọn rõ xuất không mã hoá nếu đơn vị tiếp nhận đồng ý.")]
    NoReceiverCard,

    #[error("Chưa có khoá mã hoá của {communes}: các xã này chưa gửi gói nào từ phiên bản có mã hoá. Hãy nhận gói mới của các xã đó trước, hoặc chọn rõ xuất không mã hoá.")]
    NoCommuneKey { communes: String },

    #[error("Chưa nhận được gói nào của {unit}, nên chưa có gì để xác nhận trong biên nhận. Hãy nhập gói của xã trước, hoặc kiểm tra lại mã xã.")]
    NothingToConfirm { unit: String },

    #[error("Không tạo được tệp Excel ({reason}). Tệp cũ (nếu có) không bị thay đổi; hãy thử lại hoặc chọn định dạng JSON.")]
    Workbook { reason: String },

    #[error("Không nhập được danh sách từ tệp \"{file}\": {reason}. Hồ sơ không bị thay đổi.")]
    ImportFile { file: String, reason: String },

    #[error("Khóa của đơn vị không có trên máy này ({reason}). Hãy lấy phiếu khôi phục trong tủ an toàn của cơ quan và nhập mã khôi phục (mục Cài đặt → Khôi phục khóa, hoặc lệnh \"restore-keys\"); hồ sơ không bị thay đổi.")]
    KeysMissing { reason: String },

    #[error("Không dùng được tệp khóa {}: {reason}.", .path.display())]
    KeyVault { path: PathBuf, reason: String },

    #[error("Mã khôi phục gõ chưa đúng: {reason}. Hãy đối chiếu từng nhóm với phiếu khôi phục rồi gõ lại.")]
    RecoveryCodeMistyped { reason: String },

    #[error("Mã khôi phục này không đúng: {reason}. Hãy dùng phiếu khôi phục của chính đơn vị đó; dữ liệu hiện tại không bị thay đổi.")]
    WrongRecoveryCode { reason: String },

    #[error("Cần mã khôi phục: {reason}. Hãy nhập mã in trên phiếu khôi phục của đơn vị (cất trong tủ an toàn của cơ quan); dữ liệu hiện tại không bị thay đổi.")]
    RecoveryCodeNeeded { reason: String },

    #[error("Chưa lập được dự thảo quyết định ngày {date} vì có thành viên chưa đủ điều kiện về tuổi (Luật quy định từ đủ 18 đến 70 tuổi; trên 70 tuổi cần quyết định của Chủ tịch UBND): {members}. Hãy sửa trong hồ sơ thành viên rồi lập lại dự thảo.")]
    MemberIneligible {
        /// The decision's date, dd/mm/yyyy.
        date: String,
        /// Each member: name, the age on that date, what to do.
        members: String,
        /// How many members, for the gloss.
        count: usize,
    },

    #[error("Mục đã xóa này không còn trong 'Đã xóa gần đây' (đã được khôi phục, hoặc đã quá 30 ngày nên chỉ còn dấu đã xóa). Hãy tải lại danh sách; dữ liệu không bị thay đổi.")]
    NotInBin { batch: String },

    #[error("Chưa khôi phục được {what} vì nó thuộc {parent}, mục này cũng đã bị xóa. {then}; dữ liệu không bị thay đổi.")]
    RestoreNeedsParent {
        /// The record to restore, "thành viên \"Nguyễn Văn An\"".
        what: String,
        /// The deleted record it refers to.
        parent: String,
        /// What to do: restore the parent first, or why it cannot be.
        then: String,
    },

    #[error("Không khôi phục được {what}: hồ sơ này đã thay đổi sau lần xóa (đã được khôi phục, hoặc đã nhận bản mới từ gói dữ liệu). Hãy xem hồ sơ đó trong danh sách; dữ liệu không bị thay đổi.")]
    RestoreSuperseded { what: String },

    #[error("Có lỗi khi đọc hoặc ghi cơ sở dữ liệu; thay đổi chưa được lưu. Hãy thử lại, nếu vẫn lỗi hãy sao lưu và báo cán bộ kỹ thuật (mã lỗi: {code}).")]
    Database {
        code: String,
        #[source]
        source: rusqlite::Error,
    },
}

/// "tổ" → "Tổ": a kind's label at the start of a sentence.
fn capitalise(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
            Error::UnknownSetting { .. } => "unknown_setting",
            Error::UnknownField { .. } => "unknown_field",
            Error::ReceiverCannotCreate { .. } => "permission",
            Error::NotOwner { .. } => "not_owner",
            Error::HeldByOtherUnit { .. } => "held_by_other_unit",
            Error::CommuneOnly { .. } => "commune_only",
            Error::DemoExists { .. } => "demo_exists",
            Error::SameFileAsDatabase { .. } => "same_file",
            Error::UsbWriteFailed { .. } => "usb_write_failed",
            Error::RandomSource { .. } => "random_source",
            Error::ClockWrong { .. } => "clock_wrong",
            Error::DataFolderUnknown { .. } => "data_folder",
            Error::Internal { .. } => "internal",
            Error::UnsupportedDocumentFormat { .. } => "unsupported_format",
            Error::IssuingUnitMissing { .. } => "issuing_unit_missing",
            Error::DecisionNotNumbered { .. } => "decision_not_numbered",
            Error::OutsideScope { .. } => "outside_scope",
            Error::BadCard { .. } => "bad_card",
            Error::FingerprintMismatch { .. } => "fingerprint_mismatch",
            Error::NoReceiverCard => "no_receiver_card",
            Error::NoCommuneKey { .. } => "no_commune_key",
            Error::NothingToConfirm { .. } => "nothing_to_confirm",
            Error::Workbook { .. } => "workbook",
            Error::ImportFile { .. } => "import_file",
            Error::KeysMissing { .. } => "keys_missing",
            Error::KeyVault { .. } => "key_vault",
            Error::RecoveryCodeMistyped { .. } => "recovery_code_mistyped",
            Error::WrongRecoveryCode { .. } => "wrong_recovery_code",
            Error::RecoveryCodeNeeded { .. } => "recovery_code_needed",
            Error::MemberIneligible { .. } => "member_ineligible",
            Error::NotInBin { .. } => "not_in_bin",
            Error::RestoreNeedsParent { .. } => "restore_needs_parent",
            Error::RestoreSuperseded { .. } => "restore_superseded",
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
            Error::UnknownSetting { key } => format!("unknown setting {key}"),
            Error::UnknownField { field, .. } => format!("no reference field {field} to filter by"),
            Error::ReceiverCannotCreate { kind_label, .. } => {
                format!("a receiving unit does not create records of this kind ({kind_label})")
            }
            Error::NotOwner { owner, .. } => {
                format!("the record belongs to unit {owner}: only it may change it")
            }
            Error::HeldByOtherUnit { owner, .. } => {
                format!("a record of unit {owner} refers to this one: it cannot be deleted")
            }
            Error::CommuneOnly { .. } => "only a commune's database can do this".into(),
            Error::DemoExists { seed, day } => {
                format!("demo data for seed {seed} and day {day} is already here")
            }
            Error::SameFileAsDatabase { path } => {
                format!("{} is the database in use", path.display())
            }
            Error::UsbWriteFailed { path } => {
                format!("{} read back differs from what was written", path.display())
            }
            Error::RandomSource { detail } => format!("OS random source failed: {detail}"),
            Error::ClockWrong { clock } => format!("the system clock ({clock}) is impossible"),
            Error::DataFolderUnknown { detail, .. } => {
                format!("no application data folder: {detail}")
            }
            Error::Internal { detail } => format!("internal error: {detail}"),
            Error::UnsupportedDocumentFormat { path } => {
                format!(
                    "{}: only .docx or .html documents can be written",
                    path.display()
                )
            }
            Error::IssuingUnitMissing {
                date,
                commune,
                unit_set,
            } => format!(
                "no issuing unit recorded for a document dated {date}: {commune} is not in the {unit_set} unit list in force then"
            ),
            Error::DecisionNotNumbered { what } => {
                format!("decision {what} is recorded as signed but has no number")
            }
            Error::OutsideScope { code, scope } => {
                format!("unit {code} is not within the scope of {scope}")
            }
            Error::BadCard { detail } => format!("not a usable receiver card: {detail}"),
            Error::FingerprintMismatch { expected, actual } => {
                format!("fingerprint typed {expected} but the card's is {actual}")
            }
            Error::NoReceiverCard => {
                "no trusted receiver card to seal the bundle to (use --unencrypted to write it plain)".into()
            }
            Error::NoCommuneKey { communes } => {
                format!("no encryption key known for {communes} (use --unencrypted)")
            }
            Error::NothingToConfirm { unit } => {
                format!("no bundle of {unit} received yet: nothing to confirm in a receipt")
            }
            Error::Workbook { reason } => format!("could not write the Excel workbook: {reason}"),
            Error::ImportFile { file, reason } => {
                format!("the list in {file} cannot be imported: {reason}")
            }
            Error::KeysMissing { reason } => {
                format!("the installation's keys are not on this computer ({reason}): restore them with the recovery code")
            }
            Error::KeyVault { path, reason } => {
                format!("the key file {} cannot be used: {reason}", path.display())
            }
            Error::RecoveryCodeMistyped { reason } => format!("recovery code mistyped: {reason}"),
            Error::WrongRecoveryCode { reason } => format!("wrong recovery code: {reason}"),
            Error::RecoveryCodeNeeded { reason } => format!("a recovery code is needed: {reason}"),
            Error::MemberIneligible { date, count, .. } => format!(
                "the draft decision of {date} would name {count} member(s) outside the ages 18-70 without the Chairman's exception"
            ),
            Error::NotInBin { batch } => {
                format!("deletion {batch} is no longer in the recycle bin (restored, or older than 30 days)")
            }
            Error::RestoreNeedsParent { what, parent, .. } => {
                format!("{what} refers to {parent}, which is deleted too: restore that first")
            }
            Error::RestoreSuperseded { what } => {
                format!("{what} changed after it was deleted: this deletion can no longer be undone")
            }
            Error::Database { source, .. } => format!("database error: {source}"),
        }
    }

    /// Whether the error is about what a record holds (a decision without its issuing
    /// unit or number, a member not eligible, a value the rules refuse, a record gone)
    /// rather than about the machine (the disk, the database, the keys): a batch that
    /// builds many documents names the first kind and goes on, and stops on the second.
    pub fn is_about_the_record(&self) -> bool {
        matches!(
            self,
            Error::Invalid(_)
                | Error::NotFound { .. }
                | Error::IssuingUnitMissing { .. }
                | Error::DecisionNotNumbered { .. }
                | Error::MemberIneligible { .. }
        )
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

    /// The installation is set up already (as `existing`): nothing that starts afresh
    /// may touch it.
    pub fn already_initialised(existing: &crate::installation::Installation) -> Self {
        Error::AlreadyInitialised {
            unit: format!("{} ({})", existing.unit_name, existing.unit_code),
        }
    }

    /// A fault of the program itself (a value that always serialises did not, a table
    /// of our own is damaged): the clerk gets the general sentence, the log the detail.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Error::Internal {
            detail: detail.to_string(),
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

/// Every code [`Error::code`] can answer, in the order of the variants.
pub const CODES: &[&str] = &[
    "invalid",
    "not_found",
    "unknown_kind",
    "not_initialised",
    "already_initialised",
    "unknown_unit",
    "wrong_unit_level",
    "database_newer",
    "not_our_database",
    "corrupt",
    "busy",
    "disk_full",
    "read_only",
    "io",
    "bad_backup",
    "no_bundles",
    "unknown_setting",
    "unknown_field",
    "permission",
    "not_owner",
    "held_by_other_unit",
    "commune_only",
    "demo_exists",
    "same_file",
    "usb_write_failed",
    "random_source",
    "clock_wrong",
    "data_folder",
    "internal",
    "unsupported_format",
    "issuing_unit_missing",
    "decision_not_numbered",
    "outside_scope",
    "bad_card",
    "fingerprint_mismatch",
    "no_receiver_card",
    "no_commune_key",
    "nothing_to_confirm",
    "workbook",
    "import_file",
    "keys_missing",
    "key_vault",
    "recovery_code_mistyped",
    "wrong_recovery_code",
    "recovery_code_needed",
    "member_ineligible",
    "not_in_bin",
    "restore_needs_parent",
    "restore_superseded",
    "database",
];

/// One error of every kind, as the engine makes them: what the front ends' contract
/// tests feed through their own translation (the window's `{code, message, problems}`,
/// the command line's JSON and exit status), one per code of [`CODES`].
#[doc(hidden)]
pub fn examples() -> Vec<Error> {
    let path = || PathBuf::from("/du lieu/xungkich.db");
    let all = vec![
        Error::invalid("full_name", "Họ và tên", "không được để trống"),
        Error::NotFound {
            kind_label: "tổ".into(),
            id: "01900000-0000-7000-8000-000000000000".into(),
        },
        Error::UnknownKind("tau".into(), "village, team".into()),
        Error::NotInitialised,
        Error::AlreadyInitialised {
            unit: "Phường Phúc Xá (00001)".into(),
        },
        Error::UnknownUnit {
            code: "99999".into(),
            unit_set: "2008".into(),
        },
        Error::WrongUnitLevel {
            code: "001".into(),
            actual: "đơn vị cấp huyện".into(),
            expected: "đơn vị cấp xã".into(),
        },
        Error::DatabaseNewer {
            found: 9,
            supported: 1,
        },
        Error::NotOurDatabase { path: path() },
        Error::Corrupt {
            detail: "database disk image is malformed".into(),
        },
        Error::Busy,
        Error::DiskFull,
        Error::ReadOnly { path: path() },
        Error::io(path(), std::io::Error::from(std::io::ErrorKind::NotFound)),
        Error::BadBackup {
            path: path(),
            reason: "tệp bị hỏng".into(),
        },
        Error::NoBundlesInFolder { path: path() },
        Error::UnknownSetting {
            key: "c9_days".into(),
        },
        Error::UnknownField {
            kind_label: "thành viên".into(),
            field: "tau_id".into(),
        },
        Error::ReceiverCannotCreate {
            kind_label: "tổ".into(),
            own: "kiểm tra, khen thưởng".into(),
        },
        Error::NotOwner {
            kind_label: "tổ".into(),
            owner: "00004".into(),
        },
        Error::HeldByOtherUnit {
            kind_label: "kiểm tra".into(),
            other_label: "báo cáo khắc phục".into(),
            owner: "00004".into(),
        },
        Error::CommuneOnly {
            unit_name: "Quận Ba Đình".into(),
        },
        Error::DemoExists {
            seed: 1,
            day: "04/12/2026".into(),
        },
        Error::SameFileAsDatabase { path: path() },
        Error::UsbWriteFailed { path: path() },
        Error::RandomSource {
            detail: "getrandom: unavailable".into(),
        },
        Error::ClockWrong {
            clock: "01/01/9999".into(),
        },
        Error::DataFolderUnknown {
            variable: "XUNGKICH_DATA_DIR".into(),
            detail: "no home directory".into(),
        },
        Error::internal("a value that always serialises did not"),
        Error::UnsupportedDocumentFormat {
            path: PathBuf::from("/du lieu/quyet dinh.pdf"),
        },
        Error::IssuingUnitMissing {
            date: "15/08/2024".into(),
            commune: "Phường Hoàn Kiếm".into(),
            unit_set: "2008–2025".into(),
        },
        Error::DecisionNotNumbered {
            what: "ngày 15/08/2024".into(),
        },
        Error::OutsideScope {
            code: "00004".into(),
            scope: "Quận Ba Đình".into(),
        },
        Error::BadCard {
            detail: "chữ ký của thẻ không đúng: thẻ đã bị sửa".into(),
        },
        Error::FingerprintMismatch {
            expected: "3F2A 91C0 7B4E D215 0A9C 66E1".into(),
            actual: "0000 91C0 7B4E D215 0A9C 66E1".into(),
        },
        Error::NoReceiverCard,
        Error::NoCommuneKey {
            communes: "Phường Phúc Xá (00001)".into(),
        },
        Error::NothingToConfirm {
            unit: "Phường Phúc Xá (00001)".into(),
        },
        Error::Workbook {
            reason: "sheet name too long".into(),
        },
        Error::ImportFile {
            file: "danh-sach.xlsx".into(),
            reason: "không tìm thấy dòng tiêu đề".into(),
        },
        Error::KeysMissing {
            reason: "chưa có tệp khóa".into(),
        },
        Error::KeyVault {
            path: PathBuf::from("/du lieu/xungkich.db.khoa"),
            reason: "tệp đang để người khác trên máy đọc được; hãy chạy \"chmod 600\" cho tệp này"
                .into(),
        },
        Error::RecoveryCodeMistyped {
            reason: "có lẽ nhóm thứ 7 bị gõ sai".into(),
        },
        Error::WrongRecoveryCode {
            reason: "mã là của đơn vị khác".into(),
        },
        Error::RecoveryCodeNeeded {
            reason: "bản sao lưu này được mã hóa".into(),
        },
        Error::MemberIneligible {
            date: "25/10/2024".into(),
            members: "Nguyễn Văn An: chưa đủ 18 tuổi ngày 25/10/2024 (15 tuổi), hãy sửa ngày sinh nếu ghi nhầm, hoặc đưa thành viên ra khỏi Tổ".into(),
            count: 1,
        },
        Error::NotInBin {
            batch: "0193a0b2-0000-7000-8000-000000000000".into(),
        },
        Error::RestoreNeedsParent {
            what: "thành viên \"Nguyễn Văn An\"".into(),
            parent: "tổ \"Tổ xung kích thôn Đông\"".into(),
            then: "Hãy khôi phục tổ \"Tổ xung kích thôn Đông\" trước (cũng ở 'Đã xóa gần đây'), rồi khôi phục lại mục này".into(),
        },
        Error::RestoreSuperseded {
            what: "thành viên \"Nguyễn Văn An\"".into(),
        },
        Error::from(rusqlite::Error::InvalidQuery),
    ];
    // A new variant must come here too: this match has no catch-all.
    for e in &all {
        match e {
            Error::Invalid(_)
            | Error::NotFound { .. }
            | Error::UnknownKind(..)
            | Error::NotInitialised
            | Error::AlreadyInitialised { .. }
            | Error::UnknownUnit { .. }
            | Error::WrongUnitLevel { .. }
            | Error::DatabaseNewer { .. }
            | Error::NotOurDatabase { .. }
            | Error::Corrupt { .. }
            | Error::Busy
            | Error::DiskFull
            | Error::ReadOnly { .. }
            | Error::Io { .. }
            | Error::BadBackup { .. }
            | Error::NoBundlesInFolder { .. }
            | Error::UnknownSetting { .. }
            | Error::UnknownField { .. }
            | Error::ReceiverCannotCreate { .. }
            | Error::NotOwner { .. }
            | Error::HeldByOtherUnit { .. }
            | Error::CommuneOnly { .. }
            | Error::DemoExists { .. }
            | Error::SameFileAsDatabase { .. }
            | Error::UsbWriteFailed { .. }
            | Error::RandomSource { .. }
            | Error::ClockWrong { .. }
            | Error::DataFolderUnknown { .. }
            | Error::Internal { .. }
            | Error::UnsupportedDocumentFormat { .. }
            | Error::IssuingUnitMissing { .. }
            | Error::DecisionNotNumbered { .. }
            | Error::OutsideScope { .. }
            | Error::BadCard { .. }
            | Error::FingerprintMismatch { .. }
            | Error::NoReceiverCard
            | Error::NoCommuneKey { .. }
            | Error::NothingToConfirm { .. }
            | Error::Workbook { .. }
            | Error::ImportFile { .. }
            | Error::KeysMissing { .. }
            | Error::KeyVault { .. }
            | Error::RecoveryCodeMistyped { .. }
            | Error::WrongRecoveryCode { .. }
            | Error::RecoveryCodeNeeded { .. }
            | Error::MemberIneligible { .. }
            | Error::NotInBin { .. }
            | Error::RestoreNeedsParent { .. }
            | Error::RestoreSuperseded { .. }
            | Error::Database { .. } => {}
        }
    }
    all
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
    fn every_code_has_one_example_with_a_vietnamese_sentence_and_a_gloss() {
        let examples = examples();
        let codes: Vec<&str> = examples.iter().map(Error::code).collect();
        assert_eq!(codes, CODES, "one example per code, in the order of CODES");
        for e in &examples {
            let sentence = e.to_string();
            // `invalid` lists its fields' problems after a colon; the rest are sentences.
            let whole = sentence.ends_with('.') || e.code() == "invalid";
            assert!(
                whole && sentence.chars().count() > 30,
                "{}: a whole sentence: {sentence}",
                e.code()
            );
            assert!(
                sentence.chars().any(|c| {
                    "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
                        .contains(c.to_lowercase().next().unwrap())
                }),
                "{}: Vietnamese: {sentence}",
                e.code()
            );
            assert!(!e.english().is_empty(), "{}", e.code());
        }
        // The detail of an internal fault is for the log, not the clerk.
        let internal = Error::internal("serde_json: key must be a string");
        assert!(!internal.to_string().contains("serde_json"));
        assert!(internal.english().contains("serde_json"));
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
