//! The document model both writers render: sections of blocks (paragraphs, centred
//! rules, borderless column tables, ruled grids), each carrying the exact format of its
//! element under Nghị định 30/2020/NĐ-CP, Phụ lục I (domain.md §1).
//!
//! The builders ([`super::decision`], [`super::member_list`], [`super::regulation`]) decide
//! *what* each element says and which style it has; the writers ([`super::docx`],
//! [`super::html`]) only translate these properties, so the `.docx` and the print view
//! cannot drift apart. Every text here is plain text: the writers escape it.
//!
//! Lengths are in twips (1/20 pt, 1/1440 inch; 1 mm ≈ 56.69 twips), sizes in half-points,
//! as WordprocessingML counts them.

use serde::Serialize;

/// A4 portrait, in twips (210 × 297 mm).
pub const PAGE_W: u32 = 11_906;
pub const PAGE_H: u32 = 16_838;
/// Margins (domain.md §1.1 defaults within the legal ranges): top 20, bottom 20, left 30,
/// right 15 mm.
pub const MARGIN_TOP: u32 = 1_134;
pub const MARGIN_BOTTOM: u32 = 1_134;
pub const MARGIN_LEFT: u32 = 1_701;
pub const MARGIN_RIGHT: u32 = 850;
/// The page number sits about 12 mm from the top edge.
pub const HEADER_DISTANCE: u32 = 680;
/// Width of the text on a portrait page: 165 mm.
pub const TEXT_W: u32 = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT;
/// Width of the text on a landscape page: 252 mm.
pub const TEXT_W_LANDSCAPE: u32 = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT;
/// First-line indent of body paragraphs: 1.27 cm.
pub const FIRST_LINE_INDENT: u32 = 720;
/// Header table: issuing body | national title, 63 mm | 102 mm (domain.md §1.3).
pub const HEADER_COLUMNS: [u32; 2] = [3_572, TEXT_W - 3_572];
/// Signature table: "Nơi nhận" | signature block, about 45 % | 55 %.
pub const SIGNATURE_COLUMNS: [u32; 2] = [4_210, TEXT_W - 4_210];

/// Font sizes in half-points, one per element of domain.md §1.2.
pub mod size {
    /// Issuing body (tên cơ quan ban hành): 12–13, upright bold.
    pub const ISSUING_BODY: u16 = 24;
    /// National title (quốc hiệu): 12–13 bold caps; 12 so it fits the 102 mm column.
    pub const NATIONAL_TITLE: u16 = 24;
    /// Motto (tiêu ngữ): 13–14 bold.
    pub const MOTTO: u16 = 26;
    /// "Số: …/QĐ-UBND": 13 upright.
    pub const NUMBER: u16 = 26;
    /// Place and date: 13–14 italic.
    pub const PLACE_DATE: u16 = 26;
    /// Document type ("QUYẾT ĐỊNH"), summary, authority, "QUYẾT ĐỊNH:": 14 bold.
    pub const TITLE: u16 = 28;
    /// Body text, căn cứ, articles: 14.
    pub const BODY: u16 = 28;
    /// Signing capacity, position and signer's name: 14 bold.
    pub const SIGNATURE: u16 = 28;
    /// "Nơi nhận:": 12 bold italic.
    pub const RECIPIENTS_LABEL: u16 = 24;
    /// Recipient lines: 11 upright.
    pub const RECIPIENTS: u16 = 22;
    /// Page number: 13–14 upright.
    pub const PAGE_NUMBER: u16 = 26;
    /// Cells of the attached member list: 11 pt, so a 12-digit ID and a date fit their
    /// columns on one line.
    pub const TABLE: u16 = 22;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Quyết định thành lập.
    Decision,
    /// Danh sách thành viên kèm theo.
    MemberList,
    /// Quy chế hoạt động.
    Regulation,
    /// Phiếu khôi phục: the recovery code, printed at setup for the office safe.
    RecoverySheet,
    /// Biên bản xác nhận khóa: both units and both fingerprints, signed by both sides
    /// once a commune trusts its receiving unit's card.
    EnrolmentSheet,
    /// Phiếu thông tin cá nhân: what is held about one member, for the person who asks.
    PersonalRecord,
    /// Thẻ đơn vị tiếp nhận (bản in): the receiving unit's card fingerprint on paper,
    /// handed to its communes with the card file.
    CardSheet,
    /// Báo cáo sơ kết (dự thảo): the summary report's figures in the ND30 layout, the
    /// parts a person writes left as headed blanks.
    ReviewReport,
    /// Tờ trình đề nghị khen thưởng (dự thảo): the proposals waiting for a decision.
    ProposalsSheet,
}

/// A whole document: one or more sections, each on its own pages.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub kind: DocumentKind,
    /// Short title for the print view's window and file name suggestions.
    pub title: String,
    pub sections: Vec<Section>,
}

