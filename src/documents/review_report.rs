//! The draft of a sơ kết report ("Báo cáo sơ kết"), in the ND30 layout of the other
//! documents, from a [`Report`]: the figures and tables filled in (teams and members,
//! C1–C8, the movement's results beside the same period a year earlier, one row per
//! commune or team in an appendix), and the parts a person writes — the situation, the
//! assessment, the shortcomings, the direction, the proposals — left as headed blanks
//! with a hint in brackets. It is saved as `.docx` to be finished in Word; the program
//! never signs or numbers it.

use super::model::{size, Align, Block, Cell, Document, DocumentKind, Grid, Para, Section};
use super::parts;
use crate::installation::Role;
use crate::report::{Report, Results};

/// The columns of the appendix (one row per commune or team): what fits A4 across.
const APPENDIX_KEYS: [&str; 11] = [
    "activities",
    "patrols",
    "mediations",
    "tips",
    "propaganda",
    "contributions",
    "spending",
    "balance",
    "attendances",
    "commendations",
    "inspections",
];

/// "Phúc Xá" from "Phường Phúc Xá", "Hà Nội" from "Công an thành phố Hà Nội": the place
/// a document is dated at.
pub(super) fn place_of(name: &str) -> &str {
    let mut rest = name.strip_prefix("Công an ").unwrap_or(name);
    for kind in [
        "thành phố ",
        "tỉnh ",
        "Thành phố ",
        "Tỉnh ",
        "Xã ",
        "Phường ",
        "Thị trấn ",
        "Đặc khu ",
        "xã ",
        "phường ",
    ] {
        if let Some(r) = rest.strip_prefix(kind) {
            rest = r;
            break;
        }
    }
    rest
}

fn heading(text: &str) -> Block {
    Block::Para(
        Para::left(text, size::BODY, true, false)
            .before(6)
            .after(3)
            .keep_next(),
    )
}

/// A part a person writes: its hint in brackets, to be replaced in Word (the room to
/// write is Word's; empty lines here would only push the signature to another page).
fn blank(hint: &str) -> Vec<Block> {
    vec![Block::Para(
        Para::body(format!("[{hint}]")).italic().after(6),
    )]
}

use crate::records::convert::group_thousands as number;

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "—".into()
    } else {
        format!("{:.0}%", part as f64 * 100.0 / whole as f64)
    }
}

/// The totals' results, a row a figure, this period beside a year earlier.
fn results_grid(report: &Report, results: &Results, text_width: u32) -> Block {
    let before = report.totals.results_year_earlier.as_ref();
    let label_w = text_width * 56 / 100;
    let figure_w = (text_width - label_w) / 2;
    Block::Grid(Grid {
        widths: vec![label_w, figure_w, text_width - label_w - figure_w],
        header: vec![vec![
            Cell::head("Nội dung"),
            Cell::head(format!("Kết quả {}", report.period_name)),
            Cell::head("Cùng kỳ năm trước"),
        ]],
        rows: report
            .result_columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![
                    Cell::text(c.title, Align::Left),
                    Cell::text(number(results.figures[i]), Align::Center),
                    Cell::text(
                        before.map_or("—".into(), |b| number(b.figures[i])),
                        Align::Center,
                    ),
                ]
            })
            .collect(),
        size: size::TABLE,
    })
}

/// C1–C8 over the active teams: how many meet each, and the share.
fn rules_grid(report: &Report, text_width: u32) -> Block {
    let code_w = 1_000;
    let count_w = 1_700;
    let title_w = text_width - code_w - 2 * count_w;
    let active = report.totals.active_teams;
    Block::Grid(Grid {
        widths: vec![code_w, title_w, count_w, count_w],
        header: vec![vec![
            Cell::head("Tiêu chí"),
            Cell::head("Nội dung"),
            Cell::head("Số tổ đạt"),
            Cell::head("Tỷ lệ"),
        ]],
        rows: report
            .rules
            .iter()
            .zip(&report.totals.rules)
            .map(|(title, s)| {
                vec![
                    Cell::text(title.rule, Align::Center),
                    Cell::text(title.title, Align::Left),
                    Cell::text(format!("{}/{}", s.met, active), Align::Center),
                    Cell::text(share(s.met, active), Align::Center),
                ]
            })
            .collect(),
        size: size::TABLE,
    })
}

