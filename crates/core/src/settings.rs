//! Shop settings and the bot's editable texts (welcome, /terms, /paysupport, /help).

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use crate::{
    error::{Error, Result},
    store::now,
};

pub const TEXT_KEYS: [&str; 4] = ["welcome", "terms", "paysupport", "help"];

/// What the bot answers when the merchant has not written a text of their own.
pub fn default_text(key: &str) -> &'static str {
    match key {
        "welcome" => {
            "Welcome! Pick something below. You pay in Telegram Stars right here in the chat \
             and get your purchase instantly."
        }
        "terms" => {
            "Terms of sale: digital goods are delivered in this chat right after payment in \
             Telegram Stars. If an order cannot be delivered you get a full refund to your Stars \
             balance. For questions about a payment use /paysupport."
        }
        "paysupport" => {
            "Payment support: write your question in this chat with your order number (see \
             /purchases) and we will answer within 24 hours. Refunds go back to your Stars balance."
        }
        _ => {
            "/shop - the catalog\n/purchases - your orders, and your goods again\n\
             /paysupport - help with a payment\n/terms - terms of sale"
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BotText {
    pub key: String,
    pub body: String,
    /// False while the bot still answers with the built-in text.
    pub custom: bool,
}

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

pub async fn text(db: impl SqliteExecutor<'_>, key: &str) -> Result<String> {
    let body = sqlx::query_scalar!("SELECT body FROM bot_texts WHERE key = ?", key)
        .fetch_optional(db)
        .await?;
    Ok(body.unwrap_or_else(|| default_text(key).to_string()))
}

pub async fn texts(db: impl SqliteExecutor<'_>) -> Result<Vec<BotText>> {
    let rows = sqlx::query!(r#"SELECT key as "key!", body FROM bot_texts"#)
        .fetch_all(db)
        .await?;
    Ok(TEXT_KEYS
        .iter()
        .map(|key| match rows.iter().find(|r| r.key == *key) {
            Some(r) => BotText {
                key: key.to_string(),
                body: r.body.clone(),
                custom: true,
            },
            None => BotText {
                key: key.to_string(),
                body: default_text(key).into(),
                custom: false,
            },
        })
        .collect())
}

pub async fn set_text(db: impl SqliteExecutor<'_>, key: &str, body: &str) -> Result<()> {
    if !TEXT_KEYS.contains(&key) {
        return Err(Error::invalid(format!(
            "There is no bot text called \"{key}\"."
        )));
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::invalid("The text cannot be empty."));
    }
    if body.chars().count() > 3000 {
        return Err(Error::invalid(
            "The text is too long: at most 3,000 characters.",
        ));
    }
    let at = now();
    sqlx::query!(
        "INSERT INTO bot_texts (key, body, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        key,
        body,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn reset_text(db: impl SqliteExecutor<'_>, key: &str) -> Result<()> {
    sqlx::query!("DELETE FROM bot_texts WHERE key = ?", key)
        .execute(db)
        .await?;
    Ok(())
}
