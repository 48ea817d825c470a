//! Everything the simulator knows, behind one lock: customers, bots, channels, files, clock.

use std::{
    collections::{BTreeMap, HashMap},
    time::{SystemTime, UNIX_EPOCH},
};

use serde_json::Value;

use crate::{
    bot::Bot,
    faults::Faults,
    model::{Channel, InviteLink, StoredFile, User},
    ratelimit::RateLimiter,
    stats::Stats,
};

pub const FIRST_USER_ID: u64 = 100_000_001;
const CHANNEL_ID_BASE: i64 = -1_001_000_000_000;

#[derive(Debug)]
pub struct World {
    /// Virtual time is real time plus this offset; only `POST /sim/clock` moves it.
    pub clock_offset_ms: i64,
    pub users: BTreeMap<u64, User>,
    pub next_user_id: u64,
    /// `bots[0]` is the bot the control API plays against: the first token that called, or,
    /// before any call, a bot whose id the first token will fill in.
    pub bots: Vec<Bot>,
    pub channels: BTreeMap<i64, Channel>,
    pub next_channel_seq: i64,
    pub invite_links: HashMap<String, InviteLink>,
    pub files: HashMap<String, StoredFile>,
    pub faults: Faults,
    pub rate_limiter: RateLimiter,
    pub stats: Stats,
}

impl Default for World {
    fn default() -> Self {
        Self {
            clock_offset_ms: 0,
            users: BTreeMap::new(),
            next_user_id: FIRST_USER_ID,
            bots: vec![Bot::new(None)],
            channels: BTreeMap::new(),
            next_channel_seq: 1,
            invite_links: HashMap::new(),
            files: HashMap::new(),
            faults: Faults::default(),
            rate_limiter: RateLimiter::default(),
            stats: Stats::default(),
        }
    }
}

pub fn real_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl World {
    pub fn now_ms(&self) -> i64 {
        real_now_ms() + self.clock_offset_ms
    }

    /// Virtual now in Unix seconds, the unit of every `date` field.
    pub fn now(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// The index of the bot behind a token's id, adopting the unclaimed primary bot first.
    pub fn bot_for_token(&mut self, bot_id: u64) -> usize {
        if let Some(i) = self.bots.iter().position(|b| b.id == Some(bot_id)) {
            return i;
        }
        if self.bots[0].id.is_none() {
            self.bots[0].id = Some(bot_id);
            return 0;
        }
        self.bots.push(Bot::new(Some(bot_id)));
        self.bots.len() - 1
    }

    pub fn add_user(
        &mut self,
        first_name: String,
        username: Option<String>,
        language_code: Option<String>,
        stars: i64,
    ) -> u64 {
        let id = self.next_user_id;
        self.next_user_id += 1;
        self.users.insert(
            id,
            User {
                id,
                first_name,
                username,
                language_code,
                stars,
            },
        );
        id
    }

    pub fn add_channel(&mut self, title: String, id: Option<i64>) -> i64 {
        let id = match id {
            Some(id) if self.channels.contains_key(&id) => return id,
            Some(id) => id,
            None => {
                self.next_channel_seq += 1;
                CHANNEL_ID_BASE - (self.next_channel_seq - 1)
            }
        };
        let channel = Channel {
            id,
            title,
            members: Default::default(),
            banned: Default::default(),
        };
        self.channels.insert(id, channel);
        id
    }

    /// Queues an update for bot `bot` and counts it.
    pub fn push_update(&mut self, bot: usize, kind: &'static str, body: Value) -> u32 {
        let now_ms = self.now_ms();
        self.stats.updates_created += 1;
        self.bots[bot].push_update(now_ms, kind, body)
    }
}
