//! Tests of the container: round trips, the golden hash, and every refusal of the reader.

use super::read::{inflate_capped, Inflate};
use super::*;
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

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
