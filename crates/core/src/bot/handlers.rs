//! The bot's handlers: small functions behind `schema()`.

use serde_json::{Value, json};
use teloxide::{
    prelude::*,
    types::{
        CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, PreCheckoutQuery,
        RefundedPayment, SuccessfulPayment,
    },
};

use crate::{
    bot::{Api, Callback, Command, answer},
    catalog, channel_access,
    customers::{self, Seen},
    db::invoices::NewInvoice,
    deliveries,
    error::Error,
    inbox::Ticket,
    invoices, legal,
    orders::{self, Status},
    pacer::Priority,
    payments::{self, Payment, PreCheckout},
    promos,
    referrals::{self, Arrival},
    refunds::{self, Who},
    reminders,
    reports::{self, Step},
    requests, settings,
    shop::Shop,
    subscriptions::{self, SubStatus},
    support,
    telegram::{Caller, Endpoint, SendError, Telegram},
    texts::{self, Lang},
    tips,
};

type HandlerResult = anyhow::Result<()>;

/// The customer's language, as Telegram gives it with each update.
fn lang(user: &teloxide::types::User) -> Lang {
    Lang::of(user.language_code.as_deref())
}

fn seen(user: &teloxide::types::User) -> Seen<'_> {
    Seen {
        id: user.id.0 as i64,
        first_name: &user.first_name,
        username: user.username.as_deref(),
        language_code: user.language_code.as_deref(),
    }
}

/// An answer to the customer's own tap or command: it goes with the deliveries, first.
async fn say(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    html: String,
    keyboard: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    say_at(Priority::Delivery, bot, shop, chat, html, keyboard).await
}

/// A message that takes its turn in the shop's pacer at `priority`.
async fn say_at(
    priority: Priority,
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    html: String,
    keyboard: Option<InlineKeyboardMarkup>,
) -> HandlerResult {
    let mut params = json!({ "chat_id": chat.0, "text": html, "parse_mode": "HTML" });
    if let Some(k) = keyboard {
        params["reply_markup"] = serde_json::to_value(k)?;
    }
    call(priority, bot, shop, "sendMessage", params).await?;
    Ok(())
}

/// A Bot API call from a handler, as the services make theirs: a message in its turn in the
/// shop's pacer, a server fault or a lost answer tried again after a short pause.
async fn call(
    priority: Priority,
    bot: &Bot,
    shop: &Shop,
    method: &'static str,
    params: Value,
) -> Result<Value, SendError> {
    let endpoint = Endpoint::of(bot);
    let caller = Caller {
        endpoint: &endpoint,
        pacer: &shop.pacer,
        retry: shop.retry,
    };
    caller.call(priority, method, &params).await
}

pub async fn command(
    bot: Bot,
    msg: Message,
    cmd: Command,
    shop: Shop,
    api: Api,
    me: teloxide::types::Me,
    _t: Ticket,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let customer = user.id.0 as i64;
    let l = lang(user);
    // A referral counts for a customer the bot had not seen before this message.
    let was_new = match &cmd {
        Command::Start(arg) if arg.trim().starts_with("r_") => {
            crate::db::customers::get(&shop.store.write, customer)
                .await?
                .is_none()
        }
        _ => false,
    };
    shop.recently_seen.note(&shop.store, &seen(user)).await?;
    let chat = msg.chat.id;
    match cmd {
        Command::Start(arg) => {
            let arg = arg.trim();
            if let Some(id) = arg.strip_prefix("p_").and_then(|s| s.parse::<i64>().ok()) {
                return show_card(&bot, &shop, chat, customer, id, l).await;
            }
            if let Some(code) = arg.strip_prefix("r_") {
                return referral_start(&bot, &shop, chat, customer, code, was_new, l).await;
            }
            if let Some(code) = arg.strip_prefix("promo_") {
                use_promo(&bot, &shop, chat, customer, code, l).await?;
                return show_catalog(&bot, &shop, chat, false, l).await;
            }
            if let Some(id) = arg
                .strip_prefix("plan_")
                .and_then(|s| s.parse::<i64>().ok())
            {
                return show_plan(&bot, &shop, api.as_ref(), chat, id, l).await;
            }
            show_catalog(&bot, &shop, chat, true, l).await
        }
        Command::Shop => show_catalog(&bot, &shop, chat, false, l).await,
        Command::Purchases => show_purchases(&bot, &shop, chat, user.id.0 as i64, l).await,
        Command::Paysupport => {
            let body = settings::text(&shop.store.read, "paysupport", l).await?;
            let policy = refunds::policy::get(&shop.store).await?;
            let html = texts::paysupport(l, &texts::merchant_html(&body), policy.window_days);
            say(&bot, &shop, chat, html, None).await
        }
        Command::Cancel => {
            let customer = user.id.0 as i64;
            let waiting = support::awaiting_reason(&shop.store.read, customer).await?;
            support::await_reason(&shop.store, customer, None).await?;
            let text = if waiting.is_some() {
                texts::refund_cancelled(l)
            } else {
                texts::nothing_to_cancel(l)
            };
            say(&bot, &shop, chat, text, None).await
        }
        Command::Subscriptions => show_subscriptions(&bot, &shop, chat, user.id.0 as i64, l).await,
        Command::Terms => show_terms(&bot, &shop, chat, l).await,
        Command::Help => {
            let body = settings::text(&shop.store.read, "help", l).await?;
            let terms = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
                texts::terms_button(l),
                Callback::Terms.to_string(),
            )]]);
            say(&bot, &shop, chat, texts::merchant_html(&body), Some(terms)).await
        }
        Command::Referrals => show_referrals(&bot, &shop, chat, customer, &me, l).await,
        Command::Promo(code) if code.trim().is_empty() => {
            let mut conn = shop.store.read.acquire().await?;
            let text = match promos::applied(&mut conn, customer, None).await? {
                Some(p) => texts::promo_current(l, &p.code, &p.words_in(l)),
                None => texts::promo_how(l),
            };
            say(&bot, &shop, chat, text, None).await
        }
        Command::Promo(code) => use_promo(&bot, &shop, chat, customer, &code, l).await,
        Command::Reminders => {
            let on = reminders::toggle(&shop.store, customer).await?;
            let words = if on {
                texts::reminders_on(l)
            } else {
                texts::reminders_off(l)
            };
            say(&bot, &shop, chat, texts::plain(&words), None).await
        }
        Command::Tip => show_tips(&bot, &shop, chat, l).await,
        Command::Stop => {
            reminders::stop(&shop.store, customer).await?;
            say(&bot, &shop, chat, texts::plain(&texts::stopped(l)), None).await
        }
    }
}

