//! Everything the shop says to customers, in one place: the bot's answers and the deliveries'
//! messages. Shop data is always HTML-escaped.

use teloxide::utils::html::escape;

use crate::{catalog::Product, orders::Order};

/// A text's length as Telegram measures it: UTF-16 code units (an emoji is two).
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

pub fn stars(n: i64) -> String {
    format!("{n} ⭐")
}

pub fn stock(p: &Product) -> String {
    match p.stock_left {
        None => "In stock".into(),
        Some(0) => "Sold out".into(),
        Some(n) => format!("{n} left"),
    }
}

/// The merchant's own texts are shown as written, never as markup.
pub fn plain(body: &str) -> String {
    escape(body)
}

pub fn catalog_header(welcome: Option<&str>, products: usize) -> String {
    let mut s = String::new();
    if let Some(w) = welcome {
        s.push_str(&escape(w));
        s.push_str("\n\n");
    }
    if products == 0 {
        s.push_str("The shop has nothing on sale right now. Please come back later.");
    } else {
        s.push_str("<b>Catalog</b>: tap a product to see it.");
    }
    s
}

pub fn catalog_button(p: &Product) -> String {
    format!("{} · {}", p.title, stars(p.price))
}

pub fn card(p: &Product) -> String {
    let mut s = format!("<b>{}</b>\n", escape(&p.title));
    if !p.description.is_empty() {
        s.push_str(&escape(&p.description));
        s.push('\n');
    }
    s.push_str(&format!("\nPrice: <b>{}</b>\n{}", stars(p.price), stock(p)));
    if let Some(limit) = p.per_customer_limit {
        s.push_str(&format!("\nLimit: {limit} per customer"));
    }
    s
}

pub fn buy_button(p: &Product) -> String {
    format!("Buy for {}", stars(p.price))
}

pub const NOT_ON_SALE: &str = "This product is not on sale any more. Here is what is: /shop";
pub const SOLD_OUT: &str =
    "Sorry, this product is sold out right now. See /shop for what is available.";

pub fn goods_text(order: &Order, content: &str) -> String {
    format!(
        "Here is your <b>{}</b>:\n\n{}",
        escape(&order.product_title),
        escape(content)
    )
}

pub fn goods_code(order: &Order, code: &str) -> String {
    format!(
        "Your code for <b>{}</b>:\n\n<code>{}</code>",
        escape(&order.product_title),
        escape(code)
    )
}

pub fn goods_file_caption(order: &Order) -> String {
    format!("Your file: <b>{}</b>", escape(&order.product_title))
}

pub fn receipt(order: &Order) -> String {
    format!(
        "<b>Receipt</b>\nOrder: #{}\nProduct: {}\nPaid: {}\n\nYour purchases are always in /purchases. \
         Questions about this payment: /paysupport",
        order.id,
        escape(&order.product_title),
        stars(order.stars)
    )
}

/// Why an order could not be delivered, in the customer's words.
fn why_undelivered(reason: Option<&str>) -> &'static str {
    match reason.map(|r| r.trim_start_matches("not delivered: ")) {
        Some("out_of_stock") => "it sold out while you were paying",
        Some("limit_reached") => "you had reached the limit per customer for it",
        Some("already_paid") => "this invoice had been paid already",
        Some("unknown_product") => "it is no longer in the shop",
        _ => "it cannot be sent in Telegram as it is; the shop has been told",
    }
}

pub fn apology(order: &Order) -> String {
    format!(
        "We are sorry: <b>{}</b> could not be delivered ({}). \
         Your {} have been refunded in full. Order #{}. See /shop for what is available.",
        escape(&order.product_title),
        why_undelivered(order.refund_reason.as_deref()),
        stars(order.stars),
        order.id
    )
}

pub fn refunded(order: &Order) -> String {
    format!(
        "Order #{} ({}) was refunded: {} are back on your balance.",
        order.id,
        escape(&order.product_title),
        stars(order.stars)
    )
}

pub fn purchases(orders: &[Order]) -> String {
    if orders.is_empty() {
        return "You have no purchases yet. Open /shop to see the catalog.".into();
    }
    let mut s = String::from("<b>Your purchases</b>\n");
    for o in orders {
        let when = chrono::DateTime::from_timestamp(o.created_at, 0)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let state = match o.status {
            crate::orders::Status::Refunded => " · refunded",
            crate::orders::Status::Paid | crate::orders::Status::Failed => " · being delivered",
            crate::orders::Status::Delivered => "",
        };
        s.push_str(&format!(
            "\n#{} · {} · {} · {}{}",
            o.id,
            escape(&o.product_title),
            stars(o.stars),
            when,
            state
        ));
    }
    s.push_str("\n\nTap an order to receive it again.");
    s
}

pub fn again_button(o: &Order) -> String {
    format!("Get #{} again: {}", o.id, o.product_title)
}

pub const NOT_YOURS: &str = "That order is not in your purchases.";
pub const REFUNDED_NO_GOODS: &str = "That order was refunded, so there is nothing to deliver.";
pub const BLOCKED: &str =
    "Sorry, this account cannot buy in this shop. Use /paysupport if you think this is a mistake.";
pub const TRY_LATER: &str = "Something went wrong on our side. Please try again in a minute.";

// Refund requests and the support inbox. These are plain text (kept as written in the support
// inbox); they are escaped when sent.

pub fn ask_refund_button(o: &Order) -> String {
    format!("Ask for a refund of #{}", o.id)
}

pub fn ask_refund_reason(o: &Order) -> String {
    format!(
        "Order #{} · {} · {}\n\nTell us in one message why you want a refund (at most 500 \
         characters). Send /cancel to keep the order.",
        o.id,
        o.product_title,
        stars(o.stars)
    )
}

pub fn request_received(id: i64, order_id: i64) -> String {
    format!(
        "Refund request #{id} for order #{order_id} received. A person will decide it and you \
         will get the answer here, usually within 24 hours."
    )
}

pub fn request_approved(id: i64, order: &Order) -> String {
    format!(
        "Your refund request #{id} was approved: {} for order #{} ({}) are back on your Stars \
         balance.",
        stars(order.stars),
        order.id,
        order.product_title
    )
}

pub fn request_declined(id: i64, order_id: i64, message: &str) -> String {
    format!(
        "Your refund request #{id} for order #{order_id} was declined:\n\n{message}\n\nReply \
         here if you have a question."
    )
}

pub const SUPPORT_ACK: &str =
    "Thanks, your message is with us: a person will answer here, usually within 24 hours.";

pub const REFUND_CANCELLED: &str = "All right, the order stays as it is.";

/// The two lines under /paysupport that say how to ask for a refund.
pub fn refund_how_to(window_days: i64) -> String {
    format!(
        "Refunds: open /purchases and press \"Ask for a refund\" under the order, within \
         {window_days} days of paying.\nAn approved refund returns the whole amount to your Stars \
         balance."
    )
}
