//! Subscription plans over the simulator, its clock moved: subscribe, join with a one-person
//! invite, renew, cancel with reminders, lapse, refund; nobody removed while paid, nothing done
//! twice.

use std::time::Duration;

use stardesk_core::{
    audit::Who,
    demo::sim_client::ChatMessage,
    refunds::{Category, Why},
    subscriptions::{self, PlanDraft, SubStatus, expiry},
};
use stardesk_tests::World;

const WAIT: Duration = Duration::from_secs(30);
const DAY: i64 = 86_400;

fn merchant() -> Who {
    Who::operator("merchant")
}

/// A channel the bot administers and a plan granting it, at `price` Stars.
async fn plan(w: &World, price: i64) -> (i64, i64) {
    let channel = w.client.create_channel("Insiders").await.unwrap();
    let api = w.runtime.as_ref().unwrap().api();
    let seen =
        subscriptions::check_channel(&w.shop, api.as_ref(), &merchant(), &channel.to_string())
            .await
            .unwrap();
    assert!(seen.can_invite && seen.can_ban, "{seen:?}");
    assert_eq!(seen.problem(), None);
    let plan = subscriptions::create_plan(
        &w.store,
        &merchant(),
        &PlanDraft {
            title: "Insiders monthly".into(),
            description: "The private channel, every post".into(),
            price,
            benefit: Some("Welcome & thanks <3".into()),
            channel_ids: vec![channel],
        },
    )
    .await
    .unwrap();
    (channel, plan.id)
}

/// The customer opens the plan's deep link, pays its Subscribe link, and gets the receipt
/// with a Join button; returns the receipt.
async fn subscribe(w: &World, user: i64, plan_id: i64) -> ChatMessage {
    let sent = w
        .client
        .send(user, &format!("/start plan_{plan_id}"))
        .await
        .unwrap();
    let card = w
        .client
        .wait_for(user, sent, WAIT, |m| m.url_button("Subscribe").is_some())
        .await
        .unwrap();
    assert!(card.body().contains("every 30 days"), "{}", card.body());
    let link = card.url_button("Subscribe").unwrap();
    let paid = w.client.pay_link(user, &link).await.unwrap();
    assert_eq!(paid.status, "paid", "{paid:?}");
    w.client
        .wait_for(user, card.message_id, WAIT, |m| {
            m.body().contains("Paid until")
        })
        .await
        .unwrap()
}

async fn run_expiry(w: &World) -> expiry::ExpiryRun {
    let rt = w.runtime.as_ref().unwrap();
    let api = rt.api();
    let reconciler = rt.reconciler();
    expiry::run(&w.shop, api.as_ref(), false, || async move {
        reconciler.run().await.map(|_| ())
    })
    .await
    .unwrap()
}

