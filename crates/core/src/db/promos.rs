//! promos, promo_items, promo_uses, applied_promos, checkout_holds: promo codes, what they
//! apply to, who used them on which order, the code each customer applied in the chat, and the
//! promo use and store credit an invoice keeps between its pre-checkout and its payment.

use sqlx::SqliteExecutor;

use crate::{
    error::Result,
    promos::{Promo, PromoUse},
};

struct Row {
    id: i64,
    code: String,
    percent_off: Option<i64>,
    stars_off: Option<i64>,
    all_items: i64,
    valid_from: Option<i64>,
    valid_until: Option<i64>,
    max_uses: Option<i64>,
    per_customer: Option<i64>,
    first_purchase_only: i64,
    batch: Option<String>,
    active: i64,
    created_at: i64,
    uses: i64,
    revenue: i64,
    discount_given: i64,
}

impl From<Row> for Promo {
    fn from(r: Row) -> Promo {
        Promo {
            id: r.id,
            code: r.code,
            percent_off: r.percent_off,
            stars_off: r.stars_off,
            all_items: r.all_items == 1,
            product_ids: Vec::new(),
            plan_ids: Vec::new(),
            valid_from: r.valid_from,
            valid_until: r.valid_until,
            max_uses: r.max_uses,
            per_customer: r.per_customer,
            first_purchase_only: r.first_purchase_only == 1,
            batch: r.batch,
            active: r.active == 1,
            created_at: r.created_at,
            uses: r.uses,
            revenue: r.revenue,
            discount_given: r.discount_given,
        }
    }
}

pub struct NewPromo<'a> {
    pub code: &'a str,
    pub percent_off: Option<i64>,
    pub stars_off: Option<i64>,
    pub all_items: bool,
    pub valid_from: Option<i64>,
    pub valid_until: Option<i64>,
    pub max_uses: Option<i64>,
    pub per_customer: Option<i64>,
    pub first_purchase_only: bool,
    pub batch: Option<&'a str>,
}

/// A new code; `None` when the code exists already (codes are unique whatever their case).
pub async fn insert(db: impl SqliteExecutor<'_>, p: &NewPromo<'_>, at: i64) -> Result<Option<i64>> {
    let all = i64::from(p.all_items);
    let first = i64::from(p.first_purchase_only);
    let id = sqlx::query_scalar!(
        r#"INSERT INTO promos (code, percent_off, stars_off, all_items, valid_from, valid_until,
               max_uses, per_customer, first_purchase_only, batch, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (code) DO NOTHING RETURNING id as "id!""#,
        p.code,
        p.percent_off,
        p.stars_off,
        all,
        p.valid_from,
        p.valid_until,
        p.max_uses,
        p.per_customer,
        first,
        p.batch,
        at,
        at
    )
    .fetch_optional(db)
    .await?;
    Ok(id)
}

pub async fn insert_item(
    db: impl SqliteExecutor<'_>,
    promo_id: i64,
    product_id: Option<i64>,
    plan_id: Option<i64>,
) -> Result<()> {
    sqlx::query!(
        "INSERT OR IGNORE INTO promo_items (promo_id, product_id, plan_id) VALUES (?, ?, ?)",
        promo_id,
        product_id,
        plan_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn items(db: impl SqliteExecutor<'_>, promo_id: i64) -> Result<(Vec<i64>, Vec<i64>)> {
    let rows = sqlx::query!(
        "SELECT product_id, plan_id FROM promo_items WHERE promo_id = ? ORDER BY rowid",
        promo_id
    )
    .fetch_all(db)
    .await?;
    Ok((
        rows.iter().filter_map(|r| r.product_id).collect(),
        rows.iter().filter_map(|r| r.plan_id).collect(),
    ))
}

/// Whether a code for chosen items covers this product or plan.
pub async fn covers(
    db: impl SqliteExecutor<'_>,
    promo_id: i64,
    product_id: Option<i64>,
    plan_id: Option<i64>,
) -> Result<bool> {
    let hit = sqlx::query_scalar!(
        r#"SELECT 1 as "one!: i64" FROM promo_items
           WHERE promo_id = ? AND (product_id = ? OR plan_id = ?) LIMIT 1"#,
        promo_id,
        product_id,
        plan_id
    )
    .fetch_optional(db)
    .await?;
    Ok(hit.is_some())
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Promo>> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT p.id as "id!", p.code, p.percent_off, p.stars_off, p.all_items, p.valid_from,
              p.valid_until, p.max_uses, p.per_customer, p.first_purchase_only, p.batch, p.active,
              p.created_at,
              (SELECT count(*) FROM promo_uses u WHERE u.promo_id = p.id) as "uses!: i64",
              (SELECT coalesce(sum(o.stars), 0) FROM promo_uses u JOIN orders o ON o.id = u.order_id
                 WHERE u.promo_id = p.id AND o.status <> 'refunded') as "revenue!: i64",
              (SELECT coalesce(sum(u.discount), 0) FROM promo_uses u WHERE u.promo_id = p.id) as "discount_given!: i64"
           FROM promos p WHERE p.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Promo::from))
}

