//! report_days: the shop's figures per day of its time zone and per item (a product or a plan),
//! kept in the order's own transaction; funnel_events: cards viewed and invoices sent. And the
//! reads behind the Reports page, most of them over the rollup, the rest over indexes that
//! hold every column they read.
//!
//! Day bounds are passed as a JSON array of `[key, start, end]` (UTC unix seconds, end
//! excluded): the days of a time zone cannot be computed in SQL, and this way one statement
//! counts every day of a range, each from an index.

use chrono_tz::Tz;
use sqlx::{SqliteConnection, SqliteExecutor, SqlitePool};

use crate::{db::settings, error::Result, zone};

/// The setting naming the time zone whose days the rollup holds.
pub const ZONE_SETTING: &str = "report_days_zone";

/// Counts the rollup again in `tz`'s days when it holds another zone's (or none yet), in one
/// write transaction: every sale written after it is keyed in the new days.
pub async fn ensure_zone(write: &SqlitePool, tz: Tz) -> Result<bool> {
    if settings::get(write, ZONE_SETTING).await?.as_deref() == Some(tz.name()) {
        return Ok(false);
    }
    let mut tx = write.begin().await?;
    count_again(&mut tx, tz).await?;
    settings::set(&mut *tx, ZONE_SETTING, tz.name()).await?;
    tx.commit().await?;
    Ok(true)
}

/// The rollup counted again in `tz`'s days (inside the caller's transaction).
pub async fn count_again(db: &mut SqliteConnection, tz: Tz) -> Result<()> {
    let Some((first, last)) = span(&mut *db).await? else {
        sqlx::query!("DELETE FROM report_days")
            .execute(&mut *db)
            .await?;
        return count_cohorts(db, tz).await;
    };
    let days = zone::day_spans(tz, zone::day_of(tz, first), zone::day_of(tz, last));
    let bounds = zone::spans_json(days.iter().map(|(k, s, e)| (k.as_str(), *s, *e)));
    rebuild(db, &bounds).await?;
    count_cohorts(db, tz).await
}

/// The cohorts counted again from the subscriptions, in `tz`'s months.
async fn count_cohorts(db: &mut SqliteConnection, tz: Tz) -> Result<()> {
    sqlx::query!("DELETE FROM subscription_cohorts")
        .execute(&mut *db)
        .await?;
    let span = sqlx::query!(
        r#"SELECT min(started_at) as "first: i64", max(started_at) as "last: i64" FROM subscriptions"#
    )
    .fetch_one(&mut *db)
    .await?;
    let (Some(first), Some(last)) = (span.first, span.last) else {
        return Ok(());
    };
    let months = zone::month_spans(tz, zone::day_of(tz, first), zone::day_of(tz, last));
    let bounds = zone::spans_json(months.iter().map(|(k, s, e)| (k.as_str(), *s, *e)));
    sqlx::query!(
        r#"INSERT INTO subscription_cohorts (month, renewals, subscribers)
           SELECT json_extract(b.value, '$[0]'), s.renewals, COUNT(*)
           FROM json_each(?) b
           JOIN subscriptions s INDEXED BY subscriptions_by_started
                ON s.started_at >= json_extract(b.value, '$[1]')
               AND s.started_at < json_extract(b.value, '$[2]')
           GROUP BY 1, 2"#,
        bounds
    )
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// What one event adds to its day and item; zero for the figures it does not touch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delta {
    pub orders: i64,
    pub stars: i64,
    pub refunds: i64,
    pub refunded_stars: i64,
    pub affiliate_nanostars: i64,
    pub referral_millistars: i64,
    pub views: i64,
    pub invoices: i64,
}

