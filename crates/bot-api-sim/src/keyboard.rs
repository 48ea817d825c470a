//! reply_markup validation: inline keyboards are checked and kept, other keyboards accepted.

use serde_json::{Value, json};

use crate::error::ApiError;

/// The action fields an inline button may carry; exactly one is required.
const BUTTON_ACTIONS: &[&str] = &[
    "url",
    "login_url",
    "callback_data",
    "web_app",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
];

/// Validates a reply_markup; returns the inline keyboard to store with the message, if any.
pub fn inline_markup(markup: Option<Value>) -> Result<Option<Value>, ApiError> {
    let Some(markup) = markup else {
        return Ok(None);
    };
    let Some(object) = markup.as_object() else {
        return Err(ApiError::bad_request(
            "can't parse reply keyboard markup JSON object",
        ));
    };
    let Some(rows) = object.get("inline_keyboard") else {
        // Reply keyboards, their removal and force_reply never show up in a Message.
        let known = ["keyboard", "remove_keyboard", "force_reply"];
        if known.iter().any(|k| object.contains_key(*k)) {
            return Ok(None);
        }
        return Err(ApiError::bad_request(
            "can't parse reply keyboard markup JSON object",
        ));
    };
    let Some(rows) = rows.as_array() else {
        return Err(ApiError::bad_request(
            "field \"inline_keyboard\" must be an Array",
        ));
    };
    for row in rows {
        let Some(buttons) = row.as_array() else {
            return Err(ApiError::bad_request(
                "field \"inline_keyboard\" must be an Array of Array",
            ));
        };
        for button in buttons {
            check_button(button)?;
        }
    }
    if rows.iter().all(|r| r.as_array().is_some_and(Vec::is_empty)) {
        return Ok(None);
    }
    Ok(Some(json!({ "inline_keyboard": rows })))
}

fn check_button(button: &Value) -> Result<(), ApiError> {
    let Some(b) = button.as_object() else {
        return Err(ApiError::bad_request(
            "can't parse inline keyboard button: object expected",
        ));
    };
    if !b.get("text").is_some_and(Value::is_string) {
        return Err(ApiError::bad_request(
            "can't parse inline keyboard button: Field \"text\" must be of type String",
        ));
    }
    let actions = BUTTON_ACTIONS
        .iter()
        .filter(|a| b.contains_key(**a))
        .count();
    if actions == 0 {
        return Err(ApiError::bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ));
    }
    if let Some(data) = b.get("callback_data") {
        let len = data.as_str().map(str::len).unwrap_or_default();
        if !(1..=64).contains(&len) {
            return Err(ApiError::bad_request("BUTTON_DATA_INVALID"));
        }
    }
    if let Some(u) = b.get("url")
        && u.as_str().and_then(|s| url::Url::parse(s).ok()).is_none()
    {
        return Err(ApiError::bad_request("BUTTON_URL_INVALID"));
    }
    Ok(())
}

/// Whether the message's keyboard has a button carrying exactly this callback_data.
pub fn has_callback(markup: Option<&Value>, data: &str) -> bool {
    let rows = markup.and_then(|m| m["inline_keyboard"].as_array());
    rows.into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .any(|button| button.get("callback_data").and_then(Value::as_str) == Some(data))
}

/// Whether the first button is a Pay button, which Telegram requires of an invoice's keyboard.
pub fn first_is_pay(markup: &Value) -> bool {
    markup["inline_keyboard"][0][0]["pay"] == json!(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_buttons() {
        let ok = json!({"inline_keyboard": [[{"text": "Buy", "callback_data": "buy:1"}]]});
        assert_eq!(inline_markup(Some(ok.clone())).unwrap(), Some(ok.clone()));
        assert!(has_callback(Some(&ok), "buy:1"));
        assert!(!has_callback(Some(&ok), "buy:2"));
        let long = json!({"inline_keyboard": [[{"text": "x", "callback_data": "x".repeat(65)}]]});
        assert!(inline_markup(Some(long)).is_err());
        let bare = json!({"inline_keyboard": [[{"text": "x"}]]});
        assert!(inline_markup(Some(bare)).is_err());
        let reply = json!({"keyboard": [[{"text": "x"}]]});
        assert_eq!(inline_markup(Some(reply)).unwrap(), None);
    }
}
