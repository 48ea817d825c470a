//! Bulk writes for `stardeskd seed`: a plausible year of sales and subscriptions in one
//! transaction, for benchmarks and screenshots, with the revenue rollup kept consistent with the
//! orders.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

use crate::error::Result;

pub struct SeedCustomer {
    pub id: i64,
    pub first_name: String,
    pub username: String,
    pub language_code: &'static str,
    pub first_seen: i64,
    pub last_seen: i64,
}

pub struct SeedOrder {
    pub id: i64,
    pub charge_id: String,
    pub customer_id: i64,
    pub product_id: i64,
    pub product_title: String,
    pub stars: i64,
    /// `delivered`, `refunded` or `failed`; a failed order's delivery failed too.
    pub status: &'static str,
    pub created_at: i64,
}

/// A large page cache keeps the random inserts into the charge id index in memory.
pub async fn begin(tx: &mut SqliteConnection) -> Result<()> {
    sqlx::query("PRAGMA cache_size = -400000")
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Back to the usual cache, with fresh statistics so the planner knows what was just written.
pub async fn end(pool: &SqlitePool) -> Result<()> {
    sqlx::query("PRAGMA cache_size = -32000")
        .execute(pool)
        .await?;
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}

/// The highest customer id so far (seeded customers get ids above a billion).
pub async fn max_customer_id(tx: &mut SqliteConnection) -> Result<i64> {
    let id =
        sqlx::query_scalar!(r#"SELECT coalesce(max(id), 1000000000) as "id!: i64" FROM customers"#)
            .fetch_one(&mut *tx)
            .await?;
    Ok(id)
}

pub async fn next_order_id(tx: &mut SqliteConnection) -> Result<i64> {
    let id = sqlx::query_scalar!(r#"SELECT coalesce(max(id), 0) + 1 as "id!: i64" FROM orders"#)
        .fetch_one(&mut *tx)
        .await?;
    Ok(id)
}

pub async fn insert_customers(tx: &mut SqliteConnection, rows: &[SeedCustomer]) -> Result<()> {
    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO customers (id, first_name, username, language_code, first_seen, last_seen, \
         search_key) ",
    );
    qb.push_values(rows, |mut b, c| {
        b.push_bind(c.id)
            .push_bind(c.first_name.clone())
            .push_bind(c.username.clone())
            .push_bind(c.language_code)
            .push_bind(c.first_seen)
            .push_bind(c.last_seen)
            .push_bind(crate::search::customer_key(
                &c.first_name,
                Some(&c.username),
            ));
    });
    qb.build().execute(&mut *tx).await?;
    Ok(())
}

/// Orders with their deliveries (and, for refunded ones, their refund).
pub async fn insert_orders(tx: &mut SqliteConnection, rows: &[SeedOrder]) -> Result<()> {
    let mut orders: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO orders (id, charge_id, customer_id, product_id, product_title, stars, payload, status, \
         refund_reason, created_at, delivered_at, refunded_at) ",
    );
    orders.push_values(rows, |mut b, o| {
        let (delivered, refunded, reason) = match o.status {
            "refunded" => (
                Some(o.created_at + 2),
                Some(o.created_at + 3_600),
                Some("refunded"),
            ),
            "failed" => (None, None, None),
            _ => (Some(o.created_at + 2), None, None),
        };
        b.push_bind(o.id)
            .push_bind(o.charge_id.clone())
            .push_bind(o.customer_id)
            .push_bind(o.product_id)
            .push_bind(o.product_title.clone())
            .push_bind(o.stars)
            .push_bind("seed")
            .push_bind(o.status)
            .push_bind(reason)
            .push_bind(o.created_at)
            .push_bind(delivered)
            .push_bind(refunded);
    });
    orders.build().execute(&mut *tx).await?;
    let mut deliveries: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO deliveries (order_id, kind, state, attempts, last_error, created_at, sent_at, \
         message_sent_at, receipt_sent_at) ",
    );
    deliveries.push_values(rows, |mut b, o| {
        let failed = o.status == "failed";
        let sent = (!failed).then_some(o.created_at + 2);
        b.push_bind(o.id)
            .push_bind("goods")
            .push_bind(if failed { "failed" } else { "sent" })
            .push_bind(if failed { 5 } else { 1 })
            .push_bind(failed.then_some("Forbidden: bot was blocked by the user"))
            .push_bind(o.created_at)
            .push_bind(sent)
            .push_bind(sent)
            .push_bind(sent);
    });
    deliveries.build().execute(&mut *tx).await?;
    let refunded: Vec<&SeedOrder> = rows.iter().filter(|o| o.status == "refunded").collect();
    if !refunded.is_empty() {
        let mut refunds: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO refunds (order_id, charge_id, stars, actor, reason, created_at) ",
        );
        refunds.push_values(refunded, |mut b, o| {
            b.push_bind(o.id)
                .push_bind(o.charge_id.clone())
                .push_bind(o.stars)
                .push_bind("operator")
                .push_bind("customer request")
                .push_bind(o.created_at + 3_600);
        });
        refunds.build().execute(&mut *tx).await?;
    }
    Ok(())
}

