//! The send scheduler: every message to Telegram waits its turn within Telegram's limits before
//! it goes out, so that Telegram does not have to say "429, too many requests".
//!
//! Telegram's limits are token buckets: about 30 messages a second overall, one a second to a
//! private chat after a small burst, 20 a minute to a group or channel. Each is kept here as a
//! GCRA cell (one "theoretical arrival time" per bucket: O(1) to test and to charge).
//!
//! Why not teloxide's `Throttle` adaptor (teloxide-core 0.13, `adaptors/throttle`):
//! - it has no priorities: requests are unlocked in the order they came, so a broadcast or a
//!   batch of reminders queued first delays the goods of a customer who just paid;
//! - it wraps the bot in another type (`Throttle<Bot>`), which every handler and the dispatcher
//!   would have to take instead of `Bot`;
//! - the services' raw JSON calls (`BotApi::call`: messages with buttons, invite links) do not go
//!   through teloxide's `Requester` at all, so it would not see them;
//! - its worker wakes every 250 ms and scans a queue bounded at 30 requests; one chat's backlog
//!   fills that queue and every other chat waits behind it in the channel, and a 429 freezes the
//!   whole bot for `retry_after`.
//!
//! Here a waiting send sits in its chat's queue by priority; a chat whose own bucket allows a
//! send sits in a ready list for the priority of its most urgent send (round robin among the
//! chats of one priority), and a chat that must wait for its own bucket sits in a timer heap.
//! One driver task hands out the overall budget: to the most urgent ready chat first, and it
//! sleeps until the next slot or the next chat's time, never polling. A send that can go at once
//! (nothing more urgent waiting, both buckets free) goes without the driver.
//!
//! One send per chat is in flight at a time, and a chat's bucket is charged when that send is
//! answered: Telegram counts a message when it arrives, which is before the answer, so the next
//! send to the chat can never reach Telegram early however long the previous one travelled.

use std::{
    cmp::Reverse,
    collections::{BinaryHeap, HashMap, VecDeque},
    future::Future,
    sync::{Arc, Mutex, Weak},
    time::Duration,
};

use tokio::{
    sync::{Notify, oneshot},
    time::Instant,
};

use crate::events::{AppEvent, EventSink};

/// How urgently a message must go out. A waiting send of lower priority never takes a slot a
/// more urgent one is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// What a customer is waiting for: their goods and receipt, the answer to their own tap or
    /// command, the invoice they asked for.
    Delivery = 0,
    /// Refund notices, the merchant's replies and notices.
    Notice = 1,
    /// Renewal and expiry reminders.
    Reminder = 2,
    /// Messages to many customers at once.
    Bulk = 3,
}

const LEVELS: usize = 4;

/// Telegram's send limits, as the pacer keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Messages a second to all chats together.
    pub overall_per_second: u32,
    /// Messages that may go at once when the overall budget has been idle.
    pub overall_burst: u32,
    /// Messages a second to one private chat, once its burst is spent.
    pub chat_per_second: u32,
    pub chat_burst: u32,
    /// Messages a minute to one group or channel (a negative chat id).
    pub group_per_minute: u32,
}

impl Limits {
    /// Telegram's: 30 a second overall, one a second per chat after a burst of 3, 20 a minute per
    /// group. The overall burst is kept below Telegram's 30 so that sends delayed on their way
    /// (a busy machine, a slow network) still arrive within Telegram's budget.
    pub const TELEGRAM: Limits = Limits {
        overall_per_second: 30,
        overall_burst: 20,
        chat_per_second: 1,
        chat_burst: 3,
        group_per_minute: 20,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::TELEGRAM
    }
}

/// Whether a Bot API method sends a message, which Telegram's limits count (what the simulator's
/// rate limiter counts too: sendMessage, sendDocument, sendInvoice). Edits, answers to callback
/// and pre-checkout queries, chat actions and everything else are not paced.
pub fn counts(method: &str) -> bool {
    let m = method.to_ascii_lowercase();
    (m.starts_with("send") && m != "sendchataction")
        || m.starts_with("copymessage")
        || m.starts_with("forwardmessage")
}

