//! Why a bundle is refused. One variant per fault class, so tests can check that each
//! fault is caught by the check meant for it, and each says in Vietnamese what happened
//! and what the officer should do. A refused bundle changes nothing.

use crate::bundle::container::ContainerError;

#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Container(#[from] ContainerError),

    #[error("Tệp lớn {bytes} byte, vượt giới hạn {max} byte của một gói dữ liệu; đây không phải gói do xã gửi. Hãy kiểm tra lại tệp.")]
    FileTooLarge { bytes: u64, max: u64 },

    #[error(
        "Gói dữ liệu thiếu phần {0}; tệp bị hỏng hoặc không phải gói dữ liệu. Hãy xin xã gửi lại."
    )]
    MissingEntry(String),

    #[error("Phần mô tả (manifest) của gói không đọc được ({0}); hãy xin xã gửi lại tệp.")]
    BadManifest(String),

    #[error("Gói dữ liệu được tạo bởi phiên bản mới hơn (định dạng {found}); hãy cài phiên bản mới nhất của chương trình rồi nhập lại.")]
    NewerFormat { found: u32 },

    #[error("Chữ ký của gói dữ liệu không đúng: tệp đã bị thay đổi sau khi xã ký, hoặc không phải do máy đó tạo. Không nhập; hãy xin xã gửi lại tệp.")]
    BadSignature,

    #[error("Phần {entry} của gói không khớp với phần mô tả đã ký (tệp đã bị thay đổi hoặc hỏng khi chép). Không nhập; hãy xin xã gửi lại.")]
    HashMismatch { entry: String },

    #[error("Gói có phần {entry} không có trong phần mô tả đã ký; không nhập. Hãy xin xã gửi lại tệp gốc.")]
    UnlistedEntry { entry: String },

    #[error("Máy gửi chưa được đăng ký: {unit_name} ({unit}), mã xác nhận {fingerprint}. Hãy gọi điện đối chiếu mã xác nhận này với cán bộ xã; nếu khớp, hãy đăng ký máy gửi rồi nhập lại (trong cửa sổ: nút \"Mã xác nhận khớp — đăng ký\"; dòng lệnh: --enrol \"{fingerprint}\").")]
    UnknownSender {
        unit: String,
        unit_name: String,
        fingerprint: String,
    },

    #[error("Gói của {unit_name} ({unit}) được ký bằng khóa khác với khóa đã đăng ký (mã xác nhận mới {new_fingerprint}, đã đăng ký {old_fingerprint}). Không nhập. Nếu xã đã cài lại máy hoặc dùng thêm máy, hãy đối chiếu mã xác nhận mới rồi đăng ký lại (trong cửa sổ: nút \"Mã xác nhận khớp — đăng ký\"; dòng lệnh: --re-enrol \"{new_fingerprint}\").")]
    KeyChanged {
        unit: String,
        unit_name: String,
        old_fingerprint: String,
        new_fingerprint: String,
    },

    #[error("Máy gửi của {unit_name} ({unit}) đã bị thu hồi đăng ký lúc {revoked_at}; gói của máy này không được nhập nữa (các hồ sơ đã nhập trước vẫn giữ). Nếu xã đã khắc phục, hãy gọi điện đối chiếu mã xác nhận rồi đăng ký lại (trong cửa sổ: nút \"Mã xác nhận khớp — đăng ký lại\"; dòng lệnh: --re-enrol MÃ_XÁC_NHẬN).")]
    Revoked {
        unit: String,
        unit_name: String,
        revoked_at: String,
    },

    #[error("Máy gửi đã được đăng ký cho {enrolled_unit_name} ({enrolled_unit}) nhưng gói lại ghi là của đơn vị {claimed_unit}. Không nhập; hãy báo cán bộ kỹ thuật kiểm tra máy gửi.")]
    SenderMismatch {
        enrolled_unit: String,
        enrolled_unit_name: String,
        claimed_unit: String,
    },

    #[error("Đơn vị {unit_name} ({unit}) không gửi dữ liệu cho đơn vị này (không trực thuộc). Hãy kiểm tra lại tệp.")]
    SenderNotAllowed { unit: String, unit_name: String },

    #[error("Gói này đơn vị tiếp nhận gửi riêng cho đơn vị mã {recipient}, không phải cho đơn vị này; không nhập. Hãy chọn gói có mã của đơn vị mình trong tên tệp.")]
    NotForThisUnit { recipient: String },

    /// Boxed: five names would make every refusal (and every import result) larger.
    #[error("{}", .0.words())]
    SealedForOther(Box<SealedForOther>),

    #[error("Gói mã hoá không đọc được ({0}): tệp bị hỏng khi chép hoặc đã bị sửa. Không nhập; hãy xin đơn vị gửi chép lại tệp gốc.")]
    BadEnvelope(String),

    #[error("Biên nhận trong gói không dùng được ({0}); không nhập gói. Hãy xin đơn vị tiếp nhận ghi lại biên nhận từ chương trình.")]
    BadReceipt(String),

    #[error("Đây là gói do chính máy này tạo ra; không cần nhập.")]
    OwnBundle,

    #[error("Gói dùng danh mục đơn vị {theirs}, còn máy này dùng danh mục {ours}; hai bên phải dùng cùng một danh mục.")]
    UnitSetMismatch { ours: String, theirs: String },

    #[error("Bản ghi {id} trong phần {entry} không đúng cấu trúc ({what}); tệp bị hỏng. Hãy xin xã gửi lại.")]
    BadRecord {
        entry: String,
        id: String,
        what: String,
    },

    #[error("Tệp đính kèm {entry} của gói không hợp lệ ({what}); chương trình chỉ nhận bản chụp PDF, PNG, JPEG hoặc TIFF đến 25 MiB. Không nhập; hãy xin xã gửi lại gói từ chương trình.")]
    BadAttachment { entry: String, what: String },

    #[error("Bản ghi {id} thuộc đơn vị {owner}, nhưng gói do đơn vị {sender} gửi; một đơn vị chỉ được gửi hồ sơ của mình. Không nhập.")]
    NotOwner {
        id: String,
        owner: String,
        sender: String,
    },
}

