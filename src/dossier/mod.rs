//! A team's dossier for the archive (issue 17, item 5): the team's whole file in one
//! folder or ZIP, for the commune's records office, and for a team that is dissolved.
//!
//! What it holds, each under a numbered name so the folder reads in order:
//! - `00-muc-luc.html`: the index, a page to print and keep on top of the paper file;
//! - `01-quyet-dinh/`: every decision of the team recorded as signed, as it was signed
//!   (the document kept when it was signed; else built for its date);
//! - `02-ban-chup/`: the scans the program keeps (signed decisions, the team's
//!   documents), from its own stored copies;
//! - `03-danh-sach-thanh-vien.docx` and `.xlsx`: the member list as printed, and every
//!   member who served, as a workbook;
//! - `04-quy-che-hoat-dong.docx`: the operating regulation;
//! - `05-so-hoat-dong.xlsx`, `06-so-quy.xlsx`, `07-trang-phuc-cong-cu.xlsx`: the
//!   activity book, the fund book and the equipment issued.
//!
//! Drafts are not part of the record and are left out; a document that cannot be
//! built (a decision without the unit that issued it) is named in the index with the
//! reason, and the rest is written. Names are ASCII (letters without their marks) so
//! the folder travels on any USB stick and opens on any computer; the index gives every
//! file's Vietnamese title. Files are written one at a time (memory follows the
//! largest file, not the dossier), into a ZIP written beside its target and renamed
//! over it, or a folder made under a temporary name and renamed when complete.

mod index;
mod sink;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::documents::{self, Format};
use crate::error::{Error, Result};
use crate::installation::Role;
use crate::lists::{slug, ListKind, ListOptions};
use crate::records::{ListQuery, Record};
use crate::scans::{decision_words, extension};
use crate::Store;

/// What the clerk asks of a dossier.
#[derive(Debug, Clone, Copy)]
pub struct DossierOptions {
    /// The day it is made (the documents of a team still active are built for it).
    pub on: NaiveDate,
    /// Add the personal-data columns to the member workbook, under the warning.
    pub personal_data: bool,
}

/// One file of the dossier.
#[derive(Debug, Clone, Serialize)]
pub struct DossierFile {
    /// Its path inside the dossier, `/`-separated.
    pub name: String,
    /// What it is, in Vietnamese.
    pub title: String,
    pub bytes: u64,
}

/// A dossier written to disk.
#[derive(Debug, Clone, Serialize)]
pub struct SavedDossier {
    /// The ZIP file or the folder.
    pub path: PathBuf,
    pub zip: bool,
    pub team: String,
    pub files: Vec<DossierFile>,
    /// What is not in it, and why (drafts, a document that could not be built).
    pub left_out: Vec<String>,
}

impl Store {
    /// The name a dossier is offered under: `ho-so-<team>-<commune>-<yyyy-mm-dd>` (a
    /// folder; `.zip` is added for a ZIP).
    pub fn dossier_name(&self, team_id: &str, on: NaiveDate) -> Result<String> {
        let team = self.get("team", team_id)?;
        let commune = self.installation()?.unit_name;
        Ok(format!(
            "ho-so-{}-{}-{}",
            slug(team.text("name").unwrap_or("to")),
            slug(&commune),
            on.format("%Y-%m-%d")
        ))
    }

