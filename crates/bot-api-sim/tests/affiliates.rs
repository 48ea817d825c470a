//! Telegram's affiliate program: a payment from a customer an affiliate brought carries
//! `AffiliateInfo` on the bot's ledger line, the bot is credited net of the commission, a refund
//! takes the commission back, and `successful_payment` says nothing about it.

mod common;

use common::Sim;
use serde_json::{Value, json};
use teloxide_core::types::{StarTransactions, TransactionPartner};

/// The transaction with this charge id and direction (`source` or `receiver`).
fn line<'a>(ledger: &'a Value, charge_id: &str, side: &str) -> &'a Value {
    ledger["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == charge_id && t.get(side).is_some())
        .unwrap_or_else(|| panic!("no {side} line for {charge_id} in {ledger}"))
}

#[tokio::test]
async fn a_user_affiliate_takes_its_commission_from_the_payment() {
    let sim = Sim::start().await;
    let ann = sim.customer("Ann", 1000).await;
    let (_, carol) = sim
        .post(
            "/sim/users",
            json!({ "first_name": "Carol", "username": "carol_reviews" }),
        )
        .await;
    let carol = carol["id"].as_u64().unwrap();

    // 250 Stars at 125 per mille: 31.25 Stars to Carol, 218.75 to the bot.
    let message_id = sim.invoice(ann, 250, "order:1").await;
    let pay = sim.pay(
        ann,
        json!({ "message_id": message_id, "affiliate": { "user_id": carol }, "commission_per_mille": 125 }),
    );
    let query = sim.answer_checkout(true, None).await;
    assert_eq!(query["total_amount"], 250);
    assert!(query.get("affiliate").is_none());
    let paid = pay.await.unwrap();
    assert_eq!(paid["status"], "paid", "{paid}");
    let charge_id = paid["charge_id"].as_str().unwrap().to_owned();

    // The customer pays the whole price, and the bot's update is Telegram's usual one.
    assert_eq!(sim.stars(ann).await, 750);
    let update = sim.next_update("message").await;
    assert_eq!(
        update["message"]["successful_payment"],
        json!({
            "currency": "XTR",
            "total_amount": 250,
            "invoice_payload": "order:1",
            "telegram_payment_charge_id": charge_id,
            "provider_payment_charge_id": "",
        })
    );

    // The ledger line: what the bot received, and the affiliate's share beside it.
    let ledger = sim.ok("getStarTransactions", json!({})).await;
    let tx = line(&ledger, &charge_id, "source");
    assert_eq!(tx["amount"], 218);
    assert_eq!(tx["nanostar_amount"], 750_000_000);
    assert_eq!(
        tx["source"]["affiliate"],
        json!({
            "affiliate_user": { "id": carol, "is_bot": false, "first_name": "Carol", "username": "carol_reviews" },
            "commission_per_mille": 125,
            "amount": 31,
            "nanostar_amount": 250_000_000,
        })
    );
    assert_eq!(tx["source"]["invoice_payload"], "order:1");
    let (_, control) = sim.get("/sim/transactions").await;
    assert_eq!(control, ledger);
    let balance = sim.ok("getMyStarBalance", json!({})).await;
    assert_eq!(
        balance,
        json!({ "amount": 218, "nanostar_amount": 750_000_000 })
    );
    let (_, bot) = sim.get("/sim/bot").await;
    assert_eq!(
        (&bot["balance"], &bot["balance_nanostars"]),
        (&json!(218), &json!(750_000_000))
    );

    // teloxide reads it as Telegram's types.
    let read: StarTransactions = serde_json::from_value(ledger.clone()).unwrap();
    let Some(TransactionPartner::User(partner)) = &read.transactions[0].source else {
        panic!("not a user payment: {ledger}");
    };
    let info = partner.invoice_payment().unwrap().affiliate.unwrap();
    assert_eq!(
        serde_json::to_value(&info).unwrap()["amount"],
        json!(31),
        "{info:?}"
    );
    assert_eq!(read.transactions[0].nanostar_amount, Some(750_000_000));

    // A refund gives the customer everything back: the bot returns what it received and
    // Telegram takes the commission back from the affiliate.
    sim.ok(
        "refundStarPayment",
        json!({ "user_id": ann, "telegram_payment_charge_id": charge_id }),
    )
    .await;
    assert_eq!(sim.stars(ann).await, 1000);
    assert_eq!(
        sim.ok("getMyStarBalance", json!({})).await,
        json!({ "amount": 0, "nanostar_amount": 0 })
    );
    let ledger = sim.ok("getStarTransactions", json!({})).await;
    let refund = line(&ledger, &charge_id, "receiver");
    assert_eq!(
        (&refund["amount"], &refund["nanostar_amount"]),
        (&json!(218), &json!(750_000_000))
    );
    assert_eq!(refund["receiver"]["affiliate"]["amount"], -31);
    assert_eq!(
        refund["receiver"]["affiliate"]["nanostar_amount"],
        -250_000_000
    );
    let _: StarTransactions = serde_json::from_value(ledger).unwrap();
}

