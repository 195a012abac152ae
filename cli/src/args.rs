//! The command line's grammar (DESIGN.md §6): `xungkich --db PATH COMMAND [ARGS]
//! [--json]`. Only argument shapes live here; every command's work is in the engine.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use xungkich::installation::Role;
use xungkich::lists::ListKind;
use xungkich::ops::files::ReportFormat;
use xungkich::units::{Level, UnitSet};

#[derive(Parser, Debug)]
#[command(
    name = "xungkich",
    version,
    about = "Sổ Tổ xung kích: hồ sơ Tổ xung kích, Tổ bảo vệ an ninh, trật tự ở cơ sở",
    long_about = None
)]
pub struct Cli {
    /// Tệp dữ liệu (database file); or set XUNGKICH_DB.
    #[arg(long, global = true, env = "XUNGKICH_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// In một đối tượng JSON (print one JSON object on stdout).
    #[arg(long, global = true)]
    pub json: bool,

    /// Tên người thao tác ghi vào nhật ký (who is recorded in the audit log).
    #[arg(long, global = true, value_name = "NAME")]
    pub actor: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// `--role`: the wire names of [`Role`] (`district` is the receiving unit, a district
/// under the 2008 units or a province under the 2025 ones).
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RoleArg {
    Commune,
    District,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Commune => Role::Commune,
            RoleArg::District => Role::Receiver,
        }
    }
}

/// `--units`: which official list of units.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum UnitSetArg {
    #[value(name = "2008")]
    Y2008,
    #[value(name = "2025")]
    Y2025,
}

impl From<UnitSetArg> for UnitSet {
    fn from(s: UnitSetArg) -> UnitSet {
        match s {
            UnitSetArg::Y2008 => UnitSet::Y2008,
            UnitSetArg::Y2025 => UnitSet::Y2025,
        }
    }
}

/// `--level` of a unit search.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum LevelArg {
    Province,
    District,
    Commune,
}

impl From<LevelArg> for Level {
    fn from(l: LevelArg) -> Level {
        match l {
            LevelArg::Province => Level::Province,
            LevelArg::District => Level::District,
            LevelArg::Commune => Level::Commune,
        }
    }
}

/// `report --format`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormatArg {
    Json,
    Xlsx,
    /// Dự thảo "Báo cáo sơ kết" theo thể thức Nghị định 30/2020 (Word).
    Docx,
}

impl From<ReportFormatArg> for ReportFormat {
    fn from(f: ReportFormatArg) -> ReportFormat {
        match f {
            ReportFormatArg::Json => ReportFormat::Json,
            ReportFormatArg::Xlsx => ReportFormat::Xlsx,
            ReportFormatArg::Docx => ReportFormat::Docx,
        }
    }
}

/// `excel KIND`: which list.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKindArg {
    /// Danh sách thành viên.
    Members,
    /// Trang phục, công cụ, phương tiện đã cấp.
    Equipment,
    /// Sổ quỹ: thu, chi, tồn quỹ.
    Funds,
    /// Sổ hoạt động của tổ.
    Activities,
}

