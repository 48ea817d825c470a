//! The bot itself: getMe and its command menu.

use serde_json::{Value, json};

use super::bot_id;
use crate::{
    error::{ApiError, ApiResult},
    params::Params,
    render,
    world::World,
};

/// The key under which the plain command list (no scope, no language) is kept.
pub const DEFAULT_COMMANDS_KEY: &str = "default|";

pub fn get_me(w: &mut World, bot: usize) -> ApiResult {
    Ok(render::me_json(bot_id(w, bot)))
}

/// Command lists are kept per scope and language, as Telegram does.
fn commands_key(p: &Params) -> Result<String, ApiError> {
    let language = p.str("language_code").unwrap_or_default();
    let scope = match p.json("scope")? {
        None => "default".to_owned(),
        Some(Value::Object(scope)) => {
            let kind = scope
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("default");
            let mut key = kind.to_owned();
            for field in ["chat_id", "user_id"] {
                if let Some(v) = scope.get(field) {
                    key.push_str(&format!(":{v}"));
                }
            }
            key
        }
        Some(_) => return Err(ApiError::invalid("scope")),
    };
    Ok(format!("{scope}|{language}"))
}

pub fn set_my_commands(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let Some(Value::Array(commands)) = p.json("commands")? else {
        return Err(ApiError::bad_request("can't parse commands JSON object"));
    };
    if commands.len() > 100 {
        return Err(ApiError::bad_request("too many commands specified"));
    }
    let mut list = Vec::with_capacity(commands.len());
    for c in &commands {
        let command = c.get("command").and_then(Value::as_str).unwrap_or_default();
        let description = c
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let valid_command = (1..=32).contains(&command.len())
            && command
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid_command {
            return Err(ApiError::bad_request("BOT_COMMAND_INVALID"));
        }
        if !(1..=256).contains(&description.chars().count()) {
            return Err(ApiError::bad_request("BOT_COMMAND_DESCRIPTION_INVALID"));
        }
        list.push(json!({ "command": command, "description": description }));
    }
    let key = commands_key(p)?;
    w.bots[bot].commands.insert(key, Value::Array(list));
    Ok(json!(true))
}

pub fn get_my_commands(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    let key = commands_key(p)?;
    Ok(w.bots[bot]
        .commands
        .get(&key)
        .cloned()
        .unwrap_or_else(|| json!([])))
}
