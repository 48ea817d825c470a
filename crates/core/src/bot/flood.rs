//! A customer who writes faster than the shop can answer them: once a chat has `BACKLOG` updates
//! waiting for its handler, whatever else it sends is ignored until the handler catches up, so
//! that one chat never holds up another.
//!
//! The budget is a chat's backlog rather than a rate: what stalls the shop is one chat's queue
//! growing, and how fast a chat may write depends on how fast its answers can go. With Telegram's
//! limit of one message a second to a chat, a chat that writes faster is cut at ten answers (ten
//! seconds) behind; a customer the bot keeps up with is never refused, however quick (one who
//! opens thirty invoices in a row; an album, up to ten items at once). The backlog is checked in
//! the update listener, before the dispatcher's queue of the chat, without waiting on anything,
//! and stays far below that queue (`WORKER_QUEUE`): it never fills, so the dispatcher never waits
//! on one chat with every other update behind.
//!
//! A flood is flagged to the merchant once, as it begins; once it is over (the chat caught up and
//! nothing ignored for `QUIET`), the flag says how many updates were ignored. The customer is told
//! once per flood to slow down.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::json;
use teloxide::types::{MessageKind, Update, UpdateKind};
use tokio::{sync::mpsc, task::JoinHandle};

use crate::{attention, bot::Api, shop::Shop, texts};

/// Updates of one chat that may wait for its handler.
pub const BACKLOG: u32 = 10;
/// A flood is over once the chat has caught up and nothing was ignored for this long.
pub const QUIET: Duration = Duration::from_secs(10);
/// The dispatcher's queue of one chat (and of the updates that belong to no chat's queue).
pub const WORKER_QUEUE: usize = 256;
const _: () = assert!((BACKLOG as usize) < WORKER_QUEUE);

/// What an attention item about a flood is filed under.
pub const KIND: &str = "flood";

