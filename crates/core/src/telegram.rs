//! Sending to Telegram, behind a small trait so services work (and are tested) without HTTP.
//! The real one makes plain Bot API calls with one retry policy: 429 honours `retry_after`, 5xx,
//! lost answers and network faults back off from a short first pause (backon), and a send that
//! keeps failing is reported, never dropped.
//! Every message takes its turn in the shop's pacer first, so Telegram's limits are kept ahead
//! of time; a 429 that comes anyway slows that chat down in the pacer too.

use std::{sync::Arc, time::Duration};

use backon::ExponentialBuilder;
use futures::future::BoxFuture;
use serde_json::{Value, json};
use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{Me, Seconds},
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

/// One attempt at a Bot API call, its answer read by `read_answer`: for the calls whose caller
/// keeps asking on its own and wants teloxide's error to say why.
pub async fn call_once<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: impl reqwest::IntoUrl,
    params: &Value,
    timeout: Duration,
) -> Result<T, RequestError> {
    let res = http
        .post(url)
        .json(params)
        .timeout(timeout)
        .send()
        .await
        .map_err(|e| RequestError::from(e.without_url()))?;
    let text = res
        .text()
        .await
        .map_err(|e| RequestError::from(e.without_url()))?;
    read_answer(&text)
}

/// Telegram's answer, read straight from its text as teloxide reads it (teloxide's `Update`
/// reads only from text): the result, or teloxide's error for what Telegram said.
pub fn read_answer<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, RequestError> {
    #[derive(serde::Deserialize)]
    struct Answer<T> {
        ok: bool,
        result: Option<T>,
        description: Option<String>,
        parameters: Option<Parameters>,
    }
    #[derive(serde::Deserialize)]
    struct Parameters {
        retry_after: Option<u32>,
    }
    let invalid = |e: serde_json::Error| RequestError::InvalidJson {
        source: Arc::new(e),
        raw: text.chars().take(200).collect::<String>().into(),
    };
    let answer: Answer<T> = serde_json::from_str(text).map_err(invalid)?;
    if answer.ok {
        return answer
            .result
            .ok_or_else(|| invalid(serde::de::Error::missing_field("result")));
    }
    if let Some(after) = answer.parameters.and_then(|p| p.retry_after) {
        return Err(RequestError::RetryAfter(Seconds::from_seconds(after)));
    }
    let description = answer.description.unwrap_or_default();
    let error = serde_json::from_value::<ApiError>(Value::String(description.clone()))
        .unwrap_or(ApiError::Unknown(description));
    Err(RequestError::Api(error))
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

/// Where the bot's Bot API calls go: the HTTP client and `<api url>/bot<token>`. The token is
/// part of the address, so no error's words carry the address.
#[derive(Clone)]
pub struct Endpoint {
    http: reqwest::Client,
    base: String,
    /// `base`, parsed once: a call's address is this with the method appended.
    url: Option<reqwest::Url>,
}

impl Endpoint {
    pub fn new(http: reqwest::Client, api_url: &str, token: &str) -> Endpoint {
        let base = format!("{}/bot{token}", api_url.trim_end_matches('/'));
        let url = reqwest::Url::parse(&base)
            .ok()
            .filter(|u| !u.cannot_be_a_base());
        Endpoint { http, base, url }
    }

    /// The address of `method`, without parsing the base again.
    fn method_url(&self, method: &str) -> Option<reqwest::Url> {
        let mut url = self.url.clone()?;
        url.path_segments_mut().ok()?.push(method);
        Some(url)
    }

    /// The address and client `bot` calls with.
    pub fn of(bot: &Bot) -> Endpoint {
        Endpoint::new(bot.client().clone(), bot.api_url().as_str(), bot.token())
    }
}

/// What a call sends: JSON parameters, or a form with a file to upload, built again for each
/// attempt (a form is read once).
#[derive(Clone, Copy)]
enum Body<'a> {
    Json(&'a Value),
    Upload(&'a (dyn Fn() -> reqwest::multipart::Form + Sync)),
}

/// One JSON call waits this long at most for Telegram's answer before it counts as lost.
const ATTEMPT: Duration = Duration::from_secs(10);

/// Why one attempt did not succeed.
struct Failed {
    error: SendError,
    /// Telegram's `retry_after` (a 429), in seconds.
    retry_after: Option<u64>,
    /// The request may have been carried out: its answer did not come back, or was not
    /// Telegram's (a gateway's page, a cut connection).
    lost: bool,
}

/// Why a call did not go through, and whether an earlier attempt may have landed.
struct CallError {
    error: SendError,
    maybe_landed: bool,
}

/// One attempt, as plain HTTP: an answer is read the moment it comes. (teloxide waits 10 s after
/// any 5xx before it returns the error, which would hold every send behind a server fault.)
async fn attempt(endpoint: &Endpoint, method: &str, body: Body<'_>) -> Result<Value, Failed> {
    // An address that does not parse fails the call with reqwest's own words.
    let req = match endpoint.method_url(method) {
        Some(url) => endpoint.http.post(url),
        None => endpoint.http.post(format!("{}/{method}", endpoint.base)),
    };
    let req = match body {
        Body::Json(params) => req.json(params).timeout(ATTEMPT),
        Body::Upload(form) => req.multipart(form()),
    };
    let gave_up = |what: String, lost: bool| Failed {
        error: SendError::GaveUp(format!("{method}: {what}")),
        retry_after: None,
        lost,
    };
    let res = match req.send().await {
        Ok(res) => res,
        // A connection never made carried nothing; any other failure may have.
        Err(e) => {
            let lost = !e.is_connect();
            return Err(gave_up(e.without_url().to_string(), lost));
        }
    };
    let status = res.status();
    let bytes = res
        .bytes()
        .await
        .map_err(|e| gave_up(e.without_url().to_string(), true))?;
    let Ok(mut body) = serde_json::from_slice::<Value>(&bytes) else {
        if status.is_server_error() {
            return Err(gave_up(
                format!("HTTP {status} without Telegram's answer"),
                true,
            ));
        }
        return Err(Failed {
            error: SendError::Refused(format!("{method}: HTTP {status} without Telegram's answer")),
            retry_after: None,
            lost: false,
        });
    };
    if body["ok"] == Value::Bool(true) {
        return Ok(body.get_mut("result").map(Value::take).unwrap_or_default());
    }
    let what = format!(
        "{method}: {}",
        body["description"].as_str().unwrap_or("refused")
    );
    let code = body["error_code"]
        .as_i64()
        .unwrap_or(status.as_u16().into());
    if code == 429 || code >= 500 {
        Err(Failed {
            error: SendError::GaveUp(what),
            retry_after: body["parameters"]["retry_after"].as_u64(),
            lost: false,
        })
    } else {
        Err(Failed {
            error: SendError::Refused(what),
            retry_after: None,
            lost: false,
        })
    }
}

/// How the bot's calls reach Telegram: every message waits its turn in the shop's pacer, a 429
/// holds its chat there for `retry_after`, and a server fault or a lost answer is tried again
/// after the policy's first short pause, doubling.
pub struct Caller<'a> {
    pub endpoint: &'a Endpoint,
    pub pacer: &'a Pacer,
    pub retry: RetryPolicy,
}

impl Caller<'_> {
    /// A Bot API method with JSON parameters; its JSON `result`.
    pub async fn call(
        &self,
        priority: Priority,
        method: &'static str,
        params: &Value,
    ) -> Result<Value, SendError> {
        let chat = pacer::counts(method).then(|| chat_of(params));
        self.send(priority, method, chat, Body::Json(params))
            .await
            .map_err(|e| e.error)
    }

    /// Every attempt until one succeeds, Telegram refuses, or the policy runs out.
    async fn send(
        &self,
        priority: Priority,
        method: &'static str,
        chat: Option<i64>,
        body: Body<'_>,
    ) -> Result<Value, CallError> {
        use backon::BackoffBuilder;
        let mut pauses = self.retry.backoff().build();
        let mut maybe_landed = false;
        loop {
            let out = {
                // Held until Telegram answered: the chat's next message counts from then.
                let _turn = match chat {
                    Some(chat) => Some(self.pacer.turn(chat, priority).await),
                    None => None,
                };
                attempt(self.endpoint, method, body).await
            };
            let failed = match out {
                Ok(result) => return Ok(result),
                Err(failed) => failed,
            };
            maybe_landed |= failed.lost;
            let retry_after = failed.retry_after.map(Duration::from_secs);
            if let (Some(chat), Some(after)) = (chat, retry_after) {
                self.pacer.told_to_wait(chat, after);
            }
            let pause = match (&failed.error, pauses.next()) {
                (SendError::GaveUp(_), Some(pause)) => retry_after.unwrap_or(pause),
                _ => {
                    return Err(CallError {
                        error: failed.error,
                        maybe_landed,
                    });
                }
            };
            tracing::warn!(%method, error = %failed.error, wait = ?pause, "Telegram call failed; retrying");
            tokio::time::sleep(pause).await;
        }
    }
}

