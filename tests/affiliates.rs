//! Telegram's affiliate program over the simulator with the real bot: a customer brought by an
//! affiliate pays the whole price, `successful_payment` says nothing of the affiliate, and the
//! commission Telegram took reaches the order only from the ledger, on demand and by itself.
//! The shop's figures then agree with Telegram's balance to the Star.

use std::{future::Future, time::Duration};

use serde_json::{Value, json};
use stardesk_core::{
    affiliates::{self, AffiliateKind, AffiliateReport, OrderAffiliate},
    catalog::{Kind, Product},
    db,
    demo::{
        self,
        sim_client::{Affiliate, AffiliatePartner, SimClient},
    },
    orders::{self, Order},
    payload::Payload,
    runtime::{BotConfig, BotRuntime},
};
use stardesk_tests::{WAIT, World};

/// Checks `check` every 50 ms until it gives a value; fails after `WAIT`, naming `what`.
async fn until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let end = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < end,
            "gave up after {WAIT:?} waiting until {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The bot with Telegram's ledger read again every `reconcile_every`.
fn start_bot(w: &mut World, reconcile_every: Duration) {
    let mut config = BotConfig::new(w.sim.url(), demo::DEMO_TOKEN);
    config.reconcile_every = reconcile_every;
    w.runtime = Some(BotRuntime::start(w.shop.clone(), config).expect("bot"));
}

/// A whole purchase through an affiliate: the card, Buy, pay, the goods. Returns the order.
async fn buy_through(w: &World, user: i64, product: &Product, affiliate: &Affiliate) -> Order {
    let invoice = w.client.open_invoice(user, product.id, WAIT).await.unwrap();
    let outcome = w
        .client
        .pay_through(user, invoice.message_id, Some(affiliate))
        .await
        .unwrap();
    assert_eq!(outcome.status, "paid", "{outcome:?}");
    w.client
        .wait_for(user, invoice.message_id, WAIT, |m| {
            m.body().starts_with("Here is your")
        })
        .await
        .unwrap();
    let charge_id = outcome.charge_id.unwrap();
    until("the order is recorded", || async {
        db::orders::by_charge(&w.store.read, &charge_id)
            .await
            .unwrap()
    })
    .await
}

