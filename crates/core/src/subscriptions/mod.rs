//! Subscription plans: 30-day Stars subscriptions that grant private channels and/or a benefit
//! sent at each renewal. Every payment is an order (so refunds, reconciliation and revenue treat
//! it like any other); the subscription follows its payments: paid until Telegram's
//! `subscription_expiration_date`, access to the end of the paid period, removed from the
//! channels when it ends (see `expiry`), never while paid.

pub mod expiry;
pub mod pay;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::{
    audit::{self, Line, Who},
    catalog::{MAX_PRICE, MIN_PRICE, stars},
    db::{self, Store, now},
    error::{Error, Result},
    events::AppEvent,
    payload::PlanPayload,
    refunds::{self, Refunded, Why},
    shop::Shop,
    telegram::{SendError, Telegram},
    texts::{self, utf16_len},
};

/// Telegram's only subscription period: 30 days.
pub const PERIOD: i64 = 2_592_000;
/// How long a one-person invite link stays valid.
pub const INVITE_HOURS: i64 = 24;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Channel {
    pub id: i64,
    pub title: String,
    pub username: Option<String>,
    /// "channel" or "group".
    pub kind: String,
    /// "admin" while the bot administers it; otherwise what it is now ("member", "left", "kicked").
    pub bot_status: String,
    pub can_invite: bool,
    pub can_ban: bool,
    pub checked_at: i64,
    pub added_at: i64,
    /// Plans that grant it.
    pub plans: i64,
    /// Channel-access products that let buyers in.
    pub products: i64,
}