/// The real Telegram (or the simulator): plain Bot API calls through `Caller`, with the retry
/// policy and the pacer. `bot` is teloxide's, for polling and the dispatcher.
#[derive(Clone)]
pub struct BotApi {
    pub bot: Bot,
    pub retry: RetryPolicy,
    endpoint: Endpoint,
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
            endpoint: Endpoint::new(http, api_url, token),
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

    /// The bot itself (`getMe`), in one attempt that returns the moment Telegram answers, with
    /// teloxide's error for what went wrong (the caller keeps asking, and says why).
    pub async fn get_me(&self) -> Result<Me, RequestError> {
        let url = format!("{}/getMe", self.endpoint.base);
        call_once(&self.endpoint.http, url, &json!({}), ATTEMPT).await
    }

    fn caller(&self) -> Caller<'_> {
        Caller {
            endpoint: &self.endpoint,
            pacer: &self.pacer,
            retry: self.retry,
        }
    }

    fn send_html_paced(
        &self,
        priority: Priority,
        chat: i64,
        html: String,
    ) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            let params = json!({ "chat_id": chat, "text": html, "parse_mode": "HTML" });
            self.caller()
                .call(priority, "sendMessage", &params)
                .await
                .map(|_| ())
        })
    }

    fn call_paced(
        &self,
        priority: Priority,
        method: &'static str,
        params: Value,
    ) -> BoxFuture<'_, Result<Value, SendError>> {
        Box::pin(async move { self.caller().call(priority, method, &params).await })
    }

    async fn ledger_page(&self, offset: i64, limit: i64) -> Result<Vec<Value>, SendError> {
        let params = json!({ "offset": offset, "limit": limit });
        let page = self
            .caller()
            .call(Priority::Delivery, "getStarTransactions", &params)
            .await?;
        Ok(page["transactions"].as_array().cloned().unwrap_or_default())
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
            let sent = match &document {
                Document::Known(id) => {
                    let params = json!({
                        "chat_id": chat,
                        "document": id,
                        "caption": caption,
                        "parse_mode": "HTML",
                    });
                    self.caller()
                        .call(Priority::Delivery, "sendDocument", &params)
                        .await?
                }
                Document::Upload { file_name, data } => {
                    let form = || {
                        let file = reqwest::multipart::Part::bytes(data.clone())
                            .file_name(file_name.clone());
                        reqwest::multipart::Form::new()
                            .text("chat_id", chat.to_string())
                            .text("caption", caption.clone())
                            .text("parse_mode", "HTML")
                            .part("document", file)
                    };
                    self.caller()
                        .send(
                            Priority::Delivery,
                            "sendDocument",
                            Some(chat),
                            Body::Upload(&form),
                        )
                        .await
                        .map_err(|e| e.error)?
                }
            };
            Ok(sent["document"]["file_id"].as_str().map(str::to_string))
        })
    }

    /// A refund whose answer was lost and which Telegram then calls already refunded is the
    /// lost attempt's: it is this refund, made once.
    fn refund_star_payment(
        &self,
        user: i64,
        charge_id: String,
    ) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            let params = json!({ "user_id": user, "telegram_payment_charge_id": charge_id });
            let body = Body::Json(&params);
            match self
                .caller()
                .send(Priority::Delivery, "refundStarPayment", None, body)
                .await
            {
                Ok(_) => Ok(()),
                Err(CallError {
                    error: SendError::Refused(m),
                    maybe_landed: true,
                }) if m.contains("CHARGE_ALREADY_REFUNDED") => {
                    tracing::info!(%charge_id, "refund's answer was lost; it had landed");
                    Ok(())
                }
                Err(e) => Err(e.error),
            }
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
        Box::pin(self.ledger_page(offset, limit))
    }
}
