//! The books against Telegram's over the simulator: a shop with sales, a refund and an
//! affiliate's commission agrees with the bot's balance to the nanostar; planted differences (a
//! payment whose update the bot never handled, a refund made straight through the Bot API, an
//! order Telegram never charged, a withdrawal the ledger does not list) are each named with
//! their effect, and "Reconcile now" leaves only what Stardesk cannot fix.

use std::sync::Mutex;

use serde_json::{Value, json};
use stardesk_core::{
    audit::Who,
    books::{self, Books, LineKind, Phase, Progress, StarAmount},
    catalog::Kind,
    db,
    demo::{
        self,
        sim_client::{Affiliate, AffiliatePartner},
    },
    refunds::{self, Category, Why},
    runtime::{self, BotConfig},
    telegram::BotApi,
};
use stardesk_tests::{WAIT, World, stardeskd_ok};

const NANO: i64 = 1_000_000_000;

fn api(w: &World) -> BotApi {
    runtime::api(&BotConfig::new(w.sim.url(), demo::DEMO_TOKEN), w.shop.retry).unwrap()
}

/// One Bot API call as the bot's token holder makes it.
async fn bot_call(w: &World, method: &str, params: Value) -> Value {
    let v: Value = reqwest::Client::new()
        .post(format!("{}/bot{}/{method}", w.sim.url(), demo::DEMO_TOKEN))
        .json(&params)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["ok"], true, "{method}: {v}");
    v["result"].clone()
}

/// A check, with every progress report it made.
async fn check(w: &World) -> (Books, Vec<Progress>) {
    let seen = Mutex::new(Vec::new());
    let report = |p: Progress| seen.lock().unwrap().push(p);
    let books = books::check(&w.shop, &api(w), runtime::bot_id(demo::DEMO_TOKEN), &report)
        .await
        .unwrap();
    (books, seen.into_inner().unwrap())
}

fn nanos(a: StarAmount) -> i64 {
    a.nanos()
}

/// The lines as (kind, order, effect in nanostars), in the check's order.
fn lines(b: &Books) -> Vec<(LineKind, Option<i64>, i64)> {
    b.lines
        .iter()
        .map(|l| (l.kind, l.order_id, l.effect.nanos()))
        .collect()
}

/// Stardesk's balance plus every line's effect is Telegram's balance.
fn assert_explained(b: &Books) {
    let effects: i64 = b.lines.iter().map(|l| l.effect.nanos()).sum();
    assert_eq!(nanos(b.stardesk) + effects, nanos(b.telegram), "{b:#?}");
    assert_eq!(nanos(b.telegram) - nanos(b.stardesk), nanos(b.difference));
}

