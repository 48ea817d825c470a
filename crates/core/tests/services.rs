//! The money paths as services, each on a fresh migrated database and a recording Telegram:
//! payments with holds and limits, deliveries message by message, refunds, reconciliation.

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use serde_json::{Value, json};
use stardesk_core::{
    Shop, Store,
    audit::{self, AuditQuery, Who},
    catalog::{self, Kind, Product, ProductDraft},
    channel_access,
    customers::Seen,
    db, deliveries,
    events::{AppEvent, Events},
    orders::{self, Status},
    payload::Payload,
    payments::{self, Payment, PreCheckout, Recorded, Refusal},
    reconcile,
    refunds::{self, Category, Refunded, Why},
    subscriptions,
    telegram::{Document, SendError, Telegram},
};

/// A Telegram that records what it was asked to do, and fails on request.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<(i64, String)>>,
    refunds: Mutex<Vec<String>>,
    /// Fail the next sends whose text contains this, with this error.
    fail: Mutex<Option<(String, SendError)>>,
    refund_answer: Mutex<Option<SendError>>,
    ledger: Mutex<Vec<Value>>,
    /// Sends whose text contains this never return (a process dying mid-send).
    hang: Mutex<Option<String>>,
    /// The text of the send now hanging.
    hanging: Mutex<Option<String>>,
    /// Telegram's `refunded_payment` update reaching this shop before the refund call returns.
    reports_refunds_to: Mutex<Option<Shop>>,
    /// Other Bot API calls, by method, in order.
    calls: Mutex<Vec<(String, Value)>>,
    /// Calls of this method fail with this error.
    fail_call: Mutex<Option<(String, SendError)>>,
}

impl Recorder {
    fn texts_to(&self, chat: i64) -> Vec<String> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .filter(|(c, _)| *c == chat)
            .map(|(_, t)| t.clone())
            .collect()
    }

    fn fail_on(&self, needle: &str, e: SendError) {
        *self.fail.lock().unwrap() = Some((needle.to_string(), e));
    }

    fn calls_of(&self, method: &str) -> Vec<Value> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, p)| p.clone())
            .collect()
    }
}

impl Telegram for Recorder {
    fn send_html(&self, chat: i64, html: String) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            if let Some((needle, e)) = self.fail.lock().unwrap().clone()
                && html.contains(&needle)
            {
                return Err(e);
            }
            let hang = self.hang.lock().unwrap().clone();
            if let Some(needle) = hang
                && html.contains(&needle)
            {
                *self.hanging.lock().unwrap() = Some(html.clone());
                futures::future::pending::<()>().await;
            }
            self.sent.lock().unwrap().push((chat, html));
            Ok(())
        })
    }

    fn send_document(
        &self,
        chat: i64,
        document: Document,
        caption: String,
    ) -> BoxFuture<'_, Result<Option<String>, SendError>> {
        Box::pin(async move {
            let name = match document {
                Document::Upload { file_name, .. } => file_name,
                Document::Known(id) => id,
            };
            self.sent
                .lock()
                .unwrap()
                .push((chat, format!("[{name}] {caption}")));
            Ok(Some("file-1".into()))
        })
    }

    fn refund_star_payment(
        &self,
        _user: i64,
        charge_id: String,
    ) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            if let Some(e) = self.refund_answer.lock().unwrap().clone() {
                return Err(e);
            }
            let report = self.reports_refunds_to.lock().unwrap().clone();
            if let Some(shop) = report {
                refunds::record_by_charge(&shop, &charge_id, &Who::telegram(), refunds::OUTSIDE)
                    .await
                    .unwrap();
            }
            self.refunds.lock().unwrap().push(charge_id);
            Ok(())
        })
    }

    fn call(&self, method: &'static str, params: Value) -> BoxFuture<'_, Result<Value, SendError>> {
        Box::pin(async move {
            if let Some((m, e)) = self.fail_call.lock().unwrap().clone()
                && m == method
            {
                return Err(e);
            }
            let n = {
                let mut calls = self.calls.lock().unwrap();
                calls.push((method.to_string(), params.clone()));
                calls.len()
            };
            Ok(match method {
                "createChatInviteLink" => {
                    json!({ "invite_link": format!("https://t.me/+invite{n}") })
                }
                // A message with buttons fails and hangs as a plain one does.
                "sendMessage" => {
                    let chat = params["chat_id"].as_i64().unwrap_or(0);
                    let text = params["text"].as_str().unwrap_or("").to_string();
                    self.send_html(chat, text).await?;
                    json!({ "message_id": n })
                }
                _ => json!(true),
            })
        })
    }

    fn star_transactions(
        &self,
        offset: i64,
        limit: i64,
    ) -> BoxFuture<'_, Result<Vec<Value>, SendError>> {
        Box::pin(async move {
            Ok(self
                .ledger
                .lock()
                .unwrap()
                .iter()
                .skip(offset as usize)
                .take(limit as usize)
                .cloned()
                .collect())
        })
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    shop: Shop,
    events: Events,
    tg: Arc<Recorder>,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let (shop, events) = Shop::open_with_events(store.clone()).await.unwrap();
    Fixture {
        _dir: dir,
        store,
        shop,
        events,
        tg: Arc::default(),
    }
}

