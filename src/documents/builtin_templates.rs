//! The built-in dated templates: the legal bases, recipients, symbol and executors of a
//! commune's decision, each with the period and the model types (and, for the commune
//! police acts, the kinds of commune) it applies to.
//!
//! Sources, one per template in the comment above it. `domain.md` is
//! `shared/reference/domain.md` as corrected by review in 2026-12; a date marked [K] is
//! background knowledge that no source available here confirmed: check it (the clerk can
//! override any template through the `doc_templates` setting).
//!
//! Citation rule (ND30 Phụ lục I §6a, domain.md §2.2): a law or ordinance (Luật, Pháp
//! lệnh) by name and date only; any other act by type, number, date, issuer and summary.
//! One wording per act: this table is the only place an act's citation is written.

use super::templates::Slot;

pub(super) const ALL: &[&str] = &[];
pub(super) const STATUTORY: &[&str] = &["to_bao_ve_antt"];
pub(super) const MASS: &[&str] = &[
    "to_xung_kich_tu_quan_antt",
    "to_an_ninh_nhan_dan",
    "to_tu_quan",
    "doi_thanh_nien_xung_kich",
    "khac",
];
/// The kinds of commune whose police was the (semi-professional) Công an xã under the
/// Pháp lệnh Công an xã 2008 and the Luật Công an xã 2018: xã and thị trấn. A phường
/// always had regular police (Công an phường) and cites neither (domain.md §2.2,
/// corrections).
pub(super) const XA_THI_TRAN: &[&str] = &["xã", "thị trấn"];

/// id, slot, models, commune kinds, first day, last day, order, text.
pub(super) type Builtin = (
    &'static str,
    Slot,
    &'static [&'static str],
    &'static [&'static str],
    Option<&'static str>,
    Option<&'static str>,
    i32,
    &'static str,
);

