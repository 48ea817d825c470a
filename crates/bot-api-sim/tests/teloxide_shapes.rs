//! Every shape the simulator emits, read by teloxide-core 0.13: real teloxide requests over
//! HTTP (JSON and multipart, PascalCase method names) and raw JSON into its types.

mod common;

use common::{BOT_ID, Sim, TOKEN, wait_until};
use serde_json::{Value, json};
use teloxide_core::{
    ApiError, Bot, RequestError,
    payloads::setters::*,
    prelude::Requester,
    types::{
        BotCommand, ChatId, ChatMemberKind, InlineKeyboardButton, InlineKeyboardMarkup, InputFile,
        LabeledPrice, MediaKind, Message, MessageEntityKind, MessageKind, ParseMode, Seconds,
        StarTransactions, TransactionPartner, Update, UpdateKind, UserId,
    },
};

fn teloxide_bot(sim: &Sim) -> Bot {
    Bot::new(TOKEN).set_api_url(reqwest::Url::parse(&sim.server.url()).unwrap())
}

async fn updates(bot: &Bot, offset: &mut i32) -> Vec<Update> {
    let updates = bot.get_updates().offset(*offset).timeout(5).await.unwrap();
    if let Some(last) = updates.last() {
        *offset = last.id.0 as i32 + 1;
    }
    updates
}

async fn next_message(bot: &Bot, offset: &mut i32) -> Message {
    for _ in 0..10 {
        for update in updates(bot, offset).await {
            match update.kind {
                UpdateKind::Message(m) => return m,
                UpdateKind::Error(v) => panic!("teloxide could not read an update: {v}"),
                _ => {}
            }
        }
    }
    panic!("no message update");
}