    /// Writes the team's dossier to `out`: a `.zip` file; or a folder, made where `out`
    /// names one that does not exist yet, or inside `out` under [`Store::dossier_name`]
    /// when `out` is an existing folder. An existing dossier is never overwritten.
    pub fn write_team_dossier(
        &self,
        team_id: &str,
        options: DossierOptions,
        out: &Path,
    ) -> Result<SavedDossier> {
        let installation = self.installation()?;
        if installation.role != Role::Commune {
            return Err(Error::CommuneOnly {
                unit_name: installation.unit_name,
            });
        }
        let team = self.get("team", team_id)?;
        if team.deleted {
            return Err(Error::NotFound {
                kind_label: crate::kinds::TEAM.label.to_string(),
                id: team_id.to_string(),
            });
        }
        let zip = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        let target = if zip || !out.is_dir() {
            out.to_path_buf()
        } else {
            out.join(self.dossier_name(team_id, options.on)?)
        };
        if !zip && target.exists() {
            return Err(Error::invalid(
                "out",
                "Nơi lưu hồ sơ",
                format!(
                    "đã có {}; hãy chọn nơi khác (hồ sơ cũ không bị ghi đè)",
                    target.display()
                ),
            ));
        }
        let mut dossier = Dossier {
            store: self,
            team: &team,
            options,
            files: Vec::new(),
            left_out: Vec::new(),
        };
        let files = if zip {
            let mut out_files = Vec::new();
            crate::atomic_file::write_with(&target, |tmp| {
                let mut sink = sink::ZipSink::create(tmp)?;
                dossier.fill(&mut sink, &installation.unit_name)?;
                sink.finish()?;
                out_files = std::mem::take(&mut dossier.files);
                Ok(())
            })?;
            out_files
        } else {
            let mut sink = sink::FolderSink::create(&target)?;
            dossier.fill(&mut sink, &installation.unit_name)?;
            sink.finish()?;
            std::mem::take(&mut dossier.files)
        };
        Ok(SavedDossier {
            path: target,
            zip,
            team: team.text("name").unwrap_or_default().to_string(),
            files,
            left_out: dossier.left_out,
        })
    }
}

/// Where a dossier's files go, one at a time.
pub(crate) trait Sink {
    fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()>;
}

struct Dossier<'a> {
    store: &'a Store,
    team: &'a Record,
    options: DossierOptions,
    files: Vec<DossierFile>,
    left_out: Vec<String>,
}

