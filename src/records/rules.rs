//! Rules that look at a whole record, not one field: dates in order, the ID number
//! against the recorded sex and birth year, the members' age, what a signed decision
//! must carry. Errors refuse the save; warnings are saved and shown (the clerk may know
//! better: data errors exist on ID cards too).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::types::Value as Sql;

use crate::dates::{self, PartialDate};
use crate::eligibility;
use crate::error::FieldProblem;
use crate::idnumber::{self, Sex};
use crate::kinds::Kind;

/// A record's values by field name, as stored.
pub type Row = BTreeMap<&'static str, Sql>;

#[derive(Debug, Default)]
pub struct Findings {
    pub errors: Vec<FieldProblem>,
    pub warnings: Vec<FieldProblem>,
}

impl Findings {
    fn error(&mut self, kind: &Kind, field: &str, message: impl Into<String>) {
        self.errors.push(problem(kind, field, message));
    }
    fn warn(&mut self, kind: &Kind, field: &str, message: impl Into<String>) {
        self.warnings.push(problem(kind, field, message));
    }
}

fn problem(kind: &Kind, field: &str, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.to_string(),
        label: kind
            .field(field)
            .map(|f| f.label)
            .unwrap_or(field)
            .to_string(),
        message: message.into(),
    }
}

fn text<'a>(row: &'a Row, field: &str) -> Option<&'a str> {
    match row.get(field) {
        Some(Sql::Text(s)) => Some(s.as_str()),
        _ => None,
    }
}

fn int(row: &Row, field: &str) -> Option<i64> {
    match row.get(field) {
        Some(Sql::Integer(n)) => Some(*n),
        _ => None,
    }
}

fn date(row: &Row, field: &str) -> Option<NaiveDate> {
    text(row, field).and_then(crate::dates::parse_iso)
}

/// `later` must not be before `earlier`.
fn in_order(f: &mut Findings, kind: &Kind, row: &Row, earlier: &str, later: &str) {
    if let (Some(a), Some(b)) = (date(row, earlier), date(row, later)) {
        if b < a {
            let label = kind.field(earlier).map(|x| x.label).unwrap_or(earlier);
            f.error(
                kind,
                later,
                format!(
                    "không được trước {} ({})",
                    label.to_lowercase(),
                    crate::dates::vn(a)
                ),
            );
        }
    }
}

/// Checks the record as a whole. `today` is passed in so tests are stable.
pub fn check(kind: &Kind, row: &Row, today: NaiveDate) -> Findings {
    let mut f = Findings::default();
    // No event in these records can happen more than a year ahead; a typo in the year
    // is the usual cause ("2205").
    for field in kind.fields {
        if matches!(field.ty, crate::kinds::FieldType::Date) {
            if let Some(d) = date(row, field.name) {
                if d > today + chrono::Days::new(366) {
                    f.error(
                        kind,
                        field.name,
                        "ngày ở quá xa trong tương lai; hãy kiểm tra lại năm",
                    );
                }
            }
        }
    }
    match kind.name {
        "village" => in_order(&mut f, kind, row, "valid_from", "valid_to"),
        "team" => {
            if let (Some(min), Some(max)) = (int(row, "min_members"), int(row, "max_members")) {
                if min > max {
                    f.error(kind, "max_members", "không được nhỏ hơn số tối thiểu");
                }
            }
        }
        "decision" => check_decision(&mut f, kind, row),
        "member" => check_member(&mut f, kind, row, today),
        "member_role" => in_order(&mut f, kind, row, "from_date", "to_date"),
        "equipment" => in_order(&mut f, kind, row, "issue_date", "returned_date"),
        "training" => in_order(&mut f, kind, row, "start_date", "end_date"),
        "fund_entry" if text(row, "direction") == Some("thu") && text(row, "source").is_none() => {
            f.error(
                kind,
                "source",
                "khoản thu cần ghi nguồn (ngân sách, nhân dân đóng góp, tài trợ …)",
            );
        }
        "inspection" => in_order(&mut f, kind, row, "inspection_date", "deadline"),
        // A report says what has been done: it cannot be dated ahead, where it would
        // show without ending the deadline until that day.
        "inspection_follow_up" if date(row, "report_date").is_some_and(|d| d > today) => {
            f.error(
                kind,
                "report_date",
                "báo cáo kết quả không thể ghi ngày sau hôm nay",
            );
        }
        _ => {}
    }
    f
}

