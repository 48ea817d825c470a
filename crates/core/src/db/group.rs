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
//! A unit is of one of two kinds. [`GroupCommit::run`]'s work goes through sqlx: each statement
//! is a trip to the connection's thread and back (about 40–60 µs of hand-off on a small
//! machine, more than most of these statements take). [`GroupCommit::run_direct`]'s work runs
//! on the connection's own SQLite handle, locked once for all the direct units of a group, with
//! `rusqlite`: no trip per statement. Its statements are checked at compile time as sqlx's are
//! (`execute_direct!` and `fetch_direct!` in `db`), and stay prepared while the committer keeps
//! the writer (a burst of groups). The group's direct units run first, then the others.
//!
//! The bot's common pre-checkout and payment are direct units: each tries its common case in
//! a savepoint ([`attempt`]) and leaves any other to a unit of the full path, written with
//! sqlx, which calls the same store functions through [`on_handle`].
//!
//! The bot's reads of a card and Buy are units too (read-only ones): on the writer connection
//! they find its page cache warm, where a read-only connection would have dropped its own.

use std::{
    any::Any,
    fmt,
    time::{Duration, Instant},
};

use futures::future::BoxFuture;
use sqlx::{Connection, SqliteConnection, SqlitePool, sqlite::LockedSqliteHandle};
use tokio::sync::{mpsc, oneshot};

use crate::error::{Error, Result};

/// The most units one transaction takes; more wait for the next.
const MOST_AT_ONCE: usize = 256;

type Output = Box<dyn Any + Send>;
type Trips =
    Box<dyn for<'c> FnMut(&'c mut SqliteConnection) -> BoxFuture<'c, Result<Output>> + Send>;
type Direct = Box<dyn FnMut(&rusqlite::Connection) -> Result<Output> + Send>;

enum Work {
    /// Through sqlx, a trip to the connection's thread a statement.
    Trips(Trips),
    /// On the connection's own handle.
    Direct(Direct),
}

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
        let work: Trips = Box::new(move |conn| {
            let fut = work(conn);
            Box::pin(async move { fut.await.map(|t| Box::new(t) as Output) })
        });
        self.send(Work::Trips(work)).await
    }

    /// Runs `work` on the writer's own SQLite handle, in a transaction it may share with others,
    /// and returns its result once that transaction committed. `work` runs its statements with
    /// `execute_direct!` (in `db`) and must not begin, commit or roll back; like [`Self::run`]'s,
    /// it may run twice (the first time rolled back).
    pub async fn run_direct<T, F>(&self, mut work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnMut(&rusqlite::Connection) -> Result<T> + Send + 'static,
    {
        let work: Direct = Box::new(move |db| work(db).map(|t| Box::new(t) as Output));
        self.send(Work::Direct(work)).await
    }

    async fn send<T: 'static>(&self, work: Work) -> Result<T> {
        let (done, result) = oneshot::channel();
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
        // The direct units' connection on the writer's handle, kept while the committer keeps
        // the writer: its statements stay prepared from one group to the next.
        let mut kept = None;
        loop {
            run_group(&mut conn, &mut units, &mut kept).await;
            if held.elapsed() >= HOLD {
                break;
            }
            let more = tokio::time::timeout(LINGER, rx.recv_many(&mut units, MOST_AT_ONCE));
            match more.await {
                Ok(n) if n > 0 => {}
                _ => break,
            }
        }
        // Its statements are finalized before the writer goes back to the pool, which may
        // close it (SQLite does not close a connection with statements left).
        if let Some(kept) = kept {
            match conn.lock_handle().await {
                Ok(mut handle) => kept.close(&mut handle),
                Err(e) => {
                    tracing::error!(error = %e, "the writer's handle could not be locked");
                    drop(kept);
                }
            }
        }
    }
}

