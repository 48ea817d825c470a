//! codes: a code product's pool, each code available, held for a paying customer, or sold.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::error::Result;

/// Adds a code unless the product has it already; true when it was added.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    product_id: i64,
    code: &str,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO codes (product_id, code, created_at) VALUES (?, ?, ?)
         ON CONFLICT (product_id, code) DO NOTHING",
        product_id,
        code,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A code free to sell: an available one, else one whose hold ran out (that hold is released).
pub async fn take_free(db: &mut SqliteConnection, product_id: i64, at: i64) -> Result<Option<i64>> {
    let free = sqlx::query_scalar!(
        r#"SELECT id as "id!" FROM codes WHERE product_id = ? AND state = 'available' ORDER BY id LIMIT 1"#,
        product_id
    )
    .fetch_optional(&mut *db)
    .await?;
    if free.is_some() {
        return Ok(free);
    }
    let lapsed = sqlx::query!(
        r#"SELECT c.id as "code_id!", h.id as "hold_id!" FROM codes c JOIN holds h ON h.id = c.hold_id
           WHERE c.product_id = ? AND c.state = 'held' AND h.state = 'active' AND h.expires_at < ?
           ORDER BY h.expires_at LIMIT 1"#,
        product_id,
        at
    )
    .fetch_optional(&mut *db)
    .await?;
    let Some(lapsed) = lapsed else {
        return Ok(None);
    };
    sqlx::query!(
        "UPDATE holds SET state = 'released' WHERE id = ?",
        lapsed.hold_id
    )
    .execute(&mut *db)
    .await?;
    sqlx::query!(
        "UPDATE codes SET state = 'available', hold_id = NULL WHERE id = ?",
        lapsed.code_id
    )
    .execute(&mut *db)
    .await?;
    Ok(Some(lapsed.code_id))
}

pub async fn mark_held(db: impl SqliteExecutor<'_>, code_id: i64, hold_id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE codes SET state = 'held', hold_id = ? WHERE id = ?",
        hold_id,
        code_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn mark_sold(db: impl SqliteExecutor<'_>, code_id: i64) -> Result<()> {
    sqlx::query!("UPDATE codes SET state = 'sold' WHERE id = ?", code_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The code an order delivers, if it is a code product's.
pub async fn of_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<String>> {
    let code = sqlx::query_scalar!(
        "SELECT c.code FROM orders o JOIN codes c ON c.id = o.code_id WHERE o.id = ?",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(code)
}

/// Codes still on sale, for copying a catalog to another shop.
pub async fn available(db: impl SqliteExecutor<'_>, product_id: i64) -> Result<Vec<String>> {
    let codes = sqlx::query_scalar!(
        "SELECT code FROM codes WHERE product_id = ? AND state = 'available' ORDER BY id",
        product_id
    )
    .fetch_all(db)
    .await?;
    Ok(codes)
}

/// Marks the code an order delivered as revoked: it stays sold, and says so.
pub async fn revoke_of_order(db: impl SqliteExecutor<'_>, order_id: i64, at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE codes SET revoked_at = ? WHERE revoked_at IS NULL
           AND id = (SELECT code_id FROM orders WHERE id = ?)",
        at,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A product's revoked codes (sold, then refunded): never on sale again.
pub async fn revoked(db: impl SqliteExecutor<'_>, product_id: i64) -> Result<Vec<String>> {
    let codes = sqlx::query_scalar!(
        "SELECT code FROM codes WHERE product_id = ? AND revoked_at IS NOT NULL ORDER BY id",
        product_id
    )
    .fetch_all(db)
    .await?;
    Ok(codes)
}
