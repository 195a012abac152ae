//! A team's fund book: contributions, the commune's support and gifts coming in,
//! spending that never goes past the balance, with the receipts' and payments' numbers.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::days::{between, plus};
use super::generator::Gen;
use super::record::Rec;
use super::rng::Rng;
use super::teams::TeamCtx;
use super::texts::{self, fill};
use crate::error::Result;
use crate::kinds;
use crate::records::Writer;

/// Money rounded to `step` đồng, in `lo..=hi`.
fn money(rng: &mut Rng, lo: i64, hi: i64, step: i64) -> i64 {
    rng.range(lo / step, hi / step) * step
}

impl Gen<'_> {
    pub(super) fn funds(&mut self, w: &mut Writer<'_>, ctx: &mut TeamCtx) -> Result<()> {
        let q = ctx.quality;
        let today = self.today;
        let from = ctx.launch.max(plus(today, -364));
        let commune = self.place.commune.clone();
        let village = ctx.area.clone();
        // (date, income?, source, amount, counterparty, purpose)
        let mut entries: Vec<(NaiveDate, bool, &str, i64, String, String)> = Vec::new();
        if self.r.percent(q.pick(95, 75, 40)) {
            for _ in 0..self.r.range(1, 2) {
                let day = between(&mut self.r, from, today);
                entries.push((
                    day,
                    true,
                    "dong_gop_nhan_dan",
                    money(&mut self.r, 500_000, 5_000_000, 50_000),
                    format!("Nhân dân {village}"),
                    format!("Nhân dân đóng góp quỹ hoạt động của Tổ năm {}", day.year()),
                ));
            }
        }
        for _ in 0..self.r.range(0, i64::from(q.pick(3, 2, 1))) {
            let day = between(&mut self.r, from, today);
            let quarter = (day.month0() / 3) as usize;
            entries.push((
                day,
                true,
                "ngan_sach_xa",
                money(&mut self.r, 1_000_000, 5_000_000, 100_000),
                format!("Ủy ban nhân dân {commune}"),
                format!(
                    "Hỗ trợ kinh phí hoạt động quý {}/{}",
                    ["I", "II", "III", "IV"][quarter],
                    day.year()
                ),
            ));
        }
        if self.r.percent(10) {
            let day = between(&mut self.r, from, today);
            entries.push((
                day,
                true,
                "tai_tro",
                money(&mut self.r, 1_000_000, 5_000_000, 500_000),
                "Doanh nghiệp trên địa bàn".to_string(),
                "Tài trợ mua sắm trang thiết bị tuần tra".to_string(),
            ));
        }
        entries.sort_by_key(|e| e.0);
        // Spending, never more than what came in before it.
        let mut with_spending: Vec<(NaiveDate, bool, &str, i64, String, String)> = Vec::new();
        let mut balance = 0i64;
        let leader = ctx
            .members
            .first()
            .map(|m| m.name.clone())
            .unwrap_or_default();
        let spendings = self.r.range(1, i64::from(q.pick(5, 4, 2)));
        let mut spending_days: Vec<NaiveDate> = (0..spendings)
            .map(|_| between(&mut self.r, from, today))
            .collect();
        spending_days.sort();
        let mut next_spending = spending_days.into_iter().peekable();
        for entry in entries {
            while let Some(day) = next_spending.peek().copied() {
                if day >= entry.0 {
                    break;
                }
                next_spending.next();
                let amount =
                    money(&mut self.r, 200_000, 3_000_000, 10_000).min(balance / 10_000 * 10_000);
                if amount >= 200_000 {
                    balance -= amount;
                    let purpose =
                        fill(self.r.pick(texts::SPENDING), &village, &commune, day.year());
                    with_spending.push((day, false, "", amount, leader.clone(), purpose));
                }
            }
            balance += entry.3;
            with_spending.push(entry);
        }
        for day in next_spending {
            let amount =
                money(&mut self.r, 200_000, 3_000_000, 10_000).min(balance / 10_000 * 10_000);
            if amount >= 200_000 {
                balance -= amount;
                let purpose = fill(self.r.pick(texts::SPENDING), &village, &commune, day.year());
                with_spending.push((day, false, "", amount, leader.clone(), purpose));
            }
        }
        let mut receipts: BTreeMap<i32, u32> = BTreeMap::new();
        let mut payments: BTreeMap<i32, u32> = BTreeMap::new();
        for (day, income, source, amount, counterparty, purpose) in with_spending {
            let register = if income { &mut receipts } else { &mut payments };
            let n = register.entry(day.year()).or_default();
            *n += 1;
            let voucher = format!(
                "{}-{:02}/{}",
                if income { "PT" } else { "PC" },
                n,
                day.year()
            );
            let mut rec = Rec::new()
                .t("team_id", ctx.id.clone())
                .d("entry_date", day)
                .t("direction", if income { "thu" } else { "chi" })
                .n("amount", amount)
                .t("voucher_number", voucher)
                .t("purpose", purpose)
                .b("disclosed", self.r.percent(85));
            if income {
                rec = rec.t("source", source);
                if source == "dong_gop_nhan_dan" {
                    ctx.contributions += 1;
                }
            }
            if !counterparty.is_empty() {
                rec = rec.t("counterparty", counterparty);
            }
            self.put(w, &kinds::FUND_ENTRY, day, rec)?;
        }
        Ok(())
    }
}