fn api_error(e: RequestError) -> ApiError {
    match e {
        RequestError::Api(e) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn teloxide_talks_to_the_simulator() {
    let sim = Sim::start().await;
    let bot = teloxide_bot(&sim);
    let me = bot.get_me().await.unwrap();
    assert_eq!(me.id.0, BOT_ID);
    assert_eq!(me.username(), "demoshop_bot");
    bot.delete_webhook().await.unwrap();

    let (_, user) = sim
        .post(
            "/sim/users",
            json!({ "first_name": "Ann", "username": "ann", "language_code": "en", "stars": 1000 }),
        )
        .await;
    let user_id = user["id"].as_u64().unwrap();
    let chat = ChatId(user_id as i64);
    let mut offset = 0;

    bot.set_my_commands([
        BotCommand::new("start", "Start"),
        BotCommand::new("terms", "Terms"),
    ])
    .await
    .unwrap();
    assert_eq!(bot.get_my_commands().await.unwrap().len(), 2);

    // A customer's /start with its bot_command entity.
    sim.post(
        &format!("/sim/users/{user_id}/messages"),
        json!({ "text": "/start ref_42" }),
    )
    .await;
    let start = next_message(&bot, &mut offset).await;
    assert_eq!(start.text(), Some("/start ref_42"));
    assert_eq!(
        start.entities().unwrap()[0].kind,
        MessageEntityKind::BotCommand
    );
    assert_eq!(start.from.as_ref().unwrap().id, UserId(user_id));
    assert!(start.chat.is_private());

    // HTML with every entity type, and an inline keyboard.
    let html = "<b>b</b> <i>i</i> <u>u</u> <s>s</s> <tg-spoiler>p</tg-spoiler> \
                <a href=\"https://example.com/x\">link</a> <code>c</code> \
                <pre><code class=\"language-rust\">fn</code></pre> <blockquote>q</blockquote> \
                <blockquote expandable>e</blockquote> \
                <tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>";
    let keyboard = InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback("Buy", "buy:1"),
        InlineKeyboardButton::url("Site", reqwest::Url::parse("https://example.com").unwrap()),
    ]]);
    let menu = bot
        .send_message(chat, html)
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard.clone())
        .await
        .unwrap();
    assert_eq!(menu.entities().unwrap().len(), 11);
    assert_eq!(menu.reply_markup(), Some(&keyboard));
    assert!(menu.from.as_ref().unwrap().is_bot);

    // A button press arrives as a callback query carrying the message.
    sim.post(
        &format!("/sim/users/{user_id}/callback"),
        json!({ "message_id": menu.id.0, "data": "buy:1" }),
    )
    .await;
    let mut callback = None;
    while callback.is_none() {
        for update in updates(&bot, &mut offset).await {
            if let UpdateKind::CallbackQuery(q) = update.kind {
                callback = Some(q);
            }
        }
    }
    let callback = callback.unwrap();
    assert_eq!(callback.data.as_deref(), Some("buy:1"));
    assert_eq!(callback.regular_message().unwrap().id, menu.id);
    bot.answer_callback_query(callback.id.clone())
        .text("OK")
        .await
        .unwrap();

    let edited = bot
        .edit_message_text(chat, menu.id, "Edited")
        .await
        .unwrap();
    assert_eq!(edited.text(), Some("Edited"));
    assert!(edited.edit_date().is_some());

    // Errors map onto teloxide's own variants.
    let e = bot
        .edit_message_text(chat, menu.id, "Edited")
        .await
        .unwrap_err();
    assert!(matches!(api_error(e), ApiError::MessageNotModified));
    let e = bot.send_message(chat, "").await.unwrap_err();
    assert!(matches!(api_error(e), ApiError::MessageTextIsEmpty));
    let e = bot.send_message(ChatId(42), "x").await.unwrap_err();
    assert!(matches!(api_error(e), ApiError::ChatNotFound));
    let e = bot
        .send_message(chat, "<b>x")
        .parse_mode(ParseMode::Html)
        .await
        .unwrap_err();
    assert!(matches!(api_error(e), ApiError::CantParseEntities(_)));
    let e = bot
        .edit_message_text(chat, start.id, "x")
        .await
        .unwrap_err();
    assert!(matches!(api_error(e), ApiError::MessageCantBeEdited));

    // Documents: a multipart upload (teloxide uses attach://) and a resend by file_id.
    let document = bot
        .send_document(
            chat,
            InputFile::memory(b"CODE-1".to_vec()).file_name("code.txt"),
        )
        .caption("<b>Your code</b>")
        .parse_mode(ParseMode::Html)
        .await
        .unwrap();
    let file = document.document().unwrap();
    assert_eq!(file.file_name.as_deref(), Some("code.txt"));
    assert_eq!(
        file.mime_type.as_ref().map(|m| m.essence_str()),
        Some("text/plain")
    );
    assert_eq!(file.file.size, 6);
    assert_eq!(document.caption(), Some("Your code"));
    let again = bot
        .send_document(chat, InputFile::file_id(file.file.id.clone()))
        .await
        .unwrap();
    assert_eq!(again.document().unwrap().file.id, file.file.id);

    // An invoice, paid through the control API while teloxide answers the pre-checkout.
    let invoice = bot
        .send_invoice(
            chat,
            "Pro plan",
            "Thirty days",
            "order:1",
            "XTR",
            [LabeledPrice::new("Pro", 250)],
        )
        .await
        .unwrap();
    assert_eq!(invoice.invoice().unwrap().total_amount, 250);
    let pay = sim.pay(user_id, json!({ "message_id": invoice.id.0 }));
    let mut query = None;
    while query.is_none() {
        for update in updates(&bot, &mut offset).await {
            if let UpdateKind::PreCheckoutQuery(q) = update.kind {
                query = Some(q);
            }
        }
    }
    let query = query.unwrap();
    assert_eq!(query.invoice_payload, "order:1");
    bot.answer_pre_checkout_query(query.id.clone(), true)
        .await
        .unwrap();
    assert_eq!(pay.await.unwrap()["status"], "paid");
    let paid = next_message(&bot, &mut offset).await;
    let payment = paid.successful_payment().unwrap().clone();
    assert_eq!(payment.total_amount, 250);
    assert_eq!(payment.currency, "XTR");

    let balance = bot.get_my_star_balance().await.unwrap();
    assert_eq!(balance.amount, 250);

    bot.refund_star_payment(UserId(user_id), payment.telegram_payment_charge_id.clone())
        .await
        .unwrap();
    let e = bot
        .refund_star_payment(UserId(user_id), payment.telegram_payment_charge_id.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(api_error(e), ApiError::Unknown(d) if d == "Bad Request: CHARGE_ALREADY_REFUNDED")
    );
    let refunded = next_message(&bot, &mut offset).await;
    let MessageKind::RefundedPayment(r) = &refunded.kind else {
        panic!("expected a refunded_payment message, got {refunded:?}");
    };
    assert_eq!(
        r.refunded_payment.telegram_payment_charge_id,
        payment.telegram_payment_charge_id
    );

    // A subscription bought by link, renewed by the clock.
    let link = bot
        .create_invoice_link(
            "Club",
            "Monthly access",
            "sub:club",
            "XTR",
            [LabeledPrice::new("Month", 100)],
        )
        .subscription_period(Seconds::from_seconds(2_592_000))
        .await
        .unwrap();
    let pay = sim.pay(user_id, json!({ "invoice_link": link }));
    let mut answered = false;
    while !answered {
        for update in updates(&bot, &mut offset).await {
            if let UpdateKind::PreCheckoutQuery(q) = update.kind {
                bot.answer_pre_checkout_query(q.id, true).await.unwrap();
                answered = true;
            }
        }
    }
    assert_eq!(pay.await.unwrap()["status"], "paid");
    let first = next_message(&bot, &mut offset).await;
    let first = first.successful_payment().unwrap().clone();
    assert!(first.is_recurring && first.is_first_recurring);
    sim.post("/sim/clock", json!({ "advance_seconds": 2_592_000 }))
        .await;
    let renewal = next_message(&bot, &mut offset).await;
    let renewal = renewal.successful_payment().unwrap();
    assert!(renewal.is_recurring && !renewal.is_first_recurring);
    assert!(renewal.subscription_expiration_date > first.subscription_expiration_date);
    bot.edit_user_star_subscription(
        UserId(user_id),
        first.telegram_payment_charge_id.clone(),
        true,
    )
    .await
    .unwrap();

    let StarTransactions { transactions } = bot.get_star_transactions().await.unwrap();
    assert_eq!(transactions.len(), 4);
    assert!(matches!(
        transactions[0].source,
        Some(TransactionPartner::User(_))
    ));
    assert!(matches!(
        transactions[1].receiver,
        Some(TransactionPartner::User(_))
    ));
    let Some(TransactionPartner::User(partner)) = &transactions[3].source else {
        unreachable!()
    };
    let invoice_payment = partner.invoice_payment().unwrap();
    assert_eq!(
        invoice_payment.subscription_period,
        Some(Seconds::from_seconds(2_592_000))
    );

    // Channels: invite links and members.
    let (_, channel) = sim.post("/sim/channels", json!({ "title": "Club" })).await;
    let channel = ChatId(channel["id"].as_i64().unwrap());
    let invite = bot
        .create_chat_invite_link(channel)
        .name("ann")
        .member_limit(5)
        .await
        .unwrap();
    assert_eq!(invite.creator.id.0, BOT_ID);
    assert_eq!(invite.member_limit, Some(5));
    sim.post(
        &format!("/sim/users/{user_id}/join"),
        json!({ "invite_link": invite.invite_link }),
    )
    .await;
    let member = bot.get_chat_member(channel, UserId(user_id)).await.unwrap();
    assert!(member.kind.is_member());
    let admin = bot.get_chat_member(channel, UserId(BOT_ID)).await.unwrap();
    assert!(matches!(admin.kind, ChatMemberKind::Administrator(_)));
    bot.ban_chat_member(channel, UserId(user_id)).await.unwrap();
    assert!(
        bot.get_chat_member(channel, UserId(user_id))
            .await
            .unwrap()
            .kind
            .is_banned()
    );
    bot.unban_chat_member(channel, UserId(user_id))
        .await
        .unwrap();
    assert!(
        bot.get_chat_member(channel, UserId(user_id))
            .await
            .unwrap()
            .kind
            .is_left()
    );
    assert!(
        bot.get_chat_member(chat, UserId(user_id))
            .await
            .unwrap()
            .kind
            .is_member()
    );
}

