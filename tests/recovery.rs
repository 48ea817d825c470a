//! Nothing lost, nothing twice: a killed runtime, a faulty Telegram, a payment reported twice.

use std::{
    collections::{HashMap, HashSet},
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use stardesk_core::{
    Store,
    audit::Who,
    catalog::{self, Kind, ProductDraft},
    demo::{
        self,
        sim_client::{ChatMessage, SimClient},
    },
    desk,
    order_list::{self, OrderQuery},
    orders,
    runtime::{self, BotConfig},
    telegram::{BotApi, RetryPolicy, SendError, Telegram},
};
use stardesk_tests::{WAIT, World, spawn_stardeskd};

/// The ledger's payments (charge id → user) and refunded charge ids.
async fn ledger(client: &SimClient) -> (HashMap<String, i64>, HashSet<String>) {
    let mut paid = HashMap::new();
    let mut refunded = HashSet::new();
    for tx in client.transactions().await.unwrap() {
        let id = tx["id"].as_str().unwrap().to_string();
        if tx["source"]["type"] == "user" {
            paid.insert(id, tx["source"]["user"]["id"].as_i64().unwrap());
        } else if tx["receiver"]["type"] == "user" {
            refunded.insert(id);
        }
    }
    (paid, refunded)
}

struct OrderRow {
    charge_id: String,
    customer_id: i64,
    status: String,
    code: Option<String>,
    recovered: bool,
}

async fn all_orders(store: &Store) -> Vec<OrderRow> {
    let everything = OrderQuery {
        limit: order_list::MAX_PAGE,
        ..OrderQuery::default()
    };
    let rows = order_list::page(&store.read, &everything).await.unwrap();
    assert!(
        (rows.len() as i64) < order_list::MAX_PAGE,
        "one page holds them all"
    );
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(OrderRow {
            code: orders::code_of(&store.read, r.id).await.unwrap(),
            charge_id: r.charge_id,
            customer_id: r.customer_id,
            status: r.status.as_str().to_string(),
            recovered: r.recovered,
        });
    }
    out
}

