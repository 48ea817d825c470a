//! The audit trail: every action that moves money or changes what customers see, with who did it,
//! when, the values before and after, and why. Written in the same transaction as the action it
//! records; append-only (the store refuses to edit or delete a line).

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use crate::{db, error::Result};

/// Who acts.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The merchant or support staff, from the window.
    Operator,
    Customer,
    /// The shop's own rules (nothing left to deliver, the auto-approve rule).
    Rule,
    /// Made outside Stardesk and reported by Telegram.
    Telegram,
    /// From the command line.
    Stardeskd,
}

impl Actor {
    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Operator => "operator",
            Actor::Customer => "customer",
            Actor::Rule => "rule",
            Actor::Telegram => "telegram",
            Actor::Stardeskd => "stardeskd",
        }
    }

    pub fn parse(s: &str) -> Option<Actor> {
        Some(match s {
            "operator" => Actor::Operator,
            "customer" => Actor::Customer,
            "rule" => Actor::Rule,
            "telegram" => Actor::Telegram,
            "stardeskd" => Actor::Stardeskd,
            _ => return None,
        })
    }
}

/// An actor with a name: the operator's name set on this computer, the customer's name, the rule.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Who {
    pub actor: Actor,
    pub name: String,
}

impl Who {
    pub fn new(actor: Actor, name: impl Into<String>) -> Who {
        Who {
            actor,
            name: name.into(),
        }
    }

    pub fn operator(name: impl Into<String>) -> Who {
        Who::new(Actor::Operator, name)
    }

    pub fn customer(name: impl Into<String>) -> Who {
        Who::new(Actor::Customer, name)
    }

    pub fn rule(name: impl Into<String>) -> Who {
        Who::new(Actor::Rule, name)
    }

    pub fn telegram() -> Who {
        Who::new(Actor::Telegram, "Telegram")
    }

    pub fn stardeskd() -> Who {
        Who::new(Actor::Stardeskd, "stardeskd")
    }
}

/// One line of the trail, before it is written.
#[derive(Debug, Clone, Default)]
pub struct Line<'a> {
    /// What was done, a dotted word: `refund`, `request.approve`, `product.price`, …
    pub action: &'a str,
    /// What it was done to, as the merchant names it: `order #12`, `product #3`.
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: &'a str,
}

/// Writes one line in the caller's transaction (or on its own).
pub async fn record(db: impl SqliteExecutor<'_>, who: &Who, line: Line<'_>) -> Result<()> {
    db::audit::insert(db, db::now(), who, &line).await
}

/// The operator at this computer: the name set in Settings, else the system's user name.
pub async fn operator(store: &crate::db::Store) -> Result<Who> {
    let name = db::settings::get(&store.read, "operator_name")
        .await?
        .filter(|n| !n.trim().is_empty())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "operator".into());
    Ok(Who::operator(name))
}
