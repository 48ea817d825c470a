//! Tips: a "Support us" item in the chat (/tip, and a button under the catalog) with preset
//! amounts (1, 3, 5 and 10 Stars unless the merchant sets others) and an amount the customer
//! types; the merchant's thank-you text goes out when it is paid, then the receipt. A tip is an
//! order of its own kind: no product, its payload `t1.…`, its own item ("Tips") in Reports.

use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Line, Who},
    db::{self, Store, now},
    error::{Error, Result},
    payload::TipPayload,
    shop::Shop,
    texts::Lang,
};

const ENABLED: &str = "tips.enabled";
const PRESETS: &str = "tips.presets";
/// Setting: the merchant's thank-you for a tip in English (none: the built-in one); German and
/// Russian have their own ([`thanks_key`]).
const THANKS: &str = "tips.thanks";
/// The revenue rollup's item for tips: products 0, plans -1.
pub const REPORT_ITEM: (i64, i64) = (0, -1);
/// The title of a tip's order.
pub const TITLE: &str = "Tip";
pub const DEFAULT_PRESETS: [i64; 4] = [1, 3, 5, 10];
/// A tip is 1 to 10,000 Stars, as any Stars invoice.
pub const AMOUNT_RANGE: std::ops::RangeInclusive<i64> = 1..=10_000;
/// How long an "Other amount" waits for the customer's number.
const PROMPT_SECONDS: i64 = 600;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TipSettings {
    /// "Support us" is offered in the chat.
    pub enabled: bool,
    /// The amounts offered as buttons, in Stars (1 to 6 of them).
    pub presets: Vec<i64>,
    /// What a customer in `lang` reads once their tip is paid (Telegram HTML, as the bot texts).
    pub thanks: String,
    /// The language of `thanks`: each has its own; one without says the English text, or the
    /// built-in one.
    #[serde(default)]
    pub lang: Lang,
}

/// Where the merchant's thank-you in `lang` is kept.
fn thanks_key(lang: Lang) -> &'static str {
    match lang {
        Lang::En => THANKS,
        Lang::De => "tips.thanks.de",
        Lang::Ru => "tips.thanks.ru",
    }
}

/// The merchant's thank-you a customer in `lang` reads: theirs in that language, else their
/// English one; none for the built-in one (said in the customer's language).
pub async fn thanks_for(db: &mut sqlx::SqliteConnection, lang: Lang) -> Result<Option<String>> {
    if let Some(own) = db::settings::get(&mut *db, thanks_key(lang)).await? {
        return Ok(Some(own));
    }
    match lang {
        Lang::En => Ok(None),
        _ => db::settings::get(&mut *db, THANKS).await,
    }
}

/// The tips' settings, with the thank-you a customer in `lang` reads.
pub async fn settings(store: &Store, lang: Lang) -> Result<TipSettings> {
    let get = |k| db::settings::get(&store.read, k);
    let presets = get(PRESETS)
        .await?
        .and_then(|v| serde_json::from_str::<Vec<i64>>(&v).ok())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| DEFAULT_PRESETS.to_vec());
    Ok(TipSettings {
        enabled: get(ENABLED).await?.as_deref() == Some("1"),
        presets,
        thanks: thanks_for(&mut *store.read.acquire().await?, lang)
            .await?
            .unwrap_or_else(|| crate::texts::default_tip_thanks(lang)),
        lang,
    })
}

pub async fn set_settings(store: &Store, who: &Who, s: &TipSettings) -> Result<TipSettings> {
    let mut presets = s.presets.clone();
    presets.sort_unstable();
    presets.dedup();
    if presets.is_empty() || presets.len() > 6 {
        return Err(Error::invalid("Offer 1 to 6 amounts for tips."));
    }
    if presets.iter().any(|p| !AMOUNT_RANGE.contains(p)) {
        return Err(Error::invalid("A tip is 1 to 10,000 Stars."));
    }
    let thanks = crate::settings::check_html(&s.thanks)?;
    let new = TipSettings {
        enabled: s.enabled,
        presets,
        thanks,
        lang: s.lang,
    };
    let before = settings(store, s.lang).await?;
    if before == new {
        return Ok(new);
    }
    let words = |s: &TipSettings| match s.enabled {
        true => format!(
            "on: {}",
            s.presets
                .iter()
                .map(|p| format!("{p} ⭐"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        false => "off".to_string(),
    };
    let mut tx = store.write.begin().await?;
    db::settings::set(&mut *tx, ENABLED, if new.enabled { "1" } else { "0" }).await?;
    let presets_json =
        serde_json::to_string(&new.presets).map_err(|e| Error::invalid(e.to_string()))?;
    db::settings::set(&mut *tx, PRESETS, &presets_json).await?;
    // The built-in thank-you left as it is stays the built-in one: each customer reads it in
    // their language.
    if before.thanks != new.thanks {
        db::settings::set(&mut *tx, thanks_key(new.lang), &new.thanks).await?;
    }
    if words(&before) != words(&new) {
        let line = Line {
            action: "settings.tips",
            subject: "tips (Support us)".into(),
            before: Some(words(&before)),
            after: Some(words(&new)),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    if before.thanks != new.thanks {
        let line = Line {
            action: "settings.tips_thanks",
            subject: match new.lang {
                Lang::En => "the thank-you text for tips".into(),
                other => format!("the thank-you text for tips ({})", other.name()),
            },
            before: Some(before.thanks.clone()),
            after: Some(new.thanks.clone()),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    Ok(new)
}

/// "Other amount": the customer's next message is the amount.
pub async fn ask_amount(store: &Store, customer: i64) -> Result<()> {
    db::tips::ask(&store.write, customer, now()).await
}

/// True when the customer's message answers "Other amount" (asked in the last ten minutes).
pub async fn take_prompt(store: &Store, customer: i64) -> Result<bool> {
    db::tips::take_prompt(&store.write, customer, now() - PROMPT_SECONDS).await
}

/// The amount a customer typed, or why it is not one.
/// A typed tip in whole Stars; `None` when it is not one in range (the customer reads
/// `texts::tip_wrong`).
pub fn parse_amount(text: &str) -> Option<i64> {
    let digits: String = text
        .trim()
        .trim_end_matches('⭐')
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '.' | '\''))
        .collect();
    match digits.parse::<i64>() {
        Ok(n) if AMOUNT_RANGE.contains(&n) => Some(n),
        _ => None,
    }
}

/// The sendInvoice parameters of a tip.
pub fn invoice(
    shop: &Shop,
    chat: i64,
    customer: i64,
    amount: i64,
    l: crate::texts::Lang,
) -> serde_json::Value {
    let payload = TipPayload::new(amount, customer).sign(&shop.secret);
    serde_json::json!({
        "chat_id": chat,
        "title": crate::texts::tip_title(l),
        "description": crate::texts::tip_description(l, amount),
        "payload": payload,
        "currency": "XTR",
        "prices": [{ "label": crate::texts::tip_title(l), "amount": amount }],
    })
}

/// Checks a tip's pre-checkout: its payload, its amount, its customer.
pub fn check(
    shop: &Shop,
    payload: &str,
    customer: i64,
    total: i64,
) -> std::result::Result<(), crate::payments::Refusal> {
    use crate::payments::Refusal;
    let Ok(t) = TipPayload::verify(payload, &shop.secret) else {
        return Err(Refusal::InvalidInvoice);
    };
    if t.amount != total {
        return Err(Refusal::WrongAmount);
    }
    if t.customer_id != customer {
        return Err(Refusal::NotYourInvoice);
    }
    Ok(())
}
