//! The kinds of the members and what the team holds: members, their roles, the
//! equipment issued and the fund's entries.

use super::choices::{
    CONDITIONS, EDUCATION_LEVELS, EQUIPMENT_ITEMS, EQUIPMENT_SOURCES, ETHNICITIES, FUND_DIRECTIONS,
    FUND_SOURCES, ID_DOC_TYPES, POLITICAL_THEORY, PROFESSIONAL_LEVELS, ROLES, SEXES,
};
use super::FieldType::*;
use super::{f, req, sensitive, Kind, LONG, NAME, SHORT};

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
        f(
            "age_exception",
            "Quyết định của Chủ tịch UBND cho phép trên 70 tuổi (số, ngày)",
            Text { max: 200 },
        ),
        f(
            "professional_level",
            "Trình độ chuyên môn, nghiệp vụ",
            Choice(PROFESSIONAL_LEVELS),
        ),
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
