use super::*;

/// The 67 lowercase Vietnamese letters with a diacritic, by family: the letter
/// with its shape mark (if any), then grave, hook, tilde, acute, dot below.
const LOWERCASE_FAMILIES: [&str; 13] = [
    "àảãáạ",
    "ăằẳẵắặ",
    "âầẩẫấậ",
    "èẻẽéẹ",
    "êềểễếệ",
    "ìỉĩíị",
    "òỏõóọ",
    "ôồổỗốộ",
    "ơờởỡớợ",
    "ùủũúụ",
    "ưừửữứự",
    "ỳỷỹýỵ",
    "đ",
];

/// The same letters in TCVN3, typed from the glyphs of the ABC code chart,
/// in the order of [`LOWERCASE_FAMILIES`].
const TCVN3_LOWERCASE: [&str; 13] = [
    "µ¶·¸¹",
    "¨»¼½¾Æ",
    "©ÇÈÉÊË",
    "ÌÎÏÐÑ",
    "ªÒÓÔÕÖ",
    "×ØÜÝÞ",
    "ßáâãä",
    "«åæçèé",
    "¬êëìíî",
    "ïñòóô",
    "\u{AD}õö÷øù",
    "úûüýþ",
    "®",
];

/// The only accented capitals TCVN3 has.
const TCVN3_CAPITALS: [(char, &str); 7] = [
    ('Ă', "¡"),
    ('Â', "¢"),
    ('Ê', "£"),
    ('Ô', "¤"),
    ('Ơ', "¥"),
    ('Ư', "¦"),
    ('Đ', "§"),
];

/// The same letters in VNI, typed from the VNI keyboard/font layout, in the
/// order of [`LOWERCASE_FAMILIES`].
const VNI_LOWERCASE: [&[&str]; 13] = [
    &["aø", "aû", "aõ", "aù", "aï"],
    &["aê", "aè", "aú", "aü", "aé", "aë"],
    &["aâ", "aà", "aå", "aã", "aá", "aä"],
    &["eø", "eû", "eõ", "eù", "eï"],
    &["eâ", "eà", "eå", "eã", "eá", "eä"],
    &["ì", "æ", "ó", "í", "ò"],
    &["oø", "oû", "oõ", "où", "oï"],
    &["oâ", "oà", "oå", "oã", "oá", "oä"],
    &["ô", "ôø", "ôû", "ôõ", "ôù", "ôï"],
    &["uø", "uû", "uõ", "uù", "uï"],
    &["ö", "öø", "öû", "öõ", "öù", "öï"],
    &["yø", "yû", "yõ", "yù", "î"],
    &["ñ"],
];

