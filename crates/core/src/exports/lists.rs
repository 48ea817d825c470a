//! The window's other lists as CSV: customers, subscribers and refund requests, with the
//! filters the page shows, read a page at a time.

use super::{Export, Job, Sheet, To, cell, iso_utc};
use crate::{
    Store, customer_list,
    customer_list::CustomerQuery,
    error::Result,
    requests::{self, RequestState},
    subscriptions::{self, SubscriberQuery},
};

/// Every customer `q` matches (its offset and limit aside), in its sort. `None` when cancelled.
pub async fn customers(
    store: &Store,
    q: &CustomerQuery,
    to: To<'_>,
    job: &Job,
) -> Result<Option<Export>> {
    let total = customer_list::count(&store.read, q).await?;
    let mut sheet = Sheet::open(
        to,
        &[
            "customer_id",
            "name",
            "username",
            "language",
            "blocked",
            "first_seen_utc",
            "last_seen_utc",
            "orders",
            "spent_stars",
        ],
        total,
        job,
    )?;
    let mut page = CustomerQuery {
        offset: 0,
        limit: customer_list::MAX_PAGE,
        ..q.clone()
    };
    loop {
        let rows = customer_list::page(&store.read, &page).await?;
        for c in &rows {
            let row = [
                c.id.to_string(),
                cell(&c.first_name).into_owned(),
                cell(c.username.as_deref().unwrap_or("")).into_owned(),
                cell(c.language_code.as_deref().unwrap_or("")).into_owned(),
                yes_no(c.blocked),
                iso_utc(c.first_seen),
                iso_utc(c.last_seen),
                c.orders.to_string(),
                c.spent.to_string(),
            ];
            if !sheet.row(&row)? {
                return Ok(None);
            }
        }
        if (rows.len() as i64) < page.limit {
            break;
        }
        page.offset += page.limit;
    }
    sheet.finish().map(Some)
}

/// Every subscriber `q` matches (its offset and limit aside), in its sort. `None` when cancelled.
pub async fn subscribers(
    store: &Store,
    q: &SubscriberQuery,
    to: To<'_>,
    job: &Job,
) -> Result<Option<Export>> {
    /// The most the subscribers' page gives at once.
    const PAGE: i64 = 500;
    let total = subscriptions::subscribers_count(store, q).await?;
    let mut sheet = Sheet::open(
        to,
        &[
            "subscription",
            "customer_id",
            "customer_name",
            "username",
            "plan_id",
            "plan",
            "price",
            "status",
            "started_at_utc",
            "paid_until_utc",
            "access_until_utc",
            "renewals",
            "stars_paid",
            "has_access",
            "cancelled_at_utc",
            "ended_at_utc",
        ],
        total,
        job,
    )?;
    let mut page = SubscriberQuery {
        offset: 0,
        limit: PAGE,
        ..q.clone()
    };
    loop {
        let rows = subscriptions::subscribers(store, &page).await?;
        for s in &rows {
            let row = [
                s.id.to_string(),
                s.customer_id.to_string(),
                cell(&s.customer_name).into_owned(),
                cell(s.username.as_deref().unwrap_or("")).into_owned(),
                s.plan_id.to_string(),
                cell(&s.plan_title).into_owned(),
                s.price.to_string(),
                s.status.as_str().to_string(),
                iso_utc(s.started_at),
                iso_utc(s.paid_until),
                iso_utc(s.access_until),
                s.renewals.to_string(),
                s.stars_paid.to_string(),
                yes_no(s.has_access),
                s.cancelled_at.map(iso_utc).unwrap_or_default(),
                s.ended_at.map(iso_utc).unwrap_or_default(),
            ];
            if !sheet.row(&row)? {
                return Ok(None);
            }
        }
        if (rows.len() as i64) < PAGE {
            break;
        }
        page.offset += PAGE;
    }
    sheet.finish().map(Some)
}

/// The refund requests the Support page lists, of one state or all, newest first.
pub async fn requests(
    store: &Store,
    state: Option<RequestState>,
    to: To<'_>,
    job: &Job,
) -> Result<Option<Export>> {
    let list = requests::list(store, state).await?;
    let mut sheet = Sheet::open(
        to,
        &[
            "request",
            "order",
            "customer_id",
            "customer_name",
            "username",
            "item",
            "stars",
            "order_status",
            "paid_at_utc",
            "reason",
            "state",
            "asked_at_utc",
            "decided_at_utc",
            "decided_by",
            "answer",
        ],
        list.len() as i64,
        job,
    )?;
    for r in &list {
        let row = [
            r.id.to_string(),
            r.order_id.to_string(),
            r.customer_id.to_string(),
            cell(&r.customer_name).into_owned(),
            cell(r.username.as_deref().unwrap_or("")).into_owned(),
            cell(&r.product_title).into_owned(),
            r.stars.to_string(),
            r.order_status.as_str().to_string(),
            iso_utc(r.paid_at),
            cell(&r.reason).into_owned(),
            r.state.as_str().to_string(),
            iso_utc(r.created_at),
            r.decided_at.map(iso_utc).unwrap_or_default(),
            cell(r.decider.as_deref().unwrap_or("")).into_owned(),
            cell(r.answer.as_deref().unwrap_or("")).into_owned(),
        ];
        if !sheet.row(&row)? {
            return Ok(None);
        }
    }
    sheet.finish().map(Some)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}
