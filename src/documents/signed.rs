//! Decisions as signed (issue 13, item 1). A decision recorded as signed, with its number
//! and date, keeps the document it was printed from ([`super::frozen`]): from then on it
//! prints from that, not from today's data, so a member who joins or leaves later, a
//! corrected birth date or a changed template never alter a signed paper. Until then a
//! decision is a draft, built from the data as of its date.
//!
//! The document is saved by [`Store::freeze_decision`]: by itself right after a write
//! that leaves a decision signed (see [`Store::create`] and [`Store::update`]), and on
//! request for a decision signed before this version (the clerk checks the page against
//! the paper first).

use chrono::NaiveDate;

use super::later_decisions::{self, MembersAct};
use super::model::Document;
use super::{decision, frozen};
use crate::error::{Error, Result};
use crate::records::Record;
use crate::Store;

/// The decision types whose document the program prints: the founding decision, the one
/// issuing the regulation, and those recognising or reorganising the members.
pub const PRINTED_TYPES: &[&str] = &[
    "thanh_lap",
    "ban_hanh_quy_che",
    "cong_nhan_thanh_vien",
    "kien_toan",
];

/// A decision of a type the program does not print (giải thể, khác).
fn not_printed() -> Error {
    Error::invalid(
        "decision_type",
        "Loại quyết định",
        "chương trình chưa in loại quyết định này; hãy lưu bản chụp quyết định đã ký",
    )
}

/// Whether a decision's record says it was signed: signed or numbered, with a number
/// and a date.
pub fn is_signed(d: &Record) -> bool {
    matches!(d.text("state"), Some("da_ky" | "da_cap_so"))
        && d.int("number").is_some()
        && d.text("decision_date").is_some()
}

/// A document saved as signed, read back (it was checked when it was stored).
pub(crate) fn read(json: &str) -> Result<Document> {
    frozen::parse(json).map_err(|message| Error::invalid("document", "Văn bản như đã ký", message))
}

impl Store {
    /// The document of decision `decision_id` as signed, if it was saved.
    pub fn signed_document(&self, decision_id: &str) -> Result<Option<Document>> {
        let d = self.get("decision", decision_id)?;
        d.text("document").map(read).transpose()
    }

    /// Saves the document of the signed decision `decision_id` as signed and returns it;
    /// a decision already saved answers its saved document. Refused, in words, for a
    /// draft, a decision without number or date, a type the program does not print, or
    /// another unit's decision.
    pub fn freeze_decision(&mut self, decision_id: &str) -> Result<Document> {
        let d = self.get("decision", decision_id)?;
        if let Some(json) = d.text("document") {
            return read(json);
        }
        let own = self.installation()?.unit_code;
        if d.owner != own {
            return Err(Error::NotOwner {
                kind_label: "quyết định".into(),
                owner: d.owner.clone(),
            });
        }
        if !is_signed(&d) {
            return Err(Error::invalid(
                "state",
                "Tình trạng",
                "chỉ lưu văn bản như đã ký cho quyết định đã ký, có số và ngày ký; hãy ghi số, ngày ký và tình trạng \"đã ký\" trước",
            ));
        }
        if !d
            .text("decision_type")
            .is_some_and(|t| PRINTED_TYPES.contains(&t))
        {
            return Err(not_printed());
        }
        let team = d
            .text("team_id")
            .ok_or_else(|| Error::invalid("team_id", "Tổ", "quyết định chưa gắn với tổ nào"))?
            .to_string();
        let on = d
            .text("decision_date")
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .ok_or_else(|| Error::invalid("decision_date", "Ngày ký", "ngày ký không đọc được"))?;
        let doc = self.build_decision(&team, on, Some(decision_id))?;
        let json = frozen::to_json(&doc);
        self.write_batch(|w| w.freeze_document(decision_id, &json))?;
        Ok(doc)
    }

