//! Normalisation of text at the input boundary (domain.md §5.1).
//!
//! Everything the user types, pastes, imports or receives in a bundle goes
//! through [`normalize`] (single-line fields such as names) or
//! [`normalize_multiline`] (notes, minutes) before it is stored. Vietnamese text
//! arrives in several encodings of the same letters: precomposed (Unikey
//! default), decomposed (macOS, some websites), or a mix (Unikey "tổ hợp",
//! the Windows keyboard). Without one canonical form, the same name is stored
//! twice and duplicate detection fails.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters that are invisible on screen and only cause trouble in stored
/// names: zero-width spaces and joiners, the byte-order mark, bidirectional
/// controls, soft hyphens (Word pastes them) and the combining grapheme joiner.
/// None of them carries meaning in Vietnamese text.
#[inline]
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'                  // soft hyphen
        | '\u{034F}'                // combining grapheme joiner
        | '\u{061C}'                // Arabic letter mark (bidi)
        | '\u{180E}'                // Mongolian vowel separator
        | '\u{200B}'..='\u{200F}'   // zero-width space/non-joiner/joiner, LRM, RLM
        | '\u{202A}'..='\u{202E}'   // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'   // word joiner, invisible operators
        | '\u{2066}'..='\u{206F}'   // bidi isolates, deprecated format chars
        | '\u{FEFF}'                // byte-order mark / zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation controls
    )
}

/// The per-character boundary filter shared by [`normalize`], `fold` and
/// `sort_key`. Keeping one definition guarantees the three agree on what is
/// invisible, what is a space and which look-alike is really "Đ", which is what
/// makes `fold(normalize(x)) == fold(x)` hold.
///
/// Returns `None` for characters to drop, `Some(' ')` for any kind of
/// whitespace (line breaks included: single-line fields have none), and the
/// character itself (or its Vietnamese replacement) otherwise.
#[inline]
pub(crate) fn prefilter(c: char) -> Option<char> {
    match c {
        // Printable ASCII is by far the most common input: decide it first.
        ' '..='~' => Some(c),
        // Eth (Icelandic) and African D look exactly like Đ/đ and are picked by
        // mistake from symbol tables and some fonts; they have no Unicode
        // decomposition, so nothing else would ever unify them.
        '\u{00D0}' | '\u{0189}' => Some('Đ'),
        '\u{00F0}' | '\u{0256}' => Some('đ'),
        _ if is_invisible(c) => None,
        // Checked before `is_control` because tab, CR and LF are both.
        _ if c.is_whitespace() => Some(' '),
        _ if c.is_control() => None,
        _ => Some(c),
    }
}

/// True for characters that end a line in [`normalize_multiline`]. CR is
/// handled separately (it may be the first half of CRLF).
#[inline]
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}

