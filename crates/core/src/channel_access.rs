//! Channel access: a product paid once that lets its buyer into a private channel for good. The
//! buyer joins with a one-person invite link (a subscriber's kind of link) sent with the receipt;
//! a new link from /purchases revokes the old one. A refund takes the buyer out of the channel
//! once: claimed in the refund's own transaction, carried out right after it, and finished by
//! the scheduler when a crash or Telegram got in the way.

use serde_json::json;

use crate::{
    attention,
    audit::{self, Actor, Line, Who},
    db::{self, Store, channel_access::OrderChannel, now},
    error::{Error, Result},
    orders::{Order, Status},
    pacer::Priority,
    refunds::InFlight,
    shop::Shop,
    subscriptions::{INVITE_HOURS, add_join_buttons},
    telegram::{SendError, Telegram},
    texts,
};

/// What the merchant is asked to look at when a refunded buyer is still in the channel.
const NOT_REMOVED: &str = "access_not_removed";

/// The customer's channel-access orders that still let them in: /purchases offers each a new
/// invite link.
pub async fn orders_with_access(store: &Store, customer_id: i64) -> Result<Vec<i64>> {
    db::channel_access::orders_with_access(&store.read, customer_id).await
}

/// Sends the buyer a one-person invite to the order's channel as a Join button: with the
/// receipt the first time, as a new link afterwards (the old one revoked). A refunded order
/// gets nothing.
pub(crate) async fn deliver(
    shop: &Shop,
    tg: &dyn Telegram,
    order: &Order,
    with_receipt: bool,
    l: crate::texts::Lang,
) -> std::result::Result<(), SendError> {
    let fail = |e: Error| SendError::GaveUp(e.to_string());
    if order.status == Status::Refunded {
        return Ok(());
    }
    let channel = db::channel_access::of_order(&shop.store.read, order.id)
        .await
        .map_err(fail)?
        .ok_or_else(|| SendError::Refused(format!("{} grants no channel", order.product_title)))?;
    let link = invite(shop, tg, order, &channel).await?;
    let body = if with_receipt {
        texts::channel_receipt(l, order, &channel.title)
    } else {
        texts::channel_new_invite(l, &channel.title)
    };
    let mut params = json!({ "chat_id": order.customer_id, "text": body, "parse_mode": "HTML" });
    add_join_buttons(&mut params, &[(channel.title, link)], l);
    tg.call("sendMessage", params).await?;
    Ok(())
}

/// A new one-person link to the channel, valid for `INVITE_HOURS`; the order's older ones are
/// revoked first, so only the newest lets anyone in.
async fn invite(
    shop: &Shop,
    tg: &dyn Telegram,
    order: &Order,
    channel: &OrderChannel,
) -> std::result::Result<String, SendError> {
    let fail = |e: Error| SendError::GaveUp(e.to_string());
    revoke_invites(shop, tg, order.id).await.map_err(fail)?;
    let expires_at = shop.clock.now().await + INVITE_HOURS * 3600;
    let made = tg
        .call(
            "createChatInviteLink",
            json!({
                "chat_id": channel.channel_id,
                "name": format!("order {} · {}", order.id, order.customer_id)
                    .chars()
                    .take(32)
                    .collect::<String>(),
                "expire_date": expires_at,
                "member_limit": 1,
            }),
        )
        .await
        .map_err(|e| match e {
            SendError::Refused(m) => {
                SendError::Refused(format!("No invite link for {}: {m}", channel.title))
            }
            other => other,
        })?;
    let link = made["invite_link"]
        .as_str()
        .ok_or_else(|| SendError::GaveUp("createChatInviteLink gave no link".into()))?
        .to_string();
    db::channel_access::insert_invite(
        &shop.store.write,
        &db::channel_access::NewInvite {
            channel_id: channel.channel_id,
            customer_id: order.customer_id,
            order_id: order.id,
            link: &link,
            expires_at,
        },
        now(),
    )
    .await
    .map_err(fail)?;
    Ok(link)
}

