//! invoices: each invoice sent in the chat, with its timer and where it is in the chat. An order
//! for its payload settles it as paid (a trigger, migration 22); the expiry run settles the rest.

use sqlx::SqliteExecutor;

use crate::error::Result;

pub struct NewInvoice<'a> {
    pub payload: &'a str,
    pub nonce: &'a str,
    pub customer_id: i64,
    pub product_id: i64,
    pub chat_id: i64,
    pub message_id: i64,
    pub stars: i64,
    pub sent_at: i64,
    pub expires_at: i64,
}

/// Records an invoice once (a direct unit); a trigger counts it as the funnel's "invoice" step
/// on `day` (the shop's day of `sent_at`).
pub fn insert(db: &rusqlite::Connection, i: &NewInvoice<'_>, day: &str) -> Result<()> {
    execute_direct!(
        db,
        "INSERT INTO invoices (payload, nonce, customer_id, product_id, chat_id, message_id,
                               stars, sent_at, expires_at, day)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (payload) DO NOTHING",
        i.payload,
        i.nonce,
        i.customer_id,
        i.product_id,
        i.chat_id,
        i.message_id,
        i.stars,
        i.sent_at,
        i.expires_at,
        day
    )?;
    Ok(())
}

/// An invoice's place in the chat and what it was for.
#[derive(Debug, Clone)]
pub struct InChat {
    pub id: i64,
    pub customer_id: i64,
    pub chat_id: i64,
    pub message_id: i64,
    pub product_id: i64,
    pub product_title: String,
    pub stars: i64,
}

/// Open invoices whose time is over at `now` and that no live hold keeps (a payment under way
/// settles them as paid): the first `limit`, oldest first.
pub async fn due(db: impl SqliteExecutor<'_>, now: i64, limit: i64) -> Result<Vec<i64>> {
    let ids = sqlx::query_scalar!(
        r#"SELECT i.id as "id!" FROM invoices i
           WHERE i.status = 'open' AND i.expires_at <= ?1
             AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.nonce = i.nonce
                             AND h.state = 'active' AND h.expires_at > ?1)
           ORDER BY i.expires_at LIMIT ?2"#,
        now,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(ids)
}

/// Settles an open invoice as expired; false when it was settled meanwhile (paid).
pub async fn expire(db: impl SqliteExecutor<'_>, id: i64, at: i64) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE invoices SET status = 'expired', settled_at = ? WHERE id = ? AND status = 'open'",
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Expired invoices whose chat does not show the "expired" line yet, oldest first.
pub async fn unreplaced(db: impl SqliteExecutor<'_>, limit: i64) -> Result<Vec<InChat>> {
    let rows = sqlx::query_as!(
        InChat,
        r#"SELECT i.id as "id!", i.customer_id, i.chat_id, i.message_id, i.product_id,
                  coalesce(p.title, '') as "product_title!: String", i.stars
           FROM invoices i LEFT JOIN products p ON p.id = i.product_id
           WHERE i.status = 'expired' AND i.replaced_at IS NULL ORDER BY i.id LIMIT ?"#,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

pub async fn mark_replaced(db: impl SqliteExecutor<'_>, id: i64, at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE invoices SET replaced_at = ? WHERE id = ? AND replaced_at IS NULL",
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// One invoice as the window lists it.
pub struct Row {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub product_id: i64,
    pub product_title: String,
    pub stars: i64,
    pub status: String,
    pub order_id: Option<i64>,
    pub sent_at: i64,
    pub expires_at: i64,
    pub settled_at: Option<i64>,
    pub reminder_state: Option<String>,
    pub reminder_reason: Option<String>,
    pub reminder_due: Option<i64>,
}

/// The latest invoices first, optionally of one status and one customer; `before`: an id to
/// page from.
pub async fn list(
    db: impl SqliteExecutor<'_>,
    status: Option<&str>,
    customer: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Row>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT i.id as "id!", i.customer_id,
                  coalesce(c.first_name, '') as "customer_name!: String",
                  i.product_id, coalesce(p.title, '') as "product_title!: String", i.stars,
                  i.status, i.order_id, i.sent_at, i.expires_at, i.settled_at,
                  r.state as "reminder_state?: String", r.reason as reminder_reason,
                  r.due_at as "reminder_due?: i64"
           FROM invoices i
           LEFT JOIN products p ON p.id = i.product_id
           LEFT JOIN invoice_reminders r ON r.invoice_id = i.id
           LEFT JOIN customers c ON c.id = i.customer_id
           WHERE (?1 IS NULL OR i.status = ?1) AND (?2 IS NULL OR i.customer_id = ?2)
             AND (?3 IS NULL OR i.id < ?3)
           ORDER BY i.id DESC LIMIT ?4"#,
        status,
        customer,
        before,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// How many invoices were sent since `since`, by status.
pub struct Counts {
    pub open: i64,
    pub paid: i64,
    pub expired: i64,
}

pub async fn counts(db: impl SqliteExecutor<'_>, since: i64) -> Result<Counts> {
    let r = sqlx::query!(
        r#"SELECT coalesce(sum(status = 'open'), 0) as "open!: i64",
                  coalesce(sum(status = 'paid'), 0) as "paid!: i64",
                  coalesce(sum(status = 'expired'), 0) as "expired!: i64"
           FROM invoices WHERE sent_at >= ?"#,
        since
    )
    .fetch_one(db)
    .await?;
    Ok(Counts {
        open: r.open,
        paid: r.paid,
        expired: r.expired,
    })
}

/// Invoices sent in `[from, to)` that expired unpaid, per product.
pub async fn expired_by_product(
    db: impl SqliteExecutor<'_>,
    from: i64,
    to: i64,
) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query!(
        r#"SELECT product_id, count(*) as "n!: i64" FROM invoices
           WHERE sent_at >= ? AND sent_at < ? AND status = 'expired' GROUP BY product_id"#,
        from,
        to
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.product_id, r.n)).collect())
}

/// The first time after `now` an open invoice runs out or a payment reminder falls due.
pub async fn next_due(db: impl SqliteExecutor<'_>, now: i64) -> Result<Option<i64>> {
    let at = sqlx::query_scalar!(
        r#"SELECT min(at) as "at: i64" FROM (
             SELECT min(expires_at) AS at FROM invoices WHERE status = 'open' AND expires_at > ?1
             UNION ALL
             SELECT min(due_at) FROM invoice_reminders WHERE state = 'pending' AND due_at > ?1)"#,
        now
    )
    .fetch_one(db)
    .await?;
    Ok(at)
}
