//! The bot runtime embedded in a process: started, stopped and restarted without exiting.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use teloxide::{
    dispatching::ShutdownToken, error_handlers::LoggingErrorHandler, prelude::*, stop::StopToken,
    types::BotCommand, update_listeners::UpdateListener, utils::command::BotCommands,
};
use tokio::{sync::watch, task::JoinHandle};

use crate::{
    bot::{
        self, Api, Command, Halt,
        flood::{self, FloodGuard},
        listener::{PollObserver, Polling},
    },
    channel_access,
    db::now,
    deliveries,
    error::{Error, Result},
    events::{AppEvent, BotState, BotStatus},
    inbox::{self, Finisher},
    reconcile,
    shop::Shop,
    subscriptions,
    telegram::{BotApi, RetryPolicy, Telegram},
};

pub const TELEGRAM_API: &str = "https://api.telegram.org";

#[derive(Debug, Clone)]
pub struct BotConfig {
    /// The Bot API base: Telegram's, or the simulator's.
    pub api_url: String,
    pub token: String,
    /// Seconds a `getUpdates` long poll waits.
    pub poll_timeout: u32,
    /// How often the scheduler looks for due work (reminders, removals); a nudge runs it at once.
    pub schedule_every: Duration,
    /// How often Telegram's ledger is read again without anyone asking. `successful_payment`
    /// carries no affiliate commission, so this is how an order learns what Telegram's affiliate
    /// program took; a missing order or a refund made elsewhere is found on the way. Cheap: the
    /// run starts a page behind the bot's cursor.
    pub reconcile_every: Duration,
    /// Telegram's send limits, kept ahead of time by the shop's pacer; `None` sends at once.
    /// `STARDESK_UNPACED=1` switches pacing off: the checkout benchmark drives the bot at
    /// 1,000 purchases a second, far above Telegram's 30 messages a second, against a simulator
    /// that does not limit it, so it runs unpaced. A real bot never should.
    pub pacing: Option<crate::pacer::Limits>,
}

impl BotConfig {
    pub fn new(api_url: impl Into<String>, token: impl Into<String>) -> BotConfig {
        BotConfig {
            api_url: api_url.into(),
            token: token.into(),
            poll_timeout: 10,
            schedule_every: Duration::from_secs(60),
            reconcile_every: Duration::from_secs(300),
            pacing: (std::env::var("STARDESK_UNPACED").as_deref() != Ok("1"))
                .then_some(crate::pacer::Limits::TELEGRAM),
        }
    }

    /// The bot's id: the digits before the token's colon.
    pub fn bot_id(&self) -> i64 {
        bot_id(&self.token)
    }
}

/// The bot a token belongs to (0 for a token of the wrong shape, which `validate_token` refuses).
pub fn bot_id(token: &str) -> i64 {
    token
        .split_once(':')
        .and_then(|(id, _)| id.parse().ok())
        .unwrap_or(0)
}

/// Checks a token's shape before anything is sent with it.
pub fn validate_token(token: &str) -> Result<()> {
    let ok = token.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && secret.len() >= 3
    });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "That does not look like a bot token: it is digits, a colon and a secret, as @BotFather gives it.",
        ))
    }
}

/// The way to Telegram for a token, without polling: what the services send through.
pub fn api(config: &BotConfig, retry: RetryPolicy) -> Result<BotApi> {
    validate_token(&config.token)?;
    let url = reqwest::Url::parse(&config.api_url).map_err(|_| {
        Error::invalid(format!(
            "\"{}\" is not a valid Bot API address.",
            config.api_url
        ))
    })?;
    let http = teloxide::net::default_reqwest_settings()
        .timeout(Duration::from_secs(u64::from(config.poll_timeout) + 10))
        .pool_max_idle_per_host(256)
        .build()
        .map_err(|e| Error::Telegram(e.to_string()))?;
    let bot = Bot::with_client(config.token.clone(), http.clone()).set_api_url(url);
    Ok(
        BotApi::new(bot, retry, http, &config.api_url, &config.token)
            .paced_by(Arc::new(crate::pacer::Pacer::new(config.pacing))),
    )
}

