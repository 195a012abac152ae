//! Tests of the dates: parsing (day first, partial dates), ISO storage, display,
//! ages and error messages.

use super::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn parse_full_forms() {
    let want = PartialDate::Full(ymd(2025, 3, 5));
    for s in [
        "05/03/2025",
        "5/3/2025",
        "5-3-2025",
        "05.03.2025",
        " 5 / 3 / 2025 ",
        "2025-03-05",
        "2025/3/5",
        "\u{00A0}05/03/2025\t",
    ] {
        assert_eq!(parse_vn(s), Ok(want), "{s}");
    }
}

#[test]
fn parse_partial_forms() {
    assert_eq!(parse_vn("2025"), Ok(PartialDate::Year(2025)));
    assert_eq!(parse_vn("3/2025"), Ok(PartialDate::YearMonth(2025, 3)));
    assert_eq!(parse_vn("03-2025"), Ok(PartialDate::YearMonth(2025, 3)));
    assert_eq!(parse_vn("2025-03"), Ok(PartialDate::YearMonth(2025, 3)));
}

#[test]
fn day_first_never_month_first() {
    assert_eq!(
        parse_vn("31/12/2025"),
        Ok(PartialDate::Full(ymd(2025, 12, 31)))
    );
    assert_eq!(
        parse_vn("12/31/2025"),
        Err(DateError::InvalidMonth { month: 31 })
    );
    let msg = parse_vn("12/31/2025").unwrap_err().to_string();
    assert!(
        msg.contains("tháng 31") && msg.contains("dd/mm/yyyy"),
        "{msg}"
    );
    // Ambiguous-looking input is read day first.
    assert_eq!(
        parse_vn("01/02/2025"),
        Ok(PartialDate::Full(ymd(2025, 2, 1)))
    );
}

#[test]
fn two_digit_years_refused() {
    for s in ["05/03/85", "3/85", "85"] {
        assert!(
            matches!(parse_vn(s), Err(DateError::TwoDigitYear { .. })),
            "{s}"
        );
    }
    assert!(parse_vn("5/3/85")
        .unwrap_err()
        .to_string()
        .contains("4 chữ số"));
}

#[test]
fn year_range() {
    assert_eq!(
        parse_vn("1899"),
        Err(DateError::YearOutOfRange { year: 1899 })
    );
    assert_eq!(
        parse_vn("01/01/2101"),
        Err(DateError::YearOutOfRange { year: 2101 })
    );
    assert_eq!(parse_vn("1900"), Ok(PartialDate::Year(1900)));
    assert_eq!(
        parse_vn("31/12/2100"),
        Ok(PartialDate::Full(ymd(2100, 12, 31)))
    );
}

#[test]
fn invalid_days() {
    assert_eq!(
        parse_vn("31/02/2025"),
        Err(DateError::InvalidDay {
            day: 31,
            month: 2,
            year: 2025,
            max_day: 28
        })
    );
    assert_eq!(
        parse_vn("29/02/2023"),
        Err(DateError::InvalidDay {
            day: 29,
            month: 2,
            year: 2023,
            max_day: 28
        })
    );
    assert_eq!(
        parse_vn("29/02/2024"),
        Ok(PartialDate::Full(ymd(2024, 2, 29)))
    );
    assert_eq!(
        parse_vn("31/04/2025"),
        Err(DateError::InvalidDay {
            day: 31,
            month: 4,
            year: 2025,
            max_day: 30
        })
    );
    assert!(matches!(
        parse_vn("0/3/2025"),
        Err(DateError::InvalidDay { day: 0, .. })
    ));
    assert_eq!(
        parse_vn("5/0/2025"),
        Err(DateError::InvalidMonth { month: 0 })
    );
    assert_eq!(
        parse_vn("0/2025"),
        Err(DateError::InvalidMonth { month: 0 })
    );
    assert_eq!(
        parse_vn("2025-13"),
        Err(DateError::InvalidMonth { month: 13 })
    );
    let msg = parse_vn("29/02/2023").unwrap_err().to_string();
    assert!(
        msg.contains("Tháng 2 năm 2023 chỉ có 28 ngày") && msg.contains("ngày 29"),
        "{msg}"
    );
}

