//! The bot's handlers: small functions behind `schema()`.

use teloxide::{
    prelude::*,
    types::{
        CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, LabeledPrice, ParseMode,
        PreCheckoutQuery, RefundedPayment, SuccessfulPayment,
    },
};

use crate::{
    bot::{Command, delivery, send::with_retry, text},
    catalog,
    checkout::{self, PreCheckout},
    customers::{self, Seen},
    events::AppEvent,
    inbox::Ticket,
    orders::{self, Payment, Recorded},
    payload::Payload,
    settings,
    shop::Shop,
};

type HandlerResult = anyhow::Result<()>;

fn seen(user: &teloxide::types::User) -> Seen<'_> {
    Seen {
        id: user.id.0 as i64,
        first_name: &user.first_name,
        username: user.username.as_deref(),
        language_code: user.language_code.as_deref(),
    }
}

async fn say(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    html: String,
    keyboard: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    with_retry(shop.retry, "sendMessage", || {
        let mut req = bot
            .send_message(chat, html.clone())
            .parse_mode(ParseMode::Html);
        if let Some(k) = &keyboard {
            req = req.reply_markup(k.clone());
        }
        req.send()
    })
    .await?;
    Ok(())
}

pub async fn command(
    bot: Bot,
    msg: Message,
    cmd: Command,
    shop: Shop,
    _t: Ticket,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    shop.recently_seen.note(&shop.store, &seen(user)).await?;
    let chat = msg.chat.id;
    match cmd {
        Command::Start(arg) => {
            let arg = arg.trim();
            if let Some(id) = arg.strip_prefix("p_").and_then(|s| s.parse::<i64>().ok()) {
                return show_card(&bot, &shop, chat, id).await;
            }
            show_catalog(&bot, &shop, chat, true).await
        }
        Command::Shop => show_catalog(&bot, &shop, chat, false).await,
        Command::Purchases => show_purchases(&bot, &shop, chat, user.id.0 as i64).await,
        Command::Paysupport => show_text(&bot, &shop, chat, "paysupport").await,
        Command::Terms => show_text(&bot, &shop, chat, "terms").await,
        Command::Help => show_text(&bot, &shop, chat, "help").await,
    }
}

async fn show_text(bot: &Bot, shop: &Shop, chat: ChatId, key: &str) -> HandlerResult {
    let body = settings::text(&shop.store.read, key).await?;
    say(bot, shop, chat, text::plain(&body), None).await
}

async fn show_catalog(bot: &Bot, shop: &Shop, chat: ChatId, welcome: bool) -> HandlerResult {
    let products = catalog::list(&shop.store.read, false).await?;
    let welcome = if welcome {
        Some(settings::text(&shop.store.read, "welcome").await?)
    } else {
        None
    };
    let rows: Vec<Vec<InlineKeyboardButton>> = products
        .iter()
        .map(|p| {
            vec![InlineKeyboardButton::callback(
                text::catalog_button(p),
                format!("p:{}", p.id),
            )]
        })
        .collect();
    let keyboard = (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows));
    say(
        bot,
        shop,
        chat,
        text::catalog_header(welcome.as_deref(), products.len()),
        keyboard,
    )
    .await
}

async fn show_card(bot: &Bot, shop: &Shop, chat: ChatId, product_id: i64) -> HandlerResult {
    match catalog::get(&shop.store.read, product_id).await? {
        Some(p) if p.active => {
            let mut rows = Vec::new();
            if p.stock_left != Some(0) {
                rows.push(vec![InlineKeyboardButton::callback(
                    text::buy_button(&p),
                    format!("buy:{}", p.id),
                )]);
            }
            rows.push(vec![InlineKeyboardButton::callback("« Catalog", "shop")]);
            say(
                bot,
                shop,
                chat,
                text::card(&p),
                Some(InlineKeyboardMarkup::new(rows)),
            )
            .await
        }
        _ => say(bot, shop, chat, text::NOT_ON_SALE.into(), None).await,
    }
}

async fn show_purchases(bot: &Bot, shop: &Shop, chat: ChatId, customer: i64) -> HandlerResult {
    let list = orders::of_customer(&shop.store.read, customer, 20).await?;
    let rows: Vec<Vec<InlineKeyboardButton>> = list
        .iter()
        .filter(|o| o.status != orders::Status::Refunded)
        .take(10)
        .map(|o| {
            vec![InlineKeyboardButton::callback(
                text::again_button(o),
                format!("again:{}", o.id),
            )]
        })
        .collect();
    let keyboard = (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows));
    say(bot, shop, chat, text::purchases(&list), keyboard).await
}

