//! Deliveries: what an order owes its customer, carried out message by message. Goods: the goods
//! (a text, a code or a file), then the receipt; channel access: its receipt with a Join button. Apology: the refund, then the apology. Each
//! message is recorded when Telegram accepted it, so a crash repeats at most the one message that
//! was in flight; a delivery that gives up lands in "needs attention", and one that Telegram can
//! never accept (a text too long for a message) is refunded with an apology. A delivery's
//! messages go first in the shop's pacer; one waiting for Telegram's send limit is shown queued.

use crate::{
    attention,
    catalog::Kind,
    channel_access,
    db::{self, now},
    error::{Error, Result},
    events::AppEvent,
    orders::{Order, Status},
    pacer::{self, Delivering},
    refunds::{self, Category, Who, Why},
    shop::Shop,
    subscriptions,
    telegram::{Document, SendError, Telegram},
    texts::{self, Lang},
};

/// What a payment's transaction read of the goods it sold, so that the order's first delivery
/// reads none of it again. The default knows nothing: the delivery reads what it sends.
#[derive(Debug, Clone, Default)]
pub struct Sold {
    /// A text product's text or the code sold; none for a file, a channel, or unknown goods.
    pub goods: Option<Goods>,
    /// No promo code and no store credit: the receipt shows the order's price alone.
    pub plain_price: bool,
    /// The product suggested under the receipt, as the payment read it (a product's payment
    /// reads it; nothing else has one).
    pub suggestion: Option<db::products::Suggestion>,
    /// Where the paid invoice is in the chat, to take it out once the receipt is there.
    pub invoice: Option<(i64, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goods {
    Text(String),
    Code(String),
    /// A tip's: the merchant's thank-you text (Telegram HTML), or none for the built-in one in
    /// the customer's language.
    Thanks(Option<String>),
    /// The codes of an order for several units.
    Codes(Vec<String>),
}

impl Goods {
    /// The goods message of `order`.
    fn message(&self, l: Lang, order: &Order) -> String {
        match self {
            Goods::Text(content) => texts::goods_text(l, order, content),
            Goods::Code(code) => texts::goods_code(l, order, code),
            Goods::Thanks(Some(html)) => texts::merchant_html(html),
            Goods::Thanks(None) => texts::default_tip_thanks(l),
            Goods::Codes(codes) => texts::goods_codes(l, order, codes),
        }
    }
}

/// Carries out one delivery this caller owns (its state is `sending`).
pub async fn run(shop: &Shop, telegram: &dyn Telegram, delivery_id: i64) -> Result<()> {
    // Reads go to the readers: what they read was committed before this delivery was handed
    // out, and the one writer connection stays free for the payments behind it.
    let d = db::deliveries::get(&shop.store.read, delivery_id)
        .await?
        .ok_or(Error::NotFound("delivery"))?;
    let order = db::orders::get(&shop.store.read, d.order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    let l = crate::customers::lang(&shop.store.read, order.customer_id).await?;
    carry_out(shop, telegram, &d, &order, None, l).await
}

/// Carries out the delivery a payment has just written with its order, known in full: nothing
/// of it is read again, and no earlier delivery of the order can have sent its receipt.
pub async fn run_new(
    shop: &Shop,
    telegram: &dyn Telegram,
    d: &db::deliveries::Delivery,
    order: &Order,
    sold: &Sold,
    l: Lang,
) -> Result<()> {
    carry_out(shop, telegram, d, order, Some(sold), l).await
}

/// `sold`: for a new order, what its payment read of the goods.
async fn carry_out(
    shop: &Shop,
    telegram: &dyn Telegram,
    d: &db::deliveries::Delivery,
    order: &Order,
    sold: Option<&Sold>,
    l: Lang,
) -> Result<()> {
    let delivery_id = d.id;
    // Its messages are this delivery's: while one waits for Telegram's send limit, the order
    // drawer says so.
    let this = Delivering {
        delivery_id,
        order_id: order.id,
    };
    let outcome = pacer::delivering(this, async {
        match d.kind.as_str() {
            "apology" => refund_and_apologise(shop, telegram, d, order, l)
                .await
                .map(|()| None),
            _ => match send_goods(shop, telegram, d, order, sold, l).await {
                // Telegram will never take these goods as they are: the customer gets their Stars.
                Err(Failure::Undeliverable(why)) => {
                    tracing::error!(order = order.id, %why, "goods cannot be delivered; refunding");
                    db::orders::set_refund_reason(&shop.store.write, order.id, "undeliverable")
                        .await?;
                    let order = db::orders::get(&shop.store.write, order.id)
                        .await?
                        .ok_or(Error::NotFound("order"))?;
                    refund_and_apologise(shop, telegram, d, &order, l)
                        .await
                        .map(|()| None)
                }
                other => other,
            },
        }
    })
    .await;
    match outcome {
        Ok(receipt_at) => {
            let at = now();
            let delivered = d.kind == "goods" && order.status != Status::Refunded;
            let (order_id, failed) = (order.id, order.status == Status::Failed);
            shop.store
                .commits
                .run_direct(move |db| {
                    // A goods delivery's end delivers its order (a trigger).
                    db::deliveries::mark_sent(db, delivery_id, at, receipt_at)?;
                    if delivered && failed {
                        db::attention::resolve_for_order(db, order_id, at)?;
                    }
                    Ok(())
                })
                .await?;
            if delivered {
                shop.emit(AppEvent::OrderDelivered { order_id: order.id });
            }
            Ok(())
        }
        Err(failure) => {
            let error = failure.to_string();
            tracing::error!(order = order.id, %error, "delivery gave up");
            db::deliveries::mark_failed(&shop.store.write, delivery_id, &error).await?;
            if d.kind == "goods" {
                db::orders::mark_failed(&shop.store.write, order.id).await?;
            }
            let message = format!("Order #{} could not be delivered: {error}", order.id);
            attention::raise(shop, "delivery_failed", Some(order.id), &message).await?;
            shop.emit(AppEvent::DeliveryFailed {
                order_id: order.id,
                error,
            });
            Err(failure.into())
        }
    }
}

/// Sends an order's goods once more (a customer's "get again", the merchant's "deliver again");
/// the delivery log keeps who asked.
pub async fn again(shop: &Shop, telegram: &dyn Telegram, order_id: i64, who: &Who) -> Result<()> {
    let order = db::orders::get(&shop.store.write, order_id)
        .await?
        .ok_or(Error::NotFound("order"))?;
    if order.status == Status::Refunded {
        let l = crate::customers::lang(&shop.store.read, order.customer_id).await?;
        return Err(Error::invalid(texts::refunded_no_goods(l)));
    }
    let id = db::deliveries::insert_asked(&shop.store.write, order_id, who, now()).await?;
    run(shop, telegram, id).await
}

/// Deliveries a crash interrupted and ones still owed, carried out in order.
pub async fn resume(shop: &Shop, telegram: &dyn Telegram) -> Result<usize> {
    db::deliveries::requeue_interrupted(&shop.store.write).await?;
    let mut n = 0;
    while let Some(id) = db::deliveries::claim_next(&shop.store.write).await? {
        let _ = run(shop, telegram, id).await;
        n += 1;
    }
    Ok(n)
}

/// Deliveries still owed to customers: in flight or queued. Whatever a stop interrupts goes out
/// at the next start.
pub async fn unfinished(shop: &Shop) -> Result<i64> {
    db::deliveries::count_unfinished(&shop.store.read).await
}

/// Why a delivery did not finish.
#[derive(Debug, thiserror::Error)]
enum Failure {
    /// Telegram will never accept it as it is.
    #[error("{0}")]
    Undeliverable(String),
    #[error("{0}")]
    Send(SendError),
    #[error("{0}")]
    Store(#[from] Error),
}

impl From<SendError> for Failure {
    fn from(e: SendError) -> Failure {
        if e.is_undeliverable() {
            Failure::Undeliverable(e.to_string())
        } else {
            Failure::Send(e)
        }
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Failure {
        Failure::Store(e.into())
    }
}

impl From<Failure> for Error {
    fn from(f: Failure) -> Error {
        match f {
            Failure::Store(e) => e,
            other => Error::Telegram(other.to_string()),
        }
    }
}

/// What of a delivery is now in the chat.
#[derive(Debug, Clone, Copy)]
enum InChat {
    /// Its message: the goods, or the apology.
    Message,
    Receipt,
    /// One message that was both.
    Both,
}

/// Notes what of delivery `id` is in the chat now, durably before the delivery goes on (a resend
/// after a crash skips it).
async fn in_chat(shop: &Shop, id: i64, what: InChat) -> Result<()> {
    let at = now();
    shop.store
        .commits
        .run_direct(move |db| {
            if matches!(what, InChat::Message | InChat::Both) {
                db::deliveries::message_sent(db, id, at)?;
            }
            if matches!(what, InChat::Receipt | InChat::Both) {
                db::deliveries::receipt_sent(db, id, at)?;
            }
            Ok(())
        })
        .await
}

async fn send_goods(
    shop: &Shop,
    telegram: &dyn Telegram,
    d: &db::deliveries::Delivery,
    order: &Order,
    sold: Option<&Sold>,
    l: Lang,
) -> Result<Option<i64>, Failure> {
    let chat = order.customer_id;
    let new = sold.is_some();
    // Only a subscription payment has no product: a product's delivery asks nothing more.
    let subscription = match order.product_id {
        Some(_) => None,
        None => db::subscriptions::of_order(&shop.store.read, order.id).await?,
    };
    if let Some((sub_id, first)) = subscription {
        // One message: the invites (first payment), the benefit and the receipt together.
        if d.message_sent_at.is_none() {
            subscriptions::pay::deliver(shop, telegram, order, sub_id, first, l).await?;
            in_chat(shop, d.id, InChat::Both).await?;
        }
        return Ok(None);
    }
    // A channel's receipt goes with its Join button.
    let mut receipt_with_goods = false;
    if d.message_sent_at.is_none() {
        match sold.and_then(|s| s.goods.as_ref()) {
            Some(goods) => telegram.send_html(chat, goods.message(l, order)).await?,
            None => receipt_with_goods = send_product(shop, telegram, d, order, new, l).await?,
        }
        in_chat(shop, d.id, InChat::Message).await?;
    }
    // The receipt goes with the first delivery of an order's goods, not with a resend. It is
    // the last message: recorded with the delivery's end.
    if d.receipt_sent_at.is_none()
        && !receipt_with_goods
        && (new || !db::deliveries::receipt_given(&shop.store.read, order.id).await?)
    {
        let (promo, credit) = match sold {
            Some(s) if s.plain_price => (None, 0),
            _ => db::promos::pricing(&shop.store.read, order.id).await?,
        };
        let promo = promo.as_ref().map(|(code, off)| (code.as_str(), *off));
        let text = texts::receipt_priced(l, order, promo, credit);
        let mut params = serde_json::json!({ "chat_id": chat, "text": text, "parse_mode": "HTML" });
        if let Some(keyboard) = after_purchase(shop, order, sold, l).await {
            params["reply_markup"] = keyboard;
        }
        telegram.call("sendMessage", params).await?;
        return Ok(Some(now()));
    }
    Ok(None)
}

/// The buttons under a receipt: buy the product again, share it (a `t.me/share/url` link to
/// its deep link, once the bot's @username is known), and the product the merchant suggests
/// after this one ("customers also bought"): the one the payment read (`sold`), or as read
/// now. A failure to read the suggestion leaves it out.
async fn after_purchase(
    shop: &Shop,
    order: &Order,
    sold: Option<&Sold>,
    l: Lang,
) -> Option<serde_json::Value> {
    let product = order.product_id?;
    let mut first = vec![serde_json::json!({
        "text": texts::buy_again_button(l),
        "callback_data": crate::bot::Callback::Rebuy(product).to_string(),
    })];
    if let Some(bot) = shop.bot_username() {
        first.push(serde_json::json!({
            "text": texts::share(l),
            "url": texts::share_url(&bot, product, &order.product_title),
        }));
    }
    let mut rows = vec![first];
    let suggestion = match sold {
        Some(sold) => Ok(sold.suggestion.clone()),
        None => db::products::suggestion(&shop.store.read, product).await,
    };
    match suggestion {
        Ok(Some((id, title, price))) => rows.push(vec![serde_json::json!({
            "text": texts::also_bought(l, &title, price),
            "callback_data": crate::bot::Callback::Product(id).to_string(),
        })]),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "the receipt's suggestion was not read"),
    }
    Some(serde_json::json!({ "inline_keyboard": rows }))
}

/// Sends a product's goods as read now; true when the receipt went with them (a channel's
/// first Join button).
async fn send_product(
    shop: &Shop,
    telegram: &dyn Telegram,
    d: &db::deliveries::Delivery,
    order: &Order,
    new: bool,
    l: Lang,
) -> Result<bool, Failure> {
    let chat = order.customer_id;
    // A tip's goods are the thank-you text, as it reads now.
    if order.product_id.is_none() && db::tips::is_tip(&shop.store.read, order.id).await? {
        let mut conn = shop.store.read.acquire().await?;
        let thanks = crate::tips::thanks_for(&mut conn, l).await?;
        drop(conn);
        telegram
            .send_html(chat, Goods::Thanks(thanks).message(l, order))
            .await?;
        return Ok(false);
    }
    let product_id = order.product_id.ok_or(Error::NotFound("product"))?;
    let product = db::products::terms(&shop.store.read, product_id)
        .await?
        .ok_or(Error::NotFound("product"))?;
    match product.kind {
        Kind::Text => {
            let goods = Goods::Text(product.content.unwrap_or_default());
            telegram.send_html(chat, goods.message(l, order)).await?;
        }
        Kind::Code => {
            let mut codes = db::codes::all_of_order(&shop.store.read, order.id).await?;
            let goods = match codes.len() {
                0 => return Err(Error::NotFound("code").into()),
                1 => Goods::Code(codes.remove(0)),
                _ => Goods::Codes(codes),
            };
            telegram.send_html(chat, goods.message(l, order)).await?;
        }
        Kind::File => {
            let file = db::products::file(&shop.store.read, product_id)
                .await?
                .ok_or_else(|| {
                    Error::invalid(format!("{} has no file to deliver yet.", product.title))
                })?;
            let known = file.telegram_file_id.clone();
            let document = match &known {
                Some(id) => Document::Known(id.clone()),
                None => Document::Upload {
                    file_name: file.file_name,
                    data: file.data,
                },
            };
            let caption = texts::goods_file_caption(l, order);
            let uploaded = telegram.send_document(chat, document, caption).await?;
            if known.is_none()
                && let Some(id) = uploaded
            {
                db::products::remember_file_id(&shop.store.write, product_id, &id).await?;
            }
        }
        Kind::Channel => {
            // The receipt goes in the same message as the Join button; a resend is the
            // new link alone.
            let first = new || !db::deliveries::receipt_given(&shop.store.read, order.id).await?;
            channel_access::deliver(shop, telegram, order, first, l).await?;
            if first {
                in_chat(shop, d.id, InChat::Receipt).await?;
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Telegram's terms allow a full refund when an order can't be fulfilled: refund, then say sorry.
async fn refund_and_apologise(
    shop: &Shop,
    telegram: &dyn Telegram,
    d: &db::deliveries::Delivery,
    order: &Order,
    l: Lang,
) -> Result<(), Failure> {
    let reason = order
        .refund_reason
        .clone()
        .unwrap_or_else(|| "could not be delivered".into());
    refunds::refund(
        shop,
        telegram,
        order.id,
        &Who::rule("nothing to deliver"),
        &Why::new(Category::NotDelivered, reason.clone()),
    )
    .await?;
    if d.message_sent_at.is_none() {
        telegram
            .send_html(order.customer_id, texts::apology(l, order))
            .await?;
        in_chat(shop, d.id, InChat::Message).await?;
        let message = format!(
            "Order #{} ({}, {} ⭐) was paid when it could not be delivered ({}); it was refunded.",
            order.id,
            order.product_title,
            order.stars,
            reason.replace('_', " ")
        );
        attention::raise(shop, "refunded_undeliverable", Some(order.id), &message).await?;
    }
    Ok(())
}
