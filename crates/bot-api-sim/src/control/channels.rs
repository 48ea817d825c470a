//! Private channels for access delivery: creating them, joining by invite link, members.

use axum::{
    Json,
    extract::{Path, State},
};
use serde::Deserialize;
use serde_json::json;

use super::{ControlError, ControlResult};
use crate::app::SharedApp;

#[derive(Deserialize)]
pub struct NewChannel {
    title: String,
    /// A chosen chat id (a channel that must keep its id across restarts); an existing channel
    /// with that id is kept as it is.
    id: Option<i64>,
}

pub async fn create(State(app): State<SharedApp>, Json(body): Json<NewChannel>) -> ControlResult {
    if body.title.trim().is_empty() {
        return Err(ControlError::bad_request("title must not be empty"));
    }
    if body.id.is_some_and(|id| id >= 0) {
        return Err(ControlError::bad_request("a channel's id is negative"));
    }
    let id = app.lock().add_channel(body.title, body.id);
    Ok(Json(json!({ "id": id })))
}

pub async fn list(State(app): State<SharedApp>) -> ControlResult {
    let w = app.lock();
    let channels: Vec<_> = w
        .channels
        .values()
        .map(|c| json!({ "id": c.id, "title": c.title, "members": c.members.len() }))
        .collect();
    Ok(Json(json!({ "channels": channels })))
}

pub async fn members(State(app): State<SharedApp>, Path(id): Path<i64>) -> ControlResult {
    let w = app.lock();
    let channel = w
        .channels
        .get(&id)
        .ok_or_else(|| ControlError::not_found(format!("no channel {id}")))?;
    let members: Vec<u64> = channel.members.iter().copied().collect();
    Ok(Json(json!({ "members": members })))
}

#[derive(Deserialize)]
pub struct Join {
    invite_link: String,
}

/// Joins with an invite link, refusing as Telegram would: unknown, revoked or expired links,
/// a used-up member limit, a ban, or a link that needs an administrator's approval.
pub async fn join(
    State(app): State<SharedApp>,
    Path(user_id): Path<u64>,
    Json(body): Json<Join>,
) -> ControlResult {
    let mut guard = app.lock();
    let w = &mut *guard;
    if !w.users.contains_key(&user_id) {
        return Err(ControlError::no_user(user_id));
    }
    let now = w.now();
    let link = w
        .invite_links
        .get_mut(&body.invite_link)
        .ok_or_else(|| ControlError::bad_request("INVITE_HASH_INVALID"))?;
    let channel = w
        .channels
        .get_mut(&link.chat_id)
        .ok_or_else(|| ControlError::bad_request("CHANNEL_PRIVATE"))?;
    if channel.members.contains(&user_id) {
        return Ok(Json(json!({ "joined": true })));
    }
    if link.revoked || link.expire_date.is_some_and(|expiry| now >= expiry) {
        return Err(ControlError::bad_request("INVITE_HASH_EXPIRED"));
    }
    if channel.banned.contains(&user_id) {
        return Err(ControlError::bad_request("USER_BANNED_IN_CHANNEL"));
    }
    if link.member_limit.is_some_and(|limit| link.joined >= limit) {
        return Err(ControlError::bad_request("USERS_TOO_MUCH"));
    }
    if link.creates_join_request {
        return Err(ControlError::bad_request("INVITE_REQUEST_SENT"));
    }
    link.joined += 1;
    channel.members.insert(user_id);
    Ok(Json(json!({ "joined": true })))
}
