//! stardeskd: the Stardesk runtime without a window: the bot and the store, for a server, a
//! terminal and the tests.

mod bench;
mod seed;

use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use clap::{Parser, Subcommand};
use stardesk_core::{
    Shop, Store, demo,
    events::{AppEvent, Events},
    runtime::{BotConfig, BotRuntime, TELEGRAM_API},
    sim_client::SimClient,
};

#[derive(Parser, Debug)]
#[command(
    name = "stardeskd",
    version,
    about = "Stardesk's runtime without a window: the Telegram bot and the shop's store"
)]
struct Cli {
    /// Where the shop's data lives (default: $STARDESK_DATA_DIR, else the platform's data folder).
    #[arg(long, global = true, env = "STARDESK_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// The Bot API base address (the simulator's in demo mode).
    #[arg(long)]
    api_url: Option<String>,
    /// Demo mode: a sample catalog and the built-in Telegram simulator (or the one at --api-url).
    #[arg(long)]
    demo: bool,
    /// With --demo: where the in-process simulator listens.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen_sim: SocketAddr,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Drives simulated customers through the simulator and prints purchases/s and latencies.
    Bench(bench::Args),
    /// Fills the data folder with a year of plausible sales (products, customers, orders).
    Seed(seed::Args),
}

fn default_data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("stardesk")
}

/// The token from STARDESK_BOT_TOKEN, else where the window saved it (keychain or 0600 file).
fn token_from_env_or_store(data_dir: &std::path::Path) -> Option<String> {
    match stardesk_core::token::TokenStore::new(data_dir).load() {
        Ok(found) => found.map(|(token, _)| token),
        Err(e) => {
            eprintln!("stardeskd: could not read the saved bot token: {e}");
            None
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,teloxide=warn,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    match cli.command {
        Some(Cmd::Bench(args)) => return bench::run(args).await,
        Some(Cmd::Seed(args)) => return seed::run(&data_dir, args).await,
        None => {}
    }
    let store = Store::open(&data_dir).await?;
    let events = Events::default();
    let shop = Shop::open(store.clone(), Arc::new(events.clone())).await?;
    println!("stardeskd: data in {}", data_dir.display());

    let mut sim_server = None;
    let config = if cli.demo {
        demo::seed_catalog(&store).await?;
        let api_url = match &cli.api_url {
            Some(url) => url.clone(),
            None => {
                let sim = bot_api_sim::SimServer::start(cli.listen_sim).await?;
                let url = sim.url();
                sim_server = Some(sim);
                url
            }
        };
        println!("stardeskd: demo mode; Telegram simulator at {api_url}");
        BotConfig::new(api_url, demo::DEMO_TOKEN)
    } else {
        let Some(token) = token_from_env_or_store(&data_dir) else {
            anyhow::bail!(
                "no bot token: set STARDESK_BOT_TOKEN (from @BotFather), or try the shop with --demo"
            );
        };
        BotConfig::new(
            cli.api_url
                .clone()
                .unwrap_or_else(|| TELEGRAM_API.to_string()),
            token,
        )
    };

    let mut rx = events.subscribe();
    tokio::spawn(async move {
        while let Ok(event) = rx.recv().await {
            match event {
                AppEvent::OrderCreated { order } => println!(
                    "order #{}: {} for {} ⭐ from customer {}{}",
                    order.id,
                    order.product_title,
                    order.stars,
                    order.customer_id,
                    if order.recovered {
                        " (recovered from Telegram's ledger)"
                    } else {
                        ""
                    }
                ),
                AppEvent::OrderDelivered { order_id } => println!("order #{order_id}: delivered"),
                AppEvent::OrderRefunded { order_id, reason } => {
                    println!("order #{order_id}: refunded ({reason})")
                }
                AppEvent::DeliveryFailed { order_id, error } => {
                    println!("order #{order_id}: delivery failed: {error}")
                }
                AppEvent::NeedsAttention { message, .. } => println!("needs attention: {message}"),
                AppEvent::BotStatusChanged { status } => println!(
                    "bot: {:?}{}{}",
                    status.state,
                    status
                        .bot_username
                        .map(|u| format!(" as @{u}"))
                        .unwrap_or_default(),
                    status
                        .last_error
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default()
                ),
            }
        }
    });

    let runtime = BotRuntime::start(shop.clone(), config.clone())?;

    // With its own simulator, demo mode also plays a shopper, so a sale lands within seconds.
    if let Some(sim) = &sim_server {
        let client = SimClient::new(sim.url());
        let store = store.clone();
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            let names = ["Alice", "Bob", "Chen", "Dana", "Emil", "Fatima"];
            for (i, name) in names.iter().cycle().enumerate() {
                let products = stardesk_core::catalog::list(&store.read, false)
                    .await
                    .unwrap_or_default();
                if let Some(p) = products.get(i % products.len().max(1)) {
                    match demo::shopper_buys(&client, name, p.id).await {
                        Ok(line) => println!("demo shopper: {line}"),
                        Err(e) => println!("demo shopper: {e}"),
                    }
                }
                tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            }
        });
    }

    tokio::signal::ctrl_c().await?;
    println!("stardeskd: stopping");
    runtime.stop().await;
    if let Some(sim) = sim_server {
        sim.shutdown().await;
    }
    store.close().await;
    Ok(())
}