fn check_decision(f: &mut Findings, kind: &Kind, row: &Row) {
    let state = text(row, "state").unwrap_or("du_thao");
    if state != "du_thao" {
        if date(row, "decision_date").is_none() {
            f.error(kind, "decision_date", "quyết định đã ký cần có ngày ký");
        }
        if text(row, "signer_name").is_none() {
            f.error(kind, "signer_name", "quyết định đã ký cần có tên người ký");
        }
    }
    // "Đã ký" without a number is kept (signed, not yet entered in the register: the
    // compliance checks count it); the documents refuse to print it with a blank number.
    if state == "da_cap_so" && int(row, "number").is_none() {
        f.error(
            kind,
            "number",
            "quyết định đã vào sổ cần có số (văn thư cấp)",
        );
    }
    if let Some(code) = text(row, "issuing_unit") {
        check_issuing_unit(f, kind, code, date(row, "decision_date"));
    }
}

/// The issuing unit is a commune (5 digits) of the unit list in force on the decision's
/// date: 2008–2025 up to 30/6/2025, 2025 from 1/7/2025; undated, of either.
fn check_issuing_unit(f: &mut Findings, kind: &Kind, code: &str, on: Option<NaiveDate>) {
    use crate::units::{history, UnitSet};
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        f.error(
            kind,
            "issuing_unit",
            "mã đơn vị ban hành là mã xã, phường, thị trấn gồm 5 chữ số; hãy chọn trong danh sách gợi ý",
        );
        return;
    }
    let ok = match on {
        Some(d) => history::is_commune(history::set_on(d), code),
        None => {
            history::is_commune(UnitSet::Y2008, code) || history::is_commune(UnitSet::Y2025, code)
        }
    };
    if !ok {
        let message = match on.map(history::set_on) {
            Some(UnitSet::Y2008) => format!(
                "mã {code} không phải là xã, phường, thị trấn trong danh mục đơn vị hành chính 2008–2025, danh mục có hiệu lực vào ngày ký ({}); hãy chọn đơn vị trước sắp xếp trong danh sách gợi ý",
                dates::vn(on.unwrap_or_default())
            ),
            Some(UnitSet::Y2025) => format!(
                "mã {code} không phải là xã, phường, đặc khu trong danh mục đơn vị hành chính 2025, danh mục có hiệu lực vào ngày ký ({}); hãy chọn lại trong danh sách gợi ý",
                dates::vn(on.unwrap_or_default())
            ),
            None => format!(
                "mã {code} không có trong danh mục đơn vị hành chính cấp xã; hãy chọn trong danh sách gợi ý"
            ),
        };
        f.error(kind, "issuing_unit", message);
    }
}

fn check_member(f: &mut Findings, kind: &Kind, row: &Row, today: NaiveDate) {
    let birth = text(row, "birth_date").and_then(|s| PartialDate::from_iso(s).ok());
    if let Some(birth) = birth {
        if birth.earliest() > today {
            f.error(
                kind,
                "birth_date",
                "ngày sinh ở tương lai; hãy kiểm tra lại",
            );
        } else {
            // The age the law asks for while a member (eligibility.rs: the same rule as
            // the decisions and C3): 18 on the day of joining (today when not recorded),
            // and not over 70 up to today, or the day of leaving for one who left.
            let day = |field| text(row, field).and_then(dates::parse_iso);
            let last = day("exit_date").map_or(today, |d| d.min(today));
            let first = day("joined_date").map_or(last, |d| d.min(last));
            let exception = text(row, "age_exception").is_some();
            let problem = eligibility::check(birth, first, exception)
                .filter(|p| p.limit == eligibility::Limit::Under18)
                .or_else(|| eligibility::check(birth, last, exception));
            if let Some(p) = problem {
                f.warn(
                    kind,
                    "birth_date",
                    format!(
                        "{}; Luật quy định thành viên từ đủ 18 đến 70 tuổi: hãy {}",
                        p.describe(),
                        p.remedy()
                    ),
                );
            }
        }
    }
    in_order(f, kind, row, "joined_date", "exit_date");
    if int(row, "party_member") != Some(1) && text(row, "party_join_date").is_some() {
        f.error(
            kind,
            "party_join_date",
            "chỉ ghi ngày vào Đảng khi thành viên là đảng viên",
        );
    }
    if let Some(id) = text(row, "id_number") {
        check_id_number(f, kind, row, id, birth);
    }
}

