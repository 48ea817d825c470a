//! The Reports page's figures against sums computed straight from the orders written into a
//! real store: days of a time zone with a half-hour offset, a range across a clock change,
//! refunds, Telegram's affiliate commissions and the shop's referral commissions; the cash
//! flow's release days from known payment times; subscriptions' MRR, churn and cohorts; the
//! funnel.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use sqlx::SqlitePool;
use stardesk_core::{
    Store,
    audit::Who,
    catalog::{self, Kind, ProductDraft},
    reports::{self, Grouping, Step, cash, funnel, revenue, subscriptions},
};

fn at(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s).unwrap().timestamp()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[derive(Clone, Copy)]
struct Order {
    id: i64,
    customer: i64,
    product: i64,
    plan: i64,
    stars: i64,
    refunded: bool,
    affiliate_nanos: i64,
    referral_millis: i64,
    at: i64,
}

async fn shop() -> (tempfile::TempDir, Store, i64, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let who = Who::operator("ann");
    let mut ids = Vec::new();
    for title in ["Guide", "Presets"] {
        let p = catalog::create(
            &store,
            &who,
            &ProductDraft {
                kind: Kind::Text,
                title: title.into(),
                description: String::new(),
                price: 10,
                per_customer_limit: None,
                stock: None,
                content: Some("the secret".into()),
                channel_id: None,
            },
        )
        .await
        .unwrap();
        ids.push(p.id);
    }
    let plan = sqlx::query_scalar::<_, i64>(
        "INSERT INTO plans (title, description, price, created_at, updated_at)
         VALUES ('Insiders', '', 30, 0, 0) RETURNING id",
    )
    .fetch_one(&store.write)
    .await
    .unwrap();
    for c in 1..=30 {
        sqlx::query(
            "INSERT INTO customers (id, first_name, first_seen, last_seen, search_key)
             VALUES (?, ?, 0, 0, ?)",
        )
        .bind(c)
        .bind(format!("Customer {c}"))
        .bind(format!("customer {c}"))
        .execute(&store.write)
        .await
        .unwrap();
    }
    (dir, store, ids[0], ids[1], plan)
}

/// Writes the orders with their refunds and commissions, then counts the report days again as
/// opening the shop in a new time zone does.
async fn write(db: &SqlitePool, orders: &[Order]) {
    for o in orders {
        sqlx::query(
            "INSERT INTO orders (id, charge_id, customer_id, product_id, plan_id, product_title, stars,
                                 payload, status, created_at, refunded_at)
             VALUES (?, ?, ?, nullif(?, 0), nullif(max(?, 0), 0), 'item', ?, ?, ?, ?, ?)",
        )
        .bind(o.id)
        .bind(format!("ch-{}", o.id))
        .bind(o.customer)
        .bind(o.product)
        .bind(o.plan)
        .bind(o.stars)
        // A tip is the order whose payload says so; it has no product and no plan.
        .bind(if o.plan == TIP.1 { "t1.tip" } else { "p" })
        .bind(if o.refunded { "refunded" } else { "delivered" })
        .bind(o.at)
        .bind(o.refunded.then_some(o.at + 60))
        .execute(db)
        .await
        .unwrap();
        if o.affiliate_nanos > 0 {
            sqlx::query(
                "INSERT INTO telegram_affiliates (order_id, kind, affiliate_id, affiliate_name,
                     commission_per_mille, amount, nanostar_amount, recorded_at)
                 VALUES (?, 'user', 9, 'Carol', 125, ?, ?, 0)",
            )
            .bind(o.id)
            .bind(o.affiliate_nanos / 1_000_000_000)
            .bind(o.affiliate_nanos % 1_000_000_000)
            .execute(db)
            .await
            .unwrap();
        }
        if o.referral_millis > 0 {
            sqlx::query(
                "INSERT INTO commissions (referrer_id, order_id, kind, millistars, percent, available_at, created_at)
                 VALUES (30, ?, 'earned', ?, 10, 0, ?)",
            )
            .bind(o.id)
            .bind(o.referral_millis)
            .bind(o.at)
            .execute(db)
            .await
            .unwrap();
            if o.refunded {
                sqlx::query(
                    "INSERT INTO commissions (referrer_id, order_id, kind, millistars, percent, available_at, created_at)
                     VALUES (30, ?, 'reversed', ?, 10, 0, ?)",
                )
                .bind(o.id)
                .bind(-o.referral_millis)
                .bind(o.at + 60)
                .execute(db)
                .await
                .unwrap();
            }
        }
    }
    sqlx::query("DELETE FROM settings WHERE key = 'report_days_zone'")
        .execute(db)
        .await
        .unwrap();
}

