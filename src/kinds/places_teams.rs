//! The kinds of the places and the teams: villages, teams and their areas and statuses,
//! and the founding records (decisions, regulations, duties, programme links).

use super::choices::{
    ACTIVITY_TYPES, AUTHORITY_TYPES, DECISION_STATES, DECISION_TYPES, MODEL_TYPES, PROGRAMMES,
    RATINGS, TEAM_STATUSES, VILLAGE_TYPES,
};
use super::FieldType::*;
use super::{f, req, Kind, COUNT, LONG, NAME, SHORT};

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
        f(
            "issuing_unit",
            "Đơn vị ban hành (theo danh mục tại ngày ký)",
            IssuingUnit,
        ),
        f(
            "document",
            "Văn bản như đã ký",
            DocumentModel {
                max: MAX_DOCUMENT_BYTES,
            },
        ),
    ],
};

/// The largest frozen document a decision carries (its model as JSON): a decision naming
/// a hundred members is about 100 KiB; a bundle's line holds at most 1 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 512 * 1024;

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

/// A programme or movement running on the commune's territory (issue 16): which kind,
/// under whose lead, from when to when. The teams it integrates with are its
/// [`PROGRAMME_LINK`]s; two programmes asking one team the same duty overlap
/// ([`crate::Store::programme_overlaps`]).
pub static PROGRAMME: Kind = Kind {
    name: "programme",
    table: "programmes",
    label: "chương trình, phong trào trên địa bàn",
    searchable: false,
    receiver_creates: false,
    fields: &[
        req(
            "programme",
            "Loại chương trình, phong trào",
            Choice(PROGRAMMES),
        ),
        req("name", "Tên chương trình", SHORT),
        req("lead_organisation", "Cơ quan, tổ chức chủ trì", SHORT),
        req("start_date", "Từ ngày", Date),
        f("end_date", "Đến ngày", Date),
        f("note", "Ghi chú", LONG),
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
        f(
            "programme_id",
            "Chương trình trên địa bàn",
            Ref("programme"),
        ),
        f("duty", "Nhiệm vụ tổ đảm nhận", Choice(ACTIVITY_TYPES)),
    ],
};
