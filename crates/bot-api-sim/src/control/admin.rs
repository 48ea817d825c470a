//! Simulator-wide controls: the virtual clock, faults, the ledger, stats, the bot, files.

use axum::{
    Json,
    extract::{Path, State},
    http::header::{CONTENT_DISPOSITION, CONTENT_TYPE},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ControlError, ControlResult};
use crate::{api::DEFAULT_COMMANDS_KEY, app::SharedApp, checkout, faults::FaultConfig, render};

#[derive(Deserialize)]
pub struct Advance {
    advance_seconds: i64,
}

pub async fn clock(State(app): State<SharedApp>) -> ControlResult {
    Ok(Json(json!({ "now": app.lock().now() })))
}

/// Moves virtual time forward; what falls due in the jump happens now: pre-checkout queries
/// expire, subscriptions renew or lapse.
pub async fn advance_clock(
    State(app): State<SharedApp>,
    Json(body): Json<Advance>,
) -> ControlResult {
    if body.advance_seconds < 0 {
        return Err(ControlError::bad_request("the clock only moves forward"));
    }
    let mut w = app.lock();
    w.clock_offset_ms += body.advance_seconds * 1000;
    let now_ms = w.now_ms();
    for bot in &mut w.bots {
        bot.expire_checkouts(now_ms);
    }
    checkout::run_renewals(&mut w);
    Ok(Json(json!({ "now": w.now() })))
}

pub async fn transactions(State(app): State<SharedApp>) -> ControlResult {
    let w = app.lock();
    let list: Vec<Value> = w.bots[0]
        .ledger
        .iter()
        .map(|e| render::transaction_json(e, &w.users))
        .collect();
    Ok(Json(json!({ "transactions": list })))
}

pub async fn set_faults(
    State(app): State<SharedApp>,
    Json(config): Json<FaultConfig>,
) -> ControlResult {
    let rates = [config.error_rate, config.retry_after_rate, config.drop_rate];
    if rates.iter().any(|r| !(0.0..=1.0).contains(r)) {
        return Err(ControlError::bad_request("rates must be between 0 and 1"));
    }
    let mut w = app.lock();
    w.faults.configure(config.clone());
    w.rate_limiter.reset();
    Ok(Json(json!(config)))
}

pub async fn faults(State(app): State<SharedApp>) -> ControlResult {
    Ok(Json(json!(app.lock().faults.config)))
}

pub async fn stats(State(app): State<SharedApp>) -> ControlResult {
    Ok(Json(json!(app.lock().stats)))
}

pub async fn bot(State(app): State<SharedApp>) -> ControlResult {
    let w = app.lock();
    let b = &w.bots[0];
    Ok(Json(json!({
        "id": b.id,
        "username": render::BOT_USERNAME,
        "commands": b.commands.get(DEFAULT_COMMANDS_KEY).cloned().unwrap_or_else(|| json!([])),
        "balance": b.balance,
        "balance_nanostars": b.balance_nanos,
    })))
}

#[derive(Deserialize)]
pub struct Withdrawal {
    stars: i64,
}

/// The bot's owner withdraws Stars (as to Fragment): the balance drops, so a refund larger than
/// what is left fails with `BALANCE_TOO_LOW`.
pub async fn withdraw(State(app): State<SharedApp>, Json(body): Json<Withdrawal>) -> ControlResult {
    let mut w = app.lock();
    let b = &mut w.bots[0];
    if body.stars < 0 || body.stars > b.balance {
        return Err(ControlError::bad_request(format!(
            "can withdraw between 0 and {} Stars",
            b.balance
        )));
    }
    b.balance -= body.stars;
    Ok(Json(json!({ "balance": b.balance })))
}

pub async fn file(State(app): State<SharedApp>, Path(file_id): Path<String>) -> Response {
    let w = app.lock();
    let Some(file) = w.files.get(&file_id) else {
        return ControlError::not_found(format!("no file {file_id}")).into_response();
    };
    let disposition = match &file.document.file_name {
        Some(name) => format!("attachment; filename=\"{}\"", name.replace('"', "")),
        None => "attachment".to_owned(),
    };
    (
        [
            (CONTENT_TYPE, file.document.mime_type.clone()),
            (CONTENT_DISPOSITION, disposition),
        ],
        file.bytes.clone(),
    )
        .into_response()
}
