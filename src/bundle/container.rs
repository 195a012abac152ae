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

use std::collections::{HashMap, HashSet};

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use unicode_normalization::UnicodeNormalization;

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

// ---------------------------------------------------------------- writing

/// Writes the entries, in the given order, as the layout described at the top of this
/// module. Same input, same bytes. Refuses (rather than writes something the reader
/// would refuse) unsafe or duplicate names and anything over [`Limits::DEFAULT`].
/// An entry is DEFLATEd when that is smaller and its ratio stays under the reader's
/// limit; otherwise it is STORED.
pub fn write<N: AsRef<str>, D: AsRef<[u8]>>(entries: &[(N, D)]) -> Result<Vec<u8>, ContainerError> {
    let limits = Limits::DEFAULT;
    let refuse = |reason: String| ContainerError::CannotWrite { reason };
    // Cannot fail under the limits below (1 GiB of content); checked all the same.
    let to32 = |n: usize| u32::try_from(n).map_err(|_| refuse("quá 4 GiB, cần zip64".into()));
    let count = u16::try_from(entries.len())
        .ok()
        .filter(|&n| usize::from(n) <= limits.max_entries)
        .ok_or_else(|| {
            refuse(format!(
                "{} mục, tối đa {}",
                entries.len(),
                limits.max_entries
            ))
        })?;
    let (mut keys, mut total) = (HashSet::new(), 0u64);
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in entries {
        let (name, data) = (name.as_ref(), data.as_ref());
        let problem = if name.len() > limits.max_name_bytes {
            Some("tên quá dài")
        } else {
            name_problem(name)
        };
        if let Some(why) = problem {
            return Err(refuse(format!("tên mục {name:?}: {why}")));
        }
        if !keys.insert(name_key(name)) {
            return Err(refuse(format!("tên mục {name:?} bị trùng")));
        }
        total += data.len() as u64;
        if data.len() as u64 > limits.max_entry_bytes || total > limits.max_total_uncompressed {
            return Err(refuse(format!("mục {name:?} làm gói quá lớn")));
        }
        let deflated = match data.is_empty() {
            true => Vec::new(),
            false => miniz_oxide::deflate::compress_to_vec(data, DEFLATE_LEVEL),
        };
        let use_deflate = !data.is_empty()
            && deflated.len() < data.len()
            && !ratio_too_high(data.len() as u64, deflated.len() as u64, limits.max_ratio);
        let (method, body) = match use_deflate {
            true => (DEFLATED, deflated.as_slice()),
            false => (STORED, data),
        };
        let offset = to32(out.len())?;
        let name_len = name.len() as u16; // <= max_name_bytes
                                          // The fields local and central headers share, from "version needed" on.
        let common = |buf: &mut Vec<u8>| -> Result<(), ContainerError> {
            put16(buf, &[VERSION, FLAG_UTF8, method, DOS_TIME, DOS_DATE]);
            put32(
                buf,
                &[crc32fast::hash(data), to32(body.len())?, to32(data.len())?],
            );
            put16(buf, &[name_len, 0]); // extra field length 0
            Ok(())
        };
        put32(&mut out, &[LOCAL_SIG]);
        common(&mut out)?;
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(body);

        put32(&mut central, &[CENTRAL_SIG]);
        put16(&mut central, &[VERSION]); // made by: 2.0 on host 0 (MS-DOS)
        common(&mut central)?;
        put16(&mut central, &[0, 0, 0]); // comment length, disk, internal attributes
        put32(&mut central, &[0, offset]); // external attributes, local header offset
        central.extend_from_slice(name.as_bytes());
    }
    let (cd_offset, cd_size) = (to32(out.len())?, to32(central.len())?);
    out.extend_from_slice(&central);
    put32(&mut out, &[EOCD_SIG]);
    put16(&mut out, &[0, 0, count, count]); // this disk, directory's disk, counts
    put32(&mut out, &[cd_size, cd_offset]);
    put16(&mut out, &[0]); // comment length
    if out.len() as u64 > limits.max_file_bytes {
        let max = limits.max_file_bytes;
        return Err(refuse(format!("tệp {} byte, tối đa {max}", out.len())));
    }
    Ok(out)
}

fn put16(buf: &mut Vec<u8>, values: &[u16]) {
    values
        .iter()
        .for_each(|v| buf.extend_from_slice(&v.to_le_bytes()));
}

fn put32(buf: &mut Vec<u8>, values: &[u32]) {
    values
        .iter()
        .for_each(|v| buf.extend_from_slice(&v.to_le_bytes()));
}

// ---------------------------------------------------------------- reading

