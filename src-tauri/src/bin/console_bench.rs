//! console-bench: times the queries behind the console's pages over a seeded data folder
//! (`stardeskd seed --orders 1000000`, `--subscribers 100000`), the way the window runs them.
//! Prints figures; asserts nothing.

use std::{future::Future, path::PathBuf, pin::Pin, sync::Arc, time::Instant};

use clap::Parser;
use serde_json::{Value, json};
use stardesk_core::{
    Shop, Store,
    audit::Who,
    customer_list::{self, CustomerQuery, CustomerSort},
    events::Events,
    order_list::{self, OrderQuery, OrderSort},
    orders::Status,
    referrals, reports,
    subscriptions::{self, SubStatus, SubscriberQuery, SubscriberSort, expiry},
    telegram::{Document, SendError, Telegram},
};

#[derive(Parser)]
#[command(about = "Times the console's page queries over a data folder")]
struct Args {
    #[arg(long, env = "STARDESK_DATA_DIR")]
    data_dir: PathBuf,
    /// Timed runs per query (after one warm-up); the median is printed.
    #[arg(long, default_value_t = 15)]
    runs: usize,
    /// What the Orders and Subscribers pages search for.
    #[arg(long, default_value = "ann")]
    search: String,
    /// Times the subscription pages only (a folder seeded with subscribers alone).
    #[arg(long)]
    subscriptions_only: bool,
    /// Times the Codes view only, over a code product with this many codes (made in the data
    /// folder the first time).
    #[arg(long, value_name = "N")]
    codes: Option<i64>,
}

/// The Subscribers page and the expiry queue's target on this machine.
const SUBSCRIPTIONS_TARGET_MS: f64 = 50.0;

async fn median_ms<F, Fut, T>(runs: usize, mut f: F) -> anyhow::Result<(f64, T)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = stardesk_core::Result<T>>,
{
    let mut last = f().await?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        last = f().await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok((times[times.len() / 2], last))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let store = Store::open(&args.data_dir).await?;
    store.optimize().await?;
    if let Some(n) = args.codes {
        codes_bench(&store, &args, n).await?;
        store.close().await;
        return Ok(());
    }
    if args.subscriptions_only {
        subscriptions_bench(&store, &args).await?;
        store.close().await;
        return Ok(());
    }
    let db = &store.read;
    let total = order_list::count(db, &OrderQuery::default()).await?;
    println!(
        "console-bench: {total} orders in {}",
        args.data_dir.display()
    );

    let searched = OrderQuery {
        search: Some(args.search.clone()),
        sort: OrderSort::Amount,
        descending: true,
        limit: 100,
        ..OrderQuery::default()
    };
    let (ms, rows) = median_ms(args.runs, || order_list::page(db, &searched)).await?;
    println!(
        "orders page (search \"{}\", sorted by amount, 100 rows): {ms:.2} ms median, {} rows",
        args.search,
        rows.len()
    );
    let (ms, n) = median_ms(args.runs, || order_list::count(db, &searched)).await?;
    println!("orders count for that search: {ms:.2} ms median ({n} orders match)");
    let searched_newest = OrderQuery {
        search: Some(args.search.clone()),
        ..OrderQuery::newest(100)
    };
    let (ms, rows) = median_ms(args.runs, || order_list::page(db, &searched_newest)).await?;
    println!(
        "orders page (search \"{}\", newest first, 100 rows): {ms:.2} ms median, {} rows",
        args.search,
        rows.len()
    );

    let newest = OrderQuery::newest(100);
    let (ms, _) = median_ms(args.runs, || order_list::page(db, &newest)).await?;
    println!("orders page (newest first, first page): {ms:.2} ms median");
    let deep = OrderQuery {
        offset: total / 2,
        ..OrderQuery::newest(100)
    };
    let (ms, _) = median_ms(args.runs, || order_list::page(db, &deep)).await?;
    println!("orders page (newest first, scrolled to the middle): {ms:.2} ms median");
    let filtered = OrderQuery {
        status: Some(Status::Refunded),
        ..OrderQuery::newest(100)
    };
    let (ms, _) = median_ms(args.runs, || order_list::page(db, &filtered)).await?;
    println!("orders page (status refunded, newest first): {ms:.2} ms median");
    let everything = OrderQuery::default();
    let (ms, _) = median_ms(args.runs, || order_list::count(db, &everything)).await?;
    println!("orders count, unfiltered: {ms:.2} ms median");

    let today = chrono::Utc::now().date_naive();
    let from = (today - chrono::Duration::days(364))
        .format("%Y-%m-%d")
        .to_string();
    let to = today.format("%Y-%m-%d").to_string();
    let (ms, days) = median_ms(args.runs, || reports::revenue_by_day(&store, &from, &to)).await?;
    println!(
        "revenue by day, one year ({} days): {ms:.2} ms median",
        days.len()
    );
    let (ms, _) = median_ms(args.runs, || {
        reports::overview(&store, chrono::Utc::now().timestamp())
    })
    .await?;
    println!("overview figures: {ms:.2} ms median");
    reports_bench(&store, &args).await?;

    let customers = CustomerQuery {
        sort: CustomerSort::LastSeen,
        descending: true,
        limit: 100,
        ..Default::default()
    };
    let (ms, _) = median_ms(args.runs, || customer_list::page(db, &customers)).await?;
    println!("customers page (last seen first, with totals): {ms:.2} ms median");
    let searched_customers = CustomerQuery {
        search: Some(args.search.clone()),
        sort: CustomerSort::LastSeen,
        descending: true,
        limit: 100,
        ..Default::default()
    };
    let (ms, rows) = median_ms(args.runs, || customer_list::page(db, &searched_customers)).await?;
    println!(
        "customers page (search \"{}\", last seen first): {ms:.2} ms median, {} rows",
        args.search,
        rows.len()
    );
    let by_spent = CustomerQuery {
        sort: CustomerSort::Spent,
        descending: true,
        limit: 100,
        ..Default::default()
    };
    let (ms, _) = median_ms(args.runs.min(5), || customer_list::page(db, &by_spent)).await?;
    println!("customers page (sorted by total spent): {ms:.2} ms median");

    referrals_bench(&store, &args).await?;
    promos_bench(&store, &args).await?;

    let everyone = SubscriberQuery {
        limit: 100,
        ..SubscriberQuery::default()
    };
    if subscriptions::subscribers_count(&store, &everyone).await? > 0 {
        subscriptions_bench(&store, &args).await?;
    }
    store.close().await;
    Ok(())
}

