//! A client of the simulator's control API: plays customers for demo mode, benchmarks and tests.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::chat::is_goods;

#[derive(Clone)]
pub struct SimClient {
    http: reqwest::Client,
    base: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct ChatMessage {
    pub message_id: i64,
    #[serde(default)]
    pub from_bot: bool,
    pub text: Option<String>,
    pub caption: Option<String>,
    pub document: Option<Value>,
    pub invoice: Option<Value>,
    pub reply_markup: Option<Value>,
    pub successful_payment: Option<Value>,
    pub refunded_payment: Option<Value>,
    /// The formatting of `text` (bold, links…) as Bot API entities, offsets in UTF-16 units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caption_entities: Vec<Value>,
}

impl ChatMessage {
    /// The callback data of the first inline button whose data starts with `prefix`.
    pub fn button(&self, prefix: &str) -> Option<String> {
        self.buttons(prefix).into_iter().next()
    }

    /// The callback data of every inline button whose data starts with `prefix`, in order.
    pub fn buttons(&self, prefix: &str) -> Vec<String> {
        self.reply_markup
            .iter()
            .flat_map(|k| k["inline_keyboard"].as_array().into_iter().flatten())
            .flat_map(|row| row.as_array().into_iter().flatten())
            .filter_map(|b| b["callback_data"].as_str())
            .filter(|d| d.starts_with(prefix))
            .map(str::to_string)
            .collect()
    }

    /// The address of the first URL button whose text starts with `prefix`.
    pub fn url_button(&self, prefix: &str) -> Option<String> {
        self.reply_markup.as_ref()?["inline_keyboard"]
            .as_array()?
            .iter()
            .flat_map(|row| row.as_array().into_iter().flatten())
            .filter(|b| b["text"].as_str().is_some_and(|t| t.starts_with(prefix)))
            .find_map(|b| b["url"].as_str())
            .map(str::to_string)
    }

    /// Every URL button: its text and address.
    pub fn url_buttons(&self) -> Vec<(String, String)> {
        let Some(rows) = self
            .reply_markup
            .as_ref()
            .and_then(|k| k["inline_keyboard"].as_array())
        else {
            return Vec::new();
        };
        rows.iter()
            .flat_map(|row| row.as_array().into_iter().flatten())
            .filter_map(|b| Some((b["text"].as_str()?.into(), b["url"].as_str()?.into())))
            .collect()
    }

    /// The entities of the text, or of the caption when the message has no text.
    pub fn body_entities(&self) -> &[Value] {
        if self.text.is_some() {
            &self.entities
        } else {
            &self.caption_entities
        }
    }

