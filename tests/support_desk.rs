//! The support desk over the simulator, with the real bot: refunds by support (once, the code
//! revoked, Telegram's refusals kept retryable), refund requests from the chat (approved,
//! declined, refused, decided by the automatic rule), the support inbox, and a refund of 500
//! orders at once.

use std::time::{Duration, Instant};

use serde_json::json;
use stardesk_core::{
    audit::Who,
    catalog::Kind,
    db,
    demo::{self, sim_client::ChatMessage},
    error::Error,
    orders::{self, Status},
    pacer::Limits,
    refunds::{self, Category, Refunded, Why, batch, policy},
    requests::{self, RequestState},
    runtime::{self, BotConfig},
    support::{self, ConversationStatus},
};
use stardesk_tests::{WAIT, World};

fn support_person() -> Who {
    Who::operator("Ann")
}

fn why() -> Why {
    Why::new(Category::CustomerRequest, "wrong region")
}

/// A customer who bought one code; returns (customer, order id).
async fn bought(w: &World, name: &str, product_id: i64) -> (i64, i64) {
    let user = w.client.create_user(name, None).await.unwrap();
    let (outcome, goods) = w.client.buy(user, product_id, WAIT).await.unwrap();
    assert_eq!(outcome.status, "paid");
    assert!(goods.is_some());
    w.quiet().await;
    let order = orders::of_customer(&w.store.read, user, 1)
        .await
        .unwrap()
        .remove(0);
    (user, order.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn support_refunds_once_the_customer_is_told_and_the_code_is_never_sold_again() {
    let mut w = World::new().await;
    let p = w.product(Kind::Code, "Game key", 40).await;
    w.codes(&p, &["KEY-1", "KEY-2"]).await;
    w.start_bot();
    let api = w.runtime.as_ref().unwrap().api();
    let (ann, order_id) = bought(&w, "Ann", p.id).await;

    let preview = refunds::preview(&w.store, order_id).await.unwrap();
    assert_eq!(preview.stars, 40);
    assert!(
        preview.revokes[0].contains("KEY-1"),
        "{:?}",
        preview.revokes
    );
    let done = refunds::refund_and_tell(&w.shop, api.as_ref(), order_id, &support_person(), &why())
        .await
        .unwrap();
    assert_eq!(done, Refunded::Now);
    w.client
        .wait_for(ann, 0, WAIT, |m| m.body().contains("was refunded"))
        .await
        .unwrap();
    // A second refund (a double click, a second window) changes nothing.
    let again =
        refunds::refund_and_tell(&w.shop, api.as_ref(), order_id, &support_person(), &why())
            .await
            .unwrap();
    assert_eq!(again, Refunded::Before);
    assert_eq!(
        w.client.refunds_in_ledger().await.unwrap(),
        1,
        "one refund line in Telegram's ledger"
    );
    let record = db::refunds::of_order(&w.store.read, order_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            record.actor.as_str(),
            record.actor_name.as_str(),
            record.reason.as_str()
        ),
        ("operator", "Ann", "customer request: wrong region")
    );
    assert_eq!(
        db::codes::revoked(&w.store.read, p.id).await.unwrap(),
        vec!["KEY-1".to_string()]
    );
    // The next buyer gets the other code; then the product is sold out, KEY-1 is never sold again.
    let (bob, _) = bought(&w, "Bob", p.id).await;
    let chat = w.client.chat(bob).await.unwrap();
    assert!(chat.iter().any(|m| m.body().contains("KEY-2")));
    assert!(!chat.iter().any(|m| m.body().contains("KEY-1")));
    assert_eq!(
        stardesk_core::catalog::get(&w.store.read, p.id)
            .await
            .unwrap()
            .unwrap()
            .stock_left,
        Some(0)
    );
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_low_balance_or_a_fault_leaves_the_order_unrefunded_and_retryable() {
    let mut w = World::new().await;
    let p = w.product(Kind::Text, "Guide", 30).await;
    // One try per call: each 5xx costs teloxide's 10 s pause before it answers.
    w.shop.retry.attempts = 1;
    w.start_bot();
    let api = w.runtime.as_ref().unwrap().api();
    let (_, order_id) = bought(&w, "Ann", p.id).await;

    // The owner withdrew the Stars: Telegram answers BALANCE_TOO_LOW.
    w.client.withdraw(30).await.unwrap();
    let e = refunds::refund(&w.shop, api.as_ref(), order_id, &support_person(), &why())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::NotRefunded(m) if m.contains("balance is too low")),
        "{e}"
    );
    assert_eq!(e.body().code, "not_refunded");
    let order = orders::get(&w.store.read, order_id).await.unwrap().unwrap();
    assert_eq!(order.status, Status::Delivered);
    assert!(
        db::refunds::of_order(&w.store.read, order_id)
            .await
            .unwrap()
            .is_none()
    );

    // Another sale brings Stars in; Telegram's server then fails every call.
    bought(&w, "Bob", p.id).await;
    w.client
        .faults(json!({ "error_rate": 1.0, "seed": 7 }))
        .await
        .unwrap();
    let e = refunds::refund(&w.shop, api.as_ref(), order_id, &support_person(), &why())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::NotRefunded(m) if m.contains("could not be reached")),
        "{e}"
    );
    assert!(
        db::refunds::of_order(&w.store.read, order_id)
            .await
            .unwrap()
            .is_none()
    );
    w.client.faults(json!({ "error_rate": 0.0 })).await.unwrap();

    // Trying again refunds it, once.
    let done = refunds::refund(&w.shop, api.as_ref(), order_id, &support_person(), &why())
        .await
        .unwrap();
    assert_eq!(done, Refunded::Now);
    assert_eq!(w.client.refunds_in_ledger().await.unwrap(), 1);
    w.stop_bot().await;
}