#[tokio::test]
async fn a_channel_affiliate_and_a_whole_commission() {
    let sim = Sim::start().await;
    let ann = sim.customer("Ann", 1000).await;
    let (_, channel) = sim
        .post("/sim/channels", json!({ "title": "Deals Daily" }))
        .await;
    let channel = channel["id"].as_i64().unwrap();

    // 200 Stars at 100 per mille: exactly 20 Stars, so no fractions anywhere.
    let message_id = sim.invoice(ann, 200, "order:2").await;
    let pay = sim.pay(
        ann,
        json!({ "message_id": message_id, "affiliate": { "chat_id": channel }, "commission_per_mille": 100 }),
    );
    sim.answer_checkout(true, None).await;
    let charge_id = pay.await.unwrap()["charge_id"].as_str().unwrap().to_owned();
    let ledger = sim.ok("getStarTransactions", json!({})).await;
    let tx = line(&ledger, &charge_id, "source");
    assert_eq!(tx["amount"], 180);
    assert!(tx.get("nanostar_amount").is_none(), "{tx}");
    assert_eq!(
        tx["source"]["affiliate"],
        json!({
            "affiliate_chat": { "id": channel, "type": "channel", "title": "Deals Daily" },
            "commission_per_mille": 100,
            "amount": 20,
        })
    );
    assert_eq!(sim.balance().await, 180);
    let _: StarTransactions = serde_json::from_value(ledger).unwrap();

    // A chat the simulator does not know is named by the request.
    let message_id = sim.invoice(ann, 10, "order:3").await;
    let pay = sim.pay(
        ann,
        json!({ "message_id": message_id, "affiliate": { "chat_id": -1002000000001_i64, "title": "Tech Picks" }, "commission_per_mille": 1000 }),
    );
    sim.answer_checkout(true, None).await;
    let charge_id = pay.await.unwrap()["charge_id"].as_str().unwrap().to_owned();
    let ledger = sim.ok("getStarTransactions", json!({})).await;
    let tx = line(&ledger, &charge_id, "source");
    // The whole payment to the affiliate: nothing for the bot.
    assert_eq!(tx["amount"], 0);
    assert_eq!(tx["source"]["affiliate"]["amount"], 10);
    assert_eq!(
        tx["source"]["affiliate"]["affiliate_chat"]["title"],
        "Tech Picks"
    );
    assert_eq!(sim.balance().await, 180);
}