/// The bot's state as the window shows it, updated as it changes.
struct StatusCell {
    shop: Shop,
    status: Mutex<BotStatus>,
    /// Set once the runtime is asked to stop: what its last polls report then is old news
    /// (a new runtime may already be starting), so only the final "stopped" is told.
    retired: std::sync::atomic::AtomicBool,
}

impl StatusCell {
    fn set(&self, f: impl FnOnce(&mut BotStatus)) {
        if self.retired.load(std::sync::atomic::Ordering::Acquire) {
            return;
        }
        self.tell(f);
    }

    fn tell(&self, f: impl FnOnce(&mut BotStatus)) {
        let changed = {
            let mut s = self.status.lock().expect("status lock");
            let before = s.clone();
            f(&mut s);
            let changed = before.state != s.state
                || before.last_error != s.last_error
                || before.bot_username != s.bot_username;
            if changed {
                s.seq = crate::events::next_status_seq();
            }
            changed.then(|| s.clone())
        };
        if let Some(status) = changed {
            self.shop.emit(AppEvent::BotStatusChanged { status });
        }
    }
}

impl PollObserver for StatusCell {
    fn fetched(&self, count: usize) {
        self.set(|s| {
            s.state = BotState::Running;
            s.last_error = None;
            if count > 0 {
                s.last_update_at = Some(now());
            }
        });
    }

    fn failed(&self, error: &str) {
        let error = error.to_string();
        self.set(|s| {
            s.state = BotState::Failing;
            s.last_error = Some(error);
        });
    }
}

/// How long handlers still running may finish when the bot stops; then they are halted.
pub const STOP_GRACE: Duration = Duration::from_millis(250);

/// What `stop` needs of a running bot, filled in as `run` gets to it.
#[derive(Default)]
struct Controls {
    /// Ends the update listener, even in the middle of a long poll.
    listener: Option<StopToken>,
    /// Asks the dispatcher to end; only asked, never awaited.
    shutdown: Option<ShutdownToken>,
    /// Stops marking updates done before the handlers are halted.
    finisher: Option<Finisher>,
}

/// Tasks that end with the runtime, however it ends (an abort included).
struct Background(Vec<JoinHandle<()>>);

impl Drop for Background {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

pub struct BotRuntime {
    status: Arc<StatusCell>,
    stop: watch::Sender<bool>,
    controls: Arc<Mutex<Controls>>,
    halt: Halt,
    task: JoinHandle<()>,
    api: Arc<BotApi>,
    config: BotConfig,
    shop: Shop,
    nudge: Arc<tokio::sync::Notify>,
}

impl BotRuntime {
    /// Starts the bot in the background; connection problems show in `status()`, not as an error.
    pub fn start(shop: Shop, config: BotConfig) -> Result<BotRuntime> {
        // The handlers' own messages and the services' take turns in the same pacer.
        shop.pacer.set_limits(config.pacing);
        let api = Arc::new(api(&config, shop.retry)?.paced_by(shop.pacer.clone()));
        let status = Arc::new(StatusCell {
            shop: shop.clone(),
            status: Mutex::new(BotStatus {
                state: BotState::Starting,
                bot_username: None,
                last_update_at: None,
                last_error: None,
                seq: crate::events::next_status_seq(),
            }),
            retired: std::sync::atomic::AtomicBool::new(false),
        });
        shop.emit(AppEvent::BotStatusChanged {
            status: status.status.lock().expect("status lock").clone(),
        });
        let (stop, stopped) = watch::channel(false);
        let controls = Arc::new(Mutex::new(Controls::default()));
        let halt = Halt::default();
        let nudge = Arc::new(tokio::sync::Notify::new());
        let task = tokio::spawn(run(
            shop.clone(),
            api.clone(),
            config.clone(),
            status.clone(),
            stopped,
            Running {
                controls: controls.clone(),
                halt: halt.clone(),
                nudge: nudge.clone(),
            },
        ));
        Ok(BotRuntime {
            status,
            stop,
            controls,
            halt,
            task,
            api,
            config,
            shop,
            nudge,
        })
    }