/// A delivery whose messages are being sent: while one of them waits for Telegram's limit, the
/// order drawer shows it queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivering {
    pub delivery_id: i64,
    pub order_id: i64,
}

tokio::task_local! {
    static DELIVERING: Delivering;
}

/// Runs `f` (a delivery's sends, however deep) as the sends of this delivery.
pub async fn delivering<F: Future>(d: Delivering, f: F) -> F::Output {
    DELIVERING.scope(d, f).await
}

/// One bucket as GCRA keeps it: `tat` is when the bucket would be full again if nothing more were
/// sent; a send may go once `now >= tat - tolerance`.
#[derive(Debug, Clone, Copy)]
struct Rate {
    interval: Duration,
    tolerance: Duration,
}

impl Rate {
    fn new(every: Duration, burst: u32) -> Rate {
        Rate {
            interval: every,
            tolerance: every * burst.max(1).saturating_sub(1),
        }
    }

    fn free_at(&self, tat: Option<Instant>) -> Option<Instant> {
        tat.and_then(|tat| tat.checked_sub(self.tolerance))
    }

    fn charge(&self, tat: &mut Option<Instant>, at: Instant) {
        let from = tat.map_or(at, |t| t.max(at));
        *tat = Some(from + self.interval);
    }
}

#[derive(Debug, Clone, Copy)]
struct Rates {
    overall: Rate,
    chat: Rate,
    group: Rate,
}

impl Rates {
    fn of(l: Limits) -> Rates {
        let per = |n: u32, span: Duration| span / n.max(1);
        Rates {
            overall: Rate::new(
                per(l.overall_per_second, Duration::from_secs(1)),
                l.overall_burst,
            ),
            chat: Rate::new(per(l.chat_per_second, Duration::from_secs(1)), l.chat_burst),
            group: Rate::new(per(l.group_per_minute, Duration::from_secs(60)), 1),
        }
    }

    fn of_chat(&self, chat: i64) -> Rate {
        if chat < 0 { self.group } else { self.chat }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Nowhere,
    Ready(usize),
    Timer,
}

#[derive(Default)]
struct Chat {
    tat: Option<Instant>,
    /// Telegram said to wait (429) until then.
    held_until: Option<Instant>,
    /// A send to this chat is on its way.
    busy: bool,
    queues: [VecDeque<oneshot::Sender<()>>; LEVELS],
    waiting: usize,
    place: Option<(Place, u64)>,
    /// Bumped whenever the chat is placed again: older entries in the lists are stale.
    epoch: u64,
}

impl Chat {
    fn level(&self) -> Option<usize> {
        self.queues.iter().position(|q| !q.is_empty())
    }

    fn free_at(&self, rate: &Rate) -> Option<Instant> {
        let free = rate.free_at(self.tat);
        match (free, self.held_until) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    fn idle(&self, now: Instant) -> bool {
        self.waiting == 0
            && !self.busy
            && self.tat.is_none_or(|t| t <= now)
            && self.held_until.is_none_or(|t| t <= now)
    }
}

struct State {
    limits: Option<Limits>,
    rates: Rates,
    overall: Option<Instant>,
    chats: HashMap<i64, Chat>,
    /// Chats whose own bucket allows a send, by the priority of their most urgent one.
    ready: [VecDeque<(i64, u64)>; LEVELS],
    /// Chats waiting for their own bucket (or a 429's hold), by when it frees.
    timers: BinaryHeap<Reverse<(Instant, i64, u64)>>,
    /// Chats kept after their last send, checked for forgetting past this many.
    prune_at: usize,
}

impl State {
    fn rate_of(&self, chat: i64) -> Rate {
        self.rates.of_chat(chat)
    }

    fn overall_free(&self, now: Instant) -> bool {
        self.rates
            .overall
            .free_at(self.overall)
            .is_none_or(|t| t <= now)
    }

