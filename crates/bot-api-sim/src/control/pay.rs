//! A customer paying an invoice: balance check, pre-checkout query, the bot's answer within
//! 10 s of virtual time, then the charge (with Telegram's affiliate commission, when the
//! customer came through an affiliate).

use std::time::Duration;

use axum::{
    Json,
    extract::{Path, State},
};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::oneshot;

use super::{ControlError, ControlResult};
use crate::{
    app::SharedApp,
    bot::{CheckoutOutcome, PendingCheckout},
    checkout::{self, Recurrence},
    ids,
    model::{Affiliate, AffiliatePartner, InvoiceSpec},
    render,
    world::World,
};

/// Telegram gives the bot 10 seconds to answer a pre-checkout query.
const CHECKOUT_DEADLINE_MS: i64 = 10_000;

#[derive(Deserialize)]
pub struct PayRequest {
    message_id: Option<i32>,
    invoice_link: Option<String>,
    /// Reports the `successful_payment` twice, as Telegram's at-least-once delivery may.
    #[serde(default)]
    deliver_twice: bool,
    /// The customer came through an affiliate of Telegram's affiliate program, who earns
    /// `commission_per_mille` of the payment.
    affiliate: Option<AffiliateRequest>,
    commission_per_mille: Option<i64>,
}

/// `{"user_id": <a simulated user>}` or `{"chat_id": <id>, "title"?: <channel title>}`.
#[derive(Deserialize)]
pub struct AffiliateRequest {
    user_id: Option<u64>,
    chat_id: Option<i64>,
    title: Option<String>,
}

/// The affiliate a pay request names, checked: one user or one chat, a commission of 1 to
/// 1000 per mille, and a Stars invoice (Telegram's affiliate program pays in Stars only).
fn affiliate(
    w: &World,
    body: &PayRequest,
    invoice: &InvoiceSpec,
) -> Result<Option<Affiliate>, ControlError> {
    let (request, per_mille) = match (&body.affiliate, body.commission_per_mille) {
        (None, None) => return Ok(None),
        (Some(_), None) => {
            return Err(ControlError::bad_request(
                "an affiliate needs commission_per_mille (1 to 1000)",
            ));
        }
        (None, Some(_)) => {
            return Err(ControlError::bad_request(
                "commission_per_mille needs an affiliate: {\"user_id\": …} or {\"chat_id\": …}",
            ));
        }
        (Some(request), Some(per_mille)) => (request, per_mille),
    };
    let commission_per_mille = u32::try_from(per_mille)
        .ok()
        .filter(|n| (1..=1000).contains(n))
        .ok_or_else(|| {
            ControlError::bad_request(format!(
                "commission_per_mille must be from 1 to 1000 (Stars per 1000 Stars paid), not {per_mille}"
            ))
        })?;
    let partner = match (request.user_id, request.chat_id) {
        (Some(user_id), None) => {
            if !w.users.contains_key(&user_id) {
                return Err(ControlError::bad_request(format!(
                    "the affiliate user {user_id} does not exist"
                )));
            }
            AffiliatePartner::User(user_id)
        }
        (None, Some(id)) => {
            let title = match (&request.title, w.channels.get(&id)) {
                (Some(title), _) if !title.trim().is_empty() => title.clone(),
                (Some(_), _) => {
                    return Err(ControlError::bad_request(
                        "the affiliate chat's title must not be empty",
                    ));
                }
                (None, Some(channel)) => channel.title.clone(),
                (None, None) => format!("Channel {id}"),
            };
            AffiliatePartner::Chat { id, title }
        }
        _ => {
            return Err(ControlError::bad_request(
                "the affiliate is either {\"user_id\": …} or {\"chat_id\": …}, one of them",
            ));
        }
    };
    if !invoice.is_stars() {
        return Err(ControlError::bad_request(
            "only a payment in Stars (XTR) carries an affiliate commission",
        ));
    }
    Ok(Some(Affiliate {
        partner,
        commission_per_mille,
    }))
}

