//! Tests of the Vietnamese sort keys: alphabet, tone and case order, and the same key
//! whatever form the input comes in.

use super::*;
use unicode_normalization::UnicodeNormalization;

#[test]
fn mark_order_does_not_matter() {
    // ệ typed as e + circumflex + dot below, or e + dot below + circumflex
    // (canonical order), or precomposed: same key.
    let a = sort_key("Nguy\u{0065}\u{0302}\u{0323}t");
    let b = sort_key("Nguy\u{0065}\u{0323}\u{0302}t");
    let c = sort_key("Nguyệt");
    assert_eq!(a, b);
    assert_eq!(a, c);
    // ự: horn and dot below in either order.
    assert_eq!(sort_key("T\u{0075}\u{0323}\u{031B}"), sort_key("Tự"));
    assert_eq!(sort_key("T\u{0075}\u{031B}\u{0323}"), sort_key("Tự"));
    // An invisible character between marks does not change the key.
    assert_eq!(
        sort_key("T\u{0075}\u{0323}\u{200B}\u{031B}"),
        sort_key("Tự")
    );
}

/// Asserts that `words` is strictly increasing under sort_key, and that
/// sorting a reversed copy by key gives back the same order.
fn assert_order(words: &[&str]) {
    for pair in words.windows(2) {
        let (a, b) = (sort_key(pair[0]), sort_key(pair[1]));
        assert!(
            a < b,
            "expected {:?} < {:?}\n  {a:?}\n  {b:?}",
            pair[0],
            pair[1]
        );
    }
    let mut shuffled: Vec<&str> = words.iter().rev().copied().collect();
    shuffled.sort_by_cached_key(|w| sort_key(w));
    assert_eq!(shuffled, words);
}

#[test]
fn reference_order_from_domain_md() {
    let words = [
        "An", "Anh", "Ành", "Ảnh", "Ãnh", "Ánh", "Ạnh", "Ăn", "Ân", "Bình", "Da", "Dương", "Đào",
        "E", "Ê", "Tu", "Tú", "Tư", "Từ", "Tử", "Tữ", "Tứ", "Tự", "Uy", "Ưng",
    ];
    assert_order(&words);
    // Same with decomposed input.
    let nfd: Vec<String> = words.iter().map(|w| w.nfd().collect()).collect();
    let nfd_refs: Vec<&str> = nfd.iter().map(String::as_str).collect();
    assert_order(&nfd_refs);
}

#[test]
fn code_point_order_is_wrong_and_ours_is_right() {
    // Code-point order puts the accented capitals after Z.
    assert!("Zô" < "Ý" && "Zô" < "Ấn" && "Zô" < "Đào");
    assert_order(&[
        "Ấn", "Đào", "Ông", "Ơn", "Ưng", "Ý", "Yên", "Ỹên", "Zô", "Zổ",
    ]);
}

#[test]
fn full_alphabet_order() {
    let letters = [
        "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
        "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
    ];
    assert_order(&letters);
    let upper: Vec<String> = letters.iter().map(|l| l.to_uppercase()).collect();
    let upper_refs: Vec<&str> = upper.iter().map(String::as_str).collect();
    assert_order(&upper_refs);
}

#[test]
fn tone_order_on_every_vowel() {
    for base in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
        let toned: Vec<String> = [
            "", "\u{0300}", "\u{0309}", "\u{0303}", "\u{0301}", "\u{0323}",
        ]
        .iter()
        .map(|m| format!("{base}{m}").nfc().collect())
        .collect();
        let refs: Vec<&str> = toned.iter().map(String::as_str).collect();
        assert_order(&refs);
    }
}

#[test]
fn shape_is_primary_tone_secondary() {
    // Any tone of "a" sorts before bare "ă": shape wins over tone.
    assert!(sort_key("Ạz") < sort_key("Ăa"));
    assert!(sort_key("Tự") < sort_key("Tưa"));
    // Tone decides only when the letters are equal.
    assert!(sort_key("Ánh") < sort_key("Ạnh"));
}

#[test]
fn spaces_before_everything() {
    assert_order(&["An", "An Bình", "Anh"]);
    assert_order(&["Lê", "Lê Văn", "Lê Văn An", "Lêa"]);
    assert_order(&["a b", "a-b", "a1", "ab"]);
}

#[test]
fn digits_before_letters_and_numeric() {
    assert_order(&["1", "2", "10", "a"]);
    assert_order(&["Thôn 1", "Thôn 2", "Thôn 9", "Thôn 10", "Thôn 11", "Thôn A"]);
    assert_order(&["Tổ 2", "Tổ 02", "Tổ 3"]);
    assert_order(&["0", "00", "1"]);
}

#[test]
fn case_is_tertiary() {
    assert_order(&["an", "aN", "An", "AN", "anh"]);
    assert_order(&["đào", "Đào", "đàoa"]);
    // Case never beats tone.
    assert!(sort_key("AN") < sort_key("àn"));
}

#[test]
fn tone_placement_styles_give_same_key() {
    assert_eq!(sort_key("Hòa"), sort_key("Hoà"));
    assert_eq!(sort_key("Thủy"), sort_key("Thuỷ"));
    assert_eq!(sort_key("Khỏe"), sort_key("Khoẻ"));
    assert_eq!(sort_key("Nguyễn Văn Hòa"), sort_key("Nguyễn Văn Hoà"));
    assert_ne!(sort_key("Hòa"), sort_key("Hoa"));
}

