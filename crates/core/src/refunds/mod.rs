//! Refunds: one function for the bot, the window, reconciliation and stardeskd. Telegram refunds
//! a Stars payment in full only; a refund is recorded once per order with who asked and why, in
//! one transaction with the order's status, the revoked code, the channel access to end, the
//! revenue rollup and the audit line, however often it is asked for.

pub mod batch;
pub mod policy;

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
};

use serde::{Deserialize, Serialize};

pub use crate::audit::{Actor, Who};
use crate::{
    audit::{self, Line},
    db::{self, Store, day_of, now},
    error::{Error, Result},
    events::AppEvent,
    orders::{Order, Status},
    pacer::Priority,
    shop::Shop,
    telegram::{SendError, Telegram},
    texts,
};

/// Why an order is refunded, as the refund dialog offers it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    CustomerRequest,
    NotDelivered,
    Duplicate,
    Fraud,
    Other,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::CustomerRequest => "customer_request",
            Category::NotDelivered => "not_delivered",
            Category::Duplicate => "duplicate",
            Category::Fraud => "fraud",
            Category::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::CustomerRequest => "customer request",
            Category::NotDelivered => "not delivered",
            Category::Duplicate => "duplicate purchase",
            Category::Fraud => "suspected fraud",
            Category::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        [
            Category::CustomerRequest,
            Category::NotDelivered,
            Category::Duplicate,
            Category::Fraud,
            Category::Other,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// The reason of a refund: its kind and the words that go with it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Why {
    pub category: Category,
    /// A note: required with "other", optional otherwise.
    pub note: String,
}

/// The longest note on a refund.
pub const MAX_NOTE: usize = 500;

impl Why {
    pub fn new(category: Category, note: impl Into<String>) -> Why {
        Why {
            category,
            note: note.into(),
        }
    }

    /// The reason as one line: "customer request: wrong region".
    pub fn text(&self) -> String {
        let note = self.note.trim();
        if note.is_empty() {
            self.category.label().to_string()
        } else if self.category == Category::Other {
            note.to_string()
        } else {
            format!("{}: {note}", self.category.label())
        }
    }

    /// A reason someone typed: "other" needs a note, a note fits in 500 characters.
    pub fn checked(self) -> Result<Why> {
        let note = self.note.trim();
        if self.category == Category::Other && note.is_empty() {
            return Err(Error::invalid(
                "Say in a few words why the order is refunded.",
            ));
        }
        if note.chars().count() > MAX_NOTE {
            return Err(Error::invalid(
                "The note is too long: at most 500 characters.",
            ));
        }
        Ok(Why::new(self.category, note))
    }
}

/// What a refund did.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Refunded {
    /// This call refunded the order.
    Now,
    /// It was refunded before (here, or elsewhere and now recorded).
    Before,
}

/// Orders being refunded right now in this process: a double click or a second window waits
/// for nothing and refunds nothing twice.
#[derive(Default)]
pub struct InFlight(Mutex<HashSet<i64>>);

pub(crate) struct Claim {
    set: Arc<InFlight>,
    order_id: i64,
}

impl InFlight {
    pub(crate) fn claim(set: &Arc<InFlight>, order_id: i64) -> Option<Claim> {
        let mut ids = set.0.lock().unwrap_or_else(|p| p.into_inner());
        ids.insert(order_id).then(|| Claim {
            set: set.clone(),
            order_id,
        })
    }

    /// Whether `id` is claimed right now in this process.
    pub fn holds(&self, id: i64) -> bool {
        let ids = self.0.lock().unwrap_or_else(|p| p.into_inner());
        ids.contains(&id)
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut ids = self.set.0.lock().unwrap_or_else(|p| p.into_inner());
        ids.remove(&self.order_id);
    }
}

/// Telegram's refusal of a refund, in words the operator can act on.
fn refused(order: &Order, e: SendError) -> Error {
    let plain = match &e {
        SendError::Refused(m) if m.contains("BALANCE_TOO_LOW") => {
            // Stars from payments count towards the balance only after Telegram's hold.
            let after = (order.created_at + 21 * 86_400).max(now() + 86_400);
            format!(
                "Not refunded: your bot's Stars balance is too low for {} (Stars from recent \
                 payments may still be on hold). Try again after {}, or add Stars to the bot's \
                 balance.",
                crate::catalog::stars(order.stars),
                day_of(after)
            )
        }
        SendError::Refused(m) if m.contains("CHARGE_NOT_FOUND") => {
            "Not refunded: Telegram does not know this payment (it may belong to another bot). \
             Nothing was recorded."
                .to_string()
        }
        SendError::Refused(m) => {
            format!("Not refunded: Telegram refused ({m}). Nothing was recorded.")
        }
        SendError::GaveUp(_) => {
            "Not refunded: Telegram could not be reached. Nothing was recorded; try again."
                .to_string()
        }
    };
    tracing::warn!(order = order.id, error = %e, "refund refused");
    Error::NotRefunded(plain)
}