/// A fixed-size header at `at`, or `None` if the file is too short: every read of the
/// untrusted bytes goes through this or `slice`, never through an unchecked index.
fn fixed<const N: usize>(bytes: &[u8], at: usize) -> Option<&[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn slice(bytes: &[u8], at: u64, len: u64) -> Option<&[u8]> {
    let at = usize::try_from(at).ok()?;
    let end = at.checked_add(usize::try_from(len).ok()?)?;
    bytes.get(at..end)
}

// Offsets are constants of the format, so these indexes cannot depend on the input.
fn le16<const N: usize>(h: &[u8; N], at: usize) -> u16 {
    u16::from_le_bytes([h[at], h[at + 1]])
}

fn le32<const N: usize>(h: &[u8; N], at: usize) -> u32 {
    u32::from_le_bytes([h[at], h[at + 1], h[at + 2], h[at + 3]])
}

fn corrupt(name: &str, what: &'static str) -> ContainerError {
    ContainerError::Corrupt {
        name: name.to_string(),
        what,
    }
}

fn unsupported(what: impl Into<String>) -> ContainerError {
    ContainerError::Unsupported { what: what.into() }
}

/// The end record's position: searched backwards over at most 65,557 bytes, and only
/// accepted where its comment length reaches exactly the end of the file (so a
/// signature inside a comment or inside data is not mistaken for it).
fn find_eocd(bytes: &[u8]) -> Result<usize, ContainerError> {
    let missing = || {
        // A file that starts like a ZIP but has lost its end was cut short.
        if bytes.starts_with(&LOCAL_SIG.to_le_bytes()) {
            ContainerError::Truncated
        } else {
            ContainerError::NotZip
        }
    };
    let highest = bytes.len().checked_sub(EOCD_LEN).ok_or_else(missing)?;
    let lowest = bytes.len().saturating_sub(EOCD_SEARCH);
    for pos in (lowest..=highest).rev() {
        if let Some(h) = fixed::<EOCD_LEN>(bytes, pos) {
            if le32(h, 0) == EOCD_SIG && pos + EOCD_LEN + le16(h, 20) as usize == bytes.len() {
                return Ok(pos);
            }
        }
    }
    Err(missing())
}

/// Parses and checks the whole directory, in the order of the module's rules, and
/// stops at the first problem. Reads no entry data.
pub fn read_index(bytes: &[u8], limits: &Limits) -> Result<Index, ContainerError> {
    if bytes.is_empty() {
        return Err(ContainerError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        let (bytes, max) = (bytes.len() as u64, limits.max_file_bytes);
        return Err(ContainerError::TooLarge { bytes, max });
    }
    let (cd_offset, cd, count) = directory(bytes, limits)?;
    let mut index = Index {
        entries: Vec::with_capacity(count),
        by_name: HashMap::with_capacity(count),
    };
    let mut keys = HashSet::with_capacity(count);
    let mut spans = Vec::with_capacity(count); // (local header offset, data end, entry)
    let (mut total, mut pos) = (0u64, 0usize);
    for i in 0..count {
        let cut = || corrupt("", "mục lục bị cắt ngang");
        let h = fixed::<CENTRAL_LEN>(cd, pos).ok_or_else(cut)?;
        if le32(h, 0) != CENTRAL_SIG {
            return Err(corrupt("", "sai dấu hiệu đầu mục trong mục lục"));
        }
        let f = Fields {
            flags: le16(h, 8),
            method: le16(h, 10),
            crc: le32(h, 16),
            csize: le32(h, 20),
            usize: le32(h, 24),
        };
        let (made_by, name_len, extra_len, comment_len) = (
            le16(h, 4),
            usize::from(le16(h, 28)),
            le16(h, 30),
            le16(h, 32),
        );
        let (disk_start, external, local_off) = (le16(h, 34), le32(h, 38), le32(h, 42));
        if [f.csize, f.usize, local_off].contains(&u32::MAX) || disk_start == u16::MAX {
            return Err(unsupported("zip64"));
        }
        if disk_start != 0 {
            return Err(unsupported("tệp chia nhiều phần"));
        }
        let raw = cd
            .get(pos + CENTRAL_LEN..pos + CENTRAL_LEN + name_len)
            .ok_or_else(cut)?;
        let name = checked_name(raw, f.flags, limits)?;
        if !keys.insert(name_key(name)) {
            return Err(ContainerError::DuplicateName { name: name.into() });
        }
        // Extra fields can carry a second "Unicode path" that some readers prefer.
        if extra_len != 0 || comment_len != 0 {
            return Err(unsupported("trường mở rộng hoặc ghi chú của mục"));
        }
        if f.flags & ENCRYPTION_FLAGS != 0 {
            return Err(unsupported("mục được mã hóa"));
        }
        if f.flags & DATA_DESCRIPTOR_FLAG != 0 {
            return Err(unsupported("kích thước ghi sau dữ liệu (data descriptor)"));
        }
        if f.flags & !KNOWN_FLAGS != 0 {
            return Err(unsupported(format!("cờ lạ {:#06x}", f.flags)));
        }
        if f.method != STORED && f.method != DEFLATED {
            return Err(unsupported(format!("phương thức nén số {}", f.method)));
        }
        if made_by >> 8 == 3 && (external >> 16) & 0o170_000 == 0o120_000 {
            return Err(unsupported("liên kết tượng trưng (symlink)"));
        }
        let (csize, usize_) = (u64::from(f.csize), u64::from(f.usize));
        if f.method == STORED && csize != usize_ {
            let what = "mục không nén nhưng hai kích thước khác nhau";
            return Err(corrupt(name, what));
        }
        if usize_ > limits.max_entry_bytes {
            let (name, max) = (name.into(), limits.max_entry_bytes);
            return Err(ContainerError::EntryTooLarge {
                name,
                size: usize_,
                max,
            });
        }
        total += usize_;
        if total > limits.max_total_uncompressed {
            let max = limits.max_total_uncompressed;
            return Err(ContainerError::TotalTooLarge { total, max });
        }
        if ratio_too_high(usize_, csize, limits.max_ratio) {
            let (name, ratio, max) = (name.into(), usize_ / csize.max(1), limits.max_ratio);
            return Err(ContainerError::RatioTooHigh { name, ratio, max });
        }
        let local_off = u64::from(local_off);
        let data_offset = check_local(bytes, cd_offset, local_off, &f, name, raw)?;
        spans.push((local_off, data_offset + csize, i));
        index.by_name.insert(name.to_string(), i);
        index.entries.push(Entry {
            name: name.to_string(),
            method: f.method,
            crc32: f.crc,
            compressed_size: csize,
            uncompressed_size: usize_,
            data_offset,
        });
        pos += CENTRAL_LEN + name_len;
    }
    if pos != cd.len() {
        return Err(corrupt("", "mục lục có dữ liệu thừa"));
    }
    // Entries must tile [0, cd_offset): no overlap, no hidden bytes.
    spans.sort_unstable();
    let mut expected = 0u64;
    for (start, end, i) in spans {
        let name = &index.entries[i].name;
        if start < expected {
            return Err(corrupt(name, "chồng lên mục khác"));
        }
        if start > expected {
            return Err(corrupt(name, "có dữ liệu lạ đứng trước mục"));
        }
        expected = end;
    }
    if expected != cd_offset {
        return Err(corrupt("", "có dữ liệu lạ đứng trước mục lục"));
    }
    Ok(index)
}

/// The end record's checks; gives the directory's offset, bytes and entry count.
fn directory<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<(u64, &'a [u8], usize), ContainerError> {
    let eocd_pos = find_eocd(bytes)?;
    let eocd = fixed::<EOCD_LEN>(bytes, eocd_pos).ok_or(ContainerError::Truncated)?;
    let (disk, cd_disk) = (le16(eocd, 4), le16(eocd, 6));
    let (here, count) = (le16(eocd, 8), le16(eocd, 10));
    let (cd_size, cd_offset) = (u64::from(le32(eocd, 12)), u64::from(le32(eocd, 16)));
    let locator = eocd_pos
        .checked_sub(20)
        .and_then(|p| fixed::<4>(bytes, p))
        .is_some_and(|s| le32(s, 0) == ZIP64_LOCATOR_SIG);
    if locator
        || [disk, cd_disk, here, count].contains(&u16::MAX)
        || [cd_size, cd_offset].contains(&u64::from(u32::MAX))
    {
        return Err(unsupported("zip64"));
    }
    if disk != 0 || cd_disk != 0 || here != count {
        return Err(unsupported("tệp chia nhiều phần"));
    }
    if cd_offset + cd_size != eocd_pos as u64 {
        return Err(corrupt("", "mục lục không nằm ngay trước phần kết của tệp"));
    }
    let (count, max) = (usize::from(count), limits.max_entries);
    if count > max {
        return Err(ContainerError::TooManyEntries { count, max });
    }
    if (count * CENTRAL_LEN) as u64 > cd_size {
        return Err(corrupt("", "số mục khai báo không vừa với mục lục"));
    }
    let cd = slice(bytes, cd_offset, cd_size).ok_or(ContainerError::Truncated)?;
    Ok((cd_offset, cd, count))
}

/// The name's checks, up to safety (duplicates are the caller's).
fn checked_name<'a>(raw: &'a [u8], flags: u16, limits: &Limits) -> Result<&'a str, ContainerError> {
    let bad = |name: String, reason| ContainerError::BadName { name, reason };
    if raw.len() > limits.max_name_bytes {
        return Err(bad(shown(raw), "tên quá dài"));
    }
    let name = std::str::from_utf8(raw).map_err(|_| bad(shown(raw), "tên không phải UTF-8"))?;
    if let Some(reason) = name_problem(name) {
        return Err(bad(name.into(), reason));
    }
    // Without the flag, readers decode the name as CP437: two readers, two names.
    if !name.is_ascii() && flags & FLAG_UTF8 == 0 {
        return Err(bad(name.into(), "tên có dấu nhưng không đánh dấu UTF-8"));
    }
    Ok(name)
}

