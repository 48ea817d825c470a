//! refunds: every refund once per order, with who asked and why.

use sqlx::SqliteExecutor;

use crate::{error::Result, orders::Order};

/// Records the refund of an order; false when it was recorded before.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    order: &Order,
    actor: &str,
    reason: &str,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO refunds (order_id, charge_id, stars, actor, reason, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING",
        order.id,
        order.charge_id,
        order.stars,
        actor,
        reason,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A refund recorded as made outside Stardesk (from Telegram's own report) turns out to be one
/// made here: it takes the actor and reason of who made it. True when it did.
pub async fn attribute(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    actor: &str,
    reason: &str,
) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE refunds SET actor = ?, reason = ? WHERE order_id = ? AND actor = 'telegram'",
        actor,
        reason,
        order_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct RefundRecord {
    pub actor: String,
    pub reason: String,
    pub created_at: i64,
}

pub async fn of_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<RefundRecord>> {
    let row = sqlx::query_as!(
        RefundRecord,
        "SELECT actor, reason, created_at FROM refunds WHERE order_id = ?",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}
