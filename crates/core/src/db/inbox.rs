//! inbox: every update fetched from Telegram, stored before the offset moves past it.

use sqlx::SqliteExecutor;

use crate::error::Result;

/// Stores a batch of updates in one statement: `rows` is a JSON array of
/// `{"update_id", "digest", "body"}` in the order they came. Returns the new rows as
/// (update id, digest, row id); an update this bot stored before gives none.
pub async fn insert_batch(
    db: impl SqliteExecutor<'_>,
    bot_id: i64,
    rows: &str,
    at: i64,
) -> Result<Vec<(i64, String, i64)>> {
    // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    let stored = sqlx::query!(
        r#"INSERT INTO inbox (bot_id, update_id, digest, body, received_at)
           SELECT ?1, r.value ->> 'update_id', r.value ->> 'digest', r.value ->> 'body', ?2
           FROM json_each(?3) r WHERE true ORDER BY r.key
           ON CONFLICT (bot_id, update_id, digest) DO NOTHING
           RETURNING id as "id!", update_id as "update_id!", digest as "digest!""#,
        bot_id,
        at,
        rows
    )
    .fetch_all(db)
    .await?;
    Ok(stored
        .into_iter()
        .map(|r| (r.update_id, r.digest, r.id))
        .collect())
}

/// Updates of this bot (and those kept from before updates were stored per bot) not finished.
pub async fn unfinished(db: impl SqliteExecutor<'_>, bot_id: i64) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        r#"SELECT id as "id!", body FROM inbox WHERE state = 'pending' AND bot_id IN (?, 0) ORDER BY id"#,
        bot_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.body)).collect())
}

pub async fn mark_done(db: impl SqliteExecutor<'_>, ids: &[i64], at: i64) -> Result<()> {
    let list = serde_json::to_string(ids).expect("ids serialise");
    sqlx::query!(
        "UPDATE inbox SET state = 'done', done_at = ? WHERE id IN (SELECT value FROM json_each(?))",
        at,
        list
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets updates finished before `before`.
pub async fn prune(db: impl SqliteExecutor<'_>, before: i64) -> Result<u64> {
    let done = sqlx::query!(
        "DELETE FROM inbox WHERE state = 'done' AND done_at < ?",
        before
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// How many updates wait to be handled (for tests and the status line).
pub async fn pending(db: impl SqliteExecutor<'_>) -> Result<i64> {
    let n =
        sqlx::query_scalar!(r#"SELECT count(*) as "n!: i64" FROM inbox WHERE state = 'pending'"#)
            .fetch_one(db)
            .await?;
    Ok(n)
}