#[tokio::test]
async fn a_subscription_renewal_carries_the_affiliate_of_its_first_payment() {
    let sim = Sim::start().await;
    let ann = sim.customer("Ann", 1000).await;
    let carol = sim.customer("Carol", 0).await;
    let link = sim
        .ok(
            "createInvoiceLink",
            json!({
                "title": "Club", "description": "Monthly club access", "payload": "sub:club",
                "currency": "XTR", "prices": [{"label": "Month", "amount": 100}],
                "subscription_period": 2_592_000,
            }),
        )
        .await;
    let pay = sim.pay(
        ann,
        json!({ "invoice_link": link, "affiliate": { "user_id": carol }, "commission_per_mille": 200 }),
    );
    sim.answer_checkout(true, None).await;
    assert_eq!(pay.await.unwrap()["status"], "paid");
    sim.post("/sim/clock", json!({ "advance_seconds": 2_592_000 }))
        .await;
    let ledger = sim.ok("getStarTransactions", json!({})).await;
    let lines = ledger["transactions"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{ledger}");
    for tx in lines {
        assert_eq!(tx["amount"], 80);
        assert_eq!(tx["source"]["affiliate"]["amount"], 20);
        assert_eq!(
            tx["source"]["affiliate"]["affiliate_user"]["id"],
            json!(carol)
        );
    }
    assert_eq!(sim.balance().await, 160);
    assert_eq!(sim.stars(ann).await, 800);
}

#[tokio::test]
async fn a_bad_affiliate_is_refused_before_the_checkout_starts() {
    let sim = Sim::start().await;
    let ann = sim.customer("Ann", 1000).await;
    let carol = sim.customer("Carol", 0).await;
    let message_id = sim.invoice(ann, 250, "order:1").await;
    let mut fiat = json!({
        "chat_id": ann, "title": "Pro", "description": "Pro", "payload": "usd:1",
        "currency": "USD", "prices": [{"label": "Pro", "amount": 500}],
        "provider_token": "284685063:TEST:abc",
    });
    let fiat_id = sim.ok("sendInvoice", fiat.take()).await["message_id"].clone();
    let created = sim.stat("updates_created").await;
    let user = json!({ "user_id": carol });
    let cases = [
        (
            json!({ "message_id": message_id, "affiliate": user, "commission_per_mille": 0 }),
            "commission_per_mille must be from 1 to 1000 (Stars per 1000 Stars paid), not 0",
        ),
        (
            json!({ "message_id": message_id, "affiliate": user, "commission_per_mille": 1001 }),
            "commission_per_mille must be from 1 to 1000 (Stars per 1000 Stars paid), not 1001",
        ),
        (
            json!({ "message_id": message_id, "affiliate": user, "commission_per_mille": -5 }),
            "commission_per_mille must be from 1 to 1000 (Stars per 1000 Stars paid), not -5",
        ),
        (
            json!({ "message_id": message_id, "affiliate": user }),
            "an affiliate needs commission_per_mille (1 to 1000)",
        ),
        (
            json!({ "message_id": message_id, "commission_per_mille": 100 }),
            "commission_per_mille needs an affiliate: {\"user_id\": …} or {\"chat_id\": …}",
        ),
        (
            json!({ "message_id": message_id, "affiliate": { "user_id": carol, "chat_id": -100 }, "commission_per_mille": 100 }),
            "the affiliate is either {\"user_id\": …} or {\"chat_id\": …}, one of them",
        ),
        (
            json!({ "message_id": message_id, "affiliate": {}, "commission_per_mille": 100 }),
            "the affiliate is either {\"user_id\": …} or {\"chat_id\": …}, one of them",
        ),
        (
            json!({ "message_id": message_id, "affiliate": { "user_id": 999 }, "commission_per_mille": 100 }),
            "the affiliate user 999 does not exist",
        ),
        (
            json!({ "message_id": message_id, "affiliate": { "chat_id": -100, "title": " " }, "commission_per_mille": 100 }),
            "the affiliate chat's title must not be empty",
        ),
        (
            json!({ "message_id": fiat_id, "affiliate": user, "commission_per_mille": 100 }),
            "only a payment in Stars (XTR) carries an affiliate commission",
        ),
    ];
    for (body, error) in cases {
        let (status, answer) = sim
            .post(&format!("/sim/users/{ann}/pay"), body.clone())
            .await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_eq!(answer, json!({ "error": error }), "{body}");
    }
    // Nothing started: no pre-checkout query, no stars moved.
    assert_eq!(sim.stat("updates_created").await, created);
    assert_eq!(sim.stars(ann).await, 1000);
    assert_eq!(sim.balance().await, 0);
}
