//! `stardeskd bench`: simulated customers buy through the simulator over loopback, end to end
//! through the real bot; prints purchases per second and pre-checkout round-trip latencies.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use stardesk_core::{
    Shop, Store,
    audit::Who,
    catalog::{self, Kind, ProductDraft},
    db,
    demo::{self, sim_client::SimClient},
    runtime::{BotConfig, BotRuntime},
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
    let who = Who::stardeskd();
    let product = catalog::create(
        &store,
        &who,
        &ProductDraft {
            kind: Kind::Code,
            title: "Bench key".into(),
            description: "A code per purchase".into(),
            price: 10,
            per_customer_limit: None,
            stock: None,
            content: None,
            channel_id: None,
        },
    )
    .await?;
    let codes: String = (0..2 * args.purchases + 100)
        .map(|i| format!("BENCH-{i:08}\n"))
        .collect();
    catalog::import_codes(&store, &who, product.id, &codes).await?;

    let sim = bot_api_sim::SimServer::start("127.0.0.1:0".parse()?).await?;
    let runtime = BotRuntime::start(shop, BotConfig::new(sim.url(), demo::DEMO_TOKEN))?;
    let client = SimClient::new(sim.url());
    let mut users = Vec::new();
    for i in 0..args.customers {
        users.push(client.create_user(&format!("Bench {i}"), None).await?);
    }
    // Warm up: the bot is polling and each connection is open.
    client
        .buy(users[0], product.id, Duration::from_secs(20))
        .await?;

    let per_customer = args.purchases.div_ceil(args.customers);
    let count_for = |n: usize| per_customer.min(args.purchases.saturating_sub(n * per_customer));

    // 1. The whole flow, as a customer lives it: deep link, card, Buy, invoice, pay, goods.
    let pays = Arc::new(std::sync::Mutex::new(Vec::with_capacity(args.purchases)));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (n, user) in users.iter().copied().enumerate() {
        let (client, pays, count) = (client.clone(), pays.clone(), count_for(n));
        tasks.push(tokio::spawn(async move {
            for _ in 0..count {
                let invoice = open_invoice(&client, user, product.id).await?;
                pay_and_receive(&client, user, invoice, &pays).await?;
            }
            anyhow::Ok(count)
        }));
    }
    let mut flows = 0;
    for t in tasks {
        flows += t.await??;
    }
    let flow_time = started.elapsed();
    let flow_pays = sorted(&pays);

    // 2. Payments alone: invoices are open in every chat, then everyone pays at once;
    //    each purchase ends when the goods and the receipt are in the chat.
    let mut invoices = Vec::new();
    for (n, user) in users.iter().copied().enumerate() {
        let mut mine = Vec::new();
        for _ in 0..count_for(n) {
            mine.push(open_invoice(&client, user, product.id).await?);
        }
        invoices.push((user, mine));
    }
    let pays = Arc::new(std::sync::Mutex::new(Vec::with_capacity(args.purchases)));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (user, mine) in invoices {
        let (client, pays) = (client.clone(), pays.clone());
        tasks.push(tokio::spawn(async move {
            for invoice in &mine {
                pay_and_receive(&client, user, *invoice, &pays).await?;
            }
            anyhow::Ok(mine.len())
        }));
    }
    let mut payments = 0;
    for t in tasks {
        payments += t.await??;
    }
    let pay_time = started.elapsed();
    let pay_pays = sorted(&pays);

    let orders = db::orders::count_all(&store.read).await?;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "bench: {} concurrent customers, release build, simulator and customers in this process",
        args.customers
    );
    println!(
        "bench: whole flow (deep link, card, Buy, invoice, pay, goods, receipt): {flows} in {:.2} s = {:.0} purchases/s; pay round trip p50 {:.1} ms, p99 {:.1} ms",
        flow_time.as_secs_f64(),
        flows as f64 / flow_time.as_secs_f64(),
        ms(percentile(&flow_pays, 0.50)),
        ms(percentile(&flow_pays, 0.99)),
    );
    println!(
        "bench: payments (pre-checkout answered, order durable, goods and receipt delivered): {payments} in {:.2} s = {:.0} purchases/s; pay round trip p50 {:.1} ms, p99 {:.1} ms",
        pay_time.as_secs_f64(),
        payments as f64 / pay_time.as_secs_f64(),
        ms(percentile(&pay_pays, 0.50)),
        ms(percentile(&pay_pays, 0.99)),
    );
    println!("bench: orders recorded {orders} (one warm-up included)");
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

fn sorted(d: &std::sync::Mutex<Vec<Duration>>) -> Vec<Duration> {
    let mut v = d.lock().expect("durations").clone();
    v.sort();
    v
}

async fn open_invoice(client: &SimClient, user: i64, product_id: i64) -> anyhow::Result<i64> {
    let invoice = client
        .open_invoice(user, product_id, Duration::from_secs(30))
        .await?;
    Ok(invoice.message_id)
}

/// Pays an invoice (timing the pay call: the pre-checkout round trip) and waits for the receipt.
async fn pay_and_receive(
    client: &SimClient,
    user: i64,
    invoice: i64,
    pays: &std::sync::Mutex<Vec<Duration>>,
) -> anyhow::Result<()> {
    let t = Instant::now();
    let outcome = client.pay(user, invoice).await?;
    pays.lock().expect("durations").push(t.elapsed());
    anyhow::ensure!(outcome.status == "paid", "payment {outcome:?}");
    let paid_at = client
        .chat_since(user, invoice)
        .await?
        .iter()
        .filter(|m| m.successful_payment.is_some())
        .map(|m| m.message_id)
        .max()
        .unwrap_or(invoice);
    client
        .wait_for(user, paid_at, Duration::from_secs(30), |m| {
            m.body().starts_with("Receipt")
        })
        .await?;
    Ok(())
}