/// Revokes the order's links still open; one Telegram cannot revoke any more (used, expired)
/// is recorded as revoked all the same.
async fn revoke_invites(shop: &Shop, tg: &dyn Telegram, order_id: i64) -> Result<()> {
    for (channel, link) in db::channel_access::open_invites(&shop.store.read, order_id).await? {
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

/// Right after a refund, with the order's refund claim held: the buyer taken out of the channel
/// if the order granted one. A failure is raised to the merchant; the scheduler tries again.
pub(crate) async fn remove_after_refund(shop: &Shop, tg: &dyn Telegram, order_id: i64) {
    if let Err(e) = remove(shop, tg, order_id).await {
        not_removed(shop, order_id, &e).await;
    }
}

/// Removals left undone (a crash, Telegram refusing) and ones claimed for a refund reported by
/// Telegram; returns how many were carried out.
pub async fn remove_pending(shop: &Shop, tg: &dyn Telegram) -> Result<usize> {
    let mut n = 0;
    for order_id in db::channel_access::pending_removals(&shop.store.read).await? {
        // A refund of this order running now takes its buyer out itself.
        let Some(_claim) = InFlight::claim(&shop.refunding, order_id) else {
            continue;
        };
        match remove(shop, tg, order_id).await {
            Ok(true) => n += 1,
            Ok(false) => {}
            Err(e) => not_removed(shop, order_id, &e).await,
        }
    }
    Ok(n)
}

/// Raised once per order until it is done.
async fn not_removed(shop: &Shop, order_id: i64, e: &Error) {
    tracing::warn!(order = order_id, error = %e, "refunded buyer not taken out of the channel yet");
    let open = db::attention::open_for_order(&shop.store.read, order_id)
        .await
        .unwrap_or_default();
    if open.iter().any(|a| a.kind == NOT_REMOVED) {
        return;
    }
    let message = format!(
        "Order #{order_id} was refunded but its buyer is still in the channel: {e}. \
         Stardesk tries again by itself."
    );
    if let Err(e) = attention::raise(shop, NOT_REMOVED, Some(order_id), &message).await {
        tracing::warn!(order = order_id, error = %e, "could not raise attention");
    }
}

/// Carries out a claimed removal: banned and unbanned (so that paying again lets them back in)
/// unless a subscription or another purchase grants the channel, open invites revoked, then
/// marked done with its audit line in one transaction, and the buyer told. False when there is
/// nothing (left) to do.
async fn remove(shop: &Shop, tg: &dyn Telegram, order_id: i64) -> Result<bool> {
    let Some(r) = db::channel_access::removal(&shop.store.read, order_id).await? else {
        return Ok(false);
    };
    if r.removed_at.is_some() {
        return Ok(false);
    }
    // A subscription (or another purchase) that grants the channel keeps them in.
    let kept = db::channel_access::let_in_otherwise(
        &shop.store.read,
        r.customer_id,
        r.channel_id,
        order_id,
    )
    .await?;
    if !kept {
        let ban = json!({ "chat_id": r.channel_id, "user_id": r.customer_id });
        tg.call("banChatMember", ban)
            .await
            .map_err(|e| Error::Telegram(format!("Not removed from {}: {e}", r.channel_title)))?;
        let unban =
            json!({ "chat_id": r.channel_id, "user_id": r.customer_id, "only_if_banned": true });
        tg.call("unbanChatMember", unban).await.map_err(|e| {
            Error::Telegram(format!(
                "Removed from {} but still banned: {e}",
                r.channel_title
            ))
        })?;
    }
    revoke_invites(shop, tg, order_id).await?;
    let who = Who::new(
        Actor::parse(&r.actor).unwrap_or(Actor::Rule),
        r.actor_name.clone(),
    );
    let at = now();
    let mut tx = shop.store.write.begin().await?;
    if !db::channel_access::removal_done(&mut *tx, order_id, at).await? {
        return Ok(false);
    }
    audit::record(
        &mut *tx,
        &who,
        Line {
            action: "channel_access.remove",
            subject: format!(
                "order #{order_id} ({}, {})",
                r.customer_name, r.channel_title
            ),
            before: Some(format!("has access to {}", r.channel_title)),
            after: Some(if kept {
                format!(
                    "still in {}: a subscription or another purchase grants it",
                    r.channel_title
                )
            } else {
                format!("removed from {}", r.channel_title)
            }),
            reason: &r.why,
        },
    )
    .await?;
    tx.commit().await?;
    for a in db::attention::open_for_order(&shop.store.read, order_id).await? {
        if a.kind == NOT_REMOVED {
            attention::resolve(shop, a.id).await?;
        }
    }
    if !kept {
        let l = crate::customers::lang(&shop.store.read, r.customer_id).await?;
        let told = tg
            .send_html_at(
                Priority::Notice,
                r.customer_id,
                texts::channel_access_ended(l, &r.channel_title, order_id),
            )
            .await;
        if let Err(e) = told {
            tracing::warn!(order = order_id, error = %e, "the buyer was not told of the removal");
        }
    }
    Ok(true)
}
