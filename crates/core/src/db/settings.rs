//! settings and bot_texts: the shop's key/value settings and the bot's editable texts.

use sqlx::SqliteExecutor;

use crate::error::Result;

pub async fn get(db: impl SqliteExecutor<'_>, key: &str) -> Result<Option<String>> {
    let row = sqlx::query_scalar!("SELECT value FROM settings WHERE key = ?", key)
        .fetch_optional(db)
        .await?;
    Ok(row)
}

pub async fn set(db: impl SqliteExecutor<'_>, key: &str, value: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key,
        value
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Sets `key` unless it is set; true when this call set it.
pub async fn set_once(db: impl SqliteExecutor<'_>, key: &str, value: &str) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
        key,
        value
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What the bot says for `key` in `lang` when the merchant wrote it: their text in that
/// language, else their English one.
pub async fn text(db: impl SqliteExecutor<'_>, key: &str, lang: &str) -> Result<Option<String>> {
    let body = sqlx::query_scalar!(
        "SELECT body FROM bot_texts WHERE key = ? AND lang IN (?, 'en')
         ORDER BY lang = 'en' LIMIT 1",
        key,
        lang
    )
    .fetch_optional(db)
    .await?;
    Ok(body)
}

/// The merchant's own text for `key` in exactly `lang`.
pub async fn own_text(
    db: impl SqliteExecutor<'_>,
    key: &str,
    lang: &str,
) -> Result<Option<String>> {
    let body = sqlx::query_scalar!(
        "SELECT body FROM bot_texts WHERE key = ? AND lang = ?",
        key,
        lang
    )
    .fetch_optional(db)
    .await?;
    Ok(body)
}

/// The merchant's own texts: key, language, body.
pub async fn texts(db: impl SqliteExecutor<'_>) -> Result<Vec<(String, String, String)>> {
    let rows = sqlx::query!(r#"SELECT key as "key!", lang as "lang!", body FROM bot_texts"#)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.lang, r.body)).collect())
}

pub async fn set_text(
    db: impl SqliteExecutor<'_>,
    key: &str,
    lang: &str,
    body: &str,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO bot_texts (key, lang, body, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key, lang) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        key,
        lang,
        body,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn reset_text(db: impl SqliteExecutor<'_>, key: &str, lang: &str) -> Result<()> {
    sqlx::query!(
        "DELETE FROM bot_texts WHERE key = ? AND lang = ?",
        key,
        lang
    )
    .execute(db)
    .await?;
    Ok(())
}