pub(super) const BUILTIN: &[Builtin] = &[
    // The law on local government in force on the decision's date (domain.md §2.2 and its
    // corrections): the 2003 law until the 2015 law took effect on 1/1/2016; the 2015
    // law alone until its amendment of 22/11/2019 applied (1/7/2020 [K: the amending
    // law's effective date]); both, in one line as domain.md shows, until 28/2/2025;
    // Luật số 65/2025/QH15 of 19/02/2025 from 1/3/2025 to 30/6/2025; Luật số
    // 72/2025/QH15 of 16/6/2025 from 1/7/2025 [K: its number].
    (
        "luat_tchdnd_ubnd_2003",
        Slot::Basis,
        ALL,
        ALL,
        None,
        Some("2015-12-31"),
        10,
        "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003",
    ),
    (
        "luat_tccqdp_2015",
        Slot::Basis,
        ALL,
        ALL,
        Some("2016-01-01"),
        Some("2020-06-30"),
        10,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
    ),
    (
        "luat_tccqdp_2015_sua_2019",
        Slot::Basis,
        ALL,
        ALL,
        Some("2020-07-01"),
        Some("2025-02-28"),
        10,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019",
    ),
    (
        "luat_tccqdp_2025_02",
        Slot::Basis,
        ALL,
        ALL,
        Some("2025-03-01"),
        Some("2025-06-30"),
        10,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025",
    ),
    (
        "luat_tccqdp_2025",
        Slot::Basis,
        ALL,
        ALL,
        Some("2025-07-01"),
        None,
        10,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
    ),
    // The commune police acts of a xã or thị trấn, for the 2014 mass models.
    // Certain (domain.md §2.2): the Pháp lệnh Công an xã of 21/11/2008 and Nghị định
    // 73/2009/NĐ-CP governed the Công an xã of xã and thị trấn only.
    // [K]: the Pháp lệnh took effect on 1/7/2009 and was replaced by the Luật Công an xã
    // of 28/11/2018 from 1/7/2019; Nghị định 73/2009 is dated 07/9/2009 and took effect
    // on 25/10/2009; the Luật Công an xã applied to xã and to thị trấn and was replaced by
    // the 2023 Law from 1/7/2024.
    (
        "phap_lenh_cong_an_xa_2008",
        Slot::Basis,
        MASS,
        XA_THI_TRAN,
        Some("2009-07-01"),
        Some("2019-06-30"),
        20,
        "Căn cứ Pháp lệnh Công an xã ngày 21 tháng 11 năm 2008",
    ),
    (
        "nd_73_2009",
        Slot::Basis,
        MASS,
        XA_THI_TRAN,
        Some("2009-10-25"),
        Some("2019-06-30"),
        25,
        "Căn cứ Nghị định số 73/2009/NĐ-CP ngày 07 tháng 9 năm 2009 của Chính phủ quy định chi tiết thi hành một số điều của Pháp lệnh Công an xã",
    ),
    (
        "luat_cong_an_xa_2018",
        Slot::Basis,
        MASS,
        XA_THI_TRAN,
        Some("2019-07-01"),
        Some("2024-06-30"),
        20,
        "Căn cứ Luật Công an xã ngày 28 tháng 11 năm 2018",
    ),
    // The standard "An toàn về an ninh, trật tự" (domain.md §2.2, [S:TT124-2021]):
    // Thông tư 23/2012/TT-BCA of 27/4/2012 until 9/2/2022, then its successor Thông tư
    // 124/2021/TT-BCA from 10/2/2022 [K: its date, 28/12/2021]. Both issued by the
    // Bộ trưởng Bộ Công an, written the same way as Thông tư 14/2024 below.
    (
        "tt_23_2012_bca",
        Slot::Basis,
        MASS,
        ALL,
        Some("2012-04-27"),
        Some("2022-02-09"),
        40,
        "Căn cứ Thông tư số 23/2012/TT-BCA ngày 27 tháng 4 năm 2012 của Bộ trưởng Bộ Công an quy định về khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, nhà trường đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
    ),
    (
        "tt_124_2021_bca",
        Slot::Basis,
        MASS,
        ALL,
        Some("2022-02-10"),
        None,
        40,
        "Căn cứ Thông tư số 124/2021/TT-BCA ngày 28 tháng 12 năm 2021 của Bộ trưởng Bộ Công an quy định về khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
    ),
    // The district's project of the 2014 scheme (domain.md §2.2): a local act, left to
    // the clerk.
    (
        "de_an_mo_hinh",
        Slot::Basis,
        MASS,
        ALL,
        None,
        Some("2024-06-30"),
        60,
        "",
    ),
    // The statutory team (domain.md §2.2, §4.3; [S:TT14-hieuluat], [S:tvpl-ND40]): the
    // 2023 Law, Nghị định 40/2024/NĐ-CP and Thông tư 14/2024/TT-BCA. Cited from the day
    // each act was issued, not from the Law's effect on 1/7/2024: a statutory team's
    // decision names the Law in its Điều 2, so a preparatory decision of June 2024 cites
    // it among its bases too; nothing cites an act before it exists.
    (
        "luat_lltg_bv_antt_2023",
        Slot::Basis,
        STATUTORY,
        ALL,
        Some("2023-11-28"),
        None,
        20,
        "Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở ngày 28 tháng 11 năm 2023",
    ),
    (
        "nd_40_2024",
        Slot::Basis,
        STATUTORY,
        ALL,
        Some("2024-04-16"),
        None,
        30,
        "Căn cứ Nghị định số 40/2024/NĐ-CP ngày 16 tháng 4 năm 2024 của Chính phủ quy định chi tiết một số điều của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
    ),
    (
        "tt_14_2024_bca",
        Slot::Basis,
        STATUTORY,
        ALL,
        Some("2024-04-22"),
        None,
        40,
        "Căn cứ Thông tư số 14/2024/TT-BCA ngày 22 tháng 4 năm 2024 của Bộ trưởng Bộ Công an quy định chi tiết một số điều của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
    ),
    // The province's decision on team numbers (domain.md §2.2): a local act, left to the
    // clerk.
    (
        "qd_ubnd_tinh",
        Slot::Basis,
        STATUTORY,
        ALL,
        Some("2024-07-01"),
        None,
        50,
        "",
    ),
    // Nơi nhận (domain.md §2.1 skeleton; §4.2: the district police ceased on 1/3/2025,
    // so from that day the report goes to the province police).
    ("nhu_dieu_3", Slot::Recipient, ALL, ALL, None, None, 10, "Như Điều 3"),
    (
        "cong_an_huyen",
        Slot::Recipient,
        ALL,
        ALL,
        None,
        Some("2025-02-28"),
        20,
        "Công an {district} (để b/c)",
    ),
    (
        "cong_an_tinh",
        Slot::Recipient,
        ALL,
        ALL,
        Some("2025-03-01"),
        None,
        20,
        "Công an {province} (để b/c)",
    ),
    (
        "thuong_truc",
        Slot::Recipient,
        ALL,
        ALL,
        None,
        None,
        30,
        "TT Đảng ủy, TT HĐND {noun} (để b/c)",
    ),
    (
        "lanh_dao_ubnd",
        Slot::Recipient,
        ALL,
        ALL,
        None,
        None,
        40,
        "CT, các PCT UBND {noun}",
    ),
    // "Lưu: VT, <the drafting unit, abbreviated>" (ND30 Phụ lục I, Nơi nhận): the draft
    // comes from the commune police, whose name follows the commune's kind ({police}).
    ("luu", Slot::Recipient, ALL, ALL, None, None, 90, "Lưu: VT, {police}"),
    // The symbol and Điều 3 (domain.md §1.4, §2.1 skeleton).
    ("ky_hieu", Slot::Symbol, ALL, ALL, None, None, 0, "QĐ-UBND"),
    (
        "thi_hanh",
        Slot::Executors,
        ALL,
        ALL,
        None,
        None,
        0,
        "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {commune}, Trưởng Công an {commune}, {village_heads}, các ban, ngành, đoàn thể có liên quan",
    ),
];
