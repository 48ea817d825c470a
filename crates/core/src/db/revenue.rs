//! revenue_daily: revenue per UTC day, kept in the payment's and the refund's own transaction.

use sqlx::SqliteExecutor;

use crate::{error::Result, reports::DayRevenue};

pub async fn add_sale(db: impl SqliteExecutor<'_>, day: &str, stars: i64) -> Result<()> {
    sqlx::query!(
        "INSERT INTO revenue_daily (day, orders, stars) VALUES (?, 1, ?)
         ON CONFLICT (day) DO UPDATE SET orders = orders + 1, stars = stars + excluded.stars",
        day,
        stars
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A refund counts against the day of the order it refunds.
pub async fn add_refund(db: impl SqliteExecutor<'_>, day: &str, stars: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE revenue_daily SET refunds = refunds + 1, refunded_stars = refunded_stars + ? WHERE day = ?",
        stars,
        day
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The days from `from` to `to` (inclusive) that had sales, in order.
pub async fn between(db: impl SqliteExecutor<'_>, from: &str, to: &str) -> Result<Vec<DayRevenue>> {
    let rows = sqlx::query_as!(
        DayRevenue,
        r#"SELECT day as "day!", orders, stars, refunds, refunded_stars
           FROM revenue_daily WHERE day >= ? AND day <= ? ORDER BY day"#,
        from,
        to
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}
