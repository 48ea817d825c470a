//! Subscriptions through a killed stardeskd: renewals and removals flowing when it dies, and
//! after the restart every renewal is one order, every lapse one removal, nobody renewing removed.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    process::Child,
    time::{Duration, Instant},
};

use serde_json::json;
use stardesk_core::{
    Shop, Store,
    audit::Who,
    db, demo,
    demo::sim_client::SimClient,
    desk,
    order_list::{self, OrderQuery},
    orders::Status,
    subscriptions::{self, PlanDraft, SubStatus},
};
use stardesk_tests::spawn_stardeskd;

const CUSTOMERS: usize = 40;
const PRICE: i64 = 25;
const DAY: i64 = 86_400;
/// How long anything here may take: stardeskd starting, a customer's whole subscription, the
/// shop settling after a restart.
const PATIENCE: Duration = Duration::from_secs(90);

fn kill(child: &mut Child) {
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
}

/// Polls `check` until it holds, for at most `PATIENCE`; `what` says what did not happen.
async fn until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let end = Instant::now() + PATIENCE;
    while !check().await {
        assert!(Instant::now() < end, "{what} within {PATIENCE:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Cancels with Telegram only, as a customer can in Telegram's own settings: the shop learns it
/// when the renewal does not come.
async fn cancel_with_telegram(api_url: &str, user: i64, charge_id: &str) {
    let v: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{api_url}/bot{}/editUserStarSubscription",
            demo::DEMO_TOKEN
        ))
        .json(
            &json!({"user_id": user, "telegram_payment_charge_id": charge_id, "is_canceled": true}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["ok"], true, "{v}");
}

/// Waits until the simulator has handled the last request a killed process left in flight.
async fn simulator_settled(client: &SimClient) {
    let handled = || async {
        let stats = client.stats().await.unwrap();
        stats["requests"]
            .as_object()
            .map(|m| m.values().filter_map(|v| v.as_u64()).sum::<u64>())
            .unwrap_or(0)
    };
    let mut last = handled().await;
    let end = Instant::now() + PATIENCE;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let now = handled().await;
        if now == last {
            return;
        }
        assert!(Instant::now() < end, "the simulator kept being called");
        last = now;
    }
}

