//! channels, plans, subscriptions and what keeps access in step with payment: invites, removals,
//! reminders.

use sqlx::{QueryBuilder, Row as _, Sqlite, SqliteExecutor};

use crate::{
    error::Result,
    subscriptions::{
        Channel, Plan, Removal, SubPayment, SubStatus, Subscriber, SubscriberQuery, SubscriberSort,
    },
};

// ---- channels ----

pub struct ChannelSeen<'a> {
    pub id: i64,
    pub title: &'a str,
    pub username: Option<&'a str>,
    pub kind: &'a str,
    pub bot_status: &'a str,
    pub can_invite: bool,
    pub can_ban: bool,
}

/// Records what was seen of a channel (a `my_chat_member` update, or a check by hand).
pub async fn upsert_channel(
    db: impl SqliteExecutor<'_>,
    c: &ChannelSeen<'_>,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO channels (id, title, username, kind, bot_status, can_invite, can_ban, checked_at, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, username = excluded.username,
             kind = excluded.kind, bot_status = excluded.bot_status,
             can_invite = excluded.can_invite, can_ban = excluded.can_ban,
             checked_at = excluded.checked_at",
        c.id,
        c.title,
        c.username,
        c.kind,
        c.bot_status,
        c.can_invite,
        c.can_ban,
        at,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

struct ChannelRow {
    id: i64,
    title: String,
    username: Option<String>,
    kind: String,
    bot_status: String,
    can_invite: i64,
    can_ban: i64,
    checked_at: i64,
    added_at: i64,
    plans: i64,
    products: i64,
}

impl From<ChannelRow> for Channel {
    fn from(r: ChannelRow) -> Channel {
        Channel {
            id: r.id,
            title: r.title,
            username: r.username,
            kind: r.kind,
            bot_status: r.bot_status,
            can_invite: r.can_invite == 1,
            can_ban: r.can_ban == 1,
            checked_at: r.checked_at,
            added_at: r.added_at,
            plans: r.plans,
            products: r.products,
        }
    }
}

pub async fn channels(db: impl SqliteExecutor<'_>) -> Result<Vec<Channel>> {
    let rows = sqlx::query_as!(
        ChannelRow,
        r#"SELECT c.id as "id!", c.title, c.username, c.kind, c.bot_status, c.can_invite, c.can_ban,
                  c.checked_at, c.added_at,
                  (SELECT COUNT(*) FROM plan_channels pc WHERE pc.channel_id = c.id) as "plans!: i64",
                  (SELECT COUNT(*) FROM products p WHERE p.channel_id = c.id) as "products!: i64"
           FROM channels c ORDER BY c.title COLLATE NOCASE, c.id"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Channel::from).collect())
}

pub async fn channel(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Channel>> {
    let row = sqlx::query_as!(
        ChannelRow,
        r#"SELECT c.id as "id!", c.title, c.username, c.kind, c.bot_status, c.can_invite, c.can_ban,
                  c.checked_at, c.added_at,
                  (SELECT COUNT(*) FROM plan_channels pc WHERE pc.channel_id = c.id) as "plans!: i64",
                  (SELECT COUNT(*) FROM products p WHERE p.channel_id = c.id) as "products!: i64"
           FROM channels c WHERE c.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Channel::from))
}

pub async fn remove_channel(db: impl SqliteExecutor<'_>, id: i64) -> Result<bool> {
    let done = sqlx::query!(
        "DELETE FROM channels WHERE id = ? AND NOT EXISTS (SELECT 1 FROM plan_channels WHERE channel_id = ?)
           AND NOT EXISTS (SELECT 1 FROM invites WHERE channel_id = ?)
           AND NOT EXISTS (SELECT 1 FROM products WHERE channel_id = ?)",
        id,
        id,
        id,
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---- plans ----

pub struct PlanFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub price: i64,
    pub benefit: Option<&'a str>,
}

pub async fn insert_plan(db: impl SqliteExecutor<'_>, p: &PlanFields<'_>, at: i64) -> Result<i64> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO plans (title, description, price, benefit, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING id as "id!""#,
        p.title,
        p.description,
        p.price,
        p.benefit,
        at,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn update_plan(
    db: impl SqliteExecutor<'_>,
    id: i64,
    p: &PlanFields<'_>,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE plans SET title = ?, description = ?, price = ?, benefit = ?, updated_at = ? WHERE id = ?",
        p.title,
        p.description,
        p.price,
        p.benefit,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_plan_active(
    db: impl SqliteExecutor<'_>,
    id: i64,
    active: bool,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE plans SET active = ?, updated_at = ? WHERE id = ?",
        active,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_plan_channels(
    db: &mut sqlx::SqliteConnection,
    id: i64,
    channels: &[i64],
) -> Result<()> {
    sqlx::query!("DELETE FROM plan_channels WHERE plan_id = ?", id)
        .execute(&mut *db)
        .await?;
    for c in channels {
        sqlx::query!(
            "INSERT OR IGNORE INTO plan_channels (plan_id, channel_id) VALUES (?, ?)",
            id,
            c
        )
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

pub async fn plan_channels(db: impl SqliteExecutor<'_>, plan_id: i64) -> Result<Vec<Channel>> {
    let rows = sqlx::query_as!(
        ChannelRow,
        r#"SELECT c.id as "id!", c.title, c.username, c.kind, c.bot_status, c.can_invite, c.can_ban,
                  c.checked_at, c.added_at,
                  (SELECT COUNT(*) FROM plan_channels p2 WHERE p2.channel_id = c.id) as "plans!: i64",
                  (SELECT COUNT(*) FROM products p WHERE p.channel_id = c.id) as "products!: i64"
           FROM plan_channels pc JOIN channels c ON c.id = pc.channel_id
           WHERE pc.plan_id = ? ORDER BY c.title COLLATE NOCASE"#,
        plan_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Channel::from).collect())
}

struct PlanRow {
    id: i64,
    title: String,
    description: String,
    price: i64,
    benefit: Option<String>,
    active: i64,
    created_at: i64,
    updated_at: i64,
    channels: Option<String>,
    active_subscribers: i64,
    at_other_prices: i64,
}

impl From<PlanRow> for Plan {
    fn from(r: PlanRow) -> Plan {
        Plan {
            id: r.id,
            title: r.title,
            description: r.description,
            price: r.price,
            benefit: r.benefit,
            active: r.active == 1,
            channel_ids: r
                .channels
                .unwrap_or_default()
                .split(',')
                .filter_map(|s| s.parse().ok())
                .collect(),
            active_subscribers: r.active_subscribers,
            at_other_prices: r.at_other_prices,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub async fn plans(db: impl SqliteExecutor<'_>) -> Result<Vec<Plan>> {
    let rows = sqlx::query_as!(
        PlanRow,
        r#"SELECT p.id as "id!", p.title, p.description, p.price, p.benefit, p.active, p.created_at, p.updated_at,
                  (SELECT group_concat(channel_id) FROM plan_channels WHERE plan_id = p.id) as "channels: String",
                  (SELECT COUNT(*) FROM subscriptions s WHERE s.plan_id = p.id AND s.has_access = 1) as "active_subscribers!: i64",
                  (SELECT COUNT(*) FROM subscriptions s WHERE s.plan_id = p.id AND s.status = 'active' AND s.price <> p.price) as "at_other_prices!: i64"
           FROM plans p ORDER BY p.active DESC, p.id"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Plan::from).collect())
}

pub async fn plan(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Plan>> {
    let row = sqlx::query_as!(
        PlanRow,
        r#"SELECT p.id as "id!", p.title, p.description, p.price, p.benefit, p.active, p.created_at, p.updated_at,
                  (SELECT group_concat(channel_id) FROM plan_channels WHERE plan_id = p.id) as "channels: String",
                  (SELECT COUNT(*) FROM subscriptions s WHERE s.plan_id = p.id AND s.has_access = 1) as "active_subscribers!: i64",
                  (SELECT COUNT(*) FROM subscriptions s WHERE s.plan_id = p.id AND s.status = 'active' AND s.price <> p.price) as "at_other_prices!: i64"
           FROM plans p WHERE p.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Plan::from))
}

// ---- subscriptions ----

pub struct NewSubscription<'a> {
    pub customer_id: i64,
    pub plan_id: i64,
    pub price: i64,
    pub first_charge_id: &'a str,
    pub payload: &'a str,
    pub paid_until: i64,
    pub stars: i64,
}

pub async fn insert_subscription(
    db: impl SqliteExecutor<'_>,
    s: &NewSubscription<'_>,
    at: i64,
) -> Result<i64> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO subscriptions (customer_id, plan_id, price, status, first_charge_id, payload,
               started_at, paid_until, access_until, stars_paid, updated_at)
           VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?) RETURNING id as "id!""#,
        s.customer_id,
        s.plan_id,
        s.price,
        s.first_charge_id,
        s.payload,
        at,
        s.paid_until,
        s.paid_until,
        s.stars,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// The subscription a renewal belongs to: the same invoice, the same payer, the latest one.
pub async fn by_payload(
    db: impl SqliteExecutor<'_>,
    payload: &str,
    customer_id: i64,
) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        r#"SELECT id as "id!" FROM subscriptions WHERE payload = ? AND customer_id = ? ORDER BY id DESC LIMIT 1"#,
        payload,
        customer_id
    )
    .fetch_optional(db)
    .await?;
    Ok(id)
}

/// A renewal paid: the period moves on, access follows, a lapse is undone by the payment.
pub async fn renew(
    db: impl SqliteExecutor<'_>,
    id: i64,
    paid_until: i64,
    stars: i64,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE subscriptions SET paid_until = max(paid_until, ?), access_until = max(access_until, ?),
             renewals = renewals + 1, stars_paid = stars_paid + ?,
             status = CASE WHEN status IN ('lapsed', 'refunded') THEN 'active' ELSE status END,
             ended_at = NULL, updated_at = ?
         WHERE id = ?",
        paid_until,
        paid_until,
        stars,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_status(
    db: impl SqliteExecutor<'_>,
    id: i64,
    status: SubStatus,
    at: i64,
) -> Result<()> {
    let s = status.as_str();
    sqlx::query!(
        "UPDATE subscriptions SET status = ?, updated_at = ?,
             cancelled_at = CASE WHEN ? = 'cancelled' THEN ? ELSE cancelled_at END
         WHERE id = ?",
        s,
        at,
        s,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_access_until(
    db: impl SqliteExecutor<'_>,
    id: i64,
    until: i64,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE subscriptions SET access_until = ?, updated_at = ? WHERE id = ?",
        until,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_keep_on_refund(db: impl SqliteExecutor<'_>, id: i64, keep: bool) -> Result<()> {
    sqlx::query!(
        "UPDATE subscriptions SET keep_on_refund = ? WHERE id = ?",
        keep,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A refund of one of its payments: a refund of the latest ends it (access to the end of the
/// period only when the merchant chose so before refunding).
pub async fn refunded(
    db: &mut sqlx::SqliteConnection,
    order_id: i64,
    at: i64,
) -> Result<Option<i64>> {
    let Some(row) = sqlx::query!(
        r#"SELECT s.id as "id!", s.keep_on_refund,
                  (SELECT MAX(o.id) FROM orders o WHERE o.subscription_id = s.id) as "latest: i64"
           FROM orders o JOIN subscriptions s ON s.id = o.subscription_id WHERE o.id = ?"#,
        order_id
    )
    .fetch_optional(&mut *db)
    .await?
    else {
        return Ok(None);
    };
    if row.latest != Some(order_id) {
        return Ok(Some(row.id));
    }
    sqlx::query!(
        "UPDATE subscriptions SET status = 'refunded',
             access_until = CASE WHEN keep_on_refund = 1 THEN access_until ELSE min(access_until, ?) END,
             keep_on_refund = 0, updated_at = ?
         WHERE id = ?",
        at,
        at,
        row.id
    )
    .execute(&mut *db)
    .await?;
    Ok(Some(row.id))
}

pub async fn set_access(
    db: impl SqliteExecutor<'_>,
    id: i64,
    has_access: bool,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE subscriptions SET has_access = ?, updated_at = ?,
             ended_at = CASE WHEN ? THEN NULL ELSE ? END
         WHERE id = ?",
        has_access,
        at,
        has_access,
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The subscription an order paid, if it paid one, and whether it was the first payment.
pub async fn of_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<(i64, bool)>> {
    let row = sqlx::query!(
        r#"SELECT s.id as "id!", s.first_charge_id = o.charge_id as "first!: bool"
           FROM orders o JOIN subscriptions s ON s.id = o.subscription_id WHERE o.id = ?"#,
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.id, r.first)))
}

pub async fn link_order(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    plan_id: i64,
    sub_id: i64,
    paid_until: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE orders SET plan_id = ?, subscription_id = ?, paid_until = ? WHERE id = ?",
        plan_id,
        sub_id,
        paid_until,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The promo code a subscription was bought with (its discounted price is what renews).
pub async fn set_promo(db: impl SqliteExecutor<'_>, sub_id: i64, promo_id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE subscriptions SET promo_id = ? WHERE id = ?",
        promo_id,
        sub_id
    )
    .execute(db)
    .await?;
    Ok(())
}

// CROSS JOIN keeps subscriptions the outer loop (SQLite joins in the order written then). Left to
// choose on statistics sampled by `PRAGMA optimize`, the planner takes a plan for a handful of
// rows, starts from the few plans and sorts every subscription of each: a page of 100 out of
// 100,000 took 100-200 ms instead of 1.
const SUBSCRIBER_SELECT: &str =
    "SELECT s.id, s.customer_id, c.first_name, c.username, s.plan_id, p.title,
        s.price, s.status, s.started_at, s.paid_until, s.access_until, s.renewals, s.stars_paid,
        s.has_access, s.cancelled_at, s.ended_at, s.first_charge_id
     FROM subscriptions s CROSS JOIN customers c ON c.id = s.customer_id
     CROSS JOIN plans p ON p.id = s.plan_id";

fn subscriber(r: &sqlx::sqlite::SqliteRow) -> Result<Subscriber> {
    Ok(Subscriber {
        id: r.try_get(0)?,
        customer_id: r.try_get(1)?,
        customer_name: r.try_get(2)?,
        username: r.try_get(3)?,
        plan_id: r.try_get(4)?,
        plan_title: r.try_get(5)?,
        price: r.try_get(6)?,
        status: SubStatus::parse(r.try_get::<&str, _>(7)?)?,
        started_at: r.try_get(8)?,
        paid_until: r.try_get(9)?,
        access_until: r.try_get(10)?,
        renewals: r.try_get(11)?,
        stars_paid: r.try_get(12)?,
        has_access: r.try_get::<i64, _>(13)? == 1,
        cancelled_at: r.try_get(14)?,
        ended_at: r.try_get(15)?,
        first_charge_id: r.try_get(16)?,
    })
}

pub async fn subscriber_by_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Subscriber>> {
    let sql = format!("{SUBSCRIBER_SELECT} WHERE s.id = ?");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(subscriber).transpose()
}

pub async fn of_customer(db: impl SqliteExecutor<'_>, customer_id: i64) -> Result<Vec<Subscriber>> {
    let sql = format!(
        "{SUBSCRIBER_SELECT} WHERE s.customer_id = ? ORDER BY s.has_access DESC, s.id DESC LIMIT 20"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(customer_id)
        .fetch_all(db)
        .await?;
    rows.iter().map(subscriber).collect()
}

/// Whether the customer has a subscription to the plan that is paid and renewing or not over.
pub async fn live_for(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    plan_id: i64,
) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        r#"SELECT id as "id!" FROM subscriptions
           WHERE customer_id = ? AND plan_id = ? AND status IN ('active', 'cancelled') AND has_access = 1
           ORDER BY id DESC LIMIT 1"#,
        customer_id,
        plan_id
    )
    .fetch_optional(db)
    .await?;
    Ok(id)
}

/// Whether the search looks for names (and not a number).
fn searches_names(q: &SubscriberQuery) -> bool {
    let search = q.search.trim();
    !search.is_empty() && search.trim_start_matches('#').parse::<i64>().is_err()
}

/// The query's filters. For a page (`sorted`), a status or plan is checked on rows read in the
/// page's order (`+` keeps SQLite from taking their index, which would mean sorting thousands of
/// rows to show 100), except a status sorted by paid until, whose index gives that order; a count
/// reads them from their index.
fn filtered(qb: &mut QueryBuilder<Sqlite>, q: &SubscriberQuery, sorted: Option<SubscriberSort>) {
    let column = |by_index: bool| if by_index { " AND s." } else { " AND +s." };
    qb.push(" WHERE 1 = 1");
    if let Some(status) = q.status {
        let by_index = matches!(sorted, None | Some(SubscriberSort::PaidUntil));
        qb.push(column(by_index))
            .push("status = ")
            .push_bind(status.as_str());
    }
    if let Some(plan) = q.plan_id {
        qb.push(column(sorted.is_none()))
            .push("plan_id = ")
            .push_bind(plan);
    }
    let search = q.search.trim();
    if !search.is_empty() {
        if let Ok(id) = search.trim_start_matches('#').parse::<i64>() {
            qb.push(" AND (s.id = ")
                .push_bind(id)
                .push(" OR s.customer_id = ")
                .push_bind(id)
                .push(")");
        } else {
            qb.push(" AND ");
            super::customers::push_named(
                qb,
                "c",
                &crate::search::fold(search.trim_start_matches('@')),
            );
        }
    }
}

pub async fn subscribers_page(
    db: impl SqliteExecutor<'_>,
    q: &SubscriberQuery,
) -> Result<Vec<Subscriber>> {
    let mut qb = QueryBuilder::<Sqlite>::new(SUBSCRIBER_SELECT);
    filtered(&mut qb, q, Some(q.sort));
    let order = match q.sort {
        SubscriberSort::Newest => " ORDER BY s.id DESC",
        SubscriberSort::PaidUntil => " ORDER BY s.paid_until ASC, s.id ASC",
        SubscriberSort::StarsPaid => " ORDER BY s.stars_paid DESC, s.id DESC",
    };
    qb.push(order);
    qb.push(" LIMIT ")
        .push_bind(q.limit.clamp(1, 500))
        .push(" OFFSET ")
        .push_bind(q.offset.max(0));
    let rows = qb.build().fetch_all(db).await?;
    rows.iter().map(subscriber).collect()
}

pub async fn subscribers_count(db: impl SqliteExecutor<'_>, q: &SubscriberQuery) -> Result<i64> {
    // Customers are joined for a search by name only: otherwise the count stays in an index.
    let mut qb = QueryBuilder::<Sqlite>::new(if searches_names(q) {
        "SELECT COUNT(*) FROM subscriptions s JOIN customers c ON c.id = s.customer_id"
    } else {
        "SELECT COUNT(*) FROM subscriptions s"
    });
    filtered(&mut qb, q, None);
    let n: i64 = qb.build().fetch_one(db).await?.try_get(0)?;
    Ok(n)
}

pub async fn payments(db: impl SqliteExecutor<'_>, sub_id: i64) -> Result<Vec<SubPayment>> {
    let rows = sqlx::query!(
        r#"SELECT id as "id!", stars, status, created_at, paid_until, refunded_at, recovered
           FROM orders WHERE subscription_id = ? ORDER BY id"#,
        sub_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SubPayment {
            order_id: r.id,
            stars: r.stars,
            refunded: r.status == "refunded",
            paid_at: r.created_at,
            paid_until: r.paid_until,
            refunded_at: r.refunded_at,
            recovered: r.recovered == 1,
        })
        .collect())
}

/// The subscription's latest payment (the one a refund of "the last payment" refunds).
pub async fn last_payment(db: impl SqliteExecutor<'_>, sub_id: i64) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        r#"SELECT MAX(id) as "id: i64" FROM orders WHERE subscription_id = ?"#,
        sub_id
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

// ---- figures ----

pub struct Figures {
    pub active: i64,
    pub mrr: i64,
    pub renewals_due: i64,
    pub lapses: i64,
}

/// Active subscribers (access now), MRR (what renews), renewals due and lapses in [from, to).
pub async fn figures(db: impl SqliteExecutor<'_>, from: i64, to: i64) -> Result<Figures> {
    let r = sqlx::query!(
        r#"SELECT
             (SELECT COUNT(*) FROM subscriptions WHERE has_access = 1) as "active!: i64",
             (SELECT COALESCE(SUM(price), 0) FROM subscriptions WHERE status = 'active' AND has_access = 1) as "mrr!: i64",
             (SELECT COUNT(*) FROM subscriptions WHERE status = 'active' AND has_access = 1 AND paid_until >= ? AND paid_until < ?) as "due!: i64",
             (SELECT COUNT(*) FROM removals WHERE state = 'removed' AND removed_at >= ? AND removed_at < ?) as "lapses!: i64""#,
        from,
        to,
        from,
        to
    )
    .fetch_one(db)
    .await?;
    Ok(Figures {
        active: r.active,
        mrr: r.mrr,
        renewals_due: r.due,
        lapses: r.lapses,
    })
}

// ---- invites ----

pub struct NewInvite<'a> {
    pub channel_id: i64,
    pub customer_id: i64,
    pub subscription_id: Option<i64>,
    pub link: &'a str,
    pub expires_at: i64,
}

pub async fn insert_invite(db: impl SqliteExecutor<'_>, i: &NewInvite<'_>, at: i64) -> Result<()> {
    sqlx::query!(
        "INSERT INTO invites (channel_id, customer_id, subscription_id, link, expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
        i.channel_id,
        i.customer_id,
        i.subscription_id,
        i.link,
        i.expires_at,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Links still open for a subscription in a channel (revoked when a new one is made or access ends).
pub async fn open_invites(db: impl SqliteExecutor<'_>, sub_id: i64) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        r#"SELECT channel_id, link FROM invites WHERE subscription_id = ? AND revoked_at IS NULL"#,
        sub_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.channel_id, r.link)).collect())
}

pub async fn invite_revoked(db: impl SqliteExecutor<'_>, link: &str, at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE invites SET revoked_at = ? WHERE link = ? AND revoked_at IS NULL",
        at,
        link
    )
    .execute(db)
    .await?;
    Ok(())
}

// ---- removals ----

pub struct Due {
    pub subscription_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub plan_id: i64,
    pub plan_title: String,
    pub status: String,
    pub access_until: i64,
}

/// Subscriptions whose access ends before `until`, earliest first. A renewing one is due a grace
/// after its period, so that a renewal on its way is not taken for a lapse.
pub async fn due(
    db: impl SqliteExecutor<'_>,
    until: i64,
    grace: i64,
    limit: i64,
) -> Result<Vec<Due>> {
    due_between(db, i64::MIN, until, grace, limit).await
}

/// Accesses that end after `after` and by `until`, earliest first.
pub async fn due_between(
    db: impl SqliteExecutor<'_>,
    after: i64,
    until: i64,
    grace: i64,
    limit: i64,
) -> Result<Vec<Due>> {
    // Sorted and cut before names are joined: a week's ends run to thousands.
    let rows = sqlx::query!(
        r#"SELECT s.id as "id!", s.customer_id as "customer_id!", c.first_name as "first_name!",
                  s.plan_id as "plan_id!", p.title as "title!", s.status as "status!", s.due as "due!: i64"
           FROM (SELECT id, customer_id, plan_id, status,
                        CASE WHEN status = 'active' THEN access_until + ? ELSE access_until END AS due
                 FROM subscriptions
                 WHERE has_access = 1 AND access_until <= ?
                   AND (CASE WHEN status = 'active' THEN access_until + ? ELSE access_until END) > ?
                   AND (CASE WHEN status = 'active' THEN access_until + ? ELSE access_until END) <= ?
                 ORDER BY due, id LIMIT ?) s
           JOIN customers c ON c.id = s.customer_id JOIN plans p ON p.id = s.plan_id
           ORDER BY s.due, s.id"#,
        grace,
        until,
        grace,
        after,
        grace,
        until,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Due {
            subscription_id: r.id,
            customer_id: r.customer_id,
            customer_name: r.first_name,
            plan_id: r.plan_id,
            plan_title: r.title,
            status: r.status,
            access_until: r.due,
        })
        .collect())
}

/// How many accesses end after `after` and by `until` (a renewing one a grace later).
pub async fn due_count(
    db: impl SqliteExecutor<'_>,
    after: i64,
    until: i64,
    grace: i64,
) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT COUNT(*) as "n!: i64" FROM subscriptions
           WHERE has_access = 1 AND access_until <= ?
             AND (CASE WHEN status = 'active' THEN access_until + ? ELSE access_until END) > ?
             AND (CASE WHEN status = 'active' THEN access_until + ? ELSE access_until END) <= ?"#,
        until,
        grace,
        after,
        grace,
        until
    )
    .fetch_one(db)
    .await?;
    Ok(n)
}

/// Claims the removal of a subscription's access for its current end; `None` when it was
/// carried out already (or undone) for that end.
pub async fn claim_removal(
    db: impl SqliteExecutor<'_>,
    sub_id: i64,
    access_until: i64,
    why: &str,
    actor: &str,
    actor_name: &str,
    at: i64,
) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO removals (subscription_id, access_until, why, actor, actor_name, state, created_at)
           VALUES (?, ?, ?, ?, ?, 'removing', ?)
           ON CONFLICT (subscription_id, access_until) DO UPDATE SET state = state
           RETURNING CASE WHEN state = 'removing' THEN id END as "id: i64""#,
        sub_id,
        access_until,
        why,
        actor,
        actor_name,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn removal_done(db: impl SqliteExecutor<'_>, id: i64, at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE removals SET state = 'removed', removed_at = ? WHERE id = ?",
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn removal_told(db: impl SqliteExecutor<'_>, id: i64, at: i64) -> Result<()> {
    sqlx::query!("UPDATE removals SET told_at = ? WHERE id = ?", at, id)
        .execute(db)
        .await?;
    Ok(())
}

/// Removals carried out whose customer was not told yet (a crash in between).
pub async fn untold(db: impl SqliteExecutor<'_>) -> Result<Vec<i64>> {
    let ids = sqlx::query_scalar!(
        r#"SELECT id as "id!" FROM removals WHERE state = 'removed' AND told_at IS NULL ORDER BY id LIMIT 100"#
    )
    .fetch_all(db)
    .await?;
    Ok(ids)
}

/// Removals a crash cut short: their bans are carried out again.
pub async fn removing(db: impl SqliteExecutor<'_>) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query!(
        r#"SELECT id as "id!", subscription_id FROM removals WHERE state = 'removing' ORDER BY id"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, r.subscription_id))
        .collect())
}

pub async fn undo_removal(db: impl SqliteExecutor<'_>, id: i64, at: i64) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE removals SET state = 'undone', undone_at = ? WHERE id = ? AND state = 'removed'",
        at,
        id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

// Removals the outer loop, for the reason given at SUBSCRIBER_SELECT.
const REMOVAL_SELECT: &str =
    "SELECT r.id, r.subscription_id, c.first_name, p.title, r.why, r.actor, r.actor_name,
        r.state, r.created_at, r.removed_at, r.undone_at, r.told_at, s.customer_id
     FROM removals r CROSS JOIN subscriptions s ON s.id = r.subscription_id
     CROSS JOIN customers c ON c.id = s.customer_id CROSS JOIN plans p ON p.id = s.plan_id";

fn removal(r: &sqlx::sqlite::SqliteRow) -> Result<Removal> {
    Ok(Removal {
        id: r.try_get(0)?,
        subscription_id: r.try_get(1)?,
        customer_name: r.try_get(2)?,
        plan_title: r.try_get(3)?,
        why: r.try_get(4)?,
        actor: r.try_get(5)?,
        actor_name: r.try_get(6)?,
        state: r.try_get(7)?,
        created_at: r.try_get(8)?,
        removed_at: r.try_get(9)?,
        undone_at: r.try_get(10)?,
        told_at: r.try_get(11)?,
        customer_id: r.try_get(12)?,
    })
}

pub async fn removal_by_id(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Removal>> {
    let sql = format!("{REMOVAL_SELECT} WHERE r.id = ?");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(removal).transpose()
}

/// Removals since `since`, newest first.
pub async fn recent_removals(db: impl SqliteExecutor<'_>, since: i64) -> Result<Vec<Removal>> {
    let sql = format!("{REMOVAL_SELECT} WHERE r.created_at >= ? ORDER BY r.id DESC LIMIT 200");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(since)
        .fetch_all(db)
        .await?;
    rows.iter().map(removal).collect()
}

pub async fn removals_of(db: impl SqliteExecutor<'_>, sub_id: i64) -> Result<Vec<Removal>> {
    let sql = format!("{REMOVAL_SELECT} WHERE r.subscription_id = ? ORDER BY r.id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(sub_id)
        .fetch_all(db)
        .await?;
    rows.iter().map(removal).collect()
}

// ---- reminders ----

pub struct Ending {
    pub subscription_id: i64,
    pub customer_id: i64,
    pub plan_title: String,
    pub paid_until: i64,
    /// The reminders sent for this period, as days before its end.
    pub sent: Vec<i64>,
}

/// Cancelled subscriptions whose paid period ends within `within` seconds of `now`.
pub async fn ending(db: impl SqliteExecutor<'_>, now: i64, within: i64) -> Result<Vec<Ending>> {
    let until = now + within;
    let rows = sqlx::query!(
        r#"SELECT s.id as "id!", s.customer_id, p.title, s.paid_until,
                  (SELECT group_concat(r.days_before) FROM reminders r
                   WHERE r.subscription_id = s.id AND r.paid_until = s.paid_until) as "sent: String"
           FROM subscriptions s JOIN plans p ON p.id = s.plan_id
           WHERE s.status = 'cancelled' AND s.has_access = 1 AND s.paid_until > ? AND s.paid_until <= ?
           ORDER BY s.paid_until LIMIT 500"#,
        now,
        until
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Ending {
            subscription_id: r.id,
            customer_id: r.customer_id,
            plan_title: r.title,
            paid_until: r.paid_until,
            sent: r
                .sent
                .unwrap_or_default()
                .split(',')
                .filter_map(|d| d.parse().ok())
                .collect(),
        })
        .collect())
}

/// Writes a reminder down before it is sent: `false` when it was sent already.
pub async fn claim_reminder(
    db: impl SqliteExecutor<'_>,
    sub_id: i64,
    paid_until: i64,
    days: i64,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT OR IGNORE INTO reminders (subscription_id, paid_until, days_before, sent_at) VALUES (?, ?, ?, ?)",
        sub_id,
        paid_until,
        days,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A reminder that could not be sent goes back to being due.
pub async fn unclaim_reminder(
    db: impl SqliteExecutor<'_>,
    sub_id: i64,
    paid_until: i64,
    days: i64,
) -> Result<()> {
    sqlx::query!(
        "DELETE FROM reminders WHERE subscription_id = ? AND paid_until = ? AND days_before = ?",
        sub_id,
        paid_until,
        days
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn reminders_of(db: impl SqliteExecutor<'_>, sub_id: i64) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query!(
        r#"SELECT days_before, sent_at FROM reminders WHERE subscription_id = ? ORDER BY sent_at"#,
        sub_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.days_before, r.sent_at))
        .collect())
}