/// `/start r_<code>`: a new customer belongs to the link's owner; the catalog follows.
async fn referral_start(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    customer: i64,
    code: &str,
    was_new: bool,
    l: Lang,
) -> HandlerResult {
    match referrals::arrive(&shop.store, customer, code, was_new).await? {
        Arrival::Referred {
            referrer_id,
            referrer_name,
        } => {
            say(
                bot,
                shop,
                chat,
                texts::referred_welcome(l, &referrer_name),
                None,
            )
            .await?;
            // The referrer hears of it; a failure to tell them changes nothing.
            // The referrer reads it in their own language.
            let theirs = customers::lang(&shop.store.read, referrer_id).await?;
            let name = crate::db::customers::get(&shop.store.read, customer)
                .await?
                .map_or_else(|| texts::someone(theirs), |c| c.first_name);
            let terms = referrals::get_settings(&shop.store).await?;
            let notice = texts::friend_joined(theirs, &name, &terms);
            let to = ChatId(referrer_id);
            if let Err(e) = say_at(Priority::Notice, bot, shop, to, notice, None).await {
                tracing::warn!(error = %e, "the referrer was not told");
            }
        }
        Arrival::Own => return say(bot, shop, chat, texts::own_link(l), None).await,
        Arrival::UnknownCode | Arrival::Existing | Arrival::Taken => {}
    }
    show_catalog(bot, shop, chat, true, l).await
}

/// A promo code typed by the customer: applied for their next invoices, or why not.
async fn use_promo(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    customer: i64,
    code: &str,
    l: Lang,
) -> HandlerResult {
    let text = match promos::apply(&shop.store, customer, code).await? {
        Ok(p) => texts::promo_applied(l, &p.code, &p.words_in(l)),
        Err(refusal) => texts::plain(&refusal.message(l)),
    };
    say(bot, shop, chat, text, None).await
}

/// `/referrals`: the customer's link with a Share button, their figures and the rules.
async fn show_referrals(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    customer: i64,
    me: &teloxide::types::Me,
    l: Lang,
) -> HandlerResult {
    let now = shop.clock.now().await;
    let mine = referrals::mine(&shop.store, customer, now).await?;
    let link = referrals::link(me.username(), &mine.code);
    let mut share = reqwest::Url::parse("https://t.me/share/url")?;
    share
        .query_pairs_mut()
        .append_pair("url", &link)
        .append_pair("text", &texts::share_text(l));
    let keyboard = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::url(
        texts::share_button(l),
        share,
    )]]);
    say(
        bot,
        shop,
        chat,
        texts::referrals(l, &mine, &link),
        Some(keyboard),
    )
    .await
}