/// The fields that the central and the local header must both carry, identically.
struct Fields {
    flags: u16,
    method: u16,
    crc: u32,
    csize: u32,
    usize: u32,
}

/// The local header must repeat the directory, so that a reader walking local headers
/// (a streaming unzip) sees the same archive as we do. Gives the data's offset.
fn check_local(
    bytes: &[u8],
    cd_offset: u64,
    at: u64,
    f: &Fields,
    name: &str,
    raw: &[u8],
) -> Result<u64, ContainerError> {
    let data_offset = at + (LOCAL_LEN + raw.len()) as u64;
    let h = slice(bytes, at, LOCAL_LEN as u64)
        .filter(|_| data_offset <= cd_offset)
        .and_then(|h| fixed::<LOCAL_LEN>(h, 0))
        .ok_or_else(|| corrupt(name, "tiêu đề cục bộ nằm ngoài vùng dữ liệu"))?;
    let same = le32(h, 0) == LOCAL_SIG
        && (le16(h, 6), le16(h, 8)) == (f.flags, f.method)
        && (le32(h, 14), le32(h, 18), le32(h, 22)) == (f.crc, f.csize, f.usize)
        && (usize::from(le16(h, 26)), le16(h, 28)) == (raw.len(), 0)
        && slice(bytes, at + LOCAL_LEN as u64, raw.len() as u64) == Some(raw);
    if !same {
        return Err(corrupt(name, "tiêu đề cục bộ khác mục lục"));
    }
    if data_offset + u64::from(f.csize) > cd_offset {
        return Err(corrupt(name, "dữ liệu của mục tràn sang mục lục"));
    }
    Ok(data_offset)
}

/// Reads one entry into memory: inflates through a hard cap of its declared size + 1
/// (the declared size is never trusted), then checks the exact size and the CRC-32.
/// `entry` need not come from this `bytes`: every range is checked again.
pub fn read_entry(bytes: &[u8], entry: &Entry, limits: &Limits) -> Result<Vec<u8>, ContainerError> {
    let name = entry.name.as_str();
    if entry.uncompressed_size > limits.max_entry_bytes {
        return Err(ContainerError::EntryTooLarge {
            name: name.into(),
            size: entry.uncompressed_size,
            max: limits.max_entry_bytes,
        });
    }
    let data = slice(bytes, entry.data_offset, entry.compressed_size)
        .ok_or_else(|| corrupt(name, "dữ liệu của mục nằm ngoài tệp"))?;
    // Fits in usize: it is at most max_entry_bytes, and the file is in memory.
    let declared = usize::try_from(entry.uncompressed_size)
        .map_err(|_| corrupt(name, "kích thước khai báo quá lớn"))?;
    let size_mismatch = || ContainerError::SizeMismatch {
        name: name.into(),
        declared: entry.uncompressed_size,
    };
    let out = match entry.method {
        STORED if data.len() != declared => return Err(size_mismatch()),
        STORED => data.to_vec(),
        DEFLATED => match inflate_capped(data, declared.saturating_add(1)) {
            Ok(out) => out,
            Err(Inflate::TooLong) => return Err(size_mismatch()),
            Err(Inflate::Bad(what)) => return Err(corrupt(name, what)),
        },
        other => return Err(unsupported(format!("phương thức nén số {other}"))),
    };
    if out.len() != declared {
        return Err(size_mismatch());
    }
    if crc32fast::hash(&out) != entry.crc32 {
        return Err(ContainerError::CrcMismatch { name: name.into() });
    }
    Ok(out)
}

