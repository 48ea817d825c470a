//! Everything the shop says to customers, in one place: the bot's answers and the deliveries'
//! messages, in the customer's language ([`Lang`]; the words are in `crates/core/locales/`).
//! Shop data is always HTML-escaped; the merchant's own bot texts (Settings) are Telegram HTML,
//! checked by [`html::check`] before they are saved.

pub mod html;
pub mod lang;

pub use lang::Lang;

use teloxide::utils::html::escape;

use crate::{
    catalog::{Kind, Product},
    orders::Order,
    tr,
};

/// A text's length as Telegram measures it: UTF-16 code units (an emoji is two).
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A command's line in the bot's menu (setMyCommands), by its name ("shop").
pub fn command_description(l: Lang, command: &str) -> String {
    lang::say(l, &format!("command-{command}"), None)
}

pub fn stars(n: i64) -> String {
    format!("{n} ⭐")
}

pub fn stock(l: Lang, p: &Product) -> String {
    match p.stock_left {
        None => tr!(l, "in-stock"),
        Some(0) => tr!(l, "sold-out-stock"),
        Some(n) => tr!(l, "stock-left", n = n),
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

/// A built-in bot text (welcome, terms, refunds, paysupport, help) in `l`: what the bot answers
/// when the merchant has written no text of their own.
pub fn default_text(l: Lang, key: &str) -> String {
    match key {
        "welcome" => tr!(l, "default-welcome"),
        "terms" => tr!(l, "default-terms"),
        "refunds" => tr!(l, "default-refunds"),
        "paysupport" => tr!(l, "default-paysupport"),
        _ => tr!(l, "default-help"),
    }
}

/// The thank-you for a tip when the merchant has not written one.
pub fn default_tip_thanks(l: Lang) -> String {
    tr!(l, "default-tip-thanks")
}

/// What follows the welcome text in the /start message (the catalog's buttons come with it).
pub fn catalog_tail(l: Lang, products: usize) -> String {
    if products == 0 {
        tr!(l, "catalog-empty")
    } else {
        tr!(l, "catalog-tap")
    }
}

/// The catalog message: the welcome text (HTML, see [`merchant_html`]) above the catalog line.
pub fn catalog_header(l: Lang, welcome_html: Option<&str>, products: usize) -> String {
    let mut s = String::new();
    if let Some(w) = welcome_html {
        s.push_str(w);
        s.push_str("\n\n");
    }
    s.push_str(&catalog_tail(l, products));
    s
}

/// What follows the /paysupport text: how to ask for a refund.
pub fn paysupport_tail(l: Lang, window_days: i64) -> String {
    plain(&refund_how_to(l, window_days))
}

/// The /paysupport answer: the merchant's text (HTML) and how refunds are asked for.
pub fn paysupport(l: Lang, body_html: &str, window_days: i64) -> String {
    format!("{body_html}\n\n{}", paysupport_tail(l, window_days))
}

pub fn plan_button(l: Lang, title: &str, price: i64) -> String {
    tr!(l, "plan-button", title = title, price = stars(price))
}

pub fn catalog_button(p: &Product) -> String {
    format!("{} · {}", p.title, stars(p.price))
}

pub fn card(l: Lang, p: &Product) -> String {
    let mut s = format!("<b>{}</b>\n", escape(&p.title));
    if !p.description.is_empty() {
        s.push_str(&escape(&p.description));
        s.push('\n');
    }
    if p.kind == Kind::Channel {
        let channel = match p.channel_title.as_deref() {
            Some(c) => escape(c),
            None => tr!(l, "card-channel-unnamed"),
        };
        s.push('\n');
        s.push_str(&tr!(l, "card-channel", channel = channel));
        s.push('\n');
    }
    s.push('\n');
    s.push_str(&card_price(l, p));
    s.push('\n');
    s.push_str(&stock(l, p));
    if let Some(limit) = p.per_customer_limit {
        s.push('\n');
        s.push_str(&tr!(l, "card-limit", limit = limit));
    }
    s
}

fn card_price(l: Lang, p: &Product) -> String {
    tr!(l, "card-price", price = stars(p.price))
}

/// The /terms message: the terms, the refund policy and the seller's details.
pub fn legal_block(
    l: Lang,
    terms_html: &str,
    refunds_html: &str,
    seller: &crate::legal::LegalDraft,
    version: i64,
) -> String {
    let mut s = format!(
        "{terms_html}\n\n<b>{}</b>\n{refunds_html}",
        tr!(l, "legal-refunds")
    );
    let details: Vec<&str> = [
        seller.seller_name.as_str(),
        seller.seller_contact.as_str(),
        seller.seller_address.as_str(),
    ]
    .into_iter()
    .filter(|d| !d.is_empty())
    .collect();
    if !details.is_empty() {
        s.push_str(&format!("\n\n<b>{}</b>\n", tr!(l, "legal-seller")));
        s.push_str(&escape(&details.join("\n")));
    }
    s.push_str(&format!(
        "\n\n<i>{}</i>",
        tr!(l, "legal-version", version = version)
    ));
    s
}

pub fn terms_button(l: Lang) -> String {
    tr!(l, "terms-button")
}
pub fn accept_button(l: Lang) -> String {
    tr!(l, "accept-button")
}
/// Above the terms when they must be accepted before a purchase.
pub fn accept_first(l: Lang) -> String {
    tr!(l, "accept-first")
}
pub fn accepted(l: Lang, version: i64) -> String {
    tr!(l, "accepted", version = version)
}

pub fn tip_button(l: Lang) -> String {
    tr!(l, "tip-button")
}
pub fn tip_other(l: Lang) -> String {
    tr!(l, "tip-other")
}
pub fn tip_menu(l: Lang) -> String {
    tr!(l, "tip-menu")
}
pub fn tip_ask(l: Lang) -> String {
    tr!(l, "tip-ask")
}
/// A typed tip that is not a whole number of Stars in range.
pub fn tip_wrong(l: Lang) -> String {
    tr!(l, "tip-wrong")
}
/// A tip's invoice: its title and description.
pub fn tip_title(l: Lang) -> String {
    tr!(l, "tip-title")
}
pub fn tip_description(l: Lang, amount: i64) -> String {
    tr!(l, "tip-description", stars = stars(amount))
}
pub fn tips_off(l: Lang) -> String {
    tr!(l, "tips-off")
}

/// Under a receipt.
pub fn buy_again_button(l: Lang) -> String {
    tr!(l, "buy-again")
}
pub fn share(l: Lang) -> String {
    tr!(l, "share")
}
/// Under /purchases: a fresh invoice for a product bought before.
pub fn buy_again(l: Lang, title: &str) -> String {
    tr!(l, "buy-again-title", title = title)
}

/// "Customers also bought" under a receipt: the suggested product's button.
pub fn also_bought(l: Lang, title: &str, price: i64) -> String {
    tr!(l, "also-bought", title = title, price = stars(price))
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
pub fn invoice_expired(l: Lang, title: &str, price: i64) -> String {
    tr!(
        l,
        "invoice-expired",
        title = escape(title),
        price = stars(price)
    )
}

/// Asked once, with the first expired invoice's line.
pub fn reminders_question(l: Lang) -> String {
    tr!(l, "reminders-question")
}
pub fn reminders_yes(l: Lang) -> String {
    tr!(l, "reminders-yes")
}
pub fn reminders_no(l: Lang) -> String {
    tr!(l, "reminders-no")
}
pub fn reminders_on(l: Lang) -> String {
    tr!(l, "reminders-on")
}
pub fn reminders_off(l: Lang) -> String {
    tr!(l, "reminders-off")
}
pub fn stopped(l: Lang) -> String {
    tr!(l, "stopped")
}

/// A reminder about an invoice that expired unpaid.
pub fn reminder(l: Lang, title: &str, price: i64) -> String {
    tr!(l, "reminder", title = escape(title), price = stars(price))
}

/// The button under an expired invoice's line.
pub fn buy_fresh(l: Lang) -> String {
    tr!(l, "buy-fresh")
}

/// The line under an invoice's description: how long it stays valid, and until when (UTC:
/// the customer's time zone is not known).
pub fn invoice_valid(l: Lang, minutes: i64, until: i64) -> String {
    let at = chrono::DateTime::from_timestamp(until, 0)
        .map(|d| d.format("%H:%M UTC").to_string())
        .unwrap_or_default();
    if minutes % 60 == 0 {
        tr!(l, "invoice-valid-hours", hours = minutes / 60, until = at)
    } else {
        tr!(l, "invoice-valid-minutes", minutes = minutes, until = at)
    }
}

/// A quantity on a card: "×5".
pub fn times(n: i64) -> String {
    format!("×{n}")
}
pub fn one_at_a_time(l: Lang) -> String {
    tr!(l, "one-at-a-time")
}
pub fn only_left(l: Lang, n: i64) -> String {
    tr!(l, "only-left", n = n)
}
pub fn limit_left(l: Lang, n: i64) -> String {
    tr!(l, "limit-left", n = n)
}

pub fn not_on_sale(l: Lang) -> String {
    tr!(l, "not-on-sale")
}
pub fn sold_out(l: Lang) -> String {
    tr!(l, "sold-out")
}

pub fn goods_text(l: Lang, order: &Order, content: &str) -> String {
    tr!(
        l,
        "goods-text",
        title = escape(&order.product_title),
        content = escape(content)
    )
}

pub fn goods_code(l: Lang, order: &Order, code: &str) -> String {
    tr!(
        l,
        "goods-code",
        title = escape(&order.product_title),
        code = escape(code)
    )
}

/// The codes of an order for several units, one per line.
pub fn goods_codes(l: Lang, order: &Order, codes: &[String]) -> String {
    let lines: Vec<String> = codes
        .iter()
        .map(|c| format!("<code>{}</code>", escape(c)))
        .collect();
    tr!(
        l,
        "goods-codes",
        n = codes.len() as i64,
        title = escape(&order.product_title),
        codes = lines.join("\n")
    )
}

pub fn goods_file_caption(l: Lang, order: &Order) -> String {
    tr!(l, "goods-file", title = escape(&order.product_title))
}

fn receipt_head(l: Lang, order: &Order) -> String {
    tr!(
        l,
        "receipt-head",
        id = order.id,
        title = escape(&order.product_title),
        price = stars(order.stars)
    )
}

/// The receipt, with what lowered the price: a promo code's discount, store credit.
pub fn receipt_priced(l: Lang, order: &Order, promo: Option<(&str, i64)>, credit: i64) -> String {
    let mut s = receipt_head(l, order);
    if let Some((code, off)) = promo.filter(|(_, off)| *off > 0) {
        s.push('\n');
        s.push_str(&tr!(
            l,
            "receipt-promo",
            code = escape(code),
            off = stars(off)
        ));
    }
    if credit > 0 {
        s.push('\n');
        s.push_str(&tr!(l, "receipt-credit", credit = stars(credit)));
    }
    s.push_str("\n\n");
    s.push_str(&tr!(l, "receipt-tail"));
    s
}

/// Why an order could not be delivered, in the customer's words.
fn why_undelivered(l: Lang, reason: Option<&str>) -> String {
    match reason.map(|r| r.trim_start_matches("not delivered: ")) {
        Some("out_of_stock") => tr!(l, "undelivered-out-of-stock"),
        Some("limit_reached") => tr!(l, "undelivered-limit"),
        Some("already_paid") => tr!(l, "undelivered-already-paid"),
        Some("unknown_product") => tr!(l, "undelivered-unknown"),
        Some("has_access") => tr!(l, "undelivered-has-access"),
        _ => tr!(l, "undelivered-other"),
    }
}

pub fn apology(l: Lang, order: &Order) -> String {
    tr!(
        l,
        "apology",
        title = escape(&order.product_title),
        why = why_undelivered(l, order.refund_reason.as_deref()),
        price = stars(order.stars),
        id = order.id
    )
}

pub fn refunded(l: Lang, order: &Order) -> String {
    tr!(
        l,
        "refunded",
        id = order.id,
        title = escape(&order.product_title),
        price = stars(order.stars)
    )
}

pub fn purchases(l: Lang, orders: &[Order]) -> String {
    if orders.is_empty() {
        return tr!(l, "purchases-none");
    }
    let mut s = tr!(l, "purchases-title");
    s.push('\n');
    for o in orders {
        let state = match o.status {
            crate::orders::Status::Refunded => format!(" · {}", tr!(l, "purchases-refunded")),
            crate::orders::Status::Paid | crate::orders::Status::Failed => {
                format!(" · {}", tr!(l, "purchases-delivering"))
            }
            crate::orders::Status::Delivered => String::new(),
        };
        s.push_str(&format!(
            "\n#{} · {} · {} · {}{}",
            o.id,
            escape(&o.product_title),
            stars(o.stars),
            day(l, o.created_at),
            state
        ));
    }
    s.push_str("\n\n");
    s.push_str(&tr!(l, "purchases-tap"));
    s
}

pub fn again_button(l: Lang, o: &Order) -> String {
    tr!(
        l,
        "again-button",
        id = o.id,
        title = o.product_title.as_str()
    )
}

/// Under a channel-access order in /purchases.
pub fn invite_button(l: Lang, o: &Order) -> String {
    tr!(
        l,
        "invite-button",
        id = o.id,
        title = o.product_title.as_str()
    )
}

pub fn channel_receipt(l: Lang, order: &Order, channel: &str) -> String {
    format!(
        "{}\n\n{}",
        receipt_head(l, order),
        tr!(
            l,
            "channel-receipt-tail",
            channel = escape(channel),
            hours = crate::subscriptions::INVITE_HOURS
        )
    )
}

pub fn channel_new_invite(l: Lang, channel: &str) -> String {
    tr!(l, "channel-new-invite", channel = escape(channel))
}

pub fn channel_access_ended(l: Lang, channel: &str, order_id: i64) -> String {
    tr!(
        l,
        "channel-access-ended",
        id = order_id,
        channel = escape(channel)
    )
}

/// Said at pre-checkout (and for Buy) to a customer who has the channel already.
pub fn has_access(l: Lang, channel: &str) -> String {
    tr!(l, "has-access", channel = channel)
}

pub fn not_yours(l: Lang) -> String {
    tr!(l, "not-yours")
}
pub fn refunded_no_goods(l: Lang) -> String {
    tr!(l, "refunded-no-goods")
}
pub fn blocked(l: Lang) -> String {
    tr!(l, "blocked")
}
pub fn try_later(l: Lang) -> String {
    tr!(l, "try-later")
}
/// Said once to a customer whose messages come faster than the bot answers them.
pub fn too_fast(l: Lang) -> String {
    tr!(l, "too-fast")
}
pub fn nothing_to_cancel(l: Lang) -> String {
    tr!(l, "nothing-to-cancel")
}

// Refund requests and the support inbox. These are plain text (kept as written in the support
// inbox); they are escaped when sent.

pub fn ask_refund_button(l: Lang, o: &Order) -> String {
    tr!(l, "ask-refund-button", id = o.id)
}

pub fn ask_refund_reason(l: Lang, o: &Order) -> String {
    tr!(
        l,
        "ask-refund-reason",
        id = o.id,
        title = o.product_title.as_str(),
        price = stars(o.stars)
    )
}

pub fn request_received(l: Lang, id: i64, order_id: i64) -> String {
    tr!(l, "request-received", request = id, id = order_id)
}

pub fn request_approved(l: Lang, id: i64, order: &Order) -> String {
    tr!(
        l,
        "request-approved",
        request = id,
        price = stars(order.stars),
        id = order.id,
        title = order.product_title.as_str()
    )
}

pub fn request_declined(l: Lang, id: i64, order_id: i64, message: &str) -> String {
    tr!(
        l,
        "request-declined",
        request = id,
        id = order_id,
        message = message
    )
}

pub fn support_ack(l: Lang) -> String {
    tr!(l, "support-ack")
}

pub fn refund_cancelled(l: Lang) -> String {
    tr!(l, "refund-cancelled")
}

/// The two lines under /paysupport that say how to ask for a refund.
pub fn refund_how_to(l: Lang, window_days: i64) -> String {
    tr!(l, "refund-how-to", days = window_days)
}

// Subscription plans.

pub fn plan_not_on_sale(l: Lang) -> String {
    tr!(l, "plan-not-on-sale")
}
pub fn subscription_over(l: Lang) -> String {
    tr!(l, "subscription-over")
}
pub fn resume_button(l: Lang) -> String {
    tr!(l, "resume-button")
}
pub fn subscribe_again_button(l: Lang) -> String {
    tr!(l, "subscribe-again-button")
}
pub fn no_subscriptions(l: Lang) -> String {
    tr!(l, "no-subscriptions")
}

/// A day as customers read it: "21 Dec 2026" (UTC), "21. Dez. 2026", "21 дек. 2026 г.".
pub fn day(l: Lang, at: i64) -> String {
    use chrono::Datelike;
    let d = chrono::DateTime::from_timestamp(at, 0).unwrap_or_default();
    tr!(
        l,
        "day",
        d = d.day() as i64,
        month = tr!(l, "month-short", month = d.month() as i64),
        year = d.year() as i64
    )
}

pub fn join_button(l: Lang, channel: &str) -> String {
    tr!(l, "join-button", channel = channel)
}

pub fn subscribe_button(l: Lang, price: i64) -> String {
    tr!(l, "subscribe-button", price = stars(price))
}

/// The plan's card: what it is, what it costs, what it grants.
pub fn plan_card(
    l: Lang,
    title: &str,
    description: &str,
    price: i64,
    channels: &[String],
) -> String {
    let mut s = tr!(
        l,
        "plan-card",
        title = escape(title),
        description = escape(description),
        price = stars(price)
    );
    if !channels.is_empty() {
        let names: Vec<String> = channels.iter().map(|c| escape(c)).collect();
        s.push('\n');
        s.push_str(&tr!(l, "plan-card-access", channels = names.join(", ")));
    }
    s.push('\n');
    s.push_str(&tr!(l, "plan-card-cancel"));
    s
}

pub fn subscription_receipt(
    l: Lang,
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
    let until = day(l, paid_until);
    let id = order.id;
    let plan = escape(plan);
    let price = stars(order.stars);
    s.push_str(&if first {
        tr!(
            l,
            "subscription-receipt",
            id = id,
            plan = plan,
            price = price,
            until = until
        )
    } else {
        tr!(
            l,
            "subscription-renewed",
            id = id,
            plan = plan,
            price = price,
            until = until
        )
    });
    s
}

pub fn subscription_reminder(l: Lang, plan: &str, paid_until: i64, days: i64) -> String {
    tr!(
        l,
        "subscription-reminder",
        days = days,
        plan = escape(plan),
        until = day(l, paid_until)
    )
}

pub fn subscription_ended(l: Lang, plan: &str, refunded: bool) -> String {
    if refunded {
        tr!(l, "subscription-ended-refunded", plan = escape(plan))
    } else {
        tr!(l, "subscription-ended", plan = escape(plan))
    }
}

pub fn access_back(l: Lang, plan: &str, until: i64) -> String {
    tr!(l, "access-back", plan = escape(plan), until = day(l, until))
}

pub fn subscription_line(
    l: Lang,
    id: i64,
    plan: &str,
    status: &str,
    paid_until: i64,
    has_access: bool,
) -> String {
    let until = day(l, paid_until);
    let state = match (status, has_access) {
        ("active", true) => tr!(l, "subscription-renews", until = until),
        ("cancelled", true) => tr!(l, "subscription-cancelled-until", until = until),
        ("refunded", true) => tr!(l, "subscription-refunded-until", until = until),
        _ => tr!(l, "subscription-ended-state"),
    };
    format!("#{id} <b>{}</b>: {state}", escape(plan))
}

pub fn subscription_cancelled(l: Lang, plan: &str, paid_until: i64) -> String {
    tr!(
        l,
        "subscription-cancelled",
        plan = escape(plan),
        until = day(l, paid_until)
    )
}

pub fn subscription_resumed(l: Lang, plan: &str, paid_until: i64) -> String {
    tr!(
        l,
        "subscription-resumed",
        plan = escape(plan),
        until = day(l, paid_until)
    )
}

pub fn not_yours_subscription(l: Lang) -> String {
    tr!(l, "not-yours-subscription")
}
pub fn new_invites(l: Lang) -> String {
    tr!(l, "new-invites")
}
pub fn subscriptions_title(l: Lang) -> String {
    tr!(l, "subscriptions-title")
}
pub fn back_to_catalog(l: Lang) -> String {
    tr!(l, "back-to-catalog")
}
pub fn someone(l: Lang) -> String {
    tr!(l, "someone")
}
pub fn cancel_renewal_button(l: Lang, id: i64) -> String {
    tr!(l, "cancel-renewal-button", id = id)
}
pub fn resume_id_button(l: Lang, id: i64) -> String {
    tr!(l, "resume-id-button", id = id)
}
pub fn new_invite_id_button(l: Lang, id: i64) -> String {
    tr!(l, "new-invite-id-button", id = id)
}

// Promo codes and store credit.

/// A product's card at the customer's price: the old price struck through beside the one with
/// their promo code, and what their store credit leaves to pay.
pub fn priced_card(
    l: Lang,
    p: &Product,
    promo: Option<(&str, i64)>,
    credit: i64,
    to_pay: i64,
) -> String {
    let plain = card_price(l, p);
    let mut line = match promo {
        Some((code, promo_price)) => tr!(
            l,
            "card-promo-price",
            list = stars(p.price),
            price = stars(promo_price),
            code = escape(code)
        ),
        None => plain.clone(),
    };
    if credit > 0 {
        line.push('\n');
        line.push_str(&tr!(
            l,
            "card-credit",
            credit = stars(credit),
            to_pay = stars(to_pay)
        ));
    }
    card(l, p).replacen(&plain, &line, 1)
}

/// Under a plan's card when the customer's promo code covers it: the price that renews.
pub fn plan_promo(l: Lang, code: &str, list: i64, price: i64) -> String {
    format!(
        "\n\n{}",
        tr!(
            l,
            "plan-promo",
            code = escape(code),
            list = stars(list),
            price = stars(price)
        )
    )
}

/// Under a card whose per-customer limit the customer has reached: why there is no Buy.
pub fn limit_reached(l: Lang, limit: i64) -> String {
    format!("\n\n{}", tr!(l, "limit-reached", limit = limit))
}

pub fn buy_for(l: Lang, to_pay: i64) -> String {
    if to_pay == 0 {
        tr!(l, "buy-with-credit")
    } else {
        tr!(l, "buy-for", price = stars(to_pay))
    }
}

pub fn have_promo_button(l: Lang) -> String {
    tr!(l, "have-promo-button")
}
pub fn drop_promo_button(l: Lang) -> String {
    tr!(l, "drop-promo-button")
}
pub fn ask_promo(l: Lang) -> String {
    tr!(l, "ask-promo")
}
pub fn promo_how(l: Lang) -> String {
    tr!(l, "promo-how")
}

pub fn promo_applied(l: Lang, code: &str, words: &str) -> String {
    tr!(
        l,
        "promo-applied",
        code = escape(code),
        words = escape(words)
    )
}

pub fn promo_dropped(l: Lang, code: &str) -> String {
    tr!(l, "promo-dropped", code = escape(code))
}

pub fn promo_current(l: Lang, code: &str, words: &str) -> String {
    format!(
        "{} {}",
        tr!(
            l,
            "promo-current",
            code = escape(code),
            words = escape(words)
        ),
        promo_how(l)
    )
}

pub fn paid_with_credit(l: Lang, order: &Order) -> String {
    tr!(l, "paid-with-credit", id = order.id)
}

// Referrals.

/// `/referrals`: the link, the figures and the rules.
pub fn referrals(l: Lang, r: &crate::referrals::MyReferrals, link: &str) -> String {
    let t = &r.terms;
    let mut s = tr!(
        l,
        "referrals-head",
        link = escape(link),
        invited = r.invited,
        buyers = r.buyers,
        pending = stars(r.pending),
        available = stars(r.available),
        paid = stars(r.paid)
    );
    if r.available < 0 {
        s.push('\n');
        s.push_str(&tr!(l, "referrals-negative"));
    }
    if r.credit > 0 {
        s.push('\n');
        s.push_str(&tr!(l, "referrals-credit", credit = stars(r.credit)));
    }
    s.push_str("\n\n");
    if t.percent > 0 {
        s.push_str(&tr!(
            l,
            "referrals-how",
            percent = t.percent,
            months = t.months,
            days = t.hold_days
        ));
    } else {
        s.push_str(&tr!(l, "referrals-none"));
    }
    s
}

pub fn share_button(l: Lang) -> String {
    tr!(l, "share-link-button")
}

pub fn share_text(l: Lang) -> String {
    tr!(l, "share-text")
}

pub fn referred_welcome(l: Lang, referrer: &str) -> String {
    tr!(l, "referred-welcome", name = escape(referrer))
}

/// Told to a referrer when someone new arrives through their link.
pub fn friend_joined(l: Lang, name: &str, t: &crate::referrals::ReferralSettings) -> String {
    if t.percent > 0 {
        tr!(
            l,
            "friend-joined-paid",
            name = escape(name),
            percent = t.percent,
            months = t.months
        )
    } else {
        tr!(l, "friend-joined", name = escape(name))
    }
}

pub fn own_link(l: Lang) -> String {
    tr!(l, "own-link")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_formats_in_every_language() {
        // A date, a plural and the texts with most values, in each language: no message is
        // missing its values, none falls back to its id.
        for l in Lang::ALL {
            assert!(!day(l, 1_795_000_000).contains("day"), "{l}");
            for n in [1, 2, 5, 21] {
                assert!(!limit_reached(l, n).is_empty());
                assert!(!subscription_reminder(l, "Pro", 1_795_000_000, n).contains('{'));
            }
        }
        assert_eq!(day(Lang::En, 1_795_000_000), "18 Nov 2026");
    }
}
