//! The bundle's container: a small, strict ZIP reader and a deterministic ZIP writer.
//!
//! We do not use the `zip` crate: its `extract()` has had five advisories, and we need
//! exact control of limits and byte-for-byte output. Nothing here touches the disk:
//! [`read_index`] and [`read_entry`] are pure functions over `&[u8]` (so a fuzz target
//! can call them directly), and the caller reads the file into memory under
//! [`Limits::max_file_bytes`] first.
//!
//! # The one layout we write (and the only one we read)
//!
//! All integers little-endian. For each entry, in the caller's order:
//! a local header (30 bytes: signature `PK\3\4`, version needed 20, flags `0x0800`
//! (UTF-8 names), method 0 or 8, DOS time 0 and date `0x0021` (1980-01-01 00:00),
//! CRC-32, compressed size, uncompressed size, name length, extra length 0), the name,
//! the data. Then the central directory, one 46-byte header per entry in the same order
//! (version made by 20 with host 0, the same fields, comment length 0, disk 0, internal
//! and external attributes 0, offset of the local header), then the 22-byte end record
//! (disk 0, the entry count twice, directory size and offset, comment length 0).
//! No extra fields, no data descriptors, no zip64, no comments, no directories.
//!
//! The reader accepts only archives whose entries tile the file exactly: local records
//! back to back from offset 0, then the central directory, then the end record (a
//! trailing archive comment is tolerated). So no byte is hidden between entries and no
//! entry can overlap another (the "overlapping files" zip bomb).

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

mod read;
#[cfg(test)]
mod tests;
mod write;

pub use read::{read_entry, read_index};
pub use write::write;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const LOCAL_LEN: usize = 30;
const CENTRAL_LEN: usize = 46;
const EOCD_LEN: usize = 22;
/// The end record sits in the last 22 + 65,535 (longest comment) bytes.
const EOCD_SEARCH: usize = EOCD_LEN + u16::MAX as usize;

/// Version 2.0: what DEFLATE needs; host byte 0 (MS-DOS/FAT), so no Unix modes apply.
const VERSION: u16 = 20;
const FLAG_UTF8: u16 = 1 << 11;
/// Flags a reader may meet in a plain archive: bits 1-2 are DEFLATE's speed hint
/// (informative only) and bit 11 says the name is UTF-8. Every other bit is refused.
const KNOWN_FLAGS: u16 = 0b110 | FLAG_UTF8;
/// Traditional encryption (0), strong encryption (6), encrypted directory (13).
const ENCRYPTION_FLAGS: u16 = 1 | (1 << 6) | (1 << 13);
const DATA_DESCRIPTOR_FLAG: u16 = 1 << 3;
const DOS_TIME: u16 = 0;
/// 1980-01-01: year 0 (from 1980) << 9 | month 1 << 5 | day 1.
const DOS_DATE: u16 = (1 << 5) | 1;
/// Method 0: the data as is.
pub const STORED: u16 = 0;
/// Method 8: raw DEFLATE (RFC 1951).
pub const DEFLATED: u16 = 8;
/// miniz's default level: a fixed level is part of determinism; 6 is the usual
/// speed/size balance and JSON Lines gain little from 9.
const DEFLATE_LEVEL: u8 = 6;
/// Entries up to this size may have any ratio: they cannot hurt (a small JSON file full
/// of repeated keys legitimately compresses more than 200:1).
const RATIO_FLOOR: u64 = 1 << 20;

/// A ZIP without zip64 cannot hold more: the end record counts entries in 16 bits and
/// 0xFFFF means "see the zip64 record", which we refuse. (A larger limit such as
/// 100,000 could never be reached.)
pub const MAX_ENTRIES: usize = 65_534;
/// A commune's records are a few MB and its scanned decisions a few MB each; 512 MiB is
/// far above a real bundle, still fits in memory on a district laptop (the whole file is
/// held in memory), and stays below the 4 GiB that would need zip64.
pub const MAX_FILE_BYTES: u64 = 512 << 20;
/// The longest real name is `attachments/` + 64 hex digits = 76 bytes; 200 leaves room
/// for record kinds, bounds each header, and stays under Windows' 260-character paths.
pub const MAX_NAME_BYTES: usize = 200;
/// One scan or one kind's JSON Lines; bounds the largest single allocation.
pub const MAX_ENTRY_BYTES: u64 = 256 << 20;
/// The import holds every entry in memory between "verify" and "apply": this bounds it.
pub const MAX_TOTAL_UNCOMPRESSED: u64 = 1 << 30;
/// JSON compresses 5-20:1, scans about 1:1; DEFLATE can reach about 1032:1. 200 leaves
/// a wide margin for repetitive records and refuses bombs (entries over 1 MiB only).
pub const MAX_RATIO: u64 = 200;

