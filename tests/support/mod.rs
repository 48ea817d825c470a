//! What the cross-crate tests share: a simulator, a shop on a fresh data folder, a running bot,
//! and the `stardeskd` binary for tests that kill it.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use bot_api_sim::SimServer;
use stardesk_core::{
    Shop, Store,
    audit::Who,
    catalog::{self, Kind, Product, ProductDraft},
    db,
    demo::{self, sim_client::SimClient},
    desk::{Desk, DeskOptions},
    events::Events,
    runtime::{BotConfig, BotRuntime},
    token::Sources,
};

pub const WAIT: Duration = Duration::from_secs(30);

/// The window's shop on `dir` in demo mode, not started: its own simulator once started, no
/// first sale played by itself, the token (if one is ever saved) in a file, never the keychain.
pub async fn demo_desk(dir: &Path) -> Desk {
    let options = DeskOptions {
        first_sale: false,
        token_sources: Sources::FileOnly,
        ..DeskOptions::new(dir)
    };
    Desk::open(options, std::sync::Arc::new(Events::default()))
        .await
        .unwrap()
}

pub struct World {
    pub dir: tempfile::TempDir,
    pub sim: SimServer,
    pub client: SimClient,
    pub store: Store,
    pub shop: Shop,
    pub runtime: Option<BotRuntime>,
}

impl World {
    /// A simulator and a store; the bot is not started yet.
    pub async fn new() -> World {
        let _ = tracing_subscriber_init();
        let dir = tempfile::tempdir().expect("temp dir");
        let sim = SimServer::start("127.0.0.1:0".parse().unwrap())
            .await
            .expect("simulator");
        let client = SimClient::new(sim.url());
        let store = Store::open(dir.path()).await.expect("store");
        let (shop, _events) = Shop::open_with_events(store.clone()).await.expect("shop");
        shop.clock.use_simulator(&sim.url());
        World {
            dir,
            sim,
            client,
            store,
            shop,
            runtime: None,
        }
    }

    pub fn start_bot(&mut self) {
        self.start_bot_with(BotConfig::new(self.sim.url(), demo::DEMO_TOKEN));
    }

    /// The bot sending at once, without Telegram's limits kept ahead of time, for a test whose
    /// subject is volume through some other part than the sends (pacing has its own tests, in
    /// tests/pacing.rs); the simulator does not limit it either unless told to.
    pub fn start_bot_unpaced(&mut self) {
        let config = BotConfig {
            pacing: None,
            ..BotConfig::new(self.sim.url(), demo::DEMO_TOKEN)
        };
        self.start_bot_with(config);
    }

    /// The bot with its scheduler (expiry of invoices and subscriptions) running at start and
    /// then only when nudged: a test decides when due work is looked at.
    pub fn start_bot_scheduled_by_hand(&mut self) {
        let config = BotConfig {
            schedule_every: Duration::from_secs(24 * 3600),
            ..BotConfig::new(self.sim.url(), demo::DEMO_TOKEN)
        };
        self.start_bot_with(config);
    }

    /// Has the scheduler look at due work now.
    pub fn nudge(&self) {
        self.runtime
            .as_ref()
            .expect("bot running")
            .nudge_scheduler();
    }

    fn start_bot_with(&mut self, config: BotConfig) {
        let rt = BotRuntime::start(self.shop.clone(), config).expect("bot");
        self.runtime = Some(rt);
    }

