//! holds: one unit of stock kept for a customer between a "yes" at pre-checkout and the payment.

use sqlx::SqliteExecutor;

use crate::error::Result;

pub struct Hold {
    pub id: i64,
    /// `active`, `converted` (paid) or `released`.
    pub state: String,
}

pub struct NewHold<'a> {
    pub nonce: &'a str,
    pub product_id: i64,
    pub customer_id: i64,
    pub expires_at: i64,
}

/// A hold on a unit of a text, file or channel product (no code).
pub fn insert(db: &rusqlite::Connection, h: &NewHold<'_>, at: i64) -> Result<()> {
    execute_direct!(
        db,
        r#"INSERT INTO holds (nonce, product_id, customer_id, state, expires_at, created_at)
           VALUES (?, ?, ?, 'active', ?, ?)"#,
        h.nonce,
        h.product_id,
        h.customer_id,
        h.expires_at,
        at
    )?;
    Ok(())
}

/// Inserts a hold that takes the product's first available code, if any (a trigger marks the
/// code held by it); returns the hold and the code.
pub fn insert_taking_code(
    db: &rusqlite::Connection,
    h: &NewHold<'_>,
    at: i64,
) -> Result<(i64, Option<i64>)> {
    let row = fetch_direct!(
        db,
        r#"INSERT INTO holds (nonce, product_id, customer_id, code_id, state, expires_at, created_at)
           VALUES (?1, ?2, ?3,
                   (SELECT id FROM codes WHERE product_id = ?2 AND state = 'available'
                    AND removed_at IS NULL ORDER BY id LIMIT 1),
                   'active', ?4, ?5)
           RETURNING id as "id!", code_id"#,
        h.nonce,
        h.product_id,
        h.customer_id,
        h.expires_at,
        at
        => |id, code_id| (id, code_id)
    )?;
    crate::db::group::one(row)
}

/// Gives a hold a code (one a lapsed hold gave back) and marks the code held by it.
pub async fn keep_code(db: &mut sqlx::SqliteConnection, id: i64, code_id: i64) -> Result<()> {
    sqlx::query!("UPDATE holds SET code_id = ? WHERE id = ?", code_id, id)
        .execute(&mut *db)
        .await?;
    crate::db::codes::mark_held(&mut *db, code_id, id).await
}

/// Forgets a hold that found nothing to keep.
pub async fn delete(db: impl SqliteExecutor<'_>, id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM holds WHERE id = ?", id)
        .execute(db)
        .await?;
    Ok(())
}

/// A released hold taken up again by the same invoice, with no code yet (`keep_code` gives it
/// one).
pub async fn reactivate(db: impl SqliteExecutor<'_>, id: i64, expires_at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE holds SET state = 'active', code_id = NULL, expires_at = ? WHERE id = ?",
        expires_at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub enum Converted {
    /// The invoice's active hold became the sale: the code it kept, if any, and that code's
    /// text when the conversion gave it to the order (see [`convert`]).
    Held {
        code_id: Option<i64>,
        given: Option<String>,
    },
    /// This invoice was paid before: a second charge for one invoice.
    AlreadyPaid,
    /// No hold (it lapsed and was released, or there never was one).
    Missing,
}

/// Turns the invoice's active hold into the sale. With `order`, the hold records the order it
/// became and gives it the code it kept (a trigger, which marks the code sold), in the same
/// statement: its text comes back as `given`.
pub fn convert(
    db: &rusqlite::Connection,
    nonce: &str,
    customer_id: i64,
    order: Option<i64>,
) -> Result<Converted> {
    let held = fetch_direct!(
        db,
        r#"UPDATE holds SET state = 'converted', order_id = ?
           WHERE nonce = ? AND customer_id = ? AND state = 'active'
           RETURNING code_id, (SELECT code FROM codes WHERE id = holds.code_id) as "code?: String""#,
        order,
        nonce,
        customer_id
        => |code_id, code| (code_id, code)
    )?;
    if let Some((code_id, code)) = held {
        return Ok(Converted::Held {
            code_id,
            given: order.and(code),
        });
    }
    let state = fetch_direct!(
        db,
        "SELECT state FROM holds WHERE nonce = ?",
        nonce
        => |state| state
    )?;
    Ok(match state.as_deref() {
        Some("converted") => Converted::AlreadyPaid,
        _ => Converted::Missing,
    })
}

/// Units of a product held for paying customers at `at`.
pub fn active_for_product(db: &rusqlite::Connection, product_id: i64, at: i64) -> Result<i64> {
    let n = fetch_direct!(
        db,
        r#"SELECT count(*) as "n!: i64" FROM holds
           WHERE product_id = ? AND state = 'active' AND expires_at >= ?"#,
        product_id,
        at
        => |n| n
    )?;
    crate::db::group::one(n)
}

/// What a customer has of a product towards its limit: orders not refunded, and live holds
/// on the product.
pub async fn taken_by_customer(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    product_id: i64,
    at: i64,
) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT (SELECT coalesce(sum(quantity), 0) FROM orders WHERE customer_id = ?1
                     AND product_id = ?2 AND status != 'refunded')
                + (SELECT count(*) FROM holds WHERE customer_id = ?1 AND product_id = ?2
                     AND state = 'active' AND expires_at >= ?3) as "n!: i64""#,
        customer_id,
        product_id,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(n)
}

/// The hold of one unit, by its key.
pub async fn by_nonce(db: impl SqliteExecutor<'_>, nonce: &str) -> Result<Option<Hold>> {
    let row = sqlx::query!(
        r#"SELECT id as "id!", state FROM holds WHERE nonce = ?"#,
        nonce
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Hold {
        id: r.id,
        state: r.state,
    }))
}

/// Gives back units a refused pre-checkout had kept: their codes go back on sale and the holds
/// are forgotten.
pub async fn forget(db: &mut sqlx::SqliteConnection, ids: &[i64]) -> Result<()> {
    for id in ids {
        sqlx::query!(
            "UPDATE codes SET state = 'available', hold_id = NULL WHERE hold_id = ? AND state = 'held'",
            id
        )
        .execute(&mut *db)
        .await?;
        sqlx::query!("DELETE FROM holds WHERE id = ?", id)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}