#[test]
fn format_errors() {
    for s in [
        "abc",
        "5//2025",
        "05/03/2025/1",
        "20250305",
        "005/03/2025",
        "5/3/202",
        "5/3/20255",
        "2025-3-5-",
        "ngày 5/3/2025",
        "５/３/２０２５",
        "+5/3/2025",
        "5 3 2025",
    ] {
        assert!(
            matches!(parse_vn(s), Err(DateError::Format { .. })),
            "{s}: {:?}",
            parse_vn(s)
        );
    }
    assert_eq!(parse_vn("  "), Err(DateError::Empty));
    // "05/03" (year forgotten) reads as month/two-digit year: refused,
    // and the message asks for the 4-digit year.
    assert!(matches!(
        parse_vn("05/03"),
        Err(DateError::TwoDigitYear { .. })
    ));
}

#[test]
fn full_date_required() {
    assert_eq!(parse_date_full("5/3/2025"), Ok(ymd(2025, 3, 5)));
    assert_eq!(
        parse_date_full("2025"),
        Err(DateError::NotFullDate {
            given: "2025".into()
        })
    );
    assert_eq!(
        parse_date_full("3/2025"),
        Err(DateError::NotFullDate {
            given: "03/2025".into()
        })
    );
    assert!(matches!(
        parse_date_full("31/02/2025"),
        Err(DateError::InvalidDay { .. })
    ));
}

#[test]
fn iso_round_trip() {
    for d in [
        PartialDate::Year(1950),
        PartialDate::YearMonth(2025, 3),
        PartialDate::Full(ymd(2025, 3, 5)),
        PartialDate::Full(ymd(1900, 12, 31)),
    ] {
        assert_eq!(PartialDate::from_iso(&d.to_iso()), Ok(d));
    }
    assert_eq!(PartialDate::Year(2025).to_iso(), "2025");
    assert_eq!(PartialDate::YearMonth(2025, 3).to_iso(), "2025-03");
    assert_eq!(PartialDate::Full(ymd(2025, 3, 5)).to_iso(), "2025-03-05");
}

#[test]
fn from_iso_is_strict() {
    for s in [
        "",
        "25",
        "2025-3",
        "2025-03-5",
        "05/03/2025",
        "2025-03-05T00:00",
        "2025-",
        "x025",
    ] {
        assert!(
            matches!(PartialDate::from_iso(s), Err(DateError::InvalidIso { .. })),
            "{s}"
        );
    }
    assert_eq!(
        PartialDate::from_iso("2025-13"),
        Err(DateError::InvalidMonth { month: 13 })
    );
    assert!(matches!(
        PartialDate::from_iso("2023-02-29"),
        Err(DateError::InvalidDay { .. })
    ));
    // Stored data outside the input range is still readable.
    assert_eq!(PartialDate::from_iso("1850"), Ok(PartialDate::Year(1850)));
}

#[test]
fn iso_text_order_is_chronological() {
    let mut v = ["2025-03-05", "2025", "2024-12-31", "2025-03", "2025-02-28"];
    v.sort();
    assert_eq!(
        v,
        ["2024-12-31", "2025", "2025-02-28", "2025-03", "2025-03-05"]
    );
}

#[test]
fn vn_display() {
    assert_eq!(PartialDate::Year(2025).to_vn(), "2025");
    assert_eq!(PartialDate::YearMonth(2025, 3).to_vn(), "03/2025");
    assert_eq!(PartialDate::Full(ymd(2025, 3, 5)).to_vn(), "05/03/2025");
    assert_eq!(PartialDate::Full(ymd(2025, 3, 5)).to_string(), "05/03/2025");
}

#[test]
fn parse_display_round_trip() {
    for d in [
        PartialDate::Year(1950),
        PartialDate::YearMonth(2025, 11),
        PartialDate::Full(ymd(2024, 2, 29)),
    ] {
        assert_eq!(parse_vn(&d.to_vn()), Ok(d));
    }
}