fn check_id_number(f: &mut Findings, kind: &Kind, row: &Row, id: &str, birth: Option<PartialDate>) {
    let doc = text(row, "id_doc_type").unwrap_or("the_can_cuoc");
    match doc {
        "cmnd" => {
            if let Err(e) = idnumber::check_cmnd(id) {
                f.error(kind, "id_number", e.to_string());
            }
        }
        "ho_chieu" => {
            if !(6..=12).contains(&id.len()) {
                f.error(
                    kind,
                    "id_number",
                    "số hộ chiếu thường gồm 8 ký tự; hãy kiểm tra lại",
                );
            }
        }
        _ => {
            let sex = match text(row, "sex") {
                Some("nam") => Some(Sex::Male),
                Some("nu") => Some(Sex::Female),
                _ => None,
            };
            match idnumber::check_id_number(id, sex, birth.map(|b| b.year())) {
                Ok(warnings) => {
                    for w in warnings {
                        f.warn(kind, "id_number", w.message());
                    }
                }
                Err(e) => f.error(kind, "id_number", e.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds;

    fn row(pairs: &[(&'static str, Sql)]) -> Row {
        pairs.iter().cloned().collect()
    }

    fn t(s: &str) -> Sql {
        Sql::Text(s.into())
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn a_valid_member_has_no_findings() {
        let r = row(&[
            ("full_name", t("Nguyễn Văn An")),
            ("sex", t("nam")),
            ("birth_date", t("1975-03-05")),
            ("id_doc_type", t("the_can_cuoc")),
            ("id_number", t("001075012345")),
        ]);
        let f = check(&kinds::MEMBER, &r, today());
        assert!(f.errors.is_empty() && f.warnings.is_empty(), "{f:?}");
    }

    #[test]
    fn id_number_mismatches_are_warnings_not_refusals() {
        let r = row(&[
            ("sex", t("nu")),
            ("birth_date", t("1975")),
            ("id_number", t("001080012345")),
        ]);
        let f = check(&kinds::MEMBER, &r, today());
        assert!(f.errors.is_empty(), "{f:?}");
        assert_eq!(f.warnings.len(), 2, "sex digit and birth year: {f:?}");
        assert!(f.warnings.iter().all(|w| w.field == "id_number"));
    }

    #[test]
    fn an_id_number_of_the_wrong_length_is_refused() {
        let r = row(&[("sex", t("nam")), ("id_number", t("12345"))]);
        let f = check(&kinds::MEMBER, &r, today());
        assert_eq!(f.errors.len(), 1);
    }

    #[test]
    fn age_outside_18_to_70_is_a_warning() {
        let young = row(&[("sex", t("nam")), ("birth_date", t("2010-01-01"))]);
        let f = check(&kinds::MEMBER, &young, today());
        assert!(f.errors.is_empty());
        assert_eq!(f.warnings.len(), 1);
        assert!(f.warnings[0].message.contains("18"));
        let old = row(&[("sex", t("nam")), ("birth_date", t("1950"))]);
        assert_eq!(check(&kinds::MEMBER, &old, today()).warnings.len(), 1);
        // Born in 1956: the 70th birthday may have passed (read conservatively).
        let maybe = row(&[("sex", t("nam")), ("birth_date", t("1956"))]);
        let f = check(&kinds::MEMBER, &maybe, today());
        assert!(f.warnings[0].message.contains("có thể"), "{f:?}");
        let ok = row(&[("sex", t("nam")), ("birth_date", t("1957"))]);
        assert!(
            check(&kinds::MEMBER, &ok, today()).warnings.is_empty(),
            "69 or 70, the 70th birthday not passed: no warning"
        );
    }

    #[test]
    fn age_is_read_on_joining_and_while_a_member() {
        let birth = ("birth_date", t("1956-03-01"));
        // Over 70 today; the Chairman's decision allows it.
        let old = row(&[("sex", t("nam")), birth.clone()]);
        assert_eq!(check(&kinds::MEMBER, &old, today()).warnings.len(), 1);
        let allowed = row(&[
            ("sex", t("nam")),
            birth.clone(),
            (
                "age_exception",
                t("Quyết định số 12/QĐ-UBND ngày 01/03/2026"),
            ),
        ]);
        assert!(check(&kinds::MEMBER, &allowed, today()).warnings.is_empty());
        // Left at 68: not over 70 as a member.
        let left = row(&[("sex", t("nam")), birth, ("exit_date", t("2024-05-01"))]);
        assert!(check(&kinds::MEMBER, &left, today()).warnings.is_empty());
        // 19 today, but 17 when joining.
        let young = row(&[
            ("sex", t("nam")),
            ("birth_date", t("2007-06-01")),
            ("joined_date", t("2024-10-25")),
        ]);
        let f = check(&kinds::MEMBER, &young, today());
        assert!(
            f.warnings[0].message.contains("25/10/2024 (17 tuổi)"),
            "{f:?}"
        );
    }

    #[test]
    fn dates_out_of_order_are_refused() {
        let r = row(&[
            ("start_date", t("2025-05-10")),
            ("end_date", t("2025-05-01")),
        ]);
        let f = check(&kinds::TRAINING, &r, today());
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.errors[0].field, "end_date");
        assert!(f.errors[0].message.contains("10/05/2025"));
    }

    #[test]
    fn a_numbered_decision_needs_number_date_and_signer() {
        let r = row(&[("state", t("da_cap_so"))]);
        let f = check(&kinds::DECISION, &r, today());
        let fields: Vec<_> = f.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["decision_date", "signer_name", "number"]);
        let draft = row(&[("state", t("du_thao"))]);
        assert!(check(&kinds::DECISION, &draft, today()).errors.is_empty());
    }

    #[test]
    fn the_issuing_unit_is_a_commune_of_the_list_in_force_on_the_decision_date() {
        let check_unit = |code: &str, on: Option<&str>| {
            let mut pairs = vec![("state", t("du_thao")), ("issuing_unit", t(code))];
            if let Some(d) = on {
                pairs.push(("decision_date", t(d)));
            }
            check(&kinds::DECISION, &row(&pairs), today()).errors
        };
        // 00070: Phường Hàng Trống up to 30/6/2025, Phường Hoàn Kiếm from 1/7/2025.
        assert!(check_unit("00070", Some("2025-06-30")).is_empty());
        assert!(check_unit("00070", Some("2025-07-01")).is_empty());
        // 00001 Phúc Xá is in the 2008–2025 list only.
        assert!(check_unit("00001", Some("2025-06-30")).is_empty());
        let e = check_unit("00001", Some("2025-07-01"));
        assert_eq!(e[0].field, "issuing_unit");
        assert!(
            e[0].message.contains("danh mục đơn vị hành chính 2025"),
            "{}",
            e[0].message
        );
        assert!(e[0].message.contains("01/07/2025"), "{}", e[0].message);
        // Not digits, a district, unknown.
        assert!(check_unit("0007a", Some("2024-01-01"))[0]
            .message
            .contains("5 chữ số"));
        assert!(check_unit("001", Some("2024-01-01"))[0]
            .message
            .contains("5 chữ số"));
        assert!(!check_unit("99999", None).is_empty());
        assert!(check_unit("00001", None).is_empty());
    }

    #[test]
    fn income_needs_a_source() {
        let r = row(&[("direction", t("thu")), ("amount", Sql::Integer(5))]);
        assert_eq!(check(&kinds::FUND_ENTRY, &r, today()).errors.len(), 1);
        let r = row(&[("direction", t("chi")), ("amount", Sql::Integer(5))]);
        assert!(check(&kinds::FUND_ENTRY, &r, today()).errors.is_empty());
    }

    #[test]
    fn a_report_on_an_inspection_is_not_dated_ahead() {
        let tomorrow = (today() + chrono::Days::new(1))
            .format("%Y-%m-%d")
            .to_string();
        let r = row(&[("report_date", t(&tomorrow))]);
        let f = check(&kinds::INSPECTION_FOLLOW_UP, &r, today());
        assert_eq!(f.errors.len(), 1);
        assert_eq!(f.errors[0].field, "report_date");
        let r = row(&[("report_date", t(&today().format("%Y-%m-%d").to_string()))]);
        assert!(check(&kinds::INSPECTION_FOLLOW_UP, &r, today())
            .errors
            .is_empty());
    }

    #[test]
    fn far_future_dates_are_refused() {
        let r = row(&[("activity_date", t("2205-01-01"))]);
        assert_eq!(check(&kinds::ACTIVITY, &r, today()).errors.len(), 1);
    }
}
