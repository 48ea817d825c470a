//! One customer must not stall the shop: with Telegram's send limits on, a customer who floods
//! the bot has the excess ignored and is flagged, another customer's purchase goes through at
//! its usual pace, and the bot still stops at once.

use std::time::{Duration, Instant};

use serde_json::json;
use stardesk_core::{
    attention::{self, Attention},
    bot::flood,
    catalog::Kind,
    db,
    demo::sim_client::{ChatMessage, SimClient},
    texts,
};
use stardesk_tests::{WAIT, World};
use tokio::task::JoinSet;

/// `count` messages from `user` at once, each its own request to the simulator.
async fn flood_with(client: &SimClient, user: i64, count: usize, text: &str) {
    let mut sends = JoinSet::new();
    for _ in 0..count {
        let (client, text) = (client.clone(), text.to_string());
        sends.spawn(async move { client.send(user, &text).await });
    }
    while let Some(sent) = sends.join_next().await {
        sent.unwrap().expect("the simulator took the message");
    }
}

/// Waits (up to `WAIT`) for an open flood item that satisfies `want`.
async fn flag(w: &World, want: impl Fn(&Attention) -> bool) -> Attention {
    let end = Instant::now() + WAIT;
    loop {
        let open = attention::open(&w.shop).await.unwrap();
        if let Some(a) = open.into_iter().find(|a| a.kind == flood::KIND && want(a)) {
            return a;
        }
        assert!(Instant::now() < end, "no such flood item in {WAIT:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The number an item about a finished flood gives for the ignored updates.
fn ignored(a: &Attention) -> u64 {
    let (before, _) = a
        .message
        .split_once(" messages and button presses")
        .unwrap_or_else(|| panic!("no count in {:?}", a.message));
    before
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {:?}", a.message))
}

fn told_to_slow_down(chat: &[ChatMessage]) -> usize {
    chat.iter()
        .filter(|m| m.from_bot && m.body() == texts::too_fast(texts::Lang::En))
        .count()
}

fn goods(m: &ChatMessage) -> bool {
    m.body().starts_with("Here is your")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_500_messages_does_not_hold_up_another_customers_purchase() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 25).await;
    w.client.faults(json!({"rate_limit": true})).await.unwrap();
    w.start_bot();
    let flooder = w.client.create_user("Flo", Some("flo")).await.unwrap();
    let buyer = w.client.create_user("Bea", None).await.unwrap();

    flood_with(&w.client, flooder, 500, "/shop").await;
    // The flood is in the bot's hands: the excess is being ignored.
    flag(&w, |a| a.message.contains("Flo @flo")).await;

    let invoice = w.client.open_invoice(buyer, guide.id, WAIT).await.unwrap();
    let tap = Instant::now();
    let paid = w.client.pay(buyer, invoice.message_id).await.unwrap();
    assert_eq!(paid.status, "paid");
    let limit = Duration::from_secs(2);
    let left = limit.saturating_sub(tap.elapsed());
    let delivered = w
        .client
        .wait_for(buyer, invoice.message_id, left, goods)
        .await;
    let took = tap.elapsed();
    assert!(
        delivered.is_ok() && took < limit,
        "the purchase took {took:?} during the flood: {delivered:?}"
    );

    // Once the flooder has gone quiet long enough to have a whole burst again, the item says
    // how many were ignored: everything past the burst and the pace.
    let done = flag(&w, |a| a.message.contains("were ignored")).await;
    assert!(done.message.contains("Flo @flo"), "{}", done.message);
    let n = ignored(&done);
    assert!((450..=490).contains(&n), "{n} ignored: {}", done.message);
    println!(
        "flood of 500: another customer's purchase took {took:?} from the pay tap; {n} ignored"
    );
    let open = attention::open(&w.shop).await.unwrap();
    assert_eq!(
        open.iter().filter(|a| a.kind == flood::KIND).count(),
        1,
        "one item per flood: {open:?}"
    );

    // What was let through is answered, the rest was marked done without a handler.
    w.quiet().await;
    let chat = w.client.chat(flooder).await.unwrap();
    assert_eq!(told_to_slow_down(&chat), 1, "told once per flood");
    let answered = chat
        .iter()
        .filter(|m| m.from_bot && m.body() != texts::too_fast(texts::Lang::En))
        .count() as u64;
    assert_eq!(answered + n, 500, "each message answered or ignored");
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stopping_during_a_flood_takes_under_a_second_and_the_cut_off_updates_run_next_start() {
    let mut w = World::new().await;
    w.product(Kind::Text, "Guide", 25).await;
    w.client.faults(json!({"rate_limit": true})).await.unwrap();
    w.start_bot();
    let flooder = w.client.create_user("Flo", None).await.unwrap();
    flood_with(&w.client, flooder, 100, "/shop").await;
    flag(&w, |_| true).await;

    // The chat's queue holds a burst of /shop, answered one a second.
    let asked = Instant::now();
    w.stop_bot().await;
    let took = asked.elapsed();
    assert!(took < Duration::from_secs(1), "stopping took {took:?}");
    println!("stop during a flood: {took:?}");
    let cut_off = db::inbox::pending(&w.store.read).await.unwrap();
    assert!(
        cut_off > 0,
        "the updates not handled yet stay in the inbox, not marked done"
    );

    w.start_bot();
    w.quiet().await;
    assert_eq!(db::inbox::pending(&w.store.read).await.unwrap(), 0);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quick_customer_the_bot_keeps_up_with_is_never_refused() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 25).await;
    w.start_bot();
    let quick = w.client.create_user("Quinn", None).await.unwrap();
    // /start and Buy, again and again: more updates than a backlog holds, each sent as soon as
    // the last was answered.
    for _ in 0..6 {
        w.client.open_invoice(quick, guide.id, WAIT).await.unwrap();
    }
    w.quiet().await;
    let open = attention::open(&w.shop).await.unwrap();
    assert!(
        open.iter().all(|a| a.kind != flood::KIND),
        "not a flood: {open:?}"
    );
    let chat = w.client.chat(quick).await.unwrap();
    assert_eq!(told_to_slow_down(&chat), 0);
    w.stop_bot().await;
}
