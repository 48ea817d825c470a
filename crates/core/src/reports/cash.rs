//! Cash flow: Telegram keeps the Stars a payment earns on hold for about 21 days before they can
//! be withdrawn. From the payments' own times: the Stars on hold now, those already released,
//! and a day-by-day forecast of when the held ones become available. The hold period is
//! Telegram's and may change; the figure is a setting's default here, not a promise.

use chrono::Duration;
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
    let json = zone::spans_json(days.iter().map(|(k, s, e)| (k.as_str(), *s, *e)));
    let paid = report_days::paid_within(&store.read, &json).await?;
    let releases: Vec<Release> = days
        .iter()
        .map(|(k, _, _)| {
            let p = paid.iter().find(|p| &p.key == k);
            Release {
                day: k.clone(),
                millistars: p.map_or(0, |p| {
                    (p.stars - p.refunded_stars) * 1000 - nanos_to_millis(p.affiliate_nanostars)
                }),
                payments: p.map_or(0, |p| p.payments),
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