/// A tip's item in the rollup: (product, plan).
const TIP: (i64, i64) = stardesk_core::tips::REPORT_ITEM;

/// Orders spread over February to April 2026, some exactly at the edges of days, and tips.
fn orders(guide: i64, presets: i64, plan: i64) -> Vec<Order> {
    let mut state: u64 = 7;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let start = at("2026-02-20T00:00:00Z");
    let mut out = Vec::new();
    for id in 1..=600 {
        let item = next(3);
        let stars = [10, 25, 40, 7][next(4) as usize] as i64;
        out.push(Order {
            id,
            customer: 1 + next(29) as i64,
            product: [guide, presets, 0][item as usize],
            plan: if item == 2 { plan } else { 0 },
            stars,
            refunded: next(10) == 0,
            affiliate_nanos: if next(8) == 0 {
                stars * 125_000_000 + 1
            } else {
                0
            },
            referral_millis: if next(6) == 0 { stars * 100 } else { 0 },
            at: start + next(50 * 86_400) as i64,
        });
    }
    // At the edges of Kolkata's and Berlin's days (and of Berlin's clock change).
    let edges = [
        "2026-03-09T18:29:59Z", // 23:59:59 in Kolkata, March 9
        "2026-03-09T18:30:00Z", // 00:00 in Kolkata, March 10
        "2026-03-28T22:59:59Z", // 23:59:59 in Berlin, March 28 (CET)
        "2026-03-28T23:00:00Z", // 00:00 in Berlin, March 29
        "2026-03-29T21:59:59Z", // 23:59:59 in Berlin, March 29 (CEST: 23 hours)
        "2026-03-29T22:00:00Z", // 00:00 in Berlin, March 30
    ];
    for (i, e) in edges.iter().enumerate() {
        out.push(Order {
            id: 1000 + i as i64,
            customer: 5,
            product: guide,
            plan: 0,
            stars: 1000 + i as i64,
            refunded: false,
            affiliate_nanos: 0,
            referral_millis: 0,
            at: at(e),
        });
    }
    // Tips, one a day, every seventh refunded.
    for i in 0..40 {
        out.push(Order {
            id: 2000 + i,
            customer: 1 + i % 29,
            product: TIP.0,
            plan: TIP.1,
            stars: 1 + i % 10,
            refunded: i % 7 == 0,
            affiliate_nanos: 0,
            referral_millis: 0,
            at: start + i * 86_400 + 3_600,
        });
    }
    out
}

/// (orders, gross, refunds, refunded Stars, affiliate billionths, referral thousandths)
type Expect = (i64, i64, i64, i64, i64, i64);

fn expected_by<K: Ord>(
    orders: &[Order],
    tz: Tz,
    first: NaiveDate,
    last: NaiveDate,
    key: impl Fn(NaiveDate, &Order) -> K,
) -> BTreeMap<K, Expect> {
    let mut out: BTreeMap<K, Expect> = BTreeMap::new();
    for o in orders {
        let d = Utc
            .timestamp_opt(o.at, 0)
            .unwrap()
            .with_timezone(&tz)
            .date_naive();
        if d < first || d > last {
            continue;
        }
        let e = out.entry(key(d, o)).or_default();
        e.0 += 1;
        e.1 += o.stars;
        if o.refunded {
            e.2 += 1;
            e.3 += o.stars;
        }
        // Telegram takes its affiliate's commission back with a refund.
        e.4 += if o.refunded { 0 } else { o.affiliate_nanos };
        e.5 += if o.refunded { 0 } else { o.referral_millis };
    }
    out
}

fn got(t: &revenue::RevenueTotals) -> (i64, i64, i64, i64, i64) {
    (
        t.orders,
        t.gross,
        t.refunds,
        t.refunded,
        t.referral_millistars,
    )
}

fn want(e: &Expect) -> (i64, i64, i64, i64, i64) {
    (e.0, e.1, e.2, e.3, e.5)
}

fn millis_of(nanos: i64) -> i64 {
    (nanos + 500_000).div_euclid(1_000_000)
}

