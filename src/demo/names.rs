//! Name tables for the demo data: people's names by ethnic group with their own
//! conventions, village names by region, and the words that vary with the place.
//!
//! Frequencies are approximate (Kinh surnames after the usual published shares: Nguyễn
//! about 38 %, Trần 11 %, Lê 9.5 % …); they only need to look right on a list.

use super::rng::Rng;

/// The ethnic groups the demo writes, with their GSO codes (`kinds::ETHNICITIES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ethnic {
    Kinh,
    Tay,
    Thai,
    Muong,
    Mong,
    Dao,
}

impl Ethnic {
    pub(crate) const ALL: [Ethnic; 6] = [
        Ethnic::Kinh,
        Ethnic::Tay,
        Ethnic::Thai,
        Ethnic::Muong,
        Ethnic::Mong,
        Ethnic::Dao,
    ];

    pub(crate) fn code(self) -> &'static str {
        match self {
            Ethnic::Kinh => "01",
            Ethnic::Tay => "02",
            Ethnic::Thai => "03",
            Ethnic::Muong => "06",
            Ethnic::Mong => "08",
            Ethnic::Dao => "09",
        }
    }
}

/// Weights of [`Ethnic::ALL`] (Kinh, Tày, Thái, Mường, Hmông, Dao) in the northern
/// mountain provinces, by province code (old codes, and the 2025 codes that kept one).
/// Nùng and other groups are folded into their neighbours: the demo writes six groups.
pub(crate) fn mountain_weights(province: &str, set_2025: bool) -> Option<[u32; 6]> {
    Some(match (province, set_2025) {
        ("02", _) => [12, 30, 0, 0, 38, 20],
        ("04", _) => [8, 62, 0, 0, 16, 14],
        ("06", _) => [15, 60, 0, 0, 7, 18],
        ("08", false) => [48, 30, 0, 0, 5, 17],
        ("08", true) => [32, 28, 0, 0, 22, 18],
        ("10", _) => [35, 14, 2, 0, 30, 19],
        ("11", _) => [20, 2, 40, 0, 35, 3],
        ("12", _) => [16, 0, 34, 0, 36, 14],
        ("14", _) => [18, 2, 54, 8, 16, 2],
        ("15", false) => [52, 20, 6, 3, 10, 9],
        ("15", true) => [42, 16, 4, 2, 20, 16],
        ("17", _) => [28, 2, 4, 63, 1, 2],
        ("20", _) => [20, 72, 0, 0, 2, 6],
        _ => return None,
    })
}

pub(crate) fn pick_ethnic(rng: &mut Rng, weights: &[u32; 6]) -> Ethnic {
    Ethnic::ALL[rng.weighted_index(weights)]
}

/// Where the commune is, for names and words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Region {
    North,
    /// From Quảng Nam southwards along the coast: Huỳnh, Võ.
    Central,
    /// Southeast and Mekong: ấp, khu phố.
    South,
    Mountain,
}

// ---- People -------------------------------------------------------------------------

const KINH_SURNAMES: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 50),
    ("Phan", 45),
    ("Vũ", 39),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Đinh", 8),
    ("Trịnh", 8),
    ("Đào", 8),
    ("Đoàn", 6),
    ("Mai", 6),
    ("Hà", 6),
    ("Lý", 5),
    ("Lương", 5),
    ("Cao", 5),
    ("Tạ", 4),
    ("Lưu", 4),
    ("Lâm", 4),
    ("Tô", 3),
    ("Chu", 3),
    ("Thái", 3),
    ("Triệu", 3),
    ("Kiều", 2),
    ("Quách", 2),
    ("Văn", 2),
];

const KINH_MALE_MIDDLE: &[(&str, u32)] = &[
    ("Văn", 45),
    ("Đức", 10),
    ("Minh", 8),
    ("Quang", 6),
    ("Hữu", 6),
    ("Đình", 4),
    ("Xuân", 4),
    ("Thanh", 4),
    ("Công", 4),
    ("Ngọc", 3),
    ("Mạnh", 3),
    ("Duy", 3),
    ("Tiến", 3),
    ("Trọng", 3),
    ("Thế", 3),
    ("Quốc", 3),
    ("Anh", 2),
    ("Hoàng", 2),
    ("Bá", 2),
    ("Việt", 2),
];

