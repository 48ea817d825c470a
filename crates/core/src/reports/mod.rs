//! The shop's figures. Days are the merchant's: the shop's time zone (`zone`). The rollup
//! `report_days` is kept here, in the payment's and the refund's own transaction; the reports
//! read it, and the few figures it cannot hold come from indexes that hold every column read.
//!
//! - [`overview`]: today at a glance; [`revenue_by_day`]: the Overview's chart.
//! - [`revenue`]: revenue over a range by day, week or month, per item, top customers, beside
//!   the period before.
//! - [`funnel`]: cards viewed → invoices sent → paid, per item.
//! - [`subscriptions`]: MRR, subscribers won and lost, churn, ARPU, cohorts.
//! - [`cash`]: Stars on hold with Telegram and when they become available.

pub mod cash;
pub mod funnel;
pub mod revenue;
pub mod subscriptions;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::{
    audit::{self, Line, Who},
    db::{
        self, Store, group,
        report_days::{self, Delta},
    },
    error::{Error, Result},
    orders::Order,
    zone::{self, Zone},
};

/// The Overview page's figures.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Overview {
    /// Orders paid since the start of the merchant's day.
    pub today_orders: i64,
    /// Stars from today's orders, refunds taken off.
    pub today_stars: i64,
    pub today_refunds: i64,
    pub customers: i64,
    pub products_on_sale: i64,
    /// Open "needs attention" items.
    pub attention: i64,
    /// The merchant's day "today" is (`YYYY-MM-DD`) and its time zone.
    pub today: String,
    pub zone: String,
}

/// Today at a glance, "today" being the merchant's day in the shop's time zone at `now`.
pub async fn overview(store: &Store, now: i64) -> Result<Overview> {
    let day = store.zone.day_of(now);
    let day_start = store.zone.day_start(day);
    let db = &store.read;
    let (today_orders, today_stars, today_refunds) = db::orders::since(db, day_start).await?;
    let customers = db::customers::count_all(db).await?;
    let products_on_sale = db::products::count_on_sale(db).await?;
    let attention = db::attention::count_open(db).await?;
    Ok(Overview {
        today_orders,
        today_stars,
        today_refunds,
        customers,
        products_on_sale,
        attention,
        today: day.format("%Y-%m-%d").to_string(),
        zone: store.zone.name(),
    })
}

/// One of the merchant's days of revenue.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct DayRevenue {
    /// `YYYY-MM-DD`, in the shop's time zone.
    pub day: String,
    pub orders: i64,
    pub stars: i64,
    pub refunds: i64,
    pub refunded_stars: i64,
}

/// The most days one report covers.
pub const MAX_DAYS: i64 = 3 * 366;

pub(crate) fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(format!("\"{s}\" is not a date (YYYY-MM-DD).")))
}

pub(crate) fn key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A range of the merchant's days, checked: it ends on or after it starts and spans at most
/// [`MAX_DAYS`].
pub(crate) fn range(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate)> {
    let (first, last) = (parse_day(from)?, parse_day(to)?);
    if last < first {
        return Err(Error::invalid(
            "The range ends before it starts: swap the dates.",
        ));
    }
    if (last - first).num_days() >= MAX_DAYS {
        return Err(Error::invalid("A report covers at most three years."));
    }
    Ok((first, last))
}

/// Revenue for every day from `from` to `to` (inclusive, the shop's days), days without sales
/// as zeros.
pub async fn revenue_by_day(store: &Store, from: &str, to: &str) -> Result<Vec<DayRevenue>> {
    let (first, last) = range(from, to)?;
    let rows = report_days::by_day(&store.read, from, to).await?;
    let mut rows = rows.into_iter().peekable();
    let mut out = Vec::with_capacity((last - first).num_days() as usize + 1);
    let mut day = first;
    while day <= last {
        let key = key(day);
        match rows.peek() {
            Some(r) if r.key == key => {
                let r = rows.next().unwrap_or_default();
                out.push(DayRevenue {
                    day: key,
                    orders: r.orders,
                    stars: r.stars,
                    refunds: r.refunds,
                    refunded_stars: r.refunded_stars,
                });
            }
            _ => out.push(DayRevenue {
                day: key,
                ..DayRevenue::default()
            }),
        }
        day += Duration::days(1);
    }
    Ok(out)
}

// ---- the rollup, kept in the money's own transactions ----

/// What a new order adds to its day: itself, the Stars paid and the shop's referral commission
/// it earned. (The customer's totals were counted by the order's insert, a trigger.)
fn sale(stars: i64, referral_millistars: i64) -> Delta {
    Delta {
        orders: 1,
        stars,
        referral_millistars,
        ..Delta::default()
    }
}

/// A new order on the merchant's day of `at`: `item` is (product, plan), 0 for none;
/// `referral_millistars` the shop's referral commission it earned.
pub async fn count_sale(
    tx: &mut SqliteConnection,
    zone: &Zone,
    at: i64,
    item: (i64, i64),
    stars: i64,
    referral_millistars: i64,
) -> Result<()> {
    let (day, delta) = (zone.day_key(at), sale(stars, referral_millistars));
    group::on_handle(tx, |db| report_days::add(db, &day, item.0, item.1, &delta)).await
}

