//! The command line, per DESIGN.md §6: `xungkich --db PATH COMMAND [ARGS] [--json]`.
//!
//! `--db` and `--json` are accepted anywhere on the line. With `--json` one JSON object
//! goes to stdout; without it the output is for people (aligned tables, Vietnamese).
//! Errors go to stderr in Vietnamese and English; the exit status is 1 for refused input
//! and 2 for a usage error. Every command works through [`crate::Store`], exactly as the
//! window does.

mod report;
mod table;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use serde_json::{json, Map, Value as Json};

use crate::compliance::Status;
use crate::documents::DocumentKind;
use crate::error::Error;
use crate::installation::Role;
use crate::records::{Fields, ListQuery};
use crate::units::{self, Level, UnitSet};
use crate::Store;
use table::Table;

#[derive(Parser, Debug)]
#[command(
    name = "xungkich",
    version,
    about = "Sổ Tổ xung kích: hồ sơ Tổ xung kích, Tổ bảo vệ an ninh, trật tự ở cơ sở",
    long_about = None
)]
struct Cli {
    /// Tệp dữ liệu (database file); or set XUNGKICH_DB.
    #[arg(long, global = true, env = "XUNGKICH_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    /// In một đối tượng JSON (print one JSON object on stdout).
    #[arg(long, global = true)]
    json: bool,

