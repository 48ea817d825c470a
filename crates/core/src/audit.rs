//! The audit trail: every action that moves money or changes what customers see, with who did it,
//! when, the values before and after, and why. Written in the same transaction as the action it
//! records; append-only (the store refuses to edit or delete a line).

use std::path::Path;

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use crate::{
    db::{self, Store},
    error::{Error, Result},
    exports::{cell, csv_error},
};

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

/// Setting: the name the operator of this shop goes by in the trail.
pub const OPERATOR_NAME: &str = "operator_name";

/// The longest operator name, in characters.
pub const MAX_OPERATOR_NAME: usize = 64;

/// The operator at this computer: the name set in Settings, else the system's user name.
pub async fn operator(store: &Store) -> Result<Who> {
    Ok(Who::operator(operator_name(store).await?))
}

/// The name set in Settings, else the system's user name, else "operator".
pub async fn operator_name(store: &Store) -> Result<String> {
    Ok(match db::settings::get(&store.read, OPERATOR_NAME).await? {
        Some(name) => name,
        None => system_user(),
    })
}

fn system_user() -> String {
    ["USER", "USERNAME"]
        .into_iter()
        .filter_map(|var| std::env::var(var).ok())
        .map(|name| {
            name.trim()
                .chars()
                .take(MAX_OPERATOR_NAME)
                .collect::<String>()
        })
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "operator".to_string())
}

/// Sets the name the trail shows for this shop's operator; `who_changes` is who asks (the
/// operator under their old name, from the window). Returns the name as kept.
pub async fn set_operator_name(store: &Store, who_changes: &Who, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "Give a name: the audit trail shows it as who did each action.",
        ));
    }
    if name.chars().count() > MAX_OPERATOR_NAME {
        return Err(Error::invalid(format!(
            "The name is too long: at most {MAX_OPERATOR_NAME} characters."
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid("The name must be on one line."));
    }
    let before = operator_name(store).await?;
    if before == name {
        return Ok(before);
    }
    let mut tx = store.write.begin().await?;
    db::settings::set(&mut *tx, OPERATOR_NAME, name).await?;
    record(
        &mut *tx,
        who_changes,
        Line {
            action: "settings.operator_name",
            subject: "operator name".into(),
            before: Some(before),
            after: Some(name.to_string()),
            reason: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(name.to_string())
}

/// The most lines one page may ask for.
pub const MAX_PAGE: i64 = 500;

/// One line of the trail as the Audit page and the export show it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC unix seconds.
    pub at: i64,
    pub actor: Actor,
    pub actor_name: String,
    pub action: String,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: String,
}

/// Which lines, newest first, and which slice of them.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct AuditQuery {
    pub actor: Option<Actor>,
    /// An action or a group of them: `product` matches `product.price` and `product.archive`.
    pub action: Option<String>,
    /// Part of the subject, the actor's name, the reason or a value before or after; A–Z match
    /// either case (SQLite's LIKE folds no other letters).
    pub text: Option<String>,
    /// At or after (UTC unix seconds).
    pub from: Option<i64>,
    /// Before (UTC unix seconds).
    pub to: Option<i64>,
    pub offset: i64,
    pub limit: i64,
}

/// One page of the trail, newest first.
pub async fn page(store: &Store, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    db::audit::page(&store.read, q).await
}

/// How many lines match the query's filters (its slice aside).
pub async fn count(store: &Store, q: &AuditQuery) -> Result<i64> {
    db::audit::count(&store.read, q).await
}

/// Every action the trail holds, for the filter.
pub async fn actions(store: &Store) -> Result<Vec<String>> {
    db::audit::actions(&store.read).await
}

/// Writes every line matching the query's filters (not only one page; newest first) to `path`
/// as CSV (RFC 4180, a header row, times in ISO 8601 UTC). Returns how many lines were written.
/// The file appears whole or not at all.
pub async fn export_csv(store: &Store, q: &AuditQuery, path: &Path) -> Result<usize> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("Choose a file to export to."))?;
    let mut partial = name.to_os_string();
    partial.push(".part");
    let partial = path.with_file_name(partial);
    let written = write_csv(store, q, &partial).await;
    match written {
        Ok(n) => {
            std::fs::rename(&partial, path)?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// Where an export went, and how many lines it holds.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditExport {
    pub path: String,
    pub lines: i64,
}

/// A file in `dir` named for the day that no other file has taken:
/// `stardesk-audit-2026-11-21.csv`, then `stardesk-audit-2026-11-21-2.csv`, …
pub fn export_path(dir: &Path, day: chrono::NaiveDate) -> std::path::PathBuf {
    crate::exports::path_for(dir, "audit", day)
}

async fn write_csv(store: &Store, q: &AuditQuery, path: &Path) -> Result<usize> {
    let mut out = csv::Writer::from_path(path).map_err(csv_error)?;
    out.write_record(CSV_HEADER).map_err(csv_error)?;
    let mut written = 0;
    let mut before_id = None;
    loop {
        let chunk = db::audit::chunk(&store.read, q, before_id, MAX_PAGE).await?;
        for e in &chunk {
            let id = e.id.to_string();
            let at = iso_utc(e.at);
            out.write_record([
                id.as_str(),
                at.as_str(),
                e.actor.as_str(),
                &cell(&e.actor_name),
                &cell(&e.action),
                &cell(&e.subject),
                &cell(e.before.as_deref().unwrap_or("")),
                &cell(e.after.as_deref().unwrap_or("")),
                &cell(&e.reason),
            ])
            .map_err(csv_error)?;
        }
        written += chunk.len();
        match chunk.last() {
            Some(last) if chunk.len() as i64 == MAX_PAGE => before_id = Some(last.id),
            _ => break,
        }
    }
    out.flush()?;
    Ok(written)
}

const CSV_HEADER: [&str; 9] = [
    "id",
    "at_utc",
    "actor",
    "actor_name",
    "action",
    "subject",
    "before",
    "after",
    "reason",
];

/// `2026-11-21T14:03:00Z`.
pub fn iso_utc(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}
