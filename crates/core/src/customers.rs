//! The people who buy: seen through Telegram, blockable by the merchant.

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
    sync::Mutex,
};

use crate::{
    error::Result,
    store::{Store, now},
};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: Option<String>,
    pub blocked: bool,
    pub first_seen: i64,
    pub last_seen: i64,
}

/// The customer as Telegram describes them at this moment.
#[derive(Debug, Clone)]
pub struct Seen<'a> {
    pub id: i64,
    pub first_name: &'a str,
    pub username: Option<&'a str>,
    pub language_code: Option<&'a str>,
}

pub async fn upsert(db: impl SqliteExecutor<'_>, who: &Seen<'_>) -> Result<()> {
    let at = now();
    sqlx::query!(
        "INSERT INTO customers (id, first_name, username, language_code, first_seen, last_seen)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,
             username = excluded.username, language_code = excluded.language_code,
             last_seen = excluded.last_seen",
        who.id,
        who.first_name,
        who.username,
        who.language_code,
        at,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn is_blocked(db: impl SqliteExecutor<'_>, id: i64) -> Result<bool> {
    let blocked = sqlx::query_scalar!("SELECT blocked FROM customers WHERE id = ?", id)
        .fetch_optional(db)
        .await?;
    Ok(blocked == Some(1))
}

pub async fn set_blocked(db: impl SqliteExecutor<'_>, id: i64, blocked: bool) -> Result<bool> {
    let b = i64::from(blocked);
    let done = sqlx::query!("UPDATE customers SET blocked = ? WHERE id = ?", b, id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Customer>> {
    let row = sqlx::query!(
        "SELECT id, first_name, username, language_code, blocked, first_seen, last_seen
         FROM customers WHERE id = ?",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Customer {
        id: r.id,
        first_name: r.first_name,
        username: r.username,
        language_code: r.language_code,
        blocked: r.blocked == 1,
        first_seen: r.first_seen,
        last_seen: r.last_seen,
    }))
}

/// Spares the store a write per update: a customer seen a moment ago, unchanged, is not written
/// again (their `last_seen` is at most this many seconds behind).
const SEEN_FRESH_FOR: i64 = 300;

#[derive(Default)]
pub struct RecentlySeen(Mutex<HashMap<i64, (i64, u64)>>);

impl RecentlySeen {
    pub async fn note(&self, store: &Store, who: &Seen<'_>) -> Result<()> {
        let mut h = DefaultHasher::new();
        (who.first_name, who.username, who.language_code).hash(&mut h);
        let fingerprint = h.finish();
        let at = now();
        {
            let seen = self.0.lock().expect("seen lock");
            if let Some(&(when, f)) = seen.get(&who.id)
                && f == fingerprint
                && at - when < SEEN_FRESH_FOR
            {
                return Ok(());
            }
        }
        upsert(&store.write, who).await?;
        let mut seen = self.0.lock().expect("seen lock");
        if seen.len() > 100_000 {
            seen.clear();
        }
        seen.insert(who.id, (at, fingerprint));
        Ok(())
    }
}
