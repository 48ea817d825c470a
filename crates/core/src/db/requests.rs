//! refund_requests: what customers asked for, one open request per order.

use sqlx::SqliteExecutor;

use crate::{audit::Who, error::Result};

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    customer_id: i64,
    reason: &str,
    at: i64,
) -> Result<i64> {
    let id = sqlx::query_scalar!(
        "INSERT INTO refund_requests (order_id, customer_id, reason, created_at)
         VALUES (?, ?, ?, ?) RETURNING id AS \"id!\"",
        order_id,
        customer_id,
        reason,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn open_of_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        "SELECT id FROM refund_requests WHERE order_id = ? AND state = 'open'",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(id)
}

/// The customer's orders with an open request.
pub async fn open_orders_of(db: impl SqliteExecutor<'_>, customer_id: i64) -> Result<Vec<i64>> {
    let ids = sqlx::query_scalar!(
        "SELECT order_id FROM refund_requests WHERE customer_id = ? AND state = 'open'",
        customer_id
    )
    .fetch_all(db)
    .await?;
    Ok(ids)
}

pub async fn open_count(db: impl SqliteExecutor<'_>) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!: i64" FROM refund_requests WHERE state = 'open'"#
    )
    .fetch_one(db)
    .await?;
    Ok(n)
}

/// A request with what support needs to decide it.
pub struct RequestRow {
    pub id: i64,
    pub order_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub username: Option<String>,
    pub product_title: String,
    pub stars: i64,
    pub order_status: String,
    pub paid_at: i64,
    pub delivered_at: Option<i64>,
    pub code: Option<String>,
    pub reason: String,
    pub state: String,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
    pub decider: Option<String>,
    pub answer: Option<String>,
    pub last_error: Option<String>,
    pub refunds_90d: i64,
    pub total_spent: i64,
}

/// Requests newest first, of one state or all; `since` bounds the refund history counted.
pub async fn list(
    db: impl SqliteExecutor<'_>,
    state: Option<&str>,
    id: Option<i64>,
    since: i64,
    limit: i64,
) -> Result<Vec<RequestRow>> {
    let rows = sqlx::query_as!(
        RequestRow,
        r#"SELECT r.id AS "id!", r.order_id, r.customer_id,
                  c.first_name AS customer_name, c.username,
                  o.product_title, o.stars, o.status AS order_status,
                  o.created_at AS paid_at, o.delivered_at,
                  k.code AS "code?",
                  r.reason, r.state, r.created_at, r.decided_at, r.decided_by, r.decider,
                  r.answer, r.last_error,
                  (SELECT count(*) FROM refunds f JOIN orders fo ON fo.id = f.order_id
                    WHERE fo.customer_id = r.customer_id AND f.created_at >= ?1) AS "refunds_90d!: i64",
                  (SELECT coalesce(sum(so.stars), 0) FROM orders so
                    WHERE so.customer_id = r.customer_id AND so.status != 'refunded') AS "total_spent!: i64"
           FROM refund_requests r
           JOIN orders o ON o.id = r.order_id
           JOIN customers c ON c.id = r.customer_id
           LEFT JOIN codes k ON k.id = o.code_id
           WHERE (?2 IS NULL OR r.state = ?2) AND (?3 IS NULL OR r.id = ?3)
           ORDER BY r.id DESC LIMIT ?4"#,
        since,
        state,
        id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// Closes an open request; false when it was decided before.
pub async fn decide(
    db: impl SqliteExecutor<'_>,
    id: i64,
    state: &str,
    who: &Who,
    answer: Option<&str>,
    at: i64,
) -> Result<bool> {
    let actor = who.actor.as_str();
    let done = sqlx::query!(
        "UPDATE refund_requests SET state = ?, decided_by = ?, decider = ?, answer = ?,
             decided_at = ?, last_error = NULL
         WHERE id = ? AND state = 'open'",
        state,
        actor,
        who.name,
        answer,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_error(db: impl SqliteExecutor<'_>, id: i64, error: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE refund_requests SET last_error = ? WHERE id = ?",
        error,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}
