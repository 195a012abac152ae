//! The recovery code printed on the recovery sheet at setup.
//!
//! Nobody types a passphrase at setup (a passphrase mistyped once there loses the data:
//! getodk/central#1103): the program makes the installation's seed, prints it as this
//! code, and asks for the code only when it is needed, where a mistyped code is refused
//! and typed again. The code IS the seed ([`crate::keys`]): with it a new laptop gets its
//! keys back and a USB backup opens. It is never stored by the program.
//!
//! Form: the 32-byte seed and a 3-byte checksum (the first bytes of
//! SHA-256("xungkich recovery\n" ‖ seed)), 35 bytes, written as 56 characters of
//! Crockford's base32 in 14 groups of 4, like a BitLocker recovery key. Crockford's
//! alphabet has no I, L, O or U; read back, any case, spaces and dashes are accepted,
//! and O is read as 0, I and L as 1. A wrong checksum is refused; when one changed or two
//! swapped characters would make it right, the sentence names that group.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Crockford's base32 digits.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const SEED_BYTES: usize = 32;
const CHECK_BYTES: usize = 3;
/// 35 bytes are 280 bits: 56 digits of 5 bits, with nothing left over.
pub const CHARS: usize = (SEED_BYTES + CHECK_BYTES) * 8 / 5;
pub const GROUP: usize = 4;
pub const GROUPS: usize = CHARS / GROUP;

fn checksum(seed: &[u8; SEED_BYTES]) -> [u8; CHECK_BYTES] {
    let mut hash = Sha256::new();
    hash.update(b"xungkich recovery\n");
    hash.update(seed);
    let digest = hash.finalize();
    [digest[0], digest[1], digest[2]]
}

/// The code of `seed`, in 14 groups of 4 separated by spaces.
pub fn format(seed: &[u8; SEED_BYTES]) -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; SEED_BYTES + CHECK_BYTES]);
    bytes[..SEED_BYTES].copy_from_slice(seed);
    bytes[SEED_BYTES..].copy_from_slice(&checksum(seed));
    let digits = to_digits(bytes.as_slice());
    let mut out = Zeroizing::new(String::with_capacity(CHARS + GROUPS));
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push(' ');
        }
        out.push(ALPHABET[usize::from(*d)] as char);
    }
    out
}

/// The code's groups, for a sheet that prints them one by one.
pub fn groups(code: &str) -> Vec<String> {
    code.split_whitespace().map(str::to_string).collect()
}

/// The seed a typed code stands for, or [`Error::RecoveryCodeMistyped`] saying what is
/// wrong (and which group, when that can be told).
pub fn parse(typed: &str) -> Result<Zeroizing<[u8; SEED_BYTES]>> {
    let mistyped = |reason: String| Error::RecoveryCodeMistyped { reason };
    let mut digits = Zeroizing::new(Vec::with_capacity(CHARS));
    for c in typed.chars() {
        if c.is_whitespace() || c == '-' {
            continue;
        }
        let position = digits.len();
        match digit_of(c) {
            Some(d) => digits.push(d),
            None => {
                return Err(mistyped(format!(
                    "ký tự \"{c}\" ở nhóm {} không có trong mã (mã chỉ gồm chữ số và chữ cái in hoa, không có chữ U)",
                    position / GROUP + 1
                )))
            }
        }
    }
    if digits.is_empty() {
        return Err(mistyped("chưa nhập mã".into()));
    }
    if digits.len() != CHARS {
        return Err(mistyped(format!(
            "mã có {} ký tự, cần đúng {CHARS} ({GROUPS} nhóm, mỗi nhóm {GROUP} ký tự)",
            digits.len()
        )));
    }
    if let Some(seed) = checked(&digits) {
        return Ok(seed);
    }
    Err(mistyped(match likely_wrong_group(&digits) {
        Some(group) => format!("các ký tự không khớp nhau; có lẽ nhóm thứ {group} bị gõ sai"),
        None => "các ký tự không khớp nhau (có hơn một chỗ gõ sai)".into(),
    }))
}

/// Crockford's reading of one typed character.
fn digit_of(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u8)
}

/// The seed if `digits` (56 of them) carry a right checksum.
fn checked(digits: &[u8]) -> Option<Zeroizing<[u8; SEED_BYTES]>> {
    let bytes = Zeroizing::new(from_digits(digits)?);
    let mut seed = Zeroizing::new([0u8; SEED_BYTES]);
    seed.copy_from_slice(&bytes[..SEED_BYTES]);
    (bytes[SEED_BYTES..] == checksum(&seed)).then_some(seed)
}