/// "Support us": the preset amounts and Other amount, when the shop takes tips.
async fn show_tips(bot: &Bot, shop: &Shop, chat: ChatId, l: Lang) -> HandlerResult {
    let s = tips::settings(&shop.store, l).await?;
    if !s.enabled {
        return say(bot, shop, chat, texts::tips_off(l), None).await;
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = s
        .presets
        .chunks(4)
        .map(|amounts| {
            amounts
                .iter()
                .map(|&a| {
                    InlineKeyboardButton::callback(texts::stars(a), Callback::Tip(a).to_string())
                })
                .collect()
        })
        .collect();
    rows.push(vec![InlineKeyboardButton::callback(
        texts::tip_other(l),
        Callback::Tip(0).to_string(),
    )]);
    say(
        bot,
        shop,
        chat,
        texts::tip_menu(l),
        Some(InlineKeyboardMarkup::new(rows)),
    )
    .await
}

/// A tip's invoice, for an amount the shop offers or the customer typed.
async fn send_tip_invoice(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    customer: i64,
    amount: i64,
    l: Lang,
) -> HandlerResult {
    if !tips::settings(&shop.store, l).await?.enabled {
        return say(bot, shop, chat, texts::tips_off(l), None).await;
    }
    call(
        Priority::Delivery,
        bot,
        shop,
        "sendInvoice",
        tips::invoice(shop, chat.0, customer, amount, l),
    )
    .await?;
    Ok(())
}

pub async fn tip_menu_button(bot: Bot, q: CallbackQuery, shop: Shop, _t: Ticket) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let outcome = show_tips(&bot, &shop, chat, l).await;
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// A preset amount (an invoice), or Other amount (0: the next message is the amount).
pub async fn tip_button(
    bot: Bot,
    q: CallbackQuery,
    amount: i64,
    shop: Shop,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let customer = q.from.id.0 as i64;
    let outcome = if amount == 0 {
        tips::ask_amount(&shop.store, customer).await?;
        say(&bot, &shop, chat, texts::tip_ask(l), None).await
    } else {
        send_tip_invoice(&bot, &shop, chat, customer, amount, l).await
    };
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// The terms, the refund policy and the seller, in one message.
async fn show_terms(bot: &Bot, shop: &Shop, chat: ChatId, l: Lang) -> HandlerResult {
    let body = legal::message(&shop.store, l).await?;
    say(bot, shop, chat, body, None).await
}

async fn show_catalog(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    welcome: bool,
    l: Lang,
) -> HandlerResult {
    let products = catalog::list(&shop.store.read, false).await?;
    let plans: Vec<_> = subscriptions::plans(&shop.store)
        .await?
        .into_iter()
        .filter(|p| p.active)
        .collect();
    let welcome = if welcome {
        Some(texts::merchant_html(
            &settings::text(&shop.store.read, "welcome", l).await?,
        ))
    } else {
        None
    };
    let mut rows: Vec<Vec<InlineKeyboardButton>> = products
        .iter()
        .map(|p| {
            vec![InlineKeyboardButton::callback(
                texts::catalog_button(p),
                Callback::Product(p.id).to_string(),
            )]
        })
        .collect();
    rows.extend(plans.iter().map(|p| {
        vec![InlineKeyboardButton::callback(
            texts::plan_button(l, &p.title, p.price),
            Callback::Plan(p.id).to_string(),
        )]
    }));
    if tips::settings(&shop.store, l).await?.enabled {
        rows.push(vec![InlineKeyboardButton::callback(
            texts::tip_button(l),
            Callback::TipMenu.to_string(),
        )]);
    }
    let keyboard = (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows));
    say(
        bot,
        shop,
        chat,
        texts::catalog_header(l, welcome.as_deref(), products.len() + plans.len()),
        keyboard,
    )
    .await
}

async fn show_card(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    customer: i64,
    product_id: i64,
    l: Lang,
) -> HandlerResult {
    match payments::shopper_view(shop, customer, product_id).await? {
        Some(view) if view.product.active => {
            let quote = view.quote(shop, view.product.price).await?;
            let (p, left) = (&view.product, view.left);
            let at_limit = limit_reached(p, left);
            let mut rows = Vec::new();
            if p.stock_left != Some(0) && at_limit.is_none() {
                rows.push(vec![InlineKeyboardButton::callback(
                    texts::buy_for(l, quote.to_pay),
                    Callback::Buy(p.id).to_string(),
                )]);
                let more = quantities(p, left);
                if !more.is_empty() {
                    rows.push(
                        more.into_iter()
                            .map(|n| {
                                InlineKeyboardButton::callback(
                                    texts::times(n),
                                    Callback::BuyQty(p.id, n).to_string(),
                                )
                            })
                            .collect(),
                    );
                }
            }
            rows.push(vec![if quote.promo.is_some() {
                InlineKeyboardButton::callback(
                    texts::drop_promo_button(l),
                    Callback::PromoDrop(p.id).to_string(),
                )
            } else {
                InlineKeyboardButton::callback(
                    texts::have_promo_button(l),
                    Callback::PromoAsk(p.id).to_string(),
                )
            }]);
            rows.push(vec![
                InlineKeyboardButton::callback(
                    texts::back_to_catalog(l),
                    Callback::Shop.to_string(),
                ),
                InlineKeyboardButton::callback(texts::terms_button(l), Callback::Terms.to_string()),
            ]);
            let promo = quote
                .promo
                .as_ref()
                .map(|pr| (pr.code.as_str(), quote.promo_price));
            let mut text = texts::priced_card(l, p, promo, quote.credit, quote.to_pay);
            if let Some(limit) = at_limit {
                text.push_str(&texts::limit_reached(l, limit));
            }
            say(bot, shop, chat, text, Some(InlineKeyboardMarkup::new(rows))).await?;
            funnel(shop, Step::View, (Some(p.id), None), customer).await;
            Ok(())
        }
        _ => say(bot, shop, chat, texts::not_on_sale(l), None).await,
    }
}

/// The product's per-customer limit when this customer has reached it (orders not refunded and
/// live holds): their card offers no Buy and no invoice is sent.
/// The product's limit when the customer has none of it left (`left`: see [`payments::ShopperView::left`]).
fn limit_reached(p: &catalog::Product, left: Option<i64>) -> Option<i64> {
    p.per_customer_limit.filter(|_| left == Some(0))
}

/// The quantities a code product's card offers beyond one: those in stock and within the
/// customer's limit (`left`: see [`payments::ShopperView::left`]).
fn quantities(p: &catalog::Product, left: Option<i64>) -> Vec<i64> {
    if p.kind != catalog::Kind::Code {
        return Vec::new();
    }
    QUANTITIES
        .into_iter()
        .filter(|&n| p.stock_left.is_none_or(|s| n <= s) && left.is_none_or(|l| n <= l))
        .collect()
}

/// The quick quantities on a code product's card, beside Buy (one).
const QUANTITIES: [i64; 3] = [3, 5, 10];

async fn show_purchases(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    customer: i64,
    l: Lang,
) -> HandlerResult {
    let list = orders::of_customer(&shop.store.read, customer, 20).await?;
    let policy = refunds::policy::get(&shop.store).await?;
    let open = requests::open_orders_of(&shop.store, customer).await?;
    let channel_orders = channel_access::orders_with_access(&shop.store, customer).await?;
    let mut rows: Vec<Vec<InlineKeyboardButton>> = list
        .iter()
        .filter(|o| o.status != Status::Refunded)
        .take(10)
        .map(|o| {
            // Channel access "again" is a new one-person link, the old one revoked.
            let label = if channel_orders.contains(&o.id) {
                texts::invite_button(l, o)
            } else {
                texts::again_button(l, o)
            };
            let mut row = vec![InlineKeyboardButton::callback(
                label,
                Callback::Again(o.id).to_string(),
            )];
            if requests::in_window(&policy, o, &open) {
                row.push(InlineKeyboardButton::callback(
                    texts::ask_refund_button(l, o),
                    Callback::Refund(o.id).to_string(),
                ));
            }
            row
        })
        .collect();
    // One tap to a fresh invoice for the products bought last (channel access is bought once).
    let mut again: Vec<(i64, &str)> = Vec::new();
    for o in &list {
        if let Some(p) = o.product_id
            && !channel_orders.contains(&o.id)
            && !again.iter().any(|(id, _)| *id == p)
            && again.len() < 3
        {
            again.push((p, &o.product_title));
        }
    }
    rows.extend(again.into_iter().map(|(id, title)| {
        vec![InlineKeyboardButton::callback(
            texts::buy_again(l, title),
            Callback::Rebuy(id).to_string(),
        )]
    }));
    let keyboard = (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows));
    say(bot, shop, chat, texts::purchases(l, &list), keyboard).await
}

