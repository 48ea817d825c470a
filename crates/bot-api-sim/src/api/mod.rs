//! The Bot API endpoint `/bot<token>/<method>`: authentication, method lookup, faults, dispatch.

mod chats;
mod messages;
mod meta;
mod payments;
mod stars;
mod updates;

pub use meta::DEFAULT_COMMANDS_KEY;

use std::time::Duration;

use axum::{
    extract::{Path, Request, State},
    http::{StatusCode, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
};

use crate::{
    app::SharedApp,
    error::{ApiError, ApiResult, ok_response},
    faults::Rejection,
    params::Params,
    world::World,
};

/// The header of a `getUpdates` answer with the simulator's virtual time, in Unix seconds.
pub const SIM_NOW: &str = "x-sim-now";

/// The supported methods, by their canonical (camelCase) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    GetMe,
    GetUpdates,
    DeleteWebhook,
    GetWebhookInfo,
    SetMyCommands,
    GetMyCommands,
    SendMessage,
    EditMessageText,
    DeleteMessage,
    SendChatAction,
    AnswerCallbackQuery,
    SendDocument,
    SendInvoice,
    CreateInvoiceLink,
    AnswerPreCheckoutQuery,
    GetStarTransactions,
    GetMyStarBalance,
    RefundStarPayment,
    EditUserStarSubscription,
    CreateChatInviteLink,
    RevokeChatInviteLink,
    BanChatMember,
    UnbanChatMember,
    GetChatMember,
    GetChat,
}

const METHODS: &[(&str, Method)] = &[
    ("getMe", Method::GetMe),
    ("getUpdates", Method::GetUpdates),
    ("deleteWebhook", Method::DeleteWebhook),
    ("getWebhookInfo", Method::GetWebhookInfo),
    ("setMyCommands", Method::SetMyCommands),
    ("getMyCommands", Method::GetMyCommands),
    ("sendMessage", Method::SendMessage),
    ("editMessageText", Method::EditMessageText),
    ("deleteMessage", Method::DeleteMessage),
    ("sendChatAction", Method::SendChatAction),
    ("answerCallbackQuery", Method::AnswerCallbackQuery),
    ("sendDocument", Method::SendDocument),
    ("sendInvoice", Method::SendInvoice),
    ("createInvoiceLink", Method::CreateInvoiceLink),
    ("answerPreCheckoutQuery", Method::AnswerPreCheckoutQuery),
    ("getStarTransactions", Method::GetStarTransactions),
    ("getMyStarBalance", Method::GetMyStarBalance),
    ("refundStarPayment", Method::RefundStarPayment),
    ("editUserStarSubscription", Method::EditUserStarSubscription),
    ("createChatInviteLink", Method::CreateChatInviteLink),
    ("revokeChatInviteLink", Method::RevokeChatInviteLink),
    ("banChatMember", Method::BanChatMember),
    ("unbanChatMember", Method::UnbanChatMember),
    ("getChatMember", Method::GetChatMember),
    ("getChat", Method::GetChat),
];

/// teloxide sends PascalCase names and Telegram ignores case, so lookup does too.
fn lookup(name: &str) -> Option<(&'static str, Method)> {
    METHODS
        .iter()
        .copied()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// A token is `<digits>:<secret>`; the digits are the bot's id.
fn bot_id_from_token(token: &str) -> Option<u64> {
    let (id, secret) = token.split_once(':')?;
    let valid_secret = !secret.is_empty()
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || !valid_secret {
        return None;
    }
    id.parse().ok()
}

pub async fn handle(
    State(app): State<SharedApp>,
    Path((bot_segment, method_name)): Path<(String, String)>,
    req: Request,
) -> Response {
    let Some(token) = bot_segment.strip_prefix("bot") else {
        return ApiError::not_found().into_response();
    };
    let Some(bot_id) = bot_id_from_token(token) else {
        return ApiError::unauthorized().into_response();
    };
    let (bot, method, decision) = {
        let mut w = app.lock();
        let bot = w.bot_for_token(bot_id);
        let Some((name, method)) = lookup(&method_name) else {
            w.stats.count_request(&method_name);
            return ApiError::method_not_found().into_response();
        };
        w.stats.count_request(name);
        let decision = w.faults.decide();
        match decision.reject {
            Some(Rejection::InternalError) => w.stats.errors_injected += 1,
            Some(Rejection::RetryAfter) => {
                w.stats.errors_injected += 1;
                w.stats.too_many_requests_sent += 1;
            }
            None if decision.drop => w.stats.dropped += 1,
            None => {}
        }
        (bot, method, decision)
    };
    if decision.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(decision.latency_ms)).await;
    }
    match decision.reject {
        Some(Rejection::InternalError) => return ApiError::internal().into_response(),
        Some(Rejection::RetryAfter) => return ApiError::too_many_requests(1).into_response(),
        None => {}
    }
    let result = match Params::read(req).await {
        Ok(params) => call(&app, bot, method, &params).await,
        Err(e) => Err(e),
    };
    if decision.drop {
        // The method took effect; only the answer is lost, like a connection cut after the fact.
        return (
            StatusCode::BAD_GATEWAY,
            [(CONTENT_TYPE, "text/html")],
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
        )
            .into_response();
    }
    match result {
        // A batch of updates says the virtual time it was taken at: a bot on the simulator's
        // clock knows what time its updates came at without asking (`x-sim-now`).
        Ok(value) if method == Method::GetUpdates => {
            let now = app.lock().now();
            let mut response = ok_response(value);
            response
                .headers_mut()
                .insert(SIM_NOW, axum::http::HeaderValue::from(now));
            response
        }
        Ok(value) => ok_response(value),
        Err(e) => {
            if e.code == 429 {
                app.lock().stats.too_many_requests_sent += 1;
            }
            e.into_response()
        }
    }
}

