//! Invoices and pre-checkout answers: sendInvoice, createInvoiceLink, answerPreCheckoutQuery.

use serde_json::json;

use super::{check_rate, messages::deliver, user_chat};
use crate::{
    bot::CheckoutOutcome,
    error::{ApiError, ApiResult},
    ids, invoice, keyboard,
    model::StoredMessage,
    params::Params,
    world::World,
};

pub fn send_invoice(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let user_id = user_chat(w, p)?;
    let spec = invoice::parse(p, false)?;
    let reply_markup = match keyboard::inline_markup(p.json("reply_markup")?)? {
        Some(markup) if !keyboard::first_is_pay(&markup) => {
            return Err(ApiError::bad_request("REPLY_MARKUP_BUY_EMPTY"));
        }
        Some(markup) => markup,
        None => json!({
            "inline_keyboard": [[{ "text": invoice::pay_button_text(&spec), "pay": true }]]
        }),
    };
    check_rate(w, user_id as i64)?;
    let message = StoredMessage {
        date: w.now(),
        from_bot: true,
        invoice: Some(spec),
        reply_markup: Some(reply_markup),
        ..StoredMessage::default()
    };
    Ok(deliver(w, bot, user_id, message))
}

pub fn create_invoice_link(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let spec = invoice::parse(p, true)?;
    let links = &mut w.bots[bot].invoice_links;
    let mut slug = ids::invoice_slug();
    while links.contains_key(&slug) {
        slug = ids::invoice_slug();
    }
    links.insert(slug.clone(), spec);
    Ok(json!(format!("https://t.me/${slug}")))
}

pub fn answer_pre_checkout_query(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let id = p.require_str("pre_checkout_query_id")?;
    let ok = p.bool("ok")?.ok_or_else(|| ApiError::missing("ok"))?;
    let error_message = p.str("error_message").filter(|m| !m.trim().is_empty());
    if !ok && error_message.is_none() {
        return Err(ApiError::bad_request("ERROR_MESSAGE_EMPTY"));
    }
    let now_ms = w.now_ms();
    let b = &mut w.bots[bot];
    let Some(pending) = b.checkouts.remove(&id) else {
        if b.spent_checkouts.contains(&id) {
            return Err(ApiError::query_too_old());
        }
        return Err(ApiError::bad_request("QUERY_ID_INVALID"));
    };
    b.spent_checkouts.insert(id);
    if pending.deadline_ms < now_ms {
        let _ = pending.reply.send(CheckoutOutcome::Expired);
        return Err(ApiError::query_too_old());
    }
    let outcome = match error_message {
        Some(message) if !ok => CheckoutOutcome::Declined(message),
        _ => CheckoutOutcome::Approved,
    };
    // The customer's pay call may have given up in the same instant; the answer still counts.
    let _ = pending.reply.send(outcome);
    Ok(json!(true))
}