/// The appendix: one row per commune that sent data (per team on a commune's own
/// report), then the totals; communes that sent nothing named under it.
fn appendix(report: &Report, per_team: bool) -> Section {
    let columns: Vec<usize> = APPENDIX_KEYS
        .iter()
        .filter_map(|k| report.result_columns.iter().position(|c| c.key == *k))
        .collect();
    let text_w = super::model::TEXT_W_LANDSCAPE;
    let name_w = 2_600;
    // Money takes one and a half a count's width: "14.150.000" on one line, and a
    // count's column still holds "thưởng" whole.
    let weight = |i: &usize| {
        if report.result_columns[*i].money {
            3
        } else {
            2
        }
    };
    let unit = (text_w - name_w) / columns.iter().map(weight).sum::<u32>();
    let mut widths = vec![name_w];
    widths.extend(columns.iter().map(|i| unit * weight(i)));
    let mut header = vec![Cell::head(if per_team { "Tổ" } else { "Xã, phường" })];
    header.extend(
        columns
            .iter()
            .map(|i| Cell::head(report.result_columns[*i].title)),
    );
    let row = |name: &str, r: &Results| {
        let mut cells = vec![Cell::text(name, Align::Left)];
        cells.extend(
            columns
                .iter()
                .map(|i| Cell::text(number(r.figures[*i]), Align::Center)),
        );
        cells
    };
    let mut rows: Vec<Vec<Cell>> = if per_team {
        report
            .teams
            .iter()
            .filter_map(|t| t.results.as_ref().map(|r| row(&t.name, r)))
            .collect()
    } else {
        report
            .communes
            .iter()
            .filter_map(|c| c.results.as_ref().map(|r| row(&c.unit_name, r)))
            .collect()
    };
    if let Some(totals) = &report.totals.results {
        let mut total = row("Cộng", totals);
        total[0].bold = true;
        rows.push(total);
    }
    let mut blocks = vec![
        parts::title("PHỤ LỤC"),
        Block::Para(
            Para::centered(
                format!(
                    "Kết quả hoạt động {} theo {}",
                    report.period_name,
                    if per_team {
                        "từng tổ"
                    } else {
                        "xã, phường"
                    }
                ),
                size::BODY,
                false,
                true,
            )
            .after(6),
        ),
        Block::Grid(Grid {
            widths,
            header: vec![header],
            rows,
            size: size::TABLE,
        }),
    ];
    let silent: Vec<&str> = report
        .communes
        .iter()
        .filter(|c| c.results.is_none())
        .map(|c| c.unit_name.as_str())
        .collect();
    if !silent.is_empty() {
        blocks.push(Block::Para(
            Para::body(format!(
                "Chưa gửi dữ liệu ({}), không có số liệu: {}.",
                silent.len(),
                silent.join(", ")
            ))
            .before(6),
        ));
    }
    Section {
        landscape: true,
        restart_numbering: true,
        blocks,
    }
}