#[tokio::test]
async fn revenue_equals_the_orders_in_a_half_hour_zone_and_across_a_clock_change() {
    let (_dir, store, guide, presets, plan) = shop().await;
    let list = orders(guide, presets, plan);
    write(&store.write, &list).await;
    let ann = Who::operator("ann");
    reports::set_time_zone(&store, "Asia/Kolkata", &ann)
        .await
        .unwrap();
    let kolkata: Tz = "Asia/Kolkata".parse().unwrap();

    // March by day, by week and by month: every group equals its orders.
    let (first, last) = (day("2026-03-01"), day("2026-03-31"));
    for group in [Grouping::Day, Grouping::Week, Grouping::Month] {
        let r = revenue::report(&store, "2026-03-01", "2026-03-31", group)
            .await
            .unwrap();
        assert_eq!(r.zone, "Asia/Kolkata");
        let want_groups = expected_by(&list, kolkata, first, last, |d, _| {
            group.start_of(d).max(first)
        });
        let n = match group {
            Grouping::Day => 31,
            Grouping::Week => 6, // Sunday the 1st, then five Mondays
            Grouping::Month => 1,
        };
        assert_eq!(r.buckets.len(), n, "{group:?}");
        for b in &r.buckets {
            let e = want_groups.get(&day(&b.start)).copied().unwrap_or_default();
            assert_eq!(got(&b.totals), want(&e), "{group:?} {}", b.start);
            assert_eq!(b.totals.telegram_commission_millistars, millis_of(e.4));
        }
        let all = expected_by(&list, kolkata, first, last, |_, _| ());
        let e = all[&()];
        assert_eq!(got(&r.totals), want(&e));
        assert_eq!(r.totals.net, e.1 - e.3);
        assert_eq!(
            r.totals.net_after_millistars,
            (e.1 - e.3) * 1000 - millis_of(e.4) - e.5
        );
        assert_eq!(r.totals.refund_rate_permille, e.2 * 1000 / e.0);
        // The sum of the groups is the range's.
        let sum: i64 = r.buckets.iter().map(|b| b.totals.gross).sum();
        assert_eq!(sum, r.totals.gross);
    }
    // Kolkata's day ends at 18:30 UTC.
    let r = revenue::report(&store, "2026-03-10", "2026-03-10", Grouping::Day)
        .await
        .unwrap();
    let edge = list.iter().find(|o| o.id == 1001).unwrap();
    assert!(r.totals.gross >= edge.stars);
    let r9 = revenue::report(&store, "2026-03-09", "2026-03-09", Grouping::Day)
        .await
        .unwrap();
    assert!(r9.totals.gross >= 1000);
    assert_eq!(
        expected_by(
            &list,
            kolkata,
            day("2026-03-09"),
            day("2026-03-09"),
            |_, _| ()
        )[&()]
            .1,
        r9.totals.gross
    );

    // Per item and the top customers.
    let r = revenue::report(&store, "2026-03-01", "2026-03-31", Grouping::Month)
        .await
        .unwrap();
    let items = expected_by(&list, kolkata, first, last, |_, o| (o.product, o.plan));
    assert_eq!(r.items.len(), items.len());
    for i in &r.items {
        let k = match i.kind {
            revenue::ItemKind::Product => (i.id, 0),
            revenue::ItemKind::Plan => (0, i.id),
            revenue::ItemKind::Other => (0, 0),
            revenue::ItemKind::Tip => TIP,
        };
        assert_eq!(got(&i.totals), want(&items[&k]), "{}", i.title);
    }
    assert!(
        r.items
            .windows(2)
            .all(|w| w[0].totals.net >= w[1].totals.net)
    );
    assert!(r.items.iter().any(|i| i.title == "Insiders"));
    // Tips are their own line, never "other".
    assert!(
        r.items
            .iter()
            .any(|i| matches!(i.kind, revenue::ItemKind::Tip))
    );
    assert!(
        !r.items
            .iter()
            .any(|i| matches!(i.kind, revenue::ItemKind::Other))
    );
    let mut by_customer = expected_by(&list, kolkata, first, last, |_, o| o.customer)
        .into_iter()
        .map(|(c, e)| (e.1 - e.3, c))
        .collect::<Vec<_>>();
    by_customer.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let top: Vec<(i64, i64)> = r
        .top_customers
        .iter()
        .map(|c| (c.net, c.customer_id))
        .collect();
    assert_eq!(top, by_customer[..10].to_vec());
    // Found from the customers who paid most of all time, as a range of many orders is: the
    // same ten.
    let start = store.zone.day_start(first);
    let end = store.zone.day_start(last + chrono::Duration::days(1));
    let bounded = revenue::top_customers(&store, start, end, i64::MAX)
        .await
        .unwrap();
    let bounded: Vec<(i64, i64)> = bounded
        .iter()
        .map(|c| (c.stars - c.refunded_stars, c.customer_id))
        .collect();
    assert_eq!(bounded, top);
    // A customer's totals follow the orders.
    let (orders, net): (i64, i64) =
        sqlx::query_as("SELECT paid_orders, net_stars FROM customers WHERE id = 5")
            .fetch_one(&store.read)
            .await
            .unwrap();
    let mine: Vec<&Order> = list.iter().filter(|o| o.customer == 5).collect();
    assert_eq!(orders, mine.len() as i64);
    assert_eq!(
        net,
        mine.iter()
            .filter(|o| !o.refunded)
            .map(|o| o.stars)
            .sum::<i64>()
    );

    // The period before: the same number of days just before.
    let r = revenue::report(&store, "2026-03-08", "2026-03-14", Grouping::Day)
        .await
        .unwrap();
    assert_eq!(
        (r.previous_from.as_str(), r.previous_to.as_str()),
        ("2026-03-01", "2026-03-07")
    );
    let before = expected_by(
        &list,
        kolkata,
        day("2026-03-01"),
        day("2026-03-07"),
        |_, _| (),
    )[&()];
    assert_eq!(got(&r.previous), want(&before));
    let now_net = r.totals.net;
    let then_net = before.1 - before.3;
    assert_eq!(
        r.net_change_permille,
        Some((now_net - then_net) * 1000 / then_net)
    );

    // Berlin, across the night the clocks go forward: March 29 has 23 hours.
    reports::set_time_zone(&store, "europe/berlin", &ann)
        .await
        .unwrap();
    let berlin: Tz = "Europe/Berlin".parse().unwrap();
    let (first, last) = (day("2026-03-27"), day("2026-03-31"));
    let r = revenue::report(&store, "2026-03-27", "2026-03-31", Grouping::Day)
        .await
        .unwrap();
    assert_eq!(r.zone, "Europe/Berlin");
    let want_days = expected_by(&list, berlin, first, last, |d, _| d);
    for b in &r.buckets {
        let e = want_days.get(&day(&b.start)).copied().unwrap_or_default();
        assert_eq!(got(&b.totals), want(&e), "{}", b.start);
    }
    // The edge orders: 1002 on the 28th, 1003 and 1004 on the 29th, 1005 on the 30th.
    let gross = |d: &str| {
        r.buckets
            .iter()
            .find(|b| b.start == d)
            .unwrap()
            .totals
            .gross
    };
    let others = |d: &str| {
        expected_by(
            &list
                .iter()
                .filter(|o| !(1000..2000).contains(&o.id))
                .copied()
                .collect::<Vec<_>>(),
            berlin,
            day(d),
            day(d),
            |_, _| (),
        )
        .get(&())
        .map_or(0, |e| e.1)
    };
    assert_eq!(gross("2026-03-28") - others("2026-03-28"), 1002);
    assert_eq!(gross("2026-03-29") - others("2026-03-29"), 1003 + 1004);
    assert_eq!(gross("2026-03-30") - others("2026-03-30"), 1005);

    // Opening the shop again keeps the zone and the days.
    let settings = reports::settings(&store).await.unwrap();
    assert_eq!(
        (settings.time_zone.as_str(), settings.follows_system),
        ("Europe/Berlin", false)
    );
    assert!(
        reports::set_time_zone(&store, "Mars/Olympus", &ann)
            .await
            .is_err()
    );
    assert_eq!(store.zone.name(), "Europe/Berlin");
}

