//! Text typed in the pre-Unicode Vietnamese 8-bit encodings (issue 17): TCVN3
//! (ABC, the `.VnTime` fonts) and VNI (the `VNI-Times` fonts).
//!
//! Old commune workbooks were typed with these fonts. An Excel library reads the
//! cells as Unicode, so the font's byte values arrive as their Windows-1252 /
//! Latin-1 characters: TCVN3 "NguyÔn V¨n A" and VNI "Nguyeãn Vaên A" both mean
//! "Nguyễn Văn A". Every byte either encoding uses for a Vietnamese letter is in
//! 0xA1..=0xFE, where Windows-1252 and Latin-1 agree, so one table per encoding
//! covers both readings.
//!
//! [`detect`] decides from many cells at once whether they are TCVN3, VNI or
//! already Unicode; [`to_unicode`] converts. Convert *before* [`super::normalize()`]:
//! TCVN3 writes "ư" as 0xAD, the soft hyphen, which normalisation drops as an
//! invisible character.
//!
//! Out of scope: text in the `.VnTimeH` (all-capitals) fonts, where the
//! lowercase codes are drawn as capitals, so "NGUYỄN" is stored as the bytes of
//! "nguyễn". Nothing in the bytes tells it from lowercase text; the caller would
//! have to know the font. It converts to the lowercase letters.

use unicode_normalization::UnicodeNormalization;

/// A legacy 8-bit Vietnamese encoding, as read through Windows-1252.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// TCVN 5712:1993 VN3, "ABC": the `.VnTime`, `.VnArial` … fonts.
    Tcvn3,
    /// VNI for Windows: the `VNI-Times`, `VNI-Helve` … fonts.
    Vni,
}

