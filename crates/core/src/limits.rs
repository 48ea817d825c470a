//! Limits against abuse, the velocity checks of the shop's Settings, enforced at pre-checkout
//! with a clear message: purchases per customer an hour, Stars per customer in 24 hours, a lower
//! cap for a customer first seen less than 24 hours ago, and pre-checkout attempts a minute. A
//! customer who hits one is flagged on the Customers page with the reason; the merchant lifts
//! the flag (the customer is then trusted and the limits no longer apply to them) or blocks them.
//!
//! The limits are read once every few seconds, not at every pre-checkout; attempts are counted
//! in memory (a restart forgets a minute's attempts, which is harmless).

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
    time::{Duration, Instant},
};

use serde::{Deserialize, Serialize};

use crate::{
    audit::{self, Line, Who},
    db::{self, Store, now},
    error::{Error, Result},
    events::AppEvent,
    shop::Shop,
    texts::stars,
};

const SETTING: &str = "limits";
/// How long the limits read from the store are used before they are read again (a change from
/// another process, `stardeskd limits`, takes effect within it; the window's at once).
const FRESH_FOR: Duration = Duration::from_secs(3);

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Limits {
    /// Purchases one customer may make in an hour.
    pub purchases_per_hour: Option<i64>,
    /// Stars one customer may spend in 24 hours.
    pub stars_per_day: Option<i64>,
    /// Stars a customer first seen less than 24 hours ago may spend in that time.
    pub new_customer_stars_per_day: Option<i64>,
    /// Taps on Pay (pre-checkout queries) one customer may make in a minute.
    pub attempts_per_minute: Option<i64>,
}

impl Limits {
    fn any(&self) -> bool {
        *self != Limits::default()
    }
}

/// The limits as the bot applies them, read from the store every few seconds, and each
/// customer's pre-checkout attempts in the last minute.
#[derive(Default)]
pub struct Guard {
    read: Mutex<Option<(Instant, Limits)>>,
    attempts: Mutex<HashMap<i64, VecDeque<Instant>>>,
}

impl Guard {
    async fn limits(&self, store: &Store) -> Result<Limits> {
        if let Some((at, l)) = *self.read.lock().unwrap_or_else(|p| p.into_inner())
            && at.elapsed() < FRESH_FOR
        {
            return Ok(l);
        }
        let l = read(store).await?;
        *self.read.lock().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), l));
        Ok(l)
    }

    fn remember(&self, l: Limits) {
        *self.read.lock().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), l));
    }

    /// Counts this attempt; the attempts in the last minute, this one included.
    fn attempt(&self, customer: i64) -> i64 {
        let mut all = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let minute = Duration::from_secs(60);
        // Customers idle for a minute are forgotten, so the map stays small.
        if all.len() > 10_000 {
            all.retain(|_, a| a.back().is_some_and(|t| now.duration_since(*t) < minute));
        }
        let mine = all.entry(customer).or_default();
        while mine
            .front()
            .is_some_and(|t| now.duration_since(*t) >= minute)
        {
            mine.pop_front();
        }
        mine.push_back(now);
        mine.len() as i64
    }
}

