//! Reading a container: the end record and central directory checked against the
//! local headers, and each entry inflated under its caps.

use std::collections::{HashMap, HashSet};

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use super::{
    name_key, name_problem, ratio_too_high, shown, ContainerError, Entry, Index, Limits,
    CENTRAL_LEN, CENTRAL_SIG, DATA_DESCRIPTOR_FLAG, DEFLATED, ENCRYPTION_FLAGS, EOCD_LEN,
    EOCD_SEARCH, EOCD_SIG, FLAG_UTF8, KNOWN_FLAGS, LOCAL_LEN, LOCAL_SIG, STORED, ZIP64_LOCATOR_SIG,
};

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

pub(super) enum Inflate {
    /// The output reached the cap: more than declared.
    TooLong,
    Bad(&'static str),
}

/// Raw DEFLATE into a buffer that grows by doubling but never past `cap` bytes, and
/// whose first size comes from the input's length, not from any declared size.
/// The stream must end exactly at the end of the input.
pub(super) fn inflate_capped(input: &[u8], cap: usize) -> Result<Vec<u8>, Inflate> {
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