/// TCVN3 (TCVN 5712:1993, table VN3, the ABC fonts): byte → letter.
///
/// VN3 has the 67 lowercase letters and only seven capitals (Ă Â Ê Ô Ơ Ư Đ);
/// other accented capitals were typed with the lowercase code or with the
/// `.VnTimeH` font (see the module comment). The VN1 capitals that TCVN 5712
/// places in 0x80..0x9F, the C0 controls and the free slots of 0xA0..0xFF are
/// not in the `.VnTime` fonts and are left as they are.
///
/// Written from the standard's VN3 layout and cross-checked against three
/// converters that agree on every entry: xvnkb `tcvn.h` (Dao Hai Lam, 2002),
/// BoGo engine `charset.hpp` (`utf8ToTCVN3`) and the npm package
/// `vietnamese-conversion` (`charsets.ts`, `TCVN3`).
const TCVN3_TABLE: [(char, char); 74] = [
    // Capitals with a shape mark, and Đ.
    ('\u{A1}', 'Ă'),
    ('\u{A2}', 'Â'),
    ('\u{A3}', 'Ê'),
    ('\u{A4}', 'Ô'),
    ('\u{A5}', 'Ơ'),
    ('\u{A6}', 'Ư'),
    ('\u{A7}', 'Đ'),
    // Lowercase letters with a shape mark, and đ.
    ('\u{A8}', 'ă'),
    ('\u{A9}', 'â'),
    ('\u{AA}', 'ê'),
    ('\u{AB}', 'ô'),
    ('\u{AC}', 'ơ'),
    ('\u{AD}', 'ư'),
    ('\u{AE}', 'đ'),
    // a: grave, hook, tilde, acute, dot below.
    ('\u{B5}', 'à'),
    ('\u{B6}', 'ả'),
    ('\u{B7}', 'ã'),
    ('\u{B8}', 'á'),
    ('\u{B9}', 'ạ'),
    // ă
    ('\u{BB}', 'ằ'),
    ('\u{BC}', 'ẳ'),
    ('\u{BD}', 'ẵ'),
    ('\u{BE}', 'ắ'),
    ('\u{C6}', 'ặ'),
    // â
    ('\u{C7}', 'ầ'),
    ('\u{C8}', 'ẩ'),
    ('\u{C9}', 'ẫ'),
    ('\u{CA}', 'ấ'),
    ('\u{CB}', 'ậ'),
    // e
    ('\u{CC}', 'è'),
    ('\u{CE}', 'ẻ'),
    ('\u{CF}', 'ẽ'),
    ('\u{D0}', 'é'),
    ('\u{D1}', 'ẹ'),
    // ê
    ('\u{D2}', 'ề'),
    ('\u{D3}', 'ể'),
    ('\u{D4}', 'ễ'),
    ('\u{D5}', 'ế'),
    ('\u{D6}', 'ệ'),
    // i
    ('\u{D7}', 'ì'),
    ('\u{D8}', 'ỉ'),
    ('\u{DC}', 'ĩ'),
    ('\u{DD}', 'í'),
    ('\u{DE}', 'ị'),
    // o
    ('\u{DF}', 'ò'),
    ('\u{E1}', 'ỏ'),
    ('\u{E2}', 'õ'),
    ('\u{E3}', 'ó'),
    ('\u{E4}', 'ọ'),
    // ô
    ('\u{E5}', 'ồ'),
    ('\u{E6}', 'ổ'),
    ('\u{E7}', 'ỗ'),
    ('\u{E8}', 'ố'),
    ('\u{E9}', 'ộ'),
    // ơ
    ('\u{EA}', 'ờ'),
    ('\u{EB}', 'ở'),
    ('\u{EC}', 'ỡ'),
    ('\u{ED}', 'ớ'),
    ('\u{EE}', 'ợ'),
    // u
    ('\u{EF}', 'ù'),
    ('\u{F1}', 'ủ'),
    ('\u{F2}', 'ũ'),
    ('\u{F3}', 'ú'),
    ('\u{F4}', 'ụ'),
    // ư
    ('\u{F5}', 'ừ'),
    ('\u{F6}', 'ử'),
    ('\u{F7}', 'ữ'),
    ('\u{F8}', 'ứ'),
    ('\u{F9}', 'ự'),
    // y
    ('\u{FA}', 'ỳ'),
    ('\u{FB}', 'ỷ'),
    ('\u{FC}', 'ỹ'),
    ('\u{FD}', 'ý'),
    ('\u{FE}', 'ỵ'),
];

/// Which base letters a VNI mark byte may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VniMarkKind {
    /// A tone alone: after a, e, o, u, y, ơ, ư.
    Tone,
    /// Circumflex, alone or with a tone: after a, e, o.
    Circumflex,
    /// Breve, alone or with a tone: after a.
    Breve,
}

const ACUTE: char = '\u{0301}';
const GRAVE: char = '\u{0300}';
const HOOK: char = '\u{0309}';
const TILDE: char = '\u{0303}';
const DOT_BELOW: char = '\u{0323}';
const CIRCUMFLEX: char = '\u{0302}';
const BREVE: char = '\u{0306}';
const HORN: char = '\u{031B}';

