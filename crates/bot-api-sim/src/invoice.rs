//! Invoice validation shared by sendInvoice and createInvoiceLink, with Telegram's Stars rules.

use serde_json::Value;

use crate::{error::ApiError, model::InvoiceSpec, params::Params};

/// 30 days: the only subscription period Telegram accepts.
pub const SUBSCRIPTION_PERIOD: u32 = 2_592_000;
/// The most a single Stars invoice (or a subscription) may ask.
pub const MAX_STARS: i64 = 10_000;

pub fn parse(p: &Params, allow_subscription: bool) -> Result<InvoiceSpec, ApiError> {
    let title = p.str("title").unwrap_or_default();
    if !(1..=32).contains(&title.chars().count()) {
        return Err(ApiError::bad_request("TITLE_INVALID"));
    }
    let description = p.str("description").unwrap_or_default();
    if !(1..=255).contains(&description.chars().count()) {
        return Err(ApiError::bad_request("DESCRIPTION_INVALID"));
    }
    let payload = p.str("payload").unwrap_or_default();
    if !(1..=128).contains(&payload.len()) {
        return Err(ApiError::bad_request("INVOICE_PAYLOAD_INVALID"));
    }
    let currency = p.str("currency").unwrap_or_default();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ApiError::bad_request("CURRENCY_INVALID"));
    }
    let prices = prices(p)?;
    let provider_token = p.str("provider_token").unwrap_or_default();
    let total: i64 = prices.iter().sum();
    let stars = currency == "XTR";
    if stars {
        if prices.len() != 1 || !provider_token.is_empty() {
            return Err(ApiError::bad_request("STARS_INVOICE_INVALID"));
        }
        if !(1..=MAX_STARS).contains(&total) {
            return Err(ApiError::bad_request("CURRENCY_TOTAL_AMOUNT_INVALID"));
        }
    } else {
        if provider_token.is_empty() {
            return Err(ApiError::bad_request("PAYMENT_PROVIDER_INVALID"));
        }
        if total <= 0 || total > i64::from(u32::MAX) {
            return Err(ApiError::bad_request("CURRENCY_TOTAL_AMOUNT_INVALID"));
        }
    }
    let subscription_period = match p.i64("subscription_period")? {
        Some(period) if allow_subscription => {
            if period != i64::from(SUBSCRIPTION_PERIOD) || !stars {
                return Err(ApiError::bad_request("SUBSCRIPTION_PERIOD_INVALID"));
            }
            Some(SUBSCRIPTION_PERIOD)
        }
        _ => None,
    };
    Ok(InvoiceSpec {
        title,
        description,
        payload,
        currency,
        total_amount: total as u32,
        start_parameter: p.str("start_parameter").unwrap_or_default(),
        subscription_period,
    })
}

/// The amounts of a `prices` array of `{label, amount}`.
fn prices(p: &Params) -> Result<Vec<i64>, ApiError> {
    let unparsable = || ApiError::bad_request("can't parse prices JSON object");
    let Some(Value::Array(items)) = p.json("prices").map_err(|_| unparsable())? else {
        return Err(unparsable());
    };
    if items.is_empty() {
        return Err(ApiError::bad_request("PRICES_EMPTY"));
    }
    items
        .iter()
        .map(|item| {
            let label = item
                .get("label")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let amount = item.get("amount").and_then(Value::as_i64);
            match amount {
                Some(amount) if !label.is_empty() => Ok(amount),
                _ => Err(ApiError::bad_request("can't parse prices JSON object")),
            }
        })
        .collect()
}

/// The label of the Pay button Telegram puts under an invoice.
pub fn pay_button_text(spec: &InvoiceSpec) -> String {
    if spec.is_stars() {
        format!("Pay ⭐️{}", spec.total_amount)
    } else {
        format!("Pay {} {}", spec.total_amount, spec.currency)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, json};

    use super::*;

    fn params(v: Value) -> Params {
        let Value::Object(map) = v else {
            unreachable!()
        };
        Params::from_json(map)
    }

    fn stars_invoice() -> Map<String, Value> {
        let Value::Object(map) = json!({
            "title": "Pro", "description": "A pro plan", "payload": "p1", "currency": "XTR",
            "prices": [{"label": "Pro", "amount": 100}],
        }) else {
            unreachable!()
        };
        map
    }

    #[test]
    fn stars_rules() {
        assert!(parse(&Params::from_json(stars_invoice()), false).is_ok());
        let mut two = stars_invoice();
        two.insert(
            "prices".into(),
            json!([{"label":"a","amount":1},{"label":"b","amount":2}]),
        );
        let err = parse(&Params::from_json(two), false).unwrap_err();
        assert_eq!(err.description, "Bad Request: STARS_INVOICE_INVALID");
        let mut token = stars_invoice();
        token.insert("provider_token".into(), json!("tok"));
        assert!(parse(&Params::from_json(token), false).is_err());
        let mut big = stars_invoice();
        big.insert("prices".into(), json!([{"label":"a","amount":10_001}]));
        let err = parse(&Params::from_json(big), false).unwrap_err();
        assert_eq!(
            err.description,
            "Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID"
        );
        let fiat = params(json!({
            "title": "x", "description": "y", "payload": "z", "currency": "USD",
            "prices": [{"label": "a", "amount": 100}],
        }));
        let err = parse(&fiat, false).unwrap_err();
        assert_eq!(err.description, "Bad Request: PAYMENT_PROVIDER_INVALID");
    }

    #[test]
    fn subscription_period_must_be_thirty_days() {
        let mut sub = stars_invoice();
        sub.insert("subscription_period".into(), json!(2_592_000));
        let spec = parse(&Params::from_json(sub.clone()), true).unwrap();
        assert_eq!(spec.subscription_period, Some(SUBSCRIPTION_PERIOD));
        sub.insert("subscription_period".into(), json!(86_400));
        assert!(parse(&Params::from_json(sub), true).is_err());
    }
}
