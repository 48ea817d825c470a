//! Stars payments end to end: invoices, pre-checkout, the ledger, refunds, subscriptions.

mod common;

use common::Sim;
use serde_json::json;

fn invoice(user: u64) -> serde_json::Value {
    json!({
        "chat_id": user,
        "title": "Pro plan",
        "description": "Thirty days of Pro",
        "payload": "order:1",
        "currency": "XTR",
        "prices": [{ "label": "Pro", "amount": 250 }],
    })
}

#[tokio::test]
async fn invoice_rules() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 1000).await;

    let sent = sim.ok("sendInvoice", invoice(user)).await;
    assert_eq!(
        sent["invoice"],
        json!({"title":"Pro plan","description":"Thirty days of Pro","start_parameter":"","currency":"XTR","total_amount":250})
    );
    assert_eq!(sent["reply_markup"]["inline_keyboard"][0][0]["pay"], true);

    let cases = [
        (
            "prices",
            json!([{"label":"a","amount":100},{"label":"b","amount":1}]),
            "STARS_INVOICE_INVALID",
        ),
        (
            "provider_token",
            json!("284685063:TEST:abc"),
            "STARS_INVOICE_INVALID",
        ),
        (
            "prices",
            json!([{"label":"a","amount":0}]),
            "CURRENCY_TOTAL_AMOUNT_INVALID",
        ),
        (
            "prices",
            json!([{"label":"a","amount":10_001}]),
            "CURRENCY_TOTAL_AMOUNT_INVALID",
        ),
        ("title", json!(""), "TITLE_INVALID"),
        ("title", json!("x".repeat(33)), "TITLE_INVALID"),
        ("description", json!("x".repeat(256)), "DESCRIPTION_INVALID"),
        ("payload", json!("x".repeat(129)), "INVOICE_PAYLOAD_INVALID"),
        ("payload", json!(""), "INVOICE_PAYLOAD_INVALID"),
    ];
    for (field, value, error) in cases {
        let mut params = invoice(user);
        params[field] = value;
        let (status, description) = sim.fails("sendInvoice", params).await;
        assert_eq!(status, 400);
        assert_eq!(description, format!("Bad Request: {error}"), "{field}");
    }
    let mut fiat = invoice(user);
    fiat["currency"] = json!("USD");
    let (_, description) = sim.fails("sendInvoice", fiat.clone()).await;
    assert_eq!(description, "Bad Request: PAYMENT_PROVIDER_INVALID");
    fiat["provider_token"] = json!("284685063:TEST:abc");
    sim.ok("sendInvoice", fiat).await;

    let mut link = invoice(user);
    link.as_object_mut().unwrap().remove("chat_id");
    let url = sim.ok("createInvoiceLink", link.clone()).await;
    assert!(url.as_str().unwrap().starts_with("https://t.me/$"));
    link["subscription_period"] = json!(2_592_000);
    sim.ok("createInvoiceLink", link.clone()).await;
    link["subscription_period"] = json!(604_800);
    let (_, description) = sim.fails("createInvoiceLink", link).await;
    assert_eq!(description, "Bad Request: SUBSCRIPTION_PERIOD_INVALID");
}

#[tokio::test]
async fn declined_payment_moves_no_stars() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 1000).await;
    let message_id = sim.invoice(user, 250, "order:1").await;
    let pay = sim.pay(user, json!({ "message_id": message_id }));
    let query = sim.answer_checkout(false, Some("Sold out, sorry")).await;
    assert_eq!(query["currency"], "XTR");
    assert_eq!(query["total_amount"], 250);
    assert_eq!(query["invoice_payload"], "order:1");
    assert_eq!(query["from"]["id"], json!(user));
    let result = pay.await.unwrap();
    assert_eq!(
        result,
        json!({ "status": "declined", "error_message": "Sold out, sorry" })
    );
    assert_eq!(sim.stars(user).await, 1000);
    assert_eq!(sim.balance().await, 0);
    let transactions = sim.ok("getStarTransactions", json!({})).await;
    assert_eq!(transactions, json!({ "transactions": [] }));
    let (_, description) = sim
        .fails(
            "answerPreCheckoutQuery",
            json!({ "pre_checkout_query_id": query["id"], "ok": true }),
        )
        .await;
    assert!(description.starts_with("Bad Request: query is too old"));
}

