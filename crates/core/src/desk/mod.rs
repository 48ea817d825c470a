//! The running shop behind a window or `stardeskd`: which shop is open (the demo's or the real
//! one), the bot runtime started, stopped and restarted without leaving the process, and the
//! token. Transitions (start, stop, connect) take turns; the status and everything else never
//! wait on them, and no lock is held across a call to Telegram.

mod books;
mod connect;
mod referrals;
#[cfg(feature = "demo")]
mod shopper;
mod subscriptions;
mod support;

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::Duration,
};

use serde::{Deserialize, Serialize};

use crate::{
    attention,
    db::Store,
    deliveries,
    error::{Error, Result},
    events::{AppEvent, BotState, BotStatus, EventSink},
    reconcile,
    runtime::{BotConfig, BotRuntime, TELEGRAM_API},
    settings,
    shop::Shop,
    texts::Lang,
    token::{self, Sources, TokenPlace, TokenStore},
};

#[cfg(feature = "demo")]
pub use crate::demo::chat::{
    ChatButton, ChatEntity, ChatInvoice, ChatLine, DemoPurchase, DemoReferral, DemoStep, Shopper,
};
pub use crate::token::BotIdentity;

#[derive(Debug, Clone)]
pub struct DeskOptions {
    pub data_dir: PathBuf,
    /// The Bot API base used with a real token.
    pub api_url: String,
    /// Where demo mode's simulator listens.
    pub listen_sim: SocketAddr,
    /// Demo mode talks to a simulator already running here instead of starting its own.
    pub demo_api_url: Option<String>,
    /// In demo mode, a simulated customer buys something a few seconds after the first start.
    pub first_sale: bool,
    /// Where the token may be read from (tests use the data folder only).
    pub token_sources: Sources,
    /// Demo mode whatever token is saved (`stardeskd --demo`).
    pub demo_only: bool,
}

impl DeskOptions {
    pub fn new(data_dir: impl Into<PathBuf>) -> DeskOptions {
        DeskOptions {
            data_dir: data_dir.into(),
            api_url: std::env::var("STARDESK_API_URL").unwrap_or_else(|_| TELEGRAM_API.to_string()),
            listen_sim: SocketAddr::from(([127, 0, 0, 1], 0)),
            demo_api_url: None,
            first_sale: true,
            token_sources: Sources::System,
            demo_only: false,
        }
    }
}

/// Demo mode keeps its own shop here, inside the data folder: simulated orders never mix with
/// a real shop's, and the real shop's ledger cursor never sees the simulator's.
pub fn demo_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("demo")
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// No token yet: the bot talks to the built-in Telegram simulator, in the demo's own shop.
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
    /// The open shop's folder.
    pub data_dir: String,
    /// The simulator's address (demo mode).
    pub simulator_url: Option<String>,
}

/// The outcome of connecting a real bot.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Connected {
    pub bot: BotIdentity,
    pub status: DeskStatus,
    /// Products of the demo shop that could be copied into the real one (its catalog is
    /// empty); 0 when there is nothing to offer.
    pub demo_products: i64,
}

struct Session {
    /// The real bot's token; none in demo mode.
    token: Option<(String, TokenPlace)>,
    shop: Shop,
    runtime: Option<BotRuntime>,
    #[cfg(feature = "demo")]
    sim: Option<crate::demo::Simulator>,
}

impl Session {
    fn mode(&self) -> Mode {
        mode_of(&self.token)
    }
}

/// Live with a token, demo without: the mode is the token's presence, never kept apart from it.
fn mode_of<T>(token: &Option<T>) -> Mode {
    if token.is_some() {
        Mode::Live
    } else {
        Mode::Demo
    }
}

