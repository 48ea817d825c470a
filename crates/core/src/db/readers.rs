//! The connections that read in the bot's path (a product's card, Buy), held by the shop
//! rather than lent by a pool: sqlx tests a pooled connection each time it goes back (a round
//! trip to the connection's thread), which would cost a card as much as its own read.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::{ConnectOptions, SqliteConnection, sqlite::SqliteConnectOptions};
use tokio::sync::{Mutex, MutexGuard};

use crate::error::Result;

#[derive(Debug)]
pub struct Readers {
    conns: Vec<Mutex<SqliteConnection>>,
    next: AtomicUsize,
}

impl Readers {
    /// `count` read-only connections with `options`.
    pub async fn open(options: &SqliteConnectOptions, count: usize) -> Result<Readers> {
        let mut conns = Vec::with_capacity(count);
        for _ in 0..count.max(1) {
            conns.push(Mutex::new(options.connect().await?));
        }
        Ok(Readers {
            conns,
            next: AtomicUsize::new(0),
        })
    }

    /// A free connection, or, when all are reading, the next one in turn once it is free.
    pub async fn get(&self) -> MutexGuard<'_, SqliteConnection> {
        for conn in &self.conns {
            if let Ok(conn) = conn.try_lock() {
                return conn;
            }
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.conns.len();
        self.conns[i].lock().await
    }
}