/// The chat whose backlog an update joins: a customer's own messages and button presses.
/// Payments, refunds and the bot's membership changes are never held back.
pub fn backlog_of(update: &Update) -> Option<i64> {
    match &update.kind {
        UpdateKind::Message(m) => match &m.kind {
            MessageKind::SuccessfulPayment(_) | MessageKind::RefundedPayment(_) => None,
            _ => Some(m.chat.id.0),
        },
        UpdateKind::CallbackQuery(q) => q.message.as_ref().map(|m| m.chat().id.0),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// On to the handler.
    Pass,
    /// Past the chat's backlog: marked done without a handler.
    Ignore,
}

struct Chat {
    /// Let through, not yet taken up by the handler.
    waiting: u32,
    flood: Option<Flood>,
}

struct Flood {
    began: Instant,
    last: Instant,
    ignored: u64,
}

/// A flood that began: whom to flag and how to tell the customer.
struct Began {
    chat: i64,
    who: String,
    /// A button press is answered on the button; a message with a message.
    callback: Option<String>,
}

/// A flood that is over.
struct Ended {
    chat: i64,
    ignored: u64,
    lasted: Duration,
}

/// The backlogs of the chats, shared by the listener (which lets updates through) and the
/// handler tree (which takes them up).
pub struct FloodGuard {
    chats: Mutex<HashMap<i64, Chat>>,
    began: mpsc::UnboundedSender<Began>,
}

impl FloodGuard {
    /// The guard, and the task that flags floods to the merchant and tells the customer; the
    /// task ends when it is aborted.
    pub fn start(shop: Shop, api: Api) -> (Arc<FloodGuard>, JoinHandle<()>) {
        let (began, rx) = mpsc::unbounded_channel();
        let guard = Arc::new(FloodGuard {
            chats: Mutex::new(HashMap::new()),
            began,
        });
        let task = tokio::spawn(report(guard.clone(), shop, api, rx));
        (guard, task)
    }

    /// Whether an update fits its chat's backlog; an update of no chat's backlog always does.
    pub fn admit(&self, update: &Update) -> Verdict {
        let Some(chat) = backlog_of(update) else {
            return Verdict::Pass;
        };
        let now = Instant::now();
        let mut chats = self.chats.lock().expect("flood lock");
        let state = chats.entry(chat).or_insert(Chat {
            waiting: 0,
            flood: None,
        });
        if state.waiting < BACKLOG {
            state.waiting += 1;
            return Verdict::Pass;
        }
        match &mut state.flood {
            Some(flood) => {
                flood.ignored += 1;
                flood.last = now;
            }
            None => {
                state.flood = Some(Flood {
                    began: now,
                    last: now,
                    ignored: 1,
                });
                let _ = self.began.send(Began {
                    chat,
                    who: who(update),
                    callback: match &update.kind {
                        UpdateKind::CallbackQuery(q) => Some(q.id.0.clone()),
                        _ => None,
                    },
                });
            }
        }
        Verdict::Ignore
    }

    /// The handler took up an update the listener let through.
    pub fn taken_up(&self, update: &Update) {
        let Some(chat) = backlog_of(update) else {
            return;
        };
        if let Some(state) = self.chats.lock().expect("flood lock").get_mut(&chat) {
            state.waiting = state.waiting.saturating_sub(1);
        }
    }

    /// Floods that are over; forgets the chats with nothing waiting.
    fn sweep(&self, now: Instant) -> Vec<Ended> {
        let mut ended = Vec::new();
        self.chats
            .lock()
            .expect("flood lock")
            .retain(|&chat, state| {
                let over = state.waiting == 0
                    && state
                        .flood
                        .as_ref()
                        .is_none_or(|f| now.saturating_duration_since(f.last) >= QUIET);
                if over && let Some(flood) = state.flood.take() {
                    ended.push(Ended {
                        chat,
                        ignored: flood.ignored,
                        lasted: flood.last.saturating_duration_since(flood.began),
                    });
                }
                !over
            });
        ended
    }
}

/// The customer behind an update, as the merchant reads it.
fn who(update: &Update) -> String {
    match update.from() {
        Some(u) => match &u.username {
            Some(name) => format!("{} @{name} (customer {})", u.first_name, u.id.0),
            None => format!("{} (customer {})", u.first_name, u.id.0),
        },
        None => "A customer".to_string(),
    }
}

/// Flags each flood as it begins and tells the customer; says how many updates were ignored
/// once it is over.
async fn report(
    guard: Arc<FloodGuard>,
    shop: Shop,
    api: Api,
    mut began: mpsc::UnboundedReceiver<Began>,
) {
    // The flag of each flood still going on, and whom it names.
    let mut open: HashMap<i64, (Option<i64>, String)> = HashMap::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            b = began.recv() => {
                let Some(b) = b else { return };
                tracing::warn!(chat = b.chat, who = %b.who, "a customer writes too fast; the excess is ignored");
                let message = format!(
                    "{} is writing faster than the shop can answer: while {BACKLOG} of their \
                     messages wait for an answer, what else they send is ignored.",
                    b.who
                );
                let id = match attention::raise(&shop, KIND, None, &message).await {
                    Ok(id) => Some(id),
                    Err(e) => {
                        tracing::warn!(error = %e, "a flood was not flagged");
                        None
                    }
                };
                open.insert(b.chat, (id, b.who));
                // The answer takes its turn like any other; the next flood waits for none.
                let api = api.clone();
                let l = crate::customers::lang(&shop.store.read, b.chat)
                    .await
                    .unwrap_or_default();
                tokio::spawn(async move {
                    let sent = match b.callback {
                        Some(id) => api
                            .call(
                                "answerCallbackQuery",
                                json!({"callback_query_id": id, "text": texts::too_fast(l)}),
                            )
                            .await
                            .map(|_| ()),
                        None => api.send_html(b.chat, texts::plain(&texts::too_fast(l))).await,
                    };
                    if let Err(e) = sent {
                        tracing::debug!(error = %e, "the customer was not told to slow down");
                    }
                });
            }
            _ = tick.tick() => {
                for end in guard.sweep(Instant::now()) {
                    let Some((Some(id), who)) = open.remove(&end.chat) else {
                        continue;
                    };
                    let message = format!(
                        "{who} wrote faster than the shop answers: {} messages and button presses \
                         in {} s were ignored, so that no other customer waited.",
                        end.ignored,
                        end.lasted.as_secs().max(1)
                    );
                    if let Err(e) = attention::reword(&shop, id, &message).await {
                        tracing::warn!(error = %e, "a flood's flag was not completed");
                    }
                }
            }
        }
    }
}
