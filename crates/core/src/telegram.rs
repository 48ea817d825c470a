//! Sending to Telegram, behind a small trait so services work (and are tested) without HTTP.
//! The real one wraps teloxide's `Bot` with one retry policy: 429 honours `retry_after`, 5xx and
//! network faults back off (backon), and a send that keeps failing is reported, never dropped.
//! Every message takes its turn in the shop's pacer first, so Telegram's limits are kept ahead
//! of time; a 429 that comes anyway slows that chat down in the pacer too.

use std::{future::Future, sync::Arc, time::Duration};

use backon::{ExponentialBuilder, Retryable};
use futures::future::BoxFuture;
use serde_json::Value;
use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{InputFile, ParseMode, TelegramTransactionId},
};

use crate::pacer::{self, Pacer, Priority};

/// Why a send did not go through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Telegram refused the request as it is: sending it again cannot succeed.
    #[error("{0}")]
    Refused(String),
    /// Telegram could not be reached, or kept failing until the retry policy ran out.
    #[error("{0}")]
    GaveUp(String),
}

impl SendError {
    /// Telegram will never accept this message as it is (too long for a message or caption).
    pub fn is_undeliverable(&self) -> bool {
        matches!(self, SendError::Refused(m) if {
            let m = m.to_ascii_lowercase();
            m.contains("too long") || m.contains("message_too_long")
        })
    }
}

/// A document to send: bytes to upload, or a file Telegram has already.
#[derive(Debug, Clone)]
pub enum Document {
    Upload { file_name: String, data: Vec<u8> },
    Known(String),
}

/// The few Bot API calls the services make. Messages go at `Priority::Delivery` unless sent
/// through the `_at` methods.
pub trait Telegram: Send + Sync {
    /// An HTML message to a customer's private chat.
    fn send_html(&self, chat: i64, html: String) -> BoxFuture<'_, Result<(), SendError>>;
    /// An HTML message that waits behind more urgent ones (a notice, a reminder).
    fn send_html_at(
        &self,
        priority: Priority,
        chat: i64,
        html: String,
    ) -> BoxFuture<'_, Result<(), SendError>> {
        let _ = priority;
        self.send_html(chat, html)
    }
    /// A document with an HTML caption; returns Telegram's file id of an uploaded file.
    fn send_document(
        &self,
        chat: i64,
        document: Document,
        caption: String,
    ) -> BoxFuture<'_, Result<Option<String>, SendError>>;
    /// Refunds a Stars payment in full.
    fn refund_star_payment(
        &self,
        user: i64,
        charge_id: String,
    ) -> BoxFuture<'_, Result<(), SendError>>;
    /// One page of the bot's Stars ledger (`getStarTransactions`), as JSON: read this way, a
    /// transaction type this version does not know cannot break the whole page.
    fn star_transactions(
        &self,
        offset: i64,
        limit: i64,
    ) -> BoxFuture<'_, Result<Vec<Value>, SendError>>;
    /// The bot's Stars balance (`getMyStarBalance`) in billionths of a Star: `amount` and
    /// `nanostar_amount` carry the same sign.
    fn my_star_balance(&self) -> BoxFuture<'_, Result<i64, SendError>> {
        Box::pin(async move {
            let v = self.call("getMyStarBalance", serde_json::json!({})).await?;
            let amount = v["amount"]
                .as_i64()
                .ok_or_else(|| SendError::Refused(format!("getMyStarBalance: no amount in {v}")))?;
            Ok(amount * 1_000_000_000 + v["nanostar_amount"].as_i64().unwrap_or(0))
        })
    }
    /// Any other Bot API method, with JSON parameters and its JSON `result`: channels, invite
    /// links, subscription invoices, messages with buttons. Read as JSON, a field this version
    /// of teloxide does not model cannot break the answer.
    fn call(&self, method: &'static str, params: Value) -> BoxFuture<'_, Result<Value, SendError>> {
        let _ = params;
        Box::pin(async move {
            Err(SendError::Refused(format!(
                "{method} is not available here"
            )))
        })
    }
    /// `call` for a message that waits behind more urgent ones.
    fn call_at(
        &self,
        priority: Priority,
        method: &'static str,
        params: Value,
    ) -> BoxFuture<'_, Result<Value, SendError>> {
        let _ = priority;
        self.call(method, params)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub attempts: usize,
    pub first_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 8,
            first_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The delays between attempts: doubling from `first_delay` up to `max_delay`.
    pub fn backoff(self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.first_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.attempts.saturating_sub(1))
    }

    /// The same delays without an end, for loops that keep trying until told to stop.
    pub fn endless(self) -> impl Iterator<Item = Duration> {
        use backon::BackoffBuilder;
        ExponentialBuilder::default()
            .with_min_delay(self.first_delay)
            .with_max_delay(self.max_delay)
            .without_max_times()
            .build()
    }
}