#[tokio::test]
async fn paid_payment_moves_stars_and_enters_the_ledger() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 1000).await;
    let message_id = sim.invoice(user, 250, "order:1").await;
    let pay = sim.pay(user, json!({ "message_id": message_id }));
    sim.answer_checkout(true, None).await;
    let result = pay.await.unwrap();
    assert_eq!(result["status"], "paid");
    let charge_id = result["charge_id"].as_str().unwrap().to_owned();
    assert!(charge_id.starts_with("stx"));
    assert_eq!(sim.stars(user).await, 750);
    assert_eq!(sim.balance().await, 250);

    let update = sim.next_update("message").await;
    let payment = &update["message"]["successful_payment"];
    assert_eq!(payment["telegram_payment_charge_id"], json!(charge_id));
    assert_eq!(payment["invoice_payload"], "order:1");
    assert_eq!(payment["total_amount"], 250);
    assert_eq!(payment["currency"], "XTR");
    assert_eq!(update["message"]["from"]["id"], json!(user));
    // The outcome says where the payment is in the chat.
    assert_eq!(update["message"]["message_id"], result["message_id"]);

    let transactions = sim
        .ok("getStarTransactions", json!({ "offset": 0, "limit": 100 }))
        .await;
    let tx = &transactions["transactions"][0];
    assert_eq!(tx["id"], json!(charge_id));
    assert_eq!(tx["amount"], 250);
    assert_eq!(tx["source"]["type"], "user");
    assert_eq!(tx["source"]["transaction_type"], "invoice_payment");
    assert_eq!(tx["source"]["invoice_payload"], "order:1");
    assert_eq!(tx["source"]["user"]["id"], json!(user));
    let (_, ledger) = sim.get("/sim/transactions").await;
    assert_eq!(ledger, transactions);

    let (_, chat) = sim.get(&format!("/sim/users/{user}/chat")).await;
    let last = chat.as_array().unwrap().last().unwrap();
    assert_eq!(last["from_bot"], false);
    assert_eq!(
        last["successful_payment"]["telegram_payment_charge_id"],
        json!(charge_id)
    );

    // A second purchase gets a different charge id.
    let second = sim.purchase(user, 100, "order:2").await;
    assert_ne!(second, charge_id);
    let page = sim
        .ok("getStarTransactions", json!({ "offset": 1, "limit": 1 }))
        .await;
    assert_eq!(page["transactions"][0]["id"], json!(second));
}

#[tokio::test]
async fn refunds() {
    let sim = Sim::start().await;
    let ann = sim.customer("Ann", 1000).await;
    let bob = sim.customer("Bob", 1000).await;
    let charge = sim.purchase(ann, 300, "order:9").await;
    sim.drain().await;

    let (_, description) = sim
        .fails(
            "refundStarPayment",
            json!({ "user_id": bob, "telegram_payment_charge_id": charge }),
        )
        .await;
    assert_eq!(description, "Bad Request: CHARGE_NOT_FOUND");
    let (_, description) = sim
        .fails(
            "refundStarPayment",
            json!({ "user_id": ann, "telegram_payment_charge_id": "stxNope" }),
        )
        .await;
    assert_eq!(description, "Bad Request: CHARGE_NOT_FOUND");

    let refunded = sim
        .ok(
            "refundStarPayment",
            json!({ "user_id": ann, "telegram_payment_charge_id": charge }),
        )
        .await;
    assert_eq!(refunded, json!(true));
    assert_eq!(sim.stars(ann).await, 1000);
    assert_eq!(sim.balance().await, 0);

    let (status, description) = sim
        .fails(
            "refundStarPayment",
            json!({ "user_id": ann, "telegram_payment_charge_id": charge }),
        )
        .await;
    assert_eq!(
        (status, description.as_str()),
        (400, "Bad Request: CHARGE_ALREADY_REFUNDED")
    );

    let update = sim.next_update("message").await;
    assert_eq!(
        update["message"]["refunded_payment"],
        json!({"currency":"XTR","total_amount":300,"invoice_payload":"order:9","telegram_payment_charge_id":charge})
    );
    let ledger = sim.ok("getStarTransactions", json!({})).await;
    let refund = &ledger["transactions"][1];
    assert_eq!(refund["id"], json!(charge));
    assert_eq!(refund["receiver"]["user"]["id"], json!(ann));
    assert!(refund.get("source").is_none());
}

#[tokio::test]
async fn late_answer_times_out() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 1000).await;
    let message_id = sim.invoice(user, 250, "order:1").await;
    let pay = sim.pay(user, json!({ "message_id": message_id }));
    let update = sim.next_update("pre_checkout_query").await;
    let (_, clock) = sim
        .post("/sim/clock", json!({ "advance_seconds": 11 }))
        .await;
    assert!(clock["now"].is_i64());
    let (status, description) = sim
        .fails(
            "answerPreCheckoutQuery",
            json!({ "pre_checkout_query_id": update["pre_checkout_query"]["id"], "ok": true }),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        description,
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    );
    assert_eq!(pay.await.unwrap(), json!({ "status": "timeout" }));
    assert_eq!(sim.stars(user).await, 1000);
    let (_, description) = sim
        .fails(
            "answerPreCheckoutQuery",
            json!({ "pre_checkout_query_id": "12345", "ok": true }),
        )
        .await;
    assert_eq!(description, "Bad Request: QUERY_ID_INVALID");
}

