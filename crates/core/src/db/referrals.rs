//! referrals, commissions, payouts: who brought whom, what they earned (in thousandths of a
//! Star), what the merchant paid them, and the store credit that payouts became.

use sqlx::SqliteExecutor;

use crate::{
    audit::Who,
    error::Result,
    referrals::{LedgerLine, Payout, PayoutMethod, Referrer},
};

pub async fn code_of(db: impl SqliteExecutor<'_>, customer_id: i64) -> Result<Option<String>> {
    let code = sqlx::query_scalar!(
        "SELECT referral_code FROM customers WHERE id = ?",
        customer_id
    )
    .fetch_optional(db)
    .await?;
    Ok(code.flatten())
}

/// Gives a customer their code unless they have one; false when the code is taken (or the
/// customer had one already).
pub async fn set_code(db: impl SqliteExecutor<'_>, customer_id: i64, code: &str) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE OR IGNORE customers SET referral_code = ? WHERE id = ? AND referral_code IS NULL",
        code,
        customer_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn by_code(db: impl SqliteExecutor<'_>, code: &str) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        r#"SELECT id as "id!" FROM customers WHERE referral_code = ?"#,
        code
    )
    .fetch_optional(db)
    .await?;
    Ok(id)
}

/// Ties a customer to their referrer; false when they had one already (the first link wins).
pub async fn attribute(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    referrer_id: i64,
    at: i64,
    ends_at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO referrals (customer_id, referrer_id, created_at, ends_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (customer_id) DO NOTHING",
        customer_id,
        referrer_id,
        at,
        ends_at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct Referral {
    pub referrer_id: i64,
    pub created_at: i64,
    pub ends_at: i64,
}

pub async fn of_customer(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
) -> Result<Option<Referral>> {
    let row = sqlx::query_as!(
        Referral,
        "SELECT referrer_id, created_at, ends_at FROM referrals WHERE customer_id = ?",
        customer_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row)
}

pub struct NewCommission {
    pub referrer_id: i64,
    pub order_id: i64,
    pub millistars: i64,
    pub percent: i64,
    pub available_at: i64,
}

/// An order's commission, once; false when the order has one already.
pub async fn insert_commission(
    db: impl SqliteExecutor<'_>,
    c: &NewCommission,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "INSERT INTO commissions (referrer_id, order_id, kind, millistars, percent, available_at, created_at)
         VALUES (?, ?, 'earned', ?, ?, ?, ?) ON CONFLICT (order_id, kind) DO NOTHING",
        c.referrer_id,
        c.order_id,
        c.millistars,
        c.percent,
        c.available_at,
        at
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Reverses an order's commission with a negative line, once. A commission still on hold is
/// reversed on the same date (it never becomes available); one available already, now.
/// Returns the referrer and the thousandths taken back.
pub async fn reverse(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    at: i64,
) -> Result<Option<(i64, i64)>> {
    let row = sqlx::query!(
        r#"INSERT INTO commissions (referrer_id, order_id, kind, millistars, percent, available_at, created_at)
           SELECT referrer_id, order_id, 'reversed', -millistars, percent, max(available_at, ?), ?
           FROM commissions WHERE order_id = ? AND kind = 'earned' AND millistars > 0
           ON CONFLICT (order_id, kind) DO NOTHING
           RETURNING referrer_id as "referrer_id!", millistars as "millistars!""#,
        at,
        at,
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.referrer_id, -r.millistars)))
}

/// A referrer's figures, `now` deciding what is still on hold.
pub async fn referrer(
    db: impl SqliteExecutor<'_>,
    referrer_id: i64,
    now: i64,
) -> Result<Option<Referrer>> {
    let row = sqlx::query!(
        r#"SELECT c.id as "id!", c.first_name, c.username, c.referral_code,
              (SELECT count(*) FROM referrals r WHERE r.referrer_id = c.id) as "invited!: i64",
              (SELECT count(*) FROM referrals r WHERE r.referrer_id = c.id AND r.orders > 0) as "buyers!: i64",
              (SELECT coalesce(sum(r.stars), 0) FROM referrals r WHERE r.referrer_id = c.id) as "revenue!: i64",
              (SELECT coalesce(sum(r.millistars), 0) FROM referrals r WHERE r.referrer_id = c.id) as "earned!: i64",
              (SELECT coalesce(sum(k.millistars), 0) FROM commissions k
                 WHERE k.referrer_id = c.id AND k.available_at > ?) as "pending!: i64",
              (SELECT coalesce(sum(p.stars), 0) FROM payouts p WHERE p.referrer_id = c.id) as "paid!: i64",
              (SELECT coalesce(sum(p.stars), 0) FROM payouts p WHERE p.referrer_id = c.id AND p.method = 'credit') as "credited!: i64",
              (SELECT coalesce(sum(o.credit_stars), 0) FROM orders o
                 WHERE o.customer_id = c.id AND o.credit_stars > 0 AND o.status <> 'refunded') as "credit_used!: i64"
           FROM customers c WHERE c.id = ?"#,
        now,
        referrer_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        Referrer::new(
            r.id,
            r.first_name,
            r.username,
            r.referral_code,
            [r.invited, r.buyers, r.revenue],
            [r.earned, r.pending],
            [r.paid, r.credited, r.credit_used],
        )
    }))
}