pub async fn id_by_code(db: impl SqliteExecutor<'_>, code: &str) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(r#"SELECT id as "id!" FROM promos WHERE code = ?"#, code)
        .fetch_optional(db)
        .await?;
    Ok(id)
}

/// Every code with its uses, the Stars its orders brought and the discount it gave, newest
/// first; codes of a bulk batch with no use yet are left out past `limit`.
pub async fn list(db: impl SqliteExecutor<'_>, limit: i64) -> Result<Vec<Promo>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT p.id as "id!", p.code, p.percent_off, p.stars_off, p.all_items, p.valid_from,
              p.valid_until, p.max_uses, p.per_customer, p.first_purchase_only, p.batch, p.active,
              p.created_at,
              (SELECT count(*) FROM promo_uses u WHERE u.promo_id = p.id) as "uses!: i64",
              (SELECT coalesce(sum(o.stars), 0) FROM promo_uses u JOIN orders o ON o.id = u.order_id
                 WHERE u.promo_id = p.id AND o.status <> 'refunded') as "revenue!: i64",
              (SELECT coalesce(sum(u.discount), 0) FROM promo_uses u WHERE u.promo_id = p.id) as "discount_given!: i64"
           FROM promos p ORDER BY p.id DESC LIMIT ?"#,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Promo::from).collect())
}

/// One bulk batch's codes with their figures, in the order they were made: all of them.
pub async fn of_batch(db: impl SqliteExecutor<'_>, batch: &str) -> Result<Vec<Promo>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT p.id as "id!", p.code, p.percent_off, p.stars_off, p.all_items, p.valid_from,
              p.valid_until, p.max_uses, p.per_customer, p.first_purchase_only, p.batch, p.active,
              p.created_at,
              (SELECT count(*) FROM promo_uses u WHERE u.promo_id = p.id) as "uses!: i64",
              (SELECT coalesce(sum(o.stars), 0) FROM promo_uses u JOIN orders o ON o.id = u.order_id
                 WHERE u.promo_id = p.id AND o.status <> 'refunded') as "revenue!: i64",
              (SELECT coalesce(sum(u.discount), 0) FROM promo_uses u WHERE u.promo_id = p.id) as "discount_given!: i64"
           FROM promos p WHERE p.batch = ? ORDER BY p.id"#,
        batch
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Promo::from).collect())
}

/// The codes of one bulk batch, in the order they were made.
pub async fn batch_codes(db: impl SqliteExecutor<'_>, batch: &str) -> Result<Vec<String>> {
    let codes = sqlx::query_scalar!("SELECT code FROM promos WHERE batch = ? ORDER BY id", batch)
        .fetch_all(db)
        .await?;
    Ok(codes)
}

pub async fn set_active(
    db: impl SqliteExecutor<'_>,
    id: i64,
    active: bool,
    at: i64,
) -> Result<bool> {
    let a = i64::from(active);
    let done = sqlx::query!(
        "UPDATE promos SET active = ?, updated_at = ? WHERE id = ? AND active <> ?",
        a,
        at,
        id,
        a
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Uses of a code, all customers and this customer: those paid, and those live invoices keep
/// (`except` the invoice being checked).
pub async fn taken(
    db: impl SqliteExecutor<'_>,
    promo_id: i64,
    customer_id: i64,
    now: i64,
    except: &str,
) -> Result<(i64, i64)> {
    let row = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM promo_uses WHERE promo_id = ?1)
             + (SELECT count(*) FROM checkout_holds
                  WHERE promo_id = ?1 AND state = 'active' AND expires_at > ?3 AND nonce <> ?4) as "all!: i64",
             (SELECT count(*) FROM promo_uses WHERE promo_id = ?1 AND customer_id = ?2)
             + (SELECT count(*) FROM checkout_holds
                  WHERE promo_id = ?1 AND customer_id = ?2 AND state = 'active' AND expires_at > ?3
                    AND nonce <> ?4) as "mine!: i64""#,
        promo_id,
        customer_id,
        now,
        except
    )
    .fetch_one(db)
    .await?;
    Ok((row.all, row.mine))
}

/// Whether the customer has paid for anything (a refunded order counts: it was a purchase).
pub async fn has_bought(db: impl SqliteExecutor<'_>, customer_id: i64) -> Result<bool> {
    let hit = sqlx::query_scalar!(
        r#"SELECT 1 as "one!: i64" FROM orders WHERE customer_id = ? LIMIT 1"#,
        customer_id
    )
    .fetch_optional(db)
    .await?;
    Ok(hit.is_some())
}

