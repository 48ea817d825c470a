//! Test harness: a simulator on a free port, a bot token, and helpers over real HTTP.
#![allow(dead_code)]

use std::time::Duration;

use bot_api_sim::SimServer;
use serde_json::{Value, json};
use tokio::time::{Instant, timeout};

pub const TOKEN: &str = "123456789:TEST-token_abc";
pub const BOT_ID: u64 = 123456789;

/// How long [`wait_until`] waits for its condition before it fails the test.
pub const WAIT_LIMIT: Duration = Duration::from_secs(10);
/// How often [`wait_until`] checks its condition.
const WAIT_INTERVAL: Duration = Duration::from_millis(10);

/// Checks `condition` every 10 ms until it holds. Panics, naming `what`, if it has not held
/// within [`WAIT_LIMIT`], a check included (a check that hangs fails the test too).
pub async fn wait_until(what: &str, mut condition: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + WAIT_LIMIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match timeout(left, condition()).await {
            Ok(true) => return,
            Ok(false) if Instant::now() < deadline => tokio::time::sleep(WAIT_INTERVAL).await,
            _ => panic!("gave up after {WAIT_LIMIT:?} waiting until {what}"),
        }
    }
}

pub struct Sim {
    pub server: SimServer,
    pub http: reqwest::Client,
}

impl Sim {
    pub async fn start() -> Sim {
        let server = SimServer::start("127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        Sim {
            server,
            http: reqwest::Client::new(),
        }
    }

    pub fn method_url(&self, method: &str) -> String {
        format!("{}/bot{TOKEN}/{method}", self.server.url())
    }

