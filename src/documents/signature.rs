//! The authority line and the signature block, derived from the decision's authority
//! type (domain.md §1.4), never typed by hand.
//!
//! | authority type | authority line | signature block |
//! |---|---|---|
//! | `chu_tich` | CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ X | CHỦ TỊCH |
//! | `kt_chu_tich` | CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ X | KT. CHỦ TỊCH / PHÓ CHỦ TỊCH |
//! | `tm_ubnd` | ỦY BAN NHÂN DÂN XÃ X | TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH |
//! | `tm_ubnd_kt_chu_tich` | ỦY BAN NHÂN DÂN XÃ X | TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH |
//!
//! With no authority type recorded the Chairman's own power is assumed: the 2023 Law has
//! the Chủ tịch UBND cấp xã found the team (domain.md §1.4, §2.4).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    /// The line under the summary.
    pub authority_line: String,
    /// The signature block's lines above the space for the signature.
    pub block: Vec<&'static str>,
    /// Who the decision is "của" in an attachment's reference line.
    pub issuer: String,
}

/// The signing lines for `authority` (a code of `kinds::AUTHORITY_TYPES`) in the commune
/// whose full name in upper case is `commune_upper` ("XÃ ĐÔNG TIẾN") and in running text
/// `commune_text` ("xã Đông Tiến").
pub fn signing(authority: Option<&str>, commune_upper: &str, commune_text: &str) -> Signing {
    let collective = matches!(authority, Some("tm_ubnd" | "tm_ubnd_kt_chu_tich"));
    let block = match authority {
        Some("kt_chu_tich") => vec!["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        Some("tm_ubnd") => vec!["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        Some("tm_ubnd_kt_chu_tich") => {
            vec!["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        }
        _ => vec!["CHỦ TỊCH"],
    };
    if collective {
        Signing {
            authority_line: format!("ỦY BAN NHÂN DÂN {commune_upper}"),
            block,
            issuer: format!("Ủy ban nhân dân {commune_text}"),
        }
    } else {
        Signing {
            authority_line: format!("CHỦ TỊCH ỦY BAN NHÂN DÂN {commune_upper}"),
            block,
            issuer: format!("Chủ tịch Ủy ban nhân dân {commune_text}"),
        }
    }
}