/// Stops the button's spinner, with a short notice when there is one; whatever happened.
async fn answer(bot: &Bot, shop: &Shop, q: &CallbackQuery, notice: Option<String>) {
    let mut params = json!({ "callback_query_id": q.id.0 });
    if let Some(n) = notice {
        params["text"] = n.into();
    }
    let res = call(Priority::Delivery, bot, shop, "answerCallbackQuery", params).await;
    if let Err(e) = res {
        tracing::warn!(error = %e, "callback answer failed");
    }
}

/// The customer's private chat and language, noted as seen.
async fn pressed(shop: &Shop, q: &CallbackQuery) -> anyhow::Result<(ChatId, Lang)> {
    shop.recently_seen.note(&shop.store, &seen(&q.from)).await?;
    Ok((ChatId(q.from.id.0 as i64), lang(&q.from)))
}

pub async fn shop_button(bot: Bot, q: CallbackQuery, shop: Shop, _t: Ticket) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let outcome = show_catalog(&bot, &shop, chat, false, l).await;
    answer(&bot, &shop, &q, None).await;
    outcome
}

pub async fn product_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let outcome = show_card(&bot, &shop, chat, q.from.id.0 as i64, id, l).await;
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// "Have a promo code?": the customer's next message is taken as the code.
pub async fn promo_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    promos::ask(&shop.store, q.from.id.0 as i64, id).await?;
    let outcome = say(&bot, &shop, chat, texts::ask_promo(l), None).await;
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// The answer to "shall I remind you?" under an expired invoice's line.
pub async fn reminders_button(
    bot: Bot,
    q: CallbackQuery,
    on: bool,
    shop: Shop,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    reminders::set_consent(&shop.store, q.from.id.0 as i64, on).await?;
    let words = if on {
        texts::reminders_on(l)
    } else {
        texts::reminders_off(l)
    };
    let outcome = say(&bot, &shop, chat, texts::plain(&words), None).await;
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// "Remove the promo code": full prices again; the card shown again.
pub async fn promo_drop_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let customer = q.from.id.0 as i64;
    let mut conn = shop.store.read.acquire().await?;
    let current = promos::applied(&mut conn, customer, None).await?;
    drop(conn);
    promos::forget(&shop.store, customer).await?;
    if let Some(p) = current {
        say(&bot, &shop, chat, texts::promo_dropped(l, &p.code), None).await?;
    }
    let outcome = show_card(&bot, &shop, chat, customer, id, l).await;
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// ×3, ×5, ×10 on a code product's card: one invoice for that many codes.
pub async fn buy_qty_button(
    bot: Bot,
    q: CallbackQuery,
    (id, quantity): (i64, i64),
    shop: Shop,
    api: Api,
    t: Ticket,
) -> HandlerResult {
    buy(bot, q, id, quantity, shop, api, t).await
}

pub async fn buy_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    api: Api,
    t: Ticket,
) -> HandlerResult {
    buy(bot, q, id, 1, shop, api, t).await
}

async fn buy(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    quantity: i64,
    shop: Shop,
    api: Api,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let view = payments::shopper_view(&shop, q.from.id.0 as i64, id).await?;
    // The terms first, when the shop asks for them to be accepted and this customer has not
    // accepted their current version.
    if view.as_ref().is_some_and(|v| v.must_accept.is_some()) {
        let text = format!(
            "{}\n\n{}",
            texts::accept_first(l),
            legal::message(&shop.store, l).await?
        );
        let accept = InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
            texts::accept_button(l),
            match quantity {
                1 => Callback::Accept(id),
                n => Callback::AcceptQty(id, n),
            }
            .to_string(),
        )]]);
        let outcome = say(&bot, &shop, chat, text, Some(accept)).await;
        answer(&bot, &shop, &q, None).await;
        return outcome;
    }
    invoice_button(bot, q, chat, (id, quantity), shop, api, None, Some(view)).await
}

/// The terms' "I accept" under them: remembered for this version, then the invoice.
pub async fn accept_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    api: Api,
    t: Ticket,
) -> HandlerResult {
    accept(bot, q, (id, 1), shop, api, t).await
}

/// "I accept the terms" after ×N: the invoice for the quantity the customer had tapped.
pub async fn accept_qty_button(
    bot: Bot,
    q: CallbackQuery,
    item: (i64, i64),
    shop: Shop,
    api: Api,
    t: Ticket,
) -> HandlerResult {
    accept(bot, q, item, shop, api, t).await
}