impl From<ListKindArg> for ListKind {
    fn from(k: ListKindArg) -> ListKind {
        match k {
            ListKindArg::Members => ListKind::Members,
            ListKindArg::Equipment => ListKind::Equipment,
            ListKindArg::Funds => ListKind::Funds,
            ListKindArg::Activities => ListKind::Activities,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Thiết lập: xã hoặc đơn vị tiếp nhận (set up as a commune or the receiving unit).
    Init {
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long, value_name = "CODE")]
        unit: String,
        #[arg(long = "units", value_enum, default_value = "2008")]
        unit_set: UnitSetArg,
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
    /// Sao lưu trực tuyến (online backup) vào một tệp, hoặc một thư mục. Ngoài thư mục
    /// dữ liệu (USB), bản sao lưu được mã hóa: chỉ mở được bằng mã khôi phục.
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Bản sao lưu tự động trong thư mục dữ liệu (14 ngày gần nhất, mỗi tháng một bản
    /// trong 12 tháng) và lần chép ra USB gần nhất; --run: sao lưu hôm nay nếu chưa có.
    Backups {
        #[arg(long)]
        run: bool,
    },
    /// Khôi phục từ bản sao lưu (restore; keeps the backup's identity). Bản sao lưu mã
    /// hóa, hoặc máy chưa có khóa của đơn vị: cần mã khôi phục.
    Restore {
        file: PathBuf,
        #[command(flatten)]
        code: CodeArg,
    },
    /// Khôi phục khóa của đơn vị từ mã in trên phiếu khôi phục (máy mới, cài lại máy).
    RestoreKeys {
        #[command(flatten)]
        code: CodeArg,
    },
    /// Phiếu thông tin cá nhân đang lưu về một thành viên (trả lời người có dữ liệu).
    PersonalRecord {
        /// Mã thành viên.
        id: String,
        /// Tệp ra: .html (trang in) hoặc .docx (Word), hoặc một thư mục.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Biên bản xác nhận khóa (hai đơn vị, hai mã xác nhận) để hai bên ký, sau khi xã tin cậy thẻ.
    EnrolmentSheet {
        /// Tệp ra: .html (trang in) hoặc .docx (Word), hoặc một thư mục.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Ngày lập biên bản, dd/mm/yyyy (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// In thẻ đơn vị tiếp nhận (đơn vị, mã xác nhận của thẻ) để phát cho các xã cùng tệp thẻ.
    CardSheet {
        /// Tệp ra: .html (trang in) hoặc .docx (Word), hoặc một thư mục.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Ngày in, dd/mm/yyyy (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// In phiếu khôi phục (mã khôi phục, đơn vị, mã xác nhận) để cất vào tủ an toàn.
    RecoverySheet {
        /// Tệp ra: .html (trang in) hoặc .docx (Word), hoặc một thư mục.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Ngày lập phiếu, dd/mm/yyyy (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Thông tin cài đặt: đơn vị, mã xác nhận (installation and key fingerprint).
    Info,
    /// Tra cứu đơn vị hành chính (look up administrative units).
    Units {
        query: String,
        #[arg(long = "units", value_enum, default_value = "2008")]
        unit_set: UnitSetArg,
        #[arg(long, value_enum)]
        level: Option<LevelArg>,
    },
    /// Đơn vị ban hành gợi ý cho văn bản của một ngày (the issuing units a document dated
    /// --on may name: before 1/7/2025 a 2025 commune's predecessors, most likely first).
    IssuingUnits {
        /// Ngày của văn bản, dd/mm/yyyy (default: today).
        #[arg(long)]
        on: Option<String>,
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
    /// Đã xóa gần đây (recently deleted, 30 days); --restore khôi phục một lần xóa.
    Deleted {
        /// Khôi phục lần xóa này (mã ở cột "Mã"): hồ sơ trở lại với đủ thông tin, và
        /// được gửi đi trong gói sau.
        #[arg(long, value_name = "MÃ")]
        restore: Option<String>,
    },
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
    /// In một quyết định theo mã: thành lập, ban hành quy chế (kèm quy chế), công nhận
    /// thành viên hoặc kiện toàn (.docx hoặc .html).
    PrintDecision {
        /// Mã quyết định (decision id).
        id: String,
        /// Tệp ra: .docx (Word) hoặc .html (trang in), hoặc một thư mục.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Ngày lập dự thảo, dd/mm/yyyy (default: today); a recorded decision keeps its date.
        #[arg(long)]
        on: Option<String>,
    },
    /// Danh sách thành viên kèm theo quyết định (.docx hoặc .html).
    MemberList(DocumentArgs),
    /// Quy chế hoạt động của tổ (.docx hoặc .html).
    Regulation(DocumentArgs),
    /// Lịch sử thay đổi của một hồ sơ (audit log).
    History { id: String },
    /// Lưu văn bản như đã ký của một quyết định đã ký (có số, ngày) ghi từ trước phiên bản
    /// này: từ đó in đúng như vậy mãi. Hãy in ra đối chiếu với bản giấy trước.
    FreezeDecision {
        /// Mã quyết định; bỏ trống khi dùng --all.
        id: Option<String>,
        /// Mọi quyết định đã ký của đơn vị chưa lưu văn bản.
        #[arg(long)]
        all: bool,
    },
    /// Gửi dữ liệu hằng tháng: chương trình tự chọn gói (đầy đủ lần đầu, phần chưa được
    /// xác nhận khi đơn vị tiếp nhận báo thiếu, còn lại các thay đổi từ lần gửi trước).
    Send {
        /// Tệp gói, hoặc thư mục (thường là USB).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
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
        /// Ghi gói KHÔNG mã hoá (khi chưa có thẻ của đơn vị tiếp nhận, hoặc xã chưa gửi
        /// khoá): ai cầm USB cũng đọc được dữ liệu cá nhân trong gói.
        #[arg(long)]
        unencrypted: bool,
        /// Xuất mọi thay đổi đơn vị tiếp nhận chưa xác nhận trong biên nhận (kể cả
        /// những gói đã xuất mà bị mất); chưa có biên nhận thì bằng bản đầy đủ.
        #[arg(long, conflicts_with = "full")]
        unconfirmed: bool,
    },
    /// Ghi biên nhận (receipt) cho một xã: đơn vị tiếp nhận đã nhận dữ liệu nào của xã.
    /// Xã nhập tệp này như một gói dữ liệu.
    Receipt {
        /// Mã xã.
        #[arg(long, value_name = "MÃ_XÃ")]
        unit: String,
        /// Tệp biên nhận, hoặc thư mục (tên tệp theo đơn vị và ngày).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Ghi thẻ của đơn vị tiếp nhận (receiver card) ra tệp để trao cho các xã.
    ReceiverCard {
        /// Tệp thẻ, hoặc thư mục (tên tệp theo mã đơn vị).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Bản khôi phục cho một xã hỏng máy (recovery bundle): mọi hồ sơ của xã mà đơn vị
    /// tiếp nhận đang giữ, mã hoá cho máy mới của xã (đã đăng ký mã xác nhận).
    Recovery {
        /// Mã xã.
        #[arg(long, value_name = "MÃ_XÃ")]
        unit: String,
        /// Tệp, hoặc thư mục (tên tệp theo mã xã và ngày).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Tin cậy thẻ của đơn vị tiếp nhận (trust a receiver card), sau khi đối chiếu mã xác nhận qua điện thoại.
    Trust {
        file: PathBuf,
        /// Mã xác nhận do cán bộ đơn vị tiếp nhận đọc qua điện thoại (6 nhóm 4 ký tự).
        #[arg(long, value_name = "MÃ_XÁC_NHẬN")]
        fingerprint: String,
    },
    /// Nhập các gói dữ liệu (import bundles: files or folders of .zip).
    Import {
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// Đăng ký máy gửi lần đầu có khóa mang mã xác nhận này, sau khi đã gọi điện đối chiếu
        /// (lặp lại cho mỗi máy gửi; máy lạ khác trong cùng thư mục vẫn bị từ chối).
        #[arg(long, value_name = "MÃ_XÁC_NHẬN")]
        enrol: Vec<String>,
        /// Đăng ký lại máy đã đăng ký (khóa mới, hoặc máy đã thu hồi) với khóa mang mã xác nhận
        /// này, sau khi đã đối chiếu.
        #[arg(long, value_name = "MÃ_XÁC_NHẬN")]
        re_enrol: Vec<String>,
        /// Chỉ kiểm tra và cho biết sẽ thay đổi gì, không ghi.
        #[arg(long)]
        dry_run: bool,
    },
    /// Nhập danh sách thành viên có sẵn từ tệp Excel (.xlsx, .xls) hoặc CSV, kể cả tệp gõ
    /// bằng phông TCVN3 (.VnTime) hay VNI (import an existing member list).
    ImportMembers {
        file: PathBuf,
        /// Tổ nhận các thành viên (mã tổ); không cần nếu tệp có cột Tổ.
        #[arg(long, value_name = "MÃ_TỔ")]
        team: Option<String>,
        /// Trang cần đọc; mặc định trang đầu tiên có danh sách thành viên.
        #[arg(long)]
        sheet: Option<String>,
        /// Sửa cách hiểu một cột: CỘT=LOẠI, ví dụ C=birth_date, hoặc C=- để bỏ qua cột C
        /// (lặp lại cho mỗi cột; các loại: full_name, birth_date, sex, id_number,
        /// village, address, role, phone, team, …).
        #[arg(long = "column", value_name = "CỘT=LOẠI")]
        columns: Vec<String>,
        /// Chỉ kiểm tra và liệt kê các dòng có vấn đề, không ghi.
        #[arg(long)]
        dry_run: bool,
    },
    /// Nhập danh sách người dự một lớp tập huấn từ tệp Excel hoặc CSV: tìm thành viên theo
    /// số định danh, không có thì theo họ tên và ngày sinh (import a training's roll).
    ImportRoll {
        file: PathBuf,
        /// Mã lớp tập huấn.
        #[arg(long, value_name = "MÃ_LỚP")]
        training: String,
        #[arg(long)]
        sheet: Option<String>,
        /// Sửa cách hiểu một cột: CỘT=LOẠI (full_name, birth_date, id_number, result, …).
        #[arg(long = "column", value_name = "CỘT=LOẠI")]
        columns: Vec<String>,
        /// Chỉ kiểm tra và liệt kê các dòng có vấn đề, không ghi.
        #[arg(long)]
        dry_run: bool,
    },
    /// Các máy gửi đã đăng ký (enrolled senders); --revoke thôi nhận gói của một máy.
    Senders {
        /// Thu hồi đăng ký của máy gửi này (mã cài đặt, xem cột "Máy"): hồ sơ đã nhập
        /// vẫn giữ, các gói sau của máy bị từ chối.
        #[arg(long, value_name = "MÃ_MÁY")]
        revoke: Option<String>,
    },
    /// Hồ sơ đang chờ (quarantine), dữ liệu còn thiếu (gaps) và, ở xã, biên nhận mới nhất.
    Pending,
    /// Báo cáo sơ kết theo xã và theo tổ (summary report per commune and per team).
    Report {
        /// json, xlsx hoặc docx (dự thảo báo cáo sơ kết); mặc định theo đuôi của --out, hoặc bảng trên màn hình.
        #[arg(long, value_enum)]
        format: Option<ReportFormatArg>,
        /// Tệp báo cáo, hoặc thư mục (tên tệp theo đơn vị và ngày).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Ngày số liệu, dd/mm/yyyy (default: the period's last day, or today).
        #[arg(long)]
        on: Option<String>,
        #[command(flatten)]
        period: PeriodArgs,
        /// Kèm danh sách thành viên (dữ liệu cá nhân): chỉ khi thật cần.
        #[arg(long)]
        members: bool,
    },
    /// Xuất danh sách ra Excel (.xlsx) để dùng và in: thành viên, trang phục và công cụ đã
    /// cấp, sổ quỹ; của một tổ (--team) hoặc cả xã. Not `list KIND`: that one prints
    /// records.
    Excel {
        /// members (thành viên), equipment (trang phục, công cụ), funds (sổ quỹ) hoặc
        /// activities (sổ hoạt động).
        #[arg(value_enum)]
        kind: ListKindArg,
        /// Mã tổ; bỏ trống: cả xã (mọi tổ).
        #[arg(long, value_name = "TEAM_ID")]
        team: Option<String>,
        /// Kèm các cột dữ liệu cá nhân (ngày sinh, dân tộc, tôn giáo, giấy tờ, nơi cư trú,
        /// đảng viên, điện thoại; người nộp, người nhận tiền), dưới dòng cảnh báo.
        #[arg(long)]
        personal_data: bool,
        /// Thành viên: kèm cả người đã thôi tham gia (ngày thôi, lý do).
        #[arg(long)]
        former: bool,
        /// Tính đến ngày, dd/mm/yyyy (default: today).
        #[arg(long)]
        on: Option<String>,
        /// Tệp .xlsx, hoặc một thư mục (tên tệp đặt theo danh sách, xã, tổ, ngày).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Hồ sơ lưu trữ của một tổ (mục lục, quyết định như đã ký, bản chụp, danh sách thành
    /// viên, quy chế, sổ hoạt động, sổ quỹ, trang bị): một tệp .zip hoặc một thư mục.
    Dossier {
        /// Mã tổ.
        #[arg(long, value_name = "TEAM_ID")]
        team: String,
        /// Tệp .zip; hoặc một thư mục chưa có (sẽ tạo); hoặc một thư mục đã có (hồ sơ
        /// được tạo bên trong, tên theo tổ, xã, ngày).
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Kèm dữ liệu cá nhân trong danh sách thành viên (Excel), dưới dòng cảnh báo.
        #[arg(long)]
        personal_data: bool,
        /// Ngày lập, dd/mm/yyyy (default: today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Dự thảo tờ trình đề nghị khen thưởng: các đề nghị trong kỳ chưa được khen (.docx hoặc .html).
    Proposals {
        /// Tệp .docx (hoặc .html) sẽ ghi.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        period: PeriodArgs,
    },
}

/// A report's period: at most one of a month, a quarter, a year or a run of days.
#[derive(clap::Args, Debug)]
pub struct PeriodArgs {
    /// Kỳ là một tháng, mm/yyyy (a month).
    #[arg(long, value_name = "MM/YYYY", conflicts_with_all = ["quarter", "year", "from"])]
    pub month: Option<String>,
    /// Kỳ là một quý, q/yyyy hoặc IV/yyyy.
    #[arg(long, value_name = "Q/YYYY", conflicts_with_all = ["year", "from"])]
    pub quarter: Option<String>,
    /// Kỳ là một năm, yyyy (default: this year).
    #[arg(long, value_name = "YYYY", conflicts_with = "from")]
    pub year: Option<String>,
    /// Kỳ từ ngày, dd/mm/yyyy (with --to).
    #[arg(long, value_name = "DD/MM/YYYY", requires = "to")]
    pub from: Option<String>,
    /// Kỳ đến ngày, dd/mm/yyyy (with --from).
    #[arg(long, value_name = "DD/MM/YYYY", requires = "from")]
    pub to: Option<String>,
}

/// The recovery code: `--code`, or the variable XUNGKICH_RECOVERY_CODE (kept out of the
/// shell's history and of the process list).
#[derive(clap::Args, Debug)]
pub struct CodeArg {
    /// Mã khôi phục in trên phiếu khôi phục (56 ký tự, 14 nhóm; or set
    /// XUNGKICH_RECOVERY_CODE).
    #[arg(
        long = "code",
        value_name = "MÃ",
        env = "XUNGKICH_RECOVERY_CODE",
        hide_env_values = true
    )]
    pub code: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct DocumentArgs {
    /// Mã tổ (team id).
    pub team_id: String,
    /// Tệp ra: .docx (Word) hoặc .html (trang in), hoặc một thư mục.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Ngày lập dự thảo, dd/mm/yyyy (default: today); a recorded decision keeps its date.
    #[arg(long)]
    pub on: Option<String>,
}
