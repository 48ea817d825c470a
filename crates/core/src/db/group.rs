//! Group commit: the small write transactions that arrive together (payments, holds) run one
//! after the other in a single transaction on the writer connection, and each caller hears its
//! own result only after that transaction committed. Each is still all-or-nothing and durable
//! before its caller goes on; together they pay for one BEGIN, one COMMIT and one trip through
//! the writer's queue instead of one each.
//!
//! A unit of work is plain SQL on the connection, with no effect outside it, so it can run
//! again: when any unit fails, or the commit does, the transaction is rolled back and every
//! unit of that group runs again in its own transaction, where only the failing one fails.
//!
//! The bot's reads of a card and Buy are units too (read-only ones): on the writer connection
//! they find its page cache warm, where a read-only connection would have dropped its own.

use std::{
    any::Any,
    fmt,
    time::{Duration, Instant},
};

use futures::future::BoxFuture;
use sqlx::{Connection, SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use crate::error::{Error, Result};

/// The most units one transaction takes; more wait for the next.
const MOST_AT_ONCE: usize = 256;

type Output = Box<dyn Any + Send>;
type Work =
    Box<dyn for<'c> FnMut(&'c mut SqliteConnection) -> BoxFuture<'c, Result<Output>> + Send>;

struct Unit {
    work: Work,
    done: oneshot::Sender<Result<Output>>,
}

/// The way into the writer for units of work that may share a transaction.
#[derive(Clone)]
pub struct GroupCommit {
    units: mpsc::UnboundedSender<Unit>,
}

impl fmt::Debug for GroupCommit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GroupCommit")
    }
}

impl GroupCommit {
    /// Starts the committer on the writer pool; it ends when the last handle is dropped.
    pub fn start(write: SqlitePool) -> GroupCommit {
        let (units, rx) = mpsc::unbounded_channel();
        tokio::spawn(serve(write, rx));
        GroupCommit { units }
    }

