//! `stardeskd bench`: simulated customers buy through the simulator over loopback, end to end
//! through the real bot; prints purchases per second and pre-checkout round-trip latencies.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use stardesk_core::{
    Shop, Store,
    catalog::{self, Kind, ProductDraft},
    demo,
    runtime::{BotConfig, BotRuntime},
    sim_client::SimClient,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Customers buying at the same time.
    #[arg(long, default_value_t = 64)]
    customers: usize,
    /// Purchases in all.
    #[arg(long, default_value_t = 2000)]
    purchases: usize,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let dir = tempfile_dir()?;
    let store = Store::open(&dir).await?;
    let (shop, _events) = Shop::open_with_events(store.clone()).await?;
    let product = catalog::create(
        &store,
        &ProductDraft {
            kind: Kind::Code,
            title: "Bench key".into(),
            description: "A code per purchase".into(),
            price: 10,
            per_customer_limit: None,
            stock: None,
            content: None,
        },
    )
    .await?;
    let codes: String = (0..args.purchases + 100).map(|i| format!("BENCH-{i:08}\n")).collect();
    catalog::import_codes(&store, product.id, &codes).await?;

    let sim = bot_api_sim::SimServer::start("127.0.0.1:0".parse()?).await?;
    let runtime = BotRuntime::start(shop, BotConfig::new(sim.url(), demo::DEMO_TOKEN))?;
    let client = SimClient::new(sim.url());
    let mut users = Vec::new();
    for i in 0..args.customers {
        users.push(client.create_user(&format!("Bench {i}"), None).await?);
    }
    // Warm up: the bot is polling and each connection is open.
    client.buy(users[0], product.id, Duration::from_secs(20)).await?;

    let per_customer = args.purchases.div_ceil(args.customers);
    let pays = Arc::new(std::sync::Mutex::new(Vec::with_capacity(args.purchases)));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (n, user) in users.iter().copied().enumerate() {
        let (client, pays) = (client.clone(), pays.clone());
        let count = per_customer.min(args.purchases.saturating_sub(n * per_customer));
        tasks.push(tokio::spawn(async move {
            let mut done = 0;
            for _ in 0..count {
                let sent = client.send(user, &format!("/start p_{}", product.id)).await?;
                let card = client.wait_for(user, sent, Duration::from_secs(30), |m| m.button("buy:").is_some()).await?;
                client.press(user, card.message_id, &card.button("buy:").unwrap_or_default()).await?;
                let invoice = client.wait_for(user, card.message_id, Duration::from_secs(30), |m| m.invoice.is_some()).await?;
                let t = Instant::now();
                let outcome = client.pay(user, invoice.message_id).await?;
                pays.lock().expect("pays").push(t.elapsed());
                anyhow::ensure!(outcome.status == "paid", "payment {outcome:?}");
                client.wait_for(user, invoice.message_id, Duration::from_secs(30), |m| m.body().starts_with("<b>Receipt") || m.body().starts_with("Receipt")).await?;
                done += 1;
            }
            anyhow::Ok(done)
        }));
    }
    let mut purchases = 0;
    for t in tasks {
        purchases += t.await??;
    }
    let elapsed = started.elapsed();
    let mut pays = pays.lock().expect("pays").clone();
    pays.sort();
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders").fetch_one(&store.read).await?;
    println!("bench: {} customers, {purchases} purchases in {:.2} s", args.customers, elapsed.as_secs_f64());
    println!("bench: purchases/s (card, Buy, invoice, pay, pre-checkout, order, goods, receipt): {:.0}", purchases as f64 / elapsed.as_secs_f64());
    println!(
        "bench: pay round trip (pre-checkout answered, Stars moved) p50 {:.1} ms, p99 {:.1} ms",
        percentile(&pays, 0.50).as_secs_f64() * 1000.0,
        percentile(&pays, 0.99).as_secs_f64() * 1000.0
    );
    println!("bench: orders recorded {orders} (warm-up included)");
    runtime.stop().await;
    sim.shutdown().await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("stardesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
