//! A customer who writes faster than the shop can answer: past a burst, their messages and button
//! presses are ignored until their pace drops, so that one chat never holds up another.
//!
//! Each chat has a budget (a token bucket): `BURST` updates at once, then `PER_SECOND`. Telegram
//! lets a bot send one message a second to a chat, and every message or button press earns at
//! least one answer, so a faster pace only builds a queue of answers the customer waits for; ten
//! at once covers a quick hand going through the catalog, and an album (ten items at most). The
//! budget is checked in the update listener, before the dispatcher's queue of the chat, without
//! waiting on anything. Besides the pace, a chat never has more than `QUEUED_AT_MOST` updates
//! waiting for its handler, well below the dispatcher's queue of a chat (`WORKER_QUEUE`): that
//! queue never fills, so the dispatcher never waits on one chat with every other update behind.
//!
//! A flood is flagged to the merchant once, as it begins, and the flag says how many updates were
//! ignored once the customer is back within the budget (a whole burst saved up again). The
//! customer is told once per flood to slow down.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::json;
use teloxide::types::{MessageKind, Update, UpdateKind};
use tokio::{sync::mpsc, task::JoinHandle};

use crate::{attention, bot::Api, shop::Shop, texts};

/// Updates a chat may send at once.
pub const BURST: f64 = 10.0;
/// Updates a chat may send each second, sustained.
pub const PER_SECOND: f64 = 1.0;
/// Updates of one chat let through and not yet taken up by its handler.
pub const QUEUED_AT_MOST: u32 = 32;
/// The dispatcher's queue of one chat (and of the updates that belong to no chat's queue).
pub const WORKER_QUEUE: usize = 256;
const _: () = assert!((QUEUED_AT_MOST as usize) < WORKER_QUEUE);

/// What an attention item about a flood is filed under.
pub const KIND: &str = "flood";

/// The chat whose budget an update spends: a customer's own messages and button presses.
/// Payments, refunds and the bot's membership changes are never held back.
pub fn budgeted_chat(update: &Update) -> Option<i64> {
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
    /// Past the chat's budget: marked done without a handler.
    Ignore,
}

struct Pace {
    tokens: f64,
    at: Instant,
    /// Let through, not yet taken up by the handler.
    queued: u32,
    flood: Option<Flood>,
}

impl Pace {
    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * PER_SECOND).min(BURST);
        self.at = now;
    }
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

/// The budgets of the chats, shared by the listener (which lets updates through) and the
/// handler tree (which takes them up).
pub struct FloodGuard {
    chats: Mutex<HashMap<i64, Pace>>,
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

    /// Whether an update fits its chat's budget; an update of no budget always does.
    pub fn admit(&self, update: &Update) -> Verdict {
        let Some(chat) = budgeted_chat(update) else {
            return Verdict::Pass;
        };
        let now = Instant::now();
        let mut chats = self.chats.lock().expect("flood lock");
        let pace = chats.entry(chat).or_insert(Pace {
            tokens: BURST,
            at: now,
            queued: 0,
            flood: None,
        });
        pace.refill(now);
        if pace.tokens >= 1.0 && pace.queued < QUEUED_AT_MOST {
            pace.tokens -= 1.0;
            pace.queued += 1;
            return Verdict::Pass;
        }
        match &mut pace.flood {
            Some(flood) => {
                flood.ignored += 1;
                flood.last = now;
            }
            None => {
                pace.flood = Some(Flood {
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
        let Some(chat) = budgeted_chat(update) else {
            return;
        };
        if let Some(pace) = self.chats.lock().expect("flood lock").get_mut(&chat) {
            pace.queued = pace.queued.saturating_sub(1);
        }
    }

    /// Floods that are over (the chat saved up a whole burst again); forgets quiet chats.
    fn sweep(&self, now: Instant) -> Vec<Ended> {
        let mut ended = Vec::new();
        self.chats
            .lock()
            .expect("flood lock")
            .retain(|&chat, pace| {
                pace.refill(now);
                let full = pace.tokens >= BURST;
                if full && let Some(flood) = pace.flood.take() {
                    ended.push(Ended {
                        chat,
                        ignored: flood.ignored,
                        lasted: flood.last.saturating_duration_since(flood.began),
                    });
                }
                !(full && pace.queued == 0)
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
                    "{} is writing faster than the shop answers: what comes past {} at once, then \
                     past one a second, is ignored.",
                    b.who, BURST as u32
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
                tokio::spawn(async move {
                    let sent = match b.callback {
                        Some(id) => api
                            .call(
                                "answerCallbackQuery",
                                json!({"callback_query_id": id, "text": texts::TOO_FAST}),
                            )
                            .await
                            .map(|_| ()),
                        None => api.send_html(b.chat, texts::plain(texts::TOO_FAST)).await,
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
