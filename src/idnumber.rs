//! Checks of the 12-digit personal ID number (số định danh cá nhân, printed on
//! CCCD and thẻ căn cước) and of the legacy CMND number (domain.md §3.3).
//!
//! Structure of the 12 digits (Nghị định 137/2015 Điều 13, Thông tư
//! 07/2016/TT-BCA, kept by the Luật Căn cước 2023):
//! - d1–d3: birth-registration province, "0" + the old 2-digit GSO code of the
//!   63 pre-2025 provinces (numbers are permanent: the 2025 merger into 34
//!   provinces does not change them), or a country code for births registered
//!   abroad;
//! - d4: century and sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5, 6/7, 8/9
//!   for the following centuries);
//! - d5–d6: last two digits of the birth year;
//! - d7–d12: random.
//!
//! Only the shape (12 digits) is a refusal. Content mismatches are **warnings**:
//! data-entry errors exist on both sides (the card and the paper record), and
//! the clerk must be able to save what the card says.

use std::fmt;

use serde::{Deserialize, Serialize};

/// GSO codes of the 63 provinces and centrally-run cities in force until
/// 30 June 2025 (data/units/units-2008-2025.csv, level = province), in
/// ascending order. Personal ID numbers use "0" + one of these.
pub const OLD_PROVINCE_CODES: [&str; 63] = [
    "01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "22", "24", "25",
    "26", "27", "30", "31", "33", "34", "35", "36", "37", "38", "40", "42", "44", "45", "46", "48",
    "49", "51", "52", "54", "56", "58", "60", "62", "64", "66", "67", "68", "70", "72", "74", "75",
    "77", "79", "80", "82", "83", "84", "86", "87", "89", "91", "92", "93", "94", "95", "96",
];

/// Sex as recorded in the member's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The word used on Vietnamese forms: "Nam" / "Nữ".
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The number cannot be an ID number at all: refuse it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error(
        "Chưa nhập số giấy tờ. Hãy nhập đúng số in trên thẻ: 12 chữ số với thẻ căn cước/CCCD, \
         9 hoặc 12 chữ số với chứng minh nhân dân."
    )]
    Empty,

    #[error(
        "Số giấy tờ chỉ gồm các chữ số 0–9, nhưng có ký tự \"{ch}\". Hãy nhập lại đúng số in trên \
         thẻ (được để dấu cách giữa các nhóm số)."
    )]
    NonDigit { ch: char },

    #[error(
        "Số định danh cá nhân phải có đúng 12 chữ số, nhưng số vừa nhập có {len} chữ số. Hãy nhập \
         lại theo thẻ căn cước/CCCD; nếu đây là số chứng minh nhân dân cũ, hãy chọn loại giấy tờ là \
         CMND."
    )]
    WrongLength { len: usize },

    #[error(
        "Số chứng minh nhân dân phải có 9 chữ số (hoặc 12 chữ số với CMND mẫu mới), nhưng số vừa \
         nhập có {len} chữ số. Hãy nhập lại theo giấy CMND."
    )]
    CmndWrongLength { len: usize },
}

/// Something in a well-formed ID number disagrees with the record. Never a
/// refusal: show [`IdWarning::message`] and let the clerk compare with the
/// card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IdWarning {
    /// d1–d3 are not "0" + one of the 63 old province codes.
    UnknownProvince { code: String },
    /// d4 gives a sex different from the recorded one.
    SexMismatch {
        digit: u8,
        recorded: Sex,
        on_card: Sex,
    },
    /// d4 gives a century that does not contain the recorded birth year.
    CenturyMismatch {
        digit: u8,
        birth_year: i32,
        century_start: i32,
    },
    /// d5–d6 differ from the last two digits of the recorded birth year.
    BirthYearMismatch { digits: String, birth_year: i32 },
}

const COMPARE_WITH_CARD: &str = "Hãy đối chiếu với thẻ căn cước/CCCD của người này.";

