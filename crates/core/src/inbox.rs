//! The update inbox: every update is stored before Telegram is told it was received, and marked
//! done only after its handler finished, so a crash replays what was not finished.
//!
//! An update is keyed by the bot, Telegram's update id and a digest of the update itself: the
//! same update delivered again is recognised, while a new sequence that reuses old ids (a
//! restarted simulator; Telegram after a week without updates) is not mistaken for it. Handlers
//! see each update under its inbox row id, which is what marks it done.

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};

use sha2::{Digest, Sha256};
use teloxide::types::{Update, UpdateId, UpdateKind};
use tokio::sync::{mpsc, oneshot};

use crate::{
    db::{self, Store, now},
    error::Result,
};

/// Done updates are kept this long; Telegram itself forgets an update after 24 hours, so none
/// older can arrive again.
pub const KEEP_DONE_SECONDS: i64 = 25 * 3600;

/// The row "id" of an update handed out without being stored: its ticket marks nothing.
const UNSTORED: i64 = 0;

/// Splits a fetched batch into its pre-checkout queries, handed out at once under no row, and
/// the rest, which is stored. A pre-checkout query is a question Telegram waits 10 s for, and no
/// money has moved yet: one that a crash left unanswered is declined by Telegram and the
/// customer taps Pay again, while a stored one could only be answered after it expired. Its
/// answer is idempotent (a hold is keyed by the invoice), so one that Telegram sends again is
/// answered again.
pub fn answered_unstored(updates: Vec<Update>) -> (Vec<Update>, Vec<Update>) {
    let (questions, rest): (Vec<Update>, Vec<Update>) = updates
        .into_iter()
        .partition(|u| matches!(u.kind, UpdateKind::PreCheckoutQuery(_)));
    let questions = questions.into_iter().map(|u| as_row(u, UNSTORED)).collect();
    (questions, rest)
}

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
    /// A row as `db::inbox::insert_batch` reads it from the batch's JSON.
    #[derive(serde::Serialize)]
    struct Row<'a> {
        update_id: i64,
        digest: &'a str,
        body: &'a str,
    }
    let batch = serde_json::to_string(
        &rows
            .iter()
            .map(|(update_id, digest, body)| Row {
                update_id: *update_id,
                digest,
                body,
            })
            .collect::<Vec<_>>(),
    )
    .expect("a batch serialises");
    // One statement for the batch, in the transaction of the payments and holds waiting for
    // the writer at the same moment.
    let stored = store
        .commits
        .run(move |tx| {
            let batch = batch.clone();
            Box::pin(async move { db::inbox::insert_batch(&mut *tx, bot_id, &batch, at).await })
        })
        .await?;
    let mut new: HashMap<(i64, String), i64> = stored
        .into_iter()
        .map(|(update_id, digest, row)| ((update_id, digest), row))
        .collect();
    // An update twice in one batch is stored once and handled once: the first copy takes the row.
    Ok(updates
        .into_iter()
        .zip(rows)
        .filter_map(|(update, (id, digest, _))| {
            new.remove(&(id, digest)).map(|row| as_row(update, row))
        })
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
        if row_id != UNSTORED && !self.closed.load(Ordering::Acquire) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Read from text, as the listener reads Telegram's answer.
    fn update(v: serde_json::Value) -> Update {
        let update: Update = serde_json::from_str(&v.to_string()).unwrap();
        assert!(!matches!(update.kind, UpdateKind::Error(_)), "{v}");
        update
    }

    fn message(update_id: u32, text: &str) -> Update {
        update(serde_json::json!({
            "update_id": update_id,
            "message": {
                "message_id": 1, "date": 0, "text": text,
                "chat": { "id": 5, "type": "private", "first_name": "A" },
                "from": { "id": 5, "is_bot": false, "first_name": "A" },
            }
        }))
    }

    fn pre_checkout(update_id: u32) -> Update {
        update(serde_json::json!({
            "update_id": update_id,
            "pre_checkout_query": {
                "id": "q1", "currency": "XTR", "total_amount": 5, "invoice_payload": "p",
                "from": { "id": 5, "is_bot": false, "first_name": "A" },
            }
        }))
    }

    #[tokio::test]
    async fn a_batch_is_stored_in_order_once_and_an_update_twice_in_it_is_handed_out_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let batch = vec![
            message(7, "/shop"),
            message(7, "/shop"),
            message(8, "/help"),
        ];
        let fresh = store_batch(&store, 1, batch.clone()).await.unwrap();
        let rows: Vec<u32> = fresh.iter().map(|u| u.id.0).collect();
        assert_eq!(rows.len(), 2, "the copy is not handed out again");
        assert!(rows[0] < rows[1], "rows follow the batch's order: {rows:?}");
        assert_eq!(db::inbox::pending(&store.read).await.unwrap(), 2);
        // Telegram sends the same batch again: nothing new.
        assert!(store_batch(&store, 1, batch).await.unwrap().is_empty());
        // The same update id with other contents is another update (a new sequence of ids).
        assert_eq!(
            store_batch(&store, 1, vec![message(7, "/start")])
                .await
                .unwrap()
                .len(),
            1
        );
        let unfinished = unfinished(&store, 1).await.unwrap();
        assert_eq!(unfinished.len(), 3);
    }

    #[tokio::test]
    async fn pre_checkout_queries_are_handed_out_unstored_and_their_tickets_mark_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let (questions, rest) = answered_unstored(vec![
            message(3, "/shop"),
            pre_checkout(4),
            message(5, "/help"),
        ]);
        assert_eq!(questions.len(), 1);
        assert!(matches!(questions[0].kind, UpdateKind::PreCheckoutQuery(_)));
        assert_eq!(questions[0].id.0 as i64, UNSTORED);
        assert_eq!(rest.iter().map(|u| u.id.0).collect::<Vec<_>>(), [3, 5]);

        let stored = store_batch(&store, 1, rest).await.unwrap();
        let finisher = Finisher::start(store.clone());
        drop(finisher.ticket(&questions[0]));
        drop(finisher.ticket(&stored[0]));
        finisher.close().await;
        // The stored update its ticket finished is done; the unstored one touched no row.
        assert_eq!(db::inbox::pending(&store.read).await.unwrap(), 1);
        let left = unfinished(&store, 1).await.unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].id, stored[1].id);
    }
}
