//! `stardeskd bench`: the bot measured alone. The simulator (`bot-api-sim`) and the bot
//! (`stardeskd` on a fresh shop) run as child processes; this process is the load driver, its
//! simulated customers buying over the simulator's control API. Prints purchases per second,
//! the pay round trip, the bot's CPU time per purchase and its peak memory; or a rate-limited
//! burst, or a run with faults.

mod procs;

use std::{
    collections::{HashMap, HashSet},
    future::Future,
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use stardesk_core::{
    Store,
    audit::Who,
    catalog::{self, Kind, ProductDraft},
    db,
    demo::{chat::is_goods, sim_client::SimClient},
    orders::Status,
};

use procs::{Proc, TempDir};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// The whole flow, then payments alone, the bot sending as fast as it can.
    Speed,
    /// The simulator's rate limits on and the bot paced: every customer buys at once.
    Burst,
    /// 5 % of the bot's calls answered 500 and 2 % of its answers lost: the customer's first tap.
    Faults,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = Scenario::Speed)]
    scenario: Scenario,
    /// Customers buying at the same time; a list (16,64,256) runs each in turn.
    /// [default: 64; burst: 100]
    #[arg(long, value_delimiter = ',')]
    customers: Vec<usize>,
    /// Purchases in each phase. [default: 2000; burst: 300; faults: 500]
    #[arg(long)]
    purchases: Option<usize>,
    /// Runs of each customer count, each on a fresh simulator, shop and bot.
    #[arg(long, default_value_t = 1)]
    runs: usize,
    /// The seed of the faults' dice (faults).
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// The bot's log filter (as RUST_LOG; warn by default); each run's bot log is kept as
    /// bench-bot.log in the working folder. "warn,sqlx::query=debug" logs every statement with
    /// the time it took.
    #[arg(long)]
    bot_log: Option<String>,
}

/// `--bot-log`, for every run's bot.
static BOT_LOG: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// How long a customer waits for one answer of the bot.
const WAIT: Duration = Duration::from_secs(30);
/// The same with Telegram's limits on, where a message may wait behind a thousand others.
const WAIT_PACED: Duration = Duration::from_secs(120);
/// How long the bot has to stop after Ctrl-C before it is killed.
const STOP_WAIT: Duration = Duration::from_secs(30);

pub async fn run(args: Args) -> anyhow::Result<()> {
    tokio::select! {
        done = bench(args) => done,
        // Dropping the bench kills the simulator and the bot and removes their folder.
        _ = tokio::signal::ctrl_c() => anyhow::bail!("bench: interrupted"),
    }
}