enum Inflate {
    /// The output reached the cap: more than declared.
    TooLong,
    Bad(&'static str),
}

/// Raw DEFLATE into a buffer that grows by doubling but never past `cap` bytes, and
/// whose first size comes from the input's length, not from any declared size.
/// The stream must end exactly at the end of the input.
fn inflate_capped(input: &[u8], cap: usize) -> Result<Vec<u8>, Inflate> {
    let mut out = vec![0u8; input.len().saturating_mul(4).max(1 << 16).min(cap)];
    let mut state = Box::<DecompressorOxide>::default();
    let (mut in_pos, mut out_pos) = (0usize, 0usize);
    loop {
        let rest = input
            .get(in_pos..)
            .ok_or(Inflate::Bad("dữ liệu nén hỏng"))?;
        let (status, read, written) = decompress(
            &mut state,
            rest,
            &mut out,
            out_pos,
            inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        in_pos += read;
        out_pos += written;
        match status {
            TINFLStatus::Done => {
                if in_pos != input.len() {
                    return Err(Inflate::Bad("có dữ liệu thừa sau dòng nén"));
                }
                out.truncate(out_pos);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() >= cap {
                    return Err(Inflate::TooLong);
                }
                let grown = out.len().saturating_mul(2).min(cap);
                out.resize(grown, 0);
            }
            TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                return Err(Inflate::Bad("dòng nén bị cắt cụt"))
            }
            _ => return Err(Inflate::Bad("dữ liệu nén hỏng")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sha2::{Digest, Sha256};

    type Entries = Vec<(String, Vec<u8>)>;

    fn set16(z: &mut [u8], at: usize, v: u16) {
        z[at..at + 2].copy_from_slice(&v.to_le_bytes());
    }
    fn set32(z: &mut [u8], at: usize, v: u32) {
        z[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }
    fn get32(z: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(z[at..at + 4].try_into().unwrap())
    }
    /// Offset of the end record and of the central directory of an archive without comment.
    fn eocd(z: &[u8]) -> usize {
        z.len() - EOCD_LEN
    }
    fn cd(z: &[u8]) -> usize {
        get32(z, eocd(z) + 16) as usize
    }

    /// Reproducible pseudo-random bytes (xorshift64*), no dependency needed.
    fn noise(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
            })
            .collect()
    }

    fn read_all(z: &[u8], limits: &Limits) -> Result<Entries, ContainerError> {
        let index = read_index(z, limits)?;
        index
            .entries()
            .iter()
            .map(|e| Ok((e.name.clone(), read_entry(z, e, limits)?)))
            .collect()
    }

    fn refused(z: &[u8]) -> ContainerError {
        read_all(z, &Limits::DEFAULT).expect_err("must be refused")
    }

    fn compressed_bytes(z: &[u8], e: &Entry) -> Vec<u8> {
        z[e.data_offset as usize..(e.data_offset + e.compressed_size) as usize].to_vec()
    }

    fn owned(entries: &[(&str, &[u8])]) -> Entries {
        entries
            .iter()
            .map(|(n, d)| (n.to_string(), d.to_vec()))
            .collect()
    }

    /// A hand-built entry, written by `raw_zip` independently of `write`; local and
    /// central headers agree unless a test patches them.
    struct Raw {
        name: Vec<u8>,
        method: u16,
        flags: u16,
        crc: u32,
        csize: u32,
        usize: u32,
        data: Vec<u8>,
    }

    impl Raw {
        fn stored(name: &str, data: &[u8]) -> Raw {
            Raw::bytes_named(name.as_bytes(), data)
        }
        fn bytes_named(name: &[u8], data: &[u8]) -> Raw {
            Raw {
                name: name.to_vec(),
                method: STORED,
                flags: FLAG_UTF8,
                crc: crc32fast::hash(data),
                csize: data.len() as u32,
                usize: data.len() as u32,
                data: data.to_vec(),
            }
        }
        fn deflated(name: &str, data: &[u8]) -> Raw {
            let packed = miniz_oxide::deflate::compress_to_vec(data, 6);
            Raw {
                method: DEFLATED,
                csize: packed.len() as u32,
                data: packed,
                ..Raw::stored(name, data)
            }
        }
    }

    fn raw_zip(entries: &[Raw]) -> Vec<u8> {
        let mut z = Vec::new();
        let mut offsets = Vec::new();
        let fields = |z: &mut Vec<u8>, e: &Raw| {
            for v in [20u16, e.flags, e.method, 0, 0x21] {
                z.extend(v.to_le_bytes());
            }
            for v in [e.crc, e.csize, e.usize] {
                z.extend(v.to_le_bytes());
            }
            z.extend((e.name.len() as u16).to_le_bytes());
            z.extend(0u16.to_le_bytes());
        };
        for e in entries {
            offsets.push(z.len() as u32);
            z.extend(LOCAL_SIG.to_le_bytes());
            fields(&mut z, e);
            z.extend(&e.name);
            z.extend(&e.data);
        }
        let cd_offset = z.len() as u32;
        for (e, off) in entries.iter().zip(offsets) {
            z.extend(CENTRAL_SIG.to_le_bytes());
            z.extend(20u16.to_le_bytes());
            fields(&mut z, e);
            z.extend([0u8; 10]);
            z.extend(off.to_le_bytes());
            z.extend(&e.name);
        }
        let cd_size = z.len() as u32 - cd_offset;
        let n = entries.len() as u16;
        z.extend(EOCD_SIG.to_le_bytes());
        for v in [0u16, 0, n, n] {
            z.extend(v.to_le_bytes());
        }
        z.extend(cd_size.to_le_bytes());
        z.extend(cd_offset.to_le_bytes());
        z.extend(0u16.to_le_bytes());
        z
    }

    fn jsonl(lines: usize) -> Vec<u8> {
        (0..lines)
            .map(|i| {
                format!(
                    "{{\"id\":\"0190a1b2-{i:08x}\",\"name\":\"Tổ xung kích thôn {}\",\"hlc\":{}}}\n",
                    i % 97,
                    1_700_000_000_000u64 + i as u64 * 7919
                )
            })
            .collect::<String>()
            .into_bytes()
    }

    fn small_archive() -> (Vec<u8>, Entries) {
        let entries = owned(&[
            ("manifest.json", b"{\"format\":1,\"unit\":\"00001\"}\n"),
            (
                "records/teams.jsonl",
                "dòng dữ liệu đội 1\n".repeat(12).as_bytes(),
            ),
        ]);
        (write(&entries).unwrap(), entries)
    }

    // ------------------------------------------------------------ writing and round trip

    #[test]
    fn round_trip_of_many_kinds_of_entries() {
        let sha = hex::encode(Sha256::digest(b"scan"));
        let entries = vec![
            ("manifest.json".to_string(), b"{\"format\":1}".to_vec()),
            ("empty".to_string(), Vec::new()),
            ("binary".to_string(), (0..=255u8).rev().collect()),
            ("records/teams.jsonl".to_string(), jsonl(20_000)),
            (format!("attachments/{sha}"), noise(1, 200_000)),
            ("records/thôn.jsonl".to_string(), "Thôn Đông".into()),
        ];
        let z = write(&entries).unwrap();
        let index = read_index(&z, &Limits::DEFAULT).unwrap();
        assert_eq!(index.len(), entries.len());
        let method = |n: &str| index.get(n).unwrap().method;
        assert_eq!(method("records/teams.jsonl"), DEFLATED);
        assert_eq!(method(&format!("attachments/{sha}")), STORED);
        assert_eq!(method("empty"), STORED);
        assert!(index.get("RECORDS/teams.jsonl").is_none());
        let big = index.get("records/teams.jsonl").unwrap();
        assert!(big.compressed_size * 3 < big.uncompressed_size);
        assert_eq!(read_all(&z, &Limits::DEFAULT).unwrap(), entries);
    }

    #[test]
    fn empty_archive_round_trips() {
        let z = write::<&str, &[u8]>(&[]).unwrap();
        assert_eq!(z.len(), EOCD_LEN);
        assert!(read_index(&z, &Limits::DEFAULT).unwrap().is_empty());
    }

    #[test]
    fn writing_is_deterministic_and_matches_the_golden_hash() {
        let (z, entries) = small_archive();
        assert_eq!(write(&entries).unwrap(), z);
        // Fixed time, fields and DEFLATE level: any change to the bytes the writer makes
        // (or to miniz_oxide's output) must be a deliberate one. Update with care.
        assert_eq!(
            hex::encode(Sha256::digest(&z)),
            "8f74e33146eb3fdcdd7416e24b504dd185d97ca887b9e46b68c03aae3faae801",
            "the writer's output changed"
        );
        assert_eq!(z[..4], LOCAL_SIG.to_le_bytes());
        assert_eq!(
            read_index(&z, &Limits::DEFAULT).unwrap().entries()[1].method,
            DEFLATED
        );
    }

    #[test]
    fn writer_keeps_its_output_within_the_default_limits() {
        // 2 MiB of zeros would DEFLATE at ~1000:1, which the reader refuses: stored instead.
        let zeros = vec![0u8; 2 << 20];
        let z = write(&[("zeros", &zeros)]).unwrap();
        assert_eq!(
            read_index(&z, &Limits::DEFAULT).unwrap().entries()[0].method,
            STORED
        );
        assert_eq!(read_all(&z, &Limits::DEFAULT).unwrap()[0].1, zeros);

        for bad in ["../x", "/etc/x", "a\\b", "C:x", "", "a//b", "dir/"] {
            let e = write(&[(bad, b"x")]).unwrap_err();
            assert_eq!(e.code(), "bundle_cannot_write", "{bad:?}");
        }
        assert!(write(&[("a", b"1"), ("A", b"2")]).is_err());
        assert!(write(&[("x".repeat(201), b"1")]).is_err());
        let many: Vec<(String, &[u8])> = (0..=MAX_ENTRIES)
            .map(|i| (format!("e{i}"), &b""[..]))
            .collect();
        assert!(write(&many).is_err());
        let z = write(&many[..MAX_ENTRIES]).unwrap();
        assert_eq!(read_index(&z, &Limits::DEFAULT).unwrap().len(), MAX_ENTRIES);
    }

    #[test]
    fn python_zipfile_reads_our_archives_and_we_read_its() {
        let entries = owned(&[
            ("manifest.json", b"{}"),
            ("records/th\u{f4}n.jsonl", &jsonl(500)),
            ("attachments/x", &noise(7, 5000)),
            ("empty", b""),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("ours.zip");
        std::fs::write(&ours, write(&entries).unwrap()).unwrap();
        let check = "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))";
        let run = |script: &str, path: &std::path::Path| {
            std::process::Command::new("python3")
                .arg("-c")
                .arg(script)
                .arg(path)
                .output()
        };
        let out = match run(check, &ours) {
            Ok(out) => out,
            Err(e) => {
                println!("note: python3 not available ({e}); interoperability not checked");
                return;
            }
        };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "4");

        let theirs = dir.path().join("theirs.zip");
        let make = "import zipfile,sys\n\
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n\
            \x20   z.writestr('manifest.json', '{\"a\": 1}')\n\
            \x20   z.writestr('records/th\u{f4}n.jsonl', 'x' * 5000)\n\
            \x20   z.writestr(zipfile.ZipInfo('stored.bin'), bytes(range(256)))\n\
            \x20   z.writestr('empty', '')\n";
        let out = run(make, &theirs).unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = read_all(&std::fs::read(&theirs).unwrap(), &Limits::DEFAULT).unwrap();
        let want = owned(&[
            ("manifest.json", b"{\"a\": 1}"),
            ("records/th\u{f4}n.jsonl", "x".repeat(5000).as_bytes()),
            ("stored.bin", &(0..=255u8).collect::<Vec<_>>()),
            ("empty", b""),
        ]);
        assert_eq!(got, want);
    }

    // ------------------------------------------------------------ refusals

    #[test]
    fn refuses_empty_oversized_and_non_zip_files() {
        assert_eq!(
            read_index(&[], &Limits::DEFAULT).unwrap_err(),
            ContainerError::Empty
        );
        let (z, _) = small_archive();
        let tight = Limits {
            max_file_bytes: 100,
            ..Limits::DEFAULT
        };
        assert!(matches!(
            read_index(&z, &tight),
            Err(ContainerError::TooLarge { max: 100, .. })
        ));
        assert_eq!(
            refused(b"%PDF-1.7 this is not a bundle at all"),
            ContainerError::NotZip
        );
        assert_eq!(refused(&z[..z.len() - 1]), ContainerError::Truncated);
        // An end record whose comment length does not reach the end is not an end record.
        let mut c = z.clone();
        set16(&mut c, eocd(&z) + 20, 3);
        assert_eq!(refused(&c), ContainerError::Truncated);
        assert_eq!(refused(&z[4..z.len() - 1]), ContainerError::NotZip);
        // ... while a real trailing comment is tolerated.
        let mut c = z.clone();
        set16(&mut c, eocd(&z) + 20, 5);
        c.extend(b"hello");
        assert!(read_all(&c, &Limits::DEFAULT).is_ok());
    }

    #[test]
    fn refuses_multi_disk_and_zip64() {
        let (z, _) = small_archive();
        let e = eocd(&z);
        let unsupported = |patch: &dyn Fn(&mut Vec<u8>)| {
            let mut c = z.clone();
            patch(&mut c);
            match refused(&c) {
                ContainerError::Unsupported { what } => what,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(unsupported(&|c| set16(c, e + 4, 1)), "tệp chia nhiều phần");
        assert_eq!(unsupported(&|c| set16(c, e + 8, 1)), "tệp chia nhiều phần");
        assert_eq!(unsupported(&|c| set16(c, e + 10, 0xFFFF)), "zip64");
        assert_eq!(unsupported(&|c| set32(c, e + 16, u32::MAX)), "zip64");
        let central = cd(&z);
        assert_eq!(unsupported(&|c| set32(c, central + 20, u32::MAX)), "zip64");
        assert_eq!(
            unsupported(&|c| set16(c, central + 34, 1)),
            "tệp chia nhiều phần"
        );
        // A zip64 end-of-directory locator just before the end record.
        let mut c = z[..e].to_vec();
        c.extend(ZIP64_LOCATOR_SIG.to_le_bytes());
        c.extend([0u8; 16]);
        c.extend(&z[e..]);
        set32(&mut c, e + 20 + 16, get32(&z, e + 16)); // offsets unchanged
        assert_eq!(refused(&c).code(), "bundle_unsupported");
    }

    #[test]
    fn refuses_a_directory_that_does_not_fit() {
        let (z, _) = small_archive();
        let e = eocd(&z);
        for patch in [
            (e + 12, get32(&z, e + 12) + 1), // size runs into the end record
            (e + 12, get32(&z, e + 12) - 1), // stops short of it
            (e + 16, 0x7FFF_FFFF),           // offset past the end of the file
        ] {
            let mut c = z.clone();
            set32(&mut c, patch.0, patch.1);
            assert_eq!(refused(&c).code(), "bundle_corrupt", "{patch:?}");
        }
        // More entries declared than 46-byte headers fit.
        let mut c = z.clone();
        set16(&mut c, e + 8, 50);
        set16(&mut c, e + 10, 50);
        assert_eq!(refused(&c).code(), "bundle_corrupt");
        // Bytes after the last header inside the declared directory.
        let mut c = z[..e].to_vec();
        c.extend([0u8; 7]);
        c.extend(&z[e..]);
        let size = get32(&z, e + 12) + 7;
        set32(&mut c, e + 7 + 12, size);
        assert_eq!(
            refused(&c),
            ContainerError::Corrupt {
                name: String::new(),
                what: "mục lục có dữ liệu thừa"
            }
        );
    }

    #[test]
    fn refuses_too_many_entries_from_the_end_record_alone() {
        let mut z = raw_zip(&[Raw::stored("a", b"1")]);
        let e = eocd(&z);
        set16(&mut z, e + 8, 1000);
        set16(&mut z, e + 10, 1000);
        let limits = Limits {
            max_entries: 10,
            ..Limits::DEFAULT
        };
        assert_eq!(
            read_index(&z, &limits).unwrap_err(),
            ContainerError::TooManyEntries {
                count: 1000,
                max: 10
            }
        );
        let z = raw_zip(&[
            Raw::stored("a", b""),
            Raw::stored("b", b""),
            Raw::stored("c", b""),
        ]);
        let limits = Limits {
            max_entries: 2,
            ..Limits::DEFAULT
        };
        assert_eq!(
            read_index(&z, &limits).unwrap_err().code(),
            "bundle_too_many_entries"
        );
    }

    #[test]
    fn refuses_unsafe_names() {
        for bad in [
            "../x",
            "a/../../x",
            "..",
            "./a",
            "a/.",
            "/etc/x",
            "\\etc\\x",
            "a\\b",
            "..\\x",
            "C:x",
            "C:\\x",
            "c:/x",
            "a:stream",
            "",
            "a//b",
            "dir/",
            "a\0b",
            "a\nb",
            "\u{7f}",
            "tab\there",
            "\u{85}next",
        ] {
            let z = raw_zip(&[Raw::stored(bad, b"x")]);
            assert!(
                matches!(refused(&z), ContainerError::BadName { ref name, .. } if name == bad),
                "{bad:?}: {:?}",
                refused(&z)
            );
        }
        let long = "x".repeat(201);
        let z = raw_zip(&[Raw::stored(&long, b"")]);
        assert!(matches!(
            refused(&z),
            ContainerError::BadName {
                reason: "tên quá dài",
                ..
            }
        ));
        assert!(read_index(
            &raw_zip(&[Raw::stored(&long[..200], b"")]),
            &Limits::DEFAULT
        )
        .is_ok());

        let z = raw_zip(&[Raw::bytes_named(b"a\xffb", b"")]);
        assert_eq!(
            refused(&z),
            ContainerError::BadName {
                name: "a\u{fffd}b".into(),
                reason: "tên không phải UTF-8"
            }
        );
        let mut plain = Raw::stored("thôn", b"");
        plain.flags = 0;
        assert_eq!(refused(&raw_zip(&[plain])).code(), "bundle_bad_name");
    }

    #[test]
    fn refuses_duplicate_names_also_by_case_and_normalisation() {
        for (a, b) in [
            ("a", "a"),
            ("a", "A"),
            ("records/Thôn.jsonl", "records/THÔN.jsonl"),
            ("\u{e9}", "e\u{301}"),
            ("th\u{f4}n", "tho\u{302}n"),
        ] {
            let z = raw_zip(&[Raw::stored(a, b"1"), Raw::stored(b, b"2")]);
            assert_eq!(
                refused(&z),
                ContainerError::DuplicateName { name: b.into() },
                "{a:?}/{b:?}"
            );
        }
    }

    #[test]
    fn refuses_encryption_descriptors_unknown_flags_methods_extras_and_symlinks() {
        let base = raw_zip(&[Raw::stored("a", b"hello")]);
        let central = cd(&base);
        let with = |patch: &dyn Fn(&mut Vec<u8>)| {
            let mut c = base.clone();
            patch(&mut c);
            refused(&c)
        };
        let both_flags = |flags: u16| {
            move |c: &mut Vec<u8>| {
                set16(c, 6, flags);
                set16(c, central + 8, flags);
            }
        };
        let what = |e: ContainerError| match e {
            ContainerError::Unsupported { what } => what,
            other => panic!("{other:?}"),
        };
        assert_eq!(what(with(&both_flags(FLAG_UTF8 | 1))), "mục được mã hóa");
        assert_eq!(
            what(with(&both_flags(FLAG_UTF8 | 1 << 6))),
            "mục được mã hóa"
        );
        assert!(what(with(&both_flags(FLAG_UTF8 | 1 << 3))).contains("data descriptor"));
        assert!(what(with(&both_flags(FLAG_UTF8 | 1 << 4))).contains("cờ lạ"));
        let method12 = |c: &mut Vec<u8>| {
            set16(c, 8, 12);
            set16(c, central + 10, 12);
        };
        assert_eq!(what(with(&method12)), "phương thức nén số 12");
        assert!(what(with(&|c| set16(c, central + 30, 4))).contains("trường mở rộng"));
        assert!(what(with(&|c| set16(c, central + 32, 1))).contains("ghi chú"));
        let symlink = |c: &mut Vec<u8>| {
            set16(c, central + 4, 0x0314);
            set32(c, central + 38, 0o120_777 << 16);
        };
        assert!(what(with(&symlink)).contains("symlink"));
        // A Unix regular file is fine.
        let mut c = base.clone();
        set16(&mut c, central + 4, 0x0314);
        set32(&mut c, central + 38, 0o100_644 << 16);
        assert!(read_all(&c, &Limits::DEFAULT).is_ok());
    }

    #[test]
    fn refuses_stored_entries_whose_sizes_differ() {
        let mut e = Raw::stored("a", b"hello");
        e.usize = 6;
        assert!(matches!(
            refused(&raw_zip(&[e])),
            ContainerError::Corrupt {
                what: "mục không nén nhưng hai kích thước khác nhau",
                ..
            }
        ));
    }

    #[test]
    fn refuses_entries_and_totals_over_the_limits() {
        // Declared 300 MiB: refused from the directory, nothing inflated.
        let mut e = Raw::deflated("big", b"tiny");
        e.usize = 300 << 20;
        assert!(matches!(
            refused(&raw_zip(&[e])),
            ContainerError::EntryTooLarge { size, .. } if size == 300 << 20
        ));
        // Honest sizes over smaller limits.
        let z = raw_zip(&[Raw::stored("a", &[1; 1000]), Raw::stored("b", &[2; 1000])]);
        let one = Limits {
            max_entry_bytes: 999,
            ..Limits::DEFAULT
        };
        assert_eq!(
            read_index(&z, &one).unwrap_err().code(),
            "bundle_entry_too_large"
        );
        let total = Limits {
            max_total_uncompressed: 1500,
            ..Limits::DEFAULT
        };
        assert_eq!(
            read_index(&z, &total).unwrap_err(),
            ContainerError::TotalTooLarge {
                total: 2000,
                max: 1500
            }
        );
        // read_entry checks again, for an Entry that did not come from read_index.
        let index = read_index(&z, &Limits::DEFAULT).unwrap();
        assert_eq!(
            read_entry(&z, &index.entries()[0], &one)
                .unwrap_err()
                .code(),
            "bundle_entry_too_large"
        );
    }

    #[test]
    fn refuses_an_honest_bomb_by_its_ratio() {
        let zeros = vec![0u8; 4 << 20];
        let z = raw_zip(&[Raw::deflated("bomb", &zeros)]);
        assert!(
            matches!(refused(&z), ContainerError::RatioTooHigh { ratio, max: 200, .. } if ratio > 200)
        );
        // Under the floor, any ratio is fine.
        let z = raw_zip(&[Raw::deflated("small", &[0; 100_000])]);
        assert_eq!(read_all(&z, &Limits::DEFAULT).unwrap()[0].1.len(), 100_000);
    }

    #[test]
    fn a_lying_declared_size_stops_inflation_at_the_cap() {
        // 8 MiB of zeros that claims to be 1000 bytes: inflation stops after 1001 bytes.
        let zeros = vec![0u8; 8 << 20];
        let mut e = Raw::deflated("bomb", &zeros);
        e.usize = 1000;
        let z = raw_zip(&[e]);
        let index = read_index(&z, &Limits::DEFAULT).unwrap();
        assert_eq!(
            read_entry(&z, &index.entries()[0], &Limits::DEFAULT).unwrap_err(),
            ContainerError::SizeMismatch {
                name: "bomb".into(),
                declared: 1000
            }
        );
        assert!(matches!(
            inflate_capped(&compressed_bytes(&z, &index.entries()[0]), 1001),
            Err(Inflate::TooLong)
        ));
        // Claiming more than there is fails too.
        let mut e = Raw::deflated("short", &[7; 1000]);
        e.usize = 2000;
        assert_eq!(refused(&raw_zip(&[e])).code(), "bundle_size_mismatch");
    }

    #[test]
    fn refuses_bad_deflate_data() {
        let mut e = Raw::deflated("a", &jsonl(50));
        e.data.push(0); // a byte after the end of the stream
        e.csize += 1;
        assert!(matches!(
            refused(&raw_zip(&[e])),
            ContainerError::Corrupt {
                what: "có dữ liệu thừa sau dòng nén",
                ..
            }
        ));
        let mut e = Raw::deflated("a", &jsonl(50));
        e.data.truncate(e.data.len() / 2);
        e.csize = e.data.len() as u32;
        assert!(matches!(
            refused(&raw_zip(&[e])),
            ContainerError::Corrupt {
                what: "dòng nén bị cắt cụt",
                ..
            }
        ));
        let mut e = Raw::deflated("a", b"abc");
        e.data = vec![0xFF; 10]; // reserved block type 3
        e.csize = 10;
        assert!(matches!(
            refused(&raw_zip(&[e])),
            ContainerError::Corrupt {
                what: "dữ liệu nén hỏng",
                ..
            }
        ));
    }

    #[test]
    fn refuses_a_crc_mismatch() {
        let mut z = raw_zip(&[Raw::stored("a.json", b"{\"so\":1}")]);
        z[LOCAL_LEN + 6 + 3] ^= 0x01;
        assert_eq!(
            refused(&z),
            ContainerError::CrcMismatch {
                name: "a.json".into()
            }
        );
    }

    #[test]
    fn refuses_a_local_header_that_differs_from_the_directory() {
        let base = raw_zip(&[Raw::stored("ab", b"hello"), Raw::stored("cd", b"world")]);
        // Local fields: flags 6, method 8, crc 14, sizes 18 and 22, name 30.
        for (at, value) in [
            (6usize, 0u16),
            (8, 8),
            (14, 1),
            (18, 4),
            (22, 4),
            (30, u16::from(b'x')),
        ] {
            let mut c = base.clone();
            if at == 30 {
                c[at] = value as u8;
            } else {
                set16(&mut c, at, value);
            }
            assert!(
                matches!(refused(&c), ContainerError::Corrupt { ref name, what: "tiêu đề cục bộ khác mục lục" } if name == "ab"),
                "field at {at}: {:?}",
                refused(&c)
            );
        }
        // A directory entry pointing into the middle of the data.
        let mut c = base.clone();
        let second = cd(&base) + CENTRAL_LEN + 2;
        set32(&mut c, second + 42, 3);
        assert_eq!(refused(&c).code(), "bundle_corrupt");
    }

    #[test]
    fn refuses_overlapping_entries_and_hidden_bytes() {
        // "a" claims to run to the directory, swallowing the whole record of "b": the
        // overlapping-files bomb. Sizes and CRC are made consistent so only overlap is wrong.
        let z = raw_zip(&[Raw::stored("a", b"hello"), Raw::stored("b", b"world")]);
        let (data, central) = (LOCAL_LEN + 1, cd(&z));
        let swallowed = &z[data..central];
        let mut z2 = z.clone();
        for at in [18, 22, central + 20, central + 24] {
            set32(&mut z2, at, swallowed.len() as u32);
        }
        for at in [14, central + 16] {
            set32(&mut z2, at, crc32fast::hash(swallowed));
        }
        assert_eq!(
            refused(&z2),
            ContainerError::Corrupt {
                name: "b".into(),
                what: "chồng lên mục khác"
            }
        );
        // Two names for the same record.
        let mut c = raw_zip(&[Raw::stored("a", b"x"), Raw::stored("b", b"x")]);
        let second = cd(&c) + CENTRAL_LEN + 1;
        set32(&mut c, second + 42, 0);
        assert_eq!(refused(&c).code(), "bundle_corrupt");
        // Junk before the first entry (offsets shifted to match).
        let z = raw_zip(&[Raw::stored("a", b"x")]);
        let mut c = b"junk!".to_vec();
        c.extend(&z);
        let central = cd(&z) + 5;
        set32(&mut c, central + 42, 5);
        let end = c.len() - 6;
        set32(&mut c, end, central as u32);
        assert!(matches!(
            refused(&c),
            ContainerError::Corrupt {
                what: "có dữ liệu lạ đứng trước mục",
                ..
            }
        ));
        // Junk between the last entry and the directory.
        let mut c = z[..cd(&z)].to_vec();
        c.extend(b"junk!");
        c.extend(&z[cd(&z)..]);
        let end = c.len() - 6;
        set32(&mut c, end, (cd(&z) + 5) as u32);
        assert!(matches!(
            refused(&c),
            ContainerError::Corrupt {
                what: "có dữ liệu lạ đứng trước mục lục",
                ..
            }
        ));
    }

    #[test]
    fn read_entry_checks_a_foreign_entry() {
        let (z, _) = small_archive();
        let mut e = read_index(&z, &Limits::DEFAULT).unwrap().entries()[0].clone();
        e.data_offset = z.len() as u64;
        assert_eq!(
            read_entry(&z, &e, &Limits::DEFAULT).unwrap_err().code(),
            "bundle_corrupt"
        );
        e.data_offset = u64::MAX;
        assert_eq!(
            read_entry(&z, &e, &Limits::DEFAULT).unwrap_err().code(),
            "bundle_corrupt"
        );
        e.method = 12;
        e.data_offset = 0;
        assert_eq!(
            read_entry(&z, &e, &Limits::DEFAULT).unwrap_err().code(),
            "bundle_unsupported"
        );
    }

    // ------------------------------------------------------------ damage and noise

    #[test]
    fn every_truncation_is_refused() {
        let (z, _) = small_archive();
        for len in 0..z.len() {
            let e = read_all(&z[..len], &Limits::DEFAULT).unwrap_err();
            assert!(
                ["bundle_empty", "bundle_truncated", "bundle_not_zip"].contains(&e.code()),
                "{len}: {e:?}"
            );
        }
    }

    #[test]
    fn every_single_bit_flip_is_refused_or_harmless() {
        let (z, entries) = small_archive();
        let (mut refused, mut harmless) = (0, 0);
        for i in 0..z.len() * 8 {
            let mut c = z.clone();
            c[i / 8] ^= 1 << (i % 8);
            match read_all(&c, &Limits::DEFAULT) {
                Ok(got) => {
                    assert_eq!(got, entries, "bit {i} changed the content unnoticed");
                    harmless += 1;
                }
                Err(_) => refused += 1,
            }
        }
        // Harmless flips are the ones in fields we do not read (time, date, versions, attributes).
        println!("{refused} flips refused, {harmless} harmless");
        assert!(
            refused > harmless * 5,
            "{refused} refused, {harmless} harmless"
        );
    }

    #[test]
    fn random_bytes_and_random_damage_never_panic() {
        for seed in 0..2000u64 {
            let junk = noise(seed, (seed as usize * 37) % 3000);
            let _ = read_all(&junk, &Limits::DEFAULT);
            // Noise that ends like an archive, to get past the end-record search.
            let mut tail = junk.clone();
            tail.extend(EOCD_SIG.to_le_bytes());
            tail.extend(noise(seed + 1, 16));
            tail.extend(0u16.to_le_bytes());
            assert!(read_all(&tail, &Limits::DEFAULT).is_err() || junk.is_empty());
        }
        let (z, _) = small_archive();
        for seed in 0..5000u64 {
            let r = noise(seed, 16);
            let mut c = z.clone();
            for k in 0..(1 + r[0] % 8) as usize {
                let at = (u16::from_le_bytes([r[1 + k], r[9 + k % 7]]) as usize) % c.len();
                c[at] = r[(k + 3) % 16];
            }
            if r[15] % 4 == 0 {
                c.truncate(c.len() - (r[14] as usize % 40));
            }
            let _ = read_all(&c, &Limits::DEFAULT);
        }
    }

    #[test]
    fn codes_are_distinct_and_messages_say_what_to_do() {
        let s = String::from;
        let all = [
            ContainerError::Empty,
            ContainerError::TooLarge { bytes: 2, max: 1 },
            ContainerError::NotZip,
            ContainerError::Truncated,
            ContainerError::Unsupported { what: s("zip64") },
            ContainerError::TooManyEntries { count: 2, max: 1 },
            ContainerError::BadName {
                name: s("../x\u{202e}"),
                reason: "r",
            },
            ContainerError::DuplicateName { name: s("a") },
            ContainerError::EntryTooLarge {
                name: s("a"),
                size: 2,
                max: 1,
            },
            ContainerError::TotalTooLarge { total: 2, max: 1 },
            ContainerError::RatioTooHigh {
                name: s("a"),
                ratio: 2,
                max: 1,
            },
            ContainerError::Corrupt {
                name: s(""),
                what: "w",
            },
            ContainerError::SizeMismatch {
                name: s("a"),
                declared: 1,
            },
            ContainerError::CrcMismatch { name: s("a") },
            ContainerError::CannotWrite { reason: s("r") },
        ];
        let codes: HashSet<_> = all.iter().map(ContainerError::code).collect();
        assert_eq!(codes.len(), all.len());
        for e in &all {
            let text = e.to_string();
            assert!(text.contains("hãy") && text.ends_with('.'), "{text}");
            assert!(!text.contains('\u{202e}'), "names are escaped: {text}");
        }
        assert!(Limits::DEFAULT.max_entries < usize::from(u16::MAX));
        assert_eq!(Limits::default(), Limits::DEFAULT);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn write_then_read_is_the_identity(
            map in prop::collection::btree_map(
                "[a-z0-9_]{1,10}(/[a-z0-9_]{1,10}){0,2}(\\.[a-z]{1,5})?",
                prop_oneof![
                    prop::collection::vec(any::<u8>(), 0..3000),
                    "[ab \n]{0,3000}".prop_map(String::into_bytes),
                ],
                0..20,
            )
        ) {
            let entries: Entries = map.into_iter().collect();
            let z = write(&entries).unwrap();
            prop_assert_eq!(read_all(&z, &Limits::DEFAULT).unwrap(), entries);
        }
    }
}
