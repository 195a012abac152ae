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
}

const fn f(name: &'static str, label: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        label,
        ty,
        required: false,
        sensitivity: Sensitivity::Normal,
    }
}

const fn req(name: &'static str, label: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        label,
        ty,
        required: true,
        sensitivity: Sensitivity::Normal,
    }
}

const fn sensitive(field: Field) -> Field {
    Field {
        sensitivity: Sensitivity::Sensitive,
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

impl Kind {
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

// ---- Choice lists -------------------------------------------------------------------

pub const VILLAGE_TYPES: &[(&str, &str)] = &[
    ("thon", "Thôn"),
    ("ban", "Bản"),
    ("lang", "Làng"),
    ("ap", "Ấp"),
    ("buon", "Buôn"),
    ("bon", "Bon"),
    ("phum", "Phum"),
    ("soc", "Sóc"),
    ("tieu_khu", "Tiểu khu"),
    ("khu_dan_cu", "Khu dân cư"),
    ("to_dan_pho", "Tổ dân phố"),
    ("khu_pho", "Khu phố"),
    ("khoi_pho", "Khối phố"),
    ("khom", "Khóm"),
];

pub const MODEL_TYPES: &[(&str, &str)] = &[
    (
        "to_xung_kich_tu_quan_antt",
        "Tổ xung kích tự quản về an ninh trật tự (mô hình 2014)",
    ),
    ("to_bao_ve_antt", "Tổ bảo vệ an ninh, trật tự (Luật 2023)"),
    ("to_an_ninh_nhan_dan", "Tổ an ninh nhân dân"),
    ("to_tu_quan", "Tổ tự quản"),
    ("doi_thanh_nien_xung_kich", "Đội thanh niên xung kích"),
    ("khac", "Mô hình khác"),
];

pub const TEAM_STATUSES: &[(&str, &str)] = &[
    ("hoat_dong", "Đang hoạt động"),
    ("tam_dung", "Tạm dừng"),
    ("giai_the", "Giải thể"),
    ("sap_nhap", "Sáp nhập"),
];

pub const RATINGS: &[(&str, &str)] = &[
    ("tot", "Tốt"),
    ("kha", "Khá"),
    ("trung_binh", "Trung bình"),
    ("yeu", "Yếu"),
];

pub const DECISION_TYPES: &[(&str, &str)] = &[
    ("thanh_lap", "Quyết định thành lập"),
    ("cong_nhan_thanh_vien", "Quyết định công nhận thành viên"),
    ("kien_toan", "Quyết định kiện toàn, bổ sung thành viên"),
    ("ban_hanh_quy_che", "Quyết định ban hành quy chế hoạt động"),
    ("giai_the", "Quyết định giải thể"),
    ("khac", "Quyết định khác"),
];

/// Who signs, which drives both the authority line and the signature block of the
/// founding decision (domain.md §1.4).
pub const AUTHORITY_TYPES: &[(&str, &str)] = &[
    ("chu_tich", "Chủ tịch UBND ký"),
    (
        "kt_chu_tich",
        "Phó Chủ tịch ký thay Chủ tịch (KT. CHỦ TỊCH)",
    ),
    ("tm_ubnd", "Chủ tịch ký thay mặt UBND (TM. ỦY BAN NHÂN DÂN)"),
    (
        "tm_ubnd_kt_chu_tich",
        "Phó Chủ tịch ký, TM. UBND / KT. CHỦ TỊCH",
    ),
];

pub const DECISION_STATES: &[(&str, &str)] = &[
    ("du_thao", "Dự thảo"),
    ("da_ky", "Đã ký"),
    ("da_cap_so", "Đã ký, đã vào sổ (có số)"),
];

pub const PROGRAMMES: &[(&str, &str)] = &[
    ("nong_thon_moi", "Xây dựng nông thôn mới"),
    (
        "doi_song_van_hoa",
        "Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư",
    ),
    ("dan_van_kheo", "Phong trào \"Dân vận khéo\""),
    ("mttq", "Mặt trận Tổ quốc"),
    ("hoi_cuu_chien_binh", "Hội Cựu chiến binh"),
    ("hoi_nong_dan", "Hội Nông dân"),
    ("hoi_phu_nu", "Hội Liên hiệp Phụ nữ"),
    ("doan_thanh_nien", "Đoàn Thanh niên"),
    ("khac", "Chương trình khác"),
];

pub const SEXES: &[(&str, &str)] = &[("nam", "Nam"), ("nu", "Nữ")];

pub const ROLES: &[(&str, &str)] = &[
    ("to_truong", "Tổ trưởng"),
    ("to_pho", "Tổ phó"),
    ("to_vien", "Tổ viên"),
];

/// The 54 ethnic groups by their GSO codes, plus the two extra codes seen in
/// civil-registry data (domain.md §3.2).
pub const ETHNICITIES: &[(&str, &str)] = &[
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Hoa"),
    ("05", "Khơ-me"),
    ("06", "Mường"),
    ("07", "Nùng"),
    ("08", "Hmông"),
    ("09", "Dao"),
    ("10", "Gia-rai"),
    ("11", "Ngái"),
    ("12", "Ê-đê"),
    ("13", "Ba-na"),
    ("14", "Xơ-Đăng"),
    ("15", "Sán Chay"),
    ("16", "Cơ-ho"),
    ("17", "Chăm"),
    ("18", "Sán Dìu"),
    ("19", "Hrê"),
    ("20", "Mnông"),
    ("21", "Ra-glai"),
    ("22", "Xtiêng"),
    ("23", "Bru-Vân Kiều"),
    ("24", "Thổ"),
    ("25", "Giáy"),
    ("26", "Cơ-tu"),
    ("27", "Gié-Triêng"),
    ("28", "Mạ"),
    ("29", "Khơ-mú"),
    ("30", "Co"),
    ("31", "Tà-ôi"),
    ("32", "Chơ-ro"),
    ("33", "Kháng"),
    ("34", "Xinh-mun"),
    ("35", "Hà Nhì"),
    ("36", "Chu-ru"),
    ("37", "Lào"),
    ("38", "La Chí"),
    ("39", "La Ha"),
    ("40", "Phù Lá"),
    ("41", "La Hủ"),
    ("42", "Lự"),
    ("43", "Lô Lô"),
    ("44", "Chứt"),
    ("45", "Mảng"),
    ("46", "Pà Thẻn"),
    ("47", "Cơ Lao"),
    ("48", "Cống"),
    ("49", "Bố Y"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Brâu"),
    ("53", "Ơ Đu"),
    ("54", "Rơ-măm"),
    ("55", "Người nước ngoài"),
    ("56", "Không rõ"),
];

pub const ID_DOC_TYPES: &[(&str, &str)] = &[
    ("the_can_cuoc", "Thẻ căn cước"),
    ("cccd", "Căn cước công dân"),
    ("cmnd", "Chứng minh nhân dân (9 số, cũ)"),
    ("ho_chieu", "Hộ chiếu"),
];

/// Education levels in increasing order (the order matters for rule C3).
pub const EDUCATION_LEVELS: &[(&str, &str)] = &[
    ("chua_tot_nghiep_tieu_hoc", "Chưa tốt nghiệp tiểu học"),
    ("tieu_hoc", "Tiểu học"),
    ("thcs", "Trung học cơ sở"),
    ("thpt", "Trung học phổ thông"),
    ("trung_cap", "Trung cấp"),
    ("cao_dang", "Cao đẳng"),
    ("dai_hoc", "Đại học"),
    ("sau_dai_hoc", "Sau đại học"),
];

pub const POLITICAL_THEORY: &[(&str, &str)] = &[
    ("so_cap", "Sơ cấp"),
    ("trung_cap", "Trung cấp"),
    ("cao_cap", "Cao cấp"),
];

/// Items issued to teams and people. The category prefix says what rule C7 counts:
/// `trang_phuc` (uniform), `cong_cu` (support tool, regulated), `phuong_tien` (equipment).
pub const EQUIPMENT_ITEMS: &[(&str, &str)] = &[
    ("trang_phuc_quan_ao", "Quần áo đồng phục"),
    ("trang_phuc_mu", "Mũ"),
    ("trang_phuc_giay", "Giày"),
    ("trang_phuc_bien_hieu", "Biển hiệu"),
    ("trang_phuc_ao_mua", "Áo mưa"),
    ("cong_cu_gay_cao_su", "Gậy cao su"),
    ("cong_cu_gay_dien", "Gậy điện"),
    ("cong_cu_khoa_so_8", "Khóa số 8"),
    ("cong_cu_binh_xit_cay", "Bình xịt hơi cay"),
    ("phuong_tien_den_pin", "Đèn pin"),
    ("phuong_tien_coi", "Còi"),
    ("phuong_tien_bo_dam", "Bộ đàm"),
    ("phuong_tien_xe", "Xe tuần tra"),
    ("phuong_tien_khac", "Phương tiện khác"),
];

pub const EQUIPMENT_SOURCES: &[(&str, &str)] = &[
    ("ngan_sach", "Ngân sách"),
    ("cong_an_cap", "Công an cấp"),
    ("dong_gop_nhan_dan", "Nhân dân đóng góp"),
    ("tai_tro", "Tài trợ"),
    ("khac", "Khác"),
];

pub const CONDITIONS: &[(&str, &str)] = &[("tot", "Tốt"), ("hong", "Hỏng"), ("mat", "Mất")];

pub const FUND_DIRECTIONS: &[(&str, &str)] = &[("thu", "Thu"), ("chi", "Chi")];

pub const FUND_SOURCES: &[(&str, &str)] = &[
    ("ngan_sach_xa", "Ngân sách xã"),
    ("dong_gop_nhan_dan", "Đóng góp tự nguyện của nhân dân"),
    ("tai_tro", "Tài trợ"),
    ("khac", "Khác"),
];

pub const TRAINING_RESULTS: &[(&str, &str)] =
    &[("dat", "Đạt"), ("khong_dat", "Không đạt"), ("vang", "Vắng")];

pub const COMMENDATION_FORMS: &[(&str, &str)] = &[
    ("giay_khen", "Giấy khen"),
    ("bang_khen", "Bằng khen"),
    ("ky_niem_chuong", "Kỷ niệm chương"),
    ("thu_khen", "Thư khen"),
    ("khac", "Hình thức khác"),
];

pub const ACTIVITY_TYPES: &[(&str, &str)] = &[
    ("tuan_tra", "Tuần tra, canh gác"),
    ("hoa_giai", "Hòa giải"),
    ("tin_bao", "Tiếp nhận tin báo, tố giác"),
    ("tuyen_truyen", "Tuyên truyền"),
    ("nam_tinh_hinh", "Nắm tình hình"),
    ("ho_tro_cu_tru", "Hỗ trợ quản lý cư trú"),
    ("pccc_cnch", "Hỗ trợ PCCC, cứu nạn"),
    ("giao_duc_vi_pham", "Giáo dục người vi phạm"),
    ("khac", "Hoạt động khác"),
];

pub const PROPAGANDA_FORMS: &[(&str, &str)] = &[
    ("hoi_nghi", "Hội nghị, họp dân"),
    ("loa", "Loa truyền thanh"),
    ("to_roi", "Tờ rơi, pa nô"),
    ("mang_xa_hoi", "Zalo, mạng xã hội"),
    ("truc_tiep", "Gặp trực tiếp"),
];

pub const MEDIATION_RESULTS: &[(&str, &str)] = &[
    ("thanh", "Hòa giải thành"),
    ("khong_thanh", "Hòa giải không thành"),
    ("chuyen", "Chuyển Tổ hòa giải / cơ quan chức năng"),
];

// ---- Kinds --------------------------------------------------------------------------

use FieldType::*;

pub static VILLAGE: Kind = Kind {
    name: "village",
    table: "villages",
    label: "thôn, tổ dân phố",
    searchable: true,
    receiver_creates: false,
    fields: &[
        req("name", "Tên thôn, tổ dân phố", NAME),
        req("village_type", "Loại", Choice(VILLAGE_TYPES)),
        f("households", "Số hộ", COUNT),
        f("population", "Số nhân khẩu", COUNT),
        f("valid_from", "Có từ ngày", Date),
        f("valid_to", "Đến ngày", Date),
        f("note", "Ghi chú", LONG),
    ],
};

pub static TEAM: Kind = Kind {
    name: "team",
    table: "teams",
    label: "tổ",
    searchable: true,
    receiver_creates: false,
    fields: &[
        req("name", "Tên tổ", NAME),
        req("model_type", "Loại mô hình", Choice(MODEL_TYPES)),
        req("status", "Trạng thái", Choice(TEAM_STATUSES)),
        f("status_date", "Trạng thái từ ngày", Date),
        f("launch_date", "Ngày ra mắt", Date),
        f("base_location", "Địa điểm làm việc, điểm trực", SHORT),
        f("yearly_rating", "Xếp loại năm", Choice(RATINGS)),
        f(
            "rating_year",
            "Năm xếp loại",
            Int {
                min: 1990,
                max: 2100,
            },
        ),
        f(
            "min_members",
            "Số thành viên tối thiểu",
            Int { min: 0, max: 1000 },
        ),
        f(
            "max_members",
            "Số thành viên tối đa",
            Int { min: 0, max: 1000 },
        ),
        f("note", "Ghi chú", LONG),
    ],
};

pub static TEAM_VILLAGE: Kind = Kind {
    name: "team_village",
    table: "team_villages",
    label: "địa bàn của tổ",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        req("village_id", "Thôn, tổ dân phố", Ref("village")),
    ],
};

pub static TEAM_STATUS: Kind = Kind {
    name: "team_status",
    table: "team_statuses",
    label: "lịch sử trạng thái tổ",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        req("status", "Trạng thái", Choice(TEAM_STATUSES)),
        f("since", "Từ ngày", Date),
        f("note", "Ghi chú", SHORT),
    ],
};

pub static DECISION: Kind = Kind {
    name: "decision",
    table: "decisions",
    label: "quyết định",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        req("decision_type", "Loại quyết định", Choice(DECISION_TYPES)),
        req("state", "Tình trạng", Choice(DECISION_STATES)),
        f(
            "number",
            "Số",
            Int {
                min: 1,
                max: 99_999,
            },
        ),
        f("symbol", "Ký hiệu", Text { max: 40 }),
        f("decision_date", "Ngày ký", Date),
        f("authority_type", "Thẩm quyền ký", Choice(AUTHORITY_TYPES)),
        f("signer_name", "Người ký", NAME),
        f("summary", "Trích yếu", SHORT),
        f("proposer", "Cơ quan đề nghị", SHORT),
        f("scan_sha256", "Bản chụp quyết định đã ký", Attachment),
        f("note", "Ghi chú", LONG),
    ],
};

pub static REGULATION: Kind = Kind {
    name: "regulation",
    table: "regulations",
    label: "quy chế hoạt động",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        req("title", "Tên quy chế", SHORT),
        f("decision_id", "Quyết định ban hành", Ref("decision")),
        f("issued_date", "Ngày ban hành", Date),
        f("content", "Nội dung", LONG),
    ],
};