/// Whether trying the same request again can succeed.
pub fn is_transient(e: &RequestError) -> bool {
    match e {
        RequestError::RetryAfter(_) | RequestError::Network(_) | RequestError::Io(_) => true,
        // A server error with a body that is not Telegram's JSON (a proxy, a dropped response).
        RequestError::InvalidJson { .. } => true,
        RequestError::Api(ApiError::Unknown(text)) => {
            let t = text.to_ascii_lowercase();
            t.contains("internal server error")
                || t.contains("bad gateway")
                || t.contains("gateway")
                || t.contains("service unavailable")
                || t.contains("too many requests")
        }
        _ => false,
    }
}

/// Runs `send` until it succeeds, fails for good, or the policy runs out.
pub async fn with_retry<T, F, Fut>(
    policy: RetryPolicy,
    what: &str,
    send: F,
) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    send.retry(policy.backoff())
        .sleep(tokio::time::sleep)
        .when(is_transient)
        .adjust(|e, delay| match (e, delay) {
            // Telegram said how long to wait; the policy only says whether to try again.
            (RequestError::RetryAfter(s), Some(_)) => Some(s.duration()),
            (_, d) => d,
        })
        .notify(|e, wait| {
            tracing::warn!(%what, error = %e, ?wait, "Telegram call failed; retrying");
        })
        .await
}

/// `with_retry` for a message to `chat`: each attempt first waits its turn in the pacer, and a
/// 429 holds the chat there for as long as Telegram asked.
pub async fn paced<T, F, Fut>(
    pacer: &Pacer,
    chat: i64,
    priority: Priority,
    policy: RetryPolicy,
    what: &str,
    mut send: F,
) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    with_retry(policy, what, || {
        let attempt = send();
        async move {
            // Held until Telegram answered: the chat's next message counts from then.
            let _turn = pacer.turn(chat, priority).await;
            let out = attempt.await;
            if let Err(RequestError::RetryAfter(s)) = &out {
                pacer.told_to_wait(chat, s.duration());
            }
            out
        }
    })
    .await
}

/// The chat a JSON call is addressed to, as the pacer keys it (a channel's @username as a group).
fn chat_of(params: &Value) -> i64 {
    let id = &params["chat_id"];
    id.as_i64()
        .or_else(|| id.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            id.to_string().hash(&mut h);
            -((h.finish() >> 2) as i64) - 1
        })
}

fn send_error(e: RequestError) -> SendError {
    if is_transient(&e) {
        SendError::GaveUp(e.to_string())
    } else {
        SendError::Refused(e.to_string())
    }
}

/// The real Telegram (or the simulator): teloxide's `Bot` with the retry policy and the pacer.
#[derive(Clone)]
pub struct BotApi {
    pub bot: Bot,
    pub retry: RetryPolicy,
    http: reqwest::Client,
    api_url: String,
    token: String,
    pacer: Arc<Pacer>,
}

impl BotApi {
    pub fn new(
        bot: Bot,
        retry: RetryPolicy,
        http: reqwest::Client,
        api_url: &str,
        token: &str,
    ) -> BotApi {
        BotApi {
            bot,
            retry,
            http,
            api_url: api_url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            pacer: Arc::new(Pacer::new(Some(pacer::Limits::TELEGRAM))),
        }
    }

    /// Sends through `pacer` (the shop's, which the bot's handlers share).
    pub fn paced_by(mut self, pacer: Arc<Pacer>) -> BotApi {
        self.pacer = pacer;
        self
    }

    pub fn pacer(&self) -> &Arc<Pacer> {
        &self.pacer
    }

