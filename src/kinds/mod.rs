//! The catalogue of record kinds: one place that names every field, its type, its
//! Vietnamese label, whether it is required, and how sensitive it is.
//!
//! The catalogue drives validation ([`crate::records`]), the audit log, the digest, the
//! sync bundles and the window's forms, so a field is added in one place. The SQL tables
//! themselves are written by hand in the numbered migrations (a migration is history and
//! must never change); a test checks that every table has exactly the catalogue's columns.
//!
//! Choice lists (model types, roles, activity types …) are data in the catalogue, not
//! Rust enums: about 700 model types exist nationally and provinces add their own.

mod activities;
mod choices;
mod members;
mod places_teams;
#[cfg(test)]
mod tests;

pub use activities::*;
pub use choices::*;
pub use members::*;
pub use places_teams::*;

/// How a field's value is checked and stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text, normalised to NFC with whitespace collapsed; at most `max` chars.
    Text { max: usize },
    /// Several lines of text (content of duties, findings …).
    LongText { max: usize },
    /// A full calendar date, entered dd/mm/yyyy, stored ISO `YYYY-MM-DD`.
    Date,
    /// A date that may be only a year or a month (`1975`, `03/1975`), stored ISO.
    PartialDate,
    /// Time of day `HH:MM`, 24-hour.
    Time,
    /// Whole number within bounds.
    Int { min: i64, max: i64 },
    /// Money in whole đồng (no decimals exist in practice), strictly positive.
    Money,
    /// Yes / no.
    Bool,
    /// One of a fixed list of codes, each with its Vietnamese label.
    Choice(&'static [(&'static str, &'static str)]),
    /// The id of a record of the named kind. A new link must point at a live record; the
    /// target may belong to another unit (a district's inspection names a commune's team).
    Ref(&'static str),
    /// A 12-digit personal ID (or a legacy 9-digit CMND): stored as text.
    IdNumber,
    /// A Vietnamese phone number, stored in national form `0xxxxxxxxx`.
    Phone,
    /// The SHA-256 (64 hex digits) of an attachment held in the attachments store.
    Attachment,
    /// A document as signed: its model ([`crate::documents::model::Document`]) as JSON,
    /// at most `max` bytes, frozen by the program when a decision is recorded as signed.
    /// Never typed by a clerk: forms do not show it.
    DocumentModel { max: usize },
    /// The five-digit code of the commune that issued a document, in the unit list in
    /// force on the document's date (a 2025 ward's decision of 2024 names its 2008–2025
    /// predecessor). Forms offer the likely units of that date; the rules check the code.
    IssuingUnit,
}

/// Who may see a field outside the commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitivity {
    /// Ordinary record data.
    Normal,
    /// Sensitive personal data under Luật 91/2025/QH15 (ethnicity, religion, party
    /// membership): kept out of bundles unless the receiver needs them.
    Sensitive,
    /// Never leaves this installation and is never searchable (the identity of a person
    /// who reported a crime).
    Confidential,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub ty: FieldType,
    pub required: bool,
    pub sensitivity: Sensitivity,
    /// For a reference: whether it may point at a record of another unit. Only the links
    /// between a receiving unit and its communes cross owners: the receiving unit's
    /// inspections, commendations, documents and training attendances name a commune's
    /// team or member, and a commune's follow-up names the inspection of its own team.
    /// Every other reference stays within its owner's records, so one commune can never
    /// write into another's team (issue 11).
    pub crosses_owner: bool,
}

const fn f(name: &'static str, label: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        label,
        ty,
        required: false,
        sensitivity: Sensitivity::Normal,
        crosses_owner: false,
    }
}

const fn req(name: &'static str, label: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        label,
        ty,
        required: true,
        sensitivity: Sensitivity::Normal,
        crosses_owner: false,
    }
}

const fn sensitive(field: Field) -> Field {
    Field {
        sensitivity: Sensitivity::Sensitive,
        ..field
    }
}

/// A reference that may point at another unit's record (see [`Field::crosses_owner`]).
const fn crossing(field: Field) -> Field {
    Field {
        crosses_owner: true,
        ..field
    }
}

const fn confidential(field: Field) -> Field {
    Field {
        sensitivity: Sensitivity::Confidential,
        ..field
    }
}

const NAME: FieldType = FieldType::Text { max: 200 };
const SHORT: FieldType = FieldType::Text { max: 500 };
const LONG: FieldType = FieldType::LongText { max: 20_000 };
const COUNT: FieldType = FieldType::Int {
    min: 0,
    max: 10_000_000,
};

/// A record kind: its name (used in bundles and the CLI), table and fields.
#[derive(Debug)]
pub struct Kind {
    pub name: &'static str,
    pub table: &'static str,
    /// Vietnamese name of one record, for messages ("thành viên").
    pub label: &'static str,
    pub fields: &'static [Field],
    /// Whether the table keeps `search_text` and `sort_key` columns (searchable, sorted
    /// by Vietnamese collation).
    pub searchable: bool,
    /// Whether a receiving unit (district, province) records this kind itself: its
    /// inspections, its commendations, the trainings it organises and who attended, and
    /// documents it attaches to a team. Everything else (villages, teams, members, their
    /// records) belongs to the commune, which alone creates it; a receiving unit only
    /// reads it from bundles.
    pub receiver_creates: bool,
}