/// The draft "Báo cáo sơ kết" of `report`.
pub fn review_report(report: &Report) -> Document {
    let per_team = report.role == Role::Commune;
    let unit = report.reporting_unit.as_str();
    let year = report.on.format("%Y").to_string().parse().unwrap_or(2026);
    let issuing_body = if per_team {
        parts::issuing_body(&report.unit_name.to_uppercase())
    } else {
        vec!["BỘ CÔNG AN".to_string(), unit.to_uppercase()]
    };
    let symbol = if per_team {
        "BC-UBND"
    } else if unit.starts_with("Công an thành phố") {
        "BC-CATP"
    } else {
        "BC-CAT"
    };
    let summary = format!(
        "Sơ kết xây dựng, hoạt động của Tổ bảo vệ an ninh, trật tự {}",
        report.period_name
    );
    let t = &report.totals;
    let text_w = super::model::TEXT_W;
    let sent = report.communes.len() - report.communes_without_data;
    let mut blocks = vec![
        parts::header(
            &issuing_body,
            Some((
                parts::number_line(None, symbol),
                parts::place_date(place_of(unit), None, year),
            )),
        ),
        Block::Para(Para::centered("BÁO CÁO", size::TITLE, true, false).before(18)),
        Block::Para(Para::centered(summary.as_str(), size::TITLE, true, false)),
        parts::title_rule(&summary, text_w),
        Block::Para(
            Para::body(format!(
                "Thực hiện [văn bản chỉ đạo], {unit} báo cáo sơ kết kết quả xây dựng, hoạt động của Tổ bảo vệ an ninh, trật tự {} (từ ngày {} đến ngày {}) như sau:",
                report.period_name,
                report.period.from.format("%d/%m/%Y"),
                report.on.min(report.period.to).format("%d/%m/%Y"),
            ))
            .before(12),
        ),
        heading("I. ĐẶC ĐIỂM TÌNH HÌNH"),
    ];
    blocks.extend(blank(
        "Đơn vị viết: tình hình an ninh, trật tự trên địa bàn trong kỳ; thuận lợi, khó khăn.",
    ));
    blocks.push(heading("II. KẾT QUẢ THỰC HIỆN"));
    blocks.push(heading("1. Xây dựng, củng cố Tổ"));
    let over = if per_team {
        String::new()
    } else {
        format!(
            " (đã nhận dữ liệu của {sent}/{} xã, phường; số liệu tính trên các đơn vị đã gửi)",
            report.communes.len()
        )
    };
    blocks.push(Block::Para(Para::body(format!(
        "Trên địa bàn có {} tổ đang hoạt động và {} tổ tạm dừng, giải thể hoặc sáp nhập, với {} thành viên; {} thành viên ({}) đã được tập huấn trong {} tháng; {} thôn, tổ dân phố chưa có tổ{over}.",
        number(t.active_teams as i64),
        number(t.other_teams as i64),
        number(t.members as i64),
        number(t.members_trained as i64),
        share(t.members_trained, t.members),
        report.thresholds.training_months,
        number(t.villages_without_team as i64),
    ))));
    blocks.push(heading("2. Thực hiện các tiêu chí của mô hình"));
    blocks.push(Block::Para(Para::body(format!(
        "Có {} tổ đạt đủ 8 tiêu chí trên {} tổ đang hoạt động ({}). Kết quả từng tiêu chí, tính đến ngày {}:",
        number(t.teams_meeting_all as i64),
        number(t.active_teams as i64),
        share(t.teams_meeting_all, t.active_teams),
        report.on.format("%d/%m/%Y"),
    ))));
    blocks.push(rules_grid(report, text_w));
    blocks.push(heading("3. Kết quả hoạt động"));
    match &t.results {
        Some(results) => {
            blocks.push(Block::Para(Para::body(
                "Kết quả hoạt động của các tổ trong kỳ, so với cùng kỳ năm trước (chi tiết theo từng đơn vị ở Phụ lục):",
            )));
            blocks.push(results_grid(report, results, text_w));
        }
        None => blocks.push(Block::Para(Para::body(
            "Chưa có số liệu hoạt động trong kỳ.",
        ))),
    }
    blocks.push(heading("III. ĐÁNH GIÁ CHUNG"));
    blocks.push(heading("1. Ưu điểm"));
    blocks.extend(blank(
        "Đơn vị viết: những mặt làm được, cách làm hay, mô hình tiêu biểu.",
    ));
    blocks.push(heading("2. Tồn tại, hạn chế và nguyên nhân"));
    blocks.extend(blank(
        "Đơn vị viết: những tiêu chí còn nhiều tổ chưa đạt (xem mục II.2), nguyên nhân chủ quan, khách quan.",
    ));
    blocks.push(heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"));
    blocks.extend(blank("Đơn vị viết: các nhiệm vụ, giải pháp trong kỳ tới."));
    blocks.push(heading("V. ĐỀ XUẤT, KIẾN NGHỊ"));
    blocks.extend(blank(
        "Đơn vị viết: đề xuất khen thưởng, kiến nghị về kinh phí, trang bị, tập huấn.",
    ));
    let (recipients, signature): (Vec<String>, Vec<&str>) = if per_team {
        (
            vec![
                "Công an tỉnh, thành phố (để báo cáo)".into(),
                "Thường trực Đảng ủy, HĐND (để báo cáo)".into(),
                "Lưu: VT".into(),
            ],
            vec!["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        )
    } else {
        (
            vec!["Lãnh đạo đơn vị (để báo cáo)".into(), "Lưu: VT".into()],
            vec!["GIÁM ĐỐC"],
        )
    };
    blocks.push(parts::signature(&recipients, &signature, None));
    Document {
        kind: DocumentKind::ReviewReport,
        title: format!("Báo cáo sơ kết {} — {unit}", report.period_name),
        sections: vec![Section::portrait(blocks), appendix(report, per_team)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_is_the_name_without_its_kind() {
        assert_eq!(place_of("Công an thành phố Hà Nội"), "Hà Nội");
        assert_eq!(place_of("Công an tỉnh Tuyên Quang"), "Tuyên Quang");
        assert_eq!(place_of("Phường Phúc Xá"), "Phúc Xá");
        assert_eq!(place_of("Xã Đông Tiến"), "Đông Tiến");
    }

    fn texts(doc: &Document, section: usize) -> Vec<String> {
        doc.sections[section]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.text()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_draft_carries_the_figures_and_leaves_the_writing_to_the_unit() {
        use crate::report::ReportOptions;
        let p = crate::receiver::tests::province();
        let report = p.district.report(p.on, ReportOptions::default()).unwrap();
        let doc = review_report(&report);
        assert_eq!(doc.kind, DocumentKind::ReviewReport);
        let body = texts(&doc, 0);
        for heading in [
            "BÁO CÁO",
            "I. ĐẶC ĐIỂM TÌNH HÌNH",
            "II. KẾT QUẢ THỰC HIỆN",
            "III. ĐÁNH GIÁ CHUNG",
            "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
            "V. ĐỀ XUẤT, KIẾN NGHỊ",
        ] {
            assert!(body.iter().any(|t| t == heading), "{heading} in {body:?}");
        }
        // The parts a person writes are hints in brackets, nothing made up.
        assert_eq!(
            body.iter()
                .filter(|t| t.starts_with("[Đơn vị viết"))
                .count(),
            5
        );
        // Over the wards that sent data, said in words.
        let sent = report.communes.len() - report.communes_without_data;
        assert!(
            body.iter()
                .any(|t| t.contains(&format!("đã nhận dữ liệu của {sent}/13 xã, phường"))),
            "{body:?}"
        );
        // The results table: a row a figure, this period and a year earlier.
        let grids: Vec<&Grid> = doc.sections[0].grids().collect();
        assert_eq!(grids.len(), 2, "C1–C8 and the results");
        assert_eq!(grids[0].rows.len(), 8);
        assert_eq!(grids[1].rows.len(), report.result_columns.len());
        let activities = &report.totals.results.as_ref().unwrap().figures[0];
        assert_eq!(grids[1].rows[0][1].text, number(*activities));
        // The appendix, across the page: a row per ward that sent data, and the totals.
        assert!(doc.sections[1].landscape);
        let appendix = doc.sections[1].grids().next().unwrap();
        assert_eq!(appendix.rows.len(), sent + 1);
        let bytes = crate::documents::render(&doc, crate::documents::Format::Docx).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
