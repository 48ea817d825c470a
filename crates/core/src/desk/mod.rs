//! The running shop behind the desktop window: its data folder, the bot runtime (started, stopped
//! and restarted without leaving the process), the token, and demo mode's simulator with its
//! simulated shopper.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::Duration,
};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use teloxide::{prelude::*, types::Me};

use crate::{
    attention,
    bot::delivery,
    catalog, demo,
    error::{Error, Result},
    events::{BotState, BotStatus, EventSink},
    reconcile,
    runtime::{BotConfig, BotRuntime, TELEGRAM_API, validate_token},
    settings,
    shop::Shop,
    sim_client::{ChatMessage, PayOutcome, SimClient},
    store::Store,
    token::{self, Keychain, TokenPlace, TokenStore},
};

/// Setting: a desktop notification for each new sale ("1" or "0"; on unless turned off).
pub const NOTIFY_SALES: &str = "notify_sales";
/// Setting: demo mode has played its first simulated sale in this data folder.
const DEMO_FIRST_SALE: &str = "demo_first_sale";

#[derive(Debug, Clone)]
pub struct DeskOptions {
    pub data_dir: PathBuf,
    /// The Bot API base used with a real token.
    pub api_url: String,
    /// Where demo mode's simulator listens.
    pub listen_sim: SocketAddr,
    /// In demo mode, a simulated customer buys something a few seconds after the first start.
    pub first_sale: bool,
}

impl DeskOptions {
    pub fn new(data_dir: impl Into<PathBuf>) -> DeskOptions {
        DeskOptions {
            data_dir: data_dir.into(),
            api_url: std::env::var("STARDESK_API_URL").unwrap_or_else(|_| TELEGRAM_API.to_string()),
            listen_sim: SocketAddr::from(([127, 0, 0, 1], 0)),
            first_sale: true,
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// No token yet: the bot talks to the built-in Telegram simulator.
    Demo,
    /// A real bot token, talking to Telegram.
    Live,
}

/// What the window shows about the running shop.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeskStatus {
    pub mode: Mode,
    pub bot: BotStatus,
    /// Where the token is kept (live mode).
    pub token_place: Option<TokenPlace>,
    pub data_dir: String,
    /// The simulator's address (demo mode).
    pub simulator_url: Option<String>,
}

/// The bot a token belongs to, as Telegram's `getMe` describes it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BotIdentity {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
}

/// A customer the simulated shopper panel created.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Shopper {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
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

/// One message of a simulated customer's chat with the bot, as the customer sees it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChatLine {
    pub message_id: i64,
    pub from_bot: bool,
    pub text: String,
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
    /// `paid`, `declined`, `timeout` or `insufficient_stars`.
    pub status: String,
    pub charge_id: Option<String>,
    /// Why the bot declined at pre-checkout.
    pub error_message: Option<String>,
    /// The first line of the goods message the customer received.
    pub goods: Option<String>,
}

impl DemoPurchase {
    fn of(outcome: PayOutcome, goods: Option<ChatMessage>) -> DemoPurchase {
        DemoPurchase {
            status: outcome.status,
            charge_id: outcome.charge_id,
            error_message: outcome.error_message,
            goods: goods.map(|g| first_line(&g)),
        }
    }
}

/// The outcome of connecting a real bot.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Connected {
    pub bot: BotIdentity,
    pub status: DeskStatus,
}

/// A step of the simulated shopper: what happened, and the chat after it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DemoStep {
    pub purchase: Option<DemoPurchase>,
    pub chat: Vec<ChatLine>,
}

struct Session {
    mode: Mode,
    token: Option<(String, TokenPlace)>,
    runtime: Option<BotRuntime>,
    sim: Option<bot_api_sim::SimServer>,
    sim_client: Option<SimClient>,
}

/// The shop session shared by the window's commands.
pub struct Desk {
    options: DeskOptions,
    shop: Shop,
    tokens: TokenStore,
    session: tokio::sync::Mutex<Session>,
    shoppers: Arc<Mutex<Vec<Shopper>>>,
}

