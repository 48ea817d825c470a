//! channel access: which orders let their buyer into which channel, their one-person invites
//! (rows of `invites` with an `order_id`), and `access_removals`, the buyer taken out once after
//! a refund.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::{audit::Who, error::Result};

/// The channel an order lets its buyer into (an order of a channel-access product).
pub struct OrderChannel {
    pub channel_id: i64,
    pub title: String,
}

pub async fn of_order(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<OrderChannel>> {
    let row = sqlx::query_as!(
        OrderChannel,
        r#"SELECT c.id as "channel_id!", c.title
           FROM orders o JOIN products p ON p.id = o.product_id JOIN channels c ON c.id = p.channel_id
           WHERE o.id = ?"#,
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

/// Whether an order other than `except_order`, not refunded, lets the customer into the channel.
pub async fn has_access(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    channel_id: i64,
    except_order: i64,
) -> Result<bool> {
    let found = sqlx::query_scalar!(
        r#"SELECT EXISTS (
               SELECT 1 FROM orders o JOIN products p ON p.id = o.product_id
               WHERE o.customer_id = ? AND p.channel_id = ? AND o.status != 'refunded' AND o.id != ?
           ) as "found!: bool""#,
        customer_id,
        channel_id,
        except_order
    )
    .fetch_one(db)
    .await?;
    Ok(found)
}

/// Whether something besides `except_order` lets the customer into the channel: another
/// channel-access order not refunded, or a subscription with access whose plan grants it.
pub async fn let_in_otherwise(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    channel_id: i64,
    except_order: i64,
) -> Result<bool> {
    let found = sqlx::query_scalar!(
        r#"SELECT EXISTS (
               SELECT 1 FROM orders o JOIN products p ON p.id = o.product_id
               WHERE o.customer_id = ?1 AND p.channel_id = ?2 AND o.status != 'refunded' AND o.id != ?3
           ) OR EXISTS (
               SELECT 1 FROM subscriptions s JOIN plan_channels pc ON pc.plan_id = s.plan_id
               WHERE s.customer_id = ?1 AND pc.channel_id = ?2 AND s.has_access = 1
           ) as "found!: bool""#,
        customer_id,
        channel_id,
        except_order
    )
    .fetch_one(db)
    .await?;
    Ok(found)
}

/// The customer's channel-access orders that still give access.
pub async fn orders_with_access(db: impl SqliteExecutor<'_>, customer_id: i64) -> Result<Vec<i64>> {
    let ids = sqlx::query_scalar!(
        r#"SELECT o.id as "id!" FROM orders o JOIN products p ON p.id = o.product_id
           WHERE o.customer_id = ? AND p.kind = 'channel' AND o.status != 'refunded'"#,
        customer_id
    )
    .fetch_all(db)
    .await?;
    Ok(ids)
}

pub struct NewInvite<'a> {
    pub channel_id: i64,
    pub customer_id: i64,
    pub order_id: i64,
    pub link: &'a str,
    pub expires_at: i64,
}

pub async fn insert_invite(db: impl SqliteExecutor<'_>, i: &NewInvite<'_>, at: i64) -> Result<()> {
    sqlx::query!(
        "INSERT INTO invites (channel_id, customer_id, order_id, link, expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
        i.channel_id,
        i.customer_id,
        i.order_id,
        i.link,
        i.expires_at,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The order's invite links not revoked yet: `(channel, link)`.
pub async fn open_invites(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query!(
        "SELECT channel_id, link FROM invites WHERE order_id = ? AND revoked_at IS NULL",
        order_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.channel_id, r.link)).collect())
}

// ---- removals after a refund ----

/// In the refund's transaction: the buyer of a channel-access order is to be taken out of its
/// channel. True when this call claimed it (the order grants a channel and was not claimed).
pub async fn claim_removal(
    db: &mut SqliteConnection,
    order_id: i64,
    who: &Who,
    why: &str,
    at: i64,
) -> Result<bool> {
    let actor = who.actor.as_str();
    let done = sqlx::query!(
        "INSERT INTO access_removals (order_id, channel_id, customer_id, why, actor, actor_name, created_at)
         SELECT o.id, p.channel_id, o.customer_id, ?, ?, ?, ?
         FROM orders o JOIN products p ON p.id = o.product_id
         WHERE o.id = ? AND p.channel_id IS NOT NULL
         ON CONFLICT (order_id) DO NOTHING",
        why,
        actor,
        who.name,
        at,
        order_id
    )
    .execute(&mut *db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A removal recorded for Telegram's report of a refund that was made here, by `who`.
pub async fn attribute_removal(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    who: &Who,
    why: &str,
) -> Result<()> {
    let actor = who.actor.as_str();
    sqlx::query!(
        "UPDATE access_removals SET actor = ?, actor_name = ?, why = ?
         WHERE order_id = ? AND removed_at IS NULL",
        actor,
        who.name,
        why,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub struct Removal {
    pub order_id: i64,
    pub channel_id: i64,
    pub channel_title: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub why: String,
    pub actor: String,
    pub actor_name: String,
    pub removed_at: Option<i64>,
}

pub async fn removal(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<Removal>> {
    let row = sqlx::query_as!(
        Removal,
        r#"SELECT r.order_id as "order_id!", r.channel_id, c.title as channel_title, r.customer_id,
                  coalesce(cu.first_name, 'customer ' || r.customer_id) as "customer_name!: String",
                  r.why, r.actor, r.actor_name, r.removed_at
           FROM access_removals r JOIN channels c ON c.id = r.channel_id
           LEFT JOIN customers cu ON cu.id = r.customer_id
           WHERE r.order_id = ?"#,
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

/// Removals claimed and not carried out yet (a crash, Telegram refusing), oldest first.
pub async fn pending_removals(db: impl SqliteExecutor<'_>) -> Result<Vec<i64>> {
    let ids = sqlx::query_scalar!(
        r#"SELECT order_id as "order_id!" FROM access_removals WHERE removed_at IS NULL
           ORDER BY order_id"#
    )
    .fetch_all(db)
    .await?;
    Ok(ids)
}

/// True when this call marked the removal done.
pub async fn removal_done(db: impl SqliteExecutor<'_>, order_id: i64, at: i64) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE access_removals SET removed_at = ? WHERE order_id = ? AND removed_at IS NULL",
        at,
        order_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