/// VNI for Windows, mark bytes: the byte typed after a base letter, and the
/// combining marks it stands for. Capital and lowercase bytes mean the same
/// mark (the capital one is drawn higher, for capital letters).
///
/// Written from the VNI Windows font layout and cross-checked against xvnkb
/// `vni.h` (Dao Hai Lam, 2002) and the npm package `vietnamese-conversion`
/// (`charsets.ts`, `VNI`), which agree on every letter.
const VNI_MARKS: [(char, char, VniMarkKind, &str); 17] = [
    ('ù', 'Ù', VniMarkKind::Tone, "\u{0301}"),
    ('ø', 'Ø', VniMarkKind::Tone, "\u{0300}"),
    ('û', 'Û', VniMarkKind::Tone, "\u{0309}"),
    ('õ', 'Õ', VniMarkKind::Tone, "\u{0303}"),
    ('ï', 'Ï', VniMarkKind::Tone, "\u{0323}"),
    ('â', 'Â', VniMarkKind::Circumflex, "\u{0302}"),
    ('á', 'Á', VniMarkKind::Circumflex, "\u{0302}\u{0301}"),
    ('à', 'À', VniMarkKind::Circumflex, "\u{0302}\u{0300}"),
    ('å', 'Å', VniMarkKind::Circumflex, "\u{0302}\u{0309}"),
    ('ã', 'Ã', VniMarkKind::Circumflex, "\u{0302}\u{0303}"),
    ('ä', 'Ä', VniMarkKind::Circumflex, "\u{0302}\u{0323}"),
    ('ê', 'Ê', VniMarkKind::Breve, "\u{0306}"),
    ('é', 'É', VniMarkKind::Breve, "\u{0306}\u{0301}"),
    ('è', 'È', VniMarkKind::Breve, "\u{0306}\u{0300}"),
    ('ú', 'Ú', VniMarkKind::Breve, "\u{0306}\u{0309}"),
    ('ü', 'Ü', VniMarkKind::Breve, "\u{0306}\u{0303}"),
    ('ë', 'Ë', VniMarkKind::Breve, "\u{0306}\u{0323}"),
];

/// VNI for Windows, letters written with one byte (same sources as
/// [`VNI_MARKS`]): ơ and ư (which then take a tone byte), the i letters, ỵ and đ.
const VNI_LETTERS: [(char, char); 18] = [
    ('ô', 'ơ'),
    ('Ô', 'Ơ'),
    ('ö', 'ư'),
    ('Ö', 'Ư'),
    ('í', 'í'),
    ('Í', 'Í'),
    ('ì', 'ì'),
    ('Ì', 'Ì'),
    ('æ', 'ỉ'),
    ('Æ', 'Ỉ'),
    ('ó', 'ĩ'),
    ('Ó', 'Ĩ'),
    ('ò', 'ị'),
    ('Ò', 'Ị'),
    ('î', 'ỵ'),
    ('Î', 'Ỵ'),
    ('ñ', 'đ'),
    ('Ñ', 'Đ'),
];

fn tcvn3_letter(c: char) -> Option<char> {
    TCVN3_TABLE
        .iter()
        .find(|&&(byte, _)| byte == c)
        .map(|&(_, letter)| letter)
}

fn vni_mark(c: char) -> Option<(VniMarkKind, &'static str)> {
    VNI_MARKS
        .iter()
        .find(|&&(lower, upper, _, _)| lower == c || upper == c)
        .map(|&(_, _, kind, marks)| (kind, marks))
}

fn vni_letter(c: char) -> Option<char> {
    VNI_LETTERS
        .iter()
        .find(|&&(byte, _)| byte == c)
        .map(|&(_, letter)| letter)
}

/// True when a VNI mark of `kind` may follow the bare letter `base`.
fn vni_accepts(base: char, kind: VniMarkKind) -> bool {
    let base = base.to_lowercase().next().unwrap_or(base);
    match kind {
        VniMarkKind::Tone => matches!(base, 'a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư'),
        VniMarkKind::Circumflex => matches!(base, 'a' | 'e' | 'o'),
        VniMarkKind::Breve => base == 'a',
    }
}

fn vni_to_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // The last letter written, while it has no mark yet: only such a letter
    // takes a mark byte; a second mark byte is left as the character it is.
    let mut bare_base: Option<char> = None;
    for c in text.chars() {
        if let (Some(base), Some((kind, marks))) = (bare_base, vni_mark(c)) {
            if vni_accepts(base, kind) {
                out.push_str(marks);
                bare_base = None;
                continue;
            }
        }
        let letter = vni_letter(c).unwrap_or(c);
        out.push(letter);
        bare_base = Some(letter);
    }
    out.nfc().collect()
}

