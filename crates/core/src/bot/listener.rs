//! Long polling through the inbox: a fetched batch is stored in one transaction before the next
//! `getUpdates` confirms it to Telegram, and unfinished updates from the last run come first.
//! The batch's pre-checkout queries are handed out at once, before that transaction: they are
//! not stored (see [`inbox::answered_unstored`]), and a customer waiting on Pay should not wait
//! on the writer. A chat past its backlog (`flood`) has its excess marked done here, before any
//! queue.
//!
//! `getUpdates` is a plain JSON call rather than teloxide's: teloxide waits 10 s after any 5xx
//! before it returns the error, and that would hold every pre-checkout query behind it past
//! Telegram's 10 s.

use std::{collections::VecDeque, pin::Pin, sync::Arc, time::Duration};

use futures::Stream;
use serde_json::json;
use teloxide::{
    RequestError,
    prelude::*,
    stop::{StopFlag, StopToken, mk_stop_token},
    types::AllowedUpdate,
    update_listeners::{StatefulListener, UpdateListener},
};

use crate::{
    bot::{
        flood::{FloodGuard, Verdict},
        method_url,
    },
    db::Store,
    inbox::{self, Finisher},
    telegram::RetryPolicy,
};

/// What the listener reports about its connection to Telegram.
pub trait PollObserver: Send + Sync {
    fn fetched(&self, count: usize);
    fn failed(&self, error: &str);
}

/// What a listener polls with and hands its updates to.
pub struct Polling {
    pub bot: Bot,
    /// The bot's id: its updates are stored under it.
    pub bot_id: i64,
    pub store: Store,
    /// Seconds a `getUpdates` long poll waits.
    pub poll_timeout: u32,
    pub observer: Arc<dyn PollObserver>,
    pub flood: Arc<FloodGuard>,
    /// Marks the updates the listener ignores done.
    pub finisher: Finisher,
    /// Told the simulator's time with each batch (demo mode and tests).
    pub clock: crate::clock::Clock,
}

pub struct State {
    polling: Polling,
    buffer: VecDeque<Update>,
    /// A fetched batch (less its pre-checkout queries) still to store, and the offset that
    /// confirms it once stored.
    unstored: Option<(Vec<Update>, Option<i32>)>,
    offset: i32,
    flag: Option<StopFlag>,
    token: StopToken,
}

/// The listener, starting with the updates a previous run left unfinished. Its stop token
/// (`UpdateListener::stop_token`) ends it at once, even in the middle of a long poll.
pub fn inbox_polling(
    polling: Polling,
    unfinished: Vec<Update>,
) -> impl UpdateListener<Err = RequestError> {
    let (token, flag) = mk_stop_token();
    let state = State {
        polling,
        buffer: unfinished.into(),
        unstored: None,
        offset: 0,
        flag: Some(flag),
        token,
    };
    StatefulListener::new(state, stream, |st: &mut State| st.token.clone())
}

const ALLOWED: [AllowedUpdate; 4] = [
    AllowedUpdate::Message,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::PreCheckoutQuery,
    AllowedUpdate::MyChatMember,
];

fn stream(st: &mut State) -> impl Stream<Item = Result<Update, RequestError>> + Send + '_ {
    let flag: Pin<Box<StopFlag>> = Box::pin(st.flag.take().expect("the listener streams once"));
    let backoff = || RetryPolicy::default().endless();
    futures::stream::unfold(
        (st, flag, backoff()),
        move |(st, mut flag, mut delays)| async move {
            loop {
                // Once stopped, what is still buffered stays unfinished in the inbox for the
                // next start.
                if flag.is_stopped() {
                    return None;
                }
                if let Some(update) = st.buffer.pop_front() {
                    if st.polling.flood.admit(&update) == Verdict::Ignore {
                        st.polling.finisher.done(&update);
                        continue;
                    }
                    return Some((Ok(update), (st, flag, delays)));
                }
                let p = &st.polling;
                if let Some((updates, next)) = st.unstored.take() {
                    match inbox::store_batch(&p.store, p.bot_id, updates).await {
                        Ok(fresh) => {
                            // Only now may the next request confirm this batch to Telegram.
                            if let Some(next) = next {
                                st.offset = st.offset.max(next);
                            }
                            p.observer.fetched(fresh.len());
                            st.buffer.extend(fresh);
                        }
                        Err(e) => {
                            // The offset stays: Telegram sends the same batch again.
                            p.observer.failed(&format!("could not store updates: {e}"));
                            tokio::select! {
                                _ = tokio::time::sleep(Duration::from_secs(1)) => {},
                                _ = flag.as_mut() => return None,
                            }
                        }
                    }
                    continue;
                }
                let request = get_updates(&p.bot, &p.clock, st.offset, p.poll_timeout);
                let result = tokio::select! {
                    r = request => r,
                    _ = flag.as_mut() => return None,
                };
                match result {
                    Ok((updates, next)) => {
                        delays = backoff();
                        let (questions, rest) = inbox::answered_unstored(updates);
                        if !questions.is_empty() {
                            p.observer.fetched(questions.len());
                        }
                        st.buffer.extend(questions);
                        st.unstored = Some((rest, next));
                    }
                    Err(e) => {
                        p.observer.failed(&e.to_string());
                        let next = delays.next().unwrap_or(Duration::from_secs(5));
                        let wait = match &e {
                            RequestError::RetryAfter(s) => s.duration(),
                            _ => next,
                        };
                        tokio::select! {
                            _ = tokio::time::sleep(wait) => {},
                            _ = flag.as_mut() => return None,
                        }
                        return Some((Err(e), (st, flag, delays)));
                    }
                }
            }
        },
    )
}

