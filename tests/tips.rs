//! Tips through the real bot and the simulator: /tip and the catalog's "Support us", a preset
//! amount, an amount typed in the chat (and a wrong one), the merchant's thank-you text, tips as
//! their own kind in Orders and Reports; the demo's sample tip.

use stardesk_core::{
    audit::Who,
    catalog::Kind,
    order_list::{self, OrderQuery},
    reports::revenue::{ItemKind, ItemRevenue},
    texts::Lang,
    tips::{self, TipSettings},
};
use stardesk_tests::{WAIT, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tip_with_a_preset_and_a_typed_amount() {
    let mut w = World::new().await;
    w.product(Kind::Text, "Guide", 25).await;
    let who = Who::operator("merchant");
    let e = tips::set_settings(
        &w.store,
        &who,
        &TipSettings {
            enabled: true,
            presets: vec![0, 3],
            thanks: "Thanks!".into(),
            lang: Lang::En,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.to_string(), "A tip is 1 to 10,000 Stars.");
    w.start_bot_unpaced();
    let user = w.client.create_user("Alice", None).await.unwrap();

    // Off by default: /tip says so, the catalog has no Support us.
    let sent = w.client.send(user, "/tip").await.unwrap();
    w.client
        .wait_for_start(user, sent, WAIT, "This shop does not take tips")
        .await
        .unwrap();
    tips::set_settings(
        &w.store,
        &who,
        &TipSettings {
            enabled: true,
            presets: vec![10, 2, 5],
            thanks: "<b>Thank you</b>, you keep us going!".into(),
            lang: Lang::En,
        },
    )
    .await
    .unwrap();
    let sent = w.client.send(user, "/shop").await.unwrap();
    let catalog = w
        .client
        .wait_for(user, sent, WAIT, |m| m.button("p:").is_some())
        .await
        .unwrap();
    assert!(
        catalog.button("tips").is_some(),
        "Support us under the catalog"
    );
    w.client
        .press(user, catalog.message_id, "tips")
        .await
        .unwrap();
    let menu = w
        .client
        .wait_for_start(user, catalog.message_id, WAIT, "Support us")
        .await
        .unwrap();
    let amounts: Vec<String> = menu.reply_markup.as_ref().unwrap()["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().clone())
        .map(|b| b["callback_data"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(amounts, ["tip:2", "tip:5", "tip:10", "tip:0"]);

    // A preset: an invoice for 5 Stars, the thank-you text, a receipt.
    let stars = w.stars(user).await;
    let invoice = w
        .client
        .press_for_invoice(user, menu.message_id, "tip:5", WAIT)
        .await
        .unwrap();
    assert_eq!(invoice.invoice.as_ref().unwrap()["total_amount"], 5);
    assert_eq!(
        w.client.pay(user, invoice.message_id).await.unwrap().status,
        "paid"
    );
    let thanks = w
        .client
        .wait_for_start(user, invoice.message_id, WAIT, "Thank you")
        .await
        .unwrap();
    assert_eq!(thanks.body(), "Thank you, you keep us going!");
    w.client
        .wait_for_start(user, thanks.message_id, WAIT, "Receipt")
        .await
        .unwrap();
    assert_eq!(w.stars(user).await, stars - 5);

    // Other amount: a wrong number is explained, a right one is invoiced.
    let sent = w.client.send(user, "/tip").await.unwrap();
    let menu = w
        .client
        .wait_for_start(user, sent, WAIT, "Support us")
        .await
        .unwrap();
    w.client
        .press(user, menu.message_id, "tip:0")
        .await
        .unwrap();
    w.client
        .wait_for_start(user, menu.message_id, WAIT, "How many Stars")
        .await
        .unwrap();
    let sent = w.client.send(user, "20000").await.unwrap();
    w.client
        .wait_for_start(
            user,
            sent,
            WAIT,
            "Type a whole number of Stars from 1 to 10,000",
        )
        .await
        .unwrap();
    let sent = w.client.send(user, "42").await.unwrap();
    let invoice = w
        .client
        .wait_for(user, sent, WAIT, |m| m.invoice.is_some())
        .await
        .unwrap();
    assert_eq!(invoice.invoice.as_ref().unwrap()["total_amount"], 42);
    assert_eq!(
        w.client.pay(user, invoice.message_id).await.unwrap().status,
        "paid"
    );
    w.client
        .wait_for_start(user, invoice.message_id, WAIT, "Receipt")
        .await
        .unwrap();

    // Orders: two tips, as tips. Reports: their own item.
    let rows = order_list::page(&w.store.read, &OrderQuery::newest(10))
        .await
        .unwrap();
    let tipped: Vec<(i64, bool, String)> = rows
        .iter()
        .map(|r| (r.stars, r.tip, r.product_title.clone()))
        .collect();
    assert_eq!(
        tipped,
        [(42, true, "Tip".to_string()), (5, true, "Tip".to_string())]
    );
    let tips_item = todays_tips(&w).await;
    assert_eq!(tips_item.title, "Tips");
    assert_eq!(tips_item.totals.gross, 47);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_customer_is_thanked_in_their_language() {
    let mut w = World::new().await;
    w.product(Kind::Text, "Guide", 25).await;
    let who = Who::operator("merchant");
    for (lang, thanks) in [
        (Lang::En, "Thank you, friend!"),
        (Lang::De, "<b>Danke</b>, Sie halten uns am Laufen!"),
    ] {
        tips::set_settings(
            &w.store,
            &who,
            &TipSettings {
                enabled: true,
                presets: vec![1, 3],
                thanks: thanks.into(),
                lang,
            },
        )
        .await
        .unwrap();
    }
    // Russian has no text of its own: it says the English one.
    let russian = tips::settings(&w.store, Lang::Ru).await.unwrap();
    assert_eq!(russian.thanks, "Thank you, friend!");
    w.start_bot_unpaced();
    for (name, code, said) in [
        ("Hans", "de", "Danke, Sie halten uns am Laufen!"),
        ("Olga", "ru", "Thank you, friend!"),
    ] {
        let user = w.client.create_user_in(name, code).await.unwrap();
        let sent = w.client.send(user, "/tip").await.unwrap();
        let menu = w
            .client
            .wait_for(user, sent, WAIT, |m| m.button("tip:3").is_some())
            .await
            .unwrap();
        let invoice = w
            .client
            .press_for_invoice(user, menu.message_id, "tip:3", WAIT)
            .await
            .unwrap();
        w.client.pay(user, invoice.message_id).await.unwrap();
        w.client
            .wait_for(user, invoice.message_id, WAIT, |m| m.body() == said)
            .await
            .unwrap();
    }
}

/// The demo's first shopper tips after her purchase: the newcomer's Orders has a tip and
/// Reports a Tips line before they try one themselves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demos_sample_tip_is_a_tip_in_orders_and_reports() {
    let mut w = World::new().await;
    w.product(Kind::Text, "Guide", 25).await;
    stardesk_core::demo::seed_tips(&w.store).await.unwrap();
    w.start_bot_unpaced();
    let alice = w.client.create_user("Alice", None).await.unwrap();
    let stars = w.stars(alice).await;
    stardesk_core::demo::tip_sample(&w.client, alice)
        .await
        .unwrap();

    let rows = order_list::page(&w.store.read, &OrderQuery::newest(10))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].tip,
        "the sample is a tip: {:?}",
        rows[0].product_title
    );
    let tipped = rows[0].stars;
    // The second of the amounts offered (1, 3, 5, 10 by default).
    assert_eq!(tipped, tips::DEFAULT_PRESETS[1]);
    assert_eq!(w.stars(alice).await, stars - tipped);
    assert_eq!(todays_tips(&w).await.totals.gross, tipped);
    w.stop_bot().await;
}

/// Today's Tips line in Reports: tips are their own item.
async fn todays_tips(w: &World) -> ItemRevenue {
    let day = w.store.zone.day_key(stardesk_core::db::now());
    let revenue = stardesk_core::reports::revenue::report(
        &w.store,
        &day,
        &day,
        stardesk_core::reports::Grouping::Day,
    )
    .await
    .unwrap();
    revenue
        .items
        .into_iter()
        .find(|i| i.kind == ItemKind::Tip)
        .expect("tips are their own item")
}
