//! JSON shapes as the Bot API and the control API show them.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::model::{
    AffiliatePartner, AffiliateShare, Direction, DocumentRef, FormattedText, InviteLink,
    LedgerEntry, StoredMessage, User,
};

pub const BOT_FIRST_NAME: &str = "Demo Shop";
pub const BOT_USERNAME: &str = "demoshop_bot";

pub fn user_json(user: &User) -> Value {
    let mut v = json!({ "id": user.id, "is_bot": false, "first_name": user.first_name });
    if let Some(username) = &user.username {
        v["username"] = json!(username);
    }
    if let Some(language_code) = &user.language_code {
        v["language_code"] = json!(language_code);
    }
    v
}

pub fn bot_user_json(bot_id: u64) -> Value {
    json!({
        "id": bot_id,
        "is_bot": true,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
    })
}

/// getMe: the bot user plus its capabilities.
pub fn me_json(bot_id: u64) -> Value {
    let mut v = bot_user_json(bot_id);
    let extra = json!({
        "can_join_groups": true,
        "can_read_all_group_messages": false,
        "supports_inline_queries": false,
        "can_connect_to_business": false,
        "has_main_web_app": false,
    });
    merge(&mut v, extra);
    v
}

pub fn private_chat_json(user: &User) -> Value {
    let mut v = json!({ "id": user.id, "type": "private", "first_name": user.first_name });
    if let Some(username) = &user.username {
        v["username"] = json!(username);
    }
    v
}

fn merge(target: &mut Value, extra: Value) {
    if let (Value::Object(t), Value::Object(e)) = (target, extra) {
        t.extend(e);
    }
}

fn document_json(d: &DocumentRef, with_unique_id: bool) -> Value {
    let mut v = Map::new();
    v.insert("file_id".into(), json!(d.file_id));
    if with_unique_id {
        v.insert("file_unique_id".into(), json!(d.file_unique_id));
    }
    if let Some(name) = &d.file_name {
        v.insert("file_name".into(), json!(name));
    }
    v.insert("mime_type".into(), json!(d.mime_type));
    v.insert("file_size".into(), json!(d.file_size));
    Value::Object(v)
}

fn put_text(v: &mut Map<String, Value>, key: &str, entities_key: &str, t: &FormattedText) {
    v.insert(key.into(), json!(t.plain));
    if !t.entities.is_empty() {
        v.insert(entities_key.into(), Value::Array(t.entities.clone()));
    }
}

/// A Message as the bot receives it, in the private chat with `user`.
pub fn message_json(bot_id: u64, user: &User, m: &StoredMessage) -> Value {
    let mut v = Map::new();
    v.insert("message_id".into(), json!(m.message_id));
    let from = if m.from_bot {
        bot_user_json(bot_id)
    } else {
        user_json(user)
    };
    v.insert("from".into(), from);
    v.insert("chat".into(), private_chat_json(user));
    v.insert("date".into(), json!(m.date));
    if let Some(edit_date) = m.edit_date {
        v.insert("edit_date".into(), json!(edit_date));
    }
    if let Some(text) = &m.text {
        put_text(&mut v, "text", "entities", text);
    }
    if let Some(document) = &m.document {
        v.insert("document".into(), document_json(document, true));
    }
    if let Some(caption) = &m.caption {
        put_text(&mut v, "caption", "caption_entities", caption);
    }
    if let Some(invoice) = &m.invoice {
        v.insert(
            "invoice".into(),
            json!({
                "title": invoice.title,
                "description": invoice.description,
                "start_parameter": invoice.start_parameter,
                "currency": invoice.currency,
                "total_amount": invoice.total_amount,
            }),
        );
    }
    if let Some(p) = &m.successful_payment {
        v.insert("successful_payment".into(), p.clone());
    }
    if let Some(p) = &m.refunded_payment {
        v.insert("refunded_payment".into(), p.clone());
    }
    if let Some(markup) = &m.reply_markup {
        v.insert("reply_markup".into(), markup.clone());
    }
    Value::Object(v)
}