/// The invoice behind a message in the customer's chat or behind an invoice link.
fn resolve_invoice(
    w: &World,
    user_id: u64,
    body: &PayRequest,
) -> Result<InvoiceSpec, ControlError> {
    if let Some(message_id) = body.message_id {
        let message = w.bots[0]
            .chats
            .get(&user_id)
            .and_then(|chat| chat.get(message_id))
            .ok_or_else(|| {
                ControlError::bad_request(format!("no message {message_id} in this chat"))
            })?;
        return match (&message.invoice, message.from_bot) {
            (Some(invoice), true) => Ok(invoice.clone()),
            _ => Err(ControlError::bad_request(format!(
                "message {message_id} is not an invoice"
            ))),
        };
    }
    if let Some(link) = &body.invoice_link {
        let slug = link.rsplit(['$', '/']).next().unwrap_or_default();
        return w.bots[0]
            .invoice_links
            .get(slug)
            .cloned()
            .ok_or_else(|| ControlError::bad_request(format!("unknown invoice link {link}")));
    }
    Err(ControlError::bad_request("give message_id or invoice_link"))
}

pub async fn pay(
    State(app): State<SharedApp>,
    Path(user_id): Path<u64>,
    Json(body): Json<PayRequest>,
) -> ControlResult {
    let (query_id, invoice, affiliate, answer, deadline_ms) = {
        let mut guard = app.lock();
        let w: &mut World = &mut guard;
        let user = w
            .users
            .get(&user_id)
            .ok_or_else(|| ControlError::no_user(user_id))?;
        let invoice = resolve_invoice(w, user_id, &body)?;
        let affiliate = affiliate(w, &body, &invoice)?;
        if invoice.is_stars() && user.stars < i64::from(invoice.total_amount) {
            return Ok(Json(json!({ "status": "insufficient_stars" })));
        }
        let mut query_id = ids::query_id();
        while w.bots[0].checkouts.contains_key(&query_id) {
            query_id = ids::query_id();
        }
        let mut query = json!({
            "id": query_id,
            "currency": invoice.currency,
            "total_amount": invoice.total_amount,
            "invoice_payload": invoice.payload,
        });
        query["from"] = render::user_json(user);
        let deadline_ms = w.now_ms() + CHECKOUT_DEADLINE_MS;
        let (reply, answer) = oneshot::channel();
        w.bots[0]
            .checkouts
            .insert(query_id.clone(), PendingCheckout { deadline_ms, reply });
        w.push_update(0, "pre_checkout_query", query);
        (query_id, invoice, affiliate, answer, deadline_ms)
    };

    let result = match wait_for_answer(&app, &query_id, answer, deadline_ms).await {
        CheckoutOutcome::Approved => {
            let mut w = app.lock();
            match checkout::record_payment(
                &mut w,
                0,
                user_id,
                &invoice,
                Recurrence::Initial,
                if body.deliver_twice { 2 } else { 1 },
                affiliate,
            ) {
                // The payment's service message is the last in the customer's chat.
                Ok(charge_id) => json!({
                    "status": "paid",
                    "charge_id": charge_id,
                    "message_id": w.bots[0]
                        .chats
                        .get(&user_id)
                        .and_then(|c| c.messages.last())
                        .map(|m| m.message_id),
                }),
                // The stars went elsewhere while the bot was deciding.
                Err(_) => json!({ "status": "insufficient_stars" }),
            }
        }
        CheckoutOutcome::Declined(error_message) => {
            json!({ "status": "declined", "error_message": error_message })
        }
        CheckoutOutcome::Expired => json!({ "status": "timeout" }),
    };
    Ok(Json(result))
}

/// Waits for the bot's answer until the deadline. Advancing the virtual clock past it expires
/// the query through the same channel, so only real time needs a timer here.
async fn wait_for_answer(
    app: &SharedApp,
    query_id: &str,
    mut answer: oneshot::Receiver<CheckoutOutcome>,
    deadline_ms: i64,
) -> CheckoutOutcome {
    let remaining = (deadline_ms - app.lock().now_ms()).max(0) as u64;
    tokio::select! {
        outcome = &mut answer => return outcome.unwrap_or(CheckoutOutcome::Expired),
        _ = tokio::time::sleep(Duration::from_millis(remaining)) => {}
        _ = app.shutting_down() => {}
    }
    let mut w = app.lock();
    let b = &mut w.bots[0];
    if b.checkouts.remove(query_id).is_some() {
        b.spent_checkouts.insert(query_id.to_owned());
        return CheckoutOutcome::Expired;
    }
    drop(w);
    // The answer arrived in the same instant as the deadline.
    answer.try_recv().unwrap_or(CheckoutOutcome::Expired)
}