/// The Referrals page (referrers, the biggest one's drawer, payouts due) and a promo code's
/// price check, over a folder seeded with `stardeskd seed --orders N --referrers R`.
async fn referrals_bench(store: &Store, args: &Args) -> anyhow::Result<()> {
    let now = stardesk_core::db::now();
    let (ms, list) = median_ms(args.runs.min(5), || referrals::referrers(store, now)).await?;
    if list.is_empty() {
        return Ok(());
    }
    let brought: i64 = list.iter().map(|r| r.invited).sum();
    println!();
    println!(
        "== Referrals: {} referrers who brought {brought} customers",
        list.len()
    );
    against_target("referrers page (every referrer with figures)", ms, "");
    let top = list[0].customer_id;
    let (ms, detail) = median_ms(args.runs, || referrals::detail(store, top, now)).await?;
    against_target(
        "a referrer's drawer (the biggest)",
        ms,
        &format!(
            " ({} people, {} ledger lines)",
            detail.invited.len(),
            detail.ledger.len()
        ),
    );
    let (ms, due) = median_ms(args.runs.min(5), || referrals::payouts_due(store, now)).await?;
    against_target("payouts due", ms, &format!(" ({} referrers)", due.len()));
    let (ms, _) = median_ms(args.runs, || async {
        stardesk_core::db::referrals::credit_left(&store.read, top, now, "").await
    })
    .await?;
    println!("store credit check at Buy: {ms:.3} ms median");
    Ok(())
}

/// The Promo codes page over every code the folder has (`stardeskd promos generate` fills it).
async fn promos_bench(store: &Store, args: &Args) -> anyhow::Result<()> {
    let (ms, codes) = median_ms(args.runs.min(5), || stardesk_core::promos::list(store)).await?;
    if !codes.is_empty() {
        against_target(
            "promo codes page (every code)",
            ms,
            &format!(" ({} codes)", codes.len()),
        );
    }
    Ok(())
}