/// One long poll: the updates, and the offset that confirms the whole batch.
async fn get_updates(
    bot: &Bot,
    clock: &crate::clock::Clock,
    offset: i32,
    timeout: u32,
) -> Result<(Vec<Update>, Option<i32>), RequestError> {
    let params = json!({ "offset": offset, "timeout": timeout, "allowed_updates": ALLOWED });
    let wait = Duration::from_secs(u64::from(timeout) + 10);
    let res = bot
        .client()
        .post(method_url(bot, "getUpdates"))
        .json(&params)
        .timeout(wait)
        .send()
        .await
        .map_err(|e| RequestError::from(e.without_url()))?;
    // The simulator says its (virtual) time with each batch; Telegram says nothing.
    if let Some(now) = res
        .headers()
        .get(SIM_NOW)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
    {
        clock.observe(now);
    }
    let text = res
        .text()
        .await
        .map_err(|e| RequestError::from(e.without_url()))?;
    let updates = crate::telegram::read_answer(&text)?;
    Ok(with_offset(updates))
}

/// The header of the simulator's `getUpdates` answer with its virtual time (Unix seconds).
pub const SIM_NOW: &str = "x-sim-now";

/// A batch, and the offset that confirms it (an update that does not parse is
/// `UpdateKind::Error`, its id kept).
fn with_offset(updates: Vec<Update>) -> (Vec<Update>, Option<i32>) {
    let next = updates.iter().map(|u| u.id.0 as i32 + 1).max();
    (updates, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::{ApiError, types::UpdateKind};

    /// Telegram's answer to `getUpdates` as the listener reads it.
    fn read_updates(text: &str) -> Result<(Vec<Update>, Option<i32>), RequestError> {
        crate::telegram::read_answer(text).map(with_offset)
    }

    #[test]
    fn a_batch_and_the_offset_that_confirms_it() {
        let text = r#"{"ok":true,"result":[
            {"update_id":7,"message":{"message_id":1,"date":0,"chat":{"id":5,"type":"private","first_name":"A"},"from":{"id":5,"is_bot":false,"first_name":"A"},"text":"/shop"}},
            {"update_id":9,"something_new":{"x":1}}]}"#;
        let (updates, next) = read_updates(text).unwrap();
        assert_eq!(updates.len(), 2);
        assert!(matches!(updates[0].kind, UpdateKind::Message(_)));
        // A kind this version does not know is kept (and confirmed), not a failed batch.
        assert!(matches!(updates[1].kind, UpdateKind::Error(_)));
        assert_eq!(next, Some(10));
        assert_eq!(read_updates(r#"{"ok":true,"result":[]}"#).unwrap().1, None);
    }

    #[test]
    fn telegrams_refusals_read_as_teloxide_reads_them() {
        let unauthorized = r#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#;
        assert!(matches!(
            read_updates(unauthorized),
            Err(RequestError::Api(ApiError::InvalidToken))
        ));
        let wait = r#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}"#;
        assert!(matches!(read_updates(wait), Err(RequestError::RetryAfter(s)) if s.seconds() == 3));
        let gateway = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        assert!(matches!(
            read_updates(gateway),
            Err(RequestError::InvalidJson { .. })
        ));
    }
}
