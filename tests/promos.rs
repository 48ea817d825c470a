//! Promo codes through the real bot and the simulator: applied in the chat, the invoice priced
//! lower inside its signed payload, the use kept at pre-checkout and taken with the payment,
//! refusals in plain words, the last use raced by two customers, a plan's discount renewing.

use stardesk_core::{
    audit::Who,
    catalog::{Kind, Product},
    db,
    demo::sim_client::{ChatMessage, SimClient},
    orders,
    payload::Payload,
    promos::{self, Promo, PromoDraft},
    subscriptions::{self, PlanDraft},
};
use stardesk_tests::{WAIT, World};

fn merchant() -> Who {
    Who::operator("merchant")
}

async fn code(w: &World, draft: PromoDraft) -> Promo {
    promos::create(&w.store, &merchant(), &draft).await.unwrap()
}

fn percent(code: &str, p: i64) -> PromoDraft {
    PromoDraft {
        code: code.into(),
        percent_off: Some(p),
        per_customer: Some(1),
        ..Default::default()
    }
}

/// The customer writes something; returns the bot's first answer.
async fn say(client: &SimClient, user: i64, text: &str) -> String {
    let sent = client.send(user, text).await.unwrap();
    client
        .wait_for(user, sent, WAIT, |_| true)
        .await
        .unwrap()
        .body()
        .to_string()
}

/// The product's card as the customer sees it now.
async fn card(client: &SimClient, user: i64, product: &Product) -> ChatMessage {
    let sent = client
        .send(user, &format!("/start p_{}", product.id))
        .await
        .unwrap();
    client
        .wait_for(user, sent, WAIT, |m| m.button("buy:").is_some())
        .await
        .unwrap()
}

