//! Random identifiers shaped like Telegram's (charge ids, file ids, query ids, link slugs).

use rand::{Rng, distr::Alphanumeric};

fn alphanumeric(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A telegram_payment_charge_id for a Stars payment.
pub fn charge_id() -> String {
    format!("stx{}", alphanumeric(40))
}

/// A provider_payment_charge_id for a payment in another currency.
pub fn provider_charge_id() -> String {
    format!("prv_{}", alphanumeric(24))
}

/// Callback and pre-checkout query ids are decimal strings in Telegram.
pub fn query_id() -> String {
    rand::rng()
        .random_range(1_000_000_000_000_000_000u64..u64::MAX)
        .to_string()
}

pub fn file_id() -> String {
    format!("BQACAgIAAxkBAAI{}", alphanumeric(40))
}

pub fn file_unique_id() -> String {
    format!("AgAD{}", alphanumeric(12))
}

pub fn invoice_slug() -> String {
    alphanumeric(22)
}

pub fn invite_hash() -> String {
    alphanumeric(16)
}
