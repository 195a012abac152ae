//! What the documents say about a team, read from the store once: the team, its
//! commune (and district and province), villages, founding decision, members, duties and
//! regulation. Missing data is `None` or empty, never an error: a draft is printed from
//! whatever the clerk has entered so far.

use chrono::NaiveDate;

use crate::dates::PartialDate;
use crate::eligibility::{self, AgeProblem, Limit};
use crate::error::{Error, Result};
use crate::kinds;
use crate::records::{ListQuery, Record};
use crate::units::{self, Level, Unit, UnitSet};
use crate::Store;

/// An administrative unit in the forms a document needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// "Xã Đông Tiến".
    pub name: String,
    /// "xã", "phường", "đặc khu" … (lower case).
    pub noun: String,
    /// In running text: "xã Đông Tiến"; "Phường 1" keeps its capital.
    pub in_text: String,
    /// For the date line: "Đông Tiến"; "Phường 1".
    pub place_name: String,
}

impl Place {
    fn of(unit: &Unit) -> Place {
        Place {
            name: unit.name.clone(),
            noun: unit.kind.to_lowercase(),
            in_text: unit.in_text(),
            place_name: unit.short_name().to_string(),
        }
    }

    /// Upper case, as in the header and the authority line: "XÃ ĐÔNG TIẾN".
    pub fn upper(&self) -> String {
        self.name.to_uppercase()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Its `decision_type`: "thanh_lap", "ban_hanh_quy_che" ….
    pub decision_type: String,
    /// Recorded as signed (`da_ky` or `da_cap_so`).
    pub signed: bool,
    /// The issuing unit's code in the list valid on its date, when the clerk chose one.
    pub issuing_unit: Option<String>,
    pub number: Option<i64>,
    pub symbol: Option<String>,
    pub date: Option<NaiveDate>,
    pub authority: Option<String>,
    pub signer: Option<String>,
    pub summary: Option<String>,
    pub proposer: Option<String>,
    /// The decision's record id.
    pub id: String,
    /// Its document as signed (the model's JSON), once saved ([`super::frozen`]).
    pub frozen: Option<String>,
    /// Not yet signed (state "dự thảo"): built from the data as of its date, and refused
    /// while it would name a member outside 18–70.
    pub draft: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: String,
    pub full_name: String,
    pub female: bool,
    pub birth: Option<PartialDate>,
    pub role: String,
    pub ethnicity: Option<String>,
    pub id_number: Option<String>,
    /// The code of the identity document ("cmnd", "cccd", "the_can_cuoc" …).
    pub id_doc_type: Option<String>,
    /// The village in running text, or the address.
    pub residence: Option<String>,
    /// General education (THCS, THPT …) only; a legacy higher code recorded there
    /// before schema 13 says nothing of the general level, so it moves to
    /// `professional`.
    pub education: Option<String>,
    /// Vocational or higher qualification: "Trung cấp", "Đại học" …
    pub professional: Option<String>,
    pub party_member: bool,
    pub youth_union: bool,
    pub occupation: Option<String>,
    pub phone: Option<String>,
    /// The member's age against 18–70 on the facts' date, read without the exception.
    pub age: Option<AgeProblem>,
    /// The Chairman's decision allowing a member over 70 (its number and date).
    pub age_exception: Option<String>,
}

impl Member {
    /// The age problem that bars the member on the facts' date: none when the
    /// Chairman's decision covers an age over 70.
    pub fn ineligible(&self) -> Option<&AgeProblem> {
        self.age
            .as_ref()
            .filter(|p| p.limit == Limit::Under18 || self.age_exception.is_none())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Regulation {
    pub title: String,
    pub content: Option<String>,
    /// The decision that issued it (a `ban_hanh_quy_che` decision), if recorded; never
    /// the founding decision, which does not attach it.
    pub decision: Option<Decision>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The day the facts are as of: the founding decision's date, or the draft's day.
    pub on: NaiveDate,
    pub team_name: String,
    pub model_type: String,
    pub commune: Place,
    pub district: Option<Place>,
    pub province: Option<Place>,
    /// Villages in running text: "thôn Đông Hòa".
    pub villages: Vec<String>,
    /// The founding decision, if one was recorded.
    pub decision: Option<Decision>,
    pub members: Vec<Member>,
    pub duties: Vec<String>,
    pub regulation: Option<Regulation>,
    /// The programmes the team is linked with that run on `on` ([`Store::linked_programmes`]).
    pub programmes: Vec<Programme>,
}

/// A programme or movement the team takes part in (issue 16: the notice asks the commune
/// to integrate its teams with the programmes on its territory, without overlap).
#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    /// The commune's own name for it ("Khu dân cư văn hóa 2025–2030"), else the kind's.
    pub name: String,
    /// The kind's label when `name` is the commune's own, to say what it is.
    pub kind: Option<String>,
    pub lead: Option<String>,
    /// The duties it asks of the team, in the order of the activity types ("Tuyên
    /// truyền"), and what the links say of the integration, in the order linked.
    pub duties: Vec<String>,
    pub descriptions: Vec<String>,
}

impl Facts {
    /// The statutory model of the 2023 Law, as opposed to the 2014 mass models.
    pub fn statutory(&self) -> bool {
        self.model_type == "to_bao_ve_antt"
    }