/// The shop session shared by the window's commands and stardeskd.
pub struct Desk {
    options: DeskOptions,
    events: Arc<dyn EventSink>,
    tokens: TokenStore,
    /// Start, stop, connect and disconnect take turns.
    lifecycle: tokio::sync::Mutex<()>,
    /// Held for moments only, never across an await.
    session: Mutex<Session>,
    #[cfg(feature = "demo")]
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

fn stopped() -> BotStatus {
    BotStatus {
        state: BotState::Stopped,
        bot_username: None,
        last_update_at: None,
        last_error: None,
        seq: crate::events::next_status_seq(),
    }
}

impl Desk {
    /// Opens the shop of the data folder (the demo's own when no token is saved); the bot
    /// starts with `start`.
    pub async fn open(options: DeskOptions, events: Arc<dyn EventSink>) -> Result<Desk> {
        let tokens = TokenStore::with_sources(&options.data_dir, options.token_sources);
        let token = if options.demo_only {
            None
        } else {
            let tokens = tokens.clone();
            blocking(move || tokens.load()).await??
        };
        let shop = open_shop(&options.data_dir, mode_of(&token), events.clone()).await?;
        Ok(Desk {
            options,
            events,
            tokens,
            lifecycle: tokio::sync::Mutex::new(()),
            session: Mutex::new(Session {
                token,
                shop,
                runtime: None,
                #[cfg(feature = "demo")]
                sim: None,
            }),
            #[cfg(feature = "demo")]
            shoppers: Arc::new(Mutex::new(Vec::new())),
        })
    }

    fn session(&self) -> std::sync::MutexGuard<'_, Session> {
        self.session.lock().expect("session lock")
    }

    /// The open shop: the real one, or the demo's.
    pub fn shop(&self) -> Shop {
        self.session().shop.clone()
    }

    pub fn store(&self) -> Store {
        self.session().shop.store.clone()
    }

    pub fn mode(&self) -> Mode {
        self.session().mode()
    }

    pub fn data_dir(&self) -> &Path {
        &self.options.data_dir
    }

    pub async fn status(&self) -> DeskStatus {
        self.status_now()
    }

    fn status_now(&self) -> DeskStatus {
        let s = self.session();
        let mut bot = s.runtime.as_ref().map_or_else(stopped, BotRuntime::status);
        if let (Some(e), Some((t, _))) = (&bot.last_error, &s.token) {
            bot.last_error = Some(token::redact(e, t));
        }
        let mode = s.mode();
        let dir = match mode {
            Mode::Live => self.options.data_dir.clone(),
            Mode::Demo => demo_dir(&self.options.data_dir),
        };
        DeskStatus {
            mode,
            bot,
            token_place: s.token.as_ref().map(|(_, p)| *p),
            data_dir: dir.display().to_string(),
            #[cfg(feature = "demo")]
            simulator_url: s.sim.as_ref().map(|sim| sim.url.clone()),
            #[cfg(not(feature = "demo"))]
            simulator_url: None,
        }
    }

    /// Starts the bot: with the saved token, or in demo mode against the built-in simulator.
    pub async fn start(&self) -> Result<DeskStatus> {
        let _turn = self.lifecycle.lock().await;
        self.start_now().await?;
        Ok(self.status_now())
    }

    async fn start_now(&self) -> Result<()> {
        let (token, shop) = {
            let s = self.session();
            if s.runtime.is_some() {
                return Ok(());
            }
            (s.token.clone(), s.shop.clone())
        };
        #[cfg(feature = "demo")]
        let demo = token.is_none();
        let config = match token {
            Some((token, _)) => {
                shop.clock.use_system();
                BotConfig::new(self.options.api_url.clone(), token)
            }
            None => {
                let config = self.demo_config(&shop).await?;
                // Demo mode lives on the simulator's time: "one month later" moves it.
                shop.clock.use_simulator(&config.api_url);
                config
            }
        };
        let runtime = BotRuntime::start(shop.clone(), config)?;
        let status = runtime.status();
        self.session().runtime = Some(runtime);
        // The runtime tells its first states (starting, maybe running) before the session holds
        // it, and whoever read the desk's status in between read "stopped": told again now.
        shop.emit(AppEvent::BotStatusChanged { status });
        #[cfg(feature = "demo")]
        if demo && self.options.first_sale {
            self.play_first_sale().await?;
        }
        Ok(())
    }

    #[cfg(not(feature = "demo"))]
    async fn demo_config(&self, _shop: &Shop) -> Result<BotConfig> {
        Err(Error::invalid(format!(
            "No bot token: set {} (from @BotFather) or save one from the window.",
            token::ENV
        )))
    }

