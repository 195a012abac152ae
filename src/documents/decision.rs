//! The founding decision (Quyết định thành lập), Mẫu 1.2 of Nghị định 30/2020/NĐ-CP
//! (domain.md §2.1): header, title, summary, authority, legal bases, "QUYẾT ĐỊNH:",
//! Điều 1 (the members, or a list attached), Điều 2 (duties and regulation), Điều 3
//! (effect and who carries it out) ending "./.", then "Nơi nhận" and the signature.

use chrono::NaiveDate;

use super::facts::{Facts, Member};
use super::model::{size, Block, Document, DocumentKind, Para, Section, TEXT_W};
use super::templates::{self, Slot, Template};
use super::{member_list, parts, signature};
use crate::kinds;

/// What the decision needs besides the facts.
pub struct Options<'a> {
    pub templates: &'a [Template],
    /// The day a draft is dated for choosing the templates (a signed decision uses its own
    /// date).
    pub on: NaiveDate,
    /// Up to this many members are named in Điều 1; more go to an attached list.
    pub inline_members: usize,
}

/// The symbol: the one recorded with the decision, else the template in force.
pub fn symbol(facts: &Facts, templates: &[Template], on: NaiveDate) -> String {
    facts
        .decision
        .as_ref()
        .and_then(|d| d.symbol.clone())
        .or_else(|| {
            templates::lines(templates, Slot::Symbol, facts, on)
                .into_iter()
                .next()
        })
        .unwrap_or_else(|| "QĐ-UBND".to_string())
}

/// Whether the founding decision attaches its member list: more members than Điều 1
/// names inline.
pub fn attaches_list(facts: &Facts, inline_members: usize) -> bool {
    facts.members.len() > inline_members
}

/// The day the 2023 Law was passed: before it a statutory team's Điều 2 cannot name it.
pub(crate) fn law_2023() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 11, 28).unwrap_or_default()
}

/// "Ông Nguyễn Văn A, sinh năm 1975, thôn Đông Hòa – Tổ trưởng".
fn member_line(m: &Member) -> String {
    let mut s = format!("{} {}", if m.female { "Bà" } else { "Ông" }, m.full_name);
    if let Some(b) = m.birth {
        s.push_str(&format!(", sinh năm {}", b.year()));
    }
    if let Some(r) = &m.residence {
        s.push_str(&format!(", {r}"));
    }
    s.push_str(" – ");
    s.push_str(&kinds::choice_label(kinds::ROLES, &m.role));
    s
}

/// Numbered paragraphs "1. …;" with the last ending ".".
fn numbered(items: &[String]) -> Vec<Block> {
    let count = items.len();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let item = item.trim_end_matches(['.', ';', ' ']);
            let end = if i + 1 == count { "." } else { ";" };
            Block::Para(Para::body(format!("{}. {item}{end}", i + 1)))
        })
        .collect()
}

/// What every decision of a team shares: its date, number, symbol and who signs.
pub(crate) struct Frame {
    pub date: Option<NaiveDate>,
    /// The day its templates and words are chosen for: its date, else the draft's day.
    pub on: NaiveDate,
    pub year: i32,
    pub symbol: String,
    pub number: Option<i64>,
    pub signing: signature::Signing,
}

pub(crate) fn frame(facts: &Facts, opts: &Options<'_>) -> Frame {
    let decision = facts.decision.as_ref();
    let date = decision.and_then(|d| d.date);
    let on = date.unwrap_or(opts.on);
    Frame {
        date,
        on,
        year: parts::year_of(date, opts.on),
        symbol: symbol(facts, opts.templates, on),
        number: decision.and_then(|d| d.number),
        signing: signature::signing(
            decision.and_then(|d| d.authority.as_deref()),
            &facts.commune.upper(),
            &facts.commune.in_text,
        ),
    }
}

/// From the header to "QUYẾT ĐỊNH:": the national and issuing header, number and date,
/// title, summary (the recorded one, else `default_summary`), authority, legal bases and
/// the proposer.
pub(crate) fn opening(
    facts: &Facts,
    opts: &Options<'_>,
    f: &Frame,
    default_summary: String,
) -> Vec<Block> {
    let decision = facts.decision.as_ref();
    let commune = &facts.commune.in_text;
    let mut blocks = vec![parts::header(
        &parts::issuing_body(&facts.commune.upper()),
        Some((
            parts::number_line(f.number, &f.symbol),
            parts::place_date(&facts.commune.place_name, f.date, f.year),
        )),
    )];

    // Title, summary and its rule, authority.
    let summary = decision
        .and_then(|d| d.summary.clone())
        .unwrap_or(default_summary);
    blocks.push(Block::Para(
        Para::centered("QUYẾT ĐỊNH", size::TITLE, true, false)
            .before(18)
            .keep_next(),
    ));
    blocks.push(parts::title(summary.as_str()));
    blocks.push(parts::title_rule(&summary, TEXT_W));
    blocks.push(Block::Para(
        Para::centered(f.signing.authority_line.as_str(), size::TITLE, true, false)
            .before(12)
            .after(12),
    ));

    // Legal bases: one per line, italic, ";" after each, "." after the last.
    let proposer = decision
        .and_then(|d| d.proposer.clone())
        .unwrap_or_else(|| format!("Công an {commune}"));
    let proposer = if proposer.starts_with("Trưởng") {
        proposer
    } else {
        format!("Trưởng {proposer}")
    };
    for basis in templates::lines(opts.templates, Slot::Basis, facts, f.on) {
        let basis = basis.trim_end_matches(['.', ';', ' ']);
        blocks.push(Block::Para(Para::body(format!("{basis};")).italic()));
    }
    let proposer = proposer.trim_end_matches(['.', ';', ' ']);
    blocks.push(Block::Para(
        Para::body(format!("Theo đề nghị của {proposer}.")).italic(),
    ));

    blocks.push(Block::Para(
        Para::centered("QUYẾT ĐỊNH:", size::TITLE, true, false)
            .before(6)
            .after(6)
            .keep_next(),
    ));
    blocks
}

