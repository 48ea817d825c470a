//! audit: the append-only trail.

use sqlx::SqliteExecutor;

use crate::{
    audit::{Line, Who},
    error::Result,
};

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    at: i64,
    who: &Who,
    line: &Line<'_>,
) -> Result<()> {
    let actor = who.actor.as_str();
    sqlx::query!(
        "INSERT INTO audit (at, actor, actor_name, action, subject, before, after, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        at,
        actor,
        who.name,
        line.action,
        line.subject,
        line.before,
        line.after,
        line.reason
    )
    .execute(db)
    .await?;
    Ok(())
}