    /// Tên người thao tác ghi vào nhật ký (who is recorded in the audit log).
    #[arg(long, global = true, value_name = "NAME")]
    actor: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Thiết lập: xã hoặc đơn vị tiếp nhận (set up as a commune or the receiving unit).
    Init {
        #[arg(long, value_parser = ["commune", "district"])]
        role: String,
        #[arg(long, value_name = "CODE")]
        unit: String,
        #[arg(long = "units", default_value = "2008", value_parser = ["2008", "2025"])]
        unit_set: String,
    },
    /// Tạo dữ liệu mẫu cho một xã (fill a commune with realistic synthetic records).
    Demo {
        #[arg(long, default_value_t = 8)]
        villages: usize,
        /// Thành viên mỗi tổ (members per team).
        #[arg(long, default_value_t = 10)]
        members: usize,
        /// Hoạt động của cả xã trong 12 tháng (activities per commune over a year).
        #[arg(long, default_value_t = 150)]
        activities: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Thiết lập xã này trước nếu tệp còn trống (initialise as this commune first).
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// Ngày "hôm nay" của dữ liệu mẫu, dd/mm/yyyy (default: today).
        #[arg(long)]
        today: Option<String>,
    },
    /// Mã băm nội dung theo loại hồ sơ (order-independent content hash per kind).
    Digest {
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
    },
    /// Tìm thành viên và tổ, không phân biệt hoa thường và dấu.
    Search {
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Kiểm tra tính toàn vẹn và các tiêu chí C1–C8 (integrity and compliance).
    Check {
        /// Ngày đánh giá, dd/mm/yyyy (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Sao lưu trực tuyến (online backup).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Khôi phục từ bản sao lưu (restore; keeps the backup's identity and key).
    Restore { file: PathBuf },
    /// Thông tin cài đặt: đơn vị, vân tay khóa (installation and key fingerprint).
    Info,
    /// Tra cứu đơn vị hành chính (look up administrative units).
    Units {
        query: String,
        #[arg(long = "units", default_value = "2008", value_parser = ["2008", "2025"])]
        unit_set: String,
        #[arg(long, value_parser = ["province", "district", "commune"])]
        level: Option<String>,
    },
    /// Thêm một hồ sơ: add KIND --set field=value ...
    Add {
        kind: String,
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
    },
    /// Sửa một hồ sơ: update KIND ID --set field=value ...
    Update {
        kind: String,
        id: String,
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true)]
        set: Vec<String>,
    },
    /// Xóa một hồ sơ (và các hồ sơ phụ thuộc).
    Delete { kind: String, id: String },
    /// Xem một hồ sơ.
    Show { kind: String, id: String },
    /// Liệt kê hồ sơ một loại: list KIND [--of FIELD=ID] [--limit N].
    List {
        kind: String,
        #[arg(long, value_name = "FIELD=ID")]
        of: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Xem hoặc đặt thiết lập: settings [KEY [VALUE]].
    Settings {
        key: Option<String>,
        value: Option<String>,
    },
    /// Quyết định thành lập tổ theo thể thức Nghị định 30/2020/NĐ-CP (.docx hoặc .html).
    Decision(DocumentArgs),
    /// Danh sách thành viên kèm theo quyết định (.docx hoặc .html).
    MemberList(DocumentArgs),
    /// Quy chế hoạt động của tổ (.docx hoặc .html).
    Regulation(DocumentArgs),
    /// Lịch sử thay đổi của một hồ sơ (audit log).
    History { id: String },
    /// Xuất gói dữ liệu đã ký (write a signed sync bundle): thay đổi từ lần xuất trước, hoặc --full.
    Export {
        /// Tệp gói, hoặc thư mục (tên tệp được đặt theo đơn vị, ngày, phạm vi).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        full: bool,
        /// Kèm dữ liệu nhạy cảm (dân tộc, tôn giáo, đảng viên): chỉ khi gửi cho máy khác của cùng xã.
        #[arg(long)]
        include_sensitive: bool,
    },
    /// Nhập các gói dữ liệu (import bundles: files or folders of .zip).
    Import {
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// Đăng ký máy gửi lần đầu, sau khi đã đối chiếu vân tay.
        #[arg(long)]
        enrol: bool,
        /// Đăng ký lại máy đã đăng ký với khóa mới (chỉ khi đã đối chiếu vân tay mới).
        #[arg(long)]
        re_enrol: bool,
        /// Chỉ kiểm tra và cho biết sẽ thay đổi gì, không ghi.
        #[arg(long)]
        dry_run: bool,
    },
    /// Các máy gửi đã đăng ký (enrolled senders).
    Senders,
    /// Hồ sơ đang chờ (quarantine) và dữ liệu còn thiếu (gaps).
    Pending,
    /// Báo cáo sơ kết theo xã và theo tổ (summary report per commune and per team).
    Report {
        /// json hoặc xlsx; mặc định theo đuôi của --out, hoặc bảng trên màn hình.
        #[arg(long, value_parser = ["json", "xlsx"])]
        format: Option<String>,
        /// Tệp báo cáo, hoặc thư mục (tên tệp theo đơn vị và ngày).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Ngày số liệu, dd/mm/yyyy (default: today).
        #[arg(long)]
        on: Option<String>,
        /// Kèm danh sách thành viên (dữ liệu cá nhân): chỉ khi thật cần.
        #[arg(long)]
        members: bool,
    },
}

#[derive(clap::Args, Debug)]
struct DocumentArgs {
    /// Mã tổ (team id).
    team_id: String,
    /// Tệp ra: .docx (Word) hoặc .html (trang in).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Ngày lập dự thảo, dd/mm/yyyy (default: today); a recorded decision keeps its date.
    #[arg(long)]
    on: Option<String>,
}

/// Runs the command line; returns the process exit status.
pub fn main() -> i32 {
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
    match run(cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            let text = if json_mode {
                out.json.to_string()
            } else {
                out.human
            };
            let _ = writeln!(stdout, "{}", text.trim_end());
            0
        }
        Err(Failure::Partial(out, refused)) => {
            let text = if json_mode {
                out.json.to_string()
            } else {
                out.human
            };
            println!("{}", text.trim_end());
            eprintln!("Lỗi: {refused} gói bị từ chối (xem lý do ở trên).\nError: {refused} bundle(s) rejected.");
            1
        }
        Err(Failure::Usage(message)) => {
            eprintln!("Lỗi cách dùng: {message}\nUsage error. Try --help.");
            2
        }
        Err(Failure::Engine(e)) => {
            report_error(&e, json_mode);
            e.exit_code()
        }
    }
}