/// The one group (1-based) where a single changed character, or two neighbours swapped,
/// gives a right code; `None` when no such change, or several in different groups, do.
/// 56 × 31 + 55 checks: instant, and with a 24-bit checksum a false match among them has
/// a chance of about one in ten thousand.
fn likely_wrong_group(digits: &[u8]) -> Option<usize> {
    let mut found: Option<usize> = None;
    let mut note = |position: usize| -> bool {
        let group = position / GROUP + 1;
        match found {
            Some(g) if g != group => false,
            _ => {
                found = Some(group);
                true
            }
        }
    };
    let mut trial = Zeroizing::new(digits.to_vec());
    for position in 0..digits.len() {
        for d in 0..32u8 {
            if d == digits[position] {
                continue;
            }
            trial[position] = d;
            if checked(&trial).is_some() && !note(position) {
                return None;
            }
        }
        trial[position] = digits[position];
    }
    for position in 0..digits.len() - 1 {
        if digits[position] == digits[position + 1] {
            continue;
        }
        trial.swap(position, position + 1);
        let right = checked(&trial).is_some();
        trial.swap(position, position + 1);
        // A swap across two groups names the first.
        if right && !note(position) {
            return None;
        }
    }
    found
}

/// Base32 digits (5 bits each, most significant first) of `bytes`.
fn to_digits(bytes: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(bytes.len() * 8 / 5 + 1));
    let (mut acc, mut bits) = (0u16, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u16::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(((acc >> bits) & 31) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    out
}

/// The 35 bytes of 56 digits (`None` for another count).
fn from_digits(digits: &[u8]) -> Option<[u8; SEED_BYTES + CHECK_BYTES]> {
    if digits.len() != CHARS {
        return None;
    }
    let mut out = [0u8; SEED_BYTES + CHECK_BYTES];
    let (mut acc, mut bits, mut n) = (0u16, 0u32, 0);
    for &d in digits {
        acc = (acc << 5) | u16::from(d);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out[n] = (acc >> bits) as u8;
            n += 1;
        }
        acc &= (1 << bits) - 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(n: u8) -> [u8; 32] {
        std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(n))
    }

    #[test]
    fn a_code_is_fourteen_groups_of_four_and_reads_back() {
        let s = seed(1);
        let code = format(&s);
        let groups = groups(&code);
        assert_eq!(groups.len(), GROUPS);
        assert!(groups
            .iter()
            .all(|g| g.len() == GROUP && g.bytes().all(|b| ALPHABET.contains(&b))));
        assert_eq!(*parse(&code).unwrap(), s);
        // However it is typed: lower case, dashes, no spaces, O for 0 and l for 1.
        let lower = code.to_lowercase();
        for typed in [
            lower.clone(),
            code.replace(' ', "-"),
            code.replace(' ', ""),
            format!("  {}  ", code.replace(' ', "   ")),
            code.replace('0', "O").replace('1', "l"),
            code.replace('1', "I"),
        ] {
            assert_eq!(*parse(&typed).unwrap(), s, "{typed}");
        }
    }

    #[test]
    fn the_code_is_pinned() {
        // The form is printed on paper kept for years: it never changes. (Checked
        // independently: SHA-256 and base32 by hand in Python.)
        assert_eq!(
            format(&[0u8; 32]).as_str(),
            "0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 000A V3KE"
        );
    }

    #[test]
    fn a_mistyped_code_is_refused_with_its_group_when_that_can_be_told() {
        let s = seed(9);
        let code = format(&s);
        let reason = |typed: &str| match parse(typed) {
            Err(Error::RecoveryCodeMistyped { reason }) => reason,
            other => panic!("{typed}: {other:?}"),
        };
        // One character changed, in each group in turn.
        let mut told = 0;
        for group in 0..GROUPS {
            let mut chars: Vec<char> = code.chars().collect();
            let at = group * (GROUP + 1) + 2;
            chars[at] = if chars[at] == 'X' { 'Y' } else { 'X' };
            let typed: String = chars.into_iter().collect();
            let r = reason(&typed);
            if r.contains(&format!("nhóm thứ {} ", group + 1)) {
                told += 1;
            } else {
                assert!(r.contains("không khớp"), "{r}");
            }
        }
        assert!(told >= GROUPS - 1, "the group is told: {told} of {GROUPS}");
        // Two neighbours swapped.
        let mut chars: Vec<char> = code.chars().collect();
        let (a, b) = (5 * 3, 5 * 3 + 1);
        if chars[a] != chars[b] {
            chars.swap(a, b);
            let r = reason(&chars.iter().collect::<String>());
            assert!(r.contains("nhóm thứ 4 "), "{r}");
        }
        assert!(reason(&code[..code.len() - 5]).contains("có 52 ký tự"));
        assert!(reason(&code.replacen(' ', " U", 1)).contains("\"U\" ở nhóm 2"));
        assert!(reason("   ").contains("chưa nhập"));
        let e = parse("abc").unwrap_err();
        assert_eq!(e.code(), "recovery_code_mistyped");
    }

    #[test]
    fn digits_round_trip() {
        let bytes: [u8; 35] = std::array::from_fn(|i| (i as u8) ^ 0xA5);
        assert_eq!(from_digits(&to_digits(&bytes)).unwrap(), bytes);
    }
}
