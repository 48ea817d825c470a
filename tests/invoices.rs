//! Invoices with a timer, over the simulator with its clock moved: an expired invoice is refused
//! at pre-checkout and replaced in the chat by an "expired" line with a fresh Buy button; a
//! paid one leaves the chat for its receipt; the window's list follows; the timer is the
//! merchant's setting; an expiry a stop interrupted is done at the next start.

use stardesk_core::{
    audit::Who,
    catalog::Kind,
    demo::sim_client::ChatMessage,
    invoices::{self, InvoiceQuery, InvoiceReminder, InvoiceStatus},
    orders,
};
use stardesk_tests::{WAIT, World};

async fn statuses(w: &World) -> Vec<(InvoiceStatus, Option<i64>)> {
    invoices::list(&w.store, &InvoiceQuery::default())
        .await
        .unwrap()
        .invoices
        .iter()
        .map(|i| (i.status, i.order_id))
        .collect()
}

/// Waits until the window's list shows these statuses, newest first (an invoice is recorded
/// just after it is in the chat, a payment settles it just after the receipt is sent).
async fn shows(w: &World, want: &[(InvoiceStatus, Option<i64>)]) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let now = statuses(w).await;
        if now == want {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{now:?}, not {want:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// An invoice message's description, as the customer reads it on the card.
fn description_of(invoice: &ChatMessage) -> String {
    invoice.invoice.as_ref().expect("an invoice")["description"]
        .as_str()
        .expect("a description")
        .to_string()
}

/// Waits until the shop has recorded `n` invoices: an invoice is recorded just after it is in
/// the chat, and an expiry run looks only at recorded ones.
async fn recorded(w: &World, n: usize) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while statuses(w).await.len() < n {
        assert!(
            tokio::time::Instant::now() < deadline,
            "fewer than {n} invoices"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Waits until the message is gone from the customer's chat.
async fn gone(w: &World, user: i64, message_id: i64) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while w
        .client
        .chat(user)
        .await
        .unwrap()
        .iter()
        .any(|m| m.message_id == message_id)
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "message {message_id} is still in the chat"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn expired_line(w: &World, user: i64, after: i64) -> ChatMessage {
    w.client
        .wait_for_start(user, after, WAIT, "The invoice for")
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_invoice_is_refused_and_replaced_and_a_paid_one_leaves_for_its_receipt() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 25).await;
    w.start_bot_scheduled_by_hand();
    let user = w.client.create_user("Alice", Some("alice")).await.unwrap();
    let stars = w.stars(user).await;

    let invoice = w.client.open_invoice(user, guide.id, WAIT).await.unwrap();
    let description = description_of(&invoice);
    assert!(
        description.starts_with("About Guide\n\nValid for 15 min, until "),
        "{description}"
    );
    shows(&w, &[(InvoiceStatus::Open, None)]).await;

    // Sixteen minutes later the invoice is still in the chat (nothing has looked yet), and
    // paying it is refused with the reason.
    w.client.advance_clock(16 * 60).await.unwrap();
    let refused = w.client.pay(user, invoice.message_id).await.unwrap();
    assert_eq!(refused.status, "declined");
    assert_eq!(
        refused.error_message.as_deref(),
        Some("This invoice has expired, tap Buy for a fresh one.")
    );
    assert_eq!(w.stars(user).await, stars);
    assert!(
        orders::of_customer(&w.store.read, user, 5)
            .await
            .unwrap()
            .is_empty()
    );

    // The expiry run replaces it: the invoice goes, a line with a fresh Buy comes.
    w.nudge();
    let line = expired_line(&w, user, invoice.message_id).await;
    assert!(
        line.body()
            .starts_with("The invoice for Guide (25 ⭐) has expired.\n\nShall I remind you"),
        "{}",
        line.body()
    );
    gone(&w, user, invoice.message_id).await;
    shows(&w, &[(InvoiceStatus::Expired, None)]).await;

    // One tap on it: a fresh invoice, paid, and it leaves the chat for its receipt.
    let buy = line.button("buy:").expect("a Buy button");
    assert_eq!(buy, format!("buy:{}", guide.id));
    w.client.press(user, line.message_id, &buy).await.unwrap();
    let fresh = w
        .client
        .wait_for(user, line.message_id, WAIT, |m| m.invoice.is_some())
        .await
        .unwrap();
    let paid = w.client.pay(user, fresh.message_id).await.unwrap();
    assert_eq!(paid.status, "paid");
    let receipt = w
        .client
        .wait_for_start(user, fresh.message_id, WAIT, "Receipt")
        .await
        .unwrap();
    let order = orders::of_customer(&w.store.read, user, 1)
        .await
        .unwrap()
        .remove(0);
    assert!(
        receipt
            .body()
            .starts_with(&format!("Receipt · Paid · order #{}", order.id)),
        "{}",
        receipt.body()
    );
    gone(&w, user, fresh.message_id).await;
    shows(
        &w,
        &[
            (InvoiceStatus::Paid, Some(order.id)),
            (InvoiceStatus::Expired, None),
        ],
    )
    .await;
    let page = invoices::list(&w.store, &InvoiceQuery::default())
        .await
        .unwrap();
    assert_eq!((page.open, page.paid, page.expired), (0, 1, 1));

    // A paid invoice is never expired later, and an expired one is replaced once.
    w.client.advance_clock(60 * 60).await.unwrap();
    w.nudge();
    let other = w.client.open_invoice(user, guide.id, WAIT).await.unwrap();
    recorded(&w, 3).await;
    w.client.advance_clock(16 * 60).await.unwrap();
    w.nudge();
    expired_line(&w, user, other.message_id).await;
    let lines = w
        .client
        .chat(user)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.body().starts_with("The invoice for"))
        .count();
    assert_eq!(lines, 2);
    // The funnel counts them: three invoices, two expired, one paid.
    let day = |d: i64| w.store.zone.day_key(stardesk_core::db::now() + d * 86_400);
    let funnel = stardesk_core::reports::funnel::report(&w.store, &day(-1), &day(2))
        .await
        .unwrap();
    let steps = &funnel
        .items
        .iter()
        .find(|i| i.id == guide.id)
        .unwrap()
        .steps;
    assert_eq!((steps.invoices, steps.expired, steps.paid), (3, 2, 1));
    shows(
        &w,
        &[
            (InvoiceStatus::Expired, None),
            (InvoiceStatus::Paid, Some(order.id)),
            (InvoiceStatus::Expired, None),
        ],
    )
    .await;
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timer_is_the_merchants_and_an_interrupted_expiry_is_done_at_the_next_start() {
    let mut w = World::new().await;
    let key = w.product(Kind::Code, "Game key", 40).await;
    w.codes(&key, &["K-1", "K-2"]).await;
    let who = Who::operator("merchant");
    let e = invoices::set_minutes(&w.store, &who, 0).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "An invoice stays valid for 1 to 1440 minutes (one day)."
    );
    assert_eq!(
        invoices::set_minutes(&w.store, &who, 120).await.unwrap(),
        120
    );
    w.start_bot_scheduled_by_hand();
    let user = w.client.create_user("Bob", None).await.unwrap();

    let invoice = w.client.open_invoice(user, key.id, WAIT).await.unwrap();
    let description = description_of(&invoice);
    assert!(
        description.contains("Valid for 2 h, until "),
        "{description}"
    );
    shows(&w, &[(InvoiceStatus::Open, None)]).await;
    let row = invoices::list(&w.store, &InvoiceQuery::default())
        .await
        .unwrap()
        .invoices
        .remove(0);
    assert_eq!(row.expires_at - row.sent_at, 2 * 3600);

    // Still valid after 90 minutes: paid.
    w.client.advance_clock(90 * 60).await.unwrap();
    let paid = w.client.pay(user, invoice.message_id).await.unwrap();
    assert_eq!(paid.status, "paid");
    w.client
        .wait_for_start(user, invoice.message_id, WAIT, "Receipt")
        .await
        .unwrap();

    // The bot is stopped while the next invoice runs out; it is replaced when it starts again.
    let next = w.client.open_invoice(user, key.id, WAIT).await.unwrap();
    recorded(&w, 2).await;
    w.stop_bot().await;
    w.client.advance_clock(3 * 3600).await.unwrap();
    w.start_bot_scheduled_by_hand();
    expired_line(&w, user, next.message_id).await;
    gone(&w, user, next.message_id).await;
    let order = orders::of_customer(&w.store.read, user, 1)
        .await
        .unwrap()
        .remove(0);
    shows(
        &w,
        &[
            (InvoiceStatus::Expired, None),
            (InvoiceStatus::Paid, Some(order.id)),
        ],
    )
    .await;
    let audit = stardesk_core::audit::page(&w.store, &stardesk_core::audit::AuditQuery::default())
        .await
        .unwrap();
    assert!(
        audit.iter().any(
            |e| e.action == "settings.invoice_minutes" && e.after.as_deref() == Some("120 min")
        ),
        "the change of the timer is in the audit trail"
    );
    w.stop_bot().await;
}

fn reminder_of(page: &invoices::InvoicePage, customer: i64) -> Vec<Option<InvoiceReminder>> {
    page.invoices
        .iter()
        .filter(|i| i.customer_id == customer)
        .map(|i| i.reminder.clone())
        .collect()
}

/// Waits until the customer's invoices (newest first) show these reminders.
async fn reminders_are(w: &World, customer: i64, want: &[Option<InvoiceReminder>]) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let page = invoices::list(&w.store, &InvoiceQuery::default())
            .await
            .unwrap();
        let now = reminder_of(&page, customer);
        if now == want {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{now:?}, not {want:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_goes_once_to_a_customer_who_agreed_and_never_to_one_who_did_not() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 25).await;
    w.start_bot_scheduled_by_hand();
    let (alice, bob, carol) = (
        w.client.create_user("Alice", None).await.unwrap(),
        w.client.create_user("Bob", None).await.unwrap(),
        w.client.create_user("Carol", None).await.unwrap(),
    );
    let mut invoices_of = Vec::new();
    for user in [alice, bob, carol] {
        invoices_of.push(w.client.open_invoice(user, guide.id, WAIT).await.unwrap());
    }
    recorded(&w, 3).await;
    w.client.advance_clock(16 * 60).await.unwrap();
    w.nudge();
    // Each is asked once, on the expired invoice's line; Alice says yes, Bob no, Carol nothing.
    let mut lines = Vec::new();
    for (user, invoice) in [alice, bob, carol].into_iter().zip(&invoices_of) {
        let line = expired_line(&w, user, invoice.message_id).await;
        assert!(
            line.body().contains("Shall I remind you once"),
            "{}",
            line.body()
        );
        assert!(line.button("remind:1").is_some() && line.button("remind:0").is_some());
        lines.push(line);
    }
    w.client
        .press(alice, lines[0].message_id, "remind:1")
        .await
        .unwrap();
    w.client
        .wait_for_start(alice, lines[0].message_id, WAIT, "Reminders are on")
        .await
        .unwrap();
    w.client
        .press(bob, lines[1].message_id, "remind:0")
        .await
        .unwrap();
    w.client
        .wait_for_start(bob, lines[1].message_id, WAIT, "Reminders are off")
        .await
        .unwrap();
    let pending = |r: &Option<InvoiceReminder>| matches!(r, Some(InvoiceReminder::Pending { .. }));
    let page = invoices::list(&w.store, &InvoiceQuery::default())
        .await
        .unwrap();
    assert!(pending(&reminder_of(&page, alice)[0]) && pending(&reminder_of(&page, bob)[0]));
    // The scheduler wakes next when the first reminder is due, not at its regular look.
    let due = match &reminder_of(&page, alice)[0] {
        Some(InvoiceReminder::Pending { due_at }) => *due_at,
        other => panic!("{other:?}"),
    };
    let now = w.client.now().await.unwrap();
    assert_eq!(invoices::next_due(&w.store, now).await.unwrap(), Some(due));
    assert_eq!(invoices::next_due(&w.store, due).await.unwrap(), None);

    // Two hours later: Alice is reminded, Bob (said no) and Carol (never said yes) are not.
    w.client.advance_clock(2 * 3600).await.unwrap();
    w.nudge();
    let reminder = w
        .client
        .wait_for_start(alice, lines[0].message_id, WAIT, "You left")
        .await
        .unwrap();
    assert_eq!(
        reminder.body(),
        "You left Guide unpaid. It is still here for 25 ⭐: one tap for a fresh invoice."
    );
    assert_eq!(reminder.button("buy:"), Some(format!("buy:{}", guide.id)));
    reminders_are(&w, alice, &[Some(InvoiceReminder::Sent)]).await;
    let skipped = |why: &str| Some(InvoiceReminder::Skipped { reason: why.into() });
    reminders_are(&w, bob, &[skipped("not agreed")]).await;
    reminders_are(&w, carol, &[skipped("not agreed")]).await;
    for user in [bob, carol] {
        let chat = w.client.chat(user).await.unwrap();
        assert!(
            !chat.iter().any(|m| m.body().starts_with("You left")),
            "{user} reminded"
        );
    }

    // Within the week another unpaid invoice of Alice's gets no second reminder, and nobody is
    // asked twice.
    let again = w.client.open_invoice(alice, guide.id, WAIT).await.unwrap();
    recorded(&w, 4).await;
    w.client.advance_clock(16 * 60).await.unwrap();
    w.nudge();
    let line = expired_line(&w, alice, again.message_id).await;
    assert!(line.button("remind:").is_none());
    reminders_are(&w, alice, &[None, Some(InvoiceReminder::Sent)]).await;

    // /stop: nothing that is not an answer; /reminders turns reminders on again.
    let sent = w.client.send(alice, "/stop").await.unwrap();
    w.client
        .wait_for_start(alice, sent, WAIT, "Done: from now on I only answer you")
        .await
        .unwrap();
    w.client.advance_clock(8 * 86_400).await.unwrap();
    let later = w.client.open_invoice(alice, guide.id, WAIT).await.unwrap();
    recorded(&w, 5).await;
    w.client.advance_clock(16 * 60).await.unwrap();
    w.nudge();
    expired_line(&w, alice, later.message_id).await;
    reminders_are(&w, alice, &[None, None, Some(InvoiceReminder::Sent)]).await;
    let sent = w.client.send(alice, "/reminders").await.unwrap();
    w.client
        .wait_for_start(alice, sent, WAIT, "Reminders are on")
        .await
        .unwrap();

    let commands = w.client.bot_commands().await.unwrap();
    assert!(
        commands.iter().any(|c| c == "reminders") && commands.iter().any(|c| c == "stop"),
        "{commands:?}"
    );
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_due_while_the_bot_was_stopped_goes_out_once_at_the_next_start() {
    let mut w = World::new().await;
    let guide = w.product(Kind::Text, "Guide", 25).await;
    w.start_bot_scheduled_by_hand();
    let alice = w.client.create_user("Alice", None).await.unwrap();
    let invoice = w.client.open_invoice(alice, guide.id, WAIT).await.unwrap();
    recorded(&w, 1).await;
    w.client.advance_clock(16 * 60).await.unwrap();
    w.nudge();
    let line = expired_line(&w, alice, invoice.message_id).await;
    w.client
        .press(alice, line.message_id, "remind:1")
        .await
        .unwrap();
    let on = w
        .client
        .wait_for_start(alice, line.message_id, WAIT, "Reminders are on")
        .await
        .unwrap();
    // Stopped before the reminder is due; started again after.
    w.stop_bot().await;
    w.client.advance_clock(3 * 3600).await.unwrap();
    w.start_bot_scheduled_by_hand();
    w.client
        .wait_for_start(alice, on.message_id, WAIT, "You left Guide unpaid")
        .await
        .unwrap();
    reminders_are(&w, alice, &[Some(InvoiceReminder::Sent)]).await;
    // And again after another start: still one.
    w.stop_bot().await;
    w.start_bot_scheduled_by_hand();
    w.nudge();
    let sent = w.client.send(alice, "/help").await.unwrap();
    w.client
        .wait_for(alice, sent, WAIT, |m| m.button("terms").is_some())
        .await
        .unwrap();
    let reminders = w
        .client
        .chat(alice)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.body().starts_with("You left"))
        .count();
    assert_eq!(reminders, 1);
    w.stop_bot().await;
}