fn report_error(e: &Error, json_mode: bool) {
    let mut stderr = std::io::stderr().lock();
    match e {
        Error::Invalid(problems) => {
            let _ = writeln!(stderr, "Lỗi: chưa lưu được vì thông tin chưa đúng:");
            for p in problems {
                let _ = writeln!(stderr, "  - {}: {}", p.label, p.message);
            }
        }
        _ => {
            let _ = writeln!(stderr, "Lỗi: {e}");
        }
    }
    let _ = writeln!(stderr, "Error: {}", e.english());
    if json_mode {
        let problems = match e {
            Error::Invalid(p) => json!(p),
            _ => json!([]),
        };
        println!(
            "{}",
            json!({"error": {"code": e.code(), "message": e.to_string(), "english": e.english(), "problems": problems}})
        );
    }
}

struct Output {
    json: Json,
    human: String,
}

enum Failure {
    Usage(String),
    Engine(Error),
    /// Some inputs were refused: the output is printed, then the status is 1.
    Partial(Output, usize),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Engine(e)
    }
}

type Run = std::result::Result<Output, Failure>;

fn run(cli: Cli) -> Run {
    let db = cli.db.clone().ok_or_else(|| {
        Failure::Usage("hãy chỉ ra tệp dữ liệu bằng --db PATH (hoặc biến XUNGKICH_DB)".into())
    })?;
    let mut store = Store::open(&db)?;
    if let Some(actor) = &cli.actor {
        store.set_actor(actor);
    }
    match cli.command {
        Command::Init {
            role,
            unit,
            unit_set,
        } => init(&mut store, &role, &unit, &unit_set),
        Command::Demo {
            villages,
            members,
            activities,
            seed,
            unit,
            today,
        } => demo(&mut store, villages, members, activities, seed, unit, today),
        Command::Digest { unit } => digest(&store, unit.as_deref()),
        Command::Search { text, limit } => search(&store, &text.join(" "), limit),
        Command::Check { on } => check(&store, on),
        Command::Backup { out } => {
            let info = store.backup(&out)?;
            Ok(Output {
                human: format!(
                    "Đã sao lưu vào {} ({} KB).",
                    info.file.display(),
                    info.bytes.div_ceil(1024)
                ),
                json: json!({"file": info.file, "bytes": info.bytes}),
            })
        }
        Command::Restore { file } => {
            let info = store.restore(&file)?;
            let previous = info
                .previous
                .as_ref()
                .map(|p| format!("\nDữ liệu trước khi khôi phục được giữ ở {}.", p.display()))
                .unwrap_or_default();
            Ok(Output {
                human: format!(
                    "Đã khôi phục dữ liệu của {} ({}) từ {}.{previous}",
                    info.unit_name,
                    info.unit_code,
                    info.file.display()
                ),
                json: json!({"file": info.file, "previous": info.previous, "unit": info.unit_code, "unit_name": info.unit_name}),
            })
        }
        Command::Info => {
            let inst = store.installation()?;
            Ok(Output {
                human: format!(
                    "Đơn vị:        {} ({})\nVai trò:       {}\nDanh mục:      {}\nMã cài đặt:    {}\nVân tay khóa:  {}\nLược đồ dữ liệu: {}",
                    inst.unit_name,
                    inst.unit_code,
                    role_label(inst.role),
                    inst.unit_set.as_str(),
                    inst.installation_id,
                    inst.fingerprint,
                    store.schema_version()?
                ),
                json: json!({
                    "unit": inst.unit_code, "unit_name": inst.unit_name, "role": inst.role,
                    "units": inst.unit_set, "installation_id": inst.installation_id,
                    "fingerprint": inst.fingerprint, "schema_version": store.schema_version()?,
                }),
            })
        }
        Command::Units {
            query,
            unit_set,
            level,
        } => {
            let set = UnitSet::parse(&unit_set).unwrap_or(UnitSet::Y2008);
            let level = level.as_deref().map(|l| match l {
                "province" => Level::Province,
                "district" => Level::District,
                _ => Level::Commune,
            });
            let found = units::search(store_conn(&store), set, &query, level, 50)?;
            let mut t = Table::new(&["Mã", "Tên", "Cấp", "Thuộc"]);
            for u in &found {
                t.row(vec![
                    u.code.clone(),
                    u.name.clone(),
                    u.level.label().to_string(),
                    u.parent_code.clone().unwrap_or_default(),
                ]);
            }
            Ok(Output {
                human: if found.is_empty() {
                    "Không tìm thấy đơn vị nào.".into()
                } else {
                    t.render()
                },
                json: json!({"units": found}),
            })
        }
        Command::Add { kind, set } => {
            let fields = parse_sets(&set)?;
            let saved = store.create(&kind, &fields)?;
            Ok(saved_output(&saved.id, &saved.warnings, "Đã thêm"))
        }
        Command::Update { kind, id, set } => {
            let fields = parse_sets(&set)?;
            let saved = store.update(&kind, &id, &fields)?;
            Ok(saved_output(&saved.id, &saved.warnings, "Đã lưu"))
        }
        Command::Delete { kind, id } => {
            let n = store.delete(&kind, &id)?;
            Ok(Output {
                human: format!("Đã xóa {n} hồ sơ."),
                json: json!({"id": id, "deleted": n}),
            })
        }
        Command::Show { kind, id } => {
            let record = store.get(&kind, &id)?;
            let k = crate::kinds::by_name_or_err(&kind)?;
            let mut t = Table::new(&["Trường", "Giá trị"]);
            for f in k.fields {
                let v = &record.fields[f.name];
                if !v.is_null() {
                    t.row(vec![f.label.to_string(), display_value(f, v)]);
                }
            }
            Ok(Output {
                human: t.render(),
                json: json!(record),
            })
        }
        Command::List { kind, of, limit } => {
            let mut query = ListQuery {
                limit,
                ..Default::default()
            };
            if let Some(of) = of {
                let (field, id) = of.split_once('=').ok_or_else(|| {
                    Failure::Usage("--of cần dạng FIELD=ID, ví dụ --of team_id=…".into())
                })?;
                query.parent = Some((field.trim().to_string(), id.trim().to_string()));
            }
            let records = store.list(&kind, &query)?;
            let k = crate::kinds::by_name_or_err(&kind)?;
            let shown: Vec<_> = k.fields.iter().filter(|f| f.required).take(4).collect();
            let mut headers = vec!["Mã"];
            headers.extend(shown.iter().map(|f| f.label));
            let mut t = Table::new(&headers);
            for r in &records {
                let mut row = vec![r.id.clone()];
                row.extend(shown.iter().map(|f| display_value(f, &r.fields[f.name])));
                t.row(row);
            }
            Ok(Output {
                human: format!("{}{} hồ sơ.", t.render(), records.len()),
                json: json!({"records": records}),
            })
        }
        Command::Settings { key, value } => settings(&mut store, key, value),
        Command::Decision(args) => document(&store, DocumentKind::Decision, args),
        Command::MemberList(args) => document(&store, DocumentKind::MemberList, args),
        Command::Regulation(args) => document(&store, DocumentKind::Regulation, args),
        Command::Export {
            out,
            full,
            include_sensitive,
        } => export(&mut store, &out, full, include_sensitive),
        Command::Import {
            files,
            enrol,
            re_enrol,
            dry_run,
        } => import(&mut store, &files, enrol, re_enrol, dry_run),
        Command::Senders => {
            let senders = store.senders()?;
            let mut t = Table::new(&[
                "Đơn vị",
                "Tên",
                "Vân tay khóa",
                "Đăng ký lúc",
                "Người đăng ký",
            ]);
            for s in &senders {
                t.row(vec![
                    s.unit_code.clone(),
                    s.unit_name.clone(),
                    s.fingerprint.clone(),
                    s.enrolled_at.clone(),
                    s.enrolled_by.clone(),
                ]);
            }
            Ok(Output {
                human: if senders.is_empty() {
                    "Chưa đăng ký máy gửi nào.".into()
                } else {
                    t.render()
                },
                json: json!({"senders": senders}),
            })
        }
        Command::Pending => {
            let waiting = store.quarantine()?;
            let gaps = store.gaps()?;
            let mut human = String::new();
            for g in &gaps {
                human.push_str(&g.message);
                human.push('\n');
            }
            let mut t = Table::new(&["Loại", "Mã", "Lý do"]);
            for q in &waiting {
                t.row(vec![q.kind.clone(), q.record_id.clone(), q.reason.clone()]);
            }
            if waiting.is_empty() {
                human.push_str("Không có hồ sơ nào đang chờ.");
            } else {
                human.push_str(&format!(
                    "{} hồ sơ đang chờ:\n{}",
                    waiting.len(),
                    t.render()
                ));
            }
            Ok(Output {
                human,
                json: json!({"quarantine": waiting, "gaps": gaps}),
            })
        }
        Command::Report {
            format,
            out,
            on,
            members,
        } => report::run(
            &store,
            format.as_deref(),
            out,
            parse_day(on)?,
            members,
            cli.json,
        ),
        Command::History { id } => {
            let entries = store.history(&id)?;
            let mut t = Table::new(&["Lúc", "Người", "Việc", "Thay đổi"]);
            for e in &entries {
                t.row(vec![
                    e.at.clone(),
                    e.actor.clone(),
                    e.action.clone(),
                    e.changes.to_string(),
                ]);
            }
            Ok(Output {
                human: t.render(),
                json: json!({"entries": entries}),
            })
        }
    }
}

