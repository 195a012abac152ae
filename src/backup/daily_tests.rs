//! Issue 14, item 4: the automatic backups, their rotation, restore from the list, and
//! the age of the last copy off the laptop.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use super::daily::{self, keep, KEEP_DAILY, KEEP_MONTHLY};
use crate::installation::Role;
use crate::units::UnitSet;
use crate::Store;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("xungkich.db")).unwrap();
    s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
    (dir, s)
}

fn village(s: &mut Store, name: &str) {
    s.create(
        "village",
        json!({"name": name, "village_type": "thon"})
            .as_object()
            .unwrap(),
    )
    .unwrap();
}

#[test]
fn the_rotation_keeps_fourteen_days_and_one_a_month_for_twelve_months() {
    // Every day for 400 days.
    let days: BTreeSet<NaiveDate> = day(2025, 11, 1).iter_days().take(400).collect();
    let last = *days.last().unwrap();
    let kept = keep(&days);
    let daily: Vec<_> = kept.iter().filter(|(_, w)| *w == "daily").collect();
    let monthly: Vec<_> = kept.iter().filter(|(_, w)| *w == "monthly").collect();
    assert_eq!(daily.len(), KEEP_DAILY);
    assert_eq!(daily[0].0, last, "the newest first");
    // Twelve months have a copy: the daily ones cover the newest (here two: the 14 days
    // run from 22/11 to 05/12/2026), one a month the ten before.
    let months: BTreeSet<(i32, u32)> = kept.iter().map(|(d, _)| (d.year(), d.month())).collect();
    assert_eq!(months.len(), KEEP_MONTHLY);
    assert_eq!(monthly.len(), KEEP_MONTHLY - 2);
    for (d, _) in &monthly {
        let next = *d + chrono::Days::new(1);
        assert_eq!(next.day0(), 0, "{d}: the last day of its month");
    }
    // A file for a day in the future (a wrong clock) takes one daily place and one month,
    // no more: the other thirteen days and ten months are kept.
    let mut with_future = days.clone();
    with_future.insert(day(2031, 1, 1));
    let kept_then: BTreeSet<NaiveDate> = keep(&with_future).into_iter().map(|(d, _)| d).collect();
    let lost = kept.iter().filter(|(d, _)| !kept_then.contains(d)).count();
    assert_eq!(lost, 2, "{kept_then:?}");
}

#[test]
fn a_backup_a_day_rotated_and_one_restored_from_the_list() {
    let (dir, mut s) = store();
    village(&mut s, "Thôn Đông");
    let first = day(2026, 1, 1);
    let info = s
        .daily_backup(first)
        .unwrap()
        .expect("the first of the day");
    assert!(!info.encrypted, "in the data folder: plain, without keys");
    assert!(s.daily_backup(first).unwrap().is_none(), "one a day");
    for d in first.iter_days().skip(1).take(59) {
        s.daily_backup(d).unwrap();
    }
    let list = s.auto_backups().unwrap();
    let names: Vec<&str> = list.iter().map(|b| b.file_name.as_str()).collect();
    // 16/02 to 01/03, and January's last day (February's is among the fourteen).
    assert_eq!(list.len(), KEEP_DAILY + 1, "{names:?}");
    assert_eq!(list[0].file_name, daily::file_name(day(2026, 3, 1)));
    assert!(list
        .iter()
        .any(|b| b.day == day(2026, 1, 31) && b.kept_as == "monthly"));
    // Other files in the folder are left alone.
    let folder = dir.path().join("backups");
    std::fs::write(folder.join("ghi chú.txt"), b"x").unwrap();
    s.daily_backup(day(2026, 3, 2)).unwrap();
    assert!(folder.join("ghi chú.txt").exists());

    // A change, then the restore of the newest copy takes it back.
    village(&mut s, "Thôn Tây");
    let newest = s.auto_backups().unwrap()[0].file_name.clone();
    s.restore_auto_backup(&newest).unwrap();
    let villages = s.list("village", &Default::default()).unwrap();
    assert_eq!(villages.len(), 1);
    // Only a name of the list: a path or another file is refused before any read.
    for bad in [
        "../xungkich.db",
        "ghi chú.txt",
        "/etc/passwd",
        "xungkich-tudong-20990101.db",
    ] {
        assert!(s.restore_auto_backup(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_dashboard_knows_when_the_last_usb_copy_was_made() {
    let (dir, mut s) = store();
    let today = chrono::Local::now().date_naive();
    let status = s.backup_status(today).unwrap();
    assert_eq!(status.last_auto, None);
    assert!(status.offsite_overdue, "never copied off the laptop");
    s.daily_backup(today).unwrap();
    // A daily backup is not a copy off the laptop.
    let status = s.backup_status(today).unwrap();
    assert_eq!(status.last_auto, Some(today));
    assert!(status.offsite_overdue);
    let usb = tempfile::tempdir().unwrap();
    s.backup_encrypted(&usb.path().join("sao lưu.xkbak"))
        .unwrap();
    let status = s.backup_status(today).unwrap();
    assert!(!status.offsite_overdue);
    assert!(status.last_offsite.is_some());
    // Thirty-one days later it is overdue again.
    let later = today + chrono::Days::new(31);
    assert!(s.backup_status(later).unwrap().offsite_overdue);
    drop(dir);
}
