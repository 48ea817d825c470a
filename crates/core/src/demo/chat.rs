//! What the Demo page shows: the simulated customers and their chats with the bot, read from the
//! simulator as each customer sees them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::sim_client::{ChatMessage, PayOutcome};

/// A customer the simulated shopper panel created.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Shopper {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    /// The Stars the customer has left to spend, as the simulator counts them; `None` when it
    /// could not be read.
    #[serde(default)]
    pub stars: Option<i64>,
    /// The language their Telegram speaks: the bot answers in it.
    #[serde(default)]
    pub lang: crate::texts::Lang,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChatButton {
    pub text: String,
    /// Callback data; a button without it is a link.
    pub data: Option<String>,
    pub url: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChatInvoice {
    pub title: String,
    pub description: String,
    pub amount: i64,
}

/// A stretch of formatted text in a chat message (a Bot API entity): `kind` is Telegram's type
/// (`bold`, `italic`, `underline`, `strikethrough`, `code`, `pre`, `text_link`, `url`…), `offset`
/// and `length` count UTF-16 code units, as Telegram and JavaScript strings do.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChatEntity {
    pub kind: String,
    pub offset: i64,
    pub length: i64,
    /// The address of a `text_link`.
    pub url: Option<String>,
}

impl ChatEntity {
    fn of(v: &Value) -> Option<ChatEntity> {
        Some(ChatEntity {
            kind: v.get("type")?.as_str()?.to_string(),
            offset: v.get("offset")?.as_i64()?,
            length: v.get("length")?.as_i64()?,
            url: v.get("url").and_then(Value::as_str).map(str::to_string),
        })
    }
}

/// One message of a simulated customer's chat with the bot, as the customer sees it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChatLine {
    pub message_id: i64,
    pub from_bot: bool,
    pub text: String,
    /// The formatting of `text`.
    pub entities: Vec<ChatEntity>,
    /// The file name of a document.
    pub document: Option<String>,
    pub invoice: Option<ChatInvoice>,
    /// Stars of a successful payment, shown as Telegram's service message.
    pub paid: Option<i64>,
    pub refunded: Option<i64>,
    pub buttons: Vec<Vec<ChatButton>>,
}

impl From<ChatMessage> for ChatLine {
    fn from(m: ChatMessage) -> ChatLine {
        let str_of = |v: &Value, k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let buttons = m
            .reply_markup
            .as_ref()
            .and_then(|k| k.get("inline_keyboard"))
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .map(|row| {
                        row.as_array()
                            .into_iter()
                            .flatten()
                            .map(|b| ChatButton {
                                text: str_of(b, "text"),
                                data: b
                                    .get("callback_data")
                                    .and_then(Value::as_str)
                                    .map(str::to_string),
                                url: b.get("url").and_then(Value::as_str).map(str::to_string),
                            })
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        ChatLine {
            message_id: m.message_id,
            from_bot: m.from_bot,
            text: m.body().to_string(),
            entities: m
                .body_entities()
                .iter()
                .filter_map(ChatEntity::of)
                .collect(),
            document: m.document.as_ref().map(|d| str_of(d, "file_name")),
            invoice: m.invoice.as_ref().map(|i| ChatInvoice {
                title: str_of(i, "title"),
                description: str_of(i, "description"),
                amount: i
                    .get("total_amount")
                    .and_then(Value::as_i64)
                    .unwrap_or_default(),
            }),
            paid: m
                .successful_payment
                .as_ref()
                .and_then(|p| p.get("total_amount"))
                .and_then(Value::as_i64),
            refunded: m
                .refunded_payment
                .as_ref()
                .and_then(|p| p.get("total_amount"))
                .and_then(Value::as_i64),
            buttons,
        }
    }
}

/// How a simulated purchase went.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DemoPurchase {
    /// `paid`, `declined`, `timeout`, `insufficient_stars`, or `refused` when the bot sent no
    /// invoice (`error_message` says what it said instead).
    pub status: String,
    pub charge_id: Option<String>,
    /// Why the bot declined at pre-checkout.
    pub error_message: Option<String>,
    /// The first line of the goods message the customer received.
    pub goods: Option<String>,
}

/// A step of the simulated shopper: what happened, and the chat after it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DemoStep {
    pub purchase: Option<DemoPurchase>,
    pub chat: Vec<ChatLine>,
}

impl DemoPurchase {
    pub fn of(outcome: PayOutcome, goods: Option<ChatMessage>) -> DemoPurchase {
        DemoPurchase {
            status: outcome.status,
            charge_id: outcome.charge_id,
            error_message: outcome.error_message,
            goods: goods.map(|g| first_line(&g)),
        }
    }

    /// An order store credit paid wholly: no invoice, no charge.
    pub fn credit(goods: Option<ChatMessage>) -> DemoPurchase {
        DemoPurchase {
            status: "paid".into(),
            charge_id: None,
            error_message: None,
            goods: goods.map(|g| first_line(&g)),
        }
    }

    /// No invoice came: the bot's answer instead (its last paragraph says why: a card's
    /// reason there is no Buy, or the refusal itself).
    pub fn refused(answer: &ChatMessage) -> DemoPurchase {
        let reason = answer
            .body()
            .rsplit("\n\n")
            .map(str::trim)
            .find(|p| !p.is_empty())
            .unwrap_or("The bot sent no invoice.");
        DemoPurchase {
            status: "refused".into(),
            charge_id: None,
            error_message: Some(reason.to_string()),
            goods: None,
        }
    }
}

pub fn is_goods(m: &ChatMessage) -> bool {
    m.document.is_some()
        || m.body().starts_with("Here is your")
        || m.body().starts_with("Your code")
        || m.body().contains("Paid until:")
}

fn first_line(m: &ChatMessage) -> String {
    match &m.document {
        Some(d) => format!(
            "{} ({})",
            m.body(),
            d.get("file_name")
                .and_then(Value::as_str)
                .unwrap_or("a file")
        ),
        None => m
            .body()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// A customer's friend, brought through their referral link on the Demo page.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DemoReferral {
    /// The new customer, now the referrer's.
    pub friend: Shopper,
    /// The referrer's link the friend opened.
    pub link: String,
    /// The friend's chat: the welcome and the catalog.
    pub chat: Vec<ChatLine>,
}