/// The bot's balance with Telegram: whole Stars and billionths.
async fn telegram_balance(w: &World) -> (i64, i64) {
    let v: Value = reqwest::get(format!("{}/sim/bot", w.sim.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        v["balance"].as_i64().unwrap(),
        v["balance_nanostars"].as_i64().unwrap(),
    )
}

async fn everything(w: &World) -> AffiliateReport {
    affiliates::report(&w.store, 0, db::now() + 3600)
        .await
        .unwrap()
}

async fn commission_rows(w: &World) -> i64 {
    everything(w)
        .await
        .affiliates
        .iter()
        .map(|a| a.orders)
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_tells_the_order_what_telegram_took_on_demand() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 250).await;
    // Nothing reads the ledger by itself in this test but the start-up run, waited for first.
    start_bot(&mut w, Duration::from_secs(3600));
    until(
        "the start-up reconciliation has read the ledger",
        || async { (w.calls("getStarTransactions").await >= 1).then_some(()) },
    )
    .await;
    let carol = w
        .client
        .create_user("Carol", Some("carol_reviews"))
        .await
        .unwrap();
    let ann = w.client.create_user_with_stars("Ann", 1000).await.unwrap();
    let through_carol = Affiliate {
        partner: AffiliatePartner::User(carol),
        commission_per_mille: 125,
    };

    let order = buy_through(&w, ann, &guide, &through_carol).await;
    // The customer paid the whole price; the update told the bot nothing of Carol.
    assert_eq!(order.stars, 250);
    assert!(!order.recovered);
    assert_eq!(w.stars(ann).await, 750);
    assert_eq!(
        affiliates::of_order(&w.store, order.id).await.unwrap(),
        None
    );

    let reconciler = w.runtime.as_ref().unwrap().reconciler();
    let report = reconciler.run().await.unwrap();
    assert_eq!((report.recovered, report.affiliates_recorded), (0, 1));
    let expected = OrderAffiliate {
        kind: AffiliateKind::User,
        affiliate_id: carol,
        name: "Carol".into(),
        commission_per_mille: 125,
        gross: 250,
        commission: 31,
        commission_nanostars: 250_000_000,
        net: 218,
        net_nanostars: 750_000_000,
        refunded: false,
        recorded_at: 0,
    };
    let recorded = affiliates::of_order(&w.store, order.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        OrderAffiliate {
            recorded_at: 0,
            ..recorded.clone()
        },
        expected
    );
    // What the shop says it received is what Telegram credited the bot.
    assert_eq!(
        (recorded.net, recorded.net_nanostars),
        telegram_balance(&w).await
    );

    // Reconciling again records nothing more.
    let again = reconciler.run().await.unwrap();
    assert_eq!((again.recovered, again.affiliates_recorded), (0, 0));
    assert_eq!(
        affiliates::of_order(&w.store, order.id).await.unwrap(),
        Some(recorded)
    );
    assert_eq!(commission_rows(&w).await, 1);

    // The report: Carol, and the shop after her commission.
    let r = everything(&w).await;
    assert_eq!(r.affiliates.len(), 1);
    let row = &r.affiliates[0];
    assert_eq!(
        (
            row.kind,
            row.affiliate_id,
            row.name.as_str(),
            row.orders,
            row.gross,
            row.commission,
            row.commission_nanostars
        ),
        (AffiliateKind::User, carol, "Carol", 1, 250, 31, 250_000_000)
    );
    assert_eq!((r.orders, r.gross, r.affiliate_orders), (1, 250, 1));
    assert_eq!((r.commission, r.commission_nanostars), (31, 250_000_000));
    assert_eq!((r.net, r.net_nanostars), telegram_balance(&w).await);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_anyone_asking_the_ledger_is_read_again_and_the_figures_follow() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 250).await;
    let course = w.product(Kind::Text, "Course", 200).await;
    start_bot(&mut w, Duration::from_millis(200));
    let channel = w.client.create_channel("Deals Daily").await.unwrap();
    let carol = w.client.create_user("Carol", None).await.unwrap();
    let ann = w.client.create_user_with_stars("Ann", 1000).await.unwrap();
    let bob = w.client.create_user_with_stars("Bob", 1000).await.unwrap();
    let dan = w.client.create_user_with_stars("Dan", 1000).await.unwrap();
    let through_deals = Affiliate {
        partner: AffiliatePartner::Chat {
            id: channel,
            title: None,
        },
        commission_per_mille: 100,
    };
    let through_carol = Affiliate {
        partner: AffiliatePartner::User(carol),
        commission_per_mille: 125,
    };

    let first = buy_through(&w, ann, &course, &through_deals).await;
    let recorded = until("the first commission is recorded by itself", || async {
        affiliates::of_order(&w.store, first.id).await.unwrap()
    })
    .await;
    assert_eq!(
        (
            recorded.kind,
            recorded.affiliate_id,
            recorded.name.as_str(),
            recorded.commission,
            recorded.net
        ),
        (AffiliateKind::Chat, channel, "Deals Daily", 20, 180)
    );

    // Two more sales, one through Carol and one through no one, after the first was found.
    let second = buy_through(&w, bob, &guide, &through_carol).await;
    let (plain, _) = w.client.buy(dan, guide.id, WAIT).await.unwrap();
    assert_eq!(plain.status, "paid");
    until("the second commission is recorded by itself", || async {
        affiliates::of_order(&w.store, second.id).await.unwrap()
    })
    .await;
    w.quiet().await;
    for order in orders::of_customer(&w.store.read, bob, 5).await.unwrap() {
        assert!(!order.recovered, "the update made the order: {order:?}");
    }

    // 200 + 250 + 250 paid; Telegram took 20 and 31.25; the bot has the rest.
    let r = everything(&w).await;
    let rows: Vec<_> = r
        .affiliates
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.orders,
                a.gross,
                a.commission,
                a.commission_nanostars,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Carol", 1, 250, 31, 250_000_000),
            ("Deals Daily", 1, 200, 20, 0)
        ]
    );
    assert_eq!((r.orders, r.gross, r.affiliate_orders), (3, 700, 2));
    assert_eq!((r.commission, r.commission_nanostars), (51, 250_000_000));
    assert_eq!((r.net, r.net_nanostars), (648, 750_000_000));
    assert_eq!((r.net, r.net_nanostars), telegram_balance(&w).await);
    assert_eq!(commission_rows(&w).await, 2);
    w.stop_bot().await;
}

