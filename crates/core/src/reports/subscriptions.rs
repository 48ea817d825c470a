//! Subscriptions over a range of the merchant's days: MRR (the Stars a month of the
//! subscriptions that renew brings) and renewing subscribers over time, subscribers won and
//! lost, churn, ARPU, and cohorts by the month of their first payment.

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Grouping, key, range};
use crate::{
    db::{Store, report_days},
    error::Result,
    zone,
};

/// MRR and renewing subscribers at the end of a group of days.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct MrrPoint {
    /// The group's first and last day in the range.
    pub start: String,
    pub end: String,
    /// Stars a month from the subscriptions running (not cancelled, not ended) at its end.
    pub mrr: i64,
    pub active: i64,
    /// Subscriptions started and stopped (cancelled or ended) within it.
    pub started: i64,
    pub stopped: i64,
}

/// Subscribers by the month of their first payment, and how many were still paying after 1,
/// 2, 3… months (as far as every one of them has had that many renewals due).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Cohort {
    /// `YYYY-MM`.
    pub month: String,
    pub subscribers: i64,
    pub retained: Vec<i64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct SubscriptionReport {
    pub zone: String,
    pub from: String,
    pub to: String,
    pub group: Grouping,
    /// At the end of the range (now, when it ends today).
    pub mrr: i64,
    pub active: i64,
    /// Subscriptions started in the range.
    pub new: i64,
    /// Cancelled in the range (they keep access to the end of what they paid).
    pub cancelled: i64,
    /// Ended in the range without being cancelled: a renewal that did not come, a refund.
    pub lapsed: i64,
    /// Subscribers lost in the range per thousand running at its start (none when none ran).
    pub churn_permille: Option<i64>,
    /// MRR per renewing subscriber, in thousandths of a Star.
    pub arpu_millistars: Option<i64>,
    pub points: Vec<MrrPoint>,
    /// The twelve months up to the range's end.
    pub cohorts: Vec<Cohort>,
}

pub const COHORT_MONTHS: u32 = 12;

pub async fn report(
    store: &Store,
    from: &str,
    to: &str,
    group: Grouping,
    now: i64,
) -> Result<SubscriptionReport> {
    let (first, last) = range(from, to)?;
    let zone = &store.zone;
    let tz = zone.tz();
    // The groups of the range, each as a span of time; the last ends now when the range does.
    let mut groups: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut day = first;
    while day <= last {
        let start = group.start_of(day).max(first);
        match groups.last_mut() {
            Some(g) if g.0 == start => g.1 = day,
            _ => groups.push((start, day)),
        }
        day += Duration::days(1);
    }
    let span_of = |(a, b): (NaiveDate, NaiveDate)| {
        let end = zone
            .day_start(b + Duration::days(1))
            .min(now.max(zone.day_start(a)));
        (key(a), zone.day_start(a), end)
    };
    let spans: Vec<(String, i64, i64)> = groups.iter().map(|g| span_of(*g)).collect();
    let json = zone::spans_json(spans.iter().map(|(k, s, e)| (k.as_str(), *s, *e)));

    let mut conn = store.read.acquire().await?;
    let start = zone.day_start(first);
    let (mut active, mut mrr) = report_days::subscriptions_running(&mut conn, start).await?;
    let active_at_start = active;
    let moves = report_days::subscription_moves(&mut conn, &json).await?;
    let mut points = Vec::with_capacity(groups.len());
    let (mut new, mut stopped_total) = (0, 0);
    for (g, (k, _, _)) in groups.iter().zip(&spans) {
        let m = moves.iter().find(|m| &m.key == k);
        let (started, started_stars, stopped, stopped_stars) = m.map_or((0, 0, 0, 0), |m| {
            (m.started, m.started_stars, m.stopped, m.stopped_stars)
        });
        active += started - stopped;
        mrr += started_stars - stopped_stars;
        new += started;
        stopped_total += stopped;
        points.push(MrrPoint {
            start: key(g.0),
            end: key(g.1),
            mrr,
            active,
            started,
            stopped,
        });
    }
    let end = spans.last().map_or(start, |s| s.2);
    let (cancelled, lapsed) = report_days::subscriptions_lost(&mut *conn, start, end).await?;

    // Cohorts: the twelve months up to the range's end.
    let last_month = zone::month_of(last);
    let this_month = zone::month_of(zone::day_of(tz, now));
    let months: Vec<NaiveDate> = (0..COHORT_MONTHS)
        .rev()
        .filter_map(|i| last_month.checked_sub_months(Months::new(i)))
        .collect();
    let keys: Vec<String> = months
        .iter()
        .map(|m| m.format("%Y-%m").to_string())
        .collect();
    let (first_key, last_key) = (
        keys.first().cloned().unwrap_or_default(),
        keys.last().cloned().unwrap_or_default(),
    );
    let counts = report_days::cohort_counts(&mut *conn, &first_key, &last_key).await?;
    let cohorts = months
        .iter()
        .zip(&keys)
        .map(|(m, k)| {
            let rows: Vec<_> = counts.iter().filter(|c| &c.key == k).collect();
            // After n months: shown once every subscriber of the month has had n renewals due.
            let passed = months_between(*m, this_month) - 1;
            Cohort {
                month: k.clone(),
                subscribers: rows.iter().map(|c| c.subscribers).sum(),
                retained: (1..=passed)
                    .map(|n| {
                        rows.iter()
                            .filter(|c| c.renewals >= n)
                            .map(|c| c.subscribers)
                            .sum()
                    })
                    .collect(),
            }
        })
        .collect();

    Ok(SubscriptionReport {
        zone: zone.name(),
        from: key(first),
        to: key(last),
        group,
        mrr,
        active,
        new,
        cancelled,
        lapsed,
        churn_permille: (active_at_start > 0).then(|| stopped_total * 1000 / active_at_start),
        arpu_millistars: (active > 0).then(|| mrr * 1000 / active),
        points,
        cohorts,
    })
}

/// Whole months from `a` to `b` (firsts of months), 0 when `b` is not later.
fn months_between(a: NaiveDate, b: NaiveDate) -> i64 {
    let n = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    i64::from(n.max(0))
}
