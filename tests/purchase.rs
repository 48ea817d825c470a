//! A sale from tap to delivery through the real bot and the simulator over HTTP.

use stardesk_core::{
    audit::{self, Actor, AuditQuery, Who},
    catalog::{self, Kind, Product, ProductDraft},
    customers,
    demo::sim_client::{BuyAnswer, ChatMessage},
    orders,
    payload::Payload,
    refunds::{self, Category, Refunded, Why},
    settings,
    subscriptions::{self, PlanDraft},
};
use stardesk_tests::{WAIT, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_is_delivered_with_a_receipt() {
    let mut w = World::new().await;
    let text = w.product(Kind::Text, "Guide", 25).await;
    let code = w.product(Kind::Code, "Game key", 150).await;
    w.codes(&code, &["KEY-ONE", "KEY-TWO"]).await;
    let file = w.product(Kind::File, "Wallpapers", 60).await;
    catalog::set_file(
        &w.store,
        &Who::operator("merchant"),
        file.id,
        "walls.txt",
        "text/plain",
        b"pixels & more",
    )
    .await
    .unwrap();
    w.start_bot();

    let user = w.client.create_user("Alice", Some("alice")).await.unwrap();
    let before = w.stars(user).await;

    let (paid, goods) = w.client.buy(user, text.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    assert_eq!(
        goods.unwrap().body(),
        "Here is your Guide:\n\nhttps://example.com/secret?a=1&b=2"
    );

    let (_, goods) = w.client.buy(user, code.id, WAIT).await.unwrap();
    assert_eq!(goods.unwrap().body(), "Your code for Game key:\n\nKEY-ONE");

    let (_, goods) = w.client.buy(user, file.id, WAIT).await.unwrap();
    let goods = goods.unwrap();
    let doc = goods.document.clone().expect("a document");
    assert_eq!(doc["file_name"], "walls.txt");
    let bytes = w
        .client
        .file(doc["file_id"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(bytes, b"pixels & more");

    let last = w
        .client
        .wait_for(user, goods.message_id, WAIT, |m| {
            m.body().starts_with("Receipt")
        })
        .await
        .unwrap();
    let order = orders::of_customer(&w.store.read, user, 1)
        .await
        .unwrap()
        .remove(0);
    assert!(
        last.body()
            .contains(&format!("Receipt · Paid · order #{}", order.id)),
        "{}",
        last.body()
    );
    assert!(last.body().contains("Paid: 60 ⭐"), "{}", last.body());
    assert!(last.body().contains("/paysupport"));

    assert_eq!(w.stars(user).await, before - 25 - 150 - 60);
    let mine = orders::of_customer(&w.store.read, user, 10).await.unwrap();
    assert_eq!(mine.len(), 3);
    assert!(
        mine.iter().all(|o| o.status == orders::Status::Delivered),
        "{mine:?}"
    );
    let chat = w.client.chat(user).await.unwrap();
    assert_eq!(
        chat.iter()
            .filter(|m| m.body().starts_with("Receipt"))
            .count(),
        3
    );
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_shows_the_catalog_and_commands_answer() {
    let mut w = World::new().await;
    let tricky = w.product(Kind::Text, "<b>Tom & Jerry</b>", 5).await;
    settings::set_text(
        &w.store,
        &Who::operator("merchant"),
        "terms",
        stardesk_core::texts::Lang::En,
        // Formatting is Telegram's HTML: a < or & shown as it is is written as an entity.
        "Our terms: &lt;none&gt; &amp; <b>fair</b>.",
    )
    .await
    .unwrap();
    w.start_bot();
    let user = w.client.create_user("Bob", None).await.unwrap();

    let sent = w.client.send(user, "/start").await.unwrap();
    let welcome = w.client.wait_for(user, sent, WAIT, |_| true).await.unwrap();
    assert!(welcome.body().starts_with("Welcome!"), "{}", welcome.body());
    assert_eq!(welcome.button("p:"), Some(format!("p:{}", tricky.id)));
    let label = welcome.reply_markup.as_ref().unwrap()["inline_keyboard"][0][0]["text"].clone();
    assert_eq!(label, "<b>Tom & Jerry</b> · 5 ⭐");

    w.client
        .press(user, welcome.message_id, &format!("p:{}", tricky.id))
        .await
        .unwrap();
    let card = w
        .client
        .wait_for(user, welcome.message_id, WAIT, |m| {
            m.button("buy:").is_some()
        })
        .await
        .unwrap();
    assert!(
        card.body().starts_with("<b>Tom & Jerry</b>\n"),
        "the title shows literally: {}",
        card.body()
    );
    assert!(card.body().contains("Price: 5 ⭐"));

    for (cmd, expect) in [
        ("/terms", "Our terms: <none> & fair."),
        ("/paysupport", "Payment support:"),
        ("/help", "/shop - the catalog"),
        ("/purchases", "You have no purchases yet."),
        ("hello?", "Thanks, your message is with us"),
    ] {
        let sent = w.client.send(user, cmd).await.unwrap();
        let m = w.client.wait_for(user, sent, WAIT, |_| true).await.unwrap();
        assert!(m.body().starts_with(expect), "{cmd}: {}", m.body());
    }
    let sent = w
        .client
        .send(user, &format!("/start p_{}", tricky.id))
        .await
        .unwrap();
    let card = w.client.wait_for(user, sent, WAIT, |_| true).await.unwrap();
    assert_eq!(card.button("buy:"), Some(format!("buy:{}", tricky.id)));

    let commands = w.client.bot_commands().await.unwrap();
    for c in ["start", "shop", "purchases", "paysupport", "terms", "help"] {
        assert!(
            commands.iter().any(|r| r == c),
            "{c} registered: {commands:?}"
        );
    }
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchases_lists_orders_and_sends_the_goods_again() {
    let mut w = World::new().await;
    let code = w.product(Kind::Code, "Key", 10).await;
    w.codes(&code, &["ONLY-ONE"]).await;
    w.start_bot();
    let user = w.client.create_user("Cleo", None).await.unwrap();
    w.client.buy(user, code.id, WAIT).await.unwrap();
    let sent = w.client.send(user, "/purchases").await.unwrap();
    let list = w
        .client
        .wait_for(user, sent, WAIT, |m| m.body().starts_with("Your purchases"))
        .await
        .unwrap();
    let again = list.button("again:").expect("a button to get it again");
    w.client.press(user, list.message_id, &again).await.unwrap();
    let resent = w
        .client
        .wait_for(user, list.message_id, WAIT, |m| {
            m.body().starts_with("Your code")
        })
        .await
        .unwrap();
    assert!(resent.body().ends_with("ONLY-ONE"));
    // The same code again, never a second one; and only one receipt.
    let chat = w.client.chat(user).await.unwrap();
    assert_eq!(
        chat.iter()
            .filter(|m| m.body().starts_with("Receipt"))
            .count(),
        1
    );
    assert_eq!(w.order_count().await, 1);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paying_for_a_sold_out_item_is_declined_and_no_stars_move() {
    let mut w = World::new().await;
    let code = w.product(Kind::Code, "Last key", 40).await;
    w.codes(&code, &["LAST-1"]).await;
    w.start_bot();
    let early = w.client.create_user("Early", None).await.unwrap();
    let late = w.client.create_user("Late", None).await.unwrap();

    // The late customer holds an invoice from while stock was left.
    let invoice = w.client.open_invoice(late, code.id, WAIT).await.unwrap();

    let (paid, _) = w.client.buy(early, code.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");

    let before = w.stars(late).await;
    let refused = w.client.pay(late, invoice.message_id).await.unwrap();
    assert_eq!(refused.status, "declined");
    assert_eq!(
        refused.error_message.as_deref(),
        Some("Sold out. Check /shop later.")
    );
    assert_eq!(w.stars(late).await, before);
    assert_eq!(w.client.transactions().await.unwrap().len(), 1);

    // The card now says so and offers no Buy button.
    let sent = w
        .client
        .send(late, &format!("/start p_{}", code.id))
        .await
        .unwrap();
    let card = w.client.wait_for(late, sent, WAIT, |_| true).await.unwrap();
    assert!(card.body().contains("Sold out"), "{}", card.body());
    assert_eq!(card.button("buy:"), None);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_at_pre_checkout_with_its_reason() {
    let mut w = World::new().await;
    let text = w.product(Kind::Text, "Guide", 30).await;
    let gone = w.product(Kind::Text, "Old guide", 30).await;
    w.start_bot();
    let user = w.client.create_user("Mallory", None).await.unwrap();
    let other = w.client.create_user("Oscar", None).await.unwrap();
    let secret = w.shop.secret.clone();
    let signed = |product, price, customer| Payload::new(product, price, customer).sign(&secret);

    let cases = [
        (
            w.raw_invoice(
                user,
                "XTR",
                1,
                &signed(text.id, 30, user).replacen(".30.", ".1.", 1),
            )
            .await,
            "This invoice is not valid any more. Open /shop and tap Buy again.",
        ),
        (
            w.raw_invoice(user, "XTR", 1, "o1.1.1.1.deadbeef.00").await,
            "This invoice is not valid any more. Open /shop and tap Buy again.",
        ),
        (
            w.raw_invoice(user, "XTR", 3, &signed(text.id, 30, user))
                .await,
            "The amount does not match the price. Tap Buy again.",
        ),
        (
            w.raw_invoice(user, "USD", 30, &signed(text.id, 30, user))
                .await,
            "This shop only takes Telegram Stars.",
        ),
        (
            w.raw_invoice(user, "XTR", 30, &signed(9999, 30, user))
                .await,
            "This product does not exist any more.",
        ),
        (
            w.raw_invoice(user, "XTR", 30, &signed(text.id, 30, other))
                .await,
            "This invoice was made for someone else. Open /shop and tap Buy.",
        ),
    ];
    for (message_id, expect) in cases {
        let out = w.client.pay(user, message_id).await.unwrap();
        assert_eq!(out.status, "declined");
        assert_eq!(out.error_message.as_deref(), Some(expect));
    }

    // Archived after the invoice was sent.
    let archived = w
        .raw_invoice(user, "XTR", 30, &signed(gone.id, 30, user))
        .await;
    catalog::set_active(&w.store, &Who::operator("merchant"), gone.id, false)
        .await
        .unwrap();
    let out = w.client.pay(user, archived).await.unwrap();
    assert_eq!(
        out.error_message.as_deref(),
        Some("This product is no longer on sale.")
    );

    // The price changed after the invoice was sent.
    let stale = w
        .raw_invoice(user, "XTR", 30, &signed(text.id, 30, user))
        .await;
    let draft = ProductDraft {
        kind: Kind::Text,
        title: "Guide".into(),
        description: String::new(),
        price: 35,
        per_customer_limit: None,
        stock: None,
        content: text.content.clone(),
        channel_id: None,
    };
    catalog::update(&w.store, &Who::operator("merchant"), text.id, &draft)
        .await
        .unwrap();
    let out = w.client.pay(user, stale).await.unwrap();
    assert_eq!(
        out.error_message.as_deref(),
        Some("Price changed, tap Buy again.")
    );

    // A blocked customer.
    customers::set_blocked(&w.store, &Who::operator("merchant"), user, true)
        .await
        .unwrap();
    let fresh = w
        .raw_invoice(user, "XTR", 35, &signed(text.id, 35, user))
        .await;
    let out = w.client.pay(user, fresh).await.unwrap();
    assert!(
        out.error_message
            .unwrap()
            .starts_with("Sorry, purchases from this account are not accepted.")
    );

    assert!(
        w.client.transactions().await.unwrap().is_empty(),
        "no Stars moved"
    );
    assert_eq!(w.order_count().await, 0);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pre_checkout_answered_after_ten_seconds_takes_no_stars() {
    let mut w = World::new().await;
    let text = w.product(Kind::Text, "Guide", 30).await;
    w.start_bot();
    let user = w.client.create_user("Slow", None).await.unwrap();
    let invoice = w.client.open_invoice(user, text.id, WAIT).await.unwrap();
    // The bot is away when the customer pays; the clock runs past Telegram's 10 s.
    w.stop_bot().await;
    let before = w.stars(user).await;
    let client = w.client.clone();
    let queued = w.client.stats().await.unwrap()["updates_created"]
        .as_u64()
        .unwrap();
    let pay = tokio::spawn(async move { client.pay(user, invoice.message_id).await });
    // The clock moves once the pre-checkout query waits for the absent bot.
    let end = std::time::Instant::now() + WAIT;
    while w.client.stats().await.unwrap()["updates_created"]
        .as_u64()
        .unwrap()
        == queued
    {
        assert!(
            std::time::Instant::now() < end,
            "the pre-checkout query was never queued"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    reqwest::Client::new()
        .post(format!("{}/sim/clock", w.sim.url()))
        .json(&serde_json::json!({"advance_seconds": 11}))
        .send()
        .await
        .unwrap();
    assert_eq!(pay.await.unwrap().unwrap().status, "timeout");
    // Back, the bot answers the stale query; Telegram refuses it and nothing is recorded.
    w.start_bot();
    w.quiet().await;
    assert!(
        w.calls("answerPreCheckoutQuery").await >= 1,
        "the stale query was answered"
    );
    assert_eq!(w.stars(user).await, before);
    assert_eq!(w.order_count().await, 0);
    assert!(w.client.transactions().await.unwrap().is_empty());
    w.stop_bot().await;
}

// Channel access: pay once, join a private channel for good.

fn merchant() -> Who {
    Who::operator("merchant")
}

/// A channel the bot administers (checked as the Channels list does) and a channel-access
/// product for it, one per customer.
async fn channel_product(w: &World, price: i64) -> (i64, Product) {
    let channel = w.client.create_channel("Insiders").await.unwrap();
    let api = w.runtime.as_ref().unwrap().api();
    subscriptions::check_channel(&w.shop, api.as_ref(), &merchant(), &channel.to_string())
        .await
        .unwrap();
    let product = catalog::create(
        &w.store,
        &merchant(),
        &ProductDraft {
            kind: Kind::Channel,
            title: "Insiders for good".into(),
            description: "Every post, past and future".into(),
            price,
            per_customer_limit: Some(1),
            stock: None,
            content: None,
            channel_id: Some(channel),
        },
    )
    .await
    .unwrap();
    assert_eq!(product.channel_title.as_deref(), Some("Insiders"));
    (channel, product)
}

/// Pays an invoice and returns the receipt that comes with a Join button.
async fn pay_for_access(w: &World, user: i64, invoice: &ChatMessage) -> ChatMessage {
    let paid = w.client.pay(user, invoice.message_id).await.unwrap();
    assert_eq!(paid.status, "paid", "{paid:?}");
    w.client
        .wait_for(user, invoice.message_id, WAIT, |m| {
            m.url_button("Join").is_some()
        })
        .await
        .unwrap()
}

/// The customer's /purchases list.
async fn purchases(w: &World, user: i64) -> ChatMessage {
    let sent = w.client.send(user, "/purchases").await.unwrap();
    w.client
        .wait_for(user, sent, WAIT, |m| m.body().starts_with("Your purchases"))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channel_access_is_paid_once_and_its_link_lets_one_person_in() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, product) = channel_product(&w, 300).await;
    // The channel a product grants stays in the Channels list.
    let kept = subscriptions::forget_channel(&w.store, &merchant(), channel)
        .await
        .unwrap_err()
        .to_string();
    assert!(kept.contains("channel-access product"), "{kept}");

    let ann = w.client.create_user("Ann", None).await.unwrap();
    let sent = w
        .client
        .send(ann, &format!("/start p_{}", product.id))
        .await
        .unwrap();
    let card = w
        .client
        .wait_for(ann, sent, WAIT, |m| m.button("buy:").is_some())
        .await
        .unwrap();
    assert!(
        card.body().contains("Access to Insiders for good"),
        "{}",
        card.body()
    );

    // Two invoices opened before paying: once the first gives access, the second is refused.
    let first = w.client.open_invoice(ann, product.id, WAIT).await.unwrap();
    let second = w.client.open_invoice(ann, product.id, WAIT).await.unwrap();
    let receipt = pay_for_access(&w, ann, &first).await;
    assert!(receipt.body().starts_with("Receipt"), "{}", receipt.body());
    assert!(
        receipt
            .body()
            .contains("Access to Insiders is yours for good"),
        "{}",
        receipt.body()
    );
    let link = receipt.url_button("Join Insiders").expect("a Join button");
    w.client.join(ann, &link).await.unwrap();
    assert_eq!(w.client.members(channel).await.unwrap(), vec![ann]);

    // The link, forwarded, lets nobody else in.
    let bob = w.client.create_user("Bob", None).await.unwrap();
    let refused = w.client.join(bob, &link).await.unwrap_err().to_string();
    assert!(refused.contains("USERS_TOO_MUCH"), "{refused}");
    assert_eq!(w.client.members(channel).await.unwrap(), vec![ann]);

    let before = w.stars(ann).await;
    let again = w.client.pay(ann, second.message_id).await.unwrap();
    assert_eq!(again.status, "declined");
    assert_eq!(
        again.error_message.as_deref(),
        Some(
            "You already have access to Insiders: there is nothing to pay. Lost your invite \
             link? /purchases gives you a new one."
        )
    );
    assert_eq!(w.stars(ann).await, before);
    assert_eq!(w.order_count().await, 1);

    // Buy on the card says so too, with no invoice.
    let buy = card.button("buy:").unwrap();
    let last = w.client.chat(ann).await.unwrap().last().unwrap().message_id;
    w.client.press(ann, card.message_id, &buy).await.unwrap();
    let said = w
        .client
        .wait_for(ann, last, WAIT, |m| {
            m.body().contains("already have access")
        })
        .await
        .unwrap();
    assert!(said.invoice.is_none());

    let order = orders::of_customer(&w.store.read, ann, 1)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(order.status, orders::Status::Delivered);
    // Bob buys his own way in.
    let invoice = w.client.open_invoice(bob, product.id, WAIT).await.unwrap();
    let his = pay_for_access(&w, bob, &invoice).await;
    w.client
        .join(bob, &his.url_button("Join").unwrap())
        .await
        .unwrap();
    let mut members = w.client.members(channel).await.unwrap();
    members.sort_unstable();
    assert_eq!(members, vec![ann.min(bob), ann.max(bob)]);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchases_gives_a_channel_buyer_a_new_link_and_the_old_one_stops_working() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, product) = channel_product(&w, 120).await;
    let cleo = w.client.create_user("Cleo", None).await.unwrap();
    let invoice = w.client.open_invoice(cleo, product.id, WAIT).await.unwrap();
    let receipt = pay_for_access(&w, cleo, &invoice).await;
    let old = receipt.url_button("Join").unwrap();

    let list = purchases(&w, cleo).await;
    let row = &list.reply_markup.as_ref().unwrap()["inline_keyboard"][0][0];
    assert!(
        row["text"]
            .as_str()
            .unwrap()
            .starts_with("New invite link #"),
        "{row}"
    );
    let again = list.button("again:").unwrap();
    w.client.press(cleo, list.message_id, &again).await.unwrap();
    let fresh = w
        .client
        .wait_for(cleo, list.message_id, WAIT, |m| {
            m.body().starts_with("Here is a new invite link")
        })
        .await
        .unwrap();
    let new = fresh.url_button("Join Insiders").unwrap();
    assert_ne!(new, old);

    let revoked = w.client.join(cleo, &old).await.unwrap_err().to_string();
    assert!(revoked.contains("INVITE_HASH_EXPIRED"), "{revoked}");
    w.client.join(cleo, &new).await.unwrap();
    assert_eq!(w.client.members(channel).await.unwrap(), vec![cleo]);
    // One order, one receipt.
    let chat = w.client.chat(cleo).await.unwrap();
    assert_eq!(
        chat.iter()
            .filter(|m| m.body().starts_with("Receipt"))
            .count(),
        1
    );
    assert_eq!(w.order_count().await, 1);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refunding_channel_access_takes_the_buyer_out_once() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, product) = channel_product(&w, 200).await;
    let dan = w.client.create_user("Dan", None).await.unwrap();
    let invoice = w.client.open_invoice(dan, product.id, WAIT).await.unwrap();
    let receipt = pay_for_access(&w, dan, &invoice).await;
    w.client
        .join(dan, &receipt.url_button("Join").unwrap())
        .await
        .unwrap();
    assert_eq!(w.client.members(channel).await.unwrap(), vec![dan]);
    let order = orders::of_customer(&w.store.read, dan, 1)
        .await
        .unwrap()
        .remove(0);

    let preview = refunds::preview(&w.store, order.id).await.unwrap();
    assert_eq!(preview.revokes, ["Access to Insiders ends."]);

    let api = w.runtime.as_ref().unwrap().api();
    let why = Why::new(Category::CustomerRequest, "changed my mind");
    let done = refunds::refund_and_tell(&w.shop, api.as_ref(), order.id, &merchant(), &why)
        .await
        .unwrap();
    assert_eq!(done, Refunded::Now);
    assert_eq!(w.client.members(channel).await.unwrap(), Vec::<i64>::new());
    // Telegram's own report of the refund, and a second refund, remove nobody again.
    w.quiet().await;
    let twice = refunds::refund_and_tell(&w.shop, api.as_ref(), order.id, &merchant(), &why)
        .await
        .unwrap();
    assert_eq!(twice, Refunded::Before);
    assert_eq!(
        stardesk_core::channel_access::remove_pending(&w.shop, api.as_ref())
            .await
            .unwrap(),
        0
    );
    w.quiet().await;
    assert_eq!(w.calls("banChatMember").await, 1);
    assert_eq!(w.calls("unbanChatMember").await, 1);

    // Who, when and why, once.
    let trail = audit::page(
        &w.store,
        &AuditQuery {
            action: Some("channel_access".into()),
            limit: 10,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0].actor, Actor::Operator);
    assert_eq!(trail[0].actor_name, "merchant");
    assert_eq!(trail[0].reason, "customer request: changed my mind");
    assert_eq!(trail[0].after.as_deref(), Some("removed from Insiders"));
    let chat = w.client.chat(dan).await.unwrap();
    assert!(
        chat.iter()
            .any(|m| m.body().contains("your access to Insiders has ended")),
        "told"
    );

    // Nothing left to ask a new link for; buying again lets Dan back in (unbanned).
    let list = purchases(&w, dan).await;
    assert_eq!(list.button("again:"), None);
    let invoice = w.client.open_invoice(dan, product.id, WAIT).await.unwrap();
    let receipt = pay_for_access(&w, dan, &invoice).await;
    w.client
        .join(dan, &receipt.url_button("Join").unwrap())
        .await
        .unwrap();
    assert_eq!(w.client.members(channel).await.unwrap(), vec![dan]);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_buyer_who_also_subscribes_stays_in_while_either_lets_them_in() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, product) = channel_product(&w, 500).await;
    let plan = subscriptions::create_plan(
        &w.store,
        &merchant(),
        &PlanDraft {
            title: "Insiders monthly".into(),
            description: "The channel, month by month".into(),
            price: 50,
            benefit: None,
            channel_ids: vec![channel],
        },
    )
    .await
    .unwrap();
    let eve = w.client.create_user("Eve", None).await.unwrap();
    let sent = w
        .client
        .send(eve, &format!("/start plan_{}", plan.id))
        .await
        .unwrap();
    let card = w
        .client
        .wait_for(eve, sent, WAIT, |m| m.url_button("Subscribe").is_some())
        .await
        .unwrap();
    let paid = w
        .client
        .pay_link(eve, &card.url_button("Subscribe").unwrap())
        .await
        .unwrap();
    assert_eq!(paid.status, "paid", "{paid:?}");
    let receipt = w
        .client
        .wait_for(eve, card.message_id, WAIT, |m| {
            m.body().contains("Paid until")
        })
        .await
        .unwrap();
    w.client
        .join(eve, &receipt.url_button("Join").unwrap())
        .await
        .unwrap();

    // Bought for good as well, then refunded: the subscription keeps her in.
    let invoice = w.client.open_invoice(eve, product.id, WAIT).await.unwrap();
    pay_for_access(&w, eve, &invoice).await;
    let order = orders::of_customer(&w.store.read, eve, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.product_id == Some(product.id))
        .unwrap();
    let api = w.runtime.as_ref().unwrap().api();
    let why = Why::new(Category::CustomerRequest, "bought twice");
    refunds::refund_and_tell(&w.shop, api.as_ref(), order.id, &merchant(), &why)
        .await
        .unwrap();
    assert_eq!(w.calls("banChatMember").await, 0);
    assert_eq!(w.client.members(channel).await.unwrap(), vec![eve]);
    let trail = audit::page(
        &w.store,
        &AuditQuery {
            action: Some("channel_access.remove".into()),
            limit: 1,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    assert!(
        trail[0]
            .after
            .as_deref()
            .unwrap()
            .starts_with("still in Insiders"),
        "{trail:?}"
    );

    // Bought again; the subscription removed: the purchase keeps her in.
    let invoice = w.client.open_invoice(eve, product.id, WAIT).await.unwrap();
    pay_for_access(&w, eve, &invoice).await;
    let sub = subscriptions::of_customer(&w.store, eve)
        .await
        .unwrap()
        .remove(0);
    subscriptions::remove_now(&w.shop, api.as_ref(), sub.id, &merchant(), "asked to leave")
        .await
        .unwrap();
    assert!(
        !subscriptions::subscriber(&w.store, sub.id)
            .await
            .unwrap()
            .has_access
    );
    assert_eq!(w.calls("banChatMember").await, 0);
    assert_eq!(w.client.members(channel).await.unwrap(), vec![eve]);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_at_the_limit_sees_why_on_the_card_and_gets_no_invoice() {
    let mut w = World::new().await;
    let key = catalog::create(
        &w.store,
        &merchant(),
        &ProductDraft {
            kind: Kind::Code,
            title: "Beta key".into(),
            description: String::new(),
            price: 40,
            per_customer_limit: Some(1),
            stock: None,
            content: None,
            channel_id: None,
        },
    )
    .await
    .unwrap();
    w.codes(&key, &["BETA-1", "BETA-2", "BETA-3"]).await;
    w.start_bot();
    let una = w.client.create_user("Una", None).await.unwrap();
    // An old card kept in the chat: its Buy is tapped after the limit is reached.
    let sent = w
        .client
        .send(una, &format!("/start p_{}", key.id))
        .await
        .unwrap();
    let old_card = w.client.wait_for(una, sent, WAIT, |_| true).await.unwrap();
    let (paid, _) = w.client.buy(una, key.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");

    match w.client.tap_buy(una, key.id, WAIT).await.unwrap() {
        BuyAnswer::Card(card) => {
            assert!(card.button("buy:").is_none());
            assert!(
                card.body().contains("You have bought this once")
                    && card.body().contains("cannot be bought again"),
                "{}",
                card.body()
            );
        }
        other => panic!("a card with no Buy, not {other:?}"),
    }
    let last = w.client.chat(una).await.unwrap().last().unwrap().message_id;
    let buy = old_card.button("buy:").unwrap();
    w.client
        .press(una, old_card.message_id, &buy)
        .await
        .unwrap();
    let said = w
        .client
        .wait_for(una, last, WAIT, |m| m.body().contains("limit"))
        .await
        .unwrap();
    assert!(said.invoice.is_none());
    assert_eq!(
        said.body(),
        "You have reached the limit of 1 per customer for this product."
    );
    // Another customer still buys.
    let vic = w.client.create_user("Vic", None).await.unwrap();
    let (paid, _) = w.client.buy(vic, key.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    assert_eq!(w.order_count().await, 2);
    w.stop_bot().await;
}