#[test]
fn tone_is_per_word() {
    // The first word's tone decides before the second's.
    assert_order(&["An Bình", "Àn Binh"]);
    assert_order(&["Anh Bạ", "Ánh Ba"]);
}

#[test]
fn nfc_nfd_mixed_give_same_key() {
    for s in ["Nguyễn Thị Phượng", "Đặng Hữu Ước", "Quỳnh", "ẤN ĐỘ"] {
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        assert_eq!(sort_key(&nfc), sort_key(&nfd), "{s}");
    }
    // Unikey combining mode: precomposed ê + combining tilde.
    assert_eq!(sort_key("Nguy\u{00EA}\u{0303}n"), sort_key("Nguyễn"));
}

#[test]
fn ignores_what_normalize_removes() {
    assert_eq!(sort_key("  An \u{00A0} Bình\u{200B} "), sort_key("An Bình"));
    assert_eq!(sort_key("\u{00D0}ào"), sort_key("Đào"));
    assert_eq!(sort_key("\u{0256}ào"), sort_key("đào"));
}

#[test]
fn key_is_clean_text() {
    for s in [
        "",
        "An",
        "Thôn 10",
        "H'Mông",
        "Ê-đê",
        "Ñandú",
        "Мария",
        "東京",
        "😀 ok",
    ] {
        let k = sort_key(s);
        assert!(!k.contains('\0'), "{s}");
        assert_eq!(k.matches(LEVEL_SEP).count(), 2, "{s}: {k:?}");
    }
    assert_eq!(sort_key(""), "\u{1}\u{1}");
    assert_eq!(sort_key("   "), sort_key(""));
}

#[test]
fn other_scripts_after_latin() {
    assert_order(&["Zô", "Мария", "東京"]);
    assert_order(&["мария", "Мария"]);
}

#[test]
fn apostrophe_variants_sort_alike() {
    assert_eq!(sort_key("H'Mông"), sort_key("H’Mông"));
    assert_eq!(sort_key("H'Mông"), sort_key("H`Mông"));
    assert_eq!(sort_key("H'Mông"), sort_key("H\u{02BC}Mông"));
    assert_eq!(sort_key("Ê-đê"), sort_key("Ê‐đê"));
    assert_order(&["H Mông", "H'Mông", "Hà"]);
}

#[test]
fn non_vietnamese_marks_are_secondary() {
    assert_order(&["Muller", "Müller", "Mullers"]);
    assert_ne!(sort_key("Muller"), sort_key("Müller"));
}

#[test]
fn prefix_free() {
    let words = ["", "a", "A", "à", "an", "a n", "1", "01", "a1", "-", "ü"];
    for a in words {
        for b in words {
            let (ka, kb) = (sort_key(a), sort_key(b));
            if ka != kb {
                assert!(!kb.starts_with(&ka), "{a:?} key is a prefix of {b:?} key");
            }
        }
    }
}

#[test]
fn person_given_name_first() {
    let mut people = vec!["Nguyễn Thị Bình", "Lê Văn Bình", "Trần Văn An"];
    people.sort_by_cached_key(|p| person_sort_key(p, None));
    assert_eq!(people, ["Trần Văn An", "Lê Văn Bình", "Nguyễn Thị Bình"]);
}

#[test]
fn person_given_name_compared_fully_first() {
    // "Binh" < "Bình" decides even though "Ba" > "An" in the family name.
    assert!(person_sort_key("Ba Binh", None) < person_sort_key("An Bình", None));
    // Single-word name sorts before longer names with the same given name.
    assert!(person_sort_key("An", None) < person_sort_key("Trần An", None));
    // Family then middle name break ties.
    assert!(person_sort_key("Lê Thị An", None) < person_sort_key("Lê Văn An", None));
    assert!(person_sort_key("Lê Văn An", None) < person_sort_key("Lý Văn An", None));
}

#[test]
fn person_override() {
    // The override is written in sorting order.
    assert_eq!(
        person_sort_key("Y Ngông Niê Kdăm", Some("Ngông Niê Kdăm")),
        person_sort_key("Niê Kdăm Ngông", None)
    );
    assert_eq!(
        person_sort_key("whatever", Some("An Trần Văn")),
        person_sort_key("Trần Văn An", None)
    );
    // Blank override is ignored.
    assert_eq!(
        person_sort_key("Trần Văn An", Some("  ")),
        person_sort_key("Trần Văn An", None)
    );
    // Overridden and computed keys interleave by the sort word.
    let mut people = [
        ("Y Ngông Niê Kdăm", Some("Ngông Niê Kdăm")),
        ("Nguyễn Văn Mạnh", None),
        ("Trần Thị Ánh", None),
    ];
    people.sort_by_cached_key(|(n, o)| person_sort_key(n, *o));
    let names: Vec<&str> = people.iter().map(|p| p.0).collect();
    assert_eq!(
        names,
        ["Trần Thị Ánh", "Nguyễn Văn Mạnh", "Y Ngông Niê Kdăm"]
    );
}

#[test]
fn person_key_normalizes_input() {
    let nfd: String = "Trần  Văn\u{00A0}Hoà ".nfd().collect();
    assert_eq!(
        person_sort_key(&nfd, None),
        person_sort_key("Trần Văn Hòa", None)
    );
}