pub static DUTY: Kind = Kind {
    name: "duty",
    table: "duties",
    label: "nhiệm vụ",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        f("regulation_id", "Quy chế", Ref("regulation")),
        f(
            "position",
            "Thứ tự",
            Int {
                min: 0,
                max: 10_000,
            },
        ),
        req("content", "Nội dung nhiệm vụ", LONG),
    ],
};

pub static PROGRAMME_LINK: Kind = Kind {
    name: "programme_link",
    table: "programme_links",
    label: "liên kết chương trình",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        req("programme", "Chương trình, phong trào", Choice(PROGRAMMES)),
        f("since", "Từ ngày", Date),
        f("description", "Nội dung lồng ghép", LONG),
    ],
};

pub static MEMBER: Kind = Kind {
    name: "member",
    table: "members",
    label: "thành viên",
    searchable: true,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        req("full_name", "Họ và tên", NAME),
        f("sort_name", "Tên dùng để sắp xếp", NAME),
        req("role", "Chức danh trong tổ", Choice(ROLES)),
        f("birth_date", "Ngày sinh", PartialDate),
        req("sex", "Giới tính", Choice(SEXES)),
        sensitive(f("ethnicity", "Dân tộc", Choice(ETHNICITIES))),
        sensitive(f("religion", "Tôn giáo", Text { max: 100 })),
        f("id_doc_type", "Loại giấy tờ", Choice(ID_DOC_TYPES)),
        f("id_number", "Số định danh cá nhân", IdNumber),
        f("village_id", "Thôn nơi cư trú", Ref("village")),
        f("address", "Nơi cư trú", SHORT),
        f("residence_since", "Cư trú từ", PartialDate),
        f("education", "Trình độ học vấn", Choice(EDUCATION_LEVELS)),
        f("qualification", "Trình độ chuyên môn", SHORT),
        f(
            "political_theory",
            "Lý luận chính trị",
            Choice(POLITICAL_THEORY),
        ),
        sensitive(f("party_member", "Đảng viên", Bool)),
        sensitive(f("party_join_date", "Ngày vào Đảng", PartialDate)),
        f("youth_union", "Đoàn viên", Bool),
        f("associations", "Hội viên các hội", SHORT),
        f("occupation", "Nghề nghiệp", SHORT),
        f("posts_held", "Chức vụ đoàn thể, thôn", SHORT),
        f("phone", "Số điện thoại", Phone),
        f("health_cert_date", "Ngày cấp giấy khám sức khỏe", Date),
        f("application_complete", "Đủ hồ sơ tuyển chọn", Bool),
        f("certificate_number", "Số giấy chứng nhận", Text { max: 40 }),
        f("certificate_date", "Ngày cấp giấy chứng nhận", Date),
        f("badge_number", "Số biển hiệu", Text { max: 40 }),
        f("joined_date", "Ngày tham gia", Date),
        f("exit_date", "Ngày thôi tham gia", Date),
        f("exit_reason", "Lý do thôi tham gia", SHORT),
        f("exit_decision_id", "Quyết định cho thôi", Ref("decision")),
        f("note", "Ghi chú", LONG),
    ],
};

