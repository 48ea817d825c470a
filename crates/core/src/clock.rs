//! The one clock subscriptions, reminders and the expiry queue read: the system's, or the
//! simulator's virtual clock (demo mode, tests), so moving the simulator a month ahead makes the
//! shop act as it would a month later. Orders keep the system's time (`db::now`). Clones share
//! one setting: the shop's clock follows the bot it runs.

use std::sync::{Arc, RwLock};

use serde_json::Value;

use crate::error::{Error, Result};

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

    pub fn is_simulated(&self) -> bool {
        self.sim().is_some()
    }

    /// Unix seconds now. The simulator's clock, when it cannot be read, falls back to the
    /// system's, which is never later than the virtual time: nothing falls due early.
    pub async fn now(&self) -> i64 {
        match self.sim() {
            None => crate::db::now(),
            Some(s) => s.now().await.unwrap_or_else(crate::db::now),
        }
    }

    /// Moves the simulator's clock (demo mode's "one month later"); the system's cannot move.
    pub async fn advance(&self, seconds: i64) -> Result<i64> {
        let Some(s) = self.sim() else {
            return Err(Error::invalid("Only the simulator's clock can be moved."));
        };
        let fault = |e: reqwest::Error| Error::Telegram(format!("the simulator's clock: {e}"));
        let v: Value = s
            .http
            .post(format!("{}/sim/clock", s.base))
            .json(&serde_json::json!({ "advance_seconds": seconds }))
            .send()
            .await
            .map_err(fault)?
            .json()
            .await
            .map_err(fault)?;
        v["now"]
            .as_i64()
            .ok_or_else(|| Error::Telegram("the simulator's clock did not answer".into()))
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