async fn accept(
    bot: Bot,
    q: CallbackQuery,
    (id, quantity): (i64, i64),
    shop: Shop,
    api: Api,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let version = legal::accept(&shop.store, q.from.id.0 as i64).await?;
    invoice_button(
        bot,
        q,
        chat,
        (id, quantity),
        shop,
        api,
        Some(texts::accepted(l, version)),
        None,
    )
    .await
}

pub async fn terms_button(bot: Bot, q: CallbackQuery, shop: Shop, _t: Ticket) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let outcome = show_terms(&bot, &shop, chat, l).await;
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// A pressed button's invoice, or why there is none; `toast`: said on the button otherwise.
/// `view`: the product as the customer meets it, when the handler read it already.
#[allow(clippy::too_many_arguments)]
async fn invoice_button(
    bot: Bot,
    q: CallbackQuery,
    chat: ChatId,
    (id, quantity): (i64, i64),
    shop: Shop,
    api: Api,
    toast: Option<String>,
    view: Option<Option<payments::ShopperView>>,
) -> HandlerResult {
    let view = match view {
        Some(view) => Ok(view),
        None => payments::shopper_view(&shop, q.from.id.0 as i64, id)
            .await
            .map_err(anyhow::Error::from),
    };
    let sent = match view {
        Ok(view) => send_invoice(&bot, &shop, api.as_ref(), chat, &q.from, view, quantity).await,
        Err(e) => Err(e),
    };
    let (outcome, notice) = match sent {
        Ok(None) => (Ok(()), None),
        Ok(Some(refusal)) => (
            say(&bot, &shop, chat, texts::plain(&refusal), None).await,
            Some(refusal),
        ),
        Err(e) => (Err(e), None),
    };
    answer(&bot, &shop, &q, notice.or(toast)).await;
    outcome
}

pub async fn again_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    api: Api,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let customer = q.from.id.0 as i64;
    let (outcome, notice) = match orders::get(&shop.store.read, id).await? {
        Some(o) if o.customer_id == customer => {
            let who = Who::customer(q.from.first_name.clone());
            match deliveries::again(&shop, api.as_ref(), id, &who).await {
                Ok(()) => (Ok(()), None),
                // Said in an HTML message: the shop's data in it must be escaped.
                Err(Error::Invalid(m)) => (
                    say(&bot, &shop, chat, texts::plain(&m), None).await,
                    Some(m),
                ),
                Err(e) => (Err(e.into()), None),
            }
        }
        _ => (Ok(()), Some(texts::not_yours(l))),
    };
    answer(&bot, &shop, &q, notice).await;
    outcome
}

/// "Ask for a refund" under an order: the bot asks for the reason in one message.
pub async fn refund_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let customer = q.from.id.0 as i64;
    let policy = refunds::policy::get(&shop.store).await?;
    let outcome = match requests::may_ask(&shop.store, &policy, customer, id).await? {
        Ok(order) => {
            support::await_reason(&shop.store, customer, Some(id)).await?;
            say(
                &bot,
                &shop,
                chat,
                texts::plain(&texts::ask_refund_reason(l, &order)),
                None,
            )
            .await
        }
        Err(refusal) => say(&bot, &shop, chat, texts::plain(&refusal.message(l)), None).await,
    };
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// A button this version does not know (an old message's): stop its spinner.
pub async fn unknown_button(bot: Bot, q: CallbackQuery, shop: Shop, _t: Ticket) -> HandlerResult {
    answer(&bot, &shop, &q, None).await;
    Ok(())
}