async fn read(store: &Store) -> Result<Limits> {
    Ok(db::settings::get(&store.read, SETTING)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

pub async fn get(store: &Store) -> Result<Limits> {
    read(store).await
}

pub async fn set(shop: &Shop, who: &Who, limits: Limits) -> Result<Limits> {
    let checks = [
        (limits.purchases_per_hour, "purchases an hour", 1..=1000),
        (limits.stars_per_day, "Stars a day", 1..=10_000_000),
        (
            limits.new_customer_stars_per_day,
            "Stars on a customer's first day",
            1..=10_000_000,
        ),
        (
            limits.attempts_per_minute,
            "payment attempts a minute",
            1..=600,
        ),
    ];
    for (value, what, range) in checks {
        if let Some(v) = value
            && !range.contains(&v)
        {
            return Err(Error::invalid(format!(
                "The limit of {what} must be {} to {}, or off.",
                range.start(),
                range.end()
            )));
        }
    }
    let before = read(&shop.store).await?;
    if before != limits {
        let mut tx = shop.store.write.begin().await?;
        let json = serde_json::to_string(&limits).map_err(|e| Error::invalid(e.to_string()))?;
        db::settings::set(&mut *tx, SETTING, &json).await?;
        let line = Line {
            action: "settings.limits",
            subject: "limits against abuse".into(),
            before: Some(words(&before)),
            after: Some(words(&limits)),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
        tx.commit().await?;
    }
    shop.limits.remember(limits);
    Ok(limits)
}

/// The limits in the merchant's words, as the trail shows them.
pub fn words(l: &Limits) -> String {
    let mut parts = Vec::new();
    if let Some(n) = l.purchases_per_hour {
        parts.push(format!("{} an hour", purchases(n)));
    }
    if let Some(n) = l.stars_per_day {
        parts.push(format!("{} a day", stars(n)));
    }
    if let Some(n) = l.new_customer_stars_per_day {
        parts.push(format!("{} on a first day", stars(n)));
    }
    if let Some(n) = l.attempts_per_minute {
        parts.push(format!("{n} payment attempts a minute"));
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

/// "1 purchase", "3 purchases".
fn purchases(n: i64) -> String {
    format!("{n} purchase{}", if n == 1 { "" } else { "s" })
}

/// Which limit a pre-checkout went over, with its figure: the customer is told in their
/// language ([`Exceeded::message`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceeded {
    Attempts,
    PerHour(i64),
    FirstDay(i64),
    PerDay(i64),
}

impl Exceeded {
    pub fn message(&self, l: crate::texts::Lang) -> String {
        use crate::tr;
        match self {
            Exceeded::Attempts => tr!(l, "limit-attempts"),
            Exceeded::PerHour(n) => tr!(l, "limit-per-hour", n = tr!(l, "limit-purchases", n = *n)),
            Exceeded::FirstDay(n) => tr!(l, "limit-first-day", stars = stars(*n)),
            Exceeded::PerDay(n) => tr!(l, "limit-per-day", stars = stars(*n)),
        }
    }
}

/// A limit a pre-checkout hit: what the customer is told, and the flag's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub exceeded: Exceeded,
    pub reason: String,
}

/// Checks a purchase of `price` Stars by `customer` against the limits; the limit it hits, if
/// any (the customer is flagged with it).
pub async fn check(shop: &Shop, customer: i64, price: i64) -> Result<Option<Hit>> {
    let l = shop.limits.limits(&shop.store).await?;
    if !l.any() {
        return Ok(None);
    }
    let hit = hit(shop, &l, customer, price).await?;
    if let Some(h) = &hit
        && db::limits::flag(&shop.store.write, customer, &h.reason, now()).await?
    {
        shop.emit(AppEvent::CustomerFlagged {
            customer_id: customer,
            reason: h.reason.clone(),
        });
    }
    Ok(hit)
}

async fn hit(shop: &Shop, l: &Limits, customer: i64, price: i64) -> Result<Option<Hit>> {
    let attempts = shop.limits.attempt(customer);
    let at = now();
    let recent = db::limits::recent(&shop.store.read, customer, at - 3600, at - 86_400).await?;
    if recent.trusted {
        return Ok(None);
    }
    if let Some(max) = l.attempts_per_minute
        && attempts > max
    {
        return Ok(Some(Hit {
            exceeded: Exceeded::Attempts,
            reason: format!("more than {max} payment attempts in a minute"),
        }));
    }
    if let Some(max) = l.purchases_per_hour
        && recent.purchases_hour >= max
    {
        return Ok(Some(Hit {
            exceeded: Exceeded::PerHour(max),
            reason: format!("reached {} in an hour", purchases(max)),
        }));
    }
    if recent.new_customer
        && let Some(max) = l.new_customer_stars_per_day
        && recent.stars_day + price > max
    {
        return Ok(Some(Hit {
            exceeded: Exceeded::FirstDay(max),
            reason: format!("new customer over {} on the first day", stars(max)),
        }));
    }
    if let Some(max) = l.stars_per_day
        && recent.stars_day + price > max
    {
        return Ok(Some(Hit {
            exceeded: Exceeded::PerDay(max),
            reason: format!("over {} in 24 hours", stars(max)),
        }));
    }
    Ok(None)
}

/// A customer with a flag the merchant has not looked at.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Flagged {
    pub customer_id: i64,
    pub name: String,
    pub reason: String,
    pub at: i64,
}

pub async fn flagged(store: &Store) -> Result<Vec<Flagged>> {
    Ok(db::limits::open(&store.read)
        .await?
        .into_iter()
        .map(|(customer_id, name, reason, at)| Flagged {
            customer_id,
            name,
            reason,
            at,
        })
        .collect())
}

/// Lifts a customer's flag: they are trusted from now on, the limits no longer apply to them.
pub async fn lift(shop: &Shop, who: &Who, customer: i64) -> Result<()> {
    let mut tx = shop.store.write.begin().await?;
    let reason = db::limits::lift(&mut tx, customer, now()).await?;
    let line = Line {
        action: "customer.trust",
        subject: format!("customer {customer}"),
        before: reason,
        after: Some("trusted: limits do not apply".into()),
        reason: "",
    };
    audit::record(&mut *tx, who, line).await?;
    tx.commit().await?;
    shop.emit(AppEvent::CustomerFlagged {
        customer_id: customer,
        reason: String::new(),
    });
    Ok(())
}