/// The units together in one transaction; when that fails, each alone.
async fn run_group(conn: &mut SqliteConnection, units: &mut Vec<Unit>, kept: &mut Option<Kept>) {
    tracing::trace!(units = units.len(), "a group of writes");
    if units.len() > 1 {
        match together(conn, units, kept).await {
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
        let out = alone(conn, &mut unit.work, kept).await;
        let _ = unit.done.send(out);
    }
}

async fn together(
    conn: &mut SqliteConnection,
    units: &mut [Unit],
    kept: &mut Option<Kept>,
) -> Result<Vec<Output>> {
    let mut tx = conn.begin().await?;
    let mut outs: Vec<Option<Output>> = units.iter().map(|_| None).collect();
    // The direct units first, on one lock of the handle: one trip for all of them.
    if units.iter().any(|u| matches!(u.work, Work::Direct(_))) {
        let mut handle = tx.lock_handle().await?;
        let db = Kept::on(kept, &mut handle)?;
        for (unit, out) in units.iter_mut().zip(outs.iter_mut()) {
            if let Work::Direct(work) = &mut unit.work {
                *out = Some(work(db)?);
            }
        }
    }
    for (unit, out) in units.iter_mut().zip(outs.iter_mut()) {
        if let Work::Trips(work) = &mut unit.work {
            *out = Some(work(&mut tx).await?);
        }
    }
    tx.commit().await?;
    Ok(outs
        .into_iter()
        .map(|out| out.expect("every unit ran"))
        .collect())
}

async fn alone(
    conn: &mut SqliteConnection,
    work: &mut Work,
    kept: &mut Option<Kept>,
) -> Result<Output> {
    let mut tx = conn.begin().await?;
    let out = match work {
        Work::Trips(work) => work(&mut tx).await?,
        Work::Direct(work) => {
            let mut handle = tx.lock_handle().await?;
            work(Kept::on(kept, &mut handle)?)?
        }
    };
    tx.commit().await?;
    Ok(out)
}

/// A `rusqlite` connection over the writer's SQLite handle, for no longer than sqlx's lock on
/// that handle is held (the borrow of `handle`).
struct OnHandle<'h> {
    db: rusqlite::Connection,
    _lock: std::marker::PhantomData<&'h mut ()>,
}

impl<'h> OnHandle<'h> {
    fn new(handle: &'h mut LockedSqliteHandle<'_>) -> Result<OnHandle<'h>> {
        // SAFETY: this value does not outlive 'h, the lock; the statements it prepared (its
        // cache) are finalized when it drops, inside 'h.
        let db = unsafe { connection_on(handle)? };
        Ok(OnHandle {
            db,
            _lock: std::marker::PhantomData,
        })
    }
}

/// The statements a direct unit prepares (`prepare_cached`) that a connection keeps; more
/// than the shop has, so that none is prepared twice.
const STATEMENTS_KEPT: usize = 128;

/// A `rusqlite` connection over the locked handle, keeping [`STATEMENTS_KEPT`] statements. It
/// never closes the handle.
///
/// # Safety
/// The handle is a live connection that sqlx's lock gives this thread alone while it is held.
/// The connection returned must be used only while the handle is locked, and dropped (which
/// finalizes its statements) while it is locked too or while nothing else can use the handle.
unsafe fn connection_on(handle: &mut LockedSqliteHandle<'_>) -> Result<rusqlite::Connection> {
    // SAFETY: the caller keeps to the terms above.
    let db = unsafe { rusqlite::Connection::from_handle(handle.as_raw_handle().as_ptr())? };
    db.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
    Ok(db)
}

/// A `rusqlite` connection over the writer's handle that the committer keeps from one group to
/// the next while it keeps the writer, so that its statements stay prepared. It is used only
/// while sqlx's lock on the handle is held (`on` takes the lock), and closed under one.
struct Kept {
    db: rusqlite::Connection,
}

impl Kept {
    /// The kept connection (made now if there is none), for as long as `handle` is locked.
    fn on<'h>(
        kept: &'h mut Option<Kept>,
        handle: &'h mut LockedSqliteHandle<'_>,
    ) -> Result<&'h rusqlite::Connection> {
        if kept.is_none() {
            // SAFETY: the connection is used only through `on`, while `handle` is locked, and
            // finalizes its statements in `close`, under a lock, or when the committer unwinds
            // (its writer then idle: no unit is running).
            *kept = Some(Kept {
                db: unsafe { connection_on(handle)? },
            });
        }
        Ok(&kept.as_ref().expect("made above").db)
    }

    /// Finalizes the statements, under a lock of the handle.
    fn close(self, _handle: &mut LockedSqliteHandle<'_>) {
        drop(self.db);
    }
}

impl std::ops::Deref for OnHandle<'_> {
    type Target = rusqlite::Connection;

    fn deref(&self) -> &rusqlite::Connection {
        &self.db
    }
}