// ---- subscriptions ----

pub struct SeedSubscription {
    pub id: i64,
    pub customer_id: i64,
    pub plan_id: i64,
    pub price: i64,
    /// `active`, `cancelled`, `lapsed` or `refunded`.
    pub status: &'static str,
    pub first_charge_id: String,
    pub payload: String,
    pub started_at: i64,
    pub paid_until: i64,
    pub access_until: i64,
    pub renewals: i64,
    pub stars_paid: i64,
    pub has_access: bool,
    pub cancelled_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub updated_at: i64,
}

/// A subscription's payment: an order tied to its subscription, delivered, perhaps refunded.
pub struct SeedPayment {
    pub id: i64,
    pub charge_id: String,
    pub customer_id: i64,
    pub plan_id: i64,
    pub subscription_id: i64,
    pub plan_title: String,
    pub stars: i64,
    pub created_at: i64,
    pub paid_until: i64,
    pub refunded_at: Option<i64>,
}

/// A removal from a plan's channels, carried out and told.
pub struct SeedRemoval {
    pub id: i64,
    pub subscription_id: i64,
    pub access_until: i64,
    pub why: &'static str,
    pub actor: &'static str,
    pub actor_name: &'static str,
    pub at: i64,
}

pub struct SeedReminder {
    pub subscription_id: i64,
    pub paid_until: i64,
    pub days_before: i64,
    pub sent_at: i64,
}

pub async fn next_subscription_id(tx: &mut SqliteConnection) -> Result<i64> {
    let id =
        sqlx::query_scalar!(r#"SELECT coalesce(max(id), 0) + 1 as "id!: i64" FROM subscriptions"#)
            .fetch_one(&mut *tx)
            .await?;
    Ok(id)
}

pub async fn next_removal_id(tx: &mut SqliteConnection) -> Result<i64> {
    let id = sqlx::query_scalar!(r#"SELECT coalesce(max(id), 0) + 1 as "id!: i64" FROM removals"#)
        .fetch_one(&mut *tx)
        .await?;
    Ok(id)
}

pub async fn insert_subscriptions(
    tx: &mut SqliteConnection,
    rows: &[SeedSubscription],
) -> Result<()> {
    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO subscriptions (id, customer_id, plan_id, price, status, first_charge_id, payload, \
         started_at, paid_until, access_until, renewals, stars_paid, has_access, cancelled_at, \
         ended_at, updated_at) ",
    );
    qb.push_values(rows, |mut b, s| {
        b.push_bind(s.id)
            .push_bind(s.customer_id)
            .push_bind(s.plan_id)
            .push_bind(s.price)
            .push_bind(s.status)
            .push_bind(s.first_charge_id.clone())
            .push_bind(s.payload.clone())
            .push_bind(s.started_at)
            .push_bind(s.paid_until)
            .push_bind(s.access_until)
            .push_bind(s.renewals)
            .push_bind(s.stars_paid)
            .push_bind(s.has_access)
            .push_bind(s.cancelled_at)
            .push_bind(s.ended_at)
            .push_bind(s.updated_at);
    });
    qb.build().execute(&mut *tx).await?;
    Ok(())
}

/// Subscription payments as orders, with their deliveries (and, for refunded ones, their refund).
pub async fn insert_payments(tx: &mut SqliteConnection, rows: &[SeedPayment]) -> Result<()> {
    let mut orders: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO orders (id, charge_id, customer_id, product_title, stars, payload, status, \
         refund_reason, created_at, delivered_at, refunded_at, plan_id, subscription_id, paid_until) ",
    );
    orders.push_values(rows, |mut b, p| {
        b.push_bind(p.id)
            .push_bind(p.charge_id.clone())
            .push_bind(p.customer_id)
            .push_bind(p.plan_title.clone())
            .push_bind(p.stars)
            .push_bind("seed")
            .push_bind(if p.refunded_at.is_some() {
                "refunded"
            } else {
                "delivered"
            })
            .push_bind(p.refunded_at.map(|_| "customer_request"))
            .push_bind(p.created_at)
            .push_bind(p.created_at + 2)
            .push_bind(p.refunded_at)
            .push_bind(p.plan_id)
            .push_bind(p.subscription_id)
            .push_bind(p.paid_until);
    });
    orders.build().execute(&mut *tx).await?;
    let mut deliveries: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO deliveries (order_id, kind, state, attempts, created_at, sent_at, \
         message_sent_at, receipt_sent_at) ",
    );
    deliveries.push_values(rows, |mut b, p| {
        let sent = p.created_at + 2;
        b.push_bind(p.id)
            .push_bind("goods")
            .push_bind("sent")
            .push_bind(1)
            .push_bind(p.created_at)
            .push_bind(sent)
            .push_bind(sent)
            .push_bind(sent);
    });
    deliveries.build().execute(&mut *tx).await?;
    let refunded: Vec<&SeedPayment> = rows.iter().filter(|p| p.refunded_at.is_some()).collect();
    if !refunded.is_empty() {
        let mut refunds: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO refunds (order_id, charge_id, stars, actor, reason, created_at) ",
        );
        refunds.push_values(refunded, |mut b, p| {
            b.push_bind(p.id)
                .push_bind(p.charge_id.clone())
                .push_bind(p.stars)
                .push_bind("operator")
                .push_bind("customer request")
                .push_bind(p.refunded_at);
        });
        refunds.build().execute(&mut *tx).await?;
    }
    Ok(())
}

