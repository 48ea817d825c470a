//! Long polling through the inbox: a fetched batch is stored in one transaction before the next
//! `getUpdates` confirms it to Telegram, and unfinished updates from the last run come first.

use std::{collections::VecDeque, pin::Pin, sync::Arc, time::Duration};

use futures::Stream;
use teloxide::{
    RequestError,
    prelude::*,
    stop::{StopFlag, StopToken, mk_stop_token},
    types::AllowedUpdate,
    update_listeners::{StatefulListener, UpdateListener},
};

use crate::{db::Store, inbox, telegram::RetryPolicy};

/// What the listener reports about its connection to Telegram.
pub trait PollObserver: Send + Sync {
    fn fetched(&self, count: usize);
    fn failed(&self, error: &str);
}

pub struct State {
    bot: Bot,
    /// The bot's id: its updates are stored under it.
    bot_id: i64,
    store: Store,
    buffer: VecDeque<Update>,
    offset: i32,
    poll_timeout: u32,
    flag: Option<StopFlag>,
    token: StopToken,
    observer: Arc<dyn PollObserver>,
}

pub fn inbox_polling(
    bot: Bot,
    bot_id: i64,
    store: Store,
    unfinished: Vec<Update>,
    poll_timeout: u32,
    observer: Arc<dyn PollObserver>,
) -> impl UpdateListener<Err = RequestError> {
    let (token, flag) = mk_stop_token();
    let state = State {
        bot,
        bot_id,
        store,
        buffer: unfinished.into(),
        offset: 0,
        poll_timeout,
        flag: Some(flag),
        token,
        observer,
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
                if let Some(update) = st.buffer.pop_front() {
                    return Some((Ok(update), (st, flag, delays)));
                }
                if flag.is_stopped() {
                    return None;
                }
                let request = st
                    .bot
                    .get_updates()
                    .offset(st.offset)
                    .timeout(st.poll_timeout)
                    .allowed_updates(ALLOWED)
                    .send();
                let result = tokio::select! {
                    r = request => r,
                    _ = flag.as_mut() => return None,
                };
                match result {
                    Ok(updates) => {
                        delays = backoff();
                        let next = updates.iter().map(|u| u.id.0 as i32 + 1).max();
                        match inbox::store_batch(&st.store, st.bot_id, updates).await {
                            Ok(fresh) => {
                                // Only now may the next request confirm this batch to Telegram.
                                if let Some(next) = next {
                                    st.offset = st.offset.max(next);
                                }
                                st.observer.fetched(fresh.len());
                                st.buffer.extend(fresh);
                            }
                            Err(e) => {
                                // The offset stays: Telegram sends the same batch again.
                                st.observer.failed(&format!("could not store updates: {e}"));
                                tokio::time::sleep(Duration::from_secs(1)).await;
                            }
                        }
                    }
                    Err(e) => {
                        st.observer.failed(&e.to_string());
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
