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
        };
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(sim));
    }

    pub fn use_system(&self) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    fn sim(&self) -> Option<Arc<SimClock>> {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
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
