//! Everything the shop says to customers, in one place: the bot's answers and the deliveries'
//! messages. Shop data is always HTML-escaped; the merchant's own bot texts (Settings) are
//! Telegram HTML, checked by [`html::check`] before they are saved.

pub mod html;

use teloxide::utils::html::escape;

use crate::{
    catalog::{Kind, Product},
    orders::Order,
};

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

/// Plain text (a customer's words, a refusal) shown as written, never as markup.
pub fn plain(body: &str) -> String {
    escape(body)
}

/// A bot text from Settings as the bot sends it: its own formatting. A text kept from before
/// formatting was allowed that is not valid HTML is shown exactly as it was typed.
pub fn merchant_html(body: &str) -> String {
    match html::check(body) {
        Ok(_) => body.to_string(),
        Err(_) => escape(body),
    }
}

/// What follows the welcome text in the /start message (the catalog's buttons come with it).
pub fn catalog_tail(products: usize) -> &'static str {
    if products == 0 {
        "The shop has nothing on sale right now. Please come back later."
    } else {
        "<b>Catalog</b>: tap a product to see it."
    }
}

/// The catalog message: the welcome text (HTML, see [`merchant_html`]) above the catalog line.
pub fn catalog_header(welcome_html: Option<&str>, products: usize) -> String {
    let mut s = String::new();
    if let Some(w) = welcome_html {
        s.push_str(w);
        s.push_str("\n\n");
    }
    s.push_str(catalog_tail(products));
    s
}

/// What follows the /paysupport text: how to ask for a refund.
pub fn paysupport_tail(window_days: i64) -> String {
    plain(&refund_how_to(window_days))
}

/// The /paysupport answer: the merchant's text (HTML) and how refunds are asked for.
pub fn paysupport(body_html: &str, window_days: i64) -> String {
    format!("{body_html}\n\n{}", paysupport_tail(window_days))
}