/// Pushes the characters of `chars` into `out`, dropping leading and trailing
/// spaces and turning every run of spaces into one. `chars` must already have
/// been through [`prefilter`], so the only whitespace left is `' '`.
#[inline]
fn push_collapsed(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut pending_space = false;
    for c in chars {
        if c == ' ' {
            pending_space = true;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
}

/// Normalises one line of user text (a name, a place, a title).
///
/// - Unicode NFC, so precomposed and combining input give the same string;
/// - NBSP and every other Unicode space become a plain space;
/// - zero-width characters, bidi controls and other control characters are
///   removed;
/// - the look-alikes Ð (U+00D0) and Ɖ (U+0189) become Đ, ð and ɖ become đ;
/// - leading and trailing spaces are trimmed and runs of spaces collapse to one.
///
/// It does **not** change tone placement ("Hòa" and "Hoà" stay as typed: both
/// are valid and the user's spelling is kept for display) nor letter case.
/// The function is idempotent.
pub fn normalize(s: &str) -> String {
    // Most text is already clean (every record of a bundle was normalised by its
    // sender): proving that is one read of the string, cheaper than rebuilding it
    // character by character (a fifth of a bundle's import in a profile).
    if is_clean_line(s) {
        return s.to_owned();
    }
    normalize_slow(s)
}

/// True when [`normalize`] would return `s` unchanged. Conservative: `false` only
/// costs the full pass.
fn is_clean_line(s: &str) -> bool {
    !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars().all(|c| prefilter(c) == Some(c))
        && (s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes)
}

/// True when [`normalize_multiline`] would return `s` unchanged. Conservative: any
/// double space (indentation included), space before a line break, CR, other line
/// breaks or more than two blank lines in a row send it the full way.
fn is_clean_multiline(s: &str) -> bool {
    !s.starts_with([' ', '\n'])
        && !s.ends_with([' ', '\n'])
        && !s.contains("  ")
        && !s.contains(" \n")
        && !s.contains("\n\n\n\n")
        && s.chars()
            .all(|c| c == '\n' || (prefilter(c) == Some(c) && !is_line_break(c)))
        && (s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes)
}

fn normalize_slow(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // ASCII is already in NFC: skip the normaliser's buffering.
        push_collapsed(s.chars().filter_map(prefilter), &mut out);
    } else if is_nfc_quick(s.chars().filter_map(prefilter)) == IsNormalized::Yes {
        // Most input is already NFC (Unikey's default): a table look-up per
        // character proves it, and the composing pass with its buffer is
        // skipped.
        push_collapsed(s.chars().filter_map(prefilter), &mut out);
    } else {
        // Filtering happens before composition so that a zero-width character
        // sitting between a letter and its combining mark does not prevent the
        // two from composing.
        push_collapsed(s.chars().filter_map(prefilter).nfc(), &mut out);
    }
    out
}

/// Normalises multi-line text (notes, minutes, addresses on several lines).
///
/// Same rules as [`normalize`] except that line breaks are kept:
/// - CRLF, CR, NEL, U+2028 and U+2029 all become `\n`;
/// - inside a line, runs of spaces collapse to one and trailing spaces are
///   removed; leading spaces (indentation) are kept, with tabs and other
///   Unicode spaces turned into plain spaces;
/// - more than two consecutive blank lines become two;
/// - the whole text is trimmed (so the first line loses its indentation).
pub fn normalize_multiline(s: &str) -> String {
    if is_clean_multiline(s) {
        return s.to_owned();
    }
    normalize_multiline_slow(s)
}

fn normalize_multiline_slow(s: &str) -> String {
    // Pass 1: unify line breaks and apply the character filter. Line breaks
    // are rewritten before `prefilter`, which would otherwise turn them into
    // spaces.
    let mut filtered = String::with_capacity(s.len());
    let mut after_cr = false;
    for c in s.chars() {
        if c == '\r' {
            filtered.push('\n');
            after_cr = true;
            continue;
        }
        if c == '\n' && after_cr {
            // Second half of CRLF: already emitted.
            after_cr = false;
            continue;
        }
        after_cr = false;
        if is_line_break(c) {
            filtered.push('\n');
        } else if let Some(m) = prefilter(c) {
            filtered.push(m);
        }
    }

    // Pass 2: compose to NFC. `\n` is a starter and never composes, so lines
    // cannot merge.
    let composed: String = if filtered.is_ascii() {
        filtered
    } else {
        filtered.nfc().collect()
    };

    // Pass 3: per-line cleanup and blank-line limit.
    let mut out = String::with_capacity(composed.len());
    let mut blank_run = 0usize;
    for line in composed.split('\n') {
        let indent_len = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent_len..];
        if body.is_empty() {
            blank_run += 1;
            if blank_run > 2 {
                continue;
            }
            out.push('\n');
            continue;
        }
        blank_run = 0;
        out.push_str(&line[..indent_len]);
        // `body` starts with a non-space; push_collapsed would drop spaces
        // only at the start of `out`, so collapse by hand.
        let mut pending_space = false;
        for c in body.chars() {
            if c == ' ' {
                pending_space = true;
            } else {
                if pending_space {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
        out.push('\n');
    }

    // Trim the whole text: leading blank lines and indentation of the first
    // line, and everything trailing. All whitespace left is ' ' or '\n'.
    let trimmed = out.trim_matches(|c| c == ' ' || c == '\n');
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn composes_decomposed_input() {
        let nfd: String = "Nguyễn Thị Phượng".nfd().collect();
        assert_ne!(nfd, "Nguyễn Thị Phượng");
        assert_eq!(normalize(&nfd), "Nguyễn Thị Phượng");
    }

    #[test]
    fn composes_unikey_mixed_form() {
        // Unikey "tổ hợp": precomposed base vowel ê + combining tilde.
        let mixed = "Nguy\u{00EA}\u{0303}n";
        assert_eq!(normalize(mixed), "Nguy\u{1EC5}n");
    }

    #[test]
    fn keeps_tone_placement_style() {
        // Both spellings are valid NFC; the user's choice is kept.
        assert_eq!(normalize("Hòa"), "Hòa");
        assert_eq!(normalize("Hoà"), "Hoà");
    }

    #[test]
    fn spaces_are_unified_and_collapsed() {
        assert_eq!(normalize("  Trần\u{00A0}Văn\t\tAn  "), "Trần Văn An");
        assert_eq!(normalize("Lê\u{2003}\u{3000}Thị\u{202F}Hoa"), "Lê Thị Hoa");
        assert_eq!(normalize("Lê\r\nThị\nHoa"), "Lê Thị Hoa");
        assert_eq!(normalize("   "), "");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn zero_width_and_controls_removed() {
        assert_eq!(normalize("\u{FEFF}An\u{200B}h"), "Anh");
        assert_eq!(normalize("Bì\u{200D}nh\u{2060}"), "Bình");
        assert_eq!(normalize("A\u{0007}n\u{0000}"), "An");
        assert_eq!(normalize("Hà\u{00AD}Nội"), "HàNội");
        assert_eq!(normalize("\u{202E}Tú\u{202C}"), "Tú");
    }

    #[test]
    fn zero_width_between_letter_and_mark_still_composes() {
        assert_eq!(normalize("a\u{200B}\u{0301}"), "á");
    }

    #[test]
    fn look_alike_d_mapped() {
        assert_eq!(normalize("\u{00D0}ức"), "Đức");
        assert_eq!(normalize("\u{0189}ào"), "Đào");
        assert_eq!(normalize("\u{00F0}ức"), "đức");
        assert_eq!(normalize("\u{0256}ào"), "đào");
    }

    #[test]
    fn case_is_untouched() {
        assert_eq!(normalize("NGUYỄN văn AN"), "NGUYỄN văn AN");
    }

    #[test]
    fn idempotent_on_examples() {
        for s in [
            "  a  b ",
            "\u{0301}a",
            " \u{0301} x",
            "Hoà\u{00A0}\u{00A0}Bình",
            "o\u{0302}\u{200B}\u{031B}",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "input {s:?}");
        }
    }

    #[test]
    fn multiline_line_breaks() {
        assert_eq!(normalize_multiline("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(normalize_multiline("a\u{2028}b\u{0085}c"), "a\nb\nc");
    }

    #[test]
    fn multiline_trailing_spaces_and_collapse() {
        assert_eq!(
            normalize_multiline("Biên bản  họp \t\nthôn\u{00A0}\u{00A0}3   "),
            "Biên bản họp\nthôn 3"
        );
    }

    #[test]
    fn multiline_keeps_indentation_except_first_line() {
        assert_eq!(
            normalize_multiline("   Nội dung:\n  - mục một\n  - mục  hai"),
            "Nội dung:\n  - mục một\n  - mục hai"
        );
    }

    #[test]
    fn multiline_blank_lines_limited_to_two() {
        assert_eq!(normalize_multiline("a\n\nb"), "a\n\nb");
        assert_eq!(normalize_multiline("a\n\n\nb"), "a\n\n\nb");
        assert_eq!(normalize_multiline("a\n\n\n\n\n\nb"), "a\n\n\nb");
        assert_eq!(normalize_multiline("a\n \n\t\n  \n\nb"), "a\n\n\nb");
    }

    #[test]
    fn multiline_trims_whole() {
        assert_eq!(normalize_multiline("\n\n  \n  a\nb \n\n \n"), "a\nb");
        assert_eq!(normalize_multiline(" \r\n \r\n"), "");
    }

    #[test]
    fn multiline_nfc_and_filters() {
        let nfd: String = "Phượng\r\nHoà".nfd().collect();
        assert_eq!(
            normalize_multiline(&format!("\u{FEFF}{nfd}")),
            "Phượng\nHoà"
        );
        assert_eq!(normalize_multiline("\u{00D0}ông"), "Đông");
    }

    #[test]
    fn multiline_idempotent_on_examples() {
        for s in [
            "  x\n\n\n\n  y  z \n",
            "\r\r\r\ra",
            "a\n \u{0301}b",
            "\t\ta\n\tb",
        ] {
            let once = normalize_multiline(s);
            assert_eq!(normalize_multiline(&once), once, "input {s:?}");
        }
    }

    #[test]
    fn ordinary_clean_text_takes_the_fast_path() {
        assert!(is_clean_line("Nguyễn Thị Hoà"));
        assert!(is_clean_line("Tổ xung kích thôn Đông Tiến 2"));
        assert!(!is_clean_line("Nguyễn  Thị"));
        assert!(is_clean_multiline("Tuần tra đêm.\n\nKết quả: tốt."));
        assert!(!is_clean_multiline("Tuần tra \nđêm"));
    }

    proptest::proptest! {
        /// The fast paths return exactly what the full passes return, on strings
        /// made of the characters that matter to them.
        #[test]
        fn fast_paths_agree_with_the_full_passes(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'b', 'e', ' ', ' ', '\n', '\r', '\t', 'ệ', '\u{0301}', '\u{0323}', 'Đ',
                '\u{00D0}', '\u{200B}', '\u{00A0}', '\u{2028}', '\u{0085}', '\u{0007}',
            ]), 0..14)
        ) {
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(normalize(&s), normalize_slow(&s));
            proptest::prop_assert_eq!(normalize_multiline(&s), normalize_multiline_slow(&s));
        }
    }
}
