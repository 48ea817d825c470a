//! The shop's figures: today at a glance, and revenue by day from the `revenue_daily` rollup.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::{
    db,
    error::{Error, Result},
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
}

/// `day_start`: the merchant's local midnight as UTC unix seconds (the store keeps UTC).
pub async fn overview(db: &SqlitePool, day_start: i64) -> Result<Overview> {
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
    })
}

/// One UTC day of revenue.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct DayRevenue {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub orders: i64,
    pub stars: i64,
    pub refunds: i64,
    pub refunded_stars: i64,
}

/// The most days one report covers.
pub const MAX_DAYS: i64 = 3 * 366;

fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Error::invalid(format!("\"{s}\" is not a date (YYYY-MM-DD).")))
}

/// Revenue for every day from `from` to `to` (inclusive, UTC), days without sales as zeros.
pub async fn revenue_by_day(db: &SqlitePool, from: &str, to: &str) -> Result<Vec<DayRevenue>> {
    let (first, last) = (parse_day(from)?, parse_day(to)?);
    if last < first {
        return Err(Error::invalid("The report ends before it starts."));
    }
    if (last - first).num_days() >= MAX_DAYS {
        return Err(Error::invalid("A report covers at most three years."));
    }
    let rows = db::revenue::between(db, from, to).await?;
    let mut rows = rows.into_iter().peekable();
    let mut out = Vec::with_capacity((last - first).num_days() as usize + 1);
    let mut day = first;
    while day <= last {
        let key = day.format("%Y-%m-%d").to_string();
        match rows.peek() {
            Some(r) if r.day == key => out.extend(rows.next()),
            _ => out.push(DayRevenue {
                day: key,
                ..DayRevenue::default()
            }),
        }
        day += Duration::days(1);
    }
    Ok(out)
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
        let days = revenue_by_day(&store.read, "2026-02-28", "2026-03-04")
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
            revenue_by_day(&store.read, "2026-03-04", "2026-03-01")
                .await
                .is_err()
        );
        assert!(
            revenue_by_day(&store.read, "March", "2026-03-01")
                .await
                .is_err()
        );
        assert_eq!(
            revenue_by_day(&store.read, "2025-01-01", "2026-12-31")
                .await
                .unwrap()
                .len(),
            730
        );
    }
}