/// A message as the customer sees it in `GET /sim/users/{id}/chat`.
pub fn chat_view_json(m: &StoredMessage) -> Value {
    let mut v = Map::new();
    v.insert("message_id".into(), json!(m.message_id));
    v.insert("date".into(), json!(m.date));
    v.insert("from_bot".into(), json!(m.from_bot));
    if let Some(text) = &m.text {
        put_text(&mut v, "text", "entities", text);
        if let Some(html) = &text.html {
            v.insert("html".into(), json!(html));
        }
    }
    if let Some(caption) = &m.caption {
        put_text(&mut v, "caption", "caption_entities", caption);
        if let Some(html) = &caption.html {
            v.insert("caption_html".into(), json!(html));
        }
    }
    if let Some(document) = &m.document {
        v.insert("document".into(), document_json(document, false));
    }
    if let Some(invoice) = &m.invoice {
        let invoice = json!({
            "title": invoice.title,
            "description": invoice.description,
            "currency": invoice.currency,
            "total_amount": invoice.total_amount,
        });
        v.insert("invoice".into(), invoice);
    }
    if let Some(p) = &m.successful_payment {
        v.insert("successful_payment".into(), p.clone());
    }
    if let Some(p) = &m.refunded_payment {
        v.insert("refunded_payment".into(), p.clone());
    }
    if let Some(markup) = &m.reply_markup {
        v.insert("reply_markup".into(), markup.clone());
    }
    if let Some(edit_date) = m.edit_date {
        v.insert("edit_date".into(), json!(edit_date));
    }
    Value::Object(v)
}

/// A StarTransaction; the partner is the source of a payment or the receiver of a refund.
pub fn transaction_json(entry: &LedgerEntry, users: &BTreeMap<u64, User>) -> Value {
    let user = users.get(&entry.user_id).map(user_json).unwrap_or_else(
        || json!({ "id": entry.user_id, "is_bot": false, "first_name": "Deleted Account" }),
    );
    let mut partner = json!({
        "type": "user",
        "transaction_type": "invoice_payment",
        "user": user,
        "invoice_payload": entry.payload,
    });
    if let Some(period) = entry.subscription_period {
        partner["subscription_period"] = json!(period);
    }
    if let Some(share) = &entry.affiliate {
        partner["affiliate"] = affiliate_json(share, users);
    }
    let side = match entry.direction {
        Direction::Incoming => "source",
        Direction::Outgoing => "receiver",
    };
    let mut v = json!({ "id": entry.id, "amount": entry.amount, "date": entry.date });
    if entry.nanostar_amount != 0 {
        v["nanostar_amount"] = json!(entry.nanostar_amount);
    }
    v[side] = partner;
    v
}

/// AffiliateInfo: who received the commission (`affiliate_user` or `affiliate_chat`), the rate,
/// and the Stars they received, `nanostar_amount` only when there is a fraction.
fn affiliate_json(share: &AffiliateShare, users: &BTreeMap<u64, User>) -> Value {
    let mut v = json!({
        "commission_per_mille": share.affiliate.commission_per_mille,
        "amount": share.amount,
    });
    match &share.affiliate.partner {
        AffiliatePartner::User(id) => {
            v["affiliate_user"] = users.get(id).map(user_json).unwrap_or_else(
                || json!({ "id": id, "is_bot": false, "first_name": "Deleted Account" }),
            );
        }
        AffiliatePartner::Chat { id, title } => {
            v["affiliate_chat"] = json!({ "id": id, "type": "channel", "title": title });
        }
    }
    if share.nanostar_amount != 0 {
        v["nanostar_amount"] = json!(share.nanostar_amount);
    }
    v
}

pub fn invite_link_json(link: &InviteLink) -> Value {
    let mut v = json!({
        "invite_link": link.link,
        "creator": bot_user_json(link.creator_bot),
        "creates_join_request": link.creates_join_request,
        "is_primary": false,
        "is_revoked": link.revoked,
    });
    if let Some(name) = &link.name {
        v["name"] = json!(name);
    }
    if let Some(expire_date) = link.expire_date {
        v["expire_date"] = json!(expire_date);
    }
    if let Some(member_limit) = link.member_limit {
        v["member_limit"] = json!(member_limit);
    }
    v
}
