//! Telegram's send limits as token buckets: about 30 messages/s overall, 1/s per chat.

use std::{collections::HashMap, time::Instant};

const GLOBAL_RATE: f64 = 30.0;
const GLOBAL_BURST: f64 = 30.0;
const CHAT_RATE: f64 = 1.0;
const CHAT_BURST: f64 = 3.0;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn full(capacity: f64, now: Instant) -> Self {
        Self {
            tokens: capacity,
            at: now,
        }
    }

    fn refill(&mut self, rate: f64, capacity: f64, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate).min(capacity);
        self.at = now;
    }

    /// Seconds until one token is available.
    fn wait(&self, rate: f64) -> f64 {
        if self.tokens >= 1.0 {
            0.0
        } else {
            (1.0 - self.tokens) / rate
        }
    }
}

/// Real time, not virtual: the limits protect Telegram's servers, whose clocks do not jump.
#[derive(Debug, Default)]
pub struct RateLimiter {
    global: Option<Bucket>,
    chats: HashMap<i64, Bucket>,
}

impl RateLimiter {
    /// Takes a send permit for `chat_id`, or says how many seconds to wait (at least 1).
    pub fn acquire(&mut self, chat_id: i64) -> Result<(), u64> {
        let now = Instant::now();
        let global = self
            .global
            .get_or_insert_with(|| Bucket::full(GLOBAL_BURST, now));
        global.refill(GLOBAL_RATE, GLOBAL_BURST, now);
        let chat = self
            .chats
            .entry(chat_id)
            .or_insert_with(|| Bucket::full(CHAT_BURST, now));
        chat.refill(CHAT_RATE, CHAT_BURST, now);
        let wait = global.wait(GLOBAL_RATE).max(chat.wait(CHAT_RATE));
        if wait > 0.0 {
            return Err((wait.ceil() as u64).max(1));
        }
        global.tokens -= 1.0;
        chat.tokens -= 1.0;
        Ok(())
    }

    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_chat_burst_of_three() {
        let mut limiter = RateLimiter::default();
        assert!((0..3).all(|_| limiter.acquire(1).is_ok()));
        assert_eq!(limiter.acquire(1), Err(1));
        assert!(limiter.acquire(2).is_ok());
    }

    #[test]
    fn global_limit_of_thirty() {
        let mut limiter = RateLimiter::default();
        let sent = (0..40).filter(|i| limiter.acquire(*i).is_ok()).count();
        assert_eq!(sent, 30);
    }
}