pub static MEMBER_ROLE: Kind = Kind {
    name: "member_role",
    table: "member_roles",
    label: "lịch sử chức danh",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("member_id", "Thành viên", Ref("member")),
        req("role", "Chức danh", Choice(ROLES)),
        f("from_date", "Từ ngày", Date),
        f("to_date", "Đến ngày", Date),
        f("decision_id", "Quyết định", Ref("decision")),
    ],
};

pub static EQUIPMENT: Kind = Kind {
    name: "equipment",
    table: "equipment_issues",
    label: "trang phục, công cụ, phương tiện",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        f("member_id", "Cấp cho thành viên", Ref("member")),
        req("item", "Loại", Choice(EQUIPMENT_ITEMS)),
        f("description", "Mô tả", SHORT),
        req(
            "quantity",
            "Số lượng",
            Int {
                min: 1,
                max: 100_000,
            },
        ),
        req("issue_date", "Ngày cấp", Date),
        f("source", "Nguồn", Choice(EQUIPMENT_SOURCES)),
        f("condition", "Tình trạng", Choice(CONDITIONS)),
        f("returned_date", "Ngày thu hồi", Date),
        f("note", "Ghi chú", LONG),
    ],
};

pub static FUND_ENTRY: Kind = Kind {
    name: "fund_entry",
    table: "fund_entries",
    label: "khoản thu chi",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        req("entry_date", "Ngày", Date),
        req("direction", "Thu / chi", Choice(FUND_DIRECTIONS)),
        req("amount", "Số tiền (đồng)", Money),
        f("source", "Nguồn", Choice(FUND_SOURCES)),
        f("counterparty", "Người nộp / người nhận", NAME),
        f("voucher_number", "Số chứng từ", Text { max: 40 }),
        f("purpose", "Nội dung", SHORT),
        f("disclosed", "Đã công khai", Bool),
    ],
};

