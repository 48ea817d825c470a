//! The people who buy: seen through Telegram, blockable by the merchant.

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
    sync::Mutex,
};

use crate::{
    audit::{self, Line, Who},
    db::{self, Store, now},
    error::{Error, Result},
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

/// The language a customer's messages go out in: theirs as Telegram last gave it, English for
/// a customer the shop has not seen.
pub async fn lang(db: impl sqlx::SqliteExecutor<'_>, id: i64) -> Result<crate::texts::Lang> {
    let customer = db::customers::get(db, id).await?;
    Ok(crate::texts::Lang::of(
        customer.as_ref().and_then(|c| c.language_code.as_deref()),
    ))
}

/// Blocks or unblocks a customer; a blocked customer is refused at pre-checkout. A change is a
/// line of the trail, in the same transaction.
pub async fn set_blocked(store: &Store, who: &Who, id: i64, blocked: bool) -> Result<()> {
    let mut tx = store.write.begin().await?;
    let customer = db::customers::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound("customer"))?;
    if customer.blocked == blocked {
        return Ok(());
    }
    db::customers::set_blocked(&mut *tx, id, blocked).await?;
    let words = |blocked: bool| if blocked { "blocked" } else { "can buy" };
    let line = Line {
        action: if blocked {
            "customer.block"
        } else {
            "customer.unblock"
        },
        subject: subject(&customer),
        before: Some(words(customer.blocked).into()),
        after: Some(words(blocked).into()),
        reason: "",
    };
    audit::record(&mut *tx, who, line).await?;
    tx.commit().await?;
    Ok(())
}

/// A customer as the trail names them: "Anna @anna_k (customer 501)".
pub fn subject(c: &Customer) -> String {
    match &c.username {
        Some(u) => format!("{} @{u} (customer {})", c.first_name, c.id),
        None => format!("{} (customer {})", c.first_name, c.id),
    }
}

pub async fn is_blocked(db: impl SqliteExecutor<'_>, id: i64) -> Result<bool> {
    db::customers::is_blocked(db, id).await
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Customer>> {
    db::customers::get(db, id).await
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
        // A small write in the bot's path: it shares a transaction with what arrives with it.
        let (id, first_name) = (who.id, who.first_name.to_string());
        let username = who.username.map(str::to_string);
        let language_code = who.language_code.map(str::to_string);
        store
            .commits
            .run_direct(move |db| {
                let who = Seen {
                    id,
                    first_name: &first_name,
                    username: username.as_deref(),
                    language_code: language_code.as_deref(),
                };
                db::customers::upsert(db, &who, at)
            })
            .await?;
        let mut seen = self.0.lock().expect("seen lock");
        if seen.len() > 100_000 {
            seen.clear();
        }
        seen.insert(who.id, (at, fingerprint));
        Ok(())
    }
}