/// Another poller with the shop's token approves the payment and swallows every update, so the
/// shop never sees the successful_payment.
async fn pay_unseen(
    client: &SimClient,
    sim_url: &str,
    user: i64,
    invoice: i64,
    affiliate: Affiliate,
) {
    let api = format!("{sim_url}/bot{}", demo::DEMO_TOKEN);
    let http = reqwest::Client::new();
    let pay = {
        let client = client.clone();
        tokio::spawn(async move { client.pay_through(user, invoice, Some(&affiliate)).await })
    };
    let mut offset = 0;
    let get = |offset: i64, timeout: i64| {
        let (http, api) = (http.clone(), api.clone());
        async move {
            let v: Value = http
                .post(format!("{api}/getUpdates"))
                .json(&json!({"offset": offset, "timeout": timeout}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["result"].as_array().unwrap().clone()
        }
    };
    while !pay.is_finished() {
        for u in get(offset, 1).await {
            offset = u["update_id"].as_i64().unwrap() + 1;
            if let Some(q) = u.get("pre_checkout_query") {
                http.post(format!("{api}/answerPreCheckoutQuery"))
                    .json(&json!({"pre_checkout_query_id": q["id"], "ok": true}))
                    .send()
                    .await
                    .unwrap();
            }
        }
    }
    assert_eq!(pay.await.unwrap().unwrap().status, "paid");
    for u in get(offset, 0).await {
        offset = u["update_id"].as_i64().unwrap() + 1;
    }
    get(offset, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_recovered_from_the_ledger_has_the_price_paid_and_the_commission() {
    let mut w = World::new().await;
    let key = w.product(Kind::Code, "Game key", 300).await;
    w.codes(&key, &["KEY-1"]).await;
    let ann = w.client.create_user_with_stars("Ann", 1000).await.unwrap();
    let carol = w.client.create_user("Carol", None).await.unwrap();
    let payload = Payload::new(key.id, 300, ann).sign(&w.shop.secret);
    let invoice = w.raw_invoice(ann, "XTR", 300, &payload).await;
    // 300 Stars at 333 per mille: 99.9 Stars to Carol, 200.1 to the bot.
    let through_carol = Affiliate {
        partner: AffiliatePartner::User(carol),
        commission_per_mille: 333,
    };
    pay_unseen(&w.client, &w.sim.url(), ann, invoice, through_carol).await;
    assert_eq!(w.order_count().await, 0);

    // The start-up reconciliation finds the payment: the order at the price Ann paid (the
    // ledger's amount is the bot's share), delivered, with Telegram's commission.
    start_bot(&mut w, Duration::from_secs(3600));
    w.client
        .wait_for(ann, invoice, WAIT, |m| m.body().starts_with("Your code"))
        .await
        .unwrap();
    let order = orders::of_customer(&w.store.read, ann, 1)
        .await
        .unwrap()
        .remove(0);
    assert!(order.recovered);
    assert_eq!(order.stars, 300);
    let recorded = until("the recovered order's commission is recorded", || async {
        affiliates::of_order(&w.store, order.id).await.unwrap()
    })
    .await;
    assert_eq!(
        (
            recorded.commission,
            recorded.commission_nanostars,
            recorded.net,
            recorded.net_nanostars
        ),
        (99, 900_000_000, 200, 100_000_000)
    );
    assert_eq!(
        (recorded.net, recorded.net_nanostars),
        telegram_balance(&w).await
    );
    let again = w
        .runtime
        .as_ref()
        .unwrap()
        .reconciler()
        .run()
        .await
        .unwrap();
    assert_eq!((again.recovered, again.affiliates_recorded), (0, 0));
    assert_eq!(commission_rows(&w).await, 1);
    w.stop_bot().await;
}