    /// Runs `work` in a transaction it may share with others, and returns its result once that
    /// transaction committed. `work` must only write through the connection it is given: it may
    /// run twice (the first time rolled back).
    pub async fn run<T, F>(&self, mut work: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnMut(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T>> + Send + 'static,
    {
        let (done, result) = oneshot::channel();
        let work: Work = Box::new(move |conn| {
            let fut = work(conn);
            Box::pin(async move { fut.await.map(|t| Box::new(t) as Output) })
        });
        self.units
            .send(Unit { work, done })
            .map_err(|_| Error::Db(sqlx::Error::PoolClosed))?;
        let out = result
            .await
            .map_err(|_| Error::Db(sqlx::Error::PoolClosed))??;
        Ok(*out
            .downcast::<T>()
            .expect("a unit's result has the type it was given"))
    }
}

/// How long the committer keeps the writer connection while work keeps coming: the other
/// writers (the window's edits, the background jobs) wait at most about this long.
const HOLD: Duration = Duration::from_millis(20);

/// How long the committer waits for more work before it gives the writer back.
const LINGER: Duration = Duration::from_millis(1);

async fn serve(write: SqlitePool, mut rx: mpsc::UnboundedReceiver<Unit>) {
    let mut units = Vec::with_capacity(MOST_AT_ONCE);
    while rx.recv_many(&mut units, MOST_AT_ONCE).await > 0 {
        // The connection is kept from one group to the next while units keep arriving: sqlx
        // tests a connection on its way back to the pool (a round trip to its thread), and a
        // group should not wait on that behind the one before it.
        let mut conn = match write.acquire().await {
            Ok(conn) => conn,
            Err(e) => {
                // The pool is closed (the shop is stopping) or timed out: each hears why.
                let why = e.to_string();
                for unit in units.drain(..) {
                    let e = match &e {
                        sqlx::Error::PoolClosed => sqlx::Error::PoolClosed,
                        _ => sqlx::Error::Protocol(why.clone()),
                    };
                    let _ = unit.done.send(Err(Error::Db(e)));
                }
                continue;
            }
        };
        let held = Instant::now();
        loop {
            run_group(&mut conn, &mut units).await;
            if held.elapsed() >= HOLD {
                break;
            }
            let more = tokio::time::timeout(LINGER, rx.recv_many(&mut units, MOST_AT_ONCE));
            match more.await {
                Ok(n) if n > 0 => {}
                _ => break,
            }
        }
    }
}

/// The units together in one transaction; when that fails, each alone.
async fn run_group(conn: &mut SqliteConnection, units: &mut Vec<Unit>) {
    tracing::trace!(units = units.len(), "a group of writes");
    if units.len() > 1 {
        match together(conn, units).await {
            Ok(outs) => {
                for (unit, out) in units.drain(..).zip(outs) {
                    let _ = unit.done.send(Ok(out));
                }
                return;
            }
            Err(e) => {
                tracing::debug!(error = %e, count = units.len(), "a group of writes failed; each runs alone");
            }
        }
    }
    for mut unit in units.drain(..) {
        let out = alone(conn, &mut unit.work).await;
        let _ = unit.done.send(out);
    }
}

async fn together(conn: &mut SqliteConnection, units: &mut [Unit]) -> Result<Vec<Output>> {
    let mut tx = conn.begin().await?;
    let mut outs = Vec::with_capacity(units.len());
    for unit in units.iter_mut() {
        outs.push((unit.work)(&mut tx).await?);
    }
    tx.commit().await?;
    Ok(outs)
}

async fn alone(conn: &mut SqliteConnection, work: &mut Work) -> Result<Output> {
    let mut tx = conn.begin().await?;
    let out = work(&mut tx).await?;
    tx.commit().await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> (tempfile::TempDir, crate::Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(dir.path()).await.unwrap();
        sqlx::query("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)")
            .execute(&store.write)
            .await
            .unwrap();
        (dir, store)
    }

    fn put(
        k: i64,
        v: &'static str,
    ) -> impl for<'c> FnMut(&'c mut SqliteConnection) -> BoxFuture<'c, Result<i64>> + Send + 'static
    {
        move |c| {
            Box::pin(async move {
                sqlx::query("INSERT INTO t (k, v) VALUES (?, ?)")
                    .bind(k)
                    .bind(v)
                    .execute(&mut *c)
                    .await?;
                Ok(k)
            })
        }
    }

    #[tokio::test]
    async fn units_sent_together_commit_together_and_each_hears_its_own_result() {
        let (_dir, store) = store().await;
        let commits = GroupCommit::start(store.write.clone());
        let runs: Vec<_> = (0..100)
            .map(|k| {
                let commits = commits.clone();
                tokio::spawn(async move { commits.run(put(k, "x")).await })
            })
            .collect();
        for (k, run) in runs.into_iter().enumerate() {
            assert_eq!(run.await.unwrap().unwrap(), k as i64);
        }
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&store.read)
            .await
            .unwrap();
        assert_eq!(n, 100);
    }

    #[tokio::test]
    async fn a_failing_unit_fails_alone_and_the_rest_of_its_group_is_written() {
        let (_dir, store) = store().await;
        let (units, rx) = mpsc::unbounded_channel();
        let commits = GroupCommit { units };
        // Every unit is queued before the committer starts: one group, whose third unit
        // breaks the key.
        let mut all = Box::pin(futures::future::join_all(
            [(1, "a"), (2, "b"), (1, "again"), (3, "c")]
                .into_iter()
                .map(|(k, v)| commits.run(put(k, v))),
        ));
        assert!(futures::poll!(&mut all).is_pending());
        tokio::spawn(serve(store.write.clone(), rx));
        let results: Vec<bool> = all.await.iter().map(Result::is_ok).collect();
        assert_eq!(results, [true, true, false, true]);
        let rows: Vec<(i64, String)> = sqlx::query_as("SELECT k, v FROM t ORDER BY k")
            .fetch_all(&store.read)
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                (1, "a".to_string()),
                (2, "b".to_string()),
                (3, "c".to_string())
            ]
        );
    }
}