pub async fn insert_removals(tx: &mut SqliteConnection, rows: &[SeedRemoval]) -> Result<()> {
    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO removals (id, subscription_id, access_until, why, actor, actor_name, state, \
         created_at, removed_at, told_at) ",
    );
    qb.push_values(rows, |mut b, r| {
        b.push_bind(r.id)
            .push_bind(r.subscription_id)
            .push_bind(r.access_until)
            .push_bind(r.why)
            .push_bind(r.actor)
            .push_bind(r.actor_name)
            .push_bind("removed")
            .push_bind(r.at)
            .push_bind(r.at + 1)
            .push_bind(r.at + 2);
    });
    qb.build().execute(&mut *tx).await?;
    Ok(())
}

pub async fn insert_reminders(tx: &mut SqliteConnection, rows: &[SeedReminder]) -> Result<()> {
    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
        "INSERT INTO reminders (subscription_id, paid_until, days_before, sent_at) ",
    );
    qb.push_values(rows, |mut b, r| {
        b.push_bind(r.subscription_id)
            .push_bind(r.paid_until)
            .push_bind(r.days_before)
            .push_bind(r.sent_at);
    });
    qb.build().execute(&mut *tx).await?;
    Ok(())
}

/// What `seed_referrals` wrote.
pub struct SeededReferrals {
    pub referred: u64,
    pub commissions: u64,
    pub payouts: u64,
}

/// A referral program over the customers seeded so far: the `referrers` oldest customers bring
/// three in ten of the others (spread evenly over them, from their first day, for 12 months);
/// each paid order of a referred customer in that time earns 10 % in thousandths, held 21 days; a
/// refunded one is reversed; a third of the referrers were paid half of what they had available
/// at `at`, as store credit or outside.
pub async fn seed_referrals(
    tx: &mut SqliteConnection,
    referrers: i64,
    at: i64,
) -> Result<SeededReferrals> {
    let referred = sqlx::query!(
        "WITH refs AS (SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM customers
                       ORDER BY id LIMIT ?1)
         INSERT INTO referrals (customer_id, referrer_id, created_at, ends_at)
         SELECT c.id, r.id, c.first_seen, c.first_seen + 360 * 86400
         FROM customers c JOIN refs r ON r.n = c.id % ?1
         WHERE c.id % 10 < 3 AND c.id NOT IN (SELECT id FROM refs)
         ON CONFLICT (customer_id) DO NOTHING",
        referrers
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let earned = sqlx::query!(
        "INSERT INTO commissions (referrer_id, order_id, kind, millistars, percent, available_at, created_at)
         SELECT r.referrer_id, o.id, 'earned', o.stars * 100, 10, o.created_at + 21 * 86400, o.created_at
         FROM referrals r JOIN orders o ON o.customer_id = r.customer_id
         WHERE o.created_at < r.ends_at AND o.stars > 0
         ON CONFLICT (order_id, kind) DO NOTHING"
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let reversed = sqlx::query!(
        "INSERT INTO commissions (referrer_id, order_id, kind, millistars, percent, available_at, created_at)
         SELECT k.referrer_id, k.order_id, 'reversed', -k.millistars, k.percent,
                max(k.available_at, coalesce(o.refunded_at, o.created_at)), coalesce(o.refunded_at, o.created_at)
         FROM commissions k JOIN orders o ON o.id = k.order_id
         WHERE o.status = 'refunded' AND k.kind = 'earned'
         ON CONFLICT (order_id, kind) DO NOTHING"
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query!(
        "UPDATE referrals SET
             orders = (SELECT count(*) FROM orders o
                       WHERE o.customer_id = referrals.customer_id AND o.status <> 'refunded'),
             stars = (SELECT coalesce(sum(o.stars), 0) FROM orders o
                      WHERE o.customer_id = referrals.customer_id AND o.status <> 'refunded'),
             millistars = (SELECT coalesce(sum(k.millistars), 0) FROM commissions k
                           JOIN orders o ON o.id = k.order_id
                           WHERE o.customer_id = referrals.customer_id)"
    )
    .execute(&mut *tx)
    .await?;
    let payouts = sqlx::query!(
        "INSERT INTO payouts (referrer_id, stars, method, note, actor, actor_name, created_at)
         SELECT referrer_id, sum(millistars) / 2000,
                CASE WHEN referrer_id % 2 = 0 THEN 'credit' ELSE 'outside' END,
                CASE WHEN referrer_id % 2 = 0 THEN '' ELSE 'gift card' END, 'operator', 'merchant', ?1
         FROM commissions WHERE available_at <= ?1
         GROUP BY referrer_id HAVING referrer_id % 3 = 0 AND sum(millistars) >= 2000",
        at
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(SeededReferrals {
        referred,
        commissions: earned + reversed,
        payouts,
    })
}