const KINH_FEMALE_MIDDLE: &[(&str, u32)] = &[
    ("Thị", 60),
    ("Thu", 6),
    ("Ngọc", 5),
    ("Thanh", 5),
    ("Hồng", 4),
    ("Minh", 3),
    ("Phương", 3),
    ("Kim", 3),
    ("Thùy", 3),
    ("Mai", 2),
    ("Bích", 2),
    ("Hải", 2),
    ("Diệu", 1),
];

/// The second middle name after "Thị" ("Trần Thị Bích Ngọc").
const KINH_FEMALE_SECOND: &[&str] = &[
    "Bích", "Thu", "Hồng", "Thanh", "Kim", "Minh", "Ngọc", "Thúy", "Lan",
];

const KINH_MALE_GIVEN: &[&str] = &[
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Lâm",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Tiến",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hiếu",
    "Hòa",
    "Kiên",
    "Hưng",
    "Chiến",
    "Dương",
    "Đạt",
    "Hoàng",
    "Khoa",
    "Nghĩa",
    "Tâm",
    "Thịnh",
    "Tùng",
    "Bảo",
    "Công",
    "Lợi",
    "Thuận",
    "Hậu",
    "Quyết",
    "Trường",
    "Hiệp",
    "Lực",
    "Tuyên",
];

const KINH_FEMALE_GIVEN: &[&str] = &[
    "Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương",
    "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương",
    "Quỳnh", "Thảo", "Thơm", "Thu", "Thủy", "Trang", "Tuyết", "Vân", "Xuân", "Yến", "Lụa", "Hòa",
    "Ngân",
];

const THAI_SURNAMES: &[(&str, u32)] = &[
    ("Lò", 25),
    ("Lường", 15),
    ("Cầm", 12),
    ("Quàng", 10),
    ("Vì", 8),
    ("Tòng", 8),
    ("Hoàng", 6),
    ("Cà", 5),
    ("Lù", 5),
    ("Điêu", 4),
    ("Hà", 4),
    ("Mè", 3),
    ("Lèo", 3),
    ("Sa", 3),
];
const THAI_MALE_GIVEN: &[&str] = &[
    "Pánh", "Sơn", "Ương", "Inh", "Chăm", "Khằm", "Phỏng", "Thoản", "Hiên", "Pọm", "Cương",
    "Thiêm", "Biên", "Xôm", "Tiến", "Hặc", "Sương", "Pấng", "Ngọc", "Chiến", "Dũng", "Hùng",
    "Xuân", "Tươi",
];
const THAI_FEMALE_GIVEN: &[&str] = &[
    "Xuân", "Ín", "Ngoan", "Chinh", "Lả", "Hương", "Bun", "Thoa", "Én", "Vân", "Pâng", "Hoa",
    "Bua", "Thơm", "Ánh", "Hồng", "Phương", "Loan", "Lan",
];

const MONG_SURNAMES: &[(&str, u32)] = &[
    ("Giàng", 20),
    ("Sùng", 15),
    ("Vàng", 15),
    ("Thào", 15),
    ("Mùa", 10),
    ("Lầu", 8),
    ("Hạng", 6),
    ("Lý", 6),
    ("Vừ", 5),
    ("Hờ", 4),
    ("Tráng", 4),
    ("Thò", 4),
    ("Sình", 3),
    ("Chá", 3),
    ("Cứ", 3),
    ("Ly", 3),
];
const MONG_MALE_MIDDLE: &[(&str, u32)] = &[("A", 60), ("Seo", 25), ("Văn", 10), ("Mí", 5)];
const MONG_MALE_GIVEN: &[&str] = &[
    "Páo", "Chứ", "Dình", "Chư", "Sử", "Lử", "Súa", "Tủa", "Chá", "Dế", "Pó", "Lềnh", "Thề", "Của",
    "Nủ", "Sình", "Tồng", "Vư", "Chính", "Dìa", "Sống", "Pềnh", "Sày", "Chìa",
];
const MONG_FEMALE_GIVEN: &[&str] = &[
    "Mỷ", "Dua", "Mai", "Súa", "Dợ", "Say", "Chía", "Mua", "Pằng", "Lỳ", "Xé", "Dinh", "Ly",
    "Sông", "Pà", "Chở",
];

