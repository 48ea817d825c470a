//! The books as Stardesk keeps them, for the check against Telegram's ledger: every order
//! Telegram charged for, with its refund and Telegram's affiliate commission.

use futures::{StreamExt, stream::BoxStream};
use sqlx::SqliteExecutor;

use crate::error::Result;

/// One order Telegram charged for (orders paid wholly with store credit never reached it).
#[derive(Debug, Clone)]
pub struct BookOrder {
    pub id: i64,
    pub charge_id: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub stars: i64,
    pub created_at: i64,
    pub refunded: bool,
    /// What the refund gave back, when the order was refunded.
    pub refund_stars: Option<i64>,
    pub refunded_at: Option<i64>,
    /// Telegram's affiliate commission recorded against it: whole Stars and billionths.
    pub commission: Option<i64>,
    pub commission_nanostars: Option<i64>,
}

/// Every such order, oldest first, as a stream: a shop of a million orders is never held.
pub fn orders<'a>(db: impl SqliteExecutor<'a> + 'a) -> BoxStream<'a, Result<BookOrder>> {
    sqlx::query_as!(
        BookOrder,
        r#"SELECT o.id AS "id!", o.charge_id, o.customer_id,
                  coalesce(c.first_name, 'Customer ' || o.customer_id) AS "customer_name!: String",
                  o.stars, o.created_at,
                  o.status = 'refunded' AS "refunded!: bool",
                  r.stars AS "refund_stars?: i64",
                  coalesce(r.created_at, o.refunded_at) AS "refunded_at?: i64",
                  a.amount AS "commission?: i64",
                  a.nanostar_amount AS "commission_nanostars?: i64"
           FROM orders o
           LEFT JOIN customers c ON c.id = o.customer_id
           LEFT JOIN refunds r ON r.order_id = o.id
           LEFT JOIN telegram_affiliates a ON a.order_id = o.id
           WHERE o.charge_id NOT LIKE 'credit-%'
           ORDER BY o.id"#
    )
    .fetch(db)
    .map(|row| row.map_err(Into::into))
    .boxed()
}

/// How many ledger lines the store expects: a payment per order Telegram charged for and a
/// refund per refunded one (the progress bar's length before Telegram says otherwise).
pub async fn expected_lines(db: impl SqliteExecutor<'_>) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT count(*) + coalesce(sum(status = 'refunded'), 0) AS "n!: i64"
           FROM orders WHERE charge_id NOT LIKE 'credit-%'"#
    )
    .fetch_one(db)
    .await?;
    Ok(n)
}