/// The customer opens /purchases and presses "Ask for a refund" under the order; returns the
/// bot's question.
async fn ask_for_refund(
    w: &World,
    user: i64,
    order_id: i64,
) -> stardesk_core::demo::sim_client::ChatMessage {
    let sent = w.client.send(user, "/purchases").await.unwrap();
    let list = w
        .client
        .wait_for(user, sent, WAIT, |m| m.body().contains("Your purchases"))
        .await
        .unwrap();
    let data = format!("refund:{order_id}");
    assert!(
        list.button(&data).is_some(),
        "no refund button for #{order_id}: {:?}",
        list.reply_markup
    );
    w.client.press(user, list.message_id, &data).await.unwrap();
    w.client
        .wait_for(user, list.message_id, WAIT, |m| {
            m.body().contains("why you want a refund")
        })
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_from_the_chat_is_approved_or_declined_and_the_customer_reads_the_outcome() {
    let mut w = World::new().await;
    let p = w.product(Kind::Text, "Guide", 25).await;
    w.start_bot();
    let api = w.runtime.as_ref().unwrap().api();
    let (ann, order_id) = bought(&w, "Ann", p.id).await;

    let question = ask_for_refund(&w, ann, order_id).await;
    w.client
        .send(
            ann,
            "It is not what the <b>card</b> said & I want my Stars back",
        )
        .await
        .unwrap();
    let received = w
        .client
        .wait_for(ann, question.message_id, WAIT, |m| {
            m.body().contains("received")
        })
        .await
        .unwrap();
    assert!(received.body().contains(&format!("order #{order_id}")));
    let open = requests::list(&w.store, Some(RequestState::Open))
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    let req = &open[0];
    assert_eq!(
        req.reason, "It is not what the <b>card</b> said & I want my Stars back",
        "kept as written"
    );
    assert_eq!(
        (req.order_id, req.stars, req.total_spent),
        (order_id, 25, 25)
    );
    // One open request per order: the button is gone.
    let sent = w.client.send(ann, "/purchases").await.unwrap();
    let list = w
        .client
        .wait_for(ann, sent, WAIT, |m| m.body().contains("Your purchases"))
        .await
        .unwrap();
    assert!(list.button("refund:").is_none());

    let approved = requests::approve(&w.shop, api.as_ref(), req.id, &support_person())
        .await
        .unwrap();
    assert_eq!(approved.state, RequestState::Approved);
    assert_eq!(approved.decider.as_deref(), Some("Ann"));
    w.client
        .wait_for(ann, sent, WAIT, |m| m.body().contains("was approved"))
        .await
        .unwrap();
    assert_eq!(
        orders::get(&w.store.read, order_id)
            .await
            .unwrap()
            .unwrap()
            .status,
        Status::Refunded
    );
    // Approving again changes nothing.
    requests::approve(&w.shop, api.as_ref(), req.id, &support_person())
        .await
        .unwrap();
    assert_eq!(w.client.refunds_in_ledger().await.unwrap(), 1);

    // Another order, another request: declined with a message the customer reads, escaped.
    let (_, second) = {
        let (outcome, _) = w.client.buy(ann, p.id, WAIT).await.unwrap();
        assert_eq!(outcome.status, "paid");
        w.quiet().await;
        let o = orders::of_customer(&w.store.read, ann, 1)
            .await
            .unwrap()
            .remove(0);
        (ann, o.id)
    };
    let question = ask_for_refund(&w, ann, second).await;
    w.client.send(ann, "changed my mind").await.unwrap();
    w.client
        .wait_for(ann, question.message_id, WAIT, |m| {
            m.body().contains("received")
        })
        .await
        .unwrap();
    let req = requests::list(&w.store, Some(RequestState::Open))
        .await
        .unwrap()
        .remove(0);
    let empty = requests::decline(&w.shop, api.as_ref(), req.id, &support_person(), " ").await;
    assert!(
        matches!(empty, Err(Error::Invalid(_))),
        "a decline needs a message"
    );
    let declined = requests::decline(
        &w.shop,
        api.as_ref(),
        req.id,
        &support_person(),
        "The guide was <i>opened</i> already",
    )
    .await
    .unwrap();
    assert_eq!(declined.state, RequestState::Declined);
    let told = w
        .client
        .wait_for(ann, question.message_id, WAIT, |m| {
            m.body().contains("was declined")
        })
        .await
        .unwrap();
    assert!(
        told.body().contains("The guide was <i>opened</i> already"),
        "shown as written: {}",
        told.body()
    );
    assert_eq!(
        orders::get(&w.store.read, second)
            .await
            .unwrap()
            .unwrap()
            .status,
        Status::Delivered
    );
    // The conversation holds the whole story.
    let conversations = support::conversations(&w.store, None).await.unwrap();
    assert_eq!(conversations.len(), 1);
    let messages = support::messages(&w.store, conversations[0].id)
        .await
        .unwrap();
    assert!(messages.len() >= 4, "{messages:?}");
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_outside_the_window_or_for_someone_elses_order_get_a_clear_answer() {
    let mut w = World::new().await;
    let p = w.product(Kind::Text, "Guide", 25).await;
    w.start_bot();
    let (ann, order_id) = bought(&w, "Ann", p.id).await;
    let api = w.runtime.as_ref().unwrap().api();
    // Bob has no button for Ann's order; a request for it (a crafted button) is refused.
    let bob = w.client.create_user("Bob", None).await.unwrap();
    let refused = requests::create(&w.shop, api.as_ref(), bob, "Bob", order_id, "mine")
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(refused, requests::Refusal::NotYours);
    assert!(
        refused
            .message(stardesk_core::texts::Lang::En)
            .contains("not in your purchases")
    );

    // An order older than the window: a sale of 20 days ago.
    let old = 9_000_000;
    let mut conn = w.store.write.acquire().await.unwrap();
    db::seed::insert_orders(
        &mut conn,
        &[db::seed::SeedOrder {
            id: old,
            charge_id: "old-charge".into(),
            customer_id: ann,
            product_id: p.id,
            product_title: p.title.clone(),
            stars: 25,
            status: "delivered",
            created_at: db::now() - 20 * 86_400,
        }],
    )
    .await
    .unwrap();
    drop(conn);
    let sent = w.client.send(ann, "/purchases").await.unwrap();
    let list = w
        .client
        .wait_for(ann, sent, WAIT, |m| m.body().contains("Your purchases"))
        .await
        .unwrap();
    assert!(list.button(&format!("refund:{order_id}")).is_some());
    assert!(
        list.button(&format!("refund:{old}")).is_none(),
        "outside the 14 days"
    );
    let refused = requests::create(&w.shop, api.as_ref(), ann, "Ann", old, "late")
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(refused, requests::Refusal::OutsideWindow { days: 14 });
    assert!(
        refused
            .message(stardesk_core::texts::Lang::En)
            .contains("within 14 days")
    );
    assert!(requests::list(&w.store, None).await.unwrap().is_empty());

    // /paysupport says how to ask, and the policy.
    let sent = w.client.send(ann, "/paysupport").await.unwrap();
    w.client
        .wait_for(ann, sent, WAIT, |m| {
            m.body().contains("Ask for a refund") && m.body().contains("14 days")
        })
        .await
        .unwrap();
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_automatic_rule_approves_small_early_requests_and_leaves_the_rest() {
    let mut w = World::new().await;
    let cheap = w.product(Kind::Text, "Sticker pack", 10).await;
    let dear = w.product(Kind::Text, "Course", 900).await;
    policy::set(
        &w.store,
        &support_person(),
        &policy::RefundPolicy {
            auto_approve: true,
            auto_max_stars: 50,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    w.start_bot();
    let (ann, small) = bought(&w, "Ann", cheap.id).await;
    let q = ask_for_refund(&w, ann, small).await;
    w.client.send(ann, "bought by mistake").await.unwrap();
    w.client
        .wait_for(ann, q.message_id, WAIT, |m| {
            m.body().contains("was approved")
        })
        .await
        .unwrap();
    let req = requests::list(&w.store, None).await.unwrap().remove(0);
    assert_eq!(req.state, RequestState::Approved);
    assert_eq!(req.decided_by, Some(stardesk_core::audit::Actor::Rule));

    // Above the rule's limit: left for a person.
    let (outcome, _) = w.client.buy(ann, dear.id, WAIT).await.unwrap();
    assert_eq!(outcome.status, "paid");
    w.quiet().await;
    let big = orders::of_customer(&w.store.read, ann, 1)
        .await
        .unwrap()
        .remove(0)
        .id;
    let q = ask_for_refund(&w, ann, big).await;
    w.client.send(ann, "too hard").await.unwrap();
    w.client
        .wait_for(ann, q.message_id, WAIT, |m| m.body().contains("received"))
        .await
        .unwrap();
    let open = requests::list(&w.store, Some(RequestState::Open))
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].order_id, big);

    // With the rule off, a small one waits for a person too.
    policy::set(
        &w.store,
        &support_person(),
        &policy::RefundPolicy::default(),
    )
    .await
    .unwrap();
    let (outcome, _) = w.client.buy(ann, cheap.id, WAIT).await.unwrap();
    assert_eq!(outcome.status, "paid");
    w.quiet().await;
    let third = orders::of_customer(&w.store.read, ann, 1)
        .await
        .unwrap()
        .remove(0)
        .id;
    let q = ask_for_refund(&w, ann, third).await;
    w.client.send(ann, "again by mistake").await.unwrap();
    w.client
        .wait_for(ann, q.message_id, WAIT, |m| m.body().contains("received"))
        .await
        .unwrap();
    assert_eq!(
        requests::list(&w.store, Some(RequestState::Open))
            .await
            .unwrap()
            .len(),
        2
    );
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_customers_write_reaches_the_inbox_and_replies_go_out_escaped() {
    let mut w = World::new().await;
    w.start_bot();
    let api = w.runtime.as_ref().unwrap().api();
    let ann = w.client.create_user("Ann", None).await.unwrap();
    let first = w
        .client
        .send(ann, "Hello, my code does not work")
        .await
        .unwrap();
    let ack = w
        .client
        .wait_for(ann, first, WAIT, |m| {
            m.body().contains("a person will answer")
        })
        .await
        .unwrap();
    let second = w.client.send(ann, "It says <expired>").await.unwrap();
    w.quiet().await;
    let chat = w.client.chat_since(ann, ack.message_id).await.unwrap();
    assert!(
        chat.iter().all(|m| !m.from_bot),
        "acknowledged once per conversation: {chat:?}"
    );
    let list = support::conversations(&w.store, Some(ConversationStatus::Open))
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].unread, 2);
    assert_eq!(list[0].last_text, "It says <expired>");
    let id = list[0].id;

    support::reply(
        &w.shop,
        api.as_ref(),
        id,
        &support_person(),
        "Try <b>this</b> & again",
    )
    .await
    .unwrap();
    w.client
        .wait_for(ann, second, WAIT, |m| m.body() == "Try <b>this</b> & again")
        .await
        .unwrap();
    let c = support::conversation_by_id(&w.store, id).await.unwrap();
    assert_eq!((c.status, c.unread), (ConversationStatus::Waiting, 0));

    // Resolved; a new message opens it again and is acknowledged again.
    support::set_status(
        &w.store,
        &support_person(),
        id,
        ConversationStatus::Resolved,
    )
    .await
    .unwrap();
    let third = w.client.send(ann, "One more thing").await.unwrap();
    w.client
        .wait_for(ann, third, WAIT, |m| {
            m.body().contains("a person will answer")
        })
        .await
        .unwrap();
    let c = support::conversation_by_id(&w.store, id).await.unwrap();
    assert_eq!(c.status, ConversationStatus::Open);
    assert_eq!(support::messages(&w.store, id).await.unwrap().len(), 4);
    w.stop_bot().await;
}

/// The figure: 500 orders refunded at once against the simulator, each exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_orders_refunded_at_once_each_exactly_once() {
    const N: usize = 500;
    let mut w = World::new().await;
    let p = w.product(Kind::Text, "Guide", 3).await;
    // Its subject is exactly-once refunds at volume. Paced at Telegram's one message a second
    // per chat, the 500 purchases' messages (invoice, goods, receipt) and the 500 refund
    // notices to 20 chats would take two minutes of waiting; tests/pacing.rs tests pacing.
    w.start_bot_unpaced();
    let api = w.runtime.as_ref().unwrap().api();
    let buyers: Vec<i64> = {
        let mut v = Vec::new();
        for i in 0..20 {
            v.push(
                w.client
                    .create_user(&format!("Buyer {i}"), None)
                    .await
                    .unwrap(),
            );
        }
        v
    };
    // 500 payments (25 per buyer), through the bot.
    let mut tasks = Vec::new();
    for &user in &buyers {
        let client = w.client.clone();
        let product = p.id;
        tasks.push(tokio::spawn(async move {
            for _ in 0..N / 20 {
                let invoice = client.open_invoice(user, product, WAIT).await.unwrap();
                assert_eq!(
                    client.pay(user, invoice.message_id).await.unwrap().status,
                    "paid"
                );
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    w.quiet().await;
    assert_eq!(w.order_count().await, N as i64);
    let ids: Vec<i64> = (1..=N as i64).collect();
    let started = Instant::now();
    let id = batch::create(&w.store, &support_person(), &ids, &why())
        .await
        .unwrap();
    let done = batch::run(&w.shop, api.as_ref(), id).await.unwrap();
    let took = started.elapsed();
    let refunded = done
        .items
        .iter()
        .filter(|i| i.state == batch::ItemState::Refunded)
        .count();
    assert_eq!((refunded, done.failed), (N, 0));
    println!(
        "bulk refund: {N} orders in {:.1} s ({:.0} refunds/s), each refunded once",
        took.as_secs_f64(),
        N as f64 / took.as_secs_f64()
    );
    // Running it again (a resumed batch, a second window) refunds nothing more.
    let id2 = batch::create(&w.store, &support_person(), &ids, &why())
        .await
        .unwrap();
    let again = batch::run(&w.shop, api.as_ref(), id2).await.unwrap();
    assert!(
        again
            .items
            .iter()
            .all(|i| i.state == batch::ItemState::Already)
    );
    w.quiet().await;
    assert_eq!(
        w.client.refunds_in_ledger().await.unwrap(),
        N,
        "each order refunded exactly once"
    );
    w.stop_bot().await;
}

/// A batch's refunds do not wait for its notices, which Telegram lets into a chat once a second:
/// every order is refunded while the notices are still going out, and then each has come, in
/// the batch's order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_refunds_on_while_its_notices_wait_their_turn() {
    const N: usize = 8;
    let mut w = World::new().await;
    let p = w.product(Kind::Text, "Notes", 2).await;
    w.start_bot_unpaced();
    let user = w.client.create_user("Many", None).await.unwrap();
    for _ in 0..N {
        let (out, goods) = w.client.buy(user, p.id, WAIT).await.unwrap();
        assert_eq!(out.status, "paid");
        assert!(goods.is_some());
    }
    w.quiet().await;
    w.stop_bot().await;
    // The refunds go through Telegram's limits: three messages at once to a chat, then one a
    // second.
    let config = BotConfig {
        pacing: Some(Limits::TELEGRAM),
        ..BotConfig::new(w.sim.url(), demo::DEMO_TOKEN)
    };
    let api = runtime::api(&config, w.shop.retry).unwrap();
    let mut ids: Vec<i64> = orders::of_customer(&w.store.read, user, N as i64)
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect();
    ids.sort();
    assert_eq!(ids.len(), N);
    let id = batch::create(&w.store, &support_person(), &ids, &why())
        .await
        .unwrap();
    let run = {
        let shop = w.shop.clone();
        tokio::spawn(async move { batch::run(&shop, &api, id).await })
    };
    let notices = |chat: Vec<ChatMessage>| -> Vec<String> {
        chat.into_iter()
            .filter(|m| m.body().contains("was refunded"))
            .map(|m| m.body().to_string())
            .collect()
    };
    let end = Instant::now() + WAIT;
    loop {
        let b = batch::get(&w.shop, id).await.unwrap();
        if b.done == N as i64 {
            break;
        }
        assert!(Instant::now() < end, "the batch did not refund its orders");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let told = notices(w.client.chat(user).await.unwrap()).len();
    assert!(
        told < N,
        "the refunds waited for the notices: {told} of {N} had gone out when the last order was refunded"
    );
    let done = run.await.unwrap().unwrap();
    assert_eq!(
        done.items
            .iter()
            .filter(|i| i.state == batch::ItemState::Refunded)
            .count(),
        N
    );
    // When the batch returns, its notices have all gone, each once and in order.
    let told = notices(w.client.chat(user).await.unwrap());
    let want: Vec<String> = ids
        .iter()
        .map(|id| format!("Order #{id} (Notes) was refunded"))
        .collect();
    assert_eq!(told.len(), N, "{told:?}");
    for (said, want) in told.iter().zip(&want) {
        assert!(said.starts_with(want.as_str()), "{said} is not {want}");
    }
}

/// The code an authenticator app shows for `secret` at unix time `at`.
fn authenticator(secret: &str, at: i64) -> String {
    let key = totp_rs::Secret::try_from_base32(secret).unwrap();
    totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(key)
        .build()
        .unwrap()
        .generate(at as u64)
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_refund_from_the_window_asks_for_a_code_and_five_wrong_codes_lock_it() {
    use stardesk_core::{
        catalog::{self, ProductDraft},
        stepup,
    };
    let dir = tempfile::tempdir().unwrap();
    let desk = stardesk_tests::demo_desk(dir.path()).await;
    desk.start().await.unwrap();
    let store = desk.store();
    let course = catalog::create(
        &store,
        &Who::operator("merchant"),
        &ProductDraft {
            kind: Kind::Text,
            title: "Masterclass".into(),
            description: "Three hours".into(),
            price: 600,
            per_customer_limit: None,
            stock: None,
            content: Some("https://example.com/class".into()),
            channel_id: None,
        },
    )
    .await
    .unwrap();
    let shopper = desk
        .create_shopper("Rich", stardesk_core::texts::Lang::En)
        .await
        .unwrap();
    let mut orders = Vec::new();
    for _ in 0..2 {
        let step = desk.buy(shopper.id, course.id).await.unwrap();
        assert_eq!(step.purchase.unwrap().status, "paid");
    }
    for o in stardesk_core::orders::of_customer(&store.read, shopper.id, 2)
        .await
        .unwrap()
    {
        orders.push(o.id);
    }

    // Without an authenticator nothing asks for a code; enrolled, 600 Stars is above 500.
    assert!(
        !refunds::preview(&store, orders[0])
            .await
            .unwrap()
            .needs_code
    );
    let enrolment = desk.step_up_begin().await.unwrap();
    assert!(enrolment.uri.starts_with("otpauth://totp/"));
    assert!(enrolment.qr_svg.contains("<svg"));
    let now = db::now();
    desk.step_up_confirm(&authenticator(&enrolment.secret, now - 30))
        .await
        .unwrap();
    assert!(
        refunds::preview(&store, orders[0])
            .await
            .unwrap()
            .needs_code
    );

    let why = || Why::new(Category::Duplicate, "");
    let e = desk
        .operator_refund(orders[0], why(), None)
        .await
        .unwrap_err();
    assert_eq!(e.body().code, "step_up", "{e}");
    let e = desk
        .operator_refund(orders[0], why(), Some("000000"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not right"), "{e}");
    let right = authenticator(&enrolment.secret, now);
    assert_eq!(
        desk.operator_refund(orders[0], why(), Some(&right))
            .await
            .unwrap(),
        Refunded::Now
    );

    // Five wrong codes lock risky actions, even with the right code after them.
    let mut last = None;
    for _ in 0..5 {
        last = Some(
            desk.operator_refund(orders[1], why(), Some("000000"))
                .await
                .unwrap_err(),
        );
    }
    assert_eq!(last.unwrap().body().code, "step_up_locked");
    let next = authenticator(&enrolment.secret, now + 30);
    let e = desk
        .operator_refund(orders[1], why(), Some(&next))
        .await
        .unwrap_err();
    assert_eq!(e.body().code, "step_up_locked", "{e}");
    assert!(stepup::status(&store).await.unwrap().locked_until.is_some());
    assert_eq!(
        stardesk_core::orders::get(&store.read, orders[1])
            .await
            .unwrap()
            .unwrap()
            .status,
        Status::Delivered
    );
    // Bulk refunds ask for a code too.
    let e = desk
        .refund_many(&[orders[1]], why(), None)
        .await
        .unwrap_err();
    assert_eq!(e.body().code, "step_up_locked");
    desk.shutdown().await;
}
