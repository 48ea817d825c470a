//! stardeskd: the Stardesk runtime without a window: the bot and the store, for a server, a
//! terminal and the tests. It builds the shop through the same session as the window.

/// mimalloc instead of the system allocator: the bot allocates and frees many small buffers a
/// second on several threads (updates, JSON, rows), where glibc's malloc showed as a tenth of
/// its CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod also_bought;
mod audit;
#[cfg(feature = "demo")]
mod bench;
mod books;
mod codes;
mod export;
mod invoices;
mod legal;
mod limits;
mod promos;
mod referrals;
mod report;
mod seed;
mod subscriptions;
mod support;
mod texts;
mod tips;

#[cfg(feature = "demo")]
use std::net::SocketAddr;
use std::{path::PathBuf, sync::Arc};

use clap::{Parser, Subcommand};
use stardesk_core::{
    desk::{Desk, DeskOptions, Mode},
    events::{AppEvent, Events},
    runtime::TELEGRAM_API,
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
    /// Demo mode: the demo's own shop, a sample catalog and the built-in Telegram simulator
    /// (or the one at --api-url).
    #[cfg(feature = "demo")]
    #[arg(long)]
    demo: bool,
    /// With --demo: where the in-process simulator listens.
    #[cfg(feature = "demo")]
    #[arg(long, default_value = "127.0.0.1:0")]
    listen_sim: SocketAddr,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Exports the shop's orders of a date range to CSV, streamed (or to the terminal).
    Export(export::ExportArgs),
    /// Drives simulated customers through the simulator and prints purchases/s and latencies.
    #[cfg(feature = "demo")]
    Bench(bench::Args),
    /// Fills the data folder with a year of plausible sales (products, customers, orders).
    Seed(seed::Args),
    /// The audit trail: the newest 50 lines as a table, or every matching line to a CSV file.
    Audit(audit::Args),
    /// Refunds an order in full through Telegram (once, however often run) and tells the
    /// customer; recorded as done by stardeskd, with the reason.
    Refund(support::RefundArgs),
    /// Customers' refund requests: lists the open ones, or approves or declines one.
    Requests(support::RequestsArgs),
    /// Private channels for subscription plans: lists them with the bot's rights there, adds,
    /// checks again or forgets one.
    Channels(subscriptions::ChannelsArgs),
    /// Subscription plans: lists them (price, channels, subscribers, link), or creates, edits,
    /// archives or unarchives one.
    Plans(subscriptions::PlansArgs),
    /// Subscribers as a table, filtered by status, plan or a search.
    Subscribers(subscriptions::SubscribersArgs),
    /// One subscription with its payments, reminders and removals; cancels, resumes, extends,
    /// removes or refunds it.
    Subscriber(subscriptions::SubscriberArgs),
    /// The expiry queue: what the next run does and what comes after; runs it, undoes a removal,
    /// pauses automatic removal, sets the reminder days.
    Expiry(subscriptions::ExpiryArgs),
    /// The referral program: referrers with their figures (whole Stars), the terms, a product's
    /// or plan's own rate, or every referrer to CSV.
    Referrals(referrals::ReferralsArgs),
    /// One referrer: their link, the people they brought and their ledger; pays them what is
    /// due as store credit or outside Stardesk.
    Referrer(referrals::ReferrerArgs),
    /// Payouts to referrers: those made, who is due (--due), or all of them to CSV.
    Payouts(referrals::PayoutsArgs),
    /// Promo codes: lists them, or creates, generates a batch of, deactivates or activates
    /// them; their uses; CSV exports.
    Promos(promos::PromosArgs),
    /// What the bot says (welcome, /terms, the refund policy, /paysupport, /help): lists, shows, sets (checked as
    /// Telegram HTML with the allowed tags) or resets one.
    Texts(texts::TextsArgs),
    /// A code product's codes: lists them with their state, removes unsold ones, puts a
    /// removal back, exports them all to CSV.
    Codes(codes::CodesArgs),
    /// Invoices sent in the chat with their status (open, paid, expired), filtered by status
    /// or customer; --valid-minutes sets how long a new one stays valid.
    Invoices(invoices::InvoicesArgs),
    /// The legal block in the chat: the seller's details shown with /terms, whether customers
    /// accept the terms before a first purchase, the terms' version; --preview prints /terms.
    Legal(legal::LegalArgs),
    /// Limits against abuse enforced at pre-checkout (purchases an hour, Stars a day, a new
    /// customer's first day, payment attempts a minute); the customers they flagged; --lift or
    /// --block one.
    Limits(limits::LimitsArgs),
    /// "Customers also bought": the product suggested under each product's receipt; sets or
    /// clears one (--product N --suggest M|off).
    AlsoBought(also_bought::AlsoBoughtArgs),
    /// Tips ("Support us") in the chat: on or off, the amounts offered, the thank-you text.
    Tips(tips::TipsArgs),
    /// Stardesk's books beside the bot's balance with Telegram, each difference on a line;
    /// --reconcile fixes what Telegram's ledger can fix first.
    Books(books::BooksArgs),
    /// The Reports page: revenue, the funnel, subscriptions and cash flow over the shop's days,
    /// and the time zone and USD rate they use.
    Report(report::ReportArgs),
}

