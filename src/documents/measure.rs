//! Estimated width of a line of Times New Roman, for the lengths of the rules under the
//! issuing body, the motto and the summary (domain.md §1.3). The widths are Adobe's
//! Times-Roman and Times-Bold metrics (1/1000 em), which Times New Roman and Liberation
//! Serif follow closely; a Vietnamese letter takes the width of its base letter.

use unicode_normalization::UnicodeNormalization;

/// Width of `text` at `size` half-points, in twips.
pub fn width(text: &str, size: u16, bold: bool) -> u32 {
    let units: u32 = text
        .nfd()
        .filter(|c| !is_combining(*c))
        .map(|c| char_units(c, bold))
        .sum();
    // units/1000 em × size/2 pt × 20 twips/pt.
    (u64::from(units) * u64::from(size) * 10 / 1000) as u32
}

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

fn char_units(c: char, bold: bool) -> u32 {
    const UPPER_REGULAR: [u32; 26] = [
        722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
        556, 611, 722, 722, 944, 722, 722, 611,
    ];
    const UPPER_BOLD: [u32; 26] = [
        722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722,
        556, 667, 722, 722, 1000, 722, 722, 667,
    ];
    const LOWER_REGULAR: [u32; 26] = [
        444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333,
        389, 278, 500, 500, 722, 500, 500, 444,
    ];
    const LOWER_BOLD: [u32; 26] = [
        500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444,
        389, 333, 556, 500, 722, 500, 500, 444,
    ];
    let c = match c {
        'Đ' | 'Ɖ' => 'D',
        'đ' => 'd',
        other => other,
    };
    let (upper, lower) = if bold {
        (&UPPER_BOLD, &LOWER_BOLD)
    } else {
        (&UPPER_REGULAR, &LOWER_REGULAR)
    };
    match c {
        'A'..='Z' => upper[(c as u8 - b'A') as usize],
        'a'..='z' => lower[(c as u8 - b'a') as usize],
        '0'..='9' => 500,
        ' ' | '.' | ',' => 250,
        '-' | ':' | ';' | '(' | ')' | '/' => 333,
        _ => 500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::model::mm;

    #[test]
    fn the_national_title_and_motto_have_the_widths_domain_md_gives() {
        // domain.md §1.3: ≈ 88 mm at 12 pt bold, motto ≈ 56 mm at 13 pt bold.
        let title = mm(width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 24, true));
        assert!((86.0..90.0).contains(&title), "{title}");
        let motto = mm(width("Độc lập - Tự do - Hạnh phúc", 26, true));
        assert!((54.0..58.0).contains(&motto), "{motto}");
        let body = mm(width("ỦY BAN NHÂN DÂN", 24, true));
        assert!((38.0..42.0).contains(&body), "{body}");
    }
}