/// Sends the invoice for a product at the customer's price (a promo code, store credit), or
/// says why not (as a short sentence for the customer). An order store credit covers wholly
/// is made and delivered at once, with no invoice.
async fn send_invoice(
    bot: &Bot,
    shop: &Shop,
    tg: &dyn Telegram,
    chat: ChatId,
    user: &teloxide::types::User,
    view: Option<payments::ShopperView>,
    quantity: i64,
) -> anyhow::Result<Option<String>> {
    let customer = user.id.0 as i64;
    let l = lang(user);
    let view = match view {
        Some(v) if v.product.active => v,
        _ => return Ok(Some(texts::not_on_sale(l))),
    };
    let (product, left) = (&view.product, view.left);
    if product.stock_left == Some(0) {
        return Ok(Some(texts::sold_out(l)));
    }
    if quantity > 1 {
        if product.kind != catalog::Kind::Code || quantity > 10 {
            return Ok(Some(texts::one_at_a_time(l)));
        }
        if let Some(left) = product.stock_left.filter(|&s| s < quantity) {
            return Ok(Some(texts::only_left(l, left)));
        }
        if let Some(left) = left.filter(|&l| l < quantity) {
            return Ok(Some(match left {
                0 => payments::Refusal::LimitReached(product.per_customer_limit.unwrap_or(0))
                    .message(l),
                n => texts::limit_left(l, n),
            }));
        }
    }
    if view.blocked {
        return Ok(Some(texts::blocked(l)));
    }
    if let Some(channel) = &view.in_channel {
        return Ok(Some(texts::has_access(l, channel)));
    }
    if let Some(limit) = limit_reached(product, left) {
        return Ok(Some(payments::Refusal::LimitReached(limit).message(l)));
    }
    let quote = view.quote(shop, product.price * quantity).await?;
    let payload = quote.payload(product.id, customer).quantity(quantity);
    let title = match quantity {
        1 => product.title.clone(),
        n => format!("{} {}", product.title, texts::times(n)),
    };
    if quote.to_pay == 0 {
        return Ok(
            match payments::pay_with_credit(shop, tg, seen(user), &payload).await? {
                Ok(payments::Recorded::New { order, .. }) => {
                    say(bot, shop, chat, texts::paid_with_credit(l, &order), None).await?;
                    None
                }
                Ok(payments::Recorded::Existing(_)) => None,
                Err(refusal) => Some(refusal.message(l)),
            },
        );
    }
    let minutes = view.invoice_minutes;
    let sent_at = shop.clock.now_for_update().await;
    let expires_at = sent_at + minutes * 60;
    let payload = payload.valid_until(expires_at);
    let nonce = payload.nonce.clone();
    let payload = payload.sign(&shop.secret);
    let valid = texts::invoice_valid(l, minutes, expires_at);
    // Telegram takes 255 characters of description: the timer's line always fits.
    let about = if product.description.trim().is_empty() {
        product.title.as_str()
    } else {
        product.description.as_str()
    };
    let room = 255usize.saturating_sub(valid.chars().count() + 2);
    let about: String = match about.chars().count() > room {
        true => about
            .chars()
            .take(room.saturating_sub(1))
            .chain(['…'])
            .collect(),
        false => about.to_string(),
    };
    let description = format!("{about}\n\n{valid}");
    let label = match &quote.promo {
        Some(p) => format!("{title} ({})", p.code),
        None => title.clone(),
    };
    let invoice = json!({
        "chat_id": chat.0,
        "title": title,
        "description": description,
        "payload": payload,
        "currency": "XTR",
        "prices": [{ "label": label, "amount": quote.to_pay }],
    });
    let message = call(Priority::Delivery, bot, shop, "sendInvoice", invoice).await?;
    let record = NewInvoice {
        payload: &payload,
        nonce: &nonce,
        customer_id: customer,
        product_id: product.id,
        chat_id: chat.0,
        message_id: message["message_id"].as_i64().unwrap_or(0),
        stars: quote.to_pay,
        sent_at,
        expires_at,
    };
    // The invoice is in the chat already: a failure to record it is logged, and its own
    // payload still refuses it after its time.
    if let Err(e) = invoices::sent(shop, &record).await {
        tracing::warn!(error = %e, "invoice not recorded");
    }
    Ok(None)
}

/// A funnel step counted for the Reports page; a failure to count it is logged, never the
/// customer's problem.
async fn funnel(shop: &Shop, step: Step, item: (Option<i64>, Option<i64>), customer: i64) {
    let at = crate::db::now();
    if let Err(e) = reports::count_step(&shop.store, step, item, customer, at).await {
        tracing::warn!(error = %e, ?step, "funnel step not counted");
    }
}

pub async fn pre_checkout(bot: Bot, q: PreCheckoutQuery, shop: Shop, _t: Ticket) -> HandlerResult {
    let started = std::time::Instant::now();
    let l = lang(&q.from);
    if let Err(e) = shop.recently_seen.note(&shop.store, &seen(&q.from)).await {
        tracing::warn!(error = %e, "could not record the customer");
    }
    let verdict = payments::pre_checkout(
        &shop,
        &PreCheckout {
            customer: seen(&q.from),
            currency: &q.currency,
            total_amount: i64::from(q.total_amount),
            payload: &q.invoice_payload,
        },
    )
    .await;
    let refusal = match verdict {
        Ok(Ok(())) => None,
        Ok(Err(refusal)) => Some(refusal.message(l)),
        Err(e) => {
            tracing::error!(error = %e, "pre-checkout could not be checked; refusing");
            Some(texts::try_later(l))
        }
    };
    let answer = match &refusal {
        None => Ok(()),
        Some(reason) => Err(reason.as_str()),
    };
    match answer::pre_checkout(&bot, &q.id.0, answer).await {
        Ok(answer::Answered::Now { attempts: 1 }) => {}
        Ok(answered) => {
            tracing::info!(?answered, elapsed = ?started.elapsed(), "pre-checkout answered after a fault");
        }
        Err(e) => {
            tracing::warn!(error = %e, elapsed = ?started.elapsed(), "pre-checkout answer not accepted");
        }
    }
    Ok(())
}

pub async fn paid(
    msg: Message,
    payment: SuccessfulPayment,
    shop: Shop,
    api: Api,
    t: Ticket,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let pay = Payment {
        charge_id: &payment.telegram_payment_charge_id.0,
        provider_charge_id: Some(payment.provider_payment_charge_id.as_str())
            .filter(|s| !s.is_empty()),
        customer: seen(user),
        total_amount: i64::from(payment.total_amount),
        payload: &payment.invoice_payload,
        recovered: false,
        first: payment.is_first_recurring,
        expires_at: payment.subscription_expiration_date.map(|d| d.timestamp()),
    };
    payments::paid(&shop, api.as_ref(), &pay)
        .await
        .inspect_err(|_| t.keep())?;
    Ok(())
}

pub async fn refunded(refund: RefundedPayment, shop: Shop, api: Api, t: Ticket) -> HandlerResult {
    let charge = &refund.telegram_payment_charge_id.0;
    let recorded = refunds::record_by_charge(&shop, charge, &Who::telegram(), refunds::OUTSIDE)
        .await
        .inspect_err(|_| t.keep())?;
    if recorded {
        // A channel-access buyer refunded in Telegram leaves the channel (the scheduler retries).
        channel_access::remove_pending(&shop, api.as_ref()).await?;
    }
    Ok(())
}