/// A new order's sale counted as [`count_sale`] counts it, with the delivery the order owes
/// (`owed`: the order and the delivery's kind), in a direct unit; returns the delivery's id.
pub fn count_sale_owing(
    db: &rusqlite::Connection,
    zone: &Zone,
    at: i64,
    item: (i64, i64),
    stars: i64,
    referral_millistars: i64,
    owed: (i64, &str),
) -> Result<i64> {
    let (day, delta) = (zone.day_key(at), sale(stars, referral_millistars));
    db::deliveries::insert_counting(db, owed.0, owed.1, at, (&day, item, &delta))
}

/// A refund counts against the day of the order it refunds, with the referral commission it
/// took back (`reversed_millistars`, negative) and Telegram's affiliate commission, which
/// Telegram takes back from the affiliate with the refund.
pub async fn count_refund(
    tx: &mut SqliteConnection,
    zone: &Zone,
    order: &Order,
    reversed_millistars: i64,
) -> Result<()> {
    let Some(k) = report_days::order_key(&mut *tx, order.id).await? else {
        return Ok(());
    };
    let delta = Delta {
        refunds: 1,
        refunded_stars: order.stars,
        referral_millistars: reversed_millistars,
        affiliate_nanostars: -k.affiliate_nanostars,
        ..Delta::default()
    };
    let day = zone.day_key(k.at);
    group::on_handle(tx, |db| {
        report_days::add(db, &day, k.product_id, k.plan_id, &delta)
    })
    .await?;
    report_days::add_to_customer(&mut *tx, order.customer_id, 0, -order.stars).await
}

/// Telegram's affiliate commission on an order (just recorded), on the order's day; nothing
/// for an order refunded already (the refund gave it back).
pub async fn count_affiliate(
    tx: &mut SqliteConnection,
    zone: &Zone,
    order_id: i64,
    nanostars: i64,
) -> Result<()> {
    let Some(k) = report_days::order_key(&mut *tx, order_id).await? else {
        return Ok(());
    };
    if k.refunded {
        return Ok(());
    }
    let delta = Delta {
        affiliate_nanostars: nanostars,
        ..Delta::default()
    };
    let day = zone.day_key(k.at);
    group::on_handle(tx, |db| {
        report_days::add(db, &day, k.product_id, k.plan_id, &delta)
    })
    .await
}

/// What a funnel step is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A product's or a plan's card shown in the chat.
    View,
    /// An invoice sent (for a plan: its card's invoice link made).
    Invoice,
}

impl Step {
    /// How the funnel's events name the step.
    pub fn kind(self) -> &'static str {
        match self {
            Step::View => "view",
            Step::Invoice => "invoice",
        }
    }
}

/// A step of the funnel, recorded and counted on its day. `item`: (product, plan), one of them
/// set.
pub async fn count_step(
    store: &Store,
    step: Step,
    item: (Option<i64>, Option<i64>),
    customer_id: i64,
    at: i64,
) -> Result<()> {
    let kind = step.kind();
    let day = store.zone.day_key(at);
    // A small write in the bot's path: it shares a transaction with whatever arrives with it,
    // and the event counts itself on its day (a trigger adds it to the rollup).
    store
        .commits
        .run_direct(move |db| {
            report_days::insert_event(db, kind, item.0, item.1, customer_id, at, &day)
        })
        .await
}

// ---- settings ----

/// The settings the reports read: the shop's time zone and the USD value of a Star.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReportSettings {
    /// The time zone the shop's days are counted in (an IANA name).
    pub time_zone: String,
    /// True when that is the system's, followed when it changes.
    pub follows_system: bool,
    /// The system's time zone.
    pub system_zone: String,
    /// The approximate value of one Star in millionths of a US dollar (13000: 0.013 USD).
    pub usd_micros_per_star: i64,
}

pub const USD_SETTING: &str = "usd_micros_per_star";
pub const DEFAULT_USD_MICROS: i64 = 13_000;

pub async fn settings(store: &Store) -> Result<ReportSettings> {
    let set = db::settings::get(&store.read, zone::SETTING).await?;
    Ok(ReportSettings {
        time_zone: store.zone.name(),
        follows_system: set.as_deref().is_none_or(|v| v.trim().is_empty()),
        system_zone: zone::system().name().to_string(),
        usd_micros_per_star: usd_micros(store).await?,
    })
}

pub async fn usd_micros(store: &Store) -> Result<i64> {
    Ok(db::settings::get(&store.read, USD_SETTING)
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_USD_MICROS))
}