/// Converts `text` from the legacy encoding `enc` (as read through
/// Windows-1252) to Unicode in NFC. Characters outside the encoding's letter
/// table are kept as they are, so ASCII, digits and punctuation pass through.
///
/// Only NFC is applied: spaces and invisible characters are the business of
/// [`super::normalize()`], which the caller applies afterwards as for any input.
pub fn to_unicode(text: &str, enc: LegacyEncoding) -> String {
    match enc {
        LegacyEncoding::Tcvn3 => text
            .chars()
            .map(|c| tcvn3_letter(c).unwrap_or(c))
            .nfc()
            .collect(),
        LegacyEncoding::Vni => vni_to_unicode(text),
    }
}

/// The tones of Vietnamese, as far as the syllable check needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Level,
    Acute,
    DotBelow,
    Other,
}

/// Consonants that may begin a syllable, longest first so "ngh" is tried
/// before "ng" and "n". "gi" and "qu" count as initials (the "i"/"u" is part
/// of the consonant), and "gi" is also tried as "g" + vowel for "gì", "gìn".
const INITIALS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Consonants that may end a syllable.
const FINALS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];

/// Vowel groups of Vietnamese syllables (main vowel with its glides, and the
/// semivowel endings i/y/o/u).
const NUCLEI: [&str; 53] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây",
    "uôi", "ươi", "ươu", "uya", "uyê",
];

/// Splits `word` into its letters without tone (shape marks kept: ă â ê ô ơ ư
/// đ) and its tone; `None` when it holds anything else than Vietnamese letters
/// or more than one tone.
fn letters_and_tone(word: &str) -> Option<(String, Tone)> {
    let mut letters = String::with_capacity(word.len());
    let mut tone = None;
    for c in word
        .chars()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .nfd()
    {
        let new_tone = match c {
            ACUTE => Some(Tone::Acute),
            DOT_BELOW => Some(Tone::DotBelow),
            GRAVE | HOOK | TILDE => Some(Tone::Other),
            _ => None,
        };
        if let Some(t) = new_tone {
            if tone.replace(t).is_some() {
                return None;
            }
            continue;
        }
        let shaped = match c {
            CIRCUMFLEX | BREVE | HORN => {
                let last = letters.pop()?;
                match (last, c) {
                    ('a', CIRCUMFLEX) => 'â',
                    ('e', CIRCUMFLEX) => 'ê',
                    ('o', CIRCUMFLEX) => 'ô',
                    ('a', BREVE) => 'ă',
                    ('o', HORN) => 'ơ',
                    ('u', HORN) => 'ư',
                    _ => return None,
                }
            }
            'a' | 'b' | 'c' | 'd' | 'đ' | 'e' | 'g' | 'h' | 'i' | 'k' | 'l' | 'm' | 'n' | 'o'
            | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'x' | 'y' => c,
            _ => return None,
        };
        letters.push(shaped);
    }
    Some((letters, tone.unwrap_or(Tone::Level)))
}

/// True when `word` is one well-formed Vietnamese syllable: initial consonant,
/// vowel group, final consonant, at most one tone, and a final c/ch/p/t only
/// with the acute or dot-below tone (the checked syllables of Vietnamese).
/// Deliberately a little lenient: it only has to tell real words from the
/// letter salad a wrong decoding produces.
fn is_vietnamese_syllable(word: &str) -> bool {
    let Some((letters, tone)) = letters_and_tone(word) else {
        return false;
    };
    INITIALS.iter().any(|initial| {
        let Some(rest) = letters.strip_prefix(initial) else {
            return false;
        };
        FINALS.iter().any(|fin| {
            let Some(nucleus) = rest.strip_suffix(fin) else {
                return false;
            };
            let checked = matches!(*fin, "c" | "ch" | "p" | "t");
            NUCLEI.contains(&nucleus) && (!checked || matches!(tone, Tone::Acute | Tone::DotBelow))
        })
    })
}

