//! Private channels the bot administers: invite links, bans and membership.

use serde_json::{Value, json};

use super::bot_id;
use crate::{
    error::{ApiError, ApiResult},
    ids,
    model::InviteLink,
    params::Params,
    render,
    world::World,
};

fn channel_id(w: &World, p: &Params) -> Result<i64, ApiError> {
    if p.str("chat_id").is_some_and(|s| s.starts_with('@')) {
        return Err(ApiError::chat_not_found());
    }
    let id = p.require_i64("chat_id")?;
    if w.channels.contains_key(&id) {
        Ok(id)
    } else {
        Err(ApiError::chat_not_found())
    }
}

fn known_user(w: &World, p: &Params) -> Result<u64, ApiError> {
    let id = p.require_i64("user_id")?;
    u64::try_from(id)
        .ok()
        .filter(|id| w.users.contains_key(id))
        .ok_or_else(|| ApiError::bad_request("user not found"))
}

pub fn create_chat_invite_link(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let chat_id = channel_id(w, p)?;
    let name = p.str("name").filter(|n| !n.is_empty());
    if name.as_ref().is_some_and(|n| n.chars().count() > 32) {
        return Err(ApiError::bad_request("invite link name is too long"));
    }
    let expire_date = p.i64("expire_date")?.filter(|d| *d > 0);
    let member_limit = match p.i64("member_limit")? {
        None => None,
        Some(n) if (1..=99_999).contains(&n) => Some(n as u32),
        Some(_) => return Err(ApiError::bad_request("USAGE_LIMIT_INVALID")),
    };
    let creates_join_request = p.bool("creates_join_request")?.unwrap_or(false);
    if creates_join_request && member_limit.is_some() {
        return Err(ApiError::bad_request(
            "member limit can't be specified for links requiring administrator approval",
        ));
    }
    let mut link = format!("https://t.me/+{}", ids::invite_hash());
    while w.invite_links.contains_key(&link) {
        link = format!("https://t.me/+{}", ids::invite_hash());
    }
    let invite = InviteLink {
        link: link.clone(),
        chat_id,
        creator_bot: bot_id(w, bot),
        name,
        expire_date,
        member_limit,
        creates_join_request,
        revoked: false,
        joined: 0,
    };
    let rendered = render::invite_link_json(&invite);
    w.invite_links.insert(link, invite);
    Ok(rendered)
}

pub fn revoke_chat_invite_link(w: &mut World, p: &Params) -> ApiResult {
    let chat_id = channel_id(w, p)?;
    let link = p.require_str("invite_link")?;
    match w
        .invite_links
        .get_mut(&link)
        .filter(|l| l.chat_id == chat_id)
    {
        Some(invite) => {
            invite.revoked = true;
            Ok(render::invite_link_json(invite))
        }
        None => Err(ApiError::bad_request("INVITE_HASH_EXPIRED")),
    }
}

pub fn ban_chat_member(w: &mut World, p: &Params) -> ApiResult {
    let chat_id = channel_id(w, p)?;
    let user_id = known_user(w, p)?;
    let channel = w.channels.get_mut(&chat_id).expect("checked above");
    channel.members.remove(&user_id);
    channel.banned.insert(user_id);
    Ok(json!(true))
}

/// Like Telegram: unless only_if_banned, the user ends up outside the chat but free to rejoin,
/// so ban + unban (or a bare unban) removes a member.
pub fn unban_chat_member(w: &mut World, p: &Params) -> ApiResult {
    let chat_id = channel_id(w, p)?;
    let user_id = known_user(w, p)?;
    let only_if_banned = p.bool("only_if_banned")?.unwrap_or(false);
    let channel = w.channels.get_mut(&chat_id).expect("checked above");
    let was_banned = channel.banned.remove(&user_id);
    if !was_banned && !only_if_banned {
        channel.members.remove(&user_id);
    }
    Ok(json!(true))
}

/// A channel as `getChat` describes it (the fields Stardesk reads, and the ones every chat has).
pub fn get_chat(w: &mut World, p: &Params) -> ApiResult {
    let id = channel_id(w, p)?;
    let channel = &w.channels[&id];
    Ok(json!({
        "id": id,
        "type": "channel",
        "title": channel.title,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": false,
            "limited_gifts": false,
            "unique_gifts": false,
            "premium_subscription": false
        }
    }))
}

fn administrator(bot_user: Value) -> Value {
    json!({
        "user": bot_user,
        "status": "administrator",
        "can_be_edited": false,
        "is_anonymous": false,
        "can_manage_chat": true,
        "can_delete_messages": true,
        "can_manage_video_chats": true,
        "can_restrict_members": true,
        "can_promote_members": false,
        "can_change_info": true,
        "can_invite_users": true,
        "can_post_messages": true,
        "can_edit_messages": true,
        "can_post_stories": false,
        "can_edit_stories": false,
        "can_delete_stories": false,
    })
}

pub fn get_chat_member(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let chat_id = p.require_i64("chat_id")?;
    let user_id = p.require_i64("user_id")?;
    let bid = bot_id(w, bot);
    if let Some(channel) = w.channels.get(&chat_id) {
        if u64::try_from(user_id) == Ok(bid) {
            return Ok(administrator(render::bot_user_json(bid)));
        }
        let user_id = known_user(w, p)?;
        let user = render::user_json(&w.users[&user_id]);
        return Ok(if channel.banned.contains(&user_id) {
            json!({ "user": user, "status": "kicked", "until_date": 0 })
        } else if channel.members.contains(&user_id) {
            json!({ "user": user, "status": "member" })
        } else {
            json!({ "user": user, "status": "left" })
        });
    }
    // A private chat has two members: the customer and the bot.
    let customer = u64::try_from(chat_id)
        .ok()
        .filter(|id| w.users.contains_key(id));
    let Some(customer) = customer else {
        return Err(ApiError::chat_not_found());
    };
    if u64::try_from(user_id) == Ok(bid) {
        return Ok(json!({ "user": render::bot_user_json(bid), "status": "member" }));
    }
    if u64::try_from(user_id) != Ok(customer) {
        return Err(ApiError::bad_request("user not found"));
    }
    Ok(json!({ "user": render::user_json(&w.users[&customer]), "status": "member" }))
}