const ALICE: i64 = 1001;
const BOB: i64 = 1002;

fn seen(id: i64) -> Seen<'static> {
    Seen {
        id,
        first_name: "Customer",
        username: None,
        language_code: None,
    }
}

impl Fixture {
    async fn product(&self, kind: Kind, limit: Option<i64>, stock: Option<i64>) -> Product {
        let p = catalog::create(
            &self.store,
            &Who::operator("merchant"),
            &ProductDraft {
                kind,
                title: "Tom & Jerry".into(),
                description: String::new(),
                price: 10,
                per_customer_limit: limit,
                stock,
                content: (kind == Kind::Text).then(|| "the secret".to_string()),
                channel_id: None,
            },
        )
        .await
        .unwrap();
        if kind == Kind::Code {
            catalog::import_codes(
                &self.store,
                &Who::operator("merchant"),
                p.id,
                "C-1\nC-2\nC-3",
            )
            .await
            .unwrap();
        }
        p
    }

    fn invoice(&self, product: &Product, customer: i64) -> String {
        Payload::new(product.id, product.price, customer).sign(&self.shop.secret)
    }

    async fn pre_checkout(&self, payload: &str, customer: i64) -> Result<(), Refusal> {
        payments::pre_checkout(
            &self.shop,
            &PreCheckout {
                customer: seen(customer),
                currency: "XTR",
                total_amount: 10,
                payload,
            },
        )
        .await
        .unwrap()
    }

    async fn pay(&self, payload: &str, customer: i64, charge: &str) -> Recorded {
        payments::paid(
            &self.shop,
            self.tg.as_ref(),
            &Payment {
                charge_id: charge,
                provider_charge_id: None,
                customer: seen(customer),
                total_amount: 10,
                payload,
                recovered: false,
                first: false,
                expires_at: None,
            },
        )
        .await
        .unwrap()
    }

    async fn order(&self, charge: &str) -> orders::Order {
        orders::by_charge(&self.store.read, charge)
            .await
            .unwrap()
            .unwrap()
    }
}

#[tokio::test]
async fn the_limit_per_customer_holds_at_pre_checkout_and_at_payment() {
    let f = fixture().await;
    let p = f.product(Kind::Code, Some(1), None).await;
    let first = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&first, ALICE).await, Ok(()));
    // A second invoice while the first is held: the limit counts the hold.
    let second = f.invoice(&p, ALICE);
    assert_eq!(
        f.pre_checkout(&second, ALICE).await,
        Err(Refusal::LimitReached(1))
    );
    f.pay(&first, ALICE, "ch-1").await;
    assert_eq!(f.order("ch-1").await.status, Status::Delivered);
    // A payment that arrives with no hold (only the ledger saw it) past the limit is refunded.
    f.pay(&second, ALICE, "ch-2").await;
    let over = f.order("ch-2").await;
    assert_eq!(over.status, Status::Refunded);
    assert_eq!(over.refund_reason.as_deref(), Some("limit_reached"));
    assert_eq!(*f.tg.refunds.lock().unwrap(), vec!["ch-2".to_string()]);
    assert!(
        f.tg.texts_to(ALICE)
            .iter()
            .any(|t| t.contains("reached the limit per customer")),
        "the customer was told why"
    );
    // Bob has his own limit.
    assert_eq!(f.pre_checkout(&f.invoice(&p, BOB), BOB).await, Ok(()));
}

