//! Counters served by `GET /sim/stats`.

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Debug, Default, Clone, Serialize)]
pub struct Stats {
    /// Bot API calls by method name, whatever their outcome.
    pub requests: BTreeMap<String, u64>,
    /// Updates handed out by getUpdates (a redelivered update counts again).
    pub updates_sent: u64,
    /// Updates removed because a later getUpdates offset confirmed them.
    pub updates_confirmed: u64,
    /// Updates queued for the bot.
    pub updates_created: u64,
    /// Every 429 answered, injected or from the rate limiter.
    pub too_many_requests_sent: u64,
    /// Injected 500s and 429s.
    pub errors_injected: u64,
    /// Requests carried out whose response was dropped.
    pub dropped: u64,
    /// Control API chat reads (`GET /sim/users/{id}/chat?after=…`) that began waiting for a
    /// bot message, so that tests can tell when such a read is waiting.
    pub chat_waits: u64,
}

impl Stats {
    pub fn count_request(&mut self, method: &str) {
        if let Some(n) = self.requests.get_mut(method) {
            *n += 1;
        } else {
            self.requests.insert(method.to_owned(), 1);
        }
    }
}