/// The Codes view of a code product with `n` codes: its first page, a page scrolled to the
/// middle, a search (any part of a code) with its counts, and a removal with its Undo.
async fn codes_bench(store: &Store, args: &Args, n: i64) -> anyhow::Result<()> {
    use stardesk_core::catalog::{self, CodeQuery, CodeState, Kind, ProductDraft};
    let who = Who::stardeskd();
    let title = format!("Bench key {n}");
    let existing = catalog::list(&store.read, true)
        .await?
        .into_iter()
        .find(|p| p.title == title);
    let product = match existing {
        Some(p) => p,
        None => {
            let p = catalog::create(
                store,
                &who,
                &ProductDraft {
                    kind: Kind::Code,
                    title: title.clone(),
                    description: String::new(),
                    price: 10,
                    per_customer_limit: None,
                    stock: None,
                    content: None,
                    channel_id: None,
                },
            )
            .await?;
            let t = Instant::now();
            let text: String = (0..n)
                .map(|i| {
                    format!(
                        "KEY-{:05X}-{:08X}\n",
                        i,
                        (i * 2_654_435_761) % 4_294_967_296
                    )
                })
                .collect();
            catalog::import_codes(store, &who, p.id, &text).await?;
            println!(
                "imported {n} codes in {:.0} ms (one file, one transaction)",
                t.elapsed().as_secs_f64() * 1000.0
            );
            store.optimize().await?;
            p
        }
    };
    println!();
    println!("== Codes view over {n} codes");
    let page = |search: &str, state: Option<CodeState>, offset: i64| CodeQuery {
        product_id: product.id,
        search: search.into(),
        state,
        offset,
        limit: 200,
    };
    let first = page("", None, 0);
    let (ms, rows) = median_ms(args.runs, || catalog::codes_page(&store.read, &first)).await?;
    against_target(
        "codes list (first page of 200)",
        ms,
        &format!(" ({} rows)", rows.len()),
    );
    let middle = page("", None, n / 2);
    let (ms, _) = median_ms(args.runs, || catalog::codes_page(&store.read, &middle)).await?;
    against_target("codes list (scrolled to the middle)", ms, "");
    let (ms, counts) = median_ms(args.runs, || catalog::code_counts(store, product.id, "")).await?;
    against_target(
        "codes counts by state",
        ms,
        &format!(" ({} codes)", counts.total()),
    );
    let needle = "f-0";
    let searched = page(needle, None, 0);
    let (ms, rows) = median_ms(args.runs, || catalog::codes_page(&store.read, &searched)).await?;
    against_target(
        &format!("codes search \"{needle}\" (first page)"),
        ms,
        &format!(" ({} rows)", rows.len()),
    );
    let (ms, counts) = median_ms(args.runs, || {
        catalog::code_counts(store, product.id, needle)
    })
    .await?;
    against_target(
        "codes search counts",
        ms,
        &format!(" ({} codes match)", counts.total()),
    );
    let in_stock = page("", Some(CodeState::InStock), 0);
    let (ms, _) = median_ms(args.runs, || catalog::codes_page(&store.read, &in_stock)).await?;
    against_target("codes list (in stock only)", ms, "");
    let ids: Vec<i64> = catalog::codes_page(&store.read, &in_stock)
        .await?
        .iter()
        .map(|r| r.id)
        .collect();
    let t = Instant::now();
    let removal = catalog::remove_codes(store, &who, product.id, &ids).await?;
    let removed = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    catalog::restore_codes(store, &who, product.id, removal.removal_id).await?;
    println!(
        "remove {} codes: {removed:.1} ms; undo: {:.1} ms",
        removal.removed,
        t.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

/// A figure against the Subscribers page's target.
fn against_target(what: &str, ms: f64, extra: &str) {
    let verdict = if ms < SUBSCRIPTIONS_TARGET_MS {
        "ok"
    } else {
        "OVER"
    };
    println!(
        "{what}: {ms:.2} ms median{extra} (target < {SUBSCRIPTIONS_TARGET_MS:.0} ms: {verdict})"
    );
}

/// The Subscribers page (its pages and counts), the expiry queue, the subscription figures and
/// the expiry run, over a folder seeded with `stardeskd seed --subscribers N`.
async fn subscriptions_bench(store: &Store, args: &Args) -> anyhow::Result<()> {
    let shop = Shop::open(store.clone(), Arc::new(Events::default())).await?;
    let runs = args.runs;
    let all = SubscriberQuery {
        limit: 100,
        ..SubscriberQuery::default()
    };
    let total = subscriptions::subscribers_count(store, &all).await?;
    println!();
    println!(
        "console-bench: {total} subscriptions in {}",
        args.data_dir.display()
    );

    let (ms, _) = median_ms(runs, || subscriptions::subscribers(store, &all)).await?;
    against_target("subscribers page (newest first, first page)", ms, "");
    let (ms, _) = median_ms(runs, || subscriptions::subscribers_count(store, &all)).await?;
    against_target("subscribers count, unfiltered", ms, "");

    let searched = SubscriberQuery {
        search: args.search.clone(),
        ..all.clone()
    };
    let (ms, rows) = median_ms(runs, || subscriptions::subscribers(store, &searched)).await?;
    against_target(
        &format!("subscribers page (search \"{}\")", args.search),
        ms,
        &format!(", {} rows", rows.len()),
    );
    let (ms, n) = median_ms(runs, || subscriptions::subscribers_count(store, &searched)).await?;
    against_target(
        "subscribers count for that search",
        ms,
        &format!(" ({n} match)"),
    );

    let cancelled = SubscriberQuery {
        status: Some(SubStatus::Cancelled),
        ..all.clone()
    };
    let (ms, _) = median_ms(runs, || subscriptions::subscribers(store, &cancelled)).await?;
    against_target("subscribers page (status cancelled, newest first)", ms, "");
    let (ms, n) = median_ms(runs, || subscriptions::subscribers_count(store, &cancelled)).await?;
    against_target(
        "subscribers count for that status",
        ms,
        &format!(" ({n} match)"),
    );

    let active = SubscriberQuery {
        status: Some(SubStatus::Active),
        ..all.clone()
    };
    let (ms, _) = median_ms(runs, || subscriptions::subscribers(store, &active)).await?;
    against_target("subscribers page (status active, newest first)", ms, "");
    let plan_id = subscriptions::plans(store).await?.first().map(|p| p.id);
    let of_plan = SubscriberQuery {
        plan_id,
        ..all.clone()
    };
    let (ms, _) = median_ms(runs, || subscriptions::subscribers(store, &of_plan)).await?;
    against_target("subscribers page (one plan, newest first)", ms, "");

    let ending = SubscriberQuery {
        sort: SubscriberSort::PaidUntil,
        ..all.clone()
    };
    let (ms, _) = median_ms(runs, || subscriptions::subscribers(store, &ending)).await?;
    against_target("subscribers page (sorted by paid until)", ms, "");
    let active_ending = SubscriberQuery {
        status: Some(SubStatus::Active),
        ..ending.clone()
    };
    let (ms, _) = median_ms(runs, || subscriptions::subscribers(store, &active_ending)).await?;
    against_target(
        "subscribers page (status active, sorted by paid until)",
        ms,
        "",
    );

    let top = SubscriberQuery {
        sort: SubscriberSort::StarsPaid,
        ..all.clone()
    };
    let (ms, _) = median_ms(runs, || subscriptions::subscribers(store, &top)).await?;
    against_target("subscribers page (sorted by Stars paid)", ms, "");

    let (ms, plans) = median_ms(runs, || subscriptions::plans(store)).await?;
    against_target(
        "plans with their subscriber counts",
        ms,
        &format!(", {} plans", plans.len()),
    );
    let (ms, f) = median_ms(runs, || subscriptions::figures(&shop)).await?;
    against_target(
        "subscription figures",
        ms,
        &format!(
            " ({} with access, MRR {} Stars, {} renewals due this week, {} lapses last week)",
            f.active, f.mrr, f.renewals_due_week, f.lapses_week
        ),
    );
    let (ms, q) = median_ms(runs, || expiry::queue(&shop)).await?;
    against_target(
        "expiry queue (what the next run would do, and the week after)",
        ms,
        &format!(
            " ({} due now, {} in 24 h, {} more in 7 days, {} reminders due, {} recent removals)",
            q.due_now_total,
            q.next_24h_total,
            q.next_7d_total,
            q.reminders_now.len(),
            q.recent.len()
        ),
    );

    // The run itself, over a Telegram that answers every call at once: the first does what is
    // due (and changes the folder); the ones after find nothing left, as the scheduler's
    // periodic look does most of the time.
    let telegram = Answering;
    let rule = Who::rule("expiry");
    let t = Instant::now();
    let first = expiry::run(&shop, &telegram, &rule, false, || async { Ok(()) }).await?;
    println!(
        "expiry run, first (does the due work: {} removed, {} reminders, {} failed): {:.2} ms",
        first.removed,
        first.reminders,
        first.failed.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let (ms, _) = median_ms(runs, || {
        expiry::run(&shop, &telegram, &rule, false, || async { Ok(()) })
    })
    .await?;
    against_target(
        "expiry run with nothing left due (the scheduler's periodic look)",
        ms,
        "",
    );
    Ok(())
}

type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T, SendError>> + Send + 'a>>;

/// A Telegram that accepts every call and answers at once, so that the expiry run's own cost
/// is what is timed.
struct Answering;

impl Telegram for Answering {
    fn send_html(&self, _chat: i64, _html: String) -> Answer<'_, ()> {
        Box::pin(async { Ok(()) })
    }

    fn send_document(
        &self,
        _chat: i64,
        _document: Document,
        _caption: String,
    ) -> Answer<'_, Option<String>> {
        Box::pin(async { Ok(None) })
    }

    fn refund_star_payment(&self, _user: i64, _charge_id: String) -> Answer<'_, ()> {
        Box::pin(async { Ok(()) })
    }

    fn star_transactions(&self, _offset: i64, _limit: i64) -> Answer<'_, Vec<Value>> {
        Box::pin(async { Ok(Vec::new()) })
    }

    fn call(&self, method: &'static str, _params: Value) -> Answer<'_, Value> {
        Box::pin(async move {
            Ok(match method {
                "createChatInviteLink" => {
                    json!({ "invite_link": format!("https://t.me/+{}", next_link()) })
                }
                "sendMessage" => json!({ "message_id": 1 }),
                _ => json!(true),
            })
        })
    }
}

