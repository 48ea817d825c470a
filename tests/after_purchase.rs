//! What follows a purchase in the chat, through the real bot and the simulator: the receipt's
//! "Buy again" (one tap to a fresh invoice), its Share link to the product's deep link, the
//! product the merchant suggests ("customers also bought"), and /purchases' "Buy again".

use stardesk_core::{audit::Who, catalog, catalog::Kind};
use stardesk_tests::{WAIT, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receipt_offers_buy_again_share_and_the_suggested_product() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 25).await;
    let extra = w.product(Kind::Text, "Extra chapter", 10).await;
    let who = Who::operator("merchant");
    let e = catalog::set_also_bought(&w.store, &who, guide.id, Some(guide.id))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Suggest another product than the one just bought."
    );
    catalog::set_also_bought(&w.store, &who, guide.id, Some(extra.id))
        .await
        .unwrap();
    assert_eq!(
        catalog::also_bought(&w.store, guide.id).await.unwrap(),
        Some(extra.id)
    );
    w.start_bot_unpaced();
    let user = w.client.create_user("Alice", None).await.unwrap();

    let (paid, goods) = w.client.buy(user, guide.id, WAIT).await.unwrap();
    assert_eq!(paid.status, "paid");
    let receipt = w
        .client
        .wait_for_start(user, goods.unwrap().message_id, WAIT, "Receipt")
        .await
        .unwrap();
    let rows = receipt.reply_markup.as_ref().unwrap()["inline_keyboard"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rows[0][0]["text"], "Buy again");
    assert_eq!(rows[0][0]["callback_data"], format!("rebuy:{}", guide.id));
    assert_eq!(rows[0][1]["text"], "Share");
    let share = reqwest::Url::parse(rows[0][1]["url"].as_str().unwrap()).unwrap();
    assert_eq!(share.path(), "/share/url");
    let query: Vec<(String, String)> = share.query_pairs().into_owned().collect();
    let bot = w.client.bot().await.unwrap();
    let username = bot["username"].as_str().unwrap();
    assert_eq!(
        query,
        [
            (
                "url".to_string(),
                format!("https://t.me/{username}?start=p_{}", guide.id)
            ),
            ("text".to_string(), "Guide".to_string())
        ]
    );
    assert_eq!(
        rows[1][0]["text"],
        "Customers also bought: Extra chapter · 10 ⭐"
    );
    assert_eq!(rows[1][0]["callback_data"], format!("p:{}", extra.id));

    // Buy again: one tap, a fresh invoice for the same product.
    let invoice = w
        .client
        .press_for_invoice(
            user,
            receipt.message_id,
            &format!("rebuy:{}", guide.id),
            WAIT,
        )
        .await
        .unwrap();
    assert_eq!(invoice.invoice.as_ref().unwrap()["title"], "Guide");
    assert_eq!(
        w.client.pay(user, invoice.message_id).await.unwrap().status,
        "paid"
    );

    // The suggestion opens the other product's card.
    w.client
        .press(user, receipt.message_id, &format!("p:{}", extra.id))
        .await
        .unwrap();
    w.client
        .wait_for(user, receipt.message_id, WAIT, |m| {
            m.body().starts_with("Extra chapter") && m.button("buy:").is_some()
        })
        .await
        .unwrap();

    // /purchases: one "Buy again" per product bought.
    let sent = w.client.send(user, "/purchases").await.unwrap();
    let list = w
        .client
        .wait_for(user, sent, WAIT, |m| m.body().starts_with("Your purchases"))
        .await
        .unwrap();
    let again: Vec<String> = list.reply_markup.as_ref().unwrap()["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().clone())
        .filter(|b| b["text"].as_str().unwrap().starts_with("Buy again"))
        .map(|b| {
            format!(
                "{} → {}",
                b["text"].as_str().unwrap(),
                b["callback_data"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(again, [format!("Buy again: Guide → rebuy:{}", guide.id)]);

    // Cleared: no suggestion under the next receipt.
    catalog::set_also_bought(&w.store, &who, guide.id, None)
        .await
        .unwrap();
    let (_, goods) = w.client.buy(user, guide.id, WAIT).await.unwrap();
    let receipt = w
        .client
        .wait_for_start(user, goods.unwrap().message_id, WAIT, "Receipt")
        .await
        .unwrap();
    let rows = receipt.reply_markup.as_ref().unwrap()["inline_keyboard"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(rows, 1);
    w.stop_bot().await;
}