/// Sets the shop's time zone (`""`: follow the system's) and counts the report days again in
/// it, in one transaction, recorded in the audit trail.
pub async fn set_time_zone(store: &Store, name: &str, who: &Who) -> Result<ReportSettings> {
    let name = name.trim();
    let tz = if name.is_empty() {
        zone::system()
    } else {
        zone::parse(name)?
    };
    let before = store.zone.name();
    let mut tx = store.write.begin().await?;
    db::settings::set(
        &mut *tx,
        zone::SETTING,
        if name.is_empty() { "" } else { tz.name() },
    )
    .await?;
    report_days::count_again(&mut tx, tz).await?;
    db::settings::set(&mut *tx, report_days::ZONE_SETTING, tz.name()).await?;
    let after = if name.is_empty() {
        format!("{} (the system's)", tz.name())
    } else {
        tz.name().to_string()
    };
    let line = Line {
        action: "settings.time_zone",
        subject: "time zone".into(),
        before: Some(before),
        after: Some(after),
        reason: "",
    };
    audit::record(&mut *tx, who, line).await?;
    // Set while the write connection is still held: a payment waiting for it keys its day in
    // the new zone.
    store.zone.set(tz);
    tx.commit().await?;
    settings(store).await
}

/// Parses a USD rate per Star as typed ("0.013", "0,0125") into millionths of a dollar.
pub fn parse_usd_rate(s: &str) -> Result<i64> {
    let t = s.trim().trim_start_matches('$').replace(',', ".");
    let bad = || {
        Error::invalid(format!(
            "\"{s}\" is not a rate: type the US dollars one Star is worth, such as 0.013."
        ))
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 6
        || whole.len() > 3
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let frac: i64 = format!("{frac:0<6}").parse().map_err(|_| bad())?;
    let micros = whole * 1_000_000 + frac;
    if micros == 0 {
        return Err(Error::invalid("A Star is worth more than 0 USD."));
    }
    Ok(micros)
}

/// Sets the USD value of a Star the reports show beside Stars.
pub async fn set_usd_rate(store: &Store, rate: &str, who: &Who) -> Result<ReportSettings> {
    let micros = parse_usd_rate(rate)?;
    let before = usd_micros(store).await?;
    let mut tx = store.write.begin().await?;
    db::settings::set(&mut *tx, USD_SETTING, &micros.to_string()).await?;
    let line = Line {
        action: "settings.usd_rate",
        subject: "USD per Star".into(),
        before: Some(usd_text(before)),
        after: Some(usd_text(micros)),
        reason: "",
    };
    audit::record(&mut *tx, who, line).await?;
    tx.commit().await?;
    settings(store).await
}

/// Millionths of a dollar as typed: "0.013".
pub fn usd_text(micros: i64) -> String {
    let s = format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// How the figures of a range are grouped.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    #[default]
    Day,
    /// ISO weeks, from Monday.
    Week,
    Month,
}

impl Grouping {
    pub fn parse(s: &str) -> Result<Grouping> {
        match s.trim().to_ascii_lowercase().as_str() {
            "day" | "days" => Ok(Grouping::Day),
            "week" | "weeks" => Ok(Grouping::Week),
            "month" | "months" => Ok(Grouping::Month),
            _ => Err(Error::invalid(format!(
                "\"{s}\" is not a grouping: day, week or month."
            ))),
        }
    }

    /// The first day of the group `day` falls in.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Grouping::Day => day,
            Grouping::Week => zone::week_of(day),
            Grouping::Month => zone::month_of(day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn revenue_by_day_fills_the_days_without_sales() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path()).await.unwrap();
        for (day, orders, stars) in [
            ("2026-03-01", 2, 50),
            ("2026-03-03", 1, 10),
            ("2026-04-01", 9, 90),
        ] {
            db::fixtures::revenue_day(&store.write, day, orders, stars).await;
        }
        let days = revenue_by_day(&store, "2026-02-28", "2026-03-04")
            .await
            .unwrap();
        let got: Vec<(&str, i64)> = days.iter().map(|d| (d.day.as_str(), d.stars)).collect();
        assert_eq!(
            got,
            [
                ("2026-02-28", 0),
                ("2026-03-01", 50),
                ("2026-03-02", 0),
                ("2026-03-03", 10),
                ("2026-03-04", 0)
            ]
        );
        assert!(
            revenue_by_day(&store, "2026-03-04", "2026-03-01")
                .await
                .is_err()
        );
        assert!(revenue_by_day(&store, "March", "2026-03-01").await.is_err());
        assert_eq!(
            revenue_by_day(&store, "2025-01-01", "2026-12-31")
                .await
                .unwrap()
                .len(),
            730
        );
    }

    #[test]
    fn usd_rates_are_read_as_typed() {
        assert_eq!(parse_usd_rate("0.013").unwrap(), 13_000);
        assert_eq!(parse_usd_rate(" 0,0125 ").unwrap(), 12_500);
        assert_eq!(parse_usd_rate("$1").unwrap(), 1_000_000);
        assert_eq!(parse_usd_rate(".5").unwrap(), 500_000);
        for bad in ["", "abc", "0", "-1", "0.0000001", "1.2.3"] {
            assert!(parse_usd_rate(bad).is_err(), "{bad}");
        }
        assert_eq!(usd_text(13_000), "0.013");
        assert_eq!(usd_text(1_000_000), "1");
    }
}