fn store_conn(store: &Store) -> &rusqlite::Connection {
    store.conn()
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Commune => "xã (gửi dữ liệu)",
        Role::District => "đơn vị tiếp nhận",
    }
}

fn init(store: &mut Store, role: &str, unit: &str, unit_set: &str) -> Run {
    let role = Role::parse(role)
        .ok_or_else(|| Failure::Usage("--role phải là commune hoặc district".into()))?;
    let set = UnitSet::parse(unit_set)
        .ok_or_else(|| Failure::Usage("--units phải là 2008 hoặc 2025".into()))?;
    let inst = store.init(role, set, unit)?;
    Ok(Output {
        human: format!(
            "Đã thiết lập {} ({}) là {}.\nVân tay khóa: {}\nHãy ghi lại vân tay này để đối chiếu khi đơn vị tiếp nhận đăng ký máy.",
            inst.unit_name,
            inst.unit_code,
            role_label(inst.role),
            inst.fingerprint
        ),
        json: json!({
            "unit": inst.unit_code, "unit_name": inst.unit_name, "role": inst.role,
            "units": inst.unit_set, "fingerprint": inst.fingerprint,
            "installation_id": inst.installation_id,
        }),
    })
}

fn parse_day(s: Option<String>) -> std::result::Result<NaiveDate, Failure> {
    match s {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => crate::dates::parse_date_full(&s)
            .map_err(|e| Failure::Engine(Error::invalid("date", "Ngày", e.to_string()))),
    }
}