const MUONG_SURNAMES: &[(&str, u32)] = &[
    ("Bùi", 40),
    ("Đinh", 20),
    ("Quách", 10),
    ("Hà", 8),
    ("Xa", 6),
    ("Cao", 4),
    ("Bạch", 4),
];
const MUONG_MALE_GIVEN: &[&str] = &[
    "Lừng",
    "Thưởng",
    "Cường",
    "Khá",
    "Lượng",
    "Sinh",
    "Hải",
    "Khiêm",
    "Dũng",
    "Phấn",
    "Tuyến",
    "Hợp",
    "Kiên",
    "Toản",
    "Thìn",
    "Lực",
    "Điều",
    "Xuân",
];
const MUONG_FEMALE_GIVEN: &[&str] = &[
    "Nhàn", "Nhung", "Huệ", "Lành", "Mến", "Thơm", "Hoan", "Ngoan", "Thoa", "Hường", "Thắm", "Mai",
    "Nga", "Tươi",
];

const TAY_SURNAMES: &[(&str, u32)] = &[
    ("Nông", 20),
    ("Hoàng", 20),
    ("Hà", 8),
    ("Lương", 8),
    ("Ma", 8),
    ("Triệu", 5),
    ("Lục", 5),
    ("Đàm", 5),
    ("Bế", 5),
    ("Chu", 4),
    ("Lý", 4),
    ("La", 4),
    ("Mông", 3),
    ("Hứa", 3),
];
const TAY_MALE_MIDDLE: &[(&str, u32)] = &[("Văn", 80), ("Đức", 10), ("Quang", 5), ("Thanh", 5)];
const TAY_MALE_GIVEN: &[&str] = &[
    "Dền", "Thào", "Khuông", "Pẩu", "Lình", "Thắng", "Hưởng", "Đoàn", "Chiến", "Sơn", "Bảo",
    "Chung", "Quyền", "Hoan", "Tuấn", "Thịnh", "Kiên", "Cương", "Dũng", "Lâm",
];
const TAY_FEMALE_GIVEN: &[&str] = &[
    "Nhung", "Phương", "Lan", "Mai", "Hiền", "Hoa", "Dung", "Thoa", "Nhàn", "Lụa", "Thơm", "Hằng",
    "Hồng", "Ngân",
];

const DAO_SURNAMES: &[(&str, u32)] = &[
    ("Triệu", 25),
    ("Bàn", 20),
    ("Đặng", 20),
    ("Lý", 12),
    ("Chảo", 8),
    ("Phùng", 5),
    ("Tẩn", 5),
    ("Chu", 3),
    ("Sần", 2),
];
const DAO_MALE_MIDDLE: &[(&str, u32)] = &[
    ("Văn", 50),
    ("Tiến", 15),
    ("Láo", 10),
    ("Phúc", 10),
    ("Kim", 5),
    ("Tòn", 5),
];
const DAO_FEMALE_MIDDLE: &[(&str, u32)] = &[("Thị", 85), ("Mý", 15)];
const DAO_MALE_GIVEN: &[&str] = &[
    "Phin", "Thọ", "Nhất", "Lở", "San", "Sinh", "Quẩy", "Chài", "Phẩu", "Vần", "Kiềm", "Sếnh",
    "Tạ", "Chòi", "Nải", "Phú", "Sơn",
];
const DAO_FEMALE_GIVEN: &[&str] = &[
    "Mây", "Liều", "Chài", "Sao", "Niệm", "Dùng", "Mẩy", "Phương", "Xuân", "Lan", "Hương", "Làn",
];