#[tokio::test]
async fn teloxide_sees_conflicts_and_retry_after() {
    let sim = Sim::start().await;
    let bot = teloxide_bot(&sim);
    let polls = sim.requests("getUpdates").await;
    let older = {
        let bot = bot.clone();
        tokio::spawn(async move { bot.get_updates().timeout(30).await })
    };
    // The newer poll must come after the older one is waiting (teloxide sends `GetUpdates`).
    sim.wait_for_requests("getUpdates", polls + 1).await;
    let newer = {
        let bot = bot.clone();
        tokio::spawn(async move { bot.get_updates().timeout(1).await })
    };
    let e = older.await.unwrap().unwrap_err();
    assert!(matches!(
        api_error(e),
        ApiError::TerminatedByOtherGetUpdates
    ));
    assert!(newer.await.unwrap().unwrap().is_empty());

    sim.post("/sim/faults", json!({ "retry_after_rate": 1.0 }))
        .await;
    let e = bot.get_me().await.unwrap_err();
    assert!(matches!(e, RequestError::RetryAfter(s) if s == Seconds::from_seconds(1)));
}

/// teloxide reads responses from text; reading from a `Value` takes other serde paths.
fn read<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_str(&v.to_string()).unwrap()
}

/// Raw shapes: each update kind and method result the simulator emits, read as teloxide's types.
#[tokio::test]
async fn raw_shapes_deserialize() {
    let sim = Sim::start().await;
    let user = sim.customer("Ann", 1000).await;
    let charge = sim.purchase(user, 100, "order:raw").await;
    sim.ok(
        "refundStarPayment",
        json!({ "user_id": user, "telegram_payment_charge_id": charge }),
    )
    .await;
    sim.post(
        &format!("/sim/users/{user}/messages"),
        json!({ "text": "hello" }),
    )
    .await;
    let markup = json!({"inline_keyboard": [[{"text": "Buy", "callback_data": "buy:1"}]]});
    let menu = sim
        .ok(
            "sendMessage",
            json!({ "chat_id": user, "text": "Menu", "reply_markup": markup }),
        )
        .await;
    sim.post(
        &format!("/sim/users/{user}/callback"),
        json!({ "message_id": menu["message_id"], "data": "buy:1" }),
    )
    .await;
    let message_id = sim.invoice(user, 100, "order:late").await;
    let created = sim.stat("updates_created").await;
    let pay = sim.pay(user, json!({ "message_id": message_id }));

    // Every update still queued: message, callback_query, pre_checkout_query, payment messages.
    // The pre_checkout_query is the one update the pay in the background queues.
    wait_until(
        "the payment has queued its pre_checkout_query",
        async || sim.stat("updates_created").await > created,
    )
    .await;
    let all = sim.ok("getUpdates", json!({ "offset": -100 })).await;
    let mut kinds = Vec::new();
    for raw in all.as_array().unwrap() {
        let update: Update = read(raw.clone());
        let kind = match &update.kind {
            UpdateKind::Message(m) => match &m.kind {
                MessageKind::Common(c) if matches!(c.media_kind, MediaKind::Text(_)) => "text",
                MessageKind::SuccessfulPayment(_) => "successful_payment",
                MessageKind::RefundedPayment(_) => "refunded_payment",
                other => panic!("unexpected message kind {other:?}"),
            },
            UpdateKind::CallbackQuery(_) => "callback_query",
            UpdateKind::PreCheckoutQuery(_) => "pre_checkout_query",
            UpdateKind::Error(_) => panic!("teloxide could not read {raw}"),
            other => panic!("unexpected update {other:?}"),
        };
        kinds.push(kind);
    }
    for kind in [
        "text",
        "successful_payment",
        "refunded_payment",
        "callback_query",
        "pre_checkout_query",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    sim.post("/sim/clock", json!({ "advance_seconds": 11 }))
        .await;
    assert_eq!(pay.await.unwrap()["status"], "timeout");

    let invoice: Message = read(sim.ok("sendInvoice", json!({
        "chat_id": user, "title": "t", "description": "d", "payload": "p", "currency": "XTR",
        "prices": [{"label": "x", "amount": 5}],
    })).await);
    assert!(invoice.invoice().is_some());
    let transactions: StarTransactions = read(sim.ok("getStarTransactions", json!({})).await);
    assert_eq!(transactions.transactions.len(), 2);
    let (_, ledger) = sim.get("/sim/transactions").await;
    let _: StarTransactions = read(ledger);
    let me: teloxide_core::types::Me = read(sim.ok("getMe", json!({})).await);
    assert!(me.is_bot);
    let balance: teloxide_core::types::StarAmount =
        read(sim.ok("getMyStarBalance", json!({})).await);
    assert_eq!(balance.amount, 0);
    let info: teloxide_core::types::WebhookInfo = read(sim.ok("getWebhookInfo", json!({})).await);
    assert!(info.url.is_none());
    let _: Value = sim
        .ok(
            "sendChatAction",
            json!({ "chat_id": user, "action": "typing" }),
        )
        .await;
}
