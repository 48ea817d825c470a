//! Orders: one per Telegram payment (keyed by its charge id), with the unit of stock it took.

use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqliteExecutor};

use crate::{
    catalog::{self, Kind},
    checkout::take_code,
    customers::{self, Seen},
    error::{Error, Result},
    payload::Payload,
    store::{Store, day_of, now},
};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Paid; the goods are on their way.
    Paid,
    Delivered,
    /// Delivery gave up or nothing could be delivered; needs the merchant.
    Failed,
    Refunded,
}

impl Status {
    pub fn parse(s: &str) -> Status {
        match s {
            "delivered" => Status::Delivered,
            "failed" => Status::Failed,
            "refunded" => Status::Refunded,
            _ => Status::Paid,
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Order {
    pub id: i64,
    pub charge_id: String,
    pub customer_id: i64,
    pub product_id: Option<i64>,
    pub product_title: String,
    pub stars: i64,
    pub status: Status,
    /// Created from Telegram's ledger at reconciliation rather than from the payment update.
    pub recovered: bool,
    pub refund_reason: Option<String>,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
    pub refunded_at: Option<i64>,
}

struct Row {
    id: i64,
    charge_id: String,
    customer_id: i64,
    product_id: Option<i64>,
    product_title: String,
    stars: i64,
    status: String,
    recovered: i64,
    refund_reason: Option<String>,
    created_at: i64,
    delivered_at: Option<i64>,
    refunded_at: Option<i64>,
}

impl From<Row> for Order {
    fn from(r: Row) -> Order {
        Order {
            id: r.id,
            charge_id: r.charge_id,
            customer_id: r.customer_id,
            product_id: r.product_id,
            product_title: r.product_title,
            stars: r.stars,
            status: Status::parse(&r.status),
            recovered: r.recovered == 1,
            refund_reason: r.refund_reason,
            created_at: r.created_at,
            delivered_at: r.delivered_at,
            refunded_at: r.refunded_at,
        }
    }
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Order>> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id as "id!", charge_id, customer_id, product_id, product_title, stars, status,
              recovered, refund_reason, created_at, delivered_at, refunded_at
           FROM orders WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Order::from))
}

pub async fn by_charge(db: impl SqliteExecutor<'_>, charge_id: &str) -> Result<Option<Order>> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id as "id!", charge_id, customer_id, product_id, product_title, stars, status,
              recovered, refund_reason, created_at, delivered_at, refunded_at
           FROM orders WHERE charge_id = ?"#,
        charge_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Order::from))
}

/// A customer's latest orders, newest first.
pub async fn of_customer(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    limit: i64,
) -> Result<Vec<Order>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT id as "id!", charge_id, customer_id, product_id, product_title, stars, status,
              recovered, refund_reason, created_at, delivered_at, refunded_at
           FROM orders WHERE customer_id = ? ORDER BY id DESC LIMIT ?"#,
        customer_id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Order::from).collect())
}

/// A payment as Telegram reported it, by a `successful_payment` or by its ledger.
#[derive(Debug, Clone)]
pub struct Payment<'a> {
    pub charge_id: &'a str,
    pub provider_charge_id: Option<&'a str>,
    pub customer: Seen<'a>,
    pub total_amount: i64,
    pub payload: &'a str,
    pub recovered: bool,
}

#[derive(Debug, Clone)]
pub enum Recorded {
    /// A new order; `delivery_id` is the delivery this caller now owns and must carry out.
    New { order: Order, delivery_id: i64 },
    /// The payment was already recorded: the same update again, or the ledger catching up.
    Existing(Order),
}

