//! `xungkich`: the command line over the engine (DESIGN.md §6).
//!
//! `--db`, `--json` and `--actor` are accepted anywhere on the line. With `--json` one
//! JSON object goes to stdout; without it the output is for people (aligned tables,
//! Vietnamese). Errors go to stderr in Vietnamese and English; the exit status is 1 for
//! refused input and 2 for a usage error.
//!
//! Each command is a translation: its arguments into one engine call (a [`Store`]
//! method or an action of [`xungkich::ops`], the same the window makes), its result
//! into a table or JSON. No step of the work is done here.
//!
//! - [`args`]: the grammar;
//! - [`output`]: answers, errors, exit statuses, progress on a terminal;
//! - [`setup`], [`records`], [`sync`], [`inspect`], [`files`], [`report`]: the
//!   commands, by what they are about; [`table`]: aligned text tables.

mod args;
mod files;
mod import;
mod inspect;
mod output;
mod records;
mod report;
mod setup;
mod sync;
mod table;

use chrono::NaiveDate;
use clap::Parser;
use xungkich::documents::DocumentKind;
use xungkich::report::ReportOptions;
use xungkich::sync::export::ExportOptions;
use xungkich::{Error, Store};

use args::{Cli, Command};
use output::{usage, Failure, Run};

fn main() {
    std::process::exit(run_line());
}

/// Parses the line, runs the command and prints its answer: the exit status.
fn run_line() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
            let _ = e.print();
            return code;
        }
    };
    let json_mode = cli.json;
    output::finish(run(cli), json_mode)
}

fn run(cli: Cli) -> Run {
    let db = cli
        .db
        .clone()
        .ok_or_else(|| usage("hãy chỉ ra tệp dữ liệu bằng --db PATH (hoặc biến XUNGKICH_DB)"))?;
    let mut store = Store::open(&db)?;
    if let Some(actor) = &cli.actor {
        store.set_actor(actor);
    }
    let store = &mut store;
    match cli.command {
        Command::Init {
            role,
            unit,
            unit_set,
        } => setup::init(store, role.into(), unit_set.into(), &unit),
        Command::Demo {
            villages,
            members,
            activities,
            seed,
            unit,
            today,
        } => {
            let mut options = xungkich::demo::DemoOptions::new(day_or_today(today)?);
            options.villages = villages;
            options.members_per_team = members;
            options.activities = activities;
            options.seed = seed;
            setup::demo(store, unit.as_deref(), &options)
        }
        Command::Info => setup::info(store),
        Command::Units {
            query,
            unit_set,
            level,
        } => setup::units(store, unit_set.into(), &query, level.map(Into::into)),
        Command::IssuingUnits { on } => setup::issuing_units(store, day_or_today(on)?),
        Command::Settings { key, value } => setup::settings(store, key, value),
        Command::Digest { unit } => inspect::digest(store, unit.as_deref()),
        Command::Search { text, limit } => inspect::search(store, &text.join(" "), limit),
        Command::Check { on } => inspect::check(store, day_or_today(on)?),
        Command::Add { kind, set } => records::add(store, &kind, &set),
        Command::Update { kind, id, set } => records::update(store, &kind, &id, &set),
        Command::Delete { kind, id } => records::delete(store, &kind, &id),
        Command::Deleted { restore } => records::deleted(store, restore.as_deref()),
        Command::Show { kind, id } => records::show(store, &kind, &id),
        Command::List { kind, of, limit } => records::list(store, &kind, of.as_deref(), limit),
        Command::History { id } => records::history(store, &id),
        Command::FreezeDecision { id, all } => records::freeze_decision(store, id.as_deref(), all),
        Command::Backup { out } => files::backup(store, &out),
        Command::Backups { run } => files::backups(store, run),
        Command::Restore { file, code } => files::restore(store, &file, code.code.as_deref()),
        Command::RestoreKeys { code } => setup::restore_keys(store, code.code.as_deref()),
        Command::RecoverySheet { out, on } => files::recovery_sheet(store, &out, day_or_today(on)?),
        Command::PersonalRecord { id, out } => files::personal_record(store, &id, &out),
        Command::CardSheet { out, on } => files::card_sheet(store, &out, day_or_today(on)?),
        Command::EnrolmentSheet { out, on } => {
            files::enrolment_sheet(store, &out, day_or_today(on)?)
        }
        Command::Decision(a) => document(store, DocumentKind::Decision, a),
        Command::PrintDecision { id, out, on } => {
            files::decision(store, &id, &out, day_or_today(on)?)
        }
        Command::MemberList(a) => document(store, DocumentKind::MemberList, a),
        Command::Regulation(a) => document(store, DocumentKind::Regulation, a),
        Command::Export {
            out,
            full,
            include_sensitive,
            unencrypted,
            unconfirmed,
        } => sync::export(
            store,
            &out,
            ExportOptions {
                full,
                include_sensitive,
                unencrypted,
                unconfirmed,
            },
        ),
        Command::Receipt { unit, out } => sync::receipt(store, &unit, &out),
        Command::Send { out } => sync::send(store, &out),
        Command::ReceiverCard { out } => sync::receiver_card(store, &out),
        Command::Recovery { unit, out } => sync::recovery(store, &unit, &out),
        Command::Trust { file, fingerprint } => sync::trust(store, &file, &fingerprint),
        Command::Import {
            files,
            enrol,
            re_enrol,
            dry_run,
        } => sync::import(store, &files, &enrol, &re_enrol, dry_run),
        Command::ImportMembers {
            file,
            team,
            sheet,
            columns,
            dry_run,
        } => import::import_members(store, &file, team, sheet, &columns, dry_run),
        Command::ImportRoll {
            file,
            training,
            sheet,
            columns,
            dry_run,
        } => import::import_roll(store, &file, &training, sheet, &columns, dry_run),
        Command::Senders { revoke } => sync::senders(store, revoke.as_deref()),
        Command::Pending => sync::pending(store),
        Command::Report {
            format,
            out,
            on,
            period,
            members,
        } => {
            let options = ReportOptions {
                members,
                period: report::period(period)?,
                on: on.map(|d| day_or_today(Some(d))).transpose()?,
            };
            report::run(store, format, out, options, cli.json)
        }
        Command::Dossier {
            team,
            out,
            personal_data,
            on,
        } => {
            let options = xungkich::dossier::DossierOptions {
                on: day_or_today(on)?,
                personal_data,
            };
            files::dossier(store, &team, options, &out)
        }
        Command::Excel {
            kind,
            team,
            personal_data,
            former,
            on,
            out,
        } => {
            let options = xungkich::lists::ListOptions {
                personal_data,
                former_members: former,
                on: day_or_today(on)?,
            };
            files::list(store, kind.into(), team.as_deref(), options, &out)
        }
        Command::Proposals { out, period } => {
            report::proposals(store, report::period(period)?, &out)
        }
    }
}

fn document(store: &Store, kind: DocumentKind, a: args::DocumentArgs) -> Run {
    files::document(store, kind, &a.team_id, &a.out, day_or_today(a.on)?)
}

/// A `dd/mm/yyyy` argument (never read as mm/dd), or today when none is given.
fn day_or_today(s: Option<String>) -> std::result::Result<NaiveDate, Failure> {
    match s {
        None => Ok(xungkich::ops::today()),
        Some(s) => xungkich::dates::parse_date_full(&s)
            .map_err(|e| Failure::Engine(Error::invalid("date", "Ngày", e.to_string()))),
    }
}