pub static TRAINING: Kind = Kind {
    name: "training",
    table: "trainings",
    label: "lớp tập huấn",
    searchable: false,
    receiver_creates: true,
    fields: &[
        req("title", "Tên lớp tập huấn", SHORT),
        f("organiser", "Đơn vị tổ chức", SHORT),
        req("start_date", "Từ ngày", Date),
        f("end_date", "Đến ngày", Date),
        f("location", "Địa điểm", SHORT),
        f("content", "Nội dung", LONG),
    ],
};

pub static TRAINING_ATTENDANCE: Kind = Kind {
    name: "training_attendance",
    table: "training_attendances",
    label: "người dự tập huấn",
    searchable: false,
    receiver_creates: true,
    fields: &[
        req("training_id", "Lớp tập huấn", Ref("training")),
        req("member_id", "Thành viên", Ref("member")),
        req("result", "Kết quả", Choice(TRAINING_RESULTS)),
    ],
};

pub static COMMENDATION: Kind = Kind {
    name: "commendation",
    table: "commendations",
    label: "khen thưởng",
    searchable: false,
    receiver_creates: true,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        f("member_id", "Cá nhân được khen", Ref("member")),
        req("form", "Hình thức", Choice(COMMENDATION_FORMS)),
        req("authority", "Cấp khen", SHORT),
        f("decision_number", "Số quyết định", Text { max: 40 }),
        req("decision_date", "Ngày quyết định", Date),
        f("achievement", "Thành tích", LONG),
    ],
};