/// Everyone who invited someone or earned something, most commission first.
pub async fn referrers(db: impl SqliteExecutor<'_>, now: i64, limit: i64) -> Result<Vec<Referrer>> {
    let rows = sqlx::query!(
        // A commission or a payout is always a referrer's who brought someone.
        r#"WITH who AS (SELECT DISTINCT referrer_id AS id FROM referrals)
           SELECT c.id as "id!", c.first_name, c.username, c.referral_code,
              (SELECT count(*) FROM referrals r WHERE r.referrer_id = c.id) as "invited!: i64",
              (SELECT count(*) FROM referrals r WHERE r.referrer_id = c.id AND r.orders > 0) as "buyers!: i64",
              (SELECT coalesce(sum(r.stars), 0) FROM referrals r WHERE r.referrer_id = c.id) as "revenue!: i64",
              (SELECT coalesce(sum(r.millistars), 0) FROM referrals r WHERE r.referrer_id = c.id) as "earned!: i64",
              (SELECT coalesce(sum(k.millistars), 0) FROM commissions k
                 WHERE k.referrer_id = c.id AND k.available_at > ?) as "pending!: i64",
              (SELECT coalesce(sum(p.stars), 0) FROM payouts p WHERE p.referrer_id = c.id) as "paid!: i64",
              (SELECT coalesce(sum(p.stars), 0) FROM payouts p WHERE p.referrer_id = c.id AND p.method = 'credit') as "credited!: i64",
              (SELECT coalesce(sum(o.credit_stars), 0) FROM orders o
                 WHERE o.customer_id = c.id AND o.credit_stars > 0 AND o.status <> 'refunded') as "credit_used!: i64"
           FROM customers c JOIN who ON who.id = c.id
           ORDER BY "earned!: i64" DESC, c.id LIMIT ?"#,
        now,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            Referrer::new(
                r.id,
                r.first_name,
                r.username,
                r.referral_code,
                [r.invited, r.buyers, r.revenue],
                [r.earned, r.pending],
                [r.paid, r.credited, r.credit_used],
            )
        })
        .collect())
}

/// Store credit a customer may still spend: credited payouts, less what orders took (a refunded
/// order gives its credit back), less what live invoices keep (`except` the one being checked).
pub async fn credit_left(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    now: i64,
    except: &str,
) -> Result<i64> {
    let left = sqlx::query_scalar!(
        r#"SELECT (SELECT coalesce(sum(stars), 0) FROM payouts WHERE referrer_id = ?1 AND method = 'credit')
              - (SELECT coalesce(sum(credit_stars), 0) FROM orders
                   WHERE customer_id = ?1 AND credit_stars > 0 AND status <> 'refunded')
              - (SELECT coalesce(sum(credit), 0) FROM checkout_holds
                   WHERE customer_id = ?1 AND state = 'active' AND expires_at > ?2 AND credit > 0 AND nonce <> ?3)
           as "left!: i64""#,
        customer_id,
        now,
        except
    )
    .fetch_one(db)
    .await?;
    Ok(left)
}

/// A referrer's ledger, newest first: commissions, reversals and payouts.
pub async fn ledger(
    db: impl SqliteExecutor<'_>,
    referrer_id: i64,
    limit: i64,
) -> Result<Vec<LedgerLine>> {
    let rows = sqlx::query!(
        r#"SELECT * FROM (
             SELECT k.created_at as "at!: i64", k.kind as "kind!: String", k.order_id as "order_id: i64",
                    o.customer_id as "customer_id: i64", cu.first_name as "customer_name: String",
                    o.product_title as "title: String", o.stars as "order_stars: i64",
                    k.percent as "percent: i64", k.millistars as "millistars!: i64",
                    k.available_at as "available_at: i64", NULL as "note: String", NULL as "by: String"
             FROM commissions k JOIN orders o ON o.id = k.order_id JOIN customers cu ON cu.id = o.customer_id
             WHERE k.referrer_id = ?1
             UNION ALL
             SELECT p.created_at, 'payout_' || p.method, NULL, NULL, NULL, NULL, NULL, NULL,
                    -1000 * p.stars, NULL, p.note, p.actor_name
             FROM payouts p WHERE p.referrer_id = ?1)
           -- Within one second: a reversal after the payout after the commission it follows.
           ORDER BY 1 DESC, CASE "kind!: String" WHEN 'reversed' THEN 0 WHEN 'earned' THEN 2 ELSE 1 END LIMIT ?2"#,
        referrer_id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LedgerLine {
            at: r.at,
            kind: r.kind,
            order_id: r.order_id,
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            title: r.title,
            order_stars: r.order_stars,
            percent: r.percent,
            millistars: r.millistars,
            available_at: r.available_at,
            note: r.note,
            by: r.by,
        })
        .collect())
}