    /// After a write of decision `id`: saves its document when the write left it signed
    /// and it has none yet. What stops it (a member not eligible on the date …) does not
    /// undo the write: it comes back as a sentence to show beside the saved record.
    pub(crate) fn freeze_if_signed(&mut self, id: &str) -> Result<Option<String>> {
        let d = self.get("decision", id)?;
        let printed = d
            .text("decision_type")
            .is_some_and(|t| PRINTED_TYPES.contains(&t));
        if d.text("document").is_some() || !is_signed(&d) || !printed {
            return Ok(None);
        }
        match self.freeze_decision(id) {
            Ok(_) => Ok(None),
            // Not the data's fault: reported as the error it is.
            Err(e @ (Error::Database { .. } | Error::Internal { .. })) => Err(e),
            Err(e) => Ok(Some(format!(
                "Chưa lưu được văn bản như đã ký: {e} Khi sửa xong, hãy bấm \"Lưu văn bản như đã ký\"."
            ))),
        }
    }

    /// Saves, in one transaction, the document of every decision of this unit that is
    /// signed and not yet saved (the demo's, or a file's after an upgrade). Returns how
    /// many were saved, and for each that could not be, why.
    pub fn freeze_signed_decisions(&mut self) -> Result<(usize, Vec<String>)> {
        let own = self.installation()?.unit_code;
        let waiting: Vec<Record> = self
            .list("decision", &crate::records::ListQuery::default())?
            .into_iter()
            .filter(|d| {
                d.owner == own
                    && d.text("document").is_none()
                    && is_signed(d)
                    && d.text("decision_type")
                        .is_some_and(|t| PRINTED_TYPES.contains(&t))
            })
            .collect();
        let mut built = Vec::new();
        let mut failed = Vec::new();
        for d in &waiting {
            let on = d
                .text("decision_date")
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
            let (Some(team), Some(on)) = (d.text("team_id"), on) else {
                continue;
            };
            match self.build_decision(team, on, Some(&d.id)) {
                Ok(doc) => built.push((d.id.clone(), frozen::to_json(&doc))),
                Err(e) => failed.push(format!("{}: {e}", d.id)),
            }
        }
        self.write_batch(|w| {
            for (id, json) in &built {
                w.freeze_document(id, json)?;
            }
            Ok(())
        })?;
        Ok((built.len(), failed))
    }

    /// The decision of a team (`decision_id`, or its founding decision of highest rank)
    /// built from the data as of its date: a draft, or the document to save as signed.
    pub(crate) fn build_decision(
        &self,
        team_id: &str,
        on: NaiveDate,
        decision_id: Option<&str>,
    ) -> Result<Document> {
        let decision_type = match decision_id {
            Some(id) => self
                .get("decision", id)?
                .text("decision_type")
                .unwrap_or("khac")
                .to_string(),
            None => "thanh_lap".to_string(),
        };
        if !PRINTED_TYPES.contains(&decision_type.as_str()) {
            return Err(not_printed());
        }
        let facts = self.document_facts_of(team_id, on, &decision_type, decision_id)?;
        // A signed decision prints its number; a draft naming a member outside 18–70 on
        // its date is refused (issue 13); a decision recorded as signed is saved as it
        // was signed.
        super::numbered_if_signed(facts.decision.as_ref())?;
        super::refuse_ineligible(&facts)?;
        let templates = self.document_templates()?;
        let opts = decision::Options {
            templates: &templates,
            on,
            inline_members: self.inline_members()?,
        };
        Ok(match decision_type.as_str() {
            "ban_hanh_quy_che" => later_decisions::regulation_issuing(&facts, &opts),
            "cong_nhan_thanh_vien" => {
                later_decisions::members_act(&facts, &opts, MembersAct::Recognition)
            }
            "kien_toan" => later_decisions::members_act(&facts, &opts, MembersAct::Reorganisation),
            _ => decision::build(&facts, &opts),
        })
    }

    /// The document of decision `decision_id`, of any type the program prints: as signed
    /// when saved so, else built from the data as of its date (`on` for an undated draft).
    pub fn decision_document_by_id(&self, decision_id: &str, on: NaiveDate) -> Result<Document> {
        let d = self.get("decision", decision_id)?;
        if let Some(json) = d.text("document") {
            return read(json);
        }
        let team = d
            .text("team_id")
            .ok_or_else(|| Error::invalid("team_id", "Tổ", "quyết định chưa gắn với tổ nào"))?
            .to_string();
        self.build_decision(&team, on, Some(decision_id))
    }
}