fn demo(
    store: &mut Store,
    villages: usize,
    members: usize,
    activities: usize,
    seed: u64,
    unit: Option<String>,
    today: Option<String>,
) -> Run {
    let today = parse_day(today)?;
    if let Some(code) = unit {
        if store.installation_opt()?.is_none() {
            store.init(Role::Commune, UnitSet::Y2008, &code)?;
        }
    }
    let mut options = crate::demo::DemoOptions::new(today);
    options.villages = villages;
    options.members_per_team = members;
    options.activities = activities;
    options.seed = seed;
    let started = std::time::Instant::now();
    if std::io::stderr().is_terminal() {
        eprint!("Đang tạo dữ liệu mẫu…");
    }
    let counts = crate::demo::generate(store, &options)?;
    if std::io::stderr().is_terminal() {
        eprintln!(" xong.");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let value = serde_json::to_value(&counts).unwrap_or(Json::Null);
    let mut t = Table::new(&["Loại hồ sơ", "Số lượng"]).right_align(1);
    if let Json::Object(map) = &value {
        for (k, v) in map {
            let label = crate::kinds::by_name(k)
                .map(|k| k.label)
                .unwrap_or(k.as_str());
            t.row(vec![label.to_string(), v.to_string()]);
        }
    }
    let mut json = value;
    if let Json::Object(map) = &mut json {
        map.insert("seconds".into(), json!(elapsed));
    }
    Ok(Output {
        human: format!("{}Tạo xong trong {:.2} giây.", t.render(), elapsed),
        json,
    })
}

fn export(store: &mut Store, out: &std::path::Path, full: bool, include_sensitive: bool) -> Run {
    let summary = store.export(
        out,
        crate::sync::export::ExportOptions {
            full,
            include_sensitive,
        },
    )?;
    let total: u64 = summary.counts.values().sum();
    let mut t = Table::new(&["Loại hồ sơ", "Số lượng"]).right_align(1);
    for (k, n) in summary.counts.iter().filter(|(_, n)| **n > 0) {
        let label = crate::kinds::by_name(k)
            .map(|k| k.label)
            .unwrap_or(k.as_str());
        t.row(vec![label.to_string(), n.to_string()]);
    }
    Ok(Output {
        human: format!(
            "Đã xuất {} hồ sơ ({}, thay đổi {} đến {}) vào\n  {}\n{}Mã SHA-256: {}\nTệp đã được đọc lại và kiểm tra. Hãy dùng \"Safely remove\" trước khi rút USB.",
            total,
            if summary.full { "bản đầy đủ" } else { "bản bổ sung" },
            summary.from_seq,
            summary.to_seq,
            summary.file.display(),
            t.render(),
            summary.sha256
        ),
        json: json!(summary),
    })
}

fn import(
    store: &mut Store,
    inputs: &[PathBuf],
    enrol: bool,
    re_enrol: bool,
    dry_run: bool,
) -> Run {
    use crate::sync::import::{ImportOptions, ImportStatus};
    // A folder means every .zip in it, in name order.
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| Error::io(input, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("zip")))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    let options = ImportOptions {
        consent: crate::sync::senders::EnrolConsent { enrol, re_enrol },
        dry_run,
    };
    let interactive = std::io::stderr().is_terminal() && files.len() > 1;
    let reports = store.import_files(&files, options, |p| {
        if interactive {
            eprint!(
                "\r[{}/{}] {} {}/{}   ",
                p.bundle + 1,
                p.bundles,
                p.file.display(),
                p.records_done,
                p.records
            );
        }
    })?;
    if interactive {
        eprintln!();
    }
    let mut human = String::new();
    for r in &reports {
        let file = &r.file;
        let line =
            match r.status {
                ImportStatus::Applied => {
                    format!(
                "{}: {}đã nhập — thêm {}, cập nhật {}, không đổi {}, chờ {}, giải phóng {}{}.",
                file.display(),
                if r.dry_run { "(thử) " } else { "" },
                r.inserted,
                r.updated,
                r.unchanged,
                r.quarantined,
                r.released,
                if r.enrolled { ", đã đăng ký máy gửi" } else { "" }
            )
                }
                ImportStatus::Duplicate => {
                    format!("{}: đã nhập trước đây, không thay đổi gì.", file.display())
                }
                ImportStatus::Rejected => format!(
                    "{}: TỪ CHỐI — {}",
                    file.display(),
                    r.reason.clone().unwrap_or_default()
                ),
            };
        human.push_str(&line);
        human.push('\n');
        for g in &r.gaps {
            human.push_str(&format!("  {}\n", g.message));
        }
    }
    let rejected = reports
        .iter()
        .filter(|r| r.status == ImportStatus::Rejected)
        .count();
    let out = Output {
        human,
        json: json!({"bundles": reports}),
    };
    if rejected > 0 {
        // Print the results, then fail: a script must notice a refused bundle.
        return Err(Failure::Partial(out, rejected));
    }
    Ok(out)
}