pub async fn insert_payout(
    db: impl SqliteExecutor<'_>,
    referrer_id: i64,
    stars: i64,
    method: PayoutMethod,
    note: &str,
    who: &Who,
    at: i64,
) -> Result<i64> {
    let method = method.as_str();
    let actor = who.actor.as_str();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO payouts (referrer_id, stars, method, note, actor, actor_name, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id as "id!""#,
        referrer_id,
        stars,
        method,
        note,
        actor,
        who.name,
        at
    )
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// The latest payouts, newest first.
pub async fn payouts(db: impl SqliteExecutor<'_>, limit: i64) -> Result<Vec<Payout>> {
    let rows = sqlx::query!(
        r#"SELECT p.id as "id!", p.referrer_id, c.first_name, p.stars, p.method, p.note,
                  p.actor_name, p.created_at
           FROM payouts p JOIN customers c ON c.id = p.referrer_id
           ORDER BY p.id DESC LIMIT ?"#,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Payout {
            id: r.id,
            referrer_id: r.referrer_id,
            referrer_name: r.first_name,
            stars: r.stars,
            method: PayoutMethod::parse(&r.method).unwrap_or(PayoutMethod::Outside),
            note: r.note,
            by: r.actor_name,
            at: r.created_at,
        })
        .collect())
}

/// Who a referrer brought: each referred customer with what they spent.
pub async fn invited(
    db: impl SqliteExecutor<'_>,
    referrer_id: i64,
    limit: i64,
) -> Result<Vec<(i64, String, i64, i64, i64)>> {
    let rows = sqlx::query!(
        r#"SELECT r.customer_id as "id!", c.first_name, r.created_at,
              r.orders as "orders!: i64", r.stars as "stars!: i64"
           FROM referrals r JOIN customers c ON c.id = r.customer_id
           WHERE r.referrer_id = ? ORDER BY r.created_at DESC LIMIT ?"#,
        referrer_id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, r.first_name, r.created_at, r.orders, r.stars))
        .collect())
}

/// A product's or a plan's own commission rate, if it has one.
pub async fn item_percent(
    db: impl SqliteExecutor<'_>,
    product_id: Option<i64>,
    plan_id: Option<i64>,
) -> Result<Option<i64>> {
    let percent = sqlx::query_scalar!(
        r#"SELECT referral_percent as "p: i64" FROM products WHERE id = ?1 AND ?1 IS NOT NULL
           UNION ALL
           SELECT referral_percent FROM plans WHERE id = ?2 AND ?2 IS NOT NULL"#,
        product_id,
        plan_id
    )
    .fetch_optional(db)
    .await?;
    Ok(percent.flatten())
}

pub async fn set_product_percent(
    db: impl SqliteExecutor<'_>,
    product_id: i64,
    percent: Option<i64>,
) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE products SET referral_percent = ? WHERE id = ?",
        percent,
        product_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_plan_percent(
    db: impl SqliteExecutor<'_>,
    plan_id: i64,
    percent: Option<i64>,
) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE plans SET referral_percent = ? WHERE id = ?",
        percent,
        plan_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every product and plan with a rate of its own: (product id, plan id, title, percent).
pub async fn overrides(
    db: impl SqliteExecutor<'_>,
) -> Result<Vec<(Option<i64>, Option<i64>, String, i64)>> {
    let rows = sqlx::query!(
        r#"SELECT id as "product_id: i64", NULL as "plan_id: i64", title as "title!: String",
                  referral_percent as "percent!: i64"
           FROM products WHERE referral_percent IS NOT NULL
           UNION ALL
           SELECT NULL, id, title, referral_percent FROM plans WHERE referral_percent IS NOT NULL
           ORDER BY 3"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.product_id, r.plan_id, r.title, r.percent))
        .collect())
}

/// An order's commission not yet reversed: the referrer's name and the thousandths.
pub async fn commission_of(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
) -> Result<Option<(String, i64)>> {
    let row = sqlx::query!(
        r#"SELECT c.first_name, k.millistars FROM commissions k JOIN customers c ON c.id = k.referrer_id
           WHERE k.order_id = ?1 AND k.kind = 'earned' AND k.millistars > 0
             AND NOT EXISTS (SELECT 1 FROM commissions r WHERE r.order_id = ?1 AND r.kind = 'reversed')"#,
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.first_name, r.millistars)))
}

/// Moves a referred customer's running totals (orders, Stars paid, commission earned); nothing
/// for a customer no one referred.
pub async fn add_to_totals(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    orders: i64,
    stars: i64,
    millistars: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE referrals SET orders = orders + ?, stars = stars + ?, millistars = millistars + ?
         WHERE customer_id = ?",
        orders,
        stars,
        millistars,
        customer_id
    )
    .execute(db)
    .await?;
    Ok(())
}
