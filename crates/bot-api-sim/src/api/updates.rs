//! getUpdates long polling (offset confirmation, 24 h expiry, 409 on a newer poll) and webhooks.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::{sync::oneshot, time::Instant};

use crate::{
    app::SharedApp,
    bot::Poller,
    error::{ApiError, ApiResult},
    params::Params,
    world::World,
};

/// Longer polls are cut to this many seconds; Telegram's own cap is in the same range.
const MAX_TIMEOUT: i64 = 600;

pub async fn get_updates(app: &SharedApp, bot: usize, p: &Params) -> ApiResult {
    let offset = p.i64("offset")?.unwrap_or(0);
    let limit = p.i64("limit")?.unwrap_or(100).clamp(1, 100) as usize;
    let timeout = p.i64("timeout")?.unwrap_or(0).clamp(0, MAX_TIMEOUT) as u64;
    let allowed = match p.json("allowed_updates")? {
        None => None,
        Some(Value::Array(kinds)) => Some(
            kinds
                .into_iter()
                .map(|k| {
                    k.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| ApiError::invalid("allowed_updates"))
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(_) => return Err(ApiError::invalid("allowed_updates")),
    };

    let (ticket, mut cancelled, mut signal) = {
        let mut w = app.lock();
        let now_ms = w.now_ms();
        let World { bots, stats, .. } = &mut *w;
        let b = &mut bots[bot];
        // The older request is answered 409 at once, so a restarted bot is never stuck
        // behind the hanging poll of a process that died.
        b.cancel_poller();
        if let Some(kinds) = allowed {
            b.allowed_updates = Some(kinds);
        }
        stats.updates_confirmed += b.confirm_and_expire(offset, now_ms);
        let ready = b.pending_updates(limit);
        if !ready.is_empty() || timeout == 0 {
            stats.updates_sent += ready.len() as u64;
            return Ok(Value::Array(ready));
        }
        let ticket = b.next_poll_ticket;
        b.next_poll_ticket += 1;
        let (cancel, cancelled) = oneshot::channel();
        b.poller = Some(Poller { ticket, cancel });
        (ticket, cancelled, b.updates_signal.subscribe())
    };

    let deadline = Instant::now() + Duration::from_secs(timeout);
    let shutdown = app.shutting_down();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut cancelled => return Err(ApiError::conflict()),
            _ = tokio::time::sleep_until(deadline) => break,
            _ = &mut shutdown => break,
            changed = signal.changed() => if changed.is_err() { break },
        }
        // The new update may be of a kind this bot did not ask for; then keep waiting.
        if let Some(batch) = take_ready(app, bot, ticket, limit, false)? {
            return Ok(batch);
        }
    }
    Ok(take_ready(app, bot, ticket, limit, true)?.unwrap_or_else(|| json!([])))
}

/// Hands out what is ready and retires this poll; `finished` retires it even when empty.
fn take_ready(
    app: &SharedApp,
    bot: usize,
    ticket: u64,
    limit: usize,
    finished: bool,
) -> Result<Option<Value>, ApiError> {
    let mut w = app.lock();
    let World { bots, stats, .. } = &mut *w;
    let b = &mut bots[bot];
    if b.poller.as_ref().is_none_or(|p| p.ticket != ticket) {
        return Err(ApiError::conflict());
    }
    let ready = b.pending_updates(limit);
    if ready.is_empty() && !finished {
        return Ok(None);
    }
    b.poller = None;
    stats.updates_sent += ready.len() as u64;
    Ok(Some(Value::Array(ready)))
}

pub fn delete_webhook(w: &mut World, bot: usize, p: &Params) -> ApiResult {
    if p.bool("drop_pending_updates")?.unwrap_or(false) {
        w.bots[bot].updates.clear();
    }
    Ok(json!(true))
}

pub fn get_webhook_info(w: &mut World, bot: usize) -> ApiResult {
    Ok(json!({
        "url": "",
        "has_custom_certificate": false,
        "pending_update_count": w.bots[bot].updates.len(),
    }))
}
