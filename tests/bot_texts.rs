//! The bot's texts from Settings reach the customer with their formatting, through the real bot
//! and the simulator, which parses the HTML as Telegram does.

use serde_json::{Value, json};
use stardesk_core::{audit::Who, catalog::Kind, db, demo, settings};
use stardesk_tests::{WAIT, World, stardeskd_ok, stardeskd_refused};

/// The bot's message in the simulator's chat, as the customer's app gets it: text and entities.
async fn seen(w: &World, user: i64, message_id: i64) -> Value {
    let chat: Vec<Value> = reqwest::get(format!("{}/sim/users/{user}/chat", w.sim.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    chat.into_iter()
        .find(|m| m["message_id"] == message_id)
        .expect("the message in the chat")
}

fn entity(kind: &str, offset: usize, length: usize) -> Value {
    json!({ "type": kind, "offset": offset, "length": length })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_text_arrives_formatted() {
    let mut w = World::new().await;
    w.product(Kind::Text, "Guide", 25).await;
    let who = Who::operator("merchant");
    settings::set_text(&w.store, &who, "welcome", stardesk_core::texts::Lang::En,
        "<b>Big sale</b> on <i>everything</i> &amp; more:\n<a href=\"https://example.com/sale\">details</a>",
    )
    .await
    .unwrap();
    settings::set_text(
        &w.store,
        &who,
        "paysupport",
        stardesk_core::texts::Lang::En,
        "Write to <u>us</u> here.",
    )
    .await
    .unwrap();
    // A text kept from before formatting was allowed, not valid HTML: shown as it was typed.
    db::settings::set_text(&w.store.write, "terms", "en", "Tom & Jerry <3 refunds", 1)
        .await
        .unwrap();
    w.start_bot();
    let user = w.client.create_user("Alice", Some("alice")).await.unwrap();

    let sent = w.client.send(user, "/start").await.unwrap();
    let m = w
        .client
        .wait_for(user, sent, WAIT, |m| m.body().starts_with("Big sale"))
        .await
        .unwrap();
    let m = seen(&w, user, m.message_id).await;
    assert_eq!(
        m["text"],
        "Big sale on everything & more:\ndetails\n\nCatalog: tap a product to see it."
    );
    let entities = m["entities"].as_array().expect("entities").clone();
    assert!(entities.contains(&entity("bold", 0, 8)), "{entities:?}");
    assert!(entities.contains(&entity("italic", 12, 10)), "{entities:?}");
    assert!(entities.contains(&json!({
        "type": "text_link", "offset": 31, "length": 7, "url": "https://example.com/sale"
    })));
    assert!(entities.contains(&entity("bold", 40, 7)), "{entities:?}");
    // The catalog's buttons come with it.
    assert!(m["reply_markup"].to_string().contains("Guide · 25 ⭐"));

    let sent = w.client.send(user, "/paysupport").await.unwrap();
    let m = w
        .client
        .wait_for(user, sent, WAIT, |m| m.body().starts_with("Write to us"))
        .await
        .unwrap();
    let m = seen(&w, user, m.message_id).await;
    assert!(
        m["text"]
            .as_str()
            .unwrap()
            .contains("\n\nRefunds: open /purchases")
    );
    assert!(
        m["entities"]
            .as_array()
            .unwrap()
            .contains(&entity("underline", 9, 2))
    );

    let sent = w.client.send(user, "/terms").await.unwrap();
    let m = w
        .client
        .wait_for(user, sent, WAIT, |m| m.body().starts_with("Tom"))
        .await
        .unwrap();
    // The terms come with the refund policy and their version (written straight to the store
    // here, so still the first).
    assert!(
        m.body()
            .starts_with("Tom & Jerry <3 refunds\n\nRefunds\nIf your purchase"),
        "{}",
        m.body()
    );
    assert!(m.body().ends_with("\n\nTerms version 1"), "{}", m.body());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stardeskd_checks_a_text_as_the_window_does() {
    let w = World::new().await;
    let (dir, url) = (w.dir.path(), w.sim.url());
    let ok = |args: &'static [&'static str]| stardeskd_ok(dir, &url, demo::DEMO_TOKEN, args);
    let said = stardeskd_refused(
        dir,
        &url,
        demo::DEMO_TOKEN,
        &["texts", "set", "welcome", "Hello\n<b>world"],
    )
    .await;
    assert!(
        said.contains("Line 2: <b> is not closed: add </b> where the bold text ends."),
        "{said}"
    );
    assert!(!settings::texts(&w.store.read).await.unwrap()[0].custom);

    ok(&["texts", "set", "welcome", "<b>Hi</b> &amp; welcome"]).await;
    assert_eq!(
        settings::text(&w.store.read, "welcome", stardesk_core::texts::Lang::En)
            .await
            .unwrap(),
        "<b>Hi</b> &amp; welcome"
    );
    let listed = ok(&["texts"]).await;
    assert!(
        listed.contains("welcome     yours     <b>Hi</b> &amp; welcome"),
        "{listed}"
    );

    ok(&["texts", "reset", "welcome"]).await;
    assert_eq!(
        settings::text(&w.store.read, "welcome", stardesk_core::texts::Lang::En)
            .await
            .unwrap(),
        stardesk_core::texts::default_text(stardesk_core::texts::Lang::En, "welcome")
    );
}