/// A tip refunded after its sale was counted: the refund comes off the Tips line, where the sale
/// went.
#[tokio::test]
async fn a_refunded_tip_comes_off_the_tips_line() {
    let (_dir, store, ..) = shop().await;
    let paid = at("2026-03-10T12:00:00Z");
    let tip = Order {
        id: 1,
        customer: 3,
        product: TIP.0,
        plan: TIP.1,
        stars: 5,
        refunded: false,
        affiliate_nanos: 0,
        referral_millis: 0,
        at: paid,
    };
    write(&store.write, &[tip]).await;
    let ann = Who::operator("ann");
    reports::set_time_zone(&store, "Europe/Berlin", &ann)
        .await
        .unwrap();
    let order = stardesk_core::db::orders::get(&store.read, 1)
        .await
        .unwrap()
        .unwrap();
    // As the refund is written: the order marked, the rollup counted, in one transaction.
    let mut tx = store.write.begin().await.unwrap();
    sqlx::query("UPDATE orders SET status = 'refunded', refunded_at = ? WHERE id = 1")
        .bind(paid + 60)
        .execute(&mut *tx)
        .await
        .unwrap();
    reports::count_refund(&mut tx, &store.zone, &order, 0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let r = revenue::report(&store, "2026-03-10", "2026-03-10", Grouping::Day)
        .await
        .unwrap();
    let lines: Vec<_> = r
        .items
        .iter()
        .map(|i| (i.title.as_str(), got(&i.totals)))
        .collect();
    assert_eq!(lines, [("Tips", (1, 5, 1, 5, 0))]);
}

#[tokio::test]
async fn cash_flow_releases_each_payment_hold_days_after_it_was_made() {
    let (_dir, store, guide, _, _) = shop().await;
    let ann = Who::operator("ann");
    reports::set_time_zone(&store, "Asia/Kathmandu", &ann)
        .await
        .unwrap();
    let now = at("2026-11-22T10:00:00Z");
    let dayz = 86_400;
    let o = |id, stars, ago: i64, refunded, affiliate_nanos| Order {
        id,
        customer: 1,
        product: guide,
        plan: 0,
        stars,
        refunded,
        affiliate_nanos,
        referral_millis: 0,
        at: now - ago,
    };
    let list = vec![
        o(1, 100, 30 * dayz, false, 0),            // released long ago
        o(2, 50, 21 * dayz + 60, false, 0),        // released a minute ago
        o(3, 40, 21 * dayz - 60, false, 0),        // released in a minute: today
        o(4, 30, 10 * dayz, false, 3_750_000_000), // in 11 days, less Telegram's 3.75
        o(5, 20, 3600, false, 0),                  // in 21 days
        o(6, 500, 3600, true, 0),                  // refunded: nothing
        o(7, 80, 5 * dayz, true, 10_000_000_000),  // refunded: its commission came back too
    ];
    write(&store.write, &list).await;
    let tz = store.zone.tz();
    let mut tx = store.write.begin().await.unwrap();
    stardesk_core::db::report_days::count_again(&mut tx, tz)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let c = cash::report(&store, now).await.unwrap();
    assert_eq!(c.hold_days, 21);
    assert_eq!(
        c.earned_millistars,
        (100 + 50 + 40 + 30 + 20) * 1000 - 3_750
    );
    assert_eq!(c.on_hold_millistars, (40 + 30 + 20) * 1000 - 3_750);
    assert_eq!(c.available_millistars, 150_000);
    assert_eq!(c.usd_micros_per_star, 13_000);
    let release_day = |ago: i64| {
        Utc.timestamp_opt(now - ago + 21 * dayz, 0)
            .unwrap()
            .with_timezone(&tz)
            .format("%Y-%m-%d")
            .to_string()
    };
    let on = |d: String| {
        c.releases
            .iter()
            .find(|r| r.day == d)
            .map_or(0, |r| r.millistars)
    };
    assert_eq!(c.releases[0].day, store.zone.day_key(now));
    assert_eq!(on(release_day(21 * dayz - 60)), 40_000);
    assert_eq!(on(release_day(10 * dayz)), 30_000 - 3_750);
    assert_eq!(on(release_day(3600)), 20_000);
    assert_eq!(
        c.releases.iter().map(|r| r.millistars).sum::<i64>(),
        c.on_hold_millistars
    );
}

#[tokio::test]
async fn subscriptions_mrr_churn_and_cohorts_follow_the_subscriptions() {
    let (_dir, store, _, _, plan) = shop().await;
    // (customer, price, started, renewals, cancelled, ended)
    type Sub<'a> = (i64, i64, &'a str, i64, Option<&'a str>, Option<&'a str>);
    let subs: [Sub; 6] = [
        (1, 30, "2026-08-10T12:00:00Z", 3, None, None),
        (
            2,
            30,
            "2026-08-20T12:00:00Z",
            0,
            None,
            Some("2026-09-22T00:00:00Z"),
        ), // lapsed
        (
            3,
            50,
            "2026-09-05T12:00:00Z",
            2,
            Some("2026-11-05T00:00:00Z"),
            None,
        ), // cancelled
        (4, 50, "2026-10-03T12:00:00Z", 1, None, None),
        (5, 30, "2026-11-02T12:00:00Z", 0, None, None),
        (
            6,
            30,
            "2026-11-03T12:00:00Z",
            0,
            None,
            Some("2026-11-04T00:00:00Z"),
        ), // refunded
    ];
    for (c, price, started, renewals, cancelled, ended) in subs {
        sqlx::query(
            "INSERT INTO subscriptions (customer_id, plan_id, price, status, first_charge_id, payload,
                 started_at, paid_until, access_until, renewals, cancelled_at, ended_at, updated_at)
             VALUES (?, ?, ?, 'active', ?, 'p', ?, 0, 0, ?, ?, ?, 0)",
        )
        .bind(c)
        .bind(plan)
        .bind(price)
        .bind(format!("sub-{c}"))
        .bind(at(started))
        .bind(renewals)
        .bind(cancelled.map(at))
        .bind(ended.map(at))
        .execute(&store.write)
        .await
        .unwrap();
    }
    // Counted in UTC's months (as a new time zone counts them again).
    let ann = Who::operator("ann");
    reports::set_time_zone(&store, "UTC", &ann).await.unwrap();
    let now = at("2026-11-22T10:00:00Z");
    let r = subscriptions::report(&store, "2026-11-01", "2026-11-22", Grouping::Week, now)
        .await
        .unwrap();
    // Running now: 1 (30), 4 (50), 5 (30).
    assert_eq!((r.mrr, r.active), (110, 3));
    assert_eq!((r.new, r.cancelled, r.lapsed), (2, 1, 1));
    // Running on November 1: 1, 3 and 4; lost in November: 3 and 6.
    assert_eq!(r.churn_permille, Some(2 * 1000 / 3));
    assert_eq!(r.arpu_millistars, Some(110 * 1000 / 3));
    let points: Vec<(&str, i64, i64)> = r
        .points
        .iter()
        .map(|p| (p.start.as_str(), p.mrr, p.active))
        .collect();
    assert_eq!(
        points,
        [
            ("2026-11-01", 130, 3), // Sunday the 1st alone
            ("2026-11-02", 110, 3), // +5, +6, -6, -3
            ("2026-11-09", 110, 3),
            ("2026-11-16", 110, 3),
        ]
    );
    let august = r.cohorts.iter().find(|c| c.month == "2026-08").unwrap();
    assert_eq!(august.subscribers, 2);
    // Two complete months have passed for all of August's (September, October).
    assert_eq!(august.retained, vec![1, 1]);
    let october = r.cohorts.iter().find(|c| c.month == "2026-10").unwrap();
    assert_eq!((october.subscribers, october.retained.len()), (1, 0));
    assert_eq!(r.cohorts.len(), 12);
}

