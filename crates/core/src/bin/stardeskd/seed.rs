//! `stardeskd seed --orders N --subscribers M [--referrers R]`: fills a data folder with a plausible year of sales
//! (products, customers, orders with their deliveries) and of subscriptions (channels, plans,
//! subscribers in every status with their payments as orders, removals and reminders) for
//! benchmarks and screenshots, in one transaction, with the report days counted
//! from the orders.

use std::{path::Path, time::Instant};

use rand::{Rng, SeedableRng, rngs::StdRng, seq::SliceRandom};
use sqlx::SqliteConnection;
use stardesk_core::{
    Store,
    audit::Who,
    catalog::{self, Kind, ProductDraft},
    db::{
        self, now,
        seed::{SeedCustomer, SeedOrder, SeedPayment, SeedReminder, SeedRemoval, SeedSubscription},
    },
    subscriptions::{self as subs, PERIOD, PlanDraft, expiry::GRACE},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Orders to add.
    #[arg(long, default_value_t = 0)]
    orders: usize,
    /// Subscriptions to add (each with a customer of its own but for a few, and its payments).
    #[arg(long, default_value_t = 0)]
    subscribers: usize,
    /// Customers to add for the orders (default: one for every 40 orders, at least 20).
    #[arg(long)]
    customers: Option<usize>,
    /// How many days back the orders and subscriptions go.
    #[arg(long, default_value_t = 365)]
    days: i64,
    /// Referrers among the seeded customers (with --orders): they bring three in ten of the
    /// others, whose orders earn them commissions; some were paid out.
    #[arg(long, default_value_t = 0)]
    referrers: i64,
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

fn charge_id(rng: &mut StdRng, n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let noise: String = (0..20)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("stx{noise}{n:08x}")
}

/// An index drawn with the given weights.
fn pick(rng: &mut StdRng, weights: &[u32], sum: u32) -> usize {
    let mut left = rng.random_range(0..sum);
    weights
        .iter()
        .position(|w| {
            if left < *w {
                true
            } else {
                left -= w;
                false
            }
        })
        .unwrap_or(0)
}

pub async fn run(data_dir: &Path, args: Args) -> anyhow::Result<()> {
    if args.orders == 0 && args.subscribers == 0 {
        anyhow::bail!("nothing to seed: give --orders N, --subscribers N or both");
    }
    let started = Instant::now();
    let store = Store::open(data_dir).await?;
    let mut rng = StdRng::seed_from_u64(args.seed);
    let to = now();
    let products = if args.orders > 0 {
        create_products(&store).await?
    } else {
        Vec::new()
    };
    let plans = if args.subscribers > 0 {
        create_plans(&store).await?
    } else {
        Vec::new()
    };

    let mut tx = store.write.begin().await?;
    db::seed::begin(&mut tx).await?;
    let mut done = Vec::new();
    if args.orders > 0 {
        let customers = seed_orders(&mut tx, &mut rng, &args, &products, to).await?;
        done.push(format!(
            "{} orders, {customers} customers, {} products over {} days",
            args.orders,
            products.len(),
            args.days
        ));
    }
    if args.subscribers > 0 {
        let n = seed_subscriptions(&mut tx, &mut rng, &args, &plans, to).await?;
        done.push(format!(
            "{} subscriptions ({} payments, {} customers) on {} plans",
            args.subscribers,
            n.payments,
            n.customers,
            plans.len()
        ));
    }
    if args.referrers > 0 {
        if args.orders == 0 {
            anyhow::bail!("referrers are chosen among the customers of --orders: give --orders N");
        }
        let r = db::seed::seed_referrals(&mut tx, args.referrers, to).await?;
        done.push(format!(
            "{} referrers who brought {} customers ({} commission lines, {} payouts)",
            args.referrers, r.referred, r.commissions, r.payouts
        ));
    }
    // The report days counted from the orders, in the shop's time zone.
    db::report_days::count_again(&mut tx, store.zone.tz()).await?;
    tx.commit().await?;
    db::seed::end(&store.write).await?;
    println!(
        "seed: {} into {} in {:.1} s",
        done.join("; "),
        data_dir.display(),
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    Ok(())
}

/// The catalog the orders buy from: (id, title, price) per product of `PRODUCTS`.
async fn create_products(store: &Store) -> anyhow::Result<Vec<(i64, String, i64)>> {
    let mut products = Vec::new();
    for (title, description, price, _) in PRODUCTS {
        let p = catalog::create(
            store,
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
    Ok(products)
}

/// A year of orders and their customers; returns how many customers.
async fn seed_orders(
    tx: &mut SqliteConnection,
    rng: &mut StdRng,
    args: &Args,
    products: &[(i64, String, i64)],
    to: i64,
) -> anyhow::Result<usize> {
    let n_customers = args.customers.unwrap_or((args.orders / 40).max(20));
    let span = args.days.max(1) * 86_400;
    let weights: Vec<u32> = PRODUCTS.iter().map(|p| p.3).collect();
    let weight_sum: u32 = weights.iter().sum();

    // Sales grow over the year; a few loyal customers buy far more than the rest.
    let mut plan: Vec<Planned> = (0..args.orders)
        .map(|_| {
            let age = (span as f64 * (1.0 - rng.random::<f64>().sqrt())) as i64;
            let product = pick(rng, &weights, weight_sum);
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

    let base_id = db::seed::max_customer_id(tx).await?;
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
        db::seed::insert_customers(tx, &rows).await?;
    }

    let first_order = db::seed::next_order_id(tx).await?;
    for (chunk_no, chunk) in plan.chunks(BATCH).enumerate() {
        let rows: Vec<SeedOrder> = chunk
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let n = chunk_no * BATCH + k;
                let (product_id, title, price) = &products[p.product];
                SeedOrder {
                    id: first_order + n as i64,
                    charge_id: charge_id(rng, n),
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
        db::seed::insert_orders(tx, &rows).await?;
    }

    Ok(n_customers)
}

// ---- subscriptions ----

/// The private channels the seeded plans grant (ids as Telegram gives them to channels).
const CHANNELS: &[(i64, &str)] = &[
    (-1_002_000_000_001, "Insiders"),
    (-1_002_000_000_002, "Backstage"),
];

struct SeedPlan {
    title: &'static str,
    description: &'static str,
    price: i64,
    /// What it cost before its price changed: its early subscribers still renew at that.
    earlier_price: Option<i64>,
    benefit: Option<&'static str>,
    channels: &'static [usize],
    weight: u32,
    on_sale: bool,
}

const PLANS: &[SeedPlan] = &[
    SeedPlan {
        title: "Insiders monthly",
        description: "The private channel: every post, every week.",
        price: 150,
        earlier_price: Some(120),
        benefit: None,
        channels: &[0],
        weight: 40,
        on_sale: true,
    },
    SeedPlan {
        title: "Backstage pass",
        description: "Drafts, sketches and the making-of, as they happen.",
        price: 75,
        earlier_price: None,
        benefit: None,
        channels: &[1],
        weight: 25,
        on_sale: true,
    },
    SeedPlan {
        title: "All access",
        description: "Both channels and a bonus pack every month.",
        price: 300,
        earlier_price: None,
        benefit: Some(
            "Thank you for backing everything! This month's bonus pack: https://example.com/bonus",
        ),
        channels: &[0, 1],
        weight: 15,
        on_sale: true,
    },
    SeedPlan {
        title: "Monthly digest",
        description: "The month's best, sent to you at each renewal.",
        price: 50,
        earlier_price: None,
        benefit: Some("This month's digest: https://example.com/digest"),
        channels: &[],
        weight: 15,
        on_sale: true,
    },
    SeedPlan {
        title: "Founders' circle",
        description: "The first supporters' channel, closed to newcomers.",
        price: 500,
        earlier_price: None,
        benefit: None,
        channels: &[0],
        weight: 5,
        on_sale: false,
    },
];

/// A seeded plan as stored: its id, title, price and the price it had before, if any.
struct MadePlan {
    id: i64,
    title: String,
    price: i64,
    earlier_price: Option<i64>,
}

/// The channels (as if checked with Telegram: the bot administers them) and the plans.
async fn create_plans(store: &Store) -> anyhow::Result<Vec<MadePlan>> {
    let who = Who::stardeskd();
    for (id, title) in CHANNELS {
        db::subscriptions::upsert_channel(
            &store.write,
            &db::subscriptions::ChannelSeen {
                id: *id,
                title,
                username: None,
                kind: "channel",
                bot_status: "admin",
                can_invite: true,
                can_ban: true,
            },
            now(),
        )
        .await?;
    }
    let mut plans = Vec::new();
    for p in PLANS {
        let draft = PlanDraft {
            title: p.title.into(),
            description: p.description.into(),
            price: p.price,
            benefit: p.benefit.map(str::to_string),
            channel_ids: p.channels.iter().map(|&c| CHANNELS[c].0).collect(),
        };
        let made = subs::create_plan(store, &who, &draft).await?;
        if !p.on_sale {
            subs::set_plan_active(store, &who, made.id, false).await?;
        }
        plans.push(MadePlan {
            id: made.id,
            title: made.title,
            price: made.price,
            earlier_price: p.earlier_price,
        });
    }
    Ok(plans)
}

/// How a seeded subscription stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Standing {
    Active,
    Cancelled,
    Lapsed,
    Refunded,
}

struct PlannedSub {
    customer: usize,
    plan: usize,
    standing: Standing,
    started_at: i64,
    /// Payments made, one per period.
    periods: i64,
    paid_until: i64,
    /// Lapsed: it was cancelled before its period ended (else it did not renew).
    was_cancelled: bool,
}

struct SeededSubs {
    payments: usize,
    customers: usize,
}

/// Subscriptions in every status over the last year, each payment an order: most renew, some
/// were cancelled and end within the month, many lapsed, a few were refunded. Paid periods end
/// over the next 30 days (and a few just ended without the bot seeing a renewal), so the expiry
/// queue has work: removals due, reminders due, access ending in the next day and week.
async fn seed_subscriptions(
    tx: &mut SqliteConnection,
    rng: &mut StdRng,
    args: &Args,
    plans: &[MadePlan],
    to: i64,
) -> anyhow::Result<SeededSubs> {
    let n = args.subscribers;
    let span = args.days.max(31) * 86_400;
    // Most subscribers have one subscription; some came back for a second plan.
    let n_customers = (n * 92 / 100).max(1);
    let weights: Vec<u32> = PLANS.iter().map(|p| p.weight).collect();
    let weight_sum: u32 = weights.iter().sum();
    let mut customer_plans: Vec<Option<usize>> = vec![None; n_customers];

    let mut planned: Vec<PlannedSub> = (0..n)
        .map(|i| {
            let customer = if i < n_customers {
                i
            } else {
                rng.random_range(0..n_customers)
            };
            let mut plan = pick(rng, &weights, weight_sum);
            if customer_plans[customer] == Some(plan) {
                plan = (plan + 1) % PLANS.len();
            }
            customer_plans[customer].get_or_insert(plan);
            let roll = rng.random_range(0..1000);
            let standing = match roll {
                0..600 => Standing::Active,
                600..720 => Standing::Cancelled,
                720..950 => Standing::Lapsed,
                _ => Standing::Refunded,
            };
            // Older subscriptions paid more periods; subscribers grew over the year.
            let age = (span as f64 * (1.0 - rng.random::<f64>().sqrt())) as i64;
            let periods = 1 + age / PERIOD;
            let paid_until = match standing {
                // A few renewals were due in the last hours and not seen: removal is due.
                Standing::Active | Standing::Cancelled if rng.random_range(0..1000) < 8 => {
                    to - rng.random_range(0..36 * 3600)
                }
                Standing::Active | Standing::Cancelled => to + rng.random_range(60..PERIOD),
                // Lapsed: a good part in the last month, the rest over the year.
                Standing::Lapsed if rng.random_range(0..10) < 4 => {
                    to - rng.random_range(3600..PERIOD)
                }
                Standing::Lapsed => to - rng.random_range(PERIOD..span.max(PERIOD + 1)),
                Standing::Refunded => to + rng.random_range(-PERIOD + 3 * 86_400..PERIOD),
            };
            PlannedSub {
                customer,
                plan,
                standing,
                started_at: paid_until - periods * PERIOD,
                periods,
                paid_until,
                was_cancelled: rng.random_range(0..2) == 0,
            }
        })
        .collect();
    // Subscription numbers follow the order they started in.
    planned.sort_by_key(|p| p.started_at);

    let base_customer = db::seed::max_customer_id(tx).await?;
    let mut seen: Vec<(i64, i64)> = vec![(i64::MAX, i64::MIN); n_customers];
    for p in &planned {
        let s = &mut seen[p.customer];
        s.0 = s.0.min(p.started_at);
        s.1 = s.1.max((p.paid_until - PERIOD).min(to));
    }
    let mut order_customers: Vec<usize> = (0..n_customers).collect();
    order_customers.shuffle(rng);
    for chunk in order_customers.chunks(BATCH) {
        let rows: Vec<SeedCustomer> = chunk
            .iter()
            .map(|&i| {
                let name = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
                let id = base_customer + 1 + i as i64;
                SeedCustomer {
                    id,
                    first_name: name.to_string(),
                    username: format!("{}_{}", name.to_lowercase(), id - 1_000_000_000),
                    language_code: LANGUAGES[rng.random_range(0..LANGUAGES.len())],
                    first_seen: seen[i].0 - rng.random_range(0..3 * 86_400),
                    last_seen: seen[i].1.max(seen[i].0),
                }
            })
            .collect();
        db::seed::insert_customers(tx, &rows).await?;
    }

    let first_sub = db::seed::next_subscription_id(tx).await?;
    let first_order = db::seed::next_order_id(tx).await?;
    let mut payments: Vec<SeedPayment> = Vec::new();
    let mut removals: Vec<SeedRemoval> = Vec::new();
    let mut reminders: Vec<SeedReminder> = Vec::new();
    let mut rows: Vec<SeedSubscription> = Vec::with_capacity(BATCH);
    for (k, p) in planned.iter().enumerate() {
        let id = first_sub + k as i64;
        let plan = &plans[p.plan];
        let customer_id = base_customer + 1 + p.customer as i64;
        // Early subscribers of a plan whose price went up still renew at the price they joined at.
        let price = match plan.earlier_price {
            Some(earlier) if p.started_at < to - 120 * 86_400 => earlier,
            _ => plan.price,
        };
        let mut first_charge = String::new();
        let mut last_paid_at = p.started_at;
        for period in 0..p.periods {
            // A renewal arrives within minutes of the period's end.
            let at = if period == 0 {
                p.started_at
            } else {
                (p.started_at + period * PERIOD + rng.random_range(0..120)).min(to - 1)
            };
            let charge = charge_id(rng, args.orders + payments.len());
            if period == 0 {
                first_charge = charge.clone();
            }
            last_paid_at = at;
            let last = period + 1 == p.periods;
            let refunded_at = (last && p.standing == Standing::Refunded)
                .then(|| (at + rng.random_range(3600..3 * 86_400)).min(to - 60));
            payments.push(SeedPayment {
                id: 0,
                charge_id: charge,
                customer_id,
                plan_id: plan.id,
                subscription_id: id,
                plan_title: plan.title.clone(),
                stars: price,
                created_at: at,
                paid_until: p.started_at + (period + 1) * PERIOD,
                refunded_at,
            });
        }
        let refunded_at = payments.last().and_then(|x| x.refunded_at);
        let (status, has_access, access_until, ended_at, cancelled_at) = match p.standing {
            Standing::Active => ("active", true, p.paid_until, None, None),
            Standing::Cancelled => {
                let cancelled =
                    rng.random_range(last_paid_at..=to.min(p.paid_until - 60).max(last_paid_at));
                ("cancelled", true, p.paid_until, None, Some(cancelled))
            }
            Standing::Lapsed => {
                let ended = p.paid_until + if p.was_cancelled { 60 } else { GRACE + 60 };
                let cancelled = p
                    .was_cancelled
                    .then(|| rng.random_range(last_paid_at..p.paid_until - 60));
                ("lapsed", false, p.paid_until, Some(ended), cancelled)
            }
            Standing::Refunded => {
                let at = refunded_at.unwrap_or(to);
                ("refunded", false, at, Some(at + 5), None)
            }
        };
        if let Some(at) = ended_at {
            let (why, actor, actor_name) = match p.standing {
                Standing::Refunded => ("its payment was refunded", "operator", "Merchant"),
                _ if p.was_cancelled => ("cancelled, paid period over", "rule", "expiry"),
                _ => ("did not renew", "rule", "expiry"),
            };
            removals.push(SeedRemoval {
                id: 0,
                subscription_id: id,
                access_until,
                why,
                actor,
                actor_name,
                at,
            });
        }
        if status == "cancelled" {
            // The reminders a running shop has sent; a lead passed in the last half hour is due.
            for d in subs::expiry::DEFAULT_REMINDER_DAYS {
                let lead = p.paid_until - d * 86_400;
                if lead <= to - 1800 && lead > last_paid_at {
                    reminders.push(SeedReminder {
                        subscription_id: id,
                        paid_until: p.paid_until,
                        days_before: d,
                        sent_at: lead + rng.random_range(0..300),
                    });
                }
            }
        }
        rows.push(SeedSubscription {
            id,
            customer_id,
            plan_id: plan.id,
            price,
            status,
            first_charge_id: first_charge,
            payload: format!("seed:plan:{}:{id}", plan.id),
            started_at: p.started_at,
            paid_until: p.paid_until,
            access_until,
            renewals: p.periods - 1,
            stars_paid: price * p.periods,
            has_access,
            cancelled_at,
            ended_at,
            updated_at: ended_at.or(cancelled_at).unwrap_or(last_paid_at).min(to),
        });
        if rows.len() == BATCH {
            db::seed::insert_subscriptions(tx, &rows).await?;
            rows.clear();
        }
    }
    if !rows.is_empty() {
        db::seed::insert_subscriptions(tx, &rows).await?;
    }

    // Order and removal numbers follow the time they were made.
    payments.sort_by_key(|p| p.created_at);
    for (k, p) in payments.iter_mut().enumerate() {
        p.id = first_order + k as i64;
    }
    for chunk in payments.chunks(BATCH) {
        db::seed::insert_payments(tx, chunk).await?;
    }
    removals.sort_by_key(|r| r.at);
    let first_removal = db::seed::next_removal_id(tx).await?;
    for (k, r) in removals.iter_mut().enumerate() {
        r.id = first_removal + k as i64;
    }
    for chunk in removals.chunks(BATCH) {
        db::seed::insert_removals(tx, chunk).await?;
    }
    for chunk in reminders.chunks(BATCH) {
        db::seed::insert_reminders(tx, chunk).await?;
    }
    Ok(SeededSubs {
        payments: payments.len(),
        customers: n_customers,
    })
}