    pub fn body(&self) -> &str {
        self.text
            .as_deref()
            .or(self.caption.as_deref())
            .unwrap_or("")
    }
}

/// What the bot answered a customer who opened a product to buy it.
#[derive(Debug, Clone)]
pub enum BuyAnswer {
    /// The invoice, after Buy.
    Invoice(ChatMessage),
    /// The card came without a Buy button (sold out, the customer's limit reached, not on sale).
    Card(ChatMessage),
    /// Buy was tapped and the bot said something other than an invoice (a refusal, or an order
    /// store credit paid wholly).
    Said(ChatMessage),
}

/// The affiliate of Telegram's affiliate program who brought a paying customer, and the share
/// of the payment Telegram passes on to them (the simulator's `pay`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affiliate {
    pub partner: AffiliatePartner,
    /// Stars per 1000 Stars paid, 1..=1000.
    pub commission_per_mille: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AffiliatePartner {
    /// A simulated user (or bot).
    User(i64),
    /// A channel: one made with `create_channel` (its title is known), or any id with a title.
    Chat { id: i64, title: Option<String> },
}

impl Affiliate {
    fn put(&self, body: &mut Value) {
        body["affiliate"] = match &self.partner {
            AffiliatePartner::User(id) => json!({ "user_id": id }),
            AffiliatePartner::Chat { id, title } => json!({ "chat_id": id, "title": title }),
        };
        body["commission_per_mille"] = json!(self.commission_per_mille);
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct PayOutcome {
    pub status: String,
    pub charge_id: Option<String>,
    /// The payment's service message in the chat, once paid.
    #[serde(default)]
    pub message_id: Option<i64>,
    pub error_message: Option<String>,
}

impl SimClient {
    pub fn new(base: impl Into<String>) -> SimClient {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(512)
            .build()
            .expect("an HTTP client");
        SimClient {
            http,
            base: base.into().trim_end_matches('/').to_string(),
        }
    }

    async fn post(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await?;
        let status = res.status();
        let v: Value = res.json().await?;
        anyhow::ensure!(status.is_success(), "{path}: {status} {v}");
        Ok(v)
    }

    async fn get(&self, path: &str) -> anyhow::Result<Value> {
        self.get_url(reqwest::Url::parse(&format!("{}{path}", self.base))?)
            .await
    }

    async fn get_url(&self, url: reqwest::Url) -> anyhow::Result<Value> {
        let path = url.path().to_string();
        let res = self.http.get(url).send().await?;
        let status = res.status();
        let v: Value = res.json().await?;
        anyhow::ensure!(status.is_success(), "{path}: {status} {v}");
        Ok(v)
    }

    pub async fn create_user(
        &self,
        first_name: &str,
        username: Option<&str>,
    ) -> anyhow::Result<i64> {
        let v = self
            .post(
                "/sim/users",
                json!({ "first_name": first_name, "username": username }),
            )
            .await?;
        v["id"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("no user id in {v}"))
    }

    /// A customer whose Telegram speaks `language_code` ("de", "ru-RU").
    pub async fn create_user_in(
        &self,
        first_name: &str,
        language_code: &str,
    ) -> anyhow::Result<i64> {
        self.create_user_with(first_name, None, language_code).await
    }

    /// A customer with a username and a language.
    pub async fn create_user_with(
        &self,
        first_name: &str,
        username: Option<&str>,
        language_code: &str,
    ) -> anyhow::Result<i64> {
        let v = self
            .post(
                "/sim/users",
                json!({
                    "first_name": first_name,
                    "username": username,
                    "language_code": language_code,
                }),
            )
            .await?;
        v["id"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("no user id in {v}"))
    }

    /// The Stars a customer has left to spend.
    pub async fn user_stars(&self, user: i64) -> anyhow::Result<i64> {
        let v = self.get(&format!("/sim/users/{user}")).await?;
        v["stars"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("no stars in {v}"))
    }

    /// A customer with this many Stars to spend.
    pub async fn create_user_with_stars(
        &self,
        first_name: &str,
        stars: i64,
    ) -> anyhow::Result<i64> {
        let v = self
            .post(
                "/sim/users",
                json!({ "first_name": first_name, "stars": stars }),
            )
            .await?;
        v["id"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("no user id in {v}"))
    }

    /// Pays an invoice link (a subscription's): whoever pays it is the payer.
    pub async fn pay_link(&self, user: i64, link: &str) -> anyhow::Result<PayOutcome> {
        let v = self
            .post(
                &format!("/sim/users/{user}/pay"),
                json!({ "invoice_link": link }),
            )
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    /// A private channel; returns its chat id.
    pub async fn create_channel(&self, title: &str) -> anyhow::Result<i64> {
        let v = self
            .post("/sim/channels", json!({ "title": title }))
            .await?;
        v["id"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("no channel id in {v}"))
    }

    /// A private channel with a chosen id, made once: the same channel after a restart.
    pub async fn ensure_channel(&self, id: i64, title: &str) -> anyhow::Result<i64> {
        let v = self
            .post("/sim/channels", json!({ "title": title, "id": id }))
            .await?;
        v["id"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("no channel id in {v}"))
    }

    /// Joins a channel with an invite link; Telegram's refusal is the error.
    pub async fn join(&self, user: i64, link: &str) -> anyhow::Result<()> {
        self.post(
            &format!("/sim/users/{user}/join"),
            json!({ "invite_link": link }),
        )
        .await?;
        Ok(())
    }

    pub async fn members(&self, channel: i64) -> anyhow::Result<Vec<i64>> {
        let v = self
            .get(&format!("/sim/channels/{channel}/members"))
            .await?;
        Ok(serde_json::from_value(v["members"].clone())?)
    }

    /// Moves the simulator's clock: renewals charge or lapse. Returns the new time.
    pub async fn advance_clock(&self, seconds: i64) -> anyhow::Result<i64> {
        let v = self
            .post("/sim/clock", json!({ "advance_seconds": seconds }))
            .await?;
        v["now"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("no time in {v}"))
    }

    pub async fn now(&self) -> anyhow::Result<i64> {
        let v = self.get("/sim/clock").await?;
        v["now"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("no time in {v}"))
    }

    pub async fn send(&self, user: i64, text: &str) -> anyhow::Result<i64> {
        let v = self
            .post(
                &format!("/sim/users/{user}/messages"),
                json!({ "text": text }),
            )
            .await?;
        v["message_id"]
            .as_i64()
            .ok_or_else(|| anyhow::anyhow!("no message id in {v}"))
    }

    pub async fn press(&self, user: i64, message_id: i64, data: &str) -> anyhow::Result<()> {
        self.post(
            &format!("/sim/users/{user}/callback"),
            json!({ "message_id": message_id, "data": data }),
        )
        .await?;
        Ok(())
    }

    pub async fn chat(&self, user: i64) -> anyhow::Result<Vec<ChatMessage>> {
        let v = self.get(&format!("/sim/users/{user}/chat")).await?;
        Ok(serde_json::from_value(v)?)
    }

    /// The messages after `since`, oldest first.
    pub async fn chat_since(&self, user: i64, since: i64) -> anyhow::Result<Vec<ChatMessage>> {
        let v = self
            .get(&format!("/sim/users/{user}/chat?since={since}"))
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Waits (up to `wait`) for a bot message after `after` that satisfies `want`.
    pub async fn wait_for(
        &self,
        user: i64,
        after: i64,
        wait: Duration,
        want: impl Fn(&ChatMessage) -> bool,
    ) -> anyhow::Result<ChatMessage> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut seen = after;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            anyhow::ensure!(
                !left.is_zero(),
                "user {user}: the bot's message did not come in {wait:?}"
            );
            let v = self
                .get(&format!(
                    "/sim/users/{user}/chat?after={seen}&since={seen}&wait_ms={}",
                    left.as_millis().min(5000)
                ))
                .await?;
            let chat: Vec<ChatMessage> = serde_json::from_value(v)?;
            if let Some(m) = chat
                .iter()
                .find(|m| m.from_bot && m.message_id > after && want(m))
            {
                return Ok(m.clone());
            }
            seen = chat
                .iter()
                .map(|m| m.message_id)
                .max()
                .unwrap_or(seen)
                .max(seen);
        }
    }

    /// Waits (up to `wait`) for a bot message after `after` whose text starts with `start`; the
    /// simulator answers when it is there, so a message before it costs no poll.
    pub async fn wait_for_start(
        &self,
        user: i64,
        after: i64,
        wait: Duration,
        start: &str,
    ) -> anyhow::Result<ChatMessage> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            anyhow::ensure!(
                !left.is_zero(),
                "user {user}: no bot message starting {start:?} came in {wait:?}"
            );
            let mut url = reqwest::Url::parse(&format!("{}/sim/users/{user}/chat", self.base))?;
            url.query_pairs_mut()
                .append_pair("after", &after.to_string())
                .append_pair("since", &after.to_string())
                .append_pair("wait_ms", &left.as_millis().min(5000).to_string())
                .append_pair("starts_with", start);
            let v = self.get_url(url).await?;
            let chat: Vec<ChatMessage> = serde_json::from_value(v)?;
            if let Some(m) = chat
                .into_iter()
                .find(|m| m.from_bot && m.body().starts_with(start))
            {
                return Ok(m);
            }
        }
    }