async fn call(app: &SharedApp, bot: usize, method: Method, p: &Params) -> ApiResult {
    if method == Method::GetUpdates {
        return updates::get_updates(app, bot, p).await;
    }
    let mut w = app.lock();
    let w: &mut World = &mut w;
    match method {
        Method::GetUpdates => unreachable!("long poll handled above"),
        Method::GetMe => meta::get_me(w, bot),
        Method::DeleteWebhook => updates::delete_webhook(w, bot, p),
        Method::GetWebhookInfo => updates::get_webhook_info(w, bot),
        Method::SetMyCommands => meta::set_my_commands(w, bot, p),
        Method::GetMyCommands => meta::get_my_commands(w, bot, p),
        Method::SendMessage => messages::send_message(w, bot, p),
        Method::EditMessageText => messages::edit_message_text(w, bot, p),
        Method::DeleteMessage => messages::delete_message(w, bot, p),
        Method::SendChatAction => messages::send_chat_action(w, p),
        Method::AnswerCallbackQuery => messages::answer_callback_query(w, bot, p),
        Method::SendDocument => messages::send_document(w, bot, p),
        Method::SendInvoice => payments::send_invoice(w, bot, p),
        Method::CreateInvoiceLink => payments::create_invoice_link(w, bot, p),
        Method::AnswerPreCheckoutQuery => payments::answer_pre_checkout_query(w, bot, p),
        Method::GetStarTransactions => stars::get_star_transactions(w, bot, p),
        Method::GetMyStarBalance => stars::get_my_star_balance(w, bot),
        Method::RefundStarPayment => stars::refund_star_payment(w, bot, p),
        Method::EditUserStarSubscription => stars::edit_user_star_subscription(w, bot, p),
        Method::CreateChatInviteLink => chats::create_chat_invite_link(w, bot, p),
        Method::RevokeChatInviteLink => chats::revoke_chat_invite_link(w, p),
        Method::BanChatMember => chats::ban_chat_member(w, p),
        Method::UnbanChatMember => chats::unban_chat_member(w, p),
        Method::GetChatMember => chats::get_chat_member(w, bot, p),
        Method::GetChat => chats::get_chat(w, p),
    }
}

/// The customer behind a private chat_id; anything else is "chat not found".
fn user_chat(w: &World, p: &Params) -> Result<u64, ApiError> {
    let chat_id = match p.str("chat_id") {
        None => return Err(ApiError::missing("chat_id")),
        Some(s) if s.starts_with('@') => return Err(ApiError::chat_not_found()),
        Some(_) => p.require_i64("chat_id")?,
    };
    u64::try_from(chat_id)
        .ok()
        .filter(|id| w.users.contains_key(id))
        .ok_or_else(ApiError::chat_not_found)
}

/// Applies the send rate limit, when it is switched on.
fn check_rate(w: &mut World, chat_id: i64) -> Result<(), ApiError> {
    if !w.faults.config.rate_limit {
        return Ok(());
    }
    w.rate_limiter
        .acquire(chat_id)
        .map_err(ApiError::too_many_requests)
}

fn bot_id(w: &World, bot: usize) -> u64 {
    w.bots[bot].id.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert_eq!(bot_id_from_token("123456:ABC-def_9"), Some(123456));
        assert_eq!(bot_id_from_token("123456:"), None);
        assert_eq!(bot_id_from_token("abc:def"), None);
        assert_eq!(bot_id_from_token("123456"), None);
    }

    #[test]
    fn method_names_ignore_case() {
        assert_eq!(
            lookup("SendMessage").map(|m| m.1),
            Some(Method::SendMessage)
        );
        assert_eq!(lookup("getme").map(|m| m.1), Some(Method::GetMe));
        assert!(lookup("sendPhoto").is_none());
    }
}
