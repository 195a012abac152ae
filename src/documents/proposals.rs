//! The draft "Tờ trình đề nghị khen thưởng": the proposals to commend made in a period
//! and not yet granted, in the ND30 layout, listed in a table (who is proposed, of which
//! team and commune, for what, which form, at which level). A commune proposes its own
//! teams and members to the police; the receiving unit forwards those of its communes,
//! and its own, to the level that grants. Saved as `.docx` to finish and sign in Word.

use chrono::NaiveDate;

use super::model::{size, Align, Block, Cell, Document, DocumentKind, Grid, Para, Section};
use super::parts;
use crate::error::Result;
use crate::installation::Role;
use crate::kinds::{choice_label, COMMENDATION_FORMS};
use crate::report::{titled_unit, Period};
use crate::Store;

/// One proposal as the table lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRow {
    pub team: String,
    pub commune: String,
    /// The member's name, or `None` for the team as a whole.
    pub member: Option<String>,
    pub date: NaiveDate,
    pub form: String,
    pub authority: String,
    pub achievement: String,
}

impl Store {
    /// The proposals made in `period` that no commendation has granted yet, oldest
    /// first, with the names of their teams, communes and members.
    pub fn pending_proposals(&self, period: &Period) -> Result<Vec<ProposalRow>> {
        let names: std::collections::HashMap<String, String> =
            self.owner_names()?.into_iter().collect();
        let mut stmt = self.conn().prepare(
            "SELECT t.name, t.owner, m.full_name, p.proposal_date, p.form, p.authority,
                    p.achievement
               FROM commendation_proposals p
               JOIN teams t ON t.id = p.team_id AND t.deleted = 0
               LEFT JOIN members m ON m.id = p.member_id AND m.deleted = 0
              WHERE p.deleted = 0 AND p.proposal_date BETWEEN ?1 AND ?2
                AND NOT EXISTS (SELECT 1 FROM commendations c
                                 WHERE c.proposal_id = p.id AND c.deleted = 0)
              ORDER BY p.proposal_date, t.sort_key, p.id",
        )?;
        let rows = stmt.query_map(
            [crate::dates::iso(period.from), crate::dates::iso(period.to)],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (team, owner, member, date, form, authority, achievement) = row?;
            let Some(date) = crate::dates::parse_iso(&date) else {
                continue;
            };
            out.push(ProposalRow {
                team,
                commune: names.get(&owner).cloned().unwrap_or(owner),
                member,
                date,
                form: choice_label(COMMENDATION_FORMS, &form),
                authority,
                achievement,
            });
        }
        Ok(out)
    }