#[tokio::test]
async fn pay_checks_balance_and_target() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 100).await;
    let message_id = sim.invoice(user, 250, "order:1").await;
    let (_, result) = sim
        .post(
            &format!("/sim/users/{user}/pay"),
            json!({ "message_id": message_id }),
        )
        .await;
    assert_eq!(result, json!({ "status": "insufficient_stars" }));
    assert!(
        sim.drain()
            .await
            .iter()
            .all(|u| u.get("pre_checkout_query").is_none())
    );

    let text = sim
        .ok("sendMessage", json!({ "chat_id": user, "text": "hi" }))
        .await;
    let (status, _) = sim
        .post(
            &format!("/sim/users/{user}/pay"),
            json!({ "message_id": text["message_id"] }),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = sim
        .post(
            &format!("/sim/users/{user}/pay"),
            json!({ "invoice_link": "https://t.me/$nope" }),
        )
        .await;
    assert_eq!(status, 400);
    let (_, description) = sim
        .fails(
            "answerPreCheckoutQuery",
            json!({ "pre_checkout_query_id": "1", "ok": false }),
        )
        .await;
    assert_eq!(description, "Bad Request: ERROR_MESSAGE_EMPTY");
}

#[tokio::test]
async fn fiat_invoices_can_be_paid_without_moving_stars() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 1000).await;
    let mut params = invoice(user);
    params["currency"] = json!("USD");
    params["provider_token"] = json!("284685063:TEST:abc");
    let message = sim.ok("sendInvoice", params).await;
    let pay = sim.pay(user, json!({ "message_id": message["message_id"] }));
    let query = sim.answer_checkout(true, None).await;
    assert_eq!(query["currency"], "USD");
    assert_eq!(pay.await.unwrap()["status"], "paid");
    let update = sim.next_update("message").await;
    assert_eq!(update["message"]["successful_payment"]["currency"], "USD");
    assert_ne!(
        update["message"]["successful_payment"]["provider_payment_charge_id"],
        ""
    );
    assert_eq!(sim.stars(user).await, 1000);
    assert_eq!(sim.balance().await, 0);
    assert_eq!(
        sim.ok("getStarTransactions", json!({})).await["transactions"],
        json!([])
    );
}

#[tokio::test]
async fn subscriptions_renew_cancel_and_lapse() {
    let sim = Sim::start().await;
    let ann = sim.customer("Ann", 250).await;
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
    let pay = sim.pay(ann, json!({ "invoice_link": link }));
    sim.answer_checkout(true, None).await;
    let first = pay.await.unwrap();
    assert_eq!(first["status"], "paid");
    let update = sim.next_update("message").await;
    let payment = update["message"]["successful_payment"].clone();
    assert_eq!(payment["is_recurring"], true);
    assert_eq!(payment["is_first_recurring"], true);
    let expires = payment["subscription_expiration_date"].as_i64().unwrap();

    // Thirty days later: a renewal with the same payload and a new expiry.
    sim.post("/sim/clock", json!({ "advance_seconds": 2_592_000 }))
        .await;
    let update = sim.next_update("message").await;
    let renewal = &update["message"]["successful_payment"];
    assert_eq!(renewal["is_recurring"], true);
    assert!(renewal.get("is_first_recurring").is_none());
    assert_eq!(renewal["invoice_payload"], "sub:club");
    assert_eq!(renewal["subscription_expiration_date"], expires + 2_592_000);
    assert_ne!(renewal["telegram_payment_charge_id"], first["charge_id"]);
    assert_eq!(sim.stars(ann).await, 50);
    let ledger = sim.ok("getStarTransactions", json!({})).await;
    assert_eq!(
        ledger["transactions"][1]["source"]["subscription_period"],
        2_592_000
    );

    // Not enough stars for the third month: it lapses without a charge.
    sim.post("/sim/clock", json!({ "advance_seconds": 2_592_000 }))
        .await;
    assert_eq!(sim.stars(ann).await, 50);
    assert!(sim.drain().await.is_empty());

    // A cancelled subscription lapses too.
    let bob = sim.customer("Bob", 1000).await;
    let pay = sim.pay(bob, json!({ "invoice_link": link }));
    sim.answer_checkout(true, None).await;
    let charge = pay.await.unwrap()["charge_id"].clone();
    sim.ok(
        "editUserStarSubscription",
        json!({ "user_id": bob, "telegram_payment_charge_id": charge, "is_canceled": true }),
    )
    .await;
    sim.drain().await;
    sim.post("/sim/clock", json!({ "advance_seconds": 2_592_001 }))
        .await;
    assert_eq!(sim.stars(bob).await, 900);
    assert!(sim.drain().await.is_empty());
}
