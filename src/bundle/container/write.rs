//! Writing a container: the one deterministic layout described in the parent module.

use std::collections::HashSet;

use super::{
    name_key, name_problem, ratio_too_high, ContainerError, Limits, CENTRAL_SIG, DEFLATED,
    DEFLATE_LEVEL, DOS_DATE, DOS_TIME, EOCD_SIG, FLAG_UTF8, LOCAL_SIG, STORED, VERSION,
};

/// Writes the entries, in the given order, as the layout described at the top of the
/// container module. Same input, same bytes. Refuses (rather than writes something the
/// reader would refuse) unsafe or duplicate names and anything over [`Limits::DEFAULT`].
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