    /// Asks the scheduler to look for due work now (the clock moved, a setting changed).
    pub fn nudge_scheduler(&self) {
        self.nudge.notify_one();
    }

    pub fn status(&self) -> BotStatus {
        self.status.status.lock().expect("status lock").clone()
    }

    /// The way to Telegram the services use while this bot runs.
    pub fn api(&self) -> Api {
        self.api.clone()
    }

    pub fn bot_id(&self) -> i64 {
        self.config.bot_id()
    }

    /// A handle that reconciles with this bot's ledger without holding the runtime.
    pub fn reconciler(&self) -> Reconciler {
        Reconciler {
            shop: self.shop.clone(),
            api: self.api.clone(),
            bot_id: self.config.bot_id(),
        }
    }

    /// Stops polling, gives running handlers `STOP_GRACE` to finish, then halts them where they
    /// wait. A halted handler's update stays unfinished in the inbox and runs again at the next
    /// start, and a delivery it was making is a durable row resumed then: nothing is lost, and
    /// the stop takes well under a second, a chat's full queue or a payment in hand included.
    pub async fn stop(self) {
        self.status
            .retired
            .store(true, std::sync::atomic::Ordering::Release);
        // `run` reads this before it starts a listener, after it handed over the listener's
        // token: whichever comes first, the listener is stopped.
        let _ = self.stop.send(true);
        let (listener, shutdown) = {
            let c = self.controls.lock().expect("controls lock");
            (c.listener.clone(), c.shutdown.clone())
        };
        if let Some(listener) = listener {
            listener.stop();
        }
        // Only ask: the future `shutdown` returns can miss the dispatcher's "done" signal.
        if let Some(shutdown) = shutdown {
            let _ = shutdown.shutdown();
        }
        let mut task = self.task;
        let ended = tokio::time::timeout(STOP_GRACE, &mut task).await.is_ok();
        let finisher = self
            .controls
            .lock()
            .expect("controls lock")
            .finisher
            .clone();
        // From here a dropped ticket no longer marks its update done.
        let written = finisher.map(|f| f.close());
        if !ended {
            self.halt.halt();
            if tokio::time::timeout(STOP_GRACE, &mut task).await.is_err() {
                tracing::warn!("the bot did not stop when halted; stopping it hard");
                task.abort();
                let _ = task.await;
            }
        }
        if let Some(written) = written
            && tokio::time::timeout(STOP_GRACE, written).await.is_err()
        {
            tracing::warn!(
                "finished updates not written in time; they run again at the next start"
            );
        }
        self.status.tell(|s| s.state = BotState::Stopped);
    }
}

/// Reconciliation with one bot's ledger, on demand.
#[derive(Clone)]
pub struct Reconciler {
    shop: Shop,
    api: Arc<BotApi>,
    bot_id: i64,
}

impl Reconciler {
    pub async fn run(&self) -> Result<reconcile::Report> {
        reconcile::run(&self.shop, self.api.as_ref(), self.bot_id).await
    }
}

/// What `run` shares with the runtime's handle.
struct Running {
    controls: Arc<Mutex<Controls>>,
    halt: Halt,
    nudge: Arc<tokio::sync::Notify>,
}

async fn run(
    shop: Shop,
    api: Arc<BotApi>,
    config: BotConfig,
    status: Arc<StatusCell>,
    mut stopped: watch::Receiver<bool>,
    running: Running,
) {
    let Running {
        controls,
        halt,
        nudge,
    } = running;
    let bot = api.bot.clone();
    let bot_id = config.bot_id();
    let slower = || {
        RetryPolicy {
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            ..RetryPolicy::default()
        }
        .endless()
    };
    // Until Telegram answers getMe there is nothing to poll; keep asking, slower each time.
    let mut waits = slower();
    let me = loop {
        // A plain call: teloxide's would wait 10 s after a server fault before it returned.
        match api.get_me().await {
            Ok(me) => break me,
            Err(e) => {
                let error = crate::token::status_words(&e, &config.api_url, &config.token);
                status.set(|s| {
                    s.state = BotState::Failing;
                    s.last_error = Some(error);
                });
                let wait = waits.next().unwrap_or(Duration::from_secs(30));
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {},
                    _ = stopped.changed() => return,
                }
            }
        }
    };
    let username = me.username.clone();
    *shop.bot_username.write().unwrap_or_else(|p| p.into_inner()) = username.clone();
    status.set(|s| {
        s.state = BotState::Running;
        s.bot_username = username;
        s.last_error = None;
    });
    let _ = api.call("deleteWebhook", serde_json::json!({})).await;
    // The menu in each language the bot speaks; English is also the one for everyone else.
    for lang in crate::texts::Lang::ALL {
        let commands: Vec<BotCommand> = Command::bot_commands()
            .into_iter()
            .map(|c| {
                let name = c.command.trim_start_matches('/');
                BotCommand::new(name, crate::texts::command_description(lang, name))
            })
            .collect();
        let mut params = serde_json::json!({ "commands": commands });
        if lang != crate::texts::Lang::En {
            params["language_code"] = lang.code().into();
        }
        if let Err(e) = api.call("setMyCommands", params).await {
            tracing::warn!(error = %e, %lang, "could not register the bot's commands");
        }
    }

