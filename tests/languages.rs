//! The bot speaks each customer's language, through the real bot and the simulator: a German
//! and a Russian customer read the catalog, the card, the goods, the receipt and /purchases in
//! their language; the merchant's German welcome reaches the German customer only; a customer
//! in any other language reads English; the command menu is registered in all three.

use serde_json::{Value, json};
use stardesk_core::{audit::Who, catalog::Kind, demo, settings, texts::Lang};
use stardesk_tests::{WAIT, World};

/// The menu the bot registered for `language` ("" for the default one), as Telegram keeps it.
async fn menu(w: &World, language: &str) -> Vec<String> {
    let mut params = json!({});
    if !language.is_empty() {
        params["language_code"] = language.into();
    }
    let answer: Value = reqwest::Client::new()
        .post(format!(
            "{}/bot{}/getMyCommands",
            w.sim.url(),
            demo::DEMO_TOKEN
        ))
        .json(&params)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["description"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_customer_reads_their_own_language() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 25).await;
    let who = Who::operator("merchant");
    settings::set_text(
        &w.store,
        &who,
        "welcome",
        Lang::De,
        "<b>Willkommen</b> in unserem Laden!",
    )
    .await
    .unwrap();
    w.start_bot_unpaced();
    let hans = w.client.create_user_in("Hans", "de").await.unwrap();
    let olga = w.client.create_user_in("Olga", "ru").await.unwrap();
    let pierre = w.client.create_user_in("Pierre", "fr").await.unwrap();

    // The welcome: the merchant's German text, the built-in Russian one, English for French.
    let sent = w.client.send(hans, "/start").await.unwrap();
    let m = w
        .client
        .wait_for(hans, sent, WAIT, |m| m.body().starts_with("Willkommen"))
        .await
        .unwrap();
    assert_eq!(
        m.body(),
        "Willkommen in unserem Laden!\n\nKatalog: Tippen Sie auf ein Produkt, um es anzusehen."
    );
    let sent = w.client.send(olga, "/start").await.unwrap();
    let m = w
        .client
        .wait_for(olga, sent, WAIT, |m| {
            m.body().starts_with("Добро пожаловать")
        })
        .await
        .unwrap();
    assert!(
        m.body()
            .ends_with("Каталог: нажмите на товар, чтобы посмотреть его.")
    );
    let sent = w.client.send(pierre, "/start").await.unwrap();
    w.client
        .wait_for(pierre, sent, WAIT, |m| {
            m.body().starts_with("Welcome! Pick something below.")
        })
        .await
        .unwrap();

    // A German purchase: the card's Buy, the goods and the receipt in German.
    let card = w.client.open_card(hans, guide.id, WAIT).await.unwrap();
    assert!(card.body().contains("Preis: 25 ⭐"), "{}", card.body());
    let rows = card.reply_markup.as_ref().unwrap()["inline_keyboard"].clone();
    assert_eq!(rows[0][0]["text"], "Kaufen für 25 ⭐");
    let invoice = w
        .client
        .press_for_invoice(hans, card.message_id, &format!("buy:{}", guide.id), WAIT)
        .await
        .unwrap();
    assert!(
        invoice.invoice.as_ref().unwrap()["description"]
            .as_str()
            .unwrap()
            .contains("Gültig"),
        "{:?}",
        invoice.invoice
    );
    let paid = w.client.pay(hans, invoice.message_id).await.unwrap();
    assert_eq!(paid.status, "paid");
    let goods = w
        .client
        .wait_for(hans, invoice.message_id, WAIT, |m| {
            m.body().starts_with("Hier ist Ihr Kauf Guide")
        })
        .await
        .unwrap();
    let receipt = w
        .client
        .wait_for(hans, goods.message_id, WAIT, |m| {
            m.body().starts_with("Beleg · Bezahlt · Bestellung #")
        })
        .await
        .unwrap();
    let rows = receipt.reply_markup.as_ref().unwrap()["inline_keyboard"].clone();
    assert_eq!(rows[0][0]["text"], "Erneut kaufen");

    // A Russian purchase and /purchases, with its date in Russian.
    let invoice = w.client.open_invoice(olga, guide.id, WAIT).await.unwrap();
    w.client.pay(olga, invoice.message_id).await.unwrap();
    let goods = w
        .client
        .wait_for(olga, invoice.message_id, WAIT, |m| {
            m.body().starts_with("Вот ваш товар Guide")
        })
        .await
        .unwrap();
    w.client
        .wait_for(olga, goods.message_id, WAIT, |m| {
            m.body().starts_with("Чек")
        })
        .await
        .unwrap();
    let sent = w.client.send(olga, "/purchases").await.unwrap();
    let list = w
        .client
        .wait_for(olga, sent, WAIT, |m| m.body().starts_with("Ваши покупки"))
        .await
        .unwrap();
    assert!(
        list.body().contains(" г."),
        "a Russian date: {}",
        list.body()
    );

    // The menu in each language: English by default, German and Russian for their speakers.
    assert!(menu(&w, "").await.contains(&"the catalog".to_string()));
    assert!(menu(&w, "de").await.contains(&"Katalog".to_string()));
    assert!(menu(&w, "ru").await.contains(&"Каталог".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_language_without_its_own_text_says_the_english_one() {
    let mut w = World::new().await;
    w.product(Kind::Text, "Guide", 25).await;
    let who = Who::operator("merchant");
    settings::set_text(&w.store, &who, "help", Lang::En, "Ask us anything.")
        .await
        .unwrap();
    settings::set_text(&w.store, &who, "help", Lang::Ru, "Спрашивайте что угодно.")
        .await
        .unwrap();
    w.start_bot_unpaced();
    let hans = w.client.create_user_in("Hans", "de-AT").await.unwrap();
    let olga = w.client.create_user_in("Olga", "ru").await.unwrap();
    let sent = w.client.send(hans, "/help").await.unwrap();
    let m = w
        .client
        .wait_for(hans, sent, WAIT, |m| m.body() == "Ask us anything.")
        .await
        .unwrap();
    // The buttons under it are German all the same.
    let rows = m.reply_markup.as_ref().unwrap()["inline_keyboard"].clone();
    assert_eq!(rows[0][0]["text"], "AGB");
    let sent = w.client.send(olga, "/help").await.unwrap();
    w.client
        .wait_for(olga, sent, WAIT, |m| m.body() == "Спрашивайте что угодно.")
        .await
        .unwrap();
    // The trail names the language of a change.
    let texts = settings::texts(&w.store.read).await.unwrap();
    let german = texts
        .iter()
        .find(|t| t.key == "help" && t.lang == Lang::De)
        .unwrap();
    assert!(german.from_english && !german.custom);
}