fn lowercase_pairs(codes: impl Iterator<Item = Vec<String>>) -> Vec<(char, String)> {
    let pairs: Vec<(char, String)> = LOWERCASE_FAMILIES
        .iter()
        .zip(codes)
        .flat_map(|(letters, codes)| {
            assert_eq!(letters.chars().count(), codes.len(), "family {letters}");
            letters.chars().zip(codes).collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(pairs.len(), 67);
    pairs
}

fn tcvn3_lowercase_pairs() -> Vec<(char, String)> {
    lowercase_pairs(
        TCVN3_LOWERCASE
            .iter()
            .map(|codes| codes.chars().map(String::from).collect()),
    )
}

fn vni_lowercase_pairs() -> Vec<(char, String)> {
    lowercase_pairs(
        VNI_LOWERCASE
            .iter()
            .map(|codes| codes.iter().map(|c| c.to_string()).collect()),
    )
}

#[test]
fn every_tcvn3_letter_converts() {
    for (letter, code) in tcvn3_lowercase_pairs() {
        assert_eq!(to_unicode(&code, LegacyEncoding::Tcvn3), letter.to_string());
    }
    for (letter, code) in TCVN3_CAPITALS {
        assert_eq!(to_unicode(code, LegacyEncoding::Tcvn3), letter.to_string());
    }
}

#[test]
fn tcvn3_capitals_typed_with_lowercase_codes_stay_lowercase() {
    // "Á" has no TCVN3 code: typists used the code of "á" (documented limit).
    assert_eq!(to_unicode("¸nh", LegacyEncoding::Tcvn3), "ánh");
}

#[test]
fn every_vni_letter_converts_in_both_cases() {
    // VNI capitals are the Latin-1 capitals of the lowercase bytes, base and
    // mark alike ("ö" → "Ö" for Ư, "aë" → "AË" for Ặ); both sources show it.
    for (letter, code) in vni_lowercase_pairs() {
        assert_eq!(to_unicode(&code, LegacyEncoding::Vni), letter.to_string());
        let capital: String = letter.to_uppercase().collect();
        assert_eq!(
            to_unicode(&code.to_uppercase(), LegacyEncoding::Vni),
            capital,
            "capital of {letter}"
        );
    }
    assert_eq!(to_unicode("Ö", LegacyEncoding::Vni), "Ư");
    assert_eq!(to_unicode("ÔÕ", LegacyEncoding::Vni), "Ỡ");
    assert_eq!(to_unicode("AË", LegacyEncoding::Vni), "Ặ");
    assert_eq!(to_unicode("Ñ", LegacyEncoding::Vni), "Đ");
}

/// Real phrases, written by hand in each encoding.
const PHRASES: [(&str, &str, &str); 5] = [
    (
        "Nguyễn Thị Thu Hường",
        "NguyÔn ThÞ Thu H\u{AD}êng",
        "Nguyeãn Thò Thu Höôøng",
    ),
    (
        "Tổ bảo vệ an ninh, trật tự",
        "Tæ b¶o vÖ an ninh, trËt tù",
        "Toå baûo veä an ninh, traät töï",
    ),
    ("Đặng Văn Ước", "§Æng V¨n ¦íc", "Ñaëng Vaên Öôùc"),
    ("Phường Ba Đình", "Ph\u{AD}êng Ba §×nh", "Phöôøng Ba Ñình"),
    (
        "Quyết định thành lập",
        "QuyÕt ®Þnh thµnh lËp",
        "Quyeát ñònh thaønh laäp",
    ),
];

#[test]
fn phrases_convert() {
    for (unicode, tcvn3, vni) in PHRASES {
        assert_eq!(to_unicode(tcvn3, LegacyEncoding::Tcvn3), unicode);
        assert_eq!(to_unicode(vni, LegacyEncoding::Vni), unicode);
    }
}

#[test]
fn vni_all_capitals_convert() {
    assert_eq!(
        to_unicode("NGUYEÃN THÒ THU HÖÔØNG", LegacyEncoding::Vni),
        "NGUYỄN THỊ THU HƯỜNG"
    );
}

#[test]
fn output_is_nfc_and_ascii_passes_through() {
    let out = to_unicode("Toå 5, xaõ Yeân Ñònh (2019)", LegacyEncoding::Vni);
    assert_eq!(out, "Tổ 5, xã Yên Định (2019)");
    assert!(out.nfc().eq(out.chars()));
    assert_eq!(to_unicode("Tổ 5 - A", LegacyEncoding::Tcvn3), "Tổ 5 - A");
}

#[test]
fn no_panic_on_any_char_up_to_u024f() {
    let all: String = ('\u{0}'..='\u{24F}').collect();
    for enc in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
        let out = to_unicode(&all, enc);
        assert!(out.nfc().eq(out.chars()));
    }
    let _ = detect(&[&all, "", " ", "\u{301}", "aù\u{301}\u{302}"]);
}

fn tcvn3_column() -> Vec<&'static str> {
    let mut cells: Vec<&str> = PHRASES.iter().map(|p| p.1).collect();
    cells.extend(["TrÇn V¨n Hïng", "Lª ThÞ Mai", "Th«n §«ng", "Hµ Néi"]);
    cells
}

