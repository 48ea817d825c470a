//! terms_acceptances: which customer accepted which version of the terms, and when.

use sqlx::SqliteExecutor;

use crate::error::Result;

pub async fn accept(
    db: impl SqliteExecutor<'_>,
    customer: i64,
    version: i64,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO terms_acceptances (customer_id, version, accepted_at) VALUES (?, ?, ?)
         ON CONFLICT (customer_id, version) DO NOTHING",
        customer,
        version,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn accepted(db: impl SqliteExecutor<'_>, version: i64) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT count(*) as "n!: i64" FROM terms_acceptances WHERE version = ?"#,
        version
    )
    .fetch_one(db)
    .await?;
    Ok(n)
}

/// The latest version a customer accepted, and when.
pub async fn latest_of(db: impl SqliteExecutor<'_>, customer: i64) -> Result<Option<(i64, i64)>> {
    let row = sqlx::query!(
        "SELECT version, accepted_at FROM terms_acceptances WHERE customer_id = ?
         ORDER BY version DESC LIMIT 1",
        customer
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.version, r.accepted_at)))
}
