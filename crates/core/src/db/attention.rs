//! What the merchant must look at: nothing fails silently, it lands here.

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use crate::{error::Result, store::now};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Attention {
    pub id: i64,
    pub kind: String,
    pub order_id: Option<i64>,
    pub message: String,
    pub created_at: i64,
}

pub async fn raise(
    db: impl SqliteExecutor<'_>,
    kind: &str,
    order_id: Option<i64>,
    message: &str,
) -> Result<i64> {
    let at = now();
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

pub async fn resolve(db: impl SqliteExecutor<'_>, id: i64) -> Result<()> {
    let at = now();
    sqlx::query!(
        "UPDATE attention SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn resolve_for_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<()> {
    let at = now();
    sqlx::query!(
        "UPDATE attention SET resolved_at = ? WHERE order_id = ? AND resolved_at IS NULL",
        at,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}
