//! refunds, refund_batches, refund_batch_items: every refund once per order, with who asked and
//! why; refunds of many orders kept item by item.

use sqlx::SqliteExecutor;

use crate::{audit::Who, error::Result, orders::Order};

/// Records the refund of an order; false when it was recorded before.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    order: &Order,
    who: &Who,
    category: Option<&str>,
    reason: &str,
    at: i64,
) -> Result<bool> {
    let actor = who.actor.as_str();
    let done = sqlx::query!(
        "INSERT INTO refunds (order_id, charge_id, stars, actor, actor_name, category, reason, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING",
        order.id,
        order.charge_id,
        order.stars,
        actor,
        who.name,
        category,
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
    who: &Who,
    category: &str,
    reason: &str,
) -> Result<bool> {
    let actor = who.actor.as_str();
    let done = sqlx::query!(
        "UPDATE refunds SET actor = ?, actor_name = ?, category = ?, reason = ?
         WHERE order_id = ? AND actor = 'telegram'",
        actor,
        who.name,
        category,
        reason,
        order_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct RefundRecord {
    pub actor: String,
    pub actor_name: String,
    pub reason: String,
    pub created_at: i64,
}

pub async fn of_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<RefundRecord>> {
    let row = sqlx::query_as!(
        RefundRecord,
        "SELECT actor, actor_name, reason, created_at FROM refunds WHERE order_id = ?",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

/// A customer's refunds since a time, and what they have spent in all (refunds excluded).
pub struct History {
    pub refunds: i64,
    pub spent: i64,
}

pub async fn history(db: impl SqliteExecutor<'_>, customer_id: i64, since: i64) -> Result<History> {
    let row = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM refunds r JOIN orders o ON o.id = r.order_id
               WHERE o.customer_id = ?1 AND r.created_at >= ?2) AS "refunds!: i64",
             (SELECT coalesce(sum(stars), 0) FROM orders
               WHERE customer_id = ?1 AND status != 'refunded') AS "spent!: i64""#,
        customer_id,
        since
    )
    .fetch_one(db)
    .await?;
    Ok(History {
        refunds: row.refunds,
        spent: row.spent,
    })
}

// Refunds of many orders at once.

pub async fn insert_batch(
    db: impl SqliteExecutor<'_>,
    who: &Who,
    category: &str,
    reason: &str,
    at: i64,
) -> Result<i64> {
    let actor = who.actor.as_str();
    let id = sqlx::query_scalar!(
        "INSERT INTO refund_batches (actor, actor_name, category, reason, created_at)
         VALUES (?, ?, ?, ?, ?) RETURNING id AS \"id!\"",
        actor,
        who.name,
        category,
        reason,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn insert_batch_item(
    db: impl SqliteExecutor<'_>,
    batch_id: i64,
    order_id: i64,
    position: i64,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO refund_batch_items (batch_id, order_id, position) VALUES (?, ?, ?)
         ON CONFLICT DO NOTHING",
        batch_id,
        order_id,
        position
    )
    .execute(db)
    .await?;
    Ok(())
}

pub struct BatchRow {
    pub id: i64,
    pub actor: String,
    pub actor_name: String,
    pub category: String,
    pub reason: String,
    pub state: String,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

pub async fn batch(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<BatchRow>> {
    let row = sqlx::query_as!(
        BatchRow,
        "SELECT id, actor, actor_name, category, reason, state, created_at, finished_at
         FROM refund_batches WHERE id = ?",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

/// Batches still running (or cut short by a closed window): newest first.
pub async fn running_batches(db: impl SqliteExecutor<'_>) -> Result<Vec<i64>> {
    let ids = sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM refund_batches WHERE state = 'running' ORDER BY id DESC"#
    )
    .fetch_all(db)
    .await?;
    Ok(ids)
}

pub struct BatchItemRow {
    pub order_id: i64,
    pub state: String,
    pub message: String,
    pub done_at: Option<i64>,
}

pub async fn batch_items(db: impl SqliteExecutor<'_>, batch_id: i64) -> Result<Vec<BatchItemRow>> {
    let rows = sqlx::query_as!(
        BatchItemRow,
        "SELECT order_id, state, message, done_at FROM refund_batch_items
         WHERE batch_id = ? ORDER BY position",
        batch_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

pub async fn next_pending(db: impl SqliteExecutor<'_>, batch_id: i64) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        "SELECT order_id FROM refund_batch_items WHERE batch_id = ? AND state = 'pending'
         ORDER BY position LIMIT 1",
        batch_id
    )
    .fetch_optional(db)
    .await?;
    Ok(id)
}

pub async fn set_item(
    db: impl SqliteExecutor<'_>,
    batch_id: i64,
    order_id: i64,
    state: &str,
    message: &str,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE refund_batch_items SET state = ?, message = ?, done_at = ?
         WHERE batch_id = ? AND order_id = ?",
        state,
        message,
        at,
        batch_id,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Puts the failed items of a batch back in line.
pub async fn retry_failed(db: impl SqliteExecutor<'_>, batch_id: i64) -> Result<u64> {
    let done = sqlx::query!(
        "UPDATE refund_batch_items SET state = 'pending', message = '', done_at = NULL
         WHERE batch_id = ? AND state = 'failed'",
        batch_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

pub async fn skip_pending(db: impl SqliteExecutor<'_>, batch_id: i64, at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE refund_batch_items SET state = 'skipped', message = 'not refunded: the batch was stopped', done_at = ?
         WHERE batch_id = ? AND state = 'pending'",
        at,
        batch_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_batch_state(
    db: impl SqliteExecutor<'_>,
    batch_id: i64,
    state: &str,
    at: Option<i64>,
) -> Result<()> {
    sqlx::query!(
        "UPDATE refund_batches SET state = ?, finished_at = ? WHERE id = ?",
        state,
        at,
        batch_id
    )
    .execute(db)
    .await?;
    Ok(())
}
