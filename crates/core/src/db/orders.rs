//! orders: one per Telegram payment (keyed by its charge id), and the merchant's list of them.

use sqlx::{QueryBuilder, Row as _, Sqlite, SqliteExecutor, sqlite::SqliteRow};

use crate::{
    error::Result,
    order_list::{DeliveryEntry, MAX_PAGE, OrderQuery, OrderRow, OrderSort, Plan, Search},
    orders::{Order, Status},
};

struct Row {
    id: i64,
    charge_id: String,
    customer_id: i64,
    product_id: Option<i64>,
    product_title: String,
    stars: i64,
    status: String,
    recovered: i64,
    refund_reason: Option<String>,
    created_at: i64,
    delivered_at: Option<i64>,
    refunded_at: Option<i64>,
}

impl TryFrom<Row> for Order {
    type Error = crate::Error;

    fn try_from(r: Row) -> Result<Order> {
        Ok(Order {
            id: r.id,
            charge_id: r.charge_id,
            customer_id: r.customer_id,
            product_id: r.product_id,
            product_title: r.product_title,
            stars: r.stars,
            status: Status::parse(&r.status)?,
            recovered: r.recovered == 1,
            refund_reason: r.refund_reason,
            created_at: r.created_at,
            delivered_at: r.delivered_at,
            refunded_at: r.refunded_at,
        })
    }
}

pub async fn get(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<Order>> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id as "id!", charge_id, customer_id, product_id, product_title, stars, status,
              recovered, refund_reason, created_at, delivered_at, refunded_at
           FROM orders WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(Order::try_from).transpose()
}

pub async fn by_charge(db: impl SqliteExecutor<'_>, charge_id: &str) -> Result<Option<Order>> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id as "id!", charge_id, customer_id, product_id, product_title, stars, status,
              recovered, refund_reason, created_at, delivered_at, refunded_at
           FROM orders WHERE charge_id = ?"#,
        charge_id
    )
    .fetch_optional(db)
    .await?;
    row.map(Order::try_from).transpose()
}

/// A customer's latest orders, newest first.
pub async fn of_customer(
    db: impl SqliteExecutor<'_>,
    customer_id: i64,
    limit: i64,
) -> Result<Vec<Order>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT id as "id!", charge_id, customer_id, product_id, product_title, stars, status,
              recovered, refund_reason, created_at, delivered_at, refunded_at
           FROM orders WHERE customer_id = ? ORDER BY id DESC LIMIT ?"#,
        customer_id,
        limit
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Order::try_from).collect()
}

pub struct NewOrder<'a> {
    pub charge_id: &'a str,
    pub provider_charge_id: Option<&'a str>,
    pub customer_id: i64,
    pub product_id: Option<i64>,
    pub product_title: &'a str,
    pub stars: i64,
    pub payload: &'a str,
    pub recovered: bool,
}

/// Inserts a paid order; `None` when an order with this charge id exists already.
pub fn insert_paid(db: &rusqlite::Connection, o: &NewOrder<'_>, at: i64) -> Result<Option<i64>> {
    let recovered = i64::from(o.recovered);
    let id = fetch_direct!(
        db,
        r#"INSERT INTO orders (charge_id, provider_charge_id, customer_id, product_id, product_title,
               stars, payload, status, recovered, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'paid', ?, ?)
           ON CONFLICT (charge_id) DO NOTHING RETURNING id as "id!""#,
        o.charge_id,
        o.provider_charge_id,
        o.customer_id,
        o.product_id,
        o.product_title,
        o.stars,
        o.payload,
        recovered,
        at
        => |id| id
    )?;
    Ok(id)
}

/// Gives an order its code, which marks the code sold (a trigger); returns the code, which the
/// order's goods message carries.
pub async fn set_code(db: impl SqliteExecutor<'_>, order_id: i64, code_id: i64) -> Result<String> {
    let code = sqlx::query_scalar!(
        r#"UPDATE orders SET code_id = ?1 WHERE id = ?2
           RETURNING (SELECT code FROM codes WHERE id = ?1) as "code!: String""#,
        code_id,
        order_id
    )
    .fetch_one(db)
    .await?;
    Ok(code)
}