impl Refusal {
    /// A stable code per fault class.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Container(e) => e.code(),
            Refusal::FileTooLarge { .. } => "file_too_large",
            Refusal::MissingEntry(_) => "missing_entry",
            Refusal::BadManifest(_) => "bad_manifest",
            Refusal::NewerFormat { .. } => "newer_format",
            Refusal::BadSignature => "bad_signature",
            Refusal::HashMismatch { .. } => "hash_mismatch",
            Refusal::UnlistedEntry { .. } => "unlisted_entry",
            Refusal::UnknownSender { .. } => "unknown_sender",
            Refusal::KeyChanged { .. } => "key_changed",
            Refusal::SenderNotAllowed { .. } => "sender_not_allowed",
            Refusal::SenderMismatch { .. } => "sender_mismatch",
            Refusal::OwnBundle => "own_bundle",
            Refusal::NotForThisUnit { .. } => "not_for_this_unit",
            Refusal::UnitSetMismatch { .. } => "unit_set_mismatch",
            Refusal::BadRecord { .. } => "bad_record",
            Refusal::BadAttachment { .. } => "bad_attachment",
            Refusal::Revoked { .. } => "revoked",
            Refusal::NotOwner { .. } => "not_owner",
            Refusal::SealedForOther(_) => "sealed_for_other",
            Refusal::BadEnvelope(_) => "bad_envelope",
            Refusal::BadReceipt(_) => "bad_receipt",
        }
    }
}

/// Whose a sealed bundle that this installation cannot open is, and for whom it was
/// sealed, as its clear header says.
#[derive(Debug)]
pub struct SealedForOther {
    pub sender_unit: String,
    pub sender_name: String,
    pub recipient_unit: String,
    pub recipient_name: String,
    pub card: String,
    /// Sealed for another card of this same unit (one it used before).
    pub same_unit: bool,
}

impl SealedForOther {
    fn words(&self) -> String {
        let SealedForOther {
            sender_unit,
            sender_name,
            recipient_unit,
            recipient_name,
            card,
            same_unit,
        } = self;
        if *same_unit {
            format!(
                "Gói của {sender_name} ({sender_unit}) được mã hoá cho thẻ {card} của đơn vị này, \
                 không phải thẻ đang dùng trên máy này (thẻ cũ đã thu hồi, hoặc thẻ của máy khác). \
                 Máy này không đọc được gói. Hãy đề nghị xã tin cậy thẻ hiện nay của đơn vị \
                 rồi gửi lại bản đầy đủ."
            )
        } else {
            format!(
                "Gói của {sender_name} ({sender_unit}) được mã hoá cho {recipient_name} \
                 ({recipient_unit}, thẻ {card}); máy này không mở được và không đọc gì trong đó. \
                 Hãy chuyển tệp cho đúng đơn vị nhận."
            )
        }
    }
}
