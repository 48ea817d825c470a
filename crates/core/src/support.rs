//! The support inbox: what customers write to the bot reaches a person. One conversation per
//! customer, with its status (open, waiting for the customer, resolved), replies that go out
//! through the bot, canned replies and decline templates the merchant edits.

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use crate::{
    audit::{self, Line, Who},
    customers::Seen,
    db::{self, Store, now},
    error::{Error, Result},
    events::AppEvent,
    pacer::Priority,
    shop::Shop,
    telegram::Telegram,
    texts,
};

/// The longest reply, in characters (a Telegram message holds 4,096).
pub const MAX_REPLY: usize = 4000;

/// How long the bot takes the customer's next message for a refund reason after they pressed
/// "Ask for a refund".
pub const AWAIT_REASON_SECONDS: i64 = 3600;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// The customer waits for support.
    Open,
    /// Support answered; waiting for the customer.
    Waiting,
    Resolved,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Open => "open",
            ConversationStatus::Waiting => "waiting",
            ConversationStatus::Resolved => "resolved",
        }
    }

    fn parse(s: &str) -> ConversationStatus {
        match s {
            "waiting" => ConversationStatus::Waiting,
            "resolved" => ConversationStatus::Resolved,
            _ => ConversationStatus::Open,
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conversation {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub username: Option<String>,
    pub status: ConversationStatus,
    pub unread: i64,
    pub last_at: i64,
    pub last_text: String,
    pub last_from_customer: bool,
    pub open_requests: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Customer,
    Operator,
    /// The bot's own answers (acknowledgements, request outcomes).
    Bot,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MessageState {
    Sending,
    Sent,
    Failed,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SupportMessage {
    pub id: i64,
    pub author: Author,
    pub author_name: String,
    /// As written, never HTML: the window shows it as text.
    pub body: String,
    pub request_id: Option<i64>,
    pub state: MessageState,
    pub created_at: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SupportCounts {
    /// Conversations where a customer waits for an answer.
    pub open_conversations: i64,
    pub unread: i64,
    pub open_requests: i64,
}

fn conversation(r: db::support::ConversationRow) -> Conversation {
    Conversation {
        id: r.id,
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        username: r.username,
        status: ConversationStatus::parse(&r.status),
        unread: r.unread,
        last_at: r.last_at,
        last_text: r.last_text.unwrap_or_default(),
        last_from_customer: r.last_author.as_deref() == Some("customer"),
        open_requests: r.open_requests,
    }
}

pub async fn conversations(
    store: &Store,
    status: Option<ConversationStatus>,
) -> Result<Vec<Conversation>> {
    let rows = db::support::list(&store.read, status.map(|s| s.as_str()), None, 500).await?;
    Ok(rows.into_iter().map(conversation).collect())
}

pub async fn conversation_by_id(store: &Store, id: i64) -> Result<Conversation> {
    db::support::list(&store.read, None, Some(id), 1)
        .await?
        .into_iter()
        .next()
        .map(conversation)
        .ok_or(Error::NotFound("conversation"))
}

pub async fn messages(store: &Store, conversation_id: i64) -> Result<Vec<SupportMessage>> {
    Ok(db::support::messages(&store.read, conversation_id)
        .await?
        .into_iter()
        .map(|m| SupportMessage {
            id: m.id,
            author: match m.author.as_str() {
                "customer" => Author::Customer,
                "operator" => Author::Operator,
                _ => Author::Bot,
            },
            author_name: m.author_name,
            body: m.body,
            request_id: m.request_id,
            state: match m.state.as_str() {
                "sending" => MessageState::Sending,
                "failed" => MessageState::Failed,
                _ => MessageState::Sent,
            },
            created_at: m.created_at,
        })
        .collect())
}

pub async fn counts(store: &Store) -> Result<SupportCounts> {
    let (open_conversations, unread) = db::support::counts(&store.read).await?;
    Ok(SupportCounts {
        open_conversations,
        unread,
        open_requests: db::requests::open_count(&store.read).await?,
    })
}

/// What became of a customer's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub conversation_id: i64,
    /// The bot should say once that a person will answer.
    pub acknowledge: bool,
}

/// A customer's message, kept in their conversation once however often its update arrives.
pub async fn receive(
    shop: &Shop,
    customer: &Seen<'_>,
    chat_message_id: i64,
    body: &str,
) -> Result<Received> {
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    db::group::on_handle(&mut tx, |db| db::customers::upsert(db, customer, at)).await?;
    let conversation_id = db::support::ensure(&mut *tx, customer.id, at).await?;
    let new = db::support::insert_message(
        &mut *tx,
        &db::support::NewMessage {
            conversation_id,
            author: "customer",
            author_name: customer.first_name,
            body,
            chat_message_id: Some(chat_message_id),
            request_id: None,
            state: "sent",
            at,
        },
    )
    .await?
    .is_some();
    let mut acknowledge = false;
    if new {
        db::support::customer_wrote(&mut *tx, conversation_id, at).await?;
        acknowledge = db::support::acknowledge(&mut *tx, conversation_id).await?;
    }
    tx.commit().await?;
    if new {
        shop.emit(AppEvent::SupportMessage {
            conversation_id,
            customer_name: customer.first_name.to_string(),
            text: body.to_string(),
            from_customer: true,
        });
    }
    Ok(Received {
        conversation_id,
        acknowledge,
    })
}

/// Writes a line of the shop's into a customer's conversation (the bot's answers, request
/// outcomes), in the caller's transaction.
pub(crate) async fn note(
    db: &mut sqlx::SqliteConnection,
    customer_id: i64,
    author: Author,
    author_name: &str,
    body: &str,
    request_id: Option<i64>,
) -> Result<i64> {
    let at = now();
    let conversation_id = db::support::ensure(&mut *db, customer_id, at).await?;
    let author = match author {
        Author::Customer => "customer",
        Author::Operator => "operator",
        Author::Bot => "bot",
    };
    db::support::insert_message(
        &mut *db,
        &db::support::NewMessage {
            conversation_id,
            author,
            author_name,
            body,
            chat_message_id: None,
            request_id,
            state: "sent",
            at,
        },
    )
    .await?;
    if author == "customer" {
        db::support::customer_wrote(&mut *db, conversation_id, at).await?;
    } else {
        db::support::shop_wrote(&mut *db, conversation_id, None, at).await?;
    }
    Ok(conversation_id)
}

/// Support's answer, sent through the bot as plain text (escaped) and kept in the conversation.
/// A reply Telegram does not take stays in the conversation marked as not sent.
pub async fn reply(
    shop: &Shop,
    telegram: &dyn Telegram,
    conversation_id: i64,
    who: &Who,
    body: &str,
) -> Result<SupportMessage> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::invalid("Write the reply first."));
    }
    if body.chars().count() > MAX_REPLY {
        return Err(Error::invalid(
            "The reply is too long for one Telegram message: at most 4,000 characters.",
        ));
    }
    let customer = db::support::customer_of(&shop.store.read, conversation_id)
        .await?
        .ok_or(Error::NotFound("conversation"))?;
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    let id = db::support::insert_message(
        &mut *tx,
        &db::support::NewMessage {
            conversation_id,
            author: "operator",
            author_name: &who.name,
            body,
            chat_message_id: None,
            request_id: None,
            state: "sending",
            at,
        },
    )
    .await?
    .ok_or(Error::Conflict("The reply was not kept.".into()))?;
    db::support::shop_wrote(&mut *tx, conversation_id, Some("waiting"), at).await?;
    db::support::mark_read(&mut *tx, conversation_id).await?;
    tx.commit().await?;
    let sent = telegram
        .send_html_at(Priority::Notice, customer.customer_id, texts::plain(body))
        .await;
    let state = if sent.is_ok() { "sent" } else { "failed" };
    db::support::set_message_state(&shop.store.write, id, state).await?;
    shop.emit(AppEvent::SupportMessage {
        conversation_id,
        customer_name: customer.first_name,
        text: body.to_string(),
        from_customer: false,
    });
    if let Err(e) = sent {
        tracing::warn!(conversation = conversation_id, error = %e, "reply not sent");
        return Err(Error::Telegram(format!(
            "the reply was not sent ({e}). It is kept in the conversation; try again."
        )));
    }
    Ok(SupportMessage {
        id,
        author: Author::Operator,
        author_name: who.name.clone(),
        body: body.to_string(),
        request_id: None,
        state: MessageState::Sent,
        created_at: at,
    })
}

pub async fn set_status(
    store: &Store,
    who: &Who,
    conversation_id: i64,
    status: ConversationStatus,
) -> Result<()> {
    let mut tx = store.write.begin().await?;
    if !db::support::set_status(&mut *tx, conversation_id, status.as_str()).await? {
        return Err(Error::NotFound("conversation"));
    }
    audit::record(
        &mut *tx,
        who,
        Line {
            action: "support.status",
            subject: format!("conversation #{conversation_id}"),
            before: None,
            after: Some(status.as_str().into()),
            reason: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn mark_read(store: &Store, conversation_id: i64) -> Result<()> {
    db::support::mark_read(&store.write, conversation_id).await
}

/// The order whose refund reason the bot waits for from this customer, if it still does.
pub async fn awaiting_reason(db: impl SqliteExecutor<'_>, customer_id: i64) -> Result<Option<i64>> {
    Ok(db::support::of_customer(db, customer_id)
        .await?
        .and_then(|c| match (c.awaiting_order, c.awaiting_since) {
            (Some(order), Some(since)) if now() - since <= AWAIT_REASON_SECONDS => Some(order),
            _ => None,
        }))
}

/// The bot waits for the customer's reason for refunding `order_id` (None: waits no more).
pub async fn await_reason(store: &Store, customer_id: i64, order_id: Option<i64>) -> Result<()> {
    let at = now();
    let mut tx = store.write.begin().await?;
    let id = db::support::ensure(&mut *tx, customer_id, at).await?;
    db::support::set_awaiting(&mut *tx, id, order_id, order_id.map(|_| at)).await?;
    tx.commit().await?;
    Ok(())
}

// Canned replies and decline templates.

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Template {
    pub title: String,
    pub body: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Templates {
    /// Replies support picks in a conversation.
    pub canned: Vec<Template>,
    /// Messages that go with a declined refund request.
    pub decline: Vec<Template>,
}

fn t(title: &str, body: &str) -> Template {
    Template {
        title: title.into(),
        body: body.into(),
    }
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            canned: vec![
                t(
                    "Resent",
                    "I have sent your purchase again: you will find it just above this message. \
                     You can get it again any time with /purchases.",
                ),
                t(
                    "Looking into it",
                    "Thanks for writing. I am looking into it and will answer here today.",
                ),
                t(
                    "How to ask for a refund",
                    "Open /purchases and press \"Ask for a refund\" under the order: we answer \
                     within 24 hours and the Stars go back to your balance.",
                ),
            ],
            decline: vec![
                t(
                    "Code already used",
                    "The code was redeemed before the request, so it cannot be taken back. If \
                     it does not work for you, write here and we will help.",
                ),
                t(
                    "Outside the policy",
                    "This order is outside our refund policy. If something is wrong with it, \
                     write here and we will make it right.",
                ),
            ],
        }
    }
}

const TEMPLATES: &str = "support_templates";

pub async fn templates(store: &Store) -> Result<Templates> {
    Ok(db::settings::get(&store.read, TEMPLATES)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

pub async fn set_templates(store: &Store, who: &Who, templates: &Templates) -> Result<()> {
    for tpl in templates.canned.iter().chain(&templates.decline) {
        if tpl.title.trim().is_empty() || tpl.body.trim().is_empty() {
            return Err(Error::invalid("Every template needs a title and a text."));
        }
        if tpl.title.chars().count() > 60 {
            return Err(Error::invalid(format!(
                "\"{}…\": a title has at most 60 characters.",
                tpl.title.chars().take(20).collect::<String>()
            )));
        }
        if tpl.body.chars().count() > 1000 {
            return Err(Error::invalid(format!(
                "\"{}\": a template's text has at most 1,000 characters.",
                tpl.title
            )));
        }
    }
    let value = serde_json::to_string(templates).map_err(|e| Error::invalid(e.to_string()))?;
    let mut tx = store.write.begin().await?;
    db::settings::set(&mut *tx, TEMPLATES, &value).await?;
    audit::record(
        &mut *tx,
        who,
        Line {
            action: "settings.templates",
            subject: "support templates".into(),
            before: None,
            after: Some(format!(
                "{} canned replies, {} decline messages",
                templates.canned.len(),
                templates.decline.len()
            )),
            reason: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
