//! `stardeskd seed --orders N`: fills a data folder with a plausible year of sales (products,
//! customers, orders with their deliveries) for benchmarks and screenshots, in one transaction,
//! keeping the `revenue_daily` rollup consistent with the orders.

use std::{collections::BTreeMap, path::Path, time::Instant};

use rand::{Rng, SeedableRng, rngs::StdRng};
use stardesk_core::{
    Store,
    audit::Who,
    catalog::{self, Kind, ProductDraft},
    db::{
        self, day_of, now,
        seed::{SeedCustomer, SeedOrder},
    },
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Orders to add.
    #[arg(long)]
    orders: usize,
    /// Customers to add (default: one for every 40 orders, at least 20).
    #[arg(long)]
    customers: Option<usize>,
    /// How many days back the orders go.
    #[arg(long, default_value_t = 365)]
    days: i64,
    /// The random seed, so that two runs give the same shop.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

const FIRST_NAMES: &[&str] = &[
    "Anna", "Boris", "Chen", "Dana", "Emil", "Fatima", "Georg", "Hana", "Ivan", "Julia", "Kenji",
    "Lena", "Mateo", "Nadia", "Oleg", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera",
    "Wei", "Ximena", "Yusuf", "Zoe", "Alice", "Bruno", "Carla", "Dmitri", "Elena", "Farid",
    "Greta", "Hugo", "Ines", "Jonas", "Katya", "Luca", "Maya", "Nikita", "Olga", "Pablo", "Rania",
    "Sofia", "Timur", "Ulla", "Victor", "Wanda", "Yara", "Zara", "Arjun", "Bianca", "Cyrus",
    "Daria", "Eitan", "Freya", "Gleb", "Helga", "Igor", "Jana", "Kofi", "Lars", "Mila", "Noah",
    "Oscar", "Pia", "Ravi", "Sara", "Tomas", "Uma", "Vlad", "Willa", "Xavier", "Yana",
];
const LANGUAGES: &[&str] = &["en", "ru", "es", "de", "pt", "uk", "id", "tr", "it", "fr"];
const PRODUCTS: &[(&str, &str, i64, u32)] = &[
    (
        "Pro tips guide",
        "A private link to the guide, delivered the moment you pay.",
        25,
        30,
    ),
    (
        "Wallpaper pack",
        "Forty wallpapers for phone and desktop.",
        60,
        20,
    ),
    ("Sticker pack", "Thirty animated stickers.", 15, 15),
    (
        "Lightroom presets",
        "Twelve presets for warm city light.",
        120,
        12,
    ),
    (
        "Course: chapter one",
        "Video lessons and notes, chapter one.",
        250,
        8,
    ),
    (
        "Private channel pass",
        "Access to the private channel for a month.",
        500,
        6,
    ),
    (
        "Font family",
        "Four weights, desktop and web licence.",
        40,
        5,
    ),
    (
        "One-to-one session",
        "A 30-minute call booked by link.",
        1000,
        4,
    ),
];
const BATCH: usize = 400;

struct Planned {
    at: i64,
    customer: usize,
    product: usize,
    /// 0 delivered, 1 refunded, 2 failed.
    outcome: u8,
}

#[derive(Default)]
struct Day {
    orders: i64,
    stars: i64,
    refunds: i64,
    refunded_stars: i64,
}

fn charge_id(rng: &mut StdRng, n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let noise: String = (0..20)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("stx{noise}{n:08x}")
}

pub async fn run(data_dir: &Path, args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let store = Store::open(data_dir).await?;
    let mut rng = StdRng::seed_from_u64(args.seed);
    let n_customers = args.customers.unwrap_or((args.orders / 40).max(20));
    let to = now();
    let span = args.days.max(1) * 86_400;

    let mut products = Vec::new();
    for (title, description, price, _) in PRODUCTS {
        let p = catalog::create(
            &store,
            &Who::stardeskd(),
            &ProductDraft {
                kind: Kind::Text,
                title: (*title).into(),
                description: (*description).into(),
                price: *price,
                per_customer_limit: None,
                stock: None,
                content: Some(format!(
                    "Thank you! Your {title}: https://example.com/d/{}",
                    title.len()
                )),
                channel_id: None,
            },
        )
        .await?;
        products.push((p.id, p.title, p.price));
    }
    let weights: Vec<u32> = PRODUCTS.iter().map(|p| p.3).collect();
    let weight_sum: u32 = weights.iter().sum();

    // Sales grow over the year; a few loyal customers buy far more than the rest.
    let mut plan: Vec<Planned> = (0..args.orders)
        .map(|_| {
            let age = (span as f64 * (1.0 - rng.random::<f64>().sqrt())) as i64;
            let mut pick = rng.random_range(0..weight_sum);
            let product = weights
                .iter()
                .position(|w| {
                    if pick < *w {
                        true
                    } else {
                        pick -= w;
                        false
                    }
                })
                .unwrap_or(0);
            let roll = rng.random_range(0..1000);
            Planned {
                at: to - age,
                customer: ((rng.random::<f64>().powf(1.6)) * n_customers as f64) as usize,
                product,
                outcome: if roll < 30 {
                    1
                } else if roll < 40 {
                    2
                } else {
                    0
                },
            }
        })
        .collect();
    plan.sort_by_key(|p| p.at);

    let mut seen: Vec<Option<(i64, i64)>> = vec![None; n_customers];
    for p in &plan {
        let s = &mut seen[p.customer];
        *s = Some(match *s {
            None => (p.at, p.at),
            Some((first, last)) => (first.min(p.at), last.max(p.at)),
        });
    }

    let mut tx = store.write.begin().await?;
    db::seed::begin(&mut tx).await?;
    let base_id = db::seed::max_customer_id(&mut tx).await?;
    for chunk in (0..n_customers).collect::<Vec<_>>().chunks(BATCH) {
        let rows: Vec<SeedCustomer> = chunk
            .iter()
            .map(|&i| {
                let name = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
                let (first, last) = seen[i].unwrap_or_else(|| {
                    let t = to - rng.random_range(0..span);
                    (t, t)
                });
                let first = first - rng.random_range(0..3 * 86_400);
                SeedCustomer {
                    id: base_id + 1 + i as i64,
                    first_name: name.to_string(),
                    username: format!("{}_{}", name.to_lowercase(), i + 1),
                    language_code: LANGUAGES[rng.random_range(0..LANGUAGES.len())],
                    first_seen: first,
                    last_seen: last,
                }
            })
            .collect();
        db::seed::insert_customers(&mut tx, &rows).await?;
    }

    let first_order = db::seed::next_order_id(&mut tx).await?;
    let mut days: BTreeMap<String, Day> = BTreeMap::new();
    for (chunk_no, chunk) in plan.chunks(BATCH).enumerate() {
        let rows: Vec<SeedOrder> = chunk
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let n = chunk_no * BATCH + k;
                let (product_id, title, price) = &products[p.product];
                let day = days.entry(day_of(p.at)).or_default();
                day.orders += 1;
                day.stars += price;
                if p.outcome == 1 {
                    day.refunds += 1;
                    day.refunded_stars += price;
                }
                SeedOrder {
                    id: first_order + n as i64,
                    charge_id: charge_id(&mut rng, n),
                    customer_id: base_id + 1 + p.customer as i64,
                    product_id: *product_id,
                    product_title: title.clone(),
                    stars: *price,
                    status: match p.outcome {
                        1 => "refunded",
                        2 => "failed",
                        _ => "delivered",
                    },
                    created_at: p.at,
                }
            })
            .collect();
        db::seed::insert_orders(&mut tx, &rows).await?;
    }

    for (day, d) in &days {
        db::seed::add_day(&mut tx, day, d.orders, d.stars, d.refunds, d.refunded_stars).await?;
    }
    tx.commit().await?;
    db::seed::end(&store.write).await?;
    println!(
        "seed: {} orders, {n_customers} customers, {} products over {} days into {} in {:.1} s",
        args.orders,
        products.len(),
        args.days,
        data_dir.display(),
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    Ok(())
}
