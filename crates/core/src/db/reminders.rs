//! invoice_reminders, and the customer's consent to them (customers.reminders, stopped_at).

use sqlx::SqliteExecutor;

use crate::error::Result;

/// A customer's say on messages that are not answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Consent {
    /// None until they answered the question.
    pub reminders: Option<bool>,
    pub asked: bool,
    pub stopped: bool,
}

pub async fn consent(db: impl SqliteExecutor<'_>, customer: i64) -> Result<Consent> {
    let row = sqlx::query!(
        r#"SELECT reminders as "reminders: bool", reminders_asked_at, stopped_at
           FROM customers WHERE id = ?"#,
        customer
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map_or_else(Consent::default, |r| Consent {
        reminders: r.reminders,
        asked: r.reminders_asked_at.is_some(),
        stopped: r.stopped_at.is_some(),
    }))
}

/// Records the customer's answer (or /reminders); a yes lifts a /stop.
pub async fn set_reminders(
    db: impl SqliteExecutor<'_>,
    customer: i64,
    on: bool,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE customers SET reminders = ?2, reminders_asked_at = coalesce(reminders_asked_at, ?3),
                stopped_at = CASE WHEN ?2 THEN NULL ELSE stopped_at END
         WHERE id = ?1",
        customer,
        on,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// /stop: reminders off, and no message that is not an answer.
pub async fn stop(db: impl SqliteExecutor<'_>, customer: i64, at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE customers SET reminders = 0, reminders_asked_at = coalesce(reminders_asked_at, ?2),
                stopped_at = coalesce(stopped_at, ?2)
         WHERE id = ?1",
        customer,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Notes that the question was asked; false when it had been already.
pub async fn mark_asked(db: impl SqliteExecutor<'_>, customer: i64, at: i64) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE customers SET reminders_asked_at = ? WHERE id = ? AND reminders_asked_at IS NULL",
        at,
        customer
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Plans a reminder for an expired invoice unless the customer had one (planned or sent) for
/// the product within the week before `due_at`; true when planned.
pub async fn plan(
    db: impl SqliteExecutor<'_>,
    invoice_id: i64,
    customer: i64,
    product: i64,
    due_at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO invoice_reminders (invoice_id, customer_id, product_id, due_at)
         SELECT ?1, ?2, ?3, ?4
         WHERE NOT EXISTS (SELECT 1 FROM invoice_reminders
                           WHERE customer_id = ?2 AND product_id = ?3 AND state != 'skipped'
                             AND due_at > ?4 - 7 * 86400)
         ON CONFLICT (invoice_id) DO NOTHING",
        invoice_id,
        customer,
        product,
        due_at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A reminder that is due, with what deciding on it needs.
#[derive(Debug, Clone)]
pub struct Due {
    pub id: i64,
    pub customer_id: i64,
    pub product_id: i64,
    pub product_title: String,
    pub price: i64,
    pub on_sale: bool,
    pub sold_out: bool,
    pub reminders: Option<bool>,
    pub stopped: bool,
    /// The customer paid for the product after the invoice was sent.
    pub bought_since: bool,
}

pub async fn due(db: impl SqliteExecutor<'_>, now: i64, limit: i64) -> Result<Vec<Due>> {
    let rows = sqlx::query!(
        r#"SELECT r.id as "id!", r.customer_id, r.product_id, p.title, p.price,
                  p.active as "on_sale: bool",
                  (p.kind = 'code' AND p.codes_on_sale <= 0)
                    OR (p.stock IS NOT NULL AND p.stock <= 0) as "sold_out!: bool",
                  c.reminders as "reminders: bool", c.stopped_at,
                  EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = r.customer_id
                          AND o.product_id = r.product_id AND o.created_at >= i.sent_at
                          AND o.status != 'refunded') as "bought_since!: bool"
           FROM invoice_reminders r
           JOIN invoices i ON i.id = r.invoice_id
           JOIN products p ON p.id = r.product_id
           LEFT JOIN customers c ON c.id = r.customer_id
           WHERE r.state = 'pending' AND r.due_at <= ?
           ORDER BY r.due_at LIMIT ?"#,
        now,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Due {
            id: r.id,
            customer_id: r.customer_id,
            product_id: r.product_id,
            product_title: r.title,
            price: r.price,
            on_sale: r.on_sale,
            sold_out: r.sold_out,
            reminders: r.reminders,
            stopped: r.stopped_at.is_some(),
            bought_since: r.bought_since,
        })
        .collect())
}

/// Settles a pending reminder as sent (claimed before the send) or skipped with the reason;
/// false when it was settled already.
pub async fn settle(
    db: impl SqliteExecutor<'_>,
    id: i64,
    reason: Option<&str>,
    at: i64,
) -> Result<bool> {
    let state = if reason.is_some() { "skipped" } else { "sent" };
    let done = sqlx::query!(
        "UPDATE invoice_reminders SET state = ?, reason = ?, done_at = ?
         WHERE id = ? AND state = 'pending'",
        state,
        reason,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