/// Refunds an order's Stars in full through Telegram and records it. Telegram's
/// `CHARGE_ALREADY_REFUNDED` means the Stars went back already: recorded as done, not an error.
pub async fn refund(
    shop: &Shop,
    telegram: &dyn Telegram,
    order_id: i64,
    who: &Who,
    why: &Why,
) -> Result<Refunded> {
    let order = db::orders::get(&shop.store.write, order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    if order.status == Status::Refunded {
        return Ok(Refunded::Before);
    }
    let Some(_claim) = InFlight::claim(&shop.refunding, order_id) else {
        return Err(Error::Conflict(format!(
            "Order #{order_id} is being refunded right now."
        )));
    };
    let reason = why.text();
    // An order paid wholly with store credit was never charged: its credit comes back with the
    // refund's record, and Telegram has nothing to refund.
    let credit_only = order.charge_id.starts_with(crate::payments::CREDIT_CHARGE);
    let refunded_now = if credit_only {
        true
    } else {
        match telegram
            .refund_star_payment(order.customer_id, order.charge_id.clone())
            .await
        {
            Ok(()) => true,
            Err(SendError::Refused(m)) if m.contains("CHARGE_ALREADY_REFUNDED") => false,
            Err(e) => return Err(refused(&order, e)),
        }
    };
    if refunded_now {
        crate::subscriptions::stop_renewal_after_refund(shop, telegram, order.id).await;
    }
    let done = if record(shop, &order, who, Some(why.category), &reason).await? {
        Refunded::Now
    } else if !refunded_now {
        Refunded::Before
    } else {
        // Telegram's `refunded_payment` update for this very refund was handled first and
        // recorded it as made elsewhere: it was made here, by `who`, for `why`.
        let mut tx = shop.store.write.begin().await?;
        if db::refunds::attribute(&mut *tx, order.id, who, why.category.as_str(), &reason).await? {
            db::orders::set_refund_reason(&mut *tx, order.id, &reason).await?;
            db::channel_access::attribute_removal(&mut *tx, order.id, who, &reason).await?;
            // The trail names who made it and why, beside Telegram's report of it.
            audit::record(&mut *tx, who, refund_line(&order, &reason)).await?;
        }
        tx.commit().await?;
        Refunded::Now
    };
    // Still under this refund's claim, so nothing else takes the buyer out at the same time.
    crate::channel_access::remove_after_refund(shop, telegram, order.id).await;
    Ok(done)
}

/// A refund someone asked for (support staff, stardeskd): done once, and the customer is told
/// in the chat. Telegram refunds the whole amount; there is no partial refund.
pub async fn refund_and_tell(
    shop: &Shop,
    telegram: &dyn Telegram,
    order_id: i64,
    who: &Who,
    why: &Why,
) -> Result<Refunded> {
    let done = refund(shop, telegram, order_id, who, why).await?;
    if done == Refunded::Now
        && let Some(order) = db::orders::get(&shop.store.write, order_id).await?
    {
        let l = crate::customers::lang(&shop.store.read, order.customer_id).await?;
        tell(telegram, &order, texts::refunded(l, &order)).await;
    }
    Ok(done)
}

/// Tells a customer something about their order; the Stars are back either way, and the customer
/// sees Telegram's own refund notice too.
pub(crate) async fn tell(telegram: &dyn Telegram, order: &Order, html: String) {
    if let Err(e) = telegram
        .send_html_at(Priority::Notice, order.customer_id, html)
        .await
    {
        tracing::warn!(order = order.id, error = %e, "the customer was not told");
    }
}

/// Records a refund made elsewhere (a `refunded_payment` update, Telegram's ledger) by its
/// charge id; true when this call recorded it.
pub async fn record_by_charge(
    shop: &Shop,
    charge_id: &str,
    who: &Who,
    reason: &str,
) -> Result<bool> {
    match db::orders::by_charge(&shop.store.write, charge_id).await? {
        Some(order) => record(shop, &order, who, None, reason).await,
        None => Ok(false),
    }
}

/// The reason recorded for a refund made in Telegram rather than here.
pub const OUTSIDE: &str = "refunded outside Stardesk";

/// The order refunded, its code revoked, its channel access claimed for ending, the refund
/// recorded, the day's revenue corrected and the audit line written, in one transaction; true
/// when this call recorded it. A refunded code never
/// goes back on sale: the customer has seen it.
async fn record(
    shop: &Shop,
    order: &Order,
    who: &Who,
    category: Option<Category>,
    reason: &str,
) -> Result<bool> {
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    if !db::orders::mark_refunded(&mut *tx, order.id, reason, at).await? {
        return Ok(false);
    }
    // A subscription's last payment refunded ends it; the expiry run takes access away.
    db::subscriptions::refunded(&mut tx, order.id, at).await?;
    let category = category.map(Category::as_str);
    db::refunds::insert(&mut *tx, order, who, category, reason, at).await?;
    db::codes::revoke_of_order(&mut *tx, order.id, at).await?;
    // A channel-access order's buyer leaves the channel: claimed here, carried out after.
    db::channel_access::claim_removal(&mut tx, order.id, who, reason, at).await?;
    // The referrer's commission on it is taken back; store credit it took is the customer's again.
    let reversed = crate::referrals::reverse(&mut tx, order, at).await?;
    crate::reports::count_refund(&mut tx, &shop.store.zone, order, reversed).await?;
    audit::record(&mut *tx, who, refund_line(order, reason)).await?;
    tx.commit().await?;
    shop.emit(AppEvent::OrderRefunded {
        order_id: order.id,
        reason: reason.to_string(),
    });
    Ok(true)
}

/// A refund's line in the audit trail.
fn refund_line<'a>(order: &Order, reason: &'a str) -> Line<'a> {
    Line {
        action: "refund",
        subject: format!("order #{}", order.id),
        before: Some(format!(
            "{}, {}",
            order.status.as_str(),
            crate::catalog::stars(order.stars)
        )),
        after: Some(format!("refunded, {}", crate::catalog::stars(order.stars))),
        reason,
    }
}