    /// Puts a chat where its next send will be found: ready now, or on the timer heap.
    fn place(&mut self, id: i64, now: Instant) {
        let rate = self.rate_of(id);
        let Some(chat) = self.chats.get_mut(&id) else {
            return;
        };
        if chat.busy || chat.waiting == 0 {
            chat.place = Some((Place::Nowhere, chat.epoch));
            return;
        }
        chat.epoch += 1;
        let epoch = chat.epoch;
        match chat.free_at(&rate).filter(|t| *t > now) {
            Some(at) => {
                chat.place = Some((Place::Timer, epoch));
                self.timers.push(Reverse((at, id, epoch)));
            }
            None => {
                let level = chat.level().unwrap_or(LEVELS - 1);
                chat.place = Some((Place::Ready(level), epoch));
                self.ready[level].push_back((id, epoch));
            }
        }
    }

    fn live(&self, id: i64, epoch: u64) -> bool {
        self.chats.get(&id).is_some_and(|c| c.epoch == epoch)
    }

    /// Hands out what the limits allow now; returns when to look again.
    fn dispatch(&mut self, now: Instant) -> Option<Instant> {
        if self.limits.is_none() {
            // Pacing was switched off: everyone waiting goes.
            for chat in self.chats.values_mut() {
                for q in &mut chat.queues {
                    for tx in q.drain(..) {
                        let _ = tx.send(());
                    }
                }
                chat.waiting = 0;
            }
            return None;
        }
        while let Some(Reverse((at, id, epoch))) = self.timers.peek().copied() {
            if at > now {
                break;
            }
            self.timers.pop();
            if self.live(id, epoch) {
                self.place(id, now);
            }
        }
        loop {
            if !self.overall_free(now) {
                break;
            }
            let Some((id, _)) = self.next_ready() else {
                break;
            };
            let chat = self.chats.get_mut(&id).expect("a ready chat is kept");
            let level = chat.level().expect("a ready chat has a send waiting");
            let tx = chat.queues[level].pop_front().expect("a waiting send");
            chat.waiting -= 1;
            if tx.send(()).is_ok() {
                chat.busy = true;
                self.rates.overall.charge(&mut self.overall, now);
            }
            self.place(id, now);
        }
        let ready = self.ready.iter().any(|r| !r.is_empty());
        let overall = if ready {
            self.rates.overall.free_at(self.overall)
        } else {
            None
        };
        let timer = self.timers.peek().map(|Reverse((at, ..))| *at);
        match (overall, timer) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The most urgent ready chat, round robin among those of one priority.
    fn next_ready(&mut self) -> Option<(i64, u64)> {
        for level in 0..LEVELS {
            while let Some((id, epoch)) = self.ready[level].pop_front() {
                if self.live(id, epoch) {
                    return Some((id, epoch));
                }
            }
        }
        None
    }

    /// Whether a send of `level` to an idle chat may go now without passing anyone.
    fn nothing_before(&mut self, level: usize) -> bool {
        for l in 0..=level {
            while let Some(&(id, epoch)) = self.ready[l].front() {
                if self.live(id, epoch) {
                    return false;
                }
                self.ready[l].pop_front();
            }
        }
        true
    }

    fn prune(&mut self, now: Instant) {
        if self.chats.len() < self.prune_at {
            return;
        }
        self.chats.retain(|_, c| !c.idle(now));
        self.prune_at = (self.chats.len() * 2).max(1024);
    }
}

struct Inner {
    state: Mutex<State>,
    wake: Notify,
    events: Option<Arc<dyn EventSink>>,
    /// Deliveries with a message waiting for its turn, and how many.
    queued: Mutex<HashMap<i64, usize>>,
}

/// The shop's send scheduler. Cheap to share; one per bot.
pub struct Pacer {
    inner: Arc<Inner>,
}

impl Drop for Pacer {
    fn drop(&mut self) {
        // The driver holds only a weak handle: woken, it finds the pacer gone and ends.
        self.inner.wake.notify_one();
    }
}

impl Pacer {
    /// A pacer within `limits`; `None` sends at once (no pacing).
    pub fn new(limits: Option<Limits>) -> Pacer {
        Pacer::with_events(limits, None)
    }

    /// As `new`, telling the window when a delivery starts and stops waiting for its turn.
    pub fn with_events(limits: Option<Limits>, events: Option<Arc<dyn EventSink>>) -> Pacer {
        let inner = Arc::new(Inner {
            state: Mutex::new(State {
                limits,
                rates: Rates::of(limits.unwrap_or_default()),
                overall: None,
                chats: HashMap::new(),
                ready: Default::default(),
                timers: BinaryHeap::new(),
                prune_at: 1024,
            }),
            wake: Notify::new(),
            events,
            queued: Mutex::new(HashMap::new()),
        });
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(drive(Arc::downgrade(&inner)));
        }
        Pacer { inner }
    }