#[tokio::test]
async fn one_invoice_is_payable_once() {
    let f = fixture().await;
    let p = f.product(Kind::Code, None, None).await;
    let invoice = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&invoice, ALICE).await, Ok(()));
    // Another tap on Pay for the same invoice while the first payment is under way.
    assert_eq!(
        f.pre_checkout(&invoice, ALICE).await,
        Err(Refusal::BeingPaid)
    );
    let held: i64 = sqlx::query_scalar("SELECT code_id FROM holds WHERE customer_id = ?")
        .bind(ALICE)
        .fetch_one(&f.store.read)
        .await
        .unwrap();
    f.pay(&invoice, ALICE, "ch-1").await;
    // The hold became this order: it records the order, which got the code it kept, sold.
    let first = f.order("ch-1").await;
    let (order_id, state): (Option<i64>, String) =
        sqlx::query_as("SELECT order_id, state FROM holds WHERE code_id = ?")
            .bind(held)
            .fetch_one(&f.store.read)
            .await
            .unwrap();
    assert_eq!((order_id, state.as_str()), (Some(first.id), "converted"));
    let (code_id, code_state): (Option<i64>, String) = sqlx::query_as(
        "SELECT o.code_id, c.state FROM orders o JOIN codes c ON c.id = o.code_id WHERE o.id = ?",
    )
    .bind(first.id)
    .fetch_one(&f.store.read)
    .await
    .unwrap();
    assert_eq!((code_id, code_state.as_str()), (Some(held), "sold"));
    assert_eq!(
        f.pre_checkout(&invoice, ALICE).await,
        Err(Refusal::AlreadyPaid)
    );
    // A second charge for the same invoice (Telegram let it through) takes no second code.
    f.pay(&invoice, ALICE, "ch-2").await;
    let second = f.order("ch-2").await;
    assert_eq!(second.status, Status::Refunded);
    assert_eq!(second.refund_reason.as_deref(), Some("already_paid"));
    assert_eq!(
        orders::code_of(&f.store.read, second.id).await.unwrap(),
        None
    );
}

/// A shop whose pre-checkout holds last `seconds` (negative: they have lapsed already).
async fn fixture_holding(seconds: i64) -> Fixture {
    let f = fixture().await;
    db::settings::set(&f.store.write, "hold_seconds", &seconds.to_string())
        .await
        .unwrap();
    let shop = Shop::open(f.store.clone(), Arc::new(f.events.clone()))
        .await
        .unwrap();
    assert_eq!(shop.hold_seconds, seconds);
    Fixture { shop, ..f }
}

#[tokio::test]
async fn a_hold_that_runs_out_goes_back_on_sale() {
    // Holds that last: three invoices hold the three codes, a fourth buyer finds none.
    let f = fixture_holding(120).await;
    let p = f.product(Kind::Code, None, None).await;
    for _ in 0..3 {
        assert_eq!(f.pre_checkout(&f.invoice(&p, ALICE), ALICE).await, Ok(()));
    }
    assert_eq!(
        f.pre_checkout(&f.invoice(&p, BOB), BOB).await,
        Err(Refusal::SoldOut)
    );
    let holds = |customer: i64| {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM holds h JOIN codes c ON c.hold_id = h.id AND c.state = 'held'
             WHERE h.customer_id = ? AND h.state = 'active'",
        )
        .bind(customer)
        .fetch_one(&f.store.read)
    };
    assert_eq!(
        holds(ALICE).await.unwrap(),
        3,
        "each hold keeps its own code"
    );
    let bobs: i64 = sqlx::query_scalar("SELECT count(*) FROM holds WHERE customer_id = ?")
        .bind(BOB)
        .fetch_one(&f.store.read)
        .await
        .unwrap();
    assert_eq!(bobs, 0, "a refused pre-checkout leaves no hold");

    // Holds that have run out: the codes are on sale again.
    let f = fixture_holding(-1).await;
    let p = f.product(Kind::Code, None, None).await;
    let alices: Vec<String> = (0..3).map(|_| f.invoice(&p, ALICE)).collect();
    for inv in &alices {
        assert_eq!(f.pre_checkout(inv, ALICE).await, Ok(()));
    }
    let left = catalog::get(&f.store.read, p.id).await.unwrap().unwrap();
    assert_eq!(left.stock_left, Some(3), "lapsed holds are stock left");
    let bob = f.invoice(&p, BOB);
    assert_eq!(f.pre_checkout(&bob, BOB).await, Ok(()));
    f.pay(&bob, BOB, "ch-bob").await;
    assert_eq!(f.order("ch-bob").await.status, Status::Delivered);
    // Alice pays late for an invoice whose hold lapsed: she gets a code still free.
    f.pay(&alices[0], ALICE, "ch-alice").await;
    let alice = f.order("ch-alice").await;
    assert_eq!(alice.status, Status::Delivered);
    let (a, b) = (
        orders::code_of(&f.store.read, alice.id).await.unwrap(),
        orders::code_of(&f.store.read, f.order("ch-bob").await.id)
            .await
            .unwrap(),
    );
    assert!(
        a.is_some() && b.is_some() && a != b,
        "two different codes: {a:?} {b:?}"
    );
}