/// The last article (effect, and who carries the decision out: the executors in force,
/// and `named` when the decision names people), "Nơi nhận" and the signature.
pub(crate) fn closing(
    facts: &Facts,
    opts: &Options<'_>,
    f: &Frame,
    article: usize,
    named: Option<&str>,
) -> Vec<Block> {
    let executors = templates::lines(opts.templates, Slot::Executors, facts, f.on).join(", ");
    let whom = match (executors.is_empty(), named) {
        (false, Some(named)) => format!("{executors} và {named}"),
        (false, None) => executors,
        (true, Some(named)) => capitalised(named),
        (true, None) => "Các cơ quan, cá nhân có liên quan".to_string(),
    };
    // "Như Điều 3" names the article that says who carries the decision out: the last
    // one, which is Điều 2 in a decision of two articles.
    let recipients: Vec<String> = templates::lines(opts.templates, Slot::Recipient, facts, f.on)
        .into_iter()
        .map(|line| match line.strip_prefix("Như Điều 3") {
            Some(rest) if article != 3 => format!("Như Điều {article}{rest}"),
            _ => line,
        })
        .collect();
    vec![
        Block::Para(
            Para::lead(
                format!("Điều {article}. "),
                format!(
                    "Quyết định này có hiệu lực kể từ ngày ký. {whom} chịu trách nhiệm thi hành Quyết định này./."
                ),
            )
            .keep_next(),
        ),
        parts::signature(
            &recipients,
            &f.signing.block,
            facts.decision.as_ref().and_then(|d| d.signer.as_deref()),
        ),
    ]
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Điều 1's members: the numbered lines "Ông … – Tổ trưởng;" when they are named inline.
pub(crate) fn member_lines(facts: &Facts) -> Vec<Block> {
    let lines: Vec<String> = facts.members.iter().map(member_line).collect();
    numbered(&lines)
}

/// The member list attached to a decision, "Kèm theo Quyết định số …".
pub(crate) fn attached_list(facts: &Facts, f: &Frame) -> Section {
    let reference = parts::reference_line(f.number, &f.symbol, f.date, f.year, &f.signing.issuer);
    member_list::section(facts, Some(&reference))
}

pub fn build(facts: &Facts, opts: &Options<'_>) -> Document {
    let f = frame(facts, opts);
    let team = &facts.team_name;
    let commune = &facts.commune.in_text;
    let mut blocks = opening(facts, opts, &f, format!("Về việc thành lập {team}"));

    // Điều 1: the members.
    let members = &facts.members;
    let attached = attaches_list(facts, opts.inline_members);
    let article1 = if members.is_empty() {
        format!("Thành lập {team}.")
    } else if attached {
        format!(
            "Thành lập {team} gồm {:02} thành viên (có danh sách kèm theo).",
            members.len()
        )
    } else {
        format!("Thành lập {team}, gồm các ông (bà) có tên sau:")
    };
    blocks.push(Block::Para(Para::lead("Điều 1. ", article1)));
    if !members.is_empty() && !attached {
        blocks.extend(member_lines(facts));
    }

    // Điều 2: duties, regulation, management.
    if facts.duties.is_empty() {
        // The Law is named here only once it exists; it is then among the bases too
        // (builtin_templates: cited from its date for the statutory model).
        let duty = if facts.statutory() && f.on >= law_2023() {
            format!("{team} thực hiện nhiệm vụ, quyền hạn theo quy định của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở và các văn bản hướng dẫn thi hành.")
        } else {
            format!(
                "{team} có nhiệm vụ tham gia giữ gìn an ninh, trật tự, phòng ngừa tội phạm và vi phạm pháp luật trên địa bàn {}.",
                facts.area()
            )
        };
        blocks.push(Block::Para(Para::lead("Điều 2. ", duty)));
    } else {
        blocks.push(Block::Para(Para::lead(
            "Điều 2. ",
            format!("{team} có nhiệm vụ:"),
        )));
        blocks.extend(numbered(&facts.duties));
    }
    blocks.push(Block::Para(Para::body(format!(
        "Tổ hoạt động theo Quy chế hoạt động do {} ban hành; chịu sự quản lý của Ủy ban nhân dân {commune}, sự hướng dẫn, phân công, kiểm tra của Công an {commune}.",
        f.signing.issuer
    ))));

    // Điều 3: effect and who carries it out.
    let named = (!members.is_empty()).then_some("các ông (bà) có tên tại Điều 1");
    blocks.extend(closing(facts, opts, &f, 3, named));

    let mut sections = vec![Section::portrait(blocks)];
    if attached {
        sections.push(attached_list(facts, &f));
    }
    Document {
        kind: DocumentKind::Decision,
        title: format!("Quyết định thành lập {team}"),
        sections,
    }
}