fn buy_label(card: &ChatMessage) -> String {
    card.reply_markup.as_ref().unwrap()["inline_keyboard"][0][0]["text"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn percentage_and_fixed_codes_lower_the_invoice_and_are_used_as_often_as_allowed() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 205).await;
    let pin = w.product(Kind::Text, "Pin", 3).await;
    let ten = code(&w, percent("TEN", 10)).await;
    code(
        &w,
        PromoDraft {
            code: "FIVE".into(),
            stars_off: Some(5),
            product_ids: vec![pin.id],
            per_customer: None,
            ..Default::default()
        },
    )
    .await;
    w.start_bot();
    let bob = w.client.create_user("Bob", None).await.unwrap();
    let before = w.stars(bob).await;

    assert_eq!(
        say(&w.client, bob, "/promo ten").await,
        "Promo code TEN applied: 10% off. Prices in /shop show it; it is used when you pay."
    );
    let shown = card(&w.client, bob, &guide).await;
    assert!(
        shown
            .body()
            .contains("Price: 205 ⭐ 185 ⭐ with code TEN\nIn stock"),
        "{}",
        shown.body()
    );
    assert_eq!(buy_label(&shown), "Buy for 185 ⭐");
    let invoice = w.client.open_invoice(bob, guide.id, WAIT).await.unwrap();
    assert_eq!(invoice.invoice.as_ref().unwrap()["total_amount"], 185);
    let paid = w.client.pay(bob, invoice.message_id).await.unwrap();
    assert_eq!(paid.status, "paid");
    w.client
        .wait_for(bob, invoice.message_id, WAIT, |m| {
            m.body().starts_with("Here is your")
        })
        .await
        .unwrap();
    let receipt = w
        .client
        .wait_for(bob, invoice.message_id, WAIT, |m| {
            m.body().starts_with("Receipt")
        })
        .await
        .unwrap();
    assert!(
        receipt
            .body()
            .contains("Paid: 185 ⭐\nPromo code TEN: −20 ⭐\n"),
        "{}",
        receipt.body()
    );
    assert_eq!(w.stars(bob).await, before - 185);
    let order = orders::of_customer(&w.store.read, bob, 1).await.unwrap()[0].clone();
    assert_eq!(order.stars, 185);
    let used = promos::of_order(&w.store, order.id).await.unwrap().unwrap();
    assert_eq!(
        (used.code.as_str(), used.list_price, used.discount),
        ("TEN", 205, 20)
    );
    let ten = promos::get(&w.store, ten.id).await.unwrap();
    assert_eq!((ten.uses, ten.revenue, ten.discount_given), (1, 185, 20));

    // Once per customer: spent, the card shows the full price again and the code is refused.
    assert_eq!(
        buy_label(&card(&w.client, bob, &guide).await),
        "Buy for 205 ⭐"
    );
    assert_eq!(
        say(&w.client, bob, "/promo TEN").await,
        "You have already used the promo code TEN."
    );

    // "Have a promo code?" on the pin's card: the next message is the code; never below 1 Star.
    let pins = card(&w.client, bob, &pin).await;
    w.client
        .press(bob, pins.message_id, &format!("promo:{}", pin.id))
        .await
        .unwrap();
    let asked = w
        .client
        .wait_for(bob, pins.message_id, WAIT, |m| {
            m.body().starts_with("Type your promo code")
        })
        .await
        .unwrap();
    let sent = w.client.send(bob, "FIVE").await.unwrap();
    let again = w
        .client
        .wait_for(bob, sent, WAIT, |m| m.button("buy:").is_some())
        .await
        .unwrap();
    assert!(asked.message_id < again.message_id);
    assert_eq!(buy_label(&again), "Buy for 1 ⭐");
    assert!(
        again.button("promo_drop:").is_some(),
        "the code can be removed"
    );
    // FIVE is for the pin only: the guide keeps its price.
    assert_eq!(
        buy_label(&card(&w.client, bob, &guide).await),
        "Buy for 205 ⭐"
    );
    let (paid, _) = w.client.buy(bob, pin.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    let order = orders::of_customer(&w.store.read, bob, 1).await.unwrap()[0].clone();
    assert_eq!(order.stars, 1);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusable_codes_are_refused_with_their_reasons() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 100).await;
    let now = stardesk_core::db::now();
    code(
        &w,
        PromoDraft {
            valid_until: Some(now - 3600),
            ..percent("OLD", 10)
        },
    )
    .await;
    code(
        &w,
        PromoDraft {
            valid_from: Some(now + 86_400),
            ..percent("SOON", 10)
        },
    )
    .await;
    code(
        &w,
        PromoDraft {
            first_purchase_only: true,
            ..percent("FIRST", 10)
        },
    )
    .await;
    let off = code(&w, percent("OFF", 10)).await;
    promos::set_active(&w.store, &merchant(), off.id, false)
        .await
        .unwrap();
    let late = code(&w, percent("LATE", 50)).await;
    w.start_bot();
    let bob = w.client.create_user("Bob", None).await.unwrap();

    let old = say(&w.client, bob, "/promo OLD").await;
    assert!(old.starts_with("The promo code OLD expired on"), "{old}");
    let soon = say(&w.client, bob, "/promo SOON").await;
    assert!(
        soon.starts_with("The promo code SOON is valid from"),
        "{soon}"
    );
    assert_eq!(
        say(&w.client, bob, "/promo NOPE").await,
        "There is no promo code NOPE. Check the spelling and try again."
    );
    assert_eq!(
        say(&w.client, bob, "/promo OFF").await,
        "The promo code OFF is no longer valid."
    );
    assert_eq!(
        say(&w.client, bob, "/promo").await,
        "Send /promo CODE with your code to use it on your next purchase."
    );

    // Deactivated between the invoice and the payment: refused at pre-checkout, nothing charged.
    say(&w.client, bob, "/promo LATE").await;
    let invoice = w.client.open_invoice(bob, guide.id, WAIT).await.unwrap();
    assert_eq!(invoice.invoice.as_ref().unwrap()["total_amount"], 50);
    promos::set_active(&w.store, &merchant(), late.id, false)
        .await
        .unwrap();
    let before = w.stars(bob).await;
    let refused = w.client.pay(bob, invoice.message_id).await.unwrap();
    assert_eq!(refused.status, "declined");
    assert_eq!(
        refused.error_message.as_deref(),
        Some("The promo code LATE is no longer valid. Tap Buy again for the full price.")
    );
    assert_eq!(w.stars(bob).await, before);

    w.client.buy(bob, guide.id, WAIT).await.unwrap();
    // The receipt is out before the next question.
    w.quiet().await;
    assert_eq!(
        say(&w.client, bob, "/promo FIRST").await,
        "The promo code FIRST is for a first purchase only."
    );
    let carol = w.client.create_user("Carol", None).await.unwrap();
    assert!(
        say(&w.client, carol, "/promo FIRST")
            .await
            .starts_with("Promo code FIRST applied")
    );
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_use_goes_to_one_of_two_customers_paying_at_once() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 100).await;
    let last = code(
        &w,
        PromoDraft {
            max_uses: Some(1),
            ..percent("LAST", 30)
        },
    )
    .await;
    w.start_bot();
    let bob = w.client.create_user("Bob", None).await.unwrap();
    let carol = w.client.create_user("Carol", None).await.unwrap();
    let mut invoices = Vec::new();
    for user in [bob, carol] {
        say(&w.client, user, "/promo LAST").await;
        let invoice = w.client.open_invoice(user, guide.id, WAIT).await.unwrap();
        assert_eq!(invoice.invoice.as_ref().unwrap()["total_amount"], 70);
        invoices.push((user, invoice.message_id));
    }
    let (a, b) = tokio::join!(
        w.client.pay(invoices[0].0, invoices[0].1),
        w.client.pay(invoices[1].0, invoices[1].1)
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    let paid = outcomes.iter().filter(|o| o.status == "paid").count();
    assert_eq!(paid, 1, "{outcomes:?}");
    let declined = outcomes.iter().find(|o| o.status == "declined").unwrap();
    assert_eq!(
        declined.error_message.as_deref(),
        Some("The promo code LAST has been used up. Tap Buy again for the full price.")
    );
    w.quiet().await;
    assert_eq!(promos::get(&w.store, last.id).await.unwrap().uses, 1);
    assert_eq!(w.order_count().await, 1);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_discounted_payload_is_refused() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 100).await;
    let ten = code(&w, percent("TEN", 10)).await;
    w.start_bot();
    let bob = w.client.create_user("Bob", None).await.unwrap();
    say(&w.client, bob, "/promo TEN").await;

    let genuine = Payload::new(guide.id, 100, bob)
        .discounted(90, Some(ten.id), 0)
        .sign(&w.shop.secret);
    // The price lowered in the payload: the signature no longer matches.
    let cheaper = genuine.replacen(".90.", ".1.", 1);
    let msg = w.raw_invoice(bob, "XTR", 1, &cheaper).await;
    let refused = w.client.pay(bob, msg).await.unwrap();
    assert_eq!(refused.status, "declined");
    assert_eq!(
        refused.error_message.as_deref(),
        Some("This invoice is not valid any more. Open /shop and tap Buy again.")
    );
    // Signed, but a discount the code does not give: refused as a changed price.
    let wrong = Payload::new(guide.id, 100, bob)
        .discounted(50, Some(ten.id), 0)
        .sign(&w.shop.secret);
    let msg = w.raw_invoice(bob, "XTR", 50, &wrong).await;
    let refused = w.client.pay(bob, msg).await.unwrap();
    assert_eq!(
        refused.error_message.as_deref(),
        Some("Price changed, tap Buy again.")
    );
    // Store credit the customer does not have: refused.
    let credit = Payload::new(guide.id, 100, bob)
        .discounted(60, None, 40)
        .sign(&w.shop.secret);
    let msg = w.raw_invoice(bob, "XTR", 60, &credit).await;
    let refused = w.client.pay(bob, msg).await.unwrap();
    assert_eq!(
        refused.error_message.as_deref(),
        Some("Your store credit has changed since this invoice was made. Tap Buy again.")
    );
    let msg = w.raw_invoice(bob, "XTR", 90, &genuine).await;
    assert_eq!(w.client.pay(bob, msg).await.unwrap().status, "paid");
    w.quiet().await;
    assert_eq!(w.order_count().await, 1);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_bought_with_a_code_renews_at_its_discounted_price() {
    let mut w = World::new().await;
    let plan = subscriptions::create_plan(
        &w.store,
        &merchant(),
        &PlanDraft {
            title: "Club".into(),
            description: "Members' notes".into(),
            price: 100,
            benefit: Some("Welcome to the club".into()),
            channel_ids: vec![],
        },
    )
    .await
    .unwrap();
    let promo = code(
        &w,
        PromoDraft {
            plan_ids: vec![plan.id],
            ..percent("CLUB20", 20)
        },
    )
    .await;
    w.start_bot();
    let bob = w.client.create_user("Bob", None).await.unwrap();
    say(&w.client, bob, "/promo CLUB20").await;
    let sent = w
        .client
        .send(bob, &format!("/start plan_{}", plan.id))
        .await
        .unwrap();
    let shown = w
        .client
        .wait_for(bob, sent, WAIT, |m| m.url_button("Subscribe").is_some())
        .await
        .unwrap();
    assert!(
        shown
            .body()
            .contains("With code CLUB20: 100 ⭐ 80 ⭐ every 30 days, renewals included."),
        "{}",
        shown.body()
    );
    let link = shown.url_button("Subscribe · 80 ⭐").unwrap();
    let before = w.stars(bob).await;
    assert_eq!(w.client.pay_link(bob, &link).await.unwrap().status, "paid");
    w.client.advance_clock(30 * 86_400 + 60).await.unwrap();
    let end = tokio::time::Instant::now() + WAIT;
    while orders::of_customer(&w.store.read, bob, 10)
        .await
        .unwrap()
        .len()
        < 2
    {
        assert!(tokio::time::Instant::now() < end, "no renewal");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(w.stars(bob).await, before - 160);
    let paid: Vec<i64> = orders::of_customer(&w.store.read, bob, 10)
        .await
        .unwrap()
        .iter()
        .map(|o| o.stars)
        .collect();
    assert_eq!(paid, [80, 80]);
    let promo = promos::get(&w.store, promo.id).await.unwrap();
    assert_eq!(
        (promo.uses, promo.discount_given),
        (1, 20),
        "used once, by the first payment"
    );
    let subs = subscriptions::of_customer(&w.store, bob).await.unwrap();
    assert_eq!(subs[0].price, 80);
    assert!(
        db::promos::applied(&w.store.read, bob)
            .await
            .unwrap()
            .is_none()
    );
    w.stop_bot().await;
}