/// What a refund will do, for the dialog that asks for it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefundPreview {
    pub order_id: i64,
    pub stars: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub product_title: String,
    pub status: Status,
    /// What the customer loses, in words: "the code TJ-7 is revoked and never sold again".
    pub revokes: Vec<String>,
    /// What else the refund undoes, in words: a referrer's commission taken back, store
    /// credit given back.
    pub also: Vec<String>,
    /// A step-up code is needed (above the threshold, with an authenticator enrolled).
    pub needs_code: bool,
    pub refunds_90d: i64,
    pub total_spent: i64,
}

pub async fn preview(store: &Store, order_id: i64) -> Result<RefundPreview> {
    let order = db::orders::get(&store.read, order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    let customer = db::customers::get(&store.read, order.customer_id).await?;
    let mut revokes = Vec::new();
    if let Some(code) = db::codes::of_order(&store.read, order_id).await? {
        revokes.push(format!(
            "The code {code} is marked revoked and never sold again."
        ));
    }
    if let Some((sub_id, _)) = db::subscriptions::of_order(&store.read, order_id).await? {
        let latest = db::subscriptions::last_payment(&store.read, sub_id).await?;
        if latest == Some(order_id) {
            let plan_id = crate::subscriptions::subscriber(store, sub_id)
                .await?
                .plan_id;
            let channels = db::subscriptions::plan_channels(&store.read, plan_id)
                .await?
                .into_iter()
                .map(|c| c.title)
                .collect::<Vec<_>>();
            revokes.push(format!("Subscription #{sub_id} stops renewing."));
            if !channels.is_empty() {
                revokes.push(format!(
                    "Access to {} ends at the next expiry run.",
                    channels.join(", ")
                ));
            }
        }
    }
    if let Some(channel) = db::channel_access::of_order(&store.read, order_id).await? {
        revokes.push(format!("Access to {} ends.", channel.title));
    }
    let mut also = Vec::new();
    let (_, credit) = db::promos::pricing(&store.read, order_id).await?;
    if credit > 0 && order.stars == 0 {
        also.push(format!(
            "It was paid with store credit: {} of credit go back to the customer; Telegram refunds nothing.",
            crate::catalog::stars(credit)
        ));
    } else if credit > 0 {
        also.push(format!(
            "The {} of store credit it used go back to the customer.",
            crate::catalog::stars(credit)
        ));
    }
    if let Some((referrer, millis)) = db::referrals::commission_of(&store.read, order_id).await? {
        also.push(format!(
            "{referrer}'s referral commission of {} is taken back.",
            crate::referrals::stars_exact(millis)
        ));
    }
    let history = db::refunds::history(&store.read, order.customer_id, now() - 90 * 86_400).await?;
    Ok(RefundPreview {
        order_id,
        stars: order.stars,
        customer_id: order.customer_id,
        customer_name: customer
            .map(|c| c.first_name)
            .unwrap_or_else(|| format!("customer {}", order.customer_id)),
        product_title: order.product_title,
        status: order.status,
        revokes,
        also,
        needs_code: crate::stepup::required_for_refund(store, order.stars).await?,
        refunds_90d: history.refunds,
        total_spent: history.spent,
    })
}
