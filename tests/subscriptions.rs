//! Subscription plans over the simulator, its clock moved: subscribe, join with a one-person
//! invite, renew, cancel with reminders, lapse, refund; the merchant's plan edits, extensions,
//! removals, figures and expiry queue; nobody removed while paid, nothing done twice.

use std::{collections::BTreeSet, time::Duration};

use stardesk_core::{
    audit::{self, AuditEntry, AuditQuery, Who},
    catalog::Kind,
    demo::sim_client::ChatMessage,
    error::Error,
    refunds::{self, Category, Refunded, Why},
    subscriptions::{self, Plan, PlanDraft, SubStatus, Subscriber, expiry},
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
    expiry::run(
        &w.shop,
        api.as_ref(),
        &Who::rule("expiry"),
        false,
        || async move { reconciler.run().await.map(|_| ()) },
    )
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

/// The customer's latest subscription.
async fn sub_of(w: &World, user: i64) -> Subscriber {
    subscriptions::of_customer(&w.store, user)
        .await
        .unwrap()
        .into_iter()
        .max_by_key(|s| s.id)
        .expect("a subscription")
}

/// What the customer paid, one ledger entry per charge, oldest first.
async fn charges_of(w: &World, user: i64) -> Vec<i64> {
    w.client
        .transactions()
        .await
        .unwrap()
        .iter()
        .filter(|t| t["source"]["type"] == "user" && t["source"]["user"]["id"] == user)
        .map(|t| t["amount"].as_i64().unwrap())
        .collect()
}

/// How many of the bot's messages to the customer contain `words`.
async fn told(w: &World, user: i64, words: &str) -> usize {
    w.client
        .chat(user)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.from_bot && m.body().contains(words))
        .count()
}