pub fn plan_button(title: &str, price: i64) -> String {
    format!("{title} · {} / 30 days", stars(price))
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
    if p.kind == Kind::Channel {
        s.push_str(&format!(
            "\nAccess to <b>{}</b> for good: pay once, join with an invite link made for you.\n",
            escape(p.channel_title.as_deref().unwrap_or("a private channel"))
        ));
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

/// The /terms message: the terms, the refund policy and the seller's details.
pub fn legal_block(
    terms_html: &str,
    refunds_html: &str,
    seller: &crate::legal::LegalDraft,
    version: i64,
) -> String {
    let mut s = format!("{terms_html}\n\n<b>Refunds</b>\n{refunds_html}");
    let details: Vec<&str> = [
        seller.seller_name.as_str(),
        seller.seller_contact.as_str(),
        seller.seller_address.as_str(),
    ]
    .into_iter()
    .filter(|d| !d.is_empty())
    .collect();
    if !details.is_empty() {
        s.push_str("\n\n<b>Seller</b>\n");
        s.push_str(&escape(&details.join("\n")));
    }
    s.push_str(&format!("\n\n<i>Terms version {version}</i>"));
    s
}

pub const TERMS_BUTTON: &str = "Terms";
pub const ACCEPT_BUTTON: &str = "✅ I accept the terms";
/// Above the terms when they must be accepted before a purchase.
pub const ACCEPT_FIRST: &str = "Before your purchase, please read and accept the terms:";
pub fn accepted(version: i64) -> String {
    format!("Thank you: you accepted the terms (version {version}). Here is your invoice.")
}

pub const TIP_BUTTON: &str = "Support us";
pub const TIP_OTHER: &str = "Other amount";
pub fn tip_menu() -> String {
    "<b>Support us</b>\nA tip in Stars helps this shop. Pick an amount, or tap Other amount and type yours.".into()
}
pub const TIP_ASK: &str = "How many Stars would you like to give? Type a number from 1 to 10,000.";
pub fn tip_description(amount: i64) -> String {
    format!("A tip of {} for the shop. Thank you!", stars(amount))
}
pub const TIPS_OFF: &str = "This shop does not take tips right now. See /shop for what it sells.";

/// Under a receipt.
pub const BUY_AGAIN: &str = "Buy again";
pub const SHARE: &str = "Share";
/// Under /purchases: a fresh invoice for a product bought before.
pub fn buy_again(title: &str) -> String {
    format!("Buy again: {title}")
}

/// "Customers also bought" under a receipt: the suggested product's button.
pub fn also_bought(title: &str, price: i64) -> String {
    format!("Customers also bought: {title} · {}", stars(price))
}

/// A `t.me/share/url` link to the product's deep link, with its title as the text.
pub fn share_url(bot_username: &str, product_id: i64, title: &str) -> String {
    let link = format!("https://t.me/{bot_username}?start=p_{product_id}");
    let mut url = reqwest::Url::parse("https://t.me/share/url").expect("a valid address");
    url.query_pairs_mut()
        .append_pair("url", &link)
        .append_pair("text", title);
    url.to_string()
}

/// The line that takes an expired invoice's place in the chat.
pub fn invoice_expired(title: &str, price: i64) -> String {
    format!(
        "The invoice for <b>{}</b> ({}) has expired.",
        escape(title),
        stars(price)
    )
}

/// Asked once, with the first expired invoice's line.
pub const REMINDERS_QUESTION: &str = "Shall I remind you once, later, when a payment is left unfinished? /reminders changes this any time.";
pub const REMINDERS_YES: &str = "Yes, remind me";
pub const REMINDERS_NO: &str = "No, thanks";
pub const REMINDERS_ON: &str = "Reminders are on: when a payment is left unfinished, I remind you once, a while later. /reminders turns them off, /stop turns off every message that is not an answer.";
pub const REMINDERS_OFF: &str =
    "Reminders are off: I will not remind you about unfinished payments. /reminders turns them on.";
pub const STOPPED: &str = "Done: from now on I only answer you, and send nothing on my own (no reminders). /reminders turns reminders back on.";

/// A reminder about an invoice that expired unpaid.
pub fn reminder(title: &str, price: i64) -> String {
    format!(
        "You left <b>{}</b> unpaid. It is still here for {}: one tap for a fresh invoice.",
        escape(title),
        stars(price)
    )
}

/// The button under an expired invoice's line.
pub const BUY_FRESH: &str = "Buy again";

/// The line under an invoice's description: how long it stays valid, and until when (UTC:
/// the customer's time zone is not known).
pub fn invoice_valid(minutes: i64, until: i64) -> String {
    let at = chrono::DateTime::from_timestamp(until, 0)
        .map(|d| d.format("%H:%M UTC").to_string())
        .unwrap_or_default();
    let span = match minutes {
        m if m % 60 == 0 => format!("{} h", m / 60),
        m => format!("{m} min"),
    };
    format!("Valid for {span}, until {at}.")
}

/// A quantity on a card: "×5".
pub fn times(n: i64) -> String {
    format!("×{n}")
}
pub const ONE_AT_A_TIME: &str = "This product is sold one at a time.";
pub fn only_left(n: i64) -> String {
    format!("Only {n} left: pick a smaller amount.")
}
pub fn limit_left(n: i64) -> String {
    format!("You can buy {n} more of this product: pick a smaller amount.")
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

/// The codes of an order for several units, one per line.
pub fn goods_codes(order: &Order, codes: &[String]) -> String {
    let lines: Vec<String> = codes
        .iter()
        .map(|c| format!("<code>{}</code>", escape(c)))
        .collect();
    format!(
        "Your {} codes for <b>{}</b>:\n\n{}",
        codes.len(),
        escape(&order.product_title),
        lines.join("\n")
    )
}

pub fn goods_file_caption(order: &Order) -> String {
    format!("Your file: <b>{}</b>", escape(&order.product_title))
}

pub fn receipt(order: &Order) -> String {
    format!(
        "<b>Receipt</b> · Paid · order #{}\nProduct: {}\nPaid: {}\n\nYour purchases are always in /purchases. \
         Questions about this payment: /paysupport",
        order.id,
        escape(&order.product_title),
        stars(order.stars)
    )
}

/// The receipt, with what lowered the price: a promo code's discount, store credit.
pub fn receipt_priced(order: &Order, promo: Option<(&str, i64)>, credit: i64) -> String {
    let mut extra = String::new();
    if let Some((code, off)) = promo.filter(|(_, off)| *off > 0) {
        extra.push_str(&format!("\nPromo code {}: −{}", escape(code), stars(off)));
    }
    if credit > 0 {
        extra.push_str(&format!("\nStore credit used: {}", stars(credit)));
    }
    let receipt = receipt(order);
    match receipt.split_once("\n\n") {
        Some((head, tail)) if !extra.is_empty() => format!("{head}{extra}\n\n{tail}"),
        _ => receipt,
    }
}

/// Why an order could not be delivered, in the customer's words.
fn why_undelivered(reason: Option<&str>) -> &'static str {
    match reason.map(|r| r.trim_start_matches("not delivered: ")) {
        Some("out_of_stock") => "it sold out while you were paying",
        Some("limit_reached") => "you had reached the limit per customer for it",
        Some("already_paid") => "this invoice had been paid already",
        Some("unknown_product") => "it is no longer in the shop",
        Some("has_access") => "you had access to its channel already",
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

/// Under a channel-access order in /purchases.
pub fn invite_button(o: &Order) -> String {
    format!("New invite link #{}: {}", o.id, o.product_title)
}

pub fn channel_receipt(order: &Order, channel: &str) -> String {
    format!(
        "<b>Receipt</b> · Paid · order #{}\nProduct: {}\nPaid: {}\n\nAccess to <b>{}</b> is yours for \
         good. The button below lets one person in, you: a forwarded link does not work for anyone \
         else, and it expires in {} hours. Lost it? /purchases gives you a new one. Questions \
         about this payment: /paysupport",
        order.id,
        escape(&order.product_title),
        stars(order.stars),
        escape(channel),
        crate::subscriptions::INVITE_HOURS
    )
}

pub fn channel_new_invite(channel: &str) -> String {
    format!(
        "Here is a new invite link to <b>{}</b> (the old one no longer works). It lets one \
         person in: you.",
        escape(channel)
    )
}

pub fn channel_access_ended(channel: &str, order_id: i64) -> String {
    format!(
        "Order #{order_id} was refunded, so your access to <b>{}</b> has ended.",
        escape(channel)
    )
}

/// Said at pre-checkout (and for Buy) to a customer who has the channel already.
pub fn has_access(channel: &str) -> String {
    format!(
        "You already have access to {channel}: there is nothing to pay. Lost your invite link? \
         /purchases gives you a new one."
    )
}

pub const NOT_YOURS: &str = "That order is not in your purchases.";
pub const REFUNDED_NO_GOODS: &str = "That order was refunded, so there is nothing to deliver.";
pub const BLOCKED: &str =
    "Sorry, this account cannot buy in this shop. Use /paysupport if you think this is a mistake.";
pub const TRY_LATER: &str = "Something went wrong on our side. Please try again in a minute.";
/// Said once to a customer whose messages come faster than the bot answers them.
pub const TOO_FAST: &str = "Too many messages; wait a moment.";

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

// Subscription plans.

pub const PLAN_NOT_ON_SALE: &str = "This plan is not on sale any more. Here is what is: /shop";
pub const SUBSCRIPTION_OVER: &str =
    "That subscription has ended. Subscribe again from /shop to get access back.";
pub const RESUME_BUTTON: &str = "Resume my subscription";
pub const SUBSCRIBE_AGAIN_BUTTON: &str = "Subscribe again";
pub const NO_SUBSCRIPTIONS: &str = "You have no subscriptions. The plans on offer are in /shop.";

/// A day as customers read it: "21 Dec 2026" (UTC).
pub fn day(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .unwrap_or_default()
        .format("%-d %b %Y")
        .to_string()
}

pub fn join_button(channel: &str) -> String {
    format!("Join {channel}")
}

pub fn subscribe_button(price: i64) -> String {
    format!("Subscribe · {} / 30 days", stars(price))
}

/// The plan's card: what it is, what it costs, what it grants.
pub fn plan_card(title: &str, description: &str, price: i64, channels: &[String]) -> String {
    let mut s = format!(
        "<b>{}</b>\n{}\n\n{} every 30 days, renewed by Telegram until you cancel.",
        escape(title),
        escape(description),
        stars(price)
    );
    if !channels.is_empty() {
        let names: Vec<String> = channels.iter().map(|c| escape(c)).collect();
        s.push_str(&format!("\nGives access to: {}.", names.join(", ")));
    }
    s.push_str("\nCancel any time in /subscriptions; access lasts to the end of the paid period.");
    s
}

pub fn subscription_receipt(
    order: &Order,
    plan: &str,
    paid_until: i64,
    first: bool,
    benefit: Option<&str>,
) -> String {
    let mut s = String::new();
    if let Some(b) = benefit {
        s.push_str(&escape(b));
        s.push_str("\n\n");
    }
    if first {
        s.push_str(&format!(
            "<b>Receipt</b>\nOrder: #{}\nSubscription: {}\nPaid: {}\nPaid until: {}\n\n\
             Each button below lets one person in, you: a forwarded link does not work for \
             anyone else. Lost it? /subscriptions gives you a new one.",
            order.id,
            escape(plan),
            stars(order.stars),
            day(paid_until)
        ));
    } else {
        s.push_str(&format!(
            "<b>Renewed</b>: {} · {} · order #{}\nPaid until: {}",
            escape(plan),
            stars(order.stars),
            order.id,
            day(paid_until)
        ));
    }
    s
}

pub fn subscription_reminder(plan: &str, paid_until: i64, days: i64) -> String {
    let when = if days == 1 {
        "tomorrow".to_string()
    } else {
        format!("in {days} days")
    };
    format!(
        "Your subscription to <b>{}</b> ends {when}, on {}: you cancelled it, so it will not renew. \
         Resume it to keep your access.",
        escape(plan),
        day(paid_until)
    )
}

pub fn subscription_ended(plan: &str, refunded: bool) -> String {
    if refunded {
        format!(
            "Your subscription to <b>{}</b> has ended: its payment was refunded, so your access \
             was removed. You can subscribe again at any time.",
            escape(plan)
        )
    } else {
        format!(
            "Your subscription to <b>{}</b> has ended and your access was removed. You can \
             subscribe again at any time.",
            escape(plan)
        )
    }
}

pub fn access_back(plan: &str, until: i64) -> String {
    format!(
        "Your access to <b>{}</b> is back until {}. Use the button below to join again.",
        escape(plan),
        day(until)
    )
}

pub fn subscription_line(
    id: i64,
    plan: &str,
    status: &str,
    paid_until: i64,
    has_access: bool,
) -> String {
    let state = match (status, has_access) {
        ("active", true) => format!("renews on {}", day(paid_until)),
        ("cancelled", true) => format!("cancelled, access until {}", day(paid_until)),
        ("refunded", true) => format!("refunded, access until {}", day(paid_until)),
        _ => "ended".to_string(),
    };
    format!("#{id} <b>{}</b>: {state}", escape(plan))
}

pub fn subscription_cancelled(plan: &str, paid_until: i64) -> String {
    format!(
        "Renewal of <b>{}</b> cancelled: nothing more will be charged. Your access lasts until {}.",
        escape(plan),
        day(paid_until)
    )
}

pub fn subscription_resumed(plan: &str, paid_until: i64) -> String {
    format!(
        "<b>{}</b> will renew again on {}.",
        escape(plan),
        day(paid_until)
    )
}

pub const NOT_YOURS_SUBSCRIPTION: &str =
    "That subscription is not one of yours. See /subscriptions.";
pub const NEW_INVITES: &str =
    "Here is a new invite link (the old one no longer works). It lets one person in: you.";

// Promo codes and store credit.

/// A product's card at the customer's price: the old price struck through beside the one with
/// their promo code, and what their store credit leaves to pay.
pub fn priced_card(p: &Product, promo: Option<(&str, i64)>, credit: i64, to_pay: i64) -> String {
    let plain = format!("Price: <b>{}</b>", stars(p.price));
    let mut line = match promo {
        Some((code, promo_price)) => format!(
            "Price: <s>{}</s> <b>{}</b> with code <b>{}</b>",
            stars(p.price),
            stars(promo_price),
            escape(code)
        ),
        None => plain.clone(),
    };
    if credit > 0 {
        line.push_str(&format!(
            "\nYour store credit: −{} → you pay <b>{}</b>",
            stars(credit),
            stars(to_pay)
        ));
    }
    card(p).replacen(&plain, &line, 1)
}

/// Under a plan's card when the customer's promo code covers it: the price that renews.
pub fn plan_promo(code: &str, list: i64, price: i64) -> String {
    format!(
        "\n\nWith code <b>{}</b>: <s>{}</s> <b>{}</b> every 30 days, renewals included.",
        escape(code),
        stars(list),
        stars(price)
    )
}

/// Under a card whose per-customer limit the customer has reached: why there is no Buy.
pub fn limit_reached(limit: i64) -> String {
    let times = if limit == 1 {
        "once".to_string()
    } else {
        format!("{limit} times")
    };
    format!(
        "\n\nYou have bought this {times}, the most one customer can: it cannot be bought again. \
         See /purchases for what you have."
    )
}

pub fn buy_for(to_pay: i64) -> String {
    if to_pay == 0 {
        "Get it with store credit".into()
    } else {
        format!("Buy for {}", stars(to_pay))
    }
}

pub const HAVE_PROMO_BUTTON: &str = "Have a promo code?";
pub const DROP_PROMO_BUTTON: &str = "Remove the promo code";
pub const ASK_PROMO: &str =
    "Type your promo code as the next message (for example <code>WELCOME10</code>).";
pub const PROMO_HOW: &str =
    "Send <code>/promo CODE</code> with your code to use it on your next purchase.";

pub fn promo_applied(code: &str, words: &str) -> String {
    format!(
        "Promo code <b>{}</b> applied: {}. Prices in /shop show it; it is used when you pay.",
        escape(code),
        escape(words)
    )
}

pub fn promo_dropped(code: &str) -> String {
    format!(
        "Promo code <b>{}</b> removed: prices are back to normal.",
        escape(code)
    )
}

pub fn promo_current(code: &str, words: &str) -> String {
    format!(
        "You are using promo code <b>{}</b> ({}). {}",
        escape(code),
        escape(words),
        PROMO_HOW
    )
}

pub fn paid_with_credit(order: &Order) -> String {
    format!(
        "Order #{} is paid with your store credit: no Stars were charged.",
        order.id
    )
}

// Referrals.

/// `/referrals`: the link, the figures and the rules.
pub fn referrals(r: &crate::referrals::MyReferrals, link: &str) -> String {
    let t = &r.terms;
    let mut s = format!(
        "<b>Invite friends, earn store credit</b>\n\nYour link:\n{}\n\n\
         People invited: <b>{}</b> (bought: {})\n\
         Commission pending: <b>{}</b>\nAvailable: <b>{}</b>\nPaid out: <b>{}</b>",
        escape(link),
        r.invited,
        r.buyers,
        stars(r.pending),
        stars(r.available),
        stars(r.paid),
    );
    if r.available < 0 {
        s.push_str(
            "\n(Below zero: a refunded purchase took back a commission that was already paid out; \
             new commissions make up for it first.)",
        );
    }
    if r.credit > 0 {
        s.push_str(&format!(
            "\nStore credit to spend: <b>{}</b> (taken off your next purchases)",
            stars(r.credit)
        ));
    }
    if t.percent > 0 {
        s.push_str(&format!(
            "\n\n<b>How it works</b>\n\
             • Someone new opens the bot through your link: they are yours. The first link they used counts; \
             people who used the bot before and your own link don't.\n\
             • You earn {}% of what they pay (some items may have their own rate), for {} months.\n\
             • A commission is pending for {} days, then available. A refunded purchase takes its commission back.\n\
             • The shop pays out as store credit for your purchases here, or another way it tells you.",
            t.percent, t.months, t.hold_days
        ));
    } else {
        s.push_str(
            "\n\nThe shop pays no commission right now; your link still brings friends to it.",
        );
    }
    s
}

pub const SHARE_BUTTON: &str = "Share your link";

pub fn share_text() -> &'static str {
    "Have a look at this shop on Telegram:"
}

pub fn referred_welcome(referrer: &str) -> String {
    format!(
        "Welcome! You came through {}'s invitation.",
        escape(referrer)
    )
}

/// Told to a referrer when someone new arrives through their link.
pub fn friend_joined(name: &str, t: &crate::referrals::ReferralSettings) -> String {
    if t.percent > 0 {
        format!(
            "{} joined through your invite link. You earn {}% of what they pay for {} months: see /referrals.",
            escape(name),
            t.percent,
            t.months
        )
    } else {
        format!("{} joined through your invite link.", escape(name))
    }
}

pub const OWN_LINK: &str =
    "That is your own invite link: share it with friends. Your figures are in /referrals.";