/// What a reader accepts. [`Limits::DEFAULT`] is what the writer guarantees to stay under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_entries: usize,
    pub max_name_bytes: usize,
    pub max_entry_bytes: u64,
    pub max_total_uncompressed: u64,
    pub max_ratio: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_file_bytes: MAX_FILE_BYTES,
        max_entries: MAX_ENTRIES,
        max_name_bytes: MAX_NAME_BYTES,
        max_entry_bytes: MAX_ENTRY_BYTES,
        max_total_uncompressed: MAX_TOTAL_UNCOMPRESSED,
        max_ratio: MAX_RATIO,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why a container was refused (or could not be written). Names from the file are shown
/// with `{:?}` so control characters and direction marks cannot reach the screen raw.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContainerError {
    #[error("Tệp rỗng (0 byte) nên không phải là gói dữ liệu; hãy xin xã chép lại tệp.")]
    Empty,
    #[error("Tệp quá lớn ({bytes} byte, tối đa {max} byte) nên không được mở; hãy kiểm tra đã chọn đúng tệp, hoặc xin xã chia thành nhiều gói nhỏ hơn.")]
    TooLarge { bytes: u64, max: u64 },
    #[error("Tệp không phải là gói dữ liệu hợp lệ (không có mục lục ZIP); hãy kiểm tra đã chọn đúng tệp, hoặc xin xã gửi lại tệp.")]
    NotZip,
    #[error("Tệp gói dữ liệu bị cắt cụt (thiếu phần cuối), có thể do chép chưa xong hoặc rút USB quá sớm; hãy xin xã chép lại tệp.")]
    Truncated,
    #[error("Tệp không phải là gói dữ liệu hợp lệ (dùng tính năng ZIP không được hỗ trợ: {what}); hãy xin xã xuất lại gói bằng chương trình Sổ Tổ xung kích rồi gửi lại.")]
    Unsupported { what: String },
    #[error("Tệp không phải là gói dữ liệu hợp lệ (khai báo {count} mục, tối đa {max}); hãy xin xã gửi lại tệp.")]
    TooManyEntries { count: usize, max: usize },
    #[error("Tệp không phải là gói dữ liệu hợp lệ (tên mục {name:?} không an toàn: {reason}); đừng giải nén tệp này bằng chương trình khác, hãy xin xã gửi lại tệp.")]
    BadName { name: String, reason: &'static str },
    #[error("Tệp không phải là gói dữ liệu hợp lệ (mục {name:?} có hai lần, kể cả khi chỉ khác chữ hoa, chữ thường hay cách gõ dấu); hãy xin xã gửi lại tệp.")]
    DuplicateName { name: String },
    #[error("Mục {name:?} trong gói quá lớn ({size} byte, tối đa {max} byte) nên không được mở; hãy xin xã gửi lại thành nhiều gói nhỏ hơn.")]
    EntryTooLarge { name: String, size: u64, max: u64 },
    #[error("Gói dữ liệu khi giải nén quá lớn (ít nhất {total} byte, tối đa {max} byte) nên không được mở; hãy xin xã chia thành nhiều gói nhỏ hơn.")]
    TotalTooLarge { total: u64, max: u64 },
    #[error("Mục {name:?} có tỉ lệ nén bất thường ({ratio}:1, tối đa {max}:1), dấu hiệu của tệp độc hại (bom nén); không mở tệp này, hãy báo người quản trị và xin xã gửi lại.")]
    RatioTooHigh { name: String, ratio: u64, max: u64 },
    #[error("Tệp gói dữ liệu bị hỏng ({}); hãy xin xã gửi lại tệp.", corrupt_detail(.name, .what))]
    Corrupt { name: String, what: &'static str },
    #[error("Mục {name:?} giải nén ra khác kích thước đã khai báo ({declared} byte): tệp bị hỏng hoặc bị sửa; hãy xin xã gửi lại tệp.")]
    SizeMismatch { name: String, declared: u64 },
    #[error("Mục {name:?} bị hỏng (mã kiểm tra CRC-32 không khớp), có thể do USB lỗi; hãy xin xã chép lại tệp.")]
    CrcMismatch { name: String },
    #[error("Không tạo được gói dữ liệu ({reason}); dữ liệu trên máy vẫn nguyên vẹn, hãy báo người quản trị.")]
    CannotWrite { reason: String },
}

fn corrupt_detail(name: &str, what: &str) -> String {
    if name.is_empty() {
        what.to_string()
    } else {
        format!("mục {name:?}: {what}")
    }
}

impl ContainerError {
    /// Stable code for programs and logs; prefixed so it never collides with the
    /// engine's own codes (`corrupt` is already the database's).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "bundle_empty",
            Self::TooLarge { .. } => "bundle_too_large",
            Self::NotZip => "bundle_not_zip",
            Self::Truncated => "bundle_truncated",
            Self::Unsupported { .. } => "bundle_unsupported",
            Self::TooManyEntries { .. } => "bundle_too_many_entries",
            Self::BadName { .. } => "bundle_bad_name",
            Self::DuplicateName { .. } => "bundle_duplicate_name",
            Self::EntryTooLarge { .. } => "bundle_entry_too_large",
            Self::TotalTooLarge { .. } => "bundle_total_too_large",
            Self::RatioTooHigh { .. } => "bundle_ratio_too_high",
            Self::Corrupt { .. } => "bundle_corrupt",
            Self::SizeMismatch { .. } => "bundle_size_mismatch",
            Self::CrcMismatch { .. } => "bundle_crc_mismatch",
            Self::CannotWrite { .. } => "bundle_cannot_write",
        }
    }
}