impl Dossier<'_> {
    fn put(
        &mut self,
        sink: &mut dyn Sink,
        name: String,
        title: String,
        bytes: &[u8],
    ) -> Result<()> {
        let name = self.unique(name);
        sink.add(&name, bytes)?;
        self.files.push(DossierFile {
            name,
            title,
            bytes: bytes.len() as u64,
        });
        Ok(())
    }

    /// `name`, or — when a file of that name is in already (two unnumbered decisions
    /// signed the same day, two scans with the same title) — `name` with `-2`, `-3` …
    /// before its ending: a ZIP refuses a name twice and a folder would overwrite.
    fn unique(&self, name: String) -> String {
        let taken = |n: &str| self.files.iter().any(|f| f.name.eq_ignore_ascii_case(n));
        if !taken(&name) {
            return name;
        }
        let (stem, ending) = match name.rfind('.') {
            Some(dot) if !name[dot..].contains('/') => name.split_at(dot),
            _ => (name.as_str(), ""),
        };
        (2..)
            .map(|n| format!("{stem}-{n}{ending}"))
            .find(|candidate| !taken(candidate))
            .unwrap_or(name)
    }

    /// A document that cannot be built from its record (a decision without the unit
    /// that issued it, without its number …) is named with the reason and the rest goes
    /// on; a fault of the disk or the database stops the dossier, which is then not
    /// written at all (a dossier silently missing its decisions would be worse).
    fn put_document(
        &mut self,
        sink: &mut dyn Sink,
        name: String,
        what: &str,
        made: Result<documents::Document>,
    ) -> Result<()> {
        match made.and_then(|doc| Ok((documents::render(&doc, Format::Docx)?, doc.title))) {
            Ok((bytes, title)) => self.put(sink, name, title, &bytes),
            Err(e) if e.is_about_the_record() => {
                self.left_out.push(format!("{what}: {e}"));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    fn fill(&mut self, sink: &mut dyn Sink, commune: &str) -> Result<()> {
        let store = self.store;
        let team_id = self.team.id.clone();
        let on = self.options.on;
        let decisions = store.list("decision", &ListQuery::children_of("team_id", &team_id))?;
        let mut decisions: Vec<Record> = decisions;
        decisions.sort_by(|a, b| {
            (a.text("decision_date"), &a.id).cmp(&(b.text("decision_date"), &b.id))
        });

        // 01: the decisions as signed.
        for d in &decisions {
            let shown = decision_words(d);
            if d.text("state") == Some("du_thao") {
                self.left_out.push(format!(
                    "{shown}: còn là dự thảo, chưa ký nên không đưa vào hồ sơ"
                ));
                continue;
            }
            let day = d.text("decision_date").unwrap_or("khong-ngay");
            let number = d
                .int("number")
                .map_or("chua-so".to_string(), |n| n.to_string());
            let name = format!("01-quyet-dinh/{day}-qd-so-{number}.docx");
            self.put_document(sink, name, &shown, store.decision_document_by_id(&d.id, on))?;
        }

        // 02: the scans, from the program's own copies.
        let documents = store.list("document", &ListQuery::children_of("team_id", &team_id))?;
        let mut scans: Vec<(String, String)> = decisions
            .iter()
            .filter_map(|d| {
                let hash = d.text("scan_sha256")?;
                Some((hash.to_string(), format!("Bản chụp {}", decision_words(d))))
            })
            .collect();
        scans.extend(documents.iter().filter_map(|doc| {
            let hash = doc.text("sha256")?;
            let title = doc.text("title").unwrap_or("Tài liệu");
            let day = doc
                .text("doc_date")
                .and_then(crate::dates::parse_iso)
                .map(|d| format!(" ngày {}", crate::dates::vn(d)))
                .unwrap_or_default();
            Some((hash.to_string(), format!("{title}{day}")))
        }));
        for (i, (hash, title)) in scans.iter().enumerate() {
            match store.attachment(hash)? {
                Some((mime, bytes)) => {
                    let name = format!(
                        "02-ban-chup/{:02}-{}.{}",
                        i + 1,
                        slug(title),
                        extension(&mime)
                    );
                    self.put(sink, name, title.clone(), &bytes)?;
                }
                None => self.left_out.push(format!(
                    "{title}: máy này chưa có tệp bản chụp (đính kèm lại trong hồ sơ của tổ)"
                )),
            }
        }

        // 03–07: the member list, the regulation, the books.
        self.put_document(
            sink,
            "03-danh-sach-thanh-vien.docx".into(),
            "Danh sách thành viên",
            store.member_list_document(&team_id, on),
        )?;
        let all_members = ListOptions {
            personal_data: self.options.personal_data,
            former_members: true,
            on,
        };
        // The option asks for the members' personal columns, and only theirs: the fund
        // book's payers' details stay out (data minimisation, Law 91/2025).
        let books_without_personal_data = ListOptions {
            personal_data: false,
            ..all_members
        };
        let books = [
            (
                ListKind::Members,
                "03-danh-sach-thanh-vien.xlsx",
                all_members,
                "Danh sách thành viên qua các thời kỳ (Excel)",
            ),
            (
                ListKind::Activities,
                "05-so-hoat-dong.xlsx",
                books_without_personal_data,
                "Sổ hoạt động (Excel)",
            ),
            (
                ListKind::Funds,
                "06-so-quy.xlsx",
                books_without_personal_data,
                "Sổ quỹ (Excel)",
            ),
            (
                ListKind::Equipment,
                "07-trang-phuc-cong-cu.xlsx",
                books_without_personal_data,
                "Trang phục, công cụ, phương tiện đã cấp (Excel)",
            ),
        ];
        for (i, (kind, name, options, title)) in books.into_iter().enumerate() {
            if i == 1 {
                self.put_document(
                    sink,
                    "04-quy-che-hoat-dong.docx".into(),
                    "Quy chế hoạt động",
                    store.regulation_document(&team_id, on),
                )?;
            }
            let (bytes, _rows) = store.list_bytes(kind, &team_id, options)?;
            self.put(sink, name.to_string(), title.to_string(), &bytes)?;
        }

        // 00: the index, last, so it names everything that went in and what did not.
        let page = index::page(commune, self.team, on, &self.files, &self.left_out);
        self.put(
            sink,
            "00-muc-luc.html".into(),
            "Mục lục hồ sơ (trang in)".into(),
            page.as_bytes(),
        )?;
        // The index first, as the folder lists it.
        if let Some(last) = self.files.pop() {
            self.files.insert(0, last);
        }
        Ok(())
    }
}
