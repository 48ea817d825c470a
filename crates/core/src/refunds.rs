//! Refunds: one function for the bot, the window, reconciliation and stardeskd. Telegram refunds
//! a Stars payment in full only; a refund is recorded once per order with who asked and why, in
//! one transaction with the order's status and the revenue rollup, however often it is asked for.

pub use crate::audit::Actor;
use crate::{
    db::{self, day_of, now},
    error::{Error, Result},
    events::AppEvent,
    orders::{Order, Status},
    shop::Shop,
    telegram::{SendError, Telegram},
    texts,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refunded {
    /// This call refunded the order.
    Now,
    /// It was refunded before (here, or elsewhere and now recorded).
    Before,
}

/// Refunds an order's Stars in full through Telegram and records it. Telegram's
/// `CHARGE_ALREADY_REFUNDED` means the Stars went back already: recorded as done, not an error.
pub async fn refund(
    shop: &Shop,
    telegram: &dyn Telegram,
    order_id: i64,
    actor: Actor,
    reason: &str,
) -> Result<Refunded> {
    let order = db::orders::get(&shop.store.write, order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    if order.status == Status::Refunded {
        return Ok(Refunded::Before);
    }
    let refunded_now = match telegram
        .refund_star_payment(order.customer_id, order.charge_id.clone())
        .await
    {
        Ok(()) => true,
        Err(SendError::Refused(m)) if m.contains("CHARGE_ALREADY_REFUNDED") => false,
        Err(e) => return Err(Error::Telegram(e.to_string())),
    };
    if record(shop, &order, actor, reason).await? {
        return Ok(Refunded::Now);
    }
    if !refunded_now {
        return Ok(Refunded::Before);
    }
    // Telegram's `refunded_payment` update for this very refund was handled first and recorded
    // it as made elsewhere: it was made here, by `actor`, for `reason`.
    let mut tx = shop.store.write.begin().await?;
    if db::refunds::attribute(&mut *tx, order.id, actor.as_str(), reason).await? {
        db::orders::set_refund_reason(&mut *tx, order.id, reason).await?;
    }
    tx.commit().await?;
    Ok(Refunded::Now)
}

/// A refund someone asked for (support staff, stardeskd): done once, and the customer is told
/// in the chat. Telegram refunds the whole amount; there is no partial refund.
pub async fn refund_and_tell(
    shop: &Shop,
    telegram: &dyn Telegram,
    order_id: i64,
    actor: Actor,
    reason: &str,
) -> Result<Refunded> {
    let done = refund(shop, telegram, order_id, actor, reason).await?;
    if done == Refunded::Now
        && let Some(order) = db::orders::get(&shop.store.write, order_id).await?
        && let Err(e) = telegram
            .send_html(order.customer_id, texts::refunded(&order))
            .await
    {
        // The Stars are back either way; the customer sees Telegram's own refund notice.
        tracing::warn!(order = order_id, error = %e, "the customer was not told of the refund");
    }
    Ok(done)
}

/// Records a refund made elsewhere (a `refunded_payment` update, Telegram's ledger) by its
/// charge id; true when this call recorded it.
pub async fn record_by_charge(
    shop: &Shop,
    charge_id: &str,
    actor: Actor,
    reason: &str,
) -> Result<bool> {
    match db::orders::by_charge(&shop.store.write, charge_id).await? {
        Some(order) => record(shop, &order, actor, reason).await,
        None => Ok(false),
    }
}

/// The order refunded, the refund recorded and the day's revenue corrected, in one transaction;
/// true when this call recorded it. A refunded code never goes back on sale: the customer has
/// seen it.
async fn record(shop: &Shop, order: &Order, actor: Actor, reason: &str) -> Result<bool> {
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    if !db::orders::mark_refunded(&mut *tx, order.id, reason, at).await? {
        return Ok(false);
    }
    db::refunds::insert(&mut *tx, order, actor.as_str(), reason, at).await?;
    db::revenue::add_refund(&mut *tx, &day_of(order.created_at), order.stars).await?;
    tx.commit().await?;
    shop.emit(AppEvent::OrderRefunded {
        order_id: order.id,
        reason: reason.to_string(),
    });
    Ok(true)
}