/// Adds `d` to the figures of `day` (the shop's, `YYYY-MM-DD`) for a product or a plan (0 for
/// neither). A new order's delivery ([`deliveries::insert_counting`](crate::db::deliveries::insert_counting))
/// runs this statement at its head, in one trip (sqlx's macros take only a literal): a change
/// here is made there too.
pub fn add(
    db: &rusqlite::Connection,
    day: &str,
    product_id: i64,
    plan_id: i64,
    d: &Delta,
) -> Result<()> {
    execute_direct!(
        db,
        "INSERT INTO report_days (day, product_id, plan_id, orders, stars, refunds, refunded_stars,
                                  affiliate_nanostars, referral_millistars, views, invoices)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (day, product_id, plan_id) DO UPDATE SET
             orders = orders + excluded.orders,
             stars = stars + excluded.stars,
             refunds = refunds + excluded.refunds,
             refunded_stars = refunded_stars + excluded.refunded_stars,
             affiliate_nanostars = affiliate_nanostars + excluded.affiliate_nanostars,
             referral_millistars = referral_millistars + excluded.referral_millistars,
             views = views + excluded.views,
             invoices = invoices + excluded.invoices",
        day,
        product_id,
        plan_id,
        d.orders,
        d.stars,
        d.refunds,
        d.refunded_stars,
        d.affiliate_nanostars,
        d.referral_millistars,
        d.views,
        d.invoices
    )?;
    Ok(())
}

