//! Vietnamese phone numbers (domain.md §3.2).
//!
//! Stored in the national form, digits only, starting with 0:
//! - mobile: 10 digits, prefixes 03, 05, 07, 08, 09 (since the 2018 move of
//!   the old 11-digit 01x numbers to 03/05/07/08);
//! - landline: 11 digits starting with 02 (area code 024 Hà Nội, 028 TP HCM,
//!   02xx elsewhere, since 2017).
//!
//! Storing one canonical form lets search by digits and duplicate detection
//! work whatever the user typed ("+84 912.345.678", "(091) 234-5678").

/// Why a phone number was refused. Every message shows the expected form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("Chưa nhập số điện thoại. Hãy nhập số di động 10 chữ số, ví dụ 0912 345 678.")]
    Empty,

    #[error(
        "Số điện thoại chỉ gồm chữ số (có thể có dấu cách, dấu chấm, gạch ngang, ngoặc đơn và \
         +84 ở đầu), nhưng có ký tự \"{ch}\". Hãy nhập lại, ví dụ 0912 345 678."
    )]
    InvalidCharacter { ch: char },

    #[error(
        "Chỉ nhận số điện thoại Việt Nam (mã +84). Hãy nhập số trong nước bắt đầu bằng 0, \
         ví dụ 0912 345 678."
    )]
    Foreign,

    #[error(
        "Số \"{digits}\" dùng đầu số 01x cũ, đã chuyển sang 10 chữ số từ năm 2018 (ví dụ 0162 → \
         032). Hãy nhập số mới, ví dụ 0912 345 678."
    )]
    OldMobilePrefix { digits: String },

    #[error(
        "Số điện thoại \"{digits}\" không đúng. Số di động có 10 chữ số, bắt đầu bằng 03, 05, 07, \
         08 hoặc 09 (ví dụ 0912 345 678); số cố định có 11 chữ số, bắt đầu bằng 02 (ví dụ \
         024 3825 1234)."
    )]
    Invalid { digits: String },
}

/// Characters people put between digit groups; they carry no meaning.
#[inline]
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '-' | '(' | ')' | '\u{2010}'..='\u{2015}')
}

/// Reads a phone number as typed and returns its national form (digits only,
/// starting with 0), e.g. "+84 912.345.678" → "0912345678".
///
/// Accepted: spaces, dots, dashes and parentheses anywhere; a "+84", "84" or
/// "0084" country prefix, with or without the trunk "0" after it ("+84 (0)912
/// 345 678"); a number whose leading 0 was lost in a spreadsheet
/// ("912345678"). Refused: letters and other symbols, foreign numbers, old 01x
/// mobile numbers, wrong lengths and unknown prefixes.
pub fn normalize_phone(input: &str) -> Result<String, PhoneError> {
    let mut digits = String::with_capacity(12);
    let mut plus = false;
    for c in input.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == '+' && digits.is_empty() && !plus {
            // '+' only makes sense before the first digit.
            plus = true;
        } else if !is_separator(c) {
            return Err(PhoneError::InvalidCharacter { ch: c });
        }
    }
    if digits.is_empty() {
        return Err(if plus {
            PhoneError::Invalid {
                digits: String::new(),
            }
        } else {
            PhoneError::Empty
        });
    }

    // Strip the country code. A national number always starts with 0, so a
    // leading "84" can only be the country code, or the start of a number
    // whose leading 0 was lost (spreadsheets drop it: 0845 678 901 becomes
    // 845678901). The length tells them apart: "84" + 9 or 10 digits is the
    // country code; 9 or 10 digits alone are a number missing its 0.
    let national_rest = if plus {
        match digits.strip_prefix("84") {
            Some(rest) => rest,
            None => return Err(PhoneError::Foreign),
        }
    } else if let Some(rest) = digits.strip_prefix("0084") {
        rest
    } else if digits.starts_with("84") && matches!(digits.len(), 11 | 12) {
        &digits[2..]
    } else {
        digits.as_str()
    };
    let national = if national_rest.starts_with('0') {
        // National form already, or "+84 (0)…" with the trunk zero kept.
        national_rest.to_owned()
    } else {
        format!("0{national_rest}")
    };

    let b = national.as_bytes();
    let is_mobile = b.len() == 10 && matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9');
    let is_landline = b.len() == 11 && b[1] == b'2';
    if is_mobile || is_landline {
        Ok(national)
    } else if b.len() == 11 && b[1] == b'1' {
        Err(PhoneError::OldMobilePrefix { digits: national })
    } else {
        Err(PhoneError::Invalid { digits: national })
    }
}