/// The longest a bot takes to stop: its long poll ends within `poll_timeout` (10 s).
const STOP_WAIT: Duration = Duration::from_secs(15);

/// Stops a runtime, bounded: teloxide's shutdown future only hears a dispatcher that finishes
/// after it starts waiting (it notifies waiters, it stores no permit), so a dispatcher that stops
/// quickly can leave `BotRuntime::stop` waiting for ever.
async fn stop_runtime(runtime: BotRuntime) {
    if tokio::time::timeout(STOP_WAIT, runtime.stop())
        .await
        .is_err()
    {
        tracing::warn!("the bot took too long to stop; it was left to end on its own");
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))
}

fn sim_error(e: anyhow::Error) -> Error {
    Error::Telegram(format!("the simulator: {e}"))
}

impl Desk {
    /// Opens the data folder and reads the token; the bot starts with `start`.
    pub async fn open(options: DeskOptions, events: Arc<dyn EventSink>) -> Result<Desk> {
        let store = Store::open(&options.data_dir).await?;
        // SQLite's advice for long-lived connections: keep the planner's statistics fresh.
        sqlx::query("PRAGMA analysis_limit = 400")
            .execute(&store.write)
            .await?;
        sqlx::query("PRAGMA optimize = 0x10002")
            .execute(&store.write)
            .await?;
        let shop = Shop::open(store, events).await?;
        let tokens = TokenStore::new(&options.data_dir);
        let token = {
            let tokens = tokens.clone();
            blocking(move || tokens.load()).await??
        };
        let mode = if token.is_some() {
            Mode::Live
        } else {
            Mode::Demo
        };
        Ok(Desk {
            options,
            shop,
            tokens,
            session: tokio::sync::Mutex::new(Session {
                mode,
                token,
                runtime: None,
                sim: None,
                sim_client: None,
            }),
            shoppers: Arc::new(Mutex::new(Vec::new())),
        })
    }

    pub fn shop(&self) -> &Shop {
        &self.shop
    }

    pub fn store(&self) -> &Store {
        &self.shop.store
    }

    pub fn data_dir(&self) -> &Path {
        &self.options.data_dir
    }

    pub async fn status(&self) -> DeskStatus {
        let s = self.session.lock().await;
        self.status_of(&s)
    }

    fn status_of(&self, s: &Session) -> DeskStatus {
        let mut bot = match &s.runtime {
            Some(r) => r.status(),
            None => BotStatus {
                state: BotState::Stopped,
                bot_username: None,
                last_update_at: None,
                last_error: None,
            },
        };
        if let (Some(e), Some((t, _))) = (&bot.last_error, &s.token) {
            bot.last_error = Some(token::redact(e, t));
        }
        DeskStatus {
            mode: s.mode,
            bot,
            token_place: s.token.as_ref().map(|(_, p)| *p),
            data_dir: self.options.data_dir.display().to_string(),
            simulator_url: s.sim.as_ref().map(|sim| sim.url()),
        }
    }

    /// Starts the bot: with the saved token, or in demo mode against the built-in simulator.
    pub async fn start(&self) -> Result<DeskStatus> {
        let mut s = self.session.lock().await;
        self.start_locked(&mut s).await?;
        Ok(self.status_of(&s))
    }

    async fn start_locked(&self, s: &mut Session) -> Result<()> {
        if s.runtime.is_some() {
            return Ok(());
        }
        let config = match (s.mode, &s.token) {
            (Mode::Live, Some((token, _))) => {
                BotConfig::new(self.options.api_url.clone(), token.clone())
            }
            _ => {
                if s.sim.is_none() {
                    let sim = bot_api_sim::SimServer::start(self.options.listen_sim)
                        .await
                        .map_err(|e| {
                            Error::Io(std::io::Error::other(format!(
                                "the Telegram simulator could not start: {e}"
                            )))
                        })?;
                    s.sim_client = Some(SimClient::new(sim.url()));
                    s.sim = Some(sim);
                }
                demo::seed_catalog(&self.shop.store).await?;
                let url = s.sim.as_ref().map(|sim| sim.url()).unwrap_or_default();
                BotConfig::new(url, demo::DEMO_TOKEN)
            }
        };
        s.runtime = Some(BotRuntime::start(self.shop.clone(), config)?);
        if s.mode == Mode::Demo && self.options.first_sale {
            self.play_first_sale(s).await?;
        }
        Ok(())
    }

