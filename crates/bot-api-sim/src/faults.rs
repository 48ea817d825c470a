//! Fault injection on the Bot API side, driven by a seeded RNG so that runs repeat.

use rand::{Rng, SeedableRng, rngs::StdRng};
use serde::{Deserialize, Serialize};

/// The `POST /sim/faults` body; all zero means off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultConfig {
    /// Share of requests answered 500 without effect.
    pub error_rate: f64,
    /// Share of requests answered 429 (retry_after 1) without effect.
    pub retry_after_rate: f64,
    /// Added to every Bot API request.
    pub latency_ms: u64,
    /// Share of requests carried out whose response is then lost (502, not JSON).
    pub drop_rate: f64,
    pub seed: u64,
    /// Enforce Telegram's send rate limits (30/s overall, 1/s per chat, burst 3).
    pub rate_limit: bool,
}

/// What happens to one request, decided when it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decision {
    pub latency_ms: u64,
    pub reject: Option<Rejection>,
    pub drop: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    InternalError,
    RetryAfter,
}

#[derive(Debug)]
pub struct Faults {
    pub config: FaultConfig,
    rng: StdRng,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            config: FaultConfig::default(),
            rng: StdRng::seed_from_u64(0),
        }
    }
}

impl Faults {
    pub fn configure(&mut self, config: FaultConfig) {
        self.rng = StdRng::seed_from_u64(config.seed);
        self.config = config;
    }

    /// Draws only for the faults that are on, so a given configuration replays identically.
    pub fn decide(&mut self) -> Decision {
        let c = &self.config;
        let mut decision = Decision {
            latency_ms: c.latency_ms,
            ..Decision::default()
        };
        if c.error_rate > 0.0 && self.rng.random::<f64>() < c.error_rate {
            decision.reject = Some(Rejection::InternalError);
        } else if c.retry_after_rate > 0.0 && self.rng.random::<f64>() < c.retry_after_rate {
            decision.reject = Some(Rejection::RetryAfter);
        } else if c.drop_rate > 0.0 && self.rng.random::<f64>() < c.drop_rate {
            decision.drop = true;
        }
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_decisions() {
        let config = FaultConfig {
            error_rate: 0.3,
            drop_rate: 0.3,
            seed: 7,
            ..Default::default()
        };
        let run = || {
            let mut faults = Faults::default();
            faults.configure(config.clone());
            (0..100).map(|_| faults.decide()).collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
    }

    #[test]
    fn off_by_default() {
        let mut faults = Faults::default();
        assert!((0..1000).all(|_| faults.decide() == Decision::default()));
    }
}
