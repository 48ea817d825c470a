//! The answer to a pre-checkout query, which must reach Telegram within 10 seconds or the
//! payment fails: a plain JSON call, tried again quickly after a server fault, a lost response
//! or a call that hangs, within `BUDGET`.
//!
//! teloxide is not used for it: after any 5xx it waits 10 s before it returns the error, which
//! is the customer's whole window.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use teloxide::Bot;

use crate::bot::method_url;

/// How long the answer may keep trying, counted from when the handler began; Telegram allows
/// 10 s from when it sent the query, which was earlier.
pub const BUDGET: Duration = Duration::from_secs(7);
/// One attempt waits this long at most for Telegram's answer.
pub const ATTEMPT: Duration = Duration::from_secs(2);
/// The pause after the first failed attempt, doubled after each, up to `LONGEST_PAUSE`.
const FIRST_PAUSE: Duration = Duration::from_millis(50);
const LONGEST_PAUSE: Duration = Duration::from_secs(1);

/// How the answer reached Telegram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// Telegram said so.
    Now { attempts: u32 },
    /// An earlier attempt's response was lost, and Telegram now says the query is answered or
    /// gone: the lost attempt is what landed. (Telegram answers the same to any query it no
    /// longer waits for; within the window, this is the one way it gets there.)
    Before { attempts: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    /// Telegram refused the answer as it is.
    #[error("Telegram refused the answer: {0}")]
    Refused(String),
    /// Every attempt within the budget failed.
    #[error("no attempt got through in {attempts} tries: {last}")]
    GaveUp { attempts: u32, last: String },
}

/// What one attempt came to.
enum Attempt {
    Accepted,
    /// Telegram answered and nothing was done: try again (after `after`, when it said).
    Failed(String, Option<Duration>),
    /// No answer came back, or not Telegram's: the call may have landed.
    Unknown(String),
    /// Telegram answered no; `gone` when it no longer knows the query.
    Refused {
        what: String,
        gone: bool,
    },
}

/// Approves (`Ok`) or declines with the customer's reason (`Err`) the pre-checkout query `id`.
pub async fn pre_checkout(
    bot: &Bot,
    id: &str,
    verdict: Result<(), &str>,
) -> Result<Answered, AnswerError> {
    let mut params = json!({ "pre_checkout_query_id": id, "ok": verdict.is_ok() });
    if let Err(reason) = verdict {
        params["error_message"] = reason.into();
    }
    let end = Instant::now() + BUDGET;
    let url = method_url(bot, "answerPreCheckoutQuery");
    let mut pause = FIRST_PAUSE;
    let mut attempts = 0;
    // An earlier attempt may have landed without Telegram's answer coming back.
    let mut maybe_landed = false;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        attempts += 1;
        let last = match attempt(bot, &url, &params, ATTEMPT.min(left)).await {
            Attempt::Accepted => return Ok(Answered::Now { attempts }),
            Attempt::Refused { gone: true, .. } if maybe_landed => {
                return Ok(Answered::Before { attempts });
            }
            Attempt::Refused { what, .. } => return Err(AnswerError::Refused(what)),
            Attempt::Unknown(what) => {
                maybe_landed = true;
                what
            }
            Attempt::Failed(what, after) => {
                pause = pause.max(after.unwrap_or_default());
                what
            }
        };
        let left = end.saturating_duration_since(Instant::now());
        if pause >= left {
            return Err(AnswerError::GaveUp { attempts, last });
        }
        tracing::debug!(error = %last, ?pause, "pre-checkout answer not through; trying again");
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(LONGEST_PAUSE);
    }
}

async fn attempt(bot: &Bot, url: &reqwest::Url, params: &Value, wait: Duration) -> Attempt {
    let sent = bot
        .client()
        .post(url.clone())
        .json(params)
        .timeout(wait)
        .send()
        .await;
    let res = match sent {
        Ok(res) => res,
        // Whether the request reached Telegram is not known (the token stays out of the words).
        Err(e) => return Attempt::Unknown(e.without_url().to_string()),
    };
    let status = res.status().as_u16();
    match res.text().await {
        Ok(text) => classify(status, &text),
        Err(e) => Attempt::Unknown(format!("{status}: {}", e.without_url())),
    }
}

/// What Telegram's answer (its HTTP status and body) says about one attempt.
fn classify(status: u16, text: &str) -> Attempt {
    let Ok(body) = serde_json::from_str::<Value>(text) else {
        // Not Telegram's JSON: a proxy's page, a cut connection. Whether the call landed is
        // not known.
        return Attempt::Unknown(format!("HTTP {status} without Telegram's answer"));
    };
    if body["ok"] == Value::Bool(true) {
        return Attempt::Accepted;
    }
    let what = body["description"]
        .as_str()
        .unwrap_or("no description")
        .to_string();
    let code = body["error_code"].as_u64().unwrap_or(u64::from(status));
    if code == 429 || code >= 500 {
        let after = body["parameters"]["retry_after"]
            .as_u64()
            .map(Duration::from_secs);
        return Attempt::Failed(what, after);
    }
    let lower = what.to_ascii_lowercase();
    let gone = lower.contains("query is too old") || lower.contains("query_id_invalid");
    Attempt::Refused { what, gone }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_answer_is_read_for_what_it_says_about_the_attempt() {
        assert!(matches!(
            classify(200, r#"{"ok":true,"result":true}"#),
            Attempt::Accepted
        ));
        assert!(matches!(
            classify(
                500,
                r#"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#
            ),
            Attempt::Failed(_, None)
        ));
        assert!(matches!(
            classify(429, r#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}"#),
            Attempt::Failed(_, Some(d)) if d == Duration::from_secs(1)
        ));
        // The simulator's lost response, as a gateway would say it.
        assert!(matches!(
            classify(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
            Attempt::Unknown(_)
        ));
        assert!(matches!(
            classify(
                400,
                r#"{"ok":false,"error_code":400,"description":"Bad Request: query is too old and response timeout expired or query ID is invalid"}"#
            ),
            Attempt::Refused { gone: true, .. }
        ));
        assert!(matches!(
            classify(
                400,
                r#"{"ok":false,"error_code":400,"description":"Bad Request: ERROR_MESSAGE_EMPTY"}"#
            ),
            Attempt::Refused { gone: false, .. }
        ));
    }
}
