//! Tests of the documents: the `.docx` is unzipped with our own container reader and its
//! XML checked against the rules of domain.md §1 (page, margins, fonts, sizes per
//! element, header table, signature block, dates, legal bases); the print view is checked
//! for its page rules and its escaping.

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::model::{Block, TEXT_W, TEXT_W_LANDSCAPE};
use super::*;
use crate::bundle::container::{self, Limits};
use crate::installation::Role;
use crate::records::Fields;
use crate::units::UnitSet;
use crate::Store;

fn day(d: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn fields(v: Value) -> Fields {
    v.as_object().unwrap().clone()
}

/// A commune (Phường Ba Đình, Hà Nội under the 2025 units) with one village and one team
/// of `model`. A decision dated before 1/7/2025 is issued by its predecessor of the same
/// code, Phường Trúc Bạch, quận Ba Đình (see `add_decision`).
fn commune(model: &str) -> (Store, String) {
    let mut s = Store::open_in_memory().unwrap();
    s.init(Role::Commune, UnitSet::Y2025, "00004").unwrap();
    let village = s
        .create(
            "village",
            &fields(json!({"name": "Tổ dân phố số 1", "village_type": "to_dan_pho"})),
        )
        .unwrap()
        .id;
    let name = if model == "to_bao_ve_antt" {
        "Tổ bảo vệ an ninh, trật tự tổ dân phố số 1"
    } else {
        "Tổ xung kích tự quản về an ninh trật tự tổ dân phố số 1"
    };
    let team = s
        .create(
            "team",
            &fields(json!({"name": name, "model_type": model, "status": "hoat_dong"})),
        )
        .unwrap()
        .id;
    s.create(
        "team_village",
        &fields(json!({"team_id": team, "village_id": village})),
    )
    .unwrap();
    (s, team)
}

fn add_member(s: &mut Store, team: &str, name: &str, role: &str, sex: &str) {
    s.create(
        "member",
        &fields(
            json!({"team_id": team, "full_name": name, "role": role, "sex": sex,
                       "birth_date": "1975"}),
        ),
    )
    .unwrap();
}

fn add_decision(s: &mut Store, team: &str, extra: Value) {
    let mut f = fields(
        json!({"team_id": team, "decision_type": "thanh_lap", "state": "da_ky",
                              "authority_type": "chu_tich", "signer_name": "Nguyễn Văn Xuân"}),
    );
    let numbered = extra.get("number").is_some();
    f.extend(fields(extra));
    // Signed decisions carry their number ("number": null for one that does not).
    if f.get("state") != Some(&json!("du_thao")) && !numbered {
        f.insert("number".into(), json!(12));
    }
    // Before 1/7/2025 the issuing unit is the predecessor of the same code.
    let before_reform = f
        .get("decision_date")
        .and_then(Value::as_str)
        .and_then(|d| crate::dates::parse_date_full(d).ok())
        .is_some_and(|d| d < day(1, 7, 2025));
    if before_reform && !f.contains_key("issuing_unit") {
        f.insert("issuing_unit".into(), json!("00004"));
    }
    f.retain(|_, v| !v.is_null());
    s.create("decision", &f).unwrap();
}

/// The XML parts of a `.docx`, read with our strict container reader.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let limits = Limits::DEFAULT;
    let index = container::read_index(bytes, &limits).unwrap();
    index
        .entries()
        .iter()
        .map(|e| {
            let data = container::read_entry(bytes, e, &limits).unwrap();
            (e.name.clone(), String::from_utf8(data).unwrap())
        })
        .collect()
}

fn document_xml(doc: &Document) -> String {
    unzip(&to_docx(doc).unwrap())["word/document.xml"].clone()
}

/// The run properties of the run whose text is exactly `text`.
fn run_props<'a>(xml: &'a str, text: &str) -> &'a str {
    let needle = format!(r#"<w:t xml:space="preserve">{}</w:t>"#, html::escape(text));
    let at = xml
        .find(&needle)
        .unwrap_or_else(|| panic!("no run with the text {text:?}"));
    let start = xml[..at].rfind("<w:rPr>").unwrap();
    &xml[start..at]
}