pub async fn callback(bot: Bot, q: CallbackQuery, shop: Shop, _t: Ticket) -> HandlerResult {
    let data = q.data.clone().unwrap_or_default();
    let chat = ChatId(q.from.id.0 as i64);
    let customer = q.from.id.0 as i64;
    shop.recently_seen.note(&shop.store, &seen(&q.from)).await?;
    let mut notice: Option<String> = None;
    let outcome = if data == "shop" {
        show_catalog(&bot, &shop, chat, false).await
    } else if let Some(id) = data.strip_prefix("p:").and_then(|s| s.parse().ok()) {
        show_card(&bot, &shop, chat, id).await
    } else if let Some(id) = data.strip_prefix("buy:").and_then(|s| s.parse().ok()) {
        match send_invoice(&bot, &shop, chat, customer, id).await {
            Ok(None) => Ok(()),
            Ok(Some(refusal)) => {
                notice = Some(refusal.to_string());
                say(&bot, &shop, chat, refusal.to_string(), None).await
            }
            Err(e) => Err(e),
        }
    } else if let Some(id) = data.strip_prefix("again:").and_then(|s| s.parse().ok()) {
        match orders::get(&shop.store.read, id).await? {
            Some(o) if o.customer_id == customer => match delivery::again(&shop, &bot, id).await {
                Ok(()) => Ok(()),
                Err(crate::error::Error::Invalid(m)) => {
                    notice = Some(m.clone());
                    say(&bot, &shop, chat, m, None).await
                }
                Err(e) => Err(e.into()),
            },
            _ => {
                notice = Some(text::NOT_YOURS.into());
                Ok(())
            }
        }
    } else {
        Ok(())
    };
    // The button stops spinning whatever happened.
    let answer = with_retry(shop.retry, "answerCallbackQuery", || {
        let mut req = bot.answer_callback_query(q.id.clone());
        if let Some(n) = &notice {
            req = req.text(n.clone());
        }
        req.send()
    })
    .await;
    if let Err(e) = answer {
        tracing::warn!(error = %e, "callback answer failed");
    }
    outcome
}

/// Sends the invoice for a product, or says why not (as a short sentence for the customer).
async fn send_invoice(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    customer: i64,
    product_id: i64,
) -> anyhow::Result<Option<&'static str>> {
    let product = match catalog::get(&shop.store.read, product_id).await? {
        Some(p) if p.active => p,
        _ => return Ok(Some(text::NOT_ON_SALE)),
    };
    if product.stock_left == Some(0) {
        return Ok(Some(text::SOLD_OUT));
    }
    if customers::is_blocked(&shop.store.read, customer).await? {
        return Ok(Some(text::BLOCKED));
    }
    let payload = Payload::new(product.id, product.price, customer).sign(&shop.secret);
    let description = if product.description.trim().is_empty() {
        product.title.clone()
    } else {
        product.description.clone()
    };
    with_retry(shop.retry, "sendInvoice", || {
        bot.send_invoice(
            chat,
            product.title.clone(),
            description.clone(),
            payload.clone(),
            "XTR",
            [LabeledPrice::new(
                product.title.clone(),
                product.price as u32,
            )],
        )
        .send()
    })
    .await?;
    Ok(None)
}

pub async fn pre_checkout(bot: Bot, q: PreCheckoutQuery, shop: Shop, _t: Ticket) -> HandlerResult {
    let started = std::time::Instant::now();
    if let Err(e) = shop.recently_seen.note(&shop.store, &seen(&q.from)).await {
        tracing::warn!(error = %e, "could not record the customer");
    }
    let verdict = checkout::pre_checkout(
        &shop.store,
        &shop.secret,
        shop.hold_seconds,
        &PreCheckout {
            customer: seen(&q.from),
            currency: &q.currency,
            total_amount: i64::from(q.total_amount),
            payload: &q.invoice_payload,
        },
    )
    .await;
    let (ok, error) = match verdict {
        Ok(Ok(())) => (true, None),
        Ok(Err(refusal)) => (false, Some(refusal.message())),
        Err(e) => {
            tracing::error!(error = %e, "pre-checkout could not be checked; refusing");
            (false, Some(text::TRY_LATER.to_string()))
        }
    };
    // Telegram waits 10 s at most; retrying past that only earns "query is too old".
    let mut policy = shop.retry;
    policy.max_delay = std::time::Duration::from_secs(1);
    let res = with_retry(policy, "answerPreCheckoutQuery", || {
        let mut req = bot.answer_pre_checkout_query(q.id.clone(), ok);
        if let Some(e) = &error {
            req = req.error_message(e.clone());
        }
        req.send()
    })
    .await;
    if let Err(e) = res {
        tracing::warn!(error = %e, elapsed = ?started.elapsed(), "pre-checkout answer not accepted");
    }
    Ok(())
}

pub async fn paid(
    bot: Bot,
    msg: Message,
    payment: SuccessfulPayment,
    shop: Shop,
    t: Ticket,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let recorded = orders::record_payment(
        &shop.store,
        &shop.secret,
        &Payment {
            charge_id: &payment.telegram_payment_charge_id.0,
            provider_charge_id: Some(payment.provider_payment_charge_id.as_str())
                .filter(|s| !s.is_empty()),
            customer: seen(user),
            total_amount: i64::from(payment.total_amount),
            payload: &payment.invoice_payload,
            recovered: false,
        },
    )
    .await
    .inspect_err(|_| t.keep())?;
    if let Recorded::New { order, delivery_id } = recorded {
        shop.emit(AppEvent::OrderCreated { order });
        // A failed delivery is recorded and raised to the merchant inside `run`.
        let _ = delivery::run(&shop, &bot, delivery_id).await;
    }
    Ok(())
}

pub async fn refunded(refund: RefundedPayment, shop: Shop, t: Ticket) -> HandlerResult {
    let charge = &refund.telegram_payment_charge_id.0;
    let order = orders::by_charge(&shop.store.read, charge)
        .await
        .inspect_err(|_| t.keep())?;
    if let Some(order) = order
        && orders::mark_refunded(&shop.store, order.id, "refunded")
            .await
            .inspect_err(|_| t.keep())?
    {
        shop.emit(AppEvent::OrderRefunded {
            order_id: order.id,
            reason: "refunded".into(),
        });
    }
    Ok(())
}

pub async fn other_message(bot: Bot, msg: Message, shop: Shop, _t: Ticket) -> HandlerResult {
    if msg.chat.is_private() && msg.text().is_some() {
        say(&bot, &shop, msg.chat.id, text::UNKNOWN_MESSAGE.into(), None).await?;
    }
    Ok(())
}