    let finisher = Finisher::start(shop.store.clone());
    controls.lock().expect("controls lock").finisher = Some(finisher.clone());
    let unfinished = inbox::unfinished(&shop.store, bot_id)
        .await
        .unwrap_or_default();
    if !unfinished.is_empty() {
        tracing::info!(
            count = unfinished.len(),
            "replaying updates a previous run did not finish"
        );
    }
    let recovery = {
        let (shop, api) = (shop.clone(), api.clone());
        tokio::spawn(async move {
            if let Err(e) = deliveries::resume(&shop, api.as_ref()).await {
                tracing::error!(error = %e, "could not resume deliveries");
            }
            // Give the replayed and queued updates a moment, so that the ledger finds only
            // what really went missing.
            tokio::time::sleep(Duration::from_secs(2)).await;
            if let Err(e) = reconcile::run(&shop, api.as_ref(), bot_id).await {
                tracing::warn!(error = %e, "reconciliation with Telegram's ledger failed; it runs again at the next start");
            }
            // Finished updates are forgotten once Telegram can no longer send them again.
            loop {
                if let Err(e) = inbox::prune(&shop.store).await {
                    tracing::warn!(error = %e, "could not prune the inbox");
                }
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
        })
    };

    // Due work (reminders, removals, refunded channel buyers to take out, expired invoices), durable in the store:
    // what a crash interrupted is found again here and done once.
    let scheduler = {
        let (shop, api, every) = (shop.clone(), api.clone(), config.schedule_every);
        let rule = crate::audit::Who::rule("expiry");
        tokio::spawn(async move {
            loop {
                let reconcile = || async {
                    reconcile::run(&shop, api.as_ref(), bot_id)
                        .await
                        .map(|_| ())
                };
                if let Err(e) = channel_access::remove_pending(&shop, api.as_ref()).await {
                    tracing::warn!(error = %e, "refunded channel buyers not removed; tried again");
                }
                match crate::invoices::expire_due(&shop, api.as_ref()).await {
                    Ok(r) if r.expired > 0 || r.replaced > 0 => {
                        tracing::info!(
                            expired = r.expired,
                            replaced = r.replaced,
                            "invoices expired"
                        );
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "expired invoices not replaced; tried again")
                    }
                }
                match crate::reminders::send_due(&shop, api.as_ref()).await {
                    Ok(r) if r.sent > 0 || r.skipped > 0 => {
                        tracing::info!(sent = r.sent, skipped = r.skipped, "payment reminders");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "payment reminders not sent; tried again"),
                }
                match subscriptions::expiry::run(&shop, api.as_ref(), &rule, false, reconcile).await
                {
                    Ok(r) if r.removed > 0 || r.reminders > 0 || !r.failed.is_empty() => {
                        tracing::info!(removed = r.removed, reminders = r.reminders, failed = ?r.failed, "expiry run");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "expiry run failed; it runs again"),
                }
                tokio::select! {
                    _ = tokio::time::sleep(until_due(&shop, every).await) => {},
                    _ = nudge.notified() => {},
                }
            }
        })
    };

