//! The choice lists: the codes a choice field accepts, each with its Vietnamese label.

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

/// Vocational and higher education, apart from general education (the member list has
/// a column for each: domain.md §2.3, issue 13).
pub const PROFESSIONAL_LEVELS: &[(&str, &str)] = &[
    ("so_cap", "Sơ cấp"),
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
