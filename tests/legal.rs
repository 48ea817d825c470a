//! The legal block in the chat through the real bot and the simulator: /terms carries the terms,
//! the refund policy and the seller; each card and /help reach it; when the shop requires it, a
//! customer accepts the terms once per version before buying.

use stardesk_core::{
    audit::Who,
    catalog::Kind,
    legal::{self, LegalDraft},
    settings,
};
use stardesk_tests::{WAIT, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terms_are_reachable_and_accepted_once_per_version() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 25).await;
    let who = Who::operator("merchant");
    // Acceptance needs a seller to name.
    let e = legal::set(
        &w.store,
        &who,
        &LegalDraft {
            require_acceptance: true,
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Enter the seller's name before asking customers to accept the terms."
    );
    legal::set(
        &w.store,
        &who,
        &LegalDraft {
            seller_name: "Pixel & Co".into(),
            seller_contact: "@pixelco".into(),
            seller_address: "Reg. no. 12345".into(),
            require_acceptance: true,
        },
    )
    .await
    .unwrap();
    w.start_bot();
    let user = w.client.create_user("Alice", None).await.unwrap();

    // /terms: the terms, the refunds, the seller (escaped), the version.
    let sent = w.client.send(user, "/terms").await.unwrap();
    let terms = w
        .client
        .wait_for(user, sent, WAIT, |m| m.from_bot)
        .await
        .unwrap();
    let body = terms.body();
    assert!(body.starts_with("Terms of sale:"), "{body}");
    assert!(body.contains("\n\nRefunds\nIf your purchase"), "{body}");
    assert!(
        body.contains("\n\nSeller\nPixel & Co\n@pixelco\nReg. no. 12345\n\nTerms version 1"),
        "{body}"
    );
    // /help has a Terms button, and so has each card.
    let sent = w.client.send(user, "/help").await.unwrap();
    let help = w
        .client
        .wait_for(user, sent, WAIT, |m| m.button("terms").is_some())
        .await
        .unwrap();
    assert!(help.body().contains("/reminders"), "{}", help.body());
    w.client
        .press(user, help.message_id, "terms")
        .await
        .unwrap();
    w.client
        .wait_for_start(user, help.message_id, WAIT, "Terms of sale:")
        .await
        .unwrap();

    // Buy asks for acceptance first; the tap brings the invoice.
    let card = w.client.open_card(user, guide.id, WAIT).await.unwrap();
    assert!(
        card.button("terms").is_some(),
        "the card has a Terms button"
    );
    w.client
        .press(user, card.message_id, &format!("buy:{}", guide.id))
        .await
        .unwrap();
    let ask = w
        .client
        .wait_for(user, card.message_id, WAIT, |m| {
            m.button("accept:").is_some()
        })
        .await
        .unwrap();
    assert!(
        ask.body().starts_with(
            "Before your purchase, please read and accept the terms:\n\nTerms of sale:"
        ),
        "{}",
        ask.body()
    );
    let invoice = w
        .client
        .press_for_invoice(user, ask.message_id, &format!("accept:{}", guide.id), WAIT)
        .await
        .unwrap();
    assert_eq!(
        w.client.pay(user, invoice.message_id).await.unwrap().status,
        "paid"
    );
    assert_eq!(legal::get(&w.store).await.unwrap().accepted, 1);

    // Accepted once: the next purchase goes straight to the invoice.
    let invoice = w.client.open_invoice(user, guide.id, WAIT).await.unwrap();
    assert!(invoice.invoice.is_some());

    // A new refund policy is a new version: asked again.
    settings::set_text(
        &w.store,
        &who,
        "refunds",
        stardesk_core::texts::Lang::En,
        "Refunds within 7 days, ask with /paysupport.",
    )
    .await
    .unwrap();
    let now = legal::get(&w.store).await.unwrap();
    assert_eq!((now.version, now.accepted), (2, 0));
    let card = w.client.open_card(user, guide.id, WAIT).await.unwrap();
    w.client
        .press(user, card.message_id, &format!("buy:{}", guide.id))
        .await
        .unwrap();
    let ask = w
        .client
        .wait_for(user, card.message_id, WAIT, |m| {
            m.button("accept:").is_some()
        })
        .await
        .unwrap();
    assert!(
        ask.body().contains("Refunds within 7 days") && ask.body().contains("Terms version 2"),
        "{}",
        ask.body()
    );

    // Another customer, acceptance switched off: straight to the invoice.
    legal::set(
        &w.store,
        &who,
        &LegalDraft {
            require_acceptance: false,
            ..now.draft
        },
    )
    .await
    .unwrap();
    let bob = w.client.create_user("Bob", None).await.unwrap();
    let invoice = w.client.open_invoice(bob, guide.id, WAIT).await.unwrap();
    assert!(invoice.invoice.is_some());
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepting_after_a_quantity_brings_the_invoice_for_that_many() {
    let mut w = World::new().await;
    let key = w.product(Kind::Code, "Game key", 20).await;
    let codes: Vec<String> = (1..=6).map(|i| format!("KEY-{i:02}")).collect();
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    w.codes(&key, &codes).await;
    legal::set(
        &w.store,
        &Who::operator("merchant"),
        &LegalDraft {
            seller_name: "Pixel & Co".into(),
            require_acceptance: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    w.start_bot_unpaced();
    let user = w.client.create_user("Alice", None).await.unwrap();
    let card = w.client.open_card(user, key.id, WAIT).await.unwrap();
    w.client
        .press(user, card.message_id, &format!("bq3:{}", key.id))
        .await
        .unwrap();
    let ask = w
        .client
        .wait_for(user, card.message_id, WAIT, |m| m.button("aq3:").is_some())
        .await
        .unwrap();
    let invoice = w
        .client
        .press_for_invoice(user, ask.message_id, &format!("aq3:{}", key.id), WAIT)
        .await
        .unwrap();
    let inv = invoice.invoice.as_ref().unwrap();
    assert_eq!(inv["title"], "Game key ×3");
    assert_eq!(inv["total_amount"], 60);
    w.stop_bot().await;
}
