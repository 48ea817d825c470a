//! Telegram's send limits kept ahead of time: with the simulator enforcing them, a burst of
//! purchases is delivered in full without one "429 Too Many Requests".

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use stardesk_core::{
    Shop,
    catalog::Kind,
    db,
    events::AppEvent,
    orders::{self, Status},
};
use stardesk_tests::World;

const CUSTOMERS: usize = 100;
const EACH: usize = 3;
/// A customer's step waits behind everyone else's messages at 30 a second.
const STEP: Duration = Duration::from_secs(90);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_purchases_is_delivered_without_a_429() {
    let mut w = World::new().await;
    // The shop again, with its events in hand: the drawer's "queued" comes from them.
    let (shop, events) = Shop::open_with_events(w.store.clone()).await.unwrap();
    shop.clock.use_simulator(&w.sim.url());
    w.shop = shop;
    let guide = w.product(Kind::Text, "Guide", 5).await;
    w.client
        .faults(serde_json::json!({ "rate_limit": true }))
        .await
        .unwrap();
    w.start_bot();

    // Every delivery that started waiting for its turn, and whether it still waits.
    let waiting: Arc<Mutex<HashMap<i64, bool>>> = Arc::default();
    let seen_while_waiting = Arc::new(Mutex::new(0usize));
    let follow = {
        let (waiting, seen, pacer) = (
            waiting.clone(),
            seen_while_waiting.clone(),
            w.shop.pacer.clone(),
        );
        let mut rx = events.subscribe();
        tokio::spawn(async move {
            loop {
                match rx.recv().await {
                    Ok(AppEvent::DeliveryQueued {
                        delivery_id,
                        queued,
                        ..
                    }) => {
                        // What the order drawer reads right now says the same.
                        if queued && pacer.queued([delivery_id]) == vec![delivery_id] {
                            *seen.lock().unwrap() += 1;
                        }
                        waiting.lock().unwrap().insert(delivery_id, queued);
                    }
                    Ok(_) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                        panic!("{n} events were missed")
                    }
                    Err(_) => return,
                }
            }
        })
    };

    let mut customers = Vec::new();
    for i in 0..CUSTOMERS {
        customers.push(
            w.client
                .create_user_with_stars(&format!("Buyer {i}"), 100)
                .await
                .unwrap(),
        );
    }
    let started = Instant::now();
    let buyers: Vec<_> = customers
        .iter()
        .map(|&user| {
            let client = w.client.clone();
            let product = guide.id;
            tokio::spawn(async move {
                for _ in 0..EACH {
                    let (paid, goods) = client.buy(user, product, STEP).await.unwrap();
                    assert_eq!(paid.status, "paid");
                    let goods = goods.expect("the goods");
                    client
                        .wait_for(user, goods.message_id, STEP, |m| {
                            m.body().starts_with("Receipt")
                        })
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for b in buyers {
        b.await.unwrap();
    }
    let took = started.elapsed();

    let stats = w.client.stats().await.unwrap();
    let refused = stats["too_many_requests_sent"].as_u64().unwrap();
    let sends = ["sendMessage", "sendInvoice", "sendDocument"];
    let mut sent = 0;
    for m in sends {
        sent += w.calls(m).await;
    }
    println!(
        "{} purchases from {CUSTOMERS} customers with Telegram's limits: {took:.1?}, {sent} messages, {refused} answered 429",
        CUSTOMERS * EACH
    );
    assert_eq!(refused, 0, "the simulator said 429 {refused} times");

    let all = db::orders::count_all(&w.store.read).await.unwrap();
    assert_eq!(all, (CUSTOMERS * EACH) as i64);
    for &user in &customers {
        let mine = orders::of_customer(&w.store.read, user, 10).await.unwrap();
        assert_eq!(mine.len(), EACH);
        assert!(
            mine.iter().all(|o| o.status == Status::Delivered),
            "{mine:?}"
        );
    }
    // 4 messages a purchase (card, invoice, goods, receipt) cannot go faster than 30 a second:
    // the deliveries waited their turn, and the drawer said so while they did.
    assert!(took >= Duration::from_secs_f64(sent as f64 / 30.0 * 0.8));
    w.quiet().await;
    let waiting = waiting.lock().unwrap().clone();
    assert!(!waiting.is_empty(), "no delivery ever waited for its turn");
    assert!(*seen_while_waiting.lock().unwrap() > 0);
    assert!(
        waiting.values().all(|q| !q),
        "a delivery still shown queued"
    );
    assert!(w.shop.pacer.queued(waiting.keys().copied()).is_empty());
    assert!(
        !follow.is_finished(),
        "the events were not followed to the end"
    );
    follow.abort();
    w.stop_bot().await;
}