fn vni_column() -> Vec<&'static str> {
    let mut cells: Vec<&str> = PHRASES.iter().map(|p| p.2).collect();
    cells.extend(["Traàn Vaên Huøng", "Leâ Thò Mai", "Thoân Ñoâng", "Haø Noäi"]);
    cells
}

#[test]
fn detects_a_tcvn3_column() {
    assert_eq!(detect(&tcvn3_column()), Some(LegacyEncoding::Tcvn3));
}

#[test]
fn detects_a_vni_column() {
    assert_eq!(detect(&vni_column()), Some(LegacyEncoding::Vni));
}

#[test]
fn unicode_vietnamese_is_not_legacy() {
    let mut cells: Vec<&str> = PHRASES.iter().map(|p| p.0).collect();
    // Words made only of Latin-1 letters, which also decode to syllables.
    cells.extend(["Lê Bá Tô", "Hà Chí Công", "Trần Văn Hùng", "Hồ Thị Ánh"]);
    assert_eq!(detect(&cells), None);
}

#[test]
fn ascii_is_not_legacy() {
    assert_eq!(detect(&["Nguyen Van A", "To 5", "12/03/1990", ""]), None);
    assert_eq!(detect(&[]), None);
}

#[test]
fn english_and_french_accents_are_not_legacy() {
    assert_eq!(detect(&["Café René Müller"]), None);
    assert_eq!(
        detect(&[
            "Café René Müller",
            "Crème brûlée à la façon de Zoë",
            "Señor José García",
            "naïve résumé déjà vu",
        ]),
        None
    );
}

#[test]
fn mostly_unicode_with_one_odd_cell_is_not_legacy() {
    let mut cells: Vec<&str> = PHRASES.iter().map(|p| p.0).collect();
    cells.extend(["Trần Văn Hùng", "Lê Thị Mai", "Thôn Đông", "Hà Nội"]);
    cells.push("NguyÔn V¨n ThÞ Hïng");
    assert_eq!(detect(&cells), None);
    cells.pop();
    cells.push("Nguyeãn Vaên Thò Huøng");
    assert_eq!(detect(&cells), None);
}

#[test]
fn one_short_cell_is_not_enough() {
    assert_eq!(detect(&["NguyÔn V¨n A"]), None);
}

#[test]
fn syllable_check() {
    for word in [
        "Nguyễn",
        "nghiêng",
        "quyết",
        "giữ",
        "gì",
        "Ước",
        "khuya",
        "ĐƯỜNG",
    ] {
        assert!(is_vietnamese_syllable(word), "{word}");
    }
    for word in [
        "Café",
        "Müller",
        "nguyôn",
        "táć",
        "bát\u{300}",
        "tàc",
        "xyz",
    ] {
        assert!(!is_vietnamese_syllable(word), "{word}");
    }
}

#[test]
fn detects_all_capital_columns() {
    // TCVN3 capitals beyond the seven were typed with the lowercase codes.
    assert_eq!(
        detect(&["NGUYÔN V¡N ¦íC", "TRÇN THÞ MAI", "PH¹M V¡N §øC"]),
        Some(LegacyEncoding::Tcvn3)
    );
    assert_eq!(
        detect(&["NGUYEÃN VAÊN ÖÔÙC", "TRAÀN THÒ MAI", "PHAÏM VAÊN ÑÖÙC"]),
        Some(LegacyEncoding::Vni)
    );
}

#[test]
fn unicode_words_of_latin1_letters_only_are_not_legacy() {
    // "Lê" reads as TCVN3 "Lờ", "Bá" as "Bỏ": such words must not tip it.
    assert_eq!(
        detect(&["Lê Bá Tô", "Hà Chí Công", "Tô Thị Lê", "Bá Hà", "Chí Lê"]),
        None
    );
}

#[test]
fn a_column_of_french_names_is_not_legacy() {
    assert_eq!(
        detect(&[
            "Hélène Dupré",
            "François Lefèvre",
            "Jérôme Bézier",
            "Noël Côté",
            "Gisèle Ménard",
            "Jürgen Müller",
            "Björn Schröder",
        ]),
        None
    );
}
