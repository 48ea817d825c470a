//! Messages the bot sends or changes: sendMessage, editMessageText, sendDocument, callbacks.

use serde_json::{Value, json};

use super::{bot_id, check_rate, user_chat};
use crate::{
    error::{ApiError, ApiResult},
    html, ids, keyboard,
    model::{DocumentRef, FormattedText, StoredFile, StoredMessage},
    params::{FileParam, Params, Upload},
    render,
    world::World,
};

const MAX_TEXT: usize = 4096;
const MAX_CAPTION: usize = 1024;

/// Applies the parse mode to `raw`: HTML is validated as Telegram does.
fn format(
    raw: String,
    parse_mode: Option<String>,
    entities: Option<Value>,
) -> Result<FormattedText, ApiError> {
    match parse_mode.unwrap_or_default().to_ascii_lowercase().as_str() {
        "html" => match html::parse(&raw) {
            Ok(parsed) => Ok(FormattedText {
                plain: parsed.text,
                html: Some(raw),
                entities: parsed.entities,
            }),
            Err(reason) => Err(ApiError::bad_request(format_args!(
                "can't parse entities: {reason}"
            ))),
        },
        "" => {
            let entities = match entities {
                Some(Value::Array(list)) => list,
                _ => Vec::new(),
            };
            Ok(FormattedText {
                plain: raw,
                html: None,
                entities,
            })
        }
        // Markdown is passed through unchecked: the shop speaks HTML.
        "markdown" | "markdownv2" => Ok(FormattedText {
            plain: raw,
            html: None,
            entities: Vec::new(),
        }),
        _ => Err(ApiError::bad_request("unsupported parse_mode")),
    }
}

fn message_text(p: &Params) -> Result<FormattedText, ApiError> {
    let raw = p.str("text").unwrap_or_default();
    let text = format(raw, p.str("parse_mode"), p.json("entities")?)?;
    if text.plain.trim().is_empty() {
        return Err(ApiError::bad_request("message text is empty"));
    }
    if html::utf16_len(&text.plain) > MAX_TEXT {
        return Err(ApiError::bad_request("message is too long"));
    }
    Ok(text)
}

fn caption(p: &Params) -> Result<Option<FormattedText>, ApiError> {
    let raw = p.str("caption").unwrap_or_default();
    if raw.is_empty() {
        return Ok(None);
    }
    let caption = format(raw, p.str("parse_mode"), p.json("caption_entities")?)?;
    if html::utf16_len(&caption.plain) > MAX_CAPTION {
        return Err(ApiError::bad_request("message caption is too long"));
    }
    Ok(Some(caption).filter(|c| !c.plain.trim().is_empty()))
}

/// Stores a message from the bot and returns it as the Bot API shows it.
pub fn deliver(w: &mut World, bot: usize, user_id: u64, message: StoredMessage) -> Value {
    let bid = bot_id(w, bot);
    let stored = w.bots[bot].append_message(user_id, message);
    render::message_json(bid, &w.users[&user_id], stored)
}

pub fn send_message(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let user_id = user_chat(w, p)?;
    let text = message_text(p)?;
    let reply_markup = keyboard::inline_markup(p.json("reply_markup")?)?;
    check_rate(w, user_id as i64)?;
    let message = StoredMessage {
        date: w.now(),
        from_bot: true,
        text: Some(text),
        reply_markup,
        ..StoredMessage::default()
    };
    Ok(deliver(w, bot, user_id, message))
}