fn default_data_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("stardesk")
}

/// Prints what happens in the shop, a line per event.
fn print_events(events: &Events) {
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
                AppEvent::StockLow { title, left, .. } => {
                    println!("running low: {title} has {left} left")
                }
                AppEvent::RefundRequested {
                    request_id,
                    order_id,
                    customer_name,
                    auto_approved,
                } => println!(
                    "refund request #{request_id} for order #{order_id} from {customer_name}{}",
                    if auto_approved {
                        ": approved by the automatic rule"
                    } else {
                        " (stardeskd requests)"
                    }
                ),
                AppEvent::RequestDecided { request_id, state } => {
                    println!("refund request #{request_id}: {}", state.as_str())
                }
                AppEvent::SupportMessage {
                    customer_name,
                    text,
                    from_customer: true,
                    ..
                } => println!("message from {customer_name}: {text}"),
                AppEvent::SupportMessage { .. }
                | AppEvent::DeliveryQueued { .. }
                | AppEvent::RefundBatchProgress { .. }
                | AppEvent::RefundBatchFinished { .. }
                | AppEvent::ExportProgress { .. }
                | AppEvent::SubscriptionsChanged
                | AppEvent::InvoicesChanged
                | AppEvent::CustomerFlagged { .. }
                | AppEvent::BooksProgress { .. } => {}
                AppEvent::AffiliatesRecorded { orders } => println!(
                    "Telegram's affiliate commissions recorded on {orders} order{}",
                    if orders == 1 { "" } else { "s" }
                ),
                AppEvent::ShopOpened { mode } => println!("shop: {mode:?} opened"),
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
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,teloxide=warn,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    // The benchmark's simulated customers run on one thread: they wait on the simulator almost
    // all the time, and one thread wakes no other, so they take less of the machine the bot
    // is measured on.
    #[cfg(feature = "demo")]
    let mut runtime = match cli.command {
        Some(Cmd::Bench(_)) => tokio::runtime::Builder::new_current_thread(),
        _ => tokio::runtime::Builder::new_multi_thread(),
    };
    #[cfg(not(feature = "demo"))]
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all().build()?.block_on(run(cli))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let data_dir = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    match cli.command {
        #[cfg(feature = "demo")]
        Some(Cmd::Bench(args)) => return bench::run(args).await,
        Some(Cmd::Seed(args)) => return seed::run(&data_dir, args).await,
        #[cfg(feature = "demo")]
        Some(Cmd::Audit(args)) if cli.demo => {
            return audit::run(&stardesk_core::desk::demo_dir(&data_dir), args).await;
        }
        Some(Cmd::Audit(args)) => return audit::run(&data_dir, args).await,
        #[cfg(feature = "demo")]
        Some(Cmd::Export(args)) if cli.demo => {
            return export::run(&stardesk_core::desk::demo_dir(&data_dir), args).await;
        }
        Some(Cmd::Export(args)) => return export::run(&data_dir, args).await,
        Some(
            Cmd::Refund(_)
            | Cmd::Requests(_)
            | Cmd::Channels(_)
            | Cmd::Plans(_)
            | Cmd::Subscribers(_)
            | Cmd::Subscriber(_)
            | Cmd::Expiry(_)
            | Cmd::Referrals(_)
            | Cmd::Referrer(_)
            | Cmd::Payouts(_)
            | Cmd::Promos(_)
            | Cmd::Texts(_)
            | Cmd::Codes(_)
            | Cmd::Invoices(_)
            | Cmd::Legal(_)
            | Cmd::Limits(_)
            | Cmd::AlsoBought(_)
            | Cmd::Tips(_)
            | Cmd::Books(_)
            | Cmd::Report(_),
        )
        | None => {}
    }

    let mut options = DeskOptions::new(&data_dir);
    options.api_url = cli
        .api_url
        .clone()
        .unwrap_or_else(|| TELEGRAM_API.to_string());
    #[cfg(feature = "demo")]
    let demo = cli.demo;
    #[cfg(not(feature = "demo"))]
    let demo = false;
    #[cfg(feature = "demo")]
    if demo {
        options.listen_sim = cli.listen_sim;
        options.demo_api_url = cli.api_url.clone();
        // Demo mode plays its own shoppers below, several of them.
        options.first_sale = false;
        // The demo's own shop, even where a real bot's token is saved.
        options.demo_only = true;
    }
    let events = Events::default();
    print_events(&events);
    let desk = Desk::open(options, Arc::new(events.clone())).await?;
    if cli.command.is_some() && !demo && desk.mode() == Mode::Demo {
        eprintln!(
            "stardeskd: no bot token (STARDESK_BOT_TOKEN), so this is the demo's shop in {}",
            stardesk_core::desk::demo_dir(&data_dir).display()
        );
    }
    let once = match &cli.command {
        Some(Cmd::Refund(args)) => Some(support::refund(&desk, args).await),
        Some(Cmd::Requests(args)) => Some(support::requests(&desk, args).await),
        Some(Cmd::Channels(args)) => Some(subscriptions::channels(&desk, args).await),
        Some(Cmd::Plans(args)) => Some(subscriptions::plans(&desk, args).await),
        Some(Cmd::Subscribers(args)) => Some(subscriptions::subscribers(&desk, args).await),
        Some(Cmd::Subscriber(args)) => Some(subscriptions::subscriber(&desk, args).await),
        Some(Cmd::Expiry(args)) => Some(subscriptions::expiry(&desk, args).await),
        Some(Cmd::Referrals(args)) => Some(referrals::referrals(&desk, args).await),
        Some(Cmd::Referrer(args)) => Some(referrals::referrer(&desk, args).await),
        Some(Cmd::Payouts(args)) => Some(referrals::payouts(&desk, args).await),
        Some(Cmd::Promos(args)) => Some(promos::promos(&desk, args).await),
        Some(Cmd::Texts(args)) => Some(texts::texts(&desk, args).await),
        Some(Cmd::Codes(args)) => Some(codes::codes(&desk, args).await),
        Some(Cmd::Invoices(args)) => Some(invoices::invoices(&desk, args).await),
        Some(Cmd::Legal(args)) => Some(legal::legal(&desk, args).await),
        Some(Cmd::Limits(args)) => Some(limits::limits(&desk, args).await),
        Some(Cmd::AlsoBought(args)) => Some(also_bought::also_bought(&desk, args).await),
        Some(Cmd::Tips(args)) => Some(tips::tips(&desk, args).await),
        Some(Cmd::Books(args)) => Some(books::books(&desk, args).await),
        Some(Cmd::Report(args)) => Some(report::report(&desk, args).await),
        _ => None,
    };
    if let Some(outcome) = once {
        desk.shutdown().await;
        return outcome;
    }
    if !demo && desk.mode() == Mode::Demo {
        anyhow::bail!(
            "no bot token: set STARDESK_BOT_TOKEN (from @BotFather){}",
            if cfg!(feature = "demo") {
                ", or try the shop with --demo"
            } else {
                ""
            }
        );
    }
    let status = desk.start().await?;
    println!("stardeskd: data in {}", status.data_dir);
    if let Some(url) = &status.simulator_url {
        println!("stardeskd: demo mode; Telegram simulator at {url}");
    }

    #[cfg(feature = "demo")]
    if demo && cli.api_url.is_none() {
        play_shoppers(&desk)?;
    }

    tokio::signal::ctrl_c().await?;
    println!("stardeskd: stopping");
    desk.shutdown().await;
    Ok(())
}

/// With its own simulator, demo mode plays shoppers, so a sale lands within seconds.
#[cfg(feature = "demo")]
fn play_shoppers(desk: &Desk) -> anyhow::Result<()> {
    let client = desk.sim()?;
    let store = desk.store();
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        let names = ["Alice", "Bob", "Chen", "Dana", "Emil", "Fatima"];
        for (i, name) in names.iter().cycle().enumerate() {
            let products = stardesk_core::catalog::list(&store.read, false)
                .await
                .unwrap_or_default();
            if let Some(p) = products.get(i % products.len().max(1)) {
                match stardesk_core::demo::shopper_buys(&client, name, p.id).await {
                    Ok(line) => println!("demo shopper: {line}"),
                    Err(e) => println!("demo shopper: {e}"),
                }
            }
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        }
    });
    Ok(())
}