    pub fn limits(&self) -> Option<Limits> {
        self.state().limits
    }

    /// New limits (or none) from now on; sends waiting are looked at again under them.
    pub fn set_limits(&self, limits: Option<Limits>) {
        {
            let mut s = self.state();
            s.limits = limits;
            s.rates = Rates::of(limits.unwrap_or_default());
        }
        self.inner.wake.notify_one();
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner.state.lock().expect("pacer lock")
    }

    /// Waits until a message to `chat` may go out; hold the turn until Telegram has answered.
    pub async fn turn(&self, chat: i64, priority: Priority) -> Turn {
        let level = priority as usize;
        let rx = {
            let mut s = self.state();
            if s.limits.is_none() {
                return Turn { pacer: None, chat };
            }
            let now = Instant::now();
            s.prune(now);
            let rate = s.rate_of(chat);
            let clear = s.nothing_before(level) && s.overall_free(now);
            let overall = s.rates.overall;
            let State {
                chats,
                overall: overall_tat,
                ..
            } = &mut *s;
            let c = chats.entry(chat).or_default();
            if clear && c.waiting == 0 && !c.busy && c.free_at(&rate).is_none_or(|t| t <= now) {
                c.busy = true;
                overall.charge(overall_tat, now);
                return Turn {
                    pacer: Some(Arc::downgrade(&self.inner)),
                    chat,
                };
            }
            let (tx, rx) = oneshot::channel();
            c.queues[level].push_back(tx);
            c.waiting += 1;
            // Placed again when it is not placed, or placed behind a less urgent level.
            let replace = match c.place {
                None | Some((Place::Nowhere, _)) => true,
                Some((Place::Ready(l), _)) => level < l,
                Some((Place::Timer, _)) => false,
            };
            if replace {
                s.place(chat, now);
            }
            rx
        };
        self.inner.wake.notify_one();
        let _queued = DELIVERING.try_with(|d| Queued::start(&self.inner, *d)).ok();
        // A pacer dropped while this waited lets the send go.
        let _ = rx.await;
        Turn {
            pacer: Some(Arc::downgrade(&self.inner)),
            chat,
        }
    }

    /// Telegram said "too many requests, retry after": that chat waits that long, and the
    /// overall burst counts as spent, so what follows goes at the sustained rate.
    pub fn told_to_wait(&self, chat: i64, after: Duration) {
        let now = Instant::now();
        {
            let mut s = self.state();
            let until = now + after;
            let tolerance = s.rates.overall.tolerance;
            s.overall = Some(
                s.overall
                    .map_or(now + tolerance, |t| t.max(now + tolerance)),
            );
            let c = s.chats.entry(chat).or_default();
            c.held_until = Some(c.held_until.map_or(until, |t| t.max(until)));
            if c.place.is_some_and(|(p, _)| p != Place::Nowhere) {
                s.place(chat, now);
            }
        }
        self.inner.wake.notify_one();
    }