async fn bench(args: Args) -> anyhow::Result<()> {
    BOT_LOG.get_or_init(|| args.bot_log.clone());
    let customers = match (&args.customers[..], args.scenario) {
        ([], Scenario::Burst) => vec![100],
        ([], _) => vec![64],
        (list, _) => list.to_vec(),
    };
    let purchases = args.purchases.unwrap_or(match args.scenario {
        Scenario::Speed => 2000,
        Scenario::Burst => 300,
        Scenario::Faults => 500,
    });
    anyhow::ensure!(
        customers.iter().all(|&c| c > 0),
        "--customers: at least one customer"
    );
    anyhow::ensure!(purchases > 0, "--purchases: at least one purchase");
    anyhow::ensure!(args.runs > 0, "--runs: at least one run");
    println!(
        "bench: {} build; the bot alone in its process, the simulator and {} simulated customers in two others",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        customers
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    for &n in &customers {
        let mut runs = Vec::new();
        for r in 1..=args.runs {
            let label = format!("bench {n} customers, run {r}/{}", args.runs);
            match args.scenario {
                Scenario::Speed => runs.push(speed(&label, n, purchases).await?),
                Scenario::Burst => burst(&label, n, purchases).await?,
                Scenario::Faults => faults(&label, n, purchases, args.seed).await?,
            }
        }
        if runs.len() > 1 {
            summary(n, &runs);
        }
    }
    Ok(())
}

/// A fresh simulator, a shop with a code product, and the bot polling, warmed up by one
/// purchase. Dropping it kills the bot, then the simulator, then removes the shop's folder.
struct Rig {
    bot: Proc,
    _sim: Proc,
    dir: TempDir,
    client: SimClient,
    product: i64,
}

impl Rig {
    async fn start(codes: usize, unpaced: bool) -> anyhow::Result<Rig> {
        let dir = TempDir::new("stardesk-bench")?;
        let (sim, url) = procs::start_simulator().await?;
        let product = prepare_shop(&dir.0, codes).await?;
        let log_filter = BOT_LOG.get().cloned().flatten();
        let bot = procs::start_bot(
            &dir.0,
            &url,
            unpaced,
            (&dir.0.join("bot.log"), log_filter.as_deref()),
        )?;
        let mut rig = Rig {
            bot,
            _sim: sim,
            dir,
            client: SimClient::new(&url),
            product,
        };
        let warm_up = async {
            rig.wait_polling().await?;
            let user = rig.client.create_user("Warm-up", None).await?;
            rig.client.buy(user, rig.product, WAIT).await
        };
        if let Err(e) = warm_up.await {
            return Err(rig.failed(e));
        }
        Ok(rig)
    }

    async fn wait_polling(&mut self) -> anyhow::Result<()> {
        let end = Instant::now() + Duration::from_secs(30);
        loop {
            let stats = self.client.stats().await?;
            if calls(&stats, "getUpdates") > 0 {
                return Ok(());
            }
            if let Some(status) = self.bot.ended() {
                anyhow::bail!("the bot ended ({status}) before it polled");
            }
            anyhow::ensure!(
                Instant::now() < end,
                "the bot did not poll the simulator within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The error with the end of the bot's log.
    fn failed(&mut self, e: anyhow::Error) -> anyhow::Error {
        let log = std::fs::read_to_string(self.dir.0.join("bot.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        let ended = match self.bot.ended() {
            Some(status) => format!("the bot ended ({status})"),
            None => "the bot is running".into(),
        };
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        anyhow::anyhow!("{e:#}\n{ended}; its log ends with:\n{}", tail.join("\n"))
    }

    async fn customers(&self, n: usize) -> anyhow::Result<Vec<i64>> {
        let mut users = Vec::with_capacity(n);
        for i in 0..n {
            users.push(self.client.create_user(&format!("Bench {i}"), None).await?);
        }
        Ok(users)
    }

    /// Runs the customers' `work`, timing it and the bot's CPU time meanwhile; the work
    /// returns each purchase's pay round trip.
    async fn phase(
        &mut self,
        work: impl Future<Output = anyhow::Result<Vec<Vec<Duration>>>>,
    ) -> anyhow::Result<Phase> {
        let cpu = self.bot.cpu()?;
        let started = Instant::now();
        let pays = match work.await {
            Ok(pays) => pays,
            Err(e) => return Err(self.failed(e)),
        };
        let time = started.elapsed();
        let cpu = self.bot.cpu()?.saturating_sub(cpu);
        let mut pays: Vec<Duration> = pays.into_iter().flatten().collect();
        pays.sort();
        Ok(Phase { time, pays, cpu })
    }

    /// Stops the bot as Ctrl-C does and holds its orders against Telegram's ledger.
    async fn finish(mut self) -> anyhow::Result<End> {
        let peak_rss = self.bot.peak_rss()?;
        let charges = charges(&self.client).await?;
        let stop = match self.bot.stop(STOP_WAIT).await {
            Ok(stop) => stop,
            Err(e) => return Err(self.failed(e)),
        };
        let store = Store::open(&self.dir.0).await?;
        let orders = db::orders::count_all(&store.read).await?;
        let (mut unrecorded, mut undelivered) = (0, 0);
        for charge in &charges {
            match db::orders::by_charge(&store.read, &charge.id).await? {
                None => unrecorded += 1,
                Some(o) if o.status != Status::Delivered => undelivered += 1,
                Some(_) => {}
            }
        }
        store.close().await;
        if BOT_LOG.get().is_some_and(Option::is_some) {
            std::fs::copy(self.dir.0.join("bot.log"), "bench-bot.log")?;
        }
        Ok(End {
            orders,
            charges: charges.len(),
            unrecorded,
            undelivered,
            peak_rss,
            stop,
        })
    }
}

/// The shop the bot serves: one code product with `codes` codes. Returns the product's id.
async fn prepare_shop(dir: &std::path::Path, codes: usize) -> anyhow::Result<i64> {
    let store = Store::open(dir).await?;
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
    let codes: String = (0..codes).map(|i| format!("BENCH-{i:08}\n")).collect();
    catalog::import_codes(&store, &who, product.id, &codes).await?;
    store.close().await;
    Ok(product.id)
}

struct Phase {
    time: Duration,
    /// Every purchase's pay round trip, shortest first.
    pays: Vec<Duration>,
    /// The bot's CPU time over the phase.
    cpu: Duration,
}

impl Phase {
    fn purchases(&self) -> usize {
        self.pays.len()
    }

    fn per_second(&self) -> f64 {
        self.purchases() as f64 / self.time.as_secs_f64()
    }

    /// The `p` quantile of the pay round trip, in milliseconds.
    fn pay_ms(&self, p: f64) -> f64 {
        if self.pays.is_empty() {
            return 0.0;
        }
        let i = ((self.pays.len() as f64 - 1.0) * p).round() as usize;
        self.pays[i].as_secs_f64() * 1000.0
    }

    fn cpu_ms(&self) -> f64 {
        self.cpu.as_secs_f64() * 1000.0 / self.purchases().max(1) as f64
    }

    fn line(&self) -> String {
        format!(
            "{} in {:.2} s = {:.0} purchases/s; pay round trip p50 {:.1} ms, p99 {:.1} ms; bot CPU {:.2} ms a purchase",
            self.purchases(),
            self.time.as_secs_f64(),
            self.per_second(),
            self.pay_ms(0.50),
            self.pay_ms(0.99),
            self.cpu_ms()
        )
    }
}

/// What the shop holds once the bot has stopped, beside Telegram's ledger.
struct End {
    orders: i64,
    charges: usize,
    /// Charges with no order.
    unrecorded: usize,
    /// Orders of a charge not delivered.
    undelivered: usize,
    peak_rss: u64,
    /// How long the bot took to end after Ctrl-C; None when it had to be killed.
    stop: Option<Duration>,
}

impl End {
    /// Every charge in the ledger has exactly one order, delivered.
    fn whole(&self) -> bool {
        self.unrecorded == 0 && self.undelivered == 0 && self.orders == self.charges as i64
    }

    fn line(&self) -> String {
        format!(
            "bot: {} orders for {} charges in the ledger ({}); peak RSS {:.1} MB; {}",
            self.orders,
            self.charges,
            if self.whole() {
                "one each, all delivered".to_string()
            } else {
                format!(
                    "{} charges with no order, {} orders not delivered",
                    self.unrecorded, self.undelivered
                )
            },
            mb(self.peak_rss),
            match self.stop {
                Some(t) => format!("stopped {:.2} s after Ctrl-C", t.as_secs_f64()),
                None => format!("not stopped {STOP_WAIT:?} after Ctrl-C: killed"),
            }
        )
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

struct SpeedRun {
    flow: Phase,
    pay: Phase,
    end: End,
}

/// The whole flow, then payments alone, on one bot sending as fast as it can.
async fn speed(label: &str, customers: usize, purchases: usize) -> anyhow::Result<SpeedRun> {
    let mut rig = Rig::start(2 * purchases + 100, true).await?;
    let users = rig.customers(customers).await?;
    let jobs: Vec<(i64, usize)> = users
        .into_iter()
        .zip(shares(purchases, customers))
        .collect();
    let (client, product) = (rig.client.clone(), rig.product);

    // 1. The whole flow, as a customer lives it: deep link, card, Buy, invoice, pay, goods.
    let c = client.clone();
    let flow = rig
        .phase(each(jobs.clone(), move |(user, n)| {
            let client = c.clone();
            async move {
                let mut pays = Vec::with_capacity(n);
                for _ in 0..n {
                    let invoice = client.open_invoice(user, product, WAIT).await?;
                    pays.push(pay_and_receive(&client, user, invoice.message_id, WAIT).await?);
                }
                Ok(pays)
            }
        }))
        .await?;
    println!(
        "{label}: whole flow (deep link, card, Buy, invoice, pay, goods, receipt): {}",
        flow.line()
    );

    // 2. Payments alone: invoices are open in every chat, then everyone pays at once;
    //    each purchase ends when the goods and the receipt are in the chat.
    let invoices = match open_invoices(&client, jobs, product).await {
        Ok(invoices) => invoices,
        Err(e) => return Err(rig.failed(e)),
    };
    let pay = rig
        .phase(each(invoices, move |(user, mine)| {
            let client = client.clone();
            async move {
                let mut pays = Vec::with_capacity(mine.len());
                for invoice in mine {
                    pays.push(pay_and_receive(&client, user, invoice, WAIT).await?);
                }
                Ok(pays)
            }
        }))
        .await?;
    println!(
        "{label}: payments alone (invoices open, then everyone pays; ends with goods and receipt): {}",
        pay.line()
    );
    let end = rig.finish().await?;
    println!("{label}: {}", end.line());
    Ok(SpeedRun { flow, pay, end })
}

/// Each customer count's figures over its runs, lowest to highest.
fn summary(customers: usize, runs: &[SpeedRun]) {
    let span = |f: &dyn Fn(&SpeedRun) -> f64, digits: usize| {
        let (lo, hi) = runs
            .iter()
            .map(f)
            .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        format!("{lo:.digits$}–{hi:.digits$}")
    };
    let phase = |name: &str, p: &dyn Fn(&SpeedRun) -> &Phase| {
        format!(
            "{name} {} purchases/s, pay p50 {} ms, p99 {} ms, bot CPU {} ms a purchase",
            span(&|r| p(r).per_second(), 0),
            span(&|r| p(r).pay_ms(0.50), 1),
            span(&|r| p(r).pay_ms(0.99), 1),
            span(&|r| p(r).cpu_ms(), 2),
        )
    };
    println!(
        "bench {customers} customers, {} runs, min–max: {}; {}; bot peak RSS {} MB",
        runs.len(),
        phase("whole flow", &|r| &r.flow),
        phase("payments alone", &|r| &r.pay),
        span(&|r| mb(r.end.peak_rss), 1),
    );
}

/// Telegram's limits on in the simulator and the bot pacing itself: every customer makes
/// their purchases (the whole flow) at once; all must end delivered with no 429. A customer
/// whose answer does not come within `WAIT_PACED` gives up their remaining purchases.
async fn burst(label: &str, customers: usize, purchases: usize) -> anyhow::Result<()> {
    let mut rig = Rig::start(purchases + 100, false).await?;
    let users = rig.customers(customers).await?;
    rig.client.faults(json!({ "rate_limit": true })).await?;
    let refused = too_many(&rig.client).await?;
    let jobs: Vec<(i64, usize)> = users
        .iter()
        .copied()
        .zip(shares(purchases, customers))
        .collect();
    let (client, product) = (rig.client.clone(), rig.product);
    let gave_up = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let why = gave_up.clone();
    let phase = rig
        .phase(each(jobs, move |(user, n)| {
            let (client, why) = (client.clone(), why.clone());
            async move {
                let mut pays = Vec::with_capacity(n);
                for _ in 0..n {
                    let bought = async {
                        let invoice = client.open_invoice(user, product, WAIT_PACED).await?;
                        pay_and_receive(&client, user, invoice.message_id, WAIT_PACED).await
                    };
                    match bought.await {
                        Ok(pay) => pays.push(pay),
                        Err(e) => {
                            why.lock().expect("gave up").push(format!("{e:#}"));
                            break;
                        }
                    }
                }
                Ok(pays)
            }
        }))
        .await?;
    let refused = too_many(&rig.client).await? - refused;
    let (goods, receipts) = tally(&rig.client, &users).await?;
    let end = rig.finish().await?;
    let gave_up = gave_up.lock().expect("gave up").clone();
    println!(
        "{label}: burst with Telegram's limits on, the bot paced: {} of {purchases} purchases (whole flow) ended with goods and receipt, in {:.1} s; the simulator answered 429 {refused} times; {goods} goods and {receipts} receipts in the customers' chats; {} customers gave up{}",
        phase.purchases(),
        phase.time.as_secs_f64(),
        gave_up.len(),
        gave_up
            .first()
            .map(|e| format!(" (the first: {e})"))
            .unwrap_or_default()
    );
    println!("{label}: {}", end.line());
    let all = end.whole() && end.orders == purchases as i64 + 1;
    anyhow::ensure!(
        all && goods == purchases && receipts == purchases,
        "not every order was delivered: {} orders (one warm-up), {goods} goods, {receipts} receipts for {purchases} purchases",
        end.orders
    );
    Ok(())
}

/// One purchase under faults: the outcome of each tap on Pay, and whether the goods and the
/// receipt came.
struct Tapped {
    taps: Vec<String>,
    delivered: bool,
}

impl Tapped {
    fn first(&self) -> bool {
        self.taps.first().is_some_and(|s| s == "paid")
    }

    fn paid(&self) -> bool {
        self.taps.last().is_some_and(|s| s == "paid")
    }
}

/// Invoices opened first; then with 5 % of the bot's calls answered 500 and 2 % of its
/// answers lost, every customer pays, tapping again (up to 3 times) when a payment fails.
async fn faults(label: &str, customers: usize, purchases: usize, seed: u64) -> anyhow::Result<()> {
    let mut rig = Rig::start(purchases + 100, true).await?;
    let users = rig.customers(customers).await?;
    let (client, product) = (rig.client.clone(), rig.product);
    let jobs = users
        .into_iter()
        .zip(shares(purchases, customers))
        .collect();
    let invoices = match open_invoices(&client, jobs, product).await {
        Ok(invoices) => invoices,
        Err(e) => return Err(rig.failed(e)),
    };
    client
        .faults(json!({ "error_rate": 0.05, "drop_rate": 0.02, "seed": seed }))
        .await?;
    let started = Instant::now();
    let c = client.clone();
    let tapped = each(invoices, move |(user, mine)| {
        let client = c.clone();
        async move {
            let mut tapped = Vec::with_capacity(mine.len());
            for invoice in mine {
                tapped.push(tap_until_paid(&client, user, invoice).await?);
            }
            Ok(tapped)
        }
    });
    let tapped: Vec<Tapped> = match tapped.await {
        Ok(t) => t.into_iter().flatten().collect(),
        Err(e) => return Err(rig.failed(e)),
    };
    let time = started.elapsed();
    client.faults(json!({})).await?;
    let count = |f: fn(&Tapped) -> bool| tapped.iter().filter(|t| f(t)).count();
    let (first, paid, delivered) = (
        count(Tapped::first),
        count(Tapped::paid),
        count(|t| t.delivered),
    );
    let twice = charged_twice(&client).await?;
    let end = rig.finish().await?;
    println!(
        "{label}: faults (5 % of the bot's calls answered 500, 2 % of its answers lost, seed {seed}; invoices opened before): {} payments in {:.1} s; paid on the first tap {first} = {:.1} %, within 3 taps {paid}; goods and receipt came for {delivered}; {twice} customers charged twice for one invoice; every paid order recorded once: {}",
        tapped.len(),
        time.as_secs_f64(),
        100.0 * first as f64 / tapped.len().max(1) as f64,
        if end.unrecorded == 0 && end.orders == end.charges as i64 {
            "yes"
        } else {
            "NO"
        }
    );
    // The taps that did not pay, by what the customer saw.
    let mut failed: HashMap<&str, usize> = HashMap::new();
    for tap in tapped.iter().flat_map(|t| &t.taps).filter(|s| *s != "paid") {
        *failed.entry(tap).or_default() += 1;
    }
    let mut failed: Vec<_> = failed.into_iter().collect();
    failed.sort();
    println!(
        "{label}: taps that did not pay: {}",
        if failed.is_empty() {
            "none".to_string()
        } else {
            failed
                .iter()
                .map(|(s, n)| format!("{n} {s}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    println!("{label}: {}", end.line());
    Ok(())
}

/// Taps Pay until it goes through (3 taps at most), then waits for the receipt.
async fn tap_until_paid(client: &SimClient, user: i64, invoice: i64) -> anyhow::Result<Tapped> {
    let mut taps = Vec::new();
    let mut paid_at = None;
    while taps.len() < 3 && paid_at.is_none() {
        let outcome = client.pay(user, invoice).await?;
        if outcome.status == "paid" {
            paid_at = Some(outcome.message_id.unwrap_or(invoice));
        }
        taps.push(match outcome.error_message {
            Some(why) => format!("{} ({why})", outcome.status),
            None => outcome.status,
        });
    }
    let mut tapped = Tapped {
        taps,
        delivered: false,
    };
    if let Some(paid_at) = paid_at {
        tapped.delivered = client
            .wait_for_start(user, paid_at, WAIT, "Receipt")
            .await
            .is_ok();
    }
    Ok(tapped)
}

/// Runs `work` for every item at once, one task each; fails with the first failure.
async fn each<T, R, Fut>(items: Vec<T>, work: impl Fn(T) -> Fut) -> anyhow::Result<Vec<R>>
where
    T: Send + 'static,
    R: Send + 'static,
    Fut: Future<Output = anyhow::Result<R>> + Send + 'static,
{
    let tasks: Vec<_> = items.into_iter().map(|t| tokio::spawn(work(t))).collect();
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await??);
    }
    Ok(out)
}

/// `purchases` spread over `customers` as evenly as it goes.
fn shares(purchases: usize, customers: usize) -> Vec<usize> {
    (0..customers)
        .map(|i| purchases / customers + usize::from(i < purchases % customers))
        .collect()
}

/// Each customer's `n` invoices, opened one after the other, all customers at once.
async fn open_invoices(
    client: &SimClient,
    jobs: Vec<(i64, usize)>,
    product: i64,
) -> anyhow::Result<Vec<(i64, Vec<i64>)>> {
    let client = client.clone();
    each(jobs, move |(user, n)| {
        let client = client.clone();
        async move {
            let mut mine = Vec::with_capacity(n);
            for _ in 0..n {
                mine.push(client.open_invoice(user, product, WAIT).await?.message_id);
            }
            Ok((user, mine))
        }
    })
    .await
}

/// Pays an invoice (timing the pay call: the pre-checkout round trip) and waits for the
/// goods and the receipt; returns the pay round trip.
async fn pay_and_receive(
    client: &SimClient,
    user: i64,
    invoice: i64,
    wait: Duration,
) -> anyhow::Result<Duration> {
    let t = Instant::now();
    let outcome = client.pay(user, invoice).await?;
    let pay = t.elapsed();
    anyhow::ensure!(outcome.status == "paid", "payment {outcome:?}");
    let paid_at = outcome
        .message_id
        .ok_or_else(|| anyhow::anyhow!("the simulator did not say where the payment is"))?;
    // The goods come before the receipt, so the receipt ends the purchase.
    client
        .wait_for_start(user, paid_at, wait, "Receipt")
        .await?;
    Ok(pay)
}

/// The goods and the receipts in the customers' chats.
async fn tally(client: &SimClient, users: &[i64]) -> anyhow::Result<(usize, usize)> {
    let (mut goods, mut receipts) = (0, 0);
    for &user in users {
        let chat = client.chat(user).await?;
        goods += chat.iter().filter(|m| m.from_bot && is_goods(m)).count();
        receipts += chat
            .iter()
            .filter(|m| m.from_bot && m.body().starts_with("Receipt"))
            .count();
    }
    Ok((goods, receipts))
}

/// How often the bot called a Bot API method (whatever the case of its name).
fn calls(stats: &Value, method: &str) -> u64 {
    stats["requests"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.eq_ignore_ascii_case(method))
        .filter_map(|(_, v)| v.as_u64())
        .sum()
}

/// The 429 answers the simulator has sent.
async fn too_many(client: &SimClient) -> anyhow::Result<u64> {
    Ok(client.stats().await?["too_many_requests_sent"]
        .as_u64()
        .unwrap_or(0))
}

/// A payment in Telegram's ledger.
struct Charge {
    id: String,
    payload: String,
    user: i64,
}

async fn charges(client: &SimClient) -> anyhow::Result<Vec<Charge>> {
    Ok(client
        .transactions()
        .await?
        .iter()
        .filter_map(|t| {
            let source = t.get("source")?;
            Some(Charge {
                id: t["id"].as_str()?.to_string(),
                payload: source["invoice_payload"].as_str()?.to_string(),
                user: source["user"]["id"].as_i64()?,
            })
        })
        .collect())
}

/// Customers Telegram charged more than once for the same invoice.
async fn charged_twice(client: &SimClient) -> anyhow::Result<usize> {
    let mut per_invoice: HashMap<(i64, String), usize> = HashMap::new();
    for c in charges(client).await? {
        *per_invoice.entry((c.user, c.payload)).or_default() += 1;
    }
    let twice: HashSet<i64> = per_invoice
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|((user, _), _)| user)
        .collect();
    Ok(twice.len())
}

#[cfg(test)]
mod tests {
    use super::shares;

    #[test]
    fn purchases_spread_evenly_over_customers() {
        assert_eq!(shares(10, 4), vec![3, 3, 2, 2]);
        assert_eq!(shares(2, 4), vec![1, 1, 0, 0]);
        assert_eq!(shares(2000, 64).iter().sum::<usize>(), 2000);
    }
}