fn digest(store: &Store, unit: Option<&str>) -> Run {
    let d = store.digest(unit)?;
    let mut t = Table::new(&["Loại", "Số bản ghi", "SHA-256"]).right_align(1);
    for (name, k) in &d.kinds {
        t.row(vec![
            name.clone(),
            k.count.to_string(),
            k.sha256[..16].to_string() + "…",
        ]);
    }
    Ok(Output {
        human: format!("{}Tổng: {}", t.render(), d.sha256),
        json: json!(d),
    })
}

fn search(store: &Store, text: &str, limit: usize) -> Run {
    let hits = store.search(text, limit)?;
    let mut t = Table::new(&["Loại", "Tên", "Tổ", "Thôn", "Mã"]);
    for h in &hits {
        t.row(vec![
            match h.kind {
                crate::search::HitKind::Member => "thành viên".into(),
                crate::search::HitKind::Team => "tổ".into(),
            },
            h.name.clone(),
            h.team.clone().unwrap_or_default(),
            h.village.clone().unwrap_or_default(),
            h.id.clone(),
        ]);
    }
    Ok(Output {
        human: if hits.is_empty() {
            format!("Không tìm thấy \"{text}\".")
        } else {
            t.render()
        },
        json: json!({"query": text, "hits": hits}),
    })
}

