//! Vietnamese collation as a precomputed sort key (domain.md §5.4).
//!
//! SQLite has no Vietnamese collation, and plain code-point order puts every
//! accented capital after "Z". So every sortable text gets a key column whose
//! plain byte-wise (SQLite `BINARY`) order is Vietnamese dictionary order:
//!
//! - **primary**: the letters of the alphabet
//!   a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z),
//!   with spaces before everything, then punctuation and symbols, then
//!   numbers (compared by value: "Thôn 2" < "Thôn 10"), then letters;
//! - **secondary**: the tone of each word, ngang < huyền < hỏi < ngã < sắc <
//!   nặng. One tone per word, wherever the mark sits, so "Hòa" and "Hoà" get
//!   the same key;
//! - **tertiary**: letter case, lower before upper.
//!
//! The key is `primary U+0001 secondary U+0001 tertiary`. U+0001 is lower
//! than any character used inside a level, so a shorter primary sorts first
//! ("An" < "An Bình" < "Anh"). The key is valid UTF-8 without NUL, and UTF-8
//! byte order equals code-point order, so SQLite `BINARY`, Rust `str::cmp` and
//! `memcmp` all agree.
//!
//! Key layout, for the curious (it is an implementation detail: always compare
//! keys produced by the same version of this function, and recompute stored
//! keys if it changes):
//! - primary units: U+0002 word space; U+0003 + char for punctuation/symbols;
//!   U+0004 + length char + digits for a number (leading zeros dropped);
//!   'A'..='a' for the 33 Latin letters in Vietnamese order; '~' + lowercase
//!   char for letters of other scripts. Each unit's length is fixed by its
//!   first character, so units stay aligned while two keys are equal.
//! - secondary: per word, its tone digits ('0' when it has none), then any
//!   non-Vietnamese marks (diaeresis, cedilla…), then U+0002.
//! - tertiary: '0'/'1' (lower/upper) per letter; per number, '0' + the count of
//!   leading zeros, so "2" < "02" without breaking numeric order.

use unicode_normalization::char::{
    canonical_combining_class, decompose_canonical, is_combining_mark,
};

use super::normalize::{normalize, prefilter};

const LEVEL_SEP: char = '\u{1}';
const WORD_SEP: char = '\u{2}';
const SYMBOL: char = '\u{3}';
const NUMBER: char = '\u{4}';
const OTHER_LETTER: char = '~';

/// Longest digit run encoded as one number unit; longer runs are split. The
/// length is stored as one character ('0' + length), which must stay below the
/// surrogate range.
const MAX_NUMBER_CHUNK: usize = 1000;

// Indices in the Vietnamese alphabet (f, j, w, z at their Latin places).
const A_BREVE: u8 = 1;
const A_CIRC: u8 = 2;
const D_STROKE: u8 = 6;
const E_CIRC: u8 = 8;
const O_CIRC: u8 = 19;
const O_HORN: u8 = 20;
const U_HORN: u8 = 27;

/// Alphabet index of each ASCII letter a..z.
const ASCII_INDEX: [u8; 26] = [
    0, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31,
    32,
];

/// Secondary weight of a Vietnamese tone mark, in CLDR `vi` order.
#[inline]
fn tone_digit(mark: char) -> Option<char> {
    match mark {
        '\u{0300}' => Some('1'), // huyền
        '\u{0309}' => Some('2'), // hỏi
        '\u{0303}' => Some('3'), // ngã
        '\u{0301}' => Some('4'), // sắc
        '\u{0323}' => Some('5'), // nặng
        _ => None,
    }
}

/// Letter shape after a shape mark (breve, circumflex, horn), if this base
/// takes it in Vietnamese. Any other combination (ŭ, ĉ…) is not a Vietnamese
/// letter and is treated as an ordinary diacritic.
#[inline]
fn reshape(index: u8, mark: char) -> Option<u8> {
    match (index, mark) {
        (0, '\u{0306}') => Some(A_BREVE),
        (0, '\u{0302}') => Some(A_CIRC),
        (7, '\u{0302}') => Some(E_CIRC),
        (18, '\u{0302}') => Some(O_CIRC),
        (18, '\u{031B}') => Some(O_HORN),
        (26, '\u{031B}') => Some(U_HORN),
        _ => None,
    }
}

