//! The star ledger as the bot sees it: transactions, balance, refunds, subscription edits.

use serde_json::json;

use crate::{
    checkout,
    error::{ApiError, ApiResult},
    model::{AffiliateShare, Direction, LedgerEntry, NANOSTARS, StoredMessage},
    params::Params,
    render,
    world::World,
};

pub fn get_star_transactions(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let offset = p.i64("offset")?.unwrap_or(0).max(0) as usize;
    let limit = p.i64("limit")?.unwrap_or(100).clamp(1, 100) as usize;
    let transactions: Vec<_> = w.bots[bot]
        .ledger
        .iter()
        .skip(offset)
        .take(limit)
        .map(|entry| render::transaction_json(entry, &w.users))
        .collect();
    Ok(json!({ "transactions": transactions }))
}

pub fn get_my_star_balance(w: &mut World, bot: usize) -> ApiResult {
    let b = &w.bots[bot];
    Ok(json!({ "amount": b.balance, "nanostar_amount": b.balance_nanos }))
}

fn charge_not_found() -> ApiError {
    ApiError::bad_request("CHARGE_NOT_FOUND")
}

pub fn refund_star_payment(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let user_id = p.require_i64("user_id")?;
    let charge_id = p.require_str("telegram_payment_charge_id")?;
    let now = w.now();
    let b = &mut w.bots[bot];
    let charge = b
        .charges
        .get(&charge_id)
        .filter(|c| i64::try_from(c.user_id) == Ok(user_id) && c.currency == "XTR")
        .ok_or_else(charge_not_found)?
        .clone();
    if charge.refunded {
        return Err(ApiError::bad_request("CHARGE_ALREADY_REFUNDED"));
    }
    // The customer gets the whole price back: the bot returns what it received and Telegram
    // takes the affiliate's commission back (a negative AffiliateInfo on the refund's line).
    let commission = charge
        .affiliate
        .as_ref()
        .map_or(0, |a| a.commission_nanos(charge.amount));
    let returned = i64::from(charge.amount) * NANOSTARS - commission;
    if b.balance_in_nanos() < returned {
        return Err(ApiError::bad_request("BALANCE_TOO_LOW"));
    }
    if let Some(c) = b.charges.get_mut(&charge_id) {
        c.refunded = true;
    }
    b.credit_nanos(-returned);
    b.ledger.push(LedgerEntry {
        id: charge_id.clone(),
        amount: (returned / NANOSTARS) as u32,
        nanostar_amount: (returned % NANOSTARS) as u32,
        affiliate: charge
            .affiliate
            .clone()
            .map(|a| AffiliateShare::from_nanos(a, -commission)),
        date: now,
        user_id: charge.user_id,
        payload: charge.payload.clone(),
        subscription_period: None,
        direction: Direction::Outgoing,
    });
    if let Some(user) = w.users.get_mut(&charge.user_id) {
        user.stars += i64::from(charge.amount);
    }
    let message = StoredMessage {
        date: now,
        refunded_payment: Some(json!({
            "currency": "XTR",
            "total_amount": charge.amount,
            "invoice_payload": charge.payload,
            "telegram_payment_charge_id": charge_id,
        })),
        ..StoredMessage::default()
    };
    checkout::post_service_message(w, bot, charge.user_id, message);
    Ok(json!(true))
}

pub fn edit_user_star_subscription(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let user_id = p.require_i64("user_id")?;
    let charge_id = p.require_str("telegram_payment_charge_id")?;
    let canceled = p
        .bool("is_canceled")?
        .ok_or_else(|| ApiError::missing("is_canceled"))?;
    let b = &mut w.bots[bot];
    let index = b
        .charges
        .get(&charge_id)
        .filter(|c| i64::try_from(c.user_id) == Ok(user_id))
        .and_then(|c| c.subscription)
        .ok_or_else(charge_not_found)?;
    b.subscriptions[index].canceled = canceled;
    Ok(json!(true))
}