/// A full name in the group's own convention: family name, a middle name that marks the
/// sex for most groups (Văn / Thị; Hmông men "A" or "Seo"), then the given name.
pub(crate) fn person_name(rng: &mut Rng, ethnic: Ethnic, male: bool, region: Region) -> String {
    let (surname, middle, given): (&str, &str, &[&str]) = match ethnic {
        Ethnic::Kinh => {
            let mut surname = rng.weighted(KINH_SURNAMES);
            if matches!(region, Region::South | Region::Central) {
                // Huỳnh and Võ are the southern forms of Hoàng and Vũ.
                surname = match surname {
                    "Hoàng" if rng.percent(85) => "Huỳnh",
                    "Vũ" if rng.percent(85) => "Võ",
                    s => s,
                };
            }
            if male {
                (surname, rng.weighted(KINH_MALE_MIDDLE), KINH_MALE_GIVEN)
            } else {
                (surname, rng.weighted(KINH_FEMALE_MIDDLE), KINH_FEMALE_GIVEN)
            }
        }
        Ethnic::Thai => {
            let s = rng.weighted(THAI_SURNAMES);
            if male {
                (s, "Văn", THAI_MALE_GIVEN)
            } else {
                (s, "Thị", THAI_FEMALE_GIVEN)
            }
        }
        Ethnic::Mong => {
            let s = rng.weighted(MONG_SURNAMES);
            if male {
                (s, rng.weighted(MONG_MALE_MIDDLE), MONG_MALE_GIVEN)
            } else {
                (s, "Thị", MONG_FEMALE_GIVEN)
            }
        }
        Ethnic::Muong => {
            let s = rng.weighted(MUONG_SURNAMES);
            if male {
                (s, "Văn", MUONG_MALE_GIVEN)
            } else {
                (s, "Thị", MUONG_FEMALE_GIVEN)
            }
        }
        Ethnic::Tay => {
            let s = rng.weighted(TAY_SURNAMES);
            if male {
                (s, rng.weighted(TAY_MALE_MIDDLE), TAY_MALE_GIVEN)
            } else {
                (s, "Thị", TAY_FEMALE_GIVEN)
            }
        }
        Ethnic::Dao => {
            let s = rng.weighted(DAO_SURNAMES);
            if male {
                (s, rng.weighted(DAO_MALE_MIDDLE), DAO_MALE_GIVEN)
            } else {
                (s, rng.weighted(DAO_FEMALE_MIDDLE), DAO_FEMALE_GIVEN)
            }
        }
    };
    let second = if ethnic == Ethnic::Kinh && !male && middle == "Thị" && rng.percent(18) {
        Some(rng.pick(KINH_FEMALE_SECOND))
    } else {
        None
    };
    // Never "Thu Thu" or "Lò Văn Lò".
    let mut name = rng.pick(given);
    for _ in 0..8 {
        if name != middle && name != surname && Some(name) != second {
            break;
        }
        name = rng.pick(given);
    }
    let mut out = String::with_capacity(32);
    out.push_str(surname);
    out.push(' ');
    out.push_str(middle);
    if let Some(second) = second {
        out.push(' ');
        out.push_str(second);
    }
    out.push(' ');
    out.push_str(name);
    out
}

// ---- Villages -----------------------------------------------------------------------

/// Names of thôn in the Kinh lowlands (also the Kinh settler villages in the mountains).
pub(crate) const KINH_VILLAGES: &[&str] = &[
    "Đông Hòa",
    "Tây Sơn",
    "Phú Lộc",
    "An Thịnh",
    "Tân Lập",
    "Yên Thái",
    "Trung Hậu",
    "Ngọc Lâm",
    "Văn Phú",
    "Kim Sơn",
    "Đồng Tâm",
    "Quyết Tiến",
    "Tiến Thắng",
    "Đại Đồng",
    "Hưng Long",
    "Phúc Lâm",
    "Thanh Xuân",
    "Mỹ Lộc",
    "Bình An",
    "Vĩnh Phúc",
    "Đông Thành",
    "Nam Hải",
    "Bắc Sơn",
    "Thượng Lâm",
    "Hạ Lũng",
    "Cổ Am",
    "Đoài Khê",
    "Lạc Thổ",
    "Phù Lưu",
    "Xuân Đài",
    "Hữu Bằng",
    "Đình Tổ",
    "Gia Phú",
    "Hồng Phong",
    "Minh Khai",
    "Tân Phong",
    "Thuận An",
    "Lương Điền",
    "Trung Thành",
    "Đông Tiến",
];

/// Names of bản in the Thái and Tày valleys ("Bản Nà Sản", "Bản Huổi Một").
pub(crate) const VALLEY_VILLAGES: &[&str] = &[
    "Nà Sản",
    "Huổi Một",
    "Pá Khôm",
    "Nậm Pàn",
    "Co Muông",
    "Phiêng Khoài",
    "Bó Mười",
    "Lọng Luông",
    "Hua Tát",
    "Nà Bó",
    "Huổi Hẹ",
    "Pá Ban",
    "Nậm Giắt",
    "Co Pục",
    "Phiêng Lanh",
    "Mòng",
    "Nà Lo",
    "Huổi Lèng",
    "Pá Sáng",
    "Nậm Lầu",
    "Co Mạ",
    "Bó Ún",
    "Tà Làng",
    "Nà Hát",
    "Huổi Pu",
    "Pá Hốc",
    "Nậm Cung",
    "Phiêng Ban",
    "Bó Sinh",
    "Nà Tấu",
    "Lụa",
    "Xum",
    "Khau Cút",
    "Nà Cà",
    "Hốc",
];

