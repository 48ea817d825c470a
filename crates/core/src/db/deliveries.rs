//! deliveries: what is owed to a customer for an order (the goods with the receipt, or a refund
//! with an apology), each message recorded on its own when Telegram accepted it.

use sqlx::SqliteExecutor;

use crate::{audit::Who, error::Result};

#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: i64,
    pub order_id: i64,
    /// `goods` or `apology`.
    pub kind: String,
    /// When the goods (or the apology) went out.
    pub message_sent_at: Option<i64>,
    pub receipt_sent_at: Option<i64>,
}

impl Delivery {
    /// A delivery just written, nothing of it sent yet.
    pub fn new(id: i64, order_id: i64, kind: &str) -> Delivery {
        Delivery {
            id,
            order_id,
            kind: kind.to_string(),
            message_sent_at: None,
            receipt_sent_at: None,
        }
    }
}

/// A new delivery in state `sending`: the caller owns it and carries it out.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    kind: &str,
    at: i64,
) -> Result<i64> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO deliveries (order_id, kind, state, created_at) VALUES (?, ?, 'sending', ?)
           RETURNING id as "id!""#,
        order_id,
        kind,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// A new order's delivery, as [`insert`], with what its sale adds to the revenue rollup (a
/// direct unit): `count` is the merchant's day, the item (product, plan; 0 for none) and the
/// figures, added by [`report_days::add`](crate::db::report_days::add).
pub fn insert_counting(
    db: &rusqlite::Connection,
    order_id: i64,
    kind: &str,
    at: i64,
    count: (&str, (i64, i64), &crate::db::report_days::Delta),
) -> Result<i64> {
    let (day, (product_id, plan_id), d) = count;
    crate::db::report_days::add(db, day, product_id, plan_id, d)?;
    let id = fetch_direct!(
        db,
        r#"INSERT INTO deliveries (order_id, kind, state, created_at) VALUES (?, ?, 'sending', ?)
           RETURNING id as "id!""#,
        order_id,
        kind,
        at
        => |id| id
    )?;
    crate::db::group::one(id)
}

/// A delivery someone asked for (not the payment's own): sent like any other, logged with who.
pub async fn insert_asked(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    who: &Who,
    at: i64,
) -> Result<i64> {
    let actor = who.actor.as_str();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO deliveries (order_id, kind, state, created_at, asked_actor, asked_by)
           VALUES (?, 'goods', 'sending', ?, ?, ?)
           RETURNING id as "id!""#,
        order_id,
        at,
        actor,
        who.name
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Delivery>> {
    let row = sqlx::query_as!(
        Delivery,
        r#"SELECT id as "id!", order_id, kind, message_sent_at, receipt_sent_at
           FROM deliveries WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

/// The delivery's message (its goods, or its apology) is in the chat (a direct unit).
pub fn message_sent(db: &rusqlite::Connection, id: i64, at: i64) -> Result<()> {
    execute_direct!(
        db,
        "UPDATE deliveries SET message_sent_at = coalesce(message_sent_at, ?) WHERE id = ?",
        at,
        id
    )?;
    Ok(())
}

/// The delivery's receipt is in the chat (a direct unit).
pub fn receipt_sent(db: &rusqlite::Connection, id: i64, at: i64) -> Result<()> {
    execute_direct!(
        db,
        "UPDATE deliveries SET receipt_sent_at = coalesce(receipt_sent_at, ?) WHERE id = ?",
        at,
        id
    )?;
    Ok(())
}

/// The delivery is done; `receipt_at`: its receipt went out last, at that time (a direct unit).
pub fn mark_sent(
    db: &rusqlite::Connection,
    id: i64,
    at: i64,
    receipt_at: Option<i64>,
) -> Result<()> {
    execute_direct!(
        db,
        "UPDATE deliveries SET state = 'sent', sent_at = ?, attempts = attempts + 1,
             receipt_sent_at = coalesce(receipt_sent_at, ?) WHERE id = ?",
        at,
        receipt_at,
        id
    )?;
    Ok(())
}

pub async fn mark_failed(db: impl SqliteExecutor<'_>, id: i64, error: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE deliveries SET state = 'failed', last_error = ?, attempts = attempts + 1 WHERE id = ?",
        error,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the order's receipt went out already (with an earlier delivery of its goods).
pub async fn receipt_given(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<bool> {
    let n = sqlx::query_scalar!(
        r#"SELECT count(*) as "n!: i64" FROM deliveries
           WHERE order_id = ? AND kind = 'goods' AND receipt_sent_at IS NOT NULL"#,
        order_id
    )
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// Deliveries a crash interrupted (`sending` with no process behind them) go back in the queue.
pub async fn requeue_interrupted(db: impl SqliteExecutor<'_>) -> Result<u64> {
    let done = sqlx::query!("UPDATE deliveries SET state = 'pending' WHERE state = 'sending'")
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// Claims the oldest pending delivery for this caller.
pub async fn claim_next(db: impl SqliteExecutor<'_>) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        r#"UPDATE deliveries SET state = 'sending'
           WHERE id = (SELECT id FROM deliveries WHERE state = 'pending' ORDER BY id LIMIT 1)
           RETURNING id as "id!""#
    )
    .fetch_optional(db)
    .await?;
    Ok(id)
}

/// Deliveries not carried out yet: being sent now, or waiting their turn.
pub async fn count_unfinished(db: impl SqliteExecutor<'_>) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT count(*) as "n!: i64" FROM deliveries WHERE state IN ('sending', 'pending')"#
    )
    .fetch_one(db)
    .await?;
    Ok(n)
}