fn check(store: &Store, on: Option<String>) -> Run {
    let on = parse_day(on)?;
    let integrity = store.integrity_problems()?;
    let report = store.compliance(on)?;
    let mut problems = Vec::new();
    for c in &report.communes {
        for v in &c.villages_without_team {
            problems.push(json!({
                "unit": c.unit_code, "rule": "V", "status": "not_met", "team_id": null, "team": null,
                "message": format!("{v} chưa có tổ."),
            }));
        }
    }
    let mut t =
        Table::new(&["Tổ", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "Đạt"]).right_align(9);
    for team in &report.teams {
        let mut row = vec![team.team_name.clone()];
        for r in &team.rules {
            row.push(
                match r.status {
                    Status::Met => "✓",
                    Status::Partial => "½",
                    Status::NotMet => "✗",
                }
                .to_string(),
            );
            if r.status != Status::Met {
                problems.push(json!({
                    "unit": team.owner, "team_id": team.team_id, "team": team.team_name,
                    "rule": r.rule, "status": r.status, "message": r.detail,
                }));
            }
        }
        row.push(format!("{}/8", team.met));
        t.row(row);
    }
    let integrity_text = if integrity.is_empty() {
        "Tệp dữ liệu toàn vẹn.".to_string()
    } else {
        format!("Tệp dữ liệu có lỗi: {}", integrity.join("; "))
    };
    let mut human = format!("{integrity_text}\n\n{}", t.render());
    for c in &report.communes {
        if !c.villages_without_team.is_empty() {
            human.push_str(&format!(
                "\nĐơn vị {}: {} thôn chưa có tổ: {}.",
                c.unit_code,
                c.villages_without_team.len(),
                c.villages_without_team.join(", ")
            ));
        }
    }
    human.push_str("\n\n✓ đạt  ½ đạt một phần  ✗ chưa đạt. Chi tiết: thêm --json.");
    Ok(Output {
        json: json!({
            "integrity": if integrity.is_empty() { json!("ok") } else { json!(integrity) },
            "on": on,
            "problems": problems,
            "teams": report.teams,
            "communes": report.communes,
            "thresholds": report.thresholds,
        }),
        human,
    })
}