#[tokio::test]
async fn the_funnel_counts_views_invoices_and_payments_per_item() {
    let (_dir, store, guide, presets, plan) = shop().await;
    let t = at("2026-05-05T12:00:00Z");
    for (step, item, n) in [
        (Step::View, (Some(guide), None), 10),
        (Step::Invoice, (Some(guide), None), 4),
        (Step::View, (Some(presets), None), 3),
        (Step::View, (None, Some(plan)), 2),
        (Step::Invoice, (None, Some(plan)), 2),
    ] {
        for c in 0..n {
            reports::count_step(&store, step, item, 1 + c, t)
                .await
                .unwrap();
        }
    }
    let paid = |id, product| Order {
        id,
        customer: 1,
        product,
        plan: 0,
        stars: 10,
        refunded: false,
        affiliate_nanos: 0,
        referral_millis: 0,
        at: t,
    };
    write(
        &store.write,
        &[paid(1, guide), paid(2, guide), paid(3, guide)],
    )
    .await;
    let mut tx = store.write.begin().await.unwrap();
    stardesk_core::db::report_days::count_again(&mut tx, store.zone.tz())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let d = store.zone.day_key(t);
    let r = funnel::report(&store, &d, &d).await.unwrap();
    let steps: Vec<(String, i64, i64, i64)> = r
        .items
        .iter()
        .map(|i| {
            (
                i.title.clone(),
                i.steps.views,
                i.steps.invoices,
                i.steps.paid,
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("Guide".to_string(), 10, 4, 3),
            ("Presets".to_string(), 3, 0, 0),
            ("Insiders".to_string(), 2, 2, 0),
        ]
    );
    assert_eq!(
        (r.totals.views, r.totals.invoices, r.totals.paid),
        (15, 6, 3)
    );
}