/// One entry of the central directory, checked against its local header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// [`STORED`] or [`DEFLATED`].
    pub method: u16,
    pub crc32: u32,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    /// Where the entry's (compressed) data starts in the file.
    pub data_offset: u64,
}

/// The checked central directory. Fields are private so the name lookup cannot drift
/// from the list.
#[derive(Debug, Clone, Default)]
pub struct Index {
    entries: Vec<Entry>,
    by_name: HashMap<String, usize>,
}

impl Index {
    /// Entries in directory order (for our bundles, the writer's order).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
    /// The entry with exactly this name.
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.by_name.get(name).map(|&i| &self.entries[i])
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

// ---------------------------------------------------------------- names

/// Why a name is unsafe, or `None`. Names never reach the disk here, but a bundle is
/// also something an officer may open with Explorer or 7-Zip, and a later change must
/// not be able to turn a name into a path outside its folder.
fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("tên rỗng");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("đường dẫn tuyệt đối");
    }
    if name.contains('\\') {
        return Some("có dấu gạch ngược");
    }
    // ':' covers drive letters ("C:x") and NTFS alternate streams ("a:b").
    if name.contains(':') {
        return Some("có dấu hai chấm (ổ đĩa)");
    }
    if name.chars().any(char::is_control) {
        return Some("có ký tự điều khiển");
    }
    for part in name.split('/') {
        match part {
            "" => return Some("có thành phần rỗng hoặc là thư mục"),
            "." | ".." => return Some("có thành phần \".\" hoặc \"..\""),
            _ => {}
        }
    }
    None
}

/// Two names that Windows or a Vietnamese keyboard would confuse get the same key:
/// NFC (dựng sẵn vs tổ hợp) and case folding (NTFS ignores case).
fn name_key(name: &str) -> String {
    name.nfc().flat_map(char::to_lowercase).nfc().collect()
}

/// A name from the file, for a message: lossy and cut short.
fn shown(raw: &[u8]) -> String {
    let cut = &raw[..raw.len().min(80)];
    let mut s = String::from_utf8_lossy(cut).into_owned();
    if cut.len() < raw.len() {
        s.push('…');
    }
    s
}

fn ratio_too_high(uncompressed: u64, compressed: u64, max_ratio: u64) -> bool {
    uncompressed > RATIO_FLOOR && uncompressed > compressed.max(1).saturating_mul(max_ratio)
}
