//! Revenue over a range of the merchant's days, grouped by day, week or month: gross, refunds,
//! net, and net after Telegram's affiliate commissions and the shop's referral commissions;
//! per product and plan; the customers who paid most; the period before beside it.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Grouping, key, range};
use crate::{
    db::{Store, report_days},
    error::Result,
};

/// The sums of a range, a group of days or an item. Stars are whole; commissions and what
/// depends on them in thousandths of a Star.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct RevenueTotals {
    pub orders: i64,
    /// Stars paid.
    pub gross: i64,
    pub refunds: i64,
    /// Stars given back by refunds (of these orders, whenever refunded).
    pub refunded: i64,
    /// Gross less refunds.
    pub net: i64,
    /// What Telegram's affiliate program took from the orders not refunded (a refund takes it
    /// back from the affiliate), in thousandths, rounded to the nearest.
    pub telegram_commission_millistars: i64,
    /// The shop's own referral commissions, net of those taken back, in thousandths.
    pub referral_millistars: i64,
    /// Net less both commissions, in thousandths.
    pub net_after_millistars: i64,
    /// Gross per order, in thousandths (0 without orders).
    pub average_order_millistars: i64,
    /// Refunded orders per thousand orders.
    pub refund_rate_permille: i64,
}

impl RevenueTotals {
    /// The totals of the rollup's sums: Telegram's commission rounded to thousandths once, the
    /// rest derived.
    fn of_sums(s: &report_days::Sums) -> RevenueTotals {
        let telegram = (s.affiliate_nanostars + 500_000).div_euclid(1_000_000);
        let net = s.stars - s.refunded_stars;
        let per_order = |n: i64| if s.orders > 0 { n * 1000 / s.orders } else { 0 };
        RevenueTotals {
            orders: s.orders,
            gross: s.stars,
            refunds: s.refunds,
            refunded: s.refunded_stars,
            net,
            telegram_commission_millistars: telegram,
            referral_millistars: s.referral_millistars,
            net_after_millistars: net * 1000 - telegram - s.referral_millistars,
            average_order_millistars: per_order(s.stars),
            refund_rate_permille: per_order(s.refunds),
        }
    }

    fn of<'a>(rows: impl IntoIterator<Item = &'a report_days::Sums>) -> RevenueTotals {
        let mut sum = report_days::Sums::default();
        for r in rows {
            sum.add(r);
        }
        RevenueTotals::of_sums(&sum)
    }
}

/// One group of days: a day, a week (from Monday) or a month, clipped to the range.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct RevenueBucket {
    /// Its first day in the range, `YYYY-MM-DD`.
    pub start: String,
    /// Its last day in the range.
    pub end: String,
    pub totals: RevenueTotals,
}