    /// "thôn Đông Hòa và thôn Đông Lạc" (or the commune when no village is linked).
    pub fn area(&self) -> String {
        if self.villages.is_empty() {
            self.commune.in_text.clone()
        } else {
            self.villages.join(" và ")
        }
    }
}

fn text(r: &Record, field: &str) -> Option<String> {
    r.text(field)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn date(r: &Record, field: &str) -> Option<NaiveDate> {
    r.text(field)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

fn flag(r: &Record, field: &str) -> bool {
    r.fields.get(field).and_then(|v| v.as_bool()) == Some(true)
}

fn label(list: &[(&'static str, &'static str)], r: &Record, field: &str) -> Option<String> {
    r.text(field).map(|code| kinds::choice_label(list, code))
}

/// "Thôn Đông Hòa" → "thôn Đông Hòa"; a bare "Đông Hòa" of type thôn → "thôn Đông Hòa";
/// "Tổ dân phố 5" keeps its capital (named after a number).
pub fn village_in_text(name: &str, type_label: &str) -> String {
    match name.strip_prefix(type_label) {
        Some(rest) if rest.starts_with(' ') => {
            let rest = rest.trim_start();
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                name.to_string()
            } else {
                format!("{} {rest}", type_label.to_lowercase())
            }
        }
        _ if name.starts_with(|c: char| c.is_ascii_digit()) => format!("{type_label} {name}"),
        _ => format!("{} {name}", type_label.to_lowercase()),
    }
}

fn decision_of(d: &Record) -> Decision {
    Decision {
        decision_type: d.text("decision_type").unwrap_or("khac").to_string(),
        signed: matches!(d.text("state"), Some("da_ky" | "da_cap_so")),
        issuing_unit: text(d, "issuing_unit"),
        number: d.int("number"),
        symbol: text(d, "symbol"),
        date: date(d, "decision_date"),
        authority: text(d, "authority_type"),
        signer: text(d, "signer_name"),
        summary: text(d, "summary"),
        proposer: text(d, "proposer"),
        id: d.id.clone(),
        frozen: d.text("document").map(str::to_string),
        draft: !matches!(d.text("state"), Some("da_ky" | "da_cap_so")),
    }
}

/// The general level of a recorded `education` and the qualification it implies: the
/// codes trung_cap … sau_dai_hoc were once kept there (before schema 13 split them off
/// into `professional_level`); they leave the general level unknown.
fn education_of(m: &Record) -> (Option<String>, Option<String>) {
    let legacy = matches!(
        m.text("education"),
        Some("trung_cap" | "cao_dang" | "dai_hoc" | "sau_dai_hoc")
    );
    let professional = label(kinds::PROFESSIONAL_LEVELS, m, "professional_level");
    if legacy {
        let old = label(kinds::EDUCATION_LEVELS, m, "education");
        (None, professional.or(old))
    } else {
        (label(kinds::EDUCATION_LEVELS, m, "education"), professional)
    }
}

/// Rank of a decision for printing: numbered, then signed, then a draft; the latest first.
fn decision_rank(r: &Record) -> (u8, Option<NaiveDate>) {
    let state = match r.text("state") {
        Some("da_cap_so") => 2,
        Some("da_ky") => 1,
        _ => 0,
    };
    (state, date(r, "decision_date"))
}

/// The decision of `decision_type` a document is about: numbered, then signed, then a
/// draft; the latest first.
fn best_of(decisions: &[Record], decision_type: &str) -> Option<Decision> {
    decisions
        .iter()
        .filter(|d| d.text("decision_type") == Some(decision_type))
        .max_by(|a, b| {
            decision_rank(a)
                .cmp(&decision_rank(b))
                .then(b.id.cmp(&a.id))
        })
        .map(decision_of)
}

impl Store {
    /// Everything the documents of a team need; the members are those who had not left
    /// by the decision's date (or `on` for a draft).
    pub(crate) fn document_facts(&self, team_id: &str, on: NaiveDate) -> Result<Facts> {
        self.document_facts_of(team_id, on, "thanh_lap", None)
    }

    /// The facts of a document about the team's decision of `decision_type` (the founding
    /// decision, or the one issuing the regulation), or about the decision `decision_id`
    /// itself (one being saved as signed): its date chooses the members, and its date and
    /// issuing unit choose the unit names.
    pub(crate) fn document_facts_of(
        &self,
        team_id: &str,
        on: NaiveDate,
        decision_type: &str,
        decision_id: Option<&str>,
    ) -> Result<Facts> {
        let team = self.get("team", team_id)?;
        let children = |kind: &str| self.list(kind, &ListQuery::children_of("team_id", team_id));

        let decisions = children("decision")?;
        let regulation = children("regulation")?.into_iter().next();
        // The regulation is attached to the decision that issues it: the one it names if
        // that is such a decision, else the team's best of that type.
        let regulation_decision = regulation
            .as_ref()
            .and_then(|r| r.text("decision_id"))
            .and_then(|id| decisions.iter().find(|d| d.id == id))
            .filter(|d| d.text("decision_type") == Some("ban_hanh_quy_che"))
            .map(decision_of)
            .or_else(|| best_of(&decisions, "ban_hanh_quy_che"));
        let decision = match decision_id {
            Some(id) => decisions.iter().find(|d| d.id == id).map(decision_of),
            None if decision_type == "ban_hanh_quy_che" => regulation_decision.clone(),
            None => best_of(&decisions, decision_type),
        };
        let (on, issuing_unit) = match &decision {
            Some(d) => (d.date.unwrap_or(on), d.issuing_unit.clone()),
            // A regulation whose issuing decision is not recorded is dated by its own
            // issue date, and issued by the unit that founded the team when that was on
            // the same unit list.
            None if decision_type == "ban_hanh_quy_che" => {
                let day = regulation
                    .as_ref()
                    .and_then(|r| date(r, "issued_date"))
                    .unwrap_or(on);
                let unit = best_of(&decisions, "thanh_lap")
                    .filter(|f| f.date.map(units::set_on) == Some(units::set_on(day)))
                    .and_then(|f| f.issuing_unit);
                (day, unit)
            }
            None => (on, None),
        };

        let path = self.issuing_path(&team.owner, issuing_unit.as_deref(), on)?;
        let find = |level: Level| path.iter().find(|u| u.level == level).map(Place::of);
        let commune = Place::of(&path[0]);

        let mut villages = Vec::new();
        for link in children("team_village")? {
            if let Some(id) = link.text("village_id") {
                if let Ok(v) = self.get("village", id) {
                    let type_label = label(kinds::VILLAGE_TYPES, &v, "village_type")
                        .unwrap_or_else(|| "Thôn".into());
                    villages.push(village_in_text(
                        v.text("name").unwrap_or_default(),
                        &type_label,
                    ));
                }
            }
        }
        villages.sort_by_cached_key(|v| crate::text::sort_key(v));
        villages.dedup();

        // Members the role history ties to this very decision (the clerk's record of who
        // it named), whatever their joining date.
        let named: Vec<String> = match &decision {
            Some(d) => self
                .list("member_role", &ListQuery::children_of("decision_id", &d.id))?
                .into_iter()
                .filter_map(|r| r.text("member_id").map(str::to_string))
                .collect(),
            None => Vec::new(),
        };
        // The founding members join at the launch, which follows a recorded founding
        // decision by days: they are the ones it names.
        let dated = decision.as_ref().and_then(|d| d.date);
        let launch = date(&team, "launch_date").filter(|l| dated.is_some_and(|d| d <= *l));

        let mut members = Vec::new();
        for m in children("member")? {
            if !member_on(&m, on, launch, &named) {
                continue;
            }
            let residence = match m.text("village_id").map(|id| self.get("village", id)) {
                Some(Ok(v)) => Some(village_in_text(
                    v.text("name").unwrap_or_default(),
                    &label(kinds::VILLAGE_TYPES, &v, "village_type").unwrap_or_default(),
                )),
                _ => text(&m, "address"),
            };
            let occupation = match (text(&m, "occupation"), text(&m, "posts_held")) {
                (Some(o), Some(p)) => Some(format!("{o}; {p}")),
                (o, p) => o.or(p),
            };
            let (education, professional) = education_of(&m);
            let birth = m
                .text("birth_date")
                .and_then(|s| PartialDate::from_iso(s).ok());
            members.push(Member {
                id: m.id.clone(),
                full_name: text(&m, "full_name").unwrap_or_default(),
                female: m.text("sex") == Some("nu"),
                birth,
                role: m.text("role").unwrap_or("to_vien").to_string(),
                ethnicity: label(kinds::ETHNICITIES, &m, "ethnicity"),
                id_number: text(&m, "id_number"),
                id_doc_type: text(&m, "id_doc_type"),
                residence,
                education,
                professional,
                party_member: flag(&m, "party_member"),
                youth_union: flag(&m, "youth_union"),
                occupation,
                phone: text(&m, "phone"),
                age: birth.and_then(|b| eligibility::check(b, on, false)),
                age_exception: text(&m, "age_exception"),
            });
        }
        // Tổ trưởng, Tổ phó, Tổ viên; within a role the store's Vietnamese name order.
        let rank = |role: &str| kinds::ROLES.iter().position(|(c, _)| *c == role);
        members.sort_by_key(|m| rank(&m.role).unwrap_or(usize::MAX));

        let mut duties: Vec<(i64, String, String)> = children("duty")?
            .into_iter()
            .filter(|d| {
                regulation.is_none()
                    || d.text("regulation_id").is_none()
                    || d.text("regulation_id") == regulation.as_ref().map(|r| r.id.as_str())
            })
            .filter_map(|d| {
                let content = text(&d, "content")?;
                Some((d.int("position").unwrap_or(i64::MAX), d.id.clone(), content))
            })
            .collect();
        duties.sort();

        Ok(Facts {
            on,
            team_name: text(&team, "name").unwrap_or_default(),
            model_type: team.text("model_type").unwrap_or("khac").to_string(),
            district: find(Level::District),
            province: find(Level::Province),
            commune,
            villages,
            decision,
            members,
            duties: duties.into_iter().map(|(_, _, c)| c).collect(),
            regulation: regulation.map(|r| Regulation {
                title: text(&r, "title").unwrap_or_default(),
                content: text(&r, "content"),
                decision: regulation_decision,
            }),
            programmes: self.linked_programmes(team_id, on)?,
        })
    }

    /// The programmes the team is linked with on `on`: a link made by then (no `since`,
    /// or since that day or earlier) to a programme running then. A link that names no
    /// programme of the commune, or one since deleted, is to the kind itself and always
    /// counts, as it does for the overlaps ([`Store::programme_overlaps`]). One entry per
    /// programme, however many duties its links ask; the commune's programmes by their
    /// start, then the kinds in their list's order.
    pub(crate) fn linked_programmes(&self, team_id: &str, on: NaiveDate) -> Result<Vec<Programme>> {
        // The order an entry takes: the commune's programmes (0) by start, then the kinds
        // (1) in their list's order; the id or kind code tells entries apart.
        type Key = (u8, Option<NaiveDate>, usize, String);
        let mut found: Vec<(Key, Programme, Vec<usize>)> = Vec::new();
        let mut links = self.list(
            "programme_link",
            &ListQuery::children_of("team_id", team_id),
        )?;
        // Oldest first, so the descriptions read in the order they were written.
        links.sort_by_key(|l| l.hlc);
        let running = |p: &Record| {
            date(p, "start_date").is_none_or(|start| start <= on)
                && date(p, "end_date").is_none_or(|end| end >= on)
        };
        for link in links {
            if date(&link, "since").is_some_and(|since| since > on) {
                continue;
            }
            let own = match link.text("programme_id") {
                Some(id) => match self.get("programme", id) {
                    Ok(p) if !p.deleted => Some(p),
                    Ok(_) | Err(Error::NotFound { .. }) => None,
                    Err(e) => return Err(e),
                },
                None => None,
            };
            if own.as_ref().is_some_and(|p| !running(p)) {
                continue;
            }
            let kind_code = own
                .as_ref()
                .and_then(|p| p.text("programme"))
                .or(link.text("programme"))
                .unwrap_or("khac");
            let kind_label = kinds::choice_label(kinds::PROGRAMMES, kind_code);
            let position = kinds::PROGRAMMES
                .iter()
                .position(|(c, _)| *c == kind_code)
                .unwrap_or(usize::MAX);
            let key = match &own {
                Some(p) => (0, date(p, "start_date"), 0, p.id.clone()),
                None => (1, None, position, kind_code.to_string()),
            };
            let at = match found.iter().position(|(k, _, _)| *k == key) {
                Some(at) => at,
                None => {
                    let (name, kind) = match own.as_ref().and_then(|p| text(p, "name")) {
                        Some(name) => (name, Some(kind_label)),
                        None => (kind_label, None),
                    };
                    found.push((
                        key,
                        Programme {
                            name,
                            kind,
                            lead: own.as_ref().and_then(|p| text(p, "lead_organisation")),
                            duties: Vec::new(),
                            descriptions: Vec::new(),
                        },
                        Vec::new(),
                    ));
                    found.len() - 1
                }
            };
            let (_, programme, duties) = &mut found[at];
            if let Some(duty) = link.text("duty") {
                let i = kinds::ACTIVITY_TYPES
                    .iter()
                    .position(|(c, _)| *c == duty)
                    .unwrap_or(usize::MAX);
                if !duties.contains(&i) {
                    duties.push(i);
                    programme
                        .duties
                        .push(kinds::choice_label(kinds::ACTIVITY_TYPES, duty));
                }
            }
            if let Some(d) = text(&link, "description") {
                if !programme.descriptions.contains(&d) {
                    programme.descriptions.push(d);
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found
            .into_iter()
            .map(|(_, mut p, positions)| {
                let mut order: Vec<(usize, String)> = positions.into_iter().zip(p.duties).collect();
                order.sort();
                p.duties = order.into_iter().map(|(_, d)| d).collect();
                p
            })
            .collect())
    }
}

/// Whether a member belongs in a document as of `on` (issue 13: a draft is built from
/// the data as of its date): not left by then (`exit_date` after the date), and joined
/// by then. Two cases join later on paper and still belong: the founding members, who
/// join at the launch days after the founding decision (`launch`: the launch date when
/// it follows a recorded decision), and members the role history ties to this decision.
/// A member without a joining date is kept: a draft prints what the clerk has entered.
fn member_on(m: &Record, on: NaiveDate, launch: Option<NaiveDate>, named: &[String]) -> bool {
    if date(m, "exit_date").is_some_and(|d| d <= on) {
        return false;
    }
    match date(m, "joined_date") {
        None => true,
        Some(joined) => {
            joined <= on || launch.is_some_and(|l| joined <= l) || named.contains(&m.id)
        }
    }
}

impl Store {
    /// The issuing commune of a document dated `on`, with its district and province,
    /// nearest first, as they were named on that day: the unit the clerk recorded on the
    /// decision (`recorded`, a code of the list in force on `on`); else the team's own
    /// commune when the installation's list is the one in force on `on`; else an error
    /// asking the clerk to choose (see [`Error::IssuingUnitMissing`]).
    pub(crate) fn issuing_path(
        &self,
        owner: &str,
        recorded: Option<&str>,
        on: NaiveDate,
    ) -> Result<Vec<Unit>> {
        let installation = self.installation()?;
        let in_force = units::set_on(on);
        if let Some(code) = recorded {
            return units::path(self.conn(), in_force, code);
        }
        let own = units::path(self.conn(), installation.unit_set, owner).or_else(|_| {
            units::path(self.conn(), installation.unit_set, &installation.unit_code)
        })?;
        if installation.unit_set == in_force {
            return Ok(own);
        }
        Err(Error::IssuingUnitMissing {
            date: crate::dates::vn(on),
            commune: own[0].name.clone(),
            unit_set: match in_force {
                UnitSet::Y2008 => "2008–2025".to_string(),
                UnitSet::Y2025 => "2025".to_string(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn villages_read_as_running_text() {
        assert_eq!(village_in_text("Thôn Đông Hòa", "Thôn"), "thôn Đông Hòa");
        assert_eq!(village_in_text("Đông Hòa", "Thôn"), "thôn Đông Hòa");
        assert_eq!(
            village_in_text("Tổ dân phố số 1", "Tổ dân phố"),
            "tổ dân phố số 1"
        );
        assert_eq!(
            village_in_text("Tổ dân phố 5", "Tổ dân phố"),
            "Tổ dân phố 5"
        );
        assert_eq!(village_in_text("5", "Tổ dân phố"), "Tổ dân phố 5");
    }
}