#[tokio::test]
async fn finite_stock_of_a_text_product_sells_out_and_a_late_payment_is_refunded() {
    let f = fixture_holding(-1).await;
    let p = f.product(Kind::Text, None, Some(1)).await;
    let (alice, bob) = (f.invoice(&p, ALICE), f.invoice(&p, BOB));
    assert_eq!(f.pre_checkout(&alice, ALICE).await, Ok(()));
    assert_eq!(
        f.pre_checkout(&bob, BOB).await,
        Ok(()),
        "Alice's hold lapsed"
    );
    f.pay(&alice, ALICE, "ch-a").await;
    assert_eq!(f.order("ch-a").await.status, Status::Delivered);
    assert!(
        f.tg.texts_to(ALICE)
            .iter()
            .any(|t| t.contains("the secret"))
    );
    let left = catalog::get(&f.store.read, p.id).await.unwrap().unwrap();
    assert_eq!(left.stock_left, Some(0));
    // Bob's payment arrives when the last unit is gone: refunded, with an apology.
    f.pay(&bob, BOB, "ch-b").await;
    let late = f.order("ch-b").await;
    assert_eq!(late.status, Status::Refunded);
    assert_eq!(late.refund_reason.as_deref(), Some("out_of_stock"));
    assert_eq!(*f.tg.refunds.lock().unwrap(), vec!["ch-b".to_string()]);
    let told = f.tg.texts_to(BOB);
    assert!(
        told.iter()
            .any(|t| t.contains("sold out while you were paying")),
        "{told:?}"
    );
    assert!(!told.iter().any(|t| t.contains("the secret")));
    // Revenue counts the refund against the day.
    let day = f.store.zone.day_key(late.created_at);
    let rows = db::report_days::by_day(&f.store.read, &day, &day)
        .await
        .unwrap();
    assert_eq!((rows[0].orders, rows[0].refunds), (2, 1));
}

#[tokio::test]
async fn a_crash_between_the_goods_and_the_receipt_repeats_only_the_receipt() {
    let f = fixture().await;
    let p = f.product(Kind::Code, None, None).await;
    let inv = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&inv, ALICE).await, Ok(()));
    // The receipt's send never returns, and the process dies there (the task is aborted):
    // the goods went out, the receipt did not, the delivery is left `sending`.
    *f.tg.hang.lock().unwrap() = Some("Receipt".into());
    let (shop, tg) = (f.shop.clone(), f.tg.clone());
    let paying = tokio::spawn(async move {
        let pay = Payment {
            charge_id: "ch-1",
            provider_charge_id: None,
            customer: seen(ALICE),
            total_amount: 10,
            payload: &inv,
            recovered: false,
            first: false,
            expires_at: None,
        };
        payments::paid(&shop, tg.as_ref(), &pay).await
    });
    let order = loop {
        tokio::task::yield_now().await;
        if let Some(o) = orders::by_charge(&f.store.read, "ch-1").await.unwrap()
            && let Some(d) = db::orders::deliveries_of(&f.store.read, o.id)
                .await
                .unwrap()
                .first()
            && f.tg
                .texts_to(ALICE)
                .iter()
                .any(|t| t.starts_with("Your code"))
        {
            // The goods message is recorded before the receipt is attempted.
            if d.state == "sending" && f.tg.hanging.lock().unwrap().is_some() {
                break o;
            }
        }
    };
    paying.abort();
    let _ = paying.await;
    *f.tg.hang.lock().unwrap() = None;

    // The next start resumes what a crash interrupted.
    assert_eq!(deliveries::resume(&f.shop, f.tg.as_ref()).await.unwrap(), 1);
    let texts = f.tg.texts_to(ALICE);
    let goods = texts.iter().filter(|t| t.starts_with("Your code")).count();
    let receipts = texts.iter().filter(|t| t.contains("Receipt")).count();
    assert_eq!((goods, receipts), (1, 1), "{texts:?}");
    assert_eq!(f.order("ch-1").await.status, Status::Delivered);
    assert_eq!(order.id, f.order("ch-1").await.id);
}

#[tokio::test]
async fn goods_telegram_can_never_accept_are_refunded_with_an_apology() {
    let f = fixture().await;
    let p = f.product(Kind::Text, None, None).await;
    let inv = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&inv, ALICE).await, Ok(()));
    f.tg.fail_on(
        "the secret",
        SendError::Refused("Bad Request: message is too long".into()),
    );
    f.pay(&inv, ALICE, "ch-1").await;
    let order = f.order("ch-1").await;
    assert_eq!(order.status, Status::Refunded);
    assert_eq!(order.refund_reason.as_deref(), Some("undeliverable"));
    assert_eq!(*f.tg.refunds.lock().unwrap(), vec!["ch-1".to_string()]);
    let told = f.tg.texts_to(ALICE);
    assert!(
        told.iter().any(|t| t.contains("refunded in full")),
        "{told:?}"
    );
    assert!(!told.iter().any(|t| t.contains("Receipt")));
}