impl Channel {
    /// What keeps the bot from letting subscribers in and out, in the merchant's words.
    pub fn problem(&self) -> Option<String> {
        if self.bot_status != "admin" {
            return Some(format!(
                "The bot is no longer an administrator of {}: add it back as an administrator.",
                self.title
            ));
        }
        match (self.can_invite, self.can_ban) {
            (true, true) => None,
            (false, true) => Some(format!(
                "The bot may not invite users to {}: give it the right to add members.",
                self.title
            )),
            (true, false) => Some(format!(
                "The bot may not ban users in {}: give it the right to ban users, or people who stop paying stay in.",
                self.title
            )),
            (false, false) => Some(format!(
                "The bot may neither invite nor ban users in {}: give it both rights.",
                self.title
            )),
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Plan {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// Stars per 30 days.
    pub price: i64,
    /// A text sent with the first payment and at each renewal.
    pub benefit: Option<String>,
    pub active: bool,
    pub channel_ids: Vec<i64>,
    /// Subscribers with access now.
    pub active_subscribers: i64,
    /// Renewing subscribers who pay another price (the plan's price changed since they joined).
    pub at_other_prices: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct PlanDraft {
    pub title: String,
    pub description: String,
    pub price: i64,
    pub benefit: Option<String>,
    pub channel_ids: Vec<i64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SubStatus {
    /// Renews by itself.
    Active,
    /// Will not renew; access to the end of the paid period.
    Cancelled,
    /// The period ended without a renewal.
    Lapsed,
    /// Its last payment was refunded.
    Refunded,
}

impl SubStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubStatus::Active => "active",
            SubStatus::Cancelled => "cancelled",
            SubStatus::Lapsed => "lapsed",
            SubStatus::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Result<SubStatus> {
        Ok(match s {
            "active" => SubStatus::Active,
            "cancelled" => SubStatus::Cancelled,
            "lapsed" => SubStatus::Lapsed,
            "refunded" => SubStatus::Refunded,
            other => {
                return Err(Error::invalid(format!(
                    "Unknown subscription status \"{other}\"."
                )));
            }
        })
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Subscriber {
    /// The subscription's number.
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub username: Option<String>,
    pub plan_id: i64,
    pub plan_title: String,
    /// What Telegram renews it at.
    pub price: i64,
    pub status: SubStatus,
    pub started_at: i64,
    pub paid_until: i64,
    /// Access ends then (the paid period, or later after an extension).
    pub access_until: i64,
    pub renewals: i64,
    pub stars_paid: i64,
    pub has_access: bool,
    pub cancelled_at: Option<i64>,
    pub ended_at: Option<i64>,
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub first_charge_id: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum SubscriberSort {
    #[default]
    Newest,
    PaidUntil,
    StarsPaid,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct SubscriberQuery {
    /// A name, @username, customer id or #subscription.
    pub search: String,
    pub status: Option<SubStatus>,
    pub plan_id: Option<i64>,
    pub sort: SubscriberSort,
    pub offset: i64,
    pub limit: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SubPayment {
    pub order_id: i64,
    pub stars: i64,
    pub refunded: bool,
    pub paid_at: i64,
    pub paid_until: Option<i64>,
    pub refunded_at: Option<i64>,
    pub recovered: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Removal {
    pub id: i64,
    pub subscription_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub plan_title: String,
    pub why: String,
    pub actor: String,
    pub actor_name: String,
    /// "removing", "removed" or "undone".
    pub state: String,
    pub created_at: i64,
    pub removed_at: Option<i64>,
    pub undone_at: Option<i64>,
    pub told_at: Option<i64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReminderSent {
    pub days_before: i64,
    pub sent_at: i64,
}

/// One subscription with its payment timeline: what the drawer shows.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SubscriberDetail {
    pub subscriber: Subscriber,
    pub payments: Vec<SubPayment>,
    pub removals: Vec<Removal>,
    pub reminders: Vec<ReminderSent>,
    pub channels: Vec<Channel>,
    /// The shop's clock now (the simulator's in demo mode).
    pub now: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SubscriptionFigures {
    /// Subscribers with access now.
    pub active: i64,
    /// Monthly recurring revenue: what renewing subscriptions pay per 30 days, in Stars.
    pub mrr: i64,
    pub renewals_due_week: i64,
    pub lapses_week: i64,
}

/// A plan's shareable link: opens the bot on the plan's card.
pub fn deep_link(bot_username: &str, plan_id: i64) -> String {
    format!("https://t.me/{bot_username}?start=plan_{plan_id}")
}

// ---- channels ----

pub async fn channels(store: &Store) -> Result<Vec<Channel>> {
    db::subscriptions::channels(&store.read).await
}

/// Checks a chat the merchant pasted (`@name` or its id) with Telegram: its title, and whether
/// the bot is an administrator there with the rights to invite and ban.
pub async fn check_channel(
    shop: &Shop,
    tg: &dyn Telegram,
    who: &Who,
    chat: &str,
) -> Result<Channel> {
    let chat = chat.trim();
    let chat_id: serde_json::Value = if let Ok(id) = chat.parse::<i64>() {
        json!(id)
    } else if chat.starts_with('@') && chat.len() > 1 {
        json!(chat)
    } else if let Some(name) = chat.strip_prefix("https://t.me/") {
        json!(format!("@{}", name.trim_matches('/')))
    } else {
        return Err(Error::invalid(
            "Paste the channel's @name (for a public one) or its id, such as -1001234567890.",
        ));
    };
    let info = tg
        .call("getChat", json!({ "chat_id": chat_id }))
        .await
        .map_err(|e| match e {
            SendError::Refused(_) => Error::invalid(format!(
                "Telegram does not know {chat}, or the bot is not in it. Add the bot to the channel as an administrator first."
            )),
            other => Error::Telegram(other.to_string()),
        })?;
    let id = info["id"]
        .as_i64()
        .ok_or_else(|| Error::Telegram("getChat gave no id".into()))?;
    let kind = match info["type"].as_str() {
        Some("channel") => "channel",
        Some("group" | "supergroup") => "group",
        _ => {
            return Err(Error::invalid(
                "That is a private chat with a person, not a channel or group.",
            ));
        }
    };
    let me = tg
        .call("getMe", json!({}))
        .await
        .map_err(|e| Error::Telegram(e.to_string()))?;
    let member = tg
        .call(
            "getChatMember",
            json!({ "chat_id": id, "user_id": me["id"] }),
        )
        .await
        .map_err(|e| Error::Telegram(e.to_string()))?;
    let title = info["title"].as_str().unwrap_or("Untitled").to_string();
    let username = info["username"].as_str().map(str::to_string);
    seen_channel(shop, who, id, &title, username.as_deref(), kind, &member).await
}

/// Records the bot's standing in a chat (a `my_chat_member` update, or a check).
pub async fn seen_channel(
    shop: &Shop,
    who: &Who,
    id: i64,
    title: &str,
    username: Option<&str>,
    kind: &str,
    member: &serde_json::Value,
) -> Result<Channel> {
    let status = member["status"].as_str().unwrap_or("left");
    let (bot_status, can_invite, can_ban) = match status {
        "creator" => ("admin", true, true),
        "administrator" => (
            "admin",
            member["can_invite_users"].as_bool().unwrap_or(false),
            member["can_restrict_members"].as_bool().unwrap_or(false),
        ),
        other => (other, false, false),
    };
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    let known = db::subscriptions::channel(&mut *tx, id).await?;
    if known.is_none() && bot_status != "admin" {
        // A chat the bot joined without being an administrator: nothing to keep.
        return Err(Error::invalid(format!(
            "The bot is not an administrator of {title}. Make it one (with the rights to add and ban members) and try again."
        )));
    }
    db::subscriptions::upsert_channel(
        &mut *tx,
        &db::subscriptions::ChannelSeen {
            id,
            title,
            username,
            kind,
            bot_status,
            can_invite,
            can_ban,
        },
        at,
    )
    .await?;
    let before = known
        .as_ref()
        .map(|c| rights_words(c.bot_status.as_str(), c.can_invite, c.can_ban));
    let after = rights_words(bot_status, can_invite, can_ban);
    if before.as_deref() != Some(after.as_str()) {
        audit::record(
            &mut *tx,
            who,
            Line {
                action: "channel.seen",
                subject: format!("{title} ({id})"),
                before,
                after: Some(after),
                reason: "",
            },
        )
        .await?;
    }
    tx.commit().await?;
    shop.emit(AppEvent::SubscriptionsChanged);
    db::subscriptions::channel(&shop.store.read, id)
        .await?
        .ok_or(Error::NotFound("channel"))
}

fn rights_words(status: &str, invite: bool, ban: bool) -> String {
    if status != "admin" {
        return format!("bot is {status}");
    }
    match (invite, ban) {
        (true, true) => "admin, may invite and ban".into(),
        (true, false) => "admin, may invite, may not ban".into(),
        (false, true) => "admin, may ban, may not invite".into(),
        (false, false) => "admin, may neither invite nor ban".into(),
    }
}

/// Forgets a channel no plan or channel-access product grants and nobody was invited to.
pub async fn forget_channel(store: &Store, who: &Who, id: i64) -> Result<()> {
    let mut tx = store.write.begin().await?;
    if !db::subscriptions::remove_channel(&mut *tx, id).await? {
        return Err(Error::Conflict(
            "This channel is in use (a plan or a channel-access product grants it, or people were invited to it), so it stays in the list.".into(),
        ));
    }
    audit::record(
        &mut *tx,
        who,
        Line {
            action: "channel.forget",
            subject: format!("channel {id}"),
            before: None,
            after: None,
            reason: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---- plans ----

pub async fn plans(store: &Store) -> Result<Vec<Plan>> {
    db::subscriptions::plans(&store.read).await
}

pub async fn plan(store: &Store, id: i64) -> Result<Plan> {
    db::subscriptions::plan(&store.read, id)
        .await?
        .ok_or(Error::NotFound("plan"))
}

/// The draft's problems, in the merchant's words.
fn checked(d: &PlanDraft) -> Result<PlanDraft> {
    let title = d.title.trim();
    let description = d.description.trim();
    if title.is_empty() {
        return Err(Error::invalid("Give the plan a title."));
    }
    if utf16_len(title) > 32 {
        return Err(Error::invalid(
            "The title is too long: Telegram shows at most 32 characters on the invoice.",
        ));
    }
    if description.is_empty() {
        return Err(Error::invalid("Describe what subscribers get."));
    }
    if utf16_len(description) > 255 {
        return Err(Error::invalid(
            "The description is too long: at most 255 characters.",
        ));
    }
    if !(MIN_PRICE..=MAX_PRICE).contains(&d.price) {
        return Err(Error::invalid(format!(
            "The price must be between {MIN_PRICE} and {} Stars per 30 days.",
            stars(MAX_PRICE).trim_end_matches(" Stars")
        )));
    }
    let benefit = d
        .benefit
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    if benefit.is_some_and(|b| utf16_len(b) > 3500) {
        return Err(Error::invalid(
            "The text sent at each renewal is too long: at most 3,500 characters.",
        ));
    }
    if benefit.is_none() && d.channel_ids.is_empty() {
        return Err(Error::invalid(
            "A plan grants something: choose a channel, or write the text sent at each renewal.",
        ));
    }
    let mut channel_ids = d.channel_ids.clone();
    channel_ids.sort_unstable();
    channel_ids.dedup();
    Ok(PlanDraft {
        title: title.into(),
        description: description.into(),
        price: d.price,
        benefit: benefit.map(str::to_string),
        channel_ids,
    })
}

async fn check_channels(db: &mut sqlx::SqliteConnection, ids: &[i64]) -> Result<()> {
    let known = db::subscriptions::channels(&mut *db).await?;
    for id in ids {
        if !known.iter().any(|c| c.id == *id) {
            return Err(Error::invalid(format!(
                "Channel {id} is not one the bot administers."
            )));
        }
    }
    Ok(())
}

fn plan_words(d: &PlanDraft) -> String {
    format!("{} / 30 days", stars(d.price))
}

pub async fn create_plan(store: &Store, who: &Who, draft: &PlanDraft) -> Result<Plan> {
    let d = checked(draft)?;
    let at = now();
    let mut tx = store.write.begin().await?;
    check_channels(&mut tx, &d.channel_ids).await?;
    let fields = db::subscriptions::PlanFields {
        title: &d.title,
        description: &d.description,
        price: d.price,
        benefit: d.benefit.as_deref(),
    };
    let id = db::subscriptions::insert_plan(&mut *tx, &fields, at).await?;
    db::subscriptions::set_plan_channels(&mut tx, id, &d.channel_ids).await?;
    audit::record(
        &mut *tx,
        who,
        Line {
            action: "plan.create",
            subject: format!("{} (plan #{id})", d.title),
            before: None,
            after: Some(plan_words(&d)),
            reason: "",
        },
    )
    .await?;
    tx.commit().await?;
    plan(store, id).await
}

pub async fn update_plan(store: &Store, who: &Who, id: i64, draft: &PlanDraft) -> Result<Plan> {
    let d = checked(draft)?;
    let before = plan(store, id).await?;
    let at = now();
    let mut tx = store.write.begin().await?;
    check_channels(&mut tx, &d.channel_ids).await?;
    let fields = db::subscriptions::PlanFields {
        title: &d.title,
        description: &d.description,
        price: d.price,
        benefit: d.benefit.as_deref(),
    };
    db::subscriptions::update_plan(&mut *tx, id, &fields, at).await?;
    db::subscriptions::set_plan_channels(&mut tx, id, &d.channel_ids).await?;
    let subject = format!("{} (plan #{id})", d.title);
    let mut changes: Vec<(&str, String, String)> = Vec::new();
    if before.price != d.price {
        changes.push(("plan.price", stars(before.price), stars(d.price)));
    }
    if before.title != d.title {
        changes.push(("plan.title", before.title.clone(), d.title.clone()));
    }
    if before.description != d.description {
        changes.push((
            "plan.description",
            before.description.clone(),
            d.description.clone(),
        ));
    }
    if before.benefit != d.benefit {
        changes.push((
            "plan.benefit",
            before.benefit.clone().unwrap_or_default(),
            d.benefit.clone().unwrap_or_default(),
        ));
    }
    if before.channel_ids != d.channel_ids {
        let list = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        changes.push((
            "plan.channels",
            list(&before.channel_ids),
            list(&d.channel_ids),
        ));
    }
    for (action, b, a) in changes {
        let reason = if action == "plan.price" {
            "existing subscribers renew at the price they joined at"
        } else {
            ""
        };
        audit::record(
            &mut *tx,
            who,
            Line {
                action,
                subject: subject.clone(),
                before: Some(b),
                after: Some(a),
                reason,
            },
        )
        .await?;
    }
    tx.commit().await?;
    plan(store, id).await
}

pub async fn set_plan_active(store: &Store, who: &Who, id: i64, active: bool) -> Result<Plan> {
    let before = plan(store, id).await?;
    if before.active == active {
        return Ok(before);
    }
    let mut tx = store.write.begin().await?;
    db::subscriptions::set_plan_active(&mut *tx, id, active, now()).await?;
    audit::record(
        &mut *tx,
        who,
        Line {
            action: if active {
                "plan.unarchive"
            } else {
                "plan.archive"
            },
            subject: format!("{} (plan #{id})", before.title),
            before: Some(if active { "archived" } else { "on sale" }.into()),
            after: Some(if active { "on sale" } else { "archived" }.into()),
            reason: if active {
                ""
            } else {
                "subscribers keep renewing until they cancel"
            },
        },
    )
    .await?;
    tx.commit().await?;
    plan(store, id).await
}

/// An invoice link for the plan at its price now (less a promo code's discount, which then
/// renews too); whoever pays it subscribes.
pub async fn subscribe_link(
    shop: &Shop,
    tg: &dyn Telegram,
    plan_id: i64,
    promo: Option<&crate::promos::Promo>,
) -> Result<String> {
    let mut p = plan(&shop.store, plan_id).await?;
    if !p.active {
        return Err(Error::invalid(texts::plan_not_on_sale(texts::Lang::En)));
    }
    let mut payload = PlanPayload::new(p.id, p.price);
    if let Some(promo) = promo {
        payload.price = promo.price(p.price);
        payload.promo_id = Some(promo.id);
        p.price = payload.price;
    }
    let payload = payload.sign(&shop.secret);
    let link = tg
        .call(
            "createInvoiceLink",
            json!({
                "title": p.title,
                "description": p.description,
                "payload": payload,
                "currency": "XTR",
                "prices": [{ "label": p.title, "amount": p.price }],
                "subscription_period": PERIOD,
            }),
        )
        .await
        .map_err(|e| Error::Telegram(e.to_string()))?;
    link.as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::Telegram("createInvoiceLink gave no link".into()))
}

// ---- subscribers ----

pub async fn subscribers(store: &Store, q: &SubscriberQuery) -> Result<Vec<Subscriber>> {
    db::subscriptions::subscribers_page(&store.read, q).await
}

pub async fn subscribers_count(store: &Store, q: &SubscriberQuery) -> Result<i64> {
    db::subscriptions::subscribers_count(&store.read, q).await
}

pub async fn subscriber(store: &Store, id: i64) -> Result<Subscriber> {
    db::subscriptions::subscriber_by_id(&store.read, id)
        .await?
        .ok_or(Error::NotFound("subscription"))
}

pub async fn detail(shop: &Shop, id: i64) -> Result<SubscriberDetail> {
    let s = subscriber(&shop.store, id).await?;
    let read = &shop.store.read;
    Ok(SubscriberDetail {
        payments: db::subscriptions::payments(read, id).await?,
        removals: db::subscriptions::removals_of(read, id).await?,
        reminders: db::subscriptions::reminders_of(read, id)
            .await?
            .into_iter()
            .map(|(days_before, sent_at)| ReminderSent {
                days_before,
                sent_at,
            })
            .collect(),
        channels: db::subscriptions::plan_channels(read, s.plan_id).await?,
        subscriber: s,
        now: shop.clock.now().await,
    })
}

pub async fn of_customer(store: &Store, customer_id: i64) -> Result<Vec<Subscriber>> {
    db::subscriptions::of_customer(&store.read, customer_id).await
}

pub async fn figures(shop: &Shop) -> Result<SubscriptionFigures> {
    let now = shop.clock.now().await;
    let week = 7 * 86_400;
    let next = db::subscriptions::figures(&shop.store.read, now, now + week).await?;
    // Removals are written down at the wall clock's time (like the audit trail): the week of
    // lapses is the wall clock's, up to this second.
    let wall = db::now();
    let past = db::subscriptions::figures(&shop.store.read, wall - week, wall + 1).await?;
    Ok(SubscriptionFigures {
        active: next.active,
        mrr: next.mrr,
        renewals_due_week: next.renewals_due,
        lapses_week: past.lapses,
    })
}

/// Stops or restarts renewal with Telegram, then records it: the customer's Cancel / Resume in
/// the chat, or the merchant's in the window. Cancelling keeps access to the end of the period.
pub async fn set_renewal(
    shop: &Shop,
    tg: &dyn Telegram,
    id: i64,
    who: &Who,
    renew: bool,
) -> Result<Subscriber> {
    let s = subscriber(&shop.store, id).await?;
    let now_at = shop.clock.now().await;
    match (s.status, renew) {
        (SubStatus::Active, true) | (SubStatus::Cancelled, false) => return Ok(s),
        (SubStatus::Lapsed | SubStatus::Refunded, _) => {
            return Err(Error::Conflict(format!(
                "Subscription #{id} has ended: {} can subscribe again from the plan's card.",
                s.customer_name
            )));
        }
        _ => {}
    }
    if renew && s.paid_until <= now_at {
        return Err(Error::Conflict(format!(
            "The paid period of subscription #{id} is over: it cannot renew any more; subscribing again starts a new one."
        )));
    }
    edit_renewal(tg, &s, !renew)
        .await
        .map_err(|e| Error::Telegram(format!("Telegram did not change the renewal: {e}")))?;
    let status = if renew {
        SubStatus::Active
    } else {
        SubStatus::Cancelled
    };
    let mut tx = shop.store.write.begin().await?;
    db::subscriptions::set_status(&mut *tx, id, status, now()).await?;
    audit::record(
        &mut *tx,
        who,
        Line {
            action: if renew {
                "subscription.resume"
            } else {
                "subscription.cancel"
            },
            subject: format!("subscription #{id} ({}, {})", s.customer_name, s.plan_title),
            before: Some(s.status.as_str().into()),
            after: Some(status.as_str().into()),
            reason: if renew {
                ""
            } else {
                "access kept to the end of the paid period"
            },
        },
    )
    .await?;
    tx.commit().await?;
    shop.emit(AppEvent::SubscriptionsChanged);
    subscriber(&shop.store, id).await
}

/// A goodwill gesture: access (not the paid period) runs `days` longer; a subscriber already
/// removed is let in again with a new invite.
pub async fn extend(
    shop: &Shop,
    tg: &dyn Telegram,
    id: i64,
    who: &Who,
    days: i64,
    reason: &str,
) -> Result<Subscriber> {
    if !(1..=365).contains(&days) {
        return Err(Error::invalid("Extend by 1 to 365 days."));
    }
    let s = subscriber(&shop.store, id).await?;
    let now_at = shop.clock.now().await;
    let until = s.access_until.max(now_at) + days * 86_400;
    let mut tx = shop.store.write.begin().await?;
    db::subscriptions::set_access_until(&mut *tx, id, until, now()).await?;
    audit::record(
        &mut *tx,
        who,
        Line {
            action: "subscription.extend",
            subject: format!("subscription #{id} ({}, {})", s.customer_name, s.plan_title),
            before: Some(format!("access until {}", audit::iso_utc(s.access_until))),
            after: Some(format!(
                "access until {} (+{days} days)",
                audit::iso_utc(until)
            )),
            reason,
        },
    )
    .await?;
    tx.commit().await?;
    if !s.has_access {
        expiry::let_in(shop, tg, id).await?;
    }
    shop.emit(AppEvent::SubscriptionsChanged);
    subscriber(&shop.store, id).await
}

/// Removes a subscriber from the plan's channels now: renewal stopped, access ended.
pub async fn remove_now(
    shop: &Shop,
    tg: &dyn Telegram,
    id: i64,
    who: &Who,
    reason: &str,
) -> Result<Subscriber> {
    let s = subscriber(&shop.store, id).await?;
    if !s.has_access {
        return Ok(s);
    }
    if s.status == SubStatus::Active {
        set_renewal(shop, tg, id, who, false).await?;
    }
    let now_at = shop.clock.now().await;
    db::subscriptions::set_access_until(&shop.store.write, id, now_at.min(s.access_until), now())
        .await?;
    let why = if reason.trim().is_empty() {
        "removed by hand"
    } else {
        reason.trim()
    };
    expiry::remove(shop, tg, id, who, why).await?;
    shop.emit(AppEvent::SubscriptionsChanged);
    subscriber(&shop.store, id).await
}

/// Refunds the subscription's last payment: renewal stops, and access ends now unless `keep`
/// (then at the end of the paid period).
pub async fn refund_last(
    shop: &Shop,
    tg: &dyn Telegram,
    id: i64,
    who: &Who,
    why: &Why,
    keep: bool,
) -> Result<Refunded> {
    let s = subscriber(&shop.store, id).await?;
    let order_id = db::subscriptions::last_payment(&shop.store.read, id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    db::subscriptions::set_keep_on_refund(&shop.store.write, id, keep).await?;
    let done = refunds::refund_and_tell(shop, tg, order_id, who, why).await;
    db::subscriptions::set_keep_on_refund(&shop.store.write, id, false).await?;
    let done = done?;
    if !keep {
        let now_at = shop.clock.now().await;
        db::subscriptions::set_access_until(
            &shop.store.write,
            id,
            now_at.min(s.access_until),
            now(),
        )
        .await?;
        expiry::remove(shop, tg, id, who, "its payment was refunded").await?;
    }
    shop.emit(AppEvent::SubscriptionsChanged);
    Ok(done)
}

/// Tells Telegram whether to renew a subscription (`editUserStarSubscription`).
async fn edit_renewal(
    tg: &dyn Telegram,
    s: &Subscriber,
    canceled: bool,
) -> std::result::Result<(), SendError> {
    let params = json!({
        "user_id": s.customer_id,
        "telegram_payment_charge_id": s.first_charge_id,
        "is_canceled": canceled,
    });
    tg.call("editUserStarSubscription", params)
        .await
        .map(|_| ())
}

/// A subscription's latest payment was refunded (from anywhere: the subscriber's drawer, the
/// Orders drawer, a request): Telegram is told not to renew it. The refund stands whatever
/// Telegram answers; a failure is logged.
pub async fn stop_renewal_after_refund(shop: &Shop, tg: &dyn Telegram, order_id: i64) {
    let Ok(Some((id, _))) = db::subscriptions::of_order(&shop.store.read, order_id).await else {
        return;
    };
    let Ok(s) = subscriber(&shop.store, id).await else {
        return;
    };
    let latest = db::subscriptions::last_payment(&shop.store.read, id)
        .await
        .ok()
        .flatten();
    // Telegram's `refunded_payment` update for this refund may have been handled first and
    // marked the subscription refunded already: its renewal still has to stop.
    if !matches!(s.status, SubStatus::Active | SubStatus::Refunded) || latest != Some(order_id) {
        return;
    }
    if let Err(e) = edit_renewal(tg, &s, true).await {
        tracing::warn!(subscription = id, error = %e, "renewal not stopped after a refund");
    }
}

/// New one-person invites for every channel of the subscription, revoking the old ones: a
/// subscriber who lost their link asks `/subscriptions` for a new one.
pub async fn new_invites(shop: &Shop, tg: &dyn Telegram, id: i64) -> Result<Vec<(String, String)>> {
    let s = subscriber(&shop.store, id).await?;
    if !s.has_access {
        let l = crate::customers::lang(&shop.store.read, s.customer_id).await?;
        return Err(Error::Conflict(texts::subscription_over(l)));
    }
    invites(shop, tg, &s).await
}

pub(crate) async fn invites(
    shop: &Shop,
    tg: &dyn Telegram,
    s: &Subscriber,
) -> Result<Vec<(String, String)>> {
    let now_at = shop.clock.now().await;
    revoke_invites(shop, tg, s.id).await?;
    let mut out = Vec::new();
    for channel in db::subscriptions::plan_channels(&shop.store.read, s.plan_id).await? {
        let expires_at = now_at + INVITE_HOURS * 3600;
        let made = tg
            .call(
                "createChatInviteLink",
                json!({
                    "chat_id": channel.id,
                    "name": format!("sub {} · {}", s.id, s.customer_id).chars().take(32).collect::<String>(),
                    "expire_date": expires_at,
                    "member_limit": 1,
                }),
            )
            .await
            .map_err(|e| Error::Telegram(format!("No invite link for {}: {e}", channel.title)))?;
        let link = made["invite_link"]
            .as_str()
            .ok_or_else(|| Error::Telegram("createChatInviteLink gave no link".into()))?
            .to_string();
        db::subscriptions::insert_invite(
            &shop.store.write,
            &db::subscriptions::NewInvite {
                channel_id: channel.id,
                customer_id: s.customer_id,
                subscription_id: Some(s.id),
                link: &link,
                expires_at,
            },
            now(),
        )
        .await?;
        out.push((channel.title, link));
    }
    Ok(out)
}

/// Revokes the subscription's invite links still open (a new one replaces them, or access ended);
/// a link Telegram cannot revoke any more (expired, used) is recorded as revoked all the same.
pub(crate) async fn revoke_invites(shop: &Shop, tg: &dyn Telegram, sub_id: i64) -> Result<()> {
    for (channel, link) in db::subscriptions::open_invites(&shop.store.read, sub_id).await? {
        let _ = tg
            .call(
                "revokeChatInviteLink",
                json!({ "chat_id": channel, "invite_link": link }),
            )
            .await;
        db::subscriptions::invite_revoked(&shop.store.write, &link, now()).await?;
    }
    Ok(())
}

/// A message's Join buttons: one per channel, each with its one-person invite link.
pub(crate) fn add_join_buttons(
    params: &mut serde_json::Value,
    links: &[(String, String)],
    l: texts::Lang,
) {
    if links.is_empty() {
        return;
    }
    let rows: Vec<_> = links
        .iter()
        .map(|(title, link)| vec![json!({ "text": texts::join_button(l, title), "url": link })])
        .collect();
    params["reply_markup"] = json!({ "inline_keyboard": rows });
}
