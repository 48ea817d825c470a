//! Invoices with a timer. Each invoice sent in the chat is valid for the minutes the merchant
//! sets (Settings; 15 by default): its card says until when, its signed payload carries the
//! time, and pre-checkout refuses it after that. At expiry the expiry run deletes the invoice
//! and posts a short "expired" line with a fresh Buy button; once paid, the invoice is deleted
//! and the receipt stands in its place. The window lists invoices sent, paid and expired.

use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Line, Who},
    bot::Callback,
    db::{self, Store, invoices::NewInvoice, now},
    error::{Error, Result},
    pacer::Priority,
    reminders,
    shop::Shop,
    telegram::{SendError, Telegram},
    texts,
};

pub const MINUTES_SETTING: &str = "invoice_minutes";
pub const DEFAULT_MINUTES: i64 = 15;
/// From one minute to one day.
pub const MINUTES_RANGE: std::ops::RangeInclusive<i64> = 1..=1440;

/// How long an invoice stays valid, in minutes.
pub async fn minutes(store: &Store) -> Result<i64> {
    let setting = db::settings::get(&store.read, MINUTES_SETTING).await?;
    Ok(minutes_of(setting.as_deref()))
}

/// The minutes from their setting as stored (the default when unset or out of range).
pub fn minutes_of(setting: Option<&str>) -> i64 {
    setting
        .and_then(|v| v.parse().ok())
        .filter(|m| MINUTES_RANGE.contains(m))
        .unwrap_or(DEFAULT_MINUTES)
}

pub async fn set_minutes(store: &Store, who: &Who, minutes: i64) -> Result<i64> {
    if !MINUTES_RANGE.contains(&minutes) {
        return Err(Error::invalid(
            "An invoice stays valid for 1 to 1440 minutes (one day).",
        ));
    }
    let mut tx = store.write.begin().await?;
    let before = db::settings::get(&mut *tx, MINUTES_SETTING)
        .await?
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(DEFAULT_MINUTES);
    if before == minutes {
        return Ok(minutes);
    }
    db::settings::set(&mut *tx, MINUTES_SETTING, &minutes.to_string()).await?;
    let line = Line {
        action: "settings.invoice_minutes",
        subject: "how long an invoice stays valid".into(),
        before: Some(format!("{before} min")),
        after: Some(format!("{minutes} min")),
        reason: "",
    };
    audit::record(&mut *tx, who, line).await?;
    tx.commit().await?;
    Ok(minutes)
}

/// An invoice that went out, recorded with its place in the chat; the funnel counts it in the
/// same statement (a trigger).
pub async fn sent(shop: &Shop, invoice: &NewInvoice<'_>) -> Result<()> {
    let day = shop.store.zone.day_key(invoice.sent_at);
    let (payload, nonce) = (invoice.payload.to_string(), invoice.nonce.to_string());
    let (customer_id, product_id, chat_id, message_id, stars, sent_at, expires_at) = (
        invoice.customer_id,
        invoice.product_id,
        invoice.chat_id,
        invoice.message_id,
        invoice.stars,
        invoice.sent_at,
        invoice.expires_at,
    );
    shop.store
        .commits
        .run_direct(move |db| {
            let i = NewInvoice {
                payload: &payload,
                nonce: &nonce,
                customer_id,
                product_id,
                chat_id,
                message_id,
                stars,
                sent_at,
                expires_at,
            };
            db::invoices::insert(db, &i, &day)
        })
        .await
}

/// What an expiry run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Expired {
    /// Invoices settled as expired.
    pub expired: usize,
    /// "Expired" lines posted in place of an invoice.
    pub replaced: usize,
}

/// Settles the invoices whose time is over and replaces each in its chat (durable: an expired
/// invoice whose line did not go out is replaced at the next run, after a restart too).
pub async fn expire_due(shop: &Shop, tg: &dyn Telegram) -> Result<Expired> {
    let now_at = shop.clock.now().await;
    let mut done = Expired::default();
    loop {
        let due = db::invoices::due(&shop.store.read, now_at, 200).await?;
        for id in &due {
            if db::invoices::expire(&shop.store.write, *id, now_at).await? {
                done.expired += 1;
            }
        }
        if due.len() < 200 {
            break;
        }
    }
    loop {
        let lines = db::invoices::unreplaced(&shop.store.read, 100).await?;
        for i in &lines {
            delete_message(tg, i.chat_id, i.message_id).await?;
            // Its reminder is planned now; the question about reminders goes with the first
            // expired line a customer sees.
            let ask = match reminders::after_expiry(shop, i.id, i.customer_id, i.product_id, now_at)
                .await
            {
                Ok(ask) => ask,
                Err(e) => {
                    tracing::warn!(error = %e, "no reminder planned for an expired invoice");
                    false
                }
            };
            let l = crate::customers::lang(&shop.store.read, i.customer_id).await?;
            let mut text = texts::invoice_expired(l, &i.product_title, i.stars);
            let mut keyboard = vec![vec![serde_json::json!({
                "text": texts::buy_fresh(l),
                "callback_data": Callback::Buy(i.product_id).to_string(),
            })]];
            if ask {
                text.push_str("\n\n");
                text.push_str(&texts::reminders_question(l));
                keyboard.push(vec![
                    serde_json::json!({
                        "text": texts::reminders_yes(l),
                        "callback_data": Callback::Reminders(true).to_string(),
                    }),
                    serde_json::json!({
                        "text": texts::reminders_no(l),
                        "callback_data": Callback::Reminders(false).to_string(),
                    }),
                ]);
            }
            let line = serde_json::json!({
                "chat_id": i.chat_id,
                "text": text,
                "parse_mode": "HTML",
                "reply_markup": {"inline_keyboard": keyboard},
            });
            match tg.call_at(Priority::Notice, "sendMessage", line).await {
                // A chat that no longer takes messages (the customer blocked the bot) has
                // nothing to replace.
                Ok(_) | Err(SendError::Refused(_)) => {}
                Err(e) => return Err(Error::Telegram(e.to_string())),
            }
            db::invoices::mark_replaced(&shop.store.write, i.id, now()).await?;
            done.replaced += 1;
        }
        if lines.len() < 100 {
            break;
        }
    }
    if done.expired > 0 {
        shop.emit(crate::events::AppEvent::InvoicesChanged);
    }
    Ok(done)
}

