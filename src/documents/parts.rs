//! Parts several documents share: the ND30 header table, the signature block with
//! "Nơi nhận", the date line and the reference line of an attachment.

use chrono::{Datelike, NaiveDate};

use super::measure;
use super::model::{size, Block, Columns, Para, HEADER_COLUMNS, SIGNATURE_COLUMNS};
use crate::dates;

pub const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// Spaces left for the clerk to write the number, the day and the month by hand.
pub const BLANK: &str = "      ";

/// The header: a borderless fixed two-column table. Row 1: the issuing body over a short
/// rule | the national title and the motto over a rule as long as the motto. Row 2 (when
/// given): "Số: …" | place and date, so both sit on one baseline (domain.md §1.3).
pub fn header(issuing_body: &[String], second_row: Option<(String, String)>) -> Block {
    let longest = issuing_body
        .iter()
        .map(|l| measure::width(l, size::ISSUING_BODY, true))
        .max()
        .unwrap_or(0);
    let mut left: Vec<Block> = issuing_body
        .iter()
        .map(|l| Block::Para(Para::centered(l.as_str(), size::ISSUING_BODY, true, false)))
        .collect();
    // 1/3 to 1/2 of the text line: 40 %.
    left.push(Block::Rule {
        length: (longest * 2 / 5).min(HEADER_COLUMNS[0]),
    });
    let right = vec![
        Block::Para(Para::centered(
            NATIONAL_TITLE,
            size::NATIONAL_TITLE,
            true,
            false,
        )),
        Block::Para(Para::centered(MOTTO, size::MOTTO, true, false)),
        Block::Rule {
            length: measure::width(MOTTO, size::MOTTO, true),
        },
    ];
    let mut rows = vec![vec![left, right]];
    if let Some((number, place_date)) = second_row {
        rows.push(vec![
            vec![Block::Para(
                Para::centered(number, size::NUMBER, false, false)
                    .before(6)
                    .preserve(),
            )],
            vec![Block::Para(
                Para::centered(place_date, size::PLACE_DATE, false, true)
                    .before(6)
                    .preserve(),
            )],
        ]);
    }
    Block::Columns(Columns {
        widths: HEADER_COLUMNS.to_vec(),
        rows,
        keep_together: false,
    })
}

/// The issuing body of a commune's UBND, in upper case on two lines.
pub fn issuing_body(commune_upper: &str) -> Vec<String> {
    vec!["ỦY BAN NHÂN DÂN".to_string(), commune_upper.to_string()]
}

/// "Số: 05/QĐ-UBND", or "Số:      /QĐ-UBND" until the clerk records the number. Numbers
/// below 10 get a leading 0.
pub fn number_line(number: Option<i64>, symbol: &str) -> String {
    match number {
        Some(n) => format!("Số: {n:02}/{symbol}"),
        None => format!("Số:{BLANK}/{symbol}"),
    }
}

/// "ngày 05 tháng 3 năm 2025", or "ngày      tháng      năm 2025" for a draft.
pub fn date_words(date: Option<NaiveDate>, year: i32) -> String {
    match date {
        Some(d) => dates::long_form(d),
        None => format!("ngày{BLANK}tháng{BLANK}năm {year}"),
    }
}

/// "Đông Tiến, ngày 05 tháng 3 năm 2025".
pub fn place_date(place: &str, date: Option<NaiveDate>, year: i32) -> String {
    format!("{place}, {}", date_words(date, year))
}

/// "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 3 năm 2025 của Chủ tịch Ủy ban nhân
/// dân xã Đông Tiến)".
pub fn reference_line(
    number: Option<i64>,
    symbol: &str,
    date: Option<NaiveDate>,
    year: i32,
    issuer: &str,
) -> String {
    let number = match number {
        Some(n) => format!(" {n:02}"),
        None => BLANK.to_string(),
    };
    format!(
        "(Kèm theo Quyết định số{number}/{symbol} {} của {issuer})",
        date_words(date, year)
    )
}

/// The signature table: "Nơi nhận" on the left, level with the signing capacity on the
/// right; the signer's name under 4 empty lines for signature and seal. Never split.
pub fn signature(recipients: &[String], block: &[&str], signer: Option<&str>) -> Block {
    let mut left = vec![Block::Para(
        Para::left("Nơi nhận:", size::RECIPIENTS_LABEL, true, true).before(6),
    )];
    let count = recipients.len();
    for (i, r) in recipients.iter().enumerate() {
        let r = r.trim_end_matches(['.', ';', ' ']);
        let end = if i + 1 == count { "." } else { ";" };
        left.push(Block::Para(Para::left(
            format!("- {r}{end}"),
            size::RECIPIENTS,
            false,
            false,
        )));
    }
    let mut right: Vec<Block> = block
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let p = Para::centered(*line, size::SIGNATURE, true, false);
            Block::Para(if i == 0 { p.before(6) } else { p })
        })
        .collect();
    for _ in 0..4 {
        right.push(Block::Para(Para::centered(
            "",
            size::SIGNATURE,
            false,
            false,
        )));
    }
    if let Some(name) = signer.filter(|n| !n.trim().is_empty()) {
        right.push(Block::Para(Para::centered(
            name,
            size::SIGNATURE,
            true,
            false,
        )));
    }
    Block::Columns(Columns {
        widths: SIGNATURE_COLUMNS.to_vec(),
        rows: vec![vec![left, right]],
        keep_together: true,
    })
}

/// A centred title line: 14 pt bold.
pub fn title(text: impl Into<String>) -> Block {
    Block::Para(Para::centered(text, size::TITLE, true, false))
}

/// A centred rule under a title of this text: 1/3 of its longest line.
pub fn title_rule(text: &str, text_width: u32) -> Block {
    let w = measure::width(text, size::TITLE, true).min(text_width);
    Block::Rule { length: w / 3 }
}

/// The year a draft is dated in.
pub fn year_of(date: Option<NaiveDate>, on: NaiveDate) -> i32 {
    date.unwrap_or(on).year()
}