/// Fields outside a member's record that are about a named person: who paid into or
/// was paid from the fund, who signed a decision, who reported a crime; and a decision
/// as signed, which names its members with their birth year and where they live.
const PERSONAL_ELSEWHERE: &[(&str, &str)] = &[
    ("fund_entry", "counterparty"),
    ("decision", "signer_name"),
    ("decision", "document"),
    ("activity", "reporter"),
];

impl Kind {
    /// Whether `field` is personal data (Law 91/2025/QH15): everything a member's record
    /// says of its member (not its links to the team, the village or a decision), and
    /// the few fields elsewhere that name a person. What an export summary lists.
    pub fn is_personal(&self, field: &Field) -> bool {
        if self.name == "member" {
            return !matches!(field.ty, FieldType::Ref(_));
        }
        PERSONAL_ELSEWHERE.contains(&(self.name, field.name))
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The kinds this kind refers to (its parents), for ordering inserts.
    pub fn parents(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().filter_map(|f| match f.ty {
            FieldType::Ref(k) => Some(k),
            _ => None,
        })
    }
}

/// Every kind, parents before children: inserting in this order never meets a missing
/// reference.
pub static ALL: &[&Kind] = &[
    &VILLAGE,
    &TEAM,
    &TEAM_VILLAGE,
    &TEAM_STATUS,
    &DECISION,
    &REGULATION,
    &DUTY,
    &PROGRAMME,
    &PROGRAMME_LINK,
    &MEMBER,
    &MEMBER_ROLE,
    &EQUIPMENT,
    &FUND_ENTRY,
    &TRAINING,
    &TRAINING_ATTENDANCE,
    &COMMENDATION_PROPOSAL,
    &COMMENDATION,
    &ACTIVITY,
    &ACTIVITY_PARTICIPANT,
    &INSPECTION,
    &INSPECTION_FOLLOW_UP,
    &DOCUMENT,
];

pub fn by_name(name: &str) -> Option<&'static Kind> {
    ALL.iter().copied().find(|k| k.name == name)
}

pub fn by_name_or_err(name: &str) -> crate::Result<&'static Kind> {
    by_name(name).ok_or_else(|| {
        crate::Error::UnknownKind(
            name.to_string(),
            ALL.iter().map(|k| k.name).collect::<Vec<_>>().join(", "),
        )
    })
}

/// The catalogue as JSON, for the window's forms: every kind, field, type, bound and
/// choice list, so the forms are built from the same definitions the engine checks.
pub fn catalogue_json() -> serde_json::Value {
    use serde_json::json;
    let kinds: Vec<serde_json::Value> = ALL
        .iter()
        .map(|k| {
            let fields: Vec<serde_json::Value> = k
                .fields
                .iter()
                .map(|f| {
                    let mut v = json!({
                        "name": f.name, "label": f.label, "required": f.required,
                        "sensitivity": match f.sensitivity {
                            Sensitivity::Normal => "normal",
                            Sensitivity::Sensitive => "sensitive",
                            Sensitivity::Confidential => "confidential",
                        },
                    });
                    let (ty, extra) = match f.ty {
                        FieldType::Text { max } => ("text", json!({"max": max})),
                        FieldType::LongText { max } => ("long_text", json!({"max": max})),
                        FieldType::Date => ("date", json!({})),
                        FieldType::PartialDate => ("partial_date", json!({})),
                        FieldType::Time => ("time", json!({})),
                        FieldType::Int { min, max } => ("int", json!({"min": min, "max": max})),
                        FieldType::Money => ("money", json!({})),
                        FieldType::Bool => ("bool", json!({})),
                        FieldType::Choice(list) => ("choice", json!({"choices": list})),
                        FieldType::Ref(target) => ("ref", json!({"ref": target})),
                        FieldType::IdNumber => ("id_number", json!({})),
                        FieldType::Phone => ("phone", json!({})),
                        FieldType::Attachment => ("attachment", json!({})),
                        FieldType::DocumentModel { max } => ("document_model", json!({"max": max})),
                        FieldType::IssuingUnit => ("issuing_unit", json!({})),
                    };
                    v["type"] = json!(ty);
                    if let (Some(obj), serde_json::Value::Object(extra)) =
                        (v.as_object_mut(), extra)
                    {
                        obj.extend(extra);
                    }
                    v
                })
                .collect();
            json!({
                "name": k.name, "label": k.label, "searchable": k.searchable, "fields": fields,
                "receiver_creates": k.receiver_creates,
            })
        })
        .collect();
    // The decision types the program prints and saves as signed: the window offers
    // "Xem bản in" and "Lưu như đã ký" for these, from the engine's one list.
    json!({
        "kinds": kinds,
        "printed_decision_types": crate::documents::signed::PRINTED_TYPES,
    })
}

/// The label of a choice code, or the code itself when unknown (a newer version's code).
pub fn choice_label(list: &[(&'static str, &'static str)], code: &str) -> String {
    list.iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| l.to_string())
        .unwrap_or_else(|| code.to_string())
}