/// Turns a payment into exactly one order, taking its unit of stock in the same transaction.
/// When nothing is left to deliver, the order is recorded as owed a refund and an apology.
pub async fn record_payment(store: &Store, secret: &[u8], pay: &Payment<'_>) -> Result<Recorded> {
    let at = now();
    let payload = Payload::verify(pay.payload, secret).ok();
    let mut tx = store.write.begin().await?;
    customers::upsert(&mut *tx, &pay.customer).await?;
    let product = match &payload {
        Some(p) => catalog::terms(&mut *tx, p.product_id).await?,
        None => None,
    };
    let title = product
        .as_ref()
        .map_or_else(|| "Unknown item".to_string(), |p| p.title.clone());
    let product_id = product.as_ref().and(payload.as_ref().map(|p| p.product_id));
    let recovered = i64::from(pay.recovered);
    let inserted = sqlx::query_scalar!(
        r#"INSERT INTO orders (charge_id, provider_charge_id, customer_id, product_id, product_title,
               stars, payload, status, recovered, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'paid', ?, ?)
           ON CONFLICT (charge_id) DO NOTHING RETURNING id as "id!""#,
        pay.charge_id,
        pay.provider_charge_id,
        pay.customer.id,
        product_id,
        title,
        pay.total_amount,
        pay.payload,
        recovered,
        at
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(order_id) = inserted else {
        drop(tx);
        let existing = by_charge(&store.write, pay.charge_id)
            .await?
            .ok_or(Error::NotFound("order"))?;
        return Ok(Recorded::Existing(existing));
    };

    let unit = match (&payload, &product) {
        (Some(p), Some(product)) => {
            take_unit(&mut tx, p, product.kind, pay.customer.id, at).await?
        }
        _ => Unit::Nothing,
    };
    let kind = match unit {
        Unit::Code(code_id) => {
            sqlx::query!("UPDATE codes SET state = 'sold' WHERE id = ?", code_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query!(
                "UPDATE orders SET code_id = ? WHERE id = ?",
                code_id,
                order_id
            )
            .execute(&mut *tx)
            .await?;
            "goods"
        }
        Unit::Taken => "goods",
        Unit::Nothing => {
            let reason = if product.is_some() {
                "out_of_stock"
            } else {
                "unknown_product"
            };
            sqlx::query!(
                "UPDATE orders SET refund_reason = ? WHERE id = ?",
                reason,
                order_id
            )
            .execute(&mut *tx)
            .await?;
            "apology"
        }
    };
    let day = day_of(at);
    sqlx::query!(
        "INSERT INTO revenue_daily (day, orders, stars) VALUES (?, 1, ?)
         ON CONFLICT (day) DO UPDATE SET orders = orders + 1, stars = stars + excluded.stars",
        day,
        pay.total_amount
    )
    .execute(&mut *tx)
    .await?;
    let delivery_id = sqlx::query_scalar!(
        r#"INSERT INTO deliveries (order_id, kind, state, created_at) VALUES (?, ?, 'sending', ?)
           RETURNING id as "id!""#,
        order_id,
        kind,
        at
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let order = get(&store.read, order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    Ok(Recorded::New { order, delivery_id })
}

enum Unit {
    Code(i64),
    /// A unit of a text or file product.
    Taken,
    Nothing,
}

/// The unit the customer's hold kept for them, or, when the hold is gone, any unit still free.
async fn take_unit(
    db: &mut SqliteConnection,
    p: &Payload,
    kind: Kind,
    customer_id: i64,
    at: i64,
) -> Result<Unit> {
    let hold = sqlx::query!(
        "UPDATE holds SET state = 'converted'
         WHERE nonce = ? AND customer_id = ? AND state = 'active' RETURNING code_id",
        p.nonce,
        customer_id
    )
    .fetch_optional(&mut *db)
    .await?;
    match kind {
        Kind::Code => {
            if let Some(code_id) = hold.and_then(|h| h.code_id) {
                return Ok(Unit::Code(code_id));
            }
            Ok(take_code(db, p.product_id, at)
                .await?
                .map_or(Unit::Nothing, Unit::Code))
        }
        Kind::Text | Kind::File => {
            // A held unit is counted in `stock`, so the sale only has to find stock above zero.
            let taken = sqlx::query!(
                "UPDATE products SET stock = stock - 1 WHERE id = ? AND stock IS NOT NULL AND stock > 0",
                p.product_id
            )
            .execute(&mut *db)
            .await?;
            let unlimited = sqlx::query_scalar!(
                "SELECT stock IS NULL FROM products WHERE id = ?",
                p.product_id
            )
            .fetch_one(&mut *db)
            .await?;
            Ok(if taken.rows_affected() == 1 || unlimited == 1 {
                Unit::Taken
            } else {
                Unit::Nothing
            })
        }
    }
}

/// The code an order delivers, if it is a code product's.
pub async fn code_of(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<String>> {
    let code = sqlx::query_scalar!(
        "SELECT c.code FROM orders o JOIN codes c ON c.id = o.code_id WHERE o.id = ?",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(code)
}

pub async fn mark_delivered(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<()> {
    let at = now();
    sqlx::query!(
        "UPDATE orders SET status = 'delivered', delivered_at = coalesce(delivered_at, ?)
         WHERE id = ? AND status IN ('paid', 'failed')",
        at,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn mark_failed(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE orders SET status = 'failed' WHERE id = ? AND status = 'paid'",
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Records a refund (made here or elsewhere) once; true when this call recorded it.
pub async fn mark_refunded(store: &Store, order_id: i64, reason: &str) -> Result<bool> {
    let at = now();
    let mut tx = store.write.begin().await?;
    let done = sqlx::query!(
        "UPDATE orders SET status = 'refunded', refunded_at = ?, refund_reason = coalesce(refund_reason, ?)
         WHERE id = ? AND status != 'refunded'",
        at,
        reason,
        order_id
    )
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let order = get(&mut *tx, order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    let day = day_of(order.created_at);
    sqlx::query!(
        "UPDATE revenue_daily SET refunds = refunds + 1, refunded_stars = refunded_stars + ? WHERE day = ?",
        order.stars,
        day
    )
    .execute(&mut *tx)
    .await?;
    // A refunded code never goes back on sale: the customer has seen it.
    tx.commit().await?;
    Ok(true)
}