pub fn edit_message_text(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    if p.has("inline_message_id") {
        return Err(ApiError::bad_request("MESSAGE_ID_INVALID"));
    }
    let user_id = user_chat(w, p)?;
    let message_id = p.require_i64("message_id")?;
    let text = message_text(p)?;
    // As in Telegram, an edit without reply_markup removes the inline keyboard.
    let reply_markup = keyboard::inline_markup(p.json("reply_markup")?)?;
    let now = w.now();
    let bid = bot_id(w, bot);
    let message = w.bots[bot]
        .chats
        .get_mut(&user_id)
        .and_then(|chat| chat.get_mut(i32::try_from(message_id).ok()?))
        .ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
    if !message.from_bot {
        return Err(ApiError::bad_request("message can't be edited"));
    }
    let Some(old) = &message.text else {
        return Err(ApiError::bad_request(
            "there is no text in the message to edit",
        ));
    };
    if old.plain == text.plain
        && old.entities == text.entities
        && message.reply_markup == reply_markup
    {
        return Err(ApiError::bad_request(
            "message is not modified: specified new message content and reply markup are exactly \
             the same as a current content and reply markup of the message",
        ));
    }
    message.text = Some(text);
    message.reply_markup = reply_markup;
    message.edit_date = Some(now);
    Ok(render::message_json(bid, &w.users[&user_id], message))
}

pub fn delete_message(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let user_id = user_chat(w, p)?;
    let message_id = p.require_i64("message_id")?;
    let chat = w.bots[bot].chats.get_mut(&user_id);
    let removed = chat.and_then(|chat| {
        let i = chat
            .messages
            .iter()
            .position(|m| i64::from(m.message_id) == message_id)?;
        Some(chat.messages.remove(i))
    });
    match removed {
        Some(_) => Ok(json!(true)),
        None => Err(ApiError::bad_request("message to delete not found")),
    }
}

pub fn send_chat_action(w: &mut World, p: &Params) -> ApiResult {
    user_chat(w, p)?;
    Ok(json!(true))
}

pub fn answer_callback_query(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let id = p.require_str("callback_query_id")?;
    match w.bots[bot].callbacks.get_mut(&id) {
        Some(answered) if !*answered => {
            *answered = true;
            Ok(json!(true))
        }
        _ => Err(ApiError::query_too_old()),
    }
}

/// Names the stored type: the declared one unless it is the generic default, else a guess.
fn mime_type(upload: &Upload) -> String {
    let declared = upload
        .content_type
        .as_deref()
        .filter(|t| t.contains('/') && *t != "application/octet-stream");
    match declared {
        Some(t) => t.to_owned(),
        None => upload
            .file_name
            .as_deref()
            .and_then(|name| mime_guess::from_path(name).first())
            .map(|m| m.essence_str().to_owned())
            .unwrap_or_else(|| "application/octet-stream".to_owned()),
    }
}

fn store_upload(w: &mut World, upload: &Upload) -> DocumentRef {
    let mut file_id = ids::file_id();
    while w.files.contains_key(&file_id) {
        file_id = ids::file_id();
    }
    let document = DocumentRef {
        file_id: file_id.clone(),
        file_unique_id: ids::file_unique_id(),
        file_name: upload.file_name.clone().filter(|n| !n.is_empty()),
        mime_type: mime_type(upload),
        file_size: upload.bytes.len() as u64,
    };
    let stored = StoredFile {
        document: document.clone(),
        bytes: upload.bytes.clone(),
    };
    w.files.insert(file_id, stored);
    document
}

pub fn send_document(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let user_id = user_chat(w, p)?;
    let caption = caption(p)?;
    let reply_markup = keyboard::inline_markup(p.json("reply_markup")?)?;
    let source = p
        .file("document")
        .ok_or_else(|| ApiError::bad_request("there is no document in the request"))?;
    match &source {
        FileParam::Reference(r) if r.starts_with("http://") || r.starts_with("https://") => {
            return Err(ApiError::bad_request("failed to get HTTP URL content"));
        }
        FileParam::Reference(r) if !w.files.contains_key(r) => {
            return Err(ApiError::bad_request(
                "wrong file identifier/HTTP URL specified",
            ));
        }
        FileParam::Upload(upload) if upload.bytes.is_empty() => {
            return Err(ApiError::bad_request("file must be non-empty"));
        }
        _ => {}
    }
    check_rate(w, user_id as i64)?;
    let document = match source {
        FileParam::Reference(r) => w.files[&r].document.clone(),
        FileParam::Upload(upload) => store_upload(w, upload),
    };
    let message = StoredMessage {
        date: w.now(),
        from_bot: true,
        caption,
        document: Some(document),
        reply_markup,
        ..StoredMessage::default()
    };
    Ok(deliver(w, bot, user_id, message))
}
