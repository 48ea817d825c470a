//! Referral commissions through the real bot and the simulator: a link brings a new customer,
//! their purchase earns a commission that is held, then available, paid out as store credit
//! that lowers the referrer's next invoice, and reversed by a refund.

use stardesk_core::{
    audit::Who,
    catalog::Kind,
    db,
    demo::sim_client::SimClient,
    orders::{self, Status},
    promos::Item,
    referrals::{self, PayoutDraft, PayoutMethod},
    refunds::{self, Category, Why},
    subscriptions::{self, PlanDraft},
};
use stardesk_tests::{WAIT, World};

fn merchant() -> Who {
    Who::operator("merchant")
}

/// The customer asks `/referrals`; returns the code in their link and the message.
async fn referral_code(client: &SimClient, user: i64) -> (String, String) {
    let sent = client.send(user, "/referrals").await.unwrap();
    let answer = client
        .wait_for(user, sent, WAIT, |m| m.body().contains("?start=r_"))
        .await
        .unwrap();
    let body = answer.body().to_string();
    let code = body
        .split("?start=r_")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let share = answer.url_button("Share").expect("a Share button");
    assert!(share.starts_with("https://t.me/share/url?url="), "{share}");
    (code, body)
}

/// The customer opens a link's `/start` and the bot answers; returns the first answer.
async fn start(client: &SimClient, user: i64, arg: &str) -> String {
    let sent = client.send(user, &format!("/start {arg}")).await.unwrap();
    client
        .wait_for(user, sent, WAIT, |_| true)
        .await
        .unwrap()
        .body()
        .to_string()
}