/// Names of bản in the Hmông and Dao highlands.
pub(crate) const HIGHLAND_VILLAGES: &[&str] = &[
    "Sàng Sài",
    "Hang Chú",
    "Tà Xùa",
    "Háng Đồng",
    "Pá Chả",
    "Phình Hồ",
    "Lùng Cúng",
    "Sín Chải",
    "Háng Tàu",
    "Pờ Ngài",
    "Suối Lìn",
    "Tà Dê",
    "Háng Sung",
    "Lũng Cẩm",
    "Sà Phìn",
    "Mào Phìn",
    "Hầu Chua",
    "Làng Sáng",
    "Xa Xả",
    "Phìn Ngan",
];

/// Names of ấp in the south.
pub(crate) const SOUTH_VILLAGES: &[&str] = &[
    "Phú Hòa",
    "Tân Thới",
    "Long Thạnh",
    "Bình Thủy",
    "Mỹ Phước",
    "An Bình",
    "Thạnh Lợi",
    "Vĩnh Hưng",
    "Hòa Hiệp",
    "Tân Hưng",
    "Phước Lợi",
    "Long Hòa",
    "Bình Thạnh",
    "Mỹ Thuận",
    "An Hòa",
    "Thới Bình",
    "Phú Thạnh",
    "Tân Quới",
    "Long Phú",
    "Hòa Thuận",
];

/// Hands out distinct names from a list, then "<name> 2", "<name> 3" … once it runs out.
#[derive(Debug, Clone)]
pub(crate) struct NamePool {
    names: Vec<&'static str>,
    next: usize,
}

impl NamePool {
    pub(crate) fn new(rng: &mut Rng, list: &'static [&'static str]) -> NamePool {
        let mut names = list.to_vec();
        rng.shuffle(&mut names);
        NamePool { names, next: 0 }
    }

    pub(crate) fn take(&mut self) -> String {
        let i = self.next;
        self.next += 1;
        let base = self.names[i % self.names.len()];
        match i / self.names.len() {
            0 => base.to_string(),
            round => format!("{base} {}", round + 1),
        }
    }
}

// ---- Words that depend on the place -------------------------------------------------

pub(crate) const OCCUPATIONS_RURAL: &[(&str, u32)] = &[
    ("Làm nông", 32),
    ("Chăn nuôi", 6),
    ("Buôn bán", 10),
    ("Công nhân", 10),
    ("Thợ xây", 7),
    ("Lái xe", 4),
    ("Lao động tự do", 9),
    ("Thợ mộc", 3),
];
pub(crate) const OCCUPATIONS_URBAN: &[(&str, u32)] = &[
    ("Buôn bán", 20),
    ("Kinh doanh tự do", 10),
    ("Công nhân", 15),
    ("Lao động tự do", 12),
    ("Bảo vệ", 5),
    ("Lái xe", 5),
    ("Nhân viên văn phòng", 5),
    ("Thợ sửa xe máy", 5),
];
pub(crate) const OCCUPATIONS_MOUNTAIN: &[(&str, u32)] = &[
    ("Làm nương", 25),
    ("Làm ruộng", 20),
    ("Chăn nuôi", 10),
    ("Trồng rừng", 8),
    ("Trồng cây ăn quả", 8),
    ("Buôn bán", 6),
    ("Lao động tự do", 6),
];
pub(crate) const OCCUPATIONS_SOUTH: &[(&str, u32)] = &[
    ("Làm ruộng", 20),
    ("Làm vườn", 10),
    ("Nuôi trồng thủy sản", 10),
    ("Buôn bán", 15),
    ("Công nhân", 15),
    ("Lao động tự do", 15),
    ("Chạy xe ôm", 5),
];

pub(crate) const RELIGIONS_KINH: &[(&str, u32)] =
    &[("Phật giáo", 6), ("Công giáo", 3), ("Không", 40)];

/// Second-level education and trades shown as "Trình độ chuyên môn".
pub(crate) const QUALIFICATIONS: &[&str] = &[
    "Trung cấp kế toán",
    "Trung cấp điện dân dụng",
    "Cao đẳng sư phạm",
    "Cao đẳng nghề cơ khí",
    "Đại học luật",
    "Đại học nông nghiệp",
    "Trung cấp thú y",
];
