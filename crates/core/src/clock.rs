//! The one clock subscriptions, reminders and the expiry queue read: the system's, or the
//! simulator's virtual clock (demo mode, tests), so moving the simulator a month ahead makes the
//! shop act as it would a month later. Orders keep the system's time (`db::now`). Clones share
//! one setting: the shop's clock follows the bot it runs.

use std::sync::{Arc, RwLock};

use serde_json::Value;

#[derive(Clone, Default)]
pub struct Clock(Arc<RwLock<Option<Arc<SimClock>>>>);

struct SimClock {
    base: String,
    http: reqwest::Client,
    /// Virtual minus system time, in seconds, as the simulator's last `getUpdates` answer said
    /// (its `x-sim-now` header); `i64::MIN` until one did.
    observed: std::sync::atomic::AtomicI64,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.sim() {
            None => f.write_str("Clock(system)"),
            Some(s) => write!(f, "Clock(simulator at {})", s.base),
        }
    }
}

impl Clock {
    /// Reads the simulator's `GET /sim/clock` at this base address from now on.
    pub fn use_simulator(&self, base: &str) {
        let sim = SimClock {
            base: base.trim_end_matches('/').to_string(),
            http: reqwest::Client::new(),
            observed: std::sync::atomic::AtomicI64::new(i64::MIN),
        };
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(sim));
    }

    pub fn use_system(&self) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    fn sim(&self) -> Option<Arc<SimClock>> {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The simulator's time as its last `getUpdates` answer carried it (`x-sim-now`); nothing
    /// on the system's clock.
    pub fn observe(&self, virtual_now: i64) {
        if let Some(s) = self.sim() {
            let offset = virtual_now - crate::db::now();
            s.observed
                .store(offset, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Unix seconds now, for a handler working on an update: on the simulator, its time as the
    /// batch that brought the update said (the clock only moves between batches a handler
    /// could tell apart), read from it only when no batch has said yet. Due work reads [`now`].
    pub async fn now_for_update(&self) -> i64 {
        match self.sim() {
            None => crate::db::now(),
            Some(s) => match s.observed.load(std::sync::atomic::Ordering::Relaxed) {
                i64::MIN => s.now().await.unwrap_or_else(crate::db::now),
                offset => crate::db::now() + offset,
            },
        }
    }

    /// Unix seconds now. The simulator's clock, when it cannot be read, falls back to the
    /// system's, which is never later than the virtual time: nothing falls due early.
    pub async fn now(&self) -> i64 {
        match self.sim() {
            None => crate::db::now(),
            Some(s) => s.now().await.unwrap_or_else(crate::db::now),
        }
    }
}

impl SimClock {
    async fn now(&self) -> Option<i64> {
        let v: Value = self
            .http
            .get(format!("{}/sim/clock", self.base))
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        v["now"].as_i64()
    }
}
