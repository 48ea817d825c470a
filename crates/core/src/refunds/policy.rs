//! The refund policy: how long customers may ask for a refund, and an optional rule that approves
//! small, early requests from customers who rarely ask, without a person.

use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Line, Who},
    db::{self, Store},
    error::{Error, Result},
};

const KEY: &str = "refund_policy";

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RefundPolicy {
    /// Customers may ask for a refund this many days after paying.
    pub window_days: i64,
    /// Approve requests that meet all three limits below without a person.
    pub auto_approve: bool,
    /// … for orders up to this many Stars,
    pub auto_max_stars: i64,
    /// … asked for within this many hours of paying,
    pub auto_within_hours: i64,
    /// … from customers with fewer than this many refunds in the last 90 days.
    pub auto_max_refunds_90d: i64,
}

impl Default for RefundPolicy {
    fn default() -> Self {
        RefundPolicy {
            window_days: 14,
            auto_approve: false,
            auto_max_stars: 100,
            auto_within_hours: 24,
            auto_max_refunds_90d: 2,
        }
    }
}

impl RefundPolicy {
    pub fn check(&self) -> Result<()> {
        if !(1..=365).contains(&self.window_days) {
            return Err(Error::invalid(
                "The refund window is between 1 and 365 days.",
            ));
        }
        if !(1..=100_000).contains(&self.auto_max_stars) {
            return Err(Error::invalid(
                "The automatic approval limit is between 1 and 100,000 Stars.",
            ));
        }
        if !(1..=24 * 365).contains(&self.auto_within_hours) {
            return Err(Error::invalid(
                "The automatic approval time is between 1 hour and a year.",
            ));
        }
        if !(1..=1000).contains(&self.auto_max_refunds_90d) {
            return Err(Error::invalid(
                "The number of earlier refunds is between 1 and 1,000.",
            ));
        }
        Ok(())
    }

    /// The policy in words, for the audit trail and the chat.
    pub fn describe(&self) -> String {
        let mut s = format!("requests within {} days", self.window_days);
        if self.auto_approve {
            s.push_str(&format!(
                "; approved automatically up to {} Stars, within {} h, fewer than {} refunds in 90 days",
                self.auto_max_stars, self.auto_within_hours, self.auto_max_refunds_90d
            ));
        } else {
            s.push_str("; every request decided by a person");
        }
        s
    }
}

pub async fn get(store: &Store) -> Result<RefundPolicy> {
    Ok(db::settings::get(&store.read, KEY)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

pub async fn set(store: &Store, who: &Who, policy: &RefundPolicy) -> Result<()> {
    policy.check()?;
    let before = get(store).await?;
    if &before == policy {
        return Ok(());
    }
    let value = serde_json::to_string(policy).map_err(|e| Error::invalid(e.to_string()))?;
    let mut tx = store.write.begin().await?;
    db::settings::set(&mut *tx, KEY, &value).await?;
    audit::record(
        &mut *tx,
        who,
        Line {
            action: "settings.refund_policy",
            subject: "refund policy".into(),
            before: Some(before.describe()),
            after: Some(policy.describe()),
            reason: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
