//! The operating regulation (Quy chế hoạt động) of a team, laid out in chapters and
//! articles (domain.md §2.1, variant Mẫu 1.3): the header, "QUY CHẾ", its subject, the
//! line naming the decision it is attached to, then "Chương I" … with "Điều 1." ….
//!
//! If the clerk wrote the regulation's text with lines starting "Chương …" and
//! "Điều …", that text is laid out as written. Otherwise a standard regulation is
//! written from the team's data: its duties (the regulation's duty records) and the
//! roles of its members.

use super::facts::Facts;
use super::model::{size, Block, Document, DocumentKind, Para, Section, TEXT_W};
use super::{parts, regulation_law};

/// One chapter: its number ("I"), title and articles (title, paragraphs).
struct Chapter {
    title: String,
    articles: Vec<(String, Vec<String>)>,
}

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

fn roman(i: usize) -> String {
    ROMAN
        .get(i)
        .map(|r| r.to_string())
        .unwrap_or_else(|| (i + 1).to_string())
}

/// The standard regulation, from the team's data.
fn standard(facts: &Facts, issuer: &str) -> Vec<Chapter> {
    let team = &facts.team_name;
    let commune = &facts.commune.in_text;
    let area = facts.area();
    let basis = if facts.statutory() {
        "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở và các văn bản hướng dẫn thi hành"
    } else {
        "quy định của pháp luật và hướng dẫn của Công an cấp trên"
    };
    let count = |role: &str| facts.members.iter().filter(|m| m.role == role).count();
    let mut duties: Vec<String> = facts
        .duties
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{}. {}", i + 1, d))
        .collect();
    let statutory = facts.statutory();
    if duties.is_empty() && !statutory {
        duties.push(format!(
            "Tham gia giữ gìn an ninh, trật tự, phòng ngừa tội phạm và vi phạm pháp luật trên địa bàn {area}; thực hiện nhiệm vụ theo {basis}."
        ));
    }
    let mut chapters = vec![
        Chapter {
            title: "QUY ĐỊNH CHUNG".into(),
            articles: vec![
                (
                    "Phạm vi điều chỉnh, đối tượng áp dụng".into(),
                    vec![format!(
                        "Quy chế này quy định về tổ chức, nhiệm vụ, chế độ sinh hoạt và quan hệ công tác của {team} (sau đây gọi là Tổ). Quy chế áp dụng đối với các thành viên của Tổ và các cơ quan, tổ chức, cá nhân có liên quan."
                    )],
                ),
                (
                    "Vị trí, chức năng".into(),
                    vec![format!(
                        "Tổ được thành lập theo quyết định của {issuer}; hoạt động trên địa bàn {area}; chịu sự quản lý của Ủy ban nhân dân {commune}, sự hướng dẫn, phân công, kiểm tra của Công an {commune}."
                    )],
                ),
                (
                    "Nguyên tắc hoạt động".into(),
                    vec![format!(
                        "Tổ hoạt động theo {basis}; tuân thủ Hiến pháp và pháp luật; dựa vào nhân dân, phát huy sức mạnh của nhân dân; bảo đảm công khai, dân chủ, đoàn kết."
                    )],
                ),
            ],
        },
        Chapter {
            title: "TỔ CHỨC VÀ NHIỆM VỤ".into(),
            articles: vec![
                (
                    "Tổ chức của Tổ".into(),
                    vec![format!(
                        "Tổ gồm Tổ trưởng, Tổ phó và các Tổ viên; hiện có {:02} Tổ trưởng, {:02} Tổ phó, {:02} Tổ viên. Việc kiện toàn, bổ sung thành viên do {issuer} quyết định theo đề nghị của Trưởng Công an {commune}.",
                        count("to_truong"),
                        count("to_pho"),
                        count("to_vien")
                    )],
                ),
                ("Nhiệm vụ của Tổ".into(), duties),
                (
                    "Nhiệm vụ của Tổ trưởng, Tổ phó, Tổ viên".into(),
                    vec![
                        format!("1. Tổ trưởng chịu trách nhiệm trước Công an {commune} về hoạt động của Tổ; phân công nhiệm vụ cho các thành viên; chủ trì sinh hoạt định kỳ; báo cáo kết quả hoạt động."),
                        "2. Tổ phó giúp Tổ trưởng điều hành hoạt động của Tổ; thay Tổ trưởng khi Tổ trưởng vắng mặt.".into(),
                        "3. Tổ viên thực hiện nhiệm vụ theo phân công của Tổ trưởng; tham gia đầy đủ các buổi sinh hoạt, tuần tra, tập huấn.".into(),
                    ],
                ),
            ],
        },
        Chapter {
            title: "CHẾ ĐỘ HOẠT ĐỘNG VÀ QUAN HỆ CÔNG TÁC".into(),
            articles: vec![
                (
                    "Chế độ sinh hoạt, báo cáo".into(),
                    vec![format!(
                        "Tổ sinh hoạt định kỳ mỗi tháng một lần; báo cáo kết quả hoạt động với Công an {commune}{}; khi có vụ việc phải báo cáo ngay.",
                        // "Tổ trưởng tổ dân phố …", "Trưởng thôn …" (issue 13, item 5).
                        match super::templates::village_heads(facts) {
                            heads if heads.is_empty() => String::new(),
                            heads => format!(" và {heads}"),
                        }
                    )],
                ),
                relations(facts, &area),
            ],
        },
        Chapter {
            title: "KHEN THƯỞNG, KỶ LUẬT VÀ ĐIỀU KHOẢN THI HÀNH".into(),
            articles: vec![
                (
                    "Khen thưởng, kỷ luật".into(),
                    vec!["Thành viên có thành tích được khen thưởng; thành viên vi phạm Quy chế, tùy mức độ, bị nhắc nhở, phê bình hoặc đề nghị cho thôi tham gia Tổ theo quy định.".into()],
                ),
                (
                    "Tổ chức thực hiện".into(),
                    vec![format!(
                        "Công an {commune} hướng dẫn, kiểm tra việc thực hiện Quy chế này. Trong quá trình thực hiện, nếu có vướng mắc, Tổ báo cáo Công an {commune} để đề nghị {issuer} sửa đổi, bổ sung cho phù hợp./."
                    )],
                ),
            ],
        },
    ];
    if statutory {
        with_the_law(&mut chapters, facts);
    }
    chapters
}