pub async fn apply(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    promo_id: i64,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO applied_promos (customer_id, promo_id, applied_at) VALUES (?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET promo_id = excluded.promo_id, applied_at = excluded.applied_at",
        customer_id,
        promo_id,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn applied(db: impl SqliteExecutor<'_>, customer_id: i64) -> Result<Option<i64>> {
    let id = sqlx::query_scalar!(
        "SELECT promo_id FROM applied_promos WHERE customer_id = ?",
        customer_id
    )
    .fetch_optional(db)
    .await?;
    Ok(id)
}

/// What a quote reads, in one statement: the code the customer applied, if any, and the store
/// credit they have left (as `referrals::credit_left` counts it, holding nothing back).
pub async fn applied_with_credit(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    now: i64,
) -> Result<(Option<i64>, i64)> {
    let row = sqlx::query!(
        r#"SELECT (SELECT promo_id FROM applied_promos WHERE customer_id = ?1) as "applied?: i64",
              (SELECT coalesce(sum(stars), 0) FROM payouts WHERE referrer_id = ?1 AND method = 'credit')
              - (SELECT coalesce(sum(credit_stars), 0) FROM orders
                   WHERE customer_id = ?1 AND credit_stars > 0 AND status <> 'refunded')
              - (SELECT coalesce(sum(credit), 0) FROM checkout_holds
                   WHERE customer_id = ?1 AND state = 'active' AND expires_at > ?2 AND credit > 0)
           as "left!: i64""#,
        customer_id,
        now
    )
    .fetch_one(db)
    .await?;
    Ok((row.applied, row.left))
}

pub async fn clear_applied(db: impl SqliteExecutor<'_>, customer_id: i64) -> Result<()> {
    sqlx::query!(
        "DELETE FROM applied_promos WHERE customer_id = ?",
        customer_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn insert_use(
    db: impl SqliteExecutor<'_>,
    promo_id: i64,
    customer_id: i64,
    order_id: i64,
    list_price: i64,
    discount: i64,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO promo_uses (promo_id, customer_id, order_id, list_price, discount, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING",
        promo_id,
        customer_id,
        order_id,
        list_price,
        discount,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The promo on an order: its code, the list price and the discount.
pub async fn of_order(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
) -> Result<Option<(String, i64, i64)>> {
    let row = sqlx::query!(
        "SELECT p.code, u.list_price, u.discount FROM promo_uses u JOIN promos p ON p.id = u.promo_id
         WHERE u.order_id = ?",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.code, r.list_price, r.discount)))
}

pub async fn uses(db: impl SqliteExecutor<'_>, promo_id: i64, limit: i64) -> Result<Vec<PromoUse>> {
    let rows = sqlx::query!(
        r#"SELECT u.order_id, u.customer_id, c.first_name, o.product_title, u.list_price, u.discount,
                  o.stars, o.status, u.created_at
           FROM promo_uses u JOIN orders o ON o.id = u.order_id JOIN customers c ON c.id = u.customer_id
           WHERE u.promo_id = ? ORDER BY u.id DESC LIMIT ?"#,
        promo_id,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PromoUse {
            order_id: r.order_id,
            customer_id: r.customer_id,
            customer_name: r.first_name,
            title: r.product_title,
            list_price: r.list_price,
            discount: r.discount,
            paid: r.stars,
            refunded: r.status == "refunded",
            at: r.created_at,
        })
        .collect())
}

// ---- what an invoice keeps between pre-checkout and payment ----

/// Keeps a promo use and store credit for an invoice (again, when its earlier hold lapsed).
pub async fn hold(
    db: impl SqliteExecutor<'_>,
    nonce: &str,
    customer_id: i64,
    promo_id: Option<i64>,
    credit: i64,
    expires_at: i64,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO checkout_holds (nonce, customer_id, promo_id, credit, state, expires_at, created_at)
         VALUES (?, ?, ?, ?, 'active', ?, ?)
         ON CONFLICT (nonce) DO UPDATE SET state = 'active', expires_at = excluded.expires_at
         WHERE checkout_holds.state <> 'converted'",
        nonce,
        customer_id,
        promo_id,
        credit,
        expires_at,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The invoice is paid: its hold becomes the sale.
pub async fn convert_hold(db: impl SqliteExecutor<'_>, nonce: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE checkout_holds SET state = 'converted' WHERE nonce = ?",
        nonce
    )
    .execute(db)
    .await?;
    Ok(())
}

// ---- "Have a promo code?" ----

pub async fn ask(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    product_id: i64,
    at: i64,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO promo_prompts (customer_id, product_id, asked_at) VALUES (?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET product_id = excluded.product_id, asked_at = excluded.asked_at",
        customer_id,
        product_id,
        at
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The product whose card asked for a code, if asked since `since`; the question is answered
/// either way.
pub async fn take_prompt(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    since: i64,
) -> Result<Option<i64>> {
    let row = sqlx::query!(
        "DELETE FROM promo_prompts WHERE customer_id = ? RETURNING product_id, asked_at",
        customer_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row
        .filter(|r| r.asked_at >= since)
        .and_then(|r| r.product_id))
}

/// What made an order's price besides what Telegram charged: the promo code and its discount,
/// and the store credit taken.
pub async fn pricing(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
) -> Result<(Option<(String, i64)>, i64)> {
    let row = sqlx::query!(
        r#"SELECT o.credit_stars, p.code as "code?: String", u.discount as "discount?: i64"
           FROM orders o LEFT JOIN promo_uses u ON u.order_id = o.id
           LEFT JOIN promos p ON p.id = u.promo_id WHERE o.id = ?"#,
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map_or((None, 0), |r| (r.code.zip(r.discount), r.credit_stars)))
}
