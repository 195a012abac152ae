//! Documents in the state format of Nghị định 30/2020/NĐ-CP (domain.md §1–§2): the
//! founding decision of a team, its attached member list and its operating regulation,
//! as an editable `.docx` and as an HTML print view.
//!
//! - [`facts`]: what the documents say, read from the store;
//! - [`templates`]: legal bases, recipients, symbol and executors as dated templates,
//!   overridable through the `doc_templates` setting;
//! - [`signature`]: the authority line and signature block from the authority type;
//! - [`decision`], [`member_list`], [`regulation`]: the text of each document, as a
//!   [`Document`] ([`model`]);
//! - [`docx`], [`html`]: the two writers.
//!
//! The desktop shell calls [`Store::decision_document`] (or the list / regulation
//! variants), then [`to_html`] to show the print view and [`save`] to
//! save the `.docx`.

mod builtin_templates;
pub mod card_sheet;
pub mod decision;
pub mod docx;
pub mod enrolment_sheet;
pub mod facts;
pub mod frozen;
pub mod html;
pub mod later_decisions;
pub mod measure;
pub mod member_list;
pub mod model;
mod parts;
pub mod personal_record;
pub mod proposals;
pub mod recovery_sheet;
pub mod regulation;
pub mod regulation_law;
pub mod review_report;
pub mod signature;
pub mod signed;
pub mod templates;

#[cfg(test)]
mod as_of_tests;
#[cfg(test)]
mod dated_tests;
#[cfg(test)]
mod later_tests;
#[cfg(test)]
mod signed_tests;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use docx::to_docx;
pub use html::to_html;
pub use model::{Document, DocumentKind};
pub use templates::{Slot, Template};

/// A template as the settings screen lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TemplateRow {
    #[serde(flatten)]
    pub template: Template,
    /// One of the program's own (domain.md), not added by the clerk.
    pub builtin: bool,
    /// The clerk has changed it (or added it).
    pub changed: bool,
}

use crate::error::{Error, Result};
use crate::Store;

/// The two output formats, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Html,
}

impl Format {
    /// `.docx` or `.html` / `.htm` (any case); anything else is refused with a sentence
    /// saying what to type.
    pub fn from_path(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "docx" => Ok(Format::Docx),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(Error::UnsupportedDocumentFormat {
                path: path.to_path_buf(),
            }),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Html => "html",
        }
    }
}

/// The document's bytes in `format`.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Docx => to_docx(doc),
        Format::Html => Ok(to_html(doc).into_bytes()),
    }
}

/// Writes the document to `path` in the format its extension names: a temporary file
/// beside it, flushed, then renamed over it (never a half-written file).
pub fn save(doc: &Document, path: &Path) -> Result<PathBuf> {
    let bytes = render(doc, Format::from_path(path)?)?;
    crate::atomic_file::write(path, &bytes)?;
    Ok(path.to_path_buf())
}

/// A draft decision naming a member outside 18–70 on its date (without the Chairman's
/// exception over 70) is refused, naming each one, their age then and what to do.
/// Refused rather than printed without them: a decision that silently drops a member
/// the clerk sees in the team would be signed as the team's list and be wrong; the clerk
/// must decide (correct the birth date, record the exception, or let the member go).
/// A signed decision is never refused: it is what was signed. The member list prints
/// the same members with a note, so the clerk can see them.
pub(crate) fn refuse_ineligible(facts: &facts::Facts) -> Result<()> {
    if facts.decision.as_ref().is_some_and(|d| !d.draft) {
        return Ok(());
    }
    let bad: Vec<String> = facts
        .members
        .iter()
        .filter_map(|m| {
            let p = m.ineligible()?;
            Some(format!(
                "{}: {}, hãy {}",
                m.full_name,
                p.describe(),
                p.remedy()
            ))
        })
        .collect();
    if bad.is_empty() {
        return Ok(());
    }
    Err(Error::MemberIneligible {
        date: crate::dates::vn(facts.on),
        count: bad.len(),
        members: bad.join("; "),
    })
}

impl Store {
    /// One of a team's documents, by kind (what the desktop app asks for).
    pub fn team_document(
        &self,
        kind: DocumentKind,
        team_id: &str,
        on: NaiveDate,
    ) -> Result<Document> {
        match kind {
            DocumentKind::Decision => self.decision_document(team_id, on),
            DocumentKind::MemberList => self.member_list_document(team_id, on),
            DocumentKind::Regulation => self.regulation_document(team_id, on),
            DocumentKind::RecoverySheet
            | DocumentKind::EnrolmentSheet
            | DocumentKind::CardSheet
            | DocumentKind::ReviewReport
            | DocumentKind::ProposalsSheet
            | DocumentKind::PersonalRecord => Err(Error::invalid(
                "kind",
                "Loại văn bản",
                "văn bản này không phải văn bản của một tổ",
            )),
        }
    }

    /// Every template in force, for the settings screen: whether it is built in, and
    /// whether the clerk changed it (then "restore" takes the built-in back).
    pub fn document_template_rows(&self) -> Result<Vec<TemplateRow>> {
        let overrides = templates::parse_overrides(&self.get_text_setting("doc_templates")?)?;
        let builtin: Vec<String> = templates::builtin().into_iter().map(|t| t.id).collect();
        Ok(templates::effective(&overrides)
            .into_iter()
            .map(|t| TemplateRow {
                builtin: builtin.contains(&t.id),
                changed: overrides.iter().any(|o| o.id == t.id),
                template: t,
            })
            .collect())
    }