pub static ACTIVITY: Kind = Kind {
    name: "activity",
    table: "activities",
    label: "hoạt động",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        req("activity_type", "Loại hoạt động", Choice(ACTIVITY_TYPES)),
        req("activity_date", "Ngày", Date),
        f("start_time", "Từ giờ", Time),
        f("end_time", "Đến giờ", Time),
        f("location", "Địa bàn, tuyến", SHORT),
        f("content", "Nội dung", LONG),
        f("result", "Kết quả, cách xử lý", LONG),
        f("participants", "Số người tham gia", COUNT),
        f("audience", "Số người dự (tuyên truyền)", COUNT),
        f(
            "propaganda_form",
            "Hình thức tuyên truyền",
            Choice(PROPAGANDA_FORMS),
        ),
        f("dispute_type", "Loại việc hòa giải", SHORT),
        f(
            "mediation_result",
            "Kết quả hòa giải",
            Choice(MEDIATION_RESULTS),
        ),
        confidential(f("reporter", "Người báo tin (giữ bí mật)", SHORT)),
        f(
            "passed_to_police_at",
            "Thời điểm chuyển Công an xã",
            Text { max: 40 },
        ),
        f("coordinated_with", "Phối hợp với", SHORT),
    ],
};

pub static ACTIVITY_PARTICIPANT: Kind = Kind {
    name: "activity_participant",
    table: "activity_participants",
    label: "người tham gia hoạt động",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("activity_id", "Hoạt động", Ref("activity")),
        req("member_id", "Thành viên", Ref("member")),
    ],
};

