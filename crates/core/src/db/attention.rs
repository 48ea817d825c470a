//! attention: what the merchant must look at; nothing fails silently, it lands here.

use sqlx::SqliteExecutor;

use crate::{attention::Attention, error::Result};

pub async fn raise(
    db: impl SqliteExecutor<'_>,
    kind: &str,
    order_id: Option<i64>,
    message: &str,
    at: i64,
) -> Result<i64> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO attention (kind, order_id, message, created_at) VALUES (?, ?, ?, ?)
           RETURNING id as "id!""#,
        kind,
        order_id,
        message,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn open(db: impl SqliteExecutor<'_>) -> Result<Vec<Attention>> {
    let rows = sqlx::query_as!(
        Attention,
        r#"SELECT id as "id!", kind, order_id, message, created_at FROM attention
           WHERE resolved_at IS NULL ORDER BY id DESC"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

pub async fn open_for_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Vec<Attention>> {
    let rows = sqlx::query_as!(
        Attention,
        r#"SELECT id as "id!", kind, order_id, message, created_at FROM attention
           WHERE resolved_at IS NULL AND order_id = ? ORDER BY id DESC"#,
        order_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

pub async fn count_open(db: impl SqliteExecutor<'_>) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT count(*) as "n!: i64" FROM attention WHERE resolved_at IS NULL"#
    )
    .fetch_one(db)
    .await?;
    Ok(n)
}

pub async fn resolve(db: impl SqliteExecutor<'_>, id: i64, at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE attention SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub fn resolve_for_order(db: &rusqlite::Connection, order_id: i64, at: i64) -> Result<()> {
    execute_direct!(
        db,
        "UPDATE attention SET resolved_at = ? WHERE order_id = ? AND resolved_at IS NULL",
        at,
        order_id
    )?;
    Ok(())
}

/// A new message for an item still open; `None` when it was resolved meanwhile.
pub async fn reword(
    db: impl SqliteExecutor<'_>,
    id: i64,
    message: &str,
) -> Result<Option<Attention>> {
    let row = sqlx::query_as!(
        Attention,
        r#"UPDATE attention SET message = ? WHERE id = ? AND resolved_at IS NULL
           RETURNING id as "id!", kind, order_id, message, created_at"#,
        message,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}