    /// Saves one template as the clerk's: it replaces the built-in (or the earlier
    /// change) with the same id, or adds a line. Checked like the whole setting; an
    /// empty text switches the line off.
    pub fn save_document_template(&mut self, template: Template) -> Result<()> {
        let mut overrides = templates::parse_overrides(&self.get_text_setting("doc_templates")?)?;
        match overrides.iter_mut().find(|o| o.id == template.id) {
            Some(existing) => *existing = template,
            None => overrides.push(template),
        }
        self.store_overrides(&overrides)
    }

    /// Drops the clerk's change of one template (a built-in comes back; an added line
    /// goes away).
    pub fn reset_document_template(&mut self, id: &str) -> Result<()> {
        let mut overrides = templates::parse_overrides(&self.get_text_setting("doc_templates")?)?;
        overrides.retain(|o| o.id != id);
        self.store_overrides(&overrides)
    }

    fn store_overrides(&mut self, overrides: &[Template]) -> Result<()> {
        let json = serde_json::to_string_pretty(overrides)
            .map_err(|e| Error::internal(format!("the template list did not serialise: {e}")))?;
        self.set_text_setting("doc_templates", &json)
    }

    /// The templates in force: the built-ins with the `doc_templates` setting applied.
    pub fn document_templates(&self) -> Result<Vec<Template>> {
        let overrides = templates::parse_overrides(&self.get_text_setting("doc_templates")?)?;
        Ok(templates::effective(&overrides))
    }

    /// The founding decision of a team. A team without one gets a draft: blank number and
    /// date, the Chairman's authority, no signer's name. `on` is the day a draft is
    /// written (it chooses the legal bases, the members and the unit names); a recorded
    /// decision uses its own date and issuing unit.
    ///
    /// A decision saved as signed prints as it was saved ([`signed`]), whatever changed
    /// since.
    pub fn decision_document(&self, team_id: &str, on: NaiveDate) -> Result<Document> {
        let facts = self.document_facts(team_id, on)?;
        if let Some(json) = facts.decision.as_ref().and_then(|d| d.frozen.as_deref()) {
            return signed::read(json);
        }
        self.build_decision(team_id, on, None)
    }

    /// Up to this many members are named in the decision's Điều 1; more go to a list
    /// attached to it.
    fn inline_members(&self) -> Result<usize> {
        Ok(usize::try_from(self.get_setting("decision_inline_members")?).unwrap_or(0))
    }

    /// The member list on its own (landscape). It says "Kèm theo Quyết định số …" only
    /// when the founding decision attaches it (more members than it names in Điều 1); a
    /// decision that names its members inline attaches nothing, and the list then stands
    /// without that line.
    pub fn member_list_document(&self, team_id: &str, on: NaiveDate) -> Result<Document> {
        let facts = self.document_facts(team_id, on)?;
        // A decision saved as signed with its list attached: the list as it was signed.
        if let Some(json) = facts.decision.as_ref().and_then(|d| d.frozen.as_deref()) {
            let signed = signed::read(json)?;
            if signed.sections.len() > 1 {
                return Ok(Document {
                    kind: DocumentKind::MemberList,
                    title: format!("Danh sách thành viên - {}", signed.title),
                    sections: signed.sections[1..].to_vec(),
                });
            }
        }
        let d = facts.decision.as_ref();
        numbered_if_signed(d)?;
        if !decision::attaches_list(&facts, self.inline_members()?) {
            return Ok(member_list::build(&facts, None));
        }
        let templates = self.document_templates()?;
        let date = d.and_then(|d| d.date);
        let symbol = decision::symbol(&facts, &templates, date.unwrap_or(on));
        let signing = signature::signing(
            d.and_then(|d| d.authority.as_deref()),
            &facts.commune.upper(),
            &facts.commune.in_text,
        );
        let reference = parts::reference_line(
            d.and_then(|d| d.number),
            &symbol,
            date,
            parts::year_of(date, on),
            &signing.issuer,
        );
        Ok(member_list::build(&facts, Some(&reference)))
    }

    /// The operating regulation of a team, in chapters and articles, "kèm theo" the
    /// decision that issues it (`ban_hanh_quy_che`), whose date and issuing unit name the
    /// unit; blank until that decision is recorded.
    pub fn regulation_document(&self, team_id: &str, on: NaiveDate) -> Result<Document> {
        let facts = self.document_facts_of(team_id, on, "ban_hanh_quy_che", None)?;
        numbered_if_signed(facts.decision.as_ref())?;
        let templates = self.document_templates()?;
        let date = facts.decision.as_ref().and_then(|d| d.date).unwrap_or(on);
        let symbol = decision::symbol(&facts, &templates, date);
        Ok(regulation::build(&facts, &symbol, on))
    }
}

/// A decision recorded as signed prints its number, never the blank left for a draft:
/// one without it (recorded before the rule asked for it) is refused with what to do.
fn numbered_if_signed(decision: Option<&facts::Decision>) -> Result<()> {
    match decision {
        Some(d) if d.signed && d.number.is_none() => Err(Error::DecisionNotNumbered {
            what: match (&d.summary, d.date) {
                (Some(s), _) => format!("\"{s}\""),
                (None, Some(day)) => format!("ngày {}", crate::dates::vn(day)),
                (None, None) => "này".to_string(),
            },
        }),
        _ => Ok(()),
    }
}
