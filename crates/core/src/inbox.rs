//! The update inbox: every update is stored before Telegram is told it was received, and marked
//! done only after its handler finished, so a crash replays what was not finished.
//!
//! An update is keyed by the bot, Telegram's update id and a digest of the update itself: the
//! same update delivered again is recognised, while a new sequence that reuses old ids (a
//! restarted simulator; Telegram after a week without updates) is not mistaken for it. Handlers
//! see each update under its inbox row id, which is what marks it done.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use sha2::{Digest, Sha256};
use teloxide::types::{Update, UpdateId};
use tokio::sync::{mpsc, oneshot};

use crate::{
    db::{self, Store, now},
    error::Result,
};

/// Done updates are kept this long; Telegram itself forgets an update after 24 hours, so none
/// older can arrive again.
pub const KEEP_DONE_SECONDS: i64 = 25 * 3600;

/// The update under its inbox row id.
fn as_row(mut update: Update, row_id: i64) -> Update {
    update.id = UpdateId(row_id as u32);
    update
}

/// Stores a fetched batch in one transaction; returns the updates seen for the first time, each
/// under its inbox row id.
pub async fn store_batch(store: &Store, bot_id: i64, updates: Vec<Update>) -> Result<Vec<Update>> {
    if updates.is_empty() {
        return Ok(updates);
    }
    let at = now();
    let rows: Vec<(i64, String, String)> = updates
        .iter()
        .map(|update| {
            let body = serde_json::to_string(update).expect("an update serialises");
            let digest = hex::encode(&Sha256::digest(body.as_bytes())[..16]);
            (i64::from(update.id.0), digest, body)
        })
        .collect();
    let rows = std::sync::Arc::new(rows);
    // In the transaction of the payments and holds waiting for the writer at the same moment.
    let stored = store
        .commits
        .run(move |tx| {
            let rows = rows.clone();
            Box::pin(async move {
                let mut stored = Vec::with_capacity(rows.len());
                for (id, digest, body) in rows.iter() {
                    stored.push(db::inbox::insert(&mut *tx, bot_id, *id, digest, body, at).await?);
                }
                Ok(stored)
            })
        })
        .await?;
    Ok(updates
        .into_iter()
        .zip(stored)
        .filter_map(|(update, row)| row.map(|row| as_row(update, row)))
        .collect())
}

/// Updates stored but not finished: what a crash interrupted, under their inbox row ids.
pub async fn unfinished(store: &Store, bot_id: i64) -> Result<Vec<Update>> {
    let rows = db::inbox::unfinished(&store.write, bot_id).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(row, body)| match serde_json::from_str::<Update>(&body) {
            Ok(u) => Some(as_row(u, row)),
            Err(e) => {
                tracing::error!(error = %e, "an inbox update no longer parses; skipped");
                None
            }
        })
        .collect())
}

/// Forgets updates done long enough ago that Telegram cannot send them again.
pub async fn prune(store: &Store) -> Result<u64> {
    db::inbox::prune(&store.write, now() - KEEP_DONE_SECONDS).await
}

/// Held by a handler while it works on an update; when the last copy drops, the update is done
/// (unless the handler asked to keep it for the next start, or the runtime stopped it halfway).
#[derive(Clone)]
pub struct Ticket(Arc<TicketInner>);

pub struct TicketInner {
    row_id: i64,
    keep: AtomicBool,
    finisher: Finisher,
}

impl Ticket {
    /// The handler could not finish (the store failed): run this update again on the next start.
    pub fn keep(&self) {
        self.0.keep.store(true, Ordering::Relaxed);
    }
}

impl Drop for TicketInner {
    fn drop(&mut self) {
        if !self.keep.load(Ordering::Relaxed) {
            self.finisher.mark(self.row_id);
        }
    }
}

enum Finished {
    Done(i64),
    /// Everything sent before this is written: tell the sender.
    Flushed(oneshot::Sender<()>),
}

/// Hands out tickets and writes the finished ones in batches.
#[derive(Clone)]
pub struct Finisher {
    tx: mpsc::UnboundedSender<Finished>,
    /// Once closed, a dropped ticket no longer marks its update done: the runtime closes it
    /// before it stops the handlers still running, whose updates must run again.
    closed: Arc<AtomicBool>,
}

impl Finisher {
    pub fn start(store: Store) -> Finisher {
        let (tx, mut rx) = mpsc::unbounded_channel::<Finished>();
        tokio::spawn(async move {
            let mut batch = Vec::new();
            let mut flushed = Vec::new();
            while let Some(first) = rx.recv().await {
                let mut next = Some(first);
                while let Some(item) = next {
                    match item {
                        Finished::Done(id) => batch.push(id),
                        Finished::Flushed(tell) => flushed.push(tell),
                    }
                    next = rx.try_recv().ok();
                }
                let done = std::mem::take(&mut batch);
                let at = now();
                if !done.is_empty()
                    && let Err(e) = store
                        .commits
                        .run(move |tx| {
                            let done = done.clone();
                            Box::pin(async move { db::inbox::mark_done(tx, &done, at).await })
                        })
                        .await
                {
                    tracing::error!(error = %e, "could not mark updates done; they will run again");
                }
                for tell in flushed.drain(..) {
                    let _ = tell.send(());
                }
            }
        });
        Finisher {
            tx,
            closed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The ticket of an update the listener handed out (its id is the inbox row id).
    pub fn ticket(&self, update: &Update) -> Ticket {
        Ticket(Arc::new(TicketInner {
            row_id: i64::from(update.id.0),
            keep: AtomicBool::new(false),
            finisher: self.clone(),
        }))
    }

    /// An update that needs no handler (one the listener ignores) is done at once.
    pub fn done(&self, update: &Update) {
        self.mark(i64::from(update.id.0));
    }

    fn mark(&self, row_id: i64) {
        if !self.closed.load(Ordering::Acquire) {
            let _ = self.tx.send(Finished::Done(row_id));
        }
    }

    /// Marks nothing done from now on, and resolves once what finished before is written.
    pub fn close(&self) -> impl std::future::Future<Output = ()> + use<> {
        self.closed.store(true, Ordering::Release);
        let (tell, written) = oneshot::channel();
        let sent = self.tx.send(Finished::Flushed(tell)).is_ok();
        async move {
            if sent {
                let _ = written.await;
            }
        }
    }
}
