//! Search folding (domain.md §5.2): the key stored in `search_text` columns
//! and applied to the user's query, so that "nguyen van duc" finds
//! "NGUYỄN Văn Đức" whatever the input method produced.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::normalize::prefilter;

/// Apostrophe-like and hyphen-like characters become spaces, so that
/// "H'Mông", "H’Mông" and "H Mông" fold alike, and "Ê-đê" matches "Ê Đê".
#[inline]
fn is_word_joiner_punct(c: char) -> bool {
    matches!(
        c,
        '\'' | '`'
            | '\u{00B4}'                // acute accent used as apostrophe
            | '\u{02BB}' | '\u{02BC}'   // modifier letter turned comma / apostrophe
            | '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}'
            | '-'
            | '\u{2010}'
            ..='\u{2015}'   // hyphen, non-breaking hyphen, dashes
            | '\u{2212}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// Folds one character of the (fully decomposed) input into `out`.
#[inline]
fn push_folded(c: char, out: &mut String, pending_space: &mut bool) {
    // ASCII is most of every name: skip the Unicode table look-ups for it.
    if c.is_ascii() {
        if c == ' ' || c == '\'' || c == '`' || c == '-' {
            *pending_space = true;
        } else {
            if *pending_space && !out.is_empty() {
                out.push(' ');
            }
            *pending_space = false;
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    // Tone and shape marks are separate code points after decomposition;
    // dropping them is what makes the key diacritic-insensitive.
    if is_combining_mark(c) {
        return;
    }
    // `to_lowercase` can in theory yield several characters; handle each.
    for l in c.to_lowercase() {
        let l = match l {
            // đ has no decomposition, so it needs its own rule (many
            // libraries forget it). The look-alikes are mapped by `prefilter`
            // already; they are listed again for safety.
            'đ' | '\u{00F0}' | '\u{0256}' => 'd',
            _ if l == ' ' || is_word_joiner_punct(l) => ' ',
            _ => l,
        };
        if l == ' ' {
            *pending_space = true;
            continue;
        }
        if is_combining_mark(l) {
            continue;
        }
        if *pending_space && !out.is_empty() {
            out.push(' ');
        }
        *pending_space = false;
        out.push(l);
    }
}

/// Search folding: case- and diacritic-insensitive key.
///
/// NFD, then combining marks removed, đ/Đ (and their look-alikes) → d,
/// lowercase, apostrophes and hyphens → space, spaces collapsed and trimmed.
/// Invisible and control characters are dropped exactly as by `normalize`, so
/// `fold(normalize(x)) == fold(x)`, and NFC and NFD input give the same key.
///
/// `fold("NGUYỄN Văn Đức") == "nguyen van duc"`, `fold("H'Mông") == "h mong"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().filter_map(prefilter) {
        if c.is_ascii() {
            push_folded(c, &mut out, &mut pending_space);
        } else {
            // Full canonical decomposition of each character, without NFD's
            // canonical reordering: reordering only moves non-starters, and
            // every non-starter is a combining mark (checked over all of
            // Unicode by a test), which folding drops anyway. This skips the
            // normaliser's buffer and is the same as NFD followed by removal.
            decompose_canonical(c, |d| push_folded(d, &mut out, &mut pending_space));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn reference_example() {
        assert_eq!(fold("NGUYỄN Văn Đức"), "nguyen van duc");
    }

    #[test]
    fn nfd_reference_example() {
        let nfd: String = "Hoà Thủy Ưng Ơn Ặ".nfd().collect();
        assert_eq!(fold(&nfd), "hoa thuy ung on a");
        assert_eq!(fold("Hoà Thủy Ưng Ơn Ặ"), "hoa thuy ung on a");
    }

    #[test]
    fn both_tone_styles_fold_alike() {
        assert_eq!(fold("Hòa"), fold("Hoà"));
        assert_eq!(fold("Thủy"), fold("Thuỷ"));
    }

    #[test]
    fn d_and_look_alikes() {
        assert_eq!(fold("Đặng đình"), "dang dinh");
        assert_eq!(
            fold("\u{00D0}ức \u{0189}ào \u{00F0}ô \u{0256}a"),
            "duc dao do da"
        );
    }

    #[test]
    fn all_vietnamese_vowels() {
        assert_eq!(
            fold("àáảãạ ăằắẳẵặ âầấẩẫậ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ"),
            "aaaaa aaaaaa aaaaaa eeeee eeeeee iiiii ooooo oooooo oooooo uuuuu uuuuuu yyyyy"
        );
        assert_eq!(
            fold("ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ ÈÉẺẼẸ ÊỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ ÙÚỦŨỤ ƯỪỨỬỮỰ ỲÝỶỸỴ"),
            "aaaaa aaaaaa aaaaaa eeeee eeeeee iiiii ooooo oooooo oooooo uuuuu uuuuuu yyyyy"
        );
    }

    #[test]
    fn apostrophes_and_hyphens() {
        assert_eq!(fold("H'Mông"), "h mong");
        assert_eq!(fold("H’Mông"), "h mong");
        assert_eq!(fold("Ê-đê"), "e de");
        assert_eq!(fold("M'nông - Ê Đê"), "m nong e de");
    }

    #[test]
    fn whitespace_and_invisibles() {
        assert_eq!(fold("  Lê\u{00A0}\u{00A0}Thị\t Hoa \u{200B}"), "le thi hoa");
        assert_eq!(fold("Bì\u{200B}nh"), "binh");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" - ' "), "");
    }

    #[test]
    fn digits_and_ascii_kept() {
        assert_eq!(fold("Thôn 3, Tổ 12"), "thon 3, to 12");
        assert_eq!(fold("079085001234"), "079085001234");
        assert_eq!(fold("ABC def"), "abc def");
    }

    #[test]
    fn every_non_starter_is_a_combining_mark() {
        // `fold` relies on this to skip canonical reordering.
        use unicode_normalization::char::canonical_combining_class;
        let offenders: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| canonical_combining_class(c) != 0 && !is_combining_mark(c))
            .collect();
        assert!(offenders.is_empty(), "{offenders:?}");
    }

    #[test]
    fn same_as_nfd_then_strip() {
        for s in [
            "Nguyễn Thị Phượng",
            "ẬẶỰ ỗ ǖ Ǻ 가 ḉ",
            "a\u{0323}\u{0302}\u{0301}",
        ] {
            let reference: String = s
                .nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .map(|c| if c == 'đ' { 'd' } else { c })
                .collect();
            assert_eq!(fold(s), reference, "{s}");
        }
    }

    #[test]
    fn nfc_and_nfd_agree() {
        for s in ["Nguyễn Thị Phượng", "ĐOÀN KẾT", "Ỷ Lan", "Quỳnh Hoa"] {
            let nfc: String = s.nfc().collect();
            let nfd: String = s.nfd().collect();
            assert_eq!(fold(&nfc), fold(&nfd), "{s}");
        }
    }
}
