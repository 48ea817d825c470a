//! Demo mode's promo code and referral rehearsal, through the real bot and the simulator over
//! HTTP: the sample code WELCOME10 seeded once (also into a demo shop from before promo codes,
//! never over a code of that name), and the Demo page's "Refer a friend": the referrer's link
//! read from /referrals, a new customer opening it, referred, buying with WELCOME10 through
//! "Have a promo code?", the referrer's commission on hold and due a month later.

use stardesk_core::{
    audit::{self, AuditQuery, Who},
    catalog, db,
    demo::{self, chat::ChatLine},
    desk, orders,
    promos::{self, PromoDraft},
    referrals,
};
use stardesk_tests::demo_desk;

fn welcome10(list: &[promos::Promo]) -> Vec<&promos::Promo> {
    list.iter()
        .filter(|p| p.code.eq_ignore_ascii_case(demo::SAMPLE_PROMO))
        .collect()
}

/// The first button under a bot message whose text starts with `text`: the message and data.
fn button(chat: &[ChatLine], text: &str) -> Option<(i64, String)> {
    chat.iter().rev().find_map(|l| {
        l.buttons
            .iter()
            .flatten()
            .find(|b| b.text.starts_with(text))
            .and_then(|b| b.data.clone())
            .map(|d| (l.message_id, d))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_seeds_welcome10_once_and_into_an_older_demo_shop() {
    let dir = tempfile::tempdir().unwrap();
    let desk = demo_desk(dir.path()).await;
    desk.start().await.unwrap();
    let store = desk.store();
    let list = promos::list(&store).await.unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    let p = &list[0];
    assert_eq!(p.code, "WELCOME10");
    assert_eq!((p.percent_off, p.stars_off), (Some(10), None));
    assert!(p.all_items && p.active && !p.first_purchase_only);
    assert_eq!((p.per_customer, p.max_uses), (Some(1), None));
    // Seeding is nobody's action.
    let trail = audit::page(
        &store,
        &AuditQuery {
            action: Some("promo".into()),
            limit: 10,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    assert!(trail.is_empty(), "{trail:?}");
    // Another start, and a start after the merchant switched it off: still the one code, as left.
    desk.restart().await.unwrap();
    promos::set_active(&store, &Who::operator("merchant"), p.id, false)
        .await
        .unwrap();
    desk.restart().await.unwrap();
    let list = promos::list(&desk.store()).await.unwrap();
    assert_eq!(welcome10(&list).len(), 1);
    assert!(!list[0].active, "not made again");
    desk.shutdown().await;

    // A demo shop seeded before promo codes existed gets the code at its next start, once.
    let older = tempfile::tempdir().unwrap();
    let store = db::Store::open(&desk::demo_dir(older.path()))
        .await
        .unwrap();
    demo::seed_catalog(&store).await.unwrap();
    store.close().await;
    let desk = demo_desk(older.path()).await;
    desk.start().await.unwrap();
    let list = promos::list(&desk.store()).await.unwrap();
    assert_eq!(welcome10(&list).len(), 1);
    let products = catalog::list(&desk.store().read, true).await.unwrap();
    assert_eq!(products.len(), 3, "the catalog is not seeded twice");
    desk.shutdown().await;

    // One where the merchant made a WELCOME10 of their own: it stays theirs.
    let theirs = tempfile::tempdir().unwrap();
    let store = db::Store::open(&desk::demo_dir(theirs.path()))
        .await
        .unwrap();
    promos::create(
        &store,
        &Who::operator("merchant"),
        &PromoDraft {
            code: "welcome10".into(),
            percent_off: Some(50),
            ..PromoDraft::default()
        },
    )
    .await
    .unwrap();
    store.close().await;
    let desk = demo_desk(theirs.path()).await;
    desk.start().await.unwrap();
    let list = promos::list(&desk.store()).await.unwrap();
    let codes = welcome10(&list);
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0].percent_off, Some(50));
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_customer_refers_a_friend_who_buys_with_welcome10() {
    let dir = tempfile::tempdir().unwrap();
    let desk = demo_desk(dir.path()).await;
    desk.start().await.unwrap();
    let store = desk.store();
    let guide = catalog::list(&store.read, false)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.title == "Pro tips guide")
        .expect("the sample guide");
    assert_eq!(guide.price, 25);

    // "Refer a friend": Maya's link from /referrals, opened by Jonas, new to the bot.
    let maya = desk
        .create_shopper("Maya", stardesk_core::texts::Lang::En)
        .await
        .unwrap();
    desk.open_shop(maya.id).await.unwrap();
    let referral = desk.refer_friend(maya.id, "Jonas").await.unwrap();
    let jonas = referral.friend.clone();
    assert_eq!(jonas.first_name, "Jonas");
    assert!(
        desk.shoppers().iter().any(|s| s.id == jonas.id),
        "a simulated customer"
    );
    let code = referrals::code(&store, maya.id).await.unwrap();
    assert!(
        referral.link.ends_with(&format!("?start=r_{code}")),
        "{}",
        referral.link
    );
    let texts: Vec<&str> = referral.chat.iter().map(|l| l.text.as_str()).collect();
    assert!(
        texts.contains(&"Welcome! You came through Maya's invitation."),
        "{texts:?}"
    );
    assert!(
        button(&referral.chat, "Pro tips guide").is_some(),
        "the catalog follows the welcome: {texts:?}"
    );
    let tie = db::referrals::of_customer(&store.read, jonas.id)
        .await
        .unwrap()
        .expect("Jonas is referred");
    assert_eq!(tie.referrer_id, maya.id);
    let now = desk.demo_now().await.unwrap();
    let list = referrals::referrers(&store, now).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].customer_id, list[0].invited), (maya.id, 1));
    // Maya heard of it in her chat.
    let told = desk.chat(maya.id).await.unwrap();
    assert!(
        told.iter()
            .any(|l| l.text.starts_with("Jonas joined through your invite link")),
        "{told:?}"
    );

    // Jonas taps "Have a promo code?" on the guide's card and types WELCOME10: the card comes
    // back at 23 Stars (10% of 25, rounded down, off).
    let card = desk
        .send(jonas.id, &format!("/start p_{}", guide.id))
        .await
        .unwrap();
    let (message, ask) = button(&card, "Have a promo code?").expect("the button on the card");
    let asked = desk.press(jonas.id, message, &ask).await.unwrap();
    assert!(
        asked
            .iter()
            .any(|l| l.text.starts_with("Type your promo code")),
        "{asked:?}"
    );
    let applied = desk.send(jonas.id, "WELCOME10").await.unwrap();
    assert!(
        applied
            .iter()
            .any(|l| l.text.starts_with("Promo code WELCOME10 applied: 10% off.")),
        "{applied:?}"
    );
    assert!(
        button(&applied, "Buy for 23 ⭐").is_some(),
        "the card again, at the code's price: {applied:?}"
    );
    let step = desk.buy(jonas.id, guide.id).await.unwrap();
    assert_eq!(step.purchase.unwrap().status, "paid");
    let order = orders::of_customer(&store.read, jonas.id, 1)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(order.stars, 23);
    let used = promos::of_order(&store, order.id).await.unwrap().unwrap();
    assert_eq!((used.code.as_str(), used.discount), ("WELCOME10", 2));

    // Maya's commission: 10% of 23 Stars, on hold; a month later, 2 whole Stars are due.
    let now = desk.demo_now().await.unwrap();
    let r = referrals::referrer(&store, maya.id, now).await.unwrap();
    assert_eq!((r.buyers, r.revenue), (1, 23));
    assert_eq!((r.earned, r.pending, r.due()), (2300, 2300, 0));
    desk.demo_later(30).await.unwrap();
    let due = desk.payouts_due().await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].customer_id, due[0].due()), (maya.id, 2));

    desk.shutdown().await;
}