/// What a customer writes that is not a command: the reason for a refund they asked for, or a
/// message for support, which reaches a person in the support inbox.
pub async fn other_message(
    bot: Bot,
    msg: Message,
    shop: Shop,
    api: Api,
    t: Ticket,
) -> HandlerResult {
    let Some(user) = msg.from.as_ref().filter(|_| msg.chat.is_private()) else {
        return Ok(());
    };
    let customer = seen(user);
    let l = lang(user);
    let body = match (msg.text(), msg.caption()) {
        (Some(text), _) => text.to_string(),
        (None, Some(caption)) => format!("{} {caption}", kind_of(&msg)),
        (None, None) => kind_of(&msg).to_string(),
    };
    if let Some(text) = msg.text()
        && promos::validate_code(text.trim()).is_ok()
        && let Some(product_id) = promos::take_prompt(&shop.store, customer.id).await?
    {
        use_promo(&bot, &shop, msg.chat.id, customer.id, text, l).await?;
        return show_card(&bot, &shop, msg.chat.id, customer.id, product_id, l).await;
    }
    if let Some(text) = msg.text()
        && text
            .trim()
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
        && tips::take_prompt(&shop.store, customer.id).await?
    {
        return match tips::parse_amount(text) {
            Some(amount) => {
                send_tip_invoice(&bot, &shop, msg.chat.id, customer.id, amount, l).await
            }
            None => {
                // Asked again: the next message can be the amount.
                tips::ask_amount(&shop.store, customer.id).await?;
                say(&bot, &shop, msg.chat.id, texts::tip_wrong(l), None).await
            }
        };
    }
    if msg.text().is_some()
        && let Some(order_id) = support::awaiting_reason(&shop.store.write, customer.id).await?
    {
        let created = requests::create(
            &shop,
            api.as_ref(),
            customer.id,
            customer.first_name,
            order_id,
            &body,
        )
        .await
        .inspect_err(|_| t.keep())?;
        let answer = match created {
            Ok(c) => {
                support::await_reason(&shop.store, customer.id, None).await?;
                if c.auto_approved {
                    // The customer is told of the approval by the request itself.
                    return Ok(());
                }
                texts::request_received(l, c.id, c.order_id)
            }
            Err(refusal @ (requests::Refusal::Empty | requests::Refusal::TooLong)) => {
                refusal.message(l)
            }
            Err(refusal) => {
                support::await_reason(&shop.store, customer.id, None).await?;
                refusal.message(l)
            }
        };
        return say(&bot, &shop, msg.chat.id, texts::plain(&answer), None).await;
    }
    let received = support::receive(&shop, &customer, i64::from(msg.id.0), &body)
        .await
        .inspect_err(|_| t.keep())?;
    if received.acknowledge {
        say(&bot, &shop, msg.chat.id, texts::support_ack(l), None).await?;
    }
    Ok(())
}

/// A message without text, as the support inbox names it.
fn kind_of(msg: &Message) -> &'static str {
    if msg.photo().is_some() {
        "[a photo]"
    } else if msg.document().is_some() {
        "[a file]"
    } else if msg.sticker().is_some() {
        "[a sticker]"
    } else if msg.voice().is_some() || msg.audio().is_some() {
        "[a voice message]"
    } else if msg.video().is_some() || msg.video_note().is_some() {
        "[a video]"
    } else {
        "[a message the window cannot show]"
    }
}

// Subscription plans.

/// A plan's card with its Subscribe button: an invoice link made for this view.
async fn show_plan(
    bot: &Bot,
    shop: &Shop,
    tg: &dyn Telegram,
    chat: ChatId,
    plan_id: i64,
    l: Lang,
) -> HandlerResult {
    let plan = match subscriptions::plan(&shop.store, plan_id).await {
        Ok(p) if p.active => p,
        Ok(_) | Err(Error::NotFound(_)) => {
            return say(bot, shop, chat, texts::plan_not_on_sale(l), None).await;
        }
        Err(e) => return Err(e.into()),
    };
    let channels: Vec<String> = crate::db::subscriptions::plan_channels(&shop.store.read, plan.id)
        .await?
        .into_iter()
        .map(|c| c.title)
        .collect();
    let customer = chat.0;
    let mut conn = shop.store.read.acquire().await?;
    let promo = promos::applied(&mut conn, customer, Some(promos::Item::Plan(plan.id))).await?;
    drop(conn);
    let price = promo.as_ref().map_or(plan.price, |p| p.price(plan.price));
    let link = match subscriptions::subscribe_link(shop, tg, plan.id, promo.as_ref()).await {
        Ok(link) => link,
        Err(e) => {
            tracing::warn!(plan = plan.id, error = %e, "no subscription invoice link");
            return say(bot, shop, chat, texts::try_later(l), None).await;
        }
    };
    let url = reqwest::Url::parse(&link)?;
    let rows = vec![
        vec![InlineKeyboardButton::url(
            texts::subscribe_button(l, price),
            url,
        )],
        vec![InlineKeyboardButton::callback(
            texts::back_to_catalog(l),
            Callback::Shop.to_string(),
        )],
    ];
    say(
        bot,
        shop,
        chat,
        texts::plan_card(l, &plan.title, &plan.description, plan.price, &channels)
            + &promo
                .as_ref()
                .map(|p| texts::plan_promo(l, &p.code, plan.price, price))
                .unwrap_or_default(),
        Some(InlineKeyboardMarkup::new(rows)),
    )
    .await?;
    // The card carries its invoice link: a view is also an invoice sent.
    funnel(shop, Step::View, (None, Some(plan.id)), customer).await;
    funnel(shop, Step::Invoice, (None, Some(plan.id)), customer).await;
    Ok(())
}