/// A fresh invite link's tail (links are unique in the store).
fn next_link() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("bench{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The Reports page over the seeded orders and subscriptions: each report for 30 days, 90 days
/// and a year of the shop's days (target: under 50 ms each).
async fn reports_bench(store: &Store, args: &Args) -> anyhow::Result<()> {
    use stardesk_core::reports::{Grouping, cash, funnel, revenue, subscriptions};
    let now = chrono::Utc::now().timestamp();
    let today = store.zone.day_of(now);
    println!("reports in {} days:", store.zone.name());
    for (label, days, group) in [
        ("30 days by day", 29, Grouping::Day),
        ("90 days by week", 89, Grouping::Week),
        ("a year by month", 364, Grouping::Month),
    ] {
        let from = (today - chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string();
        let to = today.format("%Y-%m-%d").to_string();
        let (ms, r) = median_ms(args.runs, || revenue::report(store, &from, &to, group)).await?;
        println!(
            "  revenue report, {label} ({} orders, {} items, {} top customers): {ms:.2} ms median",
            r.totals.orders,
            r.items.len(),
            r.top_customers.len()
        );
        let (ms, _) = median_ms(args.runs, || funnel::report(store, &from, &to)).await?;
        println!("  funnel, {label}: {ms:.2} ms median");
        let (ms, r) = median_ms(args.runs, || {
            subscriptions::report(store, &from, &to, group, now)
        })
        .await?;
        println!(
            "  subscriptions report, {label} (MRR {}, {} renewing, {} cohorts): {ms:.2} ms median",
            r.mrr,
            r.active,
            r.cohorts.len()
        );
    }
    let (ms, c) = median_ms(args.runs, || cash::report(store, now)).await?;
    println!(
        "  cash flow ({} Stars on hold): {ms:.2} ms median",
        c.on_hold_millistars / 1000
    );
    Ok(())
}