async fn audit_lines(w: &World, action: &str) -> Vec<AuditEntry> {
    audit::page(
        &w.store,
        &AuditQuery {
            action: Some(action.into()),
            limit: 100,
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

fn draft_of(p: &Plan) -> PlanDraft {
    PlanDraft {
        title: p.title.clone(),
        description: p.description.clone(),
        price: p.price,
        benefit: p.benefit.clone(),
        channel_ids: p.channel_ids.clone(),
    }
}

fn invalid(e: Error, words: &str) {
    assert!(matches!(e, Error::Invalid(_)), "{e:?}");
    assert!(e.to_string().contains(words), "{e}");
}

async fn join_from(w: &World, user: i64, message: &ChatMessage) {
    let link = message.url_button("Join").expect("a Join button");
    w.client.join(user, &link).await.unwrap();
}

async fn cancel(w: &World, sub_id: i64) {
    let api = w.runtime.as_ref().unwrap().api();
    let s = subscriptions::set_renewal(&w.shop, api.as_ref(), sub_id, &Who::customer("c"), false)
        .await
        .unwrap();
    assert_eq!(s.status, SubStatus::Cancelled);
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
    // The Reports' cohort of her first month counts her with one renewal, as a recount does.
    let month = w.store.zone.month_key(renewed.started_at);
    let cohort = |store: &stardesk_core::Store| {
        let (store, month) = (store.clone(), month.clone());
        async move {
            stardesk_core::db::report_days::cohort_counts(&store.read, &month, &month)
                .await
                .unwrap()
                .iter()
                .map(|c| (c.renewals, c.subscribers))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(cohort(&w.store).await, vec![(1, 1)]);
    let mut tx = w.store.write.begin().await.unwrap();
    stardesk_core::db::report_days::count_again(&mut tx, w.store.zone.tz())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(cohort(&w.store).await, vec![(1, 1)]);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_price_change_keeps_subscribers_at_their_price_and_an_archived_plan_still_renews() {
    let mut w = World::new().await;
    w.product(Kind::Text, "Sticker pack", 5).await;
    w.start_bot();
    let (_, plan_id) = plan(&w, 100).await;
    let ann = w.client.create_user("Ann", None).await.unwrap();
    subscribe(&w, ann, plan_id).await;

    // The new price is for newcomers: Ann renews at hers, and the plan counts her.
    let before = subscriptions::plan(&w.store, plan_id).await.unwrap();
    let dearer = subscriptions::update_plan(
        &w.store,
        &merchant(),
        plan_id,
        &PlanDraft {
            price: 150,
            ..draft_of(&before)
        },
    )
    .await
    .unwrap();
    assert_eq!(dearer.price, 150);
    assert_eq!(dearer.at_other_prices, 1);
    let lines = audit_lines(&w, "plan.price").await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0].before.as_deref(), Some("100 Stars"));
    assert_eq!(lines[0].after.as_deref(), Some("150 Stars"));
    assert!(
        lines[0]
            .reason
            .contains("renew at the price they joined at"),
        "{:?}",
        lines[0]
    );
    // Only the price changed, so only the price has a line.
    assert_eq!(audit_lines(&w, "plan").await.len(), 2);

    let bob = w.client.create_user("Bob", None).await.unwrap();
    let receipt = subscribe(&w, bob, plan_id).await;
    assert!(
        receipt.body().contains("Paid: 150 ⭐"),
        "{}",
        receipt.body()
    );
    assert_eq!(sub_of(&w, bob).await.price, 150);
    assert_eq!(sub_of(&w, ann).await.price, 100);
    let p = subscriptions::plan(&w.store, plan_id).await.unwrap();
    assert_eq!((p.active_subscribers, p.at_other_prices), (2, 1));

    // Drafts Telegram or the plan's sense would refuse are refused, and change nothing.
    let refusals = [
        (
            PlanDraft {
                price: 0,
                ..draft_of(&p)
            },
            "between 1 and 10,000 Stars",
        ),
        (
            PlanDraft {
                price: 10_001,
                ..draft_of(&p)
            },
            "between 1 and 10,000 Stars",
        ),
        (
            PlanDraft {
                benefit: None,
                channel_ids: Vec::new(),
                ..draft_of(&p)
            },
            "A plan grants something",
        ),
    ];
    for (draft, words) in &refusals {
        let e = subscriptions::update_plan(&w.store, &merchant(), plan_id, draft)
            .await
            .unwrap_err();
        invalid(e, words);
        let e = subscriptions::create_plan(&w.store, &merchant(), draft)
            .await
            .unwrap_err();
        invalid(e, words);
    }
    assert_eq!(subscriptions::plan(&w.store, plan_id).await.unwrap(), p);
    assert_eq!(subscriptions::plans(&w.store).await.unwrap().len(), 1);

    // On sale: in /shop. Cat opens its card, then the merchant takes the plan off sale.
    let cat = w.client.create_user("Cat", None).await.unwrap();
    let sent = w.client.send(cat, "/shop").await.unwrap();
    let shop = w
        .client
        .wait_for(cat, sent, WAIT, |m| m.body().contains("Catalog"))
        .await
        .unwrap();
    assert_eq!(
        shop.button("plan:"),
        Some(format!("plan:{plan_id}")),
        "{shop:?}"
    );
    let sent = w
        .client
        .send(cat, &format!("/start plan_{plan_id}"))
        .await
        .unwrap();
    let card = w
        .client
        .wait_for(cat, sent, WAIT, |m| m.url_button("Subscribe").is_some())
        .await
        .unwrap();
    assert!(
        card.body().contains("150 ⭐ every 30 days"),
        "{}",
        card.body()
    );
    let open_link = card.url_button("Subscribe").unwrap();

    let off = subscriptions::set_plan_active(&w.store, &merchant(), plan_id, false)
        .await
        .unwrap();
    assert!(!off.active);
    let lines = audit_lines(&w, "plan.archive").await;
    assert_eq!(lines.len(), 1);
    assert!(lines[0].reason.contains("keep renewing"), "{:?}", lines[0]);

    let sent = w.client.send(cat, "/shop").await.unwrap();
    let shop = w
        .client
        .wait_for(cat, sent, WAIT, |m| m.body().contains("Catalog"))
        .await
        .unwrap();
    assert!(shop.button("p:").is_some(), "the product stays: {shop:?}");
    assert_eq!(shop.button("plan:"), None, "{shop:?}");
    let sent = w
        .client
        .send(cat, &format!("/start plan_{plan_id}"))
        .await
        .unwrap();
    let said = w
        .client
        .wait_for(cat, sent, WAIT, |m| m.from_bot)
        .await
        .unwrap();
    assert!(said.body().contains("not on sale"), "{}", said.body());
    assert_eq!(said.url_button("Subscribe"), None);
    // The card Cat opened before no longer sells.
    let paid = w.client.pay_link(cat, &open_link).await.unwrap();
    assert_eq!(paid.status, "declined", "{paid:?}");
    assert!(
        subscriptions::of_customer(&w.store, cat)
            .await
            .unwrap()
            .is_empty()
    );

    // A month on, both renew, each at their own price.
    w.client.advance_clock(30 * DAY).await.unwrap();
    for user in [ann, bob] {
        w.client
            .wait_for(user, 0, WAIT, |m| m.body().contains("Renewed"))
            .await
            .unwrap();
    }
    assert_eq!(charges_of(&w, ann).await, vec![100, 100]);
    assert_eq!(charges_of(&w, bob).await, vec![150, 150]);
    let (a, b) = (sub_of(&w, ann).await, sub_of(&w, bob).await);
    assert_eq!(
        (a.renewals, a.stars_paid, a.status),
        (1, 200, SubStatus::Active)
    );
    assert_eq!(
        (b.renewals, b.stars_paid, b.status),
        (1, 300, SubStatus::Active)
    );
    let p = subscriptions::plan(&w.store, plan_id).await.unwrap();
    assert_eq!((p.active_subscribers, p.at_other_prices), (2, 1));
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_extension_moves_access_and_lets_a_removed_subscriber_in_again() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 70).await;
    let api = w.runtime.as_ref().unwrap().api();
    let gus = w.client.create_user("Gus", None).await.unwrap();
    let receipt = subscribe(&w, gus, plan_id).await;
    let old_link = receipt.url_button("Join").unwrap();
    w.client.join(gus, &old_link).await.unwrap();
    let s = sub_of(&w, gus).await;

    for days in [0, 366, -5] {
        let e = subscriptions::extend(&w.shop, api.as_ref(), s.id, &merchant(), days, "")
            .await
            .unwrap_err();
        invalid(e, "1 to 365 days");
    }
    assert_eq!(sub_of(&w, gus).await, s);

    // With access: five days more, the paid period as it was, no new invite.
    let longer = subscriptions::extend(&w.shop, api.as_ref(), s.id, &merchant(), 5, "outage")
        .await
        .unwrap();
    assert_eq!(longer.access_until, s.access_until + 5 * DAY);
    assert_eq!(longer.paid_until, s.paid_until);
    assert!(longer.has_access);
    let lines = audit_lines(&w, "subscription.extend").await;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].reason, "outage");
    assert!(
        lines[0].after.as_deref().unwrap().ends_with("(+5 days)"),
        "{:?}",
        lines[0]
    );
    assert_eq!(told(&w, gus, "is back until").await, 0);

    // Removed, then extended: in again for ten days with a new one-person invite.
    subscriptions::remove_now(&w.shop, api.as_ref(), s.id, &merchant(), "by mistake")
        .await
        .unwrap();
    assert!(w.client.members(channel).await.unwrap().is_empty());
    let ended = w
        .client
        .wait_for(gus, receipt.message_id, WAIT, |m| {
            m.body().contains("has ended")
        })
        .await
        .unwrap();
    let t0 = w.client.now().await.unwrap();
    let back = subscriptions::extend(&w.shop, api.as_ref(), s.id, &merchant(), 10, "sorry")
        .await
        .unwrap();
    let t1 = w.client.now().await.unwrap();
    assert!(back.has_access);
    assert!(
        (t0 + 10 * DAY..=t1 + 10 * DAY).contains(&back.access_until),
        "{back:?}"
    );
    let again = w
        .client
        .wait_for(gus, ended.message_id, WAIT, |m| {
            m.body().contains("is back until")
        })
        .await
        .unwrap();
    let new_link = again.url_button("Join").expect("a new Join button");
    assert_ne!(new_link, old_link);
    let refused = w.client.join(gus, &old_link).await.unwrap_err().to_string();
    assert!(refused.contains("INVITE_HASH_EXPIRED"), "{refused}");
    w.client.join(gus, &new_link).await.unwrap();
    assert_eq!(w.client.members(channel).await.unwrap(), vec![gus]);
    let hal = w.client.create_user("Hal", None).await.unwrap();
    let refused = w.client.join(hal, &new_link).await.unwrap_err().to_string();
    assert!(refused.contains("USERS_TOO_MUCH"), "{refused}");

    // The extension ends like any access: removed once, when it is over.
    assert_eq!(run_expiry(&w).await.removed, 0);
    w.client.advance_clock(10 * DAY + 60).await.unwrap();
    assert_eq!(run_expiry(&w).await.removed, 1);
    assert_eq!(run_expiry(&w).await.removed, 0);
    assert!(w.client.members(channel).await.unwrap().is_empty());
    let detail = subscriptions::detail(&w.shop, s.id).await.unwrap();
    assert_eq!(detail.removals.len(), 2, "{:?}", detail.removals);
    assert_eq!(told(&w, gus, "has ended").await, 2);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_now_stops_the_renewal_and_removes_once() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 40).await;
    let api = w.runtime.as_ref().unwrap().api();
    let ivy = w.client.create_user("Ivy", None).await.unwrap();
    let jon = w.client.create_user("Jon", None).await.unwrap();
    for user in [ivy, jon] {
        let receipt = subscribe(&w, user, plan_id).await;
        join_from(&w, user, &receipt).await;
    }
    let s = sub_of(&w, ivy).await;

    for _ in 0..2 {
        let out = subscriptions::remove_now(&w.shop, api.as_ref(), s.id, &merchant(), "spam")
            .await
            .unwrap();
        assert!(!out.has_access);
        assert_eq!(out.status, SubStatus::Lapsed);
    }
    assert_eq!(w.client.members(channel).await.unwrap(), vec![jon]);
    w.client
        .wait_for(ivy, 0, WAIT, |m| m.body().contains("has ended"))
        .await
        .unwrap();
    assert_eq!(run_expiry(&w).await.removed, 0);
    let detail = subscriptions::detail(&w.shop, s.id).await.unwrap();
    assert_eq!(detail.removals.len(), 1, "{:?}", detail.removals);
    let r = &detail.removals[0];
    assert_eq!(
        (r.why.as_str(), r.actor.as_str(), r.actor_name.as_str()),
        ("spam", "operator", "merchant")
    );
    assert_eq!(r.state, "removed");
    assert!(r.told_at.is_some());
    assert_eq!(told(&w, ivy, "has ended").await, 1);
    assert_eq!(audit_lines(&w, "subscription.remove").await.len(), 1);

    // Telegram was told: a month on, Jon renews and Ivy is not charged.
    w.client.advance_clock(30 * DAY + 60).await.unwrap();
    w.client
        .wait_for(jon, 0, WAIT, |m| m.body().contains("Renewed"))
        .await
        .unwrap();
    assert_eq!(charges_of(&w, ivy).await, vec![40]);
    assert_eq!(charges_of(&w, jon).await, vec![40, 40]);
    assert_eq!(run_expiry(&w).await.removed, 0);
    assert_eq!(w.client.members(channel).await.unwrap(), vec![jon]);
    let s = sub_of(&w, ivy).await;
    assert_eq!((s.renewals, s.has_access), (0, false));
    assert_eq!(told(&w, ivy, "has ended").await, 1);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_is_forgotten_only_once_no_plan_grants_it() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 30).await;
    let e = subscriptions::forget_channel(&w.store, &merchant(), channel)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e:?}");
    assert!(e.to_string().contains("in use"), "{e}");
    let known = subscriptions::channels(&w.store).await.unwrap();
    assert_eq!(known.len(), 1);
    assert_eq!((known[0].id, known[0].plans), (channel, 1));

    // Taken out of the plan (which keeps its benefit), it can go.
    let p = subscriptions::plan(&w.store, plan_id).await.unwrap();
    let p = subscriptions::update_plan(
        &w.store,
        &merchant(),
        plan_id,
        &PlanDraft {
            channel_ids: Vec::new(),
            ..draft_of(&p)
        },
    )
    .await
    .unwrap();
    assert!(p.channel_ids.is_empty());
    subscriptions::forget_channel(&w.store, &merchant(), channel)
        .await
        .unwrap();
    assert!(subscriptions::channels(&w.store).await.unwrap().is_empty());
    assert_eq!(audit_lines(&w, "channel.forget").await.len(), 1);
    // A plan cannot grant it any more.
    let e = subscriptions::update_plan(
        &w.store,
        &merchant(),
        plan_id,
        &PlanDraft {
            channel_ids: vec![channel],
            ..draft_of(&p)
        },
    )
    .await
    .unwrap_err();
    invalid(e, "not one the bot administers");
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_figures_count_access_recurring_stars_renewals_due_and_lapses() {
    let mut w = World::new().await;
    w.start_bot();
    let (_, club) = plan(&w, 100).await;
    let tips = subscriptions::create_plan(
        &w.store,
        &merchant(),
        &PlanDraft {
            title: "Tips monthly".into(),
            description: "A page of tips every month".into(),
            price: 40,
            benefit: Some("This month's tips: https://example.com/tips".into()),
            channel_ids: Vec::new(),
        },
    )
    .await
    .unwrap()
    .id;
    let api = w.runtime.as_ref().unwrap().api();
    let kim = w.client.create_user("Kim", None).await.unwrap();
    let lea = w.client.create_user("Lea", None).await.unwrap();
    let max = w.client.create_user("Max", None).await.unwrap();
    let ned = w.client.create_user("Ned", None).await.unwrap();
    for (user, plan_id) in [(kim, club), (lea, club), (max, tips), (ned, club)] {
        subscribe(&w, user, plan_id).await;
    }
    cancel(&w, sub_of(&w, lea).await.id).await;
    let f = subscriptions::figures(&w.shop).await.unwrap();
    assert_eq!(
        (f.active, f.mrr, f.renewals_due_week, f.lapses_week),
        (4, 240, 0, 0),
        "{f:?}"
    );

    // 24 days on, Ned is removed: three with access, Kim's and Max's renewals due this week.
    w.client.advance_clock(24 * DAY).await.unwrap();
    let ned_sub = sub_of(&w, ned).await.id;
    subscriptions::remove_now(&w.shop, api.as_ref(), ned_sub, &merchant(), "")
        .await
        .unwrap();
    let f = subscriptions::figures(&w.shop).await.unwrap();
    assert_eq!(
        (f.active, f.mrr, f.renewals_due_week, f.lapses_week),
        (3, 140, 2, 1),
        "{f:?}"
    );

    // A week later Kim and Max have renewed and Lea, who cancelled, is gone.
    w.client.advance_clock(7 * DAY).await.unwrap();
    for user in [kim, max] {
        w.client
            .wait_for(user, 0, WAIT, |m| m.body().contains("Renewed"))
            .await
            .unwrap();
    }
    assert_eq!(run_expiry(&w).await.removed, 1);
    assert!(!sub_of(&w, lea).await.has_access);
    let f = subscriptions::figures(&w.shop).await.unwrap();
    assert_eq!(
        (f.active, f.mrr, f.renewals_due_week, f.lapses_week),
        (2, 140, 0, 2),
        "{f:?}"
    );
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_expiry_queue_shows_exactly_what_the_run_then_does() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 50).await;
    // Oli renews; Pia cancels; Quinn cannot pay the renewal.
    let oli = w.client.create_user("Oli", None).await.unwrap();
    let pia = w.client.create_user("Pia", None).await.unwrap();
    let quinn = w.client.create_user_with_stars("Quinn", 60).await.unwrap();
    for user in [oli, pia, quinn] {
        let receipt = subscribe(&w, user, plan_id).await;
        join_from(&w, user, &receipt).await;
    }
    cancel(&w, sub_of(&w, pia).await.id).await;
    // Ray (14 hours later) and Sue (2 days later) cancel too; their periods end later.
    w.client.advance_clock(14 * 3600).await.unwrap();
    let ray = w.client.create_user("Ray", None).await.unwrap();
    subscribe(&w, ray, plan_id).await;
    cancel(&w, sub_of(&w, ray).await.id).await;
    w.client.advance_clock(2 * DAY - 14 * 3600).await.unwrap();
    let sue = w.client.create_user("Sue", None).await.unwrap();
    subscribe(&w, sue, plan_id).await;
    cancel(&w, sub_of(&w, sue).await.id).await;

    // Two hours after the first period: Oli's renewal is in; Pia and Quinn are due, Ray ends in
    // 12 hours (reminded "tomorrow"), Sue in under two days (reminded "in 3 days").
    w.client.advance_clock(28 * DAY + 2 * 3600).await.unwrap();
    w.client
        .wait_for(oli, 0, WAIT, |m| m.body().contains("Renewed"))
        .await
        .unwrap();
    let id = |s: Subscriber| s.id;
    let (oli_s, pia_s, quinn_s, ray_s, sue_s) = (
        id(sub_of(&w, oli).await),
        id(sub_of(&w, pia).await),
        id(sub_of(&w, quinn).await),
        id(sub_of(&w, ray).await),
        id(sub_of(&w, sue).await),
    );
    let q = expiry::queue(&w.shop).await.unwrap();
    assert!(!q.paused);
    let due: BTreeSet<i64> = q.due_now.iter().map(|d| d.subscription_id).collect();
    assert_eq!(due, BTreeSet::from([pia_s, quinn_s]), "{q:?}");
    let why = |sub: i64| {
        q.due_now
            .iter()
            .find(|d| d.subscription_id == sub)
            .map(|d| d.why.clone())
            .unwrap()
    };
    assert_eq!(why(pia_s), "cancelled, paid period over");
    assert_eq!(why(quinn_s), "did not renew");
    let later = |list: &[expiry::DueAccess]| -> Vec<i64> {
        list.iter().map(|d| d.subscription_id).collect()
    };
    assert_eq!(later(&q.next_24h), vec![ray_s], "{q:?}");
    assert_eq!(later(&q.next_7d), vec![sue_s], "{q:?}");
    // The counts beside the lists agree with them (the lists are whole here).
    assert_eq!(
        (q.due_now_total, q.next_24h_total, q.next_7d_total),
        (2, 1, 1),
        "{q:?}"
    );
    let reminders: BTreeSet<(i64, i64)> = q
        .reminders_now
        .iter()
        .map(|r| (r.subscription_id, r.days_before))
        .collect();
    assert_eq!(reminders, BTreeSet::from([(ray_s, 1), (sue_s, 3)]));
    assert!(!due.contains(&oli_s));

    let run = run_expiry(&w).await;
    assert_eq!((run.removed, run.reminders), (2, 2), "{run:?}");
    assert!(run.failed.is_empty(), "{run:?}");
    let mut without: BTreeSet<i64> = BTreeSet::new();
    for user in [oli, pia, quinn, ray, sue] {
        let s = sub_of(&w, user).await;
        if !s.has_access {
            without.insert(s.id);
        }
    }
    assert_eq!(without, due);
    let members: BTreeSet<i64> = w
        .client
        .members(channel)
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(members, BTreeSet::from([oli]));
    assert_eq!(told(&w, ray, "tomorrow").await, 1);
    assert_eq!(told(&w, sue, "in 3 days").await, 1);
    for user in [pia, quinn] {
        assert_eq!(told(&w, user, "has ended").await, 1);
    }

    // Done, and done once: the queue is empty now, the removals are recent.
    let q = expiry::queue(&w.shop).await.unwrap();
    assert!(q.due_now.is_empty() && q.reminders_now.is_empty(), "{q:?}");
    let recent: BTreeSet<i64> = q.recent.iter().map(|r| r.subscription_id).collect();
    assert_eq!(recent, due);
    let run = run_expiry(&w).await;
    assert_eq!((run.removed, run.reminders), (0, 0), "{run:?}");
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paused_removals_wait_for_force_and_a_removal_is_undone_once() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 50).await;
    let api = w.runtime.as_ref().unwrap().api();
    let tia = w.client.create_user("Tia", None).await.unwrap();
    let receipt = subscribe(&w, tia, plan_id).await;
    join_from(&w, tia, &receipt).await;
    let sub = sub_of(&w, tia).await.id;
    cancel(&w, sub).await;

    assert!(
        expiry::set_paused(&w.shop, &merchant(), true)
            .await
            .unwrap()
    );
    assert_eq!(audit_lines(&w, "subscriptions.removals").await.len(), 1);
    w.client.advance_clock(30 * DAY + 60).await.unwrap();
    let q = expiry::queue(&w.shop).await.unwrap();
    assert!(q.paused);
    assert_eq!(q.due_now.len(), 1);
    let run = run_expiry(&w).await;
    assert_eq!((run.removed, run.paused), (0, true));
    assert_eq!(w.client.members(channel).await.unwrap(), vec![tia]);
    // Forced, the run removes all the same.
    let rt = w.runtime.as_ref().unwrap();
    let reconciler = rt.reconciler();
    let forced = expiry::run(&w.shop, api.as_ref(), &merchant(), true, || async move {
        reconciler.run().await.map(|_| ())
    })
    .await
    .unwrap();
    assert_eq!(forced.removed, 1, "{forced:?}");
    assert!(w.client.members(channel).await.unwrap().is_empty());
    assert!(
        !expiry::set_paused(&w.shop, &merchant(), false)
            .await
            .unwrap()
    );

    // Undone: access for 4 days from now, a new invite that works.
    let removal = subscriptions::detail(&w.shop, sub).await.unwrap().removals[0].clone();
    let e = expiry::undo(&w.shop, api.as_ref(), removal.id, &merchant(), 0)
        .await
        .unwrap_err();
    invalid(e, "1 to 365 days");
    let t0 = w.client.now().await.unwrap();
    let undone = expiry::undo(&w.shop, api.as_ref(), removal.id, &merchant(), 4)
        .await
        .unwrap();
    let t1 = w.client.now().await.unwrap();
    assert_eq!(undone.state, "undone");
    assert!(undone.undone_at.is_some());
    let s = sub_of(&w, tia).await;
    assert!(s.has_access);
    assert!(
        (t0 + 4 * DAY..=t1 + 4 * DAY).contains(&s.access_until),
        "{s:?}"
    );
    let back = w
        .client
        .wait_for(tia, receipt.message_id, WAIT, |m| {
            m.body().contains("is back until")
        })
        .await
        .unwrap();
    join_from(&w, tia, &back).await;
    assert_eq!(w.client.members(channel).await.unwrap(), vec![tia]);
    let e = expiry::undo(&w.shop, api.as_ref(), removal.id, &merchant(), 4)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e:?}");
    assert_eq!(told(&w, tia, "is back until").await, 1);
    assert_eq!(audit_lines(&w, "subscription.undo_removal").await.len(), 1);

    // The given days over, removed again: a removal of its own.
    w.client.advance_clock(4 * DAY + 60).await.unwrap();
    assert_eq!(run_expiry(&w).await.removed, 1);
    assert!(w.client.members(channel).await.unwrap().is_empty());
    let removals = subscriptions::detail(&w.shop, sub).await.unwrap().removals;
    let states: Vec<&str> = removals.iter().map(|r| r.state.as_str()).collect();
    assert_eq!(states, vec!["undone", "removed"]);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_go_out_at_the_chosen_days_once_each_period() {
    let mut w = World::new().await;
    w.start_bot();
    let (_, plan_id) = plan(&w, 20).await;
    let api = w.runtime.as_ref().unwrap().api();
    for days in [vec![0], vec![30], vec![1, 2, 3, 4, 5, 6]] {
        let e = expiry::set_reminder_days(&w.shop, &merchant(), &days)
            .await
            .unwrap_err();
        invalid(e, "1 to 29 days");
    }
    assert_eq!(
        expiry::reminder_days(&w.shop).await.unwrap(),
        expiry::DEFAULT_REMINDER_DAYS.to_vec()
    );
    let set = expiry::set_reminder_days(&w.shop, &merchant(), &[2, 5, 5])
        .await
        .unwrap();
    assert_eq!(set, vec![5, 2]);
    assert_eq!(expiry::reminder_days(&w.shop).await.unwrap(), vec![5, 2]);
    let lines = audit_lines(&w, "subscriptions.reminders").await;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].after.as_deref(), Some("5 d, 2 d"));

    let uma = w.client.create_user("Uma", None).await.unwrap();
    subscribe(&w, uma, plan_id).await;
    let sub = sub_of(&w, uma).await.id;
    cancel(&w, sub).await;
    // Each lead once, however often the run comes; none at 3 or 1 day any more.
    let steps = [(25 * DAY + 60, "in 5 days"), (3 * DAY, "in 2 days")];
    for (advance, words) in steps {
        w.client.advance_clock(advance).await.unwrap();
        assert_eq!(run_expiry(&w).await.reminders, 1, "{words}");
        assert_eq!(run_expiry(&w).await.reminders, 0, "{words}");
        assert_eq!(told(&w, uma, words).await, 1, "{words}");
    }
    w.client.advance_clock(DAY).await.unwrap();
    assert_eq!(run_expiry(&w).await.reminders, 0);
    assert_eq!(told(&w, uma, "tomorrow").await, 0);
    let sent: BTreeSet<i64> = subscriptions::detail(&w.shop, sub)
        .await
        .unwrap()
        .reminders
        .iter()
        .map(|r| r.days_before)
        .collect();
    assert_eq!(sent, BTreeSet::from([5, 2]));

    // Resumed, renewed, cancelled again: the new period has its own reminders.
    subscriptions::set_renewal(&w.shop, api.as_ref(), sub, &Who::customer("Uma"), true)
        .await
        .unwrap();
    w.client.advance_clock(DAY).await.unwrap();
    w.client
        .wait_for(uma, 0, WAIT, |m| m.body().contains("Renewed"))
        .await
        .unwrap();
    cancel(&w, sub).await;
    w.client.advance_clock(25 * DAY).await.unwrap();
    assert_eq!(run_expiry(&w).await.reminders, 1);
    assert_eq!(run_expiry(&w).await.reminders, 0);
    assert_eq!(told(&w, uma, "in 5 days").await, 2);
    w.stop_bot().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_from_the_orders_side_ends_the_subscription_only_for_its_latest_payment() {
    let mut w = World::new().await;
    w.start_bot();
    let (channel, plan_id) = plan(&w, 60).await;
    let api = w.runtime.as_ref().unwrap().api();
    let why = Why::new(Category::CustomerRequest, "");
    let val = w.client.create_user("Val", None).await.unwrap();
    let receipt = subscribe(&w, val, plan_id).await;
    join_from(&w, val, &receipt).await;
    w.client.advance_clock(30 * DAY).await.unwrap();
    w.client
        .wait_for(val, receipt.message_id, WAIT, |m| {
            m.body().contains("Renewed")
        })
        .await
        .unwrap();
    let sub = sub_of(&w, val).await.id;
    let payments = subscriptions::detail(&w.shop, sub).await.unwrap().payments;
    assert_eq!(payments.len(), 2);

    // The older payment refunded: it renews and keeps access.
    let done = refunds::refund_and_tell(
        &w.shop,
        api.as_ref(),
        payments[0].order_id,
        &merchant(),
        &why,
    )
    .await
    .unwrap();
    assert_eq!(done, Refunded::Now);
    let s = sub_of(&w, val).await;
    assert_eq!((s.status, s.has_access), (SubStatus::Active, true));
    assert_eq!(run_expiry(&w).await.removed, 0);
    assert_eq!(w.client.members(channel).await.unwrap(), vec![val]);
    w.client.advance_clock(30 * DAY).await.unwrap();
    w.client
        .wait_for(val, receipt.message_id, WAIT, |m| {
            m.body().contains("Renewed") && m.body().contains("order #3")
        })
        .await
        .unwrap();
    assert_eq!(charges_of(&w, val).await, vec![60, 60, 60]);
    assert_eq!(sub_of(&w, val).await.renewals, 2);

    // The latest refunded: no more renewals, and the next run takes access away.
    let latest = subscriptions::detail(&w.shop, sub).await.unwrap().payments[2].order_id;
    let done = refunds::refund_and_tell(&w.shop, api.as_ref(), latest, &merchant(), &why)
        .await
        .unwrap();
    assert_eq!(done, Refunded::Now);
    assert_eq!(sub_of(&w, val).await.status, SubStatus::Refunded);
    let run = run_expiry(&w).await;
    assert_eq!(run.removed, 1, "{run:?}");
    assert!(w.client.members(channel).await.unwrap().is_empty());
    w.client
        .wait_for(val, receipt.message_id, WAIT, |m| {
            m.body().contains("its payment was refunded")
        })
        .await
        .unwrap();
    w.client.advance_clock(31 * DAY).await.unwrap();
    assert_eq!(charges_of(&w, val).await, vec![60, 60, 60]);
    let s = sub_of(&w, val).await;
    assert_eq!(
        (s.status, s.has_access, s.renewals),
        (SubStatus::Refunded, false, 2)
    );
    w.stop_bot().await;
}
