//! The expiry queue: who loses access when, reminders before a cancelled subscription ends, and
//! the run that carries both out. Durable and done once: a removal is claimed in the store before
//! its bans (repeated after a crash, harmlessly), a reminder is written down before it is sent.
//! A renewing subscription is due only a grace after its period, and the ledger is read first,
//! so a renewal on its way is never taken for a lapse: nobody is removed while paid.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{SubStatus, subscriber};
use crate::{
    audit::{self, Actor, Line, Who},
    db::{self, now},
    error::{Error, Result},
    events::AppEvent,
    pacer::Priority,
    shop::Shop,
    telegram::Telegram,
    texts,
};

/// A renewing subscription is due this long after its period ends.
pub const GRACE: i64 = 3600;
/// How long a removal can be undone.
pub const UNDO_DAYS: i64 = 7;
pub const DEFAULT_REMINDER_DAYS: [i64; 2] = [3, 1];
/// How many of each of the queue's lists are shown (the counts are whole).
pub const LISTED: i64 = 200;
/// Removals carried out per pass of a run; a run takes passes until nothing more is due.
const BATCH: i64 = 500;
const PAUSED: &str = "subscriptions.removals_paused";
const REMINDER_DAYS: &str = "subscriptions.reminder_days";

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DueAccess {
    pub subscription_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub plan_title: String,
    /// When access ends (a renewing one: a grace after its period).
    pub at: i64,
    pub why: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DueReminder {
    pub subscription_id: i64,
    pub customer_id: i64,
    pub plan_title: String,
    pub paid_until: i64,
    pub days_before: i64,
}

/// What the queue holds, and exactly what the next run would do.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ExpiryQueue {
    pub now: i64,
    pub paused: bool,
    pub reminder_days: Vec<i64>,
    /// Removed by the next run (unless paused); the first `LISTED` of each list, with the
    /// whole count beside it.
    pub due_now: Vec<DueAccess>,
    pub due_now_total: i64,
    pub next_24h: Vec<DueAccess>,
    pub next_24h_total: i64,
    pub next_7d: Vec<DueAccess>,
    pub next_7d_total: i64,
    /// Reminders the next run sends.
    pub reminders_now: Vec<DueReminder>,
    /// Removals of the last 7 days; the ones not undone can be.
    pub recent: Vec<super::Removal>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ExpiryRun {
    pub removed: i64,
    pub reminders: i64,
    pub failed: Vec<String>,
    /// Removals waited: automatic removal is paused and the run was not forced.
    pub paused: bool,
}

fn why(status: &str) -> String {
    match status {
        "active" => "did not renew".into(),
        "cancelled" => "cancelled, paid period over".into(),
        "refunded" => "payment refunded".into(),
        _ => "access ended".into(),
    }
}

fn due_access(d: db::subscriptions::Due) -> DueAccess {
    DueAccess {
        why: why(&d.status),
        subscription_id: d.subscription_id,
        customer_id: d.customer_id,
        customer_name: d.customer_name,
        plan_title: d.plan_title,
        at: d.access_until,
    }
}

pub async fn paused(shop: &Shop) -> Result<bool> {
    Ok(db::settings::get(&shop.store.read, PAUSED)
        .await?
        .as_deref()
        == Some("1"))
}

pub async fn set_paused(shop: &Shop, who: &Who, paused_now: bool) -> Result<bool> {
    let before = paused(shop).await?;
    if before == paused_now {
        return Ok(before);
    }
    let mut tx = shop.store.write.begin().await?;
    db::settings::set(&mut *tx, PAUSED, if paused_now { "1" } else { "0" }).await?;
    audit::record(
        &mut *tx,
        who,
        Line {
            action: "subscriptions.removals",
            subject: "automatic removal".into(),
            before: Some(if before { "paused" } else { "on" }.into()),
            after: Some(if paused_now { "paused" } else { "on" }.into()),
            reason: "",
        },
    )
    .await?;
    tx.commit().await?;
    shop.emit(AppEvent::SubscriptionsChanged);
    Ok(paused_now)
}

pub async fn reminder_days(shop: &Shop) -> Result<Vec<i64>> {
    let raw = db::settings::get(&shop.store.read, REMINDER_DAYS).await?;
    Ok(match raw {
        Some(r) => r.split(',').filter_map(|d| d.trim().parse().ok()).collect(),
        None => DEFAULT_REMINDER_DAYS.to_vec(),
    })
}

pub async fn set_reminder_days(shop: &Shop, who: &Who, days: &[i64]) -> Result<Vec<i64>> {
    let mut days: Vec<i64> = days.to_vec();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    if days.len() > 5 || days.iter().any(|d| !(1..=29).contains(d)) {
        return Err(Error::invalid(
            "Reminders go out 1 to 29 days before the end; at most five of them.",
        ));
    }
    let before = reminder_days(shop).await?;
    let words = |v: &[i64]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.iter()
                .map(|d| format!("{d} d"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let value = days
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut tx = shop.store.write.begin().await?;
    db::settings::set(&mut *tx, REMINDER_DAYS, &value).await?;
    audit::record(
        &mut *tx,
        who,
        Line {
            action: "subscriptions.reminders",
            subject: "reminders before a subscription ends".into(),
            before: Some(words(&before)),
            after: Some(words(&days)),
            reason: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(days)
}

/// Reminders due at `now`: for each cancelled subscription, the nearest lead time passed that
/// was not sent for its period (a clock that jumped past two sends one).
async fn reminders_due(
    shop: &Shop,
    now_at: i64,
    days: &[i64],
) -> Result<Vec<(DueReminder, Vec<i64>)>> {
    let Some(longest) = days.iter().max() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for e in db::subscriptions::ending(&shop.store.read, now_at, longest * 86_400).await? {
        // This period's: a subscription resumed, renewed and cancelled again is reminded anew.
        let sent = &e.sent;
        let passed: Vec<i64> = days
            .iter()
            .copied()
            .filter(|d| e.paid_until - d * 86_400 <= now_at)
            .collect();
        let left = e.paid_until - now_at;
        let Some(nearest) = passed.iter().copied().min() else {
            continue;
        };
        // Already sent for this lead, or a shorter one: nothing new to say.
        if sent.iter().any(|s| *s <= nearest) || left <= 0 {
            continue;
        }
        out.push((
            DueReminder {
                subscription_id: e.subscription_id,
                customer_id: e.customer_id,
                plan_title: e.plan_title,
                paid_until: e.paid_until,
                days_before: nearest,
            },
            passed,
        ));
    }
    Ok(out)
}

/// The queue as it stands: what the next run would do, and what comes after.
pub async fn queue(shop: &Shop) -> Result<ExpiryQueue> {
    let now_at = shop.clock.now().await;
    let read = &shop.store.read;
    let (day, week) = (now_at + 86_400, now_at + 7 * 86_400);
    let list = |after: i64, until: i64| async move {
        let due = db::subscriptions::due_between(read, after, until, GRACE, LISTED).await?;
        Ok::<_, Error>(due.into_iter().map(due_access).collect::<Vec<_>>())
    };
    let days = reminder_days(shop).await?;
    Ok(ExpiryQueue {
        now: now_at,
        paused: paused(shop).await?,
        reminders_now: reminders_due(shop, now_at, &days)
            .await?
            .into_iter()
            .map(|(r, _)| r)
            .collect(),
        reminder_days: days,
        due_now: list(i64::MIN, now_at).await?,
        due_now_total: db::subscriptions::due_count(read, i64::MIN, now_at, GRACE).await?,
        next_24h: list(now_at, day).await?,
        next_24h_total: db::subscriptions::due_count(read, now_at, day, GRACE).await?,
        next_7d: list(day, week).await?,
        next_7d_total: db::subscriptions::due_count(read, day, week, GRACE).await?,
        // Removals are written down at the wall clock's time (`created_at`), like the audit trail.
        recent: db::subscriptions::recent_removals(read, now() - UNDO_DAYS * 86_400).await?,
    })
}

/// Carries out what is due: reminders, then removals (unless paused, or `force`), recorded as
/// done `by` the scheduler's rule or whoever asked for the run. `reconcile`
/// reads Telegram's ledger first when a renewing subscription is due, so that a renewal the bot
/// has not seen yet is recorded before anyone is removed.
pub async fn run<F, Fut>(
    shop: &Shop,
    tg: &dyn Telegram,
    by: &Who,
    force: bool,
    reconcile: F,
) -> Result<ExpiryRun>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let mut report = ExpiryRun::default();
    // Removals a crash cut short, then customers a crash kept from being told.
    for (removal_id, sub_id) in db::subscriptions::removing(&shop.store.read).await? {
        if let Err(e) = carry_out(shop, tg, removal_id, sub_id).await {
            report.failed.push(format!("subscription #{sub_id}: {e}"));
        }
    }
    for removal_id in db::subscriptions::untold(&shop.store.read).await? {
        tell_removed(shop, tg, removal_id).await;
    }

    let now_at = shop.clock.now().await;
    let days = reminder_days(shop).await?;
    for (r, passed) in reminders_due(shop, now_at, &days).await? {
        if send_reminder(shop, tg, &r, &passed).await? {
            report.reminders += 1;
        }
    }

    // Paused: removals wait, unless forced (then they are done, and the run says so).
    report.paused = paused(shop).await? && !force;
    if report.paused {
        return Ok(report);
    }
    let read = &shop.store.read;
    let mut due = db::subscriptions::due(read, now_at, GRACE, BATCH).await?;
    if due.iter().any(|d| d.status == "active") {
        reconcile().await?;
        due = db::subscriptions::due(read, now_at, GRACE, BATCH).await?;
    }
    loop {
        let full = due.len() as i64 == BATCH;
        let mut removed = 0;
        for d in due {
            match remove(shop, tg, d.subscription_id, by, &why(&d.status)).await {
                Ok(true) => removed += 1,
                Ok(false) => {}
                Err(e) => report
                    .failed
                    .push(format!("{} ({}): {e}", d.customer_name, d.plan_title)),
            }
        }
        report.removed += removed;
        // Another pass only while passes make progress: what failed stays for the next run.
        if !full || removed == 0 {
            break;
        }
        due = db::subscriptions::due(read, now_at, GRACE, BATCH).await?;
    }
    if report.removed > 0 || report.reminders > 0 {
        shop.emit(AppEvent::SubscriptionsChanged);
    }
    Ok(report)
}

async fn send_reminder(
    shop: &Shop,
    tg: &dyn Telegram,
    r: &DueReminder,
    passed: &[i64],
) -> Result<bool> {
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    // Still cancelled, still this period: a renewal or a resume since the plan was made wins.
    let s = db::subscriptions::subscriber_by_id(&mut *tx, r.subscription_id)
        .await?
        .ok_or(Error::NotFound("subscription"))?;
    if s.status != SubStatus::Cancelled || s.paid_until != r.paid_until || !s.has_access {
        return Ok(false);
    }
    let mut claimed = false;
    for d in passed {
        claimed |=
            db::subscriptions::claim_reminder(&mut *tx, r.subscription_id, r.paid_until, *d, at)
                .await?;
    }
    tx.commit().await?;
    if !claimed {
        return Ok(false);
    }
    // A customer who sent /stop gets answers only: the reminder is claimed, and not sent.
    if db::reminders::consent(&shop.store.read, r.customer_id)
        .await?
        .stopped
    {
        return Ok(false);
    }
    let l = crate::customers::lang(&shop.store.read, r.customer_id).await?;
    let body = texts::subscription_reminder(l, &r.plan_title, r.paid_until, r.days_before);
    let params = json!({
        "chat_id": r.customer_id,
        "text": body,
        "parse_mode": "HTML",
        "reply_markup": { "inline_keyboard": [[
            { "text": texts::resume_button(l), "callback_data": format!("sub_resume:{}", r.subscription_id) }
        ]]},
    });
    if let Err(e) = tg.call_at(Priority::Reminder, "sendMessage", params).await {
        tracing::warn!(subscription = r.subscription_id, error = %e, "reminder not sent; due again");
        for d in passed {
            db::subscriptions::unclaim_reminder(
                &shop.store.write,
                r.subscription_id,
                r.paid_until,
                *d,
            )
            .await?;
        }
        return Ok(false);
    }
    Ok(true)
}

/// Removes a subscription's access for its current end (once): claimed, banned and unbanned in
/// each channel (so that they can come back after paying again), recorded, told.
pub async fn remove(
    shop: &Shop,
    tg: &dyn Telegram,
    sub_id: i64,
    who: &Who,
    why: &str,
) -> Result<bool> {
    let s = subscriber(&shop.store, sub_id).await?;
    if !s.has_access {
        return Ok(false);
    }
    let Some(removal_id) = db::subscriptions::claim_removal(
        &shop.store.write,
        sub_id,
        s.access_until,
        why,
        who.actor.as_str(),
        &who.name,
        now(),
    )
    .await?
    else {
        return Ok(false);
    };
    carry_out(shop, tg, removal_id, sub_id).await?;
    Ok(true)
}

async fn carry_out(shop: &Shop, tg: &dyn Telegram, removal_id: i64, sub_id: i64) -> Result<()> {
    let s = subscriber(&shop.store, sub_id).await?;
    for channel in db::subscriptions::plan_channels(&shop.store.read, s.plan_id).await? {
        // Channel access bought once keeps them in that channel.
        if db::channel_access::has_access(&shop.store.read, s.customer_id, channel.id, 0).await? {
            continue;
        }
        let ban = json!({ "chat_id": channel.id, "user_id": s.customer_id });
        tg.call("banChatMember", ban.clone())
            .await
            .map_err(|e| Error::Telegram(format!("Not removed from {}: {e}", channel.title)))?;
        let unban =
            json!({ "chat_id": channel.id, "user_id": s.customer_id, "only_if_banned": true });
        tg.call("unbanChatMember", unban).await.map_err(|e| {
            Error::Telegram(format!(
                "Removed from {} but still banned: {e}",
                channel.title
            ))
        })?;
    }
    super::revoke_invites(shop, tg, sub_id).await?;
    let removal = db::subscriptions::removal_by_id(&shop.store.read, removal_id)
        .await?
        .ok_or(Error::NotFound("removal"))?;
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    db::subscriptions::removal_done(&mut *tx, removal_id, at).await?;
    db::subscriptions::set_access(&mut *tx, sub_id, false, at).await?;
    if matches!(s.status, SubStatus::Active | SubStatus::Cancelled) {
        db::subscriptions::set_status(&mut *tx, sub_id, SubStatus::Lapsed, at).await?;
    }
    let who = Who::new(
        Actor::parse(&removal.actor).unwrap_or(Actor::Rule),
        removal.actor_name.clone(),
    );
    audit::record(
        &mut *tx,
        &who,
        Line {
            action: "subscription.remove",
            subject: format!(
                "subscription #{sub_id} ({}, {})",
                s.customer_name, s.plan_title
            ),
            before: Some("has access".into()),
            after: Some("removed from the plan's channels".into()),
            reason: &removal.why,
        },
    )
    .await?;
    tx.commit().await?;
    tell_removed(shop, tg, removal_id).await;
    Ok(())
}

async fn tell_removed(shop: &Shop, tg: &dyn Telegram, removal_id: i64) {
    let Ok(Some(r)) = db::subscriptions::removal_by_id(&shop.store.read, removal_id).await else {
        return;
    };
    let Ok(s) = subscriber(&shop.store, r.subscription_id).await else {
        return;
    };
    let l = crate::customers::lang(&shop.store.read, s.customer_id)
        .await
        .unwrap_or_default();
    let params = json!({
        "chat_id": s.customer_id,
        "text": texts::subscription_ended(l, &s.plan_title, s.status == SubStatus::Refunded),
        "parse_mode": "HTML",
        "reply_markup": { "inline_keyboard": [[
            { "text": texts::subscribe_again_button(l), "callback_data": format!("plan:{}", s.plan_id) }
        ]]},
    });
    match tg.call_at(Priority::Notice, "sendMessage", params).await {
        Ok(_) => {
            let _ = db::subscriptions::removal_told(&shop.store.write, removal_id, now()).await;
        }
        Err(e) => tracing::warn!(removal = removal_id, error = %e, "removal not told yet"),
    }
}

/// Lets a subscriber in again (an undo, an extension after a removal): access back on, a new
/// one-person invite for each channel sent in the chat.
pub async fn let_in(shop: &Shop, tg: &dyn Telegram, sub_id: i64) -> Result<()> {
    db::subscriptions::set_access(&shop.store.write, sub_id, true, now()).await?;
    let s = subscriber(&shop.store, sub_id).await?;
    let links = super::invites(shop, tg, &s).await?;
    let l = crate::customers::lang(&shop.store.read, s.customer_id).await?;
    let mut params = json!({
        "chat_id": s.customer_id,
        "text": texts::access_back(l, &s.plan_title, s.access_until),
        "parse_mode": "HTML",
    });
    super::add_join_buttons(&mut params, &links, l);
    tg.call_at(Priority::Notice, "sendMessage", params)
        .await
        .map_err(|e| Error::Telegram(e.to_string()))?;
    Ok(())
}

/// Undoes a removal of the last 7 days: access for `days` more from now, a new invite sent.
pub async fn undo(
    shop: &Shop,
    tg: &dyn Telegram,
    removal_id: i64,
    who: &Who,
    days: i64,
) -> Result<super::Removal> {
    if !(1..=365).contains(&days) {
        return Err(Error::invalid("Give access back for 1 to 365 days."));
    }
    let r = db::subscriptions::removal_by_id(&shop.store.read, removal_id)
        .await?
        .ok_or(Error::NotFound("removal"))?;
    let now_at = shop.clock.now().await;
    if r.state != "removed" {
        return Err(Error::Conflict(format!(
            "Removal #{removal_id} is {} already.",
            r.state
        )));
    }
    if r.removed_at
        .is_some_and(|at| now() - at > UNDO_DAYS * 86_400)
    {
        return Err(Error::Conflict(
            "This removal is older than 7 days: extend the subscription instead.".into(),
        ));
    }
    let s = subscriber(&shop.store, r.subscription_id).await?;
    let until = s.access_until.max(now_at) + days * 86_400;
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    if !db::subscriptions::undo_removal(&mut *tx, removal_id, at).await? {
        return Err(Error::Conflict(format!(
            "Removal #{removal_id} was undone already."
        )));
    }
    db::subscriptions::set_access_until(&mut *tx, s.id, until, at).await?;
    audit::record(
        &mut *tx,
        who,
        Line {
            action: "subscription.undo_removal",
            subject: format!(
                "subscription #{} ({}, {})",
                s.id, s.customer_name, s.plan_title
            ),
            before: Some("removed".into()),
            after: Some(format!("access until {}", audit::iso_utc(until))),
            reason: "",
        },
    )
    .await?;
    tx.commit().await?;
    let_in(shop, tg, s.id).await?;
    shop.emit(AppEvent::SubscriptionsChanged);
    db::subscriptions::removal_by_id(&shop.store.read, removal_id)
        .await?
        .ok_or(Error::NotFound("removal"))
}