/// What an item is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Product,
    Plan,
    /// A payment for something no longer known (refunded at once).
    Other,
    /// Tips ("Support us").
    Tip,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ItemRevenue {
    pub kind: ItemKind,
    /// The product's or plan's number (0 for other).
    pub id: i64,
    pub title: String,
    pub totals: RevenueTotals,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TopCustomer {
    pub customer_id: i64,
    pub name: String,
    pub username: Option<String>,
    pub orders: i64,
    /// Stars paid, refunds taken off.
    pub net: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RevenueReport {
    /// The time zone the days are counted in.
    pub zone: String,
    pub from: String,
    pub to: String,
    pub group: Grouping,
    pub totals: RevenueTotals,
    /// The same number of days just before.
    pub previous_from: String,
    pub previous_to: String,
    pub previous: RevenueTotals,
    /// Net's change from the period before, in thousandths (none when that had none).
    pub net_change_permille: Option<i64>,
    pub buckets: Vec<RevenueBucket>,
    /// Products and plans, most net first.
    pub items: Vec<ItemRevenue>,
    /// The customers who paid most in the range (ten at most).
    pub top_customers: Vec<TopCustomer>,
}

pub const TOP_CUSTOMERS: i64 = 10;

/// The revenue report for the merchant's days `from` to `to` (inclusive).
pub async fn report(store: &Store, from: &str, to: &str, group: Grouping) -> Result<RevenueReport> {
    let (first, last) = range(from, to)?;
    let days = (last - first).num_days() + 1;
    let (prev_first, prev_last) = (first - Duration::days(days), first - Duration::days(1));
    let db = &store.read;
    let rows = report_days::by_day(db, &key(first), &key(last)).await?;
    let before = report_days::by_day(db, &key(prev_first), &key(prev_last)).await?;
    let items = report_days::by_item(db, &key(first), &key(last)).await?;
    let start = store.zone.day_start(first);
    let end = store.zone.day_start(last + Duration::days(1));
    let totals = RevenueTotals::of(&rows);
    let top = top_customers(store, start, end, totals.orders).await?;

    let previous = RevenueTotals::of(&before);
    let net_change_permille =
        (previous.net != 0).then(|| (totals.net - previous.net) * 1000 / previous.net.abs());
    Ok(RevenueReport {
        zone: store.zone.name(),
        from: key(first),
        to: key(last),
        group,
        totals,
        previous_from: key(prev_first),
        previous_to: key(prev_last),
        previous,
        net_change_permille,
        buckets: buckets(first, last, group, &rows),
        items: items
            .iter()
            .map(|r| ItemRevenue {
                kind: match (r.product_id, r.plan_id) {
                    (0, 0) => ItemKind::Other,
                    crate::tips::REPORT_ITEM => ItemKind::Tip,
                    (0, _) => ItemKind::Plan,
                    _ => ItemKind::Product,
                },
                id: r.product_id.max(r.plan_id),
                title: if (r.product_id, r.plan_id) == crate::tips::REPORT_ITEM {
                    "Tips".into()
                } else if r.key.is_empty() {
                    "Unknown item".into()
                } else {
                    r.key.clone()
                },
                totals: RevenueTotals::of_sums(r),
            })
            .filter(|i| i.totals.orders > 0)
            .collect(),
        top_customers: top
            .into_iter()
            .map(|c| TopCustomer {
                customer_id: c.customer_id,
                name: c.name,
                username: c.username,
                orders: c.orders,
                net: c.stars - c.refunded_stars,
            })
            .collect(),
    })
}

/// Every group of the range (those without sales as zeros), each clipped to the range.
fn buckets(
    first: NaiveDate,
    last: NaiveDate,
    group: Grouping,
    rows: &[report_days::Sums],
) -> Vec<RevenueBucket> {
    let mut sums: BTreeMap<NaiveDate, report_days::Sums> = BTreeMap::new();
    let mut day = first;
    while day <= last {
        sums.entry(group.start_of(day).max(first)).or_default();
        day += Duration::days(1);
    }
    for r in rows {
        if let Ok(d) = super::parse_day(&r.key) {
            sums.entry(group.start_of(d).max(first)).or_default().add(r);
        }
    }
    let starts: Vec<NaiveDate> = sums.keys().copied().collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, start)| {
            let end = starts
                .get(i + 1)
                .map_or(last, |next| *next - Duration::days(1));
            RevenueBucket {
                start: key(*start),
                end: key(end),
                totals: RevenueTotals::of_sums(&sums[start]),
            }
        })
        .collect()
}

/// Below this many orders in a range its top customers are summed from every order; above,
/// from the customers who paid most of all time, down until none left can pass the tenth.
const SUM_EVERY_ORDER_BELOW: i64 = 20_000;
const CANDIDATES_PAGE: i64 = 64;

/// The customers who paid most from `start` to `end` (refunds taken off; ties by customer
/// number), [`TOP_CUSTOMERS`] at most; `orders`: how many the range holds, which decides how
/// they are found.
pub async fn top_customers(
    store: &Store,
    start: i64,
    end: i64,
    orders: i64,
) -> Result<Vec<report_days::TopCustomer>> {
    let db = &store.read;
    if orders < SUM_EVERY_ORDER_BELOW {
        return report_days::top_customers(db, start, end, TOP_CUSTOMERS).await;
    }
    // What a customer paid in a range is at most what they paid of all time: go down that
    // list, and stop at the first who could not reach the tenth place.
    let net = |c: &report_days::TopCustomer| c.stars - c.refunded_stars;
    let mut top: Vec<report_days::TopCustomer> = Vec::new();
    let (mut after, mut size) = (None, CANDIDATES_PAGE);
    loop {
        let page = report_days::customers_by_net(db, after, size).await?;
        after = page.last().map(|(id, net)| (*net, *id));
        let tenth = (top.len() as i64 >= TOP_CUSTOMERS).then(|| net(&top[top.len() - 1]));
        let open: Vec<i64> = page
            .iter()
            .filter(|(_, all_time)| tenth.is_none_or(|t| *all_time >= t))
            .map(|(id, _)| *id)
            .collect();
        if open.is_empty() {
            break;
        }
        let ids = serde_json::to_string(&open).unwrap_or_else(|_| "[]".into());
        top.extend(report_days::customers_within(db, &ids, start, end).await?);
        top.sort_by(|a, b| net(b).cmp(&net(a)).then(a.customer_id.cmp(&b.customer_id)));
        top.truncate(TOP_CUSTOMERS as usize);
        if (page.len() as i64) < size || open.len() < page.len() {
            break;
        }
        // Each page twice the last: few round trips however deep the walk goes.
        size = (size * 2).min(4096);
    }
    Ok(top)
}