/// A customer's totals: an order (`orders` 1) or a refund (`orders` 0) moves them.
pub async fn add_to_customer(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    orders: i64,
    net_stars: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE customers SET paid_orders = paid_orders + ?, net_stars = net_stars + ? WHERE id = ?",
        orders,
        net_stars,
        customer_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Moves one subscription of the cohort `month` from `from` renewals to `to` (`from` None: a
/// new one).
pub async fn cohort_move(
    db: &mut SqliteConnection,
    month: &str,
    from: Option<i64>,
    to: i64,
) -> Result<()> {
    if let Some(from) = from {
        sqlx::query!(
            "UPDATE subscription_cohorts SET subscribers = subscribers - 1
             WHERE month = ? AND renewals = ?",
            month,
            from
        )
        .execute(&mut *db)
        .await?;
    }
    sqlx::query!(
        "INSERT INTO subscription_cohorts (month, renewals, subscribers) VALUES (?, ?, 1)
         ON CONFLICT (month, renewals) DO UPDATE SET subscribers = subscribers + 1",
        month,
        to
    )
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Each cohort's subscribers by renewals paid, for the months from `from` to `to` (`YYYY-MM`).
pub async fn cohort_counts(
    db: impl SqliteExecutor<'_>,
    from: &str,
    to: &str,
) -> Result<Vec<CohortCount>> {
    let rows = sqlx::query_as!(
        CohortCount,
        r#"SELECT month as "key!", renewals as "renewals!: i64", subscribers as "subscribers!: i64"
           FROM subscription_cohorts WHERE month >= ? AND month <= ? AND subscribers > 0"#,
        from,
        to
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// An order as the rollup keys it.
pub struct OrderKey {
    /// 0 for none.
    pub product_id: i64,
    pub plan_id: i64,
    pub at: i64,
    pub refunded: bool,
    /// Telegram's affiliate commission recorded on it, in billionths.
    pub affiliate_nanostars: i64,
}

/// A tip (its payload `t1.…`) is keyed as `tips::REPORT_ITEM`, (0, -1), as its sale counted it.
pub async fn order_key(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<Option<OrderKey>> {
    let row = sqlx::query_as!(
        OrderKey,
        r#"SELECT coalesce(o.product_id, 0) as "product_id!: i64",
                  CASE WHEN o.payload LIKE 't1.%' THEN -1 ELSE coalesce(o.plan_id, 0) END as "plan_id!: i64",
                  o.created_at as "at!: i64", o.status = 'refunded' as "refunded!: bool",
                  coalesce(a.amount * 1000000000 + a.nanostar_amount, 0) as "affiliate_nanostars!: i64"
           FROM orders o LEFT JOIN telegram_affiliates a ON a.order_id = o.id
           WHERE o.id = ?"#,
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

/// Records a funnel step (`view` or `invoice`); a trigger counts it on `day` in the rollup.
pub fn insert_event(
    db: &rusqlite::Connection,
    kind: &str,
    product_id: Option<i64>,
    plan_id: Option<i64>,
    customer_id: i64,
    at: i64,
    day: &str,
) -> Result<()> {
    execute_direct!(
        db,
        "INSERT INTO funnel_events (kind, product_id, plan_id, customer_id, at, day)
         VALUES (?, ?, ?, ?, ?, ?)",
        kind,
        product_id,
        plan_id,
        customer_id,
        at,
        day
    )?;
    Ok(())
}

/// The first and last times the rollup counts (orders and the funnel's events), if any.
pub async fn span(db: impl SqliteExecutor<'_>) -> Result<Option<(i64, i64)>> {
    let r = sqlx::query!(
        r#"SELECT min(a) as "first: i64", max(b) as "last: i64" FROM (
             SELECT min(created_at) as a, max(created_at) as b FROM orders
             UNION ALL
             SELECT min(at), max(at) FROM funnel_events)"#
    )
    .fetch_one(db)
    .await?;
    Ok(r.first.zip(r.last))
}

/// Counts the rollup again from the orders, their commissions and the funnel's events, for
/// the days in `bounds` (which must cover every order and event), and every customer's totals.
/// Tips count under `tips::REPORT_ITEM`, (0, -1), as their sales do.
pub async fn rebuild(db: &mut SqliteConnection, bounds: &str) -> Result<()> {
    sqlx::query!("DELETE FROM report_days")
        .execute(&mut *db)
        .await?;
    sqlx::query!(
        r#"INSERT INTO report_days (day, product_id, plan_id, orders, stars, refunds, refunded_stars,
                                   affiliate_nanostars, referral_millistars)
           SELECT json_extract(b.value, '$[0]'), coalesce(o.product_id, 0),
                  CASE WHEN o.payload LIKE 't1.%' THEN -1 ELSE coalesce(o.plan_id, 0) END,
                  COUNT(*), SUM(o.stars), SUM(o.status = 'refunded'),
                  SUM(CASE WHEN o.status = 'refunded' THEN o.stars ELSE 0 END),
                  SUM(CASE WHEN o.status = 'refunded' THEN 0
                           ELSE coalesce(a.amount * 1000000000 + a.nanostar_amount, 0) END),
                  SUM(coalesce((SELECT SUM(c.millistars) FROM commissions c WHERE c.order_id = o.id), 0))
           FROM json_each(?1) b
           JOIN orders o ON o.created_at >= json_extract(b.value, '$[1]')
                        AND o.created_at < json_extract(b.value, '$[2]')
           LEFT JOIN telegram_affiliates a ON a.order_id = o.id
           GROUP BY 1, 2, 3"#,
        bounds
    )
    .execute(&mut *db)
    .await?;
    sqlx::query!(
        "UPDATE customers SET
             paid_orders = (SELECT COUNT(*) FROM orders o WHERE o.customer_id = customers.id),
             net_stars = coalesce((SELECT SUM(o.stars) FROM orders o
                                   WHERE o.customer_id = customers.id AND o.status <> 'refunded'), 0)"
    )
    .execute(&mut *db)
    .await?;
    sqlx::query!(
        r#"INSERT INTO report_days (day, product_id, plan_id, views, invoices)
           SELECT json_extract(b.value, '$[0]'), coalesce(f.product_id, 0), coalesce(f.plan_id, 0),
                  SUM(f.kind = 'view'), SUM(f.kind = 'invoice')
           FROM json_each(?1) b
           JOIN funnel_events f ON f.at >= json_extract(b.value, '$[1]')
                               AND f.at < json_extract(b.value, '$[2]')
           WHERE true
           GROUP BY 1, 2, 3
           ON CONFLICT (day, product_id, plan_id) DO UPDATE SET
               views = excluded.views, invoices = excluded.invoices"#,
        bounds
    )
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// A day's (or an item's) sums.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sums {
    pub key: String,
    pub product_id: i64,
    pub plan_id: i64,
    pub orders: i64,
    pub stars: i64,
    pub refunds: i64,
    pub refunded_stars: i64,
    pub affiliate_nanostars: i64,
    pub referral_millistars: i64,
    pub views: i64,
    pub invoices: i64,
}

impl Sums {
    /// Adds `other`'s figures to these (the key and item stay).
    pub fn add(&mut self, other: &Sums) {
        self.orders += other.orders;
        self.stars += other.stars;
        self.refunds += other.refunds;
        self.refunded_stars += other.refunded_stars;
        self.affiliate_nanostars += other.affiliate_nanostars;
        self.referral_millistars += other.referral_millistars;
        self.views += other.views;
        self.invoices += other.invoices;
    }
}

/// Every day from `from` to `to` (inclusive) with anything counted, in order.
pub async fn by_day(db: impl SqliteExecutor<'_>, from: &str, to: &str) -> Result<Vec<Sums>> {
    let rows = sqlx::query_as!(
        Sums,
        r#"SELECT day as "key!", 0 as "product_id!: i64", 0 as "plan_id!: i64",
                  SUM(orders) as "orders!: i64", SUM(stars) as "stars!: i64",
                  SUM(refunds) as "refunds!: i64", SUM(refunded_stars) as "refunded_stars!: i64",
                  SUM(affiliate_nanostars) as "affiliate_nanostars!: i64",
                  SUM(referral_millistars) as "referral_millistars!: i64",
                  SUM(views) as "views!: i64", SUM(invoices) as "invoices!: i64"
           FROM report_days WHERE day >= ? AND day <= ?
           GROUP BY day ORDER BY day"#,
        from,
        to
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// Each item's sums from `from` to `to`, with its title (the product's or plan's as it is now,
/// else the title on its last order).
pub async fn by_item(db: impl SqliteExecutor<'_>, from: &str, to: &str) -> Result<Vec<Sums>> {
    let rows = sqlx::query_as!(
        Sums,
        r#"SELECT coalesce(p.title, pl.title,
                    (SELECT o.product_title FROM orders o
                     WHERE o.product_id = r.product_id AND r.product_id <> 0
                     ORDER BY o.created_at DESC LIMIT 1), '') as "key!: String",
                  r.product_id as "product_id!: i64", r.plan_id as "plan_id!: i64",
                  r.orders as "orders!: i64", r.stars as "stars!: i64", r.refunds as "refunds!: i64",
                  r.refunded_stars as "refunded_stars!: i64",
                  r.affiliate_nanostars as "affiliate_nanostars!: i64",
                  r.referral_millistars as "referral_millistars!: i64",
                  r.views as "views!: i64", r.invoices as "invoices!: i64"
           FROM (SELECT product_id, plan_id, SUM(orders) as orders, SUM(stars) as stars,
                        SUM(refunds) as refunds, SUM(refunded_stars) as refunded_stars,
                        SUM(affiliate_nanostars) as affiliate_nanostars,
                        SUM(referral_millistars) as referral_millistars,
                        SUM(views) as views, SUM(invoices) as invoices
                 FROM report_days WHERE day >= ? AND day <= ?
                 GROUP BY product_id, plan_id) r
           LEFT JOIN products p ON p.id = r.product_id AND r.product_id <> 0
           LEFT JOIN plans pl ON pl.id = r.plan_id AND r.plan_id <> 0
           ORDER BY r.stars - r.refunded_stars DESC, r.product_id, r.plan_id"#,
        from,
        to
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// The shop's sums of all time.
pub async fn all_time(db: impl SqliteExecutor<'_>) -> Result<Sums> {
    let r = sqlx::query_as!(
        Sums,
        r#"SELECT '' as "key!: String", 0 as "product_id!: i64", 0 as "plan_id!: i64",
                  coalesce(SUM(orders), 0) as "orders!: i64", coalesce(SUM(stars), 0) as "stars!: i64",
                  coalesce(SUM(refunds), 0) as "refunds!: i64",
                  coalesce(SUM(refunded_stars), 0) as "refunded_stars!: i64",
                  coalesce(SUM(affiliate_nanostars), 0) as "affiliate_nanostars!: i64",
                  coalesce(SUM(referral_millistars), 0) as "referral_millistars!: i64",
                  coalesce(SUM(views), 0) as "views!: i64", coalesce(SUM(invoices), 0) as "invoices!: i64"
           FROM report_days"#
    )
    .fetch_one(db)
    .await?;
    Ok(r)
}

pub struct TopCustomer {
    pub customer_id: i64,
    pub name: String,
    pub username: Option<String>,
    pub orders: i64,
    pub stars: i64,
    pub refunded_stars: i64,
}

/// The customers who paid most (refunds taken off) from `start` to `end` (UTC, end excluded).
pub async fn top_customers(
    db: impl SqliteExecutor<'_>,
    start: i64,
    end: i64,
    limit: i64,
) -> Result<Vec<TopCustomer>> {
    let rows = sqlx::query_as!(
        TopCustomer,
        r#"SELECT t.customer_id as "customer_id!: i64", c.first_name as "name!", c.username,
                  t.orders as "orders!: i64", t.stars as "stars!: i64",
                  t.refunded as "refunded_stars!: i64"
           FROM (SELECT customer_id, COUNT(*) as orders, SUM(stars) as stars,
                        SUM(CASE WHEN status = 'refunded' THEN stars ELSE 0 END) as refunded
                 FROM orders INDEXED BY orders_by_created
                 WHERE created_at >= ? AND created_at < ?
                 GROUP BY customer_id
                 ORDER BY SUM(CASE WHEN status = 'refunded' THEN 0 ELSE stars END) DESC, customer_id
                 LIMIT ?) t
           JOIN customers c ON c.id = t.customer_id
           ORDER BY t.stars - t.refunded DESC, t.customer_id"#,
        start,
        end,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// Customers by what they paid of all time (refunds taken off), most first, after the one
/// `after` names (its total and number): the most any of them can have paid in a range.
pub async fn customers_by_net(
    db: impl SqliteExecutor<'_>,
    after: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<(i64, i64)>> {
    let (net, id) = after.unwrap_or((i64::MAX, i64::MIN));
    let rows = sqlx::query!(
        r#"SELECT id as "id!: i64", net_stars as "net!: i64" FROM customers INDEXED BY customers_by_net_stars
           WHERE net_stars < ?1 OR (net_stars = ?1 AND id > ?2)
           ORDER BY net_stars DESC, id LIMIT ?3"#,
        net,
        id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.net)).collect())
}

/// What each of `customers` (a JSON array of ids) paid from `start` to `end`, read from their
/// own orders' index.
pub async fn customers_within(
    db: impl SqliteExecutor<'_>,
    customers: &str,
    start: i64,
    end: i64,
) -> Result<Vec<TopCustomer>> {
    let rows = sqlx::query_as!(
        TopCustomer,
        r#"SELECT c.id as "customer_id!: i64", c.first_name as "name!", c.username,
                  COUNT(o.id) as "orders!: i64", coalesce(SUM(o.stars), 0) as "stars!: i64",
                  coalesce(SUM(CASE WHEN o.status = 'refunded' THEN o.stars ELSE 0 END), 0) as "refunded_stars!: i64"
           FROM json_each(?1) j
           JOIN customers c ON c.id = j.value
           JOIN orders o INDEXED BY orders_by_customer
                ON o.customer_id = c.id AND o.created_at >= ?2 AND o.created_at < ?3
           GROUP BY c.id"#,
        customers,
        start,
        end
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// What each span of `bounds` holds in payments: Stars paid, refunded, and Telegram's
/// affiliate commissions in billionths.
pub struct Paid {
    pub key: String,
    pub payments: i64,
    pub stars: i64,
    pub refunded_stars: i64,
    pub affiliate_nanostars: i64,
}

pub async fn paid_within(db: impl SqliteExecutor<'_>, bounds: &str) -> Result<Vec<Paid>> {
    let rows = sqlx::query_as!(
        Paid,
        r#"SELECT json_extract(b.value, '$[0]') as "key!: String", COUNT(*) as "payments!: i64",
                  coalesce(SUM(o.stars), 0) as "stars!: i64",
                  coalesce(SUM(CASE WHEN o.status = 'refunded' THEN o.stars ELSE 0 END), 0) as "refunded_stars!: i64",
                  coalesce(SUM(CASE WHEN o.status = 'refunded' THEN 0
                                    ELSE a.amount * 1000000000 + a.nanostar_amount END), 0)
                      as "affiliate_nanostars!: i64"
           FROM json_each(?) b
           JOIN orders o INDEXED BY orders_by_created
                ON o.created_at >= json_extract(b.value, '$[1]')
               AND o.created_at < json_extract(b.value, '$[2]')
           LEFT JOIN telegram_affiliates a ON a.order_id = o.id
           GROUP BY 1"#,
        bounds
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// Subscriptions that started, and that stopped (cancelled or ended), in each span of `bounds`:
/// how many and the Stars a period they were worth.
pub struct Moves {
    pub key: String,
    pub started: i64,
    pub started_stars: i64,
    pub stopped: i64,
    pub stopped_stars: i64,
}

pub async fn subscription_moves(db: &mut SqliteConnection, bounds: &str) -> Result<Vec<Moves>> {
    // One index range per span and per side, summed where it is read (no sort of the rows).
    let rows = sqlx::query!(
        r#"SELECT json_extract(b.value, '$[0]') as "key!: String",
                  (SELECT json_array(COUNT(*), coalesce(SUM(s.price), 0))
                   FROM subscriptions s INDEXED BY subscriptions_by_started
                   WHERE s.started_at >= json_extract(b.value, '$[1]')
                     AND s.started_at < json_extract(b.value, '$[2]')) as "started!: String",
                  (SELECT json_array(COUNT(*), coalesce(SUM(s.price), 0))
                   FROM subscriptions s INDEXED BY subscriptions_by_stop
                   WHERE coalesce(s.cancelled_at, s.ended_at) >= json_extract(b.value, '$[1]')
                     AND coalesce(s.cancelled_at, s.ended_at) < json_extract(b.value, '$[2]')) as "stopped!: String"
           FROM json_each(?) b"#,
        bounds
    )
    .fetch_all(&mut *db)
    .await?;
    let pair = |s: &str| -> (i64, i64) { serde_json::from_str(s).unwrap_or((0, 0)) };
    Ok(rows
        .into_iter()
        .map(|r| {
            let (started, started_stars) = pair(&r.started);
            let (stopped, stopped_stars) = pair(&r.stopped);
            Moves {
                key: r.key,
                started,
                started_stars,
                stopped,
                stopped_stars,
            }
        })
        .collect())
}

/// Subscriptions running at `at`: started before it and not stopped by then; how many and the
/// Stars a period they are worth.
pub async fn subscriptions_running(db: &mut SqliteConnection, at: i64) -> Result<(i64, i64)> {
    let started = sqlx::query!(
        r#"SELECT COUNT(*) as "n!: i64", coalesce(SUM(price), 0) as "stars!: i64"
           FROM subscriptions INDEXED BY subscriptions_by_started WHERE started_at < ?"#,
        at
    )
    .fetch_one(&mut *db)
    .await?;
    let stopped = sqlx::query!(
        r#"SELECT COUNT(*) as "n!: i64", coalesce(SUM(price), 0) as "stars!: i64"
           FROM subscriptions INDEXED BY subscriptions_by_stop
           WHERE coalesce(cancelled_at, ended_at) < ?"#,
        at
    )
    .fetch_one(&mut *db)
    .await?;
    Ok((started.n - stopped.n, started.stars - stopped.stars))
}

/// Subscriptions cancelled, and ended without being cancelled (lapsed, refunded), from `start`
/// to `end`.
pub async fn subscriptions_lost(
    db: impl SqliteExecutor<'_>,
    start: i64,
    end: i64,
) -> Result<(i64, i64)> {
    let r = sqlx::query!(
        r#"SELECT
             (SELECT COUNT(*) FROM subscriptions WHERE cancelled_at >= ?1 AND cancelled_at < ?2) as "cancelled!: i64",
             (SELECT COUNT(*) FROM subscriptions
              WHERE ended_at >= ?1 AND ended_at < ?2 AND cancelled_at IS NULL) as "lapsed!: i64""#,
        start,
        end
    )
    .fetch_one(db)
    .await?;
    Ok((r.cancelled, r.lapsed))
}

/// Subscribers of a cohort (its month) with as many renewals paid.
pub struct CohortCount {
    pub key: String,
    pub renewals: i64,
    pub subscribers: i64,
}