async fn referrer_of(w: &World, customer: i64) -> Option<i64> {
    db::referrals::of_customer(&w.store.read, customer)
        .await
        .unwrap()
        .map(|r| r.referrer_id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_referred_purchase_earns_a_held_commission_paid_out_as_credit_and_reversed_by_a_refund() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 205).await;
    w.start_bot();
    let alice = w.client.create_user("Alice", Some("alice")).await.unwrap();
    let bob = w.client.create_user("Bob", None).await.unwrap();

    let (code, body) = referral_code(&w.client, alice).await;
    assert!(body.contains("You earn 10% of what they pay"), "{body}");
    assert!(body.contains("for 12 months"), "{body}");
    assert!(body.contains("pending for 21 days"), "{body}");

    let welcome = start(&w.client, bob, &format!("r_{code}")).await;
    assert_eq!(welcome, "Welcome! You came through Alice's invitation.");
    assert_eq!(referrer_of(&w, bob).await, Some(alice));
    let told = w
        .client
        .wait_for(alice, 0, WAIT, |m| {
            m.body().contains("joined through your invite link")
        })
        .await
        .unwrap();
    assert_eq!(
        told.body(),
        "Bob joined through your invite link. You earn 10% of what they pay for 12 months: see /referrals."
    );

    let (paid, _) = w.client.buy(bob, guide.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    let bobs = orders::of_customer(&w.store.read, bob, 1).await.unwrap()[0].clone();

    // 10 % of 205 Stars is 20.5 Stars: kept exactly, in thousandths, pending for 21 days.
    let now = w.shop.clock.now().await;
    let r = referrals::referrer(&w.store, alice, now).await.unwrap();
    assert_eq!((r.invited, r.buyers, r.revenue), (1, 1, 205));
    assert_eq!((r.earned, r.pending, r.available), (20_500, 20_500, 0));
    assert_eq!(r.due(), 0);
    let early = referrals::pay_out(
        &w.store,
        &merchant(),
        &PayoutDraft {
            referrer_id: alice,
            stars: 20,
            method: PayoutMethod::Credit,
            note: String::new(),
        },
        None,
        now,
    )
    .await
    .unwrap_err();
    assert!(
        early
            .to_string()
            .contains("Alice has 0 Stars available to pay out"),
        "{early}"
    );

    // The hold passes on the shop's clock.
    w.client.advance_clock(22 * 86_400).await.unwrap();
    let now = w.shop.clock.now().await;
    let r = referrals::referrer(&w.store, alice, now).await.unwrap();
    assert_eq!((r.pending, r.available, r.due()), (0, 20_500, 20));
    let due = referrals::payouts_due(&w.store, now).await.unwrap();
    assert_eq!(
        due.iter().map(|r| r.customer_id).collect::<Vec<_>>(),
        [alice]
    );

    let payout = referrals::pay_out(
        &w.store,
        &merchant(),
        &PayoutDraft {
            referrer_id: alice,
            stars: 20,
            method: PayoutMethod::Credit,
            note: String::new(),
        },
        None,
        now,
    )
    .await
    .unwrap();
    assert_eq!((payout.stars, payout.method), (20, PayoutMethod::Credit));
    let r = referrals::referrer(&w.store, alice, now).await.unwrap();
    // Half a Star stays available: nothing is rounded away.
    assert_eq!((r.available, r.paid, r.credit, r.due()), (500, 20, 20, 0));
    let trail = stardesk_core::audit::page(
        &w.store,
        &stardesk_core::audit::AuditQuery {
            action: Some("referral.payout".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].actor_name, "merchant");
    assert_eq!(
        trail[0].after.as_deref(),
        Some("20 Stars paid as store credit")
    );

    // Alice's next invoice is lower by her credit, and the order takes it.
    let alice_stars = w.stars(alice).await;
    let sent = w
        .client
        .send(alice, &format!("/start p_{}", guide.id))
        .await
        .unwrap();
    let card = w
        .client
        .wait_for(alice, sent, WAIT, |m| m.button("buy:").is_some())
        .await
        .unwrap();
    assert!(
        card.body()
            .contains("Your store credit: −20 ⭐ → you pay 185 ⭐"),
        "{}",
        card.body()
    );
    let (paid, goods) = w.client.buy(alice, guide.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    assert!(goods.is_some());
    assert_eq!(w.stars(alice).await, alice_stars - 185);
    let hers = orders::of_customer(&w.store.read, alice, 1).await.unwrap()[0].clone();
    let receipt = w
        .client
        .wait_for(alice, sent, WAIT, |m| m.body().starts_with("Receipt"))
        .await
        .unwrap();
    assert!(
        receipt
            .body()
            .contains("Paid: 185 ⭐\nStore credit used: 20 ⭐\n"),
        "{}",
        receipt.body()
    );
    assert_eq!(hers.stars, 185);
    let r = referrals::referrer(&w.store, alice, now).await.unwrap();
    assert_eq!(r.credit, 0);
    assert_eq!(
        db::referrals::credit_left(&w.store.read, alice, now, "")
            .await
            .unwrap(),
        0
    );

    // Bob's order refunded: the commission is taken back, after it was paid out too.
    let preview = refunds::preview(&w.store, bobs.id).await.unwrap();
    assert_eq!(
        preview.also,
        ["Alice's referral commission of 20.5 Stars is taken back."]
    );
    let api = w.runtime.as_ref().unwrap().api();
    let why = Why::new(Category::Other, "changed his mind");
    refunds::refund_and_tell(&w.shop, api.as_ref(), bobs.id, &merchant(), &why)
        .await
        .unwrap();
    let r = referrals::referrer(&w.store, alice, now).await.unwrap();
    assert_eq!((r.earned, r.pending, r.available), (0, 0, -20_000));
    assert_eq!(
        (r.invited, r.buyers, r.revenue),
        (1, 0, 0),
        "refunds left out"
    );
    let detail = referrals::detail(&w.store, alice, now).await.unwrap();
    let kinds: Vec<&str> = detail.ledger.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(kinds, ["reversed", "payout_credit", "earned"]);
    assert_eq!(detail.ledger[0].millistars, -20_500);
    // Refunded twice (Telegram's own notice), reversed once.
    refunds::refund_and_tell(&w.shop, api.as_ref(), bobs.id, &merchant(), &why)
        .await
        .unwrap();
    let r = referrals::referrer(&w.store, alice, now).await.unwrap();
    assert_eq!(r.earned, 0);
    // Alice's own purchase earns nothing: she was not referred.
    assert_eq!(referrer_of(&w, alice).await, None);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_links_and_existing_customers_earn_nothing_and_the_first_link_wins() {
    let mut w = World::new().await;
    w.product(Kind::Text, "Guide", 50).await;
    w.start_bot();
    let alice = w.client.create_user("Alice", None).await.unwrap();
    let carol = w.client.create_user("Carol", None).await.unwrap();
    let dave = w.client.create_user("Dave", None).await.unwrap();
    let erin = w.client.create_user("Erin", None).await.unwrap();
    let (alices, _) = referral_code(&w.client, alice).await;
    let (carols, _) = referral_code(&w.client, carol).await;

    let own = start(&w.client, alice, &format!("r_{alices}")).await;
    assert!(own.starts_with("That is your own invite link"), "{own}");
    assert_eq!(referrer_of(&w, alice).await, None);

    // Dave knew the bot before the link: he belongs to no one.
    start(&w.client, dave, "").await;
    let dave_sees = start(&w.client, dave, &format!("r_{alices}")).await;
    assert!(dave_sees.starts_with("Welcome!"), "{dave_sees}");
    assert!(!dave_sees.contains("invitation"), "{dave_sees}");
    assert_eq!(referrer_of(&w, dave).await, None);

    // Erin's first link is Carol's; Alice's later one changes nothing.
    let erin_sees = start(&w.client, erin, &format!("r_{carols}")).await;
    assert_eq!(erin_sees, "Welcome! You came through Carol's invitation.");
    start(&w.client, erin, &format!("r_{alices}")).await;
    assert_eq!(referrer_of(&w, erin).await, Some(carol));

    // An unknown code opens the shop like any start.
    let frank = w.client.create_user("Frank", None).await.unwrap();
    let frank_sees = start(&w.client, frank, "r_nosuchcode").await;
    assert!(frank_sees.starts_with("Welcome!"), "{frank_sees}");
    assert_eq!(referrer_of(&w, frank).await, None);

    let now = w.shop.clock.now().await;
    let list = referrals::referrers(&w.store, now).await.unwrap();
    let invited: Vec<(i64, i64)> = list.iter().map(|r| (r.customer_id, r.invited)).collect();
    assert!(invited.contains(&(carol, 1)), "{invited:?}");
    assert!(
        !invited.iter().any(|&(id, n)| id == alice && n > 0),
        "{invited:?}"
    );
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renewals_earn_at_the_plans_own_rate_and_credit_can_cover_a_whole_order() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 30).await;
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
    referrals::set_override(&w.store, &merchant(), Item::Plan(plan.id), Some(25))
        .await
        .unwrap();
    referrals::set_override(&w.store, &merchant(), Item::Product(guide.id), Some(0))
        .await
        .unwrap();
    w.start_bot();
    let alice = w.client.create_user("Alice", None).await.unwrap();
    let bob = w.client.create_user("Bob", None).await.unwrap();
    let (code, _) = referral_code(&w.client, alice).await;
    start(&w.client, bob, &format!("r_{code}")).await;

    // The guide pays nothing (its own rate is 0 %); the plan 25 %, at each renewal too.
    w.client.buy(bob, guide.id, WAIT).await.unwrap();
    let sent = w
        .client
        .send(bob, &format!("/start plan_{}", plan.id))
        .await
        .unwrap();
    let card = w
        .client
        .wait_for(bob, sent, WAIT, |m| m.url_button("Subscribe").is_some())
        .await
        .unwrap();
    let link = card.url_button("Subscribe").unwrap();
    assert_eq!(w.client.pay_link(bob, &link).await.unwrap().status, "paid");
    w.client.advance_clock(30 * 86_400 + 60).await.unwrap();
    let end = tokio::time::Instant::now() + WAIT;
    loop {
        let n = orders::of_customer(&w.store.read, bob, 10)
            .await
            .unwrap()
            .len();
        if n == 3 {
            break;
        }
        assert!(tokio::time::Instant::now() < end, "no renewal: {n} orders");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let now = w.shop.clock.now().await;
    let r = referrals::referrer(&w.store, alice, now).await.unwrap();
    assert_eq!(r.earned, 50_000, "25 % of two payments of 100");

    // Past the hold, 50 Stars of credit: the 30-Star guide costs her nothing, with no invoice.
    w.client.advance_clock(22 * 86_400).await.unwrap();
    let now = w.shop.clock.now().await;
    let draft = PayoutDraft {
        referrer_id: alice,
        stars: 50,
        method: PayoutMethod::Credit,
        note: String::new(),
    };
    referrals::pay_out(&w.store, &merchant(), &draft, None, now)
        .await
        .unwrap();
    let alice_stars = w.stars(alice).await;
    let sent = w
        .client
        .send(alice, &format!("/start p_{}", guide.id))
        .await
        .unwrap();
    let card = w
        .client
        .wait_for(alice, sent, WAIT, |m| m.button("buy:").is_some())
        .await
        .unwrap();
    assert_eq!(
        card.reply_markup.as_ref().unwrap()["inline_keyboard"][0][0]["text"],
        "Get it with store credit"
    );
    w.client
        .press(alice, card.message_id, &format!("buy:{}", guide.id))
        .await
        .unwrap();
    let goods = w
        .client
        .wait_for(alice, card.message_id, WAIT, |m| {
            m.body().starts_with("Here is your Guide")
        })
        .await
        .unwrap();
    assert!(goods.invoice.is_none());
    assert_eq!(w.stars(alice).await, alice_stars, "no Stars charged");
    let order = orders::of_customer(&w.store.read, alice, 1).await.unwrap()[0].clone();
    assert_eq!(order.stars, 0);
    assert!(
        order.charge_id.starts_with("credit-"),
        "{}",
        order.charge_id
    );
    assert_eq!(
        db::referrals::credit_left(&w.store.read, alice, now, "")
            .await
            .unwrap(),
        20
    );

    // Refunded: nothing goes to Telegram, the credit is hers again.
    let preview = refunds::preview(&w.store, order.id).await.unwrap();
    assert_eq!(
        preview.also,
        [
            "It was paid with store credit: 30 Stars of credit go back to the customer; Telegram refunds nothing."
        ]
    );
    let refunds_before = w.calls("refundStarPayment").await;
    let api = w.runtime.as_ref().unwrap().api();
    let why = Why::new(Category::Other, "wrong item");
    refunds::refund_and_tell(&w.shop, api.as_ref(), order.id, &merchant(), &why)
        .await
        .unwrap();
    assert_eq!(w.calls("refundStarPayment").await, refunds_before);
    let order = orders::get(&w.store.read, order.id).await.unwrap().unwrap();
    assert_eq!(order.status, Status::Refunded);
    assert_eq!(
        db::referrals::credit_left(&w.store.read, alice, now, "")
            .await
            .unwrap(),
        50
    );
    w.stop_bot().await;
}