    /// So that a newcomer sees a sale land in the window within seconds of the first start.
    async fn play_first_sale(&self, s: &Session) -> Result<()> {
        if settings::get(&self.shop.store.write, DEMO_FIRST_SALE)
            .await?
            .is_some()
        {
            return Ok(());
        }
        settings::set(&self.shop.store.write, DEMO_FIRST_SALE, "1").await?;
        let Some(sim) = s.sim_client.clone() else {
            return Ok(());
        };
        let (store, shoppers) = (self.shop.store.clone(), self.shoppers.clone());
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(3)).await;
            let Some(product) = catalog::list(&store.read, false)
                .await
                .ok()
                .and_then(|l| l.into_iter().next())
            else {
                return;
            };
            match create_shopper(&sim, &shoppers, "Alice").await {
                Ok(alice) => {
                    if let Err(e) = sim.buy(alice.id, product.id, Duration::from_secs(30)).await {
                        tracing::warn!(error = %e, "the first demo sale did not go through");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "the demo shopper could not be created"),
            }
        });
        Ok(())
    }

    /// Stops the bot; the window and the store stay.
    pub async fn stop(&self) -> DeskStatus {
        let mut s = self.session.lock().await;
        if let Some(runtime) = s.runtime.take() {
            stop_runtime(runtime).await;
        }
        self.status_of(&s)
    }

    pub async fn restart(&self) -> Result<DeskStatus> {
        let mut s = self.session.lock().await;
        if let Some(runtime) = s.runtime.take() {
            stop_runtime(runtime).await;
        }
        self.start_locked(&mut s).await?;
        Ok(self.status_of(&s))
    }

    /// Stops everything before the process ends.
    pub async fn shutdown(&self) {
        let mut s = self.session.lock().await;
        if let Some(runtime) = s.runtime.take() {
            stop_runtime(runtime).await;
        }
        s.sim_client = None;
        if let Some(sim) = s.sim.take() {
            sim.shutdown().await;
        }
        self.shop.store.close().await;
    }

    pub async fn keychain(&self) -> Result<Keychain> {
        let tokens = self.tokens.clone();
        blocking(move || tokens.keychain()).await
    }

    /// Asks Telegram who a token belongs to; nothing is saved.
    pub async fn check_token(&self, token: &str) -> Result<BotIdentity> {
        let token = token.trim();
        validate_token(token)?;
        let url = reqwest::Url::parse(&self.options.api_url).map_err(|_| {
            Error::invalid(format!(
                "\"{}\" is not a valid Bot API address.",
                self.options.api_url
            ))
        })?;
        let bot = Bot::new(token).set_api_url(url);
        let me: Me = match tokio::time::timeout(Duration::from_secs(15), bot.get_me().send()).await
        {
            Err(_) => {
                return Err(Error::Telegram(
                    "Telegram did not answer within 15 seconds.".into(),
                ));
            }
            Ok(Err(teloxide::RequestError::Api(teloxide::ApiError::InvalidToken))) => {
                return Err(Error::invalid(
                    "Telegram does not know this token. Copy it again from @BotFather (/mybots → API Token).",
                ));
            }
            Ok(Err(e)) => return Err(Error::Telegram(token::redact(&e.to_string(), token))),
            Ok(Ok(me)) => me,
        };
        Ok(BotIdentity {
            id: me.id.0 as i64,
            first_name: me.user.first_name.clone(),
            username: me.user.username.clone(),
        })
    }

    /// Checks the token with Telegram, keeps it (keychain, or the 0600 file when allowed) and
    /// restarts the bot with it, leaving demo mode.
    pub async fn connect(&self, token: &str, allow_file: bool) -> Result<Connected> {
        let token = token.trim().to_string();
        let identity = self.check_token(&token).await?;
        let place = {
            let (tokens, token) = (self.tokens.clone(), token.clone());
            blocking(move || tokens.save(&token, allow_file)).await??
        };
        let mut s = self.session.lock().await;
        if let Some(runtime) = s.runtime.take() {
            stop_runtime(runtime).await;
        }
        s.sim_client = None;
        if let Some(sim) = s.sim.take() {
            sim.shutdown().await;
        }
        self.shoppers.lock().expect("shoppers").clear();
        s.mode = Mode::Live;
        s.token = Some((token, place));
        self.start_locked(&mut s).await?;
        Ok(Connected {
            bot: identity,
            status: self.status_of(&s),
        })
    }

    /// Forgets the token and goes back to demo mode.
    pub async fn disconnect(&self) -> Result<DeskStatus> {
        let mut s = self.session.lock().await;
        if matches!(s.token, Some((_, TokenPlace::Environment))) {
            return Err(Error::invalid(format!(
                "The token comes from the {} environment variable; unset it to disconnect.",
                token::ENV
            )));
        }
        let tokens = self.tokens.clone();
        blocking(move || tokens.forget()).await??;
        if let Some(runtime) = s.runtime.take() {
            stop_runtime(runtime).await;
        }
        s.mode = Mode::Demo;
        s.token = None;
        self.start_locked(&mut s).await?;
        Ok(self.status_of(&s))
    }

    async fn bot(&self) -> Result<Bot> {
        let s = self.session.lock().await;
        s.runtime.as_ref().map(|r| r.bot().clone()).ok_or_else(|| {
            Error::invalid(
                "The bot is stopped. Start it first: messages to customers go out through it.",
            )
        })
    }

    /// The merchant's "deliver again" from the order drawer.
    pub async fn deliver_again(&self, order_id: i64) -> Result<()> {
        let bot = self.bot().await?;
        delivery::again(&self.shop, &bot, order_id).await
    }

    /// Compares the orders with Telegram's star ledger now.
    pub async fn reconcile(&self) -> Result<reconcile::Report> {
        let s = self.session.lock().await;
        match &s.runtime {
            Some(r) => r.reconcile().await.map_err(|e| match (e, &s.token) {
                (Error::Telegram(m), Some((t, _))) => Error::Telegram(token::redact(&m, t)),
                (e, _) => e,
            }),
            None => Err(Error::invalid(
                "The bot is stopped. Start it first to compare with Telegram's ledger.",
            )),
        }
    }

    pub async fn resolve_attention(&self, id: i64) -> Result<()> {
        attention::resolve(&self.shop.store.write, id).await
    }

    pub async fn notify_sales(&self) -> Result<bool> {
        Ok(settings::get(&self.shop.store.read, NOTIFY_SALES)
            .await?
            .as_deref()
            != Some("0"))
    }

    pub async fn set_notify_sales(&self, on: bool) -> Result<()> {
        settings::set(
            &self.shop.store.write,
            NOTIFY_SALES,
            if on { "1" } else { "0" },
        )
        .await
    }

    // The simulated shopper panel (demo mode only).

    async fn sim(&self) -> Result<SimClient> {
        let s = self.session.lock().await;
        match (&s.mode, &s.sim_client) {
            (Mode::Demo, Some(c)) => Ok(c.clone()),
            (Mode::Demo, None) => Err(Error::invalid(
                "Start the bot first: the simulated shopper talks to it.",
            )),
            (Mode::Live, _) => Err(Error::invalid(
                "The simulated shopper works in demo mode only; your real bot is connected.",
            )),
        }
    }

    pub fn shoppers(&self) -> Vec<Shopper> {
        self.shoppers.lock().expect("shoppers").clone()
    }

    pub async fn create_shopper(&self, first_name: &str) -> Result<Shopper> {
        let name = first_name.trim();
        if name.is_empty() {
            return Err(Error::invalid("Give the customer a first name."));
        }
        if name.chars().count() > 64 {
            return Err(Error::invalid("A first name has at most 64 characters."));
        }
        let sim = self.sim().await?;
        create_shopper(&sim, &self.shoppers, name)
            .await
            .map_err(sim_error)
    }

    /// The customer opens the bot, as from its link: `/start`.
    pub async fn open_shop(&self, user: i64) -> Result<Vec<ChatLine>> {
        self.send(user, "/start").await
    }

    /// The customer writes to the bot; returns the chat once the bot has answered (or 5 s passed).
    pub async fn send(&self, user: i64, text: &str) -> Result<Vec<ChatLine>> {
        if text.trim().is_empty() {
            return Err(Error::invalid("Write a message first."));
        }
        let sim = self.sim().await?;
        let sent = sim.send(user, text.trim()).await.map_err(sim_error)?;
        let _ = sim
            .wait_for(user, sent, Duration::from_secs(5), |_| true)
            .await;
        self.chat_of(&sim, user).await
    }

    /// The customer taps an inline button under a bot message.
    pub async fn press(&self, user: i64, message_id: i64, data: &str) -> Result<Vec<ChatLine>> {
        let sim = self.sim().await?;
        let last = last_id(&sim, user).await?;
        sim.press(user, message_id, data).await.map_err(sim_error)?;
        let _ = sim
            .wait_for(user, last, Duration::from_secs(5), |_| true)
            .await;
        self.chat_of(&sim, user).await
    }

    /// The customer pays an invoice in the chat.
    pub async fn pay(&self, user: i64, message_id: i64) -> Result<DemoStep> {
        let sim = self.sim().await?;
        let outcome = sim.pay(user, message_id).await.map_err(sim_error)?;
        let goods = if outcome.status == "paid" {
            sim.wait_for(user, message_id, Duration::from_secs(10), is_goods)
                .await
                .ok()
        } else {
            None
        };
        Ok(DemoStep {
            purchase: Some(DemoPurchase::of(outcome, goods)),
            chat: self.chat_of(&sim, user).await?,
        })
    }

    /// The whole purchase in one go: the product's card, Buy, the invoice, payment, the goods.
    pub async fn buy(&self, user: i64, product_id: i64) -> Result<DemoStep> {
        let sim = self.sim().await?;
        let (outcome, goods) = sim
            .buy(user, product_id, Duration::from_secs(20))
            .await
            .map_err(sim_error)?;
        Ok(DemoStep {
            purchase: Some(DemoPurchase::of(outcome, goods)),
            chat: self.chat_of(&sim, user).await?,
        })
    }

    pub async fn chat(&self, user: i64) -> Result<Vec<ChatLine>> {
        let sim = self.sim().await?;
        self.chat_of(&sim, user).await
    }

    async fn chat_of(&self, sim: &SimClient, user: i64) -> Result<Vec<ChatLine>> {
        let chat = sim.chat(user).await.map_err(sim_error)?;
        Ok(chat.into_iter().map(ChatLine::from).collect())
    }
}

fn is_goods(m: &ChatMessage) -> bool {
    m.document.is_some()
        || m.body().starts_with("Here is your")
        || m.body().starts_with("Your code")
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

async fn last_id(sim: &SimClient, user: i64) -> Result<i64> {
    let chat = sim.chat(user).await.map_err(sim_error)?;
    Ok(chat.iter().map(|m| m.message_id).max().unwrap_or(0))
}

async fn create_shopper(
    sim: &SimClient,
    shoppers: &Mutex<Vec<Shopper>>,
    name: &str,
) -> anyhow::Result<Shopper> {
    let n = shoppers.lock().expect("shoppers").len() + 1;
    let slug: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    let username = format!(
        "{}_{n}",
        if slug.is_empty() {
            "shopper".to_string()
        } else {
            slug
        }
    );
    let id = sim.create_user(name, Some(&username)).await?;
    let shopper = Shopper {
        id,
        first_name: name.to_string(),
        username: Some(username),
    };
    shoppers.lock().expect("shoppers").push(shopper.clone());
    Ok(shopper)
}