    /// Calls a Bot API method with a JSON body; returns the HTTP status and the body.
    pub async fn call(&self, method: &str, params: Value) -> (u16, Value) {
        let response = self
            .http
            .post(self.method_url(method))
            .json(&params)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    /// Calls a method that must succeed; returns its result.
    pub async fn ok(&self, method: &str, params: Value) -> Value {
        let (status, body) = self.call(method, params).await;
        assert_eq!(status, 200, "{method} failed: {body}");
        assert_eq!(body["ok"], json!(true));
        body["result"].clone()
    }

    /// Calls a method that must fail; returns the status and description.
    pub async fn fails(&self, method: &str, params: Value) -> (u16, String) {
        let (status, body) = self.call(method, params).await;
        assert_eq!(body["ok"], json!(false), "{method} should fail: {body}");
        assert_eq!(body["error_code"], json!(status));
        (status, body["description"].as_str().unwrap().to_owned())
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let url = format!("{}{path}", self.server.url());
        let response = self.http.post(url).json(&body).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let url = format!("{}{path}", self.server.url());
        let response = self.http.get(url).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    /// A `GET` that may wait (a long poll), running beside the test; its body when answered.
    pub fn get_later(&self, path: &str) -> tokio::task::JoinHandle<Value> {
        let url = format!("{}{path}", self.server.url());
        let http = self.http.clone();
        tokio::spawn(async move { http.get(url).send().await.unwrap().json().await.unwrap() })
    }

    /// `GET /sim/stats`.
    pub async fn stats(&self) -> Value {
        let (status, stats) = self.get("/sim/stats").await;
        assert_eq!(status, 200, "{stats}");
        stats
    }

    /// A counter of `GET /sim/stats`, e.g. `updates_created`.
    pub async fn stat(&self, name: &str) -> u64 {
        let stats = self.stats().await;
        stats[name]
            .as_u64()
            .unwrap_or_else(|| panic!("no counter {name} in {stats}"))
    }

    /// Bot API calls of `method` the simulator has received, whatever their outcome. Method
    /// names compare case-insensitively, as the simulator matches them (teloxide sends
    /// `GetUpdates`, counted as `getUpdates`).
    pub async fn requests(&self, method: &str) -> u64 {
        let stats = self.stats().await;
        stats["requests"]
            .as_object()
            .unwrap_or_else(|| panic!("no requests in {stats}"))
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case(method))
            .map(|(_, count)| count.as_u64().unwrap())
            .sum()
    }

    /// Waits until the simulator has received `count` calls of `method` in all. A call is
    /// counted as its handler starts; a `getUpdates` with a timeout and nothing queued then
    /// reads its (already sent) parameters and becomes the waiting long poll without waiting
    /// on anything else, so once it is counted a long poll has arrived and is waiting.
    pub async fn wait_for_requests(&self, method: &str, count: u64) {
        wait_until(
            &format!("the simulator has received {count} {method} call(s)"),
            async || self.requests(method).await >= count,
        )
        .await;
    }

    /// A customer with `stars`; also makes the test token the simulator's bot.
    pub async fn customer(&self, name: &str, stars: i64) -> u64 {
        self.ok("getMe", json!({})).await;
        let (status, body) = self
            .post(
                "/sim/users",
                json!({ "first_name": name, "username": name.to_lowercase(), "stars": stars }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["id"].as_u64().unwrap()
    }

    pub async fn stars(&self, user: u64) -> i64 {
        self.get(&format!("/sim/users/{user}")).await.1["stars"]
            .as_i64()
            .unwrap()
    }

    pub async fn balance(&self) -> i64 {
        self.ok("getMyStarBalance", json!({})).await["amount"]
            .as_i64()
            .unwrap()
    }

    /// Fetches and confirms every pending update.
    pub async fn drain(&self) -> Vec<Value> {
        let updates = self.ok("getUpdates", json!({ "timeout": 0 })).await;
        let updates = updates.as_array().unwrap().clone();
        if let Some(last) = updates.last() {
            let next = last["update_id"].as_i64().unwrap() + 1;
            self.ok("getUpdates", json!({ "offset": next, "timeout": 0 }))
                .await;
        }
        updates
    }

    /// Waits for the next update of `kind`, confirming everything before it.
    pub async fn next_update(&self, kind: &str) -> Value {
        for _ in 0..50 {
            let updates = self.ok("getUpdates", json!({ "timeout": 5 })).await;
            let updates = updates.as_array().unwrap();
            if let Some(last) = updates.last() {
                let next = last["update_id"].as_i64().unwrap() + 1;
                self.ok("getUpdates", json!({ "offset": next, "timeout": 0 }))
                    .await;
            }
            if let Some(found) = updates.iter().find(|u| u.get(kind).is_some()) {
                return found.clone();
            }
        }
        panic!("no {kind} update arrived");
    }

    /// Sends a Stars invoice to `user`; returns its message_id.
    pub async fn invoice(&self, user: u64, amount: u32, payload: &str) -> i64 {
        let message = self
            .ok(
                "sendInvoice",
                json!({
                    "chat_id": user,
                    "title": "Pro plan",
                    "description": "Thirty days of Pro",
                    "payload": payload,
                    "currency": "XTR",
                    "prices": [{ "label": "Pro", "amount": amount }],
                }),
            )
            .await;
        message["message_id"].as_i64().unwrap()
    }

    /// Starts a customer's payment in the background.
    pub fn pay(&self, user: u64, body: Value) -> tokio::task::JoinHandle<Value> {
        let url = format!("{}/sim/users/{user}/pay", self.server.url());
        let http = self.http.clone();
        tokio::spawn(async move {
            let response = http.post(url).json(&body).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 200);
            response.json().await.unwrap()
        })
    }

    /// The bot's side of a checkout: waits for the pre-checkout query and answers it.
    pub async fn answer_checkout(&self, ok: bool, error_message: Option<&str>) -> Value {
        let update = self.next_update("pre_checkout_query").await;
        let query = update["pre_checkout_query"].clone();
        let mut params = json!({ "pre_checkout_query_id": query["id"], "ok": ok });
        if let Some(message) = error_message {
            params["error_message"] = json!(message);
        }
        self.ok("answerPreCheckoutQuery", params).await;
        query
    }

    /// A full Stars purchase of a fresh invoice; returns the charge id.
    pub async fn purchase(&self, user: u64, amount: u32, payload: &str) -> String {
        let message_id = self.invoice(user, amount, payload).await;
        let pay = self.pay(user, json!({ "message_id": message_id }));
        self.answer_checkout(true, None).await;
        let result = pay.await.unwrap();
        assert_eq!(result["status"], "paid", "{result}");
        result["charge_id"].as_str().unwrap().to_owned()
    }
}
