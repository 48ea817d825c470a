//! console-bench: times the queries behind the console's pages over a seeded data folder
//! (`stardeskd seed --orders 1000000`), the way the window runs them. Prints figures; asserts nothing.

use std::{path::PathBuf, time::Instant};

use clap::Parser;
use stardesk_core::{
    Store,
    customer_list::{self, CustomerQuery, CustomerSort},
    order_list::{self, OrderQuery, OrderSort},
    orders::Status,
    reports,
};

#[derive(Parser)]
#[command(about = "Times the console's page queries over a data folder")]
struct Args {
    #[arg(long, env = "STARDESK_DATA_DIR")]
    data_dir: PathBuf,
    /// Timed runs per query (after one warm-up); the median is printed.
    #[arg(long, default_value_t = 15)]
    runs: usize,
    /// What the Orders page searches for.
    #[arg(long, default_value = "ann")]
    search: String,
}

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
    let (ms, days) = median_ms(args.runs, || reports::revenue_by_day(db, &from, &to)).await?;
    println!(
        "revenue by day, one year ({} days): {ms:.2} ms median",
        days.len()
    );
    let (ms, _) = median_ms(args.runs, || {
        reports::overview(db, chrono::Utc::now().timestamp() - 86_400)
    })
    .await?;
    println!("overview figures: {ms:.2} ms median");

    let customers = CustomerQuery {
        sort: CustomerSort::LastSeen,
        descending: true,
        limit: 100,
        ..Default::default()
    };
    let (ms, _) = median_ms(args.runs, || customer_list::page(db, &customers)).await?;
    println!("customers page (last seen first, with totals): {ms:.2} ms median");
    let by_spent = CustomerQuery {
        sort: CustomerSort::Spent,
        descending: true,
        limit: 100,
        ..Default::default()
    };
    let (ms, _) = median_ms(args.runs.min(5), || customer_list::page(db, &by_spent)).await?;
    println!("customers page (sorted by total spent): {ms:.2} ms median");
    store.close().await;
    Ok(())
}