    // Telegram's ledger again and again, after the start-up run: affiliate commissions (only
    // the ledger reports them), and anything else the updates missed.
    let ledger = {
        let (shop, api, every) = (shop.clone(), api.clone(), config.reconcile_every);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                if let Err(e) = reconcile::run_settled(&shop, api.as_ref(), bot_id).await {
                    tracing::warn!(error = %e, "reading Telegram's ledger failed; it is read again in {every:?}");
                }
            }
        })
    };

    let api: Api = api;
    let (flood, flagging) = FloodGuard::start(shop.clone(), api.clone());
    let _background = Background(vec![recovery, scheduler, ledger, flagging]);
    let mut dispatcher = Dispatcher::builder(bot.clone(), bot::schema())
        .dependencies(dptree::deps![
            shop.clone(),
            finisher.clone(),
            api,
            flood.clone(),
            halt
        ])
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text(
            "a bot handler failed",
        ))
        // A chat's messages one after another; payments beside them, never behind.
        .distribution_function(bot::queue_of)
        .worker_queue_size(flood::WORKER_QUEUE)
        .build();
    controls.lock().expect("controls lock").shutdown = Some(dispatcher.shutdown_token());
    let mut waits = slower();
    loop {
        let mut listener = bot::listener::inbox_polling(
            Polling {
                bot: bot.clone(),
                bot_id,
                store: shop.store.clone(),
                poll_timeout: config.poll_timeout,
                observer: status.clone(),
                flood: flood.clone(),
                finisher: finisher.clone(),
                clock: shop.clock.clone(),
            },
            unfinished.clone(),
        );
        controls.lock().expect("controls lock").listener = Some(listener.stop_token());
        if *stopped.borrow() {
            break;
        }
        // The dispatcher asks getMe once more before it listens; a fault there is retried.
        match dispatcher
            .try_dispatch_with_listener(
                listener,
                LoggingErrorHandler::with_custom_text("polling failed"),
            )
            .await
        {
            Ok(()) => break,
            Err(e) => {
                status.failed(&crate::token::status_words(
                    &e,
                    &config.api_url,
                    &config.token,
                ));
                let wait = waits.next().unwrap_or(Duration::from_secs(30));
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {},
                    _ = stopped.changed() => break,
                }
            }
        }
    }
}

/// How long the scheduler sleeps: until the next invoice's timer runs out or the next payment
/// reminder is due, when that comes before its regular look (the "expired" line goes out at
/// expiry, not up to a minute later).
async fn until_due(shop: &Shop, every: Duration) -> Duration {
    let now = shop.clock.now().await;
    match crate::invoices::next_due(&shop.store, now).await {
        Ok(Some(at)) => {
            Duration::from_secs((at - now).clamp(1, every.as_secs().max(1) as i64) as u64)
        }
        Ok(None) => every,
        Err(e) => {
            tracing::warn!(error = %e, "the next invoice due was not read");
            every
        }
    }
}
