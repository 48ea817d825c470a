//! The Orders page's list as CSV: every order its filters and search match, in its sort.

use futures::TryStreamExt;

use super::{Export, Job, Sheet, To, cell, iso_utc};
use crate::{
    db::{self, Store, exports::OrderLine},
    error::Result,
    order_list::{self, OrderQuery},
};

pub const ORDER_HEADER: [&str; 15] = [
    "order",
    "paid_at_utc",
    "paid_at_local",
    "customer_id",
    "customer_name",
    "username",
    "item",
    "kind",
    "stars",
    "credit_stars",
    "promo_code",
    "status",
    "refunded_at_utc",
    "refund_reason",
    "charge_id",
];

/// Writes every order `q` matches (its offset and limit aside) in its sort, read from the store
/// as it is written. `None` when the job was cancelled: nothing is left behind.
pub async fn orders(
    store: &Store,
    q: &OrderQuery,
    to: To<'_>,
    job: &Job,
) -> Result<Option<Export>> {
    let db = &store.read;
    let tz = store.zone.tz();
    let total = order_list::count(db, q).await?;
    let (search, plan) = order_list::prepare(db, q).await?;
    let mut query = db::exports::orders_query(q, &search, plan);
    let mut sheet = Sheet::open(to, &ORDER_HEADER, total, job)?;
    let mut lines = std::pin::pin!(db::exports::orders(db, &mut query));
    while let Some(line) = lines.try_next().await? {
        if !sheet.row(record(&line, tz))? {
            return Ok(None);
        }
    }
    sheet.finish().map(Some)
}

fn record(o: &OrderLine, tz: chrono_tz::Tz) -> [String; 15] {
    [
        o.id.to_string(),
        iso_utc(o.created_at),
        local_time(tz, o.created_at),
        o.customer_id.to_string(),
        cell(&o.customer_name).into_owned(),
        cell(o.username.as_deref().unwrap_or("")).into_owned(),
        cell(&o.product_title).into_owned(),
        if o.plan_id.is_some() {
            "plan"
        } else {
            "product"
        }
        .into(),
        o.stars.to_string(),
        o.credit_stars.to_string(),
        cell(o.promo_code.as_deref().unwrap_or("")).into_owned(),
        o.status.clone(),
        o.refunded_at.map(iso_utc).unwrap_or_default(),
        cell(o.refund_reason.as_deref().unwrap_or("")).into_owned(),
        o.charge_id.clone(),
    ]
}

/// The merchant's own time of `at` in the shop's time zone, with its offset:
/// `2026-11-21 15:03:00 +01:00`.
pub fn local_time(tz: chrono_tz::Tz, at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .format("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}
