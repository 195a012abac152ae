//! The kinds of what a team does and how it is overseen: trainings and who attended,
//! commendations, activities and their participants, inspections and their follow-ups,
//! attached documents.

use super::choices::{
    ACTIVITY_TYPES, COMMENDATION_FORMS, MEDIATION_RESULTS, PROPAGANDA_FORMS, TRAINING_RESULTS,
};
use super::FieldType::*;
use super::{confidential, crossing, f, req, Kind, COUNT, LONG, SHORT};

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
        crossing(req("member_id", "Thành viên", Ref("member"))),
        req("result", "Kết quả", Choice(TRAINING_RESULTS)),
    ],
};

/// A proposal to commend a team or one of its members (tờ trình đề nghị khen thưởng):
/// the commune proposes (or the receiving unit itself); the unit that grants records a
/// [`COMMENDATION`] that names the proposal, and the proposal is then granted. Until
/// then it is pending, on the receiving unit's list of what to decide.
pub static COMMENDATION_PROPOSAL: Kind = Kind {
    name: "commendation_proposal",
    table: "commendation_proposals",
    label: "đề nghị khen thưởng",
    searchable: false,
    receiver_creates: true,
    fields: &[
        crossing(req("team_id", "Tổ", Ref("team"))),
        crossing(f("member_id", "Cá nhân được đề nghị", Ref("member"))),
        req("proposal_date", "Ngày đề nghị", Date),
        req("proposed_by", "Đơn vị đề nghị", SHORT),
        req("form", "Hình thức đề nghị", Choice(COMMENDATION_FORMS)),
        req("authority", "Cấp đề nghị khen", SHORT),
        req("achievement", "Thành tích", LONG),
        f("document_number", "Số tờ trình", Text { max: 40 }),
    ],
};

pub static COMMENDATION: Kind = Kind {
    name: "commendation",
    table: "commendations",
    label: "khen thưởng",
    searchable: false,
    receiver_creates: true,
    fields: &[
        crossing(req("team_id", "Tổ", Ref("team"))),
        crossing(f("member_id", "Cá nhân được khen", Ref("member"))),
        req("form", "Hình thức", Choice(COMMENDATION_FORMS)),
        req("authority", "Cấp khen", SHORT),
        f("decision_number", "Số quyết định", Text { max: 40 }),
        req("decision_date", "Ngày quyết định", Date),
        f("achievement", "Thành tích", LONG),
        crossing(f(
            "proposal_id",
            "Theo đề nghị",
            Ref("commendation_proposal"),
        )),
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
        crossing(req("team_id", "Tổ", Ref("team"))),
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
        crossing(req("inspection_id", "Lần kiểm tra", Ref("inspection"))),
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
        crossing(req("team_id", "Tổ", Ref("team"))),
        crossing(f("member_id", "Thành viên", Ref("member"))),
        req("title", "Tên tài liệu", SHORT),
        req("sha256", "Tệp", Attachment),
        f("file_name", "Tên tệp", Text { max: 255 }),
        f("doc_date", "Ngày", Date),
    ],
};