/// Display form of a national number: mobile "0912 345 678", landline
/// "024 3825 1234" (Hà Nội, TP HCM) or "0236 382 1234" (4-digit area codes).
/// Anything else is returned unchanged, so stored data that predates
/// validation is still shown.
pub fn format_phone(national: &str) -> String {
    let ascii_digits = national.bytes().all(|b| b.is_ascii_digit());
    if !ascii_digits || !national.starts_with('0') {
        return national.to_owned();
    }
    // Slicing is safe below: all bytes are ASCII digits.
    let n = national;
    match n.len() {
        // Hà Nội and TP HCM have 3-digit area codes and 8-digit subscribers.
        11 if n.starts_with("024") || n.starts_with("028") => {
            format!("{} {} {}", &n[..3], &n[3..7], &n[7..])
        }
        // Mobile 4-3-3; other landlines: 4-digit area code, then 3-4.
        10 | 11 => format!("{} {} {}", &n[..4], &n[4..7], &n[7..]),
        _ => n.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_forms() {
        for s in [
            "0912345678",
            "0912 345 678",
            "0912.345.678",
            "0912-345-678",
            "(091) 234-5678",
            "+84912345678",
            "+84 912 345 678",
            "+84 (0)912 345 678",
            "84912345678",
            "0084 912 345 678",
            " 0912\u{00A0}345\u{00A0}678 ",
        ] {
            assert_eq!(normalize_phone(s), Ok("0912345678".into()), "{s}");
        }
    }

    #[test]
    fn leading_zero_lost_in_spreadsheet() {
        assert_eq!(normalize_phone("912345678"), Ok("0912345678".into()));
        // 084 is a real mobile prefix: not mistaken for the country code.
        assert_eq!(normalize_phone("845678901"), Ok("0845678901".into()));
        assert_eq!(normalize_phone("84845678901"), Ok("0845678901".into()));
        assert_eq!(normalize_phone("2438251234"), Ok("02438251234".into()));
        assert_eq!(normalize_phone("842438251234"), Ok("02438251234".into()));
    }

    #[test]
    fn all_mobile_prefixes() {
        for p in ["03", "05", "07", "08", "09"] {
            let n = format!("{p}12345678");
            assert_eq!(normalize_phone(&n), Ok(n.clone()));
        }
        for p in ["00", "01", "02", "04", "06"] {
            let n = format!("{p}12345678");
            assert!(
                matches!(normalize_phone(&n), Err(PhoneError::Invalid { .. })),
                "{n}"
            );
        }
    }

    #[test]
    fn landlines() {
        assert_eq!(normalize_phone("024 3825 1234"), Ok("02438251234".into()));
        assert_eq!(normalize_phone("(0236) 382-1234"), Ok("02363821234".into()));
        assert_eq!(
            normalize_phone("+84 24 3825 1234"),
            Ok("02438251234".into())
        );
        assert!(matches!(
            normalize_phone("0243825123"),
            Err(PhoneError::Invalid { .. })
        ));
    }

    #[test]
    fn refusals() {
        assert_eq!(normalize_phone(""), Err(PhoneError::Empty));
        assert_eq!(normalize_phone(" - "), Err(PhoneError::Empty));
        assert_eq!(
            normalize_phone("0912 345 67a"),
            Err(PhoneError::InvalidCharacter { ch: 'a' })
        );
        assert_eq!(
            normalize_phone("0912/345/678"),
            Err(PhoneError::InvalidCharacter { ch: '/' })
        );
        assert_eq!(
            normalize_phone("0912+345678"),
            Err(PhoneError::InvalidCharacter { ch: '+' })
        );
        assert_eq!(normalize_phone("+1 202 555 0100"), Err(PhoneError::Foreign));
        assert_eq!(
            normalize_phone("0168 123 4567"),
            Err(PhoneError::OldMobilePrefix {
                digits: "01681234567".into()
            })
        );
        assert_eq!(
            normalize_phone("091234567"),
            Err(PhoneError::Invalid {
                digits: "091234567".into()
            })
        );
        assert_eq!(
            normalize_phone("09123456789"),
            Err(PhoneError::Invalid {
                digits: "09123456789".into()
            })
        );
        assert!(matches!(
            normalize_phone("+"),
            Err(PhoneError::Invalid { .. })
        ));
    }

    #[test]
    fn messages_show_example() {
        for e in [
            PhoneError::Empty,
            PhoneError::InvalidCharacter { ch: 'x' },
            PhoneError::Foreign,
            PhoneError::OldMobilePrefix {
                digits: "01681234567".into(),
            },
            PhoneError::Invalid {
                digits: "123".into(),
            },
        ] {
            assert!(e.to_string().contains("ví dụ 0912 345 678"), "{e}");
        }
    }

    #[test]
    fn formatting() {
        assert_eq!(format_phone("0912345678"), "0912 345 678");
        assert_eq!(format_phone("02438251234"), "024 3825 1234");
        assert_eq!(format_phone("02838251234"), "028 3825 1234");
        assert_eq!(format_phone("02363821234"), "0236 382 1234");
        // Unvalidated legacy values pass through.
        assert_eq!(format_phone("12345"), "12345");
        assert_eq!(format_phone("0912 345 678"), "0912 345 678");
        assert_eq!(format_phone(""), "");
        assert_eq!(format_phone("đt 0912"), "đt 0912");
    }

    #[test]
    fn normalize_then_format() {
        let n = normalize_phone("+84 (0) 98-765-4321").unwrap();
        assert_eq!(n, "0987654321");
        assert_eq!(format_phone(&n), "0987 654 321");
        assert_eq!(normalize_phone(&format_phone(&n)), Ok(n));
    }
}
