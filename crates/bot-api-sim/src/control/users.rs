//! Customers: creating them, what they write, the buttons they press and the chat they see.

use std::time::Duration;

use axum::{
    Json,
    extract::{Path, Query, State},
};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::time::Instant;

use super::{ControlError, ControlResult};
use crate::{
    app::SharedApp, html, ids, keyboard, model::FormattedText, model::StoredMessage, render,
};

/// New customers start with this many stars unless told otherwise.
const DEFAULT_STARS: i64 = 10_000;
/// The longest a chat long poll may wait.
const MAX_WAIT_MS: u64 = 120_000;

#[derive(Deserialize)]
pub struct NewUser {
    first_name: String,
    username: Option<String>,
    language_code: Option<String>,
    stars: Option<i64>,
}

pub async fn create(State(app): State<SharedApp>, Json(body): Json<NewUser>) -> ControlResult {
    if body.first_name.trim().is_empty() {
        return Err(ControlError::bad_request("first_name must not be empty"));
    }
    let stars = body.stars.unwrap_or(DEFAULT_STARS);
    if stars < 0 {
        return Err(ControlError::bad_request("stars must not be negative"));
    }
    let id = app
        .lock()
        .add_user(body.first_name, body.username, body.language_code, stars);
    Ok(Json(json!({ "id": id })))
}

pub async fn get(State(app): State<SharedApp>, Path(id): Path<u64>) -> ControlResult {
    let w = app.lock();
    let user = w.users.get(&id).ok_or_else(|| ControlError::no_user(id))?;
    Ok(Json(json!({
        "id": user.id,
        "first_name": user.first_name,
        "username": user.username,
        "language_code": user.language_code,
        "stars": user.stars,
    })))
}

#[derive(Deserialize)]
pub struct Write {
    text: String,
}

pub async fn write(
    State(app): State<SharedApp>,
    Path(id): Path<u64>,
    Json(body): Json<Write>,
) -> ControlResult {
    if body.text.trim().is_empty() {
        return Err(ControlError::bad_request("text must not be empty"));
    }
    let mut guard = app.lock();
    let w = &mut *guard;
    if !w.users.contains_key(&id) {
        return Err(ControlError::no_user(id));
    }
    let entities = html::command_entities(&body.text);
    let message = StoredMessage {
        date: w.now(),
        text: Some(FormattedText {
            plain: body.text,
            html: None,
            entities,
        }),
        ..StoredMessage::default()
    };
    let bot_id = w.bots[0].id.unwrap_or_default();
    let stored = w.bots[0].append_message(id, message);
    let message_id = stored.message_id;
    let update = render::message_json(bot_id, &w.users[&id], stored);
    w.push_update(0, "message", update);
    Ok(Json(json!({ "message_id": message_id })))
}

#[derive(Deserialize)]
pub struct Press {
    message_id: i32,
    data: String,
}

pub async fn press_button(
    State(app): State<SharedApp>,
    Path(id): Path<u64>,
    Json(body): Json<Press>,
) -> ControlResult {
    let mut w = app.lock();
    let user = w.users.get(&id).ok_or_else(|| ControlError::no_user(id))?;
    let bot_id = w.bots[0].id.unwrap_or_default();
    let message = w.bots[0]
        .chats
        .get(&id)
        .and_then(|chat| chat.get(body.message_id))
        .filter(|m| m.from_bot)
        .ok_or_else(|| {
            ControlError::bad_request(format!("no bot message {} in this chat", body.message_id))
        })?;
    if !keyboard::has_callback(message.reply_markup.as_ref(), &body.data) {
        return Err(ControlError::bad_request(format!(
            "message {} has no button with callback_data {:?}",
            body.message_id, body.data
        )));
    }
    let query_id = ids::query_id();
    let mut query = json!({
        "id": query_id,
        "chat_instance": format!("{}", id.wrapping_mul(2_654_435_761) % 1_000_000_007),
        "data": body.data,
    });
    // Put in place rather than through `json!`, which would copy them.
    query["from"] = render::user_json(user);
    query["message"] = render::message_json(bot_id, user, message);
    w.bots[0].callbacks.insert(query_id.clone(), false);
    w.push_update(0, "callback_query", query);
    Ok(Json(json!({ "callback_query_id": query_id })))
}

#[derive(Deserialize)]
pub struct ChatQuery {
    after: Option<i32>,
    wait_ms: Option<u64>,
    /// Only the messages after this one: a long chat is not sent whole on every poll.
    since: Option<i32>,
    /// With `after`: waits for a bot message whose text (or caption) starts with this.
    starts_with: Option<String>,
}

/// The chat, oldest first; with `after`, waits (up to `wait_ms`) for a newer bot message (one
/// whose text starts with `starts_with`, when given); with `since`, only the messages after that
/// one.
pub async fn chat(
    State(app): State<SharedApp>,
    Path(id): Path<u64>,
    Query(q): Query<ChatQuery>,
) -> ControlResult {
    let deadline = Instant::now() + Duration::from_millis(q.wait_ms.unwrap_or(0).min(MAX_WAIT_MS));
    let shutdown = app.shutting_down();
    tokio::pin!(shutdown);
    let mut waiting = false;
    loop {
        let mut signal = {
            let mut w = app.lock();
            if !w.users.contains_key(&id) {
                return Err(ControlError::no_user(id));
            }
            let chat = w.bots[0].chats.get(&id);
            let ready = match q.after {
                None => true,
                Some(after) => chat.is_some_and(|c| {
                    c.messages
                        .iter()
                        .rev()
                        .take_while(|m| m.message_id > after)
                        .any(|m| {
                            m.from_bot
                                && q.starts_with.as_deref().is_none_or(|start| {
                                    m.text
                                        .as_ref()
                                        .or(m.caption.as_ref())
                                        .is_some_and(|t| t.plain.starts_with(start))
                                })
                        })
                }),
            };
            if ready || Instant::now() >= deadline {
                let since = q.since.unwrap_or(0);
                let messages: Vec<Value> = chat
                    .map(|c| {
                        let newer = c
                            .messages
                            .iter()
                            .rev()
                            .take_while(|m| m.message_id > since)
                            .count();
                        c.messages[c.messages.len() - newer..]
                            .iter()
                            .map(render::chat_view_json)
                            .collect()
                    })
                    .unwrap_or_default();
                return Ok(Json(Value::Array(messages)));
            }
            if !waiting {
                waiting = true;
                w.stats.chat_waits += 1;
            }
            w.bots[0].chats.entry(id).or_default().outbox.subscribe()
        };
        tokio::select! {
            _ = signal.changed() => {}
            _ = tokio::time::sleep_until(deadline) => {}
            _ = &mut shutdown => {
                return Err(ControlError::not_found("the simulator is shutting down"));
            }
        }
    }
}