/// When the scheduler should look next for expired invoices and due reminders.
pub async fn next_due(store: &Store, now: i64) -> Result<Option<i64>> {
    db::invoices::next_due(&store.read, now).await
}

/// A paid invoice leaves the chat (`chat`, `message`): the receipt stands in its place.
pub async fn clear_paid(tg: &dyn Telegram, (chat, message): (i64, i64)) -> Result<()> {
    delete_message(tg, chat, message).await
}

/// Deletes a message; one that is gone already (deleted by the customer, or by an earlier
/// try) is no error.
async fn delete_message(tg: &dyn Telegram, chat: i64, message: i64) -> Result<()> {
    let params = serde_json::json!({ "chat_id": chat, "message_id": message });
    match tg.call("deleteMessage", params).await {
        Ok(_) | Err(SendError::Refused(_)) => Ok(()),
        Err(e) => Err(Error::Telegram(e.to_string())),
    }
}

// ---- the window ----

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceStatus {
    Open,
    Paid,
    Expired,
}

impl InvoiceStatus {
    fn word(self) -> &'static str {
        match self {
            InvoiceStatus::Open => "open",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Expired => "expired",
        }
    }

    fn from_word(w: &str) -> InvoiceStatus {
        match w {
            "paid" => InvoiceStatus::Paid,
            "expired" => InvoiceStatus::Expired,
            _ => InvoiceStatus::Open,
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Invoice {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub product_id: i64,
    pub product_title: String,
    pub stars: i64,
    pub status: InvoiceStatus,
    /// The order that paid it.
    pub order_id: Option<i64>,
    pub sent_at: i64,
    pub expires_at: i64,
    /// When it was paid or expired.
    pub settled_at: Option<i64>,
    /// Its reminder, once expired: when it is due, went out, or why it was not sent.
    pub reminder: Option<InvoiceReminder>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum InvoiceReminder {
    Pending { due_at: i64 },
    Sent,
    Skipped { reason: String },
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct InvoiceQuery {
    pub status: Option<InvoiceStatus>,
    pub customer_id: Option<i64>,
    /// Invoices older than this one (the next page).
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct InvoicePage {
    pub invoices: Vec<Invoice>,
    /// Over the last 7 days: still open, paid, expired.
    pub open: i64,
    pub paid: i64,
    pub expired: i64,
    /// How long an invoice stays valid, in minutes.
    pub valid_minutes: i64,
}

pub async fn list(store: &Store, q: &InvoiceQuery) -> Result<InvoicePage> {
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    let status = q.status.map(InvoiceStatus::word);
    let rows = db::invoices::list(&store.read, status, q.customer_id, q.before, limit).await?;
    let counts = db::invoices::counts(&store.read, now() - 7 * 86_400).await?;
    Ok(InvoicePage {
        invoices: rows
            .into_iter()
            .map(|r| Invoice {
                id: r.id,
                customer_id: r.customer_id,
                customer_name: r.customer_name,
                product_id: r.product_id,
                product_title: r.product_title,
                stars: r.stars,
                status: InvoiceStatus::from_word(&r.status),
                order_id: r.order_id,
                sent_at: r.sent_at,
                expires_at: r.expires_at,
                settled_at: r.settled_at,
                reminder: match r.reminder_state.as_deref() {
                    Some("pending") => Some(InvoiceReminder::Pending {
                        due_at: r.reminder_due.unwrap_or_default(),
                    }),
                    Some("sent") => Some(InvoiceReminder::Sent),
                    Some(_) => Some(InvoiceReminder::Skipped {
                        reason: r.reminder_reason.unwrap_or_default(),
                    }),
                    None => None,
                },
            })
            .collect(),
        open: counts.open,
        paid: counts.paid,
        expired: counts.expired,
        valid_minutes: minutes(store).await?,
    })
}