/// The article on working relations: whom the team works with and, when it is linked
/// with programmes running on the regulation's date, each programme with the duties it
/// asks of the team, and that they go into one plan (the scheme's notice asks the
/// commune to integrate its teams with the programmes on its territory without overlap).
fn relations(facts: &Facts, area: &str) -> (String, Vec<String>) {
    let with_others = format!(
        "Tổ phối hợp chặt chẽ với Ban công tác Mặt trận, các đoàn thể ở {area} và các lực lượng khác trên địa bàn trong công tác bảo đảm an ninh, trật tự."
    );
    if facts.programmes.is_empty() {
        return ("Quan hệ công tác".into(), vec![with_others]);
    }
    let mut paras = vec![
        format!("1. {with_others}"),
        format!(
            "2. Tổ tham gia, lồng ghép hoạt động với các chương trình, phong trào đang triển khai trên địa bàn {}:",
            facts.commune.in_text
        ),
    ];
    for (i, p) in facts.programmes.iter().enumerate() {
        // a), b), … as a clause lists its points; past z) the number (never reached).
        let point = u8::try_from(i)
            .ok()
            .filter(|i| *i < 26)
            .map(|i| char::from(b'a' + i).to_string())
            .unwrap_or_else(|| (i + 1).to_string());
        // The kind is said only when neither the name nor the lead already says it
        // ("Mô hình … của Đoàn Thanh niên phường …" led by "Đoàn Thanh niên phường …").
        let said = |kind: &str| {
            let kind = crate::text::fold(kind);
            [Some(&p.name), p.lead.as_ref()]
                .into_iter()
                .flatten()
                .any(|t| crate::text::fold(t).contains(&kind))
        };
        let kind = p.kind.as_ref().filter(|k| !said(k));
        let about = match (kind, &p.lead) {
            (Some(kind), Some(lead)) => format!(" ({kind}; {lead} chủ trì)"),
            (Some(kind), None) => format!(" ({kind})"),
            (None, Some(lead)) => format!(" ({lead} chủ trì)"),
            (None, None) => String::new(),
        };
        let mut asks: Vec<String> = Vec::new();
        if !p.duties.is_empty() {
            let duties: Vec<String> = p.duties.iter().map(|d| lower_first(d)).collect();
            asks.push(format!("Tổ đảm nhận nhiệm vụ {}", duties.join(", ")));
        }
        // What the links say of the integration, each its own sentence as written.
        asks.extend(
            p.descriptions
                .iter()
                .map(|d| d.trim_end_matches('.').to_string()),
        );
        let asks = if asks.is_empty() {
            String::new()
        } else {
            format!(": {}", asks.join(". "))
        };
        paras.push(format!("{point}) {}{about}{asks}.", p.name));
    }
    paras.push(format!(
        "3. Tổ đưa các nhiệm vụ trên vào kế hoạch hoạt động chung của Tổ; nhiệm vụ do nhiều chương trình, phong trào cùng giao thì thực hiện một lần, không tổ chức trùng lặp. Tổ trưởng báo cáo kết quả thực hiện với Công an {} và cơ quan, tổ chức chủ trì khi được yêu cầu.",
        facts.commune.in_text
    ));
    (
        "Quan hệ công tác, lồng ghép với các chương trình, phong trào".into(),
        paras,
    )
}

/// "Tuyên truyền" → "tuyên truyền", for a label inside a sentence ("PCCC" stays).
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(std::iter::once(second))
            .chain(chars)
            .collect(),
        _ => label.to_string(),
    }
}

