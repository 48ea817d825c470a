//! Carrying out deliveries: the goods and receipt, or a refund with an apology. A delivery is
//! marked sent only after Telegram accepted it; one that gives up lands in "needs attention".

use teloxide::{
    prelude::*,
    types::{InputFile, ParseMode, TelegramTransactionId},
};

use crate::{
    attention,
    bot::{send::with_retry, text},
    catalog::{self, Kind},
    error::{Error, Result},
    events::AppEvent,
    orders::{self, Order},
    shop::Shop,
    store::now,
};

/// Carries out one delivery this caller owns (its state is `sending`).
pub async fn run(shop: &Shop, bot: &Bot, delivery_id: i64) -> Result<()> {
    let d = sqlx::query!(
        "SELECT order_id, kind FROM deliveries WHERE id = ?",
        delivery_id
    )
    .fetch_one(&shop.store.read)
    .await?;
    let order = orders::get(&shop.store.read, d.order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    let outcome = match d.kind.as_str() {
        "apology" => refund_and_apologise(shop, bot, &order).await,
        _ => send_goods(shop, bot, &order).await,
    };
    let at = now();
    match outcome {
        Ok(()) => {
            let mut tx = shop.store.write.begin().await?;
            sqlx::query!(
                "UPDATE deliveries SET state = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?",
                at,
                delivery_id
            )
            .execute(&mut *tx)
            .await?;
            if d.kind == "goods" {
                orders::mark_delivered(&mut *tx, order.id).await?;
                if order.status == orders::Status::Failed {
                    attention::resolve_for_order(&mut *tx, order.id).await?;
                }
            }
            tx.commit().await?;
            if d.kind == "goods" {
                shop.emit(AppEvent::OrderDelivered { order_id: order.id });
            }
            Ok(())
        }
        Err(e) => {
            let error = e.to_string();
            tracing::error!(order = order.id, %error, "delivery gave up");
            sqlx::query!(
                "UPDATE deliveries SET state = 'failed', last_error = ?, attempts = attempts + 1 WHERE id = ?",
                error,
                delivery_id
            )
            .execute(&shop.store.write)
            .await?;
            if d.kind == "goods" {
                orders::mark_failed(&shop.store.write, order.id).await?;
            }
            let message = format!("Order #{} could not be delivered: {error}", order.id);
            let id = attention::raise(
                &shop.store.write,
                "delivery_failed",
                Some(order.id),
                &message,
            )
            .await?;
            shop.emit(AppEvent::DeliveryFailed {
                order_id: order.id,
                error: error.clone(),
            });
            shop.emit(AppEvent::NeedsAttention {
                id,
                kind: "delivery_failed".into(),
                order_id: Some(order.id),
                message,
            });
            Err(e)
        }
    }
}

/// Sends an order's goods once more (a customer's "get again", the merchant's "deliver again").
pub async fn again(shop: &Shop, bot: &Bot, order_id: i64) -> Result<()> {
    let order = orders::get(&shop.store.write, order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    if order.status == orders::Status::Refunded {
        return Err(Error::invalid(text::REFUNDED_NO_GOODS));
    }
    let at = now();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO deliveries (order_id, kind, state, created_at) VALUES (?, 'goods', 'sending', ?)
           RETURNING id as "id!""#,
        order_id,
        at
    )
    .fetch_one(&shop.store.write)
    .await?;
    run(shop, bot, id).await
}

/// Deliveries a crash interrupted (`sending` with no process behind them) and ones still owed.
pub async fn resume(shop: &Shop, bot: &Bot) -> Result<usize> {
    sqlx::query!("UPDATE deliveries SET state = 'pending' WHERE state = 'sending'")
        .execute(&shop.store.write)
        .await?;
    let mut n = 0;
    loop {
        let claimed = sqlx::query_scalar!(
            r#"UPDATE deliveries SET state = 'sending'
               WHERE id = (SELECT id FROM deliveries WHERE state = 'pending' ORDER BY id LIMIT 1)
               RETURNING id as "id!""#
        )
        .fetch_optional(&shop.store.write)
        .await?;
        let Some(id) = claimed else { break };
        let _ = run(shop, bot, id).await;
        n += 1;
    }
    Ok(n)
}

/// Sends one HTML message to a customer, with retries.
async fn say(shop: &Shop, bot: &Bot, chat: ChatId, body: &str) -> Result<()> {
    with_retry(shop.retry, "sendMessage", || {
        bot.send_message(chat, body.to_string())
            .parse_mode(ParseMode::Html)
            .send()
    })
    .await
    .map_err(telegram)?;
    Ok(())
}

fn telegram(e: teloxide::RequestError) -> Error {
    Error::Telegram(e.to_string())
}

async fn send_goods(shop: &Shop, bot: &Bot, order: &Order) -> Result<()> {
    let chat = ChatId(order.customer_id);
    let product_id = order.product_id.ok_or(Error::NotFound("product"))?;
    let product = catalog::terms(&shop.store.read, product_id)
        .await?
        .ok_or(Error::NotFound("product"))?;
    match product.kind {
        Kind::Text => {
            let body = text::goods_text(order, product.content.as_deref().unwrap_or(""));
            say(shop, bot, chat, &body).await?;
        }
        Kind::Code => {
            let code = orders::code_of(&shop.store.read, order.id)
                .await?
                .ok_or(Error::NotFound("code"))?;
            let body = text::goods_code(order, &code);
            say(shop, bot, chat, &body).await?;
        }
        Kind::File => {
            let file = catalog::file(&shop.store.read, product_id)
                .await?
                .ok_or_else(|| {
                    Error::invalid(format!("{} has no file to deliver yet.", product.title))
                })?;
            let caption = text::goods_file_caption(order);
            let sent = with_retry(shop.retry, "sendDocument", || {
                let doc = match &file.telegram_file_id {
                    Some(id) => InputFile::file_id(id.clone().into()),
                    None => InputFile::memory(file.data.clone()).file_name(file.file_name.clone()),
                };
                bot.send_document(chat, doc)
                    .caption(caption.clone())
                    .parse_mode(ParseMode::Html)
                    .send()
            })
            .await
            .map_err(telegram)?;
            if file.telegram_file_id.is_none()
                && let Some(doc) = sent.document()
            {
                let mut conn = shop.store.write.acquire().await?;
                catalog::remember_file_id(&mut conn, product_id, &doc.file.id.0).await?;
            }
        }
    }
    let first = sqlx::query_scalar!(
        r#"SELECT count(*) as "n!: i64" FROM deliveries WHERE order_id = ? AND kind = 'goods' AND state = 'sent'"#,
        order.id
    )
    .fetch_one(&shop.store.read)
    .await?
        == 0;
    if first {
        let body = text::receipt(order);
        say(shop, bot, chat, &body).await?;
    }
    Ok(())
}

/// Telegram's terms allow a full refund when an order can't be fulfilled: refund, then say sorry.
async fn refund_and_apologise(shop: &Shop, bot: &Bot, order: &Order) -> Result<()> {
    refund(shop, bot, order, "could not be delivered").await?;
    let body = text::apology(order);
    say(shop, bot, ChatId(order.customer_id), &body).await?;
    let message = format!(
        "Order #{} ({}, {} ⭐) was paid when nothing could be delivered; it was refunded.",
        order.id, order.product_title, order.stars
    );
    let id = attention::raise(
        &shop.store.write,
        "refunded_undeliverable",
        Some(order.id),
        &message,
    )
    .await?;
    shop.emit(AppEvent::NeedsAttention {
        id,
        kind: "refunded_undeliverable".into(),
        order_id: Some(order.id),
        message,
    });
    Ok(())
}

/// Refunds an order's Stars in full through Telegram and records it; a refund made earlier counts.
pub async fn refund(shop: &Shop, bot: &Bot, order: &Order, reason: &str) -> Result<()> {
    let charge = TelegramTransactionId(order.charge_id.clone());
    let user = UserId(order.customer_id as u64);
    let res = with_retry(shop.retry, "refundStarPayment", || {
        bot.refund_star_payment(user, charge.clone()).send()
    })
    .await;
    match res {
        Ok(_) => {}
        Err(e) if e.to_string().contains("CHARGE_ALREADY_REFUNDED") => {}
        Err(e) => return Err(telegram(e)),
    }
    if orders::mark_refunded(&shop.store, order.id, reason).await? {
        shop.emit(AppEvent::OrderRefunded {
            order_id: order.id,
            reason: reason.to_string(),
        });
    }
    Ok(())
}