/// Runs `work` on `conn`'s own SQLite handle (one trip to lock it): the way a sqlx transaction
/// calls a store function written for direct units. Its statements are prepared for this call.
pub async fn on_handle<T>(
    conn: &mut SqliteConnection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> Result<T> {
    let mut handle = conn.lock_handle().await?;
    let db = OnHandle::new(&mut handle)?;
    work(&db)
}

/// Runs `work` in a savepoint of the direct unit's transaction: `None` (work that is not
/// for this path after all) or an error undoes what it wrote, and the unit goes on.
pub fn attempt<T>(
    db: &rusqlite::Connection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<Option<T>>,
) -> Result<Option<T>> {
    let run = |sql| db.prepare_cached(sql).and_then(|mut s| s.execute([]));
    run("SAVEPOINT attempt")?;
    let out = work(db);
    if !matches!(out, Ok(Some(_))) {
        run("ROLLBACK TO attempt")?;
    }
    run("RELEASE attempt")?;
    out
}

/// The row a statement always returns (an insert's `RETURNING`, a count), as `fetch_direct!`
/// read it.
pub fn one<T>(row: Option<T>) -> Result<T> {
    row.ok_or_else(|| rusqlite::Error::QueryReturnedNoRows.into())
}

/// `fetch_direct!`'s type check: the output of a future that is never run.
pub fn output_of<T>(_never_run: impl std::future::Future<Output = T>) -> Option<T> {
    None
}

/// `value`, typed as the `Option` says (`fetch_direct!`'s columns take sqlx's types).
pub fn typed_as<T>(_type: Option<T>, value: T) -> T {
    value
}

/// A value of any type, in code that never runs (`fetch_direct!`'s check).
pub fn unreachable<T>() -> T {
    unreachable!("only in code that never runs")
}

/// Whether a statement's columns are `names` in order, as sqlx names a record's fields (the
/// alias without its `!`, `?` or `: Type`).
pub fn columns_are(statement: &rusqlite::Statement<'_>, names: &[&str]) -> bool {
    let columns = statement.column_names();
    columns.len() == names.len()
        && columns.iter().zip(names).all(|(column, name)| {
            let alias = column.split(':').next().unwrap_or_default();
            alias.trim().trim_end_matches(['!', '?']) == *name
        })
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

    fn put_direct(
        k: i64,
        v: &'static str,
    ) -> impl FnMut(&rusqlite::Connection) -> Result<i64> + Send + 'static {
        move |db| {
            db.execute("INSERT INTO t (k, v) VALUES (?, ?)", (k, v))?;
            Ok(k)
        }
    }

    #[tokio::test]
    async fn direct_units_and_trips_share_a_group_and_a_failing_one_fails_alone() {
        let (_dir, store) = store().await;
        let (units, rx) = mpsc::unbounded_channel();
        let commits = GroupCommit { units };
        // One group: trips and direct units mixed, the fourth breaking the key of the first.
        let direct = |k, v| commits.run_direct(put_direct(k, v));
        let trips = |k, v| commits.run(put(k, v));
        let mut all = Box::pin(futures::future::join5(
            trips(1, "a"),
            direct(2, "b"),
            trips(3, "c"),
            direct(1, "again"),
            direct(4, "d"),
        ));
        assert!(futures::poll!(&mut all).is_pending());
        tokio::spawn(serve(store.write.clone(), rx));
        let (a, b, c, again, d) = all.await;
        assert_eq!(
            (a.unwrap(), b.unwrap(), c.unwrap(), d.unwrap()),
            (1, 2, 3, 4)
        );
        let e = again.unwrap_err();
        assert!(matches!(e, Error::Direct(_)), "{e:?}");
        let rows: Vec<(i64, String)> = sqlx::query_as("SELECT k, v FROM t ORDER BY k")
            .fetch_all(&store.read)
            .await
            .unwrap();
        let want = [(1, "a"), (2, "b"), (3, "c"), (4, "d")].map(|(k, v)| (k, v.to_string()));
        assert_eq!(rows, want);
        // The writer goes on through sqlx and directly, the handle unharmed.
        assert_eq!(commits.run_direct(put_direct(5, "e")).await.unwrap(), 5);
        assert_eq!(commits.run(put(6, "f")).await.unwrap(), 6);
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&store.write)
            .await
            .unwrap();
        assert_eq!(n, 6);
    }

    #[tokio::test]
    async fn a_direct_unit_alone_is_rolled_back_when_it_fails() {
        let (_dir, store) = store().await;
        let commits = GroupCommit::start(store.write.clone());
        let e = commits
            .run_direct(|db| {
                db.execute("INSERT INTO t (k, v) VALUES (7, 'kept?')", ())?;
                db.execute("INSERT INTO t (k, v) VALUES (7, 'twice')", ())?;
                Ok(())
            })
            .await
            .unwrap_err();
        assert_eq!(e.code(), "storage");
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&store.read)
            .await
            .unwrap();
        assert_eq!(n, 0, "nothing of a failed unit is written");
    }
}