/// An order for several units (a code product bought in quantity).
pub async fn set_quantity(db: impl SqliteExecutor<'_>, order_id: i64, quantity: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE orders SET quantity = ? WHERE id = ?",
        quantity,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The store credit an order took, in whole Stars.
pub async fn set_credit(db: impl SqliteExecutor<'_>, order_id: i64, credit: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE orders SET credit_stars = ? WHERE id = ?",
        credit,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Why the order is owed a refund (nothing could be delivered).
pub async fn set_refund_reason(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    reason: &str,
) -> Result<()> {
    sqlx::query!(
        "UPDATE orders SET refund_reason = ? WHERE id = ?",
        reason,
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn mark_failed(db: impl SqliteExecutor<'_>, order_id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE orders SET status = 'failed' WHERE id = ? AND status = 'paid'",
        order_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// True when this call turned the order refunded.
pub async fn mark_refunded(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
    reason: &str,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE orders SET status = 'refunded', refunded_at = ?, refund_reason = coalesce(refund_reason, ?)
         WHERE id = ? AND status != 'refunded'",
        at,
        reason,
        order_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn provider_charge_id(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
) -> Result<Option<String>> {
    let id = sqlx::query_scalar!(
        "SELECT provider_charge_id FROM orders WHERE id = ?",
        order_id
    )
    .fetch_optional(db)
    .await?;
    Ok(id.flatten())
}

pub async fn count_all(db: impl SqliteExecutor<'_>) -> Result<i64> {
    let n = sqlx::query_scalar!(r#"SELECT count(*) as "n!: i64" FROM orders"#)
        .fetch_one(db)
        .await?;
    Ok(n)
}

/// Orders since `since`: how many, Stars not refunded, how many refunded.
pub async fn since(db: impl SqliteExecutor<'_>, since: i64) -> Result<(i64, i64, i64)> {
    let r = sqlx::query!(
        r#"SELECT count(*) as "orders!: i64",
              coalesce(sum(CASE WHEN status != 'refunded' THEN stars ELSE 0 END), 0) as "stars!: i64",
              coalesce(sum(status = 'refunded'), 0) as "refunds!: i64"
           FROM orders WHERE created_at >= ?"#,
        since
    )
    .fetch_one(db)
    .await?;
    Ok((r.orders, r.stars, r.refunds))
}

pub async fn deliveries_of(
    db: impl SqliteExecutor<'_>,
    order_id: i64,
) -> Result<Vec<DeliveryEntry>> {
    let rows = sqlx::query_as!(
        DeliveryEntry,
        r#"SELECT id as "id!", kind, state, attempts, last_error, created_at, sent_at,
                  asked_actor, asked_by
           FROM deliveries WHERE order_id = ? ORDER BY id"#,
        order_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// The WHERE clause shared by a page and its count. Built rather than written as one static
/// `query!` with `(? IS NULL OR …)` terms: SQLite plans a statement once, so an optional term
/// would hide every index from it, and over a million orders that is the difference between a
/// few milliseconds and a full scan. Every value is still bound, never spliced in.
pub(super) fn push_filter(
    qb: &mut QueryBuilder<Sqlite>,
    q: &OrderQuery,
    search: &Option<Search>,
    plan: Plan,
) {
    qb.push(" WHERE 1 = 1");
    if let Some(status) = q.status {
        qb.push(" AND o.status = ").push_bind(status.as_str());
    }
    if let Some(product) = q.product_id {
        qb.push(" AND o.product_id = ").push_bind(product);
    }
    if let Some(from) = q.from {
        qb.push(" AND o.created_at >= ").push_bind(from);
    }
    if let Some(to) = q.to {
        qb.push(" AND o.created_at < ").push_bind(to);
    }
    let Some(search) = search else {
        return;
    };
    // Unary `+` keeps SQLite from driving the broad search through the customer and product
    // indexes; see `Plan`. Only the terms the search has are written: a term that can match
    // nothing would still cost the others their index.
    let by = if plan == Plan::Broad { "+o." } else { "o." };
    qb.push(" AND (");
    let mut or = "";
    if let Some(n) = search.number {
        qb.push("o.id = ")
            .push_bind(n)
            .push(format!(" OR {by}customer_id = "))
            .push_bind(n);
        or = " OR ";
    }
    if let Some(prefix) = &search.charge_prefix {
        // A charge id's start is a range on its unique index.
        let end = format!("{prefix}\u{10FFFF}");
        qb.push(or)
            .push("(o.charge_id >= ")
            .push_bind(prefix.clone())
            .push(" AND o.charge_id < ")
            .push_bind(end)
            .push(")");
        or = " OR ";
    }
    if let Some(name) = &search.name {
        qb.push(or).push(format!(
            "{by}customer_id IN (SELECT c2.id FROM customers c2 WHERE "
        ));
        super::customers::push_named(qb, "c2", name);
        qb.push(")");
        or = " OR ";
        if !search.products.is_empty() {
            qb.push(or).push(format!("{by}product_id IN ("));
            let mut ids = qb.separated(", ");
            for id in &search.products {
                ids.push_bind(*id);
            }
            qb.push(")");
        }
    }
    if !search.code_orders.is_empty() {
        qb.push(or).push("o.id IN (");
        let mut ids = qb.separated(", ");
        for id in &search.code_orders {
            ids.push_bind(*id);
        }
        qb.push(")");
        or = " OR ";
    }
    qb.push(if or.is_empty() { "0)" } else { ")" });
}

/// The orders that delivered the code `code` (in any case).
pub async fn with_code(db: impl SqliteExecutor<'_>, code: &str) -> Result<Vec<i64>> {
    let ids = sqlx::query_scalar!(
        r#"SELECT o.id as "id!" FROM codes k JOIN orders o ON o.code_id = k.id
           WHERE k.code = ? COLLATE NOCASE"#,
        code
    )
    .fetch_all(db)
    .await?;
    Ok(ids)
}

/// How many orders bought any of `products`, counted up to `cap` (enough to choose a plan).
pub async fn count_of_products(
    db: impl SqliteExecutor<'_>,
    products: &[i64],
    cap: i64,
) -> Result<i64> {
    let mut qb =
        QueryBuilder::new("SELECT count(*) FROM (SELECT 1 FROM orders WHERE product_id IN (");
    let mut ids = qb.separated(", ");
    for id in products {
        ids.push_bind(*id);
    }
    qb.push(") LIMIT ").push_bind(cap).push(")");
    let n: i64 = qb.build_query_scalar().fetch_one(db).await?;
    Ok(n)
}

fn row(r: &SqliteRow) -> Result<OrderRow> {
    Ok(OrderRow {
        id: r.try_get("id")?,
        created_at: r.try_get("created_at")?,
        customer_id: r.try_get("customer_id")?,
        customer_name: r
            .try_get::<Option<String>, _>("customer_name")?
            .unwrap_or_default(),
        customer_username: r.try_get("customer_username")?,
        product_id: r.try_get("product_id")?,
        product_title: r.try_get("product_title")?,
        stars: r.try_get("stars")?,
        status: Status::parse(r.try_get("status")?)?,
        charge_id: r.try_get("charge_id")?,
        recovered: r.try_get::<i64, _>("recovered")? == 1,
        tip: r.try_get::<i64, _>("tip")? == 1,
    })
}

/// One page of orders. Ties sort by order number, so pages never overlap or skip.
pub async fn page(
    db: impl SqliteExecutor<'_>,
    q: &OrderQuery,
    search: &Option<Search>,
    plan: Plan,
) -> Result<Vec<OrderRow>> {
    let limit = q.limit.clamp(1, MAX_PAGE);
    let offset = q.offset.max(0);
    let dir = if q.descending { "DESC" } else { "ASC" };
    let sort_columns: &[&str] = match q.sort {
        OrderSort::Date => &["created_at", "id"],
        OrderSort::Number => &["id"],
        OrderSort::Amount => &["stars", "id"],
        OrderSort::Status => &["status", "created_at", "id"],
    };
    // A searched page sorts what the search found (unary `+` hides the sort's index), unless
    // the search is broad; see `Plan`.
    let found_first = search.is_some() && plan == Plan::Narrow;
    let order_by = |table: &str, plus: bool| {
        let terms: Vec<String> = sort_columns
            .iter()
            .map(|c| format!("{}{table}.{c} {dir}", if plus { "+" } else { "" }))
            .collect();
        format!(" ORDER BY {}", terms.join(", "))
    };
    // The page's ids come from the indexes alone (skipping a long offset reads no rows); only
    // the rows of the page are then read and joined to their customers.
    let mut qb = QueryBuilder::new(
        "SELECT o.id, o.created_at, o.customer_id, c.first_name AS customer_name, \
         c.username AS customer_username, o.product_id, o.product_title, o.stars, o.status, \
         o.charge_id, o.recovered, o.payload LIKE 't1.%' AS tip FROM (SELECT o.id FROM orders o",
    );
    push_filter(&mut qb, q, search, plan);
    qb.push(order_by("o", found_first));
    qb.push(" LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    qb.push(") AS p JOIN orders o ON o.id = p.id LEFT JOIN customers c ON c.id = o.customer_id");
    qb.push(order_by("o", false));
    let rows = qb.build().fetch_all(db).await?;
    rows.iter().map(row).collect()
}

/// How many orders match the query's filters (its sort and slice aside).
pub async fn count(
    db: impl SqliteExecutor<'_>,
    q: &OrderQuery,
    search: &Option<Search>,
) -> Result<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*) FROM orders o");
    // Counting reads every match anyway: through the customer index is always the short way.
    push_filter(&mut qb, q, search, Plan::Narrow);
    let n: i64 = qb.build_query_scalar().fetch_one(db).await?;
    Ok(n)
}