    pub async fn pay(&self, user: i64, message_id: i64) -> anyhow::Result<PayOutcome> {
        self.pay_through(user, message_id, None).await
    }

    /// Pays an invoice message; with an `affiliate`, the customer came through them and Telegram
    /// passes their commission on (the bot's ledger line says so, `successful_payment` does not).
    pub async fn pay_through(
        &self,
        user: i64,
        message_id: i64,
        affiliate: Option<&Affiliate>,
    ) -> anyhow::Result<PayOutcome> {
        let mut body = json!({ "message_id": message_id });
        if let Some(a) = affiliate {
            a.put(&mut body);
        }
        let v = self.post(&format!("/sim/users/{user}/pay"), body).await?;
        Ok(serde_json::from_value(v)?)
    }

    pub async fn transactions(&self) -> anyhow::Result<Vec<Value>> {
        let v = self.get("/sim/transactions").await?;
        let list = v.get("transactions").cloned().unwrap_or(v);
        Ok(serde_json::from_value(list)?)
    }

    /// The refunds in the bot's star ledger: its lines paid out to a customer.
    pub async fn refunds_in_ledger(&self) -> anyhow::Result<usize> {
        Ok(self
            .transactions()
            .await?
            .iter()
            .filter(|t| t["receiver"]["type"] == "user")
            .count())
    }

    pub async fn faults(&self, faults: Value) -> anyhow::Result<()> {
        self.post("/sim/faults", faults).await?;
        Ok(())
    }

    /// The bot's owner withdraws Stars; returns the balance left.
    pub async fn withdraw(&self, stars: i64) -> anyhow::Result<i64> {
        let v = self
            .post("/sim/bot/withdraw", serde_json::json!({ "stars": stars }))
            .await?;
        Ok(v["balance"].as_i64().unwrap_or_default())
    }

    pub async fn balance(&self) -> anyhow::Result<i64> {
        Ok(self.bot().await?["balance"].as_i64().unwrap_or_default())
    }