    pub async fn stop_bot(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.stop().await;
        }
    }

    pub async fn product(&self, kind: Kind, title: &str, price: i64) -> Product {
        catalog::create(
            &self.store,
            &Who::operator("merchant"),
            &ProductDraft {
                kind,
                title: title.into(),
                description: format!("About {title}"),
                price,
                per_customer_limit: None,
                stock: None,
                content: (kind == Kind::Text)
                    .then(|| "https://example.com/secret?a=1&b=2".to_string()),
                channel_id: None,
            },
        )
        .await
        .expect("product")
    }

    pub async fn codes(&self, product: &Product, codes: &[&str]) {
        catalog::import_codes(
            &self.store,
            &Who::operator("merchant"),
            product.id,
            &codes.join("\n"),
        )
        .await
        .expect("codes");
    }

    pub async fn stars(&self, user: i64) -> i64 {
        let v: serde_json::Value = reqwest::get(format!("{}/sim/users/{user}", self.sim.url()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["stars"].as_i64().expect("stars")
    }

    /// Sends an invoice straight through the Bot API, as a client holding the bot's token could.
    pub async fn raw_invoice(&self, user: i64, currency: &str, amount: i64, payload: &str) -> i64 {
        let mut body = serde_json::json!({
            "chat_id": user, "title": "Crafted", "description": "An invoice the shop did not make",
            "payload": payload, "currency": currency, "prices": [{"label": "x", "amount": amount}],
        });
        if currency != "XTR" {
            body["provider_token"] = "provider:test".into();
        }
        let v: serde_json::Value = reqwest::Client::new()
            .post(format!(
                "{}/bot{}/sendInvoice",
                self.sim.url(),
                demo::DEMO_TOKEN
            ))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["ok"], true, "sendInvoice: {v}");
        v["result"]["message_id"].as_i64().unwrap()
    }

    pub async fn order_count(&self) -> i64 {
        db::orders::count_all(&self.store.read).await.unwrap()
    }

    /// Waits (up to `WAIT`) until the bot has fetched, confirmed and finished every update the
    /// simulator queued for it: after this, nothing more is on its way.
    pub async fn quiet(&self) {
        let end = tokio::time::Instant::now() + WAIT;
        loop {
            let stats = self.client.stats().await.expect("stats");
            let created = stats["updates_created"].as_u64().unwrap_or(0);
            let confirmed = stats["updates_confirmed"].as_u64().unwrap_or(0);
            let pending = db::inbox::pending(&self.store.read).await.unwrap();
            if created == confirmed && pending == 0 {
                return;
            }
            assert!(
                tokio::time::Instant::now() < end,
                "the bot did not finish its updates: {created} created, {confirmed} confirmed, {pending} in the inbox"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// How many times the bot called a Bot API method (names compared case-insensitively).
    pub async fn calls(&self, method: &str) -> u64 {
        let stats = self.client.stats().await.expect("stats");
        stats["requests"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| k.eq_ignore_ascii_case(method))
                    .filter_map(|(_, v)| v.as_u64())
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// Tests print nothing unless RUST_LOG asks.
fn tracing_subscriber_init() -> Result<(), ()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init()
        .map_err(|_| ())
}

/// The `stardeskd` binary next to this test's.
pub fn stardeskd() -> PathBuf {
    let mut p = std::env::current_exe().expect("test path");
    p.pop();
    if p.ends_with("deps") {
        p.pop();
    }
    p.join("stardeskd")
}

/// `stardeskd --demo` against the simulator at `api_url`, its output appended to `log`: the
/// process the crash tests kill.
pub fn spawn_stardeskd(data_dir: &Path, api_url: &str, log: &Path) -> Child {
    let bin = stardeskd();
    assert!(
        bin.exists(),
        "build stardeskd first: cargo build -p stardesk-core --bin stardeskd ({})",
        bin.display()
    );
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    Command::new(bin)
        .args(["--demo", "--data-dir"])
        .arg(data_dir)
        .args(["--api-url", api_url])
        .env("RUST_LOG", "warn")
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .stdin(Stdio::null())
        .spawn()
        .expect("stardeskd starts")
}

/// Runs `stardeskd ARGS` once on the shop in `data_dir`, as the bot with `token` (so that no
/// keychain is asked) talking to the simulator at `api_url`; returns how it ended and what it
/// printed.
pub async fn run_stardeskd(
    data_dir: &Path,
    api_url: &str,
    token: &str,
    args: &[&str],
) -> std::process::Output {
    let bin = stardeskd();
    assert!(
        bin.exists(),
        "build stardeskd first: cargo build -p stardesk-core --bin stardeskd ({})",
        bin.display()
    );
    let mut command = Command::new(bin);
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--api-url", api_url])
        .args(args)
        .env("STARDESK_BOT_TOKEN", token)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null());
    tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("stardeskd ran")
        .expect("stardeskd starts")
}

/// `stardeskd ARGS` as the bot with `token`; it must succeed. Returns what it printed.
pub async fn stardeskd_ok(data_dir: &Path, api_url: &str, token: &str, args: &[&str]) -> String {
    let out = run_stardeskd(data_dir, api_url, token, args).await;
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "stardeskd {args:?}: {printed} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    printed
}

/// `stardeskd ARGS` as the bot with `token`, which must fail; returns what it said on stderr.
pub async fn stardeskd_refused(
    data_dir: &Path,
    api_url: &str,
    token: &str,
    args: &[&str],
) -> String {
    let out = run_stardeskd(data_dir, api_url, token, args).await;
    assert!(
        !out.status.success(),
        "stardeskd {args:?} succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).to_string()
}
