//! A receipt: what the receiving unit holds of one commune, signed, for the commune to
//! know what arrived (DESIGN.md §4, issue 12 item 5).
//!
//! It travels as the entry `receipt.json` of a signed bundle of the receiving unit,
//! listed in the manifest with its hash like any entry: inside the receiving unit's
//! bundle for that commune, or alone (`receipt --unit CODE`: a bundle holding no
//! records, with the empty range `1..0`). Nothing in it is about a person: unit codes
//! and names, installation ids, change-counter ranges, a content digest and times.
//!
//! This file is the format and the checks that need no database (run with the other
//! entries' checks, before the sender is decided); `receipts` keeps and reads receipts
//! in the database. The byte format is in docs/bundle-format.md §3.5.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::import::MAX_SEQ;
use super::manifest::Manifest;
use super::refusal::Refusal;

/// The entry's name in a bundle.
pub const RECEIPT_ENTRY: &str = "receipt.json";
pub const RECEIPT_FORMAT: &str = "xungkich-receipt";
pub const RECEIPT_FORMAT_VERSION: u32 = 1;
/// A receipt is a few hundred bytes per installation of the commune; nothing bigger is
/// read (checked on the signed size before the entry is inflated).
pub const MAX_RECEIPT_BYTES: u64 = 1 << 20;
/// Installations of one commune a receipt may list (a commune has one or two laptops).
pub const MAX_INSTALLATIONS: usize = 256;
/// Ranges per installation: each is a hole the receiving unit has; a few at most.
pub const MAX_RANGES: usize = 4096;

/// The receiving unit that wrote the receipt: the bundle's signer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptReceiver {
    pub installation: String,
    pub unit: String,
    pub unit_name: String,
}

/// The commune the receipt is about (and for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptCommune {
    pub unit: String,
    pub unit_name: String,
}

/// What the receiving unit holds of one of the commune's installations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    pub installation: String,
    /// The change counters received, merged, in order: `[from, to]`, inclusive.
    pub ranges: Vec<[i64; 2]>,
    /// The highest counter received with nothing missing from 1 (0: none).
    pub confirmed_to: i64,
    /// When the receiving unit last applied a bundle of this installation (UTC).
    pub last_received_at: String,
}

/// The receiving unit's content digest of the commune's records
/// (`xungkich digest --unit <commune>`, §12), and how many records it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptDigest {
    pub sha256: String,
    pub records: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub format: String,
    pub format_version: u32,
    pub receiver: ReceiptReceiver,
    pub commune: ReceiptCommune,
    /// The newest `last_received_at` (null when nothing was received): the receipt says
    /// what was held then. Not the time of writing, so the same holdings give the same
    /// bytes (docs/bundle-format.md §9).
    pub as_of: Option<String>,
    /// One per installation of the commune the receiving unit received from, by id.
    pub installations: Vec<Held>,
    pub digest: ReceiptDigest,
}

impl Receipt {
    /// The entry's bytes: compact JSON in the field order above, then a newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec(self).expect("a receipt always serialises");
        bytes.push(b'\n');
        bytes
    }

    /// What it says of one installation of the commune.
    pub fn held(&self, installation: &str) -> Option<&Held> {
        self.installations
            .iter()
            .find(|h| h.installation == installation)
    }
}

/// The highest counter covered from 1 without a hole.
pub fn confirmed_to(ranges: &[[i64; 2]]) -> i64 {
    match ranges.first() {
        Some([1, to]) => *to,
        _ => 0,
    }
}

fn bad(what: impl Into<String>) -> Refusal {
    Refusal::BadReceipt(what.into())
}