    /// The bot as the simulator knows it: id, username, registered commands, balance.
    pub async fn bot(&self) -> anyhow::Result<Value> {
        self.get("/sim/bot").await
    }

    /// The commands the bot registered with `setMyCommands`, without their slash.
    pub async fn bot_commands(&self) -> anyhow::Result<Vec<String>> {
        Ok(self.bot().await?["commands"]
            .as_array()
            .map(|c| {
                c.iter()
                    .filter_map(|c| c["command"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    pub async fn stats(&self) -> anyhow::Result<Value> {
        self.get("/sim/stats").await
    }

    pub async fn file(&self, file_id: &str) -> anyhow::Result<Vec<u8>> {
        let res = self
            .http
            .get(format!("{}/sim/files/{file_id}", self.base))
            .send()
            .await?;
        anyhow::ensure!(
            res.status().is_success(),
            "file {file_id}: {}",
            res.status()
        );
        Ok(res.bytes().await?.to_vec())
    }

    /// The customer opens the product's deep link and taps Buy; returns the invoice message.
    pub async fn open_invoice(
        &self,
        user: i64,
        product_id: i64,
        wait: Duration,
    ) -> anyhow::Result<ChatMessage> {
        match self.tap_buy(user, product_id, wait).await? {
            BuyAnswer::Invoice(m) => Ok(m),
            BuyAnswer::Card(m) => anyhow::bail!("no Buy button: {}", m.body()),
            BuyAnswer::Said(m) => anyhow::bail!("no invoice: the bot said {:?}", m.body()),
        }
    }

    /// Taps a button that brings an invoice (Buy, ×N, Buy again, a tip) and waits for it.
    pub async fn press_for_invoice(
        &self,
        user: i64,
        message_id: i64,
        data: &str,
        wait: Duration,
    ) -> anyhow::Result<ChatMessage> {
        self.press(user, message_id, data).await?;
        self.wait_for(user, message_id, wait, |m| m.invoice.is_some())
            .await
    }

    /// The product's card with its Buy button, from the product's deep link.
    pub async fn open_card(
        &self,
        user: i64,
        product_id: i64,
        wait: Duration,
    ) -> anyhow::Result<ChatMessage> {
        let sent = self.send(user, &format!("/start p_{product_id}")).await?;
        self.wait_for(user, sent, wait, |m| m.button("buy:").is_some())
            .await
    }

    /// The product's card from its deep link, then Buy when the card has one: the invoice, or
    /// the bot's answer instead of one (a card with no Buy, a refusal).
    pub async fn tap_buy(
        &self,
        user: i64,
        product_id: i64,
        wait: Duration,
    ) -> anyhow::Result<BuyAnswer> {
        let sent = self.send(user, &format!("/start p_{product_id}")).await?;
        // The card (with Buy, or with « Catalog alone), or why there is none; not a late
        // receipt of an earlier purchase.
        let card = self
            .wait_for(user, sent, wait, |m| {
                m.button("buy:").is_some()
                    || m.button("shop").is_some()
                    || m.body().contains("not on sale")
            })
            .await?;
        let Some(buy) = card.button("buy:") else {
            return Ok(BuyAnswer::Card(card));
        };
        self.press(user, card.message_id, &buy).await?;
        // The invoice, the terms to accept first, or a sentence instead of it: never the goods
        // or receipt of an earlier purchase, which go out beside the customer's next taps.
        let answer = self
            .wait_for(user, card.message_id, wait, |m| {
                m.invoice.is_some()
                    || m.button("accept:").is_some()
                    || (m.reply_markup.is_none()
                        && !m.body().starts_with("Receipt")
                        && !is_goods(m))
            })
            .await?;
        Ok(if answer.invoice.is_some() {
            BuyAnswer::Invoice(answer)
        } else {
            BuyAnswer::Said(answer)
        })
    }

    /// A whole purchase as a customer makes it: the product's card from its deep link, Buy, pay.
    /// Returns the pay outcome and, when paid, the bot's goods message.
    pub async fn buy(
        &self,
        user: i64,
        product_id: i64,
        wait: Duration,
    ) -> anyhow::Result<(PayOutcome, Option<ChatMessage>)> {
        let invoice = self.open_invoice(user, product_id, wait).await?;
        let outcome = self.pay(user, invoice.message_id).await?;
        if outcome.status != "paid" {
            return Ok((outcome, None));
        }
        let goods = self
            .wait_for(user, invoice.message_id, wait, |m| {
                m.document.is_some()
                    || m.body().starts_with("Here is your")
                    || m.body().starts_with("Your code")
            })
            .await?;
        Ok((outcome, Some(goods)))
    }
}
