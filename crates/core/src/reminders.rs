//! Reminders about an unfinished payment, only with consent. When an invoice expires unpaid, one
//! reminder is planned for later (2 hours by default) with a fresh Buy button, at most one per
//! customer and product a week. It goes out only to a customer who said yes: asked once, on the
//! first expired invoice's line; `/reminders` turns them on and off, `/stop` turns off every
//! message that is not an answer. Planned reminders are in the store: due ones go out once after
//! a restart too.

use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Line, Who},
    db::{self, Store, now},
    error::{Error, Result},
    pacer::Priority,
    shop::Shop,
    telegram::{SendError, Telegram},
    texts,
};

const ENABLED: &str = "reminders.enabled";
const AFTER_HOURS: &str = "reminders.after_hours";
pub const DEFAULT_AFTER_HOURS: i64 = 2;
pub const AFTER_HOURS_RANGE: std::ops::RangeInclusive<i64> = 1..=72;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReminderSettings {
    /// Reminders are planned at all (a customer still has to agree).
    pub enabled: bool,
    /// How long after an invoice expired its reminder goes out.
    pub after_hours: i64,
}

pub async fn settings(store: &Store) -> Result<ReminderSettings> {
    let enabled = db::settings::get(&store.read, ENABLED).await?;
    let hours = db::settings::get(&store.read, AFTER_HOURS).await?;
    Ok(ReminderSettings {
        enabled: enabled.as_deref() != Some("0"),
        after_hours: hours
            .and_then(|h| h.parse().ok())
            .filter(|h| AFTER_HOURS_RANGE.contains(h))
            .unwrap_or(DEFAULT_AFTER_HOURS),
    })
}

pub async fn set_settings(
    store: &Store,
    who: &Who,
    s: ReminderSettings,
) -> Result<ReminderSettings> {
    if !AFTER_HOURS_RANGE.contains(&s.after_hours) {
        return Err(Error::invalid(
            "A reminder goes out 1 to 72 hours after its invoice expired.",
        ));
    }
    let before = settings(store).await?;
    if before == s {
        return Ok(s);
    }
    let words = |s: ReminderSettings| match s.enabled {
        true => format!("on, {} h after expiry", s.after_hours),
        false => "off".to_string(),
    };
    let mut tx = store.write.begin().await?;
    db::settings::set(&mut *tx, ENABLED, if s.enabled { "1" } else { "0" }).await?;
    db::settings::set(&mut *tx, AFTER_HOURS, &s.after_hours.to_string()).await?;
    let line = Line {
        action: "settings.reminders",
        subject: "reminders about unfinished payments".into(),
        before: Some(words(before)),
        after: Some(words(s)),
        reason: "",
    };
    audit::record(&mut *tx, who, line).await?;
    tx.commit().await?;
    Ok(s)
}

/// The customer's answer to the question, or `/reminders`.
pub async fn set_consent(store: &Store, customer: i64, on: bool) -> Result<()> {
    db::reminders::set_reminders(&store.write, customer, on, now()).await
}

/// `/reminders`: turns them on when they were off or never asked, else off; the new state.
pub async fn toggle(store: &Store, customer: i64) -> Result<bool> {
    let now_on = db::reminders::consent(&store.read, customer)
        .await?
        .reminders
        != Some(true);
    set_consent(store, customer, now_on).await?;
    Ok(now_on)
}

/// `/stop`.
pub async fn stop(store: &Store, customer: i64) -> Result<()> {
    db::reminders::stop(&store.write, customer, now()).await
}

/// An invoice of `customer` for `product` expired at `at`: plans its reminder when reminders
/// are on and the customer did not say no; true when the question should go with the expired
/// line (never asked, not stopped), noted as asked.
pub async fn after_expiry(
    shop: &Shop,
    invoice_id: i64,
    customer: i64,
    product: i64,
    at: i64,
) -> Result<bool> {
    let s = settings(&shop.store).await?;
    if !s.enabled {
        return Ok(false);
    }
    let consent = db::reminders::consent(&shop.store.read, customer).await?;
    if consent.stopped || consent.reminders == Some(false) {
        return Ok(false);
    }
    let due_at = at + s.after_hours * 3600;
    db::reminders::plan(&shop.store.write, invoice_id, customer, product, due_at).await?;
    Ok(consent.reminders.is_none()
        && !consent.asked
        && db::reminders::mark_asked(&shop.store.write, customer, now()).await?)
}

/// What a run of due reminders did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sent {
    pub sent: usize,
    pub skipped: usize,
}

/// Sends the reminders that are due to customers who agreed; skips the rest with the reason.
pub async fn send_due(shop: &Shop, tg: &dyn Telegram) -> Result<Sent> {
    let at = shop.clock.now().await;
    let mut done = Sent::default();
    loop {
        let due = db::reminders::due(&shop.store.read, at, 100).await?;
        for r in &due {
            let skip = if r.stopped {
                Some("stopped")
            } else if r.reminders != Some(true) {
                Some("not agreed")
            } else if r.bought_since {
                Some("bought since")
            } else if !r.on_sale {
                Some("not on sale")
            } else if r.sold_out {
                Some("sold out")
            } else {
                None
            };
            // Claimed (or skipped) before the send: a crash loses a reminder, never sends two.
            if !db::reminders::settle(&shop.store.write, r.id, skip, now()).await? {
                continue;
            }
            if skip.is_some() {
                done.skipped += 1;
                continue;
            }
            let l = crate::customers::lang(&shop.store.read, r.customer_id).await?;
            let message = serde_json::json!({
                "chat_id": r.customer_id,
                "text": texts::reminder(l, &r.product_title, r.price),
                "parse_mode": "HTML",
                "reply_markup": {"inline_keyboard": [[{
                    "text": texts::buy_for(l, r.price),
                    "callback_data": crate::bot::Callback::Buy(r.product_id).to_string(),
                }]]},
            });
            match tg.call_at(Priority::Reminder, "sendMessage", message).await {
                Ok(_) => done.sent += 1,
                Err(SendError::Refused(e)) => {
                    tracing::info!(error = %e, customer = r.customer_id, "reminder refused by Telegram");
                }
                Err(e) => return Err(Error::Telegram(e.to_string())),
            }
        }
        if due.len() < 100 {
            break;
        }
    }
    Ok(done)
}
