//! Completing a payment: moving stars, the ledger line, the successful_payment message and
//! update, and the subscription renewals that the clock triggers.

use serde_json::{Map, Value, json};

use crate::{
    ids,
    model::{
        Affiliate, AffiliateShare, Charge, Direction, InvoiceSpec, LedgerEntry, NANOSTARS,
        StoredMessage, Subscription,
    },
    render,
    world::World,
};

/// Where a payment stands in a subscription's life.
#[derive(Debug, Clone, Copy)]
pub enum Recurrence {
    /// A one-off payment, or the first payment of a subscription invoice.
    Initial,
    /// The renewal of the subscription at this index.
    Renewal(usize),
}

#[derive(Debug, PartialEq, Eq)]
pub struct InsufficientStars;

/// Charges `user_id` for `invoice` and tells the bot; returns the charge id. With an
/// `affiliate` (Telegram's affiliate program), Telegram passes its commission on and the bot is
/// credited the rest; the ledger line says both. A renewal carries its subscription's affiliate.
pub fn record_payment(
    w: &mut World,
    bot: usize,
    user_id: u64,
    invoice: &InvoiceSpec,
    recurrence: Recurrence,
    reports: usize,
    affiliate: Option<Affiliate>,
) -> Result<String, InsufficientStars> {
    let amount = invoice.total_amount;
    let stars = invoice.is_stars();
    let user = w.users.get_mut(&user_id).ok_or(InsufficientStars)?;
    if stars {
        if user.stars < i64::from(amount) {
            return Err(InsufficientStars);
        }
        user.stars -= i64::from(amount);
    }
    let now = w.now();
    let b = &mut w.bots[bot];
    let affiliate = match recurrence {
        Recurrence::Initial => affiliate,
        Recurrence::Renewal(index) => b.subscriptions[index].affiliate.clone(),
    }
    .filter(|_| stars);
    let commission = affiliate.as_ref().map_or(0, |a| a.commission_nanos(amount));
    let received = i64::from(amount) * NANOSTARS - commission;
    if stars {
        b.credit_nanos(received);
    }
    let mut charge_id = ids::charge_id();
    while b.charges.contains_key(&charge_id) {
        charge_id = ids::charge_id();
    }

    let mut payment = Map::new();
    payment.insert("currency".into(), json!(invoice.currency));
    payment.insert("total_amount".into(), json!(amount));
    payment.insert("invoice_payload".into(), json!(invoice.payload));
    let subscription = match (recurrence, invoice.subscription_period) {
        (Recurrence::Initial, Some(period)) => {
            b.subscriptions.push(Subscription {
                user_id,
                invoice: invoice.clone(),
                period,
                expires_at: now + i64::from(period),
                canceled: false,
                active: true,
                charge_ids: Vec::new(),
                affiliate: affiliate.clone(),
            });
            payment.insert("is_first_recurring".into(), json!(true));
            Some(b.subscriptions.len() - 1)
        }
        (Recurrence::Renewal(index), _) => Some(index),
        (Recurrence::Initial, None) => None,
    };
    if let Some(index) = subscription {
        let sub = &mut b.subscriptions[index];
        if matches!(recurrence, Recurrence::Renewal(_)) {
            sub.expires_at += i64::from(sub.period);
        }
        sub.charge_ids.push(charge_id.clone());
        payment.insert("subscription_expiration_date".into(), json!(sub.expires_at));
        payment.insert("is_recurring".into(), json!(true));
    }
    payment.insert("telegram_payment_charge_id".into(), json!(charge_id));
    let provider_charge = if stars {
        String::new()
    } else {
        ids::provider_charge_id()
    };
    payment.insert("provider_payment_charge_id".into(), json!(provider_charge));

    b.charges.insert(
        charge_id.clone(),
        Charge {
            user_id,
            currency: invoice.currency.clone(),
            amount,
            payload: invoice.payload.clone(),
            refunded: false,
            subscription,
            affiliate: affiliate.clone(),
        },
    );
    if stars {
        b.ledger.push(LedgerEntry {
            id: charge_id.clone(),
            amount: (received / NANOSTARS) as u32,
            nanostar_amount: (received % NANOSTARS) as u32,
            affiliate: affiliate.map(|a| AffiliateShare::from_nanos(a, commission)),
            date: now,
            user_id,
            payload: invoice.payload.clone(),
            subscription_period: subscription.map(|i| b.subscriptions[i].period),
            direction: Direction::Incoming,
        });
    }
    let message = StoredMessage {
        date: now,
        successful_payment: Some(Value::Object(payment)),
        ..StoredMessage::default()
    };
    // Telegram delivers at least once: a test can ask for the same payment to arrive again.
    for _ in 1..reports {
        post_service_message(w, bot, user_id, message.clone());
    }
    post_service_message(w, bot, user_id, message);
    Ok(charge_id)
}

/// Puts a service message from the customer into their chat and hands it to the bot.
pub fn post_service_message(w: &mut World, bot: usize, user_id: u64, message: StoredMessage) {
    let bot_id = w.bots[bot].id.unwrap_or_default();
    let stored = w.bots[bot].append_message(user_id, message);
    let body = render::message_json(bot_id, &w.users[&user_id], stored);
    w.push_update(bot, "message", body);
}

/// Charges every subscription that has come due, or lets it lapse when it was cancelled or
/// the customer cannot pay. A long clock jump renews once per period passed.
pub fn run_renewals(w: &mut World) {
    let now = w.now();
    for bot in 0..w.bots.len() {
        for index in 0..w.bots[bot].subscriptions.len() {
            loop {
                let sub = &w.bots[bot].subscriptions[index];
                if !sub.active || sub.expires_at > now {
                    break;
                }
                let (user_id, invoice, canceled) = (sub.user_id, sub.invoice.clone(), sub.canceled);
                let renewed = !canceled
                    && record_payment(
                        w,
                        bot,
                        user_id,
                        &invoice,
                        Recurrence::Renewal(index),
                        1,
                        None,
                    )
                    .is_ok();
                if !renewed {
                    w.bots[bot].subscriptions[index].active = false;
                    break;
                }
            }
        }
    }
}
