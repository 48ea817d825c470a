//! Cash flow: Telegram keeps the Stars a payment earns on hold for about 21 days before they can
//! be withdrawn. From the payments' own times: the Stars on hold now, those already released,
//! and a day-by-day forecast of when the held ones become available. The hold period is
//! Telegram's and may change; the figure is a setting's default here, not a promise.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::key;
use crate::{
    db::{Store, report_days},
    error::Result,
    zone,
};

/// Days Telegram holds earned Stars before they can be withdrawn (as of Bot API 9).
pub const HOLD_DAYS: i64 = 21;
const DAY: i64 = 86_400;

/// Stars becoming available on one of the merchant's days.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Release {
    pub day: String,
    /// After refunds and Telegram's affiliate commissions, in thousandths of a Star.
    pub millistars: i64,
    pub payments: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CashFlow {
    pub zone: String,
    pub hold_days: i64,
    /// Everything the shop's payments earned, refunds and Telegram's affiliate commissions
    /// taken off, in thousandths: what the books say Telegram holds for it, before withdrawals.
    pub earned_millistars: i64,
    /// Of it, still on hold.
    pub on_hold_millistars: i64,
    /// Of it, released (withdrawable unless withdrawn already).
    pub available_millistars: i64,
    /// The approximate value of a Star, millionths of a US dollar.
    pub usd_micros_per_star: i64,
    /// Today and each of the next days until everything held now is released.
    pub releases: Vec<Release>,
}

pub async fn report(store: &Store, now: i64) -> Result<CashFlow> {
    let zone = &store.zone;
    let hold = HOLD_DAYS * DAY;
    let today = zone.day_of(now);
    // Day D releases the payments made from (start of D − hold) to (start of D+1 − hold); today
    // only those not released yet.
    let days: Vec<(String, i64, i64)> = (0..=HOLD_DAYS)
        .map(|i| {
            let d = today + Duration::days(i);
            let start = zone.day_start(d).max(now);
            let end = zone.day_start(d + Duration::days(1));
            (key(d), start - hold, end - hold)
        })
        .collect();
    // Each window is the whole days of the shop it covers, read from the rollup, and what is
    // left at its ends (a part of a day: today's, or where a clock change moved midnight), read
    // from the orders.
    let mut edges: Vec<(String, i64, i64)> = Vec::new();
    let mut whole: Vec<(String, NaiveDate, NaiveDate)> = Vec::new();
    for (k, a, b) in &days {
        let first = zone.day_of(*a);
        let first = if zone.day_start(first) == *a {
            first
        } else {
            first + Duration::days(1)
        };
        let last = zone.day_of(*b) - Duration::days(1);
        if first > last {
            edges.push((k.clone(), *a, *b));
            continue;
        }
        whole.push((k.clone(), first, last));
        for (s, e) in [
            (*a, zone.day_start(first)),
            (zone.day_start(last + Duration::days(1)), *b),
        ] {
            if s < e {
                edges.push((k.clone(), s, e));
            }
        }
    }
    let json = zone::spans_json(edges.iter().map(|(k, s, e)| (k.as_str(), *s, *e)));
    let partial = report_days::paid_within(&store.read, &json).await?;
    let rolled = match (whole.first(), whole.last()) {
        (Some(f), Some(l)) => report_days::by_day(&store.read, &key(f.1), &key(l.2)).await?,
        _ => Vec::new(),
    };
    // Per window: payments, Stars less refunds (whole), Telegram's commissions (billionths).
    let mut sums: std::collections::HashMap<&str, (i64, i64, i64)> = Default::default();
    for p in &partial {
        let e = sums.entry(p.key.as_str()).or_default();
        e.0 += p.payments;
        e.1 += p.stars - p.refunded_stars;
        e.2 += p.affiliate_nanostars;
    }
    for (k, f, l) in &whole {
        let (f, l) = (key(*f), key(*l));
        let e = sums.entry(k.as_str()).or_default();
        for r in rolled.iter().filter(|r| r.key >= f && r.key <= l) {
            e.0 += r.orders;
            e.1 += r.stars - r.refunded_stars;
            e.2 += r.affiliate_nanostars;
        }
    }
    let releases: Vec<Release> = days
        .iter()
        .map(|(k, _, _)| {
            let (payments, stars, nanos) = sums.get(k.as_str()).copied().unwrap_or_default();
            Release {
                day: k.clone(),
                millistars: stars * 1000 - nanos_to_millis(nanos),
                payments,
            }
        })
        .collect();
    let all = report_days::all_time(&store.read).await?;
    let earned = (all.stars - all.refunded_stars) * 1000 - nanos_to_millis(all.affiliate_nanostars);
    let on_hold: i64 = releases.iter().map(|r| r.millistars).sum();
    Ok(CashFlow {
        zone: zone.name(),
        hold_days: HOLD_DAYS,
        earned_millistars: earned,
        on_hold_millistars: on_hold,
        available_millistars: earned - on_hold,
        usd_micros_per_star: super::usd_micros(store).await?,
        releases,
    })
}

fn nanos_to_millis(nanos: i64) -> i64 {
    (nanos + 500_000).div_euclid(1_000_000)
}
