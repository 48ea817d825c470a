//! One bot's state: its update queue, chats, star ledger, pending queries and subscriptions.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::{Value, json};
use tokio::sync::{oneshot, watch};

use crate::model::{
    Charge, Chat, InvoiceSpec, LedgerEntry, NANOSTARS, StoredMessage, Subscription,
};

/// Telegram keeps unconfirmed updates for 24 hours.
pub const UPDATE_TTL_MS: i64 = 24 * 3600 * 1000;

/// An update waiting for getUpdates.
#[derive(Debug, Clone)]
pub struct QueuedUpdate {
    pub id: u32,
    pub created_ms: i64,
    /// The update's field name: "message", "callback_query", "pre_checkout_query".
    pub kind: &'static str,
    pub body: Value,
}

impl QueuedUpdate {
    pub fn to_json(&self) -> Value {
        let mut update = json!({ "update_id": self.id });
        update[self.kind] = self.body.clone();
        update
    }
}

/// How a pre-checkout query ended.
#[derive(Debug)]
pub enum CheckoutOutcome {
    Approved,
    Declined(String),
    Expired,
}

/// A pre-checkout query the bot has not answered yet.
#[derive(Debug)]
pub struct PendingCheckout {
    pub deadline_ms: i64,
    pub reply: oneshot::Sender<CheckoutOutcome>,
}

/// The getUpdates request currently waiting, so that a newer one can end it with 409.
#[derive(Debug)]
pub struct Poller {
    pub ticket: u64,
    pub cancel: oneshot::Sender<()>,
}

#[derive(Debug)]
pub struct Bot {
    /// Known once a token has called; see `World::bot_for_token`.
    pub id: Option<u64>,
    /// Whole Stars; an affiliate's commission can leave a fraction, kept in `balance_nanos`.
    pub balance: i64,
    /// The fraction of a Star beside `balance`, in billionths: 0..NANOSTARS.
    pub balance_nanos: i64,
    /// setMyCommands lists by scope and language ("default|" is the plain one).
    pub commands: BTreeMap<String, Value>,
    pub updates: VecDeque<QueuedUpdate>,
    pub next_update_id: u32,
    /// Carries the id of the last queued update; long polls wait on it.
    pub updates_signal: watch::Sender<u32>,
    pub poller: Option<Poller>,
    pub next_poll_ticket: u64,
    pub allowed_updates: Option<Vec<String>>,
    pub chats: HashMap<u64, Chat>,
    /// Callback queries by id, with whether they have been answered.
    pub callbacks: HashMap<String, bool>,
    pub checkouts: HashMap<String, PendingCheckout>,
    /// Pre-checkout queries answered or expired: a further answer is "too old".
    pub spent_checkouts: HashSet<String>,
    pub invoice_links: HashMap<String, InvoiceSpec>,
    pub ledger: Vec<LedgerEntry>,
    pub charges: HashMap<String, Charge>,
    pub subscriptions: Vec<Subscription>,
}

impl Bot {
    pub fn new(id: Option<u64>) -> Self {
        Self {
            id,
            balance: 0,
            balance_nanos: 0,
            commands: BTreeMap::new(),
            updates: VecDeque::new(),
            next_update_id: 1,
            updates_signal: watch::Sender::new(0),
            poller: None,
            next_poll_ticket: 1,
            allowed_updates: None,
            chats: HashMap::new(),
            callbacks: HashMap::new(),
            checkouts: HashMap::new(),
            spent_checkouts: HashSet::new(),
            invoice_links: HashMap::new(),
            ledger: Vec::new(),
            charges: HashMap::new(),
            subscriptions: Vec::new(),
        }
    }

    /// The balance in nanostars.
    pub fn balance_in_nanos(&self) -> i64 {
        self.balance * NANOSTARS + self.balance_nanos
    }

    /// Adds (or, negative, takes) `nanos` billionths of a Star.
    pub fn credit_nanos(&mut self, nanos: i64) {
        let total = self.balance_in_nanos() + nanos;
        self.balance = total.div_euclid(NANOSTARS);
        self.balance_nanos = total.rem_euclid(NANOSTARS);
    }

    pub fn push_update(&mut self, now_ms: i64, kind: &'static str, body: Value) -> u32 {
        let id = self.next_update_id;
        self.next_update_id += 1;
        self.updates.push_back(QueuedUpdate {
            id,
            created_ms: now_ms,
            kind,
            body,
        });
        self.updates_signal.send_replace(id);
        id
    }

    /// Appends a message to the chat with `user_id`, assigning its id.
    pub fn append_message(&mut self, user_id: u64, mut message: StoredMessage) -> &StoredMessage {
        let chat = self.chats.entry(user_id).or_default();
        chat.next_message_id += 1;
        message.message_id = chat.next_message_id;
        let from_bot = message.from_bot;
        chat.messages.push(message);
        if from_bot {
            chat.outbox.send_modify(|n| *n += 1);
        }
        chat.messages.last().expect("just pushed")
    }

    /// Removes updates below `offset` (confirmed) and those older than a day (expired);
    /// returns how many were confirmed.
    pub fn confirm_and_expire(&mut self, offset: i64, now_ms: i64) -> u64 {
        let mut confirmed = 0;
        if offset < 0 {
            // A negative offset keeps only the last |offset| updates.
            let keep = offset.unsigned_abs() as usize;
            while self.updates.len() > keep {
                self.updates.pop_front();
                confirmed += 1;
            }
        } else {
            while self
                .updates
                .front()
                .is_some_and(|u| i64::from(u.id) < offset)
            {
                self.updates.pop_front();
                confirmed += 1;
            }
        }
        self.updates
            .retain(|u| now_ms - u.created_ms < UPDATE_TTL_MS);
        confirmed
    }

    /// Up to `limit` pending updates of the allowed kinds, oldest first.
    pub fn pending_updates(&self, limit: usize) -> Vec<Value> {
        let allowed = self.allowed_updates.as_ref().filter(|a| !a.is_empty());
        self.updates
            .iter()
            .filter(|u| allowed.is_none_or(|a| a.iter().any(|k| k == u.kind)))
            .take(limit)
            .map(QueuedUpdate::to_json)
            .collect()
    }

    /// Ends the waiting getUpdates, if any, with 409.
    pub fn cancel_poller(&mut self) {
        if let Some(poller) = self.poller.take() {
            let _ = poller.cancel.send(());
        }
    }

    /// Expires pre-checkout queries whose deadline has passed.
    pub fn expire_checkouts(&mut self, now_ms: i64) {
        let expired: Vec<String> = self
            .checkouts
            .iter()
            .filter(|(_, p)| p.deadline_ms <= now_ms)
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            if let Some(pending) = self.checkouts.remove(&id) {
                let _ = pending.reply.send(CheckoutOutcome::Expired);
            }
            self.spent_checkouts.insert(id);
        }
    }
}
