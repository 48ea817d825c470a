//! Code products bought in quantity through the real bot and the simulator: ×5 on the card is
//! one invoice for the total and five distinct codes in one message; the card offers only the
//! quantities stock and the customer's limit allow, and a quantity they do not allow is refused.

use std::collections::HashSet;

use stardesk_core::{
    audit::Who,
    catalog::{self, Kind, ProductDraft},
    db, orders,
};
use stardesk_tests::{WAIT, World};

fn quantity_buttons(m: &stardesk_core::demo::sim_client::ChatMessage) -> Vec<String> {
    m.reply_markup.as_ref().map_or_else(Vec::new, |k| {
        k["inline_keyboard"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r.as_array().unwrap().clone())
            .filter_map(|b| b["callback_data"].as_str().map(str::to_string))
            .filter(|d| d.starts_with("bq"))
            .collect()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_distinct_codes_in_one_purchase_within_stock_and_the_limit() {
    let mut w = World::new().await;
    let who = Who::operator("merchant");
    let key = catalog::create(
        &w.store,
        &who,
        &ProductDraft {
            kind: Kind::Code,
            title: "Game key".into(),
            description: "A key".into(),
            price: 20,
            per_customer_limit: Some(7),
            stock: None,
            content: None,
            channel_id: None,
        },
    )
    .await
    .unwrap();
    let codes: Vec<String> = (1..=12).map(|i| format!("KEY-{i:02}")).collect();
    let codes_ref: Vec<&str> = codes.iter().map(String::as_str).collect();
    w.codes(&key, &codes_ref).await;
    w.start_bot_unpaced();
    let user = w.client.create_user("Alice", None).await.unwrap();
    let stars = w.stars(user).await;

    // The card offers ×3, ×5 (×10 is over the limit of 7).
    let card = w.client.open_card(user, key.id, WAIT).await.unwrap();
    assert_eq!(
        quantity_buttons(&card),
        [format!("bq3:{}", key.id), format!("bq5:{}", key.id)]
    );
    let first_card = card.message_id;
    let invoice = w
        .client
        .press_for_invoice(user, card.message_id, &format!("bq5:{}", key.id), WAIT)
        .await
        .unwrap();
    let inv = invoice.invoice.as_ref().unwrap();
    assert_eq!(inv["title"], "Game key ×5");
    assert_eq!(inv["total_amount"], 100);
    assert_eq!(
        w.client.pay(user, invoice.message_id).await.unwrap().status,
        "paid"
    );
    let goods = w
        .client
        .wait_for_start(
            user,
            invoice.message_id,
            WAIT,
            "Your 5 codes for Game key ×5",
        )
        .await
        .unwrap();
    let got: Vec<&str> = goods.body().lines().skip(2).collect();
    assert_eq!(got.len(), 5);
    assert_eq!(
        got.iter().collect::<HashSet<_>>().len(),
        5,
        "distinct codes"
    );
    assert!(got.iter().all(|c| c.starts_with("KEY-")), "{got:?}");
    assert_eq!(w.stars(user).await, stars - 100);
    let order = orders::of_customer(&w.store.read, user, 1)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(order.stars, 100);
    assert_eq!(order.product_title, "Game key ×5");
    let detail = stardesk_core::order_list::detail(&w.store.read, order.id)
        .await
        .unwrap();
    assert_eq!(
        detail.codes.len(),
        5,
        "the order drawer lists the five codes"
    );
    let mut shown: Vec<&str> = got.clone();
    shown.sort_unstable();
    let mut kept: Vec<&str> = detail.codes.iter().map(String::as_str).collect();
    kept.sort_unstable();
    assert_eq!(shown, kept);
    assert_eq!(
        catalog::get(&w.store.read, key.id)
            .await
            .unwrap()
            .unwrap()
            .stock_left,
        Some(7)
    );

    // Two more within the limit of 7: the card now offers no quantity, and ×3 on the first
    // card is refused.
    let card = w.client.open_card(user, key.id, WAIT).await.unwrap();
    assert!(
        quantity_buttons(&card).is_empty(),
        "{:?}",
        quantity_buttons(&card)
    );
    w.client
        .press(user, first_card, &format!("bq3:{}", key.id))
        .await
        .unwrap();
    w.client
        .wait_for_start(
            user,
            card.message_id,
            WAIT,
            "You can buy 2 more of this product: pick a smaller amount.",
        )
        .await
        .unwrap();

    // Another customer, stock of 7: ×10 is not offered, and asked for anyway it is refused.
    let bob = w.client.create_user("Bob", None).await.unwrap();
    let card = w.client.open_card(bob, key.id, WAIT).await.unwrap();
    assert!(!quantity_buttons(&card).contains(&format!("bq10:{}", key.id)));
    let invoice = w
        .client
        .press_for_invoice(bob, card.message_id, &format!("bq5:{}", key.id), WAIT)
        .await
        .unwrap();
    // While Bob's invoice waits, Alice buys two: five are still there for Bob's five.
    let (paid, _) = w.client.buy(user, key.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    let (paid, _) = w.client.buy(user, key.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    assert_eq!(
        w.client.pay(bob, invoice.message_id).await.unwrap().status,
        "paid"
    );
    w.client
        .wait_for_start(bob, invoice.message_id, WAIT, "Your 5 codes")
        .await
        .unwrap();
    // Sold out now, every code sold once.
    assert_eq!(
        catalog::get(&w.store.read, key.id)
            .await
            .unwrap()
            .unwrap()
            .stock_left,
        Some(0)
    );
    let alice_orders = orders::of_customer(&w.store.read, user, 10).await.unwrap();
    let bob_orders = orders::of_customer(&w.store.read, bob, 10).await.unwrap();
    assert_eq!((alice_orders.len(), bob_orders.len()), (3, 1));
    let mut every_code = HashSet::new();
    for o in alice_orders.iter().chain(&bob_orders) {
        every_code.extend(db::codes::all_of_order(&w.store.read, o.id).await.unwrap());
    }
    assert_eq!(every_code.len(), 12, "twelve codes, each sold once");
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quantity_the_stock_no_longer_has_is_refused_and_keeps_nothing() {
    let mut w = World::new().await;
    let key = w.product(Kind::Code, "Game key", 10).await;
    w.codes(&key, &["A", "B", "C", "D", "E", "F"]).await;
    w.start_bot_unpaced();
    let (bob, carol) = (
        w.client.create_user("Bob", None).await.unwrap(),
        w.client.create_user("Carol", None).await.unwrap(),
    );
    let card = w.client.open_card(bob, key.id, WAIT).await.unwrap();
    let invoice = w
        .client
        .press_for_invoice(bob, card.message_id, &format!("bq5:{}", key.id), WAIT)
        .await
        .unwrap();
    for _ in 0..2 {
        assert_eq!(
            w.client.buy(carol, key.id, WAIT).await.unwrap().0.status,
            "paid"
        );
    }
    let refused = w.client.pay(bob, invoice.message_id).await.unwrap();
    assert_eq!(refused.status, "declined");
    assert_eq!(
        refused.error_message.as_deref(),
        Some("Sold out. Check /shop later.")
    );
    // Nothing kept for the refused five: the four left are still on sale.
    let left = catalog::get(&w.store.read, key.id)
        .await
        .unwrap()
        .unwrap()
        .stock_left;
    assert_eq!(left, Some(4));
    let card = w.client.open_card(bob, key.id, WAIT).await.unwrap();
    assert_eq!(quantity_buttons(&card), [format!("bq3:{}", key.id)]);
    w.stop_bot().await;
}