fn settings(store: &mut Store, key: Option<String>, value: Option<String>) -> Run {
    if let (Some(key), Some(value)) = (&key, &value) {
        if crate::settings::text_setting(key).is_some() {
            store.set_text_setting(key, value)?;
        } else {
            let spec = crate::settings::setting(key)
                .ok_or_else(|| Error::Refused(format!("không có thiết lập \"{key}\"")))?;
            let number = value.trim().parse::<i64>().map_err(|_| {
                Error::invalid(
                    key,
                    spec.label,
                    format!("\"{value}\" không phải là số nguyên"),
                )
            })?;
            store.set_setting(key, number)?;
        }
    }
    let mut t = Table::new(&["Khóa", "Giá trị", "Ý nghĩa"]).right_align(1);
    let mut map = Map::new();
    for s in crate::settings::SETTINGS {
        if key.as_deref().is_some_and(|k| k != s.key) {
            continue;
        }
        let v = store.get_setting(s.key)?;
        map.insert(s.key.to_string(), json!(v));
        t.row(vec![s.key.to_string(), v.to_string(), s.label.to_string()]);
    }
    let mut texts = String::new();
    for s in crate::settings::TEXT_SETTINGS {
        if key.as_deref().is_some_and(|k| k != s.key) {
            continue;
        }
        let v = store.get_text_setting(s.key)?;
        texts.push_str(&format!(
            "\n{} — {}:\n{}\n",
            s.key,
            s.label,
            if v.is_empty() { "(mặc định)" } else { &v }
        ));
        map.insert(s.key.to_string(), json!(v));
    }
    if let Some(k) = &key {
        if map.is_empty() {
            return Err(Error::Refused(format!("không có thiết lập \"{k}\"")).into());
        }
    }
    Ok(Output {
        human: format!("{}{texts}", t.render()),
        json: json!({"settings": map}),
    })
}

fn document(store: &Store, kind: DocumentKind, args: DocumentArgs) -> Run {
    let on = parse_day(args.on)?;
    // Refuse a wrong extension before doing any work.
    crate::documents::Format::from_path(&args.out)?;
    let doc = store.team_document(kind, &args.team_id, on)?;
    let file = crate::documents::save(&doc, &args.out)?;
    Ok(Output {
        human: format!("Đã ghi {} vào {}.", doc.title, file.display()),
        json: json!({"file": file, "kind": kind, "title": doc.title}),
    })
}

fn parse_sets(sets: &[String]) -> std::result::Result<Fields, Failure> {
    let mut fields = Fields::new();
    for s in sets {
        let (k, v) = s
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("\"{s}\": hãy viết dạng FIELD=VALUE")))?;
        let value = if v.trim().is_empty() {
            Json::Null
        } else {
            Json::String(v.to_string())
        };
        fields.insert(k.trim().to_string(), value);
    }
    Ok(fields)
}

fn saved_output(id: &str, warnings: &[crate::error::FieldProblem], verb: &str) -> Output {
    let mut human = format!("{verb}: {id}");
    for w in warnings {
        human.push_str(&format!("\nLưu ý — {}: {}", w.label, w.message));
    }
    Output {
        human,
        json: json!({"id": id, "warnings": warnings}),
    }
}

fn display_value(field: &crate::kinds::Field, v: &Json) -> String {
    use crate::kinds::FieldType;
    match (field.ty, v) {
        (_, Json::Null) => String::new(),
        (FieldType::Choice(list), Json::String(code)) => crate::kinds::choice_label(list, code),
        (FieldType::Bool, Json::Bool(b)) => if *b { "có" } else { "không" }.into(),
        (FieldType::Money, Json::Number(n)) => {
            format!(
                "{} đồng",
                crate::records::convert::group_thousands(n.as_i64().unwrap_or_default())
            )
        }
        (FieldType::Date, Json::String(s)) => crate::dates::parse_iso(s)
            .map(crate::dates::vn)
            .unwrap_or_else(|| s.clone()),
        (FieldType::PartialDate, Json::String(s)) => crate::dates::PartialDate::from_iso(s)
            .map(|d| d.to_vn())
            .unwrap_or_else(|_| s.clone()),
        (_, Json::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}