impl Document {
    /// The text of each paragraph set wholly in the fixed-width face (a code or a
    /// fingerprint printed to be read out), in order: what the sheets' tests compare.
    #[cfg(test)]
    pub fn mono_texts(&self) -> Vec<String> {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Para(p) if p.runs.iter().all(|r| r.mono) => Some(p.text()),
                _ => None,
            })
            .collect()
    }

    /// The file name a Save dialog suggests: the title without the characters Windows
    /// refuses in names, and the format's extension.
    pub fn file_name(&self, format: super::Format) -> String {
        let stem: String = self
            .title
            .chars()
            .map(|c| match c {
                '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '-',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect();
        let stem = stem.trim().trim_end_matches('.');
        let stem = if stem.is_empty() { "van-ban" } else { stem };
        format!("{stem}.{}", format.extension())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// A4 landscape (a wide attached list), else portrait.
    pub landscape: bool,
    /// Page numbers restart at 1 (an attachment is numbered on its own).
    pub restart_numbering: bool,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn portrait(blocks: Vec<Block>) -> Section {
        Section {
            landscape: false,
            restart_numbering: false,
            blocks,
        }
    }

    /// Width of the text between the margins, in twips.
    /// Its ruled tables, in order.
    pub fn grids(&self) -> impl Iterator<Item = &Grid> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Grid(g) => Some(g),
            _ => None,
        })
    }

    pub fn text_width(&self) -> u32 {
        if self.landscape {
            TEXT_W_LANDSCAPE
        } else {
            TEXT_W
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Para(Para),
    /// A solid horizontal line of this length, centred in its container.
    Rule {
        length: u32,
    },
    /// A borderless table with fixed column widths (the header, the signature block).
    Columns(Columns),
    /// A ruled table (the member list).
    Grid(Grid),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Center,
    Justify,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// In a fixed-width font (the recovery code: every character its own cell).
    pub mono: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Para {
    pub runs: Vec<Run>,
    pub align: Align,
    /// Half-points.
    pub size: u16,
    /// First-line indent in twips (0 for none).
    pub indent: u32,
    /// Space after, in points.
    pub space_after: u16,
    /// Space before, in points.
    pub space_before: u16,
    /// Keep with the next paragraph (titles, the last body line before the signature).
    pub keep_next: bool,
    /// Spaces are significant ("Số:      /QĐ-UBND").
    pub preserve_spaces: bool,
}

impl Para {
    fn new(text: impl Into<String>, size: u16, bold: bool, italic: bool, align: Align) -> Para {
        Para {
            runs: vec![Run {
                text: text.into(),
                bold,
                italic,
                mono: false,
            }],
            align,
            size,
            indent: 0,
            space_after: 0,
            space_before: 0,
            keep_next: false,
            preserve_spaces: false,
        }
    }

    /// A centred line of the given size and weight (header lines, titles).
    pub fn centered(text: impl Into<String>, size: u16, bold: bool, italic: bool) -> Para {
        Para::new(text, size, bold, italic, Align::Center)
    }

    /// A flush-left line (recipients).
    /// "Người lập phiếu (ký, ghi rõ họ tên)", centred: the foot of the program's own
    /// sheets (recovery sheet, personal-data statement).
    pub fn maker_signature() -> Para {
        Para::centered(
            "Người lập phiếu (ký, ghi rõ họ tên)",
            size::SIGNATURE,
            true,
            false,
        )
        .before(18)
    }

    pub fn left(text: impl Into<String>, size: u16, bold: bool, italic: bool) -> Para {
        Para::new(text, size, bold, italic, Align::Left)
    }

    /// Body text: 14 pt, justified, first line indented 1.27 cm, 6 pt after.
    pub fn body(text: impl Into<String>) -> Para {
        let mut p = Para::new(text, size::BODY, false, false, Align::Justify);
        p.indent = FIRST_LINE_INDENT;
        p.space_after = 6;
        p
    }

    /// Body paragraph starting with a bold lead ("Điều 1. " or a title) then plain text.
    pub fn lead(lead: impl Into<String>, rest: impl Into<String>) -> Para {
        let mut p = Para::body(rest);
        p.runs.insert(
            0,
            Run {
                text: lead.into(),
                bold: true,
                italic: false,
                mono: false,
            },
        );
        p.runs.retain(|r| !r.text.is_empty());
        p
    }

    /// All runs in a fixed-width font.
    pub fn mono(mut self) -> Para {
        self.runs.iter_mut().for_each(|r| r.mono = true);
        self
    }

    pub fn italic(mut self) -> Para {
        self.runs.iter_mut().for_each(|r| r.italic = true);
        self
    }

    pub fn after(mut self, points: u16) -> Para {
        self.space_after = points;
        self
    }

    pub fn before(mut self, points: u16) -> Para {
        self.space_before = points;
        self
    }

    pub fn keep_next(mut self) -> Para {
        self.keep_next = true;
        self
    }

    pub fn preserve(mut self) -> Para {
        self.preserve_spaces = true;
        self
    }

    /// The text of all runs.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A borderless table with fixed widths; each cell holds paragraphs and rules.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// Column widths in twips; they add up to the text width.
    pub widths: Vec<u32>,
    pub rows: Vec<Vec<Vec<Block>>>,
    /// Never split a row across pages (the signature block).
    pub keep_together: bool,
}

/// A ruled table with a header that repeats on every page.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    pub widths: Vec<u32>,
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
    /// Half-points.
    pub size: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum Merge {
    None,
    /// First cell of a vertical merge.
    Start,
    /// Covered by the cell above.
    Continue,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    pub text: String,
    pub bold: bool,
    pub align: Align,
    /// How many grid columns this cell spans.
    pub span: u16,
    pub merge: Merge,
}

impl Cell {
    pub fn text(text: impl Into<String>, align: Align) -> Cell {
        Cell {
            text: text.into(),
            bold: false,
            align,
            span: 1,
            merge: Merge::None,
        }
    }

    pub fn head(text: impl Into<String>) -> Cell {
        Cell {
            bold: true,
            ..Cell::text(text, Align::Center)
        }
    }

    pub fn span(mut self, span: u16) -> Cell {
        self.span = span;
        self
    }

    pub fn merge(mut self, merge: Merge) -> Cell {
        self.merge = merge;
        self
    }
}

/// Twips to millimetres, for the print view.
pub fn mm(twips: u32) -> f64 {
    f64::from(twips) * 25.4 / 1440.0
}

/// Millimetres to twips.
pub fn twips(mm: f64) -> u32 {
    (mm * 1440.0 / 25.4).round().max(0.0) as u32
}
