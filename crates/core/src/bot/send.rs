//! Sending to Telegram with retries: 429 honours retry_after, 5xx and network faults back off,
//! and a send that keeps failing is reported, never dropped silently.

use std::{future::Future, time::Duration};

use teloxide::{ApiError, RequestError};

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub first_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 8,
            first_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

/// Whether trying the same request again can succeed.
pub fn is_transient(e: &RequestError) -> bool {
    match e {
        RequestError::RetryAfter(_) | RequestError::Network(_) | RequestError::Io(_) => true,
        // A server error with a body that is not Telegram's JSON (a proxy, a dropped response).
        RequestError::InvalidJson { .. } => true,
        RequestError::Api(ApiError::Unknown(text)) => {
            let t = text.to_ascii_lowercase();
            t.contains("internal server error")
                || t.contains("bad gateway")
                || t.contains("gateway")
                || t.contains("service unavailable")
                || t.contains("too many requests")
        }
        _ => false,
    }
}

/// Runs `send` until it succeeds, fails for good, or the policy runs out.
pub async fn with_retry<T, F, Fut>(
    policy: RetryPolicy,
    what: &str,
    mut send: F,
) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    let mut delay = policy.first_delay;
    let mut attempt = 1;
    loop {
        match send().await {
            Ok(v) => return Ok(v),
            Err(e) if attempt < policy.attempts && is_transient(&e) => {
                let wait = match &e {
                    RequestError::RetryAfter(s) => s.duration(),
                    _ => delay,
                };
                tracing::warn!(%what, attempt, error = %e, ?wait, "Telegram call failed; retrying");
                tokio::time::sleep(wait).await;
                delay = (delay * 2).min(policy.max_delay);
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}