fn has_size(props: &str, half_points: u16) -> bool {
    props.contains(&format!(r#"<w:sz w:val="{half_points}"/>"#))
}

fn bold(props: &str) -> bool {
    props.contains("<w:b/>")
}

fn italic(props: &str) -> bool {
    props.contains("<w:i/>")
}

/// Text of all runs, in order, to search sentences across runs.
fn plain(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find(r#"<w:t xml:space="preserve">"#) {
        rest = &rest[i + 26..];
        let end = rest.find("</w:t>").unwrap();
        out.push_str(&rest[..end]);
        out.push('\n');
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_page_is_a4_with_the_nd30_margins_and_a_page_number_from_page_2() {
    let (mut s, team) = commune("to_bao_ve_antt");
    add_decision(&mut s, &team, json!({"decision_date": "05/02/2026"}));
    let doc = s.decision_document(&team, day(1, 3, 2026)).unwrap();
    let parts = unzip(&to_docx(&doc).unwrap());
    let xml = &parts["word/document.xml"];
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
    assert!(xml.contains(
        r#"<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="680""#
    ));
    assert_eq!(TEXT_W, 11906 - 1701 - 850);
    // Page 1 has the empty header, the others the centred PAGE field (13 pt).
    assert!(xml.contains("<w:titlePg/>"));
    assert!(xml.contains(r#"<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>"#));
    let rels = &parts["word/_rels/document.xml.rels"];
    assert!(rels.contains(r#"Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml""#));
    assert!(parts["word/header1.xml"].contains(" PAGE "));
    assert!(parts["word/header1.xml"].contains(r#"<w:sz w:val="26"/>"#));
    assert!(parts["word/header1.xml"].contains(r#"<w:jc w:val="center"/>"#));
    assert!(!parts["word/header2.xml"].contains("PAGE"));
    assert!(parts["[Content_Types].xml"].contains("/word/header2.xml"));
}

#[test]
fn every_run_is_times_new_roman_in_black() {
    let (mut s, team) = commune("to_bao_ve_antt");
    add_member(&mut s, &team, "Nguyễn Văn An", "to_truong", "nam");
    let doc = s.decision_document(&team, day(1, 3, 2026)).unwrap();
    let xml = document_xml(&doc);
    let runs = xml.matches("<w:r>").count();
    let fonts = xml
        .matches(r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/>"#)
        .count();
    assert!(runs > 20);
    // Every run, and every paragraph mark except the rules' (which hold no text).
    assert!(fonts >= runs, "{fonts} fonts for {runs} runs");
    assert_eq!(xml.matches("<w:rFonts").count(), fonts);
    assert_eq!(
        xml.matches("<w:color ").count(),
        xml.matches(r#"<w:color w:val="000000"/>"#).count()
    );
}

#[test]
fn each_element_has_its_size_and_style() {
    let (mut s, team) = commune("to_bao_ve_antt");
    add_member(&mut s, &team, "Nguyễn Văn An", "to_truong", "nam");
    add_decision(
        &mut s,
        &team,
        json!({"decision_date": "05/02/2026", "number": 5, "symbol": "QĐ-UBND"}),
    );
    let xml = document_xml(&s.decision_document(&team, day(1, 3, 2026)).unwrap());
    let check = |text: &str, size: u16, b: bool, i: bool| {
        let p = run_props(&xml, text);
        assert!(has_size(p, size), "{text}: size {size} expected in {p}");
        assert_eq!(bold(p), b, "{text}: bold");
        assert_eq!(italic(p), i, "{text}: italic");
    };
    check("ỦY BAN NHÂN DÂN", 24, true, false);
    check("PHƯỜNG BA ĐÌNH", 24, true, false);
    check("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 24, true, false);
    check("Độc lập - Tự do - Hạnh phúc", 26, true, false);
    check("Số: 05/QĐ-UBND", 26, false, false);
    check("Ba Đình, ngày 05 tháng 02 năm 2026", 26, false, true);
    check("QUYẾT ĐỊNH", 28, true, false);
    check(
        "Về việc thành lập Tổ bảo vệ an ninh, trật tự tổ dân phố số 1",
        28,
        true,
        false,
    );
    check("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", 28, true, false);
    check(
        "Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở ngày 28 tháng 11 năm 2023;",
        28,
        false,
        true,
    );
    check("QUYẾT ĐỊNH:", 28, true, false);
    check("Điều 1. ", 28, true, false);
    check("Nơi nhận:", 24, true, true);
    check("- Như Điều 3;", 22, false, false);
    check("- Lưu: VT, CAP.", 22, false, false);
    check("CHỦ TỊCH", 28, true, false);
    check("Nguyễn Văn Xuân", 28, true, false);
    // Body: justified, first line indented 1.27 cm, 6 pt after.
    assert!(xml.contains(r#"<w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:jc w:val="both"/>"#));
    // The content ends with "./.".
    assert!(plain(&xml).contains("chịu trách nhiệm thi hành Quyết định này./."));
}

#[test]
fn the_header_is_a_borderless_fixed_table_as_wide_as_the_text() {
    let (s, team) = commune("to_bao_ve_antt");
    let xml = document_xml(&s.decision_document(&team, day(1, 3, 2026)).unwrap());
    let start = xml.find("<w:tbl>").unwrap();
    let end = start + xml[start..].find("</w:tbl>").unwrap();
    let table = &xml[start..end];
    assert!(table.contains(r#"<w:tblLayout w:type="fixed"/>"#));
    let widths: Vec<u32> = table
        .split(r#"<w:gridCol w:w=""#)
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(widths, vec![3572, 5783]);
    assert_eq!(widths.iter().sum::<u32>(), TEXT_W);
    assert!(table.contains(&format!(r#"<w:tblW w:w="{TEXT_W}" w:type="dxa"/>"#)));
    let borders =
        &table[table.find("<w:tblBorders>").unwrap()..table.find("</w:tblBorders>").unwrap()];
    assert_eq!(borders.matches(r#"w:val="nil""#).count(), 6);
    assert!(!borders.contains("single"));
    // Two rows: "Số" and the place-date share the second.
    assert_eq!(table.matches("<w:tr>").count(), 2);
    let second_row = &table[table.rfind("<w:tr>").unwrap()..];
    assert!(second_row.contains("Số:"));
    assert!(second_row.contains("Ba Đình, ngày"));
    // The rules: under the issuing body 1/3–1/2 of its line, under the motto its length.
    let rules: Vec<u32> = table
        .split(r#"<w:ind w:left=""#)
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(rules.len(), 2);
    let body_line = 3572 - 2 * rules[0];
    let body_text = measure::width("ỦY BAN NHÂN DÂN", 24, true);
    assert!(
        body_line * 3 >= body_text && body_line * 2 <= body_text,
        "{body_line}"
    );
    let motto_line = 5783 - 2 * rules[1];
    let motto = measure::width("Độc lập - Tự do - Hạnh phúc", 26, true);
    assert!(motto_line.abs_diff(motto) <= 1, "{motto_line} vs {motto}");
}

#[test]
fn the_signature_block_follows_the_authority_type() {
    let cases = [
        (
            Some("chu_tich"),
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐÔNG TIẾN",
            vec!["CHỦ TỊCH"],
        ),
        (
            Some("kt_chu_tich"),
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐÔNG TIẾN",
            vec!["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        ),
        (
            Some("tm_ubnd"),
            "ỦY BAN NHÂN DÂN XÃ ĐÔNG TIẾN",
            vec!["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        ),
        (
            Some("tm_ubnd_kt_chu_tich"),
            "ỦY BAN NHÂN DÂN XÃ ĐÔNG TIẾN",
            vec!["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        ),
        (
            None,
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐÔNG TIẾN",
            vec!["CHỦ TỊCH"],
        ),
    ];
    for (authority, line, block) in cases {
        let s = signature::signing(authority, "XÃ ĐÔNG TIẾN", "xã Đông Tiến");
        assert_eq!(s.authority_line, line, "{authority:?}");
        assert_eq!(s.block, block, "{authority:?}");
    }
    // And in the document, in that order, bold 14, in the right-hand cell.
    let (mut s, team) = commune("to_bao_ve_antt");
    add_decision(
        &mut s,
        &team,
        json!({"authority_type": "tm_ubnd_kt_chu_tich", "state": "du_thao"}),
    );
    let xml = document_xml(&s.decision_document(&team, day(1, 3, 2026)).unwrap());
    let text = plain(&xml);
    let block = text.find("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n");
    assert!(block.is_some(), "{text}");
    assert!(text.contains("\nỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH\n"));
    let signature_table = &xml[xml.rfind("<w:tbl>").unwrap()..];
    assert!(signature_table.contains("<w:cantSplit/>"));
    assert!(signature_table.contains(r#"<w:gridCol w:w="4210"/><w:gridCol w:w="5145"/>"#));
    assert!(signature_table.contains("Nơi nhận:"));
}

#[test]
fn a_missing_signer_leaves_the_space_without_a_name() {
    let (mut s, team) = commune("to_bao_ve_antt");
    add_decision(
        &mut s,
        &team,
        json!({"signer_name": null, "state": "du_thao"}),
    );
    let doc = s.decision_document(&team, day(1, 3, 2026)).unwrap();
    let Some(Block::Columns(sig)) = doc.sections[0].blocks.last() else {
        panic!("the signature table comes last")
    };
    let right = &sig.rows[0][1];
    assert_eq!(
        right.len(),
        1 + 4,
        "capacity line and 4 empty lines, no name"
    );
}

#[test]
fn dates_are_padded_as_the_decree_says() {
    for (date, expected) in [
        ("05/02/2026", "Ba Đình, ngày 05 tháng 02 năm 2026"),
        ("15/11/2026", "Ba Đình, ngày 15 tháng 11 năm 2026"),
        // Before 1/7/2025 the place is the predecessor's (Phường Trúc Bạch).
        ("01/03/2025", "Trúc Bạch, ngày 01 tháng 3 năm 2025"),
        ("29/06/2019", "Trúc Bạch, ngày 29 tháng 6 năm 2019"),
        ("05/01/2020", "Trúc Bạch, ngày 05 tháng 01 năm 2020"),
    ] {
        let (mut s, team) = commune("to_bao_ve_antt");
        add_decision(&mut s, &team, json!({"decision_date": date}));
        let text = plain(&document_xml(
            &s.decision_document(&team, day(1, 1, 2027)).unwrap(),
        ));
        assert!(text.contains(&format!("{expected}\n")), "{date}: {text}");
    }
}

#[test]
fn the_number_and_date_stay_blank_until_recorded() {
    // No decision at all: a draft.
    let (mut s, team) = commune("to_bao_ve_antt");
    let text = plain(&document_xml(
        &s.decision_document(&team, day(9, 3, 2026)).unwrap(),
    ));
    assert!(text.contains("Số:      /QĐ-UBND\n"), "{text}");
    assert!(
        text.contains("Ba Đình, ngày      tháng      năm 2026\n"),
        "{text}"
    );
    assert!(text.contains("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH"));
    // A draft decision recorded with its date: the number stays blank.
    add_decision(
        &mut s,
        &team,
        json!({"decision_date": "05/03/2026", "state": "du_thao"}),
    );
    let text = plain(&document_xml(
        &s.decision_document(&team, day(9, 3, 2026)).unwrap(),
    ));
    assert!(text.contains("Số:      /QĐ-UBND\n"));
    assert!(text.contains("Ba Đình, ngày 05 tháng 3 năm 2026\n"));
    // A decision recorded as signed prints its number, never the blank: without one
    // it is refused, saying what to enter (issue 13).
    let (mut s, team) = commune("to_bao_ve_antt");
    add_decision(
        &mut s,
        &team,
        json!({"decision_date": "05/03/2026", "number": null}),
    );
    let err = s.decision_document(&team, day(9, 3, 2026)).unwrap_err();
    assert_eq!(err.code(), "decision_not_numbered");
    assert!(err.to_string().contains("nhập số văn thư đã cấp"), "{err}");
    // Numbered: below 10 with a leading zero, the recorded symbol kept.
    let (mut s, team) = commune("to_bao_ve_antt");
    add_decision(
        &mut s,
        &team,
        json!({"decision_date": "05/03/2026", "number": 7, "symbol": "QĐ-CT", "state": "da_cap_so"}),
    );
    let text = plain(&document_xml(
        &s.decision_document(&team, day(9, 3, 2026)).unwrap(),
    ));
    assert!(text.contains("Số: 07/QĐ-CT\n"), "{text}");
}

fn bases(s: &Store, team: &str) -> Vec<String> {
    let doc = s.decision_document(team, day(1, 1, 2030)).unwrap();
    doc.sections[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p)
                if p.text().starts_with("Căn cứ") || p.text().starts_with("Theo đề nghị") =>
            {
                Some(p.text())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_legal_bases_are_chosen_by_the_decision_date_and_the_model() {
    let local_2015 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;";
    let local_2025_02 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;";
    let local_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;";
    let law_2023 =
        "Căn cứ Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở ngày 28 tháng 11 năm 2023;";

    let (mut s, team) = commune("to_bao_ve_antt");
    add_decision(
        &mut s,
        &team,
        json!({"decision_date": "30/06/2025", "proposer": "Công an phường Trúc Bạch"}),
    );
    let b = bases(&s, &team);
    // From 1/3/2025 to 30/6/2025: the law of 19/02/2025 (domain.md §2.2, corrected).
    assert_eq!(b[0], local_2025_02);
    assert_eq!(b[1], law_2023);
    assert!(b[2]
        .starts_with("Căn cứ Nghị định số 40/2024/NĐ-CP ngày 16 tháng 4 năm 2024 của Chính phủ"));
    assert!(b[3].starts_with(
        "Căn cứ Thông tư số 14/2024/TT-BCA ngày 22 tháng 4 năm 2024 của Bộ trưởng Bộ Công an"
    ));
    assert_eq!(
        b.last().unwrap(),
        "Theo đề nghị của Trưởng Công an phường Trúc Bạch."
    );
    assert!(b[..b.len() - 1].iter().all(|l| l.ends_with(';')));

    let (mut s, team) = commune("to_bao_ve_antt");
    add_decision(&mut s, &team, json!({"decision_date": "01/07/2025"}));
    let b = bases(&s, &team);
    assert_eq!(b[0], local_2025);
    assert!(!b.iter().any(|l| l == local_2015));

    // The 2014 model: the circular of 2012, not the 2023 Law; in a phường not the
    // Pháp lệnh Công an xã either (it governed xã and thị trấn).
    let (mut s, team) = commune("to_xung_kich_tu_quan_antt");
    add_decision(&mut s, &team, json!({"decision_date": "10/05/2016"}));
    let b = bases(&s, &team);
    assert_eq!(b[0], local_2015);
    assert!(!b.iter().any(|l| l.contains("Pháp lệnh Công an xã")));
    assert!(b
        .iter()
        .any(|l| l.starts_with("Căn cứ Thông tư số 23/2012/TT-BCA")));
    assert!(!b.iter().any(|l| l == law_2023));
    assert_eq!(
        b.last().unwrap(),
        "Theo đề nghị của Trưởng Công an phường Trúc Bạch."
    );

    let (mut s, team) = commune("to_xung_kich_tu_quan_antt");
    add_decision(&mut s, &team, json!({"decision_date": "01/05/2014"}));
    let b = bases(&s, &team);
    assert!(b[0].starts_with(
        "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003"
    ));
}

#[test]
fn the_recipients_follow_the_police_reform_and_the_last_ends_with_a_full_stop() {
    let recipients = |date: &str| {
        let (mut s, team) = commune("to_bao_ve_antt");
        add_decision(&mut s, &team, json!({"decision_date": date}));
        let doc = s.decision_document(&team, day(1, 1, 2030)).unwrap();
        let Some(Block::Columns(sig)) = doc.sections[0].blocks.last() else {
            panic!()
        };
        sig.rows[0][0]
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.text()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let before = recipients("28/02/2025");
    assert_eq!(before[0], "Nơi nhận:");
    assert!(
        before.contains(&"- Công an quận Ba Đình (để b/c);".to_string()),
        "{before:?}"
    );
    // A phường's police is the Công an phường: CAP, not CAX.
    assert_eq!(before.last().unwrap(), "- Lưu: VT, CAP.");
    let after = recipients("01/03/2025");
    assert!(
        after.contains(&"- Công an thành phố Hà Nội (để b/c);".to_string()),
        "{after:?}"
    );
    assert!(!after.iter().any(|l| l.contains("quận")));
}

#[test]
fn the_clerk_can_fill_and_override_templates_through_the_settings() {
    let (mut s, team) = commune("to_bao_ve_antt");
    // A draft: a signed decision is frozen and no template changes it any more.
    add_decision(
        &mut s,
        &team,
        json!({"decision_date": "01/08/2025", "state": "du_thao"}),
    );
    let province = "Căn cứ Quyết định số 37/2024/QĐ-UBND ngày 01 tháng 7 năm 2024 của Ủy ban nhân dân thành phố Hà Nội quy định số lượng Tổ bảo vệ an ninh, trật tự";
    let setting = json!([
        {"id": "qd_ubnd_tinh", "slot": "basis", "models": ["to_bao_ve_antt"],
         "valid_from": "01/07/2024", "order": 50, "text": province},
        {"id": "ky_hieu", "slot": "symbol", "text": "QĐ-CT"},
        {"id": "luu", "slot": "recipient", "order": 90, "text": "Lưu: VT, CAP"}
    ]);
    s.set_text_setting("doc_templates", &setting.to_string())
        .unwrap();
    let b = bases(&s, &team);
    assert!(b.contains(&format!("{province};")), "{b:?}");
    let text = plain(&document_xml(
        &s.decision_document(&team, day(1, 1, 2030)).unwrap(),
    ));
    assert!(text.contains("/QĐ-CT\n"), "{text}");
    assert!(text.contains("- Lưu: VT, CAP.\n"));
    // Bad JSON, an unknown slot or a bad date are refused and change nothing.
    for bad in [
        "[{",
        r#"[{"id":"x","slot":"nowhere","text":"a"}]"#,
        r#"[{"id":"x","slot":"basis","valid_from":"31/02/2025","text":"a"}]"#,
    ] {
        let e = s.set_text_setting("doc_templates", bad).unwrap_err();
        assert_eq!(e.code(), "invalid", "{bad}");
    }
    assert!(bases(&s, &team).contains(&format!("{province};")));
}

#[test]
fn members_are_named_in_article_1_or_listed_on_a_landscape_page() {
    let (mut s, team) = commune("to_bao_ve_antt");
    add_member(&mut s, &team, "Trần Thị Bình", "to_vien", "nu");
    add_member(&mut s, &team, "Lê Văn Cường", "to_pho", "nam");
    add_member(&mut s, &team, "Nguyễn Văn An", "to_truong", "nam");
    let doc = s.decision_document(&team, day(1, 3, 2026)).unwrap();
    assert_eq!(doc.sections.len(), 1);
    let text = plain(&document_xml(&doc));
    let i = text
        .find("1. Ông Nguyễn Văn An, sinh năm 1975 – Tổ trưởng;")
        .unwrap();
    let j = text
        .find("2. Ông Lê Văn Cường, sinh năm 1975 – Tổ phó;")
        .unwrap();
    let k = text
        .find("3. Bà Trần Thị Bình, sinh năm 1975 – Tổ viên.")
        .unwrap();
    assert!(i < j && j < k);

    s.set_setting("decision_inline_members", 2).unwrap();
    let doc = s.decision_document(&team, day(1, 3, 2026)).unwrap();
    assert_eq!(doc.sections.len(), 2);
    let xml = document_xml(&doc);
    let text = plain(&xml);
    assert!(text.contains("gồm 03 thành viên (có danh sách kèm theo)."));
    assert!(text.contains("DANH SÁCH\n"));
    assert!(text.contains("(Kèm theo Quyết định số      /QĐ-UBND ngày      tháng      năm 2026 của Chủ tịch Ủy ban nhân dân phường Ba Đình)"), "{text}");
    assert!(xml.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#));
    assert!(xml.contains(r#"<w:pgNumType w:start="1"/>"#));
    // The portrait section ends in a paragraph carrying its properties.
    assert!(xml.contains(r#"<w:p><w:pPr><w:sectPr>"#));
    let grid = doc.sections[1].grids().next().unwrap();
    assert_eq!(grid.widths.iter().sum::<u32>(), TEXT_W_LANDSCAPE);
    assert_eq!(grid.rows.len(), 3);
    assert!(xml.contains("<w:tblHeader/>"));
}

#[test]
fn odd_data_never_panics() {
    // No members, no villages' heads, a very long name, no decision.
    let (mut s, team) = commune("khac");
    let long = "Tổ tự quản ".repeat(18);
    s.update("team", &team, &fields(json!({"name": long.trim()})))
        .unwrap();
    for doc in [
        s.decision_document(&team, day(1, 3, 2026)).unwrap(),
        s.member_list_document(&team, day(1, 3, 2026)).unwrap(),
        s.regulation_document(&team, day(1, 3, 2026)).unwrap(),
    ] {
        let xml = document_xml(&doc);
        assert!(xml.contains("Tổ tự quản Tổ tự quản"));
        assert!(to_html(&doc).contains("Tổ tự quản"));
    }
    let list = s.member_list_document(&team, day(1, 3, 2026)).unwrap();
    assert!(plain(&document_xml(&list)).contains("Chưa có thành viên."));
    let e = s
        .decision_document("no-such-team", day(1, 3, 2026))
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[test]
fn the_regulation_has_chapters_and_articles_or_the_clerks_own_text() {
    let (mut s, team) = commune("to_bao_ve_antt");
    let reg = s
        .create(
            "regulation",
            &fields(json!({"team_id": team, "title": "Quy chế hoạt động"})),
        )
        .unwrap()
        .id;
    s.create(
        "duty",
        &fields(json!({"team_id": team, "regulation_id": reg, "position": 1,
                       "content": "Hỗ trợ tuần tra, canh gác."})),
    )
    .unwrap();
    let text = plain(&document_xml(
        &s.regulation_document(&team, day(1, 3, 2026)).unwrap(),
    ));
    assert!(text.contains("QUY CHẾ\n"));
    assert!(text.contains("Chương I\nQUY ĐỊNH CHUNG\n"));
    assert!(text.contains("Chương IV\n"));
    assert!(text.contains("Điều 1. Phạm vi điều chỉnh, đối tượng áp dụng"));
    assert!(text.contains("1. Hỗ trợ tuần tra, canh gác."));

    s.update(
        "regulation",
        &reg,
        &fields(json!({"content": "Chương I. Những quy định chung\nĐiều 1. Phạm vi\nQuy chế này quy định …\nChương II\nTổ chức\nĐiều 2. Thành viên\nTổ có 05 thành viên."})),
    )
    .unwrap();
    let text = plain(&document_xml(
        &s.regulation_document(&team, day(1, 3, 2026)).unwrap(),
    ));
    assert!(text.contains("Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nQuy chế này quy định …\nChương II\nTỔ CHỨC\nĐiều 2. Thành viên\n"), "{text}");
}

#[test]
fn the_print_view_is_a4_self_contained_and_escapes_every_text() {
    let (mut s, team) = commune("to_bao_ve_antt");
    add_member(
        &mut s,
        &team,
        "<img src=x onerror=alert(1)>",
        "to_truong",
        "nam",
    );
    let doc = s.decision_document(&team, day(1, 3, 2026)).unwrap();
    let html = to_html(&doc);
    assert!(html.contains("@page { size: A4; margin: 20mm 15mm 20mm 30mm;"));
    assert!(html.contains("@top-center { content: counter(page);"));
    assert!(html.contains("@page :first { @top-center { content: none; } }"));
    assert!(html.contains("font-family: \"Times New Roman\""));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<img"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains(" style=\""), "no inline style attributes");
    assert!(!html.contains("http"), "no external resources");
    // Widths and sizes as classes: the header columns 63 and 102 mm, 12/13/14 pt.
    assert!(html.contains(".w3572 { width: 63.0mm; }"));
    assert!(html.contains(".w5783 { width: 102.0mm; }"));
    assert!(html.contains(".s24 { font-size: 12pt; }"));
    assert!(html.contains(".s28 { font-size: 14pt; }"));
    assert!(html.contains(r#"<table class="columns w9355">"#));
    // The docx escapes it too.
    assert!(document_xml(&doc).contains("&lt;img src=x onerror=alert(1)&gt;"));
    // The attached list is a landscape named page.
    s.set_setting("decision_inline_members", 0).unwrap();
    let html = to_html(&s.decision_document(&team, day(1, 3, 2026)).unwrap());
    assert!(html.contains(r#"<section class="page wide">"#));
    assert!(html.contains("@page wide { size: A4 landscape; }"));
    assert!(html.contains(r#"<th class="center" colspan="2">Ngày sinh</th>"#));
    assert!(html.contains(r#"<th class="center" rowspan="2">STT</th>"#));
}

#[test]
fn output_is_deterministic_and_the_format_follows_the_extension() {
    let (mut s, team) = commune("to_bao_ve_antt");
    add_member(&mut s, &team, "Nguyễn Văn An", "to_truong", "nam");
    let a = to_docx(&s.decision_document(&team, day(1, 3, 2026)).unwrap()).unwrap();
    let b = to_docx(&s.decision_document(&team, day(1, 3, 2026)).unwrap()).unwrap();
    assert_eq!(a, b);
    use std::path::Path;
    assert_eq!(
        Format::from_path(Path::new("a.DOCX")).unwrap(),
        Format::Docx
    );
    assert_eq!(Format::from_path(Path::new("b.htm")).unwrap(), Format::Html);
    for bad in ["c.pdf", "d.doc", "e"] {
        let e = Format::from_path(Path::new(bad)).unwrap_err();
        assert_eq!(e.code(), "unsupported_format");
        assert!(e.to_string().contains(".docx"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quyết định.docx");
    save(&s.decision_document(&team, day(1, 3, 2026)).unwrap(), &path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), a);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn one_template_at_a_time_changed_added_and_restored() {
    let (mut s, team) = commune("to_bao_ve_antt");
    add_decision(
        &mut s,
        &team,
        json!({"decision_date": "01/08/2025", "state": "du_thao"}),
    );
    let rows = s.document_template_rows().unwrap();
    assert!(rows.iter().all(|r| r.builtin && !r.changed));
    let symbol = rows
        .iter()
        .find(|r| r.template.slot == super::Slot::Symbol)
        .unwrap()
        .template
        .clone();
    // Change the built-in symbol, add a recipient line.
    let mut changed = symbol.clone();
    changed.text = "QĐ-CT".into();
    s.save_document_template(changed).unwrap();
    s.save_document_template(super::Template {
        id: "luu_cap".into(),
        slot: super::Slot::Recipient,
        models: Vec::new(),
        units: Vec::new(),
        valid_from: Some("01/07/2025".into()),
        valid_to: None,
        order: 95,
        text: "Lưu: hồ sơ Công an xã".into(),
    })
    .unwrap();
    let rows = s.document_template_rows().unwrap();
    let row = |id: &str| rows.iter().find(|r| r.template.id == id).unwrap();
    assert!(row(&symbol.id).changed && row(&symbol.id).builtin);
    assert!(row("luu_cap").changed && !row("luu_cap").builtin);
    let text = plain(&document_xml(
        &s.decision_document(&team, day(1, 1, 2030)).unwrap(),
    ));
    assert!(text.contains("/QĐ-CT\n"), "{text}");
    assert!(text.contains("- Lưu: hồ sơ Công an xã"), "{text}");
    // A bad date is refused and keeps what was saved.
    let mut bad = row("luu_cap").template.clone();
    bad.valid_to = Some("31/02/2026".into());
    assert_eq!(s.save_document_template(bad).unwrap_err().code(), "invalid");
    assert_eq!(
        s.document_template_rows().unwrap().len(),
        rows.len(),
        "nothing changed"
    );
    // Restore both: the built-in symbol is back, the added line is gone.
    s.reset_document_template(&symbol.id).unwrap();
    s.reset_document_template("luu_cap").unwrap();
    let rows = s.document_template_rows().unwrap();
    assert!(rows.iter().all(|r| r.builtin && !r.changed));
    assert!(plain(&document_xml(
        &s.decision_document(&team, day(1, 1, 2030)).unwrap()
    ))
    .contains(&format!("/{}\n", symbol.text)));
}

#[test]
fn file_names_lose_what_windows_refuses() {
    let doc = Document {
        kind: super::DocumentKind::Decision,
        title: "Quyết định thành lập Tổ bảo vệ ANTT thôn 3/2 <mới>.".into(),
        sections: Vec::new(),
    };
    assert_eq!(
        doc.file_name(super::Format::Docx),
        "Quyết định thành lập Tổ bảo vệ ANTT thôn 3-2 -mới-.docx"
    );
    let untitled = Document {
        title: " . ".into(),
        ..doc
    };
    assert_eq!(untitled.file_name(super::Format::Html), "van-ban.html");
}
