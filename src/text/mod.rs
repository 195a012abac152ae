//! Vietnamese text handling (domain.md §5.1, §5.2, §5.4).
//!
//! - [`normalize`] / [`normalize_multiline`]: apply to every text input at the
//!   boundary (typing, paste, import, bundle) before storing it.
//! - [`fold`]: search key for `search_text` columns and for the user's query.
//! - [`sort_key`] / [`person_sort_key`]: keys for sort columns; compare them
//!   byte-wise (SQLite `BINARY`).
//!
//! All four share one character filter, so they agree on which characters are
//! invisible, what counts as a space and which look-alikes mean "Đ".

mod collate;
mod fold;
pub mod legacy;
mod normalize;

pub use collate::{person_sort_key, sort_key};
pub use fold::fold;
pub use normalize::{normalize, normalize_multiline};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    /// Characters that exercise the interesting paths: Vietnamese letters and
    /// marks in both forms, look-alikes, invisible and control characters,
    /// all kinds of spaces, apostrophes, digits, other scripts.
    fn vietnamese_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => prop::sample::select(
                "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵÀÁẠỲỴ"
                    .chars()
                    .collect::<Vec<_>>()
            ),
            2 => prop::sample::select(vec![
                '\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}', '\u{0302}',
                '\u{0306}', '\u{031B}', '\u{0308}', '\u{0327}', '\u{0340}', '\u{0341}',
            ]),
            2 => prop::sample::select(vec![
                ' ', ' ', '\u{00A0}', '\t', '\n', '\r', '\u{2003}', '\u{3000}', '\u{200B}',
                '\u{200D}', '\u{FEFF}', '\u{2060}', '\u{00AD}', '\u{034F}', '\u{0000}',
                '\u{0007}', '\u{0085}', '\u{2028}',
            ]),
            1 => prop::sample::select(vec![
                '\u{00D0}', '\u{00F0}', '\u{0189}', '\u{0256}', '\'', '’', '-', '‐', '0', '1',
                '9', '.', ',', 'Ω', '\u{2126}', 'Å', '\u{212B}', 'İ', 'ß', 'ẞ', 'ǅ', 'Σ', 'ς',
                '가', '\u{1100}', '\u{1161}', '東', '😀',
            ]),
            1 => any::<char>(),
        ]
    }

    fn vietnamese_string() -> impl Strategy<Value = String> {
        prop::collection::vec(vietnamese_char(), 0..24).prop_map(|v| v.into_iter().collect())
    }

    fn nfc(s: &str) -> String {
        s.nfc().collect()
    }

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn fold_ignores_normalize(s in vietnamese_string()) {
            prop_assert_eq!(fold(&normalize(&s)), fold(&s));
        }

        #[test]
        fn fold_ignores_normalize_any(s in any::<String>()) {
            prop_assert_eq!(fold(&normalize(&s)), fold(&s));
        }

        #[test]
        fn normalize_idempotent(s in vietnamese_string()) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalize_idempotent_any(s in any::<String>()) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn normalize_output_is_clean(s in vietnamese_string()) {
            let out = normalize(&s);
            prop_assert!(out.nfc().eq(out.chars()));
            prop_assert!(!out.starts_with(' ') && !out.ends_with(' ') && !out.contains("  "));
            prop_assert!(!out.chars().any(|c| c.is_control() || (c.is_whitespace() && c != ' ')));
        }

        #[test]
        fn normalize_multiline_idempotent(s in vietnamese_string()) {
            let once = normalize_multiline(&s);
            prop_assert_eq!(normalize_multiline(&once), once);
        }

        #[test]
        fn fold_same_for_nfc_and_nfd(s in vietnamese_string()) {
            prop_assert_eq!(fold(&nfc(&s)), fold(&nfd(&s)));
        }

        #[test]
        fn sort_key_same_for_nfc_and_nfd(s in vietnamese_string()) {
            prop_assert_eq!(sort_key(&nfc(&s)), sort_key(&nfd(&s)));
        }

        #[test]
        fn sort_key_same_for_nfc_and_nfd_any(s in any::<String>()) {
            prop_assert_eq!(sort_key(&nfc(&s)), sort_key(&nfd(&s)));
        }

        #[test]
        fn sort_key_ignores_normalize(s in vietnamese_string()) {
            prop_assert_eq!(sort_key(&normalize(&s)), sort_key(&s));
        }

        #[test]
        fn sort_key_is_clean_and_has_three_levels(s in any::<String>()) {
            let k = sort_key(&s);
            prop_assert!(!k.contains('\0'));
            prop_assert_eq!(k.matches('\u{1}').count(), 2);
        }

        #[test]
        fn sort_key_prefix_free(a in vietnamese_string(), b in vietnamese_string()) {
            let (ka, kb) = (sort_key(&a), sort_key(&b));
            prop_assert!(ka == kb || !kb.starts_with(&ka));
        }

        #[test]
        fn sort_key_case_and_tone_never_beat_letters(a in "[a-z ]{0,8}", b in "[a-z ]{0,8}") {
            // For plain ASCII words, primary order is the Vietnamese alphabet
            // order of letters; adding tones/caps to one side must not change
            // which of two different strings sorts first.
            if normalize(&a) == normalize(&b) {
                return Ok(());
            }
            let upper = b.to_uppercase();
            let toned: String = a.chars().map(|c| if c == 'a' { 'ạ' } else { c }).collect();
            let base = sort_key(&a) < sort_key(&b);
            prop_assert_eq!(sort_key(&toned) < sort_key(&upper), base);
        }

        #[test]
        fn person_key_same_for_nfc_and_nfd(s in vietnamese_string()) {
            prop_assert_eq!(person_sort_key(&nfc(&s), None), person_sort_key(&nfd(&s), None));
        }
    }
}