#[tokio::test]
async fn a_refund_is_done_once_whoever_asks_and_however_often() {
    let f = fixture().await;
    let p = f.product(Kind::Code, None, None).await;
    let inv = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&inv, ALICE).await, Ok(()));
    f.pay(&inv, ALICE, "ch-1").await;
    let order = f.order("ch-1").await;
    let mut events = f.events.subscribe();
    let first = refunds::refund(
        &f.shop,
        f.tg.as_ref(),
        order.id,
        &Who::operator("ann"),
        &Why::new(Category::CustomerRequest, ""),
    )
    .await
    .unwrap();
    let again = refunds::refund(
        &f.shop,
        f.tg.as_ref(),
        order.id,
        &Who::operator("ann"),
        &Why::new(Category::CustomerRequest, ""),
    )
    .await
    .unwrap();
    assert_eq!((first, again), (Refunded::Now, Refunded::Before));
    assert_eq!(f.tg.refunds.lock().unwrap().len(), 1, "Telegram asked once");
    let record = db::refunds::of_order(&f.store.read, order.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (record.actor.as_str(), record.reason.as_str()),
        ("operator", "customer request")
    );
    assert!(matches!(
        events.try_recv(),
        Ok(AppEvent::OrderRefunded { order_id, .. }) if order_id == order.id
    ));
    // A `refunded_payment` update or the ledger reporting the same refund changes nothing.
    assert!(
        !refunds::record_by_charge(&f.shop, "ch-1", &Who::telegram(), refunds::OUTSIDE)
            .await
            .unwrap()
    );

    // Telegram already refunded it (elsewhere): recorded as done, not an error.
    let inv = f.invoice(&p, BOB);
    assert_eq!(f.pre_checkout(&inv, BOB).await, Ok(()));
    f.pay(&inv, BOB, "ch-2").await;
    *f.tg.refund_answer.lock().unwrap() = Some(SendError::Refused(
        "Bad Request: CHARGE_ALREADY_REFUNDED".into(),
    ));
    let bobs = f.order("ch-2").await;
    assert_eq!(
        refunds::refund(
            &f.shop,
            f.tg.as_ref(),
            bobs.id,
            &Who::stardeskd(),
            &Why::new(Category::Duplicate, "")
        )
        .await
        .unwrap(),
        Refunded::Now
    );
    assert_eq!(f.order("ch-2").await.status, Status::Refunded);
    // A network fault: not refunded, nothing half-recorded.
    let inv = f.invoice(&p, BOB);
    assert_eq!(f.pre_checkout(&inv, BOB).await, Ok(()));
    f.pay(&inv, BOB, "ch-3").await;
    *f.tg.refund_answer.lock().unwrap() = Some(SendError::GaveUp("timed out".into()));
    let third = f.order("ch-3").await;
    assert!(
        refunds::refund(
            &f.shop,
            f.tg.as_ref(),
            third.id,
            &Who::operator("ann"),
            &Why::new(Category::Other, "other")
        )
        .await
        .is_err()
    );
    assert_eq!(f.order("ch-3").await.status, Status::Delivered);
    assert!(
        db::refunds::of_order(&f.store.read, third.id)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_refund_whose_update_is_handled_first_is_still_the_one_who_asked_for_it() {
    let f = fixture().await;
    let p = f.product(Kind::Code, None, None).await;
    let inv = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&inv, ALICE).await, Ok(()));
    f.pay(&inv, ALICE, "ch-1").await;
    let order = f.order("ch-1").await;
    *f.tg.reports_refunds_to.lock().unwrap() = Some(f.shop.clone());
    let done = refunds::refund(
        &f.shop,
        f.tg.as_ref(),
        order.id,
        &Who::operator("ann"),
        &Why::new(Category::CustomerRequest, "bought twice by mistake"),
    )
    .await
    .unwrap();
    assert_eq!(done, Refunded::Now, "this call refunded it");
    // The trail has Telegram's report and, beside it, who made the refund and why.
    let trail = audit::page(
        &f.store,
        &AuditQuery {
            action: Some("refund".into()),
            limit: 5,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    let lines: Vec<(&str, &str)> = trail
        .iter()
        .map(|l| (l.actor_name.as_str(), l.reason.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            ("ann", "customer request: bought twice by mistake"),
            ("Telegram", refunds::OUTSIDE)
        ]
    );
    let record = db::refunds::of_order(&f.store.read, order.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (record.actor.as_str(), record.reason.as_str()),
        ("operator", "customer request: bought twice by mistake")
    );
    let order = f.order("ch-1").await;
    assert_eq!(order.status, Status::Refunded);
    assert_eq!(
        order.refund_reason.as_deref(),
        Some("customer request: bought twice by mistake")
    );
    // Revenue counts the refund once.
    let day = f.store.zone.day_key(order.created_at);
    let rows = db::report_days::by_day(&f.store.read, &day, &day)
        .await
        .unwrap();
    assert_eq!(rows[0].refunds, 1);
}

#[tokio::test]
async fn reconciliation_recovers_missing_payments_and_records_refunds_made_elsewhere() {
    let f = fixture().await;
    let p = f.product(Kind::Code, None, None).await;
    let inv = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&inv, ALICE).await, Ok(()));
    f.pay(&inv, ALICE, "ch-1").await;
    let lost = f.invoice(&p, BOB);
    let user = |id: i64| json!({"type": "user", "user": {"id": id, "first_name": "Bob"}, "invoice_payload": lost});
    *f.tg.ledger.lock().unwrap() = vec![
        json!({"id": "ch-1", "amount": 10, "source": {"type": "user", "user": {"id": ALICE, "first_name": "A"}, "invoice_payload": inv}}),
        json!({"id": "ch-lost", "amount": 10, "source": user(BOB)}),
        json!({"id": "ch-1", "amount": 10, "receiver": {"type": "user", "user": {"id": ALICE}}}),
        json!({"id": "x", "amount": 5, "source": {"type": "fragment"}}),
    ];
    let report = reconcile::run(&f.shop, f.tg.as_ref(), 42).await.unwrap();
    assert_eq!(
        (report.scanned, report.recovered, report.refunds_recorded),
        (4, 1, 1)
    );
    let recovered = f.order("ch-lost").await;
    assert!(recovered.recovered);
    assert_eq!(recovered.status, Status::Delivered);
    assert!(
        f.tg.texts_to(BOB)
            .iter()
            .any(|t| t.starts_with("Your code"))
    );
    let refunded = f.order("ch-1").await;
    assert_eq!(refunded.status, Status::Refunded);
    let record = db::refunds::of_order(&f.store.read, refunded.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(record.actor, "telegram");
    // Run again: nothing new, and the cursor is this bot's alone.
    let again = reconcile::run(&f.shop, f.tg.as_ref(), 42).await.unwrap();
    assert_eq!((again.recovered, again.refunds_recorded), (0, 0));
    assert_eq!(
        db::settings::get(&f.store.read, "ledger_cursor:42")
            .await
            .unwrap()
            .as_deref(),
        Some("4")
    );
    assert_eq!(
        db::settings::get(&f.store.read, "ledger_cursor:7")
            .await
            .unwrap(),
        None
    );
}