/// A statutory team's regulation takes what the 2023 Law and its acts say of the
/// force ([`regulation_law`]): the Law's tasks beside the team's own, the member
/// standards, a chapter on benefits, uniforms and tools, and funding, and the acts a
/// member must not commit.
fn with_the_law(chapters: &mut Vec<Chapter>, facts: &Facts) {
    let commune = &facts.commune.in_text;
    let organisation = &mut chapters[1];
    organisation.title = "TỔ CHỨC, TIÊU CHUẨN VÀ NHIỆM VỤ".into();
    organisation
        .articles
        .insert(1, regulation_law::member_standards(commune));
    // The Law's tasks, then the team's own duties when the regulation lists them.
    if let Some(at) = organisation
        .articles
        .iter()
        .position(|(title, _)| title == "Nhiệm vụ của Tổ")
    {
        if organisation.articles[at].1.is_empty() {
            organisation.articles.remove(at);
        } else {
            organisation.articles[at].0 = "Nhiệm vụ cụ thể của Tổ".into();
        }
        organisation.articles.insert(at, regulation_law::tasks());
    }
    chapters.insert(
        2,
        Chapter {
            title: "CHẾ ĐỘ, CHÍNH SÁCH VÀ BẢO ĐẢM HOẠT ĐỘNG".into(),
            articles: regulation_law::support(
                commune,
                facts.province.as_ref().map(|p| p.in_text.as_str()),
            ),
        },
    );
    if let Some(last) = chapters.last_mut() {
        last.articles.insert(0, regulation_law::prohibited());
    }
}

/// The clerk's own text, if it is written in chapters and articles.
fn written(content: &str) -> Option<Vec<Chapter>> {
    let lines: Vec<&str> = content
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !lines.iter().any(|l| l.starts_with("Chương ")) {
        return None;
    }
    let mut chapters: Vec<Chapter> = Vec::new();
    for line in lines {
        if let Some(rest) = line.strip_prefix("Chương ") {
            // "Chương I. QUY ĐỊNH CHUNG" or "Chương I" (title on the next line).
            let title = rest
                .split_once(['.', ':'])
                .map(|(_, t)| t.trim().to_uppercase())
                .unwrap_or_default();
            chapters.push(Chapter {
                title,
                articles: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("Điều ") {
            let title = rest
                .split_once('.')
                .map(|(_, t)| t.trim().to_string())
                .unwrap_or_default();
            if let Some(ch) = chapters.last_mut() {
                ch.articles.push((title, Vec::new()));
            }
        } else if let Some(ch) = chapters.last_mut() {
            match ch.articles.last_mut() {
                Some((_, paras)) => paras.push(line.to_string()),
                None if ch.title.is_empty() => ch.title = line.to_uppercase(),
                None => ch.articles.push((String::new(), vec![line.to_string()])),
            }
        }
    }
    Some(chapters)
}

pub fn build(facts: &Facts, symbol: &str, on: chrono::NaiveDate) -> Document {
    // The decision issuing the regulation (never the founding decision, which does not
    // attach it); blank until it is recorded.
    // A team may have that decision without a regulation record (the standard text).
    let decision = facts
        .regulation
        .as_ref()
        .and_then(|r| r.decision.as_ref())
        .or(facts
            .decision
            .as_ref()
            .filter(|d| d.decision_type == "ban_hanh_quy_che"));
    // No authority recorded: `signing` falls back to the Chairman's lines itself.
    let authority = decision.and_then(|d| d.authority.as_deref());
    let signing =
        super::signature::signing(authority, &facts.commune.upper(), &facts.commune.in_text);
    let date = decision.and_then(|d| d.date);
    let reference = parts::reference_line(
        decision.and_then(|d| d.number),
        decision.and_then(|d| d.symbol.as_deref()).unwrap_or(symbol),
        date,
        parts::year_of(date, on),
        &signing.issuer,
    );
    let subject = format!("Hoạt động của {}", facts.team_name);
    let mut blocks = vec![
        parts::header(&parts::issuing_body(&facts.commune.upper()), None),
        Block::Para(Para::centered("QUY CHẾ", size::TITLE, true, false).before(18)),
        parts::title(subject.as_str()),
        Block::Para(Para::centered(reference, size::BODY, false, true).preserve()),
        parts::title_rule(&subject, TEXT_W),
    ];
    let chapters = facts
        .regulation
        .as_ref()
        .and_then(|r| r.content.as_deref())
        .and_then(written)
        .unwrap_or_else(|| standard(facts, &signing.issuer));
    let mut article = 0;
    for (i, ch) in chapters.iter().enumerate() {
        blocks.push(Block::Para(
            Para::centered(format!("Chương {}", roman(i)), size::TITLE, true, false)
                .before(12)
                .keep_next(),
        ));
        blocks.push(Block::Para(
            Para::centered(ch.title.as_str(), size::TITLE, true, false)
                .after(6)
                .keep_next(),
        ));
        for (title, paras) in &ch.articles {
            article += 1;
            let head = format!("Điều {article}. {title}");
            blocks.push(Block::Para(Para::lead(head.trim_end(), "").keep_next()));
            blocks.extend(paras.iter().map(|p| Block::Para(Para::body(p.as_str()))));
        }
    }
    Document {
        kind: DocumentKind::Regulation,
        title: format!("Quy chế hoạt động của {}", facts.team_name),
        sections: vec![Section::portrait(blocks)],
    }
}