/// The order number in a renewal receipt ("Renewed: … · order #41 …").
fn renewal_order(body: &str) -> Option<i64> {
    if !body.contains("Renewed") {
        return None;
    }
    let digits: String = body
        .split("order #")
        .nth(1)?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// What customers were told: renewal receipts by order, "has ended" messages by customer.
async fn messages(client: &SimClient, users: &[i64]) -> (HashMap<i64, usize>, HashMap<i64, usize>) {
    let mut receipts = HashMap::new();
    let mut ended = HashMap::new();
    for &user in users {
        for m in client.chat(user).await.unwrap() {
            if !m.from_bot {
                continue;
            }
            if let Some(order) = renewal_order(m.body()) {
                *receipts.entry(order).or_default() += 1;
            }
            if m.body().contains("has ended") {
                *ended.entry(user).or_default() += 1;
            }
        }
    }
    (receipts, ended)
}

/// Messages sent in the one window a crash can repeat (sent, not yet marked done when the
/// process died): renewal receipts by order, "has ended" messages by customer.
struct InFlight {
    receipts: BTreeSet<i64>,
    ended: BTreeSet<i64>,
}

/// What the store and the chats say right after a kill.
async fn at_kill(client: &SimClient, store: &Store, users: &[i64]) -> (usize, usize, InFlight) {
    simulator_settled(client).await;
    let orders = all_orders(store).await;
    let renewals = orders.len().saturating_sub(CUSTOMERS);
    let removals = db::subscriptions::recent_removals(&store.read, 0)
        .await
        .unwrap();
    let (receipts, ended) = messages(client, users).await;
    let undelivered: BTreeSet<i64> = orders
        .iter()
        .filter(|o| o.status == Status::Paid)
        .map(|o| o.id)
        .collect();
    let untold: BTreeSet<i64> = removals
        .iter()
        .filter(|r| r.told_at.is_none())
        .map(|r| r.customer_id)
        .collect();
    let in_flight = InFlight {
        receipts: receipts
            .keys()
            .copied()
            .filter(|o| undelivered.contains(o))
            .collect(),
        ended: ended
            .keys()
            .copied()
            .filter(|u| untold.contains(u))
            .collect(),
    };
    (renewals, removals.len(), in_flight)
}

async fn all_orders(store: &Store) -> Vec<order_list::OrderRow> {
    let everything = OrderQuery {
        limit: order_list::MAX_PAGE,
        ..OrderQuery::default()
    };
    order_list::page(&store.read, &everything).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_while_renewals_and_removals_flow_charges_and_removes_each_once() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let sim = bot_api_sim::SimServer::start("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = SimClient::new(sim.url());

    // A channel the bot administers and a plan granting it, in the demo's shop.
    let store = Store::open(&desk::demo_dir(dir.path())).await.unwrap();
    let (shop, _events) = Shop::open_with_events(store.clone()).await.unwrap();
    let merchant = Who::operator("merchant");
    let channel = client.create_channel("Crash club").await.unwrap();
    let admin =
        json!({"status": "administrator", "can_invite_users": true, "can_restrict_members": true});
    subscriptions::seen_channel(
        &shop,
        &merchant,
        channel,
        "Crash club",
        None,
        "channel",
        &admin,
    )
    .await
    .unwrap();
    let plan_id = subscriptions::create_plan(
        &store,
        &merchant,
        &PlanDraft {
            title: "Crash club".into(),
            description: "The private channel".into(),
            price: PRICE,
            benefit: None,
            channel_ids: vec![channel],
        },
    )
    .await
    .unwrap()
    .id;

    let log = dir.path().join("stardeskd.log");
    let mut child = spawn_stardeskd(dir.path(), &sim.url(), &log);

    // Everyone subscribes and joins; every other one cancels, half of those in the chat and
    // half with Telegram only.
    let mut users = Vec::new();
    for i in 0..CUSTOMERS {
        users.push(
            client
                .create_user(&format!("Member {i}"), None)
                .await
                .unwrap(),
        );
    }
    let mut tasks = Vec::new();
    for &user in &users {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            demo::subscribe(&client, user, plan_id, PATIENCE).await
        }));
    }
    let mut charges = Vec::new();
    for t in tasks {
        charges.push(t.await.unwrap().unwrap());
    }
    let renewing: Vec<i64> = users.iter().step_by(2).copied().collect();
    let cancelled: Vec<i64> = users.iter().skip(1).step_by(2).copied().collect();
    let mut tasks = Vec::new();
    for (i, &user) in cancelled.iter().enumerate() {
        if i % 2 == 0 {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                demo::cancel_in_chat(&client, user, PATIENCE).await
            }));
        } else {
            let charge = &charges[users.iter().position(|u| *u == user).unwrap()];
            cancel_with_telegram(&sim.url(), user, charge).await;
        }
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(
        client.members(channel).await.unwrap().len(),
        CUSTOMERS,
        "everyone joined"
    );

    // Each Bot API call takes a little while, so that renewals and removals take a while too.
    client
        .faults(json!({"error_rate": 0, "retry_after_rate": 0, "latency_ms": 20, "drop_rate": 0, "seed": 1}))
        .await
        .unwrap();
    // Past the period and its grace: half renew, half are due for removal.
    client.advance_clock(30 * DAY + 2 * 3600).await.unwrap();
    let charged = client.transactions().await.unwrap().len();
    assert_eq!(
        charged,
        CUSTOMERS + renewing.len(),
        "the renewals were charged"
    );

    // Killed once while renewals are being recorded, then once more when the restarted process
    // is removing (unless the first one had removed everybody already).
    let mut kills = Vec::new();
    let mut in_flight = InFlight {
        receipts: BTreeSet::new(),
        ended: BTreeSet::new(),
    };
    let mut removed_before = 0;
    for what in ["renewals", "removals"] {
        until(&format!("{what} under way"), || async {
            let removals = db::subscriptions::recent_removals(&store.read, 0)
                .await
                .unwrap()
                .len();
            if what == "renewals" {
                db::orders::count_all(&store.read).await.unwrap() > CUSTOMERS as i64
            } else {
                removals > removed_before || removals == cancelled.len()
            }
        })
        .await;
        kill(&mut child);
        let (renewals, removals, window) = at_kill(&client, &store, &users).await;
        kills.push(format!(
            "{renewals} renewals and {removals} removals recorded"
        ));
        removed_before = removals;
        in_flight.receipts.extend(window.receipts);
        in_flight.ended.extend(window.ended);
        child = spawn_stardeskd(dir.path(), &sim.url(), &log);
    }

    // Settled: every charge an order delivered, every lapse a removal carried out and told.
    until("the shop settles after the restart", || async {
        let orders = all_orders(&store).await;
        let removals = db::subscriptions::recent_removals(&store.read, 0)
            .await
            .unwrap();
        orders.len() == charged
            && orders.iter().all(|o| o.status == Status::Delivered)
            && removals.len() >= cancelled.len()
            && removals
                .iter()
                .all(|r| r.state == "removed" && r.told_at.is_some())
            && db::inbox::pending(&store.read).await.unwrap() == 0
    })
    .await;
    client
        .faults(json!({"error_rate": 0, "retry_after_rate": 0, "latency_ms": 0, "drop_rate": 0, "seed": 1}))
        .await
        .unwrap();

    // Every charge is exactly one order, of the customer who paid.
    let ledger: BTreeMap<String, i64> = client
        .transactions()
        .await
        .unwrap()
        .iter()
        .filter(|t| t["source"]["type"] == "user")
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["source"]["user"]["id"].as_i64().unwrap(),
            )
        })
        .collect();
    let orders = all_orders(&store).await;
    let by_charge: BTreeMap<String, i64> = orders
        .iter()
        .map(|o| (o.charge_id.clone(), o.customer_id))
        .collect();
    assert_eq!(by_charge.len(), orders.len(), "one order per charge");
    assert_eq!(
        by_charge, ledger,
        "the orders and the ledger agree one to one"
    );
    let recovered = orders.iter().filter(|o| o.recovered).count();

    // Renewing subscribers renewed once, kept access and are still in the channel; the
    // cancelled ones were removed once each.
    let members: BTreeSet<i64> = client.members(channel).await.unwrap().into_iter().collect();
    assert_eq!(
        members,
        renewing.iter().copied().collect::<BTreeSet<_>>(),
        "exactly the renewing subscribers are members"
    );
    let removals = db::subscriptions::recent_removals(&store.read, 0)
        .await
        .unwrap();
    let mut removed_of: HashMap<i64, usize> = HashMap::new();
    for r in &removals {
        *removed_of.entry(r.customer_id).or_default() += 1;
    }
    for &user in &renewing {
        let subs = subscriptions::of_customer(&store, user).await.unwrap();
        assert_eq!(subs.len(), 1, "customer {user}: {subs:?}");
        let s = &subs[0];
        assert_eq!(
            (s.status, s.has_access, s.renewals, s.stars_paid),
            (SubStatus::Active, true, 1, 2 * PRICE),
            "customer {user}"
        );
        assert_eq!(removed_of.get(&user), None, "customer {user} was removed");
    }
    for &user in &cancelled {
        let subs = subscriptions::of_customer(&store, user).await.unwrap();
        assert_eq!(subs.len(), 1, "customer {user}: {subs:?}");
        assert_eq!(
            (subs[0].status, subs[0].has_access, subs[0].renewals),
            (SubStatus::Lapsed, false, 0),
            "customer {user}"
        );
        assert_eq!(removed_of.get(&user), Some(&1), "customer {user}");
    }

    // Nobody told twice, but for a message sent in the instant before a kill and not yet marked
    // sent: that one may come again, never a third time.
    let (receipts, ended) = messages(&client, &users).await;
    let firsts: BTreeSet<&str> = charges.iter().map(String::as_str).collect();
    let renewal_orders: BTreeSet<i64> = orders
        .iter()
        .filter(|o| !firsts.contains(o.charge_id.as_str()))
        .map(|o| o.id)
        .collect();
    assert_eq!(renewal_orders.len(), renewing.len());
    assert!(
        receipts.keys().all(|o| renewal_orders.contains(o)),
        "renewal receipts only for renewals: {receipts:?}"
    );
    let mut repeated = 0;
    for order in &renewal_orders {
        let seen = receipts.get(order).copied().unwrap_or(0);
        let most = if in_flight.receipts.contains(order) {
            2
        } else {
            1
        };
        assert!(
            (1..=most).contains(&seen),
            "order #{order}: its receipt sent {seen} times"
        );
        repeated += seen - 1;
    }
    for &user in &cancelled {
        let seen = ended.get(&user).copied().unwrap_or(0);
        let most = if in_flight.ended.contains(&user) {
            2
        } else {
            1
        };
        assert!(
            (1..=most).contains(&seen),
            "customer {user} told of the end {seen} times"
        );
        repeated += seen - 1;
    }
    for &user in &renewing {
        assert_eq!(ended.get(&user), None, "customer {user} told of an end");
    }

    println!(
        "subscriptions crash test: {CUSTOMERS} subscribers, {} renewals ({recovered} recovered from the ledger), {} removals; killed with {}; messages sent again after a kill: {repeated}; {:.1} s",
        charged - CUSTOMERS,
        removals.len(),
        kills.join(", then with "),
        started.elapsed().as_secs_f64()
    );
    kill(&mut child);
    sim.shutdown().await;
}