/// Apostrophes and hyphens come in many code points; they sort as one.
#[inline]
fn canonical_symbol(c: char) -> char {
    match c {
        '`' | '\u{00B4}' | '\u{02BB}' | '\u{02BC}' | '\u{2018}' | '\u{2019}' | '\u{201B}'
        | '\u{2032}' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// Builds the three levels in one pass over decomposed characters.
struct KeyBuilder {
    primary: String,
    secondary: String,
    tertiary: String,
    /// Latin letter waiting for possible shape marks: (alphabet index,
    /// already reshaped). Its primary weight is written when the next
    /// non-mark character arrives.
    letter: Option<(u8, bool)>,
    /// Inside a run of letters (Latin or other scripts).
    in_word: bool,
    /// Tone marks seen in the current word.
    word_tones: u32,
    /// Non-Vietnamese marks of the current word, written after its tones.
    word_marks: String,
    /// Combining marks after the current character, not yet applied. They
    /// are put in canonical order (stable sort by combining class, as NFD
    /// does) before use, so the input's mark order does not matter.
    marks: Vec<char>,
    /// Current digit run.
    digits: String,
    /// A space was seen after some output: emit one word separator before the
    /// next unit (collapses runs and drops trailing spaces).
    pending_space: bool,
}

impl KeyBuilder {
    fn new(capacity: usize) -> Self {
        KeyBuilder {
            primary: String::with_capacity(capacity + 2),
            secondary: String::with_capacity(capacity / 2 + 2),
            tertiary: String::with_capacity(capacity),
            letter: None,
            in_word: false,
            word_tones: 0,
            word_marks: String::new(),
            marks: Vec::new(),
            digits: String::new(),
            pending_space: false,
        }
    }

    #[inline]
    fn flush_letter(&mut self) {
        if let Some((index, _)) = self.letter.take() {
            self.primary.push(char::from(b'A' + index));
        }
    }

    fn flush_number(&mut self) {
        if self.digits.is_empty() {
            return;
        }
        // Compare numbers by value: drop leading zeros (keeping one digit),
        // then a longer number is a larger one, hence the length prefix.
        let significant = self.digits.trim_start_matches('0');
        let significant = if significant.is_empty() {
            "0"
        } else {
            significant
        };
        let zeros = self.digits.len() - significant.len();
        for chunk in significant.as_bytes().chunks(MAX_NUMBER_CHUNK) {
            self.primary.push(NUMBER);
            self.primary.push(weight_char(chunk.len()));
            // Digits are ASCII, so each byte is a char.
            self.primary.extend(chunk.iter().map(|&b| char::from(b)));
        }
        self.tertiary.push(weight_char(zeros.min(MAX_NUMBER_CHUNK)));
        self.digits.clear();
    }

    #[inline]
    fn end_word(&mut self) {
        if !self.in_word {
            return;
        }
        if self.word_tones == 0 {
            self.secondary.push('0'); // ngang
        }
        self.secondary.push_str(&self.word_marks);
        self.secondary.push(WORD_SEP);
        self.word_marks.clear();
        self.word_tones = 0;
        self.in_word = false;
    }

    #[inline]
    fn begin_unit(&mut self) {
        if self.pending_space {
            self.primary.push(WORD_SEP);
            self.pending_space = false;
        }
    }

    #[inline]
    fn start_letter(&mut self, upper: bool) {
        self.flush_number();
        self.begin_unit();
        self.in_word = true;
        self.tertiary.push(if upper { '1' } else { '0' });
    }

    #[inline]
    fn mark(&mut self, m: char) {
        // A mark with no letter before it (after a space, a digit, a symbol or
        // at the start) decorates nothing sortable: ignore it.
        if !self.in_word {
            return;
        }
        if let Some(t) = tone_digit(m) {
            self.secondary.push(t);
            self.word_tones += 1;
            return;
        }
        if let Some((index, false)) = self.letter {
            if let Some(shaped) = reshape(index, m) {
                self.letter = Some((shaped, true));
                return;
            }
        }
        self.word_marks.push(m);
    }

    /// Applies the buffered marks in canonical order.
    fn flush_marks(&mut self) {
        if self.marks.is_empty() {
            return;
        }
        let mut marks = std::mem::take(&mut self.marks);
        if marks.len() > 1 {
            marks.sort_by_key(|&m| canonical_combining_class(m));
        }
        for &m in &marks {
            self.mark(m);
        }
        marks.clear();
        self.marks = marks;
    }

    /// Takes one character of the input's full canonical decomposition
    /// (before canonical reordering).
    fn push(&mut self, c: char) {
        if !c.is_ascii() && is_combining_mark(c) {
            self.marks.push(c);
            return;
        }
        self.flush_marks();
        self.flush_letter();
        if c.is_ascii_digit() {
            self.end_word();
            if self.digits.is_empty() {
                self.begin_unit();
            }
            self.digits.push(c);
            return;
        }
        if c == ' ' {
            self.end_word();
            self.flush_number();
            if !self.primary.is_empty() {
                self.pending_space = true;
            }
            return;
        }
        if c.is_ascii_alphabetic() {
            self.start_letter(c.is_ascii_uppercase());
            let index = ASCII_INDEX[usize::from(c.to_ascii_lowercase() as u8 - b'a')];
            self.letter = Some((index, false));
            return;
        }
        // `prefilter` has already mapped the look-alikes to Đ/đ.
        if c == 'đ' || c == 'Đ' {
            self.start_letter(c == 'Đ');
            // No shape mark applies to đ: mark it as already shaped.
            self.letter = Some((D_STROKE, true));
            return;
        }
        // Apostrophe look-alikes first: U+02BB and U+02BC are modifier
        // *letters* to Unicode, but in names such as H'Mông they stand for
        // the apostrophe.
        let symbol = canonical_symbol(c);
        if symbol == c && c.is_alphanumeric() {
            // Letters (and non-ASCII digits) of other scripts: after the Latin
            // alphabet, in code-point order of their lowercase form.
            let mut lower = c.to_lowercase();
            let l = match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            };
            self.start_letter(l != c);
            self.primary.push(OTHER_LETTER);
            self.primary.push(l);
            return;
        }
        // Punctuation and symbols: after spaces, before digits.
        self.end_word();
        self.flush_number();
        self.begin_unit();
        self.primary.push(SYMBOL);
        self.primary.push(symbol);
    }

    fn finish(mut self) -> String {
        self.flush_marks();
        self.flush_letter();
        self.flush_number();
        self.end_word();
        let mut key = self.primary;
        key.reserve(self.secondary.len() + self.tertiary.len() + 2);
        key.push(LEVEL_SEP);
        key.push_str(&self.secondary);
        key.push(LEVEL_SEP);
        key.push_str(&self.tertiary);
        key
    }
}

/// '0' + n as a char. Callers keep n ≤ MAX_NUMBER_CHUNK, far below the
/// surrogate range, so the conversion cannot fail.
#[inline]
fn weight_char(n: usize) -> char {
    let n = u32::try_from(n.min(MAX_NUMBER_CHUNK)).unwrap_or(0);
    char::from_u32(u32::from('0') + n).unwrap_or('0')
}

/// Vietnamese sort key: compare keys byte-wise (SQLite `BINARY`, `str::cmp`)
/// to get Vietnamese dictionary order.
///
/// Works on NFC, NFD and mixed input alike, ignores what `normalize` removes
/// (invisible characters, extra spaces), and gives "Hòa" and "Hoà" the same
/// key. Example order: An < An Bình < Anh < Ành < Ảnh < Ãnh < Ánh < Ạnh < Ăn <
/// Ân < Bình < Da < Dương < Đào < E < Ê … < Ý < Zô.
pub fn sort_key(s: &str) -> String {
    let mut builder = KeyBuilder::new(s.len());
    // Filter before decomposing: removing an invisible character can bring
    // two runs of combining marks together, and they must then be ordered as
    // one run, as `normalize` (NFC) would. Each character is decomposed on
    // its own and the builder restores canonical mark order, which is what
    // NFD does, without the normaliser's buffering.
    for c in s.chars().filter_map(prefilter) {
        if c.is_ascii() {
            builder.push(c);
        } else {
            decompose_canonical(c, |d| builder.push(d));
        }
    }
    builder.finish()
}

/// Sort key for a person: by given name (tên, the last word), then by the
/// family and middle names (họ đệm) in order, each compared at all levels —
/// the way Vietnamese lists are sorted by a "Tên" column, then "Họ đệm".
///
/// `sort_name_override` is for names that do not follow Kinh order (Ê Đê,
/// M'nông… where the family name comes last). It is written **in sorting
/// order**: the word to sort by first, then the rest as tie-breakers. For
/// example the override "An Trần Văn" gives the same key as the full name
/// "Trần Văn An". An empty or blank override counts as none.
pub fn person_sort_key(full_name: &str, sort_name_override: Option<&str>) -> String {
    if let Some(over) = sort_name_override {
        let over = normalize(over);
        if !over.is_empty() {
            // Already in sorting order: first word is the sort word.
            let (first, rest) = over.split_once(' ').unwrap_or((over.as_str(), ""));
            return join_person_key(first, rest);
        }
    }
    let name = normalize(full_name);
    let (family_middle, given) = name.rsplit_once(' ').unwrap_or(("", name.as_str()));
    join_person_key(given, family_middle)
}

/// `sort_key(first) U+0001 sort_key(rest)`. Sort keys are prefix-free (no key
/// is a proper prefix of another), so comparing the concatenation compares
/// `first` fully before `rest` is looked at.
fn join_person_key(first: &str, rest: &str) -> String {
    let mut key = sort_key(first);
    key.push(LEVEL_SEP);
    key.push_str(&sort_key(rest));
    key
}

#[cfg(test)]
mod tests;