/// A channel the bot administers with every right, and a channel-access product for it with no
/// limit per customer.
async fn channel_product(f: &Fixture) -> Product {
    let member = json!({ "status": "administrator", "can_invite_users": true, "can_restrict_members": true });
    let merchant = Who::operator("merchant");
    subscriptions::seen_channel(
        &f.shop, &merchant, -100, "Insiders", None, "channel", &member,
    )
    .await
    .unwrap();
    catalog::create(
        &f.store,
        &merchant,
        &ProductDraft {
            kind: Kind::Channel,
            title: "Insiders".into(),
            description: String::new(),
            price: 10,
            per_customer_limit: None,
            stock: None,
            content: None,
            channel_id: Some(-100),
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn channel_access_retries_a_failed_invite_and_is_never_paid_for_twice() {
    let f = fixture().await;
    let p = channel_product(&f).await;
    // Two invoices, both past pre-checkout before either is paid.
    let first = f.invoice(&p, ALICE);
    let second = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&first, ALICE).await, Ok(()));
    assert_eq!(f.pre_checkout(&second, ALICE).await, Ok(()));

    // Telegram makes no invite link: the delivery fails into "needs attention", like any.
    *f.tg.fail_call.lock().unwrap() = Some((
        "createChatInviteLink".into(),
        SendError::GaveUp("timed out".into()),
    ));
    f.pay(&first, ALICE, "ch-1").await;
    let order = f.order("ch-1").await;
    assert_eq!(order.status, Status::Failed);
    let open = db::attention::open_for_order(&f.store.read, order.id)
        .await
        .unwrap();
    assert_eq!(open.len(), 1, "{open:?}");
    assert!(f.tg.texts_to(ALICE).is_empty());

    // Delivered again (the Orders drawer's button): the receipt with its Join button.
    *f.tg.fail_call.lock().unwrap() = None;
    deliveries::again(&f.shop, f.tg.as_ref(), order.id, &Who::operator("Dana"))
        .await
        .unwrap();
    assert_eq!(f.order("ch-1").await.status, Status::Delivered);
    // The log tells the payment's own delivery from the one Dana asked for.
    let log = db::orders::deliveries_of(&f.store.read, order.id)
        .await
        .unwrap();
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(
        (log[0].state.as_str(), log[0].asked_by.as_deref()),
        ("failed", None)
    );
    assert_eq!(log[1].state, "sent");
    assert_eq!(log[1].asked_actor.as_deref(), Some("operator"));
    assert_eq!(log[1].asked_by.as_deref(), Some("Dana"));
    assert!(
        db::attention::open_for_order(&f.store.read, order.id)
            .await
            .unwrap()
            .is_empty()
    );
    let invites = f.tg.calls_of("createChatInviteLink");
    assert_eq!(invites.len(), 1);
    assert_eq!(invites[0]["member_limit"], 1);
    assert_eq!(invites[0]["chat_id"], -100);
    let receipt = f.tg.calls_of("sendMessage").remove(0);
    assert!(
        receipt["text"]
            .as_str()
            .unwrap()
            .starts_with("<b>Receipt</b>")
    );
    assert_eq!(
        receipt["reply_markup"]["inline_keyboard"][0][0]["text"],
        "Join Insiders"
    );

    // The second invoice, paid anyway, is refunded: Alice has the channel already.
    f.pay(&second, ALICE, "ch-2").await;
    let twice = f.order("ch-2").await;
    assert_eq!(twice.status, Status::Refunded);
    assert_eq!(twice.refund_reason.as_deref(), Some("has_access"));
    assert!(
        f.tg.texts_to(ALICE)
            .iter()
            .any(|t| t.contains("you had access to its channel already")),
        "the customer was told why"
    );
    assert_eq!(f.tg.calls_of("createChatInviteLink").len(), 1);
    assert_eq!(
        f.pre_checkout(&f.invoice(&p, ALICE), ALICE).await,
        Err(Refusal::HasAccess("Insiders".into()))
    );
    assert_eq!(f.pre_checkout(&f.invoice(&p, BOB), BOB).await, Ok(()));
}

#[tokio::test]
async fn a_channel_buyer_refunded_while_telegram_reports_it_leaves_once_as_the_refunder_said() {
    let f = fixture().await;
    let p = channel_product(&f).await;
    let invoice = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&invoice, ALICE).await, Ok(()));
    f.pay(&invoice, ALICE, "ch-1").await;
    let order = f.order("ch-1").await;
    *f.tg.reports_refunds_to.lock().unwrap() = Some(f.shop.clone());

    let why = Why::new(Category::Fraud, "stolen account");
    let operator = Who::operator("Sam");
    let done = refunds::refund(&f.shop, f.tg.as_ref(), order.id, &operator, &why)
        .await
        .unwrap();
    assert_eq!(done, Refunded::Now);
    let bans = f.tg.calls_of("banChatMember");
    assert_eq!(bans, [json!({ "chat_id": -100, "user_id": ALICE })]);
    assert_eq!(f.tg.calls_of("unbanChatMember").len(), 1);
    // The invite it had is revoked.
    assert_eq!(f.tg.calls_of("revokeChatInviteLink").len(), 1);
    assert_eq!(
        channel_access::remove_pending(&f.shop, f.tg.as_ref())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        refunds::refund(&f.shop, f.tg.as_ref(), order.id, &operator, &why)
            .await
            .unwrap(),
        Refunded::Before
    );
    assert_eq!(f.tg.calls_of("banChatMember").len(), 1);
    let trail = audit::page(
        &f.store,
        &AuditQuery {
            action: Some("channel_access.remove".into()),
            limit: 5,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(
        (trail[0].actor_name.as_str(), trail[0].reason.as_str()),
        ("Sam", "suspected fraud: stolen account")
    );
}

#[tokio::test]
async fn a_channel_access_product_needs_a_channel_the_bot_can_use_and_keeps_it() {
    let f = fixture().await;
    let merchant = Who::operator("merchant");
    let draft = |channel_id| ProductDraft {
        kind: Kind::Channel,
        title: "Insiders".into(),
        description: String::new(),
        price: 300,
        per_customer_limit: Some(1),
        stock: None,
        content: None,
        channel_id,
    };
    let none = catalog::create(&f.store, &merchant, &draft(None))
        .await
        .unwrap_err()
        .to_string();
    assert!(none.contains("Subscriptions → Channels"), "{none}");
    let unknown = catalog::create(&f.store, &merchant, &draft(Some(-5)))
        .await
        .unwrap_err()
        .to_string();
    assert!(unknown.contains("not in the Channels list"), "{unknown}");
    // A channel where the bot may not ban: refunded buyers would stay in.
    let member = json!({ "status": "administrator", "can_invite_users": true });
    subscriptions::seen_channel(&f.shop, &merchant, -7, "Club", None, "channel", &member)
        .await
        .unwrap();
    let no_ban = catalog::create(&f.store, &merchant, &draft(Some(-7)))
        .await
        .unwrap_err()
        .to_string();
    assert!(no_ban.contains("ban"), "{no_ban}");

    let p = channel_product(&f).await;
    assert_eq!(p.kind, Kind::Channel);
    assert_eq!(
        (p.channel_id, p.channel_title.as_deref()),
        (Some(-100), Some("Insiders"))
    );
    let created = audit::page(
        &f.store,
        &AuditQuery {
            action: Some("product.create".into()),
            limit: 1,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        created[0].after.as_deref(),
        Some("channel access to Insiders · 10 Stars")
    );
    // Its channel stays: the product cannot move to another, and the channel cannot be forgotten.
    let moved = catalog::update(&f.store, &merchant, p.id, &draft(Some(-7)))
        .await
        .unwrap_err()
        .to_string();
    assert!(moved.contains("cannot change"), "{moved}");
    assert!(
        subscriptions::forget_channel(&f.store, &merchant, -100)
            .await
            .is_err()
    );
    let renamed = ProductDraft {
        title: "Insiders forever".into(),
        ..draft(Some(-100))
    };
    catalog::update(&f.store, &merchant, p.id, &renamed)
        .await
        .unwrap();
    // Another kind never carries a channel.
    let text = catalog::create(
        &f.store,
        &merchant,
        &ProductDraft {
            kind: Kind::Text,
            content: Some("hello".into()),
            ..draft(Some(-100))
        },
    )
    .await
    .unwrap();
    assert_eq!(text.channel_id, None);
}

/// The report days kept by the money paths (payments, a refund, Telegram's affiliate commission
/// found in the ledger) are exactly what counting them again from the orders gives, and the
/// revenue report shows them.
#[tokio::test]
async fn the_report_days_kept_by_the_money_paths_equal_a_recount() {
    use stardesk_core::reports::{Grouping, revenue};
    let f = fixture().await;
    let p = f.product(Kind::Code, None, None).await;
    let a = f.invoice(&p, ALICE);
    assert_eq!(f.pre_checkout(&a, ALICE).await, Ok(()));
    f.pay(&a, ALICE, "ch-a").await;
    let b = f.invoice(&p, BOB);
    assert_eq!(f.pre_checkout(&b, BOB).await, Ok(()));
    f.pay(&b, BOB, "ch-b").await;
    let refunded = f.order("ch-b").await;
    refunds::refund(
        &f.shop,
        f.tg.as_ref(),
        refunded.id,
        &Who::operator("ann"),
        &Why::new(Category::CustomerRequest, ""),
    )
    .await
    .unwrap();
    *f.tg.ledger.lock().unwrap() = vec![
        json!({
            "id": "ch-a", "amount": 8, "nanostar_amount": 750_000_000,
            "source": {"type": "user", "user": {"id": ALICE, "first_name": "A"}, "invoice_payload": a,
                       "affiliate": {"affiliate_user": {"id": 9, "is_bot": false, "first_name": "Carol"},
                                     "commission_per_mille": 125, "amount": 1, "nanostar_amount": 250_000_000}}
        }),
        json!({
            // The refunded order's commission: Telegram took it back with the refund.
            "id": "ch-b", "amount": 8, "nanostar_amount": 750_000_000,
            "source": {"type": "user", "user": {"id": BOB, "first_name": "B"}, "invoice_payload": b,
                       "affiliate": {"affiliate_user": {"id": 9, "is_bot": false, "first_name": "Carol"},
                                     "commission_per_mille": 125, "amount": 1, "nanostar_amount": 250_000_000}}
        }),
    ];
    let report = reconcile::run(&f.shop, f.tg.as_ref(), 42).await.unwrap();
    assert_eq!(report.affiliates_recorded, 2);

    let snapshot = || async {
        sqlx::query_as::<_, (String, i64, i64, i64, i64, i64, i64, i64)>(
            "SELECT day, product_id, orders, stars, refunds, refunded_stars, affiliate_nanostars,
                    referral_millistars FROM report_days ORDER BY day, product_id, plan_id",
        )
        .fetch_all(&f.store.read)
        .await
        .unwrap()
    };
    let kept = snapshot().await;
    let day = f.store.zone.day_key(refunded.created_at);
    assert_eq!(
        kept,
        vec![(day.clone(), p.id, 2, 20, 1, 10, 1_250_000_000, 0)]
    );
    let mut tx = f.store.write.begin().await.unwrap();
    db::report_days::count_again(&mut tx, f.store.zone.tz())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(snapshot().await, kept);

    let r = revenue::report(&f.store, &day, &day, Grouping::Day)
        .await
        .unwrap();
    assert_eq!(
        (
            r.totals.orders,
            r.totals.gross,
            r.totals.refunded,
            r.totals.net
        ),
        (2, 20, 10, 10)
    );
    // 10 Stars net less Telegram's 1.25.
    assert_eq!(r.totals.telegram_commission_millistars, 1_250);
    assert_eq!(r.totals.net_after_millistars, 8_750);
    assert_eq!(r.items.len(), 1);
    assert_eq!(r.top_customers[0].customer_id, ALICE);
}