pub static INSPECTION: Kind = Kind {
    name: "inspection",
    table: "inspections",
    label: "kiểm tra",
    searchable: false,
    receiver_creates: true,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        req("inspection_date", "Ngày kiểm tra", Date),
        req("inspecting_unit", "Đơn vị kiểm tra", SHORT),
        f("c1_ok", "C1 Quyết định thành lập", Bool),
        f("c2_ok", "C2 Hồ sơ cập nhật", Bool),
        f("c3_ok", "C3 Thành viên đủ điều kiện", Bool),
        f("c4_ok", "C4 Quy chế, nhiệm vụ", Bool),
        f("c5_ok", "C5 Lồng ghép phong trào", Bool),
        f("c6_ok", "C6 Tuyên truyền, đóng góp", Bool),
        f("c7_ok", "C7 Kiểm tra, trang bị, huấn luyện", Bool),
        f("c8_ok", "C8 Khen thưởng", Bool),
        f("findings", "Nhận xét", LONG),
        f("recommendations", "Kiến nghị", LONG),
        f("deadline", "Hạn khắc phục", Date),
        f("follow_up", "Kết quả khắc phục", LONG),
    ],
};

/// A commune's report of what it has done about a (district's) inspection: written by
/// the team's own commune, it travels to the receiving unit in the commune's bundle and
/// ends the inspection's overdue deadline there. (The inspection itself belongs to the
/// unit that inspected, so the commune cannot write into it.)
pub static INSPECTION_FOLLOW_UP: Kind = Kind {
    name: "inspection_follow_up",
    table: "inspection_follow_ups",
    label: "báo cáo khắc phục",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req("inspection_id", "Lần kiểm tra", Ref("inspection")),
        req("report_date", "Ngày báo cáo", Date),
        req("content", "Kết quả khắc phục", LONG),
    ],
};