/// Waits until every order has left "paid" (its delivery finished one way or the other).
async fn settle(store: &Store, within: Duration) {
    let end = Instant::now() + within;
    loop {
        let paid = OrderQuery {
            status: Some(orders::Status::Paid),
            ..OrderQuery::default()
        };
        let open = order_list::count(&store.read, &paid).await.unwrap();
        if open == 0 || Instant::now() > end {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn codes_in(chat: &[ChatMessage]) -> Vec<String> {
    chat.iter()
        .filter(|m| m.from_bot && m.body().starts_with("Your code for"))
        .filter_map(|m| m.body().rsplit('\n').next().map(str::to_string))
        .collect()
}

/// The ledger and the orders agree one to one; every order is delivered; no code went to two
/// customers, and each customer holds exactly the codes of their orders.
async fn assert_agreement(client: &SimClient, store: &Store, users: &[i64]) -> usize {
    let (paid, refunded) = ledger(client).await;
    let orders = all_orders(store).await;
    let charges: HashSet<&str> = orders.iter().map(|o| o.charge_id.as_str()).collect();
    assert_eq!(charges.len(), orders.len(), "one order per charge");
    let ledger_ids: HashSet<&str> = paid.keys().map(String::as_str).collect();
    assert_eq!(
        charges, ledger_ids,
        "orders and the ledger agree one to one"
    );
    let mut owner_of_code: HashMap<String, i64> = HashMap::new();
    for o in &orders {
        assert_eq!(paid[&o.charge_id], o.customer_id);
        if refunded.contains(&o.charge_id) {
            assert_eq!(o.status, "refunded", "{}", o.charge_id);
            continue;
        }
        assert_eq!(
            o.status, "delivered",
            "order for {} is {}",
            o.charge_id, o.status
        );
        let code = o.code.clone().expect("a code order has its code");
        assert!(
            owner_of_code.insert(code.clone(), o.customer_id).is_none(),
            "code {code} sold twice"
        );
    }
    for &user in users {
        let chat = client.chat(user).await.unwrap();
        let got: HashSet<String> = codes_in(&chat).into_iter().collect();
        let owned: HashSet<String> = owner_of_code
            .iter()
            .filter(|(_, u)| **u == user)
            .map(|(c, _)| c.clone())
            .collect();
        assert_eq!(
            got, owned,
            "customer {user} holds exactly the codes of their orders"
        );
    }
    orders.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_in_the_middle_of_200_purchases_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sim = bot_api_sim::SimServer::start("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = SimClient::new(sim.url());
    // stardeskd --demo keeps the demo's shop in its own folder.
    let store = Store::open(&desk::demo_dir(dir.path())).await.unwrap();
    let product = catalog::create(
        &store,
        &Who::operator("merchant"),
        &ProductDraft {
            kind: Kind::Code,
            title: "Crash key".into(),
            description: String::new(),
            price: 7,
            per_customer_limit: None,
            stock: None,
            content: None,
            channel_id: None,
        },
    )
    .await
    .unwrap();
    let codes: String = (0..450).map(|i| format!("CRASH-{i:04}\n")).collect();
    catalog::import_codes(&store, &Who::operator("merchant"), product.id, &codes)
        .await
        .unwrap();
    let log = dir.path().join("stardeskd.log");
    let mut child = spawn_stardeskd(dir.path(), &sim.url(), &log);

    let mut users = Vec::new();
    for i in 0..200 {
        users.push(
            client
                .create_user(&format!("Buyer {i}"), None)
                .await
                .unwrap(),
        );
    }
    let mut tasks = Vec::new();
    for &user in &users {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client.buy(user, product.id, Duration::from_secs(90)).await
        }));
    }
    // Kill it once sales are flowing.
    let t = Instant::now();
    while client.transactions().await.unwrap().len() < 25 && t.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let killed_at = client.transactions().await.unwrap().len();
    unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
    child.wait().unwrap();
    let mut child = spawn_stardeskd(dir.path(), &sim.url(), &log);

    let mut paid = 0;
    for t in tasks {
        if let Ok((outcome, _)) = t.await.unwrap()
            && outcome.status == "paid"
        {
            paid += 1;
        }
    }
    settle(&store, Duration::from_secs(60)).await;
    let orders = assert_agreement(&client, &store, &users).await;
    assert!(
        killed_at < orders,
        "the kill landed mid-load ({killed_at} of {orders} paid)"
    );
    assert!(paid >= 150, "most purchases went through: {paid}");
    let recovered = all_orders(&store)
        .await
        .iter()
        .filter(|o| o.recovered)
        .count();
    println!(
        "crash test: {orders} orders, {paid} paid calls, killed after {killed_at}, {recovered} recovered from the ledger"
    );
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let _ = child.kill();
    child.wait().unwrap();
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_faults_on_every_purchase_ends_delivered_and_none_twice() {
    let mut w = World::new().await;
    let code = w.product(Kind::Code, "Fault key", 9).await;
    let list: Vec<String> = (0..80).map(|i| format!("FAULT-{i:03}")).collect();
    w.codes(&code, &list.iter().map(String::as_str).collect::<Vec<_>>())
        .await;
    w.client
        .faults(json!({"error_rate": 0.08, "retry_after_rate": 0.08, "latency_ms": 15, "drop_rate": 0.04, "seed": 7}))
        .await
        .unwrap();
    let started = Instant::now();
    w.start_bot();
    let mut users = Vec::new();
    for i in 0..16 {
        users.push(
            w.client
                .create_user(&format!("Faulty {i}"), None)
                .await
                .unwrap(),
        );
    }
    let mut tasks = Vec::new();
    for &user in &users {
        let client = w.client.clone();
        let id = code.id;
        tasks.push(tokio::spawn(async move {
            // A customer tries again when a payment does not go through.
            for _ in 0..4 {
                if let Ok((out, Some(_))) = client.buy(user, id, Duration::from_secs(60)).await
                    && out.status == "paid"
                {
                    return true;
                }
            }
            false
        }));
    }
    let mut delivered = 0;
    for t in tasks {
        if t.await.unwrap() {
            delivered += 1;
        }
    }
    println!(
        "with faults: 16 customers' purchases ended in {:.1} s from the bot's start, {delivered} delivered",
        started.elapsed().as_secs_f64()
    );
    w.client.faults(json!({"error_rate": 0, "retry_after_rate": 0, "latency_ms": 0, "drop_rate": 0, "seed": 1})).await.unwrap();
    settle(&w.store, Duration::from_secs(60)).await;
    let stats = w.client.stats().await.unwrap();
    assert!(
        stats["errors_injected"].as_i64().unwrap() > 0,
        "faults were injected: {stats}"
    );
    assert!(
        stats["too_many_requests_sent"].as_i64().unwrap() > 0,
        "429s were sent: {stats}"
    );
    let orders = assert_agreement(&w.client, &w.store, &users).await;
    assert!(
        delivered >= 14,
        "customers got their goods: {delivered} of 16"
    );
    assert!(orders >= delivered);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_payment_reported_twice_makes_one_order_and_one_code() {
    let mut w = World::new().await;
    let code = w.product(Kind::Code, "Twice key", 12).await;
    w.codes(&code, &["TWICE-1", "TWICE-2", "TWICE-3"]).await;
    w.start_bot();
    let user = w.client.create_user("Twice", None).await.unwrap();
    let invoice = w.client.open_invoice(user, code.id, WAIT).await.unwrap();
    let out: Value = reqwest::Client::new()
        .post(format!("{}/sim/users/{user}/pay", w.sim.url()))
        .json(&json!({"message_id": invoice.message_id, "deliver_twice": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(out["status"], "paid");
    w.client
        .wait_for(user, invoice.message_id, WAIT, |m| {
            m.body().starts_with("Receipt")
        })
        .await
        .unwrap();
    // Both reports of the payment have been handled once the bot has nothing left to do.
    w.quiet().await;
    let chat = w.client.chat(user).await.unwrap();
    let payments = chat
        .iter()
        .filter(|m| m.successful_payment.is_some())
        .count();
    assert_eq!(payments, 2, "the payment was reported twice");
    assert_eq!(w.order_count().await, 1);
    assert_eq!(codes_in(&chat), vec!["TWICE-1".to_string()]);
    let left = catalog::get(&w.store.read, code.id).await.unwrap().unwrap();
    assert_eq!(left.stock_left, Some(2));
    let order = orders::of_customer(&w.store.read, user, 5).await.unwrap();
    assert_eq!(order.len(), 1);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_whose_update_was_lost_is_recovered_from_the_ledger_and_delivered() {
    let mut w = World::new().await;
    let code = w.product(Kind::Code, "Lost key", 20).await;
    w.codes(&code, &["LOST-1"]).await;
    let user = w.client.create_user("Lost", None).await.unwrap();
    let payload = stardesk_core::payload::Payload::new(code.id, 20, user).sign(&w.shop.secret);
    let invoice = w.raw_invoice(user, "XTR", 20, &payload).await;

    // Another poller with the shop's token approves the payment, then swallows every update:
    // Stardesk never sees the successful_payment.
    let api = format!("{}/bot{}", w.sim.url(), stardesk_core::demo::DEMO_TOKEN);
    let http = reqwest::Client::new();
    let client = w.client.clone();
    let pay = tokio::spawn(async move { client.pay(user, invoice).await });
    let mut offset = 0;
    let mut answered = false;
    for _ in 0..50 {
        let v: Value = http
            .post(format!("{api}/getUpdates"))
            .json(&json!({"offset": offset, "timeout": 1}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for u in v["result"].as_array().unwrap() {
            offset = u["update_id"].as_i64().unwrap() + 1;
            if let Some(q) = u.get("pre_checkout_query") {
                http.post(format!("{api}/answerPreCheckoutQuery"))
                    .json(&json!({"pre_checkout_query_id": q["id"], "ok": true}))
                    .send()
                    .await
                    .unwrap();
                answered = true;
            }
        }
        if answered && pay.is_finished() {
            break;
        }
    }
    assert_eq!(pay.await.unwrap().unwrap().status, "paid");
    let v: Value = http
        .post(format!("{api}/getUpdates"))
        .json(&json!({"offset": offset, "timeout": 1}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for u in v["result"].as_array().unwrap() {
        offset = u["update_id"].as_i64().unwrap() + 1;
    }
    http.post(format!("{api}/getUpdates"))
        .json(&json!({"offset": offset, "timeout": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(w.order_count().await, 0);

    w.start_bot();
    let goods = w
        .client
        .wait_for(user, invoice, WAIT, |m| m.body().starts_with("Your code"))
        .await
        .unwrap();
    assert!(goods.body().ends_with("LOST-1"));
    let order = orders::of_customer(&w.store.read, user, 1)
        .await
        .unwrap()
        .remove(0);
    assert!(order.recovered, "flagged as recovered");
    settle(&w.store, Duration::from_secs(10)).await;
    assert_agreement(&w.client, &w.store, &[user]).await;
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_right_after_a_payment_takes_under_a_second_and_the_goods_come_once_at_the_next_start()
 {
    let mut w = World::new().await;
    let code = w.product(Kind::Code, "Stop key", 15).await;
    w.codes(&code, &["STOP-1", "STOP-2"]).await;
    // Sends to a chat keep Telegram's pace (one a second after a burst of three).
    w.client.faults(json!({"rate_limit": true})).await.unwrap();
    w.start_bot();
    let user = w.client.create_user("Stella", None).await.unwrap();
    let invoice = w.client.open_invoice(user, code.id, WAIT).await.unwrap();
    // Answers the customer asked for take the chat's next turns: the goods come after them.
    for _ in 0..3 {
        w.client.send(user, "/help").await.unwrap();
    }
    let paid = w.client.pay(user, invoice.message_id).await.unwrap();
    assert_eq!(paid.status, "paid");

    let asked = Instant::now();
    w.stop_bot().await;
    let took = asked.elapsed();
    assert!(took < Duration::from_secs(1), "stopping took {took:?}");
    println!("stop right after a payment: {took:?}");
    let chat = w.client.chat(user).await.unwrap();
    assert!(
        codes_in(&chat).is_empty(),
        "the stop came before the goods: {chat:?}"
    );

    w.start_bot();
    let goods = w
        .client
        .wait_for(user, invoice.message_id, WAIT, |m| {
            m.body().starts_with("Your code")
        })
        .await
        .unwrap();
    assert!(goods.body().ends_with("STOP-1"), "{}", goods.body());
    w.client
        .wait_for(user, goods.message_id, WAIT, |m| {
            m.body().starts_with("Receipt")
        })
        .await
        .unwrap();
    w.quiet().await;
    settle(&w.store, Duration::from_secs(10)).await;
    let chat = w.client.chat(user).await.unwrap();
    assert_eq!(
        codes_in(&chat),
        vec!["STOP-1".to_string()],
        "the goods once"
    );
    let receipts = chat
        .iter()
        .filter(|m| m.from_bot && m.body().starts_with("Receipt"))
        .count();
    assert_eq!(receipts, 1, "one receipt");
    assert_eq!(assert_agreement(&w.client, &w.store, &[user]).await, 1);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_5_percent_server_errors_and_2_percent_lost_answers_99_percent_pay_at_the_first_tap() {
    const CUSTOMERS: usize = 200;
    let mut w = World::new().await;
    let code = w.product(Kind::Code, "Tap key", 5).await;
    let list: Vec<String> = (0..CUSTOMERS).map(|i| format!("TAP-{i:03}")).collect();
    w.codes(&code, &list.iter().map(String::as_str).collect::<Vec<_>>())
        .await;
    w.start_bot();
    // Each customer has an invoice in hand before Telegram starts failing.
    let mut users = Vec::new();
    let mut invoices = Vec::new();
    for chunk in 0..CUSTOMERS / 20 {
        let mut opening = tokio::task::JoinSet::new();
        for i in 0..20 {
            let (client, id) = (w.client.clone(), code.id);
            let name = format!("Tapper {}", chunk * 20 + i);
            opening.spawn(async move {
                let user = client.create_user(&name, None).await.unwrap();
                let invoice = client.open_invoice(user, id, WAIT).await.unwrap();
                (user, invoice.message_id)
            });
        }
        while let Some(opened) = opening.join_next().await {
            let (user, invoice) = opened.unwrap();
            users.push(user);
            invoices.push((user, invoice));
        }
    }
    w.client
        .faults(json!({"error_rate": 0.05, "drop_rate": 0.02, "seed": 11}))
        .await
        .unwrap();
    let mut paying = tokio::task::JoinSet::new();
    for (user, invoice) in invoices {
        let client = w.client.clone();
        paying.spawn(async move { client.pay(user, invoice).await.unwrap().status });
    }
    let mut first_tap = 0;
    let mut outcomes = HashMap::<String, usize>::new();
    while let Some(status) = paying.join_next().await {
        let status = status.unwrap();
        if status == "paid" {
            first_tap += 1;
        }
        *outcomes.entry(status).or_default() += 1;
    }
    let stats = w.client.stats().await.unwrap();
    w.client
        .faults(json!({"error_rate": 0, "drop_rate": 0, "seed": 1}))
        .await
        .unwrap();
    assert!(
        stats["errors_injected"].as_u64().unwrap() > 0 && stats["dropped"].as_u64().unwrap() > 0,
        "faults were injected: {stats}"
    );
    println!(
        "5 % server errors, 2 % lost answers: {first_tap} of {CUSTOMERS} paid at the first tap"
    );
    assert!(
        first_tap * 100 >= CUSTOMERS * 99,
        "{first_tap} of {CUSTOMERS} paid at the first tap: {outcomes:?}"
    );

    settle(&w.store, Duration::from_secs(60)).await;
    let (paid, _) = ledger(&w.client).await;
    assert_eq!(
        paid.len(),
        first_tap,
        "one charge per payment that went through"
    );
    let charged: HashSet<i64> = paid.values().copied().collect();
    assert_eq!(charged.len(), paid.len(), "no customer charged twice");
    assert_eq!(
        assert_agreement(&w.client, &w.store, &users).await,
        first_tap
    );
    w.stop_bot().await;
}

/// The services' way to the simulator, as the running bot makes it.
fn api_of(w: &World) -> BotApi {
    runtime::api(&BotConfig::new(w.sim.url(), demo::DEMO_TOKEN), w.shop.retry).unwrap()
}

/// Waits (up to `WAIT`) until the simulator's counters satisfy `done`.
async fn stats_until(client: &SimClient, what: &str, done: impl Fn(&Value) -> bool) {
    let end = Instant::now() + WAIT;
    loop {
        let stats = client.stats().await.unwrap();
        if done(&stats) {
            return;
        }
        assert!(Instant::now() < end, "{what} did not happen: {stats}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A message that met a server fault goes again a moment later, not after the 10 s teloxide
/// waits before it returns a 5xx; it arrives once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_that_met_a_server_fault_goes_again_within_a_second() {
    let w = World::new().await;
    let user = w.client.create_user("Patient", None).await.unwrap();
    // A pause of 100 ms between attempts, never longer, for as long as the test may take.
    let every_100ms = RetryPolicy {
        attempts: 300,
        first_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(100),
    };
    let api = runtime::api(&BotConfig::new(w.sim.url(), demo::DEMO_TOKEN), every_100ms).unwrap();
    w.client
        .faults(json!({"error_rate": 1.0, "seed": 1}))
        .await
        .unwrap();
    let send =
        tokio::spawn(async move { api.send_html(user, "<b>Hello</b> again".to_string()).await });
    stats_until(&w.client, "a sendMessage answered 500", |s| {
        s["errors_injected"].as_u64() >= Some(1)
    })
    .await;
    w.client
        .faults(json!({"error_rate": 0, "seed": 1}))
        .await
        .unwrap();
    let back = Instant::now();
    send.await.unwrap().expect("sent once Telegram was back");
    let after = back.elapsed();
    assert!(
        after < Duration::from_secs(2),
        "the message went {after:?} after Telegram was back"
    );
    let chat = w.client.chat(user).await.unwrap();
    let sent: Vec<&str> = chat.iter().map(|m| m.body()).collect();
    assert_eq!(sent, ["Hello again"], "one message, its HTML read");
    assert!(
        chat[0].entities.iter().any(|e| e["type"] == "bold"),
        "sent as HTML: {:?}",
        chat[0].entities
    );
}

/// A refund whose answer was lost landed: the attempt after it, which Telegram answers with
/// CHARGE_ALREADY_REFUNDED, reports the refund made, and the Stars went back once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_whose_answer_was_lost_is_made_once_and_reported_made() {
    let mut w = World::new().await;
    let p = w.product(Kind::Text, "Lost answer guide", 5).await;
    w.start_bot();
    let user = w.client.create_user("Refunded", None).await.unwrap();
    let stars = w.stars(user).await;
    let (out, goods) = w.client.buy(user, p.id, WAIT).await.unwrap();
    assert_eq!(out.status, "paid");
    assert!(goods.is_some(), "the guide was delivered");
    w.quiet().await;
    // Nothing but the refund talks to the simulator from here.
    w.stop_bot().await;
    let charge = all_orders(&w.store)
        .await
        .pop()
        .expect("the order")
        .charge_id;
    let api = api_of(&w);
    // Every answer is lost until Telegram is well again.
    w.client
        .faults(json!({"drop_rate": 1.0, "seed": 1}))
        .await
        .unwrap();
    let refund = {
        let (api, charge) = (api.clone(), charge.clone());
        tokio::spawn(async move { api.refund_star_payment(user, charge).await })
    };
    stats_until(&w.client, "a refund's answer lost", |s| {
        s["dropped"].as_u64() >= Some(1)
    })
    .await;
    w.client
        .faults(json!({"drop_rate": 0, "seed": 1}))
        .await
        .unwrap();
    refund
        .await
        .unwrap()
        .expect("the lost attempt's refund reported made");
    let stats = w.client.stats().await.unwrap();
    assert!(
        stats["requests"]["refundStarPayment"].as_u64() >= Some(2),
        "asked again after the lost answer: {stats}"
    );
    let (_, refunded) = ledger(&w.client).await;
    assert_eq!(refunded, HashSet::from([charge.clone()]), "refunded once");
    assert_eq!(
        w.client.refunds_in_ledger().await.unwrap(),
        1,
        "one refund in Telegram's ledger"
    );
    assert_eq!(w.stars(user).await, stars, "the price came back once");
    // Asked again with no answer lost, Telegram's word stands.
    match api.refund_star_payment(user, charge).await {
        Err(SendError::Refused(m)) => assert!(m.contains("CHARGE_ALREADY_REFUNDED"), "{m}"),
        other => panic!("a second refund was not refused: {other:?}"),
    }
}