    fn send_html_paced(
        &self,
        priority: Priority,
        chat: i64,
        html: String,
    ) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            paced(
                &self.pacer,
                chat,
                priority,
                self.retry,
                "sendMessage",
                || {
                    self.bot
                        .send_message(ChatId(chat), html.clone())
                        .parse_mode(ParseMode::Html)
                        .send()
                },
            )
            .await
            .map(|_| ())
            .map_err(send_error)
        })
    }

    fn call_paced(
        &self,
        priority: Priority,
        method: &'static str,
        params: Value,
    ) -> BoxFuture<'_, Result<Value, SendError>> {
        Box::pin(async move {
            let chat = pacer::counts(method).then(|| chat_of(&params));
            let attempt = || async {
                let _turn = match chat {
                    Some(chat) => Some(self.pacer.turn(chat, priority).await),
                    None => None,
                };
                let out = self.raw(method, &params).await;
                if let (Some(chat), Err((_, Some(after)))) = (chat, &out) {
                    self.pacer.told_to_wait(chat, Duration::from_secs(*after));
                }
                out
            };
            let out = attempt
                .retry(self.retry.backoff())
                .sleep(tokio::time::sleep)
                .when(|(e, _)| matches!(e, SendError::GaveUp(_)))
                .adjust(|(_, after), delay| match (after, delay) {
                    (Some(s), Some(_)) => Some(Duration::from_secs(*s)),
                    (_, d) => d,
                })
                .notify(|(e, _), wait| {
                    tracing::warn!(%method, error = %e, ?wait, "Telegram call failed; retrying");
                })
                .await;
            out.map_err(|(e, _)| e)
        })
    }

    /// One Bot API call as JSON. 429 and server faults are `GaveUp` (worth another try), with
    /// Telegram's `retry_after` when it gave one; anything else Telegram says no to is `Refused`.
    async fn raw(&self, method: &str, params: &Value) -> Result<Value, (SendError, Option<u64>)> {
        let url = format!("{}/bot{}/{method}", self.api_url, self.token);
        let fault = |e: reqwest::Error| {
            (
                SendError::GaveUp(format!("{method}: {}", e.without_url())),
                None,
            )
        };
        let res = self
            .http
            .post(&url)
            .json(params)
            .send()
            .await
            .map_err(fault)?;
        let status = res.status();
        let body: Value = match res.json().await {
            Ok(v) => v,
            Err(e) if status.is_server_error() => return Err(fault(e)),
            Err(e) => {
                return Err((
                    SendError::Refused(format!("{method}: {}", e.without_url())),
                    None,
                ));
            }
        };
        if body["ok"] == Value::Bool(true) {
            return Ok(body["result"].clone());
        }
        let what = format!(
            "{method}: {}",
            body["description"].as_str().unwrap_or("refused")
        );
        let code = body["error_code"]
            .as_i64()
            .unwrap_or(status.as_u16().into());
        if code == 429 || code >= 500 {
            let after = body["parameters"]["retry_after"].as_u64();
            Err((SendError::GaveUp(what), after))
        } else {
            Err((SendError::Refused(what), None))
        }
    }

    async fn ledger_page(&self, offset: i64, limit: i64) -> Result<Vec<Value>, SendError> {
        let url = format!("{}/bot{}/getStarTransactions", self.api_url, self.token);
        // The token is part of the address; an error must not carry it.
        let fault = |e: reqwest::Error| {
            SendError::GaveUp(format!("getStarTransactions: {}", e.without_url()))
        };
        let body: Value = self
            .http
            .post(&url)
            .json(&serde_json::json!({ "offset": offset, "limit": limit }))
            .send()
            .await
            .map_err(fault)?
            .json()
            .await
            .map_err(fault)?;
        if body["ok"] != Value::Bool(true) {
            return Err(SendError::Refused(format!(
                "getStarTransactions: {}",
                body["description"].as_str().unwrap_or("refused")
            )));
        }
        Ok(body["result"]["transactions"]
            .as_array()
            .cloned()
            .unwrap_or_default())
    }
}

impl Telegram for BotApi {
    fn send_html(&self, chat: i64, html: String) -> BoxFuture<'_, Result<(), SendError>> {
        self.send_html_paced(Priority::Delivery, chat, html)
    }

    fn send_html_at(
        &self,
        priority: Priority,
        chat: i64,
        html: String,
    ) -> BoxFuture<'_, Result<(), SendError>> {
        self.send_html_paced(priority, chat, html)
    }

    fn send_document(
        &self,
        chat: i64,
        document: Document,
        caption: String,
    ) -> BoxFuture<'_, Result<Option<String>, SendError>> {
        Box::pin(async move {
            let sent = paced(
                &self.pacer,
                chat,
                Priority::Delivery,
                self.retry,
                "sendDocument",
                || {
                    let file = match &document {
                        Document::Known(id) => InputFile::file_id(id.clone().into()),
                        Document::Upload { file_name, data } => {
                            InputFile::memory(data.clone()).file_name(file_name.clone())
                        }
                    };
                    self.bot
                        .send_document(ChatId(chat), file)
                        .caption(caption.clone())
                        .parse_mode(ParseMode::Html)
                        .send()
                },
            )
            .await
            .map_err(send_error)?;
            Ok(sent.document().map(|d| d.file.id.0.clone()))
        })
    }

    fn refund_star_payment(
        &self,
        user: i64,
        charge_id: String,
    ) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            let charge = TelegramTransactionId(charge_id);
            with_retry(self.retry, "refundStarPayment", || {
                self.bot
                    .refund_star_payment(UserId(user as u64), charge.clone())
                    .send()
            })
            .await
            .map(|_| ())
            .map_err(send_error)
        })
    }

    fn call(&self, method: &'static str, params: Value) -> BoxFuture<'_, Result<Value, SendError>> {
        self.call_paced(Priority::Delivery, method, params)
    }

    fn call_at(
        &self,
        priority: Priority,
        method: &'static str,
        params: Value,
    ) -> BoxFuture<'_, Result<Value, SendError>> {
        self.call_paced(priority, method, params)
    }

    fn star_transactions(
        &self,
        offset: i64,
        limit: i64,
    ) -> BoxFuture<'_, Result<Vec<Value>, SendError>> {
        Box::pin(async move {
            (|| self.ledger_page(offset, limit))
                .retry(self.retry.backoff())
                .sleep(tokio::time::sleep)
                .when(|e| matches!(e, SendError::GaveUp(_)))
                .await
        })
    }
}