/// Telegram's balance as the simulator keeps it.
async fn sim_balance(w: &World) -> i64 {
    let v: Value = reqwest::get(format!("{}/sim/bot", w.sim.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["balance"].as_i64().unwrap() * NANO + v["balance_nanostars"].as_i64().unwrap()
}

/// Pays an invoice while the bot is stopped, answering its pre-checkout query in the bot's
/// place and confirming the `successful_payment` update so that the bot never sees it: the
/// payment reaches only Telegram's ledger. Returns the charge id.
async fn pay_behind_the_bots_back(w: &World, user: i64, invoice_message: i64) -> String {
    let client = w.client.clone();
    let pay = tokio::spawn(async move { client.pay(user, invoice_message).await });
    let end = tokio::time::Instant::now() + WAIT;
    let mut offset = 0;
    let mut answered = false;
    loop {
        assert!(
            tokio::time::Instant::now() < end,
            "the payment did not go through"
        );
        let updates = bot_call(w, "getUpdates", json!({"offset": offset, "timeout": 1})).await;
        for u in updates.as_array().unwrap() {
            offset = offset.max(u["update_id"].as_i64().unwrap() + 1);
            if let Some(id) = u["pre_checkout_query"]["id"].as_str() {
                bot_call(
                    w,
                    "answerPreCheckoutQuery",
                    json!({"pre_checkout_query_id": id, "ok": true}),
                )
                .await;
                answered = true;
            }
        }
        if answered && pay.is_finished() {
            break;
        }
    }
    let outcome = pay.await.unwrap().unwrap();
    assert_eq!(outcome.status, "paid", "{outcome:?}");
    // Confirm whatever came with it (the successful_payment): the bot never gets it.
    loop {
        let updates = bot_call(w, "getUpdates", json!({"offset": offset, "timeout": 0})).await;
        let Some(last) = updates.as_array().unwrap().last() else {
            break;
        };
        offset = last["update_id"].as_i64().unwrap() + 1;
    }
    outcome.charge_id.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_books_agree_with_telegram_and_a_planted_difference_is_explained_line_by_line() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 250).await;
    w.start_bot();
    let (ann, bob, carol, dan, eve) = (
        w.client.create_user("Ann", None).await.unwrap(),
        w.client.create_user("Bob", None).await.unwrap(),
        w.client.create_user("Carol", None).await.unwrap(),
        w.client.create_user("Dan", None).await.unwrap(),
        w.client.create_user("Eve", None).await.unwrap(),
    );
    let (paid, _) = w.client.buy(ann, guide.id, WAIT).await.unwrap();
    let ann_charge = paid.charge_id.unwrap();
    let invoice = w.client.open_invoice(bob, guide.id, WAIT).await.unwrap();
    let through_carol = Affiliate {
        partner: AffiliatePartner::User(carol),
        commission_per_mille: 125,
    };
    let paid = w
        .client
        .pay_through(bob, invoice.message_id, Some(&through_carol))
        .await
        .unwrap();
    assert_eq!(paid.status, "paid");
    let bob_charge = paid.charge_id.unwrap();
    let (paid, _) = w.client.buy(dan, guide.id, WAIT).await.unwrap();
    let dan_charge = paid.charge_id.unwrap();
    w.quiet().await;
    let order_of = |charge: String| {
        let store = w.store.clone();
        async move {
            db::orders::by_charge(&store.read, &charge)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    let (ann_order, bob_order, dan_order) = (
        order_of(ann_charge.clone()).await,
        order_of(bob_charge).await,
        order_of(dan_charge).await,
    );
    refunds::refund(
        &w.shop,
        &api(&w),
        dan_order,
        &Who::operator("merchant"),
        &Why::new(Category::CustomerRequest, "asked for it"),
    )
    .await
    .unwrap();

    // Telegram's commission on Bob's payment is in its ledger only, not yet in the books.
    let (b, progress) = check(&w).await;
    assert_eq!(nanos(b.telegram), 468 * NANO + 750_000_000);
    assert_eq!(nanos(b.telegram), sim_balance(&w).await);
    assert_eq!((b.payments, b.orders, b.refunds), (750, 3, 250));
    assert_eq!(nanos(b.stardesk), 500 * NANO);
    assert_eq!(
        lines(&b),
        vec![(
            LineKind::CommissionNotRecorded,
            Some(bob_order),
            -31 * NANO - 250_000_000
        )]
    );
    assert!(b.lines[0].fixable && !b.agree);
    assert_explained(&b);
    // Progress: pages read, then done, never past what it expects.
    assert_eq!(progress.last().unwrap().phase, Phase::Done);
    assert_eq!(progress.last().unwrap().scanned, 4);
    assert_eq!(b.transactions, 4);
    assert!(
        progress.iter().all(|p| p.scanned <= p.expected),
        "{progress:?}"
    );

    w.runtime
        .as_ref()
        .unwrap()
        .reconciler()
        .run()
        .await
        .unwrap();
    let (b, _) = check(&w).await;
    assert!(b.agree, "{b:#?}");
    assert_eq!(b.lines, vec![]);
    assert_eq!(nanos(b.stardesk), 468 * NANO + 750_000_000);
    assert_eq!(nanos(b.commissions), 31 * NANO + 250_000_000);
    assert_eq!(b.telegram, b.stardesk);
    assert_eq!(books::last(&w.shop).await.unwrap(), Some(b.clone()));

    // Planted: Eve pays while the bot is away and her update is lost; Ann is refunded straight
    // through the Bot API; an order Telegram never charged for is written into the store.
    let invoice = w.client.open_invoice(eve, guide.id, WAIT).await.unwrap();
    w.quiet().await;
    w.stop_bot().await;
    let eve_charge = pay_behind_the_bots_back(&w, eve, invoice.message_id).await;
    bot_call(
        &w,
        "refundStarPayment",
        json!({"user_id": ann, "telegram_payment_charge_id": ann_charge}),
    )
    .await;
    let planted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO orders (charge_id, customer_id, product_id, product_title, stars, payload, status, created_at)
         VALUES ('planted-1', ?, ?, 'Guide', 40, 'planted', 'delivered', 1767225600) RETURNING id",
    )
    .bind(bob)
    .bind(guide.id)
    .fetch_one(&w.store.write)
    .await
    .unwrap();

    let (b, _) = check(&w).await;
    assert!(!b.agree);
    let mut got = lines(&b);
    got.sort();
    assert_eq!(
        got,
        vec![
            (LineKind::OrderNotInLedger, Some(planted), -40 * NANO),
            (LineKind::PaymentWithoutOrder, None, 250 * NANO),
            (LineKind::RefundNotRecorded, Some(ann_order), -250 * NANO),
        ]
    );
    assert_eq!(nanos(b.difference), -40 * NANO);
    assert_explained(&b);
    let eve_line = b
        .lines
        .iter()
        .find(|l| l.kind == LineKind::PaymentWithoutOrder)
        .unwrap();
    assert_eq!(eve_line.charge_id.as_deref(), Some(eve_charge.as_str()));
    assert_eq!(eve_line.customer.as_deref(), Some("Eve"));
    assert!(eve_line.fixable);
    let planted_line = b
        .lines
        .iter()
        .find(|l| l.kind == LineKind::OrderNotInLedger)
        .unwrap();
    assert!(!planted_line.fixable);
    assert!(
        planted_line.explanation.starts_with(&format!(
            "Order #{planted} (40 Stars from Bob) has no payment"
        )),
        "{}",
        planted_line.explanation
    );

    // Reconcile now: Eve's order is recovered and Ann's refund recorded; the planted order stays.
    let seen = Mutex::new(Vec::new());
    let report = |p: Progress| seen.lock().unwrap().push(p);
    let done = books::reconcile(
        &w.shop,
        &api(&w),
        runtime::bot_id(demo::DEMO_TOKEN),
        &report,
    )
    .await
    .unwrap();
    assert_eq!(
        (done.report.recovered, done.report.refunds_recorded),
        (1, 1)
    );
    let phases: Vec<Phase> = seen.into_inner().unwrap().iter().map(|p| p.phase).collect();
    assert_eq!(phases.first(), Some(&Phase::Reconciling));
    assert!(phases.contains(&Phase::Reading));
    assert_eq!(phases.last(), Some(&Phase::Done));
    let b = done.books;
    assert_eq!(
        lines(&b),
        vec![(LineKind::OrderNotInLedger, Some(planted), -40 * NANO)]
    );
    assert_eq!(nanos(b.difference), -40 * NANO);
    assert_eq!(nanos(b.telegram), 468 * NANO + 750_000_000);
    assert_explained(&b);
    let eve_order = db::orders::by_charge(&w.store.read, &eve_charge)
        .await
        .unwrap()
        .unwrap();
    assert!(eve_order.recovered);

    // A withdrawal the simulator's ledger does not list: the balance moved with no transaction
    // to explain it.
    w.client.withdraw(100).await.unwrap();
    let (b, _) = check(&w).await;
    assert_eq!(
        lines(&b),
        vec![
            (LineKind::OrderNotInLedger, Some(planted), -40 * NANO),
            (LineKind::Unexplained, None, -100 * NANO),
        ]
    );
    assert_explained(&b);

    // stardeskd prints the same: the two balances, each line, the difference.
    let printed = stardeskd_ok(w.dir.path(), &w.sim.url(), demo::DEMO_TOKEN, &["books"]).await;
    assert!(
        printed.contains("Stardesk's books: 508.75 ⭐")
            && printed.contains("Telegram's balance: 368.75 ⭐")
            && printed.contains(&format!("order #{planted} (planted-1)"))
            && printed.contains("unexplained")
            && printed.trim_end().ends_with("Difference: -140 ⭐"),
        "{printed}"
    );
}
