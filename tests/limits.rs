//! Limits against abuse through the real bot and the simulator: each limit refuses at
//! pre-checkout with its message, flags the customer with the reason on the Customers page, and
//! a lifted flag trusts the customer.

use stardesk_core::{
    audit::Who,
    catalog::Kind,
    customer_list::{self, CustomerQuery},
    limits::{self, Limits},
};
use stardesk_tests::{WAIT, World};

async fn flag_of(w: &World, customer: i64) -> Option<String> {
    let q = CustomerQuery {
        search: Some(customer.to_string()),
        limit: 10,
        ..Default::default()
    };
    customer_list::page(&w.store.read, &q).await.unwrap()[0]
        .flag
        .clone()
}

/// Opens an invoice and pays it: "paid", or the refusal's words.
async fn try_buy(w: &World, user: i64, product: i64) -> String {
    let invoice = w.client.open_invoice(user, product, WAIT).await.unwrap();
    let paid = w.client.pay(user, invoice.message_id).await.unwrap();
    match paid.status.as_str() {
        "paid" => "paid".into(),
        _ => paid.error_message.unwrap_or(paid.status),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_limit_refuses_with_its_message_and_flags_the_customer() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 25).await;
    let who = Who::operator("merchant");
    let e = limits::set(
        &w.shop,
        &who,
        Limits {
            purchases_per_hour: Some(0),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "The limit of purchases an hour must be 1 to 1000, or off."
    );
    w.start_bot_unpaced();
    let set = |l: Limits| limits::set(&w.shop, &who, l);

    // Purchases an hour.
    set(Limits {
        purchases_per_hour: Some(2),
        ..Default::default()
    })
    .await
    .unwrap();
    let alice = w.client.create_user("Alice", None).await.unwrap();
    assert_eq!(try_buy(&w, alice, guide.id).await, "paid");
    assert_eq!(try_buy(&w, alice, guide.id).await, "paid");
    assert_eq!(flag_of(&w, alice).await, None);
    assert_eq!(
        try_buy(&w, alice, guide.id).await,
        "This shop takes at most 2 purchases an hour from one customer. Please try again later."
    );
    assert_eq!(
        flag_of(&w, alice).await.as_deref(),
        Some("reached 2 purchases in an hour")
    );
    // The merchant lifts the flag: Alice is trusted, the limit no longer applies to her.
    limits::lift(&w.shop, &who, alice).await.unwrap();
    assert_eq!(flag_of(&w, alice).await, None);
    assert_eq!(try_buy(&w, alice, guide.id).await, "paid");

    // A new customer's first day.
    set(Limits {
        new_customer_stars_per_day: Some(60),
        ..Default::default()
    })
    .await
    .unwrap();
    let bob = w.client.create_user("Bob", None).await.unwrap();
    assert_eq!(try_buy(&w, bob, guide.id).await, "paid");
    assert_eq!(try_buy(&w, bob, guide.id).await, "paid");
    assert_eq!(
        try_buy(&w, bob, guide.id).await,
        "New customers can spend up to 60 ⭐ on their first day here. Please try again tomorrow."
    );
    assert_eq!(
        flag_of(&w, bob).await.as_deref(),
        Some("new customer over 60 ⭐ on the first day")
    );

    // Stars in 24 hours.
    set(Limits {
        stars_per_day: Some(40),
        ..Default::default()
    })
    .await
    .unwrap();
    let carol = w.client.create_user("Carol", None).await.unwrap();
    assert_eq!(try_buy(&w, carol, guide.id).await, "paid");
    assert_eq!(
        try_buy(&w, carol, guide.id).await,
        "This purchase would go over this shop's limit of 40 ⭐ in 24 hours. Please try again tomorrow."
    );
    assert_eq!(
        flag_of(&w, carol).await.as_deref(),
        Some("over 40 ⭐ in 24 hours")
    );

    // Payment attempts a minute: the third tap on Pay within the minute is refused.
    set(Limits {
        attempts_per_minute: Some(2),
        ..Default::default()
    })
    .await
    .unwrap();
    let dan = w.client.create_user("Dan", None).await.unwrap();
    assert_eq!(try_buy(&w, dan, guide.id).await, "paid");
    assert_eq!(try_buy(&w, dan, guide.id).await, "paid");
    assert_eq!(
        try_buy(&w, dan, guide.id).await,
        "Too many payment attempts in a minute. Please wait a moment, then tap Pay again."
    );
    assert_eq!(
        flag_of(&w, dan).await.as_deref(),
        Some("more than 2 payment attempts in a minute")
    );
    let flagged: Vec<i64> = limits::flagged(&w.store)
        .await
        .unwrap()
        .iter()
        .map(|f| f.customer_id)
        .collect();
    assert_eq!(flagged, [dan, carol, bob]);

    // Every refusal moved no money: the orders are the paid ones.
    let orders = stardesk_core::orders::of_customer(&w.store.read, bob, 10)
        .await
        .unwrap();
    assert_eq!(orders.len(), 2);
    w.stop_bot().await;
}
