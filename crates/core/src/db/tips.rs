//! tip_prompts, and what tells a tip order: its payload starts with `t1.`.

use sqlx::SqliteExecutor;

use crate::error::Result;

pub async fn ask(db: impl SqliteExecutor<'_>, customer: i64, at: i64) -> Result<()> {
    sqlx::query!(
        "INSERT INTO tip_prompts (customer_id, asked_at) VALUES (?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET asked_at = excluded.asked_at",
        customer,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// True when the customer was asked for an amount since `since` (the prompt is taken).
pub async fn take_prompt(db: impl SqliteExecutor<'_>, customer: i64, since: i64) -> Result<bool> {
    let asked = sqlx::query_scalar!(
        "DELETE FROM tip_prompts WHERE customer_id = ? RETURNING asked_at",
        customer
    )
    .fetch_optional(db)
    .await?;
    Ok(asked.is_some_and(|at| at >= since))
}

pub async fn is_tip(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<bool> {
    let tip = sqlx::query_scalar!(
        r#"SELECT payload LIKE 't1.%' as "tip!: bool" FROM orders WHERE id = ?"#,
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(tip.unwrap_or(false))
}
