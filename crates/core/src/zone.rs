//! The shop's time zone: the merchant's days. The store keeps UTC; reports, the Overview's
//! "today" and every chart count days in this zone. It is a setting (`time_zone`), by default
//! the system's, and every copy of the store shares one handle, so a change is seen at once by
//! the payment path that keys the report rollup.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// The setting naming the shop's time zone (an IANA name); absent or empty: the system's.
pub const SETTING: &str = "time_zone";

#[derive(Clone, Debug)]
pub struct Zone(Arc<RwLock<Tz>>);

impl Default for Zone {
    fn default() -> Self {
        Zone::new(system())
    }
}

impl Zone {
    pub fn new(tz: Tz) -> Zone {
        Zone(Arc::new(RwLock::new(tz)))
    }

    /// The zone now (a copy: a change later does not move it).
    pub fn tz(&self) -> Tz {
        *self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn set(&self, tz: Tz) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = tz;
    }

    pub fn name(&self) -> String {
        self.tz().name().to_string()
    }

    /// The merchant's day of a UTC unix time.
    pub fn day_of(&self, ts: i64) -> NaiveDate {
        day_of(self.tz(), ts)
    }

    /// The day as the rollup keys it: `YYYY-MM-DD`.
    pub fn day_key(&self, ts: i64) -> String {
        self.day_of(ts).format("%Y-%m-%d").to_string()
    }

    /// The month as the cohorts key it: `YYYY-MM`.
    pub fn month_key(&self, ts: i64) -> String {
        self.day_of(ts).format("%Y-%m").to_string()
    }

    /// When the merchant's `day` begins, as UTC unix seconds.
    pub fn day_start(&self, day: NaiveDate) -> i64 {
        day_start(self.tz(), day)
    }
}

pub fn day_of(tz: Tz, ts: i64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}

/// The first instant of `day` in `tz`: its midnight, or, where a clock change skips midnight,
/// the first minute after the gap.
pub fn day_start(tz: Tz, day: NaiveDate) -> i64 {
    let mut t = NaiveTime::MIN;
    for _ in 0..(24 * 4) {
        if let Some(at) = tz.from_local_datetime(&day.and_time(t)).earliest() {
            return at.timestamp();
        }
        t += Duration::minutes(15);
    }
    day.and_time(NaiveTime::MIN).and_utc().timestamp()
}

/// The system's time zone, UTC when it cannot be told.
pub fn system() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// A time zone by its IANA name ("Europe/Berlin", "Asia/Kolkata", "UTC"), any case.
pub fn parse(name: &str) -> Result<Tz> {
    let name = name.trim();
    name.parse::<Tz>()
        .ok()
        .or_else(|| {
            chrono_tz::TZ_VARIANTS
                .iter()
                .find(|tz| tz.name().eq_ignore_ascii_case(name))
                .copied()
        })
        .ok_or_else(|| {
            Error::invalid(format!(
                "\"{name}\" is not a time zone. Use a name such as Europe/Berlin, America/New_York or UTC."
            ))
        })
}

/// Every time zone the shop may choose, by name.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    names.sort_unstable();
    names
}

/// The zone the setting names, else the system's.
pub fn from_setting(value: Option<&str>) -> Tz {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => parse(v).unwrap_or_else(|_| system()),
        _ => system(),
    }
}

/// Spans as the store's range queries read them: a JSON array of `[key, start, end]`, UTC unix
/// seconds, the end excluded.
pub fn spans_json<'a>(spans: impl IntoIterator<Item = (&'a str, i64, i64)>) -> String {
    let list: Vec<serde_json::Value> = spans
        .into_iter()
        .map(|(key, start, end)| serde_json::json!([key, start, end]))
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// Every day from `first` to `last` (inclusive) as spans keyed `YYYY-MM-DD`.
pub fn day_spans(tz: Tz, first: NaiveDate, last: NaiveDate) -> Vec<(String, i64, i64)> {
    let mut out = Vec::new();
    let mut day = first;
    let mut start = day_start(tz, day);
    while day <= last {
        let next = day + Duration::days(1);
        let end = day_start(tz, next);
        out.push((day.format("%Y-%m-%d").to_string(), start, end));
        day = next;
        start = end;
    }
    out
}

/// Every month from the one of `first` to the one of `last` as spans keyed `YYYY-MM`.
pub fn month_spans(tz: Tz, first: NaiveDate, last: NaiveDate) -> Vec<(String, i64, i64)> {
    let mut out = Vec::new();
    let mut month = month_of(first);
    while month <= last {
        let next = month + chrono::Months::new(1);
        out.push((
            month.format("%Y-%m").to_string(),
            day_start(tz, month),
            day_start(tz, next),
        ));
        month = next;
    }
    out
}

/// Monday of the ISO week of `day`.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The first of the month of `day`.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn days_begin_at_local_midnight_also_across_clock_changes() {
        let kolkata = parse("Asia/Kolkata").unwrap();
        // 2026-03-01 00:00 +05:30 is 2026-02-28 18:30 UTC.
        assert_eq!(day_start(kolkata, d("2026-03-01")), 1_772_303_400);
        assert_eq!(day_of(kolkata, 1_772_303_400), d("2026-03-01"));
        assert_eq!(day_of(kolkata, 1_772_303_399), d("2026-02-28"));
        let berlin = parse("europe/berlin").unwrap();
        // The day clocks go forward has 23 hours; the day they go back 25.
        let spring = day_start(berlin, d("2026-03-30")) - day_start(berlin, d("2026-03-29"));
        let autumn = day_start(berlin, d("2026-10-26")) - day_start(berlin, d("2026-10-25"));
        assert_eq!((spring, autumn), (23 * 3600, 25 * 3600));
        // Santiago's clocks skip midnight: the day begins at 01:00.
        let santiago = parse("America/Santiago").unwrap();
        let start = day_start(santiago, d("2026-09-06"));
        assert_eq!(day_of(santiago, start), d("2026-09-06"));
        assert_eq!(day_of(santiago, start - 1), d("2026-09-05"));
        assert!(parse("Mars/Olympus").is_err());
        assert_eq!(week_of(d("2026-11-22")), d("2026-11-16"));
        assert_eq!(month_of(d("2026-11-22")), d("2026-11-01"));
    }
}