    /// Stops the bot; the window and the store stay.
    pub async fn stop(&self) -> DeskStatus {
        let _turn = self.lifecycle.lock().await;
        self.stop_now().await;
        self.status_now()
    }

    async fn stop_now(&self) {
        let runtime = self.session().runtime.take();
        if let Some(runtime) = runtime {
            stop_runtime(runtime).await;
        }
    }

    pub async fn restart(&self) -> Result<DeskStatus> {
        let _turn = self.lifecycle.lock().await;
        self.stop_now().await;
        self.start_now().await?;
        Ok(self.status_now())
    }

    /// Stops everything before the process ends.
    pub async fn shutdown(&self) {
        let _turn = self.lifecycle.lock().await;
        self.stop_now().await;
        #[cfg(feature = "demo")]
        self.stop_simulator().await;
        let store = self.store();
        store.close().await;
    }

    /// The way to Telegram of the running bot, with the shop it serves.
    fn running(&self, what: &str) -> Result<(Shop, crate::bot::Api)> {
        let s = self.session();
        match &s.runtime {
            Some(r) => Ok((s.shop.clone(), r.api())),
            None => Err(Error::invalid(format!(
                "The bot is stopped. Start it first {what}."
            ))),
        }
    }

    /// The merchant's "deliver again" from the order drawer.
    pub async fn deliver_again(&self, who: &crate::audit::Who, order_id: i64) -> Result<()> {
        let (shop, api) = self.running(": messages to customers go out through it")?;
        deliveries::again(&shop, api.as_ref(), order_id, who).await
    }

    /// Compares the orders with Telegram's star ledger now.
    pub async fn reconcile(&self) -> Result<reconcile::Report> {
        let (reconciler, token) = {
            let s = self.session();
            match &s.runtime {
                Some(r) => (r.reconciler(), s.token.clone()),
                None => {
                    return Err(Error::invalid(
                        "The bot is stopped. Start it first to compare with Telegram's ledger.",
                    ));
                }
            }
        };
        reconciler.run().await.map_err(|e| match (e, &token) {
            (Error::Telegram(m), Some((t, _))) => Error::Telegram(token::redact(&m, t)),
            (e, _) => e,
        })
    }

    pub async fn resolve_attention(&self, id: i64) -> Result<()> {
        attention::resolve(&self.shop(), id).await
    }

    pub async fn notify_sales(&self) -> Result<bool> {
        settings::notify_sales(&self.store()).await
    }

    pub async fn set_notify_sales(&self, who: &crate::audit::Who, on: bool) -> Result<()> {
        settings::set_notify_sales(&self.store(), who, on).await
    }

    /// The window's language as the merchant chose it: "system" (the default), "en", "de" or
    /// "ru". It belongs to this computer's data folder, not to a shop: the demo's shop and the
    /// real one show the same.
    pub fn ui_language(&self) -> String {
        std::fs::read_to_string(self.data_dir().join(UI_LANGUAGE_FILE))
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| s == "system" || Lang::parse(s).is_ok())
            .unwrap_or_else(|| "system".into())
    }

    /// Sets the window's language: "system" or a language's code.
    pub fn set_ui_language(&self, choice: &str) -> Result<()> {
        let choice = match choice.trim() {
            "system" => "system",
            other => Lang::parse(other)?.code(),
        };
        std::fs::write(self.data_dir().join(UI_LANGUAGE_FILE), choice)?;
        Ok(())
    }
}

/// The window's language, in the data folder (see [`Desk::ui_language`]).
const UI_LANGUAGE_FILE: &str = "window-language";

/// The shop of a mode: the data folder's, or its demo folder's.
async fn open_shop(data_dir: &Path, mode: Mode, events: Arc<dyn EventSink>) -> Result<Shop> {
    let dir = match mode {
        Mode::Live => data_dir.to_path_buf(),
        Mode::Demo => demo_dir(data_dir),
    };
    let store = Store::open(&dir).await?;
    store.optimize().await?;
    Shop::open(store, events).await
}