async fn show_subscriptions(
    bot: &Bot,
    shop: &Shop,
    chat: ChatId,
    customer: i64,
    l: Lang,
) -> HandlerResult {
    let list = subscriptions::of_customer(&shop.store, customer).await?;
    if list.is_empty() {
        return say(bot, shop, chat, texts::no_subscriptions(l), None).await;
    }
    let mut lines = vec![texts::subscriptions_title(l)];
    let mut rows = Vec::new();
    for s in &list {
        lines.push(texts::subscription_line(
            l,
            s.id,
            &s.plan_title,
            s.status.as_str(),
            s.paid_until,
            s.has_access,
        ));
        if !s.has_access {
            rows.push(vec![InlineKeyboardButton::callback(
                format!("{} · {}", texts::subscribe_again_button(l), s.plan_title),
                Callback::Plan(s.plan_id).to_string(),
            )]);
            continue;
        }
        let mut row = Vec::new();
        match s.status {
            SubStatus::Active => row.push(InlineKeyboardButton::callback(
                texts::cancel_renewal_button(l, s.id),
                Callback::SubCancel(s.id).to_string(),
            )),
            SubStatus::Cancelled => row.push(InlineKeyboardButton::callback(
                texts::resume_id_button(l, s.id),
                Callback::SubResume(s.id).to_string(),
            )),
            _ => {}
        }
        let plan_channels =
            crate::db::subscriptions::plan_channels(&shop.store.read, s.plan_id).await?;
        if !plan_channels.is_empty() {
            row.push(InlineKeyboardButton::callback(
                texts::new_invite_id_button(l, s.id),
                Callback::SubInvite(s.id).to_string(),
            ));
        }
        if !row.is_empty() {
            rows.push(row);
        }
    }
    let keyboard = (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows));
    say(bot, shop, chat, lines.join("\n"), keyboard).await
}

pub async fn plan_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    api: Api,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let outcome = show_plan(&bot, &shop, api.as_ref(), chat, id, l).await;
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// The subscription, when it is the customer's own.
async fn own_subscription(
    shop: &Shop,
    customer: i64,
    id: i64,
) -> anyhow::Result<Option<subscriptions::Subscriber>> {
    match subscriptions::subscriber(&shop.store, id).await {
        Ok(s) if s.customer_id == customer => Ok(Some(s)),
        Ok(_) | Err(Error::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

async fn renewal_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    api: Api,
    renew: bool,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let customer = q.from.id.0 as i64;
    let text = match own_subscription(&shop, customer, id).await? {
        None => texts::not_yours_subscription(l),
        Some(s) => {
            let who = Who::customer(q.from.first_name.clone());
            match subscriptions::set_renewal(&shop, api.as_ref(), id, &who, renew).await {
                Ok(s) if renew => texts::subscription_resumed(l, &s.plan_title, s.paid_until),
                Ok(s) => texts::subscription_cancelled(l, &s.plan_title, s.paid_until),
                Err(Error::Conflict(_)) => texts::subscription_over(l),
                Err(e) => {
                    tracing::warn!(subscription = s.id, error = %e, "renewal not changed");
                    texts::try_later(l)
                }
            }
        }
    };
    let outcome = say(&bot, &shop, chat, text, None).await;
    answer(&bot, &shop, &q, None).await;
    outcome
}

pub async fn sub_cancel_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    api: Api,
    _t: Ticket,
) -> HandlerResult {
    renewal_button(bot, q, id, shop, api, false).await
}

pub async fn sub_resume_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    api: Api,
    _t: Ticket,
) -> HandlerResult {
    renewal_button(bot, q, id, shop, api, true).await
}

pub async fn sub_invite_button(
    bot: Bot,
    q: CallbackQuery,
    id: i64,
    shop: Shop,
    api: Api,
    _t: Ticket,
) -> HandlerResult {
    let (chat, l) = pressed(&shop, &q).await?;
    let customer = q.from.id.0 as i64;
    let outcome = match own_subscription(&shop, customer, id).await? {
        None => say(&bot, &shop, chat, texts::not_yours_subscription(l), None).await,
        Some(s) => match subscriptions::new_invites(&shop, api.as_ref(), s.id).await {
            Ok(links) => {
                let rows: Vec<Vec<InlineKeyboardButton>> = links
                    .iter()
                    .filter_map(|(title, link)| {
                        reqwest::Url::parse(link).ok().map(|u| {
                            vec![InlineKeyboardButton::url(texts::join_button(l, title), u)]
                        })
                    })
                    .collect();
                say(
                    &bot,
                    &shop,
                    chat,
                    texts::new_invites(l),
                    Some(InlineKeyboardMarkup::new(rows)),
                )
                .await
            }
            Err(Error::Conflict(m)) => say(&bot, &shop, chat, texts::plain(&m), None).await,
            Err(e) => {
                tracing::warn!(subscription = s.id, error = %e, "no new invite");
                say(&bot, &shop, chat, texts::try_later(l), None).await
            }
        },
    };
    answer(&bot, &shop, &q, None).await;
    outcome
}

/// The bot was made an administrator of a chat (or lost that): the Channels list follows.
pub async fn my_chat_member(
    u: teloxide::types::ChatMemberUpdated,
    shop: Shop,
    _t: Ticket,
) -> HandlerResult {
    if u.chat.is_private() {
        return Ok(());
    }
    let member = serde_json::to_value(&u.new_chat_member)?;
    let kind = if u.chat.is_channel() {
        "channel"
    } else {
        "group"
    };
    let title = u.chat.title().unwrap_or("Untitled").to_string();
    let who = Who::telegram();
    match subscriptions::seen_channel(
        &shop,
        &who,
        u.chat.id.0,
        &title,
        u.chat.username(),
        kind,
        &member,
    )
    .await
    {
        Ok(_) | Err(Error::Invalid(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