#[test]
fn year_earliest_latest() {
    assert_eq!(PartialDate::Year(2024).year(), 2024);
    assert_eq!(PartialDate::YearMonth(2024, 2).year(), 2024);
    assert_eq!(PartialDate::Full(ymd(2024, 2, 3)).year(), 2024);
    assert_eq!(PartialDate::Year(2024).earliest(), ymd(2024, 1, 1));
    assert_eq!(PartialDate::Year(2024).latest(), ymd(2024, 12, 31));
    assert_eq!(PartialDate::YearMonth(2024, 2).earliest(), ymd(2024, 2, 1));
    assert_eq!(PartialDate::YearMonth(2024, 2).latest(), ymd(2024, 2, 29));
    assert_eq!(PartialDate::YearMonth(2023, 2).latest(), ymd(2023, 2, 28));
    assert_eq!(PartialDate::YearMonth(2025, 4).latest(), ymd(2025, 4, 30));
    let d = ymd(2025, 3, 5);
    assert_eq!(PartialDate::Full(d).earliest(), d);
    assert_eq!(PartialDate::Full(d).latest(), d);
}

#[test]
fn hand_built_invalid_values_do_not_panic() {
    assert_eq!(PartialDate::YearMonth(2025, 13).latest(), ymd(2025, 12, 31));
    assert_eq!(PartialDate::YearMonth(2025, 0).earliest(), ymd(2025, 1, 1));
    let _ = PartialDate::Year(i32::MAX).latest();
    let _ = PartialDate::Year(i32::MIN).earliest();
    let _ = age_on(PartialDate::Year(i32::MIN), ymd(2025, 1, 1));
}

#[test]
fn long_form_nd30_padding() {
    assert_eq!(long_form(ymd(2025, 3, 5)), "ngày 05 tháng 3 năm 2025");
    assert_eq!(long_form(ymd(2020, 1, 5)), "ngày 05 tháng 01 năm 2020");
    assert_eq!(long_form(ymd(2020, 2, 15)), "ngày 15 tháng 02 năm 2020");
    assert_eq!(long_form(ymd(2019, 6, 29)), "ngày 29 tháng 6 năm 2019");
    assert_eq!(long_form(ymd(2024, 12, 10)), "ngày 10 tháng 12 năm 2024");
    assert_eq!(long_form(ymd(2024, 10, 1)), "ngày 01 tháng 10 năm 2024");
}

#[test]
fn age_full_date() {
    let b = PartialDate::Full(ymd(2007, 3, 5));
    assert_eq!(age_on(b, ymd(2025, 3, 4)), (17, 17));
    assert_eq!(age_on(b, ymd(2025, 3, 5)), (18, 18));
    assert_eq!(age_on(b, ymd(2006, 1, 1)), (0, 0));
}

#[test]
fn age_year_only() {
    let b = PartialDate::Year(2000);
    assert_eq!(age_on(b, ymd(2025, 6, 1)), (24, 25));
    assert_eq!(age_on(b, ymd(2025, 1, 1)), (24, 25));
    assert_eq!(age_on(b, ymd(2025, 12, 31)), (25, 25));
    // During the birth year itself.
    assert_eq!(age_on(b, ymd(2000, 6, 1)), (0, 0));
}

#[test]
fn age_year_month() {
    let b = PartialDate::YearMonth(2007, 3);
    assert_eq!(age_on(b, ymd(2025, 2, 28)), (17, 17));
    assert_eq!(age_on(b, ymd(2025, 3, 15)), (17, 18));
    assert_eq!(age_on(b, ymd(2025, 4, 1)), (18, 18));
}

#[test]
fn age_leap_day_birth() {
    let b = PartialDate::Full(ymd(2004, 2, 29));
    assert_eq!(age_on(b, ymd(2022, 2, 28)), (17, 17));
    assert_eq!(age_on(b, ymd(2022, 3, 1)), (18, 18));
    assert_eq!(age_on(b, ymd(2024, 2, 29)), (20, 20));
}

#[test]
fn serde_round_trip() {
    for d in [
        PartialDate::Year(1950),
        PartialDate::YearMonth(2025, 3),
        PartialDate::Full(ymd(2025, 3, 5)),
    ] {
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<PartialDate>(&json).unwrap(), d);
    }
}

#[test]
fn error_messages_say_expected_form() {
    for e in [
        parse_vn("").unwrap_err(),
        parse_vn("abc").unwrap_err(),
        parse_vn("5/3/85").unwrap_err(),
        parse_vn("1/1/1800").unwrap_err(),
        parse_vn("1/13/2025").unwrap_err(),
        parse_vn("31/2/2025").unwrap_err(),
        parse_date_full("2025").unwrap_err(),
        PartialDate::from_iso("x").unwrap_err(),
    ] {
        assert!(e.to_string().contains("dd/mm/yyyy"), "{e}");
    }
}