async fn only_subscription(w: &World) -> subscriptions::Subscriber {
    let list = subscriptions::subscribers(
        &w.store,
        &subscriptions::SubscriberQuery {
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    list[0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_joins_with_a_one_person_invite_and_a_renewal_keeps_them_in() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 100).await;
    let ann = w.client.create_user("Ann", None).await.unwrap();
    let receipt = subscribe(&w, ann, plan_id).await;
    assert!(
        receipt.body().contains("Welcome &amp; thanks &lt;3")
            || receipt.body().contains("Welcome & thanks <3")
    );
    let invite = receipt.url_button("Join").expect("a Join button");
    w.client.join(ann, &invite).await.unwrap();
    assert_eq!(w.client.members(channel).await.unwrap(), vec![ann]);

    // The link, forwarded, lets nobody else in.
    let bob = w.client.create_user("Bob", None).await.unwrap();
    let refused = w.client.join(bob, &invite).await.unwrap_err().to_string();
    assert!(refused.contains("USERS_TOO_MUCH"), "{refused}");
    assert_eq!(w.client.members(channel).await.unwrap(), vec![ann]);

    let first = only_subscription(&w).await;
    assert_eq!(first.status, SubStatus::Active);
    assert_eq!(first.stars_paid, 100);

    // A month later Telegram renews: a short receipt, paid a period further, still a member.
    w.client.advance_clock(30 * DAY).await.unwrap();
    w.client
        .wait_for(ann, receipt.message_id, WAIT, |m| {
            m.body().contains("Renewed:")
        })
        .await
        .unwrap();
    let renewed = only_subscription(&w).await;
    assert_eq!(renewed.renewals, 1);
    assert_eq!(renewed.stars_paid, 200);
    assert_eq!(renewed.paid_until, first.paid_until + 30 * DAY);
    let run = run_expiry(&w).await;
    assert_eq!(run.removed, 0, "{run:?}");
    assert_eq!(w.client.members(channel).await.unwrap(), vec![ann]);
    // Each payment is an order, counted once.
    let detail = subscriptions::detail(&w.shop, renewed.id).await.unwrap();
    assert_eq!(detail.payments.len(), 2);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_subscription_is_reminded_twice_then_removed_and_can_subscribe_again() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 50).await;
    let cat = w.client.create_user("Cat", None).await.unwrap();
    let receipt = subscribe(&w, cat, plan_id).await;
    w.client
        .join(cat, &receipt.url_button("Join").unwrap())
        .await
        .unwrap();

    // Cancel from /subscriptions: access stays to the end of the period.
    let sent = w.client.send(cat, "/subscriptions").await.unwrap();
    let list = w
        .client
        .wait_for(cat, sent, WAIT, |m| {
            m.body().starts_with("Your subscriptions")
        })
        .await
        .unwrap();
    let cancel = list.button("sub_cancel:").expect("a Cancel renewal button");
    w.client.press(cat, list.message_id, &cancel).await.unwrap();
    let said = w
        .client
        .wait_for(cat, list.message_id, WAIT, |m| {
            m.body().contains("cancelled")
        })
        .await
        .unwrap();
    assert!(
        said.body().contains("access lasts until"),
        "{}",
        said.body()
    );
    assert_eq!(only_subscription(&w).await.status, SubStatus::Cancelled);

    // 3 days before the end: one reminder, however often the run comes.
    w.client.advance_clock(27 * DAY + 60).await.unwrap();
    assert_eq!(run_expiry(&w).await.reminders, 1);
    assert_eq!(run_expiry(&w).await.reminders, 0);
    let three = w
        .client
        .wait_for(cat, said.message_id, WAIT, |m| {
            m.body().contains("in 3 days")
        })
        .await
        .unwrap();
    assert!(three.button("sub_resume:").is_some());
    // 1 day before: the second.
    w.client.advance_clock(2 * DAY).await.unwrap();
    assert_eq!(run_expiry(&w).await.reminders, 1);
    assert_eq!(run_expiry(&w).await.reminders, 0);
    let one = w
        .client
        .wait_for(cat, three.message_id, WAIT, |m| {
            m.body().contains("tomorrow")
        })
        .await
        .unwrap();
    // The period ends: removed once, told, out of the channel; it did not renew.
    w.client.advance_clock(DAY + 60).await.unwrap();
    let run = run_expiry(&w).await;
    assert_eq!(run.removed, 1, "{run:?}");
    assert_eq!(run_expiry(&w).await.removed, 0);
    w.client
        .wait_for(cat, one.message_id, WAIT, |m| {
            m.body().contains("has ended")
        })
        .await
        .unwrap();
    assert!(w.client.members(channel).await.unwrap().is_empty());
    let ended = only_subscription(&w).await;
    assert_eq!(ended.status, SubStatus::Lapsed);
    assert!(!ended.has_access);
    assert_eq!(ended.renewals, 0);

    // Subscribing again works: the ban was lifted.
    let again = subscribe(&w, cat, plan_id).await;
    w.client
        .join(cat, &again.url_button("Join").unwrap())
        .await
        .unwrap();
    assert_eq!(w.client.members(channel).await.unwrap(), vec![cat]);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renewal_without_enough_stars_lapses_and_removes_but_never_early() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 80).await;
    let dan = w.client.create_user_with_stars("Dan", 100).await.unwrap();
    let receipt = subscribe(&w, dan, plan_id).await;
    w.client
        .join(dan, &receipt.url_button("Join").unwrap())
        .await
        .unwrap();
    // The period ends and the renewal fails: within the grace, nobody is removed.
    w.client.advance_clock(30 * DAY).await.unwrap();
    assert_eq!(run_expiry(&w).await.removed, 0);
    assert_eq!(w.client.members(channel).await.unwrap(), vec![dan]);
    w.client.advance_clock(2 * 3600).await.unwrap();
    let run = run_expiry(&w).await;
    assert_eq!(run.removed, 1, "{run:?}");
    assert!(w.client.members(channel).await.unwrap().is_empty());
    assert_eq!(only_subscription(&w).await.status, SubStatus::Lapsed);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refunding_the_last_payment_removes_at_once_or_keeps_access_to_the_end() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 60).await;
    let api = w.runtime.as_ref().unwrap().api();
    let why = Why::new(Category::CustomerRequest, "");

    let eve = w.client.create_user("Eve", None).await.unwrap();
    let receipt = subscribe(&w, eve, plan_id).await;
    w.client
        .join(eve, &receipt.url_button("Join").unwrap())
        .await
        .unwrap();
    let sub = only_subscription(&w).await;
    subscriptions::refund_last(&w.shop, api.as_ref(), sub.id, &merchant(), &why, false)
        .await
        .unwrap();
    assert!(w.client.members(channel).await.unwrap().is_empty());
    let refunded = subscriptions::subscriber(&w.store, sub.id).await.unwrap();
    assert_eq!(refunded.status, SubStatus::Refunded);
    assert!(!refunded.has_access);
    // Telegram was told not to renew it: a month on, no renewal.
    w.client.advance_clock(31 * DAY).await.unwrap();
    assert_eq!(
        subscriptions::subscriber(&w.store, sub.id)
            .await
            .unwrap()
            .renewals,
        0
    );

    // Kept to the end: still a member after the refund, removed when the period is over.
    let fay = w.client.create_user("Fay", None).await.unwrap();
    let receipt = subscribe(&w, fay, plan_id).await;
    w.client
        .join(fay, &receipt.url_button("Join").unwrap())
        .await
        .unwrap();
    let list = subscriptions::of_customer(&w.store, fay).await.unwrap();
    let kept = list[0].id;
    subscriptions::refund_last(&w.shop, api.as_ref(), kept, &merchant(), &why, true)
        .await
        .unwrap();
    assert_eq!(run_expiry(&w).await.removed, 0);
    assert_eq!(w.client.members(channel).await.unwrap(), vec![fay]);
    w.client.advance_clock(30 * DAY + 60).await.unwrap();
    assert_eq!(run_expiry(&w).await.removed, 1);
    assert!(w.client.members(channel).await.unwrap().is_empty());
    w.stop_bot().await;
}
