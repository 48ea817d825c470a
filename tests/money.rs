//! Money paths through the real bot and the simulator over HTTP: one invoice paid by several
//! taps at once, refunds made outside Stardesk, escaped texts, a simulator that starts its
//! update numbering again, demo mode followed by a real bot, and demo mode's subscription
//! rehearsal a month ahead.

use std::{sync::Arc, time::Duration};

use serde_json::{Value, json};
use stardesk_core::{
    audit::{self, AuditQuery, Who},
    catalog::{self, Kind, ProductDraft},
    customers, db,
    demo::{self, sim_client::SimClient},
    desk::{self, Desk, DeskOptions, Mode},
    events::Events,
    orders::{self, Status},
    refunds::{Category, Refunded, Why},
    subscriptions::{self, SubStatus, SubscriberQuery},
    token::Sources,
};
use stardesk_tests::{WAIT, World};

/// Polls `check` until it holds, for at most `WAIT`.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let end = tokio::time::Instant::now() + WAIT;
    while !check().await {
        assert!(tokio::time::Instant::now() < end, "{what} did not happen");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_taps_on_pay_for_one_invoice_charge_once() {
    let mut w = World::new().await;
    let key = catalog::create(
        &w.store,
        &Who::operator("merchant"),
        &ProductDraft {
            kind: Kind::Code,
            title: "One per customer".into(),
            description: String::new(),
            price: 15,
            per_customer_limit: Some(1),
            stock: None,
            content: None,
            channel_id: None,
        },
    )
    .await
    .unwrap();
    w.codes(&key, &["ONE-1", "ONE-2", "ONE-3", "ONE-4", "ONE-5"])
        .await;
    w.start_bot();
    let user = w.client.create_user("Eager", None).await.unwrap();
    let invoice = w.client.open_invoice(user, key.id, WAIT).await.unwrap();
    let before = w.stars(user).await;
    let taps: Vec<_> = (0..5)
        .map(|_| {
            let client = w.client.clone();
            tokio::spawn(async move { client.pay(user, invoice.message_id).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in taps {
        outcomes.push(t.await.unwrap().unwrap());
    }
    let paid = outcomes.iter().filter(|o| o.status == "paid").count();
    assert_eq!(paid, 1, "{outcomes:?}");
    w.quiet().await;
    assert_eq!(w.stars(user).await, before - 15, "charged once");
    assert_eq!(w.order_count().await, 1);
    let mine = orders::of_customer(&w.store.read, user, 10).await.unwrap();
    assert_eq!(mine[0].status, Status::Delivered);
    let chat = w.client.chat(user).await.unwrap();
    let codes = chat
        .iter()
        .filter(|m| m.from_bot && m.body().starts_with("Your code"))
        .count();
    assert_eq!(codes, 1);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_made_outside_stardesk_is_recorded_from_its_update() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 20).await;
    w.start_bot();
    let user = w.client.create_user("Refunded", None).await.unwrap();
    let (outcome, _) = w.client.buy(user, guide.id, WAIT).await.unwrap();
    let charge = outcome.charge_id.unwrap();
    // Another client holding the bot's token refunds the payment.
    let v: Value = reqwest::Client::new()
        .post(format!(
            "{}/bot{}/refundStarPayment",
            w.sim.url(),
            demo::DEMO_TOKEN
        ))
        .json(&json!({"user_id": user, "telegram_payment_charge_id": charge}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["ok"], true, "{v}");
    let store = w.store.clone();
    let c = charge.clone();
    eventually("the refund recorded", || {
        let (store, c) = (store.clone(), c.clone());
        async move {
            orders::by_charge(&store.read, &c)
                .await
                .unwrap()
                .is_some_and(|o| o.status == Status::Refunded)
        }
    })
    .await;
    let order = orders::by_charge(&w.store.read, &charge)
        .await
        .unwrap()
        .unwrap();
    let record = db::refunds::of_order(&w.store.read, order.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (record.actor.as_str(), record.reason.as_str()),
        ("telegram", "refunded outside Stardesk")
    );
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_about_a_product_reaches_the_customer_escaped() {
    let mut w = World::new().await;
    // A file product whose file was never uploaded: its delivery cannot happen.
    let file = w.product(Kind::File, "Tom & Jerry", 9).await;
    w.start_bot();
    let user = w.client.create_user("Fan", None).await.unwrap();
    let invoice = w.client.open_invoice(user, file.id, WAIT).await.unwrap();
    assert_eq!(
        w.client.pay(user, invoice.message_id).await.unwrap().status,
        "paid"
    );
    w.quiet().await;
    // The customer asks for it again from /purchases: the reason comes back readable.
    let sent = w.client.send(user, "/purchases").await.unwrap();
    let list = w
        .client
        .wait_for(user, sent, WAIT, |m| m.button("again:").is_some())
        .await
        .unwrap();
    w.client
        .press(user, list.message_id, &list.button("again:").unwrap())
        .await
        .unwrap();
    let told = w
        .client
        .wait_for(user, list.message_id, WAIT, |m| {
            m.body().contains("no file")
        })
        .await
        .unwrap();
    assert_eq!(told.body(), "Tom & Jerry has no file to deliver yet.");
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulator_that_numbers_its_updates_from_one_again_is_still_heard() {
    let mut w = World::new().await;
    w.product(Kind::Text, "Guide", 20).await;
    w.start_bot();
    let user = w.client.create_user("First", None).await.unwrap();
    let sent = w.client.send(user, "/start").await.unwrap();
    w.client.wait_for(user, sent, WAIT, |_| true).await.unwrap();
    w.quiet().await;
    w.stop_bot().await;

    // The app restarts in demo mode: a new simulator, whose update ids start at 1 again.
    let sim = bot_api_sim::SimServer::start("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = SimClient::new(sim.url());
    let runtime = stardesk_core::runtime::BotRuntime::start(
        w.shop.clone(),
        stardesk_core::runtime::BotConfig::new(sim.url(), demo::DEMO_TOKEN),
    )
    .unwrap();
    let user = client.create_user("Second", None).await.unwrap();
    let sent = client.send(user, "/start").await.unwrap();
    let welcome = client.wait_for(user, sent, WAIT, |_| true).await.unwrap();
    assert!(welcome.body().contains("Catalog"), "{}", welcome.body());
    runtime.stop().await;
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_demo_shoppers_buy_shows_the_bots_refusal_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let desk = stardesk_tests::demo_desk(dir.path()).await;
    desk.start().await.unwrap();
    let shopper = desk
        .create_shopper("Mallory", stardesk_core::texts::Lang::En)
        .await
        .unwrap();
    let product = catalog::list(&desk.store().read, false).await.unwrap()[0].clone();
    let step = desk.buy(shopper.id, product.id).await.unwrap();
    assert_eq!(step.purchase.unwrap().status, "paid");
    customers::set_blocked(&desk.store(), &Who::operator("merchant"), shopper.id, true)
        .await
        .unwrap();
    let started = tokio::time::Instant::now();
    let step = desk.buy(shopper.id, product.id).await.unwrap();
    let refused = step.purchase.unwrap();
    assert_eq!(refused.status, "refused");
    assert_eq!(
        refused.error_message.as_deref(),
        Some(
            "Sorry, this account cannot buy in this shop. Use /paysupport if you think this is a mistake."
        )
    );
    // Answered as soon as the bot spoke, not after the 20 s a missing invoice is waited for.
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert!(
        step.chat
            .iter()
            .any(|l| l.from_bot && l.text.contains("cannot buy in this shop"))
    );
    assert_eq!(db::orders::count_all(&desk.store().read).await.unwrap(), 1);
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_then_a_real_bot_keeps_the_two_shops_apart() {
    let dir = tempfile::tempdir().unwrap();
    // "Telegram" for the real bot: another simulator, where any token is a bot.
    let telegram = bot_api_sim::SimServer::start("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let options = DeskOptions {
        api_url: telegram.url(),
        first_sale: false,
        token_sources: Sources::FileOnly,
        ..DeskOptions::new(dir.path())
    };
    let events = Events::default();
    let desk = Desk::open(options, Arc::new(events.clone())).await.unwrap();
    assert_eq!(desk.mode(), Mode::Demo);
    desk.start().await.unwrap();
    // A few demo sales.
    let shopper = desk
        .create_shopper("Alice", stardesk_core::texts::Lang::En)
        .await
        .unwrap();
    let products = catalog::list(&desk.store().read, false).await.unwrap();
    assert_eq!(products.len(), 3, "the sample catalog");
    for _ in 0..3 {
        let step = desk.buy(shopper.id, products[0].id).await.unwrap();
        assert_eq!(step.purchase.unwrap().status, "paid");
    }
    let demo_orders = db::orders::count_all(&desk.store().read).await.unwrap();
    assert_eq!(demo_orders, 3);
    assert!(desk::demo_dir(dir.path()).join("stardesk.db").exists());

    // The merchant connects a real bot.
    let connected = desk
        .connect(
            &Who::operator("merchant"),
            "8000000002:REAL-token",
            true,
            None,
        )
        .await
        .unwrap();
    assert_eq!(connected.status.mode, Mode::Live);
    assert_eq!(connected.demo_products, 3, "the demo catalog is offered");
    let real = desk.store();
    assert_eq!(
        db::orders::count_all(&real.read).await.unwrap(),
        0,
        "no demo orders"
    );
    assert!(catalog::list(&real.read, true).await.unwrap().is_empty());
    assert_eq!(
        desk.copy_demo_catalog(&Who::operator("merchant"))
            .await
            .unwrap(),
        3
    );
    assert!(
        desk.copy_demo_catalog(&Who::operator("merchant"))
            .await
            .is_err(),
        "copied once"
    );
    let copied = catalog::list(&real.read, false).await.unwrap();
    assert_eq!(copied.len(), 3);
    // The real shop's trail: which bot was connected (never its token), and the copy.
    let newest = AuditQuery {
        limit: 10,
        ..AuditQuery::default()
    };
    let trail = audit::page(&real, &newest).await.unwrap();
    let actions: Vec<&str> = trail.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(actions, ["catalog.copy", "bot.connect"]);
    assert_eq!(trail[1].before.as_deref(), Some("demo mode"));
    let bot = trail[1].after.as_deref().unwrap();
    assert!(bot.ends_with("(bot id 8000000002)"), "{bot}");
    assert!(
        trail
            .iter()
            .all(|l| !format!("{l:?}").contains("REAL-token")),
        "{trail:?}"
    );

    // A real customer buys; reconciliation reads the real bot's ledger from its start.
    let sim = SimClient::new(telegram.url());
    let customer = sim.create_user("Real", None).await.unwrap();
    let code = copied.iter().find(|p| p.kind == Kind::Code).unwrap();
    let (outcome, goods) = sim.buy(customer, code.id, WAIT).await.unwrap();
    assert_eq!(outcome.status, "paid");
    assert!(goods.unwrap().body().starts_with("Your code"));
    let report = desk.reconcile().await.unwrap();
    assert_eq!(
        report.scanned, 1,
        "the real ledger from its first transaction"
    );
    assert_eq!(db::orders::count_all(&real.read).await.unwrap(), 1);
    assert_eq!(
        db::orders::count_all(
            &db::Store::open(&desk::demo_dir(dir.path()))
                .await
                .unwrap()
                .read
        )
        .await
        .unwrap(),
        3,
        "the demo's orders stay in the demo's shop"
    );

    // Support refunds it: once, however often asked, and the customer is told.
    let order = orders::of_customer(&real.read, customer, 1)
        .await
        .unwrap()
        .remove(0);
    let first = desk
        .refund(
            order.id,
            &Who::operator("ann"),
            Why::new(Category::CustomerRequest, ""),
        )
        .await
        .unwrap();
    let again = desk
        .refund(
            order.id,
            &Who::operator("ann"),
            Why::new(Category::CustomerRequest, ""),
        )
        .await
        .unwrap();
    assert_eq!((first, again), (Refunded::Now, Refunded::Before));
    sim.wait_for(customer, 0, WAIT, |m| m.body().contains("was refunded"))
        .await
        .unwrap();
    assert_eq!(
        sim.refunds_in_ledger().await.unwrap(),
        1,
        "one refund in Telegram's ledger"
    );

    // Headless, from stardeskd, with the bot of this shop stopped.
    let (second, _) = sim.buy(customer, code.id, WAIT).await.unwrap();
    assert_eq!(second.status, "paid");
    let store = real.clone();
    let charge = second.charge_id.unwrap();
    let c = charge.clone();
    eventually("the second order recorded", || {
        let (store, c) = (store.clone(), c.clone());
        async move { orders::by_charge(&store.read, &c).await.unwrap().is_some() }
    })
    .await;
    let second = orders::by_charge(&real.read, &charge)
        .await
        .unwrap()
        .unwrap();
    desk.shutdown().await;
    let out = std::process::Command::new(stardesk_tests::stardeskd())
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--api-url", &telegram.url()])
        .args([
            "refund",
            &second.id.to_string(),
            "--reason",
            "duplicate purchase",
        ])
        // The token of this shop, so that no keychain is asked.
        .env("STARDESK_BOT_TOKEN", "8000000002:REAL-token")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{printed} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(printed.contains("refunded in full"), "{printed}");
    let after = db::Store::open(dir.path()).await.unwrap();
    let record = db::refunds::of_order(&after.read, second.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (record.actor.as_str(), record.reason.as_str()),
        ("stardeskd", "duplicate purchase")
    );
    telegram.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_rehearses_a_subscription_and_a_month_later() {
    let dir = tempfile::tempdir().unwrap();
    let desk = stardesk_tests::demo_desk(dir.path()).await;
    desk.start().await.unwrap();
    // The sample: a channel the bot administers in the simulator, and a plan granting it.
    let store = desk.store();
    let channels = subscriptions::channels(&store).await.unwrap();
    assert_eq!(channels.len(), 1);
    assert_eq!(channels[0].id, demo::SAMPLE_CHANNEL);
    assert_eq!(channels[0].problem(), None);
    let plans = subscriptions::plans(&store).await.unwrap();
    assert_eq!(plans.len(), 1);
    let plan = &plans[0];
    assert!(plan.active);
    assert_eq!(plan.channel_ids, [demo::SAMPLE_CHANNEL]);

    // Two customers subscribe from the chat as the Demo page does: the plan's link, the
    // Subscribe button (an invoice link, paid), the Join button (an invite link).
    let sim = desk.sim().unwrap();
    let mut subscribers = Vec::new();
    for name in ["Emil", "Fatima"] {
        let shopper = desk
            .create_shopper(name, stardesk_core::texts::Lang::En)
            .await
            .unwrap();
        let chat = desk
            .send(shopper.id, &format!("/start plan_{}", plan.id))
            .await
            .unwrap();
        let subscribe = chat
            .iter()
            .flat_map(|l| l.buttons.iter().flatten())
            .find(|b| b.text.starts_with("Subscribe"))
            .and_then(|b| b.url.clone())
            .expect("a Subscribe link on the plan's card");
        let step = desk.open_link(shopper.id, &subscribe).await.unwrap();
        let purchase = step.purchase.unwrap();
        assert_eq!(purchase.status, "paid");
        assert!(
            purchase
                .goods
                .as_deref()
                .unwrap_or("")
                .contains("Paid until"),
            "{purchase:?}"
        );
        let join = step
            .chat
            .iter()
            .flat_map(|l| l.buttons.iter().flatten())
            .find(|b| b.text.starts_with("Join"))
            .and_then(|b| b.url.clone())
            .expect("a Join button on the receipt");
        desk.open_link(shopper.id, &join).await.unwrap();
        assert!(
            desk.open_link(shopper.id, "https://example.com/")
                .await
                .is_err(),
            "other links leave the demo"
        );
        subscribers.push(shopper.id);
    }
    let members = sim.members(demo::SAMPLE_CHANNEL).await.unwrap();
    assert!(
        subscribers.iter().all(|u| members.contains(u)),
        "{members:?}"
    );
    // Fatima cancels: access to the end of the month, then out.
    let fatima = subscribers[1];
    let chat = desk.send(fatima, "/subscriptions").await.unwrap();
    let (message, cancel) = chat
        .iter()
        .find_map(|l| {
            l.buttons
                .iter()
                .flatten()
                .find_map(|b| b.data.clone().filter(|d| d.starts_with("sub_cancel:")))
                .map(|d| (l.message_id, d))
        })
        .expect("a Cancel button in /subscriptions");
    desk.press(fatima, message, &cancel).await.unwrap();

    // A month later: Emil renewed (Telegram charged him), Fatima was removed.
    assert!(desk.demo_later(0).await.is_err());
    let before = desk.demo_now().await.unwrap();
    let now = desk.demo_later(31).await.unwrap();
    assert!(now >= before + 31 * 86_400);
    let all = SubscriberQuery {
        limit: 10,
        ..SubscriberQuery::default()
    };
    eventually("Emil's renewal and Fatima's removal", || async {
        let list = subscriptions::subscribers(&store, &all).await.unwrap();
        let emil = list.iter().find(|s| s.customer_id == subscribers[0]);
        let gone = list.iter().find(|s| s.customer_id == fatima);
        emil.is_some_and(|s| s.renewals == 1 && s.has_access && s.status == SubStatus::Active)
            && gone.is_some_and(|s| !s.has_access && s.status == SubStatus::Lapsed)
    })
    .await;
    let members = sim.members(demo::SAMPLE_CHANNEL).await.unwrap();
    assert!(members.contains(&subscribers[0]), "the renewed one stays");
    assert!(!members.contains(&fatima), "the cancelled one is out");
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_first_start_plays_a_sale_a_support_request_and_two_subscribers() {
    let dir = tempfile::tempdir().unwrap();
    let options = DeskOptions {
        token_sources: Sources::FileOnly,
        ..DeskOptions::new(dir.path())
    };
    let desk = Desk::open(options, Arc::new(Events::default()))
        .await
        .unwrap();
    desk.start().await.unwrap();
    let store = desk.store();
    let all = SubscriberQuery {
        limit: 10,
        ..SubscriberQuery::default()
    };
    // One subscriber renews, the other cancelled: the Subscriptions page and the expiry queue
    // have something to show on the first start.
    let end = tokio::time::Instant::now() + Duration::from_secs(90);
    let list = loop {
        let list = subscriptions::subscribers(&store, &all).await.unwrap();
        if list.iter().any(|s| s.status == SubStatus::Cancelled) {
            break list;
        }
        assert!(
            tokio::time::Instant::now() < end,
            "no sample subscribers: {list:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let statuses: Vec<SubStatus> = list.iter().map(|s| s.status).collect();
    assert_eq!(statuses.len(), 2, "{list:?}");
    assert!(statuses.contains(&SubStatus::Active));
    assert!(list.iter().all(|s| s.has_access));
    let members = desk
        .sim()
        .unwrap()
        .members(demo::SAMPLE_CHANNEL)
        .await
        .unwrap();
    assert!(
        list.iter().all(|s| members.contains(&s.customer_id)),
        "both joined with their invites: {members:?}"
    );
    assert!(db::orders::count_all(&store.read).await.unwrap() >= 4);
    desk.shutdown().await;
}