/// Parses and checks a receipt entry against the signed manifest it came with: its
/// shape and bounds, and that the bundle's signer is the receiving unit the receipt
/// names and the commune it names is the bundle's recipient.
pub fn parse(data: &[u8], m: &Manifest) -> Result<Receipt, Refusal> {
    let text = std::str::from_utf8(data).map_err(|_| bad("không phải văn bản UTF-8"))?;
    let line = text
        .strip_suffix('\n')
        .filter(|l| !l.contains('\n'))
        .ok_or_else(|| bad("không phải một dòng JSON kết thúc bằng xuống dòng"))?;
    if line.nfc().collect::<String>() != line {
        return Err(bad("chưa chuẩn hoá NFC"));
    }
    let receipt: Receipt =
        serde_json::from_str(line).map_err(|e| bad(format!("không đúng cấu trúc ({e})")))?;
    if receipt.format != RECEIPT_FORMAT {
        return Err(bad(format!("định dạng \"{}\"", receipt.format)));
    }
    if receipt.format_version > RECEIPT_FORMAT_VERSION {
        return Err(bad(format!(
            "phiên bản {} mới hơn chương trình này; hãy cài phiên bản mới nhất",
            receipt.format_version
        )));
    }
    let unit_ok = |u: &str| !u.is_empty() && u.len() <= 8 && u.bytes().all(|b| b.is_ascii_digit());
    let id_ok = |i: &str| !i.is_empty() && i.len() <= 64 && i.is_ascii();
    let name_ok = |n: &str| !n.is_empty() && n.chars().count() <= 200;
    let r = &receipt;
    if !unit_ok(&r.receiver.unit)
        || !unit_ok(&r.commune.unit)
        || !id_ok(&r.receiver.installation)
        || !name_ok(&r.receiver.unit_name)
        || !name_ok(&r.commune.unit_name)
    {
        return Err(bad("mã hoặc tên đơn vị không hợp lệ"));
    }
    let time_ok = |t: &str| chrono::DateTime::parse_from_rfc3339(t).is_ok() && t.ends_with('Z');
    if r.installations.len() > MAX_INSTALLATIONS {
        return Err(bad("quá nhiều máy gửi"));
    }
    let mut previous: Option<&str> = None;
    let mut newest: Option<&str> = None;
    for held in &r.installations {
        if !id_ok(&held.installation) || previous.is_some_and(|p| p >= held.installation.as_str()) {
            return Err(bad("danh sách máy gửi không hợp lệ hoặc không theo thứ tự"));
        }
        previous = Some(&held.installation);
        if held.ranges.len() > MAX_RANGES {
            return Err(bad("quá nhiều khoảng thay đổi"));
        }
        let mut after = 0i64;
        for [from, to] in &held.ranges {
            // Merged and in order: each starts past the previous end plus one.
            if *from < 1 || from > to || *to >= MAX_SEQ || (after > 0 && *from <= after + 1) {
                return Err(bad(format!("khoảng thay đổi {from}–{to} không hợp lệ")));
            }
            after = *to;
        }
        if held.confirmed_to != confirmed_to(&held.ranges) {
            return Err(bad("số thay đổi đã xác nhận không khớp các khoảng"));
        }
        if !time_ok(&held.last_received_at) {
            return Err(bad("thời điểm nhận không hợp lệ"));
        }
        newest = newest.max(Some(held.last_received_at.as_str()));
    }
    if r.as_of.as_deref() != newest {
        return Err(bad("thời điểm của biên nhận không khớp lần nhận mới nhất"));
    }
    let hex_ok = r.digest.sha256.len() == 64
        && r.digest
            .sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !hex_ok {
        return Err(bad("mã kiểm tra nội dung không hợp lệ"));
    }
    // Who signed it is who wrote it, and the commune is the one it was sent to.
    let s = &m.sender;
    if s.role != "district" {
        return Err(bad("chỉ đơn vị tiếp nhận mới gửi biên nhận"));
    }
    if r.receiver.installation != s.installation || r.receiver.unit != s.unit {
        return Err(bad(format!(
            "biên nhận ghi là của máy {} ({}), nhưng gói do máy {} ({}) ký",
            r.receiver.installation, r.receiver.unit, s.installation, s.unit
        )));
    }
    if m.recipient.as_deref() != Some(r.commune.unit.as_str()) {
        return Err(bad(format!(
            "biên nhận về {} ({}) nằm trong gói không gửi cho đơn vị đó",
            r.commune.unit_name, r.commune.unit
        )));
    }
    Ok(receipt)
}