pub static DOCUMENT: Kind = Kind {
    name: "document",
    table: "documents",
    label: "tài liệu đính kèm",
    searchable: false,
    receiver_creates: true,
    fields: &[
        req("team_id", "Tổ", Ref("team")),
        f("member_id", "Thành viên", Ref("member")),
        req("title", "Tên tài liệu", SHORT),
        req("sha256", "Tệp", Attachment),
        f("file_name", "Tên tệp", Text { max: 255 }),
        f("doc_date", "Ngày", Date),
    ],
};

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
    &PROGRAMME_LINK,
    &MEMBER,
    &MEMBER_ROLE,
    &EQUIPMENT,
    &FUND_ENTRY,
    &TRAINING,
    &TRAINING_ATTENDANCE,
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
    json!({ "kinds": kinds })
}

/// The label of a choice code, or the code itself when unknown (a newer version's code).
pub fn choice_label(list: &[(&'static str, &'static str)], code: &str) -> String {
    list.iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| l.to_string())
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_catalogue_json_describes_every_field() {
        let c = catalogue_json();
        let kinds = c["kinds"].as_array().unwrap();
        assert_eq!(kinds.len(), ALL.len());
        let member = kinds.iter().find(|k| k["name"] == "member").unwrap();
        let role = member["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "role")
            .unwrap();
        assert_eq!(role["type"], "choice");
        assert_eq!(
            role["choices"][0],
            serde_json::json!(["to_truong", "Tổ trưởng"])
        );
        let team = member["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "team_id")
            .unwrap();
        assert_eq!(team["ref"], "team");
        let activity = kinds.iter().find(|k| k["name"] == "activity").unwrap();
        let reporter = activity["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "reporter")
            .unwrap();
        assert_eq!(reporter["sensitivity"], "confidential");
    }

    #[test]
    fn parents_come_before_children() {
        for (i, kind) in ALL.iter().enumerate() {
            for parent in kind.parents() {
                let pos = ALL.iter().position(|k| k.name == parent).expect(parent);
                assert!(
                    pos <= i,
                    "{} refers to {} which comes later",
                    kind.name,
                    parent
                );
            }
        }
    }

    #[test]
    fn names_are_unique_and_choice_codes_are_unique() {
        let mut kinds = HashSet::new();
        for kind in ALL {
            assert!(kinds.insert(kind.name));
            let mut fields = HashSet::new();
            for field in kind.fields {
                assert!(fields.insert(field.name), "{}.{}", kind.name, field.name);
                if let FieldType::Choice(list) = field.ty {
                    let codes: HashSet<_> = list.iter().map(|(c, _)| c).collect();
                    assert_eq!(codes.len(), list.len(), "{}.{}", kind.name, field.name);
                }
            }
        }
        assert_eq!(ETHNICITIES.len(), 56);
        // The importer keys its statement cache on a 64-bit mask of present fields.
        assert!(ALL.iter().all(|k| k.fields.len() <= 64));
    }
}