    /// Deliveries of these with a message waiting for Telegram's send limit now.
    pub fn queued(&self, deliveries: impl IntoIterator<Item = i64>) -> Vec<i64> {
        let q = self.inner.queued.lock().expect("queued lock");
        deliveries
            .into_iter()
            .filter(|d| q.contains_key(d))
            .collect()
    }
}

impl Inner {
    fn done(&self, chat: i64) {
        let now = Instant::now();
        {
            let mut s = self.state.lock().expect("pacer lock");
            let rate = s.rate_of(chat);
            let Some(c) = s.chats.get_mut(&chat) else {
                return;
            };
            c.busy = false;
            rate.charge(&mut c.tat, now);
            if c.waiting == 0 {
                return;
            }
            s.place(chat, now);
        }
        self.wake.notify_one();
    }
}

/// The right to send one message to a chat; dropping it (after Telegram answered) lets the
/// chat's next message take its turn.
pub struct Turn {
    pacer: Option<Weak<Inner>>,
    chat: i64,
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(inner) = self.pacer.take().and_then(|w| w.upgrade()) {
            inner.done(self.chat);
        }
    }
}

/// A delivery marked queued while one of its messages waits.
struct Queued {
    inner: Arc<Inner>,
    d: Delivering,
}

impl Queued {
    fn start(inner: &Arc<Inner>, d: Delivering) -> Queued {
        let first = {
            let mut q = inner.queued.lock().expect("queued lock");
            let n = q.entry(d.delivery_id).or_insert(0);
            *n += 1;
            *n == 1
        };
        if first && let Some(events) = &inner.events {
            events.emit(AppEvent::DeliveryQueued {
                order_id: d.order_id,
                delivery_id: d.delivery_id,
                queued: true,
            });
        }
        Queued {
            inner: inner.clone(),
            d,
        }
    }
}

impl Drop for Queued {
    fn drop(&mut self) {
        let last = {
            let mut q = self.inner.queued.lock().expect("queued lock");
            match q.get_mut(&self.d.delivery_id) {
                Some(n) if *n > 1 => {
                    *n -= 1;
                    false
                }
                _ => {
                    q.remove(&self.d.delivery_id);
                    true
                }
            }
        };
        if last && let Some(events) = &self.inner.events {
            events.emit(AppEvent::DeliveryQueued {
                order_id: self.d.order_id,
                delivery_id: self.d.delivery_id,
                queued: false,
            });
        }
    }
}

/// The driver: hands out turns as the limits free, sleeping until the next one.
async fn drive(inner: Weak<Inner>) {
    loop {
        let Some(strong) = inner.upgrade() else {
            return;
        };
        let next = strong
            .state
            .lock()
            .expect("pacer lock")
            .dispatch(Instant::now());
        // Woken by a new waiter, a finished send, new limits or the pacer's end.
        let woken = async {
            strong.wake.notified().await;
        };
        match next {
            Some(at) => {
                tokio::select! {
                    _ = woken => {},
                    _ = tokio::time::sleep_until(at) => {},
                }
            }
            None => woken.await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes a turn and keeps it as Telegram's answer would: released at once here.
    async fn send(p: &Arc<Pacer>, chat: i64, priority: Priority, log: &Arc<Mutex<Vec<Sent>>>) {
        let _turn = p.turn(chat, priority).await;
        log.lock().unwrap().push(Sent {
            chat,
            priority,
            at: Instant::now(),
        });
    }

    #[derive(Debug, Clone, Copy)]
    struct Sent {
        chat: i64,
        priority: Priority,
        at: Instant,
    }

    fn spawn_send(
        p: &Arc<Pacer>,
        chat: i64,
        priority: Priority,
        log: &Arc<Mutex<Vec<Sent>>>,
    ) -> tokio::task::JoinHandle<()> {
        let (p, log) = (p.clone(), log.clone());
        tokio::spawn(async move { send(&p, chat, priority, &log).await })
    }

    /// Lets every spawned task run as far as it can at the current (paused) instant.
    async fn settle() {
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn one_chat_gets_its_burst_then_one_a_second() {
        let p = Arc::new(Pacer::new(Some(Limits::TELEGRAM)));
        let log = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        let tasks: Vec<_> = (0..6)
            .map(|_| spawn_send(&p, 7, Priority::Delivery, &log))
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let at: Vec<u64> = log
            .lock()
            .unwrap()
            .iter()
            .map(|s| (s.at - start).as_millis() as u64)
            .collect();
        // A burst of 3 at once, then one a second.
        assert_eq!(at, vec![0, 0, 0, 1000, 2000, 3000]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_group_gets_twenty_a_minute() {
        let p = Arc::new(Pacer::new(Some(Limits::TELEGRAM)));
        let log = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        let tasks: Vec<_> = (0..4)
            .map(|_| spawn_send(&p, -100, Priority::Bulk, &log))
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let at: Vec<u64> = log
            .lock()
            .unwrap()
            .iter()
            .map(|s| (s.at - start).as_millis() as u64)
            .collect();
        assert_eq!(at, vec![0, 3000, 6000, 9000]);
    }

    #[tokio::test(start_paused = true)]
    async fn the_overall_budget_goes_to_the_most_urgent_first() {
        let p = Arc::new(Pacer::new(Some(Limits::TELEGRAM)));
        let log = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        // The overall burst is spent on 20 chats...
        for chat in 0..20 {
            send(&p, 1000 + chat, Priority::Delivery, &log).await;
        }
        // ...then bulk, reminders and notices queue first, and deliveries come last.
        let mut tasks = Vec::new();
        for (i, priority) in [
            Priority::Bulk,
            Priority::Reminder,
            Priority::Notice,
            Priority::Delivery,
        ]
        .into_iter()
        .enumerate()
        {
            for n in 0..5 {
                tasks.push(spawn_send(&p, (i * 10 + n) as i64, priority, &log));
                settle().await;
            }
        }
        for t in tasks {
            t.await.unwrap();
        }
        let log = log.lock().unwrap();
        let after: Vec<Priority> = log[20..].iter().map(|s| s.priority).collect();
        let mut sorted = after.clone();
        sorted.sort();
        assert_eq!(after, sorted, "sent in priority order: {after:?}");
        // And at 30 a second: one every 1/30 s once the burst is spent.
        for pair in log[20..].windows(2) {
            let gap = pair[1].at - pair[0].at;
            assert!(
                gap >= Duration::from_millis(33),
                "{gap:?} between {:?}",
                pair
            );
        }
        assert!(log[39].at - start >= Duration::from_millis(33 * 20));
    }

    #[tokio::test(start_paused = true)]
    async fn a_chats_backlog_does_not_hold_up_other_chats() {
        let p = Arc::new(Pacer::new(Some(Limits::TELEGRAM)));
        let log = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        // Chat 1 has 10 messages waiting, most of them on its own limit.
        let flood: Vec<_> = (0..10)
            .map(|_| spawn_send(&p, 1, Priority::Delivery, &log))
            .collect();
        settle().await;
        // A low-priority message to another chat goes at once, not after chat 1's backlog.
        send(&p, 2, Priority::Bulk, &log).await;
        assert_eq!(Instant::now(), start);
        for t in flood {
            t.await.unwrap();
        }
        let chat1: Vec<u64> = log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.chat == 1)
            .map(|s| (s.at - start).as_secs())
            .collect();
        assert_eq!(chat1, vec![0, 0, 0, 1, 2, 3, 4, 5, 6, 7]);
    }

    #[tokio::test(start_paused = true)]
    async fn within_a_chat_the_urgent_message_goes_first() {
        let p = Arc::new(Pacer::new(Some(Limits::TELEGRAM)));
        let log = Arc::new(Mutex::new(Vec::new()));
        for _ in 0..3 {
            send(&p, 5, Priority::Delivery, &log).await;
        }
        let reminder = spawn_send(&p, 5, Priority::Reminder, &log);
        settle().await;
        let goods = spawn_send(&p, 5, Priority::Delivery, &log);
        settle().await;
        goods.await.unwrap();
        reminder.await.unwrap();
        let order: Vec<Priority> = log.lock().unwrap()[3..]
            .iter()
            .map(|s| s.priority)
            .collect();
        assert_eq!(order, vec![Priority::Delivery, Priority::Reminder]);
    }

    #[tokio::test(start_paused = true)]
    async fn told_to_wait_holds_the_chat() {
        let p = Arc::new(Pacer::new(Some(Limits::TELEGRAM)));
        let log = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        p.told_to_wait(9, Duration::from_secs(5));
        send(&p, 9, Priority::Delivery, &log).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn unpaced_sends_at_once() {
        let p = Arc::new(Pacer::new(None));
        let log = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        for _ in 0..100 {
            send(&p, 1, Priority::Delivery, &log).await;
        }
        assert_eq!(Instant::now(), start);
    }

    #[test]
    fn what_counts() {
        for m in [
            "sendMessage",
            "SendDocument",
            "sendInvoice",
            "copyMessage",
            "sendPhoto",
        ] {
            assert!(counts(m), "{m}");
        }
        for m in [
            "answerCallbackQuery",
            "answerPreCheckoutQuery",
            "editMessageText",
            "sendChatAction",
            "getMe",
        ] {
            assert!(!counts(m), "{m}");
        }
    }
}