    /// The draft tờ trình of the proposals pending from `period`, dated as a draft in
    /// the year of `today`.
    pub fn proposals_document(&self, period: &Period, today: NaiveDate) -> Result<Document> {
        let inst = self.installation()?;
        let rows = self.pending_proposals(period)?;
        let commune = inst.role == Role::Commune;
        let unit = titled_unit(self, &inst, today)?;
        let year = parts::year_of(None, today);
        let (issuing_body, symbol) = if commune {
            (
                parts::issuing_body(&inst.unit_name.to_uppercase()),
                "TTr-UBND",
            )
        } else {
            (
                vec!["BỘ CÔNG AN".to_string(), unit.to_uppercase()],
                "TTr-CAT",
            )
        };
        let summary = "Về việc đề nghị khen thưởng tập thể, cá nhân có thành tích trong phong trào toàn dân bảo vệ an ninh Tổ quốc";
        let text_w = super::model::TEXT_W;
        let mut blocks = vec![
            parts::header(
                &issuing_body,
                Some((
                    parts::number_line(None, symbol),
                    parts::place_date(place_of(&unit), None, year),
                )),
            ),
            Block::Para(Para::centered("TỜ TRÌNH", size::TITLE, true, false).before(18)),
            Block::Para(Para::centered(summary, size::TITLE, true, false)),
            parts::title_rule(summary, text_w),
            Block::Para(
                Para::centered("Kính gửi: [cấp có thẩm quyền khen thưởng]", size::BODY, false, false)
                    .before(6)
                    .after(12),
            ),
            Block::Para(Para::body(format!(
                "Căn cứ kết quả xây dựng, hoạt động của Tổ bảo vệ an ninh, trật tự {}, {unit} đề nghị khen thưởng {} tập thể, cá nhân có thành tích sau:",
                period.name(),
                rows.len()
            ))),
        ];
        if rows.is_empty() {
            blocks.push(Block::Para(Para::body(format!(
                "(Không có đề nghị khen thưởng nào đang chờ quyết định trong kỳ {}.)",
                period.name()
            ))));
        } else {
            blocks.push(grid(&rows, commune, text_w));
        }
        blocks.push(Block::Para(
            Para::body(format!(
                "{unit} kính đề nghị [cấp có thẩm quyền] xem xét, quyết định khen thưởng./."
            ))
            .before(6),
        ));
        let signature: Vec<&str> = if commune {
            vec!["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        } else {
            vec!["GIÁM ĐỐC"]
        };
        blocks.push(parts::signature(
            &["Như trên".to_string(), "Lưu: VT".to_string()],
            &signature,
            None,
        ));
        Ok(Document {
            kind: DocumentKind::ProposalsSheet,
            title: format!("Tờ trình đề nghị khen thưởng {} — {unit}", period.name()),
            sections: vec![Section::portrait(blocks)],
        })
    }
}

fn place_of(unit: &str) -> &str {
    super::review_report::place_of(unit)
}

/// STT | who (team, commune) | achievement | form and level.
fn grid(rows: &[ProposalRow], commune: bool, text_w: u32) -> Block {
    let stt = 700;
    let who = 3_300;
    let form = 2_600;
    let achievement = text_w - stt - who - form;
    Block::Grid(Grid {
        widths: vec![stt, who, achievement, form],
        header: vec![vec![
            Cell::head("STT"),
            Cell::head("Tập thể, cá nhân được đề nghị"),
            Cell::head("Thành tích"),
            Cell::head("Hình thức, cấp khen"),
        ]],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let whose = if commune {
                    r.team.clone()
                } else {
                    format!("{}, {}", r.team, r.commune)
                };
                let who = match &r.member {
                    Some(name) => format!("Ông (bà) {name}, thành viên {whose}"),
                    None => whose,
                };
                vec![
                    Cell::text((i + 1).to_string(), Align::Center),
                    Cell::text(who, Align::Left),
                    Cell::text(r.achievement.clone(), Align::Left),
                    Cell::text(format!("{} của {}", r.form, r.authority), Align::Left),
                ]
            })
            .collect(),
        size: size::TABLE,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::programmes::tests::commune_with_team;
    use crate::report::Period;
    use crate::sync::tests::fields;
    use crate::Store;

    #[test]
    fn the_tờ_trình_lists_what_waits_and_leaves_out_what_was_granted() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let (mut s, team) = commune_with_team();
        let propose = |s: &mut Store, day: &str, what: &str| {
            s.create(
                "commendation_proposal",
                &fields(json!({"team_id": team, "proposal_date": day, "proposed_by": "UBND phường Phúc Xá",
                               "form": "giay_khen", "authority": "Giám đốc Công an thành phố Hà Nội",
                               "achievement": what})),
            )
            .unwrap()
            .id
        };
        propose(&mut s, "02/11/2026", "Bắt quả tang 2 vụ trộm");
        let granted = propose(&mut s, "05/10/2026", "Hòa giải thành 5 vụ");
        propose(&mut s, "05/06/2026", "Ngoài kỳ");
        s.create(
            "commendation",
            &fields(json!({"team_id": team, "form": "giay_khen", "authority": "Giám đốc Công an thành phố Hà Nội",
                           "decision_date": "20/11/2026", "proposal_id": granted})),
        )
        .unwrap();
        let q4 = Period::quarter(2026, 4).unwrap();
        let rows = s.pending_proposals(&q4).unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].achievement, "Bắt quả tang 2 vụ trộm");
        assert_eq!(rows[0].form, "Giấy khen");
        let doc = s.proposals_document(&q4, today).unwrap();
        let grid = doc.sections[0].grids().next().unwrap();
        assert_eq!(grid.rows.len(), 1);
        assert_eq!(grid.rows[0][1].text, "Tổ Đông");
        let bytes = crate::documents::render(&doc, crate::documents::Format::Docx).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