impl IdWarning {
    /// What looks wrong, in Vietnamese, ending with the advice to compare
    /// with the card.
    pub fn message(&self) -> String {
        match self {
            IdWarning::UnknownProvince { code } => format!(
                "Ba chữ số đầu của số định danh là {code}, không phải mã của tỉnh, thành phố nào \
                 trong 63 tỉnh, thành phố (trước năm 2025). Nếu người này đăng ký khai sinh ở \
                 nước ngoài thì đây có thể là mã quốc gia; nếu không, có thể số đã bị nhập sai. \
                 {COMPARE_WITH_CARD}"
            ),
            IdWarning::SexMismatch {
                digit,
                recorded,
                on_card,
            } => format!(
                "Chữ số thứ tư của số định danh là {digit}, ứng với giới tính {}, nhưng hồ sơ ghi \
                 giới tính {}. Có thể số định danh hoặc giới tính đã bị nhập sai. \
                 {COMPARE_WITH_CARD}",
                on_card.label().to_lowercase(),
                recorded.label().to_lowercase(),
            ),
            IdWarning::CenturyMismatch {
                digit,
                birth_year,
                century_start,
            } => format!(
                "Chữ số thứ tư của số định danh là {digit}, ứng với người sinh trong các năm \
                 {century_start}–{}, nhưng hồ sơ ghi năm sinh {birth_year}. Có thể số định danh \
                 hoặc năm sinh đã bị nhập sai. {COMPARE_WITH_CARD}",
                century_start + 99,
            ),
            IdWarning::BirthYearMismatch { digits, birth_year } => format!(
                "Chữ số thứ năm và thứ sáu của số định danh là {digits}, nhưng hồ sơ ghi năm sinh \
                 {birth_year} (lẽ ra phải là {:02}). Có thể số định danh hoặc năm sinh đã bị nhập \
                 sai. {COMPARE_WITH_CARD}",
                birth_year.rem_euclid(100),
            ),
        }
    }
}

