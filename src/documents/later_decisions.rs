//! The team's decisions besides the founding one that the program prints (issue 13, item
//! 6), in the same Mẫu 1.2/1.3 frame as the founding decision ([`super::decision`]):
//!
//! - **ban hành Quy chế** (Mẫu 1.3, the indirect form, domain.md §2.1 "Variants"): Điều 1
//!   issues the regulation attached to it; the regulation follows as its attachment,
//!   "(Kèm theo Quyết định số …)".
//! - **công nhận thành viên**: under the 2023 Law the founding of a team and the
//!   recognition of its members are separate acts (domain.md §2.1; TT 14/2024); Điều 1
//!   names the members of the decision's date, or attaches their list.
//! - **kiện toàn, bổ sung thành viên**: a later change of members is a new decision, never
//!   an edit of a signed one; it names the team's members as of its date.

use super::decision::{self, Options};
use super::facts::{Facts, Regulation};
use super::model::{Block, Document, DocumentKind, Para, Section};
use super::regulation;

/// Quyết định ban hành Quy chế hoạt động, with the regulation attached.
pub fn regulation_issuing(facts: &Facts, opts: &Options<'_>) -> Document {
    let f = decision::frame(facts, opts);
    let team = &facts.team_name;
    let mut blocks = decision::opening(
        facts,
        opts,
        &f,
        format!("Về việc ban hành Quy chế hoạt động của {team}"),
    );
    blocks.push(Block::Para(Para::lead(
        "Điều 1. ",
        format!("Ban hành kèm theo Quyết định này Quy chế hoạt động của {team}."),
    )));
    blocks.extend(decision::closing(
        facts,
        opts,
        &f,
        2,
        Some(&format!("các thành viên {team}")),
    ));

    // The regulation attached is this decision's: its reference line names this number
    // and date, whichever decision the regulation's record points at.
    let mut attached = facts.clone();
    attached.regulation = Some(match &facts.regulation {
        Some(r) => Regulation {
            decision: facts.decision.clone(),
            ..r.clone()
        },
        None => Regulation {
            title: String::new(),
            content: None,
            decision: facts.decision.clone(),
        },
    });
    let regulation = regulation::build(&attached, &f.symbol, f.on);
    let mut sections = vec![Section::portrait(blocks)];
    sections.extend(regulation.sections);
    Document {
        kind: DocumentKind::Decision,
        title: format!("Quyết định ban hành Quy chế hoạt động của {team}"),
        sections,
    }
}

/// Which act on the members a decision is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembersAct {
    /// Công nhận thành viên.
    Recognition,
    /// Kiện toàn, bổ sung thành viên.
    Reorganisation,
}

/// Quyết định công nhận thành viên, or kiện toàn: the members of its date.
pub fn members_act(facts: &Facts, opts: &Options<'_>, act: MembersAct) -> Document {
    let f = decision::frame(facts, opts);
    let team = &facts.team_name;
    let (summary, title) = match act {
        MembersAct::Recognition => (
            format!("Về việc công nhận thành viên {team}"),
            format!("Quyết định công nhận thành viên {team}"),
        ),
        MembersAct::Reorganisation => (
            format!("Về việc kiện toàn {team}"),
            format!("Quyết định kiện toàn {team}"),
        ),
    };
    let mut blocks = decision::opening(facts, opts, &f, summary);

    let members = &facts.members;
    let attached = decision::attaches_list(facts, opts.inline_members);
    let count = members.len();
    let article1 = match (act, attached) {
        (MembersAct::Recognition, false) => {
            format!("Công nhận các ông (bà) có tên sau là thành viên {team}:")
        }
        (MembersAct::Recognition, true) => {
            format!("Công nhận {count:02} ông (bà) là thành viên {team} (có danh sách kèm theo).")
        }
        (MembersAct::Reorganisation, false) => {
            format!("Kiện toàn {team}, gồm các ông (bà) có tên sau:")
        }
        (MembersAct::Reorganisation, true) => {
            format!("Kiện toàn {team} gồm {count:02} thành viên (có danh sách kèm theo).")
        }
    };
    blocks.push(Block::Para(Para::lead("Điều 1. ", article1)));
    if !attached {
        blocks.extend(decision::member_lines(facts));
    }

    // Điều 2: what the people named do, and under which rules. The 2023 Law (and its
    // decree on allowances, ND 40/2024) only once it exists and for a statutory team.
    let duty = if facts.statutory() && f.on >= decision::law_2023() {
        "Các ông (bà) có tên tại Điều 1 thực hiện nhiệm vụ, quyền hạn và được hưởng chế độ, chính sách theo quy định của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở và các văn bản hướng dẫn thi hành; hoạt động theo Quy chế hoạt động của Tổ.".to_string()
    } else {
        format!(
            "Các ông (bà) có tên tại Điều 1 thực hiện nhiệm vụ theo Quy chế hoạt động của {team}; chịu sự quản lý của Ủy ban nhân dân {commune}, sự hướng dẫn, phân công, kiểm tra của Công an {commune}.",
            commune = facts.commune.in_text
        )
    };
    blocks.push(Block::Para(Para::lead("Điều 2. ", duty)));
    blocks.extend(decision::closing(
        facts,
        opts,
        &f,
        3,
        Some("các ông (bà) có tên tại Điều 1"),
    ));

    let mut sections = vec![Section::portrait(blocks)];
    if attached {
        sections.push(decision::attached_list(facts, &f));
    }
    Document {
        kind: DocumentKind::Decision,
        title,
        sections,
    }
}
