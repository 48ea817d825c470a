//! Every SQL statement of the core, one file per table group. Functions take an executor or a
//! connection, so a service composes any of them in one transaction of its own. This is the one
//! place a PostgreSQL backend would replace.

pub mod attention;
pub mod audit;
pub mod codes;
pub mod customers;
pub mod deliveries;
#[cfg(test)]
pub mod fixtures;
pub mod holds;
pub mod inbox;
pub mod orders;
pub mod products;
pub mod refunds;
pub mod requests;
pub mod revenue;
pub mod seed;
pub mod settings;
pub mod subscriptions;
pub mod support;

// The SQLite file: one writer connection (writes never fight for the lock), a few readers, WAL.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::error::Result;

/// The shop's file in its data folder.
pub const FILE_NAME: &str = "stardesk.db";

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

#[derive(Clone, Debug)]
pub struct Store {
    /// The single connection that writes; every write transaction goes through it.
    pub write: SqlitePool,
    /// Read-only connections for lists and reports.
    pub read: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) `stardesk.db` in `data_dir` and brings its schema up to date.
    pub async fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir)?;
        Self::open_file(&data_dir.join(FILE_NAME)).await
    }

    pub async fn open_file(path: &Path) -> Result<Store> {
        let base = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-32000");
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .connect_with(base.clone().create_if_missing(true))
            .await?;
        MIGRATOR.run(&write).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(base.read_only(true))
            .await?;
        Ok(Store { write, read })
    }

    /// SQLite's advice for long-lived connections: keep the planner's statistics fresh.
    pub async fn optimize(&self) -> Result<()> {
        sqlx::query("PRAGMA analysis_limit = 400")
            .execute(&self.write)
            .await?;
        sqlx::query("PRAGMA optimize = 0x10002")
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// Now, as UTC unix seconds: the store's time.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The UTC day of a unix time, as the revenue rollup keys it.
pub fn day_of(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string()
}

/// A `LIKE … ESCAPE '\\'` pattern matching any text that contains `needle` literally.
pub fn contains_pattern(needle: &str) -> String {
    let mut like = String::with_capacity(needle.len() + 2);
    like.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            like.push('\\');
        }
        like.push(c);
    }
    like.push('%');
    like
}