impl fmt::Display for IdWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Removes the spaces people type between digit groups ("079 085 001 234").
/// Any Unicode whitespace counts (NBSP from pasted text included).
pub fn clean_id_number(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Cleans and checks that the number is only ASCII digits; returns it.
fn digits_only(id: &str) -> Result<String, IdNumberError> {
    let cleaned = clean_id_number(id);
    if cleaned.is_empty() {
        return Err(IdNumberError::Empty);
    }
    if let Some(ch) = cleaned.chars().find(|c| !c.is_ascii_digit()) {
        return Err(IdNumberError::NonDigit { ch });
    }
    Ok(cleaned)
}

/// Checks a 12-digit personal ID number against the recorded sex and birth
/// year (either may be unknown).
///
/// Refuses (`Err`) only what cannot be an ID number: not exactly 12 ASCII
/// digits once spaces are removed. Otherwise returns the warnings, empty when
/// everything agrees. Each disagreement gives exactly one warning, in digit
/// order: province, sex, century, birth year.
pub fn check_id_number(
    id: &str,
    sex: Option<Sex>,
    birth_year: Option<i32>,
) -> Result<Vec<IdWarning>, IdNumberError> {
    let digits = digits_only(id)?;
    if digits.len() != 12 {
        return Err(IdNumberError::WrongLength { len: digits.len() });
    }
    let d = digits.as_bytes();
    let mut warnings = Vec::new();

    let province = &digits[0..3];
    if d[0] != b'0' || !OLD_PROVINCE_CODES.contains(&&digits[1..3]) {
        warnings.push(IdWarning::UnknownProvince {
            code: province.to_owned(),
        });
    }

    let century_digit = d[3] - b'0';
    let on_card = if century_digit % 2 == 0 {
        Sex::Male
    } else {
        Sex::Female
    };
    if let Some(recorded) = sex {
        if recorded != on_card {
            warnings.push(IdWarning::SexMismatch {
                digit: century_digit,
                recorded,
                on_card,
            });
        }
    }

    if let Some(year) = birth_year {
        let century_start = 1900 + 100 * i32::from(century_digit / 2);
        if year.div_euclid(100) * 100 != century_start {
            warnings.push(IdWarning::CenturyMismatch {
                digit: century_digit,
                birth_year: year,
                century_start,
            });
        }
        let yy = i32::from(d[4] - b'0') * 10 + i32::from(d[5] - b'0');
        if yy != year.rem_euclid(100) {
            warnings.push(IdWarning::BirthYearMismatch {
                digits: digits[4..6].to_owned(),
                birth_year: year,
            });
        }
    }

    Ok(warnings)
}

/// Checks a legacy CMND number: 9 digits (or 12 for the last CMND model),
/// spaces allowed between groups. CMND cards expired on 31/12/2024 but the
/// numbers still appear on older records.
pub fn check_cmnd(id: &str) -> Result<(), IdNumberError> {
    let digits = digits_only(id)?;
    match digits.len() {
        9 | 12 => Ok(()),
        len => Err(IdNumberError::CmndWrongLength { len }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hà Nội (001), male born 1985.
    const VALID_MALE_1985: &str = "001085001234";
    /// TP HCM (079), female born 2003.
    const VALID_FEMALE_2003: &str = "079303012345";

    #[test]
    fn province_codes_match_units_csv() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/units/units-2008-2025.csv"
        );
        let mut reader = csv::Reader::from_path(path).expect("units CSV readable");
        let headers = reader.headers().expect("CSV header").clone();
        let code_col = headers
            .iter()
            .position(|h| h == "code")
            .expect("code column");
        let level_col = headers
            .iter()
            .position(|h| h == "level")
            .expect("level column");
        let mut codes: Vec<String> = reader
            .records()
            .map(|r| r.expect("CSV record"))
            .filter(|r| &r[level_col] == "province")
            .map(|r| r[code_col].to_owned())
            .collect();
        codes.sort();
        assert_eq!(codes, OLD_PROVINCE_CODES.to_vec());
    }

    #[test]
    fn province_codes_sorted_unique_two_digits() {
        assert!(OLD_PROVINCE_CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(OLD_PROVINCE_CODES
            .iter()
            .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit())));
    }

    #[test]
    fn valid_numbers_give_no_warning() {
        assert_eq!(
            check_id_number(VALID_MALE_1985, Some(Sex::Male), Some(1985)),
            Ok(vec![])
        );
        assert_eq!(
            check_id_number(VALID_FEMALE_2003, Some(Sex::Female), Some(2003)),
            Ok(vec![])
        );
        // Cà Mau (096), female born 1999.
        assert_eq!(
            check_id_number("096199000001", Some(Sex::Female), Some(1999)),
            Ok(vec![])
        );
        // Nothing recorded: only the province is checked.
        assert_eq!(check_id_number(VALID_MALE_1985, None, None), Ok(vec![]));
    }

    #[test]
    fn spaces_inside_allowed() {
        assert_eq!(
            check_id_number("001 085 001 234", Some(Sex::Male), Some(1985)),
            Ok(vec![])
        );
        assert_eq!(
            check_id_number("001\u{00A0}085001234", None, None),
            Ok(vec![])
        );
        assert_eq!(clean_id_number(" 079 303\t012345 "), "079303012345");
    }

    #[test]
    fn unknown_province() {
        // 003 was never a province code (Hà Nội 01, Hà Giang 02, Cao Bằng 04).
        assert_eq!(
            check_id_number("003085001234", Some(Sex::Male), Some(1985)),
            Ok(vec![IdWarning::UnknownProvince { code: "003".into() }])
        );
        // First digit not 0 (e.g. a foreign country code).
        assert_eq!(
            check_id_number("101085001234", None, None),
            Ok(vec![IdWarning::UnknownProvince { code: "101".into() }])
        );
        let msg = IdWarning::UnknownProvince { code: "003".into() }.message();
        assert!(msg.contains("003") && msg.contains("nước ngoài") && msg.contains("đối chiếu"));
    }

    #[test]
    fn sex_mismatch() {
        assert_eq!(
            check_id_number(VALID_MALE_1985, Some(Sex::Female), Some(1985)),
            Ok(vec![IdWarning::SexMismatch {
                digit: 0,
                recorded: Sex::Female,
                on_card: Sex::Male
            }])
        );
        assert_eq!(
            check_id_number(VALID_FEMALE_2003, Some(Sex::Male), None),
            Ok(vec![IdWarning::SexMismatch {
                digit: 3,
                recorded: Sex::Male,
                on_card: Sex::Female
            }])
        );
    }

    #[test]
    fn century_mismatch() {
        // Digit 2 = male born 2000s, but the record says 1985 (same yy).
        assert_eq!(
            check_id_number("001285001234", Some(Sex::Male), Some(1985)),
            Ok(vec![IdWarning::CenturyMismatch {
                digit: 2,
                birth_year: 1985,
                century_start: 2000
            }])
        );
        // Digit 1 = female 1900s, record 2003 (same yy).
        assert_eq!(
            check_id_number("079103012345", Some(Sex::Female), Some(2003)),
            Ok(vec![IdWarning::CenturyMismatch {
                digit: 1,
                birth_year: 2003,
                century_start: 1900
            }])
        );
    }

    #[test]
    fn birth_year_mismatch() {
        assert_eq!(
            check_id_number(VALID_MALE_1985, Some(Sex::Male), Some(1986)),
            Ok(vec![IdWarning::BirthYearMismatch {
                digits: "85".into(),
                birth_year: 1986
            }])
        );
        let msg = IdWarning::BirthYearMismatch {
            digits: "85".into(),
            birth_year: 1906,
        }
        .message();
        assert!(
            msg.contains("85") && msg.contains("1906") && msg.contains("06"),
            "{msg}"
        );
    }

    #[test]
    fn several_mismatches_each_reported_once() {
        assert_eq!(
            check_id_number("999385001234", Some(Sex::Male), Some(1986)),
            Ok(vec![
                IdWarning::UnknownProvince { code: "999".into() },
                IdWarning::SexMismatch {
                    digit: 3,
                    recorded: Sex::Male,
                    on_card: Sex::Female
                },
                IdWarning::CenturyMismatch {
                    digit: 3,
                    birth_year: 1986,
                    century_start: 2000
                },
                IdWarning::BirthYearMismatch {
                    digits: "85".into(),
                    birth_year: 1986
                },
            ])
        );
    }

    #[test]
    fn every_century_digit() {
        for (digit, year, sex) in [
            (0u8, 1950, Sex::Male),
            (1, 1950, Sex::Female),
            (2, 2050, Sex::Male),
            (3, 2050, Sex::Female),
            (4, 2150, Sex::Male),
            (5, 2150, Sex::Female),
            (6, 2250, Sex::Male),
            (7, 2250, Sex::Female),
            (8, 2350, Sex::Male),
            (9, 2350, Sex::Female),
        ] {
            let id = format!("001{digit}50001234");
            assert_eq!(
                check_id_number(&id, Some(sex), Some(year)),
                Ok(vec![]),
                "{id}"
            );
        }
        // A birth year before 1900 matches no century digit.
        assert!(matches!(
            check_id_number("001099001234", None, Some(1899))
                .unwrap()
                .as_slice(),
            [IdWarning::CenturyMismatch { .. }]
        ));
    }

    #[test]
    fn refusals() {
        assert_eq!(
            check_id_number("00108500123", None, None),
            Err(IdNumberError::WrongLength { len: 11 })
        );
        assert_eq!(
            check_id_number("0010850012345", None, None),
            Err(IdNumberError::WrongLength { len: 13 })
        );
        assert_eq!(
            check_id_number("00108500123A", None, None),
            Err(IdNumberError::NonDigit { ch: 'A' })
        );
        assert_eq!(
            check_id_number("001-085-001-234", None, None),
            Err(IdNumberError::NonDigit { ch: '-' })
        );
        // Full-width digits are not ASCII digits.
        assert_eq!(
            check_id_number("００１085001234", None, None),
            Err(IdNumberError::NonDigit { ch: '０' })
        );
        assert_eq!(check_id_number("", None, None), Err(IdNumberError::Empty));
        assert_eq!(
            check_id_number("   ", None, None),
            Err(IdNumberError::Empty)
        );
        // A 9-digit CMND typed in the CCCD field: the message points to CMND.
        let msg = check_id_number("123456789", None, None)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("12 chữ số") && msg.contains("9") && msg.contains("CMND"),
            "{msg}"
        );
    }

    #[test]
    fn cmnd() {
        assert_eq!(check_cmnd("123456789"), Ok(()));
        assert_eq!(check_cmnd("123 456 789"), Ok(()));
        assert_eq!(check_cmnd("001085001234"), Ok(()));
        assert_eq!(
            check_cmnd("12345678"),
            Err(IdNumberError::CmndWrongLength { len: 8 })
        );
        assert_eq!(
            check_cmnd("1234567890"),
            Err(IdNumberError::CmndWrongLength { len: 10 })
        );
        assert_eq!(
            check_cmnd("12345678x"),
            Err(IdNumberError::NonDigit { ch: 'x' })
        );
        assert_eq!(check_cmnd(""), Err(IdNumberError::Empty));
    }

    #[test]
    fn warning_messages_are_vietnamese_and_actionable() {
        let warnings = check_id_number("999385001234", Some(Sex::Male), Some(1986)).unwrap();
        for w in &warnings {
            let m = w.message();
            assert!(m.contains("đối chiếu với thẻ"), "{m}");
            assert_eq!(w.to_string(), m);
        }
        assert!(warnings[1].message().contains("giới tính nữ"));
        assert!(warnings[1].message().contains("giới tính nam"));
        assert!(warnings[2].message().contains("2000–2099"));
    }

    #[test]
    fn serde_shapes() {
        let w = IdWarning::SexMismatch {
            digit: 0,
            recorded: Sex::Female,
            on_card: Sex::Male,
        };
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "sex_mismatch", "digit": 0, "recorded": "female", "on_card": "male"})
        );
        assert_eq!(serde_json::from_value::<IdWarning>(json).unwrap(), w);
        let json = serde_json::to_value(IdWarning::UnknownProvince { code: "003".into() }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "unknown_province", "code": "003"})
        );
        assert_eq!(serde_json::to_value(Sex::Male).unwrap(), "male");
    }
}
