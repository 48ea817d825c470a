//! Refunds of many orders at once. The batch and each of its orders are written down before the
//! first refund goes out, and each order's outcome as it comes: a batch cut short (the window
//! closed, the app stopped) is resumed where it stopped, and no order is refunded twice.

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use super::{Refunded, Who, Why, refund};
use crate::{
    audit::Actor,
    db::{self, Store, now},
    error::{Error, Result},
    events::AppEvent,
    orders::Order,
    shop::Shop,
    telegram::Telegram,
    texts,
};

/// The most orders one batch refunds.
pub const MAX_ORDERS: usize = 5000;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Pending,
    /// Refunded by this batch.
    Refunded,
    /// Refunded before (by someone else, or by Telegram's own report).
    Already,
    Failed,
    /// Not refunded: the batch was stopped.
    Skipped,
}

impl ItemState {
    fn parse(s: &str) -> ItemState {
        match s {
            "refunded" => ItemState::Refunded,
            "already" => ItemState::Already,
            "failed" => ItemState::Failed,
            "skipped" => ItemState::Skipped,
            _ => ItemState::Pending,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            ItemState::Pending => "pending",
            ItemState::Refunded => "refunded",
            ItemState::Already => "already",
            ItemState::Failed => "failed",
            ItemState::Skipped => "skipped",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BatchItem {
    pub order_id: i64,
    pub state: ItemState,
    pub message: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BatchState {
    Running,
    Finished,
    Discarded,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefundBatch {
    pub id: i64,
    pub state: BatchState,
    pub actor: Actor,
    pub actor_name: String,
    pub reason: String,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub total: i64,
    pub done: i64,
    pub failed: i64,
    pub items: Vec<BatchItem>,
    /// Running now in this process; an unfinished batch that is not was cut short.
    pub running_here: bool,
}

/// Writes a batch down: its orders, in the order given, each once.
pub async fn create(store: &Store, who: &Who, order_ids: &[i64], why: &Why) -> Result<i64> {
    if order_ids.is_empty() {
        return Err(Error::invalid("Select the orders to refund first."));
    }
    if order_ids.len() > MAX_ORDERS {
        return Err(Error::invalid(format!(
            "At most {MAX_ORDERS} orders can be refunded at once."
        )));
    }
    let mut tx = store.write.begin().await?;
    let id =
        db::refunds::insert_batch(&mut *tx, who, why.category.as_str(), &why.note, now()).await?;
    for (position, order_id) in order_ids.iter().enumerate() {
        db::refunds::insert_batch_item(&mut *tx, id, *order_id, position as i64).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Refunds the batch's pending orders one by one, reports each outcome as it comes, and tells
/// each customer. Safe to run again: finished orders are not touched.
///
/// The notices go out beside the refunds, in the batch's order, each in its turn in the shop's
/// pacer (Telegram allows a chat one message a second): the refunds do not wait for them, and
/// `run` returns when the last notice went out or failed (logged). A refund is recorded before
/// its notice is queued.
pub async fn run(shop: &Shop, telegram: &dyn Telegram, batch_id: i64) -> Result<RefundBatch> {
    let (notices, mut queued) = mpsc::unbounded_channel::<Order>();
    let telling = async {
        while let Some(order) = queued.recv().await {
            let l = crate::customers::lang(&shop.store.read, order.customer_id)
                .await
                .unwrap_or_default();
            let notice = texts::refunded(l, &order);
            super::tell(telegram, &order, notice).await;
        }
    };
    let (batch, ()) = tokio::join!(refund_all(shop, telegram, batch_id, notices), telling);
    batch
}

/// The refunds of `run`; each order refunded now goes to `notices`.
async fn refund_all(
    shop: &Shop,
    telegram: &dyn Telegram,
    batch_id: i64,
    notices: mpsc::UnboundedSender<Order>,
) -> Result<RefundBatch> {
    let row = db::refunds::batch(&shop.store.write, batch_id)
        .await?
        .ok_or(Error::NotFound("refund batch"))?;
    if row.state != "running" {
        return get(shop, batch_id).await;
    }
    let who = Who::new(
        Actor::parse(&row.actor).unwrap_or(Actor::Operator),
        row.actor_name.clone(),
    );
    let why = why_of(&row);
    let items = db::refunds::batch_items(&shop.store.write, batch_id).await?;
    let total = items.len() as i64;
    let mut done = items.iter().filter(|i| i.state != "pending").count() as i64;
    while let Some(order_id) = db::refunds::next_pending(&shop.store.write, batch_id).await? {
        let (state, message) = match refund(shop, telegram, order_id, &who, &why).await {
            Ok(Refunded::Now) => {
                if let Some(order) = db::orders::get(&shop.store.write, order_id).await? {
                    let _ = notices.send(order);
                }
                (ItemState::Refunded, "refunded".to_string())
            }
            Ok(Refunded::Before) => (ItemState::Already, "was refunded before".to_string()),
            Err(Error::NotFound(_)) => (ItemState::Failed, "no such order".to_string()),
            Err(e) => (ItemState::Failed, e.to_string()),
        };
        db::refunds::set_item(
            &shop.store.write,
            batch_id,
            order_id,
            state.as_str(),
            &message,
            now(),
        )
        .await?;
        done += 1;
        shop.emit(AppEvent::RefundBatchProgress {
            batch_id,
            order_id,
            state,
            message,
            done,
            total,
        });
    }
    // A batch stopped while it ran stays stopped; one that ran out of orders is finished.
    let stopped = db::refunds::batch(&shop.store.write, batch_id)
        .await?
        .is_some_and(|b| b.state == "discarded");
    if !stopped {
        db::refunds::set_batch_state(&shop.store.write, batch_id, "finished", Some(now())).await?;
    }
    let batch = get(shop, batch_id).await?;
    shop.emit(AppEvent::RefundBatchFinished {
        batch_id,
        refunded: batch
            .items
            .iter()
            .filter(|i| i.state == ItemState::Refunded)
            .count() as i64,
        failed: batch.failed,
    });
    Ok(batch)
}

/// A batch's failed orders go back in line (to run again).
pub async fn retry_failed(store: &Store, batch_id: i64) -> Result<()> {
    let mut tx = store.write.begin().await?;
    db::refunds::retry_failed(&mut *tx, batch_id).await?;
    db::refunds::set_batch_state(&mut *tx, batch_id, "running", None).await?;
    tx.commit().await?;
    Ok(())
}

/// Stops a batch: the orders not refunded yet are listed as not done.
pub async fn discard(shop: &Shop, batch_id: i64) -> Result<RefundBatch> {
    let mut tx = shop.store.write.begin().await?;
    db::refunds::skip_pending(&mut *tx, batch_id, now()).await?;
    db::refunds::set_batch_state(&mut *tx, batch_id, "discarded", Some(now())).await?;
    tx.commit().await?;
    get(shop, batch_id).await
}

/// Batches still running, or cut short: the window offers to resume the ones not running here.
pub async fn unfinished(shop: &Shop) -> Result<Vec<RefundBatch>> {
    let mut out = Vec::new();
    for id in db::refunds::running_batches(&shop.store.read).await? {
        out.push(get(shop, id).await?);
    }
    Ok(out)
}

/// The batch's reason: its category and the note written with it.
fn why_of(row: &db::refunds::BatchRow) -> Why {
    Why::new(
        super::Category::parse(&row.category).unwrap_or(super::Category::Other),
        row.reason.clone(),
    )
}

pub async fn get(shop: &Shop, batch_id: i64) -> Result<RefundBatch> {
    let store = &shop.store;
    let row = db::refunds::batch(&store.read, batch_id)
        .await?
        .ok_or(Error::NotFound("refund batch"))?;
    let items: Vec<BatchItem> = db::refunds::batch_items(&store.read, batch_id)
        .await?
        .into_iter()
        .map(|i| BatchItem {
            order_id: i.order_id,
            state: ItemState::parse(&i.state),
            message: i.message,
        })
        .collect();
    Ok(RefundBatch {
        id: row.id,
        state: match row.state.as_str() {
            "finished" => BatchState::Finished,
            "discarded" => BatchState::Discarded,
            _ => BatchState::Running,
        },
        actor: Actor::parse(&row.actor).unwrap_or(Actor::Operator),
        reason: why_of(&row).text(),
        actor_name: row.actor_name,
        created_at: row.created_at,
        finished_at: row.finished_at,
        total: items.len() as i64,
        done: items
            .iter()
            .filter(|i| i.state != ItemState::Pending)
            .count() as i64,
        failed: items
            .iter()
            .filter(|i| i.state == ItemState::Failed)
            .count() as i64,
        items,
        running_here: shop.batching.holds(batch_id),
    })
}