/// True for "nguyễn", "Nguyễn" and "NGUYỄN", false for "NguyÔn" or "ThÓ": a
/// capital after a lowercase letter is how TCVN3 bytes look, not how Unicode
/// words are written.
fn has_word_case(word: &str) -> bool {
    let mut seen_lowercase = false;
    for c in word.chars() {
        if c.is_lowercase() {
            seen_lowercase = true;
        } else if c.is_uppercase() && seen_lowercase {
            return false;
        }
    }
    true
}

/// What one word says about the encoding of its column.
#[derive(Debug, Default)]
struct Votes {
    /// Words with a non-ASCII character: the only ones that say anything.
    words: usize,
    unicode: usize,
    tcvn3: usize,
    vni: usize,
}

impl Votes {
    fn count(&mut self, word: &str) {
        if word.is_ascii() {
            return;
        }
        self.words += 1;
        // Case only matters for the word as it stands: decoded TCVN3 capitals
        // are often lowercase letters ("NGUYễN"), the encoding has no others.
        let is_unicode_word = has_word_case(word) && is_vietnamese_syllable(word);
        // A legacy encoding only ever produces characters up to U+00FF.
        let could_be_legacy = word.chars().all(|c| u32::from(c) <= 0xFF);
        let decodes_as = |enc| {
            could_be_legacy && {
                let decoded = to_unicode(word, enc);
                decoded != word && is_vietnamese_syllable(&decoded)
            }
        };
        let is_tcvn3 = decodes_as(LegacyEncoding::Tcvn3);
        let is_vni = decodes_as(LegacyEncoding::Vni);
        // A word that reads well both as it is and decoded ("Chóng" is
        // Unicode "chóng" and TCVN3 "chúng") says nothing either way.
        match (is_unicode_word, is_tcvn3, is_vni) {
            (true, false, false) => self.unicode += 1,
            (false, true, _) | (false, _, true) => {
                self.tcvn3 += usize::from(is_tcvn3);
                self.vni += usize::from(is_vni);
            }
            _ => {}
        }
    }
}

/// Fewest words that must decode to Vietnamese before an encoding is named:
/// one name is too little to go on.
const MIN_LEGACY_WORDS: usize = 3;
/// Share (in percent) of the non-ASCII words that must decode to Vietnamese
/// syllables; the rest may be typos, foreign names or ambiguous words.
const MIN_LEGACY_PERCENT: usize = 60;

/// Decides from many cells (a column or a sheet) whether their text is TCVN3,
/// VNI, or Unicode already (`None`).
///
/// Each word with a non-ASCII character votes: for Unicode when it is a
/// Vietnamese syllable as it stands, for an encoding when it only becomes one
/// once decoded. An encoding is named only when at least 3 words and 60% of
/// all such words vote for it, more than vote for Unicode, and the other
/// encoding does not do as well; anything less,
/// which includes ASCII, English or French words, and a mostly Unicode
/// column with an odd cell, gives `None`, since converting Unicode text would
/// ruin it.
pub fn detect(texts: &[&str]) -> Option<LegacyEncoding> {
    let mut votes = Votes::default();
    for text in texts {
        // TCVN3 letters include Latin-1 symbols such as "§" and "¨", so only
        // whitespace and ASCII punctuation separate words.
        for word in text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation()) {
            votes.count(word);
        }
    }
    let convincing =
        |n: usize| n >= MIN_LEGACY_WORDS && n * 100 >= votes.words * MIN_LEGACY_PERCENT;
    match (convincing(votes.tcvn3), convincing(votes.vni)) {
        (true, true) if votes.tcvn3 > votes.vni => Some(LegacyEncoding::Tcvn3),
        (true, true) if votes.vni > votes.tcvn3 => Some(LegacyEncoding::Vni),
        (true, false) if votes.tcvn3 > votes.unicode => Some(LegacyEncoding::Tcvn3),
        (false, true) if votes.vni > votes.unicode => Some(LegacyEncoding::Vni),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
