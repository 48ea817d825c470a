//! The update inbox: every update is stored before Telegram is told it was received, and marked
//! done only after its handler finished, so a crash replays what was not finished.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use teloxide::types::Update;
use tokio::sync::mpsc;

use crate::{
    error::Result,
    store::{Store, now},
};

/// Stores a fetched batch in one transaction; returns the updates seen for the first time.
pub async fn store_batch(store: &Store, updates: Vec<Update>) -> Result<Vec<Update>> {
    if updates.is_empty() {
        return Ok(updates);
    }
    let at = now();
    let mut fresh = Vec::with_capacity(updates.len());
    let mut tx = store.write.begin().await?;
    for update in updates {
        let id = i64::from(update.id.0);
        let body = serde_json::to_string(&update).expect("an update serialises");
        let done = sqlx::query!(
            "INSERT INTO inbox (update_id, body, received_at) VALUES (?, ?, ?)
             ON CONFLICT (update_id) DO NOTHING",
            id,
            body,
            at
        )
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            fresh.push(update);
        }
    }
    tx.commit().await?;
    Ok(fresh)
}

/// Updates stored but not finished: what a crash interrupted.
pub async fn unfinished(store: &Store) -> Result<Vec<Update>> {
    let rows =
        sqlx::query_scalar!("SELECT body FROM inbox WHERE state = 'pending' ORDER BY update_id")
            .fetch_all(&store.write)
            .await?;
    Ok(rows
        .iter()
        .filter_map(|body| match serde_json::from_str::<Update>(body) {
            Ok(u) => Some(u),
            Err(e) => {
                tracing::error!(error = %e, "an inbox update no longer parses; skipped");
                None
            }
        })
        .collect())
}

/// Done updates are kept a while for the record; Telegram itself forgets them after 24 h.
pub async fn prune(store: &Store) -> Result<u64> {
    let before = now() - 3 * 24 * 3600;
    let done = sqlx::query!(
        "DELETE FROM inbox WHERE state = 'done' AND done_at < ?",
        before
    )
    .execute(&store.write)
    .await?;
    Ok(done.rows_affected())
}

async fn mark_done(store: &Store, ids: &[i64]) -> Result<()> {
    let at = now();
    let list = serde_json::to_string(ids).expect("ids serialise");
    sqlx::query!(
        "UPDATE inbox SET state = 'done', done_at = ? WHERE update_id IN (SELECT value FROM json_each(?))",
        at,
        list
    )
    .execute(&store.write)
    .await?;
    Ok(())
}

/// Held by a handler while it works on an update; when the last copy drops, the update is done
/// (unless the handler asked to keep it for the next start).
#[derive(Clone)]
pub struct Ticket(Arc<TicketInner>);

pub struct TicketInner {
    update_id: i64,
    keep: AtomicBool,
    done: mpsc::UnboundedSender<i64>,
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
            let _ = self.done.send(self.update_id);
        }
    }
}

/// Hands out tickets and writes the finished ones in batches.
#[derive(Clone)]
pub struct Finisher {
    done: mpsc::UnboundedSender<i64>,
}

impl Finisher {
    pub fn start(store: Store) -> Finisher {
        let (done, mut rx) = mpsc::unbounded_channel::<i64>();
        tokio::spawn(async move {
            let mut batch = Vec::new();
            while let Some(first) = rx.recv().await {
                batch.push(first);
                while let Ok(more) = rx.try_recv() {
                    batch.push(more);
                }
                if let Err(e) = mark_done(&store, &batch).await {
                    tracing::error!(error = %e, "could not mark updates done; they will run again");
                }
                batch.clear();
            }
        });
        Finisher { done }
    }

    pub fn ticket(&self, update: &Update) -> Ticket {
        Ticket(Arc::new(TicketInner {
            update_id: i64::from(update.id.0),
            keep: AtomicBool::new(false),
            done: self.done.clone(),
        }))
    }
}
